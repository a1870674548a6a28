/* private_glyphs.h — the flyweight off: a private Glyph for every glyph
 * occurrence of a document.
 *
 * Going off shapes the whole document (layout_shape_paragraph, piece by piece
 * as drawing shapes it) and gives each glyph occurrence its own copy of its
 * Glyph — metrics and bitmap — from the factory in its off mode, so the memory
 * figures of the off mode are what the textbook's "no sharing" costs. Drawing
 * then takes each occurrence's own Glyph (layout's glyph source), at phase 0:
 * with the flyweight off, glyphs stand on whole pixels. An edit rebuilds the
 * paragraphs it replaced.
 *
 * Per paragraph: one pointer per glyph occurrence, and per piece its first
 * byte and first glyph (for the lookup by piece and index).
 *
 * In steps: a 5 MB document has about 5 million glyph occurrences, and making
 * (or giving back) their copies takes about a second, so the window builds the
 * store a few milliseconds at a time (private_glyphs_build_step, paragraph by
 * paragraph in order) and gives it back the same way
 * (private_glyphs_release_step, from the last glyph). Built in steps the store
 * is the same as built at once: each paragraph is shaped from the document as
 * it is when its turn comes, and an edit of a paragraph not built yet is left
 * to its turn. A single paragraph is built in one go (a 5 MB line is one long
 * step). */
#ifndef GLYPHPAD_PRIVATE_GLYPHS_H
#define GLYPHPAD_PRIVATE_GLYPHS_H

#include <glib.h>
#include "document.h"
#include "layout.h"

typedef struct PrivateGlyphs PrivateGlyphs;

/* Bytes going off would add for @doc: a private Glyph of the factory's average
 * size and a pointer per character (the shaped glyphs are about one per
 * character). */
guint64 private_glyphs_estimate(const Document *doc);

/* The private glyphs of every paragraph of @doc, made through @layout with
 * @factory in its off mode (the caller switched it). Free with
 * private_glyphs_free(), which gives every glyph back. */
G_GNUC_WARN_UNUSED_RESULT PrivateGlyphs *private_glyphs_new(GlyphFactory *factory, Layout *layout,
                                                            const Document *doc);
void private_glyphs_free(PrivateGlyphs *store); /* NULL is a no-op */

/* The same store with no paragraph built yet: private_glyphs_build_step()
 * builds them. Free with private_glyphs_free(). */
G_GNUC_WARN_UNUSED_RESULT PrivateGlyphs *
private_glyphs_new_empty(GlyphFactory *factory, Layout *layout, const Document *doc);
/* Builds the next paragraphs, in order, for about @budget_us microseconds (at
 * least one paragraph); true while some are left. */
bool private_glyphs_build_step(PrivateGlyphs *store, gint64 budget_us);
/* Paragraphs built so far (from the first). */
guint32 private_glyphs_built(const PrivateGlyphs *store);
/* Gives back glyphs, from the last, for about @budget_us microseconds; true
 * while some are left. Once called, the store is only good for more release
 * steps, counting and private_glyphs_free() (its lookups are gone). */
bool private_glyphs_release_step(PrivateGlyphs *store, gint64 budget_us);

/* Paragraphs [first, first + removed) became [first, first + inserted): their
 * glyphs are given back and made again from the document as it is now. */
void private_glyphs_replace(PrivateGlyphs *store, guint32 first, guint32 removed, guint32 inserted);

/* The private Glyph of glyph @index of the piece starting at byte @word_start
 * of @para, borrowed (the store owns it); NULL when there is none (the text
 * was drawn in pieces the store does not know). */
Glyph *private_glyphs_get(const PrivateGlyphs *store, guint32 para, guint32 word_start,
                          guint index);

/* Private glyphs owned, and the bytes of the store's own bookkeeping. */
guint64 private_glyphs_count(const PrivateGlyphs *store);
guint64 private_glyphs_bytes(const PrivateGlyphs *store);

/* Adds one to @counts (Glyph* -> count) for every glyph the store owns. */
void private_glyphs_count_refs(const PrivateGlyphs *store, GHashTable *counts);

#endif
