/* testutil.c — fixtures shared by the unit tests. */
#include "testutil.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib/gstdio.h>
#include <string.h>

#include "text_loader.h"
#include "text_saver.h"

void test_fonts_init(TestFonts *fonts)
{
  g_autoptr(GError) error = NULL;
  fonts->set = typeface_set_new(&error);
  g_assert_no_error(error);
  fonts->sans = typeface_set_lookup(fonts->set, "DejaVu Sans", &error);
  g_assert_no_error(error);
  fonts->factory = glyph_factory_new(fonts->set);
  fonts->style = glyph_factory_style(fonts->factory, fonts->sans, 16);
  g_assert_cmpuint(fonts->style, !=, STYLE_NONE);
  fonts->shaper = shaper_new(fonts->factory, &error);
  g_assert_no_error(error);
  fonts->segmenter = shaper_segmenter(fonts->shaper);
  fonts->words = word_cache_new(fonts->shaper);
  fonts->layout = layout_new(fonts->factory, fonts->words, fonts->segmenter);
}

void test_fonts_clear(TestFonts *fonts)
{
  layout_free(fonts->layout);
  word_cache_free(fonts->words);
  shaper_free(fonts->shaper);
  glyph_factory_free(fonts->factory);
  typeface_set_free(fonts->set);
  *fonts = (TestFonts){0};
}

guint32 test_glyph_id(Typeface *face, gunichar cp)
{
  return FT_Get_Char_Index(typeface_ft_face(face), cp);
}

char *test_tmpdir_new(void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp("glyphpad-test-XXXXXX", &error);
  g_assert_no_error(error);
  return dir;
}

void test_tmpdir_remove(const char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  if (d == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_remove(path);
  }
  g_dir_close(d);
  g_rmdir(dir);
}

char *test_write_file(const char *dir, const char *name, const char *bytes, gsize len)
{
  char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_set_contents(path, bytes, (gssize)len, &error));
  g_assert_no_error(error);
  return path;
}

void test_doc_files_init(TestDocFiles *fx)
{
  test_fonts_init(&fx->fonts);
  fx->doc = document_new(fx->fonts.factory, fx->fonts.style);
  fx->dir = test_tmpdir_new();
}

void test_doc_files_clear(TestDocFiles *fx)
{
  document_free(fx->doc);
  test_fonts_clear(&fx->fonts);
  test_tmpdir_remove(fx->dir);
  g_free(fx->dir);
}

void test_load_ok(TestDocFiles *fx, const char *bytes, gsize len, TextFileInfo *info)
{
  g_autofree char *path = test_write_file(fx->dir, "in.txt", bytes, len);
  g_autoptr(GError) error = NULL;
  g_assert_true(text_loader_load(fx->doc, path, 0, info, &error));
  g_assert_no_error(error);
}

