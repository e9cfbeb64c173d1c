;; error: 2:48: unexpected token, expected (
(component (import "f" (func $f)) (canon lower $f (core func)))
