/* test_layout.c — lines at ICU's opportunities, widths, tab stops, bidi order
 * and alignment, mirrored brackets, the caret and hit testing, the caret's
 * stops in visual order and selected spans, in real text of several scripts.
 *
 * The oracles are independent of layout.c: ICU's full list of opportunities
 * (a Segmenter with exact_lines), its grapheme boundaries, FriBidi's visual
 * order (fribidi_log2vis), and the fonts' own glyph ids (FreeType). Real text
 * comes from the system: the licences in /usr/share/common-licenses and the
 * translation catalogues under /usr/share/locale (test_mo_translations); a
 * test skips when they are not installed. */
#include "layout.h"
#include "bidi.h"
#include "segment.h"
#include "testutil.h"

#include <fribidi.h>
#include <string.h>

/* ---------------------------------------------------------------- fixture */

/* The shaping pipeline and a segmenter with ICU's full list of opportunities. */
typedef struct {
  TestFonts f;
  Segmenter *exact; /* exact_lines: every opportunity ICU has */
} Fx;

static void fx_init(Fx *fx, gconstpointer data)
{
  test_fonts_init(&fx->f);
  g_autoptr(GError) error = NULL;
  SegmenterOptions options = {NULL, true, 0};
  fx->exact = segmenter_new(&options, &error);
  g_assert_no_error(error);
}

static void fx_clear(Fx *fx, gconstpointer data)
{
  segmenter_free(fx->exact);
  test_fonts_clear(&fx->f);
}

/* A document of one paragraph per line of @text, in the default style. */
static Document *doc_with(TestFonts *f, const char *text)
{
  Document *doc = document_new(f->factory, f->style);
  g_autoptr(GError) error = NULL;
  g_assert_true(document_insert(doc, document_start(doc), text, -1, f->style, NULL, &error));
  g_assert_no_error(error);
  return doc;
}

/* The whole of @para laid out at @width, glyphs and places. */
static void lay_out(TestFonts *f, const Document *doc, guint32 para, int width, LaidOut *out)
{
  laid_out_init(out);
  guint32 len;
  document_paragraph_text(doc, para, &len);
  g_assert_cmpuint(layout_paragraph(f->layout, doc, para, width, 0, 0, NULL, out), ==, len);
}

static const LaidLine *line_of(const LaidOut *out, guint i)
{
  return &g_array_index(out->lines, LaidLine, i);
}

static const GlyphPlace *place_of(const LaidOut *out, guint i)
{
  return &g_array_index(out->places, GlyphPlace, i);
}

/* Width of one code point's glyph in the default style, 26.6. */
static int32_t advance64(TestFonts *f, const char *utf8)
{
  return word_cache_width(f->words, utf8, strlen(utf8), 0, strlen(utf8), f->style, false);
}

static bool is_white(char c)
{
  return c == ' ' || c == '\t';
}

/* Where the line's text ends: before the white space that hangs at its end. */
static guint32 text_end(const Document *doc, guint32 para, const LaidLine *line)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  guint32 end = line->end;
  while (end > line->start && is_white(text[end - 1]))
    end--;
  return end;
}

/* ---------------------------------------------------------------- real text */

/* Appends to @out the lines of the translations in the .mo catalogue @path
 * that are UTF-8, until @out's strings reach @budget bytes. */
static void mo_strings(const char *path, GPtrArray *out, gsize *bytes, gsize budget)
{
  g_autoptr(GPtrArray) translations = test_mo_translations(path);
  for (guint i = 0; translations != NULL && i < translations->len && *bytes < budget; i++) {
    g_auto(GStrv) lines = g_strsplit_set(g_ptr_array_index(translations, i), "\r\n", -1);
    for (guint k = 0; lines[k] != NULL; k++)
      if (lines[k][0] != '\0' && g_utf8_validate(lines[k], -1, NULL)) {
        *bytes += strlen(lines[k]);
        g_ptr_array_add(out, g_strdup(lines[k]));
      }
  }
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b); /* pointers to the elements */
}

/* Up to about @budget bytes of translated strings in @lang, from the
 * catalogues of /usr/share/locale/@lang/LC_MESSAGES in name order; NULL when
 * there are none. */
static GPtrArray *catalogue_strings(const char *lang, gsize budget)
{
  g_autofree char *dir = g_build_filename("/usr/share/locale", lang, "LC_MESSAGES", NULL);
  GDir *d = g_dir_open(dir, 0, NULL);
  if (d == NULL)
    return NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL)
    if (g_str_has_suffix(name, ".mo"))
      g_ptr_array_add(names, g_strdup(name));
  g_dir_close(d);
  g_ptr_array_sort(names, compare_names);
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  gsize bytes = 0;
  for (guint i = 0; i < names->len && bytes < budget; i++) {
    g_autofree char *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
    mo_strings(path, out, &bytes, budget);
  }
  if (out->len == 0)
    g_clear_pointer(&out, g_ptr_array_unref);
  return out;
}

/* A document of @strings joined into paragraphs of at least @min_bytes. */
static Document *doc_of_strings(TestFonts *f, const GPtrArray *strings, gsize min_bytes)
{
  Document *doc = document_new(f->factory, f->style);
  g_autoptr(GString) para = g_string_new(NULL);
  for (guint i = 0; i < strings->len; i++) {
    if (para->len > 0)
      g_string_append_c(para, ' ');
    g_string_append(para, g_ptr_array_index(strings, i));
    if (para->len >= min_bytes || i + 1 == strings->len) {
      g_assert_true(document_append_paragraph(doc, para->str, para->len, LINE_END_LF, NULL));
      g_string_truncate(para, 0);
    }
  }
  return doc;
}

/* The paragraphs of a licence (its blank-line-separated blocks, lines joined);
 * NULL when it is not installed. */
static Document *licence_doc(TestFonts *f, const char *name)
{
  g_autofree char *path = g_build_filename("/usr/share/common-licenses", name, NULL);
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return NULL;
  g_auto(GStrv) blocks = g_strsplit(text, "\n\n", -1);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; blocks[i] != NULL; i++) {
    g_strdelimit(blocks[i], "\n", ' ');
    g_strstrip(blocks[i]);
    if (blocks[i][0] != '\0')
      g_ptr_array_add(strings, g_strdup(blocks[i]));
  }
  return doc_of_strings(f, strings, 1);
}

/* Code points of @doc in [@lo, @hi]: the sample really is in its script. */
static guint64 count_in_block(const Document *doc, gunichar lo, gunichar hi)
{
  guint64 n = 0;
  for (guint32 p = 0; p < document_paragraph_count(doc); p++) {
    guint32 len;
    const char *text = document_paragraph_text(doc, p, &len);
    for (const char *s = text; s < text + len; s = g_utf8_next_char(s))
      n += g_utf8_get_char(s) >= lo && g_utf8_get_char(s) <= hi;
  }
  return n;
}

/* ---------------------------------------------------------------- line checks */

typedef struct {
  guint breaks; /* line breaks checked */
  guint forced; /* of them, inside a segment too wide for a line */
  guint missed; /* of those, where ICU had an opportunity in the line (segment.c's fast path) */
  char example[200]; /* the first of those */
  guint glyphs;      /* glyphs hit-tested */
} Coverage;

/* ICU's opportunities in @text (offsets, sorted) through @seg. */
static GArray *opportunities(Segmenter *seg, const char *text, guint32 len)
{
  GArray *out = g_array_new(FALSE, FALSE, sizeof(guint32));
  SegmentWalk walk;
  segmenter_lines_begin(seg, &walk, text, len, 0);
  gsize at;
  while (segmenter_lines_next(&walk, &at, NULL)) {
    guint32 v = (guint32)at;
    g_array_append_val(out, v);
  }
  return out;
}

