/* word_cache.c — shaped words shared by their occurrences (word_cache.h).
 *
 * One allocation per cached word: the entry, its glyph run and a copy of its
 * bytes, so a lookup probe (which points into the paragraph) and a stored
 * entry (which points at its own copy) compare the same way. A miss shapes the
 * word alone and keeps it, with whether HarfBuzz marked its first glyph unsafe
 * to concatenate. Such a word (the first letter of almost every Arabic word:
 * its form depends on what comes before) is still drawn from the cache where
 * white space or the paragraph's edge is on both sides of it, since HarfBuzz
 * then sees the same context as when it was shaped alone (a space joins with
 * nothing); elsewhere it is shaped in context, once. */
#include "word_cache.h"

#include <string.h>

typedef struct {
  const char *text;        /* the word's bytes: the entry's own copy, or the paragraph's (probe) */
  guint32 len;             /* its length in bytes */
  guint32 hash;            /* of (style, direction, bytes) */
  StyleId style;           /* the style it is shaped in */
  bool rtl;                /* right to left */
  bool needs_context;      /* shaped alone, it may differ in place unless white space is around */
  bool has_glyphs;         /* @glyphs holds the run; false: only the width and extent (measuring) */
  int16_t ascent, descent; /* the tallest faces' line metrics among its glyphs, pixels */
  int32_t width;           /* total advance, 26.6 */
  guint n_glyphs;          /* glyphs that follow */
  ShapedGlyph glyphs[];    /* then the bytes */
} Entry;

struct WordCache {
  Shaper *shaper;                 /* not owned */
  GHashTable *table;              /* Entry* (key and value): the young generation, where words go */
  GHashTable *old;                /* the generation before: a word found here moves to @table */
  guint64 young_bytes, old_bytes; /* their entries' bytes, with their table slots */
  GArray *scratch;                /* ShapedGlyph: an uncached word's glyphs */
  WordCacheStats stats;
};

static guint entry_hash(gconstpointer p)
{
  return ((const Entry *)p)->hash;
}

static gboolean entry_equal(gconstpointer a, gconstpointer b)
{
  const Entry *x = a, *y = b;
  return x->hash == y->hash && x->len == y->len && x->style == y->style && x->rtl == y->rtl &&
         memcmp(x->text, y->text, x->len) == 0;
}

static guint32 word_hash(const char *text, gsize len, StyleId style, bool rtl)
{
  guint32 h = 2166136261u ^ style ^ (rtl ? 0x80000000u : 0);
  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar)text[i]) * 16777619u;
  return h;
}

WordCache *word_cache_new(Shaper *shaper)
{
  g_return_val_if_fail(shaper != NULL, NULL);
  WordCache *c = g_new0(WordCache, 1);
  c->shaper = shaper;
  c->table = g_hash_table_new_full(entry_hash, entry_equal, g_free, NULL);
  c->old = g_hash_table_new_full(entry_hash, entry_equal, g_free, NULL);
  c->scratch = g_array_new(FALSE, FALSE, sizeof(ShapedGlyph));
  return c;
}

void word_cache_free(WordCache *c)
{
  if (c == NULL)
    return;
  g_hash_table_unref(c->table);
  g_hash_table_unref(c->old);
  g_array_unref(c->scratch);
  g_free(c);
}

void word_cache_clear(WordCache *c)
{
  g_hash_table_remove_all(c->table);
  g_hash_table_remove_all(c->old);
  c->young_bytes = c->old_bytes = 0;
}

void word_cache_get_stats(const WordCache *c, WordCacheStats *out)
{
  *out = c->stats;
  out->words = g_hash_table_size(c->table) + g_hash_table_size(c->old);
  out->bytes = c->young_bytes + c->old_bytes;
}

/* The allocation of an entry of @n_glyphs glyphs and @len bytes. */
static gsize entry_size(guint n_glyphs, guint32 len)
{
  return sizeof(Entry) + n_glyphs * sizeof(ShapedGlyph) + len;
}

/* What @e costs: its allocation and its table slot. */
static gsize entry_bytes(const Entry *e)
{
  return entry_size(e->n_glyphs, e->len) + 2 * sizeof(gpointer);
}

/* The largest line ascent and descent of the faces of @n @glyphs, into
 * @ascent and @descent (kept when larger). */
