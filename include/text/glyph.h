/* glyph.h — the flyweight: one glyph's intrinsic state.
 *
 * A Glyph is what a font draws for one glyph id at one size and one subpixel
 * position: its metrics and its rasterized coverage (or colour) bitmap, in one
 * allocation (the bitmap is a flexible array member). Its key is (style, glyph
 * id, subpixel x phase), where the style is the GlyphFactory's interned (face
 * that draws it, pixel size) — the face actually used after fallback, so one
 * Devanagari glyph of Noto Sans Devanagari at 16 px is one object whichever
 * typeface the text asked for. Code points are not part of the key: shaping
 * (HarfBuzz) maps text to glyph ids. Where a glyph stands (extrinsic state)
 * is never stored here: drawing takes x/y as arguments. Glyphs are made and
 * freed by the GlyphFactory; this module only rasterizes, copies and frees one.
 *
 * Subpixel positions: pens advance in 26.6 fixed point (1/64 px) and are not
 * rounded per glyph; a glyph is drawn at the whole pixel left of its pen with
 * a bitmap rasterized GLYPH_PHASES times per pixel (phase p = shifted right by
 * p/GLYPH_PHASES px), as Zed and lite-xl do. */
#ifndef GLYPHPAD_GLYPH_H
#define GLYPHPAD_GLYPH_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "typeface.h"

/* Code points U+10FF00..U+10FFFF (the end of plane 16's private use area) stand
 * for the raw bytes 0x00..0xFF of a file that were not valid UTF-8: they draw as
 * U+FFFD and text_saver writes the original byte back on save. */
#define GLYPH_RAW_BYTE_BASE 0x10FF00u
#define GLYPH_IS_RAW_BYTE(cp) ((cp) >= GLYPH_RAW_BYTE_BASE && (cp) <= 0x10FFFFu)

/* Subpixel x positions a glyph is rasterized at: 0, 1/4, 1/2 and 3/4 px. */
#define GLYPH_PHASES 4
/* The glyph id of the hollow box drawn for a cluster no installed font covers. */
#define GLYPH_ID_BOX 0xFFFFFFFFu

typedef enum {
  GLYPH_PINNED = 1 << 0,  /* never freed at refcount zero (created up front) */
  GLYPH_PRIVATE = 1 << 1, /* flyweight off: owned by exactly one glyph occurrence */
  GLYPH_MISSING = 1 << 2, /* no installed font has it: the bitmap is a box */
  GLYPH_COLOR = 1 << 3,   /* bitmap is premultiplied BGRA (colour emoji), 4 bytes a pixel */
} GlyphFlags;

typedef struct Glyph {
  uint32_t glyph_id;  /* in the style's face (key); GLYPH_ID_BOX for the box */
  uint16_t style;     /* GlyphFactory style: (face that draws it, pixel size) (key) */
  uint8_t phase;      /* subpixel x phase, 0..GLYPH_PHASES-1 (key) */
  uint8_t flags;      /* GlyphFlags */
  int32_t advance;    /* the font's nominal advance, 26.6 (shaping gives the real ones) */
  int16_t ascent;     /* pixels above the baseline the bitmap reaches */
  int16_t descent;    /* pixels below the baseline the bitmap reaches */
  int16_t bearing_x;  /* bitmap left edge relative to the pen's whole pixel */
  int16_t bearing_y;  /* bitmap top edge above the baseline */
  uint16_t width;     /* bitmap width in pixels */
  uint16_t rows;      /* bitmap height in pixels */
  uint32_t refcount;  /* live references: drawn glyphs, private owners (factory-kept) */
  int32_t atlas_slot; /* renderer's texture slot, -1 when none */
  uint8_t bitmap[];   /* width*rows coverage bytes, or *4 when GLYPH_COLOR */
} Glyph;

/* Rasterizes glyph @glyph_id of @face at @px pixels and subpixel @phase (outline
 * fonts; bitmap fonts ignore the phase). NULL only with @error when FreeType
 * fails. Key fields other than the metrics (style, refcount) are left for the
 * factory. Free with glyph_free(). */
G_GNUC_WARN_UNUSED_RESULT Glyph *glyph_new(Typeface *face, uint32_t glyph_id, unsigned px,
                                           unsigned phase, GError **error);
/* The hollow box drawn for a cluster no installed font has, at @px pixels. */
G_GNUC_WARN_UNUSED_RESULT Glyph *glyph_new_missing(unsigned px);
/* Its advance, 26.6 (shaping places boxes without making one). */
int32_t glyph_box_advance(unsigned px);
/* A private copy: same metrics, its own bitmap, refcount 0, no atlas slot. */
G_GNUC_WARN_UNUSED_RESULT Glyph *glyph_copy(const Glyph *glyph);
void glyph_free(Glyph *glyph); /* NULL is a no-op */

/* Bytes of this glyph's intrinsic state (struct and bitmap). */
size_t glyph_bytes(const Glyph *glyph);
size_t glyph_bitmap_bytes(const Glyph *glyph);

/* Draws @glyph with its pen's whole pixel at (@x, @baseline_y) into an 8-bit gray
 * canvas, clipped; the extrinsic state is passed in, never stored. (The window
 * draws through its atlas instead; this is for tests and headless rendering.) */
void glyph_draw(const Glyph *glyph, uint8_t *canvas, int canvas_w, int canvas_h, int x,
                int baseline_y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Glyph, glyph_free)

#endif
