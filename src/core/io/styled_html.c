/* styled_html.c — glyphpad's styled file format: a small subset of HTML
 * (styled_html.h has the layout).
 *
 * Writing. A first pass over the style runs (not the text) counts the bytes
 * and runs of each style: the most used style becomes the <pre>'s, and the
 * counts size the output buffer up front. A second pass writes the text, run
 * by run: a run in the <pre>'s style as it is, any other inside a <span>. Text
 * is copied in stretches between the bytes that need escaping, so a 10 MB
 * document is one memcpy-like walk. Each style's attribute is built once.
 *
 * An empty paragraph has no text to carry its style, so it is written as an
 * empty <span> when its style is not the <pre>'s; also when it is the first
 * line (an HTML parser drops a newline right after <pre>) and after a CR ending
 * (CR then an empty LF line would read back as one CRLF).
 *
 * Reading. The document holds the file's lines as plain text (text_loader.h).
 * A hand-written parser for exactly what we write walks them once into a
 * Parser's buffers — every paragraph's text one after another, with its ending
 * and style runs — resolving each distinct style attribute once. Only when every line
 * parsed is the document replaced, so a malformed file leaves it as it was.
 * Nothing outside our subset is accepted: a tag other than ours, an unknown
 * entity, a nested or unclosed <span>, a missing </pre>. */
#include "styled_html.h"

#include <math.h>
#include <string.h>

#include "glyph.h"
#include "text_file.h"

/* The fixed parts of the file: the first three lines and the tags around the text. */
#define HEAD_DOCTYPE "<!DOCTYPE html>"
#define HEAD_HTML \
  "<html><head><meta charset=\"utf-8\"><meta name=\"generator\" content=\"glyphpad " \
  "styled text 1\">"
#define TITLE_OPEN "<title>"
#define TITLE_CLOSE "</title></head>"
#define BODY_OPEN "<body><pre style=\""
#define SPAN_OPEN "<span style=\""
#define TAG_END "\">"
#define SPAN_CLOSE "</span>"
#define TAIL "</pre></body></html>"
#define CSS_FAMILY "font-family: '"
#define CSS_SIZE "; font-size: " /* after the family's closing quote */
#define CSS_PX "px"

/* Bytes one span adds besides its attribute. */
#define SPAN_OVERHEAD (sizeof SPAN_OPEN + sizeof TAG_END + sizeof SPAN_CLOSE)

/* ================================================================ writing */

/* Appends "&#xH;" for @cp (a numeric reference, hex digits in capitals). */
static void append_reference(GString *out, gunichar cp)
{
  char buf[16];
  int n = sizeof buf;
  buf[--n] = ';';
  do {
    buf[--n] = "0123456789ABCDEF"[cp & 0xF];
    cp >>= 4;
  } while (cp != 0);
  buf[--n] = 'x';
  buf[--n] = '#';
  buf[--n] = '&';
  g_string_append_len(out, buf + n, (gssize)sizeof buf - n);
}

/* Whether the byte @c of paragraph text is not written as it is: & < >, C0
 * controls but tab, DEL, and 0xF4 (it may begin a raw-byte code point). */
static inline bool needs_escape(unsigned char c)
{
  return (c < 0x20 && c != '\t') || c == '&' || c == '<' || c == '>' || c == 0x7F || c == 0xF4;
}

/* Writes the special character at @p (needs_escape was true); returns its bytes. */
static gsize append_special(GString *out, const char *p, const char *end)
{
  switch (*p) {
  case '&':
    g_string_append(out, "&amp;");
    return 1;
  case '<':
    g_string_append(out, "&lt;");
    return 1;
  case '>':
    g_string_append(out, "&gt;");
    return 1;
  default:
    break;
  }
  const guchar *u = (const guchar *)p;
  if (*u != 0xF4) {
    append_reference(out, *u);
    return 1;
  }
  if (text_file_is_escape_range(u, (const guchar *)end)) {
    append_reference(out, g_utf8_get_char(p));
    return 4;
  }
  g_string_append_c(out, *p); /* the first byte of another plane-16 character */
  return 1;
}

