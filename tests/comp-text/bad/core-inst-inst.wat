;; error: 6:43: core instances do not export instances
(component
  (core module $m (func (export "f")))
  (core instance $i (instantiate $m))
  (core func (alias core export $i "f"))
  (core instance (export "g" (func $i "a" "b"))))
