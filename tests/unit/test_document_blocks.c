/* test_document_blocks.c — the document's blocks against a plain model.
 *
 * The model is an array of paragraphs, each a GString, a style per byte and a
 * line ending, edited the obvious way. Random inserts (a character, a few
 * lines, thousands of lines, a paragraph longer than a block), deletes (a
 * character, a range across blocks, everything), restyles across blocks and
 * line-ending changes are applied to both. After every step: the storage's
 * invariants (document_check), every paragraph's text, ending and per
 * character style, the counts, and a View over the document: its Glyph
 * references exact (view_check_refcounts) and its heights one entry per
 * paragraph, in order. The seed is printed (GLYPHPAD_TEST_SEED replays). */
#include "document.h"
#include "editor.h"
#include "testutil.h"
#include "view.h"

#include <stdlib.h>
#include <string.h>

#define MODEL_MAX_BYTES (1u << 20) /* past this, steps only delete */

typedef struct {
  GString *text;
  GArray *styles; /* StyleId per byte */
  guint8 ending;
} ModelPara;

static ModelPara *model_para_new(LineEnding ending)
{
  ModelPara *p = g_new0(ModelPara, 1);
  p->text = g_string_new(NULL);
  p->styles = g_array_new(FALSE, FALSE, sizeof(StyleId));
  p->ending = (guint8)ending;
  return p;
}

static void model_para_free(gpointer data)
{
  ModelPara *p = data;
  g_string_free(p->text, TRUE);
  g_array_unref(p->styles);
  g_free(p);
}

/* Appends @p's bytes [from, to) to @dst. */
static void model_take(ModelPara *dst, const ModelPara *p, guint32 from, guint32 to)
{
  g_string_append_len(dst->text, p->text->str + from, to - from);
  g_array_append_vals(dst->styles, &g_array_index(p->styles, StyleId, from), to - from);
}

static void model_add(ModelPara *dst, const char *s, gsize n, StyleId style)
{
  g_string_append_len(dst->text, s, (gssize)n);
  for (gsize i = 0; i < n; i++)
    g_array_append_val(dst->styles, style);
}

/* Inserts @text ("\n" splits) at @at in @style, as document_insert does. */
static void model_insert(GPtrArray *m, DocPos at, const char *text, StyleId style)
{
  ModelPara *old = g_ptr_array_index(m, at.para);
  GPtrArray *made = g_ptr_array_new();
  ModelPara *cur = model_para_new(LINE_END_LF);
  model_take(cur, old, 0, at.offset);
  for (const char *s = text, *nl; (nl = strchr(s, '\n')) != NULL || *s; s = nl + 1) {
    if (nl == NULL) {
      model_add(cur, s, strlen(s), style);
      break;
    }
    model_add(cur, s, (gsize)(nl - s), style);
    g_ptr_array_add(made, cur);
    cur = model_para_new(LINE_END_LF);
  }
  model_take(cur, old, at.offset, (guint32)old->text->len);
  cur->ending = old->ending;
  g_ptr_array_add(made, cur);
  g_ptr_array_remove_index(m, at.para); /* frees old */
  for (guint i = 0; i < made->len; i++)
    g_ptr_array_insert(m, (gint)(at.para + i), g_ptr_array_index(made, i));
  g_ptr_array_free(made, TRUE);
}

static void model_delete(GPtrArray *m, DocPos start, DocPos end)
{
  ModelPara *first = g_ptr_array_index(m, start.para), *last = g_ptr_array_index(m, end.para);
  ModelPara *joined = model_para_new((LineEnding)last->ending);
  model_take(joined, first, 0, start.offset);
  model_take(joined, last, end.offset, (guint32)last->text->len);
  g_ptr_array_remove_range(m, start.para, end.para - start.para + 1);
  g_ptr_array_insert(m, (gint)start.para, joined);
}

