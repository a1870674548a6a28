/* uifont.h — the window's own labels (status line, prompts, overlay).
 *
 * The editor's chrome must not create Glyphs (that would change the counts the
 * overlay shows), so it draws with SDL_ttf: printable ASCII of one monospace
 * font rendered once into a small texture, and strings drawn from it with one
 * SDL_RenderGeometry call each. Other characters draw as '?'. */
#ifndef GLYPHPAD_UIFONT_H
#define GLYPHPAD_UIFONT_H

#include <SDL.h>
#include <glib.h>

typedef struct UiFont UiFont;

/* The font file at @path at @px pixels, for @renderer (not owned). NULL with
 * @error when SDL_ttf cannot open it. Free with uifont_free(). */
G_GNUC_WARN_UNUSED_RESULT UiFont *uifont_new(SDL_Renderer *renderer, const char *path, int px,
                                             GError **error);
void uifont_free(UiFont *font); /* NULL is a no-op */

int uifont_line_height(const UiFont *font);
int uifont_text_width(const UiFont *font, const char *text);
/* Draws @text with its top-left corner at (@x, @y); returns the pen x after it. */
int uifont_draw(UiFont *font, int x, int y, const char *text, SDL_Color color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(UiFont, uifont_free)

#endif
