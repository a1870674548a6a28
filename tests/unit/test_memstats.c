/* test_memstats.c — counted figures, the seed formula, and MemStats's table
 * written as JSON, text and panel lines (the heap and RSS readers are tested
 * in test_procstat.c).
 *
 * Expectations are computed from the text and the live glyphs themselves
 * (character counts with g_utf8_strlen, intrinsic bytes by summing
 * glyph_bytes over the distinct glyphs the document refers to), never typed in. */
#include <glib.h>
#include <string.h>

#include "document.h"
#include "layout.h"
#include "memstats.h"
#include "testutil.h"
#include "view.h"

static const char *const known_text[] = {
    "The quick brown fox jumps over the lazy dog.",
    "",
    "Café, naïve façade — déjà vu.",
    "Ελλάδα και θάλασσα",
    "last line without a newline",
};

static Document *document_from_lines(const TestFonts *fonts, const char *const *lines, guint n)
{
  Document *doc = document_new(fonts->factory, fonts->style);
  for (guint i = 0; i < n; i++) {
    g_autoptr(GError) error = NULL;
    LineEnding ending = i + 1 < n ? LINE_END_LF : LINE_END_NONE;
    g_assert_true(document_append_paragraph(doc, lines[i], strlen(lines[i]), ending, &error));
    g_assert_no_error(error);
  }
  return doc;
}

/* Sums glyph_bytes over the distinct glyphs @doc refers to; their count in @n. */
static guint64 distinct_glyph_bytes(const Document *doc, guint *n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
  guint64 bytes = 0;
  for (guint32 p = 0; p < document_paragraph_count(doc); p++) {
    DocCharIter it;
    document_iter_init(doc, &it, p, 0);
    while (document_iter_next(&it)) {
      if (g_hash_table_add(seen, it.glyph))
        bytes += glyph_bytes(it.glyph);
    }
  }
  *n = g_hash_table_size(seen);
  return bytes;
}

static guint distinct_codepoints(const char *const *lines, guint n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
  for (guint i = 0; i < n; i++)
    for (const char *p = lines[i]; *p != '\0'; p = g_utf8_next_char(p))
      g_hash_table_add(seen, GUINT_TO_POINTER(g_utf8_get_char(p)));
  return g_hash_table_size(seen);
}

static void test_collect_known_text(void)
{
  TestFonts fonts;
  test_fonts_init(&fonts);
  guint n_lines = G_N_ELEMENTS(known_text);
  Document *doc = document_from_lines(&fonts, known_text, n_lines);
  guint64 chars = 0;
  for (guint i = 0; i < n_lines; i++)
    chars += (guint64)g_utf8_strlen(known_text[i], -1);

  MemStats st;
  memstats_collect(&st, fonts.factory, doc, NULL);
  g_assert_true(st.flyweight);
  g_assert_cmpuint(st.characters, ==, chars);
  g_assert_cmpuint(st.paragraphs, ==, n_lines);
  guint n_glyphs = 0;
  guint64 bytes = distinct_glyph_bytes(doc, &n_glyphs);
  g_assert_cmpuint(n_glyphs, ==, distinct_codepoints(known_text, n_lines));
  g_assert_cmpuint(st.glyphs_alive, ==, n_glyphs);
  g_assert_cmpuint(st.intrinsic_bytes, ==, bytes);
  g_assert_cmpuint(st.document_bytes, ==, document_bytes(doc));
  g_assert_cmpuint(st.drawn_glyphs, ==, 0);
  g_assert_cmpuint(st.heap_bytes, >, 0);
  g_assert_cmpuint(st.rss_bytes, >, 0);
  g_assert_cmpuint(st.factory_hits + st.factory_misses, >=, chars);
  document_free(doc);
  test_fonts_clear(&fonts);
}

static void test_collect_with_view(void)
{
  TestFonts fonts;
  test_fonts_init(&fonts);
  Document *doc = document_from_lines(&fonts, known_text, G_N_ELEMENTS(known_text));
  View *view = view_new(doc, 800, 600);
  guint n_pieces = 0;
  (void)view_visible(view, &n_pieces);
  MemStats st;
  memstats_collect(&st, fonts.factory, doc, view);
  /* Everything fits on one screen: one record per character. */
  g_assert_cmpuint(st.drawn_glyphs, ==, st.characters);
  g_assert_cmpuint(st.extrinsic_bytes, ==, st.drawn_glyphs * sizeof(DrawnGlyph));
  g_assert_cmpuint(st.view_bytes, ==, view_bytes(view));
  g_assert_cmpuint(memstats_counted_bytes(&st), ==,
                   st.intrinsic_bytes + st.document_bytes + st.extrinsic_bytes + st.view_bytes);
  view_free(view);
  document_free(doc);
  test_fonts_clear(&fonts);
}

