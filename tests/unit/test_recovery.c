/* test_recovery.c — recovery entries: names, the background writer, finding
 * entries of dead processes, discarding, write failures, exact bytes.
 *
 * $XDG_STATE_HOME is set to a temporary directory before GLib first reads it
 * (it caches g_get_user_state_dir()), so the user's real recovery folder is
 * never touched; every test starts and ends with that folder removed.
 * (G_TEST_OPTION_ISOLATE_DIRS would do the same per test, but GLib 2.74 leaks
 * the old directory strings each time, which valgrind reports.) */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "document.h"
#include "editor.h"
#include "recovery.h"
#include "testutil.h"
#include "text_loader.h"
#include "text_saver.h"

static char *ini_path_of(const char *txt)
{
  g_assert_true(g_str_has_suffix(txt, ".txt"));
  return g_strdup_printf("%.*s.ini", (int)strlen(txt) - 4, txt);
}

static GBytes *bytes_of(const char *data, gsize len)
{
  return g_bytes_new(data, len);
}

/* Writes @data as the entry of @doc and waits for it. */
static void write_now(RecoveryWriter *w, const char *doc, const char *data, gsize len)
{
  g_autoptr(GBytes) content = bytes_of(data, len);
  recovery_writer_submit(w, doc, content);
  recovery_writer_flush(w);
}

static void assert_file_equals(const char *path, const char *data, gsize len)
{
  g_autofree char *got = NULL;
  gsize got_len = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_get_contents(path, &got, &got_len, &error));
  g_assert_no_error(error);
  g_assert_cmpmem(got, got_len, data, len);
}

/* A pid that no process has now: a child that has exited and been reaped.
 * (Spawned, not forked, so valgrind does not follow it.) */
static gint64 dead_pid(void)
{
  char *argv[] = {(char *)"true", NULL};
  GPid pid = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_async(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                              NULL, NULL, &pid, &error));
  g_assert_no_error(error);
  int status = 0;
  g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
  return pid;
}

/* Removes @path and everything under it. */
static void remove_tree(const char *path)
{
  GDir *dir = g_dir_open(path, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
    g_autofree char *child = g_build_filename(path, name, NULL);
    remove_tree(child);
  }
  if (dir != NULL)
    g_dir_close(dir);
  g_remove(path);
}

static void clean_state(void)
{
  g_autofree char *ours = g_build_filename(g_get_user_state_dir(), "glyphpad", NULL);
  remove_tree(ours);
}

/* Rewrites one integer key of an entry's .ini. */
static void set_ini_int(const char *ini, const char *key_name, gint64 value)
{
  g_autoptr(GKeyFile) key = g_key_file_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(g_key_file_load_from_file(key, ini, G_KEY_FILE_NONE, &error));
  g_key_file_set_int64(key, "recovery", key_name, value);
  g_assert_true(g_key_file_save_to_file(key, ini, &error));
  g_assert_no_error(error);
}

static gint64 get_ini_int(const char *ini, const char *key_name)
{
  g_autoptr(GKeyFile) key = g_key_file_new();
  g_assert_true(g_key_file_load_from_file(key, ini, G_KEY_FILE_NONE, NULL));
  return g_key_file_get_int64(key, "recovery", key_name, NULL);
}

/* ------------------------------------------------------------------ names */

