/* flyweight_switch.c — F2 in steps (flyweight_switch.h). */
#include "flyweight_switch.h"

struct FlyweightSwitch {
  MemStats before;  /* the figures when the switch began (not when it turned back) */
  guint64 start_ms; /* when it began */
  bool turned_back; /* F2 was pressed again while it worked */
};

FlyweightSwitch *flyweight_switch_new(void)
{
  return g_new0(FlyweightSwitch, 1);
}

void flyweight_switch_free(FlyweightSwitch *sw)
{
  g_free(sw);
}

static void collect(App *app, MemStats *out)
{
  Session *s = app->session;
  memstats_collect(out, s->factory, editor_document(s->editor), s->view, s->words);
}

bool flyweight_switch_busy(const App *app)
{
  return view_sharing_busy(app->session->view);
}

double flyweight_switch_progress(const App *app)
{
  return view_sharing_progress(app->session->view);
}

/* The switch is done: the bar and the overlay say what it did. */
static void finish(App *app)
{
  FlyweightSwitch *sw = app->flyweight;
  MemStats after;
  collect(app, &after);
  overlay_mark_toggle(app->overlay, app_now_ms(), &sw->before, &after);
  atlas_evict_all(app->atlas); /* the pages that grew for the old glyphs go at the next frame */
  g_autofree char *hb = g_format_size_full(sw->before.heap_bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *ha = g_format_size_full(after.heap_bytes, G_FORMAT_SIZE_IEC_UNITS);
  app_message(app, false,
              "Flyweight %s%s: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT
              " Glyph objects, heap %s -> %s (%" G_GUINT64_FORMAT " ms)",
              after.flyweight ? "on" : "off", sw->turned_back ? " again" : "",
              sw->before.glyphs_alive, after.glyphs_alive, hb, ha, app_now_ms() - sw->start_ms);
  sw->turned_back = false;
  app->dirty = true;
}

bool flyweight_switch_step(App *app, gint64 budget_us)
{
  if (view_sharing_step(app->session->view, budget_us))
    return true;
  finish(app);
  return false;
}

bool flyweight_switch_start(App *app, bool sharing)
{
  FlyweightSwitch *sw = app->flyweight;
  View *view = app->session->view;
  bool busy = view_sharing_busy(view);
  if (sharing == view_get_sharing(view))
    return true;
  if (!busy) {
    collect(app, &sw->before);
    sw->start_ms = app_now_ms();
  }
  g_autoptr(GError) error = NULL;
  if (!view_sharing_begin(view, sharing, app->opts->budget, &error)) {
    app_message(app, true, "Flyweight stays on: %s", error->message);
    return false;
  }
  sw->turned_back = busy;
  flyweight_switch_step(app, FLYWEIGHT_SWITCH_STEP_US);
  app->dirty = true;
  return true;
}

void flyweight_switch_toggle(App *app)
{
  flyweight_switch_start(app, !view_get_sharing(app->session->view));
}

char *flyweight_switch_bar_text(const App *app)
{
  return g_strdup_printf("Turning the flyweight %s... %.0f %% (F2 turns back; what you type is "
                         "applied when it is done)",
                         view_get_sharing(app->session->view) ? "on" : "off",
                         100.0 * flyweight_switch_progress(app));
}