static bool contains(const GArray *sorted, guint32 v)
{
  guint lo = 0, hi = sorted->len;
  while (lo < hi) {
    guint mid = (lo + hi) / 2;
    if (g_array_index(sorted, guint32, mid) < v)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < sorted->len && g_array_index(sorted, guint32, lo) == v;
}

/* Whether @sorted has a value in (@from, @to). */
static bool any_between(const GArray *sorted, guint32 from, guint32 to)
{
  for (guint i = 0; i < sorted->len; i++) {
    guint32 v = g_array_index(sorted, guint32, i);
    if (v > from && v < to)
      return true;
  }
  return false;
}

/* Every line of @para at @width starts at one of ICU's opportunities, or is
 * a forced break: inside a segment (between the layout's own opportunities)
 * wider than the line, at a grapheme boundary. Every line has text. */
static void assert_breaks_allowed(Fx *fx, const Document *doc, guint32 para, int width,
                                  Coverage *cov)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  g_autoptr(GArray) icu = opportunities(fx->exact, text, len);
  g_autoptr(GArray) own = opportunities(fx->f.segmenter, text, len);
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  guint32 lines = layout_measure(fx->f.layout, doc, para, width, starts, NULL);
  g_assert_cmpuint(lines, ==, starts->len + 1);
  guint32 prev = 0;
  for (guint i = 0; i < starts->len; i++) {
    guint32 b = g_array_index(starts, guint32, i);
    if (b <= prev)
      g_error("para %u at %d px: line %u starts at %u, not after %u", para, width, i + 1, b, prev);
    cov->breaks++;
    if (!contains(icu, b)) {
      cov->forced++;
      if (any_between(icu, prev, b) && cov->missed++ == 0)
        g_snprintf(cov->example, sizeof cov->example, "\"%.*s|%.*s\" at %d px", (int)(b - prev),
                   text + prev, (int)MIN(len - b, 12u), text + b, width);
      if (!segmenter_is_grapheme(fx->exact, text, len, b) || any_between(own, prev, b))
        g_error("para %u at %d px: a break at %u (\"%.*s|%.*s\") is neither an opportunity "
                "nor a forced break at a grapheme boundary",
                para, width, b, (int)MIN(b - prev, 40u), text + b - MIN(b - prev, 40u),
                (int)MIN(len - b, 20u), text + b);
      /* forced: the segment it cuts (up to the layout's next opportunity,
       * less its white space) is wider than the line */
      guint32 seg_end = len;
      for (guint k = 0; k < own->len && seg_end == len; k++)
        if (g_array_index(own, guint32, k) > b)
          seg_end = g_array_index(own, guint32, k);
      while (seg_end > b && is_white(text[seg_end - 1]))
        seg_end--;
      bool rtl = bidi_needed(text + prev, seg_end - prev, NULL) &&
                 bidi_direction(text + prev, seg_end - prev, NULL, NULL) == BIDI_RTL;
      int32_t w = word_cache_width(fx->f.words, text, len, prev, seg_end - prev, fx->f.style, rtl);
      if (w <= (int32_t)width * 64)
        g_error("para %u at %d px: forced break at %u but its segment \"%.*s\" fits (%.2f px)",
                para, width, b, (int)(seg_end - prev), text + prev, w / 64.0);
    }
    prev = b;
  }
}

/* Every laid-out line of @para at @width fits: its text (not the white space
 * hanging at its end) is at most @width wide, unless it is one cluster. */
static void assert_lines_fit(Fx *fx, const Document *doc, guint32 para, int width)
{
  LaidOut out;
  lay_out(&fx->f, doc, para, width, &out);
  for (guint l = 0; l < out.lines->len; l++) {
    const LaidLine *L = line_of(&out, l);
    guint32 end = text_end(doc, para, L);
    int32_t x0 = G_MAXINT32, x1 = G_MININT32;
    guint32 first_cluster = G_MAXUINT32;
    bool several = false;
    for (guint i = L->first; i < L->first + L->count; i++) {
      const GlyphPlace *p = place_of(&out, i);
      if (p->cluster >= end)
        continue; /* hanging white space */
      x0 = MIN(x0, p->x);
      x1 = MAX(x1, p->x + p->advance);
      several |= first_cluster != G_MAXUINT32 && p->cluster != first_cluster;
      first_cluster = MIN(first_cluster, p->cluster);
    }
    if (x1 > x0 && x1 - x0 > (int32_t)width * 64 && several)
      g_error("para %u at %d px: line %u [%u, %u) is %.2f px wide", para, width, l, L->start,
              L->end, (x1 - x0) / 64.0);
  }
  laid_out_free(&out, fx->f.factory);
}

/* ---------------------------------------------------------------- the caret */

/* The grapheme-aligned cluster of a laid-out line around the glyph cluster
 * @cluster (HarfBuzz's clusters predate GB9c: "क्ता" may be two), found from
 * the places and ICU's grapheme boundaries. */
typedef struct {
  guint32 start, end; /* bytes */
  int32_t x0, x1;     /* its glyphs' extent, 26.6 */
} Span;

static Span cluster_span(Fx *fx, const Document *doc, guint32 para, const LaidOut *out, guint line,
                         guint32 cluster)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  const LaidLine *L = line_of(out, line);
  Span s = {cluster, L->end, G_MAXINT32, G_MININT32};
  for (guint i = L->first; i < L->first + L->count; i++)
    if (place_of(out, i)->cluster > cluster)
      s.end = MIN(s.end, place_of(out, i)->cluster);
  if (!segmenter_is_grapheme(fx->exact, text, len, s.start))
    s.start = (guint32)segmenter_prev_grapheme(fx->exact, text, len, s.start);
  if (!segmenter_is_grapheme(fx->exact, text, len, s.end))
    s.end = (guint32)segmenter_next_grapheme(fx->exact, text, len, s.end);
  for (guint i = L->first; i < L->first + L->count; i++) {
    const GlyphPlace *p = place_of(out, i);
    if (p->cluster >= s.start && p->cluster < s.end) {
      s.x0 = MIN(s.x0, p->x);
      s.x1 = MAX(s.x1, p->x + p->advance);
    }
  }
  return s;
}

/* A click on the middle of every glyph (with an advance) of every line of
 * @para at @width lands on a grapheme boundary of its cluster, and the caret
 * of that offset is on the cluster (within a pixel). */
static void assert_clicks_land(Fx *fx, const Document *doc, guint32 para, int width, Coverage *cov)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  LaidOut out;
  laid_out_init_places(&out);
  layout_paragraph(fx->f.layout, doc, para, width, 0, 0, NULL, &out);
  for (guint l = 0; l < out.lines->len; l++) {
    const LaidLine *L = line_of(&out, l);
    for (guint i = L->first; i < L->first + L->count; i++) {
      const GlyphPlace *p = place_of(&out, i);
      if (p->advance <= 0)
        continue; /* a mark: nothing of its own to click */
      Span s = cluster_span(fx, doc, para, &out, l, p->cluster);
      int x = (p->x + p->advance / 2) >> 6;
      guint32 o = layout_offset_at_x(fx->f.layout, doc, para, &out, l, x);
      int caret = layout_caret_x(fx->f.layout, doc, para, &out, l, o);
      if (o < s.start || o > s.end || !segmenter_is_grapheme(fx->exact, text, len, o) ||
          caret < (s.x0 >> 6) - 1 || caret > ((s.x1 + 63) >> 6) + 1)
        g_error("para %u line %u: a click at %d px on the glyph of cluster [%u, %u) "
                "(%.2f..%.2f px) gave offset %u, caret %d px",
                para, l, x, s.start, s.end, s.x0 / 64.0, s.x1 / 64.0, o, caret);
      cov->glyphs++;
    }
  }
  laid_out_free(&out, fx->f.factory);
}

/* Whether the line has no right-to-left glyph. */
static bool line_is_ltr(const LaidOut *out, guint line)
{
  const LaidLine *L = line_of(out, line);
  for (guint i = L->first; i < L->first + L->count; i++)
    if (place_of(out, i)->rtl)
      return false;
  return !L->rtl;
}

/* Every grapheme boundary of every line of @para has a caret x on the line;
 * on left-to-right lines they increase with the offset and a click there
 * comes back to the same boundary. */
static void assert_carets(Fx *fx, const Document *doc, guint32 para, int width)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  LaidOut out;
  laid_out_init_places(&out);
  layout_paragraph(fx->f.layout, doc, para, width, 0, 0, NULL, &out);
  for (guint l = 0; l < out.lines->len; l++) {
    const LaidLine *L = line_of(&out, l);
    bool ltr = line_is_ltr(&out, l);
    int prev = G_MININT;
    for (gsize b = L->start;; b = segmenter_next_grapheme(fx->exact, text, len, b)) {
      int x = layout_caret_x(fx->f.layout, doc, para, &out, l, (guint32)b);
      g_assert_cmpint(x, >=, (MIN(L->left, L->right) >> 6) - 1);
      g_assert_cmpint(x, <=, ((MAX(L->left, L->right) + 63) >> 6) + 1);
      if (ltr) {
        if (x < prev)
          g_error("para %u line %u: the caret at %zu is at %d px, left of the one before (%d)",
                  para, l, b, x, prev);
        guint32 back = layout_offset_at_x(fx->f.layout, doc, para, &out, l, x);
        if (back != b)
          g_error("para %u line %u: the caret of %zu is at %d px, a click there gives %u", para, l,
                  b, x, back);
      }
      prev = x;
      if (b >= L->end)
        break;
    }
  }
  laid_out_free(&out, fx->f.factory);
}

