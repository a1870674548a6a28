/* para_store.c — the blocks that hold a document's paragraphs: finding
 * paragraph N, storing paragraphs into blocks, and rebuilding the blocks an
 * edit touches. The representation is described in para_store.h.
 *
 * Filling. Loading appends paragraphs to the last block until the next one
 * would take it past PARA_STORE_FILL_BYTES or PARA_STORE_MAX_PARAS; the full block then
 * gives back its unused room (a shrinking realloc, which stays in place), so
 * what a loaded document holds is its text, 2 bytes a line and a record per
 * block, with no array that doubles.
 *
 * Repacking. An edit hands blocks_replace the paragraphs that replace a range.
 * The blocks holding that range are rebuilt from their paragraphs before the
 * range, the new ones and theirs after it. When all of that fits one block
 * (PARA_STORE_MAX_BYTES, PARA_STORE_MAX_PARAS) it becomes one block, so typing grows a
 * block up to 64 KiB before it splits; otherwise it is cut into blocks of even
 * size near PARA_STORE_FILL_BYTES. A result smaller than PARA_STORE_SMALL_BYTES takes a
 * neighbour in, so that deleting does not leave ever smaller blocks. A
 * paragraph longer than PARA_STORE_ALONE_BYTES is always a block of its own. */
#include "para_store.h"

#include <string.h>

/* A paragraph's styles, in a block whose paragraphs are not all one run of
 * the block's style. */
typedef struct {
  StyleRun *runs; /* n_runs >= 2 runs, owned; NULL when the paragraph has one style */
  guint32 n_runs; /* runs in @runs; 1 when @runs is NULL */
  StyleId style;  /* the style when one run (else runs[0].style) */
} ParaStyle;

struct Block {
  char *text;        /* the paragraphs' UTF-8 back to back; NULL while @cap is 0 */
  guint16 *ends;     /* n_paras > 1: ends[k] = where paragraph k ends, for k < n_paras - 1
                      * (the last ends at @bytes); NULL when one paragraph */
  ParaStyle *styles; /* per paragraph, or NULL when all are one run of @style */
  guint8 *endings;   /* per paragraph LineEnding, or NULL when all end with @ending */
  guint32 first;     /* index of the block's first paragraph in the document */
  guint32 bytes;     /* text length */
  guint32 cap;       /* bytes allocated for text */
  guint32 chars;     /* characters in text */
  guint32 run_bytes; /* bytes of the runs @styles points to */
  guint16 n_paras;   /* paragraphs, 1..PARA_STORE_MAX_PARAS (0 only while being filled) */
  guint16 cap_paras; /* entries allocated in @ends, @styles, @endings (when present) */
  StyleId style;     /* every paragraph's style when @styles is NULL */
  guint8 ending;     /* every paragraph's LineEnding when @endings is NULL */
};

/* ---------------------------------------------------------------- counting */

/* Characters in @n bytes of valid UTF-8: the bytes that are not continuation
 * bytes (10xxxxxx), counted eight at a time. Edits in a 10 MB line count the
 * characters on both sides of the cursor, so this is several times faster
 * than g_utf8_pointer_to_offset's byte-by-byte skip. */
