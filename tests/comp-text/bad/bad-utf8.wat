;; error: 2:20: malformed UTF-8 encoding
(component (import "\ff" (func)))
