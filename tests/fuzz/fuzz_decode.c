/* fuzz_decode.c — libFuzzer target for textio_decode().
 *
 * Invariants checked on every input:
 *  - decoding never fails (only a callback can make it fail, and ours never does);
 *  - every paragraph is valid UTF-8 (U+0000 allowed) without "\n" or "\r";
 *  - only the last paragraph has LINE_END_NONE, and there is at least one;
 *  - for UTF-8 input, turning raw-byte code points back into bytes and joining
 *    the paragraphs with their endings gives back exactly the input (after the
 *    BOM when there is one), the number of raw-byte characters equals
 *    info.invalid_bytes and the number of U+0000 equals info.nul_bytes;
 *  - for UTF-8 input, info.invalid_bytes equals a count made independently
 *    with g_utf8_get_char_validated (so valid text is never escaped needlessly:
 *    the round trip alone would not notice that).
 * The re-encoding here is written independently of textio_encode() on purpose. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glyph.h"
#include "textio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                          \
  do {                                                                            \
    if (!(cond)) {                                                                \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                                    \
    }                                                                             \
  } while (0)

typedef struct {
  GString *out;          /* the input rebuilt from the paragraphs */
  guint64 paragraphs;    /* callbacks so far */
  bool ended;            /* a LINE_END_NONE paragraph was seen */
  guint64 raw;           /* raw-byte code points seen */
  guint64 nuls;          /* U+0000 seen */
} FuzzState;

/* Valid UTF-8 where NULs are allowed (g_utf8_validate_len refuses them). */
static bool valid_with_nuls(const char *s, gsize len)
{
  const char *end = s + len;
  while (s < end) {
    const char *stop;
    if (g_utf8_validate_len(s, (gsize)(end - s), &stop))
      return true;
    if (*stop != '\0')
      return false;
    s = stop + 1;
  }
  return true;
}

static void rebuild(FuzzState *st, const char *s, gsize len)
{
  for (const char *p = s; p < s + len; p = g_utf8_next_char(p)) {
    gunichar cp = g_utf8_get_char(p);
    if (GLYPH_IS_RAW_BYTE(cp)) {
      st->raw++;
      g_string_append_c(st->out, (char)(cp - GLYPH_RAW_BYTE_BASE));
    } else {
      st->nuls += cp == 0;
      g_string_append_len(st->out, p, g_utf8_next_char(p) - p);
    }
  }
}

/* Bytes GLib does not accept as UTF-8, plus each byte of a genuine U+10FFxx. */
static guint64 reference_invalid(const char *p, const char *end)
{
  guint64 n = 0;
  while (p < end) {
    if (*p == '\0') {
      p++;
      continue;
    }
    gunichar cp = g_utf8_get_char_validated(p, end - p);
    if (cp == (gunichar)-1 || cp == (gunichar)-2 || GLYPH_IS_RAW_BYTE(cp)) {
      n++;
      p++;
    } else {
      p = g_utf8_next_char(p);
    }
  }
  return n;
}

static bool on_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                         GError **error)
{
  FuzzState *st = user_data;
  FUZZ_CHECK(!st->ended);
  FUZZ_CHECK(valid_with_nuls(utf8, len));
  FUZZ_CHECK(memchr(utf8, '\n', len) == NULL && memchr(utf8, '\r', len) == NULL);
  st->paragraphs++;
  rebuild(st, utf8, len);
  static const char *const eol[] = {
      [LINE_END_LF] = "\n", [LINE_END_CRLF] = "\r\n", [LINE_END_CR] = "\r", [LINE_END_NONE] = ""};
  FUZZ_CHECK(ending <= LINE_END_NONE);
  g_string_append(st->out, eol[ending]);
  st->ended = ending == LINE_END_NONE;
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  FuzzState st = {.out = g_string_new(NULL)};
  TextFileInfo info;
  bool ok = textio_decode((const char *)data, size, on_paragraph, &st, &info, NULL);
  FUZZ_CHECK(ok);
  FUZZ_CHECK(st.ended && st.paragraphs >= 1);
  if (info.encoding == TEXT_ENCODING_UTF8) {
    gsize skip = info.bom ? 3 : 0;
    FUZZ_CHECK(size >= skip);
    FUZZ_CHECK(st.out->len == size - skip);
    FUZZ_CHECK(memcmp(st.out->str, data + skip, size - skip) == 0);
    FUZZ_CHECK(st.raw == info.invalid_bytes);
    FUZZ_CHECK(reference_invalid((const char *)data + skip, (const char *)data + size) ==
               info.invalid_bytes);
    FUZZ_CHECK(st.nuls == info.nul_bytes);
    FUZZ_CHECK(info.invalid_bytes == 0 || info.first_invalid < size);
  }
  g_string_free(st.out, TRUE);
  return 0;
}
