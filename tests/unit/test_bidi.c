/* test_bidi.c — line levels from a bounded window against FriBidi's whole paragraph.
 *
 * The reference is FriBidi itself over the whole paragraph
 * (fribidi_get_par_embedding_levels_ex), with rule L1 applied at each line's end
 * as UAX #9 states it. Every line that bidi_line_runs() resolves without counting
 * an approximation must have exactly the reference levels; the visual order of its
 * runs must be the order fribidi_reorder_line() puts their characters in. The text
 * comes from hand-written cases, random strings (seed printed; GLYPHPAD_TEST_SEED
 * replays another) and the Hebrew, Arabic and Persian translation catalogues
 * installed on the machine. HarfBuzz is linked here only, to show that shaping a
 * right-to-left run mirrors brackets, which is why bidi.c does not. */
#include <fribidi.h>
#include <glib.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

#include "bidi.h"
#include "typeface.h"

static guint32 test_seed(void)
{
  const char *env = g_getenv("GLYPHPAD_TEST_SEED");
  guint32 seed = env != NULL ? (guint32)strtoul(env, NULL, 10) : 20240923u;
  g_test_message("seed %u (set GLYPHPAD_TEST_SEED to replay another)", seed);
  return seed;
}

/* ---- The reference: FriBidi over the whole paragraph -------------------- */

/* A paragraph as FriBidi resolves it, per byte: the level and class of the
 * character the byte belongs to, and whether a character starts there. */
typedef struct {
  gsize len;
  FriBidiParType dir;     /* resolved by FriBidi's own P2-P3 */
  FriBidiLevel *levels;   /* per byte */
  FriBidiCharType *types; /* per byte */
  bool *starts;           /* per byte + 1: a character starts here */
  gsize n;                /* characters */
  FriBidiCharType *ctypes;
  FriBidiLevel *clevels;
  gsize *cstart; /* byte offset of each character, and len at [n] */
} Reference;

static gsize decode(const char *text, gsize len, FriBidiChar *cps, gsize *cstart)
{
  gsize n = 0;
  for (gsize pos = 0; pos < len; n++) {
    gunichar cp = (guchar)text[pos] < 0x80 ? (guchar)text[pos] : g_utf8_get_char(text + pos);
    cstart[n] = pos;
    cps[n] = cp;
    pos += (guchar)text[pos] < 0x80 ? 1 : (gsize)g_utf8_skip[(guchar)text[pos]];
  }
  cstart[n] = len;
  return n;
}

static void reference_init(Reference *ref, const char *text, gsize len)
{
  FriBidiChar *cps = g_new(FriBidiChar, len + 1);
  FriBidiBracketType *brackets = g_new(FriBidiBracketType, len + 1);
  ref->len = len;
  ref->cstart = g_new(gsize, len + 1);
  ref->n = decode(text, len, cps, ref->cstart);
  ref->ctypes = g_new(FriBidiCharType, ref->n + 1);
  ref->clevels = g_new(FriBidiLevel, ref->n + 1);
  fribidi_get_bidi_types(cps, (FriBidiStrIndex)ref->n, ref->ctypes);
  for (gsize i = 0; i < ref->n; i++) /* bidi.h: a separator inside is a segment separator */
    ref->ctypes[i] = ref->ctypes[i] == FRIBIDI_TYPE_BS ? FRIBIDI_TYPE_SS : ref->ctypes[i];
  fribidi_get_bracket_types(cps, (FriBidiStrIndex)ref->n, ref->ctypes, brackets);
  ref->dir = FRIBIDI_PAR_ON;
  g_assert_cmpint(fribidi_get_par_embedding_levels_ex(ref->ctypes, brackets,
                                                      (FriBidiStrIndex)ref->n, &ref->dir,
                                                      ref->clevels),
                  >, 0);
  ref->levels = g_new(FriBidiLevel, len + 1);
  ref->types = g_new(FriBidiCharType, len + 1);
  ref->starts = g_new0(bool, len + 1);
  for (gsize i = 0; i < ref->n; i++) {
    ref->starts[ref->cstart[i]] = true;
    for (gsize b = ref->cstart[i]; b < ref->cstart[i + 1]; b++) {
      ref->levels[b] = ref->clevels[i];
      ref->types[b] = ref->ctypes[i];
    }
  }
  ref->starts[len] = true;
  g_free(cps);
  g_free(brackets);
}

static void reference_clear(Reference *ref)
{
  g_free(ref->levels);
  g_free(ref->types);
  g_free(ref->starts);
  g_free(ref->ctypes);
  g_free(ref->clevels);
  g_free(ref->cstart);
}

static BidiDirection reference_direction(const Reference *ref)
{
  return ref->dir == FRIBIDI_PAR_RTL ? BIDI_RTL : BIDI_LTR;
}

/* The reference levels of bytes [from, to), with L1 at the line's end when @line_end. */
static FriBidiLevel *reference_line(const Reference *ref, gsize from, gsize to, bool line_end)
{
  FriBidiLevel *want = g_memdup2(ref->levels + from, to - from + 1);
  for (gsize b = to; line_end && b > from; b--) {
    FriBidiCharType t = ref->types[b - 1];
    if (!FRIBIDI_IS_EXPLICIT_OR_SEPARATOR_OR_BN_OR_WS(t) && !FRIBIDI_IS_ISOLATE(t))
      break;
    want[b - 1 - from] = reference_direction(ref);
  }
  return want;
}

/* ---- Checking runs ------------------------------------------------------- */

/* Runs must tile [from, to) in order, none empty, neighbours of different levels;
 * returns their levels per byte. */
static FriBidiLevel *runs_levels(const BidiRun *runs, gsize n, gsize from, gsize to)
{
  FriBidiLevel *got = g_new(FriBidiLevel, to - from + 1);
  gsize pos = from;
  for (gsize i = 0; i < n; i++) {
    g_assert_cmpuint(runs[i].start, ==, pos);
    g_assert_cmpuint(runs[i].end, >, runs[i].start);
    if (i > 0)
      g_assert_cmpuint(runs[i].level, !=, runs[i - 1].level);
    memset(got + (runs[i].start - from), runs[i].level, runs[i].end - runs[i].start);
    pos = runs[i].end;
  }
  g_assert_cmpuint(pos, ==, to);
  return got;
}