/* All the checks on every paragraph of @doc at @widths; the caret ones at the
 * first width only (they are the slowest). */
static void check_document(Fx *fx, const Document *doc, const int *widths, guint n_widths,
                           Coverage *cov)
{
  for (guint32 p = 0; p < document_paragraph_count(doc); p++) {
    for (guint w = 0; w < n_widths; w++) {
      assert_breaks_allowed(fx, doc, p, widths[w], cov);
      assert_lines_fit(fx, doc, p, widths[w]);
    }
    assert_clicks_land(fx, doc, p, widths[0], cov);
    assert_carets(fx, doc, p, widths[0]);
  }
}

/* ---------------------------------------------------------------- basics */

static void test_one_line_positions(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  Document *doc = doc_with(f, "abc");
  g_assert_cmpuint(layout_measure(f->layout, doc, 0, 1000, NULL, NULL), ==, 1);
  LaidOut out;
  lay_out(f, doc, 0, 1000, &out);
  g_assert_cmpuint(out.glyphs->len, ==, 3);
  g_assert_cmpuint(out.places->len, ==, 3);
  g_assert_cmpuint(out.lines->len, ==, 1);
  const DrawnGlyph *d = (const DrawnGlyph *)(void *)out.glyphs->data;
  int32_t a = advance64(f, "a"), b = advance64(f, "b");
  /* pens in 26.6, never rounded per glyph; records at the pen's whole pixel */
  g_assert_cmpint(place_of(&out, 1)->x, ==, a);
  g_assert_cmpint(place_of(&out, 2)->x, ==, a + b);
  g_assert_cmpint(d[2].x, ==, (a + b) >> 6);
  g_assert_cmpuint(d[2].glyph->phase, ==, ((a + b) & 63) * GLYPH_PHASES / 64);
  g_assert_cmpint(d[0].y, ==, glyph_factory_style_info(f->factory, f->style)->ascent);
  g_assert_cmpuint(d[1].glyph->glyph_id, ==, test_glyph_id(f->sans, 'b'));
  g_assert_cmpuint(place_of(&out, 1)->cluster, ==, 1);
  g_assert_cmpuint(sizeof(DrawnGlyph), <=, 16);
  laid_out_free(&out, f->factory);
  document_free(doc);
}

static void test_wraps_at_spaces(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  Document *doc = doc_with(f, "aaa bbb ccc");
  int32_t word = advance64(f, "aaa"), space = advance64(f, " ");
  int width = (2 * word + space + space / 2) / 64; /* two words but not three */
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_assert_cmpuint(layout_measure(f->layout, doc, 0, width, starts, NULL), ==, 2);
  g_assert_cmpuint(g_array_index(starts, guint32, 0), ==, 8);
  LaidOut out;
  lay_out(f, doc, 0, width, &out);
  g_assert_cmpuint(out.lines->len, ==, 2);
  g_assert_cmpuint(line_of(&out, 0)->end, ==, 8);
  const DrawnGlyph *c = &g_array_index(out.glyphs, DrawnGlyph, line_of(&out, 1)->first);
  int lh = glyph_factory_style_info(f->factory, f->style)->line_height;
  g_assert_cmpint(c->x, ==, 0);
  g_assert_cmpint(c->y, ==, g_array_index(out.glyphs, DrawnGlyph, 0).y + lh);
  laid_out_clear(&out, f->factory);
  /* only the second line, from its start: y from its own top */
  g_assert_cmpuint(layout_paragraph(f->layout, doc, 0, width, 8, 1, NULL, &out), ==, 11);
  g_assert_cmpuint(out.glyphs->len, ==, 3);
  g_assert_cmpint(g_array_index(out.glyphs, DrawnGlyph, 0).y, ==,
                  glyph_factory_style_info(f->factory, f->style)->ascent);
  /* the first line only: stops where the second starts */
  laid_out_clear(&out, f->factory);
  g_assert_cmpuint(layout_paragraph(f->layout, doc, 0, width, 0, 1, NULL, &out), ==, 8);
  guint32 examined;
  g_assert_cmpuint(layout_line_end(f->layout, doc, 0, 0, width, &examined, NULL), ==, 8);
  g_assert_cmpuint(examined, >=, 8);
  laid_out_free(&out, f->factory);
  document_free(doc);
}

static void test_kerning_applied(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  Document *doc = doc_with(f, "AVAx");
  LaidOut out;
  lay_out(f, doc, 0, 10000, &out);
  /* V sits closer to A than A's advance (the font's kerning, through HarfBuzz) */
  g_assert_cmpint(place_of(&out, 1)->x, <, advance64(f, "A"));
  laid_out_free(&out, f->factory);
  document_free(doc);
}

static void test_mixed_styles_line_height(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  StyleId big = glyph_factory_style(f->factory, f->sans, 40);
  Document *doc = doc_with(f, "small BIG");
  document_restyle(doc, (DocPos){0, 6}, (DocPos){0, 9}, big);
  g_assert_cmpint(document_paragraph_line_height(doc, 0), ==,
                  glyph_factory_style_info(f->factory, big)->line_height);
  LaidOut out;
  lay_out(f, doc, 0, 10000, &out);
  const DrawnGlyph *d = (const DrawnGlyph *)(void *)out.glyphs->data;
  /* one baseline for the line, at the big style's ascent */
  g_assert_cmpint(d[0].y, ==, d[7].y);
  g_assert_cmpint(d[7].y, ==, glyph_factory_style_info(f->factory, big)->ascent);
  g_assert_cmpuint(glyph_factory_style_info(f->factory, d[7].glyph->style)->px, ==, 40);
  laid_out_free(&out, f->factory);
  document_free(doc);
}

/* A fallback face that reaches further than the style's (Noto Sans Myanmar
 * below DejaVu Sans) gives its paragraph's lines room, as Pango does: the
 * metrics cover the face's ascent and descent with the style's line gap, every
 * line is that far apart, and a paragraph of the style's own glyphs keeps the
 * style's metrics. */
static void test_tall_fallback_line_height(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  const GlyphStyle *base = glyph_factory_style_info(f->factory, f->style);
  /* မြန်မာ ဘာသာ, twice: two lines or more at 120 px */
  Document *doc = doc_with(f, "plain text\n"
                              "\xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\xE1\x80\xBA\xE1\x80\x99"
                              "\xE1\x80\xAC \xE1\x80\x98\xE1\x80\xAC\xE1\x80\x9E\xE1\x80\xAC "
                              "\xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\xE1\x80\xBA\xE1\x80\x99"
                              "\xE1\x80\xAC \xE1\x80\x98\xE1\x80\xAC\xE1\x80\x9E\xE1\x80\xAC");
  LineMetrics plain, tall;
  layout_measure(f->layout, doc, 0, 80, NULL, &plain);
  g_assert_cmpint(plain.ascent, ==, base->ascent);
  g_assert_cmpint(plain.height, ==, base->line_height);
  guint32 lines = layout_measure(f->layout, doc, 1, 120, NULL, &tall);
  g_assert_cmpuint(lines, >=, 2);
  LaidOut out;
  lay_out(f, doc, 1, 120, &out);
  const DrawnGlyph *d = (const DrawnGlyph *)(void *)out.glyphs->data;
  const GlyphStyle *face = glyph_factory_style_info(f->factory, d[0].glyph->style);
  if (face->typeface == f->sans || face->descent <= base->descent) {
    g_test_skip("no fallback face taller than DejaVu Sans (fonts-noto-core)");
  } else {
    int gap = base->line_height - base->ascent - base->descent;
    g_assert_cmpint(tall.ascent, ==, MAX(base->ascent, face->ascent));
    g_assert_cmpint(tall.height, ==, tall.ascent + face->descent + gap);
    g_assert_cmpint(line_of(&out, 0)->baseline, ==, tall.ascent);
    g_assert_cmpint(line_of(&out, 1)->baseline, ==, tall.ascent + tall.height);
  }
  laid_out_free(&out, f->factory);
  document_free(doc);
}

/* ---------------------------------------------------------------- ICU's opportunities */

/* The licences' paragraphs: NULL-terminated, each NULL when not installed. */
static const char *const licences[] = {"GPL-3", "Apache-2.0", "MPL-2.0", NULL};

