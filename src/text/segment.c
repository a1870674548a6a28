/* segment.c — grapheme clusters, words and line breaks over UTF-8, through ICU.
 *
 * ICU's break iterators read the paragraph's own bytes through a UText
 * (utext_openUTF8): nothing is copied or converted. The Segmenter opens one
 * iterator per kind once; each query points it at its text with ubrk_setUText,
 * which only resets ICU's small boundary cache.
 *
 * Binding. A query (one public call, or one line walk) has a token; an iterator
 * bound for that token to a window around the offset is reused by the same
 * query and re-pointed for any other. A call never trusts an earlier call's
 * binding, since the caller may have changed the text in place (same pointer,
 * same length). Windows exist because ICU counts in int32: texts up to the
 * window's size are handed over whole, longer ones a window at a time.
 *
 * On top of ICU, in this order of the code below: the ASCII fast paths of
 * clusters and words, the GB9c rule (removes boundaries), raw-byte code points
 * (adds boundaries), the Backspace rule, then words and line breaks, whose
 * ASCII fast path is ascii_lines.c (each Segmenter fills its tables). If ICU
 * fails after the iterators were opened (it should not: only memory could),
 * the queries fall back to code points and say so with a warning, rather than
 * returning something invalid. */
#include "segment.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

#include "ascii_lines.h"
#include "glyph.h"

/* clang-format off */
G_DEFINE_QUARK(segment-error-quark, segment_error)
/* clang-format on */

#define DEFAULT_WINDOW ((gsize)1 << 30)
#define MIN_WINDOW 64 /* bytes: smaller would not hold a few clusters */

typedef enum { KIND_GRAPHEME, KIND_WORD, KIND_LINE, KIND_COUNT } Kind;

typedef struct {
  UBreakIterator *iter; /* ICU's iterator of this kind, opened once */
  guint64 token;        /* the query it is bound for; 0: none yet */
  gsize lo, hi;         /* the window of the text it sees, in bytes */
} Breaker;

struct Segmenter {
  Breaker breakers[KIND_COUNT]; /* one per Kind */
  gsize window;                 /* longest text handed to ICU whole */
  bool exact_lines;             /* no line breaking fast path (or not ICU 72) */
  guint64 last_token;           /* tokens handed out so far */
  AsciiLines lines;             /* the line fast path's tables */
};

/* One query's view: the text and the token that owns its bindings. */
typedef struct {
  Segmenter *seg;
  const char *text;
  gsize len;
  guint64 token;
} Query;

static Query query_new(Segmenter *seg, const char *text, gsize len)
{
  return (Query){seg, text, len, ++seg->last_token};
}

static bool is_cp_start(const char *text, gsize len, gsize offset)
{
  return offset == len || ((guchar)text[offset] & 0xC0) != 0x80;
}

static gunichar cp_at(const char *text, gsize offset)
{
  return g_utf8_get_char(text + offset);
}

static gsize cp_next(const char *text, gsize offset)
{
  return offset + (gsize)g_utf8_skip[(guchar)text[offset]];
}

static gsize cp_prev(const char *text, gsize offset)
{
  do
    offset--;
  while (offset > 0 && ((guchar)text[offset] & 0xC0) == 0x80);
  return offset;
}

/* Whether ICU's line rules are ascii_lines.c's: ICU 72's. Later ones differ on
 * ASCII (ICU 74, Unicode 15.1, replaced LB15, which holds "\" (" together, by
 * rules on Pi and Pf quotation marks only); with them the fast path is off
 * rather than wrong. ICU 72's tailorings ("ja", "zh", lb=loose, lb=strict)
 * agree with its root rules on ASCII (checked as test_segment checks root). */
static bool icu_has_our_line_rules(void)
{
  UVersionInfo version;
  u_getVersion(version);
  return version[0] == 72;
}

/* ------------------------------------------------------------------------- */
/* The Segmenter and its ICU iterators                                        */
/* ------------------------------------------------------------------------- */

static bool open_breakers(Segmenter *seg, const char *locale, GError **error)
{
  static const UBreakIteratorType types[KIND_COUNT] = {UBRK_CHARACTER, UBRK_WORD, UBRK_LINE};
  for (int k = 0; k < KIND_COUNT; k++) {
    UErrorCode status = U_ZERO_ERROR;
    seg->breakers[k].iter = ubrk_open(types[k], locale, NULL, 0, &status);
    if (U_FAILURE(status)) {
      g_set_error(error, SEGMENT_ERROR, SEGMENT_ERROR_ICU,
                  "ICU cannot open its break iterators (%s): is its data (libicu) installed?",
                  u_errorName(status));
      return false;
    }
  }
  return true;
}

