/* renderer.h — draws one frame of the editor: text, selection, cursor, scrollbar,
 * progress bar and status line.
 *
 * The renderer only reads the Editor, its Document and the View. With a GPU
 * renderer every visible DrawnGlyph becomes a textured quad of the glyph atlas;
 * the quads of one atlas page are drawn with one SDL_RenderGeometry call, so a
 * full screen of text costs one draw call per page, never one per glyph. With
 * SDL's software renderer the text area is composed in software instead
 * (compositor.h) and copied with one call. */
#ifndef GLYPHPAD_RENDERER_H
#define GLYPHPAD_RENDERER_H

#include <SDL.h>
#include <glib.h>
#include <stdbool.h>
#include "atlas.h"
#include "editor.h"
#include "uifont.h"
#include "view.h"

typedef struct Renderer Renderer;

/* Where things go in the window, in output pixels. */
typedef struct {
  SDL_Rect text;      /* the view's area; view coordinates are relative to its corner */
  SDL_Rect scrollbar; /* the scrollbar's track */
  SDL_Rect bar;       /* the rows of the prompt / question / message / find bar, right above
                       * the status line. They take their own space: the text area and the
                       * scrollbar end at bar.y. No row (h 0, bar.y == status.y) unless
                       * renderer_layout_set_bar_rows() reserved some. */
  SDL_Rect status;    /* the status line */
  SDL_Rect gutter;    /* the line numbers, left of the text (w 0: none; renderer_layout_gutter) */
  SDL_Rect panel;     /* the statistics panel (F1), below the text and above the bar
                       * (h 0: none; renderer_layout_panel) */
} RendererLayout;

/* A range of the document drawn in the match colour, under the selection (the
 * find bar's visible matches). */
typedef struct {
  DocPos start, end;
} RendererHighlight;

/* What one frame shows besides the document. */
typedef struct {
  Editor *editor;          /* the document and cursor (read only) */
  View *view;              /* scrolling and the visible DrawnGlyphs */
  const char *path;        /* the file, or NULL for "untitled" */
  bool cursor_visible;     /* the blink phase */
  const char *bar_text;    /* a prompt, question or message for the bar, or NULL; "\n"
                            * starts its next row (reserve them: renderer_layout_set_bar_rows) */
  bool bar_is_error;       /* draw the bar in the error colour */
  double progress;         /* 0..1 of loading or measuring, for the progress bar; 1: done, none */
  const char *composition; /* text an input method is composing (SDL_TEXTEDITING), or NULL */
  const RendererHighlight *highlights; /* drawn in the match colour, or NULL */
  guint n_highlights;                  /* how many */
  const char *keys_hint; /* names the shortcut panel's key ("F10 keys") in the status line,
                            * or NULL */
  const Glyph *inspected;  /* the glyph inspector's Glyph: every DrawnGlyph drawing it is
                            * highlighted; NULL: none */
  bool sharing_map;        /* tint each glyph by its Glyph's reference count (sharing_map.h) */
} RendererFrame;

/* A renderer drawing through @sdl with @atlas and @font (none owned); @density
 * is output pixels per window point (HiDPI). */
G_GNUC_WARN_UNUSED_RESULT Renderer *renderer_new(SDL_Renderer *sdl, GlyphAtlas *atlas, UiFont *font,
                                                 float density);
void renderer_free(Renderer *renderer); /* NULL is a no-op */

/* The areas for an output of @width x @height pixels with labels in @font at
 * @density pixels per point (no Renderer needed: the session is sized from it). */
void renderer_layout(const UiFont *font, float density, int width, int height, RendererLayout *out);

/* Carves a gutter for line numbers of @digits digits out of the left of
 * @layout's text area (the text moves right and narrows); @digits 0 takes it
 * away again (as renderer_layout left it). Call after renderer_layout. */
void renderer_layout_gutter(const UiFont *font, float density, int digits, RendererLayout *layout);
/* Reserves @rows rows (0: none) of the label font's height for the bar above
 * the status line, taken from the bottom of the text area and the scrollbar.
 * Returns whether the layout changed (the view's height must follow). */
/* Carves a strip @height pixels tall (0: none) for the statistics panel out
 * of the bottom of @layout's text area, gutter and scrollbar, right above the
 * bar's rows. Call after renderer_layout_set_bar_rows and before
 * renderer_layout_gutter. */
void renderer_layout_panel(RendererLayout *layout, int height);
bool renderer_layout_set_bar_rows(RendererLayout *layout, const UiFont *font, float density,
                                  int rows);

/* The scrollbar thumb of @view inside @layout's track (empty when all fits). */
void renderer_thumb_rect(const RendererLayout *layout, const View *view, SDL_Rect *thumb);

/* Draws the frame (without presenting it). Composing in software with
 * damage tracking (the default there), only what changed since the last
 * frame is drawn again, and what a scroll kept on screen is moved
 * (damage.h); anything that drew over the text area since must have said so
 * with renderer_invalidate(). Otherwise the whole frame is drawn. */
void renderer_draw(Renderer *renderer, const RendererLayout *layout, const RendererFrame *frame);
/* Shows the last frame drawn: only its changed rectangles and the chrome
 * when it drew only changes into the window's pixels
 * (SDL_UpdateWindowSurfaceRects), else SDL_RenderPresent. */
void renderer_present(Renderer *renderer);
/* Has renderer_present also send @rect, drawn after renderer_draw by someone
 * else (the statistics panel), when it sends only what changed. */
void renderer_also_show(Renderer *renderer, const SDL_Rect *rect);
/* The next frame is drawn whole: something else drew over the text area
 * (the overlay), or the window's pixels were lost (exposed, resized). */
void renderer_invalidate(Renderer *renderer);
/* Turns damage tracking off (every frame drawn whole, as a reference) or on. */
void renderer_set_damage_tracking(Renderer *renderer, bool tracking);
/* The text area's rectangles the last frame drew (its damage). */
const SDL_Rect *renderer_damage(const Renderer *renderer, guint *n);

/* Whether the text is composed in software (compositor.h) rather than drawn
 * as atlas quads: chosen by renderer_new when SDL renders in software; set it
 * to compare the two (framebench) or to test either. */
void renderer_set_compositing(Renderer *renderer, bool compositing);
bool renderer_compositing(const Renderer *renderer);

/* Draw calls made for glyphs in the last frame (one per atlas page used; when
 * compositing, one per rectangle composed), and the glyphs they drew (when
 * compositing: glyph blends, a glyph across two rectangles counting twice). */
guint renderer_glyph_draw_calls(const Renderer *renderer);
guint renderer_glyph_quads(const Renderer *renderer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Renderer, renderer_free)

#endif
