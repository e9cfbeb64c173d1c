;; error: may only refer to types or instances
(component
  (type (component
    (import "i" (instance $i (export "f" (func))))
    (alias export $i "f" (func $a)))))