static void model_restyle(GPtrArray *m, DocPos start, DocPos end, StyleId style)
{
  for (guint32 i = start.para; i <= end.para; i++) {
    ModelPara *p = g_ptr_array_index(m, i);
    guint32 from = i == start.para ? start.offset : 0;
    guint32 to = i == end.para ? end.offset : (guint32)p->text->len;
    for (guint32 k = from; k < to; k++)
      g_array_index(p->styles, StyleId, k) = style;
  }
}

/* The document equals the model: text, endings, and (@styles) each
 * character's style. */
static void assert_matches(const Document *doc, GPtrArray *m, bool styles)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(document_check(doc, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(document_paragraph_count(doc), ==, m->len);
  guint64 bytes = 0, chars = 0;
  for (guint32 i = 0; i < m->len; i++) {
    const ModelPara *p = g_ptr_array_index(m, i);
    guint32 len;
    const char *text = document_paragraph_text(doc, i, &len);
    g_assert_cmpmem(text, len, p->text->str, p->text->len);
    g_assert_cmpuint(document_paragraph_ending(doc, i), ==, p->ending);
    g_assert_cmpuint(document_paragraph_chars(doc, i), ==, g_utf8_strlen(p->text->str, len));
    DocCharIter it;
    document_iter_init(doc, &it, i, 0);
    while (styles && document_iter_next(&it))
      g_assert_cmpuint(it.style, ==, g_array_index(p->styles, StyleId, it.offset));
    bytes += len;
    chars += document_paragraph_chars(doc, i);
  }
  g_assert_cmpuint(document_byte_count(doc), ==, bytes);
  g_assert_cmpuint(document_char_count(doc), ==, chars);
}

/* The view: exact references, and a height entry per paragraph, in order. */
static void assert_view(View *view, const Document *doc)
{
  guint n;
  (void)view_visible(view, &n);
  g_autoptr(GError) error = NULL;
  g_assert_true(view_check_refcounts(view, NULL, &error));
  g_assert_no_error(error);
  guint32 paras = document_paragraph_count(doc);
  guint64 last = view_paragraph_y(view, paras - 1);
  g_assert_cmpuint(view_paragraph_y(view, 0), ==, 0);
  g_assert_cmpuint(view_paragraph_y(view, paras / 2), <=, last);
  g_assert_cmpuint(view_total_height(view), >, last);
}

/* A random position of the document. */
static DocPos random_pos(const Document *doc, GRand *rand)
{
  guint32 para = (guint32)g_rand_int_range(rand, 0, (gint32)document_paragraph_count(doc));
  guint32 len;
  document_paragraph_text(doc, para, &len);
  DocPos at = {para, (guint32)g_rand_int_range(rand, 0, (gint32)len + 1)};
  return document_clamp(doc, at);
}

/* Text to insert: a piece, some lines, thousands of lines or one long line. */
static char *random_text(GRand *rand)
{
  static const char *pieces[] = {"a", "é", "\n", "漢字", "xy z", "😀", "\t", "क्षि", "ก่"};
  int kind = g_rand_int_range(rand, 0, 10);
  if (kind < 5)
    return g_strdup(pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))]);
  GString *s = g_string_new(NULL);
  int lines = kind < 8 ? g_rand_int_range(rand, 1, 40) : g_rand_int_range(rand, 500, 3000);
  if (kind == 9) /* one paragraph longer than a block of several (ASCII: ICU's line
                  * breaking of 70 KB after every edit would be most of the test's time) */
    lines = 1;
  for (int i = 0; i < lines; i++) {
    int len = kind == 9 ? g_rand_int_range(rand, 17000, 70000) : g_rand_int_range(rand, 0, 60);
    for (int k = 0; k < len; k++)
      g_string_append(s, k % 7 == 6 ? " " : k % 31 == 30 && kind < 9 ? "ü" : "w");
    if (i + 1 < lines || g_rand_boolean(rand))
      g_string_append_c(s, '\n');
  }
  return g_string_free(s, FALSE);
}

