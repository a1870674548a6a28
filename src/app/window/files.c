/* files.c — open, load, save, and the questions they ask (files.h). */
#include "files.h"

#include "pathbar.h"
#include "prompt.h"
#include "question.h"
#include "text_loader.h"
#include "text_saver.h"
#include "window_recovery.h"

struct Files {
  TextLoader *loader;        /* the file being loaded a step per loop turn, or NULL */
  guint64 load_start_ms;     /* when the current load started */
  bool start_sharing_done;   /* --no-flyweight has been applied (to the first file) */
  char *overwrite_path;      /* the save waiting for the overwrite question */
  bool overwrite_confirmed;  /* the next save may replace a file changed on disk */
  TextFileStamp warned_stamp;/* the on-disk change last reported, so it is said once */
  FilesAction pending;       /* runs after the unsaved-changes question */
  char *pending_path;        /* for FILES_ACTION_OPEN_PATH */
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
  g_free(files->overwrite_path);
  g_free(files->pending_path);
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
  g_autoptr(GError) error = NULL;
  if (!editor_set_sharing(app->session->editor, false, app->opts->budget, &error))
    app_message(app, true, "Flyweight stays on: %s", error->message);
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
    g_autofree char *warning = text_file_describe_warnings(&s->info, path);
    if (warning != NULL)
      app_message(app, true, "%s", warning);
    else
      app_message(app, false, "Opened %s", path);
  }
  s->load_ms = (double)(app_now_ms() - app->files->load_start_ms);
  g_clear_pointer(&app->files->loader, text_loader_free);
  editor_reset(s->editor);
  apply_start_sharing(app);
  if (status != TEXT_LOAD_FAILED)
    window_recovery_opened(app); /* may offer a crashed session's changes */
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

/* ------------------------------------------------------------------ changes on disk */

/* Whether @path is the open file and another program changed, replaced or
 * deleted it since it was loaded or last saved here. */
static bool changed_on_disk(const Session *s, const char *path, TextFileStamp *now)
{
  if (g_strcmp0(s->path, path) != 0)
    return false;
  return text_file_stamp(path, now) && !text_file_stamp_equal(now, &s->info.stamp);
}

void files_check_disk(App *app)
{
  Session *s = app->session;
  TextFileStamp now;
  if (s->path == NULL || !changed_on_disk(s, s->path, &now) ||
      text_file_stamp_equal(&now, &app->files->warned_stamp))
    return;
  app->files->warned_stamp = now;
  g_autofree char *name = g_path_get_basename(s->path);
  app_message(app, true, "%s was %s by another program; Ctrl+S asks before overwriting, "
              "Ctrl+O opens the new version", name, now.exists ? "changed" : "deleted");
}

/* Whether saving to @path would replace a file other than the open one. */
static bool replaces_other_file(const Session *s, const char *path)
{
  return g_strcmp0(s->path, path) != 0 && g_file_test(path, G_FILE_TEST_EXISTS);
}

/* ------------------------------------------------------------------ actions */

static void open_done(App *app, const char *path);

static void run_action(App *app, FilesAction action)
{
  Files *f = app->files;
  f->pending = FILES_ACTION_NONE;
  if (action == FILES_ACTION_QUIT) {
    window_recovery_forget(app); /* saved, or the user chose not to */
    app->running = false;
  } else if (action == FILES_ACTION_OPEN_PROMPT) {
    pathbar_start(app, "Open:", open_done);
  } else if (action == FILES_ACTION_OPEN_PATH && f->pending_path != NULL) {
    files_open_path(app, f->pending_path);
  }
  app->dirty = true;
}

/* After a save that a question or the prompt led to: what was waiting. */
static void run_pending(App *app)
{
  if (app->files->pending != FILES_ACTION_NONE)
    run_action(app, app->files->pending);
}

/* The path prompt's end for Open: opens the path; Esc cancels. */
static void open_done(App *app, const char *path)
{
  if (path != NULL)
    files_open_path(app, path);
  else
    app->files->pending = FILES_ACTION_NONE;
}

