/* test_styled_html.c — the styled file format: the exact layout, round trips
 * (text, raw bytes, control characters, line endings, every run's offset and
 * style, empty paragraphs, a 10 MB document, a family name with quotes in it),
 * detection, and malformed files refused with their line, the document left
 * as it was. The files are read back the way a file is: decoded into a fresh
 * document (text_decode, or text_loader_load from a temporary file). */
#include <math.h>
#include <string.h>

#include "document.h"
#include "glyph.h"
#include "styled_html.h"
#include "testutil.h"
#include "text_decoder.h"
#include "text_loader.h"
#include "text_saver.h"
#include "view.h"

/* ------------------------------------------------------------------------ */
/* Fixture: three typefaces, four styles, and a resolver back to them       */
/* ------------------------------------------------------------------------ */

typedef struct {
  TestFonts fonts;    /* DejaVu Sans 16 px is fonts.style, the documents' default */
  Typeface *faces[4]; /* Sans, Serif, Mono, and a spare slot (a renamed font) */
  guint n_faces;
  StyleId sans16, serif20, mono13, mono27;
  double density; /* pixels per CSS pixel the resolver assumes */
  guint resolved; /* calls of the resolver */
} Styles;

static void styles_init(Styles *st)
{
  *st = (Styles){.density = 1};
  test_fonts_init(&st->fonts);
  g_autoptr(GError) error = NULL;
  st->faces[st->n_faces++] = st->fonts.sans;
  st->faces[st->n_faces++] = typeface_set_lookup(st->fonts.set, "DejaVu Serif", &error);
  g_assert_no_error(error);
  st->faces[st->n_faces++] = typeface_set_lookup(st->fonts.set, "DejaVu Sans Mono", &error);
  g_assert_no_error(error);
  st->sans16 = st->fonts.style;
  st->serif20 = glyph_factory_style(st->fonts.factory, st->faces[1], 20);
  st->mono13 = glyph_factory_style(st->fonts.factory, st->faces[2], 13);
  st->mono27 = glyph_factory_style(st->fonts.factory, st->faces[2], 27);
}

static void styles_clear(Styles *st)
{
  test_fonts_clear(&st->fonts);
}

/* The style of a typeface we know with that family, at @css_px * density. */
static StyleId resolve_style(const char *family, double css_px, void *user_data)
{
  Styles *st = user_data;
  st->resolved++;
  for (guint i = 0; i < st->n_faces; i++)
    if (strcmp(typeface_family(st->faces[i]), family) == 0)
      return glyph_factory_style(st->fonts.factory, st->faces[i],
                                 (unsigned)lround(css_px * st->density));
  return STYLE_NONE;
}

/* ------------------------------------------------------------------------ */
/* Building and comparing documents                                         */
/* ------------------------------------------------------------------------ */

/* One paragraph to build: text (NUL-terminated unless @len), its runs as
 * (offset, style) pairs, its ending. */
typedef struct {
  const char *text;
  gsize len; /* 0: strlen(text) */
  StyleRun runs[6];
  guint n_runs; /* 0: the default style */
  LineEnding ending;
} ParaSpec;

/* Appends @spec's paragraph, ending with @ending. */
static void append_spec(Document *doc, const ParaSpec *spec, LineEnding ending)
{
  g_autoptr(GError) error = NULL;
  gsize len = spec->len ? spec->len : strlen(spec->text);
  g_assert_true(document_append_styled_paragraph(doc, spec->text, len, ending, spec->runs,
                                                 spec->n_runs, &error));
  g_assert_no_error(error);
}

/* A document of @specs' paragraphs; the last one ends with LINE_END_NONE, as
 * the last line of a file does. */
static Document *build(Styles *st, const ParaSpec *specs, guint n)
{
  Document *doc = document_new(st->fonts.factory, st->sans16);
  for (guint i = 0; i < n; i++)
    append_spec(doc, &specs[i], i + 1 == n ? LINE_END_NONE : specs[i].ending);
  return doc;
}

/* Adds one to @holders (Glyph* -> count) per glyph drawn on @view's screen,
 * laying it out first. */
static void count_drawn(View *view, GHashTable *holders)
{
  guint n;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++) {
      Glyph *g = pieces[i].glyphs[k].glyph;
      guint c = GPOINTER_TO_UINT(g_hash_table_lookup(holders, g));
      g_hash_table_insert(holders, g, GUINT_TO_POINTER(c + 1));
    }
}

/* Lays out @view's screen and checks every live Glyph's reference count. */
static void assert_view_refcounts(View *view)
{
  guint n;
  (void)view_visible(view, &n);
  g_autoptr(GError) error = NULL;
  g_assert_true(view_check_refcounts(view, NULL, &error));
  g_assert_no_error(error);
}

/* Reference counts with @a and @b on screen at once, each through its own view
 * (with @layout_b, or the fixture's layout when NULL), sharing one factory:
 * each glyph's count is what both views hold (view_check_refcounts with the
 * other view's drawn glyphs as extra holders). */
