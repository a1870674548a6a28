/* test_text_saver.c — encoding and saving: raw bytes refused in UTF-16,
 * atomic saves that keep permissions, symlinks, bad paths, a full disk, and
 * the line ending of new paragraphs. */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "document.h"
#include "testutil.h"
#include "text_loader.h"
#include "text_saver.h"

/* ------------------------------------------------------------------------ */
/* Fixture and helpers                                                      */
/* ------------------------------------------------------------------------ */

typedef TestDocFiles Fixture; /* testutil.h */

/* Raw bytes cannot be written as UTF-16: refused, not silently changed. */
static void test_utf16_refuses_raw_bytes(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  TextFileInfo info;
  test_load_ok(&fx, "ok\nbad\xff\n", 8, &info);
  info.encoding = TEXT_ENCODING_UTF16LE;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *data = text_saver_encode(fx.doc, &info, NULL, &len, &error);
  g_assert_null(data);
  g_assert_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_ENCODING);
  g_assert_nonnull(strstr(error->message, "Line 2"));
  test_doc_files_clear(&fx);
}

/* ------------------------------------------------------------------------ */
/* Saving                                                                   */
/* ------------------------------------------------------------------------ */

static guint file_mode(const char *path)
{
  struct stat st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void test_save_keeps_mode(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  static const guint modes[] = {0640, 0600, 0755, 0666};
  g_autofree char *path = test_write_file(fx.dir, "m.txt", "old\n", 4);
  for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
    g_assert_cmpint(g_chmod(path, (int)modes[i]), ==, 0);
    g_autoptr(GError) error = NULL;
    g_assert_true(text_saver_save(fx.doc, path, NULL, NULL, NULL, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(file_mode(path), ==, modes[i]);
  }
  test_doc_files_clear(&fx);
}

/* Saving through a symlink writes its target and keeps the link. */
static void test_save_symlink(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  g_autofree char *target = test_write_file(fx.dir, "target.txt", "old\n", 4);
  g_autofree char *link = g_build_filename(fx.dir, "link.txt", NULL);
  g_assert_cmpint(symlink(target, link), ==, 0);
  test_load_ok(&fx, "new text\n", 9, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(text_saver_save(fx.doc, link, NULL, NULL, NULL, &error));
  g_assert_no_error(error);
  struct stat st;
  g_assert_cmpint(g_lstat(link, &st), ==, 0);
  g_assert_true(S_ISLNK(st.st_mode));
  g_autofree char *saved = NULL;
  g_assert_true(g_file_get_contents(target, &saved, NULL, &error));
  g_assert_cmpstr(saved, ==, "new text\n");
  test_doc_files_clear(&fx);
}

static void assert_save_fails(Fixture *fx, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_assert_false(text_saver_save(fx->doc, path, NULL, NULL, NULL, &error));
  g_assert_nonnull(error);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "Could not save"));
}

static void test_save_bad_paths(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  g_autofree char *no_parent = g_build_filename(fx.dir, "nowhere", "f.txt", NULL);
  assert_save_fails(&fx, no_parent);
  g_autofree char *file = test_write_file(fx.dir, "plain.txt", "x", 1);
  g_autofree char *under_file = g_build_filename(file, "f.txt", NULL);
  assert_save_fails(&fx, under_file);
  assert_save_fails(&fx, fx.dir); /* a folder */
  if (geteuid() != 0) {
    g_autofree char *ro = g_build_filename(fx.dir, "ro", NULL);
    g_assert_cmpint(g_mkdir(ro, 0555), ==, 0);
    g_autofree char *in_ro = g_build_filename(ro, "f.txt", NULL);
    assert_save_fails(&fx, in_ro);
    g_chmod(ro, 0755);
    g_rmdir(ro);
  }
  test_doc_files_clear(&fx);
}

/* A save that runs out of space fails and leaves the old file as it was. */
static void test_save_full_disk(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  g_autofree char *mnt = g_build_filename(fx.dir, "small", NULL);
  g_assert_cmpint(g_mkdir(mnt, 0700), ==, 0);
  if (mount("tmpfs", mnt, "tmpfs", 0, "size=64k") != 0) {
    g_autofree char *why = g_strdup_printf("cannot mount a 64 KiB tmpfs here (%s)",
                                           g_strerror(errno));
    g_test_skip(why);
    g_rmdir(mnt);
    test_doc_files_clear(&fx);
    return;
  }
  g_autofree char *path = g_build_filename(mnt, "old.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_set_contents(path, "the old contents\n", -1, &error));
  g_autoptr(GString) big = g_string_new(NULL);
  for (int i = 0; i < 4000; i++)
    g_string_append(big, "forty bytes of text that will not fit.\n");
  g_assert_true(document_insert(fx.doc, document_start(fx.doc), big->str, (gssize)big->len,
                                fx.fonts.style, NULL, &error));
  g_assert_false(text_saver_save(fx.doc, path, NULL, NULL, NULL, &error));
  g_assert_nonnull(error);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "old file is unchanged"));
  g_autofree char *after = NULL;
  g_clear_error(&error);
  g_assert_true(g_file_get_contents(path, &after, NULL, &error));
  g_assert_cmpstr(after, ==, "the old contents\n");
  guint entries = 0;
  GDir *d = g_dir_open(mnt, 0, NULL);
  while (g_dir_read_name(d) != NULL)
    entries++; /* no temporary file left behind */
  g_dir_close(d);
  g_assert_cmpuint(entries, ==, 1);
  g_assert_cmpint(umount(mnt), ==, 0);
  g_rmdir(mnt);
  test_doc_files_clear(&fx);
}

/* New paragraphs made by editing get the file's line ending. */
static void test_save_new_paragraph_ending(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  TextFileInfo info;
  test_load_ok(&fx, "first\r\nsecond\r\nthird", 20, &info);
  g_autoptr(GError) error = NULL;
  DocPos at = {1, 3};
  g_assert_true(document_insert(fx.doc, at, "\nnew\n", -1, fx.fonts.style, NULL, &error));
  g_assert_no_error(error);
  at = document_end(fx.doc);
  g_assert_true(document_insert(fx.doc, at, "\nlast", -1, fx.fonts.style, NULL, &error));
  g_assert_no_error(error);
  test_assert_saves_as(&fx, &info, "first\r\nsec\r\nnew\r\nond\r\nthird\r\nlast", 33);
  test_doc_files_clear(&fx);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/text_saver/utf16/refuses-raw-bytes", test_utf16_refuses_raw_bytes);
  g_test_add_func("/text_saver/keeps-mode", test_save_keeps_mode);
  g_test_add_func("/text_saver/symlink", test_save_symlink);
  g_test_add_func("/text_saver/bad-paths", test_save_bad_paths);
  g_test_add_func("/text_saver/full-disk", test_save_full_disk);
  g_test_add_func("/text_saver/new-paragraph-ending", test_save_new_paragraph_ending);
  return g_test_run();
}
