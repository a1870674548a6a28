/* rect.h — rectangle arithmetic inlined where it runs per glyph.
 *
 * SDL_IntersectRect does the same, but as a call into the shared library:
 * the compositor clips every glyph twice (to the target and to the band)
 * and damage tracking once, and at a few thousand glyphs a frame the calls
 * were a measurable part of it. */
#ifndef GLYPHPAD_RECT_H
#define GLYPHPAD_RECT_H

#include <SDL.h>
#include <stdbool.h>

/* The part of @a inside @b into *@out; false (and *@out empty) when none.
 * @out may be @a or @b. */
static inline bool rect_intersect(const SDL_Rect *a, const SDL_Rect *b, SDL_Rect *out)
{
  int x0 = a->x > b->x ? a->x : b->x, y0 = a->y > b->y ? a->y : b->y;
  int x1 = a->x + a->w < b->x + b->w ? a->x + a->w : b->x + b->w;
  int y1 = a->y + a->h < b->y + b->h ? a->y + a->h : b->y + b->h;
  bool some = a->w > 0 && a->h > 0 && b->w > 0 && b->h > 0 && x1 > x0 && y1 > y0;
  *out = some ? (SDL_Rect){x0, y0, x1 - x0, y1 - y0} : (SDL_Rect){x0, y0, 0, 0};
  return some;
}

#endif
