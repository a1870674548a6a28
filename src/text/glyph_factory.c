/* glyph_factory.c — the flyweight factory.
 *
 * Table: one hash table of shared glyphs keyed by (style, glyph id, phase) —
 * the glyph itself is the key (hashing its key fields), so an entry costs no
 * separate key allocation. A glyph's refcount is the number of live references
 * to it: drawn glyphs on screen, private owners, and outstanding acquires of any
 * other holder. Invariants:
 *  - sharing on: every glyph in the table with refcount 0 is pinned, or is a
 *    template created by glyph_factory_lookup() and not yet collected;
 *  - private glyphs are never in the table; each has exactly one owner (plus
 *    the references that owner hands out with glyph_factory_ref);
 *  - stats.alive == stats.created - stats.freed, and intrinsic_bytes is the sum
 *    of glyph_bytes() over live glyphs.
 * Sharing off keeps the table as a raster cache of templates: a private copy is
 * a memcpy of the template, not another FreeType rasterization. */
#include "glyph_factory.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#define MAX_PX 1024

typedef struct {
  GlyphStyle info;       /* the key half and its line metrics */
  GlyphStyleStats stats; /* per-style counts for the overlay */
} StyleEntry;

typedef struct {
  guint id;
  GlyphReleaseFunc func;
  void *user_data;
} ReleaseCallback;

#define RECENT_BITS 9
#define RECENT_SLOTS (1u << RECENT_BITS)

struct GlyphFactory {
  TypefaceSet *typefaces; /* not owned */
  GPtrArray *styles;      /* StyleEntry*, indexed by StyleId */
  GHashTable *table;      /* shared Glyph* (key and value) */
  bool sharing;           /* the flyweight on */
  GlyphFactoryStats stats;
  GArray *callbacks; /* ReleaseCallback */
  guint next_callback_id;
  /* The last shared Glyph looked up in each slot of its key's hash: laying out a
   * page asks for a few hundred Glyphs thousands of times, and this answers
   * most asks without the table's hash and compare calls. An entry is a
   * shortcut to a table entry, holding no reference: destroy_glyph() clears it. */
  Glyph *recent[RECENT_SLOTS];
};

/* ---------------------------------------------------------------- the key */

static guint64 key_mix(StyleId style, uint32_t glyph_id, unsigned phase)
{
  guint64 k = (guint64)glyph_id | (guint64)style << 32 | (guint64)phase << 48;
  return k * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
}

static guint glyph_key_hash(gconstpointer p)
{
  const Glyph *g = p;
  return (guint)(key_mix(g->style, g->glyph_id, g->phase) >> 32);
}

/* The slot of factory->recent a key uses. */
static guint recent_slot(StyleId style, uint32_t glyph_id, unsigned phase)
{
  return (guint)(key_mix(style, glyph_id, phase) >> (64 - RECENT_BITS));
}

static gboolean glyph_key_equal(gconstpointer a, gconstpointer b)
{
  const Glyph *x = a, *y = b;
  return x->glyph_id == y->glyph_id && x->style == y->style && x->phase == y->phase;
}

/* ---------------------------------------------------------------- counting */

static StyleEntry *style_entry(const GlyphFactory *factory, StyleId style)
{
  g_return_val_if_fail(style < factory->styles->len, NULL);
  return g_ptr_array_index(factory->styles, style);
}

/* Frees @glyph after the release callbacks, keeping the counts. */
static void destroy_glyph(GlyphFactory *factory, Glyph *glyph)
{
  Glyph **recent = &factory->recent[recent_slot(glyph->style, glyph->glyph_id, glyph->phase)];
  if (*recent == glyph)
    *recent = NULL;
  for (guint i = 0; i < factory->callbacks->len; i++) {
    ReleaseCallback *cb = &g_array_index(factory->callbacks, ReleaseCallback, i);
    cb->func(glyph, cb->user_data);
  }
  size_t bytes = glyph_bytes(glyph);
  StyleEntry *entry = style_entry(factory, glyph->style);
  entry->stats.glyphs--;
  entry->stats.bytes -= bytes;
  factory->stats.intrinsic_bytes -= bytes;
  factory->stats.freed++;
  factory->stats.alive--;
  if (glyph->flags & GLYPH_PRIVATE)
    factory->stats.private_alive--;
  else
    factory->stats.shared_alive--;
  if (glyph->flags & GLYPH_PINNED)
    factory->stats.pinned--;
  glyph_free(glyph);
}

