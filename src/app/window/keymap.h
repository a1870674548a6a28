/* keymap.h — the key table: which key, with which modifiers, runs which command.
 *
 * Adding a keyboard command is one row in keymap.c's table plus its function
 * (commands.c, or wherever what it does lives). Modifiers are matched exactly,
 * except those a row lists as free (Shift extending a selection, say). */
#ifndef GLYPHPAD_WINDOW_KEYMAP_H
#define GLYPHPAD_WINDOW_KEYMAP_H

#include "commands.h"
#include "keysheet.h"

/* The modifiers a binding looks at; either Ctrl, Shift or Alt key counts. */
typedef enum {
  KEYMAP_CTRL = 1 << 0,
  KEYMAP_SHIFT = 1 << 1,
  KEYMAP_ALT = 1 << 2,
  KEYMAP_ANY = KEYMAP_CTRL | KEYMAP_SHIFT | KEYMAP_ALT,
} KeymapMods;

typedef struct {
  SDL_Keycode key;
  KeymapMods mods;  /* held, exactly (apart from @free) */
  KeymapMods free;  /* may be held or not */
  bool always;      /* also while a question is open (not in the path prompt) */
  Command run;      /* NULL: a heading for the rows after it (the shortcut panel) */
  const char *what; /* what it does, in a few words; or the heading */
} KeyBinding;

/* The modifiers of an SDL key event, as the table sees them. */
KeymapMods keymap_mods(SDL_Keymod mod);
/* The binding of @key with @mods held, or NULL. */
const KeyBinding *keymap_lookup(SDL_Keycode key, KeymapMods mods);

/* The shortcut panel's lines, made from the table: its headings, and each
 * binding's keys and what it does (rows running one command with one
 * description share a line); its toggle_key is F10's row's. Free with
 * keysheet_free(). */
G_GNUC_WARN_UNUSED_RESULT KeySheet *keymap_sheet_new(void);

#endif
