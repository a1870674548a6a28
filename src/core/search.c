/* search.c — finding matches in a Document (search.h says what a match is).
 *
 * Spans. The document stores short paragraphs back to back in blocks;
 * document_paragraphs_span hands out a block's text from a paragraph on. A
 * literal is looked for in a whole span at a time (memmem, or one PCRE2 call
 * when case does not matter), and a hit is then placed in its paragraph by
 * walking the paragraphs' lengths forward (Span.k only ever grows while a span
 * is scanned, so placing all the hits of a span costs one walk). A hit that
 * runs past its paragraph's end, cuts a grapheme cluster, or is not a whole
 * word when that is asked, is dropped and the scan goes on from the next character after its start:
 * a later hit may still lie inside the paragraph. A regular expression is
 * matched a paragraph at a time (a span of one), so that ^, $, \b and
 * look-behind see only that paragraph.
 *
 * Nothing here is kept between calls but the compiled pattern: a search holds
 * no position, so the document may change between calls (a count restarts). */
#include "search.h"

#include <string.h>
#ifdef HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

/* How many paragraphs search_prev scans forward at first, going back; each
 * chunk further back is twice as long, up to the last: a match a few lines
 * up costs a few lines, one at the far end a few dozen chunks. */
#define SEARCH_PREV_FIRST_CHUNK 16u
#define SEARCH_PREV_LAST_CHUNK 65536u

G_DEFINE_QUARK(glyphpad - search - error - quark, search_error)

struct Search {
  char *pattern;     /* the literal (memmem), or NULL */
  gsize pattern_len; /* its bytes */
  GRegex *regex;     /* a regular expression, or a literal matched without case; else NULL */
  SearchFlags flags;
  Segmenter *seg; /* word boundaries; not owned */
};

/* A run of paragraphs back to back, being scanned. */
typedef struct {
  const Document *doc;
  const char *text; /* the paragraphs' text */
  guint32 bytes;    /* its length */
  guint32 para;     /* the first paragraph */
  guint32 n;        /* paragraphs in the span */
  guint32 k;        /* the paragraph the last hit fell in, from @para */
  guint32 pstart;   /* where paragraph @k starts in @text */
  guint32 pend;     /* where it ends */
} Span;

/* ---------------------------------------------------------------- life cycle */

Search *search_new(const char *pattern, SearchFlags flags, Segmenter *segmenter, GError **error)
{
  g_return_val_if_fail(pattern != NULL && segmenter != NULL, NULL);
  if (pattern[0] == '\0') {
    g_set_error(error, SEARCH_ERROR, SEARCH_ERROR_EMPTY, "Nothing to search for");
    return NULL;
  }
  Search *s = g_new0(Search, 1);
  s->flags = flags;
  s->seg = segmenter;
  if (!(flags & SEARCH_REGEX) && (flags & SEARCH_MATCH_CASE)) {
    s->pattern = g_strdup(pattern);
    s->pattern_len = strlen(pattern);
    return s;
  }
  g_autofree char *escaped = (flags & SEARCH_REGEX) ? g_strdup(pattern)
                                                    : g_regex_escape_string(pattern, -1);
  /* PCRE2's JIT (G_REGEX_OPTIMIZE) reads up to 15 bytes past the end of the
   * subject by design, with aligned vector loads that never cross a page;
   * valgrind cannot tell that from a bug, so under it the interpreter runs
   * (ASan does not see into JIT code, and the normal build keeps the JIT) */
  GRegexCompileFlags compile = RUNNING_ON_VALGRIND ? 0 : G_REGEX_OPTIMIZE;
  if (!(flags & SEARCH_MATCH_CASE))
    compile |= G_REGEX_CASELESS;
  s->regex = g_regex_new(escaped, compile, 0, error);
  if (s->regex == NULL) {
    g_free(s);
    return NULL;
  }
  return s;
}

void search_free(Search *search)
{
  if (search == NULL)
    return;
  g_free(search->pattern);
  if (search->regex != NULL)
    g_regex_unref(search->regex);
  g_free(search);
}

