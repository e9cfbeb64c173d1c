;; error: 3:4: unexpected token "foo", expected a component field
(component
  (foo))
