/* view_caret.c — positions on screen: carets with their side, points, line
 * starts and ends, moves by lines and through a line's caret stops, selected
 * spans (view.h; the View's fields: view_private.h).
 *
 * A position on screen is a ViewCaret: the offset and its side, which at a
 * soft break picks the line (upstream: the end of the upper one, unless white
 * space hangs there) and inside a line the place where the direction changes.
 * Moves on screen lay out the one line the caret is on (places only) and step
 * through its stops (layout_caret_stops); the DocPos functions are the same
 * with the downstream side. */
#include "view_private.h"

/* ---------------------------------------------------------------- positions */

/* Lays out the one line @line of @para into @out (places only: no Glyph is
 * needed to find a position). */
static void lay_out_line(View *view, guint32 para, guint32 line, LaidOut *out)
{
  guint32 from = view_start_of_line(view_starts_of(view, para), line);
  LineMetrics m = view_metrics_of(view, para);
  layout_paragraph(view->layout, view->doc, para, view->width, from, 1, &m, out);
}

static guint32 prev_grapheme(View *view, DocPos pos)
{
  guint32 len;
  const char *text = document_paragraph_text(view->doc, pos.para, &len);
  return (guint32)segmenter_prev_grapheme(layout_segmenter(view->layout), text, len, pos.offset);
}

/* Whether the line ending at byte @end (a soft break) ends with white space,
 * which hangs past the edge: its end is then before that space. */
static bool ends_in_white(View *view, guint32 para, guint32 end)
{
  guint32 len;
  const char *text = document_paragraph_text(view->doc, para, &len);
  return end > 0 && end <= len && (text[end - 1] == ' ' || text[end - 1] == '\t');
}

/* The wrapped line of its paragraph that @caret stands on: at a soft break,
 * the upper one when it is upstream, unless the upper one ends in hanging
 * white space (a caret after it could stand outside the text area; typing a
 * space that wraps leaves the caret at the next line's start, as always). */
static guint32 caret_line(View *view, ViewCaret caret)
{
  const GArray *starts = view_starts_of(view, caret.pos.para);
  guint32 line = view_line_holding(starts, caret.pos.offset);
  if (caret.affinity == CARET_UPSTREAM && line > 0 &&
      view_start_of_line(starts, line) == caret.pos.offset &&
      !ends_in_white(view, caret.pos.para, caret.pos.offset))
    line--;
  return line;
}

/* The end of the wrapped line of @para that ends at the soft break @end:
 * before its hanging white space, or after its last grapheme. */
static ViewCaret wrapped_end(View *view, guint32 para, guint32 end)
{
  if (ends_in_white(view, para, end))
    return (ViewCaret){{para, prev_grapheme(view, (DocPos){para, end})}, CARET_DOWNSTREAM};
  return (ViewCaret){{para, end}, CARET_UPSTREAM};
}

/* The caret on line @line of @para nearest pen x @x. */
static ViewCaret caret_on_line(View *view, guint32 para, guint32 line, int x)
{
  LaidOut out;
  laid_out_init_places(&out);
  lay_out_line(view, para, line, &out);
  guint32 offset = layout_offset_at_x(view->layout, view->doc, para, &out, 0, x);
  const LaidLine *L = &g_array_index(out.lines, LaidLine, 0);
  guint32 len;
  document_paragraph_text(view->doc, para, &len);
  bool wrapped_end_hit = offset >= L->end && L->end < len && L->end > L->start;
  ViewCaret caret = wrapped_end_hit ? wrapped_end(view, para, L->end)
                                    : (ViewCaret){{para, offset}, CARET_DOWNSTREAM};
  laid_out_free(&out, view->factory);
  return caret;
}

/* @caret as a position alone: upstream at a soft break, the grapheme boundary
 * before it, which is on the same line. */
static DocPos pos_of(View *view, ViewCaret caret)
{
  const GArray *starts = view_starts_of(view, caret.pos.para);
  if (caret_line(view, caret) == view_line_holding(starts, caret.pos.offset))
    return caret.pos;
  return (DocPos){caret.pos.para, prev_grapheme(view, caret.pos)};
}

