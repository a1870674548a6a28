/* test_typeface.c — finding faces through fontconfig, fallbacks, kerning
 * (through HarfBuzz); HarfBuzz fonts checked against hb-shape, fallback per
 * grapheme cluster checked against fc-match. */
#include "glyph.h"
#include "testutil.h"
#include "typeface.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_lookup_families(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  g_assert_no_error(error);
  const char *families[] = {"DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono"};
  for (guint i = 0; i < G_N_ELEMENTS(families); i++) {
    Typeface *face = typeface_set_lookup(set, families[i], &error);
    g_assert_no_error(error);
    g_assert_nonnull(face);
    g_assert_cmpstr(typeface_family(face), ==, families[i]);
    /* interned: the same pointer as g_intern_string gives */
    g_assert_true(typeface_family(face) == g_intern_string(families[i]));
    /* looking up again gives the same object */
    g_assert_true(typeface_set_lookup(set, families[i], NULL) == face);
  }
  typeface_set_free(set);
}

/* The installed families: those `fc-list : family` prints (each font's first
 * name), each once, sorted; every one found by typeface_set_lookup(). */
static void test_installed_families(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  g_assert_no_error(error);
  g_autoptr(GPtrArray) families = typeface_set_families(set);
  g_autofree char *out = NULL;
  g_assert_true(g_spawn_command_line_sync("fc-list : family", &out, NULL, NULL, &error));
  g_assert_no_error(error);
  g_autoptr(GHashTable) listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_hash_table_add(listed, g_strndup(lines[i], strcspn(lines[i], ",")));
  g_assert_cmpuint(families->len, ==, g_hash_table_size(listed));
  for (guint i = 0; i < families->len; i++) {
    const char *family = families->pdata[i];
    g_assert_true(g_hash_table_contains(listed, family));
    if (i > 0)
      g_assert_cmpint(g_ascii_strcasecmp(families->pdata[i - 1], family), <, 0);
    Typeface *face = typeface_set_lookup(set, family, &error);
    g_assert_no_error(error);
    g_assert_nonnull(face);
  }
  typeface_set_free(set);
}

static void test_unknown_family_is_an_error(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  g_assert_no_error(error);
  Typeface *face = typeface_set_lookup(set, "No Such Family Anywhere", &error);
  g_assert_null(face);
  g_assert_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_NOT_FOUND);
  g_assert_nonnull(strstr(error->message, "No Such Family Anywhere"));
  typeface_set_free(set);
}

/* A machine with no fonts at all: fontconfig pointed at a configuration that
 * lists no font directories (in a child process, as fontconfig reads
 * $FONTCONFIG_FILE when a configuration is made). */
static void test_no_fonts_at_all(void)
{
  if (g_test_subprocess()) {
    g_autofree char *dir = g_dir_make_tmp("glyphpad-nofonts-XXXXXX", NULL);
    g_autofree char *conf = g_build_filename(dir, "fonts.conf", NULL);
    g_autofree char *text = g_strdup_printf(
        "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n",
        dir, dir);
    g_assert_true(g_file_set_contents(conf, text, -1, NULL));
    g_setenv("FONTCONFIG_FILE", conf, TRUE);
    g_autoptr(GError) error = NULL;
    TypefaceSet *set = typeface_set_new(&error);
    g_assert_no_error(error);
    Typeface *face = typeface_set_lookup(set, "DejaVu Sans", &error);
    g_assert_null(face);
    g_assert_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_NO_FONTS);
    g_printerr("%s\n", error->message);
    typeface_set_free(set);
    g_remove(conf);
    g_rmdir(dir);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stderr("*No fonts are installed at all*apt install fonts-dejavu-core*");
}

