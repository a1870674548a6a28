/* choices.h — the line that lists what Tab completion could become (the open
 * prompt's file names, the font picker's families), drawn above the prompt.
 *
 * As many names as fit in the line's width, in their order, then "and N more"
 * for the rest. */
#ifndef GLYPHPAD_CHOICES_H
#define GLYPHPAD_CHOICES_H

#include <SDL.h>
#include <glib.h>
#include "uifont.h"

/* The line for @names (UTF-8 strings) in @font within @width pixels: the
 * first names that fit, three spaces apart, and "and N more" when some do not.
 * Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *choices_line(UiFont *font, const GPtrArray *names, int width);

/* Draws @line (choices_line's) on its own background in @area. */
void choices_draw(UiFont *font, SDL_Renderer *sdl, float density, const char *line,
                  const SDL_Rect *area);

#endif
