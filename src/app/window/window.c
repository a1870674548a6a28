/* window.c — the window: set-up, the event loop, and tear-down.
 *
 * The loop never spins: it sleeps in SDL_WaitEventTimeout until an event or
 * the next thing that must happen by itself — the cursor's blink (which stops
 * after DRAW_BLINK_STOP_MS without input, so an idle window sleeps for good),
 * the overlay's refresh, a message expiring, a recovery snapshot,
 * --quit-after-ms. While a file loads or the view has paragraphs left to
 * measure it does a bounded step per turn with a zero timeout, so a large file
 * shows its first screen at once and input stays responsive while the rest is
 * read and measured; a frame is then drawn at most every MEASURING_FRAME_MS.
 * F2's switch of the flyweight is stepped the same way (flyweight_switch.h).
 * Each turn's length from the wait's return to the next wait (events not
 * handled meanwhile) is measured: the longest is App.max_stall_ms.
 *
 * Sizes: the window is opened in points; the output (and every pixel size:
 * fonts, margins, the view) is points times the pixel density, so HiDPI
 * displays get text rasterized at their resolution. */
#include "window.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "files.h"
#include "findbar.h"
#include "flyweight_switch.h"
#include "input.h"
#include "keymap.h"
#include "pathbar.h"
#include "procstat.h"
#include "saving.h"
#include "stats_dump.h"
#include "window_recovery.h"
#include "window_settings.h"

#define UI_FONT_FAMILY "DejaVu Sans Mono"
#define UI_FONT_POINTS 13
#define MEASURING_FRAME_MS 100 /* a frame at most this often while loading or measuring */
/* Bytes measured per loop turn: about 25 ms here (2 MiB took about 50), so
 * no turn comes near the 50 ms a person notices. */
#define MEASURE_BUDGET (G_GUINT64_CONSTANT(1) << 20)

/* ------------------------------------------------------------------ set-up */

bool window_have_gpu(void)
{
  g_autoptr(GDir) dir = g_dir_open("/dev/dri", 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name(dir)) != NULL)
    if (g_str_has_prefix(name, "renderD"))
      return true;
  return false;
}

void window_choose_renderer(const char *name)
{
  if (name == NULL && g_getenv("SDL_RENDER_DRIVER") == NULL && !window_have_gpu())
    name = "software";
  if (name == NULL)
    return;
  SDL_SetHint(SDL_HINT_RENDER_DRIVER, name);
  if (strcmp(name, "software") == 0) /* no hidden GL context behind the window surface */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
}

