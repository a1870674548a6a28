/* glyph.c — rasterizing one Glyph, copying it, freeing it.
 *
 * A Glyph is one allocation: the struct and its bitmap (a flexible array
 * member), so a private copy is one g_malloc and one memcpy. Outline fonts are
 * rasterized by FreeType at the pixel size with light hinting (vertical only,
 * so advances stay close to the design). Bitmap-only colour fonts (Noto Color
 * Emoji has one 109 px strike) are loaded in colour and scaled down to the size
 * with a box filter. What no font can draw becomes a hollow box, and control
 * characters are empty (layout gives tabs their width). */
#include "glyph.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <string.h>

#define REPLACEMENT_CHAR 0xFFFDu

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

static bool is_control(gunichar cp)
{
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* A hollow rectangle a little narrower than the em: "no font has this". */
Glyph *glyph_new_missing(gunichar cp, unsigned px)
{
  uint16_t w = MAX(px / 2, 3u), h = MAX(px * 7 / 10, 3u);
  Glyph *glyph = glyph_alloc((size_t)w * h);
  glyph->codepoint = cp;
  glyph->px = px;
  glyph->width = w;
  glyph->rows = h;
  glyph->advance = w + MAX(px / 8, 1u);
  glyph->bearing_x = px / 16;
  glyph->bearing_y = h;
  glyph->ascent = h;
  glyph->flags = GLYPH_MISSING;
  for (uint16_t y = 0; y < h; y++)
    for (uint16_t x = 0; x < w; x++)
      glyph->bitmap[y * w + x] = (x == 0 || y == 0 || x == w - 1 || y == h - 1) ? 255 : 0;
  return glyph;
}

static Glyph *glyph_new_empty(gunichar cp, unsigned px)
{
  Glyph *glyph = glyph_alloc(0);
  glyph->codepoint = cp;
  glyph->px = px;
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

/* Loads @index of @ft at @px, choosing a strike for bitmap-only fonts; returns
 * the scale from the loaded bitmap to @px (1 for outline fonts). */
static double load_sized(FT_Face ft, FT_UInt index, unsigned px, FT_Error *err)
{
  double scale = 1.0;
  FT_Int32 flags = FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT;
  if (FT_IS_SCALABLE(ft)) {
    *err = FT_Set_Pixel_Sizes(ft, 0, px);
  } else {
    int best = 0;
    for (int i = 1; i < ft->num_fixed_sizes; i++)
      if (abs(ft->available_sizes[i].height - (int)px) <
          abs(ft->available_sizes[best].height - (int)px))
        best = i;
    *err = ft->num_fixed_sizes > 0 ? FT_Select_Size(ft, best) : FT_Err_Invalid_Pixel_Size;
    if (*err == 0 && ft->available_sizes[best].y_ppem > 0)
      scale = (double)px / (ft->available_sizes[best].y_ppem / 64.0);
    flags = FT_LOAD_RENDER | FT_LOAD_COLOR;
  }
  if (*err == 0 && FT_HAS_COLOR(ft))
    flags |= FT_LOAD_COLOR;
  if (*err == 0)
    *err = FT_Load_Glyph(ft, index, flags);
  return MIN(scale, 1.0);
}

static Glyph *glyph_from_slot(FT_GlyphSlot slot, gunichar cp, unsigned px, double scale)
{
  const FT_Bitmap *bm = &slot->bitmap;
  bool color = bm->pixel_mode == FT_PIXEL_MODE_BGRA;
  if (!color && bm->pixel_mode != FT_PIXEL_MODE_GRAY && bm->width > 0)
    return NULL;
  unsigned w = color ? (unsigned)(bm->width * scale + 0.5) : bm->width;
  unsigned h = color ? (unsigned)(bm->rows * scale + 0.5) : bm->rows;
  Glyph *glyph = glyph_alloc((size_t)w * h * (color ? 4 : 1));
  glyph->codepoint = cp;
  glyph->px = px;
  glyph->width = w;
  glyph->rows = h;
  glyph->flags = color ? GLYPH_COLOR : 0;
  glyph->advance = (int16_t)((slot->advance.x * scale + 32) / 64);
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

Glyph *glyph_new(Typeface *face, gunichar cp, unsigned px, GError **error)
{
  g_return_val_if_fail(face != NULL && px > 0, NULL);
  if (is_control(cp) || cp == 0x2028 || cp == 0x2029)
    return glyph_new_empty(cp, px);
  gunichar drawn_cp = GLYPH_IS_RAW_BYTE(cp) ? REPLACEMENT_CHAR : cp;
  Typeface *drawn = typeface_for_codepoint(face, drawn_cp);
  if (drawn == NULL)
    return glyph_new_missing(cp, px);
  FT_Face ft = typeface_ft_face(drawn);
  FT_UInt index = FT_Get_Char_Index(ft, drawn_cp);
  FT_Error err = 0;
  double scale = load_sized(ft, index, px, &err);
  Glyph *glyph = err == 0 ? glyph_from_slot(ft->glyph, cp, px, scale) : NULL;
  if (glyph == NULL) {
    g_set_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_FREETYPE,
                "FreeType could not draw U+%04X from %s (error %d)", cp, typeface_path(drawn), err);
    return NULL;
  }
  glyph->glyph_index = drawn == face ? index : 0; /* kerning only within the asked face */
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
