/* test_height_index.c — the chunked index against a naive array.
 *
 * Random splices and sets are applied to both the HeightIndex and a plain
 * GArray of heights; after each step get/prefix/total/find must agree with
 * sums computed the slow way. The small run keeps to a few thousand entries;
 * the large one (5,000-20,000 entries, several dozen chunks of 512) makes
 * splices that cross chunks, split full ones, merge and drop emptied ones,
 * empties the index and fills it again, and mixes in zero heights and heights
 * of 65535 px and more (kept beside a chunk's 16-bit entries) that splices
 * shift. The memory tests hold the index to its budget of 2.5 bytes per entry.
 * The seed is fixed (printed; override with GLYPHPAD_TEST_SEED=N) so a
 * failure can be replayed. */
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>

#include "height_index.h"

static guint32 test_seed(void)
{
  const char *env = g_getenv("GLYPHPAD_TEST_SEED");
  guint32 seed = env != NULL ? (guint32)strtoul(env, NULL, 10) : 20240611u;
  g_test_message("seed %u (set GLYPHPAD_TEST_SEED to replay another)", seed);
  return seed;
}

static guint64 naive_prefix(const GArray *naive, guint32 i)
{
  guint64 sum = 0;
  for (guint32 j = 0; j < i; j++)
    sum += g_array_index(naive, guint32, j);
  return sum;
}

/* The entry containing @y by a linear scan, as height_index_find defines it. */
static guint32 naive_find(const GArray *naive, guint64 y, guint64 *top)
{
  guint64 sum = 0;
  for (guint32 j = 0; j < naive->len; j++) {
    guint32 h = g_array_index(naive, guint32, j);
    if (y < sum + h) {
      *top = sum;
      return j;
    }
    sum += h;
  }
  if (naive->len == 0) {
    *top = 0;
    return 0;
  }
  *top = sum - g_array_index(naive, guint32, naive->len - 1);
  return naive->len - 1;
}

static void check_equal(const HeightIndex *index, const GArray *naive, GRand *rand)
{
  g_assert_cmpuint(height_index_count(index), ==, naive->len);
  guint64 sum = 0;
  for (guint32 i = 0; i < naive->len; i++) {
    g_assert_cmpuint(height_index_get(index, i), ==, g_array_index(naive, guint32, i));
    g_assert_cmpuint(height_index_prefix(index, i), ==, sum);
    sum += g_array_index(naive, guint32, i);
  }
  g_assert_cmpuint(height_index_prefix(index, naive->len), ==, sum);
  g_assert_cmpuint(height_index_total(index), ==, sum);
  for (int probe = 0; probe < 20; probe++) {
    guint64 y = (guint64)(g_rand_double(rand) * (double)(sum + 50)); /* sums pass G_MAXINT32 */
    guint64 top = G_MAXUINT64, naive_top = 0;
    guint32 found = height_index_find(index, y, &top);
    g_assert_cmpuint(found, ==, naive_find(naive, y, &naive_top));
    g_assert_cmpuint(top, ==, naive_top);
    g_assert_cmpuint(top, ==, naive_prefix(naive, found));
  }
}

/* A height for an edit: often 0 or 19 (runs of equal heights, zeros for
 * find to step over), sometimes 65535 px or more (past the 16-bit entries:
 * 65534 and 65535 on either side of the escape, up to G_MAXUINT32). */
static guint32 random_height(GRand *rand)
{
  static const guint32 big[] = {65534u, 65535u, 65536u, 70000u, 1000000u, G_MAXUINT32};
  switch (g_rand_int_range(rand, 0, 8)) {
  case 0:
    return big[g_rand_int_range(rand, 0, G_N_ELEMENTS(big))];
  case 1:
  case 2:
  case 3:
    return (guint32)g_rand_int_range(rand, 0, 3) * 19;
  default:
    return (guint32)g_rand_int_range(rand, 0, 400);
  }
}

