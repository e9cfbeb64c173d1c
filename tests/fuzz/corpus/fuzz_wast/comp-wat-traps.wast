;; Canonical ABI traps: the inner component hands back malformed values
;; (or the outer passes bad handles); the run must trap with the ABI's
;; message, never crash. CASE (1..10) selects the check; check.sh makes one
;; component per case from this file.
(component
  (component $callee
    (core module $dtor (func (export "dtor") (param i32)))
    (core instance $d (instantiate $dtor))
    (type $R (resource (rep i32) (dtor (core func $d "dtor"))))
    (core func $rnew (canon resource.new $R))
    (core module $m
      (import "r" "new" (func $rnew (param i32) (result i32)))
      (memory (export "mem") 1)
      (data (i32.const 200) "\ff\fe")
      (data (i32.const 208) "\00\d8\41\00")
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024)
      (func (export "bad-utf8") (result i32)
        i32.const 8 i32.const 200 i32.store  i32.const 12 i32.const 2 i32.store  i32.const 8)
      (func (export "bad-disc") (result i32) i32.const 5)
      (func (export "bad-char") (result i32) i32.const 0xd800)
      (func (export "misaligned") (result i32)
        i32.const 8 i32.const 1 i32.store  i32.const 12 i32.const 2 i32.store  i32.const 8)
      (func (export "oob") (result i32)
        i32.const 8 i32.const 65530 i32.store  i32.const 12 i32.const 100 i32.store  i32.const 8)
      (func (export "bad-utf16") (result i32)
        i32.const 8 i32.const 208 i32.store  i32.const 12 i32.const 2 i32.store  i32.const 8)
      (func (export "make") (result i32) i32.const 7 call $rnew)
      (func (export "get") (param i32) (result i32) local.get 0))
    (core instance $i (instantiate $m (with "r" (instance (export "new" (func $rnew))))))
    (alias core export $i "mem" (core memory $mem))
    (alias core export $i "realloc" (core func $realloc))
    (type $v (variant (case "a") (case "b")))
    (export $vx "v" (type $v))
    (export $Rx "r" (type $R))
    (func (export "bad-utf8") (result string) (canon lift (core func $i "bad-utf8") (memory $mem)))
    (func (export "bad-disc") (result $vx) (canon lift (core func $i "bad-disc")))
    (func (export "bad-char") (result char) (canon lift (core func $i "bad-char")))
    (func (export "misaligned") (result (list u32)) (canon lift (core func $i "misaligned") (memory $mem)))
    (func (export "oob") (result string) (canon lift (core func $i "oob") (memory $mem)))
    (func (export "bad-utf16") (result string)
      (canon lift (core func $i "bad-utf16") (memory $mem) string-encoding=utf16))
    (func (export "make") (result (own $Rx)) (canon lift (core func $i "make")))
    (func (export "get") (param "r" (borrow $Rx)) (result u32) (canon lift (core func $i "get")))
  )
  (instance $c (instantiate $callee))
  (alias export $c "r" (type $R))
  ;; A third component that is lent borrows of $R and mishandles them.
  (component $keeper
    (import "r" (type $R (sub resource)))
    (core func $drop (canon resource.drop $R))
    (core module $m
      (import "x" "drop" (func $drop (param i32)))
      (func (export "forget") (param i32))
      (func (export "twice") (param i32) local.get 0 call $drop local.get 0 call $drop))
    (core instance $i (instantiate $m (with "x" (instance (export "drop" (func $drop))))))
    (func (export "forget") (param "r" (borrow $R)) (canon lift (core func $i "forget")))
    (func (export "twice") (param "r" (borrow $R)) (canon lift (core func $i "twice"))))
  (instance $k (instantiate $keeper (with "r" (type $R))))
  (core module $mm
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024))
  (core instance $mi (instantiate $mm))
  (alias core export $mi "mem" (core memory $mem))
  (alias core export $mi "realloc" (core func $realloc))
  (core func $f1 (canon lower (func $c "bad-utf8") (memory $mem) (realloc $realloc)))
  (core func $f2 (canon lower (func $c "bad-disc")))
  (core func $f3 (canon lower (func $c "bad-char")))
  (core func $f4 (canon lower (func $c "misaligned") (memory $mem) (realloc $realloc)))
  (core func $f5 (canon lower (func $c "oob") (memory $mem) (realloc $realloc)))
  (core func $f6 (canon lower (func $c "bad-utf16") (memory $mem) (realloc $realloc)))
  (core func $make (canon lower (func $c "make")))
  (core func $get (canon lower (func $c "get")))
  (core func $drop (canon resource.drop $R))
  (core func $forget (canon lower (func $k "forget")))
  (core func $twice (canon lower (func $k "twice")))
  (core module $caller
    (import "f" "1" (func $f1 (param i32)))
    (import "f" "2" (func $f2 (result i32)))
    (import "f" "3" (func $f3 (result i32)))
    (import "f" "4" (func $f4 (param i32)))
    (import "f" "5" (func $f5 (param i32)))
    (import "f" "6" (func $f6 (param i32)))
    (import "f" "make" (func $make (result i32)))
    (import "f" "get" (func $get (param i32) (result i32)))
    (import "f" "drop" (func $drop (param i32)))
    (import "f" "forget" (func $forget (param i32)))
    (import "f" "twice" (func $twice (param i32)))
    (func (export "run") (result i32)
      (local $h i32)
      block $c10 block $c9
      block $c8 block $c7 block $c6 block $c5 block $c4 block $c3 block $c2 block $c1
        i32.const CASE i32.const 1 i32.sub
        br_table $c1 $c2 $c3 $c4 $c5 $c6 $c7 $c8 $c9 $c10 $c10
      end i32.const 16 call $f1 i32.const 0 return
      end call $f2 drop i32.const 0 return
      end call $f3 drop i32.const 0 return
      end i32.const 16 call $f4 i32.const 0 return
      end i32.const 16 call $f5 i32.const 0 return
      end i32.const 16 call $f6 i32.const 0 return
      end call $make local.tee $h call $drop local.get $h call $drop i32.const 0 return
      end i32.const 99 call $get drop i32.const 0 return
      end call $make call $forget i32.const 0 return
      end call $make call $twice
      i32.const 0))
  (core instance $ci (instantiate $caller
    (with "f" (instance
      (export "1" (func $f1)) (export "2" (func $f2)) (export "3" (func $f3))
      (export "4" (func $f4)) (export "5" (func $f5)) (export "6" (func $f6))
      (export "make" (func $make)) (export "get" (func $get)) (export "drop" (func $drop))
      (export "forget" (func $forget)) (export "twice" (func $twice))))))
  (func $run (result (result)) (canon lift (core func $ci "run")))
  (instance $ri (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $ri))
)
