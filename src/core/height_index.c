/* height_index.c — per-paragraph heights in a Fenwick (binary indexed) tree.
 *
 * Two arrays of the same length n:
 *   heights[i]  the height of entry i (0-based), so get() is O(1);
 *   tree[k]     for k = 1..n (1-based, tree[0] unused): the sum of heights in
 *               the entries (k - lowbit(k), k], lowbit(k) = k & -k.
 * prefix(i) walks k = i, i - lowbit(i), ... down to 0 adding tree[k]: O(log n).
 * set() adds the difference to k = i+1, k + lowbit(k), ...: O(log n).
 * find(y) descends by powers of two, keeping the largest k whose prefix is
 * still <= y: that k is the entry containing y (zero-height entries are
 * stepped over, since a zero-height entry contains no y).
 *
 * Splice: the heights array is moved with one memmove. Every tree[k] with
 * k <= first covers only entries before the splice, so it is still right; the
 * entries after it are rebuilt by the linear Fenwick construction restricted to
 * k > first (each node adds itself into its parent k + lowbit(k)), seeded by
 * the O(log n) nodes k <= first whose parent lies beyond first — exactly the
 * nodes of prefix(first)'s walk. So appending paragraphs at the end costs
 * O(inserted + log n) and an edit in paragraph p costs O(n - p).
 *
 * Capacity grows with the document by doubling; 4 + 8 bytes per entry. Counts
 * are guint32 (the document's own limit); sums are guint64. */
#include "height_index.h"

#include <string.h>

struct HeightIndex {
  guint32 *heights; /* heights[0..count), one per paragraph */
  guint64 *tree;    /* tree[1..count], Fenwick partial sums; tree[0] unused */
  guint32 count;    /* entries */
  guint32 capacity; /* entries the arrays have room for */
};

static inline guint32 lowbit(guint32 k)
{
  return k & (~k + 1u);
}

HeightIndex *height_index_new(void)
{
  HeightIndex *index = g_new0(HeightIndex, 1);
  index->tree = g_new0(guint64, 1);
  return index;
}

void height_index_free(HeightIndex *index)
{
  if (index == NULL)
    return;
  g_free(index->heights);
  g_free(index->tree);
  g_free(index);
}

guint32 height_index_count(const HeightIndex *index)
{
  g_return_val_if_fail(index != NULL, 0);
  return index->count;
}

guint32 height_index_get(const HeightIndex *index, guint32 i)
{
  g_return_val_if_fail(index != NULL, 0);
  g_return_val_if_fail(i < index->count, 0);
  return index->heights[i];
}

void height_index_set(HeightIndex *index, guint32 i, guint32 height)
{
  g_return_if_fail(index != NULL);
  g_return_if_fail(i < index->count);
  guint32 old = index->heights[i];
  if (old == height)
    return;
  index->heights[i] = height;
  /* Unsigned wrap-around adds the (possibly negative) difference exactly. */
  guint64 delta = (guint64)height - (guint64)old;
  for (guint32 k = i + 1; k != 0 && k <= index->count; k += lowbit(k))
    index->tree[k] += delta;
}

/* Makes room for @needed entries, doubling. */
static void reserve(HeightIndex *index, guint32 needed)
{
  if (needed <= index->capacity)
    return;
  guint64 cap = MAX((guint64)index->capacity * 2, 64);
  cap = MAX(cap, needed);
  cap = MIN(cap, (guint64)G_MAXUINT32 - 1);
  index->heights = g_renew(guint32, index->heights, cap);
  index->tree = g_renew(guint64, index->tree, cap + 1);
  index->capacity = (guint32)cap;
}

/* Recomputes tree[first+1 .. count] from the heights (see the file comment). */
static void rebuild_from(HeightIndex *index, guint32 first)
{
  guint32 n = index->count;
  for (guint64 k = (guint64)first + 1; k <= n; k++)
    index->tree[k] = index->heights[k - 1];
  for (guint32 k = first; k > 0; k -= lowbit(k)) {
    guint64 parent = (guint64)k + lowbit(k);
    if (parent <= n)
      index->tree[parent] += index->tree[k];
  }
  for (guint64 k = (guint64)first + 1; k <= n; k++) {
    guint64 parent = k + lowbit((guint32)k);
    if (parent <= n)
      index->tree[parent] += index->tree[k];
  }
}

void height_index_splice(HeightIndex *index, guint32 first, guint32 removed, guint32 inserted,
                         guint32 height)
{
  g_return_if_fail(index != NULL);
  g_return_if_fail(first <= index->count);
  g_return_if_fail(removed <= index->count - first);
  guint64 new_count = (guint64)index->count - removed + inserted;
  g_return_if_fail(new_count < G_MAXUINT32);

  reserve(index, (guint32)new_count);
  guint32 tail = index->count - first - removed;
  memmove(index->heights + first + inserted, index->heights + first + removed,
          (gsize)tail * sizeof(guint32));
  for (guint32 j = 0; j < inserted; j++)
    index->heights[first + j] = height;
  index->count = (guint32)new_count;
  rebuild_from(index, first);
}

guint64 height_index_prefix(const HeightIndex *index, guint32 i)
{
  g_return_val_if_fail(index != NULL, 0);
  g_return_val_if_fail(i <= index->count, 0);
  guint64 sum = 0;
  for (guint32 k = i; k > 0; k -= lowbit(k))
    sum += index->tree[k];
  return sum;
}

guint64 height_index_total(const HeightIndex *index)
{
  return height_index_prefix(index, height_index_count(index));
}

/* The largest power of two <= n (n > 0). */
static guint32 top_bit(guint32 n)
{
  guint32 bit = 1;
  while (bit <= n / 2)
    bit <<= 1;
  return bit;
}

guint32 height_index_find(const HeightIndex *index, guint64 y, guint64 *top)
{
  g_return_val_if_fail(index != NULL, 0);
  guint32 n = index->count;
  if (n == 0) {
    if (top != NULL)
      *top = 0;
    return 0;
  }
  /* pos: the number of leading entries whose total height is <= y. */
  guint32 pos = 0;
  guint64 rest = y;
  for (guint32 step = top_bit(n); step > 0; step >>= 1) {
    guint64 next = (guint64)pos + step;
    if (next <= n && index->tree[next] <= rest) {
      pos = (guint32)next;
      rest -= index->tree[next];
    }
  }
  if (pos >= n) { /* y at or past the end: the last entry */
    pos = n - 1;
    rest = y - height_index_prefix(index, pos);
  }
  if (top != NULL)
    *top = y - rest;
  return pos;
}

guint64 height_index_bytes(const HeightIndex *index)
{
  g_return_val_if_fail(index != NULL, 0);
  return sizeof(*index) + (guint64)index->capacity * sizeof(guint32) +
         ((guint64)index->capacity + 1) * sizeof(guint64);
}
