/* recovery.c — recovery entries on disk and the thread that writes them.
 *
 * The writer is a one-slot mailbox: the main thread puts the newest snapshot in
 * the slot (replacing one the worker has not taken yet: only the latest state
 * matters) and returns; the worker takes it and does the slow part, writing and
 * fsyncing two files. One GMutex guards the slot and the counters, one GCond
 * wakes the worker (a new job, quit) and the waiters (a job done). Invariants,
 * under the lock: a snapshot is either in the slot, or being written (busy), or
 * done; flush() waits until the slot is empty and the worker idle, so
 * everything submitted before it is on disk. free() sets quit; the worker
 * leaves only with an empty slot, so free() flushes too.
 *
 * Liveness of an entry's writer: kill(pid, 0) says whether the pid exists; the
 * process start time (field 22 of /proc/PID/stat, clock ticks since boot) that
 * the entry recorded must also match, otherwise the pid was reused by another
 * process and the writer is dead. A zombie counts as dead. Without /proc only
 * the pid is checked. */
#include "recovery.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "procstat.h"

#define RECOVERY_GROUP "recovery"
#define RECOVERY_VERSION 1
#define RECOVERY_STEM_MAX 32 /* bytes of the document's name kept in an entry name */
#define RECOVERY_HASH_HEX 16 /* hex digits of SHA-256 of the path */

/* ------------------------------------------------------------------ processes */

static guint64 own_start(void)
{
  bool zombie;
  return procstat_process_start(getpid(), &zombie);
}

/* Whether the process that wrote an entry (@pid started at @start, 0 unknown) runs. */
static bool writer_alive(gint64 pid, guint64 start)
{
  if (pid <= 0 || pid > G_MAXINT32)
    return false;
  if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
    return false;
  bool zombie;
  guint64 now = procstat_process_start(pid, &zombie);
  if (zombie)
    return false;
  return start == 0 || now == 0 || now == start;
}

/* ------------------------------------------------------------------ names */

char *recovery_dir(void)
{
  return g_build_filename(g_get_user_state_dir(), "glyphpad", "recovery", NULL);
}

/* The document's base name without its extension, made of safe bytes only. */
static char *entry_stem(const char *abs_path)
{
  g_autofree char *base = g_path_get_basename(abs_path);
  char *dot = strrchr(base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  GString *stem = g_string_new(NULL);
  for (const char *c = base; *c != '\0' && stem->len < RECOVERY_STEM_MAX; c++)
    g_string_append_c(stem, g_ascii_isalnum(*c) || *c == '-' || *c == '_' ? *c : '_');
  if (stem->len == 0 || strcmp(base, G_DIR_SEPARATOR_S) == 0)
    g_string_assign(stem, "file");
  return g_string_free(stem, FALSE);
}

/* The entry's name without extension. */
static char *entry_name(const char *doc_path)
{
  if (doc_path == NULL)
    return g_strdup_printf("untitled-%ld-%" G_GUINT64_FORMAT, (long)getpid(), own_start());
  g_autofree char *abs = g_canonicalize_filename(doc_path, NULL);
  g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, abs, -1);
  g_autofree char *stem = entry_stem(abs);
  return g_strdup_printf("%s-%.*s", stem, RECOVERY_HASH_HEX, hash);
}

char *recovery_entry_path(const char *doc_path)
{
  g_autofree char *dir = recovery_dir();
  g_autofree char *name = entry_name(doc_path);
  g_autofree char *file = g_strconcat(name, ".txt", NULL);
  return g_build_filename(dir, file, NULL);
}

/* NAME.txt -> NAME.ini. */
static char *ini_of(const char *txt_path)
{
  gsize len = strlen(txt_path);
  g_return_val_if_fail(g_str_has_suffix(txt_path, ".txt"), NULL);
  return g_strdup_printf("%.*s.ini", (int)(len - 4), txt_path);
}

void recovery_entry_clear(RecoveryEntry *entry)
{
  g_return_if_fail(entry != NULL);
  g_free(entry->doc_path);
  g_free(entry->txt_path);
  g_free(entry->ini_path);
  *entry = (RecoveryEntry){0};
}

/* ------------------------------------------------------------------ writing one entry */

