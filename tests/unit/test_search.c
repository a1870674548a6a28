/* test_search.c — the search engine (search.h) and the replace-all step
 * (editor_replace_paragraphs): case, whole words, regular expressions,
 * paragraphs never crossed, style runs, raw bytes, wrapping, counting in
 * slices, replace-all as one undo step, and a generated document of many
 * blocks. */
#include <string.h>

#include "editor.h"
#include "search.h"
#include "testutil.h"
#include "text_loader.h"
#include "text_saver.h"

typedef struct {
  TestFonts fonts;
  Editor *editor;
  Document *doc; /* the editor's */
} Fixture;

static void fixture_set_up(Fixture *fx, gconstpointer data)
{
  test_fonts_init(&fx->fonts);
  fx->editor = editor_new(fx->fonts.factory, fx->fonts.segmenter, fx->fonts.style);
  fx->doc = editor_document(fx->editor);
}

static void fixture_tear_down(Fixture *fx, gconstpointer data)
{
  editor_free(fx->editor);
  test_fonts_clear(&fx->fonts);
}

static void set_text(Fixture *fx, const char *text)
{
  g_autoptr(GError) error = NULL;
  document_clear(fx->doc);
  g_assert_true(
      document_insert(fx->doc, document_start(fx->doc), text, -1, fx->fonts.style, NULL, &error));
  g_assert_no_error(error);
  editor_reset(fx->editor);
}

static Search *new_search(Fixture *fx, const char *pattern, SearchFlags flags)
{
  g_autoptr(GError) error = NULL;
  Search *s = search_new(pattern, flags, fx->fonts.segmenter, &error);
  g_assert_no_error(error);
  g_assert_nonnull(s);
  return s;
}

static guint64 count(Fixture *fx, const char *pattern, SearchFlags flags)
{
  g_autoptr(Search) s = new_search(fx, pattern, flags);
  return search_count_all(s, fx->doc);
}

/* The match after @from, checked to be at (@para, @start, @end). */
static void assert_next(Fixture *fx, Search *s, DocPos from, guint32 para, guint32 start,
                        guint32 end)
{
  SearchMatch m;
  g_assert_true(search_next(s, fx->doc, from, &m, NULL));
  g_assert_cmpuint(m.para, ==, para);
  g_assert_cmpuint(m.start, ==, start);
  g_assert_cmpuint(m.end, ==, end);
}

static void test_case(Fixture *fx, gconstpointer data)
{
  set_text(fx, "Hello hello HELLO hellO");
  g_assert_cmpuint(count(fx, "hello", SEARCH_MATCH_CASE), ==, 1);
  g_assert_cmpuint(count(fx, "hello", 0), ==, 4);
  g_autoptr(Search) s = new_search(fx, "HELLO", SEARCH_MATCH_CASE);
  assert_next(fx, s, (DocPos){0, 0}, 0, 12, 17);
}

/* Case folded on the document's own bytes: offsets are the text's, also where
 * a character's other case has another length (É is 2 bytes, so is é; the
 * Kelvin sign K is 3 bytes and folds to k). */
static void test_case_unicode(Fixture *fx, gconstpointer data)
{
  set_text(fx, "ÉCOLE école \xe2\x84\xaa"
               "elvin kelvin ΣΟΦΊΑ σοφία");
  g_autoptr(Search) s = new_search(fx, "école", 0);
  assert_next(fx, s, (DocPos){0, 0}, 0, 0, 6);
  assert_next(fx, s, (DocPos){0, 1}, 0, 7, 13);
  g_autoptr(Search) k = new_search(fx, "kelvin", 0);
  assert_next(fx, k, (DocPos){0, 0}, 0, 14, 22);
  g_assert_cmpuint(count(fx, "kelvin", 0), ==, 2);
  g_assert_cmpuint(count(fx, "kelvin", SEARCH_MATCH_CASE), ==, 1);
  g_assert_cmpuint(count(fx, "σοφία", 0), ==, 2);
}

