/* layout.c — one paragraph at a time: pieces, lines, bidi, glyphs (layout.h).
 *
 * Pieces. add_split_pieces() is the one walk both measuring and drawing use,
 * so the two agree on widths: between line-break opportunities
 * (segmenter_lines_*), split at style-run boundaries, where white space
 * begins and ends, and where the bidi level changes inside mixed text ("abcשלום"
 * has no opportunity inside, but is shaped as two runs); a piece is TEXT
 * (shaped through the word cache), SPACE (a run of spaces, shaped too) or TAB
 * (one tab: the advance to the next stop).
 *
 * Lines. next_line() walks segments (the pieces between two opportunities)
 * from a line's start with a pen at 0: a segment whose text (not its trailing
 * white space) would pass the width ends the line before it, unless the line
 * is still empty; then the segment is cut at the last grapheme boundary where
 * the line, shaped on its own as it is drawn, fits (at least one grapheme per
 * line). Cost: a word-cache lookup per piece.
 *
 * Drawing a line. Its runs of one bidi level come in visual order; a run's
 * pieces go left to right, or right to left on an odd level, each shaped in
 * the run's direction (HarfBuzz returns a right-to-left piece's glyphs in
 * visual order and mirrors its brackets). Tabs get the widths the logical walk
 * gave them. The pen starts at 0, or in a right-to-left paragraph where the
 * line's text ends at the right edge.
 *
 * The caret, hit testing and selections work on what is laid out here: see
 * layout_caret.c. */
#include "layout.h"

#include <string.h>

#include "bidi.h"

/* A segment (the text between two line-break opportunities) is read at most
 * two bytes per pixel of the line's width at a time (at least 256; 4096 when
 * no width is known). Minified JSON, base64 or a genome has no opportunity
 * for megabytes, and each line would shape all of it again (quadratic, and
 * 26.6 widths past 2^31). Real text takes at most a byte per pixel (an 'i' of
 * 6 px in ASCII; CJK and Indic less), so no break of real text moves: a line
 * ends inside such a run at a grapheme boundary, as inside any word wider than
 * the line. White space is capped too: a line's hanging spaces stop at the
 * next cap past the edge. */
#define SEGMENT_BYTES_PER_PX 2
#define SEGMENT_MIN_BYTES 256
#define SEGMENT_MAX_BYTES 4096

typedef enum {
  PIECE_TEXT,  /* letters, marks, punctuation: shaped */
  PIECE_SPACE, /* a run of spaces: shaped, hangs at a line's end */
  PIECE_TAB,   /* one tab: the advance to the next stop, hangs too */
} PieceKind;

typedef struct {
  guint32 start, end; /* bytes of the paragraph */
  StyleId style;
  PieceKind kind;
  bool rtl; /* shaped right to left */
} Piece;

/* A tab of a line being drawn and the width the logical walk gave it. */
typedef struct {
  guint32 at;    /* its byte */
  int32_t width; /* 26.6 */
} TabWidth;

/* One paragraph's text and styles, read once per call. */
typedef struct {
  guint32 para;
  const char *text;
  guint32 len;
  GArray *runs;        /* StyleRun: a copy (the document's scratch run moves on) */
  bool bidi;           /* it has right-to-left text or bidi controls */
  BidiParagraph facts; /* when @bidi: its direction and explicit controls */
  guint32 segment_max; /* bytes of a segment read at a time (see SEGMENT_BYTES_PER_PX) */
} ParaText;

struct Layout {
  GlyphFactory *factory; /* not owned */
  WordCache *words;      /* not owned */
  Segmenter *segmenter;  /* not owned */
  LayoutGlyphSource source;
  void *source_data;
  GArray *pieces; /* Piece: scratch */
  GArray *tabs;   /* TabWidth: a drawn line's tabs */
  /* Where the segments of the line next_line() ended last begin and end (its
   * start, then each segment's end, increasing), in the text at @line_text:
   * drawing that line cuts its pieces there (line_pieces()) instead of
   * walking the line-break opportunities a second time. */
  GArray *line_cuts; /* guint32 */
  const char *line_text;
  bool folding; /* measuring folds the faces' extents of the words it reads into: */
  int32_t fold_ascent, fold_descent;
  /* The bidi facts of the paragraph read last, while its document has not
   * changed: finding them reads the whole paragraph, and re-wrapping after a
   * keystroke in a 10 MB line lays out one line at a time, hundreds of times
   * when the change ripples down (it took 0.2 s). */
  bool rtl_flush_left; /* right-to-left lines start at the left edge too (no wrapping:
                        * the width is not the window's, layout_set_rtl_flush_left) */
  const Document *bidi_doc;
  guint32 bidi_para;
  guint64 bidi_changes;
  bool bidi_needed;
  BidiParagraph bidi_facts; /* its levels, when explicit controls need them, are: */
  guint8 *bidi_levels;      /* bidi_paragraph_levels(), owned; NULL when none */
};

