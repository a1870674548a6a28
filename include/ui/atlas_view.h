/* atlas_view.h — the glyph atlas as it is (F8): each page's texture, its cells
 * outlined by what they hold, so the LRU can be watched at work.
 *
 * Green: a slot in use, bright when its glyph was drawn in the last frame and
 * fading as it idles (the LRU evicts the dimmest first); grey: a freed cell
 * waiting to be reused; red: one of the last cells the LRU took back. With no
 * GPU the compositor blends each Glyph's own bitmap and the atlas stays empty:
 * the view says so, and how to see it at work (--renderer opengl). */
#ifndef GLYPHPAD_ATLAS_VIEW_H
#define GLYPHPAD_ATLAS_VIEW_H

#include <SDL.h>
#include "atlas.h"
#include "uifont.h"

extern const SDL_Color ATLAS_VIEW_USED, ATLAS_VIEW_FREE, ATLAS_VIEW_EVICTED;

/* The height of the view's title and legend, above the pages. */
int atlas_view_header(UiFont *font, float density);
/* Where page @page of @n_pages is drawn in @area (below a header of @header
 * pixels): square, in a grid, as large as fits. */
SDL_Rect atlas_view_page_rect(const SDL_Rect *area, int header, guint page, guint n_pages);
/* Where @cell of a page drawn at @page_rect is outlined. */
SDL_Rect atlas_view_cell_rect(const SDL_Rect *page_rect, const SDL_Rect *cell);

/* Draws the view over @area with @font (@density output pixels per point). */
void atlas_view_draw(UiFont *font, SDL_Renderer *sdl, float density, const GlyphAtlas *atlas,
                     const SDL_Rect *area);

#endif
