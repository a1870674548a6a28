/* window_recovery.h — the window's side of recovery files (recovery.h): unsaved
 * changes written now and then by a worker thread, and the question that offers
 * a crashed session's changes when its document is opened again. */
#ifndef GLYPHPAD_WINDOW_RECOVERY_H
#define GLYPHPAD_WINDOW_RECOVERY_H

#include "app.h"

#define WINDOW_RECOVERY_MS 2000 /* unsaved changes reach the recovery file within about this */

/* Snapshots unsaved changes when due; call every loop turn, not while loading. */
void window_recovery_tick(App *app, guint64 now);
/* Milliseconds until window_recovery_tick() must run, G_MAXUINT64 for none. */
guint64 window_recovery_wait(const App *app, guint64 now);
/* A document was opened (or the window starts untitled): drops the previous
 * document's entry and asks about a lost one of this document, if any. */
void window_recovery_opened(App *app);
/* Saved or discarded: removes our recovery entry. */
void window_recovery_forget(App *app);
/* Waits for a write in progress and frees everything. */
void window_recovery_close(App *app);

#endif
