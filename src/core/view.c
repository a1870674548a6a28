/* view.c — heights, scrolling and the DrawnGlyph records on screen.
 *
 * State per paragraph: its pixel height (in a HeightIndex, for y <-> paragraph
 * in O(log n)) and whether that height was measured at the current width
 * (unmeasured paragraphs count as one line). Paragraphs of more than
 * KEEP_WRAPS_LINES lines keep their line starts, so a line in the middle of a
 * 20 MB paragraph is found by index and only the lines on screen are laid out.
 *
 * The DrawnGlyph cache holds one entry per piece laid out for the screen, with
 * a Glyph reference per record; an edit or a flyweight toggle drops the
 * entries of the paragraphs it touched, scrolling drops entries that fall far
 * from the screen. So the number of DrawnGlyph records (and of references to
 * shared Glyphs) alive is about what is on screen, however large the document.
 * With the flyweight off the view also owns the private store: a private
 * Glyph per glyph occurrence of the document, rebuilt for edited paragraphs.
 * Going back on frees it (about 128 bytes a character) and gives the heap
 * back to the system (memory_give_back.h).
 *
 * Appends at the end (loading) are batched: the document tells us one
 * paragraph at a time, and we splice them into the index in one go on the next
 * query, so loading stays linear.
 *
 * Edits inside one paragraph whose line starts are kept re-wrap only the lines
 * around the edit (rewrap_edit): greedy wrapping decides each line from its own
 * text (layout.h), so lines whose decision read nothing at or after the edit
 * keep their starts, and once a new line start past the edit equals an old one
 * shifted by the edit's length, the rest are the old ones shifted. Typing in a
 * 10 MB line then costs a few lines of layout, not the whole line. Anything
 * else (several paragraphs, a paragraph not measured or with few lines) is
 * measured again whole; both ways give the same starts, and the same heights
 * but where an insertion took away a fallback face (see rewrap_edit).
 *
 * Positions and moves on screen: view_caret.c. */
#include "view_private.h"

#include <string.h>

#include "memory_give_back.h"

#define MEASURED(view) ((guint8 *)(view)->measured->data)
#define KEEP_WRAPS_LINES 64   /* paragraphs with more lines keep their line starts */
#define CACHE_MARGIN_PARAS 32 /* cached pieces this far outside the screen survive */
#define EDIT_MEASURE_NOW 256  /* inserted paragraphs measured at once, more in the background */

static void on_document_changed(Document *doc, guint32 first, guint32 removed, guint32 inserted,
                                void *user_data);

/* clang-format off */
G_DEFINE_QUARK(view-error-quark, view_error)
/* clang-format on */

/* Removes cache entry @i, giving back its glyph references. */
static void cache_remove(View *view, guint i)
{
  laid_out_free(&g_array_index(view->cache, CacheEntry, i).out, view->factory);
  g_array_remove_index_fast(view->cache, i);
}

static Glyph *private_source(guint32 para, guint32 word_start, guint index, void *data);

View *view_new(Document *doc, Layout *layout, int width, int height)
{
  g_return_val_if_fail(doc != NULL && layout != NULL, NULL);
  View *view = g_new0(View, 1);
  view->doc = doc;
  view->layout = layout;
  view->factory = document_factory(doc);
  view->width = MAX(width, 1);
  view->height = MAX(height, 1);
  view->heights = height_index_new();
  view->measured = g_array_new(FALSE, TRUE, sizeof(guint8));
  view->metrics = g_array_new(FALSE, FALSE, sizeof(LineMetrics));
  view->wraps = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_array_unref);
  view->cache = g_array_new(FALSE, FALSE, sizeof(CacheEntry));
  view->pieces = g_array_new(FALSE, FALSE, sizeof(ViewPiece));
  view->scratch = g_array_new(FALSE, FALSE, sizeof(guint32));
  view->pending_appends = document_paragraph_count(doc);
  view->leaving = g_ptr_array_new_with_free_func((GDestroyNotify)private_glyphs_free);
  view->observer = document_add_observer(doc, on_document_changed, view);
  return view;
}

