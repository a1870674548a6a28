/* word_cache.h — the second flyweight: shaped words, one per distinct word.
 *
 * A word is shaped once and its glyph run (glyph ids, 26.6 advances and
 * offsets, clusters) is shared by every occurrence: key (style, direction,
 * the word's bytes) — the font and script are functions of those, since the
 * shaper picks them from the text and the style. Measuring a whole file needs
 * only each word's width, so it costs a hash lookup per word once the words
 * are known (and the line extent of the faces it uses, for line heights).
 * Extrinsic state (where an occurrence stands) stays with the
 * occurrence; the cached run holds no Glyph references (Glyphs depend on the
 * subpixel position, which only the occurrence knows).
 *
 * Bounded like Firefox's and Blink's word caches: words of at most
 * WORD_CACHE_MAX_BYTES bytes, at most WORD_CACHE_MAX_WORDS of them, in two
 * generations of half that: new words go to the young one; when it is full
 * the old one is emptied and the young one becomes old, and a word found in
 * the old one moves back to the young. So the words a text keeps using
 * survive (Blink's cache clears everything when full, and then shapes each of
 * them again: on translation catalogues in 184 languages a line each, that
 * was 11% more shaping). A word whose shaping
 * depends on what is before it (HarfBuzz marks its first glyph unsafe to
 * concatenate when shaped alone: the first letter of most Arabic words) is
 * cached too, but drawn from the cache only where white space or the
 * paragraph's edge surrounds it, as words mostly are; elsewhere, and when it
 * is longer than the limit, it is shaped in context. */
#ifndef GLYPHPAD_WORD_CACHE_H
#define GLYPHPAD_WORD_CACHE_H

#include <glib.h>
#include <stdbool.h>
#include "shaper.h"

#define WORD_CACHE_MAX_WORDS 10000
#define WORD_CACHE_MAX_BYTES 32

/* A shaped word: valid until the next call on the cache. */
typedef struct {
  int32_t width;             /* total advance, 26.6 */
  int16_t ascent, descent;   /* the largest line ascent and descent of the faces its glyphs
                               * are in, pixels (a fallback face may be taller than the
                               * style's: lines of Myanmar need more room) */
  guint n_glyphs;            /* glyphs in @glyphs */
  const ShapedGlyph *glyphs; /* visual order; clusters relative to the word's start */
} ShapedWord;

typedef struct {
  guint64 words;        /* words in the cache now */
  guint64 bytes;        /* their bytes (keys, glyph runs, table) */
  guint64 hits;         /* lookups answered from the cache */
  guint64 misses;       /* lookups that shaped a new word and cached it */
  guint64 uncached;     /* words shaped in context (too long, or context-dependent where
                     * no white space surrounds them) */
  guint64 clears;       /* times the young generation was full (the old one emptied) */
  guint64 shaped_bytes; /* bytes given to the shaper (misses and words shaped in context) */
} WordCacheStats;

typedef struct WordCache WordCache;

/* A cache shaping with @shaper (not owned; must outlive it). Free with
 * word_cache_free(). */
G_GNUC_WARN_UNUSED_RESULT WordCache *word_cache_new(Shaper *shaper);
void word_cache_free(WordCache *cache); /* NULL is a no-op */

/* The word [@start, @start + @len) of @para (@para_len bytes, the context) in
 * @style, right to left when @rtl: from the cache, or shaped now. */
void word_cache_get(WordCache *cache, const char *para, gsize para_len, gsize start, gsize len,
                    StyleId style, bool rtl, ShapedWord *out);
/* Only its width and extent (measuring): @out's glyphs are NULL. A word
 * first met this way is kept without its glyph run, which is most of an
 * entry's size; a word_cache_get() of it later shapes it again and keeps
 * the run. So measuring a whole file keeps a few dozen bytes per distinct
 * word, and glyph runs only for the words that were drawn. */
void word_cache_measure(WordCache *cache, const char *para, gsize para_len, gsize start, gsize len,
                        StyleId style, bool rtl, ShapedWord *out);
/* Only its width, 26.6 (word_cache_measure's). */
int32_t word_cache_width(WordCache *cache, const char *para, gsize para_len, gsize start, gsize len,
                         StyleId style, bool rtl);

void word_cache_get_stats(const WordCache *cache, WordCacheStats *out);
/* Keeps every word's width and extent but drops its glyph run, as if it had
 * only been measured: after a pass that drew every word once (building the
 * flyweight-off store), so that the cache goes back to its size. */
void word_cache_drop_runs(WordCache *cache);
/* Empties the cache (its statistics stay). */
void word_cache_clear(WordCache *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(WordCache, word_cache_free)

#endif