static void test_path_stable_distinct(void)
{
  g_autofree char *a1 = recovery_entry_path("/home/someone/notes.txt");
  g_autofree char *a2 = recovery_entry_path("/home/someone/./notes.txt");
  g_autofree char *b = recovery_entry_path("/home/other/notes.txt");
  g_autofree char *c = recovery_entry_path("/home/someone/notes.md");
  g_autofree char *dir = recovery_dir();
  g_assert_cmpstr(a1, ==, a2);
  g_assert_cmpstr(a1, !=, b);
  g_assert_cmpstr(a1, !=, c);
  g_assert_true(g_str_has_prefix(a1, dir));
  g_autofree char *base = g_path_get_basename(a1);
  g_assert_true(g_str_has_prefix(base, "notes-"));
  g_assert_cmpuint(strlen(base), ==, strlen("notes-") + 16 + strlen(".txt"));
  g_assert_true(g_str_has_prefix(dir, g_get_user_state_dir()));

  /* A relative path names the same document as its absolute form. */
  g_autofree char *cwd = g_get_current_dir();
  g_autofree char *abs = g_build_filename(cwd, "rel.txt", NULL);
  g_autofree char *r1 = recovery_entry_path("rel.txt");
  g_autofree char *r2 = recovery_entry_path(abs);
  g_assert_cmpstr(r1, ==, r2);

  /* Untitled: this process's own name, not a shared one. */
  g_autofree char *u = recovery_entry_path(NULL);
  g_autofree char *want = g_strdup_printf("untitled-%ld-", (long)getpid());
  g_autofree char *ubase = g_path_get_basename(u);
  g_assert_true(g_str_has_prefix(ubase, want));

  /* Odd characters in the name stay out of the entry's name. */
  g_autofree char *odd = recovery_entry_path("/tmp/a b;c\xc3\xa9.txt");
  g_autofree char *oddbase = g_path_get_basename(odd);
  for (const char *p = oddbase; *p; p++)
    g_assert_true(g_ascii_isalnum(*p) || *p == '-' || *p == '_' || *p == '.');
}

/* ------------------------------------------------------------------ writing */

