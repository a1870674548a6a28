/* stats_dump.h — --stats-dump FILE: the session's statistics plus the window's
 * own (atlas, draw calls, modified, loading, held input, the open question, the
 * first-text time) as one JSON object, written on F12 and on exit. Tests and
 * tools/measure-first-screen.sh read it. */
#ifndef GLYPHPAD_WINDOW_STATS_DUMP_H
#define GLYPHPAD_WINDOW_STATS_DUMP_H

#include "app.h"

/* Writes the file given with --stats-dump; false when none was given or it
 * cannot be written (then the bar says why). */
bool stats_dump_write(App *app);

#endif
