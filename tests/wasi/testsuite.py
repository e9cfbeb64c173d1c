#!/usr/bin/env python3
"""Runs WebAssembly/wasi-testsuite's preview-1 tests under weft without the
upstream runner (which needs Python >= 3.12). Argument vectors come from
weft_adapter.py, so both paths run weft the same way.

    testsuite.py WEFT SUITE_DIR [FILTER_REGEX]

A test is FOO.wasm with an optional FOO.json: args, env, root (a directory
preopened as "/"; copied to a temp dir first so the suite is never
modified), dirs (older snapshots: preopened under their own names),
exit_code (default 0), stdout/stderr (expected prefix, as the
upstream runner reads them). Prints PASS/FAIL lines and "N passed, M failed".
wasi-threads proposal tests run only with WEFT_WASI_THREADS=1."""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def load_adapter(weft):
    os.environ["WEFT"] = weft
    spec = importlib.util.spec_from_file_location("weft_adapter", os.path.join(HERE, "weft_adapter.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def suites(root):
    for dirpath, _dirs, files in sorted(os.walk(root)):
        if "manifest.json" not in files:
            continue
        with open(os.path.join(dirpath, "manifest.json"), encoding="utf-8") as f:
            man = json.load(f)
        # Older snapshots name no version: the folder does.
        version = man.get("version") or os.path.basename(dirpath)
        if "wasip3" in version or "wasip2" in version:
            continue
        if "wasi-threads" in dirpath and os.getenv("WEFT_WASI_THREADS", "0") != "1":
            continue
        yield dirpath, man.get("name", dirpath)


def run_one(adapter, wasm, timeout=60):
    cfg = {}
    jpath = wasm[:-5] + ".json"
    if os.path.exists(jpath):
        with open(jpath, encoding="utf-8") as f:
            cfg = json.load(f)
    if "operations" in cfg or "proposals" in cfg:
        return None, "needs a newer runner"
    work = tempfile.mkdtemp(prefix="weft-wts-")
    try:
        root = None
        if cfg.get("root"):
            root = os.path.join(work, os.path.basename(os.path.normpath(cfg["root"])))
            shutil.copytree(os.path.join(os.path.dirname(wasm), cfg["root"]), root, symlinks=True)
        argv = adapter.compute_argv(wasm, (cfg.get("args", []), cfg.get("env", {}), root),
                                    [], "wasi:cli/command", "wasm32-wasip1")
        # Older snapshots list "dirs", each preopened under its own name
        # relative to the working directory.
        at = argv.index(wasm)
        for d in cfg.get("dirs", []):
            shutil.copytree(os.path.join(os.path.dirname(wasm), d), os.path.join(work, d), symlinks=True)
            argv[at:at] = ["--dir", d]
            at += 2
        # stdin is a pipe nobody writes to (kept open): a read blocks, as
        # some tests assume.
        rfd, wfd = os.pipe()
        try:
            p = subprocess.run(argv, cwd=work, stdin=rfd, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return False, "timeout"
        finally:
            os.close(rfd)
            os.close(wfd)
        why = []
        if p.returncode != cfg.get("exit_code", 0):
            why.append("exit %d, expected %d" % (p.returncode, cfg.get("exit_code", 0)))
        for key, got in (("stdout", p.stdout), ("stderr", p.stderr)):
            exp = cfg.get(key)
            if exp is not None and not got.decode("utf-8", "replace").startswith(exp):
                why.append("%s differs" % key)
        if why and p.stderr:
            why.append(p.stderr.decode("utf-8", "replace").strip().splitlines()[-1][:200])
        return not why, "; ".join(why)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    adapter = load_adapter(os.path.abspath(sys.argv[1]))
    pat = re.compile(sys.argv[3]) if len(sys.argv) > 3 else None
    npass = nfail = nskip = 0
    for d, name in suites(os.path.join(sys.argv[2], "tests")):
        for w in sorted(f for f in os.listdir(d) if f.endswith(".wasm")):
            label = "%s/%s" % (os.path.relpath(d, sys.argv[2]), w[:-5])
            if pat and not pat.search(label):
                continue
            ok, why = run_one(adapter, os.path.join(d, w))
            if ok is None:
                nskip += 1
                print("SKIP %s: %s" % (label, why))
            elif ok:
                npass += 1
                print("PASS %s" % label)
            else:
                nfail += 1
                print("FAIL %s: %s" % (label, why))
    print("%d passed, %d failed, %d skipped" % (npass, nfail, nskip))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
