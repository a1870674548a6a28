/* stats_dump.c — the window's statistics file (stats_dump.h).
 *
 * One JSON object built by one StatsWriter from start to end: the session's
 * members (session_stats_write: MemStats's table, the session's, the styles),
 * then the window's own, read once into a WindowStats and written through the
 * table below. A figure the window adds is a field there and a row here. */
#include "stats_dump.h"

#include <stddef.h>

#include "draw.h"
#include "files.h"
#include "findbar.h"
#include "flyweight_switch.h"
#include "question.h"
#include "stats_writer.h"

/* What the window adds to the session's statistics, read once per dump. */
typedef struct {
  AtlasStats atlas;         /* the glyph atlas: slots, evictions, pages */
  guint64 glyph_draw_calls; /* glyph draw calls of the last frame */
  guint64 glyph_quads;      /* glyph quads of the last frame */
  bool modified;            /* the document differs from its file */
  bool loading;             /* a file is still being read */
  guint64 held_events;      /* input held until the load ends */
  const char *question;     /* the open question's name (question_name), NULL for none */
  const char *message;      /* the bar's message now, NULL for none */
  const char *find_bar;     /* the find bar's rows, NULL when it is closed */
  double first_text_ms;     /* exec to the first text on screen (draw_first_text_ms) */
  char *keys_panel;         /* the shortcut panel's lines while it is shown, else NULL */
  const char *choices;      /* the completion choices' line on screen, NULL for none */
  guint64 scroll_y;         /* the view's top, pixels into the document */
  guint64 cursor_line;      /* the cursor's paragraph, 1-based */
  guint64 cursor_column;    /* its character in the paragraph, 1-based */
  bool cursor_on_screen;    /* the cursor's line is inside the text area */
  bool word_wrap;           /* Alt+Z */
  bool line_numbers;        /* Ctrl+Shift+L */
  guint64 scroll_x;         /* pixels scrolled sideways (word wrap off) */
  bool flyweight_switching; /* F2's switch has steps left */
  double max_stall_ms;      /* the longest turn of the loop since it began */
} WindowStats;

#define WINDOW(member) .offset = offsetof(WindowStats, member)

/* The window's members, after the session's. */
static const StatsRow window_rows[] = {
    {"atlas_slots", "atlas slots", NULL, STATS_COUNT, WINDOW(atlas.slots)},
    {"atlas_evictions", "atlas evictions", NULL, STATS_COUNT, WINDOW(atlas.evictions)},
    {"atlas_pages", "atlas pages", NULL, STATS_COUNT, WINDOW(atlas.pages)},
    {"glyph_draw_calls", "glyph draw calls", "last frame", STATS_COUNT, WINDOW(glyph_draw_calls)},
    {"glyph_quads", "glyph quads", "last frame", STATS_COUNT, WINDOW(glyph_quads)},
    {"modified", "modified", NULL, STATS_FLAG, WINDOW(modified)},
    {"loading", "loading", NULL, STATS_FLAG, WINDOW(loading)},
    {"held_events", "held events", "input waiting for the load", STATS_COUNT, WINDOW(held_events)},
    {"question", "question", NULL, STATS_TEXT, WINDOW(question)},
    {"message", "message", "in the bar", STATS_TEXT, WINDOW(message)},
    {"find_bar", "find bar", "its rows", STATS_TEXT, WINDOW(find_bar)},
    {"first_text_ms", "first text", "ms", STATS_MS, WINDOW(first_text_ms)},
    {"keys_panel", "keys panel", "F10, while shown", STATS_TEXT, WINDOW(keys_panel)},
    {"choices", "choices", "listed above the prompt", STATS_TEXT, WINDOW(choices)},
    {"scroll_y", "scroll", "px", STATS_COUNT, WINDOW(scroll_y)},
    {"cursor_line", "cursor line", "1-based", STATS_COUNT, WINDOW(cursor_line)},
    {"cursor_column", "cursor column", "1-based", STATS_COUNT, WINDOW(cursor_column)},
    {"cursor_on_screen", "cursor on screen", NULL, STATS_FLAG, WINDOW(cursor_on_screen)},
    {"word_wrap", "word wrap", NULL, STATS_FLAG, WINDOW(word_wrap)},
    {"line_numbers", "line numbers", NULL, STATS_FLAG, WINDOW(line_numbers)},
    {"scroll_x", "scrolled sideways", "px", STATS_COUNT, WINDOW(scroll_x)},
    {"flyweight_switching", "flyweight switching", "F2, in steps", STATS_FLAG,
     WINDOW(flyweight_switching)},
    {"max_stall_ms", "longest stall", "ms without handling input", STATS_MS, WINDOW(max_stall_ms)},
};

/* Whether the cursor's whole line is inside the text area. */
static bool cursor_on_screen(App *app)
{
  int x, height;
  gint64 top;
  View *view = app->session->view;
  return view_point_of_pos(view, editor_cursor(app->session->editor), &x, &top, &height) &&
         top >= 0 && top + height <= view_height(view);
}

static void window_stats_read(App *app, WindowStats *out)
{
  atlas_get_stats(app->atlas, &out->atlas);
  out->glyph_draw_calls = renderer_glyph_draw_calls(app->renderer);
  out->glyph_quads = renderer_glyph_quads(app->renderer);
  out->modified = editor_modified(app->session->editor);
  out->loading = files_loading(app);
  out->held_events = app->held->len;
  out->question = question_name(app);
  out->message = app->message;
  out->first_text_ms = draw_first_text_ms(app);
  out->keys_panel = app->keys_on ? keysheet_text(app->keys) : NULL;
  out->choices = draw_choices_shown(app);
  out->scroll_y = (guint64)view_scroll_y(app->session->view);
  DocPos cursor = editor_cursor(app->session->editor);
  out->cursor_line = cursor.para + 1;
  out->cursor_column = document_char_index(editor_document(app->session->editor), cursor) + 1;
  out->cursor_on_screen = cursor_on_screen(app);
  out->word_wrap = app->settings->word_wrap;
  out->line_numbers = app->settings->line_numbers;
  out->scroll_x = (guint64)MAX(app->scroll_x, 0);
  out->flyweight_switching = flyweight_switch_busy(app);
  out->max_stall_ms = app->max_stall_ms;
}

bool stats_dump_write(App *app)
{
  if (app->opts->stats_dump == NULL)
    return false;
  WindowStats window;
  window_stats_read(app, &window);
  bool find_error;
  g_autofree char *find_bar = findbar_active(app) ? findbar_bar_text(app, &find_error) : NULL;
  window.find_bar = find_bar;
  g_autoptr(StatsWriter) writer = stats_writer_new_json();
  session_stats_write(app->session, writer);
  stats_writer_add_rows(writer, window_rows, G_N_ELEMENTS(window_rows), &window);
  g_free(window.keys_panel);
  g_autofree char *json = stats_writer_finish(writer);
  g_autofree char *line = g_strconcat(json, "\n", NULL);
  g_autoptr(GError) error = NULL;
  if (!g_file_set_contents(app->opts->stats_dump, line, -1, &error)) {
    app_message(app, true, "Cannot write statistics: %s", error->message);
    return false;
  }
  return true;
}
