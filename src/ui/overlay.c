/* overlay.c — the F1 statistics panel, docked below the text (overlay.h).
 *
 * Each frame the panel's text is built afresh from the counts (overlay_lines),
 * so it is always live, and flowed into columns a section at a time; the
 * charts take the width that is left: the bar chart of on against off, then
 * the heap's timeline. Samples live in a ring of OVERLAY_HISTORY_MS /
 * OVERLAY_SAMPLE_MS entries (fixed capacity, oldest overwritten); toggle
 * marks older than the history are dropped. */
#include "overlay.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#define RING (OVERLAY_HISTORY_MS / OVERLAY_SAMPLE_MS)
#define MAX_MARKS 16
#define PANEL_ROWS 14      /* the panel's height in text rows (at most 45 % of the window) */
#define MAX_STYLES_SHOWN 3 /* typefaces and sizes listed */

typedef struct {
  guint64 t_ms;
  guint64 heap;
} Sample;

typedef struct {
  guint64 t_ms;
  bool on; /* the flyweight after the toggle */
} Mark;

struct Overlay {
  UiFont *font; /* not owned */
  float density;
  Sample ring[RING]; /* heap samples, ring[(head + i) % RING] oldest first */
  guint head, count;
  Mark marks[MAX_MARKS]; /* toggles, oldest first */
  guint n_marks;
  guint64 measured[2]; /* the heap last seen with the flyweight off [0] and on [1] */
};

static const SDL_Color PANEL_BG = {22, 24, 30, 255};
static const SDL_Color TEXT = {225, 228, 235, 255};
static const SDL_Color DIM = {150, 156, 170, 255};
static const SDL_Color HEAD = {255, 214, 102, 255};
static const SDL_Color ON = {110, 200, 255, 255};
static const SDL_Color OFF = {255, 150, 90, 255};
static const SDL_Color AXIS = {90, 96, 110, 255};

Overlay *overlay_new(UiFont *font, float density)
{
  g_return_val_if_fail(font != NULL, NULL);
  Overlay *o = g_new0(Overlay, 1);
  o->font = font;
  o->density = density > 0 ? density : 1.0f;
  return o;
}

void overlay_free(Overlay *o)
{
  g_free(o);
}

bool overlay_sample_due(const Overlay *o, guint64 now_ms)
{
  g_return_val_if_fail(o != NULL, false);
  return o->count == 0 ||
         now_ms >= o->ring[(o->head + o->count - 1) % RING].t_ms + OVERLAY_SAMPLE_MS;
}

void overlay_sample(Overlay *o, guint64 now_ms, guint64 heap_bytes, bool on)
{
  g_return_if_fail(o != NULL);
  o->measured[on] = heap_bytes;
  if (!overlay_sample_due(o, now_ms))
    return;
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
  o->marks[o->n_marks++] = (Mark){now_ms, after->flyweight};
  o->measured[before->flyweight] = before->heap_bytes;
  /* the sample right after the toggle shows the step at once */
  overlay_sample(o, now_ms + OVERLAY_SAMPLE_MS, after->heap_bytes, after->flyweight);
}

guint64 overlay_measured(const Overlay *o, bool on)
{
  g_return_val_if_fail(o != NULL, 0);
  return o->measured[on];
}

int overlay_height(const Overlay *o, int window_height)
{
  g_return_val_if_fail(o != NULL, 0);
  int pad = (int)(8 * o->density);
  return MIN(PANEL_ROWS * uifont_line_height(o->font) + 2 * pad, window_height * 45 / 100);
}

/* ---- the text ---- */

