;; Component text test: the binary forms, which wasm-tools' text parser
;; does not take for core modules; check.sh has `weft inspect` accept it.
(component
  (core module $m binary "\00asm" "\01\00\00\00"
    "\01\05\01\60\00\01\7f"               ;; type: [] -> [i32]
    "\03\02\01\00"                        ;; func 0: type 0
    "\07\05\01\01f\00\00"                 ;; export "f" func 0
    "\0a\06\01\04\00\41\2a\0b")           ;; body: i32.const 42
  (core instance $i (instantiate $m))
  (component $c binary "\00asm\0d\00\01\00")
  (instance (instantiate $c))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
