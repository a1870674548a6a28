/* app_events.c — one handler per SDL event kind, mapping input to editor commands.
 *
 * Keys are routed by mode: the unsaved-changes question takes y / n / Esc, the
 * path prompt takes editing keys and Tab completion, and otherwise function
 * keys, Ctrl commands, editing keys and movement are tried in that order.
 * Typed text arrives as SDL_TEXTINPUT (so input methods and dead keys work);
 * text that comes with Ctrl held is a command's side effect and is ignored.
 * Mouse coordinates are in window points and are scaled to output pixels. */
#include "app_internal.h"

#include <string.h>

#include "prompt.h"

#define WHEEL_LINES 3

static Editor *ed(App *app)
{
  return app->session->editor;
}

/* ------------------------------------------------------------------ movement */

static void move_vertical(App *app, int lines, bool extend)
{
  View *view = app->session->view;
  DocPos cursor = editor_cursor(ed(app));
  int x = 0, height = 0;
  gint64 top = 0;
  if (app->goal_x < 0 && view_point_of_pos(view, cursor, &x, &top, &height))
    app->goal_x = x;
  DocPos pos = view_move_lines(view, cursor, lines, MAX(app->goal_x, 0));
  editor_set_cursor(ed(app), pos, extend);
}

static void move_page(App *app, int direction, bool extend)
{
  View *view = app->session->view;
  int x, height = 0;
  gint64 top;
  if (!view_point_of_pos(view, editor_cursor(ed(app)), &x, &top, &height) || height <= 0)
    height = 16;
  int lines = MAX(1, view_height(view) / height - 1);
  gint64 scroll = (gint64)view_scroll_y(view) + (gint64)direction * lines * height;
  view_scroll_to(view, MAX(scroll, 0));
  move_vertical(app, direction * lines, extend);
}

static void move_line_edge(App *app, bool end, bool extend)
{
  View *view = app->session->view;
  DocPos cursor = editor_cursor(ed(app));
  editor_set_cursor(ed(app), end ? view_line_end(view, cursor) : view_line_start(view, cursor),
                    extend);
}

/* Arrows, Home/End, PgUp/PgDn; false for other keys. */
static bool move_key(App *app, SDL_Keycode sym, bool ctrl, bool shift)
{
  bool vertical = sym == SDLK_UP || sym == SDLK_DOWN || sym == SDLK_PAGEUP ||
                  sym == SDLK_PAGEDOWN;
  if (sym == SDLK_LEFT)
    editor_move(ed(app), ctrl ? EDITOR_MOVE_WORD_LEFT : EDITOR_MOVE_LEFT, shift);
  else if (sym == SDLK_RIGHT)
    editor_move(ed(app), ctrl ? EDITOR_MOVE_WORD_RIGHT : EDITOR_MOVE_RIGHT, shift);
  else if (sym == SDLK_UP || sym == SDLK_DOWN)
    move_vertical(app, sym == SDLK_UP ? -1 : 1, shift);
  else if (sym == SDLK_PAGEUP || sym == SDLK_PAGEDOWN)
    move_page(app, sym == SDLK_PAGEUP ? -1 : 1, shift);
  else if ((sym == SDLK_HOME || sym == SDLK_END) && ctrl)
    editor_move(ed(app), sym == SDLK_HOME ? EDITOR_MOVE_DOC_START : EDITOR_MOVE_DOC_END, shift);
  else if (sym == SDLK_HOME || sym == SDLK_END)
    move_line_edge(app, sym == SDLK_END, shift);
  else
    return false;
  if (!vertical)
    app->goal_x = -1;
  app_after_edit(app);
  return true;
}

/* ------------------------------------------------------------------ editing */

static void insert_text(App *app, const char *utf8)
{
  g_autoptr(GError) error = NULL;
  if (!editor_insert(ed(app), utf8, &error))
    app_message(app, true, "Not inserted: %s", error->message);
  app->goal_x = -1;
  app_after_edit(app);
}

