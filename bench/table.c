/* table.c — glyphpad-bench's markdown table (see table.h).
 *
 * One table of metrics feeds every row: a metric is a key of the run (or two
 * combined: a difference, a sum, a share), optionally divided by another key
 * of the same run (per character, per line) and scaled. Counts come from the
 * first run (they do not vary); times and growth are the median over the
 * runs, computed per run first so that a per-character figure divides each
 * run by its own count.
 *
 * Growth is measured from the process's own empty state (glyphpad reports
 * heap_bytes_empty and rss_bytes_empty before loading): heap growth is
 * heap_bytes - heap_bytes_empty, peak RSS growth is peak_rss_bytes -
 * rss_bytes_empty (the most the file ever cost in resident memory, load and
 * layout included). Each is given per character (newlines not counted, as
 * glyphpad counts) and per line, a line being a paragraph: a file that ends
 * in a newline has one more paragraph than `wc -l` says, the empty one after
 * it. A per-character figure of a text without characters (empty lines) is
 * "—", its per-line figure is the one to read. */
#include "table.h"

#include <stdio.h>
#include <string.h>

#include "benchutil.h"

/* How a metric combines its operands. */
typedef enum {
  OP_VALUE,     /* a */
  OP_MINUS,     /* a - b */
  OP_PLUS,      /* a + b */
  OP_SHARE,     /* a / (a + b) */
  OP_THIS_MODE, /* a with the flyweight on, b with it off */
} MetricOp;

/* One row of the table. */
typedef struct {
  const char *label;
  MetricOp op;
  Key a, b;           /* operands (b: KEY_NONE when unused) */
  Key per;            /* then divided by this key of the run, or KEY_NONE */
  double scale;       /* then multiplied by this */
  bool median;        /* median of the runs, else the first run */
  const char *format; /* "%.0f" prints thousands separators */
  bool memory;        /* a size or memory row: printed by --memory too */
} Metric;

#define K(key) KEY_##key
static const Metric metrics[] = {
    {"characters", OP_VALUE, K(CHARACTERS), K(NONE), K(NONE), 1, false, "%.0f", true},
    {"lines (paragraphs)", OP_VALUE, K(PARAGRAPHS), K(NONE), K(NONE), 1, false, "%.0f", true},
    {"mean line length, characters (characters/paragraphs)", OP_VALUE, K(CHARACTERS), K(NONE),
     K(PARAGRAPHS), 1, false, "%.1f", true},
    {"Glyph objects alive", OP_VALUE, K(GLYPHS_ALIVE), K(NONE), K(NONE), 1, false, "%.0f", false},
    {"DrawnGlyph records (first screen)", OP_VALUE, K(DRAWN_GLYPHS), K(NONE), K(NONE), 1, false,
     "%.0f", false},
    {"bytes per DrawnGlyph record", OP_VALUE, K(DRAWN_GLYPH_BYTES), K(NONE), K(NONE), 1, false,
     "%.0f", false},
    {"word cache: words", OP_VALUE, K(WORD_CACHE_WORDS), K(NONE), K(NONE), 1, false, "%.0f", false},
    {"word cache: misses (words shaped and stored)", OP_VALUE, K(WORD_CACHE_MISSES), K(NONE),
     K(NONE), 1, false, "%.0f", false},
    {"word cache: hit rate %", OP_SHARE, K(WORD_CACHE_HITS), K(WORD_CACHE_MISSES), K(NONE), 100,
     false, "%.1f", false},
    {"counted bytes/char (glyphpad's own accounting)", OP_VALUE, K(COUNTED_BYTES), K(NONE),
     K(CHARACTERS), 1, false, "%.2f", false},
    {"predicted bytes/char (seed formula, this mode)", OP_THIS_MODE, K(PREDICTED_ON),
     K(PREDICTED_OFF), K(CHARACTERS), 1, false, "%.2f", false},
    {"heap growth bytes/char (median)", OP_MINUS, K(HEAP_BYTES), K(HEAP_BYTES_EMPTY), K(CHARACTERS),
     1, true, "%.2f", true},
    {"heap growth bytes/line (median)", OP_MINUS, K(HEAP_BYTES), K(HEAP_BYTES_EMPTY), K(PARAGRAPHS),
     1, true, "%.2f", true},
    {"RSS growth bytes/char (median)", OP_MINUS, K(RSS_BYTES), K(RSS_BYTES_EMPTY), K(CHARACTERS), 1,
     true, "%.2f", true},
    {"peak RSS MB (median)", OP_VALUE, K(PEAK_RSS_BYTES), K(NONE), K(NONE), 1e-6, true, "%.1f",
     true},
    {"peak RSS growth bytes/char (median)", OP_MINUS, K(PEAK_RSS_BYTES), K(RSS_BYTES_EMPTY),
     K(CHARACTERS), 1, true, "%.2f", true},
    {"peak RSS growth bytes/line (median)", OP_MINUS, K(PEAK_RSS_BYTES), K(RSS_BYTES_EMPTY),
     K(PARAGRAPHS), 1, true, "%.2f", true},
    {"load ms (median)", OP_VALUE, K(LOAD_MS), K(NONE), K(NONE), 1, true, "%.1f", false},
    {"first screen ms (median)", OP_VALUE, K(FIRST_SCREEN_MS), K(NONE), K(NONE), 1, true, "%.2f",
     false},
    {"load + first screen ms (median)", OP_PLUS, K(LOAD_MS), K(FIRST_SCREEN_MS), K(NONE), 1, true,
     "%.1f", false},
    {"layout ms, all paragraphs (median)", OP_VALUE, K(LAYOUT_MS), K(NONE), K(NONE), 1, true,
     "%.1f", false},
    {"layout ns/char (median)", OP_VALUE, K(LAYOUT_MS), K(NONE), K(CHARACTERS), 1e6, true, "%.1f",
     false},
    {"layout µs/line (median)", OP_VALUE, K(LAYOUT_MS), K(NONE), K(PARAGRAPHS), 1e3, true, "%.2f",
     false},
    {"process wall ms, start to exit (median)", OP_VALUE, K(WALL_MS), K(NONE), K(NONE), 1, true,
     "%.0f", false},
};
#undef K

