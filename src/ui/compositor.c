/* compositor.c — glyph coverage and colour bitmaps blended into 32-bit pixels
 * (the blending math is in compositor.h).
 *
 * Clipping happens once per glyph: the bitmap's rectangle is intersected with
 * the target and the clip, and the inner loops then walk whole rows of the
 * part that shows, with no test per pixel but the skip of zero coverage
 * (most of a glyph's box is empty). The text colour is laid out in the
 * target's channel order once per glyph, so the loops never look at the
 * format. */
#include "compositor.h"

#include "rect.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define RB_MASK 0x00FF00FFu
#define G_MASK 0x0000FF00u

bool compositor_target(CompositorTarget *out, void *pixels, const SDL_Rect *area, int pitch,
                       Uint32 format)
{
  g_return_val_if_fail(out != NULL && pixels != NULL && area != NULL, false);
  /* the masks say where the channels are (no SDL_PixelFormat to allocate:
   * this runs for every rectangle composed) */
  int bpp;
  Uint32 rmask, gmask, bmask, amask;
  if (!SDL_PixelFormatEnumToMasks(format, &bpp, &rmask, &gmask, &bmask, &amask))
    return false;
  uint8_t r = rmask == 0xFF0000u ? 16 : 0, b = bmask == 0xFF0000u ? 16 : 0;
  *out = (CompositorTarget){pixels, area->x, area->y, area->w, area->h, pitch / 4, r, 8, b};
  return bpp == 32 && gmask == 0xFF00u &&
         ((rmask == 0xFF0000u && bmask == 0xFFu) || (rmask == 0xFFu && bmask == 0xFF0000u));
}

/* @color in the target's channel order. */
static uint32_t pack(const CompositorTarget *t, SDL_Color c)
{
  return (uint32_t)c.r << t->shift_r | (uint32_t)c.g << t->shift_g | (uint32_t)c.b << t->shift_b;
}

/* The pixel at (@x, @y) of the drawing's coordinates (inside the target). */
static inline uint32_t *pixel_at(const CompositorTarget *t, int x, int y)
{
  return t->pixels + (gsize)(y - t->origin_y) * (gsize)t->stride + (x - t->origin_x);
}

/* The part of @rect inside the target and @clip (may be NULL); false when none. */
static bool visible_part(const CompositorTarget *t, const SDL_Rect *clip, const SDL_Rect *rect,
                         SDL_Rect *out)
{
  SDL_Rect bounds = {t->origin_x, t->origin_y, t->width, t->height}, inside;
  if (clip != NULL && !rect_intersect(&bounds, clip, &inside))
    return false;
  return rect_intersect(clip != NULL ? &inside : &bounds, rect, out);
}

/* @n pixels of @row set to @px. Written out four pixels a store: at -O2
 * GCC leaves the plain loop scalar, and a full frame's background is
 * two million pixels. */
static void fill_row(uint32_t *row, int n, uint32_t px)
{
  int x = 0;
#ifdef __SSE2__
  __m128i four = _mm_set1_epi32((int)px);
  for (; x + 4 <= n; x += 4)
    _mm_storeu_si128((__m128i *)(void *)(row + x), four);
#endif
  for (; x < n; x++)
    row[x] = px;
}

void compositor_fill(const CompositorTarget *t, const SDL_Rect *clip, const SDL_Rect *rect,
                     SDL_Color color)
{
  g_return_if_fail(t != NULL && rect != NULL);
  SDL_Rect r;
  if (!visible_part(t, clip, rect, &r))
    return;
  uint32_t px = pack(t, color) | 0xFF000000u;
  for (int y = r.y; y < r.y + r.h; y++)
    fill_row(pixel_at(t, r.x, y), r.w, px);
}

/* One pixel @d covered @a (0..255) by colour @rb/@g (laid out in the target). */
static inline uint32_t blend_coverage(uint32_t d, uint32_t a, uint32_t rb, uint32_t g)
{
  uint32_t w = a + (a >> 7), v = 256 - w;
  uint32_t out_rb = ((rb * w + (d & RB_MASK) * v) >> 8) & RB_MASK;
  uint32_t out_g = ((g * w + (d & G_MASK) * v) >> 8) & G_MASK;
  return (d & 0xFF000000u) | out_rb | out_g;
}

/* One pixel @d under premultiplied colour @s (laid out in the target) of alpha @a. */
static inline uint32_t blend_over(uint32_t d, uint32_t s, uint32_t a)
{
  uint32_t v = 256 - (a + (a >> 7));
  uint32_t rb = (((d & RB_MASK) * v) >> 8) & RB_MASK, g = (((d & G_MASK) * v) >> 8) & G_MASK;
  return (d & 0xFF000000u) | ((s & 0x00FFFFFFu) + rb + g);
}

/* Blends @n pixels of coverage @cov into @row, one pixel at a time: the
 * whole row where there is no SSE2, the last 0..3 pixels where there is. */
