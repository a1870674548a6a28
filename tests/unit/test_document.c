/* test_document.c — text round trips, edits, style runs, the iterator, change
 * notices; and the references that drawing the text takes: a View over the
 * document is laid out after the edits and view_check_refcounts() verifies
 * that every live Glyph's count is the references that exist (the document
 * holds text only, no glyph references). */
#include "document.h"
#include "testutil.h"
#include "view.h"

#include <string.h>

/* Lays out @view's screen and checks every live Glyph's reference count. */
static void assert_view_refcounts(View *view)
{
  guint n;
  (void)view_visible(view, &n);
  g_autoptr(GError) error = NULL;
  g_assert_true(view_check_refcounts(view, NULL, &error));
  g_assert_no_error(error);
}

/* The same through a view made for the check (800 x 600), then freed. */
static void assert_refcounts(TestFonts *f, Document *doc)
{
  g_autoptr(View) view = view_new(doc, f->layout, 800, 600);
  assert_view_refcounts(view);
}

static void check_unreferenced(Glyph *glyph, void *data)
{
  g_assert_cmpuint(glyph->refcount, ==, 0);
}

/* Nobody holds a shared glyph any more (every view is gone). */
static void assert_no_references(const TestFonts *f)
{
  glyph_factory_foreach_shared(f->factory, check_unreferenced, NULL);
  GlyphFactoryStats st;
  glyph_factory_get_stats(f->factory, &st);
  g_assert_cmpuint(st.private_alive, ==, 0);
}

/* Every glyph drawn on @view's screen is drawn at the size of the style run
 * its cluster is in (the Glyph's style is the face that draws it, which may be
 * a fallback, but always at the run's size). */
static void assert_drawn_in_run_styles(View *view, const Document *doc)
{
  const GlyphFactory *factory = document_factory(doc);
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++) {
      DocPos at = {pieces[i].para, pieces[i].places[k].cluster};
      const GlyphStyle *want = glyph_factory_style_info(factory, document_style_at(doc, at));
      const GlyphStyle *got = glyph_factory_style_info(factory, pieces[i].glyphs[k].glyph->style);
      g_assert_cmpuint(got->px, ==, want->px);
    }
}

/* Drawn glyphs on @view's screen with glyph id @id in @style. */
static guint drawn_count(View *view, StyleId style, guint32 id)
{
  guint n, count = 0;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++) {
      const Glyph *g = pieces[i].glyphs[k].glyph;
      count += g->style == style && g->glyph_id == id;
    }
  return count;
}

typedef struct {
  StyleId style;
  guint32 id;
  guint glyphs; /* shared Glyphs of the key (any phase) */
  guint64 refs; /* the sum of their counts */
} KeyRefs;

static void add_key_refs(Glyph *glyph, void *data)
{
  KeyRefs *k = data;
  if (glyph->style == k->style && glyph->glyph_id == k->id) {
    k->glyphs++;
    k->refs += glyph->refcount;
  }
}

/* References to the shared glyphs of (@style, @id), over every subpixel phase. */
static guint64 key_refs(const TestFonts *f, StyleId style, guint32 id, guint *glyphs)
{
  KeyRefs k = {style, id, 0, 0};
  glyph_factory_foreach_shared(f->factory, add_key_refs, &k);
  if (glyphs != NULL)
    *glyphs = k.glyphs;
  return k.refs;
}

static void assert_text(const Document *doc, const char *expected)
{
  g_autofree char *text = document_get_all_text(doc);
  g_assert_cmpstr(text, ==, expected);
}

static void test_round_trip_scripts(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *samples[] = {
      "plain ASCII",
      "café naïve façade",
      "Ελληνικά: λόγος",
      "漢字と日本語",
      "emoji 😀🚀 and ❤️",
      "हिन्दी क्षि and العربية and עברית",
      "ภาษาไทยง่ายนิดเดียว",
      "tab\there\tand there",
      "line one\n\nline three after an empty one",
      "",
      "\n",
      "\n\n\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS(samples); i++) {
    Document *doc = document_new(f.factory, f.style);
    g_autoptr(GError) error = NULL;
    g_assert_true(document_insert(doc, document_start(doc), samples[i], -1, f.style, NULL, &error));
    g_assert_no_error(error);
    assert_text(doc, samples[i]);
    g_assert_cmpuint(document_char_count(doc), ==,
                     g_utf8_strlen(samples[i], -1) - (document_paragraph_count(doc) - 1));
    g_assert_cmpuint(document_byte_count(doc), ==,
                     strlen(samples[i]) - (document_paragraph_count(doc) - 1));
    assert_refcounts(&f, doc);
    document_free(doc);
    assert_no_references(&f); /* the view gave back every reference it took */
  }
  test_fonts_clear(&f);
}

