/* preedit.h — the text an input method is composing, drawn at the cursor.
 *
 * While an input method composes (Japanese, Chinese, Korean, dead-key
 * sequences), SDL sends the unfinished text in SDL_TEXTEDITING events; it is
 * not document text yet, so it must not create Glyphs (the overlay's counts
 * are the document's). It is drawn through the label text stack (uifont.h:
 * its own factory and atlas, shaped like the document) in the typing style's
 * family and size, on a highlighted box and underlined, the way editors show
 * composition. */
#ifndef GLYPHPAD_PREEDIT_H
#define GLYPHPAD_PREEDIT_H

#include <SDL.h>
#include <glib.h>
#include "typeface.h"

typedef struct PreeditLabel PreeditLabel;

/* A label drawing through @renderer (not owned). */
G_GNUC_WARN_UNUSED_RESULT PreeditLabel *preedit_label_new(SDL_Renderer *renderer);
void preedit_label_free(PreeditLabel *label); /* NULL is a no-op */

/* Draws @text (UTF-8; nothing when empty) in @face (or its fallback) at @px
 * pixels, its box's top-left at (@x, @top), @height tall (the cursor's line).
 * Returns the box's width, 0 when nothing was drawn (no text, or the family
 * cannot be opened: a warning). */
int preedit_label_draw(PreeditLabel *label, Typeface *face, unsigned px, const char *text, int x,
                       int top, int height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PreeditLabel, preedit_label_free)

#endif
