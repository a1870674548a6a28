/* input.c — one handler per SDL event kind (input.h).
 *
 * Keys are routed in this order: a binding marked "always" (F12), an open
 * question (its answer keys), the path prompt (editing keys and Tab), then the
 * key table. Typed text arrives as SDL_TEXTINPUT (so input methods and dead
 * keys work), right after the SDL_KEYDOWN of the key that typed it.
 *
 * A key's meaning is fixed when it is pressed: whether its text is typing is
 * decided by the modifiers its SDL_KEYDOWN carries (the state at the press),
 * never by SDL_GetModState() when the text is handled — which may be much
 * later for input held during a load or behind a question, after Ctrl was let
 * go. Text is dropped when its key was pressed with Ctrl (but not AltGr, which
 * some systems report as Ctrl+Alt) or with the left Alt alone — a shortcut —
 * and when the key answered a question. A key's text also takes the
 * same route as its key: held with it, or handled at once with it. A click
 * held during a load keeps the modifiers of its moment too (Shift+click).
 * Mouse coordinates are in window points and are scaled to output pixels. */
#include "input.h"

#include "commands.h"
#include "files.h"
#include "findbar.h"
#include "keymap.h"
#include "pathbar.h"
#include "question.h"
#include "saving.h"

#define WHEEL_LINES 3

struct Input {
  bool selecting;         /* mouse button held in the text */
  bool dragging_thumb;    /* mouse button held on the scrollbar thumb */
  int thumb_grab;         /* where in the thumb it was grabbed, pixels */
  guint32 last_key_ticks; /* timestamp of the last key pressed (SDL ticks) */
  bool key_was_held;      /* dispatch: the last key went to the held queue */
  bool text_follows_key;  /* dispatch: the next text event is the last key's */
  bool text_is_keys;      /* handling: the next text event belongs to the key just handled */
  bool drop_keys_text;    /* handling: that key's text is not typing */
};

/* An event waiting to be handled, with the modifiers held when it happened. */
typedef struct {
  SDL_Event event;
  SDL_Keymod mod;
} HeldEvent;

void input_init(App *app)
{
  app->input = g_new0(Input, 1);
  app->held = g_array_new(FALSE, FALSE, sizeof(HeldEvent));
}

void input_clear(App *app)
{
  if (app->held != NULL) {
    input_drop_held(app);
    g_array_free(app->held, TRUE);
  }
  g_clear_pointer(&app->input, g_free);
  app->held = NULL;
}

/* ------------------------------------------------------------------ keys and text */

/* Whether a key pressed with @mod types text: not with Ctrl (AltGr, reported
 * as Ctrl+Alt on some systems, does), not with the left Alt alone (menus and
 * shortcuts), and with the right Alt (AltGr on X11). */
static bool mods_type_text(SDL_Keymod mod)
{
  bool ctrl = (mod & KMOD_CTRL) != 0, alt = (mod & KMOD_ALT) != 0;
  if (ctrl)
    return alt;
  return (mod & KMOD_LALT) == 0;
}

/* Runs what @key means now; true when it went to a question (its letter, if
 * any, is then an answer, not typing). */
static bool run_key(App *app, const SDL_KeyboardEvent *key)
{
  SDL_Keycode sym = key->keysym.sym;
  bool shift = (key->keysym.mod & KMOD_SHIFT) != 0;
  const KeyBinding *binding = keymap_lookup(sym, keymap_mods(key->keysym.mod));
  if (binding != NULL && binding->always && !pathbar_active(app)) {
    binding->run(app, shift);
  } else if (question_open(app)) {
    question_key(app, sym);
    return true;
  } else if (pathbar_active(app)) {
    pathbar_key(app, sym);
  } else if (findbar_active(app) && findbar_key(app, key)) {
    /* the bar took it */
  } else if (binding != NULL) {
    binding->run(app, shift);
  }
  return false;
}

/* A key's text is decided here, by its own modifiers. A plain key bound to a
 * command (Enter, F1) sends no text; when one does (xdotool types "λ" through a
 * spare keycode that SDL may name F12), that text is what was typed. */
static void on_key_down(App *app, const SDL_KeyboardEvent *key)
{
  bool answered = run_key(app, key);
  app->input->text_is_keys = true;
  app->input->drop_keys_text = answered || !mods_type_text(key->keysym.mod);
}

/* The input method's unfinished text: shown at the cursor until it commits
 * (SDL_TEXTINPUT) or is cancelled (an empty composition). */
static void on_text_editing(App *app, const SDL_TextEditingEvent *edit)
{
  bool editing = !question_open(app) && !pathbar_active(app) && !findbar_active(app);
  g_string_assign(app->composition, editing ? edit->text : "");
  app->dirty = true;
}

static void on_text_input(App *app, const SDL_TextInputEvent *text)
{
  Input *in = app->input;
  g_string_truncate(app->composition, 0);
  bool keys = in->text_is_keys; /* else an input method's commit: always typing */
  in->text_is_keys = false;
  if (keys && in->drop_keys_text)
    return;
  if (pathbar_active(app))
    pathbar_text(app, text->text);
  else if (findbar_active(app) && !question_open(app))
    findbar_text(app, text->text);
  else if (!question_open(app))
    commands_insert_text(app, text->text);
}

