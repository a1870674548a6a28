/* test_segment.c — clusters, Backspace, words and line breaks.
 *
 * Hand-picked cases (emoji, flags, keycaps, Indic conjuncts, Thai, decomposed
 * Vietnamese, Hangul, CR LF, raw bytes, Ctrl+arrows, CJK punctuation), then the
 * fast paths against ICU itself on random ASCII, on every short ASCII string
 * (line breaks), on the licences in /usr/share/common-licenses and on C headers
 * in /usr/include, then invariants on real text in many scripts:
 * the translation catalogues (.mo) installed on this machine, read here with a
 * tiny .mo reader, so no generated sample is kept in the tree. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

#include "segment.h"

#define FAMILY \
  "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\xE2\x80\x8D\xF0\x9F" \
  "\x91\xA6"
#define FLAG_JP "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5"
#define KEYCAP_1 "1\xEF\xB8\x8F\xE2\x83\xA3"
#define HEART "\xE2\x9D\xA4\xEF\xB8\x8F"
#define THUMB_MEDIUM "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"
#define KSSA "क्ष"
#define RAW_41 "\xF4\x8F\xBD\x81" /* U+10FF41, the raw byte 0x41 */

static Segmenter *new_segmenter(const SegmenterOptions *options)
{
  g_autoptr(GError) error = NULL;
  Segmenter *seg = segmenter_new(options, &error);
  g_assert_no_error(error);
  g_assert_nonnull(seg);
  return seg;
}

/* Every cluster boundary after 0, walking forward, as an array of gsize. */
static GArray *grapheme_stops(Segmenter *seg, const char *text, gsize len)
{
  GArray *stops = g_array_new(FALSE, FALSE, sizeof(gsize));
  for (gsize at = 0; at < len;) {
    gsize next = segmenter_next_grapheme(seg, text, len, at);
    g_assert_cmpuint(next, >, at);
    g_array_append_val(stops, next);
    at = next;
  }
  return stops;
}

/* The same through a walk. */
static GArray *cluster_walk(Segmenter *seg, const char *text, gsize len, gsize from)
{
  GArray *stops = g_array_new(FALSE, FALSE, sizeof(gsize));
  SegmentWalk walk;
  segmenter_clusters_begin(seg, &walk, text, len, from);
  for (gsize at; segmenter_clusters_next(&walk, &at);)
    g_array_append_val(stops, at);
  return stops;
}

/* Asserts that @text's clusters end exactly at the @n offsets in @want. */
static void assert_clusters(Segmenter *seg, const char *text, const gsize *want, guint n)
{
  g_autoptr(GArray) stops = grapheme_stops(seg, text, strlen(text));
  for (guint i = 0; i < MIN(n, stops->len); i++)
    g_assert_cmpuint(g_array_index(stops, gsize, i), ==, want[i]);
  g_assert_cmpuint(stops->len, ==, n);
}

/* @text is one cluster: no inner stop either way, and Backspace at its end
 * goes back to @backspace_to. */
static void assert_one_cluster(const char *text, gsize backspace_to)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  gsize len = strlen(text);
  g_assert_cmpuint(segmenter_next_grapheme(seg, text, len, 0), ==, len);
  g_assert_cmpuint(segmenter_prev_grapheme(seg, text, len, len), ==, 0);
  for (gsize at = 1; at < len; at++)
    if (((guchar)text[at] & 0xC0) != 0x80)
      g_assert_false(segmenter_is_grapheme(seg, text, len, at));
  g_assert_cmpuint(segmenter_backspace(seg, text, len, len), ==, backspace_to);
}

static void test_family(void)
{
  assert_one_cluster(FAMILY, 0);
}

static void test_flag(void)
{
  assert_one_cluster(FLAG_JP, 0);
  /* two flags are two clusters: regional indicators pair up */
  const char *two = FLAG_JP FLAG_JP;
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  g_assert_cmpuint(segmenter_next_grapheme(seg, two, 16, 0), ==, 8);
  g_assert_cmpuint(segmenter_backspace(seg, two, 16, 16), ==, 8);
}

static void test_keycap(void)
{
  assert_one_cluster(KEYCAP_1, 0);
}

static void test_heart(void)
{
  assert_one_cluster(HEART, 0);
}

static void test_skin_tone(void)
{
  assert_one_cluster(THUMB_MEDIUM, 0);
}

/* GB9c: क्ष and क्षि are one cluster; Backspace takes the last code point only. */
static void test_conjunct(void)
{
  assert_one_cluster(KSSA, strlen("क्"));
  assert_one_cluster(KSSA "ि", strlen(KSSA));
  assert_one_cluster("ক্ষ", strlen("ক্"));                   /* Bengali */
  assert_one_cluster("క్ష", strlen("క్"));                   /* Telugu */
  assert_one_cluster("ക്ഷ", strlen("ക്"));                   /* Malayalam */
  assert_one_cluster("ક્‍ષ", strlen("ક્‍")); /* Gujarati, ZWJ inside */
  /* ZWNJ asks for no conjunct, and a vowel sign ends the consonant's run:
   * both break (as Unicode 15.1 does) */
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const gsize zwnj[] = {strlen("क्‌"), strlen("क्‌ष")};
  assert_clusters(seg, "क्‌ष", zwnj, 2);
  const gsize vowel[] = {strlen("कु्"), strlen("कु्ष")};
  assert_clusters(seg, "कु्ष", vowel, 2);
  assert_one_cluster("क़्ष", strlen("क़्")); /* a nukta (class 7) does not */
  /* Tamil is not among GB9c's scripts: க்ஷ stays two clusters */
  const gsize tamil[] = {strlen("க்"), strlen("க்ஷ")};
  assert_clusters(seg, "க்ஷ", tamil, 2);
}

static void test_hindi(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const gsize want[] = {strlen("हि"), strlen("हिन्दी")}; /* हि · न्दी */
  assert_clusters(seg, "हिन्दी", want, 2);
  gsize len = strlen("हिन्दी");
  g_assert_cmpuint(segmenter_backspace(seg, "हिन्दी", len, len), ==, strlen("हिन्द"));
}

