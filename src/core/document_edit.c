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

/* A paragraph the builder made: where its text and runs are in the builder. */
typedef struct {
  guint32 offset, bytes; /* its text: builder->text[offset, offset + bytes) */
  guint32 first_run;     /* its runs: builder->runs[first_run, first_run + n_runs) */
  guint32 n_runs;
  guint8 ending;
} Built;

/* Collects new paragraphs: their text back to back, their runs (offsets
 * relative to each paragraph) and where each one is. */
typedef struct {
  GString *text;
  GArray *runs;  /* StyleRun */
  GArray *paras; /* Built: the finished paragraphs */
  guint32 start; /* where the paragraph being built starts in @text */
  guint32 first; /* its first run in @runs */
  GArray *out;   /* Para: builder_paras' answer */
} ParaBuilder;

/* @size_hint: the bytes the builder will likely hold (one copy of a 10 MB
 * line, not a series of doublings). */
static void builder_init(ParaBuilder *b, gsize size_hint)
{
  b->text = g_string_sized_new(size_hint);
  b->runs = g_array_new(FALSE, FALSE, sizeof(StyleRun));
  b->paras = g_array_new(FALSE, FALSE, sizeof(Built));
  b->out = g_array_new(FALSE, FALSE, sizeof(Para));
  b->start = b->first = 0;
}

/* Starts a run of @style at @offset of the text (the builder's), merging. */
static void builder_add_run(ParaBuilder *b, guint32 offset, StyleId style)
{
  offset -= b->start;
  if (b->runs->len > b->first) {
    StyleRun *last = &g_array_index(b->runs, StyleRun, b->runs->len - 1);
    if (last->style == style)
      return;
    if (last->offset == offset) {
      g_array_set_size(b->runs, b->runs->len - 1);
      builder_add_run(b, offset + b->start, style);
      return;
    }
  }
  StyleRun run = {offset, style};
  g_array_append_val(b->runs, run);
}

/* Copies the characters [from, to) of @p into the builder. */
static void builder_take_range(ParaBuilder *b, const Document *doc, const Para *p, guint32 from,
                               guint32 to)
{
  if (from >= to)
    return;
  guint32 n;
  const StyleRun *runs = para_runs(doc, p, &n);
  guint32 base = (guint32)b->text->len;
  for (guint32 r = run_index_at(runs, n, from); r < n && runs[r].offset < to; r++)
    builder_add_run(b, base + MAX(runs[r].offset, from) - from, runs[r].style);
  g_string_append_len(b->text, p->text + from, to - from);
}

/* Adds new characters. @runs (offsets relative to @utf8 - @utf8_base) give
 * their styles; @n_runs may be 0 for @style throughout. */
static void builder_add_new(ParaBuilder *b, const char *utf8, guint32 len, guint32 utf8_base,
                            const StyleRun *runs, guint n_runs, StyleId style)
{
  if (len == 0)
    return; /* no characters, no run: an empty paragraph takes its default */
  if (n_runs == 0) {
    builder_add_run(b, (guint32)b->text->len, style);
  } else {
    guint32 base = (guint32)b->text->len;
    for (guint32 r = run_index_at(runs, n_runs, utf8_base);
         r < n_runs && runs[r].offset < utf8_base + len; r++)
      builder_add_run(b, base + MAX(runs[r].offset, utf8_base) - utf8_base, runs[r].style);
  }
  g_string_append_len(b->text, utf8, len);
}

/* Ends the paragraph being built with @ending; an empty one gets @style. */
static void builder_finish(ParaBuilder *b, LineEnding ending, StyleId style)
{
  guint32 end = (guint32)b->text->len;
  if (b->runs->len == b->first) {
    StyleRun run = {0, style};
    g_array_append_val(b->runs, run);
  }
  Built p = {b->start, end - b->start, b->first, b->runs->len - b->first, (guint8)ending};
  g_array_append_val(b->paras, p);
  b->start = end;
  b->first = b->runs->len;
}

/* The paragraphs built (pointers into the builder: valid until it is cleared). */
static const Para *builder_paras(ParaBuilder *b, guint32 *n)
{
  g_array_set_size(b->out, 0);
  for (guint i = 0; i < b->paras->len; i++) {
    const Built *p = &g_array_index(b->paras, Built, i);
    const StyleRun *runs = &g_array_index(b->runs, StyleRun, p->first_run);
    Para para = {.text = b->text->str + p->offset, .bytes = p->bytes, .ending = p->ending};
    para.style = runs[0].style;
    para.runs = p->n_runs > 1 ? runs : NULL;
    para.n_runs = p->n_runs;
    g_array_append_val(b->out, para);
  }
  *n = b->out->len;
  return (const Para *)b->out->data;
}

