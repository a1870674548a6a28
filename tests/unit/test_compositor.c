/* test_compositor.c — the compositor against a straightforward reference.
 *
 * The reference blends each pixel in floating point, d + (s - d) * a / 255
 * for coverage and s + d * (1 - a / 255) for premultiplied colour, and
 * clips by testing every pixel. Random glyphs (coverage and colour, random
 * sizes, random positions including partly or wholly outside) are drawn by
 * both into random backgrounds, in two channel orders, with and without a
 * clip rectangle; every pixel must agree within 2 per channel, every pixel
 * outside the clip must be untouched, and the fourth byte never changes. The
 * seed is printed (GLYPHPAD_TEST_SEED replays another). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "compositor.h"

#define W 64
#define H 48

static guint32 test_seed(void)
{
  const char *env = g_getenv("GLYPHPAD_TEST_SEED");
  guint32 seed = env != NULL ? (guint32)strtoul(env, NULL, 10) : 20261130u;
  g_test_message("seed %u (set GLYPHPAD_TEST_SEED to replay another)", seed);
  return seed;
}

/* A glyph of @w x @h random pixels (coverage, or premultiplied BGRA). */
static Glyph *random_glyph(GRand *rand, int w, int h, bool color)
{
  gsize bytes = (gsize)w * (gsize)h * (color ? 4 : 1);
  Glyph *g = g_malloc0(sizeof(Glyph) + bytes);
  g->width = (uint16_t)w;
  g->rows = (uint16_t)h;
  g->flags = color ? GLYPH_COLOR : 0;
  for (gsize i = 0; i < (gsize)w * (gsize)h; i++) {
    int zero = g_rand_int_range(rand, 0, 4) == 0; /* empty pixels are common in glyphs */
    uint8_t a = zero ? 0 : (uint8_t)g_rand_int_range(rand, 0, 256);
    if (!color) {
      g->bitmap[i] = a;
      continue;
    }
    for (int c = 0; c < 3; c++) /* premultiplied: no channel above alpha */
      g->bitmap[i * 4 + c] = (uint8_t)g_rand_int_range(rand, 0, a + 1);
    g->bitmap[i * 4 + 3] = a;
  }
  return g;
}

/* Channel @shift of @px. */
static int channel(uint32_t px, int shift)
{
  return (int)(px >> shift) & 0xFF;
}

/* The reference: one pixel of @g at bitmap (@bx, @by) over @d. */
static uint32_t reference_pixel(const CompositorTarget *t, const Glyph *g, int bx, int by,
                                uint32_t d, SDL_Color color)
{
  const int shifts[3] = {t->shift_r, t->shift_g, t->shift_b};
  const int text[3] = {color.r, color.g, color.b};
  uint32_t out = d & 0xFF000000u;
  for (int c = 0; c < 3; c++) {
    double dst = channel(d, shifts[c]), v;
    if (g->flags & GLYPH_COLOR) {
      const uint8_t *p = g->bitmap + ((gsize)by * g->width + (gsize)bx) * 4;
      double a = p[3] / 255.0, s = p[2 - c]; /* B, G, R bytes */
      v = s + dst * (1.0 - a);
    } else {
      double a = g->bitmap[(gsize)by * g->width + (gsize)bx] / 255.0;
      v = dst + (text[c] - dst) * a;
    }
    out |= (uint32_t)CLAMP((int)(v + 0.5), 0, 255) << shifts[c];
  }
  return out;
}

/* Whether (@x, @y) is inside @clip (NULL: everywhere) and the target. */
static bool inside(const SDL_Rect *clip, int x, int y)
{
  bool in_target = x >= 0 && y >= 0 && x < W && y < H;
  return in_target && (clip == NULL || (x >= clip->x && y >= clip->y && x < clip->x + clip->w &&
                                        y < clip->y + clip->h));
}

/* Draws @g at (@gx, @gy) with the compositor into @got and by hand into
 * @want (both start as @bg), then compares every pixel. */
static void check_one(const CompositorTarget *t, uint32_t *got, const uint32_t *bg,
                      const SDL_Rect *clip, const Glyph *g, int gx, int gy, SDL_Color color)
{
  uint32_t want[W * H];
  memcpy(got, bg, sizeof want);
  memcpy(want, bg, sizeof want);
  compositor_blend_glyph(t, clip, g, gx, gy, color);
  for (int by = 0; by < g->rows; by++)
    for (int bx = 0; bx < g->width; bx++)
      if (inside(clip, gx + bx, gy + by))
        want[(gy + by) * W + gx + bx] = reference_pixel(t, g, bx, by, bg[(gy + by) * W + gx + bx],
                                                        color);
  for (int i = 0; i < W * H; i++) {
    g_assert_cmphex(got[i] & 0xFF000000u, ==, want[i] & 0xFF000000u);
    for (int shift = 0; shift < 24; shift += 8)
      g_assert_cmpint(abs(channel(got[i], shift) - channel(want[i], shift)), <=, 2);
    if (!inside(clip, i % W, i / W))
      g_assert_cmphex(got[i], ==, bg[i]); /* outside: untouched */
  }
}

static void random_background(GRand *rand, uint32_t *bg)
{
  for (int i = 0; i < W * H; i++)
    bg[i] = g_rand_int(rand);
}