static void assert_levels_equal(const Reference *ref, const char *text, gsize from, gsize to,
                                const FriBidiLevel *got, const FriBidiLevel *want)
{
  for (gsize b = 0; b < to - from; b++) {
    if (got[b] == want[b])
      continue;
    g_autofree char *line = g_strndup(text + from, MIN(to - from, 400));
    g_autofree char *para = g_strndup(text, MIN(ref->len, 2000));
    g_autofree char *esc = g_strescape(para, NULL);
    g_error("line [%zu, %zu) \"%s\" of \"%s\" (%zu bytes): byte %zu has level %u, FriBidi says %u",
            from, to, line, esc, ref->len, from + b, got[b], want[b]);
  }
}

/* The visual order FriBidi gives the line's characters (fribidi_reorder_line's
 * map: visual position -> character): walking our runs in our visual order, each
 * must fill the next visual positions with its own characters. */
static void assert_visual_order(const Reference *ref, FriBidiLevel *clevels, const BidiRun *runs,
                                gsize n_runs, gsize from, gsize to)
{
  gsize first = 0, last;
  while (ref->cstart[first] < from)
    first++;
  for (last = first; ref->cstart[last] < to; last++)
    ;
  FriBidiStrIndex *map = g_new(FriBidiStrIndex, ref->n + 1);
  for (gsize i = 0; i < ref->n; i++)
    map[i] = (FriBidiStrIndex)i;
  g_assert_cmpint(fribidi_reorder_line(0, ref->ctypes, (FriBidiStrIndex)(last - first),
                                       (FriBidiStrIndex)first, ref->dir, clevels, NULL, map),
                  >, 0);
  gsize *order = g_new(gsize, n_runs + 1);
  bidi_visual_order(runs, n_runs, order);
  gsize v = first;
  for (gsize k = 0; k < n_runs; k++) {
    const BidiRun *run = &runs[order[k]];
    for (gsize c = 0; c < ref->n; c++) {
      if (ref->cstart[c] < run->start || ref->cstart[c] >= run->end)
        continue;
      gsize at = ref->cstart[(gsize)map[v++]];
      g_assert_cmpuint(at, >=, run->start); /* the run's characters are one block */
      g_assert_cmpuint(at, <, run->end);
    }
  }
  g_assert_cmpuint(v, ==, last);
  g_free(order);
  g_free(map);
}

/* What the comparisons did, over many lines. */
typedef struct {
  BidiWork work;      /* the module's own counters */
  guint lines;        /* lines and ranges compared */
  guint fast;         /* of which resolved without FriBidi */
  guint approximated; /* of which not compared: the module counted an approximation */
} Checked;

/* Resolves [from, to) as a line (or a range), compares it with the reference when
 * no approximation was counted; returns whether it was exact. */
static bool check_line(const Reference *ref, const char *text, const BidiParagraph *para,
                       gsize from, gsize to, bool line_end, Checked *checked)
{
  BidiWork before = checked->work;
  gsize n = 0;
  BidiRun *runs = line_end ? bidi_line_runs(text, ref->len, para, from, to, &n, &checked->work)
                           : bidi_range_runs(text, ref->len, para, from, to, &n, &checked->work);
  FriBidiLevel *got = runs_levels(runs, n, from, to);
  bool exact = checked->work.approximations == before.approximations;
  checked->lines++;
  checked->fast += checked->work.fribidi_calls == before.fribidi_calls;
  checked->approximated += !exact;
  if (exact) {
    FriBidiLevel *want = reference_line(ref, from, to, line_end);
    assert_levels_equal(ref, text, from, to, got, want);
    g_free(want);
  }
  if (exact && line_end && from < to) {
    FriBidiLevel *clevels = g_memdup2(ref->clevels, ref->n + 1);
    for (gsize c = 0; c < ref->n; c++) /* with L1 as UAX #9 has it (isolates too) */
      if (ref->cstart[c] >= from && ref->cstart[c] < to)
        clevels[c] = got[ref->cstart[c] - from];
    assert_visual_order(ref, clevels, runs, n, from, to);
    g_free(clevels);
  }
  g_free(got);
  g_free(runs);
  return exact;
}

static int compare_offsets(const void *a, const void *b)
{
  gsize x = *(const gsize *)a, y = *(const gsize *)b;
  return x < y ? -1 : x > y;
}

/* Splits the paragraph into lines at random character starts and checks each; the
 * same for one random range without L1. Returns the lines that were approximated. */
static guint check_paragraph(const char *text, gsize len, GRand *rand, guint cuts, Checked *checked)
{
  Reference ref;
  reference_init(&ref, text, len);
  BidiParagraph para = bidi_paragraph_analyze(text, len, NULL);
  g_assert_cmpint(para.direction, ==, reference_direction(&ref));
  gsize *at = g_new(gsize, cuts + 2);
  at[0] = 0;
  for (guint i = 1; i <= cuts; i++)
    at[i] = ref.cstart[g_rand_int_range(rand, 0, (gint32)ref.n + 1)];
  at[cuts + 1] = len;
  qsort(at, cuts + 2, sizeof(gsize), compare_offsets);
  guint approximated = 0;
  /* the same lines twice: resolving what explicit controls reach over the whole
   * paragraph each time, then reading the paragraph's levels resolved once */
  g_autofree guint8 *levels = bidi_paragraph_levels(text, len, &para, NULL);
  for (int pass = 0; pass < (levels != NULL ? 2 : 1); pass++) {
    para.levels = pass == 1 ? levels : NULL;
    for (guint i = 0; i <= cuts; i++)
      approximated += !check_line(&ref, text, &para, MIN(at[i], at[i + 1]), MAX(at[i], at[i + 1]),
                                  true, checked);
    approximated += !check_line(&ref, text, &para, MIN(at[1], at[cuts]), MAX(at[1], at[cuts]),
                                false, checked);
  }
  g_free(at);
  reference_clear(&ref);
  return approximated;
}

/* Levels of a line as one string of digits per byte of each character: "0001". */
static char *line_levels(const char *text, const BidiParagraph *para, gsize from, gsize to,
                         BidiWork *work)
{
  gsize n = 0, len = strlen(text);
  BidiRun *runs = bidi_line_runs(text, len, para, from, to, &n, work);
  GString *s = g_string_new(NULL);
  for (gsize i = 0; i < n; i++) {
    for (gsize pos = runs[i].start; pos < runs[i].end; pos = g_utf8_next_char(text + pos) - text)
      g_string_append_c(s, (char)('0' + runs[i].level));
  }
  g_free(runs);
  return g_string_free(s, FALSE);
}

/* ---- The fast check --------------------------------------------------------- */