/* A Glyph's count is the drawn glyphs that use it: "banana" drawn holds three
 * references to (style, 'a') over its subpixel phases, two to 'n'; deleting
 * "ba" gives the b's back. */
static void test_refcount_is_drawn_occurrences(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  View *view = view_new(doc, f.layout, 800, 600);
  document_insert(doc, document_start(doc), "banana", -1, f.style, NULL, NULL);
  guint32 a = test_glyph_id(f.sans, 'a'), n = test_glyph_id(f.sans, 'n'),
          b = test_glyph_id(f.sans, 'b');
  g_assert_cmpuint(drawn_count(view, f.style, a), ==, 3);
  g_assert_cmpuint(key_refs(&f, f.style, a, NULL), ==, 3);
  g_assert_cmpuint(key_refs(&f, f.style, n, NULL), ==, 2);
  g_assert_cmpuint(key_refs(&f, f.style, b, NULL), ==, 1);
  assert_view_refcounts(view);
  document_delete(doc, (DocPos){0, 0}, (DocPos){0, 2}); /* "nana" */
  g_assert_cmpuint(drawn_count(view, f.style, a), ==, 2);
  g_assert_cmpuint(key_refs(&f, f.style, a, NULL), ==, 2);
  g_assert_cmpuint(key_refs(&f, f.style, n, NULL), ==, 2);
  g_assert_cmpuint(key_refs(&f, f.style, b, NULL), ==, 0);
  assert_view_refcounts(view);
  view_free(view);
  assert_no_references(&f);
  document_free(doc);
  test_fonts_clear(&f);
}

