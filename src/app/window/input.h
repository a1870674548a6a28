/* input.h — SDL input events: keys through the key table, typed text, the
 * mouse, dropped files; and input that must wait.
 *
 * Input waits, and is later handled in order, while a file loads, while the
 * flyweight switches (F2 in steps; F2 again goes through and turns back), while a
 * question that holds input is open (the restore question), and behind input
 * still held from then: keys typed during a load belong to the text, not to a
 * question that appeared later, and edits or a save of a half-loaded document
 * would be wrong. Scrolling and window events go through at once unless held
 * clicks precede them. */
#ifndef GLYPHPAD_WINDOW_INPUT_H
#define GLYPHPAD_WINDOW_INPUT_H

#include "app.h"

/* Sets up @app's input state and its empty queue of held events (App.held). */
void input_init(App *app);
/* Frees them (and the dropped files' names held events own). */
void input_clear(App *app);

/* Handles @event now, or holds it when input must wait (see above). */
void input_dispatch(App *app, SDL_Event *event);
/* Handles the held input, in order, as far as it may go now: it stops at a new
 * load and at a question, which keys typed before it must not answer. */
void input_replay_held(App *app);
/* Whether held input is waiting to be replayed (and may be now). */
bool input_has_replayable(const App *app);
/* Frees the held events (the dropped files' names they own). */
void input_drop_held(App *app);

/* Autoscroll: while a selection is dragged past the text's top or bottom
 * edge, the view scrolls a step every few milliseconds, more the further the
 * pointer is, and the selection follows. Milliseconds until the next step
 * (G_MAXUINT64: none due), and the step itself when it is due. */
guint64 input_autoscroll_wait(const App *app, guint64 now);
void input_autoscroll(App *app, guint64 now);
/* Offers a new selection as the X primary selection (middle click pastes it
 * in any window), once the mouse button is up; selections over 4 MiB are not. */
void input_offer_selection(App *app);

#endif
