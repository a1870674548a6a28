/* file_writer.c — replacing a file's bytes so that nothing else about it
 * changes (vim's backupcopy=auto; the contract is in file_writer.h).
 *
 * One write, step by step:
 *  1. Target: the path with its symlinks followed (a dangling link's target
 *     is created), so a link stays a link.
 *  2. Checks, before any byte is written: the target is a regular file, or is
 *     missing and its folder exists and lets us create files; a read-only file
 *     system is refused (ROFS); a file without a write bit for us is refused
 *     with ACCES when someone else owns it (we could not change that), and
 *     with TEXT_FILE_ERROR_READ_ONLY when we own it or are root (a
 *     confirmation, allow_read_only, lets it through; its mode is kept).
 *  3. The way: in place when a rename would lose something we can see from
 *     outside (more than one hard link, extended attributes or an ACL other
 *     than the SELinux label, a folder we cannot write). Otherwise a temporary
 *     file is made next to the target and given its owner, group and mode
 *     (fchown, fchmod); when they do not all stick (we are not root and the
 *     file is someone else's, a setgid bit we may not set) the temporary file
 *     is removed and the write is in place after all.
 *  4a. Rename: the bytes into the temporary file, mode set again (a write by
 *      a non-root user clears setuid/setgid), fsync, close, rename over the
 *      target, fsync of the folder so that the rename is on disk too.
 *  4b. In place: the old bytes are copied into a backup file (0600) in the
 *      backup folder and fsync'ed; a read-only file of ours gets u+w for the
 *      write; the new bytes are written from offset 0, the file cut to their
 *      length and fsync'ed; the mode is put back exactly. When writing fails
 *      part way the backup is copied back the same way; the backup is removed
 *      unless even that failed (the error then names it).
 *
 * Invariants: at every moment the target holds its old bytes or the new ones
 * whole (rename), or a synced copy of the old bytes exists (in place); no
 * temporary file outlives a call; the target's inode (in place), links,
 * owner, group and mode are what they were, after a failure too. Every error
 * names the file (its display base name), says why in words and what became
 * of the file. No state outlives a call: everything lives in one Write. */
#include "file_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "text_file.h"

#define MAX_LINKS 40           /* symlinks followed before giving up (as the kernel does) */
#define COPY_CHUNK (64 * 1024) /* bytes copied per read when making or using a backup */
#define BACKUP_STEM_MAX 200    /* bytes of the file's name kept in its backup's name */
#define SELINUX_XATTR "security.selinux"

#define UNCHANGED "the old file is unchanged"
#define NOT_CREATED "no file was created"

/* One write in progress: what goes where, what was found, what to clean up. */
typedef struct {
  const char *data;      /* the new bytes */
  gsize len;             /* their count */
  FileWriteOptions opts; /* the caller's options, or the defaults */
  char *name;            /* the path's display base name, for messages */
  char *target;          /* the file written: the path with its symlinks followed */
  char *dir;             /* the target's folder */
  bool exists;           /* the target existed (@st describes it) */
  struct stat st;        /* the target before the write */
  char *tmp;             /* a temporary file not yet renamed (removed by write_clear) */
  int tmp_fd;            /* its descriptor, or -1 */
  char *backup;          /* the in-place backup (removed by write_clear unless kept) */
  bool keep_backup;      /* putting the backup back failed: it holds the old bytes */
  bool lent_write;       /* u+w was added to a read-only file of ours for the write */
} Write;

/* How we may write an existing file. */
typedef enum {
  ACCESS_OK,        /* as it is */
  ACCESS_READ_ONLY, /* only after a confirmation (ours, or we are root) */
  ACCESS_DENIED,    /* not at all: someone else's, without write permission for us */
} Access;

/* What making a temporary file next to the target found. */
typedef enum {
  TEMP_READY,    /* made, with the target's owner, group and mode */
  TEMP_IN_PLACE, /* a rename would lose something: write in place */
  TEMP_FAILED,   /* an error, set */
} TempResult;

/* ------------------------------------------------------------------ errors in words */