/* ---------------------------------------------------------------- spans */

static guint32 para_bytes(const Document *doc, guint32 para)
{
  guint32 len;
  document_paragraph_text(doc, para, &len);
  return len;
}

/* The span from paragraph @para, at most up to paragraph @limit (excluded);
 * a single paragraph for a regular expression. */
static void span_init(Span *sp, const Search *s, const Document *doc, guint32 para, guint32 limit)
{
  sp->doc = doc;
  sp->para = para;
  sp->text = document_paragraphs_span(doc, para, &sp->n, &sp->bytes);
  guint32 most = (s->flags & SEARCH_REGEX) ? 1 : limit - para;
  if (sp->n > most) {
    guint32 len;
    const char *last = document_paragraph_text(doc, para + most - 1, &len);
    sp->n = most;
    sp->bytes = (guint32)(last - sp->text) + len;
  }
  sp->k = 0;
  sp->pstart = 0;
  sp->pend = para_bytes(doc, para);
}

/* Moves the span's paragraph forward to the one holding byte @at (a byte at
 * a paragraph's end starts the next one). */
static void span_seek(Span *sp, guint32 at)
{
  while (at >= sp->pend && sp->k + 1 < sp->n) {
    sp->k++;
    sp->pstart = sp->pend;
    sp->pend += para_bytes(sp->doc, sp->para + sp->k);
  }
}

/* The first hit of the pattern in @text[@from, @len): [*ms, *me). */
static bool raw_find(const Search *s, const char *text, guint32 len, guint32 from, guint32 *ms,
                     guint32 *me)
{
  if (s->regex == NULL) {
    const char *hit = memmem(text + from, len - from, s->pattern, s->pattern_len);
    if (hit == NULL)
      return false;
    *ms = (guint32)(hit - text);
    *me = *ms + (guint32)s->pattern_len;
    return true;
  }
  /* NOTEMPTY: an empty match is not a match (search.h), and GLib, stepping
   * past one at the end of the text, reads the byte after it */
  GMatchInfo *info = NULL;
  bool found = g_regex_match_full(s->regex, text, len, from, G_REGEX_MATCH_NOTEMPTY, &info, NULL);
  if (found) {
    gint a, b;
    g_match_info_fetch_pos(info, 0, &a, &b);
    *ms = (guint32)a;
    *me = (guint32)b;
  }
  g_match_info_free(info);
  return found;
}

/* Whether a word boundary lies at @offset of the paragraph @text. */
static bool word_boundary(Segmenter *seg, const char *text, guint32 len, guint32 offset)
{
  if (offset == 0 || offset >= len)
    return true;
  gsize start, end;
  segmenter_word_at(seg, text, len, offset, &start, &end);
  return start == offset;
}

/* Whether the hit [@ms, @me) of the span, inside paragraph sp->k, is a match:
 * not empty, inside the paragraph, whole grapheme clusters (the "e" of a
 * decomposed "é" is not one: the cursor cannot stop inside, so the match
 * could be neither selected nor replaced alone), and whole words when asked. */
static bool hit_counts(const Search *s, const Span *sp, guint32 ms, guint32 me)
{
  if (me <= ms || me > sp->pend)
    return false; /* empty, or past the paragraph's end */
  const char *text = sp->text + sp->pstart;
  guint32 len = sp->pend - sp->pstart;
  if (!segmenter_is_grapheme(s->seg, text, len, ms - sp->pstart) ||
      !segmenter_is_grapheme(s->seg, text, len, me - sp->pstart))
    return false;
  if (!(s->flags & SEARCH_WHOLE_WORD))
    return true;
  return word_boundary(s->seg, text, len, ms - sp->pstart) &&
         word_boundary(s->seg, text, len, me - sp->pstart);
}

/* The first match in @sp starting at or after span byte @from; *@next (may
 * be NULL) gets the span byte where it ends. */