static char *describe(const char *doc_path, gsize bytes, gint64 pid, guint64 start)
{
  g_autoptr(GKeyFile) key = g_key_file_new();
  g_key_file_set_integer(key, RECOVERY_GROUP, "version", RECOVERY_VERSION);
  if (doc_path != NULL) {
    g_autofree char *abs = g_canonicalize_filename(doc_path, NULL);
    g_key_file_set_string(key, RECOVERY_GROUP, "path", abs);
  }
  g_key_file_set_int64(key, RECOVERY_GROUP, "written", g_get_real_time() / G_USEC_PER_SEC);
  g_key_file_set_int64(key, RECOVERY_GROUP, "pid", pid);
  g_key_file_set_uint64(key, RECOVERY_GROUP, "start", start);
  g_key_file_set_uint64(key, RECOVERY_GROUP, "bytes", bytes);
  return g_key_file_to_data(key, NULL, NULL);
}

static bool make_dir(const char *txt_path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname(txt_path);
  if (g_mkdir_with_parents(dir, 0700) == 0)
    return true;
  int saved = errno;
  g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
              "%s (cannot create the recovery folder %s)", g_strerror(saved), dir);
  return false;
}

/* The content first, then its description: an .ini never names a partial .txt. */
static bool write_entry(const char *txt_path, const char *doc_path, GBytes *content, gint64 pid,
                        guint64 start, GError **error)
{
  const GFileSetContentsFlags flags = G_FILE_SET_CONTENTS_CONSISTENT;
  gsize len = 0;
  const char *data = g_bytes_get_data(content, &len);
  if (!make_dir(txt_path, error) ||
      !g_file_set_contents_full(txt_path, data ? data : "", (gssize)len, flags, 0600, error))
    return false;
  g_autofree char *ini_path = ini_of(txt_path);
  g_autofree char *ini = describe(doc_path, len, pid, start);
  return g_file_set_contents_full(ini_path, ini, -1, flags, 0600, error);
}

/* ------------------------------------------------------------------ the writer */

struct RecoveryWriter {
  GThread *thread;   /* the worker */
  GMutex lock;       /* guards everything below */
  GCond cond;        /* a job came, a job is done, or quit */
  GBytes *pending;   /* the waiting snapshot, NULL when the slot is empty */
  char *pending_doc; /* its document (NULL: untitled) */
  char *pending_txt; /* its entry's .txt path, fixed when submitted */
  bool busy;         /* the worker is writing a snapshot outside the lock */
  bool quit;         /* free() was called */
  bool paused;       /* recovery_writer_set_paused(): leave the slot alone */
  guint64 written;   /* entries written successfully */
  bool failing;      /* the last write failed */
  char *new_error;   /* a failure not yet taken, NULL if none */
  gint64 pid;        /* this process, recorded in every entry */
  guint64 start;     /* its start time */
};

/* Waits for a job; false when told to quit with nothing left. Called locked. */
static bool take_job(RecoveryWriter *w, GBytes **content, char **doc, char **txt)
{
  while ((w->pending == NULL || w->paused) && !w->quit)
    g_cond_wait(&w->cond, &w->lock);
  if (w->pending == NULL)
    return false;
  *content = g_steal_pointer(&w->pending);
  *doc = g_steal_pointer(&w->pending_doc);
  *txt = g_steal_pointer(&w->pending_txt);
  w->busy = true;
  return true;
}

/* Records a job's outcome. Called locked. */
static void job_done(RecoveryWriter *w, const GError *error)
{
  w->busy = false;
  if (error == NULL) {
    w->written++;
    w->failing = false;
  } else if (!w->failing) {
    w->failing = true;
    g_free(w->new_error);
    w->new_error = g_strdup(error->message);
  }
  g_cond_broadcast(&w->cond);
}

static gpointer worker(gpointer data)
{
  RecoveryWriter *w = data;
  GBytes *content;
  char *doc, *txt;
  g_mutex_lock(&w->lock);
  while (take_job(w, &content, &doc, &txt)) {
    g_mutex_unlock(&w->lock);
    g_autoptr(GError) error = NULL;
    write_entry(txt, doc, content, w->pid, w->start, &error);
    g_bytes_unref(content);
    g_free(doc);
    g_free(txt);
    g_mutex_lock(&w->lock);
    job_done(w, error);
  }
  g_mutex_unlock(&w->lock);
  return NULL;
}

