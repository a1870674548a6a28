/* test_file_writer.c — saving the way trusted editors do: after every save the
 * file's bytes, inode, link count, owner, group and mode are checked.
 *
 * The cases that need two users run as root (as CI does): the files are made
 * as root with chown, then a subprocess (g_test_trap_subprocess) drops to the
 * user nobody and saves; the parent checks the result. Paths reach the child
 * through the environment (GLYPHPAD_FW_TEST_DIR). Without root those cases
 * are skipped. Failures part way are made with RLIMIT_FSIZE in a subprocess. */
#include <errno.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "file_writer.h"
#include "testutil.h"
#include "text_file.h"

#define DIR_ENV "GLYPHPAD_FW_TEST_DIR"

/* ------------------------------------------------------------------------ */
/* Fixture: a temporary folder anyone may enter, with a backup folder in it  */
/* ------------------------------------------------------------------------ */

typedef struct {
  char *dir;                /* the temporary folder (0755) */
  char *backup;             /* dir/backup: where in-place writes keep their copy */
  FileWriteOptions options; /* backup_dir = backup */
} Fixture;

/* The user nobody's ids. */
static void nobody_ids(uid_t *uid, gid_t *gid)
{
  const struct passwd *pw = getpwnam("nobody");
  g_assert_nonnull(pw);
  *uid = pw->pw_uid;
  *gid = pw->pw_gid;
}

static void fixture_init(Fixture *fx)
{
  fx->dir = test_tmpdir_new();
  g_assert_cmpint(g_chmod(fx->dir, 0755), ==, 0);
  fx->backup = g_build_filename(fx->dir, "backup", NULL);
  g_assert_cmpint(g_mkdir(fx->backup, 0700), ==, 0);
  if (geteuid() == 0) {
    uid_t uid;
    gid_t gid;
    nobody_ids(&uid, &gid);
    g_assert_cmpint(chown(fx->backup, uid, gid), ==, 0);
  }
  fx->options = (FileWriteOptions){.backup_dir = fx->backup};
}

/* The parent's fixture, seen from a subprocess (nothing is made). */
static void fixture_init_child(Fixture *fx)
{
  const char *dir = g_getenv(DIR_ENV);
  g_assert_nonnull(dir);
  fx->dir = g_strdup(dir);
  fx->backup = g_build_filename(fx->dir, "backup", NULL);
  fx->options = (FileWriteOptions){.backup_dir = fx->backup};
}

static void remove_tree(const char *path)
{
  GDir *d = g_dir_open(path, 0, NULL);
  if (d != NULL) {
    const char *name;
    while ((name = g_dir_read_name(d)) != NULL) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      remove_tree(child);
    }
    g_dir_close(d);
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

/* Frees the fixture; @remove: also its folder (the parent's job). */
static void fixture_clear(Fixture *fx, bool remove)
{
  if (remove)
    remove_tree(fx->dir);
  g_free(fx->backup);
  g_free(fx->dir);
}

/* Whether the test can act as two users; skips it otherwise. */
static bool need_root(void)
{
  if (geteuid() == 0 && getpwnam("nobody") != NULL)
    return true;
  g_test_skip("needs root and a user nobody (to act as another user)");
  return false;
}

/* In a subprocess: becomes the user nobody, for good. */
static void drop_to_nobody(void)
{
  uid_t uid;
  gid_t gid;
  nobody_ids(&uid, &gid);
  g_assert_cmpint(setgroups(0, NULL), ==, 0);
  g_assert_cmpint(setgid(gid), ==, 0);
  g_assert_cmpint(setuid(uid), ==, 0);
  g_assert_cmpuint(geteuid(), ==, uid);
  /* Changing ids made us undumpable; LeakSanitizer needs to trace its threads. */
  g_assert_cmpint(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), ==, 0);
}

/* Runs this test's function again in a subprocess (its g_test_subprocess()
 * branch) with @fx's folder, and fails when the subprocess fails. */
static void run_child(const Fixture *fx)
{
  g_setenv(DIR_ENV, fx->dir, TRUE);
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();
}

/* ------------------------------------------------------------------------ */
/* Files and what they should be                                             */
/* ------------------------------------------------------------------------ */

/* Makes @dir/@name holding @text, owned by @uid:@gid (-1: unchanged) with
 * @mode. Returns the path, to g_free. */
