/* bench.c — glyphpad-bench: what the flyweight saves, measured side by side.
 *
 *   glyphpad-bench [--sizes 1,10,50] [--runs 5] [--font FAMILY] [--size PX]
 *                  [--budget BYTES] [--glyphpad PATH] [--keep]
 *
 * Writes English prose files of the given sizes (MB = 1,000,000 bytes) into a
 * temporary directory with a seeded word generator (lines of 60 to 100
 * characters, like the project's gen-test-files.py prose), then for each size
 * runs `glyphpad --headless --stats=json FILE` with the flyweight on and with
 * --no-flyweight, --runs times each, and prints one markdown table with the
 * two modes side by side and their ratio.
 *
 * Why a child process per measurement: a process's resident set never
 * shrinks and glibc keeps freed heap, so growth per character is only honest
 * in a fresh process that measured its own empty state first (glyphpad reports
 * heap_bytes_empty / rss_bytes_empty before loading). Counts are taken from the
 * first run, times and growth are the median of the runs. Going off for a file
 * whose private glyphs exceed glyphpad's budget is refused by design: the cell
 * says so, with the estimate from the flyweight-on run. The glyphpad binary is
 * found next to this one (or given with --glyphpad). */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"

#define BENCH_MB 1000000.0
#define BENCH_ENGLISH_CHARS 180000 /* GoF's Lexi example: 180,000 characters */

typedef struct {
  char *sizes;    /* "1,10,50" */
  int runs;       /* runs per (size, mode) */
  char *font;     /* family, passed on */
  int px;         /* size, passed on */
  char *glyphpad; /* the binary */
  gboolean keep;  /* leave the generated files */
  char *budget;   /* passed on as --budget, or NULL for glyphpad's default (4G) */
} BenchOptions;

/* One glyphpad run's numbers (from its JSON). */
typedef struct {
  bool ok;     /* ran and printed statistics */
  char *error; /* its stderr when it did not */
  double characters, drawn_glyphs, drawn_glyph_bytes, glyphs_alive;
  double counted_bytes; /* intrinsic + document + extrinsic + view */
  double heap_growth;   /* heap_bytes - heap_bytes_empty */
  double rss_growth;    /* rss_bytes - rss_bytes_empty */
  double load_ms, layout_ms, first_screen_ms;
  double predicted_on, predicted_off, private_estimate;
} RunResult;

/* Every run of one (size, mode). */
typedef struct {
  RunResult *runs;
  int n;        /* runs made */
  bool refused; /* going off was refused (over budget) */
} ModeResult;

/* ------------------------------------------------------------------ text */

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

/* The number after "key": in glyphpad's JSON (top-level keys come first). */
static double json_number(const char *json, const char *key)
{
  g_autofree char *needle = g_strdup_printf("\"%s\": ", key);
  const char *at = strstr(json, needle);
  return at != NULL ? g_ascii_strtod(at + strlen(needle), NULL) : 0.0;
}

static void parse_result(const char *json, RunResult *r)
{
  r->characters = json_number(json, "characters");
  r->drawn_glyphs = json_number(json, "drawn_glyphs");
  r->drawn_glyph_bytes = json_number(json, "drawn_glyph_bytes");
  r->glyphs_alive = json_number(json, "glyphs_alive");
  r->counted_bytes = json_number(json, "counted_bytes");
  r->heap_growth = json_number(json, "heap_bytes") - json_number(json, "heap_bytes_empty");
  r->rss_growth = json_number(json, "rss_bytes") - json_number(json, "rss_bytes_empty");
  r->load_ms = json_number(json, "load_ms");
  r->layout_ms = json_number(json, "layout_ms");
  r->first_screen_ms = json_number(json, "first_screen_ms");
  r->predicted_on = json_number(json, "predicted_on");
  r->predicted_off = json_number(json, "predicted_off");
  r->private_estimate = json_number(json, "private_estimate_bytes");
}

