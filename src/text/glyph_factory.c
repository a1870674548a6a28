/* glyph_factory.c — the flyweight factory.
 *
 * Table: per style, a direct array for ASCII (the common case costs an index,
 * not a hash) and a hash table for other code points. A glyph's refcount is the
 * number of characters whose key it is (plus one per outstanding acquire by
 * other holders). Invariants:
 *  - sharing on: every glyph in the table with refcount 0 is pinned, or is a
 *    template created by glyph_factory_lookup() and not yet collected;
 *  - private glyphs are never in the table; each has exactly one owner;
 *  - stats.alive == stats.created - stats.freed, and intrinsic_bytes is the sum
 *    of glyph_bytes() over live glyphs.
 * Sharing off keeps the table as a raster cache of templates: a private copy is
 * a memcpy of the template, not another FreeType rasterization.
 *
 * Layout's inner loop reads two per-style arrays directly, so that an ASCII
 * character costs an index rather than calls: the ASCII glyph array (entries
 * read afresh each time, as glyphs come and go) and a table of whole-pixel
 * kerning between small glyph indices, computed once per style from
 * typeface_kerning() itself, so the fast path and the general one agree by
 * construction. */
#include "glyph_factory.h"

#define ASCII_LIMIT 128
#define MAX_PX 1024

typedef struct {
  GlyphStyle info;           /* the key half and its line metrics */
  Glyph *ascii[ASCII_LIMIT]; /* shared glyphs of U+0000..U+007F */
  GHashTable *others;        /* code point -> shared Glyph* */
  GlyphStyleStats stats;     /* per-style counts for the overlay */
  int16_t *kern_px;          /* GLYPH_FACTORY_KERN_DENSE^2 pen kerning in pixels, or NULL */
  bool kern_tried;           /* kern_px was built (or found unusable): don't build again */
} StyleEntry;

typedef struct {
  guint id;
  GlyphReleaseFunc func;
  void *user_data;
} ReleaseCallback;

struct GlyphFactory {
  TypefaceSet *typefaces; /* not owned */
  GPtrArray *styles;      /* StyleEntry*, indexed by StyleId */
  bool sharing;           /* the flyweight on */
  GlyphFactoryStats stats;
  GArray *callbacks; /* ReleaseCallback */
  guint next_callback_id;
};

static void style_entry_free(StyleEntry *entry);

GlyphFactory *glyph_factory_new(TypefaceSet *set)
{
  g_return_val_if_fail(set != NULL, NULL);
  GlyphFactory *factory = g_new0(GlyphFactory, 1);
  factory->typefaces = set;
  factory->styles = g_ptr_array_new_with_free_func((GDestroyNotify)style_entry_free);
  factory->sharing = true;
  factory->callbacks = g_array_new(FALSE, FALSE, sizeof(ReleaseCallback));
  factory->next_callback_id = 1;
  return factory;
}

static StyleEntry *style_entry(const GlyphFactory *factory, StyleId style)
{
  g_return_val_if_fail(style < factory->styles->len, NULL);
  return g_ptr_array_index(factory->styles, style);
}

