/* text_loader.c — loading a file into a Document in bounded steps.
 *
 * Open: stat() the path and refuse what is not a regular file within the size
 * limit before open() (opening a FIFO would block), then check again with
 * fstat() on the descriptor (the path may have changed in between) and take
 * the file's stamp from it. Only then is the document cleared, so every error
 * a person is likely to hit leaves it as it was.
 *
 * Steps: read(2) one chunk of TEXT_LOADER_CHUNK bytes into a buffer the loader
 * owns, feed it to a TextDecoder whose callback appends each finished
 * paragraph to the document (valid UTF-8 straight from the buffer), and go on
 * until the time budget is used. A read returning 0 is the end: whatever the
 * file's size was at open, so a file truncated meanwhile ends early and one
 * that grew is read on, but never past the size limit. Then fstat() again:
 * a different size or mtime, or a byte count different from the size at
 * open, sets changed_while_loading. Any failure while reading clears the
 * document: a partial text must never be saved over the whole file.
 *
 * Memory: the document, one chunk and the decoder's tail (the paragraph cut
 * by the chunk's end), never a copy of the whole file. No mapping: a file
 * truncated while mapped would kill the editor with SIGBUS.
 *
 * text_loader_load() runs a TextLoader to the end. */
#include "text_loader.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text_decoder.h"

struct TextLoader {
  Document *doc;         /* filled as the file is read; not owned */
  char *name;            /* the path for messages (display form) */
  int fd;                /* the open file */
  guint64 size;          /* its size at open */
  guint64 limit;         /* never read past this many bytes (max_bytes or no limit) */
  guint64 bytes_read;    /* bytes read so far */
  guint64 paragraphs;    /* paragraphs appended so far, for the limits */
  char *chunk;           /* the read buffer, TEXT_LOADER_CHUNK bytes */
  TextDecoder *decoder;  /* bytes -> paragraphs; calls loader_paragraph */
  TextFileInfo info;     /* .stamp from open; the rest once DONE */
  TextLoadStatus status; /* MORE until the end or a failure */
  GError *failure;       /* why it FAILED, given again by later steps */
};

/* ------------------------------------------------------------------------ */
/* Checks                                                                   */
/* ------------------------------------------------------------------------ */

/* Turns an errno from stat/open of @path into a GError a person can act on. */
static void set_open_error(GError **error, int errnum, const char *path)
{
  g_autofree char *name = g_filename_display_name(path);
  GFileError code = g_file_error_from_errno(errnum);
  if (errnum == ENOENT)
    g_set_error(error, G_FILE_ERROR, code, "“%s” does not exist", name);
  else if (errnum == EACCES || errnum == EPERM)
    g_set_error(error, G_FILE_ERROR, code,
                "No permission to read “%s” (check the file's and its folders' permissions)", name);
  else
    g_set_error(error, G_FILE_ERROR, code, "Could not open “%s”: %s", name, g_strerror(errnum));
}

/* Refuses what is not a regular file of at most @max_bytes (0: any size). */
static bool check_stat(const struct stat *st, const char *path, guint64 max_bytes, GError **error)
{
  g_autofree char *name = g_filename_display_name(path);
  if (S_ISDIR(st->st_mode)) {
    g_set_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_NOT_REGULAR, "“%s” is a folder, not a file",
                name);
    return false;
  }
  if (!S_ISREG(st->st_mode)) {
    g_set_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_NOT_REGULAR,
                "“%s” is not a regular file (it is a device, pipe or socket)", name);
    return false;
  }
  guint64 size = (guint64)st->st_size;
  if ((max_bytes > 0 && size > max_bytes) || size > G_MAXSIZE) {
    g_autofree char *have = g_format_size_full(size, G_FORMAT_SIZE_LONG_FORMAT);
    g_autofree char *limit = g_format_size_full(max_bytes > 0 ? max_bytes : G_MAXSIZE,
                                                G_FORMAT_SIZE_LONG_FORMAT);
    g_set_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_TOO_LARGE,
                "“%s” is %s, over the %s limit for opening files", name, have, limit);
    return false;
  }
  return true;
}

/* ------------------------------------------------------------------------ */
/* Opening                                                                  */
/* ------------------------------------------------------------------------ */

/* Opens @path read-only after checking it; fills @st from the descriptor.
 * -1 with @error. */
