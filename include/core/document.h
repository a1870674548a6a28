/* document.h — the text: a sequence of paragraphs of UTF-8 and style runs.
 *
 * Representation (the memory figure rests on it): paragraphs are stored in
 * blocks of up to 64 KiB (src/core/para_store.h), so a stored character
 * costs its UTF-8 bytes (1 for English) and a line 2 bytes more; style runs
 * and line endings cost only where a paragraph's differ from its block's.
 * The document holds text, not glyphs: shaping turns text into glyph ids
 * (shaper.h, word_cache.h) and the Glyph flyweights are held by what is laid
 * out on screen, and with the flyweight off by the view's private store.
 *
 * Positions are (paragraph, byte offset) on character boundaries. The document
 * never lays out or draws; observers (the view) hear which paragraphs changed,
 * and, for an edit inside one paragraph, which bytes (document_current_edit).
 * Capacity grows with the text: up to 2^32-1 paragraphs of up to 2^32-1 bytes. */
#ifndef GLYPHPAD_DOCUMENT_H
#define GLYPHPAD_DOCUMENT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "glyph_factory.h"
#include "document_types.h"

#define DOCUMENT_ERROR (document_error_quark())
GQuark document_error_quark(void);
typedef enum {
  DOCUMENT_ERROR_INVALID_UTF8, /* inserted text was not UTF-8 */
  DOCUMENT_ERROR_TOO_LARGE,    /* a paragraph or the paragraph count would overflow */
  DOCUMENT_ERROR_CORRUPT,      /* document_check found a broken invariant */
} DocumentError;

/* An empty document (one empty paragraph) whose text gets @default_style.
 * @factory is not owned and must outlive the document. */
G_GNUC_WARN_UNUSED_RESULT Document *document_new(GlyphFactory *factory, StyleId default_style);
/* Frees the document. NULL is a no-op. */
void document_free(Document *doc);

GlyphFactory *document_factory(const Document *doc);
StyleId document_default_style(const Document *doc);

/* Empties the document to one empty paragraph. */
void document_clear(Document *doc);

/* Appends a paragraph (loading). @utf8 must be valid UTF-8 without line breaks;
 * the document's first, empty paragraph is replaced by the first append.
 * @ending is how it ended in the file. Returns false with @error when too large. */
bool document_append_paragraph(Document *doc, const char *utf8, gsize len, LineEnding ending,
                               GError **error);
/* The same with style runs (loading a styled file): @runs' offsets are
 * relative to @utf8, the first at 0, each after the one before and inside the
 * text, on character boundaries; neighbours of one style are merged. An empty
 * paragraph takes the style of its one run. @n_runs 0: the default style. */
bool document_append_styled_paragraph(Document *doc, const char *utf8, gsize len, LineEnding ending,
                                      const StyleRun *runs, guint n_runs, GError **error);

/* The same as document_append_paragraph for @len bytes at @utf8, a g_malloc'd
 * buffer the document takes (and frees): a long line is kept without a copy,
 * so loading it never holds it twice. The default style. */
bool document_append_paragraph_take(Document *doc, char *utf8, gsize len, LineEnding ending,
                                    GError **error);

/* Gives back spare capacity after a series of appends (end of loading). */
void document_compact(Document *doc);

guint32 document_paragraph_count(const Document *doc);
guint64 document_char_count(const Document *doc); /* line breaks not counted */
guint64 document_byte_count(const Document *doc); /* UTF-8 bytes, line breaks not counted */

/* The paragraph's UTF-8 (not NUL-terminated; valid until the next edit). */
const char *document_paragraph_text(const Document *doc, guint32 para, guint32 *len);
/* Paragraph @para and the ones stored right after it: their UTF-8 back to
 * back with nothing between them (paragraph @para + k starts where @para + k
 * - 1 ends, as document_paragraph_text's pointers show), *@n >= 1 paragraphs
 * and *@bytes long. Valid until the next edit. A search scans a block of short
 * lines with one call instead of one per line (search.h). */
const char *document_paragraphs_span(const Document *doc, guint32 para, guint32 *n, guint32 *bytes);
guint32 document_paragraph_chars(const Document *doc, guint32 para);
LineEnding document_paragraph_ending(const Document *doc, guint32 para);
/* Sets how paragraph @para ends in the file (reloading keeps each line's ending). */
void document_set_paragraph_ending(Document *doc, guint32 para, LineEnding ending);
/* The line ending new paragraphs get: the file's most common one. */
LineEnding document_line_ending(const Document *doc);
void document_set_line_ending(Document *doc, LineEnding ending);

/* Characters before @pos in its paragraph (a column number less one). Scans
 * the paragraph's UTF-8 up to @pos, eight bytes at a time. */
guint32 document_char_index(const Document *doc, DocPos pos);
/* The inverse: the position of character @index (0-based) of paragraph @para,
 * or the paragraph's end when it has fewer (a remembered or typed column). */
DocPos document_pos_of_char(const Document *doc, guint32 para, guint64 index);
/* The style of the character at @pos (at the end of a paragraph: of the one before). */
StyleId document_style_at(const Document *doc, DocPos pos);
/* The paragraph's runs (at least one, first at offset 0). Several runs are the
 * paragraph's own, valid until the next edit. A paragraph in one style gets a
 * scratch run inside the document, overwritten by the next edit and the next
 * call, for any paragraph, of this function, document_style_at,
 * document_paragraph_line_height or document_get_runs: read it at once or copy it. */