static void test_thai(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *text = "เกี่ยวกับ"; /* เ · กี่ · ย · ว · กั · บ */
  const gsize want[] = {3, 12, 15, 18, 24, 27};
  assert_clusters(seg, text, want, 6);
  g_assert_cmpuint(segmenter_backspace(seg, text, 27, 12), ==, 9); /* only the tone mark */
  g_assert_cmpuint(segmenter_backspace(seg, text, 27, 27), ==, 24);
}

static void test_vietnamese(void)
{
  assert_one_cluster("e\xCC\x82\xCC\x81", 3); /* e U+0302 U+0301: Backspace takes U+0301 */
}

static void test_hangul(void)
{
  assert_one_cluster("한", 0);
  assert_one_cluster("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", 0); /* ᄒ ᅡ ᆫ */
}

static void test_crlf(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *text = "a\r\nb\n\r";
  const gsize want[] = {1, 3, 4, 5, 6};
  assert_clusters(seg, text, want, 5);
  g_assert_false(segmenter_is_grapheme(seg, text, 6, 2));
  g_assert_cmpuint(segmenter_prev_grapheme(seg, text, 6, 3), ==, 1);
  g_assert_cmpuint(segmenter_backspace(seg, text, 6, 3), ==, 1);
}

/* Raw bytes and U+0000 are clusters of their own, even after a prepend mark
 * (U+0600) or before a combining mark. */
static void test_raw_bytes(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char text[] = "\xD8\x80" RAW_41 "\xCC\x81" RAW_41 RAW_41 "x\0\xCC\x81";
  gsize len = sizeof text - 1;
  const gsize want[] = {2, 6, 8, 12, 16, 17, 18, 20};
  g_autoptr(GArray) stops = grapheme_stops(seg, text, len);
  g_assert_cmpuint(stops->len, ==, G_N_ELEMENTS(want));
  for (guint i = 0; i < stops->len; i++) {
    g_assert_cmpuint(g_array_index(stops, gsize, i), ==, want[i]);
    gsize before = i > 0 ? want[i - 1] : 0;
    g_assert_cmpuint(segmenter_prev_grapheme(seg, text, len, want[i]), ==, before);
    g_assert_true(segmenter_is_grapheme(seg, text, len, want[i]));
  }
  g_assert_cmpuint(segmenter_backspace(seg, text, len, 16), ==, 12);
}

/* ICU's own boundaries of @type over @text, after 0 (len included), with the
 * rule status of the segment before each in @rules (may be NULL). */
static GArray *icu_stops(UBreakIteratorType type, const char *locale, const char *text, gsize len,
                         GArray *rules)
{
  UErrorCode status = U_ZERO_ERROR;
  UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &status);
  UBreakIterator *iter = ubrk_open(type, locale, NULL, 0, &status);
  ubrk_setUText(iter, ut, &status);
  g_assert_cmpint(status, <=, U_ZERO_ERROR);
  GArray *stops = g_array_new(FALSE, FALSE, sizeof(gsize));
  ubrk_first(iter);
  for (int32_t at; (at = ubrk_next(iter)) != UBRK_DONE;) {
    gsize offset = (gsize)at;
    int32_t rule = ubrk_getRuleStatus(iter);
    g_array_append_val(stops, offset);
    if (rules != NULL)
      g_array_append_val(rules, rule);
  }
  ubrk_close(iter);
  utext_close(ut);
  return stops;
}

/* Random strings over the bytes the fast paths treat specially. */
static char *random_ascii(GRand *rand, gsize len)
{
  static const char alphabet[] = "aZq09_.',;: \t\r\n\v\f-()[]\"!?/$%#+&*x\x01\x7F";
  char *text = g_malloc(len + 1);
  for (gsize i = 0; i < len; i++)
    text[i] = alphabet[g_rand_int_range(rand, 0, sizeof alphabet - 1)];
  text[len] = 0;
  return text;
}

/* The grapheme fast path gives ICU's answer on ASCII, forward and backward. */
static void test_grapheme_ascii(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed(29);
  for (int round = 0; round < 300; round++) {
    g_autofree char *text = random_ascii(rand, 40);
    g_autoptr(GArray) ours = grapheme_stops(seg, text, 40);
    g_autoptr(GArray) icu = icu_stops(UBRK_CHARACTER, "", text, 40, NULL);
    g_assert_cmpmem(ours->data, ours->len * sizeof(gsize), icu->data, icu->len * sizeof(gsize));
    for (guint i = 1; i < ours->len; i++) {
      gsize at = g_array_index(ours, gsize, i);
      g_assert_cmpuint(segmenter_prev_grapheme(seg, text, 40, at), ==,
                       g_array_index(ours, gsize, i - 1));
    }
  }
}

/* Ctrl+Right stops from 0 to the end. */
static GArray *word_end_stops(Segmenter *seg, const char *text, gsize len)
{
  GArray *stops = g_array_new(FALSE, FALSE, sizeof(gsize));
  for (gsize at = 0; at < len;) {
    gsize next = segmenter_next_word_end(seg, text, len, at);
    g_assert_cmpuint(next, >, at);
    g_array_append_val(stops, next);
    at = next;
  }
  return stops;
}

static void assert_word_ends(Segmenter *seg, const char *text, const gsize *want, guint n)
{
  g_autoptr(GArray) stops = word_end_stops(seg, text, strlen(text));
  for (guint i = 0; i < MIN(n, stops->len); i++)
    g_assert_cmpuint(g_array_index(stops, gsize, i), ==, want[i]);
  g_assert_cmpuint(stops->len, ==, n);
}

static void test_word_hello(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *text = "hello, world";
  const gsize ends[] = {5, 12};
  assert_word_ends(seg, text, ends, 2);
  g_assert_cmpuint(segmenter_next_word_end(seg, text, 12, 2), ==, 5);
  g_assert_cmpuint(segmenter_prev_word_start(seg, text, 12, 12), ==, 7);
  g_assert_cmpuint(segmenter_prev_word_start(seg, text, 12, 7), ==, 0);
  g_assert_cmpuint(segmenter_prev_word_start(seg, text, 12, 6), ==, 0);
  g_assert_cmpuint(segmenter_prev_word_start(seg, text, 12, 0), ==, 0);
  /* the same around a non-ASCII word: ICU's path */
  const char *greek = "καλημέρα, κόσμε";
  const gsize greek_ends[] = {strlen("καλημέρα"), strlen(greek)};
  assert_word_ends(seg, greek, greek_ends, 2);
  g_assert_cmpuint(segmenter_prev_word_start(seg, greek, strlen(greek), strlen(greek)), ==,
                   strlen("καλημέρα, "));
}

