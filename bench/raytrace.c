/* raytrace.c — a small Whitted-style ray tracer in single precision:
 * spheres and a checkered plane, two lights with shadows, Phong highlights
 * and recursive reflection, 2x2 supersampling. Only sqrtf from libm.
 * Size = image width (height is 3/4 of it). */
#include "common.h"
#include <math.h>

typedef struct { float x, y, z; } vec;

static vec v(float x, float y, float z) { vec r = { x, y, z }; return r; }
static vec add(vec a, vec b) { return v(a.x + b.x, a.y + b.y, a.z + b.z); }
static vec sub(vec a, vec b) { return v(a.x - b.x, a.y - b.y, a.z - b.z); }
static vec mul(vec a, float s) { return v(a.x * s, a.y * s, a.z * s); }
static vec vmul(vec a, vec b) { return v(a.x * b.x, a.y * b.y, a.z * b.z); }
static float dot(vec a, vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static vec norm(vec a) { return mul(a, 1.0f / sqrtf(dot(a, a))); }

typedef struct { vec c; float r; vec col; float refl; } sphere;

enum { NS = 6, MAXDEPTH = 4 };
static sphere S[NS];
static const vec lights[2] = { { -4.0f, 6.0f, -3.0f }, { 5.0f, 4.0f, -6.0f } };

static void scene(void)
{
    for (int i = 0; i < NS; i++) {
        float a = (float)i;
        S[i].c = v(-3.0f + 1.3f * a, -0.2f + 0.35f * (float)(i % 3), 4.0f + 0.9f * (float)((i * 2) % 5));
        S[i].r = 0.55f + 0.12f * (float)(i % 4);
        S[i].col = v(0.3f + 0.12f * a, 0.9f - 0.1f * a, 0.4f + 0.08f * (float)((i * 3) % 7));
        S[i].refl = i % 2 ? 0.45f : 0.15f;
    }
}

/* Nearest hit along o + t d, t > eps. kind: -1 none, NS plane, else sphere. */
static float hit(vec o, vec d, int *kind)
{
    float best = 1e30f;
    *kind = -1;
    for (int i = 0; i < NS; i++) {
        vec oc = sub(o, S[i].c);
        float b = dot(oc, d), c = dot(oc, oc) - S[i].r * S[i].r;
        float disc = b * b - c;
        if (disc <= 0.0f)
            continue;
        float sq = sqrtf(disc), t = -b - sq;
        if (t < 1e-3f)
            t = -b + sq;
        if (t > 1e-3f && t < best) { best = t; *kind = i; }
    }
    if (d.y < -1e-6f) {  /* floor plane y = -1 */
        float t = (-1.0f - o.y) / d.y;
        if (t > 1e-3f && t < best) { best = t; *kind = NS; }
    }
    return best;
}

static vec trace(vec o, vec d, int depth)
{
    int k;
    float t = hit(o, d, &k);
    if (k < 0) {
        float s = 0.5f * (d.y + 1.0f);
        return add(mul(v(1, 1, 1), 1.0f - s), mul(v(0.5f, 0.7f, 1.0f), s));
    }
    vec p = add(o, mul(d, t)), n, col;
    float refl;
    if (k == NS) {
        n = v(0, 1, 0);
        int chk = ((int)floorf(p.x) + (int)floorf(p.z)) & 1;
        col = chk ? v(0.9f, 0.9f, 0.9f) : v(0.2f, 0.2f, 0.25f);
        refl = 0.25f;
    } else {
        n = norm(sub(p, S[k].c));
        col = S[k].col;
        refl = S[k].refl;
    }
    vec c = mul(col, 0.1f);
    for (int l = 0; l < 2; l++) {
        vec ld = sub(lights[l], p);
        float dist = sqrtf(dot(ld, ld));
        ld = mul(ld, 1.0f / dist);
        float lam = dot(n, ld);
        if (lam <= 0.0f)
            continue;
        int sk;
        if (hit(p, ld, &sk) < dist)
            continue;  /* in shadow */
        c = add(c, mul(col, lam * 0.6f));
        vec h = norm(sub(ld, d));
        float sp = dot(n, h);
        if (sp > 0.0f) {
            sp *= sp; sp *= sp; sp *= sp; sp *= sp; sp *= sp;  /* ^32 */
            c = add(c, mul(v(1, 1, 1), sp * 0.5f));
        }
    }
    if (depth < MAXDEPTH && refl > 0.0f) {
        vec r = sub(d, mul(n, 2.0f * dot(d, n)));
        c = add(mul(c, 1.0f - refl), mul(vmul(trace(p, r, depth + 1), v(1, 1, 1)), refl));
    }
    return c;
}

static uint8_t to8(float f)
{
    if (!(f > 0.0f)) return 0;
    if (f >= 1.0f) return 255;
    return (uint8_t)(f * 255.0f + 0.5f);
}

int main(int argc, char **argv)
{
    long w = bench_size(argc, argv, 1800), h = w * 3 / 4;
    scene();
    uint8_t *img = bench_alloc((size_t)(w * h * 3));
    vec eye = v(0, 0.6f, -3.0f);
    for (long y = 0; y < h; y++)
        for (long x = 0; x < w; x++) {
            vec acc = v(0, 0, 0);
            for (int s = 0; s < 4; s++) {
                float px = ((float)x + 0.25f + 0.5f * (float)(s & 1)) / (float)w * 2.0f - 1.0f;
                float py = 1.0f - ((float)y + 0.25f + 0.5f * (float)(s >> 1)) / (float)h * 2.0f;
                vec d = norm(v(px * 1.33f, py, 1.6f));
                acc = add(acc, trace(eye, d, 0));
            }
            uint8_t *pix = img + (y * w + x) * 3;
            pix[0] = to8(acc.x * 0.25f);
            pix[1] = to8(acc.y * 0.25f);
            pix[2] = to8(acc.z * 0.25f);
        }
    uint64_t sum = 0;
    for (long i = 0; i < w * h * 3; i++)
        sum += img[i];
    printf("raytrace %ldx%ld sum=%llu hash=%016llx\n", w, h, (unsigned long long)sum,
           (unsigned long long)bench_fnv(0, img, (size_t)(w * h * 3)));
    return 0;
}
