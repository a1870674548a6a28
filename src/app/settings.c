/* settings.c — the remembered settings, read and written as a GKeyFile
 * (settings.h).
 *
 * Reading is forgiving and says so: every key is read on its own, a value
 * that is missing keeps the default silently, a value that is wrong keeps the
 * default and adds a sentence to the problem report; a file that is not a key
 * file at all keeps every default. Writing builds the whole file from the
 * struct (so the file always holds every setting) and replaces the old one
 * atomically. */
#include "settings.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_TEXT "text"
#define GROUP_WINDOW "window"
#define GROUP_RECENT "recent"
#define GROUP_CURSORS "cursors"

static void cursor_clear(gpointer data)
{
  g_free(((SettingsCursor *)data)->path);
}

Settings *settings_new(void)
{
  Settings *s = g_new0(Settings, 1);
  s->word_wrap = true;
  s->recent = g_ptr_array_new_with_free_func(g_free);
  s->cursors = g_array_new(FALSE, FALSE, sizeof(SettingsCursor));
  g_array_set_clear_func(s->cursors, cursor_clear);
  return s;
}

void settings_free(Settings *s)
{
  if (s == NULL)
    return;
  g_free(s->font);
  g_ptr_array_unref(s->recent);
  g_array_unref(s->cursors);
  g_free(s);
}

char *settings_default_path(void)
{
  return g_build_filename(g_get_user_config_dir(), "glyphpad", "settings.ini", NULL);
}

/* @path made absolute and tidy, the key both lists compare by. */
static char *canonical(const char *path)
{
  return g_canonicalize_filename(path, NULL);
}

/* ------------------------------------------------------------------ reading */

/* Adds a sentence to the problem report. */
static void complain(GString *problems, const char *format, ...) G_GNUC_PRINTF(2, 3);
static void complain(GString *problems, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  if (problems->len > 0)
    g_string_append(problems, "; ");
  g_string_append_vprintf(problems, format, args);
  va_end(args);
}

/* The raw value of [@group] @key, or NULL when it is not there. */
static char *raw_value(GKeyFile *kf, const char *group, const char *key)
{
  return g_key_file_has_key(kf, group, key, NULL) ? g_key_file_get_value(kf, group, key, NULL)
                                                  : NULL;
}

/* Reads a whole number in [@min, @max] into @out when the key is there. */
static void read_int(GKeyFile *kf, const char *group, const char *key, int min, int max, int *out,
                     GString *problems)
{
  g_autofree char *raw = raw_value(kf, group, key);
  if (raw == NULL)
    return;
  gint64 value;
  if (g_ascii_string_to_signed(g_strstrip(raw), 10, min, max, &value, NULL))
    *out = (int)value;
  else
    complain(problems, "%s=%s is not a whole number from %d to %d", key, raw, min, max);
}

static void read_bool(GKeyFile *kf, const char *group, const char *key, bool *out,
                      GString *problems)
{
  g_autofree char *raw = raw_value(kf, group, key);
  if (raw == NULL)
    return;
  g_autoptr(GError) error = NULL;
  gboolean value = g_key_file_get_boolean(kf, group, key, &error);
  if (error == NULL)
    *out = value;
  else
    complain(problems, "%s=%s is not true or false", key, raw);
}

