;; error: mismatch in memory limits
(component
  (core module $a (memory (export "m") 1))
  (core module $b (import "a" "m" (memory 2)))
  (core instance $ia (instantiate $a))
  (core instance (instantiate $b (with "a" (instance $ia)))))
