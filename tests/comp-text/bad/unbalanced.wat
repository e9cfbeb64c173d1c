;; error: 3:1: unbalanced parentheses: unexpected end of input
(component (type $t u8)
