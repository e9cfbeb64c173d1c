;; thread-spawn in a module whose memory is its own (not an imported shared
;; one) fails with a negative result instead of giving the thread a
;; memory of its own. Exit 0 if it failed, 1 if a thread was made.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "wasi_thread_start") (param i32 i32))
  (func (export "_start")
    (if (i32.ge_s (call $spawn (i32.const 0)) (i32.const 0)) (then (call $exit (i32.const 1)))))
)
