/* layout.h — places one paragraph's text: shaped words, lines, bidi, alignment.
 *
 * A paragraph is read as segments between line-break opportunities (UAX #14,
 * segment.h; ASCII text breaks after spaces without ICU); a segment is shaped
 * as pieces of one style, one direction and no white space, each through the
 * word cache (word_cache.h: a piece shaped once is shared by all its
 * occurrences). Lines are filled greedily over those widths: a line ends at the
 * last opportunity that fits, white space at a line's end hangs past the edge,
 * and a segment wider than the line is broken at grapheme boundaries. Tabs keep
 * their stops (every LAYOUT_TAB_COLUMNS space advances, from the line's start).
 *
 * Laying out a line for the screen takes its runs of one bidi level (bidi.h;
 * a paragraph with no right-to-left character skips FriBidi), orders them
 * visually, shapes their pieces right to left on odd levels, and aligns the
 * line right in a right-to-left paragraph. Pens move in 26.6 fixed point and
 * are never rounded per glyph: a glyph is drawn at its pen's whole pixel with
 * the Glyph of its subpixel phase (glyph.h). Each drawn glyph comes with its
 * place (its cluster and 26.6 span) for the caret and hit testing.
 *
 * Locality (incremental re-wrapping rests on it): a line's end depends only on
 * the text from its start to the end of the segment that overflowed; the pen
 * starts each line at 0 and tab stops count from the line's start. */
#ifndef GLYPHPAD_LAYOUT_H
#define GLYPHPAD_LAYOUT_H

#include <glib.h>
#include <stdint.h>
#include "document.h"
#include "glyph.h"
#include "word_cache.h"

/* A placed glyph: only extrinsic state, and its shared Glyph. 16 bytes. */
typedef struct {
  Glyph *glyph; /* the flyweight (a reference held by whoever holds the record) */
  int32_t x;    /* the pen's whole pixel, from the paragraph's left edge (the Glyph's
                 * subpixel phase holds the fraction) */
  int32_t y;    /* baseline, pixels from the top of the first line laid out */
} DrawnGlyph;

/* Where a drawn glyph's text is: for the caret and hit testing. */
typedef struct {
  guint32 cluster;  /* byte offset in the paragraph where its cluster starts */
  int32_t x;        /* its pen, 26.6, from the paragraph's left edge */
  int32_t advance;  /* 26.6 */
  gboolean rtl;     /* shaped right to left */
} GlyphPlace;

/* One laid-out line. */
typedef struct {
  guint32 start, end;   /* its bytes of the paragraph, hanging white space included */
  guint first, count;   /* its glyphs in LaidOut.glyphs and .places */
  int32_t baseline;     /* pixels from the top of the first line laid out */
  gboolean rtl;         /* the paragraph is right to left (aligned right) */
  int32_t left, right;  /* 26.6 x of its visual start and end (hanging space included) */
} LaidLine;

/* Lines laid out for the screen: DrawnGlyph and GlyphPlace in step, and the
 * lines. Holds one Glyph reference per DrawnGlyph. Without @glyphs (NULL:
 * laid_out_init_places) only places and lines are made, and no Glyph: the
 * caret and hit testing of a line not on screen need no rasterizing. */
typedef struct {
  GArray *glyphs; /* DrawnGlyph, or NULL */
  GArray *places; /* GlyphPlace */
  GArray *lines;  /* LaidLine */
} LaidOut;

/* Tab stops every this many space advances. */
#define LAYOUT_TAB_COLUMNS 8

typedef struct Layout Layout;

/* Where the glyphs of drawn lines come from instead of the shared table: with
 * the flyweight off, the private Glyph of each glyph occurrence (@word_start:
 * the piece's first byte in the paragraph; @index: the glyph's index in the
 * piece's shaped run). Returns a new reference, or NULL for the shared one. */
typedef Glyph *(*LayoutGlyphSource)(guint32 para, guint32 word_start, guint index,
                                    void *user_data);

/* A layout shaping through @words, drawing glyphs of @factory (neither owned;
 * both must outlive it). Free with layout_free(). */
G_GNUC_WARN_UNUSED_RESULT Layout *layout_new(GlyphFactory *factory, WordCache *words,
                                             Segmenter *segmenter);
void layout_free(Layout *layout); /* NULL is a no-op */
/* Sets (or with NULL clears) where drawn glyphs come from (flyweight off). */
void layout_set_glyph_source(Layout *layout, LayoutGlyphSource source, void *user_data);
/* The segmenter it was made with (grapheme boundaries for callers). */
Segmenter *layout_segmenter(const Layout *layout);

/* Every glyph occurrence of @para, piece by piece in logical order, shaped as
 * drawing shapes them (a piece's direction: its first strong character's):
 * @func gets the piece's first byte, the glyph's index in the piece and the
 * glyph. For the flyweight-off store (private_glyphs.h). */
typedef void (*LayoutGlyphFunc)(guint32 word_start, guint index, const ShapedGlyph *glyph,
                                void *user_data);
void layout_shape_paragraph(Layout *layout, const Document *doc, guint32 para,
                            LayoutGlyphFunc func, void *user_data);

/* Counts the wrapped lines of @para at @width pixels (at least 1). When
 * @line_starts is not NULL, appends the byte offset where each line after the
 * first begins (guint32). */
guint32 layout_measure(Layout *layout, const Document *doc, guint32 para, int width,
                       GArray *line_starts);
/* The line of @para that starts at byte @start: returns where the next one
 * starts, or the paragraph's length when this is the last. *@examined_end (may
 * be NULL) receives the offset just past the last byte the decision read. */
guint32 layout_line_end(Layout *layout, const Document *doc, guint32 para, guint32 start,
                        int width, guint32 *examined_end);
/* Lays out @para from the line that starts at byte @from, at most @max_lines
 * lines (0: all), appending to @out with y relative to the top of that first
 * line; acquires a Glyph reference per DrawnGlyph. Returns the byte offset where
 * layout stopped (the paragraph's length when it got there). */
guint32 layout_paragraph(Layout *layout, const Document *doc, guint32 para, int width,
                         guint32 from, guint32 max_lines, LaidOut *out);

/* An empty LaidOut; laid_out_clear() gives back its references and empties it. */
void laid_out_init(LaidOut *out);
/* An empty LaidOut that gets places and lines only. */
void laid_out_init_places(LaidOut *out);
void laid_out_clear(LaidOut *out, GlyphFactory *factory);
void laid_out_free(LaidOut *out, GlyphFactory *factory); /* clears and frees the arrays */

/* The caret's x (pixels from the paragraph's left edge) at byte @offset of the
 * line @line of @out, a grapheme boundary in [start, end]: the leading edge of
 * the cluster at @offset (right edge for a right-to-left one); inside a
 * ligature, its advance is split evenly among its graphemes. */
int layout_caret_x(Layout *layout, const Document *doc, guint32 para, const LaidOut *out,
                   guint line, guint32 offset);
/* The grapheme boundary of line @line nearest to pixel @x. */
guint32 layout_offset_at_x(Layout *layout, const Document *doc, guint32 para,
                           const LaidOut *out, guint line, int x);

#endif
