#!/usr/bin/env python3
"""Seeds for fuzz_component from our own test material, written to
corpus/fuzz_component/ (run from anywhere; needs `jco` for the text files:
WEFT_JCO, or jco on PATH).

  - every `binary "..."` component in tests/comp-wast/*.wast (the encoded
    forms of tests/comp-wast/text/*.wast),
  - tests/component/wat/*.wat, tests/comp-text/*.wat and tests/fuzz/seeds/*.wat
    (seeds written for this target) through `jco parse`,
  - the small fixtures of tests/component/fixtures made from our own text
    (not NAME.component.wasm: those embed the Bytecode Alliance adapter).

Nothing derived from /work/ext/cmtests goes in. Seeds are named by content
hash, so reruns do not duplicate them."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(TOP, "tests", "fuzz", "corpus", "fuzz_component")
PREAMBLE = b"\0asm\x0d\0\x01\0"


def wast_string(body):
    """Bytes of a .wast string literal body (\\hh, \\n, \\t, \\\\, \\", \\u{...})."""
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out += ch.encode()
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in "0123456789abcdefABCDEF":
            out.append(int(body[i + 1:i + 3], 16))
            i += 3
        elif nxt == "u":
            end = body.index("}", i)
            out += chr(int(body[i + 3:end], 16)).encode()
            i = end + 1
        else:
            out += {"n": b"\n", "t": b"\t", "r": b"\r"}.get(nxt, nxt.encode())
            i += 2
    return bytes(out)


def binaries(text):
    """Each `binary "..." "..."` run in a script, joined."""
    for m in re.finditer(r'binary((?:\s*"(?:[^"\\]|\\.)*")+)', text):
        yield b"".join(wast_string(s) for s in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))


def save(data, tag):
    if not data.startswith(PREAMBLE):
        return 0
    h = hashlib.sha1(data).hexdigest()[:12]
    if any(f.endswith(h + ".wasm") for f in os.listdir(OUT)):
        return 0
    name = "%s-%s.wasm" % (tag, h)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    return 1


def main():
    os.makedirs(OUT, exist_ok=True)
    n = 0
    wast_dir = os.path.join(TOP, "tests", "comp-wast")
    for f in sorted(os.listdir(wast_dir)):
        if f.endswith(".wast"):
            with open(os.path.join(wast_dir, f)) as fh:
                for b in binaries(fh.read()):
                    n += save(b, "wast")
    jco = os.environ.get("WEFT_JCO") or shutil.which("jco")
    wats = []
    for d in ("tests/component/wat", "tests/comp-text", "tests/fuzz/seeds"):
        full = os.path.join(TOP, d)
        wats += [os.path.join(full, f) for f in sorted(os.listdir(full)) if f.endswith(".wat")]
    if not jco:
        print("mkseeds_component: jco not found, %d .wat files skipped" % len(wats))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for w in wats:
                out = os.path.join(tmp, "x.wasm")
                r = subprocess.run([jco, "parse", w, "-o", out], capture_output=True)
                if r.returncode == 0:
                    with open(out, "rb") as fh:
                        n += save(fh.read(), "wat")
    fix = os.path.join(TOP, "tests", "component", "fixtures")
    for f in sorted(os.listdir(fix)):
        if f.endswith(".wasm") and not f.endswith(".component.wasm"):
            with open(os.path.join(fix, f), "rb") as fh:
                n += save(fh.read(), "fixture")
    print("mkseeds_component: %d seeds in %s" % (n, OUT))


if __name__ == "__main__":
    sys.exit(main())
