/* framebench.c — glyphpad-framebench: frame time and keystroke-to-ready time
 * of the real window, measured side by side in one process.
 *
 *   glyphpad-framebench [--width 1920] [--height 1080] [--rounds 20] [--frames 30]
 *                       [--renderer NAME] [--doc-mb 10] [--frame-doc-mb 1]
 *                       [--font FAMILY] [--size PX] [--keystrokes 200]
 *                       [--screenshots DIR] [--keystroke-file FILE]
 *
 * Opens a real SDL window on whatever display there is (tools/framebench.sh
 * runs it under Xvfb) and chooses the renderer as the window does (software
 * when /dev/dri has no render node, unless --renderer or SDL_RENDER_DRIVER says
 * otherwise).
 *
 * Frames. A prose document (English with some accented, Greek and CJK words,
 * so fallback fonts are involved; paragraphs of a few sentences, so lines wrap
 * and fill the width) is loaded four times, each with its own Session:
 *   1. glyphpad, flyweight on: renderer_draw as the app draws a frame (with
 *      a software renderer the text is composed in software, compositor.h;
 *      otherwise atlas quads), then SDL_RenderPresent;
 *   2. the same drawn as atlas quads whatever the renderer (the renderer
 *      before the compositor), to compare;
 *   3. flyweight on's way with the flyweight off (the session starts off, as
 *      with --no-flyweight): every character owns its Glyph;
 *   4. naive SDL_ttf: the same layout (its own View: same text, width, font file
 *      and pixel size), and for every visible line TTF_RenderUTF8_Blended ->
 *      SDL_CreateTextureFromSurface -> SDL_RenderCopy -> destroy, every frame,
 *      then SDL_RenderPresent. SDL_ttf 2.20 has no font fallback, so CJK draws
 *      as boxes there: the naive contender does slightly less work, not more.
 * Contenders run interleaved: --rounds rounds of --frames frames each, the order
 * rotated every round, so drift of the machine hits all four alike. Between
 * frames the view scrolls down one line, the same positions for all four, so a
 * static frame's caching is not what is measured (each contender's view lays
 * out, and the off contender uploads, what scrolls in). A frame is timed from
 * before the scroll to after SDL_RenderPresent returns (the software renderer
 * on X11 syncs with the server there). With the software renderer most of
 * every contender's frame is SDL's per-pixel blending and the present (perf:
 * about 70 % of cycles in libSDL2), which they all share, so the ratios are
 * smaller than the draw-call counts suggest.
 *
 * Keystrokes. A --doc-mb document (the same generator) is loaded, every
 * paragraph measured (as the window does eventually), the cursor put in the
 * middle paragraph and the view scrolled there. Then --keystrokes times: one
 * character typed with editor_insert, the view made ready (view_scroll_to_pos,
 * view_visible), one frame drawn and presented; and as many Backspaces, in
 * FB_KEY_BLOCKS blocks of typing then deleting what was typed.
 * "ready" is timed from just before the edit to after view_visible, "shown"
 * to after SDL_RenderPresent, both in the same sample.
 *
 * Statistics: median and 99th percentile (nearest rank) of the samples. The
 * first line printed is the command line, as bench.c does. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "window.h"
#include "atlas.h"
#include "session.h"
#include "procstat.h"
#include "renderer.h"
#include "screenshot.h"
#include "benchutil.h"
#include "uifont.h"

#define FB_MB 1000000.0
#define FB_ERROR (g_quark_from_static_string("glyphpad-framebench-error"))
#define FB_UI_FONT "DejaVu Sans Mono" /* the window's label font (app.c) */
#define FB_UI_POINTS 13
#define FB_MAX_ROUNDS 1000
#define FB_MAX_FRAMES 1000
#define FB_MAX_KEYSTROKES 100000
#define FB_KEY_BLOCKS 10 /* keystroke samples come in this many type/Backspace blocks */

static const SDL_Color NAIVE_BG = {252, 252, 250, 255}; /* renderer.c's colours */
static const SDL_Color NAIVE_TEXT = {30, 30, 34, 255};

typedef struct {
  int width, height; /* window size, points */
  int rounds;        /* rounds of the frame benchmark */
  int frames;        /* frames per contender per round */
  char *renderer;    /* SDL render driver, or NULL for the window's choice */
  double doc_mb;     /* keystroke document, MB of prose */
  double frame_mb;   /* frame document, MB of prose */
  char *font;        /* family */
  int px;            /* text size, points */
  int keystrokes;    /* insert samples (and as many Backspace samples) */
  char *shots;       /* directory for one screenshot per contender, or NULL */
  char *key_file;    /* keystrokes in this file instead of --doc-mb of prose, or NULL */
} FbOptions;

/* The window and what every contender shares. */
typedef struct {
  SDL_Window *window;
  SDL_Renderer *sdl;
  UiFont *ui;             /* labels of glyphpad's status line */
  float density;          /* output pixels per point */
  RendererLayout layout;  /* areas in output pixels */
  char renderer_name[64]; /* SDL_GetRendererInfo's name */
} Screen;

