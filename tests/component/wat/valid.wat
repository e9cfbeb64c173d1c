;; Component validation: forms that must be accepted at load time (each
;; also appears, with its invalid twin, in the component model's tests).
(component $C
  ;; names: interface names with semver, annotated resource functions,
  ;; implements on instances
  (import "wasi:http/types@0.2.0-rc.1+build.5" (instance))
  (import "r" (type $r (sub resource)))
  (import "[constructor]r" (func (param "x" u32) (result (own $r))))
  (import "[method]r.get" (func (param "self" (borrow $r)) (result u32)))
  (import "[static]r.make" (func (result (result (own $r) (error string)))))
  (import "store" (implements "wasi:keyvalue/store") (instance))
  (import "is-XML" (func))
  ;; types only (no lifting or lowering): map, stream, future, error-context
  (type $m (map string (list u32)))
  (type (stream u8))
  (type (future (option $m)))
  (type (list error-context))
  ;; outer aliases: types without resources cross components; declarators
  ;; may alias resources of their component
  (type $pure (record (field "x" u32)))
  (type $R (resource (rep i32)))
  (component
    (alias outer $C $pure (type))
    (alias outer $C $m (type)))
  (type (component (alias outer $C $R (type))))
  ;; a nested component never instantiated is still checked, and accepted
  (component $thread
    (import "x" (type $x (sub resource)))
    (export "y" (type $x)))
  ;; resources threaded through instantiation stay this component's own
  (instance $t (instantiate $thread (with "x" (type $R))))
  (alias export $t "y" (type $R2))
  (core func (canon resource.rep $R2))
  ;; component-typed imports with abstract resources
  (component $c1
    (import "X" (type $X (sub resource)))
    (import "f" (func $f (result (own $X))))
    (export "g" (func $f)))
  (component $c2
    (import "c1" (component
      (import "X" (type $X (sub resource)))
      (import "f" (func (result (own $X))))
      (export "g" (func (result (own $X)))))))
  (instance (instantiate $c2 (with "c1" (component $c1))))
  ;; a lift with a map parameter, memory and realloc; exported with an
  ;; ascribed type naming the exported record
  (core module $mod
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable)
    (func (export "len") (param i32 i32) (result i32) local.get 1)
    (func (export "rec") (result i32) unreachable))
  (core instance $i (instantiate $mod))
  (func (export "count") (param "m" $m) (result u32)
    (canon lift (core func $i "len") (memory (core memory $i "mem"))
      (realloc (core func $i "realloc"))))
  (export $pure' "pure" (type $pure))
  (func $rec (result $pure) (canon lift (core func $i "rec")))
  (export "rec" (func $rec) (func (result $pure')))
)
