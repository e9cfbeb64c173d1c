(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory $m0 1)
  (memory $m1 1)
  (export "memory" (memory $m1))
  ;; memory 0 holds a decoy at the same addresses
  (data (memory $m0) (i32.const 0) "\10\00\00\00\07\00\00\00")
  (data (memory $m0) (i32.const 16) "wrong!\n")
  (data (memory $m1) (i32.const 0) "\10\00\00\00\0a\00\00\00")
  (data (memory $m1) (i32.const 16) "memory 1!\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 100)))))