static void test_word_at(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *text = "can't stop, 3.14 ok";
  gsize len = strlen(text), start, end;
  g_assert_true(segmenter_word_at(seg, text, len, 2, &start, &end));
  g_assert_cmpuint(start, ==, 0);
  g_assert_cmpuint(end, ==, 5);
  g_assert_false(segmenter_word_at(seg, text, len, 10, &start, &end)); /* the comma */
  g_assert_cmpuint(start, ==, 10);
  g_assert_cmpuint(end, ==, 11);
  g_assert_true(segmenter_word_at(seg, text, len, 13, &start, &end));
  g_assert_cmpuint(start, ==, 12);
  g_assert_cmpuint(end, ==, 16);
  g_assert_true(segmenter_word_at(seg, text, len, len, &start, &end)); /* at the end: "ok" */
  g_assert_cmpuint(start, ==, 17);
  const char *ja = "日本語のテキスト";
  g_assert_true(segmenter_word_at(seg, ja, strlen(ja), strlen("日本語の"), &start, &end));
  g_assert_cmpuint(start, ==, strlen("日本語の"));
  g_assert_cmpuint(end, ==, strlen(ja));
  g_assert_false(segmenter_word_at(seg, "", 0, 0, &start, &end));
}

/* Thai has no spaces between words: ICU's dictionary finds them. */
static void test_word_thai(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *text = "ภาษาไทยง่ายนิดเดียว"; /* ภาษา · ไทย · ง่าย · นิด · เดียว */
  const gsize ends[] = {12, 21, 33, 42, 57};
  assert_word_ends(seg, text, ends, 5);
  g_assert_cmpuint(segmenter_prev_word_start(seg, text, 57, 57), ==, 42);
}

static void test_word_japanese(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *text = "日本語のテキストです。"; /* 日本語 · の · テキスト · です */
  const gsize ends[] = {strlen("日本語"), strlen("日本語の"), strlen("日本語のテキスト"),
                        strlen("日本語のテキストです"), strlen(text)}; /* no word after 。 */
  assert_word_ends(seg, text, ends, 5);
}

/* The word fast path on ASCII equals ICU: stops, starts and word or not. */
static void check_words_like_icu(Segmenter *seg, const char *text, gsize len)
{
  g_autoptr(GArray) rules = g_array_new(FALSE, FALSE, sizeof(int32_t));
  g_autoptr(GArray) icu = icu_stops(UBRK_WORD, "", text, len, rules);
  gsize start = 0;
  for (guint i = 0; i < icu->len; i++) {
    gsize end = g_array_index(icu, gsize, i), s, e;
    bool word = g_array_index(rules, int32_t, i) >= UBRK_WORD_NONE_LIMIT;
    g_assert_cmpint(segmenter_word_at(seg, text, len, start, &s, &e), ==, word);
    g_assert_cmpuint(s, ==, start);
    g_assert_cmpuint(e, ==, end);
    start = end;
  }
}

static void test_word_ascii(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed(14);
  for (int round = 0; round < 400; round++) {
    g_autofree char *text = random_ascii(rand, 30);
    check_words_like_icu(seg, text, 30);
  }
  const char *text = "__ _ a_b 1_ _1 a.b a..b 1,000.5 it's x' 'y a:b 1;2 a;b  \r\n";
  check_words_like_icu(seg, text, strlen(text));
}

/* All opportunities of a walk from @from (0: the start). */
static GArray *line_stops(Segmenter *seg, const char *text, gsize len, GArray *mandatory)
{
  GArray *stops = g_array_new(FALSE, FALSE, sizeof(gsize));
  SegmentWalk walk;
  segmenter_lines_begin(seg, &walk, text, len, 0);
  gsize at, last = 0;
  bool must;
  while (segmenter_lines_next(&walk, &at, &must)) {
    g_assert_cmpuint(at, >, last);
    g_array_append_val(stops, at);
    if (mandatory != NULL)
      g_array_append_val(mandatory, must);
    last = at;
  }
  return stops;
}

static bool contains(const GArray *sorted, gsize value)
{
  for (guint i = 0; i < sorted->len; i++)
    if (g_array_index(sorted, gsize, i) == value)
      return true;
  return false;
}

static bool starts_with_closing(const char *text, gsize len, gsize at);

/* "。" and closing brackets never start a line (UAX #14, LB13/LB16 and NS). */
static void test_line_cjk(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *text = "日本語。日本語」です、「引用」。";
  gsize len = strlen(text);
  g_autoptr(GArray) stops = line_stops(seg, text, len, NULL);
  g_assert_cmpuint(stops->len, >, 5);
  for (guint i = 0; i < stops->len; i++)
    g_assert_false(starts_with_closing(text, len, g_array_index(stops, gsize, i)));
  g_assert_true(contains(stops, strlen("日本語。"))); /* after 。 a line may end */
}

static void test_line_mandatory(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *text = "one two\nthree\u2028four";
  g_autoptr(GArray) must = g_array_new(FALSE, FALSE, sizeof(bool));
  g_autoptr(GArray) stops = line_stops(seg, text, strlen(text), must);
  const gsize want[] = {4, 8, 16, 20};
  const bool hard[] = {false, true, true, false};
  g_assert_cmpuint(stops->len, ==, 4);
  for (guint i = 0; i < 4; i++) {
    g_assert_cmpuint(g_array_index(stops, gsize, i), ==, want[i]);
    g_assert_cmpint(g_array_index(must, bool, i), ==, hard[i]);
  }
}

/* ICU's own opportunities in @text that are cluster boundaries, which is what
 * a walk promises (segmenter_lines_next), with whether each is mandatory
 * appended to @hard. */
