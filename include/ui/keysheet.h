/* keysheet.h — the shortcut panel: every key binding, grouped, drawn over the
 * window.
 *
 * The ui layer does not know the key table (the window's keymap.c builds the
 * rows from it, so the panel cannot go stale); it lays the rows out in columns,
 * each group under its heading, on an opaque dark panel covering the window
 * but for a margin, and clips what does not fit. */
#ifndef GLYPHPAD_KEYSHEET_H
#define GLYPHPAD_KEYSHEET_H

#include <SDL.h>
#include <glib.h>
#include "uifont.h"

/* One line of the panel: a binding, or a group's heading (@key NULL, the
 * heading in @what). */
typedef struct {
  const char *key;  /* "Ctrl+Shift+S", or NULL for a heading */
  const char *what; /* what it does, or the heading */
} KeySheetRow;

/* The panel's lines and the strings they point to. */
typedef struct {
  GArray *rows;       /* KeySheetRow, in order */
  GPtrArray *strings; /* what the rows point to that the sheet owns */
  char *toggle_key;   /* the key that shows and hides the panel ("F10"), or NULL */
} KeySheet;

/* An empty sheet. Free with keysheet_free(). */
G_GNUC_WARN_UNUSED_RESULT KeySheet *keysheet_new(void);
void keysheet_free(KeySheet *sheet); /* NULL is a no-op */
/* Appends a heading (@key NULL) or a binding; @key and @what must outlive the
 * sheet (static strings, or strings given to keysheet_own). */
void keysheet_add(KeySheet *sheet, const char *key, const char *what);
/* Keeps @string (taken) as long as the sheet; returns it. */
const char *keysheet_own(KeySheet *sheet, char *string);
/* The lines as text: a heading, then "  KEY\tWHAT" per binding. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *keysheet_text(const KeySheet *sheet);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(KeySheet, keysheet_free)

/* Draws @title and @rows with @font (@density output pixels per point) over an
 * output of @width x @height pixels. */
void keysheet_draw(UiFont *font, SDL_Renderer *sdl, float density, const char *title,
                   const KeySheetRow *rows, guint n, int width, int height);

#endif
