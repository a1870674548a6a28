/* stats_writer.c — StatsRows written as JSON or as a text table.
 *
 * A writer is a back end (a const table of five functions: add a member,
 * open a list, add a list item, close the list, close the output) and the
 * output built so far. The JSON
 * back end opens the object when made and closes it in stats_writer_finish(),
 * so members from several tables (MemStats, the session, the window) land in
 * one object in the order they are added, separated by ", " on one line. The
 * text back end writes a line per member and an indented line per list item.
 * Values are read from a source struct by
 * the row's getter or, without one, at the row's offset, by memcpy so that
 * neither alignment nor aliasing matters. */
#include "stats_writer.h"

#include <string.h>

/* What one output format does at each step. */
typedef struct {
  void (*member)(StatsWriter *w, const StatsRow *row, StatsValue value);   /* a top-level member */
  void (*begin_list)(StatsWriter *w, const char *name, const char *label); /* opens a list */
  void (*item)(StatsWriter *w, const StatsRow *rows, gsize n, const void *source); /* one item */
  void (*end_list)(StatsWriter *w); /* closes the list */
  void (*finish)(StatsWriter *w);   /* closes the output */
} StatsBackend;

struct StatsWriter {
  const StatsBackend *backend; /* JSON or text */
  GString *out;                /* the output so far */
  guint members;               /* top-level members written (JSON: a comma before the next) */
  guint items;                 /* items written in the open list */
  bool in_list;                /* between begin_list and end_list */
  bool finished;               /* stats_writer_finish was called: nothing more may be added */
};

/* The value of @row in @source: its getter's, or the one stored at its offset. */
static StatsValue read_value(const StatsRow *row, const void *source)
{
  if (row->get != NULL)
    return row->get(source);
  const char *at = (const char *)source + row->offset;
  StatsValue value = {0};
  switch (row->unit) {
  case STATS_FLAG:
    memcpy(&value.flag, at, sizeof value.flag);
    break;
  case STATS_COUNT:
  case STATS_BYTES:
    memcpy(&value.count, at, sizeof value.count);
    break;
  case STATS_MS:
  case STATS_RATIO:
    memcpy(&value.number, at, sizeof value.number);
    break;
  case STATS_TEXT:
    memcpy(&value.text, at, sizeof value.text);
    break;
  }
  return value;
}

/* ------------------------------------------------------------------ JSON */

/* @s as a JSON string literal, quoted and escaped (control characters as
 * \u00XX); NULL as null. */
static void json_string(GString *out, const char *s)
{
  if (s == NULL) {
    g_string_append(out, "null");
    return;
  }
  g_string_append_c(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
    switch (*p) {
    case '"':
      g_string_append(out, "\\\"");
      break;
    case '\\':
      g_string_append(out, "\\\\");
      break;
    case '\n':
      g_string_append(out, "\\n");
      break;
    case '\r':
      g_string_append(out, "\\r");
      break;
    case '\t':
      g_string_append(out, "\\t");
      break;
    default:
      if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf(out, "\\u%04x", *p);
      else
        g_string_append_c(out, (char)*p);
    }
  }
  g_string_append_c(out, '"');
}

static void json_value(GString *out, StatsUnit unit, StatsValue value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE]; /* '.' whatever the locale: it is JSON */
  switch (unit) {
  case STATS_FLAG:
    g_string_append(out, value.flag ? "true" : "false");
    break;
  case STATS_COUNT:
  case STATS_BYTES:
    g_string_append_printf(out, "%" G_GUINT64_FORMAT, value.count);
    break;
  case STATS_MS:
    g_string_append(out, g_ascii_formatd(number, sizeof number, "%.3f", value.number));
    break;
  case STATS_RATIO:
    g_string_append(out, g_ascii_formatd(number, sizeof number, "%.4f", value.number));
    break;
  case STATS_TEXT:
    json_string(out, value.text);
    break;
  }
}

/* "name": value, after ", " unless it is the first of its object. */
static void json_pair(GString *out, bool first, const char *name, StatsUnit unit, StatsValue value)
{
  if (!first)
    g_string_append(out, ", ");
  json_string(out, name);
  g_string_append(out, ": ");
  json_value(out, unit, value);
}

static void json_member(StatsWriter *w, const StatsRow *row, StatsValue value)
{
  json_pair(w->out, w->members++ == 0, row->name, row->unit, value);
}

static void json_begin_list(StatsWriter *w, const char *name, const char *label)
{
  if (w->members++ > 0)
    g_string_append(w->out, ", ");
  json_string(w->out, name);
  g_string_append(w->out, ": [");
}

static void json_item(StatsWriter *w, const StatsRow *rows, gsize n, const void *source)
{
  g_string_append(w->out, w->items > 0 ? ", {" : "{");
  for (gsize i = 0; i < n; i++)
    json_pair(w->out, i == 0, rows[i].name, rows[i].unit, read_value(&rows[i], source));
  g_string_append_c(w->out, '}');
}