/* Errors a save can meet, in words a person can act on. */
static const struct {
  int err;           /* an errno value */
  const char *words; /* why the save failed, after "Could not save “NAME”: " */
} ERRNO_WORDS[] = {
    {ENOSPC, "the disk is full"},
    {EDQUOT, "your disk quota is used up"},
    {EFBIG, "it would be larger than this system or your limits allow"},
    {EACCES, "permission was denied"},
    {EPERM, "permission was denied"},
    {EROFS, "it is on a read-only file system"},
    {EIO, "the disk reported an error (it may be failing or was removed)"},
    {ENAMETOOLONG, "its name is too long"},
    {ELOOP, "its symbolic links go round in a circle"},
    {ETXTBSY, "it is a program that is running"},
    {EISDIR, "it is a folder"},
    {ENOTDIR, "a part of its path is not a folder"},
    {ENOENT, "its folder no longer exists"},
    {EMFILE, "too many files are open"},
    {ENFILE, "too many files are open"},
    {ENOMEM, "there is not enough memory"},
};

/* Why an operation failed, in words, for errno @err (the system's own words
 * for the rare ones). */
static const char *errno_words(int err)
{
  for (gsize i = 0; i < G_N_ELEMENTS(ERRNO_WORDS); i++)
    if (ERRNO_WORDS[i].err == err)
      return ERRNO_WORDS[i].words;
  return g_strerror(err);
}

/* What became of the file when a write failed before touching it. */
static const char *untouched(const Write *w)
{
  return w->exists ? UNCHANGED : NOT_CREATED;
}

/* Sets @error for errno @err: the file, why, and @outcome (what became of it). */
static void set_errno_error(GError **error, const Write *w, int err, const char *outcome)
{
  g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "Could not save “%s”: %s; %s",
              w->name, errno_words(err), outcome);
}

/* "the user “NAME”" for @uid, or its number when it has no name. Free with g_free. */
static char *owner_words(uid_t uid)
{
  struct passwd pw, *found = NULL;
  char buf[1024];
  if (getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found != NULL)
    return g_strdup_printf("the user “%s”", found->pw_name);
  return g_strdup_printf("the user number %u", (unsigned)uid);
}

/* ------------------------------------------------------------------ the Write */

static void write_init(Write *w, const char *path, const void *data, gsize len,
                       const FileWriteOptions *options)
{
  *w = (Write){.data = data, .len = len, .tmp_fd = -1};
  if (options != NULL)
    w->opts = *options;
  w->name = g_filename_display_basename(path);
}

/* Closes and removes what the write left: a temporary file, a backup not kept. */
static void write_clear(Write *w)
{
  if (w->tmp_fd >= 0)
    close(w->tmp_fd);
  if (w->tmp != NULL)
    g_unlink(w->tmp);
  if (w->backup != NULL && !w->keep_backup)
    g_unlink(w->backup);
  g_free(w->tmp);
  g_free(w->backup);
  g_free(w->name);
  g_free(w->target);
  g_free(w->dir);
}

/* Where the symlink @link points (a relative target taken from the link's
 * folder); NULL when it cannot be read. Free with g_free. */
static char *link_target(const char *link)
{
  g_autofree char *to = g_file_read_link(link, NULL);
  if (to == NULL || g_path_is_absolute(to))
    return g_steal_pointer(&to);
  g_autofree char *dir = g_path_get_dirname(link);
  return g_build_filename(dir, to, NULL);
}

/* Sets @w->target to @path with its symlinks followed, and @w->dir; false
 * with @error when they go round in a circle. */
static bool find_target(Write *w, const char *path, GError **error)
{
  char *cur = g_strdup(path);
  struct stat st;
  for (int i = 0; i < MAX_LINKS && g_lstat(cur, &st) == 0 && S_ISLNK(st.st_mode); i++) {
    char *next = link_target(cur);
    if (next == NULL)
      break;
    g_free(cur);
    cur = next;
  }
  w->target = cur;
  w->dir = g_path_get_dirname(cur);
  if (g_lstat(cur, &st) == 0 && S_ISLNK(st.st_mode)) {
    set_errno_error(error, w, ELOOP, UNCHANGED);
    return false;
  }
  return true;
}

