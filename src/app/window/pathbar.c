/* pathbar.c — the path prompt (pathbar.h). */
#include "pathbar.h"

#include "prompt.h"

struct PathBar {
  bool active;        /* keys and text go to the prompt */
  const char *label;  /* "Open:", "Save as:" (static) */
  PathBarDone done;   /* called when it ends */
  GString *path;      /* what has been typed */
  GPtrArray *names;   /* choosing: the names Tab completes to; NULL: a path */
  GPtrArray *choices; /* what the last Tab could have completed to, while there were
                       * several and nothing was typed since; NULL otherwise */
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
  g_clear_pointer(&bar->names, g_ptr_array_unref);
  g_clear_pointer(&bar->choices, g_ptr_array_unref);
  g_free(bar);
}

void pathbar_start(App *app, const char *label, PathBarDone done)
{
  PathBar *bar = app->pathbar;
  bar->active = true;
  bar->label = label;
  bar->done = done;
  g_string_truncate(bar->path, 0);
  g_clear_pointer(&bar->names, g_ptr_array_unref);
  g_clear_pointer(&bar->choices, g_ptr_array_unref);
  if (app->session->path != NULL) {
    g_autofree char *dir = g_path_get_dirname(app->session->path);
    g_string_printf(bar->path, "%s/", dir);
  }
  app->dirty = true;
}

void pathbar_start_choosing(App *app, const char *label, GPtrArray *names, PathBarDone done)
{
  PathBar *bar = app->pathbar;
  pathbar_start(app, label, done);
  g_string_truncate(bar->path, 0);
  bar->names = names;
}

const GPtrArray *pathbar_choices(const App *app)
{
  const PathBar *bar = app->pathbar;
  return bar->active ? bar->choices : NULL;
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
  g_clear_pointer(&bar->names, g_ptr_array_unref);
  g_clear_pointer(&bar->choices, g_ptr_array_unref);
  if (cancelled)
    bar->done(app, NULL);
  else if (path[0] != '\0')
    bar->done(app, path);
}

/* Tab: completes what is typed, and lists the choices when there are several. */
static void complete(App *app)
{
  PathBar *bar = app->pathbar;
  GPtrArray *matches = NULL;
  g_autofree char *done = bar->names != NULL
                              ? prompt_complete_choice(bar->path->str, bar->names, &matches)
                              : prompt_complete_path_all(bar->path->str, &matches);
  g_string_assign(bar->path, done);
  g_clear_pointer(&bar->choices, g_ptr_array_unref);
  if (matches->len > 1)
    bar->choices = g_steal_pointer(&matches);
  else if (matches->len == 0)
    app_message(app, true, bar->names != NULL ? "No family starts so" : "No file matches");
  if (matches != NULL)
    g_ptr_array_unref(matches);
}

/* The typed text changed: the listed choices are for what it was. */
static void forget_choices(PathBar *bar)
{
  g_clear_pointer(&bar->choices, g_ptr_array_unref);
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
  else if (key == SDLK_BACKSPACE) {
    erase_last_char(app->pathbar);
    forget_choices(app->pathbar);
  }
  app->dirty = true;
}

void pathbar_text(App *app, const char *text)
{
  g_string_append(app->pathbar->path, text);
  forget_choices(app->pathbar);
  app->dirty = true;
}

char *pathbar_bar_text(const App *app)
{
  return g_strdup_printf("%s %s_", app->pathbar->label, app->pathbar->path->str);
}