static void test_needed_english(void)
{
  const char *en = "The quick brown fox (jumps) over 12 lazy dogs; \"it's\" 3.5% [done].  ";
  gsize len = strlen(en), n = 0;
  BidiWork work = {0};
  g_assert_false(bidi_needed(en, len, &work));
  BidiParagraph para = bidi_paragraph_analyze(en, len, &work);
  g_assert_cmpint(para.direction, ==, BIDI_LTR);
  g_assert_cmpuint(para.explicit_at, ==, G_MAXSIZE);
  g_autofree BidiRun *runs = bidi_line_runs(en, len, &para, 4, 40, &n, &work);
  g_assert_cmpuint(n, ==, 1);
  g_assert_cmpuint(runs[0].start, ==, 4);
  g_assert_cmpuint(runs[0].end, ==, 40);
  g_assert_cmpuint(runs[0].level, ==, 0);
  g_assert_cmpuint(work.fribidi_calls, ==, 0);
  g_assert_cmpuint(work.bytes_resolved, ==, 0);
}

/* Latin with accents, Greek, Cyrillic, CJK, emoji, U+0000 and raw bytes: no
 * code point of a right-to-left block, so no lookup in FriBidi either. */
static void test_needed_other_scripts(void)
{
  static const char text[] =
      "Caf\xc3\xa9 \xce\xb1\xce\xb2 \xd0\xb4\xd0\xb0 \xe4\xb8\xad\xe6\x96\x87 "
      "\xf0\x9f\x98\x80 \xe2\x80\x99 \0 \xf4\x8f\xbd\x81 end";
  BidiWork work = {0};
  g_assert_false(bidi_needed(text, sizeof text - 1, &work));
  g_assert_cmpuint(work.fribidi_calls, ==, 0);
  g_assert_cmpuint(work.bytes_scanned, ==, sizeof text - 1);
}

static void test_needed_rtl(void)
{
  static const char *const yes[] = {
      "x \xd7\xa9",       "\xd8\xb9",     "\xdc\x90",     "\xde\x80",     "\xdf\x8a",
      "\xe0\xa0\x80",     "\xe0\xa1\x80", "\xef\xad\x90", "\xef\xbb\xb5", "\xf0\x90\xa4\x80",
      "\xf0\x9e\xa4\x80", "1 \xd9\xa3",   "\xe2\x80\x8e", "\xe2\x80\x8f", "\xd8\x9c",
      "\xe2\x80\xab",     "\xe2\x81\xa7", "\xe2\x81\xa9",
  }; /* Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, presentation forms A
      * and B, Phoenician, Adlam, an Arabic-Indic digit, LRM, RLM, ALM, RLE, RLI, PDI */
  for (gsize i = 0; i < G_N_ELEMENTS(yes); i++)
    g_assert_true(bidi_needed(yes[i], strlen(yes[i]), NULL));
  g_assert_false(bidi_needed("\xd6\x80 \xd6\x91", 2, NULL)); /* U+0580 Armenian: no */
  g_assert_true(bidi_needed("\xd6\x80 \xd7\x90", 5, NULL));
}

/* Every code point: bidi_needed() on it alone says what FriBidi's class says, and
 * code points below U+0590 never reach FriBidi. */
static void test_needed_all_code_points(void)
{
  for (gunichar cp = 0; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue;
    char buf[8];
    gsize n = (gsize)g_unichar_to_utf8(cp, buf);
    FriBidiCharType t = fribidi_get_bidi_type(cp);
    bool want = t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL || t == FRIBIDI_TYPE_AN ||
                FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t) || cp == 0x200E;
    BidiWork work = {0};
    if (bidi_needed(buf, n, &work) != want)
      g_error("U+%04X: bidi_needed says %d, FriBidi's class %s", cp, !want,
              fribidi_get_bidi_type_name(t));
    if (cp < 0x590)
      g_assert_cmpuint(work.fribidi_calls, ==, 0);
  }
}

/* ---- Direction ------------------------------------------------------------ */

static void test_direction(void)
{
  gsize end = 0;
  g_assert_cmpint(bidi_direction("abc", 3, &end, NULL), ==, BIDI_LTR);
  g_assert_cmpuint(end, ==, 1);
  g_assert_cmpint(bidi_direction("12 \xd7\xa9\xd7\x9c", 7, &end, NULL), ==, BIDI_RTL);
  g_assert_cmpuint(end, ==, 5);
  g_assert_cmpint(bidi_direction("\xd8\xb9 abc", 6, NULL, NULL), ==, BIDI_RTL);
  g_assert_cmpint(bidi_direction("123 ... !", 9, &end, NULL), ==, BIDI_LTR);
  g_assert_cmpuint(end, ==, G_MAXSIZE);
  /* P2 skips what an isolate holds, and an embedding control is not strong */
  const char *iso = "\xe2\x81\xa6"
                    "abc"
                    "\xe2\x81\xa9"
                    " \xd7\xa9";
  g_assert_cmpint(bidi_direction(iso, strlen(iso), NULL, NULL), ==, BIDI_RTL);
  const char *rle = "\xe2\x80\xab"
                    "abc";
  g_assert_cmpint(bidi_direction(rle, strlen(rle), NULL, NULL), ==, BIDI_LTR);
  const char *open = "\xe2\x81\xa7"
                     "abc";
  g_assert_cmpint(bidi_direction(open, strlen(open), &end, NULL), ==, BIDI_LTR);
  g_assert_cmpuint(end, ==, G_MAXSIZE);
}

/* ---- Hand-made paragraphs --------------------------------------------------- */

/* "שלום world 123 עולם": right-to-left; "world 123" at level 2 (the digits follow
 * an L, so W7 makes them L), the spaces around it at 1; shown right to left. */
static void test_hebrew_english_numbers(void)
{
  const char *text = "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d world 123 \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d";
  gsize len = strlen(text), n = 0, order[3];
  BidiWork work = {0};
  BidiParagraph para = bidi_paragraph_analyze(text, len, &work);
  g_assert_cmpint(para.direction, ==, BIDI_RTL);
  g_autofree BidiRun *runs = bidi_line_runs(text, len, &para, 0, len, &n, &work);
  g_assert_cmpuint(n, ==, 3);
  g_assert_cmpuint(runs[0].end, ==, 9); /* "שלום " */
  g_assert_cmpuint(runs[0].level, ==, 1);
  g_assert_cmpuint(runs[1].end, ==, 18); /* "world 123" */
  g_assert_cmpuint(runs[1].level, ==, 2);
  g_assert_cmpuint(runs[2].level, ==, 1); /* " עולם" */
  bidi_visual_order(runs, n, order);
  g_assert_cmpuint(order[0], ==, 2);
  g_assert_cmpuint(order[1], ==, 1);
  g_assert_cmpuint(order[2], ==, 0);
  g_autofree char *levels = line_levels(text, &para, 0, len, NULL);
  g_assert_cmpstr(levels, ==, "1111122222222211111");
  GRand *rand = g_rand_new_with_seed(1);
  Checked checked = {{0}, 0, 0, 0};
  g_assert_cmpuint(check_paragraph(text, len, rand, 0, &checked), ==, 0);
  g_rand_free(rand);
}