/* One glyphpad instance drawing into the screen. */
typedef struct {
  Session *session;
  GlyphAtlas *atlas;
  Renderer *renderer;
} Pad;

/* The naive contender's font and scratch line. */
typedef struct {
  Session *session; /* only for the layout: same text and wrapping */
  TTF_Font *font;
  int ascent;     /* TTF_FontAscent: the surface's top is this far above the baseline */
  GString *line;  /* NUL-terminated copy of one line */
  guint textures; /* textures made in the last frame */
} Naive;

/* One contender's samples and what it looked like after its first round. */
typedef struct {
  const char *name;
  GArray *ms;         /* double, one per frame */
  GArray *draw_ms;    /* double: of it, before SDL_RenderPresent */
  guint64 rss, heap;  /* process RSS and heap after its first round */
  guint64 rss_growth; /* RSS growth during its first round */
  guint draw_calls;   /* texture draws in its last frame */
  guint quads;        /* glyph quads (or lines) in its last frame */
} Samples;

enum { CONTENDER_ON, CONTENDER_ATLAS, CONTENDER_OFF, CONTENDER_NAIVE, N_CONTENDERS };
/* What changes between two frames: a page of scrolling (every line new), one
 * line of scrolling, or only the caret's blink. */
enum { SCENE_PAGE, SCENE_LINE, SCENE_BLINK, N_SCENES };

typedef struct {
  const FbOptions *opts;
  Screen screen;
  Pad on, atlas, off; /* atlas: on, drawn as atlas quads even when software renders */
  Naive naive;
  Samples samples[N_SCENES][N_CONTENDERS];
  char *dir; /* temporary directory for the documents */
} Bench;

/* ------------------------------------------------------------------ text */

/* Writes paragraphs of 1 to 8 sentences to @path until about @bytes bytes. */
static bool write_prose(const char *path, guint64 bytes, guint64 seed, GError **error)
{
  FILE *f = g_fopen(path, "wb");
  if (f == NULL) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s", path);
    return false;
  }
  g_autoptr(GString) para = g_string_new(NULL);
  guint64 rng = seed, written = 0;
  while (written < bytes) {
    g_string_truncate(para, 0);
    bench_prose_paragraph(para, &rng);
    g_string_append_c(para, '\n');
    written += para->len;
    fputs(para->str, f);
  }
  bool ok = fclose(f) == 0;
  if (!ok)
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s (disk full?)", path);
  return ok;
}

/* ------------------------------------------------------------------ statistics */

static double quantile(GArray *ms, double q)
{
  return bench_quantile((double *)(void *)ms->data, ms->len, q);
}

static double median(GArray *ms)
{
  return bench_median((double *)(void *)ms->data, ms->len);
}

static double ms_between(gint64 from_us, gint64 to_us)
{
  return (double)(to_us - from_us) / 1000.0;
}

static double mib(guint64 bytes)
{
  return (double)bytes / (1024.0 * 1024.0);
}

/* ------------------------------------------------------------------ the window */

static bool open_ui_font(Screen *s, GError **error)
{
  g_autoptr(GError) inner = NULL;
  s->ui = uifont_new(s->sdl, FB_UI_FONT, (int)(FB_UI_POINTS * s->density), &inner);
  if (s->ui == NULL)
    g_propagate_error(error, g_steal_pointer(&inner));
  return s->ui != NULL;
}

static bool screen_open(Screen *s, const FbOptions *o, GError **error)
{
  window_choose_renderer(o->renderer);
  s->window = SDL_CreateWindow("glyphpad-framebench", SDL_WINDOWPOS_CENTERED,
                               SDL_WINDOWPOS_CENTERED, o->width, o->height,
                               SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI);
  s->sdl = s->window ? SDL_CreateRenderer(s->window, -1, 0) : NULL;
  if (s->sdl == NULL) {
    g_set_error(error, FB_ERROR, 0,
                "cannot open a window and renderer: %s "
                "(is $DISPLAY set? try --renderer software)",
                SDL_GetError());
    return false;
  }
  SDL_RendererInfo info;
  g_strlcpy(s->renderer_name, SDL_GetRendererInfo(s->sdl, &info) == 0 ? info.name : "?",
            sizeof s->renderer_name);
  int win_w, out_w, out_h;
  SDL_GetWindowSize(s->window, &win_w, NULL);
  SDL_GetRendererOutputSize(s->sdl, &out_w, &out_h);
  s->density = win_w > 0 ? (float)out_w / (float)win_w : 1.0f;
  if (!open_ui_font(s, error))
    return false;
  renderer_layout(s->ui, s->density, out_w, out_h, &s->layout);
  return true;
}

static void screen_close(Screen *s)
{
  uifont_free(s->ui);
  if (s->sdl != NULL)
    SDL_DestroyRenderer(s->sdl);
  if (s->window != NULL)
    SDL_DestroyWindow(s->window);
}

/* ------------------------------------------------------------------ sessions */

