/* test_editor.c — the editing commands: typing, movement by grapheme cluster
 * and by word (ICU's rules and dictionaries), Backspace and Delete over
 * clusters, selection, clipboard, undo/redo (text, styles and cursor),
 * grouping, the modified flag, refusing invalid UTF-8, and glyph reference
 * counts after any sequence.
 *
 * Every test runs on a fresh Editor over a real GlyphFactory and the real
 * segmenter (DejaVu Sans 16 px, plus DejaVu Serif 24 px as the second style
 * for restyling), with a View over its document: the document holds text
 * only, so the Glyph references to check are the ones drawing takes. */
#include "editor.h"
#include "testutil.h"
#include "view.h"

#include <string.h>

typedef struct {
  TestFonts fonts;
  StyleId sans;  /* DejaVu Sans 16 px, the document's default */
  StyleId serif; /* DejaVu Serif 24 px */
  Editor *ed;
  View *view; /* over the editor's document: drawing holds the glyph references */
} Fixture;

/* A fresh editor (the old one and its view freed) and a view of its document. */
static void fixture_new_editor(Fixture *fx)
{
  view_free(fx->view);
  editor_free(fx->ed);
  fx->ed = editor_new(fx->fonts.factory, fx->fonts.segmenter, fx->sans);
  fx->view = view_new(editor_document(fx->ed), fx->fonts.layout, 800, 600);
}

static void assert_refcounts(Fixture *fx);
static bool on_cluster_boundary(Fixture *fx, DocPos pos);

static void fixture_setup(Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  test_fonts_init(&fx->fonts);
  fx->sans = fx->fonts.style;
  Typeface *serif = typeface_set_lookup(fx->fonts.set, "DejaVu Serif", &error);
  g_assert_no_error(error);
  fx->serif = glyph_factory_style(fx->fonts.factory, serif, 24);
  g_assert_cmpuint(fx->serif, !=, STYLE_NONE);
  g_assert_cmpuint(fx->serif, !=, fx->sans);
  fixture_new_editor(fx);
}

static void fixture_teardown(Fixture *fx, gconstpointer data)
{
  assert_refcounts(fx);
  view_free(fx->view);
  editor_free(fx->ed);
  test_fonts_clear(&fx->fonts);
}

/* ---------------------------------------------------------------- helpers */

static char *all_text(Fixture *fx)
{
  return document_get_all_text(editor_document(fx->ed));
}

#define assert_text(fx, expected) \
  do { \
    g_autofree char *text_ = all_text(fx); \
    g_assert_cmpstr(text_, ==, (expected)); \
  } while (0)

#define assert_pos(pos, p, o) \
  do { \
    DocPos pos_ = (pos); \
    g_assert_cmpuint(pos_.para, ==, (p)); \
    g_assert_cmpuint(pos_.offset, ==, (o)); \
  } while (0)

static void type(Fixture *fx, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(editor_insert(fx->ed, text, &error));
  g_assert_no_error(error);
}

/* Types @text one character at a time, as the keyboard does. */
static void type_keys(Fixture *fx, const char *text)
{
  for (const char *s = text; *s != '\0'; s = g_utf8_next_char(s)) {
    char key[8] = {0};
    memcpy(key, s, (size_t)(g_utf8_next_char(s) - s));
    type(fx, key);
  }
}

static GArray *all_runs(Fixture *fx)
{
  Document *doc = editor_document(fx->ed);
  return document_get_runs(doc, document_start(doc), document_end(doc));
}

static void assert_runs_equal(GArray *a, GArray *b)
{
  g_assert_cmpuint(a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++) {
    g_assert_cmpuint(g_array_index(a, StyleRun, i).offset, ==,
                     g_array_index(b, StyleRun, i).offset);
    g_assert_cmpuint(g_array_index(a, StyleRun, i).style, ==, g_array_index(b, StyleRun, i).style);
  }
}

/* Lays out the screen as the document is now and checks that every live
 * Glyph's count is the references that exist (view.h). */
static void assert_refcounts(Fixture *fx)
{
  guint n;
  (void)view_visible(fx->view, &n);
  g_autoptr(GError) error = NULL;
  g_assert_true(view_check_refcounts(fx->view, NULL, &error));
  g_assert_no_error(error);
}

static void select_range(Fixture *fx, guint32 p0, guint32 o0, guint32 p1, guint32 o1)
{
  editor_set_cursor(fx->ed, (DocPos){p0, o0}, false);
  editor_set_cursor(fx->ed, (DocPos){p1, o1}, true);
}

/* ---------------------------------------------------------------- typing */

static void test_type_basic(Fixture *fx, gconstpointer data)
{
  assert_text(fx, "");
  g_assert_false(editor_modified(fx->ed));
  type(fx, "abc");
  assert_text(fx, "abc");
  assert_pos(editor_cursor(fx->ed), 0, 3);
  g_assert_false(editor_has_selection(fx->ed));
  g_assert_true(editor_modified(fx->ed));
  editor_set_cursor(fx->ed, (DocPos){0, 1}, false);
  type(fx, "é中");
  assert_text(fx, "aé中bc");
  assert_pos(editor_cursor(fx->ed), 0, 6);
}

static void test_type_newlines(Fixture *fx, gconstpointer data)
{
  type(fx, "ab\ncd");
  g_assert_cmpuint(document_paragraph_count(editor_document(fx->ed)), ==, 2);
  assert_pos(editor_cursor(fx->ed), 1, 2);
  type(fx, "\r\nx\ry");
  assert_text(fx, "ab\ncd\nx\ny");
  assert_pos(editor_cursor(fx->ed), 3, 1);
  g_assert_cmpuint(document_paragraph_count(editor_document(fx->ed)), ==, 4);
}

/* Undo puts back each deleted line's own ending: in a file of mixed endings
 * a CRLF line deleted by a selection, by Backspace over its break, or by
 * Delete comes back CRLF (it used to come back with the document's default,
 * and was saved so); redo deletes it again. */
static void test_undo_keeps_line_endings(Fixture *fx, gconstpointer data)
{
  Document *doc = editor_document(fx->ed);
  type(fx, "one\ntwo\nthree\nfour");
  document_set_paragraph_ending(doc, 1, LINE_END_CRLF);
  document_set_paragraph_ending(doc, 2, LINE_END_CR);
  editor_set_cursor(fx->ed, (DocPos){0, 1}, false);
  editor_set_cursor(fx->ed, (DocPos){3, 1}, true);
  editor_backspace(fx->ed); /* the selection: three line breaks */
  assert_text(fx, "oour");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "one\ntwo\nthree\nfour");
  g_assert_cmpuint(document_paragraph_ending(doc, 1), ==, LINE_END_CRLF);
  g_assert_cmpuint(document_paragraph_ending(doc, 2), ==, LINE_END_CR);
  g_assert_true(editor_redo(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  g_assert_cmpuint(document_paragraph_ending(doc, 2), ==, LINE_END_CR);
  editor_set_cursor(fx->ed, (DocPos){2, 0}, false);
  editor_backspace(fx->ed); /* one break, backwards */
  editor_set_cursor(fx->ed, (DocPos){1, 8}, false);
  editor_delete_forward(fx->ed); /* the next, forwards: "twothreefour" */
  assert_text(fx, "one\ntwothreefour");
  g_assert_true(editor_undo(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "one\ntwo\nthree\nfour");
  g_assert_cmpuint(document_paragraph_ending(doc, 1), ==, LINE_END_CRLF);
  g_assert_cmpuint(document_paragraph_ending(doc, 2), ==, LINE_END_CR);
  /* two breaks backspaced in one group (an empty line between): one undo */
  editor_set_cursor(fx->ed, (DocPos){1, 3}, false);
  type(fx, "\n");
  document_set_paragraph_ending(doc, 1, LINE_END_CR);
  document_set_paragraph_ending(doc, 2, LINE_END_CRLF); /* the empty line's */
  editor_set_cursor(fx->ed, (DocPos){3, 0}, false);
  editor_backspace(fx->ed);
  editor_backspace(fx->ed);
  assert_text(fx, "one\ntwothree\nfour");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "one\ntwo\n\nthree\nfour");
  g_assert_cmpuint(document_paragraph_ending(doc, 1), ==, LINE_END_CR);
  g_assert_cmpuint(document_paragraph_ending(doc, 2), ==, LINE_END_CRLF);
  g_assert_true(document_check(doc, NULL));
}

static void test_type_replaces_selection(Fixture *fx, gconstpointer data)
{
  type(fx, "hello\nbig world");
  select_range(fx, 0, 2, 1, 3);
  type(fx, "Y\nZ");
  assert_text(fx, "heY\nZ world");
  assert_pos(editor_cursor(fx->ed), 1, 1);
  g_assert_false(editor_has_selection(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "hello\nbig world");
  assert_pos(editor_anchor(fx->ed), 0, 2);
  assert_pos(editor_cursor(fx->ed), 1, 3);
  g_assert_true(editor_redo(fx->ed));
  assert_text(fx, "heY\nZ world");
  assert_pos(editor_cursor(fx->ed), 1, 1);
}

static void test_invalid_utf8(Fixture *fx, gconstpointer data)
{
  type(fx, "ab\ncd");
  select_range(fx, 0, 1, 1, 1);
  guint steps = editor_undo_steps(fx->ed);
  guint64 generation = editor_generation(fx->ed);
  g_autoptr(GArray) runs_before = all_runs(fx);
  const char *bad[] = {"\xff", "x\xc3", "ok\xed\xa0\x80" /* surrogate */};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GError) error = NULL;
    g_assert_false(editor_insert(fx->ed, bad[i], &error));
    g_assert_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_INVALID_UTF8);
    assert_text(fx, "ab\ncd");
    assert_pos(editor_anchor(fx->ed), 0, 1);
    assert_pos(editor_cursor(fx->ed), 1, 1);
    g_assert_cmpuint(editor_undo_steps(fx->ed), ==, steps);
    g_assert_cmpuint(editor_generation(fx->ed), ==, generation);
    g_autoptr(GArray) runs_after = all_runs(fx);
    assert_runs_equal(runs_before, runs_after);
  }
  assert_refcounts(fx);
}

