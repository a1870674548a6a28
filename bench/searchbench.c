/* searchbench.c — the search engine's figures (search.h): the first match at
 * the far end of a large document, counting a common word, and replace-all of
 * many matches as one undo step (and undoing it).
 *
 * Usage: glyphpad-searchbench [--mb N] [--rounds R] [--word W] [--replace W]
 *        [FILE...]
 * Without files it generates N MB of the benchmark's prose (benchutil.h);
 * each FILE (e.g. from tools/real-text.py) is measured too. A line holding a
 * word that occurs nowhere else is appended at the end of each document, so
 * "first match" scans everything before it. Prints the command, then per
 * document the median (and the slowest) of R rounds in ms. */
#include <stdio.h>
#include <string.h>

#include "benchutil.h"
#include "editor.h"
#include "search.h"
#include "text_loader.h"
#include "typeface.h"

#define FAR_WORD "Zyzzogeton"

typedef struct {
  TypefaceSet *set;
  GlyphFactory *factory;
  Segmenter *seg;
  StyleId style;
} Fonts;

typedef struct {
  guint mb;
  guint rounds;
  const char *word;    /* counted */
  const char *replace; /* replaced by its upper case, then undone */
} Options;

static double now_ms(void)
{
  return (double)g_get_monotonic_time() / 1000.0;
}

/* A document of @mb MB of generated prose, or of @path, with FAR_WORD's line
 * at the end. NULL when the file cannot be read (said on stderr). */
static Editor *make_document(const Fonts *f, const char *path, guint mb)
{
  Editor *editor = editor_new(f->factory, f->seg, f->style);
  Document *doc = editor_document(editor);
  g_autoptr(GError) error = NULL;
  if (path != NULL) {
    TextFileInfo info;
    if (!text_loader_load(doc, path, 0, &info, &error)) {
      fprintf(stderr, "searchbench: %s\n", error->message);
      editor_free(editor);
      return NULL;
    }
  } else {
    guint64 rng = 12345;
    GString *line = g_string_new(NULL);
    for (guint64 bytes = 0; bytes < (guint64)mb * 1000000;) {
      bench_prose_line(line, &rng);
      document_append_paragraph(doc, line->str, line->len, LINE_END_LF, NULL);
      bytes += line->len + 1;
    }
    g_string_free(line, TRUE);
  }
  document_append_paragraph(doc, "the end: " FAR_WORD, strlen("the end: " FAR_WORD), LINE_END_LF,
                            NULL);
  document_compact(doc);
  editor_reset(editor);
  return editor;
}

static Search *new_search(const Fonts *f, const char *pattern, SearchFlags flags)
{
  g_autoptr(GError) error = NULL;
  Search *s = search_new(pattern, flags, f->seg, &error);
  if (s == NULL)
    g_error("searchbench: %s", error->message);
  return s;
}

static void report(const char *what, double *ms, guint n, const char *extra)
{
  double worst = bench_quantile(ms, n, 1.0);
  printf("| %s | %.1f | %.1f | %s |\n", what, bench_median(ms, n), worst, extra);
}

/* The first match of FAR_WORD from the document's start. */
static void bench_first(const Fonts *f, Editor *editor, const Options *o, SearchFlags flags,
                        const char *what)
{
  g_autoptr(Search) s = new_search(f, FAR_WORD, flags);
  double ms[64];
  SearchMatch m = {0};
  for (guint r = 0; r < o->rounds; r++) {
    double t = now_ms();
    search_next(s, editor_document(editor), (DocPos){0, 0}, &m, NULL);
    ms[r] = now_ms() - t;
  }
  g_autofree char *extra = g_strdup_printf("found in paragraph %u", m.para + 1);
  report(what, ms, o->rounds, extra);
}

static void bench_count(const Fonts *f, Editor *editor, const Options *o, SearchFlags flags,
                        const char *what)
{
  g_autoptr(Search) s = new_search(f, o->word, flags);
  double ms[64];
  guint64 n = 0;
  for (guint r = 0; r < o->rounds; r++) {
    double t = now_ms();
    n = search_count_all(s, editor_document(editor));
    ms[r] = now_ms() - t;
  }
  g_autofree char *extra = g_strdup_printf("%" G_GUINT64_FORMAT " matches of \"%s\"", n, o->word);
  report(what, ms, o->rounds, extra);
}

/* Replace-all (finding, building the text, the one edit and undo step), then
 * undo, each round. */
