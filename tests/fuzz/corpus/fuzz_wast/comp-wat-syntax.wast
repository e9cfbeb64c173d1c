;; Component text test: forms that run.wat does not use. check.sh encodes
;; it, has `weft inspect` decode and validate the result and, when jco is
;; there, compares it with wasm-tools' encoding (custom sections aside).
(component $outer
  ;; core types: a function type and a module type with every declaration
  (core type $ft (func (param i32 i64) (result f32)))
  (core type $mt (module
    (type $f (func (param i32)))
    (alias outer $outer $ft (type $g))
    (import "env" "f" (func (type $f)))
    (import "env" "m" (memory 1 2))
    (import "env" "t" (table 1 funcref))
    (import "env" "g" (global (mut i64)))
    (export "h" (func (type $g)))
    (export "i" (func (param f64)))))
  (import "mod" (core module $imp (type $mt)))
  (import "mod2" (core module (export "x" (func))))
  ;; value types, by name and inline
  (type $v0 (variant (case "a") (case "b" u32) (case "c" (list (tuple string char)))))
  (type $r (result (error string)))
  (import "v" (type $v (eq $v0)))   ;; functions imported take named types
  (type $r2 (result))
  (type $o (option (option bool)))
  (type $all (tuple bool s8 u8 s16 u16 s32 u32 s64 u64 f32 f64 char string))
  ;; resources: imported abstract, defined with a destructor
  (import "res" (type $ext (sub resource)))
  (core module $dt (func (export "dtor") (param i32)))
  (core instance $dti (instantiate $dt))
  (type $R (resource (rep i32) (dtor (core func $dti "dtor"))))
  (core func $rnew (canon resource.new $R))
  (core func $rrep (canon resource.rep $R))
  (canon resource.drop $R (core func $rdrop))
  (core func (canon resource.drop $ext))
  ;; component and instance types
  (type $it (instance
    (type $u u32)
    (export "ty" (type $t (sub resource)))
    (export "f" (func (param "x" (own $t)) (result $u)))
    (core type (module))
    (export "g" (func (param "a" $u)))))
  (type $ct (component
    (import "i" (instance $i (type $it)))
    (alias export $i "ty" (type $ty))
    (import "h" (func (param "h" (borrow $ty))))
    (export "out" (instance (type $it)))))
  (import "a:b/c" (instance $abc (type $it)))
  (import "comp" (component $cmp (type $ct)))
  (import "inline-comp" (component
    (import "x" (func))
    (export "y" (func (result string)))))
  (import "f" (func $f (param "a" $v) (result $r)))
  ;; nested component; inline import sugar
  (component $nested
    (func $g (import "f") (param "a" u32))
    (export "g" (func $g)))
  (instance $n (instantiate $nested (with "f" (func $abc "g"))))
  (instance $bag (export "a" (func $f)) (export "b" (type $v)) (export "c" (instance $n)))
  (alias export $bag "a" (func $f2))
  (core instance $cbag (export "rnew" (func $rnew)) (export "rrep" (func $rrep)))
  (export "f" (func $f2) (func (param "a" $v) (result $r)))
  (export $e "nested" (instance $n))
  (export "again" (instance $e))
  (export "m" (core module $imp))
)
