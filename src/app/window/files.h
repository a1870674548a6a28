/* files.h — the window's open file: opening (loading in steps), reloading it,
 * and noticing that another program changed or deleted it. Saving is saving.h.
 *
 * Opening starts a TextLoader; the loop calls files_load_step() until the file
 * is in, so the first screen of a large file shows at once. A styled file
 * glyphpad wrote (styled_html.h) gets its typefaces and sizes back once it is
 * in. Reloading replaces the text by the file's as one step that Ctrl+Z takes
 * back. */
#ifndef GLYPHPAD_WINDOW_FILES_H
#define GLYPHPAD_WINDOW_FILES_H

#include "app.h"

#define FILES_LOAD_STEP_US 12000 /* reading and decoding per loop turn while a file loads */

/* The state of no file being loaded. Free with files_free(). */
G_GNUC_WARN_UNUSED_RESULT Files *files_new(void);
void files_free(Files *files); /* NULL is a no-op; stops a load in progress */

/* Starts loading @path ("~/" expanded) and reads the first step; false with a
 * message in the bar when it cannot be opened (a missing file named on the
 * command line becomes a new file instead). */
bool files_open_path(App *app, const char *path);
/* Ctrl+N, Ctrl+W (once unsaved changes were dealt with): the open document
 * goes (its cursor remembered), an empty untitled one takes its place. */
void files_close(App *app);
/* The window starts with no file: applies --no-flyweight, offers recovery. */
void files_start_untitled(App *app);
/* Whether a file is being loaded. */
bool files_loading(const App *app);
/* How far the load is, 0..1 (1 when none). */
double files_load_progress(const App *app);
/* Reads the next part of the file being loaded for about @budget_us; true
 * while there is more. */
bool files_load_step(App *app, gint64 budget_us);

/* Whether @path is the open file and another program changed, replaced or
 * deleted it since it was loaded or last saved here; @now gets its stamp. */
bool files_changed_on_disk(const App *app, const char *path, TextFileStamp *now);
/* Reads the open file again, replacing the text as one undoable step; false
 * with a message in the bar when it cannot. */
bool files_reload(App *app);
/* The window got focus: says once if the file changed on disk. */
void files_check_disk(App *app);

#endif