/* A session on @path sized to the text area, as app.c's open_session does. */
static Session *open_session(const Bench *b, const char *path, bool off, GError **error)
{
  CliOptions opts = {
      .file = (char *)path,
      .font = b->opts->font,
      .size = (int)(b->opts->px * b->screen.density + 0.5f),
      .no_flyweight = off,
      .width = MAX(b->screen.layout.text.w, 1),
      .height = MAX(b->screen.layout.text.h, 1),
      .budget = CLI_DEFAULT_BUDGET,
  };
  Session *s = session_new(&opts, error);
  if (s != NULL)
    session_measure_all(s);
  return s;
}

static bool pad_open(Pad *pad, const Bench *b, const char *path, bool off, GError **error)
{
  pad->session = open_session(b, path, off, error);
  if (pad->session == NULL)
    return false;
  pad->atlas = atlas_new(b->screen.sdl, pad->session->factory);
  pad->renderer = renderer_new(b->screen.sdl, pad->atlas, b->screen.ui, b->screen.density);
  return true;
}

static void pad_close(Pad *pad)
{
  renderer_free(pad->renderer);
  atlas_free(pad->atlas); /* before the factory: it removes its release callback */
  session_free(pad->session);
  *pad = (Pad){0};
}

/* The font file of the session's default style, at the same pixel size. */
static bool naive_open(Naive *nv, const Bench *b, const char *path, GError **error)
{
  nv->session = open_session(b, path, false, error);
  if (nv->session == NULL)
    return false;
  const GlyphStyle *st = glyph_factory_style_info(nv->session->factory, nv->session->style);
  nv->font = TTF_OpenFont(typeface_path(st->typeface), (int)st->px);
  if (nv->font == NULL) {
    g_set_error(error, FB_ERROR, 0, "SDL_ttf cannot open %s: %s", typeface_path(st->typeface),
                TTF_GetError());
    return false;
  }
  nv->ascent = TTF_FontAscent(nv->font);
  nv->line = g_string_new(NULL);
  return true;
}

static void naive_close(Naive *nv)
{
  if (nv->font != NULL)
    TTF_CloseFont(nv->font);
  if (nv->line != NULL)
    g_string_free(nv->line, TRUE);
  session_free(nv->session);
  *nv = (Naive){0};
}

/* ------------------------------------------------------------------ drawing one frame */

/* glyphpad's frame, as app.c's draw_frame makes it (without presenting). */
static void pad_draw(const Screen *s, Pad *pad, gint64 y, bool cursor)
{
  view_scroll_to(pad->session->view, y);
  RendererFrame frame = {
      .editor = pad->session->editor,
      .view = pad->session->view,
      .path = pad->session->path,
      .cursor_visible = cursor,
      .bar_text = NULL,
      .progress = 1.0,
  };
  renderer_draw(pad->renderer, &s->layout, &frame);
}

/* One line of text, what a newcomer to SDL_ttf writes: a surface, a texture, a copy. */
static void naive_line(const Screen *s, Naive *nv, const char *text, gsize len, int x, int top)
{
  const SDL_Rect *area = &s->layout.text;
  if (len == 0 || top > area->y + area->h || top + TTF_FontHeight(nv->font) < area->y)
    return;
  g_string_truncate(nv->line, 0);
  g_string_append_len(nv->line, text, (gssize)len);
  SDL_Surface *surface = TTF_RenderUTF8_Blended(nv->font, nv->line->str, NAIVE_TEXT);
  if (surface == NULL)
    return;
  SDL_Texture *texture = SDL_CreateTextureFromSurface(s->sdl, surface);
  SDL_Rect dst = {x, top, surface->w, surface->h};
  if (texture != NULL) {
    SDL_RenderCopy(s->sdl, texture, NULL, &dst);
    SDL_DestroyTexture(texture);
    nv->textures++;
  }
  SDL_FreeSurface(surface);
}

/* Splits a piece into its wrapped lines: the i-th DrawnGlyph is the i-th
 * character from piece->from, and a line is a run of records with one baseline. */
static void naive_piece(const Screen *s, Naive *nv, const Document *doc, const ViewPiece *piece)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, piece->para, &len);
  guint32 offset = piece->from;
  guint i = 0;
  while (i < piece->n_glyphs && offset < len) {
    const DrawnGlyph *first = &piece->glyphs[i];
    guint32 start = offset;
    while (i < piece->n_glyphs && offset < len && piece->glyphs[i].y == first->y) {
      offset = (guint32)(g_utf8_next_char(text + offset) - text);
      i++;
    }
    int baseline = (int)(s->layout.text.y + piece->top + first->y);
    naive_line(s, nv, text + start, offset - start, s->layout.text.x + first->x,
               baseline - nv->ascent);
  }
}

/* The naive frame: clear, every visible line through SDL_ttf (without presenting). */
static void naive_draw(const Screen *s, Naive *nv, gint64 y)
{
  View *view = nv->session->view;
  view_scroll_to(view, y);
  SDL_SetRenderDrawColor(s->sdl, NAIVE_BG.r, NAIVE_BG.g, NAIVE_BG.b, 255);
  SDL_RenderClear(s->sdl);
  SDL_Rect clip = {0, 0, s->layout.scrollbar.x, s->layout.status.y};
  SDL_RenderSetClipRect(s->sdl, &clip);
  guint n = 0;
  const ViewPiece *pieces = view_visible(view, &n);
  const Document *doc = editor_document(nv->session->editor);
  nv->textures = 0;
  for (guint i = 0; i < n; i++)
    naive_piece(s, nv, doc, &pieces[i]);
  SDL_RenderSetClipRect(s->sdl, NULL);
}

