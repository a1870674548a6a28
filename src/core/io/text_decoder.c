/* text_decoder.c — decoding file bytes into paragraphs.
 *
 * Decoding streams: a TextDecoder is fed the file in pieces of any size and
 * gives exactly the paragraphs and TextFileInfo a decode of the whole file
 * would; text_decode() is one feed of everything plus finish, so the two
 * cannot drift. State kept between feeds: the first bytes while the BOM is
 * undecided (at most 3), the incomplete last paragraph (UTF-8: its bytes, and
 * whether it ended in a "\r" whose "\n" may come next; UTF-16: the paragraph
 * converted so far plus at most 3 bytes of a cut unit or surrogate pair), the
 * file offset of the next byte (for first_invalid) and the line number.
 *
 * Decoding (UTF-8). The bytes are cut into paragraphs at "\n", "\r\n" and "\r"
 * (none of those bytes can be inside a multi-byte sequence, so cutting first
 * and validating second is safe, also across feeds: a paragraph is validated
 * only once it is complete). The next "\n" and the next "\r" are found
 * with memchr and remembered, so a file of CR-only lines is still scanned once.
 * A paragraph that is valid UTF-8 (checked here: ASCII eight bytes at a time,
 * other sequences against the Unicode table of well-formed UTF-8, because
 * g_utf8_validate_len stops at NULs and is slower) and holds no genuine
 * U+10FFxx is handed to the callback straight from the caller's bytes: no copy
 * at all. Only the paragraph cut by the end of a feed is copied (to `tail`);
 * the next feed appends to it only up to its first line break, so a 20 MB
 * line fed in 1 MiB pieces is copied and scanned once, not once per piece.
 * A paragraph needing escapes is rebuilt in one reused GString: valid runs are
 * copied, each invalid byte b becomes GLYPH_RAW_BYTE_BASE + b, a NUL stays
 * U+0000 (and is counted) and each byte of a genuine U+10FFxx is escaped like
 * an invalid byte, so the escape is never ambiguous. Because every byte not
 * passed through is escaped one by one, re-encoding yields exactly the input:
 * stray continuation bytes, overlong forms, UTF-8-encoded surrogates, values
 * over U+10FFFF and sequences cut by a line break or the end of the file all
 * round-trip.
 *
 * Decoding (UTF-16 with a BOM) converts code unit by code unit into the same
 * reused GString; unpaired surrogates and an odd last byte become U+FFFD (they
 * cannot be kept: the file is written back as UTF-16). A feed stops before a
 * unit it cannot judge yet (half a unit, a high surrogate without its
 * successor, a "\r" without the next unit); those bytes wait for the next one. */
#include "text_decoder.h"

#include <string.h>

#include "glyph.h"

/* ------------------------------------------------------------------------ */
/* Decoder state                                                            */
/* ------------------------------------------------------------------------ */

typedef enum {
  PHASE_START, /* the BOM (and so the encoding) is not decided yet */
  PHASE_UTF8,  /* decoding UTF-8 */
  PHASE_UTF16, /* decoding UTF-16 (byte order in big_endian) */
} DecoderPhase;

struct TextDecoder {
  TextParagraphFunc func;     /* the caller's per-paragraph callback */
  TextParagraphTakeFunc take; /* or NULL: takes a long collected paragraph's buffer */
  void *user_data;            /* its data */
  TextFileInfo info;          /* counts being filled in */
  DecoderPhase phase;         /* what the bytes are taken for */
  bool big_endian;            /* UTF-16 byte order */
  bool ended;                 /* the last paragraph (LINE_END_NONE) was emitted */
  bool failed;                /* the callback failed: the decoder is spent */
  bool finished;              /* text_decoder_finish() was called */
  guchar head[3];             /* PHASE_START: the first bytes, BOM undecided */
  guint n_head;               /* how many */
  guint64 offset;             /* file offset of the next byte fed (= bytes fed) */
  GString *para;              /* scratch for paragraphs that need rewriting, and the
                              * UTF-16 paragraph being built; reused */
  GString *tail;              /* UTF-8: bytes of the paragraph cut by the end of the
                              * last feed; UTF-16: bytes (< 4) not decodable yet */
  guint64 tail_base;          /* file offset of tail's first byte */
  GString *join;              /* UTF-16: tail + the next feed, to decode as one run */
  bool pending_cr;            /* the paragraph (UTF-8: in tail, UTF-16: in para) ended
                              * with "\r" at the end of the last feed: "\n" may follow */
  guint64 line;               /* 1-based line being decoded */
  guint64 endings[3];         /* how many LINE_END_LF, _CRLF, _CR were seen */
  guint64 sniff_invalid;      /* invalid bytes inside the sniff window */
  guint64 sniff_nul;          /* NULs inside the sniff window */
};

