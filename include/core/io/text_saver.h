/* text_saver.h — writing a Document back to a file the way it was read.
 *
 * Raw-byte code points (bytes that were not valid UTF-8, see text_file.h) are
 * written back as those bytes, so a file is never silently rewritten. A UTF-8
 * BOM and each paragraph's line ending (LF, CRLF, CR) are written back; a
 * UTF-16 file is saved back as UTF-16. Writing goes through file_writer.h:
 * atomic where that keeps everything, in place after a backup where it would
 * not. A document in a styled format is written as styled_html.h says.
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
#include "file_writer.h"
#include "text_file.h"

/* How to save, beyond what the file was like (TextFileInfo). */
typedef struct {
  FileWriteOptions write; /* read-only confirmation, where the backup goes */
  double px_per_css_px;   /* styled formats: document pixels per CSS pixel (the window's
                            * pixel density); 0 means 1 */
  const char *title;      /* styled formats: the document's name, for <title>; may be NULL */
} TextSaveOptions;

/* The bytes a save would write (@info NULL: UTF-8 plain text, no BOM; @options
 * NULL: the defaults), their count in @len: plain text in @info's encoding, or
 * styled_html_encode()'s bytes when @info's format is TEXT_FORMAT_STYLED_HTML.
 * Free with g_free. NULL with @error (TEXT_FILE_ERROR_ENCODING) when the text
 * holds raw-byte characters and @info asks for UTF-16, which cannot carry them. */
G_GNUC_WARN_UNUSED_RESULT char *text_saver_encode(const Document *doc, const TextFileInfo *info,
                                                  const TextSaveOptions *options, gsize *len,
                                                  GError **error);

/* Writes @doc to @path as @info says (NULL: UTF-8 plain text, no BOM) through
 * file_writer_write(), so the file keeps its inode, links, owner, group and
 * mode; a read-only file needs @options->write.allow_read_only. @method (may be
 * NULL) says how it was written. On failure the old file is intact and @error
 * says why, naming the file. */
bool text_saver_save(const Document *doc, const char *path, const TextFileInfo *info,
                     const TextSaveOptions *options, FileWriteMethod *method, GError **error);

#endif