static void read_text_group(Settings *s, GKeyFile *kf, GString *problems)
{
  g_autoptr(GError) error = NULL;
  char *font = g_key_file_get_string(kf, GROUP_TEXT, "font", &error);
  if (font != NULL && g_strstrip(font)[0] != '\0') {
    g_free(s->font);
    s->font = font;
  } else {
    g_free(font);
    if (error != NULL &&
        !g_error_matches(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) &&
        !g_error_matches(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
      complain(problems, "font: %s", error->message);
  }
  read_int(kf, GROUP_TEXT, "size", SETTINGS_MIN_SIZE, SETTINGS_MAX_SIZE, &s->size, problems);
  read_bool(kf, GROUP_TEXT, "word_wrap", &s->word_wrap, problems);
  read_bool(kf, GROUP_TEXT, "line_numbers", &s->line_numbers, problems);
}

static void read_window_group(Settings *s, GKeyFile *kf, GString *problems)
{
  read_int(kf, GROUP_WINDOW, "width", SETTINGS_MIN_DIMENSION, SETTINGS_MAX_DIMENSION, &s->width,
           problems);
  read_int(kf, GROUP_WINDOW, "height", SETTINGS_MIN_DIMENSION, SETTINGS_MAX_DIMENSION, &s->height,
           problems);
  int x = G_MININT, y = G_MININT;
  read_int(kf, GROUP_WINDOW, "x", -100000, 100000, &x, problems);
  read_int(kf, GROUP_WINDOW, "y", -100000, 100000, &y, problems);
  s->has_position = x != G_MININT && y != G_MININT;
  if (s->has_position) {
    s->x = x;
    s->y = y;
  }
}

/* The list [@group] files, or NULL when it is not there. */
static char **read_list(GKeyFile *kf, const char *group, gsize *n)
{
  *n = 0;
  return g_key_file_has_key(kf, group, "files", NULL)
             ? g_key_file_get_string_list(kf, group, "files", n, NULL)
             : NULL;
}

static void read_recent(Settings *s, GKeyFile *kf, GString *problems)
{
  gsize n;
  g_auto(GStrv) uris = read_list(kf, GROUP_RECENT, &n);
  /* oldest first, so that each add puts the newer one in front */
  for (gsize i = n; i-- > 0;) {
    g_autofree char *path = g_filename_from_uri(uris[i], NULL, NULL);
    if (path != NULL)
      settings_add_recent(s, path);
    else
      complain(problems, "recent file “%s” is not a file:// URI", uris[i]);
  }
}

/* Parses "LINE:COLUMN:URI" (1-based line and column, as people count). */
static bool parse_cursor(const char *entry, char **path, guint32 *line, guint64 *column)
{
  g_auto(GStrv) parts = g_strsplit(entry, ":", 3);
  guint64 l, c;
  if (g_strv_length(parts) != 3 ||
      !g_ascii_string_to_unsigned(parts[0], 10, 1, G_MAXUINT32, &l, NULL) ||
      !g_ascii_string_to_unsigned(parts[1], 10, 1, G_MAXUINT64, &c, NULL))
    return false;
  *path = g_filename_from_uri(parts[2], NULL, NULL);
  *line = (guint32)(l - 1);
  *column = c - 1;
  return *path != NULL;
}

static void read_cursors(Settings *s, GKeyFile *kf, GString *problems)
{
  gsize n;
  g_auto(GStrv) entries = read_list(kf, GROUP_CURSORS, &n);
  for (gsize i = n; i-- > 0;) {
    g_autofree char *path = NULL;
    guint32 line;
    guint64 column;
    if (parse_cursor(entries[i], &path, &line, &column))
      settings_set_cursor(s, path, line, column);
    else
      complain(problems, "cursor “%s” is not LINE:COLUMN:file://PATH", entries[i]);
  }
}

bool settings_load(Settings *s, const char *path, char **problem)
{
  g_return_val_if_fail(s != NULL && path != NULL, false);
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) problems = g_string_new(NULL);
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &error)) {
    if (g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
      return true; /* first run */
    complain(problems, "%s", error->message);
  } else {
    read_text_group(s, kf, problems);
    read_window_group(s, kf, problems);
    read_recent(s, kf, problems);
    read_cursors(s, kf, problems);
  }
  if (problems->len == 0)
    return true;
  if (problem != NULL)
    *problem = g_strdup(problems->str);
  return false;
}

/* ------------------------------------------------------------------ writing */

static void write_lists(const Settings *s, GKeyFile *kf)
{
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < s->recent->len; i++) {
    char *uri = g_filename_to_uri(g_ptr_array_index(s->recent, i), NULL, NULL);
    if (uri != NULL)
      g_ptr_array_add(uris, uri);
  }
  g_key_file_set_string_list(kf, GROUP_RECENT, "files", (const char *const *)uris->pdata,
                             uris->len);
  g_autoptr(GPtrArray) cursors = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < s->cursors->len; i++) {
    const SettingsCursor *c = &g_array_index(s->cursors, SettingsCursor, i);
    g_autofree char *uri = g_filename_to_uri(c->path, NULL, NULL);
    if (uri != NULL)
      g_ptr_array_add(cursors, g_strdup_printf("%u:%" G_GUINT64_FORMAT ":%s", c->line + 1,
                                               c->column + 1, uri));
  }
  g_key_file_set_string_list(kf, GROUP_CURSORS, "files", (const char *const *)cursors->pdata,
                             cursors->len);
}

