/* view_private.h — the View's fields and the helpers that view.c (heights,
 * measuring, the screen, the flyweight) and view_caret.c (positions and
 * moves on screen) share. Not for other modules: view.h is the interface. */
#ifndef GLYPHPAD_VIEW_PRIVATE_H
#define GLYPHPAD_VIEW_PRIVATE_H

#include "height_index.h"
#include "view.h"

typedef struct {
  guint32 para, first_line, n_lines, from;
  LaidOut out; /* the glyphs (referenced), their places and the lines */
} CacheEntry;

struct View {
  Document *doc;           /* not owned */
  Layout *layout;          /* not owned */
  GlyphFactory *factory;   /* the document's */
  PrivateGlyphs *privates; /* flyweight off: the private store; NULL when on */
  bool building;           /* @privates is still being built in steps (view_sharing_step) */
  GPtrArray *leaving;      /* PrivateGlyphs* being given back in steps (flyweight going on) */
  guint64 leaving_glyphs;  /* their glyphs when they started to go: the progress's 0 */
  guint observer;          /* our document observer */
  int width, height;       /* pixels */
  HeightIndex *heights;    /* pixel height per paragraph */
  GArray *measured;        /* guint8 per paragraph: 0 when not measured at this width, else
                            * 1 + its line metrics' index in @metrics */
  GArray *metrics;         /* LineMetrics: the distinct ones of measured paragraphs */
  guint32 pending_appends; /* paragraphs appended but not yet in the index */
  guint32 measure_cursor;  /* background measuring goes on from here */
  guint32 unmeasured;      /* how many are not measured */
  GHashTable *wraps;       /* paragraph index -> GArray of line starts (long paragraphs) */
  gint64 scroll_y;         /* document y at the top of the screen */
  GArray *cache;           /* CacheEntry */
  GArray *pieces;          /* ViewPiece, the last view_visible answer */
  GArray *scratch;         /* line starts of a short paragraph */
};

/* Splices batched appends into the index (one linear pass for a whole load). */
void view_flush_appends(View *view);
/* The line metrics of @para: measured, or its styles' until it is. */
LineMetrics view_metrics_of(View *view, guint32 para);
/* Measures @para unless it is measured at this width. */
void view_measure_if_needed(View *view, guint32 para);
/* Line starts of @para (offset of line 0 is 0, not stored): kept, or computed
 * into a scratch array that the next call reuses. */
const GArray *view_starts_of(View *view, guint32 para);
/* Where line @line starts, from @starts. */
guint32 view_start_of_line(const GArray *starts, guint32 line);
/* The wrapped line that holds byte @offset, from @starts. */
guint32 view_line_holding(const GArray *starts, guint32 offset);

#endif
