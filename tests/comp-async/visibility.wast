;; External visibility through exported instances (found by the async
;; tests, which re-export a child's types through an inline instance).

;; An inline instance re-exports a child's record and the enum its field
;; uses; then a function whose parameter is that record is exported.
(component
  (component $D
    (core module $m (func (export "f") (param i32)))
    (core instance $i (instantiate $m))
    (type $e' (enum "a" "b"))
    (export $e "e" (type $e'))
    (type $r' (record (field "x" $e)))
    (export $r "r" (type $r'))
    (func $f (param "r" $r) (canon lift (core func $i "f")))
    (export "f" (func $f)))
  (instance $d (instantiate $D))
  (instance $types
    (export "e" (type $d "e"))
    (export "r" (type $d "r")))
  (export "types" (instance $types))
  (alias export $d "f" (func $f))
  (export "f" (func $f)))

;; Without the instance export, the function refers to a type this
;; component never named.
(assert_invalid
  (component
    (component $D
      (core module $m (func (export "f") (param i32)))
      (core instance $i (instantiate $m))
      (type $e' (enum "a" "b"))
      (export $e "e" (type $e'))
      (func $f (param "e" $e) (canon lift (core func $i "f")))
      (export "f" (func $f)))
    (instance $d (instantiate $D))
    (alias export $d "f" (func $f))
    (export "f" (func $f)))
  "func not valid to be used as export")

;; An instance exporting the record but not the enum its field uses.
(assert_invalid
  (component
    (component $D
      (type $e' (enum "a" "b"))
      (export $e "e" (type $e'))
      (type $r' (record (field "x" $e)))
      (export "r" (type $r')))
    (instance $d (instantiate $D))
    (instance $types (export "r" (type $d "r")))
    (export "types" (instance $types)))
  "instance not valid to be used as export")
