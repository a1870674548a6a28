/* document_edit.c — editing a document: insert, delete and restyle.
 *
 * Edits build new paragraphs with a ParaBuilder (text and runs)
 * from ranges of old paragraphs and from new text, then swap them in and tell
 * the observers which paragraph range was replaced (and, when the edit stayed
 * inside one paragraph, which bytes of it: document_current_edit). */
#include "document.h"
#include "document_private.h"

#include <string.h>

/* ---------------------------------------------------------------- builder */

/* Collects one new paragraph: text and runs. */
typedef struct {
  GString *text;
  GArray *runs; /* StyleRun, offsets into text */
  guint32 chars;
} ParaBuilder;

/* @size_hint: the bytes the builder will likely hold (one copy of a 10 MB
 * line, not a series of doublings). */
static void builder_init(ParaBuilder *b, const Document *doc, gsize size_hint)
{
  b->text = g_string_sized_new(size_hint);
  b->runs = g_array_new(FALSE, FALSE, sizeof(StyleRun));
  b->chars = 0;
}

static void builder_add_run(ParaBuilder *b, guint32 offset, StyleId style)
{
  if (b->runs->len > 0) {
    StyleRun *last = &g_array_index(b->runs, StyleRun, b->runs->len - 1);
    if (last->style == style)
      return;
    if (last->offset == offset) {
      g_array_set_size(b->runs, b->runs->len - 1);
      builder_add_run(b, offset, style);
      return;
    }
  }
  StyleRun run = {offset, style};
  g_array_append_val(b->runs, run);
}

/* Copies the characters [from, to) of @p into the builder. */
static void builder_take_range(ParaBuilder *b, const Document *doc, const Paragraph *p,
                               guint32 from, guint32 to)
{
  if (from >= to)
    return;
  guint32 n;
  const StyleRun *runs = para_runs(doc, p, &n);
  guint32 base = (guint32)b->text->len;
  for (guint32 r = run_index_at(runs, n, from); r < n && runs[r].offset < to; r++)
    builder_add_run(b, base + MAX(runs[r].offset, from) - from, runs[r].style);
  g_string_append_len(b->text, p->text + from, to - from);
  b->chars += (guint32)utf8_count(p->text + from, to - from);
}

/* Adds new characters. @runs (offsets relative to @utf8) give their styles;
 * @n_runs may be 0 for @style throughout. */
static void builder_add_new(ParaBuilder *b, Document *doc, const char *utf8, guint32 len,
                            guint32 utf8_base, const StyleRun *runs, guint n_runs, StyleId style)
{
  guint32 r = n_runs ? run_index_at(runs, n_runs, utf8_base) : 0;
  for (const char *s = utf8, *end = utf8 + len; s < end; s = g_utf8_next_char(s)) {
    guint32 at = utf8_base + (guint32)(s - utf8);
    while (r + 1 < n_runs && runs[r + 1].offset <= at)
      r++;
    StyleId st = n_runs ? runs[r].style : style;
    builder_add_run(b, (guint32)b->text->len + (guint32)(s - utf8), st);
    b->chars++;
  }
  g_string_append_len(b->text, utf8, len);
}

/* Turns the builder into a paragraph (storage owned by the paragraph) and resets it. */
static Paragraph builder_finish(ParaBuilder *b, Document *doc, LineEnding ending)
{
  Paragraph p = {0};
  p.bytes = (guint32)b->text->len;
  p.chars = b->chars;
  p.ending = (guint8)ending;
  p.text = p.bytes ? g_memdup2(b->text->str, p.bytes) : NULL;
  doc->counted_bytes += p.bytes;
  p.style = b->runs->len ? g_array_index(b->runs, StyleRun, 0).style : doc->default_style;
  if (b->runs->len > 1) {
    p.extra = g_new0(ParaExtra, 1);
    p.extra->n_runs = b->runs->len;
    p.extra->runs = g_memdup2(b->runs->data, b->runs->len * sizeof(StyleRun));
    doc->counted_bytes += sizeof(ParaExtra) + b->runs->len * sizeof(StyleRun);
  }
  g_string_truncate(b->text, 0);
  g_array_set_size(b->runs, 0);
  b->chars = 0;
  return p;
}