/* One random step on both the document and the model. */
static void random_step(Document *doc, GPtrArray *m, GRand *rand, StyleId *styles)
{
  DocPos a = random_pos(doc, rand), b = random_pos(doc, rand);
  if (docpos_compare(a, b) > 0) {
    DocPos t = a;
    a = b;
    b = t;
  }
  StyleId style = styles[g_rand_int_range(rand, 0, 3)];
  int op = document_byte_count(doc) > MODEL_MAX_BYTES ? 4 : g_rand_int_range(rand, 0, 10);
  if (op < 4) {
    g_autofree char *text = random_text(rand);
    g_assert_true(document_insert(doc, a, text, -1, style, NULL, NULL));
    model_insert(m, a, text, style);
  } else if (op < 7) {
    if (op == 6 && g_rand_int_range(rand, 0, 8) == 0) { /* everything */
      a = document_start(doc);
      b = document_end(doc);
    }
    document_delete(doc, a, b);
    model_delete(m, a, b);
  } else if (op < 9) {
    document_restyle(doc, a, b, style);
    model_restyle(m, a, b, style);
  } else {
    LineEnding ending = (LineEnding)g_rand_int_range(rand, 0, 3);
    document_set_paragraph_ending(doc, a.para, ending);
    ((ModelPara *)g_ptr_array_index(m, a.para))->ending = (guint8)ending;
  }
}

static guint32 test_seed(void)
{
  const char *env = g_getenv("GLYPHPAD_TEST_SEED");
  guint32 seed = env != NULL ? (guint32)strtoul(env, NULL, 10) : 20261130u;
  g_test_message("seed %u (set GLYPHPAD_TEST_SEED to replay another)", seed);
  return seed;
}