/* Random glyphs at random places, partly outside included, in @format. */
static void check_random(Uint32 format, bool with_clip)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(test_seed());
  uint32_t got[W * H], bg[W * H];
  SDL_Rect area = {0, 0, W, H};
  CompositorTarget t;
  g_assert_true(compositor_target(&t, got, &area, W * 4, format));
  for (int i = 0; i < 400; i++) {
    random_background(rand, bg);
    int w = g_rand_int_range(rand, 0, 40), h = g_rand_int_range(rand, 0, 40);
    g_autofree Glyph *g = random_glyph(rand, w, h, g_rand_int_range(rand, 0, 4) == 0);
    int gx = g_rand_int_range(rand, -45, W + 5), gy = g_rand_int_range(rand, -45, H + 5);
    SDL_Rect clip = {g_rand_int_range(rand, -5, W), g_rand_int_range(rand, -5, H),
                     g_rand_int_range(rand, 0, W), g_rand_int_range(rand, 0, H)};
    SDL_Color color = {(Uint8)g_rand_int(rand), (Uint8)g_rand_int(rand), (Uint8)g_rand_int(rand),
                       255};
    check_one(&t, got, bg, with_clip ? &clip : NULL, g, gx, gy, color);
  }
}

static void test_random_argb(void)
{
  check_random(SDL_PIXELFORMAT_ARGB8888, false);
}

static void test_random_abgr_clipped(void)
{
  check_random(SDL_PIXELFORMAT_ABGR8888, true);
}

/* A glyph over every edge and corner of the target and of a clip inside it. */
static void test_edges_and_corners(void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(test_seed());
  uint32_t got[W * H], bg[W * H];
  SDL_Rect area = {0, 0, W, H}, clip = {10, 8, 30, 20};
  CompositorTarget t;
  g_assert_true(compositor_target(&t, got, &area, W * 4, SDL_PIXELFORMAT_XRGB8888));
  g_autofree Glyph *gray = random_glyph(rand, 12, 10, false);
  g_autofree Glyph *color = random_glyph(rand, 12, 10, true);
  const SDL_Rect *clips[2] = {NULL, &clip};
  for (int k = 0; k < 2; k++) {
    const SDL_Rect *c = clips[k];
    SDL_Rect box = c ? *c : area;
    int xs[3] = {box.x - 6, box.x + box.w / 2, box.x + box.w - 6};
    int ys[3] = {box.y - 5, box.y + box.h / 2, box.y + box.h - 5};
    for (int i = 0; i < 9; i++) {
      random_background(rand, bg);
      SDL_Color text = {200, 30, 90, 255};
      check_one(&t, got, bg, c, i % 2 ? color : gray, xs[i % 3], ys[i / 3], text);
    }
  }
}

/* A target over part of a buffer (a locked rectangle of a texture): the
 * drawing's coordinates are the whole's, and nothing outside the part moves. */
static void test_target_with_origin(void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(test_seed());
  uint32_t whole[W * H], before[W * H];
  random_background(rand, whole);
  memcpy(before, whole, sizeof whole);
  SDL_Rect part = {20, 10, 16, 12};
  CompositorTarget t;
  g_assert_true(
      compositor_target(&t, whole + part.y * W + part.x, &part, W * 4, SDL_PIXELFORMAT_ARGB8888));
  g_autofree Glyph *g = random_glyph(rand, 30, 30, false);
  compositor_blend_glyph(&t, NULL, g, 12, 4, (SDL_Color){0, 0, 0, 255});
  SDL_Rect all = {0, 0, W, H};
  compositor_fill(&t, NULL, &all, (SDL_Color){1, 2, 3, 255});
  for (int i = 0; i < W * H; i++) {
    int x = i % W, y = i / W;
    bool in = x >= part.x && y >= part.y && x < part.x + part.w && y < part.y + part.h;
    if (in)
      g_assert_cmphex(whole[i] & 0xFFFFFFu, ==, 0x010203u);
    else
      g_assert_cmphex(whole[i], ==, before[i]);
  }
}

/* Full coverage gives the colour exactly, none leaves the pixel. */
static void test_exact_ends(void)
{
  uint32_t px[4] = {0xFF123456u, 0xFF123456u, 0, 0};
  SDL_Rect area = {0, 0, 2, 2};
  CompositorTarget t;
  g_assert_true(compositor_target(&t, px, &area, 8, SDL_PIXELFORMAT_ARGB8888));
  Glyph *g = g_malloc0(sizeof(Glyph) + 2);
  g->width = 2;
  g->rows = 1;
  g->bitmap[0] = 255;
  g->bitmap[1] = 0;
  compositor_blend_glyph(&t, NULL, g, 0, 0, (SDL_Color){0xAB, 0xCD, 0xEF, 255});
  g_assert_cmphex(px[0], ==, 0xFFABCDEFu);
  g_assert_cmphex(px[1], ==, 0xFF123456u);
  g_free(g);
}

static void test_formats(void)
{
  uint32_t px;
  SDL_Rect one = {0, 0, 1, 1};
  CompositorTarget t;
  g_assert_true(compositor_target(&t, &px, &one, 4, SDL_PIXELFORMAT_RGB888));
  g_assert_false(compositor_target(&t, &px, &one, 4, SDL_PIXELFORMAT_RGB565));
  g_assert_false(compositor_target(&t, &px, &one, 4, SDL_PIXELFORMAT_RGBA8888));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/compositor/random/argb", test_random_argb);
  g_test_add_func("/compositor/random/abgr-clipped", test_random_abgr_clipped);
  g_test_add_func("/compositor/clip/edges-and-corners", test_edges_and_corners);
  g_test_add_func("/compositor/clip/target-with-origin", test_target_with_origin);
  g_test_add_func("/compositor/exact-ends", test_exact_ends);
  g_test_add_func("/compositor/formats", test_formats);
  return g_test_run();
}
