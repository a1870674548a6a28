/* document_accounting.c — what the document's memory is: its paragraph
 * store's allocations (para_store_bytes: text, ends, styles, endings, block
 * records at their capacity) plus the Document itself. */
#include "document.h"
#include "document_private.h"

guint64 document_bytes(const Document *doc)
{
  return para_store_bytes(&doc->store) + sizeof(Document);
}