/* Contender @c's Pad, or NULL for the naive one. */
static Pad *contender_pad(Bench *b, int c)
{
  return c == CONTENDER_ON      ? &b->on
         : c == CONTENDER_ATLAS ? &b->atlas
         : c == CONTENDER_OFF   ? &b->off
                                : NULL;
}

static void draw_contender(Bench *b, int c, gint64 y, bool cursor)
{
  Pad *pad = contender_pad(b, c);
  if (pad != NULL)
    pad_draw(&b->screen, pad, y, cursor);
  else
    naive_draw(&b->screen, &b->naive, y);
}

/* Shows contender @c's frame: glyphpad's own way (only what changed, when it
 * tracks damage), or SDL_RenderPresent. */
static void present_contender(Bench *b, int c)
{
  Pad *pad = contender_pad(b, c);
  if (pad != NULL)
    renderer_present(pad->renderer);
  else
    SDL_RenderPresent(b->screen.sdl);
}

/* Draws and presents one frame of contender @c in @scene; appends the
 * milliseconds from before the scroll to after present, and to before present. */
static void timed_frame(Bench *b, int scene, int c, gint64 y, bool cursor)
{
  gint64 start = g_get_monotonic_time();
  draw_contender(b, c, y, cursor);
  gint64 drawn = g_get_monotonic_time();
  present_contender(b, c);
  double ms = ms_between(start, g_get_monotonic_time()), draw = ms_between(start, drawn);
  g_array_append_val(b->samples[scene][c].ms, ms);
  g_array_append_val(b->samples[scene][c].draw_ms, draw);
  SDL_PumpEvents(); /* untimed: keeps the window alive for the display server */
}

/* ------------------------------------------------------------------ the frame benchmark */

/* The first is the window's own choice: composed in software with a software
 * renderer, atlas quads otherwise. The second is forced to atlas quads, the
 * renderer before the compositor, for comparison. */
static const char *const CONTENDER_NAMES[N_CONTENDERS] = {
    "glyphpad, flyweight on",
    "glyphpad, flyweight on, atlas quads",
    "glyphpad, flyweight off",
    "naive SDL_ttf (line -> texture)",
};
static const char *const CONTENDER_FILES[N_CONTENDERS] = {"on", "atlas", "off", "naive"};

static const char *const SCENE_NAMES[N_SCENES] = {
    "Full frames: a page of scrolling per frame, every line of the screen new",
    "One line of scrolling per frame",
    "Cursor blink: the caret shown and hidden, nothing else changes",
};

/* Where frame @k of @scene scrolls to: a page or a line further each frame,
 * wrapping at the end; the blink stays on the first page. */
static gint64 frame_y(const Bench *b, int scene, guint64 k)
{
  const View *view = b->on.session->view;
  const GlyphStyle *st = glyph_factory_style_info(b->on.session->factory, b->on.session->style);
  guint64 total = view_total_height(view), screen = (guint64)view_height(view);
  guint64 range = total > screen ? total - screen : 1;
  guint64 step = scene == SCENE_PAGE ? screen : scene == SCENE_LINE ? (guint64)st->line_height : 0;
  return (gint64)((k * step) % range);
}

/* One screenshot per contender of the first frame's page (untimed). */
static void save_screenshots(Bench *b)
{
  for (int c = 0; c < N_CONTENDERS; c++) {
    draw_contender(b, c, frame_y(b, SCENE_LINE, 0), true);
    if (b->opts->shots != NULL) {
      g_autofree char *name = g_strdup_printf("framebench-%s.png", CONTENDER_FILES[c]);
      g_autofree char *path = g_build_filename(b->opts->shots, name, NULL);
      g_autoptr(GError) error = NULL;
      if (screenshot_save(b->screen.sdl, path, &error))
        fprintf(stderr, "wrote %s\n", path);
      else
        fprintf(stderr, "glyphpad-framebench: %s\n", error->message);
    }
    present_contender(b, c);
    SDL_PumpEvents();
  }
}

static void note_last_frame(Bench *b, int scene, int c)
{
  Samples *s = &b->samples[scene][c];
  Pad *pad = contender_pad(b, c);
  s->draw_calls = pad ? renderer_glyph_draw_calls(pad->renderer) : b->naive.textures;
  s->quads = pad ? renderer_glyph_quads(pad->renderer) : b->naive.textures;
}

/* --frames frames of contender @c in @scene, after a first frame drawn whole
 * and untimed (another contender drew the window last: what glyphpad's
 * damage tracking knows of its pixels is not true any more). */
