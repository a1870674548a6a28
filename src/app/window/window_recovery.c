/* window_recovery.c — the window's side of recovery files (recovery.h).
 *
 * Writing: at most every WINDOW_RECOVERY_MS, when the document is modified and its
 * generation differs from the last snapshot, the main thread encodes it as a
 * save would (a memory copy) and hands it to the RecoveryWriter, whose thread
 * writes it. Encoding a huge document takes a while (about 80 ms for 50 MB),
 * so the interval grows to WINDOW_RECOVERY_ENCODE_FACTOR times the last encode
 * time (snapshots then cost at most about 5% of the main thread), and a
 * snapshot waits for a pause in typing of WINDOW_RECOVERY_IDLE_MS, unless the
 * changes are already WINDOW_RECOVERY_MAX_LAG_MS old: the hitch falls between
 * keystrokes, and the file is still at most a few seconds behind. The entry lives only while there are
 * unsaved changes: a save, undoing back to the saved text, "don't save" on
 * quit and opening another document remove it.
 *
 * Restoring: when a document is opened (or the window starts untitled) and an
 * entry of it from a process that is no longer running exists, the status bar
 * asks (the "recover" question): y loads the entry's bytes into the document, keeps
 * the original path and marks it modified; n removes the entry. Until answered
 * the entry stays on disk, so a second crash loses nothing. */
#include "window_recovery.h"

#include <string.h>

#include "question.h"
#include "recovery.h"
#include "styled_html.h"
#include "text_loader.h"
#include "text_saver.h"

#define WINDOW_RECOVERY_ENCODE_FACTOR 20 /* interval >= this many encode times */
#define WINDOW_RECOVERY_POLL_MS 250      /* how often to look for a write error */
#define WINDOW_RECOVERY_POLL_FOR_MS 3000 /* after a submit, for this long */
#define WINDOW_RECOVERY_IDLE_MS 300      /* snapshot in a pause of typing this long... */
#define WINDOW_RECOVERY_MAX_LAG_MS 5000  /* ...or once the oldest unwritten change is this old */

struct WindowRecovery {
  RecoveryWriter *writer;  /* started on the first snapshot */
  guint64 generation;      /* editor_generation() of the last snapshot */
  guint64 due_ms;          /* no snapshot before this time */
  guint64 seen_generation; /* the generation the last tick saw */
  guint64 changed_ms;      /* when the tick saw it change */
  guint64 behind_since_ms; /* when the document first differed from the snapshot, 0: it does not */
  guint64 interval_ms;     /* WINDOW_RECOVERY_MS or more for large documents */
  guint64 poll_until_ms;   /* look for write errors until then */
  bool written;            /* an entry of ours exists (or is on its way) */
  char *doc;               /* its document path, NULL: untitled */
  RecoveryEntry *offer;    /* the lost entry the question is about, or NULL */
};

static WindowRecovery *state(App *app)
{
  if (app->recovery == NULL) {
    app->recovery = g_new0(WindowRecovery, 1);
    app->recovery->interval_ms = WINDOW_RECOVERY_MS;
  }
  return app->recovery;
}

/* ------------------------------------------------------------------ writing */

static void report_error(App *app, WindowRecovery *r)
{
  g_autofree char *error = r->writer ? recovery_writer_take_error(r->writer) : NULL;
  if (error != NULL)
    app_message(app, true, "Recovery file not written: %s", error);
}

/* The bytes a save would write — styled whenever the document has several
 * styles, so a crash never loses typefaces and sizes; UTF-8 when the file's
 * encoding cannot carry the text (a save would fail, the recovery file must not). */
static GBytes *encode(App *app, GError **error)
{
  Session *s = app->session;
  Document *doc = editor_document(s->editor);
  TextFileInfo info = s->info;
  if (styled_html_needed(doc))
    info = (TextFileInfo){.encoding = TEXT_ENCODING_UTF8, .format = TEXT_FORMAT_STYLED_HTML};
  TextSaveOptions options = {.px_per_css_px = app->density};
  gsize len = 0;
  char *bytes = text_saver_encode(doc, &info, &options, &len, NULL);
  if (bytes == NULL)
    bytes = text_saver_encode(doc, NULL, &options, &len, error);
  return bytes != NULL ? g_bytes_new_take(bytes, len) : NULL;
}

