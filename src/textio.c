/* textio.c — loading and saving text files.
 *
 * Decoding (UTF-8). The bytes are cut into paragraphs at "\n", "\r\n" and "\r"
 * (none of those bytes can be inside a multi-byte sequence, so cutting first
 * and validating second is safe). The next "\n" and the next "\r" are found
 * with memchr and remembered, so a file of CR-only lines is still scanned once.
 * A paragraph that is valid UTF-8 (checked here: ASCII eight bytes at a time,
 * other sequences against the Unicode table of well-formed UTF-8, because
 * g_utf8_validate_len stops at NULs and is slower) and holds no genuine
 * U+10FFxx is handed to the callback straight from the mapping: no copy at all.
 * Otherwise it is rebuilt in one reused GString: valid runs are copied, each
 * invalid byte b becomes GLYPH_RAW_BYTE_BASE + b, a NUL stays U+0000 (and is
 * counted) and each byte of a genuine U+10FFxx is escaped like an invalid
 * byte, so the escape is never ambiguous. Because every byte not passed through is escaped one by one,
 * re-encoding yields exactly the input: stray continuation bytes, overlong
 * forms, UTF-8-encoded surrogates, values over U+10FFFF and sequences cut by
 * a line break or the end of the file all round-trip.
 *
 * Decoding (UTF-16 with a BOM) converts code unit by code unit into the same
 * reused GString; unpaired surrogates and an odd last byte become U+FFFD (they
 * cannot be kept: the file is written back as UTF-16).
 *
 * Loading decodes twice from the mapped file: the first pass only checks
 * (paragraph sizes the document can hold) and fills TextFileInfo, the second
 * fills the document after document_clear(). So the document is untouched on
 * any error we can foresee, and the peak is one document, not two.
 *
 * Encoding walks the paragraphs; a paragraph without a 0xF4 byte (no raw-byte
 * code point can be there) is appended as it is, others are walked to turn
 * raw-byte code points back into their byte. Saving uses
 * g_file_set_contents_full(CONSISTENT): a temporary file renamed over the old
 * one, so a failed write (full disk) leaves the old file intact. */
#include "textio.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glyph.h"

G_DEFINE_QUARK(textio-error-quark, textio_error)

/* ------------------------------------------------------------------------ */
/* Decoder state                                                            */
/* ------------------------------------------------------------------------ */

typedef struct {
  TextioParagraphFunc func;  /* the caller's per-paragraph callback */
  void *user_data;           /* its data */
  TextFileInfo *info;        /* counts being filled in */
  GString *para;             /* scratch for paragraphs that need rewriting; reused */
  guint64 line;              /* 1-based line being decoded */
  guint64 endings[3];        /* how many LINE_END_LF, _CRLF, _CR were seen */
  guint64 sniff_len;         /* bytes of the file inside the sniff window */
  guint64 sniff_invalid;     /* invalid bytes inside the sniff window */
  guint64 sniff_nul;         /* NULs inside the sniff window */
} Decoder;

static void decoder_note_invalid(Decoder *d, guint64 offset, guint count)
{
  if (d->info->invalid_bytes == 0) {
    d->info->first_invalid = offset;
    d->info->first_invalid_line = d->line;
  }
  d->info->invalid_bytes += count;
  if (offset < TEXTIO_SNIFF_BYTES)
    d->sniff_invalid += count;
}

static void decoder_note_nul(Decoder *d, guint64 offset)
{
  d->info->nul_bytes++;
  if (offset < TEXTIO_SNIFF_BYTES)
    d->sniff_nul++;
}

static bool decoder_emit(Decoder *d, const char *text, gsize len, LineEnding ending,
                         GError **error)
{
  if (ending != LINE_END_NONE) {
    d->endings[ending]++;
  }
  bool ok = d->func(text, len, ending, d->user_data, error);
  d->line++;
  return ok;
}