static void count_new_glyph(GlyphFactory *factory, Glyph *glyph)
{
  size_t bytes = glyph_bytes(glyph);
  StyleEntry *entry = style_entry(factory, glyph->style);
  entry->stats.glyphs++;
  entry->stats.bytes += bytes;
  factory->stats.intrinsic_bytes += bytes;
  factory->stats.created++;
  factory->stats.alive++;
  if (glyph->flags & GLYPH_PRIVATE)
    factory->stats.private_alive++;
  else
    factory->stats.shared_alive++;
}

/* ---------------------------------------------------------------- life cycle */

GlyphFactory *glyph_factory_new(TypefaceSet *set)
{
  g_return_val_if_fail(set != NULL, NULL);
  GlyphFactory *factory = g_new0(GlyphFactory, 1);
  factory->typefaces = set;
  factory->styles = g_ptr_array_new_with_free_func(g_free);
  factory->table = g_hash_table_new(glyph_key_hash, glyph_key_equal);
  factory->sharing = true;
  factory->callbacks = g_array_new(FALSE, FALSE, sizeof(ReleaseCallback));
  factory->next_callback_id = 1;
  return factory;
}

static void free_table_glyph(gpointer key, gpointer value, gpointer factory)
{
  destroy_glyph(factory, value);
}

void glyph_factory_free(GlyphFactory *factory)
{
  if (factory == NULL)
    return;
  g_hash_table_foreach(factory->table, free_table_glyph, factory);
  if (factory->stats.private_alive > 0)
    g_warning("glyph factory freed with %" G_GUINT64_FORMAT " private glyphs still owned",
              factory->stats.private_alive);
  g_hash_table_unref(factory->table);
  g_ptr_array_unref(factory->styles);
  g_array_unref(factory->callbacks);
  g_free(factory);
}

/* ---------------------------------------------------------------- styles */

/* The unhinted advance of U+0020 in @info's face, 26.6 (a quarter em when the
 * face has no space or no outlines). Read from FreeType directly: making a
 * Glyph for it would leave a template in the table. */
static int32_t space_advance(const GlyphStyle *info)
{
  FT_Face ft = typeface_ft_face(info->typeface);
  FT_UInt gid = FT_Get_Char_Index(ft, ' ');
  if (gid == 0 || !FT_IS_SCALABLE(ft) || FT_Set_Pixel_Sizes(ft, 0, info->px) != 0 ||
      FT_Load_Glyph(ft, gid, FT_LOAD_NO_BITMAP | FT_LOAD_NO_HINTING) != 0)
    return (int32_t)info->px * 16;
  return (int32_t)(ft->glyph->linearHoriAdvance >> 10);
}

StyleId glyph_factory_style(GlyphFactory *factory, Typeface *face, unsigned px)
{
  g_return_val_if_fail(factory != NULL && face != NULL, STYLE_NONE);
  if (px < 1 || px > MAX_PX)
    return STYLE_NONE;
  for (guint s = 0; s < factory->styles->len; s++) {
    StyleEntry *entry = g_ptr_array_index(factory->styles, s);
    if (entry->info.typeface == face && entry->info.px == px)
      return (StyleId)s;
  }
  if (factory->styles->len >= STYLE_NONE)
    return STYLE_NONE;
  StyleEntry *entry = g_new0(StyleEntry, 1);
  entry->info.typeface = face;
  entry->info.px = px;
  typeface_line_metrics(face, px, &entry->info.ascent, &entry->info.descent,
                        &entry->info.line_height);
  entry->info.space_advance = space_advance(&entry->info);
  entry->stats.style = (StyleId)factory->styles->len;
  g_ptr_array_add(factory->styles, entry);
  return entry->stats.style;
}