/* 400 lines of generated prose: enough that per-character costs dominate. */
static Document *prose_document(const TestFonts *fonts)
{
  static const char *const words[] = {"memory", "glyph",  "the",   "of",    "shared", "window",
                                      "river",  "Editor", "paper", "light", "and",    "quiet"};
  Document *doc = document_new(fonts->factory, fonts->style);
  GRand *rand = g_rand_new_with_seed(7);
  for (int line = 0; line < 400; line++) {
    g_autoptr(GString) text = g_string_new(NULL);
    while (text->len < 70)
      g_string_append_printf(text, "%s ", words[g_rand_int_range(rand, 0, G_N_ELEMENTS(words))]);
    g_assert_true(document_append_paragraph(doc, text->str, text->len, LINE_END_LF, NULL));
  }
  g_rand_free(rand);
  return doc;
}

static void test_predict(void)
{
  TestFonts fonts;
  test_fonts_init(&fonts);
  Document *doc = prose_document(&fonts);
  guint64 on = 0, off = 0;
  memstats_predict(doc, &on, &off);
  g_assert_cmpuint(off, >, on);
  GlyphFactoryStats fs;
  glyph_factory_get_stats(fonts.factory, &fs);
  /* on = S + D exactly, with sharing on. */
  g_assert_cmpuint(on, ==, fs.intrinsic_bytes + document_bytes(doc));
  g_assert_cmpuint(off, ==, document_estimate_private_bytes(doc) + document_bytes(doc));
  g_assert_cmpuint(off - document_bytes(doc), >=,
                   document_char_count(doc) * (sizeof(Glyph) + sizeof(Glyph *)));

  /* Going off for real: the counted bytes (less the template cache) come
   * close to what was predicted. */
  g_autoptr(GError) error = NULL;
  g_assert_true(document_set_sharing(doc, false, G_MAXUINT64, &error));
  g_assert_no_error(error);
  MemStats st;
  memstats_collect(&st, fonts.factory, doc, NULL);
  g_assert_false(st.flyweight);
  guint64 actual = st.intrinsic_bytes - fs.intrinsic_bytes + st.document_bytes;
  g_assert_cmpuint(actual, >=, off - off / 4);
  g_assert_cmpuint(actual, <=, off + off / 4);
  g_assert_cmpuint(st.predicted_off, >=, off - off / 4);
  g_assert_cmpuint(st.predicted_off, <=, off + off / 4);
  document_free(doc);
  test_fonts_clear(&fonts);
}

/* Bytes a row reads at its offset. */
static gsize unit_size(StatsUnit unit)
{
  switch (unit) {
  case STATS_FLAG:
    return sizeof(bool);
  case STATS_COUNT:
  case STATS_BYTES:
    return sizeof(guint64);
  case STATS_MS:
  case STATS_RATIO:
    return sizeof(double);
  case STATS_TEXT:
    return sizeof(const char *);
  }
  return 0;
}

/* Every MemStats field has exactly one row: the rows' offsets cover every byte
 * of the struct once, except padding (runs shorter than a guint64), so a field
 * added without a row fails here. Names are unique too. */
static void test_table_covers_every_field(void)
{
  gsize n = 0;
  const StatsRow *rows = memstats_rows(&n);
  guint8 covered[sizeof(MemStats)] = {0};
  g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
  for (gsize i = 0; i < n; i++) {
    g_assert_true(g_hash_table_add(names, (gpointer)rows[i].name));
    g_assert_nonnull(rows[i].label);
    if (rows[i].get != NULL)
      continue;
    g_assert_cmpuint(rows[i].offset + unit_size(rows[i].unit), <=, sizeof(MemStats));
    for (gsize b = 0; b < unit_size(rows[i].unit); b++)
      g_assert_cmpuint(covered[rows[i].offset + b]++, ==, 0);
  }
  gsize gap = 0;
  for (gsize b = 0; b < sizeof(MemStats); b++) {
    gap = covered[b] ? 0 : gap + 1;
    g_assert_cmpuint(gap, <, sizeof(guint64));
  }
}

