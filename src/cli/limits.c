/* limits.c — `weft run`'s resource options: --fuel, --timeout,
 * --max-memory, --max-table, --max-stack (weft.h, limits section). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "weft.h"

/* A whole number with an optional suffix from `units` (name, factor);
 * the first unit with an empty name applies when there is no suffix. */
typedef struct unit { const char *name; uint64_t factor; } unit;

static bool parse_scaled(const char *s, const unit *units, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long long n = strtoull(s, &end, 10);
    for (const unit *u = units; u->name; u++) {
        if (strcmp(end, u->name))
            continue;
        if (u->factor && n > UINT64_MAX / u->factor)
            return false;
        *out = (uint64_t)n * u->factor;
        return true;
    }
    return false;
}

static const unit byte_units[] = {
    {"", 1}, {"K", 1024}, {"KiB", 1024}, {"M", 1 << 20}, {"MiB", 1 << 20},
    {"G", 1 << 30}, {"GiB", 1 << 30}, {NULL, 0},
};
static const unit time_units[] = {
    {"s", 1000000000}, {"", 1000000000}, {"ms", 1000000}, {"us", 1000}, {"ns", 1},
    {"m", 60000000000ull}, {NULL, 0},
};
static const unit count_units[] = { {"", 1}, {NULL, 0} };

int cli_limit_option(const char *name, const char *value, cli_limits *l)
{
    const unit *u = !strcmp(name, "--timeout") ? time_units
                  : !strcmp(name, "--fuel") || !strcmp(name, "--max-table") ? count_units
                  : byte_units;
    uint64_t n;
    if (!parse_scaled(value, u, &n) || n == 0) {
        fprintf(stderr, "weft run: %s takes a positive %s, not '%s'\n", name,
                u == time_units ? "duration (e.g. 100ms, 2s)"
                : u == count_units ? "number" : "size in bytes (e.g. 65536, 64M)", value);
        return 2;
    }
    if (!strcmp(name, "--fuel")) l->fuel = n, l->has_fuel = true;
    else if (!strcmp(name, "--timeout")) l->timeout_ns = n;
    else if (!strcmp(name, "--max-memory")) l->memory = n;
    else if (!strcmp(name, "--max-table")) l->table = n;
    else l->stack = n;
    return 0;
}

/* The store's watchdog interrupts guest code, but a guest blocked in a
 * host call (a long poll, a read from a silent pipe) only sees the
 * interrupt when the call returns. The command line promises a wall-clock
 * bound, so a backstop ends the process shortly after the deadline. */
#define BACKSTOP_GRACE_NS 100000000ull

static void *backstop_main(void *arg)
{
    uint64_t ns = *(uint64_t *)arg + BACKSTOP_GRACE_NS;
    struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };
    while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) != 0)
        ;
    static const char msg[] = "Error: interrupted (in a blocking host call)\n";
    if (write(2, msg, sizeof msg - 1) < 0) { /* nothing else to tell */ }
    _exit(1);
}

static void start_backstop(uint64_t timeout_ns)
{
    static uint64_t deadline;
    static bool started;
    if (started)
        return;
    deadline = timeout_ns;
    pthread_t t;
    if (pthread_create(&t, NULL, backstop_main, &deadline) == 0) {
        pthread_detach(t);
        started = true;
    }
}

int cli_limits_apply(const cli_limits *l, wf_store *store)
{
    wf_store_set_limits(store, l->memory, l->table, l->stack);
    if (l->has_fuel)
        wf_store_set_fuel(store, l->fuel);
    if (l->timeout_ns && !wf_store_set_timeout(store, l->timeout_ns)) {
        fputs("Error: cannot start the --timeout watchdog\n", stderr);
        return 1;
    }
    if (l->timeout_ns)
        start_backstop(l->timeout_ns);
    return 0;
}