/* The Ω's Glyph is freed once the last drawn Ω is gone from the screen. */
static void test_glyph_freed_when_last_character_goes(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  View *view = view_new(doc, f.layout, 800, 600);
  document_insert(doc, document_start(doc), "xΩx", -1, f.style, NULL, NULL);
  guint32 omega = test_glyph_id(f.sans, 0x3A9);
  g_assert_cmpuint(omega, !=, 0);
  guint glyphs = 0;
  g_assert_cmpuint(drawn_count(view, f.style, omega), ==, 1);
  g_assert_cmpuint(key_refs(&f, f.style, omega, &glyphs), ==, 1);
  g_assert_cmpuint(glyphs, ==, 1);
  GlyphFactoryStats before, after;
  glyph_factory_get_stats(f.factory, &before);
  document_delete(doc, (DocPos){0, 1}, (DocPos){0, 3}); /* the omega */
  assert_view_refcounts(view);
  glyph_factory_get_stats(f.factory, &after);
  g_assert_cmpuint(key_refs(&f, f.style, omega, &glyphs), ==, 0);
  g_assert_cmpuint(glyphs, ==, 0); /* freed, not kept at zero */
  g_assert_cmpuint(after.freed, >, before.freed);
  g_assert_cmpuint(after.alive, <, before.alive);
  assert_text(doc, "xx");
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_split_and_join_paragraphs(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  View *view = view_new(doc, f.layout, 800, 600);
  DocPos end;
  document_insert(doc, document_start(doc), "hello world", -1, f.style, &end, NULL);
  g_assert_cmpuint(end.offset, ==, 11);
  assert_view_refcounts(view);
  document_insert(doc, (DocPos){0, 5}, "\r\n", -1, f.style, &end, NULL);
  g_assert_cmpuint(document_paragraph_count(doc), ==, 2);
  g_assert_cmpuint(end.para, ==, 1);
  g_assert_cmpuint(end.offset, ==, 0);
  assert_text(doc, "hello\n world");
  assert_view_refcounts(view);
  document_insert(doc, (DocPos){1, 0}, "big\rnew\nlines", -1, f.style, &end, NULL);
  assert_text(doc, "hello\nbig\nnew\nlines world");
  g_assert_cmpuint(end.para, ==, 3);
  g_assert_cmpuint(end.offset, ==, 5);
  assert_view_refcounts(view);
  document_delete(doc, (DocPos){0, 2}, (DocPos){3, 2});
  assert_text(doc, "henes world");
  g_assert_cmpuint(document_paragraph_count(doc), ==, 1);
  g_assert_cmpuint(document_char_count(doc), ==, 11);
  assert_view_refcounts(view);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_invalid_utf8_refused(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  document_insert(doc, document_start(doc), "keep", -1, f.style, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_false(document_insert(doc, (DocPos){0, 2}, "bad\xC3(", -1, f.style, NULL, &error));
  g_assert_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_INVALID_UTF8);
  assert_text(doc, "keep");
  assert_refcounts(&f, doc);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_restyle_runs(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 30);
  Document *doc = document_new(f.factory, f.style);
  View *view = view_new(doc, f.layout, 800, 600);
  document_insert(doc, document_start(doc), "one two\nthree", -1, f.style, NULL, NULL);
  document_restyle(doc, (DocPos){0, 4}, (DocPos){1, 2}, big);
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 3}), ==, f.style);
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 4}), ==, big);
  g_assert_cmpuint(document_style_at(doc, (DocPos){1, 1}), ==, big);
  g_assert_cmpuint(document_style_at(doc, (DocPos){1, 2}), ==, f.style);
  /* drawing follows the runs: "w" only big, one "o" in each style */
  guint32 w = test_glyph_id(f.sans, 'w'), o = test_glyph_id(f.sans, 'o');
  g_assert_cmpuint(drawn_count(view, big, w), ==, 1);
  g_assert_cmpuint(drawn_count(view, f.style, w), ==, 0);
  g_assert_cmpuint(drawn_count(view, big, o), ==, 1);
  g_assert_cmpuint(drawn_count(view, f.style, o), ==, 1);
  g_assert_cmpuint(key_refs(&f, big, w, NULL), ==, 1);
  g_assert_cmpuint(key_refs(&f, f.style, o, NULL), ==, 1);
  assert_drawn_in_run_styles(view, doc);
  assert_view_refcounts(view);
  /* the runs of a range describe get_text's output and re-insert identically */
  g_autoptr(GArray) runs = document_get_runs(doc, (DocPos){0, 2}, (DocPos){1, 4});
  g_autofree char *text = document_get_text(doc, (DocPos){0, 2}, (DocPos){1, 4});
  g_assert_cmpstr(text, ==, "e two\nthre");
  g_assert_cmpuint(runs->len, ==, 3);
  g_assert_cmpuint(g_array_index(runs, StyleRun, 1).offset, ==, 2);
  g_assert_cmpuint(g_array_index(runs, StyleRun, 2).offset, ==, 8);
  view_free(view);
  document_free(doc);
  Document *copy = document_new(f.factory, f.style);
  document_insert_styled(copy, document_start(copy), text, -1, (StyleRun *)runs->data, runs->len,
                         NULL, NULL);
  g_autoptr(GArray) runs2 = document_get_runs(copy, document_start(copy), document_end(copy));
  g_assert_cmpuint(runs2->len, ==, runs->len);
  for (guint i = 0; i < runs->len; i++) { /* field by field: StyleRun has padding */
    g_assert_cmpuint(g_array_index(runs2, StyleRun, i).offset, ==,
                     g_array_index(runs, StyleRun, i).offset);
    g_assert_cmpuint(g_array_index(runs2, StyleRun, i).style, ==,
                     g_array_index(runs, StyleRun, i).style);
  }
  assert_refcounts(&f, copy);
  document_free(copy);
  test_fonts_clear(&f);
}

/* Glyph occurrences of @doc: shaped glyphs of every character but tabs (the
 * texts below have one glyph per character in DejaVu Sans or its fallbacks). */
static guint64 occurrences(const Document *doc)
{
  guint64 n = 0;
  for (guint32 p = 0; p < document_paragraph_count(doc); p++) {
    DocCharIter it;
    document_iter_init(doc, &it, p, 0);
    while (document_iter_next(&it))
      n += it.cp != '\t';
  }
  return n;
}