/* Applies a splice to the naive array: @inserted copies of @height at @first. */
static void naive_splice(GArray *naive, guint32 first, guint32 removed, guint32 inserted,
                         guint32 height)
{
  g_autofree guint32 *run = g_new(guint32, MAX(inserted, 1));
  for (guint32 j = 0; j < inserted; j++)
    run[j] = height;
  g_array_remove_range(naive, first, removed);
  g_array_insert_vals(naive, first, run, inserted);
}

/* One random edit applied to both. Heights include zeros (empty paragraphs
 * of a collapsed view) so find's stepping over them is exercised. */
static void random_edit(HeightIndex *index, GArray *naive, GRand *rand)
{
  guint32 n = naive->len;
  guint32 height = random_height(rand);
  if (n > 0 && g_rand_int_range(rand, 0, 3) == 0) {
    guint32 i = (guint32)g_rand_int_range(rand, 0, (gint32)n);
    height_index_set(index, i, height);
    g_array_index(naive, guint32, i) = height;
    return;
  }
  guint32 first = (guint32)g_rand_int_range(rand, 0, (gint32)n + 1);
  guint32 most = n > 1500 ? 400 : 7; /* keep the size in the low thousands */
  guint32 removed = (guint32)g_rand_int_range(rand, 0, (gint32)MIN(n - first, most) + 1);
  guint32 inserted = (guint32)g_rand_int_range(rand, 0, 9);
  if (g_rand_int_range(rand, 0, 20) == 0)
    inserted = 300; /* a paste of many paragraphs: crosses several powers of two */
  height_index_splice(index, first, removed, inserted, height);
  naive_splice(naive, first, removed, inserted, height);
}

static void test_random_against_naive(void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(test_seed());
  g_autoptr(HeightIndex) index = height_index_new();
  g_autoptr(GArray) naive = g_array_new(FALSE, FALSE, sizeof(guint32));
  guint most = 0;
  for (int step = 0; step < 3000; step++) {
    random_edit(index, naive, rand);
    check_equal(index, naive, rand);
    most = MAX(most, naive->len);
  }
  g_test_message("largest index: %u entries", most);
  g_assert_cmpuint(most, >, 1024); /* the tree had several levels */
}

static void test_empty(void)
{
  g_autoptr(HeightIndex) index = height_index_new();
  guint64 top = 99;
  g_assert_cmpuint(height_index_count(index), ==, 0);
  g_assert_cmpuint(height_index_total(index), ==, 0);
  g_assert_cmpuint(height_index_find(index, 1000, &top), ==, 0);
  g_assert_cmpuint(top, ==, 0);
  g_assert_cmpuint(height_index_bytes(index), >, 0);
}

/* Appending one entry at a time (loading) must match one big splice. */
static void test_append_matches_bulk(void)
{
  g_autoptr(HeightIndex) a = height_index_new();
  g_autoptr(HeightIndex) b = height_index_new();
  for (guint32 i = 0; i < 1000; i++)
    height_index_splice(a, i, 0, 1, 17);
  height_index_splice(b, 0, 0, 1000, 17);
  g_assert_cmpuint(height_index_total(a), ==, 17000);
  for (guint32 i = 0; i <= 1000; i += 37)
    g_assert_cmpuint(height_index_prefix(a, i), ==, height_index_prefix(b, i));
  guint64 top = 0;
  g_assert_cmpuint(height_index_find(a, 17 * 500 + 3, &top), ==, 500);
  g_assert_cmpuint(top, ==, 17 * 500);
  g_assert_cmpuint(height_index_bytes(a), >, 0);
  /* full chunks either way: the same memory */
  g_assert_cmpuint(height_index_bytes(a), ==, height_index_bytes(b));
}