/* Arabic with guillemets and parentheses: « » are plain neutrals, ( ) a bracket
 * pair; the digits after Arabic letters become AN (W2): level 2. */
static void test_arabic_quotes_parentheses(void)
{
  const char *text = "\xd9\x82\xd8\xa7\xd9\x84 \xc2\xab\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"
                     "\xc2\xbb (123) \xd9\x84\xd9\x84\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85";
  gsize len = strlen(text), n = 0, order[3];
  BidiParagraph para = bidi_paragraph_analyze(text, len, NULL);
  g_assert_cmpint(para.direction, ==, BIDI_RTL);
  g_autofree char *levels = line_levels(text, &para, 0, len, NULL);
  g_assert_cmpstr(levels, ==, "111111111111122211111111");
  g_autofree BidiRun *runs = bidi_line_runs(text, len, &para, 0, len, &n, NULL);
  g_assert_cmpuint(n, ==, 3);
  bidi_visual_order(runs, n, order);
  g_assert_cmpuint(order[0], ==, 2);
  g_assert_cmpuint(order[2], ==, 0);
  /* a left-to-right paragraph: "(abc)" around Arabic takes L from its inside */
  const char *mixed = "see (\xd9\x85\xd8\xb1 abc) \xd9\x85\xd8\xb1!";
  BidiParagraph p2 = bidi_paragraph_analyze(mixed, strlen(mixed), NULL);
  g_autofree char *l2 = line_levels(mixed, &p2, 0, strlen(mixed), NULL);
  g_assert_cmpstr(l2, ==, "0000011000000110");
}

static void test_latin_with_hebrew_word(void)
{
  const char *text = "The word \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d means peace.";
  gsize len = strlen(text), n = 0, order[3];
  BidiParagraph para = bidi_paragraph_analyze(text, len, NULL);
  g_assert_cmpint(para.direction, ==, BIDI_LTR);
  g_autofree BidiRun *runs = bidi_line_runs(text, len, &para, 0, len, &n, NULL);
  g_assert_cmpuint(n, ==, 3);
  g_assert_cmpuint(runs[1].start, ==, 9);
  g_assert_cmpuint(runs[1].end, ==, 17);
  g_assert_cmpuint(runs[1].level, ==, 1);
  bidi_visual_order(runs, n, order);
  g_assert_cmpuint(order[0], ==, 0);
  g_assert_cmpuint(order[1], ==, 1);
  g_assert_cmpuint(order[2], ==, 2);
}

/* European digits keep their order inside right-to-left text (level 2), and so
 * does a decimal number; Arabic-Indic digits are AN (level 2, even in LTR text). */
static void test_numbers_in_rtl(void)
{
  const char *he = "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d 123 \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d 1.5%";
  BidiParagraph para = bidi_paragraph_analyze(he, strlen(he), NULL);
  g_autofree char *l1 = line_levels(he, &para, 0, strlen(he), NULL);
  g_assert_cmpstr(l1, ==, "111112221111112222");
  const char *an = "abc \xd9\xa1\xd9\xa2\xd9\xa3 def";
  para = bidi_paragraph_analyze(an, strlen(an), NULL);
  g_assert_cmpint(para.direction, ==, BIDI_LTR);
  g_autofree char *l2 = line_levels(an, &para, 0, strlen(an), NULL);
  g_assert_cmpstr(l2, ==, "00002220000");
}

/* L1: trailing white space at a line's end takes the paragraph level, and so do a
 * tab and the spaces before it; as a range (not a line's end) it does not. */
static void test_l1_trailing_spaces(void)
{
  const char *text = "\xd7\x90\xd7\x91 abc   def\t \xd7\x90";
  gsize len = strlen(text);
  BidiParagraph para = bidi_paragraph_analyze(text, len, NULL);
  g_assert_cmpint(para.direction, ==, BIDI_RTL);
  g_autofree char *line = line_levels(text, &para, 0, 11, NULL); /* "אב abc   " */
  g_assert_cmpstr(line, ==, "111222111");
  gsize n = 0;
  g_autofree BidiRun *range = bidi_range_runs(text, len, &para, 0, 11, &n, NULL);
  g_assert_cmpuint(n, ==, 2);
  g_assert_cmpuint(range[1].level, ==, 2); /* between abc and def: L */
  g_autofree char *whole = line_levels(text, &para, 0, len, NULL);
  g_assert_cmpstr(whole, ==, "111222222222111");
  /* a paragraph separator inside a paragraph is resolved as a tab is */
  const char *sep = "\xd7\x90\xe2\x80\xa9\xd7\x91 x";
  BidiParagraph p2 = bidi_paragraph_analyze(sep, strlen(sep), NULL);
  g_autofree char *l2 = line_levels(sep, &p2, 0, strlen(sep), NULL);
  g_assert_cmpstr(l2, ==, "11112");
}

/* RLE..PDF and RLI..PDI across two lines: the whole paragraph is resolved; a
 * balanced isolate far before the line costs no whole pass. */
