;; Multi-memory in the text format: memory operands by name and number,
;; plain and folded forms, segment and inline forms, and bad syntax.

(module
  (memory $a 1)
  (memory $b 1)
  (memory $c 1)
  (data $d "0123456789")
  (data (memory $b) (offset (i32.const 0)) "b0")
  (data (memory 2) (i32.const 0) "c0")
  (data $act (memory $c) (offset i32.const 8) "c8")
  (func (export "plain") (result i32)
    i32.const 0
    i32.const 2
    i32.const 4
    memory.init $c $d
    i32.const 100
    i32.const 0x41
    i32.const 2
    memory.fill $b
    i32.const 200
    i32.const 100
    i32.const 2
    memory.copy $c $b
    i32.const 0
    i32.load16_u $c offset=200 align=1
    i32.const 0
    i32.load8_u 2 offset=1
    i32.add
    memory.size $c
    i32.add)
  (func (export "folded") (result i32)
    (i32.add
      (i32.load8_u 1 (i32.const 1))
      (i32.load8_u $c offset=9 align=1 (i32.const 0))))
  (func (export "mem0") (result i32) (i32.load (i32.const 0)))
  (func (export "lane") (result v128)
    (v128.load8_lane $b offset=1 align=1 0 (i32.const 0) (v128.const i64x2 0 0)))
)
;; "AA" copied from $b to $c, plus '3' (c[1], from segment $d), plus 1 page
(assert_return (invoke "plain") (i32.const 0x4175))
(assert_return (invoke "folded") (i32.const 0x68))
(assert_return (invoke "mem0") (i32.const 0))
(assert_return (invoke "lane") (v128.const i8x16 0x30 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0))

(assert_malformed (module quote "(memory $a 1) (func (drop (i32.load $nope (i32.const 0))))")
  "unknown memory")
(assert_malformed (module quote "(memory $a 1) (func (memory.copy $a (i32.const 0) (i32.const 0) (i32.const 0)))")
  "unexpected token")
(assert_malformed (module quote "(memory $a 1) (func (drop (memory.size $a $a)))")
  "unexpected token")
(assert_malformed (module quote "(memory $a 1) (func (i32.store offset=4 $a (i32.const 0) (i32.const 0)))")
  "unexpected token")
(assert_malformed (module quote "(memory $a 1) (func (drop (v128.load8_lane $a (i32.const 0) (v128.const i64x2 0 0))))")
  "malformed lane index")
(assert_malformed (module quote "(memory $a 1) (data (memory $nope) (i32.const 0) \"\")")
  "unknown memory")
(assert_invalid (module (memory 1) (func (drop (i32.load 1 (i32.const 0)))))
  "unknown memory 1")
(assert_invalid (module (memory 1) (func (memory.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0))))
  "unknown memory 1")
(assert_invalid (module (memory 1) (data (memory 1) (i32.const 0) ""))
  "unknown memory 1")
