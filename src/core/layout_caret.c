/* layout_caret.c — the caret, hit testing, the caret's stops and selected
 * spans on lines that layout.c laid out (layout.h).
 *
 * A line's graphemes are boxes in visual order (a cluster's glyphs
 * together, a ligature's advance split evenly among its graphemes). At a
 * grapheme boundary the caret stands at the leading edge of the grapheme there
 * (downstream) or the trailing edge of the one before (upstream): one place
 * inside a run, two where the direction changes. A click finds the nearest
 * downstream caret among the hit cluster's and its visual neighbours', so
 * where the direction changes a click lands on the offset whose caret is drawn
 * there. The arrow keys step through the line's stops: the places between
 * visually adjacent graphemes, each showing one boundary (see "caret stops"). */
#include "layout.h"

#include <string.h>

/* ---------------------------------------------------------------- the caret */

/* A cluster of a drawn line: its bytes and its visual extent (26.6). */
typedef struct {
  guint32 start, end;
  int32_t x0, x1;
  bool rtl;
} ClusterSpan;

/* The cluster of line @line containing byte @offset (the last one starting at
 * or before it), with its extent; false for an empty line. */
static bool cluster_at(const LaidOut *out, guint line, guint32 offset, ClusterSpan *c)
{
  const LaidLine *L = &g_array_index(out->lines, LaidLine, line);
  *c = (ClusterSpan){0, L->end, G_MAXINT32, G_MININT32, false};
  if (L->count == 0)
    return false;
  const GlyphPlace *places = &g_array_index(out->places, GlyphPlace, L->first);
  bool found = false;
  for (guint i = 0; i < L->count; i++)
    if (places[i].cluster <= offset && (!found || places[i].cluster > c->start))
      c->start = places[i].cluster, found = true;
  for (guint i = 0; i < L->count && found; i++) {
    const GlyphPlace *p = &places[i];
    if (p->cluster > c->start)
      c->end = MIN(c->end, p->cluster);
    if (p->cluster != c->start)
      continue;
    c->x0 = MIN(c->x0, p->x);
    c->x1 = MAX(c->x1, p->x + p->advance);
    c->rtl = p->rtl;
  }
  return found;
}

/* Grapheme clusters in [@from, @to) of the paragraph. */
static guint graphemes(Layout *l, const char *text, guint32 len, guint32 from, guint32 to)
{
  guint n = 0;
  for (gsize at = from; at < to; n++)
    at = segmenter_next_grapheme(layout_segmenter(l), text, len, at);
  return MAX(n, 1u);
}

/* The grapheme boundary at or before @offset (HarfBuzz's clusters predate
 * GB9c: one may start inside a grapheme). */
static gsize grapheme_start(Layout *l, const char *text, guint32 len, guint32 offset)
{
  return segmenter_is_grapheme(layout_segmenter(l), text, len, offset)
             ? offset
             : segmenter_prev_grapheme(layout_segmenter(l), text, len, offset);
}

/* A grapheme of a drawn line with its extent: what the caret steps over. */
typedef struct {
  guint32 start, end;  /* bytes */
  int32_t left, right; /* 26.6 */
  bool rtl;            /* drawn right to left: it begins at its right edge */
} GraphemeBox;

static const LaidLine *line_at(const LaidOut *out, guint line)
{
  return &g_array_index(out->lines, LaidLine, line);
}

/* The line's clusters in visual order, each from the grapheme boundary at or
 * before its start (a cluster that starts inside a grapheme joins the one
 * before it) and with the extent of all its glyphs (a base and its marks,
 * which come together); their ends are not known yet. */
