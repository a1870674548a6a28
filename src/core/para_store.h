/* para_store.h — a document's paragraphs, stored in blocks. Private to
 * src/core: the Document (document_private.h) embeds one; para_store.c says
 * how it works.
 *
 * Representation. A block holds up to PARA_STORE_MAX_PARAS paragraphs'
 * UTF-8 back to back in one allocation, with no separators, and where each
 * one ends as a 16-bit offset: a block of several paragraphs holds at most
 * 65,535 bytes. A paragraph longer than PARA_STORE_ALONE_BYTES has a block to
 * itself, of any size up to 4 GiB. What most paragraphs share is said once
 * per block: the style (when every paragraph is one run of it) and the line
 * ending; a block whose paragraphs differ gets a per-paragraph array for that
 * only. So a line of text costs its UTF-8 plus 2 bytes, and the block's
 * record (64 bytes) is shared by up to 2,048 lines.
 *
 * Finding. The blocks are an array in order, each knowing the index of its
 * first paragraph: paragraph N is found by binary search, and a hint
 * remembers the last block found, so reading paragraphs in order takes no
 * search. An edit rebuilds only the blocks holding the paragraphs it
 * replaces (and a small neighbour, so that blocks do not dwindle), then
 * renumbers the blocks after them: O(block size + number of blocks), the
 * latter a few hundred for 10 MB.
 *
 * Capacity grows with the text: up to 2^32-1 paragraphs of up to 2^32-1
 * bytes (the caller checks both before storing). */
#ifndef GLYPHPAD_PARA_STORE_H
#define GLYPHPAD_PARA_STORE_H

#include <glib.h>
#include <stdbool.h>
#include "document_types.h"

#define PARA_STORE_MAX_BYTES 65535u  /* text of a block of several paragraphs (16-bit ends) */
#define PARA_STORE_FILL_BYTES 49152u /* what loading and repacking fill a block to: room to type */
#define PARA_STORE_ALONE_BYTES \
  16000u                             /* longer paragraphs get a block of their own; FILL + ALONE
                                       * stays under MAX, so an even cut always fits */
#define PARA_STORE_MAX_PARAS 2048u   /* paragraphs in a block (empty lines cost 2 bytes) */
#define PARA_STORE_SMALL_BYTES 8192u /* an edited block under this takes a neighbour in */

/* A paragraph: read (pointers into its block, valid until the next change)
 * or about to be stored (copied). */
typedef struct {
  const char *text;     /* its UTF-8, not NUL-ended (read: never NULL; stored: NULL when empty) */
  const StyleRun *runs; /* its runs when several, else NULL */
  guint32 bytes;        /* length of @text */
  guint32 n_runs;       /* runs in @runs; 1 when @runs is NULL */
  StyleId style;        /* the style when one run (else runs[0].style) */
  guint8 ending;        /* LineEnding */
} Para;

typedef struct Block Block; /* para_store.c */

/* The paragraphs. Embedded: para_store_init() and para_store_clear(). */
typedef struct {
  Block *blocks;                /* in order */
  guint32 n_blocks, cap_blocks; /* blocks, and room in @blocks */
  guint32 n_paras;              /* paragraphs in all blocks */
  guint32 hint;                 /* the block the last lookup found: a cache, changed by reads */
  guint64 chars, bytes;         /* totals, line breaks not counted */
  guint64 block_bytes;          /* what the blocks' allocations hold */
} ParaStore;

/* No paragraphs. */
void para_store_init(ParaStore *store);
/* Frees every block: no paragraphs (and nothing allocated but the block array). */
void para_store_clear(ParaStore *store);

/* Paragraph @i (< n_paras). */
Para para_store_get(const ParaStore *store, guint32 i);
/* Paragraph @i and those stored after it in the same block: their text back
 * to back from @i's start (no separators; paragraph @i + k starts where @i +
 * k - 1 ends), *@n paragraphs (>= 1) and *@bytes long. Valid until the next
 * change. */
const char *para_store_span(const ParaStore *store, guint32 i, guint32 *n, guint32 *bytes);
/* Characters in paragraph @i: O(1) for a paragraph alone or a block of
 * single-byte characters, else a count of its bytes. */
guint32 para_store_chars(const ParaStore *store, guint32 i);
/* Sets paragraph @i's line ending. */
void para_store_set_ending(ParaStore *store, guint32 i, LineEnding ending);

/* Replaces paragraphs [first, first + removed) by the @n >= 1 paragraphs
 * @paras (copied; they may point into the paragraphs they replace), @removed
 * >= 1. @chars_delta: how many characters the change adds (negative:
 * removes), which the caller knows from what it inserted or deleted; with it
 * a 10 MB paragraph's characters are not counted again after each keystroke. */
void para_store_replace(ParaStore *store, guint32 first, guint32 removed, const Para *paras,
                        guint32 n, gint64 chars_delta);
/* Appends @p at the end (loading), filling the last block in place. */
void para_store_append(ParaStore *store, const Para *p);
/* Appends a paragraph of @len bytes of UTF-8 at @text, taking @text (a
 * g_malloc'd buffer, freed by the store) instead of a copy: a long line
 * loaded is then never held twice. Style @style, one run. */
void para_store_append_taken(ParaStore *store, char *text, guint32 len, LineEnding ending,
                             StyleId style);
/* Gives back the last block's room to grow (end of loading) and the block array's. */
void para_store_compact(ParaStore *store);

/* Bytes the store's allocations hold: text, ends, styles, endings, block records. */
guint64 para_store_bytes(const ParaStore *store);
/* What is wrong with the store's invariants (numbering, counts, sizes, ends,
 * totals against the text), or NULL: for tests and fuzzers. */
const char *para_store_fault(const ParaStore *store);

/* Characters in @n bytes of valid UTF-8 (U+0000 counts), eight bytes at a time. */
guint64 utf8_count(const char *s, gsize n);

#endif
