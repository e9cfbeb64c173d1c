;; Canonical ABI trap messages in wasmtime's wording (which the component
;; model's reference tests match): a host lifting a string, and one
;; component calling another (fused).

;; A lifted string result whose bytes are given by memory at 8.
(component definition $S
  (core module $m
    (memory (export "mem") 1)
    (func (export "set") (param i32 i32 i32)
      (i32.store (i32.const 0) (i32.const 8))
      (i32.store (i32.const 4) (local.get 2))
      (i32.store8 (i32.const 8) (local.get 0))
      (i32.store8 (i32.const 9) (local.get 1)))
    (func (export "f") (result i32) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "set") (param "a" u32) (param "b" u32) (param "n" u32) (canon lift (core func $i "set")))
  (func (export "f") (result string) (canon lift (core func $i "f") (memory (core memory $i "mem")))))

(component instance $s $S)
(invoke "set" (u32.const 0xc3) (u32.const 0) (u32.const 1))
(assert_trap (invoke "f") "incomplete utf-8 byte sequence")
(component instance $s $S)  ;; a trap poisons the instance
(invoke "set" (u32.const 0xe0) (u32.const 0) (u32.const 1))
(assert_trap (invoke "f") "incomplete utf-8 byte sequence")
(component instance $s $S)  ;; a trap poisons the instance
(invoke "set" (u32.const 0xe0) (u32.const 0xa0) (u32.const 2))
(assert_trap (invoke "f") "incomplete utf-8 byte sequence")
(component instance $s $S)  ;; a trap poisons the instance
(invoke "set" (u32.const 0xff) (u32.const 0) (u32.const 1))
(assert_trap (invoke "f") "invalid utf-8")
(component instance $s $S)  ;; a trap poisons the instance
(invoke "set" (u32.const 0xc3) (u32.const 0x41) (u32.const 2))
(assert_trap (invoke "f") "invalid utf-8")
(component instance $s $S)  ;; a trap poisons the instance
(invoke "set" (u32.const 0xc3) (u32.const 0xa9) (u32.const 2))
(assert_return (invoke "f") (str.const "é"))

;; Component to component: a string pointer out of bounds of the caller's
;; memory, once as an argument lifted by the callee's side.
(component
  (component $C
    (core module $m
      (memory (export "mem") 1)
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 16))
      (func (export "f") (param i32 i32)))
    (core instance $i (instantiate $m))
    (func (export "f") (param "s" string)
      (canon lift (core func $i "f") (memory (core memory $i "mem")) (realloc (core func $i "realloc")))))
  (component $D
    (import "f" (func $f (param "s" string)))
    (core module $mem (memory (export "mem") 1))
    (core instance $mi (instantiate $mem))
    (core func $f' (canon lower (func $f) (memory (core memory $mi "mem"))))
    (core module $main
      (import "" "f" (func $f (param i32 i32)))
      (func (export "run") (call $f (i32.const 65535) (i32.const 2))))
    (core instance $main (instantiate $main (with "" (instance (export "f" (func $f'))))))
    (func (export "run") (canon lift (core func $main "run"))))
  (instance $c (instantiate $C))
  (instance $d (instantiate $D (with "f" (func $c "f"))))
  (func (export "run") (alias export $d "run")))
(assert_trap (invoke "run") "wasm trap: string content out-of-bounds")
