/* draw.c — the window's frames (draw.h). */
#include "draw.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "choices.h"
#include "files.h"
#include "findbar.h"
#include "atlas_view.h"
#include "glyph_inspector.h"
#include "sharing_map.h"
#include "flyweight_switch.h"
#include "pathbar.h"
#include "procstat.h"
#include "question.h"
#include "screenshot.h"

struct Drawing {
  bool cursor_drawn;    /* the blink phase of the last frame */
  bool overlay_drawn;   /* the last frame had the overlay (or another panel) over the text */
  char *choices;        /* the completion choices' line drawn last, NULL when none */
  char *keys_hint;      /* "F10 keys" for the status line */
  guint64 last_draw_ms; /* when the last frame was drawn */
  double frame_ms;      /* time to draw the last frame */
  double first_text_ms; /* process start to the first frame showing text, 0 until then */
  char *title;          /* the window title set last */
  SDL_Rect input_rect;  /* where the composition was last said to be, window points */
};

Drawing *draw_new(void)
{
  return g_new0(Drawing, 1);
}

void draw_free(Drawing *drawing)
{
  if (drawing == NULL)
    return;
  g_free(drawing->title);
  g_free(drawing->choices);
  g_free(drawing->keys_hint);
  g_free(drawing);
}

guint64 draw_last_frame_ms(const App *app)
{
  return app->drawing->last_draw_ms;
}

double draw_first_text_ms(const App *app)
{
  return app->drawing->first_text_ms;
}

static void update_title(App *app)
{
  const char *path = app->session->path;
  /* the name in UTF-8 whatever the file system's encoding: SDL sets
   * _NET_WM_NAME (UTF-8) and WM_NAME (the locale's encoding) from it */
  g_autofree char *name = path ? g_filename_display_basename(path) : g_strdup("untitled");
  g_autofree char *title = g_strdup_printf("%s%s — glyphpad",
                                           editor_modified(app->session->editor) ? "• " : "", name);
  if (g_strcmp0(title, app->drawing->title) == 0)
    return;
  SDL_SetWindowTitle(app->window, title);
  g_free(app->drawing->title);
  app->drawing->title = g_steal_pointer(&title);
}

static bool cursor_visible(const App *app, guint64 now)
{
  guint64 since = now - app->blink_start_ms;
  return since >= DRAW_BLINK_STOP_MS || (since / DRAW_BLINK_MS) % 2 == 0;
}

guint64 draw_blink_wait(const App *app, guint64 now)
{
  guint64 since = now - app->blink_start_ms;
  return since < DRAW_BLINK_STOP_MS ? DRAW_BLINK_MS - since % DRAW_BLINK_MS : G_MAXUINT64;
}

/* The question, the prompt, the find bar (with the message in a row of its
 * own), or the message, in that order. */
static char *bar_text(const App *app, bool *error)
{
  *error = false;
  if (question_open(app))
    return question_text(app);
  if (pathbar_active(app))
    return pathbar_bar_text(app);
  if (findbar_active(app) && app->message != NULL) {
    g_autofree char *find = findbar_bar_text(app, error);
    return g_strdup_printf("%s\n%s", find, app->message);
  }
  if (findbar_active(app))
    return findbar_bar_text(app, error);
  if (files_loading(app))
    return g_strdup_printf("Loading... %.0f %% (what you type is applied when the file is in)",
                           100.0 * files_load_progress(app));
  if (flyweight_switch_busy(app))
    return flyweight_switch_bar_text(app);
  *error = app->message_error;
  return g_strdup(app->message);
}

static void draw_overlay(App *app, guint64 now)
{
  MemStats stats;
  memstats_collect(&stats, app->session->factory, editor_document(app->session->editor),
                   app->session->view, app->session->words);
  OverlayFrame frame = {
      .stats = &stats,
      .factory = app->session->factory,
      .frame_ms = app->drawing->frame_ms,
      .draw_calls = renderer_glyph_draw_calls(app->renderer),
      .quads = renderer_glyph_quads(app->renderer),
      .now_ms = now,
  };
  atlas_get_stats(app->atlas, &frame.atlas);
  overlay_draw(app->overlay, app->sdl, &frame, &app->layout.panel);
  renderer_also_show(app->renderer, &app->layout.panel);
}

