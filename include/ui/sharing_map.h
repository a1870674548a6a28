/* sharing_map.h — the sharing map (F6): every drawn glyph tinted by how many
 * references its Glyph has, in log2 buckets (glyph_sharing.h), and the
 * legend naming the buckets and their colours.
 *
 * The renderer asks for a glyph's colour (both of its paths: the compositor
 * and the atlas quads' vertex colour); the window draws the legend over the
 * text area's bottom right corner. */
#ifndef GLYPHPAD_SHARING_MAP_H
#define GLYPHPAD_SHARING_MAP_H

#include <SDL.h>
#include <stdbool.h>
#include "glyph_sharing.h"
#include "uifont.h"

/* The colour of bucket @bucket (0: one reference, red, to the last: 1024 and
 * more, purple): dark enough to read on the text's light background. */
SDL_Color sharing_map_color(guint bucket);
/* The colour of a glyph with @refcount references. */
SDL_Color sharing_map_refcount_color(guint32 refcount);

/* Draws the legend (a swatch and the counts of each bucket) with @font at
 * @density output pixels per point in the bottom right corner of @area;
 * @sharing false adds that the flyweight is off (every Glyph private). */
void sharing_map_draw_legend(UiFont *font, SDL_Renderer *sdl, float density, const SDL_Rect *area,
                             bool sharing);

#endif
