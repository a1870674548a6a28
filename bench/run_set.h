/* run_set.h — glyphpad-bench's runs: what one glyphpad process reported.
 *
 * A run is one `glyphpad --headless --stats=json FILE` in a fresh process: the
 * top-level numbers of its JSON that the benchmark's metrics read, each with
 * whether the binary printed it at all (the glyphpad before shaping has no
 * word cache: its cell must be "—", not 0), and the process's wall time
 * measured from outside. A RunSet holds every run of one binary in one mode
 * on one text. Not part of the editor: only glyphpad-bench links it. */
#ifndef GLYPHPAD_BENCH_RUN_SET_H
#define GLYPHPAD_BENCH_RUN_SET_H

#include <glib.h>
#include <stdbool.h>

/* The JSON keys the metrics read (run_set.c spells them), and the wall time. */
typedef enum {
  KEY_CHARACTERS,
  KEY_PARAGRAPHS,
  KEY_GLYPHS_ALIVE,
  KEY_GLYPHS_PINNED,
  KEY_DRAWN_GLYPHS,
  KEY_DRAWN_GLYPH_BYTES,
  KEY_WORD_CACHE_WORDS,
  KEY_WORD_CACHE_HITS,
  KEY_WORD_CACHE_MISSES,
  KEY_COUNTED_BYTES,
  KEY_PREDICTED_ON,
  KEY_PREDICTED_OFF,
  KEY_HEAP_BYTES,
  KEY_HEAP_BYTES_EMPTY,
  KEY_RSS_BYTES,
  KEY_RSS_BYTES_EMPTY,
  KEY_PEAK_RSS_BYTES,
  KEY_LOAD_MS,
  KEY_FIRST_SCREEN_MS,
  KEY_LAYOUT_MS,
  KEY_WALL_MS, /* not in the JSON: spawn to exit, measured by the bench */
  KEY_NONE,    /* no key (a metric's unused operand); also the count */
} Key;

/* One glyphpad run. */
typedef struct {
  bool ok;                /* ran and printed statistics */
  bool refused;           /* going off was refused (over the budget): by design */
  bool off;               /* run with --no-flyweight */
  char *error;            /* its stderr when not ok; owned by the RunSet */
  double value[KEY_NONE]; /* the numbers; meaningful where has[] */
  bool has[KEY_NONE];     /* whether the run reported the key */
} RunResult;

/* Fills @r's values from glyphpad's JSON @json; keys it lacks stay absent. */
void run_result_parse(RunResult *r, const char *json);

/* Every run of one binary in one mode on one text. Capacity is fixed at
 * RUN_SET_MAX runs: glyphpad-bench refuses --runs above it. */
#define RUN_SET_MAX 64
typedef struct {
  RunResult runs[RUN_SET_MAX];
  int n;        /* runs made */
  bool stopped; /* a run failed or was refused: repeating it measures nothing */
} RunSet;

/* A new empty set; free with run_set_free() (NULL is a no-op). */
RunSet *run_set_new(void) G_GNUC_WARN_UNUSED_RESULT;
void run_set_free(RunSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RunSet, run_set_free)

/* Adds @r to @set, which takes its error string; a failed run stops the set. */
void run_set_add(RunSet *set, RunResult r);

/* The first run, or NULL when none was made. */
const RunResult *run_set_first(const RunSet *set);

#endif