/* Appends @len bytes of document text (valid UTF-8, may hold U+0000) escaped
 * for element content: the stretches between special bytes in one copy each. */
static void append_escaped(GString *out, const char *text, gsize len)
{
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *q = p;
    while (q < end && !needs_escape((unsigned char)*q))
      q++;
    g_string_append_len(out, p, q - p);
    if (q == end)
      break;
    p = q + append_special(out, q, end);
  }
}

/* Appends @s as the inside of a CSS string in single quotes: ' and \ escaped
 * with a backslash, control characters as hex escapes ("\a "). */
static void append_css_string(GString *out, const char *s)
{
  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\'' || c == '\\') {
      g_string_append_c(out, '\\');
      g_string_append_c(out, (char)c);
    } else if (c < 0x20 || c == 0x7F) {
      g_string_append_printf(out, "\\%x ", c);
    } else {
      g_string_append_c(out, (char)c);
    }
  }
}

/* Appends @css escaped for a double-quoted attribute value: & < > ". */
static void append_attribute(GString *out, const char *css)
{
  for (; *css != '\0'; css++) {
    switch (*css) {
    case '&':
      g_string_append(out, "&amp;");
      break;
    case '<':
      g_string_append(out, "&lt;");
      break;
    case '>':
      g_string_append(out, "&gt;");
      break;
    case '"':
      g_string_append(out, "&quot;");
      break;
    default:
      g_string_append_c(out, *css);
    }
  }
}

/* Appends @v with at most three decimals and none needless: "20", "13.5". */
static void append_number(GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(buf, sizeof buf, "%.3f", v);
  char *dot = strchr(buf, '.');
  if (dot != NULL) {
    char *last = buf + strlen(buf) - 1;
    while (last > dot && *last == '0')
      *last-- = '\0';
    if (last == dot)
      *dot = '\0';
  }
  g_string_append(out, buf);
}

/* The style attribute's value for @style, escaped for the file (new string). */
static char *style_attribute(const GlyphFactory *factory, StyleId style, double px_per_css_px)
{
  const GlyphStyle *info = glyph_factory_style_info(factory, style);
  g_return_val_if_fail(info != NULL, g_strdup(""));
  g_autoptr(GString) css = g_string_new(CSS_FAMILY);
  append_css_string(css, typeface_family(info->typeface));
  g_string_append_c(css, '\'');
  g_string_append(css, CSS_SIZE);
  append_number(css, info->px / px_per_css_px);
  g_string_append(css, CSS_PX);
  GString *attr = g_string_sized_new(css->len + 16);
  append_attribute(attr, css->str);
  return g_string_free(attr, FALSE);
}

/* Bytes and runs of one style in the document. */
typedef struct {
  guint64 bytes;
  guint64 runs;
} StyleUse;

/* What writing needs besides the document. */
typedef struct {
  const Document *doc;
  GlyphFactory *factory;
  double px_per_css_px;
  StyleId base;     /* the <pre>'s style */
  GArray *uses;     /* StyleUse indexed by StyleId */
  GPtrArray *attrs; /* each style's attribute (owned), indexed by StyleId, built on demand */
  GString *out;
} Encoder;

/* Counts bytes and runs per style over every paragraph's runs. */
static void count_styles(Encoder *e)
{
  guint32 n_paras = document_paragraph_count(e->doc);
  for (guint32 i = 0; i < n_paras; i++) {
    guint32 len;
    document_paragraph_text(e->doc, i, &len);
    guint n;
    const StyleRun *runs = document_paragraph_runs(e->doc, i, &n);
    for (guint r = 0; r < n; r++) {
      if (runs[r].style >= e->uses->len)
        g_array_set_size(e->uses, runs[r].style + 1u);
      StyleUse *use = &g_array_index(e->uses, StyleUse, runs[r].style);
      use->bytes += (r + 1 < n ? runs[r + 1].offset : len) - runs[r].offset;
      use->runs++;
    }
  }
}

