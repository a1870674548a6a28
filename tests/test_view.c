/* test_view.c — heights, scrolling, visible records, hit testing, edits. */
#include "view.h"
#include "testutil.h"

#include <string.h>

static Document *prose(TestFonts *f, guint paragraphs)
{
  Document *doc = document_new(f->factory, f->style);
  for (guint i = 0; i < paragraphs; i++) {
    g_autofree char *line =
        g_strdup_printf("Paragraph %u says that glyph objects are shared between characters.", i);
    document_append_paragraph(doc, line, strlen(line), LINE_END_LF, NULL);
  }
  return doc;
}

static int line_height(TestFonts *f)
{
  return glyph_factory_style_info(f->factory, f->style)->line_height;
}

static void test_heights_and_total(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 1000);
  View *view = view_new(doc, 4000, 600);
  g_assert_true(view_measure_all(view));
  g_assert_cmpfloat(view_progress(view), ==, 1.0);
  g_assert_cmpuint(view_total_height(view), ==, 1000u * line_height(&f));
  /* narrower: every paragraph wraps to more lines */
  view_set_size(view, 150, 600);
  g_assert_cmpfloat(view_progress(view), <, 1.0);
  g_assert_true(view_measure_all(view));
  g_assert_cmpuint(view_total_height(view), >, 2000u * line_height(&f));
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_incremental_measuring(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 5000);
  View *view = view_new(doc, 300, 400);
  g_assert_false(view_measure_step(view, 10000));
  double p = view_progress(view);
  g_assert_cmpfloat(p, >, 0.0);
  g_assert_cmpfloat(p, <, 1.0);
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  g_assert_cmpuint(n, >, 0);
  g_assert_cmpuint(pieces[0].para, ==, 0);
  while (!view_measure_step(view, 10000))
    ;
  g_assert_cmpfloat(view_progress(view), ==, 1.0);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_only_screen_is_laid_out(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 20000);
  View *view = view_new(doc, 800, 600);
  view_measure_all(view);
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  guint64 drawn = 0;
  for (guint i = 0; i < n; i++)
    drawn += pieces[i].n_glyphs;
  g_assert_cmpuint(drawn, >, 0);
  g_assert_cmpuint(view_drawn_glyph_count(view), ==, drawn);
  g_assert_cmpuint(view_drawn_glyph_count(view), <, document_char_count(doc) / 100);
  /* scroll to the end: what was on screen at the top is dropped */
  view_scroll_to(view, (gint64)view_total_height(view));
  pieces = view_visible(view, &n);
  g_assert_cmpuint(pieces[n - 1].para, ==, 19999);
  g_assert_cmpuint(view_drawn_glyph_count(view), <, 3 * drawn);
  g_assert_cmpuint(view_drawn_glyph_bytes(view), ==, view_drawn_glyph_count(view) * sizeof(DrawnGlyph));
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_hit_testing_round_trip(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 50);
  View *view = view_new(doc, 250, 400);
  view_measure_all(view);
  for (guint32 para = 0; para < 5; para++) {
    guint32 len;
    document_paragraph_text(doc, para, &len);
    for (guint32 off = 0; off < len; off += 7) {
      DocPos pos = {para, off};
      int x, lh;
      gint64 top;
      g_assert_true(view_point_of_pos(view, pos, &x, &top, &lh));
      DocPos back = view_pos_at_point(view, x + 1, (int)top + lh / 2);
      g_assert_cmpuint(back.para, ==, pos.para);
      g_assert_cmpuint(back.offset, ==, pos.offset);
    }
  }
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_lines_and_moves(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 3);
  View *view = view_new(doc, 200, 400);
  view_measure_all(view);
  DocPos start = view_line_start(view, (DocPos){0, 20});
  DocPos end = view_line_end(view, (DocPos){0, 20});
  g_assert_cmpuint(start.offset, <=, 20);
  g_assert_cmpuint(end.offset, >=, 20);
  int x, lh;
  gint64 top, top2;
  view_point_of_pos(view, (DocPos){0, 0}, &x, &top, &lh);
  DocPos down = view_move_lines(view, (DocPos){0, 0}, 1, 0);
  view_point_of_pos(view, down, &x, &top2, &lh);
  g_assert_cmpint(top2, ==, top + lh);
  DocPos up = view_move_lines(view, down, -1, 0);
  g_assert_cmpuint(up.para, ==, 0);
  g_assert_cmpuint(up.offset, ==, 0);
  /* far down crosses paragraphs and stops at the last line */
  DocPos last = view_move_lines(view, (DocPos){0, 0}, 1000, 0);
  g_assert_cmpuint(last.para, ==, 2);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_edit_relays_and_keeps_counts(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 100);
  View *view = view_new(doc, 300, 400);
  view_measure_all(view);
  guint64 total = view_total_height(view);
  guint n;
  view_visible(view, &n);
  document_insert(doc, (DocPos){1, 0}, "new\nparagraphs\nhere\n", -1, f.style, NULL, NULL);
  g_assert_cmpfloat(view_progress(view), ==, 1.0); /* small edits are measured at once */
  g_assert_cmpuint(view_total_height(view), ==, total + 3u * line_height(&f));
  const ViewPiece *pieces = view_visible(view, &n);
  g_assert_cmpuint(pieces[1].para, ==, 1);
  g_assert_cmpuint(pieces[1].n_glyphs, ==, 3);
  document_delete(doc, (DocPos){1, 0}, (DocPos){4, 0});
  g_assert_cmpuint(view_total_height(view), ==, total);
  /* a flyweight toggle drops the records that pointed at shared glyphs */
  document_set_sharing(doc, false, G_MAXUINT64, NULL);
  pieces = view_visible(view, &n);
  g_assert_true(pieces[0].glyphs[0].glyph->flags & GLYPH_PRIVATE);
  document_set_sharing(doc, true, 0, NULL);
  pieces = view_visible(view, &n);
  g_assert_false(pieces[0].glyphs[0].glyph->flags & GLYPH_PRIVATE);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_long_paragraph_middle(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  GString *line = g_string_new(NULL);
  while (line->len < 2000000)
    g_string_append(line, "word after word without any newline ");
  document_append_paragraph(doc, line->str, line->len, LINE_END_NONE, NULL);
  View *view = view_new(doc, 800, 600);
  view_measure_all(view);
  guint64 total = view_total_height(view);
  g_assert_cmpuint(total / line_height(&f), >, 10000);
  view_scroll_to(view, (gint64)total / 2);
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  g_assert_cmpuint(n, ==, 1);
  g_assert_cmpuint(pieces[0].first_line, >, 5000);
  g_assert_cmpuint(pieces[0].from, >, 500000);
  /* only about a screen of records, not the whole paragraph */
  g_assert_cmpuint(pieces[0].n_glyphs, <, 5000);
  g_assert_cmpint(pieces[0].top, <=, 0);
  g_string_free(line, TRUE);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/view/heights/total", test_heights_and_total);
  g_test_add_func("/view/heights/incremental", test_incremental_measuring);
  g_test_add_func("/view/drawn/screen-only", test_only_screen_is_laid_out);
  g_test_add_func("/view/hit/round-trip", test_hit_testing_round_trip);
  g_test_add_func("/view/lines/moves", test_lines_and_moves);
  g_test_add_func("/view/edit/relayout", test_edit_relays_and_keeps_counts);
  g_test_add_func("/view/long-paragraph/middle", test_long_paragraph_middle);
  return g_test_run();
}