static char *make_file(const char *dir, const char *name, const char *text, int uid, int gid,
                       mode_t mode)
{
  char *path = test_write_file(dir, name, text, strlen(text));
  g_assert_cmpint(chown(path, (uid_t)uid, (gid_t)gid), ==, 0);
  g_assert_cmpint(g_chmod(path, (int)mode), ==, 0);
  return path;
}

/* Makes the folder @dir/@name owned by @uid:@gid with @mode; the path, to g_free. */
static char *make_dir(const char *dir, const char *name, int uid, int gid, mode_t mode)
{
  char *path = g_build_filename(dir, name, NULL);
  g_assert_cmpint(g_mkdir(path, 0700), ==, 0);
  g_assert_cmpint(chown(path, (uid_t)uid, (gid_t)gid), ==, 0);
  g_assert_cmpint(g_chmod(path, (int)mode), ==, 0);
  return path;
}

static ino_t inode_of(const char *path)
{
  struct stat st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  return st.st_ino;
}

/* What a file must be after a save. */
typedef struct {
  const char *text; /* its whole contents */
  ino_t inode;      /* the inode it had before */
  bool same_inode;  /* true: still @inode (in place); false: another one (renamed) */
  nlink_t links;    /* its link count */
  uid_t uid;        /* owner */
  gid_t gid;        /* group */
  mode_t mode;      /* permission bits (07777) */
} Expect;

/* Checks @path's bytes, inode, link count, owner, group and mode. */
static void assert_file(const char *path, const Expect *e)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_get_contents(path, &bytes, &len, &error));
  g_assert_no_error(error);
  g_assert_cmpmem(bytes, len, e->text, strlen(e->text));
  struct stat st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  if (e->same_inode)
    g_assert_cmpuint(st.st_ino, ==, e->inode);
  else
    g_assert_cmpuint(st.st_ino, !=, e->inode);
  g_assert_cmpuint(st.st_nlink, ==, e->links);
  g_assert_cmpuint(st.st_uid, ==, e->uid);
  g_assert_cmpuint(st.st_gid, ==, e->gid);
  g_assert_cmpuint(st.st_mode & 07777, ==, e->mode);
}

/* Saves @text to @path and checks that it went @how. */
static void save_ok(const char *path, const char *text, const FileWriteOptions *options,
                    FileWriteMethod how)
{
  g_autoptr(GError) error = NULL;
  FileWriteMethod method = (FileWriteMethod)-1;
  g_assert_true(file_writer_write(path, text, strlen(text), options, &method, &error));
  g_assert_no_error(error);
  g_assert_cmpint(method, ==, how);
}

/* Saves @text to @path, which must fail with @domain/@code and a message
 * naming the file and saying it is unchanged. */
static void save_fails(const char *path, const char *text, const FileWriteOptions *options,
                       GQuark domain, int code)
{
  g_autoptr(GError) error = NULL;
  g_assert_false(file_writer_write(path, text, strlen(text), options, NULL, &error));
  g_assert_error(error, domain, code);
  g_test_message("%s", error->message);
  g_autofree char *name = g_path_get_basename(path);
  g_assert_nonnull(strstr(error->message, name));
  g_assert_nonnull(strstr(error->message, "unchanged"));
}

/* How many entries @dir has (a temporary or backup file left over shows). */
static guint entries_in(const char *dir)
{
  guint n = 0;
  GDir *d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  while (g_dir_read_name(d) != NULL)
    n++;
  g_dir_close(d);
  return n;
}

/* ------------------------------------------------------------------------ */
/* Rename                                                                    */
/* ------------------------------------------------------------------------ */

/* A missing file is created with 0666 less the umask, owned by us. */
static void test_create_mode_from_umask(void)
{
  Fixture fx;
  fixture_init(&fx);
  static const mode_t masks[] = {022, 077, 002};
  for (guint i = 0; i < G_N_ELEMENTS(masks); i++) {
    g_autofree char *name = g_strdup_printf("new%u.txt", i);
    g_autofree char *path = g_build_filename(fx.dir, name, NULL);
    mode_t old = umask(masks[i]);
    save_ok(path, "fresh\n", &fx.options, FILE_WRITE_CREATED);
    umask(old);
    assert_file(path, &(Expect){"fresh\n", 0, false, 1, geteuid(), getegid(), 0666 & ~masks[i]});
  }
  g_assert_cmpuint(entries_in(fx.dir), ==, 1 + G_N_ELEMENTS(masks)); /* backup/ + the files */
  fixture_clear(&fx, true);
}

