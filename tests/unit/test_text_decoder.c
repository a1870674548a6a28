/* test_text_decoder.c — decoding: byte-for-byte round trips (loaded, then
 * saved), invalid UTF-8 kept as raw-byte characters, warnings, UTF-16, the
 * callback contract, and large files made on the fly. */
#include <stdint.h>
#include <string.h>

#include "document.h"
#include "glyph.h"
#include "testutil.h"
#include "text_decoder.h"
#include "text_loader.h"
#include "text_saver.h"

/* ------------------------------------------------------------------------ */
/* Fixture and helpers                                                      */
/* ------------------------------------------------------------------------ */

typedef TestDocFiles Fixture; /* testutil.h */

/* Raw-byte characters in the document, and the first one's byte in *@first. */
static guint64 count_raw_bytes(const Document *doc, int *first)
{
  guint64 n = 0;
  *first = -1;
  for (guint32 i = 0; i < document_paragraph_count(doc); i++) {
    guint32 len;
    const char *text = document_paragraph_text(doc, i, &len);
    for (const char *p = text; p < text + len; p = g_utf8_next_char(p)) {
      gunichar cp = g_utf8_get_char(p);
      if (GLYPH_IS_RAW_BYTE(cp) && n++ == 0)
        *first = (int)(cp - GLYPH_RAW_BYTE_BASE);
    }
  }
  return n;
}

/* ------------------------------------------------------------------------ */
/* Round trips                                                              */
/* ------------------------------------------------------------------------ */

typedef struct {
  const char *name;
  const char *bytes;
  gsize len;
  guint32 paragraphs; /* expected paragraph count */
  const char *text;   /* expected document text ("\n" between paragraphs) */
  TextEncoding encoding;
  bool bom;
  LineEnding ending; /* most common */
  bool mixed;
} RoundTrip;

#define RT(name, lit, paras, text, enc, bom, ending, mixed) \
  { \
    name, lit, sizeof(lit) - 1, paras, text, enc, bom, ending, mixed \
  }

static const RoundTrip round_trips[] = {
    RT("ascii", "Hello, world.\nSecond line.\n", 3, "Hello, world.\nSecond line.\n",
       TEXT_ENCODING_UTF8, false, LINE_END_LF, false),
    RT("accents", "caf\xc3\xa9 na\xc3\xafve \xc3\x85ngstr\xc3\xb6m\n", 2,
       "caf\xc3\xa9 na\xc3\xafve \xc3\x85ngstr\xc3\xb6m\n", TEXT_ENCODING_UTF8, false, LINE_END_LF,
       false),
    RT("greek", "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1\n", 2,
       "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1\n", TEXT_ENCODING_UTF8,
       false, LINE_END_LF, false),
    RT("cjk", "\xe4\xb8\xad\xe6\x96\x87\xe3\x81\x8b\xe3\x81\xaa\n\xed\x95\x9c", 2,
       "\xe4\xb8\xad\xe6\x96\x87\xe3\x81\x8b\xe3\x81\xaa\n\xed\x95\x9c", TEXT_ENCODING_UTF8, false,
       LINE_END_LF, false),
    RT("emoji", "smile \xf0\x9f\x98\x80 family \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\n", 2,
       "smile \xf0\x9f\x98\x80 family \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\n",
       TEXT_ENCODING_UTF8, false, LINE_END_LF, false),
    RT("tabs", "a\tb\t\tc\n\tindented\n", 3, "a\tb\t\tc\n\tindented\n", TEXT_ENCODING_UTF8, false,
       LINE_END_LF, false),
    RT("empty-lines", "\n\nmiddle\n\n\n", 6, "\n\nmiddle\n\n\n", TEXT_ENCODING_UTF8, false,
       LINE_END_LF, false),
    RT("crlf", "one\r\ntwo\r\n", 3, "one\ntwo\n", TEXT_ENCODING_UTF8, false, LINE_END_CRLF, false),
    RT("cr", "one\rtwo\rthree", 3, "one\ntwo\nthree", TEXT_ENCODING_UTF8, false, LINE_END_CR,
       false),
    RT("mixed", "a\r\nb\nc\rd\r\ne\r\n", 6, "a\nb\nc\nd\ne\n", TEXT_ENCODING_UTF8, false,
       LINE_END_CRLF, true),
    RT("cr-then-crlf", "a\r\r\nb", 3, "a\n\nb", TEXT_ENCODING_UTF8, false, LINE_END_CRLF, true),
    RT("bom", "\xef\xbb\xbfwith BOM\n", 2, "with BOM\n", TEXT_ENCODING_UTF8, true, LINE_END_LF,
       false),
    RT("no-trailing-newline", "last line has none", 1, "last line has none", TEXT_ENCODING_UTF8,
       false, LINE_END_LF, false),
    RT("empty", "", 1, "", TEXT_ENCODING_UTF8, false, LINE_END_LF, false),
    RT("only-newline", "\n", 2, "\n", TEXT_ENCODING_UTF8, false, LINE_END_LF, false),
    RT("utf16le",
       "\xff\xfe"
       "h\0\xe9\0\r\0\n\0=\xd8\0\xde"
       "x\0",
       2, "h\xc3\xa9\n\xf0\x9f\x98\x80x", TEXT_ENCODING_UTF16LE, true, LINE_END_CRLF, false),
    RT("utf16be",
       "\xfe\xff"
       "\0h\0\xe9\0\n\xd8=\xde\0\0\n",
       3, "h\xc3\xa9\n\xf0\x9f\x98\x80\n", TEXT_ENCODING_UTF16BE, true, LINE_END_LF, false),
};