const GlyphStyle *glyph_factory_style_info(const GlyphFactory *factory, StyleId style)
{
  StyleEntry *entry = style_entry(factory, style);
  return entry ? &entry->info : NULL;
}

/* ---------------------------------------------------------------- acquiring */

static Glyph *table_get(GlyphFactory *factory, StyleId style, uint32_t glyph_id, unsigned phase)
{
  Glyph **recent = &factory->recent[recent_slot(style, glyph_id, phase)];
  Glyph *glyph = *recent;
  if (glyph != NULL && glyph->glyph_id == glyph_id && glyph->style == style &&
      glyph->phase == phase)
    return glyph;
  Glyph probe = {.glyph_id = glyph_id, .style = style, .phase = (uint8_t)phase};
  glyph = g_hash_table_lookup(factory->table, &probe);
  if (glyph != NULL)
    *recent = glyph;
  return glyph;
}

/* Rasterizes @glyph_id of @entry, or the box (for GLYPH_ID_BOX, or when FreeType fails). */
static Glyph *rasterize(const StyleEntry *entry, uint32_t glyph_id, unsigned phase)
{
  if (glyph_id == GLYPH_ID_BOX)
    return glyph_new_missing(entry->info.px);
  g_autoptr(GError) error = NULL;
  Glyph *glyph = glyph_new(entry->info.typeface, glyph_id, entry->info.px, phase, &error);
  if (glyph != NULL)
    return glyph;
  g_warning("%s", error->message); /* FreeType failed on this one glyph: draw it as missing */
  return glyph_new_missing(entry->info.px);
}

/* Rasterizes and stores the shared glyph of a key (a factory miss). */
static Glyph *create_shared(GlyphFactory *factory, StyleId style, uint32_t glyph_id, unsigned phase)
{
  Glyph *glyph = rasterize(style_entry(factory, style), glyph_id, phase);
  glyph->glyph_id = glyph_id;
  glyph->style = style;
  glyph->phase = (uint8_t)phase;
  g_hash_table_add(factory->table, glyph);
  factory->stats.misses++;
  count_new_glyph(factory, glyph);
  return glyph;
}

Glyph *glyph_factory_lookup(GlyphFactory *factory, StyleId style, uint32_t glyph_id, unsigned phase)
{
  g_return_val_if_fail(style_entry(factory, style) != NULL && phase < GLYPH_PHASES, NULL);
  Glyph *glyph = table_get(factory, style, glyph_id, phase);
  return glyph ? glyph : create_shared(factory, style, glyph_id, phase);
}

static Glyph *make_private(GlyphFactory *factory, Glyph *template)
{
  Glyph *copy = glyph_copy(template);
  copy->flags |= GLYPH_PRIVATE;
  copy->refcount = 1;
  count_new_glyph(factory, copy);
  style_entry(factory, copy->style)->stats.references++;
  return copy;
}

Glyph *glyph_factory_acquire(GlyphFactory *factory, StyleId style, uint32_t glyph_id,
                             unsigned phase)
{
  g_return_val_if_fail(factory != NULL && phase < GLYPH_PHASES, NULL);
  Glyph *glyph = table_get(factory, style, glyph_id, phase);
  if (glyph == NULL)
    glyph = create_shared(factory, style, glyph_id, phase);
  else
    factory->stats.hits++;
  if (!factory->sharing)
    return make_private(factory, glyph);
  glyph->refcount++;
  style_entry(factory, style)->stats.references++;
  return glyph;
}

Glyph *glyph_factory_ref(GlyphFactory *factory, Glyph *glyph)
{
  g_return_val_if_fail(factory != NULL && glyph != NULL, NULL);
  glyph->refcount++;
  style_entry(factory, glyph->style)->stats.references++;
  return glyph;
}

