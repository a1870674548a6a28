/* textio.h — loading and saving text files.
 *
 * Loading reads the file with read(2) in chunks (see textloader.h, which does
 * it in bounded steps an event loop can interleave with drawing) and decodes it
 * a paragraph at a time with a streaming TextDecoder: no mapping (a file
 * truncated by another program while mapped would raise SIGBUS) and no second
 * copy of the file. Valid UTF-8 passes through; each byte
 * that is not becomes the code point GLYPH_RAW_BYTE_BASE + byte (drawn as
 * U+FFFD) and a warning says where the first one was. Saving writes those bytes
 * back, so a file is never silently rewritten. A UTF-8 BOM and each paragraph's
 * line ending (LF, CRLF, CR) are remembered and written back; a UTF-16 file
 * (with a BOM) is converted to UTF-8 and saved back as UTF-16. Saving is atomic
 * (g_file_set_contents_full) and keeps the file's permissions.
 *
 * Paragraphs: a file with N line breaks has N + 1 paragraphs. The last one ends
 * with LINE_END_NONE and is empty when the file ends in a newline; an empty file
 * is one empty paragraph. Saving writes every paragraph but the last followed by
 * its own ending, so a loaded file is written back byte for byte.
 *
 * Escapes: a file that genuinely contains U+10FF00..U+10FFFF (private use, the
 * range the raw-byte escapes live in) would be ambiguous, so the four bytes of
 * such a character are escaped one by one like invalid bytes: they show as four
 * U+FFFD and are still written back exactly. NUL bytes stay U+0000 characters
 * (they are valid UTF-8) and are counted in nul_bytes. */
#ifndef GLYPHPAD_TEXTIO_H
#define GLYPHPAD_TEXTIO_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"

/* What a file on disk is, to notice that it was replaced or changed. Two stamps
 * are equal when every field is: an editor compares the stamp taken when it
 * loaded (TextFileInfo.stamp) with a fresh one before saving or on focus. */
typedef struct {
  bool exists;      /* false: the path names nothing (the other fields are 0) */
  guint64 device;   /* st_dev: with inode, which file it is (a rename over it changes it) */
  guint64 inode;    /* st_ino */
  guint64 size;     /* st_size in bytes */
  gint64 mtime_ns;  /* modification time, nanoseconds since the epoch */
} TextFileStamp;

/* Fills @stamp with what @path is now; exists=false (and true returned) when it
 * is missing. False only on other stat errors (no permission on a folder, ...). */
bool textio_stamp(const char *path, TextFileStamp *stamp);
/* Whether @a and @b describe the same file in the same state. */
bool textio_stamp_equal(const TextFileStamp *a, const TextFileStamp *b);

typedef enum {
  TEXT_ENCODING_UTF8,
  TEXT_ENCODING_UTF16LE,
  TEXT_ENCODING_UTF16BE,
} TextEncoding;

/* What a file was like, so it can be written back the same way. */
typedef struct {
  TextEncoding encoding;  /* what the file was in */
  bool bom;               /* it started with a byte order mark (always true for UTF-16) */
  guint64 invalid_bytes;  /* bytes that were not valid UTF-8 (kept as raw-byte code points);
                           * for UTF-16: bytes of unpaired surrogates etc. (became U+FFFD) */
  guint64 first_invalid;  /* file offset of the first of them (BOM included) */
  guint64 first_invalid_line; /* 1-based line of the first of them */
  guint64 nul_bytes;      /* NUL bytes (UTF-16: U+0000 characters) seen, a hint of binary */
  bool binary;            /* looks like a binary file: a NUL or over 10% invalid bytes in
                           * the first TEXTIO_SNIFF_BYTES */
  LineEnding ending;      /* the most common line ending (ties: LF, CRLF, CR; none: LF) */
  bool mixed_endings;     /* more than one kind of line ending */
  TextFileStamp stamp;    /* loading: the file when reading started (fstat of the open
                           * descriptor); all zero from textio_decode */
  bool changed_while_loading; /* loading: after the last read the file's size or mtime
                           * differed from @stamp, or the bytes read differed from its size
                           * at open: the text may mix old and new contents */
} TextFileInfo;

/* How much of the start of a file the binary guess looks at. */
#define TEXTIO_SNIFF_BYTES 65536u

/* Missing files and missing permissions are reported in G_FILE_ERROR
 * (G_FILE_ERROR_NOENT, G_FILE_ERROR_ACCES, ...); the rest in TEXTIO_ERROR. */
