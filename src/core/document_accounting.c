/* document_accounting.c — what the document's memory is: document_bytes is
 * what every file counts in counted_bytes as it allocates and frees paragraph
 * storage, plus the paragraph array and the Document itself. */
#include "document.h"
#include "document_private.h"

/* ---------------------------------------------------------------- accounting */

guint64 document_bytes(const Document *doc)
{
  return doc->counted_bytes + (guint64)doc->cap_paras * sizeof(Paragraph) + sizeof(Document);
}
