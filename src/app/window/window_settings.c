/* window_settings.c — the window's remembered settings (window_settings.h). */
#include "window_settings.h"

/* Copies the remembered values into @effective where @given left them open. */
static void fill_in(const Settings *s, const CliOptions *given, CliOptions *effective)
{
  *effective = *given;
  if (!given->font_given && s->font != NULL)
    effective->font = s->font;
  if (!given->size_given && s->size > 0)
    effective->size = s->size;
  if (!given->width_given && s->width > 0)
    effective->width = s->width;
  if (!given->height_given && s->height > 0)
    effective->height = s->height;
}

Settings *window_settings_load(const CliOptions *given, CliOptions *effective, char **message)
{
  Settings *s = settings_new();
  g_autofree char *path = settings_default_path();
  g_autofree char *problem = NULL;
  *message = NULL;
  if (!settings_load(s, path, &problem)) {
    g_autoptr(GError) error = NULL;
    g_autofree char *bad = settings_keep_bad_copy(path, &error);
    if (bad != NULL)
      *message = g_strdup_printf("Settings %s could not all be read (%s): the defaults are used "
                                 "for that, and the file was copied to %s",
                                 path, problem, bad);
    else /* no copy: never write over what we could not keep */
      *message = g_strdup_printf("Settings %s could not all be read (%s), nor copied (%s): the "
                                 "defaults are used and the file is left alone",
                                 path, problem, error != NULL ? error->message : "unknown error");
    s->read_only = bad == NULL;
  }
  fill_in(s, given, effective);
  return s;
}

void window_settings_save(App *app)
{
  Settings *s = app->settings;
  if (s->read_only)
    return;
  g_autofree char *path = settings_default_path();
  g_autoptr(GError) error = NULL;
  if (settings_save(s, path, &error)) {
    app->settings_failed = false;
  } else if (!app->settings_failed) { /* once, not at every change */
    app->settings_failed = true;
    app_message(app, true, "Cannot write the settings: %s", error->message);
  }
}

void window_settings_file_opened(App *app)
{
  Session *session = app->session;
  if (session->path == NULL)
    return;
  settings_add_recent(app->settings, session->path);
  guint32 line;
  guint64 column;
  if (settings_get_cursor(app->settings, session->path, &line, &column)) {
    const Document *doc = editor_document(session->editor);
    line = MIN(line, document_paragraph_count(doc) - 1);
    DocPos pos = document_pos_of_char(doc, line, column);
    editor_set_cursor(session->editor, pos, false);
    app->goal_x = -1;
    app_after_edit(app);
  }
  window_settings_save(app);
}

void window_settings_file_saved(App *app)
{
  if (app->session->path == NULL)
    return;
  settings_add_recent(app->settings, app->session->path);
  window_settings_save(app);
}

void window_settings_leave_file(App *app)
{
  Session *session = app->session;
  if (session->path == NULL)
    return;
  DocPos pos = editor_cursor(session->editor);
  guint64 column = document_char_index(editor_document(session->editor), pos);
  settings_set_cursor(app->settings, session->path, pos.para, column);
}

void window_settings_set_style(App *app, const char *family, int points)
{
  Settings *s = app->settings;
  g_free(s->font);
  s->font = g_strdup(family);
  s->size = CLAMP(points, SETTINGS_MIN_SIZE, SETTINGS_MAX_SIZE);
  window_settings_save(app);
}

void window_settings_closing(App *app)
{
  Settings *s = app->settings;
  double scale = app->opts->scale > 0 ? app->opts->scale : 1.0;
  int w, h;
  SDL_GetWindowSize(app->window, &w, &h);
  s->width = CLAMP((int)(w / scale + 0.5), SETTINGS_MIN_DIMENSION, SETTINGS_MAX_DIMENSION);
  s->height = CLAMP((int)(h / scale + 0.5), SETTINGS_MIN_DIMENSION, SETTINGS_MAX_DIMENSION);
  SDL_GetWindowPosition(app->window, &s->x, &s->y);
  s->has_position = true;
  window_settings_leave_file(app);
  window_settings_save(app);
}