static GArray *icu_line_stops(Segmenter *seg, const char *text, gsize len, GArray *hard)
{
  g_autoptr(GArray) rules = g_array_new(FALSE, FALSE, sizeof(int32_t));
  g_autoptr(GArray) all = icu_stops(UBRK_LINE, "", text, len, rules);
  GArray *stops = g_array_new(FALSE, FALSE, sizeof(gsize));
  for (guint i = 0; i < all->len; i++) {
    gsize at = g_array_index(all, gsize, i);
    int32_t rule = g_array_index(rules, int32_t, i);
    bool must = rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT;
    if (!segmenter_is_grapheme(seg, text, len, at))
      continue;
    g_array_append_val(stops, at);
    g_array_append_val(hard, must);
  }
  return stops;
}

/* The bytes of @text around @at, escaped, for a failure message. */
static char *text_around(const char *text, gsize len, gsize at)
{
  gsize from = at > 16 ? at - 16 : 0, to = MIN(len, at + 16);
  g_autofree char *before = g_strndup(text + from, at - from);
  g_autofree char *after = g_strndup(text + at, to - at);
  g_autofree char *b = g_strescape(before, NULL), *a = g_strescape(after, NULL);
  return g_strdup_printf("\"%s|%s\"", b, a);
}

/* Asserts that a walk of @seg over @text from @from gives exactly ICU's
 * opportunities after @from (@want, sorted) and their mandatory flags (@hard). */
static void assert_walk_is(Segmenter *seg, const char *text, gsize len, gsize from,
                           const GArray *want, const GArray *hard)
{
  guint i = 0;
  while (i < want->len && g_array_index(want, gsize, i) <= from)
    i++;
  SegmentWalk walk;
  segmenter_lines_begin(seg, &walk, text, len, from);
  gsize at;
  bool must;
  for (; segmenter_lines_next(&walk, &at, &must); i++) {
    gsize icu = i < want->len ? g_array_index(want, gsize, i) : len + 1;
    if (at != icu) {
      g_autofree char *where = text_around(text, len, MIN(at, icu));
      g_error("walk from %" G_GSIZE_FORMAT ": %s at %" G_GSIZE_FORMAT ", %s", from,
              at < icu ? "an opportunity ICU does not have" : "ICU's opportunity missed",
              MIN(at, icu), where);
    }
    if (must != g_array_index(hard, bool, i)) {
      g_autofree char *where = text_around(text, len, at);
      g_error("opportunity at %" G_GSIZE_FORMAT " %s: mandatory %d, ICU says %d", at, where, must,
              g_array_index(hard, bool, i));
    }
  }
  if (i != want->len) {
    g_autofree char *where = text_around(text, len, g_array_index(want, gsize, i));
    g_error("walk from %" G_GSIZE_FORMAT " ended before ICU's opportunity at %s", from, where);
  }
}

/* Asserts that the walk (fast path or not) over @text is exactly ICU's; returns
 * how many opportunities that is. */
static guint assert_lines_like_icu(Segmenter *seg, const char *text, gsize len)
{
  g_autoptr(GArray) hard = g_array_new(FALSE, FALSE, sizeof(bool));
  g_autoptr(GArray) icu = icu_line_stops(seg, text, len, hard);
  assert_walk_is(seg, text, len, 0, icu, hard);
  return icu->len;
}

static void test_line_ascii_random(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed(14);
  for (int round = 0; round < 500; round++) {
    g_autofree char *text = random_ascii(rand, 40);
    assert_lines_like_icu(seg, text, 40);
  }
}

/* The string number @k of @n bytes over @alphabet (of @size bytes) into @out. */
static void nth_string(const char *alphabet, guint size, guint n, guint k, char *out)
{
  for (guint i = 0; i < n; i++, k /= size)
    out[i] = alphabet[k % size];
}

/* Every string of @n bytes over @alphabet (@size bytes), each as "x" + s + "x",
 * checked as in assert_lines_like_icu. They are joined into texts of about
 * 64 KiB, one walk and one ICU pass each: between two strings stands "xx", and
 * no UAX #14 rule sees across two letters, so each string is judged as if
 * alone between its two letters. Returns how many strings. */
static guint check_strings_between_letters(Segmenter *seg, const char *alphabet, guint size,
                                           guint n)
{
  guint count = 1;
  for (guint i = 0; i < n; i++)
    count *= size;
  g_autoptr(GString) text = g_string_sized_new(66 * 1024);
  char s[8];
  for (guint k = 0; k < count; k++) {
    nth_string(alphabet, size, n, k, s);
    g_string_append_c(text, 'x');
    g_string_append_len(text, s, n);
    g_string_append_c(text, 'x');
    if (text->len >= 64 * 1024 || k + 1 == count) {
      assert_lines_like_icu(seg, text->str, text->len);
      g_string_truncate(text, 0);
    }
  }
  return count;
}

/* Every string of up to @n bytes over @alphabet as a whole text (where the
 * start and the end of the text take part in the rules). */
static void check_strings_alone(Segmenter *seg, const char *alphabet, guint size, guint n)
{
  char s[8];
  for (guint len = 1; len <= n; len++) {
    guint count = 1;
    for (guint i = 0; i < len; i++)
      count *= size;
    for (guint k = 0; k < count; k++) {
      nth_string(alphabet, size, len, k, s);
      assert_lines_like_icu(seg, s, len);
    }
  }
}

/* The fast path is exactly ICU (72's root rules, UAX #14 with ICU's own
 * tailorings: spaces then '(' or '"', "and/or", "1/2", "$(1", "a .5", "x -a",
 * "1)%"...) on every short ASCII string: up to 3 bytes over all of ASCII
 * (controls, which ICU decides, included), 4 bytes over the punctuation, space,
 * tab, two digits and two letters; between letters and alone. */
static void test_line_ascii_exhaustive(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  UVersionInfo icu;
  u_getVersion(icu);
  if (icu[0] != 72)
    g_test_message("ICU %u: the line fast path is off, ICU is held against itself", icu[0]);
  char all[128];
  for (guint c = 0; c < 128; c++)
    all[c] = (char)c;
  char some[64];
  guint n_some = 0;
  for (guint c = 0x20; c < 0x7F; c++)
    if (!g_ascii_isalnum((char)c))
      some[n_some++] = (char)c;
  const char others[] = "\t05aZ";
  for (gsize i = 0; i < strlen(others); i++)
    some[n_some++] = others[i];
  guint strings = 0;
  for (guint n = 1; n <= 3; n++)
    strings += check_strings_between_letters(seg, all, 128, n);
  strings += check_strings_between_letters(seg, some, n_some, 4);
  check_strings_alone(seg, all, 128, 2);
  check_strings_alone(seg, some, n_some, 3);
  g_test_message("%u strings between letters, like ICU", strings);
}

