/* layout.h — places one paragraph's characters: word wrap, tab stops, kerning.
 *
 * Pure functions over a Document: nothing is stored here. A paragraph is laid
 * out on its own, y relative to the paragraph's top, so an edit re-lays only the
 * paragraph it touched. Wrapping is greedy: a line breaks after the last space
 * that fits; a word wider than the line breaks where it overflows; spaces at a
 * line's end hang past the edge. Every character yields exactly one DrawnGlyph,
 * in text order (whitespace too, with an empty bitmap), so the i-th record of a
 * laid-out range belongs to the i-th character: hit testing relies on it. */
#ifndef GLYPHPAD_LAYOUT_H
#define GLYPHPAD_LAYOUT_H

#include <glib.h>
#include <stdint.h>
#include "document.h"
#include "glyph.h"

/* A placed character: only extrinsic state, and the shared Glyph. 16 bytes. */
typedef struct {
  Glyph *glyph; /* the flyweight (or the character's private glyph) */
  int32_t x;    /* pen position, pixels from the paragraph's left edge */
  int32_t y;    /* baseline, pixels from the top of the first line laid out */
} DrawnGlyph;

/* Tab stops every this many space advances. */
#define LAYOUT_TAB_COLUMNS 8

/* Counts the wrapped lines of @para at @width pixels (at least 1). When
 * @line_starts is not NULL, appends the byte offset where each line after the
 * first begins (guint32), so a long paragraph can be shown from its middle. */
guint32 layout_measure(const Document *doc, guint32 para, int width, GArray *line_starts);

/* Lays out @para from the line that starts at byte @from (0, or an offset from
 * layout_measure), at most @max_lines lines (0: all), appending DrawnGlyph
 * records to @drawn with y relative to the top of that first line. Returns the
 * byte offset where layout stopped (the paragraph's length when it got there). */
guint32 layout_paragraph(const Document *doc, guint32 para, int width, guint32 from,
                         guint32 max_lines, GArray *drawn);

/* One step of measuring, for re-wrapping only the lines around an edit: @it
 * stands at the first character of a wrapped line of @para (from
 * document_iter_init at a line start, or left there by the previous call) and
 * is left at the next line's first character. Returns that character's offset,
 * or the paragraph's length when this was the last line. *@examined_end (may
 * be NULL) receives the offset just past the last character the decision read:
 * the line's end depends on the text in [line start, *@examined_end) and on
 * nothing before or after it. */
guint32 layout_line_end(const Document *doc, guint32 para, DocCharIter *it, int width,
                        guint32 *examined_end);

#endif