static bool open_window(App *app)
{
  window_choose_renderer(app->opts->renderer);
  /* --scale: the platform's windows are in pixels (X11), so the window is made
   * that many times larger and everything in it scaled by it. */
  double scale = app->opts->scale > 0 ? app->opts->scale : 1.0;
  const Settings *remembered = app->settings;
  bool placed = remembered->has_position;
  app->window = SDL_CreateWindow("glyphpad", placed ? remembered->x : (int)SDL_WINDOWPOS_CENTERED,
                                 placed ? remembered->y : (int)SDL_WINDOWPOS_CENTERED,
                                 (int)(app->opts->width * scale), (int)(app->opts->height * scale),
                                 SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (app->window == NULL) {
    fprintf(stderr, "glyphpad: cannot open a window: %s (is $DISPLAY set?)\n", SDL_GetError());
    return false;
  }
  app->sdl = SDL_CreateRenderer(app->window, -1, 0);
  if (app->sdl == NULL) {
    fprintf(stderr, "glyphpad: cannot make renderer “%s”: %s (try --renderer software)\n",
            app->opts->renderer ? app->opts->renderer : "default", SDL_GetError());
    return false;
  }
  int win_w, out_w, out_h;
  SDL_GetWindowSize(app->window, &win_w, NULL);
  SDL_GetRendererOutputSize(app->sdl, &out_w, &out_h);
  app->pixel_ratio = win_w > 0 ? (float)out_w / (float)win_w : 1.0f;
  app->density = app->opts->scale > 0 ? (float)app->opts->scale : app->pixel_ratio;
  return true;
}

/* The session at the output's pixel density and the text area's size. */
static bool open_session(App *app)
{
  CliOptions opts = *app->opts;
  opts.file = NULL;          /* loaded incrementally by files_open_path() */
  opts.no_flyweight = false; /* applied once the file is in (files.c) */
  opts.size = (int)(app->opts->size * app->density + 0.5f);
  opts.width = MAX(app->layout.text.w, 1);
  opts.height = MAX(app->layout.text.h, 1);
  g_autoptr(GError) error = NULL;
  app->session = session_new(&opts, &error);
  if (app->session == NULL) {
    fprintf(stderr, "glyphpad: %s\n", error->message);
    return false;
  }
  app->session->density = app->density; /* styled files keep sizes in points */
  return true;
}

/* The label font and the layout; needs only fontconfig, not the session. */
static bool open_ui_font(App *app)
{
  g_autoptr(GError) error = NULL;
  app->font = uifont_new(app->sdl, UI_FONT_FAMILY, (int)(UI_FONT_POINTS * app->density), &error);
  if (app->font == NULL) {
    fprintf(stderr, "glyphpad: cannot load the label font %s: %s\n", UI_FONT_FAMILY,
            error ? error->message : "unknown error");
    return false;
  }
  return true;
}

static bool open_ui(App *app)
{
  int w, h;
  SDL_GetRendererOutputSize(app->sdl, &w, &h);
  app->atlas = atlas_new(app->sdl, app->session->factory);
  app->renderer = renderer_new(app->sdl, app->atlas, app->font, app->density);
  app->overlay = overlay_new(app->font, app->density);
  renderer_layout(app->font, app->density, w, h, &app->layout);
  return app->atlas && app->renderer && app->overlay;
}

/* ------------------------------------------------------------------ the loop */

static bool measuring(const App *app)
{
  return view_progress(app->session->view) < 1.0;
}

/* Milliseconds until something must happen without input; -1 for never. */
static int next_timeout(const App *app, guint64 now)
{
  if (files_loading(app) || input_has_replayable(app) || measuring(app) ||
      flyweight_switch_busy(app) || app->dirty || findbar_working(app))
    return 0;
  guint64 wait = draw_blink_wait(app, now);
  if (app->overlay_on)
    wait = MIN(wait, (guint64)OVERLAY_SAMPLE_MS);
  if (app->message != NULL)
    wait = MIN(wait, app->message_until_ms > now ? app->message_until_ms - now : 0);
  if (app->quit_at_ms != 0)
    wait = MIN(wait, app->quit_at_ms > now ? app->quit_at_ms - now : 0);
  wait = MIN(wait, window_recovery_wait(app, now));
  wait = MIN(wait, input_autoscroll_wait(app, now));
  return wait == G_MAXUINT64 ? -1 : (int)MIN(wait, (guint64)G_MAXINT);
}

/* A frame at most every MEASURING_FRAME_MS while a file loads or is measured:
 * drawing after every step would spend as long drawing as working. */
static void redraw_now_and_then(App *app, guint64 now, bool done)
{
  if (done || now - draw_last_frame_ms(app) >= MEASURING_FRAME_MS)
    app->dirty = true;
}

/* Reading, switching the flyweight, replaying held input and measuring: the
 * work done in steps. */
static void work_step(App *app, guint64 now)
{
  if (files_loading(app))
    redraw_now_and_then(app, now, !files_load_step(app, FILES_LOAD_STEP_US));
  else if (flyweight_switch_busy(app))
    redraw_now_and_then(app, now, !flyweight_switch_step(app, FLYWEIGHT_SWITCH_STEP_US));
  if (!files_loading(app) && !flyweight_switch_busy(app) && app->held->len > 0)
    input_replay_held(app);
  if (measuring(app)) {
    view_measure_step(app->session->view, MEASURE_BUDGET);
    if (app->keep_cursor_shown) /* heights above it change as they are measured */
      view_scroll_to_pos(app->session->view, editor_cursor(app->session->editor));
    redraw_now_and_then(app, now, !measuring(app));
  }
  if (!measuring(app))
    app->keep_cursor_shown = false;
  if (!files_loading(app) && findbar_working(app)) {
    findbar_step(app);
    redraw_now_and_then(app, now, !findbar_working(app));
  }
}

/* The first time the undo limit drops steps of this document, says so in the
 * bar (once: the editor answers yes once per load or new document). Checked
 * after each turn's events, so no other message of the same turn hides it. */
static void note_undo_dropped(App *app)
{
  Editor *editor = app->session->editor;
  if (!editor_take_undo_dropped(editor))
    return;
  app_message(app, false,
              "Undo history is over %" G_GSIZE_FORMAT
              " MiB: the oldest steps are no longer undoable (--undo-limit)",
              editor_undo_limit(editor) >> 20);
}

/* What happens by itself: work, the overlay, messages, blinking, recovery, the deadline. */
static void tick(App *app, guint64 now)
{
  work_step(app, now);
  if (app->overlay_on)
    app->dirty = true;
  if (app->message != NULL && now >= app->message_until_ms)
    app_clear_message(app);
  note_undo_dropped(app);
  input_autoscroll(app, now);
  input_offer_selection(app);
  draw_blink(app, now);
  if (overlay_sample_due(app->overlay, now))
    overlay_sample(app->overlay, now, procstat_heap_bytes(), view_get_sharing(app->session->view));
  if (!files_loading(app))
    window_recovery_tick(app, now);
  if (app->quit_at_ms != 0 && now >= app->quit_at_ms)
    app->running = false;
}

/* A turn that began at @start (µs) ends now: the longest is kept. */
static void note_stall(App *app, gint64 start)
{
  double ms = (double)(g_get_monotonic_time() - start) / 1000.0;
  app->max_stall_ms = MAX(app->max_stall_ms, ms);
}

static void run_loop(App *app)
{
  app->running = true;
  app->dirty = true;
  while (app->running) {
    SDL_Event event;
    int timeout = next_timeout(app, app_now_ms());
    bool got = timeout < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, timeout);
    gint64 turn_start = g_get_monotonic_time();
    while (got && app->running) {
      input_dispatch(app, &event);
      got = SDL_PollEvent(&event);
    }
    guint64 now = app_now_ms();
    tick(app, now);
    if (app->running && app->dirty)
      draw_frame(app, now);
    note_stall(app, turn_start);
  }
}

