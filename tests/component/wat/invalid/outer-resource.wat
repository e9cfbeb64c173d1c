;; error: transitively refers to resources
(component $C
  (type $R (resource (rep i32)))
  (type $B (borrow $R))
  (component (alias outer $C $B (type $a))))
