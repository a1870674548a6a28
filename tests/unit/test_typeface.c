/* test_typeface.c — finding faces through fontconfig, fallbacks, kerning (through HarfBuzz). */
#include "glyph.h"
#include "testutil.h"
#include "typeface.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static void test_lookup_families(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  g_assert_no_error(error);
  const char *families[] = {"DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono"};
  for (guint i = 0; i < G_N_ELEMENTS(families); i++) {
    Typeface *face = typeface_set_lookup(set, families[i], &error);
    g_assert_no_error(error);
    g_assert_nonnull(face);
    g_assert_cmpstr(typeface_family(face), ==, families[i]);
    /* interned: the same pointer as g_intern_string gives */
    g_assert_true(typeface_family(face) == g_intern_string(families[i]));
    /* looking up again gives the same object */
    g_assert_true(typeface_set_lookup(set, families[i], NULL) == face);
  }
  typeface_set_free(set);
}

static void test_unknown_family_is_an_error(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  g_assert_no_error(error);
  Typeface *face = typeface_set_lookup(set, "No Such Family Anywhere", &error);
  g_assert_null(face);
  g_assert_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_NOT_FOUND);
  g_assert_nonnull(strstr(error->message, "No Such Family Anywhere"));
  typeface_set_free(set);
}

/* A machine with no fonts at all: fontconfig pointed at a configuration that
 * lists no font directories (in a child process, as fontconfig reads
 * $FONTCONFIG_FILE when a configuration is made). */
static void test_no_fonts_at_all(void)
{
  if (g_test_subprocess()) {
    g_autofree char *dir = g_dir_make_tmp("glyphpad-nofonts-XXXXXX", NULL);
    g_autofree char *conf = g_build_filename(dir, "fonts.conf", NULL);
    g_autofree char *text = g_strdup_printf(
        "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n",
        dir, dir);
    g_assert_true(g_file_set_contents(conf, text, -1, NULL));
    g_setenv("FONTCONFIG_FILE", conf, TRUE);
    g_autoptr(GError) error = NULL;
    TypefaceSet *set = typeface_set_new(&error);
    g_assert_no_error(error);
    Typeface *face = typeface_set_lookup(set, "DejaVu Sans", &error);
    g_assert_null(face);
    g_assert_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_NO_FONTS);
    g_printerr("%s\n", error->message);
    typeface_set_free(set);
    g_remove(conf);
    g_rmdir(dir);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stderr("*No fonts are installed at all*apt install fonts-dejavu-core*");
}

static void test_corrupt_font_file(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp("glyphpad-corrupt-XXXXXX.ttf", &path, &error);
  g_assert_no_error(error);
  g_assert_cmpint(write(fd, "not a font at all, just bytes", 29), ==, 29);
  close(fd);
  TypefaceSet *set = typeface_set_new(&error);
  g_assert_no_error(error);
  g_assert_null(typeface_set_open_file(set, path, &error));
  g_assert_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_FREETYPE);
  g_assert_nonnull(strstr(error->message, path));
  typeface_set_free(set);
  g_unlink(path);
}

static void test_fallback_chain(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  g_assert_true(typeface_for_codepoint(sans, 'A') == sans);
  /* DejaVu has no CJK: a fallback (Noto CJK from the set-up) draws it */
  g_assert_false(typeface_has(sans, 0x6F22));
  Typeface *cjk = typeface_for_codepoint(sans, 0x6F22);
  g_assert_nonnull(cjk);
  g_assert_true(cjk != sans);
  g_assert_true(typeface_has(cjk, 0x6F22));
  /* an unassigned code point: nobody has it */
  g_assert_null(typeface_for_codepoint(sans, 0x10FE00));
  typeface_set_free(set);
}

/* The pen advance of @text shaped alone in @style, 26.6. */
static int32_t shaped_advance(TestFonts *f, const char *text, StyleId style)
{
  g_autoptr(GArray) glyphs = g_array_new(FALSE, FALSE, sizeof(ShapedGlyph));
  gsize len = strlen(text);
  int32_t width = shaper_shape(f->shaper, text, len, 0, len, style, false, glyphs);
  g_assert_cmpuint(glyphs->len, ==, g_utf8_strlen(text, -1));
  return width;
}

/* The nominal advance of @cp's glyph in @face at @px, 26.6. */
static int32_t nominal_advance(Typeface *face, gunichar cp, unsigned px)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Glyph) glyph = glyph_new(face, test_glyph_id(face, cp), px, 0, &error);
  g_assert_no_error(error);
  return glyph->advance;
}

/* Kerning comes from the font's GPOS (or kern) table through HarfBuzz
 * (typeface_hb_font): "AV", the classic negative pair, shapes narrower than
 * its glyphs' nominal advances; "Ax" is not kerned. (Was: typeface_kerning of
 * the two glyph indices, the per-pair table the shaper replaced.) */
static void test_kerning_pair(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId style = glyph_factory_style(f.factory, f.sans, 32);
  int32_t av = nominal_advance(f.sans, 'A', 32) + nominal_advance(f.sans, 'V', 32);
  int32_t ax = nominal_advance(f.sans, 'A', 32) + nominal_advance(f.sans, 'x', 32);
  g_assert_cmpint(shaped_advance(&f, "AV", style), <, av - 32);      /* at least half a pixel */
  g_assert_cmpint(ABS(shaped_advance(&f, "Ax", style) - ax), <=, 2); /* rounding only */
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/typeface/lookup/families", test_lookup_families);
  g_test_add_func("/typeface/lookup/unknown", test_unknown_family_is_an_error);
  g_test_add_func("/typeface/open/corrupt", test_corrupt_font_file);
  g_test_add_func("/typeface/lookup/no-fonts", test_no_fonts_at_all);
  g_test_add_func("/typeface/fallback/cjk", test_fallback_chain);
  g_test_add_func("/typeface/kerning/av", test_kerning_pair);
  return g_test_run();
}