const StyleRun *document_paragraph_runs(const Document *doc, guint32 para, guint *n_runs);
/* Line height of a paragraph: the tallest of its styles. */
int document_paragraph_line_height(const Document *doc, guint32 para);

/* Inserts @utf8 (@len bytes, or -1 for NUL-terminated) at @at in @style. "\n",
 * "\r\n" and "\r" split paragraphs. Invalid UTF-8 is refused with @error and
 * nothing changes. @end_out (may be NULL) receives the position after it. */
bool document_insert(Document *doc, DocPos at, const char *utf8, gssize len, StyleId style,
                     DocPos *end_out, GError **error);
/* The same with style runs whose offsets are relative to @utf8 (undo, paste). */
bool document_insert_styled(Document *doc, DocPos at, const char *utf8, gssize len,
                            const StyleRun *runs, guint n_runs, DocPos *end_out, GError **error);
/* Deletes [@start, @end). */
void document_delete(Document *doc, DocPos start, DocPos end);

/* Text of [@start, @end) with "\n" between paragraphs. Free with g_free. It
 * may hold U+0000 characters: use document_get_text_len() where that matters. */
G_GNUC_WARN_UNUSED_RESULT char *document_get_text(const Document *doc, DocPos start, DocPos end);
/* The same, with its length in bytes in *@len (may be NULL). */
G_GNUC_WARN_UNUSED_RESULT char *document_get_text_len(const Document *doc, DocPos start, DocPos end,
                                                      gsize *len);
/* The whole text, "\n" between paragraphs. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *document_get_all_text(const Document *doc);
/* Style runs of [@start, @end), offsets relative to document_get_text's result. */
G_GNUC_WARN_UNUSED_RESULT GArray *document_get_runs(const Document *doc, DocPos start, DocPos end);

/* Gives [@start, @end) @style. */
void document_restyle(Document *doc, DocPos start, DocPos end, StyleId style);

DocPos document_start(const Document *doc);
DocPos document_end(const Document *doc);
/* -1, 0, 1 as @a is before, at or after @b. */
int docpos_compare(DocPos a, DocPos b);
/* The position one character after/before @pos, crossing paragraphs. */
DocPos document_next_char(const Document *doc, DocPos pos);
DocPos document_prev_char(const Document *doc, DocPos pos);
/* Clamps @pos into the document and onto a character boundary. */
DocPos document_clamp(const Document *doc, DocPos pos);

/* Iterating one paragraph's characters with their styles, from a byte offset.
 * The common step is inline: an ASCII byte inside the current style run takes
 * no call; anything else (a multi-byte character, a new run) takes the general
 * path, document_iter_step_(). An iterator is plain data: copying one saves
 * its position. */
typedef struct {
  gunichar cp;    /* the character */
  guint32 offset; /* its byte offset */
  guint32 next;   /* offset of the next character */
  StyleId style;  /* its style */
  /* private */
  const char *text_;
  const StyleRun *runs_; /* NULL when the paragraph has one style */
  guint32 len_, n_runs_, run_;
  guint32 run_end_; /* where the current run ends; G_MAXUINT32 for the last */
} DocCharIter;
void document_iter_init(const Document *doc, DocCharIter *it, guint32 para, guint32 offset);
/* The general step of document_iter_next(); not for direct use. */
bool document_iter_step_(DocCharIter *it);

/* Advances to the next character; false at the paragraph's end. */
static inline bool document_iter_next(DocCharIter *it)
{
  guint32 at = it->next;
  if (at >= it->len_)
    return false;
  unsigned char c = (unsigned char)it->text_[at];
  if (G_UNLIKELY(c >= 0x80 || at >= it->run_end_))
    return document_iter_step_(it);
  it->offset = at;
  it->next = at + 1;
  it->cp = c;
  return true;
}

/* Steps back over the character the last document_iter_next() returned, so
 * the next call returns it again. Once only; the public fields are stale
 * until that call. */
void document_iter_unread(DocCharIter *it);

/* Bytes the document itself holds: UTF-8, style runs, paragraph records. */
guint64 document_bytes(const Document *doc);

/* Checks the storage's invariants (for tests and fuzzers): every block's
 * paragraph numbering, counts, sizes, the 16-bit ends of blocks of several
 * paragraphs, and the character and byte totals against the text. False with
 * @error saying what is wrong. */
bool document_check(const Document *doc, GError **error);

guint document_add_observer(Document *doc, DocumentChangedFunc func, void *user_data);
/* For observers, while they are being called: true, with *@out filled, when the
 * change being announced happened inside one paragraph (typing or pasting
 * without a line break, deleting within a paragraph, restyling part of one);
 * false for anything else (paragraphs split or joined, loading, clearing, a
 * flyweight toggle) and outside a notification. Lets a view re-wrap only the
 * lines around the change instead of the whole paragraph. */
bool document_current_edit(const Document *doc, DocEdit *out);
/* A number that changes with every change the observers hear of, and that no
 * other document of the process has had: what a cache learned from a
 * paragraph's text stays true while it is the same. */
guint64 document_changes(const Document *doc);
void document_remove_observer(Document *doc, guint id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Document, document_free)

#endif
