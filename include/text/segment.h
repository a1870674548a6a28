/* segment.h — where text may be split: grapheme clusters, words, line breaks.
 *
 * Everything works on one paragraph's UTF-8 as (const char *utf8, gsize len) with
 * byte offsets; the text is valid UTF-8 and may contain U+0000 and the raw-byte
 * code points U+10FF00..U+10FFFF (glyph.h). Offsets passed in must lie on a code
 * point's first byte (0 and @len included); offsets returned always do.
 *
 * ICU does the work (UAX #29 clusters and words, UAX #14 line breaks, with ICU's
 * dictionaries for Thai, Lao, Khmer, Myanmar and CJK words). It reads the UTF-8
 * in place through a UText: no UTF-16 copy of a paragraph is made. A Segmenter
 * keeps one ICU break iterator per kind open and re-points it at each call's text
 * (about half a microsecond: use a SegmentWalk for many boundaries of one text);
 * it is not thread-safe, but any number of Segmenters may coexist.
 *
 * What is added on top of ICU 72 (Unicode 15.0), and why:
 *  - GB9c, Unicode 15.1's Indic conjunct rule: no cluster boundary between a
 *    consonant, a virama (linker) and the next consonant in Devanagari, Bengali,
 *    Gujarati, Oriya, Telugu and Malayalam, so "क्ष" and "क्षि" are one cluster each,
 *    as a reader sees them. Unicode 15.0 breaks after the virama; ICU 72 does
 *    not, through CLDR 42's tailoring that became GB9c, but older ICUs do. So
 *    that the answer never depends on the ICU build, segment.c carries a
 *    hand-written table of the Indic_Conjunct_Break values of Unicode 15.1's
 *    DerivedCoreProperties (Consonant: those scripts' consonant letters; Linker:
 *    their six viramas; Extend: ZWJ and ICU's Grapheme_Extend marks of non-zero
 *    combining class) and removes the boundaries GB9c forbids from ICU's answers.
 *  - U+10FF00..U+10FFFF stand for single bytes of a file, so each is a cluster of
 *    its own, even after a prepend mark or before a combining mark (U+0000 is a
 *    control, a cluster of its own already).
 *  - ASCII fast paths: clusters and words among ASCII bytes are found without
 *    ICU, with exactly ICU's answers (one byte is one cluster, CR LF one cluster;
 *    the UAX #29 word rules with ICU's tailoring of ':', which does not join words).
 *    Line breaking's fast path gives exactly ICU's opportunities, and which are
 *    mandatory, among printable ASCII, tab, LF, VT, FF and CR (ICU decides next
 *    to the other controls): ICU 72's UAX #14 rules as they meet ASCII (spaces,
 *    brackets, quotes, numbers), held against ICU on every short ASCII string
 *    by test_segment. With another ICU, whose rules differ (ICU 74 changed
 *    LB15 for quotation marks), it is off.
 *  - Backspace deletes a whole cluster only for emoji, flags, keycaps, Hangul and
 *    CR LF, one code point otherwise (see segmenter_backspace()).
 *
 * ICU's C API counts in int32: a paragraph longer than the window (1 GiB unless
 * SegmenterOptions says otherwise) is handed to ICU a window around the offset at
 * a time. Answers are ICU's except for a cluster, word or unbreakable run longer
 * than a quarter of the window, which is cut at the window's edge (and, in
 * principle, a dictionary's choice of words right at that edge). */
#ifndef GLYPHPAD_SEGMENT_H
#define GLYPHPAD_SEGMENT_H

#include <glib.h>
#include <stdbool.h>

typedef struct Segmenter Segmenter;

#define SEGMENT_ERROR (segment_error_quark())
GQuark segment_error_quark(void);
typedef enum {
  SEGMENT_ERROR_ICU, /* ICU could not open a break iterator (its data is missing) */
} SegmentError;

typedef struct {
  const char *locale; /* ICU locale of the word and line rules ("ja", "fi"); NULL: root */
  bool exact_lines;   /* no line breaking fast path: ICU alone (the same answers, slower) */
  gsize window;       /* bytes handed to ICU at most; 0: 1 GiB (tests use small ones) */
} SegmenterOptions;

/* A segmenter with its ICU iterators open; @options NULL means the defaults.
 * NULL with @error when ICU cannot open them. Free with segmenter_free(). */
G_GNUC_WARN_UNUSED_RESULT Segmenter *segmenter_new(const SegmenterOptions *options, GError **error);
void segmenter_free(Segmenter *seg); /* NULL is a no-op */

