;; Script commands: register, named modules, get, every assertion kind.
(module $A
  (global (export "g") i32 (i32.const 42))
  (func (export "id") (param i32) (result i32) (local.get 0))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "nan64") (result f64) (f64.const -nan:0x8000000000001))
  (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func $loop (export "loop") (call $loop))
  (func (export "null") (result funcref) (ref.null func))
)
(register "A" $A)
(module $B
  (import "A" "id" (func $id (param i32) (result i32)))
  (func (export "twice") (param i32) (result i32) (call $id (i32.add (local.get 0) (local.get 0))))
)
(assert_return (invoke $B "twice" (i32.const 21)) (i32.const 42))
(assert_return (invoke $A "id" (i32.const 7)) (i32.const 7))
(assert_return (get $A "g") (i32.const 42))
(assert_return (invoke $A "nan") (f32.const nan:arithmetic))
(assert_return (invoke $A "nan64") (f64.const nan:arithmetic))
(assert_return (invoke $A "nan64") (f64.const -nan:0x8000000000001))
(assert_return (invoke $A "null") (ref.null func))
(assert_trap (invoke $A "div" (i32.const 0)) "integer divide by zero")
(assert_exhaustion (invoke $A "loop") "call stack exhausted")
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_malformed (module quote "(func (i32.add)") "unexpected end")
(assert_unlinkable (module (import "A" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "A" "g" (global i64))) "incompatible import type")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_uninstantiable (module (memory 1) (data (i32.const 70000) "x")) "out of bounds memory access")
(module binary
  "\00asm" "\01\00\00\00"
  "\01\05\01\60\00\01\7f"              ;; type: [] -> [i32]
  "\03\02\01\00"                        ;; func 0: type 0
  "\07\05\01\01\66\00\00"              ;; export "f" func 0
  "\0a\06\01\04\00\41\2a\0b"           ;; body: i32.const 42
)
(assert_return (invoke "f") (i32.const 42))
(module quote "(func (export \"q\") (result i32) (i32.const 9))")
(assert_return (invoke "q") (i32.const 9))
(assert_return (invoke "q") (either (i32.const 1) (i32.const 9)))
