/* testutil.c — fixtures shared by the unit tests. */
#include "testutil.h"

#include <glib/gstdio.h>

void test_fonts_init(TestFonts *fonts)
{
  g_autoptr(GError) error = NULL;
  fonts->set = typeface_set_new(&error);
  g_assert_no_error(error);
  fonts->sans = typeface_set_lookup(fonts->set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  fonts->factory = glyph_factory_new(fonts->set);
  fonts->style = glyph_factory_style(fonts->factory, fonts->sans, 16);
  g_assert_cmpuint(fonts->style, !=, STYLE_NONE);
}

void test_fonts_clear(TestFonts *fonts)
{
  glyph_factory_free(fonts->factory);
  typeface_set_free(fonts->set);
  *fonts = (TestFonts){0};
}

char *test_tmpdir_new(void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp("glyphpad-test-XXXXXX", &error);
  g_assert_no_error(error);
  return dir;
}

void test_tmpdir_remove(const char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  if (d == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_remove(path);
  }
  g_dir_close(d);
  g_rmdir(dir);
}

char *test_write_file(const char *dir, const char *name, const char *bytes, gsize len)
{
  char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_set_contents(path, bytes, (gssize)len, &error));
  g_assert_no_error(error);
  return path;
}

void test_doc_files_init(TestDocFiles *fx)
{
  test_fonts_init(&fx->fonts);
  fx->doc = document_new(fx->fonts.factory, fx->fonts.style);
  fx->dir = test_tmpdir_new();
}

void test_doc_files_clear(TestDocFiles *fx)
{
  document_free(fx->doc);
  test_fonts_clear(&fx->fonts);
  test_tmpdir_remove(fx->dir);
  g_free(fx->dir);
}
