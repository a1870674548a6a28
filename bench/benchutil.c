/* benchutil.c — what the benchmark programs share (see benchutil.h). */
#include "benchutil.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

guint64 bench_rng_next(guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

guint bench_rng_below(guint64 *state, guint n)
{
  return (guint)(bench_rng_next(state) % n);
}

static const char *const english[] = {
    "the",     "of",      "and",    "a",      "to",        "in",      "is",      "was",
    "that",    "for",     "on",     "with",   "as",        "by",      "at",      "from",
    "his",     "her",     "it",     "an",     "be",        "this",    "which",   "or",
    "had",     "are",     "not",    "but",    "have",      "were",    "they",    "one",
    "all",     "their",   "been",   "when",   "who",       "will",    "more",    "no",
    "if",      "out",     "so",     "said",   "what",      "up",      "about",   "into",
    "than",    "them",    "can",    "only",   "other",     "new",     "some",    "could",
    "time",    "these",   "two",    "may",    "then",      "first",   "like",    "over",
    "even",    "most",    "made",   "after",  "also",      "many",    "before",  "must",
    "through", "back",    "years",  "where",  "much",      "way",     "well",    "down",
    "should",  "because", "each",   "just",   "people",    "little",  "good",    "very",
    "world",   "still",   "own",    "work",   "long",      "here",    "between", "life",
    "under",   "never",   "day",    "same",   "another",   "while",   "last",    "might",
    "great",   "old",     "year",   "come",   "since",     "against", "right",   "used",
    "three",   "house",   "water",  "river",  "garden",    "window",  "morning", "evening",
    "letter",  "quiet",   "city",   "road",   "light",     "stone",   "paper",   "music",
    "winter",  "summer",  "yellow", "silver", "question",  "answer",  "glyph",   "memory",
    "editor",  "cursor",  "shared", "object", "character", "Jack",    "Quincy",  "zealous",
    "vexing",
};

/* About one word in twenty: accented Latin, Greek, CJK. */
static const char *const foreign[] = {
    "café",     "naïve",   "résumé", "über",   "Straße", "jalapeño", "façade",
    "Ångström", "déjà vu", "λόγος",  "γλώσσα", "Ελλάδα", "φῶς",      "θάλασσα",
    "漢字",     "文字",    "東京",   "世界",   "日本語",
};

void bench_prose_line(GString *line, guint64 *rng)
{
  guint target = 60 + bench_rng_below(rng, 41);
  g_string_truncate(line, 0);
  for (;;) {
    const char *w = english[bench_rng_below(rng, G_N_ELEMENTS(english))];
    const char *sep = line->len == 0 ? "" : bench_rng_below(rng, 12) == 0 ? ", " : " ";
    gsize extra = strlen(sep) + strlen(w);
    if (line->len + extra + 1 > 100 || (line->len >= 60 && line->len + extra > target))
      break;
    g_string_append(line, sep);
    g_string_append(line, w);
  }
  line->str[0] = g_ascii_toupper(line->str[0]);
  g_string_append_c(line, '.');
}

static const char *random_word(guint64 *rng)
{
  if (bench_rng_below(rng, 20) == 0)
    return foreign[bench_rng_below(rng, G_N_ELEMENTS(foreign))];
  return english[bench_rng_below(rng, G_N_ELEMENTS(english))];
}

/* One sentence of 6 to 20 words, capitalized, ending with a period. */
static void append_sentence(GString *out, guint64 *rng)
{
  guint words = 6 + bench_rng_below(rng, 15);
  gsize start = out->len;
  for (guint i = 0; i < words; i++) {
    if (i > 0)
      g_string_append(out, bench_rng_below(rng, 10) == 0 ? ", " : " ");
    g_string_append(out, random_word(rng));
  }
  out->str[start] = g_ascii_toupper(out->str[start]);
  g_string_append_c(out, '.');
}

void bench_prose_paragraph(GString *out, guint64 *rng)
{
  guint sentences = 1 + bench_rng_below(rng, 8);
  for (guint i = 0; i < sentences; i++) {
    if (i > 0)
      g_string_append_c(out, ' ');
    append_sentence(out, rng);
  }
}

static int compare_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double bench_median(double *samples, gsize n)
{
  if (n == 0)
    return 0.0;
  qsort(samples, n, sizeof(double), compare_double);
  return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

double bench_quantile(double *samples, gsize n, double q)
{
  if (n == 0)
    return 0.0;
  qsort(samples, n, sizeof(double), compare_double);
  gsize rank = (gsize)ceil(q * (double)n);
  return samples[CLAMP(rank, 1u, n) - 1];
}

void bench_print_command(int argc, char **argv)
{
  printf("$");
  for (int i = 0; i < argc; i++) {
    g_autofree char *q = g_shell_quote(argv[i]);
    bool plain = strpbrk(argv[i], " \t'\"$\\*?;&|<>()") == NULL && argv[i][0] != '\0';
    printf(" %s", plain ? argv[i] : q);
  }
  printf("\n\n");
  fflush(stdout);
}
