/* document_types.h — the plain values of the document's API: the Document
 * handle, positions, line endings, style runs and change notices.
 *
 * document.h declares the functions and includes this header. These types live
 * apart so that the document's representation (src/core/document_private.h),
 * which the document's own sources include, can use them without including
 * document.h: the include arrows go one way (document -> document_private ->
 * document_types), as tests/check_layers.py checks. */
#ifndef GLYPHPAD_DOCUMENT_TYPES_H
#define GLYPHPAD_DOCUMENT_TYPES_H

#include <glib.h>
#include "glyph_factory.h"

typedef struct Document Document;

typedef struct {
  guint32 para;   /* paragraph index */
  guint32 offset; /* byte offset in the paragraph's UTF-8, on a character boundary */
} DocPos;

typedef enum {
  LINE_END_LF,   /* "\n" */
  LINE_END_CRLF, /* "\r\n" */
  LINE_END_CR,   /* "\r" */
  LINE_END_NONE, /* the last paragraph, when the file does not end in a newline */
} LineEnding;

/* A style run: from @offset (bytes, relative to whatever text it describes) up
 * to the next run's offset, characters have @style. */
typedef struct {
  guint32 offset;
  StyleId style;
} StyleRun;

/* paragraphs [first, first + removed) were replaced by [first, first + inserted) */
typedef void (*DocumentChangedFunc)(Document *doc, guint32 first, guint32 removed, guint32 inserted,
                                    void *user_data);

/* Where, inside one paragraph, an edit changed the text: the @old_len bytes
 * at @offset became @new_len bytes (a restyle has @old_len == @new_len).
 * Everything before @offset, and everything from @offset + @old_len on (now
 * at @offset + @new_len), kept its characters and styles. */
typedef struct {
  guint32 para;    /* the paragraph (its index is the same before and after) */
  guint32 offset;  /* byte offset where the change begins */
  guint32 old_len; /* bytes there before the edit */
  guint32 new_len; /* bytes there after it */
} DocEdit;

#endif
