;; error: exceeds maximum byte size
(component (type (list u8 268435456)))