/* ------------------------------------------------------------------ checks */

/* For a new file: false with @error unless its folder exists and lets us
 * create files in it. */
static bool check_folder(const Write *w, GError **error)
{
  g_autofree char *dir_name = g_filename_display_name(w->dir);
  struct stat st;
  if (g_stat(w->dir, &st) != 0) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                "Could not save “%s”: the folder “%s” does not exist", w->name, dir_name);
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
                "Could not save “%s”: “%s” is not a folder", w->name, dir_name);
    return false;
  }
  if (eaccess(w->dir, W_OK | X_OK) == 0)
    return true;
  bool rofs = errno == EROFS;
  g_set_error(error, G_FILE_ERROR, rofs ? G_FILE_ERROR_ROFS : G_FILE_ERROR_ACCES,
              "Could not save “%s”: %s “%s”; save it in another folder", w->name,
              rofs ? "it would go on the read-only file system of the folder"
                   : "you do not have permission to create files in the folder",
              dir_name);
  return false;
}

/* Fills @w->exists and @w->st; false with @error when the target is not a
 * regular file, or is missing and cannot be created. */
static bool check_target(Write *w, GError **error)
{
  if (g_stat(w->target, &w->st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return check_folder(w, error);
    set_errno_error(error, w, errno, "nothing was written");
    return false;
  }
  w->exists = true;
  if (S_ISREG(w->st.st_mode))
    return true;
  g_set_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_NOT_REGULAR,
              "Could not save “%s”: it is %s, not a file", w->name,
              S_ISDIR(w->st.st_mode) ? "a folder" : "a device, pipe or socket");
  return false;
}

/* How we may write the existing target: root needs some write bit, the owner
 * u+w (either may add it), anyone else the kernel's word (groups, ACLs). */
static Access access_of(const Write *w)
{
  uid_t me = geteuid();
  if (me == 0)
    return (w->st.st_mode & 0222) != 0 ? ACCESS_OK : ACCESS_READ_ONLY;
  if (w->st.st_uid == me)
    return (w->st.st_mode & S_IWUSR) != 0 ? ACCESS_OK : ACCESS_READ_ONLY;
  return eaccess(w->target, W_OK) == 0 ? ACCESS_OK : ACCESS_DENIED;
}

/* Whether the target is on a file system mounted read-only. */
static bool on_read_only_fs(const Write *w)
{
  return eaccess(w->target, W_OK) != 0 && errno == EROFS;
}

/* False with @error when the existing target's permissions or file system
 * refuse the write (a read-only file of ours: unless allow_read_only). */
static bool check_access(const Write *w, GError **error)
{
  if (!w->exists)
    return true;
  if (on_read_only_fs(w)) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ROFS,
                "Could not save “%s”: it is on a read-only file system (a disc, or a drive "
                "mounted read-only); save it under another name; " UNCHANGED,
                w->name);
    return false;
  }
  Access access = access_of(w);
  if (access == ACCESS_READ_ONLY && !w->opts.allow_read_only) {
    g_set_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_READ_ONLY,
                "Could not save “%s”: it is read-only (mode %04o); confirm to overwrite it "
                "anyway, or save it under another name; " UNCHANGED,
                w->name, (unsigned)(w->st.st_mode & 07777));
    return false;
  }
  if (access == ACCESS_DENIED) {
    g_autofree char *owner = owner_words(w->st.st_uid);
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                "Could not save “%s”: it belongs to %s and you do not have permission to "
                "write it; save it under another name; " UNCHANGED,
                w->name, owner);
    return false;
  }
  return true;
}

/* ------------------------------------------------------------------ choosing the way */

/* Whether @path has extended attributes (an ACL is kept in one) other than
 * its SELinux label, which a new file can be given (copy_label). */
static bool has_other_xattrs(const char *path)
{
  ssize_t size = listxattr(path, NULL, 0);
  if (size <= 0)
    return false;
  g_autofree char *names = g_malloc((gsize)size);
  size = listxattr(path, names, (size_t)size);
  if (size < 0)
    return errno == ERANGE; /* more appeared meanwhile */
  for (ssize_t at = 0; at < size; at += (ssize_t)strlen(names + at) + 1)
    if (strcmp(names + at, SELINUX_XATTR) != 0)
      return true;
  return false;
}