RecoveryWriter *recovery_writer_new(void)
{
  RecoveryWriter *w = g_new0(RecoveryWriter, 1);
  g_mutex_init(&w->lock);
  g_cond_init(&w->cond);
  w->pid = getpid();
  w->start = own_start();
  w->thread = g_thread_new("recovery", worker, w);
  return w;
}

/* Drops the waiting snapshot. Called locked. */
static void clear_slot(RecoveryWriter *w)
{
  g_clear_pointer(&w->pending, g_bytes_unref);
  g_clear_pointer(&w->pending_doc, g_free);
  g_clear_pointer(&w->pending_txt, g_free);
}

void recovery_writer_free(RecoveryWriter *writer)
{
  if (writer == NULL)
    return;
  g_mutex_lock(&writer->lock);
  writer->quit = true;
  g_cond_broadcast(&writer->cond);
  g_mutex_unlock(&writer->lock);
  g_thread_join(writer->thread);
  clear_slot(writer);
  g_free(writer->new_error);
  g_mutex_clear(&writer->lock);
  g_cond_clear(&writer->cond);
  g_free(writer);
}

void recovery_writer_submit(RecoveryWriter *writer, const char *doc_path, GBytes *content)
{
  g_return_if_fail(writer != NULL && content != NULL);
  char *txt = recovery_entry_path(doc_path); /* outside the lock: hashing takes a moment */
  g_mutex_lock(&writer->lock);
  clear_slot(writer);
  writer->pending = g_bytes_ref(content);
  writer->pending_doc = g_strdup(doc_path);
  writer->pending_txt = txt;
  g_cond_broadcast(&writer->cond);
  g_mutex_unlock(&writer->lock);
}

void recovery_writer_flush(RecoveryWriter *writer)
{
  g_return_if_fail(writer != NULL);
  g_mutex_lock(&writer->lock);
  while ((writer->pending != NULL && !writer->paused) || writer->busy)
    g_cond_wait(&writer->cond, &writer->lock);
  g_mutex_unlock(&writer->lock);
}

bool recovery_writer_discard(RecoveryWriter *writer, const char *doc_path, GError **error)
{
  g_return_val_if_fail(writer != NULL, false);
  g_autofree char *txt = recovery_entry_path(doc_path);
  g_mutex_lock(&writer->lock);
  if (writer->pending != NULL && g_strcmp0(writer->pending_txt, txt) == 0)
    clear_slot(writer);
  while (writer->busy) /* a write in progress would bring the entry back */
    g_cond_wait(&writer->cond, &writer->lock);
  g_mutex_unlock(&writer->lock);
  return recovery_discard(doc_path, error);
}

void recovery_writer_set_paused(RecoveryWriter *writer, bool paused)
{
  g_return_if_fail(writer != NULL);
  g_mutex_lock(&writer->lock);
  writer->paused = paused;
  g_cond_broadcast(&writer->cond);
  g_mutex_unlock(&writer->lock);
}

guint64 recovery_writer_written(RecoveryWriter *writer)
{
  g_return_val_if_fail(writer != NULL, 0);
  g_mutex_lock(&writer->lock);
  guint64 n = writer->written;
  g_mutex_unlock(&writer->lock);
  return n;
}

char *recovery_writer_take_error(RecoveryWriter *writer)
{
  g_return_val_if_fail(writer != NULL, NULL);
  g_mutex_lock(&writer->lock);
  char *message = g_steal_pointer(&writer->new_error);
  g_mutex_unlock(&writer->lock);
  return message;
}

/* ------------------------------------------------------------------ finding and removing */

/* Reads the entry described by @ini_path; false when it is missing, unreadable,
 * of another version or without its content file. */
