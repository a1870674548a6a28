/* commands.c — what the keys do (commands.h).
 *
 * Movement and editing go to the editor and then scroll to the cursor; up and
 * down keep the pen x they started from (goal_x) so the cursor does not drift
 * left over short lines. Left/Right, Home/End and up/down are moves on screen:
 * the view finds the caret (position and side, view.h) and the editor keeps
 * it, so in bidi text the arrows go the way they point and End stays on its
 * wrapped line. Word moves (Ctrl+Left/Right) stay logical: a word's start and
 * end, whatever the direction. Style commands change the selection, or what
 * is typed next when nothing is selected. */
#include "commands.h"

#include "files.h"
#include "flyweight_switch.h"
#include "pathbar.h"
#include "prompt.h"
#include "saving.h"
#include "stats_dump.h"
#include "window_settings.h"

static const char *const TYPEFACE_CYCLE[] = {"DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono"};

static Editor *ed(App *app)
{
  return app->session->editor;
}

/* ------------------------------------------------------------------ movement */

/* A move that forgets the goal column (anything but up and down). */
static void move(App *app, EditorMove where, bool shift)
{
  editor_move(ed(app), where, shift);
  app->goal_x = -1;
  app_after_edit(app);
}

/* The cursor with its side. */
static ViewCaret caret(App *app)
{
  return (ViewCaret){editor_cursor(ed(app)), editor_cursor_affinity(ed(app))};
}

/* Moves the cursor to @to, drawn on its side; @keep_goal for up and down. */
static void move_to(App *app, ViewCaret to, bool extend, bool keep_goal)
{
  editor_set_caret(ed(app), to.pos, to.affinity, extend);
  if (!keep_goal)
    app->goal_x = -1;
  app_after_edit(app);
}

static void move_vertical(App *app, int lines, bool extend)
{
  View *view = app->session->view;
  int x = 0, height = 0;
  gint64 top = 0;
  if (app->goal_x < 0 && view_point_of_caret(view, caret(app), &x, &top, &height))
    app->goal_x = x;
  move_to(app, view_caret_move_lines(view, caret(app), lines, MAX(app->goal_x, 0)), extend, true);
}

static void move_page(App *app, int direction, bool extend)
{
  View *view = app->session->view;
  int x, height = 0;
  gint64 top;
  if (!view_point_of_caret(view, caret(app), &x, &top, &height) || height <= 0)
    height = 16;
  int lines = MAX(1, view_height(view) / height - 1);
  gint64 scroll = (gint64)view_scroll_y(view) + (gint64)direction * lines * height;
  view_scroll_to(view, MAX(scroll, 0));
  move_vertical(app, direction * lines, extend);
}

static void move_line_edge(App *app, bool end, bool extend)
{
  View *view = app->session->view;
  move_to(app,
          end ? view_caret_line_end(view, caret(app)) : view_caret_line_start(view, caret(app)),
          extend, false);
}

/* Whether caret @a is on the @direction side of @b on screen: on another
 * line, the later one going right (GTK collapses a selection to its logical
 * end that way), on one line the one further that way. */
static bool further(View *view, ViewCaret a, ViewCaret b, int direction)
{
  int xa, xb, h;
  gint64 ta, tb;
  view_point_of_caret(view, a, &xa, &ta, &h);
  view_point_of_caret(view, b, &xb, &tb, &h);
  if (ta != tb)
    return direction > 0 ? ta > tb : ta < tb;
  return direction > 0 ? xa > xb : xa < xb;
}

/* Left or Right: one stop on screen; without Shift a selection collapses to
 * its end on that side. */
static void move_across(App *app, int direction, bool shift)
{
  View *view = app->session->view;
  ViewCaret cursor = caret(app), to;
  if (!shift && editor_has_selection(ed(app))) {
    ViewCaret anchor = {editor_anchor(ed(app)), CARET_DOWNSTREAM};
    to = further(view, anchor, cursor, direction) ? anchor : cursor;
  } else {
    to = view_caret_move(view, cursor, direction);
  }
  move_to(app, to, shift, false);
}

void commands_left(App *app, bool shift)
{
  move_across(app, -1, shift);
}
void commands_right(App *app, bool shift)
{
  move_across(app, 1, shift);
}
void commands_word_left(App *app, bool shift)
{
  move(app, EDITOR_MOVE_WORD_LEFT, shift);
}
void commands_word_right(App *app, bool shift)
{
  move(app, EDITOR_MOVE_WORD_RIGHT, shift);
}
void commands_up(App *app, bool shift)
{
  move_vertical(app, -1, shift);
}
void commands_down(App *app, bool shift)
{
  move_vertical(app, 1, shift);
}
void commands_page_up(App *app, bool shift)
{
  move_page(app, -1, shift);
}
void commands_page_down(App *app, bool shift)
{
  move_page(app, 1, shift);
}
void commands_line_start(App *app, bool shift)
{
  move_line_edge(app, false, shift);
}
void commands_line_end(App *app, bool shift)
{
  move_line_edge(app, true, shift);
}
void commands_doc_start(App *app, bool shift)
{
  move(app, EDITOR_MOVE_DOC_START, shift);
}
void commands_doc_end(App *app, bool shift)
{
  move(app, EDITOR_MOVE_DOC_END, shift);
}

