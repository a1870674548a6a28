/* glyph.c — rasterizing one Glyph, copying it, freeing it.
 *
 * A Glyph is one allocation: the struct and its bitmap (a flexible array
 * member), so a private copy is one g_malloc and one memcpy. Outline fonts are
 * loaded by glyph id at the pixel size with light hinting (vertical only, so
 * horizontal positions stay the design's), moved right by the subpixel phase
 * and rendered. Bitmap-only colour fonts (Noto Color Emoji has one 109 px
 * strike) are loaded in colour and scaled down to the size with a box filter
 * (no phase: a quarter pixel of an emoji shows nothing). What no font can draw
 * becomes a hollow box. */
#include "glyph.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <string.h>

#include FT_OUTLINE_H

static Glyph *glyph_alloc(size_t bitmap_bytes)
{
  Glyph *glyph = g_malloc0(sizeof(Glyph) + bitmap_bytes);
  glyph->atlas_slot = -1;
  return glyph;
}

size_t glyph_bitmap_bytes(const Glyph *glyph)
{
  size_t bpp = (glyph->flags & GLYPH_COLOR) ? 4 : 1;
  return (size_t)glyph->width * glyph->rows * bpp;
}

size_t glyph_bytes(const Glyph *glyph)
{
  return sizeof(Glyph) + glyph_bitmap_bytes(glyph);
}

int32_t glyph_box_advance(unsigned px)
{
  return (int32_t)(MAX(px / 2, 3u) + MAX(px / 8, 1u)) * 64;
}

/* A hollow rectangle a little narrower than the em: "no font has this". */
Glyph *glyph_new_missing(unsigned px)
{
  uint16_t w = MAX(px / 2, 3u), h = MAX(px * 7 / 10, 3u);
  Glyph *glyph = glyph_alloc((size_t)w * h);
  glyph->glyph_id = GLYPH_ID_BOX;
  glyph->width = w;
  glyph->rows = h;
  glyph->advance = glyph_box_advance(px);
  glyph->bearing_x = px / 16;
  glyph->bearing_y = h;
  glyph->ascent = h;
  glyph->flags = GLYPH_MISSING;
  for (uint16_t y = 0; y < h; y++)
    for (uint16_t x = 0; x < w; x++)
      glyph->bitmap[y * w + x] = (x == 0 || y == 0 || x == w - 1 || y == h - 1) ? 255 : 0;
  return glyph;
}

/* Copies an 8-bit gray FreeType bitmap into @glyph's bitmap. */
static void copy_gray(Glyph *glyph, const FT_Bitmap *bm)
{
  for (unsigned y = 0; y < bm->rows; y++)
    memcpy(glyph->bitmap + (size_t)y * bm->width, bm->buffer + (ptrdiff_t)y * bm->pitch, bm->width);
}

/* Box-filters a BGRA FreeType bitmap by @scale (< 1) into @glyph's bitmap. */
static void copy_bgra_scaled(Glyph *glyph, const FT_Bitmap *bm, double scale)
{
  for (unsigned y = 0; y < glyph->rows; y++) {
    for (unsigned x = 0; x < glyph->width; x++) {
      unsigned x0 = (unsigned)(x / scale), x1 = MAX((unsigned)((x + 1) / scale), x0 + 1);
      unsigned y0 = (unsigned)(y / scale), y1 = MAX((unsigned)((y + 1) / scale), y0 + 1);
      x1 = MIN(x1, bm->width);
      y1 = MIN(y1, bm->rows);
      unsigned sum[4] = {0, 0, 0, 0}, n = 0;
      for (unsigned sy = y0; sy < y1; sy++)
        for (unsigned sx = x0; sx < x1; sx++, n++)
          for (int c = 0; c < 4; c++)
            sum[c] += bm->buffer[(ptrdiff_t)sy * bm->pitch + sx * 4 + c];
      uint8_t *dst = glyph->bitmap + ((size_t)y * glyph->width + x) * 4;
      for (int c = 0; c < 4; c++)
        dst[c] = n ? (uint8_t)(sum[c] / n) : 0;
    }
  }
}

/* Picks the strike of a bitmap-only font nearest to @px; returns the scale
 * from its bitmaps to @px (at most 1: never scaled up). */
static double select_strike(FT_Face ft, unsigned px, FT_Error *err)
{
  int best = 0;
  for (int i = 1; i < ft->num_fixed_sizes; i++)
    if (abs(ft->available_sizes[i].height - (int)px) <
        abs(ft->available_sizes[best].height - (int)px))
      best = i;
  *err = ft->num_fixed_sizes > 0 ? FT_Select_Size(ft, best) : FT_Err_Invalid_Pixel_Size;
  double scale = 1.0;
  if (*err == 0 && ft->available_sizes[best].y_ppem > 0)
    scale = (double)px / (ft->available_sizes[best].y_ppem / 64.0);
  return MIN(scale, 1.0);
}