/* Removes our entry (a pending snapshot of it included). */
void window_recovery_forget(App *app)
{
  WindowRecovery *r = state(app);
  if (!r->written)
    return;
  g_autoptr(GError) error = NULL;
  if (!recovery_writer_discard(r->writer, r->doc, &error))
    app_message(app, true, "%s", error->message);
  r->written = false;
  g_clear_pointer(&r->doc, g_free);
}

static void snapshot(App *app, WindowRecovery *r, guint64 now)
{
  Session *s = app->session;
  if (r->written && g_strcmp0(r->doc, s->path) != 0)
    window_recovery_forget(app); /* the document was renamed: one entry, under its new name */
  gint64 start = g_get_monotonic_time();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = encode(app, &error);
  guint64 took_ms = (guint64)((g_get_monotonic_time() - start) / 1000);
  r->interval_ms = MAX((guint64)WINDOW_RECOVERY_MS, WINDOW_RECOVERY_ENCODE_FACTOR * took_ms);
  r->due_ms = now + r->interval_ms;
  r->generation = editor_generation(s->editor);
  r->behind_since_ms = 0;
  if (content == NULL) {
    app_message(app, true, "Recovery file not written: %s", error->message);
    return;
  }
  if (r->writer == NULL)
    r->writer = recovery_writer_new();
  recovery_writer_submit(r->writer, s->path, content);
  r->written = true;
  g_free(r->doc);
  r->doc = g_strdup(s->path);
  r->poll_until_ms = now + WINDOW_RECOVERY_POLL_FOR_MS;
}

/* When the next snapshot is due, the document being behind. */
static guint64 snapshot_time(const WindowRecovery *r)
{
  guint64 pause = r->changed_ms + WINDOW_RECOVERY_IDLE_MS;
  guint64 lag = r->behind_since_ms + WINDOW_RECOVERY_MAX_LAG_MS;
  return MAX(r->due_ms, MIN(pause, lag));
}

void window_recovery_tick(App *app, guint64 now)
{
  WindowRecovery *r = state(app);
  report_error(app, r);
  if (!app->running || r->offer != NULL) /* the restore question is open */
    return;
  Editor *editor = app->session->editor;
  if (!editor_modified(editor)) {
    window_recovery_forget(app); /* saved, or undone back to the saved text */
    return;
  }
  guint64 generation = editor_generation(editor);
  if (generation != r->seen_generation) {
    r->seen_generation = generation;
    r->changed_ms = now;
  }
  if (generation == r->generation) {
    r->behind_since_ms = 0;
    return;
  }
  if (r->behind_since_ms == 0)
    r->behind_since_ms = now;
  if (now >= snapshot_time(r))
    snapshot(app, r, now);
}

guint64 window_recovery_wait(const App *app, guint64 now)
{
  const WindowRecovery *r = app->recovery;
  const Editor *editor = app->session->editor;
  if (r == NULL) /* nothing snapshotted yet */
    return editor_modified(editor) ? 0 : G_MAXUINT64;
  guint64 wait = G_MAXUINT64;
  if (now < r->poll_until_ms)
    wait = WINDOW_RECOVERY_POLL_MS;
  if (editor_modified(editor) && editor_generation(editor) != r->generation) {
    guint64 at = r->behind_since_ms != 0 ? snapshot_time(r) : now; /* 0: tick notes it first */
    wait = MIN(wait, at > now ? at - now : 0);
  }
  return wait;
}

/* ------------------------------------------------------------------ restoring */

static void drop_offer(WindowRecovery *r)
{
  if (r->offer != NULL)
    recovery_entry_clear(r->offer);
  g_clear_pointer(&r->offer, g_free);
}

static const Question RESTORE_QUESTION;

/* Asks about a lost entry of the open document, if there is one. */
static void offer(App *app, WindowRecovery *r)
{
  RecoveryEntry entry;
  if (!recovery_find(app->session->path, &entry))
    return;
  drop_offer(r);
  r->offer = g_memdup2(&entry, sizeof entry);
  question_ask(app, &RESTORE_QUESTION);
}

void window_recovery_opened(App *app)
{
  WindowRecovery *r = state(app);
  window_recovery_forget(app); /* the previous document's, if it had one */
  drop_offer(r);
  if (app->question == &RESTORE_QUESTION)
    question_close(app);
  r->generation = editor_generation(app->session->editor);
  r->due_ms = 0;
  offer(app, r);
}

