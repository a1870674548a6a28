/* test_shaper.c — text to glyph ids as HarfBuzz's own hb-shape gives them.
 *
 * The main check shapes real text no one here wrote: the translations of the
 * machine's message catalogues (/usr/share/locale/LANG/LC_MESSAGES/NAME.mo,
 * read by a small .mo reader below) in 17 languages. Every word (text between
 * white space) is shaped with shaper_shape() in DejaVu Sans 16 px, the way
 * layout shapes a piece: the font is picked per grapheme cluster from the
 * fallback chain. The glyphs are cut into runs of one font (the shaper also
 * splits at script changes; a run of one font and two scripts is compared as
 * one), and each run is shaped again by `hb-shape` with that font's file and
 * face index, the same direction and language, and the rest of the word as
 * context; the glyph ids and clusters must be the same. Also: no .notdef (glyph 0) anywhere, a box
 * only for a cluster no installed font covers, and clusters monotone on code
 * point starts. Not asserted: that every cluster is a grapheme boundary of the
 * segmenter. HarfBuzz (6.0) starts a cluster at a ZWNJ after a letter (Persian
 * half-spaces), which UAX #29 makes part of the letter's grapheme, and between
 * the consonants of an Indic conjunct (GB9c, Unicode 15.1) when the font draws
 * them as two glyphs; the counts are printed, and callers that need grapheme
 * boundaries (carets, line cuts) snap to the segmenter's.
 *
 * Then the cases the shaper handles itself: boxes, raw bytes, controls,
 * right-to-left order, ligatures, emoji (ZWJ sequences, flags, VS16), and the
 * paragraph as context. */
#include <hb.h>
#include <string.h>

#include "bidi.h"
#include "shaper.h"
#include "testutil.h"

/* ================================================================ helpers */

/* The glyphs of @text[@start, @start + @len) shaped with the rest of @text
 * (@text_len bytes) as context; *@width (may be NULL) receives the advance. */
static GArray *shape_in(TestFonts *f, const char *text, gsize text_len, gsize start, gsize len,
                        StyleId style, bool rtl, int32_t *width)
{
  GArray *out = g_array_new(FALSE, FALSE, sizeof(ShapedGlyph));
  int32_t w = shaper_shape(f->shaper, text, text_len, start, len, style, rtl, out);
  int32_t sum = 0;
  for (guint i = 0; i < out->len; i++)
    sum += g_array_index(out, ShapedGlyph, i).x_advance;
  g_assert_cmpint(w, ==, sum); /* the width is the advances' sum */
  if (width != NULL)
    *width = w;
  return out;
}

/* The glyphs of the whole of @text (@len bytes, -1: NUL-terminated). */
static GArray *shape(TestFonts *f, const char *text, gssize len, StyleId style, bool rtl)
{
  gsize n = len < 0 ? strlen(text) : (gsize)len;
  return shape_in(f, text, n, 0, n, style, rtl, NULL);
}

static const ShapedGlyph *glyph_at(const GArray *glyphs, guint i)
{
  return &g_array_index(glyphs, ShapedGlyph, i);
}

/* The typeface that draws @g. */
static Typeface *face_of(TestFonts *f, const ShapedGlyph *g)
{
  return glyph_factory_style_info(f->factory, g->style)->typeface;
}

/* @text's code points as "U+0041 U+0301 ...", for messages (the test log
 * may not be UTF-8). */
static char *code_points(const char *text)
{
  GString *s = g_string_new("");
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p))
    g_string_append_printf(s, "%sU+%04X", p == text ? "" : " ", g_utf8_get_char(p));
  return g_string_free(s, FALSE);
}

/* Whether some installed font covers the cluster @text[@start, @end). */
static bool covered(TestFonts *f, const char *text, gsize start, gsize end)
{
  g_autoptr(GArray) cps = g_array_new(FALSE, FALSE, sizeof(gunichar));
  for (const char *p = text + start; p < text + end; p = g_utf8_next_char(p)) {
    gunichar cp = g_utf8_get_char(p);
    g_array_append_val(cps, cp);
  }
  return typeface_for_cluster(f->sans, (const gunichar *)(void *)cps->data, cps->len) != NULL;
}

/* A typeface of @family, or NULL (and the test skipped) when not installed. */
static Typeface *family_or_skip(TestFonts *f, const char *family)
{
  Typeface *face = typeface_set_lookup(f->set, family, NULL);
  if (face == NULL) {
    g_autofree char *why = g_strdup_printf("%s is not installed", family);
    g_test_skip(why);
  }
  return face;
}

/* ================================================================ .mo catalogues */