static void test_explicit_spanning_lines(void)
{
  static const char *const texts[] = {
      "abc \xe2\x80\xab"
      "def ghi \xd7\x90 jkl\xe2\x80\xac mno",
      "abc \xe2\x81\xa7"
      "def 12 ghi\xe2\x81\xa9 mno",
      "\xd7\x90 \xe2\x80\xaa"
      "def \xd7\x91\xd7\x92 ghi\xe2\x80\xac \xd7\x93",
  };
  GRand *rand = g_rand_new_with_seed(7);
  for (gsize i = 0; i < G_N_ELEMENTS(texts); i++) {
    Checked checked = {{0}, 0, 0, 0};
    gsize len = strlen(texts[i]);
    BidiParagraph para = bidi_paragraph_analyze(texts[i], len, NULL);
    g_assert_cmpuint(para.explicit_at, <, len);
    gsize mid = (gsize)(strchr(texts[i], 'g') - texts[i]); /* inside the embedding */
    Reference ref;
    reference_init(&ref, texts[i], len);
    g_assert_true(check_line(&ref, texts[i], &para, 0, mid, true, &checked));
    g_assert_true(check_line(&ref, texts[i], &para, mid, len, true, &checked));
    g_assert_cmpuint(checked.work.whole_paragraphs, ==, 2);
    reference_clear(&ref);
    g_assert_cmpuint(check_paragraph(texts[i], len, rand, 3, &checked), ==, 0);
  }
  g_rand_free(rand);
  GString *far = g_string_new("x \xe2\x81\xa7\xd7\x90\xe2\x81\xa9 ");
  for (int i = 0; i < 200; i++)
    g_string_append(far, "plain words ");
  g_string_append(far, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d 42 end");
  Checked checked = {{0}, 0, 0, 0};
  BidiParagraph para = bidi_paragraph_analyze(far->str, far->len, NULL);
  Reference ref;
  reference_init(&ref, far->str, far->len);
  g_assert_true(check_line(&ref, far->str, &para, far->len - 30, far->len, true, &checked));
  g_assert_cmpuint(checked.work.whole_paragraphs, ==, 0);
  g_assert_cmpuint(checked.work.bytes_resolved, <, 100);
  reference_clear(&ref);
  g_string_free(far, TRUE);
}

/* A bracket pair across a line start: "(abc אב) אב" in an LTR paragraph; the line
 * "אב) אב" alone would make ")" R, the pair makes it L. Widening finds "(" when it
 * is near, and counts an approximation when it is farther than BIDI_CONTEXT_MAX. */
static void test_brackets_across_lines(void)
{
  for (int far = 0; far < 2; far++) {
    GString *s = g_string_new("start (abc ");
    for (int i = 0; i < (far ? 3000 : 30); i++)
      g_string_append(s, "x y z ");
    g_string_append(s, "\xd7\x90\xd7\x91) \xd7\x90\xd7\x91 end");
    gsize from = s->len - 14; /* the line "אב) אב end" */
    BidiWork work = {0};
    BidiParagraph para = bidi_paragraph_analyze(s->str, s->len, &work);
    g_autofree char *levels = line_levels(s->str, &para, from, s->len, &work);
    g_assert_cmpstr(levels, ==, far ? "1111110000" : "1100110000");
    g_assert_cmpuint(work.approximations, ==, far ? 1 : 0);
    g_assert_cmpuint(work.bytes_resolved, <=, 14 + 2 * BIDI_CONTEXT_MAX);
    g_string_free(s, TRUE);
  }
}

/* What bidi.h says is not detected: after 63 brackets left open, FriBidi (as BD16
 * says) pairs no more brackets in the paragraph; a window after them still pairs
 * its own. "abc (גד) אב": paired, ")" is L (0); unpaired, it is R (1). */
static void test_bracket_stack_limit(void)
{
  GString *s = g_string_new(NULL);
  for (int i = 0; i < 70; i++)
    g_string_append(s, "(x ");
  gsize from = s->len;
  g_string_append(s, "abc (\xd7\x92\xd7\x93) \xd7\x90\xd7\x91");
  BidiParagraph para = bidi_paragraph_analyze(s->str, s->len, NULL);
  BidiWork work = {0};
  g_autofree char *levels = line_levels(s->str, &para, from, s->len, &work);
  g_assert_cmpstr(levels, ==, "00000110011");
  g_assert_cmpuint(work.approximations, ==, 0);
  Reference ref;
  reference_init(&ref, s->str, s->len);
  g_assert_cmpuint(ref.levels[s->len - 6], ==, 1); /* FriBidi's ")" */
  reference_clear(&ref);
  g_string_free(s, TRUE);
}

/* ---- Visual order ------------------------------------------------------------ */

static void assert_order(const uint8_t *levels, gsize n, const gsize *want)
{
  BidiRun runs[8];
  gsize order[8];
  for (gsize i = 0; i < n; i++)
    runs[i] = (BidiRun){i, i + 1, levels[i]};
  bidi_visual_order(runs, n, order);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpuint(order[i], ==, want[i]);
}

static void test_visual_order(void)
{
  assert_order((const uint8_t[]){0, 1, 2, 1, 0}, 5, (const gsize[]){0, 3, 2, 1, 4});
  assert_order((const uint8_t[]){1, 3, 2, 1}, 4, (const gsize[]){3, 1, 2, 0});
  assert_order((const uint8_t[]){0, 2, 0}, 3, (const gsize[]){0, 1, 2});
  assert_order((const uint8_t[]){2, 1, 2}, 3, (const gsize[]){2, 1, 0});
  assert_order((const uint8_t[]){1}, 1, (const gsize[]){0});
  bidi_visual_order(NULL, 0, NULL);
}

/* ---- A 10 MB line -------------------------------------------------------------- */

static char *long_line(gsize size, gsize *hebrew_at)
{
  GString *s = g_string_sized_new(size + 64);
  while (s->len < size / 2)
    g_string_append(s, "lorem ipsum dolor sit amet, (consectetur) adipiscing 1234. ");
  *hebrew_at = s->len;
  g_string_append(s, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d ");
  while (s->len < size)
    g_string_append(s, "lorem ipsum dolor sit amet, (consectetur) adipiscing 1234. ");
  return g_string_free(s, FALSE);
}

static void test_long_line(void)
{
  gsize at = 0, len, n = 0;
  g_autofree char *text = long_line(10u << 20, &at);
  len = strlen(text);
  BidiParagraph para = bidi_paragraph_analyze(text, len, NULL);
  g_assert_cmpint(para.direction, ==, BIDI_LTR);
  gsize from = len / 4 - len / 4 % 59, to = from + 80; /* a line far from the Hebrew */
  BidiWork work = {0};
  gint64 t0 = g_get_monotonic_time();
  g_autofree BidiRun *runs = bidi_line_runs(text, len, &para, from, to, &n, &work);
  gint64 t1 = g_get_monotonic_time();
  g_test_message("a line of a 10 MB paragraph: %" G_GINT64_FORMAT " us, %zu bytes scanned", t1 - t0,
                 work.bytes_scanned);
  g_assert_cmpuint(n, ==, 1);
  g_assert_cmpuint(work.fribidi_calls, ==, 0);
  g_assert_cmpuint(work.bytes_scanned, <=, to - from + 16);
  BidiWork near = {0};
  t0 = g_get_monotonic_time();
  g_autofree BidiRun *hr = bidi_line_runs(text, len, &para, at - 40, at + 40, &n, &near);
  t1 = g_get_monotonic_time();
  g_test_message("the line with the Hebrew word: %" G_GINT64_FORMAT " us, %zu bytes resolved, "
                 "%zu scanned",
                 t1 - t0, near.bytes_resolved, near.bytes_scanned);
  g_assert_cmpuint(n, ==, 3);
  g_assert_cmpuint(hr[1].start, ==, at);
  g_assert_cmpuint(hr[1].end, ==, at + 8);
  g_assert_cmpuint(hr[1].level, ==, 1);
  g_assert_cmpuint(near.bytes_resolved, <=, 80 + 2 * BIDI_CONTEXT_MAX);
  g_assert_cmpuint(near.bytes_scanned, <=, 8 * (80 + 2 * BIDI_CONTEXT_MAX));
  g_assert_cmpuint(near.whole_paragraphs + near.approximations, ==, 0);
}

/* Typing into the 10 MB line keeps the paragraph's facts for the cost of the
 * inserted bytes; a control typed and deleted again is found and forgotten. */
static void test_long_line_edit(void)
{
  gsize at = 0;
  char *text = long_line(10u << 20, &at);
  gsize len = strlen(text);
  BidiParagraph para = bidi_paragraph_analyze(text, len, NULL);
  GString *s = g_string_new(text);
  g_free(text);
  BidiWork work = {0};
  g_string_insert(s, (gssize)(len / 3), "x");
  bidi_paragraph_edited(&para, s->str, s->len, len / 3, 0, 1, &work);
  g_assert_cmpuint(work.bytes_scanned, <=, 1);
  g_string_insert(s, (gssize)(len / 3), "\xe2\x81\xa7");
  bidi_paragraph_edited(&para, s->str, s->len, len / 3, 0, 3, &work);
  g_assert_cmpuint(para.explicit_at, ==, len / 3);
  g_string_erase(s, (gssize)(len / 3), 3);
  bidi_paragraph_edited(&para, s->str, s->len, len / 3, 3, 0, &work);
  g_assert_cmpuint(para.explicit_at, ==, G_MAXSIZE);
  g_string_free(s, TRUE);
}

/* ---- Random paragraphs ----------------------------------------------------------- */

static const char *const TOKENS[] = {
    "a",
    "b",
    "Z",
    " ",
    "  ",
    "\t",
    "1",
    "2",
    "9",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "-",
    "+",
    ",",
    ".",
    "\xcc\x80",
    "\xe2\x80\x99",
    "\xc3\xa9",
    "%", /* the LATIN ones */
    "\xd9\xa3",
    "\xdb\xb5",
    "\xd7\x90",
    "\xd7\x91",
    "\xd7\xa9",
    "\xd8\xb9",
    "\xd9\x85",
    "\xdc\x90",
    "\xc2\xab",
    "\xc2\xbb",
    ":",
    "/",
    "$",
    "#",
    "!",
    "?",
    "\"",
    "'",
    "\xd9\x8b",
    "\xd6\xb4",
    "\xe2\x80\x8f",
    "\xe2\x80\x8e",
    "\xd8\x9c",
    "\xc2\xa0",
    "\xe2\x80\x8d",
    "\xe4\xb8\xad",
    "\xf0\x9f\x98\x80",
    "\xf4\x8f\xbd\x81",
    "\x0b",
    "\x1f",
    "\x7f",
    "\xe2\x81\x85",
    "\xe2\x81\x86",
    "\xe3\x80\x88",
    "\xe3\x80\x89",
    "\xe2\x8c\xa9",
    "\xe2\x8c\xaa",
    "\xe2\x80\xa9",
    "\xc2\x85",
};
static const char *const CONTROLS[] = {
    "\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
    "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9",
};

/* The first LATIN tokens of TOKENS are left-to-right text and its punctuation. */
#define LATIN 23

/* @tokens random tokens; @controls adds explicit controls, @latin makes nine in
 * ten tokens Latin (so that lines take the left-to-right fast path). */
static GString *random_paragraph(GRand *rand, guint tokens, bool controls, bool latin)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < tokens; i++) {
    if (controls && g_rand_int_range(rand, 0, 20) == 0)
      g_string_append(s, CONTROLS[g_rand_int_range(rand, 0, G_N_ELEMENTS(CONTROLS))]);
    else if (g_rand_int_range(rand, 0, 200) == 0)
      g_string_append_c(s, '\0');
    else if (latin && g_rand_int_range(rand, 0, 10) > 0)
      g_string_append(s, TOKENS[g_rand_int_range(rand, 0, LATIN)]);
    else
      g_string_append(s, TOKENS[g_rand_int_range(rand, 0, G_N_ELEMENTS(TOKENS))]);
  }
  return s;
}