/* Fills in the summary fields once every paragraph has been seen. */
static void decoder_finish(Decoder *d)
{
  TextFileInfo *info = d->info;
  static const LineEnding order[] = {LINE_END_LF, LINE_END_CRLF, LINE_END_CR};
  guint kinds = 0;
  info->ending = LINE_END_LF;
  for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
    if (d->endings[order[i]] > 0)
      kinds++;
    if (d->endings[order[i]] > d->endings[info->ending])
      info->ending = order[i];
  }
  info->mixed_endings = kinds > 1;
  info->binary = d->sniff_nul > 0 || d->sniff_invalid * 10 > d->sniff_len;
}

/* ------------------------------------------------------------------------ */
/* UTF-8                                                                    */
/* ------------------------------------------------------------------------ */

/* The UTF-8 of GLYPH_RAW_BYTE_BASE + b is F4 8F (BC + b/64) (80 + b%64). */
static void append_raw_byte(GString *s, guchar b)
{
  char utf8[4] = {(char)0xF4, (char)0x8F, (char)(0xBC + (b >> 6)), (char)(0x80 | (b & 0x3F))};
  g_string_append_len(s, utf8, 4);
}

/* Whether the valid UTF-8 at @p (a 0xF4 byte) is a character U+10FF00..U+10FFFF. */
static bool is_escape_range(const guchar *p, const guchar *end)
{
  return end - p >= 4 && p[0] == 0xF4 && p[1] == 0x8F && p[2] >= 0xBC;
}