static void test_corrupt_font_file(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp("glyphpad-corrupt-XXXXXX.ttf", &path, &error);
  g_assert_no_error(error);
  g_assert_cmpint(write(fd, "not a font at all, just bytes", 29), ==, 29);
  close(fd);
  TypefaceSet *set = typeface_set_new(&error);
  g_assert_no_error(error);
  g_assert_null(typeface_set_open_file(set, path, &error));
  g_assert_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_FREETYPE);
  g_assert_nonnull(strstr(error->message, path));
  typeface_set_free(set);
  g_unlink(path);
}

static void test_fallback_chain(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  g_assert_true(typeface_for_codepoint(sans, 'A') == sans);
  /* DejaVu has no CJK: a fallback (Noto CJK from the set-up) draws it */
  g_assert_false(typeface_has(sans, 0x6F22));
  Typeface *cjk = typeface_for_codepoint(sans, 0x6F22);
  g_assert_nonnull(cjk);
  g_assert_true(cjk != sans);
  g_assert_true(typeface_has(cjk, 0x6F22));
  /* an unassigned code point: nobody has it */
  g_assert_null(typeface_for_codepoint(sans, 0x10FE00));
  typeface_set_free(set);
}

/* The pen advance of @text shaped alone in @style, 26.6. */
static int32_t shaped_advance(TestFonts *f, const char *text, StyleId style)
{
  g_autoptr(GArray) glyphs = g_array_new(FALSE, FALSE, sizeof(ShapedGlyph));
  gsize len = strlen(text);
  int32_t width = shaper_shape(f->shaper, text, len, 0, len, style, false, glyphs);
  g_assert_cmpuint(glyphs->len, ==, g_utf8_strlen(text, -1));
  return width;
}

/* The nominal advance of @cp's glyph in @face at @px, 26.6. */
static int32_t nominal_advance(Typeface *face, gunichar cp, unsigned px)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Glyph) glyph = glyph_new(face, test_glyph_id(face, cp), px, 0, &error);
  g_assert_no_error(error);
  return glyph->advance;
}

/* Kerning comes from the font's GPOS (or kern) table through HarfBuzz
 * (typeface_hb_font): "AV", the classic negative pair, shapes narrower than
 * its glyphs' nominal advances; "Ax" is not kerned. (Was: typeface_kerning of
 * the two glyph indices, the per-pair table the shaper replaced.) */
static void test_kerning_pair(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId style = glyph_factory_style(f.factory, f.sans, 32);
  int32_t av = nominal_advance(f.sans, 'A', 32) + nominal_advance(f.sans, 'V', 32);
  int32_t ax = nominal_advance(f.sans, 'A', 32) + nominal_advance(f.sans, 'x', 32);
  g_assert_cmpint(shaped_advance(&f, "AV", style), <, av - 32);      /* at least half a pixel */
  g_assert_cmpint(ABS(shaped_advance(&f, "Ax", style) - ax), <=, 2); /* rounding only */
  test_fonts_clear(&f);
}

/* ---- HarfBuzz fonts ---------------------------------------------------- */

typedef struct {
  guint gid;   /* glyph id */
  int advance; /* x advance in the font's scale */
} HbGlyph;

/* Runs `hb-shape --font-size=SIZE --no-glyph-names FILE TEXT` and parses its
 * "[gid=cluster+advance|...]" line into @out; the number of glyphs, or -1. */
static int hb_shape_cli(const char *hb_shape, const char *file, const char *size, const char *text,
                        HbGlyph *out, int max)
{
  g_autofree char *size_arg = g_strdup_printf("--font-size=%s", size);
  const char *argv[] = {hb_shape, size_arg, "--no-glyph-names", file, text, NULL};
  g_autofree char *stdout_text = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &stdout_text,
               NULL, &status, &error);
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_test_message("hb-shape %s: %s", size_arg, g_strstrip(stdout_text));
  g_auto(GStrv) items = g_strsplit_set(stdout_text, "[|]", -1);
  int n = 0;
  for (guint i = 0; items[i] != NULL; i++) {
    const char *plus = strchr(items[i], '+');
    if (items[i][0] == '\0' || plus == NULL)
      continue;
    g_assert_cmpint(n, <, max);
    out[n].gid = (guint)strtoul(items[i], NULL, 10);
    out[n].advance = (int)strtol(plus + 1, NULL, 10);
    n++;
  }
  return n;
}