void view_free(View *view)
{
  if (view == NULL)
    return;
  document_remove_observer(view->doc, view->observer);
  while (view->cache->len > 0)
    cache_remove(view, view->cache->len - 1);
  if (view->privates != NULL) {
    layout_set_glyph_source(view->layout, NULL, NULL);
    private_glyphs_free(view->privates);
    glyph_factory_set_sharing(view->factory, true);
  }
  g_ptr_array_unref(view->leaving);
  height_index_free(view->heights);
  g_array_unref(view->measured);
  g_array_unref(view->metrics);
  g_hash_table_unref(view->wraps);
  g_array_unref(view->cache);
  g_array_unref(view->pieces);
  g_array_unref(view->scratch);
  g_free(view);
}

/* ---------------------------------------------------------------- index upkeep */

static guint32 default_height(const View *view)
{
  return (guint32)glyph_factory_style_info(document_factory(view->doc),
                                           document_default_style(view->doc))
      ->line_height;
}

/* Splices batched appends into the index (one linear pass for a whole load). */
void view_flush_appends(View *view)
{
  if (view->pending_appends == 0)
    return;
  guint32 n = height_index_count(view->heights);
  height_index_splice(view->heights, n, 0, view->pending_appends, default_height(view));
  g_array_set_size(view->measured, n + view->pending_appends); /* zero-filled */
  view->unmeasured += view->pending_appends;
  view->measure_cursor = MIN(view->measure_cursor, n);
  view->pending_appends = 0;
}

static void drop_cache_from(View *view, guint32 first)
{
  for (guint i = view->cache->len; i-- > 0;)
    if (g_array_index(view->cache, CacheEntry, i).para >= first)
      cache_remove(view, i);
  g_array_set_size(view->pieces, 0);
}

static void drop_cache_of(View *view, guint32 para)
{
  for (guint i = view->cache->len; i-- > 0;)
    if (g_array_index(view->cache, CacheEntry, i).para == para)
      cache_remove(view, i);
  g_array_set_size(view->pieces, 0);
}

/* Moves the kept line starts of paragraphs after an edit to their new indexes. */
static void shift_wraps(View *view, guint32 first, guint32 removed, guint32 inserted)
{
  if (g_hash_table_size(view->wraps) == 0)
    return;
  GHashTable *moved = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_array_unref);
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init(&it, view->wraps);
  while (g_hash_table_iter_next(&it, &key, &value)) {
    guint32 para = GPOINTER_TO_UINT(key);
    if (para >= first && para < first + removed)
      continue; /* replaced: measured again */
    guint32 to = para < first ? para : para - removed + inserted;
    g_hash_table_insert(moved, GUINT_TO_POINTER(to), g_array_ref(value));
  }
  g_hash_table_unref(view->wraps);
  view->wraps = moved;
}

static void measure_paragraph(View *view, guint32 para);
static bool rewrap_edit(View *view, const DocEdit *edit);

static void on_document_changed(Document *doc, guint32 first, guint32 removed, guint32 inserted,
                                void *user_data)
{
  View *view = user_data;
  DocEdit edit;
  if (view->privates != NULL) { /* before re-wrapping: drawing looks glyphs up there */
    drop_cache_from(view, first);
    private_glyphs_replace(view->privates, first, removed, inserted);
  }
  if (removed == 1 && inserted == 1 && document_current_edit(doc, &edit) && edit.para == first &&
      rewrap_edit(view, &edit))
    return;
  guint32 known = height_index_count(view->heights) + view->pending_appends;
  drop_cache_from(view, first);
  if (removed == 0 && first == known) {
    view->pending_appends += inserted; /* loading: batch */
    return;
  }
  view_flush_appends(view);
  for (guint32 i = first; i < first + removed; i++)
    view->unmeasured -= MEASURED(view)[i] ? 0 : 1;
  shift_wraps(view, first, removed, inserted);
  height_index_splice(view->heights, first, removed, inserted, default_height(view));
  g_array_remove_range(view->measured, first, removed);
  g_autofree guint8 *zeros = g_malloc0(MAX(inserted, 1));
  g_array_insert_vals(view->measured, first, zeros, inserted);
  view->unmeasured += inserted;
  view->measure_cursor = MIN(view->measure_cursor, first);
  if (inserted <= EDIT_MEASURE_NOW)
    for (guint32 i = first; i < first + inserted; i++)
      measure_paragraph(view, i);
}