static void test_breaks_english_licences(Fx *fx, gconstpointer data)
{
  static const int widths[] = {173, 61, 420};
  Coverage cov = {0};
  for (guint i = 0; licences[i] != NULL; i++) {
    Document *doc = licence_doc(&fx->f, licences[i]);
    if (doc == NULL)
      continue;
    check_document(fx, doc, widths, G_N_ELEMENTS(widths), &cov);
    document_free(doc);
  }
  if (cov.breaks == 0) {
    g_test_skip("no licence in /usr/share/common-licenses");
    return;
  }
  g_test_message("%u breaks (%u forced), %u glyphs clicked", cov.breaks, cov.forced, cov.glyphs);
  g_assert_cmpuint(cov.breaks, >, 2000);
  g_assert_cmpuint(cov.forced, >, 100); /* 61 px is narrower than many words */
}

/* A line is cut inside a word only when the word is longer than the line:
 * never where ICU has an opportunity earlier on the line. The layout cuts a
 * segment between its segmenter's opportunities, so this holds because that
 * segmenter's ASCII fast path (segment.c) finds all of ICU's opportunities
 * (it once found fewer, and "PROGRAM (INCLUDIN|G" was cut where ICU would
 * break before "("). */
static void test_forced_only_in_long_words(Fx *fx, gconstpointer data)
{
  static const int widths[] = {173, 61};
  Coverage cov = {0};
  for (guint i = 0; licences[i] != NULL; i++) {
    Document *doc = licence_doc(&fx->f, licences[i]);
    for (guint32 p = 0; doc != NULL && p < document_paragraph_count(doc); p++)
      for (guint w = 0; w < G_N_ELEMENTS(widths); w++)
        assert_breaks_allowed(fx, doc, p, widths[w], &cov);
    document_free(doc);
  }
  if (cov.breaks == 0) {
    g_test_skip("no licence in /usr/share/common-licenses");
    return;
  }
  if (cov.missed > 0)
    g_error("%u of %u forced breaks cut a line where ICU had an opportunity before, the first %s",
            cov.missed, cov.forced, cov.example);
  g_test_message("%u breaks, %u forced, none where ICU had an opportunity", cov.breaks, cov.forced);
}

typedef struct {
  const char *lang;
  gunichar lo, hi; /* the script's main block */
} Catalogue;

static void test_breaks_catalogues(Fx *fx, gconstpointer data)
{
  static const Catalogue langs[] = {
      {"th", 0x0E00, 0x0E7F}, {"ja", 0x3040, 0x30FF}, {"zh_CN", 0x4E00, 0x9FFF},
      {"ar", 0x0600, 0x06FF}, {"he", 0x0590, 0x05FF}, {"hi", 0x0900, 0x097F},
  };
  static const int widths[] = {157, 47, 390};
  guint tested = 0;
  for (guint i = 0; i < G_N_ELEMENTS(langs); i++) {
    g_autoptr(GPtrArray) strings = catalogue_strings(langs[i].lang, 6000);
    if (strings == NULL) {
      g_test_message("no catalogues for %s", langs[i].lang);
      continue;
    }
    Document *doc = doc_of_strings(&fx->f, strings, 200);
    g_assert_cmpuint(count_in_block(doc, langs[i].lo, langs[i].hi), >, 500);
    Coverage cov = {0};
    check_document(fx, doc, widths, G_N_ELEMENTS(widths), &cov);
    g_test_message("%s: %u paragraphs, %u breaks (%u forced, %u where ICU had an opportunity), "
                   "%u glyphs clicked",
                   langs[i].lang, document_paragraph_count(doc), cov.breaks, cov.forced, cov.missed,
                   cov.glyphs);
    g_assert_cmpuint(cov.breaks, >, 100);
    document_free(doc);
    tested++;
  }
  if (tested == 0)
    g_test_skip("no translation catalogues in /usr/share/locale");
}

/* "。" and closing punctuation stay on the line of the character before them,
 * even when that line is full: the line breaks one ideograph earlier. */
static void test_no_line_starts_with_closing(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  static const char *const closers[] = {"。", "、", "」", "）", "！", "？", "』", "〕", ")"};
  const char *ideograph = "漢";
  for (guint c = 0; c < G_N_ELEMENTS(closers); c++) {
    g_autoptr(GString) text = g_string_new(NULL);
    for (guint i = 0; i < 40; i++) {
      g_string_append(text, ideograph);
      if (i % 10 == 9)
        g_string_append(text, closers[c]);
    }
    Document *doc = doc_with(f, text->str);
    /* exactly ten ideographs wide: "。" after the tenth would start line two */
    int32_t w = advance64(f, ideograph);
    int width = (10 * w + 32) / 64;
    g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
    layout_measure(f->layout, doc, 0, width, starts, NULL);
    g_assert_cmpuint(starts->len, >=, 3);
    guint32 first = g_array_index(starts, guint32, 0);
    g_assert_cmpuint(first, <, 10 * strlen(ideograph)); /* broke before the full line */
    for (guint i = 0; i < starts->len; i++) {
      guint32 s = g_array_index(starts, guint32, i);
      if (strncmp(text->str + s, closers[c], strlen(closers[c])) == 0)
        g_error("line %u starts with %s", i + 1, closers[c]);
    }
    document_free(doc);
  }
}

/* Runs with no break opportunity for hundreds of kilobytes (a number, base64,
 * minified JSON) and a flood of spaces: every line fits and holds a bounded
 * number of bytes, measuring and drawing agree, and it takes a bounded amount
 * of shaping (each line shaped all the rest of the run again took minutes). */
static void test_long_runs_without_opportunity(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  static const char *const units[] = {"0123456789", "QUJD+/ZGVm", "{\"k\":[1,2],\"v\":\"x\"},"};
  const int width = 300;
  for (guint u = 0; u <= G_N_ELEMENTS(units); u++) {
    g_autoptr(GString) text = g_string_new(u == G_N_ELEMENTS(units) ? "a" : NULL);
    while (text->len < 50000)
      g_string_append(text, u == G_N_ELEMENTS(units) ? "          " : units[u]);
    g_string_append(text, " end");
    Document *doc = document_new(f->factory, f->style);
    document_append_paragraph(doc, text->str, text->len, LINE_END_NONE, NULL);
    g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
    WordCacheStats before, after;
    word_cache_get_stats(f->words, &before);
    guint32 lines = layout_measure(f->layout, doc, 0, width, starts, NULL);
    word_cache_get_stats(f->words, &after);
    /* each line reads a bounded stretch (linear: about 40 times the text here; a
     * line shaping the rest of the run, quadratic: over 1,500 times) */
    g_assert_cmpuint(after.shaped_bytes - before.shaped_bytes, <, 100 * text->len);
    g_assert_cmpuint(lines, >=, u == G_N_ELEMENTS(units) ? 2 : text->len / 100);
    guint32 prev = 0;
    for (guint i = 0; i < starts->len; i++) {
      guint32 s = g_array_index(starts, guint32, i);
      g_assert_cmpuint(s - prev, <=, 8192); /* a line is bounded, its hanging spaces too */
      prev = s;
    }
    assert_lines_fit(fx, doc, 0, width);
    LaidOut out;
    lay_out(f, doc, 0, width, &out);
    g_assert_cmpuint(out.lines->len, ==, lines);
    laid_out_free(&out, f->factory);
    document_free(doc);
  }
}

/* A word longer than the line breaks at grapheme boundaries only: accents,
 * conjuncts and emoji sequences stay whole, and every line has a cluster. */
