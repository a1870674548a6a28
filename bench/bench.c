/* bench.c — glyphpad-bench: glyphpad measured side by side, on prose it
 * writes and on real text it is given.
 *
 *   glyphpad-bench [--sizes 1,10,50] [--file PATH]... [--baseline PATH]
 *                  [--modes on,off] [--runs 5] [--font FAMILY] [--size PX]
 *                  [--budget BYTES] [--glyphpad PATH] [--keep] [--memory]
 *
 * Texts. English prose files of the given sizes (MB = 1,000,000 bytes) are
 * written into a temporary directory by a seeded word generator (lines of 60
 * to 100 characters); `--sizes ''` (or 0) writes none. Every --file is
 * measured too, its rows named by its basename: real text (tools/real-text.py
 * assembles licences, C headers, translation catalogues, documentation and
 * logs, and writes a million empty lines) has other line lengths and scripts
 * than generated prose, and costs that prose hides.
 *
 * Columns. Each run is `glyphpad --headless --stats=json FILE` in a fresh
 * process, for the current binary (--glyphpad, default: the one built next to
 * this program) and, with --baseline, a second binary (say the version before
 * a change), in each of --modes (flyweight on, off). Runs are interleaved —
 * each round runs every column once, the order rotated a step each round — so
 * a slow spell of a shared machine falls on all columns alike. Then one
 * markdown table: every column, and the ratios current/baseline per mode and
 * off/on for the current binary. A key one binary does not print is "—".
 *
 * Rows (table.c holds them). Per text: its counts (characters, lines, the
 * mean line length in characters), the Glyphs and the word cache, then
 * memory: heap growth (heap_bytes - heap_bytes_empty) and peak RSS growth
 * (peak_rss_bytes - rss_bytes_empty) in bytes per character and per line,
 * RSS growth per character, peak RSS; then times. Per line is the figure of
 * short lines and of empty ones, where per character says nothing. --memory
 * prints the counts and memory rows alone.
 *
 * Why a process per measurement: a process's resident set never shrinks and
 * glibc keeps freed heap, so growth per character is only honest in a fresh
 * process that measured its own empty state first (glyphpad reports
 * heap_bytes_empty / rss_bytes_empty before loading). Counts are taken from the
 * first run, times and growth are the median of the runs. Going off for a file
 * whose private glyphs exceed the budget is refused by design, and said. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include "run_set.h"
#include "table.h"

#define BENCH_MB 1000000.0
#define BENCH_ENGLISH_CHARS 180000 /* GoF's Lexi example: 180,000 characters */
#define BENCH_MAX_COLUMNS 4        /* two binaries, two modes */

typedef struct {
  char *sizes;     /* "1,10,50"; "" or "0": no prose */
  char **files;    /* --file, repeatable; NULL-terminated, or NULL */
  int runs;        /* runs per (text, column) */
  char *modes;     /* "on,off", "on" or "off" */
  char *font;      /* family, passed on */
  int px;          /* size, passed on */
  char *glyphpad;  /* the current binary */
  char *baseline;  /* the binary to compare with, or NULL */
  gboolean keep;   /* leave the generated files */
  char *budget;    /* passed on as --budget */
  gboolean memory; /* print only the count and memory rows */
} BenchOptions;

/* A column: one binary in one mode. */
typedef struct {
  char *label;        /* "current, on" */
  const char *binary; /* borrowed from the options */
  bool off;           /* --no-flyweight */
} Variant;

/* The columns and ratios every text gets. */
typedef struct {
  Variant variants[BENCH_MAX_COLUMNS];
  int n;
  TableRatio ratios[BENCH_MAX_COLUMNS];
  int n_ratios;
} Plan;

/* A text to measure: its row label and path. */
typedef struct {
  char *label;    /* "licences.txt", "prose 10 MB" */
  char *path;     /* the file */
  bool generated; /* written by this program (removed unless --keep) */
} Text;

/* ------------------------------------------------------------------ prose */

/* Writes prose to @path until @max_bytes bytes or @max_chars characters
 * (newlines not counted), whichever comes first (0: no limit). */
