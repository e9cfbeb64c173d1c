;; Component text test: a component written with much of the text grammar
;; and its sugar (outer aliases, inline exports, `(func $i "name")` and
;; `(core func $i "name")` aliases, the top-level canon form, instances
;; from exports and inline ones in `with`, canon options). Its run must
;; exit 0; a failed check exits with its number through exit-with-code.
(component $top
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))))
  (type $point (record (field "x" u32) (field "y" u32)))

  (component $callee
    (alias outer $top $point (type $pt0))
    (export $pt "point" (type $pt0))   ;; exported functions use named types
    (core module $m
      (memory (export "mem") 1)
      (global $bump (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        global.get $bump  local.tee $p  local.get 3  i32.add  global.set $bump
        local.get $p)
      (func (export "sum") (param i32 i32) (result i32) local.get 0  local.get 1  i32.add)
      ;; bytes of a string, the sum of its bytes
      (func (export "len") (param i32 i32) (result i32) local.get 1)
      (func (export "bytes") (param $p i32) (param $n i32) (result i32)
        (local $s i32)
        block $done
          loop $l
            local.get $n  i32.eqz  br_if $done
            local.get $s  local.get $p  i32.load8_u  i32.add  local.set $s
            local.get $p  i32.const 1  i32.add  local.set $p
            local.get $n  i32.const 1  i32.sub  local.set $n
            br $l
          end
        end
        local.get $s)
      ;; option<u32>: the payload, or 99 for none
      (func (export "pick") (param i32 i32) (result i32)
        local.get 0  if (result i32) local.get 1 else i32.const 99 end)
      (func (export "same") (param i32) (result i32) local.get 0))
    (core instance $i (instantiate $m))
    (alias core export $i "mem" (core memory $mem))
    (core func $realloc (alias core export $i "realloc"))
    (type $fl0 (flags "a" "b" "c"))
    (export $fl "fl" (type $fl0))
    (type $e0 (enum "zero" "one" "two"))
    (export $e "e" (type $e0))
    (func (export "sum") (param "p" $pt) (result u32) (canon lift (core func $i "sum")))
    (func $len (param "s" string) (result u32)
      (canon lift (core func $i "len") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (export "len" (func $len))
    (func (export "bytes") (param "b" (list u8)) (result u32)
      (canon lift (core func $i "bytes") (memory (core memory $i "mem"))
        (realloc (core func $i "realloc"))))
    (canon lift (core func $i "pick") (func $pick (param "o" (option u32)) (result u32)))
    (export "pick" (func $pick))
    (func (export "flagbits") (param "f" $fl) (result u32) (canon lift (core func $i "same")))
    (func (export "nth") (param "e" $e) (result u32) (canon lift (core func $i "same")))
    (func (export "ok") (param "r" (result u32 (error u8))) (result u32)
      (canon lift (core func $i "pick"))))

  (instance $c (instantiate $callee))
  (core module $libc
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 2048))
  (core instance $libc (instantiate $libc))
  (core func $exit (canon lower (func $exit "exit-with-code")))
  (core func $sum (canon lower (func $c "sum")))
  (core func $len (canon lower (func $c "len") (memory (core memory $libc "mem"))))
  (alias export $c "bytes" (func $bytes))
  (canon lower (func $bytes) (memory (core memory $libc "mem")) (core func $bytes))
  (core func $pick (canon lower (func $c "pick")))
  (core func $flagbits (canon lower (func $c "flagbits")))
  (core func $nth (canon lower (func $c "nth")))
  (core func $ok (canon lower (func $c "ok")))
  (core module $main
    (import "f" "exit" (func $exit (param i32)))
    (import "f" "sum" (func $sum (param i32 i32) (result i32)))
    (import "f" "len" (func $len (param i32 i32) (result i32)))
    (import "f" "bytes" (func $bytes (param i32 i32) (result i32)))
    (import "f" "pick" (func $pick (param i32 i32) (result i32)))
    (import "f" "flagbits" (func $flagbits (param i32) (result i32)))
    (import "f" "nth" (func $nth (param i32) (result i32)))
    (import "f" "ok" (func $ok (param i32 i32) (result i32)))
    (import "libc" "mem" (memory 1))
    (data (i32.const 16) "hello, world")
    (data (i32.const 32) "\01\02\03\04")
    (func $check (param i32 i32)
      local.get 0  i32.eqz  if local.get 1 call $exit unreachable end)
    (func (export "run") (result i32)
      i32.const 3 i32.const 4 call $sum  i32.const 7 i32.eq  i32.const 1 call $check
      i32.const 16 i32.const 12 call $len  i32.const 12 i32.eq  i32.const 2 call $check
      i32.const 32 i32.const 4 call $bytes  i32.const 10 i32.eq  i32.const 3 call $check
      i32.const 1 i32.const 5 call $pick  i32.const 5 i32.eq  i32.const 4 call $check
      i32.const 0 i32.const 0 call $pick  i32.const 99 i32.eq  i32.const 5 call $check
      i32.const 5 call $flagbits  i32.const 5 i32.eq  i32.const 6 call $check
      i32.const 2 call $nth  i32.const 2 i32.eq  i32.const 7 call $check
      ;; result<u32, u8>: ok is case 0 -> 99 from pick, error 7 -> 7
      i32.const 0 i32.const 8 call $ok  i32.const 99 i32.eq  i32.const 8 call $check
      i32.const 1 i32.const 7 call $ok  i32.const 7 i32.eq  i32.const 9 call $check
      i32.const 0))
  (core instance $main (instantiate $main
    (with "f" (instance
      (export "exit" (func $exit)) (export "sum" (func $sum)) (export "len" (func $len))
      (export "bytes" (func $bytes)) (export "pick" (func $pick))
      (export "flagbits" (func $flagbits)) (export "nth" (func $nth)) (export "ok" (func $ok))))
    (with "libc" (instance $libc))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $ri (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $ri))
)
