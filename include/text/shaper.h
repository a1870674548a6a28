/* shaper.h — text to positioned glyph ids, with HarfBuzz.
 *
 * A Shaper shapes a piece of one paragraph in one style and one direction (a
 * word, or the part of a line between spaces): it splits the piece into runs
 * of one font — the font is chosen per grapheme cluster, the first of the
 * style's fallback chain that covers the whole cluster (typeface.h) — and of
 * one script, shapes each run with HarfBuzz (kerning, ligatures, marks and
 * contextual forms come from the font), and returns the glyphs in visual order
 * (left to right) with 26.6 advances and offsets that are never rounded. The
 * cluster level keeps clusters monotone (HarfBuzz's clusters mostly fall on
 * grapheme boundaries, but not always: a ZWNJ after a letter, or the second
 * consonant of a conjunct drawn as two glyphs, starts one inside a grapheme;
 * layout snaps the caret and line cuts to graphemes). A cluster no installed
 * font covers becomes one box glyph (GLYPH_ID_BOX), and so does a C0 or C1
 * control other than tab (U+0000 included: a file's controls are seen, not
 * hidden); bytes that were not UTF-8 (raw-byte code points) are shaped as
 * U+FFFD.
 *
 * Context: shaping sees the whole paragraph around the piece (HarfBuzz's pre-
 * and post-context), so a piece shaped alone and in place agree wherever
 * HarfBuzz says it is safe to concatenate; the word cache (word_cache.h) relies
 * on that. No state is kept between calls but reusable buffers. */
#ifndef GLYPHPAD_SHAPER_H
#define GLYPHPAD_SHAPER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "glyph_factory.h"
#include "segment.h"

/* One shaped glyph: what it is and how it moves the pen, not where it is. */
typedef struct {
  uint32_t glyph_id; /* in @style's face; GLYPH_ID_BOX for a cluster no font covers */
  StyleId style;     /* the (face that draws it, pixel size) */
  uint16_t flags;    /* SHAPED_* */
  int32_t x_advance; /* pen advance, 26.6 */
  int32_t x_offset;  /* from the pen, 26.6 */
  int32_t y_offset;  /* up from the baseline, 26.6 */
  uint32_t cluster;  /* byte offset of its cluster's start, from the start of the shaped piece */
} ShapedGlyph;

/* The glyph starts a cluster whose shaping depends on what is before it. */
#define SHAPED_UNSAFE_TO_CONCAT 1u

typedef struct Shaper Shaper;

/* A shaper for glyphs of @factory's styles (not owned; must outlive it). NULL
 * with @error when ICU cannot start (segment.h). Free with shaper_free(). */
G_GNUC_WARN_UNUSED_RESULT Shaper *shaper_new(GlyphFactory *factory, GError **error);
void shaper_free(Shaper *shaper); /* NULL is a no-op */
/* The factory whose styles the glyphs are in. */
GlyphFactory *shaper_factory(const Shaper *shaper);

/* Shapes @len bytes at @para + @start (valid UTF-8, no line break) in @style,
 * right to left when @rtl, with the rest of the @para_len bytes of @para as
 * context. Appends the glyphs to @out (ShapedGlyph) in visual order, clusters
 * relative to @start; returns the total advance, 26.6. */
int32_t shaper_shape(Shaper *shaper, const char *para, gsize para_len, gsize start, gsize len,
                     StyleId style, bool rtl, GArray *out);

/* The grapheme clusters of the text (the shaper's segmenter, for callers that
 * shape and then split by cluster). Owned by the shaper. */
Segmenter *shaper_segmenter(Shaper *shaper);

/* Pins the glyphs of printable ASCII (U+0020..U+007E) of @style at every phase:
 * created up front, never freed (like CPython's small integers). */
void shaper_pin_ascii(Shaper *shaper, StyleId style);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Shaper, shaper_free)

#endif
