/* Regular files: create, read, write, seek, tell, pread, pwrite, stat,
 * times, truncate, allocate, sync. Prints one line per check. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(name, cond) printf("%-28s %s\n", name, (cond) ? "ok" : "FAILED")

int main(void)
{
    int fd = open("/sandbox/f.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK("create", fd >= 0);
    CHECK("write", write(fd, "hello, world", 12) == 12);
    CHECK("tell after write", lseek(fd, 0, SEEK_CUR) == 12);
    CHECK("seek set", lseek(fd, 7, SEEK_SET) == 7);
    char buf[64] = { 0 };
    CHECK("read after seek", read(fd, buf, 5) == 5 && !memcmp(buf, "world", 5));
    CHECK("read at eof", read(fd, buf, 5) == 0);
    CHECK("seek end", lseek(fd, -5, SEEK_END) == 7);
    CHECK("seek cur", lseek(fd, 2, SEEK_CUR) == 9);
    CHECK("seek negative", lseek(fd, -100, SEEK_SET) == -1 && errno == EINVAL);
    CHECK("pwrite", pwrite(fd, "HELLO", 5, 0) == 5);
    CHECK("pwrite keeps offset", lseek(fd, 0, SEEK_CUR) == 9);
    memset(buf, 0, sizeof buf);
    CHECK("pread", pread(fd, buf, 12, 0) == 12 && !strcmp(buf, "HELLO, world"));
    CHECK("pread past end", pread(fd, buf, 4, 100) == 0);
    struct stat st;
    CHECK("fstat size", fstat(fd, &st) == 0 && st.st_size == 12 && S_ISREG(st.st_mode));
    CHECK("fstat nlink", st.st_nlink == 1);
    CHECK("ftruncate grow", ftruncate(fd, 100) == 0 && fstat(fd, &st) == 0 && st.st_size == 100);
    CHECK("ftruncate shrink", ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
    CHECK("posix_fallocate", posix_fallocate(fd, 0, 4096) == 0 && fstat(fd, &st) == 0 && st.st_size == 4096);
    CHECK("fsync", fsync(fd) == 0);
    CHECK("fdatasync", fdatasync(fd) == 0);
    struct timespec ts[2] = { { 1000000000, 5 }, { 1200000000, 7 } };
    CHECK("futimens", futimens(fd, ts) == 0);
    CHECK("stat times", fstat(fd, &st) == 0 && st.st_atim.tv_sec == 1000000000 &&
          st.st_mtim.tv_sec == 1200000000 && st.st_mtim.tv_nsec == 7);
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1300000000, 0 } };
    CHECK("utimensat omit atime", utimensat(AT_FDCWD, "/sandbox/f.txt", omit, 0) == 0 &&
          stat("/sandbox/f.txt", &st) == 0 && st.st_atim.tv_sec == 1000000000 &&
          st.st_mtim.tv_sec == 1300000000);
    CHECK("truncate by path", truncate("/sandbox/f.txt", 3) == 0 &&
          stat("/sandbox/f.txt", &st) == 0 && st.st_size == 3);
    CHECK("close", close(fd) == 0);
    CHECK("closed fd is EBADF", write(fd, "x", 1) == -1 && errno == EBADF);
    fd = open("/sandbox/f.txt", O_WRONLY | O_APPEND);
    CHECK("open append", fd >= 0 && write(fd, "xyz", 3) == 3);
    close(fd);
    CHECK("append landed", stat("/sandbox/f.txt", &st) == 0 && st.st_size == 6);
    fd = open("/sandbox/f.txt", O_RDONLY);
    CHECK("read-only rejects write", write(fd, "x", 1) == -1 && (errno == EBADF || errno == ENOTCAPABLE));
    close(fd);
    CHECK("O_EXCL on existing", open("/sandbox/f.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
    CHECK("open missing", open("/sandbox/nope", O_RDONLY) == -1 && errno == ENOENT);
    CHECK("open dir for write", open("/sandbox", O_WRONLY) == -1 && errno == EISDIR);
    int d = open("/sandbox", O_RDONLY | O_DIRECTORY);
    CHECK("seek on a directory fails", d >= 0 && lseek(d, 0, SEEK_SET) == -1);
    close(d);
    CHECK("unlink", unlink("/sandbox/f.txt") == 0);
    return 0;
}