guint64 utf8_count(const char *s, gsize n)
{
  const guint64 high = G_GUINT64_CONSTANT(0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  guint64 cont = 0;
  gsize i = 0;
  for (; i + 8 <= n; i += 8) {
    guint64 w;
    memcpy(&w, s + i, sizeof w);
    /* bit 7 of each byte: set when the byte is 10xxxxxx; then sum the bytes */
    guint64 marks = (w & ~(w << 1) & high) >> 7;
    cont += (marks * ones) >> 56;
  }
  for (; i < n; i++)
    cont += ((unsigned char)s[i] & 0xC0) == 0x80;
  return n - cont;
}

/* ---------------------------------------------------------------- finding */

/* Whether block @b holds paragraph @i. */
static inline bool block_holds(const Block *b, guint32 i)
{
  return i >= b->first && i - b->first < b->n_paras;
}

/* The index of the block that holds paragraph @i (< n_paras). Tries the block
 * found last and the one after it (reading in order) before a binary search. */
static guint32 block_find(const ParaStore *store, guint32 i)
{
  guint32 h = store->hint;
  if (h < store->n_blocks && block_holds(&store->blocks[h], i))
    return h;
  if (h + 1 < store->n_blocks && block_holds(&store->blocks[h + 1], i)) {
    ((ParaStore *)store)->hint = h + 1; /* a cache: documented as changed by reads */
    return h + 1;
  }
  guint32 lo = 0, hi = store->n_blocks;
  while (hi - lo > 1) {
    guint32 mid = lo + (hi - lo) / 2;
    if (store->blocks[mid].first <= i)
      lo = mid;
    else
      hi = mid;
  }
  ((ParaStore *)store)->hint = lo;
  return lo;
}

static inline guint32 para_start(const Block *b, guint32 k)
{
  return k == 0 ? 0 : b->ends[k - 1];
}

static inline guint32 para_end(const Block *b, guint32 k)
{
  return k + 1 < b->n_paras ? b->ends[k] : b->bytes;
}

/* Paragraph @k of block @b. */
static Para block_para(const Block *b, guint32 k)
{
  guint32 start = para_start(b, k);
  Para p = {.text = b->text ? b->text + start : "", .bytes = para_end(b, k) - start};
  p.ending = b->endings ? b->endings[k] : b->ending;
  if (b->styles == NULL) {
    p.style = b->style;
    p.n_runs = 1;
  } else {
    p.style = b->styles[k].style;
    p.runs = b->styles[k].runs;
    p.n_runs = b->styles[k].n_runs;
  }
  return p;
}

Para para_store_get(const ParaStore *store, guint32 i)
{
  const Block *b = &store->blocks[block_find(store, i)];
  return block_para(b, i - b->first);
}

const char *para_store_span(const ParaStore *store, guint32 i, guint32 *n, guint32 *bytes)
{
  const Block *b = &store->blocks[block_find(store, i)];
  guint32 k = i - b->first, start = para_start(b, k);
  *n = b->n_paras - k;
  *bytes = b->bytes - start;
  return b->text ? b->text + start : "";
}

guint32 para_store_chars(const ParaStore *store, guint32 i)
{
  const Block *b = &store->blocks[block_find(store, i)];
  if (b->n_paras == 1)
    return b->chars;
  guint32 k = i - b->first, start = para_start(b, k), end = para_end(b, k);
  if (b->chars == b->bytes) /* one byte per character throughout */
    return end - start;
  return (guint32)utf8_count(b->text + start, end - start);
}

/* ---------------------------------------------------------------- one block */

/* Bytes block @b's allocations hold. */
static guint64 block_alloc_bytes(const Block *b)
{
  guint64 bytes = b->cap;
  guint32 arrays = b->cap_paras;
  bytes += b->ends ? arrays * sizeof(guint16) : 0;
  bytes += b->endings ? arrays : 0;
  bytes += b->styles ? arrays * sizeof(ParaStyle) + b->run_bytes : 0;
  return bytes;
}

static void block_free_storage(Block *b)
{
  for (guint32 k = 0; b->styles != NULL && k < b->n_paras; k++)
    g_free(b->styles[k].runs);
  g_free(b->styles);
  g_free(b->text);
  g_free(b->ends);
  g_free(b->endings);
  *b = (Block){0};
}

/* @array (of @old entries of @size bytes) with room for @n. Shrinking makes
 * a copy rather than shrinking in place: a filled block's array gives back
 * its whole room, which the next block's array of the same size takes,
 * where an in-place shrink would leave a hole of its tail for each block. */
static void *resize_array(void *array, guint32 old, guint32 n, gsize size)
{
  if (array == NULL || n >= old)
    return array ? g_realloc_n(array, n, size) : NULL;
  void *copy = g_memdup2(array, n * size);
  g_free(array);
  return copy;
}

/* Sets @b's room: @cap text bytes and @cap_paras entries in the arrays it has. */
static void block_resize(Block *b, guint32 cap, guint32 cap_paras)
{
  if (cap != b->cap)
    b->text = g_realloc(b->text, cap);
  b->cap = cap;
  if (cap_paras == b->cap_paras)
    return;
  b->ends = resize_array(b->ends, b->cap_paras, cap_paras, sizeof(guint16));
  b->endings = resize_array(b->endings, b->cap_paras, cap_paras, sizeof(guint8));
  b->styles = resize_array(b->styles, b->cap_paras, cap_paras, sizeof(ParaStyle));
  b->cap_paras = (guint16)cap_paras;
}

/* Gives @b per-paragraph endings: every paragraph so far has @b->ending. */
static void block_split_endings(Block *b)
{
  b->endings = g_new(guint8, b->cap_paras);
  memset(b->endings, b->ending, b->cap_paras);
}

/* Gives @b per-paragraph styles: every paragraph so far is in @b->style. */
static void block_split_styles(Block *b)
{
  b->styles = g_new(ParaStyle, b->cap_paras);
  for (guint32 k = 0; k < b->cap_paras; k++)
    b->styles[k] = (ParaStyle){NULL, 1, b->style};
}

/* Records paragraph @k's style (a copy of its runs). */
static void block_put_style(Block *b, guint32 k, const Para *p)
{
  if (b->styles == NULL && (p->runs != NULL || p->style != b->style))
    block_split_styles(b);
  if (b->styles == NULL)
    return;
  ParaStyle *s = &b->styles[k];
  s->style = p->style;
  s->n_runs = p->runs ? p->n_runs : 1;
  s->runs = p->runs ? g_memdup2(p->runs, p->n_runs * sizeof(StyleRun)) : NULL;
  b->run_bytes += p->runs ? p->n_runs * (guint32)sizeof(StyleRun) : 0;
}

/* Appends @p (@chars characters) to @b, which has room for it. */
static void block_put(Block *b, const Para *p, guint32 chars)
{
  guint32 k = b->n_paras;
  if (k == 0) { /* the first paragraph sets what the block's paragraphs share */
    b->style = p->style;
    b->ending = p->ending;
  } else {
    if (b->ends == NULL)
      b->ends = g_new(guint16, b->cap_paras);
    b->ends[k - 1] = (guint16)b->bytes;
  }
  if (b->endings == NULL && p->ending != b->ending)
    block_split_endings(b);
  if (b->endings)
    b->endings[k] = p->ending;
  block_put_style(b, k, p);
  if (p->bytes > 0)
    memcpy(b->text + b->bytes, p->text, p->bytes);
  b->bytes += p->bytes;
  b->chars += chars;
  b->n_paras++;
}

/* A new block with room for @cap bytes and @cap_paras paragraphs. */
static Block block_make(guint32 cap, guint32 cap_paras)
{
  Block b = {0};
  block_resize(&b, cap, cap_paras);
  return b;
}

/* ---------------------------------------------------------------- the array of blocks */

/* Replaces blocks [@from, @to) by @n blocks @made and renumbers the blocks from @from. */
static void splice_blocks(ParaStore *store, guint32 from, guint32 to, const Block *made, guint32 n)
{
  guint64 count = (guint64)store->n_blocks - (to - from) + n;
  if (count > store->cap_blocks) {
    store->cap_blocks = (guint32)MAX(count, store->cap_blocks + store->cap_blocks / 4 + 4);
    store->blocks = g_renew(Block, store->blocks, store->cap_blocks);
  }
  memmove(&store->blocks[from + n], &store->blocks[to], (store->n_blocks - to) * sizeof(Block));
  memcpy(&store->blocks[from], made, n * sizeof(Block));
  store->n_blocks = (guint32)count;
  guint32 first = from == 0 ? 0 : store->blocks[from - 1].first + store->blocks[from - 1].n_paras;
  for (guint32 b = from; b < store->n_blocks; b++) {
    store->blocks[b].first = first;
    first += store->blocks[b].n_paras;
  }
  store->n_paras = first;
  store->hint = from;
}

/* Fits block @b's room to what it holds. */
static void block_fit(ParaStore *store, Block *b)
{
  store->block_bytes -= block_alloc_bytes(b);
  block_resize(b, b->bytes, b->n_paras);
  store->block_bytes += block_alloc_bytes(b);
}

void para_store_compact(ParaStore *store)
{
  if (store->n_blocks > 0)
    block_fit(store, &store->blocks[store->n_blocks - 1]);
  store->blocks = g_renew(Block, store->blocks, MAX(store->n_blocks, 1));
  store->cap_blocks = MAX(store->n_blocks, 1);
}

void para_store_init(ParaStore *store)
{
  *store = (ParaStore){0};
}

void para_store_clear(ParaStore *store)
{
  for (guint32 b = 0; b < store->n_blocks; b++)
    block_free_storage(&store->blocks[b]);
  store->n_blocks = store->n_paras = 0;
  store->hint = 0;
  store->block_bytes = 0;
  store->chars = store->bytes = 0;
}

/* Whether a paragraph of @bytes is stored alone. */
static inline bool is_alone(guint32 bytes)
{
  return bytes > PARA_STORE_ALONE_BYTES;
}

void para_store_append(ParaStore *store, const Para *p)
{
  guint32 chars = (guint32)utf8_count(p->text, p->bytes);
  Block *last = store->n_blocks ? &store->blocks[store->n_blocks - 1] : NULL;
  bool fits = last != NULL && !is_alone(p->bytes) &&
              (last->n_paras > 1 || !is_alone(last->bytes)) &&
              last->bytes + p->bytes <= PARA_STORE_FILL_BYTES &&
              last->n_paras < PARA_STORE_MAX_PARAS;
  if (!fits) {
    if (last != NULL)
      block_fit(store, last); /* full: give back its room */
    Block b = is_alone(p->bytes) ? block_make(p->bytes, 1)
                                 : block_make(PARA_STORE_FILL_BYTES, PARA_STORE_MAX_PARAS);
    splice_blocks(store, store->n_blocks, store->n_blocks, &b, 1);
    last = &store->blocks[store->n_blocks - 1];
    store->block_bytes += block_alloc_bytes(last);
  } else if (last->cap < PARA_STORE_FILL_BYTES || last->cap_paras < PARA_STORE_MAX_PARAS) {
    store->block_bytes -= block_alloc_bytes(last); /* an edited block: room to load into */
    block_resize(last, PARA_STORE_FILL_BYTES, PARA_STORE_MAX_PARAS);
    store->block_bytes += block_alloc_bytes(last);
  }
  guint64 before = block_alloc_bytes(last);
  block_put(last, p, chars);
  store->block_bytes += block_alloc_bytes(last) - before; /* arrays it had to add */
  store->n_paras++;
  store->chars += chars;
  store->bytes += p->bytes;
}

void para_store_append_taken(ParaStore *store, char *text, guint32 len, LineEnding ending,
                             StyleId style)
{
  if (!is_alone(len)) { /* short: copied into the last block like any other */
    Para p = {.text = text, .bytes = len, .n_runs = 1, .style = style, .ending = (guint8)ending};
    para_store_append(store, &p);
    g_free(text);
    return;
  }
  if (store->n_blocks > 0)
    block_fit(store, &store->blocks[store->n_blocks - 1]);
  Block b = {.text = g_realloc(text, len), .bytes = len, .cap = len, .n_paras = 1, .cap_paras = 1};
  b.chars = (guint32)utf8_count(b.text, len);
  b.style = style;
  b.ending = (guint8)ending;
  splice_blocks(store, store->n_blocks, store->n_blocks, &b, 1);
  store->block_bytes += block_alloc_bytes(&b);
  store->chars += b.chars;
  store->bytes += len;
}

/* ---------------------------------------------------------------- repacking */

/* How the paragraphs [0, n) of a sequence are cut into blocks: @cuts[g] is
 * where block g ends. Returns the number of blocks. */
static guint32 plan_blocks(const Para *seq, guint32 n, guint32 *cuts)
{
  guint32 groups = 0;
  for (guint32 i = 0; i < n;) {
    if (is_alone(seq[i].bytes)) {
      cuts[groups++] = ++i;
      continue;
    }
    guint32 j = i;
    guint64 total = 0;
    for (; j < n && !is_alone(seq[j].bytes); j++)
      total += seq[j].bytes;
    guint32 count = j - i;
    if (total <= PARA_STORE_MAX_BYTES && count <= PARA_STORE_MAX_PARAS) {
      cuts[groups++] = i = j; /* all in one block (empty paragraphs included) */
      continue;
    }
    guint32 m = (guint32)MAX((total + PARA_STORE_FILL_BYTES - 1) / PARA_STORE_FILL_BYTES,
                             (count + PARA_STORE_MAX_PARAS - 1) / PARA_STORE_MAX_PARAS);
    /* even blocks: each closes once it reaches its share of paragraphs or of
     * bytes, the latter at least half a fill (when the paragraphs' number
     * decided m, a tiny share would cut a block after every few bytes); so
     * none passes PARA_STORE_FILL + PARA_STORE_ALONE < PARA_STORE_MAX bytes */
    guint64 share_bytes = MAX((total + m - 1) / m, PARA_STORE_FILL_BYTES / 2);
    guint64 share_paras = (count + m - 1) / m;
    guint64 bytes = 0, paras = 0;
    for (; i < j; i++) {
      bytes += seq[i].bytes;
      paras++;
      if (bytes >= share_bytes || paras >= share_paras || i + 1 == j) {
        cuts[groups++] = i + 1;
        bytes = paras = 0;
      }
    }
  }
  return groups;
}

/* Builds the blocks of the sequence @seq into @made as planned by @cuts
 * (@groups blocks), with their characters counted, but for block @guess
 * (G_MAXUINT32: none), which is left at 0 for the caller. */
static void build_blocks(const Para *seq, const guint32 *cuts, guint32 groups, Block *made,
                         guint32 guess)
{
  guint32 from = 0;
  for (guint32 g = 0; g < groups; g++) {
    guint64 bytes = 0;
    for (guint32 i = from; i < cuts[g]; i++)
      bytes += seq[i].bytes;
    made[g] = block_make((guint32)bytes, cuts[g] - from);
    for (guint32 i = from; i < cuts[g]; i++)
      block_put(&made[g], &seq[i], g == guess ? 0 : (guint32)utf8_count(seq[i].text, seq[i].bytes));
    from = cuts[g];
  }
}

/* Whether block @b may take in a neighbour's paragraphs. */
static inline bool block_mergeable(const Block *b)
{
  return b->n_paras > 1 || !is_alone(b->bytes);
}

/* The blocks [*@from, *@to) that an edit of paragraphs [first, first +
 * removed) rebuilds: those holding them, and a neighbour when the result
 * would be small. @new_bytes: the bytes of the paragraphs coming in. */
static void edit_range(const ParaStore *store, guint32 first, guint32 removed, guint64 new_bytes,
                       guint32 *from, guint32 *to)
{
  *from = block_find(store, first);
  *to = block_find(store, first + removed - 1) + 1;
  guint64 kept = 0;
  for (guint32 b = *from; b < *to; b++)
    kept += store->blocks[b].bytes;
  if (kept + new_bytes >=
      PARA_STORE_SMALL_BYTES) /* (an overestimate: removed text not subtracted) */
    return;
  if (*to < store->n_blocks && block_mergeable(&store->blocks[*to]))
    (*to)++;
  else if (*from > 0 && block_mergeable(&store->blocks[*from - 1]))
    (*from)--;
}

/* Appends block @b's paragraphs [@from, @to) to @seq. */
static void add_block_paras(GArray *seq, const Block *b, guint32 from, guint32 to)
{
  for (guint32 k = from; k < to; k++) {
    Para p = block_para(b, k);
    g_array_append_val(seq, p);
  }
}

/* The index, in @seq cut by @cuts, of the block to take its character count
 * from the edit's arithmetic instead of counting: the largest block alone,
 * when it is large enough for counting to matter; else G_MAXUINT32. */
static guint32 pick_guess(const Para *seq, const guint32 *cuts, guint32 groups)
{
  guint32 best = G_MAXUINT32, best_bytes = 1u << 20, from = 0;
  for (guint32 g = 0; g < groups; from = cuts[g++])
    if (cuts[g] - from == 1 && seq[from].bytes > best_bytes) {
      best = g;
      best_bytes = seq[from].bytes;
    }
  return best;
}

/* Collects into @seq the paragraphs of blocks [@from, @to) with [first,
 * first + removed) replaced by @paras (@n). */
static void collect_sequence(const ParaStore *store, guint32 from, guint32 to, guint32 first,
                             guint32 removed, const Para *paras, guint32 n, GArray *seq)
{
  for (guint32 b = from; b < to; b++) {
    const Block *blk = &store->blocks[b];
    guint32 lo = blk->first, hi = blk->first + blk->n_paras;
    add_block_paras(seq, blk, 0, MIN(hi, first) - MIN(lo, first));
    if (first >= lo && first < hi)
      g_array_append_vals(seq, paras, n);
    add_block_paras(seq, blk, MAX(lo, first + removed) - lo, blk->n_paras);
  }
}

void para_store_replace(ParaStore *store, guint32 first, guint32 removed, const Para *paras,
                        guint32 n, gint64 chars_delta)
{
  g_return_if_fail(removed >= 1 && n >= 1 && first + removed <= store->n_paras);
  guint64 new_bytes = 0;
  for (guint32 i = 0; i < n; i++)
    new_bytes += paras[i].bytes;
  guint32 from, to;
  edit_range(store, first, removed, new_bytes, &from, &to);
  g_autoptr(GArray) seq = g_array_new(FALSE, FALSE, sizeof(Para));
  guint64 old_chars = 0, old_bytes = 0, old_alloc = 0;
  for (guint32 b = from; b < to; b++) {
    old_chars += store->blocks[b].chars;
    old_bytes += store->blocks[b].bytes;
    old_alloc += block_alloc_bytes(&store->blocks[b]);
  }
  collect_sequence(store, from, to, first, removed, paras, n, seq);
  const Para *all = (const Para *)seq->data;
  g_autofree guint32 *cuts = g_new(guint32, seq->len);
  guint32 groups = plan_blocks(all, seq->len, cuts);
  g_autofree Block *made = g_new(Block, groups);
  guint32 guess = pick_guess(all, cuts, groups);
  build_blocks(all, cuts, groups, made, guess);
  guint64 new_chars = 0, made_bytes = 0, new_alloc = 0;
  for (guint32 g = 0; g < groups; g++) {
    new_chars += made[g].chars;
    made_bytes += made[g].bytes;
    new_alloc += block_alloc_bytes(&made[g]);
  }
  if (guess != G_MAXUINT32) { /* the range's count, changed by the edit, less the others' */
    made[guess].chars = (guint32)((gint64)old_chars + chars_delta - (gint64)new_chars);
    new_chars = (guint64)((gint64)old_chars + chars_delta);
  }
  for (guint32 b = from; b < to; b++) /* after building: @paras may point into them */
    block_free_storage(&store->blocks[b]);
  splice_blocks(store, from, to, made, groups);
  store->chars = store->chars - old_chars + new_chars;
  store->bytes = store->bytes - old_bytes + made_bytes;
  store->block_bytes = store->block_bytes - old_alloc + new_alloc;
}

void para_store_set_ending(ParaStore *store, guint32 i, LineEnding ending)
{
  Block *b = &store->blocks[block_find(store, i)];
  guint32 k = i - b->first;
  if (b->endings == NULL && b->ending == ending)
    return;
  if (b->endings == NULL) {
    if (b->n_paras == 1) {
      b->ending = (guint8)ending;
      return;
    }
    block_split_endings(b);
    store->block_bytes += b->cap_paras;
  }
  b->endings[k] = (guint8)ending;
}

/* ---------------------------------------------------------------- accounting and checking */

guint64 para_store_bytes(const ParaStore *store)
{
  return store->block_bytes + (guint64)store->cap_blocks * sizeof(Block);
}

/* What is wrong with block @b, expected to start at paragraph @first, or NULL. */
static const char *block_fault(const Block *b, guint32 first)
{
  if (b->first != first)
    return "a block's first paragraph index is wrong";
  if (b->n_paras == 0 || b->n_paras > PARA_STORE_MAX_PARAS)
    return "a block holds no paragraph, or too many";
  if (b->n_paras > 1 && (b->bytes > PARA_STORE_MAX_BYTES || b->ends == NULL))
    return "a block holds several paragraphs but more than 64 KiB, or no ends";
  if (b->bytes > b->cap || b->n_paras > MAX(b->cap_paras, 1))
    return "a block holds more than its room";
  for (guint32 k = 0; k < b->n_paras; k++)
    if (para_start(b, k) > para_end(b, k))
      return "a block's paragraph ends are out of order";
  if (utf8_count(b->text, b->bytes) != b->chars)
    return "a block's character count is wrong";
  for (guint32 k = 0; b->styles != NULL && k < b->n_paras; k++)
    if ((b->styles[k].runs == NULL) != (b->styles[k].n_runs == 1))
      return "a paragraph's run count is wrong";
  return NULL;
}

const char *para_store_fault(const ParaStore *store)
{
  guint64 chars = 0, bytes = 0;
  guint32 first = 0;
  for (guint32 i = 0; i < store->n_blocks; i++) {
    const char *fault = block_fault(&store->blocks[i], first);
    if (fault != NULL)
      return fault;
    first += store->blocks[i].n_paras;
    chars += store->blocks[i].chars;
    bytes += store->blocks[i].bytes;
  }
  if (first != store->n_paras || chars != store->chars || bytes != store->bytes)
    return "the totals are not the blocks'";
  return NULL;
}