/* ---------------------------------------------------------------- movement */

static void test_move_char(Fixture *fx, gconstpointer data)
{
  type(fx, "aé\nb");
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
  assert_pos(editor_cursor(fx->ed), 0, 0);
  editor_move(fx->ed, EDITOR_MOVE_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 0);
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, false);
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 0, 3); /* é is two bytes */
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 1, 0);
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, false);
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 1, 1);
  editor_move(fx->ed, EDITOR_MOVE_LEFT, false);
  editor_move(fx->ed, EDITOR_MOVE_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 3);
}

static void test_move_para_doc(Fixture *fx, gconstpointer data)
{
  type(fx, "one\ntwo two\nthree");
  editor_set_cursor(fx->ed, (DocPos){1, 2}, false);
  editor_move(fx->ed, EDITOR_MOVE_PARA_END, false);
  assert_pos(editor_cursor(fx->ed), 1, 7);
  editor_move(fx->ed, EDITOR_MOVE_PARA_START, false);
  assert_pos(editor_cursor(fx->ed), 1, 0);
  editor_move(fx->ed, EDITOR_MOVE_DOC_END, false);
  assert_pos(editor_cursor(fx->ed), 2, 5);
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, true);
  assert_pos(editor_cursor(fx->ed), 0, 0);
  assert_pos(editor_anchor(fx->ed), 2, 5);
}

static void test_move_word(Fixture *fx, gconstpointer data)
{
  /* offsets:  0    5 7  10     17 */
  type(fx, "foo, bar_baz9...\n  qux;é\n\nend");
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
  editor_move(fx->ed, EDITOR_MOVE_WORD_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 0, 3); /* end of "foo" */
  editor_move(fx->ed, EDITOR_MOVE_WORD_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 0, 13); /* "_" and digits are word characters */
  editor_move(fx->ed, EDITOR_MOVE_WORD_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 1, 5); /* across the paragraph break */
  editor_move(fx->ed, EDITOR_MOVE_WORD_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 1, 8); /* é is a letter */
  editor_move(fx->ed, EDITOR_MOVE_WORD_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 3, 3); /* across an empty paragraph */
  editor_move(fx->ed, EDITOR_MOVE_WORD_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 3, 3); /* stays at the end */
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 3, 0);
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 1, 6); /* start of "é" */
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 1, 2);
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 5); /* back over "...\n  " */
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 0);
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 0);
}

static void test_move_collapses_selection(Fixture *fx, gconstpointer data)
{
  type(fx, "abcdef");
  select_range(fx, 0, 4, 0, 2);
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 0, 4);
  g_assert_false(editor_has_selection(fx->ed));
  select_range(fx, 0, 1, 0, 5);
  editor_move(fx->ed, EDITOR_MOVE_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 1);
  g_assert_false(editor_has_selection(fx->ed));
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, true);
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, true);
  assert_pos(editor_anchor(fx->ed), 0, 1);
  assert_pos(editor_cursor(fx->ed), 0, 3);
  DocPos start, end;
  editor_selection(fx->ed, &start, &end);
  assert_pos(start, 0, 1);
  assert_pos(end, 0, 3);
}

static void test_set_cursor_clamps(Fixture *fx, gconstpointer data)
{
  type(fx, "aé\nxyz");
  editor_set_cursor(fx->ed, (DocPos){7, 3}, false);
  assert_pos(editor_cursor(fx->ed), 1, 3);
  editor_set_cursor(fx->ed, (DocPos){0, 99}, false);
  assert_pos(editor_cursor(fx->ed), 0, 3);
  editor_set_cursor(fx->ed, (DocPos){0, 2}, false); /* inside é */
  DocPos pos = editor_cursor(fx->ed);
  g_assert_cmpuint(pos.para, ==, 0);
  g_assert_true(pos.offset == 1 || pos.offset == 3);
}

/* ---------------------------------------------------------------- grapheme clusters */

/* Texts that are one grapheme cluster each: what a reader sees as one character. */
static const char *const one_cluster[] = {
    "👨‍👩‍👧‍👦",            /* a family: four emoji joined by ZWJ */
    "क्षि",                                  /* क + virama + ष + vowel sign i (GB9c) */
    "🇯🇵",                                   /* a flag: two regional indicators */
    "1\xef\xb8\x8f\xe2\x83\xa3",            /* keycap 1: 1 + VS16 + U+20E3 */
    "👍🏽",                             /* thumbs up + skin tone modifier */
    "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", /* 한 as conjoining jamo L V T */
    "한",                                   /* the precomposed syllable */
    "กี่",                                    /* ก + sara ii + mai ek */
    "e\xcc\x82\xcc\x81",                    /* e + U+0302 + U+0301, decomposed */
};

/* The cursor stops before and after each cluster, never inside: "a" X "b"
 * takes three Right moves and three Left moves. */
static void test_move_over_clusters(Fixture *fx, gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS(one_cluster); i++) {
    const char *x = one_cluster[i];
    guint32 n = (guint32)strlen(x);
    g_test_message("cluster %s", x);
    fixture_new_editor(fx);
    type(fx, "a");
    type(fx, x);
    type(fx, "b");
    editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
    guint32 right[] = {1, 1 + n, 2 + n, 2 + n};
    for (guint k = 0; k < G_N_ELEMENTS(right); k++) {
      editor_move(fx->ed, EDITOR_MOVE_RIGHT, false);
      assert_pos(editor_cursor(fx->ed), 0, right[k]);
    }
    guint32 left[] = {1 + n, 1, 0, 0};
    for (guint k = 0; k < G_N_ELEMENTS(left); k++) {
      editor_move(fx->ed, EDITOR_MOVE_LEFT, false);
      assert_pos(editor_cursor(fx->ed), 0, left[k]);
    }
    /* Shift+Right selects the whole cluster */
    editor_set_cursor(fx->ed, (DocPos){0, 1}, false);
    editor_move(fx->ed, EDITOR_MOVE_RIGHT, true);
    g_autofree char *selected = editor_copy(fx->ed);
    g_assert_cmpstr(selected, ==, x);
    assert_refcounts(fx);
  }
}

/* Backspace at the end of a cluster: what it leaves. */
typedef struct {
  const char *text;
  const char *left; /* after one Backspace at the end */
} BackspaceCase;

/* Backspace takes a whole emoji, flag, keycap or Hangul syllable (typed as one
 * thing), but only the last code point of an Indic or Thai cluster or a
 * decomposed accent (so a mistyped mark is retyped without its letter); undo
 * brings it back. */
