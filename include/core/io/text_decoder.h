/* text_decoder.h — decoding file bytes into paragraphs.
 *
 * A file is decoded a paragraph at a time with a streaming TextDecoder, fed
 * the file in pieces (text_loader.h reads it with read(2) in chunks), so there
 * is no second copy of the file. Valid UTF-8 passes through; each byte
 * that is not becomes the code point GLYPH_RAW_BYTE_BASE + byte (drawn as
 * U+FFFD) and a warning says where the first one was (see text_file.h for the
 * escapes). A UTF-8 BOM and each paragraph's line ending (LF, CRLF, CR) are
 * remembered, so text_saver.h can write them back; a UTF-16 file (with a BOM)
 * is converted to UTF-8.
 *
 * Paragraphs: a file with N line breaks has N + 1 paragraphs. The last one ends
 * with LINE_END_NONE and is empty when the file ends in a newline; an empty file
 * is one empty paragraph.
 *
 * Escapes: a genuine U+10FF00..U+10FFFF is escaped byte by byte like invalid
 * bytes. NUL bytes stay U+0000 characters (they are valid UTF-8) and are
 * counted in nul_bytes. */
#ifndef GLYPHPAD_TEXT_DECODER_H
#define GLYPHPAD_TEXT_DECODER_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"
#include "text_file.h"

/* Called once per paragraph while decoding: @utf8 is valid UTF-8 with no line
 * break (it may contain U+0000), valid only during the call. Return false to
 * stop (and report @error). */
typedef bool (*TextParagraphFunc)(const char *utf8, gsize len, LineEnding ending, void *user_data,
                                  GError **error);

/* Decodes @len bytes of file content into paragraphs, calling @func for each in
 * order (at least once). Valid UTF-8 paragraphs are passed straight from @bytes;
 * only paragraphs needing escapes or UTF-16 conversion go through one reused
 * buffer. @info (may be NULL) receives what the file was like. Fails only when
 * @func does. The same as one text_decoder_feed() of all the bytes followed by
 * text_decoder_finish() (it is written that way, so the two cannot drift). */
bool text_decode(const char *bytes, gsize len, TextParagraphFunc func, void *user_data,
                 TextFileInfo *info, GError **error);

/* A streaming decoder: the same paragraphs and the same TextFileInfo (offsets,
 * line numbers, binary sniff, ending counts) as text_decode() of the whole
 * input, however the input is split into feeds. */
typedef struct TextDecoder TextDecoder;

/* A decoder calling @func with @user_data for each paragraph. Free with
 * text_decoder_free(). */
G_GNUC_WARN_UNUSED_RESULT TextDecoder *text_decoder_new(TextParagraphFunc func, void *user_data);
/* Long paragraphs handed over: at least this long, collected over several feeds. */
#define TEXT_DECODER_TAKE_BYTES (1u << 20)
/* A paragraph handed over: @utf8 (valid UTF-8 of @len bytes, g_malloc'd)
 * belongs to the callee from now on, which frees it even when it fails. */
typedef bool (*TextParagraphTakeFunc)(char *utf8, gsize len, LineEnding ending, void *user_data,
                                      GError **error);
/* Lets @dec hand a paragraph of at least TEXT_DECODER_TAKE_BYTES that it had
 * to collect across feeds, and that needs no escape, to @take (with the same
 * user data) instead of passing a copy to its paragraph function: a 10 MB
 * line loaded is then held once, not twice. NULL: never. */
void text_decoder_set_take(TextDecoder *dec, TextParagraphTakeFunc take);
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

#endif
