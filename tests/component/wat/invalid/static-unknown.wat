;; error: static resource name is not known
(component (import "[static]a.b" (func)))
