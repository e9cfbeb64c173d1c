// ref.mjs — the reference side of differential testing (tests/diff/run.sh):
// the same protocol as driver.c, run by Node's V8.
// Usage: node ref.mjs FILE.wasm... (each file's output follows "== FILE")
import { readFileSync } from 'node:fs';

let out = [];
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);
const hex = (v, n) => v.toString(16).padStart(n, '0');
const KIND = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x70: 'funcref', 0x6f: 'externref', 0x7b: 'v128' };

function show(kind, v) {
  switch (kind) {
    case 'i32': return 'i32:' + hex(v >>> 0, 8);
    case 'i64': return 'i64:' + hex(BigInt.asUintN(64, v), 16);
    case 'f32': f32[0] = v; return 'f32:' + hex(u32[0], 8);
    case 'f64': f64[0] = v; return 'f64:' + hex(u64[0], 16);
    default: return kind + ':' + (v === null ? 'null' : 'obj');
  }
}
const zero = k => (k === 'i64' ? 0n : k === 'funcref' || k === 'externref' ? null : 0);

// Just enough of the binary format: types, imports, functions, exports.
function parse(b) {
  let p = 8;
  const u = () => { let r = 0, s = 0, c; do { c = b[p++]; r += (c & 0x7f) * 2 ** s; s += 7; } while (c & 0x80); return r; };
  const name = () => { const n = u(); const s = b.subarray(p, p + n).toString('utf8'); p += n; return s; };
  const limits = () => { const f = b[p++]; const min = u(); const max = f & 1 ? u() : undefined; return { min, max }; };
  const types = [], funcs = [], imports = [], exports = {};
  while (p < b.length) {
    const id = b[p++], size = u(), end = p + size;
    if (id === 1) {
      for (let n = u(); n--;) {
        p++; // 0x60
        const ps = []; for (let k = u(); k--;) ps.push(KIND[b[p++]]);
        const rs = []; for (let k = u(); k--;) rs.push(KIND[b[p++]]);
        types.push({ ps, rs });
      }
    } else if (id === 2) {
      for (let n = u(); n--;) {
        const mod = name(), nm = name(), kind = b[p++];
        const imp = { mod, nm, kind };
        if (kind === 0) { imp.type = types[u()]; funcs.push(imp.type); }
        else if (kind === 1) { imp.elem = b[p++]; imp.limits = limits(); }
        else if (kind === 2) imp.limits = limits();
        else { imp.vt = KIND[b[p++]]; imp.mut = b[p++]; }
        imports.push(imp);
      }
    } else if (id === 3) {
      for (let n = u(); n--;) funcs.push(types[u()]);
    } else if (id === 7) {
      for (let n = u(); n--;) { const nm = name(), kind = b[p++], idx = u(); if (kind === 0) exports[nm] = funcs[idx]; }
    }
    p = end;
  }
  return { imports, exports };
}

function category(e) {
  const m = String(e && e.message);
  if (e instanceof RangeError && /call stack/.test(m)) return 'stack';
  const rules = [[/unreachable/, 'unreachable'], [/by zero/, 'div_zero'],
    [/divide result unrepresentable|integer overflow/, 'int_overflow'],
    [/float unrepresentable/, 'invalid_conversion'], [/memory access out of bounds|data segment/, 'memory_oob'],
    [/table index is out of bounds|table access|element segment|table.*out of bounds/, 'table_oob'],
    [/signature mismatch|null function/, 'indirect'], [/type incompatibility/, 'v128_boundary'], [/null/, 'null_reference']];
  for (const [re, c] of rules) if (re.test(m)) return c;
  return 'js:' + m;
}

function runFile(bytes) {
  const { imports, exports: sigs } = parse(bytes);
  const importObj = {};
  for (const imp of imports) {
    const ns = (importObj[imp.mod] ??= {});
    if (imp.kind === 0) {
      const t = imp.type;
      ns[imp.nm] = imp.mod === 'fuzzing-support'
        ? (...a) => { out.push('log' + t.ps.map((k, i) => ' ' + show(k, a[i])).join('')); return t.rs.length ? zero(t.rs[0]) : undefined; }
        : () => (t.rs.length > 1 ? t.rs.map(zero) : t.rs.length ? zero(t.rs[0]) : undefined);
    } else if (imp.kind === 1) {
      ns[imp.nm] = new WebAssembly.Table({ element: imp.elem === 0x70 ? 'anyfunc' : 'externref', initial: imp.limits.min, maximum: imp.limits.max });
    } else if (imp.kind === 2) {
      ns[imp.nm] = new WebAssembly.Memory({ initial: imp.limits.min, maximum: imp.limits.max });
    } else {
      ns[imp.nm] = new WebAssembly.Global({ value: imp.vt === 'funcref' ? 'anyfunc' : imp.vt, mutable: !!imp.mut }, zero(imp.vt));
    }
  }

  let mod, inst;
  try {
    mod = new WebAssembly.Module(bytes);
  } catch (e) {
    out.push(`invalid ${e.message}`);
    return;
  }
  try {
    inst = new WebAssembly.Instance(mod, importObj);
  } catch (e) {
    out.push(`instantiate ${e.message}`);
    return;
  }
  const ex = inst.exports;
  for (const name of Object.keys(ex)) {
    if (typeof ex[name] !== 'function' || name === 'hangLimitInitializer') continue;
    if (ex.hangLimitInitializer) ex.hangLimitInitializer();
    out.push('call ' + name);
    const t = sigs[name];
    if ([...t.ps, ...t.rs].includes('v128')) { out.push('skip v128'); continue; }
    try {
      const r = ex[name](...t.ps.map(zero));
      const rs = t.rs.length > 1 ? r : t.rs.length ? [r] : [];
      out.push('ret' + t.rs.map((k, i) => ' ' + show(k, rs[i])).join(''));
    } catch (e) {
      out.push('trap ' + category(e));
    }
  }
}

for (const path of process.argv.slice(2)) {
  out = ['== ' + path];
  try { runFile(readFileSync(path)); } catch (e) { out.push('error ' + e.message); }
  process.stdout.write(out.join('\n') + '\n');
}