static void test_round_trip(gconstpointer data)
{
  const RoundTrip *rt = data;
  Fixture fx;
  test_doc_files_init(&fx);
  TextFileInfo info;
  test_load_ok(&fx, rt->bytes, rt->len, &info);
  g_assert_cmpuint(document_paragraph_count(fx.doc), ==, rt->paragraphs);
  g_autofree char *text = document_get_all_text(fx.doc);
  g_assert_cmpstr(text, ==, rt->text);
  g_assert_cmpint(info.encoding, ==, rt->encoding);
  g_assert_cmpint(info.bom, ==, rt->bom);
  g_assert_cmpint(info.ending, ==, rt->ending);
  g_assert_cmpint(info.mixed_endings, ==, rt->mixed);
  g_assert_cmpint(document_line_ending(fx.doc), ==, rt->ending);
  g_assert_cmpuint(info.invalid_bytes, ==, 0);
  g_assert_false(info.binary);
  g_assert_null(text_file_describe_warnings(&info, "x.txt"));
  g_assert_cmpint(document_paragraph_ending(fx.doc, rt->paragraphs - 1), ==, LINE_END_NONE);
  test_assert_saves_as(&fx, &info, rt->bytes, rt->len);
  test_doc_files_clear(&fx);
}

/* ------------------------------------------------------------------------ */
/* Invalid UTF-8                                                            */
/* ------------------------------------------------------------------------ */

typedef struct {
  const char *name;
  const char *bytes;
  gsize len;
  guint64 invalid; /* expected raw-byte characters */
  guint64 offset;  /* file offset of the first */
  guint64 line;    /* its line */
  guchar first;    /* its byte */
} InvalidCase;

#define IC(name, lit, invalid, offset, line, first) \
  { \
    name, lit, sizeof(lit) - 1, invalid, offset, line, first \
  }

static const InvalidCase invalid_cases[] = {
    IC("stray-continuation",
       "ok\nab\x80\xbf"
       "cd\n",
       2, 5, 2, 0x80),
    IC("overlong-2", "x\xc0\x80y", 2, 1, 1, 0xC0),
    IC("overlong-3", "line\n\n\xe0\x80\xaf", 3, 6, 3, 0xE0),
    IC("surrogate", "s\xed\xa0\x80\xed\xbf\xbf", 6, 1, 1, 0xED),
    IC("over-10ffff", "big \xf4\x90\x80\x80!", 4, 4, 1, 0xF4),
    IC("f8-lead", "\xf8\x88\x80\x80\x80", 5, 0, 1, 0xF8),
    IC("truncated-at-end", "cut \xe2\x82", 2, 4, 1, 0xE2),
    IC("truncated-before-newline", "a\xf0\x9f\x98\nb", 3, 1, 1, 0xF0),
    IC("latin1", "caf\xe9\r\nna\xefve\r\n", 2, 3, 1, 0xE9),
    IC("escape-collision", "p \xf4\x8f\xbc\x80 q\n", 4, 2, 1, 0xF4),
    IC("bom-offset",
       "\xef\xbb\xbf"
       "ab\xff",
       1, 5, 1, 0xFF),
};

