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

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/layout/line/positions", test_one_line_positions);
  g_test_add_func("/layout/wrap/spaces", test_wraps_at_spaces);
  g_test_add_func("/layout/wrap/long-word", test_long_word_breaks);
  g_test_add_func("/layout/tabs", test_tab_stops);
  g_test_add_func("/layout/kerning", test_kerning_applied);
  g_test_add_func("/layout/styles/line-height", test_mixed_styles_line_height);
  return g_test_run();
}
