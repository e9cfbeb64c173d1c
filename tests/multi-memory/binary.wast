;; Multi-memory in the binary format, hand-assembled (each module's
;; comment says what it holds): memarg flags with bit 6, memory indices in
;; memory.size/grow/fill/copy/init and data segments; malformed and
;; invalid encodings.

(module binary ;; i32.load (flags 0x42, memory 1); data in memory 1
  "\00asm" "\01\00\00\00"
  "\01\05\01\60\00\01\7f\03\02\01\00\05\05\02\00\01\00\01\07\06\01\02\6c\64"
  "\00\00\0c\01\01\0a\0a\01\08\00\41\00\28\42\01\00\0b\0b\0b\01\02\01\41\00"
  "\0b\04\2a\00\00\00")
(assert_return (invoke "ld") (i32.const 42))
(module binary ;; memory index 1 as a 5-byte LEB128 in a memarg, data segment; memory.size/grow 1
  "\00asm" "\01\00\00\00"
  "\01\05\01\60\00\01\7f\03\02\01\00\05\05\02\00\01\00\01\07\05\01\01\66\00"
  "\00\0c\01\01\0a\18\01\16\00\41\00\28\42\81\80\80\80\00\00\3f\81\80\00\6a"
  "\41\01\40\01\6a\0b\0b\0c\01\02\81\80\80\80\00\41\00\0b\01\05")
(assert_return (invoke "f") (i32.const 7))
(assert_malformed
(module binary ;; memarg flags 0x80
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\05\02\00\01\00\01\0a\0b\01\09\00\41\00"
  "\28\80\01\00\1a\0b")
  "malformed memop flags")
(assert_invalid
(module binary ;; i32.load on memory 2 of 2
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\05\02\00\01\00\01\0a\0b\01\09\00\41\00"
  "\28\42\02\00\1a\0b")
  "unknown memory 2")
(assert_invalid
(module binary ;; i32.store on memory 1 of 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\03\01\00\01\0a\0c\01\0a\00\41\00\41\00"
  "\36\42\01\00\0b")
  "unknown memory 1")
(assert_invalid
(module binary ;; memory.size 1 of 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\03\01\00\01\0a\07\01\05\00\3f\01\1a\0b")
  "unknown memory 1")
(assert_invalid
(module binary ;; memory.grow 2 of 2
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\05\02\00\01\00\01\0a\09\01\07\00\41\00"
  "\40\02\1a\0b")
  "unknown memory 2")
(assert_invalid
(module binary ;; memory.fill 1 of 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\03\01\00\01\0a\0d\01\0b\00\41\00\41\00"
  "\41\00\fc\0b\01\0b")
  "unknown memory 1")
(assert_invalid
(module binary ;; memory.copy from memory 1 of 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\03\01\00\01\0a\0e\01\0c\00\41\00\41\00"
  "\41\00\fc\0a\00\01\0b")
  "unknown memory 1")
(assert_invalid
(module binary ;; memory.copy to memory 1 of 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\03\01\00\01\0a\0e\01\0c\00\41\00\41\00"
  "\41\00\fc\0a\01\00\0b")
  "unknown memory 1")
(assert_invalid
(module binary ;; memory.init of memory 1 of 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\03\01\00\01\0c\01\01\0a\0e\01\0c\00\41"
  "\00\41\00\41\00\fc\08\00\01\0b\0b\03\01\01\00")
  "unknown memory 1")
(assert_invalid
(module binary ;; v128.load on memory 1 of 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\03\01\00\01\0a\0c\01\0a\00\41\00\fd\00"
  "\44\01\00\1a\0b")
  "unknown memory 1")
(assert_invalid
(module binary ;; i32.atomic.load on memory 1 of 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\03\01\00\01\0a\0c\01\0a\00\41\00\fe\10"
  "\42\01\00\1a\0b")
  "unknown memory 1")
(assert_invalid
(module binary ;; i32.load align=8 on memory 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\05\02\00\01\00\01\0a\0b\01\09\00\41\00"
  "\28\43\01\00\1a\0b")
  "alignment must not be larger than natural")
(assert_invalid
(module binary ;; i32.atomic.load align=1 on memory 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\05\02\00\01\00\01\0a\0c\01\0a\00\41\00"
  "\fe\10\40\01\00\1a\0b")
  "alignment must be exactly natural")
(assert_invalid
(module binary ;; data segment in memory 1 of 1
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\03\01\00\01\0c\01\01\0a\04\01\02\00\0b"
  "\0b\07\01\02\01\41\00\0b\00")
  "unknown memory 1")
(assert_invalid
(module binary ;; i32.load 1 in a global initializer
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00\03\02\01\00\05\05\02\00\01\00\01\06\0a\01\7f\00\41\00"
  "\28\42\01\00\0b\0a\04\01\02\00\0b")
  "constant expression required")