static void run_scene(Bench *b, int round, int scene, int c)
{
  const FbOptions *o = b->opts;
  Pad *pad = contender_pad(b, c);
  guint64 k0 = (guint64)round * (guint64)o->frames;
  if (pad != NULL)
    renderer_invalidate(pad->renderer);
  draw_contender(b, c, frame_y(b, scene, k0), true);
  present_contender(b, c);
  guint64 rss_before = round == 0 ? procstat_rss_bytes() : 0;
  for (int f = 1; f <= o->frames; f++)
    timed_frame(b, scene, c, frame_y(b, scene, k0 + (guint64)f),
                scene != SCENE_BLINK || f % 2 == 0);
  note_last_frame(b, scene, c);
  if (round == 0) {
    Samples *s = &b->samples[scene][c];
    s->rss = procstat_rss_bytes();
    s->rss_growth = s->rss > rss_before ? s->rss - rss_before : 0;
    s->heap = procstat_heap_bytes();
  }
}

static void run_round(Bench *b, int round)
{
  for (int k = 0; k < N_CONTENDERS; k++)
    for (int scene = 0; scene < N_SCENES; scene++)
      run_scene(b, round, scene, (round + k) % N_CONTENDERS);
}

static bool open_contenders(Bench *b, GError **error)
{
  g_autofree char *path = g_build_filename(b->dir, "frames.txt", NULL);
  if (!write_prose(path, (guint64)(b->opts->frame_mb * FB_MB), 1920, error))
    return false;
  bool ok = pad_open(&b->on, b, path, false, error) && pad_open(&b->atlas, b, path, false, error) &&
            pad_open(&b->off, b, path, true, error) && naive_open(&b->naive, b, path, error);
  if (ok)
    renderer_set_compositing(b->atlas.renderer, false);
  g_remove(path);
  return ok;
}

static void print_contender_row(Bench *b, int scene, int c)
{
  Samples *s = &b->samples[scene][c], *on = &b->samples[scene][CONTENDER_ON];
  double med = median(s->ms), p99 = quantile(s->ms, 0.99);
  double on_med = median(on->ms), on_p99 = quantile(on->ms, 0.99);
  printf("| %s | %u | %.2f | %.2f | %.2f | %.2f | %.2f | %u | %u | %.1f (+%.1f) | %.1f |\n",
         s->name, s->ms->len, med, p99, on_med > 0 ? med / on_med : 0.0,
         on_p99 > 0 ? p99 / on_p99 : 0.0, median(s->draw_ms), s->draw_calls, s->quads, mib(s->rss),
         mib(s->rss_growth), mib(s->heap));
}

static void print_atlas(const char *label, const Pad *pad)
{
  AtlasStats st;
  atlas_get_stats(pad->atlas, &st);
  GlyphFactoryStats fs;
  glyph_factory_get_stats(pad->session->factory, &fs);
  printf("- %s: %" G_GUINT64_FORMAT " Glyph objects alive; atlas %" G_GUINT64_FORMAT
         " pages, %" G_GUINT64_FORMAT " slots in use, %" G_GUINT64_FORMAT
         " uploads (misses), %" G_GUINT64_FORMAT " evictions.\n",
         label, fs.alive, st.pages, st.slots, st.misses, st.evictions);
}

/* One scene's table: every contender, side by side. */
static void print_scene(Bench *b, int scene)
{
  printf("%s:\n\n", SCENE_NAMES[scene]);
  printf("| contender | frames | median ms | p99 ms | median / on | p99 / on | of it drawing, "
         "median ms | draw calls (last frame) | glyphs or lines drawn (last frame) | RSS after "
         "1st round MiB (growth in it) | heap after 1st round MiB |\n");
  printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int c = 0; c < N_CONTENDERS; c++)
    print_contender_row(b, scene, c);
  printf("\n");
}

static void print_frames(Bench *b)
{
  const Document *doc = editor_document(b->on.session->editor);
  const SDL_Rect *t = &b->screen.layout.text;
  printf("Frames: %.1f MB document (%" G_GUINT64_FORMAT " characters, %u paragraphs), text area "
         "%dx%d px; %d rounds x %d frames per contender and scene, order rotated each round; "
         "ms from before the scroll to after the frame is shown.\n\n",
         b->opts->frame_mb, document_char_count(doc), document_paragraph_count(doc), t->w, t->h,
         b->opts->rounds, b->opts->frames);
  for (int scene = 0; scene < N_SCENES; scene++)
    print_scene(b, scene);
  print_atlas("flyweight on", &b->on);
  printf("- The first row draws as the window does: %s.\n",
         renderer_compositing(b->on.renderer)
             ? "composed in software straight into the window's pixels (the renderer is "
               "software), only what changed since the last frame, shown with "
               "SDL_UpdateWindowSurfaceRects"
             : "atlas quads (the renderer is not software)");
  print_atlas("flyweight off", &b->off);
  printf("- The naive frame draws the text lines only (no status line, scrollbar or cursor), and "
         "SDL_ttf 2.20 has no font fallback, so its CJK are boxes: it does a little less work "
         "than glyphpad's frame. Atlas quads and naive draw every frame whole.\n");
  printf("- \"of it drawing\": the frame before it is shown; the rest is presenting "
         "(copying the frame to the display server).\n");
  printf("- Before each contender's frames of a scene, one untimed frame is drawn whole: the "
         "window was another contender's.\n");
  printf("- RSS and heap are the whole process's (all four documents are loaded), taken when "
         "the contender finished its first round.\n\n");
}