static void line_units(Layout *l, const char *text, guint32 len, const LaidOut *out, guint line,
                       GArray *units)
{
  const LaidLine *L = line_at(out, line);
  if (L->count == 0)
    return; /* an empty paragraph (its places may have no storage) */
  const GlyphPlace *places = &g_array_index(out->places, GlyphPlace, L->first);
  for (guint i = 0; i < L->count; i++) {
    const GlyphPlace *p = &places[i];
    guint32 start = MAX((guint32)grapheme_start(l, text, len, p->cluster), L->start);
    GraphemeBox *u = units->len > 0 ? &g_array_index(units, GraphemeBox, units->len - 1) : NULL;
    if (u == NULL || u->start != start) {
      GraphemeBox fresh = {start, 0, p->x, p->x + p->advance, p->rtl};
      g_array_append_val(units, fresh);
      continue;
    }
    u->left = MIN(u->left, p->x);
    u->right = MAX(u->right, p->x + p->advance);
  }
}

typedef struct {
  guint32 start;
  guint index;
} StartIndex;

static gint by_start(gconstpointer a, gconstpointer b)
{
  guint32 x = ((const StartIndex *)a)->start, y = ((const StartIndex *)b)->start;
  return x < y ? -1 : x > y;
}

/* Gives each unit its end: the next unit's start in logical order, the
 * line's end for the last; the first starts at the line's start. Should the
 * glyphs of one start not have come together, the later units give their
 * extent to the first and are left empty. */
static void unit_ends(GArray *units, const LaidLine *L)
{
  g_autoptr(GArray) order = g_array_sized_new(FALSE, FALSE, sizeof(StartIndex), units->len);
  for (guint i = 0; i < units->len; i++) {
    StartIndex si = {g_array_index(units, GraphemeBox, i).start, i};
    g_array_append_val(order, si);
  }
  g_array_sort(order, by_start);
  GraphemeBox *kept = NULL;
  for (guint k = 0; k < order->len; k++) {
    GraphemeBox *u = &g_array_index(units, GraphemeBox, g_array_index(order, StartIndex, k).index);
    if (kept != NULL && kept->start == u->start) {
      kept->left = MIN(kept->left, u->left), kept->right = MAX(kept->right, u->right);
      u->end = u->start;
      continue;
    }
    if (kept != NULL)
      kept->end = u->start;
    kept = u;
  }
  if (kept == NULL)
    return;
  kept->end = L->end;
  g_array_index(units, GraphemeBox, g_array_index(order, StartIndex, 0).index).start = L->start;
}

/* Appends the graphemes of unit @u to @boxes in visual order, splitting its
 * extent evenly among them (the carets inside a ligature). */
static void split_unit(Layout *l, const char *text, guint32 len, const GraphemeBox *u,
                       GArray *boxes)
{
  guint n = graphemes(l, text, len, u->start, u->end), first = boxes->len;
  gint64 span = u->right - u->left;
  guint32 at = u->start;
  for (guint k = 0; k < n; k++) {
    guint32 next = k + 1 == n
                       ? u->end
                       : (guint32)segmenter_next_grapheme(layout_segmenter(l), text, len, at);
    int32_t a = (int32_t)(span * k / n), b = (int32_t)(span * (k + 1) / n);
    GraphemeBox g = {at, next, u->left + a, u->left + b, u->rtl};
    if (u->rtl)
      g.left = u->right - b, g.right = u->right - a;
    g_array_append_val(boxes, g);
    at = next;
  }
  for (guint i = first, j = boxes->len; u->rtl && i + 1 < j; i++, j--) {
    GraphemeBox t = g_array_index(boxes, GraphemeBox, i);
    g_array_index(boxes, GraphemeBox, i) = g_array_index(boxes, GraphemeBox, j - 1);
    g_array_index(boxes, GraphemeBox, j - 1) = t;
  }
}

/* The graphemes of line @line of @out, left to right, into @boxes (a
 * GraphemeBox array). Cost: one pass over the line's glyphs with ICU. */
static void line_boxes(Layout *l, const Document *doc, guint32 para, const LaidOut *out, guint line,
                       GArray *boxes)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  g_autoptr(GArray) units = g_array_new(FALSE, FALSE, sizeof(GraphemeBox));
  line_units(l, text, len, out, line, units);
  unit_ends(units, line_at(out, line));
  for (guint i = 0; i < units->len; i++)
    if (g_array_index(units, GraphemeBox, i).end > g_array_index(units, GraphemeBox, i).start)
      split_unit(l, text, len, &g_array_index(units, GraphemeBox, i), boxes);
}

