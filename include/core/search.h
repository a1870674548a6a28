/* search.h — finding text in a Document: the next and previous match from a
 * position (wrapping around), counting every match in bounded slices, and
 * the new text of a replace-all.
 *
 * What a match is. A match lies inside one paragraph: a pattern never matches
 * across a line break (the find bar has one line, and a match that spans
 * paragraphs could not be replaced without joining them). An empty match (a
 * regular expression such as "x*") is not a match: next and previous always
 * move, and counting ends. A match begins and ends at grapheme cluster
 * boundaries, where the cursor can stop: "e" does not match the first letter
 * of a decomposed "é" (e + U+0301), which could be neither selected nor
 * replaced alone; "é" decomposed matches it. Options:
 *  - match case off: Unicode simple case folding on the document's own bytes
 *    (PCRE2's caseless matching through GRegex), so offsets are the text's,
 *    never a folded copy's;
 *  - whole word: the match starts and ends at word boundaries as ICU finds
 *    them (segment.h: UAX #29 with dictionaries, so Thai and CJK words too);
 *  - regular expression: GRegex (PCRE2) syntax, matched within one paragraph
 *    at a time (^ and $ are the paragraph's ends); replacements may name
 *    groups (\0, \1, \g<name>).
 * Bytes of a file that were not UTF-8 are code points U+10FF00 + byte in the
 * document (README: "Invalid bytes"); they are characters like any other,
 * so text around them is found at its real offsets.
 *
 * Speed. A literal (no regex) is looked for in whole blocks of paragraphs at
 * once (document_paragraphs_span): memmem when case matters, one PCRE2 call
 * per block otherwise; a hit is then mapped to its paragraph and kept only if
 * it does not run past the paragraph's end. A regular expression is matched a
 * paragraph at a time. */
#ifndef GLYPHPAD_SEARCH_H
#define GLYPHPAD_SEARCH_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"
#include "segment.h"

#define SEARCH_ERROR (search_error_quark())
GQuark search_error_quark(void);
typedef enum {
  SEARCH_ERROR_EMPTY,       /* the pattern is empty */
  SEARCH_ERROR_LINE_BREAK,  /* a replacement would hold a line break */
  SEARCH_ERROR_REPLACEMENT, /* a replacement names a group the expression lacks */
  SEARCH_ERROR_NUL,         /* a regular expression's match holds U+0000, which GLib's
                             * expansion of groups would cut short: refused, not truncated */
} SearchError;

typedef enum {
  SEARCH_MATCH_CASE = 1 << 0, /* upper and lower case differ */
  SEARCH_WHOLE_WORD = 1 << 1, /* only matches that start and end at word boundaries */
  SEARCH_REGEX = 1 << 2,      /* the pattern is a regular expression */
} SearchFlags;

typedef struct Search Search;

/* One match: bytes [start, end) of paragraph @para, start < end. */
typedef struct {
  guint32 para;
  guint32 start;
  guint32 end;
} SearchMatch;

/* A search for @pattern (UTF-8) with @flags. @segmenter (not owned, must
 * outlive the search) finds word boundaries for SEARCH_WHOLE_WORD. NULL with
 * @error for an empty pattern or a regular expression that does not compile
 * (GRegex's message says where). */
G_GNUC_WARN_UNUSED_RESULT Search *search_new(const char *pattern, SearchFlags flags,
                                             Segmenter *segmenter, GError **error);
void search_free(Search *search); /* NULL is a no-op */

/* The first match that starts at or after @from; when there is none, the
 * first from the document's start (*@wrapped set true; false otherwise,
 * @wrapped may be NULL). False when the document has no match. */
bool search_next(Search *search, const Document *doc, DocPos from, SearchMatch *out, bool *wrapped);
/* The first match that starts at or after @from in the paragraphs before
 * @limit, without wrapping: the matches on screen. */
bool search_next_within(Search *search, const Document *doc, DocPos from, guint32 limit,
                        SearchMatch *out);
/* The last match that starts before @before; when there is none, the last of
 * the document (*@wrapped true). False when there is no match. */
bool search_prev(Search *search, const Document *doc, DocPos before, SearchMatch *out,
                 bool *wrapped);

/* Counting in slices, so that a count of a 50 MB document never holds the
 * event loop for long. Plain data: start with search_count_begin. */
typedef struct {
  guint32 para;   /* where the next slice starts */
  guint32 offset; /* its byte offset in @para */
  guint64 total;  /* matches counted so far */
  guint64 before; /* of them, those starting before @mark */
  DocPos mark;    /* see @before: the current match, for "3 of 120" */
  guint64 bytes;  /* bytes of text scanned so far (progress) */
  bool done;      /* the whole document was counted */
} SearchCount;

/* A count from the document's start; @mark: see SearchCount. */
void search_count_begin(SearchCount *count, DocPos mark);
/* Counts on for about @budget bytes of text (at least one block of
 * paragraphs); true when the count is complete (count->done). */
bool search_count_step(Search *search, const Document *doc, SearchCount *count, guint64 budget);
/* Every match of the document at once. */
guint64 search_count_all(Search *search, const Document *doc);

/* What replacing match @m of the document with @replacement gives: the
 * replacement itself, or for a regular expression with its group references
 * expanded. NULL with @error when that would hold a line break or name a
 * group the expression lacks. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *search_expand(Search *search, const Document *doc,
                                              const SearchMatch *m, const char *replacement,
                                              GError **error);

/* The new text of paragraphs [first, last] when every match is replaced: the
 * paragraphs' text, "\n" between them, each match replaced (expanded as
 * search_expand says) in the style of the match's first character, every
 * other character in its own. What editor_replace_range takes. */
typedef struct {
  guint32 first, last; /* the paragraphs from the first match's to the last's */
  GString *text;       /* their new text */
  GArray *runs;        /* StyleRun of @text, offsets relative to it */
  guint64 count;       /* matches replaced */
} SearchReplacement;

/* Fills @out (which search_replacement_clear frees) with the replace-all of
 * the document; out->count is 0 when there is no match (then nothing else is
 * set). False with @error when a replacement would hold a line break or
 * names a missing group; @out is then empty. */
bool search_replace_all(Search *search, const Document *doc, const char *replacement,
                        SearchReplacement *out, GError **error);
void search_replacement_clear(SearchReplacement *r);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Search, search_free)

#endif