#define WORDS_PER_LANGUAGE 400

/* Catalogues most languages have, read in this order. */
static const char *const CATALOGUES[] = {"gtk20", "glib20", "gdk-pixbuf", "Linux-PAM",
                                         "apt",   "dpkg",   "iso_3166-1"};

/* Whether byte @c separates words: ASCII white space and controls. */
static bool is_separator(guchar c)
{
  return c <= 0x20 || c == 0x7F;
}

/* Adds the words of @s that have a non-ASCII character to @words (owning
 * them; @seen: the ones already there) until @words has WORDS_PER_LANGUAGE. */
static void add_words(const char *s, GPtrArray *words, GHashTable *seen)
{
  if (!g_utf8_validate(s, -1, NULL))
    return;
  for (const char *p = s; *p != '\0' && words->len < WORDS_PER_LANGUAGE;) {
    while (*p != '\0' && is_separator((guchar)*p))
      p++;
    const char *start = p;
    bool non_ascii = false;
    for (; *p != '\0' && !is_separator((guchar)*p); p++)
      non_ascii |= (guchar)*p >= 0x80;
    char *word = g_strndup(start, p - start);
    if (non_ascii && !g_hash_table_contains(seen, word)) {
      g_hash_table_add(seen, word);
      g_ptr_array_add(words, word);
    } else {
      g_free(word);
    }
  }
}

/* Up to WORDS_PER_LANGUAGE distinct words of @lang's catalogues with a
 * non-ASCII character, in catalogue order; empty when it has none here. */
static GPtrArray *language_words(const char *lang)
{
  GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint c = 0; c < G_N_ELEMENTS(CATALOGUES) && words->len < WORDS_PER_LANGUAGE; c++) {
    g_autofree char *name = g_strconcat(CATALOGUES[c], ".mo", NULL);
    g_autofree char *path = g_build_filename("/usr/share/locale", lang, "LC_MESSAGES", name, NULL);
    g_autoptr(GPtrArray) strings = test_mo_translations(path);
    for (guint i = 0; strings != NULL && i < strings->len; i++)
      add_words(strings->pdata[i], words, seen);
  }
  return words;
}

/* ================================================================ hb-shape */

/* One run of a shaped word in one font, and what the shaper made of it. */
typedef struct {
  guint word;       /* index of its word */
  char *text;       /* its bytes */
  char *before;     /* the word's bytes before it (context) */
  char *after;      /* the word's bytes after it (context) */
  GArray *ids;      /* guint32: the shaper's glyph ids, visual order */
  GArray *clusters; /* guint32: their clusters, relative to the run */
} FontRun;

static void font_run_free(gpointer p)
{
  FontRun *r = p;
  g_free(r->text);
  g_free(r->before);
  g_free(r->after);
  g_array_unref(r->ids);
  g_array_unref(r->clusters);
  g_free(r);
}

/* What one language's comparison found. */
typedef struct {
  TestFonts *f;
  GPtrArray *words;   /* char* */
  GArray *differs;    /* gboolean per word: some run differs from hb-shape */
  GArray *uncovered;  /* gboolean per word: it has a box (not compared) */
  GHashTable *groups; /* "font\x1fface\x1frtl\x1fbefore\x1fafter" -> GPtrArray of FontRun */
  guint runs;         /* font runs compared */
  guint multi_font;   /* words in more than one font */
  guint notdef;       /* glyphs with id 0 */
  guint off_grapheme; /* glyphs whose cluster is not a grapheme boundary */
  guint failures_shown;
} Comparison;

/* The smallest cluster of @glyphs above @after, or @len. */
static guint32 next_cluster(const GArray *glyphs, guint32 after, guint32 len)
{
  guint32 next = len;
  for (guint i = 0; i < glyphs->len; i++) {
    guint32 c = glyph_at(glyphs, i)->cluster;
    if (c > after && c < next)
      next = c;
  }
  return next;
}