static void test_random(void)
{
  GRand *rand = g_rand_new_with_seed(test_seed());
  Checked checked = {{0}, 0, 0, 0};
  for (int i = 0; i < 4000; i++) {
    GString *s = random_paragraph(rand, (guint)g_rand_int_range(rand, 1, 120), i % 3 == 0,
                                  i % 2 == 0);
    check_paragraph(s->str, s->len, rand, 4, &checked);
    g_string_free(s, TRUE);
  }
  g_test_message("random: %u lines, %u without FriBidi, %u whole-paragraph passes, "
                 "%u approximations",
                 checked.lines, checked.fast, checked.work.whole_paragraphs, checked.approximated);
  g_assert_cmpuint(checked.approximated, ==, 0);
  g_assert_cmpuint(checked.fast, >, 0);
  g_rand_free(rand);
}

/* Long random paragraphs (some 50 KB) with long runs of Latin and brackets: some
 * windows reach BIDI_CONTEXT_MAX, and every line that counts no approximation is
 * still exact. */
static void test_random_long(void)
{
  GRand *rand = g_rand_new_with_seed(test_seed() + 1);
  Checked checked = {{0}, 0, 0, 0};
  for (int i = 0; i < 6; i++) {
    GString *s = random_paragraph(rand, 300, false, false);
    for (int k = 0; k < 4; k++) {
      for (int j = 0; j < 2500; j++)
        g_string_append(s, j % 7 == 0       ? "(12 w) "
                           : j % 500 == 1   ? "["
                           : j % 500 == 251 ? "] "
                                            : "word ");
      GString *tail = random_paragraph(rand, 100, false, i % 2 == 0);
      g_string_append_len(s, tail->str, (gssize)tail->len);
      g_string_free(tail, TRUE);
    }
    check_paragraph(s->str, s->len, rand, 40, &checked);
    g_string_free(s, TRUE);
  }
  g_test_message("long: %u lines, %u without FriBidi, %u approximated (not compared)",
                 checked.lines, checked.fast, checked.approximated);
  g_assert_cmpuint(checked.approximated, <, checked.lines / 2);
  g_rand_free(rand);
}