static void test_backspace_clusters(Fixture *fx, gconstpointer data)
{
  const BackspaceCase cases[] = {
      {"🇯🇵", ""},
      {"1\xef\xb8\x8f\xe2\x83\xa3", ""},
      {"👍🏽", ""},
      {"👨‍👩‍👧‍👦", ""},
      {"\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", ""},
      {"한", ""},
      {"क्षि", "क्ष"},
      {"กี่", "กี"},
      {"e\xcc\x82\xcc\x81", "e\xcc\x82"},
      {"x🇯🇵", "x"},
      {"🇯🇵🇫🇷", "🇯🇵"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_test_message("backspace after %s", cases[i].text);
    fixture_new_editor(fx);
    type(fx, cases[i].text);
    editor_backspace(fx->ed);
    assert_text(fx, cases[i].left);
    assert_pos(editor_cursor(fx->ed), 0, strlen(cases[i].left));
    assert_refcounts(fx);
    g_assert_true(editor_undo(fx->ed));
    assert_text(fx, cases[i].text);
    assert_pos(editor_cursor(fx->ed), 0, strlen(cases[i].text));
  }
}

/* Delete (forward) removes the whole cluster after the cursor, in every case. */
static void test_delete_forward_clusters(Fixture *fx, gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS(one_cluster); i++) {
    g_test_message("delete before %s", one_cluster[i]);
    fixture_new_editor(fx);
    type(fx, "a");
    type(fx, one_cluster[i]);
    type(fx, "z");
    editor_set_cursor(fx->ed, (DocPos){0, 1}, false);
    editor_delete_forward(fx->ed);
    assert_text(fx, "az");
    assert_pos(editor_cursor(fx->ed), 0, 1);
    assert_refcounts(fx);
    g_assert_true(editor_undo(fx->ed));
    g_autofree char *back = g_strconcat("a", one_cluster[i], "z", NULL);
    assert_text(fx, back);
  }
}

/* The offsets where Ctrl+Right stops in @text (one paragraph), from its start
 * to its end; each is a cluster boundary. */
static GArray *word_right_stops(Fixture *fx, const char *text)
{
  fixture_new_editor(fx);
  type(fx, text);
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
  GArray *stops = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (;;) {
    DocPos before = editor_cursor(fx->ed);
    editor_move(fx->ed, EDITOR_MOVE_WORD_RIGHT, false);
    DocPos after = editor_cursor(fx->ed);
    if (docpos_compare(after, before) == 0)
      break;
    g_assert_cmpint(docpos_compare(after, before), >, 0);
    g_assert_true(on_cluster_boundary(fx, after));
    g_array_append_val(stops, after.offset);
  }
  assert_pos(editor_cursor(fx->ed), 0, strlen(text));
  g_autoptr(GString) list = g_string_new(NULL);
  for (guint i = 0; i < stops->len; i++)
    g_string_append_printf(list, " %u", g_array_index(stops, guint32, i));
  g_test_message("Ctrl+Right in %s stops at%s", text, list->str);
  return stops;
}

static void assert_stops(GArray *stops, const guint32 *want, guint n)
{
  g_assert_cmpuint(stops->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint(g_array_index(stops, guint32, i), ==, want[i]);
}

/* Ctrl+Right stops at the ends of words as UAX #29 and ICU's dictionaries
 * find them: after "hello" and "world", never inside हिन्दी, and between the
 * words of Thai and Japanese, which have no spaces. Ctrl+Left mirrors it. */
static void test_word_stops_scripts(Fixture *fx, gconstpointer data)
{
  g_autoptr(GArray) latin = word_right_stops(fx, "hello, world");
  assert_stops(latin, (const guint32[]){5, 12}, 2);
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 7);
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 0);

  const char *hindi = "हिन्दी भाषा";
  g_autoptr(GArray) hi = word_right_stops(fx, hindi);
  guint32 hindi_end = (guint32)strlen("हिन्दी");
  assert_stops(hi, (const guint32[]){hindi_end, (guint32)strlen(hindi)}, 2);

  /* ภาษา|ไทย|ง่าย|นิด|เดียว: "Thai is easy", five dictionary words */
  const char *thai = "ภาษาไทยง่ายนิดเดียว";
  g_autoptr(GArray) th = word_right_stops(fx, thai);
  assert_stops(th,
               (const guint32[]){(guint32)strlen("ภาษา"), (guint32)strlen("ภาษาไทย"),
                                 (guint32)strlen("ภาษาไทยง่าย"), (guint32)strlen("ภาษาไทยง่ายนิด"),
                                 (guint32)strlen(thai)},
               5);
  /* and back: Ctrl+Left stops at the same word boundaries */
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  DocPos p = editor_cursor(fx->ed);
  g_assert_cmpuint(p.offset, ==, g_array_index(th, guint32, th->len - 2));

  const char *japanese = "日本語のテキストを編集する";
  g_autoptr(GArray) ja = word_right_stops(fx, japanese);
  g_assert_cmpuint(ja->len, >=, 3);
  g_assert_cmpuint(g_array_index(ja, guint32, 0), ==, strlen("日本語"));
}

/* A double click in Thai selects the dictionary word under it. */
static void test_select_word_thai(Fixture *fx, gconstpointer data)
{
  type(fx, "ภาษาไทยง่ายนิดเดียว");
  struct {
    guint32 offset;
    const char *word;
  } cases[] = {
      {0, "ภาษา"},
      {(guint32)strlen("ภา"), "ภาษา"},
      {(guint32)strlen("ภาษา"), "ไทย"},
      {(guint32)strlen("ภาษาไท"), "ไทย"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    editor_select_word(fx->ed, (DocPos){0, cases[i].offset});
    g_autofree char *word = editor_copy(fx->ed);
    g_assert_cmpstr(word, ==, cases[i].word);
  }
}

/* Edits that make the text around the cursor one cluster with what was
 * already there: the cursor still ends on a cluster boundary, after what was
 * typed (a regional indicator typed before a flag pairs with the flag's first
 * one; a ZWJ typed between two emoji joins them) or, after a deletion, before
 * the cluster the deletion closed up (the letter between a ZWJ and an emoji
 * deleted; a paragraph break between two regional indicators deleted). */
static void test_edits_keep_cursor_on_clusters(Fixture *fx, gconstpointer data)
{
  const char *ri_f = "\xf0\x9f\x87\xab"; /* regional indicator F */
  type(fx, "🇯🇵");
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
  type(fx, ri_f); /* [F J][P] */
  assert_pos(editor_cursor(fx->ed), 0, 8);
  g_assert_true(on_cluster_boundary(fx, editor_cursor(fx->ed)));
  assert_refcounts(fx);

  fixture_new_editor(fx);
  type(fx, "😀😀");
  editor_move(fx->ed, EDITOR_MOVE_LEFT, false);
  type(fx, "\xe2\x80\x8d"); /* 😀 ZWJ 😀: one cluster */
  assert_pos(editor_cursor(fx->ed), 0, strlen("😀\xe2\x80\x8d😀"));
  g_assert_true(on_cluster_boundary(fx, editor_cursor(fx->ed)));

  fixture_new_editor(fx);
  type(fx, "👨\xe2\x80\x8dx👩");
  editor_move(fx->ed, EDITOR_MOVE_LEFT, false);
  editor_backspace(fx->ed); /* deletes x: 👨 ZWJ 👩 is one cluster */
  assert_text(fx, "👨\xe2\x80\x8d👩");
  assert_pos(editor_cursor(fx->ed), 0, 0);
  g_assert_true(on_cluster_boundary(fx, editor_cursor(fx->ed)));
  g_assert_true(editor_undo(fx->ed));
  assert_pos(editor_cursor(fx->ed), 0, strlen("👨\xe2\x80\x8dx"));
  g_assert_true(editor_redo(fx->ed));
  assert_pos(editor_cursor(fx->ed), 0, 0);

  fixture_new_editor(fx);
  type(fx, "🇯\n🇵"); /* two lone regional indicators, one per paragraph */
  editor_set_cursor(fx->ed, (DocPos){0, 4}, false);
  editor_delete_forward(fx->ed); /* joins them into a flag */
  assert_text(fx, "🇯🇵");
  assert_pos(editor_cursor(fx->ed), 0, 0);
  assert_refcounts(fx);
}

/* UAX #29 words may end inside a cluster: U+0600 ARABIC NUMBER SIGN, a prepend
 * mark, makes one cluster with the space after it, but the word "c" U+0600 ends
 * before that space. Ctrl+Right and a double click still stop on cluster
 * boundaries, taking the whole cluster. */
static void test_words_end_on_clusters(Fixture *fx, gconstpointer data)
{
  type(fx, "c\xd8\x80 d");
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
  editor_move(fx->ed, EDITOR_MOVE_WORD_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 0, 4);
  editor_move(fx->ed, EDITOR_MOVE_WORD_RIGHT, false);
  assert_pos(editor_cursor(fx->ed), 0, 5);
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 4);
  editor_move(fx->ed, EDITOR_MOVE_WORD_LEFT, false);
  assert_pos(editor_cursor(fx->ed), 0, 0);
  editor_select_word(fx->ed, (DocPos){0, 1});
  assert_pos(editor_anchor(fx->ed), 0, 0);
  assert_pos(editor_cursor(fx->ed), 0, 4);
  g_assert_true(on_cluster_boundary(fx, editor_cursor(fx->ed)));
}

/* A position inside a cluster (a click's answer from an old layout, a stale
 * position) puts the cursor at the start of that cluster. */