/* Skips bytes 0x01..0x7F, eight at a time while it can: prose is mostly ASCII. */
static const guchar *skip_ascii(const guchar *p, const guchar *end)
{
  const guint64 high = G_GUINT64_CONSTANT(0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  while (end - p >= 8) {
    guint64 w;
    memcpy(&w, p, 8);
    if ((w & high) != 0 || ((w - ones) & ~w & high) != 0)  /* a high bit or a zero byte */
      break;
    p += 8;
  }
  while (p < end && *p != 0 && *p < 0x80)
    p++;
  return p;
}

/* Length of the well-formed UTF-8 sequence at @p (a byte >= 0x80), or 0 when
 * it is ill-formed, cut short or an overlong, surrogate or > U+10FFFF form
 * (the table of well-formed sequences in the Unicode standard, ch. 3). */
static int sequence_len(const guchar *p, const guchar *end)
{
  guchar lo = 0x80, hi = 0xBF;
  int n;
  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    n = 2;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    n = 3, lo = p[0] == 0xE0 ? 0xA0 : 0x80, hi = p[0] == 0xED ? 0x9F : 0xBF;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    n = 4, lo = p[0] == 0xF0 ? 0x90 : 0x80, hi = p[0] == 0xF4 ? 0x8F : 0xBF;
  else
    return 0;
  if (end - p < n || p[1] < lo || p[1] > hi)
    return 0;
  for (int i = 2; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

/* The first byte in [@p, @end) that cannot be passed through: an invalid byte,
 * a NUL, or the lead byte of a genuine U+10FFxx. @end when there is none. */
static const char *find_problem(const char *p, const char *end)
{
  const guchar *u = (const guchar *)p, *e = (const guchar *)end;
  for (;;) {
    u = skip_ascii(u, e);
    if (u == e || *u == 0)
      return (const char *)u;
    int n = sequence_len(u, e);
    if (n == 0 || is_escape_range(u, e))
      return (const char *)u;
    u += n;
  }
}

/* Appends the escape for the problem byte at @p to d->para; returns bytes
 * consumed. One byte is escaped at a time: after the lead byte of a genuine
 * U+10FFxx its three continuation bytes are invalid on their own, so they are
 * escaped in turn, and so are the rest of any broken sequence. */
static gsize escape_problem(Decoder *d, const char *p, guint64 offset)
{
  guchar b = (guchar)*p;
  if (b == 0) {
    g_string_append_c(d->para, '\0');
    decoder_note_nul(d, offset);
  } else {
    append_raw_byte(d->para, b);
    decoder_note_invalid(d, offset, 1);
  }
  return 1;
}

/* Decodes one paragraph's bytes [@s, @e), which start at file offset @base. */
static bool decode_paragraph(Decoder *d, const char *s, const char *e, guint64 base,
                             LineEnding ending, GError **error)
{
  const char *bad = find_problem(s, e);
  if (bad == e)
    return decoder_emit(d, s, (gsize)(e - s), ending, error);
  g_string_truncate(d->para, 0);
  const char *p = s;
  for (;;) {
    g_string_append_len(d->para, p, bad - p);
    if (bad == e)
      break;
    p = bad + escape_problem(d, bad, base + (guint64)(bad - s));
    bad = find_problem(p, e);
  }
  return decoder_emit(d, d->para->str, d->para->len, ending, error);
}

/* Offset of the next @c at or after @pos, or @len; *@cache remembers the last
 * answer so each byte of the file is searched once. */
static gsize next_byte(const char *bytes, gsize len, gsize pos, char c, gssize *cache)
{
  if (*cache < 0 || (gsize)*cache < pos) {
    const char *f = memchr(bytes + pos, c, len - pos);
    *cache = f != NULL ? f - bytes : (gssize)len;
  }
  return (gsize)*cache;
}

static bool decode_utf8(Decoder *d, const char *bytes, gsize len, guint64 base,
                        GError **error)
{
  gssize next_lf = -1, next_cr = -1;
  gsize pos = 0;
  for (;;) {
    gsize lf = next_byte(bytes, len, pos, '\n', &next_lf);
    gsize cr = next_byte(bytes, len, pos, '\r', &next_cr);
    gsize brk = MIN(lf, cr), after = brk + 1;
    LineEnding ending = LINE_END_LF;
    if (brk == len)
      ending = LINE_END_NONE;
    else if (bytes[brk] == '\r' && brk + 1 < len && bytes[brk + 1] == '\n')
      ending = LINE_END_CRLF, after = brk + 2;
    else if (bytes[brk] == '\r')
      ending = LINE_END_CR;
    if (!decode_paragraph(d, bytes + pos, bytes + brk, base + pos, ending, error))
      return false;
    if (ending == LINE_END_NONE)
      return true;
    pos = after;
  }
}

/* ------------------------------------------------------------------------ */
/* UTF-16                                                                   */
/* ------------------------------------------------------------------------ */

static guint16 utf16_unit(const guchar *p, bool big_endian)
{
  return big_endian ? (guint16)(p[0] << 8 | p[1]) : (guint16)(p[1] << 8 | p[0]);
}

/* The code point at unit @i of @n bytes; *@units gets 1 or 2. Unpaired
 * surrogates give U+FFFD (noted as invalid by the caller via *@bad). */
static gunichar utf16_char(const guchar *u, gsize n, gsize i, bool be, guint *units, bool *bad)
{
  guint16 hi = utf16_unit(u + i, be);
  *units = 1;
  *bad = false;
  if (hi < 0xD800 || hi > 0xDFFF)
    return hi;
  if (hi <= 0xDBFF && i + 3 < n) {
    guint16 lo = utf16_unit(u + i + 2, be);
    if (lo >= 0xDC00 && lo <= 0xDFFF) {
      *units = 2;
      return 0x10000 + (((gunichar)hi - 0xD800) << 10) + (lo - 0xDC00);
    }
  }
  *bad = true;
  return 0xFFFD;
}

static bool decode_utf16(Decoder *d, const char *bytes, gsize len, guint64 base, bool be,
                         GError **error)
{
  const guchar *u = (const guchar *)bytes;
  g_string_truncate(d->para, 0);
  gsize i = 0;
  while (i + 1 < len) {
    guint units;
    bool bad;
    gunichar cp = utf16_char(u, len, i, be, &units, &bad);
    if (bad || GLYPH_IS_RAW_BYTE(cp)) {
      decoder_note_invalid(d, base + i, units * 2);
      cp = 0xFFFD;
    }
    i += units * 2;
    if (cp == '\n' || cp == '\r') {
      LineEnding ending = cp == '\n' ? LINE_END_LF : LINE_END_CR;
      if (cp == '\r' && i + 1 < len && utf16_unit(u + i, be) == '\n')
        ending = LINE_END_CRLF, i += 2;
      if (!decoder_emit(d, d->para->str, d->para->len, ending, error))
        return false;
      g_string_truncate(d->para, 0);
      continue;
    }
    if (cp == 0)
      decoder_note_nul(d, base + i - 2);
    g_string_append_unichar(d->para, cp);
  }
  if (i < len) {  /* an odd last byte */
    decoder_note_invalid(d, base + i, 1);
    g_string_append_unichar(d->para, 0xFFFD);
  }
  return decoder_emit(d, d->para->str, d->para->len, LINE_END_NONE, error);
}

bool textio_decode(const char *bytes, gsize len, TextioParagraphFunc func, void *user_data,
                   TextFileInfo *info, GError **error)
{
  g_return_val_if_fail(bytes != NULL || len == 0, false);
  g_return_val_if_fail(func != NULL, false);
  TextFileInfo local;
  if (info == NULL)
    info = &local;
  *info = (TextFileInfo){.encoding = TEXT_ENCODING_UTF8, .ending = LINE_END_LF};
  Decoder d = {.func = func, .user_data = user_data, .info = info, .line = 1,
               .sniff_len = MIN(len, TEXTIO_SNIFF_BYTES)};
  d.para = g_string_new(NULL);
  const guchar *u = (const guchar *)bytes;
  bool ok;
  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
    info->bom = true;
    info->encoding = u[0] == 0xFF ? TEXT_ENCODING_UTF16LE : TEXT_ENCODING_UTF16BE;
    ok = decode_utf16(&d, bytes + 2, len - 2, 2, info->encoding == TEXT_ENCODING_UTF16BE,
                      error);
  } else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    info->bom = true;
    ok = decode_utf8(&d, bytes + 3, len - 3, 3, error);
  } else {
    ok = decode_utf8(&d, len > 0 ? bytes : "", len, 0, error);
  }
  decoder_finish(&d);
  g_string_free(d.para, TRUE);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                  */
/* ------------------------------------------------------------------------ */

/* Turns an errno from stat/open of @path into a GError a person can act on. */
static void set_open_error(GError **error, int errnum, const char *path)
{
  g_autofree char *name = g_filename_display_name(path);
  GFileError code = g_file_error_from_errno(errnum);
  if (errnum == ENOENT)
    g_set_error(error, G_FILE_ERROR, code, "“%s” does not exist", name);
  else if (errnum == EACCES || errnum == EPERM)
    g_set_error(error, G_FILE_ERROR, code,
                "No permission to read “%s” (check the file's and its folders' permissions)",
                name);
  else
    g_set_error(error, G_FILE_ERROR, code, "Could not open “%s”: %s", name,
                g_strerror(errnum));
}

/* Refuses what is not a regular file of at most @max_bytes (0: any size). */
static bool check_stat(const struct stat *st, const char *path, guint64 max_bytes,
                       GError **error)
{
  g_autofree char *name = g_filename_display_name(path);
  if (S_ISDIR(st->st_mode)) {
    g_set_error(error, TEXTIO_ERROR, TEXTIO_ERROR_NOT_REGULAR,
                "“%s” is a folder, not a file", name);
    return false;
  }
  if (!S_ISREG(st->st_mode)) {
    g_set_error(error, TEXTIO_ERROR, TEXTIO_ERROR_NOT_REGULAR,
                "“%s” is not a regular file (it is a device, pipe or socket)", name);
    return false;
  }
  guint64 size = (guint64)st->st_size;
  if ((max_bytes > 0 && size > max_bytes) || size > G_MAXSIZE) {
    g_autofree char *have = g_format_size_full(size, G_FORMAT_SIZE_LONG_FORMAT);
    g_autofree char *limit =
        g_format_size_full(max_bytes > 0 ? max_bytes : G_MAXSIZE, G_FORMAT_SIZE_LONG_FORMAT);
    g_set_error(error, TEXTIO_ERROR, TEXTIO_ERROR_TOO_LARGE,
                "“%s” is %s, over the %s limit for opening files", name, have, limit);
    return false;
  }
  return true;
}

/* Maps @path read-only after checking it; NULL with @error. An empty file gives
 * a mapping whose contents may be NULL. */
static GMappedFile *map_file(const char *path, guint64 max_bytes, GError **error)
{
  struct stat st;
  if (g_stat(path, &st) != 0) {
    set_open_error(error, errno, path);
    return NULL;
  }
  /* Checked before open(): opening a FIFO would block. */
  if (!check_stat(&st, path, max_bytes, error))
    return NULL;
  int fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) {
    set_open_error(error, errno, path);
    return NULL;
  }
  GMappedFile *map = NULL;
  /* Checked again on the descriptor: the path may have changed since stat(). */
  if (fstat(fd, &st) != 0)
    set_open_error(error, errno, path);
  else if (check_stat(&st, path, max_bytes, error))
    map = g_mapped_file_new_from_fd(fd, FALSE, error);
  close(fd);
  return map;
}

/* First pass: only checks that the document can hold every paragraph. */
static bool check_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                            GError **error)
{
  guint64 *count = user_data;
  ++*count;
  /* The document's limits: fewer than 2^32-1 bytes a paragraph and paragraphs. */
  if (len >= G_MAXUINT32) {
    g_set_error(error, TEXTIO_ERROR, TEXTIO_ERROR_TOO_LARGE,
                "Line %" G_GUINT64_FORMAT " is longer than 4 GiB, more than one line can hold",
                *count);
    return false;
  }
  if (*count >= G_MAXUINT32) {
    g_set_error(error, TEXTIO_ERROR, TEXTIO_ERROR_TOO_LARGE,
                "The file has more than %u lines, more than a document can hold", G_MAXUINT32);
    return false;
  }
  return true;
}

