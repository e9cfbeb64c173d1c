;; Canonical ABI round trips between two components. The inner component
;; lifts its core functions (strings in utf16 and latin1+utf16, lists,
;; records, variants, flags, options, a resource with a destructor); the
;; outer one lowers them with utf8 and checks every result. A failed check
;; exits with its number through wasi:cli/exit exit-with-code.
(component
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))))

  (component $callee
    (core module $dtor
      (global $n (export "n") (mut i32) (i32.const 0))
      (func (export "dtor") (param i32)
        global.get $n  local.get 0  i32.add  global.set $n))
    (core instance $d (instantiate $dtor))
    (type $R (resource (rep i32) (dtor (core func $d "dtor"))))
    (core func $rnew (canon resource.new $R))
    (core module $m
      (import "r" "new" (func $rnew (param i32) (result i32)))
      (import "d" "n" (global $n (mut i32)))
      (memory (export "mem") 1)
      (global $bump (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        global.get $bump  local.get 2  i32.add  i32.const 1  i32.sub
        i32.const 0  local.get 2  i32.sub  i32.and  local.tee $p
        local.get 3  i32.add  global.set $bump
        local.get $p)
      ;; string echo: whatever encoding the lift says, hand it back
      (func (export "echo-str") (param i32 i32) (result i32)
        i32.const 8  local.get 0  i32.store
        i32.const 12  local.get 1  i32.store
        i32.const 8)
      (func (export "units") (param i32 i32) (result i32) local.get 1)
      ;; post-return: runs after the caller has its copy of the result
      (global $posted (mut i32) (i32.const 0))
      (func (export "post") (param i32)
        global.get $posted  local.get 0  i32.add  global.set $posted)
      (func (export "posted") (result i32) global.get $posted)
      (func (export "sum") (param $p i32) (param $n i32) (result i64)
        (local $s i64)
        block $done
          loop $l
            local.get $n  i32.eqz  br_if $done
            local.get $s  local.get $p  i64.load32_u  i64.add  local.set $s
            local.get $p  i32.const 4  i32.add  local.set $p
            local.get $n  i32.const 1  i32.sub  local.set $n
            br $l
          end
        end
        local.get $s)
      ;; record {a: u8, b: f64, c: string}: a@0 b@8 c@16, size 24
      (func (export "echo-rec") (param i32 f64 i32 i32) (result i32)
        i32.const 64  local.get 0  i32.store8
        i32.const 72  local.get 1  f64.store
        i32.const 80  local.get 2  i32.store
        i32.const 84  local.get 3  i32.store
        i32.const 64)
      ;; variant {a(u32), b(f32), c}: disc u8 @0, payload @4
      (func (export "echo-var") (param i32 i32) (result i32)
        i32.const 96  local.get 0  i32.store8
        i32.const 100  local.get 1  i32.store
        i32.const 96)
      (func (export "echo-flags") (param i32) (result i32) local.get 0)
      ;; option<char>: disc u8 @0, char @4
      (func (export "echo-opt") (param i32 i32) (result i32)
        i32.const 112  local.get 0  i32.store8
        i32.const 116  local.get 1  i32.store
        i32.const 112)
      (func (export "make") (param i32) (result i32) local.get 0  call $rnew)
      (func (export "get") (param i32) (result i32) local.get 0)
      (func (export "dtor-sum") (result i32) global.get $n)
      ;; 17 flat params: passed through memory as a tuple of u32
      (func (export "many") (param $p i32) (result i32)
        local.get $p i32.load  local.get $p i32.load offset=64  i32.add))
    (core instance $i (instantiate $m
      (with "r" (instance (export "new" (func $rnew))))
      (with "d" (instance $d))))
    (alias core export $i "mem" (core memory $mem))
    (alias core export $i "realloc" (core func $realloc))
    (type $rec (record (field "a" u8) (field "b" f64) (field "c" string)))
    (type $var (variant (case "a" u32) (case "b" f32) (case "c")))
    (type $fl (flags "f0" "f1" "f2" "f3" "f4" "f5" "f6" "f7" "f8"))
    (export $recx "rec" (type $rec))
    (export $varx "var" (type $var))
    (export $flx "fl" (type $fl))
    (func (export "echo-utf16") (param "s" string) (result string)
      (canon lift (core func $i "echo-str") (memory $mem) (realloc $realloc) string-encoding=utf16))
    (func (export "echo-latin1") (param "s" string) (result string)
      (canon lift (core func $i "echo-str") (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
    (func (export "units16") (param "s" string) (result u32)
      (canon lift (core func $i "units") (memory $mem) (realloc $realloc) string-encoding=utf16))
    (func (export "units-latin1") (param "s" string) (result u32)
      (canon lift (core func $i "units") (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
    (func (export "echo-post") (param "s" string) (result string)
      (canon lift (core func $i "echo-str") (memory $mem) (realloc $realloc)
        (post-return (core func $i "post"))))
    (func (export "posted") (result u32) (canon lift (core func $i "posted")))
    (func (export "sum") (param "l" (list u32)) (result u64)
      (canon lift (core func $i "sum") (memory $mem) (realloc $realloc)))
    (func (export "echo-rec") (param "r" $recx) (result $recx)
      (canon lift (core func $i "echo-rec") (memory $mem) (realloc $realloc)))
    (func (export "echo-var") (param "v" $varx) (result $varx)
      (canon lift (core func $i "echo-var") (memory $mem)))
    (func (export "echo-flags") (param "f" $flx) (result $flx)
      (canon lift (core func $i "echo-flags")))
    (func (export "echo-opt") (param "o" (option char)) (result (option char))
      (canon lift (core func $i "echo-opt") (memory $mem)))
    (export $Rx "r" (type $R))
    (func (export "make") (param "v" u32) (result (own $Rx))
      (canon lift (core func $i "make")))
    (func (export "get") (param "r" (borrow $Rx)) (result u32)
      (canon lift (core func $i "get")))
    (func (export "dtor-sum") (result u32)
      (canon lift (core func $i "dtor-sum")))
    (func (export "many") (param "a" u32) (param "b" u32) (param "c" u32) (param "d" u32)
      (param "e" u32) (param "f" u32) (param "g" u32) (param "h" u32) (param "i" u32)
      (param "j" u32) (param "k" u32) (param "l" u32) (param "m" u32) (param "n" u32)
      (param "o" u32) (param "p" u32) (param "q" u32) (result u32)
      (canon lift (core func $i "many") (memory $mem) (realloc $realloc)))
  )
  (instance $c (instantiate $callee))
  (alias export $c "r" (type $R))

  (core module $mm
    (memory (export "mem") 1)
    (global $bump (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      global.get $bump  local.get 2  i32.add  i32.const 1  i32.sub
      i32.const 0  local.get 2  i32.sub  i32.and  local.tee $p
      local.get 3  i32.add  global.set $bump
      local.get $p))
  (core instance $mi (instantiate $mm))
  (alias core export $mi "mem" (core memory $mem))
  (alias core export $mi "realloc" (core func $realloc))

  (core func $exit (canon lower (func $exit "exit-with-code")))
  (core func $u16 (canon lower (func $c "echo-utf16") (memory $mem) (realloc $realloc)))
  (core func $l1 (canon lower (func $c "echo-latin1") (memory $mem) (realloc $realloc)))
  (core func $n16 (canon lower (func $c "units16") (memory $mem) (realloc $realloc)))
  (core func $nl1 (canon lower (func $c "units-latin1") (memory $mem) (realloc $realloc)))
  (core func $epost (canon lower (func $c "echo-post") (memory $mem) (realloc $realloc)))
  (core func $posted (canon lower (func $c "posted")))
  (core func $sum (canon lower (func $c "sum") (memory $mem) (realloc $realloc)))
  (core func $rec (canon lower (func $c "echo-rec") (memory $mem) (realloc $realloc)))
  (core func $var (canon lower (func $c "echo-var") (memory $mem)))
  (core func $fl (canon lower (func $c "echo-flags")))
  (core func $opt (canon lower (func $c "echo-opt") (memory $mem)))
  (core func $make (canon lower (func $c "make")))
  (core func $get (canon lower (func $c "get")))
  (core func $dsum (canon lower (func $c "dtor-sum")))
  (core func $drop (canon resource.drop $R))
  (core func $many (canon lower (func $c "many") (memory $mem) (realloc $realloc)))

  (core module $caller
    (import "m" "mem" (memory 1))
    (import "f" "exit" (func $exit (param i32)))
    (import "f" "u16" (func $u16 (param i32 i32 i32)))
    (import "f" "l1" (func $l1 (param i32 i32 i32)))
    (import "f" "n16" (func $n16 (param i32 i32) (result i32)))
    (import "f" "nl1" (func $nl1 (param i32 i32) (result i32)))
    (import "f" "epost" (func $epost (param i32 i32 i32)))
    (import "f" "posted" (func $posted (result i32)))
    (import "f" "sum" (func $sum (param i32 i32) (result i64)))
    (import "f" "rec" (func $rec (param i32 f64 i32 i32 i32)))
    (import "f" "var" (func $var (param i32 i32 i32)))
    (import "f" "fl" (func $fl (param i32) (result i32)))
    (import "f" "opt" (func $opt (param i32 i32 i32)))
    (import "f" "make" (func $make (param i32) (result i32)))
    (import "f" "get" (func $get (param i32) (result i32)))
    (import "f" "dsum" (func $dsum (result i32)))
    (import "f" "drop" (func $drop (param i32)))
    (import "f" "many" (func $many (param i32) (result i32)))
    ;; "héllo 😀 wörld" (utf8, 18 bytes) and "héllo" (latin1-only, 6 bytes)
    (data (i32.const 100) "h\c3\a9llo \f0\9f\98\80 w\c3\b6rld")
    (data (i32.const 140) "h\c3\a9llo")
    (data (i32.const 160) "\01\00\00\00\02\00\00\00\03\00\00\00\ff\ff\ff\ff")
    (func $check (param i32) (param i32)
      local.get 0 i32.eqz if local.get 1 call $exit unreachable end)
    ;; bytes at a equal bytes at b for n
    (func $eq (param $a i32) (param $b i32) (param $n i32) (result i32)
      block $no
        loop $l
          local.get $n i32.eqz if i32.const 1 return end
          local.get $a i32.load8_u  local.get $b i32.load8_u  i32.ne br_if $no
          local.get $a i32.const 1 i32.add local.set $a
          local.get $b i32.const 1 i32.add local.set $b
          local.get $n i32.const 1 i32.sub local.set $n
          br $l
        end
      end
      i32.const 0)
    (func (export "run") (result i32)
      (local $h i32) (local $h2 i32)
      ;; 1-2: utf8 -> utf16 -> utf8, with a surrogate pair
      i32.const 100 i32.const 18 i32.const 0 call $u16
      i32.const 4 i32.load i32.const 18 i32.eq  i32.const 1 call $check
      i32.const 0 i32.load i32.const 100 i32.const 18 call $eq  i32.const 2 call $check
      ;; 3-4: latin1+utf16, both the latin1 and the utf16 forms
      i32.const 140 i32.const 6 i32.const 0 call $l1
      i32.const 0 i32.load i32.const 140 i32.const 6 call $eq  i32.const 3 call $check
      i32.const 100 i32.const 18 i32.const 0 call $l1
      i32.const 0 i32.load i32.const 100 i32.const 18 call $eq  i32.const 4 call $check
      ;; 5: list<u32> sum
      i32.const 160 i32.const 4 call $sum  i64.const 4294967301 i64.eq  i32.const 5 call $check
      ;; 6-8: record
      i32.const 200 f64.const 2.5 i32.const 140 i32.const 6 i32.const 16 call $rec
      i32.const 16 i32.load8_u i32.const 200 i32.eq  i32.const 6 call $check
      i32.const 24 f64.load f64.const 2.5 f64.eq  i32.const 7 call $check
      i32.const 32 i32.load i32.const 140 i32.const 6 call $eq  i32.const 8 call $check
      ;; 9-10: variant with an f32 case carried in an i32 slot
      i32.const 1 i32.const 0x40490fdb i32.const 48 call $var
      i32.const 48 i32.load8_u i32.const 1 i32.eq  i32.const 9 call $check
      i32.const 52 i32.load i32.const 0x40490fdb i32.eq  i32.const 10 call $check
      ;; 11: flags: bits beyond the 9 labels are dropped
      i32.const 0xffff call $fl  i32.const 0x1ff i32.eq  i32.const 11 call $check
      ;; 12-13: option<char>
      i32.const 1 i32.const 0x1f600 i32.const 56 call $opt
      i32.const 56 i32.load8_u i32.const 1 i32.eq  i32.const 12 call $check
      i32.const 60 i32.load i32.const 0x1f600 i32.eq  i32.const 13 call $check
      ;; 14-17: resources: make, borrow, drop runs the callee's destructor
      i32.const 41 call $make local.set $h
      i32.const 42 call $make local.set $h2
      local.get $h local.get $h2 i32.ne  i32.const 14 call $check
      local.get $h call $get i32.const 41 i32.eq  i32.const 15 call $check
      local.get $h call $drop
      call $dsum i32.const 41 i32.eq  i32.const 16 call $check
      local.get $h2 call $drop
      call $dsum i32.const 83 i32.eq  i32.const 17 call $check
      ;; 18: 17 parameters go through memory on both sides
      i32.const 512 i32.const 5 i32.store
      i32.const 576 i32.const 7 i32.store
      i32.const 512 call $many  i32.const 12 i32.eq  i32.const 18 call $check
      ;; 19-21: what the callee receives: utf16 code units; latin1 bytes;
      ;; utf16 units with the high bit set when latin1 cannot hold it
      i32.const 100 i32.const 18 call $n16  i32.const 14 i32.eq  i32.const 19 call $check
      i32.const 140 i32.const 6 call $nl1  i32.const 5 i32.eq  i32.const 20 call $check
      i32.const 100 i32.const 18 call $nl1  i32.const 0x8000000e i32.eq  i32.const 21 call $check
      ;; 22: post-return gets the core result (the return area, 8)
      i32.const 140 i32.const 6 i32.const 0 call $epost
      call $posted i32.const 8 i32.eq  i32.const 22 call $check
      i32.const 0))
  (core instance $ci (instantiate $caller
    (with "m" (instance $mi))
    (with "f" (instance
      (export "exit" (func $exit)) (export "u16" (func $u16)) (export "l1" (func $l1))
      (export "sum" (func $sum)) (export "rec" (func $rec)) (export "var" (func $var))
      (export "fl" (func $fl)) (export "opt" (func $opt)) (export "make" (func $make))
      (export "get" (func $get)) (export "dsum" (func $dsum)) (export "drop" (func $drop))
      (export "many" (func $many)) (export "n16" (func $n16)) (export "nl1" (func $nl1))
      (export "epost" (func $epost)) (export "posted" (func $posted))))))
  (func $run (result (result)) (canon lift (core func $ci "run")))
  (instance $ri (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $ri))
)
