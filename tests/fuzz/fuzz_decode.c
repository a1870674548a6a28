/* fuzz_decode.c — libFuzzer target for text_decode().
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
 *    the round trip alone would not notice that);
 *  - the streaming TextDecoder, fed the same input cut into pieces, gives the
 *    same paragraphs (text and ending) and the same TextFileInfo as the whole
 *    decode. The cuts are chosen by the fuzzer without reserving any bytes (so
 *    the corpus keeps its meaning): the last up-to-8 bytes of the input give a
 *    cycle of piece lengths (byte % 17, 0 making an empty feed), and a second
 *    run cuts once, at an offset taken from the first two bytes.
 * The re-encoding here is written independently of text_saver_encode() on purpose. */
#include <string.h>

#include "fuzz_common.h"
#include "glyph.h"
#include "text_decoder.h"

typedef struct {
  GString *out;       /* the input rebuilt from the paragraphs */
  guint64 paragraphs; /* callbacks so far */
  bool ended;         /* a LINE_END_NONE paragraph was seen */
  guint64 raw;        /* raw-byte code points seen */
  guint64 nuls;       /* U+0000 seen */
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

/* Every paragraph as <length><text><ending>, to compare two decodes. */
static bool serialize_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                                GError **error)
{
  GString *out = user_data;
  guint64 n = len;
  g_string_append_len(out, (const char *)&n, sizeof n);
  g_string_append_len(out, utf8, (gssize)len);
  g_string_append_c(out, (char)ending);
  return true;
}

static void check_same_info(const TextFileInfo *a, const TextFileInfo *b)
{
  FUZZ_CHECK(a->encoding == b->encoding && a->bom == b->bom);
  FUZZ_CHECK(a->invalid_bytes == b->invalid_bytes);
  FUZZ_CHECK(a->first_invalid == b->first_invalid);
  FUZZ_CHECK(a->first_invalid_line == b->first_invalid_line);
  FUZZ_CHECK(a->nul_bytes == b->nul_bytes && a->binary == b->binary);
  FUZZ_CHECK(a->ending == b->ending && a->mixed_endings == b->mixed_endings);
}

/* Feeds @data in pieces: the lengths cycle through @lens (@n_lens of them). */
static void check_streamed(const uint8_t *data, size_t size, const gsize *lens, gsize n_lens,
                           const GString *want, const TextFileInfo *want_info)
{
  GString *got = g_string_new(NULL);
  TextDecoder *dec = text_decoder_new(serialize_paragraph, got);
  gsize at = 0;
  for (gsize i = 0; at < size; i++) {
    gsize piece = MIN(lens[i % n_lens], size - at);
    FUZZ_CHECK(text_decoder_feed(dec, (const char *)data + at, piece, NULL));
    at += piece;
  }
  TextFileInfo info;
  FUZZ_CHECK(text_decoder_finish(dec, &info, NULL));
  text_decoder_free(dec);
  FUZZ_CHECK(got->len == want->len && memcmp(got->str, want->str, got->len) == 0);
  check_same_info(&info, want_info);
  g_string_free(got, TRUE);
}

static void check_streaming(const uint8_t *data, size_t size)
{
  GString *want = g_string_new(NULL);
  TextFileInfo want_info;
  FUZZ_CHECK(text_decode((const char *)data, size, serialize_paragraph, want, &want_info, NULL));
  gsize lens[9], n_lens = 0; /* room for the fallback below */
  bool any = false;
  for (size_t i = size > 8 ? size - 8 : 0; i < size; i++) {
    lens[n_lens] = data[i] % 17;
    any |= lens[n_lens++] > 0;
  }
  if (!any)
    lens[n_lens++] = 1; /* all empty feeds would never end */
  check_streamed(data, size, lens, n_lens, want, &want_info);
  gsize cut = size >= 2 ? (gsize)(data[0] | data[1] << 8) % (size + 1) : 0;
  gsize two[2] = {cut, size - cut};
  check_streamed(data, size, two, 2, want, &want_info);
  g_string_free(want, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  FuzzState st = {.out = g_string_new(NULL)};
  TextFileInfo info;
  bool ok = text_decode((const char *)data, size, on_paragraph, &st, &info, NULL);
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
  check_streaming(data, size);
  return 0;
}