/* A long paragraph with an explicit control: with its levels resolved once,
 * its lines make no FriBidi call and read as many bytes as they hold, where
 * without them every line resolved the whole paragraph; the runs are the same. */
static void test_paragraph_levels(void)
{
  GString *s = g_string_new("\xE2\x80\xAB"); /* RLE */
  for (int i = 0; i < 400; i++)
    g_string_append(s, i % 9 ? "word " : "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D ");
  g_string_append(s, "\xE2\x80\xAC end"); /* PDF */
  BidiParagraph para = bidi_paragraph_analyze(s->str, s->len, NULL);
  g_autofree guint8 *levels = bidi_paragraph_levels(s->str, s->len, &para, NULL);
  g_assert_nonnull(levels);
  BidiWork whole = {0}, read = {0};
  for (gsize from = 0; from + 60 <= s->len; from += 60) {
    gsize to = from + 60;
    while (((guchar)s->str[from] & 0xC0) == 0x80)
      from++;
    while (to < s->len && ((guchar)s->str[to] & 0xC0) == 0x80)
      to++;
    gsize n1, n2;
    para.levels = NULL;
    BidiRun *a = bidi_line_runs(s->str, s->len, &para, from, to, &n1, &whole);
    para.levels = levels;
    BidiRun *b = bidi_line_runs(s->str, s->len, &para, from, to, &n2, &read);
    g_assert_cmpuint(n1, ==, n2); /* field by field: a BidiRun has padding */
    for (gsize i = 0; i < n1; i++) {
      g_assert_cmpuint(a[i].start, ==, b[i].start);
      g_assert_cmpuint(a[i].end, ==, b[i].end);
      g_assert_cmpuint(a[i].level, ==, b[i].level);
    }
    g_free(a);
    g_free(b);
  }
  g_assert_cmpuint(whole.whole_paragraphs, >, 20);
  g_assert_cmpuint(read.fribidi_calls, <, whole.fribidi_calls / 10);
  g_assert_cmpuint(read.bytes_resolved, ==, 0);
  g_string_free(s, TRUE);
}

/* Every ASCII character in contexts where its class decides the levels (ET or ON
 * next to numbers, CS or ES between Arabic numbers, S or WS at a line's end, BN
 * or ON between letters): bidi.c classifies ASCII itself, FriBidi the reference. */
static void test_ascii(void)
{
  static const char *const around[][2] = {
      {"\xd7\x90 1", "2 \xd7\x91"},
      {"\xd8\xb9 1", "2 \xd8\xb9"},
      {"a ", " \xd7\x90"},
      {"\xd7\x90", "\xd7\x91 x"},
      {"\xd7\x90 ", "1"},
      {"\xd7\x90 x", ""},
      {"1", "\xd7\x90"},
  };
  GRand *rand = g_rand_new_with_seed(test_seed() + 4);
  Checked checked = {{0}, 0, 0, 0};
  for (int c = 0; c < 0x80; c++) {
    for (gsize k = 0; k < G_N_ELEMENTS(around); k++) {
      GString *s = g_string_new(around[k][0]);
      g_string_append_c(s, (char)c);
      g_string_append(s, around[k][1]);
      check_paragraph(s->str, s->len, rand, 2, &checked);
      g_string_free(s, TRUE);
    }
  }
  g_assert_cmpuint(checked.approximated, ==, 0);
  g_rand_free(rand);
}

/* ---- Edits -------------------------------------------------------------------------- */

static void test_paragraph_edited(void)
{
  GRand *rand = g_rand_new_with_seed(test_seed() + 2);
  for (int i = 0; i < 2000; i++) {
    GString *s = random_paragraph(rand, (guint)g_rand_int_range(rand, 0, 30), true, i % 2 == 0);
    BidiParagraph para = bidi_paragraph_analyze(s->str, s->len, NULL);
    Reference ref;
    reference_init(&ref, s->str, s->len);
    gsize a = ref.cstart[g_rand_int_range(rand, 0, (gint32)ref.n + 1)];
    gsize b = ref.cstart[g_rand_int_range(rand, 0, (gint32)ref.n + 1)];
    gsize at = MIN(a, b), removed = MAX(a, b) - at;
    reference_clear(&ref);
    GString *ins = random_paragraph(rand, (guint)g_rand_int_range(rand, 0, 4), true, false);
    g_string_erase(s, (gssize)at, (gssize)removed);
    g_string_insert_len(s, (gssize)at, ins->str, (gssize)ins->len);
    bidi_paragraph_edited(&para, s->str, s->len, at, removed, ins->len, NULL);
    BidiParagraph want = bidi_paragraph_analyze(s->str, s->len, NULL);
    g_assert_cmpint(para.direction, ==, want.direction);
    g_assert_cmpuint(para.explicit_at, ==, want.explicit_at);
    g_string_free(ins, TRUE);
    g_string_free(s, TRUE);
  }
  g_rand_free(rand);
}

/* ---- Translation catalogues ----------------------------------------------------------- */

static guint32 mo_word(const guchar *mo, gsize len, gsize at, bool swap)
{
  if (at + 4 > len)
    return 0;
  guint32 w;
  memcpy(&w, mo + at, 4);
  return swap ? GUINT32_SWAP_LE_BE(w) : w;
}

/* Calls @fn on each paragraph (split at NUL and '\n') of each translation of a .mo
 * file: magic 0x950412de, count at 8, the tables of originals and translations at
 * 12 and 16, each entry a (length, offset) pair. */
