/* test_glyph_factory.c — sharing by (style, glyph id, phase), private copies,
 * freeing at zero, pinning, templates, release callbacks, stats.
 *
 * Every test checks the factory's counting invariants as it goes
 * (assert_counts): alive == created - freed == shared + private, and the
 * shared table holds exactly shared_alive glyphs. */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <string.h>

#include "glyph_factory.h"
#include "testutil.h"

/* The shared glyphs the table holds, and their bytes. */
typedef struct {
  guint64 glyphs;
  guint64 bytes;
} TableCount;

static void count_one(Glyph *glyph, void *data)
{
  TableCount *c = data;
  c->glyphs++;
  c->bytes += glyph_bytes(glyph);
}

static TableCount table_count(const GlyphFactory *factory)
{
  TableCount c = {0, 0};
  glyph_factory_foreach_shared(factory, count_one, &c);
  return c;
}

static void assert_counts(const GlyphFactory *factory)
{
  GlyphFactoryStats st;
  glyph_factory_get_stats(factory, &st);
  g_assert_cmpuint(st.alive, ==, st.created - st.freed);
  g_assert_cmpuint(st.alive, ==, st.shared_alive + st.private_alive);
  g_assert_cmpuint(table_count(factory).glyphs, ==, st.shared_alive);
}

/* The glyph id of @cp in the fixture's DejaVu Sans. */
static guint32 gid(TestFonts *f, gunichar cp)
{
  guint32 id = test_glyph_id(f->sans, cp);
  g_assert_cmpuint(id, !=, 0);
  return id;
}

/* A Glyph freed at count zero is not found again: the factory's shortcut to
 * recently found Glyphs forgets it, so asking for its key again rasterizes a
 * new one (a stale shortcut would hand out freed memory: a miss not counted,
 * and ASan's use after free). Many keys, asked twice each, freed in turns. */
static void test_freed_glyph_not_found_again(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (int round = 0; round < 3; round++)
    for (const char *c = letters; *c != '\0'; c++)
      for (unsigned phase = 0; phase < GLYPH_PHASES; phase++) {
        GlyphFactoryStats before, after;
        glyph_factory_get_stats(f.factory, &before);
        Glyph *g = glyph_factory_acquire(f.factory, f.style, gid(&f, (gunichar)*c), phase);
        Glyph *again = glyph_factory_acquire(f.factory, f.style, gid(&f, (gunichar)*c), phase);
        g_assert_true(g == again);
        glyph_factory_get_stats(f.factory, &after);
        g_assert_cmpuint(after.misses, ==, before.misses + 1); /* created once, found once */
        g_assert_cmpuint(after.hits, ==, before.hits + 1);
        glyph_factory_release(f.factory, g);
        glyph_factory_release(f.factory, again); /* freed: the next round creates it anew */
        assert_counts(f.factory);
      }
  test_fonts_clear(&f);
}

static void test_same_key_same_glyph(void)
{
  TestFonts f;
  test_fonts_init(&f);
  GlyphFactoryStats before;
  glyph_factory_get_stats(f.factory, &before);
  Glyph *a1 = glyph_factory_acquire(f.factory, f.style, gid(&f, 'a'), 0);
  Glyph *a2 = glyph_factory_acquire(f.factory, f.style, gid(&f, 'a'), 0);
  Glyph *b = glyph_factory_acquire(f.factory, f.style, gid(&f, 'b'), 0);
  Glyph *a_half = glyph_factory_acquire(f.factory, f.style, gid(&f, 'a'), 2);
  g_assert_true(a1 == a2);
  g_assert_true(a1 != b);
  g_assert_true(a1 != a_half); /* the phase is part of the key */
  g_assert_cmpuint(a1->refcount, ==, 2);
  g_assert_cmpuint(a_half->refcount, ==, 1);
  g_assert_cmpuint(a1->style, ==, f.style);
  g_assert_cmpuint(a1->glyph_id, ==, gid(&f, 'a'));
  g_assert_cmpuint(a_half->phase, ==, 2);
  g_assert_false((a1->flags | b->flags) & (GLYPH_PRIVATE | GLYPH_PINNED | GLYPH_MISSING));
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.hits - before.hits, ==, 1);
  g_assert_cmpuint(st.misses - before.misses, ==, 3);
  g_assert_cmpuint(st.alive - before.alive, ==, 3);
  assert_counts(f.factory);
  glyph_factory_release(f.factory, a1);
  glyph_factory_release(f.factory, a2);
  glyph_factory_release(f.factory, b);
  glyph_factory_release(f.factory, a_half);
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.alive, ==, before.alive);
  assert_counts(f.factory);
  test_fonts_clear(&f);
}