/* ------------------------------------------------------------------ editing */

void commands_insert_text(App *app, const char *utf8)
{
  g_autoptr(GError) error = NULL;
  if (!editor_insert(ed(app), utf8, &error))
    app_message(app, true, "Not inserted: %s", error->message);
  app->goal_x = -1;
  app_after_edit(app);
}

/* After Backspace or Delete. */
static void after_delete(App *app)
{
  app->goal_x = -1;
  app_after_edit(app);
}

void commands_newline(App *app, bool shift)
{
  commands_insert_text(app, "\n");
}
/* Tab and Shift+Tab over the selected lines (the cursor's line for Shift+Tab). */
static void indent(App *app, bool outdent)
{
  if (!editor_indent_lines(ed(app), outdent))
    return;
  app->goal_x = -1;
  app_after_edit(app);
}

void commands_tab(App *app, bool shift)
{
  if (editor_selection_spans_lines(ed(app)))
    indent(app, false);
  else
    commands_insert_text(app, "\t");
}

void commands_unindent(App *app, bool shift)
{
  indent(app, true);
}

void commands_delete_word_back(App *app, bool shift)
{
  editor_delete_word(ed(app), true);
  after_delete(app);
}

void commands_delete_word(App *app, bool shift)
{
  editor_delete_word(ed(app), false);
  after_delete(app);
}

void commands_backspace(App *app, bool shift)
{
  editor_backspace(ed(app));
  after_delete(app);
}

void commands_delete(App *app, bool shift)
{
  editor_delete_forward(ed(app));
  after_delete(app);
}

void commands_select_all(App *app, bool shift)
{
  editor_select_all(ed(app));
  app_touch(app);
}

static void copy_or_cut(App *app, bool cut)
{
  g_autofree char *text = cut ? editor_cut(ed(app)) : editor_copy(ed(app));
  if (text != NULL)
    SDL_SetClipboardText(text);
  app_after_edit(app);
}

void commands_copy(App *app, bool shift)
{
  copy_or_cut(app, false);
}
void commands_cut(App *app, bool shift)
{
  copy_or_cut(app, true);
}

void commands_paste(App *app, bool shift)
{
  if (!SDL_HasClipboardText())
    return;
  char *text = SDL_GetClipboardText();
  if (text != NULL && text[0] != '\0')
    commands_insert_text(app, text);
  SDL_free(text);
}

static void undo_redo(App *app, bool redo)
{
  if (!(redo ? editor_redo(ed(app)) : editor_undo(ed(app))))
    app_message(app, false, "Nothing to %s", redo ? "redo" : "undo");
  app->goal_x = -1;
  app_after_edit(app);
}

void commands_undo(App *app, bool shift)
{
  undo_redo(app, false);
}
void commands_redo(App *app, bool shift)
{
  undo_redo(app, true);
}

/* ------------------------------------------------------------------ files */

void commands_open(App *app, bool shift)
{
  saving_request(app, SAVING_ACTION_OPEN_PROMPT, NULL);
}
void commands_save(App *app, bool shift)
{
  saving_save(app);
}
void commands_save_as(App *app, bool shift)
{
  saving_save_as(app);
}
void commands_reload(App *app, bool shift)
{
  files_reload(app);
}
void commands_new(App *app, bool shift)
{
  saving_request(app, SAVING_ACTION_CLOSE, NULL);
}
void commands_quit(App *app, bool shift)
{
  saving_request(app, SAVING_ACTION_QUIT, NULL);
}

/* ------------------------------------------------------------------ view */

void commands_toggle_wrap(App *app, bool shift)
{
  app->settings->word_wrap = !app->settings->word_wrap;
  app_layout(app);
  app->keep_cursor_shown = true; /* as after a resize: the lines change height */
  app_after_edit(app);
  app_message(app, false, "Word wrap %s (Alt+Z)",
              app->settings->word_wrap ? "on" : "off: lines go on past the window's edge");
  window_settings_save(app);
}

void commands_toggle_line_numbers(App *app, bool shift)
{
  app->settings->line_numbers = !app->settings->line_numbers;
  app_layout(app);
  app->keep_cursor_shown = true;
  app_after_edit(app);
  app_message(app, false, "Line numbers %s (Ctrl+Shift+L)",
              app->settings->line_numbers ? "on" : "off");
  window_settings_save(app);
}

/* ------------------------------------------------------------------ styles */

