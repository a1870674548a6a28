/* height_index.c — per-paragraph heights in chunks of 16-bit entries, with a
 * Fenwick tree over the chunks.
 *
 * Representation. The entries are cut, in order, into chunks of at most CHUNK
 * entries. A chunk is one of:
 *   uniform  every entry has the same height (@uniform) and nothing else is
 *            stored. Loading makes these (every paragraph counts as one line
 *            until it is measured), and a file whose lines do not wrap keeps
 *            them once measured, since setting a height to its value is a no-op;
 *   array    one guint16 per entry. A height of ESCAPE (65535 px) or more, a
 *            paragraph of thousands of wrapped lines, is stored as ESCAPE and
 *            its real value goes in the chunk's @big list, sorted by position.
 *            Positions are relative to the chunk, so a splice shifts only the
 *            big entries of the chunk it edits.
 * Every chunk keeps its pixel sum. A Fenwick tree over the chunk table (each
 * node: the pixels and the entries of a range of chunks, as in the one-array
 * tree this replaced) gives, by one descent, the chunk that holds entry i or
 * pixel y, along with the entries and pixels before it, in O(log(n / CHUNK)).
 * The rest happens inside one chunk: O(1) for get (O(log) for a big one), a
 * scan of at most CHUNK / 2 entries for prefix (from the nearer end, using the
 * chunk's sum), at most CHUNK for find.
 *
 * Invariants, between calls: no chunk is empty and none holds more than CHUNK;
 * any two neighbouring chunks hold more than CHUNK together (else they are
 * merged), so chunks are more than half full on average; an array's capacity
 * is its count rounded up to STEP; @big is exactly n_big long; the tree's node
 * k (1-based) sums chunks (k - lowbit(k), k].
 *
 * Splice. The entries removed are taken out of the chunk holding @first and,
 * if the range goes on, whole chunks after it are dropped and the next one is
 * trimmed. The inserted entries go into that chunk when they fit (a memmove of
 * what follows @first in the chunk); otherwise what follows @first moves to a
 * new chunk, the inserted entries fill the chunk up and the rest go into new
 * uniform chunks, CHUNK each (O(k / CHUNK) of them, no array). Then empty
 * chunks around the splice are dropped and neighbours that fit in one chunk
 * merged. When the table did not change, the tree is updated for the one or
 * two chunks edited, O(log n); when it did, a memmove of the table and the
 * tree rebuilt after the first chunk changed (the linear construction seeded
 * by prefix(first)'s nodes): O(n / CHUNK). At the end, that is O(log n) per
 * new chunk, so loading is linear even one entry at a time.
 * set is O(log n) and one chunk is written; the first height that differs in a
 * uniform chunk writes out its array, O(CHUNK), once per chunk: paid for by
 * the entries whose insertion made the chunk uniform.
 *
 * Memory, counted by height_index_bytes (requested sizes; malloc's own header
 * is not counted): 2 bytes per entry in array chunks, plus up to STEP - 1
 * entries of slack per chunk, 8 more per big entry, and 32 (Chunk) + 12 (tree
 * node) per slot of the chunk table, which doubles when full and shrinks when
 * half empty (so at most two slots per chunk). Appended chunks are full:
 * 1,000,000 entries of varied heights take 2.09 bytes each, of one height
 * 0.09 (the test's figures). Edits leave chunks more than half full on
 * average; measured after typing and deleting, 2.2-2.3. At worst (every chunk half
 * full, each with its slack, the table twice too big) 2 + (30 + 88) / 256,
 * about 2.5, not counting big entries. Counts are guint32 (the document's own
 * limit); sums are guint64. */
#include "height_index.h"

#include <stdbool.h>
#include <string.h>

#define CHUNK 512      /* most entries in a chunk */
#define STEP 16        /* an array's capacity is its count rounded up to this */
#define ESCAPE 0xFFFFu /* an array value meaning: the height is in the big list */

/* An entry of ESCAPE px or more in an array chunk. */
typedef struct {
  guint32 height; /* >= ESCAPE */
  guint32 at;     /* its position in the chunk */
} BigHeight;

