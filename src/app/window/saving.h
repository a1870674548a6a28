/* saving.h — saving, and what waits for unsaved changes to be dealt with.
 *
 * A save is a short conversation when it has to be: it asks before it would
 *  - lose typefaces and sizes (plain text of a styled document): save a styled
 *    copy (.html, read back by glyphpad) or the text only — and then the
 *    document stays marked modified, since what was kept is not all of it;
 *  - replace a file another program changed since it was opened (or reload it
 *    instead), recreate one it deleted, or replace another existing file (Save As);
 *  - overwrite a read-only file.
 * The write itself keeps the file's inode, links, owner, group and mode
 * (text_saver.h, file_writer.h). A failed save says why in the bar, keeps the
 * document modified, and when it was answering "Save them first?" (quit, open
 * another file) that question comes back with the reason, still answerable.
 * Quitting or opening another document with unsaved changes asks first and runs
 * the action after the answer. */
#ifndef GLYPHPAD_WINDOW_SAVING_H
#define GLYPHPAD_WINDOW_SAVING_H

#include "app.h"

/* What to do once unsaved changes have been dealt with. */
typedef enum {
  SAVING_ACTION_NONE,
  SAVING_ACTION_QUIT,
  SAVING_ACTION_OPEN_PROMPT, /* ask for a path to open */
  SAVING_ACTION_OPEN_PATH,   /* open a given path (a dropped file) */
  SAVING_ACTION_CLOSE, /* close the document: an empty untitled one instead (Ctrl+N, Ctrl+W) */
} SavingAction;

/* Nothing pending, nothing confirmed. Free with saving_free(). */
G_GNUC_WARN_UNUSED_RESULT Saving *saving_new(void);
void saving_free(Saving *saving); /* NULL is a no-op */

/* Ctrl+S: saves to the file in its format, or asks for a path when untitled.
 * True when saved now (false also when a question or the prompt is open). */
bool saving_save(App *app);
/* Ctrl+Shift+S: asks for a path and saves there. */
void saving_save_as(App *app);
/* Runs @action, asking first about unsaved changes; @path for OPEN_PATH. */
void saving_request(App *app, SavingAction action, const char *path);

#endif