static void builder_clear(ParaBuilder *b)
{
  g_string_free(b->text, TRUE);
  g_array_unref(b->runs);
}

/* ---------------------------------------------------------------- editing */

/* Length of the line break at @s (0 when none): "\r\n", "\n" or "\r". */
static guint32 line_break_len(const char *s, const char *end)
{
  if (*s == '\n')
    return 1;
  if (*s == '\r')
    return (s + 1 < end && s[1] == '\n') ? 2 : 1;
  return 0;
}

/* Whether @n bytes at @s are valid UTF-8, U+0000 included (a file's NUL bytes
 * are characters of the document; g_utf8_validate_len refuses them). */
static bool valid_utf8_with_nul(const char *s, gsize n)
{
  const char *end = s + n;
  while (s < end) {
    const char *nul = memchr(s, '\0', (size_t)(end - s));
    const char *stop = nul != NULL ? nul : end;
    if (!g_utf8_validate_len(s, (gsize)(stop - s), NULL))
      return false;
    s = nul != NULL ? nul + 1 : end;
  }
  return true;
}

bool document_insert_styled(Document *doc, DocPos at, const char *utf8, gssize len,
                            const StyleRun *runs, guint n_runs, DocPos *end_out, GError **error)
{
  g_return_val_if_fail(doc != NULL && utf8 != NULL, false);
  gsize n = len < 0 ? strlen(utf8) : (gsize)len;
  if (!valid_utf8_with_nul(utf8, n)) {
    g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_INVALID_UTF8,
                "The text to insert is not valid UTF-8");
    return false;
  }
  at = document_clamp(doc, at);
  const Paragraph old = *para_at(doc, at.para);
  if ((guint64)old.bytes + n >= G_MAXUINT32) {
    g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_TOO_LARGE,
                "The paragraph would be larger than 4 GiB");
    return false;
  }
  StyleId style = n_runs ? runs[0].style : document_style_at(doc, at);
  GArray *made = g_array_new(FALSE, FALSE, sizeof(Paragraph));
  ParaBuilder b;
  builder_init(&b, doc, old.bytes + MIN(n, 1u << 16)); /* typing: exact; a large paste grows */
  builder_take_range(&b, doc, &old, 0, at.offset);
  const char *piece = utf8, *end = utf8 + n;
  for (const char *s = utf8; s < end;) {
    guint32 br = line_break_len(s, end);
    if (br == 0) {
      s++;
      continue;
    }
    builder_add_new(&b, doc, piece, (guint32)(s - piece), (guint32)(piece - utf8), runs, n_runs,
                    style);
    Paragraph p = builder_finish(&b, doc, doc->ending);
    g_array_append_val(made, p);
    s += br;
    piece = s;
  }
  builder_add_new(&b, doc, piece, (guint32)(end - piece), (guint32)(piece - utf8), runs, n_runs,
                  style);
  guint32 end_offset = (guint32)b.text->len;
  builder_take_range(&b, doc, &old, at.offset, old.bytes);
  Paragraph last = builder_finish(&b, doc, (LineEnding)old.ending);
  g_array_append_val(made, last);
  builder_clear(&b);

  para_free_storage(doc, para_at(doc, at.para));
  splice_paras(doc, at.para, 1, (Paragraph *)made->data, made->len);
  guint64 new_chars = 0;
  for (guint i = 0; i < made->len; i++)
    new_chars += g_array_index(made, Paragraph, i).chars;
  doc->chars += new_chars - old.chars;
  doc->bytes = doc->bytes - old.bytes;
  for (guint i = 0; i < made->len; i++)
    doc->bytes += g_array_index(made, Paragraph, i).bytes;
  doc->pristine = false;
  if (end_out != NULL)
    *end_out = (DocPos){at.para + made->len - 1, end_offset};
  guint32 inserted = made->len;
  g_array_unref(made);
  DocEdit edit = {at.para, at.offset, 0, (guint32)n};
  notify_edit(doc, at.para, 1, inserted, inserted == 1 ? &edit : NULL);
  return true;
}

