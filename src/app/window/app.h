/* app.h — the state one window shares among its modules (private to window/).
 *
 * The window is split by concern, and its modules call each other one way
 * (each arrow is an #include; the folder's layering test checks there is no cycle):
 *
 *   window          ─▶ input, draw, files, saving, window_recovery, window_settings,
 *                      stats_dump, findbar, keymap (the shortcut panel's lines, made once: App.keys),
 *                      flyweight_switch
 *   input           ─▶ keymap, commands, pathbar, findbar, question, saving, files,
 *                      flyweight_switch
 *   keymap          ─▶ commands, findbar         (the key table)
 *   commands        ─▶ saving, files, stats_dump, window_settings, flyweight_switch (what the keys do)
 *   stats_dump      ─▶ draw, files, findbar, question, flyweight_switch (--stats-dump)
 *   draw            ─▶ files, pathbar, findbar, question, flyweight_switch (frames, the bar, blinking)
 *   findbar         ─▶ app                       (find, replace, go to line)
 *   saving          ─▶ files, window_recovery, window_settings, pathbar, question
 *   files           ─▶ window_recovery, window_settings, flyweight_switch
 *   flyweight_switch                             (F2 in steps)
 *   window_recovery ─▶ question
 *   window_settings                              (what is remembered between runs)
 *   every module    ─▶ app                       (this header)
 *
 * saving asks its questions (unsaved, styles, overwrite, deleted, read-only)
 * and window_recovery its own (restore) through question.h's callbacks, so
 * question knows none of them; pathbar hands the typed path to a callback the
 * same way.
 *
 * Everything depends on this header. Each module keeps its own state behind an
 * opaque pointer here (files, saving, pathbar, input, drawing, recovery) and answers
 * questions about it through functions, so no module reaches into another's
 * fields. What several modules genuinely share — the session, the layout, the
 * dirty flag, the status message, the cursor's goal column, the queue of held
 * input and the input method's composition — lives in App itself. */
#ifndef GLYPHPAD_WINDOW_APP_H
#define GLYPHPAD_WINDOW_APP_H

#include <SDL.h>
#include <stdbool.h>

#include "atlas.h"
#include "keysheet.h"
#include "overlay.h"
#include "renderer.h"
#include "session.h"
#include "settings.h"
#include "uifont.h"

#define APP_MESSAGE_MS 4000 /* how long a message stays in the bar */
/* The view's width when lines do not wrap (Alt+Z): a line wraps only past it.
 * Wide enough for any line a person writes; small enough that a 10 MB line
 * still wraps, so no laid-out line holds millions of glyphs, and its 26.6
 * width stays far from overflowing. */
#define APP_NOWRAP_WIDTH 1000000

typedef struct Files Files;                     /* files.c */
typedef struct Saving Saving;                   /* saving.c */
typedef struct Question Question;               /* question.c: what a question asks */
typedef struct PathBar PathBar;                 /* pathbar.c */
typedef struct FindBar FindBar;                 /* findbar.c */
typedef struct Input Input;                     /* input.c */
typedef struct Drawing Drawing;                 /* draw.c */
typedef struct WindowRecovery WindowRecovery;   /* window_recovery.c */
typedef struct FlyweightSwitch FlyweightSwitch; /* flyweight_switch.c */

typedef struct App {
  const CliOptions *opts; /* not owned */
  SDL_Window *window;
  SDL_Renderer *sdl;
  Session *session; /* fonts, factory, editor, view */
  GlyphAtlas *atlas;
  UiFont *font; /* labels: status line, bars, overlay */
  Renderer *renderer;
  Overlay *overlay;
  RendererLayout layout;  /* areas in output pixels (the text area unscrolled: see scroll_x) */
  int scroll_x;           /* lines not wrapping: pixels of text scrolled off the left edge */
  int gutter_digits;      /* the line-number gutter's width in digits, 0: no gutter */
  int bar_rows;           /* rows the bar above the status line takes (app_layout keeps them) */
  bool keep_cursor_shown; /* after a resize: the cursor's line stays in view while the
                           * paragraphs are measured again (until the user scrolls) */
  float density;          /* output pixels per point: text, margins, sizes */
  float pixel_ratio;      /* output pixels per window coordinate (mouse, IME rectangle);
                              * equals density unless --scale sets density on X11, whose
                              * windows are in pixels */
  bool running;           /* the loop goes on */
  bool dirty;             /* something changed: draw a frame */
  bool overlay_on;        /* F1 */
  bool keys_on;           /* F10: the shortcut panel over the window */
  KeySheet *keys;         /* the shortcut panel's lines, from the key table (keymap.c) */
  bool sharing_map_on;    /* F6: glyphs tinted by their Glyph's reference count */
  bool atlas_view_on;     /* F8: the atlas pages over the text */
  bool inspect_mode;      /* F7: the inspector's card follows the pointer */
  bool inspect_shown;     /* the card is shown for the glyph at inspect_x, inspect_y */
  int inspect_x;          /* where the inspector points, output pixels (Alt+click, F7) */
  int inspect_y;
  guint64 start_ms;       /* when the window opened */
  guint64 quit_at_ms;     /* --quit-after-ms deadline, 0 none */
  guint64 blink_start_ms; /* the cursor was last reset (shown) at this time */
  int goal_x;             /* pen x that up/down keep, -1 when unset */
  GArray *held;           /* events that wait (a load, a question), in order: input.c */
  GString *composition;   /* what the input method is composing (not document text yet):
                              * input.c sets it, draw.c shows it */
  char *message;          /* shown in the bar until message_until_ms */
  bool message_error;
  guint64 message_until_ms;
  Files *files;             /* the open file: loading, reloading */
  Saving *saving;           /* saving and what waits for it */
  const Question *question; /* the bar's open question, or NULL */
  guint32 question_ticks;   /* SDL_GetTicks() when the open question was first drawn, 0: not yet */
  PathBar *pathbar;         /* the path prompt (Open:, Save as:) */
  FindBar *findbar;         /* find, replace, go to line */
  Input *input;             /* mouse drags, the composition, keys' timing */
  Drawing *drawing;         /* frame timing, blink phase, title */
  WindowRecovery *recovery; /* recovery file writer and the restore question */
  Settings *settings;       /* what is remembered between runs (window_settings.c; not owned) */
  bool settings_failed;     /* the last write of the settings failed (said once) */
  FlyweightSwitch *flyweight; /* F2 done in steps */
  double max_stall_ms;        /* the longest turn of the loop (input not handled), since it began */
} App;

/* Monotonic milliseconds. */
guint64 app_now_ms(void);
/* Shows a message in the bar for APP_MESSAGE_MS; @error draws it as an error. */
void app_message(App *app, bool error, const char *format, ...) G_GNUC_PRINTF(3, 4);
/* Drops the message early (it expired). */
void app_clear_message(App *app);
/* Input happened: show the cursor (restart its blink) and redraw. */
void app_touch(App *app);
/* After an edit or a move: scroll to the cursor, show it, redraw. */
void app_after_edit(App *app);
/* Lays the window out again (its size, the gutter, word wrap): the areas and
 * the view's size (a new width re-measures the paragraphs, in steps). */
void app_layout(App *app);
/* Lays out again when the gutter needs another digit (the document grew). */
void app_fit_gutter(App *app);
/* The layout as drawn: the text area moved left by the horizontal scroll. */
RendererLayout app_scrolled_layout(const App *app);

#endif