static bool read_entry(const char *ini_path, RecoveryEntry *out, guint64 *start)
{
  g_autoptr(GKeyFile) key = g_key_file_new();
  if (!g_key_file_load_from_file(key, ini_path, G_KEY_FILE_NONE, NULL) ||
      g_key_file_get_integer(key, RECOVERY_GROUP, "version", NULL) != RECOVERY_VERSION)
    return false;
  g_autofree char *txt = g_strdup_printf("%.*s.txt", (int)strlen(ini_path) - 4, ini_path);
  if (!g_file_test(txt, G_FILE_TEST_IS_REGULAR))
    return false;
  *out = (RecoveryEntry){
      .doc_path = g_key_file_get_string(key, RECOVERY_GROUP, "path", NULL),
      .txt_path = g_steal_pointer(&txt),
      .ini_path = g_strdup(ini_path),
      .written = g_key_file_get_int64(key, RECOVERY_GROUP, "written", NULL),
      .pid = g_key_file_get_int64(key, RECOVERY_GROUP, "pid", NULL),
      .bytes = g_key_file_get_uint64(key, RECOVERY_GROUP, "bytes", NULL),
  };
  *start = g_key_file_get_uint64(key, RECOVERY_GROUP, "start", NULL);
  return true;
}

/* The entry at @ini_path if it belongs to @doc_path (NULL: untitled) and its writer is dead. */
static bool read_lost_entry(const char *ini_path, const char *doc_path, RecoveryEntry *out)
{
  guint64 start = 0;
  if (!read_entry(ini_path, out, &start))
    return false;
  g_autofree char *abs = doc_path ? g_canonicalize_filename(doc_path, NULL) : NULL;
  if (g_strcmp0(out->doc_path, abs) == 0 && !writer_alive(out->pid, start))
    return true;
  recovery_entry_clear(out);
  return false;
}

/* The newest lost untitled entry. */
static bool find_untitled(RecoveryEntry *out)
{
  g_autofree char *dir = recovery_dir();
  g_autoptr(GDir) listing = g_dir_open(dir, 0, NULL);
  const char *name;
  bool found = false;
  while (listing != NULL && (name = g_dir_read_name(listing)) != NULL) {
    if (!g_str_has_prefix(name, "untitled-") || !g_str_has_suffix(name, ".ini"))
      continue;
    g_autofree char *ini = g_build_filename(dir, name, NULL);
    RecoveryEntry entry;
    if (!read_lost_entry(ini, NULL, &entry))
      continue;
    if (found && entry.written <= out->written) {
      recovery_entry_clear(&entry);
      continue;
    }
    if (found)
      recovery_entry_clear(out);
    *out = entry;
    found = true;
  }
  return found;
}

bool recovery_find(const char *doc_path, RecoveryEntry *out)
{
  g_return_val_if_fail(out != NULL, false);
  *out = (RecoveryEntry){0};
  if (doc_path == NULL)
    return find_untitled(out);
  g_autofree char *txt = recovery_entry_path(doc_path);
  g_autofree char *ini = ini_of(txt);
  return read_lost_entry(ini, doc_path, out);
}

static bool remove_file(const char *path, GError **error)
{
  if (g_remove(path) == 0 || errno == ENOENT)
    return true;
  int saved = errno;
  g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
              "cannot remove the recovery file %s: %s", path, g_strerror(saved));
  return false;
}

bool recovery_entry_remove(const RecoveryEntry *entry, GError **error)
{
  g_return_val_if_fail(entry != NULL && entry->txt_path != NULL, false);
  /* The description first: without it the content is never offered. */
  return (entry->ini_path == NULL || remove_file(entry->ini_path, error)) &&
         remove_file(entry->txt_path, error);
}

bool recovery_discard(const char *doc_path, GError **error)
{
  RecoveryEntry entry = {0};
  entry.txt_path = recovery_entry_path(doc_path);
  entry.ini_path = ini_of(entry.txt_path);
  /* A named entry may have been written by another window on the same file
   * since: leave it to that window while it runs. */
  RecoveryEntry other;
  guint64 start = 0;
  bool foreign = false;
  if (read_entry(entry.ini_path, &other, &start)) {
    foreign = other.pid != getpid() && writer_alive(other.pid, start);
    recovery_entry_clear(&other);
  }
  bool ok = foreign || recovery_entry_remove(&entry, error);
  recovery_entry_clear(&entry);
  return ok;
}
