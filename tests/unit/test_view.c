/* test_view.c — heights, scrolling, the drawn glyphs on screen, hit testing,
 * moving the caret on screen (bidi, wrapped lines), selected spans,
 * re-wrapping after edits, the flyweight off, and reference counts. */
#include "view.h"
#include "testutil.h"

#include <string.h>

static Document *prose(TestFonts *f, guint paragraphs)
{
  Document *doc = document_new(f->factory, f->style);
  for (guint i = 0; i < paragraphs; i++) {
    g_autofree char *line =
        g_strdup_printf("Paragraph %u says that glyph objects are shared between characters.", i);
    g_assert_true(document_append_paragraph(doc, line, strlen(line), LINE_END_LF, NULL));
  }
  return doc;
}

/* Text in several scripts, one sample a paragraph: ligatures, marks and
 * conjuncts, dictionary-broken Thai, CJK, both directions, emoji. */
static const char *const scripts[] = {
    "The office of the official offers efficient affine waffles.",
    "हिन्दी में क्षत्रिय और प्रेम की कहानी लिखी गई है, क्षमा करें।",
    "اللغة العربية جميلة جدا (وهذه) جملة طويلة بالعربية.",
    "שלום עולם, זהו משפט ארוך בעברית עם 123 מספרים ו-abc.",
    "ภาษาไทยเป็นภาษาที่ไม่มีช่องว่างระหว่างคำ และมีวรรณยุกต์",
    "日本語の文章です。句読点、括弧「かぎ」も使います。",
    "Mixed: hello 123 עברית and كتاب (مفيد) end, 👨‍👩‍👧‍👦 🇫🇷 "
    "👍🏽.",
    "Punctuation at a change of direction: abc שלום. def, كتاب 123. كتاب!",
    "A word longer than a line: بالعربيةبالعربيةبالعربيةبالعربيةبالعربيةبالعربيةبالعربية.",
};

/* @n paragraphs cycling through the samples. */
static Document *many_scripts(TestFonts *f, guint n)
{
  Document *doc = document_new(f->factory, f->style);
  for (guint i = 0; i < n; i++) {
    const char *s = scripts[i % G_N_ELEMENTS(scripts)];
    g_assert_true(document_append_paragraph(doc, s, strlen(s), LINE_END_LF, NULL));
  }
  return doc;
}

static int line_height(TestFonts *f)
{
  return glyph_factory_style_info(f->factory, f->style)->line_height;
}

static void assert_refcounts(View *view)
{
  g_autoptr(GError) error = NULL;
  bool ok = view_check_refcounts(view, NULL, &error);
  g_assert_no_error(error); /* says which glyph */
  g_assert_true(ok);
}

/* The glyphs of what is on screen now. */
static guint64 on_screen_glyphs(View *view)
{
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  guint64 drawn = 0;
  for (guint i = 0; i < n; i++)
    drawn += pieces[i].n_glyphs;
  return drawn;
}

/* ---------------------------------------------------------------- heights */

static void test_heights_and_total(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 1000);
  View *view = view_new(doc, f.layout, 4000, 600);
  g_assert_true(view_measure_all(view));
  g_assert_cmpfloat(view_progress(view), ==, 1.0);
  g_assert_cmpuint(view_total_height(view), ==, 1000u * line_height(&f));
  /* narrower: every paragraph wraps to more lines */
  view_set_size(view, 150, 600);
  g_assert_cmpint(view_width(view), ==, 150);
  g_assert_cmpfloat(view_progress(view), <, 1.0);
  g_assert_true(view_measure_all(view));
  g_assert_cmpuint(view_total_height(view), >, 2000u * line_height(&f));
  /* the heights are layout_measure's */
  guint64 y = 0;
  for (guint32 p = 0; p < 1000; p += 97) {
    g_assert_cmpuint(view_paragraph_y(view, p + 1) - view_paragraph_y(view, p), ==,
                     (guint64)layout_measure(f.layout, doc, p, 150, NULL, NULL) * line_height(&f));
    g_assert_cmpuint(view_paragraph_y(view, p), >=, y);
    y = view_paragraph_y(view, p);
  }
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_incremental_measuring(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 5000);
  View *view = view_new(doc, f.layout, 300, 400);
  g_assert_false(view_measure_step(view, 10000));
  double p = view_progress(view);
  g_assert_cmpfloat(p, >, 0.0);
  g_assert_cmpfloat(p, <, 1.0);
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  g_assert_cmpuint(n, >, 0);
  g_assert_cmpuint(pieces[0].para, ==, 0);
  guint steps = 0;
  while (!view_measure_step(view, 10000)) {
    g_assert_cmpfloat(view_progress(view), >=, p); /* never goes back */
    p = view_progress(view);
    steps++;
  }
  g_assert_cmpuint(steps, >, 10);
  g_assert_cmpfloat(view_progress(view), ==, 1.0);
  /* the same heights as measuring at once */
  View *all = view_new(doc, f.layout, 300, 400);
  view_measure_all(all);
  g_assert_cmpuint(view_total_height(view), ==, view_total_height(all));
  view_free(all);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* ---------------------------------------------------------------- what is drawn */

static void test_only_screen_is_laid_out(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 20000);
  View *view = view_new(doc, f.layout, 800, 600);
  view_measure_all(view);
  guint64 drawn = on_screen_glyphs(view);
  g_assert_cmpuint(drawn, >, 1000);
  g_assert_cmpuint(view_drawn_glyph_count(view), ==, drawn);
  g_assert_cmpuint(view_drawn_glyph_count(view), <, document_char_count(doc) / 100);
  /* scroll to the end: what was on screen at the top is dropped */
  view_scroll_to(view, (gint64)view_total_height(view));
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  g_assert_cmpuint(pieces[n - 1].para, ==, 19999);
  g_assert_cmpuint(view_drawn_glyph_count(view), <, 3 * drawn);
  g_assert_cmpuint(view_drawn_glyph_bytes(view), ==,
                   view_drawn_glyph_count(view) * sizeof(DrawnGlyph));
  assert_refcounts(view);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Scrolling a screen at a time keeps the cached pieces to those near the
 * screen: the drawn glyphs stay about what is on screen, and a jump far away
 * drops the rest. */