/* The flyweight off and on again, through the view: going off over a budget is
 * refused and changes nothing; off, every drawn glyph is a private Glyph of its
 * own, one per glyph occurrence of the document, also after edits; back on,
 * drawn glyphs are the shared ones again and no private glyph is left. */
static void test_sharing_off_and_on(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  View *view = view_new(doc, f.layout, 800, 600);
  const char *text = "aaaa bbbb αα\nsecond line 漢";
  document_insert(doc, document_start(doc), text, -1, f.style, NULL, NULL);
  assert_view_refcounts(view);
  GlyphFactoryStats on;
  glyph_factory_get_stats(f.factory, &on);
  guint64 estimate = private_glyphs_estimate(doc);
  g_autoptr(GError) error = NULL;
  g_assert_false(view_set_sharing(view, false, 100, &error)); /* over a tiny budget */
  g_assert_error(error, VIEW_ERROR, VIEW_ERROR_OVER_BUDGET);
  g_clear_error(&error);
  g_assert_true(view_get_sharing(view));
  g_assert_true(glyph_factory_get_sharing(f.factory));
  g_assert_cmpuint(view_private_glyph_count(view), ==, 0);
  assert_view_refcounts(view);

  g_assert_true(view_set_sharing(view, false, G_MAXUINT64, &error));
  g_assert_no_error(error);
  g_assert_false(view_get_sharing(view));
  GlyphFactoryStats off;
  glyph_factory_get_stats(f.factory, &off);
  g_assert_cmpuint(view_private_glyph_count(view), ==, occurrences(doc));
  g_assert_cmpuint(off.private_alive, ==, view_private_glyph_count(view));
  g_assert_cmpuint(off.intrinsic_bytes - on.intrinsic_bytes, <=, 2 * estimate);
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++) {
      Glyph *g = pieces[i].glyphs[k].glyph;
      g_assert_true(g->flags & GLYPH_PRIVATE);
      g_assert_true(g_hash_table_add(seen, g)); /* each its own */
      g_assert_cmpuint(g->refcount, ==, 2);     /* the store's and the drawn glyph's */
    }
  assert_text(doc, text);
  assert_view_refcounts(view);

  /* editing while off rebuilds the private glyphs of the edited paragraphs */
  document_insert(doc, (DocPos){0, 2}, "xy\nz", -1, f.style, NULL, NULL);
  assert_view_refcounts(view);
  document_delete(doc, (DocPos){0, 0}, (DocPos){0, 1});
  assert_view_refcounts(view);
  glyph_factory_get_stats(f.factory, &off);
  g_assert_cmpuint(view_private_glyph_count(view), ==, occurrences(doc));
  g_assert_cmpuint(off.private_alive, ==, occurrences(doc));

  g_assert_true(view_set_sharing(view, true, 0, &error));
  g_assert_no_error(error);
  g_assert_true(view_get_sharing(view));
  g_assert_true(glyph_factory_get_sharing(f.factory));
  GlyphFactoryStats back;
  glyph_factory_get_stats(f.factory, &back);
  g_assert_cmpuint(back.private_alive, ==, 0);
  g_assert_cmpuint(view_private_glyph_count(view), ==, 0);
  pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++) {
      Glyph *g = pieces[i].glyphs[k].glyph;
      g_assert_false(g->flags & GLYPH_PRIVATE);
      g_assert_true(g == glyph_factory_lookup(f.factory, g->style, g->glyph_id, g->phase));
    }
  assert_view_refcounts(view);
  view_free(view);
  assert_no_references(&f);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Freeing a view while the flyweight is off gives every private glyph back
 * and puts the factory back on, so the next view starts shared. */