/* Runs glyphpad headless on @path in a fresh process. */
static RunResult run_glyphpad(const BenchOptions *o, const char *path, bool off)
{
  RunResult r = {0};
  g_autofree char *px = g_strdup_printf("%d", o->px);
  const char *argv[] = {o->glyphpad,
                        "--headless",
                        "--stats=json",
                        "--font",
                        o->font,
                        "--size",
                        px,
                        path,
                        "--budget",
                        o->budget,
                        off ? "--no-flyweight" : NULL,
                        NULL};
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                    &error)) {
    r.error = g_strdup(error->message);
    return r;
  }
  if (!g_spawn_check_wait_status(status, NULL)) {
    r.error = g_strdup(g_strstrip(err));
    return r;
  }
  r.ok = true;
  parse_result(out, &r);
  return r;
}

static ModeResult run_mode(const BenchOptions *o, const char *path, bool off)
{
  ModeResult m = {.runs = g_new0(RunResult, (gsize)o->runs)};
  for (int i = 0; i < o->runs; i++) {
    m.runs[m.n++] = run_glyphpad(o, path, off);
    if (!m.runs[i].ok) {
      /* A refusal is the designed behaviour; repeating it measures nothing. */
      m.refused = off && m.runs[i].error != NULL && strstr(m.runs[i].error, "budget") != NULL;
      break;
    }
    fprintf(stderr, "  %s run %d/%d: load %.0f ms\n", off ? "off" : "on", i + 1, o->runs,
            m.runs[i].load_ms);
  }
  return m;
}

static void mode_result_clear(ModeResult *m)
{
  for (int i = 0; i < m->n; i++)
    g_free(m->runs[i].error);
  g_free(m->runs);
}

/* The median over the runs of the field at byte @offset of RunResult. */
static double median(const ModeResult *m, size_t offset)
{
  double values[64];
  int n = MIN(m->n, (int)G_N_ELEMENTS(values));
  for (int i = 0; i < n; i++)
    memcpy(&values[i], (const char *)&m->runs[i] + offset, sizeof(double));
  return bench_median(values, (gsize)n);
}

/* ------------------------------------------------------------------ report */

/* A table row: the metric for on, off and their ratio; @per_char divides by N. */
typedef struct {
  const char *label;
  size_t offset;   /* field of RunResult */
  bool per_char;   /* divide by characters */
  bool use_median; /* median of the runs (else the first run) */
  const char *format;
} Metric;

static const Metric metrics[] = {
    {"characters", G_STRUCT_OFFSET(RunResult, characters), false, false, "%.0f"},
    {"Glyph objects alive", G_STRUCT_OFFSET(RunResult, glyphs_alive), false, false, "%.0f"},
    {"DrawnGlyph records", G_STRUCT_OFFSET(RunResult, drawn_glyphs), false, false, "%.0f"},
    {"DrawnGlyph record bytes", G_STRUCT_OFFSET(RunResult, drawn_glyph_bytes), false, false,
     "%.0f"},
    {"counted bytes/char (intrinsic+document+view)", G_STRUCT_OFFSET(RunResult, counted_bytes),
     true, false, "%.2f"},
    {"predicted bytes/char (seed formula, this mode)", 0, true, false, "%.2f"},
    {"heap growth bytes/char (measured)", G_STRUCT_OFFSET(RunResult, heap_growth), true, true,
     "%.2f"},
    {"RSS growth bytes/char (measured)", G_STRUCT_OFFSET(RunResult, rss_growth), true, true,
     "%.2f"},
    {"load ms (median)", G_STRUCT_OFFSET(RunResult, load_ms), false, true, "%.1f"},
    {"first screen ms (median)", G_STRUCT_OFFSET(RunResult, first_screen_ms), false, true, "%.1f"},
    {"layout ms, all paragraphs (median)", G_STRUCT_OFFSET(RunResult, layout_ms), false, true,
     "%.1f"},
};

static double metric_value(const Metric *mt, const ModeResult *m, bool off)
{
  const RunResult *first = &m->runs[0];
  double v;
  if (mt->offset == 0) /* the prediction for the mode the run was in */
    v = off ? first->predicted_off : first->predicted_on;
  else if (mt->use_median)
    v = median(m, mt->offset);
  else
    memcpy(&v, (const char *)first + mt->offset, sizeof v);
  return mt->per_char && first->characters > 0 ? v / first->characters : v;
}

