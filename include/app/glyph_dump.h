/* glyph_dump.h — the first screen's glyphs as JSON, for checking shaping
 * against HarfBuzz's hb-shape and Pango (glyphpad --headless --glyphs=json).
 *
 * {"width": W, "lines": [{"paragraph": P, "line": L, "rtl": true|false,
 *   "glyphs": [{"font": "<font file>", "face": <face index>, "id": <glyph id>,
 *               "x": <pen x, px, fractional>, "y": <baseline y, px>,
 *               "cluster": <byte offset in the paragraph's UTF-8>}, ...]}, ...]}
 * Every line that starts on the first screen (the view's height from the top),
 * glyphs in visual order (left to right); x includes HarfBuzz's offset; the box
 * of a cluster no font covers has id -1 and the font of the style asked. */
#ifndef GLYPHPAD_GLYPH_DUMP_H
#define GLYPHPAD_GLYPH_DUMP_H

#include <glib.h>
#include "session.h"

/* The dump of @session's first screen, one line of JSON. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *glyph_dump_json(Session *session);

#endif
