;; error: 2:13: unexpected token after the component
(component) (component)