static int open_checked(const char *path, guint64 max_bytes, struct stat *st, GError **error)
{
  if (g_stat(path, st) != 0) {
    set_open_error(error, errno, path);
    return -1;
  }
  /* Checked before open(): opening a FIFO would block. */
  if (!check_stat(st, path, max_bytes, error))
    return -1;
  int fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) {
    set_open_error(error, errno, path);
    return -1;
  }
  /* Checked again on the descriptor: the path may have changed since stat(). */
  if (fstat(fd, st) != 0) {
    set_open_error(error, errno, path);
  } else if (check_stat(st, path, max_bytes, error)) {
    return fd;
  }
  close(fd);
  return -1;
}

/* Counts a paragraph, refusing what the document cannot hold with a message
 * naming the line. */
static bool count_paragraph(TextLoader *loader, gsize len, GError **error)
{
  loader->paragraphs++;
  if (len >= G_MAXUINT32) {
    g_set_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_TOO_LARGE,
                "Line %" G_GUINT64_FORMAT " is longer than 4 GiB, more than one line can hold",
                loader->paragraphs);
    return false;
  }
  if (loader->paragraphs >= G_MAXUINT32) {
    g_set_error(error, TEXT_FILE_ERROR, TEXT_FILE_ERROR_TOO_LARGE,
                "The file has more than %u lines, more than a document can hold", G_MAXUINT32);
    return false;
  }
  return true;
}

/* The decoder's callback: appends one paragraph. */
static bool loader_paragraph(const char *utf8, gsize len, LineEnding ending, void *user_data,
                             GError **error)
{
  TextLoader *loader = user_data;
  return count_paragraph(loader, len, error) &&
         document_append_paragraph(loader->doc, utf8, len, ending, error);
}

/* A long line the decoder collected: the document takes its buffer. */
static bool loader_take_paragraph(char *utf8, gsize len, LineEnding ending, void *user_data,
                                  GError **error)
{
  TextLoader *loader = user_data;
  if (!count_paragraph(loader, len, error)) {
    g_free(utf8);
    return false;
  }
  return document_append_paragraph_take(loader->doc, utf8, len, ending, error);
}

TextLoader *text_loader_open(Document *doc, const char *path, guint64 max_bytes, GError **error)
{
  g_return_val_if_fail(doc != NULL, NULL);
  g_return_val_if_fail(path != NULL, NULL);
  struct stat st;
  int fd = open_checked(path, max_bytes, &st, error);
  if (fd < 0)
    return NULL;
  /* A hint only: the kernel may read ahead further. */
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  TextLoader *loader = g_new0(TextLoader, 1);
  loader->doc = doc;
  loader->name = g_filename_display_name(path);
  loader->fd = fd;
  loader->size = (guint64)st.st_size;
  loader->limit = max_bytes > 0 ? max_bytes : G_MAXUINT64;
  loader->chunk = g_malloc(TEXT_LOADER_CHUNK);
  loader->decoder = text_decoder_new(loader_paragraph, loader);
  text_decoder_set_take(loader->decoder, loader_take_paragraph);
  text_file_stamp_from_stat(&st, &loader->info.stamp);
  loader->status = TEXT_LOAD_MORE;
  document_clear(doc);
  return loader;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */
/* ------------------------------------------------------------------------ */

/* Reads the next chunk into loader->chunk: its length, 0 at the end (or at the
 * size limit), -1 with @error. */
static gssize read_chunk(TextLoader *loader, GError **error)
{
  guint64 want = MIN((guint64)TEXT_LOADER_CHUNK, loader->limit - loader->bytes_read);
  if (want == 0)
    return 0;
  gssize n;
  do {
    n = read(loader->fd, loader->chunk, (gsize)want);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    int errnum = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errnum),
                "reading failed after %" G_GUINT64_FORMAT " bytes: %s (is the disk or "
                "network share still there?)",
                loader->bytes_read, g_strerror(errnum));
    return -1;
  }
  loader->bytes_read += (guint64)n;
  return n;
}

/* Ends in failure: clears the document and remembers why. Takes @local. */
static TextLoadStatus loader_fail(TextLoader *loader, GError *local, GError **error)
{
  document_clear(loader->doc);
  g_prefix_error(&local, "Could not load “%s”: ", loader->name);
  loader->failure = g_error_copy(local);
  loader->status = TEXT_LOAD_FAILED;
  g_propagate_error(error, local);
  return TEXT_LOAD_FAILED;
}