static bool append_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                             GError **error)
{
  return document_append_paragraph(user_data, utf8, len, ending, error);
}

bool textio_load(Document *doc, const char *path, guint64 max_bytes, TextFileInfo *info,
                 GError **error)
{
  g_return_val_if_fail(doc != NULL, false);
  g_return_val_if_fail(path != NULL, false);
  GMappedFile *map = map_file(path, max_bytes, error);
  if (map == NULL)
    return false;
  const char *bytes = g_mapped_file_get_contents(map);
  gsize len = g_mapped_file_get_length(map);
  TextFileInfo found;
  guint64 count = 0;
  bool ok = textio_decode(bytes, len, check_paragraph, &count, &found, error);
  if (ok) {
    document_clear(doc);
    ok = textio_decode(bytes, len, append_paragraph, doc, &found, error);
    if (!ok)
      document_clear(doc);  /* never leave half a file that could be saved over it */
    else {
      document_set_line_ending(doc, found.ending);
      document_compact(doc); /* give back the paragraph array's growth room */
    }
  }
  g_mapped_file_unref(map);
  if (!ok) {
    g_autofree char *name = g_filename_display_name(path);
    g_prefix_error(error, "Could not load “%s”: ", name);
  } else if (info != NULL) {
    *info = found;
  }
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Encoding and saving                                                      */
/* ------------------------------------------------------------------------ */

static const char *ending_bytes(LineEnding ending)
{
  switch (ending) {
  case LINE_END_CRLF: return "\r\n";
  case LINE_END_CR: return "\r";
  case LINE_END_LF:
  case LINE_END_NONE:
  default: return "\n";
  }
}

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
    if (is_escape_range(u, (const guchar *)end)) {
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
    g_set_error(error, TEXTIO_ERROR, TEXTIO_ERROR_ENCODING,
                "Line %u holds a byte that was not valid text (shown as U+FFFD); UTF-16 "
                "cannot store it: delete it or save as UTF-8", i + 1);
    return false;
  }
  return true;
}

