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
 * place (its cluster and 26.6 span) for the caret, hit testing and selections;
 * from them come the caret's stops in visual order (the arrow keys in bidi
 * text).
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
  guint32 cluster; /* byte offset in the paragraph where its cluster starts */
  int32_t x;       /* its pen, 26.6, from the paragraph's left edge */
  int32_t advance; /* 26.6 */
  gboolean rtl;    /* shaped right to left */
} GlyphPlace;

/* One laid-out line. */
typedef struct {
  guint32 start, end;  /* its bytes of the paragraph, hanging white space included */
  guint first, count;  /* its glyphs in LaidOut.glyphs and .places */
  int32_t baseline;    /* pixels from the top of the first line laid out */
  gboolean rtl;        /* the paragraph is right to left (aligned right) */
  int32_t left, right; /* 26.6 x of its visual start and end (hanging space included) */
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

/* The whole pixel at or left of the 26.6 position @x64 (rounds toward minus
 * infinity: a glyph at -0.25 px stands in pixel -1, phase 3). */
static inline int32_t layout_floor_px(int32_t x64)
{
  return x64 >= 0 ? x64 / 64 : -((-x64 + 63) / 64);
}

/* Tab stops every this many space advances. */
#define LAYOUT_TAB_COLUMNS 8

typedef struct Layout Layout;

/* Where the glyphs of drawn lines come from instead of the shared table: with
 * the flyweight off, the private Glyph of each glyph occurrence (@word_start:
 * the piece's first byte in the paragraph; @index: the glyph's index in the
 * piece's shaped run). Returns a new reference, or NULL for the shared one. */
typedef Glyph *(*LayoutGlyphSource)(guint32 para, guint32 word_start, guint index, void *user_data);

/* A layout shaping through @words, drawing glyphs of @factory (neither owned;
 * both must outlive it). Free with layout_free(). */
G_GNUC_WARN_UNUSED_RESULT Layout *layout_new(GlyphFactory *factory, WordCache *words,
                                             Segmenter *segmenter);
void layout_free(Layout *layout); /* NULL is a no-op */
/* Sets (or with NULL clears) where drawn glyphs come from (flyweight off). */
void layout_set_glyph_source(Layout *layout, LayoutGlyphSource source, void *user_data);
/* Lets the word cache drop the glyph runs it keeps (word_cache_drop_runs),
 * after a pass that shaped every paragraph (the flyweight-off store). */
void layout_drop_glyph_runs(Layout *layout);
/* Right-to-left lines are placed from the left edge like the others (true),
 * instead of ending at the right edge of the width (false, the default). For
 * a view that does not wrap, whose width is not the window's (as VS Code
 * places them). Whoever changes it re-lays out what was laid out before. */
void layout_set_rtl_flush_left(Layout *layout, bool flush_left);
/* The segmenter it was made with (grapheme boundaries for callers). */
Segmenter *layout_segmenter(const Layout *layout);

/* Every glyph occurrence of @para, piece by piece in logical order, shaped as
 * drawing shapes them (a piece's direction: its first strong character's):
 * @func gets the piece's first byte, the glyph's index in the piece and the
 * glyph. For the flyweight-off store (private_glyphs.h). */
typedef void (*LayoutGlyphFunc)(guint32 word_start, guint index, const ShapedGlyph *glyph,
                                void *user_data);
void layout_shape_paragraph(Layout *layout, const Document *doc, guint32 para, LayoutGlyphFunc func,
                            void *user_data);

/* A paragraph's line metrics, pixels, the same for each of its lines: the
 * largest of its style runs' and of the fallback faces its text is drawn in
 * (Noto Sans Myanmar reaches further above and below than DejaVu Sans: its
 * lines get the room, as Pango gives it), the style's line gap kept. */
typedef struct {
  int32_t ascent;  /* from a line's top to its baseline */
  int32_t descent; /* below the baseline */
  int32_t height;  /* from a baseline to the next: ascent, descent and the styles' gap */
} LineMetrics;

/* The metrics of @para's style runs alone (no text read): the least a
 * paragraph gets, and an estimate before it is measured. */
LineMetrics layout_style_metrics(Layout *layout, const Document *doc, guint32 para);
/* Counts the wrapped lines of @para at @width pixels (at least 1). When
 * @line_starts is not NULL, appends the byte offset where each line after the
 * first begins (guint32); when @metrics is not NULL, sets the paragraph's. */
guint32 layout_measure(Layout *layout, const Document *doc, guint32 para, int width,
                       GArray *line_starts, LineMetrics *metrics);
/* The line of @para that starts at byte @start: returns where the next one
 * starts, or the paragraph's length when this is the last. *@examined_end (may
 * be NULL) receives the offset just past the last byte the decision read;
 * @grow (may be NULL) grows to the metrics of the faces of the text read. */
guint32 layout_line_end(Layout *layout, const Document *doc, guint32 para, guint32 start, int width,
                        guint32 *examined_end, LineMetrics *grow);
/* Lays out @para from the line that starts at byte @from, at most @max_lines
 * lines (0: all), appending to @out with y relative to the top of that first
 * line, lines @metrics apart (layout_measure's; NULL: measured here, which
 * reads the whole paragraph); acquires a Glyph reference per DrawnGlyph.
 * Returns the byte offset where layout stopped (the paragraph's length when it
 * got there). */
guint32 layout_paragraph(Layout *layout, const Document *doc, guint32 para, int width, guint32 from,
                         guint32 max_lines, const LineMetrics *metrics, LaidOut *out);

/* An empty LaidOut; laid_out_clear() gives back its references and empties it. */
void laid_out_init(LaidOut *out);
/* An empty LaidOut that gets places and lines only. */
void laid_out_init_places(LaidOut *out);
void laid_out_clear(LaidOut *out, GlyphFactory *factory);
void laid_out_free(LaidOut *out, GlyphFactory *factory); /* clears and frees the arrays */

/* Which side of a grapheme boundary the caret stands on. One offset has two
 * places where the direction changes ("abc|שלום": after c, or at the right
 * edge of ש) and at a soft line break (the end of the upper line, or the
 * start of the lower one); the affinity says which the caret was moved to.
 * It never changes what an edit does, only where the caret is drawn. */
typedef enum {
  CARET_DOWNSTREAM, /* with the grapheme after it: its leading edge; at a soft
                     * break, the lower line's start (the default) */
  CARET_UPSTREAM,   /* with the grapheme before it: its trailing edge; at a
                     * soft break, the upper line's end */
} CaretAffinity;

/* A place where the caret can stand on a laid-out line. */
typedef struct {
  guint32 offset;         /* a grapheme boundary of the paragraph */
  CaretAffinity affinity; /* the side that draws it here */
  int32_t x;              /* 26.6, from the paragraph's left edge */
} CaretStop;

/* A part of a drawn glyph inside a selection. */
typedef struct {
  guint glyph;    /* its index in the places given */
  int32_t x0, x1; /* 26.6, x0 < x1 */
} SelectedSpan;

/* The caret's x (pixels from the paragraph's left edge) at byte @offset of the
 * line @line of @out, a grapheme boundary in [start, end]: the leading edge of
 * the grapheme at @offset (right edge for a right-to-left one), or at the
 * line's end the trailing edge of the last; inside a ligature, its advance is
 * split evenly among its graphemes. As layout_caret_side_x(CARET_DOWNSTREAM). */
int layout_caret_x(Layout *layout, const Document *doc, guint32 para, const LaidOut *out,
                   guint line, guint32 offset);
/* The caret's x at @offset with @affinity on line @line (the line decides a
 * soft break; the affinity where the direction changes): CARET_UPSTREAM, the
 * trailing edge of the grapheme before @offset, or at the line's start the
 * leading edge of the first. Pixels. */
int layout_caret_side_x(Layout *layout, const Document *doc, guint32 para, const LaidOut *out,
                        guint line, guint32 offset, CaretAffinity affinity);
/* The grapheme boundary of line @line nearest to pixel @x (its
 * CARET_DOWNSTREAM caret; a click inside a cluster stays on its boundaries). */
guint32 layout_offset_at_x(Layout *layout, const Document *doc, guint32 para, const LaidOut *out,
                           guint line, int x);

/* Appends to @stops (CaretStop) the caret stops of line @line of @out, left to
 * right: every grapheme boundary of the line exactly once, at one of its
 * places, each at another x (but for graphemes without width), so that
 * stepping through them moves the caret one grapheme to the side each time
 * (arrow keys in bidi text). The line's end is a stop (CARET_UPSTREAM) unless
 * the line is wrapped after white space that hangs past its edge: then the
 * boundary before that space ends it, as Home/End and clicks see it. */
void layout_caret_stops(Layout *layout, const Document *doc, guint32 para, const LaidOut *out,
                        guint line, GArray *stops);

/* Appends to @spans (SelectedSpan) the parts of the @n drawn glyphs @places of
 * paragraph @para (laid out up to byte @text_end) that show bytes of the
 * selection [@start, @end): a glyph whose cluster is inside whole, and of a
 * ligature the share of its advance that its selected graphemes take (as the
 * caret splits it). Glyph by glyph, so a selection across a change of
 * direction gives the separate visual ranges it covers. */
void layout_selection_spans(Layout *layout, const Document *doc, guint32 para,
                            const GlyphPlace *places, guint n, guint32 text_end, guint32 start,
                            guint32 end, GArray *spans);

#endif