static void test_long_word_graphemes(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  static const char *const words[] = {
      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
      "e\xcc\x81o\xcc\x88u\xcc\x8a"
      "a\xcc\x81\xcc\xa3"
      "e\xcc\x81o\xcc\x88u\xcc\x8a"
      "a\xcc\x81\xcc\xa3"
      "e\xcc\x81o\xcc\x88u\xcc\x8a", /* combining marks */
      "क्षत्रियक्षिप्रक्षमाक्षेत्रक्षुधा",     /* conjuncts */
      "👨‍👩‍👧‍👦🇫🇷👍🏽1️⃣👨‍👩‍👧‍👦🇫🇷👍🏽1"
      "️"
      "⃣",                   /* emoji sequences */
      "ผู้ที่มีความรู้ความสามารถ", /* Thai marks (dictionary) */
  };
  static const int widths[] = {1, 9, 23, 60};
  Coverage cov = {0};
  for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
    Document *doc = doc_with(f, words[i]);
    guint32 len;
    const char *text = document_paragraph_text(doc, 0, &len);
    guint clusters = 0;
    for (gsize b = 0; b < len; b = segmenter_next_grapheme(fx->exact, text, len, b))
      clusters++;
    for (guint w = 0; w < G_N_ELEMENTS(widths); w++) {
      assert_breaks_allowed(fx, doc, 0, widths[w], &cov);
      assert_lines_fit(fx, doc, 0, widths[w]);
      LaidOut out;
      lay_out(f, doc, 0, widths[w], &out);
      for (guint l = 0; l < out.lines->len; l++) {
        const LaidLine *L = line_of(&out, l);
        g_assert_cmpuint(L->count, >, 0);
        g_assert_cmpuint(L->end, >, L->start);
        g_assert_true(segmenter_is_grapheme(fx->exact, text, len, L->start));
      }
      /* one pixel: a cluster per line */
      if (widths[w] == 1)
        g_assert_cmpuint(out.lines->len, ==, clusters);
      /* greedy: a line of the Latin word is cut where its next letter would
       * not fit (within half a pixel: measured here shaped whole) */
      for (guint l = 0; i == 0 && l + 1 < out.lines->len; l++) {
        const LaidLine *L = line_of(&out, l);
        g_assert_cmpint(word_cache_width(f->words, text, len, L->start, L->end + 1 - L->start,
                                         f->style, false),
                        >, widths[w] * 64 - 32);
      }
      laid_out_free(&out, f->factory);
    }
    document_free(doc);
  }
  g_assert_cmpuint(cov.forced, >, 50);
}

/* ---------------------------------------------------------------- tabs */

static void test_tab_stops(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  const char *text = "a\tbb\t\tccccccccc\td\tx y\tlong words that wrap\tz\t";
  Document *doc = doc_with(f, text);
  int32_t stop = glyph_factory_style_info(f->factory, f->style)->space_advance * LAYOUT_TAB_COLUMNS;
  g_assert_cmpint(stop, >, 64);
  guint tabs = 0;
  static const int widths[] = {10000, 150, 97};
  for (guint w = 0; w < G_N_ELEMENTS(widths); w++) {
    LaidOut out;
    lay_out(f, doc, 0, widths[w], &out);
    for (guint l = 0; l < out.lines->len; l++) {
      const LaidLine *L = line_of(&out, l);
      for (guint i = L->first; i + 1 < L->first + L->count; i++) {
        const GlyphPlace *p = place_of(&out, i), *next = place_of(&out, i + 1);
        if (text[p->cluster] != '\t')
          continue;
        /* the glyph after a tab stands on a stop, counted from the line's start */
        g_assert_cmpint((next->x - L->left) % stop, ==, 0);
        g_assert_cmpint(next->x, >, p->x);
        tabs++;
      }
    }
    laid_out_free(&out, f->factory);
  }
  g_assert_cmpuint(tabs, >=, 12);
  document_free(doc);
}

/* ---------------------------------------------------------------- right to left */

static void test_rtl_paragraph_right_aligned(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  Document *doc = doc_with(f, "שלום עולם, זהו משפט ארוך בעברית שצריך לעבור לכמה שורות בטקסט");
  const int width = 150;
  LaidOut out;
  lay_out(f, doc, 0, width, &out);
  g_assert_cmpuint(out.lines->len, >, 2);
  for (guint l = 0; l < out.lines->len; l++) {
    const LaidLine *L = line_of(&out, l);
    g_assert_true(L->rtl);
    g_assert_cmpint(L->left, >, 0);
    g_assert_cmpint(ABS(L->right - width * 64), <=, 64);
    /* its text ends at the right edge; the last line is short */
    int32_t x1 = G_MININT32;
    for (guint i = L->first; i < L->first + L->count; i++)
      x1 = MAX(x1, place_of(&out, i)->x + place_of(&out, i)->advance);
    g_assert_cmpint(ABS(x1 - width * 64), <=, 64);
    for (guint i = L->first; i < L->first + L->count; i++)
      g_assert_true(place_of(&out, i)->rtl || text_end(doc, 0, L) <= place_of(&out, i)->cluster);
  }
  g_assert_cmpint(line_of(&out, out.lines->len - 1)->left, >, line_of(&out, 0)->left);
  laid_out_free(&out, f->factory);
  document_free(doc);
}

/* Lines that do not wrap (layout_set_rtl_flush_left): a right-to-left line
 * starts at the left edge, not at the right edge of a width far wider than
 * the window, and its glyphs keep their visual order. */
static void test_rtl_flush_left(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  Document *doc = doc_with(f, "שלום עולם, זהו משפט בעברית");
  const int width = 100000;
  LaidOut right, left;
  lay_out(f, doc, 0, width, &right);
  layout_set_rtl_flush_left(f->layout, true);
  lay_out(f, doc, 0, width, &left);
  layout_set_rtl_flush_left(f->layout, false);
  g_assert_cmpuint(left.lines->len, ==, 1);
  g_assert_true(line_of(&left, 0)->rtl);
  g_assert_cmpint(line_of(&left, 0)->left, ==, 0);
  g_assert_cmpint(ABS(line_of(&right, 0)->right - width * 64), <=, 64);
  int32_t dx = line_of(&right, 0)->left - line_of(&left, 0)->left;
  g_assert_cmpuint(left.places->len, ==, right.places->len);
  for (guint i = 0; i < left.places->len; i++)
    g_assert_cmpint(place_of(&right, i)->x - place_of(&left, i)->x, ==, dx);
  laid_out_free(&left, f->factory);
  laid_out_free(&right, f->factory);
  document_free(doc);
}

/* The layout remembers a paragraph's bidi facts while its document has not
 * changed, and no longer: a letter replaced by a Hebrew one (the same length,
 * often the same allocation) turns the paragraph right to left at once, and
 * back. */
static void test_bidi_facts_follow_edits(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  Document *doc = doc_with(f, "ab cd");
  for (guint round = 0; round < 4; round++) {
    for (guint again = 0; again < 2; again++) { /* the second from what it remembers */
      LaidOut out;
      lay_out(f, doc, 0, 1000, &out);
      g_assert_cmpint(line_of(&out, 0)->rtl, ==, round % 2 == 1);
      laid_out_free(&out, f->factory);
    }
    /* "ab" <-> "ש" + "b" (two bytes each way) */
    document_delete(doc, (DocPos){0, 0}, (DocPos){0, round % 2 == 0 ? 1 : 2});
    g_assert_true(document_insert(doc, (DocPos){0, 0}, round % 2 == 0 ? "\xD7\xA9" : "a", -1,
                                  f->style, NULL, NULL));
  }
  document_free(doc);
}

static void test_arabic_run_in_english(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  const char *text = "The word كتاب مفيد means a useful book.";
  Document *doc = doc_with(f, text);
  const guint32 from = (guint32)(strstr(text, "كتاب") - text);
  const guint32 to = (guint32)(strstr(text, " means") - text);
  LaidOut out;
  lay_out(f, doc, 0, 10000, &out);
  g_assert_false(line_of(&out, 0)->rtl);
  g_assert_cmpint(line_of(&out, 0)->left, ==, 0);
  /* the run's glyphs in visual order: clusters go down from left to right */
  guint n = 0;
  guint32 prev = G_MAXUINT32, first = 0;
  int32_t prev_x = G_MININT32;
  for (guint i = 0; i < out.places->len; i++) {
    const GlyphPlace *p = place_of(&out, i);
    g_assert_cmpint(p->x, >=, prev_x); /* visual order, left to right */
    prev_x = p->x;
    if (p->cluster < from || p->cluster >= to)
      continue;
    g_assert_true(p->rtl);
    g_assert_cmpuint(p->cluster, <=, prev);
    if (n++ == 0)
      first = p->cluster;
    prev = p->cluster;
  }
  g_assert_cmpuint(n, >=, 6);
  g_assert_cmpuint(first, >, prev);
  g_assert_cmpuint(prev, ==, from);
  laid_out_free(&out, f->factory);
  document_free(doc);
}

/* The glyph drawn for the byte @at of line 0 of @out, which must be one. */
static const DrawnGlyph *glyph_at(const LaidOut *out, guint32 at)
{
  for (guint i = 0; i < out->places->len; i++)
    if (place_of(out, i)->cluster == at)
      return &g_array_index(out->glyphs, DrawnGlyph, i);
  g_error("no glyph for byte %u", at);
}

static guint32 glyph_id_in_face_of(TestFonts *f, const Glyph *g, gunichar cp)
{
  return test_glyph_id(glyph_factory_style_info(f->factory, g->style)->typeface, cp);
}