/* Shapes @text with @font as hb-shape does (segment properties guessed). */
static int hb_shape_lib(hb_font_t *font, const char *text, HbGlyph *out, int max)
{
  hb_buffer_t *buf = hb_buffer_create();
  hb_buffer_add_utf8(buf, text, -1, 0, -1);
  hb_buffer_guess_segment_properties(buf);
  hb_shape(font, buf, NULL, 0);
  unsigned len = 0;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &len);
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
  g_assert_cmpuint(len, <=, (unsigned)max);
  for (unsigned i = 0; i < len; i++)
    out[i] = (HbGlyph){info[i].codepoint, pos[i].x_advance};
  hb_buffer_destroy(buf);
  return (int)len;
}

/* DejaVu Sans at 16 px shapes "AV" as hb-shape does: the same glyph ids; the
 * same 26.6 advances as hb-shape at scale 1024 (16 px * 64, exact) and, rounded
 * to whole pixels, within one pixel of hb-shape --font-size=16 (HarfBuzz 6's
 * hb-shape has no sub-pixel option: at size 16 it prints whole pixels). */
static void test_hb_font_matches_hb_shape(void)
{
  g_autofree char *hb_shape = g_find_program_in_path("hb-shape");
  if (hb_shape == NULL) {
    g_test_skip("hb-shape is not installed (apt install libharfbuzz-bin)");
    return;
  }
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  hb_font_t *font = typeface_hb_font(sans, 16);
  g_assert_nonnull(font);
  g_assert_true(typeface_hb_font(sans, 16) == font); /* cached per size */
  g_assert_true(typeface_hb_font(sans, 17) != font);
  int x_scale = 0, y_scale = 0;
  hb_font_get_scale(font, &x_scale, &y_scale);
  g_assert_cmpint(x_scale, ==, 16 * 64);
  g_assert_cmpint(y_scale, ==, 16 * 64);

  HbGlyph ours[8], exact[8], whole[8];
  int n = hb_shape_lib(font, "AV", ours, 8);
  g_assert_cmpint(n, ==, 2);
  g_assert_cmpint(hb_shape_cli(hb_shape, typeface_path(sans), "1024", "AV", exact, 8), ==, n);
  g_assert_cmpint(hb_shape_cli(hb_shape, typeface_path(sans), "16", "AV", whole, 8), ==, n);
  for (int i = 0; i < n; i++) {
    g_test_message("glyph %u: advance %d/64 px (hb-shape: %d/64, %d px)", ours[i].gid,
                   ours[i].advance, exact[i].advance, whole[i].advance);
    g_assert_cmpuint(ours[i].gid, ==, exact[i].gid);
    g_assert_cmpuint(ours[i].gid, ==, whole[i].gid);
    g_assert_cmpint(ours[i].advance, ==, exact[i].advance);
    g_assert_cmpint(abs((ours[i].advance + 32) / 64 - whole[i].advance), <=, 1);
  }
  /* kerned: A's advance is less than its unkerned advance */
  g_assert_cmpint(ours[0].advance, <, hb_font_get_glyph_h_advance(font, ours[0].gid));
  typeface_set_free(set);
}