/* Enter, Tab, Backspace, Delete; false for other keys. */
static bool edit_key(App *app, SDL_Keycode sym)
{
  if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER)
    insert_text(app, "\n");
  else if (sym == SDLK_TAB)
    insert_text(app, "\t");
  else if (sym == SDLK_BACKSPACE)
    editor_backspace(ed(app));
  else if (sym == SDLK_DELETE)
    editor_delete_forward(ed(app));
  else
    return false;
  app->goal_x = -1;
  app_after_edit(app);
  return true;
}

static void copy_or_cut(App *app, bool cut)
{
  g_autofree char *text = cut ? editor_cut(ed(app)) : editor_copy(ed(app));
  if (text != NULL)
    SDL_SetClipboardText(text);
  app_after_edit(app);
}

static void paste(App *app)
{
  if (!SDL_HasClipboardText())
    return;
  char *text = SDL_GetClipboardText();
  if (text != NULL && text[0] != '\0')
    insert_text(app, text);
  SDL_free(text);
}

static void undo_redo(App *app, bool redo)
{
  if (!(redo ? editor_redo(ed(app)) : editor_undo(ed(app))))
    app_message(app, false, "Nothing to %s", redo ? "redo" : "undo");
  app->goal_x = -1;
  app_after_edit(app);
}

/* Ctrl+letter commands; false for other keys. */
static bool command_key(App *app, SDL_Keycode sym, bool shift)
{
  switch (sym) {
  case SDLK_a: editor_select_all(ed(app)); app_touch(app); break;
  case SDLK_c: copy_or_cut(app, false); break;
  case SDLK_x: copy_or_cut(app, true); break;
  case SDLK_v: paste(app); break;
  case SDLK_z: undo_redo(app, shift); break;
  case SDLK_y: undo_redo(app, true); break;
  case SDLK_o: app_request(app, APP_ACTION_OPEN_PROMPT, NULL); break;
  case SDLK_s:
    if (shift)
      app_start_prompt(app, APP_PROMPT_SAVE_AS);
    else
      app_save(app);
    break;
  case SDLK_t: app_cycle_typeface(app); break;
  case SDLK_EQUALS: case SDLK_PLUS: case SDLK_KP_PLUS: app_change_size(app, 1); break;
  case SDLK_MINUS: case SDLK_KP_MINUS: app_change_size(app, -1); break;
  default: return false;
  }
  return true;
}

/* F1 overlay, F2 flyweight, F12 statistics; false for other keys. */
static bool function_key(App *app, SDL_Keycode sym)
{
  if (sym == SDLK_F1) {
    app->overlay_on = !app->overlay_on;
    app->dirty = true;
  } else if (sym == SDLK_F2) {
    app_toggle_flyweight(app);
  } else if (sym == SDLK_F12) {
    app_write_stats(app);
    app_message(app, false, app->opts->stats_dump ? "Statistics written to %s"
                                                  : "No --stats-dump FILE given%s",
                app->opts->stats_dump ? app->opts->stats_dump : "");
  } else {
    return false;
  }
  return true;
}

/* ------------------------------------------------------------------ prompt and question */

static void finish_prompt(App *app)
{
  g_autofree char *path = g_strdup(app->prompt->str);
  app->mode = APP_MODE_EDIT;
  if (path[0] == '\0')
    return;
  if (app->prompt_kind == APP_PROMPT_OPEN)
    app_open_path(app, path);
  else if (app_save_to(app, path) && app->pending != APP_ACTION_NONE)
    app_run_action(app, app->pending);
}

static void complete_prompt(App *app)
{
  guint n = 0;
  g_autofree char *listing = NULL;
  g_autofree char *done = prompt_complete_path(app->prompt->str, &n, &listing);
  g_string_assign(app->prompt, done);
  if (n > 1)
    app_message(app, false, "%s", listing);
  else if (n == 0)
    app_message(app, true, "No file matches");
}

static void prompt_key(App *app, SDL_Keycode sym)
{
  if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER) {
    finish_prompt(app);
  } else if (sym == SDLK_ESCAPE) {
    app->mode = APP_MODE_EDIT;
    app->pending = APP_ACTION_NONE;
  } else if (sym == SDLK_TAB) {
    complete_prompt(app);
  } else if (sym == SDLK_BACKSPACE && app->prompt->len > 0) {
    const char *prev = g_utf8_find_prev_char(app->prompt->str,
                                             app->prompt->str + app->prompt->len);
    g_string_truncate(app->prompt, prev ? (gsize)(prev - app->prompt->str) : 0);
  }
  app->dirty = true;
}