static void extent(const WordCache *c, const ShapedGlyph *glyphs, guint n, int16_t *ascent,
                   int16_t *descent)
{
  GlyphFactory *factory = shaper_factory(c->shaper);
  StyleId seen = STYLE_NONE;
  for (guint i = 0; i < n; i++) {
    if (glyphs[i].style == seen)
      continue; /* a word's glyphs are mostly in one face */
    seen = glyphs[i].style;
    const GlyphStyle *info = glyph_factory_style_info(factory, seen);
    *ascent = (int16_t)MAX(*ascent, MIN(info->ascent, G_MAXINT16));
    *descent = (int16_t)MAX(*descent, MIN(info->descent, G_MAXINT16));
  }
}

/* Makes room for a word when the young generation holds half the bound: the
 * old one goes, the young one becomes old. A word in use is moved to the
 * young generation when found in the old, so the words a text keeps using
 * survive (a full clear would shape each of them again). */
static void make_room(WordCache *c)
{
  if (g_hash_table_size(c->table) < WORD_CACHE_MAX_WORDS / 2)
    return;
  GHashTable *gone = c->old;
  c->old = c->table;
  c->old_bytes = c->young_bytes;
  c->young_bytes = 0;
  g_hash_table_remove_all(gone);
  c->table = gone;
  c->stats.clears++;
}

/* Keeps the entry of @probe's word, in the young generation: its width and
 * extent from @glyphs, and the glyphs themselves when @with_glyphs. */
static const Entry *store(WordCache *c, const Entry *probe, const GArray *glyphs, int32_t width,
                          bool with_glyphs)
{
  make_room(c);
  guint n = with_glyphs ? glyphs->len : 0;
  Entry *e = g_malloc(entry_size(n, probe->len));
  *e = *probe;
  e->width = width;
  e->ascent = e->descent = 0;
  extent(c, (const ShapedGlyph *)(void *)glyphs->data, glyphs->len, &e->ascent, &e->descent);
  e->has_glyphs = with_glyphs;
  e->n_glyphs = n;
  memcpy(e->glyphs, glyphs->data, n * sizeof(ShapedGlyph));
  char *copy = (char *)(e->glyphs + n);
  memcpy(copy, probe->text, probe->len);
  e->text = copy;
  g_hash_table_add(c->table, e);
  c->young_bytes += entry_bytes(e);
  return e;
}

/* Whether a word shaped alone looks as it does in place: its first glyph in
 * logical order (the last, visually, right to left) is safe to concatenate. */
static bool safe_alone(const GArray *glyphs, bool rtl)
{
  if (glyphs->len == 0)
    return true;
  const ShapedGlyph *first = &g_array_index(glyphs, ShapedGlyph, rtl ? glyphs->len - 1 : 0);
  return !(first->flags & SHAPED_UNSAFE_TO_CONCAT);
}

/* Shapes the word alone and keeps it, with its glyphs when @with_glyphs. */
static const Entry *shape_and_store(WordCache *c, Entry *probe, bool with_glyphs)
{
  g_array_set_size(c->scratch, 0);
  int32_t width = shaper_shape(c->shaper, probe->text, probe->len, 0, probe->len, probe->style,
                               probe->rtl, c->scratch);
  probe->needs_context = !safe_alone(c->scratch, probe->rtl);
  c->stats.misses++;
  c->stats.shaped_bytes += probe->len;
  return store(c, probe, c->scratch, width, with_glyphs);
}

static bool is_blank(char c)
{
  return c == ' ' || c == '\t';
}

/* Whether [@start, @start+@len) has white space or the paragraph's edge on
 * both sides: then HarfBuzz sees no context that shaping it alone lacks. */
static bool surrounded(const char *para, gsize para_len, gsize start, gsize len)
{
  return (start == 0 || is_blank(para[start - 1])) &&
         (start + len == para_len || is_blank(para[start + len]));
}

/* Shapes [start, start+len) in its paragraph into the scratch run. */
static void shape_in_context(WordCache *c, const char *para, gsize para_len, gsize start, gsize len,
                             StyleId style, bool rtl, ShapedWord *out)
{
  g_array_set_size(c->scratch, 0);
  out->width = shaper_shape(c->shaper, para, para_len, start, len, style, rtl, c->scratch);
  out->n_glyphs = c->scratch->len;
  out->glyphs = (const ShapedGlyph *)(void *)c->scratch->data;
  out->ascent = out->descent = 0;
  extent(c, out->glyphs, out->n_glyphs, &out->ascent, &out->descent);
  c->stats.uncached++;
  c->stats.shaped_bytes += len;
}

/* The entry of @probe's word in either generation (moved to the young one
 * when found in the old), or NULL. */