/* Files the run of glyphs [@from, @to) of word @w (in one font) for hb-shape. */
static void add_font_run(Comparison *cmp, guint w, const GArray *glyphs, guint from, guint to,
                         bool rtl)
{
  const char *word = cmp->words->pdata[w];
  guint32 len = (guint32)strlen(word), first = G_MAXUINT32, last = 0;
  for (guint i = from; i < to; i++) {
    first = MIN(first, glyph_at(glyphs, i)->cluster);
    last = MAX(last, glyph_at(glyphs, i)->cluster);
  }
  guint32 end = next_cluster(glyphs, last, len);
  FontRun *r = g_new0(FontRun, 1);
  r->word = w;
  r->text = g_strndup(word + first, end - first);
  r->before = g_strndup(word, first);
  r->after = g_strdup(word + end);
  r->ids = g_array_new(FALSE, FALSE, sizeof(guint32));
  r->clusters = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint i = from; i < to; i++) {
    guint32 cluster = glyph_at(glyphs, i)->cluster - first;
    g_array_append_val(r->ids, glyph_at(glyphs, i)->glyph_id);
    g_array_append_val(r->clusters, cluster);
  }
  Typeface *face = face_of(cmp->f, glyph_at(glyphs, from));
  g_autofree char *key = g_strdup_printf("%s\x1f%u\x1f%d\x1f%s\x1f%s", typeface_path(face),
                                         typeface_face_index(face), rtl, r->before, r->after);
  GPtrArray *group = g_hash_table_lookup(cmp->groups, key);
  if (group == NULL) {
    group = g_ptr_array_new_with_free_func(font_run_free);
    g_hash_table_insert(cmp->groups, g_steal_pointer(&key), group);
  }
  g_ptr_array_add(group, r);
  cmp->runs++;
}

/* Checks word @w's glyphs (no .notdef, boxes only where nothing covers the
 * cluster, clusters monotone on code point starts; counts those inside a
 * grapheme) and files its font runs. */
static void shape_word(Comparison *cmp, guint w)
{
  TestFonts *f = cmp->f;
  const char *word = cmp->words->pdata[w];
  gsize len = strlen(word);
  bool rtl = bidi_direction(word, len, NULL, NULL) == BIDI_RTL;
  g_autoptr(GArray) glyphs = shape(f, word, (gssize)len, f->style, rtl);
  bool box = false;
  for (guint i = 0; i < glyphs->len; i++) {
    const ShapedGlyph *g = glyph_at(glyphs, i);
    cmp->notdef += g->glyph_id == 0;
    /* clusters are code point starts, monotone in the direction */
    g_assert_cmpuint(g->cluster, <, len);
    g_assert_cmpuint((guchar)word[g->cluster] & 0xC0, !=, 0x80);
    if (i > 0 && rtl)
      g_assert_cmpuint(g->cluster, <=, glyph_at(glyphs, i - 1)->cluster);
    else if (i > 0)
      g_assert_cmpuint(g->cluster, >=, glyph_at(glyphs, i - 1)->cluster);
    /* HarfBuzz's, so not always ICU's grapheme boundaries (see the file comment) */
    cmp->off_grapheme += !segmenter_is_grapheme(f->segmenter, word, len, g->cluster);
    if (g->glyph_id == GLYPH_ID_BOX) {
      box = true;
      g_assert_false(covered(f, word, g->cluster, next_cluster(glyphs, g->cluster, len)));
    }
  }
  g_array_index(cmp->uncovered, gboolean, w) = box;
  if (box)
    return;
  guint fonts = 0;
  for (guint from = 0, to; from < glyphs->len; from = to, fonts++) {
    for (to = from + 1; to < glyphs->len; to++)
      if (glyph_at(glyphs, to)->style != glyph_at(glyphs, from)->style)
        break;
    add_font_run(cmp, w, glyphs, from, to, rtl);
  }
  cmp->multi_font += fonts > 1;
}

/* Parses one line of hb-shape's "[id=cluster|id=cluster...]" into @ids and
 * @clusters. */
static bool parse_hb_line(const char *line, GArray *ids, GArray *clusters)
{
  gsize n = strlen(line);
  if (n < 2 || line[0] != '[' || line[n - 1] != ']')
    return false;
  g_autofree char *inner = g_strndup(line + 1, n - 2);
  g_auto(GStrv) items = g_strsplit(inner, "|", -1);
  for (guint i = 0; items[i] != NULL; i++) {
    char *eq = strchr(items[i], '=');
    if (eq == NULL)
      return false;
    guint32 id = (guint32)g_ascii_strtoull(items[i], NULL, 10);
    guint32 cluster = (guint32)g_ascii_strtoull(eq + 1, NULL, 10);
    g_array_append_val(ids, id);
    g_array_append_val(clusters, cluster);
  }
  return true;
}

static bool same_u32s(const GArray *a, const GArray *b)
{
  return a->len == b->len && memcmp(a->data, b->data, a->len * sizeof(guint32)) == 0;
}

static char *u32s_to_string(const GArray *a)
{
  GString *s = g_string_new("");
  for (guint i = 0; i < a->len; i++)
    g_string_append_printf(s, "%s%u", i ? " " : "", g_array_index(a, guint32, i));
  return g_string_free(s, FALSE);
}

/* Runs hb-shape once over the runs of one group (same font, direction and
 * context), a line each, and compares its answers with the shaper's. */
