/* view.h — a window onto a Document: paragraph heights, scrolling, and the
 * DrawnGlyph records of what is on screen.
 *
 * The view knows every paragraph's height at its width (the scrollbar needs the
 * total), kept in a HeightIndex so that y <-> paragraph is O(log n). Heights are
 * measured incrementally: view_measure_step() does a bounded amount of work, so a
 * large file shows its first screen at once and the rest is measured in the
 * background of the event loop (view_progress() for the progress bar). Long
 * paragraphs keep their wrap points, so showing the middle of a 20 MB line lays
 * out only the lines on screen, and typing in it re-wraps only the lines
 * around the edit (the document says where it was: document_current_edit). DrawnGlyph records exist only for paragraphs on
 * screen (and a few around them): their count is what is laid out now. */
#ifndef GLYPHPAD_VIEW_H
#define GLYPHPAD_VIEW_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"
#include "layout.h"
#include "private_glyphs.h"

#define VIEW_ERROR (view_error_quark())
GQuark view_error_quark(void);
typedef enum {
  VIEW_ERROR_OVER_BUDGET, /* going off would need more memory than allowed */
  VIEW_ERROR_REFCOUNT,    /* view_check_refcounts found a wrong count */
} ViewError;

typedef struct View View;

/* One laid-out piece on screen: a paragraph's lines from @first_line. */
typedef struct {
  guint32 para;             /* paragraph index */
  guint32 first_line;       /* first wrapped line laid out */
  guint32 from;             /* byte offset where that line starts */
  gint64 top;               /* screen y of that line's top (may be negative) */
  const DrawnGlyph *glyphs; /* the records, y relative to @top */
  const GlyphPlace *places; /* each record's cluster and 26.6 span (selections, carets) */
  guint n_glyphs;
  guint32 to;          /* byte offset where the laid-out lines end */
  LineMetrics metrics; /* the paragraph's: line k's baseline is at @top + ascent + k * height */
} ViewPiece;

/* Where the caret stands: a position and the side of it (layout.h), which
 * picks the line at a soft break and the place where the direction changes. */
typedef struct {
  DocPos pos;
  CaretAffinity affinity;
} ViewCaret;

/* A view of @doc laid out through @layout (neither owned; both must outlive
 * it) @width x @height pixels. */
G_GNUC_WARN_UNUSED_RESULT View *view_new(Document *doc, Layout *layout, int width, int height);
void view_free(View *view); /* NULL is a no-op */

/* Changes the size; a new width re-measures every paragraph (incrementally). */
void view_set_size(View *view, int width, int height);
int view_width(const View *view);
int view_height(const View *view);

/* Measures up to about @budget_bytes of not yet measured text; true when all is
 * measured. Unmeasured paragraphs count one line meanwhile. */
bool view_measure_step(View *view, guint64 budget_bytes);
bool view_measure_all(View *view);
double view_progress(const View *view); /* 0..1 */

guint64 view_total_height(const View *view);
guint64 view_scroll_y(const View *view);
/* Scrolls so that document y @y is at the top (clamped). */
void view_scroll_to(View *view, gint64 y);
/* Scrolls the least so that @pos's line is visible. */
void view_scroll_to_pos(View *view, DocPos pos);

/* The top y of @para in document coordinates. */
guint64 view_paragraph_y(const View *view, guint32 para);

/* Lays out what is on screen (cached) and returns the pieces; valid until the
 * next call or edit. */
const ViewPiece *view_visible(View *view, guint *n_pieces);

/* The caret nearest to screen point (@x, @y): past the end of a line wrapped
 * without white space, its end (CARET_UPSTREAM). */
ViewCaret view_caret_at_point(View *view, int x, int y);
/* Screen position of @caret: x, its line's top y and height. False when it
 * cannot be placed (never for a valid position). */
bool view_point_of_caret(View *view, ViewCaret caret, int *x, gint64 *top, int *line_height);
/* Start of the wrapped line @caret is on (Home). */
ViewCaret view_caret_line_start(View *view, ViewCaret caret);
/* End of the wrapped line @caret is on (End): the paragraph's end, before the
 * white space that hangs at a wrapped line's end, or else after its last
 * grapheme, on that line (CARET_UPSTREAM). */
