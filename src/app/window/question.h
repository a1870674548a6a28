/* question.h — the bar's questions: one at a time, answered by a key.
 *
 * A question is a constant description (what it says, which keys answer it,
 * what an answer does) that the module asking it defines next to its answer
 * handler; this module knows none of them. While one is open, keys go to it:
 * an answer key closes it and runs the handler (which may ask the next one),
 * other keys are ignored. Asking a new question from a key is therefore two
 * things: the Question constant and its handler. */
#ifndef GLYPHPAD_WINDOW_QUESTION_H
#define GLYPHPAD_WINDOW_QUESTION_H

#include "app.h"

#define QUESTION_MAX_ANSWERS 4
#define QUESTION_ANSWER_DELAY_MS 400 /* held input answers only after this pause */

struct Question {
  const char *name; /* for the statistics dump ("unsaved", "overwrite", "recover") */
  SDL_Keycode answers[QUESTION_MAX_ANSWERS]; /* the keys that answer it, 0-terminated when
                                              * fewer; SDLK_ESCAPE for "cancel" */
  bool holds_input;              /* input waits behind it while it is open (see input.c) */
  char *(*text)(const App *app); /* the bar's text; g_free it */
  void (*answer)(App *app, SDL_Keycode key); /* runs after the question is closed */
};

/* Opens @question (replacing any open one) and redraws. */
void question_ask(App *app, const Question *question);
/* Closes the open question, if any, without answering it. */
void question_close(App *app);
/* Whether a question is open. */
bool question_open(const App *app);
/* The open question's name, or NULL. */
const char *question_name(const App *app);
/* The open question's text, or NULL when none is open. Free with g_free. */
char *question_text(const App *app);
/* Whether @key answers the open question. */
bool question_is_answer(const App *app, SDL_Keycode key);
/* A key pressed while a question is open: an answer closes it and runs its
 * handler; anything else is ignored. */
void question_key(App *app, SDL_Keycode key);
/* Whether input waits behind the open question (its holds_input). */
bool question_holds_input(const App *app);
/* Whether a held key pressed at @ticks, after a key at @previous_ticks, answers
 * the open question: an answer key pressed at least QUESTION_ANSWER_DELAY_MS
 * after the question was first drawn and after the key before it. So the "n"
 * of someone still typing across the end of a load never answers it. */
bool question_takes_held_key(const App *app, SDL_Keycode key, guint32 ticks,
                             guint32 previous_ticks);
/* A frame is drawn: answers count from when the question is first seen. */
void question_note_drawn(App *app);

#endif