/* ---------------------------------------------------------------- measuring */

static bool same_metrics(const LineMetrics *a, const LineMetrics *b)
{
  return a->ascent == b->ascent && a->descent == b->descent && a->height == b->height;
}

/* The measured flag of line metrics @m: 1 + its index in view->metrics,
 * added when new. Paragraphs have few distinct metrics (one per style and
 * tall fallback face); were there 255, the tallest stands in for a new one:
 * its lines are further apart (or, for a paragraph taller still, closer: its
 * glyphs may touch), and heights, hit tests and drawing still agree. */
static guint8 metrics_flag(View *view, LineMetrics *m)
{
  guint tallest = 0;
  for (guint i = 0; i < view->metrics->len; i++) {
    const LineMetrics *k = &g_array_index(view->metrics, LineMetrics, i);
    if (same_metrics(k, m))
      return (guint8)(i + 1);
    if (k->height > g_array_index(view->metrics, LineMetrics, tallest).height)
      tallest = i;
  }
  if (view->metrics->len < G_MAXUINT8) {
    g_array_append_val(view->metrics, *m);
    return (guint8)view->metrics->len;
  }
  *m = g_array_index(view->metrics, LineMetrics, tallest);
  return (guint8)(tallest + 1);
}

/* The line metrics of @para: measured, or its styles' until it is. */
LineMetrics view_metrics_of(View *view, guint32 para)
{
  guint8 flag = MEASURED(view)[para];
  if (flag == 0)
    return layout_style_metrics(view->layout, view->doc, para);
  return g_array_index(view->metrics, LineMetrics, flag - 1);
}

/* Records that @para has @lines lines at this width, @m apart: its height,
 * its measured flag, and the scroll position when the paragraph lies above
 * the screen. */
static void set_paragraph_lines(View *view, guint32 para, guint32 lines, LineMetrics m)
{
  guint8 flag = metrics_flag(view, &m);
  guint64 h = (guint64)lines * (guint32)MAX(m.height, 1);
  guint32 old = height_index_get(view->heights, para);
  if (!MEASURED(view)[para])
    view->unmeasured--;
  MEASURED(view)[para] = flag;
  h = MIN(h, G_MAXUINT32);
  if (h == old) /* most lines: as tall as the default guessed */
    return;
  height_index_set(view->heights, para, (guint32)h);
  /* keep what is on screen still when something above it changes height */
  if (view->scroll_y > 0 &&
      height_index_prefix(view->heights, para) + old <= (guint64)view->scroll_y)
    view->scroll_y += (gint64)h - old;
}

static void measure_paragraph(View *view, guint32 para)
{
  GArray *starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  LineMetrics m;
  guint32 lines = layout_measure(view->layout, view->doc, para, view->width, starts, &m);
  if (lines > KEEP_WRAPS_LINES)
    g_hash_table_insert(view->wraps, GUINT_TO_POINTER(para), starts);
  else {
    g_hash_table_remove(view->wraps, GUINT_TO_POINTER(para));
    g_array_unref(starts);
  }
  set_paragraph_lines(view, para, lines, m);
}

void view_measure_if_needed(View *view, guint32 para)
{
  if (!MEASURED(view)[para])
    measure_paragraph(view, para);
}

bool view_measure_step(View *view, guint64 budget_bytes)
{
  view_flush_appends(view);
  guint64 done = 0;
  guint32 n = height_index_count(view->heights);
  while (view->unmeasured > 0 && done < budget_bytes) {
    if (view->measure_cursor >= n)
      view->measure_cursor = 0;
    guint32 p = view->measure_cursor++;
    if (MEASURED(view)[p])
      continue;
    guint32 len;
    document_paragraph_text(view->doc, p, &len);
    measure_paragraph(view, p);
    done += len + 16; /* empty paragraphs cost something too */
  }
  return view->unmeasured == 0;
}

bool view_measure_all(View *view)
{
  return view_measure_step(view, G_MAXUINT64);
}

double view_progress(const View *view)
{
  guint32 n = height_index_count(view->heights) + view->pending_appends;
  guint32 unmeasured = view->unmeasured + view->pending_appends;
  return n ? 1.0 - (double)unmeasured / n : 1.0;
}