Layout *layout_new(GlyphFactory *factory, WordCache *words, Segmenter *segmenter)
{
  g_return_val_if_fail(factory != NULL && words != NULL && segmenter != NULL, NULL);
  Layout *l = g_new0(Layout, 1);
  l->factory = factory;
  l->words = words;
  l->segmenter = segmenter;
  l->pieces = g_array_new(FALSE, FALSE, sizeof(Piece));
  l->tabs = g_array_new(FALSE, FALSE, sizeof(TabWidth));
  l->line_cuts = g_array_new(FALSE, FALSE, sizeof(guint32));
  return l;
}

void layout_free(Layout *l)
{
  if (l == NULL)
    return;
  g_array_unref(l->pieces);
  g_array_unref(l->tabs);
  g_array_unref(l->line_cuts);
  g_free(l->bidi_levels);
  g_free(l);
}

void layout_set_glyph_source(Layout *l, LayoutGlyphSource source, void *user_data)
{
  l->source = source;
  l->source_data = user_data;
}

void layout_drop_glyph_runs(Layout *l)
{
  word_cache_drop_runs(l->words);
}

void layout_set_rtl_flush_left(Layout *l, bool flush_left)
{
  g_return_if_fail(l != NULL);
  l->rtl_flush_left = flush_left;
}

Segmenter *layout_segmenter(const Layout *l)
{
  return l->segmenter;
}

/* ---------------------------------------------------------------- the paragraph */

/* Sets pt->bidi and pt->facts: remembered, or found and remembered. */
static void para_bidi(Layout *l, ParaText *pt, const Document *doc)
{
  guint64 changes = document_changes(doc);
  if (l->bidi_doc != doc || l->bidi_para != pt->para || l->bidi_changes != changes) {
    l->bidi_needed = bidi_needed(pt->text, pt->len, NULL);
    g_clear_pointer(&l->bidi_levels, g_free);
    l->bidi_facts.levels = NULL;
    if (l->bidi_needed) {
      l->bidi_facts = bidi_paragraph_analyze(pt->text, pt->len, NULL);
      l->bidi_levels = bidi_paragraph_levels(pt->text, pt->len, &l->bidi_facts, NULL);
      l->bidi_facts.levels = l->bidi_levels;
    }
    l->bidi_doc = doc;
    l->bidi_para = pt->para;
    l->bidi_changes = changes;
  }
  pt->bidi = l->bidi_needed;
  pt->facts = l->bidi_facts;
}

/* @pt for @para laid out at @width pixels (0: not known). */
static void para_text_init(Layout *l, ParaText *pt, const Document *doc, guint32 para, int width)
{
  pt->segment_max = width > 0 ? CLAMP((guint32)width * SEGMENT_BYTES_PER_PX, SEGMENT_MIN_BYTES,
                                      SEGMENT_MAX_BYTES)
                              : SEGMENT_MAX_BYTES;
  pt->para = para;
  pt->text = document_paragraph_text(doc, para, &pt->len);
  guint n;
  const StyleRun *runs = document_paragraph_runs(doc, para, &n);
  pt->runs = g_array_sized_new(FALSE, FALSE, sizeof(StyleRun), n);
  g_array_append_vals(pt->runs, runs, n);
  para_bidi(l, pt, doc);
}

static void para_text_clear(ParaText *pt)
{
  g_array_unref(pt->runs);
}

/* The style run at or after byte @at: its style, and where it ends. */
static StyleId style_at(const ParaText *pt, guint32 at, guint32 *run_end)
{
  const StyleRun *runs = (const StyleRun *)(void *)pt->runs->data;
  guint i = 0;
  while (i + 1 < pt->runs->len && runs[i + 1].offset <= at)
    i++;
  *run_end = i + 1 < pt->runs->len ? runs[i + 1].offset : pt->len;
  return runs[i].style;
}

static bool is_space(char c)
{
  return c == ' ';
}

