#!/usr/bin/env python3
"""Runs the component model's reference tests (WebAssembly/component-model
test/**/*.wast, not part of this repository) against `weft run --invoke`.

Usage: upstream.py WEFT JCO FILE.wast...

Each `(component ...)` text is turned into a binary with `jco parse`
(wasm-tools' text parser, which does not validate); `(component binary
...)` bytes are written as they are. Then:
  assert_return / assert_trap / invoke  - one weft process per component
      instance runs its calls in order (--invoke 'f(args)') and the printed
      WAVE results or trap messages are compared;
  assert_invalid / assert_malformed     - weft must refuse the component;
      refusals only because an import is unknown to weft's host are counted
      as inconclusive, not as passes.
Prints a summary per file and in total."""
import os, re, subprocess, sys, tempfile

WEFT, JCO = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp(prefix="weft-upstream.")

# ---- s-expressions -------------------------------------------------------

def tokens(src):
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c in ' \t\r\n':
            i += 1
        elif src.startswith(';;', i):
            j = src.find('\n', i)
            i = n if j < 0 else j
        elif src.startswith('(;', i):
            depth, i = 1, i + 2
            while i < n and depth:
                if src.startswith('(;', i): depth += 1; i += 2
                elif src.startswith(';)', i): depth -= 1; i += 2
                else: i += 1
        elif c in '()':
            yield (c, i, i + 1); i += 1
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == '\\' else 1
            yield ('str', i, j + 1); i = j + 1
        else:
            j = i
            while j < n and src[j] not in ' \t\r\n()"':
                j += 1
            yield ('atom', i, j); i = j

def parse(src):
    stack, top = [[]], []
    for kind, a, b in tokens(src):
        if kind == '(':
            stack.append([('start', a)])
        elif kind == ')':
            node = stack.pop()
            start = node[0][1]
            node = {'items': node[1:], 'span': (start, b)}
            stack[-1].append(node)
        else:
            stack[-1].append((kind, src[a:b]))
    return stack[0]

def head(node):
    it = node['items'] if isinstance(node, dict) else []
    return it[0][1] if it and isinstance(it[0], tuple) else None

def unquote(s):
    """wast string literal -> bytes"""
    s, out, i = s[1:-1], bytearray(), 0
    while i < len(s):
        c = s[i]
        if c != '\\':
            out += c.encode(); i += 1; continue
        e = s[i + 1]
        if e in 'nt"\'\\r':
            out += {'n': b'\n', 't': b'\t', '"': b'"', "'": b"'", '\\': b'\\', 'r': b'\r'}[e]; i += 2
        elif e == 'u':
            j = s.index('}', i)
            out += chr(int(s[i + 3:j], 16)).encode('utf-8', 'surrogatepass'); i = j + 1
        else:
            out.append(int(s[i + 1:i + 3], 16)); i += 3
    return bytes(out)

# ---- values: wast (x.const ...) -> WAVE text --------------------------------

def wave_str(b, q):
    t = b.decode('utf-8', 'surrogateescape')
    o = ''
    for ch in t:
        if ch == q or ch == '\\': o += '\\' + ch
        elif ch == '\n': o += '\\n'
        elif ch == '\t': o += '\\t'
        elif ch == '\r': o += '\\r'
        elif ord(ch) < 0x20: o += '\\u{%x}' % ord(ch)
        else: o += ch
    return q + o + q

def num(a):
    a = a.replace('_', '')
    if re.fullmatch(r'-?0x[0-9a-fA-F]+', a):
        return str(int(a, 16))
    return a