static ViewCaret downstream(DocPos pos)
{
  return (ViewCaret){pos, CARET_DOWNSTREAM};
}

ViewCaret view_caret_at_point(View *view, int x, int y)
{
  view_flush_appends(view);
  gint64 doc_y = MAX(view->scroll_y + y, 0);
  guint64 top;
  guint32 para = height_index_find(view->heights, (guint64)doc_y, &top);
  view_measure_if_needed(view, para);
  top = height_index_prefix(view->heights, para);
  guint32 lh = (guint32)MAX(view_metrics_of(view, para).height, 1);
  guint32 lines = height_index_get(view->heights, para) / lh;
  guint32 line = (guint64)doc_y < top ? 0 : (guint32)MIN(((guint64)doc_y - top) / lh, lines - 1);
  return caret_on_line(view, para, line, x);
}

DocPos view_pos_at_point(View *view, int x, int y)
{
  return pos_of(view, view_caret_at_point(view, x, y));
}

bool view_point_of_caret(View *view, ViewCaret caret, int *x, gint64 *top, int *line_height)
{
  view_flush_appends(view);
  caret.pos = document_clamp(view->doc, caret.pos);
  guint32 para = caret.pos.para, line = caret_line(view, caret);
  int lh = MAX(view_metrics_of(view, para).height, 1);
  LaidOut out;
  laid_out_init_places(&out);
  lay_out_line(view, para, line, &out);
  *x = layout_caret_side_x(view->layout, view->doc, para, &out, 0, caret.pos.offset,
                           caret.affinity);
  laid_out_free(&out, view->factory);
  *top = (gint64)height_index_prefix(view->heights, para) + (gint64)line * lh - view->scroll_y;
  *line_height = lh;
  return true;
}

bool view_point_of_pos(View *view, DocPos pos, int *x, gint64 *top, int *line_height)
{
  return view_point_of_caret(view, downstream(pos), x, top, line_height);
}

void view_scroll_to_pos(View *view, DocPos pos)
{
  int x, lh;
  gint64 top;
  view_point_of_pos(view, pos, &x, &top, &lh);
  if (top < 0)
    view_scroll_to(view, view->scroll_y + top);
  else if (top + lh > view->height)
    view_scroll_to(view, view->scroll_y + top + lh - view->height);
}

ViewCaret view_caret_line_start(View *view, ViewCaret caret)
{
  caret.pos = document_clamp(view->doc, caret.pos);
  guint32 line = caret_line(view, caret);
  return downstream(
      (DocPos){caret.pos.para, view_start_of_line(view_starts_of(view, caret.pos.para), line)});
}

DocPos view_line_start(View *view, DocPos pos)
{
  return view_caret_line_start(view, downstream(pos)).pos;
}

ViewCaret view_caret_line_end(View *view, ViewCaret caret)
{
  caret.pos = document_clamp(view->doc, caret.pos);
  guint32 para = caret.pos.para, line = caret_line(view, caret), len;
  const GArray *starts = view_starts_of(view, para);
  document_paragraph_text(view->doc, para, &len);
  if (line >= starts->len)
    return downstream((DocPos){para, len});
  return wrapped_end(view, para, view_start_of_line(starts, line + 1));
}

DocPos view_line_end(View *view, DocPos pos)
{
  return pos_of(view, view_caret_line_end(view, downstream(pos)));
}

ViewCaret view_caret_move_lines(View *view, ViewCaret caret, int lines, int x)
{
  view_flush_appends(view);
  caret.pos = document_clamp(view->doc, caret.pos);
  guint32 para = caret.pos.para;
  gint64 line = caret_line(view, caret) + (gint64)lines;
  guint32 n = height_index_count(view->heights);
  while (line < 0 && para > 0) {
    para--;
    line += view_starts_of(view, para)->len + 1;
  }
  while (line > (gint64)view_starts_of(view, para)->len && para + 1 < n) {
    line -= view_starts_of(view, para)->len + 1;
    para++;
  }
  line = CLAMP(line, 0, (gint64)view_starts_of(view, para)->len);
  return caret_on_line(view, para, (guint32)line, x);
}