static void decoder_note_invalid(TextDecoder *d, guint64 offset, guint count)
{
  if (d->info.invalid_bytes == 0) {
    d->info.first_invalid = offset;
    d->info.first_invalid_line = d->line;
  }
  d->info.invalid_bytes += count;
  if (offset < TEXT_FILE_SNIFF_BYTES)
    d->sniff_invalid += count;
}

static void decoder_note_nul(TextDecoder *d, guint64 offset)
{
  d->info.nul_bytes++;
  if (offset < TEXT_FILE_SNIFF_BYTES)
    d->sniff_nul++;
}

/* Counts a paragraph ending with @ending. */
static void decoder_note_ending(TextDecoder *d, LineEnding ending)
{
  if (ending != LINE_END_NONE)
    d->endings[ending]++;
  else
    d->ended = true;
}

static bool decoder_emit(TextDecoder *d, const char *text, gsize len, LineEnding ending,
                         GError **error)
{
  decoder_note_ending(d, ending);
  bool ok = d->func(text, len, ending, d->user_data, error);
  d->line++;
  return ok;
}

/* Fills in the summary fields from what has been seen so far. */
static void decoder_summarize(TextDecoder *d)
{
  TextFileInfo *info = &d->info;
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
  guint64 sniff_len = MIN(d->offset, TEXT_FILE_SNIFF_BYTES);
  info->binary = d->sniff_nul > 0 || d->sniff_invalid * 10 > sniff_len;
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

/* Skips bytes 0x01..0x7F, eight at a time while it can: prose is mostly ASCII. */
static const guchar *skip_ascii(const guchar *p, const guchar *end)
{
  const guint64 high = G_GUINT64_CONSTANT(0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  while (end - p >= 8) {
    guint64 w;
    memcpy(&w, p, 8);
    if ((w & high) != 0 || ((w - ones) & ~w & high) != 0) /* a high bit or a zero byte */
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
    if (n == 0 || text_file_is_escape_range(u, e))
      return (const char *)u;
    u += n;
  }
}

/* Appends the escape for the problem byte at @p to d->para; returns bytes
 * consumed. One byte is escaped at a time: after the lead byte of a genuine
 * U+10FFxx its three continuation bytes are invalid on their own, so they are
 * escaped in turn, and so are the rest of any broken sequence. */
static gsize escape_problem(TextDecoder *d, const char *p, guint64 offset)
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
static bool decode_paragraph(TextDecoder *d, const char *s, const char *e, guint64 base,
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

/* Adds [@s, @s + @n), at file offset @base, to the kept incomplete paragraph. */
static void keep_tail(TextDecoder *d, const char *s, gsize n, guint64 base)
{
  if (d->tail->len == 0)
    d->tail_base = base;
  g_string_append_len(d->tail, s, n);
}

/* Whether the kept paragraph goes to d->take: long, and needing no escape. */
static bool tail_to_take(const TextDecoder *d)
{
  const char *end = d->tail->str + d->tail->len;
  return d->take != NULL && d->tail->len >= TEXT_DECODER_TAKE_BYTES &&
         find_problem(d->tail->str, end) == end;
}

/* Hands the kept paragraph's buffer to d->take and starts a new tail. */
static bool hand_tail_over(TextDecoder *d, LineEnding ending, GError **error)
{
  decoder_note_ending(d, ending);
  gsize len = d->tail->len;
  char *text = g_string_free(d->tail, FALSE);
  d->tail = g_string_new(NULL);
  bool ok = d->take(text, len, ending, d->user_data, error);
  d->line++;
  return ok;
}

/* Emits the kept paragraph with @ending and empties the tail. */
static bool emit_tail(TextDecoder *d, LineEnding ending, GError **error)
{
  d->pending_cr = false;
  if (tail_to_take(d))
    return hand_tail_over(d, ending, error);
  bool ok = decode_paragraph(d, d->tail->str, d->tail->str + d->tail->len, d->tail_base, ending,
                             error);
  if (d->tail->allocated_len > TEXT_DECODER_TAKE_BYTES) { /* a long line's room: give it back */
    g_string_free(d->tail, TRUE);
    d->tail = g_string_new(NULL);
  } else {
    g_string_truncate(d->tail, 0);
  }
  return ok;
}

/* The ending of the break at @brk (a "\n" or "\r"), and in *@after where the
 * next paragraph starts. LINE_END_NONE: a "\r" at the very end of a feed that
 * is not the last, which may still turn out to be "\r\n". */
static LineEnding break_at(const char *bytes, gsize len, gsize brk, bool final, gsize *after)
{
  *after = brk + 1;
  if (bytes[brk] == '\n')
    return LINE_END_LF;
  if (brk + 1 == len)
    return final ? LINE_END_CR : LINE_END_NONE;
  if (bytes[brk + 1] == '\n') {
    *after = brk + 2;
    return LINE_END_CRLF;
  }
  return LINE_END_CR;
}

/* Decodes UTF-8 @bytes (file offset @base) after whatever the tail holds. Not
 * @final: the paragraph cut by the end of @bytes is kept in the tail. */
static bool utf8_feed(TextDecoder *d, const char *bytes, gsize len, guint64 base, bool final,
                      GError **error)
{
  gsize pos = 0;
  if (d->pending_cr) {
    if (len == 0 && !final)
      return true;
    bool crlf = len > 0 && bytes[0] == '\n';
    pos = crlf ? 1 : 0;
    if (!emit_tail(d, crlf ? LINE_END_CRLF : LINE_END_CR, error))
      return false;
  }
  gssize next_lf = -1, next_cr = -1;
  for (;;) {
    gsize lf = next_byte(bytes, len, pos, '\n', &next_lf);
    gsize cr = next_byte(bytes, len, pos, '\r', &next_cr);
    gsize brk = MIN(lf, cr), after = len;
    LineEnding ending = LINE_END_NONE;
    if (brk < len) {
      ending = break_at(bytes, len, brk, final, &after);
      if (ending == LINE_END_NONE) { /* a "\r" ends this feed: wait for the next */
        keep_tail(d, bytes + pos, brk - pos, base + pos);
        d->pending_cr = true;
        return true;
      }
    } else if (!final) {
      keep_tail(d, bytes + pos, len - pos, base + pos);
      return true;
    }
    bool ok;
    if (d->tail->len > 0) { /* only for the first paragraph of a feed */
      g_string_append_len(d->tail, bytes + pos, brk - pos);
      ok = emit_tail(d, ending, error);
    } else {
      ok = decode_paragraph(d, bytes + pos, bytes + brk, base + pos, ending, error);
    }
    if (!ok || ending == LINE_END_NONE)
      return ok;
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

/* Emits the UTF-16 paragraph built so far with @ending and starts a new one. */
static bool utf16_emit(TextDecoder *d, LineEnding ending, GError **error)
{
  d->pending_cr = false;
  bool ok = decoder_emit(d, d->para->str, d->para->len, ending, error);
  g_string_truncate(d->para, 0);
  return ok;
}

/* Converts the units of [@u, @u + @n) (file offset @base) into d->para, emitting
 * each finished paragraph; *@used gets the bytes consumed. Not @final: stops
 * before what cannot be judged yet (half a unit, a high surrogate without the
 * next unit, the unit after a "\r"). @final: converts everything (an odd last
 * byte becomes U+FFFD) and emits the last paragraph. */
static bool utf16_run(TextDecoder *d, const guchar *u, gsize n, guint64 base, bool final,
                      gsize *used, GError **error)
{
  bool be = d->big_endian;
  gsize i = 0;
  for (;;) {
    if (d->pending_cr) {
      if (n - i < 2 && !final)
        break;
      bool crlf = n - i >= 2 && utf16_unit(u + i, be) == '\n';
      i += crlf ? 2 : 0;
      if (!utf16_emit(d, crlf ? LINE_END_CRLF : LINE_END_CR, error))
        return false;
    }
    if (n - i < 2)
      break;
    guint16 first = utf16_unit(u + i, be);
    if (first >= 0xD800 && first <= 0xDBFF && n - i < 4 && !final)
      break;
    guint units;
    bool bad;
    gunichar cp = utf16_char(u, n, i, be, &units, &bad);
    if (bad || GLYPH_IS_RAW_BYTE(cp)) {
      decoder_note_invalid(d, base + i, units * 2);
      cp = 0xFFFD;
    }
    i += units * 2;
    if (cp == '\r') {
      d->pending_cr = true;
    } else if (cp == '\n') {
      if (!utf16_emit(d, LINE_END_LF, error))
        return false;
    } else {
      if (cp == 0)
        decoder_note_nul(d, base + i - 2);
      g_string_append_unichar(d->para, cp);
    }
  }
  *used = i;
  if (!final)
    return true;
  if (i < n) { /* an odd last byte */
    decoder_note_invalid(d, base + i, 1);
    g_string_append_unichar(d->para, 0xFFFD);
    *used = n;
  }
  return utf16_emit(d, LINE_END_NONE, error);
}

/* Decodes UTF-16 @bytes (file offset @base) after the bytes kept from before,
 * and keeps the bytes that cannot be judged yet. */
static bool utf16_feed(TextDecoder *d, const char *bytes, gsize len, guint64 base, bool final,
                       GError **error)
{
  const guchar *u = (const guchar *)bytes;
  gsize n = len;
  if (d->tail->len > 0) { /* at most 3 bytes: decode them joined to this feed */
    g_string_truncate(d->join, 0);
    g_string_append_len(d->join, d->tail->str, d->tail->len);
    g_string_append_len(d->join, bytes, len);
    u = (const guchar *)d->join->str;
    n = d->join->len;
    base = d->tail_base;
  }
  gsize used = 0;
  if (!utf16_run(d, u, n, base, final, &used, error))
    return false;
  g_string_truncate(d->tail, 0);
  g_string_append_len(d->tail, (const char *)u + used, n - used);
  d->tail_base = base + used;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Feeding                                                                  */
/* ------------------------------------------------------------------------ */

/* Decides the encoding from the first @k bytes at @p: the BOM's length, or -1
 * when more bytes could still change the answer (only when not @final). The
 * rule is that of the whole file: FF FE / FE FF is UTF-16, EF BB BF a UTF-8
 * BOM, anything else UTF-8 without one. */
static int decide_bom(TextDecoder *d, const guchar *p, gsize k, bool final)
{
  if (k >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
    d->info.bom = true;
    d->big_endian = p[0] == 0xFE;
    d->info.encoding = d->big_endian ? TEXT_ENCODING_UTF16BE : TEXT_ENCODING_UTF16LE;
    d->phase = PHASE_UTF16;
    return 2;
  }
  if (k >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    d->info.bom = true;
    d->phase = PHASE_UTF8;
    return 3;
  }
  bool maybe_bom = k == 0 || (k == 1 && (p[0] == 0xFF || p[0] == 0xFE || p[0] == 0xEF)) ||
                   (k == 2 && p[0] == 0xEF && p[1] == 0xBB);
  if (maybe_bom && !final)
    return -1;
  d->phase = PHASE_UTF8;
  return 0;
}

static bool body_feed(TextDecoder *d, const char *bytes, gsize len, guint64 base, bool final,
                      GError **error)
{
  if (d->phase == PHASE_UTF16)
    return utf16_feed(d, bytes, len, base, final, error);
  return utf8_feed(d, bytes, len, base, final, error);
}

/* Feeds while the BOM is undecided: collects up to 3 bytes, and once they
 * decide, feeds the collected bytes after the BOM and then @bytes after it. */
static bool start_feed(TextDecoder *d, const char *bytes, gsize len, guint64 base, bool final,
                       GError **error)
{
  guchar head[3];
  gsize k = d->n_head, take = MIN(3 - k, len);
  memcpy(head, d->head, k);
  if (take > 0)
    memcpy(head + k, bytes, take);
  int bom = decide_bom(d, head, k + take, final);
  if (bom < 0) { /* then take == len: all of @bytes is in head */
    memcpy(d->head, head, k + take);
    d->n_head = (guint)(k + take);
    return true;
  }
  if ((gsize)bom < k &&
      !body_feed(d, (const char *)d->head + bom, k - (gsize)bom, (guint64)bom, false, error))
    return false;
  gsize skip = (gsize)bom > k ? (gsize)bom - k : 0;
  return body_feed(d, bytes + skip, len - skip, base + skip, final, error);
}

/* One feed; @final: these are the last bytes (the last paragraph is emitted). */
static bool decoder_feed(TextDecoder *d, const char *bytes, gsize len, bool final, GError **error)
{
  if (len == 0)
    bytes = ""; /* memchr and memcpy want a pointer even for no bytes */
  guint64 base = d->offset;
  d->offset += len;
  bool ok = d->phase == PHASE_START ? start_feed(d, bytes, len, base, final, error)
                                    : body_feed(d, bytes, len, base, final, error);
  d->failed = !ok;
  return ok;
}

void text_decoder_set_take(TextDecoder *dec, TextParagraphTakeFunc take)
{
  g_return_if_fail(dec != NULL);
  dec->take = take;
}

TextDecoder *text_decoder_new(TextParagraphFunc func, void *user_data)
{
  g_return_val_if_fail(func != NULL, NULL);
  TextDecoder *d = g_new0(TextDecoder, 1);
  d->func = func;
  d->user_data = user_data;
  d->info = (TextFileInfo){.encoding = TEXT_ENCODING_UTF8, .ending = LINE_END_LF};
  d->line = 1;
  d->para = g_string_new(NULL);
  d->tail = g_string_new(NULL);
  d->join = g_string_new(NULL);
  return d;
}

bool text_decoder_feed(TextDecoder *dec, const char *bytes, gsize len, GError **error)
{
  g_return_val_if_fail(dec != NULL, false);
  g_return_val_if_fail(bytes != NULL || len == 0, false);
  g_return_val_if_fail(!dec->failed && !dec->finished, false);
  return decoder_feed(dec, bytes, len, false, error);
}

bool text_decoder_finish(TextDecoder *dec, TextFileInfo *info, GError **error)
{
  g_return_val_if_fail(dec != NULL, false);
  g_return_val_if_fail(!dec->failed && !dec->finished, false);
  bool ok = dec->ended || decoder_feed(dec, NULL, 0, true, error);
  dec->finished = true;
  decoder_summarize(dec);
  if (info != NULL)
    *info = dec->info;
  return ok;
}

void text_decoder_free(TextDecoder *dec)
{
  if (dec == NULL)
    return;
  g_string_free(dec->para, TRUE);
  g_string_free(dec->tail, TRUE);
  g_string_free(dec->join, TRUE);
  g_free(dec);
}

bool text_decode(const char *bytes, gsize len, TextParagraphFunc func, void *user_data,
                 TextFileInfo *info, GError **error)
{
  g_return_val_if_fail(bytes != NULL || len == 0, false);
  g_return_val_if_fail(func != NULL, false);
  g_autoptr(TextDecoder) dec = text_decoder_new(func, user_data);
  /* One final feed: the last paragraph, too, is passed from @bytes uncopied. */
  bool ok = decoder_feed(dec, bytes, len, true, error);
  if (ok)
    return text_decoder_finish(dec, info, error);
  decoder_summarize(dec); /* as far as it got */
  if (info != NULL)
    *info = dec->info;
  return false;
}
