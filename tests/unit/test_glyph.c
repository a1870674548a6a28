/* test_glyph.c — a Glyph rasterized by glyph id at two sizes and at subpixel
 * phases, drawn at a position passed in; the colour, box, copy and error cases.
 * (Code points are the shaper's business now: raw bytes drawn as U+FFFD and
 * invisible controls are tested in test_shaper.c.) */
#include <ft2build.h>
#include FT_FREETYPE_H

#include <string.h>

#include "glyph.h"
#include "testutil.h"
#include "typeface.h"

typedef struct {
  TypefaceSet *set;
  Typeface *sans;
} Fonts;

static void fonts_init(Fonts *f)
{
  g_autoptr(GError) error = NULL;
  f->set = typeface_set_new(&error);
  g_assert_no_error(error);
  f->sans = typeface_set_lookup(f->set, "DejaVu Sans", &error);
  g_assert_no_error(error);
}

/* Glyph @cp of @face at @px and @phase; the test fails if FreeType does. */
static Glyph *new_glyph(Typeface *face, gunichar cp, unsigned px, unsigned phase)
{
  g_autoptr(GError) error = NULL;
  guint32 id = test_glyph_id(face, cp);
  g_assert_cmpuint(id, !=, 0);
  Glyph *glyph = glyph_new(face, id, px, phase, &error);
  g_assert_no_error(error);
  g_assert_nonnull(glyph);
  g_assert_cmpuint(glyph->glyph_id, ==, id);
  g_assert_cmpuint(glyph->phase, ==, phase);
  return glyph;
}

/* Where the ink of the middle row starts, in pixels from the pen's whole
 * pixel: for a vertical stem wider than a pixel (an 'l'), the first inked
 * pixel is covered from its right side, so its coverage says where in it the
 * edge lies. */
static double stem_left_edge(const Glyph *glyph)
{
  const uint8_t *row = glyph->bitmap + (gsize)(glyph->rows / 2) * glyph->width;
  for (int x = 0; x < glyph->width; x++)
    if (row[x] > 0)
      return glyph->bearing_x + x + 1.0 - row[x] / 255.0;
  g_assert_not_reached();
}

/* The ink of the bitmap, in pixels' worth of full coverage. */
static double total_ink(const Glyph *glyph)
{
  double sum = 0;
  for (gsize i = 0; i < glyph_bitmap_bytes(glyph); i++)
    sum += glyph->bitmap[i] / 255.0;
  return sum;
}

static void test_glyph_rasterized(void)
{
  Fonts f;
  fonts_init(&f);
  g_autoptr(Glyph) big = new_glyph(f.sans, 'M', 48, 0);
  g_autoptr(Glyph) small = new_glyph(f.sans, 'M', 12, 0);
  g_assert_cmpint(big->width, >, small->width);
  g_assert_cmpint(big->advance, >, small->advance);
  /* the nominal advance is the unhinted one, as HarfBuzz has it */
  hb_position_t hb = hb_font_get_glyph_h_advance(typeface_hb_font(f.sans, 48), big->glyph_id);
  g_assert_cmpint(ABS(big->advance - hb), <=, 1);
  g_assert_false(big->flags & (GLYPH_COLOR | GLYPH_MISSING));
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
  /* a space: an advance, no bitmap */
  g_autoptr(Glyph) space = new_glyph(f.sans, ' ', 16, 0);
  g_assert_cmpuint(glyph_bitmap_bytes(space), ==, 0);
  g_assert_cmpint(space->advance, >, 0);
  typeface_set_free(f.set);
}

/* Subpixel rendering: an outline glyph at phase 2 is the phase-0 one moved
 * half a pixel right, so the bitmaps differ and the
 * stem's edge moves by half a pixel. */
static void test_glyph_phases(void)
{
  Fonts f;
  fonts_init(&f);
  g_autoptr(Glyph) p0 = new_glyph(f.sans, 'l', 16, 0);
  g_autoptr(Glyph) again = new_glyph(f.sans, 'l', 16, 0);
  g_autoptr(Glyph) p2 = new_glyph(f.sans, 'l', 16, 2);
  /* the same key rasterizes the same bitmap, so a difference means the phase */
  g_assert_cmpmem(p0->bitmap, glyph_bitmap_bytes(p0), again->bitmap, glyph_bitmap_bytes(again));
  g_assert_cmpint(p2->advance, ==, p0->advance); /* metrics are the key's, not the phase's */
  gboolean same = glyph_bitmap_bytes(p0) == glyph_bitmap_bytes(p2) &&
                  p0->bearing_x == p2->bearing_x &&
                  memcmp(p0->bitmap, p2->bitmap, glyph_bitmap_bytes(p0)) == 0;
  g_assert_false(same);
  /* the phase moves the ink, it does not change it */
  g_assert_cmpfloat_with_epsilon(total_ink(p2), total_ink(p0), 0.05);
  g_assert_cmpfloat_with_epsilon(stem_left_edge(p2) - stem_left_edge(p0), 0.5, 0.05);
  /* the four phases step right a quarter pixel each */
  double last = stem_left_edge(p0);
  for (unsigned phase = 1; phase < GLYPH_PHASES; phase++) {
    g_autoptr(Glyph) g = new_glyph(f.sans, 'l', 16, phase);
    double edge = stem_left_edge(g);
    g_assert_cmpfloat_with_epsilon(edge - last, 1.0 / GLYPH_PHASES, 0.05);
    last = edge;
  }
  typeface_set_free(f.set);
}

