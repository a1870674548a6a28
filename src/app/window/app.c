/* app.c — the window: set-up, the event loop, drawing, and the file and style
 * commands the key handlers call (app_events.c maps SDL events to these).
 *
 * The loop never spins: it sleeps in SDL_WaitEventTimeout until an event or
 * the next thing that must happen by itself — the cursor's blink (which stops
 * after APP_BLINK_STOP_MS without input, so an idle window sleeps for good),
 * the overlay's refresh, a message expiring, --quit-after-ms. While the view
 * has paragraphs left to measure it does a bounded step per turn with a zero
 * timeout, so a large file shows its first screen at once and input stays
 * responsive while the rest is measured. A frame is drawn only when something
 * changed (the dirty flag), at most every 100 ms while measuring.
 *
 * Sizes: the window is opened in points; the output (and every pixel size:
 * fonts, margins, the view) is points times the pixel density, so HiDPI
 * displays get text rasterized at their resolution. */
#include "app_internal.h"

#include <SDL_ttf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "memstats.h"
#include "procstat.h"
#include "prompt.h"

#define UI_FONT_FAMILY "DejaVu Sans Mono"
#define UI_FONT_POINTS 13
#define MEASURING_FRAME_MS 100

static const char *const TYPEFACE_CYCLE[] = {"DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono"};

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

/* Whether the bar asks a question (y / n ...) that keys answer. */
static bool asking(const App *app)
{
  return app->mode == APP_MODE_CONFIRM || app->mode == APP_MODE_OVERWRITE ||
         app->mode == APP_MODE_RECOVER;
}

/* ------------------------------------------------------------------ set-up */

bool app_have_gpu(void)
{
  g_autoptr(GDir) dir = g_dir_open("/dev/dri", 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name(dir)) != NULL)
    if (g_str_has_prefix(name, "renderD"))
      return true;
  return false;
}

void app_choose_renderer(const char *name)
{
  if (name == NULL && g_getenv("SDL_RENDER_DRIVER") == NULL && !app_have_gpu())
    name = "software";
  if (name == NULL)
    return;
  SDL_SetHint(SDL_HINT_RENDER_DRIVER, name);
  if (strcmp(name, "software") == 0) /* no hidden GL context behind the window surface */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
}

