;; error: 2:30: unknown func $nope
(component (export "f" (func $nope)))
