;; error: import name `A` conflicts with previous name `a`
(component
  (import "a" (func))
  (import "A" (func)))
