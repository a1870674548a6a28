/* test_settings.c — the remembered settings (pure GLib): a round trip of every
 * field (a file name that is not UTF-8 among them), the bounds of both lists,
 * a missing file, a broken file, wrong values next to good ones, and the copy
 * kept of a broken file. */
#include "settings.h"
#include "testutil.h"

#include <string.h>

static void test_settings_round_trip(void)
{
  g_autofree char *dir = test_tmpdir_new();
  g_autofree char *path = g_build_filename(dir, "sub", "settings.ini", NULL); /* folder made */
  g_autoptr(Settings) out = settings_new();
  out->font = g_strdup("DejaVu Serif");
  out->size = 22;
  out->width = 640;
  out->height = 480;
  out->x = -20;
  out->y = 35;
  out->has_position = true;
  out->word_wrap = false;
  out->line_numbers = true;
  g_autofree char *latin1 = g_build_filename(dir, "caf\xe9;x.txt", NULL); /* not UTF-8, a ';' */
  g_autofree char *russian = g_build_filename(dir, "Документ.txt", NULL);
  settings_add_recent(out, latin1);
  settings_add_recent(out, russian);
  settings_set_cursor(out, latin1, 12, 7);
  settings_set_cursor(out, russian, 0, 0);
  g_autoptr(GError) error = NULL;
  g_assert_true(settings_save(out, path, &error));
  g_assert_no_error(error);

  g_autoptr(Settings) in = settings_new();
  g_autofree char *problem = NULL;
  g_assert_true(settings_load(in, path, &problem));
  g_assert_null(problem);
  g_assert_cmpstr(in->font, ==, "DejaVu Serif");
  g_assert_cmpint(in->size, ==, 22);
  g_assert_cmpint(in->width, ==, 640);
  g_assert_cmpint(in->height, ==, 480);
  g_assert_true(in->has_position);
  g_assert_cmpint(in->x, ==, -20);
  g_assert_cmpint(in->y, ==, 35);
  g_assert_false(in->word_wrap);
  g_assert_true(in->line_numbers);
  g_assert_cmpuint(in->recent->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(in->recent, 0), ==, russian);
  g_assert_cmpstr(g_ptr_array_index(in->recent, 1), ==, latin1);
  guint32 line = 99;
  guint64 column = 99;
  g_assert_true(settings_get_cursor(in, latin1, &line, &column));
  g_assert_cmpuint(line, ==, 12);
  g_assert_cmpuint(column, ==, 7);
  g_assert_true(settings_get_cursor(in, russian, &line, &column));
  g_assert_cmpuint(line, ==, 0);
  g_assert_cmpuint(column, ==, 0);
  test_tmpdir_remove(dir);
}

static void test_settings_missing_file(void)
{
  g_autofree char *dir = test_tmpdir_new();
  g_autofree char *path = g_build_filename(dir, "none.ini", NULL);
  g_autoptr(Settings) s = settings_new();
  g_autofree char *problem = NULL;
  g_assert_true(settings_load(s, path, &problem));
  g_assert_null(problem);
  g_assert_null(s->font);
  g_assert_cmpint(s->size, ==, 0);
  g_assert_true(s->word_wrap);
  g_assert_false(s->line_numbers);
  g_assert_false(s->has_position);
  test_tmpdir_remove(dir);
}

/* Not a key file at all: every default, a problem named, and the copy kept. */
static void test_settings_broken_file(void)
{
  g_autofree char *dir = test_tmpdir_new();
  static const char garbage[] = "[text\nsize=20\n\x01\x02 this is not a key file\n";
  g_autofree char *path = test_write_file(dir, "settings.ini", garbage, sizeof garbage - 1);
  g_autoptr(Settings) s = settings_new();
  g_autofree char *problem = NULL;
  g_assert_false(settings_load(s, path, &problem));
  g_assert_nonnull(problem);
  g_assert_cmpint(s->size, ==, 0);
  g_assert_true(s->word_wrap);
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = settings_keep_bad_copy(path, &error);
  g_assert_no_error(error);
  g_autofree char *want = g_strconcat(path, ".bad", NULL);
  g_assert_cmpstr(bad, ==, want);
  g_autofree char *copy = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(bad, &copy, &len, NULL));
  g_assert_cmpmem(copy, len, garbage, sizeof garbage - 1);
  test_tmpdir_remove(dir);
}