static void test_write_exact(void)
{
  static const char data[] = "line one\r\n\xff\xfe raw \x00 nul\nend";
  const gsize len = sizeof data - 1;
  g_autoptr(GError) error = NULL;
  RecoveryWriter *w = recovery_writer_new();
  write_now(w, "/data/doc.txt", data, len);
  g_assert_cmpuint(recovery_writer_written(w), ==, 1);
  g_autofree char *err = recovery_writer_take_error(w);
  g_assert_null(err);
  recovery_writer_free(w);

  g_autofree char *txt = recovery_entry_path("/data/doc.txt");
  g_autofree char *ini = ini_path_of(txt);
  assert_file_equals(txt, data, len);
  g_autoptr(GKeyFile) key = g_key_file_new();
  g_assert_true(g_key_file_load_from_file(key, ini, G_KEY_FILE_NONE, &error));
  g_autofree char *path = g_key_file_get_string(key, "recovery", "path", &error);
  g_assert_cmpstr(path, ==, "/data/doc.txt");
  g_assert_cmpint(g_key_file_get_int64(key, "recovery", "pid", NULL), ==, getpid());
  g_assert_cmpuint(g_key_file_get_uint64(key, "recovery", "bytes", NULL), ==, len);
  gint64 written = g_key_file_get_int64(key, "recovery", "written", NULL);
  g_assert_cmpint(llabs(written - g_get_real_time() / G_USEC_PER_SEC), <=, 5);

  /* Private: the folder 0700, the files 0600. */
  GStatBuf st;
  g_assert_cmpint(g_stat(txt, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_assert_cmpint(g_stat(ini, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_autofree char *dir = recovery_dir();
  g_assert_cmpint(g_stat(dir, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0700);
}

static void test_newer_replaces_older(void)
{
  RecoveryWriter *w = recovery_writer_new();
  recovery_writer_set_paused(w, true);
  g_autoptr(GBytes) old = bytes_of("old state", 9);
  g_autoptr(GBytes) newer = bytes_of("newer state", 11);
  recovery_writer_submit(w, "/doc/a.txt", old);
  recovery_writer_submit(w, "/doc/a.txt", newer);
  recovery_writer_flush(w); /* paused: returns without writing */
  g_assert_cmpuint(recovery_writer_written(w), ==, 0);
  recovery_writer_set_paused(w, false);
  recovery_writer_flush(w);
  g_assert_cmpuint(recovery_writer_written(w), ==, 1);
  g_autofree char *txt = recovery_entry_path("/doc/a.txt");
  assert_file_equals(txt, "newer state", 11);

  /* Without pausing, a run of submits ends with the last one on disk. */
  for (int i = 0; i < 50; i++) {
    g_autofree char *text = g_strdup_printf("state %d", i);
    write_now(w, "/doc/a.txt", text, strlen(text));
  }
  assert_file_equals(txt, "state 49", 8);
  recovery_writer_free(w);
}

static void test_free_flushes(void)
{
  RecoveryWriter *w = recovery_writer_new();
  g_autoptr(GBytes) content = bytes_of("last words", 10);
  recovery_writer_set_paused(w, true);
  recovery_writer_submit(w, "/doc/b.txt", content);
  recovery_writer_free(w); /* writes the waiting snapshot before the thread ends */
  g_autofree char *txt = recovery_entry_path("/doc/b.txt");
  assert_file_equals(txt, "last words", 10);
}

/* ------------------------------------------------------------------ discarding */

static void test_discard(void)
{
  g_autoptr(GError) error = NULL;
  RecoveryWriter *w = recovery_writer_new();
  write_now(w, "/doc/c.txt", "abc", 3);
  g_autofree char *txt = recovery_entry_path("/doc/c.txt");
  g_autofree char *ini = ini_path_of(txt);
  g_assert_true(g_file_test(txt, G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(ini, G_FILE_TEST_EXISTS));
  g_assert_true(recovery_writer_discard(w, "/doc/c.txt", &error));
  g_assert_no_error(error);
  g_assert_false(g_file_test(txt, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test(ini, G_FILE_TEST_EXISTS));
  g_assert_true(recovery_discard("/doc/c.txt", &error)); /* nothing there: fine */
  g_assert_no_error(error);

  /* A snapshot still waiting is dropped too, so it cannot bring the entry back. */
  recovery_writer_set_paused(w, true);
  g_autoptr(GBytes) content = bytes_of("pending", 7);
  recovery_writer_submit(w, "/doc/c.txt", content);
  g_assert_true(recovery_writer_discard(w, "/doc/c.txt", &error));
  recovery_writer_set_paused(w, false);
  recovery_writer_flush(w);
  g_assert_false(g_file_test(txt, G_FILE_TEST_EXISTS));
  g_assert_cmpuint(recovery_writer_written(w), ==, 1);
  recovery_writer_free(w);
}

/* ------------------------------------------------------------------ finding */

static void test_find_alive_and_dead(void)
{
  const char *doc = "/doc/find.txt";
  RecoveryEntry entry;
  RecoveryWriter *w = recovery_writer_new();
  g_assert_false(recovery_find(doc, &entry)); /* nothing written yet */
  write_now(w, doc, "recovered text", 14);
  recovery_writer_free(w);
  g_autofree char *txt = recovery_entry_path(doc);
  g_autofree char *ini = ini_path_of(txt);

  /* Written by this process, which runs: not lost work. */
  g_assert_false(recovery_find(doc, &entry));
  g_assert_null(entry.txt_path);

  /* Written by a process that has exited. */
  gint64 dead = dead_pid();
  set_ini_int(ini, "pid", dead);
  g_assert_true(recovery_find(doc, &entry));
  g_assert_cmpstr(entry.doc_path, ==, doc);
  g_assert_cmpstr(entry.txt_path, ==, txt);
  g_assert_cmpstr(entry.ini_path, ==, ini);
  g_assert_cmpint(entry.pid, ==, dead);
  g_assert_cmpuint(entry.bytes, ==, 14);
  g_assert_cmpint(llabs(entry.written - g_get_real_time() / G_USEC_PER_SEC), <=, 5);
  recovery_entry_clear(&entry);

  /* Our pid, but a process started at another time: the pid was reused. */
  set_ini_int(ini, "pid", getpid());
  set_ini_int(ini, "start", get_ini_int(ini, "start") + 1);
  g_assert_true(recovery_find(doc, &entry));
  recovery_entry_clear(&entry);

  /* Another document never finds this entry. */
  g_assert_false(recovery_find("/doc/other.txt", &entry));

  /* Half-present entries are ignored: no content, or a broken description. */
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_set_contents(ini, "[recovery]\nversion=1\npid=1\n", -1, &error));
  g_assert_true(g_file_set_contents(txt, "x", 1, &error));
  set_ini_int(ini, "pid", dead);
  g_assert_cmpint(g_remove(txt), ==, 0);
  g_assert_false(recovery_find(doc, &entry));
  g_assert_true(g_file_set_contents(txt, "x", 1, &error));
  g_assert_true(g_file_set_contents(ini, "not a key file [", -1, &error));
  g_assert_false(recovery_find(doc, &entry));
}

/* Copies this process's untitled entry to one that looks written by @pid at @written. */
static void fake_untitled(const char *own_txt, gint64 pid, gint64 written, const char *text)
{
  g_autofree char *dir = recovery_dir();
  g_autofree char *name = g_strdup_printf("untitled-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, pid,
                                          written);
  g_autofree char *txt_name = g_strconcat(name, ".txt", NULL);
  g_autofree char *ini_name = g_strconcat(name, ".ini", NULL);
  g_autofree char *txt = g_build_filename(dir, txt_name, NULL);
  g_autofree char *ini = g_build_filename(dir, ini_name, NULL);
  g_autofree char *own_ini = ini_path_of(own_txt);
  g_autofree char *desc = NULL;
  g_assert_true(g_file_get_contents(own_ini, &desc, NULL, NULL));
  g_assert_true(g_file_set_contents(ini, desc, -1, NULL));
  g_assert_true(g_file_set_contents(txt, text, -1, NULL));
  set_ini_int(ini, "pid", pid);
  set_ini_int(ini, "written", written);
}

static void test_find_untitled(void)
{
  RecoveryEntry entry;
  RecoveryWriter *w = recovery_writer_new();
  write_now(w, NULL, "mine", 4);
  recovery_writer_free(w);
  g_autofree char *own = recovery_entry_path(NULL);
  g_assert_true(g_file_test(own, G_FILE_TEST_EXISTS));
  g_assert_false(recovery_find(NULL, &entry)); /* only our own, alive */

  gint64 dead1 = dead_pid(), dead2 = dead_pid();
  fake_untitled(own, dead1, 1000, "older");
  fake_untitled(own, dead2, 2000, "newer");
  g_autoptr(GError) error = NULL;
  /* The newest first, then the older one, then none; never our own. */
  const gint64 want[] = {2000, 1000};
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    g_assert_true(recovery_find(NULL, &entry));
    g_assert_null(entry.doc_path);
    g_assert_cmpint(entry.written, ==, want[i]);
    g_assert_cmpstr(entry.txt_path, !=, own);
    g_assert_true(recovery_entry_remove(&entry, &error));
    g_assert_no_error(error);
    g_assert_false(g_file_test(entry.txt_path, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(entry.ini_path, G_FILE_TEST_EXISTS));
    recovery_entry_clear(&entry);
  }
  g_assert_false(recovery_find(NULL, &entry));
  g_assert_true(g_file_test(own, G_FILE_TEST_EXISTS)); /* ours untouched */
}

/* ------------------------------------------------------------------ failures */

static void test_write_failure(void)
{
  /* A file where the "glyphpad" folder should be: mkdir fails, even as root. */
  g_autofree char *state = g_build_filename(g_get_user_state_dir(), NULL);
  g_autofree char *blocker = g_build_filename(state, "glyphpad", NULL);
  g_assert_cmpint(g_mkdir_with_parents(state, 0700), ==, 0);
  g_assert_true(g_file_set_contents(blocker, "in the way", -1, NULL));

  RecoveryWriter *w = recovery_writer_new();
  write_now(w, "/doc/fail.txt", "text", 4);
  g_assert_cmpuint(recovery_writer_written(w), ==, 0);
  g_autofree char *first = recovery_writer_take_error(w);
  g_assert_nonnull(first);
  g_assert_nonnull(strstr(first, "recovery folder"));
  g_autofree char *again = recovery_writer_take_error(w);
  g_assert_null(again); /* taken once */
  write_now(w, "/doc/fail.txt", "text 2", 6);
  g_autofree char *still = recovery_writer_take_error(w);
  g_assert_null(still); /* the same failure goes on: not reported again */

  /* The folder can be made again: writing works, and a new failure is news. */
  g_assert_cmpint(g_remove(blocker), ==, 0);
  write_now(w, "/doc/fail.txt", "text 3", 6);
  g_assert_cmpuint(recovery_writer_written(w), ==, 1);
  g_autofree char *txt = recovery_entry_path("/doc/fail.txt");
  assert_file_equals(txt, "text 3", 6);
  g_autofree char *dir = recovery_dir();
  g_assert_cmpint(g_remove(txt), ==, 0);
  g_autofree char *ini = ini_path_of(txt);
  g_assert_cmpint(g_remove(ini), ==, 0);
  g_assert_cmpint(g_rmdir(dir), ==, 0);
  g_assert_true(g_file_set_contents(dir, "in the way", -1, NULL));
  write_now(w, "/doc/fail.txt", "text 4", 6);
  g_autofree char *second = recovery_writer_take_error(w);
  g_assert_nonnull(second);
  recovery_writer_free(w);
}

/* ------------------------------------------------------------------ exact bytes, load and save */

/* A file with invalid UTF-8, a BOM and CRLF is loaded, encoded as a save
 * would, written as a recovery entry and loaded back: the bytes are the same. */
static void test_raw_bytes_round_trip(void)
{
  static const char original[] = "\xef\xbb\xbfsome\r\ntext \xff\xc3 bad\r\n\x80";
  TestFonts fonts;
  test_fonts_init(&fonts);
  g_autofree char *tmp = test_tmpdir_new();
  g_autofree char *path = g_build_filename(tmp, "raw.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_set_contents(path, original, sizeof original - 1, &error));

  Document *doc = document_new(fonts.factory, fonts.style);
  TextFileInfo info;
  g_assert_true(text_loader_load(doc, path, 0, &info, &error));
  g_assert_cmpuint(info.invalid_bytes, >, 0);
  gsize len = 0;
  char *bytes = text_saver_encode(doc, &info, NULL, &len, &error);
  g_assert_no_error(error);
  g_autoptr(GBytes) content = g_bytes_new_take(bytes, len);

  RecoveryWriter *w = recovery_writer_new();
  recovery_writer_submit(w, path, content);
  recovery_writer_free(w);
  g_autofree char *txt = recovery_entry_path(path);
  assert_file_equals(txt, original, sizeof original - 1);

  TextFileInfo back;
  g_assert_true(text_loader_load(doc, txt, 0, &back, &error));
  g_autofree char *again = text_saver_encode(doc, &back, NULL, &len, &error);
  g_assert_cmpmem(again, len, original, sizeof original - 1);
  g_assert_true(back.bom);

  document_free(doc);
  test_tmpdir_remove(tmp);
  test_fonts_clear(&fonts);
}

/* A restored document differs from the file although its history is empty:
 * it stays modified through undo until it is saved. */
static void test_editor_mark_modified(void)
{
  TestFonts fonts;
  test_fonts_init(&fonts);
  Editor *ed = editor_new(fonts.factory, fonts.segmenter, fonts.style);
  g_autoptr(GError) error = NULL;
  g_assert_true(editor_insert(ed, "abc", &error));
  editor_reset(ed);
  g_assert_false(editor_modified(ed));
  guint64 gen = editor_generation(ed);
  editor_mark_modified(ed);
  g_assert_true(editor_modified(ed));
  g_assert_cmpuint(editor_generation(ed), >, gen);
  g_assert_true(editor_insert(ed, "x", &error));
  g_assert_true(editor_undo(ed));
  g_assert_true(editor_modified(ed)); /* back to the restored text, still not the file's */
  editor_mark_saved(ed);
  g_assert_false(editor_modified(ed));
  editor_free(ed);
  test_fonts_clear(&fonts);
}

typedef struct {
  const char *path;
  void (*func)(void);
} TestCase;

static const TestCase TESTS[] = {
    {"/recovery/path/stable-distinct", test_path_stable_distinct},
    {"/recovery/writer/exact-bytes", test_write_exact},
    {"/recovery/writer/newer-replaces-older", test_newer_replaces_older},
    {"/recovery/writer/free-flushes", test_free_flushes},
    {"/recovery/writer/failure-reported-once", test_write_failure},
    {"/recovery/discard/removes-both", test_discard},
    {"/recovery/find/alive-and-dead", test_find_alive_and_dead},
    {"/recovery/find/untitled-newest", test_find_untitled},
    {"/recovery/raw-bytes-round-trip", test_raw_bytes_round_trip},
    {"/recovery/editor/mark-modified", test_editor_mark_modified},
};

static void run_clean(int *fixture, gconstpointer data)
{
  const TestCase *test = data;
  clean_state();
  test->func();
  clean_state();
}

int main(int argc, char **argv)
{
  g_autofree char *state = g_dir_make_tmp("glyphpad-state-XXXXXX", NULL);
  g_assert_nonnull(state);
  g_setenv("XDG_STATE_HOME", state, TRUE);
  g_test_init(&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(TESTS); i++)
    g_test_add(TESTS[i].path, int, &TESTS[i], NULL, run_clean, NULL);
  int status = g_test_run();
  remove_tree(state);
  return status;
}
