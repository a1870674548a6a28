/* document_private.h — the Document's fields, for the files that implement
 * document.h and for no other module: document.c (life cycle, loading,
 * reading, positions, extracting text, observers), document_edit.c (insert,
 * delete, restyle) and document_accounting.c. The paragraphs themselves are
 * a ParaStore (para_store.h: blocks of paragraphs).
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
#include "para_store.h"

struct Document {
  GlyphFactory *factory; /* not owned */
  StyleId default_style; /* style of text with no other */
  ParaStore store;       /* the paragraphs */
  LineEnding ending;     /* for new paragraphs */
  bool pristine;         /* still the initial empty paragraph: the first append replaces it */
  StyleRun scratch_run;  /* what document_paragraph_runs returns for a one-style paragraph */
  GArray *observers;     /* Observer */
  guint next_observer;
  const DocEdit *edit; /* the edit being announced, when inside one paragraph; else NULL */
  guint64 changes;     /* document_changes: new at every change announced */
};

/* ---------------------------------------------------------------- document.c */

/* Tells the observers that paragraphs [first, first + removed) became
 * [first, first + inserted); @edit (may be NULL) is what document_current_edit
 * answers meanwhile. */
void notify_edit(Document *doc, guint32 first, guint32 removed, guint32 inserted,
                 const DocEdit *edit);
/* The same with no DocEdit: the change was not inside one paragraph. */
void notify(Document *doc, guint32 first, guint32 removed, guint32 inserted);

/* Index of the run of @runs (@n of them, sorted) that holds byte @offset. */
guint32 run_index_at(const StyleRun *runs, guint32 n, guint32 offset);

/* @p's runs and their count in *@n: its own when it has several, else one run
 * in the document's scratch space (valid until the next call). */
const StyleRun *para_runs(const Document *doc, const Para *p, guint32 *n);

#endif