static void test_invalid(gconstpointer data)
{
  const InvalidCase *ic = data;
  Fixture fx;
  test_doc_files_init(&fx);
  TextFileInfo info;
  test_load_ok(&fx, ic->bytes, ic->len, &info);
  int first;
  g_assert_cmpuint(count_raw_bytes(fx.doc, &first), ==, ic->invalid);
  g_assert_cmpint(first, ==, ic->first);
  g_assert_cmpuint(info.invalid_bytes, ==, ic->invalid);
  g_assert_cmpuint(info.first_invalid, ==, ic->offset);
  g_assert_cmpuint(info.first_invalid_line, ==, ic->line);
  g_autofree char *warning = text_file_describe_warnings(&info, "/some/dir/f.txt");
  g_autofree char *where = g_strdup_printf("(first at line %" G_GUINT64_FORMAT
                                           ", byte offset %" G_GUINT64_FORMAT ")",
                                           ic->line, ic->offset);
  g_assert_nonnull(warning);
  g_assert_true(g_str_has_prefix(warning, "f.txt: "));
  g_assert_nonnull(strstr(warning, where));
  g_assert_nonnull(strstr(warning, "kept unchanged on save"));
  test_assert_saves_as(&fx, &info, ic->bytes, ic->len);
  test_doc_files_clear(&fx);
}

/* The warning reads as a sentence a person understands, with the numbers right. */
static void test_latin1_warning(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  /* 41 bytes of the two first lines, then an invalid Latin-1 byte. */
  const char bytes[] = "Shopping list for the week\n" /* 27 bytes */
                       "- bread\n- tea\n"             /* 14 bytes: offset 41 next */
                       "- cr\xe8me br\xfbl\xe9"
                       "e\n";
  TextFileInfo info;
  test_load_ok(&fx, bytes, sizeof(bytes) - 1, &info);
  g_autofree char *warning = text_file_describe_warnings(&info, "/home/me/notes.txt");
  g_assert_cmpstr(warning, ==,
                  "notes.txt: 3 bytes are not valid UTF-8 (first at line 4, "
                  "byte offset 45); shown as U+FFFD and kept unchanged on save");
  /* Line 4 starts at offset 41; "- cr" puts the first bad byte at 45. */
  g_assert_false(info.binary);
  info.invalid_bytes = 1;
  g_autofree char *one = text_file_describe_warnings(&info, NULL);
  g_assert_true(g_str_has_prefix(one, "The file: 1 byte is not valid UTF-8"));
  test_doc_files_clear(&fx);
}

static void test_nul_bytes(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  const char bytes[] = "bin\0ary\n\0\0";
  TextFileInfo info;
  test_load_ok(&fx, bytes, sizeof(bytes) - 1, &info);
  g_assert_cmpuint(info.nul_bytes, ==, 3);
  g_assert_true(info.binary);
  g_assert_cmpuint(info.invalid_bytes, ==, 0);
  g_assert_cmpuint(document_paragraph_count(fx.doc), ==, 2);
  g_assert_cmpuint(document_paragraph_chars(fx.doc, 0), ==, 7);
  g_assert_cmpuint(document_paragraph_chars(fx.doc, 1), ==, 2);
  g_autofree char *warning = text_file_describe_warnings(&info, "a.bin");
  g_assert_cmpstr(warning, ==, "a.bin: it looks like a binary file (3 NUL bytes)");
  test_assert_saves_as(&fx, &info, bytes, sizeof(bytes) - 1);
  test_doc_files_clear(&fx);
}

static bool accept_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                             GError **error)
{
  return true;
}

/* Over 10% invalid bytes at the start make a file look binary; a few do not. */
static void test_binary_ratio(void)
{
  TextFileInfo info;
  g_autoptr(GString) s = g_string_new(NULL);
  for (int i = 0; i < 100; i++)
    g_string_append(s, i % 8 == 0 ? "\xff" : "a"); /* 13 of 100 */
  g_assert_true(text_decode(s->str, s->len, accept_paragraph, NULL, &info, NULL));
  g_assert_true(info.binary);
  g_string_truncate(s, 0);
  for (int i = 0; i < 100; i++)
    g_string_append(s, i % 20 == 0 ? "\xff" : "a"); /* 5 of 100 */
  g_assert_true(text_decode(s->str, s->len, accept_paragraph, NULL, &info, NULL));
  g_assert_false(info.binary);
  g_assert_cmpuint(info.invalid_bytes, ==, 5);
}