static void test_set_cursor_snaps_to_cluster(Fixture *fx, gconstpointer data)
{
  type(fx, "aक्षिb");
  for (guint32 off = 2; off < 1 + (guint32)strlen("क्षि"); off++) {
    DocPos pos = document_clamp(editor_document(fx->ed), (DocPos){0, off});
    editor_set_cursor(fx->ed, pos, false);
    assert_pos(editor_cursor(fx->ed), 0, 1);
    assert_pos(editor_anchor(fx->ed), 0, 1);
  }
  editor_set_cursor(fx->ed, (DocPos){0, 0}, false);
  editor_set_cursor(fx->ed, (DocPos){0, 7}, true);
  assert_pos(editor_anchor(fx->ed), 0, 0);
  assert_pos(editor_cursor(fx->ed), 0, 1);
}

/* ---------------------------------------------------------------- selection */

static void test_select_all_and_word(Fixture *fx, gconstpointer data)
{
  type(fx, "say hello_2 world!!\n\nend");
  editor_select_all(fx->ed);
  assert_pos(editor_anchor(fx->ed), 0, 0);
  assert_pos(editor_cursor(fx->ed), 2, 3);
  g_autofree char *all = editor_copy(fx->ed);
  g_assert_cmpstr(all, ==, "say hello_2 world!!\n\nend");

  struct {
    guint32 para, offset;
    const char *expect;
  } cases[] = {
      {0, 6, "hello_2"},
      {0, 4, "hello_2"},
      {0, 3, " "},
      {0, 17, "!"}, /* UAX #29: each punctuation mark is a segment of its own */
      {0, 19, "!"} /* paragraph end: the segment before */,
      {2, 0, "end"},
      {1, 0, NULL},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    editor_select_word(fx->ed, (DocPos){cases[i].para, cases[i].offset});
    g_autofree char *word = editor_copy(fx->ed);
    g_assert_cmpstr(word, ==, cases[i].expect);
  }
}

/* ---------------------------------------------------------------- deleting */

static void test_backspace_joins(Fixture *fx, gconstpointer data)
{
  type(fx, "ab\ncd");
  editor_set_cursor(fx->ed, (DocPos){1, 0}, false);
  editor_backspace(fx->ed);
  assert_text(fx, "abcd");
  assert_pos(editor_cursor(fx->ed), 0, 2);
  editor_backspace(fx->ed);
  assert_text(fx, "acd");
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
  editor_backspace(fx->ed); /* nothing before the start */
  assert_text(fx, "acd");
  assert_refcounts(fx);
}

static void test_delete_forward_joins(Fixture *fx, gconstpointer data)
{
  type(fx, "ab\n中d");
  editor_set_cursor(fx->ed, (DocPos){0, 2}, false);
  editor_delete_forward(fx->ed);
  assert_text(fx, "ab中d");
  assert_pos(editor_cursor(fx->ed), 0, 2);
  editor_delete_forward(fx->ed);
  assert_text(fx, "abd");
  editor_move(fx->ed, EDITOR_MOVE_DOC_END, false);
  editor_delete_forward(fx->ed); /* nothing after the end */
  assert_text(fx, "abd");
  g_assert_true(editor_undo(fx->ed)); /* a word after a break: two steps */
  assert_text(fx, "ab中d");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "ab\n中d");
  assert_pos(editor_cursor(fx->ed), 0, 2);
}

static void test_delete_selection(Fixture *fx, gconstpointer data)
{
  type(fx, "one\ntwo\nthree");
  select_range(fx, 2, 2, 0, 1);
  editor_backspace(fx->ed);
  assert_text(fx, "oree");
  assert_pos(editor_cursor(fx->ed), 0, 1);
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "one\ntwo\nthree");
  select_range(fx, 0, 0, 1, 3);
  editor_delete_forward(fx->ed);
  assert_text(fx, "\nthree");
}

/* ---------------------------------------------------------------- clipboard */

static void test_clipboard_round_trip(Fixture *fx, gconstpointer data)
{
  type(fx, "alpha beta\ngamma");
  g_assert_null(editor_copy(fx->ed));
  g_assert_null(editor_cut(fx->ed));
  select_range(fx, 0, 6, 1, 2);
  g_autofree char *copied = editor_copy(fx->ed);
  g_assert_cmpstr(copied, ==, "beta\nga");
  assert_text(fx, "alpha beta\ngamma"); /* copy changes nothing */
  g_autofree char *cut = editor_cut(fx->ed);
  g_assert_cmpstr(cut, ==, "beta\nga");
  assert_text(fx, "alpha mma");
  assert_pos(editor_cursor(fx->ed), 0, 6);
  editor_move(fx->ed, EDITOR_MOVE_DOC_END, false);
  type(fx, cut);
  assert_text(fx, "alpha mmabeta\nga");
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
  type(fx, cut);
  assert_text(fx, "beta\ngaalpha mmabeta\nga");
  g_assert_true(editor_undo(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "alpha beta\ngamma");
  g_autofree char *again = editor_copy(fx->ed); /* the cut's selection is back */
  g_assert_cmpstr(again, ==, "beta\nga");
  assert_refcounts(fx);
}

/* ---------------------------------------------------------------- undo */

typedef struct {
  const char *name;
  bool select; /* extend a selection from (1,4) to @to first */
  DocPos to;
  void (*act)(Fixture *fx);
} Command;

static void act_type_key(Fixture *fx)
{
  type(fx, "x");
}
static void act_type_newline(Fixture *fx)
{
  type(fx, "\n");
}
static void act_paste(Fixture *fx)
{
  type(fx, "pasted\ntext é");
}
static void act_backspace(Fixture *fx)
{
  editor_backspace(fx->ed);
}
static void act_delete(Fixture *fx)
{
  editor_delete_forward(fx->ed);
}
static void act_cut(Fixture *fx)
{
  g_autofree char *text = editor_cut(fx->ed);
  g_assert_nonnull(text);
}
static void act_restyle(Fixture *fx)
{
  editor_set_style(fx->ed, fx->serif);
}
static void act_restyle_sans(Fixture *fx)
{
  editor_set_style(fx->ed, fx->sans);
}

/* Field by field: StyleRun has padding bytes that memcmp would read. */
static bool runs_equal(GArray *a, GArray *b)
{
  if (a->len != b->len)
    return false;
  for (guint i = 0; i < a->len; i++)
    if (g_array_index(a, StyleRun, i).offset != g_array_index(b, StyleRun, i).offset ||
        g_array_index(a, StyleRun, i).style != g_array_index(b, StyleRun, i).style)
      return false;
  return true;
}

/* Each command on the same styled text: undo restores text, runs, cursor and
 * selection exactly; redo restores the command's result exactly. */
static void test_undo_every_command(Fixture *fx, gconstpointer data)
{
  const Command commands[] = {
      {"type", false, {0, 0}, act_type_key},
      {"newline", false, {0, 0}, act_type_newline},
      {"paste", false, {0, 0}, act_paste},
      {"backspace", false, {0, 0}, act_backspace},
      {"delete", false, {0, 0}, act_delete},
      {"cut", true, {0, 2}, act_cut},
      {"replace", true, {2, 1}, act_type_key},
      {"paste-over", true, {0, 0}, act_paste},
      {"restyle", true, {0, 1}, act_restyle},
      {"restyle-back", true, {0, 6}, act_restyle_sans},
      {"backspace-selection", true, {2, 0}, act_backspace},
      {"delete-selection", true, {1, 0}, act_delete},
  };
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
    g_test_message("command %s", commands[i].name);
    fixture_new_editor(fx);
    type(fx, "first line\nsecond\nthird one");
    select_range(fx, 0, 3, 1, 2);
    editor_set_style(fx->ed, fx->serif); /* runs that must survive */
    editor_set_cursor(fx->ed, (DocPos){1, 4}, false);
    if (commands[i].select)
      editor_set_cursor(fx->ed, commands[i].to, true);

    g_autofree char *text_before = all_text(fx);
    g_autoptr(GArray) runs_before = all_runs(fx);
    DocPos cursor_before = editor_cursor(fx->ed), anchor_before = editor_anchor(fx->ed);
    commands[i].act(fx);
    g_autofree char *text_after = all_text(fx);
    g_autoptr(GArray) runs_after = all_runs(fx);
    DocPos cursor_after = editor_cursor(fx->ed);
    g_assert_true(strcmp(text_before, text_after) != 0 || !runs_equal(runs_before, runs_after));

    g_assert_true(editor_undo(fx->ed));
    assert_text(fx, text_before);
    g_autoptr(GArray) runs_undone = all_runs(fx);
    assert_runs_equal(runs_before, runs_undone);
    g_assert_cmpint(docpos_compare(editor_anchor(fx->ed), anchor_before), ==, 0);
    g_assert_cmpint(docpos_compare(editor_cursor(fx->ed), cursor_before), ==, 0);
    assert_refcounts(fx);

    g_assert_true(editor_redo(fx->ed));
    assert_text(fx, text_after);
    g_autoptr(GArray) runs_redone = all_runs(fx);
    assert_runs_equal(runs_after, runs_redone);
    g_assert_cmpint(docpos_compare(editor_cursor(fx->ed), cursor_after), ==, 0);
    g_assert_false(editor_can_redo(fx->ed));
    assert_refcounts(fx);
  }
}

