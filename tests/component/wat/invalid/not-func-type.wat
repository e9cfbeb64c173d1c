;; error: type index 0 is not a function type
(component
  (type (record (field "a" u32)))
  (import "f" (func (type 0))))
