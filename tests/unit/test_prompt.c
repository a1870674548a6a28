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

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/prompt/complete", test_prompt_complete);
  return g_test_run();
}
