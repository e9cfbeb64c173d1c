# Everyday words over CMake. `make` builds, `make test` runs every test.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all test demo test-asan spec bench fixtures clean install

all:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: all
	@tests/run.sh $(BUILD)

# Libraries (libweft.a, libweft.so.0), headers (weft.h, wasm.h, wasi.h),
# weft.pc for pkg-config and the weft command under $(DESTDIR)$(PREFIX).
PREFIX ?= /usr/local
install: all
	@DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

demo: all
	@$(BUILD)/weft run --invoke fac examples/demo/fac.wat 20

# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer,
# built by gcc: the interpreter's computed-goto build (`make test` takes
# clang >= 19's tail-call build when there is one), so CI runs both.
ASAN_CC ?= gcc
test-asan:
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_C_COMPILER=$(ASAN_CC) -DCMAKE_BUILD_TYPE=Debug -DWEFT_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1 tests/run.sh $(ASAN_BUILD)

# The official spec suite from a local copy: WEFT_SPEC_DIR=.../test/core
spec: all
	@tests/spec.sh $(BUILD)

bench: all
	@bench/run.sh $(BUILD)
	@bench/threads/run.sh $(BUILD)

fixtures:
	@$(MAKE) -C tests/wasi fixtures

# WebAssembly/wasi-testsuite from a local copy: WEFT_WASI_TESTSUITE=dir
# (skips with a message when it is not set).
.PHONY: wasi-testsuite
wasi-testsuite: all
	@tests/wasi/testsuite.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# Fuzzing (libFuzzer + ASan/UBSan, clang only, outside the CMake build):
# each target of tests/fuzz runs FUZZ_SECONDS; crashes go to build-fuzz/crashes.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz:
	@$(MAKE) --no-print-directory -C tests/fuzz seeds run FUZZ_SECONDS=$(FUZZ_SECONDS) OUT=$(CURDIR)/build-fuzz

# Differential testing against Node: DIFF_N generated modules.
DIFF_N ?= 100
.PHONY: diff
diff: all
	@tests/diff/run.sh $(DIFF_N) $(BUILD)
