/* window_settings.h — what the window remembers between runs (settings.h): read
 * before the window opens, written when something in it changes (a toggle, a
 * typeface or size chosen for what is typed next, a file opened or saved) and
 * when the window closes (its size and position, the cursor in the open file).
 *
 * The command line wins over what is remembered: a remembered size fills in
 * only when --size was not given, and so on. A settings file that cannot be
 * read is copied to settings.ini.bad before anything is written over it, and
 * the bar says so. Writes are atomic (g_file_set_contents); a failed write is
 * said in the bar, once. */
#ifndef GLYPHPAD_WINDOW_SETTINGS_H
#define GLYPHPAD_WINDOW_SETTINGS_H

#include "app.h"
#include "settings.h"

/* Reads the settings file (settings_default_path) into a new Settings and
 * fills @effective: @given with the remembered values it did not give (its
 * strings are borrowed from @given and the Settings, which must outlive it).
 * @message gets a sentence for the bar when the file could not be read (g_free
 * it), else NULL. */
G_GNUC_WARN_UNUSED_RESULT Settings *window_settings_load(const CliOptions *given,
                                                         CliOptions *effective, char **message);

/* Writes the settings now. */
void window_settings_save(App *app);
/* A file was loaded: it goes first in the recent files, and the cursor goes
 * where it was when the file was last left. */
void window_settings_file_opened(App *app);
/* The open file was saved (perhaps under a new name): it goes first in the
 * recent files. */
void window_settings_file_saved(App *app);
/* The open file is about to be left (another opened, closed, the window
 * closing): remembers where its cursor is. */
void window_settings_leave_file(App *app);
/* @family at @points was chosen for what is typed next: new documents and the
 * next start use it. */
void window_settings_set_style(App *app, const char *family, int points);
/* The window closes: remembers its size, position and the cursor, and writes. */
void window_settings_closing(App *app);

#endif