def value(items):
    """items = [('atom','u32.const'), ...args]"""
    h = items[0][1]
    args = items[1:]
    def sub(x):
        return value(x['items'])
    if h in ('bool.const',): return args[0][1]
    if h.endswith('.const') and h[:-6] in ('u8','u16','u32','u64','s8','s16','s32','s64'):
        return num(args[0][1])
    if h in ('f32.const', 'f64.const'):
        a = args[0][1].replace('_', '')
        if 'nan' in a: return 'nan'
        if a in ('inf', '+inf'): return 'inf'
        if a == '-inf': return '-inf'
        return repr(float.fromhex(a)) if 'x' in a else a
    if h == 'char.const': return wave_str(unquote(args[0][1]), "'")
    if h == 'str.const': return wave_str(unquote(args[0][1]), '"')
    if h == 'list.const': return '[' + ', '.join(sub(x) for x in args) + ']'
    if h == 'tuple.const': return '(' + ', '.join(sub(x) for x in args) + ')'
    if h == 'record.const':
        fs = []
        for f in args:
            it = f['items']
            fs.append(unquote(it[1][1]).decode() + ': ' + value(it[2:]))
        return '{' + ', '.join(fs) + '}'
    if h == 'variant.const':
        c = unquote(args[0][1]).decode()
        return c + ('(' + sub(args[1]) + ')' if len(args) > 1 else '')
    if h == 'enum.const': return unquote(args[0][1]).decode()
    if h == 'flags.const': return '{' + ', '.join(unquote(a[1]).decode() for a in args) + '}'
    if h == 'option.none': return 'none'
    if h == 'option.some': return 'some(' + sub(args[0]) + ')'
    if h == 'result.ok': return 'ok' + ('(' + sub(args[0]) + ')' if args else '')
    if h == 'result.err': return 'err' + ('(' + sub(args[0]) + ')' if args else '')
    raise ValueError('value ' + h)

def call(inv):
    it = inv['items']
    name = unquote(it[1][1]).decode()
    args = [value(x['items']) for x in it[2:]]
    return name + '(' + ', '.join(args) + ')' if args else name

def canon_out(s):
    return s.strip()

# ---- components ---------------------------------------------------------------

count = [0]

def build(src, node):
    """component node -> path of a binary, or None if jco cannot parse it"""
    count[0] += 1
    out = os.path.join(tmp, 'c%d.wasm' % count[0])
    it = node['items']
    if len(it) > 1 and isinstance(it[1], tuple) and it[1][1] in ('binary',) or \
       (len(it) > 2 and isinstance(it[1], tuple) and it[1][0] == 'atom' and it[1][1].startswith('$')
        and isinstance(it[2], tuple) and it[2][1] == 'binary'):
        strs = [x[1] for x in it if isinstance(x, tuple) and x[0] == 'str']
        open(out, 'wb').write(b''.join(unquote(s) for s in strs))
        return out
    text = src[node['span'][0]:node['span'][1]]
    text = re.sub(r'^\(component\s+definition\s+', '(component ', text)
    text = re.sub(r'^\(component\s+instance\s+\$\S+\s+', '(component ', text)
    wat = out[:-5] + '.wat'
    open(wat, 'w').write(text)
    r = subprocess.run([JCO, 'parse', wat, '-o', out], capture_output=True)
    return out if r.returncode == 0 and os.path.exists(out) else None

def run(path, calls):
    args = [WEFT, 'run']
    for c in calls:
        args += ['--invoke', c]
    args.append(path)
    r = subprocess.run(['timeout', '20'] + args, capture_output=True)
    return r.returncode, r.stdout.decode('utf-8', 'replace'), r.stderr.decode('utf-8', 'replace')