/* @v with a comma every three digits: 9,875,017. */
static char *format_count(double v)
{
  g_autofree char *digits = g_strdup_printf("%.0f", v);
  GString *out = g_string_new(NULL);
  gsize n = strlen(digits);
  for (gsize i = 0; i < n; i++) {
    if (i > 0 && (n - i) % 3 == 0 && g_ascii_isdigit(digits[i - 1]))
      g_string_append_c(out, ',');
    g_string_append_c(out, digits[i]);
  }
  return g_string_free(out, FALSE);
}

/* One table cell; a refusal is explained in the first row only. */
static char *cell(const Metric *mt, const ModeResult *m, const ModeResult *on,
                  const char *budget_label)
{
  bool off = budget_label != NULL;
  if (m->n > 0 && m->runs[0].ok && strcmp(mt->format, "%.0f") == 0)
    return format_count(metric_value(mt, m, off));
  if (m->n > 0 && m->runs[0].ok)
    return g_strdup_printf(mt->format, metric_value(mt, m, off));
  if (m->refused && mt != &metrics[0])
    return g_strdup("refused");
  if (m->refused && on->n > 0 && on->runs[0].ok) {
    g_autofree char *estimate = g_format_size_full((guint64)on->runs[0].private_estimate,
                                                   G_FORMAT_SIZE_IEC_UNITS);
    return g_strdup_printf("refused (estimate %s > budget %s)", estimate, budget_label);
  }
  return g_strdup_printf("failed: %s", m->n > 0 && m->runs[0].error ? m->runs[0].error : "?");
}

static void print_size_rows(double mb, const ModeResult *on, const ModeResult *off,
                            const char *budget)
{
  for (guint i = 0; i < G_N_ELEMENTS(metrics); i++) {
    const Metric *mt = &metrics[i];
    g_autofree char *a = cell(mt, on, on, NULL);
    g_autofree char *b = cell(mt, off, on, budget);
    g_autofree char *ratio = g_strdup("—");
    bool both = on->n > 0 && on->runs[0].ok && off->n > 0 && off->runs[0].ok;
    if (both && metric_value(mt, on, false) != 0) {
      g_free(ratio);
      ratio = g_strdup_printf("%.2f", metric_value(mt, off, true) / metric_value(mt, on, false));
    }
    printf("| %g MB | %s | %s | %s | %s |\n", mb, mt->label, a, b, ratio);
  }
}

/* The 180,000-character English text: how many Glyphs it needs. */
static void report_english(const BenchOptions *o, const char *dir)
{
  g_autofree char *path = g_build_filename(dir, "english-180000.txt", NULL);
  g_autoptr(GError) error = NULL;
  if (!write_prose(path, 0, BENCH_ENGLISH_CHARS, 180000, &error)) {
    printf("180,000-character text: %s\n", error->message);
    return;
  }
  RunResult r = run_glyphpad(o, path, false);
  if (!r.ok) {
    printf("180,000-character text: glyphpad failed: %s\n\n", r.error);
    g_free(r.error);
    return;
  }
  g_autofree char *chars = format_count(r.characters);
  printf("- %s characters of English prose: **%.0f Glyph objects** (goal: at most 100; "
         "printable ASCII is pinned, so this is the 95 of U+0020..U+007E plus anything else used); "
         "sizeof(DrawnGlyph) = **%.0f bytes**; %.0f DrawnGlyph records for the first screen.\n\n",
         chars, r.glyphs_alive, r.drawn_glyph_bytes, r.drawn_glyphs);
  if (!o->keep)
    g_remove(path);
}

static void bench_size(const BenchOptions *o, const char *dir, double mb)
{
  g_autofree char *name = g_strdup_printf("prose-%gmb.txt", mb);
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) error = NULL;
  fprintf(stderr, "%s: writing %g MB of prose\n", name, mb);
  if (!write_prose(path, (guint64)(mb * BENCH_MB), 0, 12345, &error)) {
    printf("| %g MB | %s | | | |\n", mb, error->message);
    return;
  }
  ModeResult on = run_mode(o, path, false);
  ModeResult off = run_mode(o, path, true);
  print_size_rows(mb, &on, &off, o->budget);
  mode_result_clear(&on);
  mode_result_clear(&off);
  if (!o->keep)
    g_remove(path);
}