static void assert_refcounts_of_two_with(Styles *st, Document *a, Document *b, Layout *layout_b,
                                         bool a_sharing)
{
  g_autoptr(View) va = view_new(a, st->fonts.layout, 800, 600);
  g_assert_true(view_set_sharing(va, a_sharing, G_MAXUINT64, NULL));
  g_autoptr(View) vb = view_new(b, layout_b != NULL ? layout_b : st->fonts.layout, 800, 600);
  guint n;
  (void)view_visible(va, &n);
  g_autoptr(GHashTable) held_by_b = g_hash_table_new(NULL, NULL);
  count_drawn(vb, held_by_b);
  g_autoptr(GError) error = NULL;
  g_assert_true(view_check_refcounts(va, held_by_b, &error));
  g_assert_no_error(error);
  if (document_char_count(a) > 0)
    g_assert_cmpuint(view_drawn_glyph_count(va), >, 0);
}

static void assert_refcounts_of_two(Styles *st, Document *a, Document *b)
{
  assert_refcounts_of_two_with(st, a, b, NULL, true);
}

/* Same paragraphs: bytes, endings, and every run's offset and style. */
static void assert_same(const Document *a, const Document *b)
{
  g_assert_cmpuint(document_paragraph_count(a), ==, document_paragraph_count(b));
  for (guint32 i = 0; i < document_paragraph_count(a); i++) {
    guint32 la, lb;
    const char *ta = document_paragraph_text(a, i, &la);
    const char *tb = document_paragraph_text(b, i, &lb);
    g_assert_cmpmem(ta, la, tb, lb);
    g_assert_cmpint(document_paragraph_ending(a, i), ==, document_paragraph_ending(b, i));
    guint na, nb;
    const StyleRun *ra = document_paragraph_runs(a, i, &na);
    g_autofree StyleRun *copy = g_memdup2(ra, na * sizeof(StyleRun)); /* may be scratch */
    const StyleRun *rb = document_paragraph_runs(b, i, &nb);
    g_assert_cmpuint(na, ==, nb);
    for (guint r = 0; r < na; r++) { /* field by field: a StyleRun has padding */
      g_assert_cmpuint(copy[r].offset, ==, rb[r].offset);
      g_assert_cmpuint(copy[r].style, ==, rb[r].style);
    }
  }
  g_assert_cmpuint(document_char_count(a), ==, document_char_count(b));
}

static bool append_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                             GError **error)
{
  return document_append_paragraph(user_data, utf8, len, ending, error);
}

/* @bytes decoded into a new document, as loading a file does. */
static Document *load_bytes(Styles *st, const char *bytes, gsize len)
{
  Document *doc = document_new(st->fonts.factory, st->sans16);
  TextFileInfo info;
  g_autoptr(GError) error = NULL;
  g_assert_true(text_decode(bytes, len, append_paragraph, doc, &info, &error));
  g_assert_no_error(error);
  document_set_line_ending(doc, info.ending);
  return doc;
}

/* Encodes @doc at @density, reads the bytes back, detects and applies them,
 * and checks the result is @doc again. Returns the file's bytes (g_free). */
static char *assert_round_trip(Styles *st, Document *doc, double density, gsize *len)
{
  char *html = styled_html_encode(doc, density, "a title", len);
  g_assert_null(memchr(html, 0, *len)); /* U+0000 is a reference, never a byte */
  g_assert_true(g_utf8_validate_len(html, *len, NULL));
  Document *back = load_bytes(st, html, *len);
  g_assert_true(styled_html_detect(back));
  st->density = density;
  g_autoptr(GError) error = NULL;
  bool applied = styled_html_apply(back, resolve_style, st, &error);
  g_assert_no_error(error);
  g_assert_true(applied);
  assert_same(doc, back);
  assert_refcounts_of_two(st, doc, back);
  document_free(back);
  return html;
}

/* ------------------------------------------------------------------------ */
/* needed() and the layout                                                  */
/* ------------------------------------------------------------------------ */

static void test_needed(void)
{
  Styles st;
  styles_init(&st);
  ParaSpec one[] = {{.text = "plain", .ending = LINE_END_LF}, {.text = "text"}};
  Document *doc = build(&st, one, G_N_ELEMENTS(one));
  g_assert_false(styled_html_needed(doc));
  document_restyle(doc, (DocPos){1, 0}, (DocPos){1, 4}, st.serif20);
  g_assert_true(styled_html_needed(doc));
  document_restyle(doc, (DocPos){0, 0}, (DocPos){0, 5}, st.serif20);
  g_assert_false(styled_html_needed(doc)); /* one style, though not the default */
  document_free(doc);
  /* The empty line after a file's last newline keeps the old style when the
   * text above is restyled (Ctrl+A, Ctrl+=): not a second style of the text. */
  ParaSpec trailing[] = {{.text = "all of it", .ending = LINE_END_LF}, {.text = ""}};
  doc = build(&st, trailing, G_N_ELEMENTS(trailing));
  document_restyle(doc, (DocPos){0, 0}, (DocPos){0, 9}, st.serif20);
  g_assert_false(styled_html_needed(doc));
  document_free(doc);
  ParaSpec two[] = {{.text = "ab", .runs = {{0, st.sans16}, {1, st.mono13}}, .n_runs = 2}};
  doc = build(&st, two, 1);
  g_assert_true(styled_html_needed(doc));
  document_free(doc);
  styles_clear(&st);
}

