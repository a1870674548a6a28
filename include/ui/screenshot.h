/* screenshot.h — the frame drawn so far, read back and written as a PNG file. */
#ifndef GLYPHPAD_SCREENSHOT_H
#define GLYPHPAD_SCREENSHOT_H

#include <SDL.h>
#include <glib.h>
#include <stdbool.h>

/* Saves what has been drawn (before presenting) as PNG, or BMP when @path ends
 * in ".bmp". False with @error when it cannot be read back or written. */
bool screenshot_save(SDL_Renderer *sdl, const char *path, GError **error);

#endif