/* The shortcut panel (F10) over the window above the status line, which
 * names its key. */
static void draw_keys(App *app)
{
  int w, h = app->layout.status.y;
  SDL_GetRendererOutputSize(app->sdl, &w, NULL);
  g_autofree char *title = g_strdup_printf("Keys (%s or Esc closes this)",
                                           app->keys->toggle_key ? app->keys->toggle_key : "Esc");
  keysheet_draw(app->font, app->sdl, app->density, title,
                (const KeySheetRow *)(void *)app->keys->rows->data, app->keys->rows->len, w, h);
}

/* The prompt's completion choices, on a line of the bar's height above it. */
static void draw_choices(App *app)
{
  Drawing *d = app->drawing;
  const GPtrArray *names = pathbar_choices(app);
  g_clear_pointer(&d->choices, g_free);
  if (names == NULL)
    return;
  const SDL_Rect *bar = &app->layout.bar;
  SDL_Rect area = {bar->x, MAX(bar->y - bar->h, 0), bar->w, bar->h};
  int pad = (int)(8 * app->density + 0.5f);
  d->choices = choices_line(app->font, names, area.w - 2 * pad);
  choices_draw(app->font, app->sdl, app->density, d->choices, &area);
}

const char *draw_choices_shown(const App *app)
{
  return app->drawing->choices;
}

/* What lies over the text: the choices, the shortcut panel, the overlay, the
 * inspector's card, the sharing map's legend. */
static bool something_over_text(const App *app)
{
  return app->keys_on || pathbar_choices(app) != NULL || app->inspect_shown ||
         app->sharing_map_on || app->atlas_view_on;
}

/* The inspector's card for the glyph under its point this frame (the view's
 * glyphs change as it scrolls); false when none is shown or nothing is there. */
static bool inspected_card(App *app, const RendererLayout *layout, GlyphCard *card)
{
  int x = app->inspect_x - layout->text.x, y = app->inspect_y - layout->text.y;
  return app->inspect_shown && app->inspect_y < app->layout.status.y &&
         glyph_sharing_card_at(app->session->view, app->session->factory, x, y, card);
}

/* The card beside its glyph, inside the text area. */
static void draw_card(App *app, const RendererLayout *layout, const GlyphCard *card)
{
  SDL_Rect cell = {layout->text.x + card->cell_x, layout->text.y + card->cell_y, card->cell_w,
                   card->cell_h};
  SDL_Rect bounds = {0, 0, app->layout.scrollbar.x, app->layout.panel.y};
  glyph_inspector_draw(app->font, app->sdl, app->density, card, &cell, &bounds);
}

/* "F10 keys", from the key table. */
static const char *keys_hint(App *app)
{
  if (app->drawing->keys_hint == NULL && app->keys->toggle_key != NULL)
    app->drawing->keys_hint = g_strdup_printf("%s keys", app->keys->toggle_key);
  return app->drawing->keys_hint;
}

static void take_screenshot(App *app)
{
  g_autoptr(GError) error = NULL;
  if (!screenshot_save(app->sdl, app->opts->screenshot, &error))
    fprintf(stderr, "glyphpad: %s\n", error->message);
  app->running = false;
}

/* Milliseconds since this process was started (exec): its start time in
 * clock ticks since boot against CLOCK_BOOTTIME. -1 if unknown. */