/* Moves an outline right by @phase quarters of a pixel, then renders it. */
static FT_Error render_at_phase(FT_GlyphSlot slot, unsigned phase)
{
  if (slot->format == FT_GLYPH_FORMAT_OUTLINE && phase > 0)
    FT_Outline_Translate(&slot->outline, (FT_Pos)(phase * 64 / GLYPH_PHASES), 0);
  return slot->format == FT_GLYPH_FORMAT_BITMAP ? 0 : FT_Render_Glyph(slot, FT_RENDER_MODE_LIGHT);
}

/* Loads and renders @index of @ft at @px and @phase; returns the scale from
 * the loaded bitmap to @px (1 for outline fonts). */
static double load_sized(FT_Face ft, FT_UInt index, unsigned px, unsigned phase, FT_Error *err)
{
  double scale = 1.0;
  FT_Int32 flags = FT_LOAD_TARGET_LIGHT;
  if (FT_IS_SCALABLE(ft))
    *err = FT_Set_Pixel_Sizes(ft, 0, px);
  else
    scale = select_strike(ft, px, err), flags = FT_LOAD_COLOR, phase = 0;
  if (*err == 0 && FT_HAS_COLOR(ft))
    flags |= FT_LOAD_COLOR;
  if (*err == 0)
    *err = FT_Load_Glyph(ft, index, flags);
  if (*err == 0)
    *err = render_at_phase(ft->glyph, phase);
  return scale;
}

static Glyph *glyph_from_slot(FT_GlyphSlot slot, double scale)
{
  const FT_Bitmap *bm = &slot->bitmap;
  bool color = bm->pixel_mode == FT_PIXEL_MODE_BGRA;
  if (!color && bm->pixel_mode != FT_PIXEL_MODE_GRAY && bm->width > 0)
    return NULL;
  unsigned w = color ? (unsigned)(bm->width * scale + 0.5) : bm->width;
  unsigned h = color ? (unsigned)(bm->rows * scale + 0.5) : bm->rows;
  Glyph *glyph = glyph_alloc((size_t)w * h * (color ? 4 : 1));
  glyph->width = w;
  glyph->rows = h;
  glyph->flags = color ? GLYPH_COLOR : 0;
  /* the unhinted advance (16.16 -> 26.6): shaping positions are unhinted too;
   * a bitmap-only font has no linear advance, only its strike's, scaled */
  if (FT_IS_SCALABLE(slot->face))
    glyph->advance = (int32_t)(slot->linearHoriAdvance >> 10);
  else
    glyph->advance = (int32_t)((double)slot->advance.x * scale);
  glyph->bearing_x = (int16_t)(slot->bitmap_left * scale);
  glyph->bearing_y = (int16_t)(slot->bitmap_top * scale);
  glyph->ascent = glyph->bearing_y;
  glyph->descent = (int16_t)(h - glyph->bearing_y);
  if (color)
    copy_bgra_scaled(glyph, bm, scale);
  else
    copy_gray(glyph, bm);
  return glyph;
}

Glyph *glyph_new(Typeface *face, uint32_t glyph_id, unsigned px, unsigned phase, GError **error)
{
  g_return_val_if_fail(face != NULL && px > 0 && phase < GLYPH_PHASES, NULL);
  FT_Face ft = typeface_ft_face(face);
  FT_Error err = 0;
  double scale = load_sized(ft, glyph_id, px, phase, &err);
  Glyph *glyph = err == 0 ? glyph_from_slot(ft->glyph, scale) : NULL;
  if (glyph == NULL) {
    g_set_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_FREETYPE,
                "FreeType could not draw glyph %u of %s (error %d)", glyph_id, typeface_path(face),
                err);
    return NULL;
  }
  glyph->glyph_id = glyph_id;
  glyph->phase = (uint8_t)phase;
  return glyph;
}

Glyph *glyph_copy(const Glyph *glyph)
{
  g_return_val_if_fail(glyph != NULL, NULL);
  size_t bytes = glyph_bytes(glyph);
  Glyph *copy = g_malloc(bytes);
  memcpy(copy, glyph, bytes);
  copy->refcount = 0;
  copy->atlas_slot = -1;
  copy->flags &= (uint8_t)~GLYPH_PINNED;
  return copy;
}

void glyph_free(Glyph *glyph)
{
  g_free(glyph);
}

void glyph_draw(const Glyph *glyph, uint8_t *canvas, int canvas_w, int canvas_h, int x,
                int baseline_y)
{
  g_return_if_fail(glyph != NULL && canvas != NULL);
  int left = x + glyph->bearing_x, top = baseline_y - glyph->bearing_y;
  for (int row = 0; row < glyph->rows; row++) {
    int cy = top + row;
    if (cy < 0 || cy >= canvas_h)
      continue;
    for (int col = 0; col < glyph->width; col++) {
      int cx = left + col;
      if (cx < 0 || cx >= canvas_w)
        continue;
      size_t i = (size_t)row * glyph->width + col;
      uint8_t cov = (glyph->flags & GLYPH_COLOR) ? glyph->bitmap[i * 4 + 3] : glyph->bitmap[i];
      uint8_t *dst = &canvas[(size_t)cy * canvas_w + cx];
      *dst = (uint8_t)MAX(*dst, cov);
    }
  }
}
