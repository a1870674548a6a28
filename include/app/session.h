/* session.h — everything one open document needs, shared by headless mode and
 * the window: fonts, the glyph factory, the editor (which owns the document),
 * the view, and how the file was encoded. Pure GLib, no SDL. */
#ifndef GLYPHPAD_SESSION_H
#define GLYPHPAD_SESSION_H

#include <glib.h>
#include <stdbool.h>
#include "cli.h"
#include "editor.h"
#include "glyph_factory.h"
#include "layout.h"
#include "shaper.h"
#include "word_cache.h"
#include "memstats.h"
#include "stats_writer.h"
#include "text_file.h"
#include "typeface.h"
#include "view.h"

/* Everything one open document needs, shared by headless mode and the window. */
typedef struct {
  TypefaceSet *typefaces; /* owns the fonts */
  GlyphFactory *factory;  /* owns the glyphs */
  Shaper *shaper;         /* HarfBuzz shaping, with the segmenter (clusters, words, lines) */
  WordCache *words;       /* shaped words: the second flyweight */
  Layout *layout;         /* paragraphs into lines and glyphs */
  StyleId style;          /* the default (typeface, size) */
  Editor *editor;         /* owns the document */
  View *view;             /* heights and the first screen */
  TextFileInfo info;      /* how the file was encoded (and whether it is styled) */
  double density;         /* document pixels per point (the window's pixel density; 1
                             * headless): styled files keep sizes in points (CSS px) */
  char *path;             /* the file, or NULL for a new document */
  guint64 heap_empty;     /* heap in use with the empty document, before loading */
  guint64 rss_empty;      /* resident set then */
  double load_ms;         /* reading and decoding the file (and going off, if asked) */
  double sharing_ms;      /* of it, rebinding for --no-flyweight */
  double first_screen_ms; /* making the view and laying out the first screen */
  double layout_ms;       /* first screen plus measuring every paragraph
                             * (session_measure_all; 0 until then) */
} Session;

/* Sets up fonts, factory (printable ASCII pinned), editor (its undo history
 * kept to @opts->undo_limit MiB; 0: the editor's default) and view, and loads
 * @opts->file when given; with @opts->no_flyweight turns sharing off after
 * loading. Lays out the first screen only: the window measures the rest
 * incrementally, headless mode calls session_measure_all(). NULL with @error
 * when the font cannot be found, the file cannot be read, or going off would
 * exceed @opts->budget (DOCUMENT_ERROR_OVER_BUDGET: the window may retry with
 * the flyweight on). Free with session_free(). */
G_GNUC_WARN_UNUSED_RESULT Session *session_new(const CliOptions *opts, GError **error);
void session_free(Session *session); /* NULL is a no-op */

/* Loads @path into the session's editor (undo cleared, cursor at the start);
 * on failure the document is unchanged. Sets load_ms. */
bool session_load(Session *session, const char *path, GError **error);

/* After a file was read into @doc (the session's document, or a scratch one
 * made on the session's factory): when it is a styled file glyphpad wrote
 * (styled_html.h), turns its source lines into the styled text and sets
 * @info->format; otherwise leaves both alone. False with @error (naming the
 * file's line) when a styled file cannot be read back; @doc then still holds
 * the source lines, as plain text. */
bool session_read_format(Session *session, Document *doc, TextFileInfo *info, GError **error);

/* The style for @family at @css_px CSS pixels (points), at the session's
 * density; STYLE_NONE when the family is not installed. A StyledHtmlResolve
 * with the session as its data. */
StyleId session_resolve_style(const char *family, double css_px, void *session);

/* Measures every paragraph at the view's width and lays out the first screen;
 * sets layout_ms (including first_screen_ms). */
void session_measure_all(Session *session);

/* Adds the session's statistics to @writer (not owned; left open, so the
 * window can add its own members to the same object before finishing it):
 * MemStats's rows (memstats_write), then heap_bytes_empty, rss_bytes_empty,
 * load_ms, sharing_ms, first_screen_ms, layout_ms, document_utf8_bytes,
 * private_estimate_bytes, invalid_bytes, undo_bytes, undo_limit_bytes,
 * undo_steps_dropped, file, font, size, width, height and
 * the list "styles" of per-style glyph counts. Measures the heap now. */
void session_stats_write(Session *session, StatsWriter *writer);

/* The statistics (session_stats_write) as one JSON object on one line.
 * Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *session_stats_json(Session *session);
/* The same as a readable text table, lines ending in "\n". Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *session_stats_text(Session *session);

#endif
