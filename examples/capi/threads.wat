;; threads: one module, shared with several host threads.
(module
  (import "host" "report" (func $report (param i32 i32)))
  (import "host" "id" (global $id i32))
  (func (export "work") (param $n i32)
    (local $sum i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $more)))
    (call $report (global.get $id) (local.get $sum))))
