# strip.py A.wasm B.wasm: exit 0 if the two components are equal once
# custom sections (the name sections wasm-tools writes and weft does not
# all write) are dropped, in nested modules and components too.
import sys


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7f) << s
        s += 7
        if x < 0x80:
            return r, i


def enc(n):
    o = bytearray()
    while True:
        x = n & 0x7f
        n >>= 7
        o.append(x | 0x80 if n else x)
        if not n:
            return bytes(o)


def strip(b):
    comp = b[4:8] == b'\x0d\x00\x01\x00'
    out = bytearray(b[:8])
    i = 8
    while i < len(b):
        sid = b[i]
        n, j = leb(b, i + 1)
        body = b[j:j + n]
        i = j + n
        if sid == 0:
            continue
        if comp and sid in (1, 4):
            body = strip(body)
        out.append(sid)
        out += enc(len(body))
        out += body
    return bytes(out)


a, b = (open(p, 'rb').read() for p in sys.argv[1:3])
sys.exit(0 if strip(a) == strip(b) else 1)