static bool bench_frames(Bench *b, GError **error)
{
  fprintf(stderr, "frames: generating and loading %.1f MB four times\n", b->opts->frame_mb);
  if (!open_contenders(b, error))
    return false;
  for (int scene = 0; scene < N_SCENES; scene++)
    for (int c = 0; c < N_CONTENDERS; c++)
      b->samples[scene][c] = (Samples){.name = CONTENDER_NAMES[c],
                                       .ms = g_array_new(FALSE, FALSE, sizeof(double)),
                                       .draw_ms = g_array_new(FALSE, FALSE, sizeof(double))};
  save_screenshots(b);
  for (int r = 0; r < b->opts->rounds; r++) {
    run_round(b, r);
    fprintf(stderr, "frames: round %d/%d\n", r + 1, b->opts->rounds);
  }
  print_frames(b);
  fflush(stdout);
  return true;
}

/* ------------------------------------------------------------------ keystrokes */

typedef struct {
  GArray *ready; /* ms: edit + view ready */
  GArray *shown; /* ms: edit + view ready + draw + present */
  GArray *drawn; /* ms: of it, draw + present alone */
} KeySamples;

/* The middle of the middle paragraph. */
static void place_cursor(Pad *pad)
{
  Editor *ed = pad->session->editor;
  Document *doc = editor_document(ed);
  guint32 para = document_paragraph_count(doc) / 2, len;
  const char *text = document_paragraph_text(doc, para, &len);
  const char *mid = g_utf8_find_prev_char(text, text + len / 2 + 1);
  DocPos pos = {para, mid != NULL ? (guint32)(mid - text) : 0};
  editor_set_cursor(ed, document_clamp(doc, pos), false);
  view_scroll_to_pos(pad->session->view, editor_cursor(ed));
}

/* One keystroke: @typed (a character) or, when NULL, Backspace. */
static void keystroke(const Screen *s, Pad *pad, const char *typed, KeySamples *out)
{
  Editor *ed = pad->session->editor;
  View *view = pad->session->view;
  gint64 start = g_get_monotonic_time();
  if (typed != NULL)
    (void)editor_insert(ed, typed, NULL);
  else
    editor_backspace(ed);
  view_scroll_to_pos(view, editor_cursor(ed));
  guint n = 0;
  (void)view_visible(view, &n);
  gint64 ready = g_get_monotonic_time();
  RendererFrame frame = {
      .editor = ed,
      .view = view,
      .path = pad->session->path,
      .cursor_visible = true,
      .progress = 1.0,
  };
  renderer_draw(pad->renderer, &s->layout, &frame);
  renderer_present(pad->renderer);
  gint64 shown = g_get_monotonic_time();
  double a = ms_between(start, ready), c = ms_between(start, shown), d = ms_between(ready, shown);
  g_array_append_val(out->ready, a);
  g_array_append_val(out->shown, c);
  g_array_append_val(out->drawn, d);
  SDL_PumpEvents();
}

static void print_key_row(const char *label, const char *how, KeySamples *k)
{
  printf("| %s | %s | %u | %.3f | %.3f | %.2f | %.2f | %.2f | %.2f |\n", label, how, k->ready->len,
         median(k->ready), quantile(k->ready, 0.99), median(k->shown), quantile(k->shown, 0.99),
         median(k->drawn), quantile(k->drawn, 0.99));
}

static KeySamples key_samples_new(void)
{
  return (KeySamples){g_array_new(FALSE, FALSE, sizeof(double)),
                      g_array_new(FALSE, FALSE, sizeof(double)),
                      g_array_new(FALSE, FALSE, sizeof(double))};
}

static void key_samples_clear(KeySamples *k)
{
  g_array_unref(k->ready);
  g_array_unref(k->shown);
  g_array_unref(k->drawn);
}

/* Keystrokes per block: typing, then as many Backspaces, so drift hits both alike. */
static int key_block(int keystrokes)
{
  return MAX(keystrokes / FB_KEY_BLOCKS, 1);
}

/* Types and deletes in blocks, appending the samples to @ins and @del. */
static void sample_keystrokes(Bench *b, Pad *pad, KeySamples *ins, KeySamples *del)
{
  static const char typing[] = "the quick brown fox jumps over the lazy dog ";
  int total = b->opts->keystrokes, block = key_block(total);
  for (int done = 0; done < total; done += block) {
    int n = MIN(block, total - done);
    for (int i = 0; i < n; i++) {
      char ch[2] = {typing[(done + i) % (int)(sizeof typing - 1)], '\0'};
      keystroke(&b->screen, pad, ch, ins);
    }
    for (int i = 0; i < n; i++)
      keystroke(&b->screen, pad, NULL, del);
  }
}

/* Keystrokes drawn the window's way and (when that is composing) as atlas
 * quads, whole frames, for comparison. */