static void test_whole_word(Fixture *fx, gconstpointer data)
{
  set_text(fx, "cat, concatenate (cat) bobcat cats cat_x");
  g_assert_cmpuint(count(fx, "cat", SEARCH_MATCH_CASE), ==, 6);
  g_assert_cmpuint(count(fx, "cat", SEARCH_MATCH_CASE | SEARCH_WHOLE_WORD), ==, 2);
  g_assert_cmpuint(count(fx, "CAT", SEARCH_WHOLE_WORD), ==, 2);
  g_autoptr(Search) s = new_search(fx, "cat", SEARCH_WHOLE_WORD | SEARCH_MATCH_CASE);
  assert_next(fx, s, (DocPos){0, 1}, 0, 18, 21);
  /* a hit that is not a word ("xa a") overlaps one that is ("a a"): found */
  set_text(fx, "xa a a");
  g_assert_cmpuint(count(fx, "a a", SEARCH_WHOLE_WORD), ==, 1);
}

/* A match is whole grapheme clusters: "e" is not found inside a decomposed
 * "é" (e + U+0301), nor the accent alone; the decomposed "é" is. (A match
 * inside a cluster could not be selected: the find bar stuck on it.) */
static void test_whole_clusters(Fixture *fx, gconstpointer data)
{
  set_text(fx, "cafe\xcc\x81 cafe\xcc\x81 e \xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7");
  g_assert_cmpuint(count(fx, "e", SEARCH_MATCH_CASE), ==, 1);
  g_assert_cmpuint(count(fx, "\xcc\x81", SEARCH_MATCH_CASE), ==, 0);
  g_assert_cmpuint(count(fx, "e\xcc\x81", SEARCH_MATCH_CASE), ==, 2);
  g_assert_cmpuint(count(fx, "\xe0\xa4\x95", SEARCH_MATCH_CASE), ==, 0); /* inside क्ष */
  g_autoptr(Search) s = new_search(fx, "e", SEARCH_MATCH_CASE);
  assert_next(fx, s, (DocPos){0, 0}, 0, 14, 15);
}

/* Words as ICU finds them: a Thai word inside a run of Thai without spaces. */
static void test_whole_word_thai(Fixture *fx, gconstpointer data)
{
  set_text(fx, "ภาษาไทยง่ายนิดเดียว");
  g_assert_cmpuint(count(fx, "ไทย", SEARCH_MATCH_CASE), ==, 1);
  g_assert_cmpuint(count(fx, "ไทย", SEARCH_MATCH_CASE | SEARCH_WHOLE_WORD), ==, 1);
  g_assert_cmpuint(count(fx, "ไท", SEARCH_MATCH_CASE | SEARCH_WHOLE_WORD), ==, 0);
}

