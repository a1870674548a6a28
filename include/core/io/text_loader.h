/* text_loader.h — loading a file into a Document in bounded steps.
 *
 * The window must show the first screen of a 50 MB file at once, so loading
 * cannot be one blocking call: a TextLoader reads the file with read(2) in
 * chunks of TEXT_LOADER_CHUNK, decodes each with a TextDecoder and appends the
 * finished paragraphs to the document, and text_loader_step() returns after a
 * time budget so the event loop can draw what is already there. No mapping is
 * used: a file truncated by another program while it is read just ends early
 * (and TextFileInfo.changed_while_loading says so) instead of raising SIGBUS.
 * Reading goes through the descriptor opened at the start, so a file deleted
 * meanwhile is still read completely; a file that grows is read to its end but
 * never past the size limit.
 *
 * Typical use:
 *   TextLoader *l = text_loader_open(doc, path, limit, &error);   // doc cleared
 *   while ((st = text_loader_step(l, 8000, &error)) == TEXT_LOAD_MORE)
 *     draw();                                                        // doc grows
 *   if (st == TEXT_LOAD_DONE) info = *text_loader_info(l);
 *   text_loader_free(l);
 * text_loader_load() is that loop run to the end, for callers that may block. */
#ifndef GLYPHPAD_TEXT_LOADER_H
#define GLYPHPAD_TEXT_LOADER_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"
#include "text_file.h"

/* Bytes read per read(2) call: large enough that system calls cost nothing
 * next to decoding, small enough that one chunk decodes in a few milliseconds. */
#define TEXT_LOADER_CHUNK (1u << 20)

typedef struct TextLoader TextLoader;

typedef enum {
  TEXT_LOAD_MORE,   /* there is more to read: call text_loader_step() again */
  TEXT_LOAD_DONE,   /* the whole file is in the document */
  TEXT_LOAD_FAILED, /* reading failed; the document has been cleared */
} TextLoadStatus;

/* Checks and opens @path for loading into @doc. Refuses, with the same errors
 * as text_loader_load() (G_FILE_ERROR for missing files and permissions, TEXT_FILE_ERROR
 * for folders, FIFOs, devices and files over @max_bytes; 0: no limit), and then
 * @doc is untouched. On success @doc is cleared: the loader appends paragraphs
 * to it as it reads. @doc must outlive the loader. Free with text_loader_free(). */
G_GNUC_WARN_UNUSED_RESULT TextLoader *text_loader_open(Document *doc, const char *path,
                                                       guint64 max_bytes, GError **error);

/* Reads and decodes at least one chunk, going on until @budget_us microseconds
 * have passed (<= 0: to the end of the file).
 * MORE: call again. DONE: the whole file is in the document, its line ending is
 * set (document_set_line_ending) and document_compact() was called; calling
 * again returns DONE. FAILED: @error says why (a read error, a line over 4 GiB,
 * more than 2^32-1 lines, ...) and the document has been cleared, so half a
 * file can never be saved over the whole one; calling again returns FAILED with
 * the same error. */
TextLoadStatus text_loader_step(TextLoader *loader, gint64 budget_us, GError **error);

/* How far reading is, 0..1: bytes read over the size at open (1 once DONE;
 * never decreases, also when the file grows or shrinks meanwhile). */
double text_loader_progress(const TextLoader *loader);
/* Bytes read so far. */
guint64 text_loader_bytes_read(const TextLoader *loader);
/* The file's size when it was opened. */
guint64 text_loader_size(const TextLoader *loader);
/* What the file is like: .stamp is valid from open, the rest is complete only
 * after DONE. Owned by the loader, valid until text_loader_free(). */
const TextFileInfo *text_loader_info(const TextLoader *loader);

/* Closes the file and frees the loader (NULL is a no-op). Before DONE the part
 * already read stays in the document: clear it or keep it, the caller's choice. */
void text_loader_free(TextLoader *loader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TextLoader, text_loader_free)

/* Replaces @doc's text with the file at @path and sets its line ending for new
 * paragraphs: text_loader_open(), then text_loader_step() to the end. @max_bytes:
 * refuse larger files (0: no limit). A warning for invalid bytes, or that the
 * file changed while it was read, is in @info (may be NULL), not an error.
 * Errors found before reading (missing, a folder or device, no permission, too
 * large) leave @doc as it was; errors while reading (a read error, a line over
 * 4 GiB, too many lines) leave it empty, so half a file is never mistaken for
 * the whole. @error says why in words a person can act on; @info is then
 * untouched. Memory: the document plus one read chunk, never the whole file. */
bool text_loader_load(Document *doc, const char *path, guint64 max_bytes, TextFileInfo *info,
                      GError **error);

#endif
