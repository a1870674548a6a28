/* document.c — paragraphs of glyph references.
 *
 * Representation. A Paragraph record is 32 bytes: its UTF-8 (not NUL-ended),
 * its byte and character counts, its style when it has only one, its line
 * ending, and a pointer to a ParaExtra that exists only when the paragraph has
 * several style runs or the flyweight is off (then it holds one private Glyph
 * pointer per character). Text loaded from a file lives in large arena blocks
 * (no malloc header per paragraph); a paragraph that is edited moves to its own
 * allocation and its arena bytes are left unused until the document is cleared.
 *
 * References. With sharing on, a character's reference to its Glyph is its key:
 * the code point and the style of its run. Each shared Glyph's refcount is the
 * number of characters with its key: every character entering the document
 * acquires it, every character leaving releases it. Moving characters between
 * paragraphs (split, join) changes no count. With sharing off each character
 * owns a private Glyph (refcount 1), moved along with it.
 *
 * Edits build new paragraphs with a ParaBuilder (text, runs, private glyphs)
 * from ranges of old paragraphs and from new text, then swap them in and tell
 * the observers which paragraph range was replaced (and, when the edit stayed
 * inside one paragraph, which bytes of it: document_current_edit).
 *
 * Iterating (layout's inner loop): the iterator enters a style run once —
 * style, the factory's ASCII glyph array for it, where the run ends — so the
 * inline step in document.h handles an ASCII byte inside the run with two
 * loads; document_iter_step_() here does everything else and is the one place
 * where the general rules (decoding, run boundaries, lookup) live. */
#include "document.h"

#include <string.h>

#define ARENA_BLOCK (1u << 20)     /* largest arena block for loaded text */
#define ARENA_MIN_BLOCK 4096u      /* first arena block */
#define ARENA_MAX_PIECE (64u << 10) /* larger paragraphs get their own allocation */
#define PARA_IN_ARENA 1u

typedef struct {
  StyleRun *runs;   /* n_runs >= 2 style runs, or NULL when the paragraph has one style */
  guint32 n_runs;
  Glyph **glyphs;   /* flyweight off: one private glyph per character; else NULL */
} ParaExtra;

typedef struct {
  char *text;       /* UTF-8 without line break; NULL when empty */
  ParaExtra *extra; /* NULL unless several runs or private glyphs */
  guint32 bytes;    /* length of text */
  guint32 chars;    /* characters in text */
  StyleId style;    /* the style when there is one run (else runs[0].style) */
  guint8 ending;    /* LineEnding */
  guint8 flags;     /* PARA_IN_ARENA: text points into an arena block */
} Paragraph;

typedef struct {
  guint id;
  DocumentChangedFunc func;
  void *user_data;
} Observer;

struct Document {
  GlyphFactory *factory;   /* not owned */
  StyleId default_style;   /* style of text with no other */
  Paragraph *paras;        /* the paragraphs */
  guint32 n_paras, cap_paras;
  guint64 chars, bytes;    /* totals, line breaks not counted */
  guint64 counted_bytes;   /* text allocations, extras (what document_bytes reports besides records) */
  LineEnding ending;       /* for new paragraphs */
  bool sharing;            /* flyweight on */
  bool pristine;           /* still the initial empty paragraph: the first append replaces it */
  GPtrArray *arena;        /* blocks of loaded text */
  guint32 arena_used;      /* bytes used in the last block */
  guint32 arena_cap;       /* size of the last block */
  StyleRun scratch_run;    /* what document_paragraph_runs returns for a one-style paragraph */
  GArray *observers;       /* Observer */
  guint next_observer;
  const DocEdit *edit;     /* the edit being announced, when inside one paragraph; else NULL */
};

G_DEFINE_QUARK(document-error-quark, document_error)

/* ---------------------------------------------------------------- basics */

static Paragraph *para_at(const Document *doc, guint32 i)
{
  return &doc->paras[i];
}

