/* prompt.c — Tab completion of file paths for the in-window prompt.
 *
 * The text is split at its last '/': the directory part is listed (g_dir), and
 * the names that start with the last part are the candidates. Hidden files are
 * offered only when the last part starts with '.'. The answer is the shared
 * prefix of the candidates, so repeated Tabs behave like a shell's. */
#include "prompt.h"

#include <stdbool.h>
#include <string.h>

#define LISTING_MAX 6

char *prompt_expand_path(const char *path)
{
  g_return_val_if_fail(path != NULL, NULL);
  if (path[0] == '~' && (path[1] == '/' || path[1] == '\0'))
    return g_strconcat(g_get_home_dir(), path + 1, NULL);
  return g_strdup(path);
}

/* Length of the prefix @a and @b share, on a UTF-8 boundary. */
static gsize common_prefix(const char *a, const char *b)
{
  gsize n = 0;
  while (a[n] != '\0' && a[n] == b[n])
    n++;
  while (n > 0 && (a[n] & 0xC0) == 0x80)
    n--;
  return n;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names in @dir starting with @base, sorted. */
static GPtrArray *matching_names(const char *dir, const char *base)
{
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  GDir *d = g_dir_open(dir[0] != '\0' ? dir : ".", 0, NULL);
  if (d == NULL)
    return names;
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL)
    if (g_str_has_prefix(name, base) && (name[0] != '.' || base[0] == '.'))
      g_ptr_array_add(names, g_strdup(name));
  g_dir_close(d);
  g_ptr_array_sort(names, compare_names);
  return names;
}

static char *make_listing(GPtrArray *names)
{
  g_autoptr(GString) out = g_string_new(NULL);
  for (guint i = 0; i < names->len && i < LISTING_MAX; i++)
    g_string_append_printf(out, "%s%s", i > 0 ? "  " : "", (const char *)names->pdata[i]);
  if (names->len > LISTING_MAX)
    g_string_append(out, "  ...");
  return g_string_free(g_steal_pointer(&out), FALSE);
}

/* The length of the prefix all of @names (at least one) share. */
static gsize shared_prefix(const GPtrArray *names, gsize (*common)(const char *, const char *))
{
  const char *first = names->pdata[0];
  gsize n = strlen(first);
  for (guint i = 1; i < names->len; i++) {
    gsize shared = common(first, names->pdata[i]);
    n = MIN(n, shared);
  }
  return n;
}

char *prompt_complete_path(const char *partial, guint *n_matches, char **listing)
{
  g_return_val_if_fail(partial != NULL, NULL);
  g_autoptr(GPtrArray) names = NULL;
  char *result = prompt_complete_path_all(partial, &names);
  if (n_matches != NULL)
    *n_matches = names->len;
  if (listing != NULL)
    *listing = make_listing(names);
  return result;
}

char *prompt_complete_path_all(const char *partial, GPtrArray **matches)
{
  g_return_val_if_fail(partial != NULL && matches != NULL, NULL);
  g_autofree char *expanded = prompt_expand_path(partial);
  const char *slash = strrchr(expanded, '/');
  g_autofree char *dir = slash ? g_strndup(expanded, (gsize)(slash - expanded + 1)) : g_strdup("");
  const char *base = slash ? slash + 1 : expanded;
  GPtrArray *names = *matches = matching_names(dir, base);
  if (names->len == 0)
    return g_strdup(partial);
  g_autofree char *stem = g_strndup(names->pdata[0], shared_prefix(names, common_prefix));
  char *result = g_strconcat(dir, stem, NULL);
  if (names->len == 1 && g_file_test(result, G_FILE_TEST_IS_DIR)) {
    char *with_slash = g_strconcat(result, "/", NULL);
    g_free(result);
    result = with_slash;
  }
  return result;
}

/* ---------------------------------------------------------------- choices */

/* Length of the prefix @a and @b share ignoring ASCII case, on a UTF-8 boundary. */
static gsize common_prefix_nocase(const char *a, const char *b)
{
  gsize n = 0;
  while (a[n] != '\0' && g_ascii_tolower(a[n]) == g_ascii_tolower(b[n]))
    n++;
  while (n > 0 && (a[n] & 0xC0) == 0x80)
    n--;
  return n;
}

static bool starts_nocase(const char *name, const char *prefix)
{
  return g_ascii_strncasecmp(name, prefix, strlen(prefix)) == 0;
}

char *prompt_complete_choice(const char *partial, const GPtrArray *names, GPtrArray **matches)
{
  g_return_val_if_fail(partial != NULL && names != NULL && matches != NULL, NULL);
  GPtrArray *found = *matches = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < names->len; i++)
    if (starts_nocase(names->pdata[i], partial))
      g_ptr_array_add(found, g_strdup(names->pdata[i]));
  if (found->len == 0)
    return g_strdup(partial);
  return g_strndup(found->pdata[0], shared_prefix(found, common_prefix_nocase));
}

const char *prompt_choice_named(const char *typed, const GPtrArray *names)
{
  g_return_val_if_fail(typed != NULL && names != NULL, NULL);
  const char *only = NULL;
  guint starting = 0;
  for (guint i = 0; i < names->len; i++) {
    if (g_ascii_strcasecmp(names->pdata[i], typed) == 0)
      return names->pdata[i];
    if (starts_nocase(names->pdata[i], typed) && starting++ == 0)
      only = names->pdata[i];
  }
  return starting == 1 ? only : NULL;
}
