/* height_index.h — per-paragraph heights with O(log n) prefix sums.
 *
 * A Fenwick tree over the paragraphs' pixel heights: the y of a paragraph and
 * the paragraph at a y in O(log n); one height changes in O(log n); inserting
 * or removing paragraphs rebuilds the entries after them in O(n) (a memmove
 * and one linear pass).
 * Capacity grows with the document (4 + 8 bytes a paragraph). */
#ifndef GLYPHPAD_HEIGHT_INDEX_H
#define GLYPHPAD_HEIGHT_INDEX_H

#include <glib.h>

typedef struct HeightIndex HeightIndex;

/* An empty index. Free with height_index_free(). */
G_GNUC_WARN_UNUSED_RESULT HeightIndex *height_index_new(void);
void height_index_free(HeightIndex *index); /* NULL is a no-op */

/* Entries (paragraphs). */
guint32 height_index_count(const HeightIndex *index);
/* The height of entry @i (< count), O(1). */
guint32 height_index_get(const HeightIndex *index, guint32 i);
/* Changes entry @i's height, O(log n). */
void height_index_set(HeightIndex *index, guint32 i, guint32 height);
/* Replaces entries [first, first + removed) by @inserted entries of @height:
 * O(count - first + log count), so appending at the end is cheap. */
void height_index_splice(HeightIndex *index, guint32 first, guint32 removed, guint32 inserted,
                         guint32 height);
/* Sum of heights of entries [0, i). */
guint64 height_index_prefix(const HeightIndex *index, guint32 i);
/* Sum of all heights (the scrollbar's length). */
guint64 height_index_total(const HeightIndex *index);
/* The entry containing @y, i.e. the i with prefix(i) <= @y < prefix(i + 1), so
 * zero-height entries are never returned for a @y inside the total; the last
 * entry when @y is at or past the end; 0 when the index is empty. Its top (the
 * prefix) in @top (may be NULL). */
guint32 height_index_find(const HeightIndex *index, guint64 y, guint64 *top);
/* Bytes the index holds (struct and both arrays at their capacity). */
guint64 height_index_bytes(const HeightIndex *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(HeightIndex, height_index_free)

#endif
