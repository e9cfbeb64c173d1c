;; hello: the guest hands a string in its memory to a host callback.
(module
  (import "host" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from wasm!")
  (func (export "run")
    (call $print (i32.const 16) (i32.const 16))))
