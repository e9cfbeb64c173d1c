;; error: instance 0 has no export named `x`
(component
  (import "i" (instance))
  (alias export 0 "x" (func)))
