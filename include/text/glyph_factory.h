/* glyph_factory.h — hands out Glyph flyweights and frees them when unused.
 *
 * Keys are (code point, style), where a style is an interned (typeface, pixel
 * size) pair with a small id: the key is all a document needs to store to refer
 * to a glyph. Sharing on: one Glyph per key, reference counted; at count zero it
 * is freed and the release callbacks run (a WeakValueDictionary entry vanishing),
 * unless pinned. Sharing off: every acquire returns a new private copy with its
 * own metrics and bitmap; the shared table is then only a raster cache of
 * templates, so that going off costs a copy per character, not a FreeType call.
 *
 * Capacity: the table grows with the number of distinct keys; style ids are
 * 16-bit (65,535 styles, checked). */
#ifndef GLYPHPAD_GLYPH_FACTORY_H
#define GLYPHPAD_GLYPH_FACTORY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "glyph.h"
#include "typeface.h"

typedef struct GlyphFactory GlyphFactory;
typedef uint16_t StyleId;
#define STYLE_NONE ((StyleId)0xFFFF)

/* One (typeface, size) key half, with its line metrics. */
typedef struct {
  Typeface *typeface; /* owned by the TypefaceSet */
  unsigned px;        /* pixel size */
  int ascent;         /* line ascent, pixels */
  int descent;        /* line descent, pixels (positive) */
  int line_height;    /* baseline-to-baseline distance, pixels */
  int space_advance;  /* advance of U+0020, for tab stops */
} GlyphStyle;

typedef struct {
  guint64 alive;           /* Glyph objects alive now (shared + private + templates) */
  guint64 shared_alive;    /* of them, in the shared table */
  guint64 private_alive;   /* of them, private copies (flyweight off) */
  guint64 created;         /* Glyph objects ever created (rasterized or copied) */
  guint64 freed;           /* Glyph objects ever freed */
  guint64 pinned;          /* pinned glyphs alive */
  guint64 hits;            /* acquires answered from the shared table */
  guint64 misses;          /* acquires that had to rasterize */
  guint64 intrinsic_bytes; /* bytes of all live Glyphs (structs + bitmaps) */
} GlyphFactoryStats;

typedef void (*GlyphReleaseFunc)(Glyph *glyph, void *user_data);

/* A new factory, sharing on, drawing from @set (not owned; must outlive it). */
G_GNUC_WARN_UNUSED_RESULT GlyphFactory *glyph_factory_new(TypefaceSet *set);

/* Frees every glyph still alive (running release callbacks) and the factory. */
void glyph_factory_free(GlyphFactory *factory); /* NULL is a no-op */

/* The style id of (@face, @px), interning it on first use. @px is clamped by
 * the caller (1..1024 checked here; returns STYLE_NONE outside). */
StyleId glyph_factory_style(GlyphFactory *factory, Typeface *face, unsigned px);
const GlyphStyle *glyph_factory_style_info(const GlyphFactory *factory, StyleId style);

/* A reference to the glyph of (@cp, @style): shared or private by the mode.
 * Never NULL (a code point no font has gives a box glyph). Give it back with
 * glyph_factory_release(). */
Glyph *glyph_factory_acquire(GlyphFactory *factory, gunichar cp, StyleId style);

/* Takes @n references at once to the shared glyph of (@cp, @style) (loading). */
Glyph *glyph_factory_acquire_n(GlyphFactory *factory, gunichar cp, StyleId style, guint32 n);

/* Gives back one reference (or @n); at zero an unpinned glyph is freed. */
void glyph_factory_release(GlyphFactory *factory, Glyph *glyph);
void glyph_factory_release_n(GlyphFactory *factory, Glyph *glyph, guint32 n);

/* The shared glyph of the key without taking a reference, creating it as a
 * template if needed (layout measures through this). Owned by the factory;
 * valid while some character refers to the key, or until the next release. */
Glyph *glyph_factory_lookup(GlyphFactory *factory, gunichar cp, StyleId style);

/* The shared glyphs of U+0000..U+007F of @style, indexed by code point, NULL
 * where none exists at the moment (glyph_factory_lookup() then makes it). For
 * loops that resolve millions of characters (layout): an array index instead
 * of a call. The array lives as long as the factory, but its entries change as
 * glyphs are created and freed: read an entry each time, never keep one. */
Glyph *const *glyph_factory_ascii_table(const GlyphFactory *factory, StyleId style);

/* Glyph indices below this have their kerning in glyph_factory_kerning_table(). */
#define GLYPH_FACTORY_KERN_DENSE 256

/* Kerning as layout applies it between two glyphs of @style: typeface_kerning()
 * of the style's typeface and size, rounded half away from zero to whole
 * pixels; 0 when either index is 0 (no glyph: nothing to kern). */
int glyph_factory_kerning_px(GlyphFactory *factory, StyleId style, uint32_t left_index,
                             uint32_t right_index);

/* glyph_factory_kerning_px() of every pair of indices below
 * GLYPH_FACTORY_KERN_DENSE, at [left * GLYPH_FACTORY_KERN_DENSE + right], so
 * layout kerns a pair with one load. Built on first use (128 KiB per style,
 * about a millisecond) and kept as long as the factory. NULL when the typeface
 * has no kerning (every pair is 0), or in the unlikely case that some value
 * does not fit 16 bits (then ask glyph_factory_kerning_px() per pair). */
const int16_t *glyph_factory_kerning_table(GlyphFactory *factory, StyleId style);

/* Creates printable ASCII (U+0020..U+007E) of @style up front and pins it. */
void glyph_factory_pin_ascii(GlyphFactory *factory, StyleId style);

/* Sharing on (the flyweight) or off (private copies). Only switches the mode of
 * future acquires: the Document rebinds its characters (document_set_sharing). */
void glyph_factory_set_sharing(GlyphFactory *factory, bool sharing);
bool glyph_factory_get_sharing(const GlyphFactory *factory);

/* Frees shared templates nobody refers to (after going back on). */
void glyph_factory_collect(GlyphFactory *factory);

void glyph_factory_get_stats(const GlyphFactory *factory, GlyphFactoryStats *out);

/* Counts per style: alive glyphs and references, for the overlay. */
typedef struct {
  StyleId style;
  guint64 glyphs;     /* Glyph objects of this style alive */
  guint64 references; /* characters referring to them */
  guint64 bytes;      /* their intrinsic bytes */
} GlyphStyleStats;
/* Fills a new array of GlyphStyleStats, one per style with live glyphs. Free with g_array_unref. */
G_GNUC_WARN_UNUSED_RESULT GArray *glyph_factory_style_stats(const GlyphFactory *factory);

/* Release callbacks run just before a glyph is freed (the atlas frees its slot). */
guint glyph_factory_add_release_callback(GlyphFactory *factory, GlyphReleaseFunc func,
                                         void *user_data);
void glyph_factory_remove_release_callback(GlyphFactory *factory, guint id);

/* Bytes that private copies would take if every current reference to a shared
 * glyph owned its own copy: the sum over shared glyphs of refcount x glyph_bytes
 * (the exact intrinsic cost of going off, before pointers). */
guint64 glyph_factory_private_cost(const GlyphFactory *factory);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(GlyphFactory, glyph_factory_free)

#endif