static void test_brackets_mirrored(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  /* a right-to-left paragraph, and a bracket pair resolved right to left (N0)
   * inside a left-to-right one; then the same brackets in plain English */
  static const char *const texts[] = {"שלום (עולם) טוב [כן]", "abc אבג (דהו) def",
                                      "العربية (نص) هنا", "plain (text) here"};
  for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
    Document *doc = doc_with(f, texts[t]);
    LaidOut out;
    lay_out(f, doc, 0, 10000, &out);
    bool mirrored = t < 3;
    for (const char *s = texts[t]; *s; s++) {
      if (*s != '(' && *s != ')' && *s != '[' && *s != ']')
        continue;
      const DrawnGlyph *d = glyph_at(&out, (guint32)(s - texts[t]));
      gunichar mirror = *s == '(' ? ')' : *s == ')' ? '(' : *s == '[' ? ']' : '[';
      gunichar want = mirrored ? mirror : (gunichar)*s;
      g_assert_cmpuint(d->glyph->glyph_id, ==, glyph_id_in_face_of(f, d->glyph, want));
      g_assert_cmpuint(glyph_id_in_face_of(f, d->glyph, (gunichar)*s), !=,
                       glyph_id_in_face_of(f, d->glyph, mirror)); /* the font tells them apart */
    }
    laid_out_free(&out, f->factory);
    document_free(doc);
  }
}

/* The grapheme starts of @text in FriBidi's visual order (fribidi_log2vis
 * over the whole paragraph, direction by its first strong character),
 * neighbours of one cluster merged. */
static GArray *fribidi_visual_clusters(Fx *fx, const char *text)
{
  gsize len = strlen(text);
  glong n = g_utf8_strlen(text, (gssize)len);
  g_autofree FriBidiChar *logical = g_new(FriBidiChar, n + 1);
  g_autofree FriBidiStrIndex *v2l = g_new(FriBidiStrIndex, n + 1);
  g_autofree guint32 *byte_of = g_new(guint32, n + 1);
  glong i = 0;
  for (const char *s = text; *s; s = g_utf8_next_char(s), i++) {
    logical[i] = g_utf8_get_char(s);
    byte_of[i] = (guint32)(s - text);
  }
  FriBidiParType base = FRIBIDI_PAR_ON;
  g_assert_true(fribidi_log2vis(logical, (FriBidiStrIndex)n, &base, NULL, NULL, v2l, NULL));
  GArray *out = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (i = 0; i < n; i++) {
    guint32 b = byte_of[v2l[i]];
    guint32 start = (guint32)(segmenter_is_grapheme(fx->exact, text, len, b)
                                  ? b
                                  : segmenter_prev_grapheme(fx->exact, text, len, b));
    if (out->len == 0 || g_array_index(out, guint32, out->len - 1) != start)
      g_array_append_val(out, start);
  }
  return out;
}

static void test_bidi_order_as_fribidi(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  static const char *const texts[] = {
      "hello 123 עברית",           "עברית hello 123 world",       "abc אבג 456 דהו def",
      "שלום, 123 abc (xyz) עולם!", "מחיר: 12.50 ש\"ח - abc-def.", "The word كتاب 2024 means book",
      "كتاب 123 مفيد hello بيت",
  };
  for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
    Document *doc = doc_with(f, texts[t]);
    LaidOut out;
    lay_out(f, doc, 0, 10000, &out);
    g_assert_cmpuint(out.lines->len, ==, 1);
    g_autoptr(GArray) want = fribidi_visual_clusters(fx, texts[t]);
    g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(guint32));
    for (guint i = 0; i < out.places->len; i++) {
      guint32 c = place_of(&out, i)->cluster;
      if (got->len == 0 || g_array_index(got, guint32, got->len - 1) != c)
        g_array_append_val(got, c);
    }
    g_autoptr(GString) a = g_string_new(NULL), b = g_string_new(NULL);
    for (guint i = 0; i < got->len; i++)
      g_string_append_printf(a, " %u", g_array_index(got, guint32, i));
    for (guint i = 0; i < want->len; i++)
      g_string_append_printf(b, " %u", g_array_index(want, guint32, i));
    if (strcmp(a->str, b->str) != 0)
      g_error("\"%s\": clusters left to right%s, FriBidi says%s", texts[t], a->str, b->str);
    laid_out_free(&out, f->factory);
    document_free(doc);
  }
}

/* ---------------------------------------------------------------- the caret */

static void test_caret_in_scripts(Fx *fx, gconstpointer data)
{
  static const char *const texts[] = {
      "office affine difficult waffle efficient", /* ligatures */
      "हिन्दी में क्षत्रिय और प्रेम की कहानी लिखी गई है", /* Devanagari */
      "اللغة العربية جميلة جدا وهذه جملة طويلة",  /* Arabic */
      "ภาษาไทยเป็นภาษาที่ไม่มีช่องว่างระหว่างคำ",         /* Thai */
      "family 👨‍👩‍👧‍👦 and flags 🇫🇷🇯🇵 and 👍🏽 ok", /* emoji */
      "hello 123 עברית and كتاب (مفيد) end",  /* mixed bidi */
      "שלום abc def עולם 42 סוף",             /* RTL paragraph */
      "a\ttab\tstops\tand e\xcc\x81 accents", /* tabs, marks */
  };
  static const int widths[] = {10000, 131};
  Coverage cov = {0};
  for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
    Document *doc = doc_with(&fx->f, texts[t]);
    for (guint w = 0; w < G_N_ELEMENTS(widths); w++) {
      assert_clicks_land(fx, doc, 0, widths[w], &cov);
      assert_carets(fx, doc, 0, widths[w]);
    }
    document_free(doc);
  }
  g_assert_cmpuint(cov.glyphs, >, 300);
}

/* "ffi" is one glyph for three graphemes: the carets inside it split its
 * advance in thirds, and clicks in each third find them. */
static void check_ligature_thirds(Fx *fx, StyleId style)
{
  TestFonts *f = &fx->f;
  Document *doc = document_new(f->factory, style);
  g_assert_true(document_append_paragraph(doc, "office", 6, LINE_END_NONE, NULL));
  LaidOut out;
  laid_out_init_places(&out);
  layout_paragraph(f->layout, doc, 0, 10000, 0, 0, NULL, &out);
  g_assert_cmpuint(out.places->len, ==, 4); /* o, ffi, c, e */
  const GlyphPlace *lig = place_of(&out, 1);
  g_assert_cmpuint(lig->cluster, ==, 1);
  g_assert_cmpuint(place_of(&out, 2)->cluster, ==, 4);
  for (guint k = 0; k <= 3; k++) {
    double want = (lig->x + lig->advance * k / 3.0) / 64.0;
    int x = layout_caret_x(f->layout, doc, 0, &out, 0, 1 + k);
    if (ABS(x - want) > 1.0)
      g_error("caret before grapheme %u of \"ffi\" at %d px, want %.2f", k, x, want);
    /* a click in the middle of each third gives the boundary nearest to it */
    if (k < 3) {
      int mid = (int)((lig->x + lig->advance * (k + 0.5) / 3.0) / 64.0);
      guint32 o = layout_offset_at_x(f->layout, doc, 0, &out, 0, mid);
      g_assert_cmpuint(o, >=, 1 + k);
      g_assert_cmpuint(o, <=, 2 + k);
    }
  }
  laid_out_free(&out, f->factory);
  document_free(doc);
}

static void test_caret_splits_ligature(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  check_ligature_thirds(fx,
                        glyph_factory_style(f->factory, f->sans, 48)); /* DejaVu Sans: uniFB03 */
  g_autoptr(GError) error = NULL;
  Typeface *serif = typeface_set_lookup(f->set, "Noto Serif", &error);
  if (serif != NULL && g_str_equal(typeface_family(serif), "Noto Serif"))
    check_ligature_thirds(fx, glyph_factory_style(f->factory, serif, 40)); /* f_f_i */
}

/* Clicks beside a line's text: its start on the side it begins, its end on
 * the other, in both directions. */
static void test_click_beside_text(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  Document *doc = doc_with(f, "left to right\nמימין לשמאל");
  for (guint32 p = 0; p < 2; p++) {
    guint32 len;
    document_paragraph_text(doc, p, &len);
    LaidOut out;
    laid_out_init_places(&out);
    layout_paragraph(f->layout, doc, p, 400, 0, 0, NULL, &out);
    const LaidLine *L = line_of(&out, 0);
    guint32 at_left = layout_offset_at_x(f->layout, doc, p, &out, 0, -50);
    guint32 at_right = layout_offset_at_x(f->layout, doc, p, &out, 0, 1000);
    g_assert_cmpuint(at_left, ==, p == 0 ? 0 : len);
    g_assert_cmpuint(at_right, ==, p == 0 ? len : 0);
    g_assert_cmpint(layout_caret_x(f->layout, doc, p, &out, 0, 0), ==,
                    p == 0 ? 0 : (L->right + 32) >> 6);
    laid_out_free(&out, f->factory);
  }
  document_free(doc);
}

