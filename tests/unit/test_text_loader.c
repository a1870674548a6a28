/* test_text_loader.c — the streaming decoder against the whole-buffer decode
 * (every split point, byte by byte, odd chunk sizes), and the TextLoader:
 * stepping, progress, files truncated, grown or deleted while being read,
 * errors before and while reading, file stamps; and the whole-file load:
 * errors that leave the document alone. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "document.h"
#include "testutil.h"
#include "text_decoder.h"
#include "text_loader.h"

/* ------------------------------------------------------------------------ */
/* Recording decoded paragraphs                                             */
/* ------------------------------------------------------------------------ */

/* Every paragraph a decode produced, in order. */
typedef struct {
  GPtrArray *texts; /* GBytes of each paragraph's UTF-8 */
  GArray *endings;  /* LineEnding of each */
} Record;

static void record_init(Record *r)
{
  r->texts = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
  r->endings = g_array_new(FALSE, FALSE, sizeof(LineEnding));
}

static void record_clear(Record *r)
{
  g_ptr_array_unref(r->texts);
  g_array_unref(r->endings);
}

static bool record_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                             GError **error)
{
  Record *r = user_data;
  g_ptr_array_add(r->texts, g_bytes_new(utf8, len));
  g_array_append_val(r->endings, ending);
  return true;
}

static void assert_records_equal(const Record *a, const Record *b)
{
  g_assert_cmpuint(a->texts->len, ==, b->texts->len);
  for (guint i = 0; i < a->texts->len; i++) {
    gsize la, lb;
    const void *pa = g_bytes_get_data(a->texts->pdata[i], &la);
    const void *pb = g_bytes_get_data(b->texts->pdata[i], &lb);
    g_assert_cmpmem(pa, la, pb, lb);
    g_assert_cmpint(g_array_index(a->endings, LineEnding, i), ==,
                    g_array_index(b->endings, LineEnding, i));
  }
}

/* Field by field (a memcmp would compare padding bytes). */
static void assert_infos_equal(const TextFileInfo *a, const TextFileInfo *b)
{
  g_assert_cmpint(a->encoding, ==, b->encoding);
  g_assert_cmpint(a->bom, ==, b->bom);
  g_assert_cmpuint(a->invalid_bytes, ==, b->invalid_bytes);
  g_assert_cmpuint(a->first_invalid, ==, b->first_invalid);
  g_assert_cmpuint(a->first_invalid_line, ==, b->first_invalid_line);
  g_assert_cmpuint(a->nul_bytes, ==, b->nul_bytes);
  g_assert_cmpint(a->binary, ==, b->binary);
  g_assert_cmpint(a->ending, ==, b->ending);
  g_assert_cmpint(a->mixed_endings, ==, b->mixed_endings);
  g_assert_cmpint(a->stamp.exists, ==, b->stamp.exists);
  g_assert_cmpuint(a->stamp.device, ==, b->stamp.device);
  g_assert_cmpuint(a->stamp.inode, ==, b->stamp.inode);
  g_assert_cmpuint(a->stamp.size, ==, b->stamp.size);
  g_assert_cmpint(a->stamp.mtime_ns, ==, b->stamp.mtime_ns);
  g_assert_cmpint(a->changed_while_loading, ==, b->changed_while_loading);
}

/* The whole-buffer decode of @bytes, the reference. */
static void decode_whole(const char *bytes, gsize len, Record *r, TextFileInfo *info)
{
  record_init(r);
  g_autoptr(GError) error = NULL;
  g_assert_true(text_decode(bytes, len, record_paragraph, r, info, &error));
  g_assert_no_error(error);
}

/* Feeds @bytes cut at the @n_cuts increasing offsets in @cuts (and an empty
 * feed between pieces when @empty_feeds), then checks against the whole decode. */
static void check_split(const char *bytes, gsize len, const gsize *cuts, guint n_cuts,
                        bool empty_feeds, const Record *want, const TextFileInfo *want_info)
{
  Record got;
  record_init(&got);
  g_autoptr(GError) error = NULL;
  g_autoptr(TextDecoder) dec = text_decoder_new(record_paragraph, &got);
  gsize at = 0;
  for (guint i = 0; i <= n_cuts; i++) {
    gsize end = i < n_cuts ? cuts[i] : len;
    g_assert_true(text_decoder_feed(dec, bytes + at, end - at, &error));
    g_assert_no_error(error);
    if (empty_feeds)
      g_assert_true(text_decoder_feed(dec, bytes + end, 0, &error));
    at = end;
  }
  TextFileInfo info;
  g_assert_true(text_decoder_finish(dec, &info, &error));
  g_assert_no_error(error);
  assert_records_equal(&got, want);
  assert_infos_equal(&info, want_info);
  record_clear(&got);
}