static guint32 para_n_runs(const Paragraph *p)
{
  return (p->extra && p->extra->runs) ? p->extra->n_runs : 1;
}

/* Tells the observers; @edit (may be NULL) is what document_current_edit
 * answers meanwhile. */
static void notify_edit(Document *doc, guint32 first, guint32 removed, guint32 inserted,
                        const DocEdit *edit)
{
  const DocEdit *outer = doc->edit; /* an observer that edits must not clobber it */
  for (guint i = 0; i < doc->observers->len; i++) {
    Observer *o = &g_array_index(doc->observers, Observer, i);
    doc->edit = edit;
    o->func(doc, first, removed, inserted, o->user_data);
  }
  doc->edit = outer;
}

static void notify(Document *doc, guint32 first, guint32 removed, guint32 inserted)
{
  notify_edit(doc, first, removed, inserted, NULL);
}

/* Characters in @n bytes of valid UTF-8: the bytes that are not continuation
 * bytes (10xxxxxx), counted eight at a time. Edits in a 10 MB line count the
 * characters on both sides of the cursor, so this is several times faster
 * than g_utf8_pointer_to_offset's byte-by-byte skip. */
static guint64 utf8_count(const char *s, gsize n)
{
  const guint64 high = G_GUINT64_CONSTANT(0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  guint64 cont = 0;
  gsize i = 0;
  for (; i + 8 <= n; i += 8) {
    guint64 w;
    memcpy(&w, s + i, sizeof w);
    /* bit 7 of each byte: set when the byte is 10xxxxxx; then sum the bytes */
    guint64 marks = (w & ~(w << 1) & high) >> 7;
    cont += (marks * ones) >> 56;
  }
  for (; i < n; i++)
    cont += ((unsigned char)s[i] & 0xC0) == 0x80;
  return n - cont;
}

/* Frees a paragraph's storage; its references must have been released or moved. */
static void para_free_storage(Document *doc, Paragraph *p)
{
  if (!(p->flags & PARA_IN_ARENA)) {
    g_free(p->text);
    doc->counted_bytes -= p->bytes;
  }
  if (p->extra != NULL) {
    doc->counted_bytes -= sizeof(ParaExtra) + (guint64)para_n_runs(p) * sizeof(StyleRun) *
                          (p->extra->runs != NULL);
    if (p->extra->glyphs != NULL)
      doc->counted_bytes -= (guint64)p->chars * sizeof(Glyph *);
    g_free(p->extra->runs);
    g_free(p->extra->glyphs);
    g_free(p->extra);
  }
  p->text = NULL;
  p->extra = NULL;
}

static void ensure_capacity(Document *doc, guint64 wanted)
{
  if (wanted <= doc->cap_paras)
    return;
  guint64 cap = MAX(wanted, (guint64)doc->cap_paras + doc->cap_paras / 2 + 16);
  cap = MIN(cap, (guint64)G_MAXUINT32);
  doc->paras = g_renew(Paragraph, doc->paras, cap);
  doc->cap_paras = (guint32)cap;
}

/* Replaces paragraphs [first, first + removed) by @n new ones (storage moved in). */
static void splice_paras(Document *doc, guint32 first, guint32 removed, const Paragraph *new_paras,
                         guint32 n)
{
  ensure_capacity(doc, (guint64)doc->n_paras - removed + n);
  memmove(&doc->paras[first + n], &doc->paras[first + removed],
          (doc->n_paras - first - removed) * sizeof(Paragraph));
  memcpy(&doc->paras[first], new_paras, n * sizeof(Paragraph));
  doc->n_paras = doc->n_paras - removed + n;
}

/* ---------------------------------------------------------------- runs */

/* Index of the run that holds byte @offset. */
static guint32 run_index_at(const StyleRun *runs, guint32 n, guint32 offset)
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

static const StyleRun *para_runs(const Document *doc, const Paragraph *p, guint32 *n)
{
  if (p->extra && p->extra->runs) {
    *n = p->extra->n_runs;
    return p->extra->runs;
  }
  *n = 1;
  Document *mut = (Document *)doc; /* scratch space, documented as valid until the next call */
  mut->scratch_run.offset = 0;
  mut->scratch_run.style = p->style;
  return &mut->scratch_run;
}

/* ---------------------------------------------------------------- builder */

/* Collects one new paragraph: text, runs and (flyweight off) private glyphs. */
typedef struct {
  GString *text;
  GArray *runs;       /* StyleRun, offsets into text */
  GPtrArray *glyphs;  /* private glyphs, or NULL with sharing on */
  guint32 chars;
} ParaBuilder;

/* @size_hint: the bytes the builder will likely hold (one copy of a 10 MB
 * line, not a series of doublings). */
static void builder_init(ParaBuilder *b, const Document *doc, gsize size_hint)
{
  b->text = g_string_sized_new(size_hint);
  b->runs = g_array_new(FALSE, FALSE, sizeof(StyleRun));
  b->glyphs = doc->sharing ? NULL : g_ptr_array_new();
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

/* Moves the characters [from, to) of @p into the builder (no reference changes). */
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
  guint32 count = (guint32)utf8_count(p->text + from, to - from);
  if (b->glyphs != NULL) {
    guint32 first_char = (guint32)utf8_count(p->text, from);
    guint32 at = b->glyphs->len;
    g_ptr_array_set_size(b->glyphs, (gint)(at + count));
    memcpy(b->glyphs->pdata + at, p->extra->glyphs + first_char, count * sizeof(Glyph *));
  }
  b->chars += count;
}

/* Adds new characters, acquiring a reference for each. @runs (offsets relative
 * to @utf8) give their styles; @n_runs may be 0 for @style throughout. */
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
    Glyph *glyph = glyph_factory_acquire(doc->factory, g_utf8_get_char(s), st);
    if (b->glyphs != NULL)
      g_ptr_array_add(b->glyphs, glyph);
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
  if (b->runs->len > 1 || b->glyphs != NULL) {
    p.extra = g_new0(ParaExtra, 1);
    doc->counted_bytes += sizeof(ParaExtra);
    if (b->runs->len > 1) {
      p.extra->n_runs = b->runs->len;
      p.extra->runs = g_memdup2(b->runs->data, b->runs->len * sizeof(StyleRun));
      doc->counted_bytes += b->runs->len * sizeof(StyleRun);
    }
    if (b->glyphs != NULL) {
      p.extra->glyphs = g_memdup2(b->glyphs->pdata, MAX(p.chars, 1) * sizeof(Glyph *));
      doc->counted_bytes += (guint64)p.chars * sizeof(Glyph *);
      g_ptr_array_set_size(b->glyphs, 0);
    }
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
  if (b->glyphs)
    g_ptr_array_unref(b->glyphs);
}

/* ---------------------------------------------------------------- references */

/* Releases the references of the characters [from, to) of paragraph @para. */
static void release_range(Document *doc, guint32 para, guint32 from, guint32 to)
{
  DocCharIter it;
  document_iter_init(doc, &it, para, from);
  while (it.next < to && document_iter_next(&it))
    glyph_factory_release(doc->factory, it.glyph);
}

/* ---------------------------------------------------------------- life cycle */

Document *document_new(GlyphFactory *factory, StyleId default_style)
{
  g_return_val_if_fail(factory != NULL, NULL);
  g_return_val_if_fail(glyph_factory_style_info(factory, default_style) != NULL, NULL);
  Document *doc = g_new0(Document, 1);
  doc->factory = factory;
  doc->default_style = default_style;
  doc->sharing = glyph_factory_get_sharing(factory);
  doc->ending = LINE_END_LF;
  doc->arena = g_ptr_array_new_with_free_func(g_free);
  doc->observers = g_array_new(FALSE, FALSE, sizeof(Observer));
  doc->next_observer = 1;
  ensure_capacity(doc, 1);
  doc->paras[0] = (Paragraph){.style = default_style, .ending = LINE_END_NONE};
  doc->n_paras = 1;
  doc->pristine = true;
  return doc;
}

static void release_all(Document *doc)
{
  for (guint32 i = 0; i < doc->n_paras; i++) {
    release_range(doc, i, 0, doc->paras[i].bytes);
    para_free_storage(doc, &doc->paras[i]);
  }
  g_ptr_array_set_size(doc->arena, 0);
  doc->arena_used = 0;
}

void document_free(Document *doc)
{
  if (doc == NULL)
    return;
  release_all(doc);
  g_free(doc->paras);
  g_ptr_array_unref(doc->arena);
  g_array_unref(doc->observers);
  g_free(doc);
}

void document_clear(Document *doc)
{
  guint32 removed = doc->n_paras;
  release_all(doc);
  doc->paras[0] = (Paragraph){.style = doc->default_style, .ending = LINE_END_NONE};
  doc->n_paras = 1;
  doc->chars = doc->bytes = 0;
  doc->counted_bytes = 0;
  doc->pristine = true;
  notify(doc, 0, removed, 1);
}

void document_compact(Document *doc)
{
  doc->paras = g_renew(Paragraph, doc->paras, doc->n_paras);
  doc->cap_paras = doc->n_paras;
}

GlyphFactory *document_factory(const Document *doc) { return doc->factory; }
StyleId document_default_style(const Document *doc) { return doc->default_style; }
guint32 document_paragraph_count(const Document *doc) { return doc->n_paras; }
guint64 document_char_count(const Document *doc) { return doc->chars; }
guint64 document_byte_count(const Document *doc) { return doc->bytes; }
LineEnding document_line_ending(const Document *doc) { return doc->ending; }
void document_set_line_ending(Document *doc, LineEnding ending) { doc->ending = ending; }
bool document_get_sharing(const Document *doc) { return doc->sharing; }

/* ---------------------------------------------------------------- loading */

/* A copy of @utf8 in the arena (or its own allocation when large). */
static char *store_text(Document *doc, const char *utf8, guint32 len, guint8 *flags)
{
  if (len == 0)
    return NULL;
  if (len > ARENA_MAX_PIECE) {
    doc->counted_bytes += len;
    return g_memdup2(utf8, len);
  }
  if (doc->arena->len == 0 || doc->arena_used + len > doc->arena_cap) {
    /* blocks grow with the text loaded so far: small files get small blocks */
    doc->arena_cap = (guint32)CLAMP(doc->bytes, ARENA_MIN_BLOCK, ARENA_BLOCK);
    doc->arena_cap = MAX(doc->arena_cap, len);
    g_ptr_array_add(doc->arena, g_malloc(doc->arena_cap));
    doc->arena_used = 0;
    doc->counted_bytes += doc->arena_cap;
  }
  char *dst = (char *)g_ptr_array_index(doc->arena, doc->arena->len - 1) + doc->arena_used;
  memcpy(dst, utf8, len);
  doc->arena_used += len;
  *flags |= PARA_IN_ARENA;
  return dst;
}

/* Acquires a reference per character of @utf8 in @style, batching ASCII (the
 * bulk of a load); flyweight off, the private glyphs go to @privates. Returns
 * the characters. */
static guint32 acquire_loaded(Document *doc, const char *utf8, guint32 len, StyleId style,
                              Glyph **privates)
{
  guint32 ascii[128] = {0}, chars = 0;
  for (const char *s = utf8, *end = utf8 + len; s < end; chars++) {
    unsigned char c = (unsigned char)*s;
    if (c < 0x80 && privates == NULL) {
      ascii[c]++;
      s++;
      continue;
    }
    Glyph *g = glyph_factory_acquire(doc->factory, g_utf8_get_char(s), style);
    if (privates != NULL)
      privates[chars] = g;
    s = g_utf8_next_char(s);
  }
  for (gunichar c = 0; c < 128; c++)
    if (ascii[c] > 0)
      glyph_factory_acquire_n(doc->factory, c, style, ascii[c]);
  return chars;
}

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

/* Gives @p the runs @runs (valid), merging neighbours of one style, and takes
 * its characters' references in them. */
static void take_loaded_runs(Document *doc, Paragraph *p, const char *utf8, const StyleRun *runs,
                             guint n_runs, Glyph **privates)
{
  StyleRun *kept = n_runs > 1 ? g_new(StyleRun, n_runs) : NULL;
  guint32 n_kept = 0;
  p->style = n_runs ? runs[0].style : doc->default_style;
  p->chars = 0;
  for (guint r = 0; r < MAX(n_runs, 1u); r++) {
    StyleId style = n_runs ? runs[r].style : doc->default_style;
    guint32 from = n_runs ? runs[r].offset : 0;
    guint32 to = r + 1 < n_runs ? runs[r + 1].offset : p->bytes;
    p->chars += acquire_loaded(doc, utf8 + from, to - from, style,
                               privates != NULL ? privates + p->chars : NULL);
    if (kept != NULL && (n_kept == 0 || kept[n_kept - 1].style != style))
      kept[n_kept++] = (StyleRun){from, style};
  }
  if (n_kept < 2) {
    g_free(kept);
    kept = NULL;
  }
  if (kept != NULL || privates != NULL) {
    p->extra = g_new0(ParaExtra, 1);
    doc->counted_bytes += sizeof(ParaExtra);
  }
  if (kept != NULL) {
    p->extra->runs = g_renew(StyleRun, kept, n_kept);
    p->extra->n_runs = n_kept;
    doc->counted_bytes += n_kept * sizeof(StyleRun);
  }
  if (privates != NULL) {
    p->extra->glyphs = privates;
    doc->counted_bytes += (guint64)p->chars * sizeof(Glyph *);
  }
}

bool document_append_paragraph(Document *doc, const char *utf8, gsize len, LineEnding ending,
                               GError **error)
{
  return document_append_styled_paragraph(doc, utf8, len, ending, NULL, 0, error);
}

bool document_append_styled_paragraph(Document *doc, const char *utf8, gsize len,
                                      LineEnding ending, const StyleRun *runs, guint n_runs,
                                      GError **error)
{
  g_return_val_if_fail(doc != NULL && (utf8 != NULL || len == 0), false);
  g_return_val_if_fail(runs_valid(doc, utf8, len, runs, n_runs), false);
  if (len >= G_MAXUINT32 || (!doc->pristine && doc->n_paras == G_MAXUINT32)) {
    g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_TOO_LARGE,
                "The text is too large: a paragraph is limited to 4 GiB and 4 billion paragraphs");
    return false;
  }
  Paragraph p = {.ending = (guint8)ending, .bytes = (guint32)len};
  p.text = store_text(doc, utf8, (guint32)len, &p.flags);
  /* utf8_count, not g_utf8_strlen: that one stops at a U+0000 character */
  Glyph **privates = doc->sharing ? NULL : g_new(Glyph *, MAX(utf8_count(utf8, len), 1));
  take_loaded_runs(doc, &p, utf8, runs, n_runs, privates);
  guint32 at = doc->pristine ? 0 : doc->n_paras;
  if (doc->pristine) /* no characters, but with the flyweight off an (empty) extra */
    para_free_storage(doc, &doc->paras[0]);
  splice_paras(doc, at, doc->pristine ? 1 : 0, &p, 1);
  doc->pristine = false;
  doc->chars += p.chars;
  doc->bytes += len;
  notify(doc, at, at == 0 ? 1 : 0, 1);
  return true;
}

