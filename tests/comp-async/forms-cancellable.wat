;; The `cancellable` immediates (newer than the wasm-tools text format we
;; compare against): weft must encode them (flag byte 0x01) and accept them.
(component
  (core module $m (memory (export "mem") 1))
  (core instance $i (instantiate $m))
  (canon waitable-set.wait cancellable (memory (core memory $i "mem")) (core func $wait))
  (canon waitable-set.poll cancellable (memory (core memory $i "mem")) (core func $poll))
  (canon thread.yield cancellable (core func $yield))
  (canon thread.suspend cancellable (core func $suspend))
  (canon thread.suspend-then-resume cancellable (core func $s-r))
  (canon thread.yield-then-resume cancellable (core func $y-r))
  (canon thread.suspend-then-promote cancellable (core func $s-p))
  (canon thread.yield-then-promote cancellable (core func $y-p))
)