/* --- Grapheme clusters (UAX #29 extended, plus GB9c): cursor stops --- */

/* The first cluster boundary after @offset; @len when @offset is @len. Delete
 * (forward) removes [@offset, this). */
gsize segmenter_next_grapheme(Segmenter *seg, const char *utf8, gsize len, gsize offset);
/* The last cluster boundary before @offset; 0 when @offset is 0. */
gsize segmenter_prev_grapheme(Segmenter *seg, const char *utf8, gsize len, gsize offset);
/* Whether a cluster boundary lies at @offset (0 and @len always are). */
bool segmenter_is_grapheme(Segmenter *seg, const char *utf8, gsize len, gsize offset);
/* Where Backspace at @offset deletes back to. The whole cluster before @offset
 * for emoji (an Extended_Pictographic, emoji modifier or VS16 in it), flags
 * (regional indicators), keycaps (U+20E3), Hangul (syllables and jamo) and CR LF,
 * which a person sees and types as one thing; its last code point otherwise
 * (Indic and Thai vowel signs, a decomposed accent), so a mistyped mark can be
 * retyped without the letter under it. Always a code point boundary, so what is
 * left is valid UTF-8. 0 when @offset is 0. @offset should be a cluster boundary;
 * inside a cluster, the part of it before @offset is judged. */
gsize segmenter_backspace(Segmenter *seg, const char *utf8, gsize len, gsize offset);

/* --- Words (UAX #29 with ICU's dictionaries): Ctrl+arrows and double clicks --- */

/* Ctrl+Right: the end of the first word that ends after @offset, skipping the
 * spaces and punctuation before it (@len when no word follows). */
gsize segmenter_next_word_end(Segmenter *seg, const char *utf8, gsize len, gsize offset);
/* Ctrl+Left: the start of the last word that starts before @offset (0 when none). */
gsize segmenter_prev_word_start(Segmenter *seg, const char *utf8, gsize len, gsize offset);
/* Double click: the segment [*start, *end) containing the byte at @offset (the
 * last one when @offset is @len). Returns whether it is a word (letters, digits,
 * kana, ideographs) rather than spaces or punctuation. Empty text: [0, 0), false. */
bool segmenter_word_at(Segmenter *seg, const char *utf8, gsize len, gsize offset, gsize *start,
                       gsize *end);

/* --- Walks: many boundaries of one text in a row --- */

/* A walk over one paragraph's cluster boundaries or line-break opportunities,
 * on the caller's stack; its fields are private. It keeps ICU pointed at its
 * text between steps (single calls re-point it every time), so a walk costs the
 * distance walked, never the paragraph. The text must stay unchanged while the
 * walk goes on; other calls on the same Segmenter in between are fine. */
typedef struct {
  Segmenter *seg;   /* borrowed */
  const char *utf8; /* borrowed */
  gsize len;        /* bytes of utf8 */
  gsize pos;        /* the last boundary returned, or where the walk began */
  gsize icu_until;  /* lines: ICU answers until the walk passes this offset */
  guint64 token;    /* names this walk to the Segmenter's iterators */
  int kind;         /* clusters or lines */
} SegmentWalk;

/* Starts a walk over the cluster boundaries after @from (a code point start). */
void segmenter_clusters_begin(Segmenter *seg, SegmentWalk *walk, const char *utf8, gsize len,
                              gsize from);
/* The next cluster boundary, as segmenter_next_grapheme() would say; false
 * when the walk is done (after @len). */
bool segmenter_clusters_next(SegmentWalk *walk, gsize *offset);

/* --- Line-break opportunities (UAX #14 with the same dictionaries) --- */

/* Starts a walk over the line-break opportunities after @from. */
void segmenter_lines_begin(Segmenter *seg, SegmentWalk *walk, const char *utf8, gsize len,
                           gsize from);
/* The next opportunity: a line may end at *@offset (before the byte there), and
 * *@mandatory says whether it must (after a line or paragraph separator, a form
 * feed...). The end of the text counts, as in ICU. False when the walk is done.
 * @mandatory may be NULL. These are ICU's opportunities that are cluster
 * boundaries: ICU (UAX #14's LB10) also allows one between a space and a
 * combining mark after it, inside a cluster, where a line cannot end because a
 * cursor cannot stop there. */
bool segmenter_lines_next(SegmentWalk *walk, gsize *offset, bool *mandatory);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Segmenter, segmenter_free)

#endif
