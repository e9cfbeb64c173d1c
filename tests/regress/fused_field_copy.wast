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
