/* document.c — paragraphs of text: making and clearing a document, loading,
 * reading, iterating, positions, extracting text and the observers. The
 * representation is described in document_private.h; the blocks that hold
 * the paragraphs are document_blocks.c's, edits document_edit.c's.
 *
 * Iterating: the iterator enters a style run once — its style and where it
 * ends — so the inline step in document.h handles an ASCII byte inside the run
 * with a load; document_iter_step_() here does everything else and is the one
 * place where the general rules (decoding, run boundaries) live. */
#include "document.h"
#include "document_private.h"

#include <stdatomic.h>
#include <string.h>

typedef struct {
  guint id;
  DocumentChangedFunc func;
  void *user_data;
} Observer;

/* clang-format off */
G_DEFINE_QUARK(document-error-quark, document_error)
/* clang-format on */

/* ---------------------------------------------------------------- basics */

/* The last number document_changes gave out, to any document: one counter for
 * the process, so that a document made where a freed one was never answers
 * what the freed one did (caches key on it). Atomic: documents may live on
 * other threads. */
static atomic_uint_fast64_t last_change;

static guint64 next_change(void)
{
  return (guint64)atomic_fetch_add(&last_change, 1) + 1;
}

/* Tells the observers; @edit (may be NULL) is what document_current_edit
 * answers meanwhile. */
void notify_edit(Document *doc, guint32 first, guint32 removed, guint32 inserted,
                 const DocEdit *edit)
{
  const DocEdit *outer = doc->edit; /* an observer that edits must not clobber it */
  doc->changes = next_change();
  for (guint i = 0; i < doc->observers->len; i++) {
    Observer *o = &g_array_index(doc->observers, Observer, i);
    doc->edit = edit;
    o->func(doc, first, removed, inserted, o->user_data);
  }
  doc->edit = outer;
}

void notify(Document *doc, guint32 first, guint32 removed, guint32 inserted)
{
  notify_edit(doc, first, removed, inserted, NULL);
}

guint64 document_changes(const Document *doc)
{
  g_return_val_if_fail(doc != NULL, 0);
  return doc->changes;
}

/* ---------------------------------------------------------------- runs */