/* Whether a rename would visibly lose something of the target: its other
 * hard links, extended attributes or ACL; or cannot happen: its folder is
 * not writable for us (the file is, check_access said so). */
static bool needs_in_place(const Write *w)
{
  return w->st.st_nlink > 1 || has_other_xattrs(w->target) || eaccess(w->dir, W_OK | X_OK) != 0;
}

/* Gives the temporary file @fd the target's SELinux label, when it has one
 * and the system lets us (otherwise it keeps its folder's default label). */
static void copy_label(const Write *w, int fd)
{
  char label[256];
  ssize_t n = getxattr(w->target, SELINUX_XATTR, label, sizeof label);
  if (n > 0 && fsetxattr(fd, SELINUX_XATTR, label, (size_t)n, 0) != 0)
    g_debug("file_writer: could not copy the SELinux label of %s", w->target);
}

/* Gives the temporary file @fd the target's owner, group and mode; whether
 * they all stuck (only root may give a file away; a setgid bit for a group we
 * are not in is dropped silently). */
static bool give_back(const Write *w, int fd)
{
  bool owned = fchown(fd, w->st.st_uid, w->st.st_gid) == 0;
  bool moded = fchmod(fd, w->st.st_mode & 07777) == 0;
  struct stat now;
  return owned && moded && fstat(fd, &now) == 0 && now.st_uid == w->st.st_uid &&
         now.st_gid == w->st.st_gid && (now.st_mode & 07777) == (w->st.st_mode & 07777);
}

/* Makes @w->tmp next to the target (a new file: mode 0666 less the umask;
 * otherwise the target's owner, group and mode). TEMP_IN_PLACE when we may
 * not give those back or not create it (folder, name length). */
static TempResult open_temp(Write *w, GError **error)
{
  g_autofree char *base = g_path_get_basename(w->target);
  w->tmp = g_strdup_printf("%s/.%s.XXXXXX", w->dir, base);
  w->tmp_fd = g_mkstemp_full(w->tmp, O_RDWR | O_CLOEXEC, 0666);
  if (w->tmp_fd < 0) {
    int err = errno;
    g_clear_pointer(&w->tmp, g_free);
    if (w->exists && (err == EACCES || err == EPERM || err == ENAMETOOLONG))
      return TEMP_IN_PLACE;
    set_errno_error(error, w, err, untouched(w));
    return TEMP_FAILED;
  }
  if (!w->exists)
    return TEMP_READY;
  copy_label(w, w->tmp_fd);
  if (give_back(w, w->tmp_fd))
    return TEMP_READY;
  close(w->tmp_fd);
  w->tmp_fd = -1;
  g_unlink(w->tmp);
  g_clear_pointer(&w->tmp, g_free);
  return TEMP_IN_PLACE;
}

/* ------------------------------------------------------------------ bytes */

/* Writes all @len bytes of @data to @fd at @offset; 0 or an errno value. */
static int write_all(int fd, const char *data, gsize len, off_t offset)
{
  while (len > 0) {
    ssize_t n = pwrite(fd, data, MIN(len, (gsize)G_MAXINT32), offset);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return n < 0 ? errno : EIO;
    data += n;
    len -= (gsize)n;
    offset += n;
  }
  return 0;
}

/* Cuts @fd to @len bytes and puts it on disk; 0 or an errno value. */
static int cut_and_sync(int fd, off_t len)
{
  if (ftruncate(fd, len) != 0)
    return errno;
  return fsync(fd) != 0 ? errno : 0;
}

/* Copies all of @from over @to, both from their start, then cuts @to to that
 * length and syncs it; 0 or an errno value. */
static int copy_file(int from, int to)
{
  g_autofree char *buf = g_malloc(COPY_CHUNK);
  off_t at = 0;
  for (;;) {
    ssize_t n = pread(from, buf, COPY_CHUNK, at);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return errno;
    if (n == 0)
      return cut_and_sync(to, at);
    int err = write_all(to, buf, (gsize)n, at);
    if (err != 0)
      return err;
    at += n;
  }
}

