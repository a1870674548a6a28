/* bidi.h — right-to-left text: embedding levels and visual order (UAX #9, over FriBidi).
 *
 * Layout breaks a paragraph into lines in logical order (by shaped widths), then
 * asks this module for each line's runs of one embedding level and their visual
 * order. Everything works on one paragraph's UTF-8 as (const char *text, gsize len)
 * with byte offsets; the text may contain U+0000 and the raw-byte code points
 * U+10FF00..U+10FFFF (glyph.h: private use, so strong left-to-right). Offsets
 * passed in must lie on a code point's first byte (0 and @len included).
 *
 * English pays nothing. bidi_needed() is a byte scan for bytes >= 0xD6 (the first
 * byte of every code point >= U+0580; ASCII and continuation bytes are below), in
 * blocks the compiler turns into SIMD max instructions; only a code point in the
 * blocks where right-to-left characters live is looked up in FriBidi's tables.
 * A line of a left-to-right paragraph whose text, from the last strong character
 * before it, needs no bidi comes back as one run of level 0 without FriBidi's
 * algorithm (ASCII without any FriBidi call; other text may look up the class of
 * the characters between the line and that strong character).
 *
 * A line is resolved with bounded context, not the whole paragraph. Without
 * explicit embeddings and isolates, every character sits at the paragraph level
 * and its resolved level depends on the strong types around it: rules W1-W7 look
 * back to the previous strong character (L, R, AL) and at number sequences, N1
 * looks at the strong types on both sides of a run of neutrals. So the line
 * [from, to) is resolved by FriBidi over a context window that starts at the last
 * strong character before @from and ends after the first strong character at or
 * after @to (or at the paragraph's edges), with the paragraph's direction as sos
 * and eos. That is exact. Paired brackets (N0) reach further: a bracket may pair
 * with one anywhere in the paragraph, and its resolution depends on what is
 * inside the pair. The window is therefore widened (doubling, then back to a
 * strong character) until every bracket in it is paired inside it or the window
 * reaches the paragraph's edge; then it is exact too.
 *
 * "Exact" means: the levels FriBidi (1.0.8) gives the whole paragraph, with L1 at the
 * line's end (the tests compare them on random text and on the Hebrew, Arabic and
 * Persian translation catalogues). That includes FriBidi's own pairing, which does
 * not see a bracket right after a non-spacing mark that follows a neutral (in
 * "(!\u064B)" the ")" closes nothing): the window pairs brackets the same way.
 *
 * Approximations, each counted in BidiWork.approximations: the window is widened
 * at most BIDI_CONTEXT_MAX bytes beyond the line on either side; past that (no
 * strong character for 16 KiB, a bracket whose partner is farther away, or a
 * stray bracket in a paragraph longer than that) the window's edge stands in for
 * the rest, with the paragraph direction as sos/eos and the unpaired brackets as
 * neutrals. Not detected: 63 brackets left open before the window. BD16 (and
 * FriBidi) then pairs no bracket in the rest of the paragraph, while the window
 * still pairs its own; knowing it would take a pass over the paragraph.
 *
 * The whole paragraph is resolved (counted in BidiWork.whole_paragraphs) only
 * when explicit formatting (LRE RLE LRO RLO PDF, LRI RLI FSI PDI) reaches the
 * line: a control inside the window, or embeddings/isolates still open at the
 * window's start. Their effect has no bound (an RLE at the start raises the rest
 * of the paragraph), so then the window is the paragraph (FriBidi over all of
 * it: about 9 bytes a character here, plus FriBidi's runs). Controls that are
 * closed before the window, or come after it, cost a byte scan for their first
 * byte (memchr) from the first control to the window, nothing more. LRM, RLM and
 * ALM are strong characters, not formatting: they need no whole pass.
 *
 * Rule L1 is applied per line: white space, isolate controls and format
 * characters (BN) before a tab or a paragraph separator and at the line's end take
 * the paragraph level, and so do tabs and separators themselves. A paragraph
 * separator inside a paragraph (U+2029, U+0085, U+001C..U+001E: the document
 * splits only at CR and LF) is resolved as a tab is; FriBidi, which takes its
 * input as one paragraph, would leave everything after it at level 0.
 *
 * No mirroring here: an odd-level run is shaped by HarfBuzz with HB_DIRECTION_RTL,
 * which mirrors "(" to ")" by the Unicode Bidi_Mirroring_Glyph property and
 * returns the run's glyphs in visual (right-to-left) order. So a run is the unit
 * of reordering here; nothing is reordered inside a run (L2 for characters, L3's
 * combining marks and L4 are HarfBuzz's).
 *
 * No state: every function takes what it needs; BidiParagraph is a small value
 * the caller keeps per paragraph. */
#ifndef GLYPHPAD_BIDI_H
#define GLYPHPAD_BIDI_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Bytes of context a line's window may reach beyond the line on each side. */
#define BIDI_CONTEXT_MAX 16384

typedef enum {
  BIDI_LTR = 0, /* paragraph level 0 */
  BIDI_RTL = 1, /* paragraph level 1 */
} BidiDirection;

/* Bytes [start, end) of the paragraph at one embedding level. */
typedef struct {
  gsize start;   /* first byte, an offset into the paragraph */
  gsize end;     /* one past the last byte */
  uint8_t level; /* even: left-to-right, odd: right-to-left (at most 125) */
} BidiRun;

/* What the calls cost, for tests and statistics: every function adds to the
 * counters of the BidiWork it is given (zero it first; NULL counts nothing). */
