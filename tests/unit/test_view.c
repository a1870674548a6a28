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
  g_assert_cmpuint(view_drawn_glyph_bytes(view), ==,
                   view_drawn_glyph_count(view) * sizeof(DrawnGlyph));
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

/* ---------------------------------------------------------------- incremental re-wrap */

#define REWRAP_WIDTH 420
#define REWRAP_EDITS 250

/* A random piece of text without line breaks: words, runs of spaces, tabs,
 * an accented or CJK letter now and then, and sometimes a word longer than a
 * line (which wraps where it overflows). */
static void random_text(GString *out, guint words)
{
  static const char *const extras[] = {"\xc3\xa9", "\xe6\xbc\xa2", "AV", "To", "fi"};
  for (guint w = 0; w < words; w++) {
    gint32 kind = g_test_rand_int_range(0, 100);
    gint32 n = kind < 3 ? g_test_rand_int_range(60, 200) : g_test_rand_int_range(1, 11);
    for (gint32 i = 0; i < n; i++) {
      if (g_test_rand_int_range(0, 40) == 0)
        g_string_append(out, extras[g_test_rand_int_range(0, G_N_ELEMENTS(extras))]);
      else
        g_string_append_c(out, (char)g_test_rand_int_range('a', 'z' + 1));
    }
    gint32 sep = g_test_rand_int_range(0, 100);
    g_string_append(out, sep < 80 ? " " : sep < 90 ? "  " : sep < 96 ? "\t" : " \t ");
  }
}

/* A character boundary of @para near @offset. */
static guint32 boundary(Document *doc, guint32 para, guint32 offset)
{
  return document_clamp(doc, (DocPos){para, offset}).offset;
}

/* The view's kept starts equal @starts (from layout_measure): every start is
 * a line start, the character before it lies on the line before, and the
 * paragraph's end lies on the last line. With the height, that pins the list. */
static void assert_line_starts(View *view, Document *doc, guint32 para, const GArray *starts)
{
  guint32 prev = 0, len;
  document_paragraph_text(doc, para, &len);
  for (guint i = 0; i < starts->len; i++) {
    guint32 s = g_array_index(starts, guint32, i);
    g_assert_cmpuint(view_line_start(view, (DocPos){para, s}).offset, ==, s);
    DocPos before = document_prev_char(doc, (DocPos){para, s});
    g_assert_cmpuint(view_line_start(view, before).offset, ==, prev);
    prev = s;
  }
  g_assert_cmpuint(view_line_start(view, (DocPos){para, len}).offset, ==, prev);
}

/* What is on screen in @view equals what a new view of the same document,
 * scrolled to the same place, shows: the same pieces and the same records. */
static void assert_same_screen(View *view, Document *doc)
{
  View *fresh = view_new(doc, view_width(view), view_height(view));
  view_measure_all(fresh);
  g_assert_cmpuint(view_total_height(view), ==, view_total_height(fresh));
  for (guint32 p = 0; p < document_paragraph_count(doc); p++)
    g_assert_cmpuint(view_paragraph_y(view, p), ==, view_paragraph_y(fresh, p));
  view_scroll_to(fresh, (gint64)view_scroll_y(view));
  guint n, n_fresh;
  const ViewPiece *a = view_visible(view, &n);
  const ViewPiece *b = view_visible(fresh, &n_fresh);
  g_assert_cmpuint(view_scroll_y(view), ==, view_scroll_y(fresh));
  g_assert_cmpuint(n, ==, n_fresh);
  g_assert_cmpuint(n, >, 0);
  for (guint i = 0; i < n; i++) {
    g_assert_cmpuint(a[i].para, ==, b[i].para);
    g_assert_cmpuint(a[i].first_line, ==, b[i].first_line);
    g_assert_cmpuint(a[i].from, ==, b[i].from);
    g_assert_cmpint(a[i].top, ==, b[i].top);
    g_assert_cmpuint(a[i].n_glyphs, ==, b[i].n_glyphs);
    for (guint g = 0; g < a[i].n_glyphs; g++) {
      g_assert_true(a[i].glyphs[g].glyph == b[i].glyphs[g].glyph);
      g_assert_cmpint(a[i].glyphs[g].x, ==, b[i].glyphs[g].x);
      g_assert_cmpint(a[i].glyphs[g].y, ==, b[i].glyphs[g].y);
    }
  }
  view_free(fresh);
}

/* Where the next edit goes: half the time on screen (the cached records must
 * be dropped), otherwise anywhere in the paragraph. */
static guint32 edit_offset(View *view, Document *doc, guint32 para)
{
  guint32 len;
  document_paragraph_text(doc, para, &len);
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    if (pieces[i].para == para && g_test_rand_bit())
      return boundary(doc, para, MIN(len, pieces[i].from + (guint32)g_test_rand_int_range(0, 400)));
  return boundary(doc, para, (guint32)g_test_rand_int_range(0, (gint32)len + 1));
}