/* ---------------------------------------------------------------- caret stops */

/* Mixed texts in both paragraph directions (U+200E/U+200F first sets it), a
 * line of one script, numbers inside right to left, Arabic's ligature لا. */
static const char *const stop_texts[] = {
    "abc שלום def",                        /* left to right */
    "\u200fabc שלום def",                  /* the same, right to left */
    "שלום abc עולם",                       /* right to left */
    "\u200eשלום abc עולם",                 /* the same, left to right */
    "שלום עולם",                           /* one script */
    "שלום 123 abc",                        /* a number: level 2 */
    "\u200eשלום 123 abc",                  /* Pango's strong carets collide here */
    "hello 123 עברית and كتاب (مفيد) end", /* two scripts, brackets */
    "السلام عليكم لا بأس",                 /* Arabic, the ligature */
    "hello لا بأس world",                  /* the ligature in an English line */
};

/* Whether @text holds an invisible direction mark (a grapheme without width). */
static bool has_mark(const char *text)
{
  return strstr(text, "\u200e") != NULL || strstr(text, "\u200f") != NULL;
}

/* The grapheme boundaries of line @L that are caret stops: all of [start,
 * end], but the end of a wrapped line whose white space hangs there. */
static GArray *line_boundaries(Fx *fx, const char *text, guint32 len, const LaidLine *L)
{
  GArray *want = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (gsize b = L->start; b < L->end; b = segmenter_next_grapheme(fx->exact, text, len, b)) {
    guint32 o = (guint32)b;
    g_array_append_val(want, o);
  }
  if (!(L->end < len && L->end > L->start && is_white(text[L->end - 1])))
    g_array_append_val(want, L->end);
  return want;
}

static gint cmp_u32(gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
  return x < y ? -1 : x > y;
}

/* The stops of line @l, and their offsets sorted. */
static GArray *stops_of(Fx *fx, const Document *doc, guint32 para, const LaidOut *out, guint l,
                        GArray **sorted)
{
  GArray *stops = g_array_new(FALSE, FALSE, sizeof(CaretStop));
  layout_caret_stops(fx->f.layout, doc, para, out, l, stops);
  *sorted = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint i = 0; i < stops->len; i++)
    g_array_append_val(*sorted, g_array_index(stops, CaretStop, i).offset);
  g_array_sort(*sorted, cmp_u32);
  return stops;
}

/* The extent of line @l's glyphs, 26.6. */
static void line_extent(const LaidOut *out, guint l, int32_t *x0, int32_t *x1)
{
  const LaidLine *L = line_of(out, l);
  *x0 = G_MAXINT32, *x1 = G_MININT32;
  for (guint i = L->first; i < L->first + L->count; i++) {
    *x0 = MIN(*x0, place_of(out, i)->x);
    *x1 = MAX(*x1, place_of(out, i)->x + place_of(out, i)->advance);
  }
}

/* The stops of every line of @para at @width: every grapheme boundary of the
 * line exactly once, each drawn where it stops, left to right with x growing
 * at every step (@strict: no grapheme without width), from the line's left
 * edge to its right one when its end is a stop. */
static void assert_stops(Fx *fx, const Document *doc, guint32 para, int width, bool strict)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  LaidOut out;
  laid_out_init_places(&out);
  layout_paragraph(fx->f.layout, doc, para, width, 0, 0, NULL, &out);
  for (guint l = 0; l < out.lines->len; l++) {
    const LaidLine *L = line_of(&out, l);
    g_autoptr(GArray) want = line_boundaries(fx, text, len, L);
    g_autoptr(GArray) sorted = NULL;
    g_autoptr(GArray) stops = stops_of(fx, doc, para, &out, l, &sorted);
    if (sorted->len != want->len || memcmp(sorted->data, want->data, want->len * 4) != 0)
      g_error("para %u line %u: %u stops for %u boundaries", para, l, sorted->len, want->len);
    for (guint i = 0; i < stops->len; i++) {
      const CaretStop *s = &g_array_index(stops, CaretStop, i);
      int drawn = layout_caret_side_x(fx->f.layout, doc, para, &out, l, s->offset, s->affinity);
      g_assert_cmpint(drawn, ==, (s->x + 32) >> 6);
      const CaretStop *prev = i > 0 ? s - 1 : NULL;
      if (prev != NULL && (s->x < prev->x || (strict && s->x == prev->x)))
        g_error("para %u line %u: stop %u (offset %u) at %.2f px, stop %u (offset %u) at %.2f",
                para, l, i, s->offset, s->x / 64.0, i - 1, prev->offset, prev->x / 64.0);
    }
    int32_t x0, x1;
    line_extent(&out, l, &x0, &x1);
    if (g_array_index(want, guint32, want->len - 1) == L->end) {
      g_assert_cmpint(g_array_index(stops, CaretStop, 0).x, ==, x0);
      g_assert_cmpint(g_array_index(stops, CaretStop, stops->len - 1).x, ==, x1);
    }
  }
  laid_out_free(&out, fx->f.factory);
}

/* In mixed text, lines of one script and Arabic, at one line and wrapped,
 * in both directions: each boundary once, the caret always moving. */
static void test_stops_visit_every_boundary(Fx *fx, gconstpointer data)
{
  static const int widths[] = {10000, 90, 131};
  for (guint t = 0; t < G_N_ELEMENTS(stop_texts); t++) {
    Document *doc = doc_with(&fx->f, stop_texts[t]);
    for (guint w = 0; w < G_N_ELEMENTS(widths); w++)
      assert_stops(fx, doc, 0, widths[w], !has_mark(stop_texts[t]));
    document_free(doc);
  }
}

/* The texts of the caret tests in every script too (Devanagari, Thai, emoji,
 * tabs and marks, the ligatures of "office"). */
static void test_stops_in_scripts(Fx *fx, gconstpointer data)
{
  static const char *const texts[] = {
      "office affine difficult waffle efficient",
      "हिन्दी में क्षत्रिय और प्रेम की कहानी लिखी गई है",
      "اللغة العربية جميلة جدا وهذه جملة طويلة",
      "ภาษาไทยเป็นภาษาที่ไม่มีช่องว่างระหว่างคำ",
      "family 👨‍👩‍👧‍👦 and flags 🇫🇷🇯🇵 and 👍🏽 ok",
      "שלום abc def עולם 42 סוף",
      "a\ttab\tstops\tand e\xcc\x81 accents",
      "日本語の文章です。句読点、括弧「かぎ」も使います。",
  };
  for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
    Document *doc = doc_with(&fx->f, texts[t]);
    assert_stops(fx, doc, 0, 10000, true);
    assert_stops(fx, doc, 0, 131, true);
    document_free(doc);
  }
}

/* Left-to-right lines keep the old caret: their stops are their boundaries
 * in logical order, each where layout_caret_x draws it (Right is the next
 * grapheme), wrapped at spaces or not. */
static void test_stops_ltr_unchanged(Fx *fx, gconstpointer data)
{
  Document *doc = doc_with(&fx->f, "office na\xc3\xafve e\xcc\x81t\xc3\xa9 👍🏽 🇫🇷 a\tb "
                                   "and a longwordthatmustbecutsomewhere");
  static const int widths[] = {10000, 120, 40};
  guint32 len;
  const char *text = document_paragraph_text(doc, 0, &len);
  for (guint w = 0; w < G_N_ELEMENTS(widths); w++) {
    LaidOut out;
    laid_out_init_places(&out);
    layout_paragraph(fx->f.layout, doc, 0, widths[w], 0, 0, NULL, &out);
    for (guint l = 0; l < out.lines->len; l++) {
      g_autoptr(GArray) want = line_boundaries(fx, text, len, line_of(&out, l));
      g_autoptr(GArray) sorted = NULL;
      g_autoptr(GArray) stops = stops_of(fx, doc, 0, &out, l, &sorted);
      g_assert_cmpuint(stops->len, ==, want->len);
      for (guint i = 0; i < stops->len; i++) {
        const CaretStop *s = &g_array_index(stops, CaretStop, i);
        g_assert_cmpuint(s->offset, ==, g_array_index(want, guint32, i));
        g_assert_cmpint((s->x + 32) >> 6, ==,
                        layout_caret_x(fx->f.layout, doc, 0, &out, l, s->offset));
      }
    }
    laid_out_free(&out, fx->f.factory);
  }
  document_free(doc);
}

