/* pathbar.h — the path prompt in the bar ("Open: ~/notes/", "Save as: ...").
 *
 * Keys edit the path (typed text, Backspace), Tab completes it (prompt.h) and
 * lists the choices when there are several, Enter
 * hands a non-empty path to the callback of whoever opened the prompt, Esc
 * cancels (the callback gets NULL). The prompt starts in the open file's folder. */
#ifndef GLYPHPAD_WINDOW_PATHBAR_H
#define GLYPHPAD_WINDOW_PATHBAR_H

#include "app.h"

/* What Enter (@path) or Esc (@path NULL) does; the prompt is closed by then. */
typedef void (*PathBarDone)(App *app, const char *path);

/* An inactive prompt. Free with pathbar_free(). */
G_GNUC_WARN_UNUSED_RESULT PathBar *pathbar_new(void);
void pathbar_free(PathBar *bar); /* NULL is a no-op */

/* Opens the prompt with @label (e.g. "Open:"), calling @done when it ends. */
void pathbar_start(App *app, const char *label, PathBarDone done);
/* Opens the prompt for choosing one of @names (taken; e.g. font families),
 * empty, with @label: Tab completes to them (prompt_complete_choice), and
 * @done gets what was typed. */
void pathbar_start_choosing(App *app, const char *label, GPtrArray *names, PathBarDone done);
/* What the last Tab could have completed to, while there were several and
 * nothing was typed since (the window lists them above the prompt); NULL
 * otherwise. Owned by the prompt. */
const GPtrArray *pathbar_choices(const App *app);
/* Whether the prompt is open (keys and text go to it). */
bool pathbar_active(const App *app);
/* A key pressed while the prompt is open. */
void pathbar_key(App *app, SDL_Keycode key);
/* Text typed while the prompt is open. */
void pathbar_text(App *app, const char *text);
/* The bar's text ("Open: /home/me/_"). Free with g_free. */
char *pathbar_bar_text(const App *app);

#endif