void view_set_size(View *view, int width, int height)
{
  width = MAX(width, 1);
  view->height = MAX(height, 1);
  if (width == view->width)
    return;
  view_flush_appends(view);
  view->width = width;
  memset(view->measured->data, 0, view->measured->len);
  g_array_set_size(view->metrics, 0);
  view->unmeasured = view->measured->len;
  view->measure_cursor = 0;
  g_hash_table_remove_all(view->wraps);
  drop_cache_from(view, 0);
}

int view_width(const View *view)
{
  return view->width;
}
int view_height(const View *view)
{
  return view->height;
}

/* ---------------------------------------------------------------- re-wrapping */

/* The first line of @para whose start is still valid after @edit: walking back
 * from the edit's line while the line before it read text at or after the edit
 * to decide where it ends (a deletion can pull a word up a line). Lines further
 * up read no further than that one: a line's decision reads at most into the
 * first word of the next line, which the next line's own decision reads too. */
static guint32 rewrap_first_line(View *view, const GArray *starts, const DocEdit *edit)
{
  guint32 line = view_line_holding(starts, edit->offset);
  while (line > 0) {
    guint32 prev_start = line == 1 ? 0 : g_array_index(starts, guint32, line - 2);
    guint32 examined;
    layout_line_end(view->layout, view->doc, edit->para, prev_start, view->width, &examined, NULL);
    if (examined <= edit->offset)
      break; /* decided on text the edit did not touch */
    line--;
  }
  return line;
}

/* Replaces @starts[@from, @to) with @fresh and shifts the entries after it by @delta. */
static void splice_starts(GArray *starts, guint32 from, guint32 to, const GArray *fresh,
                          gint64 delta)
{
  guint32 tail = starts->len - to, n = from + fresh->len + tail;
  if (n > starts->len)
    g_array_set_size(starts, n);
  guint32 *d = (guint32 *)starts->data;
  memmove(d + from + fresh->len, d + to, tail * sizeof(guint32));
  if (fresh->len > 0)
    memcpy(d + from, fresh->data, fresh->len * sizeof(guint32));
  for (guint32 i = from + fresh->len; i < n; i++)
    d[i] = (guint32)((gint64)d[i] + delta);
  g_array_set_size(starts, n);
}

/* Re-wraps the kept line starts @starts of @edit's paragraph from the first
 * line the edit can affect until a new start past the edit meets an old one
 * shifted by the edit's length (or the paragraph ends); @metrics grows to
 * the faces of the lines read. */
static void rewrap_starts(View *view, GArray *starts, const DocEdit *edit, LineMetrics *metrics)
{
  guint32 len;
  document_paragraph_text(view->doc, edit->para, &len);
  const gint64 delta = (gint64)edit->new_len - edit->old_len;
  const guint32 edit_end = edit->offset + edit->new_len; /* in the new text */
  guint32 line = rewrap_first_line(view, starts, edit);
  guint32 start = line == 0 ? 0 : g_array_index(starts, guint32, line - 1);
  g_autoptr(GArray) fresh = g_array_new(FALSE, FALSE, sizeof(guint32));
  guint32 old = line;           /* scans the old starts (index line - 1 was this line's) */
  guint32 resume = starts->len; /* old starts from here on survive, shifted */
  for (;;) {
    guint32 next = layout_line_end(view->layout, view->doc, edit->para, start, view->width, NULL,
                                   metrics);
    if (next >= len || next <= start)
      break;
    start = next;
    g_array_append_val(fresh, next);
    if (next < edit_end)
      continue;
    gint64 was = (gint64)next - delta; /* where this text started before the edit */
    while (old < starts->len && g_array_index(starts, guint32, old) < was)
      old++;
    if (old < starts->len && g_array_index(starts, guint32, old) == was) {
      resume = old + 1; /* the same text starts a line: the rest follows as before */
      break;
    }
  }
  splice_starts(starts, line, resume, fresh, delta);
}

/* Handles an edit inside one paragraph whose line starts are kept, re-wrapping
 * only the lines around it; false (nothing done) when a full re-measure is
 * needed instead. */
