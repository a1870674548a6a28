/* draw.h — the window's frames: the text, the bar (question, prompt, loading,
 * message), the overlay, the cursor's blink; the title and the input method's
 * position follow each frame.
 *
 * A frame is drawn only when something changed (App.dirty). With the software
 * renderer the last frame stays in the window surface, so a blink redraws only
 * the cursor's cell. */
#ifndef GLYPHPAD_WINDOW_DRAW_H
#define GLYPHPAD_WINDOW_DRAW_H

#include "app.h"

#define DRAW_BLINK_MS 530        /* cursor blink half-period */
#define DRAW_BLINK_STOP_MS 15000 /* stop blinking (and waking) after this long idle */

/* Frame bookkeeping for a window with nothing drawn yet. Free with draw_free(). */
G_GNUC_WARN_UNUSED_RESULT Drawing *draw_new(void);
void draw_free(Drawing *drawing); /* NULL is a no-op */

/* Draws and presents a whole frame; takes the screenshot when asked
 * (--screenshot) and the file is in, then ends the loop. */
void draw_frame(App *app, guint64 now);
/* Marks the window dirty when the cursor's blink phase changed (the frame
 * then draws only the caret's cells where the renderer tracks damage). */
void draw_blink(App *app, guint64 now);
/* Milliseconds until the cursor's next blink, G_MAXUINT64 once it stopped. */
guint64 draw_blink_wait(const App *app, guint64 now);
/* The completion choices' line the last frame drew above the prompt, NULL
 * when none (owned by the window). */
const char *draw_choices_shown(const App *app);
/* When the last frame was drawn (app_now_ms). */
guint64 draw_last_frame_ms(const App *app);
/* Process start to the first frame showing text, ms; 0 until then. */
double draw_first_text_ms(const App *app);

#endif