/* Restyling across paragraphs over several runs, undone: runs come back exactly. */
static void test_undo_restyle_runs(Fixture *fx, gconstpointer data)
{
  type(fx, "abc");
  editor_set_style(fx->ed, fx->serif);
  type(fx, "DEF\nghi");
  editor_set_style(fx->ed, fx->sans);
  type(fx, "jk\n\nlm");
  g_autoptr(GArray) runs_typed = all_runs(fx);
  g_assert_cmpuint(runs_typed->len, >=, 3);
  g_assert_cmpuint(document_style_at(editor_document(fx->ed), (DocPos){0, 4}), ==, fx->serif);
  g_assert_cmpuint(document_style_at(editor_document(fx->ed), (DocPos){1, 3}), ==, fx->sans);

  select_range(fx, 0, 1, 3, 1);
  editor_set_style(fx->ed, fx->serif);
  g_assert_cmpuint(document_style_at(editor_document(fx->ed), (DocPos){1, 4}), ==, fx->serif);
  select_range(fx, 0, 2, 1, 3);
  editor_set_style(fx->ed, fx->sans);
  g_autoptr(GArray) runs_restyled = all_runs(fx);

  g_assert_true(editor_undo(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  g_autoptr(GArray) runs_undone = all_runs(fx);
  assert_runs_equal(runs_typed, runs_undone);
  assert_text(fx, "abcDEF\nghijk\n\nlm");
  g_assert_true(editor_redo(fx->ed));
  g_assert_true(editor_redo(fx->ed));
  g_autoptr(GArray) runs_redone = all_runs(fx);
  assert_runs_equal(runs_restyled, runs_redone);
  assert_refcounts(fx);
}

static void test_undo_grouping_typing(Fixture *fx, gconstpointer data)
{
  type_keys(fx, "hello world");
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 2);
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "hello "); /* the space belongs to the word before it */
  assert_pos(editor_cursor(fx->ed), 0, 6);
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "");
  g_assert_false(editor_undo(fx->ed));
  g_assert_true(editor_redo(fx->ed));
  g_assert_true(editor_redo(fx->ed));
  assert_text(fx, "hello world");
  g_assert_false(editor_redo(fx->ed));

  /* A newline ends the word's group too; several spaces stay with their word. */
  type_keys(fx, "  a\nb");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "hello world  a\n");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "hello world  ");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "hello world");
}

static void test_undo_grouping_breaks(Fixture *fx, gconstpointer data)
{
  type_keys(fx, "ab");
  editor_move(fx->ed, EDITOR_MOVE_LEFT, false);
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, false);
  type_keys(fx, "cd"); /* a cursor move ends the group */
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 2);
  editor_backspace(fx->ed); /* another kind of edit: a step of its own */
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 3);
  type_keys(fx, "ef");
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 4);
  editor_set_style(fx->ed, fx->serif); /* a style change ends it */
  type_keys(fx, "g");
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 5);
  type(fx, "pasted"); /* more than one character: its own step */
  type_keys(fx, "h");
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 7);
  assert_text(fx, "abcefgpastedh");
  g_assert_true(editor_undo(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "abcefg");
  type_keys(fx, "Z"); /* a new edit clears the redo stack */
  g_assert_false(editor_can_redo(fx->ed));
  assert_text(fx, "abcefgZ");
}

static void test_undo_grouping_backspace(Fixture *fx, gconstpointer data)
{
  type(fx, "hello world");
  for (int i = 0; i < 11; i++)
    editor_backspace(fx->ed);
  assert_text(fx, "");
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 3); /* paste, "world", "hello " */
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "hello ");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "hello world");
  assert_pos(editor_cursor(fx->ed), 0, 11);

  /* Forward deletes group the same way: "hello " then "world". */
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
  for (int i = 0; i < 11; i++)
    editor_delete_forward(fx->ed);
  assert_text(fx, "");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "world");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "hello world");
  assert_pos(editor_cursor(fx->ed), 0, 0);
}

/* Backspacing over text of two styles and a paragraph break: "ef", then
 * "bcd\n" (a word and the break after it), each restored with its styles. */
static void test_undo_backspace_styles(Fixture *fx, gconstpointer data)
{
  Document *doc = editor_document(fx->ed);
  type(fx, "ab");
  editor_set_style(fx->ed, fx->serif);
  type(fx, "cd\nef");
  g_autoptr(GArray) runs_before = all_runs(fx);
  for (int i = 0; i < 6; i++)
    editor_backspace(fx->ed);
  assert_text(fx, "a");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "abcd\n");
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 1}), ==, fx->sans);
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 2}), ==, fx->serif);
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "abcd\nef");
  g_autoptr(GArray) runs_after = all_runs(fx);
  assert_runs_equal(runs_before, runs_after);
  assert_refcounts(fx);
}

/* ---------------------------------------------------------------- styles */

static void test_typing_style(Fixture *fx, gconstpointer data)
{
  Document *doc = editor_document(fx->ed);
  g_assert_cmpuint(editor_style(fx->ed), ==, fx->sans);
  type(fx, "ab");
  editor_set_style(fx->ed, fx->serif);
  g_assert_cmpuint(editor_style(fx->ed), ==, fx->serif);
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 1}), ==, fx->sans); /* nothing restyled */
  type(fx, "c");
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 2}), ==, fx->serif);
  type(fx, "d");
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 3}), ==, fx->serif);
  editor_set_cursor(fx->ed, (DocPos){0, 1}, false);
  g_assert_cmpuint(editor_style(fx->ed), ==, fx->sans); /* the move forgot it */
  editor_set_style(fx->ed, fx->serif);
  editor_move(fx->ed, EDITOR_MOVE_RIGHT, false);
  g_assert_cmpuint(editor_style(fx->ed), ==, fx->sans); /* after "b" */
  type(fx, "X");
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 2}), ==, fx->sans);
  editor_move(fx->ed, EDITOR_MOVE_DOC_END, false);
  g_assert_cmpuint(editor_style(fx->ed), ==, fx->serif); /* continues "d" */
}

/* ---------------------------------------------------------------- state */