char *textio_encode(const Document *doc, const TextFileInfo *info, gsize *len, GError **error)
{
  g_return_val_if_fail(doc != NULL, NULL);
  g_return_val_if_fail(len != NULL, NULL);
  TextEncoding enc = info != NULL ? info->encoding : TEXT_ENCODING_UTF8;
  bool bom = info != NULL && info->bom;
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
    const char *eol = ending_bytes(ending_after(doc, i));
    if (enc == TEXT_ENCODING_UTF8)
      g_string_append(out, eol);
    else
      for (const char *p = eol; *p != '\0'; p++)
        append_utf16_char(out, (gunichar)*p, enc == TEXT_ENCODING_UTF16BE);
  }
  *len = out->len;
  return g_string_free(out, FALSE);
}

/* Where a save of @path writes: the target of a symlink, so the link survives. */
static char *save_target(const char *path)
{
  struct stat st;
  if (g_lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    char *real = realpath(path, NULL);
    if (real != NULL) {
      char *copy = g_strdup(real);
      free(real);
      return copy;
    }
  }
  return g_strdup(path);
}

/* Refuses saving where it cannot work, with a reason; sets *@mode to the
 * existing file's permissions (or -1 for a new file). */
static bool check_save_target(const char *path, int *mode, GError **error)
{
  g_autofree char *name = g_filename_display_name(path);
  g_autofree char *dir = g_path_get_dirname(path);
  g_autofree char *dir_name = g_filename_display_name(dir);
  struct stat st;
  *mode = -1;
  if (g_stat(path, &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      g_set_error(error, TEXTIO_ERROR, TEXTIO_ERROR_NOT_REGULAR,
                  "Could not save “%s”: it is %s, not a file", name,
                  S_ISDIR(st.st_mode) ? "a folder" : "a device, pipe or socket");
      return false;
    }
    *mode = (int)(st.st_mode & 07777);
    return true;
  }
  if (g_stat(dir, &st) != 0) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                "Could not save “%s”: the folder “%s” does not exist", name, dir_name);
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
                "Could not save “%s”: “%s” is not a folder", name, dir_name);
    return false;
  }
  return true;
}

