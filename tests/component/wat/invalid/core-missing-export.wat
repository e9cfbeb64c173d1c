;; error: does not export an item named `g`
(component
  (core module $a (func (export "f")))
  (core module $b (import "a" "g" (func)))
  (core instance $ia (instantiate $a))
  (core instance (instantiate $b (with "a" (instance $ia)))))