static void test_other_style_other_glyph(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 32);
  g_assert_cmpuint(big, !=, f.style);
  g_assert_cmpuint(glyph_factory_style(f.factory, f.sans, 32), ==, big); /* interned */
  g_assert_cmpuint(glyph_factory_style(f.factory, f.sans, 16), ==, f.style);
  g_assert_cmpuint(glyph_factory_style(f.factory, f.sans, 0), ==, STYLE_NONE);
  g_assert_cmpuint(glyph_factory_style(f.factory, f.sans, 1025), ==, STYLE_NONE);
  const GlyphStyle *info = glyph_factory_style_info(f.factory, big);
  g_assert_true(info->typeface == f.sans);
  g_assert_cmpuint(info->px, ==, 32);
  g_assert_cmpint(info->line_height, >=, info->ascent + info->descent);
  /* tab stops measure the space: its unhinted advance, as HarfBuzz has it */
  hb_position_t space = hb_font_get_glyph_h_advance(typeface_hb_font(f.sans, 32), gid(&f, ' '));
  g_assert_cmpint(ABS(info->space_advance - space), <=, 1);
  Glyph *small_a = glyph_factory_acquire(f.factory, f.style, gid(&f, 'a'), 0);
  Glyph *big_a = glyph_factory_acquire(f.factory, big, gid(&f, 'a'), 0);
  g_assert_true(small_a != big_a);
  g_assert_cmpint(big_a->advance, >, small_a->advance);
  g_assert_cmpint(big_a->width, >, small_a->width);
  glyph_factory_release(f.factory, small_a);
  glyph_factory_release(f.factory, big_a);
  assert_counts(f.factory);
  test_fonts_clear(&f);
}

typedef struct {
  GArray *released; /* Glyph copies of what the callback saw */
} Released;

static void on_release(Glyph *glyph, void *user_data)
{
  Released *r = user_data;
  g_array_append_val(r->released, *glyph);
}

static void test_freed_at_zero_runs_callbacks(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Released r = {g_array_new(FALSE, FALSE, sizeof(Glyph))};
  guint id = glyph_factory_add_release_callback(f.factory, on_release, &r);
  guint32 alpha = gid(&f, 0x3B1);
  Glyph *g = glyph_factory_acquire(f.factory, f.style, alpha, 1);
  g_assert_true(glyph_factory_ref(f.factory, g) == g); /* a drawn line copied */
  g_assert_true(glyph_factory_acquire(f.factory, f.style, alpha, 1) == g);
  g_assert_cmpuint(g->refcount, ==, 3);
  GlyphFactoryStats before;
  glyph_factory_get_stats(f.factory, &before);
  glyph_factory_release(f.factory, g);
  glyph_factory_release(f.factory, g);
  g_assert_cmpuint(r.released->len, ==, 0);
  glyph_factory_release(f.factory, g);
  g_assert_cmpuint(r.released->len, ==, 1);
  const Glyph *seen = &g_array_index(r.released, Glyph, 0);
  g_assert_cmpuint(seen->glyph_id, ==, alpha);
  g_assert_cmpuint(seen->style, ==, f.style);
  g_assert_cmpuint(seen->phase, ==, 1);
  g_assert_cmpuint(seen->refcount, ==, 0);
  GlyphFactoryStats after;
  glyph_factory_get_stats(f.factory, &after);
  g_assert_cmpuint(after.alive, ==, before.alive - 1);
  g_assert_cmpuint(after.freed, ==, before.freed + 1);
  g_assert_cmpuint(after.intrinsic_bytes, <, before.intrinsic_bytes);
  assert_counts(f.factory);
  /* a new acquire of the key makes a new glyph: a miss */
  Glyph *again = glyph_factory_acquire(f.factory, f.style, alpha, 1);
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.misses, ==, after.misses + 1);
  glyph_factory_remove_release_callback(f.factory, id);
  glyph_factory_release(f.factory, again);
  g_assert_cmpuint(r.released->len, ==, 1); /* removed callback does not run */
  assert_counts(f.factory);
  g_array_unref(r.released);
  test_fonts_clear(&f);
}

