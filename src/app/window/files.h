/* files.h — the window's file commands: open (loading in steps), save, save as,
 * and what waits for unsaved changes to be dealt with (quit, open another).
 *
 * Opening starts a TextLoader; the loop calls files_load_step() until the file
 * is in, so the first screen of a large file shows at once. Saving asks first
 * when it would replace a file another program changed, or another existing
 * file (Save As). Quitting or opening another document with unsaved changes
 * asks "Save them first?" and runs the action after the answer. */
#ifndef GLYPHPAD_WINDOW_FILES_H
#define GLYPHPAD_WINDOW_FILES_H

#include "app.h"

#define FILES_LOAD_STEP_US 12000 /* reading and decoding per loop turn while a file loads */

/* What to do once unsaved changes have been dealt with. */
typedef enum {
  FILES_ACTION_NONE,
  FILES_ACTION_QUIT,
  FILES_ACTION_OPEN_PROMPT,  /* ask for a path to open */
  FILES_ACTION_OPEN_PATH,    /* open a given path (a dropped file) */
} FilesAction;

/* The state of no file being loaded. Free with files_free(). */
G_GNUC_WARN_UNUSED_RESULT Files *files_new(void);
void files_free(Files *files); /* NULL is a no-op; stops a load in progress */

/* Starts loading @path ("~/" expanded) and reads the first step; false with a
 * message in the bar when it cannot be opened (a missing file named on the
 * command line becomes a new file instead). */
bool files_open_path(App *app, const char *path);
/* The window starts with no file: applies --no-flyweight, offers recovery. */
void files_start_untitled(App *app);
/* Whether a file is being loaded. */
bool files_loading(const App *app);
/* How far the load is, 0..1 (1 when none). */
double files_load_progress(const App *app);
/* Reads the next part of the file being loaded for about @budget_us; true
 * while there is more. */
bool files_load_step(App *app, gint64 budget_us);

/* Ctrl+S: saves to the file, or asks for a path when untitled. True when saved. */
bool files_save(App *app);
/* Ctrl+Shift+S: asks for a path and saves there. */
void files_save_as(App *app);
/* Saves to @path (asking first when that would replace someone else's change
 * or another file); true when saved. */
bool files_save_to(App *app, const char *path);
/* Runs @action, asking first about unsaved changes; @path for OPEN_PATH. */
void files_request(App *app, FilesAction action, const char *path);
/* The window got focus: says once if the file changed on disk. */
void files_check_disk(App *app);

#endif