Segmenter *segmenter_new(const SegmenterOptions *options, GError **error)
{
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  SegmenterOptions defaults = {0};
  if (options == NULL)
    options = &defaults;
  g_return_val_if_fail(options->window == 0 || options->window >= MIN_WINDOW, NULL);
  Segmenter *seg = g_new0(Segmenter, 1);
  seg->window = options->window != 0 ? MIN(options->window, DEFAULT_WINDOW) : DEFAULT_WINDOW;
  seg->exact_lines = options->exact_lines || !icu_has_our_line_rules();
  ascii_lines_init(&seg->lines);
  if (!open_breakers(seg, options->locale != NULL ? options->locale : "", error)) {
    segmenter_free(seg);
    return NULL;
  }
  return seg;
}

void segmenter_free(Segmenter *seg)
{
  if (seg == NULL)
    return;
  for (int k = 0; k < KIND_COUNT; k++)
    if (seg->breakers[k].iter != NULL)
      ubrk_close(seg->breakers[k].iter);
  g_free(seg);
}

/* Whether @br, bound for @q, sees enough text around @pos: whole texts always;
 * a window needs an eighth of itself behind @pos and half ahead. */
static bool window_fits(const Query *q, const Breaker *br, gsize pos)
{
  gsize window = q->seg->window;
  if (br->token != q->token || pos < br->lo || pos > br->hi)
    return false;
  return (br->lo == 0 || pos - br->lo >= window / 8) &&
         (br->hi == q->len || br->hi - pos >= window / 2);
}

/* Points @kind's iterator at the window of the text around @pos (the whole text
 * when it fits). NULL when ICU fails, after a warning. */
static Breaker *bind(const Query *q, Kind kind, gsize pos)
{
  Breaker *br = &q->seg->breakers[kind];
  if (window_fits(q, br, pos))
    return br;
  gsize window = q->seg->window, lo = 0, hi = q->len;
  if (q->len > window) {
    lo = pos > window / 4 ? cp_prev(q->text, pos - window / 4 + 1) : 0;
    hi = MIN(q->len, lo + window);
    while (!is_cp_start(q->text, q->len, hi))
      hi--;
  }
  UErrorCode status = U_ZERO_ERROR;
  UText text = UTEXT_INITIALIZER;
  utext_openUTF8(&text, q->text + lo, (int64_t)(hi - lo), &status);
  ubrk_setUText(br->iter, &text, &status);
  utext_close(&text);
  br->token = U_SUCCESS(status) ? q->token : 0;
  br->lo = lo;
  br->hi = hi;
  if (U_FAILURE(status))
    g_warning("segment: ICU refused the text (%s); splitting at code points", u_errorName(status));
  return U_SUCCESS(status) ? br : NULL;
}

/* ICU's first boundary after @pos (< len), with its rule status (the kind of
 * the segment before it). On failure the next code point, status 0. */
static gsize icu_following(const Query *q, Kind kind, gsize pos, int32_t *rule)
{
  Breaker *br = bind(q, kind, pos);
  *rule = 0;
  if (br == NULL)
    return cp_next(q->text, pos);
  int32_t at = ubrk_following(br->iter, (int32_t)(pos - br->lo));
  if (at == UBRK_DONE)
    return br->hi;
  *rule = ubrk_getRuleStatus(br->iter);
  return br->lo + (gsize)at;
}

/* ICU's last boundary before @pos (> 0). On failure the code point before. */
static gsize icu_preceding(const Query *q, Kind kind, gsize pos)
{
  Breaker *br = bind(q, kind, pos);
  if (br == NULL)
    return cp_prev(q->text, pos);
  int32_t at = ubrk_preceding(br->iter, (int32_t)(pos - br->lo));
  return at == UBRK_DONE ? br->lo : br->lo + (gsize)at;
}

static bool icu_is_boundary(const Query *q, Kind kind, gsize pos)
{
  Breaker *br = bind(q, kind, pos);
  return br == NULL || ubrk_isBoundary(br->iter, (int32_t)(pos - br->lo));
}

/* ------------------------------------------------------------------------- */
/* Grapheme clusters                                                          */
/* ------------------------------------------------------------------------- */