/* The kind of the piece at @at and where it ends, at most at @limit. */
static PieceKind piece_at(const ParaText *pt, guint32 at, guint32 limit, guint32 *end)
{
  const char *t = pt->text;
  if (t[at] == '\t') {
    *end = at + 1;
    return PIECE_TAB;
  }
  guint32 e = at;
  bool space = is_space(t[at]);
  while (e < limit && t[e] != '\t' && is_space(t[e]) == space)
    e++;
  *end = e;
  return space ? PIECE_SPACE : PIECE_TEXT;
}

/* Whether text outside a bidi run is shaped right to left: by its first
 * strong character. */
static bool text_rtl(const ParaText *pt, guint32 start, guint32 end)
{
  const char *s = pt->text + start;
  gsize n = end - start;
  return pt->bidi && bidi_needed(s, n, NULL) && bidi_direction(s, n, NULL, NULL) == BIDI_RTL;
}

static bool letter_or_mark(gunichar c)
{
  return g_unichar_isalpha(c) || g_unichar_ismark(c);
}

/* Whether no character of the piece @s, @n can sit at another level than the
 * rest: it is not mixed, and it begins and ends with a letter (a mark takes
 * its letter's type). A neutral or a number at an edge takes its level from
 * the neighbours: "שלום." before Latin is two runs, "abc." in a right-to-left
 * paragraph too. */
static bool one_level(const char *s, gsize n)
{
  return !bidi_is_mixed(s, n, NULL) && letter_or_mark(g_utf8_get_char(s)) &&
         letter_or_mark(g_utf8_get_char(g_utf8_find_prev_char(s, s + n)));
}

/* Appends @p, split where the paragraph's bidi level changes when its
 * characters may differ in level, each part with the direction of its level:
 * as drawing splits it (a line's runs), so that measuring, drawing and the
 * flyweight-off store (layout_shape_paragraph) see the same pieces. */
static void add_text_piece(Layout *l, const ParaText *pt, Piece p)
{
  const char *s = pt->text + p.start;
  /* after an explicit embedding or override ("abc\u202Edef") levels change
   * where no letter says so: ask FriBidi */
  bool explicit_before = pt->bidi && pt->facts.explicit_at < p.end;
  if (p.kind != PIECE_TEXT || !pt->bidi || (!explicit_before && one_level(s, p.end - p.start))) {
    p.rtl = text_rtl(pt, p.start, p.end);
    g_array_append_val(l->pieces, p);
    return;
  }
  gsize n;
  BidiRun *runs = bidi_range_runs(pt->text, pt->len, &pt->facts, p.start, p.end, &n, NULL);
  for (gsize i = 0; i < n; i++) {
    Piece part = {(guint32)runs[i].start, (guint32)runs[i].end, p.style, p.kind, runs[i].level & 1};
    g_array_append_val(l->pieces, part);
  }
  g_free(runs);
}

/* Appends the pieces of [@from, @to) to l->pieces (no opportunity inside). */
static void add_pieces(Layout *l, const ParaText *pt, guint32 from, guint32 to)
{
  for (guint32 at = from; at < to;) {
    guint32 run_end, end;
    StyleId style = style_at(pt, at, &run_end);
    PieceKind kind = piece_at(pt, at, MIN(run_end, to), &end);
    add_text_piece(l, pt, (Piece){at, end, style, kind, false});
    at = end;
  }
}

/* A grapheme boundary of the text after @from, at most pt->segment_max on
 * (or the end of the one grapheme there, if it is longer). */
static guint32 segment_cap(Layout *l, const ParaText *pt, guint32 from)
{
  guint32 cap = from + pt->segment_max;
  while (cap > from && ((guchar)pt->text[cap] & 0xC0) == 0x80)
    cap--; /* a character's first byte */
  if (cap > from && !segmenter_is_grapheme(l->segmenter, pt->text, pt->len, cap))
    cap = (guint32)segmenter_prev_grapheme(l->segmenter, pt->text, pt->len, cap);
  if (cap <= from)
    cap = (guint32)segmenter_next_grapheme(l->segmenter, pt->text, pt->len, from);
  return cap;
}

/* Where the segment that starts at @from ends: at the next line-break
 * opportunity of @walk (*@mandatory: a hard break), or, when that is more
 * than pt->segment_max on, at a grapheme boundary there, the walk going on
 * from it. */
