;; Component text test: where the items the sugar makes go, and so which
;; indices everything gets. wasm-tools puts an item's inline types and
;; instances first, then the aliases the item itself uses (`$i "name"`,
;; outer names), then the item; inline exports go to the end. check.sh has
;; `weft inspect` accept it and, with jco, compares with its encoding.
(component $top
  (type $r (record (field "x" u8)))
  (import "r" (type $rr (eq $r)))
  (import "i" (instance $i
    (export "f" (func))
    (export "g" (func))
    (export "h" (func (param "x" (list u8))))))
  ;; outer aliases of $rr: one per use, each before the type that uses it
  (type (instance
    (export "f" (func (param "a" $rr) (param "b" (list $rr)) (result (tuple $rr (option $rr)))))))
  (component $c
    (import "a" (func))
    (import "b" (instance (export "x" (func)))))
  ;; the inline instance (and its alias) before the alias of "a"
  (instance (instantiate $c
    (with "a" (func $i "f"))
    (with "b" (instance (export "x" (func $i "g"))))))
  ;; the ascribed type before the alias of "h"
  (export "h" (func $i "h") (func (param "x" (list u8))))
  (core module $m
    (memory (export "m") 1)
    (func (export "f") (param i32 i32))
    (func (export "r") (param i32 i32 i32 i32) (result i32) i32.const 0))
  (core instance $ci (instantiate $m))
  ;; the lifted type before the aliases of the core func, memory, realloc
  (canon lift (core func $ci "f") (memory (core memory $ci "m"))
    (realloc (core func $ci "r")) (func $lifted (param "s" (list string))))
  (func (export "lifted2") (param "s" string)
    (canon lift (core func $ci "f") (memory (core memory $ci "m")) (realloc (core func $ci "r"))))
  (export "lifted" (func $lifted)))
