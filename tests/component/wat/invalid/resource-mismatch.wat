;; error: resource types are not the same
(component
  (import "T" (type $T (sub resource)))
  (import "U" (type $U (sub resource)))
  (import "f" (func $f (param "x" (own $U))))
  (component $c
    (import "T" (type $T (sub resource)))
    (import "g" (func (param "x" (own $T)))))
  (instance (instantiate $c (with "T" (type $T)) (with "g" (func $f)))))