/* The licences as paragraphs (lines joined by spaces, blank lines between). */
static GString *licences(void)
{
  static const char *const names[] = {"GPL-3", "Apache-2.0", "LGPL-2.1", "Artistic", "MPL-2.0"};
  GString *all = g_string_new(NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *path = g_build_filename("/usr/share/common-licenses", names[i], NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
      continue;
    g_strdelimit(text, "\n", ' ');
    g_string_append(all, text);
  }
  return all;
}

/* Walks begun at eight places in @text see ICU's opportunities from there:
 * the fast path looks behind where a walk begins. */
static void check_walks_from_inside(Segmenter *seg, const char *text, gsize len)
{
  g_autoptr(GArray) hard = g_array_new(FALSE, FALSE, sizeof(bool));
  g_autoptr(GArray) icu = icu_line_stops(seg, text, len, hard);
  for (gsize i = 1; i < 8; i++) {
    gsize from = len * i / 8;
    while (from < len && ((guchar)text[from] & 0xC0) == 0x80)
      from++;
    assert_walk_is(seg, text, len, from, icu, hard);
  }
}

/* Two-byte characters beside ASCII: letters the fast path takes (Latin,
 * Greek, Cyrillic, Armenian, Arabic) and neighbours it must leave to ICU (a
 * combining acute, Hebrew's HL, no-break space, soft hyphen, guillemets,
 * ambiguous signs, an inverted question mark). */
static const char *const two_byte_mix[] = {
    "é", "ß", "ω",  "ж", "ա", "ب", "\u0301", "א", "\u00A0", "\u00AD", "«",
    "»", "×", "§",  "¿", "a", "Z", "0",      " ", "\t",     "\n",     "-",
    "(", ")", "\"", "'", ".", ",", "/",      "$", "%",      "!",      "}",
};

/* The fast path takes two-byte letters as ASCII letters and is still exactly
 * ICU: every string of three of the characters above between letters, then
 * random strings of forty, walked from their start and from inside. */
static void test_line_two_byte_letters(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const guint n = G_N_ELEMENTS(two_byte_mix);
  g_autoptr(GString) text = g_string_new(NULL);
  for (guint k = 0; k < n * n * n; k++) {
    g_string_append(text, "x");
    for (guint i = 0, rest = k; i < 3; i++, rest /= n)
      g_string_append(text, two_byte_mix[rest % n]);
    g_string_append(text, "x");
    if (text->len >= 64 * 1024 || k + 1 == n * n * n) {
      assert_lines_like_icu(seg, text->str, text->len);
      g_string_truncate(text, 0);
    }
  }
  g_autoptr(GRand) rand = g_rand_new_with_seed(15);
  for (int round = 0; round < 2000; round++) {
    g_string_truncate(text, 0);
    for (int i = 0; i < 40; i++)
      g_string_append(text, two_byte_mix[g_rand_int_range(rand, 0, (gint32)n)]);
    assert_lines_like_icu(seg, text->str, text->len);
    check_walks_from_inside(seg, text->str, text->len);
  }
}

/* The fast path gives exactly ICU's opportunities on the licences (it used to
 * give fewer: none after spaces before '(', '"' or '<', none after '/'). */
static void test_line_ascii_licences(void)
{
  g_autoptr(GString) text = licences();
  if (text->len == 0) {
    g_test_skip("no licence texts in /usr/share/common-licenses");
    return;
  }
  SegmenterOptions exact = {.exact_lines = true};
  g_autoptr(Segmenter) fast = new_segmenter(NULL);
  g_autoptr(Segmenter) slow = new_segmenter(&exact);
  guint n = assert_lines_like_icu(fast, text->str, text->len);
  assert_lines_like_icu(slow, text->str, text->len);
  check_walks_from_inside(fast, text->str, text->len);
  g_test_message("licences: %" G_GSIZE_FORMAT " bytes, %u opportunities, ICU's", text->len, n);
}

/* The same on C headers, newlines (mandatory breaks) and all: code has more
 * brackets, slashes, numbers and quotes than prose. */
static void test_line_ascii_headers(void)
{
  static const char *const names[] = {"stdio.h",
                                      "stdlib.h",
                                      "string.h",
                                      "unicode/uchar.h",
                                      "unicode/ubrk.h",
                                      "glib-2.0/glib/gtestutils.h",
                                      "glib-2.0/glib/gstrfuncs.h",
                                      "glib-2.0/glib/gmacros.h"};
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  gsize bytes = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *path = g_build_filename("/usr/include", names[i], NULL);
    g_autofree char *text = NULL;
    gsize len;
    if (!g_file_get_contents(path, &text, &len, NULL))
      continue;
    assert_lines_like_icu(seg, text, len);
    check_walks_from_inside(seg, text, len);
    bytes += len;
  }
  if (bytes == 0)
    g_test_skip("no C headers in /usr/include");
  else
    g_test_message("headers: %" G_GSIZE_FORMAT " bytes like ICU", bytes);
}

/* ------------------------------------------------------------------------- */
/* Real text: the machine's translation catalogues                            */
/* ------------------------------------------------------------------------- */

static guint32 mo_word(const guchar *data, gsize size, gsize at, bool swap)
{
  if (at + 4 > size)
    return 0;
  guint32 v;
  memcpy(&v, data + at, 4);
  return swap ? GUINT32_SWAP_LE_BE(v) : v;
}

/* The translated strings of one .mo file that are valid UTF-8, appended to
 * @out until it holds @budget bytes. A .mo file: magic, revision, count, offset
 * of the originals' table, offset of the translations' table; each table entry
 * is (length, offset). */
