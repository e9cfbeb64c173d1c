;; Every assertion here is wrong or cannot run: the runner must count each
;; one as a failure (check.sh checks the count and the lines).
(component binary "\00asm\0d\00\01\00\01>\00asm\01\00\00\00\01\08\02`\00\01\7f`\00\00\03\03\02\00\01\07\0e\02\03one\00\00\04boom\00\01\0a\0a\02\04\00A\01\0b\03\00\00\0b\00\09\04name\00\02\01m\02\04\01\00\00\00\07\05\01@\00\00y\06\09\01\00\00\01\00\03one\08\06\01\00\00\00\00\00\07\05\01@\00\01\00\06\0a\01\00\00\01\00\04boom\08\06\01\00\00\01\00\01\0b\12\02\00\03one\01\00\00\00\04boom\01\01\00\00\1f\0ecomponent-name\01\06\00\11\01\00\01m\01\06\00\12\01\00\01i")
(assert_return (invoke "one") (u32.const 2))
(assert_return (invoke "one") (s32.const 1))
(assert_return (invoke "one"))
(assert_return (invoke "boom") )
;; a trap poisons the instance: a fresh one for what follows
(component binary "\00asm\0d\00\01\00\01>\00asm\01\00\00\00\01\08\02`\00\01\7f`\00\00\03\03\02\00\01\07\0e\02\03one\00\00\04boom\00\01\0a\0a\02\04\00A\01\0b\03\00\00\0b\00\09\04name\00\02\01m\02\04\01\00\00\00\07\05\01@\00\00y\06\09\01\00\00\01\00\03one\08\06\01\00\00\00\00\00\07\05\01@\00\01\00\06\0a\01\00\00\01\00\04boom\08\06\01\00\00\01\00\01\0b\12\02\00\03one\01\00\00\00\04boom\01\01\00\00\1f\0ecomponent-name\01\06\00\11\01\00\01m\01\06\00\12\01\00\01i")
(assert_trap (invoke "boom") "out of bounds")
;; a trap poisons the instance: a fresh one for what follows
(component binary "\00asm\0d\00\01\00\01>\00asm\01\00\00\00\01\08\02`\00\01\7f`\00\00\03\03\02\00\01\07\0e\02\03one\00\00\04boom\00\01\0a\0a\02\04\00A\01\0b\03\00\00\0b\00\09\04name\00\02\01m\02\04\01\00\00\00\07\05\01@\00\00y\06\09\01\00\00\01\00\03one\08\06\01\00\00\00\00\00\07\05\01@\00\01\00\06\0a\01\00\00\01\00\04boom\08\06\01\00\00\01\00\01\0b\12\02\00\03one\01\00\00\00\04boom\01\01\00\00\1f\0ecomponent-name\01\06\00\11\01\00\01m\01\06\00\12\01\00\01i")
(assert_trap (invoke "one") "unreachable")
(assert_return (invoke "missing") (u32.const 1))
(assert_return (invoke "one" (u32.const 1)) (u32.const 1))
(assert_invalid (component binary "\00asm\0d\00\01\00") "valid component")
;; (passes) a valid component in assert_invalid does not become current
(assert_return (invoke "one") (u32.const 1))
(assert_unlinkable (component binary "\00asm\0d\00\01\00") "links fine")
(assert_malformed (component binary "\00asm\0d\00\01\00") "well formed")
;; A component that fails to instantiate: its invokes fail cleanly.
(component binary "\00asm\0d\00\01\00\07\03\01B\00\0a\16\01\00\11unknown:pkg/iface\05\00")
(assert_return (invoke "one") (u32.const 1))
;; A definition that fails to load: its instances and their invokes fail.
(component definition $bad binary "\00asm\0d\00\01\00\ff")
(component instance $x $bad)
(assert_return (invoke $x "one") (u32.const 1))
