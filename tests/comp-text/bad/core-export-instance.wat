;; error: 5:31: core instances export funcs, tables, memories, globals and tags
(component
  (core module $m)
  (core instance $i (instantiate $m))
  (core instance (export "i" (instance $i))))