static void test_modified_flag(Fixture *fx, gconstpointer data)
{
  g_assert_false(editor_modified(fx->ed));
  type_keys(fx, "ab");
  g_assert_true(editor_modified(fx->ed));
  editor_mark_saved(fx->ed);
  g_assert_false(editor_modified(fx->ed));
  type_keys(fx, "c"); /* after a save, typing starts a new step */
  g_assert_true(editor_modified(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "ab");
  g_assert_false(editor_modified(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  g_assert_true(editor_modified(fx->ed));
  g_assert_true(editor_redo(fx->ed));
  g_assert_false(editor_modified(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  type(fx, "ab"); /* same text, but the saved state is gone */
  g_assert_true(editor_modified(fx->ed));
  editor_select_all(fx->ed);
  editor_mark_saved(fx->ed);
  editor_set_style(fx->ed, fx->serif);
  g_assert_true(editor_modified(fx->ed)); /* a restyle is an edit */
  g_assert_true(editor_undo(fx->ed));
  g_assert_false(editor_modified(fx->ed));

  editor_reset(fx->ed);
  g_assert_false(editor_modified(fx->ed));
  g_assert_false(editor_can_undo(fx->ed));
  g_assert_false(editor_can_redo(fx->ed));
  assert_pos(editor_cursor(fx->ed), 0, 0);
}

static void test_reset_after_load(Fixture *fx, gconstpointer data)
{
  type(fx, "old text");
  Document *doc = editor_document(fx->ed);
  document_clear(doc);
  g_autoptr(GError) error = NULL;
  g_assert_true(document_append_paragraph(doc, "loaded", 6, LINE_END_LF, &error));
  g_assert_true(document_append_paragraph(doc, "file", 4, LINE_END_NONE, &error));
  g_assert_no_error(error);
  editor_reset(fx->ed);
  assert_text(fx, "loaded\nfile");
  g_assert_false(editor_modified(fx->ed));
  g_assert_false(editor_undo(fx->ed));
  assert_pos(editor_cursor(fx->ed), 0, 0);
  type(fx, "x");
  assert_text(fx, "xloaded\nfile");
  assert_refcounts(fx);
}

static void test_generation(Fixture *fx, gconstpointer data)
{
  guint64 g = editor_generation(fx->ed);
  type(fx, "a");
  g_assert_cmpuint(editor_generation(fx->ed), >, g);
  g = editor_generation(fx->ed);
  editor_move(fx->ed, EDITOR_MOVE_LEFT, false);
  g_autofree char *copy = editor_copy(fx->ed);
  g_assert_cmpuint(editor_generation(fx->ed), ==, g); /* moves change no text */
  editor_undo(fx->ed);
  g_assert_cmpuint(editor_generation(fx->ed), >, g);
  g = editor_generation(fx->ed);
  editor_redo(fx->ed);
  g_assert_cmpuint(editor_generation(fx->ed), >, g);
}

static void test_undo_limit(Fixture *fx, gconstpointer data)
{
  type(fx, "one ");
  type(fx, "two ");
  type(fx, "three ");
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 3);
  gsize before = editor_undo_bytes(fx->ed);
  g_assert_cmpuint(before, >, 0);
  editor_mark_saved(fx->ed);
  editor_set_undo_limit(fx->ed, 1); /* smaller than any step: keep only the newest */
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 1);
  g_assert_cmpuint(editor_undo_bytes(fx->ed), <, before);
  g_assert_false(editor_modified(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "one two ");
  g_assert_true(editor_modified(fx->ed));
  g_assert_false(editor_undo(fx->ed));
  g_assert_true(editor_redo(fx->ed));
  g_assert_false(editor_modified(fx->ed));
  type(fx, "four");
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 1);

  /* With the default limit history grows: 100 steps are kept. */
  editor_set_undo_limit(fx->ed, (gsize)64 << 20);
  for (int i = 0; i < 100; i++)
    type(fx, "word ");
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, 101);
  g_assert_cmpuint(editor_undo_limit(fx->ed), ==, (gsize)64 << 20);
}

/* Types "w000 " .. "w(n-1) " as keystrokes: one undo step per word. */
static void type_words(Fixture *fx, guint from, guint n)
{
  for (guint i = from; i < from + n; i++) {
    char word[16];
    g_snprintf(word, sizeof word, "w%03u ", i);
    type_keys(fx, word);
  }
}

/* The text of words [0, n) as type_words() typed them. */
static char *words_text(guint n)
{
  GString *text = g_string_new(NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf(text, "w%03u ", i);
  return g_string_free(text, FALSE);
}

/* Over a small limit: the editor counts the steps it drops and says so once
 * per document (editor_take_undo_dropped), and undo stops at the oldest step
 * kept, leaving the text the dropped steps made. A reset starts again. */
static void test_undo_limit_dropped_once(Fixture *fx, gconstpointer data)
{
  editor_set_undo_limit(fx->ed, 4096);
  g_assert_cmpuint(editor_undo_limit(fx->ed), ==, 4096);
  type_words(fx, 0, 3);
  g_assert_cmpuint(editor_undo_dropped(fx->ed), ==, 0);
  g_assert_false(editor_take_undo_dropped(fx->ed)); /* nothing dropped yet */
  guint typed = 3;
  while (editor_undo_dropped(fx->ed) == 0 && typed < 1000)
    type_words(fx, typed++, 1);
  g_assert_cmpuint(editor_undo_dropped(fx->ed), ==, 1); /* one word's step at a time */
  g_assert_true(editor_take_undo_dropped(fx->ed));
  g_assert_false(editor_take_undo_dropped(fx->ed)); /* once */
  type_words(fx, typed, 50);
  typed += 50;
  g_assert_cmpuint(editor_undo_dropped(fx->ed), >, 1);
  g_assert_false(editor_take_undo_dropped(fx->ed)); /* not again at later drops */
  g_assert_cmpuint(editor_undo_bytes(fx->ed), <=, 4096);

  /* Every step kept is undone; the dropped ones stay done. */
  guint kept = editor_undo_steps(fx->ed), dropped = (guint)editor_undo_dropped(fx->ed);
  g_assert_cmpuint(kept + dropped, ==, typed);
  for (guint i = 0; i < kept; i++)
    g_assert_true(editor_undo(fx->ed));
  g_assert_false(editor_can_undo(fx->ed));
  g_assert_false(editor_undo(fx->ed));
  g_autofree char *oldest_kept = words_text(dropped);
  assert_text(fx, oldest_kept);
  for (guint i = 0; i < kept; i++)
    g_assert_true(editor_redo(fx->ed));
  g_autofree char *all = words_text(typed);
  assert_text(fx, all);
  g_assert_false(editor_take_undo_dropped(fx->ed)); /* undo and redo drop nothing */

  /* A new document (a load) starts counting again and is told again. */
  editor_reset(fx->ed);
  g_assert_cmpuint(editor_undo_dropped(fx->ed), ==, 0);
  g_assert_false(editor_take_undo_dropped(fx->ed));
  type_words(fx, 0, 200);
  g_assert_cmpuint(editor_undo_dropped(fx->ed), >, 0);
  g_assert_true(editor_take_undo_dropped(fx->ed));
  g_assert_false(editor_take_undo_dropped(fx->ed));
}

/* The flyweight toggled through the view leaves the editor alone: cursor,
 * selection, text and history stay; edits while off keep the counts exact. */
static void test_sharing_keeps_cursor(Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  type(fx, "shared glyphs\nhere");
  select_range(fx, 0, 2, 1, 1);
  guint steps = editor_undo_steps(fx->ed);
  g_assert_true(view_set_sharing(fx->view, false, G_MAXUINT64, &error));
  g_assert_no_error(error);
  g_assert_false(view_get_sharing(fx->view));
  g_assert_cmpuint(view_private_glyph_count(fx->view), >, 0);
  assert_pos(editor_anchor(fx->ed), 0, 2);
  assert_pos(editor_cursor(fx->ed), 1, 1);
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, steps);
  assert_refcounts(fx);
  type(fx, "Q");
  assert_refcounts(fx);
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "shared glyphs\nhere");
  assert_refcounts(fx);
  g_assert_true(view_set_sharing(fx->view, true, 0, &error));
  g_assert_no_error(error);
  assert_text(fx, "shared glyphs\nhere");
  assert_refcounts(fx);
  /* Going off within a budget too small is refused and changes nothing. */
  g_assert_false(view_set_sharing(fx->view, false, 1, &error));
  g_assert_error(error, VIEW_ERROR, VIEW_ERROR_OVER_BUDGET);
  g_assert_true(view_get_sharing(fx->view));
  g_assert_cmpuint(view_private_glyph_count(fx->view), ==, 0);
  assert_pos(editor_anchor(fx->ed), 0, 2);
  assert_pos(editor_cursor(fx->ed), 1, 1);
  assert_refcounts(fx);
}

/* Loading an empty file with the flyweight off (the document cleared to one
 * empty paragraph under an off view), then going back on and off again. */
static void test_load_empty_while_off(Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  type(fx, "some text\nhere");
  g_assert_true(view_set_sharing(fx->view, false, G_MAXUINT64, &error));
  document_clear(editor_document(fx->ed));
  editor_reset(fx->ed);
  g_assert_cmpuint(view_private_glyph_count(fx->view), ==, 0);
  assert_refcounts(fx);
  g_assert_true(view_set_sharing(fx->view, true, 0, &error));
  g_assert_no_error(error);
  type(fx, "x");
  assert_text(fx, "x");
  assert_refcounts(fx);
  g_assert_true(view_set_sharing(fx->view, false, G_MAXUINT64, &error));
  type(fx, "y");
  g_assert_cmpuint(view_private_glyph_count(fx->view), ==, 2);
  assert_refcounts(fx);
}

/* Whether @pos is a grapheme cluster boundary of the editor's text. */
static bool on_cluster_boundary(Fixture *fx, DocPos pos)
{
  guint32 len;
  const char *text = document_paragraph_text(editor_document(fx->ed), pos.para, &len);
  return segmenter_is_grapheme(fx->fonts.segmenter, text, len, pos.offset);
}

/* A long pseudo-random command sequence over text in many scripts, with the
 * flyweight toggled and the view scrolled among the commands: reference counts
 * stay exact, the cursor stays on cluster boundaries, and undoing everything
 * brings back the empty text. */
static void test_random_sequence_refcounts(Fixture *fx, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(20240611);
  const char *texts[] = {"a",
                         " ",
                         "\n",
                         "é",
                         "中",
                         "😀",
                         "ab c",
                         "x\ny\n",
                         "क्षि",
                         "ภาษาไทย",
                         "🇯🇵",
                         "👍🏽",
                         "e\xcc\x82\xcc\x81",
                         "שלום",
                         "\xe2\x80\x8d",
                         "1\xef\xb8\x8f\xe2\x83\xa3"};
  for (int i = 0; i < 600; i++) {
    switch (g_rand_int_range(rand, 0, 11)) {
    case 0:
    case 1:
    case 2:
      type(fx, texts[g_rand_int_range(rand, 0, G_N_ELEMENTS(texts))]);
      break;
    case 3:
      editor_backspace(fx->ed);
      break;
    case 4:
      editor_delete_forward(fx->ed);
      break;
    case 5:
      editor_move(fx->ed, (EditorMove)g_rand_int_range(rand, 0, 8), g_rand_boolean(rand));
      break;
    case 6:
      editor_set_style(fx->ed, g_rand_boolean(rand) ? fx->serif : fx->sans);
      break;
    case 7:
      editor_undo(fx->ed);
      break;
    case 8:
      editor_redo(fx->ed);
      break;
    case 9: {
      g_autoptr(GError) error = NULL;
      g_assert_true(view_set_sharing(fx->view, g_rand_boolean(rand), G_MAXUINT64, &error));
      break;
    }
    default:
      view_scroll_to(fx->view, g_rand_int_range(rand, 0, 4000));
      break;
    }
    assert_refcounts(fx);
    DocPos c = editor_cursor(fx->ed);
    g_assert_cmpint(docpos_compare(document_clamp(editor_document(fx->ed), c), c), ==, 0);
    g_assert_true(on_cluster_boundary(fx, c));
    g_assert_true(on_cluster_boundary(fx, editor_anchor(fx->ed)));
  }
  while (editor_undo(fx->ed))
    assert_refcounts(fx);
  assert_text(fx, "");
}

/* A deleted selection holding U+0000 (a file with NUL bytes) comes back whole
 * on undo: the undo record keeps the text's length, not up to the first NUL. */
static void test_undo_keeps_nul(Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Document *doc = editor_document(fx->ed);
  g_assert_true(document_append_paragraph(doc, "a\0b", 3, LINE_END_LF, &error));
  g_assert_true(document_append_paragraph(doc, "c\0", 2, LINE_END_NONE, &error));
  editor_reset(fx->ed);
  editor_select_all(fx->ed);
  editor_delete_forward(fx->ed);
  g_assert_cmpuint(document_byte_count(doc), ==, 0);
  g_assert_true(editor_undo(fx->ed));
  guint32 len = 0;
  const char *text = document_paragraph_text(doc, 0, &len);
  g_assert_cmpuint(len, ==, 3);
  g_assert_cmpmem(text, len, "a\0b", 3);
  text = document_paragraph_text(doc, 1, &len);
  g_assert_cmpmem(text, len, "c\0", 2);
}

/* Reloading: the whole text replaced by another document's (text, styles,
 * each paragraph's line ending) as one step that undo takes back. */
static void test_replace_all(Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(editor_insert(fx->ed, "mine\nedits", &error));
  g_autoptr(Document) src = document_new(fx->fonts.factory, fx->serif);
  g_assert_true(document_append_paragraph(src, "theirs", 6, LINE_END_CRLF, &error));
  g_assert_true(document_append_paragraph(src, "x\0y", 3, LINE_END_CR, &error));
  g_assert_true(document_append_paragraph(src, "", 0, LINE_END_NONE, &error));
  document_set_line_ending(src, LINE_END_CRLF);
  guint steps = editor_undo_steps(fx->ed);
  g_assert_true(editor_replace_all(fx->ed, src, &error));
  g_assert_no_error(error);
  Document *doc = editor_document(fx->ed);
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, steps + 1);
  g_assert_cmpuint(document_paragraph_count(doc), ==, 3);
  guint32 len = 0;
  const char *text = document_paragraph_text(doc, 1, &len);
  g_assert_cmpmem(text, len, "x\0y", 3);
  g_assert_cmpint(document_paragraph_ending(doc, 0), ==, LINE_END_CRLF);
  g_assert_cmpint(document_paragraph_ending(doc, 1), ==, LINE_END_CR);
  g_assert_cmpint(document_paragraph_ending(doc, 2), ==, LINE_END_NONE);
  g_assert_cmpint(document_line_ending(doc), ==, LINE_END_CRLF);
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 2}), ==, fx->serif);
  g_assert_true(editor_modified(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "mine\nedits");
}

