/* test_word_cache.c — the shaped-word flyweight: one entry per (style,
 * direction, bytes), hits and misses, the limits (word length, word count),
 * words that depend on their context, and widths. */
#include <string.h>

#include "testutil.h"
#include "word_cache.h"

static WordCacheStats stats(TestFonts *f)
{
  WordCacheStats st;
  word_cache_get_stats(f->words, &st);
  return st;
}

/* The glyphs of @para[@start, @start + @len) as the shaper gives them in
 * place, for comparison. */
static GArray *shaped(TestFonts *f, const char *para, gsize start, gsize len, StyleId style,
                      bool rtl, int32_t *width)
{
  GArray *out = g_array_new(FALSE, FALSE, sizeof(ShapedGlyph));
  *width = shaper_shape(f->shaper, para, strlen(para), start, len, style, rtl, out);
  return out;
}

/* @w has exactly the glyphs and width of @glyphs / @width. */
static void assert_same_run(const ShapedWord *w, const GArray *glyphs, int32_t width)
{
  g_assert_cmpint(w->width, ==, width);
  g_assert_cmpmem(w->glyphs, w->n_glyphs * sizeof(ShapedGlyph), glyphs->data,
                  glyphs->len * sizeof(ShapedGlyph));
}

/* The width is the sum of the advances. */
static void assert_width_adds_up(const ShapedWord *w)
{
  int32_t sum = 0;
  for (guint i = 0; i < w->n_glyphs; i++)
    sum += w->glyphs[i].x_advance;
  g_assert_cmpint(w->width, ==, sum);
}

/* The same word twice, from two paragraphs: one miss, then one hit with the
 * same glyph run (the same memory: the run is shared). */
static void test_same_word_hits(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *para = "A Flyweight pattern";
  ShapedWord first, second;
  word_cache_get(f.words, para, strlen(para), 2, 9, f.style, false, &first);
  WordCacheStats st = stats(&f);
  g_assert_cmpuint(st.misses, ==, 1);
  g_assert_cmpuint(st.hits, ==, 0);
  g_assert_cmpuint(st.words, ==, 1);
  g_assert_cmpuint(st.bytes, >, 9 + 9 * sizeof(ShapedGlyph));
  int32_t width;
  g_autoptr(GArray) want = shaped(&f, para, 2, 9, f.style, false, &width);
  g_assert_cmpuint(first.n_glyphs, ==, 9);
  assert_same_run(&first, want, width);
  assert_width_adds_up(&first);
  const ShapedGlyph *run = first.glyphs;
  word_cache_get(f.words, "Flyweight", 9, 0, 9, f.style, false, &second);
  st = stats(&f);
  g_assert_cmpuint(st.misses, ==, 1);
  g_assert_cmpuint(st.hits, ==, 1);
  g_assert_cmpuint(st.words, ==, 1);
  g_assert_true(second.glyphs == run);
  assert_same_run(&second, want, width);
  /* word_cache_width is a lookup too */
  g_assert_cmpint(word_cache_width(f.words, para, strlen(para), 2, 9, f.style, false), ==, width);
  g_assert_cmpuint(stats(&f).hits, ==, 2);
  test_fonts_clear(&f);
}

/* Style and direction are part of the key: the same bytes are three entries. */
static void test_style_and_direction_are_keys(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 32);
  const char *word = "Cache";
  ShapedWord small_ltr, big_ltr, small_rtl;
  word_cache_get(f.words, word, 5, 0, 5, f.style, false, &small_ltr);
  int32_t small_width = small_ltr.width;
  word_cache_get(f.words, word, 5, 0, 5, big, false, &big_ltr);
  g_assert_cmpint(big_ltr.width, >, small_width);
  g_assert_cmpuint(big_ltr.glyphs[0].style, ==, big);
  word_cache_get(f.words, word, 5, 0, 5, f.style, true, &small_rtl);
  /* right to left: the same glyphs in visual order, 'e' first */
  g_assert_cmpuint(small_rtl.n_glyphs, ==, 5);
  g_assert_cmpuint(small_rtl.glyphs[0].cluster, ==, 4);
  g_assert_cmpuint(small_rtl.glyphs[0].glyph_id, ==, test_glyph_id(f.sans, 'e'));
  WordCacheStats st = stats(&f);
  g_assert_cmpuint(st.misses, ==, 3);
  g_assert_cmpuint(st.hits, ==, 0);
  g_assert_cmpuint(st.words, ==, 3);
  /* and each is found again under its own key */
  ShapedWord again;
  word_cache_get(f.words, word, 5, 0, 5, f.style, false, &again);
  g_assert_cmpuint(again.glyphs[0].glyph_id, ==, test_glyph_id(f.sans, 'C'));
  g_assert_cmpint(again.width, ==, small_width);
  word_cache_get(f.words, word, 5, 0, 5, big, false, &again);
  g_assert_cmpuint(again.glyphs[0].style, ==, big);
  word_cache_get(f.words, word, 5, 0, 5, f.style, true, &again);
  g_assert_cmpuint(again.glyphs[0].cluster, ==, 4);
  g_assert_cmpuint(stats(&f).hits, ==, 3);
  g_assert_cmpuint(stats(&f).words, ==, 3);
  test_fonts_clear(&f);
}