static bool rewrap_edit(View *view, const DocEdit *edit)
{
  view_flush_appends(view);
  guint32 para = edit->para, len;
  if (para >= height_index_count(view->heights) || !MEASURED(view)[para])
    return false;
  GArray *starts = g_hash_table_lookup(view->wraps, GUINT_TO_POINTER(para));
  document_paragraph_text(view->doc, para, &len);
  if (starts == NULL || starts->len == 0 || (guint64)edit->offset + edit->new_len > len)
    return false;
  /* the kept starts must describe the paragraph as it was before the edit */
  guint64 old_len = (guint64)len - edit->new_len + edit->old_len;
  if (g_array_index(starts, guint32, starts->len - 1) >= old_len)
    return false;
  /* The metrics: the old ones grown by the lines re-read, which cover the
   * edit. After a deletion that is exact when they were the styles' own (no
   * taller face to lose); otherwise the deleted text may have held the
   * tallest face: measure all (a deletion in a 10 MB line that has a CJK or
   * emoji glyph costs a full measure, ~0.13 s). After an insertion the text
   * gained faces, and rarely lost one (a letter typed before a danda takes it
   * into its own face): then the lines stay further apart than needed until
   * the paragraph is measured again. */
  LineMetrics metrics = view_metrics_of(view, para);
  LineMetrics least = layout_style_metrics(view->layout, view->doc, para);
  if (edit->old_len > 0 && !same_metrics(&metrics, &least))
    return false;
  drop_cache_of(view, para);
  rewrap_starts(view, starts, edit, &metrics);
  guint32 lines = starts->len + 1;
  if (lines <= KEEP_WRAPS_LINES)
    g_hash_table_remove(view->wraps, GUINT_TO_POINTER(para)); /* as measure_paragraph does */
  set_paragraph_lines(view, para, lines, metrics);
  return true;
}

/* ---------------------------------------------------------------- geometry */

guint64 view_total_height(const View *view)
{
  view_flush_appends((View *)view);
  return height_index_total(view->heights);
}

guint64 view_scroll_y(const View *view)
{
  return (guint64)view->scroll_y;
}

void view_scroll_to(View *view, gint64 y)
{
  gint64 max = (gint64)view_total_height(view) - view->height;
  view->scroll_y = CLAMP(y, 0, MAX(max, 0));
}

guint64 view_paragraph_y(const View *view, guint32 para)
{
  view_flush_appends((View *)view);
  return height_index_prefix(view->heights, para);
}

/* Line starts of @para (offset of line 0 is 0, not stored): kept, or computed. */
const GArray *view_starts_of(View *view, guint32 para)
{
  view_measure_if_needed(view, para);
  GArray *kept = g_hash_table_lookup(view->wraps, GUINT_TO_POINTER(para));
  if (kept != NULL)
    return kept;
  g_array_set_size(view->scratch, 0);
  layout_measure(view->layout, view->doc, para, view->width, view->scratch, NULL);
  return view->scratch;
}

guint32 view_start_of_line(const GArray *starts, guint32 line)
{
  return line == 0 ? 0 : g_array_index(starts, guint32, line - 1);
}