static void confirm_key(App *app, SDL_Keycode sym)
{
  if (sym == SDLK_y) {
    if (app_save(app))
      app_run_action(app, app->pending);
  } else if (sym == SDLK_n) {
    app_run_action(app, app->pending);
  } else if (sym == SDLK_ESCAPE || sym == SDLK_c) {
    app->mode = APP_MODE_EDIT;
    app->pending = APP_ACTION_NONE;
  }
  app->dirty = true;
}

static void overwrite_key(App *app, SDL_Keycode sym)
{
  if (sym == SDLK_y) {
    app->mode = APP_MODE_EDIT;
    app->overwrite_confirmed = true;
    g_autofree char *path = g_strdup(app->overwrite_path);
    if (app_save_to(app, path) && app->pending != APP_ACTION_NONE)
      app_run_action(app, app->pending);
  } else if (sym == SDLK_n || sym == SDLK_ESCAPE) {
    app->mode = APP_MODE_EDIT;
    app->pending = APP_ACTION_NONE;
    app_message(app, false, "Not saved; Ctrl+Shift+S saves under another name");
  }
  app->dirty = true;
}

/* ------------------------------------------------------------------ handlers */

static void on_key_down(App *app, const SDL_KeyboardEvent *key)
{
  SDL_Keycode sym = key->keysym.sym;
  bool ctrl = (key->keysym.mod & KMOD_CTRL) != 0, shift = (key->keysym.mod & KMOD_SHIFT) != 0;
  /* A key that answers a question also sends its letter as SDL_TEXTINPUT
   * right after; that letter is not typing. */
  if (sym == SDLK_F12 && app->mode != APP_MODE_PROMPT) { /* statistics, also with a question open */
    app_write_stats(app);
    return;
  }
  app->swallow_text = app->mode == APP_MODE_CONFIRM || app->mode == APP_MODE_OVERWRITE ||
                      app->mode == APP_MODE_RECOVER;
  if (app->mode == APP_MODE_CONFIRM) {
    confirm_key(app, sym);
    return;
  }
  if (app->mode == APP_MODE_OVERWRITE) {
    overwrite_key(app, sym);
    return;
  }
  if (app->mode == APP_MODE_RECOVER) {
    app_recovery_key(app, sym);
    return;
  }
  if (app->mode == APP_MODE_PROMPT) {
    prompt_key(app, sym);
    return;
  }
  if (function_key(app, sym) || (ctrl && command_key(app, sym, shift)))
    return;
  if (!edit_key(app, sym))
    move_key(app, sym, ctrl, shift);
}

/* The input method's unfinished text: shown at the cursor until it commits
 * (SDL_TEXTINPUT) or is cancelled (an empty composition). */
static void on_text_editing(App *app, const SDL_TextEditingEvent *edit)
{
  g_string_assign(app->composition, app->mode == APP_MODE_EDIT ? edit->text : "");
  app->dirty = true;
}

static void on_text_input(App *app, const SDL_TextInputEvent *text)
{
  g_string_truncate(app->composition, 0);
  if (app->swallow_text) {
    app->swallow_text = false;
    return;
  }
  SDL_Keymod mod = SDL_GetModState();
  if ((mod & KMOD_CTRL) && !(mod & KMOD_ALT)) /* AltGr is Ctrl+Alt on some systems */
    return;
  if (app->mode == APP_MODE_PROMPT) {
    g_string_append(app->prompt, text->text);
    app->dirty = true;
  } else if (app->mode == APP_MODE_EDIT) {
    insert_text(app, text->text);
  }
}

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
  double frac = CLAMP((double)(y - app->thumb_grab - app->layout.scrollbar.y) / range, 0.0, 1.0);
  view_scroll_to(view, (gint64)(frac * (double)(total - visible)));
  app->dirty = true;
}