static bool open_window(App *app)
{
  app_choose_renderer(app->opts->renderer);
  /* --scale: the platform's windows are in pixels (X11), so the window is made
   * that many times larger and everything in it scaled by it. */
  double scale = app->opts->scale > 0 ? app->opts->scale : 1.0;
  app->window = SDL_CreateWindow("glyphpad", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
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
  SDL_RendererInfo info;
  app->keeps_frame = SDL_GetRendererInfo(app->sdl, &info) == 0 &&
                     (info.flags & SDL_RENDERER_SOFTWARE) != 0;
  app->density = app->opts->scale > 0 ? (float)app->opts->scale : app->pixel_ratio;
  return true;
}

/* The session at the output's pixel density and the text area's size. */
static bool open_session(App *app)
{
  CliOptions opts = *app->opts;
  opts.file = NULL;          /* loaded incrementally by app_open_path() */
  opts.no_flyweight = false; /* applied once the file is in (finish_load) */
  opts.size = (int)(app->opts->size * app->density + 0.5f);
  opts.width = MAX(app->layout.text.w, 1);
  opts.height = MAX(app->layout.text.h, 1);
  g_autoptr(GError) error = NULL;
  app->session = session_new(&opts, &error);
  if (app->session == NULL) {
    fprintf(stderr, "glyphpad: %s\n", error->message);
    return false;
  }
  return true;
}

/* The label font and the layout; needs only fontconfig, not the session. */
static bool open_ui_font(App *app)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *mono = set ? typeface_set_lookup(set, UI_FONT_FAMILY, &error) : NULL;
  if (mono != NULL)
    app->font = uifont_new(app->sdl, typeface_path(mono), (int)(UI_FONT_POINTS * app->density),
                           &error);
  typeface_set_free(set);
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

void app_resize(App *app)
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

/* ------------------------------------------------------------------ drawing */

static void update_title(App *app)
{
  const char *path = app->session->path;
  g_autofree char *name = path ? g_path_get_basename(path) : g_strdup("untitled");
  g_autofree char *title = g_strdup_printf("%s%s — glyphpad",
                                           editor_modified(app->session->editor) ? "* " : "",
                                           name);
  if (g_strcmp0(title, app->title) == 0)
    return;
  SDL_SetWindowTitle(app->window, title);
  g_free(app->title);
  app->title = g_steal_pointer(&title);
}

static bool cursor_visible(const App *app, guint64 now)
{
  guint64 since = now - app->blink_start_ms;
  return since >= APP_BLINK_STOP_MS || (since / APP_BLINK_MS) % 2 == 0;
}

/* The question, the prompt, or the message, in that order. */
static char *bar_text(const App *app, bool *error)
{
  *error = false;
  if (app->mode == APP_MODE_CONFIRM)
    return g_strdup("Unsaved changes. Save them first?  [y] yes  [n] no  [Esc] cancel");
  if (app->mode == APP_MODE_RECOVER)
    return app_recovery_question(app);
  if (app->mode == APP_MODE_OVERWRITE && g_strcmp0(app->overwrite_path, app->session->path) != 0)
    return g_strdup_printf("%s already exists. Replace it?  [y] yes  [n] no, keep editing",
                           app->overwrite_path);
  if (app->mode == APP_MODE_OVERWRITE)
    return g_strdup("The file changed on disk since you opened it. Overwrite it?  [y] yes  "
                    "[n] no, keep editing");
  if (app->mode == APP_MODE_PROMPT)
    return g_strdup_printf("%s %s_", app->prompt_kind == APP_PROMPT_OPEN ? "Open:" : "Save as:",
                           app->prompt->str);
  if (app_loading(app))
    return g_strdup_printf("Loading... %.0f %% (what you type is applied when the file is in)",
                           100.0 * text_loader_progress(app->loader));
  *error = app->message_error;
  return g_strdup(app->message);
}

static void draw_overlay(App *app, guint64 now)
{
  MemStats stats;
  memstats_collect(&stats, app->session->factory, editor_document(app->session->editor),
                   app->session->view);
  OverlayFrame frame = {
    .stats = &stats, .factory = app->session->factory, .frame_ms = app->frame_ms,
    .draw_calls = renderer_glyph_draw_calls(app->renderer),
    .quads = renderer_glyph_quads(app->renderer), .now_ms = now,
  };
  atlas_get_stats(app->atlas, &frame.atlas);
  int w, h;
  SDL_GetRendererOutputSize(app->sdl, &w, &h);
  overlay_draw(app->overlay, app->sdl, &frame, w, h);
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
  if (app->first_text_ms > 0 ||
      (document_paragraph_count(doc) == 1 && document_paragraph_chars(doc, 0) == 0))
    return;
  app->first_text_ms = ms_since_exec();
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
  SDL_Rect rect = {(int)((float)(app->layout.text.x + x) / r),
                   (int)((float)(app->layout.text.y + top) / r), 1, (int)((float)height / r)};
  if (memcmp(&rect, &app->input_rect, sizeof rect) == 0)
    return;
  app->input_rect = rect;
  SDL_SetTextInputRect(&rect);
}

static void draw_frame(App *app, guint64 now)
{
  gint64 start = g_get_monotonic_time();
  bool error;
  g_autofree char *bar = bar_text(app, &error);
  app->cursor_drawn = cursor_visible(app, now);
  if (!asking(app))
    app->question_ticks = 0;
  else if (app->question_ticks == 0)
    app->question_ticks = SDL_GetTicks(); /* answers count from when it is first seen */
  RendererFrame frame = {
    .editor = app->session->editor, .view = app->session->view, .path = app->session->path,
    .cursor_visible = app->cursor_drawn, .bar_text = bar, .bar_is_error = error,
    .progress = app_loading(app) ? text_loader_progress(app->loader)
                                 : view_progress(app->session->view),
    .composition = app->composition->str,
  };
  renderer_draw(app->renderer, &app->layout, &frame);
  if (app->overlay_on)
    draw_overlay(app, now);
  app->frame_ms = (double)(g_get_monotonic_time() - start) / 1000.0;
  if (app->opts->screenshot != NULL && !app_loading(app))
    take_screenshot(app);
  SDL_RenderPresent(app->sdl);
  note_first_text(app);
  place_input_method(app);
  update_title(app);
  app->dirty = false;
  app->last_draw_ms = now;
}

/* The cursor's blink when nothing else changed: with the software renderer the
 * last frame is still in the window surface, so only the cursor's cell is
 * drawn again (a full frame of text would cost ~1 % CPU at two blinks a
 * second). False when a full frame is needed. */
static bool blink_cursor(App *app, guint64 now)
{
  int x, height;
  gint64 top;
  /* The bar (message, prompt, question) lies over the text area: a cell
   * drawn under it would punch a hole in it. */
  bool bar = app->mode != APP_MODE_EDIT || app->message != NULL || app_loading(app);
  if (!app->keeps_frame || bar || app->composition->len > 0 ||
      !view_point_of_pos(app->session->view, editor_cursor(app->session->editor), &x, &top,
                         &height))
    return false;
  app->cursor_drawn = cursor_visible(app, now);
  if (top + height < 0 || top > app->layout.text.h)
    return true; /* off screen: nothing to draw */
  RendererFrame frame = {
    .editor = app->session->editor, .view = app->session->view,
    .cursor_visible = app->cursor_drawn, .composition = app->composition->str,
  };
  int pad = (int)(4 * app->density);
  SDL_Rect cell = {app->layout.text.x + x - pad, app->layout.text.y + (int)top, 2 * pad,
                   height};
  renderer_draw_region(app->renderer, &app->layout, &frame, &cell);
  SDL_RenderPresent(app->sdl);
  return true;
}

/* ------------------------------------------------------------------ the loop */

static bool load_step(App *app, gint64 budget_us);

static bool measuring(const App *app)
{
  return view_progress(app->session->view) < 1.0;
}

/* Input waits, and is later handled in order, while a file loads, while the
 * restore question is open, and behind input still held from then: keys typed
 * during a load belong to the text, not to a question that appeared later, and
 * edits or a save of a half-loaded document would be wrong. Scrolling and
 * window events go through at once unless held clicks precede them. */
static bool input_waits(const App *app)
{
  return app_loading(app) || app->held->len > 0 || app->mode == APP_MODE_RECOVER;
}

static bool held_while_waiting(const App *app, const SDL_Event *event)
{
  switch (event->type) {
  case SDL_QUIT: /* closing with the question open and nothing held just asks as usual */
    return app_loading(app) || app->held->len > 0;
  case SDL_KEYDOWN: case SDL_TEXTINPUT: case SDL_TEXTEDITING:
  case SDL_MOUSEBUTTONDOWN: case SDL_MOUSEBUTTONUP: case SDL_DROPFILE:
    return true;
  case SDL_MOUSEWHEEL: /* a held click must land where it was made */
    return app->held->len > 0;
  case SDL_MOUSEMOTION: /* a drag stays behind its held button press */
    return app->held->len > 0 && (event->motion.state & SDL_BUTTON_LMASK) != 0;
  default:
    return false;
  }
}

/* An answer to the question in the bar while input is held (the restore
 * question, or one a replayed key raised), pressed after a pause: at least
 * APP_ANSWER_DELAY_MS after the question was first drawn and after the key
 * before it. So the "n" of someone still typing across the end of a load, or
 * a key held from then, never answers it (and never discards the entry). */
static bool answers_question(const App *app, const SDL_Event *event)
{
  if (!asking(app) || event->type != SDL_KEYDOWN || app->question_ticks == 0)
    return false;
  SDL_Keycode sym = event->key.keysym.sym;
  guint32 at = event->key.timestamp;
  bool answer_key = sym == SDLK_y || sym == SDLK_n || sym == SDLK_c || sym == SDLK_ESCAPE;
  return answer_key && at >= app->question_ticks + APP_ANSWER_DELAY_MS &&
         at >= app->last_key_ticks + APP_ANSWER_DELAY_MS;
}

static void dispatch(App *app, SDL_Event *event)
{
  if (event->type == SDL_TEXTINPUT && app->swallow_text) {
    app->swallow_text = false; /* the letter of a key that answered a question */
    return;
  }
  if (event->type == SDL_KEYDOWN)
    app->swallow_text = false; /* a key's text comes right after it, or not at all */
  bool answer = answers_question(app, event);
  /* F12 only reports (--stats-dump): it need not wait behind held input. */
  bool report = event->type == SDL_KEYDOWN && event->key.keysym.sym == SDLK_F12;
  if (event->type == SDL_KEYDOWN)
    app->last_key_ticks = event->key.timestamp;
  if (!answer && !report && input_waits(app) && held_while_waiting(app, event)) {
    g_array_append_val(app->held, *event);
    return;
  }
  app_handle_event(app, event);
}

/* Handles the input held during a load, in order; stops if it starts another
 * load, and waits while a question is open: keys typed for the text must not
 * answer a question that appeared after they were pressed. */
static void replay_held(App *app)
{
  guint i = 0;
  for (; i < app->held->len && app->running && !app_loading(app) && !asking(app); i++)
    app_handle_event(app, &g_array_index(app->held, SDL_Event, i));
  g_array_remove_range(app->held, 0, i);
}

/* Milliseconds until something must happen without input; -1 for never. */
static int next_timeout(const App *app, guint64 now)
{
  if (app_loading(app) || (app->held->len > 0 && !asking(app)) || measuring(app) || app->dirty)
    return 0;
  guint64 wait = G_MAXUINT64, since = now - app->blink_start_ms;
  if (since < APP_BLINK_STOP_MS)
    wait = APP_BLINK_MS - since % APP_BLINK_MS;
  if (app->overlay_on)
    wait = MIN(wait, (guint64)OVERLAY_SAMPLE_MS);
  if (app->message != NULL)
    wait = MIN(wait, app->message_until_ms > now ? app->message_until_ms - now : 0);
  if (app->quit_at_ms != 0)
    wait = MIN(wait, app->quit_at_ms > now ? app->quit_at_ms - now : 0);
  wait = MIN(wait, app_recovery_wait(app, now));
  return wait == G_MAXUINT64 ? -1 : (int)MIN(wait, (guint64)G_MAXINT);
}

/* What happens by itself: measuring, blinking, the overlay, messages, the deadline. */
static void tick(App *app, guint64 now)
{
  if (app_loading(app))
    load_step(app, APP_LOAD_STEP_US);
  if (!app_loading(app) && app->held->len > 0)
    replay_held(app);
  if (measuring(app)) {
    view_measure_step(app->session->view, APP_MEASURE_BUDGET);
    if (now - app->last_draw_ms >= MEASURING_FRAME_MS || !measuring(app))
      app->dirty = true;
  }
  if (app->overlay_on)
    app->dirty = true;
  if (app->message != NULL && now >= app->message_until_ms) {
    g_clear_pointer(&app->message, g_free);
    app->dirty = true;
  }
  if (cursor_visible(app, now) != app->cursor_drawn && !app->dirty && !blink_cursor(app, now))
    app->dirty = true;
  overlay_sample(app->overlay, now, procstat_heap_bytes());
  app_recovery_tick(app, now);
  if (app->quit_at_ms != 0 && now >= app->quit_at_ms)
    app->running = false;
}

static void run_loop(App *app)
{
  app->running = true;
  app->dirty = true;
  while (app->running) {
    SDL_Event event;
    int timeout = next_timeout(app, app_now_ms());
    bool got = timeout < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, timeout);
    while (got && app->running) {
      dispatch(app, &event);
      got = SDL_PollEvent(&event);
    }
    guint64 now = app_now_ms();
    tick(app, now);
    if (app->running && app->dirty)
      draw_frame(app, now);
  }
}

