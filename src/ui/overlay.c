/* overlay.c — the F1 statistics panel and its memory graph.
 *
 * The panel is a list of text lines (built fresh each frame from the counts, so
 * it is always live; the counts are MemStats's table rows marked for the panel,
 * written by a panel StatsWriter) over a translucent dark rectangle, then a graph: heap in
 * use over the last minute as a polyline, scaled to the largest sample shown,
 * with a vertical mark at each flyweight toggle. Samples live in a ring of
 * OVERLAY_HISTORY_MS / OVERLAY_SAMPLE_MS entries (fixed capacity, oldest
 * overwritten); toggle marks older than the history are dropped. */
#include "overlay.h"

#include <stdarg.h>
#include <string.h>

#include "stats_writer.h"

#define RING (OVERLAY_HISTORY_MS / OVERLAY_SAMPLE_MS)
#define MAX_MARKS 16
#define PANEL_COLUMNS 54

typedef struct {
  guint64 t_ms;
  guint64 heap;
} Sample;

struct Overlay {
  UiFont *font; /* not owned */
  float density;
  Sample ring[RING]; /* heap samples, ring[(head + i) % RING] oldest first */
  guint head, count;
  guint64 marks[MAX_MARKS]; /* toggle times, oldest first */
  guint n_marks;
  bool have_toggle;       /* a toggle happened: before/after are valid */
  MemStats before, after; /* measured around the last toggle */
  GPtrArray *lines;       /* this frame's text lines (owned strings) */
};

static const SDL_Color TEXT = {235, 235, 240, 255};
static const SDL_Color HEAD = {255, 214, 102, 255};
static const SDL_Color GRAPH = {110, 200, 255, 255};
static const SDL_Color MARK = {255, 120, 90, 255};

Overlay *overlay_new(UiFont *font, float density)
{
  g_return_val_if_fail(font != NULL, NULL);
  Overlay *o = g_new0(Overlay, 1);
  o->font = font;
  o->density = density > 0 ? density : 1.0f;
  o->lines = g_ptr_array_new_with_free_func(g_free);
  return o;
}

void overlay_free(Overlay *o)
{
  if (o == NULL)
    return;
  g_ptr_array_unref(o->lines);
  g_free(o);
}

void overlay_sample(Overlay *o, guint64 now_ms, guint64 heap_bytes)
{
  g_return_if_fail(o != NULL);
  if (o->count > 0) {
    const Sample *last = &o->ring[(o->head + o->count - 1) % RING];
    if (now_ms < last->t_ms + OVERLAY_SAMPLE_MS)
      return;
  }
  if (o->count == RING)
    o->head = (o->head + 1) % RING;
  else
    o->count++;
  o->ring[(o->head + o->count - 1) % RING] = (Sample){now_ms, heap_bytes};
}

void overlay_mark_toggle(Overlay *o, guint64 now_ms, const MemStats *before, const MemStats *after)
{
  g_return_if_fail(o != NULL && before != NULL && after != NULL);
  if (o->n_marks == MAX_MARKS) {
    memmove(o->marks, o->marks + 1, sizeof o->marks[0] * (MAX_MARKS - 1));
    o->n_marks--;
  }
  o->marks[o->n_marks++] = now_ms;
  o->before = *before;
  o->after = *after;
  o->have_toggle = true;
  /* the sample right after the toggle shows the step at once */
  overlay_sample(o, now_ms + OVERLAY_SAMPLE_MS, after->heap_bytes);
}

/* ---- text ---- */

static void G_GNUC_PRINTF(2, 3) add_line(Overlay *o, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_ptr_array_add(o->lines, g_strdup_vprintf(format, args));
  va_end(args);
}