static void test_cache_trimmed_while_scrolling(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = many_scripts(&f, 3000);
  View *view = view_new(doc, f.layout, 500, 400);
  view_measure_all(view);
  guint64 most = 0, screens = 0;
  for (gint64 y = 0; y < (gint64)view_total_height(view); y += 400, screens++) {
    view_scroll_to(view, y);
    guint64 visible = on_screen_glyphs(view);
    g_assert_cmpuint(visible, >, 0);
    g_assert_cmpuint(view_drawn_glyph_count(view), >=, visible);
    most = MAX(most, view_drawn_glyph_count(view) / visible);
    g_assert_cmpuint(view_drawn_glyph_count(view), <=, 8 * visible);
    if (screens % 50 == 0)
      assert_refcounts(view);
  }
  g_test_message("%" G_GUINT64_FORMAT " screens, at most %" G_GUINT64_FORMAT
                 "x the glyphs on screen cached",
                 screens, most);
  /* back to the top in one jump: the pieces at the end are dropped */
  view_scroll_to(view, 0);
  guint64 visible = on_screen_glyphs(view);
  g_assert_cmpuint(view_drawn_glyph_count(view), <=, 4 * visible);
  assert_refcounts(view);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Scrolling clamps, pieces tile the screen, and scroll_to_pos moves the least. */
static void test_scrolling(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = many_scripts(&f, 400);
  const int height = 300;
  View *view = view_new(doc, f.layout, 260, height);
  view_measure_all(view);
  guint64 total = view_total_height(view);
  view_scroll_to(view, -100);
  g_assert_cmpuint(view_scroll_y(view), ==, 0);
  view_scroll_to(view, (gint64)total * 2);
  g_assert_cmpuint(view_scroll_y(view), ==, total - height);
  for (gint64 y = 0; y < (gint64)total; y += 1237) {
    view_scroll_to(view, y);
    guint n;
    const ViewPiece *pieces = view_visible(view, &n);
    g_assert_cmpuint(n, >, 0);
    g_assert_cmpint(pieces[0].top, <=, 0);
    gint64 bottom = pieces[0].top;
    for (guint i = 0; i < n; i++) {
      int lh = document_paragraph_line_height(doc, pieces[i].para);
      g_assert_cmpint(pieces[i].top, ==, bottom); /* no gap, no overlap */
      g_assert_cmpint(pieces[i].top, ==,
                      (gint64)view_paragraph_y(view, pieces[i].para) +
                          (gint64)pieces[i].first_line * lh - (gint64)view_scroll_y(view));
      bottom = (gint64)view_paragraph_y(view, pieces[i].para + 1) - (gint64)view_scroll_y(view);
      if (i > 0)
        g_assert_cmpuint(pieces[i].para, ==, pieces[i - 1].para + 1);
    }
    g_assert_cmpint(bottom, >=, height);
  }
  /* a position below the screen: scrolled so that its line is the last one */
  view_scroll_to(view, 0);
  DocPos far = {200, 10};
  view_scroll_to_pos(view, far);
  int x, lh;
  gint64 top;
  g_assert_true(view_point_of_pos(view, far, &x, &top, &lh));
  g_assert_cmpint(top + lh, ==, height);
  /* already visible: nothing moves */
  guint64 y = view_scroll_y(view);
  view_scroll_to_pos(view, (DocPos){200, 0});
  g_assert_cmpuint(view_scroll_y(view), ==, y);
  /* above: its line at the top */
  view_scroll_to_pos(view, (DocPos){3, 0});
  g_assert_true(view_point_of_pos(view, (DocPos){3, 0}, &x, &top, &lh));
  g_assert_cmpint(top, ==, 0);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* ---------------------------------------------------------------- positions */

static void test_hit_testing_round_trip(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 50);
  View *view = view_new(doc, f.layout, 250, 400);
  view_measure_all(view);
  for (guint32 para = 0; para < 5; para++) {
    guint32 len;
    document_paragraph_text(doc, para, &len);
    for (guint32 off = 0; off < len; off++) {
      DocPos pos = {para, off};
      int x, lh;
      gint64 top;
      g_assert_true(view_point_of_pos(view, pos, &x, &top, &lh));
      DocPos back = view_pos_at_point(view, x, (int)top + lh / 2);
      g_assert_cmpuint(back.para, ==, pos.para);
      g_assert_cmpuint(back.offset, ==, pos.offset);
    }
  }
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* In every script, a click on a caret's place comes back to a grapheme
 * boundary whose caret is there too (at a change of direction two offsets
 * share a place). */
static void test_hit_testing_scripts(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = many_scripts(&f, G_N_ELEMENTS(scripts));
  View *view = view_new(doc, f.layout, 170, 600);
  view_measure_all(view);
  Segmenter *seg = layout_segmenter(f.layout);
  guint checked = 0;
  for (guint32 para = 0; para < document_paragraph_count(doc); para++) {
    guint32 len;
    const char *text = document_paragraph_text(doc, para, &len);
    for (gsize b = 0; b < len; b = segmenter_next_grapheme(seg, text, len, b)) {
      int x, lh, x2, lh2;
      gint64 top, top2;
      g_assert_true(view_point_of_pos(view, (DocPos){para, (guint32)b}, &x, &top, &lh));
      DocPos back = view_pos_at_point(view, x, (int)top + lh / 2);
      g_assert_cmpuint(back.para, ==, para);
      g_assert_true(segmenter_is_grapheme(seg, text, len, back.offset));
      g_assert_true(view_point_of_pos(view, back, &x2, &top2, &lh2));
      if (ABS(x2 - x) > 1 || top2 != top)
        g_error("para %u: the caret of %zu is at (%d, %" G_GINT64_FORMAT "), a click there "
                "gives %u, whose caret is at (%d, %" G_GINT64_FORMAT ")",
                para, b, x, top, back.offset, x2, top2);
      checked++;
    }
  }
  g_assert_cmpuint(checked, >, 200);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_lines_and_moves(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 3);
  View *view = view_new(doc, f.layout, 200, 400);
  view_measure_all(view);
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  layout_measure(f.layout, doc, 0, 200, starts, NULL);
  g_assert_cmpuint(starts->len, >=, 2);
  guint32 second = g_array_index(starts, guint32, 0), third = g_array_index(starts, guint32, 1);
  /* Home and End: the line's start, and before the space hanging at its end */
  for (guint32 off = second; off < third; off++) {
    g_assert_cmpuint(view_line_start(view, (DocPos){0, off}).offset, ==, second);
    DocPos end = view_line_end(view, (DocPos){0, off});
    g_assert_cmpuint(end.offset, ==, third - 1);
    guint32 n_bytes;
    g_assert_cmpint(document_paragraph_text(doc, 0, &n_bytes)[end.offset], ==, ' ');
  }
  g_assert_cmpuint(view_line_start(view, (DocPos){0, 5}).offset, ==, 0);
  guint32 len;
  document_paragraph_text(doc, 0, &len);
  g_assert_cmpuint(view_line_end(view, (DocPos){0, len}).offset, ==, len);
  int x, lh;
  gint64 top, top2;
  view_point_of_pos(view, (DocPos){0, 0}, &x, &top, &lh);
  DocPos down = view_move_lines(view, (DocPos){0, 0}, 1, 0);
  g_assert_cmpuint(down.offset, ==, second);
  view_point_of_pos(view, down, &x, &top2, &lh);
  g_assert_cmpint(top2, ==, top + lh);
  DocPos up = view_move_lines(view, down, -1, 0);
  g_assert_cmpuint(up.para, ==, 0);
  g_assert_cmpuint(up.offset, ==, 0);
  /* at a pen x: the position nearest to it on the line below */
  int x_mid;
  view_point_of_pos(view, (DocPos){0, 10}, &x_mid, &top, &lh);
  DocPos below = view_move_lines(view, (DocPos){0, 10}, 1, x_mid);
  view_point_of_pos(view, below, &x, &top2, &lh);
  g_assert_cmpint(top2, ==, top + lh);
  g_assert_cmpint(ABS(x - x_mid), <, 12);
  /* far down crosses paragraphs and stops at the last line */
  DocPos last = view_move_lines(view, (DocPos){0, 0}, 1000, 0);
  g_assert_cmpuint(last.para, ==, 2);
  g_assert_cmpuint(view_move_lines(view, last, -1000, 0).para, ==, 0);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_edit_relays_and_keeps_counts(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = prose(&f, 100);
  View *view = view_new(doc, f.layout, 300, 400);
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
  assert_refcounts(view);
  document_delete(doc, (DocPos){1, 0}, (DocPos){4, 0});
  g_assert_cmpuint(view_total_height(view), ==, total);
  assert_refcounts(view);
  /* a flyweight toggle drops the records that pointed at shared glyphs */
  g_assert_true(view_set_sharing(view, false, G_MAXUINT64, NULL));
  pieces = view_visible(view, &n);
  g_assert_true(pieces[0].glyphs[0].glyph->flags & GLYPH_PRIVATE);
  assert_refcounts(view);
  g_assert_true(view_set_sharing(view, true, 0, NULL));
  pieces = view_visible(view, &n);
  g_assert_false(pieces[0].glyphs[0].glyph->flags & GLYPH_PRIVATE);
  assert_refcounts(view);
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
  View *view = view_new(doc, f.layout, 800, 600);
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
  /* the line it starts at is where layout_measure says */
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  layout_measure(f.layout, doc, 0, 800, starts, NULL);
  g_assert_cmpuint(g_array_index(starts, guint32, pieces[0].first_line - 1), ==, pieces[0].from);
  g_string_free(line, TRUE);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* ---------------------------------------------------------------- incremental re-wrap */

#define REWRAP_WIDTH 420
#define REWRAP_EDITS 250 /* for each flyweight mode: 500 in all */

/* A random word of 1 to 10 letters (or, with @long_words, now and then 60
 * to 200: longer than a line, cut where it overflows); now and then a letter
 * or word of another script: accents, CJK, Thai runs without spaces, Hebrew
 * and Arabic, conjuncts, emoji, a ligature, brackets and digits. */
static void random_word(GString *out, bool long_words)
{
  static const char *const extras[] = {
      "\xc3\xa9",
      "\xe6\xbc\xa2",
      "AV",
      "To",
      "ffi",
      "。",
      "」",
      "שלום",
      "עולם",
      "كتاب",
      "مفيد",
      "ภาษาไทย",
      "ที่ไม่มี",
      "ช่องว่าง",
      "क्ष",
      "प्रेम",
      "👨‍👩‍👧‍👦",
      "(ab)",
      "[1]",
      "123",
  };
  gint32 kind = g_test_rand_int_range(0, 100);
  gint32 n = long_words && kind < 3 ? g_test_rand_int_range(60, 200) : g_test_rand_int_range(1, 11);
  for (gint32 i = 0; i < n; i++) {
    if (g_test_rand_int_range(0, 20) == 0)
      g_string_append(out, extras[g_test_rand_int_range(0, G_N_ELEMENTS(extras))]);
    else
      g_string_append_c(out, (char)g_test_rand_int_range('a', 'z' + 1));
  }
}

/* A vocabulary of @n random words: text repeats its words, as real text
 * does (and the word cache then shapes each once). */
static GPtrArray *random_vocabulary(guint n)
{
  GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < n; i++) {
    GString *w = g_string_new(NULL);
    random_word(w, false);
    g_ptr_array_add(words, g_string_free(w, FALSE));
  }
  return words;
}

/* Random text without line breaks: words of @vocabulary, 3% of them words
 * longer than a line and 2% a Myanmar word (a fallback face taller than the
 * style's: the paragraph's lines grow apart), separated by runs of spaces and
 * tabs. */
static void random_text(GString *out, guint words, const GPtrArray *vocabulary)
{
  for (guint w = 0; w < words; w++) {
    gint32 kind = g_test_rand_int_range(0, 100);
    if (kind < 3)
      random_word(out, true);
    else if (kind < 5)
      g_string_append(out, "\xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\xE1\x80\xBA"
                           "\xE1\x80\x99\xE1\x80\xAC"); /* မြန်မာ */
    else
      g_string_append(out, g_ptr_array_index(vocabulary,
                                             g_test_rand_int_range(0, (gint32)vocabulary->len)));
    gint32 sep = g_test_rand_int_range(0, 100);
    g_string_append(out, sep < 80 ? " " : sep < 90 ? "  " : sep < 96 ? "\t" : " \t ");
  }
}

/* A character boundary of @para near @offset. */
static guint32 boundary(Document *doc, guint32 para, guint32 offset)
{
  return document_clamp(doc, (DocPos){para, offset}).offset;
}

/* The view's line starts of @para equal @starts (from layout_measure): every
 * start is a line start, the character before it lies on the line before,
 * and the paragraph's end lies on the last line. With the height, that pins
 * the list. */
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

/* Two drawn glyphs are the same: the same Glyph when both views share it,
 * the same glyph of the same face otherwise (a private copy). */
static void assert_same_glyph(const DrawnGlyph *a, const DrawnGlyph *b, bool same_objects)
{
  if (same_objects)
    g_assert_true(a->glyph == b->glyph);
  g_assert_cmpuint(a->glyph->glyph_id, ==, b->glyph->glyph_id);
  g_assert_cmpuint(a->glyph->style, ==, b->glyph->style);
  g_assert_cmpint(a->x, ==, b->x);
  g_assert_cmpint(a->y, ==, b->y);
}

/* What is on screen in @view equals what a new view of the same document
 * (flyweight on), scrolled to the same place, shows: the same pieces and the
 * same records. */
static void assert_same_screen(View *view, Document *doc, Layout *layout)
{
  View *fresh = view_new(doc, layout, view_width(view), view_height(view));
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
    for (guint g = 0; g < a[i].n_glyphs; g++)
      assert_same_glyph(&a[i].glyphs[g], &b[i].glyphs[g], view_get_sharing(view));
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
static void random_edit(View *view, Document *doc, guint32 para, const StyleId *styles,
                        const GPtrArray *vocabulary)
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
      random_text(text, (guint)g_test_rand_int_range(1, 30), vocabulary);
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
  g_autoptr(GPtrArray) vocabulary = random_vocabulary(1500);
  g_autoptr(GString) text = g_string_new(NULL);
  random_text(text, 6000, vocabulary);
  document_append_paragraph(doc, "before", 6, LINE_END_LF, NULL);
  document_append_paragraph(doc, text->str, text->len, LINE_END_LF, NULL);
  document_append_paragraph(doc, "after", 5, LINE_END_NONE, NULL);
  View *view = view_new(doc, f.layout, REWRAP_WIDTH, 500);
  g_assert_true(view_set_sharing(view, sharing, G_MAXUINT64, &error));
  g_assert_no_error(error);
  view_measure_all(view);
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_assert_cmpuint(layout_measure(f.layout, doc, 1, REWRAP_WIDTH, starts, NULL), >, 400);
  view_scroll_to(view, (gint64)view_paragraph_y(view, 1) + 200 * line_height(&f));
  for (guint e = 0; e < REWRAP_EDITS; e++) {
    if (e % 50 == 49) /* somewhere else now and then: above, inside, the end */
      view_scroll_to(view,
                     g_test_rand_int_range(0, (gint32)MIN(view_total_height(view), G_MAXINT32)));
    random_edit(view, doc, 1, styles, vocabulary);
    g_array_set_size(starts, 0);
    LineMetrics metrics;
    guint32 lines = layout_measure(f.layout, doc, 1, REWRAP_WIDTH, starts, &metrics);
    g_assert_cmpuint(view_paragraph_y(view, 2) - view_paragraph_y(view, 1), ==,
                     (guint64)lines * metrics.height);
    assert_line_starts(view, doc, 1, starts);
    assert_same_screen(view, doc, f.layout);
    assert_refcounts(view);
  }
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
  View *view = view_new(doc, f.layout, 200, 300);
  view_measure_all(view);
  g_assert_cmpuint(view_total_height(view) / line_height(&f), >, 100);
  assert_same_screen(view, doc, f.layout);
  /* down to a few lines, then a character at a time up past the limit again */
  document_delete(doc, (DocPos){0, 100}, (DocPos){0, (guint32)text->len - 100});
  g_assert_cmpuint(view_total_height(view) / line_height(&f), <, 10);
  assert_same_screen(view, doc, f.layout);
  for (guint i = 0; i < 120; i++) {
    document_insert(doc, (DocPos){0, 50}, i % 5 == 4 ? " " : "w", -1, f.style, NULL, NULL);
    if (i % 10 == 0)
      assert_same_screen(view, doc, f.layout);
  }
  document_insert(doc, (DocPos){0, 50}, text->str, (gssize)text->len, f.style, NULL, NULL);
  g_assert_cmpuint(view_total_height(view) / line_height(&f), >, 100);
  assert_same_screen(view, doc, f.layout);
  /* a long word glued to its neighbour by deleting the space: lines merge */
  document_delete(doc, (DocPos){0, 7}, (DocPos){0, 8});
  assert_same_screen(view, doc, f.layout);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* ---------------------------------------------------------------- the flyweight off */

/* Glyph occurrences of @para as drawing shapes them (tabs aside). */
static guint count_drawn_glyphs(Layout *layout, const Document *doc, guint32 para, int width)
{
  LaidOut out;
  laid_out_init_places(&out);
  layout_paragraph(layout, doc, para, width, 0, 0, NULL, &out);
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  guint n = 0;
  for (guint i = 0; i < out.places->len; i++)
    n += text[g_array_index(out.places, GlyphPlace, i).cluster] != '\t';
  laid_out_free(&out, document_factory(doc));
  return n;
}

static guint64 count_document_glyphs(Layout *layout, const Document *doc, int width)
{
  guint64 n = 0;
  for (guint32 p = 0; p < document_paragraph_count(doc); p++)
    n += count_drawn_glyphs(layout, doc, p, width);
  return n;
}

/* Whether byte @cluster of @para lies in a word that lines at @width cut (a
 * line starting between two of the layout's opportunities). Drawing shapes
 * its parts as pieces the flyweight-off store, made for no width, does not
 * know: their glyphs are private copies of the drawn records' own. */
static bool in_cut_word(Layout *layout, const Document *doc, guint32 para, int width,
                        guint32 cluster)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  layout_measure(layout, doc, para, width, starts, NULL);
  g_autoptr(GArray) opportunities = g_array_new(FALSE, FALSE, sizeof(gsize));
  SegmentWalk walk;
  segmenter_lines_begin(layout_segmenter(layout), &walk, text, len, 0);
  gsize at, before = 0;
  while (segmenter_lines_next(&walk, &at, NULL)) {
    for (guint i = 0; i < starts->len; i++) {
      guint32 s = g_array_index(starts, guint32, i);
      if (s > before && s < at && cluster >= before && cluster < at)
        return true; /* a line starts inside the word [before, at) holding the cluster */
    }
    before = at;
  }
  return false;
}

/* A copy of what is on screen: each drawn glyph's record and its Glyph. */
typedef struct {
  GArray *drawn;    /* DrawnGlyph: x and y (the Glyph may be gone since) */
  GArray *keys;     /* guint32 glyph id << 16 | style: what the glyph is */
  GArray *paras;    /* guint32: its paragraph */
  GArray *clusters; /* guint32: its cluster */
} Screen;

static void screen_take(Screen *s, View *view)
{
  s->drawn = g_array_new(FALSE, FALSE, sizeof(DrawnGlyph));
  s->keys = g_array_new(FALSE, FALSE, sizeof(guint32));
  s->paras = g_array_new(FALSE, FALSE, sizeof(guint32));
  s->clusters = g_array_new(FALSE, FALSE, sizeof(guint32));
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    for (guint g = 0; g < pieces[i].n_glyphs; g++) {
      const Glyph *glyph = pieces[i].glyphs[g].glyph;
      guint32 key = glyph->glyph_id << 16 | glyph->style;
      g_array_append_val(s->drawn, pieces[i].glyphs[g]);
      g_array_append_val(s->keys, key);
      g_array_append_val(s->paras, pieces[i].para);
      g_array_append_val(s->clusters, pieces[i].places[g].cluster);
    }
}

static void screen_clear(Screen *s)
{
  g_array_unref(s->drawn);
  g_array_unref(s->keys);
  g_array_unref(s->paras);
  g_array_unref(s->clusters);
}

/* Off: every glyph occurrence of the document has its own Glyph, and what is
 * drawn is those (the same glyphs at the same places as with it on). */
static void test_flyweight_off_private_glyphs(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = many_scripts(&f, 70);
  const int width = 330;
  View *view = view_new(doc, f.layout, width, 600); /* CJK and Myanmar lines stand further apart */
  view_measure_all(view);
  Screen on;
  screen_take(&on, view);
  g_assert_cmpuint(on.drawn->len, >, 300);
  g_autoptr(GError) error = NULL;
  g_assert_true(view_set_sharing(view, false, G_MAXUINT64, &error));
  g_assert_no_error(error);
  g_assert_false(view_get_sharing(view));
  /* one private glyph per glyph occurrence drawing would make */
  guint64 occurrences = count_document_glyphs(f.layout, doc, width);
  g_assert_cmpuint(view_private_glyph_count(view), ==, occurrences);
  GlyphFactoryStats stats;
  glyph_factory_get_stats(f.factory, &stats);
  g_assert_cmpuint(stats.private_alive, ==, occurrences);
  assert_refcounts(view);
  /* drawn: the store's own glyphs (its reference and the drawn one), the
   * same glyphs at the same places, on whole pixels */
  Screen off;
  screen_take(&off, view);
  g_assert_cmpuint(off.drawn->len, ==, on.drawn->len);
  guint copies = 0;
  for (guint i = 0; i < off.drawn->len; i++) {
    const DrawnGlyph *a = &g_array_index(off.drawn, DrawnGlyph, i);
    const DrawnGlyph *b = &g_array_index(on.drawn, DrawnGlyph, i);
    guint owners = 2;
    if (a->glyph->refcount == 1 && in_cut_word(f.layout, doc, g_array_index(off.paras, guint32, i),
                                               width, g_array_index(off.clusters, guint32, i)))
      owners = 1, copies++;
    if (!(a->glyph->flags & GLYPH_PRIVATE) || a->glyph->refcount != owners ||
        a->glyph->phase != 0 ||
        g_array_index(off.keys, guint32, i) != g_array_index(on.keys, guint32, i) || a->x != b->x ||
        a->y != b->y)
      g_error("drawn glyph %u of paragraph %u (cluster %u): off glyph %u (style %u, refcount "
              "%u, flags %u) at (%d, %d), on glyph %u (style %u) at (%d, %d)",
              i, g_array_index(off.paras, guint32, i), g_array_index(off.clusters, guint32, i),
              a->glyph->glyph_id, a->glyph->style, a->glyph->refcount, a->glyph->flags, a->x, a->y,
              g_array_index(on.keys, guint32, i) >> 16, g_array_index(on.keys, guint32, i) & 0xFFFF,
              b->x, b->y);
  }
  glyph_factory_get_stats(f.factory, &stats);
  g_assert_cmpuint(stats.private_alive, ==, occurrences + copies); /* no other copies */
  g_assert_cmpuint(copies, >, 0);                                  /* a cut word is on screen */
  g_assert_cmpuint(copies, <, off.drawn->len / 10);
  /* on again: every private glyph is given back */
  g_assert_true(view_set_sharing(view, true, 0, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(view_private_glyph_count(view), ==, 0);
  glyph_factory_get_stats(f.factory, &stats);
  g_assert_cmpuint(stats.private_alive, ==, 0);
  assert_refcounts(view);
  Screen again;
  screen_take(&again, view);
  g_assert_cmpuint(again.drawn->len, ==, on.drawn->len);
  for (guint i = 0; i < again.drawn->len; i++) {
    g_assert_cmpuint(g_array_index(again.keys, guint32, i), ==, g_array_index(on.keys, guint32, i));
    g_assert_cmpint(g_array_index(again.drawn, DrawnGlyph, i).x, ==,
                    g_array_index(on.drawn, DrawnGlyph, i).x);
  }
  screen_clear(&on);
  screen_clear(&off);
  screen_clear(&again);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* The drawn Glyphs of paragraph @para on screen, in order. */
static GPtrArray *glyphs_of(View *view, guint32 para)
{
  GPtrArray *out = g_ptr_array_new();
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    for (guint g = 0; pieces[i].para == para && g < pieces[i].n_glyphs; g++)
      g_ptr_array_add(out, pieces[i].glyphs[g].glyph);
  return out;
}

/* What both stores give for each glyph occurrence of a paragraph. */
typedef struct {
  const PrivateGlyphs *a, *b;
  guint32 para;
  guint compared;
} StoreCompare;

static void compare_occurrence(guint32 word_start, guint index, const ShapedGlyph *g, void *data)
{
  StoreCompare *c = data;
  Glyph *a = private_glyphs_get(c->a, c->para, word_start, index);
  Glyph *b = private_glyphs_get(c->b, c->para, word_start, index);
  g_assert_nonnull(a);
  g_assert_nonnull(b);
  g_assert_true(a != b); /* each store its own copy */
  g_assert_true((a->flags & GLYPH_PRIVATE) && (b->flags & GLYPH_PRIVATE));
  g_assert_cmpuint(a->glyph_id, ==, g->glyph_id);
  g_assert_cmpuint(b->glyph_id, ==, g->glyph_id);
  g_assert_cmpuint(a->style, ==, b->style);
  c->compared++;
}

/* The private store built in steps (one paragraph a step with no time
 * budget) is the one built at once: the same glyph for every occurrence. */
static void test_flyweight_store_in_steps(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = many_scripts(&f, 400); /* over 4096 glyphs: given back in more than a step */
  glyph_factory_set_sharing(f.factory, false);
  PrivateGlyphs *at_once = private_glyphs_new(f.factory, f.layout, doc);
  PrivateGlyphs *stepped = private_glyphs_new_empty(f.factory, f.layout, doc);
  g_assert_cmpuint(private_glyphs_count(stepped), ==, 0);
  guint steps = 1;
  while (private_glyphs_build_step(stepped, 0)) {
    g_assert_cmpuint(private_glyphs_built(stepped), ==, steps);
    steps++;
  }
  g_assert_cmpuint(steps, ==, document_paragraph_count(doc));
  g_assert_cmpuint(private_glyphs_count(stepped), ==, private_glyphs_count(at_once));
  g_assert_cmpuint(private_glyphs_bytes(stepped), ==, private_glyphs_bytes(at_once));
  StoreCompare c = {at_once, stepped, 0, 0};
  for (c.para = 0; c.para < document_paragraph_count(doc); c.para++)
    layout_shape_paragraph(f.layout, doc, c.para, compare_occurrence, &c);
  g_assert_cmpuint(c.compared, ==, private_glyphs_count(at_once));
  /* given back in steps, a few glyphs at a time with no time budget */
  GlyphFactoryStats before, after;
  glyph_factory_get_stats(f.factory, &before);
  guint64 n = private_glyphs_count(stepped);
  guint release_steps = 1;
  while (private_glyphs_release_step(stepped, 0))
    release_steps++;
  g_assert_cmpuint(release_steps, >, 1);
  g_assert_cmpuint(private_glyphs_count(stepped), ==, 0);
  g_assert_cmpuint(private_glyphs_bytes(stepped), ==, 0);
  glyph_factory_get_stats(f.factory, &after);
  g_assert_cmpuint(after.freed - before.freed, ==, n);
  private_glyphs_free(stepped);
  private_glyphs_free(at_once);
  glyph_factory_set_sharing(f.factory, true);
  glyph_factory_get_stats(f.factory, &after);
  g_assert_cmpuint(after.private_alive, ==, 0);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Steps of a switch until it is done, checking the counts after each; the
 * number of steps. */
static guint switch_steps(View *view, guint max_steps)
{
  guint steps = 0;
  double progress = 0;
  while (steps < max_steps && view_sharing_step(view, 0)) {
    steps++;
    g_assert_true(view_sharing_busy(view));
    g_assert_cmpfloat(view_sharing_progress(view), >=, progress);
    progress = view_sharing_progress(view);
    g_assert_cmpfloat(progress, <=, 1.0);
    view_visible(view, &(guint){0}); /* the window draws between steps */
    assert_refcounts(view);
  }
  return steps;
}

/* The view's switch in steps: drawing goes on between them, an edit in the
 * middle of going off reaches built and unbuilt paragraphs alike, turning back
 * gives back what was built, and the end is what view_set_sharing makes. */
static void test_flyweight_switch_in_steps(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = many_scripts(&f, 400); /* over 4096 glyphs: given back in more than a step */
  const int width = 400;
  View *view = view_new(doc, f.layout, width, 500);
  view_measure_all(view);
  view_visible(view, &(guint){0});
  GlyphFactoryStats now;
  g_autoptr(GError) error = NULL;
  /* off, in steps; an edit of a built and of an unbuilt paragraph halfway */
  g_assert_true(view_sharing_begin(view, false, G_MAXUINT64, &error));
  g_assert_no_error(error);
  g_assert_false(view_get_sharing(view));
  g_assert_true(view_sharing_busy(view));
  g_assert_cmpuint(switch_steps(view, 40), ==, 40);
  g_assert_true(document_insert(doc, (DocPos){3, 0}, "abc ", -1, f.style, NULL, NULL));
  g_assert_true(document_insert(doc, (DocPos){70, 0}, "xyz\n", -1, f.style, NULL, NULL));
  assert_refcounts(view);
  g_assert_cmpuint(switch_steps(view, G_MAXUINT), >, 10);
  g_assert_false(view_sharing_busy(view));
  g_assert_cmpfloat(view_sharing_progress(view), ==, 1.0);
  guint64 occurrences = count_document_glyphs(f.layout, doc, width);
  g_assert_cmpuint(view_private_glyph_count(view), ==, occurrences);
  assert_refcounts(view);
  /* on, turned back after a few steps: off again, the store whole */
  g_assert_true(view_sharing_begin(view, true, 0, &error));
  g_assert_true(view_get_sharing(view));
  g_assert_cmpuint(switch_steps(view, 1), ==, 1);
  g_assert_cmpuint(view_private_glyph_count(view), <, occurrences);
  g_assert_cmpuint(view_private_glyph_count(view), >, 0);
  g_assert_true(view_sharing_begin(view, false, G_MAXUINT64, &error));
  g_assert_false(view_get_sharing(view));
  switch_steps(view, G_MAXUINT);
  g_assert_false(view_sharing_busy(view));
  g_assert_cmpuint(view_private_glyph_count(view), ==, occurrences);
  /* on again, to the end: every private glyph given back */
  g_assert_true(view_sharing_begin(view, true, 0, &error));
  g_assert_cmpuint(switch_steps(view, G_MAXUINT), >, 1);
  g_assert_cmpuint(view_private_glyph_count(view), ==, 0);
  glyph_factory_get_stats(f.factory, &now);
  g_assert_cmpuint(now.private_alive, ==, 0);
  g_assert_true(glyph_factory_get_sharing(f.factory));
  view_visible(view, &(guint){0});
  assert_refcounts(view);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Off, an edit makes private glyphs again for the paragraphs it replaced, and
 * for no other. */
static void test_flyweight_off_edits_rebuild_paragraphs(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = many_scripts(&f, 40);
  const int width = 400;
  View *view = view_new(doc, f.layout, width, 500);
  view_measure_all(view);
  view_visible(view, &(guint){0});
  g_assert_true(view_set_sharing(view, false, G_MAXUINT64, NULL));
  g_autoptr(GPtrArray) before0 = glyphs_of(view, 0), before4 = glyphs_of(view, 4);
  g_assert_cmpuint(before0->len, >, 10);
  g_assert_cmpuint(before4->len, >, 10);
  /* typing in paragraph 2: its glyphs only are made again */
  GlyphFactoryStats s0, s1;
  guint old2 = count_drawn_glyphs(f.layout, doc, 2, width);
  glyph_factory_get_stats(f.factory, &s0);
  g_assert_true(document_insert(doc, (DocPos){2, 0}, "abc ", -1, f.style, NULL, NULL));
  glyph_factory_get_stats(f.factory, &s1);
  guint new2 = count_drawn_glyphs(f.layout, doc, 2, width);
  g_assert_cmpuint(new2, ==, old2 + 4);
  g_assert_cmpuint(s1.created - s0.created, ==, new2);
  g_assert_cmpuint(s1.freed - s0.freed, ==, old2);
  g_assert_cmpuint(view_private_glyph_count(view), ==, count_document_glyphs(f.layout, doc, width));
  assert_refcounts(view);
  g_autoptr(GPtrArray) after0 = glyphs_of(view, 0), after4 = glyphs_of(view, 4);
  g_assert_cmpmem(after0->pdata, after0->len * sizeof(void *), before0->pdata,
                  before0->len * sizeof(void *));
  g_assert_cmpmem(after4->pdata, after4->len * sizeof(void *), before4->pdata,
                  before4->len * sizeof(void *));
  assert_refcounts(view);
  /* splitting paragraph 0 in two between words (no glyph new to the
   * factory): those two are made, the rest keep theirs (4 is now 5) */
  guint old0 = count_drawn_glyphs(f.layout, doc, 0, width);
  glyph_factory_get_stats(f.factory, &s0);
  g_assert_true(document_insert(doc, (DocPos){0, 10}, "\n", -1, f.style, NULL, NULL));
  glyph_factory_get_stats(f.factory, &s1);
  guint halves = count_drawn_glyphs(f.layout, doc, 0, width) +
                 count_drawn_glyphs(f.layout, doc, 1, width);
  g_assert_cmpuint(s1.created - s0.created, ==, halves);
  g_assert_cmpuint(s1.freed - s0.freed, ==, old0);
  g_autoptr(GPtrArray) moved = glyphs_of(view, 5);
  g_assert_cmpmem(moved->pdata, moved->len * sizeof(void *), before4->pdata,
                  before4->len * sizeof(void *));
  assert_refcounts(view);
  /* joining them back, deleting paragraphs, restyling */
  document_delete(doc, (DocPos){0, 10}, (DocPos){1, 0});
  assert_refcounts(view);
  document_delete(doc, (DocPos){5, 3}, (DocPos){9, 7});
  view_visible(view, &(guint){0});
  assert_refcounts(view);
  document_restyle(doc, (DocPos){0, 0}, (DocPos){0, 5}, glyph_factory_style(f.factory, f.sans, 30));
  view_visible(view, &(guint){0});
  assert_refcounts(view);
  g_assert_cmpuint(view_private_glyph_count(view), ==, count_document_glyphs(f.layout, doc, width));
  g_assert_true(view_set_sharing(view, true, 0, NULL));
  GlyphFactoryStats stats;
  glyph_factory_get_stats(f.factory, &stats);
  g_assert_cmpuint(stats.private_alive, ==, 0);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Going off over the budget is refused and changes nothing. */
static void test_flyweight_off_over_budget(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = many_scripts(&f, 50);
  View *view = view_new(doc, f.layout, 400, 300);
  view_measure_all(view);
  view_visible(view, &(guint){0});
  guint64 need = private_glyphs_estimate(doc);
  g_assert_cmpuint(need, >, 0);
  g_autoptr(GError) error = NULL;
  g_assert_false(view_set_sharing(view, false, need - 1, &error));
  g_assert_error(error, VIEW_ERROR, VIEW_ERROR_OVER_BUDGET);
  g_assert_nonnull(strstr(error->message, "budget"));
  g_assert_true(view_get_sharing(view));
  g_assert_true(glyph_factory_get_sharing(f.factory));
  g_assert_cmpuint(view_private_glyph_count(view), ==, 0);
  GlyphFactoryStats stats;
  glyph_factory_get_stats(f.factory, &stats);
  g_assert_cmpuint(stats.private_alive, ==, 0);
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  g_assert_false(pieces[0].glyphs[0].glyph->flags & GLYPH_PRIVATE);
  assert_refcounts(view);
  /* the estimate itself is enough */
  g_clear_error(&error);
  g_assert_true(view_set_sharing(view, false, need, &error));
  g_assert_no_error(error);
  assert_refcounts(view);
  view_free(view);
  glyph_factory_get_stats(f.factory, &stats);
  g_assert_cmpuint(stats.private_alive, ==, 0); /* freeing the view gave them back */
  g_assert_true(glyph_factory_get_sharing(f.factory));
  document_free(doc);
  test_fonts_clear(&f);
}

/* ---------------------------------------------------------------- reference counts */

/* The counts are checked after everything a view goes through; freeing it
 * gives back every glyph that is not pinned. */
static void test_refcounts_through_everything(void)
{
  TestFonts f;
  test_fonts_init(&f);
  shaper_pin_ascii(f.shaper, f.style);
  GlyphFactoryStats stats;
  glyph_factory_get_stats(f.factory, &stats);
  g_assert_cmpuint(stats.pinned, >=, 95 * GLYPH_PHASES - GLYPH_PHASES); /* the space may share */
  Document *doc = many_scripts(&f, 300);
  View *view = view_new(doc, f.layout, 380, 300);
  view_measure_step(view, 2000);
  view_visible(view, &(guint){0});
  assert_refcounts(view);
  view_measure_all(view);
  for (guint step = 0; step < 60; step++) {
    switch (step % 10) {
    case 0: /* scroll somewhere */
      view_scroll_to(view, g_test_rand_int_range(0, (gint32)view_total_height(view)));
      break;
    case 1: { /* type on screen */
      guint n;
      const ViewPiece *pieces = view_visible(view, &n);
      document_insert(doc, (DocPos){pieces[0].para, 0}, "typed ", -1, f.style, NULL, NULL);
      break;
    }
    case 2: /* split and join */
      document_insert(doc, (DocPos){7, 4}, "\n", -1, f.style, NULL, NULL);
      view_visible(view, &(guint){0});
      assert_refcounts(view);
      document_delete(doc, (DocPos){7, 4}, (DocPos){8, 0});
      break;
    case 3: /* restyle what is on screen */
      document_restyle(doc, (DocPos){(guint32)(view_scroll_y(view) / 40), 0},
                       (DocPos){(guint32)(view_scroll_y(view) / 40) + 3, 5},
                       glyph_factory_style(f.factory, f.sans, 12 + step % 7));
      break;
    case 4: /* resize: narrower, then only taller */
      view_set_size(view, 200 + (int)step * 5, 300);
      view_visible(view, &(guint){0});
      assert_refcounts(view);
      view_set_size(view, view_width(view), 500);
      break;
    case 5: /* off */
      g_assert_true(view_set_sharing(view, false, G_MAXUINT64, NULL));
      break;
    case 6: /* delete across paragraphs while off */
      document_delete(doc, (DocPos){10, 2}, (DocPos){12, 3});
      break;
    case 7: /* on */
      g_assert_true(view_set_sharing(view, true, 0, NULL));
      break;
    case 8: /* paste paragraphs of other scripts */
      document_insert(doc, (DocPos){20, 0}, "שלום\nकहानी\n", -1, f.style, NULL, NULL);
      break;
    default:
      view_measure_step(view, 500);
      break;
    }
    view_visible(view, &(guint){0});
    assert_refcounts(view);
  }
  /* an unaccounted reference is found, and accepted once declared */
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  Glyph *held = glyph_factory_ref(f.factory, pieces[0].glyphs[0].glyph);
  g_autoptr(GError) error = NULL;
  g_assert_false(view_check_refcounts(view, NULL, &error));
  g_assert_error(error, VIEW_ERROR, VIEW_ERROR_REFCOUNT);
  g_autoptr(GHashTable) extra = g_hash_table_new(NULL, NULL);
  g_hash_table_insert(extra, held, GUINT_TO_POINTER(1));
  g_clear_error(&error);
  g_assert_true(view_check_refcounts(view, extra, &error));
  g_assert_no_error(error);
  glyph_factory_release(f.factory, held);
  assert_refcounts(view);
  /* freeing the view (off, to free its store too) leaves only the pinned */
  g_assert_true(view_set_sharing(view, false, G_MAXUINT64, NULL));
  view_visible(view, &(guint){0});
  view_free(view);
  glyph_factory_collect(f.factory);
  glyph_factory_get_stats(f.factory, &stats);
  g_assert_cmpuint(stats.private_alive, ==, 0);
  g_assert_cmpuint(stats.alive, ==, stats.pinned);
  document_free(doc);
  test_fonts_clear(&f);
}

/* ---------------------------------------------------------------- moving on screen */

/* One paragraph per line of @text (no line break at the end). */
static Document *doc_of(TestFonts *f, const char *text)
{
  Document *doc = document_new(f->factory, f->style);
  g_autoptr(GError) error = NULL;
  g_assert_true(document_insert(doc, document_start(doc), text, -1, f->style, NULL, &error));
  g_assert_no_error(error);
  return doc;
}

static bool same_caret(ViewCaret a, ViewCaret b)
{
  return docpos_compare(a.pos, b.pos) == 0 && a.affinity == b.affinity;
}

static int caret_x(View *view, ViewCaret c, gint64 *top)
{
  int x, lh;
  view_point_of_caret(view, c, &x, top, &lh);
  return x;
}

/* Presses @direction from @c until the caret stays. */
static ViewCaret press_to_edge(View *view, ViewCaret c, int direction)
{
  for (guint i = 0; i < 10000; i++) {
    ViewCaret next = view_caret_move(view, c, direction);
    if (same_caret(next, c))
      return c;
    c = next;
  }
  g_error("the caret never stopped");
}

/* The pixel extent of the glyphs of wrapped line @line of @para (what the
 * layout draws; a caret is rounded the same way). */
static void drawn_line(TestFonts *f, Document *doc, guint32 para, int width, guint line, int *x0,
                       int *x1)
{
  LaidOut out;
  laid_out_init_places(&out);
  layout_paragraph(f->layout, doc, para, width, 0, 0, NULL, &out);
  const LaidLine *L = &g_array_index(out.lines, LaidLine, line);
  int32_t a = G_MAXINT32, b = G_MININT32;
  for (guint i = L->first; i < L->first + L->count; i++) {
    const GlyphPlace *p = &g_array_index(out.places, GlyphPlace, i);
    a = MIN(a, p->x);
    b = MAX(b, p->x + p->advance);
  }
  *x0 = (a + 32) >> 6, *x1 = (b + 32) >> 6;
  laid_out_free(&out, f->factory);
}

/* Whether byte @b of @text is a grapheme boundary. */
static bool is_boundary(Segmenter *seg, const char *text, guint32 len, guint32 b)
{
  return (b == len || ((guchar)text[b] & 0xc0) != 0x80) && segmenter_is_grapheme(seg, text, len, b);
}

/* Records a visit of @c's offset in @visits (per byte). */
static void visit(guint8 *visits, ViewCaret c)
{
  visits[c.pos.offset]++;
}

/* Walks a one-line paragraph @text: Left to its visual left edge, then Right
 * to its right edge, each press moving the caret right (but over the
 * invisible direction mark @mark_end bytes long at the start), visiting every
 * grapheme boundary exactly once; then Left back, the same stops reversed. */
static void assert_walk(TestFonts *f, const char *text, guint32 mark_end)
{
  Document *doc = doc_of(f, text);
  View *view = view_new(doc, f->layout, 3000, 200);
  view_measure_all(view);
  guint32 len;
  document_paragraph_text(doc, 0, &len);
  Segmenter *seg = layout_segmenter(f->layout);
  ViewCaret c = press_to_edge(view, (ViewCaret){{0, 0}, CARET_DOWNSTREAM}, -1);
  int left, right;
  drawn_line(f, doc, 0, 3000, 0, &left, &right);
  gint64 top, top2;
  int x = caret_x(view, c, &top);
  g_assert_cmpint(x, ==, left);
  g_autofree guint8 *visits = g_new0(guint8, len + 1);
  g_autoptr(GArray) path = g_array_new(FALSE, FALSE, sizeof(ViewCaret));
  visit(visits, c);
  g_array_append_val(path, c);
  for (ViewCaret next; !same_caret(next = view_caret_move(view, c, 1), c); c = next) {
    int x2 = caret_x(view, next, &top2);
    bool over_mark = MAX(c.pos.offset, next.pos.offset) <= mark_end;
    if (top2 != top || x2 < x || (x2 == x && !over_mark))
      g_error("\"%s\": Right from %u (%d px) to %u (%d px)", text, c.pos.offset, x, next.pos.offset,
              x2);
    x = x2;
    visit(visits, next);
    g_array_append_val(path, next);
  }
  g_assert_cmpint(x, ==, right);
  for (guint32 b = 0; b <= len; b++)
    if (visits[b] != is_boundary(seg, document_paragraph_text(doc, 0, &len), len, b))
      g_error("\"%s\": offset %u visited %u times", text, b, visits[b]);
  for (guint i = path->len - 1; i-- > 0;) {
    c = view_caret_move(view, c, -1);
    g_assert_true(same_caret(c, g_array_index(path, ViewCaret, i)));
  }
  view_free(view);
  document_free(doc);
}

/* Right always moves the caret right, through every boundary once, in mixed
 * text in both paragraph directions (a direction mark first sets it), a
 * Hebrew line, Arabic with لا, and plain left-to-right text. */
static void test_arrows_move_on_screen(void)
{
  static const struct {
    const char *text;
    guint32 mark_end; /* bytes of a leading direction mark */
  } cases[] = {
      {"office na\xc3\xafve e\xcc\x81t\xc3\xa9", 0},
      {"שלום עולם", 0},
      {"abc שלום def", 0},
      {"\u200fabc שלום def", 3},
      {"שלום abc עולם", 0},
      {"\u200eשלום abc עולם", 3},
      {"السلام عليكم لا بأس", 0},
      {"hello لا بأس world", 0},
      {"שלום 123 abc", 0},
  };
  TestFonts f;
  test_fonts_init(&f);
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
    assert_walk(&f, cases[i].text, cases[i].mark_end);
  test_fonts_clear(&f);
}

/* In a wrapped right-to-left paragraph Left at a line's left end goes to the
 * next line's right end and Right back; in a left-to-right one Right at the
 * right end goes to the next line's left end. Walking the whole paragraph so
 * visits every boundary once (lines wrapped at spaces). Paragraphs follow
 * one another the same way. */
static void assert_crosses_lines(TestFonts *f, const char *text, int forward)
{
  Document *doc = doc_of(f, text);
  View *view = view_new(doc, f->layout, 120, 400);
  view_measure_all(view);
  guint32 len;
  const char *t = document_paragraph_text(doc, 0, &len);
  g_autofree guint8 *visits = g_new0(guint8, len + 1);
  ViewCaret c = view_caret_line_start(view, (ViewCaret){{0, 0}, CARET_DOWNSTREAM});
  gint64 top, top2;
  int x = caret_x(view, c, &top), lines = 0;
  visit(visits, c);
  for (ViewCaret next; !same_caret(next = view_caret_move(view, c, forward), c); c = next) {
    int x2 = caret_x(view, next, &top2), x0, x1;
    if (top2 != top) { /* onto the next line, at its edge facing where we came from */
      g_assert_cmpint(top2, ==, top + line_height(f));
      drawn_line(f, doc, 0, 120, (guint)++lines, &x0, &x1);
      g_assert_cmpint(x2, ==, forward > 0 ? x0 : x1);
      ViewCaret back = view_caret_move(view, next, -forward);
      g_assert_true(same_caret(back, c));
    } else {
      g_assert_cmpint(forward > 0 ? x2 - x : x - x2, >, 0);
    }
    x = x2, top = top2;
    visit(visits, next);
  }
  g_assert_cmpint(lines, >=, 2);
  Segmenter *seg = layout_segmenter(f->layout);
  for (guint32 b = 0; b <= len; b++)
    g_assert_cmpuint(visits[b], ==, is_boundary(seg, t, len, b));
  view_free(view);
  document_free(doc);
}

/* Right from the document's start to its end goes through every paragraph,
 * an empty one too (its one stop), and Left all the way back. */
static void assert_crosses_paragraphs(TestFonts *f)
{
  Document *doc = doc_of(f, "first\n\nthird one");
  View *view = view_new(doc, f->layout, 800, 400);
  view_measure_all(view);
  ViewCaret c = {{0, 0}, CARET_DOWNSTREAM};
  guint presses = 0;
  for (ViewCaret next; !same_caret(next = view_caret_move(view, c, 1), c); c = next)
    presses++;
  g_assert_cmpuint(presses, ==, 5 + 1 + 1 + 9); /* the two breaks count one press each */
  g_assert_cmpuint(c.pos.para, ==, 2);
  g_assert_cmpuint(c.pos.offset, ==, 9);
  c = press_to_edge(view, c, -1);
  g_assert_true(same_caret(c, ((ViewCaret){{0, 0}, CARET_DOWNSTREAM})));
  view_free(view);
  document_free(doc);
}

static void test_arrows_cross_lines(void)
{
  TestFonts f;
  test_fonts_init(&f);
  assert_crosses_lines(&f, "שלום עולם זהו משפט ארוך בעברית עם abc בתוכו", -1);
  assert_crosses_lines(&f, "The office of the official offers efficient affine waffles", 1);
  assert_crosses_lines(&f, "abc שלום עולם זהו def משפט ארוך", 1);
  assert_crosses_paragraphs(&f);
  test_fonts_clear(&f);
}

/* End on a line wrapped without white space (CJK, Thai, a cut word) puts the
 * caret after its last grapheme, drawn at the line's end on that line; End
 * again stays, Home goes to that line's start, Up goes to the line above it,
 * Left to the grapheme before, Right to the next line's start. */
static void assert_end_of_wrapped(TestFonts *f, const char *text)
{
  const int width = 150;
  Document *doc = doc_of(f, text);
  View *view = view_new(doc, f->layout, width, 400);
  view_measure_all(view);
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  LineMetrics
      metrics; /* CJK's face reaches further than DejaVu Sans: its lines are further apart */
  layout_measure(f->layout, doc, 0, width, starts, &metrics);
  g_assert_cmpuint(starts->len, >=, 2);
  int lh = metrics.height;
  for (guint k = 0; k < starts->len; k++) {
    guint32 first = k == 0 ? 0 : g_array_index(starts, guint32, k - 1);
    guint32 next = g_array_index(starts, guint32, k);
    ViewCaret home = {{0, first}, CARET_DOWNSTREAM};
    ViewCaret end = view_caret_line_end(view, home);
    g_assert_cmpuint(end.pos.offset, ==, next);
    g_assert_cmpint(end.affinity, ==, CARET_UPSTREAM);
    gint64 top, top2;
    int x = caret_x(view, end, &top), x0, x1;
    drawn_line(f, doc, 0, width, k, &x0, &x1);
    g_assert_cmpint(top, ==, (gint64)k * lh);
    g_assert_cmpint(x, ==, x1);
    g_assert_true(same_caret(view_caret_line_end(view, end), end));
    g_assert_true(same_caret(view_caret_line_start(view, end), home));
    ViewCaret left = view_caret_move(view, end, -1);
    g_assert_cmpint(caret_x(view, left, &top2), <, x);
    g_assert_cmpint(top2, ==, top);
    ViewCaret right = view_caret_move(view, end, 1);
    g_assert_true(same_caret(right, ((ViewCaret){{0, next}, CARET_DOWNSTREAM})));
    if (k > 0) {
      caret_x(view, view_caret_move_lines(view, end, -1, x), &top2);
      g_assert_cmpint(top2, ==, top - lh);
    }
    /* positions alone stay on the line: the boundary before its last grapheme */
    DocPos pos_end = view_line_end(view, home.pos);
    int px, plh;
    view_point_of_pos(view, pos_end, &px, &top2, &plh);
    g_assert_cmpint(top2, ==, top);
  }
  view_free(view);
  document_free(doc);
}

static void test_end_of_wrapped_line(void)
{
  TestFonts f;
  test_fonts_init(&f);
  assert_end_of_wrapped(&f, "日本語の文章です。句読点、括弧「かぎ」も使います。日本語の文章です。");
  assert_end_of_wrapped(&f, "ภาษาไทยเป็นภาษาที่ไม่มีช่องว่างระหว่างคำภาษาไทยเป็นภาษาที่ไม่มีช่องว่าง");
  assert_end_of_wrapped(&f, "Averyveryverylongwordthatiscutsomewhereinthemiddleofitall");
  test_fonts_clear(&f);
}

/* A click past the end of such a line takes its end there too (upstream),
 * and past a line wrapped at a space the boundary before the space. */
static void test_click_past_wrapped_end(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = doc_of(&f, "日本語の文章です。句読点、括弧「かぎ」も使います。\n"
                             "Paragraph one says that glyph objects are shared.");
  View *view = view_new(doc, f.layout, 150, 400);
  view_measure_all(view);
  int lh = line_height(&f);
  ViewCaret cjk = view_caret_at_point(view, 149, lh / 2);
  g_assert_cmpint(cjk.affinity, ==, CARET_UPSTREAM);
  g_assert_cmpuint(cjk.pos.offset, ==, view_line_start(view, (DocPos){0, cjk.pos.offset}).offset);
  guint64 second = view_paragraph_y(view, 1);
  ViewCaret prose = view_caret_at_point(view, 149, (int)second + lh / 2);
  g_assert_cmpint(prose.affinity, ==, CARET_DOWNSTREAM);
  guint32 len;
  const char *text = document_paragraph_text(doc, 1, &len);
  g_assert_cmpint(text[prose.pos.offset], ==, ' ');
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* A selection from the middle of one paragraph into the next highlights,
 * glyph by glyph, exactly the glyphs of its text: in the first paragraph
 * from the Hebrew word's middle on (its left part and what follows), in the
 * second up to there. */
static void test_selection_spans_across_paragraphs(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = doc_of(&f, "abc שלום def\nשלום abc");
  View *view = view_new(doc, f.layout, 800, 400);
  view_measure_all(view);
  DocPos start = {0, 8}, end = {1, 4};
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  g_assert_cmpuint(n, ==, 2);
  for (guint p = 0; p < n; p++) {
    g_autoptr(GArray) spans = g_array_new(FALSE, FALSE, sizeof(SelectedSpan));
    view_selection_spans(view, &pieces[p], start, end, spans);
    guint k = 0;
    for (guint i = 0; i < pieces[p].n_glyphs; i++) {
      DocPos at = {pieces[p].para, pieces[p].places[i].cluster};
      if (docpos_compare(at, start) < 0 || docpos_compare(at, end) >= 0)
        continue;
      g_assert_cmpuint(k, <, spans->len);
      const SelectedSpan *s = &g_array_index(spans, SelectedSpan, k++);
      g_assert_cmpuint(s->glyph, ==, i);
      g_assert_cmpint(s->x0, ==, pieces[p].places[i].x);
      g_assert_cmpint(s->x1, ==, pieces[p].places[i].x + pieces[p].places[i].advance);
    }
    g_assert_cmpuint(k, ==, spans->len);
    g_assert_cmpuint(k, ==, p == 0 ? 6 : 2); /* ו ם, the space, d e f; ש ל */
  }
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
  g_test_add_func("/view/drawn/cache-trimmed", test_cache_trimmed_while_scrolling);
  g_test_add_func("/view/scrolling", test_scrolling);
  g_test_add_func("/view/hit/round-trip", test_hit_testing_round_trip);
  g_test_add_func("/view/hit/scripts", test_hit_testing_scripts);
  g_test_add_func("/view/lines/moves", test_lines_and_moves);
  g_test_add_func("/view/caret/arrows-move-on-screen", test_arrows_move_on_screen);
  g_test_add_func("/view/caret/arrows-cross-lines", test_arrows_cross_lines);
  g_test_add_func("/view/caret/end-of-wrapped-line", test_end_of_wrapped_line);
  g_test_add_func("/view/caret/click-past-wrapped-end", test_click_past_wrapped_end);
  g_test_add_func("/view/selection/across-paragraphs", test_selection_spans_across_paragraphs);
  g_test_add_func("/view/edit/relayout", test_edit_relays_and_keeps_counts);
  g_test_add_func("/view/long-paragraph/middle", test_long_paragraph_middle);
  g_test_add_data_func("/view/edit/rewrap-matches-full-measure/flyweight-on", GINT_TO_POINTER(1),
                       rewrap_matches_full_measure);
  g_test_add_data_func("/view/edit/rewrap-matches-full-measure/flyweight-off", GINT_TO_POINTER(0),
                       rewrap_matches_full_measure);
  g_test_add_func("/view/edit/rewrap-shrink-and-grow", test_rewrap_shrink_and_grow);
  g_test_add_func("/view/flyweight-off/private-glyphs", test_flyweight_off_private_glyphs);
  g_test_add_func("/view/flyweight-off/edits-rebuild-paragraphs",
                  test_flyweight_off_edits_rebuild_paragraphs);
  g_test_add_func("/view/flyweight-off/over-budget", test_flyweight_off_over_budget);
  g_test_add_func("/view/flyweight-off/store-in-steps", test_flyweight_store_in_steps);
  g_test_add_func("/view/flyweight-off/switch-in-steps", test_flyweight_switch_in_steps);
  g_test_add_func("/view/refcounts/through-everything", test_refcounts_through_everything);
  return g_test_run();
}