static guint32 segment_end(Layout *l, const ParaText *pt, SegmentWalk *walk, guint32 from,
                           bool *mandatory)
{
  gsize brk;
  *mandatory = false;
  guint32 end = segmenter_lines_next(walk, &brk, mandatory) ? (guint32)brk : pt->len;
  if (end - from <= pt->segment_max)
    return end;
  *mandatory = false;
  guint32 cap = segment_cap(l, pt, from);
  segmenter_lines_begin(l->segmenter, walk, pt->text, pt->len, cap);
  return cap;
}

/* Appends the pieces of [@from, @to), split at line-break opportunities too:
 * the pieces measuring sees, whatever range is asked. */
static void add_split_pieces(Layout *l, const ParaText *pt, guint32 from, guint32 to)
{
  SegmentWalk walk;
  segmenter_lines_begin(l->segmenter, &walk, pt->text, pt->len, from);
  bool mandatory;
  for (guint32 at = from; at < to;) {
    guint32 end = segment_end(l, pt, &walk, at, &mandatory);
    end = MIN(end, to);
    add_pieces(l, pt, at, MAX(end, at + 1));
    at = MAX(end, at + 1);
  }
}

/* The tab stop distance of @style, 26.6. */
static int32_t tab_stop(const Layout *l, StyleId style)
{
  const GlyphStyle *info = glyph_factory_style_info(l->factory, style);
  return MAX(info->space_advance * LAYOUT_TAB_COLUMNS, 64);
}

/* The width of a piece with the pen at @x (both 26.6), shaped in @rtl; when
 * folding, its faces' extents go into l->fold_*. */
static int32_t piece_width(Layout *l, const ParaText *pt, const Piece *p, int32_t x, bool rtl)
{
  if (p->kind == PIECE_TAB) {
    int32_t stop = tab_stop(l, p->style);
    return stop - (x % stop);
  }
  ShapedWord w;
  word_cache_measure(l->words, pt->text, pt->len, p->start, p->end - p->start, p->style, rtl, &w);
  if (l->folding) {
    l->fold_ascent = MAX(l->fold_ascent, w.ascent);
    l->fold_descent = MAX(l->fold_descent, w.descent);
  }
  return w.width;
}

/* ---------------------------------------------------------------- breaking lines */

/* A segment's pieces measured from @x: where its text ends (@text_end, 26.6,
 * @x when it has none) and where its white space ends (the return). */
static int32_t measure_segment(Layout *l, const ParaText *pt, guint first, int32_t x,
                               int32_t *text_end)
{
  *text_end = x;
  for (guint i = first; i < l->pieces->len; i++) {
    const Piece *p = &g_array_index(l->pieces, Piece, i);
    x += piece_width(l, pt, p, x, p->rtl);
    if (p->kind == PIECE_TEXT)
      *text_end = x;
  }
  return x;
}

/* Where the segment in l->pieces, too wide for an empty line, is cut: before
 * the first cluster (in logical order) that would pass @width (26.6), but
 * after at least one cluster. 0 when it fits after all. */
static guint32 cut_segment(Layout *l, const ParaText *pt, int32_t width)
{
  int32_t x = 0;
  bool any = false;
  for (guint i = 0; i < l->pieces->len; i++) {
    const Piece *p = &g_array_index(l->pieces, Piece, i);
    if (p->kind != PIECE_TEXT) { /* takes room before text; hangs at the end */
      x += piece_width(l, pt, p, x, false);
      continue;
    }
    bool rtl = p->rtl;
    ShapedWord w;
    word_cache_get(l->words, pt->text, pt->len, p->start, p->end - p->start, p->style, rtl, &w);
    for (guint k = 0; k < w.n_glyphs;) {
      /* one cluster: the glyphs that share its offset (monotone clusters) */
      guint32 cluster = w.glyphs[rtl ? w.n_glyphs - 1 - k : k].cluster;
      int32_t advance = 0;
      for (; k < w.n_glyphs && w.glyphs[rtl ? w.n_glyphs - 1 - k : k].cluster == cluster; k++)
        advance += w.glyphs[rtl ? w.n_glyphs - 1 - k : k].x_advance;
      if (any && x + advance > width)
        return p->start + cluster;
      x += advance;
      any = true;
    }
  }
  return 0;
}