typedef struct {
  gsize bytes_scanned;    /* bytes read by byte scans and searches, FriBidi aside */
  gsize bytes_resolved;   /* bytes whose characters were handed to FriBidi's algorithm */
  guint fribidi_calls;    /* calls into libfribidi, character lookups included */
  guint whole_paragraphs; /* lines resolved over their whole paragraph (controls) */
  guint approximations;   /* lines whose context did not fit their window (see above) */
} BidiWork;

/* A paragraph's bidi facts, kept by the caller beside the paragraph. */
typedef struct {
  BidiDirection direction; /* from the first strong character (P2-P3), LTR when none */
  gsize decided_end;       /* one past that character; G_MAXSIZE when none */
  gsize explicit_at;       /* the first LRE..PDF/LRI..PDI, or G_MAXSIZE when none */
  const guint8 *levels;    /* borrowed, may be NULL: bidi_paragraph_levels() of this very
                            * text. A line that explicit controls reach is resolved over the
                            * whole paragraph; with these it is read from them instead, so a
                            * long paragraph's lines do not each cost the whole paragraph. */
} BidiParagraph;

/* Whether @text needs the bidi algorithm at all: it has a right-to-left letter
 * (bidi class R or AL: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic,
 * presentation forms, RLM, ALM, the right-to-left scripts of plane 1), an
 * Arabic number (class AN, which sits at level 2 even in left-to-right text),
 * or a bidi control (LRM, LRE..RLO, PDF, LRI..PDI). False for any text without code
 * points >= U+0590, found by a byte scan; any range of a paragraph may be
 * asked. When false for a whole paragraph, its levels are all 0: one run. */
bool bidi_needed(const char *text, gsize len, BidiWork *work);

/* Whether @text has a right-to-left letter (R, AL) and also something the
 * algorithm may put at another level: a left-to-right letter, a number (EN,
 * AN) or a bidi control. Text that is not mixed is shaped in one direction;
 * mixed text needs its runs (bidi_range_runs) first. Reads until it knows. */
bool bidi_is_mixed(const char *text, gsize len, BidiWork *work);

/* The paragraph direction of @text by rules P2-P3: that of its first strong
 * character (L, or R/AL) outside isolates, LTR when it has none. Stops at that
 * character, so it reads a few bytes of a paragraph that starts with a letter.
 * @decided_end (may be NULL) receives the offset one past it, or G_MAXSIZE. */
BidiDirection bidi_direction(const char *text, gsize len, gsize *decided_end, BidiWork *work);

/* The offset of the first explicit embedding, override or isolate control (LRE
 * RLE LRO RLO PDF LRI RLI FSI PDI) in @text, or G_MAXSIZE when there is none.
 * A scan of the whole text for the byte 0xE2 (memchr). */
gsize bidi_find_explicit(const char *text, gsize len, BidiWork *work);

/* The bidi facts of the paragraph @text: bidi_direction and bidi_find_explicit.
 * Reads the whole paragraph once (a byte scan); keep it, and update it on edits
 * with bidi_paragraph_edited(). */
BidiParagraph bidi_paragraph_analyze(const char *text, gsize len, BidiWork *work);

/* The level of every byte of @text resolved as one whole paragraph with
 * @para's direction (what the line functions do for a line that explicit
 * controls reach): a character's level on each of its bytes, bit 7 set where
 * rule L1 gives it the paragraph level at a line's end (white space,
 * separators, controls). NULL when @para has no explicit control (lines are
 * resolved in windows then) or @text is empty. One FriBidi call over the
 * paragraph; a byte per byte of text. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT guint8 *bidi_paragraph_levels(const char *text, gsize len,
                                                        const BidiParagraph *para, BidiWork *work);

/* Updates @para after an edit replaced @removed bytes at @at by @inserted bytes;
 * @text, @len is the paragraph after the edit. Rereads only what the edit can
 * change: the direction when the edit is before the end of the character that
 * decided it, the inserted bytes for controls, and the rest of the paragraph only
 * when the edit removed its first control. Typing into a long line costs the
 * inserted bytes. Its levels become NULL (they described the old text): set
 * them again with bidi_paragraph_levels() where they are wanted. */
void bidi_paragraph_edited(BidiParagraph *para, const char *text, gsize len, gsize at,
                           gsize removed, gsize inserted, BidiWork *work);

/* The runs of the line @text[@from, @to) of the paragraph @text, @len whose facts
 * are @para: maximal runs of one level, in logical order, covering [from, to),
 * with rule L1 applied at the line's end (@to). Resolved with bounded context as
 * the file comment says. Returns a new array of *@n_runs runs (g_free it); NULL
 * and 0 runs when @from == @to. */
G_GNUC_WARN_UNUSED_RESULT BidiRun *bidi_line_runs(const char *text, gsize len,
                                                  const BidiParagraph *para, gsize from, gsize to,
                                                  gsize *n_runs, BidiWork *work);

/* The same for a range that is not a line's end: the levels the paragraph gives
 * [from, to), before line breaking (to choose each run's shaping direction).
 * L1 at @to only when @to is the paragraph's end. */
G_GNUC_WARN_UNUSED_RESULT BidiRun *bidi_range_runs(const char *text, gsize len,
                                                   const BidiParagraph *para, gsize from, gsize to,
                                                   gsize *n_runs, BidiWork *work);

/* The visual order of a line's runs (rule L2: from the highest level down to the
 * lowest odd level, reverse every maximal sequence of runs at that level or
 * higher): @order[i] receives the index into @runs of the i-th run from the left.
 * @order has room for @n_runs entries. */
void bidi_visual_order(const BidiRun *runs, gsize n_runs, gsize *order);

#endif