static bool span_find(const Search *s, Span *sp, guint32 from, SearchMatch *out, guint32 *next)
{
  guint32 at = from;
  while (at <= sp->bytes) {
    guint32 ms, me;
    if (!raw_find(s, sp->text, sp->bytes, at, &ms, &me) || ms >= sp->bytes)
      return false;
    span_seek(sp, ms);
    if (hit_counts(s, sp, ms, me)) {
      *out = (SearchMatch){sp->para + sp->k, ms - sp->pstart, me - sp->pstart};
      if (next != NULL)
        *next = me;
      return true;
    }
    at = ms + (guint32)g_utf8_skip[(guchar)sp->text[ms]];
  }
  return false;
}

/* The first match in paragraphs [@para, @limit), starting at or after byte
 * @offset of @para. */
static bool find_forward(const Search *s, const Document *doc, guint32 para, guint32 offset,
                         guint32 limit, SearchMatch *out)
{
  while (para < limit) {
    Span sp;
    span_init(&sp, s, doc, para, limit);
    /* a search starts on a character: PCRE2 told to start inside one (its
     * UTF check is off, for speed) may answer anything, and did */
    while (offset < sp.pend && ((guchar)sp.text[offset] & 0xC0) == 0x80)
      offset++;
    if (offset <= sp.pend && span_find(s, &sp, offset, out, NULL))
      return true;
    para += sp.n;
    offset = 0;
  }
  return false;
}

static bool match_before(const SearchMatch *m, DocPos pos)
{
  return m->para < pos.para || (m->para == pos.para && m->start < pos.offset);
}

/* ---------------------------------------------------------------- next and previous */

bool search_next(Search *search, const Document *doc, DocPos from, SearchMatch *out, bool *wrapped)
{
  g_return_val_if_fail(search != NULL && doc != NULL && out != NULL, false);
  guint32 n = document_paragraph_count(doc);
  if (wrapped != NULL)
    *wrapped = false;
  if (from.para < n && find_forward(search, doc, from.para, from.offset, n, out))
    return true;
  if (wrapped != NULL)
    *wrapped = true;
  return find_forward(search, doc, 0, 0, n, out);
}

bool search_next_within(Search *search, const Document *doc, DocPos from, guint32 limit,
                        SearchMatch *out)
{
  g_return_val_if_fail(search != NULL && doc != NULL && out != NULL, false);
  limit = MIN(limit, document_paragraph_count(doc));
  return from.para < limit && find_forward(search, doc, from.para, from.offset, limit, out);
}

/* The last match that starts before @before, looking back a chunk of
 * paragraphs at a time, each scanned forward. */
static bool find_last_before(const Search *s, const Document *doc, DocPos before, SearchMatch *out)
{
  guint32 hi = MIN(before.para + 1, document_paragraph_count(doc));
  guint32 chunk = SEARCH_PREV_FIRST_CHUNK;
  while (hi > 0) {
    guint32 lo = hi > chunk ? hi - chunk : 0;
    chunk = MIN(chunk * 2, SEARCH_PREV_LAST_CHUNK);
    bool any = false;
    SearchMatch m;
    guint32 para = lo, offset = 0;
    while (find_forward(s, doc, para, offset, hi, &m) && match_before(&m, before)) {
      *out = m;
      any = true;
      para = m.para;
      offset = m.end;
    }
    if (any)
      return true;
    hi = lo;
  }
  return false;
}

bool search_prev(Search *search, const Document *doc, DocPos before, SearchMatch *out,
                 bool *wrapped)
{
  g_return_val_if_fail(search != NULL && doc != NULL && out != NULL, false);
  if (wrapped != NULL)
    *wrapped = false;
  if (find_last_before(search, doc, before, out))
    return true;
  if (wrapped != NULL)
    *wrapped = true;
  return find_last_before(search, doc, document_end(doc), out);
}

/* ---------------------------------------------------------------- counting */

void search_count_begin(SearchCount *count, DocPos mark)
{
  g_return_if_fail(count != NULL);
  *count = (SearchCount){.mark = mark};
}