static void press_scrollbar(App *app, int y)
{
  SDL_Rect thumb;
  renderer_thumb_rect(&app->layout, app->session->view, &thumb);
  if (y >= thumb.y && y < thumb.y + thumb.h) {
    app->dragging_thumb = true;
    app->thumb_grab = y - thumb.y;
  } else {
    int page = view_height(app->session->view);
    scroll_by(app, y < thumb.y ? -page : page);
  }
}

static DocPos pos_at(App *app, int x, int y)
{
  return view_pos_at_point(app->session->view, x - app->layout.text.x, y - app->layout.text.y);
}

static void press_text(App *app, int x, int y, int clicks)
{
  DocPos pos = pos_at(app, x, y);
  if (clicks == 2) {
    editor_select_word(ed(app), pos);
  } else if (clicks >= 3) {
    editor_set_cursor(ed(app), (DocPos){pos.para, 0}, false);
    editor_move(ed(app), EDITOR_MOVE_PARA_END, true);
  } else {
    editor_set_cursor(ed(app), pos, (SDL_GetModState() & KMOD_SHIFT) != 0);
    app->selecting = true;
  }
  app->goal_x = -1;
  app_touch(app);
}

static void on_mouse_down(App *app, const SDL_MouseButtonEvent *button)
{
  if (button->button != SDL_BUTTON_LEFT || app->mode != APP_MODE_EDIT)
    return;
  int x = (int)(button->x * app->pixel_ratio), y = (int)(button->y * app->pixel_ratio);
  const SDL_Rect *bar = &app->layout.scrollbar;
  if (x >= bar->x && y < bar->y + bar->h)
    press_scrollbar(app, y);
  else if (y < app->layout.status.y)
    press_text(app, x, y, button->clicks);
}

static void on_mouse_motion(App *app, const SDL_MouseMotionEvent *motion)
{
  int x = (int)(motion->x * app->pixel_ratio), y = (int)(motion->y * app->pixel_ratio);
  if (app->dragging_thumb) {
    drag_thumb(app, y);
  } else if (app->selecting) {
    editor_set_cursor(ed(app), pos_at(app, x, y), true);
    app_after_edit(app);
  }
}

static void on_mouse_up(App *app, const SDL_MouseButtonEvent *button)
{
  if (button->button == SDL_BUTTON_LEFT)
    app->selecting = app->dragging_thumb = false;
}

static void on_wheel(App *app, const SDL_MouseWheelEvent *wheel)
{
  const GlyphStyle *st = glyph_factory_style_info(app->session->factory, editor_style(ed(app)));
  int line = st != NULL ? st->line_height : 16;
  int dy = wheel->direction == SDL_MOUSEWHEEL_FLIPPED ? -wheel->y : wheel->y;
  scroll_by(app, -(gint64)dy * WHEEL_LINES * line);
}

static void on_window(App *app, const SDL_WindowEvent *window)
{
  if (window->event == SDL_WINDOWEVENT_SIZE_CHANGED)
    app_resize(app);
  else if (window->event == SDL_WINDOWEVENT_FOCUS_GAINED) {
    app_touch(app);
    app_check_disk(app);
  }
  else
    app->dirty = true;
}

static void on_drop_file(App *app, char *file)
{
  app_request(app, APP_ACTION_OPEN_PATH, file);
  SDL_free(file);
}

void app_handle_event(App *app, const SDL_Event *event)
{
  switch (event->type) {
  case SDL_QUIT: app_request(app, APP_ACTION_QUIT, NULL); break;
  case SDL_WINDOWEVENT: on_window(app, &event->window); break;
  case SDL_KEYDOWN: on_key_down(app, &event->key); break;
  case SDL_TEXTINPUT: on_text_input(app, &event->text); break;
  case SDL_TEXTEDITING: on_text_editing(app, &event->edit); break;
  case SDL_MOUSEBUTTONDOWN: on_mouse_down(app, &event->button); break;
  case SDL_MOUSEBUTTONUP: on_mouse_up(app, &event->button); break;
  case SDL_MOUSEMOTION: on_mouse_motion(app, &event->motion); break;
  case SDL_MOUSEWHEEL: on_wheel(app, &event->wheel); break;
  case SDL_DROPFILE: on_drop_file(app, event->drop.file); break;
  default: break;
  }
}
