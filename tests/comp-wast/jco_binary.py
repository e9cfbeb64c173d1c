#!/usr/bin/env python3
"""Rewrite a component .wast script so that every `(component ...)` in text
becomes `(component [definition] [$id] binary "...")`, made by `jco parse`
(wasm-tools' text parser). For measuring `weft wast` independently of
weft's own component text encoder. Forms jco cannot parse stay as text.

Usage: jco_binary.py JCO IN.wast OUT.wast   (prints "converted N, kept M")"""
import os, re, subprocess, sys, tempfile

JCO, src_path, out_path = sys.argv[1:4]
src = open(src_path, encoding='utf-8').read()
tmp = tempfile.mkdtemp(prefix='weft-jco.')

def forms(s):
    """Spans (start, end) of top-level-or-nested `(component` forms that are
    commands or assertion arguments, skipping strings and comments."""
    i, n, stack, out = 0, len(s), [], []
    while i < n:
        c = s[i]
        if s.startswith(';;', i):
            j = s.find('\n', i); i = n if j < 0 else j
        elif s.startswith('(;', i):
            d, i = 1, i + 2
            while i < n and d:
                if s.startswith('(;', i): d += 1; i += 2
                elif s.startswith(';)', i): d -= 1; i += 2
                else: i += 1
        elif c == '"':
            i += 1
            while i < n and s[i] != '"':
                i += 2 if s[i] == '\\' else 1
            i += 1
        elif c == '(':
            stack.append(i); i += 1
        elif c == ')':
            start = stack.pop(); i += 1
            # a command (depth 0) or the argument of an assertion (depth 1)
            top = not stack or (len(stack) == 1 and re.match(r'\(\s*assert_', s[stack[0]:stack[0] + 20]))
            if top and re.match(r'\(\s*component\b', s[start:start + 20]):
                out.append((start, i))
        else:
            i += 1
    return out

def esc(b):
    return ''.join(chr(x) if 0x20 <= x < 0x7f and chr(x) not in '"\\' else '\\%02x' % x for x in b)

res, last, conv, kept = [], 0, 0, 0
for k, (a, b) in enumerate(forms(src)):
    text = src[a:b]
    m = re.match(r'\(\s*component(\s+definition)?(\s+\$[^\s()]+)?\s*', text)
    rest = text[m.end():]
    if re.match(r'(binary|quote|instance)\b', rest) or (m.group(1) is None and rest.startswith('instance')):
        continue
    wat = os.path.join(tmp, '%d.wat' % k)
    wasm = wat[:-4] + '.wasm'
    open(wat, 'w', encoding='utf-8').write('(component ' + rest)
    r = subprocess.run([JCO, 'parse', wat, '-o', wasm], capture_output=True)
    if r.returncode != 0 or not os.path.exists(wasm):
        kept += 1
        continue
    data = open(wasm, 'rb').read()
    head = '(component' + (' definition' if m.group(1) else '') + (m.group(2) or '')
    res.append(src[last:a])
    res.append(head + ' binary "' + esc(data) + '")')
    last = b
    conv += 1
res.append(src[last:])
open(out_path, 'w', encoding='utf-8').write(''.join(res))
print('converted %d, kept %d' % (conv, kept))