bool search_count_step(Search *search, const Document *doc, SearchCount *count, guint64 budget)
{
  g_return_val_if_fail(search != NULL && doc != NULL && count != NULL, true);
  guint32 n = document_paragraph_count(doc);
  guint64 scanned = 0;
  while (!count->done && scanned < budget) {
    if (count->para >= n) {
      count->done = true;
      break;
    }
    Span sp;
    span_init(&sp, search, doc, count->para, n);
    SearchMatch m;
    guint32 at = MIN(count->offset, sp.bytes);
    while (span_find(search, &sp, at, &m, &at)) {
      count->total++;
      count->before += match_before(&m, count->mark);
    }
    scanned += sp.bytes + sp.n; /* an empty paragraph costs something too */
    count->bytes += sp.bytes;
    count->para += sp.n;
    count->offset = 0;
  }
  return count->done;
}

guint64 search_count_all(Search *search, const Document *doc)
{
  SearchCount count;
  search_count_begin(&count, document_start(doc));
  search_count_step(search, doc, &count, G_MAXUINT64);
  return count.total;
}

/* ---------------------------------------------------------------- replacing */

static bool has_line_break(const char *text)
{
  return strpbrk(text, "\r\n") != NULL;
}

/* @replacement for the match at @start of the paragraph @text: expanded for a
 * regular expression. NULL with @error for a line break. */
static char *expand_in(const Search *s, const char *text, guint32 len, guint32 start,
                       const char *replacement, GError **error)
{
  char *out = NULL;
  if (s->flags & SEARCH_REGEX) {
    GMatchInfo *info = NULL;
    gint a = 0, b = 0;
    bool found = g_regex_match_full(s->regex, text, len, start, G_REGEX_MATCH_ANCHORED, &info,
                                    NULL);
    if (found)
      g_match_info_fetch_pos(info, 0, &a, &b);
    if (found && b > a && memchr(text + a, '\0', (size_t)(b - a)) != NULL) {
      g_set_error(error, SEARCH_ERROR, SEARCH_ERROR_NUL,
                  "A match holds a NUL character (U+0000), which a regular expression's "
                  "replacement cannot carry: nothing was replaced");
      g_match_info_free(info);
      return NULL;
    }
    if (found)
      out = g_match_info_expand_references(info, replacement, error);
    else
      out = g_strdup(replacement); /* cannot happen: the match was found here */
    g_match_info_free(info);
    if (out == NULL)
      return NULL;
  } else {
    out = g_strdup(replacement);
  }
  if (has_line_break(out)) {
    g_free(out);
    g_set_error(error, SEARCH_ERROR, SEARCH_ERROR_LINE_BREAK,
                "A replacement cannot hold a line break");
    return NULL;
  }
  return out;
}

char *search_expand(Search *search, const Document *doc, const SearchMatch *m,
                    const char *replacement, GError **error)
{
  g_return_val_if_fail(search != NULL && doc != NULL && m != NULL && replacement != NULL, NULL);
  guint32 len;
  const char *text = document_paragraph_text(doc, m->para, &len);
  return expand_in(search, text, len, m->start, replacement, error);
}

/* Starts a run of @style at @offset of the text being built, unless the run
 * before already has that style. */
static void add_run(GArray *runs, guint32 offset, StyleId style)
{
  if (runs->len > 0) {
    StyleRun *last = &g_array_index(runs, StyleRun, runs->len - 1);
    if (last->style == style)
      return;
    if (last->offset == offset) {
      g_array_set_size(runs, runs->len - 1);
      add_run(runs, offset, style);
      return;
    }
  }
  StyleRun run = {offset, style};
  g_array_append_val(runs, run);
}

/* The run of @runs that holds byte @at. */
static guint run_at(const StyleRun *runs, guint n, guint32 at)
{
  guint r = 0;
  while (r + 1 < n && runs[r + 1].offset <= at)
    r++;
  return r;
}

