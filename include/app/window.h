/* app.h — the SDL window: event loop, drawing, and the overlay.
 *
 * Only built with the GUI (meson defines GLYPHPAD_WITH_GUI for main.c then).
 * The window opens a Session (cli.h) from the parsed options and maps SDL
 * events to editor commands. */
#ifndef GLYPHPAD_APP_H
#define GLYPHPAD_APP_H

#include "session.h"

/* Opens the window for @opts and runs until it is closed; returns the process
 * exit status (0 success, non-zero with a message on stderr on failure). */
int app_run(const CliOptions *opts);

/* Whether a GPU render node exists (/dev/dri/renderD*). */
bool app_have_gpu(void);
/* Chooses SDL's render driver before a renderer is made: @name when given,
 * else SDL_RENDER_DRIVER when set, else "software" where there is no GPU
 * (SDL's OpenGL path would load Mesa's llvmpipe: ~100 MiB for no gain). */
void app_choose_renderer(const char *name);

#endif