static void mo_read(const char *path, GPtrArray *out, gsize *budget)
{
  g_autofree char *data = NULL;
  gsize size;
  if (!g_file_get_contents(path, &data, &size, NULL) || size < 20)
    return;
  const guchar *bytes = (const guchar *)data;
  guint32 magic = mo_word(bytes, size, 0, false);
  if (magic != 0x950412de && magic != 0xde120495)
    return;
  bool swap = magic == 0xde120495;
  guint32 count = mo_word(bytes, size, 8, swap), table = mo_word(bytes, size, 16, swap);
  for (guint32 i = 1; i < count; i++) { /* 0 is the header */
    if (*budget == 0)
      break;
    guint32 len = mo_word(bytes, size, table + 8 * (gsize)i, swap);
    guint32 at = mo_word(bytes, size, table + 8 * (gsize)i + 4, swap);
    if ((gsize)at + len > size || len == 0 || !g_utf8_validate_len(data + at, len, NULL))
      continue;
    g_ptr_array_add(out, g_bytes_new(data + at, len)); /* plural forms: NUL between */
    *budget -= MIN(*budget, len);
  }
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Up to @budget bytes of one language's translations (GBytes each), from its
 * catalogues in the order of their names. */
static GPtrArray *catalogue_texts(const char *lang, gsize budget)
{
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
  g_autofree char *dir = g_build_filename("/usr/share/locale", lang, "LC_MESSAGES", NULL);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  for (const char *name; d != NULL && (name = g_dir_read_name(d)) != NULL;)
    if (g_str_has_suffix(name, ".mo"))
      g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, compare_names);
  for (guint i = 0; i < names->len && budget > 0; i++) {
    g_autofree char *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
    mo_read(path, out, &budget);
  }
  return out;
}

static const char *const languages[] = {"ar", "he", "hi", "bn",    "ta", "th", "km", "my",
                                        "si", "ml", "ja", "zh_CN", "fa", "ru", "el", "vi"};

/* Cluster invariants: boundaries strictly increase and are code point starts,
 * every code point start is a boundary or not as is_grapheme says, prev walks
 * back the same stops, next(prev(x)) == x, and Backspace leaves valid UTF-8. */
static void check_clusters(Segmenter *seg, const char *text, gsize len)
{
  g_autoptr(GArray) stops = grapheme_stops(seg, text, len);
  g_autoptr(GArray) walked = cluster_walk(seg, text, len, 0);
  g_assert_cmpmem(walked->data, walked->len * sizeof(gsize), stops->data,
                  stops->len * sizeof(gsize));
  guint k = 0;
  for (gsize at = len > 0 ? (gsize)g_utf8_skip[(guchar)text[0]] : 0; at < len;
       at = (gsize)(g_utf8_next_char(text + at) - text)) {
    bool stop = g_array_index(stops, gsize, k) == at;
    g_assert_cmpint(segmenter_is_grapheme(seg, text, len, at), ==, stop);
    k += stop;
  }
  for (guint i = 0; i < stops->len; i++) {
    gsize at = g_array_index(stops, gsize, i),
          before = i > 0 ? g_array_index(stops, gsize, i - 1) : 0;
    g_assert_cmpuint(segmenter_prev_grapheme(seg, text, len, at), ==, before);
    g_assert_cmpuint(segmenter_next_grapheme(seg, text, len, before), ==, at);
    gsize back = segmenter_backspace(seg, text, len, at);
    g_assert_cmpuint(back, >=, before);
    g_assert_cmpuint(back, <, at);
    g_assert_true(g_utf8_validate_len(text, back, NULL));
    g_assert_true(g_utf8_validate_len(text + at, len - at, NULL));
    g_assert_true(g_utf8_validate_len(text + back, at - back, NULL));
  }
}

/* Word invariants: Ctrl+Right moves forward to a word's end, Ctrl+Left back
 * to a word's start, and the segment around each offset contains it. */
static void check_words(Segmenter *seg, const char *text, gsize len)
{
  for (gsize at = 0; at < len; at = (gsize)(g_utf8_next_char(text + at) - text)) {
    gsize end = segmenter_next_word_end(seg, text, len, at), s, e;
    g_assert_cmpuint(end, >, at);
    g_assert_cmpuint(end, <=, len);
    gsize start = segmenter_prev_word_start(seg, text, len, end);
    g_assert_cmpuint(start, <, end);
    segmenter_word_at(seg, text, len, at, &s, &e);
    g_assert_cmpuint(s, <=, at);
    g_assert_cmpuint(e, >, at);
  }
}

/* Line invariants: the exact walk is ICU's opportunities less those inside a
 * cluster (returns how many those are), the fast one the same, and every
 * opportunity is a cluster boundary. */
static guint check_lines(Segmenter *fast, Segmenter *exact, const char *text, gsize len)
{
  g_autoptr(GArray) icu = icu_stops(UBRK_LINE, "", text, len, NULL);
  g_autoptr(GArray) walked = line_stops(exact, text, len, NULL);
  g_autoptr(GArray) ours = line_stops(fast, text, len, NULL);
  g_autoptr(GArray) edges = g_array_new(FALSE, FALSE, sizeof(gsize));
  for (guint i = 0; i < icu->len; i++)
    if (segmenter_is_grapheme(fast, text, len, g_array_index(icu, gsize, i)))
      g_array_append_val(edges, g_array_index(icu, gsize, i));
  g_assert_cmpmem(walked->data, walked->len * sizeof(gsize), edges->data,
                  edges->len * sizeof(gsize));
  g_assert_cmpmem(ours->data, ours->len * sizeof(gsize), edges->data, edges->len * sizeof(gsize));
  return icu->len - edges->len;
}

/* Whether the text at @at starts with CJK punctuation that must never start a
 * line: the full stop, the comma, closing brackets. */
static bool starts_with_closing(const char *text, gsize len, gsize at)
{
  static const char *const closing[] = {"。", "、", "，", "」", "』", "）", "】"};
  for (gsize i = 0; i < G_N_ELEMENTS(closing); i++)
    if (len - at >= 3 && memcmp(text + at, closing[i], 3) == 0)
      return true;
  return false;
}

static void check_no_line_starts_with_stop(Segmenter *seg, const char *text, gsize len)
{
  g_autoptr(GArray) stops = line_stops(seg, text, len, NULL);
  for (guint i = 0; i < stops->len; i++) {
    gsize at = g_array_index(stops, gsize, i);
    if (text[at - 1] != '\n')
      g_assert_false(starts_with_closing(text, len, at));
  }
}

