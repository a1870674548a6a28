/* damage.c — the cells of the text area and their hashes, this frame's and
 * the last one's (damage.h says what they mean).
 *
 * Cells are indexed by (document cell row, column): row r covers document
 * rows [r * DAMAGE_CELL, (r + 1) * DAMAGE_CELL), column c window columns
 * [area.x + c * DAMAGE_CELL, ...). A frame's grid holds the rows the area
 * shows, first_row first. Comparing two frames pairs cells by their document
 * row, so a scroll keeps the pairs of what stayed on screen. */
#include "damage.h"

#include "rect.h"

#include <string.h>

struct DamageGrid {
  SDL_Rect area;    /* this frame's area */
  gint64 offset;    /* document row = window row + offset */
  gint64 first_row; /* document cell row of the grid's first row */
  int rows, cols;   /* the grid's size */
  guint64 *now;     /* rows * cols hashes of this frame */
  bool have_last;   /* the fields below describe a frame drawn whole or in part */
  SDL_Rect last_area;
  gint64 last_offset, last_first_row;
  int last_rows;
  guint64 *last; /* last_rows * cols hashes */
};

guint64 damage_hash(guint64 hash, const void *data, gsize n)
{
  const guint8 *p = data;
  for (; n >= 8; n -= 8, p += 8) {
    guint64 word;
    memcpy(&word, p, 8);
    hash = damage_mix(hash, word);
  }
  guint64 tail = 0; /* the last 0..7 bytes, and how many: "a" and "a\0" differ */
  memcpy(&tail, p, n);
  return damage_mix(hash, tail ^ (guint64)n << 56);
}

DamageGrid *damage_grid_new(void)
{
  return g_new0(DamageGrid, 1);
}

void damage_grid_free(DamageGrid *grid)
{
  if (grid == NULL)
    return;
  g_free(grid->now);
  g_free(grid->last);
  g_free(grid);
}

/* floor(@a / DAMAGE_CELL), for negative @a too. */
static gint64 cell_of(gint64 a)
{
  return a >= 0 ? a / DAMAGE_CELL : -((-a + DAMAGE_CELL - 1) / DAMAGE_CELL);
}

/* The window rows row @r of the grid shows, clipped to the area: [*top, *bottom). */
static void row_span(const DamageGrid *g, gint64 r, int *top, int *bottom)
{
  gint64 t = r * DAMAGE_CELL - g->offset, b = t + DAMAGE_CELL;
  *top = (int)MAX(t, g->area.y);
  *bottom = (int)MIN(b, (gint64)g->area.y + g->area.h);
}

void damage_begin(DamageGrid *g, const SDL_Rect *area, gint64 offset)
{
  g_return_if_fail(g != NULL && area != NULL);
  g->area = *area;
  g->offset = offset;
  g->first_row = cell_of(area->y + offset);
  gint64 last_row = cell_of(area->y + MAX(area->h, 1) - 1 + offset);
  g->rows = (int)(last_row - g->first_row + 1);
  g->cols = (MAX(area->w, 1) + DAMAGE_CELL - 1) / DAMAGE_CELL;
  g->now = g_renew(guint64, g->now, (gsize)g->rows * (gsize)g->cols);
  for (int r = 0; r < g->rows; r++) {
    int span[2]; /* how much of the row shows, relative to the row: changes at the edges */
    row_span(g, g->first_row + r, &span[0], &span[1]);
    span[0] = (int)(span[0] + offset - (g->first_row + r) * DAMAGE_CELL);
    span[1] = (int)(span[1] + offset - (g->first_row + r) * DAMAGE_CELL);
    guint64 h = damage_hash(DAMAGE_HASH_INIT, span, sizeof span);
    for (int c = 0; c < g->cols; c++)
      g->now[r * g->cols + c] = h;
  }
}

void damage_add(DamageGrid *g, const SDL_Rect *rect, guint64 hash)
{
  g_return_if_fail(g != NULL && rect != NULL);
  SDL_Rect r;
  if (!rect_intersect(&g->area, rect, &r))
    return;
  /* where it is drawn, in the document */
  hash = damage_mix(hash, (guint64)(guint32)rect->x << 32 | (guint32)rect->w);
  hash = damage_mix(damage_mix(hash, (guint64)(rect->y + g->offset)), (guint64)rect->h);
  gint64 r0 = cell_of(r.y + g->offset) - g->first_row;
  gint64 r1 = cell_of(r.y + r.h - 1 + g->offset) - g->first_row;
  int c0 = (r.x - g->area.x) / DAMAGE_CELL, c1 = (r.x + r.w - 1 - g->area.x) / DAMAGE_CELL;
  for (gint64 row = MAX(r0, 0); row <= MIN(r1, g->rows - 1); row++)
    for (int c = c0; c <= c1 && c < g->cols; c++) {
      guint64 *cell = &g->now[row * g->cols + c];
      *cell = damage_mix(*cell, hash);
    }
}

/* Whether the last frame covered the same area with the same columns. */
static bool same_area(const DamageGrid *g)
{
  return g->have_last && memcmp(&g->last_area, &g->area, sizeof g->area) == 0;
}

gint64 damage_scroll(const DamageGrid *g)
{
  g_return_val_if_fail(g != NULL, 0);
  return same_area(g) ? g->last_offset - g->offset : 0;
}

/* Whether cell (document row @row, column @c) must be drawn again. */
static bool cell_dirty(const DamageGrid *g, bool comparable, gint64 row, int c)
{
  gint64 last = row - g->last_first_row;
  if (!comparable || last < 0 || last >= g->last_rows)
    return true;
  return g->last[last * g->cols + c] != g->now[(row - g->first_row) * g->cols + c];
}

/* Appends the dirty runs of grid row @r to @rects. */
static void add_row_runs(const DamageGrid *g, bool comparable, int r, GArray *rects)
{
  int top, bottom;
  row_span(g, g->first_row + r, &top, &bottom);
  for (int c = 0; c < g->cols;) {
    if (!cell_dirty(g, comparable, g->first_row + r, c)) {
      c++;
      continue;
    }
    int c1 = c;
    while (c1 < g->cols && cell_dirty(g, comparable, g->first_row + r, c1))
      c1++;
    int x0 = g->area.x + c * DAMAGE_CELL,
        x1 = MIN(g->area.x + c1 * DAMAGE_CELL, g->area.x + g->area.w);
    SDL_Rect rect = {x0, top, x1 - x0, bottom - top};
    if (rect.w > 0 && rect.h > 0)
      g_array_append_val(rects, rect);
    c = c1;
  }
}

void damage_end(DamageGrid *g, bool moved, GArray *rects)
{
  g_return_if_fail(g != NULL && rects != NULL);
  bool comparable = same_area(g) && (moved || g->last_offset == g->offset);
  for (int r = 0; r < g->rows; r++)
    add_row_runs(g, comparable, r, rects);
  guint64 *swap = g->last;
  g->last = g->now;
  g->now = swap;
  g->have_last = true;
  g->last_area = g->area;
  g->last_offset = g->offset;
  g->last_first_row = g->first_row;
  g->last_rows = g->rows;
}

void damage_invalidate(DamageGrid *g)
{
  g_return_if_fail(g != NULL);
  g->have_last = false;
}