/* Where a segment cut at the cluster boundary @cut really ends its line: at a
 * grapheme boundary (HarfBuzz's clusters predate Unicode 15.1's GB9c, so "क्"
 * and "ता" of "क्ता" are two of them), and back a grapheme at a time until
 * [@start, @cut) fits in @width (26.6) shaped on its own, as it is drawn (the
 * kerning or joining across the cut is gone); at least one grapheme. */
static guint32 fit_cut(Layout *l, const ParaText *pt, guint32 start, guint32 cut, int32_t width)
{
  if (!segmenter_is_grapheme(l->segmenter, pt->text, pt->len, cut)) {
    cut = (guint32)segmenter_prev_grapheme(l->segmenter, pt->text, pt->len, cut);
    if (cut <= start)
      return (guint32)segmenter_next_grapheme(l->segmenter, pt->text, pt->len, start);
  }
  for (;;) {
    guint32 prev = (guint32)segmenter_prev_grapheme(l->segmenter, pt->text, pt->len, cut);
    if (prev <= start)
      return cut;
    g_array_set_size(l->pieces, 0);
    add_split_pieces(l, pt, start, cut);
    int32_t text_end;
    measure_segment(l, pt, 0, 0, &text_end);
    if (text_end <= width)
      return cut;
    cut = prev;
  }
}

/* Walks the line that starts at @start; returns where the next line starts
 * (@pt->len for the last line) and sets *@examined to the end of the last
 * segment read. */
static guint32 next_line(Layout *l, const ParaText *pt, guint32 start, int width, guint32 *examined,
                         bool keep_cuts)
{
  SegmentWalk walk;
  segmenter_lines_begin(l->segmenter, &walk, pt->text, pt->len, start);
  int32_t x = 0, max = (int32_t)width * 64;
  guint32 seg_start = start;
  bool mandatory = false;
  l->line_text = keep_cuts ? pt->text : NULL;
  g_array_set_size(l->line_cuts, 0);
  if (keep_cuts)
    g_array_append_val(l->line_cuts, start);
  while (seg_start < pt->len) {
    guint32 seg_end = segment_end(l, pt, &walk, seg_start, &mandatory);
    seg_end = MAX(seg_end, seg_start + 1); /* (MAX would call it twice) */
    if (keep_cuts) /* only for a line about to be drawn: measuring draws nothing */
      g_array_append_val(l->line_cuts, seg_end);
    g_array_set_size(l->pieces, 0);
    add_pieces(l, pt, seg_start, seg_end);
    int32_t text_end;
    int32_t after = measure_segment(l, pt, 0, x, &text_end);
    *examined = (guint32)seg_end;
    if (text_end > max && seg_start > start)
      return seg_start;
    if (text_end > max) {
      guint32 cut = cut_segment(l, pt, max);
      if (cut > start)
        return fit_cut(l, pt, start, cut, max);
    }
    x = after;
    seg_start = (guint32)seg_end;
    if (mandatory && seg_start < pt->len)
      return seg_start;
  }
  *examined = pt->len;
  return pt->len;
}

/* ---------------------------------------------------------------- line metrics */

LineMetrics layout_style_metrics(Layout *l, const Document *doc, guint32 para)
{
  guint n;
  const StyleRun *runs = document_paragraph_runs(doc, para, &n);
  LineMetrics m = {0, 0, 0};
  for (guint i = 0; i < n; i++) {
    const GlyphStyle *info = glyph_factory_style_info(l->factory, runs[i].style);
    m.ascent = MAX(m.ascent, info->ascent);
    m.descent = MAX(m.descent, info->descent);
    m.height = MAX(m.height, info->line_height);
  }
  return m;
}

static void fold_begin(Layout *l)
{
  l->folding = true;
  l->fold_ascent = l->fold_descent = 0;
}

/* Ends folding: @m grown to the styles' metrics and the faces read, with the
 * styles' line gap (their height less their ascent and descent). */
static void fold_end(Layout *l, const Document *doc, guint32 para, LineMetrics *m)
{
  l->folding = false;
  LineMetrics style = layout_style_metrics(l, doc, para);
  int32_t gap = MAX(style.height - style.ascent - style.descent, 0);
  m->ascent = MAX(MAX(style.ascent, l->fold_ascent), m->ascent);
  m->descent = MAX(MAX(style.descent, l->fold_descent), m->descent);
  m->height = MAX(style.height, m->ascent + m->descent + gap);
}

