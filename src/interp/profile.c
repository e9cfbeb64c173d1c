/* profile.c — op and op-pair counts of a -DWEFT_PROFILE_OPS build
 * (dispatch.h), printed to stderr at exit: which fusions would pay. */
#ifdef WEFT_PROFILE_OPS
#include <stdio.h>
#include <stdlib.h>

#include "code.h"

static const char *const names[] = {
#define OP_NAME(name) #name,
    ALL_OPS(OP_NAME)
#undef OP_NAME
};

static uint64_t counts[OP_COUNT];
static uint64_t *pairs;   /* OP_COUNT x OP_COUNT */
static int last = -1;

typedef struct { uint64_t n; int a, b; } row;

static int by_count(const void *x, const void *y) {
    uint64_t a = ((const row *)x)->n, b = ((const row *)y)->n;
    return a < b ? 1 : a > b ? -1 : 0;
}

/* How many rows of each list to print: WEFT_PROFILE_TOP, default 40. */
static size_t top_rows(void) {
    const char *e = getenv("WEFT_PROFILE_TOP");
    long n = e ? strtol(e, NULL, 10) : 0;
    return n > 0 ? (size_t)n : 40;
}

static void dump(void) {
    size_t top = top_rows();
    uint64_t total = 0;
    for (int i = 0; i < OP_COUNT; i++) total += counts[i];
    if (!total) return;
    size_t n = 0;
    row *rows = malloc((size_t)OP_COUNT * OP_COUNT * sizeof *rows);
    if (!rows) return;
    for (int i = 0; i < OP_COUNT; i++)
        if (counts[i]) rows[n++] = (row){ counts[i], i, -1 };
    qsort(rows, n, sizeof *rows, by_count);
    fprintf(stderr, "== ops (%llu dispatches)\n", (unsigned long long)total);
    for (size_t i = 0; i < n && i < top; i++)
        fprintf(stderr, "%6.2f%% %s\n", 100.0 * rows[i].n / total, names[rows[i].a]);
    n = 0;
    for (int a = 0; a < OP_COUNT; a++)
        for (int b = 0; b < OP_COUNT; b++)
            if (pairs[a * OP_COUNT + b]) rows[n++] = (row){ pairs[a * OP_COUNT + b], a, b };
    qsort(rows, n, sizeof *rows, by_count);
    fprintf(stderr, "== pairs\n");
    for (size_t i = 0; i < n && i < top; i++)
        fprintf(stderr, "%6.2f%% %s -> %s\n", 100.0 * rows[i].n / total, names[rows[i].a],
                names[rows[i].b]);
    free(rows);
}

void interp_prof_hit(int op) {
    if (!pairs) {
        pairs = calloc((size_t)OP_COUNT * OP_COUNT, sizeof *pairs);
        if (!pairs) abort();
        atexit(dump);
    }
    counts[op]++;
    if (last >= 0) pairs[last * OP_COUNT + op]++;
    last = op;
}
#else
typedef int interp_profile_unused;
#endif