ViewCaret view_caret_line_end(View *view, ViewCaret caret);
/* The caret @lines wrapped lines above (<0) or below (>0), nearest pen x @x. */
ViewCaret view_caret_move_lines(View *view, ViewCaret caret, int lines, int x);
/* The caret one stop to the right (@direction > 0) or left (< 0) on screen
 * (layout_caret_stops: each grapheme boundary of a line once, whatever the
 * directions in it). From a line's edge, the adjacent line's edge in the
 * paragraph's reading direction (Right at the right end of a right-to-left
 * line goes up a line, to its left end), then the paragraph's; @caret itself
 * at the document's ends. */
ViewCaret view_caret_move(View *view, ViewCaret caret, int direction);

/* The same with positions only (CARET_DOWNSTREAM; where only the upstream
 * side is on the line, the grapheme boundary before it, so that the position
 * stays on the line). */
DocPos view_pos_at_point(View *view, int x, int y);
bool view_point_of_pos(View *view, DocPos pos, int *x, gint64 *top, int *line_height);
DocPos view_line_start(View *view, DocPos pos);
DocPos view_line_end(View *view, DocPos pos);
DocPos view_move_lines(View *view, DocPos pos, int lines, int x);

/* Appends to @spans (SelectedSpan, layout.h) the parts of @piece's glyphs
 * that show the selection [@start, @end): glyph by glyph in visual order, a
 * ligature cut at its selected graphemes. */
void view_selection_spans(View *view, const ViewPiece *piece, DocPos start, DocPos end,
                          GArray *spans);

/* DrawnGlyph records alive now, and their bytes. */
guint64 view_drawn_glyph_count(const View *view);
guint64 view_drawn_glyph_bytes(const View *view);
/* Bytes of the view's own bookkeeping (heights, wrap points, the places of
 * drawn glyphs, the private store's pointers). */
guint64 view_bytes(const View *view);

/* The flyweight on (shared Glyphs) or off: every glyph occurrence of the
 * document gets a private Glyph (private_glyphs.h) and what is drawn uses it.
 * Going back on frees them and gives the heap back to the system
 * (memory_give_back.h). Going off is refused with VIEW_ERROR_OVER_BUDGET when
 * the estimate (private_glyphs_estimate) exceeds @budget bytes. */
bool view_set_sharing(View *view, bool sharing, guint64 budget, GError **error);
/* The mode the view draws in (and, during a switch in steps, is heading to). */
bool view_get_sharing(const View *view);

/* The same switch in steps, so a window stays responsive: view_sharing_begin()
 * changes the mode at once (what is drawn from then on is shared, or private
 * copies) and refuses going off as view_set_sharing() does; each
 * view_sharing_step() then builds or gives back the private glyphs for about
 * @budget_us microseconds and says whether work is left. Beginning the other
 * way while busy turns back: what was built is given back (or building starts
 * again once it is). The end state equals view_set_sharing()'s. Going on,
 * each step gives the heap it freed back to the system (memory_give_back.h):
 * that is inside the budget as far as it can be foreseen (a third of the
 * step frees, the give-back takes about twice as long). */
bool view_sharing_begin(View *view, bool sharing, guint64 budget, GError **error);
bool view_sharing_step(View *view, gint64 budget_us);
/* Whether a switch has steps left, and how far it is (0..1; 1 when none). */
bool view_sharing_busy(const View *view);
double view_sharing_progress(const View *view);

/* Private glyphs owned with the flyweight off (0 when on; while going on,
 * those not given back yet). */
guint64 view_private_glyph_count(const View *view);

/* Verifies that every live Glyph's reference count equals the references to it
 * that exist: the drawn glyphs the view holds, the private store's, and the
 * @extra_holders (Glyph* -> count, may be NULL: another drawer's); shared glyphs
 * nobody holds have a count of 0. The tests and fuzzers call it. */
bool view_check_refcounts(View *view, GHashTable *extra_holders, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(View, view_free)

#endif