static char *size_text(guint64 bytes)
{
  return g_format_size_full(bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static void G_GNUC_PRINTF(3, 4) row(GPtrArray *lines, const char *label, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *value = g_strdup_vprintf(format, args);
  va_end(args);
  g_ptr_array_add(lines, g_strdup_printf("%s\t%s", label, value));
}

static void size_row(GPtrArray *lines, const char *label, guint64 bytes)
{
  g_autofree char *size = size_text(bytes);
  row(lines, label, "%s", size);
}

static void heading(GPtrArray *lines, const char *text)
{
  g_ptr_array_add(lines, g_strdup_printf("# %s", text));
}

static void glyph_lines(GPtrArray *lines, const OverlayFrame *f)
{
  const MemStats *s = f->stats;
  heading(lines, s->flyweight ? "The Glyph flyweight: ON (F2)" : "The Glyph flyweight: OFF (F2)");
  row(lines, "Glyphs alive (pinned)", "%" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT ")",
      s->glyphs_alive, s->glyphs_pinned);
  row(lines, "created / freed", "%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT, s->glyphs_created,
      s->glyphs_freed);
  row(lines, "factory hits / misses", "%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT, s->factory_hits,
      s->factory_misses);
  if (!s->flyweight)
    row(lines, "private copies", "%" G_GUINT64_FORMAT, s->private_glyphs);
  g_autoptr(GArray) styles = glyph_factory_style_stats(f->factory);
  for (guint i = 0; i < styles->len && i < MAX_STYLES_SHOWN; i++) {
    const GlyphStyleStats *st = &g_array_index(styles, GlyphStyleStats, i);
    const GlyphStyle *info = glyph_factory_style_info(f->factory, st->style);
    g_autofree char *label = g_strdup_printf("  %s %upx", typeface_family(info->typeface),
                                             info->px);
    row(lines, label, "%" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT " refs)", st->glyphs,
        st->references);
  }
  if (styles->len > MAX_STYLES_SHOWN)
    row(lines, "  other faces and sizes", "%u", styles->len - MAX_STYLES_SHOWN);
}

static void word_and_screen_lines(GPtrArray *lines, const OverlayFrame *f)
{
  const MemStats *s = f->stats;
  heading(lines, "Shaped words (the second flyweight)");
  row(lines, "words cached", "%" G_GUINT64_FORMAT, s->word_cache_words);
  row(lines, "hits / misses", "%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT, s->word_cache_hits,
      s->word_cache_misses);
  heading(lines, "On screen");
  row(lines, "DrawnGlyphs", "%" G_GUINT64_FORMAT " x %u B", s->drawn_glyphs,
      (unsigned)sizeof(DrawnGlyph));
  row(lines, "last frame drawn in", "%.2f ms", f->frame_ms);
}

static void memory_lines(GPtrArray *lines, const OverlayFrame *f)
{
  const MemStats *s = f->stats;
  heading(lines, "Memory: counted, measured");
  size_row(lines, "intrinsic (Glyphs)", s->intrinsic_bytes);
  size_row(lines, "extrinsic (Drawn)", s->extrinsic_bytes);
  size_row(lines, "document", s->document_bytes);
  size_row(lines, "view", s->view_bytes);
  size_row(lines, "word cache", s->word_cache_bytes);
  size_row(lines, "heap in use", s->heap_bytes);
  size_row(lines, "resident set", s->rss_bytes);
}

static void formula_lines(GPtrArray *lines, const OverlayFrame *f)
{
  const MemStats *s = f->stats;
  g_autofree char *title = g_strdup_printf("The formula (N = %" G_GUINT64_FORMAT " characters)",
                                           s->characters);
  heading(lines, title);
  size_row(lines, "on  = S + D + W", s->predicted_on);
  size_row(lines, "off = S + N(g+p) + D + W", s->predicted_off);
  g_ptr_array_add(lines, g_strdup("S shared Glyphs, D text, W words,"));
  g_ptr_array_add(lines, g_strdup("g one Glyph, p a pointer"));
}

GPtrArray *overlay_lines(Overlay *o, const OverlayFrame *f)
{
  g_return_val_if_fail(o != NULL && f != NULL && f->stats != NULL && f->factory != NULL, NULL);
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  glyph_lines(lines, f);
  word_and_screen_lines(lines, f);
  memory_lines(lines, f);
  formula_lines(lines, f);
  return lines;
}

/* ---- drawing the text ---- */

/* Where a column of lines goes, and how wide its labels are. */
typedef struct {
  guint first, end; /* lines [first, end) */
  int label_w, value_w;
  int plain_w; /* the widest heading or line without a value */
} Column;

static bool is_heading(const char *line)
{
  return line[0] == '#';
}

/* Splits @lines into columns of at most @rows lines, a section never split
 * when it fits in a column; fills @cols (at most @max), returns how many. */
static guint flow_columns(Overlay *o, GPtrArray *lines, int rows, Column *cols, guint max)
{
  guint n = 0;
  for (guint i = 0; i < lines->len && n < max;) {
    Column c = {i, i, 0, 0, 0};
    while (c.end < lines->len && (int)(c.end - c.first) < rows) {
      guint section_end = c.end + 1; /* a heading starts a section: keep it whole if it fits */
      while (section_end < lines->len && !is_heading(lines->pdata[section_end]))
        section_end++;
      if (c.end > c.first && is_heading(lines->pdata[c.end]) &&
          (int)(section_end - c.first) > rows && (int)(section_end - c.end) <= rows)
        break;
      c.end++;
    }
    for (guint k = c.first; k < c.end; k++) {
      const char *line = lines->pdata[k];
      const char *tab = strchr(line, '\t');
      if (is_heading(line) || tab == NULL) {
        c.plain_w = MAX(c.plain_w, uifont_text_width(o->font, line + (is_heading(line) ? 2 : 0)));
        continue;
      }
      g_autofree char *label = g_strndup(line, (gsize)(tab - line));
      c.label_w = MAX(c.label_w, uifont_text_width(o->font, label));
      c.value_w = MAX(c.value_w, uifont_text_width(o->font, tab + 1));
    }
    cols[n++] = c;
    i = c.end;
  }
  return n;
}

static void draw_column(Overlay *o, GPtrArray *lines, const Column *c, int x, int y, int gap)
{
  int lh = uifont_line_height(o->font);
  for (guint k = c->first; k < c->end; k++, y += lh) {
    const char *line = lines->pdata[k];
    const char *tab = strchr(line, '\t');
    if (is_heading(line)) {
      uifont_draw(o->font, x, y, line + 2, HEAD);
      continue;
    }
    if (tab == NULL) {
      uifont_draw(o->font, x, y, line, DIM);
      continue;
    }
    g_autofree char *label = g_strndup(line, (gsize)(tab - line));
    uifont_draw(o->font, x, y, label, DIM);
    int value_x = x + c->label_w + gap + c->value_w - uifont_text_width(o->font, tab + 1);
    uifont_draw(o->font, value_x, y, tab + 1, TEXT);
  }
}

/* ---- the charts ---- */

static void fill(SDL_Renderer *sdl, const SDL_Rect *r, SDL_Color c)
{
  SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, c.a);
  SDL_RenderFillRect(sdl, r);
}

static void line(SDL_Renderer *sdl, int x0, int y0, int x1, int y1, SDL_Color c)
{
  SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, c.a);
  SDL_RenderDrawLine(sdl, x0, y0, x1, y1);
}