static void test_view_freed_while_off(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  document_insert(doc, document_start(doc), "private glyphs\nfreed", -1, f.style, NULL, NULL);
  View *view = view_new(doc, f.layout, 800, 600);
  g_assert_true(view_set_sharing(view, false, G_MAXUINT64, NULL));
  assert_view_refcounts(view);
  view_free(view);
  assert_no_references(&f);
  g_assert_true(glyph_factory_get_sharing(f.factory));
  view = view_new(doc, f.layout, 800, 600);
  g_assert_true(view_get_sharing(view));
  assert_view_refcounts(view);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_append_and_bytes(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  for (int i = 0; i < 1000; i++) {
    g_autofree char *line = g_strdup_printf("paragraph number %d of the test", i);
    g_assert_true(document_append_paragraph(doc, line, strlen(line), LINE_END_LF, NULL));
  }
  document_compact(doc);
  g_assert_cmpuint(document_paragraph_count(doc), ==, 1000);
  guint32 len;
  const char *p = document_paragraph_text(doc, 999, &len);
  g_assert_cmpmem(p, len, "paragraph number 999 of the test", 32);
  /* about a byte per character plus a 32-byte record per paragraph */
  guint64 bytes = document_bytes(doc);
  g_assert_cmpuint(bytes, <, document_byte_count(doc) + 1000 * 32 + (2u << 20));
  assert_refcounts(&f, doc);
  /* an edit in an arena paragraph moves it to its own storage */
  document_insert(doc, (DocPos){500, 0}, "edited ", -1, f.style, NULL, NULL);
  p = document_paragraph_text(doc, 500, &len);
  g_assert_cmpmem(p, len, "edited paragraph number 500 of the test", 39);
  assert_refcounts(&f, doc);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Appending with style runs (loading a styled file): neighbours of one style
 * merge, an empty paragraph keeps its run's style, U+0000 is text; drawn with
 * the flyweight on and off, each glyph at its run's size. */
static void test_append_styled(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 24);
  for (int sharing = 1; sharing >= 0; sharing--) {
    Document *doc = document_new(f.factory, f.style);
    View *view = view_new(doc, f.layout, 800, 600);
    g_assert_true(view_set_sharing(view, sharing, G_MAXUINT64, NULL));
    const StyleRun runs[] = {{0, big}, {2, big}, {3, f.style}, {6, big}};
    g_assert_true(document_append_styled_paragraph(doc,
                                                   "ab\0d\xc3\xa9"
                                                   "f",
                                                   7, LINE_END_CRLF, runs, G_N_ELEMENTS(runs),
                                                   NULL));
    const StyleRun one = {0, big};
    g_assert_true(document_append_styled_paragraph(doc, "", 0, LINE_END_LF, &one, 1, NULL));
    g_assert_true(
        document_append_styled_paragraph(doc, "plain\0", 6, LINE_END_NONE, NULL, 0, NULL));
    g_assert_cmpuint(document_paragraph_count(doc), ==, 3);
    g_assert_cmpuint(document_char_count(doc), ==, 6 + 6);
    guint n;
    const StyleRun *got = document_paragraph_runs(doc, 0, &n);
    g_assert_cmpuint(n, ==, 3); /* {0, big} and {2, big} merged */
    g_assert_cmpuint(got[0].offset, ==, 0);
    g_assert_cmpuint(got[0].style, ==, big);
    g_assert_cmpuint(got[1].offset, ==, 3);
    g_assert_cmpuint(got[1].style, ==, f.style);
    g_assert_cmpuint(got[2].offset, ==, 6);
    g_assert_cmpuint(got[2].style, ==, big);
    g_assert_cmpint(document_paragraph_ending(doc, 0), ==, LINE_END_CRLF);
    g_assert_cmpuint(document_style_at(doc, (DocPos){1, 0}), ==, big);
    g_assert_cmpuint(document_style_at(doc, (DocPos){2, 3}), ==, f.style);
    g_assert_cmpint(document_paragraph_line_height(doc, 1), >,
                    document_paragraph_line_height(doc, 2));
    assert_view_refcounts(view);
    assert_drawn_in_run_styles(view, doc);
    g_assert_cmpuint(view_drawn_glyph_count(view), >, 0);
    document_delete(doc, document_start(doc), document_end(doc));
    assert_view_refcounts(view);
    g_assert_cmpuint(document_bytes(doc), <, 1u << 20); /* the counts did not wrap */
    view_free(view);
    document_free(doc);
    assert_no_references(&f);
  }
  test_fonts_clear(&f);
}

/* Random inserts, deletes and restyles against a GString model, with the
 * flyweight toggled among them; after every step the text and counts match
 * the model and a laid-out view's references are exact. */
static void test_random_edits_keep_counts(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 24);
  Document *doc = document_new(f.factory, f.style);
  View *view = view_new(doc, f.layout, 400, 300);
  GString *model = g_string_new(NULL);
  GRand *rand = g_rand_new_with_seed(20261122);
  const char *pieces[] = {"a", "é", "\n", "漢", "xy z", "😀", "\t", "क्षि", "ก่", "e\xcc\x82"};
  for (int step = 0; step < 1500; step++) {
    g_autofree char *text = document_get_all_text(doc);
    g_assert_cmpstr(text, ==, model->str);
    glong n = g_utf8_strlen(model->str, -1);
    glong at = g_rand_int_range(rand, 0, (gint32)n + 1);
    /* a model offset -> document position: count paragraphs before it */
    const char *at_ptr = g_utf8_offset_to_pointer(model->str, at);
    DocPos pos = {0, 0};
    for (const char *s = model->str; s < at_ptr; s++)
      pos = *s == '\n' ? (DocPos){pos.para + 1, 0} : (DocPos){pos.para, pos.offset + 1};
    int op = g_rand_int_range(rand, 0, 11);
    if (op < 5) {
      const char *piece = pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))];
      document_insert(doc, pos, piece, -1, op == 0 ? big : f.style, NULL, NULL);
      g_string_insert(model, at_ptr - model->str, piece);
    } else if (op < 8 && at < n) {
      DocPos end = document_next_char(doc, pos);
      const char *next = g_utf8_next_char(at_ptr);
      document_delete(doc, pos, end);
      g_string_erase(model, at_ptr - model->str, next - at_ptr);
    } else if (op == 8) {
      document_restyle(doc, document_start(doc), pos, big);
    } else if (op == 9) {
      view_scroll_to(view, g_rand_int_range(rand, 0, 2000));
    } else {
      g_assert_true(view_set_sharing(view, !view_get_sharing(view), G_MAXUINT64, NULL));
    }
    assert_view_refcounts(view);
    if (step % 50 == 0)
      assert_drawn_in_run_styles(view, doc);
    g_assert_cmpuint(document_char_count(doc) + document_paragraph_count(doc) - 1, ==,
                     g_utf8_strlen(model->str, -1));
  }
  g_rand_free(rand);
  g_string_free(model, TRUE);
  view_free(view);
  assert_no_references(&f);
  document_free(doc);
  test_fonts_clear(&f);
}

