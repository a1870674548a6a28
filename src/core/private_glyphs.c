/* private_glyphs.c — a private Glyph per glyph occurrence (private_glyphs.h). */
#include "private_glyphs.h"

#include <string.h>

/* One paragraph's occurrences: pieces sorted by first byte, then the glyphs. */
typedef struct {
  guint32 n_pieces, n_glyphs;
  guint32 *piece_start; /* first byte of each piece */
  guint32 *piece_first; /* index in @glyphs of each piece's first glyph */
  Glyph **glyphs;
} ParaGlyphs;

struct PrivateGlyphs {
  GlyphFactory *factory; /* not owned */
  Layout *layout;        /* not owned */
  const Document *doc;   /* not owned */
  GPtrArray *paras;      /* ParaGlyphs*, one per paragraph built (all once complete) */
  guint64 glyphs;        /* occurrences owned */
  guint64 bytes;         /* pointers and piece indexes */
  bool building;         /* paragraphs [paras->len, document's count) are still to be built */
};

#define RELEASE_CLOCK_EVERY 4096 /* glyphs given back between looks at the clock */

/* What a paragraph's shaping walk collects. */
typedef struct {
  PrivateGlyphs *store;
  GArray *starts, *firsts; /* guint32 */
  GPtrArray *glyphs;
} Collect;

guint64 private_glyphs_estimate(const Document *doc)
{
  GlyphFactory *factory = document_factory(doc);
  double average = glyph_factory_average_bytes(factory);
  if (average <= 0) { /* nothing shared yet: a glyph of the default size, half inked */
    unsigned px = glyph_factory_style_info(factory, document_default_style(doc))->px;
    average = sizeof(Glyph) + px * px / 2.0;
  }
  return (guint64)((double)document_char_count(doc) * (average + sizeof(Glyph *)));
}

static void collect_glyph(guint32 word_start, guint index, const ShapedGlyph *g, void *data)
{
  Collect *c = data;
  if (index == 0) {
    guint32 first = c->glyphs->len;
    g_array_append_val(c->starts, word_start);
    g_array_append_val(c->firsts, first);
  }
  g_ptr_array_add(c->glyphs, glyph_factory_acquire(c->store->factory, g->style, g->glyph_id, 0));
}

static ParaGlyphs *build_paragraph(PrivateGlyphs *store, guint32 para)
{
  Collect c = {store, g_array_new(FALSE, FALSE, sizeof(guint32)),
               g_array_new(FALSE, FALSE, sizeof(guint32)), g_ptr_array_new()};
  layout_shape_paragraph(store->layout, store->doc, para, collect_glyph, &c);
  ParaGlyphs *p = g_new0(ParaGlyphs, 1);
  p->n_pieces = c.starts->len;
  p->n_glyphs = c.glyphs->len;
  p->piece_start = (guint32 *)(void *)g_array_free(c.starts, FALSE);
  p->piece_first = (guint32 *)(void *)g_array_free(c.firsts, FALSE);
  p->glyphs = (Glyph **)g_ptr_array_free(c.glyphs, FALSE);
  store->glyphs += p->n_glyphs;
  store->bytes += sizeof(ParaGlyphs) + p->n_pieces * 8u + p->n_glyphs * sizeof(Glyph *);
  return p;
}

/* Gives back up to @max of @p's glyphs, from its last; returns how many. The
 * paragraph can no longer be looked up after that, only released further. */
static guint32 release_tail(PrivateGlyphs *store, ParaGlyphs *p, guint32 max)
{
  guint32 n = MIN(max, p->n_glyphs);
  for (guint32 i = 0; i < n; i++)
    glyph_factory_release(store->factory, p->glyphs[--p->n_glyphs]);
  store->glyphs -= n;
  store->bytes -= n * sizeof(Glyph *);
  return n;
}

static void free_paragraph(PrivateGlyphs *store, ParaGlyphs *p)
{
  release_tail(store, p, p->n_glyphs);
  store->bytes -= sizeof(ParaGlyphs) + p->n_pieces * 8u;
  g_free(p->piece_start);
  g_free(p->piece_first);
  g_free(p->glyphs);
  g_free(p);
}

PrivateGlyphs *private_glyphs_new_empty(GlyphFactory *factory, Layout *layout, const Document *doc)
{
  PrivateGlyphs *store = g_new0(PrivateGlyphs, 1);
  store->factory = factory;
  store->layout = layout;
  store->doc = doc;
  store->paras = g_ptr_array_new();
  store->building = true;
  return store;
}

