/* atlas_view.c — the atlas pages with their cells outlined (atlas_view.h).
 *
 * A page is drawn from its own texture (white coverage in alpha) over black,
 * scaled to its square in the grid; each cell of atlas_cells() is outlined
 * on it at the same scale: the free ones, then the slots in use, then the
 * evicted ones, so the newest news is on top. */
#include "atlas_view.h"

#include <math.h>

const SDL_Color ATLAS_VIEW_USED = {90, 230, 120, 255};
const SDL_Color ATLAS_VIEW_FREE = {130, 130, 140, 255};
const SDL_Color ATLAS_VIEW_EVICTED = {255, 70, 70, 255};
static const SDL_Color BACKGROUND = {22, 24, 30, 255};
static const SDL_Color TITLE = {255, 214, 102, 255};
static const SDL_Color TEXT = {225, 228, 235, 255};

SDL_Rect atlas_view_page_rect(const SDL_Rect *area, int header, guint page, guint n_pages)
{
  guint cols = (guint)ceil(sqrt((double)MAX(n_pages, 1u) * area->w / MAX(area->h - header, 1)));
  cols = CLAMP(cols, 1u, MAX(n_pages, 1u));
  guint rows = (MAX(n_pages, 1u) + cols - 1) / cols;
  int gap = 8, size = MIN((area->w - gap * (int)(cols + 1)) / (int)cols,
                          (area->h - header - gap * (int)(rows + 1)) / (int)rows);
  size = MAX(size, 1);
  return (SDL_Rect){area->x + gap + (int)(page % cols) * (size + gap),
                    area->y + header + gap + (int)(page / cols) * (size + gap), size, size};
}

int atlas_view_header(UiFont *font, float density)
{
  return 3 * uifont_line_height(font) + (int)(8 * density);
}

/* Scaled from ATLAS_PAGE_SIZE to the page's square. */
SDL_Rect atlas_view_cell_rect(const SDL_Rect *page_rect, const SDL_Rect *cell)
{
  double k = (double)page_rect->w / ATLAS_PAGE_SIZE;
  int x0 = page_rect->x + (int)floor(cell->x * k), y0 = page_rect->y + (int)floor(cell->y * k);
  int x1 = page_rect->x + (int)ceil((cell->x + cell->w) * k);
  int y1 = page_rect->y + (int)ceil((cell->y + cell->h) * k);
  return (SDL_Rect){x0, y0, MAX(x1 - x0, 1), MAX(y1 - y0, 1)};
}

/* A used cell's colour: full when drawn in the last frame, dimmer as it idles. */
static SDL_Color used_colour(guint64 idle_frames)
{
  double k = idle_frames == 0 ? 1.0 : MAX(0.35, 0.85 - log2((double)idle_frames) / 10.0);
  return (SDL_Color){(Uint8)(ATLAS_VIEW_USED.r * k), (Uint8)(ATLAS_VIEW_USED.g * k),
                     (Uint8)(ATLAS_VIEW_USED.b * k), 255};
}

static void outline(SDL_Renderer *sdl, const SDL_Rect *r, SDL_Color c)
{
  SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, c.a);
  SDL_RenderDrawRect(sdl, r);
}

static void draw_cells(SDL_Renderer *sdl, const GArray *cells, const SDL_Rect *area, int header,
                       guint n_pages, AtlasCellKind kind)
{
  for (guint i = 0; i < cells->len; i++) {
    const AtlasCell *c = &g_array_index(cells, AtlasCell, i);
    if (c->kind != kind)
      continue;
    SDL_Rect page = atlas_view_page_rect(area, header, c->page, n_pages);
    SDL_Rect r = atlas_view_cell_rect(&page, &c->rect);
    outline(sdl, &r,
            kind == ATLAS_CELL_USED   ? used_colour(c->idle_frames)
            : kind == ATLAS_CELL_FREE ? ATLAS_VIEW_FREE
                                      : ATLAS_VIEW_EVICTED);
  }
}

void atlas_view_draw(UiFont *font, SDL_Renderer *sdl, float density, const GlyphAtlas *atlas,
                     const SDL_Rect *area)
{
  g_return_if_fail(font != NULL && sdl != NULL && atlas != NULL && area != NULL);
  SDL_SetRenderDrawColor(sdl, BACKGROUND.r, BACKGROUND.g, BACKGROUND.b, 255);
  SDL_RenderFillRect(sdl, area);
  SDL_RenderSetClipRect(sdl, area);
  AtlasStats st;
  atlas_get_stats(atlas, &st);
  int lh = uifont_line_height(font), pad = (int)(8 * density);
  int header = atlas_view_header(font, density);
  g_autofree char *title = g_strdup_printf("Glyph atlas (F8 closes): %" G_GUINT64_FORMAT
                                           " pages of %d px, %" G_GUINT64_FORMAT
                                           " slots in use, %" G_GUINT64_FORMAT
                                           " uploads, %" G_GUINT64_FORMAT " evictions",
                                           st.pages, ATLAS_PAGE_SIZE, st.slots, st.misses,
                                           st.evictions);
  uifont_draw(font, area->x + pad, area->y + pad, title, TITLE);
  int x = area->x + pad, y = area->y + pad + lh;
  x = uifont_draw(font, x, y, "in use (dimmer: idle longer)", ATLAS_VIEW_USED) + 3 * pad;
  x = uifont_draw(font, x, y, "free", ATLAS_VIEW_FREE) + 3 * pad;
  uifont_draw(font, x, y, "evicted by the LRU (the last 256)", ATLAS_VIEW_EVICTED);
  guint n = atlas_page_count(atlas);
  if (n == 0) {
    uifont_draw(font, area->x + pad, y + 2 * lh,
                "The atlas is empty: with no GPU, the compositor blends each Glyph's own bitmap",
                TEXT);
    uifont_draw(font, area->x + pad, y + 3 * lh,
                "straight into the window. Start with --renderer opengl to watch the atlas work.",
                TEXT);
    SDL_RenderSetClipRect(sdl, NULL);
    return;
  }
  for (guint p = 0; p < n; p++) {
    SDL_Rect page = atlas_view_page_rect(area, header, p, n);
    SDL_SetRenderDrawColor(sdl, 0, 0, 0, 255);
    SDL_RenderFillRect(sdl, &page);
    SDL_RenderCopy(sdl, atlas_page_texture(atlas, p), NULL, &page);
  }
  g_autoptr(GArray) cells = g_array_new(FALSE, FALSE, sizeof(AtlasCell));
  atlas_cells(atlas, cells);
  draw_cells(sdl, cells, area, header, n, ATLAS_CELL_FREE);
  draw_cells(sdl, cells, area, header, n, ATLAS_CELL_USED);
  draw_cells(sdl, cells, area, header, n, ATLAS_CELL_EVICTED);
  SDL_RenderSetClipRect(sdl, NULL);
}
