/* text_saver.c — encoding a Document into file bytes and saving it.
 *
 * Encoding walks the paragraphs; a paragraph without a 0xF4 byte (no raw-byte
 * code point can be there) is appended as it is, others are walked to turn
 * raw-byte code points back into their byte. A styled document is encoded by
 * styled_html.h instead. Saving encodes, then hands the bytes to
 * file_writer_write(), which chooses between a rename and an in-place write
 * after a backup so that the file keeps its inode, links, owner, group and
 * mode, and leaves the old file intact when it fails (full disk). */
#include "text_saver.h"

#include <string.h>

#include "glyph.h"
#include "styled_html.h"

/* The ending written after paragraph @i (never after the last one). */
static LineEnding ending_after(const Document *doc, guint32 i)
{
  LineEnding ending = document_paragraph_ending(doc, i);
  if (ending == LINE_END_NONE)
    ending = document_line_ending(doc);
  return ending == LINE_END_NONE ? LINE_END_LF : ending;
}

/* Appends UTF-8 @text, turning raw-byte code points back into their bytes. */
static void append_utf8(GString *out, const char *text, gsize len)
{
  const char *p = text, *end = text + len;
  const char *f;
  while ((f = memchr(p, 0xF4, (gsize)(end - p))) != NULL) {
    g_string_append_len(out, p, f - p);
    const guchar *u = (const guchar *)f;
    if (text_file_is_escape_range(u, (const guchar *)end)) {
      g_string_append_c(out, (char)(((u[2] - 0xBC) << 6) | (u[3] & 0x3F)));
      p = f + 4;
    } else {
      g_string_append_c(out, *f);
      p = f + 1;
    }
  }
  g_string_append_len(out, p, end - p);
}

static void append_utf16_unit(GString *out, guint16 unit, bool be)
{
  char b[2] = {(char)(be ? unit >> 8 : unit & 0xFF), (char)(be ? unit & 0xFF : unit >> 8)};
  g_string_append_len(out, b, 2);
}

static void append_utf16_char(GString *out, gunichar cp, bool be)
{
  if (cp < 0x10000) {
    append_utf16_unit(out, (guint16)cp, be);
  } else {
    cp -= 0x10000;
    append_utf16_unit(out, (guint16)(0xD800 + (cp >> 10)), be);
    append_utf16_unit(out, (guint16)(0xDC00 + (cp & 0x3FF)), be);
  }
}

/* Appends @text as UTF-16; false when it holds a raw byte UTF-16 cannot carry. */
static bool append_utf16(GString *out, const char *text, gsize len, bool be)
{
  for (const char *p = text; p < text + len; p = g_utf8_next_char(p)) {
    gunichar cp = g_utf8_get_char(p);
    if (GLYPH_IS_RAW_BYTE(cp))
      return false;
    append_utf16_char(out, cp, be);
  }
  return true;
}

static bool encode_paragraph(GString *out, const Document *doc, guint32 i, TextEncoding enc,
                             GError **error)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, i, &len);
  if (enc == TEXT_ENCODING_UTF8) {
    append_utf8(out, text, len);
  } else if (!append_utf16(out, text, len, enc == TEXT_ENCODING_UTF16BE)) {
    g_set_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_ENCODING,
                "Line %u holds a byte that was not valid text (shown as U+FFFD); UTF-16 "
                "cannot store it: delete it or save as UTF-8",
                i + 1);
    return false;
  }
  return true;
}

/* The plain-text bytes of @doc in encoding @enc, after a BOM when @bom. */
static char *encode_plain(const Document *doc, TextEncoding enc, bool bom, gsize *len,
                          GError **error)
{
  guint32 n = document_paragraph_count(doc);
  guint64 estimate = document_byte_count(doc) + 2 * (guint64)n + 4;
  GString *out = g_string_sized_new(enc == TEXT_ENCODING_UTF8 ? estimate : 2 * estimate);
  if (enc == TEXT_ENCODING_UTF8 && bom)
    g_string_append(out, "\xEF\xBB\xBF");
  else if (enc != TEXT_ENCODING_UTF8)
    append_utf16_char(out, 0xFEFF, enc == TEXT_ENCODING_UTF16BE);
  for (guint32 i = 0; i < n; i++) {
    if (!encode_paragraph(out, doc, i, enc, error)) {
      g_string_free(out, TRUE);
      return NULL;
    }
    if (i + 1 == n)
      break;
    const char *eol = text_file_ending_bytes(ending_after(doc, i));
    if (enc == TEXT_ENCODING_UTF8)
      g_string_append(out, eol);
    else
      for (const char *p = eol; *p != '\0'; p++)
        append_utf16_char(out, (gunichar)*p, enc == TEXT_ENCODING_UTF16BE);
  }
  *len = out->len;
  return g_string_free(out, FALSE);
}

char *text_saver_encode(const Document *doc, const TextFileInfo *info,
                        const TextSaveOptions *options, gsize *len, GError **error)
{
  g_return_val_if_fail(doc != NULL, NULL);
  g_return_val_if_fail(len != NULL, NULL);
  if (info != NULL && info->format == TEXT_FORMAT_STYLED_HTML) /* always UTF-8, no BOM */
    return styled_html_encode(doc, options != NULL ? options->px_per_css_px : 1.0,
                              options != NULL ? options->title : NULL, len);
  TextEncoding enc = info != NULL ? info->encoding : TEXT_ENCODING_UTF8;
  return encode_plain(doc, enc, info != NULL && info->bom, len, error);
}

bool text_saver_save(const Document *doc, const char *path, const TextFileInfo *info,
                     const TextSaveOptions *options, FileWriteMethod *method, GError **error)
{
  g_return_val_if_fail(doc != NULL, false);
  g_return_val_if_fail(path != NULL, false);
  gsize len;
  g_autofree char *data = text_saver_encode(doc, info, options, &len, error);
  if (data == NULL) {
    g_autofree char *name = g_filename_display_basename(path);
    g_prefix_error(error, "Could not save “%s”: ", name);
    return false;
  }
  return file_writer_write(path, data, len, options != NULL ? &options->write : NULL, method,
                           error);
}
