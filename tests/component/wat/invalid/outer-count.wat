;; error: invalid outer alias count
(component (alias outer 1 0 (type $a)))
