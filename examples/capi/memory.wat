;; memory: an exported memory with a data segment, accessed from both sides.
(module
  (memory (export "mem") 1 3)
  (data (i32.const 100) "\0a\14\1e\28")
  (func (export "peek") (param $addr i32) (result i32) (i32.load8_u (local.get $addr)))
  (func (export "poke") (param $addr i32) (param $v i32)
    (i32.store8 (local.get $addr) (local.get $v)))
  (func (export "pages") (result i32) (memory.size))
  (func (export "grow") (param $d i32) (result i32) (memory.grow (local.get $d))))