#define TEXTIO_ERROR (textio_error_quark())
GQuark textio_error_quark(void);
typedef enum {
  TEXTIO_ERROR_TOO_LARGE,  /* over the size limit */
  TEXTIO_ERROR_NOT_REGULAR,/* a directory, device or other non-file */
  TEXTIO_ERROR_ENCODING,   /* cannot be decoded or encoded */
} TextioError;

/* Called once per paragraph while decoding: @utf8 is valid UTF-8 with no line
 * break (it may contain U+0000), valid only during the call. Return false to
 * stop (and report @error). */
typedef bool (*TextioParagraphFunc)(const char *utf8, gsize len, LineEnding ending,
                                    void *user_data, GError **error);

/* Decodes @len bytes of file content into paragraphs, calling @func for each in
 * order (at least once). Valid UTF-8 paragraphs are passed straight from @bytes;
 * only paragraphs needing escapes or UTF-16 conversion go through one reused
 * buffer. @info (may be NULL) receives what the file was like. Fails only when
 * @func does. The same as one text_decoder_feed() of all the bytes followed by
 * text_decoder_finish() (it is written that way, so the two cannot drift). */
bool textio_decode(const char *bytes, gsize len, TextioParagraphFunc func, void *user_data,
                   TextFileInfo *info, GError **error);

/* A streaming decoder: the same paragraphs and the same TextFileInfo (offsets,
 * line numbers, binary sniff, ending counts) as textio_decode() of the whole
 * input, however the input is split into feeds. */
typedef struct TextDecoder TextDecoder;

/* A decoder calling @func with @user_data for each paragraph. Free with
 * text_decoder_free(). */
G_GNUC_WARN_UNUSED_RESULT TextDecoder *text_decoder_new(TextioParagraphFunc func,
                                                        void *user_data);
/* Decodes every paragraph completed by @bytes (@len may be 0). Complete valid
 * UTF-8 paragraphs inside @bytes are handed to @func straight from @bytes; an
 * incomplete tail (a paragraph with no line break yet, a "\r" that may be
 * followed by "\n", a BOM not yet decidable, half a UTF-16 unit or surrogate
 * pair) is copied and kept for the next feed. Only up to the next chunk's first
 * line break is appended to a kept tail, so a long line is scanned once. False
 * with @error when @func fails; the decoder is then spent (only _free it). */
bool text_decoder_feed(TextDecoder *dec, const char *bytes, gsize len, GError **error);
/* Ends the input: emits the last paragraph (LINE_END_NONE) and fills @info (may
 * be NULL). False with @error when @func fails. Call once; then only _free. */
bool text_decoder_finish(TextDecoder *dec, TextFileInfo *info, GError **error);
/* Frees @dec (NULL is a no-op). */
void text_decoder_free(TextDecoder *dec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TextDecoder, text_decoder_free)

/* Replaces @doc's text with the file at @path and sets its line ending for new
 * paragraphs: text_loader_open(), then text_loader_step() to the end. @max_bytes:
 * refuse larger files (0: no limit). A warning for invalid bytes, or that the
 * file changed while it was read, is in @info (may be NULL), not an error.
 * Errors found before reading (missing, a folder or device, no permission, too
 * large) leave @doc as it was; errors while reading (a read error, a line over
 * 4 GiB, too many lines) leave it empty, so half a file is never mistaken for
 * the whole. @error says why in words a person can act on; @info is then
 * untouched. Memory: the document plus one read chunk, never the whole file. */
bool textio_load(Document *doc, const char *path, guint64 max_bytes, TextFileInfo *info,
                 GError **error);

/* The bytes a save would write (@info NULL: UTF-8, no BOM), their count in @len.
 * Free with g_free. NULL with @error (TEXTIO_ERROR_ENCODING) when the text holds
 * raw-byte characters and @info asks for UTF-16, which cannot carry them. */
G_GNUC_WARN_UNUSED_RESULT char *textio_encode(const Document *doc, const TextFileInfo *info,
                                              gsize *len, GError **error);

/* Writes @doc to @path atomically, as @info says (NULL: UTF-8, no BOM). An
 * existing file keeps its permission bits; a symlink's target is written. On
 * failure the old file is intact and @error says why. */
bool textio_save(const Document *doc, const char *path, const TextFileInfo *info,
                 GError **error);

/* A one-line human description of @info's warnings (invalid bytes, binary
 * content, the file changing while it was read), naming @path's base name (NULL: "The file"), or NULL when there are
 * none. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *textio_describe_warnings(const TextFileInfo *info,
                                                         const char *path);

#endif