def main():
    total = {'pass': 0, 'fail': 0, 'skip': 0, 'inconclusive': 0}
    for f in sys.argv[3:]:
        src = open(f, encoding='utf-8').read()
        forms = parse(src)
        res = {'pass': 0, 'fail': 0, 'skip': 0, 'inconclusive': 0}
        defs = {}
        pending = []   # (path, [(call, expect)]) for the current instance
        def flush():
            if not pending:
                return
            path, checks = pending.pop()
            if not checks:
                return
            if path is None:
                res['skip'] += len(checks); return
            st, out, err = run(path, [c for c, _ in checks])
            lines = out.splitlines()
            traps = checks[-1][1][0] == 'trap'
            rets = [(c, e) for c, e in checks if e[0] == 'ret']
            # Calls with a result print one line each; a trap ends the batch.
            # A load or link error ("Error: FILE: ...") is not a trap.
            loaded = '.wasm: ' not in err
            ok_status = (st == 1 and 'Error' in err and loaded) if traps else st == 0
            li = 0
            for c, exp in rets:
                got = None
                if exp[1] is not None:
                    got = lines[li] if li < len(lines) else None
                    li += 1
                if not ok_status and (exp[1] is None or got is None):
                    res['fail'] += 1
                    print('FAIL %s: %s: status %d %s' % (f, c, st, err.strip()[:200]))
                elif exp[1] is None or canon_out(got) == exp[1]:
                    res['pass'] += 1
                else:
                    res['fail'] += 1
                    print('FAIL %s: %s: want %s, got %s' % (f, c, exp[1], got))
            if traps:
                c, exp = checks[-1]
                if ok_status:
                    res['pass'] += 1
                    if exp[1] not in err:
                        print('MSG %s: %s: want "%s", got "%s"' % (f, c, exp[1], err.strip()[:120]))
                else:
                    res['fail'] += 1
                    print('FAIL %s: %s should trap (%s); got status %d %s' % (f, c, exp[1], st, err.strip()[:200]))
        cur = None
        for node in forms:
            if not isinstance(node, dict):
                continue
            h = head(node)
            it = node['items']
            if h == 'component':
                second = it[1][1] if len(it) > 1 and isinstance(it[1], tuple) else None
                if second == 'definition':
                    name = it[2][1] if isinstance(it[2], tuple) else None
                    defs[name] = build(src, node)
                    continue
                if second == 'instance':
                    flush()
                    cur = defs.get(it[3][1] if len(it) > 3 and isinstance(it[3], tuple) else None)
                    pending.append((cur, []))
                    continue
                flush()
                cur = build(src, node)
                pending.append((cur, []))
                continue
            if h in ('assert_return', 'invoke', 'assert_trap'):
                inv = node if h == 'invoke' else it[1]
                try:
                    c = call(inv)
                    if h == 'assert_trap':
                        exp = ('trap', unquote(it[2][1]).decode())
                    elif h == 'assert_return' and len(it) > 2:
                        exp = ('ret', value(it[2]['items']))
                    else:
                        exp = ('ret', None)
                except (ValueError, IndexError, KeyError):
                    res['skip'] += 1
                    continue
                if not pending:
                    pending.append((cur, []))
                pending[-1][1].append((c, exp))
                if h == 'assert_trap':
                    flush()
                    pending.append((cur, []))
                continue
            if h in ('assert_invalid', 'assert_malformed', 'assert_unlinkable'):
                flush()
                comp = it[1]
                sub = comp['items'][1][1] if len(comp['items']) > 1 and isinstance(comp['items'][1], tuple) else None
                if sub == 'quote':
                    res['skip'] += 1
                    continue
                path = build(src, comp)
                if path is None:
                    res['skip'] += 1
                    continue
                st, out, err = run(path, ['__weft_validate__'])
                if "no exported function '__weft_validate__'" in err:
                    res['fail'] += 1
                    print('FAIL %s: %s accepted (%s)' % (f, h, unquote(it[2][1]).decode()[:80]))
                elif 'unknown import' in err or 'missing' in err:
                    res['inconclusive'] += 1
                else:
                    res['pass'] += 1
                continue
        flush()
        print('%s: %d passed, %d failed, %d skipped, %d inconclusive' %
              (os.path.relpath(f), res['pass'], res['fail'], res['skip'], res['inconclusive']))
        for k in total:
            total[k] += res[k]
    print('total: %d passed, %d failed, %d skipped, %d inconclusive' %
          (total['pass'], total['fail'], total['skip'], total['inconclusive']))

main()