/* ------------------------------------------------------------------ mouse */

static void scroll_by(App *app, gint64 dy)
{
  View *view = app->session->view;
  gint64 y = (gint64)view_scroll_y(view) + dy;
  view_scroll_to(view, MAX(y, 0));
  app->dirty = true;
}

static void drag_thumb(App *app, int y)
{
  View *view = app->session->view;
  SDL_Rect thumb;
  renderer_thumb_rect(&app->layout, view, &thumb);
  int range = app->layout.scrollbar.h - thumb.h;
  guint64 total = view_total_height(view), visible = (guint64)view_height(view);
  if (range <= 0 || total <= visible)
    return;
  double frac = CLAMP((double)(y - app->input->thumb_grab - app->layout.scrollbar.y) / range, 0.0,
                      1.0);
  view_scroll_to(view, (gint64)(frac * (double)(total - visible)));
  app->dirty = true;
}

static void press_scrollbar(App *app, int y)
{
  SDL_Rect thumb;
  renderer_thumb_rect(&app->layout, app->session->view, &thumb);
  if (y >= thumb.y && y < thumb.y + thumb.h) {
    app->input->dragging_thumb = true;
    app->input->thumb_grab = y - thumb.y;
  } else {
    int page = view_height(app->session->view);
    scroll_by(app, y < thumb.y ? -page : page);
  }
}

static DocPos pos_at(App *app, int x, int y)
{
  return view_pos_at_point(app->session->view, x - app->layout.text.x, y - app->layout.text.y);
}

static void press_text(App *app, int x, int y, int clicks, SDL_Keymod mod)
{
  Editor *editor = app->session->editor;
  DocPos pos = pos_at(app, x, y);
  if (clicks == 2) {
    editor_select_word(editor, pos);
  } else if (clicks >= 3) {
    editor_set_cursor(editor, (DocPos){pos.para, 0}, false);
    editor_move(editor, EDITOR_MOVE_PARA_END, true);
  } else {
    editor_set_cursor(editor, pos, (mod & KMOD_SHIFT) != 0);
    app->input->selecting = true;
  }
  app->goal_x = -1;
  app_touch(app);
}

static void on_mouse_down(App *app, const SDL_MouseButtonEvent *button, SDL_Keymod mod)
{
  if (button->button != SDL_BUTTON_LEFT || question_open(app) || pathbar_active(app))
    return;
  int x = (int)(button->x * app->pixel_ratio), y = (int)(button->y * app->pixel_ratio);
  const SDL_Rect *bar = &app->layout.scrollbar;
  if (x >= bar->x && y < bar->y + bar->h)
    press_scrollbar(app, y);
  else if (y < app->layout.bar.y) /* not on the bar's rows or the status line */
    press_text(app, x, y, button->clicks, mod);
}

static void on_mouse_motion(App *app, const SDL_MouseMotionEvent *motion)
{
  int x = (int)(motion->x * app->pixel_ratio), y = (int)(motion->y * app->pixel_ratio);
  if (app->input->dragging_thumb) {
    drag_thumb(app, y);
  } else if (app->input->selecting) {
    editor_set_cursor(app->session->editor, pos_at(app, x, y), true);
    app_after_edit(app);
  }
}

static void on_mouse_up(App *app, const SDL_MouseButtonEvent *button)
{
  if (button->button == SDL_BUTTON_LEFT)
    app->input->selecting = app->input->dragging_thumb = false;
}

static void on_wheel(App *app, const SDL_MouseWheelEvent *wheel)
{
  const GlyphStyle *st = glyph_factory_style_info(app->session->factory,
                                                  editor_style(app->session->editor));
  int line = st != NULL ? st->line_height : 16;
  int dy = wheel->direction == SDL_MOUSEWHEEL_FLIPPED ? -wheel->y : wheel->y;
  scroll_by(app, -(gint64)dy * WHEEL_LINES * line);
}

/* ------------------------------------------------------------------ the window */

/* The output size changed: the areas and the view follow. */
static void resize(App *app)
{
  int w, h;
  SDL_GetRendererOutputSize(app->sdl, &w, &h);
  renderer_layout(app->font, app->density, w, h, &app->layout);
  View *view = app->session->view;
  if (view_width(view) != app->layout.text.w || view_height(view) != app->layout.text.h)
    view_set_size(view, app->layout.text.w, app->layout.text.h);
  app->goal_x = -1;
  app->dirty = true;
}

static void on_window(App *app, const SDL_WindowEvent *window)
{
  if (window->event == SDL_WINDOWEVENT_SIZE_CHANGED) {
    resize(app);
  } else if (window->event == SDL_WINDOWEVENT_FOCUS_GAINED) {
    app_touch(app);
    files_check_disk(app);
  } else { /* shown, exposed, restored...: the window's pixels may be gone */
    renderer_invalidate(app->renderer);
    app->dirty = true;
  }
}