static int32_t leading_edge(const GraphemeBox *g)
{
  return g->rtl ? g->right : g->left;
}

static int32_t trailing_edge(const GraphemeBox *g)
{
  return g->rtl ? g->left : g->right;
}

/* Where the caret at @offset stands among @boxes with @affinity: the leading
 * edge of the grapheme starting there or the trailing edge of the one ending
 * there (the other when the line has no such grapheme). An offset inside a
 * grapheme stands after it; one outside the line at its edge. */
static int32_t box_caret(const GArray *boxes, const LaidLine *L, guint32 offset,
                         CaretAffinity affinity)
{
  const GraphemeBox *before = NULL, *after = NULL, *last = NULL;
  for (guint i = 0; i < boxes->len; i++) {
    const GraphemeBox *g = &g_array_index(boxes, GraphemeBox, i);
    if (g->start == offset)
      after = g;
    if (g->end == offset || (g->start < offset && offset < g->end))
      before = g;
    if (last == NULL || g->end > last->end)
      last = g;
  }
  if (before != NULL && (affinity == CARET_UPSTREAM || after == NULL))
    return trailing_edge(before);
  if (after != NULL)
    return leading_edge(after);
  if (last != NULL && offset > L->start)
    return trailing_edge(last);
  return layout_floor_px(L->rtl ? L->right : L->left) *
         64; /* an empty line: where text would begin */
}

/* The caret's x at @offset with @affinity, 26.6 (layout_caret_side_x before
 * rounding). */
static int32_t caret_x64(Layout *l, const Document *doc, guint32 para, const LaidOut *out,
                         guint line, guint32 offset, CaretAffinity affinity)
{
  g_autoptr(GArray) boxes = g_array_new(FALSE, FALSE, sizeof(GraphemeBox));
  line_boxes(l, doc, para, out, line, boxes);
  return box_caret(boxes, line_at(out, line), offset, affinity);
}

int layout_caret_x(Layout *l, const Document *doc, guint32 para, const LaidOut *out, guint line,
                   guint32 offset)
{
  return layout_caret_side_x(l, doc, para, out, line, offset, CARET_DOWNSTREAM);
}

int layout_caret_side_x(Layout *l, const Document *doc, guint32 para, const LaidOut *out,
                        guint line, guint32 offset, CaretAffinity affinity)
{
  g_return_val_if_fail(line < out->lines->len, 0);
  return (caret_x64(l, doc, para, out, line, offset, affinity) + 32) >> 6;
}

/* The offset whose caret is nearest to @x64 so far. */
typedef struct {
  guint32 offset;
  gint64 distance;
  int32_t x64;
} Nearest;

/* Takes the grapheme boundary at or before @offset when its caret is nearer. */
static void consider(Layout *l, const Document *doc, guint32 para, const LaidOut *out, guint line,
                     guint32 offset, Nearest *near)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  offset = (guint32)grapheme_start(l, text, len, offset);
  gint64 d = ABS((gint64)caret_x64(l, doc, para, out, line, offset, CARET_DOWNSTREAM) - near->x64);
  if (d < near->distance)
    near->offset = offset, near->distance = d;
}

