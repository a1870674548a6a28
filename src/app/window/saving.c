/* saving.c — saving and its questions (saving.h).
 *
 * A save is an attempt at (path, format) with three confirmations, each given
 * by answering its question: text_only (plain text may drop typefaces and
 * sizes), disk (it may replace or recreate what another program changed or
 * deleted, or another existing file) and read_only. attempt() checks what is
 * not confirmed yet, asks the first question needed and returns; each answer
 * confirms and calls attempt() again, so the checks run in one place and in
 * one order. A new save starts with no confirmations. */
#include "saving.h"

#include <string.h>

#include "files.h"
#include "pathbar.h"
#include "prompt.h"
#include "question.h"
#include "styled_html.h"
#include "text_saver.h"
#include "window_recovery.h"
#include "window_settings.h"

struct Saving {
  char *path;               /* the save being attempted ("~/" expanded), or NULL */
  TextFormat format;        /* the format it writes */
  bool text_only_confirmed; /* it may write plain text of a styled document */
  bool disk_confirmed;      /* it may replace or recreate what another program changed or
                              * deleted, or replace another existing file */
  bool read_only_confirmed; /* it may overwrite a read-only file */
  char *error;              /* why the last save did not happen, for the unsaved question */
  SavingAction pending;     /* runs after the unsaved-changes question */
  char *pending_path;       /* for SAVING_ACTION_OPEN_PATH */
};

static bool attempt(App *app);

Saving *saving_new(void)
{
  return g_new0(Saving, 1);
}

void saving_free(Saving *sv)
{
  if (sv == NULL)
    return;
  g_free(sv->path);
  g_free(sv->error);
  g_free(sv->pending_path);
  g_free(sv);
}

/* The file's name as questions and messages show it. */
static char *display_name(const char *path)
{
  g_autofree char *base = g_path_get_basename(path);
  return g_filename_display_name(base);
}

/* ------------------------------------------------------------------ actions */

static void open_done(App *app, const char *path);

static void run_action(App *app, SavingAction action)
{
  Saving *sv = app->saving;
  sv->pending = SAVING_ACTION_NONE;
  g_clear_pointer(&sv->error, g_free);
  if (action == SAVING_ACTION_QUIT) {
    window_recovery_forget(app); /* saved, or the user chose not to */
    app->running = false;
  } else if (action == SAVING_ACTION_OPEN_PROMPT) {
    pathbar_start(app, "Open:", open_done);
  } else if (action == SAVING_ACTION_OPEN_PATH && sv->pending_path != NULL) {
    files_open_path(app, sv->pending_path);
  } else if (action == SAVING_ACTION_CLOSE) {
    window_recovery_forget(app); /* saved, or the user chose not to */
    files_close(app);
  }
  app->dirty = true;
}

/* The path prompt's end for Open: opens the path; Esc cancels. */
static void open_done(App *app, const char *path)
{
  if (path != NULL)
    files_open_path(app, path);
}

static char *unsaved_text(const App *app)
{
  const Saving *sv = app->saving;
  if (sv->error != NULL)
    return g_strdup_printf("%s.  [y] try again  [n] don't save  [Esc] cancel", sv->error);
  const char *path = app->session->path;
  g_autofree char *name = path ? display_name(path) : g_strdup("the untitled document");
  return g_strdup_printf("Unsaved changes to %s. Save them first?  [y] yes  [n] no  "
                         "[Esc] cancel",
                         name);
}

static void unsaved_answer(App *app, SDL_Keycode key)
{
  Saving *sv = app->saving;
  if (key == SDLK_y) {
    saving_save(app); /* runs the pending action once saved, or asks on */
  } else if (key == SDLK_n) {
    run_action(app, sv->pending);
  } else {
    sv->pending = SAVING_ACTION_NONE;
    g_clear_pointer(&sv->error, g_free);
  }
}

static const Question UNSAVED_QUESTION = {
    .name = "unsaved",
    .answers = {SDLK_y, SDLK_n, SDLK_c, SDLK_ESCAPE},
    .text = unsaved_text,
    .answer = unsaved_answer,
};

void saving_request(App *app, SavingAction action, const char *path)
{
  Saving *sv = app->saving;
  g_free(sv->pending_path);
  sv->pending_path = g_strdup(path);
  g_clear_pointer(&sv->error, g_free);
  if (!editor_modified(app->session->editor)) {
    run_action(app, action);
    return;
  }
  sv->pending = action;
  question_ask(app, &UNSAVED_QUESTION);
}

/* ------------------------------------------------------------------ outcomes */

/* The save did not happen (@why, a sentence naming the file): the bar says so
 * and, when the unsaved question led here, asks it again with the reason. */
