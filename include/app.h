/* app.h — the SDL window: event loop, drawing, and the overlay.
 *
 * Only built with the GUI (meson defines GLYPHPAD_WITH_GUI for main.c then).
 * The window opens a Session (cli.h) from the parsed options and maps SDL
 * events to editor commands. */
#ifndef GLYPHPAD_APP_H
#define GLYPHPAD_APP_H

#include "cli.h"

/* Opens the window for @opts and runs until it is closed; returns the process
 * exit status (0 success, non-zero with a message on stderr on failure). */
int app_run(const CliOptions *opts);

#endif