/* An existing file is replaced by a new inode with exactly its mode, whatever
 * the umask; nothing is left next to it. */
static void test_rename_keeps_mode(void)
{
  Fixture fx;
  fixture_init(&fx);
  static const mode_t modes[] = {0640, 0600, 0755, 0666, 0604};
  g_autofree char *path = make_file(fx.dir, "m.txt", "old\n", -1, -1, 0640);
  mode_t old = umask(077);
  for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
    g_assert_cmpint(g_chmod(path, (int)modes[i]), ==, 0);
    ino_t ino = inode_of(path);
    g_autofree char *text = g_strdup_printf("version %u\n", i);
    save_ok(path, text, &fx.options, FILE_WRITE_RENAMED);
    assert_file(path, &(Expect){text, ino, false, 1, geteuid(), getegid(), modes[i]});
  }
  umask(old);
  g_assert_cmpuint(entries_in(fx.dir), ==, 2);
  fixture_clear(&fx, true);
}

/* Root saving nobody's 0600 file: renamed, given back to nobody:nogroup, 0600;
 * nobody can still read it. */
static void test_rename_root_keeps_owner(void)
{
  Fixture fx;
  if (g_test_subprocess()) {
    fixture_init_child(&fx);
    drop_to_nobody();
    g_autofree char *path = g_build_filename(fx.dir, "theirs.txt", NULL);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "saved by root\n");
    fixture_clear(&fx, false);
    return;
  }
  if (!need_root())
    return;
  fixture_init(&fx);
  uid_t uid;
  gid_t gid;
  nobody_ids(&uid, &gid);
  g_autofree char *path = make_file(fx.dir, "theirs.txt", "old\n", (int)uid, (int)gid, 0600);
  ino_t ino = inode_of(path);
  save_ok(path, "saved by root\n", &fx.options, FILE_WRITE_RENAMED);
  assert_file(path, &(Expect){"saved by root\n", ino, false, 1, uid, gid, 0600});
  run_child(&fx);
  fixture_clear(&fx, true);
}

/* In a subprocess: writes 1 MiB over @name in @fx's folder with the file size
 * limited to 64 KiB (RLIMIT_FSIZE, SIGXFSZ ignored), so the write fails part
 * way; returns its error (GFileError has no EFBIG: G_FILE_ERROR_FAILED). */
static GError *write_past_size_limit(Fixture *fx, const char *name)
{
  struct rlimit limit = {64 * 1024, 64 * 1024};
  g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &limit), ==, 0);
  signal(SIGXFSZ, SIG_IGN);
  g_autofree char *path = g_build_filename(fx->dir, name, NULL);
  gsize len = 1024 * 1024;
  g_autofree char *big = g_malloc(len);
  memset(big, 'x', len);
  GError *error = NULL;
  g_assert_false(file_writer_write(path, big, len, &fx->options, NULL, &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_test_message("%s", error->message);
  return error;
}

/* A failed rename-way write leaves the old file as it was, and no temporary
 * file: a folder in the file's place is refused; a write over the size limit
 * (RLIMIT_FSIZE in a subprocess) fails part way. */
static void test_rename_failure_keeps_old(void)
{
  Fixture fx;
  if (g_test_subprocess()) {
    fixture_init_child(&fx);
    g_autoptr(GError) error = write_past_size_limit(&fx, "one.txt");
    g_assert_nonnull(strstr(error->message, "“one.txt”"));
    g_assert_nonnull(strstr(error->message, "larger"));
    g_assert_nonnull(strstr(error->message, "old file is unchanged"));
    fixture_clear(&fx, false);
    return;
  }
  fixture_init(&fx);
  g_autofree char *folder = make_dir(fx.dir, "a-folder", -1, -1, 0755);
  g_autoptr(GError) error = NULL;
  g_assert_false(file_writer_write(folder, "x", 1, &fx.options, NULL, &error));
  g_assert_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_NOT_REGULAR);
  g_assert_nonnull(strstr(error->message, "“a-folder”"));
  g_assert_cmpuint(entries_in(folder), ==, 0);
  g_autofree char *text = g_strnfill(99, 'o');
  g_autofree char *old = g_strconcat(text, "\n", NULL);
  g_autofree char *path = make_file(fx.dir, "one.txt", old, -1, -1, 0644);
  ino_t ino = inode_of(path);
  run_child(&fx);
  assert_file(path, &(Expect){old, ino, true, 1, geteuid(), getegid(), 0644});
  g_assert_cmpuint(entries_in(fx.dir), ==, 3); /* backup/, a-folder/, one.txt */
  fixture_clear(&fx, true);
}