/* One step of the iterator as the public API describes it, for comparing. */
typedef struct {
  gunichar cp;
  guint32 offset, next;
  StyleId style;
} IterStep;

static GArray *walk(const Document *doc, guint32 para, guint32 from)
{
  GArray *steps = g_array_new(FALSE, FALSE, sizeof(IterStep));
  DocCharIter it;
  document_iter_init(doc, &it, para, from);
  while (document_iter_next(&it)) {
    IterStep s = {it.cp, it.offset, it.next, it.style};
    g_array_append_val(steps, s);
  }
  return steps;
}

static void assert_same_steps(const IterStep *a, const IterStep *b, guint n)
{
  for (guint i = 0; i < n; i++) {
    g_assert_cmpuint(a[i].cp, ==, b[i].cp);
    g_assert_cmpuint(a[i].offset, ==, b[i].offset);
    g_assert_cmpuint(a[i].next, ==, b[i].next);
    g_assert_cmpuint(a[i].style, ==, b[i].style);
  }
}

/* The iterator (inline ASCII path and general path) against decoding the
 * text and the style runs by hand; starting anywhere, copied, stepped back. */
static void test_iterator_matches_text(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 30);
  Document *doc = document_new(f.factory, f.style);
  const char *text = "Ab c\xc3\xa9 d\xe6\xbc\xa2"
                     "ef\tgh \xf0\x9f\x98\x80ij klmno";
  document_insert(doc, document_start(doc), text, -1, f.style, NULL, NULL);
  document_restyle(doc, (DocPos){0, 1}, (DocPos){0, 4}, big); /* "b c" */
  /* "漢e": a run that starts at a 3-byte character */
  document_restyle(doc, (DocPos){0, 8}, (DocPos){0, 12}, big);
  document_restyle(doc, (DocPos){0, 20}, (DocPos){0, 22}, big);
  g_autoptr(GArray) all = walk(doc, 0, 0);
  const IterStep *st = (const IterStep *)all->data;
  g_assert_cmpuint(all->len, ==, g_utf8_strlen(text, -1));
  const char *s = text;
  for (guint i = 0; i < all->len; i++, s = g_utf8_next_char(s)) {
    DocPos pos = {0, (guint32)(s - text)};
    g_assert_cmpuint(st[i].offset, ==, pos.offset);
    g_assert_cmpuint(st[i].cp, ==, g_utf8_get_char(s));
    g_assert_cmpuint(st[i].next, ==, (guint32)(g_utf8_next_char(s) - text));
    g_assert_cmpuint(st[i].style, ==, document_style_at(doc, pos));
    /* starting at this character gives the rest of the walk */
    g_autoptr(GArray) rest = walk(doc, 0, pos.offset);
    g_assert_cmpuint(rest->len, ==, all->len - i);
    assert_same_steps((const IterStep *)rest->data, &st[i], rest->len);
  }
  /* a copy resumes where it was made; a step back repeats the character */
  for (guint k = 0; k < all->len; k++) {
    DocCharIter it;
    document_iter_init(doc, &it, 0, 0);
    for (guint i = 0; i < k; i++)
      g_assert_true(document_iter_next(&it));
    DocCharIter saved = it;
    while (document_iter_next(&it)) {
    }
    g_assert_true(document_iter_next(&saved));
    g_assert_cmpuint(saved.offset, ==, st[k].offset);
    document_iter_unread(&saved);
    for (guint i = k; i < all->len; i++) {
      g_assert_true(document_iter_next(&saved));
      IterStep got = {saved.cp, saved.offset, saved.next, saved.style};
      assert_same_steps(&got, &st[i], 1);
    }
    g_assert_false(document_iter_next(&saved));
  }
  document_free(doc);
  test_fonts_clear(&f);
}

