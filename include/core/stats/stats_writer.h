/* stats_writer.h — one description of a statistic, three ways to print it.
 *
 * A statistic is a StatsRow: its JSON member name, the label and note of its
 * text row, its unit, how to read it from a source struct (an offset or a
 * getter). A table of rows over one source
 * (MemStats: memstats_rows(); the session's and the window's own figures) is
 * the only place a statistic is named. A StatsWriter turns the same sequence
 * of calls into one JSON object (--stats=json, --stats-dump) or a text table
 * (--stats):
 *
 *   g_autoptr(StatsWriter) w = stats_writer_new_json();
 *   memstats_write(&stats, w);                     // rows of MemStats
 *   stats_writer_add_rows(w, rows, n_rows, &mine); // more members, same object
 *   g_autofree char *json = stats_writer_finish(w);
 *
 * The object is built from start to end; nothing is cut off and re-opened.
 * Numbers in JSON are written with g_ascii_formatd, so '.' whatever the locale. */
#ifndef GLYPHPAD_STATS_WRITER_H
#define GLYPHPAD_STATS_WRITER_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* A value's type and how each back end formats it. */
typedef enum {
  STATS_FLAG,  /* bool: true/false in JSON, on/off in text */
  STATS_COUNT, /* guint64: an integer everywhere */
  STATS_BYTES, /* guint64: an integer in JSON and text */
  STATS_MS,    /* double milliseconds: %.3f in JSON, %.1f in text */
  STATS_RATIO, /* double: %.4f in JSON, %.3f in text */
  STATS_TEXT,  /* const char *: a JSON string, or null for NULL */
} StatsUnit;

/* One value; the member that is set follows the row's unit. */
typedef union {
  bool flag;        /* STATS_FLAG */
  guint64 count;    /* STATS_COUNT, STATS_BYTES */
  double number;    /* STATS_MS, STATS_RATIO */
  const char *text; /* STATS_TEXT: not owned, NULL for none */
} StatsValue;

/* Computes a row's value from its source (the struct the table describes). */
typedef StatsValue (*StatsGetter)(const void *source);

/* One statistic. Tables of these are const arrays; see memstats.c. */
typedef struct {
  const char *name;  /* JSON member name, e.g. "glyphs_pinned" */
  const char *label; /* text row label, e.g. "glyphs pinned" */
  const char *note;  /* text after the value, e.g. "printable ASCII"; NULL for none */
  StatsUnit unit;    /* type and format of the value */
  size_t offset;     /* where the value lies in the source (typed by unit), when get is NULL */
  StatsGetter get;   /* computes the value from the source; NULL: read it at offset */
} StatsRow;

/* Builds one JSON object or one text table. */
typedef struct StatsWriter StatsWriter;

/* A writer of one JSON object on one line. Free with stats_writer_free(). */
G_GNUC_WARN_UNUSED_RESULT StatsWriter *stats_writer_new_json(void);
/* A writer of a text table: @title (may be NULL) on the first line, then a
 * line "  label  value  note" per row. Free with stats_writer_free(). */
G_GNUC_WARN_UNUSED_RESULT StatsWriter *stats_writer_new_text(const char *title);
void stats_writer_free(StatsWriter *writer); /* NULL is a no-op */

/* Adds the member @row with @value (the source is the caller's own). */
void stats_writer_add(StatsWriter *writer, const StatsRow *row, StatsValue value);
/* Adds each of @rows[0..@n_rows) with its value read from @source (not NULL). */
void stats_writer_add_rows(StatsWriter *writer, const StatsRow *rows, gsize n_rows,
                           const void *source);

/* Opens a list member @name (text: a row @label), then adds an item per
 * stats_writer_add_item() — in JSON an object of @rows read from @source, in
 * text one indented line — until stats_writer_end_list(). Lists do not nest. */
void stats_writer_begin_list(StatsWriter *writer, const char *name, const char *label);
void stats_writer_add_item(StatsWriter *writer, const StatsRow *rows, gsize n_rows,
                           const void *source);
void stats_writer_end_list(StatsWriter *writer);

/* Closes the object and returns the whole output (text: lines
 * ending in "\n"; JSON: one line, no newline). No member may be added after.
 * Free the result with g_free and the writer with stats_writer_free(). */
G_GNUC_WARN_UNUSED_RESULT char *stats_writer_finish(StatsWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(StatsWriter, stats_writer_free)

#endif
