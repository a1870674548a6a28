/* pathbar.c — the path prompt (pathbar.h). */
#include "pathbar.h"

#include "prompt.h"

struct PathBar {
  bool active;       /* keys and text go to the prompt */
  const char *label; /* "Open:", "Save as:" (static) */
  PathBarDone done;  /* called when it ends */
  GString *path;     /* what has been typed */
};

PathBar *pathbar_new(void)
{
  PathBar *bar = g_new0(PathBar, 1);
  bar->path = g_string_new(NULL);
  return bar;
}

void pathbar_free(PathBar *bar)
{
  if (bar == NULL)
    return;
  g_string_free(bar->path, TRUE);
  g_free(bar);
}

void pathbar_start(App *app, const char *label, PathBarDone done)
{
  PathBar *bar = app->pathbar;
  bar->active = true;
  bar->label = label;
  bar->done = done;
  g_string_truncate(bar->path, 0);
  if (app->session->path != NULL) {
    g_autofree char *dir = g_path_get_dirname(app->session->path);
    g_string_printf(bar->path, "%s/", dir);
  }
  app->dirty = true;
}

bool pathbar_active(const App *app)
{
  return app->pathbar->active;
}

/* Closes the prompt and tells its owner: @path NULL for Esc. */
static void finish(App *app, bool cancelled)
{
  PathBar *bar = app->pathbar;
  g_autofree char *path = g_strdup(bar->path->str);
  bar->active = false;
  if (cancelled)
    bar->done(app, NULL);
  else if (path[0] != '\0')
    bar->done(app, path);
}

static void complete(App *app)
{
  PathBar *bar = app->pathbar;
  guint n = 0;
  g_autofree char *listing = NULL;
  g_autofree char *done = prompt_complete_path(bar->path->str, &n, &listing);
  g_string_assign(bar->path, done);
  if (n > 1)
    app_message(app, false, "%s", listing);
  else if (n == 0)
    app_message(app, true, "No file matches");
}

static void erase_last_char(PathBar *bar)
{
  if (bar->path->len == 0)
    return;
  const char *prev = g_utf8_find_prev_char(bar->path->str, bar->path->str + bar->path->len);
  g_string_truncate(bar->path, prev ? (gsize)(prev - bar->path->str) : 0);
}

void pathbar_key(App *app, SDL_Keycode key)
{
  if (key == SDLK_RETURN || key == SDLK_KP_ENTER)
    finish(app, false);
  else if (key == SDLK_ESCAPE)
    finish(app, true);
  else if (key == SDLK_TAB)
    complete(app);
  else if (key == SDLK_BACKSPACE)
    erase_last_char(app->pathbar);
  app->dirty = true;
}

void pathbar_text(App *app, const char *text)
{
  g_string_append(app->pathbar->path, text);
  app->dirty = true;
}

char *pathbar_bar_text(const App *app)
{
  return g_strdup_printf("%s %s_", app->pathbar->label, app->pathbar->path->str);
}
