;; error: ascribed type of export is not compatible
(component
  (import "f" (func $f (param "a" u32)))
  (export "g" (func $f) (func (param "a" string))))