static void bench_replace(const Fonts *f, Editor *editor, const Options *o)
{
  g_autoptr(Search) s = new_search(f, o->replace, SEARCH_MATCH_CASE);
  g_autofree char *upper = g_utf8_strup(o->replace, -1);
  double ms[64], undo_ms[64];
  guint64 n = 0;
  for (guint r = 0; r < o->rounds; r++) {
    double t = now_ms();
    SearchReplacement rep;
    g_autoptr(GError) error = NULL;
    if (!search_replace_all(s, editor_document(editor), upper, &rep, &error))
      g_error("searchbench: %s", error->message);
    n = rep.count;
    if (n > 0 &&
        !editor_replace_paragraphs(editor, rep.first, rep.last, rep.text->str, rep.text->len,
                                   (const StyleRun *)(void *)rep.runs->data, rep.runs->len, &error))
      g_error("searchbench: %s", error->message);
    search_replacement_clear(&rep);
    ms[r] = now_ms() - t;
    t = now_ms();
    editor_undo(editor);
    undo_ms[r] = now_ms() - t;
  }
  g_autofree char *extra = g_strdup_printf("%" G_GUINT64_FORMAT " matches of \"%s\"", n,
                                           o->replace);
  report("replace all, one undo step", ms, o->rounds, extra);
  report("undo the replace all", undo_ms, o->rounds, extra);
}

static void bench_document(const Fonts *f, const char *path, const Options *o)
{
  double t = now_ms();
  g_autoptr(Editor) editor = make_document(f, path, o->mb);
  if (editor == NULL)
    return;
  const Document *doc = editor_document(editor);
  printf("\n%s: %.1f MB, %u paragraphs (made in %.0f ms)\n\n", path ? path : "generated prose",
         (double)document_byte_count(doc) / 1e6, document_paragraph_count(doc), now_ms() - t);
  printf("| %u rounds | median ms | slowest ms | |\n|---|---:|---:|---|\n", o->rounds);
  bench_first(f, editor, o, SEARCH_MATCH_CASE, "first match at the end, match case");
  bench_first(f, editor, o, 0, "first match at the end, any case");
  bench_first(f, editor, o, SEARCH_WHOLE_WORD, "first match at the end, any case, whole word");
  bench_first(f, editor, o, SEARCH_REGEX | SEARCH_MATCH_CASE, "first match at the end, regex");
  bench_count(f, editor, o, SEARCH_MATCH_CASE, "count, match case");
  bench_count(f, editor, o, 0, "count, any case");
  bench_count(f, editor, o, SEARCH_WHOLE_WORD, "count, any case, whole word");
  bench_replace(f, editor, o);
}

int main(int argc, char **argv)
{
  bench_print_command(argc, argv);
  Options o = {.mb = 50, .rounds = 5, .word = "the", .replace = "e"};
  int mb = 50, rounds = 5;
  char *word = NULL, *replace = NULL;
  GOptionEntry entries[] = {
      {"mb", 0, 0, G_OPTION_ARG_INT, &mb, "MB of generated prose (50)", "N"},
      {"rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "rounds of each measure, 1..64 (5)", "R"},
      {"word", 0, 0, G_OPTION_ARG_STRING, &word, "the word counted (the)", "W"},
      {"replace", 0, 0, G_OPTION_ARG_STRING, &replace, "the text replaced (e)", "W"},
      {NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("[FILE...]");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error) || mb < 1 || rounds < 1 || rounds > 64) {
    fprintf(stderr, "searchbench: %s\n", error ? error->message : "--mb >= 1, --rounds 1..64");
    return 1;
  }
  o.mb = (guint)mb;
  o.rounds = (guint)rounds;
  o.word = word ? word : o.word;
  o.replace = replace ? replace : o.replace;
  Fonts f = {0};
  f.set = typeface_set_new(&error);
  Typeface *sans = f.set ? typeface_set_lookup(f.set, "DejaVu Sans", &error) : NULL;
  if (sans == NULL) {
    fprintf(stderr, "searchbench: %s\n", error->message);
    return 1;
  }
  f.factory = glyph_factory_new(f.set);
  f.style = glyph_factory_style(f.factory, sans, 16);
  f.seg = segmenter_new(NULL, &error);
  bench_document(&f, NULL, &o);
  for (int i = 1; i < argc; i++)
    bench_document(&f, argv[i], &o);
  segmenter_free(f.seg);
  glyph_factory_free(f.factory);
  typeface_set_free(f.set);
  g_free(word);
  g_free(replace);
  return 0;
}