DocPos view_move_lines(View *view, DocPos pos, int lines, int x)
{
  return pos_of(view, view_caret_move_lines(view, downstream(pos), lines, x));
}

/* ---------------------------------------------------------------- moving on screen */

/* Appends the caret stops of line @line of @para to @stops (left to right);
 * returns whether the paragraph is right to left. */
static bool line_stops(View *view, guint32 para, guint32 line, GArray *stops)
{
  LaidOut out;
  laid_out_init_places(&out);
  lay_out_line(view, para, line, &out);
  layout_caret_stops(view->layout, view->doc, para, &out, 0, stops);
  bool rtl = g_array_index(out.lines, LaidLine, 0).rtl;
  laid_out_free(&out, view->factory);
  return rtl;
}

static ViewCaret stop_caret(guint32 para, const GArray *stops, guint i)
{
  const CaretStop *s = &g_array_index(stops, CaretStop, i);
  return (ViewCaret){{para, s->offset}, s->affinity};
}

/* The index of the stop that @direction from @caret reaches in @stops (its
 * line's), -1 or stops->len past the line's edge. A caret that is no stop
 * (after white space hanging at a wrapped line's end) goes to the nearest
 * stop on that side of it. */
static gint64 next_stop(View *view, const GArray *stops, ViewCaret caret, int direction)
{
  for (guint i = 0; i < stops->len; i++)
    if (g_array_index(stops, CaretStop, i).offset == caret.pos.offset)
      return (gint64)i + (direction > 0 ? 1 : -1);
  int x, lh;
  gint64 top;
  view_point_of_caret(view, caret, &x, &top, &lh);
  gint64 i = direction > 0 ? 0 : (gint64)stops->len - 1;
  while (i >= 0 && i < (gint64)stops->len &&
         (direction > 0 ? (g_array_index(stops, CaretStop, i).x + 32) >> 6 <= x
                        : (g_array_index(stops, CaretStop, i).x + 32) >> 6 >= x))
    i += direction > 0 ? 1 : -1;
  return i;
}

/* From the edge of line @line of @para (@rtl: the paragraph's direction),
 * the facing edge of the next line in reading order when going @direction:
 * its leftmost stop going right, its rightmost going left. */
static bool adjacent_line(View *view, guint32 *para, guint32 *line, bool rtl, int direction)
{
  if ((direction > 0) != rtl) { /* on in reading order */
    if (*line < view_starts_of(view, *para)->len)
      ++*line;
    else if (*para + 1 < document_paragraph_count(view->doc))
      ++*para, *line = 0;
    else
      return false;
  } else if (*line > 0) {
    --*line;
  } else if (*para > 0) {
    --*para;
    *line = view_starts_of(view, *para)->len;
  } else {
    return false;
  }
  return true;
}

ViewCaret view_caret_move(View *view, ViewCaret caret, int direction)
{
  g_return_val_if_fail(view != NULL, caret);
  view_flush_appends(view);
  caret.pos = document_clamp(view->doc, caret.pos);
  guint32 para = caret.pos.para, line = caret_line(view, caret);
  g_autoptr(GArray) stops = g_array_new(FALSE, FALSE, sizeof(CaretStop));
  bool rtl = line_stops(view, para, line, stops);
  gint64 i = next_stop(view, stops, caret, direction);
  if (i >= 0 && i < (gint64)stops->len)
    return stop_caret(para, stops, (guint)i);
  if (!adjacent_line(view, &para, &line, rtl, direction))
    return caret;
  g_array_set_size(stops, 0);
  line_stops(view, para, line, stops);
  return stop_caret(para, stops, direction > 0 ? 0 : stops->len - 1);
}

void view_selection_spans(View *view, const ViewPiece *piece, DocPos start, DocPos end,
                          GArray *spans)
{
  g_return_if_fail(view != NULL && piece != NULL && spans != NULL);
  if (piece->para < start.para || piece->para > end.para)
    return;
  guint32 from = piece->para == start.para ? start.offset : 0;
  guint32 to = piece->para == end.para ? end.offset : G_MAXUINT32;
  layout_selection_spans(view->layout, view->doc, piece->para, piece->places, piece->n_glyphs,
                         piece->to, from, to, spans);
}