static const Entry *find(WordCache *c, const Entry *probe)
{
  Entry *e = g_hash_table_lookup(c->table, probe);
  if (e != NULL || !g_hash_table_steal_extended(c->old, probe, (gpointer *)&e, NULL))
    return e;
  c->old_bytes -= entry_bytes(e); /* stolen: before a turn makes the young old */
  make_room(c);
  g_hash_table_add(c->table, e);
  c->young_bytes += entry_bytes(e);
  return e;
}

/* A copy of @e without its glyph run (@e is not freed). */
static Entry *width_only_copy(const Entry *e)
{
  Entry *w = g_malloc(entry_size(0, e->len));
  *w = *e;
  w->has_glyphs = false;
  w->n_glyphs = 0;
  char *copy = (char *)w->glyphs;
  memcpy(copy, e->text, e->len);
  w->text = copy;
  return w;
}

/* Replaces the entries of @table that hold a glyph run by width-only copies. */
static void drop_runs_in(GHashTable *table, guint64 *bytes)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new();
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init(&it, table);
  while (g_hash_table_iter_next(&it, &key, NULL))
    if (((const Entry *)key)->has_glyphs)
      g_ptr_array_add(full, key);
  for (guint i = 0; i < full->len; i++) {
    Entry *e = g_ptr_array_index(full, i);
    g_hash_table_steal(table, e);
    Entry *w = width_only_copy(e);
    *bytes = *bytes - entry_bytes(e) + entry_bytes(w);
    g_free(e);
    g_hash_table_add(table, w);
  }
}

void word_cache_drop_runs(WordCache *c)
{
  g_return_if_fail(c != NULL);
  drop_runs_in(c->table, &c->young_bytes);
  drop_runs_in(c->old, &c->old_bytes);
}

/* Drops @e, an entry of the young generation. */
static void forget(WordCache *c, const Entry *e)
{
  c->young_bytes -= entry_bytes(e);
  g_hash_table_remove(c->table, e); /* frees it */
}

/* The cached entry for [start, start+len) of @para, shaped and stored when
 * new (with its glyphs when @with_glyphs, which a width-only entry then
 * gains); NULL when the word must be shaped in context instead. */
static const Entry *lookup(WordCache *c, const char *para, gsize para_len, gsize start, gsize len,
                           StyleId style, bool rtl, bool with_glyphs)
{
  if (len > WORD_CACHE_MAX_BYTES)
    return NULL;
  Entry probe = {.text = para + start,
                 .len = (guint32)len,
                 .hash = word_hash(para + start, len, style, rtl),
                 .style = style,
                 .rtl = rtl};
  const Entry *e = find(c, &probe);
  bool found = e != NULL && (e->has_glyphs || !with_glyphs);
  if (e != NULL && !found) /* known by its width only: shaped again, for its glyphs */
    forget(c, e);
  if (!found)
    e = shape_and_store(c, &probe, with_glyphs);
  if (e->needs_context && !surrounded(para, para_len, start, len))
    return NULL;
  c->stats.hits += found;
  return e;
}

void word_cache_get(WordCache *c, const char *para, gsize para_len, gsize start, gsize len,
                    StyleId style, bool rtl, ShapedWord *out)
{
  g_return_if_fail(c != NULL && para != NULL && start + len <= para_len && out != NULL);
  const Entry *e = lookup(c, para, para_len, start, len, style, rtl, true);
  if (e == NULL) {
    shape_in_context(c, para, para_len, start, len, style, rtl, out);
    return;
  }
  *out = (ShapedWord){e->width, e->ascent, e->descent, e->n_glyphs, e->glyphs};
}

void word_cache_measure(WordCache *c, const char *para, gsize para_len, gsize start, gsize len,
                        StyleId style, bool rtl, ShapedWord *out)
{
  g_return_if_fail(c != NULL && para != NULL && start + len <= para_len && out != NULL);
  const Entry *e = lookup(c, para, para_len, start, len, style, rtl, false);
  if (e == NULL)
    shape_in_context(c, para, para_len, start, len, style, rtl, out);
  else
    *out = (ShapedWord){e->width, e->ascent, e->descent, 0, NULL};
  out->n_glyphs = 0;
  out->glyphs = NULL;
}

int32_t word_cache_width(WordCache *c, const char *para, gsize para_len, gsize start, gsize len,
                         StyleId style, bool rtl)
{
  ShapedWord w;
  word_cache_measure(c, para, para_len, start, len, style, rtl, &w);
  return w.width;
}
