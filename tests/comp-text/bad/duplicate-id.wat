;; error: 2:31: duplicate type identifier $t
(component (type $t u8) (type $t u8))
