/* overlay.h — the F1 statistics panel: live flyweight statistics, the
 * formula, and two charts, docked below the text.
 *
 * The panel takes its own strip of the window between the text and the bar
 * (renderer_layout_panel), so it never covers text, and is drawn with the
 * labels' text stack (uifont.h: shaped like the document). Its text comes
 * in sections (overlay_lines()), each row a label and a value read straight
 * from MemStats and the factory; beside the text, a bar chart of memory with
 * the flyweight on and off (predicted by the formula, and measured: the heap
 * last seen in each mode) and a timeline of the heap over the last minute
 * with real axes and a mark at each F2.
 *
 * The panel keeps its own history of heap samples (the last
 * OVERLAY_HISTORY_MS) and the moments the flyweight was toggled. */
#ifndef GLYPHPAD_OVERLAY_H
#define GLYPHPAD_OVERLAY_H

#include <SDL.h>
#include <glib.h>
#include "atlas.h"
#include "glyph_factory.h"
#include "memstats.h"
#include "uifont.h"

#define OVERLAY_HISTORY_MS 60000
#define OVERLAY_SAMPLE_MS 250 /* the graph's resolution */

typedef struct Overlay Overlay;

/* Everything one frame of the panel shows. */
typedef struct {
  const MemStats *stats;       /* counts and measured memory, this frame */
  const GlyphFactory *factory; /* per-style counts and style names */
  AtlasStats atlas;            /* atlas slots and evictions */
  double frame_ms;             /* time to draw the last frame */
  guint draw_calls, quads;     /* glyph draw calls and quads of the last frame */
  guint64 now_ms;              /* monotonic now, for the graph */
} OverlayFrame;

/* A panel drawing with @font (not owned), @density output pixels per point. */
G_GNUC_WARN_UNUSED_RESULT Overlay *overlay_new(UiFont *font, float density);
void overlay_free(Overlay *overlay); /* NULL is a no-op */

/* Whether a heap sample at @now_ms would be kept: the last is
 * OVERLAY_SAMPLE_MS old (measuring the heap walks the allocator's bins, so
 * the loop asks first rather than measuring every turn). */
bool overlay_sample_due(const Overlay *overlay, guint64 now_ms);
/* Records a heap sample at @now_ms (ignored when not due), taken with the
 * flyweight @on or off. */
void overlay_sample(Overlay *overlay, guint64 now_ms, guint64 heap_bytes, bool on);
/* Records a flyweight toggle at @now_ms with the figures measured around it. */
void overlay_mark_toggle(Overlay *overlay, guint64 now_ms, const MemStats *before,
                         const MemStats *after);

/* The panel's height in a window of @window_height output pixels (the
 * strip renderer_layout_panel carves). */
int overlay_height(const Overlay *overlay, int window_height);

/* The panel's text, as drawn: "# Heading" lines, and rows "label\tvalue".
 * Free with g_ptr_array_unref. */
G_GNUC_WARN_UNUSED_RESULT GPtrArray *overlay_lines(Overlay *overlay, const OverlayFrame *frame);

/* The heap the panel last saw with the flyweight @on or off (0: not yet). */
guint64 overlay_measured(const Overlay *overlay, bool on);

/* Draws the panel into @area. */
void overlay_draw(Overlay *overlay, SDL_Renderer *sdl, const OverlayFrame *frame,
                  const SDL_Rect *area);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Overlay, overlay_free)

#endif