static void test_layout_exact(void)
{
  Styles st;
  styles_init(&st);
  ParaSpec specs[] = {
      {.text = "Hello world",
       .runs = {{0, st.sans16}, {6, st.serif20}},
       .n_runs = 2,
       .ending = LINE_END_LF},
      {.text = "a<b & c>d \"q\" 'q'", .ending = LINE_END_LF},
      {.text = "mono", .runs = {{0, st.mono27}}, .n_runs = 1},
  };
  Document *doc = build(&st, specs, G_N_ELEMENTS(specs));
  gsize len;
  g_autofree char *html = styled_html_encode(doc, 2.0, "notes & <draft>", &len);
  const char *expected =
      "<!DOCTYPE html>\n"
      "<html><head><meta charset=\"utf-8\"><meta name=\"generator\" content=\"glyphpad styled "
      "text 1\">\n"
      "<title>notes &amp; &lt;draft&gt;</title></head>\n"
      "<body><pre style=\"font-family: 'DejaVu Sans'; font-size: 8px\">Hello "
      "<span style=\"font-family: 'DejaVu Serif'; font-size: 10px\">world</span>\n"
      "a&lt;b &amp; c&gt;d \"q\" 'q'\n"
      "<span style=\"font-family: 'DejaVu Sans Mono'; font-size: 13.5px\">mono</span>"
      "</pre></body></html>\n";
  g_assert_cmpstr(html, ==, expected);
  g_assert_cmpuint(len, ==, strlen(expected));
  g_free(assert_round_trip(&st, doc, 2.0, &len));
  /* density 1: whole pixels; 1.5: three decimals at most, still back to 20 px */
  g_autofree char *one = styled_html_encode(doc, 1.0, NULL, &len);
  g_assert_nonnull(strstr(one, "font-size: 20px\">world"));
  g_assert_nonnull(strstr(one, "<title></title>"));
  g_autofree char *odd = styled_html_encode(doc, 1.5, NULL, &len);
  g_assert_nonnull(strstr(odd, "font-size: 13.333px\">world"));
  g_free(assert_round_trip(&st, doc, 1.5, &len));
  document_free(doc);
  styles_clear(&st);
}

/* The <pre> takes the style with the most bytes, not the default one. */
static void test_pre_style_most_used(void)
{
  Styles st;
  styles_init(&st);
  ParaSpec specs[] = {
      {.text = "x", .ending = LINE_END_LF},
      {.text = "serif text", .runs = {{0, st.serif20}}, .n_runs = 1, .ending = LINE_END_LF},
      {.text = "", .runs = {{0, st.serif20}}, .n_runs = 1},
  };
  Document *doc = build(&st, specs, G_N_ELEMENTS(specs));
  gsize len;
  g_autofree char *html = assert_round_trip(&st, doc, 1.0, &len);
  g_assert_nonnull(strstr(html, "<pre style=\"font-family: 'DejaVu Serif'; font-size: 20px\">"
                                "<span style=\"font-family: 'DejaVu Sans'; font-size: 16px\">x"
                                "</span>\nserif text\n</pre>"));
  document_free(doc);
  styles_clear(&st);
}

/* ------------------------------------------------------------------------ */
/* Round trips                                                              */
/* ------------------------------------------------------------------------ */

static void test_round_trip_runs(void)
{
  Styles st;
  styles_init(&st);
  ParaSpec specs[] = {
      {.text = "starts styled, then not, then again",
       .runs = {{0, st.serif20}, {14, st.sans16}, {24, st.mono13}, {30, st.mono27}},
       .n_runs = 4,
       .ending = LINE_END_LF},
      {.text = "whole line in mono", .runs = {{0, st.mono13}}, .n_runs = 1, .ending = LINE_END_LF},
      {.text = "é漢😀",
       .runs = {{0, st.serif20}, {2, st.sans16}, {5, st.mono13}},
       .n_runs = 3,
       .ending = LINE_END_LF},
      {.text = "ends styled", .runs = {{0, st.sans16}, {5, st.serif20}}, .n_runs = 2},
  };
  Document *doc = build(&st, specs, G_N_ELEMENTS(specs));
  gsize len;
  g_free(assert_round_trip(&st, doc, 1.0, &len));
  document_free(doc);
  /* a document made by editing: insert, then restyle pieces */
  Document *edited = document_new(st.fonts.factory, st.sans16);
  g_autoptr(GError) error = NULL;
  g_assert_true(document_insert(edited, document_start(edited), "one two three\nfour five\n", -1,
                                st.sans16, NULL, &error));
  g_assert_no_error(error);
  document_restyle(edited, (DocPos){0, 4}, (DocPos){1, 4}, st.serif20);
  document_restyle(edited, (DocPos){1, 5}, (DocPos){1, 9}, st.mono27);
  g_free(assert_round_trip(&st, edited, 1.0, &len));
  document_free(edited);
  styles_clear(&st);
}

