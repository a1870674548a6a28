/* window.h — the SDL window: the editor people use.
 *
 * Only built with the GUI (meson defines GLYPHPAD_WITH_GUI for main.c then).
 * The window opens a Session (session.h) from the parsed options, draws it
 * with the ui layer and maps SDL events to editor commands. Its modules live in
 * src/app/window/ (see app.h there for how they call each other). */
#ifndef GLYPHPAD_WINDOW_H
#define GLYPHPAD_WINDOW_H

#include <stdbool.h>
#include "cli.h"

/* Opens the window for @opts and runs until it is closed; returns the process
 * exit status (0 success, non-zero with a message on stderr on failure). */
int window_run(const CliOptions *opts);

/* Whether a GPU render node exists (/dev/dri/renderD*). */
bool window_have_gpu(void);
/* Chooses SDL's render driver before a renderer is made: @name when given,
 * else SDL_RENDER_DRIVER when set, else "software" where there is no GPU
 * (SDL's OpenGL path would load Mesa's llvmpipe: ~100 MiB for no gain). */
void window_choose_renderer(const char *name);

#endif