/* ------------------------------------------------------------------ files */

bool app_loading(const App *app)
{
  return app->loader != NULL;
}

/* Sets the session's file name (NULL: untitled) and how it is written back. */
static void set_session_file(Session *s, const char *path, const TextFileInfo *info)
{
  g_free(s->path);
  s->path = g_strdup(path);
  s->info = info != NULL ? *info : (TextFileInfo){.encoding = TEXT_ENCODING_UTF8};
}

/* --no-flyweight applies to the first file, once it is in: going off is
 * estimated on the whole document, so it cannot happen while it grows. */
static void apply_start_sharing(App *app)
{
  if (!app->opts->no_flyweight || app->start_sharing_done)
    return;
  app->start_sharing_done = true;
  g_autoptr(GError) error = NULL;
  if (!editor_set_sharing(app->session->editor, false, app->opts->budget, &error))
    app_message(app, true, "Flyweight stays on: %s", error->message);
}

static void finish_load(App *app, TextLoadStatus status, GError *error)
{
  Session *s = app->session;
  g_autofree char *path = g_strdup(s->path);
  if (status == TEXT_LOAD_FAILED) {
    set_session_file(s, NULL, NULL); /* the document is empty now: never save it over the file */
    app_message(app, true, "Cannot open %s: %s", path, error->message);
  } else {
    set_session_file(s, path, text_loader_info(app->loader));
    g_autofree char *warning = text_file_describe_warnings(&s->info, path);
    if (warning != NULL)
      app_message(app, true, "%s", warning);
    else
      app_message(app, false, "Opened %s", path);
  }
  s->load_ms = (double)(app_now_ms() - app->load_start_ms);
  g_clear_pointer(&app->loader, text_loader_free);
  editor_reset(s->editor);
  apply_start_sharing(app);
  if (status != TEXT_LOAD_FAILED)
    app_recovery_opened(app); /* may offer a crashed session's changes */
  app->dirty = true;
}