static void test_round_trip_endings(void)
{
  Styles st;
  styles_init(&st);
  ParaSpec specs[] = {
      {.text = "", .ending = LINE_END_LF}, /* an empty first line (HTML drops a newline there) */
      {.text = "lf", .ending = LINE_END_LF},
      {.text = "crlf", .runs = {{0, st.serif20}}, .n_runs = 1, .ending = LINE_END_CRLF},
      {.text = "cr", .ending = LINE_END_CR},
      {.text = "", .ending = LINE_END_LF}, /* CR then an empty LF line: not one CRLF */
      {.text = "", .ending = LINE_END_CR},
      {.text = "", .ending = LINE_END_CRLF},
      {.text = "", .runs = {{0, st.mono13}}, .n_runs = 1, .ending = LINE_END_CR},
      {.text = "", .ending = LINE_END_CR},
      {.text = "last"},
  };
  Document *doc = build(&st, specs, G_N_ELEMENTS(specs));
  gsize len;
  g_free(assert_round_trip(&st, doc, 1.0, &len));
  document_set_line_ending(doc, LINE_END_CRLF); /* the head lines use the document's ending */
  g_autofree char *html = assert_round_trip(&st, doc, 1.0, &len);
  g_assert_true(g_str_has_prefix(html, "<!DOCTYPE html>\r\n<html>"));
  g_assert_true(g_str_has_suffix(html, "last</pre></body></html>\r\n"));
  document_free(doc);
  styles_clear(&st);
}

static void test_round_trip_raw_bytes(void)
{
  Styles st;
  styles_init(&st);
  /* invalid UTF-8 decodes to raw-byte code points, as from a file */
  const char file[] = "a\x80z\xff\n\xc3(\xf4\x8f\xbc\x80";
  Document *doc = load_bytes(&st, file, sizeof file - 1);
  g_assert_cmpuint(document_paragraph_count(doc), ==, 2);
  document_restyle(doc, (DocPos){0, 1}, (DocPos){0, 6}, st.serif20);
  gsize len;
  g_autofree char *html = assert_round_trip(&st, doc, 1.0, &len);
  g_assert_nonnull(strstr(html, ">&#x10FF80;z</span>&#x10FFFF;\n"));
  g_assert_nonnull(strstr(html, "\n&#x10FFC3;(&#x10FFF4;&#x10FF8F;&#x10FFBC;&#x10FF80;</pre>"));
  document_free(doc);
  styles_clear(&st);
}

static void test_round_trip_characters(void)
{
  Styles st;
  styles_init(&st);
  static const char text[] = "nul\0tab\tff\fesc\x1b"
                             "del\x7f"
                             "c1\xc2\x85&amp;<b>\"'>😀❤️";
  ParaSpec specs[] = {
      {.text = text, .len = sizeof text - 1, .ending = LINE_END_LF},
      {.text = text,
       .len = sizeof text - 1,
       .runs = {{0, st.serif20}, {4, st.mono13}},
       .n_runs = 2},
  };
  Document *doc = build(&st, specs, G_N_ELEMENTS(specs));
  gsize len;
  g_autofree char *html = assert_round_trip(&st, doc, 1.0, &len);
  g_assert_nonnull(strstr(html, "nul&#x0;tab\tff&#xC;esc&#x1B;del&#x7F;c1\xc2\x85"
                                "&amp;amp;&lt;b&gt;\"'&gt;😀❤️\n"));
  document_free(doc);
  styles_clear(&st);
}

static void test_round_trip_empty(void)
{
  Styles st;
  styles_init(&st);
  Document *doc = document_new(st.fonts.factory, st.sans16);
  gsize len;
  g_autofree char *html = assert_round_trip(&st, doc, 1.0, &len);
  g_assert_nonnull(strstr(html, "font-size: 16px\"></pre></body></html>\n"));
  document_free(doc);
  /* one empty paragraph in another style than the default */
  ParaSpec serif[] = {{.text = "", .runs = {{0, st.serif20}}, .n_runs = 1}};
  doc = build(&st, serif, 1);
  g_free(assert_round_trip(&st, doc, 1.0, &len));
  document_free(doc);
  /* empty paragraphs of several styles among text */
  ParaSpec specs[] = {
      {.text = "", .runs = {{0, st.mono27}}, .n_runs = 1, .ending = LINE_END_LF},
      {.text = "", .ending = LINE_END_LF},
      {.text = "text", .ending = LINE_END_LF},
      {.text = "", .runs = {{0, st.serif20}}, .n_runs = 1, .ending = LINE_END_LF},
      {.text = ""},
  };
  doc = build(&st, specs, G_N_ELEMENTS(specs));
  g_free(assert_round_trip(&st, doc, 1.0, &len));
  document_free(doc);
  styles_clear(&st);
}