/* The glyph ids printable ASCII shapes to in DejaVu Sans, one each. */
static guint ascii_glyph_ids(TestFonts *f)
{
  g_autoptr(GHashTable) ids = g_hash_table_new(NULL, NULL);
  for (gunichar c = 0x20; c < 0x7F; c++)
    g_hash_table_add(ids, GUINT_TO_POINTER(gid(f, c)));
  return g_hash_table_size(ids);
}

static void test_pinned_survive(void)
{
  TestFonts f;
  test_fonts_init(&f);
  shaper_pin_ascii(f.shaper, f.style);
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(ascii_glyph_ids(&f), ==, 95);
  g_assert_cmpuint(st.pinned, ==, 95 * GLYPH_PHASES); /* every phase of each */
  for (unsigned phase = 0; phase < GLYPH_PHASES; phase++) {
    Glyph *x = glyph_factory_acquire(f.factory, f.style, gid(&f, 'x'), phase);
    g_assert_true(x->flags & GLYPH_PINNED);
    glyph_factory_release(f.factory, x);
    g_assert_true(glyph_factory_acquire(f.factory, f.style, gid(&f, 'x'), phase) == x);
    glyph_factory_release(f.factory, x);
  }
  /* pinning one more glyph by hand, twice, counts it once */
  guint32 alpha = gid(&f, 0x3B1);
  glyph_factory_pin(f.factory, f.style, alpha, 0);
  glyph_factory_pin(f.factory, f.style, alpha, 0);
  Glyph *a = glyph_factory_acquire(f.factory, f.style, alpha, 0);
  glyph_factory_release(f.factory, a);
  g_assert_true(glyph_factory_lookup(f.factory, f.style, alpha, 0) == a);
  glyph_factory_collect(f.factory);
  GlyphFactoryStats after;
  glyph_factory_get_stats(f.factory, &after);
  g_assert_cmpuint(after.pinned, ==, st.pinned + 1);
  g_assert_cmpuint(after.alive, ==, st.alive + 1);
  g_assert_cmpuint(after.freed, ==, st.freed);
  assert_counts(f.factory);
  test_fonts_clear(&f);
}

static void test_off_gives_private_copies(void)
{
  TestFonts f;
  test_fonts_init(&f);
  guint32 g_id = gid(&f, 'g');
  Glyph *shared = glyph_factory_acquire(f.factory, f.style, g_id, 0);
  glyph_factory_set_sharing(f.factory, false);
  g_assert_false(glyph_factory_get_sharing(f.factory));
  GlyphFactoryStats before;
  glyph_factory_get_stats(f.factory, &before);
  Glyph *p1 = glyph_factory_acquire(f.factory, f.style, g_id, 0);
  Glyph *p2 = glyph_factory_acquire(f.factory, f.style, g_id, 0);
  g_assert_true(p1 != p2 && p1 != shared);
  g_assert_true(p1->flags & GLYPH_PRIVATE);
  g_assert_false(shared->flags & GLYPH_PRIVATE);
  g_assert_cmpuint(p1->refcount, ==, 1);
  g_assert_cmpuint(shared->refcount, ==, 1); /* copies take no reference to the template */
  g_assert_cmpuint(p1->glyph_id, ==, g_id);
  g_assert_cmpint(p1->advance, ==, shared->advance);
  g_assert_cmpint(p1->bearing_y, ==, shared->bearing_y);
  g_assert_cmpmem(p1->bitmap, glyph_bitmap_bytes(p1), shared->bitmap, glyph_bitmap_bytes(shared));
  g_assert_true(p1->bitmap != shared->bitmap); /* its own bitmap, not a pointer to the shared one */
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.private_alive, ==, 2);
  g_assert_cmpuint(st.hits - before.hits, ==, 2); /* copied from the template: no FreeType */
  g_assert_cmpuint(st.misses, ==, before.misses);
  g_assert_cmpuint(st.intrinsic_bytes, >=, 3 * glyph_bytes(shared));
  assert_counts(f.factory);
  /* a key never seen: its template is made, and stays after the copy goes */
  Glyph *q = glyph_factory_acquire(f.factory, f.style, gid(&f, 'q'), 3);
  g_assert_true(q->flags & GLYPH_PRIVATE);
  glyph_factory_release(f.factory, q);
  Glyph *q_template = glyph_factory_lookup(f.factory, f.style, gid(&f, 'q'), 3);
  g_assert_cmpuint(q_template->refcount, ==, 0);
  glyph_factory_release(f.factory, p1);
  glyph_factory_release(f.factory, p2);
  /* the last shared reference goes while off: kept as a template too */
  glyph_factory_release(f.factory, shared);
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.private_alive, ==, 0);
  g_assert_cmpuint(st.shared_alive, ==, before.shared_alive + 1);
  assert_counts(f.factory);
  /* back on: collecting frees the templates nobody refers to */
  glyph_factory_set_sharing(f.factory, true);
  glyph_factory_collect(f.factory);
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.shared_alive, ==, before.shared_alive - 1);
  g_assert_cmpuint(st.alive, ==, st.shared_alive);
  assert_counts(f.factory);
  test_fonts_clear(&f);
}

