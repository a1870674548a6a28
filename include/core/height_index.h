/* height_index.h — per-paragraph heights with O(log n) prefix sums.
 *
 * The heights are kept in chunks of up to 512 paragraphs, 2 bytes a paragraph
 * (heights of 65535 px or more in a small list beside the chunk; a chunk whose
 * paragraphs all have the same height stores only that height), with a
 * Fenwick tree over the chunks: the y of a paragraph and the paragraph at a y
 * in O(log n) plus a scan within one chunk; one height changes in O(log n);
 * inserting or removing paragraphs moves the entries after the edit within its
 * chunk, plus O(n / 512) when chunks are split, merged or dropped.
 * Capacity grows with the document: 2.1 bytes a paragraph after loading and
 * measuring (0.1 while the heights are all the same), 2.2-2.3 after edits,
 * about 2.5 at worst (every chunk half full); a paragraph of 65535 px or more
 * costs 8 bytes more. */
#ifndef GLYPHPAD_HEIGHT_INDEX_H
#define GLYPHPAD_HEIGHT_INDEX_H

#include <glib.h>

typedef struct HeightIndex HeightIndex;

/* An empty index. Free with height_index_free(). */
G_GNUC_WARN_UNUSED_RESULT HeightIndex *height_index_new(void);
void height_index_free(HeightIndex *index); /* NULL is a no-op */

/* Entries (paragraphs). */
guint32 height_index_count(const HeightIndex *index);
/* The height of entry @i (< count), O(log n). */
guint32 height_index_get(const HeightIndex *index, guint32 i);
/* Changes entry @i's height, O(log n) (the first change in a chunk of equal
 * heights writes out its 512 entries). */
void height_index_set(HeightIndex *index, guint32 i, guint32 height);
/* Replaces entries [first, first + removed) by @inserted entries of @height:
 * O(removed + inserted + log count + the entries after @first in its chunk),
 * plus O(count / 512) when the chunks change; appending at the end costs
 * O(inserted + log count), so loading is linear. */
void height_index_splice(HeightIndex *index, guint32 first, guint32 removed, guint32 inserted,
                         guint32 height);
/* Sum of heights of entries [0, i), O(log n + 256). */
guint64 height_index_prefix(const HeightIndex *index, guint32 i);
/* Sum of all heights (the scrollbar's length), O(log n). */
guint64 height_index_total(const HeightIndex *index);
/* The entry containing @y, i.e. the i with prefix(i) <= @y < prefix(i + 1), so
 * zero-height entries are never returned for a @y inside the total; the last
 * entry when @y is at or past the end; 0 when the index is empty. Its top (the
 * prefix) in @top (may be NULL). O(log n + 512). */
guint32 height_index_find(const HeightIndex *index, guint64 y, guint64 *top);
/* Bytes the index holds: the struct, the chunk table and tree at their
 * capacity, the chunks' arrays at theirs and the big heights. O(n / 512). */
guint64 height_index_bytes(const HeightIndex *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(HeightIndex, height_index_free)

#endif