guint32 layout_offset_at_x(Layout *l, const Document *doc, guint32 para, const LaidOut *out,
                           guint line, int x)
{
  g_return_val_if_fail(line < out->lines->len, 0);
  const LaidLine *L = &g_array_index(out->lines, LaidLine, line);
  if (L->count == 0)
    return L->start;
  const GlyphPlace *places = &g_array_index(out->places, GlyphPlace, L->first);
  int32_t x64 = x * 64;
  const GlyphPlace *hit = NULL;
  const GlyphPlace *leftmost = &places[0], *rightmost = &places[0];
  for (guint i = 0; i < L->count && hit == NULL; i++) {
    if (x64 >= places[i].x && x64 < places[i].x + MAX(places[i].advance, 1))
      hit = &places[i];
    if (places[i].x < leftmost->x)
      leftmost = &places[i];
    if (places[i].x + places[i].advance >= rightmost->x + rightmost->advance)
      rightmost = &places[i];
  }
  /* beside the text: the nearest cluster on that side, whose caret nearest
   * the click is chosen below (the paragraph's direction alone cannot say
   * which end it is: an LTR line of an RTL paragraph ends on the right) */
  if (hit == NULL)
    hit = x64 < leftmost->x ? leftmost : rightmost;
  /* the caret nearest to the click among those drawn on the hit cluster or
   * at its edges: its grapheme boundaries (inside a ligature, its graphemes;
   * where the direction changes, its end's caret is drawn at its logical
   * neighbour, elsewhere), then the starts of its visual neighbours (a
   * neighbour of the other direction has its caret at this cluster's edge);
   * on a tie the hit cluster's own */
  ClusterSpan c;
  cluster_at(out, line, hit->cluster, &c);
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  Nearest near = {0, G_MAXINT64, x64};
  for (gsize b = grapheme_start(l, text, len, c.start);;
       b = segmenter_next_grapheme(layout_segmenter(l), text, len, b)) {
    consider(l, doc, para, out, line, (guint32)b, &near);
    if (b >= c.end)
      break;
  }
  guint k = (guint)(hit - places);
  for (guint i = k; i-- > 0;)
    if (places[i].cluster != hit->cluster) {
      consider(l, doc, para, out, line, places[i].cluster, &near);
      break;
    }
  for (guint i = k + 1; i < L->count; i++)
    if (places[i].cluster != hit->cluster) {
      consider(l, doc, para, out, line, places[i].cluster, &near);
      break;
    }
  return near.offset;
}

/* ---------------------------------------------------------------- caret stops */

/* Between two visually adjacent graphemes, and at the line's two edges, is a
 * slot: an x where the caret can stand. A grapheme's leading edge is the
 * CARET_DOWNSTREAM place of its start, its trailing edge the CARET_UPSTREAM
 * place of its end, so each slot offers one or two (offset, affinity) and each
 * offset has one or two places. Inside a run both sides of a slot are the
 * same offset; where the direction changes they differ, and the stops are a
 * matching: every slot one offset, every offset one slot, so that stepping
 * from slot to slot visits each boundary once and always moves the caret.
 *
 * The choices form chains: a slot at the line's edge offers one place, which
 * takes its offset; that offset's other place is then not used, so the slot
 * there takes its other offer, and so on. What is left are cycles of two
 * ways; the leftmost slot of one takes the offset whose grapheme runs in the
 * paragraph's direction (where text typed in that direction appears: Pango's
 * "strong" caret) and the cycle follows. A matching always exists for the
 * orders bidi produces (checked over every sequence of up to 8 levels 0-3). */

/* An offer of a slot: boundary @j (in logical order, 0..n) on side @up. */
#define OFFER(j, up) ((gint)(j)*2 + ((up) ? 1 : 0))
#define OFFER_J(o) ((guint)(o) / 2)
#define OFFER_UP(o) (((o)&1) != 0)

typedef struct {
  const GraphemeBox *box; /* the line's graphemes, left to right */
  guint n;
  guint *visual;  /* logical index -> box */
  guint *logical; /* box -> logical index */
  gint *owner;    /* slot (0..n) -> the offer it shows, or -1 */
} Matching;

/* The offer on the left (@left_side: the right edge of box @k - 1) or the
 * right (the left edge of box @k) of slot @k; -1 at the line's edge. */
static gint slot_offer(const Matching *m, guint k, bool left_side)
{
  if (left_side ? k == 0 : k == m->n)
    return -1;
  guint b = left_side ? k - 1 : k;
  bool leading = m->box[b].rtl == left_side; /* an RTL box begins at its right edge */
  return leading ? OFFER(m->logical[b], false) : OFFER(m->logical[b] + 1, true);
}

