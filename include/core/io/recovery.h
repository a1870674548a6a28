/* recovery.h — recovery files: unsaved work that survives a crash.
 *
 * While a document has unsaved changes the window hands a snapshot of it (the
 * bytes Ctrl+S would write) to a RecoveryWriter every few seconds; a worker
 * thread writes it to the recovery directory, $XDG_STATE_HOME/glyphpad/recovery
 * (g_get_user_state_dir(); made 0700). Not next to the document: its folder may
 * be read-only or shared, and a stray file there surprises people.
 *
 * An entry is two files with the same stem:
 *   NAME.txt  the document's bytes exactly as a save would write them (so raw
 *             invalid bytes, the BOM, line endings and UTF-16 survive);
 *   NAME.ini  a GKeyFile: the original path (absent for an untitled document),
 *             when it was written, the writer's pid and process start time, the
 *             size of the .txt.
 * NAME is "<stem>-<first 16 hex digits of SHA-256 of the absolute path>" for a
 * file (so it is stable across runs and distinct per document) and
 * "untitled-<pid>-<start>" for an untitled document (so two windows never
 * share one). Both files are written atomically (g_file_set_contents_full,
 * CONSISTENT, mode 0600), the .txt first: an .ini never points at a
 * half-written .txt.
 *
 * An entry belongs to a crashed session when its writer is no longer running:
 * its pid is gone, or the pid now belongs to a process started at another time
 * (pid reuse). Only those are offered by recovery_find(); a second window on
 * the same file does not see the first one's entry as lost work. Known limit:
 * two windows editing the same file share its one entry, so it holds whichever
 * wrote last (a lock file per entry would fix it; two windows on one file
 * already overwrite each other's saves). */
#ifndef GLYPHPAD_RECOVERY_H
#define GLYPHPAD_RECOVERY_H

#include <glib.h>
#include <stdbool.h>

/* An entry found on disk. */
typedef struct {
  char *doc_path; /* the document it belongs to (absolute), NULL: untitled */
  char *txt_path; /* the content file */
  char *ini_path; /* the description file */
  gint64 written; /* when it was written, seconds since the Unix epoch */
  gint64 pid;     /* the process that wrote it */
  guint64 bytes;  /* size of the content file when it was written */
} RecoveryEntry;

/* Frees the strings of @entry and zeroes it (a zeroed entry is fine). */
void recovery_entry_clear(RecoveryEntry *entry);

/* The recovery directory, $XDG_STATE_HOME/glyphpad/recovery. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *recovery_dir(void);

/* The .txt path of this process's entry for @doc_path (made absolute first);
 * NULL @doc_path: this process's untitled document. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *recovery_entry_path(const char *doc_path);

/* Writes entries in the background. One worker thread; at most one snapshot
 * waits: a newer submit replaces an older one not yet written. */
typedef struct RecoveryWriter RecoveryWriter;

/* Starts the worker thread. Free with recovery_writer_free(). */
G_GNUC_WARN_UNUSED_RESULT RecoveryWriter *recovery_writer_new(void);
/* Waits for what was submitted to be written, stops the thread. NULL: no-op. */
void recovery_writer_free(RecoveryWriter *writer);

/* Queues @content (a snapshot; a reference is taken) as the entry of @doc_path
 * (NULL: untitled) and returns at once. */
void recovery_writer_submit(RecoveryWriter *writer, const char *doc_path, GBytes *content);
/* Waits until everything submitted so far is on disk (or failed); while
 * paused, only for the snapshot being written. */
void recovery_writer_flush(RecoveryWriter *writer);
/* Drops a waiting snapshot of @doc_path, waits for one being written, then
 * removes the entry (recovery_discard). After a save, or "don't save". */
bool recovery_writer_discard(RecoveryWriter *writer, const char *doc_path, GError **error);
/* While @paused the worker takes no new snapshot (one being written is
 * finished); submits still replace the waiting one. Tests use it to make
 * "a newer snapshot replaces an unwritten one" happen deterministically. */
void recovery_writer_set_paused(RecoveryWriter *writer, bool paused);
/* How many entries the worker has written successfully (tests, statistics). */
guint64 recovery_writer_written(RecoveryWriter *writer);
/* The message of a write that failed after the previous one succeeded, once:
 * a full disk is reported when it starts, not every few seconds. NULL when
 * there is nothing new. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *recovery_writer_take_error(RecoveryWriter *writer);

/* Looks for an entry of @doc_path (NULL: any untitled one, the newest) left by
 * a process that is no longer running. True and @out filled (clear it with
 * recovery_entry_clear) when there is one; entries whose writer still runs,
 * and half-present ones, are ignored. */
bool recovery_find(const char *doc_path, RecoveryEntry *out);

/* Removes this process's entry of @doc_path (NULL: its untitled one). True
 * when it is gone (also when there was none) or when another running process
 * has written it since (a second window on the same file keeps its entry);
 * else @error says why. */
bool recovery_discard(const char *doc_path, GError **error);
/* Removes the files of a found entry (after "restore" or "discard"). */
bool recovery_entry_remove(const RecoveryEntry *entry, GError **error);

#endif
