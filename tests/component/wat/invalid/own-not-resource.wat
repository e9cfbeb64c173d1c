;; error: is not a resource type
(component
  (type u32)
  (type (own 0)))