static void run_keystrokes(Bench *b, Pad *pad)
{
  KeySamples ins[2] = {key_samples_new(), key_samples_new()};
  KeySamples del[2] = {key_samples_new(), key_samples_new()};
  const char *how[2] = {renderer_compositing(pad->renderer) ? "composed, changes only"
                                                            : "atlas quads",
                        "atlas quads"};
  int ways = renderer_compositing(pad->renderer) ? 2 : 1;
  place_cursor(pad);
  for (int w = 0; w < ways; w++) {
    if (w == 1)
      renderer_set_compositing(pad->renderer, false);
    pad_draw(&b->screen, pad, (gint64)view_scroll_y(pad->session->view), true); /* warm up */
    renderer_present(pad->renderer);
    sample_keystrokes(b, pad, &ins[w], &del[w]);
  }
  printf(
      "| keystroke | drawn as | samples | edit + ready median ms | p99 ms | + draw + show median "
      "ms | p99 ms | of it draw + show median ms | p99 ms |\n");
  printf("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int w = 0; w < ways; w++) {
    print_key_row("type a character", how[w], &ins[w]);
    print_key_row("Backspace", how[w], &del[w]);
  }
  printf("\n");
  for (int w = 0; w < 2; w++) {
    key_samples_clear(&ins[w]);
    key_samples_clear(&del[w]);
  }
}

static void print_keystroke_header(const Bench *b, const Session *s)
{
  const Document *doc = editor_document(s->editor);
  int k = b->opts->keystrokes, block = key_block(k);
  g_autofree char *what = b->opts->key_file != NULL
                              ? g_strdup_printf("document %s", b->opts->key_file)
                              : g_strdup_printf("%.1f MB document", b->opts->doc_mb);
  printf("Keystrokes: %s (%" G_GUINT64_FORMAT " characters, %u paragraphs), "
         "flyweight on, every paragraph measured (load %.0f ms, measuring %.0f ms), cursor in "
         "the middle of paragraph %u; %d characters typed there and %d Backspaces, alternating "
         "in %d blocks; one frame drawn and presented after each. \"ready\": from before the "
         "edit to after view_scroll_to_pos + view_visible.\n\n",
         what, document_char_count(doc), document_paragraph_count(doc), s->load_ms, s->layout_ms,
         document_paragraph_count(doc) / 2 + 1, k, k, (k + block - 1) / block);
}

static bool bench_keystrokes(Bench *b, GError **error)
{
  bool generated = b->opts->key_file == NULL;
  g_autofree char *path = generated ? g_build_filename(b->dir, "keystrokes.txt", NULL)
                                    : g_strdup(b->opts->key_file);
  fprintf(stderr, "keystrokes: loading %s\n", path);
  if (generated && !write_prose(path, (guint64)(b->opts->doc_mb * FB_MB), 12345, error))
    return false;
  Pad pad = {0};
  bool ok = pad_open(&pad, b, path, false, error);
  if (generated)
    g_remove(path);
  if (ok) {
    print_keystroke_header(b, pad.session);
    run_keystrokes(b, &pad);
  }
  pad_close(&pad);
  return ok;
}

/* ------------------------------------------------------------------ main */

static bool check_range(const char *name, int value, int lo, int hi, GError **error)
{
  if (value >= lo && value <= hi)
    return true;
  g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--%s must be %d to %d, not %d",
              name, lo, hi, value);
  return false;
}

static bool check_mb(const char *name, double value, GError **error)
{
  if (value > 0 && value <= 1000)
    return true;
  g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
              "--%s must be more than 0 and at most 1000, not %g", name, value);
  return false;
}

static bool check_args(FbOptions *o, GError **error)
{
  if (o->font == NULL)
    o->font = g_strdup(CLI_DEFAULT_FONT);
  return check_range("width", o->width, CLI_MIN_DIMENSION, CLI_MAX_DIMENSION, error) &&
         check_range("height", o->height, CLI_MIN_DIMENSION, CLI_MAX_DIMENSION, error) &&
         check_range("rounds", o->rounds, 1, FB_MAX_ROUNDS, error) &&
         check_range("frames", o->frames, 1, FB_MAX_FRAMES, error) &&
         check_range("size", o->px, CLI_MIN_SIZE, CLI_MAX_SIZE, error) &&
         check_range("keystrokes", o->keystrokes, 1, FB_MAX_KEYSTROKES, error) &&
         check_mb("doc-mb", o->doc_mb, error) && check_mb("frame-doc-mb", o->frame_mb, error);
}

