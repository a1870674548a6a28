/* memstats.c — counted and measured memory, the seed formula, and the table
 * that names each figure for every output.
 *
 * Counted figures come from the modules' own accounting (the factory's stats,
 * document_bytes, the view's record counts): they say what our structures
 * hold. Measured figures (heap, resident set and its peak) come from the C
 * library and the kernel through procstat. Nothing here keeps state between
 * calls.
 *
 * The prediction (see memstats.h for the definitions) is computed from the
 * factory's stats and the document, so it costs O(1) beyond what those cost,
 * not a pass over the characters.
 *
 * The table at the end is the one place a MemStats figure gets its JSON name,
 * its text label and note and its unit; its order is the JSON object's. */
#include "memstats.h"

#include <stddef.h>

#include "layout.h"
#include "private_glyphs.h"
#include "procstat.h"

void memstats_predict(const Document *doc, const View *view, const WordCache *words, guint64 *on,
                      guint64 *off)
{
  g_return_if_fail(doc != NULL);
  (void)view; /* the same figures whichever mode the view draws in */
  guint64 shared = glyph_factory_table_bytes(document_factory(doc));
  WordCacheStats ws = {0};
  if (words != NULL)
    word_cache_get_stats(words, &ws);
  guint64 text = document_bytes(doc) + ws.bytes;
  if (on != NULL)
    *on = shared + text;
  if (off != NULL)
    *off = shared + private_glyphs_estimate(doc) + text;
}

void memstats_collect(MemStats *out, const GlyphFactory *factory, const Document *doc,
                      const View *view, const WordCache *words)
{
  g_return_if_fail(out != NULL);
  g_return_if_fail(factory != NULL);
  *out = (MemStats){0};
  GlyphFactoryStats fs = {0};
  glyph_factory_get_stats(factory, &fs);
  out->flyweight = view != NULL ? view_get_sharing(view) : glyph_factory_get_sharing(factory);
  out->glyphs_alive = fs.alive;
  out->glyphs_created = fs.created;
  out->glyphs_freed = fs.freed;
  out->glyphs_pinned = fs.pinned;
  out->factory_hits = fs.hits;
  out->factory_misses = fs.misses;
  out->intrinsic_bytes = fs.intrinsic_bytes;
  if (doc != NULL) {
    out->characters = document_char_count(doc);
    out->paragraphs = document_paragraph_count(doc);
    out->document_bytes = document_bytes(doc);
    memstats_predict(doc, view, words, &out->predicted_on, &out->predicted_off);
  }
  if (view != NULL) {
    out->drawn_glyphs = view_drawn_glyph_count(view);
    out->extrinsic_bytes = out->drawn_glyphs * sizeof(DrawnGlyph);
    out->view_bytes = view_bytes(view);
    out->private_glyphs = view_private_glyph_count(view);
  }
  if (words != NULL) {
    WordCacheStats ws;
    word_cache_get_stats(words, &ws);
    out->word_cache_words = ws.words;
    out->word_cache_bytes = ws.bytes;
    out->word_cache_hits = ws.hits;
    out->word_cache_misses = ws.misses;
    out->word_cache_uncached = ws.uncached;
    out->word_cache_clears = ws.clears;
  }
  out->heap_bytes = procstat_heap_bytes();
  out->rss_bytes = procstat_rss_bytes();
  out->peak_rss_bytes = procstat_peak_rss_bytes();
}

guint64 memstats_counted_bytes(const MemStats *stats)
{
  g_return_val_if_fail(stats != NULL, 0);
  return stats->intrinsic_bytes + stats->document_bytes + stats->extrinsic_bytes +
         stats->view_bytes + stats->word_cache_bytes;
}

/* ------------------------------------------------------------------ the table */

static StatsValue drawn_glyph_size(const void *stats)
{
  return (StatsValue){.count = sizeof(DrawnGlyph)};
}

static StatsValue counted_bytes(const void *stats)
{
  return (StatsValue){.count = memstats_counted_bytes(stats)};
}

/* Counted bytes per character, 0 for an empty document. */
static StatsValue bytes_per_char(const void *stats)
{
  const MemStats *st = stats;
  double counted = (double)memstats_counted_bytes(st);
  return (StatsValue){.number = st->characters > 0 ? counted / (double)st->characters : 0.0};
}

