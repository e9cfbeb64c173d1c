;; Every canonical built-in of the async ABI that wasm-tools' text format
;; (as in the jco we test against) also spells, async function types, and
;; stream/future/error-context types in an exported function: weft must
;; encode this exactly as `jco parse` does and accept what it encoded.
;; (The `cancellable` forms wasm-tools does not know yet are in
;; forms-cancellable.wat.)
(component
  (core module $m
    (memory (export "mem") 1)
    (table (export "tbl") 2 funcref)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable)
    (func (export "f") (param i32 i32) (result i32) unreachable)
    (func (export "cb") (param i32 i32 i32) (result i32) unreachable)
    (func (export "g") (param i32))
  )
  (core instance $i (instantiate $m))
  (type $ST (stream u8))
  (type $ST0 (stream))
  (type $FT (future string))
  (type $FT0 (future))
  (type $R (resource (rep i32)))
  (type $STR (stream (own $R)))

  ;; tasks, subtasks, context, backpressure
  (canon backpressure.inc (core func $bp-inc))
  (canon backpressure.dec (core func $bp-dec))
  (canon task.return (core func $ret0))
  (canon task.return (result u32) (core func $ret1))
  (canon task.return (result string) (memory (core memory $i "mem")) string-encoding=utf16 (core func $ret-s))
  (canon task.cancel (core func $task-cancel))
  (canon context.get i32 0 (core func $ctx-get0))
  (canon context.set i32 1 (core func $ctx-set1))
  (canon subtask.cancel (core func $sub-cancel))
  (canon subtask.cancel async (core func $sub-cancel-async))
  (canon subtask.drop (core func $sub-drop))

  ;; streams and futures, with and without element types
  (canon stream.new $ST (core func $s-new))
  (canon stream.read $ST async (memory (core memory $i "mem")) (core func $s-read))
  (canon stream.write $ST (memory (core memory $i "mem")) (core func $s-write))
  (canon stream.cancel-read $ST (core func $s-cancel-r))
  (canon stream.cancel-write $ST async (core func $s-cancel-w))
  (canon stream.drop-readable $ST (core func $s-drop-r))
  (canon stream.drop-writable $ST (core func $s-drop-w))
  (canon stream.new $ST0 (core func $s0-new))
  (canon stream.read $ST0 async (core func $s0-read))
  (canon stream.write $STR async (memory (core memory $i "mem")) (core func $sr-write))
  (canon future.new $FT (core func $f-new))
  (canon future.read $FT async (memory (core memory $i "mem")) (realloc (core func $i "realloc")) (core func $f-read))
  (canon future.write $FT (memory (core memory $i "mem")) string-encoding=latin1+utf16 (core func $f-write))
  (canon future.cancel-read $FT async (core func $f-cancel-r))
  (canon future.cancel-write $FT (core func $f-cancel-w))
  (canon future.drop-readable $FT (core func $f-drop-r))
  (canon future.drop-writable $FT (core func $f-drop-w))
  (canon future.new $FT0 (core func $f0-new))
  (canon future.write $FT0 async (core func $f0-write))

  ;; error contexts
  (canon error-context.new (memory (core memory $i "mem")) (core func $e-new))
  (canon error-context.debug-message (memory (core memory $i "mem")) (realloc (core func $i "realloc")) (core func $e-msg))
  (canon error-context.drop (core func $e-drop))

  ;; waitable sets
  (canon waitable-set.new (core func $ws-new))
  (canon waitable-set.wait (memory (core memory $i "mem")) (core func $ws-wait))
  (canon waitable-set.poll (memory (core memory $i "mem")) (core func $ws-poll))
  (canon waitable-set.drop (core func $ws-drop))
  (canon waitable.join (core func $join))

  ;; cooperative threads
  (core type $thread-fn (func (param i32)))
  (canon thread.index (core func $t-index))
  (canon thread.new-indirect $thread-fn (core table $i "tbl") (core func $t-new))
  (canon thread.resume-later (core func $t-resume-later))
  (canon thread.suspend (core func $t-suspend))
  (canon thread.yield (core func $t-yield))
  (canon thread.suspend-then-resume (core func $t-s-r))
  (canon thread.yield-then-resume (core func $t-y-r))
  (canon thread.suspend-then-promote (core func $t-s-p))
  (canon thread.yield-then-promote (core func $t-y-p))

  ;; async lifts (callback and stackful) and an async lower
  (func $pipe async (param "in" (stream u8)) (param "e" error-context) (result (future string))
    (canon lift (core func $i "f") async (callback (core func $i "cb"))))
  (func $run async (param "x" u32)
    (canon lift (core func $i "g") async))
  (canon lower (func $pipe) async (memory (core memory $i "mem")) (core func $pipe-lowered))
  (export "pipe" (func $pipe))
  (export "run" (func $run))
)
