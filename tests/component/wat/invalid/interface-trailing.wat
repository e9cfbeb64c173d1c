;; error: trailing characters found
(component (import "foo:bar/baz/qux" (func)))