static void test_utf16_invalid(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  /* "a", a lone low surrogate, "b", an odd last byte. */
  const char bytes[] = "\xff\xfe"
                       "a\0\x00\xdc"
                       "b\0"
                       "\x41";
  TextFileInfo info;
  test_load_ok(&fx, bytes, sizeof(bytes) - 1, &info);
  g_autofree char *text = document_get_all_text(fx.doc);
  g_assert_cmpstr(text, ==,
                  "a\xef\xbf\xbd"
                  "b\xef\xbf\xbd");
  g_assert_cmpuint(info.invalid_bytes, ==, 3);
  g_assert_cmpuint(info.first_invalid, ==, 4);
  g_autofree char *warning = text_file_describe_warnings(&info, "w.txt");
  g_assert_nonnull(strstr(warning, "not valid UTF-16"));
  g_assert_nonnull(strstr(warning, "replaced by U+FFFD"));
  test_assert_saves_as(&fx, &info,
                       "\xff\xfe"
                       "a\0\xfd\xff"
                       "b\0\xfd\xff",
                       10);
  test_doc_files_clear(&fx);
}

/* ------------------------------------------------------------------------ */
/* Decoding directly                                                        */
/* ------------------------------------------------------------------------ */

typedef struct {
  const char *input; /* the buffer given to text_decode */
  gsize input_len;
  guint calls;      /* callbacks so far */
  guint in_place;   /* callbacks whose text pointed into the input */
  guint stop_after; /* fail on this call (0: never) */
} DecodeProbe;

static bool probe_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                            GError **error)
{
  DecodeProbe *probe = user_data;
  probe->calls++;
  uintptr_t start = (uintptr_t)probe->input, p = (uintptr_t)utf8;
  if (p >= start && p + len <= start + probe->input_len)
    probe->in_place++;
  if (probe->calls == probe->stop_after) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "stop at %u", probe->calls);
    return false;
  }
  return true;
}

/* Valid paragraphs are handed over from the input itself: no copy is made. */
static void test_decode_zero_copy(void)
{
  const char input[] = "one\ntwo\xff\nthree";
  DecodeProbe probe = {input, sizeof(input) - 1, 0, 0, 0};
  g_assert_true(text_decode(input, sizeof(input) - 1, probe_paragraph, &probe, NULL, NULL));
  g_assert_cmpuint(probe.calls, ==, 3);
  g_assert_cmpuint(probe.in_place, ==, 2); /* all but the one with the invalid byte */
}

/* A callback's failure stops decoding and is reported. */
static void test_decode_stops(void)
{
  const char input[] = "a\nb\nc\nd";
  DecodeProbe probe = {input, sizeof(input) - 1, 0, 0, 2};
  g_autoptr(GError) error = NULL;
  g_assert_false(text_decode(input, sizeof(input) - 1, probe_paragraph, &probe, NULL, &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_cmpuint(probe.calls, ==, 2);
}

/* ------------------------------------------------------------------------ */
/* Feeding in pieces                                                        */
/* ------------------------------------------------------------------------ */

/* Counts callbacks whose text lies inside a given buffer. */
typedef struct {
  const char *chunk;
  gsize chunk_len;
  guint calls, in_place;
} FeedProbe;

static bool feed_probe_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                                 GError **error)
{
  FeedProbe *p = user_data;
  p->calls++;
  if (utf8 >= p->chunk && utf8 + len <= p->chunk + p->chunk_len)
    p->in_place++;
  return true;
}

/* Complete paragraphs come straight from the fed bytes; only the tail cut by
 * the end of a feed (and the one needing escapes) is copied. */
static void test_zero_copy(void)
{
  FeedProbe probe = {0};
  g_autoptr(TextDecoder) dec = text_decoder_new(feed_probe_paragraph, &probe);
  static const char first[] = "one\ntwo\nthr";
  probe.chunk = first;
  probe.chunk_len = sizeof(first) - 1;
  g_assert_true(text_decoder_feed(dec, first, sizeof(first) - 1, NULL));
  g_assert_cmpuint(probe.calls, ==, 2);
  g_assert_cmpuint(probe.in_place, ==, 2);
  static const char second[] = "ee\nfo\xffur\nfive\nsix";
  probe.chunk = second;
  probe.chunk_len = sizeof(second) - 1;
  g_assert_true(text_decoder_feed(dec, second, sizeof(second) - 1, NULL));
  g_assert_cmpuint(probe.calls, ==, 5);    /* three, fo?ur, five */
  g_assert_cmpuint(probe.in_place, ==, 3); /* only five */
  g_assert_true(text_decoder_finish(dec, NULL, NULL));
  g_assert_cmpuint(probe.calls, ==, 6);
}

/* A callback's failure stops the decoder and is reported, from feed and finish. */
static bool fail_on_last(const char *utf8, gsize len, LineEnding ending, void *user_data,
                         GError **error)
{
  if (ending != LINE_END_NONE)
    return true;
  g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "no last line");
  return false;
}

