/* bidi.c — embedding levels of a line from a bounded window, and their visual order.
 *
 * Three costs, from cheap to dear (bidi.h says what is exact):
 *  1. A byte scan. Every code point >= U+0580 starts with a byte >= 0xD6, and no
 *     other byte is that large, so blocks of 32 bytes whose maximum is below 0xD6
 *     are skipped whole (GCC turns the max reduction into pmaxub). Only code points
 *     inside the blocks where right-to-left characters live are looked up.
 *  2. A window. A line is resolved by FriBidi over [start, end): from the last
 *     strong character before the line to the first one after it, widened while a
 *     paired bracket in it has no partner in it (BD16 on the window), at most
 *     BIDI_CONTEXT_MAX bytes beyond the line on each side. A strong character at
 *     each edge cuts every rule but N0 (W1-W7 look back to a strong character or a
 *     neighbour, N1 looks at both sides of a neutral run), so FriBidi given the
 *     paragraph direction as sos/eos resolves the window as the paragraph would.
 *  3. The whole paragraph, when explicit embeddings or isolates reach the window.
 *
 * Characters are decoded with a bounded decoder: a byte that is not UTF-8 (the
 * document never has one) is a character of its own, U+FFFD, so no offset can
 * run past the text. */
#include "bidi.h"

#include <fribidi.h>
#include <string.h>

#define BRACKET_STACK 63  /* BD16's stack: FriBidi stops pairing past it */
#define EXPLICIT_DEPTH 60 /* deeper nesting is left to FriBidi (levels stay < 125) */
#define WIDEN_MIN 256     /* the first widening step for brackets, in bytes */

/* ---- Counting what is done --------------------------------------------- */

static void count_scan(BidiWork *work, gsize bytes)
{
  if (work != NULL)
    work->bytes_scanned += bytes;
}

static void count_call(BidiWork *work)
{
  if (work != NULL)
    work->fribidi_calls++;
}

/* ---- Characters and their bidi classes ---------------------------------- */

/* The code point at @pos (< @len); *@n receives its length in bytes. */
static gunichar char_at(const char *text, gsize len, gsize pos, gsize *n)
{
  guchar c = (guchar)text[pos];
  if (c < 0x80) {
    *n = 1;
    return c;
  }
  gunichar cp = g_utf8_get_char_validated(text + pos, (gssize)MIN(len - pos, 4));
  if (cp >= 0x110000) { /* (gunichar)-1 or -2: not UTF-8 here */
    *n = 1;
    return 0xFFFD;
  }
  *n = (gsize)g_utf8_skip[c];
  return cp;
}

/* The start of the character that ends at @pos (> 0), as char_at() reads it. */
static gsize char_start_before(const char *text, gsize len, gsize pos)
{
  gsize start = pos - 1;
  while (start > 0 && pos - start < 4 && ((guchar)text[start] & 0xC0) == 0x80)
    start--;
  gsize n;
  char_at(text, len, start, &n);
  return start + n == pos ? start : pos - 1;
}

/* The first character start at or after @pos. */
static gsize char_boundary(const char *text, gsize len, gsize pos)
{
  while (pos < len && ((guchar)text[pos] & 0xC0) == 0x80)
    pos++;
  return pos;
}

/* UnicodeData's bidi classes of ASCII, so that English never calls FriBidi (test
 * /bidi/fribidi/ascii checks each in contexts where every class resolves apart). */
static FriBidiCharType ascii_type(guchar c)
{
  if (g_ascii_isalpha(c))
    return FRIBIDI_TYPE_LTR;
  if (g_ascii_isdigit(c))
    return FRIBIDI_TYPE_EN;
  if (c == '\t' || c == 0x0B || c == 0x1F)
    return FRIBIDI_TYPE_SS;
  if (c == '\n' || c == '\r' || (c >= 0x1C && c <= 0x1E))
    return FRIBIDI_TYPE_BS;
  if (c == '\f' || c == ' ')
    return FRIBIDI_TYPE_WS;
  if (c < 0x20 || c == 0x7F)
    return FRIBIDI_TYPE_BN;
  if (strchr("#$%", c) != NULL)
    return FRIBIDI_TYPE_ET;
  if (c == '+' || c == '-')
    return FRIBIDI_TYPE_ES;
  return strchr(",./:", c) != NULL ? FRIBIDI_TYPE_CS : FRIBIDI_TYPE_ON;
}