/* The slot where offer @o stands, or -1 when the line has no such place. */
static gint offer_slot(const Matching *m, gint o)
{
  guint j = OFFER_J(o);
  if (OFFER_UP(o) ? j == 0 : j == m->n)
    return -1;
  guint b = OFFER_UP(o) ? m->visual[j - 1] : m->visual[j];
  bool right_edge = m->box[b].rtl != OFFER_UP(o);
  return (gint)(right_edge ? b + 1 : b);
}

/* Gives slot @k offer @o, then follows the chain: the other place of @o's
 * offset must show something else. */
static void take(Matching *m, guint k, gint o)
{
  for (;;) {
    m->owner[k] = o;
    gint other = o ^ 1, k2 = offer_slot(m, other);
    if (k2 < 0 || m->owner[k2] >= 0)
      return;
    gint left = slot_offer(m, (guint)k2, true), right = slot_offer(m, (guint)k2, false);
    o = left == other ? right : left;
    if (o < 0)
      return; /* no matching: cannot happen for a bidi order */
    k = (guint)k2;
  }
}

/* The offer slot @k prefers in a cycle: one offset on both sides (its
 * downstream place), else the side whose grapheme runs in the paragraph's
 * direction. */
static gint preferred(const Matching *m, guint k, bool rtl_para)
{
  gint left = slot_offer(m, k, true), right = slot_offer(m, k, false);
  if (OFFER_J(left) == OFFER_J(right))
    return OFFER_UP(left) ? right : left;
  return m->box[k - 1].rtl == rtl_para ? left : right;
}

static void match_slots(Matching *m, bool rtl_para)
{
  for (guint k = 0; k <= m->n; k++)
    m->owner[k] = -1;
  take(m, 0, slot_offer(m, 0, false));
  if (m->owner[m->n] < 0)
    take(m, m->n, slot_offer(m, m->n, true));
  for (guint k = 1; k < m->n; k++)
    if (m->owner[k] < 0)
      take(m, k, preferred(m, k, rtl_para));
}

/* The logical order of @m's boxes. */
static void order_boxes(Matching *m)
{
  g_autoptr(GArray) order = g_array_sized_new(FALSE, FALSE, sizeof(StartIndex), m->n);
  for (guint i = 0; i < m->n; i++) {
    StartIndex si = {m->box[i].start, i};
    g_array_append_val(order, si);
  }
  g_array_sort(order, by_start);
  for (guint j = 0; j < m->n; j++) {
    m->visual[j] = g_array_index(order, StartIndex, j).index;
    m->logical[m->visual[j]] = j;
  }
}

/* The stop that offer @o makes. */
static CaretStop offer_stop(const Matching *m, gint o)
{
  guint j = OFFER_J(o);
  if (OFFER_UP(o)) {
    const GraphemeBox *g = &m->box[m->visual[j - 1]];
    return (CaretStop){g->end, CARET_UPSTREAM, trailing_edge(g)};
  }
  const GraphemeBox *g = &m->box[m->visual[j]];
  return (CaretStop){g->start, CARET_DOWNSTREAM, leading_edge(g)};
}

/* Whether the wrapped line @L ends with white space hanging past its edge. */
static bool ends_hanging(const char *text, guint32 len, const LaidLine *L)
{
  return L->end < len && L->end > L->start && (text[L->end - 1] == ' ' || text[L->end - 1] == '\t');
}