/* One horizontal bar of @value on a scale of @top over @w pixels, labelled. */
static void bar(Overlay *o, SDL_Renderer *sdl, int x, int y, int w, const char *label,
                guint64 value, guint64 top, SDL_Color colour)
{
  int lh = uifont_line_height(o->font), label_w = uifont_text_width(o->font, "formula, off  ");
  uifont_draw(o->font, x, y, label, DIM);
  int room = MAX(w - label_w - uifont_text_width(o->font, "  999.9 MiB"), 1);
  int len = top > 0 ? (int)((double)value / (double)top * room + 0.5) : 0;
  SDL_Rect r = {x + label_w, y + lh / 5, MAX(len, value > 0 ? 1 : 0), lh * 3 / 5};
  fill(sdl, &r, colour);
  g_autofree char *size = value > 0 ? size_text(value) : g_strdup("press F2");
  uifont_draw(o->font, r.x + r.w + (int)(6 * o->density), y, size, value > 0 ? TEXT : DIM);
}

/* On against off: the formula's two figures, and the heap last measured in
 * each mode, each pair on its own scale. */
static void draw_bars(Overlay *o, SDL_Renderer *sdl, const OverlayFrame *f, const SDL_Rect *a)
{
  int lh = uifont_line_height(o->font), y = a->y;
  const MemStats *s = f->stats;
  uifont_draw(o->font, a->x, y, "On against off", HEAD);
  y += lh;
  guint64 top = MAX(s->predicted_on, s->predicted_off);
  bar(o, sdl, a->x, y, a->w, "formula, on", s->predicted_on, top, ON);
  bar(o, sdl, a->x, y + lh, a->w, "formula, off", s->predicted_off, top, OFF);
  y += 2 * lh;
  top = MAX(o->measured[1], o->measured[0]);
  bar(o, sdl, a->x, y, a->w, "heap, on", o->measured[1], top, ON);
  bar(o, sdl, a->x, y + lh, a->w, "heap, off", o->measured[0], top, OFF);
  y += 2 * lh;
  if (o->measured[0] > 0 && o->measured[1] > 0 && y + lh <= a->y + a->h) {
    guint64 measured = o->measured[0] - MIN(o->measured[0], o->measured[1]);
    guint64 predicted = s->predicted_off - MIN(s->predicted_on, s->predicted_off);
    g_autofree char *m = size_text(measured), *p = size_text(predicted);
    g_autofree char *text = g_strdup_printf("off: +%s (formula: +%s)", m, p);
    uifont_draw(o->font, a->x, y, text, TEXT);
  }
}