static void compare_group(Comparison *cmp, const char *key, GPtrArray *group, const char *dir)
{
  g_auto(GStrv) parts = g_strsplit(key, "\x1f", 5);
  g_autoptr(GString) lines = g_string_new("");
  for (guint i = 0; i < group->len; i++)
    g_string_append_printf(lines, "%s\n", ((FontRun *)group->pdata[i])->text);
  g_autofree char *file = g_build_filename(dir, "runs.txt", NULL);
  g_assert_true(g_file_set_contents(file, lines->str, (gssize)lines->len, NULL));
  const char *language = hb_language_to_string(hb_language_get_default());
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(argv, g_strdup("hb-shape"));
  g_ptr_array_add(argv, g_strdup_printf("--font-file=%s", parts[0]));
  g_ptr_array_add(argv, g_strdup_printf("--face-index=%s", parts[1]));
  g_ptr_array_add(argv, g_strdup("--no-glyph-names"));
  g_ptr_array_add(argv, g_strdup("--no-positions"));
  g_ptr_array_add(argv, g_strdup("--utf8-clusters"));
  g_ptr_array_add(argv, g_strdup_printf("--direction=%s", parts[2][0] == '1' ? "rtl" : "ltr"));
  if (language != NULL)
    g_ptr_array_add(argv, g_strdup_printf("--language=%s", language));
  if (parts[3][0] != '\0')
    g_ptr_array_add(argv, g_strdup_printf("--text-before=%s", parts[3]));
  if (parts[4][0] != '\0')
    g_ptr_array_add(argv, g_strdup_printf("--text-after=%s", parts[4]));
  g_ptr_array_add(argv, g_strdup_printf("--text-file=%s", file));
  g_ptr_array_add(argv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                             &out, &err, &status, &error));
  g_assert_no_error(error);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("hb-shape failed on %s: %s", parts[0], err);
  g_auto(GStrv) answers = g_strsplit(out, "\n", -1);
  g_assert_cmpuint(g_strv_length(answers), >=, group->len);
  for (guint i = 0; i < group->len; i++) {
    FontRun *r = group->pdata[i];
    g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(guint32));
    g_autoptr(GArray) clusters = g_array_new(FALSE, FALSE, sizeof(guint32));
    g_assert_true(parse_hb_line(answers[i], ids, clusters));
    if (same_u32s(ids, r->ids) && same_u32s(clusters, r->clusters))
      continue;
    g_array_index(cmp->differs, gboolean, r->word) = TRUE;
    if (cmp->failures_shown++ < 10) {
      g_autofree char *mine = u32s_to_string(r->ids), *theirs = u32s_to_string(ids);
      g_autofree char *mine_c = u32s_to_string(r->clusters), *theirs_c = u32s_to_string(clusters);
      g_autofree char *before = code_points(r->before), *text = code_points(r->text);
      g_autofree char *after = code_points(r->after);
      g_test_message("[%s | %s | %s] in %s: shaper ids %s clusters %s, hb-shape ids %s clusters %s",
                     before, text, after, parts[0], mine, mine_c, theirs, theirs_c);
    }
  }
}

/* Shapes every word of one language and compares it with hb-shape. */
static void test_hb_shape_language(gconstpointer data)
{
  const char *lang = data;
  g_autofree char *hb_shape = g_find_program_in_path("hb-shape");
  if (hb_shape == NULL) {
    g_test_skip("hb-shape is not installed (libharfbuzz-bin)");
    return;
  }
  g_autoptr(GPtrArray) words = language_words(lang);
  if (words->len == 0) {
    g_autofree char *why = g_strdup_printf("no %s catalogue on this machine", lang);
    g_test_skip(why);
    return;
  }
  TestFonts f;
  test_fonts_init(&f);
  Comparison cmp = {
      .f = &f,
      .words = words,
      .differs = g_array_new(FALSE, TRUE, sizeof(gboolean)),
      .uncovered = g_array_new(FALSE, TRUE, sizeof(gboolean)),
      .groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)g_ptr_array_unref),
  };
  g_array_set_size(cmp.differs, words->len);
  g_array_set_size(cmp.uncovered, words->len);
  for (guint w = 0; w < words->len; w++)
    shape_word(&cmp, w);
  char *dir = test_tmpdir_new();
  GHashTableIter it;
  gpointer key, group;
  g_hash_table_iter_init(&it, cmp.groups);
  while (g_hash_table_iter_next(&it, &key, &group))
    compare_group(&cmp, key, group, dir);
  test_tmpdir_remove(dir);
  g_free(dir);
  guint compared = 0, equal = 0;
  for (guint w = 0; w < words->len; w++) {
    if (g_array_index(cmp.uncovered, gboolean, w))
      continue;
    compared++;
    equal += !g_array_index(cmp.differs, gboolean, w);
  }
  g_test_message("%s: %u/%u words equal to hb-shape (%u font runs, %u words in several fonts, "
                 "%u hb-shape calls), %u with a box not compared; %u glyphs start a cluster "
                 "inside an ICU grapheme",
                 lang, equal, compared, cmp.runs, cmp.multi_font, g_hash_table_size(cmp.groups),
                 words->len - compared, cmp.off_grapheme);
  g_assert_cmpuint(compared, >=, MIN(words->len, 50u));
  g_assert_cmpuint(equal, ==, compared);
  g_assert_cmpuint(cmp.notdef, ==, 0);
  g_hash_table_unref(cmp.groups);
  g_array_unref(cmp.differs);
  g_array_unref(cmp.uncovered);
  test_fonts_clear(&f);
}

