;; error: 2:1: in quoted component: unexpected token after the component
(component quote "(core module" ")" ")")