/* The ASCII fast path: the first boundary after @offset when the bytes there
 * decide it alone (0 otherwise). ASCII is never Extend, SpacingMark, ZWJ or
 * Prepend, so a boundary follows every ASCII byte that an ASCII byte follows,
 * except CR LF; and every control ends its cluster (GB4). */
static gsize ascii_next_grapheme(const char *text, gsize len, gsize offset)
{
  guchar c = (guchar)text[offset];
  if (c >= 0x80)
    return 0;
  if (offset + 1 == len)
    return len;
  guchar next = (guchar)text[offset + 1];
  if (c == '\r' && next == '\n')
    return offset + 2;
  return next < 0x80 || c < 0x20 || c == 0x7F ? offset + 1 : 0;
}

/* The same backwards: the last boundary before @offset, or G_MAXSIZE. A control,
 * CR and LF start their cluster (GB5) unless CR LF. */
static gsize ascii_prev_grapheme(const char *text, gsize offset)
{
  guchar c = (guchar)text[offset - 1];
  if (c >= 0x80)
    return G_MAXSIZE;
  if (c == '\n' && offset >= 2 && text[offset - 2] == '\r')
    return offset - 2;
  if (offset == 1 || c < 0x20 || c == 0x7F || (guchar)text[offset - 2] < 0x80)
    return offset - 1;
  return G_MAXSIZE;
}

/* Indic_Conjunct_Break=Consonant of Unicode 15.1 (DerivedCoreProperties.txt):
 * the consonant letters of Devanagari, Bengali, Gujarati, Oriya, Telugu and
 * Malayalam (Indic_Syllabic_Category=Consonant in those six scripts). */
static const gunichar incb_consonants[][2] = {
    {0x0915, 0x0939}, {0x0958, 0x095F}, {0x0978, 0x097F}, /* Devanagari */
    {0x0995, 0x09A8}, {0x09AA, 0x09B0}, {0x09B2, 0x09B2}, {0x09B6, 0x09B9},
    {0x09DC, 0x09DD}, {0x09DF, 0x09DF}, {0x09F0, 0x09F1}, /* Bengali */
    {0x0A95, 0x0AA8}, {0x0AAA, 0x0AB0}, {0x0AB2, 0x0AB3}, {0x0AB5, 0x0AB9},
    {0x0AF9, 0x0AF9}, /* Gujarati */
    {0x0B15, 0x0B28}, {0x0B2A, 0x0B30}, {0x0B32, 0x0B33}, {0x0B35, 0x0B39},
    {0x0B5C, 0x0B5D}, {0x0B5F, 0x0B5F}, {0x0B71, 0x0B71}, /* Oriya */
    {0x0C15, 0x0C28}, {0x0C2A, 0x0C39}, {0x0C58, 0x0C5A}, /* Telugu */
    {0x0D15, 0x0D3A},                                     /* Malayalam */
};

static bool incb_consonant(gunichar c)
{
  if (c < 0x0915 || c > 0x0D3A)
    return false;
  for (gsize i = 0; i < G_N_ELEMENTS(incb_consonants); i++)
    if (c >= incb_consonants[i][0] && c <= incb_consonants[i][1])
      return true;
  return false;
}

/* Indic_Conjunct_Break=Linker: the viramas of the same six scripts. */
static bool incb_linker(gunichar c)
{
  return c == 0x094D || c == 0x09CD || c == 0x0ACD || c == 0x0B4D || c == 0x0C4D || c == 0x0D4D;
}

/* Indic_Conjunct_Break=Extend as Unicode 15.1 derives it: ZWJ, and the
 * Grapheme_Extend marks with a non-zero combining class (nukta, stress and
 * tone marks), less the linkers. Marks of class 0 (vowel signs, anusvara,
 * ZWNJ, which writers put there precisely to stop a conjunct) end the run. */
static bool incb_extend(gunichar c)
{
  if (c == 0x200D)
    return true;
  return !incb_linker(c) && u_getCombiningClass((UChar32)c) != 0 &&
         u_hasBinaryProperty((UChar32)c, UCHAR_GRAPHEME_EXTEND);
}

/* GB9c: whether the boundary ICU reports at @offset is forbidden, i.e. the text
 * before it is Consonant [Extend Linker]* Linker [Extend Linker]* and a
 * Consonant follows. */