/* What an observer saw: the paragraph range and document_current_edit's answer. */
typedef struct {
  guint calls;
  guint32 first, removed, inserted;
  bool known; /* document_current_edit answered true */
  DocEdit edit;
} EditSeen;

static void record_edit(Document *doc, guint32 first, guint32 removed, guint32 inserted,
                        void *user_data)
{
  EditSeen *seen = user_data;
  seen->calls++;
  seen->first = first;
  seen->removed = removed;
  seen->inserted = inserted;
  seen->edit = (DocEdit){0};
  seen->known = document_current_edit(doc, &seen->edit);
}

static void assert_edit(const EditSeen *seen, guint32 para, guint32 offset, guint32 old_len,
                        guint32 new_len)
{
  g_assert_true(seen->known);
  g_assert_cmpuint(seen->edit.para, ==, para);
  g_assert_cmpuint(seen->edit.offset, ==, offset);
  g_assert_cmpuint(seen->edit.old_len, ==, old_len);
  g_assert_cmpuint(seen->edit.new_len, ==, new_len);
}

static void test_current_edit(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 30);
  Document *doc = document_new(f.factory, f.style);
  document_insert(doc, document_start(doc), "first line\nsecond line\nthird", -1, f.style, NULL,
                  NULL);
  EditSeen seen = {0};
  guint id = document_add_observer(doc, record_edit, &seen);
  DocEdit out;
  g_assert_false(document_current_edit(doc, &out)); /* only during a notification */
  /* typing and pasting without a line break: inside one paragraph */
  document_insert(doc, (DocPos){1, 7}, "x", -1, f.style, NULL, NULL);
  assert_edit(&seen, 1, 7, 0, 1);
  document_insert(doc, (DocPos){1, 0}, "caf\xc3\xa9 ", -1, big, NULL, NULL);
  assert_edit(&seen, 1, 0, 0, 6);
  /* a line break splits: not one paragraph's edit */
  document_insert(doc, (DocPos){0, 3}, "a\nb", -1, f.style, NULL, NULL);
  g_assert_false(seen.known);
  g_assert_cmpuint(seen.inserted, ==, 2);
  /* deleting within a paragraph, then across two */
  document_delete(doc, (DocPos){2, 2}, (DocPos){2, 8});
  assert_edit(&seen, 2, 2, 6, 0);
  document_delete(doc, (DocPos){0, 1}, (DocPos){1, 1});
  g_assert_false(seen.known);
  /* restyling part of one paragraph, then of two */
  document_restyle(doc, (DocPos){1, 1}, (DocPos){1, 4}, big);
  assert_edit(&seen, 1, 1, 3, 3);
  document_restyle(doc, (DocPos){0, 0}, (DocPos){1, 2}, big);
  g_assert_false(seen.known);
  /* loading and clearing replace paragraphs wholesale */
  guint calls = seen.calls;
  document_clear(doc);
  g_assert_cmpuint(seen.calls, ==, calls + 1);
  g_assert_false(seen.known);
  document_append_paragraph(doc, "loaded", 6, LINE_END_LF, NULL);
  g_assert_false(seen.known);
  g_assert_false(document_current_edit(doc, &out));
  document_remove_observer(doc, id);
  assert_refcounts(&f, doc);
  document_free(doc);
  test_fonts_clear(&f);
}