/* Glyphs of shaped text in two scripts: each fallback face is a style of its
 * own, and the bytes and references add up per style and in total. */
static void test_stats_bytes_add_up(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *text = "Flyweight αβγ 漢字 Flyweight";
  g_autoptr(GArray) shaped = g_array_new(FALSE, FALSE, sizeof(ShapedGlyph));
  shaper_shape(f.shaper, text, strlen(text), 0, strlen(text), f.style, false, shaped);
  GPtrArray *held = g_ptr_array_new();
  for (guint i = 0; i < shaped->len; i++) {
    const ShapedGlyph *s = &g_array_index(shaped, ShapedGlyph, i);
    g_ptr_array_add(held, glyph_factory_acquire(f.factory, s->style, s->glyph_id, 0));
  }
  GHashTable *distinct = g_hash_table_new(NULL, NULL);
  GHashTable *styles = g_hash_table_new(NULL, NULL);
  guint64 bytes = 0;
  for (guint i = 0; i < held->len; i++) {
    Glyph *g = held->pdata[i];
    if (g_hash_table_add(distinct, g))
      bytes += glyph_bytes(g);
    g_hash_table_add(styles, GUINT_TO_POINTER((guint)g->style + 1));
  }
  g_assert_cmpuint(g_hash_table_size(styles), ==, 2);          /* DejaVu Sans and a CJK face */
  g_assert_cmpuint(g_hash_table_size(distinct), <, held->len); /* "Flyweight" twice */
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.intrinsic_bytes, ==, bytes);
  g_assert_cmpuint(st.alive, ==, g_hash_table_size(distinct));
  g_assert_cmpuint(table_count(f.factory).bytes, ==, bytes);
  g_assert_cmpfloat_with_epsilon(glyph_factory_average_bytes(f.factory),
                                 (double)bytes / g_hash_table_size(distinct), 1e-9);
  g_autoptr(GArray) per_style = glyph_factory_style_stats(f.factory);
  g_assert_cmpuint(per_style->len, ==, 2);
  guint64 refs = 0, glyphs = 0, style_bytes = 0;
  for (guint i = 0; i < per_style->len; i++) {
    const GlyphStyleStats *s = &g_array_index(per_style, GlyphStyleStats, i);
    g_assert_true(g_hash_table_contains(styles, GUINT_TO_POINTER((guint)s->style + 1)));
    refs += s->references;
    glyphs += s->glyphs;
    style_bytes += s->bytes;
  }
  g_assert_cmpuint(refs, ==, held->len);
  g_assert_cmpuint(glyphs, ==, g_hash_table_size(distinct));
  g_assert_cmpuint(style_bytes, ==, bytes);
  for (guint i = 0; i < held->len; i++)
    glyph_factory_release(f.factory, held->pdata[i]);
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.alive, ==, 0);
  g_assert_cmpuint(st.intrinsic_bytes, ==, 0);
  assert_counts(f.factory);
  g_hash_table_unref(styles);
  g_hash_table_unref(distinct);
  g_ptr_array_unref(held);
  test_fonts_clear(&f);
}

/* (Was: the ASCII array layout read. There is no per-code-point table any
 * more; the one table is the shared hash table, and it is live: entries
 * appear with their first reference or lookup and vanish at zero.) */
