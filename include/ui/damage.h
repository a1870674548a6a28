/* damage.h — which parts of the text area changed since the last frame.
 *
 * The text area is a window onto the document: its pixel row y shows
 * document row y + offset (the scroll position). It is cut into square
 * cells anchored to the document, not to the window, and each frame every
 * drawing command (a glyph, a selection or highlight rectangle, the caret)
 * adds a hash of what it draws and where, in document
 * coordinates, into the cells it touches, as lite's rencache does with
 * window cells. A cell whose hash is the last frame's shows the same pixels:
 * after a scroll the cells still on screen keep their hashes, so once the
 * caller has moved the pixels that stay (by damage_scroll()), only the cells
 * newly exposed, and those whose content changed, are drawn again.
 *
 * A cell's hash also covers how much of it is visible (the rows at the
 * area's top and bottom edges), so a cell cut by an edge is drawn again when
 * the cut moves. Capacity: two arrays of one 64-bit hash per cell of the
 * area (1080p: about 30 x 17 cells of 64 px), remade when the area changes. */
#ifndef GLYPHPAD_DAMAGE_H
#define GLYPHPAD_DAMAGE_H

#include <SDL.h>
#include <glib.h>
#include <stdbool.h>

#define DAMAGE_CELL 64 /* pixels a side */

typedef struct DamageGrid DamageGrid;

/* A grid with no last frame (the first frame is drawn whole). Free with
 * damage_grid_free(). */
G_GNUC_WARN_UNUSED_RESULT DamageGrid *damage_grid_new(void);
void damage_grid_free(DamageGrid *grid); /* NULL is a no-op */

/* Starts a frame of @area (window pixels) whose pixel row y shows document
 * row y + @offset. */
void damage_begin(DamageGrid *grid, const SDL_Rect *area, gint64 offset);
/* Adds a command drawing @rect (window pixels; clipped to the area) whose
 * look is @hash (everything that decides its pixels but its position). */
void damage_add(DamageGrid *grid, const SDL_Rect *rect, guint64 hash);
/* How far the pixels the last frame drew must move down (negative: up) to
 * show this frame's document rows: the last offset less this one. 0 when
 * nothing moved, or when the last frame was of another area. */
gint64 damage_scroll(const DamageGrid *grid);
/* Ends the frame: appends to @rects (SDL_Rect) the window rectangles to draw
 * again, merged along rows. @moved: the caller moved the pixels by
 * damage_scroll() (else a scroll makes every cell dirty). Keeps this frame's
 * hashes for the next. */
void damage_end(DamageGrid *grid, bool moved, GArray *rects);
/* Forgets the last frame: the next is drawn whole (its pixels were changed
 * by someone else, or lost). */
void damage_invalidate(DamageGrid *grid);

/* One 64-bit word mixed into @hash: a multiply and a fold of the high half
 * into the low, so that every bit of the word reaches every bit of the hash
 * within two words. For telling frames apart, not for an adversary. A word
 * at a time, not FNV's byte at a time: a full frame hashes every glyph into
 * every cell it touches, and the byte loop (a multiply's latency per byte)
 * was a fifth of such a frame. */
static inline guint64 damage_mix(guint64 hash, guint64 word)
{
  hash = (hash ^ word) * G_GUINT64_CONSTANT(0x9e3779b97f4a7c15);
  return hash ^ (hash >> 29);
}
/* A hash of @n bytes at @data mixed into @hash, by damage_mix() a word at a
 * time. */
guint64 damage_hash(guint64 hash, const void *data, gsize n);
#define DAMAGE_HASH_INIT G_GUINT64_CONSTANT(0xcbf29ce484222325)

#endif
