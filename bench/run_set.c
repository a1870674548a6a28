/* run_set.c — glyphpad-bench's runs (see run_set.h).
 *
 * glyphpad's JSON is flat at the top, and every key the metrics need comes
 * before the nested "styles" array, so a key is found as the first
 * `"key": ` in the text: no JSON library for a dozen numbers. */
#include "run_set.h"

#include <string.h>

/* The JSON spelling of each Key, in the enum's order (KEY_WALL_MS: none). */
static const char *const key_names[KEY_NONE] = {
    [KEY_CHARACTERS] = "characters",
    [KEY_PARAGRAPHS] = "paragraphs",
    [KEY_GLYPHS_ALIVE] = "glyphs_alive",
    [KEY_GLYPHS_PINNED] = "glyphs_pinned",
    [KEY_DRAWN_GLYPHS] = "drawn_glyphs",
    [KEY_DRAWN_GLYPH_BYTES] = "drawn_glyph_bytes",
    [KEY_WORD_CACHE_WORDS] = "word_cache_words",
    [KEY_WORD_CACHE_HITS] = "word_cache_hits",
    [KEY_WORD_CACHE_MISSES] = "word_cache_misses",
    [KEY_COUNTED_BYTES] = "counted_bytes",
    [KEY_PREDICTED_ON] = "predicted_on",
    [KEY_PREDICTED_OFF] = "predicted_off",
    [KEY_HEAP_BYTES] = "heap_bytes",
    [KEY_HEAP_BYTES_EMPTY] = "heap_bytes_empty",
    [KEY_RSS_BYTES] = "rss_bytes",
    [KEY_RSS_BYTES_EMPTY] = "rss_bytes_empty",
    [KEY_PEAK_RSS_BYTES] = "peak_rss_bytes",
    [KEY_LOAD_MS] = "load_ms",
    [KEY_FIRST_SCREEN_MS] = "first_screen_ms",
    [KEY_LAYOUT_MS] = "layout_ms",
    [KEY_WALL_MS] = NULL,
};

/* The number after `"key": ` in @json; false when the key is absent. */
static bool json_number(const char *json, const char *key, double *out)
{
  g_autofree char *needle = g_strdup_printf("\"%s\": ", key);
  const char *at = strstr(json, needle);
  if (at == NULL)
    return false;
  char *end = NULL;
  *out = g_ascii_strtod(at + strlen(needle), &end);
  return end != at + strlen(needle);
}

void run_result_parse(RunResult *r, const char *json)
{
  g_return_if_fail(r != NULL && json != NULL);
  for (int k = 0; k < KEY_NONE; k++)
    if (key_names[k] != NULL)
      r->has[k] = json_number(json, key_names[k], &r->value[k]);
}

RunSet *run_set_new(void)
{
  return g_new0(RunSet, 1);
}

void run_set_free(RunSet *set)
{
  if (set == NULL)
    return;
  for (int i = 0; i < set->n; i++)
    g_free(set->runs[i].error);
  g_free(set);
}

void run_set_add(RunSet *set, RunResult r)
{
  g_return_if_fail(set != NULL && set->n < RUN_SET_MAX);
  set->runs[set->n++] = r;
  if (!r.ok)
    set->stopped = true;
}

const RunResult *run_set_first(const RunSet *set)
{
  g_return_val_if_fail(set != NULL, NULL);
  return set->n > 0 ? &set->runs[0] : NULL;
}
