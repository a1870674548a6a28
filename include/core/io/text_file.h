/* text_file.h — what a text file on disk is, shared by decoding, loading and
 * saving: its stamp (to notice that it was replaced or changed), what it was
 * like (TextFileInfo, so it can be written back the same way), the errors
 * reading or writing one gives, and its warnings in words.
 *
 * Escapes: each byte of a file that is not valid UTF-8 becomes the code point
 * GLYPH_RAW_BYTE_BASE + byte (drawn as U+FFFD) and saving writes that byte back,
 * so a file is never silently rewritten. A file that genuinely contains
 * U+10FF00..U+10FFFF (private use, the range the raw-byte escapes live in) would
 * be ambiguous, so the four bytes of such a character are escaped one by one
 * like invalid bytes: they show as four U+FFFD and are still written back
 * exactly. text_file_is_escape_range() is the one test both directions use. */
#ifndef GLYPHPAD_TEXT_FILE_H
#define GLYPHPAD_TEXT_FILE_H

#include <glib.h>
#include <stdbool.h>
#include <sys/stat.h>
#include "document.h"

/* What a file on disk is, to notice that it was replaced or changed. Two stamps
 * are equal when every field is: an editor compares the stamp taken when it
 * loaded (TextFileInfo.stamp) with a fresh one before saving or on focus. */
typedef struct {
  bool exists;     /* false: the path names nothing (the other fields are 0) */
  guint64 device;  /* st_dev: with inode, which file it is (a rename over it changes it) */
  guint64 inode;   /* st_ino */
  guint64 size;    /* st_size in bytes */
  gint64 mtime_ns; /* modification time, nanoseconds since the epoch */
} TextFileStamp;

/* Fills @stamp with what @path is now; exists=false (and true returned) when it
 * is missing. False only on other stat errors (no permission on a folder, ...). */
bool text_file_stamp(const char *path, TextFileStamp *stamp);
/* Fills @stamp from @st, the result of a stat() or fstat() (exists=true). */
void text_file_stamp_from_stat(const struct stat *st, TextFileStamp *stamp);
/* Whether @a and @b describe the same file in the same state. */
bool text_file_stamp_equal(const TextFileStamp *a, const TextFileStamp *b);

typedef enum {
  TEXT_ENCODING_UTF8,
  TEXT_ENCODING_UTF16LE,
  TEXT_ENCODING_UTF16BE,
} TextEncoding;

/* How the text is kept in the file. */
typedef enum {
  TEXT_FORMAT_PLAIN,       /* the text as it is: typefaces and sizes are not kept */
  TEXT_FORMAT_STYLED_HTML, /* glyphpad's HTML subset (styled_html.h): text, raw bytes,
                             * line endings, typefaces and sizes */
} TextFormat;

/* What a file was like, so it can be written back the same way. */
typedef struct {
  TextEncoding encoding;      /* what the file was in */
  TextFormat format;          /* plain text, or styled (set after loading, see styled_html.h) */
  bool bom;                   /* it started with a byte order mark (always true for UTF-16) */
  guint64 invalid_bytes;      /* bytes that were not valid UTF-8 (kept as raw-byte code points);
                           * for UTF-16: bytes of unpaired surrogates etc. (became U+FFFD) */
  guint64 first_invalid;      /* file offset of the first of them (BOM included) */
  guint64 first_invalid_line; /* 1-based line of the first of them */
  guint64 nul_bytes;          /* NUL bytes (UTF-16: U+0000 characters) seen, a hint of binary */
  bool binary;                /* looks like a binary file: a NUL or over 10% invalid bytes in
                           * the first TEXT_FILE_SNIFF_BYTES */
  LineEnding ending;          /* the most common line ending (ties: LF, CRLF, CR; none: LF) */
  bool mixed_endings;         /* more than one kind of line ending */
  TextFileStamp stamp;        /* loading: the file when reading started (fstat of the open
                           * descriptor); all zero from text_decode */
  bool changed_while_loading; /* loading: after the last read the file's size or mtime
                           * differed from @stamp, or the bytes read differed from its size
                           * at open: the text may mix old and new contents */
} TextFileInfo;

/* How much of the start of a file the binary guess looks at. */
#define TEXT_FILE_SNIFF_BYTES 65536u

/* Missing files and missing permissions are reported in G_FILE_ERROR
 * (G_FILE_ERROR_NOENT, G_FILE_ERROR_ACCES, ...); the rest in TEXT_FILE_ERROR. */
#define TEXT_FILE_ERROR (text_file_error_quark())
GQuark text_file_error_quark(void);
typedef enum {
  TEXT_FILE_ERROR_TOO_LARGE,   /* over the size limit */
  TEXT_FILE_ERROR_NOT_REGULAR, /* a directory, device or other non-file */
  TEXT_FILE_ERROR_ENCODING,    /* cannot be decoded or encoded */
  TEXT_FILE_ERROR_READ_ONLY,   /* the file is read-only: writing it needs a confirmation */
  TEXT_FILE_ERROR_FORMAT,      /* a styled file that cannot be read back */
} TextFileError;

/* The bytes of @ending in a file ("\n" for LINE_END_NONE). */
const char *text_file_ending_bytes(LineEnding ending);

/* Whether the valid UTF-8 at @p (a 0xF4 byte) is a character U+10FF00..U+10FFFF. */
bool text_file_is_escape_range(const guchar *p, const guchar *end);

/* A one-line human description of @info's warnings (invalid bytes, binary
 * content, the file changing while it was read), naming @path's base name
 * (NULL: "The file"), or NULL when there are none. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *text_file_describe_warnings(const TextFileInfo *info,
                                                            const char *path);

#endif
