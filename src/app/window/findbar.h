/* findbar.h — the find, replace and go-to-line bar at the bottom of the window.
 *
 * Find (Ctrl+F, prefilled with a selection inside one line): searches as
 * the pattern is typed, from where the bar was opened, and selects the match;
 * every match on screen is highlighted; the bar says "3 of 120" (the count
 * runs in slices from the event loop, with its progress, so a 50 MB document
 * never holds a keystroke). Enter or F3 finds the next match, Shift+Enter or
 * Shift+F3 the previous, wrapping around with a note; Alt+C, Alt+W, Alt+R
 * toggle match case, whole word and regular expression. Esc closes the bar
 * and leaves the current match selected, so typing replaces it.
 *
 * Replace (Ctrl+H): a second row with the replacement; Tab moves between the
 * two fields; Enter in the replacement replaces the current match and finds
 * the next; Ctrl+Alt+Enter replaces every match as one undo step.
 *
 * Go to line (Ctrl+G): LINE or LINE:COL (1-based, a column in characters);
 * anything else, or a line past the end, is said in the bar, which stays open.
 *
 * Keys the bar does not take (Ctrl+Z, the arrows...) go to the key table. */
#ifndef GLYPHPAD_WINDOW_FINDBAR_H
#define GLYPHPAD_WINDOW_FINDBAR_H

#include "app.h"

/* A closed bar. Free with findbar_free(). */
G_GNUC_WARN_UNUSED_RESULT FindBar *findbar_new(void);
void findbar_free(FindBar *bar); /* NULL is a no-op */

/* The commands of the key table (@shift: F3's previous). */
void findbar_open_find(App *app, bool shift);    /* Ctrl+F */
void findbar_open_replace(App *app, bool shift); /* Ctrl+H */
void findbar_open_goto(App *app, bool shift);    /* Ctrl+G */
void findbar_find_again(App *app, bool shift);   /* F3, Shift+F3: next, previous */

/* Whether the bar is open (typed text goes to it). */
bool findbar_active(const App *app);
/* A key pressed while the bar is open; false when the bar does not take it. */
bool findbar_key(App *app, const SDL_KeyboardEvent *key);
/* Text typed while the bar is open. */
void findbar_text(App *app, const char *text);
/* The bar's rows ("\n" between them). Free with g_free. */
char *findbar_bar_text(const App *app, bool *error);

/* Whether a count is under way (the loop then calls findbar_step). */
bool findbar_working(const App *app);
/* Counts a slice of the document. */
void findbar_step(App *app);

/* The matches on screen, to highlight (valid until the next call); none
 * while the bar is closed. */
const RendererHighlight *findbar_highlights(App *app, guint *n);

#endif