/* The most used style by bytes; ties and an empty document: the first
 * paragraph's style, then the lowest id. */
static StyleId most_used_style(const Encoder *e)
{
  guint n;
  StyleId best = document_paragraph_runs(e->doc, 0, &n)[0].style;
  guint64 best_bytes = g_array_index(e->uses, StyleUse, best).bytes;
  for (guint s = 0; s < e->uses->len; s++) {
    guint64 bytes = g_array_index(e->uses, StyleUse, s).bytes;
    if (bytes > best_bytes) {
      best = (StyleId)s;
      best_bytes = bytes;
    }
  }
  return best;
}

static const char *encoder_attribute(Encoder *e, StyleId style)
{
  if (e->attrs->len <= style)
    g_ptr_array_set_size(e->attrs, style + 1);
  if (e->attrs->pdata[style] == NULL)
    e->attrs->pdata[style] = style_attribute(e->factory, style, e->px_per_css_px);
  return e->attrs->pdata[style];
}

/* The output's size: the text, one ending per paragraph, the spans, the frame. */
static gsize estimate_size(Encoder *e, gsize title_len)
{
  guint64 size = document_byte_count(e->doc) + 2 * (guint64)document_paragraph_count(e->doc);
  for (guint s = 0; s < e->uses->len; s++) {
    const StyleUse *use = &g_array_index(e->uses, StyleUse, s);
    if (use->runs > 0 && s != e->base)
      size += use->runs * (strlen(encoder_attribute(e, (StyleId)s)) + SPAN_OVERHEAD);
  }
  size += strlen(encoder_attribute(e, e->base)) + 6 * (guint64)title_len + 256;
  return (gsize)MIN(size, (guint64)G_MAXSIZE / 2);
}

static void append_span_open(Encoder *e, StyleId style)
{
  g_string_append(e->out, SPAN_OPEN);
  g_string_append(e->out, encoder_attribute(e, style));
  g_string_append(e->out, TAG_END);
}

/* Writes an empty paragraph: nothing, or an empty span (see the top). */
static void encode_empty(Encoder *e, guint32 i, StyleId style)
{
  bool first_line = i == 0 && document_paragraph_count(e->doc) > 1;
  bool after_cr = i > 0 && document_paragraph_ending(e->doc, i - 1) == LINE_END_CR;
  if (style != e->base || first_line || after_cr) {
    append_span_open(e, style);
    g_string_append(e->out, SPAN_CLOSE);
  }
}

/* Writes paragraph @i's text, its runs outside the <pre>'s style in spans. */
static void encode_paragraph(Encoder *e, guint32 i)
{
  guint32 len;
  const char *text = document_paragraph_text(e->doc, i, &len);
  guint n;
  const StyleRun *runs = document_paragraph_runs(e->doc, i, &n);
  StyleRun one;
  if (n == 1) { /* scratch space of the document: copy it at once */
    one = runs[0];
    runs = &one;
  }
  if (len == 0) {
    encode_empty(e, i, runs[0].style);
    return;
  }
  for (guint r = 0; r < n; r++) {
    guint32 from = runs[r].offset, to = r + 1 < n ? runs[r + 1].offset : len;
    bool span = runs[r].style != e->base;
    if (span)
      append_span_open(e, runs[r].style);
    append_escaped(e->out, text + from, to - from);
    if (span)
      g_string_append(e->out, SPAN_CLOSE);
  }
}