/* ------------------------------------------------------------------ window_run */

static void app_clear(App *app)
{
  window_recovery_close(app);
  files_free(app->files);
  flyweight_switch_free(app->flyweight);
  saving_free(app->saving);
  input_clear(app);
  g_string_free(app->composition, TRUE);
  pathbar_free(app->pathbar);
  findbar_free(app->findbar);
  draw_free(app->drawing);
  keysheet_free(app->keys);
  overlay_free(app->overlay);
  renderer_free(app->renderer);
  atlas_free(app->atlas); /* before the factory: it removes its release callback */
  uifont_free(app->font);
  session_free(app->session);
  if (app->sdl != NULL)
    SDL_DestroyRenderer(app->sdl);
  if (app->window != NULL)
    SDL_DestroyWindow(app->window);
  g_free(app->message);
}

static bool app_open(App *app)
{
  if (!open_window(app) || !open_ui_font(app))
    return false;
  app->keys = keymap_sheet_new();
  int w, h;
  SDL_GetRendererOutputSize(app->sdl, &w, &h);
  renderer_layout(app->font, app->density, w, h, &app->layout);
  if (!open_session(app) || !open_ui(app))
    return false;
  app_layout(app); /* the remembered gutter and word wrap */
  if (app->opts->file != NULL)
    files_open_path(app, app->opts->file);
  else
    files_start_untitled(app);
  return true;
}

int window_run(const CliOptions *given)
{
  g_return_val_if_fail(given != NULL, 1);
  CliOptions remembered_opts;
  g_autofree char *settings_message = NULL;
  g_autoptr(Settings) settings = window_settings_load(given, &remembered_opts, &settings_message);
  const CliOptions *opts = &remembered_opts;
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    fprintf(stderr, "glyphpad: cannot start SDL: %s (is $DISPLAY set?)\n", SDL_GetError());
    return 1;
  }
  App app = {.opts = opts,
             .goal_x = -1,
             .composition = g_string_new(NULL),
             .files = files_new(),
             .saving = saving_new(),
             .pathbar = pathbar_new(),
             .findbar = findbar_new(),
             .drawing = draw_new(),
             .flyweight = flyweight_switch_new(),
             .settings = settings};
  input_init(&app);
  app.start_ms = app.blink_start_ms = app_now_ms();
  app.quit_at_ms = opts->quit_after_ms > 0 ? app.start_ms + (guint64)opts->quit_after_ms : 0;
  bool ok = app_open(&app);
  if (ok) {
    if (settings_message != NULL) {
      fprintf(stderr, "glyphpad: %s\n", settings_message);
      app_message(&app, true, "%s", settings_message);
    }
    SDL_StartTextInput();
    run_loop(&app);
    window_settings_closing(&app);
    stats_dump_write(&app);
  }
  app_clear(&app);
  SDL_Quit();
  return ok ? 0 : 1;
}