/* A run of at most CHUNK consecutive entries. */
typedef struct {
  guint64 sum;      /* pixels: the sum of its heights */
  guint16 *heights; /* MIN(height, ESCAPE) per entry; NULL when uniform */
  BigHeight *big;   /* the entries stored as ESCAPE, by position; NULL if none */
  guint32 uniform;  /* every entry's height while heights is NULL */
  guint16 count;    /* entries */
  guint16 n_big;    /* entries in big */
} Chunk;

struct HeightIndex {
  Chunk *chunks;      /* chunks[0..n_chunks), in document order */
  guint64 *tree_px;   /* Fenwick nodes [1..n_chunks]: pixels; [0] unused */
  guint32 *tree_n;    /* the same nodes' entry counts */
  guint32 n_chunks;   /* chunks in use */
  guint32 cap_chunks; /* chunk slots allocated (tree: one more) */
  guint32 count;      /* entries in all */
};

/* ---------------------------------------------------------------- one chunk */

static guint cap_for(guint count)
{
  return (count + STEP - 1) / STEP * STEP;
}

/* Frees @c's arrays and leaves it empty. */
static void chunk_clear(Chunk *c)
{
  g_free(c->heights);
  g_free(c->big);
  *c = (Chunk){0};
}

/* Index in @c's big list of the first entry at position @at or after. */
static guint big_lower(const Chunk *c, guint at)
{
  guint lo = 0, hi = c->n_big;
  while (lo < hi) {
    guint mid = (lo + hi) / 2;
    if (c->big[mid].at < at)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static guint32 chunk_get(const Chunk *c, guint j)
{
  if (c->heights == NULL)
    return c->uniform;
  if (c->heights[j] != ESCAPE)
    return c->heights[j];
  return c->big[big_lower(c, j)].height;
}

/* Sum of the heights of entries [from, to) of @c: the array as stored, then
 * each big entry's excess over ESCAPE (no branch per entry). */
static guint64 chunk_range_sum(const Chunk *c, guint from, guint to)
{
  if (c->heights == NULL)
    return (guint64)(to - from) * c->uniform;
  guint64 sum = 0;
  for (guint j = from; j < to; j++)
    sum += c->heights[j];
  for (guint b = big_lower(c, from); b < c->n_big && c->big[b].at < to; b++)
    sum += c->big[b].height - ESCAPE;
  return sum;
}

/* Sum of the heights of entries [0, j) of @c, scanning from the nearer end. */
static guint64 chunk_prefix(const Chunk *c, guint j)
{
  if (j <= c->count / 2u)
    return chunk_range_sum(c, 0, j);
  return c->sum - chunk_range_sum(c, j, c->count);
}

/* The entry of @c holding pixel @y of the chunk (@y < its sum), and the
 * pixels before it in @top: the first entry whose end is past @y, which is
 * never a zero-height one. */
static guint chunk_find(const Chunk *c, guint64 y, guint64 *top)
{
  if (c->heights == NULL) { /* uniform > 0, since the sum is */
    *top = y / c->uniform * c->uniform;
    return (guint)(y / c->uniform);
  }
  guint64 sum = 0;
  guint j = 0;
  for (; j + 1 < c->count; j++) {
    guint32 h = chunk_get(c, j);
    if (y < sum + h)
      break;
    sum += h;
  }
  *top = sum;
  return j;
}

/* Does to @c's big list what replacing entries [off, off + removed) by
 * @inserted entries of @height does to the entries: drops the big ones in the
 * range, shifts the positions after it, adds the new ones when @height is big. */
static void big_splice(Chunk *c, guint off, guint removed, guint inserted, guint32 height)
{
  guint lo = big_lower(c, off), hi = big_lower(c, off + removed);
  guint add = height >= ESCAPE ? inserted : 0, n = c->n_big - (hi - lo) + add;
  for (guint b = hi; b < c->n_big; b++)
    c->big[b].at = c->big[b].at + inserted - removed;
  if (n > c->n_big)
    c->big = g_renew(BigHeight, c->big, n);
  if (c->n_big > hi)
    memmove(c->big + lo + add, c->big + hi, (c->n_big - hi) * sizeof(BigHeight));
  for (guint j = 0; j < add; j++)
    c->big[lo + j] = (BigHeight){height, off + j};
  if (n < c->n_big)
    c->big = g_renew(BigHeight, c->big, n); /* NULL when n is 0 */
  c->n_big = (guint16)n;
}

/* Gives a uniform, non-empty chunk its array (and big list). */
static void chunk_materialize(Chunk *c)
{
  if (c->heights != NULL || c->count == 0)
    return;
  c->heights = g_new(guint16, cap_for(c->count));
  for (guint j = 0; j < c->count; j++)
    c->heights[j] = (guint16)MIN(c->uniform, ESCAPE);
  if (c->uniform >= ESCAPE)
    big_splice(c, 0, 0, c->count, c->uniform);
}

/* Resizes @c's array, which holds @old entries, for @count entries (> 0). */
static void array_fit(Chunk *c, guint old, guint count)
{
  if (cap_for(old) != cap_for(count))
    c->heights = g_renew(guint16, c->heights, cap_for(count));
}

/* Replaces entries [off, off + removed) of @c by @inserted entries of
 * @height; the result must hold at most CHUNK. A chunk replaced whole
 * becomes uniform; a uniform one stays so while it receives its own height. */
static void chunk_splice(Chunk *c, guint off, guint removed, guint inserted, guint32 height)
{
  guint count = c->count - removed + inserted;
  if (removed == c->count) {
    chunk_clear(c);
    *c = (Chunk){.sum = (guint64)count * height, .uniform = height, .count = (guint16)count};
    return;
  }
  c->sum = c->sum - chunk_range_sum(c, off, off + removed) + (guint64)inserted * height;
  if (c->heights == NULL && (inserted == 0 || height == c->uniform)) {
    c->count = (guint16)count;
    return;
  }
  chunk_materialize(c);
  big_splice(c, off, removed, inserted, height);
  if (count > c->count)
    array_fit(c, c->count, count);
  if (removed != inserted)
    memmove(c->heights + off + inserted, c->heights + off + removed,
            (c->count - off - removed) * sizeof(guint16));
  for (guint j = 0; j < inserted; j++)
    c->heights[off + j] = (guint16)MIN(height, ESCAPE);
  if (count < c->count)
    array_fit(c, c->count, count);
  c->count = (guint16)count;
}

/* Appends @src's big entries at positions >= @off to @dst's big list, as
 * positions from @at on (all after @dst's own). */
static void big_append(Chunk *dst, const Chunk *src, guint off, guint at)
{
  guint from = big_lower(src, off), n = src->n_big - from;
  if (n == 0)
    return;
  dst->big = g_renew(BigHeight, dst->big, dst->n_big + n);
  for (guint b = 0; b < n; b++) {
    const BigHeight *s = &src->big[from + b];
    dst->big[dst->n_big + b] = (BigHeight){s->height, s->at - off + at};
  }
  dst->n_big = (guint16)(dst->n_big + n);
}

/* Moves entries [off, count) of @src to the end of @dst (they must fit). */
static void chunk_move(Chunk *src, guint off, Chunk *dst)
{
  guint n = src->count - off, at = dst->count;
  if (n == 0)
    return;
  if (off == 0 && at == 0) { /* the whole chunk into an empty one */
    chunk_clear(dst);
    *dst = *src;
    *src = (Chunk){0};
    return;
  }
  if (src->heights == NULL) {
    chunk_splice(dst, at, 0, n, src->uniform);
  } else {
    guint64 moved = chunk_range_sum(src, off, src->count);
    chunk_splice(dst, at, 0, n, 0); /* room, then the values */
    chunk_materialize(dst);
    memcpy(dst->heights + at, src->heights + off, n * sizeof(guint16));
    big_append(dst, src, off, at);
    dst->sum += moved;
  }
  chunk_splice(src, off, n, 0, 0);
}

/* ---------------------------------------------------------------- the tree */

static inline guint32 lowbit(guint32 k)
{
  return k & (~k + 1u);
}

/* Adds @px pixels and @n entries to chunk @c in the tree (unsigned
 * wrap-around adds negative differences exactly). */
static void tree_add(HeightIndex *index, guint32 c, guint64 px, guint32 n)
{
  for (guint32 k = c + 1; k != 0 && k <= index->n_chunks; k += lowbit(k)) {
    index->tree_px[k] += px;
    index->tree_n[k] += n;
  }
}

/* Pixels of chunks [0, c), their entries in @n. */
static guint64 tree_prefix(const HeightIndex *index, guint32 c, guint32 *n)
{
  guint64 px = 0;
  guint32 count = 0;
  for (guint32 k = c; k > 0; k -= lowbit(k)) {
    px += index->tree_px[k];
    count += index->tree_n[k];
  }
  *n = count;
  return px;
}

/* Brings the tree up to date with chunk @c's sum and count, when no other
 * chunk is out of date: O(log n). */
static void tree_sync(HeightIndex *index, guint32 c)
{
  guint32 n0, n1;
  guint64 px = tree_prefix(index, c + 1, &n1) - tree_prefix(index, c, &n0);
  const Chunk *chunk = &index->chunks[c];
  tree_add(index, c, chunk->sum - px, chunk->count - (n1 - n0));
}

/* Adds node @k into its parent, if there is one. */
static void tree_carry(HeightIndex *index, guint32 k)
{
  guint64 parent = (guint64)k + lowbit(k);
  if (parent <= index->n_chunks) {
    index->tree_px[parent] += index->tree_px[k];
    index->tree_n[parent] += index->tree_n[k];
  }
}

/* Recomputes the nodes k > @first from the chunks, when chunks [0, first) are
 * unchanged: each node adds itself into its parent, seeded by the nodes
 * k <= first whose parent lies beyond first (those of prefix(first)'s walk). */
static void tree_rebuild_from(HeightIndex *index, guint32 first)
{
  guint32 n = index->n_chunks;
  for (guint32 k = first + 1; k <= n; k++) {
    index->tree_px[k] = index->chunks[k - 1].sum;
    index->tree_n[k] = index->chunks[k - 1].count;
  }
  for (guint32 k = first; k > 0; k -= lowbit(k))
    tree_carry(index, k);
  for (guint32 k = first + 1; k <= n; k++)
    tree_carry(index, k);
}

/* The largest power of two <= n (n > 0). */
static guint32 top_bit(guint32 n)
{
  guint32 bit = 1;
  while (bit <= n / 2)
    bit <<= 1;
  return bit;
}

/* The number of leading chunks whose entries (@by_y false) or pixels (@by_y
 * true) add up to at most @key: the chunk holding entry @key or pixel @key, or
 * n_chunks past the end. The entries and pixels before it in @base and @top. */
static guint32 descend(const HeightIndex *index, bool by_y, guint64 key, guint32 *base,
                       guint64 *top)
{
  guint32 pos = 0, n = 0;
  guint64 px = 0;
  for (guint32 step = index->n_chunks ? top_bit(index->n_chunks) : 0; step > 0; step >>= 1) {
    guint32 next = pos + step;
    if (next > index->n_chunks)
      continue;
    guint64 past = by_y ? px + index->tree_px[next] : (guint64)n + index->tree_n[next];
    if (past <= key) {
      pos = next;
      n += index->tree_n[next];
      px += index->tree_px[next];
    }
  }
  *base = n;
  *top = px;
  return pos;
}

/* ---------------------------------------------------------------- the table */

/* Sets the room of the chunk table, and of the tree, to @cap chunks. */
static void table_resize(HeightIndex *index, guint32 cap)
{
  index->chunks = g_renew(Chunk, index->chunks, cap);
  index->tree_px = g_renew(guint64, index->tree_px, cap ? cap + 1 : 0);
  index->tree_n = g_renew(guint32, index->tree_n, cap ? cap + 1 : 0);
  index->cap_chunks = cap;
}

/* Inserts @n empty chunks before chunk @at. */
static void table_insert(HeightIndex *index, guint32 at, guint32 n)
{
  guint64 need = (guint64)index->n_chunks + n;
  if (need > index->cap_chunks)
    table_resize(index, (guint32)MAX(need, MAX((guint64)index->cap_chunks * 2, 4)));
  Chunk *chunks = index->chunks;
  memmove(chunks + at + n, chunks + at, (index->n_chunks - at) * sizeof(Chunk));
  for (guint32 j = 0; j < n; j++)
    chunks[at + j] = (Chunk){0};
  index->n_chunks += n;
}

/* Frees chunks [at, at + n) and closes the gap. The table shrinks to 1.5
 * times its chunks when it is half empty, so it never holds more than twice
 * the slots it needs, and growing again (doubling) takes a third more chunks. */
static void table_remove(HeightIndex *index, guint32 at, guint32 n)
{
  if (n == 0)
    return;
  for (guint32 j = 0; j < n; j++)
    chunk_clear(&index->chunks[at + j]);
  memmove(index->chunks + at, index->chunks + at + n, (index->n_chunks - at - n) * sizeof(Chunk));
  index->n_chunks -= n;
  if (index->n_chunks <= index->cap_chunks / 2)
    table_resize(index, index->n_chunks + index->n_chunks / 2);
}

/* ---------------------------------------------------------------- splicing */

/* Removes @removed entries from position @off of chunk @c on: from @c, then
 * whole chunks after it, then the head of the next. @c stays, maybe empty.
 * Whether chunks were dropped. */
static bool remove_entries(HeightIndex *index, guint32 c, guint off, guint32 removed)
{
  guint take = MIN(removed, (guint32)index->chunks[c].count - off);
  chunk_splice(&index->chunks[c], off, take, 0, 0);
  removed -= take;
  guint32 drop = 0;
  while (removed > 0 && removed >= index->chunks[c + 1 + drop].count)
    removed -= index->chunks[c + 1 + drop++].count;
  table_remove(index, c + 1, drop);
  if (removed > 0)
    chunk_splice(&index->chunks[c + 1], 0, removed, 0, 0);
  return drop > 0;
}

/* Inserts @inserted entries of @height at position @off of chunk @c: in place
 * when they fit, else the chunk's entries after @off move to a new chunk, the
 * inserted ones fill the chunk up and the rest go into new uniform chunks
 * between the two. Returns the number of chunks added after @c. */
static guint32 insert_entries(HeightIndex *index, guint32 c, guint off, guint32 inserted,
                              guint32 height)
{
  if ((guint64)index->chunks[c].count + inserted <= CHUNK) {
    chunk_splice(&index->chunks[c], off, 0, inserted, height);
    return 0;
  }
  guint32 here = MIN(inserted, CHUNK - off), rest = inserted - here;
  guint32 fresh = rest / CHUNK + (rest % CHUNK != 0);
  guint32 tail = off < index->chunks[c].count ? 1 : 0;
  table_insert(index, c + 1, fresh + tail);
  Chunk *chunks = index->chunks; /* after the table moved */
  if (tail)
    chunk_move(&chunks[c], off, &chunks[c + 1 + fresh]);
  chunk_splice(&chunks[c], off, 0, here, height);
  for (guint32 j = 0; j < fresh; j++, rest -= CHUNK)
    chunk_splice(&chunks[c + 1 + j], 0, 0, MIN(rest, CHUNK), height);
  return fresh + tail;
}

/* Drops empty chunks and merges neighbours that fit in one chunk, looking at
 * chunks from @lo to about @hi. Whether the table changed. */
static bool compact(HeightIndex *index, guint32 lo, guint32 hi)
{
  bool changed = false;
  guint32 c = lo;
  while (c <= hi && c < index->n_chunks) {
    Chunk *chunks = index->chunks;
    if (chunks[c].count == 0) {
      table_remove(index, c, 1);
      c -= c > lo ? 1 : 0; /* its neighbours are now next to each other */
    } else if (c + 1 < index->n_chunks && chunks[c].count + chunks[c + 1].count <= CHUNK) {
      chunk_move(&chunks[c + 1], 0, &chunks[c]);
      table_remove(index, c + 1, 1);
    } else {
      c++;
      continue;
    }
    changed = true;
  }
  return changed;
}

/* ---------------------------------------------------------------- public */

HeightIndex *height_index_new(void)
{
  return g_new0(HeightIndex, 1);
}

void height_index_free(HeightIndex *index)
{
  if (index == NULL)
    return;
  for (guint32 c = 0; c < index->n_chunks; c++)
    chunk_clear(&index->chunks[c]);
  g_free(index->chunks);
  g_free(index->tree_px);
  g_free(index->tree_n);
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
  guint32 base;
  guint64 top;
  guint32 c = descend(index, false, i, &base, &top);
  return chunk_get(&index->chunks[c], i - base);
}

void height_index_set(HeightIndex *index, guint32 i, guint32 height)
{
  g_return_if_fail(index != NULL);
  g_return_if_fail(i < index->count);
  guint32 base;
  guint64 top;
  guint32 c = descend(index, false, i, &base, &top);
  guint32 old = chunk_get(&index->chunks[c], i - base);
  if (old == height)
    return;
  chunk_splice(&index->chunks[c], i - base, 1, 1, height);
  tree_add(index, c, (guint64)height - old, 0);
}

void height_index_splice(HeightIndex *index, guint32 first, guint32 removed, guint32 inserted,
                         guint32 height)
{
  g_return_if_fail(index != NULL);
  g_return_if_fail(first <= index->count);
  g_return_if_fail(removed <= index->count - first);
  guint64 new_count = (guint64)index->count - removed + inserted;
  g_return_if_fail(new_count < G_MAXUINT32);
  if (removed == 0 && inserted == 0)
    return;

  guint32 base;
  guint64 top;
  guint32 c = descend(index, false, first, &base, &top);
  bool moved = false;
  if (c == index->n_chunks && c == 0) { /* empty: one empty chunk to fill */
    table_insert(index, 0, 1);
    moved = true;
  } else if (c == index->n_chunks) { /* at the end: the end of the last chunk */
    c--;
    base -= index->chunks[c].count;
  }
  guint off = first - base;
  moved |= remove_entries(index, c, off, removed);
  guint32 added = insert_entries(index, c, off, inserted, height);
  moved |= added > 0;
  guint32 lo = c > 0 ? c - 1 : 0;
  moved |= compact(index, lo, c + added + 2);
  index->count = (guint32)new_count;
  if (moved) {
    tree_rebuild_from(index, lo);
    return;
  }
  tree_sync(index, c); /* only @c and the chunk after it were edited */
  if (c + 1 < index->n_chunks)
    tree_sync(index, c + 1);
}

guint64 height_index_prefix(const HeightIndex *index, guint32 i)
{
  g_return_val_if_fail(index != NULL, 0);
  g_return_val_if_fail(i <= index->count, 0);
  guint32 base;
  guint64 top;
  guint32 c = descend(index, false, i, &base, &top);
  if (c == index->n_chunks)
    return top;
  return top + chunk_prefix(&index->chunks[c], i - base);
}

guint64 height_index_total(const HeightIndex *index)
{
  g_return_val_if_fail(index != NULL, 0);
  guint32 n;
  return tree_prefix(index, index->n_chunks, &n);
}

guint32 height_index_find(const HeightIndex *index, guint64 y, guint64 *top)
{
  g_return_val_if_fail(index != NULL, 0);
  guint64 before = 0, within = 0;
  guint32 base = 0, at = 0;
  if (index->count > 0) {
    guint32 c = descend(index, true, y, &base, &before);
    if (c == index->n_chunks) { /* y at or past the end: the last entry */
      const Chunk *last = &index->chunks[c - 1];
      at = index->count - 1;
      before -= chunk_get(last, last->count - 1);
      base = 0;
    } else {
      at = chunk_find(&index->chunks[c], y - before, &within);
    }
  }
  if (top != NULL)
    *top = before + within;
  return base + at;
}

guint64 height_index_bytes(const HeightIndex *index)
{
  g_return_val_if_fail(index != NULL, 0);
  guint64 slots = index->cap_chunks;
  guint64 bytes = sizeof(*index) + slots * sizeof(Chunk);
  if (slots > 0)
    bytes += (slots + 1) * (sizeof(guint64) + sizeof(guint32));
  for (guint32 c = 0; c < index->n_chunks; c++) {
    const Chunk *chunk = &index->chunks[c];
    if (chunk->heights != NULL)
      bytes += cap_for(chunk->count) * sizeof(guint16);
    bytes += chunk->n_big * sizeof(BigHeight);
  }
  return bytes;
}