/* Gives the selection (or what is typed next) @family at @px pixels. */
static void apply_style(App *app, const char *family, unsigned px)
{
  Session *s = app->session;
  g_autoptr(GError) error = NULL;
  Typeface *face = typeface_set_lookup(s->typefaces, family, &error);
  StyleId style = face ? glyph_factory_style(s->factory, face, px) : STYLE_NONE;
  if (style == STYLE_NONE) {
    app_message(app, true, "Cannot use %s at %u px: %s", family, px,
                error ? error->message : "no such size");
    return;
  }
  bool selection = editor_has_selection(s->editor);
  editor_set_style(s->editor, style);
  if (!selection) /* what is typed next: remembered for new documents and the next start */
    window_settings_set_style(app, family, (int)(px / app->density + 0.5f));
  app_message(app, false, "%s %upx %s", family, (unsigned)(px / app->density + 0.5f),
              selection ? "for the selection" : "for what you type next");
  app_after_edit(app);
}

static const GlyphStyle *current_style(App *app)
{
  return glyph_factory_style_info(app->session->factory, editor_style(app->session->editor));
}

void commands_cycle_typeface(App *app, bool shift)
{
  const GlyphStyle *st = current_style(app);
  const char *family = st ? typeface_family(st->typeface) : TYPEFACE_CYCLE[0];
  guint next = 0, n = G_N_ELEMENTS(TYPEFACE_CYCLE);
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp(family, TYPEFACE_CYCLE[i]) == 0)
      next = (i + 1) % n;
  apply_style(app, TYPEFACE_CYCLE[next], st ? st->px : (unsigned)app->opts->size);
}

/* What the font picker's prompt hands back: a family, or NULL (Esc). */
static void typeface_chosen(App *app, const char *typed)
{
  if (typed == NULL)
    return;
  g_autoptr(GPtrArray) families = typeface_set_families(app->session->typefaces);
  const char *family = prompt_choice_named(typed, families);
  if (family == NULL) {
    app_message(app, true, "No installed family is called \"%s\" (Tab lists them)", typed);
    return;
  }
  const GlyphStyle *st = current_style(app);
  apply_style(app, family, st ? st->px : (unsigned)(app->opts->size * app->density + 0.5f));
}

void commands_pick_typeface(App *app, bool shift)
{
  GPtrArray *families = typeface_set_families(app->session->typefaces);
  if (families->len == 0) {
    g_ptr_array_unref(families);
    app_message(app, true, "fontconfig lists no fonts");
    return;
  }
  pathbar_start_choosing(app, "Font:", families, typeface_chosen);
}

void commands_default_size(App *app, bool shift)
{
  const GlyphStyle *st = current_style(app);
  if (st != NULL)
    apply_style(app, typeface_family(st->typeface),
                (unsigned)(app->opts->size * app->density + 0.5f));
}

static void change_size(App *app, int direction)
{
  const GlyphStyle *st = current_style(app);
  if (st == NULL)
    return;
  int points = (int)(st->px / app->density + 0.5f);
  int step = points < 24 ? 2 : points < 48 ? 4 : 8;
  points = CLAMP(points + direction * step, CLI_MIN_SIZE, CLI_MAX_SIZE);
  apply_style(app, typeface_family(st->typeface), (unsigned)(points * app->density + 0.5f));
}

void commands_bigger(App *app, bool shift)
{
  change_size(app, 1);
}
void commands_smaller(App *app, bool shift)
{
  change_size(app, -1);
}

/* ------------------------------------------------------------------ the flyweight */

void commands_toggle_overlay(App *app, bool shift)
{
  app->overlay_on = !app->overlay_on;
  app_layout(app); /* the panel takes its strip below the text, or gives it back */
}

void commands_toggle_keys(App *app, bool shift)
{
  app->keys_on = !app->keys_on;
  app->dirty = true;
}

void commands_toggle_sharing_map(App *app, bool shift)
{
  app->sharing_map_on = !app->sharing_map_on;
  app->dirty = true;
}

void commands_toggle_atlas_view(App *app, bool shift)
{
  app->atlas_view_on = !app->atlas_view_on;
  app->dirty = true;
}

void commands_toggle_inspector(App *app, bool shift)
{
  app->inspect_mode = !app->inspect_mode;
  if (app->inspect_mode) { /* the glyph under the pointer now, before it moves */
    int x, y;
    SDL_GetMouseState(&x, &y);
    app->inspect_x = (int)(x * app->pixel_ratio);
    app->inspect_y = (int)(y * app->pixel_ratio);
  }
  app->inspect_shown = app->inspect_mode;
  app->dirty = true;
}

void commands_toggle_flyweight(App *app, bool shift)
{
  flyweight_switch_toggle(app); /* in steps from the loop: flyweight_switch.h */
}

void commands_write_stats(App *app, bool shift)
{
  if (stats_dump_write(app))
    app_message(app, false, "Statistics written to %s", app->opts->stats_dump);
  else if (app->opts->stats_dump == NULL)
    app_message(app, false, "F12 needs --stats-dump FILE (where to write); F1 shows them here");
}
