;; error: 2:61: unknown canonical built-in "resource.make"
(component (type $R (resource (rep i32))) (core func (canon resource.make $R)))
