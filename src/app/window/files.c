/* files.c — open, load in steps, reload, changes on disk (files.h). */
#include "files.h"

#include "flyweight_switch.h"
#include "prompt.h"
#include "text_loader.h"
#include "window_recovery.h"
#include "window_settings.h"

struct Files {
  TextLoader *loader;         /* the file being loaded a step per loop turn, or NULL */
  guint64 load_start_ms;      /* when the current load started */
  bool start_sharing_done;    /* --no-flyweight has been applied (to the first file) */
  TextFileStamp warned_stamp; /* the on-disk change last reported, so it is said once */
};

Files *files_new(void)
{
  return g_new0(Files, 1);
}

void files_free(Files *files)
{
  if (files == NULL)
    return;
  text_loader_free(files->loader);
  g_free(files);
}

/* ------------------------------------------------------------------ loading */

bool files_loading(const App *app)
{
  return app->files->loader != NULL;
}

double files_load_progress(const App *app)
{
  return files_loading(app) ? text_loader_progress(app->files->loader) : 1.0;
}

/* Sets the session's file name (NULL: untitled) and how it is written back. */
static void set_session_file(Session *s, const char *path, const TextFileInfo *info)
{
  g_free(s->path);
  s->path = g_strdup(path);
  s->info = info != NULL ? *info : (TextFileInfo){.encoding = TEXT_ENCODING_UTF8};
}

/* --no-flyweight applies to the first file, once it is in: going off is
 * estimated on the whole document, so it cannot happen while it grows. */
static void apply_start_sharing(App *app)
{
  if (!app->opts->no_flyweight || app->files->start_sharing_done)
    return;
  app->files->start_sharing_done = true;
  flyweight_switch_start(app, false); /* in steps, as F2; says so when over the budget */
}

void files_start_untitled(App *app)
{
  apply_start_sharing(app);
  window_recovery_opened(app);
}

static void finish_load(App *app, TextLoadStatus status, GError *error)
{
  Session *s = app->session;
  g_autofree char *path = g_strdup(s->path);
  if (status == TEXT_LOAD_FAILED) {
    set_session_file(s, NULL, NULL); /* the document is empty now: never save it over the file */
    app_message(app, true, "Cannot open %s: %s", path, error->message);
  } else {
    set_session_file(s, path, text_loader_info(app->files->loader));
    g_autoptr(GError) format_error = NULL;
    g_autofree char *warning = text_file_describe_warnings(&s->info, path);
    if (!session_read_format(s, editor_document(s->editor), &s->info, &format_error))
      app_message(app, true, "%s; it is shown as plain text", format_error->message);
    else if (warning != NULL)
      app_message(app, true, "%s", warning);
    else
      app_message(app, false, "Opened %s", path);
  }
  s->load_ms = (double)(app_now_ms() - app->files->load_start_ms);
  g_clear_pointer(&app->files->loader, text_loader_free);
  editor_reset(s->editor);
  apply_start_sharing(app);
  if (status != TEXT_LOAD_FAILED) {
    window_settings_file_opened(app); /* the cursor where it was left */
    window_recovery_opened(app);      /* may offer a crashed session's changes */
  }
  app->dirty = true;
}

bool files_load_step(App *app, gint64 budget_us)
{
  g_autoptr(GError) error = NULL;
  TextLoadStatus status = text_loader_step(app->files->loader, budget_us, &error);
  if (status == TEXT_LOAD_MORE)
    return true;
  finish_load(app, status, error);
  return false;
}

/* A file named on the command line that does not exist yet is a new file:
 * the first Ctrl+S creates it, as in most editors. */
static bool start_new_file(App *app, const char *path, const GError *error)
{
  if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT) || app->session->path != NULL ||
      editor_modified(app->session->editor))
    return false;
  set_session_file(app->session, path, NULL);
  text_file_stamp(path, &app->session->info.stamp); /* missing: creating it later is a change */
  app_message(app, false, "New file %s (Ctrl+S creates it)", path);
  window_recovery_opened(app);
  return true;
}