static char *size_text(guint64 bytes)
{
  return g_format_size_full(bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* The counts and memory figures MemStats's table marks for the panel, packed
 * "label value" a few to a line (memstats_write), then the atlas's. */
static void add_count_lines(Overlay *o, const OverlayFrame *f)
{
  g_autoptr(StatsWriter) writer = stats_writer_new_panel(PANEL_COLUMNS);
  memstats_write(f->stats, writer);
  g_autofree char *text = stats_writer_finish(writer);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      add_line(o, "%s", lines[i]);
  add_line(o,
           "atlas slots %" G_GUINT64_FORMAT "  evictions %" G_GUINT64_FORMAT
           "  pages %" G_GUINT64_FORMAT,
           f->atlas.slots, f->atlas.evictions, f->atlas.pages);
}

/* What the other mode would take, and the last frame's cost. */
static void add_memory_lines(Overlay *o, const OverlayFrame *f)
{
  const MemStats *s = f->stats;
  g_autofree char *other = size_text(s->flyweight ? s->predicted_off : s->predicted_on);
  add_line(o, "  other mode (%s) would need %s", s->flyweight ? "off" : "on", other);
  add_line(o, "frame %.2f ms  glyph draws %u (%u quads)", f->frame_ms, f->draw_calls, f->quads);
}

static void add_style_lines(Overlay *o, const GlyphFactory *factory)
{
  g_autoptr(GArray) styles = glyph_factory_style_stats(factory);
  add_line(o, "Glyphs per (typeface, size):");
  for (guint i = 0; i < styles->len && i < 8; i++) {
    const GlyphStyleStats *st = &g_array_index(styles, GlyphStyleStats, i);
    const GlyphStyle *info = glyph_factory_style_info(factory, st->style);
    add_line(o, "  %-16.16s %2upx %6" G_GUINT64_FORMAT " glyphs %9" G_GUINT64_FORMAT " refs",
             info ? typeface_family(info->typeface) : "?", info ? info->px : 0, st->glyphs,
             st->references);
  }
  if (styles->len > 8)
    add_line(o, "  ... %u more", styles->len - 8);
}

static void add_toggle_lines(Overlay *o)
{
  if (!o->have_toggle) {
    add_line(o, "F2 toggles the flyweight; F1 hides this");
    return;
  }
  const MemStats *b = &o->before, *a = &o->after;
  g_autofree char *hb = size_text(b->heap_bytes), *ha = size_text(a->heap_bytes);
  g_autofree char *rb = size_text(b->rss_bytes), *ra = size_text(a->rss_bytes);
  guint64 pred_b = b->flyweight ? b->predicted_on : b->predicted_off;
  guint64 pred_a = a->flyweight ? a->predicted_on : a->predicted_off;
  g_autofree char *pb = size_text(pred_b), *pa = size_text(pred_a);
  add_line(o, "last F2: flyweight %s -> %s", b->flyweight ? "on" : "off",
           a->flyweight ? "on" : "off");
  add_line(o, "            before        after");
  add_line(o, "  heap   %12s %12s", hb, ha);
  add_line(o, "  RSS    %12s %12s", rb, ra);
  add_line(o, "  glyphs %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT, b->glyphs_alive,
           a->glyphs_alive);
  add_line(o, "  formula%12s %12s", pb, pa);
}

/* ---- graph ---- */

static void draw_graph(Overlay *o, SDL_Renderer *sdl, const SDL_Rect *area, guint64 now_ms)
{
  SDL_SetRenderDrawColor(sdl, 255, 255, 255, 40);
  SDL_RenderDrawRect(sdl, area);
  guint64 max = 1, min = G_MAXUINT64;
  for (guint i = 0; i < o->count; i++) {
    max = MAX(max, o->ring[(o->head + i) % RING].heap);
    min = MIN(min, o->ring[(o->head + i) % RING].heap);
  }
  /* the axis spans the samples' range (plus a margin), so a toggle's step shows */
  min = MIN(min, max);
  guint64 span = MAX(max - min, max / 50 + 4);
  min = min > span / 4 ? min - span / 4 : 0;
  span = MAX(max - min, 1);
  guint64 t0 = now_ms > OVERLAY_HISTORY_MS ? now_ms - OVERLAY_HISTORY_MS : 0;
  SDL_Point points[RING];
  int n = 0;
  for (guint i = 0; i < o->count; i++) {
    const Sample *s = &o->ring[(o->head + i) % RING];
    if (s->t_ms < t0)
      continue;
    double fx = (double)(MIN(s->t_ms, now_ms) - t0) / OVERLAY_HISTORY_MS;
    double fy = (double)(s->heap - min) / (double)span;
    points[n++] = (SDL_Point){area->x + (int)(fx * (area->w - 1)),
                              area->y + area->h - 1 - (int)(fy * (area->h - 2))};
  }
  SDL_SetRenderDrawColor(sdl, MARK.r, MARK.g, MARK.b, 255);
  for (guint i = 0; i < o->n_marks; i++)
    if (o->marks[i] >= t0) {
      int x = area->x + (int)((double)(o->marks[i] - t0) / OVERLAY_HISTORY_MS * (area->w - 1));
      SDL_RenderDrawLine(sdl, x, area->y, x, area->y + area->h - 1);
    }
  SDL_SetRenderDrawColor(sdl, GRAPH.r, GRAPH.g, GRAPH.b, 255);
  if (n > 1)
    SDL_RenderDrawLines(sdl, points, n);
  g_autofree char *top = size_text(max), *bottom = size_text(min);
  g_autofree char *text = g_strdup_printf("heap, last 60 s: %s .. %s", bottom, top);
  uifont_draw(o->font, area->x + 4, area->y + 2, text, GRAPH);
}

void overlay_draw(Overlay *o, SDL_Renderer *sdl, const OverlayFrame *f, int width, int height)
{
  g_return_if_fail(o != NULL && sdl != NULL && f != NULL && f->stats != NULL);
  g_ptr_array_set_size(o->lines, 0);
  add_line(o, "FLYWEIGHT %s", f->stats->flyweight ? "ON" : "OFF");
  add_count_lines(o, f);
  add_memory_lines(o, f);
  add_style_lines(o, f->factory);
  add_toggle_lines(o);
  int lh = uifont_line_height(o->font), pad = (int)(8 * o->density);
  int graph_h = (int)(90 * o->density);
  int w = MIN(uifont_text_width(o->font, "M") * PANEL_COLUMNS + 2 * pad, width - 2 * pad);
  int h = MIN((int)o->lines->len * lh + graph_h + 3 * pad, height - 2 * pad);
  SDL_Rect panel = {width - w - pad - (int)(12 * o->density), pad, w, h};
  SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_BLEND);
  /* opaque: right-aligned right-to-left lines run under the panel, and their
   * glyphs showing through made its figures hard to read */
  SDL_SetRenderDrawColor(sdl, 16, 18, 24, 255);
  SDL_RenderFillRect(sdl, &panel);
  SDL_RenderSetClipRect(sdl, &panel);
  for (guint i = 0; i < o->lines->len; i++)
    uifont_draw(o->font, panel.x + pad, panel.y + pad + (int)i * lh, o->lines->pdata[i],
                i == 0 ? HEAD : TEXT);
  SDL_Rect graph = {panel.x + pad, panel.y + pad * 2 + (int)o->lines->len * lh, panel.w - 2 * pad,
                    graph_h};
  draw_graph(o, sdl, &graph, f->now_ms);
  SDL_RenderSetClipRect(sdl, NULL);
}
