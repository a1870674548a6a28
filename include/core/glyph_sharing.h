/* glyph_sharing.h — what the glyph inspector and the sharing map show: the
 * Glyph under a point of the view with its intrinsic and extrinsic state, how
 * many of the screen's DrawnGlyphs draw it, and the log2 bucket of a
 * reference count.
 *
 * Only reads the View's pieces (view_visible): hit testing is data, so it is
 * here and tested without SDL; the ui layer draws the card and the tints, the
 * window decides when (keys, mouse). A GlyphCard points into the view's
 * layout: it is valid until the view lays out again (an edit, a scroll, a
 * resize), so the window makes one per frame. */
#ifndef GLYPHPAD_GLYPH_SHARING_H
#define GLYPHPAD_GLYPH_SHARING_H

#include <glib.h>
#include <stdbool.h>
#include "glyph_factory.h"
#include "view.h"

/* Buckets of reference counts: 1, 2-3, 4-7, ..., 512-1023, 1024 and more. */
#define GLYPH_SHARING_BUCKETS 11

/* One character on screen, as the inspector shows it. */
typedef struct {
  const Glyph *glyph; /* the flyweight: key and intrinsic state (not owned) */
  const char *family; /* its face's family (the factory's typeface; not owned) */
  unsigned px;        /* its style's pixel size */
  gsize bytes;        /* its intrinsic bytes (struct and bitmap) */
  guint32 refcount;   /* live references to it (glyph_factory: exact) */
  guint32 users;      /* of them, the occurrences' (glyph_sharing_users) */
  guint on_screen;    /* DrawnGlyphs of the view's pieces that draw this Glyph */
  bool is_private;    /* a private copy (flyweight off): shared with nobody */
  guint32 para;       /* the paragraph it is in */
  guint32 cluster;    /* byte offset of its cluster in that paragraph */
  int x;              /* the DrawnGlyph's x: pen's whole pixel from the paragraph's left */
  int y;              /* the DrawnGlyph's y: baseline from its piece's top */
  int cell_x, cell_y; /* its cell on screen, view coordinates: pen to pen + advance, */
  int cell_w, cell_h; /* the height of its line */
} GlyphCard;

/* The card of the glyph under view point (@x, @y) (view coordinates: 0,0 is
 * the text area's top-left), with @factory for its style's name and size.
 * The glyph whose pen-to-advance span on its line holds the point; where
 * several do (a mark over its base), the one whose bitmap holds it. False
 * when no glyph is there (past a line's end, between paragraphs). */
bool glyph_sharing_card_at(View *view, const GlyphFactory *factory, int x, int y, GlyphCard *out);

/* The references to @glyph that glyph occurrences hold: its reference count,
 * less the one its owner keeps when it is a private copy (flyweight off: the
 * view's private store), so a private Glyph counts 1 like a shared Glyph
 * drawn once. What the sharing map tints by. */
guint32 glyph_sharing_users(const Glyph *glyph);

/* How many DrawnGlyphs of the view's pieces draw @glyph. */
guint glyph_sharing_on_screen(View *view, const Glyph *glyph);

/* The bucket of @refcount: floor(log2), 0 for 0 and 1, the last for 1024
 * and more. */
guint glyph_sharing_bucket(guint32 refcount);
/* The counts of bucket @bucket: [*lo, *hi], *hi G_MAXUINT32 for the last. */
void glyph_sharing_bucket_range(guint bucket, guint32 *lo, guint32 *hi);

#endif
