/* glyph.h — the flyweight: one character's intrinsic state.
 *
 * A Glyph holds only what depends on (code point, typeface, pixel size): metrics
 * and the rasterized coverage bitmap, in one allocation (the bitmap is a flexible
 * array member). Where it stands on the page (extrinsic state) is never stored
 * here: drawing and measuring take x/y as arguments. Glyphs are made and freed by
 * the GlyphFactory; this module only rasterizes, copies and frees one. */
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

typedef enum {
  GLYPH_PINNED = 1 << 0,  /* never freed at refcount zero (created up front) */
  GLYPH_PRIVATE = 1 << 1, /* flyweight off: owned by exactly one character */
  GLYPH_MISSING = 1 << 2, /* no installed font has it: the bitmap is a box */
  GLYPH_COLOR = 1 << 3,   /* bitmap is premultiplied BGRA (colour emoji), 4 bytes a pixel */
} GlyphFlags;

typedef struct Glyph {
  gunichar codepoint;   /* the character */
  uint16_t px;          /* pixel size it was rasterized at */
  uint16_t style;       /* GlyphFactory style id: (typeface, size) */
  Typeface *typeface;   /* the typeface asked for (part of the key) */
  uint32_t glyph_index; /* index in the face that drew it, for kerning */
  int16_t advance;      /* pen advance, whole pixels */
  int16_t ascent;       /* pixels above the baseline the bitmap reaches */
  int16_t descent;      /* pixels below the baseline the bitmap reaches */
  int16_t bearing_x;    /* bitmap left edge relative to the pen */
  int16_t bearing_y;    /* bitmap top edge above the baseline */
  uint16_t width, rows; /* bitmap size in pixels */
  uint8_t flags;        /* GlyphFlags */
  uint8_t reserved;     /* padding, zero */
  uint32_t refcount;    /* characters that refer to it (factory-maintained) */
  int32_t atlas_slot;   /* renderer's texture slot, -1 when none */
  uint8_t bitmap[];     /* width*rows coverage bytes, or *4 when GLYPH_COLOR */
} Glyph;

/* Rasterizes @cp of @face at @px pixels. A code point no font has yields a box
 * glyph (GLYPH_MISSING), never NULL; NULL only with @error when FreeType fails.
 * Free with glyph_free(). */
G_GNUC_WARN_UNUSED_RESULT Glyph *glyph_new(Typeface *face, gunichar cp, unsigned px,
                                           GError **error);

/* The hollow box drawn for a code point no installed font has. */
G_GNUC_WARN_UNUSED_RESULT Glyph *glyph_new_missing(gunichar cp, unsigned px);

/* A private copy: same metrics, its own bitmap, refcount 0, no atlas slot. */
G_GNUC_WARN_UNUSED_RESULT Glyph *glyph_copy(const Glyph *glyph);
void glyph_free(Glyph *glyph); /* NULL is a no-op */

/* Bytes of this glyph's intrinsic state (struct and bitmap). */
size_t glyph_bytes(const Glyph *glyph);
size_t glyph_bitmap_bytes(const Glyph *glyph);

/* Draws @glyph with its pen at (@x, @baseline_y) into an 8-bit gray canvas,
 * clipped; the extrinsic state is passed in, never stored. (The window draws
 * through its atlas instead; this is for tests and headless rendering.) */
void glyph_draw(const Glyph *glyph, uint8_t *canvas, int canvas_w, int canvas_h, int x,
                int baseline_y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Glyph, glyph_free)

#endif
