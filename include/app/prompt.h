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

/* The same, giving every matching name (sorted; not the directory part) in
 * *@matches: what the prompt lists. Free the array with g_ptr_array_unref. */
G_GNUC_WARN_UNUSED_RESULT char *prompt_complete_path_all(const char *partial, GPtrArray **matches);

/* Completes @partial against @names (e.g. font families; sorted): those that
 * start with it, ignoring ASCII case, go in *@matches (in @names' order); the
 * answer is the one match, or the longest prefix they all share (with the
 * first match's spelling), or @partial itself when nothing matches. Free the
 * result with g_free, *@matches with g_ptr_array_unref. */
G_GNUC_WARN_UNUSED_RESULT char *prompt_complete_choice(const char *partial, const GPtrArray *names,
                                                       GPtrArray **matches);
/* The name in @names that @typed means: the one equal to it ignoring ASCII
 * case, else the only one it starts, else NULL. Owned by @names. */
const char *prompt_choice_named(const char *typed, const GPtrArray *names);

/* @path with a leading "~/" expanded. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *prompt_expand_path(const char *path);

#endif