void glyph_factory_release(GlyphFactory *factory, Glyph *glyph)
{
  g_return_if_fail(factory != NULL && glyph != NULL && glyph->refcount > 0);
  glyph->refcount--;
  style_entry(factory, glyph->style)->stats.references--;
  if (glyph->refcount > 0 || (glyph->flags & GLYPH_PINNED))
    return;
  if (glyph->flags & GLYPH_PRIVATE) {
    destroy_glyph(factory, glyph);
  } else if (factory->sharing) {
    /* the last holder let go: the weak entry vanishes */
    g_hash_table_remove(factory->table, glyph);
    destroy_glyph(factory, glyph);
  } /* sharing off: kept as a template until collected */
}

void glyph_factory_pin(GlyphFactory *factory, StyleId style, uint32_t glyph_id, unsigned phase)
{
  Glyph *glyph = glyph_factory_lookup(factory, style, glyph_id, phase);
  if (!(glyph->flags & GLYPH_PINNED)) {
    glyph->flags |= GLYPH_PINNED;
    factory->stats.pinned++;
  }
}

/* ---------------------------------------------------------------- modes and counts */

void glyph_factory_set_sharing(GlyphFactory *factory, bool sharing)
{
  factory->sharing = sharing;
}

bool glyph_factory_get_sharing(const GlyphFactory *factory)
{
  return factory->sharing;
}

static gboolean collect_one(gpointer key, gpointer value, gpointer factory)
{
  Glyph *glyph = value;
  if (glyph->refcount > 0 || (glyph->flags & GLYPH_PINNED))
    return FALSE;
  destroy_glyph(factory, glyph);
  return TRUE;
}

void glyph_factory_collect(GlyphFactory *factory)
{
  g_hash_table_foreach_remove(factory->table, collect_one, factory);
}

void glyph_factory_get_stats(const GlyphFactory *factory, GlyphFactoryStats *out)
{
  *out = factory->stats;
}

GArray *glyph_factory_style_stats(const GlyphFactory *factory)
{
  GArray *out = g_array_new(FALSE, FALSE, sizeof(GlyphStyleStats));
  for (guint s = 0; s < factory->styles->len; s++) {
    StyleEntry *entry = g_ptr_array_index(factory->styles, s);
    if (entry->stats.glyphs > 0)
      g_array_append_val(out, entry->stats);
  }
  return out;
}

typedef struct {
  void (*func)(Glyph *, void *);
  void *user_data;
} ForeachClosure;

static void foreach_one(gpointer key, gpointer value, gpointer data)
{
  ForeachClosure *c = data;
  c->func(value, c->user_data);
}

void glyph_factory_foreach_shared(const GlyphFactory *factory, void (*func)(Glyph *, void *),
                                  void *user_data)
{
  ForeachClosure c = {func, user_data};
  g_hash_table_foreach(factory->table, foreach_one, &c);
}

guint64 glyph_factory_table_bytes(const GlyphFactory *factory)
{
  g_return_val_if_fail(factory != NULL, 0);
  guint64 bytes = 0;
  GHashTableIter it;
  gpointer glyph;
  g_hash_table_iter_init(&it, factory->table);
  while (g_hash_table_iter_next(&it, &glyph, NULL))
    bytes += glyph_bytes(glyph);
  return bytes;
}

double glyph_factory_average_bytes(const GlyphFactory *factory)
{
  guint n = g_hash_table_size(factory->table);
  return n == 0 ? 0 : (double)glyph_factory_table_bytes(factory) / n;
}

guint glyph_factory_add_release_callback(GlyphFactory *factory, GlyphReleaseFunc func,
                                         void *user_data)
{
  ReleaseCallback cb = {factory->next_callback_id++, func, user_data};
  g_array_append_val(factory->callbacks, cb);
  return cb.id;
}

void glyph_factory_remove_release_callback(GlyphFactory *factory, guint id)
{
  for (guint i = 0; i < factory->callbacks->len; i++)
    if (g_array_index(factory->callbacks, ReleaseCallback, i).id == id) {
      g_array_remove_index(factory->callbacks, i);
      return;
    }
}
