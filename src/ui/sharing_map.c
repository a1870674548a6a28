/* sharing_map.c — the sharing map's colours and legend (sharing_map.h).
 *
 * The ramp runs from red (a Glyph drawn once: nothing shared) through
 * orange, green and blue to purple (1024 and more references), each hue
 * dark enough to read as text on the light background. */
#include "sharing_map.h"

static const SDL_Color RAMP[GLYPH_SHARING_BUCKETS] = {
    {205, 30, 30, 255}, {220, 95, 20, 255}, {185, 130, 0, 255},  {130, 140, 0, 255},
    {70, 145, 20, 255}, {10, 140, 70, 255}, {0, 135, 135, 255},  {0, 115, 190, 255},
    {35, 75, 215, 255}, {95, 50, 205, 255}, {145, 30, 170, 255},
};
static const SDL_Color LEGEND_BG = {24, 26, 34, 235};
static const SDL_Color LEGEND_TEXT = {230, 230, 235, 255};
static const SDL_Color LEGEND_HEAD = {255, 214, 102, 255};

SDL_Color sharing_map_color(guint bucket)
{
  return RAMP[MIN(bucket, GLYPH_SHARING_BUCKETS - 1)];
}

SDL_Color sharing_map_refcount_color(guint32 refcount)
{
  return sharing_map_color(glyph_sharing_bucket(refcount));
}

/* "1", "2–3", ..., "1024+": the counts of @bucket. */
static void bucket_label(guint bucket, char *out, gsize size)
{
  guint32 lo, hi;
  glyph_sharing_bucket_range(bucket, &lo, &hi);
  if (lo == hi)
    g_snprintf(out, size, "%u", lo);
  else if (hi == G_MAXUINT32)
    g_snprintf(out, size, "%u+", lo);
  else
    g_snprintf(out, size, "%u–%u", lo, hi);
}

static void fill(SDL_Renderer *sdl, const SDL_Rect *rect, SDL_Color c)
{
  SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, c.a);
  SDL_RenderFillRect(sdl, rect);
}

void sharing_map_draw_legend(UiFont *font, SDL_Renderer *sdl, float density, const SDL_Rect *area,
                             bool sharing)
{
  g_return_if_fail(font != NULL && sdl != NULL && area != NULL);
  const char *title = "References per Glyph (F6)";
  const char *note = sharing ? NULL : "flyweight off: every Glyph private, used once";
  int lh = uifont_line_height(font), pad = (int)(8 * density + 0.5f);
  int swatch = lh - (int)(4 * density + 0.5f), col = swatch + pad;
  int label_w = 0;
  for (guint b = 0; b < GLYPH_SHARING_BUCKETS; b++) {
    char label[32];
    bucket_label(b, label, sizeof label);
    label_w = MAX(label_w, uifont_text_width(font, label) + pad);
  }
  int per_row = 4, rows = (GLYPH_SHARING_BUCKETS + per_row - 1) / per_row;
  int w = MAX(per_row * (col + label_w), uifont_text_width(font, title));
  if (note != NULL)
    w = MAX(w, uifont_text_width(font, note));
  int h = lh * (1 + rows + (note != NULL)) + 2 * pad;
  SDL_Rect box = {area->x + area->w - w - 3 * pad, area->y + area->h - h - pad, w + 2 * pad, h};
  fill(sdl, &box, LEGEND_BG);
  int x = box.x + pad, y = box.y + pad;
  uifont_draw(font, x, y, title, LEGEND_HEAD);
  y += lh;
  for (guint b = 0; b < GLYPH_SHARING_BUCKETS; b++) {
    int cx = x + (int)(b % (guint)per_row) * (col + label_w),
        cy = y + (int)(b / (guint)per_row) * lh;
    SDL_Rect sw = {cx, cy + (lh - swatch) / 2, swatch, swatch};
    fill(sdl, &sw, sharing_map_color(b));
    char label[32];
    bucket_label(b, label, sizeof label);
    uifont_draw(font, cx + col, cy, label, LEGEND_TEXT);
  }
  if (note != NULL)
    uifont_draw(font, x, y + rows * lh, note, LEGEND_TEXT);
}
