;; error: duplicate import name `a:b`
(component
  (core module
    (import "a" "b" (func))
    (import "a" "b" (func))))