/* A round step (1, 2 or 5 times a power of ten) giving about @ticks ticks over @span. */
static double nice_step(double span, int ticks)
{
  double raw = span / MAX(ticks, 1), power = pow(10, floor(log10(raw > 0 ? raw : 1)));
  double step = power;
  for (int k = 0; k < 3 && raw > step; k++)
    step = power * (k == 0 ? 2 : k == 1 ? 5 : 10);
  return step;
}

/* The heap over the last minute: MiB up the left, seconds along the bottom,
 * a mark at each F2 saying which way it went. */
static void draw_timeline(Overlay *o, SDL_Renderer *sdl, guint64 now_ms, const SDL_Rect *a)
{
  int lh = uifont_line_height(o->font);
  uifont_draw(o->font, a->x, a->y, "Heap in use, the last minute", HEAD);
  int axis_w = uifont_text_width(o->font, "0000.0 MiB") + (int)(6 * o->density);
  SDL_Rect plot = {a->x + axis_w, a->y + lh + lh / 2, a->w - axis_w - (int)(8 * o->density),
                   a->h - 3 * lh};
  if (plot.w < 40 || plot.h < 30)
    return;
  guint64 lo = G_MAXUINT64, hi = 0;
  for (guint i = 0; i < o->count; i++) {
    lo = MIN(lo, o->ring[(o->head + i) % RING].heap);
    hi = MAX(hi, o->ring[(o->head + i) % RING].heap);
  }
  if (o->count == 0)
    lo = hi = 0;
  double mib = 1024.0 * 1024.0, step = nice_step(MAX((hi - lo) / mib, 0.5), 4);
  double bottom = floor(lo / mib / step) * step, top = ceil(hi / mib / step) * step;
  top = MAX(top, bottom + step);
  for (double v = bottom; v <= top + step / 2; v += step) { /* the MiB axis */
    int y = plot.y + plot.h - (int)((v - bottom) / (top - bottom) * plot.h);
    line(sdl, plot.x, y, plot.x + plot.w, y, AXIS);
    g_autofree char *label = g_strdup_printf("%.*f MiB", step < 1 ? 1 : 0, v);
    uifont_draw(o->font, plot.x - uifont_text_width(o->font, label) - (int)(4 * o->density),
                y - lh / 2, label, DIM);
  }
  guint64 t0 = now_ms > OVERLAY_HISTORY_MS ? now_ms - OVERLAY_HISTORY_MS : 0;
  int every = plot.w >= (int)(420 * o->density) ? 10 : 20;
  for (int s = 0; s <= 60; s += every) { /* the seconds axis */
    int x = plot.x + plot.w - (int)(s / 60.0 * plot.w);
    line(sdl, x, plot.y + plot.h, x, plot.y + plot.h + (int)(4 * o->density), AXIS);
    g_autofree char *label = s == 0 ? g_strdup("now") : g_strdup_printf("-%d s", s);
    int w = uifont_text_width(o->font, label); /* "now" ends at the plot's edge */
    uifont_draw(o->font, s == 0 ? x - w : x - w / 2, plot.y + plot.h + lh / 4, label, DIM);
  }
  for (guint i = 0; i < o->n_marks; i++) { /* F2 */
    if (o->marks[i].t_ms < t0)
      continue;
    int x = plot.x + (int)((double)(o->marks[i].t_ms - t0) / OVERLAY_HISTORY_MS * plot.w);
    SDL_Color c = o->marks[i].on ? ON : OFF;
    line(sdl, x, plot.y, x, plot.y + plot.h, c);
    const char *what = o->marks[i].on ? "F2 on" : "F2 off";
    int w = uifont_text_width(o->font, what); /* beside the mark, inside the plot */
    uifont_draw(o->font, x + 3 + w <= plot.x + plot.w ? x + 3 : x - 3 - w, plot.y, what, c);
  }
  SDL_Point points[RING];
  int n = 0;
  for (guint i = 0; i < o->count; i++) {
    const Sample *s = &o->ring[(o->head + i) % RING];
    if (s->t_ms < t0)
      continue;
    double fx = (double)(MIN(s->t_ms, now_ms) - t0) / OVERLAY_HISTORY_MS;
    double fy = (s->heap / mib - bottom) / (top - bottom);
    points[n++] = (SDL_Point){plot.x + (int)(fx * plot.w), plot.y + plot.h - (int)(fy * plot.h)};
  }
  SDL_SetRenderDrawColor(sdl, TEXT.r, TEXT.g, TEXT.b, 255);
  if (n > 1)
    SDL_RenderDrawLines(sdl, points, n);
}