static void test_face_index_color_metrics(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  g_assert_cmpuint(typeface_face_index(sans), ==, 0);
  g_assert_false(typeface_is_color(sans));
  gunichar heart[] = {0x2764, 0xFE0F};
  Typeface *emoji = typeface_for_cluster(sans, heart, 2);
  g_assert_nonnull(emoji);
  g_assert_true(typeface_is_color(emoji));

  /* a face of a collection other than the first: its own index and family */
  Typeface *kr = typeface_set_lookup(set, "Noto Sans CJK KR", NULL);
  if (kr != NULL) {
    g_assert_cmpstr(typeface_family(kr), ==, "Noto Sans CJK KR");
    g_assert_cmpuint(typeface_face_index(kr), >, 0);
  }

  /* 26.6 metrics agree with the whole-pixel ones (rounded up) within a pixel */
  TypefaceMetrics m = typeface_line_metrics_26_6(sans, 16);
  int ascent = 0, descent = 0, line_height = 0;
  typeface_line_metrics(sans, 16, &ascent, &descent, &line_height);
  g_test_message("DejaVu Sans 16 px: ascent %d/64, descent %d/64, gap %d/64; px %d %d %d", m.ascent,
                 m.descent, m.line_gap, ascent, descent, line_height);
  g_assert_cmpint(m.ascent, >, 0);
  g_assert_cmpint(m.descent, >=, 0);
  g_assert_cmpint(m.line_gap, >=, 0);
  g_assert_cmpint(abs((m.ascent + 63) / 64 - ascent), <=, 1);
  g_assert_cmpint(abs((m.descent + 63) / 64 - descent), <=, 1);
  typeface_set_free(set);
}

/* ---- Fallback per grapheme cluster ------------------------------------- */

/* fontconfig's own answer: `fc-match [-s] -f '%{file}:%{index}\n' PATTERN`
 * (one line per font with -s), or NULL when fc-match is missing. */
static char *fc_match(const char *pattern, bool sort)
{
  g_autofree char *fc = g_find_program_in_path("fc-match");
  if (fc == NULL)
    return NULL;
  const char *argv[] = {fc, "-f", "%{file}:%{index}\n", pattern, sort ? "-s" : NULL, NULL};
  char *out = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
               &status, &error);
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  return out;
}

typedef struct {
  const char *name;     /* for messages */
  const char *text;     /* the cluster, UTF-8 */
  const char *family;   /* prefix of the picked family; NULL: no font (a box) */
  int color;            /* 1 colour font, 0 not, -1 either */
  const char *fc_query; /* fc-match pattern whose answer must be the pick, or NULL */
} ClusterCase;

static const ClusterCase cluster_cases[] = {
    {"a", "a", "DejaVu Sans", 0, "DejaVu Sans:charset=61"},
    {"Devanagari kssi", "\u0915\u094D\u0937\u093F", "Noto Sans Devanagari", 0,
     "DejaVu Sans:charset=915 94d 937 93f"},
    /* DejaVu Sans has the basic Arabic letters itself, so fontconfig ranks it first */
    {"Arabic lam", "\u0644", "DejaVu Sans", 0, "DejaVu Sans:charset=644"},
    {"Arabic beh with small v below", "\u08A0", "Noto Sans Arabic", 0, "DejaVu Sans:charset=8a0"},
    {"heart VS16", "\u2764\uFE0F", "Noto Color Emoji", 1, "DejaVu Sans:charset=2764:color=true"},
    {"heart", "\u2764", "DejaVu Sans", 0, "DejaVu Sans:charset=2764"},
    {"heart VS15", "\u2764\uFE0E", "DejaVu Sans", 0, "DejaVu Sans:charset=2764:color=false"},
    {"family ZWJ", "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", "Noto Color Emoji",
     1, "DejaVu Sans:charset=1f468 1f469 1f467 1f466:color=true"},
    {"flag JP", "\U0001F1EF\U0001F1F5", "Noto Color Emoji", 1,
     "DejaVu Sans:charset=1f1ef 1f1f5:color=true"},
    /* Emoji_Presentation=Yes: colour first, though DejaVu Sans has a text 😀 */
    {"grinning face", "\U0001F600", "Noto Color Emoji", 1, "DejaVu Sans:charset=1f600:color=true"},
    {"grinning face VS15", "\U0001F600\uFE0E", "DejaVu Sans", 0,
     "DejaVu Sans:charset=1f600:color=false"},
    {"thumbs up, skin tone", "\U0001F44D\U0001F3FD", "Noto Color Emoji", 1, NULL},
    {"CJK han", "\u6F22", "Noto Sans CJK", 0, "DejaVu Sans:charset=6f22"},
    {"unassigned U+0378", "\u0378", NULL, -1, NULL},
    {"lone ZWJ", "\u200D", "DejaVu Sans", 0, NULL},
    {"lone VS16", "\uFE0F", "DejaVu Sans", 0, NULL},
    {"a + ZWJ", "a\u200D", "DejaVu Sans", 0, NULL},
};