/* ---------------------------------------------------------------- the caret's side */

/* The cursor keeps the side it was moved to (editor_set_caret) until it
 * moves again: typing leaves it upstream, with what was typed; every other
 * move, deleting and undo put it downstream; a position that had to be
 * snapped into a grapheme's start drops the side asked for. */
static void test_caret_affinity(Fixture *fx, gconstpointer data)
{
  Editor *ed = fx->ed;
  type_keys(fx, "abc שלום def");
  g_assert_cmpint(editor_cursor_affinity(ed), ==, CARET_UPSTREAM);
  editor_set_caret(ed, (DocPos){0, 4}, CARET_UPSTREAM, false);
  assert_pos(editor_cursor(ed), 0, 4);
  g_assert_cmpint(editor_cursor_affinity(ed), ==, CARET_UPSTREAM);
  editor_set_caret(ed, (DocPos){0, 10}, CARET_DOWNSTREAM, true); /* Shift: the anchor stays */
  assert_pos(editor_anchor(ed), 0, 4);
  assert_pos(editor_cursor(ed), 0, 10);
  g_assert_cmpint(editor_cursor_affinity(ed), ==, CARET_DOWNSTREAM);
  editor_set_caret(ed, (DocPos){0, 4}, CARET_UPSTREAM, false);
  editor_move(ed, EDITOR_MOVE_WORD_RIGHT, false);
  g_assert_cmpint(editor_cursor_affinity(ed), ==, CARET_DOWNSTREAM);
  editor_set_caret(ed, (DocPos){0, 5}, CARET_UPSTREAM, false); /* inside ש */
  assert_pos(editor_cursor(ed), 0, 4);
  g_assert_cmpint(editor_cursor_affinity(ed), ==, CARET_DOWNSTREAM);
  editor_set_caret(ed, (DocPos){0, 12}, CARET_UPSTREAM, false);
  editor_backspace(ed);
  g_assert_cmpint(editor_cursor_affinity(ed), ==, CARET_DOWNSTREAM);
  type(fx, "ם");
  g_assert_cmpint(editor_cursor_affinity(ed), ==, CARET_UPSTREAM);
  g_assert_true(editor_undo(ed));
  g_assert_cmpint(editor_cursor_affinity(ed), ==, CARET_DOWNSTREAM);
}

/* The caret the editor holds, drawn by the view. */
static int drawn_x(Fixture *fx)
{
  int x, lh;
  gint64 top;
  ViewCaret c = {editor_cursor(fx->ed), editor_cursor_affinity(fx->ed)};
  g_assert_true(view_point_of_caret(fx->view, c, &x, &top, &lh));
  return x;
}

/* Right (with Shift) as the window does it: the view finds the next stop and
 * the editor keeps it with its side. In "abc שלום def" from after "c": over
 * the space, then over ם (the Hebrew word's left end), the caret drawn a
 * grapheme further right each time, at 4 after the space although 4's
 * downstream place is the word's right end; the selection is the logical
 * range [3, 10) between anchor and cursor. */
static void test_arrows_keep_side(Fixture *fx, gconstpointer data)
{
  Editor *ed = fx->ed;
  type(fx, "abc שלום def");
  editor_set_cursor(ed, (DocPos){0, 3}, false);
  int x = drawn_x(fx);
  static const guint32 offsets[] = {4, 10};
  for (guint i = 0; i < G_N_ELEMENTS(offsets); i++) {
    ViewCaret c = {editor_cursor(ed), editor_cursor_affinity(ed)};
    ViewCaret to = view_caret_move(fx->view, c, 1);
    editor_set_caret(ed, to.pos, to.affinity, true);
    assert_pos(editor_cursor(ed), 0, offsets[i]);
    int x2 = drawn_x(fx);
    g_assert_cmpint(x2, >, x);
    g_assert_cmpint(x2 - x, <, 16); /* one grapheme, not across the word */
    x = x2;
  }
  DocPos start, end;
  editor_selection(ed, &start, &end);
  assert_pos(start, 0, 3);
  assert_pos(end, 0, 10);
}

/* ---------------------------------------------------------------- issue 12: editing keys */

static void assert_selection(Fixture *fx, guint32 ap, guint32 ao, guint32 cp, guint32 co)
{
  assert_pos(editor_anchor(fx->ed), ap, ao);
  assert_pos(editor_cursor(fx->ed), cp, co);
}

/* Ctrl+Backspace deletes back to where Ctrl+Left goes, one undo step each. */
static void test_delete_word_backward(Fixture *fx, gconstpointer data)
{
  type(fx, "ab\nhello world, foo");
  guint steps = editor_undo_steps(fx->ed);
  editor_delete_word(fx->ed, true);
  assert_text(fx, "ab\nhello world, ");
  editor_delete_word(fx->ed, true);
  assert_text(fx, "ab\nhello ");
  editor_delete_word(fx->ed, true);
  assert_text(fx, "ab\n");
  editor_delete_word(fx->ed, true); /* across the break, to where Ctrl+Left goes */
  assert_text(fx, "");
  editor_delete_word(fx->ed, true); /* at the start: nothing, no step */
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, steps + 4);
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "ab\n");
  assert_pos(editor_cursor(fx->ed), 1, 0);
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "ab\nhello ");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "ab\nhello world, ");
}