/* ------------------------------------------------------------------ the rename way */

/* Makes a rename in @dir durable. Errors are ignored: the file is saved, and
 * some file systems cannot sync a folder. */
static void sync_folder(const char *dir)
{
  int fd = g_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0)
    return;
  if (fsync(fd) != 0)
    g_debug("file_writer: fsync of the folder %s: %s", dir, g_strerror(errno));
  close(fd);
}

/* The new bytes into the temporary file, its mode set again (a non-root
 * write clears setuid and setgid), synced; 0 or an errno value. */
static int fill_temp(const Write *w)
{
  int err = write_all(w->tmp_fd, w->data, w->len, 0);
  if (err == 0 && w->exists && fchmod(w->tmp_fd, w->st.st_mode & 07777) != 0)
    err = errno;
  return err == 0 ? cut_and_sync(w->tmp_fd, (off_t)w->len) : err;
}

/* Writes the temporary file and renames it over the target. False with
 * @error when it could not (write_clear removes the temporary file). */
static bool write_renamed(Write *w, GError **error)
{
  int err = fill_temp(w);
  if (close(w->tmp_fd) != 0 && err == 0)
    err = errno;
  w->tmp_fd = -1;
  if (err == 0 && g_rename(w->tmp, w->target) != 0)
    err = errno;
  if (err != 0) {
    set_errno_error(error, w, err, untouched(w));
    return false;
  }
  g_clear_pointer(&w->tmp, g_free);
  sync_folder(w->dir);
  return true;
}

/* ------------------------------------------------------------------ the in-place way */

/* Where backups go: the caller's folder, or $XDG_STATE_HOME/glyphpad/backup.
 * Free with g_free. */
static char *backup_folder(const Write *w)
{
  if (w->opts.backup_dir != NULL)
    return g_strdup(w->opts.backup_dir);
  return g_build_filename(g_get_user_state_dir(), "glyphpad", "backup", NULL);
}

/* Sets @error: the backup copy could not be made in @dir, for errno @err. */
static bool backup_failed(const Write *w, const char *dir, int err, GError **error)
{
  g_autofree char *dir_name = g_filename_display_name(dir);
  g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
              "Could not save “%s”: it is written in place (it has hard links or extended "
              "attributes, or its folder is not writable), which needs a backup copy first, "
              "and none could be made in “%s”: %s; " UNCHANGED,
              w->name, dir_name, errno_words(err));
  return false;
}

/* Copies the target's old bytes to a new file (0600, synced) in the backup
 * folder, @w->backup. False with @error: nothing was changed. */
static bool make_backup(Write *w, GError **error)
{
  g_autofree char *dir = backup_folder(w);
  if (g_mkdir_with_parents(dir, 0700) != 0)
    return backup_failed(w, dir, errno, error);
  g_autofree char *base = g_path_get_basename(w->target);
  w->backup = g_strdup_printf("%s/%.*s.XXXXXX", dir, BACKUP_STEM_MAX, base);
  int to = g_mkstemp_full(w->backup, O_RDWR | O_CLOEXEC, 0600);
  if (to < 0) {
    int err = errno;
    g_clear_pointer(&w->backup, g_free);
    return backup_failed(w, dir, err, error);
  }
  int from = g_open(w->target, O_RDONLY | O_CLOEXEC, 0);
  int err = from < 0 ? errno : copy_file(from, to);
  if (from >= 0)
    close(from);
  close(to);
  return err == 0 || backup_failed(w, dir, err, error);
}

/* Puts the target's mode back exactly: u+w lent for the write, setuid or
 * setgid cleared by it. Best effort: only the owner or root can. */
static void restore_mode(const Write *w, int fd)
{
  struct stat now;
  mode_t mode = w->st.st_mode & 07777;
  if ((fd >= 0 ? fstat(fd, &now) : g_stat(w->target, &now)) != 0 || (now.st_mode & 07777) == mode)
    return;
  if ((fd >= 0 ? fchmod(fd, mode) : g_chmod(w->target, (int)mode)) != 0)
    g_debug("file_writer: could not put back the mode of %s", w->target);
}