/* Words longer than WORD_CACHE_MAX_BYTES are shaped in place every time and
 * never kept; one of exactly the limit is kept. */
static void test_long_words_uncached(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *para = "Ein Donaudampfschifffahrtsgesellschaftskapitän kam";
  gsize start = 4, len = strlen("Donaudampfschifffahrtsgesellschaftskapitän");
  g_assert_cmpuint(len, >, WORD_CACHE_MAX_BYTES);
  for (int round = 0; round < 2; round++) {
    ShapedWord w;
    word_cache_get(f.words, para, strlen(para), start, len, f.style, false, &w);
    int32_t width;
    g_autoptr(GArray) want = shaped(&f, para, start, len, f.style, false, &width);
    assert_same_run(&w, want, width);
    assert_width_adds_up(&w);
  }
  WordCacheStats st = stats(&f);
  g_assert_cmpuint(st.uncached, ==, 2);
  g_assert_cmpuint(st.misses, ==, 0);
  g_assert_cmpuint(st.hits, ==, 0);
  g_assert_cmpuint(st.words, ==, 0);
  /* 32 bytes exactly: cached */
  char limit[WORD_CACHE_MAX_BYTES + 1];
  memset(limit, 'x', WORD_CACHE_MAX_BYTES);
  limit[WORD_CACHE_MAX_BYTES] = '\0';
  g_assert_cmpint(word_cache_width(f.words, limit, WORD_CACHE_MAX_BYTES, 0, WORD_CACHE_MAX_BYTES,
                                   f.style, false),
                  >, 0);
  g_assert_cmpuint(stats(&f).words, ==, 1);
  g_assert_cmpuint(stats(&f).uncached, ==, 2);
  test_fonts_clear(&f);
}

/* Measuring keeps a word without its glyph run; drawing it later shapes it
 * again (a miss) and keeps the run, the same as shaping it for drawing first
 * would; after that both kinds of lookup are hits. */
static void test_measured_then_drawn(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *para = "a shared b";
  ShapedWord measured, drawn, again;
  word_cache_measure(f.words, para, strlen(para), 2, 6, f.style, false, &measured);
  g_assert_null(measured.glyphs);
  g_assert_cmpuint(measured.n_glyphs, ==, 0);
  WordCacheStats st = stats(&f);
  g_assert_cmpuint(st.misses, ==, 1);
  const guint64 width_only = st.bytes;
  word_cache_get(f.words, para, strlen(para), 2, 6, f.style, false, &drawn);
  g_assert_cmpuint(stats(&f).misses, ==, 2);
  g_assert_cmpuint(stats(&f).words, ==, 1);
  g_assert_cmpuint(drawn.n_glyphs, ==, 6);
  g_assert_cmpuint(drawn.glyphs[0].glyph_id, ==, test_glyph_id(f.sans, 's'));
  g_assert_cmpint(drawn.width, ==, measured.width);
  g_assert_cmpint(drawn.ascent, ==, measured.ascent);
  g_assert_cmpuint(stats(&f).bytes, ==, width_only + 6 * sizeof(ShapedGlyph));
  word_cache_measure(f.words, para, strlen(para), 2, 6, f.style, false, &again);
  word_cache_get(f.words, para, strlen(para), 2, 6, f.style, false, &again);
  g_assert_cmpuint(stats(&f).hits, ==, st.hits + 2);
  g_assert_cmpuint(stats(&f).misses, ==, 2);
  test_fonts_clear(&f);
}

/* The bound: two generations of WORD_CACHE_MAX_WORDS / 2. When the young one
 * is full, the next new word empties the old one and the young becomes old;
 * a word found in the old one moves to the young, so words in use survive
 * and unused ones go. It never holds more than the bound, keeps working, and
 * counts its bytes exactly through the moves (words of one length: each
 * costs the same). */