/* Appends bytes [@a, @b) of a paragraph (@text, @runs) to @r. */
static void copy_range(SearchReplacement *r, const char *text, const StyleRun *runs, guint n,
                       guint32 a, guint32 b)
{
  if (a >= b)
    return;
  guint32 base = (guint32)r->text->len;
  for (guint k = run_at(runs, n, a); k < n && runs[k].offset < b; k++)
    add_run(r->runs, base + MAX(runs[k].offset, a) - a, runs[k].style);
  g_string_append_len(r->text, text + a, b - a);
}

/* Every match of the document, in order. */
static GArray *all_matches(const Search *s, const Document *doc)
{
  GArray *matches = g_array_new(FALSE, FALSE, sizeof(SearchMatch));
  guint32 n = document_paragraph_count(doc);
  for (guint32 para = 0; para < n;) {
    Span sp;
    span_init(&sp, s, doc, para, n);
    SearchMatch m;
    guint32 at = 0;
    while (span_find(s, &sp, at, &m, &at))
      g_array_append_val(matches, m);
    para += sp.n;
  }
  return matches;
}

/* Appends paragraph @para with its matches (@m, @n_m of them, all in it)
 * replaced. */
static bool build_paragraph(const Search *s, const Document *doc, guint32 para,
                            const SearchMatch *m, guint n_m, const char *replacement,
                            SearchReplacement *r, GError **error)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  guint n_runs;
  const StyleRun *runs = document_paragraph_runs(doc, para,
                                                 &n_runs); /* read before anything else */
  guint32 pos = 0;
  for (guint i = 0; i < n_m; i++) {
    copy_range(r, text, runs, n_runs, pos, m[i].start);
    g_autofree char *with = (s->flags & SEARCH_REGEX)
                                ? expand_in(s, text, len, m[i].start, replacement, error)
                                : NULL;
    if ((s->flags & SEARCH_REGEX) && with == NULL)
      return false;
    const char *put = with != NULL ? with : replacement;
    if (put[0] != '\0')
      add_run(r->runs, (guint32)r->text->len, runs[run_at(runs, n_runs, m[i].start)].style);
    g_string_append(r->text, put);
    pos = m[i].end;
  }
  copy_range(r, text, runs, n_runs, pos, len);
  return true;
}

bool search_replace_all(Search *search, const Document *doc, const char *replacement,
                        SearchReplacement *out, GError **error)
{
  g_return_val_if_fail(search != NULL && doc != NULL && replacement != NULL && out != NULL, false);
  *out = (SearchReplacement){0};
  if (!(search->flags & SEARCH_REGEX) && has_line_break(replacement)) {
    g_set_error(error, SEARCH_ERROR, SEARCH_ERROR_LINE_BREAK,
                "A replacement cannot hold a line break");
    return false;
  }
  if ((search->flags & SEARCH_REGEX) && !g_regex_check_replacement(replacement, NULL, error))
    return false;
  g_autoptr(GArray) matches = all_matches(search, doc);
  if (matches->len == 0)
    return true;
  const SearchMatch *m = (const SearchMatch *)(void *)matches->data;
  out->first = m[0].para;
  out->last = m[matches->len - 1].para;
  out->text = g_string_sized_new(64);
  out->runs = g_array_new(FALSE, FALSE, sizeof(StyleRun));
  guint i = 0;
  for (guint32 para = out->first; para <= out->last; para++) {
    guint from = i;
    while (i < matches->len && m[i].para == para)
      i++;
    if (!build_paragraph(search, doc, para, m + from, i - from, replacement, out, error)) {
      search_replacement_clear(out);
      return false;
    }
    if (para < out->last)
      g_string_append_c(out->text, '\n');
  }
  out->count = matches->len;
  return true;
}

void search_replacement_clear(SearchReplacement *r)
{
  g_return_if_fail(r != NULL);
  if (r->text != NULL)
    g_string_free(r->text, TRUE);
  if (r->runs != NULL)
    g_array_unref(r->runs);
  *r = (SearchReplacement){0};
}