static bool gb9c_joins(const char *text, gsize len, gsize offset)
{
  if (offset == 0 || offset >= len || !incb_consonant(cp_at(text, offset)))
    return false;
  bool linked = false;
  for (gsize at = cp_prev(text, offset);; at = cp_prev(text, at)) {
    gunichar c = cp_at(text, at);
    if (incb_linker(c))
      linked = true;
    else if (!incb_extend(c))
      return linked && incb_consonant(c);
    if (at == 0)
      return false;
  }
}

/* Raw-byte code points are 4 bytes each (U+10FF00.. is F4 8F BC 80..). */
#define RAW_BYTES 4

static bool raw_at(const char *text, gsize len, gsize offset)
{
  return offset < len && (guchar)text[offset] == 0xF4 && GLYPH_IS_RAW_BYTE(cp_at(text, offset));
}

/* The boundaries a raw-byte code point adds to ICU's cluster [@from, @to):
 * the first one after @from. */
static gsize split_raw_forward(const char *text, gsize len, gsize from, gsize to)
{
  for (gsize at = from; at < to; at = cp_next(text, at))
    if (raw_at(text, len, at))
      return at > from ? at : at + RAW_BYTES;
  return to;
}

/* The same backwards: the last boundary in (@from, @to) a raw byte adds, or @from. */
static gsize split_raw_backward(const char *text, gsize len, gsize from, gsize to)
{
  gsize last = from;
  for (gsize at = from; at < to; at = cp_next(text, at))
    if (raw_at(text, len, at))
      last = at + RAW_BYTES < to ? at + RAW_BYTES : at;
  return last;
}

static gsize next_grapheme(const Query *q, gsize offset)
{
  gsize fast = ascii_next_grapheme(q->text, q->len, offset);
  if (fast != 0)
    return fast;
  int32_t rule;
  gsize at = icu_following(q, KIND_GRAPHEME, offset, &rule);
  while (gb9c_joins(q->text, q->len, at))
    at = icu_following(q, KIND_GRAPHEME, at, &rule);
  return split_raw_forward(q->text, q->len, offset, at);
}

static gsize prev_grapheme(const Query *q, gsize offset)
{
  gsize fast = ascii_prev_grapheme(q->text, offset);
  if (fast != G_MAXSIZE)
    return fast;
  gsize at = icu_preceding(q, KIND_GRAPHEME, offset);
  while (gb9c_joins(q->text, q->len, at))
    at = icu_preceding(q, KIND_GRAPHEME, at);
  return split_raw_backward(q->text, q->len, at, offset);
}

#define SEGMENT_CHECK(seg, utf8, len, offset, val) \
  G_STMT_START \
  { \
    g_return_val_if_fail((seg) != NULL, (val)); \
    g_return_val_if_fail((utf8) != NULL || (len) == 0, (val)); \
    g_return_val_if_fail((offset) <= (len) && is_cp_start((utf8), (len), (offset)), (val)); \
  } \
  G_STMT_END

gsize segmenter_next_grapheme(Segmenter *seg, const char *utf8, gsize len, gsize offset)
{
  SEGMENT_CHECK(seg, utf8, len, offset, len);
  if (offset == len)
    return len;
  Query q = query_new(seg, utf8, len);
  return next_grapheme(&q, offset);
}

gsize segmenter_prev_grapheme(Segmenter *seg, const char *utf8, gsize len, gsize offset)
{
  SEGMENT_CHECK(seg, utf8, len, offset, 0);
  if (offset == 0)
    return 0;
  Query q = query_new(seg, utf8, len);
  return prev_grapheme(&q, offset);
}

static bool is_grapheme(const Query *q, gsize offset)
{
  if (offset == 0 || offset == q->len)
    return true;
  guchar before = (guchar)q->text[offset - 1], after = (guchar)q->text[offset];
  if (before < 0x80 && after < 0x80)
    return before != '\r' || after != '\n';
  if (raw_at(q->text, q->len, offset) || raw_at(q->text, q->len, cp_prev(q->text, offset)))
    return true;
  return icu_is_boundary(q, KIND_GRAPHEME, offset) && !gb9c_joins(q->text, q->len, offset);
}

bool segmenter_is_grapheme(Segmenter *seg, const char *utf8, gsize len, gsize offset)
{
  SEGMENT_CHECK(seg, utf8, len, offset, false);
  Query q = query_new(seg, utf8, len);
  return is_grapheme(&q, offset);
}

