/* file_writer.h — replacing a file's bytes the way trusted editors do, so that
 * nothing about the file but its contents changes (vim's backupcopy=auto).
 *
 * Two ways, chosen per save:
 * - Rename: the bytes go to a new file in the same folder (fsync'ed), which
 *   gets the old file's mode, owner and group, and is renamed over it: a crash
 *   at any moment leaves either the old file or the new one, whole. Used for
 *   new files and whenever it keeps everything.
 * - In place: when a rename would lose something — the file has more than one
 *   hard link, an owner or group the new file could not be given back, extended
 *   attributes or an ACL (other than the SELinux label, which the new file is
 *   given when the system allows), or its folder is not writable while the
 *   file is — the
 *   old contents are first copied to a backup in the state directory (fsync'ed),
 *   then the file itself is rewritten and truncated, so its inode, links, owner,
 *   group and mode survive. If writing fails part way the old contents are put
 *   back from the backup; the backup is removed after a successful write (and
 *   kept, and named in the error, when even putting it back failed). When no
 *   backup can be made (the backup folder is not writable, the disk is full)
 *   the save is refused and the file is unchanged.
 * "Could not be given back" is tried, not guessed: the temporary file
 * (".NAME.XXXXXX" next to the file) gets fchown() and fchmod(); when the owner,
 * group or mode (a setgid bit for a group we are not in) did not stick, it is
 * removed and the write goes in place. A new file is made the rename way too,
 * with mode 0666 less the umask. A symlink's target is written (a dangling
 * link's target is created), so the link survives.
 *
 * Read-only: a file we could not write without changing its permissions (no
 * write bit for us; for root, no write bit at all) is refused with
 * TEXT_FILE_ERROR_READ_ONLY unless the caller passes allow_read_only, meaning
 * the user confirmed it; its mode is then kept as it was (an in-place write
 * of our own read-only file adds u+w for the write and puts the mode back). A
 * read-only file system or a file owned by someone else without write
 * permission is refused whatever the caller says (G_FILE_ERROR_ROFS /
 * G_FILE_ERROR_ACCES).
 *
 * Errors: TEXT_FILE_ERROR_NOT_REGULAR (a folder, device, ...),
 * TEXT_FILE_ERROR_READ_ONLY, or G_FILE_ERROR with the code of the errno
 * (g_file_error_from_errno: NOSPC, ACCES, ROFS, LOOP, NOENT, ...; FAILED for
 * EFBIG, which GFileError lacks). Every message names the file (its display
 * base name), says why in words a person can act on, and what became of the
 * file: "Could not save “notes.txt”: the disk is full; the old file is
 * unchanged". */
#ifndef GLYPHPAD_FILE_WRITER_H
#define GLYPHPAD_FILE_WRITER_H

#include <glib.h>
#include <stdbool.h>

/* How a write went. */
typedef enum {
  FILE_WRITE_CREATED,  /* there was no file: a new one was made */
  FILE_WRITE_RENAMED,  /* a new file was renamed over the old one */
  FILE_WRITE_IN_PLACE, /* the old file was rewritten after a backup copy */
} FileWriteMethod;

typedef struct {
  bool allow_read_only;   /* the user confirmed overwriting a read-only file */
  const char *backup_dir; /* where in-place writes keep their backup copy while they
                           * write (made 0700 when missing); NULL:
                           * $XDG_STATE_HOME/glyphpad/backup */
} FileWriteOptions;

/* Replaces the contents of @path (a file or a symlink to one; created when
 * missing) with @len bytes of @data. @options may be NULL (the defaults);
 * @method (may be NULL) says how it was done. False with @error (G_FILE_ERROR
 * or TEXT_FILE_ERROR) when it could not: the file then has its old contents
 * (unless even putting an in-place backup back failed: the error names it). */
bool file_writer_write(const char *path, const void *data, gsize len,
                       const FileWriteOptions *options, FileWriteMethod *method, GError **error);

/* Whether @path is a file we could not write without a confirmation (see
 * above: no write bit for us on a file we own, no write bit at all for root),
 * so a caller can say so or ask first. False for a missing file, and for
 * files a confirmation would not help (someone else's we may not write, a
 * read-only file system): saving reports those. */
bool file_writer_is_read_only(const char *path);

#endif
