/* prompt.h — completing a file path typed in the window's prompt (Ctrl+O, save as).
 *
 * Pure GLib, no SDL: the window keeps the text being typed and asks this module
 * what Tab should turn it into. */
#ifndef GLYPHPAD_PROMPT_H
#define GLYPHPAD_PROMPT_H

#include <glib.h>

/* Completes @partial (a path; "~/" means the home directory) against the files
 * in its directory: to the one match (with "/" after a directory), or to the
 * longest prefix all matches share. @n_matches (may be NULL) receives how many
 * names matched; @listing (may be NULL) up to a few of them, space separated.
 * Returns a new string (the input unchanged when nothing matches). Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *prompt_complete_path(const char *partial, guint *n_matches,
                                                     char **listing);

/* @path with a leading "~/" expanded. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *prompt_expand_path(const char *path);

#endif
