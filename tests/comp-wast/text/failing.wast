;; Every assertion here is wrong or cannot run: the runner must count each
;; one as a failure (check.sh checks the count and the lines).
(component
  (core module $m
    (func (export "one") (result i32) (i32.const 1))
    (func (export "boom") (unreachable)))
  (core instance $i (instantiate $m))
  (func (export "one") (result u32) (canon lift (core func $i "one")))
  (func (export "boom") (canon lift (core func $i "boom")))
)
(assert_return (invoke "one") (u32.const 2))
(assert_return (invoke "one") (s32.const 1))
(assert_return (invoke "one"))
(assert_return (invoke "boom") )
;; a trap poisons the instance: a fresh one for what follows
(component
  (core module $m
    (func (export "one") (result i32) (i32.const 1))
    (func (export "boom") (unreachable)))
  (core instance $i (instantiate $m))
  (func (export "one") (result u32) (canon lift (core func $i "one")))
  (func (export "boom") (canon lift (core func $i "boom")))
)
(assert_trap (invoke "boom") "out of bounds")
;; a trap poisons the instance: a fresh one for what follows
(component
  (core module $m
    (func (export "one") (result i32) (i32.const 1))
    (func (export "boom") (unreachable)))
  (core instance $i (instantiate $m))
  (func (export "one") (result u32) (canon lift (core func $i "one")))
  (func (export "boom") (canon lift (core func $i "boom")))
)
(assert_trap (invoke "one") "unreachable")
(assert_return (invoke "missing") (u32.const 1))
(assert_return (invoke "one" (u32.const 1)) (u32.const 1))
(assert_invalid (component binary "\00asm\0d\00\01\00") "valid component")
;; (passes) a valid component in assert_invalid does not become current
(assert_return (invoke "one") (u32.const 1))
(assert_unlinkable (component binary "\00asm\0d\00\01\00") "links fine")
(assert_malformed (component binary "\00asm\0d\00\01\00") "well formed")
;; A component that fails to instantiate: its invokes fail cleanly.
(component (import "unknown:pkg/iface" (instance)))
(assert_return (invoke "one") (u32.const 1))
;; A definition that fails to load: its instances and their invokes fail.
(component definition $bad binary "\00asm\0d\00\01\00\ff")
(component instance $x $bad)
(assert_return (invoke $x "one") (u32.const 1))