/* Loads the offered entry into the document under the original name. */
static bool load_offer(App *app, const RecoveryEntry *entry, GError **error)
{
  Session *s = app->session;
  Document *doc = editor_document(s->editor);
  TextFileInfo info = {0};
  if (!text_loader_load(doc, entry->txt_path, CLI_MAX_FILE_BYTES, &info, error) ||
      !session_read_format(s, doc, &info, error))
    return false;
  if (info.format != s->info.format) /* a styled snapshot of a plain file: saved as the file is */
    info = s->info;
  info.stamp = s->info.stamp; /* the file on disk is still the one opened */
  s->info = info;
  editor_reset(s->editor);
  editor_mark_modified(s->editor);
  view_scroll_to(s->view, 0);
  app->goal_x = -1;
  return true;
}

static void restore(App *app, WindowRecovery *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = r->offer->doc_path ? g_path_get_basename(r->offer->doc_path)
                                             : g_strdup("the untitled document");
  if (!load_offer(app, r->offer, &error)) {
    /* The loader emptied the document when reading failed part way: never
     * leave that empty text under the file's name, where Ctrl+S would write it. */
    Session *s = app->session;
    editor_reset(s->editor);
    g_clear_pointer(&s->path, g_free);
    s->info = (TextFileInfo){.encoding = TEXT_ENCODING_UTF8};
    app_message(app, true,
                "Cannot restore %s: %s (the recovery file %s stays; Ctrl+O opens "
                "the file again)",
                name, error->message, r->offer->txt_path);
    return;
  }
  /* Our own entry first, then the old one goes: there is always one on disk. */
  snapshot(app, r, app_now_ms());
  if (r->writer == NULL || !r->written) /* could not even encode it: keep the old one */
    return;
  recovery_writer_flush(r->writer);
  g_autofree char *ours = recovery_entry_path(app->session->path);
  if (g_strcmp0(ours, r->offer->txt_path) != 0 && !recovery_entry_remove(r->offer, &error))
    app_message(app, true, "%s", error->message);
  else
    app_message(app, false, "Restored the unsaved changes to %s; Ctrl+S saves them", name);
}

static void discard(App *app, WindowRecovery *r)
{
  g_autoptr(GError) error = NULL;
  if (!recovery_entry_remove(r->offer, &error))
    app_message(app, true, "%s", error->message);
  else
    app_message(app, false, "Discarded the recovered changes");
}

/* y restores, n discards (and offers an older entry if there is one). The
 * key's own text is dropped by the input module. */
static void restore_answer(App *app, SDL_Keycode key)
{
  WindowRecovery *r = state(app);
  if (r->offer == NULL)
    return;
  if (key == SDLK_y)
    restore(app, r);
  else
    discard(app, r);
  drop_offer(r);
  if (key == SDLK_n)
    offer(app, r); /* an older untitled one may be next */
  app->dirty = true;
}

static char *restore_text(const App *app)
{
  const RecoveryEntry *e = app->recovery ? app->recovery->offer : NULL;
  if (e == NULL)
    return g_strdup("");
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(e->written);
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  bool today = when != NULL && g_date_time_get_year(when) == g_date_time_get_year(now) &&
               g_date_time_get_day_of_year(when) == g_date_time_get_day_of_year(now);
  g_autofree char *time = when ? g_date_time_format(when, today ? "%H:%M" : "%e %b %H:%M")
                               : g_strdup("earlier");
  g_autofree char *name = e->doc_path ? g_path_get_basename(e->doc_path)
                                      : g_strdup("an untitled document");
  return g_strdup_printf("Unsaved changes to %s from %s were recovered. Restore them?  "
                         "[y] restore  [n] discard",
                         name, g_strstrip(time));
}

/* Esc does not answer it: "later" would let the next snapshot overwrite the
 * entry. Input waits behind it, so keys typed for the text never answer it. */
static const Question RESTORE_QUESTION = {
    .name = "recover",
    .answers = {SDLK_y, SDLK_n},
    .holds_input = true,
    .text = restore_text,
    .answer = restore_answer,
};

void window_recovery_close(App *app)
{
  WindowRecovery *r = app->recovery;
  if (r == NULL)
    return;
  recovery_writer_free(r->writer); /* finishes a write in progress */
  drop_offer(r);
  g_free(r->doc);
  g_free(r);
  app->recovery = NULL;
}