/* Frees @glyph after the release callbacks, keeping the counts. */
static void destroy_glyph(GlyphFactory *factory, Glyph *glyph)
{
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

static void table_remove(StyleEntry *entry, gunichar cp)
{
  if (cp < ASCII_LIMIT)
    entry->ascii[cp] = NULL;
  else
    g_hash_table_remove(entry->others, GUINT_TO_POINTER(cp));
}

static void free_table_glyph(gpointer key, gpointer value, gpointer factory)
{
  destroy_glyph(factory, value);
}

void glyph_factory_free(GlyphFactory *factory)
{
  if (factory == NULL)
    return;
  for (guint s = 0; s < factory->styles->len; s++) {
    StyleEntry *entry = g_ptr_array_index(factory->styles, s);
    for (gunichar cp = 0; cp < ASCII_LIMIT; cp++)
      if (entry->ascii[cp] != NULL)
        destroy_glyph(factory, entry->ascii[cp]);
    g_hash_table_foreach(entry->others, free_table_glyph, factory);
  }
  if (factory->stats.private_alive > 0)
    g_warning("glyph factory freed with %" G_GUINT64_FORMAT " private glyphs still owned",
              factory->stats.private_alive);
  g_ptr_array_unref(factory->styles);
  g_array_unref(factory->callbacks);
  g_free(factory);
}

static void style_entry_free(StyleEntry *entry)
{
  g_hash_table_unref(entry->others);
  g_free(entry->kern_px);
  g_free(entry);
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
  entry->others = g_hash_table_new(NULL, NULL);
  entry->stats.style = (StyleId)factory->styles->len;
  g_ptr_array_add(factory->styles, entry);
  /* the space's advance sets tab stops; looked up once the entry exists */
  entry->info.space_advance = glyph_factory_lookup(factory, ' ', entry->stats.style)->advance;
  return entry->stats.style;
}

const GlyphStyle *glyph_factory_style_info(const GlyphFactory *factory, StyleId style)
{
  StyleEntry *entry = style_entry(factory, style);
  return entry ? &entry->info : NULL;
}

static Glyph *table_get(const StyleEntry *entry, gunichar cp)
{
  if (cp < ASCII_LIMIT)
    return entry->ascii[cp];
  return g_hash_table_lookup(entry->others, GUINT_TO_POINTER(cp));
}

/* Rasterizes and stores the shared glyph of a key (a factory miss). */
static Glyph *create_shared(GlyphFactory *factory, StyleEntry *entry, gunichar cp, StyleId style)
{
  g_autoptr(GError) error = NULL;
  Glyph *glyph = glyph_new(entry->info.typeface, cp, entry->info.px, &error);
  if (glyph == NULL) {
    /* FreeType failed on this one character: draw it as missing, say so once */
    g_warning("%s", error->message);
    glyph = glyph_new_missing(cp, entry->info.px);
  }
  glyph->codepoint = cp;
  glyph->style = style;
  glyph->typeface = entry->info.typeface;
  if (cp < ASCII_LIMIT)
    entry->ascii[cp] = glyph;
  else
    g_hash_table_insert(entry->others, GUINT_TO_POINTER(cp), glyph);
  factory->stats.misses++;
  count_new_glyph(factory, glyph);
  return glyph;
}

Glyph *glyph_factory_lookup(GlyphFactory *factory, gunichar cp, StyleId style)
{
  StyleEntry *entry = style_entry(factory, style);
  g_return_val_if_fail(entry != NULL, NULL);
  Glyph *glyph = table_get(entry, cp);
  return glyph ? glyph : create_shared(factory, entry, cp, style);
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

Glyph *glyph_factory_acquire_n(GlyphFactory *factory, gunichar cp, StyleId style, guint32 n)
{
  StyleEntry *entry = style_entry(factory, style);
  g_return_val_if_fail(entry != NULL && n > 0, NULL);
  Glyph *glyph = table_get(entry, cp);
  if (glyph != NULL)
    factory->stats.hits += n;
  else
    glyph = create_shared(factory, entry, cp, style), factory->stats.hits += n - 1;
  glyph->refcount += n;
  entry->stats.references += n;
  return glyph;
}

Glyph *glyph_factory_acquire(GlyphFactory *factory, gunichar cp, StyleId style)
{
  if (!factory->sharing) {
    Glyph *template = glyph_factory_lookup(factory, cp, style);
    return make_private(factory, template);
  }
  return glyph_factory_acquire_n(factory, cp, style, 1);
}

void glyph_factory_release_n(GlyphFactory *factory, Glyph *glyph, guint32 n)
{
  g_return_if_fail(factory != NULL && glyph != NULL && glyph->refcount >= n);
  StyleEntry *entry = style_entry(factory, glyph->style);
  glyph->refcount -= n;
  entry->stats.references -= n;
  if (glyph->refcount > 0 || (glyph->flags & GLYPH_PINNED))
    return;
  if (glyph->flags & GLYPH_PRIVATE) {
    destroy_glyph(factory, glyph);
  } else if (factory->sharing) {
    /* the last character let go: the weak entry vanishes */
    table_remove(entry, glyph->codepoint);
    destroy_glyph(factory, glyph);
  } /* sharing off: kept as a template until collected */
}

void glyph_factory_release(GlyphFactory *factory, Glyph *glyph)
{
  glyph_factory_release_n(factory, glyph, 1);
}

void glyph_factory_pin_ascii(GlyphFactory *factory, StyleId style)
{
  for (gunichar cp = 0x20; cp < 0x7F; cp++) {
    Glyph *glyph = glyph_factory_lookup(factory, cp, style);
    if (!(glyph->flags & GLYPH_PINNED)) {
      glyph->flags |= GLYPH_PINNED;
      factory->stats.pinned++;
    }
  }
}

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
  for (guint s = 0; s < factory->styles->len; s++) {
    StyleEntry *entry = g_ptr_array_index(factory->styles, s);
    for (gunichar cp = 0; cp < ASCII_LIMIT; cp++) {
      Glyph *glyph = entry->ascii[cp];
      if (glyph != NULL && collect_one(NULL, glyph, factory))
        entry->ascii[cp] = NULL;
    }
    g_hash_table_foreach_remove(entry->others, collect_one, factory);
  }
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

static void add_private_cost(gpointer key, gpointer value, gpointer total)
{
  const Glyph *glyph = value;
  *(guint64 *)total += (guint64)glyph->refcount * glyph_bytes(glyph);
}

guint64 glyph_factory_private_cost(const GlyphFactory *factory)
{
  guint64 total = 0;
  for (guint s = 0; s < factory->styles->len; s++) {
    StyleEntry *entry = g_ptr_array_index(factory->styles, s);
    for (gunichar cp = 0; cp < ASCII_LIMIT; cp++)
      if (entry->ascii[cp] != NULL)
        add_private_cost(NULL, entry->ascii[cp], &total);
    g_hash_table_foreach(entry->others, add_private_cost, &total);
  }
  return total;
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

Glyph *const *glyph_factory_ascii_table(const GlyphFactory *factory, StyleId style)
{
  StyleEntry *entry = style_entry(factory, style);
  g_return_val_if_fail(entry != NULL, NULL);
  return entry->ascii;
}

/* The rounding layout has always used: 1/64 px to whole pixels, half away from zero. */
static int kerning_px(const StyleEntry *entry, uint32_t left_index, uint32_t right_index)
{
  if (left_index == 0 || right_index == 0)
    return 0;
  int32_t k = typeface_kerning(entry->info.typeface, entry->info.px, left_index, right_index);
  return (k >= 0 ? k + 32 : k - 32) / 64;
}

int glyph_factory_kerning_px(GlyphFactory *factory, StyleId style, uint32_t left_index,
                             uint32_t right_index)
{
  StyleEntry *entry = style_entry(factory, style);
  g_return_val_if_fail(entry != NULL, 0);
  return kerning_px(entry, left_index, right_index);
}

/* Fills @entry's kerning table; false (and no table) if a value overflows 16 bits. */
static bool build_kerning_table(StyleEntry *entry)
{
  const uint32_t n = GLYPH_FACTORY_KERN_DENSE;
  int16_t *table = g_new(int16_t, (gsize)n * n);
  for (uint32_t l = 0; l < n; l++)
    for (uint32_t r = 0; r < n; r++) {
      int v = kerning_px(entry, l, r);
      if (v < INT16_MIN || v > INT16_MAX) {
        g_free(table);
        return false;
      }
      table[l * n + r] = (int16_t)v;
    }
  entry->kern_px = table;
  return true;
}

const int16_t *glyph_factory_kerning_table(GlyphFactory *factory, StyleId style)
{
  StyleEntry *entry = style_entry(factory, style);
  g_return_val_if_fail(entry != NULL, NULL);
  if (!entry->kern_tried) {
    entry->kern_tried = true;
    if (typeface_has_kerning(entry->info.typeface))
      build_kerning_table(entry);
  }
  return entry->kern_px;
}