static void on_drop_file(App *app, char *file)
{
  saving_request(app, SAVING_ACTION_OPEN_PATH, file);
  SDL_free(file);
}

/* Handles @event, which happened with @mod held. */
static void handle(App *app, const SDL_Event *event, SDL_Keymod mod)
{
  bool keys_text = event->type == SDL_TEXTINPUT || event->type == SDL_TEXTEDITING ||
                   event->type == SDL_KEYUP;
  if (!keys_text)
    app->input->text_is_keys = false; /* a key's text comes right after it, or not at all */
  switch (event->type) {
  case SDL_QUIT:
    saving_request(app, SAVING_ACTION_QUIT, NULL);
    break;
  case SDL_WINDOWEVENT:
    on_window(app, &event->window);
    break;
  case SDL_KEYDOWN:
    on_key_down(app, &event->key);
    break;
  case SDL_TEXTINPUT:
    on_text_input(app, &event->text);
    break;
  case SDL_TEXTEDITING:
    on_text_editing(app, &event->edit);
    break;
  case SDL_MOUSEBUTTONDOWN:
    on_mouse_down(app, &event->button, mod);
    break;
  case SDL_MOUSEBUTTONUP:
    on_mouse_up(app, &event->button);
    break;
  case SDL_MOUSEMOTION:
    on_mouse_motion(app, &event->motion);
    break;
  case SDL_MOUSEWHEEL:
    on_wheel(app, &event->wheel);
    break;
  case SDL_DROPFILE:
    on_drop_file(app, event->drop.file);
    break;
  default:
    break;
  }
}

/* ------------------------------------------------------------------ held input */

static bool input_waits(const App *app)
{
  return files_loading(app) || app->held->len > 0 || question_holds_input(app);
}

static bool held_while_waiting(const App *app, const SDL_Event *event)
{
  switch (event->type) {
  case SDL_QUIT: /* closing with the question open and nothing held just asks as usual */
    return files_loading(app) || app->held->len > 0;
  case SDL_KEYDOWN:
  case SDL_TEXTINPUT:
  case SDL_TEXTEDITING:
  case SDL_MOUSEBUTTONDOWN:
  case SDL_MOUSEBUTTONUP:
  case SDL_DROPFILE:
    return true;
  case SDL_MOUSEWHEEL: /* a held click must land where it was made */
    return app->held->len > 0;
  case SDL_MOUSEMOTION: /* a drag stays behind its held button press */
    return app->held->len > 0 && (event->motion.state & SDL_BUTTON_LMASK) != 0;
  default:
    return false;
  }
}

/* Whether @key is bound to a command that runs whatever else is going on. */
static bool always_key(const SDL_KeyboardEvent *key)
{
  const KeyBinding *b = keymap_lookup(key->keysym.sym, keymap_mods(key->keysym.mod));
  return b != NULL && b->always;
}

/* Whether @event must wait in the held queue. An answer to the question in the
 * bar while input is held (the restore question, or one a replayed key
 * raised), pressed after a pause, and F12 (it only reports) go through. */
static bool must_wait(const App *app, const SDL_Event *event)
{
  if (event->type == SDL_KEYDOWN &&
      (always_key(&event->key) ||
       question_takes_held_key(app, event->key.keysym.sym, event->key.timestamp,
                               app->input->last_key_ticks)))
    return false;
  return input_waits(app) && held_while_waiting(app, event);
}

void input_dispatch(App *app, SDL_Event *event)
{
  Input *in = app->input;
  bool keys_text = event->type == SDL_TEXTINPUT && in->text_follows_key;
  bool hold = keys_text ? in->key_was_held : must_wait(app, event);
  if (event->type == SDL_KEYDOWN) {
    in->last_key_ticks = event->key.timestamp;
    in->key_was_held = hold;
  }
  in->text_follows_key = event->type == SDL_KEYDOWN ||
                         (in->text_follows_key && event->type == SDL_KEYUP);
  if (hold) {
    HeldEvent held = {*event, SDL_GetModState()};
    g_array_append_val(app->held, held);
  } else {
    handle(app, event, SDL_GetModState());
  }
}

bool input_has_replayable(const App *app)
{
  return app->held->len > 0 && !question_open(app);
}

void input_replay_held(App *app)
{
  guint i = 0;
  for (; i < app->held->len && app->running && !files_loading(app) && !question_open(app); i++) {
    const HeldEvent *held = &g_array_index(app->held, HeldEvent, i);
    handle(app, &held->event, held->mod);
  }
  g_array_remove_range(app->held, 0, i);
}

void input_drop_held(App *app)
{
  for (guint i = 0; i < app->held->len; i++) {
    HeldEvent *held = &g_array_index(app->held, HeldEvent, i);
    if (held->event.type == SDL_DROPFILE)
      SDL_free(held->event.drop.file);
  }
  g_array_set_size(app->held, 0);
}