void test_assert_saves_as(TestDocFiles *fx, const TextFileInfo *info, const char *bytes, gsize len)
{
  g_autofree char *out = g_build_filename(fx->dir, "out.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(text_saver_save(fx->doc, out, info, NULL, NULL, &error));
  g_assert_no_error(error);
  g_autofree char *saved = NULL;
  gsize saved_len = 0;
  g_assert_true(g_file_get_contents(out, &saved, &saved_len, &error));
  g_assert_no_error(error);
  g_assert_cmpmem(saved, saved_len, bytes, len);
  gsize enc_len = 0;
  g_autofree char *encoded = text_saver_encode(fx->doc, info, NULL, &enc_len, &error);
  g_assert_no_error(error);
  g_assert_cmpmem(encoded, enc_len, bytes, len);
}

/* ------------------------------------------------------------------ JSON checker */

/* Where test_json_object_keys is in its input. */
typedef struct {
  const char *p;   /* the next character */
  GPtrArray *keys; /* top-level member names found so far */
  int depth;       /* objects and arrays open */
} JsonScan;

static bool json_scan_value(JsonScan *s);

/* Consumes @c when it is next; never steps over the input's end. */
static bool json_take(JsonScan *s, char c)
{
  if (*s->p != c || c == '\0')
    return false;
  s->p++;
  return true;
}

static void json_skip_space(JsonScan *s)
{
  while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
    s->p++;
}

/* One escape after a backslash: \" \\ \/ \b \f \n \r \t or \uXXXX. */
static bool json_scan_escape(JsonScan *s)
{
  if (*s->p != '\0' && strchr("\"\\/bfnrt", *s->p) != NULL) {
    s->p++;
    return true;
  }
  if (!json_take(s, 'u'))
    return false;
  for (int i = 0; i < 4; i++, s->p++)
    if (!g_ascii_isxdigit(*s->p))
      return false;
  return true;
}

/* A string literal; its raw text (escapes as written) into @out unless NULL. */
static bool json_scan_string(JsonScan *s, GString *out)
{
  if (!json_take(s, '"'))
    return false;
  while (*s->p != '"') {
    const char *at = s->p;
    if ((unsigned char)*s->p < 0x20) /* the end of the input, or a raw control character */
      return false;
    if (*s->p++ == '\\' && !json_scan_escape(s))
      return false;
    if (out != NULL)
      g_string_append_len(out, at, s->p - at);
  }
  s->p++;
  return true;
}

static bool json_scan_digits(JsonScan *s)
{
  if (!g_ascii_isdigit(*s->p))
    return false;
  while (g_ascii_isdigit(*s->p))
    s->p++;
  return true;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool json_scan_number(JsonScan *s)
{
  if (*s->p == '-')
    s->p++;
  if (*s->p == '0')
    s->p++;
  else if (!json_scan_digits(s))
    return false;
  if (*s->p == '.') {
    s->p++;
    if (!json_scan_digits(s))
      return false;
  }
  if (*s->p == 'e' || *s->p == 'E') {
    s->p++;
    if (*s->p == '+' || *s->p == '-')
      s->p++;
    return json_scan_digits(s);
  }
  return true;
}

/* {"name": value, ...}; top-level names go to s->keys. */
static bool json_scan_object(JsonScan *s)
{
  bool top = s->depth++ == 0;
  s->p++; /* '{' */
  json_skip_space(s);
  if (*s->p == '}') {
    s->p++;
    s->depth--;
    return true;
  }
  for (;;) {
    g_autoptr(GString) name = g_string_new(NULL);
    json_skip_space(s);
    if (!json_scan_string(s, name))
      return false;
    json_skip_space(s);
    if (!json_take(s, ':') || !json_scan_value(s))
      return false;
    if (top)
      g_ptr_array_add(s->keys, g_string_free(g_steal_pointer(&name), FALSE));
    json_skip_space(s);
    if (*s->p == '}')
      break;
    if (!json_take(s, ','))
      return false;
  }
  s->p++;
  s->depth--;
  return true;
}

/* [value, ...] */
static bool json_scan_array(JsonScan *s)
{
  s->depth++;
  s->p++; /* '[' */
  json_skip_space(s);
  if (*s->p != ']') {
    for (;;) {
      if (!json_scan_value(s))
        return false;
      json_skip_space(s);
      if (*s->p == ']')
        break;
      if (!json_take(s, ','))
        return false;
    }
  }
  s->p++;
  s->depth--;
  return true;
}

static bool json_scan_word(JsonScan *s, const char *word)
{
  if (strncmp(s->p, word, strlen(word)) != 0)
    return false;
  s->p += strlen(word);
  return true;
}

static bool json_scan_value(JsonScan *s)
{
  json_skip_space(s);
  switch (*s->p) {
  case '{':
    return json_scan_object(s);
  case '[':
    return json_scan_array(s);
  case '"':
    return json_scan_string(s, NULL);
  case 't':
    return json_scan_word(s, "true");
  case 'f':
    return json_scan_word(s, "false");
  case 'n':
    return json_scan_word(s, "null");
  default:
    return json_scan_number(s);
  }
}

GPtrArray *test_json_object_keys(const char *json)
{
  JsonScan s = {json, g_ptr_array_new_with_free_func(g_free), 0};
  json_skip_space(&s);
  bool ok = *s.p == '{' && json_scan_value(&s);
  json_skip_space(&s);
  if (ok && *s.p == '\0')
    return s.keys;
  g_ptr_array_unref(s.keys);
  return NULL;
}

/* ------------------------------------------------------------------ .mo catalogues */

/* The 32-bit number at byte @offset of a .mo file, in the file's byte order. */
static guint32 mo_word(const char *data, gsize offset, bool big_endian)
{
  guint32 v;
  memcpy(&v, data + offset, 4);
  return big_endian ? GUINT32_FROM_BE(v) : GUINT32_FROM_LE(v);
}

GPtrArray *test_mo_translations(const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &data, &len, NULL) || len < 28)
    return NULL;
  bool big_endian;
  if (mo_word(data, 0, false) == 0x950412DEu)
    big_endian = false;
  else if (mo_word(data, 0, true) == 0x950412DEu)
    big_endian = true;
  else
    return NULL;
  guint32 n = mo_word(data, 8, big_endian);
  guint32 originals = mo_word(data, 12, big_endian);
  guint32 translations = mo_word(data, 16, big_endian);
  if ((guint64)originals + 8ull * n > len || (guint64)translations + 8ull * n > len)
    return NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  for (guint32 i = 0; i < n; i++) {
    guint32 msgid_len = mo_word(data, originals + 8 * i, big_endian);
    guint32 str_len = mo_word(data, translations + 8 * i, big_endian);
    guint32 str_at = mo_word(data, translations + 8 * i + 4, big_endian);
    if (msgid_len == 0 || (guint64)str_at + str_len > len)
      continue; /* the header, or a broken entry */
    for (const char *s = data + str_at; s < data + str_at + str_len; s += strlen(s) + 1)
      g_ptr_array_add(out, g_strndup(s, data + str_at + str_len - s));
  }
  return out;
}
