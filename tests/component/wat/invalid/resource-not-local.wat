;; error: not a local resource
(component
  (import "r" (type $r (sub resource)))
  (core func (canon resource.new $r)))
