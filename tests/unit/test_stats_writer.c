/* test_stats_writer.c — one table of rows, written as JSON and as text.
 *
 * A small source struct with one field of each unit (and a getter) is written
 * by each back end; the JSON is compared byte for byte and checked with
 * test_json_object_keys (one object, each member once, lists nested, members
 * added after a list still inside the object), and the text has a line per row. */
#include <glib.h>
#include <locale.h>
#include <stddef.h>
#include <string.h>

#include "stats_writer.h"
#include "testutil.h"

/* A source with one field per unit. */
typedef struct {
  bool on;          /* STATS_FLAG */
  guint64 n;        /* STATS_COUNT */
  guint64 size;     /* STATS_BYTES */
  double ms;        /* STATS_MS */
  double ratio;     /* STATS_RATIO */
  const char *name; /* STATS_TEXT */
} Sample;

static StatsValue twice_n(const void *source)
{
  return (StatsValue){.count = 2 * ((const Sample *)source)->n};
}

#define AT(member) .offset = offsetof(Sample, member)

static const StatsRow sample_rows[] = {
    {"on", "switch", NULL, STATS_FLAG, AT(on)},
    {"n", "count", "things", STATS_COUNT, AT(n)},
    {"size", "size", "bytes", STATS_BYTES, AT(size)},
    {"ms", "time", "ms", STATS_MS, AT(ms)},
    {"ratio", "ratio", NULL, STATS_RATIO, AT(ratio)},
    {"name", "name", NULL, STATS_TEXT, AT(name)},
    {"twice", "twice n", NULL, STATS_COUNT, .get = twice_n},
};

static const Sample sample = {true, 12345, 2048, 1.5, 0.25, "DejaVu Sans"};

static const StatsRow more_rows[] = {
    {"after", "after the list", NULL, STATS_COUNT, AT(n)},
};

/* Writes sample_rows, a list of two items, then more_rows. */
static char *write_all(StatsWriter *w)
{
  const Sample second = {false, 1, 2, 3.0, 4.0, NULL};
  stats_writer_add_rows(w, sample_rows, G_N_ELEMENTS(sample_rows), &sample);
  stats_writer_begin_list(w, "items", "the items");
  stats_writer_add_item(w, sample_rows, 2, &sample);
  stats_writer_add_item(w, sample_rows, 2, &second);
  stats_writer_end_list(w);
  stats_writer_add_rows(w, more_rows, G_N_ELEMENTS(more_rows), &second);
  return stats_writer_finish(w);
}

static void test_json_exact(void)
{
  g_autoptr(StatsWriter) w = stats_writer_new_json();
  g_autofree char *json = write_all(w);
  g_assert_cmpstr(json, ==,
                  "{\"on\": true, \"n\": 12345, \"size\": 2048, \"ms\": 1.500, \"ratio\": 0.2500, "
                  "\"name\": \"DejaVu Sans\", \"twice\": 24690, "
                  "\"items\": [{\"on\": true, \"n\": 12345}, {\"on\": false, \"n\": 1}], "
                  "\"after\": 1}");
}

static void test_json_one_object(void)
{
  g_autoptr(StatsWriter) w = stats_writer_new_json();
  g_autofree char *json = write_all(w);
  g_autoptr(GPtrArray) keys = test_json_object_keys(json);
  g_assert_nonnull(keys);
  static const char *const want[] = {"on",   "n",     "size",  "ms",   "ratio",
                                     "name", "twice", "items", "after"};
  g_assert_cmpuint(keys->len, ==, G_N_ELEMENTS(want));
  for (guint i = 0; i < keys->len; i++)
    g_assert_cmpstr(keys->pdata[i], ==, want[i]);
  g_assert_null(strchr(json, '\n'));
  /* The checker itself refuses what is not one object. */
  static const char *const bad[] = {
      "",    "{",           "{\"a\": 1,}",       "{\"a\" 1}",   "{\"a\": 1} {}",
      "[1]", "{\"a\": 01}", "{\"a\": \"\x01\"}", "{\"a\": tru}"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    GPtrArray *none = test_json_object_keys(bad[i]);
    g_assert_null(none);
  }
}

