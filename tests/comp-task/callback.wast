;; The callback event loop (async lifts with (callback ...)): YIELD, WAIT on
;; a waitable set, EXIT; context.get/set across callbacks; task.return's
;; value reaching the host; the packed codes the loop refuses.
(component definition $Yielder
  (core module $M
    (import "" "task.return" (func $task.return (param i32)))
    (import "" "context.get" (func $context.get (result i32)))
    (import "" "context.set" (func $context.set (param i32)))
    ;; yields n times (the count lives in context slot 0), then returns
    ;; 100 + the number of callbacks seen
    (func (export "run") (param $n i32) (result i32)
      (call $context.set (local.get $n))
      (i32.const 1 (; YIELD ;)))
    (func (export "run-cb") (param $ev i32) (param $i i32) (param $p i32) (result i32)
      (if (i32.ne (local.get $ev) (i32.const 0 (; NONE ;))) (then unreachable))
      (call $context.set (i32.sub (call $context.get) (i32.const 1)))
      (if (i32.eqz (call $context.get)) (then
        (call $task.return (i32.const 142))
        (return (i32.const 0 (; EXIT ;)))))
      (i32.const 1 (; YIELD ;)))
    (func (export "bad") (param $code i32) (result i32) (local.get $code))
    (func (export "no-return") (param i32) (result i32) (i32.const 0))
    (func (export "twice") (param i32) (result i32)
      (call $task.return (i32.const 1))
      (call $task.return (i32.const 2))
      (i32.const 0))
    (func (export "never") (param i32 i32 i32) (result i32) unreachable))
  (canon task.return (result u32) (core func $task.return))
  (canon context.get i32 0 (core func $context.get))
  (canon context.set i32 0 (core func $context.set))
  (core instance $m (instantiate $M (with "" (instance
    (export "task.return" (func $task.return))
    (export "context.get" (func $context.get))
    (export "context.set" (func $context.set))))))
  (func (export "run") async (param "n" u32) (result u32)
    (canon lift (core func $m "run") async (callback (core func $m "run-cb"))))
  (func (export "bad") async (param "code" u32) (result u32)
    (canon lift (core func $m "bad") async (callback (core func $m "never"))))
  (func (export "no-return") async (param "n" u32) (result u32)
    (canon lift (core func $m "no-return") async (callback (core func $m "never"))))
  (func (export "twice") async (param "n" u32) (result u32)
    (canon lift (core func $m "twice") async (callback (core func $m "never")))))

(component instance $y $Yielder)
(assert_return (invoke "run" (u32.const 1)) (u32.const 142))
(assert_return (invoke "run" (u32.const 5)) (u32.const 142))
(component instance $y $Yielder)
(assert_trap (invoke "bad" (u32.const 3)) "unsupported callback code")
(component instance $y $Yielder)
(assert_trap (invoke "bad" (u32.const 15)) "unsupported callback code")
(component instance $y $Yielder)
;; WAIT on handle 0: not a waitable set
(assert_trap (invoke "bad" (u32.const 2)) "unknown handle index 0")
(component instance $y $Yielder)
(assert_trap (invoke "no-return" (u32.const 0)) "async-lifted export failed to produce a result")
(assert_trap (invoke "run" (u32.const 1)) "cannot enter component instance")
(component instance $y $Yielder)
(assert_trap (invoke "twice" (u32.const 0)) "task already returned a value or was cancelled")