static void test_bounded(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const guint half = WORD_CACHE_MAX_WORDS / 2;
  char word[16];
  for (guint i = 0; i < WORD_CACHE_MAX_WORDS; i++) {
    g_snprintf(word, sizeof word, "w%04u", i);
    word_cache_width(f.words, word, 5, 0, 5, f.style, false);
    g_assert_cmpuint(stats(&f).words, <=, WORD_CACHE_MAX_WORDS);
  }
  WordCacheStats full = stats(&f);
  g_assert_cmpuint(full.words, ==, WORD_CACHE_MAX_WORDS);
  g_assert_cmpuint(full.misses, ==, WORD_CACHE_MAX_WORDS);
  g_assert_cmpuint(full.clears, ==, 1); /* w0000..w4999 became old */
  g_assert_cmpuint(full.bytes % WORD_CACHE_MAX_WORDS, ==, 0);
  const guint64 each = full.bytes / WORD_CACHE_MAX_WORDS;
  /* "w0007" (old) is still a hit and moves to the young generation, which
   * was full: the old one goes */
  word_cache_width(f.words, "w0007", 5, 0, 5, f.style, false);
  g_assert_cmpuint(stats(&f).hits, ==, 1);
  g_assert_cmpuint(stats(&f).bytes, ==, stats(&f).words * each);
  for (guint i = 0; i < 100; i++) {
    g_snprintf(word, sizeof word, "n%04u", i);
    word_cache_width(f.words, word, 5, 0, 5, f.style, false);
    g_assert_cmpuint(stats(&f).words, <=, WORD_CACHE_MAX_WORDS);
  }
  WordCacheStats st = stats(&f);
  g_assert_cmpuint(st.clears, ==, 2);
  g_assert_cmpuint(st.words, ==, half + 1 + 100); /* w5000.. (old), then w0007 and n0000.. */
  g_assert_cmpuint(st.bytes, ==, st.words * each);
  /* "w0007" survived; "w0008" (never used again) is gone: a miss now, and right */
  word_cache_width(f.words, "w0007", 5, 0, 5, f.style, false);
  g_assert_cmpuint(stats(&f).misses, ==, st.misses);
  ShapedWord w;
  word_cache_get(f.words, "w0008", 5, 0, 5, f.style, false, &w);
  g_assert_cmpuint(stats(&f).misses, ==, st.misses + 1);
  g_assert_cmpuint(w.n_glyphs, ==, 5);
  g_assert_cmpuint(w.glyphs[4].glyph_id, ==, test_glyph_id(f.sans, '8'));
  /* and all of the old generation moved back, one by one ("w0008" was drawn:
   * it holds its 5 glyphs too) */
  for (guint i = half; i < WORD_CACHE_MAX_WORDS; i++) {
    g_snprintf(word, sizeof word, "w%04u", i);
    word_cache_width(f.words, word, 5, 0, 5, f.style, false);
  }
  g_assert_cmpuint(stats(&f).bytes, ==, stats(&f).words * each + 5 * sizeof(ShapedGlyph));
  word_cache_clear(f.words);
  g_assert_cmpuint(stats(&f).words, ==, 0);
  g_assert_cmpuint(stats(&f).bytes, ==, 0);
  test_fonts_clear(&f);
}

/* A piece whose first glyph depends on what is before it: the end of an
 * Arabic word, as layout cuts one where a style run starts inside it (ك in
 * another colour or size, then تاب). Shaped alone, HarfBuzz marks its first
 * glyph (ت) unsafe to concatenate; the cache keeps that alone-shaping, which
 * starts a word (initial ت), but must give the in-place one (medial ت). */
static void test_context_dependent_uncached(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *para = "\xD9\x83\xD8\xAA\xD8\xA7\xD8\xA8"; /* كتاب */
  gsize len = strlen(para);
  int32_t alone_width, in_place_width;
  g_autoptr(GArray) alone = shaped(&f, para + 2, 0, len - 2, f.style, true, &alone_width);
  g_autoptr(GArray) in_place = shaped(&f, para, 2, len - 2, f.style, true, &in_place_width);
  /* the case is real: alone, the first glyph (visually last) is flagged and differs */
  const ShapedGlyph *first_alone = &g_array_index(alone, ShapedGlyph, alone->len - 1);
  const ShapedGlyph *first_in_place = &g_array_index(in_place, ShapedGlyph, in_place->len - 1);
  g_assert_true(first_alone->flags & SHAPED_UNSAFE_TO_CONCAT);
  g_assert_cmpuint(first_alone->glyph_id, !=, first_in_place->glyph_id);
  for (int round = 0; round < 2; round++) {
    ShapedWord w;
    word_cache_get(f.words, para, len, 2, len - 2, f.style, true, &w);
    assert_same_run(&w, in_place, in_place_width);
  }
  WordCacheStats st = stats(&f);
  g_assert_cmpuint(st.uncached, ==, 2);
  g_assert_cmpuint(st.words, ==, 1);
  g_assert_cmpuint(st.hits, ==, 0);
  /* a word that is the same alone and in place is kept: "abc" in "x abc" */
  g_autoptr(GArray) abc = shaped(&f, "abc", 0, 3, f.style, false, &alone_width);
  g_assert_false(g_array_index(abc, ShapedGlyph, 0).flags & SHAPED_UNSAFE_TO_CONCAT);
  word_cache_width(f.words, "x abc", 5, 2, 3, f.style, false);
  g_assert_cmpuint(stats(&f).words, ==, 2);
  word_cache_width(f.words, "xabc", 4, 1, 3, f.style, false); /* from the cache even here */
  g_assert_cmpuint(stats(&f).hits, ==, 1);
  test_fonts_clear(&f);
}