/* The one glyph of لا (lam alef): its two graphemes split its advance, the
 * caret between them in the middle, lam (first) on the right. */
static const GlyphPlace *lam_alef(Fx *fx, Document **doc, LaidOut *out)
{
  *doc = doc_with(&fx->f, "لا");
  laid_out_init_places(out);
  layout_paragraph(fx->f.layout, *doc, 0, 10000, 0, 0, NULL, out);
  g_assert_cmpuint(out->places->len, ==, 1); /* DejaVu Sans: uniFEFB */
  return place_of(out, 0);
}

static void test_stops_split_lam_alef(Fx *fx, gconstpointer data)
{
  Document *doc;
  LaidOut out;
  const GlyphPlace *lig = lam_alef(fx, &doc, &out);
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(GArray) stops = stops_of(fx, doc, 0, &out, 0, &sorted);
  g_assert_cmpuint(stops->len, ==, 3);
  static const guint32 offsets[] = {4, 2, 0}; /* left to right: after alef, between, before lam */
  for (guint i = 0; i < 3; i++) {
    const CaretStop *s = &g_array_index(stops, CaretStop, i);
    g_assert_cmpuint(s->offset, ==, offsets[i]);
    g_assert_cmpint(s->x, ==, lig->x + lig->advance * (gint64)i / 2);
  }
  laid_out_free(&out, fx->f.factory);
  document_free(doc);
}

/* ---------------------------------------------------------------- selection */

/* The selection's spans of line 0, merged where they touch, into @ranges
 * (pairs of 26.6 x). */
static GArray *selected_ranges(Fx *fx, const Document *doc, const LaidOut *out, guint32 start,
                               guint32 end)
{
  g_autoptr(GArray) spans = g_array_new(FALSE, FALSE, sizeof(SelectedSpan));
  const LaidLine *L = line_of(out, 0);
  layout_selection_spans(fx->f.layout, doc, 0, place_of(out, L->first), L->count, L->end, start,
                         end, spans);
  GArray *ranges = g_array_new(FALSE, FALSE, sizeof(int32_t));
  for (guint i = 0; i < spans->len; i++) {
    const SelectedSpan *s = &g_array_index(spans, SelectedSpan, i);
    if (ranges->len > 0 && g_array_index(ranges, int32_t, ranges->len - 1) == s->x0) {
      g_array_index(ranges, int32_t, ranges->len - 1) = s->x1;
      continue;
    }
    g_array_append_val(ranges, s->x0);
    g_array_append_val(ranges, s->x1);
  }
  return ranges;
}

static void assert_range(const GArray *ranges, guint i, int x0, int x1)
{
  g_assert_cmpuint(ranges->len, >, 2 * i + 1);
  g_assert_cmpint((g_array_index(ranges, int32_t, 2 * i) + 32) >> 6, ==, x0);
  g_assert_cmpint((g_array_index(ranges, int32_t, 2 * i + 1) + 32) >> 6, ==, x1);
}

/* "abc שלום def" with "c ש" selected (bytes 2..6): c and the space on the
 * left of the Hebrew word, ש at its right end, each range from caret to
 * caret; ם ו ל between them are not selected. */
static void test_selection_across_direction(Fx *fx, gconstpointer data)
{
  TestFonts *f = &fx->f;
  Document *doc = doc_with(f, "abc שלום def");
  LaidOut out;
  lay_out(f, doc, 0, 10000, &out);
  g_autoptr(GArray) ranges = selected_ranges(fx, doc, &out, 2, 6);
  g_assert_cmpuint(ranges->len, ==, 4);
  assert_range(ranges, 0, layout_caret_x(f->layout, doc, 0, &out, 0, 2),
               layout_caret_side_x(f->layout, doc, 0, &out, 0, 4, CARET_UPSTREAM));
  assert_range(ranges, 1, layout_caret_side_x(f->layout, doc, 0, &out, 0, 6, CARET_UPSTREAM),
               layout_caret_x(f->layout, doc, 0, &out, 0, 4));
  /* and across both changes: from "c" to "d" is the whole middle */
  g_autoptr(GArray) all = selected_ranges(fx, doc, &out, 2, 14);
  g_assert_cmpuint(all->len, ==, 2);
  assert_range(all, 0, layout_caret_x(f->layout, doc, 0, &out, 0, 2),
               layout_caret_side_x(f->layout, doc, 0, &out, 0, 14, CARET_UPSTREAM));
  laid_out_free(&out, f->factory);
  document_free(doc);
}

/* Half of a ligature selected is half of its glyph: lam (the right half of
 * لا), alef (the left), the first f of "ffi" (its first third). */
static void test_selection_splits_ligature(Fx *fx, gconstpointer data)
{
  Document *doc;
  LaidOut out;
  const GlyphPlace *lig = lam_alef(fx, &doc, &out);
  int32_t mid = lig->x + lig->advance / 2, x1 = lig->x + lig->advance;
  g_autoptr(GArray) lam = selected_ranges(fx, doc, &out, 0, 2);
  g_autoptr(GArray) alef = selected_ranges(fx, doc, &out, 2, 4);
  assert_range(lam, 0, (mid + 32) >> 6, (x1 + 32) >> 6);
  assert_range(alef, 0, (lig->x + 32) >> 6, (mid + 32) >> 6);
  g_assert_cmpuint(lam->len + alef->len, ==, 4);
  laid_out_free(&out, fx->f.factory);
  document_free(doc);
  doc = doc_with(&fx->f, "office");
  laid_out_init_places(&out);
  layout_paragraph(fx->f.layout, doc, 0, 10000, 0, 0, NULL, &out);
  lig = place_of(&out, 1); /* ffi */
  g_autoptr(GArray) first_f = selected_ranges(fx, doc, &out, 1, 2);
  g_assert_cmpuint(first_f->len, ==, 2);
  assert_range(first_f, 0, (lig->x + 32) >> 6, (lig->x + lig->advance / 3 + 32) >> 6);
  laid_out_free(&out, fx->f.factory);
  document_free(doc);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, func) g_test_add(path, Fx, NULL, fx_init, func, fx_clear)
  ADD("/layout/line/positions", test_one_line_positions);
  ADD("/layout/wrap/spaces", test_wraps_at_spaces);
  ADD("/layout/kerning", test_kerning_applied);
  ADD("/layout/styles/line-height", test_mixed_styles_line_height);
  ADD("/layout/styles/tall-fallback", test_tall_fallback_line_height);
  ADD("/layout/breaks/english-licences", test_breaks_english_licences);
  ADD("/layout/breaks/catalogues", test_breaks_catalogues);
  ADD("/layout/breaks/forced-only-in-long-words", test_forced_only_in_long_words);
  ADD("/layout/breaks/no-line-starts-with-closing", test_no_line_starts_with_closing);
  ADD("/layout/breaks/long-word-graphemes", test_long_word_graphemes);
  ADD("/layout/breaks/long-runs-without-opportunity", test_long_runs_without_opportunity);
  ADD("/layout/tabs/stops", test_tab_stops);
  ADD("/layout/rtl/right-aligned", test_rtl_paragraph_right_aligned);
  ADD("/layout/rtl/flush-left-without-wrap", test_rtl_flush_left);
  ADD("/layout/rtl/facts-follow-edits", test_bidi_facts_follow_edits);
  ADD("/layout/rtl/arabic-run-visual-order", test_arabic_run_in_english);
  ADD("/layout/rtl/brackets-mirrored", test_brackets_mirrored);
  ADD("/layout/rtl/order-as-fribidi", test_bidi_order_as_fribidi);
  ADD("/layout/caret/scripts", test_caret_in_scripts);
  ADD("/layout/caret/ligature-thirds", test_caret_splits_ligature);
  ADD("/layout/caret/beside-text", test_click_beside_text);
  ADD("/layout/caret/stops/every-boundary-once", test_stops_visit_every_boundary);
  ADD("/layout/caret/stops/scripts", test_stops_in_scripts);
  ADD("/layout/caret/stops/ltr-unchanged", test_stops_ltr_unchanged);
  ADD("/layout/caret/stops/lam-alef", test_stops_split_lam_alef);
  ADD("/layout/selection/across-direction", test_selection_across_direction);
  ADD("/layout/selection/half-ligature", test_selection_splits_ligature);
#undef ADD
  return g_test_run();
}