/* Past the end, and at exactly the total: the last entry. */
static void test_find_past_end(void)
{
  g_autoptr(HeightIndex) index = height_index_new();
  height_index_splice(index, 0, 0, 3, 10);
  guint64 top = 0;
  g_assert_cmpuint(height_index_find(index, 30, &top), ==, 2);
  g_assert_cmpuint(top, ==, 20);
  g_assert_cmpuint(height_index_find(index, 12345, &top), ==, 2);
  g_assert_cmpuint(top, ==, 20);
  g_assert_cmpuint(height_index_find(index, 9, &top), ==, 0);
  g_assert_cmpuint(height_index_find(index, 10, &top), ==, 1);
  g_assert_cmpuint(top, ==, 10);
}

/* ---------------------------------------------------------------- many chunks */

/* The cumulative sums of @naive: sums[i] = prefix(i), n + 1 of them. */
static guint64 *naive_sums(const GArray *naive)
{
  guint64 *sums = g_new(guint64, naive->len + 1);
  sums[0] = 0;
  for (guint32 j = 0; j < naive->len; j++)
    sums[j + 1] = sums[j] + g_array_index(naive, guint32, j);
  return sums;
}

/* height_index_find's answer from the sums: the last i < n with sums[i] <= y
 * (with zero heights, that is the one whose end is past y). */