/* The wrapped line of @para that holds byte @offset. */
guint32 view_line_holding(const GArray *starts, guint32 offset)
{
  guint32 lo = 0, hi = starts->len + 1;
  while (hi - lo > 1) {
    guint32 mid = (lo + hi) / 2;
    if (view_start_of_line(starts, mid) <= offset)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* ---------------------------------------------------------------- the screen */

static CacheEntry *cache_find(View *view, guint32 para, guint32 first_line, guint32 n_lines)
{
  for (guint i = 0; i < view->cache->len; i++) {
    CacheEntry *e = &g_array_index(view->cache, CacheEntry, i);
    if (e->para == para && e->first_line == first_line && e->n_lines == n_lines)
      return e;
  }
  return NULL;
}

static CacheEntry *lay_out_piece(View *view, guint32 para, guint32 first_line, guint32 n_lines)
{
  CacheEntry *e = cache_find(view, para, first_line, n_lines);
  if (e != NULL)
    return e;
  CacheEntry fresh = {para, first_line, n_lines, 0, {0}};
  laid_out_init(&fresh.out);
  if (first_line > 0)
    fresh.from = view_start_of_line(view_starts_of(view, para), first_line);
  LineMetrics m = view_metrics_of(view, para);
  layout_paragraph(view->layout, view->doc, para, view->width, fresh.from, n_lines, &m, &fresh.out);
  g_array_append_val(view->cache, fresh);
  return &g_array_index(view->cache, CacheEntry, view->cache->len - 1);
}

/* Drops cached pieces of paragraphs far from [first, last]. */
static void trim_cache(View *view, guint32 first, guint32 last)
{
  for (guint i = view->cache->len; i-- > 0;) {
    CacheEntry *e = &g_array_index(view->cache, CacheEntry, i);
    if (e->para + CACHE_MARGIN_PARAS < first || e->para > last + CACHE_MARGIN_PARAS)
      cache_remove(view, i);
  }
}

/* Where the lines laid out in @e end. */
static guint32 piece_end(const CacheEntry *e)
{
  const GArray *lines = e->out.lines;
  return lines->len > 0 ? g_array_index(lines, LaidLine, lines->len - 1).end : e->from;
}

/* Adds the piece of @para that lies in [scroll_y, scroll_y + height). */
static void add_visible_piece(View *view, guint32 para, guint64 top)
{
  LineMetrics metrics = view_metrics_of(view, para);
  guint64 lh = (guint64)MAX(metrics.height, 1);
  guint64 lines = height_index_get(view->heights, para) / lh;
  guint64 y0 = (guint64)view->scroll_y, y1 = y0 + (guint64)view->height;
  guint32 first = top < y0 ? (guint32)((y0 - top) / lh) : 0;
  guint32 last = (guint32)MIN(lines - 1, (y1 - top) / lh);
  /* short paragraphs are laid out whole, so scrolling within them reuses the piece */
  bool kept = g_hash_table_contains(view->wraps, GUINT_TO_POINTER(para));
  guint32 from_line = kept ? first : 0;
  guint32 n_lines = kept ? last - first + 1 : 0;
  CacheEntry *e = lay_out_piece(view, para, from_line, n_lines);
  ViewPiece piece = {para,
                     from_line,
                     e->from,
                     (gint64)(top + from_line * lh) - view->scroll_y,
                     (const DrawnGlyph *)(void *)e->out.glyphs->data,
                     (const GlyphPlace *)(void *)e->out.places->data,
                     e->out.glyphs->len,
                     piece_end(e),
                     metrics};
  g_array_append_val(view->pieces, piece);
}

const ViewPiece *view_visible(View *view, guint *n_pieces)
{
  view_flush_appends(view);
  view_scroll_to(view, view->scroll_y);
  g_array_set_size(view->pieces, 0);
  guint32 n = height_index_count(view->heights);
  guint64 top;
  guint32 para = height_index_find(view->heights, (guint64)view->scroll_y, &top);
  guint32 first = para;
  for (; para < n && top < (guint64)view->scroll_y + (guint64)view->height; para++) {
    view_measure_if_needed(view, para); /* may move scroll_y when it is above */
    top = height_index_prefix(view->heights, para);
    add_visible_piece(view, para, top);
    top += height_index_get(view->heights, para);
  }
  trim_cache(view, first, para); /* pieces point at GArray data, which a trim does not move */
  *n_pieces = view->pieces->len;
  return (const ViewPiece *)view->pieces->data;
}

guint64 view_drawn_glyph_count(const View *view)
{
  guint64 n = 0;
  for (guint i = 0; i < view->cache->len; i++)
    n += g_array_index(view->cache, CacheEntry, i).out.glyphs->len;
  return n;
}

guint64 view_drawn_glyph_bytes(const View *view)
{
  return view_drawn_glyph_count(view) * sizeof(DrawnGlyph);
}

guint64 view_bytes(const View *view)
{
  guint64 bytes = height_index_bytes(view->heights) + view->measured->len +
                  view->metrics->len * sizeof(LineMetrics);
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init(&it, view->wraps);
  while (g_hash_table_iter_next(&it, NULL, &value))
    bytes += ((GArray *)value)->len * sizeof(guint32);
  for (guint i = 0; i < view->cache->len; i++) {
    const LaidOut *out = &g_array_index(view->cache, CacheEntry, i).out;
    bytes += out->places->len * sizeof(GlyphPlace) + out->lines->len * sizeof(LaidLine);
  }
  for (guint i = 0; i < view->leaving->len; i++)
    bytes += private_glyphs_bytes(g_ptr_array_index(view->leaving, i));
  return bytes + private_glyphs_bytes(view->privates);
}

/* ---------------------------------------------------------------- the flyweight */

static Glyph *private_source(guint32 para, guint32 word_start, guint index, void *data)
{
  View *view = data;
  Glyph *glyph = private_glyphs_get(view->privates, para, word_start, index);
  return glyph != NULL ? glyph_factory_ref(view->factory, glyph) : NULL;
}

/* Going off: the store is made empty and built by view_sharing_step; drawing
 * takes each occurrence's private Glyph from the paragraphs built, and a copy
 * the factory makes (it is off now) from the others. */
static bool go_off(View *view, guint64 budget, GError **error)
{
  guint64 need = private_glyphs_estimate(view->doc);
  if (need > budget) {
    g_set_error(error, VIEW_ERROR, VIEW_ERROR_OVER_BUDGET,
                "Turning the flyweight off would need about %.1f MiB for %" G_GUINT64_FORMAT
                " private glyphs, over the budget of %.1f MiB",
                need / 1048576.0, document_char_count(view->doc), budget / 1048576.0);
    return false;
  }
  drop_cache_from(view, 0);
  glyph_factory_set_sharing(view->factory, false);
  view->privates = private_glyphs_new_empty(view->factory, view->layout, view->doc);
  view->building = true;
  layout_set_glyph_source(view->layout, private_source, view);
  return true;
}

/* The store is complete: what is drawn takes its glyphs from now on. */
static void finish_off(View *view)
{
  view->building = false;
  view->leaving_glyphs = 0;
  drop_cache_from(view, 0); /* pieces drawn meanwhile hold copies of the factory's */
  /* that shaped every word of the document: the runs of the words not on
   * screen need not stay (the cache then holds what it held while on) */
  layout_drop_glyph_runs(view->layout);
}

/* Going on: drawing shares at once; the store (built or half built) goes to
 * the ones view_sharing_step gives back. */
static void go_on(View *view)
{
  drop_cache_from(view, 0);
  layout_set_glyph_source(view->layout, NULL, NULL);
  view->leaving_glyphs += private_glyphs_count(view->privates);
  g_ptr_array_add(view->leaving, g_steal_pointer(&view->privates));
  view->building = false;
  glyph_factory_set_sharing(view->factory, true);
}

/* Every private glyph is given back: the templates kept while off go, and
 * the heap goes back to the system. */
static void finish_on(View *view)
{
  view->leaving_glyphs = 0;
  glyph_factory_collect(view->factory);
  memory_give_back(); /* the last step's */
}

bool view_sharing_begin(View *view, bool sharing, guint64 budget, GError **error)
{
  g_return_val_if_fail(view != NULL, false);
  if (sharing == view_get_sharing(view))
    return true;
  if (sharing)
    go_on(view);
  else if (!go_off(view, budget, error))
    return false;
  return true;
}

bool view_sharing_step(View *view, gint64 budget_us)
{
  g_return_val_if_fail(view != NULL, false);
  gint64 deadline = g_get_monotonic_time() + MIN(budget_us, G_MAXINT64 / 2);
  while (view->leaving->len > 0) { /* first give back, then build: the peak stays lower */
    PrivateGlyphs *last = g_ptr_array_index(view->leaving, view->leaving->len - 1);
    /* A third of the step frees glyphs; handing the freed heap back to the
     * system costs about twice that. Done every step, RSS falls as the bar
     * goes, and no one give-back at the end walks millions of free chunks
     * (50 to 90 ms after 5 million glyphs, measured in the window). */
    if (private_glyphs_release_step(last, (deadline - g_get_monotonic_time()) / 3)) {
      memory_give_back();
      return true;
    }
    g_ptr_array_set_size(view->leaving, view->leaving->len - 1);
    if (view->leaving->len == 0 && view->privates == NULL) {
      finish_on(view);
      return false;
    }
    if (g_get_monotonic_time() >= deadline)
      return true;
  }
  if (!view->building)
    return false;
  if (private_glyphs_build_step(view->privates, deadline - g_get_monotonic_time()))
    return true;
  finish_off(view);
  return false;
}

bool view_sharing_busy(const View *view)
{
  return view->building || view->leaving->len > 0;
}

double view_sharing_progress(const View *view)
{
  if (!view_sharing_busy(view))
    return 1.0;
  guint64 left = 0;
  for (guint i = 0; i < view->leaving->len; i++)
    left += private_glyphs_count(g_ptr_array_index(view->leaving, i));
  double given = view->leaving_glyphs ? 1.0 - (double)left / view->leaving_glyphs : 1.0;
  if (!view->building)
    return given;
  guint32 n = document_paragraph_count(view->doc);
  double built = n ? MIN((double)private_glyphs_built(view->privates) / n, 1.0) : 1.0;
  /* turned back while going on: giving back is the first half, building the second */
  return view->leaving_glyphs ? (given + built) / 2 : built;
}

bool view_set_sharing(View *view, bool sharing, guint64 budget, GError **error)
{
  if (!view_sharing_begin(view, sharing, budget, error))
    return false;
  while (view_sharing_step(view, G_MAXINT64))
    ;
  return true;
}

bool view_get_sharing(const View *view)
{
  return view->privates == NULL;
}

guint64 view_private_glyph_count(const View *view)
{
  guint64 n = private_glyphs_count(view->privates);
  for (guint i = 0; i < view->leaving->len; i++)
    n += private_glyphs_count(g_ptr_array_index(view->leaving, i));
  return n;
}

/* Adds one per drawn glyph the view's cache holds. */
static void count_drawn(const View *view, GHashTable *counts)
{
  for (guint i = 0; i < view->cache->len; i++) {
    const GArray *glyphs = g_array_index(view->cache, CacheEntry, i).out.glyphs;
    for (guint k = 0; k < glyphs->len; k++) {
      Glyph *g = g_array_index(glyphs, DrawnGlyph, k).glyph;
      g_hash_table_insert(counts, g,
                          GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(counts, g)) + 1));
    }
  }
}

