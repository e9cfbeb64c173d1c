;; error: 2:37: a function has at most one result
(component (type (func (result u32) (result u32))))