static bool write_prose(const char *path, guint64 max_bytes, guint64 max_chars, guint64 seed,
                        GError **error)
{
  FILE *f = g_fopen(path, "wb");
  if (f == NULL) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s", path);
    return false;
  }
  g_autoptr(GString) line = g_string_new(NULL);
  guint64 rng = seed, bytes = 0, chars = 0;
  while ((max_bytes == 0 || bytes < max_bytes) && (max_chars == 0 || chars < max_chars)) {
    bench_prose_line(line, &rng);
    if (max_chars != 0 && chars + line->len > max_chars)
      g_string_truncate(line, (gsize)(max_chars - chars));
    chars += line->len;
    bytes += line->len + 1;
    fputs(line->str, f);
    fputc('\n', f);
  }
  bool ok = fclose(f) == 0;
  if (!ok)
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s (disk full?)", path);
  return ok;
}

/* ------------------------------------------------------------------ runs */

/* Runs @binary headless on @path in a fresh process, timed from outside. */
static RunResult run_glyphpad(const BenchOptions *o, const char *binary, const char *path, bool off)
{
  RunResult r = {.off = off};
  g_autofree char *px = g_strdup_printf("%d", o->px);
  const char *argv[] = {binary,
                        "--headless",
                        "--stats=json",
                        "--font",
                        o->font,
                        "--size",
                        px,
                        "--budget",
                        o->budget,
                        path,
                        off ? "--no-flyweight" : NULL,
                        NULL};
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time();
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                    &error)) {
    r.error = g_strdup(error->message);
    return r;
  }
  r.value[KEY_WALL_MS] = (double)(g_get_monotonic_time() - start) / 1000.0;
  r.has[KEY_WALL_MS] = true;
  if (!g_spawn_check_wait_status(status, NULL)) {
    r.error = g_strdup(g_strstrip(err));
    r.refused = off && strstr(r.error, "budget") != NULL;
    return r;
  }
  r.ok = true;
  run_result_parse(&r, out);
  return r;
}

static void report_progress(const char *text, const Variant *v, int round, int runs,
                            const RunResult *r)
{
  if (r->ok)
    fprintf(stderr, "  %s, %s, run %d/%d: load %.0f ms, layout %.0f ms, wall %.0f ms\n", text,
            v->label, round + 1, runs, r->value[KEY_LOAD_MS], r->value[KEY_LAYOUT_MS],
            r->value[KEY_WALL_MS]);
  else
    fprintf(stderr, "  %s, %s: %s\n", text, v->label, r->refused ? "refused" : "failed");
}

/* Every column's runs on @text, interleaved: round i starts at column i mod n. */
static void measure_text(const BenchOptions *o, const Plan *plan, const Text *text, RunSet **sets)
{
  for (int round = 0; round < o->runs; round++) {
    for (int k = 0; k < plan->n; k++) {
      int c = (round + k) % plan->n;
      if (sets[c]->stopped)
        continue;
      const Variant *v = &plan->variants[c];
      RunResult r = run_glyphpad(o, v->binary, text->path, v->off);
      report_progress(text->label, v, round, o->runs, &r);
      run_set_add(sets[c], r);
    }
  }
}

/* Measures @text and prints its rows. */
static void bench_text(const BenchOptions *o, const Plan *plan, const Text *text)
{
  RunSet *sets[BENCH_MAX_COLUMNS] = {NULL};
  TableColumn cols[BENCH_MAX_COLUMNS];
  for (int c = 0; c < plan->n; c++) {
    sets[c] = run_set_new();
    cols[c] = (TableColumn){plan->variants[c].label, sets[c]};
  }
  fprintf(stderr, "%s:\n", text->label);
  measure_text(o, plan, text, sets);
  table_print_rows(text->label, cols, plan->n, plan->ratios, plan->n_ratios, o->memory);
  for (int c = 0; c < plan->n; c++)
    run_set_free(sets[c]);
}

/* ------------------------------------------------------------------ plan */

static void plan_add(Plan *plan, const char *label, const char *binary, bool off)
{
  plan->variants[plan->n++] = (Variant){g_strdup(label), binary, off};
}

static void plan_ratio(Plan *plan, const char *label, int num, int den)
{
  plan->ratios[plan->n_ratios++] = (TableRatio){label, num, den};
}

/* Columns: per mode, current (then baseline); ratios: current/baseline per
 * mode, and off/on of the current binary when both modes run. */
