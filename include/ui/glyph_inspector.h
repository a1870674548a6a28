/* glyph_inspector.h — the glyph inspector's card (Alt+click, or F7 and
 * point): a Glyph's key and intrinsic state, its bitmap magnified as a pixel
 * grid, and its DrawnGlyph's extrinsic x/y, drawn beside the glyph so that it
 * never covers it. The data is glyph_sharing.h's GlyphCard; the renderer
 * highlights the other occurrences (RendererFrame.inspected). */
#ifndef GLYPHPAD_GLYPH_INSPECTOR_H
#define GLYPHPAD_GLYPH_INSPECTOR_H

#include <SDL.h>
#include "glyph_sharing.h"
#include "uifont.h"

/* Draws @card with @font at @density output pixels per point beside @cell
 * (the glyph's cell, output pixels), inside @bounds: right of the cell, else
 * left of it, else below or above it. */
void glyph_inspector_draw(UiFont *font, SDL_Renderer *sdl, float density, const GlyphCard *card,
                          const SDL_Rect *cell, const SDL_Rect *bounds);

#endif