/* ---------------------------------------------------------------- reading */

const char *document_paragraph_text(const Document *doc, guint32 para, guint32 *len)
{
  g_return_val_if_fail(para < doc->n_paras, NULL);
  *len = doc->paras[para].bytes;
  return doc->paras[para].text ? doc->paras[para].text : "";
}

guint32 document_paragraph_chars(const Document *doc, guint32 para)
{
  g_return_val_if_fail(para < doc->n_paras, 0);
  return doc->paras[para].chars;
}

LineEnding document_paragraph_ending(const Document *doc, guint32 para)
{
  g_return_val_if_fail(para < doc->n_paras, LINE_END_NONE);
  return (LineEnding)doc->paras[para].ending;
}

void document_set_paragraph_ending(Document *doc, guint32 para, LineEnding ending)
{
  g_return_if_fail(para < doc->n_paras);
  doc->paras[para].ending = (guint8)ending;
}

const StyleRun *document_paragraph_runs(const Document *doc, guint32 para, guint *n_runs)
{
  g_return_val_if_fail(para < doc->n_paras, NULL);
  guint32 n;
  const StyleRun *runs = para_runs(doc, para_at(doc, para), &n);
  *n_runs = n;
  return runs;
}

StyleId document_style_at(const Document *doc, DocPos pos)
{
  pos = document_clamp(doc, pos);
  const Paragraph *p = para_at(doc, pos.para);
  guint32 n;
  const StyleRun *runs = para_runs(doc, p, &n);
  guint32 offset = pos.offset;
  if (offset > 0 && offset >= p->bytes)
    offset = (guint32)(g_utf8_prev_char(p->text + p->bytes) - p->text);
  return runs[run_index_at(runs, n, offset)].style;
}