static void plan_make(Plan *plan, const BenchOptions *o, bool on, bool off)
{
  bool base = o->baseline != NULL;
  if (on)
    plan_add(plan, base ? "current, on" : "flyweight on", o->glyphpad, false);
  if (on && base)
    plan_add(plan, "baseline, on", o->baseline, false);
  int first_off = plan->n;
  if (off)
    plan_add(plan, base ? "current, off" : "flyweight off", o->glyphpad, true);
  if (off && base)
    plan_add(plan, "baseline, off", o->baseline, true);
  if (on && base)
    plan_ratio(plan, "current/baseline, on", 0, 1);
  if (off && base)
    plan_ratio(plan, "current/baseline, off", first_off, first_off + 1);
  if (on && off)
    plan_ratio(plan, base ? "off/on, current" : "off/on", first_off, 0);
}

static void plan_clear(Plan *plan)
{
  for (int i = 0; i < plan->n; i++)
    g_free(plan->variants[i].label);
}

/* ------------------------------------------------------------------ texts */

/* The generated prose files and the given files, in that order; NULL and
 * @error when a prose file could not be written. */
static GArray *texts_prepare(const BenchOptions *o, const char *dir, GError **error)
{
  GArray *texts = g_array_new(FALSE, TRUE, sizeof(Text));
  g_auto(GStrv) sizes = g_strsplit(o->sizes, ",", -1);
  for (guint i = 0; sizes[i] != NULL; i++) {
    double mb = g_ascii_strtod(sizes[i], NULL);
    if (mb <= 0)
      continue;
    g_autofree char *name = g_strdup_printf("prose-%gmb.txt", mb);
    Text t = {g_strdup_printf("prose %g MB", mb), g_build_filename(dir, name, NULL), true};
    g_array_append_val(texts, t);
    fprintf(stderr, "%s: writing %g MB of prose\n", name, mb);
    if (!write_prose(t.path, (guint64)(mb * BENCH_MB), 0, 12345, error))
      return texts;
  }
  for (guint i = 0; o->files != NULL && o->files[i] != NULL; i++) {
    Text t = {g_path_get_basename(o->files[i]), g_strdup(o->files[i]), false};
    g_array_append_val(texts, t);
  }
  return texts;
}

static void texts_free(GArray *texts, bool keep)
{
  for (guint i = 0; i < texts->len; i++) {
    Text *t = &g_array_index(texts, Text, i);
    if (t->generated && !keep)
      g_remove(t->path);
    g_free(t->label);
    g_free(t->path);
  }
  g_array_free(texts, TRUE);
}

/* A row of the texts table: bytes, lines, mean bytes per line. */
static void describe_text(const Text *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) map = g_mapped_file_new(t->path, FALSE, &error);
  if (map == NULL) {
    printf("| %s | %s | | |\n", t->label, error->message);
    return;
  }
  const char *bytes = g_mapped_file_get_contents(map);
  gsize size = g_mapped_file_get_length(map), lines = 0;
  for (gsize i = 0; i < size; i++)
    lines += bytes[i] == '\n';
  if (size > 0 && bytes[size - 1] != '\n')
    lines++;
  printf("| %s | %" G_GSIZE_FORMAT " | %" G_GSIZE_FORMAT " | %.1f |\n", t->label, size, lines,
         lines > 0 ? (double)size / (double)lines : 0.0);
}

static void describe_texts(GArray *texts)
{
  printf("| text | bytes | lines | bytes/line |\n|---|---:|---:|---:|\n");
  for (guint i = 0; i < texts->len; i++)
    describe_text(&g_array_index(texts, Text, i));
  printf("\n");
}

/* ------------------------------------------------------------------ report */

/* The 180,000-character English text: how many Glyphs each binary keeps. */
static void report_english(const BenchOptions *o, const Plan *plan, const char *dir)
{
  g_autofree char *path = g_build_filename(dir, "english-180000.txt", NULL);
  g_autoptr(GError) error = NULL;
  if (!write_prose(path, 0, BENCH_ENGLISH_CHARS, 180000, &error)) {
    printf("180,000-character text: %s\n\n", error->message);
    return;
  }
  for (int c = 0; c < plan->n; c++) {
    if (plan->variants[c].off)
      continue;
    RunResult r = run_glyphpad(o, plan->variants[c].binary, path, false);
    if (r.ok)
      printf("- %s: 180,000 characters of English prose: %.0f Glyph objects alive "
             "(%.0f of them pinned); %.0f bytes per DrawnGlyph record.\n",
             plan->variants[c].label, r.value[KEY_GLYPHS_ALIVE], r.value[KEY_GLYPHS_PINNED],
             r.value[KEY_DRAWN_GLYPH_BYTES]);
    else
      printf("- %s: 180,000-character text: glyphpad failed: %s\n", plan->variants[c].label,
             r.error);
    g_free(r.error);
  }
  printf("\n");
  if (!o->keep)
    g_remove(path);
}

