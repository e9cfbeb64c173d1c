/* Escape attempts against the preopen (fd 3, "/sandbox"). check.sh plants
 * on the host: sandbox/inside.txt, sandbox/up -> .., sandbox/abs -> /etc,
 * sandbox/sub/deep -> ../.., sandbox/ok -> inside.txt, and ../outside.txt.
 * Each line prints the errno the host answered (76 = NOTCAPABLE). */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define PRE 3
#define R_ALL ((__wasi_rights_t)0x1fffffff)

static int opn(const char *p, int follow, int oflags)
{
    __wasi_fd_t fd;
    /* directories refuse the write right (EISDIR), as wasmtime */
    __wasi_rights_t base = (oflags & __WASI_OFLAGS_DIRECTORY) ? R_ALL & ~__WASI_RIGHTS_FD_WRITE : R_ALL;
    __wasi_errno_t e = __wasi_path_open(PRE, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, p,
                                        oflags, base, R_ALL, 0, &fd);
    if (!e) __wasi_fd_close(fd);
    return e;
}

static int st(const char *p, int follow)
{
    __wasi_filestat_t s;
    return __wasi_path_filestat_get(PRE, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, p, &s);
}

#define SHOW(label, expr) printf("%-40s %d\n", label, (int)(expr))

int main(void)
{
    __wasi_prestat_t ps;
    char name[32] = { 0 };
    __wasi_size_t used0;
    SHOW("prestat fd 3", __wasi_fd_prestat_get(PRE, &ps));
    SHOW("prestat name", __wasi_fd_prestat_dir_name(PRE, (uint8_t *)name, ps.u.dir.pr_name_len));
    printf("preopen name [%s]\n", name);
    SHOW("prestat of stdout (BADF)", __wasi_fd_prestat_get(1, &ps));
    SHOW("open inside.txt", opn("inside.txt", 1, 0));
    SHOW("open ok (symlink inside)", opn("ok", 1, 0));
    SHOW("open . ", opn(".", 1, __WASI_OFLAGS_DIRECTORY));
    SHOW("open sub/..", opn("sub/..", 1, __WASI_OFLAGS_DIRECTORY));
    SHOW("open ..", opn("..", 1, 0));
    SHOW("open ../outside.txt", opn("../outside.txt", 1, 0));
    SHOW("open sub/../../outside.txt", opn("sub/../../outside.txt", 1, 0));
    SHOW("open /etc/passwd", opn("/etc/passwd", 1, 0));
    SHOW("open up/outside.txt", opn("up/outside.txt", 1, 0));
    SHOW("open up/outside.txt nofollow", opn("up/outside.txt", 0, 0));
    SHOW("open abs/passwd", opn("abs/passwd", 1, 0));
    SHOW("open sub/deep/outside.txt", opn("sub/deep/outside.txt", 1, 0));
    SHOW("open up (dir, follow)", opn("up", 1, __WASI_OFLAGS_DIRECTORY));
    __wasi_fd_t dfd;
    SHOW("open . with write right (EISDIR)", __wasi_path_open(PRE, 0, ".", __WASI_OFLAGS_DIRECTORY,
         R_ALL, R_ALL, 0, &dfd));
    SHOW("create ../created", opn("../created", 1, __WASI_OFLAGS_CREAT));
    SHOW("create up/created", opn("up/created", 1, __WASI_OFLAGS_CREAT));
    SHOW("stat ..", st("..", 0));
    SHOW("stat up nofollow", st("up", 0));
    SHOW("stat up follow", st("up", 1));
    SHOW("stat abs follow", st("abs", 1));
    SHOW("stat up/outside.txt", st("up/outside.txt", 0));
    SHOW("plant evil -> ../outside.txt", __wasi_path_symlink("../outside.txt", PRE, "evil"));
    SHOW("open evil (follow)", opn("evil", 1, 0));
    SHOW("open evil (nofollow)", opn("evil", 0, 0));
    SHOW("plant evil2 -> /etc/passwd", __wasi_path_symlink("/etc/passwd", PRE, "evil2"));
    SHOW("plant sub/e3 -> ../../outside.txt", __wasi_path_symlink("../../outside.txt", PRE, "sub/e3"));
    SHOW("open sub/e3", opn("sub/e3", 1, 0));
    SHOW("plant chain c1 -> c2", __wasi_path_symlink("c2", PRE, "c1"));
    SHOW("plant chain c2 -> sub/deep", __wasi_path_symlink("sub/deep", PRE, "c2"));
    SHOW("open c1/outside.txt", opn("c1/outside.txt", 1, 0));
    SHOW("symlink into up/", __wasi_path_symlink("x", PRE, "up/planted"));
    SHOW("plant dangling dl -> ../created", __wasi_path_symlink("../created", PRE, "dl"));
    SHOW("create through dl", opn("dl", 1, __WASI_OFLAGS_CREAT));
    SHOW("create through dl, excl", opn("dl", 1, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL));
    SHOW("mkdir dl/", __wasi_path_create_directory(PRE, "dl/"));
    SHOW("rmdir up/", __wasi_path_remove_directory(PRE, "up/"));
    SHOW("unlink up/", __wasi_path_unlink_file(PRE, "up/"));
    SHOW("rename up/ to x", __wasi_path_rename(PRE, "up/", PRE, "x"));
    SHOW("hardlink up/ to x", __wasi_path_link(PRE, 0, "up/", PRE, "x"));
    SHOW("readlink up/", __wasi_path_readlink(PRE, "up/", (uint8_t *)name, sizeof name, &used0));
    SHOW("stat up/ nofollow", st("up/", 0));
    SHOW("set times up/ nofollow", __wasi_path_filestat_set_times(PRE, 0, "up/", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    SHOW("hardlink ../outside.txt", __wasi_path_link(PRE, 0, "../outside.txt", PRE, "h1"));
    SHOW("hardlink up/outside.txt", __wasi_path_link(PRE, 0, "up/outside.txt", PRE, "h2"));
    SHOW("hardlink evil, follow", __wasi_path_link(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "evil", PRE, "h3"));
    SHOW("hardlink inside.txt to ../h4", __wasi_path_link(PRE, 0, "inside.txt", PRE, "../h4"));
    SHOW("rename inside.txt to ../stolen", __wasi_path_rename(PRE, "inside.txt", PRE, "../stolen"));
    SHOW("rename ../outside.txt in", __wasi_path_rename(PRE, "../outside.txt", PRE, "got"));
    SHOW("rename up/outside.txt in", __wasi_path_rename(PRE, "up/outside.txt", PRE, "got"));
    SHOW("mkdir ../newdir", __wasi_path_create_directory(PRE, "../newdir"));
    SHOW("mkdir up/newdir", __wasi_path_create_directory(PRE, "up/newdir"));
    SHOW("unlink ../outside.txt", __wasi_path_unlink_file(PRE, "../outside.txt"));
    SHOW("unlink up/outside.txt", __wasi_path_unlink_file(PRE, "up/outside.txt"));
    SHOW("rmdir ..", __wasi_path_remove_directory(PRE, ".."));
    SHOW("rmdir up/sandbox", __wasi_path_remove_directory(PRE, "up/sandbox"));
    char buf[64];
    __wasi_size_t used;
    SHOW("readlink up/sandbox/up", __wasi_path_readlink(PRE, "up/sandbox/up", (uint8_t *)buf, sizeof buf, &used));
    SHOW("set times up/outside.txt", __wasi_path_filestat_set_times(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
         "up/outside.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    SHOW("set times evil follow", __wasi_path_filestat_set_times(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
         "evil", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    /* rights: a read-only descriptor cannot write, a file is no directory */
    __wasi_fd_t fd;
    SHOW("open inside.txt read-only", __wasi_path_open(PRE, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd));
    __wasi_ciovec_t iov = { (const uint8_t *)"x", 1 };
    __wasi_size_t n;
    __wasi_fd_t fd2;
    SHOW("write read-only fd", __wasi_fd_write(fd, &iov, 1, &n));
    SHOW("path_open on a file fd", __wasi_path_open(fd, 0, "x", 0, 0, 0, 0, &fd2));
    SHOW("shrink rights", __wasi_fd_fdstat_set_rights(fd, 0, 0));
    SHOW("grow rights back", __wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ, 0));
    __wasi_fd_close(fd);
    SHOW("bad fd", __wasi_fd_close(99));
    SHOW("unlink evil", __wasi_path_unlink_file(PRE, "evil"));
    return 0;
}
