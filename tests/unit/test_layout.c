/* test_layout.c — wrapping, tab stops, kerning, one record per character. */
#include "layout.h"
#include "testutil.h"

#include <string.h>

static Document *doc_with(TestFonts *f, const char *text)
{
  Document *doc = document_new(f->factory, f->style);
  document_insert(doc, document_start(doc), text, -1, f->style, NULL, NULL);
  return doc;
}

static int advance_of(TestFonts *f, gunichar cp)
{
  return glyph_factory_lookup(f->factory, cp, f->style)->advance;
}

static void test_one_line_positions(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = doc_with(&f, "abc");
  g_autoptr(GArray) drawn = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  g_assert_cmpuint(layout_measure(doc, 0, 1000, NULL), ==, 1);
  g_assert_cmpuint(layout_paragraph(doc, 0, 1000, 0, 0, drawn), ==, 3);
  g_assert_cmpuint(drawn->len, ==, 3);
  const DrawnGlyph *d = (const DrawnGlyph *)drawn->data;
  g_assert_cmpint(d[0].x, ==, 0);
  g_assert_cmpint(d[1].x, ==, advance_of(&f, 'a'));
  g_assert_cmpint(d[2].x, ==, advance_of(&f, 'a') + advance_of(&f, 'b'));
  g_assert_cmpint(d[0].y, ==, glyph_factory_style_info(f.factory, f.style)->ascent);
  g_assert_true(d[1].glyph == glyph_factory_lookup(f.factory, 'b', f.style));
  g_assert_cmpuint(sizeof(DrawnGlyph), <=, 16);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_wraps_at_spaces(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = doc_with(&f, "aaa bbb ccc");
  int word = 3 * advance_of(&f, 'a'), space = advance_of(&f, ' ');
  /* room for two words but not three */
  int width = 2 * word + space + space / 2;
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_assert_cmpuint(layout_measure(doc, 0, width, starts), ==, 2);
  g_assert_cmpuint(g_array_index(starts, guint32, 0), ==, 8);
  g_autoptr(GArray) drawn = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  layout_paragraph(doc, 0, width, 0, 0, drawn);
  g_assert_cmpuint(drawn->len, ==, 11);
  const DrawnGlyph *c = &g_array_index(drawn, DrawnGlyph, 8);
  int lh = glyph_factory_style_info(f.factory, f.style)->line_height;
  g_assert_cmpint(c->x, ==, 0);
  g_assert_cmpint(c->y, ==, g_array_index(drawn, DrawnGlyph, 0).y + lh);
  /* only the second line, from its start */
  g_array_set_size(drawn, 0);
  g_assert_cmpuint(layout_paragraph(doc, 0, width, 8, 1, drawn), ==, 11);
  g_assert_cmpuint(drawn->len, ==, 3);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_long_word_breaks(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = doc_with(&f, "abcdefghijklmnopqrstuvwxyz");
  int width = advance_of(&f, 'm') * 5, total = 0;
  for (gunichar c = 'a'; c <= 'z'; c++)
    total += advance_of(&f, c);
  guint32 lines = layout_measure(doc, 0, width, NULL);
  g_assert_cmpuint(lines, >=, (guint32)((total + width - 1) / width));
  g_assert_cmpuint(lines, >, 1);
  g_autoptr(GArray) drawn = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  layout_paragraph(doc, 0, width, 0, 0, drawn);
  for (guint i = 0; i < drawn->len; i++) {
    const DrawnGlyph *d = &g_array_index(drawn, DrawnGlyph, i);
    g_assert_cmpint(d->x + d->glyph->advance, <=, width);
  }
  /* narrower than one character: still progresses, one per line */
  g_assert_cmpuint(layout_measure(doc, 0, 1, NULL), ==, 26);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_tab_stops(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = doc_with(&f, "a\tb\t\tc");
  g_autoptr(GArray) drawn = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  layout_paragraph(doc, 0, 10000, 0, 0, drawn);
  int stop = advance_of(&f, ' ') * LAYOUT_TAB_COLUMNS;
  g_assert_cmpint(g_array_index(drawn, DrawnGlyph, 2).x, ==, stop);
  g_assert_cmpint(g_array_index(drawn, DrawnGlyph, 5).x, ==, 3 * stop);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_kerning_applied(void)
{
  TestFonts f;
  test_fonts_init(&f);
  if (!typeface_has_kerning(f.sans)) {
    g_test_skip("no kern table in this DejaVu Sans");
    test_fonts_clear(&f);
    return;
  }
  Document *doc = doc_with(&f, "AVAx");
  g_autoptr(GArray) drawn = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  layout_paragraph(doc, 0, 10000, 0, 0, drawn);
  /* V sits closer to A than A's advance */
  g_assert_cmpint(g_array_index(drawn, DrawnGlyph, 1).x, <, advance_of(&f, 'A'));
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_mixed_styles_line_height(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 40);
  Document *doc = doc_with(&f, "small BIG");
  document_restyle(doc, (DocPos){0, 6}, (DocPos){0, 9}, big);
  g_assert_cmpint(document_paragraph_line_height(doc, 0), ==,
                  glyph_factory_style_info(f.factory, big)->line_height);
  g_autoptr(GArray) drawn = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  layout_paragraph(doc, 0, 10000, 0, 0, drawn);
  /* one baseline for the line, at the big style's ascent */
  g_assert_cmpint(g_array_index(drawn, DrawnGlyph, 0).y, ==, g_array_index(drawn, DrawnGlyph, 7).y);
  g_assert_cmpint(g_array_index(drawn, DrawnGlyph, 7).y, ==,
                  glyph_factory_style_info(f.factory, big)->ascent);
  g_assert_true(g_array_index(drawn, DrawnGlyph, 7).glyph->px == 40);
  document_free(doc);
  test_fonts_clear(&f);
}

/* ---------------------------------------------------------------- reference
 * layout_* take shortcuts for speed (one iterator for the paragraph, per-style
 * caches, table kerning). The reference below is the plain algorithm, each
 * character's style and glyph found through other public calls, so that the
 * fast path cannot silently change a single position. */

typedef struct {
  guint32 offset;
  gunichar cp;
  const Glyph *glyph;
} RefChar;

typedef struct {
  guint kerned; /* pairs that got a non-zero kerning */
  guint tabs;   /* tab characters placed */
} RefCounts;

/* Every character of @para with the glyph it should have: the shared glyph of
 * its key, or (flyweight off) its own private one, found from its position. */
static GArray *ref_chars(const Document *doc, guint32 para)
{
  GArray *chars = g_array_new(FALSE, FALSE, sizeof(RefChar));
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  GlyphFactory *factory = document_factory(doc);
  for (const char *s = text; s < text + len; s = g_utf8_next_char(s)) {
    DocPos pos = {para, (guint32)(s - text)};
    RefChar c = {pos.offset, g_utf8_get_char(s), NULL};
    StyleId style = document_style_at(doc, pos);
    if (document_get_sharing(doc)) {
      c.glyph = glyph_factory_lookup(factory, c.cp, style);
    } else {
      c.glyph = document_glyph_at(doc, pos);
      g_assert_true(c.glyph->flags & GLYPH_PRIVATE);
      g_assert_cmpuint(c.glyph->refcount, ==, 1);
    }
    g_assert_cmpuint(c.glyph->codepoint, ==, c.cp);
    g_assert_cmpuint(c.glyph->style, ==, style);
    g_array_append_val(chars, c);
  }
  return chars;
}

/* The pen's advance for @g after @prev on a line at @pen (kerning applied to *pen). */
static int ref_advance(const GlyphFactory *factory, const Glyph *prev, const Glyph *g, int *pen,
                       RefCounts *counts)
{
  if (g->codepoint == '\t') {
    int stop = glyph_factory_style_info(factory, g->style)->space_advance * LAYOUT_TAB_COLUMNS;
    stop = MAX(stop, 1);
    counts->tabs++;
    return stop - *pen % stop;
  }
  if (prev != NULL && prev->style == g->style && prev->glyph_index != 0 && g->glyph_index != 0 &&
      typeface_has_kerning(g->typeface)) {
    int32_t k = typeface_kerning(g->typeface, g->px, prev->glyph_index, g->glyph_index);
    int px = (k >= 0 ? k + 32 : k - 32) / 64;
    counts->kerned += px != 0;
    *pen += px;
  }
  return g->advance;
}

static bool ref_is_space(gunichar cp)
{
  return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* Index of the first character of the line after the one starting at @first. */
static guint ref_line_end(const GlyphFactory *factory, const GArray *chars, guint first, int width,
                          RefCounts *counts)
{
  int pen = 0;
  const Glyph *prev = NULL;
  guint after_space = 0;
  for (guint i = first; i < chars->len; i++) {
    const RefChar *c = &g_array_index(chars, RefChar, i);
    RefCounts ignored = {0};
    int adv = ref_advance(factory, prev, c->glyph, &pen, &ignored);
    prev = c->glyph;
    if (ref_is_space(c->cp)) {
      pen += adv;
      after_space = i + 1;
    } else if (pen + adv > width && i > first) {
      return after_space ? after_space : i;
    } else {
      pen += adv;
    }
  }
  return chars->len;
}

/* Lays out the whole paragraph: @starts gets each line's first character index
 * (line 0 included), @drawn the records. */
static void ref_layout(const Document *doc, guint32 para, const GArray *chars, int width,
                       GArray *starts, GArray *drawn, RefCounts *counts)
{
  const GlyphFactory *factory = document_factory(doc);
  int line_height = document_paragraph_line_height(doc, para);
  guint n_runs;
  const StyleRun *runs = document_paragraph_runs(doc, para, &n_runs);
  int ascent = 0;
  for (guint r = 0; r < n_runs; r++)
    ascent = MAX(ascent, glyph_factory_style_info(factory, runs[r].style)->ascent);
  guint first = 0;
  for (int line = 0;; line++) {
    g_array_append_val(starts, first);
    guint end = ref_line_end(factory, chars, first, width, counts);
    int pen = 0;
    const Glyph *prev = NULL;
    for (guint i = first; i < end; i++) {
      const Glyph *g = g_array_index(chars, RefChar, i).glyph;
      int adv = ref_advance(factory, prev, g, &pen, counts);
      DrawnGlyph d = {(Glyph *)g, pen, ascent + line * line_height};
      g_array_append_val(drawn, d);
      pen += adv;
      prev = g;
    }
    if (end >= chars->len)
      break;
    first = end;
  }
}

static void assert_same_records(const GArray *got, const DrawnGlyph *want, guint n)
{
  g_assert_cmpuint(got->len, ==, n);
  for (guint i = 0; i < n; i++) {
    const DrawnGlyph *a = &g_array_index(got, DrawnGlyph, i), *b = &want[i];
    if (a->glyph != b->glyph || a->x != b->x || a->y != b->y)
      g_error("record %u: got U+%04X at (%d, %d), want U+%04X at (%d, %d)", i, a->glyph->codepoint,
              a->x, a->y, b->glyph->codepoint, b->x, b->y);
  }
}

/* Compares measuring and laying out @para at @width, whole and from each line,
 * with the reference. */
static void check_against_reference(const Document *doc, guint32 para, int width, RefCounts *counts)
{
  g_autoptr(GArray) chars = ref_chars(doc, para);
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint));
  g_autoptr(GArray) want = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  ref_layout(doc, para, chars, width, starts, want, counts);

  g_autoptr(GArray) got_starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_assert_cmpuint(layout_measure(doc, para, width, got_starts), ==, starts->len);
  g_assert_cmpuint(layout_measure(doc, para, width, NULL), ==, starts->len);
  for (guint l = 1; l < starts->len; l++) {
    guint idx = g_array_index(starts, guint, l);
    g_assert_cmpuint(g_array_index(got_starts, guint32, l - 1), ==,
                     g_array_index(chars, RefChar, idx).offset);
  }
  g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  guint32 len;
  document_paragraph_text(doc, para, &len);
  g_assert_cmpuint(layout_paragraph(doc, para, width, 0, 0, got), ==, len);
  assert_same_records(got, (const DrawnGlyph *)want->data, want->len);

  /* from the middle, one and two lines: y relative to the first line laid out */
  int lh = document_paragraph_line_height(doc, para);
  for (guint l = 0; l < starts->len; l++) {
    guint first = g_array_index(starts, guint, l);
    guint32 from = g_array_index(chars, RefChar, first).offset;
    guint end = l + 2 < starts->len ? g_array_index(starts, guint, l + 2) : chars->len;
    g_autoptr(GArray) piece = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
    g_array_append_vals(piece, &g_array_index(want, DrawnGlyph, first), end - first);
    for (guint i = 0; i < piece->len; i++)
      g_array_index(piece, DrawnGlyph, i).y -= (int32_t)l * lh;
    g_array_set_size(got, 0);
    guint32 stopped = layout_paragraph(doc, para, width, from, 2, got);
    guint32 want_stop = end < chars->len ? g_array_index(chars, RefChar, end).offset : len;
    g_assert_cmpuint(stopped, ==, want_stop);
    assert_same_records(got, (const DrawnGlyph *)piece->data, piece->len);
  }
}

/* ASCII and not, kerning pairs, tabs, an ideographic space, a long word, raw
 * bytes, and an emoji, in four style runs of three sizes and two faces (one
 * with kerning, one without), some runs starting mid-word. */
static Document *mixed_document(TestFonts *f, StyleId *big, StyleId *mono)
{
  g_autoptr(GError) error = NULL;
  Typeface *mono_face = typeface_set_lookup(f->set, "DejaVu Sans Mono", &error);
  g_assert_no_error(error);
  *big = glyph_factory_style(f->factory, f->sans, 23);
  *mono = glyph_factory_style(f->factory, mono_face, 13);
  StyleId small = glyph_factory_style(f->factory, f->sans, 9);
  const char *text =
      "AVATAR To Tyre, \"VA\"\tWAVY yo; caf\xc3\xa9 na\xc3\xafve "
      "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
      "\xe3\x80\x80LTA Fly\t\tP.Y. x\xf0\x9f\x98\x80y supercalifragilisticexpialidociousAVAVAV "
      "Kerning: AV, To, Ty, Wa, Yo, LT, P. and \xc3\x85V \xce\xa4\xce\xbf Te\tend";
  Document *doc = document_new(f->factory, f->style);
  g_assert_true(document_insert(doc, document_start(doc), text, -1, f->style, NULL, &error));
  g_assert_no_error(error);
  guint32 len;
  document_paragraph_text(doc, 0, &len);
  document_restyle(doc, (DocPos){0, 3}, (DocPos){0, 30}, *big);
  document_restyle(doc, (DocPos){0, 45}, (DocPos){0, 70}, *mono);
  document_restyle(doc, (DocPos){0, 80}, (DocPos){0, 84}, small);
  document_restyle(doc, (DocPos){0, 120}, (DocPos){0, len - 10}, *big);
  guint n_runs;
  document_paragraph_runs(doc, 0, &n_runs);
  g_assert_cmpuint(n_runs, >=, 6);
  return doc;
}

static void test_fast_path_matches_reference(void)
{
  TestFonts f;
  test_fonts_init(&f);
  if (!typeface_has_kerning(f.sans)) {
    g_test_skip("no kern table in this DejaVu Sans");
    test_fonts_clear(&f);
    return;
  }
  StyleId big, mono;
  Document *doc = mixed_document(&f, &big, &mono);
  /* a second paragraph of one style: the iterator's one-run case */
  document_insert(doc, document_end(doc), "\nAVA To\tVAT W.", -1, f.style, NULL, NULL);
  const int widths[] = {1, 37, 90, 160, 333, 100000};
  for (int sharing = 1; sharing >= 0; sharing--) {
    g_assert_true(document_set_sharing(doc, sharing, G_MAXUINT64, NULL));
    RefCounts counts = {0};
    for (guint32 p = 0; p < document_paragraph_count(doc); p++)
      for (guint w = 0; w < G_N_ELEMENTS(widths); w++)
        check_against_reference(doc, p, widths[w], &counts);
    /* the comparison covered what it claims to */
    g_assert_cmpuint(counts.kerned, >, 20);
    g_assert_cmpuint(counts.tabs, >, 10);
    g_assert_true(document_check_refcounts(doc, NULL));
  }
  document_free(doc);
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/layout/line/positions", test_one_line_positions);
  g_test_add_func("/layout/wrap/spaces", test_wraps_at_spaces);
  g_test_add_func("/layout/wrap/long-word", test_long_word_breaks);
  g_test_add_func("/layout/tabs", test_tab_stops);
  g_test_add_func("/layout/kerning", test_kerning_applied);
  g_test_add_func("/layout/styles/line-height", test_mixed_styles_line_height);
  g_test_add_func("/layout/fast-path/reference", test_fast_path_matches_reference);
  return g_test_run();
}
