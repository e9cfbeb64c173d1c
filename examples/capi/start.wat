;; start: a start function that runs at instantiation; it traps when the
;; imported flag is set.
(module
  (import "env" "should_fail" (global i32))
  (import "env" "started" (func $started))
  (func $start
    (call $started)
    (if (global.get 0) (then (unreachable))))
  (start $start))
