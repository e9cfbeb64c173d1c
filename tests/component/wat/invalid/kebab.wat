;; error: `aBc` is not in kebab case
(component (import "aBc" (func)))