/* Feeds @bytes in pieces of @size bytes. */
static void check_chunked(const char *bytes, gsize len, gsize size, const Record *want,
                          const TextFileInfo *want_info)
{
  g_autoptr(GArray) cuts = g_array_new(FALSE, FALSE, sizeof(gsize));
  for (gsize at = size; at < len; at += size)
    g_array_append_val(cuts, at);
  check_split(bytes, len, (const gsize *)(void *)cuts->data, cuts->len, false, want, want_info);
}

/* ------------------------------------------------------------------------ */
/* Streaming equivalence                                                    */
/* ------------------------------------------------------------------------ */

typedef struct {
  const char *name;
  const char *bytes;
  gsize len;
} Tricky;

#define TRICKY(name, lit) \
  { \
    name, lit, sizeof(lit) - 1 \
  }

static const Tricky tricky[] = {
    TRICKY("empty", ""),
    TRICKY("one-char", "a"),
    TRICKY("lf", "\n"),
    TRICKY("cr", "\r"),
    TRICKY("crlf", "\r\n"),
    TRICKY("lf-cr", "\n\r"),
    TRICKY("mixed", "one\r\ntwo\rthree\nfour\r\n\r\rfive"),
    TRICKY("cr-runs", "\r\r\n\n\r\r\r\n"),
    TRICKY("cr-at-end", "text\r"),
    TRICKY("crlf-at-end", "text\r\n"),
    TRICKY("bom-only", "\xEF\xBB\xBF"),
    TRICKY("bom-text", "\xEF\xBB\xBF"
                       "abc\r\ndef\xff\n"),
    TRICKY("bom-twice", "\xEF\xBB\xBF\xEF\xBB\xBF"
                        "x"),
    TRICKY("bom-cut-1", "\xEF"),
    TRICKY("bom-cut-2", "\xEF\xBB"),
    TRICKY("bom-false", "\xEF\xBBx\n"),
    TRICKY("bom-false-lf", "\xEF\n\xBB\xBF"),
    TRICKY("ff-alone", "\xFF"),
    TRICKY("fe-alone", "\xFE"),
    TRICKY("ff-ff", "\xFF\xFF\n\xFE"),
    TRICKY("utf8-valid", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n\xE4\xB8\xAD"),
    TRICKY("continuation", "a\x80"
                           "b\xBF\n"),
    TRICKY("overlong", "\xC0\xAF\xC1\xBF\xE0\x80\x80\xF0\x80\x80\x80"),
    TRICKY("surrogate", "x\xED\xA0\x80y\xED\xBF\xBF"),
    TRICKY("over-max", "\xF4\x90\x80\x80\xF5\x80\xF8\x88\x80\x80\x80"),
    TRICKY("cut-at-end-2", "ok\n\xC3"),
    TRICKY("cut-at-end-3", "ok\n\xE2\x82"),
    TRICKY("cut-at-end-4", "ok\n\xF0\x9F\x98"),
    TRICKY("cut-by-lf", "a\xC3\nb\xE2\x82\r\nc\xF0\x9F\r"),
    TRICKY("escape-range", "x\xF4\x8F\xBC\x80y\n\xF4\x8F\xBF\xBF"),
    TRICKY("below-escapes", "\xF4\x8F\xBB\xBF\xF4\x8F\xBC"),
    TRICKY("nuls", "a\0b\n\0\r\n\0"),
    TRICKY("invalid-later-line", "1\n2\r\n3\r4\n\x80\n"),
    TRICKY("utf16le", "\xFF\xFE"
                      "a\0\r\0\n\0b\0\r\0c\0\n\0"),
    TRICKY("utf16be", "\xFE\xFF"
                      "\0a\0\r\0\n\0b\0\r\0c\0\n"),
    TRICKY("utf16le-pair", "\xFF\xFE"
                           "\x3D\xD8\x00\xDEx\0\x3D\xD8\x01\xDE"),
    TRICKY("utf16be-pair", "\xFE\xFF"
                           "\xD8\x3D\xDE\x00\0x\xD8\x3D\xDE\x01"),
    TRICKY("utf16-lone-high-end", "\xFF\xFE"
                                  "a\0\x3D\xD8"),
    TRICKY("utf16-high-then-char", "\xFF\xFE"
                                   "\x3D\xD8"
                                   "a\0\n\0\x3D\xD8\r\0"),
    TRICKY("utf16-lone-low", "\xFF\xFE"
                             "\x00\xDC"
                             "b\0"),
    TRICKY("utf16-high-high-low", "\xFF\xFE"
                                  "\x3D\xD8\x3D\xD8\x00\xDE"),
    TRICKY("utf16-cr-at-end", "\xFF\xFE"
                              "x\0\r\0"),
    TRICKY("utf16-cr-odd", "\xFF\xFE"
                           "x\0\r\0y"),
    TRICKY("utf16-odd", "\xFF\xFE"
                        "a\0b"),
    TRICKY("utf16-high-odd", "\xFF\xFE"
                             "\x3D\xD8\x00"),
    TRICKY("utf16-escape-range", "\xFF\xFE"
                                 "\xFF\xDB\x00\xDF"
                                 "a\0"),
    TRICKY("utf16-nul", "\xFE\xFF"
                        "\0\0\0a\0\0"),
    TRICKY("utf16-bom-only", "\xFF\xFE"),
    TRICKY("utf16-crcrlf", "\xFE\xFF"
                           "\0\r\0\r\0\n\0\n"),
};

/* Whole vs every single split point, every pair of split points, byte by
 * byte with empty feeds between. */
static void test_split_everywhere(gconstpointer data)
{
  const Tricky *t = data;
  Record want;
  TextFileInfo want_info;
  decode_whole(t->bytes, t->len, &want, &want_info);
  for (gsize a = 0; a <= t->len; a++) {
    check_split(t->bytes, t->len, &a, 1, false, &want, &want_info);
    for (gsize b = a; b <= t->len; b++) {
      gsize cuts[2] = {a, b};
      check_split(t->bytes, t->len, cuts, 2, false, &want, &want_info);
    }
  }
  check_chunked(t->bytes, t->len, 1, &want, &want_info);
  g_autoptr(GArray) cuts = g_array_new(FALSE, FALSE, sizeof(gsize));
  for (gsize at = 1; at < t->len; at++)
    g_array_append_val(cuts, at);
  check_split(t->bytes, t->len, (const gsize *)(void *)cuts->data, cuts->len, true, &want,
              &want_info);
  record_clear(&want);
}

/* A larger input: long lines, invalid bytes and NULs around the sniff window's
 * end, CRs at likely chunk ends; fed in many chunk sizes. */
static GString *make_large_input(void)
{
  GString *s = g_string_new(NULL);
  for (int i = 0; i < 3000; i++)
    g_string_append_printf(s, "line %d with caf\xC3\xA9%s", i,
                           i % 3 == 0   ? "\r\n"
                           : i % 3 == 1 ? "\n"
                                        : "\r");
  while (s->len < TEXT_FILE_SNIFF_BYTES - 3)
    g_string_append_c(s, 'x');
  g_string_append(s, "\xFF\xFE\x80"); /* straddles the end of the sniff window */
  g_string_append_c(s, '\0');
  for (int i = 0; i < 200000; i++)
    g_string_append_c(s, (char)('a' + i % 26)); /* one long line */
  g_string_append(s, "\r\n\xF4\x8F\xBC\x80\xC3");
  return s;
}

static void test_split_large(void)
{
  g_autoptr(GString) s = make_large_input();
  Record want;
  TextFileInfo want_info;
  decode_whole(s->str, s->len, &want, &want_info);
  g_assert_cmpuint(want_info.invalid_bytes, >, 0); /* the input does hold what it should */
  g_assert_cmpuint(want_info.nul_bytes, ==, 1);
  g_assert_true(want_info.mixed_endings);
  static const gsize sizes[] = {2, 3, 7, 1000, 4093, 4096, 65535, 65536, 65537, 100000};
  for (guint i = 0; i < G_N_ELEMENTS(sizes); i++)
    check_chunked(s->str, s->len, sizes[i], &want, &want_info);
  /* Cuts right around every line break of the first part and the window's end. */
  for (gsize at = 0; at < 2000; at++)
    check_split(s->str, s->len, &at, 1, false, &want, &want_info);
  for (gsize at = TEXT_FILE_SNIFF_BYTES - 8; at < TEXT_FILE_SNIFF_BYTES + 8; at++)
    check_split(s->str, s->len, &at, 1, false, &want, &want_info);
  record_clear(&want);
}

/* The same with a UTF-16 file, so units and pairs are cut everywhere. */
static void test_split_large_utf16(void)
{
  g_autoptr(GString) s = g_string_new("\xFE\xFF");
  for (int i = 0; i < 20000; i++) {
    static const char unit[] = "\xD8\x3D\xDE\x00\0a\0\r\0\n\0\r\xDC\x00\0\n";
    g_string_append_len(s, unit + (i % 7) * 2, (gssize)(sizeof(unit) - 1 - (i % 7) * 2));
  }
  g_string_append_c(s, 'z'); /* an odd last byte */
  Record want;
  TextFileInfo want_info;
  decode_whole(s->str, s->len, &want, &want_info);
  g_assert_cmpint(want_info.encoding, ==, TEXT_ENCODING_UTF16BE);
  g_assert_cmpuint(want_info.invalid_bytes, >, 0);
  static const gsize sizes[] = {1, 3, 5, 4095, 65537};
  for (guint i = 0; i < G_N_ELEMENTS(sizes); i++)
    check_chunked(s->str, s->len, sizes[i], &want, &want_info);
  record_clear(&want);
}

/* ------------------------------------------------------------------------ */
/* TextLoader                                                               */
/* ------------------------------------------------------------------------ */

typedef TestDocFiles Fixture; /* testutil.h */

/* Several MB: short lines of every ending, invalid bytes, a line of 2.5 MB,
 * and a "\r\n" cut by the first chunk boundary. */
static GString *make_file_bytes(void)
{
  GString *s = g_string_new(NULL);
  while (s->len < TEXT_LOADER_CHUNK - 1)
    g_string_append_printf(s, "%u short line\n", (guint)s->len);
  g_string_truncate(s, TEXT_LOADER_CHUNK - 1);
  g_string_append(s, "\r\n"); /* "\r" is the first chunk's last byte */
  for (int i = 0; i < 40000; i++)
    g_string_append_printf(s, "line %d \xC3\xA9%s%s", i, i % 97 == 0 ? "\xFF" : "",
                           i % 5 == 0   ? "\r\n"
                           : i % 5 == 1 ? "\r"
                                        : "\n");
  for (int i = 0; i < (5 << 19); i++)
    g_string_append_c(s, (char)('A' + i % 26));
  g_string_append(s, "\nlast line without a break");
  return s;
}

/* Checks the document holds exactly the paragraphs in @want. */
static void assert_document_is(const Document *doc, const Record *want)
{
  g_assert_cmpuint(document_paragraph_count(doc), ==, want->texts->len);
  for (guint32 i = 0; i < want->texts->len; i++) {
    guint32 len;
    const char *text = document_paragraph_text(doc, i, &len);
    gsize wlen;
    const void *w = g_bytes_get_data(want->texts->pdata[i], &wlen);
    g_assert_cmpmem(text, len, w, wlen);
    g_assert_cmpint(document_paragraph_ending(doc, i), ==,
                    g_array_index(want->endings, LineEnding, i));
  }
}

/* Asserts that @doc holds exactly the paragraphs decoding @len bytes of @bytes gives. */
static void assert_document_decodes(const Document *doc, const char *bytes, gsize len)
{
  Record want;
  TextFileInfo info;
  decode_whole(bytes, len, &want, &info);
  assert_document_is(doc, &want);
  record_clear(&want);
}

/* Steps with a tiny budget until DONE; checks progress only rises. Returns
 * how many steps said MORE. */
static guint step_to_end(TextLoader *loader)
{
  guint more = 0;
  double last = text_loader_progress(loader);
  g_assert_cmpfloat(last, >=, 0.0);
  g_autoptr(GError) error = NULL;
  TextLoadStatus status;
  guint64 read = text_loader_bytes_read(loader);
  while ((status = text_loader_step(loader, 1, &error)) == TEXT_LOAD_MORE) {
    more++;
    double now = text_loader_progress(loader);
    g_assert_cmpfloat(now, >=, last);
    g_assert_cmpfloat(now, <=, 1.0);
    g_assert_cmpuint(text_loader_bytes_read(loader), >, read); /* a chunk a step */
    last = now;
    read = text_loader_bytes_read(loader);
  }
  g_assert_no_error(error);
  g_assert_cmpint(status, ==, TEXT_LOAD_DONE);
  g_assert_cmpfloat(text_loader_progress(loader), ==, 1.0);
  return more;
}

static void test_loader_steps(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  g_autoptr(GString) bytes = make_file_bytes();
  g_autofree char *path = test_write_file(fx.dir, "big.txt", bytes->str, bytes->len);
  Record want;
  TextFileInfo want_info;
  decode_whole(bytes->str, bytes->len, &want, &want_info);
  g_autoptr(GError) error = NULL;
  g_autoptr(TextLoader) loader = text_loader_open(fx.doc, path, 0, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(text_loader_size(loader), ==, bytes->len);
  g_assert_cmpuint(text_loader_bytes_read(loader), ==, 0);
  guint more = step_to_end(loader);
  g_test_message("%u steps said MORE for %" G_GSIZE_FORMAT " bytes", more, bytes->len);
  g_assert_cmpuint(more, >=, bytes->len / TEXT_LOADER_CHUNK - 1);
  g_assert_cmpuint(text_loader_bytes_read(loader), ==, bytes->len);
  assert_document_is(fx.doc, &want);
  const TextFileInfo *info = text_loader_info(loader);
  g_assert_false(info->changed_while_loading);
  g_assert_true(info->stamp.exists);
  g_assert_cmpuint(info->stamp.size, ==, bytes->len);
  TextFileStamp now;
  g_assert_true(text_file_stamp(path, &now));
  g_assert_true(text_file_stamp_equal(&now, &info->stamp));
  want_info.stamp = info->stamp; /* the decode alone has no file */
  assert_infos_equal(info, &want_info);
  g_assert_cmpint(document_line_ending(fx.doc), ==, want_info.ending);
  /* DONE again when asked again. */
  g_assert_cmpint(text_loader_step(loader, 1, &error), ==, TEXT_LOAD_DONE);
  /* text_loader_load gives the same document and info. */
  Document *other = document_new(fx.fonts.factory, fx.fonts.style);
  TextFileInfo load_info;
  g_assert_true(text_loader_load(other, path, 0, &load_info, &error));
  g_assert_no_error(error);
  assert_document_is(other, &want);
  assert_infos_equal(&load_info, info);
  document_free(other); /* before the fixture's factory goes */
  record_clear(&want);
  test_doc_files_clear(&fx);
}

/* Opens @path and reads the first chunk (one step with a tiny budget). */
static TextLoader *open_and_step_once(Fixture *fx, const char *path, guint64 max_bytes)
{
  g_autoptr(GError) error = NULL;
  TextLoader *loader = text_loader_open(fx->doc, path, max_bytes, &error);
  g_assert_no_error(error);
  g_assert_cmpint(text_loader_step(loader, 1, &error), ==, TEXT_LOAD_MORE);
  g_assert_no_error(error);
  g_assert_cmpuint(text_loader_bytes_read(loader), ==, TEXT_LOADER_CHUNK);
  return loader;
}

/* The warning a person sees says what happened and what to do. */
static void assert_change_warned(const TextFileInfo *info)
{
  g_assert_true(info->changed_while_loading);
  g_autofree char *warning = text_file_describe_warnings(info, "/x/notes.txt");
  g_assert_nonnull(warning);
  g_test_message("%s", warning);
  g_assert_nonnull(strstr(warning, "notes.txt"));
  g_assert_nonnull(strstr(warning, "changed while it was being read"));
  g_assert_nonnull(strstr(warning, "reopen"));
}

/* Truncated between steps, past what was read and before it: DONE, warned,
 * holding exactly what could be read. */
static void test_loader_truncated(gconstpointer data)
{
  const gsize cut = GPOINTER_TO_SIZE(data);
  Fixture fx;
  test_doc_files_init(&fx);
  g_autoptr(GString) bytes = make_file_bytes();
  g_autofree char *path = test_write_file(fx.dir, "shrinks.txt", bytes->str, bytes->len);
  g_autoptr(TextLoader) loader = open_and_step_once(&fx, path, 0);
  g_assert_cmpint(truncate(path, (off_t)cut), ==, 0);
  step_to_end(loader);
  gsize have = MAX(cut, TEXT_LOADER_CHUNK);
  g_assert_cmpuint(text_loader_bytes_read(loader), ==, have);
  assert_change_warned(text_loader_info(loader));
  assert_document_decodes(fx.doc, bytes->str, have);
  test_doc_files_clear(&fx);
}

/* Appended to between steps: read to the new end, warned. */
static void test_loader_grown(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  g_autoptr(GString) bytes = make_file_bytes();
  g_autofree char *path = test_write_file(fx.dir, "grows.txt", bytes->str, bytes->len);
  g_autoptr(TextLoader) loader = open_and_step_once(&fx, path, 0);
  static const char more[] = " and more\nnew line\r\n";
  FILE *f = fopen(path, "ab");
  g_assert_nonnull(f);
  g_assert_cmpuint(fwrite(more, 1, sizeof(more) - 1, f), ==, sizeof(more) - 1);
  g_assert_cmpint(fclose(f), ==, 0);
  step_to_end(loader);
  g_string_append(bytes, more);
  g_assert_cmpuint(text_loader_bytes_read(loader), ==, bytes->len);
  assert_change_warned(text_loader_info(loader));
  assert_document_decodes(fx.doc, bytes->str, bytes->len);
  test_doc_files_clear(&fx);
}

/* Grown past the size limit: read up to the limit, never further. */
static void test_loader_grown_past_limit(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  g_autoptr(GString) bytes = make_file_bytes();
  g_autofree char *path = test_write_file(fx.dir, "grows.txt", bytes->str, bytes->len);
  const guint64 limit = bytes->len + 10;
  g_autoptr(TextLoader) loader = open_and_step_once(&fx, path, limit);
  g_autoptr(GString) more = g_string_new(NULL);
  for (int i = 0; i < 3000; i++)
    g_string_append(more, "appended\n");
  FILE *f = fopen(path, "ab");
  g_assert_cmpuint(fwrite(more->str, 1, more->len, f), ==, more->len);
  g_assert_cmpint(fclose(f), ==, 0);
  step_to_end(loader);
  g_assert_cmpuint(text_loader_bytes_read(loader), ==, limit);
  assert_change_warned(text_loader_info(loader));
  g_string_append(bytes, more->str);
  assert_document_decodes(fx.doc, bytes->str, limit);
  test_doc_files_clear(&fx);
}

/* Deleted after open: still read in full through the descriptor, no warning. */
static void test_loader_unlinked(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  g_autoptr(GString) bytes = make_file_bytes();
  g_autofree char *path = test_write_file(fx.dir, "gone.txt", bytes->str, bytes->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(TextLoader) loader = text_loader_open(fx.doc, path, 0, &error);
  g_assert_no_error(error);
  g_assert_cmpint(g_unlink(path), ==, 0);
  TextFileStamp now;
  g_assert_true(text_file_stamp(path, &now));
  g_assert_false(now.exists);
  g_assert_false(text_file_stamp_equal(&now, &text_loader_info(loader)->stamp));
  step_to_end(loader);
  g_assert_cmpuint(text_loader_bytes_read(loader), ==, bytes->len);
  g_assert_false(text_loader_info(loader)->changed_while_loading);
  assert_document_decodes(fx.doc, bytes->str, bytes->len);
  test_doc_files_clear(&fx);
}

static void fill_document(Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(document_insert(fx->doc, document_start(fx->doc), "keep me\nplease", -1,
                                fx->fonts.style, NULL, &error));
  g_assert_no_error(error);
}
static void assert_document_unchanged(Fixture *fx)
{
  g_autofree char *text = document_get_all_text(fx->doc);
  g_assert_cmpstr(text, ==, "keep me\nplease");
  g_assert_cmpuint(document_paragraph_count(fx->doc), ==, 2);
}

static void assert_open_fails(Fixture *fx, const char *path, guint64 max_bytes, GQuark domain,
                              int code)
{
  g_autoptr(GError) error = NULL;
  TextLoader *loader = text_loader_open(fx->doc, path, max_bytes, &error);
  g_assert_null(loader);
  g_assert_error(error, domain, code);
  g_test_message("%s", error->message);
  g_autofree char *name = g_filename_display_name(path);
  g_assert_nonnull(strstr(error->message, name));
  g_autofree char *text = document_get_all_text(fx->doc);
  g_assert_cmpstr(text, ==, "keep me\nplease");
}

/* Errors before reading leave the document as it was. */
static void test_loader_open_errors(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  fill_document(&fx);
  g_autofree char *missing = g_build_filename(fx.dir, "missing.txt", NULL);
  assert_open_fails(&fx, missing, 0, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  assert_open_fails(&fx, fx.dir, 0, TEXT_FILE_ERROR, TEXT_FILE_ERROR_NOT_REGULAR);
  g_autofree char *fifo = g_build_filename(fx.dir, "fifo", NULL);
  g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
  assert_open_fails(&fx, fifo, 0, TEXT_FILE_ERROR, TEXT_FILE_ERROR_NOT_REGULAR);
  assert_open_fails(&fx, "/dev/null", 0, TEXT_FILE_ERROR, TEXT_FILE_ERROR_NOT_REGULAR);
  g_autofree char *large = test_write_file(fx.dir, "large.txt", "12345678901", 11);
  assert_open_fails(&fx, large, 10, TEXT_FILE_ERROR, TEXT_FILE_ERROR_TOO_LARGE);
  if (geteuid() != 0) {
    g_autofree char *secret = test_write_file(fx.dir, "secret.txt", "hidden\n", 7);
    g_assert_cmpint(g_chmod(secret, 0), ==, 0);
    assert_open_fails(&fx, secret, 0, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  }
  test_doc_files_clear(&fx);
}

/* A read error (/proc/self/mem is a "regular file" whose offset 0 is unmapped
 * memory: read() gives EIO) fails the load and empties the document. */
static void test_loader_read_error(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  fill_document(&fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(TextLoader) loader = text_loader_open(fx.doc, "/proc/self/mem", 0, &error);
  if (loader == NULL) {
    g_test_skip(error->message);
    test_doc_files_clear(&fx);
    return;
  }
  g_assert_cmpint(text_loader_step(loader, 0, &error), ==, TEXT_LOAD_FAILED);
  g_assert_nonnull(error);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "Could not load"));
  g_assert_nonnull(strstr(error->message, "reading failed"));
  g_assert_cmpuint(document_paragraph_count(fx.doc), ==, 1);
  g_assert_cmpuint(document_byte_count(fx.doc), ==, 0);
  g_clear_error(&error);
  g_assert_cmpint(text_loader_step(loader, 0, &error), ==, TEXT_LOAD_FAILED);
  g_assert_nonnull(error); /* the same reason, again */
  test_doc_files_clear(&fx);
}

/* The document is cleared at open; freeing before DONE leaves the part read. */
static void test_loader_free_early(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  fill_document(&fx);
  g_autoptr(GString) bytes = make_file_bytes();
  g_autofree char *path = test_write_file(fx.dir, "big.txt", bytes->str, bytes->len);
  TextLoader *loader = open_and_step_once(&fx, path, 0);
  guint32 paras = document_paragraph_count(fx.doc);
  g_assert_cmpuint(paras, >, 1000);
  guint32 len;
  const char *first = document_paragraph_text(fx.doc, 0, &len);
  g_assert_cmpmem(first, len, "0 short line", 12); /* not "keep me" */
  text_loader_free(loader);
  g_assert_cmpuint(document_paragraph_count(fx.doc), ==, paras);
  test_doc_files_clear(&fx);
}

/* An empty file: one step, DONE, one empty paragraph, progress 1. */
static void test_loader_empty(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  fill_document(&fx);
  g_autofree char *path = test_write_file(fx.dir, "empty.txt", "", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(TextLoader) loader = text_loader_open(fx.doc, path, 0, &error);
  g_assert_cmpfloat(text_loader_progress(loader), ==, 0.0);
  g_assert_cmpint(text_loader_step(loader, 1, &error), ==, TEXT_LOAD_DONE);
  g_assert_cmpfloat(text_loader_progress(loader), ==, 1.0);
  g_assert_cmpuint(document_paragraph_count(fx.doc), ==, 1);
  g_assert_cmpuint(document_byte_count(fx.doc), ==, 0);
  g_assert_false(text_loader_info(loader)->changed_while_loading);
  test_doc_files_clear(&fx);
}

/* Stamps tell a changed or replaced file from the same one. */
static void test_stamps(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  g_autofree char *path = test_write_file(fx.dir, "s.txt", "one", 3);
  TextFileStamp a, b;
  g_assert_true(text_file_stamp(path, &a));
  g_assert_true(a.exists);
  g_assert_cmpuint(a.size, ==, 3);
  g_assert_true(text_file_stamp(path, &b));
  g_assert_true(text_file_stamp_equal(&a, &b));
  g_assert_cmpint(truncate(path, 2), ==, 0);
  g_assert_true(text_file_stamp(path, &b));
  g_assert_false(text_file_stamp_equal(&a, &b));
  g_autofree char *missing = g_build_filename(fx.dir, "none", "x.txt", NULL);
  g_assert_true(text_file_stamp(missing, &b));
  g_assert_false(b.exists);
  TextFileStamp c;
  g_assert_true(text_file_stamp(missing, &c));
  g_assert_true(text_file_stamp_equal(&b, &c));
  test_doc_files_clear(&fx);
}

/* ------------------------------------------------------------------------ */
/* The whole file at once                                                   */
/* ------------------------------------------------------------------------ */

static void load_ok(Fixture *fx, const char *bytes, gsize len, TextFileInfo *info)
{
  g_autofree char *path = test_write_file(fx->dir, "in.txt", bytes, len);
  g_autoptr(GError) error = NULL;
  g_assert_true(text_loader_load(fx->doc, path, 0, info, &error));
  g_assert_no_error(error);
}

static void assert_load_fails(Fixture *fx, const char *path, GQuark domain, int code)
{
  g_autoptr(GError) error = NULL;
  TextFileInfo info = {.invalid_bytes = 77};
  g_assert_false(text_loader_load(fx->doc, path, 1000, &info, &error));
  g_assert_error(error, domain, code);
  g_autofree char *name = g_filename_display_name(path);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, name));
  g_assert_cmpuint(info.invalid_bytes, ==, 77); /* untouched */
  assert_document_unchanged(fx);
}

static void test_load_errors(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  fill_document(&fx);
  g_autofree char *missing = g_build_filename(fx.dir, "missing.txt", NULL);
  assert_load_fails(&fx, missing, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  assert_load_fails(&fx, fx.dir, TEXT_FILE_ERROR, TEXT_FILE_ERROR_NOT_REGULAR);
  g_autofree char *fifo = g_build_filename(fx.dir, "fifo", NULL);
  g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
  assert_load_fails(&fx, fifo, TEXT_FILE_ERROR, TEXT_FILE_ERROR_NOT_REGULAR);
  g_autoptr(GString) big = g_string_new(NULL);
  for (int i = 0; i < 1001; i++)
    g_string_append_c(big, 'x');
  g_autofree char *large = test_write_file(fx.dir, "large.txt", big->str, big->len);
  assert_load_fails(&fx, large, TEXT_FILE_ERROR, TEXT_FILE_ERROR_TOO_LARGE);
  g_autofree char *fits = test_write_file(fx.dir, "fits.txt", big->str,
                                          1000); /* limit is inclusive */
  g_autoptr(GError) error = NULL;
  g_assert_true(text_loader_load(fx.doc, fits, 1000, NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(document_char_count(fx.doc), ==, 1000);
  test_doc_files_clear(&fx);
}

static void test_load_unreadable(void)
{
  if (geteuid() == 0) {
    g_test_skip("running as root, which can read a chmod 000 file");
    return;
  }
  Fixture fx;
  test_doc_files_init(&fx);
  fill_document(&fx);
  g_autofree char *path = test_write_file(fx.dir, "secret.txt", "hidden\n", 7);
  g_assert_cmpint(g_chmod(path, 0), ==, 0);
  assert_load_fails(&fx, path, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  test_doc_files_clear(&fx);
}

/* An empty file replaces the text with one empty paragraph. */
static void test_load_empty(void)
{
  Fixture fx;
  test_doc_files_init(&fx);
  fill_document(&fx);
  TextFileInfo info;
  load_ok(&fx, "", 0, &info);
  g_assert_cmpuint(document_paragraph_count(fx.doc), ==, 1);
  g_assert_cmpuint(document_char_count(fx.doc), ==, 0);
  g_assert_false(info.bom);
  test_doc_files_clear(&fx);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(tricky); i++) {
    g_autofree char *name = g_strdup_printf("/text_loader/split/%s", tricky[i].name);
    g_test_add_data_func(name, &tricky[i], test_split_everywhere);
  }
  g_test_add_func("/text_loader/split/large", test_split_large);
  g_test_add_func("/text_loader/split/large-utf16", test_split_large_utf16);
  g_test_add_func("/text_loader/load/steps", test_loader_steps);
  g_test_add_data_func("/text_loader/load/truncated-after-read",
                       GSIZE_TO_POINTER(TEXT_LOADER_CHUNK + 300000), test_loader_truncated);
  g_test_add_data_func("/text_loader/load/truncated-before-read", GSIZE_TO_POINTER(100),
                       test_loader_truncated);
  g_test_add_func("/text_loader/load/grown", test_loader_grown);
  g_test_add_func("/text_loader/load/grown-past-limit", test_loader_grown_past_limit);
  g_test_add_func("/text_loader/load/unlinked", test_loader_unlinked);
  g_test_add_func("/text_loader/load/open-errors", test_loader_open_errors);
  g_test_add_func("/text_loader/load/read-error", test_loader_read_error);
  g_test_add_func("/text_loader/load/free-early", test_loader_free_early);
  g_test_add_func("/text_loader/load/empty", test_loader_empty);
  g_test_add_func("/text_loader/stamps", test_stamps);
  g_test_add_func("/text_loader/whole-file/errors", test_load_errors);
  g_test_add_func("/text_loader/whole-file/unreadable", test_load_unreadable);
  g_test_add_func("/text_loader/whole-file/empty", test_load_empty);
  return g_test_run();
}
