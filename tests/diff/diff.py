#!/usr/bin/env python3
"""Differential testing of weft against Node (V8). See run.sh.

For each i in [0, N): random bytes from seed BASE+i become a module through
`wasm-opt --translate-to-fuzz` (features vary with i; every other module is
also run through binaryen's --denan, which turns every NaN into 0, so its
results must match bit for bit). driver.c (weft) and ref.mjs (node) call
every export with zero arguments; their outputs must agree, except that two
NaNs of the same type are equal in modules without --denan (the spec lets
arithmetic NaNs differ in sign and payload). A module without --denan whose
outputs differ is generated again with --denan: if that agrees, the
difference came from NaN bits (which may flow into memory and hashes) and
counts as nan_only, not as a disagreement. With --text, weft also runs the
module as printed by wasm2wat, and must print exactly what it printed for
the binary. Disagreeing modules are copied to OUT/ with both outputs."""
import argparse, os, random, shutil, subprocess, sys, tempfile

FEATURES = [
    ["--enable-sign-ext", "--enable-mutable-globals"],
    ["--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int",
     "--enable-bulk-memory", "--enable-multivalue"],
    ["--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int",
     "--enable-bulk-memory", "--enable-multivalue", "--enable-reference-types"],
]


def is_nan(tok):
    kind, _, bits = tok.partition(":")
    if kind == "f32" and len(bits) == 8:
        v = int(bits, 16)
        return (v >> 23) & 0xFF == 0xFF and v & 0x7FFFFF
    if kind == "f64" and len(bits) == 16:
        v = int(bits, 16)
        return (v >> 52) & 0x7FF == 0x7FF and v & 0xFFFFFFFFFFFFF
    return False


def same_line(a, b, strict):
    if a == b:
        return True
    # V8 says "float unrepresentable in integer range" for every trapping
    # truncation, NaN (invalid conversion) or out of range (overflow).
    if (a, b) == ("trap int_overflow", "trap invalid_conversion"):
        return True
    ta, tb = a.split(), b.split()
    if strict or len(ta) != len(tb) or ta[:1] != tb[:1]:
        return False
    return all(x == y or (x[:4] == y[:4] and is_nan(x) and is_nan(y)) for x, y in zip(ta, tb))


def compare(weft, node, strict):
    """None if they agree, else a short reason."""
    wf, nd = weft[:1], node[:1]
    first = lambda l: l[0].split()[0] if l else "nothing"
    if first(wf) in ("invalid", "error") and first(nd) in ("invalid", "error"):
        return None
    if first(wf) != first(nd) and (first(wf) in ("invalid", "instantiate") or first(nd) in ("invalid", "instantiate", "error")):
        return f"load: weft '{wf[0] if wf else ''}' node '{nd[0] if nd else ''}'"
    for i in range(max(len(weft), len(node))):
        a = weft[i] if i < len(weft) else "<end>"
        b = node[i] if i < len(node) else "<end>"
        if not same_line(a, b, strict):
            return f"line {i + 1}: weft '{a}' node '{b}'"
    return None


def run_text(driver, wasm, seed):
    """weft's output for the module printed as text by wabt's wasm2wat
    (None if wasm2wat cannot print it)."""
    wat = wasm[:-5] + ".wat"
    fold = ["--fold-exprs"] if seed % 4 < 2 else []
    if subprocess.run(["wasm2wat", "--enable-all", *fold, wasm, "-o", wat],
                      stderr=subprocess.DEVNULL).returncode:
        return None
    try:
        r = subprocess.run([driver, wat], capture_output=True, text=True, timeout=30)
        out = r.stdout.splitlines()
        if r.returncode not in (0, 1):
            out.append(f"<driver exit {r.returncode}>")
    except subprocess.TimeoutExpired:
        out = ["<driver timeout>"]
    os.unlink(wat)
    return out