/* Reads the next part of the file being loaded; true while there is more. */
static bool load_step(App *app, gint64 budget_us)
{
  g_autoptr(GError) error = NULL;
  TextLoadStatus status = text_loader_step(app->loader, budget_us, &error);
  /* A frame (the progress bar) at most every MEASURING_FRAME_MS: drawing after
   * every 12 ms step would spend as long drawing as loading. */
  if (app_now_ms() - app->last_draw_ms >= MEASURING_FRAME_MS)
    app->dirty = true;
  if (status == TEXT_LOAD_MORE)
    return true;
  finish_load(app, status, error);
  return false;
}

/* A file named on the command line that does not exist yet is a new file:
 * the first Ctrl+S creates it, as in most editors. */
static bool start_new_file(App *app, const char *path, const GError *error)
{
  if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT) || app->session->path != NULL ||
      editor_modified(app->session->editor))
    return false;
  set_session_file(app->session, path, NULL);
  text_file_stamp(path, &app->session->info.stamp); /* missing: creating it later is a change */
  app_message(app, false, "New file %s (Ctrl+S creates it)", path);
  app_recovery_opened(app);
  return true;
}

bool app_open_path(App *app, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expanded = prompt_expand_path(path);
  Session *s = app->session;
  g_clear_pointer(&app->loader, text_loader_free);
  app->loader = text_loader_open(editor_document(s->editor), expanded, CLI_MAX_FILE_BYTES,
                                 &error);
  if (app->loader == NULL) {
    if (!start_new_file(app, expanded, error))
      app_message(app, true, "Cannot open %s: %s", expanded, error->message);
    return false;
  }
  set_session_file(s, expanded, NULL);
  editor_reset(s->editor);
  view_scroll_to(s->view, 0);
  app->goal_x = -1;
  app->load_start_ms = app_now_ms();
  /* One step now, so the first frame already shows the start of the file. */
  load_step(app, APP_LOAD_STEP_US);
  return true;
}