void overlay_draw(Overlay *o, SDL_Renderer *sdl, const OverlayFrame *f, const SDL_Rect *area)
{
  g_return_if_fail(o != NULL && sdl != NULL && f != NULL && f->stats != NULL && area != NULL);
  o->measured[f->stats->flyweight] = f->stats->heap_bytes;
  fill(sdl, area, PANEL_BG);
  SDL_RenderSetClipRect(sdl, area);
  int pad = (int)(8 * o->density), gap = (int)(14 * o->density), lh = uifont_line_height(o->font);
  g_autoptr(GPtrArray) lines = overlay_lines(o, f);
  Column cols[6];
  guint n = flow_columns(o, lines, MAX((area->h - 2 * pad) / lh, 1), cols, G_N_ELEMENTS(cols));
  int x = area->x + pad;
  for (guint i = 0; i < n && x < area->x + area->w; i++) {
    draw_column(o, lines, &cols[i], x, area->y + pad, gap);
    x += MAX(cols[i].label_w + gap + cols[i].value_w, cols[i].plain_w) + gap * 3 / 2;
  }
  /* the charts share what the text left: side by side, or one over the
   * other when that is narrow */
  SDL_Rect charts = {x, area->y + pad, area->x + area->w - x - pad, area->h - 2 * pad};
  int min_w = (int)(300 * o->density);
  SDL_Rect bars = charts, timeline = charts;
  if (charts.w >= 2 * min_w) {
    bars.w = charts.w / 2 - gap;
    timeline.x += charts.w / 2;
    timeline.w = charts.w / 2;
  } else {
    bars.h = 6 * lh + lh / 2;
    timeline.y += bars.h;
    timeline.h -= bars.h;
  }
  if (charts.w >= min_w) {
    SDL_RenderSetClipRect(sdl, &bars); /* a long line stops at its chart's edge */
    draw_bars(o, sdl, f, &bars);
    SDL_RenderSetClipRect(sdl, &timeline);
    draw_timeline(o, sdl, f->now_ms, &timeline);
  }
  SDL_RenderSetClipRect(sdl, NULL);
}