static void not_saved(App *app, const char *why)
{
  Saving *sv = app->saving;
  g_free(sv->error);
  sv->error = g_strdup(why);
  if (sv->pending != SAVING_ACTION_NONE)
    question_ask(app, &UNSAVED_QUESTION);
  else
    app_message(app, true, "%s", why);
}

/* A question about the save was answered no (or Esc). */
static void declined(App *app, const char *what)
{
  g_autofree char *name = display_name(app->saving->path);
  g_autofree char *why = g_strdup_printf("Not saved: you chose not to %s %s", what, name);
  not_saved(app, why);
}

/* The save happened: the session now names that file in that format. */
static void saved(App *app, const TextFileInfo *info, bool all_kept)
{
  Session *s = app->session;
  Saving *sv = app->saving;
  g_autofree char *name = display_name(sv->path);
  if (g_strcmp0(s->path, sv->path) != 0) {
    g_free(s->path);
    s->path = g_strdup(sv->path);
  }
  s->info = *info;
  text_file_stamp(s->path, &s->info.stamp); /* later changes by others count from here */
  g_clear_pointer(&sv->error, g_free);
  window_settings_file_saved(app);
  if (all_kept) {
    editor_mark_saved(s->editor);
    window_recovery_forget(app);
    app_message(app, false, "Saved %s", sv->path);
  } else {
    app_message(app, false,
                "Saved the text of %s; its typefaces and sizes are not in it, so it "
                "stays marked modified (Ctrl+Shift+S to a .html file keeps them)",
                name);
  }
  if (sv->pending != SAVING_ACTION_NONE)
    run_action(app, sv->pending);
}

/* ------------------------------------------------------------------ questions */

/* Where a styled copy of @path goes: the same name ending in .html (or
 * -styled.html when @path is an .html file being edited as text). */
static char *styled_path(const char *path)
{
  g_autofree char *dir = g_path_get_dirname(path);
  g_autofree char *base = g_path_get_basename(path);
  g_autofree char *stem = g_strdup(base);
  char *dot = strrchr(stem, '.');
  if (dot != NULL && dot != stem)
    *dot = '\0';
  bool same = g_str_has_suffix(base, ".html") && strlen(stem) + 5 == strlen(base);
  g_autofree char *name = g_strconcat(stem, same ? "-styled.html" : ".html", NULL);
  return g_build_filename(dir, name, NULL);
}

/* Short enough that its choices fit the bar of a narrow window; the file's
 * name is in the status line below it. */
static char *styles_text(const App *app)
{
  g_autofree char *styled = styled_path(app->saving->path);
  g_autofree char *styled_name = display_name(styled);
  return g_strdup_printf("Plain text would lose the typefaces and sizes.  [h] save as %s  "
                         "[t] text only  [Esc] cancel",
                         styled_name);
}

static void styles_answer(App *app, SDL_Keycode key)
{
  Saving *sv = app->saving;
  if (key == SDLK_h) {
    char *styled = styled_path(sv->path);
    g_free(sv->path);
    sv->path = styled;
    sv->format = TEXT_FORMAT_STYLED_HTML;
    attempt(app);
  } else if (key == SDLK_t) {
    sv->text_only_confirmed = true;
    attempt(app);
  } else {
    declined(app, "drop the typefaces and sizes of");
  }
}

static const Question STYLES_QUESTION = {
    .name = "styles",
    .answers = {SDLK_h, SDLK_t, SDLK_ESCAPE},
    .text = styles_text,
    .answer = styles_answer,
};

static char *changed_text(const App *app)
{
  g_autofree char *name = display_name(app->saving->path);
  return g_strdup_printf("%s was changed by another program since you opened it. Overwrite "
                         "it?  [y] yes  [n] no, keep editing  [r] reload it (Ctrl+Z brings "
                         "yours back)",
                         name);
}

static char *other_text(const App *app)
{
  g_autofree char *name = display_name(app->saving->path);
  return g_strdup_printf("%s already exists. Replace it?  [y] yes  [n] no, keep editing", name);
}

static char *deleted_text(const App *app)
{
  g_autofree char *name = display_name(app->saving->path);
  return g_strdup_printf("%s was deleted by another program. Save it again?  [y] yes  "
                         "[n] no, keep editing",
                         name);
}

static void disk_answer(App *app, SDL_Keycode key)
{
  if (key == SDLK_y) {
    app->saving->disk_confirmed = true;
    attempt(app);
  } else if (key == SDLK_r) {
    app->saving->pending = SAVING_ACTION_NONE;
    files_reload(app);
  } else {
    declined(app, "overwrite");
  }
}

static const Question CHANGED_QUESTION = {
    .name = "overwrite",
    .answers = {SDLK_y, SDLK_n, SDLK_r, SDLK_ESCAPE},
    .text = changed_text,
    .answer = disk_answer,
};