bool document_insert(Document *doc, DocPos at, const char *utf8, gssize len, StyleId style,
                     DocPos *end_out, GError **error)
{
  StyleRun run = {0, style};
  return document_insert_styled(doc, at, utf8, len, &run, style == STYLE_NONE ? 0 : 1, end_out,
                                error);
}

void document_delete(Document *doc, DocPos start, DocPos end)
{
  start = document_clamp(doc, start);
  end = document_clamp(doc, end);
  if (docpos_compare(start, end) > 0) {
    DocPos t = start;
    start = end;
    end = t;
  }
  if (docpos_compare(start, end) == 0)
    return;
  guint64 old_chars = 0, old_bytes = 0;
  for (guint32 i = start.para; i <= end.para; i++) {
    old_chars += doc->paras[i].chars;
    old_bytes += doc->paras[i].bytes;
  }
  ParaBuilder b;
  builder_init(&b, doc, start.offset + (doc->paras[end.para].bytes - end.offset));
  builder_take_range(&b, doc, para_at(doc, start.para), 0, start.offset);
  builder_take_range(&b, doc, para_at(doc, end.para), end.offset, doc->paras[end.para].bytes);
  Paragraph joined = builder_finish(&b, doc, (LineEnding)doc->paras[end.para].ending);
  builder_clear(&b);
  for (guint32 i = start.para; i <= end.para; i++)
    para_free_storage(doc, &doc->paras[i]);
  guint32 removed = end.para - start.para + 1;
  splice_paras(doc, start.para, removed, &joined, 1);
  doc->chars = doc->chars - old_chars + joined.chars;
  doc->bytes = doc->bytes - old_bytes + joined.bytes;
  DocEdit edit = {start.para, start.offset, end.offset - start.offset, 0};
  notify_edit(doc, start.para, removed, 1, removed == 1 ? &edit : NULL);
}

/* Restyles [from, to) of one paragraph. */
static void restyle_paragraph(Document *doc, guint32 para, guint32 from, guint32 to, StyleId style)
{
  Paragraph old = *para_at(doc, para);
  if (from >= to)
    return;
  ParaBuilder b;
  builder_init(&b, doc, old.bytes);
  builder_take_range(&b, doc, &old, 0, from);
  builder_add_new(&b, doc, old.text + from, to - from, 0, NULL, 0, style);
  builder_take_range(&b, doc, &old, to, old.bytes);
  Paragraph p = builder_finish(&b, doc, (LineEnding)old.ending);
  builder_clear(&b);
  para_free_storage(doc, para_at(doc, para));
  doc->paras[para] = p;
}

void document_restyle(Document *doc, DocPos start, DocPos end, StyleId style)
{
  g_return_if_fail(glyph_factory_style_info(doc->factory, style) != NULL);
  start = document_clamp(doc, start);
  end = document_clamp(doc, end);
  if (docpos_compare(start, end) >= 0)
    return;
  for (guint32 i = start.para; i <= end.para; i++) {
    guint32 from = i == start.para ? start.offset : 0;
    guint32 to = i == end.para ? end.offset : doc->paras[i].bytes;
    restyle_paragraph(doc, i, from, to, style);
  }
  guint32 n = end.para - start.para + 1;
  DocEdit edit = {start.para, start.offset, end.offset - start.offset, end.offset - start.offset};
  notify_edit(doc, start.para, n, n, n == 1 ? &edit : NULL);
}