/* ------------------------------------------------------------------------ */
/* In place                                                                  */
/* ------------------------------------------------------------------------ */

/* Two hard links: written in place, same inode, the other name sees the new
 * text; the backup copy is gone afterwards. */
static void test_in_place_hard_links(void)
{
  Fixture fx;
  fixture_init(&fx);
  g_autofree char *path = make_file(fx.dir, "a.txt", "shared old text\n", -1, -1, 0640);
  g_autofree char *other = g_build_filename(fx.dir, "b.txt", NULL);
  g_assert_cmpint(link(path, other), ==, 0);
  ino_t ino = inode_of(path);
  save_ok(path, "new\n", &fx.options, FILE_WRITE_IN_PLACE);
  Expect e = {"new\n", ino, true, 2, geteuid(), getegid(), 0640};
  assert_file(path, &e);
  assert_file(other, &e);
  g_assert_cmpuint(entries_in(fx.backup), ==, 0);
  fixture_clear(&fx, true);
}

/* After a successful in-place write the backup copy is removed; a missing
 * backup folder is made (0700). Extended attributes send a write in place and
 * survive it. */
static void test_in_place_backup_removed(void)
{
  Fixture fx;
  fixture_init(&fx);
  g_autofree char *path = make_file(fx.dir, "x.txt", "with an attribute\n", -1, -1, 0600);
  if (setxattr(path, "user.glyphpad-test", "kept", 4, 0) != 0) {
    g_autofree char *why = g_strdup_printf("no user xattrs here (%s)", g_strerror(errno));
    g_test_skip(why);
    fixture_clear(&fx, true);
    return;
  }
  ino_t ino = inode_of(path);
  g_autofree char *nested = g_build_filename(fx.dir, "state", "glyphpad", "backup", NULL);
  FileWriteOptions options = {.backup_dir = nested};
  save_ok(path, "shorter\n", &options, FILE_WRITE_IN_PLACE);
  assert_file(path, &(Expect){"shorter\n", ino, true, 1, geteuid(), getegid(), 0600});
  char value[16] = {0};
  g_assert_cmpint(getxattr(path, "user.glyphpad-test", value, sizeof value), ==, 4);
  g_assert_cmpstr(value, ==, "kept");
  struct stat st;
  g_assert_cmpint(g_stat(nested, &st), ==, 0);
  g_assert_cmpuint(st.st_mode & 0777, ==, 0700);
  g_assert_cmpuint(entries_in(nested), ==, 0);
  fixture_clear(&fx, true);
}

/* A writable file in a folder its user cannot write: in place, as nobody. */
static void test_in_place_folder_not_writable(void)
{
  Fixture fx;
  if (g_test_subprocess()) {
    fixture_init_child(&fx);
    drop_to_nobody();
    g_autofree char *path = g_build_filename(fx.dir, "locked", "f.txt", NULL);
    save_ok(path, "written by nobody\n", &fx.options, FILE_WRITE_IN_PLACE);
    fixture_clear(&fx, false);
    return;
  }
  if (!need_root())
    return;
  fixture_init(&fx);
  uid_t uid;
  gid_t gid;
  nobody_ids(&uid, &gid);
  g_autofree char *locked = make_dir(fx.dir, "locked", 0, 0, 0755);
  g_autofree char *path = make_file(locked, "f.txt", "old\n", (int)uid, (int)gid, 0644);
  ino_t ino = inode_of(path);
  run_child(&fx);
  assert_file(path, &(Expect){"written by nobody\n", ino, true, 1, uid, gid, 0644});
  g_assert_cmpuint(entries_in(locked), ==, 1);
  g_assert_cmpuint(entries_in(fx.backup), ==, 0);
  fixture_clear(&fx, true);
}

/* nobody saving root's world-writable and group-writable files in a folder
 * nobody owns: a new file could not be given to root, so in place. */
