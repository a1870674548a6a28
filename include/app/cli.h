/* cli.h — the command line.
 *
 * `glyphpad [FILE] [--font FAMILY] [--size PX] [--no-flyweight] [--headless]
 *  [--stats[=json]] [--glyphs=json] [--width PX] [--height PX] [--budget BYTES] [--screenshot OUT.png]
 *  [--renderer NAME] [--stats-dump FILE] [--quit-after-ms MS] [--scale F] [--undo-limit MIB] [--version]`
 * — parsed with GOptionContext. Headless mode loads, measures every paragraph at the width,
 * lays out the first screen, prints the statistics and exits: the same code the
 * window runs, without SDL. */
#ifndef GLYPHPAD_CLI_H
#define GLYPHPAD_CLI_H

#include <glib.h>
#include <stdbool.h>

#define CLI_DEFAULT_FONT "DejaVu Sans"
#define CLI_DEFAULT_SIZE 16
#define CLI_MIN_SIZE 8
#define CLI_MAX_SIZE 96
#define CLI_DEFAULT_WIDTH 1280
#define CLI_DEFAULT_HEIGHT 800
#define CLI_MIN_DIMENSION 100 /* --width/--height range, pixels */
#define CLI_MAX_DIMENSION 20000
#define CLI_MIN_SCALE 1.0 /* --scale range (0 means automatic) */
#define CLI_MAX_SCALE 4.0
#define CLI_DEFAULT_BUDGET (G_GUINT64_CONSTANT(4) << 30) /* 4 GiB for going off */
#define CLI_DEFAULT_UNDO_LIMIT_MIB 64 /* --undo-limit: the editor's own default */
#define CLI_MIN_UNDO_LIMIT_MIB 1
#define CLI_MAX_UNDO_LIMIT_MIB 1048576 /* 1 TiB: no limit, in practice */
/* Files larger than this are refused before reading: a document costs at least
 * its own bytes again, and paragraphs are limited to 4 GiB. */
#define CLI_MAX_FILE_BYTES (G_GUINT64_CONSTANT(2) << 30)

typedef struct {
  char *file;        /* the document to open, or NULL */
  char *font;        /* family name */
  int size;          /* pixels (points in the window, scaled for HiDPI) */
  bool no_flyweight; /* start with sharing off */
  bool headless;     /* print statistics and exit */
  char *stats;       /* NULL, "text" or "json" */
  char *glyphs;      /* headless: NULL, or "json" to print the first screen's glyphs */
  int width, height; /* layout size in pixels */
  guint64 budget;    /* memory budget for going off, bytes */
  char *screenshot;  /* window: save a PNG after the first frame and exit */
  char *renderer;    /* window: "software", "opengl", ... or NULL for the default */
  char *stats_dump;  /* window: write JSON statistics here on exit and on F12 */
  int quit_after_ms; /* window: exit by itself after this long (tests), 0 never */
  double scale;      /* window: pixels per point (HiDPI); 0: what the platform reports */
  int undo_limit;    /* undo history kept, MiB; 0 (not from cli_parse): the default */
  bool version;      /* --version: print the version and exit */
  /* Which of these the command line gave: the window's remembered settings
   * (settings.h) fill in only the others. */
  bool font_given, size_given, width_given, height_given;
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

#endif