/* Noto Color Emoji: a colour bitmap (BGRA) scaled down to the size; a
 * quarter pixel of an emoji shows nothing, so every phase is the same. */
static void test_glyph_color(void)
{
  Fonts f;
  fonts_init(&f);
  Typeface *emoji = typeface_set_lookup(f.set, "Noto Color Emoji", NULL);
  if (emoji == NULL) {
    g_test_skip("Noto Color Emoji is not installed");
    typeface_set_free(f.set);
    return;
  }
  g_autoptr(Glyph) smile = new_glyph(emoji, 0x1F600, 16, 0);
  g_autoptr(Glyph) shifted = new_glyph(emoji, 0x1F600, 16, 2);
  g_assert_true(smile->flags & GLYPH_COLOR);
  g_assert_cmpuint(glyph_bitmap_bytes(smile), ==, (gsize)smile->width * smile->rows * 4);
  g_assert_cmpint(smile->width, >=, 12);
  g_assert_cmpint(smile->width, <=, 24); /* scaled from the 109 px strike */
  /* the nominal advance is the strike's, scaled: what HarfBuzz says, within a pixel */
  hb_position_t hb = hb_font_get_glyph_h_advance(typeface_hb_font(emoji, 16), smile->glyph_id);
  g_assert_cmpint(hb, >, 10 * 64);
  g_assert_cmpint(ABS(smile->advance - hb), <, 64);
  g_assert_cmpmem(smile->bitmap, glyph_bitmap_bytes(smile), shifted->bitmap,
                  glyph_bitmap_bytes(shifted));
  guint opaque = 0;
  for (gsize i = 3; i < glyph_bitmap_bytes(smile); i += 4)
    opaque += smile->bitmap[i] > 200;
  g_assert_cmpuint(opaque, >, 50);
  typeface_set_free(f.set);
}

/* The hollow box for a cluster no font has. */
static void test_glyph_box(void)
{
  g_autoptr(Glyph) box = glyph_new_missing(20);
  g_assert_true(box->flags & GLYPH_MISSING);
  g_assert_false(box->flags & GLYPH_COLOR);
  g_assert_cmpuint(box->glyph_id, ==, GLYPH_ID_BOX);
  g_assert_cmpint(box->advance, ==, glyph_box_advance(20));
  g_assert_cmpint(box->advance, >, box->width * 64); /* room on both sides */
  g_assert_cmpint(box->width, >=, 3);
  g_assert_cmpint(box->rows, >=, 3);
  int w = box->width, h = box->rows;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      bool edge = x == 0 || y == 0 || x == w - 1 || y == h - 1;
      g_assert_cmpuint(box->bitmap[y * w + x], ==, edge ? 255 : 0);
    }
  g_assert_cmpint(glyph_box_advance(40), >, glyph_box_advance(20));
}

/* A private copy: same metrics and pixels, its own bitmap, no count, no slot. */
static void test_glyph_copy(void)
{
  Fonts f;
  fonts_init(&f);
  g_autoptr(Glyph) g = new_glyph(f.sans, 0x3B1, 16, 1);
  g->refcount = 3;
  g->atlas_slot = 7;
  g->flags |= GLYPH_PINNED;
  g_autoptr(Glyph) copy = glyph_copy(g);
  g_assert_true(copy != g);
  g_assert_cmpuint(copy->glyph_id, ==, g->glyph_id);
  g_assert_cmpuint(copy->phase, ==, 1);
  g_assert_cmpint(copy->advance, ==, g->advance);
  g_assert_cmpint(copy->bearing_x, ==, g->bearing_x);
  g_assert_cmpint(copy->bearing_y, ==, g->bearing_y);
  g_assert_cmpmem(copy->bitmap, glyph_bitmap_bytes(copy), g->bitmap, glyph_bitmap_bytes(g));
  g_assert_cmpuint(copy->refcount, ==, 0);
  g_assert_cmpint(copy->atlas_slot, ==, -1);
  g_assert_false(copy->flags & GLYPH_PINNED);
  g_assert_cmpuint(glyph_bytes(copy), ==, glyph_bytes(g));
  typeface_set_free(f.set);
}

/* A glyph id the face does not have: FreeType refuses it, and we say so. */
static void test_glyph_error(void)
{
  Fonts f;
  fonts_init(&f);
  FT_Face ft = typeface_ft_face(f.sans);
  g_autoptr(GError) error = NULL;
  Glyph *g = glyph_new(f.sans, (uint32_t)ft->num_glyphs + 10, 16, 0, &error);
  g_assert_null(g);
  g_assert_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_FREETYPE);
  g_assert_nonnull(strstr(error->message, typeface_path(f.sans)));
  typeface_set_free(f.set);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/glyph/rasterize", test_glyph_rasterized);
  g_test_add_func("/glyph/phases", test_glyph_phases);
  g_test_add_func("/glyph/color", test_glyph_color);
  g_test_add_func("/glyph/box", test_glyph_box);
  g_test_add_func("/glyph/copy", test_glyph_copy);
  g_test_add_func("/glyph/error", test_glyph_error);
  return g_test_run();
}