static void test_real_text(void)
{
  SegmenterOptions exact_options = {.exact_lines = true};
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  g_autoptr(Segmenter) exact = new_segmenter(&exact_options);
  guint found = 0;
  for (gsize l = 0; l < G_N_ELEMENTS(languages); l++) {
    g_autoptr(GPtrArray) texts = catalogue_texts(languages[l], 24 * 1024);
    gsize bytes = 0;
    guint inside = 0;
    for (guint i = 0; i < texts->len; i++) {
      gsize len;
      const char *text = g_bytes_get_data(g_ptr_array_index(texts, i), &len);
      check_clusters(seg, text, len);
      check_words(seg, text, len);
      inside += check_lines(seg, exact, text, len);
      check_no_line_starts_with_stop(seg, text, len);
      bytes += len;
    }
    if (texts->len > 0)
      g_test_message("%s: %u strings, %" G_GSIZE_FORMAT " bytes; %u of ICU's line breaks inside "
                     "a cluster",
                     languages[l], texts->len, bytes, inside);
    found += texts->len > 0;
  }
  if (found == 0)
    g_test_skip("no translation catalogues in /usr/share/locale");
}

/* One paragraph of about @size bytes: @piece repeated, joined by spaces. */
static GString *repeated(const char *piece, gsize piece_len, gsize size)
{
  GString *text = g_string_sized_new(size + piece_len + 1);
  while (text->len < size) {
    g_string_append_len(text, piece, (gssize)piece_len);
    g_string_append_c(text, ' ');
  }
  return text;
}

/* Walks @text's opportunities; returns how many, and the time in @ms. */
static guint timed_walk(Segmenter *seg, const GString *text, double *ms)
{
  gint64 start = g_get_monotonic_time();
  SegmentWalk walk;
  segmenter_lines_begin(seg, &walk, text->str, text->len, 0);
  guint count = 0;
  for (gsize at; segmenter_lines_next(&walk, &at, NULL);)
    count++;
  *ms = (double)(g_get_monotonic_time() - start) / 1000.0;
  return count;
}

/* A 1 MB paragraph walked in pieces, English (fast path and exact) and Thai
 * (dictionary); times are printed, not asserted. A walk begun in the middle
 * sees the same opportunities as the whole walk from there on. */
static void test_line_long(void)
{
  SegmenterOptions exact_options = {.exact_lines = true};
  g_autoptr(Segmenter) fast = new_segmenter(NULL);
  g_autoptr(Segmenter) exact = new_segmenter(&exact_options);
  g_autoptr(GString) licence = licences();
  const char *piece = licence->len > 0 ? licence->str
                                       : "The quick brown fox jumps over the lazy dog.";
  g_autoptr(GString) english = repeated(piece, strlen(piece), 1 << 20);
  g_autoptr(GString) thai = repeated("ภาษาไทยง่ายนิดเดียว", strlen("ภาษาไทยง่ายนิดเดียว"), 1 << 20);
  double ms[3];
  guint n_fast = timed_walk(fast, english, &ms[0]), n_exact = timed_walk(exact, english, &ms[1]);
  guint n_thai = timed_walk(exact, thai, &ms[2]);
  g_test_message("1 MB English: fast path %u opportunities in %.1f ms, ICU %u in %.1f ms", n_fast,
                 ms[0], n_exact, ms[1]);
  g_test_message("1 MB Thai: %u opportunities in %.1f ms", n_thai, ms[2]);
  g_assert_cmpuint(n_thai, >=, 5 * (thai->len / (strlen("ภาษาไทยง่ายนิดเดียว") + 1)));
  g_autoptr(GArray) all = line_stops(exact, thai->str, thai->len, NULL);
  gsize from = g_array_index(all, gsize, all->len / 2);
  SegmentWalk walk;
  segmenter_lines_begin(exact, &walk, thai->str, thai->len, from);
  for (guint i = all->len / 2 + 1; i < all->len; i++) {
    gsize at;
    g_assert_true(segmenter_lines_next(&walk, &at, NULL));
    g_assert_cmpuint(at, ==, g_array_index(all, gsize, i));
  }
}

/* The cluster walk over 1 MB of Hindi and Ctrl+Right over it, timed. */
static void test_grapheme_long(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *piece = "हिन्दी भाषा में क्षत्रिय";
  g_autoptr(GString) text = repeated(piece, strlen(piece), 1 << 20);
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(GArray) clusters = grapheme_stops(seg, text->str, text->len);
  gint64 t1 = g_get_monotonic_time();
  g_autoptr(GArray) walked = cluster_walk(seg, text->str, text->len, 0);
  gint64 t2 = g_get_monotonic_time();
  g_autoptr(GArray) words = word_end_stops(seg, text->str, text->len);
  gint64 t3 = g_get_monotonic_time();
  g_test_message("1 MB Hindi: %u clusters in %.1f ms one call each, %.1f ms walked; "
                 "%u Ctrl+Right stops in %.1f ms",
                 clusters->len, (double)(t1 - t0) / 1000.0, (double)(t2 - t1) / 1000.0, words->len,
                 (double)(t3 - t2) / 1000.0);
  g_assert_cmpuint(walked->len, ==, clusters->len);
  g_assert_cmpuint(words->len, ==, 4 * (text->len / (strlen(piece) + 1)) + 1); /* + the end */
}

/* Real text of several languages, as one long paragraph. */
static GString *catalogue_paragraph(gsize budget)
{
  GString *all = g_string_new(NULL);
  for (gsize l = 0; l < G_N_ELEMENTS(languages); l++) {
    g_autoptr(GPtrArray) texts = catalogue_texts(languages[l], budget);
    for (guint i = 0; i < texts->len; i++) {
      gsize len;
      const char *text = g_bytes_get_data(g_ptr_array_index(texts, i), &len);
      g_string_append_len(all, text, (gssize)len);
      g_string_append_c(all, ' ');
    }
  }
  return all;
}

/* A Segmenter that hands ICU 4 KiB windows answers as one that hands it the
 * whole text, on text whose clusters, words and unbreakable runs are short. */