static guint32 sums_find(const guint64 *sums, guint32 n, guint64 y)
{
  guint32 lo = 0, hi = n; /* sums[lo] <= y; the answer is in [lo, hi) */
  while (hi - lo > 1) {
    guint32 mid = lo + (hi - lo) / 2;
    if (sums[mid] <= y)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

static void check_find(const HeightIndex *index, const guint64 *sums, guint32 n, guint64 y)
{
  guint64 top = G_MAXUINT64;
  guint32 found = height_index_find(index, y, &top);
  guint32 want = n == 0 ? 0 : sums_find(sums, n, y);
  g_assert_cmpuint(found, ==, want);
  g_assert_cmpuint(top, ==, sums[want]);
}

/* Every get and, with @full, every prefix; else prefixes at the ends and at
 * random places. Finds at random y, at entry tops (where zero heights sit)
 * and past the end. */
static void check_large(const HeightIndex *index, const GArray *naive, GRand *rand, bool full)
{
  guint32 n = naive->len;
  g_autofree guint64 *sums = naive_sums(naive);
  g_assert_cmpuint(height_index_count(index), ==, n);
  g_assert_cmpuint(height_index_total(index), ==, sums[n]);
  for (guint32 i = 0; i < n; i++)
    g_assert_cmpuint(height_index_get(index, i), ==, g_array_index(naive, guint32, i));
  g_assert_cmpuint(height_index_prefix(index, 0), ==, 0);
  g_assert_cmpuint(height_index_prefix(index, n), ==, sums[n]);
  for (guint32 k = 0; k < (full ? n : MIN(n, 200)); k++) {
    guint32 i = full ? k : (guint32)g_rand_int_range(rand, 0, (gint32)n + 1);
    g_assert_cmpuint(height_index_prefix(index, i), ==, sums[i]);
  }
  for (int probe = 0; probe < 40; probe++) {
    guint32 i = n ? (guint32)g_rand_int_range(rand, 0, (gint32)n) : 0;
    check_find(index, sums, n, sums[i]);
    check_find(index, sums, n, (guint64)(g_rand_double(rand) * (double)(sums[n] + 100)));
  }
  check_find(index, sums, n, sums[n]);
  check_find(index, sums, n, G_MAXUINT64);
}

/* One edit of the large run: a splice of up to 2,000 entries either way
 * (crosses chunks), a small one (splits full chunks), or a set. Steers the
 * size towards 5,000-20,000 entries. */
static void large_edit(HeightIndex *index, GArray *naive, GRand *rand)
{
  guint32 n = naive->len, height = random_height(rand);
  int kind = g_rand_int_range(rand, 0, 4);
  if (kind == 0 && n > 0) {
    guint32 i = (guint32)g_rand_int_range(rand, 0, (gint32)n);
    height_index_set(index, i, height);
    g_array_index(naive, guint32, i) = height;
    return;
  }
  guint32 most = kind == 1 ? 3 : 2000;
  guint32 first = (guint32)g_rand_int_range(rand, 0, (gint32)n + 1);
  guint32 removed = (guint32)g_rand_int_range(rand, 0, (gint32)MIN(n - first, most) + 1);
  guint32 inserted = (guint32)g_rand_int_range(rand, 0, (gint32)most + 1);
  if (n < 5000)
    inserted += 500;
  else if (n > 20000)
    removed = MIN(n - first, removed + 1500);
  height_index_splice(index, first, removed, inserted, height);
  naive_splice(naive, first, removed, inserted, height);
}

static void test_many_chunks_against_naive(void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(test_seed());
  g_autoptr(HeightIndex) index = height_index_new();
  g_autoptr(GArray) naive = g_array_new(FALSE, FALSE, sizeof(guint32));
  guint32 most = 0;
  for (int step = 1; step <= 600; step++) {
    if (step % 150 == 0) { /* everything deleted, then inserted into the empty index */
      height_index_splice(index, 0, naive->len, 0, 0);
      g_array_set_size(naive, 0);
      check_large(index, naive, rand, true);
      g_assert_cmpuint(height_index_bytes(index), <=, 64);
    }
    large_edit(index, naive, rand);
    check_large(index, naive, rand, step % 50 == 0);
    most = MAX(most, naive->len);
  }
  g_test_message("largest index: %u entries", most);
  g_assert_cmpuint(most, >=, 5000);
}

/* Entries of 65535 px and more, set one by one inside chunks of small
 * heights, keep their values while splices before them (in the same chunk
 * and in earlier ones) shift them, and while chunks split and merge. */
static void test_big_heights_shift(void)
{
  g_autoptr(HeightIndex) index = height_index_new();
  g_autoptr(GArray) naive = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_autoptr(GRand) rand = g_rand_new_with_seed(test_seed());
  height_index_splice(index, 0, 0, 3000, 20);
  naive_splice(naive, 0, 0, 3000, 20);
  for (guint32 i = 7; i < 3000; i += 97) {
    guint32 h = i % 2 ? 65535u + i : G_MAXUINT32 - i;
    height_index_set(index, i, h);
    g_array_index(naive, guint32, i) = h;
  }
  static const guint32 edits[][3] = {{5, 0, 1},     {5, 1, 0},     {600, 0, 40},  {0, 3, 0},
                                     {520, 0, 300}, {100, 450, 0}, {1000, 10, 2}, {0, 0, 512}};
  for (guint e = 0; e < G_N_ELEMENTS(edits); e++) {
    height_index_splice(index, edits[e][0], edits[e][1], edits[e][2], 19);
    naive_splice(naive, edits[e][0], edits[e][1], edits[e][2], 19);
    check_large(index, naive, rand, true);
  }
  /* a run of big heights, then smaller ones set into it */
  height_index_splice(index, 2000, 0, 700, 100000);
  naive_splice(naive, 2000, 0, 700, 100000);
  for (guint32 i = 2000; i < 2700; i += 50) {
    height_index_set(index, i, 3);
    g_array_index(naive, guint32, i) = 3;
  }
  height_index_splice(index, 2001, 60, 0, 0);
  naive_splice(naive, 2001, 60, 0, 0);
  check_large(index, naive, rand, true);
}

/* ---------------------------------------------------------------- memory */

/* Bytes per entry of @index, printed. */
static double bytes_per_entry(const HeightIndex *index, const char *what)
{
  double per = (double)height_index_bytes(index) / height_index_count(index);
  g_test_message("%s: %" G_GUINT64_FORMAT " bytes for %u entries, %.3f bytes per entry", what,
                 height_index_bytes(index), height_index_count(index), per);
  return per;
}

/* Loading: 1,000,000 entries of height 20 appended 1,000 at a time take at
 * most 2.5 bytes each; so do they once every height differs from its
 * neighbour (a measured file whose paragraphs wrap), and so do 1,000,000
 * entries of varied heights appended one at a time. */
static void test_bytes_per_entry(void)
{
  g_autoptr(HeightIndex) loaded = height_index_new();
  for (guint32 i = 0; i < 1000000; i += 1000)
    height_index_splice(loaded, i, 0, 1000, 20);
  g_assert_cmpuint(height_index_total(loaded), ==, 20000000);
  g_assert_cmpfloat(bytes_per_entry(loaded, "height 20, 1,000 at a time"), <=, 2.5);
  guint64 total = 0;
  for (guint32 i = 0; i < 1000000; i++) {
    height_index_set(loaded, i, 20 + i % 7 * 20);
    total += 20 + i % 7 * 20;
  }
  g_assert_cmpuint(height_index_total(loaded), ==, total);
  g_assert_cmpfloat(bytes_per_entry(loaded, "then every height set"), <=, 2.5);

  g_autoptr(HeightIndex) one = height_index_new();
  for (guint32 i = 0; i < 1000000; i++)
    height_index_splice(one, i, 0, 1, 20 + i % 7 * 20);
  g_assert_cmpuint(height_index_total(one), ==, total);
  g_assert_cmpfloat(bytes_per_entry(one, "varied, one at a time"), <=, 2.5);
  for (guint32 i = 0; i < 1000000; i += 4999)
    g_assert_cmpuint(height_index_prefix(one, i), ==, height_index_prefix(loaded, i));
}

/* After edits the chunks are more than half full on average; the index still
 * keeps to 2.5 bytes per entry: an insertion that splits every chunk of a
 * measured 1,000,000-entry index, typing (sets, lines added, lines joined,
 * pastes), then three quarters deleted in pieces. */
static void test_bytes_after_edits(void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(test_seed());
  g_autoptr(HeightIndex) index = height_index_new();
  height_index_splice(index, 0, 0, 1000000, 20);
  for (guint32 i = 0; i < 1000000; i++)
    height_index_set(index, i, 20 + i % 7 * 20);
  for (guint32 i = 256; i < height_index_count(index); i += 513)
    height_index_splice(index, i, 0, 1, 40);
  g_assert_cmpfloat(bytes_per_entry(index, "one entry into every 512"), <=, 2.5);
  for (int k = 0; k < 200000; k++) {
    guint32 n = height_index_count(index), at = (guint32)g_rand_int_range(rand, 0, (gint32)n);
    guint32 h = (guint32)g_rand_int_range(rand, 1, 400);
    int kind = g_rand_int_range(rand, 0, 10);
    if (kind < 5)
      height_index_set(index, at, h);
    else if (kind < 9)
      height_index_splice(index, at, kind < 7 ? 0 : 1, kind < 7 ? 1 : 0, h);
    else
      height_index_splice(index, at, MIN((guint32)g_rand_int_range(rand, 0, 60), n - at),
                          (guint32)g_rand_int_range(rand, 0, 60), h);
  }
  g_assert_cmpfloat(bytes_per_entry(index, "then 200,000 edits"), <=, 2.5);
  while (height_index_count(index) > 250000) {
    guint32 n = height_index_count(index);
    height_index_splice(index, (guint32)g_rand_int_range(rand, 0, (gint32)n - 300), 250, 0, 0);
  }
  g_assert_cmpfloat(bytes_per_entry(index, "then 3/4 deleted"), <=, 2.5);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/height_index/empty", test_empty);
  g_test_add_func("/height_index/append-matches-bulk", test_append_matches_bulk);
  g_test_add_func("/height_index/find-past-end", test_find_past_end);
  g_test_add_func("/height_index/random-against-naive", test_random_against_naive);
  g_test_add_func("/height_index/many-chunks-against-naive", test_many_chunks_against_naive);
  g_test_add_func("/height_index/big-heights-shift", test_big_heights_shift);
  g_test_add_func("/height_index/bytes-per-entry", test_bytes_per_entry);
  g_test_add_func("/height_index/bytes-after-edits", test_bytes_after_edits);
  return g_test_run();
}
