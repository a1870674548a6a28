/* memstats.h — the memory figures behind the overlay and the benchmark.
 *
 * Counted bytes per category (what our structures hold, computed from their
 * sizes) next to measured ones (the allocator's heap in use and the process's
 * resident set, read by procstat.h), and the seed formula's prediction for
 * both flyweight modes. MemStats's table (memstats_rows) names each figure
 * once for both outputs, JSON and the text table (the F1 panel reads the
 * fields themselves: overlay.h).
 *
 * Adding a figure: a field here, a line in memstats_collect that fills it and
 * a row in the table in memstats.c (test_memstats fails on a field without one).
 *
 * The seed formula, made precise for shaped text (N = characters of the
 * document, line breaks not counted):
 *   shared S = intrinsic bytes (Glyph struct + bitmap) of the glyphs in the
 *              factory's shared table: those in use at their subpixel phases
 *              and the pinned printable ASCII while the flyweight is on, the
 *              templates the private copies are made from while it is off;
 *   text   D = document_bytes(): each character's UTF-8 and the paragraph
 *              bookkeeping; D / N is the "unique" cost of a character;
 *   words  W = the word cache's bytes (shaped words, bounded);
 *   private P = per character one private Glyph of the table's average size
 *              and one pointer to it (private_glyphs_estimate()).
 *   predicted_on  = S + D + W          (= shared + unique * N)
 *   predicted_off = S + P + D + W      (= shared + (glyph + pointer + unique) * N)
 * Computed the same way in both modes, from the same inputs, so neither
 * figure moves when F2 is pressed (the table's bytes differ only by the
 * phases drawn), and an empty document predicts the same for both. What
 * going off really costs is counted beside it (intrinsic bytes, heap).
 * Neither figure counts the view (DrawnGlyph records and their places for
 * the screen, heights): that cost is the same in both modes and is reported
 * as extrinsic/view bytes. */
#ifndef GLYPHPAD_MEMSTATS_H
#define GLYPHPAD_MEMSTATS_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"
#include "glyph_factory.h"
#include "stats_writer.h"
#include "view.h"
#include "word_cache.h"

/* One measurement of the figures above, filled by memstats_collect(). */
typedef struct {
  bool flyweight;              /* sharing on */
  guint64 characters;          /* characters in the document (N) */
  guint64 paragraphs;          /* paragraphs in the document */
  guint64 glyphs_alive;        /* Glyph objects alive: shared, private and templates */
  guint64 glyphs_created;      /* Glyph objects ever created by the factory */
  guint64 glyphs_freed;        /* Glyph objects ever freed by the factory */
  guint64 glyphs_pinned;       /* pinned glyphs alive (printable ASCII made up front) */
  guint64 factory_hits;        /* acquires answered from the shared table */
  guint64 factory_misses;      /* acquires that had to rasterize */
  guint64 intrinsic_bytes;     /* live Glyph structs and bitmaps */
  guint64 document_bytes;      /* the text's UTF-8, style runs and paragraph records */
  guint64 private_glyphs;      /* flyweight off: private Glyphs owned by glyph occurrences */
  guint64 word_cache_words;    /* shaped words cached (the second flyweight) */
  guint64 word_cache_bytes;    /* their bytes */
  guint64 word_cache_hits;     /* lookups answered by the cache */
  guint64 word_cache_misses;   /* words shaped and cached */
  guint64 word_cache_uncached; /* words shaped in context, not cached (long or context-bound) */
  guint64 word_cache_clears;   /* generation turns: the young one full, the old one emptied */
  guint64 drawn_glyphs;        /* DrawnGlyph records alive */
  guint64 extrinsic_bytes;     /* drawn_glyphs * sizeof (DrawnGlyph) */
  guint64 view_bytes;          /* heights and wrap points */
  guint64 predicted_on;        /* seed formula, flyweight on (see above) */
  guint64 predicted_off;       /* seed formula, flyweight off (see above) */
  guint64 heap_bytes;          /* measured: allocator heap in use */
  guint64 rss_bytes;           /* measured: resident set */
  guint64 peak_rss_bytes;      /* measured: peak resident set (VmHWM) */
} MemStats;

/* Fills @out from the factory, document, view and word cache and measures the
 * heap and RSS. @doc, @view and @words may be NULL (their figures are then 0). */
void memstats_collect(MemStats *out, const GlyphFactory *factory, const Document *doc,
                      const View *view, const WordCache *words);

/* The seed formula (see the file comment): @on and @off in bytes. @view and
 * @words may be NULL. */
void memstats_predict(const Document *doc, const View *view, const WordCache *words, guint64 *on,
                      guint64 *off);

/* Counted bytes: intrinsic + document + extrinsic + view + word cache. */
guint64 memstats_counted_bytes(const MemStats *stats);

/* The table of MemStats: a row per field, in the order of the JSON object,
 * plus the figures derived from them (drawn_glyph_bytes, counted_bytes,
 * bytes_per_char). Static; *@n_rows gets its length. */
const StatsRow *memstats_rows(gsize *n_rows);

/* Adds a member per row of memstats_rows() with the values of @stats to
 * @writer (see stats_writer.h): the JSON object's first members, the text
 * table's first rows. */
void memstats_write(const MemStats *stats, StatsWriter *writer);

#endif
