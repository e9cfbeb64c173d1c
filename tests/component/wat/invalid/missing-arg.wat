;; error: missing import named `f`
(component
  (component $c (import "f" (func)))
  (instance (instantiate $c)))
