/* test_glyph_factory.c — sharing, private copies, freeing at zero, pinning, stats. */
#include "glyph_factory.h"
#include "testutil.h"

static void test_same_key_same_glyph(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Glyph *a1 = glyph_factory_acquire(f.factory, 'a', f.style);
  Glyph *a2 = glyph_factory_acquire(f.factory, 'a', f.style);
  Glyph *b = glyph_factory_acquire(f.factory, 'b', f.style);
  g_assert_true(a1 == a2);
  g_assert_true(a1 != b);
  g_assert_cmpuint(a1->refcount, ==, 2);
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  /* the space glyph measured for tab stops is a template too */
  g_assert_cmpuint(st.hits, ==, 1);
  g_assert_cmpuint(st.misses, ==, 3);
  glyph_factory_release(f.factory, a1);
  glyph_factory_release(f.factory, a2);
  glyph_factory_release(f.factory, b);
  test_fonts_clear(&f);
}

static void test_other_style_other_glyph(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 32);
  g_assert_cmpuint(big, !=, f.style);
  g_assert_cmpuint(glyph_factory_style(f.factory, f.sans, 32), ==, big);
  g_assert_cmpuint(glyph_factory_style(f.factory, f.sans, 0), ==, STYLE_NONE);
  Glyph *small_a = glyph_factory_acquire(f.factory, 'a', f.style);
  Glyph *big_a = glyph_factory_acquire(f.factory, 'a', big);
  g_assert_true(small_a != big_a);
  g_assert_cmpint(big_a->advance, >, small_a->advance);
  glyph_factory_release(f.factory, small_a);
  glyph_factory_release(f.factory, big_a);
  test_fonts_clear(&f);
}

typedef struct {
  GPtrArray *released;
} Released;

static void on_release(Glyph *glyph, void *user_data)
{
  Released *r = user_data;
  g_ptr_array_add(r->released, GUINT_TO_POINTER(glyph->codepoint));
}

static void test_freed_at_zero_runs_callbacks(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Released r = {g_ptr_array_new()};
  guint id = glyph_factory_add_release_callback(f.factory, on_release, &r);
  Glyph *g = glyph_factory_acquire_n(f.factory, 0x3B1, f.style, 3); /* alpha */
  GlyphFactoryStats before;
  glyph_factory_get_stats(f.factory, &before);
  glyph_factory_release_n(f.factory, g, 2);
  g_assert_cmpuint(r.released->len, ==, 0);
  glyph_factory_release(f.factory, g);
  g_assert_cmpuint(r.released->len, ==, 1);
  g_assert_cmpuint(GPOINTER_TO_UINT(g_ptr_array_index(r.released, 0)), ==, 0x3B1);
  GlyphFactoryStats after;
  glyph_factory_get_stats(f.factory, &after);
  g_assert_cmpuint(after.alive, ==, before.alive - 1);
  g_assert_cmpuint(after.freed, ==, before.freed + 1);
  g_assert_cmpuint(after.intrinsic_bytes, <, before.intrinsic_bytes);
  /* a new acquire of the key makes a new glyph: a miss */
  Glyph *again = glyph_factory_acquire(f.factory, 0x3B1, f.style);
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.misses, ==, after.misses + 1);
  glyph_factory_remove_release_callback(f.factory, id);
  glyph_factory_release(f.factory, again);
  g_assert_cmpuint(r.released->len, ==, 1); /* removed callback does not run */
  g_ptr_array_unref(r.released);
  test_fonts_clear(&f);
}

static void test_pinned_survive(void)
{
  TestFonts f;
  test_fonts_init(&f);
  glyph_factory_pin_ascii(f.factory, f.style);
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.pinned, ==, 95);
  Glyph *x = glyph_factory_acquire(f.factory, 'x', f.style);
  glyph_factory_release(f.factory, x);
  g_assert_true(glyph_factory_acquire(f.factory, 'x', f.style) == x);
  glyph_factory_release(f.factory, x);
  glyph_factory_collect(f.factory);
  GlyphFactoryStats after;
  glyph_factory_get_stats(f.factory, &after);
  g_assert_cmpuint(after.alive, ==, st.alive);
  g_assert_cmpuint(after.freed, ==, st.freed);
  test_fonts_clear(&f);
}

static void test_off_gives_private_copies(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Glyph *shared = glyph_factory_acquire(f.factory, 'g', f.style);
  glyph_factory_set_sharing(f.factory, false);
  Glyph *p1 = glyph_factory_acquire(f.factory, 'g', f.style);
  Glyph *p2 = glyph_factory_acquire(f.factory, 'g', f.style);
  g_assert_true(p1 != p2 && p1 != shared);
  g_assert_true(p1->flags & GLYPH_PRIVATE);
  g_assert_cmpint(p1->advance, ==, shared->advance);
  g_assert_cmpint(p1->bearing_y, ==, shared->bearing_y);
  g_assert_cmpmem(p1->bitmap, glyph_bitmap_bytes(p1), shared->bitmap, glyph_bitmap_bytes(shared));
  g_assert_true(p1->bitmap != shared->bitmap); /* its own bitmap, not a pointer to the shared one */
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.private_alive, ==, 2);
  g_assert_cmpuint(st.intrinsic_bytes, >=, 3 * glyph_bytes(shared));
  glyph_factory_release(f.factory, p1);
  glyph_factory_release(f.factory, p2);
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.private_alive, ==, 0);
  glyph_factory_set_sharing(f.factory, true);
  glyph_factory_release(f.factory, shared);
  test_fonts_clear(&f);
}