/* ================================================================ the shaper's own cases */

/* A cluster no installed font covers (U+0378, unassigned) is one box glyph in
 * the asked style, with the box's advance; its neighbours shape as usual. */
static void test_box_for_uncovered(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *text = "a\xCD\xB8z"; /* a U+0378 z */
  g_assert_false(covered(&f, text, 1, 3));
  g_autoptr(GArray) g = shape(&f, text, -1, f.style, false);
  g_assert_cmpuint(g->len, ==, 3);
  g_assert_cmpuint(glyph_at(g, 0)->glyph_id, ==, test_glyph_id(f.sans, 'a'));
  g_assert_cmpuint(glyph_at(g, 1)->glyph_id, ==, GLYPH_ID_BOX);
  g_assert_cmpuint(glyph_at(g, 1)->style, ==, f.style);
  g_assert_cmpuint(glyph_at(g, 1)->cluster, ==, 1);
  g_assert_cmpint(glyph_at(g, 1)->x_advance, ==, glyph_box_advance(16));
  g_assert_cmpuint(glyph_at(g, 2)->glyph_id, ==, test_glyph_id(f.sans, 'z'));
  g_assert_cmpuint(glyph_at(g, 2)->cluster, ==, 3);
  /* two uncovered clusters: a box each, so the cursor can reach both */
  g_autoptr(GArray) two = shape(&f, "\xCD\xB8\xCD\xB8", -1, f.style, false);
  g_assert_cmpuint(two->len, ==, 2);
  g_assert_cmpuint(glyph_at(two, 1)->cluster, ==, 2);
  test_fonts_clear(&f);
}

/* A byte that was not UTF-8 (U+10FF00 + byte) is drawn as U+FFFD. */
static void test_raw_byte_is_replacement(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *raw = "a\xF4\x8F\xBE\x80z"; /* a, raw byte 0x80, z */
  g_assert_cmpuint(g_utf8_get_char(raw + 1), ==, GLYPH_RAW_BYTE_BASE + 0x80);
  int32_t raw_width, fffd_width;
  g_autoptr(GArray) g = shape_in(&f, raw, strlen(raw), 0, strlen(raw), f.style, false, &raw_width);
  const char *fffd = "a\xEF\xBF\xBDz";
  g_autoptr(GArray)
      want = shape_in(&f, fffd, strlen(fffd), 0, strlen(fffd), f.style, false, &fffd_width);
  g_assert_cmpuint(g->len, ==, 3);
  g_assert_cmpuint(want->len, ==, 3);
  g_assert_cmpuint(glyph_at(g, 1)->glyph_id, ==, test_glyph_id(f.sans, 0xFFFD));
  g_assert_cmpuint(glyph_at(g, 1)->cluster, ==, 1);
  g_assert_cmpuint(glyph_at(g, 2)->cluster, ==, 5); /* clusters are the text's bytes */
  for (guint i = 0; i < 3; i++) {
    g_assert_cmpuint(glyph_at(g, i)->glyph_id, ==, glyph_at(want, i)->glyph_id);
    g_assert_cmpint(glyph_at(g, i)->x_advance, ==, glyph_at(want, i)->x_advance);
  }
  g_assert_cmpint(raw_width, ==, fffd_width);
  test_fonts_clear(&f);
}

/* Control characters other than tab (C0, DEL, C1, U+0000) are each drawn as
 * one box of the box's advance, so a file's controls are seen; the letters
 * around them are shaped as without them. */
