/* test_prompt.c — the prompt's path completion (pure GLib, no SDL): the longest
 * shared prefix of several matches, the one match, and no match. */
#include "prompt.h"
#include "testutil.h"

static void test_prompt_complete(void)
{
  g_autofree char *dir = test_tmpdir_new();
  g_autofree char *a = g_build_filename(dir, "notes-2024.txt", NULL);
  g_autofree char *b = g_build_filename(dir, "notes-2025.txt", NULL);
  g_autofree char *c = g_build_filename(dir, "other.txt", NULL);
  g_assert_true(g_file_set_contents(a, "", 0, NULL));
  g_assert_true(g_file_set_contents(b, "", 0, NULL));
  g_assert_true(g_file_set_contents(c, "", 0, NULL));
  guint n = 0;
  g_autofree char *in1 = g_strconcat(dir, "/no", NULL);
  g_autofree char *out1 = prompt_complete_path(in1, &n, NULL);
  g_autofree char *want1 = g_strconcat(dir, "/notes-202", NULL);
  g_assert_cmpstr(out1, ==, want1);
  g_assert_cmpuint(n, ==, 2);
  g_autofree char *in2 = g_strconcat(dir, "/ot", NULL);
  g_autofree char *out2 = prompt_complete_path(in2, &n, NULL);
  g_assert_cmpstr(out2, ==, c);
  g_assert_cmpuint(n, ==, 1);
  g_autofree char *in3 = g_strconcat(dir, "/zz", NULL);
  g_autofree char *out3 = prompt_complete_path(in3, &n, NULL);
  g_assert_cmpstr(out3, ==, in3);
  g_assert_cmpuint(n, ==, 0);
  test_tmpdir_remove(dir);
}

/* Every matching name is listed, not only the first few. */
static void test_prompt_complete_all(void)
{
  g_autofree char *dir = test_tmpdir_new();
  for (int i = 0; i < 12; i++) {
    g_autofree char *name = g_strdup_printf("%s/file-%02d.txt", dir, i);
    g_assert_true(g_file_set_contents(name, "", 0, NULL));
  }
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *in = g_strconcat(dir, "/fi", NULL);
  g_autofree char *out = prompt_complete_path_all(in, &matches);
  g_autofree char *want = g_strconcat(dir, "/file-", NULL);
  g_assert_cmpstr(out, ==, want);
  g_assert_cmpuint(matches->len, ==, 12);
  g_assert_cmpstr(matches->pdata[0], ==, "file-00.txt");
  g_assert_cmpstr(matches->pdata[11], ==, "file-11.txt");
  test_tmpdir_remove(dir);
}

/* Choices (font families) complete ignoring case, to the shared prefix. */
static void test_prompt_complete_choice(void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  const char *families[] = {"DejaVu Sans", "DejaVu Sans Mono", "DejaVu Serif", "Noto Sans"};
  for (guint i = 0; i < G_N_ELEMENTS(families); i++)
    g_ptr_array_add(names, (gpointer)families[i]);
  g_autoptr(GPtrArray) m1 = NULL, m2 = NULL, m3 = NULL, m4 = NULL;
  g_autofree char *out1 = prompt_complete_choice("deja", names, &m1);
  g_assert_cmpstr(out1, ==, "DejaVu S");
  g_assert_cmpuint(m1->len, ==, 3);
  g_autofree char *out2 = prompt_complete_choice("dejavu sans", names, &m2);
  g_assert_cmpstr(out2, ==, "DejaVu Sans");
  g_assert_cmpuint(m2->len, ==, 2);
  g_autofree char *out3 = prompt_complete_choice("noto", names, &m3);
  g_assert_cmpstr(out3, ==, "Noto Sans");
  g_assert_cmpuint(m3->len, ==, 1);
  g_autofree char *out4 = prompt_complete_choice("Zapf", names, &m4);
  g_assert_cmpstr(out4, ==, "Zapf");
  g_assert_cmpuint(m4->len, ==, 0);
  g_assert_cmpstr(prompt_choice_named("dejavu sans", names), ==, "DejaVu Sans");
  g_assert_cmpstr(prompt_choice_named("dejavu sans m", names), ==, "DejaVu Sans Mono");
  g_assert_cmpstr(prompt_choice_named("NOTO", names), ==, "Noto Sans");
  g_assert_null(prompt_choice_named("dejavu", names));
  g_assert_null(prompt_choice_named("Zapf", names));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/prompt/complete", test_prompt_complete);
  g_test_add_func("/prompt/complete-all", test_prompt_complete_all);
  g_test_add_func("/prompt/complete-choice", test_prompt_complete_choice);
  return g_test_run();
}
