/* glyph_factory.h — hands out Glyph flyweights and frees them when unused.
 *
 * Keys are (style, glyph id, subpixel phase), where a style is an interned
 * (typeface, pixel size) pair with a small id. Text asks for a style (the
 * document's style runs); its glyphs belong to the style of the face that
 * actually draws them (the style's typeface, or a fallback face at the same
 * size): glyph_factory_style() interns both kinds.
 *
 * Sharing on: one Glyph per key, reference counted; at count zero it is freed
 * and the release callbacks run (a WeakValueDictionary entry vanishing), unless
 * pinned. Sharing off: every acquire returns a new private copy with its own
 * metrics and bitmap; the shared table is then only a raster cache of
 * templates, so that going off costs a copy per glyph occurrence, not a
 * FreeType call.
 *
 * Capacity: the table grows with the number of distinct keys in use; style ids
 * are 16-bit (65,535 styles, checked). */
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
  Typeface *typeface;    /* owned by the TypefaceSet */
  unsigned px;           /* pixel size */
  int ascent;            /* line ascent, pixels */
  int descent;           /* line descent, pixels (positive) */
  int line_height;       /* baseline-to-baseline distance, pixels */
  int32_t space_advance; /* advance of U+0020, 26.6 (tab stops) */
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

/* A reference to the glyph (@style, @glyph_id, @phase): shared or private by the
 * mode. @glyph_id GLYPH_ID_BOX gives the hollow box. Never NULL (a glyph FreeType
 * cannot draw becomes the box, with one warning). Give it back with
 * glyph_factory_release(). */
Glyph *glyph_factory_acquire(GlyphFactory *factory, StyleId style, uint32_t glyph_id,
                             unsigned phase);
/* One more reference to @glyph, which the caller already holds one of (shared
 * or private): copying a drawn line. Returns @glyph. */
Glyph *glyph_factory_ref(GlyphFactory *factory, Glyph *glyph);
/* Gives back one reference; at zero an unpinned glyph is freed. */
void glyph_factory_release(GlyphFactory *factory, Glyph *glyph);
/* The shared glyph of the key without taking a reference, creating it as a
 * template if needed (metrics, estimates). Owned by the factory; valid while
 * someone holds a reference to the key, or until the next release. */
Glyph *glyph_factory_lookup(GlyphFactory *factory, StyleId style, uint32_t glyph_id,
                            unsigned phase);
/* Pins the shared glyph of the key: created now, never freed at count zero
 * (printable ASCII of the default style, like CPython's small integers). */
void glyph_factory_pin(GlyphFactory *factory, StyleId style, uint32_t glyph_id, unsigned phase);

/* Sharing on (the flyweight) or off (private copies). Only switches the mode of
 * future acquires: the holders rebind their glyphs (view_set_sharing). */
void glyph_factory_set_sharing(GlyphFactory *factory, bool sharing);
bool glyph_factory_get_sharing(const GlyphFactory *factory);
/* Frees shared templates nobody refers to (after going back on). */
void glyph_factory_collect(GlyphFactory *factory);

void glyph_factory_get_stats(const GlyphFactory *factory, GlyphFactoryStats *out);

/* Counts per style: alive glyphs and references, for the overlay. */
typedef struct {
  StyleId style;
  guint64 glyphs;     /* Glyph objects of this style alive */
  guint64 references; /* live references to them */
  guint64 bytes;      /* their intrinsic bytes */
} GlyphStyleStats;

/* Fills a new array of GlyphStyleStats, one per style with live glyphs. Free with g_array_unref. */
G_GNUC_WARN_UNUSED_RESULT GArray *glyph_factory_style_stats(const GlyphFactory *factory);

/* Calls @func for every live glyph (shared and private are both known only by
 * their holders; this visits the shared table, whose entries are all the shared
 * glyphs). For reference-count checks. */
void glyph_factory_foreach_shared(const GlyphFactory *factory, void (*func)(Glyph *, void *),
                                  void *user_data);

/* Release callbacks run just before a glyph is freed (the atlas frees its slot). */
guint glyph_factory_add_release_callback(GlyphFactory *factory, GlyphReleaseFunc func,
                                         void *user_data);
void glyph_factory_remove_release_callback(GlyphFactory *factory, guint id);

/* The average intrinsic bytes of a shared glyph alive now (0 when none): the
 * unit of the flyweight-off estimate. */
double glyph_factory_average_bytes(const GlyphFactory *factory);
/* The intrinsic bytes of the glyphs in the shared table: the shared glyphs
 * while the flyweight is on, the templates private copies are made from
 * while it is off (the same distinct glyphs). */
guint64 glyph_factory_table_bytes(const GlyphFactory *factory);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(GlyphFactory, glyph_factory_free)

#endif