static void test_regex(Fixture *fx, gconstpointer data)
{
  set_text(fx, "a12 b345\nba\nb");
  g_assert_cmpuint(count(fx, "\\d+", SEARCH_REGEX), ==, 2);
  g_assert_cmpuint(count(fx, "^b", SEARCH_REGEX | SEARCH_MATCH_CASE), ==, 2);
  g_assert_cmpuint(count(fx, "a$", SEARCH_REGEX | SEARCH_MATCH_CASE), ==, 1);
  g_assert_cmpuint(count(fx, "x*", SEARCH_REGEX), ==, 0); /* empty matches are not matches */
  g_autoptr(Search) s = new_search(fx, "([a-z])(\\d+)", SEARCH_REGEX);
  SearchMatch m;
  g_assert_true(search_next(s, fx->doc, (DocPos){0, 1}, &m, NULL));
  g_assert_cmpuint(m.start, ==, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *with = search_expand(s, fx->doc, &m, "\\2\\1", &error);
  g_assert_no_error(error);
  g_assert_cmpstr(with, ==, "345b");
}

static void test_regex_bad(Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Search *s = search_new("(oops", SEARCH_REGEX, fx->fonts.segmenter, &error);
  g_assert_null(s);
  g_assert_true(error != NULL && error->domain == G_REGEX_ERROR);
  g_clear_error(&error);
  g_assert_null(search_new("", 0, fx->fonts.segmenter, &error));
  g_assert_error(error, SEARCH_ERROR, SEARCH_ERROR_EMPTY);
}

/* Short paragraphs lie back to back in a block: a hit across their seam is no match. */
static void test_no_crossing(Fixture *fx, gconstpointer data)
{
  set_text(fx, "ab\ncd\n\nbc");
  g_assert_cmpuint(count(fx, "bc", SEARCH_MATCH_CASE), ==, 1);
  g_assert_cmpuint(count(fx, "BC", 0), ==, 1);
  g_autoptr(Search) s = new_search(fx, "bc", SEARCH_MATCH_CASE);
  assert_next(fx, s, (DocPos){0, 0}, 3, 0, 2);
}

/* A match across a change of style is found, and replacing it takes the
 * style of its first character; the text around keeps its styles. */
static void test_style_runs(Fixture *fx, gconstpointer data)
{
  set_text(fx, "one two three");
  StyleId big = glyph_factory_style(fx->fonts.factory, fx->fonts.sans, 20);
  document_restyle(fx->doc, (DocPos){0, 5}, (DocPos){0, 9}, big); /* "wo t" */
  g_assert_cmpuint(count(fx, "two three", SEARCH_MATCH_CASE), ==, 1);
  g_autoptr(Search) s = new_search(fx, "wo", SEARCH_MATCH_CASE);
  SearchReplacement r;
  g_autoptr(GError) error = NULL;
  g_assert_true(search_replace_all(s, fx->doc, "W", &r, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(r.text->str, ==, "one tW three");
  g_assert_true(editor_replace_paragraphs(fx->editor, r.first, r.last, r.text->str, r.text->len,
                                          (const StyleRun *)(void *)r.runs->data, r.runs->len,
                                          &error));
  search_replacement_clear(&r);
  g_assert_cmpint(document_style_at(fx->doc, (DocPos){0, 4}), ==, fx->fonts.style); /* t */
  g_assert_cmpint(document_style_at(fx->doc, (DocPos){0, 5}), ==, big);             /* W */
  g_assert_cmpint(document_style_at(fx->doc, (DocPos){0, 6}), ==, big);             /* " " */
  g_assert_cmpint(document_style_at(fx->doc, (DocPos){0, 8}), ==, fx->fonts.style); /* h */
}

/* Bytes of a file that were not UTF-8 stay what they were through a search
 * and a replace-all, and text right beside them is found at its offsets. */
static void test_raw_bytes(Fixture *fx, gconstpointer data)
{
  g_autofree char *dir = test_tmpdir_new();
  const char in[] = "caf\xe9 CAF\xe9\xff\ncaf\x80x\n";
  g_autofree char *path = test_write_file(dir, "in.txt", in, sizeof in - 1);
  TextFileInfo info;
  g_autoptr(GError) error = NULL;
  g_assert_true(text_loader_load(fx->doc, path, 0, &info, &error));
  editor_reset(fx->editor);
  g_autoptr(Search) s = new_search(fx, "caf", 0);
  g_assert_cmpuint(search_count_all(s, fx->doc), ==, 3);
  g_autoptr(Search) x = new_search(fx, "x", 0);
  assert_next(fx, x, (DocPos){0, 0}, 1, 7, 8); /* after "caf" and a 4-byte escaped byte */
  SearchReplacement r;
  g_assert_true(search_replace_all(s, fx->doc, "tea", &r, &error));
  g_assert_true(editor_replace_paragraphs(fx->editor, r.first, r.last, r.text->str, r.text->len,
                                          (const StyleRun *)(void *)r.runs->data, r.runs->len,
                                          &error));
  search_replacement_clear(&r);
  g_autofree char *out = g_build_filename(dir, "out.txt", NULL);
  g_assert_true(text_saver_save(fx->doc, out, &info, NULL, NULL, &error));
  g_assert_no_error(error);
  g_autofree char *saved = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(out, &saved, &len, NULL));
  const char want[] = "tea\xe9 tea\xe9\xff\ntea\x80x\n";
  g_assert_cmpmem(saved, len, want, sizeof want - 1);
  test_tmpdir_remove(dir);
}

static void test_wrap(Fixture *fx, gconstpointer data)
{
  set_text(fx, "x one\ntwo x\nthree");
  g_autoptr(Search) s = new_search(fx, "x", SEARCH_MATCH_CASE);
  SearchMatch m;
  bool wrapped;
  g_assert_true(search_next(s, fx->doc, (DocPos){1, 5}, &m, &wrapped));
  g_assert_true(wrapped);
  g_assert_cmpuint(m.para, ==, 0);
  g_assert_true(search_next(s, fx->doc, (DocPos){0, 1}, &m, &wrapped));
  g_assert_false(wrapped);
  g_assert_cmpuint(m.para, ==, 1);
  g_assert_true(search_prev(s, fx->doc, (DocPos){0, 0}, &m, &wrapped));
  g_assert_true(wrapped);
  g_assert_cmpuint(m.para, ==, 1);
  g_assert_cmpuint(m.start, ==, 4);
  g_assert_true(search_prev(s, fx->doc, (DocPos){1, 4}, &m, &wrapped));
  g_assert_false(wrapped);
  g_assert_cmpuint(m.para, ==, 0);
  g_autoptr(Search) none = new_search(fx, "zzz", 0);
  g_assert_false(search_next(none, fx->doc, (DocPos){0, 0}, &m, &wrapped));
  g_assert_false(search_prev(none, fx->doc, (DocPos){0, 0}, &m, &wrapped));
}

/* Replace-all is one undo step, undone to the same text; the cursor stays. */
static void test_replace_all_undo(Fixture *fx, gconstpointer data)
{
  set_text(fx, "the cat\nno match\nthe other cat and cat\nend");
  const char *before = "the cat\nno match\nthe other cat and cat\nend";
  document_set_paragraph_ending(fx->doc, 1, LINE_END_CRLF); /* a file of mixed endings */
  LineEnding second = LINE_END_CRLF;
  editor_set_cursor(fx->editor, (DocPos){2, 10}, false);
  guint steps = editor_undo_steps(fx->editor);
  g_autoptr(Search) s = new_search(fx, "cat", SEARCH_MATCH_CASE);
  SearchReplacement r;
  g_autoptr(GError) error = NULL;
  g_assert_true(search_replace_all(s, fx->doc, "dog!", &r, &error));
  g_assert_cmpuint(r.count, ==, 3);
  g_assert_cmpuint(r.first, ==, 0);
  g_assert_cmpuint(r.last, ==, 2);
  g_assert_true(editor_replace_paragraphs(fx->editor, r.first, r.last, r.text->str, r.text->len,
                                          (const StyleRun *)(void *)r.runs->data, r.runs->len,
                                          &error));
  search_replacement_clear(&r);
  g_autofree char *after = document_get_all_text(fx->doc);
  g_assert_cmpstr(after, ==, "the dog!\nno match\nthe other dog! and dog!\nend");
  g_assert_cmpuint(document_paragraph_ending(fx->doc, 1), ==, second);
  g_assert_cmpuint(editor_cursor(fx->editor).para, ==, 2);
  g_assert_cmpuint(editor_undo_steps(fx->editor), ==, steps + 1);
  g_assert_true(editor_undo(fx->editor));
  g_autofree char *undone = document_get_all_text(fx->doc);
  g_assert_cmpstr(undone, ==, before);
  /* undo and redo keep each line's ending too (undo used to give the lines
   * it put back the document's default: a CRLF line of a mixed file came
   * back LF, and was saved so) */
  g_assert_cmpuint(document_paragraph_ending(fx->doc, 1), ==, second);
  g_assert_true(editor_redo(fx->editor));
  g_autofree char *redone = document_get_all_text(fx->doc);
  g_assert_cmpstr(redone, ==, after);
  g_assert_cmpuint(document_paragraph_ending(fx->doc, 1), ==, second);
  g_assert_true(editor_undo(fx->editor));
  g_assert_cmpuint(document_paragraph_ending(fx->doc, 1), ==, second);
  g_assert_true(document_check(fx->doc, NULL));
}

static void test_replace_refused(Fixture *fx, gconstpointer data)
{
  set_text(fx, "abc");
  g_autoptr(Search) s = new_search(fx, "b", 0);
  SearchReplacement r;
  g_autoptr(GError) error = NULL;
  g_assert_false(search_replace_all(s, fx->doc, "x\ny", &r, &error));
  g_assert_error(error, SEARCH_ERROR, SEARCH_ERROR_LINE_BREAK);
  g_clear_error(&error);
  g_assert_false(editor_replace_paragraphs(fx->editor, 0, 0, "a\nb", 3, NULL, 0, &error));
  g_assert_nonnull(error);
  g_autofree char *text = document_get_all_text(fx->doc);
  g_assert_cmpstr(text, ==, "abc");
}

/* U+0000 is text: a regular expression's match holding it is refused, whole,
 * rather than expanded short (GLib's groups stop at a NUL byte). */
static void test_replace_nul_refused(Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  document_clear(fx->doc);
  g_assert_true(document_insert(fx->doc, document_start(fx->doc), "a\0b c", 5, fx->fonts.style,
                                NULL, &error));
  g_autoptr(Search) s = new_search(fx, "(a.b)", SEARCH_REGEX | SEARCH_MATCH_CASE);
  SearchReplacement r;
  g_assert_false(search_replace_all(s, fx->doc, "[\\1]", &r, &error));
  g_assert_error(error, SEARCH_ERROR, SEARCH_ERROR_NUL);
  g_clear_error(&error);
  g_autoptr(Search) c = new_search(fx, "c", SEARCH_REGEX | SEARCH_MATCH_CASE);
  g_assert_true(search_replace_all(c, fx->doc, "[\\0]", &r, &error)); /* no NUL in it: fine */
  g_assert_cmpmem(r.text->str, r.text->len, "a\0b [c]", 7);
  search_replacement_clear(&r);
}

/* Many blocks: a generated document of 3 MB in short lines with one long
 * line; counts agree with a plain count over the text, in any slicing, and
 * next/previous walk every match in order both ways. */
static void test_huge(Fixture *fx, gconstpointer data)
{
  GString *text = g_string_new(NULL);
  guint64 expect = 0;
  for (guint i = 0; i < 60000; i++) {
    g_string_append_printf(text, "line %u of the needle test%s\n", i, i % 7 == 0 ? " needle" : "");
    expect += 1 + (i % 7 == 0);
  }
  for (guint i = 0; i < 20000; i++) /* a paragraph of its own block */
    g_string_append(text, i % 1000 == 999 ? "needle " : "hay ");
  expect += 20;
  set_text(fx, text->str);
  g_autoptr(Search) s = new_search(fx, "needle", SEARCH_MATCH_CASE);
  g_assert_cmpuint(search_count_all(s, fx->doc), ==, expect);
  g_autoptr(Search) caseless = new_search(fx, "NEEDLE", 0);
  SearchCount c;
  search_count_begin(&c, (DocPos){30000, 0});
  guint steps = 0;
  while (!search_count_step(caseless, fx->doc, &c, 4096))
    steps++;
  g_assert_cmpuint(c.total, ==, expect);
  g_assert_cmpuint(c.before, ==, 30000 + 30000 / 7 + 1);
  g_assert_cmpuint(steps, >, 10);
  guint64 walked = 0;
  SearchMatch m;
  DocPos at = {0, 0};
  bool wrapped = false;
  while (search_next(s, fx->doc, at, &m, &wrapped) && !wrapped) {
    walked++;
    at = (DocPos){m.para, m.end};
  }
  g_assert_cmpuint(walked, ==, expect);
  guint64 back = 0;
  at = document_end(fx->doc);
  while (search_prev(s, fx->doc, at, &m, &wrapped) && !wrapped) {
    back++;
    at = (DocPos){m.para, m.start};
  }
  g_assert_cmpuint(back, ==, expect);
  g_string_free(text, TRUE);
}

static void add(const char *path, void (*fn)(Fixture *, gconstpointer))
{
  g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  add("/search/case/ascii", test_case);
  add("/search/case/unicode", test_case_unicode);
  add("/search/word/latin", test_whole_word);
  add("/search/word/thai", test_whole_word_thai);
  add("/search/clusters/whole", test_whole_clusters);
  add("/search/regex/groups-anchors", test_regex);
  add("/search/regex/bad", test_regex_bad);
  add("/search/paragraphs/no-crossing", test_no_crossing);
  add("/search/styles/across-runs", test_style_runs);
  add("/search/raw-bytes/kept", test_raw_bytes);
  add("/search/wrap/both-ways", test_wrap);
  add("/search/replace-all/one-undo-step", test_replace_all_undo);
  add("/search/replace-all/refused", test_replace_refused);
  add("/search/replace-all/nul-refused", test_replace_nul_refused);
  add("/search/huge/counts-and-walks", test_huge);
  return g_test_run();
}