static void check_cluster_case(Typeface *sans, const ClusterCase *c)
{
  glong n = 0;
  g_autofree gunichar *cps = g_utf8_to_ucs4_fast(c->text, -1, &n);
  Typeface *picked = typeface_for_cluster(sans, cps, (guint)n);
  g_test_message("%-30s -> %s (%s:%u)", c->name, picked ? typeface_family(picked) : "(none)",
                 picked ? typeface_path(picked) : "-", picked ? typeface_face_index(picked) : 0);
  if (c->family == NULL) {
    g_assert_null(picked);
    return;
  }
  g_assert_nonnull(picked);
  g_assert_true(g_str_has_prefix(typeface_family(picked), c->family));
  if (c->color >= 0)
    g_assert_cmpint(typeface_is_color(picked), ==, c->color);
  g_assert_true(typeface_for_cluster(sans, cps, (guint)n) == picked); /* cached: the same */
  g_autofree char *got = g_strdup_printf("%s:%u\n", typeface_path(picked),
                                         typeface_face_index(picked));
  g_autofree char *expected = c->fc_query ? fc_match(c->fc_query, false) : NULL;
  if (expected != NULL)
    g_assert_cmpstr(got, ==, expected);
  /* and it is one of the fonts `fc-match -s "DejaVu Sans"` lists */
  g_autofree char *sorted = fc_match("DejaVu Sans", true);
  if (sorted != NULL)
    g_assert_nonnull(strstr(sorted, got));
}

/* The picks of typeface_for_cluster for DejaVu Sans, each also checked against
 * fontconfig's best match for the cluster's code points (fc-match). */
static void test_cluster_picks(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  for (guint i = 0; i < G_N_ELEMENTS(cluster_cases); i++)
    check_cluster_case(sans, &cluster_cases[i]);
  typeface_set_free(set);
}

/* U+0000, raw bytes and values beyond Unicode are drawn by nobody, alone or in
 * a cluster; the old per-code-point function still works beside the new one. */
static void test_cluster_nobody(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  gunichar nul = 0, raw = GLYPH_RAW_BYTE_BASE + 0xE9, last = 0x10FFFF, beyond = 0x110000;
  g_assert_null(typeface_for_cluster(sans, &nul, 1));
  g_assert_null(typeface_for_cluster(sans, &raw, 1));
  g_assert_null(typeface_for_cluster(sans, &last, 1));
  g_assert_null(typeface_for_cluster(sans, &beyond, 1));
  gunichar mixed[] = {'a', GLYPH_RAW_BYTE_BASE};
  g_assert_null(typeface_for_cluster(sans, mixed, 2));
  gunichar replacement = 0xFFFD; /* what the caller draws for a raw byte */
  g_assert_nonnull(typeface_for_cluster(sans, &replacement, 1));
  gunichar a_acute[] = {'a', 0x0301}; /* a + combining acute: DejaVu has both */
  g_assert_true(typeface_for_cluster(sans, a_acute, 2) == sans);
  g_assert_true(typeface_for_codepoint(sans, 'a') == sans);
  typeface_set_free(set);
}

/* Many distinct code points: the per-code-point cache empties itself when
 * full and keeps answering the same. */
static void test_cluster_cache_bound(void)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  gunichar han = 0x6F22;
  Typeface *first = typeface_for_cluster(sans, &han, 1);
  g_assert_nonnull(first);
  for (gunichar cp = 0x4E00; cp < 0x4E00 + 20000; cp++) /* more than the cache holds */
    g_assert_nonnull(typeface_for_cluster(sans, &cp, 1));
  g_assert_true(typeface_for_cluster(sans, &han, 1) == first);
  typeface_set_free(set);
}