/* "0.34 0.65 1.59" from /proc/loadavg, or "unknown". */
static char *load_average(void)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents("/proc/loadavg", &text, NULL, NULL))
    return g_strdup("unknown");
  g_auto(GStrv) fields = g_strsplit(text, " ", 4);
  if (g_strv_length(fields) < 3)
    return g_strdup("unknown");
  return g_strdup_printf("%s %s %s", fields[0], fields[1], fields[2]);
}

static void print_preamble(const BenchOptions *o)
{
  g_autofree char *load = load_average();
  printf("current: %s\nbaseline: %s\n", o->glyphpad, o->baseline ? o->baseline : "(none)");
  printf("font %s %d px; 1280x800 layout; budget for going off %s; %d runs per cell, "
         "interleaved (times and growth: median; counts: first run); MB = 1,000,000 bytes.\n",
         o->font, o->px, o->budget, o->runs);
  printf("load average (1, 5, 15 min) at start: %s; %d processors.\n\n", load,
         g_get_num_processors());
}

/* The table's heading and every text's rows. */
static void bench_texts(const BenchOptions *o, const Plan *plan, GArray *texts)
{
  TableColumn cols[BENCH_MAX_COLUMNS];
  for (int c = 0; c < plan->n; c++)
    cols[c] = (TableColumn){plan->variants[c].label, NULL};
  table_print_header(cols, plan->n, plan->ratios, plan->n_ratios);
  for (guint i = 0; i < texts->len; i++)
    bench_text(o, plan, &g_array_index(texts, Text, i));
  g_autofree char *load = load_average();
  printf("\nload average (1, 5, 15 min) at the end: %s.\n", load);
}

static int run(const BenchOptions *o, const Plan *plan)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("glyphpad-bench-XXXXXX", &error);
  if (dir == NULL) {
    fprintf(stderr, "glyphpad-bench: %s\n", error->message);
    return 1;
  }
  print_preamble(o);
  GArray *texts = texts_prepare(o, dir, &error);
  if (error != NULL)
    fprintf(stderr, "glyphpad-bench: %s\n", error->message);
  else {
    describe_texts(texts);
    report_english(o, plan, dir);
    bench_texts(o, plan, texts);
  }
  texts_free(texts, o->keep);
  if (!o->keep)
    g_rmdir(dir);
  return error != NULL ? 1 : 0;
}

/* ------------------------------------------------------------------ main */

/* The glyphpad built with this program: next to it, or in meson's tree
 * (build/bench/glyphpad-bench, build/src/app/glyphpad). */
static char *find_glyphpad(void)
{
  g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
  if (self == NULL)
    return g_strdup("glyphpad");
  g_autofree char *dir = g_path_get_dirname(self);
  char *beside = g_build_filename(dir, "glyphpad", NULL);
  if (g_file_test(beside, G_FILE_TEST_IS_EXECUTABLE))
    return beside;
  g_free(beside);
  return g_build_filename(dir, "..", "src", "app", "glyphpad", NULL);
}

/* Reads --modes into @on and @off; false and @error for anything else. */
static bool parse_modes(const char *modes, bool *on, bool *off, GError **error)
{
  g_auto(GStrv) names = g_strsplit(modes, ",", -1);
  *on = *off = false;
  for (guint i = 0; names[i] != NULL; i++) {
    if (strcmp(names[i], "on") == 0)
      *on = true;
    else if (strcmp(names[i], "off") == 0)
      *off = true;
    else {
      g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "--modes takes on, off or on,off, not '%s'", names[i]);
      return false;
    }
  }
  if (!*on && !*off)
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--modes is empty");
  return *on || *off;
}

