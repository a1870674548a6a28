/* cli.h — the command line, and the headless mode that tests and benchmarks use.
 *
 * `glyphpad [FILE] [--font FAMILY] [--size PX] [--no-flyweight] [--headless]
 *  [--stats[=json]] [--width PX] [--height PX] [--budget BYTES] [--screenshot OUT.png]
 *  [--renderer NAME] [--stats-dump FILE] [--quit-after-ms MS] [--scale F]` — parsed with
 * GOptionContext. Headless mode loads, measures every paragraph at the width,
 * lays out the first screen, prints the statistics and exits: the same code the
 * window runs, without SDL. */
#ifndef GLYPHPAD_CLI_H
#define GLYPHPAD_CLI_H

#include <glib.h>
#include <stdbool.h>
#include "editor.h"
#include "glyph_factory.h"
#include "memstats.h"
#include "textio.h"
#include "typeface.h"
#include "view.h"

#define CLI_DEFAULT_FONT "DejaVu Sans"
#define CLI_DEFAULT_SIZE 16
#define CLI_MIN_SIZE 8
#define CLI_MAX_SIZE 96
#define CLI_DEFAULT_WIDTH 1280
#define CLI_DEFAULT_HEIGHT 800
#define CLI_MIN_DIMENSION 100    /* --width/--height range, pixels */
#define CLI_MAX_DIMENSION 20000
#define CLI_MIN_SCALE 1.0        /* --scale range (0 means automatic) */
#define CLI_MAX_SCALE 4.0
#define CLI_DEFAULT_BUDGET (G_GUINT64_CONSTANT(4) << 30) /* 4 GiB for going off */
/* Files larger than this are refused before reading: a document costs at least
 * its own bytes again, and paragraphs are limited to 4 GiB. */
#define CLI_MAX_FILE_BYTES (G_GUINT64_CONSTANT(2) << 30)

typedef struct {
  char *file;          /* the document to open, or NULL */
  char *font;          /* family name */
  int size;            /* pixels (points in the window, scaled for HiDPI) */
  bool no_flyweight;   /* start with sharing off */
  bool headless;       /* print statistics and exit */
  char *stats;         /* NULL, "text" or "json" */
  int width, height;   /* layout size in pixels */
  guint64 budget;      /* memory budget for going off, bytes */
  char *screenshot;    /* window: save a PNG after the first frame and exit */
  char *renderer;      /* window: "software", "opengl", ... or NULL for the default */
  char *stats_dump;    /* window: write JSON statistics here on exit and on F12 */
  int quit_after_ms;   /* window: exit by itself after this long (tests), 0 never */
  double scale;        /* window: pixels per point (HiDPI); 0: what the platform reports */
} CliOptions;

/* Fills @opts from the command line (defaults for what is not given); @argv
 * is not modified. False with @error (G_OPTION_ERROR) on a bad option or a
 * value out of range, with a message that says the range. --help prints the
 * usage and exits the process (GOptionContext's behaviour). Free with
 * cli_options_clear(), also after a failure. */
bool cli_parse(int argc, char **argv, CliOptions *opts, GError **error);
void cli_options_clear(CliOptions *opts);

/* Parses a byte count with an optional binary suffix: "4096", "512K", "512M",
 * "4G", "1T" (also "4GiB", "4GB", lower case). False when it is not one or
 * overflows. */
bool cli_parse_bytes(const char *text, guint64 *out);

/* Everything one open document needs, shared by headless mode and the window. */
typedef struct {
  TypefaceSet *typefaces;   /* owns the fonts */
  GlyphFactory *factory;    /* owns the glyphs */
  StyleId style;            /* the default (typeface, size) */
  Editor *editor;           /* owns the document */
  View *view;               /* heights and the first screen */
  TextFileInfo info;        /* how the file was encoded */
  char *path;               /* the file, or NULL for a new document */
  guint64 heap_empty;       /* heap in use with the empty document, before loading */
  guint64 rss_empty;        /* resident set then */
  double load_ms;           /* reading and decoding the file (and going off, if asked) */
  double sharing_ms;        /* of it, rebinding for --no-flyweight */
  double first_screen_ms;   /* making the view and laying out the first screen */
  double layout_ms;         /* first screen plus measuring every paragraph
                             * (session_measure_all; 0 until then) */
} Session;

/* Sets up fonts, factory (printable ASCII pinned), editor and view, and loads
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

/* Measures every paragraph at the view's width and lays out the first screen;
 * sets layout_ms (including first_screen_ms). */
void session_measure_all(Session *session);

/* The statistics as one JSON object (memstats_to_json plus heap_bytes_empty,
 * rss_bytes_empty, load_ms, layout_ms, the font, file and per-style glyph
 * counts). Measures the heap now. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *session_stats_json(Session *session);
/* The same as a readable text table, lines ending in "\n". Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *session_stats_text(Session *session);

/* Runs headless mode: returns the process exit status (0 success, 1 failure
 * with a one-line message on stderr). */
int cli_run_headless(const CliOptions *opts);

#endif