/* An Arabic word between spaces, flagged unsafe to concatenate when shaped
 * alone, is drawn from the cache: with a space (which joins nothing) or the
 * paragraph's edge on both sides it looks as it does alone. The same word
 * right after a letter is shaped in context. */
static void test_surrounded_word_cached(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *word = "\xD9\x83\xD8\xAA\xD8\xA7\xD8\xA8"; /* كتاب */
  gsize n = strlen(word);
  g_autofree char *para = g_strdup_printf("%s %s %s", word, word, word);
  int32_t width;
  g_autoptr(GArray) alone = shaped(&f, word, 0, n, f.style, true, &width);
  g_assert_true(g_array_index(alone, ShapedGlyph, alone->len - 1).flags & SHAPED_UNSAFE_TO_CONCAT);
  for (gsize at = 0; at < strlen(para); at += n + 1) {
    int32_t in_place_width;
    g_autoptr(GArray) in_place = shaped(&f, para, at, n, f.style, true, &in_place_width);
    ShapedWord w;
    word_cache_get(f.words, para, strlen(para), at, n, f.style, true, &w);
    assert_same_run(&w, in_place, in_place_width);
  }
  WordCacheStats st = stats(&f);
  g_assert_cmpuint(st.misses, ==, 1);
  g_assert_cmpuint(st.hits, ==, 2);
  g_assert_cmpuint(st.uncached, ==, 0);
  /* after a letter (the word cut by a style run, say) it is not the cached one */
  g_autofree char *joined = g_strdup_printf("\xD8\xA8%s", word); /* بكتاب */
  int32_t joined_width;
  g_autoptr(GArray) in_place = shaped(&f, joined, 2, n, f.style, true, &joined_width);
  ShapedWord w;
  word_cache_get(f.words, joined, strlen(joined), 2, n, f.style, true, &w);
  assert_same_run(&w, in_place, joined_width);
  g_assert_cmpuint(stats(&f).uncached, ==, 1);
  test_fonts_clear(&f);
}

/* Widths add up for words in several scripts and fonts, both directions;
 * clearing empties the cache but keeps the counts. */
static void test_width_and_clear(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *words[] = {
      "width",
      "\xCE\xB1\xCE\xB2\xCE\xB3",                  /* αβγ */
      "\xE6\xBC\xA2\xE5\xAD\x97" /* 漢字 */ "abc", /* two fonts */
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",          /* שלום, right to left */
      "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7",      /* क्ष */
  };
  for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
    gsize n = strlen(words[i]);
    bool rtl = i == 3;
    ShapedWord w;
    word_cache_get(f.words, words[i], n, 0, n, f.style, rtl, &w);
    assert_width_adds_up(&w);
    g_assert_cmpint(w.width, >, 0);
    g_assert_cmpint(word_cache_width(f.words, words[i], n, 0, n, f.style, rtl), ==, w.width);
  }
  WordCacheStats st = stats(&f);
  g_assert_cmpuint(st.words, ==, G_N_ELEMENTS(words));
  g_assert_cmpuint(st.hits, ==, G_N_ELEMENTS(words));
  word_cache_clear(f.words);
  WordCacheStats cleared = stats(&f);
  g_assert_cmpuint(cleared.words, ==, 0);
  g_assert_cmpuint(cleared.bytes, ==, 0);
  g_assert_cmpuint(cleared.hits, ==, st.hits);
  g_assert_cmpuint(cleared.misses, ==, st.misses);
  g_assert_cmpuint(cleared.clears, ==, 0); /* only the bound counts as a clear */
  word_cache_width(f.words, "width", 5, 0, 5, f.style, false);
  g_assert_cmpuint(stats(&f).misses, ==, st.misses + 1);
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/word-cache/same-word", test_same_word_hits);
  g_test_add_func("/word-cache/keys", test_style_and_direction_are_keys);
  g_test_add_func("/word-cache/long-words", test_long_words_uncached);
  g_test_add_func("/word-cache/measured-then-drawn", test_measured_then_drawn);
  g_test_add_func("/word-cache/bounded", test_bounded);
  g_test_add_func("/word-cache/context", test_context_dependent_uncached);
  g_test_add_func("/word-cache/surrounded", test_surrounded_word_cached);
  g_test_add_func("/word-cache/width-and-clear", test_width_and_clear);
  return g_test_run();
}
