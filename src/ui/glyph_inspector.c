/* glyph_inspector.c — the inspector's card (glyph_inspector.h).
 *
 * Lines of text (the key, the metrics, the bytes and references, the
 * extrinsic position) over an opaque dark panel, then the bitmap magnified:
 * one square a pixel, its coverage as a shade, a grid between the squares,
 * the baseline in red and the pen's pixel column in blue. The card is placed
 * beside the glyph's cell and clamped into the bounds along the other axis,
 * so it may cover neighbours but never the glyph inspected. */
#include "glyph_inspector.h"

#define CARD_LINES 7
#define GRID_MAX_POINTS 200 /* the magnified bitmap's largest side, points */

static const SDL_Color CARD_BG = {24, 26, 34, 245};
static const SDL_Color CARD_HEAD = {255, 214, 102, 255};
static const SDL_Color CARD_TEXT = {230, 230, 235, 255};
static const SDL_Color GRID_LINE = {70, 72, 84, 255};
static const SDL_Color BASELINE = {240, 80, 70, 255};
static const SDL_Color PEN = {90, 160, 255, 255};

static int points(float density, int n)
{
  return (int)(n * density + 0.5f);
}

static void fill(SDL_Renderer *sdl, const SDL_Rect *rect, SDL_Color c)
{
  SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, c.a);
  SDL_RenderFillRect(sdl, rect);
}

/* The card's lines of text; each to g_free. */
static void card_lines(const GlyphCard *c, char *lines[CARD_LINES])
{
  const Glyph *g = c->glyph;
  lines[0] = g_strdup(c->is_private ? "Glyph: a private copy (flyweight off)"
                                    : "Glyph: the flyweight (shared)");
  lines[1] = g_strdup_printf("key: %s · glyph id %u · %u px · phase %u/%d", c->family, g->glyph_id,
                             c->px, g->phase, GLYPH_PHASES);
  lines[2] = g_strdup_printf("advance %.2f px · ascent %d · descent %d", g->advance / 64.0,
                             g->ascent, g->descent);
  lines[3] = g_strdup_printf("bearings x %d, y %d · bitmap %u×%u%s", g->bearing_x, g->bearing_y,
                             g->width, g->rows, (g->flags & GLYPH_COLOR) ? " colour" : "");
  lines[4] = g_strdup_printf("%" G_GSIZE_FORMAT " bytes · reference count %u", c->bytes,
                             c->refcount);
  lines[5] = c->is_private   ? g_strdup("shared by nothing: 1 DrawnGlyph, and its owner")
             : c->users == 1 ? g_strdup("used once: nothing else draws it")
                             : g_strdup_printf("used %u times, %u on screen (highlighted)",
                                               c->users, c->on_screen);
  lines[6] = g_strdup_printf("DrawnGlyph (extrinsic): x %d, y %d · paragraph %u", c->x, c->y,
                             c->para + 1);
}

/* Pixels a bitmap pixel is magnified to: 8 points, less for a big glyph. */
static int grid_scale(const Glyph *g, float density)
{
  int side = MAX(MAX(g->width, g->rows), 1);
  return CLAMP(points(density, GRID_MAX_POINTS) / side, 1, points(density, 8));
}

/* The coverage of pixel (@x, @y) of @g, 0..255 (a colour glyph's alpha). */
static int coverage(const Glyph *g, int x, int y)
{
  gsize i = (gsize)y * g->width + (gsize)x;
  return (g->flags & GLYPH_COLOR) ? g->bitmap[i * 4 + 3] : g->bitmap[i];
}

/* The magnified bitmap with its top-left at (@x, @y). */
static void draw_grid(SDL_Renderer *sdl, const Glyph *g, int x, int y, int s)
{
  SDL_Rect frame = {x - 1, y - 1, g->width * s + 1, g->rows * s + 1};
  fill(sdl, &frame, GRID_LINE);
  int gap = s >= 4 ? 1 : 0;
  for (int row = 0; row < g->rows; row++)
    for (int col = 0; col < g->width; col++) {
      Uint8 v = (Uint8)coverage(g, col, row);
      SDL_Rect cell = {x + col * s, y + row * s, s - gap, s - gap};
      fill(sdl, &cell, (SDL_Color){v, v, v, 255});
    }
  if (g->bearing_y >= 0 && g->bearing_y <= g->rows) {
    SDL_Rect base = {x - 3, y + g->bearing_y * s - 1, g->width * s + 6, 2};
    fill(sdl, &base, BASELINE);
  }
  if (-g->bearing_x >= 0 && -g->bearing_x <= g->width) {
    SDL_Rect pen = {x - g->bearing_x * s - 1, y - 3, 2, g->rows * s + 6};
    fill(sdl, &pen, PEN);
  }
}

/* Where a @w x @h card goes beside @cell inside @bounds. */
static SDL_Point place(const SDL_Rect *cell, const SDL_Rect *b, int w, int h, int gap)
{
  int right = cell->x + cell->w + gap, left = cell->x - gap - w;
  int y = CLAMP(cell->y, b->y, MAX(b->y + b->h - h, b->y));
  if (right + w <= b->x + b->w)
    return (SDL_Point){right, y};
  if (left >= b->x)
    return (SDL_Point){left, y};
  int x = CLAMP(cell->x, b->x, MAX(b->x + b->w - w, b->x));
  int below = cell->y + cell->h + gap;
  return (SDL_Point){x, below + h <= b->y + b->h ? below : cell->y - gap - h};
}

void glyph_inspector_draw(UiFont *font, SDL_Renderer *sdl, float density, const GlyphCard *card,
                          const SDL_Rect *cell, const SDL_Rect *bounds)
{
  g_return_if_fail(font != NULL && sdl != NULL && card != NULL && card->glyph != NULL);
  char *lines[CARD_LINES];
  card_lines(card, lines);
  const Glyph *g = card->glyph;
  int lh = uifont_line_height(font), pad = points(density, 8), s = grid_scale(g, density);
  int w = g->width * s;
  for (int i = 0; i < CARD_LINES; i++)
    w = MAX(w, uifont_text_width(font, lines[i]));
  int grid_h = g->rows > 0 ? g->rows * s + 2 * pad : 0;
  int h = CARD_LINES * lh + grid_h + 2 * pad;
  SDL_Point at = place(cell, bounds, w + 2 * pad, h, points(density, 6));
  SDL_Rect box = {at.x, at.y, w + 2 * pad, h};
  fill(sdl, &box, CARD_BG);
  for (int i = 0; i < CARD_LINES; i++) {
    uifont_draw(font, box.x + pad, box.y + pad + i * lh, lines[i], i == 0 ? CARD_HEAD : CARD_TEXT);
    g_free(lines[i]);
  }
  if (g->rows > 0 && g->width > 0)
    draw_grid(sdl, g, box.x + pad, box.y + pad + CARD_LINES * lh + pad, s);
}