int document_paragraph_line_height(const Document *doc, guint32 para)
{
  guint32 n;
  const StyleRun *runs = para_runs(doc, para_at(doc, para), &n);
  int height = 0;
  for (guint32 i = 0; i < n; i++)
    height = MAX(height, glyph_factory_style_info(doc->factory, runs[i].style)->line_height);
  return height;
}

/* Points @it at run @run: its style, that style's ASCII glyphs, where it ends. */
static void iter_enter_run(DocCharIter *it, guint32 run)
{
  it->run_ = run;
  if (it->runs_ != NULL) {
    it->style = it->runs_[run].style;
    it->run_end_ = run + 1 < it->n_runs_ ? it->runs_[run + 1].offset : G_MAXUINT32;
  } else {
    it->run_end_ = G_MAXUINT32;
  }
  it->ascii_ = glyph_factory_ascii_table(it->factory_, it->style);
}

void document_iter_init(const Document *doc, DocCharIter *it, guint32 para, guint32 offset)
{
  g_return_if_fail(para < doc->n_paras);
  const Paragraph *p = para_at(doc, para);
  *it = (DocCharIter){0};
  it->factory_ = doc->factory;
  it->text_ = p->text;
  it->len_ = p->bytes;
  it->next = MIN(offset, p->bytes);
  if (p->extra && p->extra->runs) {
    it->runs_ = p->extra->runs;
    it->n_runs_ = p->extra->n_runs;
  } else {
    it->n_runs_ = 1;
    it->style = p->style;
  }
  iter_enter_run(it, it->runs_ ? run_index_at(it->runs_, it->n_runs_, it->next) : 0);
  it->glyphs_ = p->extra ? p->extra->glyphs : NULL;
  if (it->glyphs_ != NULL && it->next > 0)
    it->char_index_ = (guint32)utf8_count(p->text, it->next);
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
  if (it->glyphs_ != NULL)
    it->glyph = it->glyphs_[it->char_index_++];
  else
    it->glyph = glyph_factory_lookup(it->factory_, it->cp, it->style);
  return true;
}