bool settings_save(const Settings *s, const char *path, GError **error)
{
  g_return_val_if_fail(s != NULL && path != NULL, false);
  g_autoptr(GKeyFile) kf = g_key_file_new();
  if (s->font != NULL)
    g_key_file_set_string(kf, GROUP_TEXT, "font", s->font);
  if (s->size > 0)
    g_key_file_set_integer(kf, GROUP_TEXT, "size", s->size);
  g_key_file_set_boolean(kf, GROUP_TEXT, "word_wrap", s->word_wrap);
  g_key_file_set_boolean(kf, GROUP_TEXT, "line_numbers", s->line_numbers);
  if (s->width > 0 && s->height > 0) {
    g_key_file_set_integer(kf, GROUP_WINDOW, "width", s->width);
    g_key_file_set_integer(kf, GROUP_WINDOW, "height", s->height);
  }
  if (s->has_position) {
    g_key_file_set_integer(kf, GROUP_WINDOW, "x", s->x);
    g_key_file_set_integer(kf, GROUP_WINDOW, "y", s->y);
  }
  write_lists(s, kf);
  g_autofree char *dir = g_path_get_dirname(path);
  if (g_mkdir_with_parents(dir, 0700) != 0) {
    int saved = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "Cannot create %s: %s", dir,
                g_strerror(saved));
    return false;
  }
  gsize len;
  g_autofree char *data = g_key_file_to_data(kf, &len, NULL);
  g_autofree char *text = g_strconcat("# glyphpad's settings, written by glyphpad\n", data, NULL);
  return g_file_set_contents(path, text, -1, error);
}

char *settings_keep_bad_copy(const char *path, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  g_autofree char *contents = NULL;
  gsize len;
  if (!g_file_get_contents(path, &contents, &len, error))
    return NULL;
  g_autofree char *bad = g_strconcat(path, ".bad", NULL);
  if (!g_file_set_contents(bad, contents, (gssize)len, error))
    return NULL;
  return g_steal_pointer(&bad);
}

/* ------------------------------------------------------------------ lists */

void settings_add_recent(Settings *s, const char *path)
{
  g_return_if_fail(s != NULL && path != NULL);
  g_autofree char *key = canonical(path);
  for (guint i = 0; i < s->recent->len; i++)
    if (strcmp(g_ptr_array_index(s->recent, i), key) == 0) {
      g_ptr_array_remove_index(s->recent, i);
      break;
    }
  g_ptr_array_insert(s->recent, 0, g_steal_pointer(&key));
  if (s->recent->len > SETTINGS_MAX_RECENT)
    g_ptr_array_set_size(s->recent, SETTINGS_MAX_RECENT);
}

/* The index of @key's cursor entry, or -1. */
static int find_cursor(const Settings *s, const char *key)
{
  for (guint i = 0; i < s->cursors->len; i++)
    if (strcmp(g_array_index(s->cursors, SettingsCursor, i).path, key) == 0)
      return (int)i;
  return -1;
}

void settings_set_cursor(Settings *s, const char *path, guint32 line, guint64 column)
{
  g_return_if_fail(s != NULL && path != NULL);
  SettingsCursor entry = {canonical(path), line, column};
  int old = find_cursor(s, entry.path);
  if (old >= 0)
    g_array_remove_index(s->cursors, (guint)old);
  g_array_prepend_val(s->cursors, entry);
  if (s->cursors->len > SETTINGS_MAX_CURSORS)
    g_array_set_size(s->cursors, SETTINGS_MAX_CURSORS);
}

bool settings_get_cursor(const Settings *s, const char *path, guint32 *line, guint64 *column)
{
  g_return_val_if_fail(s != NULL && path != NULL && line != NULL && column != NULL, false);
  g_autofree char *key = canonical(path);
  int i = find_cursor(s, key);
  if (i < 0)
    return false;
  const SettingsCursor *c = &g_array_index(s->cursors, SettingsCursor, i);
  *line = c->line;
  *column = c->column;
  return true;
}
