;; error: 2:30: outer aliases are of core modules, core types, types and components
(component (alias outer 0 0 (func)))