/* Opens the target for rewriting; a read-only file of ours is lent u+w for
 * it. -1 with @error when it cannot be opened (the file is unchanged). */
static int open_for_rewrite(Write *w, GError **error)
{
  uid_t me = geteuid();
  w->lent_write = me != 0 && w->st.st_uid == me && (w->st.st_mode & S_IWUSR) == 0;
  if (w->lent_write && g_chmod(w->target, (int)((w->st.st_mode | S_IWUSR) & 07777)) != 0) {
    set_errno_error(error, w, errno, UNCHANGED);
    return -1;
  }
  int fd = g_open(w->target, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0) {
    int err = errno;
    restore_mode(w, -1);
    set_errno_error(error, w, err, UNCHANGED);
  }
  return fd;
}

/* After rewriting @fd failed with @err: copies the backup back into it. Sets
 * @error saying whether the old bytes are back, or where they are now. */
static void undo_from_backup(Write *w, int fd, int err, GError **error)
{
  int from = g_open(w->backup, O_RDONLY | O_CLOEXEC, 0);
  int undo_err = from < 0 ? errno : copy_file(from, fd);
  if (from >= 0)
    close(from);
  if (undo_err == 0) {
    set_errno_error(error, w, err, UNCHANGED " (put back from its backup copy)");
    return;
  }
  w->keep_backup = true;
  g_autofree char *backup = g_filename_display_name(w->backup);
  g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
              "Could not save “%s”: %s, and putting its old contents back failed too (%s): "
              "the file may be damaged; its old contents are in “%s”",
              w->name, errno_words(err), errno_words(undo_err), backup);
}

/* The in-place way: a backup copy, then the file itself rewritten and cut to
 * the new length; undone from the backup when that fails part way. */
static bool write_in_place(Write *w, GError **error)
{
  if (!make_backup(w, error))
    return false;
  int fd = open_for_rewrite(w, error);
  if (fd < 0)
    return false;
  int err = write_all(fd, w->data, w->len, 0);
  if (err == 0)
    err = cut_and_sync(fd, (off_t)w->len);
  if (err != 0)
    undo_from_backup(w, fd, err, error);
  restore_mode(w, fd);
  close(fd);
  return err == 0;
}

/* ------------------------------------------------------------------ public */

/* Writes by rename or in place, as the target needs; *@how says which. */
static bool write_chosen(Write *w, FileWriteMethod *how, GError **error)
{
  TempResult temp = w->exists && needs_in_place(w) ? TEMP_IN_PLACE : open_temp(w, error);
  if (temp == TEMP_FAILED)
    return false;
  if (temp == TEMP_IN_PLACE) {
    *how = FILE_WRITE_IN_PLACE;
    return write_in_place(w, error);
  }
  *how = w->exists ? FILE_WRITE_RENAMED : FILE_WRITE_CREATED;
  return write_renamed(w, error);
}

bool file_writer_write(const char *path, const void *data, gsize len,
                       const FileWriteOptions *options, FileWriteMethod *method, GError **error)
{
  g_return_val_if_fail(path != NULL, false);
  g_return_val_if_fail(data != NULL || len == 0, false);
  Write w;
  write_init(&w, path, data != NULL ? data : "", len, options);
  FileWriteMethod how = FILE_WRITE_CREATED;
  bool ok = find_target(&w, path, error) && check_target(&w, error) && check_access(&w, error) &&
            write_chosen(&w, &how, error);
  if (ok && method != NULL)
    *method = how;
  write_clear(&w);
  return ok;
}

bool file_writer_is_read_only(const char *path)
{
  g_return_val_if_fail(path != NULL, false);
  Write w;
  write_init(&w, path, "", 0, NULL);
  bool read_only = find_target(&w, path, NULL) && g_stat(w.target, &w.st) == 0 &&
                   S_ISREG(w.st.st_mode) && !on_read_only_fs(&w) &&
                   access_of(&w) == ACCESS_READ_ONLY;
  write_clear(&w);
  return read_only;
}
