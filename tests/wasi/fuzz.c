/* A hostile guest: 20,000 random preview-1 calls with random fds, flags,
 * lengths and pointers (valid, near the end of memory, or wild), and
 * paths such as "..", "../x", "/etc", "a/". weft must answer each with an
 * errno, never crash, hang or touch anything outside the preopen.
 * argv[1] seeds the generator. stdout stays empty; errno counts go to
 * stderr. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

static uint64_t s = 88172645463325252ull;
static uint64_t rnd(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s; }
static uint32_t top;
static char mem[65536];
/* a pointer: mostly valid into mem, sometimes near the end of memory or wild */
static uint32_t ptr(void) {
  switch (rnd() % 8) {
  case 0: return (uint32_t)rnd();
  case 1: return top - (uint32_t)(rnd() % 64);
  case 2: return 0;
  default: return (uint32_t)(uintptr_t)mem + (uint32_t)(rnd() % 65000);
  }
}
static uint32_t len(void) { switch (rnd() % 6) { case 0: return (uint32_t)rnd(); case 1: return 0; default: return (uint32_t)(rnd() % 300); } }
static uint32_t fd(void) { switch (rnd() % 6) { case 0: return (uint32_t)rnd(); case 1: case 2: return 3; default: return (uint32_t)(rnd() % 12); } }
/* any fd but stdout, which must stay empty */
static uint32_t fd_no1(void) { uint32_t f = fd(); return f == 1 ? 2 : f; }
static void fill(void) { for (int i = 0; i < 65536; i += 8) { uint64_t v = rnd(); if (rnd()%3==0) v &= 0x0000ffff0000ffffull; memcpy(mem + i, &v, 8); } 
  /* some plausible iovecs and paths */
  for (int i = 0; i < 64; i++) { uint32_t p = (uint32_t)(uintptr_t)mem + (uint32_t)(rnd() % 60000); uint32_t l = (uint32_t)(rnd() % 200); memcpy(mem + i * 8, &p, 4); memcpy(mem + i * 8 + 4, &l, 4); }
  const char *names[] = { "a", "b/c", "..", "../x", "/etc", "d", "d/e", ".", "a/", "x/../y" };
  for (int i = 0; i < 10; i++) strcpy(mem + 1024 + i * 16, names[i]);
}
#define P(n) ((uint32_t)(rnd()%4==0 ? (uintptr_t)mem + 1024 + (rnd()%10)*16 : ptr()))
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write"))) int32_t w_fd_write(int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_read"))) int32_t w_fd_read(int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_pread"))) int32_t w_fd_pread(int32_t,int32_t,int32_t,int64_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_pwrite"))) int32_t w_fd_pwrite(int32_t,int32_t,int32_t,int64_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_readdir"))) int32_t w_fd_readdir(int32_t,int32_t,int32_t,int64_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) int32_t w_path_open(int32_t,int32_t,int32_t,int32_t,int32_t,int64_t,int64_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_filestat_get"))) int32_t w_path_filestat_get(int32_t,int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_create_directory"))) int32_t w_mkdir(int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_remove_directory"))) int32_t w_rmdir(int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_unlink_file"))) int32_t w_unlink(int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_symlink"))) int32_t w_symlink(int32_t,int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_readlink"))) int32_t w_readlink(int32_t,int32_t,int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_rename"))) int32_t w_rename(int32_t,int32_t,int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_link"))) int32_t w_link(int32_t,int32_t,int32_t,int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_filestat_set_times"))) int32_t w_pst(int32_t,int32_t,int32_t,int32_t,int64_t,int64_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_prestat_dir_name"))) int32_t w_pdn(int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_prestat_get"))) int32_t w_pg(int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_fdstat_get"))) int32_t w_fsg(int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_filestat_get"))) int32_t w_ffg(int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_seek"))) int32_t w_seek(int32_t,int64_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_tell"))) int32_t w_tell(int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_renumber"))) int32_t w_renum(int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_close"))) int32_t w_close(int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("poll_oneoff"))) int32_t w_poll(int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("args_get"))) int32_t w_args_get(int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("environ_get"))) int32_t w_env_get(int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("random_get"))) int32_t w_rand(int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("clock_time_get"))) int32_t w_clk(int32_t,int64_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_filestat_set_size"))) int32_t w_fss(int32_t,int64_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_allocate"))) int32_t w_alloc(int32_t,int64_t,int64_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_advise"))) int32_t w_adv(int32_t,int64_t,int64_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("sock_recv"))) int32_t w_recv(int32_t,int32_t,int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("sock_send"))) int32_t w_send(int32_t,int32_t,int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("sock_shutdown"))) int32_t w_shut(int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("sock_accept"))) int32_t w_acc(int32_t,int32_t,int32_t);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_fdstat_set_flags"))) int32_t w_ssf(int32_t,int32_t);

