#!/usr/bin/env python3
"""Writes the seed inputs of fuzz_wasi into corpus/fuzz_wasi/ (see the
input format at the top of fuzz_wasi.c). Run from tests/fuzz."""
import struct, os

NAMES = """args_get args_sizes_get environ_get environ_sizes_get clock_res_get
clock_time_get fd_advise fd_allocate fd_close fd_datasync fd_fdstat_get
fd_fdstat_set_flags fd_fdstat_set_rights fd_filestat_get fd_filestat_set_size
fd_filestat_set_times fd_pread fd_prestat_get fd_prestat_dir_name fd_pwrite
fd_read fd_readdir fd_renumber fd_seek fd_sync fd_tell fd_write
path_create_directory path_filestat_get path_filestat_set_times path_link
path_open path_readlink path_remove_directory path_rename path_symlink
path_unlink_file poll_oneoff proc_exit proc_raise sched_yield random_get
sock_accept sock_recv sock_send sock_shutdown""".split()
FN = {n: i for i, n in enumerate(NAMES)}

def zero(): return b"\x00"
def u8(v): return b"\x01" + bytes([v])
def u16(v): return b"\x06" + struct.pack("<H", v)
def raw32(v): return b"\x03" + struct.pack("<I", v & 0xffffffff)
def raw64(v): return b"\x03" + struct.pack("<Q", v & 0xffffffffffffffff)
def pre(): return b"\x04"          # fd 3, the preopen
def fd(k): return b"\x05" + bytes([k])  # 3 + k % (opened + 2)
def near_end(k): return b"\x02" + bytes([k])
def op(name, *args): return bytes([FN[name]]) + b"".join(args)

def mem(layout):
    m = bytearray(512)
    for off, data in layout:
        m[off:off + len(data)] = data
    return bytes(m)

MEM = mem([(0, b"f.txt"), (16, b"../outside.txt"), (40, struct.pack("<II", 100, 20)),
           (100, b"data data data data!"), (48, b"d/up/outside.txt"), (80, b"abs"),
           (120, b"newdir"), (140, b"d/g"),
           # a clock subscription (relative, 1000 ns) at 400
           (400, struct.pack("<QBxxxxxxxIxxxxQQH", 7, 0, 1, 1000, 0, 0))])
ALL = 0xffffffffffffffff

seeds = {
  "open_read_write": [
    op("path_open", pre(), u8(1), zero(), u8(5), zero(), raw64(ALL), raw64(ALL), zero(), u8(200)),
    op("fd_read", fd(1), u8(40), u8(1), u8(204)),
    op("fd_seek", fd(1), raw64(0), zero(), u8(208)),
    op("fd_write", fd(1), u8(40), u8(1), u8(204)),
    op("fd_pread", fd(1), u8(40), u8(1), raw64(3), u8(204)),
    op("fd_filestat_get", fd(1), u16(300)),
    op("fd_close", fd(1))],
  "escapes": [
    op("path_open", pre(), u8(1), u8(16), u8(14), zero(), raw64(ALL), raw64(ALL), zero(), u8(200)),
    op("path_open", pre(), u8(1), u8(48), u8(16), zero(), raw64(ALL), raw64(ALL), zero(), u8(200)),
    op("path_open", pre(), u8(1), u8(80), u8(3), u8(9), raw64(ALL), raw64(ALL), zero(), u8(200)),
    op("path_rename", pre(), u8(140), u8(3), pre(), u8(16), u8(14)),
    op("path_symlink", u8(16), u8(14), pre(), u8(120), u8(6)),
    op("path_link", pre(), u8(1), u8(48), u8(16), pre(), u8(120), u8(6)),
    op("path_unlink_file", pre(), u8(48), u8(16))],
  "dirs": [
    op("path_create_directory", pre(), u8(120), u8(6)),
    op("fd_readdir", pre(), u16(300), u8(200), raw64(0), u8(204)),
    op("fd_readdir", pre(), u16(300), u8(200), raw64(2), u8(204)),
    op("path_filestat_get", pre(), u8(1), u8(140), u8(3), u16(300)),
    op("path_readlink", pre(), u8(80), u8(3), u16(300), u8(50), u8(204)),
    op("path_remove_directory", pre(), u8(120), u8(6)),
    op("fd_prestat_get", pre(), u8(200)),
    op("fd_prestat_dir_name", pre(), u16(300), u8(20))],
  "misc": [
    op("args_sizes_get", u8(200), u8(204)), op("args_get", u16(300), u16(340)),
    op("environ_sizes_get", u8(200), u8(204)), op("environ_get", u16(300), u16(340)),
    op("clock_time_get", u8(1), raw64(1), u8(200)), op("random_get", u16(300), u8(64)),
    op("poll_oneoff", u16(400), u16(460), u8(1), u8(200)),
    op("fd_fdstat_get", u8(1), u8(200)), op("fd_renumber", pre(), u8(1)),
    op("proc_exit", u8(3))],
  "bad_pointers": [
    op("fd_write", u8(1), near_end(4), u8(1), near_end(0)),
    op("args_get", raw32(0xfffffffc), raw32(0x10000)),
    op("fd_read", pre(), raw32(0xfffffff8), raw32(0x20000000), u8(200)),
    op("random_get", near_end(10), u8(11)),
    op("path_open", pre(), zero(), near_end(3), u8(40), zero(), raw64(ALL), raw64(ALL), zero(), near_end(2))],
}
os.makedirs("corpus/fuzz_wasi", exist_ok=True)
for name, ops in seeds.items():
    with open(f"corpus/fuzz_wasi/{name}", "wb") as f:
        f.write(struct.pack("<H", len(MEM)) + MEM + b"".join(ops))
