;; Component text test: value types naming a type index of 64 or more
;; are signed LEB128 (s33): index 64 is c0 00, not 40 (which reads as a
;; negative type code). check.sh compares with s33.expected (equal to
;; jco parse's encoding when written) and has `weft inspect` accept it.
(component
  (type u8) (type u16) (type u32) (type u64) (type u8) (type u16) (type u32) (type u64)
  (type u8) (type u16) (type u32) (type u64) (type u8) (type u16) (type u32) (type u64)
  (type u8) (type u16) (type u32) (type u64) (type u8) (type u16) (type u32) (type u64)
  (type u8) (type u16) (type u32) (type u64) (type u8) (type u16) (type u32) (type u64)
  (type u8) (type u16) (type u32) (type u64) (type u8) (type u16) (type u32) (type u64)
  (type u8) (type u16) (type u32) (type u64) (type u8) (type u16) (type u32) (type u64)
  (type u8) (type u16) (type u32) (type u64) (type u8) (type u16) (type u32) (type u64)
  (type u8) (type u16) (type u32) (type u64) (type u8) (type u16) (type u32) (type u64)
  (type $l (list 63))          ;; type 64: (list u64) by index
  (type (option 64))           ;; 65
  (type (tuple 65 $l u8))      ;; 66
  (import "f" (func (param "a" 66) (result 65))))
