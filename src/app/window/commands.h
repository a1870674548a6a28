/* commands.h — what the keys do: one function per command, named after it.
 *
 * Every command has the same shape, so the key table (keymap.c) can hold
 * them: it gets the window and whether Shift was held (movement extends the
 * selection with it). Typed text goes through commands_insert_text(). */
#ifndef GLYPHPAD_WINDOW_COMMANDS_H
#define GLYPHPAD_WINDOW_COMMANDS_H

#include "app.h"

typedef void (*Command)(App *app, bool shift);

/* Inserts @utf8 at the cursor (replacing the selection); a refusal (too
 * large) is said in the bar. */
void commands_insert_text(App *app, const char *utf8);

/* Movement (Shift extends the selection). */
void commands_left(App *app, bool shift);
void commands_right(App *app, bool shift);
void commands_word_left(App *app, bool shift);
void commands_word_right(App *app, bool shift);
void commands_up(App *app, bool shift);
void commands_down(App *app, bool shift);
void commands_page_up(App *app, bool shift);
void commands_page_down(App *app, bool shift);
void commands_line_start(App *app, bool shift);
void commands_line_end(App *app, bool shift);
void commands_doc_start(App *app, bool shift);
void commands_doc_end(App *app, bool shift);

/* Editing. */
void commands_newline(App *app, bool shift);
void commands_tab(App *app, bool shift); /* with a selection over lines: indents them */
void commands_unindent(App *app, bool shift);
void commands_delete_word_back(App *app, bool shift); /* Ctrl+Backspace */
void commands_delete_word(App *app, bool shift);      /* Ctrl+Delete */
void commands_backspace(App *app, bool shift);
void commands_delete(App *app, bool shift);
void commands_select_all(App *app, bool shift);
void commands_copy(App *app, bool shift);
void commands_cut(App *app, bool shift);
void commands_paste(App *app, bool shift);
void commands_undo(App *app, bool shift);
void commands_redo(App *app, bool shift);

/* Files. */
void commands_open(App *app, bool shift);
void commands_save(App *app, bool shift);
void commands_save_as(App *app, bool shift);
void commands_reload(App *app, bool shift);
/* Ctrl+N and Ctrl+W: an empty untitled document in this window (asking first
 * about unsaved changes): in a window of one document, starting a new one and
 * closing this one are the same act. Ctrl+Q: quit (asking first only when
 * unsaved). */
void commands_new(App *app, bool shift);
void commands_quit(App *app, bool shift);

/* The view, remembered in the settings: Alt+Z word wrap, Ctrl+Shift+L the
 * line-number gutter. */
void commands_toggle_wrap(App *app, bool shift);
void commands_toggle_line_numbers(App *app, bool shift);

/* Styles: the typeface cycle and the size steps, for the selection or what is
 * typed next. */
void commands_cycle_typeface(App *app, bool shift);
/* The font picker: a prompt of the installed families, with completion. */
void commands_pick_typeface(App *app, bool shift);
/* The size given at start (--size). */
void commands_default_size(App *app, bool shift);
void commands_bigger(App *app, bool shift);
void commands_smaller(App *app, bool shift);

/* The flyweight: F1 shows the overlay, F2 turns sharing off or on, F12 writes
 * the statistics (--stats-dump). */
void commands_toggle_overlay(App *app, bool shift);
/* F10: the shortcut panel (keymap.h's table, grouped). */
void commands_toggle_keys(App *app, bool shift);
/* F6: the sharing map on or off. */
void commands_toggle_sharing_map(App *app, bool shift);
/* F8: the atlas view on or off. */
void commands_toggle_atlas_view(App *app, bool shift);
/* F7: inspect mode on (the card follows the pointer) or off (the card goes). */
void commands_toggle_inspector(App *app, bool shift);
void commands_toggle_flyweight(App *app, bool shift);
void commands_write_stats(App *app, bool shift);

#endif