/* Whether @path is the open file and another program changed, replaced or
 * deleted it since it was loaded or last saved here. */
static bool changed_on_disk(const Session *s, const char *path, TextFileStamp *now)
{
  if (g_strcmp0(s->path, path) != 0)
    return false;
  return text_file_stamp(path, now) && !text_file_stamp_equal(now, &s->info.stamp);
}

void app_check_disk(App *app)
{
  Session *s = app->session;
  TextFileStamp now;
  if (s->path == NULL || !changed_on_disk(s, s->path, &now) ||
      text_file_stamp_equal(&now, &app->warned_stamp))
    return;
  app->warned_stamp = now;
  g_autofree char *name = g_path_get_basename(s->path);
  app_message(app, true, "%s was %s by another program; Ctrl+S asks before overwriting, "
              "Ctrl+O opens the new version", name, now.exists ? "changed" : "deleted");
}

/* Whether saving to @path would replace a file other than the open one. */
static bool replaces_other_file(const Session *s, const char *path)
{
  return g_strcmp0(s->path, path) != 0 && g_file_test(path, G_FILE_TEST_EXISTS);
}

/* The overwrite question instead of a save that would replace someone else's
 * change, or another existing file (Save As). */
static bool ask_overwrite(App *app, const char *path)
{
  TextFileStamp now;
  if (app->overwrite_confirmed ||
      (!changed_on_disk(app->session, path, &now) && !replaces_other_file(app->session, path)))
    return false;
  g_free(app->overwrite_path);
  app->overwrite_path = g_strdup(path);
  app->mode = APP_MODE_OVERWRITE;
  app->dirty = true;
  return true;
}

