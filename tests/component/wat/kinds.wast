;; Validation errors are told from link errors (run by `weft wast`, which
;; instantiates against no host: assert_invalid wants WF_ERR_INVALID,
;; assert_unlinkable WF_ERR_LINK).

;; invalid, though nothing is ever instantiated
(assert_invalid
  (component
    (component
      (import "f" (func (type 3)))))
  "type index out of bounds")
(assert_invalid
  (component
    (import "f" (func $f (param "x" u32)))
    (component $c (import "g" (func (param "x" string))))
    (instance (instantiate $c (with "g" (func $f)))))
  "type mismatch for import `g`")
(assert_invalid
  (component (import "NotKebab" (func)))
  "not in kebab case")
;; valid, but its import is not there: a link error
(assert_unlinkable
  (component (import "wasi:nothing/here@0.2.0" (func)))
  "unknown import")
;; valid and complete
(component
  (type $m (map string u32))
  (component $c
    (type $r (resource (rep i32)))
    (export "r" (type $r)))
  (instance (instantiate $c)))