static bool parse_args(int argc, char **argv, FbOptions *o, GError **error)
{
  const GOptionEntry entries[] = {
      {"width", 0, 0, G_OPTION_ARG_INT, &o->width, "Window width (default 1920)", "PX"},
      {"height", 0, 0, G_OPTION_ARG_INT, &o->height, "Window height (default 1080)", "PX"},
      {"rounds", 0, 0, G_OPTION_ARG_INT, &o->rounds, "Rounds of the frame benchmark (default 20)",
       "N"},
      {"frames", 0, 0, G_OPTION_ARG_INT, &o->frames, "Frames per contender and round (default 30)",
       "N"},
      {"renderer", 0, 0, G_OPTION_ARG_STRING, &o->renderer,
       "SDL render driver (default: as the "
       "window chooses: software without a GPU)",
       "NAME"},
      {"doc-mb", 0, 0, G_OPTION_ARG_DOUBLE, &o->doc_mb,
       "Keystroke document size in MB (default 10)", "MB"},
      {"frame-doc-mb", 0, 0, G_OPTION_ARG_DOUBLE, &o->frame_mb,
       "Frame document size in MB "
       "(default 1; loaded four times)",
       "MB"},
      {"font", 0, 0, G_OPTION_ARG_STRING, &o->font, "Font family (default DejaVu Sans)", "FAMILY"},
      {"size", 0, 0, G_OPTION_ARG_INT, &o->px, "Text size (default 16)", "PX"},
      {"keystrokes", 0, 0, G_OPTION_ARG_INT, &o->keystrokes,
       "Characters typed, and Backspaces "
       "(default 200 each)",
       "N"},
      {"keystroke-file", 0, 0, G_OPTION_ARG_FILENAME, &o->key_file,
       "Measure keystrokes in this "
       "file (e.g. a 10 MB single line) instead of generated prose",
       "FILE"},
      {"screenshots", 0, 0, G_OPTION_ARG_FILENAME, &o->shots,
       "Save framebench-{on,off,naive}.png "
       "of the first frame here",
       "DIR"},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) context = g_option_context_new(NULL);
  g_option_context_set_summary(context,
                               "Measures glyphpad's frame time (flyweight on and off) "
                               "against naive SDL_ttf drawing, and keystroke-to-ready time, in a "
                               "real window.");
  g_option_context_add_main_entries(context, entries, NULL);
  return g_option_context_parse(context, &argc, &argv, error) && check_args(o, error);
}

static void print_machine(const Bench *b)
{
  int w, h;
  SDL_GetRendererOutputSize(b->screen.sdl, &w, &h);
  const char *display = g_getenv("DISPLAY"), *video = SDL_GetCurrentVideoDriver();
  if (display == NULL || *display == '\0')
    display = "(none)";
  if (video != NULL && (strcmp(video, "offscreen") == 0 || strcmp(video, "dummy") == 0))
    fprintf(stderr,
            "glyphpad-framebench: warning: SDL's %s video driver, no real window: "
            "presenting shows nothing (run tools/framebench.sh for Xvfb)\n",
            video);
  printf("Renderer: %s (SDL_GetRendererInfo); %s; video driver %s, display %s; output %dx%d px; "
         "font %s %d px; %d cores.\n\n",
         b->screen.renderer_name,
         window_have_gpu() ? "a GPU render node exists"
                           : "no GPU (no render node in /dev/dri), so "
                             "the window's default is SDL's software renderer",
         video ? video : "?", display, w, h, b->opts->font, b->opts->px, g_get_num_processors());
  fflush(stdout);
}

static void bench_clear(Bench *b)
{
  pad_close(&b->on);
  pad_close(&b->atlas);
  pad_close(&b->off);
  naive_close(&b->naive);
  for (int scene = 0; scene < N_SCENES; scene++)
    for (int c = 0; c < N_CONTENDERS; c++)
      if (b->samples[scene][c].ms != NULL) {
        g_array_unref(b->samples[scene][c].ms);
        g_array_unref(b->samples[scene][c].draw_ms);
      }
  screen_close(&b->screen);
  if (b->dir != NULL)
    g_rmdir(b->dir);
  g_free(b->dir);
}

static bool run(Bench *b, GError **error)
{
  b->dir = g_dir_make_tmp("glyphpad-framebench-XXXXXX", error);
  if (b->dir == NULL || !screen_open(&b->screen, b->opts, error))
    return false;
  if (TTF_WasInit() == 0 && TTF_Init() != 0) {
    g_set_error(error, FB_ERROR, 0, "SDL_ttf cannot start: %s", TTF_GetError());
    return false;
  }
  print_machine(b);
  bool ok = bench_frames(b, error);
  pad_close(&b->on); /* free the frame documents before loading the large one */
  pad_close(&b->atlas);
  pad_close(&b->off);
  naive_close(&b->naive);
  return ok && bench_keystrokes(b, error);
}

int main(int argc, char **argv)
{
  FbOptions o = {.width = 1920,
                 .height = 1080,
                 .rounds = 20,
                 .frames = 30,
                 .doc_mb = 10,
                 .frame_mb = 1,
                 .px = CLI_DEFAULT_SIZE,
                 .keystrokes = 200};
  g_autoptr(GError) error = NULL;
  bench_print_command(argc, argv);
  int status = 1;
  if (!parse_args(argc, argv, &o, &error)) {
    fprintf(stderr, "glyphpad-framebench: %s\n", error->message);
  } else if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    fprintf(stderr, "glyphpad-framebench: cannot start SDL: %s (is $DISPLAY set?)\n",
            SDL_GetError());
  } else {
    Bench b = {.opts = &o};
    if (run(&b, &error))
      status = 0;
    else
      fprintf(stderr, "glyphpad-framebench: %s\n", error->message);
    bench_clear(&b);
    if (TTF_WasInit())
      TTF_Quit();
    SDL_Quit();
  }
  g_free(o.renderer);
  g_free(o.font);
  g_free(o.shots);
  g_free(o.key_file);
  return status;
}
