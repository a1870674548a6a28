/* test_height_index.c — the Fenwick tree against a naive array.
 *
 * Random splices and sets are applied to both the HeightIndex and a plain
 * GArray of heights; after each step get/prefix/total/find must agree with
 * sums computed the slow way. The seed is fixed (printed; override with
 * GLYPHPAD_TEST_SEED=N) so a failure can be replayed. */
#include <glib.h>
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
    guint64 y = (guint64)g_rand_int_range(rand, 0, (gint32)(sum + 50));
    guint64 top = G_MAXUINT64, naive_top = 0;
    guint32 found = height_index_find(index, y, &top);
    g_assert_cmpuint(found, ==, naive_find(naive, y, &naive_top));
    g_assert_cmpuint(top, ==, naive_top);
    g_assert_cmpuint(top, ==, naive_prefix(naive, found));
  }
}

/* One random edit applied to both. Heights include zeros (empty paragraphs
 * of a collapsed view) so find's stepping over them is exercised. */
static void random_edit(HeightIndex *index, GArray *naive, GRand *rand)
{
  guint32 n = naive->len;
  guint32 height = g_rand_boolean(rand) ? (guint32)g_rand_int_range(rand, 0, 3) * 19
                                        : (guint32)g_rand_int_range(rand, 0, 400);
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
  g_array_remove_range(naive, first, removed);
  for (guint32 j = 0; j < inserted; j++)
    g_array_insert_val(naive, first, height);
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
  g_assert_cmpuint(height_index_bytes(a), >=, 1000 * (4 + 8));
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

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/height_index/empty", test_empty);
  g_test_add_func("/height_index/append-matches-bulk", test_append_matches_bulk);
  g_test_add_func("/height_index/find-past-end", test_find_past_end);
  g_test_add_func("/height_index/random-against-naive", test_random_against_naive);
  return g_test_run();
}
