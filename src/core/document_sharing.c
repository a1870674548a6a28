/* document_sharing.c — the flyweight on and off, and the document's accounting.
 *
 * Sharing on, a character's glyph is the shared one of its key; sharing off, it
 * owns a private copy. Switching rebinds every character in the new mode (it
 * takes the new glyph, then gives back the old one) and tells the observers
 * that every paragraph changed; no character moves, so no position changes.
 * Going off is refused up front when the estimated cost exceeds the budget.
 *
 * Accounting: document_bytes is what every file counts in counted_bytes as it
 * allocates and frees paragraph storage, plus the paragraph array and the
 * Document itself;
 * document_check_refcounts verifies the rule of references of
 * document_private.h by counting every character's glyph. */
#include "document.h"
#include "document_private.h"

/* ---------------------------------------------------------------- flyweight on/off */

guint64 document_estimate_private_bytes(const Document *doc)
{
  if (!doc->sharing)
    return 0;
  return glyph_factory_private_cost(doc->factory) + doc->chars * sizeof(Glyph *) +
         (guint64)doc->n_paras * sizeof(ParaExtra);
}

/* Sharing off: each character of @p gets a private copy and gives back its key's reference. */
static void rebind_private(Document *doc, guint32 para)
{
  Paragraph *p = para_at(doc, para);
  Glyph **glyphs = g_new(Glyph *, MAX(p->chars, 1));
  DocCharIter it;
  document_iter_init(doc, &it, para, 0);
  for (guint32 i = 0; document_iter_next(&it); i++) {
    glyphs[i] = glyph_factory_acquire(doc->factory, it.cp, it.style);
    glyph_factory_release(doc->factory, it.glyph);
  }
  if (p->extra == NULL) {
    p->extra = g_new0(ParaExtra, 1);
    doc->counted_bytes += sizeof(ParaExtra);
  }
  p->extra->glyphs = glyphs;
  doc->counted_bytes += (guint64)p->chars * sizeof(Glyph *);
}

/* Sharing on: each character takes its key's shared glyph and frees its private one. */
static void rebind_shared(Document *doc, guint32 para)
{
  Paragraph *p = para_at(doc, para);
  if (p->extra == NULL || p->extra->glyphs == NULL)
    return; /* an empty paragraph made while off owns no glyphs */
  DocCharIter it;
  document_iter_init(doc, &it, para, 0);
  while (document_iter_next(&it)) {
    glyph_factory_acquire(doc->factory, it.cp, it.style);
    glyph_factory_release(doc->factory, it.glyph);
  }
  g_free(p->extra->glyphs);
  p->extra->glyphs = NULL;
  doc->counted_bytes -= (guint64)p->chars * sizeof(Glyph *);
  if (p->extra->runs == NULL) {
    g_free(p->extra);
    p->extra = NULL;
    doc->counted_bytes -= sizeof(ParaExtra);
  }
}

bool document_set_sharing(Document *doc, bool sharing, guint64 budget, GError **error)
{
  if (sharing == doc->sharing)
    return true;
  if (!sharing) {
    guint64 need = document_estimate_private_bytes(doc);
    if (need > budget) {
      g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_OVER_BUDGET,
                  "Turning the flyweight off would need about %.1f MiB for %" G_GUINT64_FORMAT
                  " private glyphs, over the budget of %.1f MiB",
                  need / 1048576.0, doc->chars, budget / 1048576.0);
      return false;
    }
  }
  glyph_factory_set_sharing(doc->factory, sharing);
  for (guint32 i = 0; i < doc->n_paras; i++) {
    if (sharing)
      rebind_shared(doc, i);
    else
      rebind_private(doc, i);
  }
  doc->sharing = sharing;
  if (sharing)
    glyph_factory_collect(doc->factory);
  notify(doc, 0, doc->n_paras, doc->n_paras);
  return true;
}

/* ---------------------------------------------------------------- accounting */

guint64 document_bytes(const Document *doc)
{
  return doc->counted_bytes + (guint64)doc->cap_paras * sizeof(Paragraph) + sizeof(Document);
}

bool document_check_refcounts(const Document *doc, GError **error)
{
  g_autoptr(GHashTable) uses = g_hash_table_new(NULL, NULL);
  guint64 chars = 0;
  for (guint32 i = 0; i < doc->n_paras; i++) {
    DocCharIter it;
    guint32 count = 0;
    document_iter_init(doc, &it, i, 0);
    while (document_iter_next(&it)) {
      guint n = GPOINTER_TO_UINT(g_hash_table_lookup(uses, it.glyph));
      g_hash_table_insert(uses, it.glyph, GUINT_TO_POINTER(n + 1));
      count++;
    }
    if (count != doc->paras[i].chars) {
      g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_TOO_LARGE,
                  "paragraph %u counts %u characters but has %u", i, doc->paras[i].chars, count);
      return false;
    }
    chars += count;
  }
  GHashTableIter hi;
  gpointer key, value;
  g_hash_table_iter_init(&hi, uses);
  while (g_hash_table_iter_next(&hi, &key, &value)) {
    const Glyph *glyph = key;
    if (glyph->refcount != GPOINTER_TO_UINT(value)) {
      g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_TOO_LARGE,
                  "glyph U+%04X (style %u) has refcount %u but %u characters use it",
                  glyph->codepoint, glyph->style, glyph->refcount, GPOINTER_TO_UINT(value));
      return false;
    }
  }
  if (chars != doc->chars) {
    g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_TOO_LARGE,
                "document counts %" G_GUINT64_FORMAT " characters but has %" G_GUINT64_FORMAT,
                doc->chars, chars);
    return false;
  }
  return true;
}