static void test_table_is_live(void)
{
  TestFonts f;
  test_fonts_init(&f);
  guint32 q_id = gid(&f, 'Q');
  g_assert_cmpuint(table_count(f.factory).glyphs, ==, 0);
  Glyph *q = glyph_factory_acquire(f.factory, f.style, q_id, 0);
  g_assert_cmpuint(table_count(f.factory).glyphs, ==, 1);
  g_assert_true(glyph_factory_lookup(f.factory, f.style, q_id, 0) == q);
  g_assert_cmpuint(q->refcount, ==, 1); /* a lookup takes no reference */
  glyph_factory_release(f.factory, q);
  g_assert_cmpuint(table_count(f.factory).glyphs, ==, 0); /* freed at zero: the entry vanished */
  /* a lookup of a new key makes a template with no reference: a miss */
  GlyphFactoryStats before, st;
  glyph_factory_get_stats(f.factory, &before);
  Glyph *t = glyph_factory_lookup(f.factory, f.style, q_id, 1);
  g_assert_cmpuint(t->refcount, ==, 0);
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.misses, ==, before.misses + 1);
  g_assert_cmpuint(table_count(f.factory).glyphs, ==, 1);
  /* acquiring it is a hit on the same object */
  g_assert_true(glyph_factory_acquire(f.factory, f.style, q_id, 1) == t);
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.hits, ==, before.hits + 1);
  glyph_factory_release(f.factory, t);
  g_assert_cmpuint(table_count(f.factory).glyphs, ==, 0);
  /* a template nobody acquires is freed by collect */
  glyph_factory_lookup(f.factory, f.style, q_id, 2);
  g_assert_cmpuint(table_count(f.factory).glyphs, ==, 1);
  glyph_factory_collect(f.factory);
  g_assert_cmpuint(table_count(f.factory).glyphs, ==, 0);
  assert_counts(f.factory);
  test_fonts_clear(&f);
}

/* GLYPH_ID_BOX is the hollow box at the style's size, shared like any glyph. */
static void test_box_glyph(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Glyph *box = glyph_factory_acquire(f.factory, f.style, GLYPH_ID_BOX, 0);
  g_assert_true(glyph_factory_acquire(f.factory, f.style, GLYPH_ID_BOX, 0) == box);
  g_assert_true(box->flags & GLYPH_MISSING);
  g_assert_cmpuint(box->glyph_id, ==, GLYPH_ID_BOX);
  g_assert_cmpint(box->advance, ==, glyph_box_advance(16));
  glyph_factory_release(f.factory, box);
  glyph_factory_release(f.factory, box);
  assert_counts(f.factory);
  test_fonts_clear(&f);
}

/* A glyph FreeType cannot draw becomes the box, with one warning per key. */
static void test_freetype_failure_is_a_box(void)
{
  TestFonts f;
  test_fonts_init(&f);
  FT_Face ft = typeface_ft_face(f.sans);
  guint32 bad = (guint32)ft->num_glyphs + 5;
  g_test_expect_message(NULL, G_LOG_LEVEL_WARNING, "*FreeType could not draw glyph*");
  Glyph *g = glyph_factory_acquire(f.factory, f.style, bad, 0);
  g_test_assert_expected_messages();
  g_assert_nonnull(g);
  g_assert_true(g->flags & GLYPH_MISSING);
  g_assert_cmpuint(g->glyph_id, ==, bad);                                /* under its own key */
  g_assert_true(glyph_factory_acquire(f.factory, f.style, bad, 0) == g); /* no second warning */
  glyph_factory_release(f.factory, g);
  glyph_factory_release(f.factory, g);
  assert_counts(f.factory);
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/factory/share/same-key", test_same_key_same_glyph);
  g_test_add_func("/factory/share/other-style", test_other_style_other_glyph);
  g_test_add_func("/factory/weak/freed-at-zero", test_freed_at_zero_runs_callbacks);
  g_test_add_func("/factory/weak/freed-not-found-again", test_freed_glyph_not_found_again);
  g_test_add_func("/factory/pin/ascii", test_pinned_survive);
  g_test_add_func("/factory/off/private-copies", test_off_gives_private_copies);
  g_test_add_func("/factory/stats/bytes", test_stats_bytes_add_up);
  g_test_add_func("/factory/table/live", test_table_is_live);
  g_test_add_func("/factory/box/shared", test_box_glyph);
  g_test_add_func("/factory/box/freetype-failure", test_freetype_failure_is_a_box);
  return g_test_run();
}