PrivateGlyphs *private_glyphs_new(GlyphFactory *factory, Layout *layout, const Document *doc)
{
  PrivateGlyphs *store = private_glyphs_new_empty(factory, layout, doc);
  while (private_glyphs_build_step(store, G_MAXINT64))
    ;
  return store;
}

bool private_glyphs_build_step(PrivateGlyphs *store, gint64 budget_us)
{
  gint64 deadline = g_get_monotonic_time() + MIN(budget_us, G_MAXINT64 / 2);
  guint32 n = document_paragraph_count(store->doc);
  /* at least one paragraph a step, so every step gets somewhere */
  do {
    if (store->paras->len >= n)
      break;
    g_ptr_array_add(store->paras, build_paragraph(store, store->paras->len));
  } while (g_get_monotonic_time() < deadline);
  store->building = store->paras->len < n;
  return store->building;
}

guint32 private_glyphs_built(const PrivateGlyphs *store)
{
  return store ? store->paras->len : 0;
}

bool private_glyphs_release_step(PrivateGlyphs *store, gint64 budget_us)
{
  gint64 deadline = g_get_monotonic_time() + MIN(budget_us, G_MAXINT64 / 2);
  store->building = false; /* what was not built never will be */
  guint32 since_clock = 0;
  while (store->paras->len > 0) {
    ParaGlyphs *p = g_ptr_array_index(store->paras, store->paras->len - 1);
    since_clock += release_tail(store, p, RELEASE_CLOCK_EVERY - since_clock);
    if (p->n_glyphs == 0) {
      free_paragraph(store, p);
      g_ptr_array_set_size(store->paras, store->paras->len - 1);
      since_clock++; /* empty lines cost time too */
    }
    if (since_clock >= RELEASE_CLOCK_EVERY) {
      if (g_get_monotonic_time() >= deadline)
        break;
      since_clock = 0;
    }
  }
  return store->paras->len > 0;
}

void private_glyphs_free(PrivateGlyphs *store)
{
  if (store == NULL)
    return;
  for (guint i = 0; i < store->paras->len; i++)
    free_paragraph(store, g_ptr_array_index(store->paras, i));
  g_ptr_array_unref(store->paras);
  g_free(store);
}

void private_glyphs_replace(PrivateGlyphs *store, guint32 first, guint32 removed, guint32 inserted)
{
  if (store->building && first >= store->paras->len)
    return; /* not built yet: built later from the document as it is then */
  for (guint32 i = first; i < first + removed && i < store->paras->len; i++)
    free_paragraph(store, g_ptr_array_index(store->paras, i));
  g_ptr_array_remove_range(store->paras, first, MIN(removed, store->paras->len - first));
  for (guint32 i = 0; i < inserted; i++)
    g_ptr_array_insert(store->paras, (gint)(first + i), build_paragraph(store, first + i));
}

Glyph *private_glyphs_get(const PrivateGlyphs *store, guint32 para, guint32 word_start, guint index)
{
  if (para >= store->paras->len)
    return NULL;
  const ParaGlyphs *p = g_ptr_array_index(store->paras, para);
  guint32 lo = 0, hi = p->n_pieces;
  while (lo < hi) { /* the piece starting at @word_start */
    guint32 mid = (lo + hi) / 2;
    if (p->piece_start[mid] < word_start)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo >= p->n_pieces || p->piece_start[lo] != word_start)
    return NULL;
  guint32 end = lo + 1 < p->n_pieces ? p->piece_first[lo + 1] : p->n_glyphs;
  guint32 at = p->piece_first[lo] + index;
  return at < end ? p->glyphs[at] : NULL;
}

guint64 private_glyphs_count(const PrivateGlyphs *store)
{
  return store ? store->glyphs : 0;
}

guint64 private_glyphs_bytes(const PrivateGlyphs *store)
{
  return store ? store->bytes + store->paras->len * sizeof(gpointer) : 0;
}

void private_glyphs_count_refs(const PrivateGlyphs *store, GHashTable *counts)
{
  for (guint i = 0; store != NULL && i < store->paras->len; i++) {
    const ParaGlyphs *p = g_ptr_array_index(store->paras, i);
    for (guint32 k = 0; k < p->n_glyphs; k++) {
      guint n = GPOINTER_TO_UINT(g_hash_table_lookup(counts, p->glyphs[k]));
      g_hash_table_insert(counts, p->glyphs[k], GUINT_TO_POINTER(n + 1));
    }
  }
}