static void test_control_is_box(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *texts[] = {"a\x01z", "a\x1Bz", "a\x7Fz", "a\xC2\x85z", "a\0z"};
  const gsize lens[] = {3, 3, 3, 4, 3};
  int32_t box = glyph_box_advance(glyph_factory_style_info(f.factory, f.style)->px);
  g_autoptr(GArray) az = shape(&f, "az", -1, f.style, false);
  for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
    int32_t width;
    g_autoptr(GArray) g = shape_in(&f, texts[t], lens[t], 0, lens[t], f.style, false, &width);
    g_assert_cmpuint(g->len, ==, 3);
    g_assert_cmpuint(glyph_at(g, 0)->glyph_id, ==, glyph_at(az, 0)->glyph_id);
    g_assert_cmpuint(glyph_at(g, 1)->glyph_id, ==, GLYPH_ID_BOX);
    g_assert_cmpuint(glyph_at(g, 1)->cluster, ==, 1);
    g_assert_cmpint(glyph_at(g, 1)->x_advance, ==, box);
    g_assert_cmpuint(glyph_at(g, 2)->glyph_id, ==, glyph_at(az, 1)->glyph_id);
    g_assert_cmpuint(glyph_at(g, 2)->cluster, ==, lens[t] - 1);
  }
  test_fonts_clear(&f);
}

/* Right to left: the glyphs come in visual order, so clusters decrease from
 * left to right, across font runs too (the runs are reversed as well). */
static void test_rtl_visual_order(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *texts[] = {
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",                         /* שלום */
      "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85",                         /* سلام */
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\xE6\xBC\xA2\xE5\xAD\x97", /* שלום漢字: two fonts */
  };
  for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
    g_autoptr(GArray) g = shape(&f, texts[t], -1, f.style, true);
    g_assert_cmpuint(g->len, >=, 3); /* سلام: lam-alef is one glyph */
    for (guint i = 1; i < g->len; i++)
      g_assert_cmpuint(glyph_at(g, i - 1)->cluster, >, glyph_at(g, i)->cluster);
    g_assert_cmpuint(glyph_at(g, g->len - 1)->cluster, ==, 0); /* the first letter, at the right */
  }
  /* the two-font one: the CJK run, logically last, is on the left, 字 first */
  g_autoptr(GArray) mixed = shape(&f, texts[2], -1, f.style, true);
  g_assert_true(face_of(&f, glyph_at(mixed, 0)) != face_of(&f, glyph_at(mixed, mixed->len - 1)));
  g_assert_true(typeface_has(face_of(&f, glyph_at(mixed, 0)), 0x5B57));
  g_assert_cmpuint(glyph_at(mixed, 0)->cluster, ==, 11);
  g_assert_true(face_of(&f, glyph_at(mixed, mixed->len - 1)) == f.sans); /* DejaVu has Hebrew */
  test_fonts_clear(&f);
}

/* The font's ligatures: "fi" and "ffi" are one glyph each in Noto Serif. */
static void test_ligatures(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Typeface *serif = family_or_skip(&f, "Noto Serif");
  if (serif == NULL) {
    test_fonts_clear(&f);
    return;
  }
  StyleId style = glyph_factory_style(f.factory, serif, 16);
  g_autoptr(GArray) fi = shape(&f, "fi", -1, style, false);
  g_autoptr(GArray) ffi = shape(&f, "ffi", -1, style, false);
  g_autoptr(GArray) office = shape(&f, "office", -1, style, false);
  g_assert_cmpuint(fi->len, ==, 1);
  g_assert_cmpuint(ffi->len, ==, 1);
  g_assert_cmpuint(glyph_at(fi, 0)->glyph_id, !=, test_glyph_id(serif, 'f'));
  g_assert_cmpuint(glyph_at(ffi, 0)->glyph_id, !=, glyph_at(fi, 0)->glyph_id);
  g_assert_cmpuint(office->len, ==, 4); /* o, ffi, c, e */
  g_assert_cmpuint(glyph_at(office, 1)->glyph_id, ==, glyph_at(ffi, 0)->glyph_id);
  g_assert_cmpuint(glyph_at(office, 1)->cluster, ==, 1);
  g_assert_cmpuint(glyph_at(office, 2)->cluster, ==, 4);
  test_fonts_clear(&f);
}

/* The one glyph of @text (shaped in DejaVu Sans), in a colour font. */
static void assert_one_color_glyph(TestFonts *f, const char *text)
{
  g_autoptr(GArray) g = shape(f, text, -1, f->style, false);
  g_assert_cmpuint(g->len, ==, 1);
  g_assert_cmpuint(glyph_at(g, 0)->cluster, ==, 0);
  g_assert_cmpuint(glyph_at(g, 0)->glyph_id, !=, 0);
  g_assert_true(typeface_is_color(face_of(f, glyph_at(g, 0))));
  Glyph *glyph = glyph_factory_lookup(f->factory, glyph_at(g, 0)->style, glyph_at(g, 0)->glyph_id,
                                      0);
  g_assert_true(glyph->flags & GLYPH_COLOR);
}

