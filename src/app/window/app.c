/* app.c — the few things every window module needs: the clock, the status
 * message, and "input happened, redraw". */
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

void app_after_edit(App *app)
{
  view_scroll_to_pos(app->session->view, editor_cursor(app->session->editor));
  app_touch(app);
}