static char *unsaved_text(const App *app)
{
  return g_strdup("Unsaved changes. Save them first?  [y] yes  [n] no  [Esc] cancel");
}

static void unsaved_answer(App *app, SDL_Keycode key)
{
  if (key == SDLK_y) {
    if (files_save(app))
      run_action(app, app->files->pending);
  } else if (key == SDLK_n) {
    run_action(app, app->files->pending);
  } else {
    app->files->pending = FILES_ACTION_NONE;
  }
}

static const Question UNSAVED_QUESTION = {
  .name = "unsaved",
  .answers = {SDLK_y, SDLK_n, SDLK_c, SDLK_ESCAPE},
  .text = unsaved_text,
  .answer = unsaved_answer,
};

void files_request(App *app, FilesAction action, const char *path)
{
  Files *f = app->files;
  g_free(f->pending_path);
  f->pending_path = g_strdup(path);
  if (!editor_modified(app->session->editor)) {
    run_action(app, action);
    return;
  }
  f->pending = action;
  question_ask(app, &UNSAVED_QUESTION);
}

/* ------------------------------------------------------------------ saving */

static char *overwrite_text(const App *app)
{
  const char *path = app->files->overwrite_path;
  if (g_strcmp0(path, app->session->path) != 0)
    return g_strdup_printf("%s already exists. Replace it?  [y] yes  [n] no, keep editing",
                           path);
  return g_strdup("The file changed on disk since you opened it. Overwrite it?  [y] yes  "
                  "[n] no, keep editing");
}

static void overwrite_answer(App *app, SDL_Keycode key)
{
  Files *f = app->files;
  if (key == SDLK_y) {
    f->overwrite_confirmed = true;
    g_autofree char *path = g_strdup(f->overwrite_path);
    if (files_save_to(app, path))
      run_pending(app);
  } else {
    f->pending = FILES_ACTION_NONE;
    app_message(app, false, "Not saved; Ctrl+Shift+S saves under another name");
  }
}

static const Question OVERWRITE_QUESTION = {
  .name = "overwrite",
  .answers = {SDLK_y, SDLK_n, SDLK_ESCAPE},
  .text = overwrite_text,
  .answer = overwrite_answer,
};

/* The overwrite question instead of a save that would replace someone else's
 * change, or another existing file (Save As). */
static bool ask_overwrite(App *app, const char *path)
{
  TextFileStamp now;
  Files *f = app->files;
  if (f->overwrite_confirmed ||
      (!changed_on_disk(app->session, path, &now) && !replaces_other_file(app->session, path)))
    return false;
  g_free(f->overwrite_path);
  f->overwrite_path = g_strdup(path);
  question_ask(app, &OVERWRITE_QUESTION);
  return true;
}

bool files_save_to(App *app, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expanded = prompt_expand_path(path);
  Session *s = app->session;
  if (ask_overwrite(app, expanded))
    return false;
  app->files->overwrite_confirmed = false;
  if (!text_saver_save(editor_document(s->editor), expanded, &s->info, NULL, NULL, &error)) {
    app_message(app, true, "Not saved: %s", error->message);
    return false;
  }
  editor_mark_saved(s->editor);
  window_recovery_forget(app);
  if (g_strcmp0(s->path, expanded) != 0) {
    g_free(s->path);
    s->path = g_strdup(expanded);
  }
  text_file_stamp(expanded, &s->info.stamp); /* later changes by others are measured from here */
  app_message(app, false, "Saved %s", expanded);
  return true;
}

/* The path prompt's end for Save As: saves, then runs what was waiting;
 * Esc cancels what was waiting too. */
static void save_as_done(App *app, const char *path)
{
  if (path == NULL)
    app->files->pending = FILES_ACTION_NONE;
  else if (files_save_to(app, path))
    run_pending(app);
}

void files_save_as(App *app)
{
  pathbar_start(app, "Save as:", save_as_done);
}

bool files_save(App *app)
{
  if (app->session->path != NULL)
    return files_save_to(app, app->session->path);
  files_save_as(app);
  return false;
}