/* Emoji: a ZWJ family and a flag are one glyph of Noto Color Emoji, and
 * U+2764 U+FE0F (VS16) asks for the colour font where U+2764 alone does not. */
static void test_emoji(void)
{
  TestFonts f;
  test_fonts_init(&f);
  if (family_or_skip(&f, "Noto Color Emoji") == NULL) {
    test_fonts_clear(&f);
    return;
  }
  /* 👨‍👩‍👧: man ZWJ woman ZWJ girl */
  assert_one_color_glyph(&f, "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
                             "\xF0\x9F\x91\xA7");
  assert_one_color_glyph(&f, "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5"); /* 🇯🇵 */
  assert_one_color_glyph(&f, "\xE2\x9D\xA4\xEF\xB8\x8F");         /* ❤️ */
  /* two flags in a row: two glyphs, each a cluster */
  g_autoptr(GArray)
      flags = shape(&f, "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7", -1,
                    f.style, false);
  g_assert_cmpuint(flags->len, ==, 2);
  g_assert_cmpuint(glyph_at(flags, 1)->cluster, ==, 8);
  /* U+2764 alone has text presentation: DejaVu Sans draws it */
  g_assert_true(typeface_has(f.sans, 0x2764));
  g_autoptr(GArray) heart = shape(&f, "\xE2\x9D\xA4", -1, f.style, false);
  g_assert_cmpuint(heart->len, ==, 1);
  g_assert_true(face_of(&f, glyph_at(heart, 0)) == f.sans);
  g_assert_false(typeface_is_color(f.sans));
  test_fonts_clear(&f);
}

/* A piece is shaped with its paragraph as context: the second part of an
 * Arabic word joins the first (a medial form where shaped alone it would
 * start a word). Alone, its first glyph is marked unsafe to concatenate (the
 * word cache's cue). */
static void test_paragraph_context(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *word = "\xD9\x83\xD8\xAA\xD8\xA7\xD8\xA8"; /* كتاب */
  gsize len = strlen(word);
  /* the piece تاب after ك */
  g_autoptr(GArray) in_place = shape_in(&f, word, len, 2, len - 2, f.style, true, NULL);
  g_autoptr(GArray) alone = shape(&f, word + 2, (gssize)len - 2, f.style, true);
  g_assert_cmpuint(alone->len, ==, 3);
  g_assert_cmpuint(in_place->len, ==, 3);
  /* clusters are relative to the piece either way: 4 2 0, right to left */
  for (guint i = 0; i < 3; i++) {
    g_assert_cmpuint(glyph_at(in_place, i)->cluster, ==, 4 - 2 * i);
    g_assert_cmpuint(glyph_at(alone, i)->cluster, ==, 4 - 2 * i);
  }
  /* the ت (logically first, visually last) joins to the right in place */
  g_assert_cmpuint(glyph_at(in_place, 2)->glyph_id, !=, glyph_at(alone, 2)->glyph_id);
  g_assert_true(glyph_at(alone, 2)->flags & SHAPED_UNSAFE_TO_CONCAT);
  /* the whole word's ت is the in-place one */
  g_autoptr(GArray) whole = shape(&f, word, (gssize)len, f.style, true);
  g_assert_cmpuint(whole->len, ==, 4);
  g_assert_cmpuint(glyph_at(whole, 2)->glyph_id, ==, glyph_at(in_place, 2)->glyph_id);
  test_fonts_clear(&f);
}

/* Advances are HarfBuzz's unhinted 26.6 values at scale px * 64 (as
 * hb_shape gives them for the same text and font), never rounded to pixels,
 * and shaping makes no Glyph objects (the run holds ids, not Glyph references). */