/* A 10 MB document of short styled runs and long paragraphs: a round trip,
 * and encoding (one pass) well under a second outside valgrind. */
static void test_round_trip_large(void)
{
  Styles st;
  styles_init(&st);
  GString *para = g_string_new(NULL);
  GArray *runs = g_array_new(FALSE, FALSE, sizeof(StyleRun));
  StyleId cycle[] = {st.sans16, st.serif20, st.mono13, st.sans16, st.mono27};
  for (guint i = 0; para->len < 100000; i++) {
    StyleRun run = {(guint32)para->len, cycle[i % G_N_ELEMENTS(cycle)]};
    g_array_append_val(runs, run);
    g_string_append(para, i % 7 == 0 ? "x < y & z, " : "a few words of text ");
  }
  Document *doc = document_new(st.fonts.factory, st.sans16);
  while (document_byte_count(doc) < 10u << 20) {
    g_autoptr(GError) error = NULL;
    g_assert_true(document_append_styled_paragraph(doc, para->str, para->len, LINE_END_LF,
                                                   (StyleRun *)runs->data, runs->len, &error));
  }
  g_assert_true(document_append_paragraph(doc, "", 0, LINE_END_NONE, NULL));
  gint64 t0 = g_get_monotonic_time();
  gsize len;
  g_autofree char *html = styled_html_encode(doc, 1.0, NULL, &len);
  gint64 t1 = g_get_monotonic_time();
  g_test_message("encoding %" G_GUINT64_FORMAT " bytes, %u runs a paragraph: %.1f ms",
                 document_byte_count(doc), runs->len, (t1 - t0) / 1000.0);
  g_assert_cmpint(t1 - t0, <, 10 * G_USEC_PER_SEC); /* about 50 ms; valgrind is slower */
  g_free(assert_round_trip(&st, doc, 1.0, &len));
  g_test_message("round trip: %.1f ms", (g_get_monotonic_time() - t1) / 1000.0);
  document_free(doc);
  g_array_unref(runs);
  g_string_free(para, TRUE);
  styles_clear(&st);
}

/* A copy of DejaVu Sans whose family names are renamed to @name (as long as
 * "DejaVu Sans", ASCII) in the name table, both as Mac Roman and UTF-16BE. */
static char *renamed_font(const Styles *st, const char *dir, const char *name)
{
  const char *from = "DejaVu Sans";
  gsize n = strlen(from);
  g_assert_cmpuint(strlen(name), ==, n);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_get_contents(typeface_path(st->fonts.sans), &data, &len, &error));
  g_assert_no_error(error);
  for (gsize i = 0; i + 2 * n <= len; i++) {
    bool wide = true;
    for (gsize k = 0; k < n && wide; k++)
      wide = data[i + 2 * k] == 0 && data[i + 2 * k + 1] == from[k];
    for (gsize k = 0; k < n && wide; k++)
      data[i + 2 * k + 1] = name[k];
    if (memcmp(data + i, from, n) == 0)
      memcpy(data + i, name, n);
  }
  return test_write_file(dir, "renamed.ttf", data, len);
}