static void set_defaults(BenchOptions *o)
{
  if (o->sizes == NULL)
    o->sizes = g_strdup("1,10,50");
  if (o->modes == NULL)
    o->modes = g_strdup("on,off");
  if (o->budget == NULL)
    o->budget = g_strdup("4G");
  if (o->font == NULL)
    o->font = g_strdup("DejaVu Sans");
  if (o->glyphpad == NULL)
    o->glyphpad = find_glyphpad();
  char *canonical = g_canonicalize_filename(o->glyphpad, NULL);
  g_free(o->glyphpad);
  o->glyphpad = canonical;
}

static bool parse_args(int argc, char **argv, BenchOptions *o, GError **error)
{
  const GOptionEntry entries[] = {
      {"sizes", 0, 0, G_OPTION_ARG_STRING, &o->sizes,
       "Prose sizes in MB (default 1,10,50; '' or 0: none)", "LIST"},
      {"file", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->files,
       "Measure this file too (repeatable; rows named by its basename)", "PATH"},
      {"baseline", 0, 0, G_OPTION_ARG_FILENAME, &o->baseline,
       "A second glyphpad binary measured in the same run, interleaved", "PATH"},
      {"modes", 0, 0, G_OPTION_ARG_STRING, &o->modes,
       "Flyweight modes: on,off (default), on or off", "LIST"},
      {"runs", 0, 0, G_OPTION_ARG_INT, &o->runs, "Runs per text and column, 1 to 64 (default 5)",
       "N"},
      {"font", 0, 0, G_OPTION_ARG_STRING, &o->font, "Font family (default DejaVu Sans)", "FAMILY"},
      {"size", 0, 0, G_OPTION_ARG_INT, &o->px, "Text size in pixels (default 16)", "PX"},
      {"glyphpad", 0, 0, G_OPTION_ARG_FILENAME, &o->glyphpad,
       "The current glyphpad binary (default: the one built with this program)", "PATH"},
      {"keep", 0, 0, G_OPTION_ARG_NONE, &o->keep, "Keep the generated files", NULL},
      {"budget", 0, 0, G_OPTION_ARG_STRING, &o->budget,
       "Budget for going off, passed to glyphpad (default 4G)", "BYTES"},
      {"memory", 0, 0, G_OPTION_ARG_NONE, &o->memory,
       "Print only the rows of counts and memory (heap, RSS, peak RSS growth)", NULL},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) context = g_option_context_new(NULL);
  g_option_context_set_summary(context, "Measures glyphpad on generated prose and given files: "
                                        "flyweight on and off, and against a baseline binary, "
                                        "side by side in one run.");
  g_option_context_add_main_entries(context, entries, NULL);
  if (!g_option_context_parse(context, &argc, &argv, error))
    return false;
  if (o->runs < 1 || o->runs > RUN_SET_MAX) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--runs must be 1 to %d, not %d",
                RUN_SET_MAX, o->runs);
    return false;
  }
  set_defaults(o);
  return true;
}

/* Whether @path is an executable; says so on stderr if not. */
static bool check_binary(const char *path, const char *what)
{
  if (g_file_test(path, G_FILE_TEST_IS_EXECUTABLE))
    return true;
  fprintf(stderr, "glyphpad-bench: no %s binary at %s\n", what, path);
  return false;
}

static void options_clear(BenchOptions *o)
{
  g_free(o->sizes);
  g_strfreev(o->files);
  g_free(o->modes);
  g_free(o->font);
  g_free(o->glyphpad);
  g_free(o->baseline);
  g_free(o->budget);
}

int main(int argc, char **argv)
{
  BenchOptions o = {.runs = 5, .px = 16};
  Plan plan = {0};
  bool on = false, off = false;
  g_autoptr(GError) error = NULL;
  bench_print_command(argc, argv);
  int status = 1;
  if (!parse_args(argc, argv, &o, &error) || !parse_modes(o.modes, &on, &off, &error))
    fprintf(stderr, "glyphpad-bench: %s\n", error->message);
  else if (check_binary(o.glyphpad, "glyphpad (build it, or pass --glyphpad)") &&
           (o.baseline == NULL || check_binary(o.baseline, "baseline"))) {
    plan_make(&plan, &o, on, off);
    status = run(&o, &plan);
  }
  plan_clear(&plan);
  options_clear(&o);
  return status;
}
