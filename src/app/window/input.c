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
#include "flyweight_switch.h"
#include "keymap.h"
#include "pathbar.h"
#include "question.h"
#include "saving.h"

#include <string.h>

#define WHEEL_LINES 3
#define AUTOSCROLL_MS 30 /* a step of autoscroll this often while dragging past an edge */
/* Selections larger than this are not offered as the primary selection: SDL
 * puts the text in a property of the X root window, and X caps a request. */
#define PRIMARY_MAX_BYTES ((gsize)4 << 20)

struct Input {
  bool selecting;        /* mouse button held in the text */
  bool by_units;         /* the drag began with a double or triple click: whole units */
  EditorUnit unit;       /* by_units: words (double) or paragraphs (triple) */
  DocPos unit_origin;    /* by_units: where the click was */
  int mouse_x, mouse_y;  /* the pointer while selecting, output pixels */
  guint64 autoscroll_at; /* the next autoscroll step (app_now_ms), 0: none due */
  DocPos offered_anchor; /* the selection last offered as the primary selection */
  DocPos offered_cursor;
  guint64 offered_generation; /* of the text then */
  bool dragging_thumb;        /* mouse button held on the scrollbar thumb */
  int thumb_grab;             /* where in the thumb it was grabbed, pixels */
  guint32 last_key_ticks;     /* timestamp of the last key pressed (SDL ticks) */
  bool key_was_held;          /* dispatch: the last key went to the held queue */
  bool text_follows_key;      /* dispatch: the next text event is the last key's */
  bool text_is_keys;          /* handling: the next text event belongs to the key just handled */
  bool drop_keys_text;        /* handling: that key's text is not typing */
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

/* Whether @sym is a modifier key (Ctrl, Shift, Alt...), which does nothing alone. */
static bool is_modifier(SDL_Keycode sym)
{
  return (sym >= SDLK_LCTRL && sym <= SDLK_RGUI) || sym == SDLK_MODE;
}

/* The shortcut panel closes at Esc, its own key, or any other key (which then
 * does what it does) but the "always" ones (F12 only reports); true when the
 * key was only for closing it. */
static bool close_keys_panel(App *app, SDL_Keycode sym, const KeyBinding *binding)
{
  if (!app->keys_on || is_modifier(sym) ||
      (binding != NULL && (binding->run == commands_toggle_keys || binding->always)))
    return false;
  app->keys_on = false;
  app->dirty = true;
  return sym == SDLK_ESCAPE;
}

/* Runs what @key means now; true when it went to a question (its letter, if
 * any, is then an answer, not typing). */
static bool run_key(App *app, const SDL_KeyboardEvent *key)
{
  SDL_Keycode sym = key->keysym.sym;
  bool shift = (key->keysym.mod & KMOD_SHIFT) != 0;
  const KeyBinding *binding = keymap_lookup(sym, keymap_mods(key->keysym.mod));
  if (close_keys_panel(app, sym, binding))
    return true; /* Esc: nothing else, and no text */
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
  app->keep_cursor_shown = false; /* the user looks elsewhere */
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
  app->keep_cursor_shown = false;
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
  RendererLayout layout = app_scrolled_layout(app);
  return view_pos_at_point(app->session->view, x - layout.text.x, y - layout.text.y);
}

/* A click in the text: places the cursor (Shift: extends the selection), or
 * selects the word (double click) or paragraph (triple click) under it; a
 * drag after it extends by the same unit. */
static void press_text(App *app, int x, int y, int clicks, SDL_Keymod mod)
{
  Editor *editor = app->session->editor;
  Input *in = app->input;
  DocPos pos = pos_at(app, x, y);
  in->by_units = clicks >= 2;
  if (in->by_units) {
    in->unit = clicks == 2 ? EDITOR_UNIT_WORD : EDITOR_UNIT_PARAGRAPH;
    in->unit_origin = pos;
    editor_select_units(editor, in->unit, pos, pos);
  } else {
    editor_set_cursor(editor, pos, (mod & KMOD_SHIFT) != 0);
  }
  in->selecting = true;
  in->mouse_x = x;
  in->mouse_y = y;
  app->goal_x = -1;
  app_touch(app);
}

/* Middle click: the primary selection (what another window, or this one, has
 * selected) is pasted where the click was. */
static void paste_primary(App *app, int x, int y)
{
  if (!SDL_HasPrimarySelectionText())
    return;
  char *text = SDL_GetPrimarySelectionText();
  if (text != NULL && text[0] != '\0') {
    editor_set_cursor(app->session->editor, pos_at(app, x, y), false);
    commands_insert_text(app, text);
  }
  SDL_free(text);
}

/* Alt+click: the inspector's card for the glyph clicked; a plain click puts a
 * card shown that way away (in inspect mode, F7, the card follows the pointer). */
static bool press_inspect(App *app, int x, int y, SDL_Keymod mod)
{
  if (!(mod & KMOD_ALT)) {
    if (app->inspect_shown && !app->inspect_mode) {
      app->inspect_shown = false;
      app->dirty = true;
    }
    return false;
  }
  app->inspect_shown = true;
  app->inspect_x = x;
  app->inspect_y = y;
  app->dirty = true;
  return true;
}

static void on_mouse_down(App *app, const SDL_MouseButtonEvent *button, SDL_Keymod mod)
{
  bool left = button->button == SDL_BUTTON_LEFT, middle = button->button == SDL_BUTTON_MIDDLE;
  if (!(left || middle) || question_open(app) || pathbar_active(app))
    return;
  int x = (int)(button->x * app->pixel_ratio), y = (int)(button->y * app->pixel_ratio);
  const SDL_Rect *bar = &app->layout.scrollbar;
  /* the bar's rows (app->layout.bar), the status line and the gutter are not text */
  bool in_bar = x >= bar->x && y < bar->y + bar->h && y < app->layout.panel.y;
  bool in_text = !in_bar && y < app->layout.panel.y && x >= app->layout.gutter.w;
  if (middle && in_text)
    paste_primary(app, x, y);
  else if (middle)
    return;
  else if (in_bar)
    press_scrollbar(app, y);
  else if (in_text && !press_inspect(app, x, y, mod))
    press_text(app, x, y, button->clicks, mod);
}

/* While selecting: the selection's moving end follows the pointer, held inside
 * the text area (past an edge, autoscroll brings the text to it). */
static void drag_selection(App *app)
{
  Input *in = app->input;
  const SDL_Rect *text = &app->layout.text;
  int y = CLAMP(in->mouse_y, text->y, text->y + MAX(text->h, 1) - 1);
  DocPos pos = pos_at(app, in->mouse_x, y);
  if (in->by_units)
    editor_select_units(app->session->editor, in->unit, in->unit_origin, pos);
  else
    editor_set_cursor(app->session->editor, pos, true);
  app_after_edit(app);
}

static void on_mouse_motion(App *app, const SDL_MouseMotionEvent *motion)
{
  int x = (int)(motion->x * app->pixel_ratio), y = (int)(motion->y * app->pixel_ratio);
  if (app->inspect_mode) { /* the card follows the pointer */
    app->inspect_x = x;
    app->inspect_y = y;
    app->inspect_shown = true;
    app->dirty = true;
  }
  if (app->input->dragging_thumb) {
    drag_thumb(app, y);
  } else if (app->input->selecting) {
    app->input->mouse_x = x;
    app->input->mouse_y = y;
    drag_selection(app);
  }
}

static void on_mouse_up(App *app, const SDL_MouseButtonEvent *button)
{
  if (button->button == SDL_BUTTON_LEFT) {
    app->input->selecting = app->input->dragging_thumb = false;
    app->input->autoscroll_at = 0;
  }
}

/* ------------------------------------------------------------------ autoscroll */

/* How far the pointer is past the text area's top (negative) or bottom edge
 * while selecting, pixels; 0 inside it or when not selecting. */
static int past_edge(const App *app)
{
  const Input *in = app->input;
  const SDL_Rect *text = &app->layout.text;
  if (!in->selecting)
    return 0;
  if (in->mouse_y < text->y)
    return in->mouse_y - text->y;
  if (in->mouse_y >= text->y + text->h)
    return in->mouse_y - (text->y + text->h) + 1;
  return 0;
}

guint64 input_autoscroll_wait(const App *app, guint64 now)
{
  if (past_edge(app) == 0)
    return G_MAXUINT64;
  guint64 at = app->input->autoscroll_at; /* 0: not armed yet, which the next tick does */
  return at > now ? at - now : 0;
}

void input_autoscroll(App *app, guint64 now)
{
  int distance = past_edge(app);
  Input *in = app->input;
  if (distance == 0) {
    in->autoscroll_at = 0;
    return;
  }
  if (in->autoscroll_at == 0) { /* just past the edge: the first step after a pause */
    in->autoscroll_at = now + AUTOSCROLL_MS;
    return;
  }
  if (now < in->autoscroll_at)
    return;
  /* a step grows with the distance: a few pixels just past the edge, about a
   * screen a second 100 px away, never more than a screen a step */
  int step = MIN(ABS(distance) / 3 + 2, MAX(app->layout.text.h, 1));
  scroll_by(app, distance < 0 ? -step : step);
  drag_selection(app);
  in->autoscroll_at = now + AUTOSCROLL_MS;
}

/* ------------------------------------------------------------------ the primary selection */

/* Whether the text between @a and @b is more than @max bytes (a line break
 * counting one), summing the paragraphs' lengths only until it is. */
static bool selection_over(const Document *doc, DocPos a, DocPos b, guint64 max)
{
  DocPos start = docpos_compare(a, b) <= 0 ? a : b, end = docpos_compare(a, b) <= 0 ? b : a;
  if (start.para == end.para)
    return end.offset - start.offset > max;
  guint32 len;
  (void)document_paragraph_text(doc, start.para, &len);
  guint64 bytes = len - start.offset + 1 + end.offset;
  for (guint32 p = start.para + 1; p < end.para && bytes <= max; p++) {
    (void)document_paragraph_text(doc, p, &len);
    bytes += (guint64)len + 1;
  }
  return bytes > max;
}

void input_offer_selection(App *app)
{
  Input *in = app->input;
  Editor *editor = app->session->editor;
  DocPos anchor = editor_anchor(editor), cursor = editor_cursor(editor);
  guint64 generation = editor_generation(editor);
  if (in->selecting || !editor_has_selection(editor) ||
      (docpos_compare(anchor, in->offered_anchor) == 0 &&
       docpos_compare(cursor, in->offered_cursor) == 0 && generation == in->offered_generation))
    return;
  in->offered_anchor = anchor;
  in->offered_cursor = cursor;
  in->offered_generation = generation;
  if (selection_over(editor_document(editor), anchor, cursor, PRIMARY_MAX_BYTES))
    return; /* measured first: a select-all of a large file is not copied at each Shift+arrow */
  g_autofree char *text = editor_copy(editor);
  if (text != NULL)
    SDL_SetPrimarySelectionText(text);
}

static void on_wheel(App *app, const SDL_MouseWheelEvent *wheel)
{
  const GlyphStyle *st = glyph_factory_style_info(app->session->factory,
                                                  editor_style(app->session->editor));
  int line = st != NULL ? st->line_height : 16;
  int dy = wheel->direction == SDL_MOUSEWHEEL_FLIPPED ? -wheel->y : wheel->y;
  int dx = wheel->direction == SDL_MOUSEWHEEL_FLIPPED ? -wheel->x : wheel->x;
  if ((SDL_GetModState() & KMOD_SHIFT) != 0) { /* Shift+wheel: sideways, as most editors */
    dx = dx != 0 ? dx : -dy;
    dy = 0;
  }
  if (dx != 0 && !app->settings->word_wrap) {
    app->scroll_x = MAX(app->scroll_x + dx * WHEEL_LINES * line, 0);
    app->dirty = true;
  }
  if (dy != 0)
    scroll_by(app, -(gint64)dy * WHEEL_LINES * line);
}

/* ------------------------------------------------------------------ the window */

/* The output size changed: the areas and the view follow, and the cursor's
 * line stays in view while the paragraphs are measured at the new width
 * (window.c's work_step), until the user scrolls elsewhere. */
static void resize(App *app)
{
  app_layout(app);
  app->goal_x = -1;
  app->keep_cursor_shown = true;
  view_scroll_to_pos(app->session->view, editor_cursor(app->session->editor));
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

/* Work that input waits for: a load, the flyweight's switch (F2). */
static bool working(const App *app)
{
  return files_loading(app) || flyweight_switch_busy(app);
}

static bool input_waits(const App *app)
{
  return working(app) || app->held->len > 0 || question_holds_input(app);
}

static bool held_while_waiting(const App *app, const SDL_Event *event)
{
  switch (event->type) {
  case SDL_QUIT: /* closing with the question open and nothing held just asks as usual */
    return working(app) || app->held->len > 0;
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

/* Whether @key is F2 while the flyweight switches: it turns back at once
 * (flyweight_switch.h), so waiting behind the switch it stops is no use. */
static bool turns_switch_back(const App *app, const SDL_KeyboardEvent *key)
{
  const KeyBinding *b = keymap_lookup(key->keysym.sym, keymap_mods(key->keysym.mod));
  return b != NULL && b->run == commands_toggle_flyweight && flyweight_switch_busy(app) &&
         !files_loading(app);
}

/* Whether @event must wait in the held queue. An answer to the question in the
 * bar while input is held (the restore question, or one a replayed key
 * raised), pressed after a pause, F12 (it only reports) and F2 turning the
 * flyweight's switch back go through. */
static bool must_wait(const App *app, const SDL_Event *event)
{
  if (event->type == SDL_KEYDOWN &&
      (always_key(&event->key) || turns_switch_back(app, &event->key) ||
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
  for (; i < app->held->len && app->running && !working(app) && !question_open(app); i++) {
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