bool textio_save(const Document *doc, const char *path, const TextFileInfo *info,
                 GError **error)
{
  g_return_val_if_fail(doc != NULL, false);
  g_return_val_if_fail(path != NULL, false);
  g_autofree char *target = save_target(path);
  int mode;
  if (!check_save_target(target, &mode, error))
    return false;
  gsize len;
  g_autofree char *data = textio_encode(doc, info, &len, error);
  if (data == NULL) {
    g_prefix_error(error, "Could not save “%s”: ", path);
    return false;
  }
  if (!g_file_set_contents_full(target, data, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT,
                                mode >= 0 ? mode : 0666, error)) {
    g_prefix_error(error, "Could not save “%s” (the old file is unchanged): ", path);
    return false;
  }
  /* open() applied the umask to the temporary file; give back the exact bits. */
  struct stat st;
  if (mode >= 0 && g_stat(target, &st) == 0 && (int)(st.st_mode & 07777) != mode)
    g_chmod(target, mode);
  return true;
}

/* ------------------------------------------------------------------------ */
/* Warnings                                                                 */
/* ------------------------------------------------------------------------ */

char *textio_describe_warnings(const TextFileInfo *info, const char *path)
{
  g_return_val_if_fail(info != NULL, NULL);
  if (info->invalid_bytes == 0 && !info->binary)
    return NULL;
  g_autofree char *name = path != NULL ? g_filename_display_basename(path)
                                       : g_strdup("The file");
  GString *s = g_string_new(name);
  const char *sep = ": ";
  if (info->invalid_bytes > 0) {
    bool utf16 = info->encoding != TEXT_ENCODING_UTF8;
    g_string_append_printf(s, "%s%" G_GUINT64_FORMAT " %s not valid %s (first at line %"
                           G_GUINT64_FORMAT ", byte offset %" G_GUINT64_FORMAT "); %s",
                           sep, info->invalid_bytes,
                           info->invalid_bytes == 1 ? "byte is" : "bytes are",
                           utf16 ? "UTF-16" : "UTF-8", info->first_invalid_line,
                           info->first_invalid,
                           utf16 ? "replaced by U+FFFD, which is what saving writes"
                                 : "shown as U+FFFD and kept unchanged on save");
    sep = "; ";
  }
  if (info->binary)
    g_string_append_printf(s, "%sit looks like a binary file (%" G_GUINT64_FORMAT
                           " NUL bytes)", sep, info->nul_bytes);
  return g_string_free(s, FALSE);
}
