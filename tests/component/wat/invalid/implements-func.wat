;; error: only instances can have an `implements`
(component (import "a" (implements "a:b/c") (func)))
