/* Directories: mkdir, readdir over many entries with cookies, rmdir,
 * rename, link, symlink, readlink, unlink. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#define CHECK(name, cond) printf("%-32s %s\n", name, (cond) ? "ok" : "FAILED")
#define NFILES 500

/* Walk the directory with raw fd_readdir and a tiny buffer, so every call
 * resumes from a cookie; count names starting with "f". */
static int raw_count(int fd, size_t bufsize, int *dups)
{
    static char seen[NFILES];
    memset(seen, 0, sizeof seen);
    char *buf = malloc(bufsize);
    __wasi_dircookie_t cookie = 0;
    int n = 0;
    *dups = 0;
    for (;;) {
        __wasi_size_t used = 0;
        if (__wasi_fd_readdir(fd, (uint8_t *)buf, bufsize, cookie, &used) != 0) { n = -1; break; }
        size_t at = 0;
        int got = 0;
        while (at + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t de;
            memcpy(&de, buf + at, sizeof de);
            if (at + sizeof de + de.d_namlen > used) break;   /* truncated: resume */
            char name[64] = { 0 };
            memcpy(name, buf + at + sizeof de, de.d_namlen < 63 ? de.d_namlen : 63);
            if (de.d_namlen > 1 && name[0] == 'f') {
                int k = atoi(name + 1);
                if (k >= 0 && k < NFILES) { if (seen[k]) (*dups)++; seen[k] = 1; }
                n++;
            }
            cookie = de.d_next;
            at += sizeof de + de.d_namlen;
            got++;
        }
        if (used < bufsize) break;   /* end of directory */
        if (!got) { n = -2; break; }  /* buffer too small for one entry */
    }
    free(buf);
    return n;
}

int main(void)
{
    CHECK("mkdir", mkdir("/sandbox/d", 0755) == 0);
    CHECK("mkdir existing", mkdir("/sandbox/d", 0755) == -1 && errno == EEXIST);
    CHECK("mkdir nested", mkdir("/sandbox/d/sub", 0755) == 0);
    char name[64];
    int made = 0;
    for (int i = 0; i < NFILES; i++) {
        snprintf(name, sizeof name, "/sandbox/d/f%d", i);
        int fd = open(name, O_CREAT | O_WRONLY, 0644);
        if (fd >= 0) { made++; close(fd); }
    }
    CHECK("create 500 files", made == NFILES);
    DIR *dir = opendir("/sandbox/d");
    int n = 0, subdir = 0;
    struct dirent *de;
    while (dir && (de = readdir(dir))) {
        if (de->d_name[0] == 'f') n++;
        else if (!strcmp(de->d_name, "sub") && de->d_type == DT_DIR) subdir++;
    }
    CHECK("readdir sees all", n == NFILES && subdir == 1);
    rewinddir(dir);
    n = 0;
    while (dir && (de = readdir(dir))) if (de->d_name[0] == 'f') n++;
    CHECK("rewinddir", n == NFILES);
    /* telldir/seekdir: remember a position, read on, come back */
    rewinddir(dir);
    for (int i = 0; i < 100; i++) readdir(dir);
    long pos = telldir(dir);
    char at_pos[256] = { 0 };
    de = readdir(dir);
    if (de) snprintf(at_pos, sizeof at_pos, "%s", de->d_name);
    for (int i = 0; i < 200; i++) readdir(dir);
    seekdir(dir, pos);
    de = readdir(dir);
    CHECK("telldir/seekdir stable", de && !strcmp(de->d_name, at_pos));
    int fd = dirfd(dir);
    int dups = 0;
    CHECK("raw cookies, 40-byte buffer", raw_count(fd, 40, &dups) == NFILES && dups == 0);
    CHECK("raw cookies, 333-byte buffer", raw_count(fd, 333, &dups) == NFILES && dups == 0);
    CHECK("raw cookies, 64 KiB buffer", raw_count(fd, 65536, &dups) == NFILES && dups == 0);
    closedir(dir);
    CHECK("readdir on a file is ENOTDIR", opendir("/sandbox/d/f1") == NULL && errno == ENOTDIR);
    for (int i = 0; i < NFILES; i++) {
        snprintf(name, sizeof name, "/sandbox/d/f%d", i);
        unlink(name);
    }
    CHECK("rmdir non-empty", rmdir("/sandbox/d") == -1 && errno == ENOTEMPTY);
    CHECK("rename dir", rename("/sandbox/d/sub", "/sandbox/d/sub2") == 0);
    CHECK("rmdir", rmdir("/sandbox/d/sub2") == 0);
    CHECK("rmdir missing", rmdir("/sandbox/d/sub2") == -1 && errno == ENOENT);
    int f = open("/sandbox/d/a", O_CREAT | O_WRONLY, 0644);
    CHECK("write a", f >= 0 && write(f, "abc", 3) == 3);
    close(f);
    CHECK("rename file", rename("/sandbox/d/a", "/sandbox/d/b") == 0 && access("/sandbox/d/a", F_OK) == -1);
    CHECK("link", link("/sandbox/d/b", "/sandbox/d/c") == 0);
    struct stat st;
    CHECK("link count 2", stat("/sandbox/d/b", &st) == 0 && st.st_nlink == 2);
    CHECK("link to existing", link("/sandbox/d/b", "/sandbox/d/c") == -1 && errno == EEXIST);
    CHECK("symlink", symlink("b", "/sandbox/d/s") == 0);
    char lb[64] = { 0 };
    CHECK("readlink", readlink("/sandbox/d/s", lb, sizeof lb) == 1 && lb[0] == 'b');
    CHECK("readlink on a file", readlink("/sandbox/d/b", lb, sizeof lb) == -1 && errno == EINVAL);
    CHECK("lstat symlink", lstat("/sandbox/d/s", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK("stat follows", stat("/sandbox/d/s", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3);
    f = open("/sandbox/d/s", O_RDONLY);
    CHECK("open via symlink", f >= 0 && read(f, lb, 3) == 3 && !memcmp(lb, "abc", 3));
    close(f);
    CHECK("O_NOFOLLOW on symlink", open("/sandbox/d/s", O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP);
    CHECK("symlink dangling", symlink("nowhere", "/sandbox/d/dang") == 0 &&
          open("/sandbox/d/dang", O_RDONLY) == -1 && errno == ENOENT);
    CHECK("symlink loop", symlink("loop", "/sandbox/d/loop") == 0 &&
          open("/sandbox/d/loop", O_RDONLY) == -1 && errno == ELOOP);
    CHECK("unlink symlink", unlink("/sandbox/d/s") == 0 && access("/sandbox/d/b", F_OK) == 0);
    CHECK("unlink dir is EISDIR", unlink("/sandbox/d") == -1 && (errno == EISDIR || errno == EPERM));
    CHECK("unlink file/ is ENOTDIR", unlink("/sandbox/d/b/") == -1 && errno == ENOTDIR);
    unlink("/sandbox/d/b"); unlink("/sandbox/d/c"); unlink("/sandbox/d/dang"); unlink("/sandbox/d/loop");
    CHECK("rmdir emptied", rmdir("/sandbox/d") == 0);
    return 0;
}