void document_iter_unread(DocCharIter *it)
{
  g_return_if_fail(it->next > it->offset);
  /* the run stays: it is the unread character's, which the next step re-enters */
  it->next = it->offset;
  if (it->glyphs_ != NULL)
    it->char_index_--;
}

Glyph *document_glyph_at(const Document *doc, DocPos pos)
{
  DocCharIter it;
  document_iter_init(doc, &it, pos.para, pos.offset);
  return document_iter_next(&it) ? it.glyph : NULL;
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
  return (DocPos){doc->n_paras - 1, doc->paras[doc->n_paras - 1].bytes};
}

DocPos document_clamp(const Document *doc, DocPos pos)
{
  if (pos.para >= doc->n_paras)
    return document_end(doc);
  const Paragraph *p = para_at(doc, pos.para);
  if (pos.offset >= p->bytes)
    return (DocPos){pos.para, p->bytes};
  /* back up onto a character boundary */
  while (pos.offset > 0 && ((unsigned char)p->text[pos.offset] & 0xC0) == 0x80)
    pos.offset--;
  return pos;
}

guint32 document_char_index(const Document *doc, DocPos pos)
{
  g_return_val_if_fail(doc != NULL, 0);
  pos = document_clamp(doc, pos);
  return (guint32)utf8_count(para_at(doc, pos.para)->text, pos.offset);
}

