/* app.c — the few things every window module needs: the clock, the status
 * message, "input happened, redraw", and the window's layout (its areas, the
 * gutter, word wrap and the sideways scroll that goes with not wrapping). */
#include "app.h"

#include <stdarg.h>

guint64 app_now_ms(void)
{
  return (guint64)(g_get_monotonic_time() / 1000);
}

void app_message(App *app, bool error, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_free(app->message);
  app->message = g_strdup_vprintf(format, args);
  va_end(args);
  app->message_error = error;
  app->message_until_ms = app_now_ms() + APP_MESSAGE_MS;
  app->dirty = true;
}

void app_clear_message(App *app)
{
  g_clear_pointer(&app->message, g_free);
  app->dirty = true;
}

void app_touch(App *app)
{
  app->blink_start_ms = app_now_ms();
  app->dirty = true;
}

/* Lines not wrapping: scrolls sideways the least that shows the cursor, with
 * a margin so that the characters around it show too. */
static void follow_cursor_x(App *app)
{
  int x, height;
  gint64 top;
  if (app->settings->word_wrap) {
    app->scroll_x = 0;
    return;
  }
  if (!view_point_of_pos(app->session->view, editor_cursor(app->session->editor), &x, &top,
                         &height))
    return;
  int w = app->layout.text.w, margin = MIN(w / 4, (int)(48 * app->density));
  if (x < app->scroll_x + margin)
    app->scroll_x = MAX(x - margin, 0);
  else if (x > app->scroll_x + w - margin)
    app->scroll_x = x - w + margin;
}

void app_after_edit(App *app)
{
  view_scroll_to_pos(app->session->view, editor_cursor(app->session->editor));
  follow_cursor_x(app);
  app_touch(app);
}

/* Digits the gutter needs for the document's paragraph count (at least 3, so
 * that it does not widen at the 10th and 100th line). */
static int gutter_digits(const App *app)
{
  if (!app->settings->line_numbers)
    return 0;
  guint32 n = document_paragraph_count(editor_document(app->session->editor));
  int digits = 1;
  for (; n >= 10; n /= 10)
    digits++;
  return MAX(digits, 3);
}

void app_layout(App *app)
{
  int w, h;
  SDL_GetRendererOutputSize(app->sdl, &w, &h);
  renderer_layout(app->font, app->density, w, h, &app->layout);
  if (app->session == NULL) /* opening: the session is sized from this */
    return;
  /* the bar's rows first: the gutter is as tall as what is left above them */
  renderer_layout_set_bar_rows(&app->layout, app->font, app->density, app->bar_rows);
  renderer_layout_panel(&app->layout, app->overlay_on ? overlay_height(app->overlay, h) : 0);
  app->gutter_digits = gutter_digits(app);
  renderer_layout_gutter(app->font, app->density, app->gutter_digits, &app->layout);
  bool wrap = app->settings->word_wrap;
  View *view = app->session->view;
  int width = wrap ? app->layout.text.w : APP_NOWRAP_WIDTH;
  if (view_width(view) != width || view_height(view) != app->layout.text.h) {
    layout_set_rtl_flush_left(app->session->layout, !wrap);
    view_set_size(view, width, app->layout.text.h);
  }
  follow_cursor_x(app);
  app->dirty = true;
}

void app_fit_gutter(App *app)
{
  if (app->gutter_digits != gutter_digits(app))
    app_layout(app);
}

RendererLayout app_scrolled_layout(const App *app)
{
  RendererLayout layout = app->layout;
  layout.text.x -= app->scroll_x;
  return layout;
}