/* Index of the run that holds byte @offset. */
guint32 run_index_at(const StyleRun *runs, guint32 n, guint32 offset)
{
  guint32 lo = 0, hi = n;
  while (hi - lo > 1) {
    guint32 mid = (lo + hi) / 2;
    if (runs[mid].offset <= offset)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

const StyleRun *para_runs(const Document *doc, const Para *p, guint32 *n)
{
  if (p->runs != NULL) {
    *n = p->n_runs;
    return p->runs;
  }
  *n = 1;
  Document *mut = (Document *)doc; /* scratch space, documented as valid until the next call */
  mut->scratch_run.offset = 0;
  mut->scratch_run.style = p->style;
  return &mut->scratch_run;
}

/* ---------------------------------------------------------------- life cycle */

/* Makes @doc one empty paragraph in the default style, pristine. */
static void reset_to_empty(Document *doc)
{
  para_store_clear(&doc->store);
  Para empty = {.style = doc->default_style, .n_runs = 1, .ending = LINE_END_NONE};
  para_store_append(&doc->store, &empty);
  para_store_compact(&doc->store);
  doc->pristine = true;
}

Document *document_new(GlyphFactory *factory, StyleId default_style)
{
  g_return_val_if_fail(factory != NULL, NULL);
  g_return_val_if_fail(glyph_factory_style_info(factory, default_style) != NULL, NULL);
  Document *doc = g_new0(Document, 1);
  doc->factory = factory;
  doc->default_style = default_style;
  doc->ending = LINE_END_LF;
  doc->observers = g_array_new(FALSE, FALSE, sizeof(Observer));
  para_store_init(&doc->store);
  doc->changes = next_change();
  doc->next_observer = 1;
  reset_to_empty(doc);
  return doc;
}

void document_free(Document *doc)
{
  if (doc == NULL)
    return;
  para_store_clear(&doc->store);
  g_free(doc->store.blocks);
  g_array_unref(doc->observers);
  g_free(doc);
}

void document_clear(Document *doc)
{
  guint32 removed = doc->store.n_paras;
  reset_to_empty(doc);
  notify(doc, 0, removed, 1);
}

void document_compact(Document *doc)
{
  para_store_compact(&doc->store);
}

GlyphFactory *document_factory(const Document *doc)
{
  return doc->factory;
}
StyleId document_default_style(const Document *doc)
{
  return doc->default_style;
}
guint32 document_paragraph_count(const Document *doc)
{
  return doc->store.n_paras;
}
guint64 document_char_count(const Document *doc)
{
  return doc->store.chars;
}
guint64 document_byte_count(const Document *doc)
{
  return doc->store.bytes;
}
LineEnding document_line_ending(const Document *doc)
{
  return doc->ending;
}
void document_set_line_ending(Document *doc, LineEnding ending)
{
  doc->ending = ending;
}

/* ---------------------------------------------------------------- loading */

/* Whether @runs fit document_append_styled_paragraph's rules for @utf8. */
static bool runs_valid(const Document *doc, const char *utf8, gsize len, const StyleRun *runs,
                       guint n_runs)
{
  if (n_runs == 0 || runs[0].offset != 0 || (len == 0 && n_runs > 1))
    return n_runs == 0;
  for (guint r = 0; r < n_runs; r++) {
    if (glyph_factory_style_info(doc->factory, runs[r].style) == NULL)
      return false;
    if (r > 0 && (runs[r].offset <= runs[r - 1].offset || runs[r].offset >= len ||
                  ((unsigned char)utf8[runs[r].offset] & 0xC0) == 0x80))
      return false;
  }
  return true;
}

/* @runs (valid) with neighbours of one style merged, into @kept (room for
 * @n_runs); their number. */
static guint32 merge_loaded_runs(const StyleRun *runs, guint n_runs, StyleRun *kept)
{
  guint32 n_kept = 0;
  for (guint r = 0; r < n_runs; r++)
    if (n_kept == 0 || kept[n_kept - 1].style != runs[r].style)
      kept[n_kept++] = runs[r];
  return n_kept;
}

bool document_append_paragraph(Document *doc, const char *utf8, gsize len, LineEnding ending,
                               GError **error)
{
  return document_append_styled_paragraph(doc, utf8, len, ending, NULL, 0, error);
}

/* Whether a paragraph of @len bytes may be appended; else @error. */
static bool can_append(const Document *doc, gsize len, GError **error)
{
  if (len < G_MAXUINT32 && (doc->pristine || doc->store.n_paras < G_MAXUINT32))
    return true;
  g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_TOO_LARGE,
              "The text is too large: a paragraph is limited to 4 GiB and 4 billion paragraphs");
  return false;
}

/* Where the next appended paragraph goes; the initial empty one gives way. */
static guint32 begin_append(Document *doc)
{
  if (!doc->pristine)
    return doc->store.n_paras;
  para_store_clear(&doc->store);
  doc->pristine = false;
  return 0;
}

bool document_append_paragraph_take(Document *doc, char *utf8, gsize len, LineEnding ending,
                                    GError **error)
{
  g_return_val_if_fail(doc != NULL && (utf8 != NULL || len == 0), false);
  if (!can_append(doc, len, error)) {
    g_free(utf8);
    return false;
  }
  guint32 at = begin_append(doc);
  para_store_append_taken(&doc->store, utf8, (guint32)len, ending, doc->default_style);
  notify(doc, at, at == 0 ? 1 : 0, 1);
  return true;
}

bool document_append_styled_paragraph(Document *doc, const char *utf8, gsize len, LineEnding ending,
                                      const StyleRun *runs, guint n_runs, GError **error)
{
  g_return_val_if_fail(doc != NULL && (utf8 != NULL || len == 0), false);
  g_return_val_if_fail(runs_valid(doc, utf8, len, runs, n_runs), false);
  if (!can_append(doc, len, error))
    return false;
  g_autofree StyleRun *kept = n_runs > 1 ? g_new(StyleRun, n_runs) : NULL;
  Para p = {.text = utf8, .bytes = (guint32)len, .ending = (guint8)ending, .n_runs = 1};
  p.style = n_runs ? runs[0].style : doc->default_style;
  if (kept != NULL && (p.n_runs = merge_loaded_runs(runs, n_runs, kept)) > 1)
    p.runs = kept;
  else
    p.n_runs = 1;
  guint32 at = begin_append(doc);
  para_store_append(&doc->store, &p);
  notify(doc, at, at == 0 ? 1 : 0, 1);
  return true;
}

/* ---------------------------------------------------------------- reading */

const char *document_paragraph_text(const Document *doc, guint32 para, guint32 *len)
{
  g_return_val_if_fail(para < doc->store.n_paras, NULL);
  Para p = para_store_get(&doc->store, para);
  *len = p.bytes;
  return p.text ? p.text : "";
}

const char *document_paragraphs_span(const Document *doc, guint32 para, guint32 *n, guint32 *bytes)
{
  g_return_val_if_fail(para < doc->store.n_paras && n != NULL && bytes != NULL, NULL);
  return para_store_span(&doc->store, para, n, bytes);
}

guint32 document_paragraph_chars(const Document *doc, guint32 para)
{
  g_return_val_if_fail(para < doc->store.n_paras, 0);
  return para_store_chars(&doc->store, para);
}

LineEnding document_paragraph_ending(const Document *doc, guint32 para)
{
  g_return_val_if_fail(para < doc->store.n_paras, LINE_END_NONE);
  return (LineEnding)para_store_get(&doc->store, para).ending;
}

void document_set_paragraph_ending(Document *doc, guint32 para, LineEnding ending)
{
  g_return_if_fail(para < doc->store.n_paras);
  para_store_set_ending(&doc->store, para, ending);
}

const StyleRun *document_paragraph_runs(const Document *doc, guint32 para, guint *n_runs)
{
  g_return_val_if_fail(para < doc->store.n_paras, NULL);
  guint32 n;
  Para p = para_store_get(&doc->store, para);
  const StyleRun *runs = para_runs(doc, &p, &n);
  *n_runs = n;
  return runs;
}

StyleId document_style_at(const Document *doc, DocPos pos)
{
  pos = document_clamp(doc, pos);
  Para p = para_store_get(&doc->store, pos.para);
  guint32 n;
  const StyleRun *runs = para_runs(doc, &p, &n);
  guint32 offset = pos.offset;
  if (offset > 0 && offset >= p.bytes)
    offset = (guint32)(g_utf8_prev_char(p.text + p.bytes) - p.text);
  return runs[run_index_at(runs, n, offset)].style;
}

int document_paragraph_line_height(const Document *doc, guint32 para)
{
  guint32 n;
  Para p = para_store_get(&doc->store, para);
  const StyleRun *runs = para_runs(doc, &p, &n);
  int height = 0;
  for (guint32 i = 0; i < n; i++)
    height = MAX(height, glyph_factory_style_info(doc->factory, runs[i].style)->line_height);
  return height;
}

/* Points @it at run @run: its style, where it ends. */
static void iter_enter_run(DocCharIter *it, guint32 run)
{
  it->run_ = run;
  if (it->runs_ != NULL) {
    it->style = it->runs_[run].style;
    it->run_end_ = run + 1 < it->n_runs_ ? it->runs_[run + 1].offset : G_MAXUINT32;
  } else {
    it->run_end_ = G_MAXUINT32;
  }
}

void document_iter_init(const Document *doc, DocCharIter *it, guint32 para, guint32 offset)
{
  g_return_if_fail(para < doc->store.n_paras);
  Para p = para_store_get(&doc->store, para);
  *it = (DocCharIter){0};
  it->text_ = p.text;
  it->len_ = p.bytes;
  it->next = MIN(offset, p.bytes);
  it->runs_ = p.runs;
  it->n_runs_ = p.n_runs;
  it->style = p.style;
  iter_enter_run(it, it->runs_ ? run_index_at(it->runs_, it->n_runs_, it->next) : 0);
}

/* The general step: any character, entering the run it falls in. Same
 * results as the inline fast path, which only skips what this would find
 * unchanged. */
bool document_iter_step_(DocCharIter *it)
{
  if (it->next >= it->len_)
    return false;
  it->offset = it->next;
  const char *s = it->text_ + it->offset;
  if ((unsigned char)*s < 0x80) {
    it->cp = (unsigned char)*s;
    it->next = it->offset + 1;
  } else {
    it->cp = g_utf8_get_char(s);
    it->next = (guint32)(g_utf8_next_char(s) - it->text_);
  }
  if (it->offset >= it->run_end_) {
    guint32 run = it->run_;
    while (run + 1 < it->n_runs_ && it->runs_[run + 1].offset <= it->offset)
      run++;
    iter_enter_run(it, run);
  }
  return true;
}

void document_iter_unread(DocCharIter *it)
{
  g_return_if_fail(it->next > it->offset);
  /* the run stays: it is the unread character's, which the next step re-enters */
  it->next = it->offset;
}

/* ---------------------------------------------------------------- positions */

int docpos_compare(DocPos a, DocPos b)
{
  if (a.para != b.para)
    return a.para < b.para ? -1 : 1;
  return a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0;
}

DocPos document_start(const Document *doc)
{
  return (DocPos){0, 0};
}

DocPos document_end(const Document *doc)
{
  return (DocPos){doc->store.n_paras - 1,
                  para_store_get(&doc->store, doc->store.n_paras - 1).bytes};
}

DocPos document_clamp(const Document *doc, DocPos pos)
{
  if (pos.para >= doc->store.n_paras)
    return document_end(doc);
  Para p = para_store_get(&doc->store, pos.para);
  if (pos.offset >= p.bytes)
    return (DocPos){pos.para, p.bytes};
  /* back up onto a character boundary */
  while (pos.offset > 0 && ((unsigned char)p.text[pos.offset] & 0xC0) == 0x80)
    pos.offset--;
  return pos;
}

guint32 document_char_index(const Document *doc, DocPos pos)
{
  g_return_val_if_fail(doc != NULL, 0);
  pos = document_clamp(doc, pos);
  return (guint32)utf8_count(para_store_get(&doc->store, pos.para).text, pos.offset);
}

DocPos document_pos_of_char(const Document *doc, guint32 para, guint64 index)
{
  DocPos none = {0, 0};
  g_return_val_if_fail(doc != NULL, none);
  para = MIN(para, doc->store.n_paras - 1);
  Para p = para_store_get(&doc->store, para);
  const char *at = p.text, *end = p.text + p.bytes;
  for (guint64 i = 0; i < index && at < end; i++)
    at = g_utf8_next_char(at);
  return (DocPos){para, (guint32)(MIN(at, end) - p.text)};
}

DocPos document_next_char(const Document *doc, DocPos pos)
{
  pos = document_clamp(doc, pos);
  Para p = para_store_get(&doc->store, pos.para);
  if (pos.offset < p.bytes)
    return (DocPos){pos.para, (guint32)(g_utf8_next_char(p.text + pos.offset) - p.text)};
  if (pos.para + 1 < doc->store.n_paras)
    return (DocPos){pos.para + 1, 0};
  return pos;
}

DocPos document_prev_char(const Document *doc, DocPos pos)
{
  pos = document_clamp(doc, pos);
  if (pos.offset > 0) {
    Para p = para_store_get(&doc->store, pos.para);
    return (DocPos){pos.para, (guint32)(g_utf8_prev_char(p.text + pos.offset) - p.text)};
  }
  if (pos.para > 0)
    return (DocPos){pos.para - 1, para_store_get(&doc->store, pos.para - 1).bytes};
  return pos;
}

/* ---------------------------------------------------------------- extracting */

char *document_get_text(const Document *doc, DocPos start, DocPos end)
{
  return document_get_text_len(doc, start, end, NULL);
}

char *document_get_text_len(const Document *doc, DocPos start, DocPos end, gsize *len)
{
  start = document_clamp(doc, start);
  end = document_clamp(doc, end);
  GString *out = g_string_new(NULL);
  for (guint32 i = start.para; i <= end.para && docpos_compare(start, end) < 0; i++) {
    Para p = para_store_get(&doc->store, i);
    guint32 from = i == start.para ? start.offset : 0;
    guint32 to = i == end.para ? end.offset : p.bytes;
    if (to > from)
      g_string_append_len(out, p.text + from, to - from);
    if (i != end.para)
      g_string_append_c(out, '\n');
  }
  if (len != NULL)
    *len = out->len;
  return g_string_free(out, FALSE);
}

char *document_get_all_text(const Document *doc)
{
  return document_get_text(doc, document_start(doc), document_end(doc));
}

GArray *document_get_runs(const Document *doc, DocPos start, DocPos end)
{
  start = document_clamp(doc, start);
  end = document_clamp(doc, end);
  GArray *out = g_array_new(FALSE, FALSE, sizeof(StyleRun));
  guint32 base = 0;
  for (guint32 i = start.para; i <= end.para && docpos_compare(start, end) < 0; i++) {
    Para p = para_store_get(&doc->store, i);
    guint32 from = i == start.para ? start.offset : 0;
    guint32 to = i == end.para ? end.offset : p.bytes;
    guint32 n;
    const StyleRun *runs = para_runs(doc, &p, &n);
    for (guint32 r = run_index_at(runs, n, from); r < n && (runs[r].offset < to || r == 0); r++) {
      StyleRun run = {base + MAX(runs[r].offset, from) - from, runs[r].style};
      StyleRun *last = out->len ? &g_array_index(out, StyleRun, out->len - 1) : NULL;
      if (last && last->style == run.style)
        continue;
      if (last && last->offset == run.offset)
        last->style = run.style;
      else
        g_array_append_val(out, run);
    }
    base += to - from + 1; /* the "\n" between paragraphs keeps the style before it */
  }
  return out;
}

/* ---------------------------------------------------------------- checking */

bool document_check(const Document *doc, GError **error)
{
  const char *fault = para_store_fault(&doc->store);
  if (fault == NULL && doc->store.n_paras == 0)
    fault = "the document has no paragraph";
  if (fault != NULL)
    g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_CORRUPT, "%s", fault);
  return fault == NULL;
}

/* ---------------------------------------------------------------- observers */

guint document_add_observer(Document *doc, DocumentChangedFunc func, void *user_data)
{
  Observer o = {doc->next_observer++, func, user_data};
  g_array_append_val(doc->observers, o);
  return o.id;
}

bool document_current_edit(const Document *doc, DocEdit *out)
{
  g_return_val_if_fail(doc != NULL && out != NULL, false);
  if (doc->edit == NULL)
    return false;
  *out = *doc->edit;
  return true;
}

void document_remove_observer(Document *doc, guint id)
{
  for (guint i = 0; i < doc->observers->len; i++)
    if (g_array_index(doc->observers, Observer, i).id == id) {
      g_array_remove_index(doc->observers, i);
      return;
    }
}