static void blend_gray_pixels(uint32_t *row, const uint8_t *cov, int n, uint32_t color)
{
  uint32_t rb = color & RB_MASK, g = color & G_MASK;
  for (int x = 0; x < n; x++)
    if (cov[x] != 0)
      row[x] = cov[x] == 255 ? (row[x] & 0xFF000000u) | color /* stems are solid */
                             : blend_coverage(row[x], cov[x], rb, g);
}

#ifdef __SSE2__
/* Four pixels at a time, the same arithmetic as blend_coverage in 16-bit
 * lanes (s * w + d * (256 - w) <= 255 * 256 fits), so both give the same
 * pixels. A glyph's row is a few to a few dozen pixels: four empty pixels
 * are skipped and four solid ones stored, and the rest blended without a
 * branch per pixel, which is what made the scalar loop slow (its two
 * tests per pixel mispredict on antialiased edges). */
static void blend_gray_row(uint32_t *row, const uint8_t *cov, int n, uint32_t color)
{
  const __m128i zero = _mm_setzero_si128(), full = _mm_set1_epi16(256);
  const __m128i keep = _mm_set1_epi32((int)0xFF000000u); /* the fourth byte stays */
  const __m128i solid = _mm_set1_epi32((int)color);
  const __m128i s16 = _mm_unpacklo_epi8(solid, zero); /* two pixels of colour, 16-bit lanes */
  int x = 0;
  for (; x + 4 <= n; x += 4) {
    uint32_t four;
    memcpy(&four, cov + x, 4);
    if (four == 0)
      continue;
    __m128i d = _mm_loadu_si128((const __m128i *)(void *)(row + x));
    __m128i out;
    if (four == 0xFFFFFFFFu) {
      out = solid;
    } else {
      __m128i a = _mm_unpacklo_epi8(_mm_cvtsi32_si128((int)four), zero); /* a0..a3 */
      __m128i w = _mm_add_epi16(a, _mm_srli_epi16(a, 7));
      w = _mm_unpacklo_epi16(w, w); /* w0 w0 w1 w1 w2 w2 w3 w3 */
      __m128i w01 = _mm_unpacklo_epi32(w, w), w23 = _mm_unpackhi_epi32(w, w); /* per channel */
      __m128i d01 = _mm_unpacklo_epi8(d, zero), d23 = _mm_unpackhi_epi8(d, zero);
      d01 = _mm_add_epi16(_mm_mullo_epi16(s16, w01),
                          _mm_mullo_epi16(d01, _mm_sub_epi16(full, w01)));
      d23 = _mm_add_epi16(_mm_mullo_epi16(s16, w23),
                          _mm_mullo_epi16(d23, _mm_sub_epi16(full, w23)));
      out = _mm_packus_epi16(_mm_srli_epi16(d01, 8), _mm_srli_epi16(d23, 8));
    }
    out = _mm_or_si128(_mm_andnot_si128(keep, out), _mm_and_si128(keep, d));
    _mm_storeu_si128((__m128i *)(void *)(row + x), out);
  }
  blend_gray_pixels(row + x, cov + x, n - x, color);
}
#else
static void blend_gray_row(uint32_t *row, const uint8_t *cov, int n, uint32_t color)
{
  blend_gray_pixels(row, cov, n, color);
}
#endif

/* Blends rows of coverage: @r is the target rectangle, (@sx, @sy) its first
 * bitmap pixel. */
static void blend_gray(const CompositorTarget *t, const Glyph *g, const SDL_Rect *r, int sx, int sy,
                       uint32_t color)
{
  for (int y = 0; y < r->h; y++)
    blend_gray_row(pixel_at(t, r->x, r->y + y), g->bitmap + (gsize)(sy + y) * g->width + sx, r->w,
                   color);
}

/* The same for a colour glyph: premultiplied B, G, R, A bytes a pixel. */
static void blend_color(const CompositorTarget *t, const Glyph *g, const SDL_Rect *r, int sx,
                        int sy)
{
  for (int y = 0; y < r->h; y++) {
    const uint8_t *src = g->bitmap + ((gsize)(sy + y) * g->width + sx) * 4;
    uint32_t *row = pixel_at(t, r->x, r->y + y);
    for (int x = 0; x < r->w; x++, src += 4) {
      if (src[3] == 0)
        continue;
      uint32_t s = (uint32_t)src[2] << t->shift_r | (uint32_t)src[1] << t->shift_g |
                   (uint32_t)src[0] << t->shift_b;
      row[x] = blend_over(row[x], s, src[3]);
    }
  }
}

void compositor_blend_glyph(const CompositorTarget *t, const SDL_Rect *clip, const Glyph *glyph,
                            int x, int y, SDL_Color color)
{
  g_return_if_fail(t != NULL && glyph != NULL);
  SDL_Rect box = {x, y, glyph->width, glyph->rows}, r;
  if (box.w == 0 || box.h == 0 || !visible_part(t, clip, &box, &r))
    return;
  if (glyph->flags & GLYPH_COLOR)
    blend_color(t, glyph, &r, r.x - x, r.y - y);
  else
    blend_gray(t, glyph, &r, r.x - x, r.y - y, pack(t, color));
}
