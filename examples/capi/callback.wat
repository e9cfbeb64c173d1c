;; callback: host functions with and without an environment, called in a
;; loop, and a host function that calls back into the guest.
(module
  (import "host" "square" (func $square (param i32) (result i32)))
  (import "host" "next_id" (func $next_id (result i64)))
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  ;; sum of squares 1..n, each computed by the host
  (func (export "sum_squares") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $square (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $more)))
    (local.get $acc))
  (func (export "two_ids") (result i64)
    (i64.add (call $next_id) (i64.mul (call $next_id) (i64.const 1000))))
  ;; guest -> host -> guest (sum_squares) -> host (square)
  (func (export "via_host") (param i32) (result i32)
    (i32.add (call $reenter (local.get 0)) (i32.const 1))))
