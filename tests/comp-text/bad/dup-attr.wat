;; error: 2:45: duplicate 'implements' option in name
(component (import "a" (implements "a:b/c") (implements "a:b/c") (instance)))