/* A family name with quotes, a backslash and HTML's special characters. */
static void test_round_trip_family_quotes(void)
{
  Styles st;
  styles_init(&st);
  g_autofree char *dir = test_tmpdir_new();
  const char *name = "D'j\"V&<>\\ns";
  g_autofree char *path = renamed_font(&st, dir, name);
  g_autoptr(GError) error = NULL;
  Typeface *odd = typeface_set_open_file(st.fonts.set, path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(typeface_family(odd), ==, name);
  st.faces[st.n_faces++] = odd;
  StyleId odd18 = glyph_factory_style(st.fonts.factory, odd, 18);
  ParaSpec specs[] = {{.text = "plain quoted", .runs = {{0, st.sans16}, {6, odd18}}, .n_runs = 2}};
  Document *doc = build(&st, specs, 1);
  gsize len;
  g_autofree char *html = assert_round_trip(&st, doc, 1.0, &len);
  g_assert_nonnull(strstr(html, "<span style=\"font-family: 'D\\'j&quot;V&amp;&lt;&gt;\\\\ns'; "
                                "font-size: 18px\">quoted</span>"));
  document_free(doc);
  test_tmpdir_remove(dir);
  styles_clear(&st);
}

/* Through a real file with the flyweight off (the document's view off, and so
 * the factory): the text and runs come back as in any mode, and each glyph's
 * count is what the two views hold; the second view draws through a layout of
 * its own, since the first view's layout draws that view's private glyphs. */
static void test_round_trip_file_private_glyphs(void)
{
  Styles st;
  styles_init(&st);
  ParaSpec specs[] = {
      {.text = "private",
       .runs = {{0, st.sans16}, {3, st.serif20}},
       .n_runs = 2,
       .ending = LINE_END_CRLF},
      {.text = "glyphs\0!", .len = 8, .runs = {{0, st.mono13}}, .n_runs = 1},
  };
  Document *doc = document_new(st.fonts.factory, st.sans16);
  View *view = view_new(doc, st.fonts.layout, 800, 600);
  g_autoptr(GError) error = NULL;
  g_assert_true(view_set_sharing(view, false, G_MAXUINT64, &error));
  g_assert_no_error(error);
  g_assert_false(glyph_factory_get_sharing(st.fonts.factory)); /* the factory too */
  append_spec(doc, &specs[0], specs[0].ending);
  append_spec(doc, &specs[1], LINE_END_NONE);
  g_assert_cmpuint(view_private_glyph_count(view), >, 0);
  assert_view_refcounts(view);
  gsize len;
  g_autofree char *html = styled_html_encode(doc, 1.0, "file", &len);
  g_autofree char *dir = test_tmpdir_new();
  g_autofree char *path = test_write_file(dir, "styled.html", html, len);
  Document *back = document_new(st.fonts.factory, st.sans16);
  TextFileInfo info;
  g_assert_true(text_loader_load(back, path, 0, &info, &error));
  g_assert_no_error(error);
  g_assert_true(styled_html_detect(back));
  g_assert_true(styled_html_apply(back, resolve_style, &st, &error));
  g_assert_no_error(error);
  assert_same(doc, back);
  assert_view_refcounts(view); /* loading another document took no reference */
  view_free(view);
  g_assert_true(glyph_factory_get_sharing(st.fonts.factory));
  Layout *own = layout_new(st.fonts.factory, st.fonts.words, st.fonts.segmenter);
  assert_refcounts_of_two_with(&st, doc, back, own, false);
  assert_refcounts_of_two_with(&st, doc, back, own, true);
  layout_free(own);
  document_free(back);
  document_free(doc);
  test_tmpdir_remove(dir);
  styles_clear(&st);
}

/* ------------------------------------------------------------------------ */
/* Reading: detection, resolving, refusals                                  */
/* ------------------------------------------------------------------------ */

#define HEAD1 "<!DOCTYPE html>\n"
#define HEAD2 \
  "<html><head><meta charset=\"utf-8\"><meta name=\"generator\" " \
  "content=\"glyphpad styled text 1\">\n"
#define HEAD HEAD1 HEAD2 "<title>t</title></head>\n"
#define PRE "<body><pre style=\"font-family: 'DejaVu Sans'; font-size: 16px\">"
#define SERIF "<span style=\"font-family: 'DejaVu Serif'; font-size: 20px\">"
#define SANS "<span style=\"font-family: 'DejaVu Sans'; font-size: 16px\">"
#define PRE_SERIF "<body><pre style=\"font-family: 'DejaVu Serif'; font-size: 20px\">"

static Document *load_string(Styles *st, const char *s)
{
  return load_bytes(st, s, strlen(s));
}

static void test_detect(void)
{
  Styles st;
  styles_init(&st);
  const char *not_ours[] = {
      "",
      "plain text\n",
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>x</title></head>\n"
      "<body><pre>hello</pre></body></html>\n",
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta name=\"generator\" "
      "content=\"glyphpad styled text 2\">\n",
      "<!doctype html>\n" HEAD2,
      HEAD2 HEAD1,
  };
  for (guint i = 0; i < G_N_ELEMENTS(not_ours); i++) {
    Document *doc = load_string(&st, not_ours[i]);
    g_assert_false(styled_html_detect(doc));
    g_autoptr(GError) error = NULL;
    g_assert_false(styled_html_apply(doc, resolve_style, &st, &error));
    g_assert_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_FORMAT);
    document_free(doc);
  }
  Document *doc = load_string(&st, HEAD PRE "x</pre></body></html>\n");
  g_assert_true(styled_html_detect(doc));
  document_free(doc);
  doc = load_string(&st, "<!DOCTYPE html>\r\n" HEAD2); /* the head lines in any ending */
  g_assert_true(styled_html_detect(doc));
  document_free(doc);
  styles_clear(&st);
}

/* A font nobody has gives the default style; each attribute resolves once;
 * our entities and references anywhere, a missing final newline, a CRLF file. */