guint32 layout_line_end(Layout *l, const Document *doc, guint32 para, guint32 start, int width,
                        guint32 *examined_end, LineMetrics *grow)
{
  ParaText pt;
  para_text_init(l, &pt, doc, para, width);
  guint32 examined = start;
  if (grow != NULL)
    fold_begin(l);
  guint32 end = next_line(l, &pt, MIN(start, pt.len), width, &examined, false);
  if (grow != NULL)
    fold_end(l, doc, para, grow);
  if (examined_end != NULL)
    *examined_end = examined;
  para_text_clear(&pt);
  return end;
}

guint32 layout_measure(Layout *l, const Document *doc, guint32 para, int width, GArray *line_starts,
                       LineMetrics *metrics)
{
  ParaText pt;
  para_text_init(l, &pt, doc, para, width);
  if (metrics != NULL) {
    fold_begin(l);
    *metrics = (LineMetrics){0, 0, 0};
  }
  guint32 lines = 1, start = 0, examined;
  for (;;) {
    guint32 brk = next_line(l, &pt, start, width, &examined, false);
    if (brk >= pt.len || brk <= start)
      break;
    lines++;
    if (line_starts != NULL)
      g_array_append_val(line_starts, brk);
    start = brk;
  }
  if (metrics != NULL)
    fold_end(l, doc, para, metrics);
  para_text_clear(&pt);
  return lines;
}

/* ---------------------------------------------------------------- drawing a line */

/* The widths of the tabs of [@start, @end), walked in logical order from a pen
 * at 0, into l->tabs (what measuring gave them). */
static void measure_tabs(Layout *l, const ParaText *pt, guint32 start, guint32 end)
{
  g_array_set_size(l->tabs, 0);
  if (memchr(pt->text + start, '\t', end - start) == NULL)
    return; /* most lines: no second walk */
  g_array_set_size(l->pieces, 0);
  add_split_pieces(l, pt, start, end);
  int32_t x = 0;
  for (guint i = 0; i < l->pieces->len; i++) {
    const Piece *p = &g_array_index(l->pieces, Piece, i);
    int32_t w = piece_width(l, pt, p, x, p->rtl);
    if (p->kind == PIECE_TAB) {
      TabWidth tab = {p->start, w};
      g_array_append_val(l->tabs, tab);
    }
    x += w;
  }
}

/* The line's runs of one level in visual order (one LTR run without bidi). */
static BidiRun *line_runs(const ParaText *pt, guint32 start, guint32 end, gsize *n, gsize **order)
{
  BidiRun *runs;
  if (!pt->bidi) {
    runs = g_new(BidiRun, 1);
    runs[0] = (BidiRun){start, end, 0};
    *n = 1;
  } else {
    runs = bidi_line_runs(pt->text, pt->len, &pt->facts, start, end, n, NULL);
  }
  *order = g_new(gsize, MAX(*n, 1));
  bidi_visual_order(runs, *n, *order);
  return runs;
}

/* Where a drawn line is being built. */
typedef struct {
  LaidOut *out;
  int32_t pen;      /* 26.6 */
  int32_t baseline; /* pixels */
} Pen;

/* The Glyph for a shaped glyph at pen x (26.6): the occurrence's private one
 * (flyweight off), or the shared one of its subpixel phase. */
static Glyph *glyph_for(Layout *l, const ParaText *pt, const Piece *p, guint index,
                        const ShapedGlyph *g, int32_t x64)
{
  if (l->source != NULL) {
    Glyph *private = l->source(pt->para, p->start, index, l->source_data);
    if (private != NULL && private->glyph_id == g->glyph_id && private->style == g->style)
      return private;
    if (private != NULL) /* the store shaped this text as another piece (a line cut in it) */
      glyph_factory_release(l->factory, private);
    return glyph_factory_acquire(l->factory, g->style, g->glyph_id, 0); /* whole pixels, off */
  }
  unsigned phase = (unsigned)((x64 - layout_floor_px(x64) * 64) * GLYPH_PHASES / 64);
  return glyph_factory_acquire(l->factory, g->style, g->glyph_id, phase);
}

/* Records a glyph drawn at @x64 (when @pen's LaidOut takes glyphs) and its
 * place: the pen's x, not the drawn one (a mark's offset moves its ink, not
 * the caret or the selection). */
