;; error: 2:25: unknown outer scope $nope
(component (alias outer $nope $t (type)))