static void json_end_list(StatsWriter *w)
{
  g_string_append_c(w->out, ']');
}

static void json_finish(StatsWriter *w)
{
  g_string_append_c(w->out, '}');
}

static const StatsBackend json_backend = {json_member, json_begin_list, json_item, json_end_list,
                                          json_finish};

/* ------------------------------------------------------------------ text */

/* @value right-aligned in @width characters (0: as narrow as it is). */
static void text_value(GString *out, StatsUnit unit, StatsValue value, int width)
{
  switch (unit) {
  case STATS_FLAG:
    g_string_append_printf(out, "%*s", width, value.flag ? "on" : "off");
    break;
  case STATS_COUNT:
  case STATS_BYTES:
    g_string_append_printf(out, "%*" G_GUINT64_FORMAT, width, value.count);
    break;
  case STATS_MS:
    g_string_append_printf(out, "%*.1f", width, value.number);
    break;
  case STATS_RATIO:
    g_string_append_printf(out, "%*.3f", width, value.number);
    break;
  case STATS_TEXT:
    g_string_append_printf(out, "%*s", width, value.text != NULL ? value.text : "-");
    break;
  }
}

static void text_member(StatsWriter *w, const StatsRow *row, StatsValue value)
{
  g_string_append_printf(w->out, "  %-22s ", row->label);
  text_value(w->out, row->unit, value, 16);
  if (row->note != NULL && row->note[0] != '\0')
    g_string_append_printf(w->out, "  %s", row->note);
  g_string_append_c(w->out, '\n');
}

static void text_begin_list(StatsWriter *w, const char *name, const char *label)
{
  g_string_append_printf(w->out, "  %s\n", label);
}

/* "    label value, label value, ..." */
static void text_item(StatsWriter *w, const StatsRow *rows, gsize n, const void *source)
{
  g_string_append(w->out, "    ");
  for (gsize i = 0; i < n; i++) {
    g_string_append_printf(w->out, "%s%s ", i > 0 ? ", " : "", rows[i].label);
    text_value(w->out, rows[i].unit, read_value(&rows[i], source), 0);
  }
  g_string_append_c(w->out, '\n');
}

/* The text back end needs nothing at this step. */
static void nothing(StatsWriter *w)
{
}

static const StatsBackend text_backend = {text_member, text_begin_list, text_item, nothing,
                                          nothing};

/* ------------------------------------------------------------------ writer */

static StatsWriter *writer_new(const StatsBackend *backend)
{
  StatsWriter *w = g_new0(StatsWriter, 1);
  w->backend = backend;
  w->out = g_string_new(NULL);
  return w;
}

StatsWriter *stats_writer_new_json(void)
{
  StatsWriter *w = writer_new(&json_backend);
  g_string_append_c(w->out, '{');
  return w;
}

StatsWriter *stats_writer_new_text(const char *title)
{
  StatsWriter *w = writer_new(&text_backend);
  if (title != NULL)
    g_string_append_printf(w->out, "%s\n", title);
  return w;
}

void stats_writer_free(StatsWriter *writer)
{
  if (writer == NULL)
    return;
  g_string_free(writer->out, TRUE);
  g_free(writer);
}

void stats_writer_add(StatsWriter *writer, const StatsRow *row, StatsValue value)
{
  g_return_if_fail(writer != NULL && row != NULL);
  g_return_if_fail(!writer->finished && !writer->in_list);
  writer->backend->member(writer, row, value);
}

void stats_writer_add_rows(StatsWriter *writer, const StatsRow *rows, gsize n_rows,
                           const void *source)
{
  g_return_if_fail(rows != NULL || n_rows == 0);
  g_return_if_fail(source != NULL);
  for (gsize i = 0; i < n_rows; i++)
    stats_writer_add(writer, &rows[i], read_value(&rows[i], source));
}

void stats_writer_begin_list(StatsWriter *writer, const char *name, const char *label)
{
  g_return_if_fail(writer != NULL && name != NULL && label != NULL);
  g_return_if_fail(!writer->finished && !writer->in_list);
  writer->backend->begin_list(writer, name, label);
  writer->in_list = true;
  writer->items = 0;
}

void stats_writer_add_item(StatsWriter *writer, const StatsRow *rows, gsize n_rows,
                           const void *source)
{
  g_return_if_fail(writer != NULL && writer->in_list);
  g_return_if_fail((rows != NULL || n_rows == 0) && source != NULL);
  writer->backend->item(writer, rows, n_rows, source);
  writer->items++;
}

void stats_writer_end_list(StatsWriter *writer)
{
  g_return_if_fail(writer != NULL && writer->in_list);
  writer->backend->end_list(writer);
  writer->in_list = false;
}

char *stats_writer_finish(StatsWriter *writer)
{
  g_return_val_if_fail(writer != NULL, NULL);
  g_return_val_if_fail(!writer->finished && !writer->in_list, NULL);
  writer->backend->finish(writer);
  writer->finished = true;
  return g_strdup(writer->out->str);
}