static void builder_clear(ParaBuilder *b)
{
  g_string_free(b->text, TRUE);
  g_array_unref(b->runs);
  g_array_unref(b->paras);
  g_array_unref(b->out);
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

/* Characters in @n bytes of @utf8 that are not line breaks (which the
 * document does not count). */
static gint64 chars_without_breaks(const char *utf8, gsize n)
{
  gint64 breaks = 0;
  for (gsize i = 0; i < n; i++)
    breaks += utf8[i] == '\n' || utf8[i] == '\r';
  return (gint64)utf8_count(utf8, n) - breaks;
}

/* Builds into @b paragraph @old with @utf8 inserted at @offset ("\n", "\r\n"
 * and "\r" split it); the new text's styles are @runs, or @style when
 * @n_runs is 0. Returns where the inserted text ends in the last paragraph. */
static guint32 build_insertion(ParaBuilder *b, Document *doc, const Para *old, guint32 offset,
                               const char *utf8, gsize n, const StyleRun *runs, guint n_runs,
                               StyleId style)
{
  builder_take_range(b, doc, old, 0, offset);
  const char *piece = utf8, *end = utf8 + n;
  for (const char *s = utf8; s < end;) {
    guint32 br = line_break_len(s, end);
    if (br == 0) {
      s++;
      continue;
    }
    builder_add_new(b, piece, (guint32)(s - piece), (guint32)(piece - utf8), runs, n_runs, style);
    builder_finish(b, doc->ending, doc->default_style);
    s += br;
    piece = s;
  }
  builder_add_new(b, piece, (guint32)(end - piece), (guint32)(piece - utf8), runs, n_runs, style);
  guint32 end_offset = (guint32)b->text->len - b->start;
  builder_take_range(b, doc, old, offset, old->bytes);
  builder_finish(b, (LineEnding)old->ending, doc->default_style);
  return end_offset;
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
  const Para old = para_store_get(&doc->store, at.para);
  if ((guint64)old.bytes + n >= G_MAXUINT32) {
    g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_TOO_LARGE,
                "The paragraph would be larger than 4 GiB");
    return false;
  }
  StyleId style = n_runs ? runs[0].style : document_style_at(doc, at);
  ParaBuilder b;
  builder_init(&b, old.bytes + MIN(n, 1u << 16)); /* typing: exact; a large paste grows */
  guint32 end_offset = build_insertion(&b, doc, &old, at.offset, utf8, n, runs, n_runs, style);
  guint32 made;
  const Para *paras = builder_paras(&b, &made);
  para_store_replace(&doc->store, at.para, 1, paras, made, chars_without_breaks(utf8, n));
  builder_clear(&b);
  doc->pristine = false;
  if (end_out != NULL)
    *end_out = (DocPos){at.para + made - 1, end_offset};
  DocEdit edit = {at.para, at.offset, 0, (guint32)n};
  notify_edit(doc, at.para, 1, made, made == 1 ? &edit : NULL);
  return true;
}

bool document_insert(Document *doc, DocPos at, const char *utf8, gssize len, StyleId style,
                     DocPos *end_out, GError **error)
{
  StyleRun run = {0, style};
  return document_insert_styled(doc, at, utf8, len, &run, style == STYLE_NONE ? 0 : 1, end_out,
                                error);
}

/* Characters in [@start, @end) (ordered, clamped), line breaks not counted. */
static guint64 chars_between(const Document *doc, DocPos start, DocPos end)
{
  if (start.para == end.para)
    return utf8_count(para_store_get(&doc->store, start.para).text + start.offset,
                      end.offset - start.offset);
  Para first = para_store_get(&doc->store, start.para);
  guint64 chars = utf8_count(first.text + start.offset, first.bytes - start.offset);
  for (guint32 i = start.para + 1; i < end.para; i++)
    chars += para_store_chars(&doc->store, i);
  return chars + utf8_count(para_store_get(&doc->store, end.para).text, end.offset);
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
  gint64 deleted = (gint64)chars_between(doc, start, end);
  Para first = para_store_get(&doc->store, start.para),
       last = para_store_get(&doc->store, end.para);
  ParaBuilder b;
  builder_init(&b, start.offset + (last.bytes - end.offset));
  builder_take_range(&b, doc, &first, 0, start.offset);
  builder_take_range(&b, doc, &last, end.offset, last.bytes);
  builder_finish(&b, (LineEnding)last.ending, doc->default_style);
  guint32 made, removed = end.para - start.para + 1;
  const Para *joined = builder_paras(&b, &made);
  para_store_replace(&doc->store, start.para, removed, joined, made, -deleted);
  builder_clear(&b);
  DocEdit edit = {start.para, start.offset, end.offset - start.offset, 0};
  notify_edit(doc, start.para, removed, 1, removed == 1 ? &edit : NULL);
}

void document_restyle(Document *doc, DocPos start, DocPos end, StyleId style)
{
  g_return_if_fail(glyph_factory_style_info(doc->factory, style) != NULL);
  start = document_clamp(doc, start);
  end = document_clamp(doc, end);
  if (docpos_compare(start, end) >= 0)
    return;
  ParaBuilder b;
  builder_init(&b, 0);
  for (guint32 i = start.para; i <= end.para; i++) {
    Para old = para_store_get(&doc->store, i);
    guint32 from = i == start.para ? start.offset : 0;
    guint32 to = i == end.para ? end.offset : old.bytes;
    builder_take_range(&b, doc, &old, 0, from);
    builder_add_new(&b, old.text + from, to - from, 0, NULL, 0, style);
    builder_take_range(&b, doc, &old, to, old.bytes);
    builder_finish(&b, (LineEnding)old.ending, old.style);
  }
  guint32 n;
  const Para *paras = builder_paras(&b, &n);
  para_store_replace(&doc->store, start.para, n, paras, n, 0);
  builder_clear(&b);
  DocEdit edit = {start.para, start.offset, end.offset - start.offset, end.offset - start.offset};
  notify_edit(doc, start.para, n, n, n == 1 ? &edit : NULL);
}