static void test_apply_resolving(void)
{
  Styles st;
  styles_init(&st);
  Document *doc = load_string(&st, HEAD PRE_SERIF SANS
                              "a</span>b" SANS "c</span>\r\n"
                              "<span style=\"font-family: 'No Such Font'; font-size: 9px\">d"
                              "</span>&#65;&#x42;&quot;&#39;&gt;" SANS "e</span>"
                              "</pre></body></html>");
  g_autoptr(GError) error = NULL;
  g_assert_true(styled_html_apply(doc, resolve_style, &st, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(st.resolved, ==, 3); /* the <pre>'s, Sans's and the unknown one */
  ParaSpec expected[] = {
      {.text = "abc",
       .runs = {{0, st.sans16}, {1, st.serif20}, {2, st.sans16}},
       .n_runs = 3,
       .ending = LINE_END_CRLF},
      /* "d": the document's default style (Sans 16), not the <pre>'s */
      {.text = "dAB\"'>e", .runs = {{0, st.sans16}, {1, st.serif20}, {6, st.sans16}}, .n_runs = 3},
  };
  Document *want = build(&st, expected, G_N_ELEMENTS(expected));
  assert_same(want, doc);
  document_free(want);
  document_free(doc);
  styles_clear(&st);
}

/* A malformed file and the line its error names. */
typedef struct {
  const char *file;
  guint line;
} Malformed;

static void test_apply_refuses(void)
{
  Styles st;
  styles_init(&st);
  const Malformed cases[] = {
      {HEAD PRE "a\n" SERIF "unclosed\nb</pre></body></html>\n", 5},
      {HEAD PRE "a &nbsp; b</pre></body></html>\n", 4},
      {HEAD PRE "a\nb &amp c</pre></body></html>\n", 5},
      {HEAD PRE "a\n\n" SERIF SERIF "nested</span></span></pre></body></html>\n", 6},
      {HEAD PRE "a\nb\nc\n", 7},                        /* no </pre>: the last line */
      {HEAD PRE "a\nb</pre></body></html>\nmore\n", 6}, /* text after </html> */
      {HEAD PRE "a</pre></body></html>\n\n", 5},        /* an extra empty line */
      {HEAD PRE "a</pre></body>\n</html>\n", 4},
      {HEAD PRE "<b>bold</b></pre></body></html>\n", 4},
      {HEAD PRE "a</span></pre></body></html>\n", 4},
      {HEAD PRE SERIF "a</pre></body></html>\n", 4},
      {HEAD PRE "&#xA;</pre></body></html>\n", 4},    /* a line break inside a line */
      {HEAD PRE "&#xD800;</pre></body></html>\n", 4}, /* a surrogate */
      {HEAD PRE "&#x110000;</pre></body></html>\n", 4},
      {HEAD PRE "&#;</pre></body></html>\n", 4},
      {HEAD PRE "\xff</pre></body></html>\n", 4}, /* bytes that are not UTF-8 */
      {HEAD PRE "<span style=\"color: red\">a</span></pre></body></html>\n", 4},
      {HEAD PRE "<span style=\"font-family: 'X; font-size: 9px\">a</span></pre></body></html>\n",
       4},
      {HEAD PRE "<span style=\"font-family: 'X'; font-size: 9pt\">a</span></pre></body></html>\n",
       4},
      {HEAD PRE "<span style=\"font-family: 'X'; font-size: 9px\"a</span></pre></body></html>\n",
       4},
      {HEAD "<body><pre>a</pre></body></html>\n", 4},
      {HEAD1 HEAD2 "<title>t</title>\n" PRE "a</pre></body></html>\n", 3},
      {HEAD1 HEAD2 "<title>a<b</title></head>\n" PRE "a</pre></body></html>\n", 3},
      {HEAD, 4},
      {HEAD1 HEAD2, 3},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_test_message("case %u", i);
    Document *doc = load_string(&st, cases[i].file);
    Document *before = load_string(&st, cases[i].file);
    g_assert_true(styled_html_detect(doc));
    g_autoptr(GError) error = NULL;
    g_assert_false(styled_html_apply(doc, resolve_style, &st, &error));
    g_assert_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_FORMAT);
    g_autofree char *prefix = g_strdup_printf("Line %u ", cases[i].line);
    g_test_message("%s", error->message);
    g_assert_true(g_str_has_prefix(error->message, prefix));
    assert_same(before, doc);
    document_free(before);
    document_free(doc);
  }
  styles_clear(&st);
}

/* ------------------------------------------------------------------------ */
/* The file as HTML                                                         */
/* ------------------------------------------------------------------------ */

/* What an HTML reader finds inside the <pre>: a newline right after <pre>
 * dropped, tags dropped, entities and references decoded, CRLF and CR read as
 * LF. Written apart from the module's parser, as a second opinion. */
static GString *pre_text_as_html(const char *html, gsize len)
{
  const char *p = strstr(html, "<pre");
  g_assert_nonnull(p);
  p = strchr(p, '>') + 1;
  const char *end = g_strrstr_len(html, (gssize)len, "</pre>");
  g_assert_nonnull(end);
  if (*p == '\r' || *p == '\n')
    p += (p[0] == '\r' && p[1] == '\n') ? 2 : 1;
  GString *out = g_string_new(NULL);
  while (p < end) {
    if (*p == '<') {
      p = strchr(p, '>') + 1;
    } else if (*p == '&') {
      const char *semi = strchr(p, ';');
      g_autofree char *name = g_strndup(p + 1, semi - p - 1);
      bool hex = name[1] == 'x';
      gunichar cp = name[0] == '#' ? (gunichar)g_ascii_strtoull(name + 1 + hex, NULL, hex ? 16 : 10)
                    : strcmp(name, "amp") == 0 ? '&'
                    : strcmp(name, "lt") == 0  ? '<'
                    : strcmp(name, "gt") == 0  ? '>'
                                               : 0xFFFD;
      g_string_append_unichar(out, cp);
      p = semi + 1;
    } else if (*p == '\r' || *p == '\n') {
      g_string_append_c(out, '\n');
      p += (p[0] == '\r' && p[1] == '\n') ? 2 : 1;
    } else {
      g_string_append_c(out, *p++);
    }
  }
  return out;
}

static void test_html_reading(void)
{
  Styles st;
  styles_init(&st);
  static const char text[] = "tab\tnul\0amp&lt<gt>q\"'";
  ParaSpec specs[] = {
      {.text = "", .ending = LINE_END_LF},
      {.text = text,
       .len = sizeof text - 1,
       .runs = {{0, st.serif20}, {3, st.sans16}},
       .n_runs = 2,
       .ending = LINE_END_CR},
      {.text = "", .ending = LINE_END_LF},
      {.text = "emoji 😀", .runs = {{0, st.mono13}}, .n_runs = 1, .ending = LINE_END_CRLF},
      {.text = "end"},
  };
  Document *doc = build(&st, specs, G_N_ELEMENTS(specs));
  gsize len;
  g_autofree char *html = styled_html_encode(doc, 1.0, NULL, &len);
  g_autoptr(GString) seen = pre_text_as_html(html, len);
  g_autoptr(GString) want = g_string_new(NULL);
  for (guint32 i = 0; i < document_paragraph_count(doc); i++) {
    guint32 n;
    const char *t = document_paragraph_text(doc, i, &n);
    g_string_append_len(want, t, n);
    if (i + 1 < document_paragraph_count(doc))
      g_string_append_c(want, '\n');
  }
  g_assert_cmpmem(seen->str, seen->len, want->str, want->len);
  document_free(doc);
  styles_clear(&st);
}

/* Saving a document whose format is styled writes styled_html_encode's bytes,
 * with the options' density and title (0 and NULL options: density 1). */
static void test_saver_encodes_styled(void)
{
  Styles st;
  styles_init(&st);
  ParaSpec specs[] = {{.text = "ab", .runs = {{0, st.sans16}, {1, st.serif20}}, .n_runs = 2}};
  Document *doc = build(&st, specs, 1);
  TextFileInfo info = {.encoding = TEXT_ENCODING_UTF16LE,
                       .bom = true,
                       .format = TEXT_FORMAT_STYLED_HTML};
  TextSaveOptions options = {.px_per_css_px = 2, .title = "name"};
  gsize len, want_len;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = text_saver_encode(doc, &info, &options, &len, &error);
  g_assert_no_error(error);
  g_autofree char *want = styled_html_encode(doc, 2, "name", &want_len);
  g_assert_cmpmem(saved, len, want, want_len);
  g_autofree char *one = text_saver_encode(doc, &info, NULL, &len, &error);
  g_autofree char *want_one = styled_html_encode(doc, 1, NULL, &want_len);
  g_assert_cmpmem(one, len, want_one, want_len);
  options = (TextSaveOptions){0};
  g_autofree char *zero = text_saver_encode(doc, &info, &options, &len, &error);
  g_assert_cmpmem(zero, len, want_one, want_len);
  document_free(doc);
  styles_clear(&st);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/styled_html/needed/styles", test_needed);
  g_test_add_func("/styled_html/encode/layout", test_layout_exact);
  g_test_add_func("/styled_html/encode/pre-most-used", test_pre_style_most_used);
  g_test_add_func("/styled_html/round-trip/runs", test_round_trip_runs);
  g_test_add_func("/styled_html/round-trip/endings", test_round_trip_endings);
  g_test_add_func("/styled_html/round-trip/raw-bytes", test_round_trip_raw_bytes);
  g_test_add_func("/styled_html/round-trip/characters", test_round_trip_characters);
  g_test_add_func("/styled_html/round-trip/empty", test_round_trip_empty);
  g_test_add_func("/styled_html/round-trip/large", test_round_trip_large);
  g_test_add_func("/styled_html/round-trip/family-quotes", test_round_trip_family_quotes);
  g_test_add_func("/styled_html/round-trip/file-private-glyphs",
                  test_round_trip_file_private_glyphs);
  g_test_add_func("/styled_html/detect/not-ours", test_detect);
  g_test_add_func("/styled_html/apply/resolving", test_apply_resolving);
  g_test_add_func("/styled_html/apply/refuses", test_apply_refuses);
  g_test_add_func("/styled_html/html/pre-text", test_html_reading);
  g_test_add_func("/styled_html/saver/encode", test_saver_encodes_styled);
  return g_test_run();
}
