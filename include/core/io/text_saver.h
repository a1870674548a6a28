/* text_saver.h — writing a Document back to a file the way it was read.
 *
 * Raw-byte code points (bytes that were not valid UTF-8, see text_file.h) are
 * written back as those bytes, so a file is never silently rewritten. A UTF-8
 * BOM and each paragraph's line ending (LF, CRLF, CR) are written back; a
 * UTF-16 file is saved back as UTF-16. Saving is atomic
 * (g_file_set_contents_full) and keeps the file's permissions.
 *
 * Paragraphs: saving writes every paragraph but the last followed by its own
 * ending, so a loaded file is written back byte for byte. Escapes: the four
 * escaped bytes of a genuine U+10FF00..U+10FFFF are still written back
 * exactly. */
#ifndef GLYPHPAD_TEXT_SAVER_H
#define GLYPHPAD_TEXT_SAVER_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"
#include "text_file.h"

/* The bytes a save would write (@info NULL: UTF-8, no BOM), their count in @len.
 * Free with g_free. NULL with @error (TEXT_FILE_ERROR_ENCODING) when the text holds
 * raw-byte characters and @info asks for UTF-16, which cannot carry them. */
G_GNUC_WARN_UNUSED_RESULT char *text_saver_encode(const Document *doc, const TextFileInfo *info,
                                                  gsize *len, GError **error);

/* Writes @doc to @path atomically, as @info says (NULL: UTF-8, no BOM). An
 * existing file keeps its permission bits; a symlink's target is written. On
 * failure the old file is intact and @error says why. */
bool text_saver_save(const Document *doc, const char *path, const TextFileInfo *info,
                     GError **error);

#endif