int main(int argc, char **argv) {
  top = __builtin_wasm_memory_size(0) * 65536;
  if (argc > 1) s = strtoull(argv[1], 0, 10) * 2654435761u + 1;
  unsigned hist[80] = {0};
  for (int it = 0; it < 20000; it++) {
    if (it % 100 == 0) fill();
    int32_t r = 0;
    switch (rnd() % 34) {
    case 0: r = w_fd_write(fd_no1(), (uint32_t)(uintptr_t)mem + (rnd()%8)*8, rnd()%4, ptr()); break;
    case 1: { uint32_t f = fd(); if (f == 0) f = 5; r = w_fd_read(f, ptr(), len() % 5, ptr()); } break;
    case 2: r = w_fd_pread(fd(), ptr(), len() % 5, (int64_t)rnd(), ptr()); break;
    case 3: r = w_fd_pwrite(fd() | 4, ptr(), len() % 5, (int64_t)(rnd() % 100000), ptr()); break;
    case 4: r = w_fd_readdir(fd(), ptr(), len(), rnd() % 3 ? rnd() % 20 : rnd(), ptr()); break;
    case 5: r = w_path_open(fd(), rnd()%3, P(0), len()%20, rnd()%16, (int64_t)rnd(), (int64_t)rnd(), rnd()%32, ptr()); break;
    case 6: r = w_path_filestat_get(fd(), rnd()%2, P(0), len()%20, ptr()); break;
    case 7: r = w_mkdir(fd(), P(0), len()%20); break;
    case 8: r = w_rmdir(fd(), P(0), len()%20); break;
    case 9: r = w_unlink(fd(), P(0), len()%20); break;
    case 10: r = w_symlink(P(0), len()%20, fd(), P(0), len()%20); break;
    case 11: r = w_readlink(fd(), P(0), len()%20, ptr(), len(), ptr()); break;
    case 12: r = w_rename(fd(), P(0), len()%20, fd(), P(0), len()%20); break;
    case 13: r = w_link(fd(), rnd()%2, P(0), len()%20, fd(), P(0), len()%20); break;
    case 14: r = w_pst(fd(), rnd()%2, P(0), len()%20, (int64_t)rnd(), (int64_t)rnd(), rnd()%16); break;
    case 15: r = w_pdn(fd(), ptr(), len()); break;
    case 16: r = w_pg(fd(), ptr()); break;
    case 17: r = w_fsg(fd(), ptr()); break;
    case 18: r = w_ffg(fd(), ptr()); break;
    case 19: r = w_seek(fd(), (int64_t)rnd(), rnd()%4, ptr()); break;
    case 20: r = w_tell(fd(), ptr()); break;
    case 21: { uint32_t a = fd(), b = fd(); if (a > 2 && b > 2) r = w_renum(a, b); } break;
    case 22: { uint32_t a = fd(); if (a > 3) r = w_close(a); } break;
    case 23: { /* poll with a short clock so it always ends */
      uint32_t in = (uint32_t)(uintptr_t)mem + 8192, n = 1 + rnd() % 4;
      for (uint32_t i = 0; i < n; i++) { char *sb = mem + 8192 + i * 48; if (rnd()%2) { sb[8] = 0; uint32_t id = rnd()%2; memcpy(sb+16,&id,4); uint64_t t = rnd()%1000000; memcpy(sb+24,&t,8); uint16_t fl = rnd()%2 ? 0 : 1; if (fl) t = 0; memcpy(sb+40,&fl,2);} }
      char *sb = mem + 8192; sb[8] = 0; uint32_t id = 1; memcpy(sb+16,&id,4); uint64_t t = 1000; memcpy(sb+24,&t,8); uint16_t z = 0; memcpy(sb+40,&z,2);
      r = w_poll(rnd()%8 ? in : ptr(), rnd()%8 ? (uint32_t)(uintptr_t)mem + 20000 : ptr(), n, ptr()); } break;
    case 24: r = w_args_get(ptr(), ptr()); break;
    case 25: r = w_env_get(ptr(), ptr()); break;
    case 26: r = w_rand(ptr(), len()); break;
    case 27: r = w_clk(rnd()%6, (int64_t)rnd(), ptr()); break;
    case 28: r = w_fss(fd() | 4, (int64_t)(rnd() % 100000)); break;
    case 29: r = w_alloc(fd() | 4, (int64_t)(rnd() % 100000), (int64_t)(rnd() % 100000)); break;
    case 30: r = w_adv(fd(), (int64_t)rnd(), (int64_t)rnd(), rnd()%8); break;
    case 31: r = w_recv(fd(), ptr(), len()%4, rnd()%4, ptr(), ptr()); break;
    case 32: r = w_send(fd_no1(), ptr(), len()%4, rnd()%2, ptr()); break;
    case 33: r = w_ssf(fd(), rnd() % 64); break;
    }
    if (r >= 0 && r < 80) hist[r]++;
  }
  for (int i = 0; i < 80; i++) if (hist[i]) fprintf(stderr, "errno %d: %u\n", i, hist[i]);
  return 0;
}
