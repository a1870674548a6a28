/* atlas.h — the glyph atlas: Glyph bitmaps packed into a few SDL textures.
 *
 * Each live Glyph that has been drawn owns one slot (its atlas_slot field is the
 * slot index, -1 when it has none). Pages are RGBA textures holding white with
 * the coverage in alpha, so grey and colour (emoji) glyphs share one texture and
 * one draw call: the vertex colour tints grey glyphs and is white for colour
 * ones. Slots are shelf-packed; a slot is freed when the factory frees its glyph
 * (release callback). When every page is full, the least recently drawn slots
 * are evicted. Capacity is fixed: at most ATLAS_MAX_PAGES pages (checked).
 * Pages are made on demand, and a page other than the first that has no slot
 * in use when a frame begins is destroyed. */
#ifndef GLYPHPAD_ATLAS_H
#define GLYPHPAD_ATLAS_H

#include <SDL.h>
#include <glib.h>
#include <stdbool.h>
#include "glyph_factory.h"

#define ATLAS_PAGE_SIZE 512 /* pixels a side: 1 MiB a page, made on demand */
#define ATLAS_MAX_PAGES 16

typedef struct GlyphAtlas GlyphAtlas;

/* Where a glyph's bitmap is: a page and a rectangle in it. */
typedef struct {
  int page;      /* texture index, 0..atlas_page_count()-1 */
  SDL_Rect rect; /* the bitmap's pixels in that page */
  bool color;    /* a colour bitmap: draw with a white vertex colour */
} AtlasEntry;

typedef struct {
  guint64 hits;      /* lookups of a glyph already in the atlas */
  guint64 misses;    /* lookups that had to upload the bitmap */
  guint64 evictions; /* slots taken back from live glyphs because pages were full */
  guint64 slots;     /* slots in use now */
  guint64 pages;     /* textures made */
  guint64 bytes;     /* texture memory, 4 bytes a pixel */
} AtlasStats;

/* A new, empty atlas drawing with @renderer for glyphs of @factory (both not
 * owned; the factory must outlive the atlas or be freed after it). */
G_GNUC_WARN_UNUSED_RESULT GlyphAtlas *atlas_new(SDL_Renderer *renderer, GlyphFactory *factory);
/* Frees the textures and clears every glyph's slot. NULL is a no-op. */
void atlas_free(GlyphAtlas *atlas);

/* Starts a frame: slots used from now on are "recently drawn" and are not evicted
 * until the next frame. Empty pages (but the first) are destroyed first: a
 * page index from an earlier frame may then name another page. */
void atlas_begin_frame(GlyphAtlas *atlas);

/* Takes every slot back (their glyphs are uploaded again when next drawn), so
 * the next frame's atlas_begin_frame() destroys every page but the first.
 * Between frames, after the glyphs drawn changed wholesale (the flyweight
 * switched): the new ones were uploaded while the old still held their
 * slots, and would keep the pages that grew for them. */
void atlas_evict_all(GlyphAtlas *atlas);

/* Finds or uploads @glyph. False when it has no pixels (a space) or cannot be
 * placed this frame (every page full of glyphs drawn this frame). */
bool atlas_lookup(GlyphAtlas *atlas, Glyph *glyph, AtlasEntry *out);

guint atlas_page_count(const GlyphAtlas *atlas);
SDL_Texture *atlas_page_texture(const GlyphAtlas *atlas, guint page);
void atlas_get_stats(const GlyphAtlas *atlas, AtlasStats *out);

#define ATLAS_EVICTIONS_KEPT 256 /* the last evicted cells the atlas view shows */

/* What a cell of a page holds, for the atlas view (F8). */
typedef enum {
  ATLAS_CELL_USED,    /* a live glyph's bitmap */
  ATLAS_CELL_FREE,    /* freed, waiting to be reused */
  ATLAS_CELL_EVICTED, /* one of the last ATLAS_EVICTIONS_KEPT cells taken back by the LRU */
} AtlasCellKind;

typedef struct {
  guint page;
  SDL_Rect rect; /* in the page */
  AtlasCellKind kind;
  guint64 idle_frames; /* USED: frames since its glyph was last drawn */
} AtlasCell;

/* Appends every page's cells to @out (AtlasCell): the slots in use, the free
 * cells, and the cells of the last evictions on pages that still exist (an
 * evicted cell may since hold another glyph: both are listed). */
void atlas_cells(const GlyphAtlas *atlas, GArray *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(GlyphAtlas, atlas_free)

#endif
