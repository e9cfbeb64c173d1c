;; error: 5:40: unexpected token "string-encoding=utf32"
(component
  (core module $m (func (export "f")))
  (core instance $i (instantiate $m))
  (func (canon lift (core func $i "f") string-encoding=utf32)))
