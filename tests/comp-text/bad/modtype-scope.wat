;; error: 3:50: unknown core type $f
(component (core type $f (func))
  (core type (module (import "a" "b" (func (type $f))))))