void layout_caret_stops(Layout *l, const Document *doc, guint32 para, const LaidOut *out,
                        guint line, GArray *stops)
{
  g_return_if_fail(line < out->lines->len && stops != NULL);
  const LaidLine *L = line_at(out, line);
  g_autoptr(GArray) boxes = g_array_new(FALSE, FALSE, sizeof(GraphemeBox));
  line_boxes(l, doc, para, out, line, boxes);
  if (boxes->len == 0) {
    CaretStop only = {L->start, CARET_DOWNSTREAM, box_caret(boxes, L, L->start, CARET_DOWNSTREAM)};
    g_array_append_val(stops, only);
    return;
  }
  guint n = boxes->len;
  g_autofree guint *visual = g_new(guint, n), *logical = g_new(guint, n);
  g_autofree gint *owner = g_new(gint, n + 1);
  Matching m = {(const GraphemeBox *)(void *)boxes->data, n, visual, logical, owner};
  order_boxes(&m);
  match_slots(&m, L->rtl);
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  bool hanging = ends_hanging(text, len, L);
  for (guint k = 0; k <= n; k++) {
    if (owner[k] < 0 || (hanging && OFFER_J(owner[k]) == n))
      continue;
    CaretStop stop = offer_stop(&m, owner[k]);
    g_array_append_val(stops, stop);
  }
}

/* ---------------------------------------------------------------- selection */

/* The cluster among some glyph places that has a byte offset strictly
 * inside it (a ligature cut by a selection's end), with its extent. */
typedef struct {
  bool found;
  guint32 start, end;
  int32_t x0, x1;
  bool rtl;
} CutCluster;

static CutCluster cut_cluster(const GlyphPlace *places, guint n, guint32 text_end, guint32 at)
{
  CutCluster c = {false, 0, text_end, G_MAXINT32, G_MININT32, false};
  for (guint i = 0; i < n; i++)
    if (places[i].cluster < at && (!c.found || places[i].cluster > c.start))
      c.start = places[i].cluster, c.found = true;
  for (guint i = 0; i < n && c.found; i++) {
    const GlyphPlace *p = &places[i];
    if (p->cluster > c.start)
      c.end = MIN(c.end, p->cluster);
    if (p->cluster == c.start) {
      c.x0 = MIN(c.x0, p->x);
      c.x1 = MAX(c.x1, p->x + p->advance);
      c.rtl = p->rtl;
    }
  }
  c.found = c.found && at < c.end;
  return c;
}

/* The x range (26.6) that bytes [@from, @to) of cut cluster @c take, its
 * advance split evenly among its graphemes as the caret splits it. */
static void cut_range(Layout *l, const char *text, guint32 len, const CutCluster *c, guint32 from,
                      guint32 to, int32_t *x0, int32_t *x1)
{
  gint64 n = graphemes(l, text, len, c->start, c->end), span = c->x1 - c->x0;
  gint64 k0 = from <= c->start ? 0 : graphemes(l, text, len, c->start, from);
  gint64 k1 = to >= c->end ? n : graphemes(l, text, len, c->start, to);
  *x0 = c->rtl ? c->x1 - (int32_t)(span * k1 / n) : c->x0 + (int32_t)(span * k0 / n);
  *x1 = c->rtl ? c->x1 - (int32_t)(span * k0 / n) : c->x0 + (int32_t)(span * k1 / n);
}

void layout_selection_spans(Layout *l, const Document *doc, guint32 para, const GlyphPlace *places,
                            guint n, guint32 text_end, guint32 start, guint32 end, GArray *spans)
{
  g_return_if_fail(spans != NULL && (places != NULL || n == 0));
  if (start >= end)
    return;
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  CutCluster cut[2] = {cut_cluster(places, n, text_end, start),
                       cut_cluster(places, n, text_end, end)};
  for (guint i = 0; i < n; i++) {
    const GlyphPlace *p = &places[i];
    SelectedSpan span = {i, p->x, p->x + p->advance};
    const CutCluster *c = cut[0].found && p->cluster == cut[0].start   ? &cut[0]
                          : cut[1].found && p->cluster == cut[1].start ? &cut[1]
                                                                       : NULL;
    if (c == NULL && (p->cluster < start || p->cluster >= end))
      continue;
    if (c != NULL) { /* only the part of the glyph over its selected graphemes */
      int32_t a, b;
      cut_range(l, text, len, c, MAX(start, c->start), MIN(end, c->end), &a, &b);
      span.x0 = MAX(span.x0, a);
      span.x1 = MIN(span.x1, b);
      if (span.x1 <= span.x0)
        continue;
    }
    g_array_append_val(spans, span);
  }
}