/* Whether the file differs, now that it is read, from when it was opened. */
static bool file_changed(const TextLoader *loader)
{
  struct stat st;
  if (fstat(loader->fd, &st) != 0)
    return true; /* cannot tell: say so rather than claim it is intact */
  TextFileStamp now;
  text_file_stamp_from_stat(&st, &now);
  const TextFileStamp *then = &loader->info.stamp;
  return now.size != then->size || now.mtime_ns != then->mtime_ns ||
         loader->bytes_read != then->size;
}

/* The end of the file: emits the last paragraph and settles the document. */
static TextLoadStatus loader_finish(TextLoader *loader, GError **error)
{
  GError *local = NULL;
  TextFileInfo info;
  if (!text_decoder_finish(loader->decoder, &info, &local))
    return loader_fail(loader, local, error);
  info.stamp = loader->info.stamp;
  info.changed_while_loading = file_changed(loader);
  loader->info = info;
  document_set_line_ending(loader->doc, info.ending);
  document_compact(loader->doc); /* give back the paragraph array's growth room */
  loader->status = TEXT_LOAD_DONE;
  return TEXT_LOAD_DONE;
}

TextLoadStatus text_loader_step(TextLoader *loader, gint64 budget_us, GError **error)
{
  g_return_val_if_fail(loader != NULL, TEXT_LOAD_FAILED);
  if (loader->status == TEXT_LOAD_FAILED)
    g_propagate_error(error, g_error_copy(loader->failure));
  if (loader->status != TEXT_LOAD_MORE)
    return loader->status;
  gint64 start = g_get_monotonic_time();
  do {
    GError *local = NULL;
    gssize n = read_chunk(loader, &local);
    if (n < 0)
      return loader_fail(loader, local, error);
    if (n == 0)
      return loader_finish(loader, error);
    if (!text_decoder_feed(loader->decoder, loader->chunk, (gsize)n, &local))
      return loader_fail(loader, local, error);
  } while (budget_us <= 0 || g_get_monotonic_time() - start < budget_us);
  return TEXT_LOAD_MORE;
}

/* ------------------------------------------------------------------------ */
/* Queries                                                                  */
/* ------------------------------------------------------------------------ */

double text_loader_progress(const TextLoader *loader)
{
  g_return_val_if_fail(loader != NULL, 0.0);
  if (loader->status == TEXT_LOAD_DONE)
    return 1.0;
  if (loader->size == 0)
    return 0.0;
  return MIN(1.0, (double)loader->bytes_read / (double)loader->size);
}

guint64 text_loader_bytes_read(const TextLoader *loader)
{
  g_return_val_if_fail(loader != NULL, 0);
  return loader->bytes_read;
}

guint64 text_loader_size(const TextLoader *loader)
{
  g_return_val_if_fail(loader != NULL, 0);
  return loader->size;
}

const TextFileInfo *text_loader_info(const TextLoader *loader)
{
  g_return_val_if_fail(loader != NULL, NULL);
  return &loader->info;
}

void text_loader_free(TextLoader *loader)
{
  if (loader == NULL)
    return;
  close(loader->fd);
  text_decoder_free(loader->decoder);
  g_free(loader->chunk);
  g_free(loader->name);
  if (loader->failure != NULL)
    g_error_free(loader->failure);
  g_free(loader);
}

/* ------------------------------------------------------------------------ */
/* The whole file at once                                                   */
/* ------------------------------------------------------------------------ */

bool text_loader_load(Document *doc, const char *path, guint64 max_bytes, TextFileInfo *info,
                      GError **error)
{
  g_return_val_if_fail(doc != NULL, false);
  g_return_val_if_fail(path != NULL, false);
  g_autoptr(TextLoader) loader = text_loader_open(doc, path, max_bytes, error);
  if (loader == NULL)
    return false;
  TextLoadStatus status;
  while ((status = text_loader_step(loader, 0, error)) == TEXT_LOAD_MORE) {
  }
  if (status != TEXT_LOAD_DONE)
    return false;
  if (info != NULL)
    *info = *text_loader_info(loader);
  return true;
}