/* One random edit inside @para: typing or pasting, deleting, or restyling. */
static void random_edit(View *view, Document *doc, guint32 para, const StyleId *styles)
{
  guint32 len;
  document_paragraph_text(doc, para, &len);
  guint32 at = edit_offset(view, doc, para);
  StyleId style = styles[g_test_rand_int_range(0, 3)];
  gint32 op = g_test_rand_int_range(0, 3);
  if (op == 0) {
    g_autoptr(GString) text = g_string_new(NULL);
    if (g_test_rand_bit())
      g_string_append_c(text, g_test_rand_bit() ? ' ' : (char)g_test_rand_int_range('a', 'z' + 1));
    else
      random_text(text, (guint)g_test_rand_int_range(1, 30));
    g_assert_true(
        document_insert(doc, (DocPos){para, at}, text->str, (gssize)text->len, style, NULL, NULL));
    return;
  }
  guint32 span = g_test_rand_bit() ? 1 : (guint32)g_test_rand_int_range(1, 600);
  guint32 end = boundary(doc, para, MIN(len, at + span));
  if (op == 1)
    document_delete(doc, (DocPos){para, at}, (DocPos){para, end});
  else
    document_restyle(doc, (DocPos){para, at}, (DocPos){para, end}, style);
}

static void rewrap_matches_full_measure(gconstpointer data)
{
  const bool sharing = GPOINTER_TO_INT(data);
  TestFonts f;
  test_fonts_init(&f);
  g_autoptr(GError) error = NULL;
  Typeface *serif = typeface_set_lookup(f.set, "DejaVu Serif", &error);
  g_assert_no_error(error);
  const StyleId styles[3] = {f.style, glyph_factory_style(f.factory, f.sans, 24),
                             glyph_factory_style(f.factory, serif, 13)};
  Document *doc = document_new(f.factory, f.style);
  g_autoptr(GString) text = g_string_new(NULL);
  random_text(text, 24000);
  document_append_paragraph(doc, "before", 6, LINE_END_LF, NULL);
  document_append_paragraph(doc, text->str, text->len, LINE_END_LF, NULL);
  document_append_paragraph(doc, "after", 5, LINE_END_NONE, NULL);
  g_assert_true(document_set_sharing(doc, sharing, G_MAXUINT64, NULL));
  View *view = view_new(doc, REWRAP_WIDTH, 500);
  view_measure_all(view);
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_assert_cmpuint(layout_measure(doc, 1, REWRAP_WIDTH, starts), >, 2000);
  view_scroll_to(view, (gint64)view_paragraph_y(view, 1) + 1000 * line_height(&f));
  for (guint e = 0; e < REWRAP_EDITS; e++) {
    if (e % 50 == 49) /* somewhere else now and then: above, inside, the end */
      view_scroll_to(view,
                     g_test_rand_int_range(0, (gint32)MIN(view_total_height(view), G_MAXINT32)));
    random_edit(view, doc, 1, styles);
    g_array_set_size(starts, 0);
    guint32 lines = layout_measure(doc, 1, REWRAP_WIDTH, starts);
    g_assert_cmpuint(view_paragraph_y(view, 2) - view_paragraph_y(view, 1), ==,
                     (guint64)lines * document_paragraph_line_height(doc, 1));
    assert_line_starts(view, doc, 1, starts);
    assert_same_screen(view, doc);
  }
  g_assert_true(document_check_refcounts(doc, &error));
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* A paragraph that drops to few lines stops keeping its starts and grows
 * back; heights and the screen stay those of a full measure throughout. */
static void test_rewrap_shrink_and_grow(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  g_autoptr(GString) text = g_string_new(NULL);
  for (guint i = 0; i < 150; i++)
    g_string_append(text, "several short words fill a line ");
  document_append_paragraph(doc, text->str, text->len, LINE_END_NONE, NULL);
  View *view = view_new(doc, 200, 300);
  view_measure_all(view);
  g_assert_cmpuint(view_total_height(view) / line_height(&f), >, 100);
  assert_same_screen(view, doc);
  /* down to a few lines, then a character at a time up past the limit again */
  document_delete(doc, (DocPos){0, 100}, (DocPos){0, (guint32)text->len - 100});
  g_assert_cmpuint(view_total_height(view) / line_height(&f), <, 10);
  assert_same_screen(view, doc);
  for (guint i = 0; i < 120; i++) {
    document_insert(doc, (DocPos){0, 50}, i % 5 == 4 ? " " : "w", -1, f.style, NULL, NULL);
    if (i % 10 == 0)
      assert_same_screen(view, doc);
  }
  document_insert(doc, (DocPos){0, 50}, text->str, (gssize)text->len, f.style, NULL, NULL);
  g_assert_cmpuint(view_total_height(view) / line_height(&f), >, 100);
  assert_same_screen(view, doc);
  /* a long word glued to its neighbour by deleting the space: lines merge */
  document_delete(doc, (DocPos){0, 7}, (DocPos){0, 8});
  assert_same_screen(view, doc);
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
  g_test_add_data_func("/view/edit/rewrap-matches-full-measure/flyweight-on", GINT_TO_POINTER(1),
                       rewrap_matches_full_measure);
  g_test_add_data_func("/view/edit/rewrap-matches-full-measure/flyweight-off", GINT_TO_POINTER(0),
                       rewrap_matches_full_measure);
  g_test_add_func("/view/edit/rewrap-shrink-and-grow", test_rewrap_shrink_and_grow);
  return g_test_run();
}