static void test_in_place_owner_not_ours(void)
{
  Fixture fx;
  if (g_test_subprocess()) {
    fixture_init_child(&fx);
    drop_to_nobody();
    g_autofree char *world = g_build_filename(fx.dir, "mine", "world.txt", NULL);
    g_autofree char *group = g_build_filename(fx.dir, "mine", "group.txt", NULL);
    save_ok(world, "nobody was here\n", &fx.options, FILE_WRITE_IN_PLACE);
    save_ok(group, "nobody was here too\n", &fx.options, FILE_WRITE_IN_PLACE);
    fixture_clear(&fx, false);
    return;
  }
  if (!need_root())
    return;
  fixture_init(&fx);
  uid_t uid;
  gid_t gid;
  nobody_ids(&uid, &gid);
  g_autofree char *mine = make_dir(fx.dir, "mine", (int)uid, (int)gid, 0755);
  g_autofree char *world = make_file(mine, "world.txt", "root's\n", 0, 0, 0666);
  g_autofree char *group = make_file(mine, "group.txt", "root's too\n", 0, (int)gid, 0664);
  ino_t world_ino = inode_of(world), group_ino = inode_of(group);
  run_child(&fx);
  assert_file(world, &(Expect){"nobody was here\n", world_ino, true, 1, 0, 0, 0666});
  assert_file(group, &(Expect){"nobody was here too\n", group_ino, true, 1, 0, gid, 0664});
  g_assert_cmpuint(entries_in(mine), ==, 2);
  fixture_clear(&fx, true);
}

/* A failure part way through an in-place write (over RLIMIT_FSIZE, in a
 * subprocess) is undone from the backup: the old 100 bytes, same inode. */
static void test_in_place_undo(void)
{
  Fixture fx;
  if (g_test_subprocess()) {
    fixture_init_child(&fx);
    g_autoptr(GError) error = write_past_size_limit(&fx, "linked.txt");
    g_assert_nonnull(strstr(error->message, "“linked.txt”"));
    g_assert_nonnull(strstr(error->message, "old file is unchanged"));
    g_assert_nonnull(strstr(error->message, "backup"));
    fixture_clear(&fx, false);
    return;
  }
  fixture_init(&fx);
  g_autofree char *text = g_strnfill(99, 'o');
  g_autofree char *old = g_strconcat(text, "\n", NULL);
  g_autofree char *path = make_file(fx.dir, "linked.txt", old, -1, -1, 0620);
  g_autofree char *other = g_build_filename(fx.dir, "other.txt", NULL);
  g_assert_cmpint(link(path, other), ==, 0);
  ino_t ino = inode_of(path);
  run_child(&fx);
  Expect e = {old, ino, true, 2, geteuid(), getegid(), 0620};
  assert_file(path, &e);
  assert_file(other, &e);
  g_assert_cmpuint(entries_in(fx.backup), ==, 0);
  fixture_clear(&fx, true);
}

/* ------------------------------------------------------------------------ */
/* Read-only and refused                                                     */
/* ------------------------------------------------------------------------ */

/* Refuses @path (0444) as read-only, then writes it with allow_read_only,
 * @how, keeping 0444 and the owner; the checks run as whoever calls. */
static void assert_read_only_then_confirmed(const Fixture *fx, const char *path,
                                            FileWriteMethod how)
{
  struct stat st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_true(file_writer_is_read_only(path));
  save_fails(path, "refused\n", &fx->options, TEXT_FILE_ERROR, TEXT_FILE_ERROR_READ_ONLY);
  g_autofree char *old = NULL;
  g_assert_true(g_file_get_contents(path, &old, NULL, NULL));
  assert_file(path, &(Expect){old, st.st_ino, true, st.st_nlink, st.st_uid, st.st_gid, 0444});
  FileWriteOptions confirmed = fx->options;
  confirmed.allow_read_only = true;
  save_ok(path, "confirmed\n", &confirmed, how);
  assert_file(path, &(Expect){"confirmed\n", st.st_ino, how == FILE_WRITE_IN_PLACE, st.st_nlink,
                              st.st_uid, st.st_gid, 0444});
  g_assert_true(file_writer_is_read_only(path));
}

/* nobody's own 0444 files: refused, then written when confirmed (renamed in a
 * folder of nobody's; in place with a hard link, lending u+w for the write). */