/* Nanoseconds per call of typeface_for_cluster over @calls calls of one cluster. */
static double ns_per_call(Typeface *face, const char *text, guint calls)
{
  glong n = 0;
  g_autofree gunichar *cps = g_utf8_to_ucs4_fast(text, -1, &n);
  Typeface *volatile sink = typeface_for_cluster(face, cps, (guint)n); /* warm the cache */
  gint64 start = g_get_monotonic_time();
  for (guint i = 0; i < calls; i++)
    sink = typeface_for_cluster(face, cps, (guint)n);
  gint64 end = g_get_monotonic_time();
  (void)sink;
  return (double)(end - start) * 1000.0 / calls;
}

/* Microseconds of the first call for @text on a fresh typeface: the chain
 * built from fontconfig, walked, the picked font opened. */
static double cold_us(const char *text)
{
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  glong n = 0;
  g_autofree gunichar *cps = g_utf8_to_ucs4_fast(text, -1, &n);
  gint64 start = g_get_monotonic_time();
  Typeface *volatile sink = typeface_for_cluster(sans, cps, (guint)n);
  gint64 end = g_get_monotonic_time();
  (void)sink;
  typeface_set_free(set);
  return (double)(end - start);
}

static void test_cluster_speed(void)
{
  g_test_message("first call on a fresh typeface: ASCII %.0f us, Devanagari %.0f us, "
                 "heart+VS16 %.0f us",
                 cold_us("a"), cold_us("\u0915\u094D\u0937\u093F"), cold_us("\u2764\uFE0F"));
  g_autoptr(GError) error = NULL;
  TypefaceSet *set = typeface_set_new(&error);
  Typeface *sans = typeface_set_lookup(set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  const guint calls = 1000000;
  double ascii = ns_per_call(sans, "a", calls);
  double han = ns_per_call(sans, "\u6F22", calls);
  double deva = ns_per_call(sans, "\u0915\u094D\u0937\u093F", calls);
  double heart = ns_per_call(sans, "\u2764\uFE0F", calls);
  double family = ns_per_call(sans, "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466",
                              calls);
  g_test_message("typeface_for_cluster over %u calls: ASCII %.1f ns, CJK %.1f ns, "
                 "Devanagari (4 cps) %.1f ns, heart+VS16 %.1f ns, ZWJ family (7 cps) %.1f ns",
                 calls, ascii, han, deva, heart, family);
  /* cached, not a fontconfig query (tens of microseconds); loose enough for
   * valgrind and the sanitizers */
  g_assert_cmpfloat(ascii, <, 1000.0);
  g_assert_cmpfloat(deva, <, 5000.0);
  typeface_set_free(set);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/typeface/lookup/families", test_lookup_families);
  g_test_add_func("/typeface/lookup/unknown", test_unknown_family_is_an_error);
  g_test_add_func("/typeface/families/installed", test_installed_families);
  g_test_add_func("/typeface/open/corrupt", test_corrupt_font_file);
  g_test_add_func("/typeface/lookup/no-fonts", test_no_fonts_at_all);
  g_test_add_func("/typeface/fallback/cjk", test_fallback_chain);
  g_test_add_func("/typeface/kerning/av", test_kerning_pair);
  g_test_add_func("/typeface/hb/av-as-hb-shape", test_hb_font_matches_hb_shape);
  g_test_add_func("/typeface/hb/index-color-metrics", test_face_index_color_metrics);
  g_test_add_func("/typeface/cluster/picks", test_cluster_picks);
  g_test_add_func("/typeface/cluster/nobody", test_cluster_nobody);
  g_test_add_func("/typeface/cluster/cache-bound", test_cluster_cache_bound);
  g_test_add_func("/typeface/cluster/speed", test_cluster_speed);
  return g_test_run();
}