/* ------------------------------------------------------------------ values */

/* @a combined with @b by @op; false when the result is undefined. */
static bool combine(MetricOp op, double a, double b, double *out)
{
  switch (op) {
  case OP_MINUS:
    *out = a - b;
    return true;
  case OP_PLUS:
    *out = a + b;
    return true;
  case OP_SHARE:
    *out = a / (a + b);
    return a + b > 0;
  default:
    *out = a;
    return true;
  }
}

/* The metric for one run; false when the run failed or lacks a key. */
static bool run_value(const Metric *m, const RunResult *r, double *out)
{
  bool two = m->op == OP_MINUS || m->op == OP_PLUS || m->op == OP_SHARE;
  Key a = m->op == OP_THIS_MODE && r->off ? m->b : m->a;
  if (!r->ok || !r->has[a] || (two && !r->has[m->b]))
    return false;
  double v = 0;
  if (!combine(m->op, r->value[a], two ? r->value[m->b] : 0, &v))
    return false;
  if (m->per != KEY_NONE) {
    if (!r->has[m->per] || r->value[m->per] == 0)
      return false;
    v /= r->value[m->per];
  }
  *out = v * m->scale;
  return true;
}

/* The metric for a set: the first run's, or the median of the runs that
 * have it. */
static bool set_value(const Metric *m, const RunSet *set, double *out)
{
  if (set == NULL || set->n == 0)
    return false;
  if (!m->median)
    return run_value(m, &set->runs[0], out);
  double values[RUN_SET_MAX];
  gsize n = 0;
  for (int i = 0; i < set->n; i++)
    if (run_value(m, &set->runs[i], &values[n]))
      n++;
  *out = bench_median(values, n);
  return n > 0;
}

/* ------------------------------------------------------------------ cells */

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

/* The last line of a run's error, fit for a table cell (no '|'), without
 * what the cell already says: "glyphpad: cannot start with the flyweight
 * off: " before a refusal's reason. */
static char *error_words(const RunResult *r)
{
  if (r->error == NULL)
    return g_strdup("?");
  g_autofree char *copy = g_strstrip(g_strdup(r->error));
  const char *last = strrchr(copy, '\n');
  const char *words = last != NULL ? last + 1 : copy;
  if (g_str_has_prefix(words, "glyphpad: "))
    words += strlen("glyphpad: ");
  const char *reason = r->refused ? strstr(words, "off: ") : NULL;
  char *cell = g_strdup(reason != NULL ? reason + strlen("off: ") : words);
  g_strdelimit(cell, "|", '/');
  return cell;
}

/* Why a set has no values: said in full in the first row only. */
static char *failure_cell(const RunResult *first, bool first_row)
{
  const char *what = first->refused ? "refused" : "failed";
  if (!first_row)
    return g_strdup(what);
  g_autofree char *why = error_words(first);
  return g_strdup_printf("%s: %s", what, why);
}

static char *cell(const Metric *m, const RunSet *set)
{
  const RunResult *first = set != NULL ? run_set_first(set) : NULL;
  double v = 0;
  if (first == NULL)
    return g_strdup("");
  if (!first->ok)
    return failure_cell(first, m == &metrics[0]);
  if (!set_value(m, set, &v))
    return g_strdup("—");
  if (strcmp(m->format, "%.0f") == 0)
    return format_count(v);
  return g_strdup_printf(m->format, v);
}

static char *ratio_cell(const Metric *m, const TableColumn *cols, const TableRatio *ratio)
{
  double num = 0, den = 0;
  if (!set_value(m, cols[ratio->num].set, &num) || !set_value(m, cols[ratio->den].set, &den) ||
      den == 0)
    return g_strdup("—");
  return g_strdup_printf("%.2f", num / den);
}

/* ------------------------------------------------------------------ table */

void table_print_header(const TableColumn *cols, int n_cols, const TableRatio *ratios, int n_ratios)
{
  printf("| text | metric |");
  for (int i = 0; i < n_cols; i++)
    printf(" %s |", cols[i].label);
  for (int i = 0; i < n_ratios; i++)
    printf(" %s |", ratios[i].label);
  printf("\n|---|---|");
  for (int i = 0; i < n_cols + n_ratios; i++)
    printf("---:|");
  printf("\n");
}

void table_print_rows(const char *text, const TableColumn *cols, int n_cols,
                      const TableRatio *ratios, int n_ratios, bool memory_only)
{
  for (guint m = 0; m < G_N_ELEMENTS(metrics); m++) {
    if (memory_only && !metrics[m].memory)
      continue;
    printf("| %s | %s |", text, metrics[m].label);
    for (int i = 0; i < n_cols; i++) {
      g_autofree char *c = cell(&metrics[m], cols[i].set);
      printf(" %s |", c);
    }
    for (int i = 0; i < n_ratios; i++) {
      g_autofree char *c = ratio_cell(&metrics[m], cols, &ratios[i]);
      printf(" %s |", c);
    }
    printf("\n");
  }
  fflush(stdout);
}