typedef struct {
  GHashTable *counts;
  GError **error;
  bool ok;
} SharedCheck;

/* A shared glyph nobody counted must have a count of 0. */
static void check_unheld(Glyph *glyph, void *data)
{
  SharedCheck *c = data;
  if (!c->ok || g_hash_table_contains(c->counts, glyph) || glyph->refcount == 0)
    return;
  g_set_error(c->error, VIEW_ERROR, VIEW_ERROR_REFCOUNT,
              "glyph %u (style %u, phase %u) has refcount %u but nobody holds it", glyph->glyph_id,
              glyph->style, glyph->phase, glyph->refcount);
  c->ok = false;
}

bool view_check_refcounts(View *view, GHashTable *extra_holders, GError **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new(NULL, NULL);
  count_drawn(view, counts);
  private_glyphs_count_refs(view->privates, counts);
  for (guint i = 0; i < view->leaving->len; i++)
    private_glyphs_count_refs(g_ptr_array_index(view->leaving, i), counts);
  GHashTableIter it;
  gpointer key, value;
  if (extra_holders != NULL) {
    g_hash_table_iter_init(&it, extra_holders);
    while (g_hash_table_iter_next(&it, &key, &value))
      g_hash_table_insert(counts, key,
                          GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(counts, key)) +
                                           GPOINTER_TO_UINT(value)));
  }
  g_hash_table_iter_init(&it, counts);
  while (g_hash_table_iter_next(&it, &key, &value)) {
    const Glyph *g = key;
    if (g->refcount != GPOINTER_TO_UINT(value)) {
      g_set_error(error, VIEW_ERROR, VIEW_ERROR_REFCOUNT,
                  "glyph %u (style %u, phase %u) has refcount %u but %u references exist",
                  g->glyph_id, g->style, g->phase, g->refcount, GPOINTER_TO_UINT(value));
      return false;
    }
  }
  SharedCheck c = {counts, error, true};
  glyph_factory_foreach_shared(view->factory, check_unheld, &c);
  return c.ok;
}
