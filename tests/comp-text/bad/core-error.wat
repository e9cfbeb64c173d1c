;; error: 3:44: unexpected token
(component
  (core module (func (result i32) i32.const)))
