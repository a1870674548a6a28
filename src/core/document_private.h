/* document_private.h — how a Document is stored, for the files that implement
 * document.h and for no other module: document.c (life cycle, loading, reading,
 * positions, extracting text, observers), document_edit.c (insert, delete,
 * restyle) and document_accounting.c.
 *
 * Representation. A Paragraph record is 32 bytes: its UTF-8 (not NUL-ended),
 * its byte and character counts, its style when it has only one, its line
 * ending, and a pointer to a ParaExtra that exists only when the paragraph has
 * several style runs. Text loaded from a file lives in large arena blocks
 * (no malloc header per paragraph); a paragraph that is edited moves to its own
 * allocation and its arena bytes are left unused until the document is cleared.
 *
 * Every function declared here is defined in document.c. The header includes
 * document_types.h, not document.h: document.c includes it, and the include
 * arrows go one way (tests/check_layers.py). */
#ifndef GLYPHPAD_DOCUMENT_PRIVATE_H
#define GLYPHPAD_DOCUMENT_PRIVATE_H

#include <glib.h>
#include <stdbool.h>
#include "document_types.h"
#include "glyph_factory.h"

#define PARA_IN_ARENA 1u

typedef struct {
  StyleRun *runs; /* n_runs >= 2 style runs, or NULL when the paragraph has one style */
  guint32 n_runs;
} ParaExtra;

typedef struct {
  char *text;       /* UTF-8 without line break; NULL when empty */
  ParaExtra *extra; /* NULL unless several runs */
  guint32 bytes;    /* length of text */
  guint32 chars;    /* characters in text */
  StyleId style;    /* the style when there is one run (else runs[0].style) */
  guint8 ending;    /* LineEnding */
  guint8 flags;     /* PARA_IN_ARENA: text points into an arena block */
} Paragraph;

struct Document {
  GlyphFactory *factory; /* not owned */
  StyleId default_style; /* style of text with no other */
  Paragraph *paras;      /* the paragraphs */
  guint32 n_paras, cap_paras;
  guint64 chars, bytes; /* totals, line breaks not counted */
  guint64
      counted_bytes;    /* text allocations, extras (what document_bytes reports besides records) */
  LineEnding ending;    /* for new paragraphs */
  bool pristine;        /* still the initial empty paragraph: the first append replaces it */
  GPtrArray *arena;     /* blocks of loaded text */
  guint32 arena_used;   /* bytes used in the last block */
  guint32 arena_cap;    /* size of the last block */
  StyleRun scratch_run; /* what document_paragraph_runs returns for a one-style paragraph */
  GArray *observers;    /* Observer */
  guint next_observer;
  const DocEdit *edit; /* the edit being announced, when inside one paragraph; else NULL */
  guint64 changes;     /* document_changes: new at every change announced */
};

/* ---------------------------------------------------------------- helpers in document.c */

/* Paragraph @i (no bounds check). */
Paragraph *para_at(const Document *doc, guint32 i);

/* Tells the observers that paragraphs [first, first + removed) became
 * [first, first + inserted); @edit (may be NULL) is what document_current_edit
 * answers meanwhile. */
void notify_edit(Document *doc, guint32 first, guint32 removed, guint32 inserted,
                 const DocEdit *edit);
/* The same with no DocEdit: the change was not inside one paragraph. */
void notify(Document *doc, guint32 first, guint32 removed, guint32 inserted);

/* Characters in @n bytes of valid UTF-8 (U+0000 counts), eight bytes at a time. */
guint64 utf8_count(const char *s, gsize n);

/* Frees a paragraph's storage and uncounts it. */
void para_free_storage(Document *doc, Paragraph *p);

/* Replaces paragraphs [first, first + removed) by @n new ones (storage moved in),
 * growing the array as needed. */
void splice_paras(Document *doc, guint32 first, guint32 removed, const Paragraph *new_paras,
                  guint32 n);

/* Index of the run of @runs (@n of them, sorted) that holds byte @offset. */
guint32 run_index_at(const StyleRun *runs, guint32 n, guint32 offset);

/* @p's runs and their count in *@n: its own when it has several, else one run
 * in the document's scratch space (valid until the next call). */
const StyleRun *para_runs(const Document *doc, const Paragraph *p, guint32 *n);

#endif