/* How often @key is among @keys. */
static guint count_key(const GPtrArray *keys, const char *key)
{
  guint n = 0;
  for (guint i = 0; i < keys->len; i++)
    n += strcmp(keys->pdata[i], key) == 0;
  return n;
}

static void test_json(void)
{
  MemStats st = {.flyweight = true, .characters = 12345, .paragraphs = 7, .glyphs_alive = 99};
  static const StatsRow load_row = {.name = "load_ms",
                                    .label = "load",
                                    .note = "ms",
                                    .unit = STATS_MS};
  g_autoptr(StatsWriter) writer = stats_writer_new_json();
  memstats_write(&st, writer);
  stats_writer_add(writer, &load_row, (StatsValue){.number = 1.5});
  g_autofree char *json = stats_writer_finish(writer);
  static const char *const keys[] = {
      "flyweight",      "characters",      "paragraphs",      "drawn_glyphs",   "drawn_glyph_bytes",
      "glyphs_alive",   "glyphs_created",  "glyphs_freed",    "glyphs_pinned",  "factory_hits",
      "factory_misses", "intrinsic_bytes", "extrinsic_bytes", "document_bytes", "view_bytes",
      "predicted_on",   "predicted_off",   "heap_bytes",      "rss_bytes",      "bytes_per_char",
      "load_ms",
  };
  for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
    g_autofree char *quoted = g_strdup_printf("\"%s\": ", keys[i]);
    g_assert_nonnull(strstr(json, quoted));
  }
  g_assert_nonnull(strstr(json, "\"flyweight\": true"));
  g_assert_nonnull(strstr(json, "\"characters\": 12345,"));
  g_assert_nonnull(strstr(json, "\"load_ms\": 1.500}"));
  g_assert_true(json[0] == '{' && json[strlen(json) - 1] == '}');
  g_assert_null(strchr(json, '\n'));

  /* One object; every row of the table (each MemStats field) exactly once. */
  g_autoptr(GPtrArray) found = test_json_object_keys(json);
  g_assert_nonnull(found);
  gsize n = 0;
  const StatsRow *rows = memstats_rows(&n);
  g_assert_cmpuint(found->len, ==, n + 1);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpuint(count_key(found, rows[i].name), ==, 1);
}

/* The text table: a line per row, starting with its label. */
static void test_text(void)
{
  MemStats st = {.flyweight = false, .characters = 4, .intrinsic_bytes = 400};
  g_autoptr(StatsWriter) writer = stats_writer_new_text(NULL);
  memstats_write(&st, writer);
  g_autofree char *text = stats_writer_finish(writer);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  gsize n = 0;
  const StatsRow *rows = memstats_rows(&n);
  g_assert_cmpuint(g_strv_length(lines), ==, n + 1); /* + "" after the last "\n" */
  for (gsize i = 0; i < n; i++) {
    g_autofree char *start = g_strdup_printf("  %-22s ", rows[i].label);
    g_assert_true(g_str_has_prefix(lines[i], start));
  }
  g_assert_true(g_str_has_suffix(lines[0], " off"));
  g_assert_nonnull(
      strstr(text, "  per character                   100.000  bytes (counted / characters)\n"));
}

/* The panel: the rows marked for it, sizes in IEC units, lines that fit. */
static void test_panel(void)
{
  MemStats st = {.characters = 12345, .heap_bytes = 3u * 1024 * 1024, .peak_rss_bytes = 77};
  g_autoptr(StatsWriter) writer = stats_writer_new_panel(54);
  memstats_write(&st, writer);
  g_autofree char *text = stats_writer_finish(writer);
  g_assert_nonnull(strstr(text, "characters 12345"));
  g_assert_nonnull(strstr(text, "heap 3.0\u00a0MiB"));
  g_assert_null(strstr(text, "peak"));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint(g_utf8_strlen(lines[i], -1), <=, 54);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/memstats/collect/known-text", test_collect_known_text);
  g_test_add_func("/memstats/collect/with-view", test_collect_with_view);
  g_test_add_func("/memstats/predict", test_predict);
  g_test_add_func("/memstats/table/covers-every-field", test_table_covers_every_field);
  g_test_add_func("/memstats/json", test_json);
  g_test_add_func("/memstats/text", test_text);
  g_test_add_func("/memstats/panel", test_panel);
  return g_test_run();
}