static double ms_since_exec(void)
{
  bool zombie;
  guint64 ticks = procstat_process_start(getpid(), &zombie);
  if (ticks == 0)
    return -1;
  struct timespec now;
  clock_gettime(CLOCK_BOOTTIME, &now);
  double boot_ms = (double)now.tv_sec * 1000.0 + (double)now.tv_nsec / 1e6;
  return boot_ms - (double)ticks * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

/* Records when text was first on screen (the 50 MB figure of the README). */
static void note_first_text(App *app)
{
  const Document *doc = editor_document(app->session->editor);
  if (app->drawing->first_text_ms > 0 ||
      (document_paragraph_count(doc) == 1 && document_paragraph_chars(doc, 0) == 0))
    return;
  app->drawing->first_text_ms = ms_since_exec();
}

/* Tells the input method where the cursor is, so its candidate list opens
 * next to the text being composed (SDL wants window points). */
static void place_input_method(App *app)
{
  int x, height;
  gint64 top;
  if (!view_point_of_pos(app->session->view, editor_cursor(app->session->editor), &x, &top,
                         &height))
    return;
  float r = app->pixel_ratio;
  RendererLayout layout = app_scrolled_layout(app);
  SDL_Rect rect = {(int)((float)(layout.text.x + x) / r), (int)((float)(layout.text.y + top) / r),
                   1, (int)((float)height / r)};
  if (memcmp(&rect, &app->drawing->input_rect, sizeof rect) == 0)
    return;
  app->drawing->input_rect = rect;
  SDL_SetTextInputRect(&rect);
}

/* Gives the bar the rows @text needs, taken from the text area; the
 * cursor's line, if it was on screen, stays on screen. */
static void reserve_bar(App *app, const char *text)
{
  int rows = 0;
  for (const char *s = text; s != NULL; s = strchr(s, '\n'))
    rows++, s += *s == '\n';
  if (rows == app->bar_rows)
    return;
  View *view = app->session->view;
  DocPos cursor = editor_cursor(app->session->editor);
  int x, height;
  gint64 top;
  bool shown = view_point_of_pos(view, cursor, &x, &top, &height) && top + height > 0 &&
               top < view_height(view);
  app->bar_rows = rows;
  app_layout(app); /* the text area, the gutter and the view's size (word wrap's width) follow */
  if (shown)
    view_scroll_to_pos(view, cursor);
}

void draw_frame(App *app, guint64 now)
{
  Drawing *d = app->drawing;
  gint64 start = g_get_monotonic_time();
  app_fit_gutter(app);
  bool error;
  g_autofree char *bar = bar_text(app, &error);
  reserve_bar(app, bar);
  guint n_lights = 0;
  const RendererHighlight *lights = findbar_highlights(app, &n_lights);
  d->cursor_drawn = cursor_visible(app, now);
  question_note_drawn(app);
  RendererFrame frame = {
      .editor = app->session->editor,
      .view = app->session->view,
      .path = app->session->path,
      .cursor_visible = d->cursor_drawn,
      .bar_text = bar,
      .bar_is_error = error,
      .progress = files_loading(app)           ? files_load_progress(app)
                  : flyweight_switch_busy(app) ? flyweight_switch_progress(app)
                                               : view_progress(app->session->view),
      .composition = app->composition->str,
      .highlights = lights,
      .n_highlights = n_lights,
      .keys_hint = keys_hint(app),
  };
  bool over = something_over_text(app);
  if (over || d->overlay_drawn) /* it lies over the text: draw under it anew */
    renderer_invalidate(app->renderer);
  RendererLayout layout = app_scrolled_layout(app);
  GlyphCard card;
  bool has_card = inspected_card(app, &layout, &card);
  frame.inspected = has_card ? card.glyph : NULL;
  frame.sharing_map = app->sharing_map_on;
  renderer_draw(app->renderer, &layout, &frame);
  d->overlay_drawn = over;
  draw_choices(app);
  if (app->sharing_map_on)
    sharing_map_draw_legend(app->font, app->sdl, app->density, &app->layout.text,
                            view_get_sharing(app->session->view));
  if (has_card)
    draw_card(app, &layout, &card);
  if (app->overlay_on)
    draw_overlay(app, now);
  if (app->atlas_view_on) {
    SDL_Rect area = {0, 0, app->layout.scrollbar.x + app->layout.scrollbar.w, app->layout.panel.y};
    atlas_view_draw(app->font, app->sdl, app->density, app->atlas, &area);
  }
  if (app->keys_on)
    draw_keys(app);
  d->frame_ms = (double)(g_get_monotonic_time() - start) / 1000.0;
  if (app->opts->screenshot != NULL && !files_loading(app))
    take_screenshot(app);
  renderer_present(app->renderer);
  note_first_text(app);
  place_input_method(app);
  update_title(app);
  app->dirty = false;
  d->last_draw_ms = now;
}

/* A blink is a frame: composing in software with damage tracking, it draws
 * and shows only the caret's cells. */
void draw_blink(App *app, guint64 now)
{
  if (cursor_visible(app, now) != app->drawing->cursor_drawn)
    app->dirty = true;
}