static FriBidiCharType char_type(gunichar cp, BidiWork *work)
{
  if (cp < 0x80)
    return ascii_type((guchar)cp);
  count_call(work);
  return fribidi_get_bidi_type(cp);
}

/* The class of the character at @pos; *@n receives its length. */
static FriBidiCharType type_at(const char *text, gsize len, gsize pos, gsize *n, BidiWork *work)
{
  return char_type(char_at(text, len, pos, n), work);
}

/* L, R or AL (FriBidi also marks LRE..RLO "strong"; they are not letters). */
static bool is_strong(FriBidiCharType type)
{
  return FRIBIDI_IS_LETTER(type);
}

static bool is_bidi_control(gunichar cp)
{
  return cp == 0x200E || cp == 0x200F || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

/* The blocks of R, AL and AN characters (test /bidi/needed/all-code-points checks
 * that no such character lies outside them): Hebrew to Arabic Extended-A, the
 * Hebrew and Arabic presentation forms, and the right-to-left blocks of plane 1. */
static bool in_rtl_blocks(gunichar cp)
{
  return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
         (cp >= 0x1E800 && cp <= 0x1EFFF);
}

static bool cp_needs_bidi(gunichar cp, BidiWork *work)
{
  if (is_bidi_control(cp))
    return true;
  if (!in_rtl_blocks(cp))
    return false;
  FriBidiCharType type = char_type(cp, work);
  return type == FRIBIDI_TYPE_RTL || type == FRIBIDI_TYPE_AL || type == FRIBIDI_TYPE_AN;
}

/* ---- The byte scan ------------------------------------------------------- */

/* The first byte >= 0xD6 at or after @pos, or @len: before it, every code point
 * is below U+0580. A fixed-size max reduction per block, which vectorizes. */
static gsize scan_high(const guchar *s, gsize pos, gsize len)
{
  while (len - pos >= 32) {
    guchar top = 0;
    for (int i = 0; i < 32; i++)
      top = MAX(top, s[pos + i]);
    if (top >= 0xD6)
      break;
    pos += 32;
  }
  while (pos < len && s[pos] < 0xD6)
    pos++;
  return pos;
}

bool bidi_needed(const char *text, gsize len, BidiWork *work)
{
  g_return_val_if_fail(text != NULL || len == 0, false);
  gsize pos = 0, n;
  while ((pos = scan_high((const guchar *)text, pos, len)) < len) {
    if (cp_needs_bidi(char_at(text, len, pos, &n), work)) {
      count_scan(work, pos + n);
      return true;
    }
    pos += n;
  }
  count_scan(work, len);
  return false;
}

bool bidi_is_mixed(const char *text, gsize len, BidiWork *work)
{
  g_return_val_if_fail(text != NULL || len == 0, false);
  bool rtl = false, other = false;
  gsize pos = 0, n;
  while (pos < len && !(rtl && other)) {
    gunichar cp = char_at(text, len, pos, &n);
    FriBidiCharType type = char_type(cp, work);
    pos += n;
    if (type == FRIBIDI_TYPE_RTL || type == FRIBIDI_TYPE_AL)
      rtl = true;
    else if (type == FRIBIDI_TYPE_LTR || type == FRIBIDI_TYPE_EN || type == FRIBIDI_TYPE_AN ||
             is_bidi_control(cp))
      other = true;
  }
  count_scan(work, pos);
  return rtl && other;
}

/* ---- The paragraph: direction and explicit controls --------------------- */

BidiDirection bidi_direction(const char *text, gsize len, gsize *decided_end, BidiWork *work)
{
  g_return_val_if_fail(text != NULL || len == 0, BIDI_LTR);
  guint isolates = 0; /* open isolates, whose content P2 skips */
  gsize pos = 0, n;
  while (pos < len) {
    FriBidiCharType type = type_at(text, len, pos, &n, work);
    pos += n;
    if (type == FRIBIDI_TYPE_PDI)
      isolates -= isolates > 0;
    else if (FRIBIDI_IS_ISOLATE(type))
      isolates++;
    else if (isolates == 0 && is_strong(type)) {
      count_scan(work, pos);
      if (decided_end != NULL)
        *decided_end = pos;
      return FRIBIDI_IS_RTL(type) ? BIDI_RTL : BIDI_LTR;
    }
  }
  count_scan(work, len);
  if (decided_end != NULL)
    *decided_end = G_MAXSIZE;
  return BIDI_LTR;
}

typedef enum { CONTROL_NONE, CONTROL_EMBED, CONTROL_PDF, CONTROL_ISOLATE, CONTROL_PDI } Control;

/* Which explicit control starts at @pos, if any: LRE..RLO are E2 80 AA..AE (PDF is
 * AC), LRI..PDI are E2 81 A6..A9. */
static Control control_at(const guchar *s, gsize len, gsize pos)
{
  if (len - pos < 3 || s[pos] != 0xE2)
    return CONTROL_NONE;
  if (s[pos + 1] == 0x80 && s[pos + 2] >= 0xAA && s[pos + 2] <= 0xAE)
    return s[pos + 2] == 0xAC ? CONTROL_PDF : CONTROL_EMBED;
  if (s[pos + 1] == 0x81 && s[pos + 2] >= 0xA6 && s[pos + 2] <= 0xA9)
    return s[pos + 2] == 0xA9 ? CONTROL_PDI : CONTROL_ISOLATE;
  return CONTROL_NONE;
}

/* The next 0xE2 byte at or after @pos, or @len. */
static gsize next_e2(const char *text, gsize pos, gsize len)
{
  const char *hit = pos < len ? memchr(text + pos, 0xE2, len - pos) : NULL;
  return hit != NULL ? (gsize)(hit - text) : len;
}

gsize bidi_find_explicit(const char *text, gsize len, BidiWork *work)
{
  g_return_val_if_fail(text != NULL || len == 0, G_MAXSIZE);
  for (gsize pos = next_e2(text, 0, len); pos < len; pos = next_e2(text, pos + 1, len)) {
    if (control_at((const guchar *)text, len, pos) != CONTROL_NONE) {
      count_scan(work, pos + 3);
      return pos;
    }
  }
  count_scan(work, len);
  return G_MAXSIZE;
}

BidiParagraph bidi_paragraph_analyze(const char *text, gsize len, BidiWork *work)
{
  BidiParagraph para;
  para.direction = bidi_direction(text, len, &para.decided_end, work);
  para.explicit_at = bidi_find_explicit(text, len, work);
  para.levels = NULL;
  return para;
}

/* The first control after an edit, when the first one before it was at or after @at. */
static gsize explicit_after_edit(const BidiParagraph *para, const char *text, gsize len, gsize at,
                                 gsize removed, gsize inserted, BidiWork *work)
{
  gsize found = bidi_find_explicit(text + at, inserted, work);
  if (found != G_MAXSIZE)
    return at + found;
  if (para->explicit_at == G_MAXSIZE)
    return G_MAXSIZE;
  if (para->explicit_at >= at + removed) /* kept, and moved by the edit */
    return para->explicit_at - removed + inserted;
  gsize tail = at + inserted; /* the first control was removed: look further */
  found = bidi_find_explicit(text + tail, len - tail, work);
  return found == G_MAXSIZE ? G_MAXSIZE : tail + found;
}

void bidi_paragraph_edited(BidiParagraph *para, const char *text, gsize len, gsize at,
                           gsize removed, gsize inserted, BidiWork *work)
{
  g_return_if_fail(para != NULL && (text != NULL || len == 0));
  g_return_if_fail(at <= len && inserted <= len - at);
  if (at < para->decided_end)
    para->direction = bidi_direction(text, len, &para->decided_end, work);
  if (para->explicit_at == G_MAXSIZE || para->explicit_at >= at)
    para->explicit_at = explicit_after_edit(para, text, len, at, removed, inserted, work);
  para->levels = NULL; /* they were the old text's */
}

/* Whether no explicit control reaches [start, end): none inside it, and every
 * embedding and isolate opened before @start closed before it. A memchr scan
 * from the paragraph's first control to @end, and a stack of what is open. */
static bool explicit_clear(const char *text, const BidiParagraph *para, gsize start, gsize end,
                           BidiWork *work)
{
  if (para->explicit_at >= end)
    return true;
  bool isolate[EXPLICIT_DEPTH]; /* per open entry: an isolate (or an embedding) */
  guint depth = 0;
  const guchar *s = (const guchar *)text;
  count_scan(work, end - para->explicit_at);
  for (gsize pos = next_e2(text, para->explicit_at, end); pos < end;
       pos = next_e2(text, pos + 1, end)) {
    Control control = control_at(s, end, pos);
    if (control != CONTROL_NONE && pos >= start)
      return false;
    if (control == CONTROL_EMBED || control == CONTROL_ISOLATE) {
      if (depth == EXPLICIT_DEPTH)
        return false;
      isolate[depth++] = control == CONTROL_ISOLATE;
    } else if (control == CONTROL_PDF && depth > 0 && !isolate[depth - 1]) {
      depth--;
    } else if (control == CONTROL_PDI) {
      guint d = depth;
      while (d > 0 && !isolate[d - 1])
        d--;
      depth = d > 0 ? d - 1 : depth; /* a PDI without an open isolate does nothing */
    }
  }
  return depth == 0;
}

/* ---- The window a line is resolved in ------------------------------------ */

typedef struct {
  gsize start, end; /* bytes [start, end) of the paragraph */
  gsize lo, hi;     /* the farthest it may reach: BIDI_CONTEXT_MAX beyond the line */
  bool cut;         /* an edge is at lo or hi without a strong character there */
} Window;

/* The start of the last strong character that starts in [@limit, @pos), or
 * G_MAXSIZE; *@type (may be NULL) receives its class. */
static gsize strong_before(const char *text, gsize len, gsize pos, gsize limit,
                           FriBidiCharType *type, BidiWork *work)
{
  gsize from = pos, n;
  while (pos > limit) {
    pos = char_start_before(text, len, pos);
    FriBidiCharType t = type_at(text, len, pos, &n, work);
    if (pos >= limit && is_strong(t)) {
      count_scan(work, from - pos);
      if (type != NULL)
        *type = t;
      return pos;
    }
  }
  count_scan(work, from - pos);
  return G_MAXSIZE;
}

/* The end of the first strong character that starts in [@pos, @limit), or G_MAXSIZE. */
static gsize strong_after(const char *text, gsize len, gsize pos, gsize limit, BidiWork *work)
{
  gsize from = pos, n;
  for (; pos < limit; pos += n) {
    if (is_strong(type_at(text, len, pos, &n, work))) {
      count_scan(work, pos + n - from);
      return pos + n;
    }
  }
  count_scan(work, pos - from);
  return G_MAXSIZE;
}

/* Moves the window's start back to the last strong character before @target. */
static void window_start_at(Window *w, const char *text, gsize len, gsize target, BidiWork *work)
{
  gsize s = strong_before(text, len, target, w->lo, NULL, work);
  w->start = s != G_MAXSIZE ? s : w->lo;
  w->cut |= s == G_MAXSIZE && w->lo > 0;
}

/* Moves the window's end on to the end of the first strong character at or after @target. */
static void window_end_at(Window *w, const char *text, gsize len, gsize target, BidiWork *work)
{
  gsize e = strong_after(text, len, target, w->hi, work);
  w->end = e != G_MAXSIZE ? e : w->hi;
  w->cut |= e == G_MAXSIZE && w->hi < len;
}

/* The smallest window for [@from, @to) without brackets: strong character to strong character. */
static Window window_new(const char *text, gsize len, gsize from, gsize to, BidiWork *work)
{
  Window w = {0};
  w.lo = char_boundary(text, len, from > BIDI_CONTEXT_MAX ? from - BIDI_CONTEXT_MAX : 0);
  w.hi = char_boundary(text, len, len - to > BIDI_CONTEXT_MAX ? to + BIDI_CONTEXT_MAX : len);
  window_start_at(&w, text, len, from, work);
  window_end_at(&w, text, len, to, work);
  return w;
}

/* Widens the window's start by at least its context so far (so widening is done
 * O(log) times); false when it is at its limit already. */
static bool window_widen_back(Window *w, const char *text, gsize len, gsize from, BidiWork *work)
{
  if (w->start <= w->lo)
    return false;
  gsize step = MAX(WIDEN_MIN, from - w->start);
  gsize target = w->start - w->lo > step ? w->start - step : w->lo;
  window_start_at(w, text, len, char_boundary(text, len, target), work);
  return true;
}

static bool window_widen_forward(Window *w, const char *text, gsize len, gsize to, BidiWork *work)
{
  if (w->end >= w->hi)
    return false;
  gsize step = MAX(WIDEN_MIN, w->end - to);
  gsize target = w->hi - w->end > step ? w->end + step : w->hi;
  window_end_at(w, text, len, char_boundary(text, len, target), work);
  return true;
}

/* ---- The characters of a window, as FriBidi takes them ------------------- */

typedef struct {
  gsize n;                      /* characters */
  FriBidiCharType *types;       /* bidi class of each */
  FriBidiBracketType *brackets; /* BD14/BD15 property, FRIBIDI_NO_BRACKET for most */
  FriBidiLevel *levels;         /* resolved levels */
  gsize from_index, to_index;   /* the characters at the line's @from and @to */
  gsize bytes;                  /* bytes of text the characters come from */
} Span;

static gsize count_chars(const char *text, gsize start, gsize end)
{
  gsize n = 0;
  for (gsize i = start; i < end; i++)
    n += ((guchar)text[i] & 0xC0) != 0x80;
  return n;
}

/* The paired-bracket property of @cp of class @type; ASCII asks only for ()[]{}. */
static FriBidiBracketType bracket_of(gunichar cp, FriBidiCharType type, BidiWork *work)
{
  if (type != FRIBIDI_TYPE_ON || (cp < 0x80 && strchr("()[]{}", (int)cp) == NULL) || cp == 0)
    return FRIBIDI_NO_BRACKET;
  count_call(work);
  return fribidi_get_bracket(cp);
}

/* A paragraph separator inside a paragraph (U+2029, U+0085, U+001C..U+001E; the
 * document splits at CR and LF) is a segment separator here, as a tab: FriBidi
 * takes its input as one paragraph and stops resolving at a separator, leaving
 * what follows at level 0 even in a right-to-left paragraph. */
static FriBidiCharType as_one_paragraph(FriBidiCharType type)
{
  return type == FRIBIDI_TYPE_BS ? FRIBIDI_TYPE_SS : type;
}

/* Classifies the characters of [@start, @end); records where @from and @to fall. */
static void span_fill(Span *span, const char *text, gsize len, gsize start, gsize end, gsize from,
                      gsize to, BidiWork *work)
{
  gsize cap = count_chars(text, start, end) + 1, i = 0, n;
  span->from_index = span->to_index = 0;
  span->types = g_new(FriBidiCharType, cap);
  span->brackets = g_new(FriBidiBracketType, cap);
  span->levels = g_new(FriBidiLevel, cap);
  for (gsize pos = start; pos < end; pos += n, i++) {
    span->from_index = pos == from ? i : span->from_index;
    span->to_index = pos == to ? i : span->to_index;
    gunichar cp = char_at(text, len, pos, &n);
    span->types[i] = as_one_paragraph(char_type(cp, work));
    span->brackets[i] = bracket_of(cp, span->types[i], work);
  }
  span->n = i;
  span->to_index = to == end ? i : span->to_index;
  span->bytes = end - start;
  count_scan(work, end - start);
}

static void span_clear(Span *span)
{
  g_free(span->types);
  g_free(span->brackets);
  g_free(span->levels);
  memset(span, 0, sizeof *span);
}

typedef struct {
  bool closer;   /* a closing bracket whose opening one may be before the window */
  bool opener;   /* an opening bracket whose closing one may be after it */
  bool overflow; /* BD16's stack filled up inside the window */
} Unpaired;

/* Whether FriBidi's BD16 sees the bracket at @i, given what precedes it; @on_nsm
 * says the previous character (BN aside) was a non-spacing mark that W1 made ON.
 * FriBidi (1.0.8 and later) resolves W1 by merging such a mark's run into the run
 * before it and, when the next run has that type too, the next run as well, which
 * drops the next run's bracket property: "!\u064B}" and "{\u064B}" have no "}". The
 * window must pair brackets as FriBidi will, or widening stops at the wrong one. */
static bool fribidi_sees_bracket(const Span *span, gsize i, bool on_nsm)
{
  return span->brackets[i] != FRIBIDI_NO_BRACKET && !on_nsm;
}

/* BD16 over the window: which brackets it cannot pair inside itself. */
static Unpaired span_unpaired(const Span *span)
{
  FriBidiBracketType stack[BRACKET_STACK];
  gsize depth = 0;
  Unpaired u = {false, false, false};
  FriBidiCharType last = FRIBIDI_TYPE_LTR; /* the type W1 gives the last character */
  bool on_nsm = false;
  for (gsize i = 0; i < span->n && !u.overflow; i++) {
    FriBidiCharType t = span->types[i];
    if (t == FRIBIDI_TYPE_BN) /* removed by X9 before the W rules */
      continue;
    bool seen = fribidi_sees_bracket(span, i, on_nsm);
    on_nsm = t == FRIBIDI_TYPE_NSM && last == FRIBIDI_TYPE_ON;
    last = t == FRIBIDI_TYPE_NSM ? last : t;
    FriBidiBracketType b = span->brackets[i];
    if (!seen)
      continue;
    if (FRIBIDI_IS_BRACKET_OPEN(b)) {
      u.overflow = depth == BRACKET_STACK;
      stack[depth] = FRIBIDI_BRACKET_ID(b);
      depth += !u.overflow;
      continue;
    }
    gsize k = depth;
    while (k > 0 && stack[k - 1] != FRIBIDI_BRACKET_ID(b))
      k--;
    u.closer |= k == 0;
    depth = k > 0 ? k - 1 : depth;
  }
  u.opener = depth > 0;
  return u;
}

/* Fills @span over @w, widening @w until its brackets pair inside it or it can
 * grow no more. False when something reaches beyond it: an approximation. */
static bool window_settle(Window *w, Span *span, const char *text, gsize len, gsize from, gsize to,
                          BidiWork *work)
{
  for (;;) {
    span_fill(span, text, len, w->start, w->end, from, to, work);
    Unpaired u = span_unpaired(span);
    bool grew = u.closer && window_widen_back(w, text, len, from, work);
    grew |= u.opener && window_widen_forward(w, text, len, to, work);
    if (!grew) {
      bool beyond = (u.closer && w->start > 0) || (u.opener && w->end < len) || u.overflow;
      return !w->cut && !beyond;
    }
    span_clear(span);
  }
}

/* FriBidi's rules P2..I2 and L1's separators over the span, with @dir as the
 * paragraph level (and so sos/eos at the window's edges). */
static void span_resolve(Span *span, BidiDirection dir, BidiWork *work)
{
  FriBidiParType base = dir == BIDI_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
  count_call(work);
  if (span->n <= (gsize)G_MAXINT &&
      fribidi_get_par_embedding_levels_ex(span->types, span->brackets, (FriBidiStrIndex)span->n,
                                          &base, span->levels) > 0)
    return;
  memset(span->levels, dir, span->n); /* over 2^31 characters, or FriBidi out of memory */
  if (work != NULL)
    work->approximations++;
}

/* Rule L1 at the line's end: trailing white space, isolate and format controls,
 * separators take the paragraph level. */
static void span_l1_line_end(Span *span, BidiDirection dir)
{
  for (gsize i = span->to_index; i > span->from_index; i--) {
    FriBidiCharType t = span->types[i - 1];
    if (!FRIBIDI_IS_EXPLICIT_OR_SEPARATOR_OR_BN_OR_WS(t) && !FRIBIDI_IS_ISOLATE(t))
      return;
    span->levels[i - 1] = (FriBidiLevel)dir;
  }
}

/* The maximal runs of one level over [@from, @to), from the span's levels. */
static BidiRun *span_runs(const Span *span, const char *text, gsize len, gsize from, gsize *n_runs)
{
  GArray *runs = g_array_new(FALSE, FALSE, sizeof(BidiRun));
  gsize pos = from, n;
  for (gsize i = span->from_index; i < span->to_index; i++, pos += n) {
    char_at(text, len, pos, &n);
    BidiRun *last = runs->len > 0 ? &g_array_index(runs, BidiRun, runs->len - 1) : NULL;
    if (last != NULL && last->level == span->levels[i]) {
      last->end = pos + n;
      continue;
    }
    BidiRun run = {pos, pos + n, span->levels[i]};
    g_array_append_val(runs, run);
  }
  *n_runs = runs->len;
  return (BidiRun *)g_array_free(runs, FALSE);
}

/* ---- Lines ---------------------------------------------------------------- */

/* Whether [@from, @to) of a left-to-right paragraph is all at level 0 without
 * FriBidi: the last strong character before it is L (or there is none), and from
 * there to @to there is no right-to-left letter, Arabic number or control. Then W7
 * makes every European number L, and N1/N2 make every neutral L (a neutral run
 * starts after an L; it could only become R between R, AN or EN on both sides). */
static bool ltr_trivial(const char *text, gsize len, const BidiParagraph *para, gsize from,
                        gsize to, BidiWork *work)
{
  if (para->direction != BIDI_LTR)
    return false;
  gsize lo = char_boundary(text, len, from > BIDI_CONTEXT_MAX ? from - BIDI_CONTEXT_MAX : 0);
  FriBidiCharType type = FRIBIDI_TYPE_LTR; /* sos, when the paragraph starts before */
  gsize s = strong_before(text, len, from, lo, &type, work);
  if (s == G_MAXSIZE && lo > 0)
    return false; /* too far to know: the window path counts the approximation */
  s = s == G_MAXSIZE ? 0 : s;
  return !FRIBIDI_IS_RTL(type) && !bidi_needed(text + s, to - s, work) &&
         explicit_clear(text, para, s, to, work);
}

static BidiRun *one_run(gsize from, gsize to, gsize *n_runs)
{
  BidiRun *run = g_new(BidiRun, 1);
  *run = (BidiRun){from, to, 0};
  *n_runs = 1;
  return run;
}

/* The span [from, to) is resolved in: a window, or the whole paragraph when
 * explicit controls reach the window. False, with @span empty, when they do
 * and @para has the whole paragraph's levels: the caller reads them. */
static bool span_for(Span *span, const char *text, gsize len, const BidiParagraph *para, gsize from,
                     gsize to, BidiWork *work)
{
  Window w = window_new(text, len, from, to, work);
  bool exact = window_settle(&w, span, text, len, from, to, work);
  if (explicit_clear(text, para, w.start, w.end, work)) {
    if (!exact && work != NULL)
      work->approximations++;
    return true;
  }
  span_clear(span);
  if (work != NULL)
    work->whole_paragraphs++;
  if (para->levels != NULL)
    return false;
  span_fill(span, text, len, 0, len, from, to, work);
  return true;
}

#define LEVEL_L1 0x80u /* bidi_paragraph_levels: rule L1 resets this byte at a line's end */

static bool l1_resets(FriBidiCharType t)
{
  return FRIBIDI_IS_EXPLICIT_OR_SEPARATOR_OR_BN_OR_WS(t) || FRIBIDI_IS_ISOLATE(t);
}

guint8 *bidi_paragraph_levels(const char *text, gsize len, const BidiParagraph *para,
                              BidiWork *work)
{
  g_return_val_if_fail(para != NULL && (text != NULL || len == 0), NULL);
  if (para->explicit_at == G_MAXSIZE || len == 0)
    return NULL;
  Span span = {0};
  span_fill(&span, text, len, 0, len, 0, len, work);
  span_resolve(&span, para->direction, work);
  guint8 *levels = g_malloc(len);
  gsize pos = 0, n;
  for (gsize i = 0; i < span.n; i++, pos += n) {
    char_at(text, len, pos, &n);
    memset(levels + pos, span.levels[i] | (l1_resets(span.types[i]) ? LEVEL_L1 : 0), n);
  }
  span_clear(&span);
  return levels;
}

/* The runs of [@from, @to) read from a paragraph's levels, L1 applied at @to
 * when @line_end: what the whole-paragraph span would give. */
static BidiRun *runs_from_levels(const BidiParagraph *para, gsize from, gsize to, bool line_end,
                                 gsize *n_runs)
{
  const guint8 *levels = para->levels;
  gsize reset = to; /* from here on, the paragraph's level (L1) */
  while (line_end && reset > from && (levels[reset - 1] & LEVEL_L1))
    reset--;
  GArray *runs = g_array_new(FALSE, FALSE, sizeof(BidiRun));
  for (gsize b = from; b < to; b++) {
    guint8 level = b >= reset ? (guint8)para->direction : (guint8)(levels[b] & ~LEVEL_L1);
    BidiRun *last = runs->len > 0 ? &g_array_index(runs, BidiRun, runs->len - 1) : NULL;
    if (last != NULL && last->level == level) {
      last->end = b + 1;
      continue;
    }
    BidiRun run = {b, b + 1, level};
    g_array_append_val(runs, run);
  }
  *n_runs = runs->len;
  return (BidiRun *)g_array_free(runs, FALSE);
}

static BidiRun *runs_of(const char *text, gsize len, const BidiParagraph *para, gsize from,
                        gsize to, bool line_end, gsize *n_runs, BidiWork *work)
{
  g_return_val_if_fail(n_runs != NULL, NULL);
  *n_runs = 0;
  g_return_val_if_fail(para != NULL && (text != NULL || len == 0), NULL);
  g_return_val_if_fail(from <= to && to <= len, NULL);
  g_return_val_if_fail(char_boundary(text, len, from) == from, NULL);
  g_return_val_if_fail(char_boundary(text, len, to) == to, NULL);
  if (from == to)
    return NULL;
  if (ltr_trivial(text, len, para, from, to, work))
    return one_run(from, to, n_runs);
  Span span = {0};
  if (!span_for(&span, text, len, para, from, to, work))
    return runs_from_levels(para, from, to, line_end, n_runs);
  span_resolve(&span, para->direction, work);
  if (work != NULL)
    work->bytes_resolved += span.bytes;
  if (line_end)
    span_l1_line_end(&span, para->direction);
  BidiRun *runs = span_runs(&span, text, len, from, n_runs);
  span_clear(&span);
  return runs;
}

BidiRun *bidi_line_runs(const char *text, gsize len, const BidiParagraph *para, gsize from,
                        gsize to, gsize *n_runs, BidiWork *work)
{
  return runs_of(text, len, para, from, to, true, n_runs, work);
}

BidiRun *bidi_range_runs(const char *text, gsize len, const BidiParagraph *para, gsize from,
                         gsize to, gsize *n_runs, BidiWork *work)
{
  return runs_of(text, len, para, from, to, false, n_runs, work);
}

/* ---- Visual order (L2) ---------------------------------------------------- */

static void reverse(gsize *order, gsize i, gsize j)
{
  for (; i + 1 < j; i++, j--) {
    gsize t = order[i];
    order[i] = order[j - 1];
    order[j - 1] = t;
  }
}

/* Reverses every maximal sequence of runs at @level or higher. */
static void reverse_at(const BidiRun *runs, gsize n_runs, gsize *order, uint8_t level)
{
  gsize i = 0;
  while (i < n_runs) {
    if (runs[order[i]].level < level) {
      i++;
      continue;
    }
    gsize j = i;
    while (j < n_runs && runs[order[j]].level >= level)
      j++;
    reverse(order, i, j);
    i = j;
  }
}

void bidi_visual_order(const BidiRun *runs, gsize n_runs, gsize *order)
{
  g_return_if_fail(n_runs == 0 || (runs != NULL && order != NULL));
  uint8_t highest = 0, lowest_odd = UINT8_MAX;
  for (gsize i = 0; i < n_runs; i++) {
    order[i] = i;
    highest = MAX(highest, runs[i].level);
    if (runs[i].level % 2 == 1)
      lowest_odd = MIN(lowest_odd, runs[i].level);
  }
  for (unsigned level = highest; level >= lowest_odd && level > 0; level--)
    reverse_at(runs, n_runs, order, (uint8_t)level);
}