static void test_read_only_ours(void)
{
  Fixture fx;
  if (g_test_subprocess()) {
    fixture_init_child(&fx);
    drop_to_nobody();
    g_autofree char *single = g_build_filename(fx.dir, "mine", "ro.txt", NULL);
    g_autofree char *linked = g_build_filename(fx.dir, "mine", "ro-linked.txt", NULL);
    assert_read_only_then_confirmed(&fx, single, FILE_WRITE_RENAMED);
    assert_read_only_then_confirmed(&fx, linked, FILE_WRITE_IN_PLACE);
    fixture_clear(&fx, false);
    return;
  }
  if (!need_root())
    return;
  fixture_init(&fx);
  uid_t uid;
  gid_t gid;
  nobody_ids(&uid, &gid);
  g_autofree char *mine = make_dir(fx.dir, "mine", (int)uid, (int)gid, 0755);
  g_autofree char *single = make_file(mine, "ro.txt", "read only\n", (int)uid, (int)gid, 0444);
  g_autofree char *linked = make_file(mine, "ro-linked.txt", "linked\n", (int)uid, (int)gid, 0444);
  g_autofree char *other = g_build_filename(mine, "ro-other.txt", NULL);
  g_assert_cmpint(link(linked, other), ==, 0);
  run_child(&fx);
  assert_file(single, &(Expect){"confirmed\n", 0, false, 1, uid, gid, 0444});
  assert_file(other, &(Expect){"confirmed\n", inode_of(linked), true, 2, uid, gid, 0444});
  fixture_clear(&fx, true);
}

/* Root and a 0444 file: read-only too (root could write it, but nobody
 * meant it to be written). */
static void test_read_only_root(void)
{
  if (!need_root())
    return;
  Fixture fx;
  fixture_init(&fx);
  g_autofree char *path = make_file(fx.dir, "r.txt", "root's read-only\n", 0, 0, 0444);
  assert_read_only_then_confirmed(&fx, path, FILE_WRITE_RENAMED);
  fixture_clear(&fx, true);
}

/* nobody saving root's 0644 file: refused for permission whatever the
 * confirmation, the file unchanged. */
static void test_refused_not_ours(void)
{
  Fixture fx;
  if (g_test_subprocess()) {
    fixture_init_child(&fx);
    drop_to_nobody();
    g_autofree char *path = g_build_filename(fx.dir, "mine", "roots.txt", NULL);
    g_assert_false(file_writer_is_read_only(path)); /* a confirmation would not help */
    FileWriteOptions confirmed = fx.options;
    confirmed.allow_read_only = true;
    save_fails(path, "nope\n", &fx.options, G_FILE_ERROR, G_FILE_ERROR_ACCES);
    save_fails(path, "nope\n", &confirmed, G_FILE_ERROR, G_FILE_ERROR_ACCES);
    fixture_clear(&fx, false);
    return;
  }
  if (!need_root())
    return;
  fixture_init(&fx);
  uid_t uid;
  gid_t gid;
  nobody_ids(&uid, &gid);
  g_autofree char *mine = make_dir(fx.dir, "mine", (int)uid, (int)gid, 0755);
  g_autofree char *path = make_file(mine, "roots.txt", "root's\n", 0, 0, 0644);
  ino_t ino = inode_of(path);
  run_child(&fx);
  assert_file(path, &(Expect){"root's\n", ino, true, 1, 0, 0, 0644});
  g_assert_cmpuint(entries_in(mine), ==, 1);
  fixture_clear(&fx, true);
}

/* A file on a file system mounted read-only: refused (ROFS), even confirmed. */
static void test_refused_read_only_fs(void)
{
  Fixture fx;
  fixture_init(&fx);
  g_autofree char *mnt = make_dir(fx.dir, "ro-fs", -1, -1, 0755);
  if (mount("tmpfs", mnt, "tmpfs", 0, "size=64k") != 0) {
    g_autofree char *why = g_strdup_printf("cannot mount a tmpfs here (%s)", g_strerror(errno));
    g_test_skip(why);
    fixture_clear(&fx, true);
    return;
  }
  g_autofree char *path = make_file(mnt, "f.txt", "on a disc\n", -1, -1, 0644);
  ino_t ino = inode_of(path);
  g_assert_cmpint(mount("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=64k"), ==, 0);
  FileWriteOptions confirmed = fx.options;
  confirmed.allow_read_only = true;
  save_fails(path, "new\n", &confirmed, G_FILE_ERROR, G_FILE_ERROR_ROFS);
  g_assert_false(file_writer_is_read_only(path));
  assert_file(path, &(Expect){"on a disc\n", ino, true, 1, geteuid(), getegid(), 0644});
  g_assert_cmpint(umount(mnt), ==, 0);
  fixture_clear(&fx, true);
}

