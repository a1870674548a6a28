/* uifont.h — the window's own labels (status line, bar, prompts, overlay),
 * drawn through the same text stack as the document.
 *
 * A label is laid out like a one-paragraph document (layout.h): shaped by
 * HarfBuzz with a font per grapheme cluster, bidi-ordered, never wrapped, so
 * "Документ café.txt", an Arabic file name and the curly quotes of a message
 * show as they are. The labels have their own GlyphFactory, word cache and
 * atlas: the chrome must not change the counts the overlay shows of the
 * document's flyweights. Their glyphs are pinned once drawn (the labels'
 * character set is small and they are redrawn every frame). */
#ifndef GLYPHPAD_UIFONT_H
#define GLYPHPAD_UIFONT_H

#include <SDL.h>
#include <glib.h>

typedef struct UiFont UiFont;

/* Labels in @family at @px pixels, drawn with @renderer (not owned). NULL with
 * @error when the family is not installed or the text stack cannot start.
 * Free with uifont_free(). */
G_GNUC_WARN_UNUSED_RESULT UiFont *uifont_new(SDL_Renderer *renderer, const char *family, int px,
                                             GError **error);
void uifont_free(UiFont *font); /* NULL is a no-op */

int uifont_line_height(const UiFont *font);
/* The width of @text as uifont_draw() would draw it, pixels. */
int uifont_text_width(UiFont *font, const char *text);
/* Draws @text (UTF-8, one line) with its top-left corner at (@x, @y) in
 * @color (colour glyphs keep their colours); returns the pen x after it. */
int uifont_draw(UiFont *font, int x, int y, const char *text, SDL_Color color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(UiFont, uifont_free)

#endif