static void test_random_against_model(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId styles[3] = {f.style, glyph_factory_style(f.factory, f.sans, 24),
                       glyph_factory_style(f.factory, f.sans, 12)};
  Document *doc = document_new(f.factory, f.style);
  View *view = view_new(doc, f.layout, 500, 300);
  GPtrArray *m = g_ptr_array_new_with_free_func(model_para_free);
  g_ptr_array_add(m, model_para_new(LINE_END_NONE));
  GRand *rand = g_rand_new_with_seed(test_seed());
  for (int step = 0; step < 400; step++) {
    random_step(doc, m, rand, styles);
    assert_matches(doc, m, step % 8 == 0);
    view_scroll_to(view, g_rand_int_range(rand, 0, 200000));
    assert_view(view, doc);
  }
  g_rand_free(rand);
  g_ptr_array_unref(m);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Loading fills blocks: a million empty lines cost a few bytes each, and
 * 10,000 lines of 44 bytes little more than their text. */
static void test_loaded_size(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  for (guint i = 0; i < 1000000; i++)
    g_assert_true(document_append_paragraph(doc, "", 0, LINE_END_LF, NULL));
  document_compact(doc);
  g_assert_cmpuint(document_paragraph_count(doc), ==, 1000000);
  g_assert_cmpuint(document_bytes(doc), <=, 3 * 1000000);
  document_clear(doc);
  const char *line = "Permission is hereby granted, free of charge,"; /* 44 bytes */
  for (guint i = 0; i < 10000; i++)
    g_assert_true(document_append_paragraph(doc, line, 44, LINE_END_LF, NULL));
  document_compact(doc);
  g_assert_cmpuint(document_bytes(doc), <=, 10000 * (44 + 3));
  g_autoptr(GError) error = NULL;
  g_assert_true(document_check(doc, &error));
  document_free(doc);
  test_fonts_clear(&f);
}

/* Empty paragraphs made by editing share blocks like loaded ones: a paste of
 * 200,000 line breaks, and Enter among 2,048 loaded blank lines, cost a few
 * bytes a line, not a 64-byte block record each. */
static void test_edited_empty_lines(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  g_autofree char *breaks = g_strnfill(200000, '\n');
  g_assert_true(document_insert(doc, document_start(doc), breaks, -1, f.style, NULL, NULL));
  g_assert_cmpuint(document_paragraph_count(doc), ==, 200001);
  g_assert_cmpuint(document_bytes(doc), <=, 3 * 200001);
  document_clear(doc);
  for (guint i = 0; i < 2048; i++)
    g_assert_true(document_append_paragraph(doc, "", 0, LINE_END_LF, NULL));
  document_compact(doc);
  guint64 loaded = document_bytes(doc);
  g_assert_true(document_insert(doc, (DocPos){1000, 0}, "\n", -1, f.style, NULL, NULL));
  g_assert_cmpuint(document_bytes(doc), <=, loaded + 1024);
  g_assert_true(document_check(doc, NULL));
  document_free(doc);
  test_fonts_clear(&f);
}

/* An empty paragraph made by an insertion is in the default style, as it
 * was before blocks: the pasted text's style covers its characters only. */
static void test_new_empty_paragraph_style(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 24);
  Document *doc = document_new(f.factory, f.style);
  g_assert_true(document_insert(doc, document_start(doc), "cd", -1, big, NULL, NULL));
  g_assert_true(document_insert(doc, document_end(doc), "x\n", -1, big, NULL, NULL));
  guint n;
  const StyleRun *runs = document_paragraph_runs(doc, 1, &n);
  g_assert_cmpuint(n, ==, 1);
  g_assert_cmpuint(runs[0].style, ==, f.style);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Undo and redo across blocks: a paste of thousands of lines into the middle
 * of a loaded document, a deletion across many blocks, both undone and
 * redone; the text is the same as before each step, and the blocks hold. */
static void test_undo_across_blocks(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Editor *ed = editor_new(f.factory, f.segmenter, f.style);
  Document *doc = editor_document(ed);
  GString *paste = g_string_new(NULL);
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf(paste, "line %u of the paste, in no block yet\n", i);
  g_assert_true(editor_insert(ed, paste->str, NULL));
  g_autofree char *loaded = document_get_all_text(doc);
  editor_set_cursor(ed, (DocPos){2500, 5}, false);
  g_assert_true(editor_insert(ed, paste->str, NULL));
  g_autofree char *pasted = document_get_all_text(doc);
  editor_set_cursor(ed, (DocPos){100, 3}, false);
  editor_set_cursor(ed, (DocPos){9000, 7}, true);
  editor_delete_forward(ed); /* the selection: 8,900 paragraph breaks across blocks */
  g_autofree char *deleted = document_get_all_text(doc);
  g_assert_cmpuint(document_paragraph_count(doc), ==, 10001 - 8900);
  const char *states[] = {pasted, loaded};
  for (guint i = 0; i < G_N_ELEMENTS(states); i++) {
    g_assert_true(editor_undo(ed));
    g_autofree char *now = document_get_all_text(doc);
    g_assert_cmpstr(now, ==, states[i]);
    g_assert_true(document_check(doc, NULL));
  }
  g_assert_true(editor_redo(ed));
  g_assert_true(editor_redo(ed));
  g_autofree char *again = document_get_all_text(doc);
  g_assert_cmpstr(again, ==, deleted);
  g_assert_true(document_check(doc, NULL));
  g_string_free(paste, TRUE);
  editor_free(ed);
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/document-blocks/random-against-model", test_random_against_model);
  g_test_add_func("/document-blocks/loaded-size", test_loaded_size);
  g_test_add_func("/document-blocks/new-empty-paragraph-style", test_new_empty_paragraph_style);
  g_test_add_func("/document-blocks/undo-across-blocks", test_undo_across_blocks);
  g_test_add_func("/document-blocks/edited-empty-lines", test_edited_empty_lines);
  return g_test_run();
}