static const Question OTHER_FILE_QUESTION = {
    .name = "overwrite",
    .answers = {SDLK_y, SDLK_n, SDLK_ESCAPE},
    .text = other_text,
    .answer = disk_answer,
};

static const Question DELETED_QUESTION = {
    .name = "deleted",
    .answers = {SDLK_y, SDLK_n, SDLK_ESCAPE},
    .text = deleted_text,
    .answer = disk_answer,
};

static char *read_only_text(const App *app)
{
  g_autofree char *name = display_name(app->saving->path);
  return g_strdup_printf("%s is read-only. Overwrite it anyway?  [y] yes  [n] no", name);
}

static void read_only_answer(App *app, SDL_Keycode key)
{
  if (key == SDLK_y) {
    app->saving->read_only_confirmed = true;
    attempt(app);
  } else {
    declined(app, "overwrite the read-only file");
  }
}

static const Question READ_ONLY_QUESTION = {
    .name = "read_only",
    .answers = {SDLK_y, SDLK_n, SDLK_ESCAPE},
    .text = read_only_text,
    .answer = read_only_answer,
};

/* ------------------------------------------------------------------ attempts */

/* The question the disk asks before this save, or NULL: the open file changed
 * or deleted by another program, or another existing file in the way. */
static const Question *disk_question(App *app)
{
  Saving *sv = app->saving;
  TextFileStamp now;
  if (sv->disk_confirmed)
    return NULL;
  if (files_changed_on_disk(app, sv->path, &now))
    return now.exists ? &CHANGED_QUESTION : &DELETED_QUESTION;
  if (g_strcmp0(app->session->path, sv->path) != 0 && g_file_test(sv->path, G_FILE_TEST_EXISTS))
    return &OTHER_FILE_QUESTION;
  return NULL;
}

/* What the file will be like: the session's, in the format of this save. */
static TextFileInfo target_info(const App *app)
{
  TextFileInfo info = app->session->info;
  if (app->saving->format == TEXT_FORMAT_STYLED_HTML && info.format != TEXT_FORMAT_STYLED_HTML)
    info = (TextFileInfo){.encoding = TEXT_ENCODING_UTF8, .ending = info.ending};
  info.format = app->saving->format;
  return info;
}

/* Writes the file; false with @error. */
static bool write_file(App *app, const TextFileInfo *info, GError **error)
{
  Saving *sv = app->saving;
  g_autofree char *title = display_name(sv->path);
  TextSaveOptions options = {
      .write = {.allow_read_only = sv->read_only_confirmed},
      .px_per_css_px = app->density,
      .title = title,
  };
  return text_saver_save(editor_document(app->session->editor), sv->path, info, &options, NULL,
                         error);
}

/* Checks what is not confirmed yet (asking the first question needed), then
 * writes. True when the file was written now. */
static bool attempt(App *app)
{
  Saving *sv = app->saving;
  Document *doc = editor_document(app->session->editor);
  bool loses_styles = sv->format == TEXT_FORMAT_PLAIN && styled_html_needed(doc);
  if (loses_styles && !sv->text_only_confirmed) {
    question_ask(app, &STYLES_QUESTION);
    return false;
  }
  const Question *disk = disk_question(app);
  if (disk != NULL) {
    question_ask(app, disk);
    return false;
  }
  g_autoptr(GError) error = NULL;
  TextFileInfo info = target_info(app);
  if (write_file(app, &info, &error)) {
    saved(app, &info, !loses_styles);
    return true;
  }
  if (g_error_matches(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_READ_ONLY) &&
      !sv->read_only_confirmed) {
    question_ask(app, &READ_ONLY_QUESTION);
    return false;
  }
  not_saved(app, error->message);
  return false;
}

/* A new save of @path (expanded here) in @format, with nothing confirmed. */
static bool save_to(App *app, const char *path, TextFormat format)
{
  Saving *sv = app->saving;
  g_free(sv->path);
  sv->path = prompt_expand_path(path);
  sv->format = format;
  sv->text_only_confirmed = sv->disk_confirmed = sv->read_only_confirmed = false;
  return attempt(app);
}

/* The path prompt's end for Save As; Esc cancels what was waiting too. */
static void save_as_done(App *app, const char *path)
{
  if (path == NULL)
    app->saving->pending = SAVING_ACTION_NONE;
  else
    save_to(app, path, app->session->info.format);
}

void saving_save_as(App *app)
{
  pathbar_start(app, "Save as:", save_as_done);
}

bool saving_save(App *app)
{
  if (app->session->path != NULL)
    return save_to(app, app->session->path, app->session->info.format);
  saving_save_as(app);
  return false;
}