static void mo_each(const char *path, void (*fn)(const char *, gsize, gpointer), gpointer data)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &contents, &len, NULL) || len < 28)
    return;
  const guchar *mo = (const guchar *)contents;
  bool swap = mo_word(mo, len, 0, false) != 0x950412deu;
  if (swap && mo_word(mo, len, 0, true) != 0x950412deu)
    return;
  guint32 count = mo_word(mo, len, 8, swap), orig = mo_word(mo, len, 12, swap);
  guint32 tr = mo_word(mo, len, 16, swap);
  for (guint32 i = 0; i < count; i++) {
    guint32 olen = mo_word(mo, len, orig + 8 * i, swap);
    guint32 slen = mo_word(mo, len, tr + 8 * i, swap), at = mo_word(mo, len, tr + 8 * i + 4, swap);
    if (olen == 0 || (gsize)at + slen > len || !g_utf8_validate(contents + at, slen, NULL))
      continue;
    for (const char *p = contents + at, *end = p + slen; p < end;) {
      const char *stop = p;
      while (stop < end && *stop != '\n' && *stop != '\0')
        stop++;
      if (stop > p)
        fn(p, (gsize)(stop - p), data);
      p = stop + 1;
    }
  }
}

typedef struct {
  GRand *rand;
  Checked checked;
  guint paragraphs, rtl;
} CatalogueRun;

static void catalogue_paragraph(const char *text, gsize len, gpointer data)
{
  CatalogueRun *run = data;
  run->paragraphs++;
  run->rtl += bidi_needed(text, len, NULL);
  check_paragraph(text, len, run->rand, 3, &run->checked);
}

static void test_catalogues(void)
{
  CatalogueRun run = {g_rand_new_with_seed(test_seed() + 3), {{0}, 0, 0, 0}, 0, 0};
  guint files = 0;
  static const char *const langs[] = {"he", "ar", "fa"};
  for (gsize l = 0; l < G_N_ELEMENTS(langs); l++) {
    g_autofree char *dir_path = g_build_filename("/usr/share/locale", langs[l], "LC_MESSAGES",
                                                 NULL);
    GDir *dir = g_dir_open(dir_path, 0, NULL);
    for (const char *name; dir != NULL && (name = g_dir_read_name(dir)) != NULL;) {
      if (!g_str_has_suffix(name, ".mo"))
        continue;
      g_autofree char *path = g_build_filename(dir_path, name, NULL);
      mo_each(path, catalogue_paragraph, &run);
      files++;
    }
    if (dir != NULL)
      g_dir_close(dir);
  }
  g_rand_free(run.rand);
  if (files == 0) {
    g_test_skip("no Hebrew, Arabic or Persian translation catalogue in /usr/share/locale");
    return;
  }
  g_test_message("%u catalogues, %u paragraphs (%u with right-to-left text), %u lines, "
                 "%u without FriBidi, %u whole passes",
                 files, run.paragraphs, run.rtl, run.checked.lines, run.checked.fast,
                 run.checked.work.whole_paragraphs);
  g_assert_cmpuint(run.rtl, >, 0);
  g_assert_cmpuint(run.checked.approximated, ==, 0);
}

/* ---- Mirroring is HarfBuzz's ---------------------------------------------------------- */

/* DejaVu Sans's file, as the text layer finds it through fontconfig. */
static char *dejavu_sans_path(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  g_assert_no_error(error);
  Typeface *face = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  char *path = g_strdup(typeface_path(face));
  typeface_set_free(set);
  return path;
}

/* The glyph HarfBuzz gives "(" shaped in direction @dir. */
static hb_codepoint_t shaped_paren(hb_font_t *font, hb_direction_t dir)
{
  hb_buffer_t *buf = hb_buffer_create();
  hb_buffer_add_utf8(buf, "(", 1, 0, 1);
  hb_buffer_set_direction(buf, dir);
  hb_buffer_set_script(buf, HB_SCRIPT_HEBREW);
  hb_shape(font, buf, NULL, 0);
  unsigned n = 0;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
  g_assert_cmpuint(n, ==, 1);
  hb_codepoint_t glyph = info[0].codepoint;
  hb_buffer_destroy(buf);
  return glyph;
}

static void test_harfbuzz_mirrors(void)
{
  g_autofree char *path = dejavu_sans_path();
  g_assert_nonnull(path);
  hb_blob_t *blob = hb_blob_create_from_file(path);
  hb_face_t *face = hb_face_create(blob, 0);
  hb_font_t *font = hb_font_create(face);
  hb_codepoint_t open = 0, close = 0;
  g_assert_true(hb_font_get_nominal_glyph(font, '(', &open));
  g_assert_true(hb_font_get_nominal_glyph(font, ')', &close));
  g_assert_cmpuint(open, !=, close);
  g_assert_cmpuint(shaped_paren(font, HB_DIRECTION_LTR), ==, open);
  g_assert_cmpuint(shaped_paren(font, HB_DIRECTION_RTL), ==, close);
  hb_font_destroy(font);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/bidi/needed/english", test_needed_english);
  g_test_add_func("/bidi/needed/other-scripts", test_needed_other_scripts);
  g_test_add_func("/bidi/needed/rtl", test_needed_rtl);
  g_test_add_func("/bidi/needed/all-code-points", test_needed_all_code_points);
  g_test_add_func("/bidi/direction", test_direction);
  g_test_add_func("/bidi/line/hebrew-english-numbers", test_hebrew_english_numbers);
  g_test_add_func("/bidi/line/arabic-quotes-parentheses", test_arabic_quotes_parentheses);
  g_test_add_func("/bidi/line/latin-with-hebrew-word", test_latin_with_hebrew_word);
  g_test_add_func("/bidi/line/numbers-in-rtl", test_numbers_in_rtl);
  g_test_add_func("/bidi/line/l1-trailing-spaces", test_l1_trailing_spaces);
  g_test_add_func("/bidi/line/explicit-spanning-lines", test_explicit_spanning_lines);
  g_test_add_func("/bidi/line/brackets-across-lines", test_brackets_across_lines);
  g_test_add_func("/bidi/line/bracket-stack-limit", test_bracket_stack_limit);
  g_test_add_func("/bidi/line/long-line", test_long_line);
  g_test_add_func("/bidi/paragraph/long-line-edit", test_long_line_edit);
  g_test_add_func("/bidi/paragraph/edited", test_paragraph_edited);
  g_test_add_func("/bidi/visual-order", test_visual_order);
  g_test_add_func("/bidi/fribidi/ascii", test_ascii);
  g_test_add_func("/bidi/fribidi/random", test_random);
  g_test_add_func("/bidi/fribidi/random-long", test_random_long);
  g_test_add_func("/bidi/fribidi/paragraph-levels", test_paragraph_levels);
  g_test_add_func("/bidi/fribidi/catalogues", test_catalogues);
  g_test_add_func("/bidi/harfbuzz-mirrors", test_harfbuzz_mirrors);
  return g_test_run();
}
