/* timeit.c — runs one command and reports its wall time and peak RSS.
 *   timeit OUT_FILE CMD [ARGS...]
 * The command's stdout goes to OUT_FILE, its stderr to OUT_FILE.err; on
 * our stdout: "<wall seconds> <max_rss_kb> <exit status> <cpu seconds>"
 * (status 128+N when killed by signal N; cpu = the child's user+system
 * time, which stays steady when other jobs share the machine). A command
 * still running after $WEFT_BENCH_TIMEOUT seconds (default 300) is killed. Built natively by run.sh; not part of weft. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile pid_t child;

static void on_alarm(int sig)
{
    (void)sig;
    if (child > 0)
        kill(child, SIGKILL);
}

static int open_out(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(path);
        exit(2);
    }
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: timeit OUT_FILE CMD [ARGS...]\n");
        return 2;
    }
    size_t n = strlen(argv[1]);
    char *errpath = malloc(n + 5);
    if (!errpath)
        return 2;
    memcpy(errpath, argv[1], n);
    memcpy(errpath + n, ".err", 5);
    int out = open_out(argv[1]), err = open_out(errpath);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        dup2(out, 1);
        dup2(err, 2);
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    child = pid;
    const char *lim = getenv("WEFT_BENCH_TIMEOUT");
    signal(SIGALRM, on_alarm);
    alarm(lim && atoi(lim) > 0 ? (unsigned)atoi(lim) : 300);
    int st, rc;
    struct rusage ru;
    while ((rc = wait4(pid, &st, 0, &ru)) < 0 && errno == EINTR)
        ;
    alarm(0);
    if (rc < 0) {
        perror("wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    printf("%.4f %ld %d %.4f\n", secs, ru.ru_maxrss, code, cpu);
    free(errpath);
    return 0;
}
