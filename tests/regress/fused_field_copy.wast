;; Fusions of the second tuning round (see bench/README.md):
;; - i32/i64_load_field: a load at base + ((x >> s) & m) (+ offset), the
;;   sum wrapping at 32 bits before the offset is added, traps included;
;; - copy3/copy4: runs of local moves keep their order (a rotation reads
;;   values the same run overwrites), copy_br_if/copy_br_unless;
;; - ret1: a single result returned from any depth.
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (data (i32.const 65528) "\f1\f2\f3\f4\f5\f6\f7\f8")
  (func (export "f64") (param $base i32) (param $ins i32) (result i64)
    (i64.load (i32.add (local.get $base)
      (i32.and (i32.shr_u (local.get $ins) (i32.const 5)) (i32.const 0x7f8)))))
  (func (export "f32") (param $base i32) (param $ins i32) (result i32)
    ;; the field first, the base second, with an offset
    (i32.load offset=4 (i32.add
      (i32.and (i32.shr_u (local.get $ins) (i32.const 8)) (i32.const 0xfc))
      (local.get $base))))
  (func (export "f32_self") (param $ins i32) (result i32)
    ;; x + x: not a base plus a field, must stay correct
    (i32.load (i32.add
      (i32.and (i32.shr_u (local.get $ins) (i32.const 8)) (i32.const 0xfc))
      (i32.and (i32.shr_u (local.get $ins) (i32.const 8)) (i32.const 0xfc)))))
  (func (export "rot4") (param i32 i32 i32 i32) (result i32)
    (local $t i32)
    ;; t = a; a = b; b = c; c = d; d = t  -> one run of moves
    (local.set $t (local.get 0))
    (local.set 0 (local.get 1))
    (local.set 1 (local.get 2))
    (local.set 2 (local.get 3))
    (local.set 3 (local.get $t))
    (i32.or (i32.or (i32.shl (local.get 0) (i32.const 24)) (i32.shl (local.get 1) (i32.const 16)))
            (i32.or (i32.shl (local.get 2) (i32.const 8)) (local.get 3))))
  (func (export "reverse") (param $l i32) (result i32)
    ;; list reverse over nodes {next} at 100, 200, 300: copy_br_if
    (local $r i32) (local $n i32)
    (i32.store (i32.const 100) (i32.const 200))
    (i32.store (i32.const 200) (i32.const 300))
    (i32.store (i32.const 300) (i32.const 0))
    (block (loop
      (local.set $n (i32.load (local.get $l)))
      (i32.store (local.get $l) (local.get $r))
      (local.set $r (local.get $l))
      (local.set $l (local.get $n))
      (br_if 0 (local.get $l))))
    (local.get $r))
  (func (export "ifcopy") (param $a i32) (param $c i32) (result i32)
    (local $b i32)
    (local.set $b (local.get $a))
    (if (result i32) (local.get $c) (then (local.get $b)) (else (i32.const -1))))
  (func $depth (param i32) (result i64)
    (if (i32.eqz (local.get 0)) (then (return (i64.const 42))))
    (call $depth (i32.sub (local.get 0) (i32.const 1))))
  (func (export "depth") (param i32) (result i64) (call $depth (local.get 0)))
)
(assert_return (invoke "f64" (i32.const 0) (i32.const 0x100)) (i64.const 0x100f0e0d0c0b0a09))
(assert_return (invoke "f64" (i32.const 63488) (i32.const 0xffffff00)) (i64.const 0xf8f7f6f5f4f3f2f1))
(assert_return (invoke "f64" (i32.const -8) (i32.const 0x100)) (i64.const 0x0807060504030201))
(assert_trap (invoke "f64" (i32.const 65529) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "f64" (i32.const 0x7fffffff) (i32.const 0xffffffff)) "out of bounds memory access")
(assert_return (invoke "f32" (i32.const 0) (i32.const 0x400)) (i32.const 0x0c0b0a09))
(assert_return (invoke "f32" (i32.const -8) (i32.const 0x800)) (i32.const 0x08070605))
(assert_trap (invoke "f32" (i32.const 65530) (i32.const 0x100)) "out of bounds memory access")
(assert_return (invoke "f32_self" (i32.const 0x400)) (i32.const 0x0c0b0a09))
(assert_return (invoke "rot4" (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)) (i32.const 0x02030401))
(assert_return (invoke "reverse" (i32.const 100)) (i32.const 300))
(assert_return (invoke "f32" (i32.const 296) (i32.const 0)) (i32.const 200))
(assert_return (invoke "ifcopy" (i32.const 5) (i32.const 1)) (i32.const 5))
(assert_return (invoke "ifcopy" (i32.const 5) (i32.const 0)) (i32.const -1))
(assert_return (invoke "depth" (i32.const 0)) (i64.const 42))
(assert_return (invoke "depth" (i32.const 1000)) (i64.const 42))
;; NAME_idx: loads at base + (x << s), the sum wrapping at 32 bits.
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (data (i32.const 65528) "\f1\f2\f3\f4\f5\f6\f7\f8")
  (func (export "idx32") (param $a i32) (param $i i32) (result i32)
    (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "idx16s") (param $a i32) (param $i i32) (result i32)
    (i32.load16_s offset=2 (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 1)))))
  (func (export "idx64") (param $a i32) (param $i i32) (result i64)
    (i64.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 35)))))
  (func (export "idx8first") (param $a i32) (param $i i32) (result i32)
    (i32.load8_u (i32.add (i32.shl (local.get $i) (i32.const 0)) (local.get $a))))
)
(assert_return (invoke "idx32" (i32.const 0) (i32.const 1)) (i32.const 0x08070605))
(assert_return (invoke "idx32" (i32.const 8) (i32.const 0x40000000)) (i32.const 0x0c0b0a09))
(assert_return (invoke "idx32" (i32.const 65528) (i32.const 1)) (i32.const 0xf8f7f6f5))
(assert_trap (invoke "idx32" (i32.const 65529) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "idx16s" (i32.const 65528) (i32.const 2)) (i32.const 0xfffff8f7))
(assert_trap (invoke "idx16s" (i32.const 65528) (i32.const 3)) "out of bounds memory access")
(assert_return (invoke "idx64" (i32.const 0) (i32.const 1)) (i64.const 0x100f0e0d0c0b0a09))
(assert_return (invoke "idx8first" (i32.const 2) (i32.const 3)) (i32.const 6))
;; i32_add_imm_br_if_ne[_imm]: `i += k; if (i != n) continue`, the sum
;; kept in the local; n a local, a constant (either side) or i itself.
(module
  (func (export "count_imm") (param $k i32) (result i32) (local $i i32) (local $c i32)
    (loop
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if 0 (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 40))))
    (i32.add (i32.mul (local.get $c) (i32.const 1000)) (local.get $i)))
  (func (export "count_local") (param $n i32) (result i32) (local $i i32) (local $c i32)
    (loop
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if 0 (i32.ne (local.get $n) (local.tee $i (i32.add (local.get $i) (i32.const -1))))))
    (i32.add (i32.mul (local.get $c) (i32.const 1000)) (i32.sub (i32.const 0) (local.get $i))))
  (func (export "const_first") (result i32) (local $i i32)
    (loop (br_if 0 (i32.ne (i32.const 7) (local.tee $i (i32.add (local.get $i) (i32.const 1))))))
    (local.get $i))
  (func (export "self") (result i32) (local $i i32)
    ;; i != i never holds: falls through once
    (loop (br_if 0 (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 3))) (local.get $i))))
    (local.get $i))
  (func (export "wrap") (result i32) (local $i i32)
    (local.set $i (i32.const -6))
    (loop (br_if 0 (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 2))) (i32.const 0))))
    (local.get $i))
)
(assert_return (invoke "count_imm" (i32.const 0)) (i32.const 10040))
(assert_return (invoke "count_local" (i32.const -5)) (i32.const 5005))
(assert_return (invoke "const_first") (i32.const 7))
(assert_return (invoke "self") (i32.const 3))
(assert_return (invoke "wrap") (i32.const 0))
;; br_if / if on a float compare with a constant (br_if_f64_le_imm ...):
;; NaN makes every compare but ne false.
(module
  (func (export "le") (param f64) (result i32)
    (block (br_if 0 (f64.le (local.get 0) (f64.const 4))) (return (i32.const 0)))
    (i32.const 1))
  (func (export "if_gt") (param f32) (result i32)
    (if (result i32) (f32.gt (local.get 0) (f32.const -1.5)) (then (i32.const 1)) (else (i32.const 0))))
  (func (export "ne") (param f64) (result i32)
    (block (br_if 0 (f64.ne (local.get 0) (f64.const 0))) (return (i32.const 0)))
    (i32.const 1))
  (func (export "escape") (param $cx f64) (result i32) (local $x f64) (local $n i32)
    (loop
      (local.set $x (f64.add (f64.mul (local.get $x) (local.get $x)) (local.get $cx)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if 0 (i32.and (f64.le (local.get $x) (f64.const 4)) (i32.lt_u (local.get $n) (i32.const 50)))))
    (local.get $n))
)
(assert_return (invoke "le" (f64.const 4)) (i32.const 1))
(assert_return (invoke "le" (f64.const 4.000001)) (i32.const 0))
(assert_return (invoke "le" (f64.const nan)) (i32.const 0))
(assert_return (invoke "if_gt" (f32.const -1)) (i32.const 1))
(assert_return (invoke "if_gt" (f32.const -1.5)) (i32.const 0))
(assert_return (invoke "if_gt" (f32.const nan)) (i32.const 0))
(assert_return (invoke "ne" (f64.const nan)) (i32.const 1))
(assert_return (invoke "ne" (f64.const -0)) (i32.const 0))
(assert_return (invoke "escape" (f64.const 0.25)) (i32.const 50))
(assert_return (invoke "escape" (f64.const 1)) (i32.const 3))
;; i32_load_add_imm_br_table: a bytecode VM's `x = *pc; pc += 4;
;; switch (x & 3)`, chained without a dispatch; ops: 0 halt, 1 acc += 1,
;; 2 acc *= 2, 3 acc -= 3 (each word's upper bits are ignored by the mask).
(module
  (memory 1)
  (data (i32.const 0) "\01\00\00\00\05\01\00\00\02\00\00\00\01\00\00\00\02\00\00\00\03\00\00\00\00\00\00\00")
  (func (export "vm") (param $pc i32) (result i32) (local $x i32) (local $acc i32)
    (block $halt
      (loop $next
        (block $sub
          (block $dbl
            (block $inc
              (local.set $x (i32.load (local.get $pc)))
              (local.set $pc (i32.add (local.get $pc) (i32.const 4)))
              (br_table $halt $inc $dbl $sub (i32.and (local.get $x) (i32.const 3))))
            (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
            (br $next))
          (local.set $acc (i32.mul (local.get $acc) (i32.const 2)))
          (br $next))
        (local.set $acc (i32.sub (local.get $acc) (i32.const 3)))
        (br $next)))
    (i32.add (i32.mul (local.get $acc) (i32.const 1000)) (local.get $pc)))
)
;; 1: acc 1; 0x105: 2; 2: 4; 1: 5; 2: 10; 3: 7; 0: halt with pc 28
(assert_return (invoke "vm" (i32.const 0)) (i32.const 7028))
(assert_return (invoke "vm" (i32.const 12)) (i32.const -972))
(assert_trap (invoke "vm" (i32.const 65534)) "out of bounds memory access")
;; The same VM as clang lays out a switch: the fetch first, then the case
;; blocks opened, then the mask and br_table (the chain crosses the blocks).
(module
  (memory 1)
  (data (i32.const 0) "\01\00\00\00\05\01\00\00\02\00\00\00\01\00\00\00\02\00\00\00\03\00\00\00\00\00\00\00")
  (func (export "vm") (param $pc i32) (result i32) (local $x i32) (local $acc i32)
    (block $halt
      (loop $next
        (local.set $x (i32.load (local.get $pc)))
        (local.set $pc (i32.add (local.get $pc) (i32.const 4)))
        (block $sub
          (block $dbl
            (block $inc
              (br_table $halt $inc $dbl $sub (i32.and (local.get $x) (i32.const 3))))
            (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
            (br $next))
          (local.set $acc (i32.mul (local.get $acc) (i32.const 2)))
          (br $next))
        (local.set $acc (i32.sub (local.get $acc) (i32.const 3)))
        (br $next)))
    (i32.add (i32.mul (local.get $acc) (i32.const 1000)) (local.get $pc)))
)
(assert_return (invoke "vm" (i32.const 0)) (i32.const 7028))
(assert_return (invoke "vm" (i32.const 12)) (i32.const -972))
(assert_trap (invoke "vm" (i32.const 65534)) "out of bounds memory access")