/* Ctrl+Delete deletes on to where Ctrl+Right goes; a selection goes whole. */
static void test_delete_word_forward(Fixture *fx, gconstpointer data)
{
  type(fx, "hello world\nnext");
  editor_move(fx->ed, EDITOR_MOVE_DOC_START, false);
  editor_delete_word(fx->ed, false);
  assert_text(fx, " world\nnext");
  editor_delete_word(fx->ed, false);
  assert_text(fx, "\nnext");
  editor_delete_word(fx->ed, false);
  assert_text(fx, "");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "\nnext");
  select_range(fx, 0, 0, 1, 2);
  editor_delete_word(fx->ed, false);
  assert_text(fx, "xt");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "\nnext");
  assert_selection(fx, 0, 0, 1, 2);
}

/* Tab over lines: a tab before each non-empty line the selection touches (not
 * one it ends at the start of), one undo step, the lines then selected whole. */
static void test_indent_lines(Fixture *fx, gconstpointer data)
{
  type(fx, "one\n\n  two\nthree\nfour");
  guint steps = editor_undo_steps(fx->ed);
  select_range(fx, 0, 1, 3, 0);
  g_assert_true(editor_selection_spans_lines(fx->ed));
  g_assert_true(editor_indent_lines(fx->ed, false));
  assert_text(fx, "\tone\n\n\t  two\nthree\nfour");
  assert_selection(fx, 0, 0, 3, 0);
  g_assert_true(editor_indent_lines(fx->ed, false)); /* again: still over the same lines */
  assert_text(fx, "\t\tone\n\n\t\t  two\nthree\nfour");
  g_assert_cmpuint(editor_undo_steps(fx->ed), ==, steps + 2);
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "\tone\n\n\t  two\nthree\nfour");
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "one\n\n  two\nthree\nfour");
  assert_selection(fx, 0, 1, 3, 0);
  g_assert_true(editor_redo(fx->ed));
  assert_text(fx, "\tone\n\n\t  two\nthree\nfour");
  /* backwards, ending inside a line: that line too, the cursor stays at the top */
  select_range(fx, 4, 2, 2, 1);
  g_assert_true(editor_indent_lines(fx->ed, false));
  assert_text(fx, "\tone\n\n\t\t  two\n\tthree\n\tfour");
  assert_selection(fx, 4, 5, 2, 0);
}

/* Shift+Tab removes one tab, or up to four spaces, from each line. */
static void test_unindent_lines(Fixture *fx, gconstpointer data)
{
  type(fx, "\tone\n      two\n  three\nfour\n\t\tfive");
  editor_select_all(fx->ed);
  g_assert_true(editor_indent_lines(fx->ed, true));
  assert_text(fx, "one\n  two\nthree\nfour\n\tfive");
  assert_selection(fx, 0, 0, 4, 5);
  g_assert_true(editor_indent_lines(fx->ed, true));
  assert_text(fx, "one\ntwo\nthree\nfour\nfive");
  g_assert_false(editor_indent_lines(fx->ed, true)); /* nothing left: no step */
  g_assert_true(editor_undo(fx->ed));
  g_assert_true(editor_undo(fx->ed));
  assert_text(fx, "\tone\n      two\n  three\nfour\n\t\tfive");
  /* no selection: the cursor's line, the cursor moving with its text */
  editor_set_cursor(fx->ed, (DocPos){1, 7}, false);
  g_assert_true(editor_indent_lines(fx->ed, true));
  assert_text(fx, "\tone\n  two\n  three\nfour\n\t\tfive");
  assert_selection(fx, 1, 3, 1, 3);
  g_assert_false(editor_selection_spans_lines(fx->ed));
}

/* A double-click drag selects whole words, a triple-click drag whole paragraphs,
 * either way from the unit first clicked. */
static void test_select_units(Fixture *fx, gconstpointer data)
{
  type(fx, "one two three\nfour five\nsix");
  editor_select_units(fx->ed, EDITOR_UNIT_WORD, (DocPos){0, 5}, (DocPos){0, 9});
  assert_selection(fx, 0, 4, 0, 13);
  editor_select_units(fx->ed, EDITOR_UNIT_WORD, (DocPos){0, 5}, (DocPos){1, 6});
  assert_selection(fx, 0, 4, 1, 9);
  editor_select_units(fx->ed, EDITOR_UNIT_WORD, (DocPos){0, 9}, (DocPos){0, 1});
  assert_selection(fx, 0, 13, 0, 0);
  editor_select_units(fx->ed, EDITOR_UNIT_PARAGRAPH, (DocPos){1, 2}, (DocPos){2, 1});
  assert_selection(fx, 1, 0, 2, 3);
  editor_select_units(fx->ed, EDITOR_UNIT_PARAGRAPH, (DocPos){1, 2}, (DocPos){0, 3});
  assert_selection(fx, 1, 9, 0, 0);
  editor_select_units(fx->ed, EDITOR_UNIT_PARAGRAPH, (DocPos){1, 2}, (DocPos){1, 0});
  assert_selection(fx, 1, 0, 1, 9);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD("/editor/type/basic", test_type_basic);
  ADD("/editor/type/newlines", test_type_newlines);
  ADD("/editor/undo/line-endings", test_undo_keeps_line_endings);
  ADD("/editor/type/replaces-selection", test_type_replaces_selection);
  ADD("/editor/type/invalid-utf8", test_invalid_utf8);
  ADD("/editor/move/char", test_move_char);
  ADD("/editor/move/para-doc", test_move_para_doc);
  ADD("/editor/move/word", test_move_word);
  ADD("/editor/move/collapse-selection", test_move_collapses_selection);
  ADD("/editor/move/set-cursor-clamps", test_set_cursor_clamps);
  ADD("/editor/caret/affinity", test_caret_affinity);
  ADD("/editor/caret/arrows-keep-side", test_arrows_keep_side);
  ADD("/editor/grapheme/move", test_move_over_clusters);
  ADD("/editor/grapheme/backspace", test_backspace_clusters);
  ADD("/editor/grapheme/delete-forward", test_delete_forward_clusters);
  ADD("/editor/grapheme/edits-keep-cursor", test_edits_keep_cursor_on_clusters);
  ADD("/editor/grapheme/set-cursor-snaps", test_set_cursor_snaps_to_cluster);
  ADD("/editor/grapheme/words-end-on-clusters", test_words_end_on_clusters);
  ADD("/editor/word/stops-scripts", test_word_stops_scripts);
  ADD("/editor/word/select-thai", test_select_word_thai);
  ADD("/editor/select/all-and-word", test_select_all_and_word);
  ADD("/editor/delete/backspace-joins", test_backspace_joins);
  ADD("/editor/delete/forward-joins", test_delete_forward_joins);
  ADD("/editor/delete/selection", test_delete_selection);
  ADD("/editor/clipboard/round-trip", test_clipboard_round_trip);
  ADD("/editor/undo/every-command", test_undo_every_command);
  ADD("/editor/undo/keeps-nul", test_undo_keeps_nul);
  ADD("/editor/replace-all", test_replace_all);
  ADD("/editor/undo/restyle-runs", test_undo_restyle_runs);
  ADD("/editor/undo/group-typing", test_undo_grouping_typing);
  ADD("/editor/undo/group-breaks", test_undo_grouping_breaks);
  ADD("/editor/undo/group-backspace", test_undo_grouping_backspace);
  ADD("/editor/undo/backspace-styles", test_undo_backspace_styles);
  ADD("/editor/undo/limit", test_undo_limit);
  ADD("/editor/undo/limit-dropped-once", test_undo_limit_dropped_once);
  ADD("/editor/style/typing", test_typing_style);
  ADD("/editor/state/modified", test_modified_flag);
  ADD("/editor/state/reset-after-load", test_reset_after_load);
  ADD("/editor/state/generation", test_generation);
  ADD("/editor/state/sharing", test_sharing_keeps_cursor);
  ADD("/editor/state/load-empty-while-off", test_load_empty_while_off);
  ADD("/editor/random-sequence-refcounts", test_random_sequence_refcounts);
  ADD("/editor/delete-word/backward", test_delete_word_backward);
  ADD("/editor/delete-word/forward", test_delete_word_forward);
  ADD("/editor/indent/lines", test_indent_lines);
  ADD("/editor/indent/unindent", test_unindent_lines);
  ADD("/editor/select/units", test_select_units);
#undef ADD
  return g_test_run();
}