/* Wrong values are named and keep their defaults; the good ones are read. */
static void test_settings_bad_values(void)
{
  g_autofree char *dir = test_tmpdir_new();
  static const char text[] = "[text]\nfont=DejaVu Sans Mono\nsize=1000\nword_wrap=maybe\n"
                             "line_numbers=true\n[window]\nwidth=abc\nheight=600\n"
                             "[cursors]\nfiles=3:4:file:///tmp/a.txt;nonsense;\n";
  g_autofree char *path = test_write_file(dir, "settings.ini", text, sizeof text - 1);
  g_autoptr(Settings) s = settings_new();
  g_autofree char *problem = NULL;
  g_assert_false(settings_load(s, path, &problem));
  g_assert_nonnull(strstr(problem, "size=1000"));
  g_assert_nonnull(strstr(problem, "word_wrap=maybe"));
  g_assert_nonnull(strstr(problem, "width=abc"));
  g_assert_nonnull(strstr(problem, "nonsense"));
  g_assert_cmpstr(s->font, ==, "DejaVu Sans Mono");
  g_assert_cmpint(s->size, ==, 0);
  g_assert_true(s->word_wrap);
  g_assert_true(s->line_numbers);
  g_assert_cmpint(s->width, ==, 0);
  g_assert_cmpint(s->height, ==, 600);
  guint32 line;
  guint64 column;
  g_assert_true(settings_get_cursor(s, "/tmp/a.txt", &line, &column));
  g_assert_cmpuint(line, ==, 2);
  g_assert_cmpuint(column, ==, 3);
  test_tmpdir_remove(dir);
}

/* Both lists keep the newest entries up to their bound, without duplicates. */
static void test_settings_bounds(void)
{
  g_autoptr(Settings) s = settings_new();
  for (int i = 0; i < SETTINGS_MAX_RECENT + 5; i++) {
    g_autofree char *p = g_strdup_printf("/tmp/recent-%d.txt", i);
    settings_add_recent(s, p);
  }
  settings_add_recent(s, "/tmp/recent-7.txt"); /* listed: moves to the front */
  g_assert_cmpuint(s->recent->len, ==, SETTINGS_MAX_RECENT);
  g_assert_cmpstr(g_ptr_array_index(s->recent, 0), ==, "/tmp/recent-7.txt");
  g_assert_cmpstr(g_ptr_array_index(s->recent, 1), ==, "/tmp/recent-14.txt");
  for (guint i = 0; i < s->recent->len; i++)
    g_assert_cmpstr(g_ptr_array_index(s->recent, i), !=, "/tmp/recent-4.txt");

  for (int i = 0; i < SETTINGS_MAX_CURSORS + 10; i++) {
    g_autofree char *p = g_strdup_printf("/tmp/c-%d.txt", i);
    settings_set_cursor(s, p, (guint32)i, 1);
  }
  settings_set_cursor(s, "/tmp/c-100.txt", 5, 6); /* replaced, not added */
  g_assert_cmpuint(s->cursors->len, ==, SETTINGS_MAX_CURSORS);
  guint32 line;
  guint64 column;
  g_assert_true(settings_get_cursor(s, "/tmp/c-100.txt", &line, &column));
  g_assert_cmpuint(line, ==, 5);
  g_assert_true(settings_get_cursor(s, "/tmp/./c-209.txt", &line, &column)); /* same file */
  g_assert_cmpuint(line, ==, 209);
  g_assert_false(settings_get_cursor(s, "/tmp/c-5.txt", &line, &column)); /* the oldest went */
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/settings/load/round-trip", test_settings_round_trip);
  g_test_add_func("/settings/load/missing-file", test_settings_missing_file);
  g_test_add_func("/settings/load/broken-file", test_settings_broken_file);
  g_test_add_func("/settings/load/bad-values", test_settings_bad_values);
  g_test_add_func("/settings/lists/bounds", test_settings_bounds);
  return g_test_run();
}