static void emit(Pen *pen, Glyph *glyph, int32_t x64, int32_t y, guint32 cluster, int32_t advance,
                 bool rtl)
{
  if (pen->out->glyphs != NULL) {
    DrawnGlyph d = {glyph, layout_floor_px(x64), y};
    g_array_append_val(pen->out->glyphs, d);
  }
  GlyphPlace place = {cluster, pen->pen, advance, rtl};
  g_array_append_val(pen->out->places, place);
}

/* A tab: the style's space glyph, given the tab's width. */
static void place_tab(Layout *l, const ParaText *pt, const Piece *p, Pen *pen, int32_t width)
{
  ShapedWord w;
  word_cache_get(l->words, " ", 1, 0, 1, p->style, false, &w);
  if (w.n_glyphs > 0) {
    Glyph *glyph = pen->out->glyphs == NULL ? NULL
                                            : glyph_factory_acquire(l->factory, w.glyphs[0].style,
                                                                    w.glyphs[0].glyph_id, 0);
    emit(pen, glyph, pen->pen, pen->baseline, p->start, width, false);
  }
  pen->pen += width;
}

/* The width measure_tabs() gave the tab at byte @at. */
static int32_t tab_width(const Layout *l, guint32 at)
{
  for (guint i = 0; i < l->tabs->len; i++)
    if (g_array_index(l->tabs, TabWidth, i).at == at)
      return g_array_index(l->tabs, TabWidth, i).width;
  return 0;
}

/* A shaped piece, its glyphs left to right from the pen. */
static void place_piece(Layout *l, const ParaText *pt, const Piece *p, bool rtl, Pen *pen)
{
  if (p->kind == PIECE_TAB) {
    place_tab(l, pt, p, pen, tab_width(l, p->start));
    return;
  }
  ShapedWord w;
  word_cache_get(l->words, pt->text, pt->len, p->start, p->end - p->start, p->style, rtl, &w);
  for (guint i = 0; i < w.n_glyphs; i++) {
    const ShapedGlyph *g = &w.glyphs[i];
    int32_t x64 = pen->pen + g->x_offset;
    int32_t y = pen->baseline - (g->y_offset + 32) / 64;
    Glyph *glyph = pen->out->glyphs == NULL ? NULL : glyph_for(l, pt, p, i, g, x64);
    emit(pen, glyph, x64, y, p->start + g->cluster, g->x_advance, rtl);
    pen->pen += g->x_advance;
  }
}

/* Appends the pieces of [@from, @to) to l->pieces, split where next_line()
 * ended its segments when it found this line (the opportunities do not depend
 * on where a walk begins, so these are add_split_pieces()'s cuts, and the
 * ones measuring used); by walking the opportunities when it did not. */
static void line_pieces(Layout *l, const ParaText *pt, guint32 from, guint32 to)
{
  const guint32 *cuts = (const guint32 *)(void *)l->line_cuts->data;
  guint n = l->line_cuts->len;
  if (l->line_text != pt->text || n < 2 || from < cuts[0] || to > cuts[n - 1]) {
    add_split_pieces(l, pt, from, to);
    return;
  }
  guint32 at = from;
  for (guint i = 1; i < n && at < to; i++)
    if (cuts[i] > at) {
      guint32 end = MIN(cuts[i], to);
      add_pieces(l, pt, at, end);
      at = end;
    }
}

/* Places one bidi run's pieces in visual order. */
static void place_run(Layout *l, const ParaText *pt, const BidiRun *run, Pen *pen)
{
  bool rtl = run->level & 1;
  g_array_set_size(l->pieces, 0);
  line_pieces(l, pt, (guint32)run->start, (guint32)run->end);
  guint n = l->pieces->len;
  g_autoptr(GArray) pieces = g_array_sized_new(FALSE, FALSE, sizeof(Piece), n);
  g_array_append_vals(pieces, l->pieces->data, n);
  for (guint k = 0; k < n; k++)
    place_piece(l, pt, &g_array_index(pieces, Piece, rtl ? n - 1 - k : k), rtl, pen);
}

/* Moves the glyphs of @line by @dx whole pixels (their phases stay). */
static void shift_line(LaidOut *out, LaidLine *line, int32_t dx)
{
  for (guint i = line->first; i < out->places->len; i++)
    g_array_index(out->places, GlyphPlace, i).x += dx * 64;
  if (out->glyphs != NULL)
    for (guint i = line->first; i < out->glyphs->len; i++)
      g_array_index(out->glyphs, DrawnGlyph, i).x += dx;
  line->left += dx * 64;
  line->right += dx * 64;
}

