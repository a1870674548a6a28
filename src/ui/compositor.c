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

#include <string.h>

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
  if (clip != NULL && !SDL_IntersectRect(&bounds, clip, &inside))
    return false;
  return SDL_IntersectRect(clip != NULL ? &inside : &bounds, rect, out);
}

void compositor_fill(const CompositorTarget *t, const SDL_Rect *clip, const SDL_Rect *rect,
                     SDL_Color color)
{
  g_return_if_fail(t != NULL && rect != NULL);
  SDL_Rect r;
  if (!visible_part(t, clip, rect, &r))
    return;
  uint32_t px = pack(t, color) | 0xFF000000u;
  for (int y = r.y; y < r.y + r.h; y++) {
    uint32_t *row = pixel_at(t, r.x, y);
    for (int x = 0; x < r.w; x++) /* a plain store: the compiler makes it a wide one */
      row[x] = px;
  }
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

/* Blends rows of coverage: @r is the target rectangle, (@sx, @sy) its first
 * bitmap pixel. */
static void blend_gray(const CompositorTarget *t, const Glyph *g, const SDL_Rect *r, int sx, int sy,
                       uint32_t color)
{
  uint32_t rb = color & RB_MASK, gg = color & G_MASK;
  for (int y = 0; y < r->h; y++) {
    const uint8_t *cov = g->bitmap + (gsize)(sy + y) * g->width + sx;
    uint32_t *row = pixel_at(t, r->x, r->y + y);
    for (int x = 0; x < r->w; x++) {
      uint64_t eight;
      if (x + 8 <= r->w && (memcpy(&eight, cov + x, 8), eight == 0)) {
        x += 7; /* eight empty pixels: most of a glyph's box is empty */
        continue;
      }
      if (cov[x] == 0)
        continue;
      row[x] = cov[x] == 255 ? (row[x] & 0xFF000000u) | color /* stems are solid */
                             : blend_coverage(row[x], cov[x], rb, gg);
    }
  }
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