static void test_json_string_escapes(void)
{
  static const StatsRow row = {.name = "s", .label = "s", .unit = STATS_TEXT};
  g_autoptr(StatsWriter) w = stats_writer_new_json();
  stats_writer_add(w, &row, (StatsValue){.text = "a\"b\\c\n\x01é"});
  g_autofree char *json = stats_writer_finish(w);
  g_assert_cmpstr(json, ==, "{\"s\": \"a\\\"b\\\\c\\n\\u0001é\"}");
  g_autoptr(StatsWriter) w2 = stats_writer_new_json();
  stats_writer_add(w2, &row, (StatsValue){.text = NULL});
  g_autofree char *null_json = stats_writer_finish(w2);
  g_assert_cmpstr(null_json, ==, "{\"s\": null}");
}

/* Under a locale whose decimal separator is a comma, JSON keeps its '.'. */
static void test_json_numbers_ignore_locale(void)
{
  if (setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL &&
      setlocale(LC_NUMERIC, "fr_FR.UTF-8") == NULL) {
    g_test_skip("no locale with a decimal comma installed");
    return;
  }
  g_autoptr(StatsWriter) w = stats_writer_new_json();
  stats_writer_add_rows(w, sample_rows, G_N_ELEMENTS(sample_rows), &sample);
  g_autofree char *json = stats_writer_finish(w);
  setlocale(LC_NUMERIC, "C");
  g_assert_nonnull(strstr(json, "\"ms\": 1.500,"));
  g_assert_nonnull(strstr(json, "\"ratio\": 0.2500,"));
}

static void test_text_rows(void)
{
  g_autoptr(StatsWriter) w = stats_writer_new_text("title line");
  g_autofree char *text = write_all(w);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  /* title, a row each, the list's label and two items, the row after, "" after the last \n */
  g_assert_cmpuint(g_strv_length(lines), ==, 1 + G_N_ELEMENTS(sample_rows) + 3 + 1 + 1);
  g_assert_cmpstr(lines[0], ==, "title line");
  for (guint i = 0; i < G_N_ELEMENTS(sample_rows); i++) {
    g_autofree char *start = g_strdup_printf("  %-22s ", sample_rows[i].label);
    g_assert_true(g_str_has_prefix(lines[1 + i], start));
  }
  g_assert_cmpstr(lines[1], ==, "  switch                               on");
  g_assert_cmpstr(lines[2], ==, "  count                             12345  things");
  g_assert_cmpstr(lines[4], ==, "  time                                1.5  ms");
  g_assert_cmpstr(lines[6], ==, "  name                        DejaVu Sans");
  g_assert_cmpstr(lines[8], ==, "  the items");
  g_assert_cmpstr(lines[9], ==, "    switch on, count 12345");
  g_assert_cmpstr(lines[10], ==, "    switch off, count 1");
  g_assert_true(g_str_has_prefix(lines[11], "  after the list"));
  g_assert_cmpstr(lines[12], ==, "");
}

static void test_nothing_after_finish(void)
{
  g_autoptr(StatsWriter) w = stats_writer_new_json();
  g_autofree char *json = stats_writer_finish(w);
  g_assert_cmpstr(json, ==, "{}");
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*finished*");
  stats_writer_add_rows(w, sample_rows, 1, &sample);
  g_test_assert_expected_messages();
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/stats-writer/json/exact", test_json_exact);
  g_test_add_func("/stats-writer/json/one-object", test_json_one_object);
  g_test_add_func("/stats-writer/json/string-escapes", test_json_string_escapes);
  g_test_add_func("/stats-writer/json/numbers-ignore-locale", test_json_numbers_ignore_locale);
  g_test_add_func("/stats-writer/text/a-row-each", test_text_rows);
  g_test_add_func("/stats-writer/nothing-after-finish", test_nothing_after_finish);
  return g_test_run();
}
