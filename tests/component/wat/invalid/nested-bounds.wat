;; error: type index out of bounds
;; never instantiated, still validated
(component
  (component
    (import "f" (func (type 7)))))