static void test_advances_unrounded(void)
{
  TestFonts f;
  test_fonts_init(&f);
  GlyphFactoryStats before, after;
  glyph_factory_get_stats(f.factory, &before);
  const char *text = "Typography, AVA and 26.6";
  g_autoptr(GArray) g = shape(&f, text, -1, f.style, false);
  hb_buffer_t *buf = hb_buffer_create();
  hb_buffer_add_utf8(buf, text, -1, 0, -1);
  hb_buffer_guess_segment_properties(buf);
  hb_shape(typeface_hb_font(f.sans, 16), buf, NULL, 0);
  unsigned n = 0;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
  g_assert_cmpuint(g->len, ==, n);
  guint fractional = 0;
  for (guint i = 0; i < g->len; i++) {
    const ShapedGlyph *s = glyph_at(g, i);
    g_assert_cmpuint(s->glyph_id, ==, info[i].codepoint);
    g_assert_cmpint(s->x_advance, ==, pos[i].x_advance);
    g_assert_cmpint(s->x_offset, ==, pos[i].x_offset);
    g_assert_cmpint(s->y_offset, ==, pos[i].y_offset);
    fractional += s->x_advance % 64 != 0;
  }
  hb_buffer_destroy(buf);
  g_assert_cmpuint(fractional, >, g->len / 2);
  /* 16 px: an 'o' of DejaVu Sans (1253 units of 2048) is 9.79 px, not 10 */
  g_autoptr(GArray) o = shape(&f, "o", -1, f.style, false);
  g_assert_cmpint(glyph_at(o, 0)->x_advance, ==, (1253 * 16 * 64 + 1024) / 2048);
  glyph_factory_get_stats(f.factory, &after);
  g_assert_cmpuint(after.created, ==, before.created);
  test_fonts_clear(&f);
}

/* Punctuation of no script of its own stays in the font of the letters
 * before it when that font has it, as Pango keeps a script run in one font:
 * the danda of Hindi and Bengali, the CJK full stop. What the style's own
 * font has comes from it (a colon after Devanagari). A colour font is never
 * kept for what follows an emoji. */
static void test_common_stays_in_run_font(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *texts[] = {
      "\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA5\x80"
      "\xE0\xA5\xA4", /* स्त्री। */
      "\xE0\xA6\xAC\xE0\xA6\xBE\xE0\xA6\x95\xE0\xA7\x8D\xE0\xA6\xAF\xE0\xA5\xA4", /* বাক্য। */
      "\xE6\x96\x87\xE7\xAB\xA0\xE3\x80\x82",                                     /* 文章。 */
  };
  for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
    g_autoptr(GArray) g = shape(&f, texts[t], -1, f.style, false);
    const GlyphStyle *first = glyph_factory_style_info(f.factory, glyph_at(g, 0)->style);
    g_assert_true(first->typeface != f.sans); /* the script's own font */
    for (guint i = 1; i < g->len; i++) {
      const GlyphStyle *info = glyph_factory_style_info(f.factory, glyph_at(g, i)->style);
      g_test_message("%s: glyph %u in %s", texts[t], i, typeface_family(info->typeface));
      g_assert_true(info->typeface == first->typeface);
    }
  }
  g_autoptr(GArray) colon = shape(&f, "\xE0\xA4\xB5:", -1, f.style, false); /* व: */
  g_assert_cmpuint(colon->len, ==, 2);
  const GlyphStyle *after_letter = glyph_factory_style_info(f.factory, glyph_at(colon, 1)->style);
  g_assert_true(after_letter->typeface == f.sans);
  /* after an emoji, a digit (which the colour font has, for keycaps) is not
   * drawn by the colour font */
  g_autoptr(GArray) e = shape(&f,
                              "\xF0\x9F\x98\x80"
                              "1",
                              -1, f.style, false);
  g_assert_cmpuint(e->len, ==, 2);
  const GlyphStyle *digit = glyph_factory_style_info(f.factory, glyph_at(e, 1)->style);
  g_assert_false(typeface_is_color(digit->typeface));
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* right to left, Indic and Southeast Asian, CJK, Cyrillic, Greek, Latin with marks */
  static const char *const languages = "ar he fa hi bn ta th km my si ml ja zh_CN ko ru el vi";
  g_auto(GStrv) langs = g_strsplit(languages, " ", -1);
  for (guint i = 0; langs[i] != NULL; i++) {
    g_autofree char *path = g_strdup_printf("/shaper/hb-shape/%s", langs[i]);
    g_test_add_data_func(path, langs[i], test_hb_shape_language);
  }
  g_test_add_func("/shaper/box/uncovered", test_box_for_uncovered);
  g_test_add_func("/shaper/raw-byte", test_raw_byte_is_replacement);
  g_test_add_func("/shaper/control", test_control_is_box);
  g_test_add_func("/shaper/rtl/visual-order", test_rtl_visual_order);
  g_test_add_func("/shaper/ligatures", test_ligatures);
  g_test_add_func("/shaper/emoji", test_emoji);
  g_test_add_func("/shaper/context", test_paragraph_context);
  g_test_add_func("/shaper/advances", test_advances_unrounded);
  g_test_add_func("/shaper/common-stays-in-run-font", test_common_stays_in_run_font);
  return g_test_run();
}
