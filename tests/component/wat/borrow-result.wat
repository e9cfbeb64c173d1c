;; A function type whose result holds a borrow handle is invalid.
(component
  (type $R (resource (rep i32)))
  (type $f (func (result (option (borrow $R)))))
)