/* ------------------------------------------------------------------ main */

static char *find_glyphpad(void)
{
  g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
  if (self == NULL)
    return g_strdup("glyphpad");
  g_autofree char *dir = g_path_get_dirname(self);
  return g_build_filename(dir, "glyphpad", NULL);
}

static bool parse_args(int argc, char **argv, BenchOptions *o, GError **error)
{
  const GOptionEntry entries[] = {
      {"sizes", 0, 0, G_OPTION_ARG_STRING, &o->sizes, "Document sizes in MB (default 1,10,50)",
       "LIST"},
      {"runs", 0, 0, G_OPTION_ARG_INT, &o->runs, "Runs per size and mode, 1 to 64 (default 5)",
       "N"},
      {"font", 0, 0, G_OPTION_ARG_STRING, &o->font, "Font family (default DejaVu Sans)", "FAMILY"},
      {"size", 0, 0, G_OPTION_ARG_INT, &o->px, "Text size in pixels (default 16)", "PX"},
      {"glyphpad", 0, 0, G_OPTION_ARG_FILENAME, &o->glyphpad,
       "The glyphpad binary (default: next to "
       "this one)",
       "PATH"},
      {"keep", 0, 0, G_OPTION_ARG_NONE, &o->keep, "Keep the generated files", NULL},
      {"budget", 0, 0, G_OPTION_ARG_STRING, &o->budget,
       "Budget for going off, passed to glyphpad (default 4G)", "BYTES"},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) context = g_option_context_new(NULL);
  g_option_context_set_summary(context, "Writes prose files and measures glyphpad on them with the "
                                        "flyweight on and off, side by side.");
  g_option_context_add_main_entries(context, entries, NULL);
  if (!g_option_context_parse(context, &argc, &argv, error))
    return false;
  if (o->runs < 1 || o->runs > 64) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--runs must be 1 to 64, not %d",
                o->runs);
    return false;
  }
  if (o->sizes == NULL)
    o->sizes = g_strdup("1,10,50");
  if (o->budget == NULL)
    o->budget = g_strdup("4G");
  if (o->font == NULL)
    o->font = g_strdup("DejaVu Sans");
  if (o->glyphpad == NULL)
    o->glyphpad = find_glyphpad();
  return true;
}

static int run(const BenchOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("glyphpad-bench-XXXXXX", &error);
  if (dir == NULL) {
    fprintf(stderr, "glyphpad-bench: %s\n", error->message);
    return 1;
  }
  printf("glyphpad: %s; font %s %d px; 1280x800 layout; budget for going off %s; %d runs per "
         "cell (times and growth: median; counts: first run); MB = 1,000,000 bytes of prose.\n\n",
         o->glyphpad, o->font, o->px, o->budget, o->runs);
  report_english(o, dir);
  printf("| size | metric | flyweight on | flyweight off | off/on |\n");
  printf("|---:|---|---:|---:|---:|\n");
  g_auto(GStrv) sizes = g_strsplit(o->sizes, ",", -1);
  for (guint i = 0; sizes[i] != NULL; i++) {
    double mb = g_ascii_strtod(sizes[i], NULL);
    if (mb > 0)
      bench_size(o, dir, mb);
    fflush(stdout);
  }
  g_rmdir(dir);
  return 0;
}

int main(int argc, char **argv)
{
  BenchOptions o = {.runs = 5, .px = 16};
  g_autoptr(GError) error = NULL;
  bench_print_command(argc, argv);
  int status = 1;
  if (!parse_args(argc, argv, &o, &error))
    fprintf(stderr, "glyphpad-bench: %s\n", error->message);
  else if (!g_file_test(o.glyphpad, G_FILE_TEST_IS_EXECUTABLE))
    fprintf(stderr, "glyphpad-bench: no glyphpad binary at %s (build it, or pass --glyphpad)\n",
            o.glyphpad);
  else
    status = run(&o);
  g_free(o.sizes);
  g_free(o.font);
  g_free(o.glyphpad);
  g_free(o.budget);
  return status;
}