/* Writes the three head lines and the start of the <pre>. */
static void encode_head(Encoder *e, const char *title, const char *eol)
{
  g_string_append(e->out, HEAD_DOCTYPE);
  g_string_append(e->out, eol);
  g_string_append(e->out, HEAD_HTML);
  g_string_append(e->out, eol);
  g_string_append(e->out, TITLE_OPEN);
  if (title != NULL) {
    g_autofree char *valid = g_utf8_make_valid(title, -1);
    append_escaped(e->out, valid, strlen(valid));
  }
  g_string_append(e->out, TITLE_CLOSE);
  g_string_append(e->out, eol);
  g_string_append(e->out, BODY_OPEN);
  g_string_append(e->out, encoder_attribute(e, e->base));
  g_string_append(e->out, TAG_END);
}

bool styled_html_needed(const Document *doc)
{
  g_return_val_if_fail(doc != NULL, false);
  guint32 n_paras = document_paragraph_count(doc);
  StyleId first = STYLE_NONE;
  for (guint32 i = 0; i < n_paras; i++) {
    guint32 len = 0;
    document_paragraph_text(doc, i, &len);
    if (len == 0)
      continue; /* an empty line's style shows only as its height: not worth a question */
    guint n;
    const StyleRun *runs = document_paragraph_runs(doc, i, &n);
    for (guint r = 0; r < n; r++) {
      if (first == STYLE_NONE)
        first = runs[r].style;
      else if (runs[r].style != first)
        return true;
    }
  }
  return false;
}

char *styled_html_encode(const Document *doc, double px_per_css_px, const char *title, gsize *len)
{
  g_return_val_if_fail(doc != NULL && len != NULL, NULL);
  Encoder e = {
      .doc = doc,
      .factory = document_factory(doc),
      .px_per_css_px = isfinite(px_per_css_px) && px_per_css_px > 0 ? px_per_css_px : 1.0,
      .uses = g_array_new(FALSE, TRUE, sizeof(StyleUse)),
      .attrs = g_ptr_array_new_with_free_func(g_free),
  };
  count_styles(&e);
  e.base = most_used_style(&e);
  e.out = g_string_sized_new(estimate_size(&e, title != NULL ? strlen(title) : 0));
  LineEnding file_ending = document_line_ending(doc);
  const char *eol = text_file_ending_bytes(file_ending);
  encode_head(&e, title, eol);
  guint32 n_paras = document_paragraph_count(doc);
  for (guint32 i = 0; i < n_paras; i++) {
    encode_paragraph(&e, i);
    if (i + 1 < n_paras) {
      LineEnding ending = document_paragraph_ending(doc, i);
      g_string_append(e.out,
                      text_file_ending_bytes(ending == LINE_END_NONE ? file_ending : ending));
    }
  }
  g_string_append(e.out, TAIL);
  g_string_append(e.out, eol);
  g_array_unref(e.uses);
  g_ptr_array_unref(e.attrs);
  *len = e.out->len;
  return g_string_free(e.out, FALSE);
}

/* ================================================================ reading */

static bool paragraph_is(const Document *doc, guint32 para, const char *expected)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, para, &len);
  return len == strlen(expected) && memcmp(text, expected, len) == 0;
}

bool styled_html_detect(const Document *doc)
{
  g_return_val_if_fail(doc != NULL, false);
  return document_paragraph_count(doc) >= 2 && paragraph_is(doc, 0, HEAD_DOCTYPE) &&
         paragraph_is(doc, 1, HEAD_HTML);
}

/* One paragraph of the parsed text. */
typedef struct {
  gsize start;       /* where its text begins in Parser.text */
  guint32 len;       /* its bytes */
  guint32 first_run; /* its first run in Parser.runs */
  guint32 n_runs;    /* at least 1, no empty run, no two neighbours alike */
  LineEnding ending;
} ParsedPara;