static void test_callback_fails(void)
{
  g_autoptr(TextDecoder) dec = text_decoder_new(fail_on_last, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(text_decoder_feed(dec, "a\nb", 3, &error));
  g_assert_no_error(error);
  TextFileInfo info;
  g_assert_false(text_decoder_finish(dec, &info, &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
}

/* ------------------------------------------------------------------------ */
/* Large files, made here                                                   */
/* ------------------------------------------------------------------------ */

static void test_large_single_line(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  const gsize size = 20u << 20;
  g_autofree char *bytes = g_malloc(size);
  for (gsize i = 0; i < size; i++)
    bytes[i] = (char)('a' + i % 26);
  g_autofree char *path = test_write_file(fx.dir, "line.txt", bytes, size);
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time();
  g_assert_true(text_loader_load(fx.doc, path, 0, NULL, &error));
  g_assert_no_error(error);
  g_test_message("20 MB single line loaded in %.1f ms",
                 (double)(g_get_monotonic_time() - t0) / 1000.0);
  g_assert_cmpuint(document_paragraph_count(fx.doc), ==, 1);
  g_assert_cmpuint(document_char_count(fx.doc), ==, size);
  gsize len = 0;
  g_autofree char *encoded = text_saver_encode(fx.doc, NULL, NULL, &len, &error);
  g_assert_cmpmem(encoded, len, bytes, size);
  test_doc_files_clear(&fx);
}

static void test_large_empty_lines(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  const gsize lines = 1000000;
  g_autofree char *bytes = g_malloc(lines);
  memset(bytes, '\n', lines);
  g_autofree char *path = test_write_file(fx.dir, "empty-lines.txt", bytes, lines);
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time();
  g_assert_true(text_loader_load(fx.doc, path, 0, NULL, &error));
  g_assert_no_error(error);
  g_test_message("a million empty lines loaded in %.1f ms",
                 (double)(g_get_monotonic_time() - t0) / 1000.0);
  g_assert_cmpuint(document_paragraph_count(fx.doc), ==, lines + 1);
  g_assert_cmpuint(document_char_count(fx.doc), ==, 0);
  gsize len = 0;
  g_autofree char *encoded = text_saver_encode(fx.doc, NULL, NULL, &len, &error);
  g_assert_cmpmem(encoded, len, bytes, lines);
  test_doc_files_clear(&fx);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(round_trips); i++) {
    g_autofree char *name = g_strdup_printf("/text_decoder/round-trip/%s", round_trips[i].name);
    g_test_add_data_func(name, &round_trips[i], test_round_trip);
  }
  for (guint i = 0; i < G_N_ELEMENTS(invalid_cases); i++) {
    g_autofree char *name = g_strdup_printf("/text_decoder/invalid/%s", invalid_cases[i].name);
    g_test_add_data_func(name, &invalid_cases[i], test_invalid);
  }
  g_test_add_func("/text_decoder/warning/latin1", test_latin1_warning);
  g_test_add_func("/text_decoder/nul-bytes", test_nul_bytes);
  g_test_add_func("/text_decoder/binary-ratio", test_binary_ratio);
  g_test_add_func("/text_decoder/utf16/invalid", test_utf16_invalid);
  g_test_add_func("/text_decoder/decode/zero-copy", test_decode_zero_copy);
  g_test_add_func("/text_decoder/decode/callback-stops", test_decode_stops);
  g_test_add_func("/text_decoder/feed/zero-copy", test_zero_copy);
  g_test_add_func("/text_decoder/feed/callback-fails", test_callback_fails);
  g_test_add_func("/text_decoder/large/single-line-20mb", test_large_single_line);
  g_test_add_func("/text_decoder/large/million-empty-lines", test_large_empty_lines);
  return g_test_run();
}