DocPos document_next_char(const Document *doc, DocPos pos)
{
  pos = document_clamp(doc, pos);
  const Paragraph *p = para_at(doc, pos.para);
  if (pos.offset < p->bytes)
    return (DocPos){pos.para, (guint32)(g_utf8_next_char(p->text + pos.offset) - p->text)};
  if (pos.para + 1 < doc->n_paras)
    return (DocPos){pos.para + 1, 0};
  return pos;
}

DocPos document_prev_char(const Document *doc, DocPos pos)
{
  pos = document_clamp(doc, pos);
  if (pos.offset > 0) {
    const Paragraph *p = para_at(doc, pos.para);
    return (DocPos){pos.para, (guint32)(g_utf8_prev_char(p->text + pos.offset) - p->text)};
  }
  if (pos.para > 0)
    return (DocPos){pos.para - 1, doc->paras[pos.para - 1].bytes};
  return pos;
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
    builder_add_new(&b, doc, piece, (guint32)(s - piece), (guint32)(piece - utf8), runs, n_runs, style);
    Paragraph p = builder_finish(&b, doc, doc->ending);
    g_array_append_val(made, p);
    s += br;
    piece = s;
  }
  builder_add_new(&b, doc, piece, (guint32)(end - piece), (guint32)(piece - utf8), runs, n_runs, style);
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
  for (guint32 i = start.para; i <= end.para; i++) {
    guint32 from = i == start.para ? start.offset : 0;
    guint32 to = i == end.para ? end.offset : doc->paras[i].bytes;
    release_range(doc, i, from, to);
  }
  guint64 old_chars = 0, old_bytes = 0;
  for (guint32 i = start.para; i <= end.para; i++) {
    old_chars += doc->paras[i].chars;
    old_bytes += doc->paras[i].bytes;
  }
  ParaBuilder b;
  builder_init(&b, doc, start.offset + (doc->paras[end.para].bytes - end.offset));
  /* the deleted characters' private glyphs are gone: take only what stays */
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

/* Restyles [from, to) of one paragraph: the characters swap references. */
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
  release_range(doc, para, from, to);
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
    const Paragraph *p = para_at(doc, i);
    guint32 from = i == start.para ? start.offset : 0;
    guint32 to = i == end.para ? end.offset : p->bytes;
    if (to > from)
      g_string_append_len(out, p->text + from, to - from);
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
    const Paragraph *p = para_at(doc, i);
    guint32 from = i == start.para ? start.offset : 0;
    guint32 to = i == end.para ? end.offset : p->bytes;
    guint32 n;
    const StyleRun *runs = para_runs(doc, p, &n);
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
