/* app_internal.h — the window's state, shared by app.c (set-up, loop, drawing,
 * files) and app_events.c (one handler per SDL event kind). Not a public header:
 * only the ui library's app files include it. */
#ifndef GLYPHPAD_APP_INTERNAL_H
#define GLYPHPAD_APP_INTERNAL_H

#include <SDL.h>
#include <stdbool.h>
#include "window.h"
#include "atlas.h"
#include "overlay.h"
#include "renderer.h"
#include "screenshot.h"
#include "text_loader.h"
#include "text_saver.h"
#include "uifont.h"

#define APP_BLINK_MS 530           /* cursor blink half-period */
#define APP_BLINK_STOP_MS 15000    /* stop blinking (and waking) after this long idle */
#define APP_MESSAGE_MS 4000        /* how long a message stays in the bar */
#define APP_MEASURE_BUDGET (G_GUINT64_CONSTANT(2) << 20) /* bytes measured per loop turn */
#define APP_LOAD_STEP_US 12000     /* reading and decoding per loop turn while a file loads */
#define APP_ANSWER_DELAY_MS 400   /* a question takes y/n only after being shown this long */
#define APP_RECOVERY_MS 2000       /* unsaved changes reach the recovery file within about this */

typedef enum {
  APP_MODE_EDIT,     /* keys go to the editor */
  APP_MODE_PROMPT,   /* keys edit the path prompt */
  APP_MODE_CONFIRM,  /* the unsaved-changes question: y / n / c (Esc) */
  APP_MODE_OVERWRITE,/* the file changed on disk: overwrite it? y / n (Esc) */
  APP_MODE_RECOVER,  /* a crashed session's changes were found: restore? y / n */
} AppMode;

typedef enum {
  APP_PROMPT_OPEN,     /* Enter opens the path */
  APP_PROMPT_SAVE_AS,  /* Enter saves to the path */
} AppPromptKind;

/* What to do once unsaved changes have been dealt with. */
typedef enum {
  APP_ACTION_NONE,
  APP_ACTION_QUIT,
  APP_ACTION_OPEN_PROMPT,  /* ask for a path to open */
  APP_ACTION_OPEN_PATH,    /* open pending_path (a dropped file) */
} AppAction;

typedef struct AppRecovery AppRecovery; /* app_recovery.c's state */

typedef struct {
  const CliOptions *opts;    /* not owned */
  SDL_Window *window;
  SDL_Renderer *sdl;
  Session *session;          /* fonts, factory, editor, view */
  GlyphAtlas *atlas;
  UiFont *font;              /* labels: status line, bars, overlay */
  Renderer *renderer;
  Overlay *overlay;
  RendererLayout layout;     /* areas in output pixels */
  float density;             /* output pixels per point: text, margins, sizes */
  bool keeps_frame;          /* the renderer keeps the last frame (software): blinks redraw
                              * only the cursor's cell */
  float pixel_ratio;         /* output pixels per window coordinate (mouse, IME rectangle);
                              * equals density unless --scale sets density on X11, whose
                              * windows are in pixels */
  bool running;              /* the loop goes on */
  bool dirty;                /* something changed: draw a frame */
  bool overlay_on;           /* F1 */
  guint64 blink_start_ms;    /* the cursor was last reset (shown) at this time */
  bool cursor_drawn;         /* the blink phase of the last frame */
  guint64 last_draw_ms;      /* when the last frame was drawn */
  int goal_x;                /* pen x that up/down keep, -1 when unset */
  bool selecting;            /* mouse button held in the text */
  bool dragging_thumb;       /* mouse button held on the scrollbar thumb */
  int thumb_grab;            /* where in the thumb it was grabbed, pixels */
  AppMode mode;
  AppPromptKind prompt_kind;
  GString *prompt;           /* the path being typed */
  guint32 last_key_ticks;    /* timestamp of the last key pressed (SDL ticks) */
  guint32 question_ticks;    /* SDL_GetTicks() when the open question was first drawn, 0: none */
  bool swallow_text;         /* the key just pressed answered a question: drop its text */
  GString *composition;      /* what the input method is composing (not document text yet) */
  SDL_Rect input_rect;       /* where the composition was last said to be, window points */
  AppAction pending;         /* runs after the unsaved-changes question */
  char *pending_path;        /* for APP_ACTION_OPEN_PATH */
  char *message;             /* shown in the bar until message_until_ms */
  bool message_error;
  guint64 message_until_ms;
  char *title;               /* the window title set last */
  double frame_ms;           /* time to draw the last frame */
  guint64 start_ms;          /* when the window opened */
  guint64 quit_at_ms;        /* --quit-after-ms deadline, 0 none */
  TextLoader *loader;        /* the file being loaded a step per loop turn, or NULL */
  GArray *held;              /* SDL_Events that wait for the load to finish, in order */
  guint64 load_start_ms;     /* when the current load started */
  bool start_sharing_done;   /* --no-flyweight has been applied (to the first file) */
  char *overwrite_path;      /* the save waiting for the overwrite question */
  bool overwrite_confirmed;  /* the next save may replace a file changed on disk */
  TextFileStamp warned_stamp;/* the on-disk change last reported, so it is said once */
  double first_text_ms;      /* process start to the first frame showing text, 0 until then */
  AppRecovery *recovery;     /* recovery file writer and the restore question, or NULL */
} App;

/* app.c */
guint64 app_now_ms(void);
void app_message(App *app, bool error, const char *format, ...) G_GNUC_PRINTF(3, 4);
void app_touch(App *app);                      /* input happened: show cursor, redraw */
void app_after_edit(App *app);                 /* scroll to the cursor, redraw */
void app_resize(App *app);                     /* the output size changed */
bool app_open_path(App *app, const char *path); /* starts loading; false with a message */
bool app_loading(const App *app);
bool app_save(App *app);                       /* Ctrl+S: saves, or asks for a path */
bool app_save_to(App *app, const char *path);
void app_request(App *app, AppAction action, const char *path); /* asks first if modified */
void app_run_action(App *app, AppAction action);
void app_start_prompt(App *app, AppPromptKind kind);
void app_check_disk(App *app);                 /* says once if the file changed on disk */
void app_write_stats(App *app);                /* --stats-dump */
void app_toggle_flyweight(App *app);           /* F2 */
void app_cycle_typeface(App *app);             /* Ctrl+T */
void app_change_size(App *app, int direction); /* Ctrl+= / Ctrl+- */

/* app_events.c */
void app_handle_event(App *app, const SDL_Event *event);

/* app_recovery.c */
void app_recovery_tick(App *app, guint64 now);      /* snapshots unsaved changes now and then */
guint64 app_recovery_wait(const App *app, guint64 now); /* ms until it must tick, G_MAXUINT64 none */
void app_recovery_opened(App *app);  /* a document was opened: drop the old entry, offer a lost one */
void app_recovery_forget(App *app);  /* saved or discarded: remove our recovery entry */
void app_recovery_key(App *app, SDL_Keycode sym);   /* y / n to the restore question */
char *app_recovery_question(const App *app);        /* the question's text; g_free it */
void app_recovery_close(App *app);   /* waits for a write in progress, frees everything */

#endif