/* The text and styles the source lines describe, before the document is touched. */
typedef struct {
  GString *text;      /* every paragraph's text, one after another */
  GArray *paras;      /* ParsedPara */
  GArray *runs;       /* StyleRun, offsets relative to their paragraph */
  GArray *line_runs;  /* the current line's runs as met (span opens and closes),
                         * offsets relative to line_start */
  gsize line_start;   /* where the current line's text begins in text */
  GHashTable *styles; /* attribute as written (owned) -> StyleId + 1, resolved once each */
  GString *scratch;   /* an attribute or title being decoded */
  StyledHtmlResolve resolve;
  void *user_data;
  const GlyphFactory *factory;
  StyleId fallback; /* the document's default style: for fonts that do not resolve */
  StyleId base;     /* the <pre>'s style */
  guint32 line;     /* 1-based number of the source line being parsed */
} Parser;

/* Where a source line is being read: the cursor and the end. */
typedef struct {
  const char *p;
  const char *end;
} Cursor;

static bool fail(const Parser *ps, GError **error, const char *what)
{
  g_set_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_FORMAT,
              "Line %u is not in glyphpad's styled format: %s", ps->line, what);
  return false;
}

/* Consumes @literal at the cursor; false (nothing consumed) when it is not there. */
static bool take(Cursor *c, const char *literal)
{
  gsize n = strlen(literal);
  if ((gsize)(c->end - c->p) < n || memcmp(c->p, literal, n) != 0)
    return false;
  c->p += n;
  return true;
}

/* The value of a numeric reference's digits [@p, @end) in @base, or
 * G_MAXUINT32 when they are not digits, too many, or no character. */
static guint32 reference_value(const char *p, const char *end, guint base)
{
  if (p == end || end - p > 7)
    return G_MAXUINT32;
  guint32 v = 0;
  for (; p < end; p++) {
    int d = base == 16 ? g_ascii_xdigit_value(*p) : g_ascii_digit_value(*p);
    if (d < 0)
      return G_MAXUINT32;
    v = v * base + (guint32)d;
  }
  if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return G_MAXUINT32;
  return v;
}

/* Decodes the entity or reference at the cursor ('&'): &amp; &lt; &gt; &quot;
 * &#39; &#N; &#xH;. Line breaks cannot be in a paragraph and are refused. */