/* A new file in a folder that does not exist: the message names the folder. */
static void test_refused_missing_folder(void)
{
  Fixture fx;
  fixture_init(&fx);
  g_autofree char *path = g_build_filename(fx.dir, "nowhere", "f.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_false(file_writer_write(path, "x", 1, &fx.options, NULL, &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull(strstr(error->message, "“f.txt”"));
  g_assert_nonnull(strstr(error->message, "nowhere"));
  g_assert_false(file_writer_is_read_only(path));
  fixture_clear(&fx, true);
}

/* ------------------------------------------------------------------------ */
/* Symlinks                                                                  */
/* ------------------------------------------------------------------------ */

/* Saving through a symlink (relative) writes its target, which keeps its mode;
 * the link stays the same link. A dangling link's target is created. */
static void test_symlink_target_written(void)
{
  Fixture fx;
  fixture_init(&fx);
  g_autofree char *target = make_file(fx.dir, "target.txt", "old\n", -1, -1, 0640);
  g_autofree char *link = g_build_filename(fx.dir, "link.txt", NULL);
  g_assert_cmpint(symlink("target.txt", link), ==, 0);
  ino_t ino = inode_of(target);
  save_ok(link, "through the link\n", &fx.options, FILE_WRITE_RENAMED);
  assert_file(target, &(Expect){"through the link\n", ino, false, 1, geteuid(), getegid(), 0640});
  g_autofree char *to = g_file_read_link(link, NULL);
  g_assert_cmpstr(to, ==, "target.txt");
  g_autofree char *dangling = g_build_filename(fx.dir, "dangling.txt", NULL);
  g_assert_cmpint(symlink("created.txt", dangling), ==, 0);
  save_ok(dangling, "made\n", &fx.options, FILE_WRITE_CREATED);
  g_autofree char *created = g_build_filename(fx.dir, "created.txt", NULL);
  mode_t mask = umask(0);
  umask(mask);
  assert_file(created, &(Expect){"made\n", 0, false, 1, geteuid(), getegid(), 0666 & ~mask});
  struct stat st;
  g_assert_cmpint(g_lstat(dangling, &st), ==, 0);
  g_assert_true(S_ISLNK(st.st_mode));
  fixture_clear(&fx, true);
}

/* Links that point at each other: refused, naming the file. */
static void test_symlink_loop(void)
{
  Fixture fx;
  fixture_init(&fx);
  g_autofree char *a = g_build_filename(fx.dir, "a", NULL);
  g_autofree char *b = g_build_filename(fx.dir, "b", NULL);
  g_assert_cmpint(symlink("b", a), ==, 0);
  g_assert_cmpint(symlink("a", b), ==, 0);
  g_autoptr(GError) error = NULL;
  g_assert_false(file_writer_write(a, "x", 1, &fx.options, NULL, &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_LOOP);
  g_assert_nonnull(strstr(error->message, "“a”"));
  fixture_clear(&fx, true);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/file_writer/create/mode-from-umask", test_create_mode_from_umask);
  g_test_add_func("/file_writer/rename/keeps-mode", test_rename_keeps_mode);
  g_test_add_func("/file_writer/rename/root-keeps-owner", test_rename_root_keeps_owner);
  g_test_add_func("/file_writer/rename/failure-keeps-old", test_rename_failure_keeps_old);
  g_test_add_func("/file_writer/in-place/hard-links", test_in_place_hard_links);
  g_test_add_func("/file_writer/in-place/backup-removed", test_in_place_backup_removed);
  g_test_add_func("/file_writer/in-place/folder-not-writable", test_in_place_folder_not_writable);
  g_test_add_func("/file_writer/in-place/owner-not-ours", test_in_place_owner_not_ours);
  g_test_add_func("/file_writer/in-place/undo", test_in_place_undo);
  g_test_add_func("/file_writer/read-only/ours", test_read_only_ours);
  g_test_add_func("/file_writer/read-only/root", test_read_only_root);
  g_test_add_func("/file_writer/refused/not-ours", test_refused_not_ours);
  g_test_add_func("/file_writer/refused/read-only-fs", test_refused_read_only_fs);
  g_test_add_func("/file_writer/refused/missing-folder", test_refused_missing_folder);
  g_test_add_func("/file_writer/symlink/target-written", test_symlink_target_written);
  g_test_add_func("/file_writer/symlink/loop", test_symlink_loop);
  return g_test_run();
}
