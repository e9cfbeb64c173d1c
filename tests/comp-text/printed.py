# printed.py IN.wat OUT.wat: make WAT that `jco print` (wasm-tools) wrote
# readable by weft's text lexer, which takes neither quoted identifiers
# ($"...") nor annotations ((@name ...), (@custom ...), (@producers ...)):
# quoted ids become $q0, $q1, ... and annotations are dropped (they only
# make custom sections).
import re
import sys

text = open(sys.argv[1], encoding='utf-8').read()
ids = {}
text = re.sub(r'\$"(?:[^"\\]|\\.)*"', lambda m: ids.setdefault(m.group(0), '$q%d' % len(ids)), text)
out, i = [], 0
while True:
    j = text.find('(@', i)
    if j < 0:
        out.append(text[i:])
        break
    out.append(text[i:j])
    depth, k = 0, j
    while True:
        c = text[k]
        if c == '"':
            k += 1
            while text[k] != '"':
                k += 2 if text[k] == '\\' else 1
        elif c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
            if depth == 0:
                break
        k += 1
    i = k + 1
open(sys.argv[2], 'w', encoding='utf-8').write(''.join(out))