static void test_window(void)
{
  g_autoptr(GString) text = catalogue_paragraph(4096);
  g_string_append_len(text, "ภาษาไทยง่ายนิดเดียว \0 " RAW_41 "\xCC\x81", -1);
  SegmenterOptions small_options = {.exact_lines = true, .window = 4096};
  SegmenterOptions whole_options = {.exact_lines = true};
  g_autoptr(Segmenter) small = new_segmenter(&small_options);
  g_autoptr(Segmenter) whole = new_segmenter(&whole_options);
  g_autoptr(GArray) a = grapheme_stops(small, text->str, text->len);
  g_autoptr(GArray) b = grapheme_stops(whole, text->str, text->len);
  g_assert_cmpmem(a->data, a->len * sizeof(gsize), b->data, b->len * sizeof(gsize));
  g_autoptr(GArray) c = word_end_stops(small, text->str, text->len);
  g_autoptr(GArray) d = word_end_stops(whole, text->str, text->len);
  g_assert_cmpmem(c->data, c->len * sizeof(gsize), d->data, d->len * sizeof(gsize));
  g_autoptr(GArray) e = line_stops(small, text->str, text->len, NULL);
  g_autoptr(GArray) f = line_stops(whole, text->str, text->len, NULL);
  g_assert_cmpmem(e->data, e->len * sizeof(gsize), f->data, f->len * sizeof(gsize));
  for (guint i = 0; i < a->len; i += 7) {
    gsize at = g_array_index(a, gsize, i);
    g_assert_cmpuint(segmenter_prev_grapheme(small, text->str, text->len, at), ==,
                     segmenter_prev_grapheme(whole, text->str, text->len, at));
    g_assert_cmpuint(segmenter_prev_word_start(small, text->str, text->len, at), ==,
                     segmenter_prev_word_start(whole, text->str, text->len, at));
  }
  g_test_message("%" G_GSIZE_FORMAT " bytes in 4 KiB windows", text->len);
}

/* Two segmenters, and two walks on one segmenter, interleaved with other
 * calls: each answers as if it were alone. */
static void test_two_segmenters(void)
{
  g_autoptr(Segmenter) one = new_segmenter(NULL);
  g_autoptr(Segmenter) two = new_segmenter(NULL);
  const char *thai = "ภาษาไทยง่ายนิดเดียว ภาษาไทย", *ja = "日本語のテキストです。日本語";
  gsize thai_len = strlen(thai), ja_len = strlen(ja);
  g_autoptr(GArray) thai_lines = line_stops(two, thai, thai_len, NULL);
  g_autoptr(GArray) ja_lines = line_stops(two, ja, ja_len, NULL);
  SegmentWalk a, b;
  segmenter_lines_begin(one, &a, thai, thai_len, 0);
  segmenter_lines_begin(one, &b, ja, ja_len, 0);
  guint i = 0, j = 0;
  for (gsize at; segmenter_lines_next(&a, &at, NULL); i++) {
    g_assert_cmpuint(at, ==, g_array_index(thai_lines, gsize, i));
    g_assert_cmpuint(segmenter_next_word_end(one, ja, ja_len, 0), ==, strlen("日本語"));
    if (segmenter_lines_next(&b, &at, NULL))
      g_assert_cmpuint(at, ==, g_array_index(ja_lines, gsize, j++));
    g_assert_cmpuint(segmenter_next_grapheme(two, thai, thai_len, 3), ==, 6);
  }
  for (gsize at; segmenter_lines_next(&b, &at, NULL);)
    g_assert_cmpuint(at, ==, g_array_index(ja_lines, gsize, j++));
  g_assert_cmpuint(i, ==, thai_lines->len);
  g_assert_cmpuint(j, ==, ja_lines->len);
}

/* Offsets inside a code point or past the end are programmer errors. */
static void test_programmer_errors(void)
{
  g_autoptr(Segmenter) seg = new_segmenter(NULL);
  const char *text = "é";
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*is_cp_start*");
  g_assert_cmpuint(segmenter_next_grapheme(seg, text, 2, 1), ==, 2);
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*offset*");
  g_assert_cmpuint(segmenter_prev_grapheme(seg, text, 2, 3), ==, 0);
  g_test_assert_expected_messages();
  segmenter_free(NULL);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/segment/grapheme/family", test_family);
  g_test_add_func("/segment/grapheme/flag", test_flag);
  g_test_add_func("/segment/grapheme/keycap", test_keycap);
  g_test_add_func("/segment/grapheme/heart", test_heart);
  g_test_add_func("/segment/grapheme/skin-tone", test_skin_tone);
  g_test_add_func("/segment/grapheme/conjunct", test_conjunct);
  g_test_add_func("/segment/grapheme/hindi", test_hindi);
  g_test_add_func("/segment/grapheme/thai", test_thai);
  g_test_add_func("/segment/grapheme/vietnamese", test_vietnamese);
  g_test_add_func("/segment/grapheme/hangul", test_hangul);
  g_test_add_func("/segment/grapheme/crlf", test_crlf);
  g_test_add_func("/segment/grapheme/raw-bytes", test_raw_bytes);
  g_test_add_func("/segment/grapheme/ascii-like-icu", test_grapheme_ascii);
  g_test_add_func("/segment/word/hello", test_word_hello);
  g_test_add_func("/segment/word/at", test_word_at);
  g_test_add_func("/segment/word/thai", test_word_thai);
  g_test_add_func("/segment/word/japanese", test_word_japanese);
  g_test_add_func("/segment/word/ascii-like-icu", test_word_ascii);
  g_test_add_func("/segment/line/cjk", test_line_cjk);
  g_test_add_func("/segment/line/mandatory", test_line_mandatory);
  g_test_add_func("/segment/line/ascii-random", test_line_ascii_random);
  g_test_add_func("/segment/line/ascii-exhaustive", test_line_ascii_exhaustive);
  g_test_add_func("/segment/line/ascii-licences", test_line_ascii_licences);
  g_test_add_func("/segment/line/ascii-headers", test_line_ascii_headers);
  g_test_add_func("/segment/line/two-byte-letters", test_line_two_byte_letters);
  g_test_add_func("/segment/line/long", test_line_long);
  g_test_add_func("/segment/grapheme/long", test_grapheme_long);
  g_test_add_func("/segment/real/catalogues", test_real_text);
  g_test_add_func("/segment/real/window", test_window);
  g_test_add_func("/segment/real/two-segmenters", test_two_segmenters);
  g_test_add_func("/segment/error/offsets", test_programmer_errors);
  return g_test_run();
}