static void test_stats_bytes_add_up(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *text = "Flyweight αβγ 漢字";
  GPtrArray *held = g_ptr_array_new();
  for (const char *s = text; *s; s = g_utf8_next_char(s))
    g_ptr_array_add(held, glyph_factory_acquire(f.factory, g_utf8_get_char(s), f.style));
  GHashTable *distinct = g_hash_table_new(NULL, NULL);
  for (guint i = 0; i < held->len; i++)
    g_hash_table_add(distinct, held->pdata[i]);
  guint64 bytes = glyph_bytes(glyph_factory_lookup(f.factory, ' ', f.style));
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init(&it, distinct);
  while (g_hash_table_iter_next(&it, &key, NULL))
    if (((Glyph *)key)->codepoint != ' ')
      bytes += glyph_bytes(key);
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.intrinsic_bytes, ==, bytes);
  g_assert_cmpuint(st.alive, ==, g_hash_table_size(distinct));
  g_autoptr(GArray) per_style = glyph_factory_style_stats(f.factory);
  g_assert_cmpuint(per_style->len, ==, 1);
  g_assert_cmpuint(g_array_index(per_style, GlyphStyleStats, 0).references, ==, held->len);
  for (guint i = 0; i < held->len; i++)
    glyph_factory_release(f.factory, held->pdata[i]);
  g_hash_table_unref(distinct);
  g_ptr_array_unref(held);
  test_fonts_clear(&f);
}

/* The ASCII array layout reads is the table itself: entries appear and vanish
 * with the shared glyphs. */
static void test_ascii_table_is_live(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Glyph *const *ascii = glyph_factory_ascii_table(f.factory, f.style);
  g_assert_nonnull(ascii);
  g_assert_null(ascii['Q']);
  Glyph *q = glyph_factory_acquire(f.factory, 'Q', f.style);
  g_assert_true(ascii['Q'] == q);
  g_assert_true(ascii[' '] == glyph_factory_lookup(f.factory, ' ', f.style));
  glyph_factory_release(f.factory, q);
  g_assert_null(ascii['Q']); /* freed at zero: the entry vanished */
  StyleId big = glyph_factory_style(f.factory, f.sans, 40);
  g_assert_true(glyph_factory_ascii_table(f.factory, big) != ascii);
  test_fonts_clear(&f);
}

/* The pixel kerning table agrees with the per-pair computation everywhere,
 * and that with typeface_kerning rounded to whole pixels. */
static void test_kerning_table_matches_pairs(void)
{
  TestFonts f;
  test_fonts_init(&f);
  if (!typeface_has_kerning(f.sans)) {
    g_test_skip("no kern table in this DejaVu Sans");
    test_fonts_clear(&f);
    return;
  }
  StyleId style = glyph_factory_style(f.factory, f.sans, 37);
  const Glyph *a = glyph_factory_lookup(f.factory, 'A', style);
  const Glyph *v = glyph_factory_lookup(f.factory, 'V', style);
  int32_t k = typeface_kerning(f.sans, 37, a->glyph_index, v->glyph_index);
  g_assert_cmpint(k, <, -32); /* at least half a pixel tighter, so it shows in pixels */
  int px = glyph_factory_kerning_px(f.factory, style, a->glyph_index, v->glyph_index);
  g_assert_cmpint(px, ==, (k - 32) / 64);
  g_assert_cmpint(glyph_factory_kerning_px(f.factory, style, 0, v->glyph_index), ==, 0);
  const int16_t *table = glyph_factory_kerning_table(f.factory, style);
  g_assert_nonnull(table);
  g_assert_true(glyph_factory_kerning_table(f.factory, style) == table); /* built once */
  const uint32_t n = GLYPH_FACTORY_KERN_DENSE;
  g_assert_cmpuint(a->glyph_index, <, n);
  g_assert_cmpint(table[a->glyph_index * n + v->glyph_index], ==, px);
  guint nonzero = 0;
  for (uint32_t l = 0; l < n; l++)
    for (uint32_t r = 0; r < n; r++) {
      int want = glyph_factory_kerning_px(f.factory, style, l, r);
      if (table[l * n + r] != want)
        g_error("pair (%u, %u): table %d, computed %d", l, r, table[l * n + r], want);
      nonzero += want != 0;
    }
  g_assert_cmpuint(nonzero, >, 100);
  /* a face without kerning has no table: layout skips kerning for it */
  Typeface *mono = typeface_set_lookup(f.set, "DejaVu Sans Mono", NULL);
  g_assert_nonnull(mono);
  StyleId mono_style = glyph_factory_style(f.factory, mono, 16);
  if (!typeface_has_kerning(mono))
    g_assert_null(glyph_factory_kerning_table(f.factory, mono_style));
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/factory/share/same-key", test_same_key_same_glyph);
  g_test_add_func("/factory/share/other-style", test_other_style_other_glyph);
  g_test_add_func("/factory/weak/freed-at-zero", test_freed_at_zero_runs_callbacks);
  g_test_add_func("/factory/pin/ascii", test_pinned_survive);
  g_test_add_func("/factory/off/private-copies", test_off_gives_private_copies);
  g_test_add_func("/factory/stats/bytes", test_stats_bytes_add_up);
  g_test_add_func("/factory/fast/ascii-table", test_ascii_table_is_live);
  g_test_add_func("/factory/fast/kerning-table", test_kerning_table_matches_pairs);
  return g_test_run();
}
