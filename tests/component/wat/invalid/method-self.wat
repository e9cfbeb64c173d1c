;; error: first argument called `self`
(component
  (import "a" (type (sub resource)))
  (import "[method]a.b" (func (param "x" u32))))
