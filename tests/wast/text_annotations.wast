;; Annotations (@id ...): skipped as balanced token trees wherever
;; whitespace may be, as the annotations proposal allows for unknown ones
;; (weft keeps none: the name and custom sections they describe are
;; optional). The forms wasm-tools prints come first.
(module (@name "printed")
  (@producers (processed-by "wit-component" "0.1") (language "C" ""))
  (type (;0;) (func (param i32) (result i32)))
  (func $f (@name "renamed") (;0;) (type 0) (param $p (@name "q") i32) (result i32)
    (local $l (@name "m") i32)
    local.get $p
    (@a) i32.const 1 (@b "x" (nested (@c) "(" ")"))
    i32.add)
  (export "f" (func $f))
  (@custom "component-type" (after code) "\00\01\02)(")
  (@custom "other" "")
)
(assert_return (invoke "f" (i32.const 41)) (i32.const 42))

;; between '(' and the keyword, inside types, instructions and the script
((@a) module (@a) $m (@a)
  ((@a) func (@a) (export "g") (@a) ((@a) result (@a) i32 (@a)) (@a)
    ((@a) i32.const (@a) 5 (@a)) (@a)
    ((@a) block (@a) ((@a) result i32) i32.const 1 (@a)) drop)
  (@a ;; a line comment with a ) in it
    (; a block comment with ( ;) x)
  (@id-chars!#$%&'*+-./:<=>?@\^_`|~ , ; [ ] { } }{ ,,)
  (@"quoted id" "\u{1F600}")
)
(assert_return (@a) ((@a) invoke (@a) "g") (i32.const 5))

;; malformed: the annotation must be well formed even though it is skipped
(assert_malformed (module quote "(@)") "empty annotation id")
(assert_malformed (module quote "(@ a)") "empty annotation id")
(assert_malformed (module quote "(@\"\")") "empty annotation id")
(assert_malformed (module quote "(@\"\\80\")") "malformed UTF-8 encoding")
(assert_malformed (module quote "(@a") "unclosed annotation")
(assert_malformed (module quote "(@a (b)") "unclosed annotation")
(assert_malformed (module quote "(@a (@b)") "unclosed annotation")
(assert_malformed (module quote "(@a \")") "unclosed string")
(assert_malformed (module quote "(@a (; )") "unclosed comment")
(assert_malformed (module quote "(@a \01)") "illegal character")
(assert_malformed (module quote "(@a \ff)") "malformed UTF-8 encoding")
(assert_malformed (module quote "(@a é)") "illegal character")
(assert_malformed (module quote "(@a))") "unexpected token")
(assert_malformed (module quote "( @a)") "unknown operator")
(assert_malformed (module quote "(func $(@a)f)") "unexpected token")
;; an annotation is whitespace, not a token: it cannot stand for one
(assert_malformed (module quote "(func i32.const (@a))") "unexpected token")
(module quote "(@a) (func)" "(@a)")
