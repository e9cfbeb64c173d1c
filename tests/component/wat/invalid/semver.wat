;; error: unexpected end of input
(component (import "a:b/c@1." (func)))