#define FIELD(member) .offset = offsetof(MemStats, member)

static const StatsRow rows[] = {
    {"flyweight", "flyweight", NULL, STATS_FLAG, FIELD(flyweight)},
    {"characters", "characters", NULL, STATS_COUNT, FIELD(characters)},
    {"paragraphs", "paragraphs", NULL, STATS_COUNT, FIELD(paragraphs)},
    {"drawn_glyphs", "drawn glyphs", "DrawnGlyph records", STATS_COUNT, FIELD(drawn_glyphs)},
    {"drawn_glyph_bytes", "drawn glyph size", "bytes each", STATS_BYTES, .get = drawn_glyph_size},
    {"glyphs_alive", "glyphs alive", "Glyph objects", STATS_COUNT, FIELD(glyphs_alive)},
    {"glyphs_created", "glyphs created", NULL, STATS_COUNT, FIELD(glyphs_created)},
    {"glyphs_freed", "glyphs freed", NULL, STATS_COUNT, FIELD(glyphs_freed)},
    {"glyphs_pinned", "glyphs pinned", "printable ASCII", STATS_COUNT, FIELD(glyphs_pinned)},
    {"factory_hits", "factory hits", NULL, STATS_COUNT, FIELD(factory_hits)},
    {"factory_misses", "factory misses", NULL, STATS_COUNT, FIELD(factory_misses)},
    {"intrinsic_bytes", "intrinsic", "bytes (Glyph structs + bitmaps)", STATS_BYTES,
     FIELD(intrinsic_bytes)},
    {"extrinsic_bytes", "extrinsic", "bytes (DrawnGlyph records)", STATS_BYTES,
     FIELD(extrinsic_bytes)},
    {"document_bytes", "document", "bytes (UTF-8 + paragraphs)", STATS_BYTES,
     FIELD(document_bytes)},
    {"private_glyphs", "private glyphs", "flyweight off: one per glyph occurrence", STATS_COUNT,
     FIELD(private_glyphs)},
    {"word_cache_words", "shaped words", "the word cache (second flyweight)", STATS_COUNT,
     FIELD(word_cache_words)},
    {"word_cache_bytes", "word cache", "bytes", STATS_BYTES, FIELD(word_cache_bytes)},
    {"word_cache_hits", "word cache hits", NULL, STATS_COUNT, FIELD(word_cache_hits)},
    {"word_cache_misses", "word cache misses", NULL, STATS_COUNT, FIELD(word_cache_misses)},
    {"word_cache_uncached", "shaped in context", "too long to cache, or bound to neighbours",
     STATS_COUNT, FIELD(word_cache_uncached)},
    {"word_cache_clears", "word cache turns", "young generation full: the old one emptied",
     STATS_COUNT, FIELD(word_cache_clears)},
    {"view_bytes", "view", "bytes (heights, wrap points, glyph places)", STATS_BYTES,
     FIELD(view_bytes)},
    {"counted_bytes", "counted", "bytes (intrinsic + document + extrinsic + view + words)",
     STATS_BYTES, .get = counted_bytes},
    {"bytes_per_char", "per character", "bytes (counted / characters)", STATS_RATIO,
     .get = bytes_per_char},
    {"predicted_on", "predicted on", "bytes (shared + unique x N + words)", STATS_BYTES,
     FIELD(predicted_on)},
    {"predicted_off", "predicted off", "bytes (shared + (glyph + pointer + unique) x N + words)",
     STATS_BYTES, FIELD(predicted_off)},
    {"heap_bytes", "heap", "bytes in use (mallinfo2)", STATS_BYTES, FIELD(heap_bytes)},
    {"rss_bytes", "resident set", "bytes", STATS_BYTES, FIELD(rss_bytes)},
    {"peak_rss_bytes", "peak resident set", "bytes", STATS_BYTES, FIELD(peak_rss_bytes)},
};

const StatsRow *memstats_rows(gsize *n_rows)
{
  g_return_val_if_fail(n_rows != NULL, NULL);
  *n_rows = G_N_ELEMENTS(rows);
  return rows;
}

void memstats_write(const MemStats *stats, StatsWriter *writer)
{
  g_return_if_fail(stats != NULL && writer != NULL);
  stats_writer_add_rows(writer, rows, G_N_ELEMENTS(rows), stats);
}