/* document_char_index counts characters like GLib does, at every boundary of
 * a line mixing 1- to 4-byte characters (longer than the 8-byte step). */
static void test_char_index(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  const char *text = "ab\xc3\xa9 \xe6\xbc\xa2\xe5\xad\x97 \xf0\x9f\x98\x80x caf\xc3\xa9 "
                     "plain ascii tail \xce\xbb\xcf\x8c\xce\xb3\xce\xbf\xcf\x82!";
  document_insert(doc, document_start(doc), "first\n", -1, f.style, NULL, NULL);
  document_insert(doc, (DocPos){1, 0}, text, -1, f.style, NULL, NULL);
  guint32 len;
  document_paragraph_text(doc, 1, &len);
  g_assert_cmpuint(len, ==, strlen(text));
  for (const char *s = text;; s = g_utf8_next_char(s)) {
    DocPos pos = {1, (guint32)(s - text)};
    g_assert_cmpuint(document_char_index(doc, pos), ==, g_utf8_pointer_to_offset(text, s));
    /* and back: document_pos_of_char is its inverse */
    DocPos back = document_pos_of_char(doc, 1, g_utf8_pointer_to_offset(text, s));
    g_assert_cmpuint(back.para, ==, 1);
    g_assert_cmpuint(back.offset, ==, pos.offset);
    if (*s == '\0')
      break;
  }
  DocPos past = document_pos_of_char(doc, 1, 100000); /* a column past the end: the end */
  g_assert_cmpuint(past.offset, ==, strlen(text));
  past = document_pos_of_char(doc, 7, 2); /* a line past the end: the last line */
  g_assert_cmpuint(past.para, ==, 1);
  g_assert_cmpuint(document_char_index(doc, (DocPos){0, 3}), ==, 3);
  g_assert_cmpuint(document_char_index(doc, (DocPos){1, 1000}), ==, g_utf8_strlen(text, -1));
  document_free(doc);
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/document/text/round-trip", test_round_trip_scripts);
  g_test_add_func("/document/refcount/drawn-occurrences", test_refcount_is_drawn_occurrences);
  g_test_add_func("/document/refcount/freed-at-zero", test_glyph_freed_when_last_character_goes);
  g_test_add_func("/document/edit/split-join", test_split_and_join_paragraphs);
  g_test_add_func("/document/edit/invalid-utf8", test_invalid_utf8_refused);
  g_test_add_func("/document/style/restyle", test_restyle_runs);
  g_test_add_func("/document/flyweight/off-on", test_sharing_off_and_on);
  g_test_add_func("/document/flyweight/view-freed-while-off", test_view_freed_while_off);
  g_test_add_func("/document/load/append", test_append_and_bytes);
  g_test_add_func("/document/load/append-styled", test_append_styled);
  g_test_add_func("/document/edit/random", test_random_edits_keep_counts);
  g_test_add_func("/document/iter/matches-text", test_iterator_matches_text);
  g_test_add_func("/document/observe/current-edit", test_current_edit);
  g_test_add_func("/document/positions/char-index", test_char_index);
  return g_test_run();
}