/* ------------------------------------------------------------------------- */
/* Backspace                                                                  */
/* ------------------------------------------------------------------------- */

/* Whether this code point makes its cluster one thing to the person typing:
 * emoji (pictographs, skin tones, VS16, keycaps), flags and Hangul, whose parts
 * are not typed or seen one by one. */
static bool deletes_whole(gunichar c)
{
  if (c < 0x80)
    return c == '\r'; /* CR LF: a line ending is not half deleted */
  if (c == 0x20E3 || c == 0xFE0F || (c >= 0x1F1E6 && c <= 0x1F1FF))
    return true;
  return u_hasBinaryProperty((UChar32)c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
         u_hasBinaryProperty((UChar32)c, UCHAR_EMOJI_MODIFIER) ||
         u_getIntPropertyValue((UChar32)c, UCHAR_HANGUL_SYLLABLE_TYPE) != U_HST_NOT_APPLICABLE;
}

gsize segmenter_backspace(Segmenter *seg, const char *utf8, gsize len, gsize offset)
{
  SEGMENT_CHECK(seg, utf8, len, offset, 0);
  if (offset == 0)
    return 0;
  Query q = query_new(seg, utf8, len);
  gsize start = prev_grapheme(&q, offset);
  for (gsize at = start; at < offset; at = cp_next(utf8, at))
    if (deletes_whole(cp_at(utf8, at)))
      return start;
  return cp_prev(utf8, offset);
}

/* ------------------------------------------------------------------------- */
/* Words                                                                      */
/* ------------------------------------------------------------------------- */

/* UAX #29 word classes of ASCII bytes (ICU's root rules: ':' is not MidLetter). */
typedef enum {
  WB_OTHER,
  WB_LETTER,         /* a-z A-Z */
  WB_NUMERIC,        /* 0-9 */
  WB_EXTEND_NUM_LET, /* _ */
  WB_MID_NUM_LET,    /* . and ' (Single_Quote joins like MidNumLet) */
  WB_MID_NUM,        /* , ; */
  WB_SPACE,          /* ' ' (WSegSpace) */
  WB_CR,
  WB_LF,
  WB_NEWLINE,   /* \v \f */
  WB_EDGE,      /* before or after the text */
  WB_NOT_ASCII, /* ICU must decide */
} WordClass;

static WordClass word_class(const char *text, gsize len, gsize at)
{
  if (at >= len)
    return WB_EDGE;
  guchar c = (guchar)text[at];
  if (g_ascii_isalpha(c))
    return WB_LETTER;
  if (g_ascii_isdigit(c))
    return WB_NUMERIC;
  switch (c) {
  case '_':
    return WB_EXTEND_NUM_LET;
  case '.':
  case '\'':
    return WB_MID_NUM_LET;
  case ',':
  case ';':
    return WB_MID_NUM;
  case ' ':
    return WB_SPACE;
  case '\r':
    return WB_CR;
  case '\n':
    return WB_LF;
  case '\v':
  case '\f':
    return WB_NEWLINE;
  default:
    return c < 0x80 ? WB_OTHER : WB_NOT_ASCII;
  }
}

static bool is_alnum_class(WordClass c)
{
  return c == WB_LETTER || c == WB_NUMERIC;
}

/* The UAX #29 rules WB3..WB13b for the classes around a position: @a @b before
 * it, @c @d after. Returns whether it is a boundary. */
static bool word_rules(WordClass a, WordClass b, WordClass c, WordClass d)
{
  if (b == WB_CR && c == WB_LF)
    return false;
  if (b == WB_CR || b == WB_LF || b == WB_NEWLINE || c == WB_CR || c == WB_LF || c == WB_NEWLINE)
    return true;
  if ((b == WB_SPACE && c == WB_SPACE) || (is_alnum_class(b) && is_alnum_class(c)))
    return false; /* WB3d, WB5, WB8, WB9, WB10 */
  if ((b == WB_LETTER && c == WB_MID_NUM_LET && d == WB_LETTER) ||
      (a == WB_LETTER && b == WB_MID_NUM_LET && c == WB_LETTER))
    return false; /* WB6, WB7 */
  bool mid_num_c = c == WB_MID_NUM || c == WB_MID_NUM_LET;
  bool mid_num_b = b == WB_MID_NUM || b == WB_MID_NUM_LET;
  if ((b == WB_NUMERIC && mid_num_c && d == WB_NUMERIC) ||
      (a == WB_NUMERIC && mid_num_b && c == WB_NUMERIC))
    return false; /* WB11, WB12 */
  if (c == WB_EXTEND_NUM_LET && (is_alnum_class(b) || b == WB_EXTEND_NUM_LET))
    return false;                                        /* WB13a */
  return !(b == WB_EXTEND_NUM_LET && is_alnum_class(c)); /* WB13b */
}

/* Whether a word boundary lies at @at, from the ASCII bytes around it: 1 or 0,
 * or -1 when a byte there is not ASCII (ICU must decide). */
static int ascii_word_break(const char *text, gsize len, gsize at)
{
  if (at == 0 || at >= len)
    return 1;
  WordClass a = word_class(text, len, at - 2), b = word_class(text, len, at - 1);
  WordClass c = word_class(text, len, at), d = word_class(text, len, at + 1);
  if (at < 2)
    a = WB_EDGE;
  if (a == WB_NOT_ASCII || b == WB_NOT_ASCII || c == WB_NOT_ASCII || d == WB_NOT_ASCII)
    return -1;
  return word_rules(a, b, c, d);
}

/* Whether the segment ending at boundary @end is a word, as ICU's rule status
 * says: words end in a letter or digit, or in '_' after another word character
 * ("__" is a word, "_" alone is not). 1, 0 or -1 as above. */
static int ascii_word_ends_at(const char *text, gsize len, gsize end)
{
  WordClass last = word_class(text, len, end - 1);
  if (last != WB_EXTEND_NUM_LET)
    return last == WB_NOT_ASCII ? -1 : is_alnum_class(last);
  int joined = ascii_word_break(text, len, end - 1);
  return joined < 0 ? -1 : !joined && end >= 2;
}

/* Whether the segment starting at boundary @start is a word: it starts with a
 * letter or digit, or with '_' and goes on. */
static int ascii_word_starts_at(const char *text, gsize len, gsize start)
{
  WordClass first = word_class(text, len, start);
  if (first != WB_EXTEND_NUM_LET)
    return first == WB_NOT_ASCII ? -1 : is_alnum_class(first);
  int split = ascii_word_break(text, len, start + 1);
  return split < 0 ? -1 : !split;
}

/* The ASCII fast path of next_word_end: false when a byte on the way is not. */
static bool ascii_next_word_end(const char *text, gsize len, gsize offset, gsize *out)
{
  for (gsize at = offset + 1; at <= len; at++) {
    int split = ascii_word_break(text, len, at);
    int word = split == 1 ? ascii_word_ends_at(text, len, at) : 0;
    if (split < 0 || word < 0)
      return false;
    if (word == 1 || at == len) {
      *out = at;
      return true;
    }
  }
  return false; /* not reached: the loop ends at len */
}

static bool ascii_prev_word_start(const char *text, gsize len, gsize offset, gsize *out)
{
  for (gsize at = offset; at-- > 0;) {
    int split = ascii_word_break(text, len, at);
    int word = split == 1 ? ascii_word_starts_at(text, len, at) : 0;
    if (split < 0 || word < 0)
      return false;
    if (word == 1 || at == 0) {
      *out = at;
      return true;
    }
  }
  *out = 0;
  return true;
}

static bool is_word_rule(int32_t rule)
{
  return rule >= UBRK_WORD_NONE_LIMIT;
}

gsize segmenter_next_word_end(Segmenter *seg, const char *utf8, gsize len, gsize offset)
{
  SEGMENT_CHECK(seg, utf8, len, offset, len);
  gsize end = len;
  if (offset == len || ascii_next_word_end(utf8, len, offset, &end))
    return end;
  Query q = query_new(seg, utf8, len);
  for (gsize at = offset; at < len;) {
    int32_t rule;
    at = icu_following(&q, KIND_WORD, at, &rule);
    if (is_word_rule(rule))
      return at;
  }
  return len;
}

gsize segmenter_prev_word_start(Segmenter *seg, const char *utf8, gsize len, gsize offset)
{
  SEGMENT_CHECK(seg, utf8, len, offset, 0);
  gsize start = 0;
  if (offset == 0 || ascii_prev_word_start(utf8, len, offset, &start))
    return start;
  Query q = query_new(seg, utf8, len);
  for (gsize at = offset; at > 0;) {
    at = icu_preceding(&q, KIND_WORD, at);
    int32_t rule;
    icu_following(&q, KIND_WORD, at, &rule); /* the status of [at, next) */
    if (is_word_rule(rule))
      return at;
  }
  return 0;
}

/* The fast path of word_at: the ASCII segment around the byte at @offset. */
static int ascii_word_at(const char *text, gsize len, gsize offset, gsize *start, gsize *end)
{
  gsize s = offset, e = offset + 1;
  int split;
  while ((split = ascii_word_break(text, len, s)) == 0)
    s--;
  if (split < 0)
    return -1;
  while ((split = ascii_word_break(text, len, e)) == 0)
    e++;
  if (split < 0)
    return -1;
  *start = s;
  *end = e;
  return ascii_word_ends_at(text, len, e);
}

bool segmenter_word_at(Segmenter *seg, const char *utf8, gsize len, gsize offset, gsize *start,
                       gsize *end)
{
  g_return_val_if_fail(start != NULL && end != NULL, false);
  *start = *end = 0;
  SEGMENT_CHECK(seg, utf8, len, offset, false);
  if (len == 0)
    return false;
  if (offset == len)
    offset = cp_prev(utf8, len);
  int fast = ascii_word_at(utf8, len, offset, start, end);
  if (fast >= 0)
    return fast;
  Query q = query_new(seg, utf8, len);
  int32_t rule;
  *end = icu_following(&q, KIND_WORD, offset, &rule);
  *start = icu_preceding(&q, KIND_WORD, *end);
  return is_word_rule(rule);
}

/* ------------------------------------------------------------------------- */
/* Walks                                                                      */
/* ------------------------------------------------------------------------- */

/* A walk has its own token for all its steps, so ICU stays pointed at its text
 * until another query re-points it. */
static void walk_begin(Segmenter *seg, SegmentWalk *walk, const char *utf8, gsize len, gsize from,
                       Kind kind)
{
  g_return_if_fail(walk != NULL);
  *walk = (SegmentWalk){0};
  g_return_if_fail(seg != NULL && (utf8 != NULL || len == 0));
  g_return_if_fail(from <= len && is_cp_start(utf8, len, from));
  *walk = (SegmentWalk){seg, utf8, len, from, 0, ++seg->last_token, kind};
}

void segmenter_clusters_begin(Segmenter *seg, SegmentWalk *walk, const char *utf8, gsize len,
                              gsize from)
{
  walk_begin(seg, walk, utf8, len, from, KIND_GRAPHEME);
}

bool segmenter_clusters_next(SegmentWalk *walk, gsize *offset)
{
  g_return_val_if_fail(walk != NULL && offset != NULL, false);
  if (walk->seg == NULL || walk->pos >= walk->len)
    return false;
  g_return_val_if_fail(walk->kind == KIND_GRAPHEME, false);
  Query q = {walk->seg, walk->utf8, walk->len, walk->token};
  walk->pos = next_grapheme(&q, walk->pos);
  *offset = walk->pos;
  return true;
}

/* ------------------------------------------------------------------------- */
/* Line breaks                                                                */
/* ------------------------------------------------------------------------- */

void segmenter_lines_begin(Segmenter *seg, SegmentWalk *walk, const char *utf8, gsize len,
                           gsize from)
{
  walk_begin(seg, walk, utf8, len, from, KIND_LINE);
}

bool segmenter_lines_next(SegmentWalk *walk, gsize *offset, bool *mandatory)
{
  g_return_val_if_fail(walk != NULL && offset != NULL, false);
  if (mandatory != NULL)
    *mandatory = false;
  if (walk->seg == NULL || walk->pos >= walk->len)
    return false;
  g_return_val_if_fail(walk->kind == KIND_LINE, false);
  gsize at = 0;
  bool must = false;
  if (!walk->seg->exact_lines && walk->pos >= walk->icu_until)
    at = ascii_lines_next(&walk->seg->lines, walk->utf8, walk->len, walk->pos, &must,
                          &walk->icu_until);
  if (at == 0) {
    /* ICU's LB10 allows a break between a space and a combining mark after
     * it, inside a cluster: a line cannot end where a cursor cannot stop. */
    Query q = {walk->seg, walk->utf8, walk->len, walk->token};
    int32_t rule;
    at = walk->pos;
    do
      at = icu_following(&q, KIND_LINE, at, &rule);
    while (!is_grapheme(&q, at));
    must = rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT;
  }
  walk->pos = at;
  *offset = at;
  if (mandatory != NULL)
    *mandatory = must;
  return true;
}