/* Lays out the line [@start, @end) with baseline @baseline into @out: from
 * the left edge, or in a right-to-left paragraph moved to end at the right
 * edge (to the whole pixel: what was placed is what is measured). */
static void place_line(Layout *l, const ParaText *pt, guint32 start, guint32 end, int width,
                       int32_t baseline, LaidOut *out)
{
  bool rtl_para = pt->bidi && pt->facts.direction == BIDI_RTL;
  measure_tabs(l, pt, start, end);
  LaidLine line = {start, end, out->places->len, 0, baseline, rtl_para, 0, 0};
  Pen pen = {out, 0, baseline};
  gsize n, *order;
  BidiRun *runs = line_runs(pt, start, end, &n, &order);
  for (gsize i = 0; i < n; i++)
    place_run(l, pt, &runs[order[i]], &pen);
  l->line_text = NULL; /* the cuts served the line they were found for */
  g_free(runs);
  g_free(order);
  line.right = pen.pen;
  line.count = out->places->len - line.first;
  if (rtl_para && !l->rtl_flush_left)
    shift_line(out, &line, layout_floor_px((int32_t)width * 64 - pen.pen));
  g_array_append_val(out->lines, line);
}

guint32 layout_paragraph(Layout *l, const Document *doc, guint32 para, int width, guint32 from,
                         guint32 max_lines, const LineMetrics *metrics, LaidOut *out)
{
  LineMetrics measured;
  if (metrics == NULL) {
    layout_measure(l, doc, para, width, NULL, &measured);
    metrics = &measured;
  }
  ParaText pt;
  para_text_init(l, &pt, doc, para, width);
  int32_t line_height = metrics->height, baseline = metrics->ascent;
  guint32 start = MIN(from, pt.len), examined;
  for (guint32 line = 0; max_lines == 0 || line < max_lines; line++) {
    guint32 brk = next_line(l, &pt, start, width, &examined, true);
    if (brk <= start && brk < pt.len)
      brk = pt.len; /* never stall */
    place_line(l, &pt, start, brk, width, baseline + (int32_t)line * line_height, out);
    start = brk;
    if (brk >= pt.len)
      break;
  }
  para_text_clear(&pt);
  return start;
}

/* ---------------------------------------------------------------- every glyph */

void layout_shape_paragraph(Layout *l, const Document *doc, guint32 para, LayoutGlyphFunc func,
                            void *user_data)
{
  ParaText pt;
  para_text_init(l, &pt, doc, para, 0);
  g_array_set_size(l->pieces, 0);
  add_split_pieces(l, &pt, 0, pt.len);
  g_autoptr(GArray) pieces = g_array_copy(l->pieces);
  for (guint i = 0; i < pieces->len; i++) {
    const Piece *p = &g_array_index(pieces, Piece, i);
    if (p->kind == PIECE_TAB)
      continue;
    ShapedWord w;
    word_cache_get(l->words, pt.text, pt.len, p->start, p->end - p->start, p->style, p->rtl, &w);
    for (guint k = 0; k < w.n_glyphs; k++)
      func(p->start, k, &w.glyphs[k], user_data);
  }
  para_text_clear(&pt);
}

/* ---------------------------------------------------------------- laid-out lines */

void laid_out_init(LaidOut *out)
{
  out->glyphs = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  out->places = g_array_new(FALSE, FALSE, sizeof(GlyphPlace));
  out->lines = g_array_new(FALSE, FALSE, sizeof(LaidLine));
}

void laid_out_init_places(LaidOut *out)
{
  laid_out_init(out);
  g_array_unref(out->glyphs);
  out->glyphs = NULL;
}

void laid_out_clear(LaidOut *out, GlyphFactory *factory)
{
  for (guint i = 0; out->glyphs != NULL && i < out->glyphs->len; i++)
    glyph_factory_release(factory, g_array_index(out->glyphs, DrawnGlyph, i).glyph);
  if (out->glyphs != NULL)
    g_array_set_size(out->glyphs, 0);
  g_array_set_size(out->places, 0);
  g_array_set_size(out->lines, 0);
}

void laid_out_free(LaidOut *out, GlyphFactory *factory)
{
  if (out->places == NULL)
    return;
  laid_out_clear(out, factory);
  if (out->glyphs != NULL)
    g_array_unref(out->glyphs);
  g_array_unref(out->places);
  g_array_unref(out->lines);
  out->glyphs = out->places = out->lines = NULL;
}
