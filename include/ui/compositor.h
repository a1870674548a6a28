/* compositor.h — glyphs blended straight into 32-bit pixels: how the software
 * path draws the DrawnGlyph list, with no call into SDL per glyph.
 *
 * The target is any 32-bit pixel buffer whose three colour channels are
 * bytes (XRGB8888, ARGB8888, XBGR8888, ABGR8888: what window surfaces and
 * streaming textures are). A fill makes its pixels opaque (fourth byte
 * 0xFF); blending leaves the fourth byte as it is.
 *
 * Blending, per channel, in the values as stored (sRGB-encoded; no gamma
 * step, exactly as SDL_BLENDMODE_BLEND and the atlas path blend, so both
 * paths draw the same text up to rounding):
 *   coverage glyph, coverage a in 0..255, text colour s:
 *       d' = (s * w + d * (256 - w)) >> 8,   w = a + (a >> 7)   (0..256)
 *   colour glyph (premultiplied BGRA, alpha a):
 *       d' = s + ((d * (256 - w)) >> 8)
 * w maps 255 to 256, so full coverage gives the colour exactly and none
 * leaves the pixel; in between the result is within 1 of the exact
 * d + (s - d) * a / 255. No division. With SSE2 (every x86-64) four pixels
 * go at once in 16-bit lanes (four empty ones skipped, four solid ones
 * stored); elsewhere, and for a row's last pixels, red and blue are blended
 * together in one 32-bit multiply (0x00FF00FF holds both), green in
 * another. Both give the same pixels. */
#ifndef GLYPHPAD_COMPOSITOR_H
#define GLYPHPAD_COMPOSITOR_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>
#include "glyph.h"

/* Where drawing goes. */
typedef struct {
  uint32_t *pixels; /* the pixel at (origin_x, origin_y) */
  int origin_x;     /* where the buffer is in the coordinates drawing uses */
  int origin_y;
  int width;       /* pixels a row */
  int height;      /* rows */
  int stride;      /* pixels from one row to the next (pitch / 4) */
  uint8_t shift_r; /* bit position of each channel's byte: 0, 8 or 16 */
  uint8_t shift_g;
  uint8_t shift_b;
} CompositorTarget;

/* A target over @pixels (@pitch bytes a row) in SDL pixel @format, covering
 * @area of the coordinates drawing uses (a locked part of a texture); false
 * when the format is not 32-bit with byte channels at bits 0..23. */
bool compositor_target(CompositorTarget *out, void *pixels, const SDL_Rect *area, int pitch,
                       Uint32 format);

/* Fills @rect, clipped to the target and to @clip (NULL: none), with @color. */
void compositor_fill(const CompositorTarget *target, const SDL_Rect *clip, const SDL_Rect *rect,
                     SDL_Color color);

/* Blends @glyph's bitmap with its top-left pixel at (@x, @y), clipped to the
 * target and to @clip (NULL: none): its coverage in @color, or, for a colour
 * glyph, its own premultiplied pixels. */
void compositor_blend_glyph(const CompositorTarget *target, const SDL_Rect *clip,
                            const Glyph *glyph, int x, int y, SDL_Color color);

#endif
