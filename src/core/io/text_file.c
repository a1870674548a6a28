/* text_file.c — what a text file on disk is: stamps, the error domain, the
 * escape range test, and warnings in words.
 *
 * A stamp is taken with stat() (text_file_stamp) or from a stat the caller
 * already has (text_file_stamp_from_stat: the loader's fstat of the open
 * descriptor), so the stamp of a loaded file is that of the file actually read. */
#include "text_file.h"

#include <errno.h>
#include <glib/gstdio.h>

/* clang-format off */
G_DEFINE_QUARK(text-file-error-quark, text_file_error)
/* clang-format on */

/* ------------------------------------------------------------------------ */
/* Stamps                                                                   */
/* ------------------------------------------------------------------------ */

void text_file_stamp_from_stat(const struct stat *st, TextFileStamp *stamp)
{
  *stamp = (TextFileStamp){
      .exists = true,
      .device = (guint64)st->st_dev,
      .inode = (guint64)st->st_ino,
      .size = (guint64)st->st_size,
      .mtime_ns = (gint64)st->st_mtim.tv_sec * G_GINT64_CONSTANT(1000000000) + st->st_mtim.tv_nsec,
  };
}

bool text_file_stamp(const char *path, TextFileStamp *stamp)
{
  g_return_val_if_fail(path != NULL && stamp != NULL, false);
  struct stat st;
  *stamp = (TextFileStamp){0};
  if (g_stat(path, &st) == 0) {
    text_file_stamp_from_stat(&st, stamp);
    return true;
  }
  return errno == ENOENT || errno == ENOTDIR; /* gone (or a folder on the way is) */
}

bool text_file_stamp_equal(const TextFileStamp *a, const TextFileStamp *b)
{
  g_return_val_if_fail(a != NULL && b != NULL, false);
  return a->exists == b->exists && a->device == b->device && a->inode == b->inode &&
         a->size == b->size && a->mtime_ns == b->mtime_ns;
}

/* ------------------------------------------------------------------------ */
/* Escapes                                                                  */
/* ------------------------------------------------------------------------ */

/* Whether the valid UTF-8 at @p (a 0xF4 byte) is a character U+10FF00..U+10FFFF. */
bool text_file_is_escape_range(const guchar *p, const guchar *end)
{
  return end - p >= 4 && p[0] == 0xF4 && p[1] == 0x8F && p[2] >= 0xBC;
}

/* ------------------------------------------------------------------------ */
/* Warnings                                                                 */
/* ------------------------------------------------------------------------ */

char *text_file_describe_warnings(const TextFileInfo *info, const char *path)
{
  g_return_val_if_fail(info != NULL, NULL);
  if (info->invalid_bytes == 0 && !info->binary && !info->changed_while_loading)
    return NULL;
  g_autofree char *name = path != NULL ? g_filename_display_basename(path) : g_strdup("The file");
  GString *s = g_string_new(name);
  const char *sep = ": ";
  if (info->invalid_bytes > 0) {
    bool utf16 = info->encoding != TEXT_ENCODING_UTF8;
    g_string_append_printf(s,
                           "%s%" G_GUINT64_FORMAT
                           " %s not valid %s (first at line %" G_GUINT64_FORMAT
                           ", byte offset %" G_GUINT64_FORMAT "); %s",
                           sep, info->invalid_bytes,
                           info->invalid_bytes == 1 ? "byte is" : "bytes are",
                           utf16 ? "UTF-16" : "UTF-8", info->first_invalid_line,
                           info->first_invalid,
                           utf16 ? "replaced by U+FFFD, which is what saving writes"
                                 : "shown as U+FFFD and kept unchanged on save");
    sep = "; ";
  }
  if (info->binary) {
    g_string_append_printf(s, "%sit looks like a binary file (%" G_GUINT64_FORMAT " NUL bytes)",
                           sep, info->nul_bytes);
    sep = "; ";
  }
  if (info->changed_while_loading)
    g_string_append_printf(s,
                           "%sit changed while it was being read; what you see may mix "
                           "old and new text — reopen it",
                           sep);
  return g_string_free(s, FALSE);
}

const char *text_file_ending_bytes(LineEnding ending)
{
  switch (ending) {
  case LINE_END_CRLF:
    return "\r\n";
  case LINE_END_CR:
    return "\r";
  case LINE_END_LF:
  case LINE_END_NONE:
  default:
    return "\n";
  }
}