bool files_open_path(App *app, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expanded = prompt_expand_path(path);
  Session *s = app->session;
  Files *f = app->files;
  if (!files_loading(app))
    window_settings_leave_file(app);
  g_clear_pointer(&f->loader, text_loader_free);
  f->loader = text_loader_open(editor_document(s->editor), expanded, CLI_MAX_FILE_BYTES, &error);
  if (f->loader == NULL) {
    if (!start_new_file(app, expanded, error))
      app_message(app, true, "Cannot open %s: %s", expanded, error->message);
    return false;
  }
  set_session_file(s, expanded, NULL);
  editor_reset(s->editor);
  view_scroll_to(s->view, 0);
  app->goal_x = -1;
  f->load_start_ms = app_now_ms();
  /* One step now, so the first frame already shows the start of the file. */
  files_load_step(app, FILES_LOAD_STEP_US);
  app->dirty = true;
  return true;
}

void files_close(App *app)
{
  Session *s = app->session;
  g_autofree char *name = s->path != NULL ? g_filename_display_basename(s->path) : NULL;
  if (!files_loading(app))
    window_settings_leave_file(app);
  g_clear_pointer(&app->files->loader, text_loader_free);
  document_clear(editor_document(s->editor));
  set_session_file(s, NULL, NULL);
  editor_reset(s->editor);
  view_scroll_to(s->view, 0);
  app->goal_x = -1;
  window_recovery_opened(app); /* the old entry goes (it was saved or discarded) */
  if (name != NULL)
    app_message(app, false, "Closed %s; this is a new untitled document", name);
  else
    app_message(app, false, "New untitled document");
  window_settings_save(app);
  app_after_edit(app);
}

/* ------------------------------------------------------------------ changes on disk */

bool files_changed_on_disk(const App *app, const char *path, TextFileStamp *now)
{
  const Session *s = app->session;
  if (g_strcmp0(s->path, path) != 0)
    return false;
  return text_file_stamp(path, now) && !text_file_stamp_equal(now, &s->info.stamp);
}

void files_check_disk(App *app)
{
  Session *s = app->session;
  TextFileStamp now;
  if (s->path == NULL || !files_changed_on_disk(app, s->path, &now) ||
      text_file_stamp_equal(&now, &app->files->warned_stamp))
    return;
  app->files->warned_stamp = now;
  g_autofree char *name = g_path_get_basename(s->path);
  if (now.exists)
    app_message(app, true,
                "%s was changed by another program; Ctrl+R reloads it (Ctrl+Z then "
                "brings your version back), Ctrl+S asks before overwriting it",
                name);
  else
    app_message(app, true,
                "%s was deleted by another program; Ctrl+S asks, then saves it "
                "again",
                name);
}

/* ------------------------------------------------------------------ reloading */

/* Reads the open file into a new document on the session's factory. */
static Document *read_again(App *app, TextFileInfo *info, GError **error)
{
  Session *s = app->session;
  g_autoptr(Document) scratch = document_new(s->factory, s->style);
  if (!text_loader_load(scratch, s->path, CLI_MAX_FILE_BYTES, info, error))
    return NULL;
  g_autoptr(GError) format_error = NULL;
  if (!session_read_format(s, scratch, info, &format_error))
    app_message(app, true, "%s; it is shown as plain text", format_error->message);
  return g_steal_pointer(&scratch);
}

bool files_reload(App *app)
{
  Session *s = app->session;
  g_autoptr(GError) error = NULL;
  if (s->path == NULL || files_loading(app)) {
    app_message(app, false, "Nothing to reload: %s",
                s->path ? "the file is still loading" : "this document has no file yet");
    return false;
  }
  g_autofree char *name = g_path_get_basename(s->path);
  TextFileInfo info = {0};
  g_autoptr(Document) scratch = read_again(app, &info, &error);
  if (scratch == NULL || !editor_replace_all(s->editor, scratch, &error)) {
    app_message(app, true, "Cannot reload %s: %s", name, error->message);
    return false;
  }
  s->info = info;
  editor_mark_saved(s->editor); /* it is what is on disk now; undo brings back the rest */
  app->goal_x = -1;
  app_after_edit(app);
  app_message(app, false, "Reloaded %s from disk; Ctrl+Z brings back the version you had", name);
  return true;
}
