/* test_glyph.c — a Glyph rasterized at two sizes, drawn at a position passed in,
 * and the control, raw-byte and missing cases. */
#include "glyph.h"
#include "typeface.h"

static void test_glyph_rasterized(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_autoptr(Glyph) big = glyph_new(sans, 'M', 48, &error);
  g_autoptr(Glyph) small = glyph_new(sans, 'M', 12, &error);
  g_assert_no_error(error);
  g_assert_cmpint(big->width, >, small->width);
  g_assert_cmpint(big->advance, >, small->advance);
  /* the bitmap has ink */
  guint ink = 0;
  for (size_t i = 0; i < glyph_bitmap_bytes(big); i++)
    ink += big->bitmap[i] > 128;
  g_assert_cmpuint(ink, >, 50);
  /* drawing takes the position as an argument: same glyph at two places */
  guint8 canvas[64 * 64] = {0};
  glyph_draw(small, canvas, 64, 64, 2, 20);
  glyph_draw(small, canvas, 64, 64, 30, 50);
  guint top = 0, bottom = 0;
  for (int i = 0; i < 64 * 32; i++)
    top += canvas[i] > 0;
  for (int i = 64 * 32; i < 64 * 64; i++)
    bottom += canvas[i] > 0;
  g_assert_cmpuint(top, >, 0);
  g_assert_cmpuint(top, ==, bottom);
  /* the control and raw-byte cases */
  g_autoptr(Glyph) tab = glyph_new(sans, '\t', 16, &error);
  g_assert_cmpuint(glyph_bitmap_bytes(tab), ==, 0);
  g_autoptr(Glyph) raw = glyph_new(sans, GLYPH_RAW_BYTE_BASE + 0xFF, 16, &error);
  g_autoptr(Glyph) fffd = glyph_new(sans, 0xFFFD, 16, &error);
  g_assert_cmpuint(raw->codepoint, ==, GLYPH_RAW_BYTE_BASE + 0xFF);
  g_assert_cmpuint(glyph_bitmap_bytes(raw), ==, glyph_bitmap_bytes(fffd));
  g_assert_cmpmem(raw->bitmap, glyph_bitmap_bytes(raw), fffd->bitmap, glyph_bitmap_bytes(fffd));
  g_autoptr(Glyph) none = glyph_new(sans, 0x10FE00, 16, &error);
  g_assert_true(none->flags & GLYPH_MISSING);
  typeface_set_free(set);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/glyph/rasterize", test_glyph_rasterized);
  return g_test_run();
}