bool app_save_to(App *app, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expanded = prompt_expand_path(path);
  Session *s = app->session;
  if (ask_overwrite(app, expanded))
    return false;
  app->overwrite_confirmed = false;
  if (!text_saver_save(editor_document(s->editor), expanded, &s->info, &error)) {
    app_message(app, true, "Not saved: %s", error->message);
    return false;
  }
  editor_mark_saved(s->editor);
  app_recovery_forget(app);
  if (g_strcmp0(s->path, expanded) != 0) {
    g_free(s->path);
    s->path = g_strdup(expanded);
  }
  text_file_stamp(expanded, &s->info.stamp); /* later changes by others are measured from here */
  app_message(app, false, "Saved %s", expanded);
  return true;
}

bool app_save(App *app)
{
  if (app->session->path != NULL)
    return app_save_to(app, app->session->path);
  app_start_prompt(app, APP_PROMPT_SAVE_AS);
  return false;
}

void app_start_prompt(App *app, AppPromptKind kind)
{
  app->mode = APP_MODE_PROMPT;
  app->prompt_kind = kind;
  g_string_truncate(app->prompt, 0);
  if (app->session->path != NULL) {
    g_autofree char *dir = g_path_get_dirname(app->session->path);
    g_string_printf(app->prompt, "%s/", dir);
  }
  app->dirty = true;
}

void app_run_action(App *app, AppAction action)
{
  app->pending = APP_ACTION_NONE;
  app->mode = APP_MODE_EDIT;
  if (action == APP_ACTION_QUIT) {
    app_recovery_forget(app); /* saved, or the user chose not to */
    app->running = false;
  } else if (action == APP_ACTION_OPEN_PROMPT)
    app_start_prompt(app, APP_PROMPT_OPEN);
  else if (action == APP_ACTION_OPEN_PATH && app->pending_path != NULL)
    app_open_path(app, app->pending_path);
  app->dirty = true;
}

void app_request(App *app, AppAction action, const char *path)
{
  g_free(app->pending_path);
  app->pending_path = g_strdup(path);
  if (!editor_modified(app->session->editor)) {
    app_run_action(app, action);
    return;
  }
  app->pending = action;
  app->mode = APP_MODE_CONFIRM;
  app->dirty = true;
}

/* ------------------------------------------------------------------ statistics and styles */

/* The question the bar asks, for the statistics dump (JSON). */
static const char *question_name(const App *app)
{
  switch (app->mode) {
  case APP_MODE_CONFIRM: return "\"unsaved\"";
  case APP_MODE_OVERWRITE: return "\"overwrite\"";
  case APP_MODE_RECOVER: return "\"recover\"";
  default: return "null";
  }
}

void app_write_stats(App *app)
{
  if (app->opts->stats_dump == NULL)
    return;
  g_autofree char *json = session_stats_json(app->session);
  AtlasStats atlas;
  atlas_get_stats(app->atlas, &atlas);
  char *end = strrchr(json, '}');
  if (end != NULL)
    *end = '\0';
  g_autofree char *full = g_strdup_printf(
    "%s, \"atlas_slots\": %" G_GUINT64_FORMAT ", \"atlas_evictions\": %" G_GUINT64_FORMAT
    ", \"atlas_pages\": %" G_GUINT64_FORMAT ", \"glyph_draw_calls\": %u, \"glyph_quads\": %u"
    ", \"modified\": %s, \"loading\": %s, \"held_events\": %u, \"question\": %s"
    ", \"first_text_ms\": %.1f}\n",
    json, atlas.slots, atlas.evictions, atlas.pages, renderer_glyph_draw_calls(app->renderer),
    renderer_glyph_quads(app->renderer),
    editor_modified(app->session->editor) ? "true" : "false",
    app_loading(app) ? "true" : "false", app->held->len, question_name(app), app->first_text_ms);
  g_autoptr(GError) error = NULL;
  if (!g_file_set_contents(app->opts->stats_dump, full, -1, &error))
    app_message(app, true, "Cannot write statistics: %s", error->message);
}

