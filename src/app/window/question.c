/* question.c — the bar's open question (question.h). */
#include "question.h"

void question_ask(App *app, const Question *question)
{
  app->question = question;
  app->question_ticks = 0;
  app->dirty = true;
}

void question_close(App *app)
{
  app->question = NULL;
  app->question_ticks = 0;
  app->dirty = true;
}

bool question_open(const App *app)
{
  return app->question != NULL;
}

const char *question_name(const App *app)
{
  return app->question != NULL ? app->question->name : NULL;
}

char *question_text(const App *app)
{
  return app->question != NULL ? app->question->text(app) : NULL;
}

bool question_is_answer(const App *app, SDL_Keycode key)
{
  const Question *q = app->question;
  for (int i = 0; q != NULL && i < QUESTION_MAX_ANSWERS && q->answers[i] != 0; i++)
    if (q->answers[i] == key)
      return true;
  return false;
}

void question_key(App *app, SDL_Keycode key)
{
  if (!question_is_answer(app, key))
    return;
  const Question *q = app->question;
  question_close(app);
  q->answer(app, key);
}

bool question_holds_input(const App *app)
{
  return app->question != NULL && app->question->holds_input;
}

bool question_takes_held_key(const App *app, SDL_Keycode key, guint32 ticks, guint32 previous_ticks)
{
  if (!question_is_answer(app, key) || app->question_ticks == 0)
    return false;
  return ticks >= app->question_ticks + QUESTION_ANSWER_DELAY_MS &&
         ticks >= previous_ticks + QUESTION_ANSWER_DELAY_MS;
}

void question_note_drawn(App *app)
{
  if (app->question == NULL)
    app->question_ticks = 0;
  else if (app->question_ticks == 0)
    app->question_ticks = SDL_GetTicks();
}
