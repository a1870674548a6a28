/* settings.h — what the window remembers between runs, in
 * $XDG_CONFIG_HOME/glyphpad/settings.ini (a GKeyFile):
 *
 *   [text]     font, size (points), word_wrap, line_numbers
 *   [window]   width, height (points), x, y (when known)
 *   [recent]   files: the most recently opened or saved files, newest first
 *   [cursors]  files: "LINE:COLUMN:URI" of the last cursor in each file, newest first
 *
 * Paths are stored as file:// URIs, so a file name that is not UTF-8 survives
 * (a key file holds UTF-8 only). Both lists are bounded (SETTINGS_MAX_*): the
 * oldest entries go. A value that cannot be read (a syntax error, a size out
 * of range, a word that is not a boolean) is reported, never fatal: the loader
 * keeps what it could read and the defaults for the rest, and says what was
 * wrong so the window can keep a copy of the file and tell the user.
 *
 * Pure GLib (no SDL), so the unit tests link it. */
#ifndef GLYPHPAD_SETTINGS_H
#define GLYPHPAD_SETTINGS_H

#include <glib.h>
#include <stdbool.h>

#define SETTINGS_MAX_RECENT 10   /* recent files kept */
#define SETTINGS_MAX_CURSORS 200 /* files whose last cursor position is kept */
#define SETTINGS_MIN_SIZE 8      /* text size range, points (as --size) */
#define SETTINGS_MAX_SIZE 96
#define SETTINGS_MIN_DIMENSION 100 /* window size range, points (as --width/--height) */
#define SETTINGS_MAX_DIMENSION 20000

typedef struct {
  char *font;        /* family name, or NULL: the default */
  int size;          /* text size in points, 0: the default */
  int width, height; /* the window's size in points, 0: the default */
  int x, y;          /* the window's position, when has_position */
  bool has_position;
  bool word_wrap;    /* lines wrap at the window's width (default true) */
  bool line_numbers; /* the line-number gutter is shown (default false) */
  GPtrArray *recent; /* char * paths (not URIs), newest first, at most SETTINGS_MAX_RECENT */
  GArray *cursors;   /* SettingsCursor, newest first, at most SETTINGS_MAX_CURSORS */
  bool read_only;    /* the file is never written over (its owner could not keep a copy
                      * of an unreadable one); settings_save itself ignores it */
} Settings;

/* Where the cursor was in a file when it was last left. */
typedef struct {
  char *path;     /* the file (a path in the file system's encoding) */
  guint32 line;   /* paragraph, 0-based */
  guint64 column; /* character in the paragraph, 0-based */
} SettingsCursor;

/* The defaults: nothing remembered, word wrap on, no gutter. Free with settings_free(). */
G_GNUC_WARN_UNUSED_RESULT Settings *settings_new(void);
void settings_free(Settings *settings); /* NULL is a no-op */

/* $XDG_CONFIG_HOME/glyphpad/settings.ini (g_get_user_config_dir). g_free it. */
G_GNUC_WARN_UNUSED_RESULT char *settings_default_path(void);

/* Reads @path into @settings. A missing file is no error (the defaults stay).
 * Returns false when something in the file could not be read: @problem then
 * gets a sentence saying what (g_free it), and @settings holds what could be
 * read (nothing, after a syntax error) with the defaults for the rest. */
bool settings_load(Settings *settings, const char *path, char **problem);

/* Writes @settings to @path atomically (g_file_set_contents: a new file
 * renamed over the old one), creating its folder. False with @error. */
bool settings_save(const Settings *settings, const char *path, GError **error);

/* Keeps a copy of the unreadable file @path as @path.bad (replacing an older
 * copy), so writing the settings later loses nothing the user wrote. Returns
 * the copy's path (g_free it), or NULL with @error. */
G_GNUC_WARN_UNUSED_RESULT char *settings_keep_bad_copy(const char *path, GError **error);

/* Puts @path first in the recent files (moving it there if listed). */
void settings_add_recent(Settings *settings, const char *path);
/* Remembers the cursor in @path (first in the list, replacing its old entry). */
void settings_set_cursor(Settings *settings, const char *path, guint32 line, guint64 column);
/* The cursor last remembered in @path; false when none is. */
bool settings_get_cursor(const Settings *settings, const char *path, guint32 *line,
                         guint64 *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Settings, settings_free)

#endif
