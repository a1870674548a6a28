/* overlay.h — the F1 panel: live flyweight statistics and a memory graph.
 *
 * Drawn over the text every frame while visible, on a translucent dark panel so
 * it stays readable over any text. It keeps its own history of heap samples
 * (the last OVERLAY_HISTORY_MS) and the moments the flyweight was toggled, so the
 * graph shows the step F2 causes, and the last toggle's measured before/after
 * next to the formula's prediction. */
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

/* Records a heap sample at @now_ms (ignored when the last is under OVERLAY_SAMPLE_MS old). */
void overlay_sample(Overlay *overlay, guint64 now_ms, guint64 heap_bytes);
/* Records a flyweight toggle at @now_ms with the figures measured around it. */
void overlay_mark_toggle(Overlay *overlay, guint64 now_ms, const MemStats *before,
                         const MemStats *after);

/* Draws the panel in the top right of an output @width x @height. */
void overlay_draw(Overlay *overlay, SDL_Renderer *sdl, const OverlayFrame *frame, int width,
                  int height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Overlay, overlay_free)

#endif