static bool take_entity(Parser *ps, Cursor *c, gunichar *cp, GError **error)
{
  static const struct {
    const char *name;
    gunichar cp;
  } names[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (take(c, names[i].name)) {
      *cp = names[i].cp;
      return true;
    }
  const char *semi = memchr(c->p, ';', (gsize)MIN(c->end - c->p, 12));
  guint32 v = G_MAXUINT32;
  if (semi != NULL && c->p + 2 < semi && c->p[1] == '#') {
    bool hex = c->p[2] == 'x' || c->p[2] == 'X';
    v = reference_value(c->p + (hex ? 3 : 2), semi, hex ? 16 : 10);
  }
  if (v == G_MAXUINT32 || v == '\n' || v == '\r')
    return fail(ps, error, "an unknown entity or character reference after '&' (write & as &amp;)");
  *cp = v;
  c->p = semi + 1;
  return true;
}

/* Decodes attribute or title text up to @stop (a byte that must come) into
 * ps->scratch: entities decoded, no '<'. */
static bool take_text_until(Parser *ps, Cursor *c, char stop, GError **error)
{
  g_string_truncate(ps->scratch, 0);
  while (c->p < c->end && *c->p != stop) {
    if (*c->p == '<')
      return fail(ps, error, "a '<' where text was expected");
    if (*c->p != '&') {
      g_string_append_c(ps->scratch, *c->p++);
      continue;
    }
    gunichar cp;
    if (!take_entity(ps, c, &cp, error))
      return false;
    g_string_append_unichar(ps->scratch, cp);
  }
  if (c->p == c->end)
    return fail(ps, error, "the line ends inside a tag or the title");
  return true;
}

/* Reads a CSS string's inside from @p up to its closing quote into @out
 * (escapes: \' \\ \HEX and a following space); returns the byte after the
 * quote, or NULL when it is not closed. */
static const char *css_string(const char *p, GString *out)
{
  while (*p != '\0' && *p != '\'') {
    if (*p != '\\') {
      g_string_append_c(out, *p++);
      continue;
    }
    p++;
    if (!g_ascii_isxdigit(*p)) {
      if (*p == '\0')
        return NULL;
      g_string_append_c(out, *p++);
      continue;
    }
    gunichar cp = 0;
    for (int i = 0; i < 6 && g_ascii_isxdigit(*p); i++)
      cp = cp * 16 + (gunichar)g_ascii_xdigit_value(*p++);
    if (*p == ' ')
      p++;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return NULL;
    g_string_append_unichar(out, cp);
  }
  return *p == '\'' ? p + 1 : NULL;
}

/* Parses our CSS "font-family: 'F'; font-size: Npx" into @family and *@px. */
static bool parse_css(const char *css, GString *family, double *px)
{
  if (!g_str_has_prefix(css, CSS_FAMILY))
    return false;
  const char *p = css_string(css + strlen(CSS_FAMILY), family);
  if (p == NULL || !g_str_has_prefix(p, CSS_SIZE))
    return false;
  p += strlen(CSS_SIZE);
  const char *digits = p;
  while (g_ascii_isdigit(*p) || *p == '.')
    p++;
  if (p == digits || strcmp(p, CSS_PX) != 0)
    return false;
  char *num_end = NULL;
  *px = g_ascii_strtod(digits, &num_end);
  return num_end == p && isfinite(*px) && *px > 0;
}

/* Reads a style attribute's value and '">' at the cursor and resolves it
 * (once per distinct attribute) into *@style. */
static bool take_style(Parser *ps, Cursor *c, StyleId *style, GError **error)
{
  const char *quote = memchr(c->p, '"', (gsize)(c->end - c->p));
  if (quote == NULL || quote + 1 == c->end || quote[1] != '>')
    return fail(ps, error, "a style attribute that does not end in '\">'");
  GString key = {.str = (char *)c->p, .len = (gsize)(quote - c->p)}; /* a lookup, not stored */
  gpointer known = g_hash_table_lookup(ps->styles, &key);
  if (known != NULL) {
    *style = (StyleId)(GPOINTER_TO_UINT(known) - 1);
    c->p = quote + 2;
    return true;
  }
  Cursor value = {c->p, quote + 1};
  if (!take_text_until(ps, &value, '"', error))
    return false;
  g_autoptr(GString) family = g_string_new(NULL);
  double css_px = 0;
  if (!parse_css(ps->scratch->str, family, &css_px))
    return fail(ps, error, "a style other than \"font-family: '...'; font-size: ...px\"");
  StyleId found = ps->resolve(family->str, css_px, ps->user_data);
  if (found == STYLE_NONE || glyph_factory_style_info(ps->factory, found) == NULL)
    found = ps->fallback;
  g_hash_table_insert(ps->styles, g_string_new_len(c->p, quote - c->p),
                      GUINT_TO_POINTER(found + 1u));
  *style = found;
  c->p = quote + 2;
  return true;
}

/* Notes that text from here on (in the current line) has @style. */
static void line_run(Parser *ps, StyleId style)
{
  StyleRun run = {(guint32)(ps->text->len - ps->line_start), style};
  g_array_append_val(ps->line_runs, run);
}

/* Ends the current line's paragraph: its runs without empty ones or repeats;
 * an empty paragraph takes the style of its last (empty) span. */
static void finish_paragraph(Parser *ps, LineEnding ending)
{
  ParsedPara para = {ps->line_start, (guint32)(ps->text->len - ps->line_start), ps->runs->len, 0,
                     ending};
  const StyleRun *met = (const StyleRun *)ps->line_runs->data;
  guint n_met = ps->line_runs->len;
  if (para.len == 0) {
    StyleRun run = {0, n_met > 1 ? met[n_met - 2].style : ps->base};
    g_array_append_val(ps->runs, run);
    para.n_runs = 1;
  }
  for (guint i = 0; i < n_met && para.len > 0; i++) {
    bool empty = met[i].offset >= para.len || (i + 1 < n_met && met[i + 1].offset == met[i].offset);
    StyleRun *last = para.n_runs ? &g_array_index(ps->runs, StyleRun, ps->runs->len - 1) : NULL;
    if (empty || (last != NULL && last->style == met[i].style))
      continue;
    g_array_append_val(ps->runs, met[i]);
    para.n_runs++;
  }
  g_array_append_val(ps->paras, para);
  g_array_set_size(ps->line_runs, 0);
}

/* A tag at the cursor ('<') inside the <pre>: a span opening or closing, or
 * the end of the <pre> (*@done). */
static bool take_tag(Parser *ps, Cursor *c, bool *in_span, bool *done, GError **error)
{
  StyleId style;
  if (take(c, SPAN_OPEN)) {
    if (*in_span)
      return fail(ps, error, "a <span> inside another <span>");
    if (!take_style(ps, c, &style, error))
      return false;
    line_run(ps, style);
    *in_span = true;
  } else if (take(c, SPAN_CLOSE)) {
    if (!*in_span)
      return fail(ps, error, "a </span> without its <span>");
    line_run(ps, ps->base);
    *in_span = false;
  } else if (take(c, TAIL)) {
    if (*in_span)
      return fail(ps, error, "a <span> is not closed before </pre>");
    if (c->p != c->end)
      return fail(ps, error, "text after </html>");
    *done = true;
  } else {
    return fail(ps, error, "a tag other than <span style=\"...\">, </span> and </pre>");
  }
  return true;
}

/* Parses one line of the <pre>'s text from the cursor into a paragraph with
 * @ending; *@done when it holds the </pre>. */
static bool parse_text_line(Parser *ps, Cursor *c, LineEnding ending, bool *done, GError **error)
{
  bool in_span = false;
  ps->line_start = ps->text->len;
  line_run(ps, ps->base);
  while (c->p < c->end && !*done) {
    const char *q = c->p;
    while (q < c->end && *q != '<' && *q != '&' && (guchar)*q != 0xF4)
      q++;
    g_string_append_len(ps->text, c->p, q - c->p);
    c->p = q;
    if (q == c->end)
      break;
    gunichar cp;
    if (*q == '<') {
      if (!take_tag(ps, c, &in_span, done, error))
        return false;
    } else if (*q == '&') {
      if (!take_entity(ps, c, &cp, error))
        return false;
      g_string_append_unichar(ps->text, cp);
    } else if (text_file_is_escape_range((const guchar *)q, (const guchar *)c->end)) {
      return fail(ps, error, "bytes that are not UTF-8 (the file is UTF-8)");
    } else {
      g_string_append_c(ps->text, *c->p++);
    }
  }
  if (in_span)
    return fail(ps, error, "a <span> is not closed on its line");
  finish_paragraph(ps, *done ? LINE_END_NONE : ending);
  return true;
}

/* Lines 3 and 4: the title (checked, not kept) and the <pre>'s style. */
static bool parse_frame(Parser *ps, const Document *doc, GError **error)
{
  guint32 len;
  ps->line = 3;
  if (document_paragraph_count(doc) < 4)
    return fail(ps, error, "the file ends before <pre>");
  const char *text = document_paragraph_text(doc, 2, &len);
  Cursor c = {text, text + len};
  if (!take(&c, TITLE_OPEN))
    return fail(ps, error, "it does not start with <title>");
  if (!take_text_until(ps, &c, '<', error))
    return false;
  if (!take(&c, TITLE_CLOSE) || c.p != c.end)
    return fail(ps, error, "it does not end in </title></head>");
  return true;
}

/* Line 4's start: "<body><pre style=...>", the <pre>'s style into ps->base. */
static bool take_body_open(Parser *ps, Cursor *c, GError **error)
{
  if (!take(c, BODY_OPEN))
    return fail(ps, error, "it does not start with <body><pre style=\"...\">");
  return take_style(ps, c, &ps->base, error);
}

/* Every source line from the fourth: the <pre>, one paragraph a line, and at
 * most an empty last line after </html>. */
static bool parse_lines(Parser *ps, const Document *doc, GError **error)
{
  if (!parse_frame(ps, doc, error))
    return false;
  guint32 n = document_paragraph_count(doc), len;
  bool done = false;
  for (guint32 i = 3; i < n; i++) {
    ps->line = i + 1;
    const char *text = document_paragraph_text(doc, i, &len);
    Cursor c = {text, text + len};
    if (done) {
      if (len > 0 || i + 1 < n)
        return fail(ps, error, "text after </html>");
      break;
    }
    if (i == 3 && !take_body_open(ps, &c, error))
      return false;
    if (!parse_text_line(ps, &c, document_paragraph_ending(doc, i), &done, error))
      return false;
  }
  if (!done)
    return fail(ps, error, "the file ends before </pre></body></html>");
  return true;
}

static void free_key(gpointer key)
{
  g_string_free(key, TRUE);
}

static void parser_init(Parser *ps, const Document *doc, StyledHtmlResolve resolve, void *user_data)
{
  *ps = (Parser){
      .text = g_string_sized_new(document_byte_count(doc)),
      .paras = g_array_new(FALSE, FALSE, sizeof(ParsedPara)),
      .runs = g_array_new(FALSE, FALSE, sizeof(StyleRun)),
      .line_runs = g_array_new(FALSE, FALSE, sizeof(StyleRun)),
      .styles = g_hash_table_new_full((GHashFunc)g_string_hash, (GEqualFunc)g_string_equal,
                                      free_key, NULL),
      .scratch = g_string_new(NULL),
      .resolve = resolve,
      .user_data = user_data,
      .factory = document_factory(doc),
      .fallback = document_default_style(doc),
      .base = document_default_style(doc),
      .line = 1,
  };
}

static void parser_clear(Parser *ps)
{
  g_string_free(ps->text, TRUE);
  g_array_unref(ps->paras);
  g_array_unref(ps->runs);
  g_array_unref(ps->line_runs);
  g_hash_table_unref(ps->styles);
  g_string_free(ps->scratch, TRUE);
}

/* Replaces @doc's lines by the parsed paragraphs. Cannot fail in practice:
 * the text is never longer than the lines it came from. */
static bool replace_document(Document *doc, const Parser *ps, GError **error)
{
  document_clear(doc);
  for (guint i = 0; i < ps->paras->len; i++) {
    const ParsedPara *para = &g_array_index(ps->paras, ParsedPara, i);
    const StyleRun *runs = &g_array_index(ps->runs, StyleRun, para->first_run);
    if (!document_append_styled_paragraph(doc, ps->text->str + para->start, para->len, para->ending,
                                          runs, para->n_runs, error))
      return false;
  }
  document_compact(doc);
  return true;
}

bool styled_html_apply(Document *doc, StyledHtmlResolve resolve, void *user_data, GError **error)
{
  g_return_val_if_fail(doc != NULL && resolve != NULL, false);
  Parser ps;
  parser_init(&ps, doc, resolve, user_data);
  bool ok;
  if (!styled_html_detect(doc)) {
    ps.line = paragraph_is(doc, 0, HEAD_DOCTYPE) ? 2 : 1;
    ok = fail(&ps, error, "it is not the head of a file glyphpad wrote");
  } else {
    ok = parse_lines(&ps, doc, error) && replace_document(doc, &ps, error);
  }
  parser_clear(&ps);
  return ok;
}