def nan_only(driver, cmd, wasm):
    """Does the module agree once binaryen's --denan has removed NaNs?"""
    dn = wasm[:-5] + "-denan.wasm"
    c = [*cmd[:-2], "--denan", "-o", dn]
    if subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
        return False
    try:
        w = subprocess.run([driver, dn], capture_output=True, text=True, timeout=30).stdout
        here = os.path.dirname(os.path.abspath(__file__))
        n = subprocess.run(["node", f"{here}/ref.mjs", dn], capture_output=True, text=True,
                           timeout=60).stdout.splitlines()[1:]
    except subprocess.TimeoutExpired:
        return False
    finally:
        os.unlink(dn)
    return compare(w.splitlines(), n, strict=True) is None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--base", type=int, default=1)
    ap.add_argument("--out", default="build-diff/disagree")
    ap.add_argument("--batch", type=int, default=40)
    ap.add_argument("--simd", action="store_true", help="also generate 128-bit SIMD")
    ap.add_argument("--text", action="store_true",
                    help="also run each module as text (wasm2wat, folded every other seed) "
                         "through weft's text parser")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    tmp = tempfile.mkdtemp(prefix="weft-diff-")
    os.makedirs(args.out, exist_ok=True)
    stats = dict(modules=0, skipped=0, invalid_both=0, calls=0, traps=0, agree=0, disagree=0,
                 nan_only=0, text=0)
    bad = []
    for start in range(0, args.n, args.batch):
        batch = []
        for i in range(start, min(start + args.batch, args.n)):
            seed = args.base + i
            rng = random.Random(seed)
            data = rng.randbytes(rng.randint(64, 6000))
            src, wasm = f"{tmp}/s{seed}", f"{tmp}/m{seed}.wasm"
            with open(src, "wb") as f:
                f.write(data)
            # Mostly the full 2.0 set (binaryen 108's reference-types output
            # is often invalid: those count as invalid_both).
            feats = FEATURES[[0, 1, 1, 1, 2][seed % 5]] + (["--enable-simd"] if args.simd else [])
            denan = seed % 2 == 1
            # A third are also optimized: other code shapes, same results.
            opt = ["-O2"] if seed % 3 == 2 else []
            cmd = ["wasm-opt", src, "-ttf", *feats, *(["--denan"] if denan else []), *opt,
                   "-o", wasm]
            if subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60).returncode:
                stats["skipped"] += 1
                continue
            batch.append((seed, wasm, denan, cmd))
        if not batch:
            continue
        ref = subprocess.run(["node", f"{here}/ref.mjs", *[w for _, w, _, _ in batch]],
                             capture_output=True, text=True, timeout=600).stdout
        node_out, cur = {}, None
        for line in ref.splitlines():
            if line.startswith("== "):
                cur = line[3:]
                node_out[cur] = []
            elif cur:
                node_out[cur].append(line)
        for seed, wasm, denan, cmd in batch:
            try:
                r = subprocess.run([args.driver, wasm], capture_output=True, text=True, timeout=30)
                weft = r.stdout.splitlines()
                if r.returncode not in (0, 1):
                    weft.append(f"<driver exit {r.returncode}: {r.stderr.strip()[-200:]}>")
            except subprocess.TimeoutExpired:
                weft = ["<driver timeout>"]
            node = node_out.get(wasm, ["<no node output>"])
            stats["modules"] += 1
            if weft[:1] and weft[0].startswith("invalid") and node[:1] and node[0].startswith(("invalid", "error")):
                stats["invalid_both"] += 1
                os.unlink(wasm)
                continue
            stats["calls"] += sum(l.startswith("call ") for l in node)
            stats["traps"] += sum(l.startswith("trap ") for l in node)
            why = compare(weft, node, strict=denan)
            nan = False
            if why and not denan and nan_only(args.driver, cmd, wasm):
                # The same module with NaNs turned into 0 agrees: the spec
                # lets arithmetic NaN bits differ (e.g. f64.min of NaNs
                # stored to memory and hashed). Kept, but not a bug.
                stats["nan_only"] += 1
                shutil.copy(wasm, f"{args.out}/nan-seed{seed}.wasm")
                why, nan = None, True
            text = run_text(args.driver, wasm, seed) if not why and args.text else None
            if text is not None:
                # Same engine, same module: bit-identical output expected.
                stats["text"] += 1
                why = compare(text, weft, strict=True)
                why = why and "text format (weft on wasm2wat text vs weft on binary): " + why
            if why:
                stats["disagree"] += 1
                name = f"{args.out}/seed{seed}"
                shutil.copy(wasm, name + ".wasm")
                with open(name + ".txt", "w") as f:
                    f.write(f"{why}\n{' '.join(cmd)}\n--- weft\n" + "\n".join(weft) +
                            "\n--- node\n" + "\n".join(node) + "\n")
                bad.append((seed, why))
                print(f"DISAGREE seed {seed}{' (denan)' if denan else ''}: {why}", flush=True)
            elif not nan:
                stats["agree"] += 1
            os.unlink(wasm)
        for s in os.listdir(tmp):
            os.unlink(f"{tmp}/{s}")
        print(f"[{min(start + args.batch, args.n)}/{args.n}] " +
              " ".join(f"{k}={v}" for k, v in stats.items()), file=sys.stderr, flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