void app_toggle_flyweight(App *app)
{
  Session *s = app->session;
  Document *doc = editor_document(s->editor);
  bool sharing = !document_get_sharing(doc);
  MemStats before, after;
  memstats_collect(&before, s->factory, doc, s->view);
  g_autoptr(GError) error = NULL;
  if (!editor_set_sharing(s->editor, sharing, app->opts->budget, &error)) {
    app_message(app, true, "Flyweight stays on: %s", error->message);
    return;
  }
  if (sharing)
    glyph_factory_collect(s->factory);
  memstats_collect(&after, s->factory, doc, s->view);
  overlay_mark_toggle(app->overlay, app_now_ms(), &before, &after);
  g_autofree char *hb = g_format_size_full(before.heap_bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *ha = g_format_size_full(after.heap_bytes, G_FORMAT_SIZE_IEC_UNITS);
  app_message(app, false, "Flyweight %s: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT
              " Glyph objects, heap %s -> %s", sharing ? "on" : "off", before.glyphs_alive,
              after.glyphs_alive, hb, ha);
}

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
  app_message(app, false, "%s %upx %s", family, (unsigned)(px / app->density + 0.5f),
              selection ? "for the selection" : "for what you type next");
  app_after_edit(app);
}

static const GlyphStyle *current_style(App *app)
{
  return glyph_factory_style_info(app->session->factory, editor_style(app->session->editor));
}

void app_cycle_typeface(App *app)
{
  const GlyphStyle *st = current_style(app);
  const char *family = st ? typeface_family(st->typeface) : TYPEFACE_CYCLE[0];
  guint next = 0, n = G_N_ELEMENTS(TYPEFACE_CYCLE);
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp(family, TYPEFACE_CYCLE[i]) == 0)
      next = (i + 1) % n;
  apply_style(app, TYPEFACE_CYCLE[next], st ? st->px : (unsigned)app->opts->size);
}

void app_change_size(App *app, int direction)
{
  const GlyphStyle *st = current_style(app);
  if (st == NULL)
    return;
  int points = (int)(st->px / app->density + 0.5f);
  int step = points < 24 ? 2 : points < 48 ? 4 : 8;
  points = CLAMP(points + direction * step, CLI_MIN_SIZE, CLI_MAX_SIZE);
  apply_style(app, typeface_family(st->typeface), (unsigned)(points * app->density + 0.5f));
}

/* ------------------------------------------------------------------ app_run */

static void app_clear(App *app)
{
  app_recovery_close(app);
  text_loader_free(app->loader);
  for (guint i = 0; i < app->held->len; i++)
    if (g_array_index(app->held, SDL_Event, i).type == SDL_DROPFILE)
      SDL_free(g_array_index(app->held, SDL_Event, i).drop.file);
  g_array_free(app->held, TRUE);
  overlay_free(app->overlay);
  renderer_free(app->renderer);
  atlas_free(app->atlas);   /* before the factory: it removes its release callback */
  uifont_free(app->font);
  session_free(app->session);
  if (app->sdl != NULL)
    SDL_DestroyRenderer(app->sdl);
  if (app->window != NULL)
    SDL_DestroyWindow(app->window);
  g_string_free(app->prompt, TRUE);
  g_string_free(app->composition, TRUE);
  g_free(app->pending_path);
  g_free(app->message);
  g_free(app->overwrite_path);
  g_free(app->title);
}

static bool app_open(App *app)
{
  if (!open_window(app) || !open_ui_font(app))
    return false;
  int w, h;
  SDL_GetRendererOutputSize(app->sdl, &w, &h);
  renderer_layout(app->font, app->density, w, h, &app->layout);
  if (!open_session(app) || !open_ui(app))
    return false;
  if (app->opts->file != NULL) {
    app_open_path(app, app->opts->file);
  } else {
    apply_start_sharing(app);
    app_recovery_opened(app);
  }
  return true;
}

int app_run(const CliOptions *opts)
{
  g_return_val_if_fail(opts != NULL, 1);
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    fprintf(stderr, "glyphpad: cannot start SDL: %s (is $DISPLAY set?)\n", SDL_GetError());
    return 1;
  }
  App app = {.opts = opts, .prompt = g_string_new(NULL), .goal_x = -1,
             .composition = g_string_new(NULL),
             .held = g_array_new(FALSE, FALSE, sizeof(SDL_Event))};
  app.start_ms = app.blink_start_ms = app_now_ms();
  app.quit_at_ms = opts->quit_after_ms > 0 ? app.start_ms + (guint64)opts->quit_after_ms : 0;
  bool ok = app_open(&app);
  if (ok) {
    SDL_StartTextInput();
    run_loop(&app);
    app_write_stats(&app);
  }
  app_clear(&app);
  if (TTF_WasInit())
    TTF_Quit();
  SDL_Quit();
  return ok ? 0 : 1;
}
