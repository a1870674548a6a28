/* keymap.c — the key table (keymap.h). The first row that matches wins.
 *
 * GROUP rows head the rows after them: the shortcut panel (F10) lists the
 * table in its order under those headings, so a row added under a heading
 * shows up there by itself. */
#include "keymap.h"

#include "findbar.h"

#define CTRL KEYMAP_CTRL
#define SHIFT KEYMAP_SHIFT
#define ANY KEYMAP_ANY
/* A heading: no key, no command. */
#define GROUP(name) \
  { \
    .key = SDLK_UNKNOWN, .what = name \
  }

static const KeyBinding KEYMAP[] = {
    GROUP("The flyweight"),
    {SDLK_F1, 0, ANY, false, commands_toggle_overlay, "show or hide the statistics panel"},
    {SDLK_F2, 0, ANY, false, commands_toggle_flyweight, "turn the flyweight off or on"},
    {SDLK_F6, 0, ANY, false, commands_toggle_sharing_map,
     "sharing map: tint glyphs by their Glyph's references"},
    {SDLK_F7, 0, ANY, false, commands_toggle_inspector,
     "glyph inspector: point at a character (Alt+click: without F7)"},
    {SDLK_F8, 0, ANY, false, commands_toggle_atlas_view,
     "atlas view: the atlas pages, slots in use, free and evicted"},
    {SDLK_F12, 0, ANY, true, commands_write_stats, "write the statistics (--stats-dump)"},
    {SDLK_F10, 0, ANY, false, commands_toggle_keys, "show or hide this list of keys"},
    GROUP("Files"),
    {SDLK_o, CTRL, SHIFT, false, commands_open, "open a file"},
    {SDLK_s, CTRL, 0, false, commands_save, "save"},
    {SDLK_s, CTRL | SHIFT, 0, false, commands_save_as, "save as"},
    {SDLK_r, CTRL, 0, false, commands_reload, "reload the file from disk (undoable)"},
    {SDLK_n, CTRL, 0, false, commands_new, "new untitled document"},
    {SDLK_w, CTRL, 0, false, commands_new, "close the document (an untitled one takes its place)"},
    {SDLK_q, CTRL, 0, false, commands_quit, "quit"},
    GROUP("View"),
    {SDLK_z, KEYMAP_ALT, 0, false, commands_toggle_wrap, "word wrap on or off"},
    {SDLK_l, CTRL | SHIFT, 0, false, commands_toggle_line_numbers, "line numbers on or off"},
    GROUP("Finding"),
    {SDLK_f, CTRL, 0, false, findbar_open_find, "find"},
    {SDLK_h, CTRL, 0, false, findbar_open_replace, "replace"},
    {SDLK_g, CTRL, 0, false, findbar_open_goto, "go to line (LINE or LINE:COL)"},
    {SDLK_F3, 0, SHIFT, false, findbar_find_again, "find the next match (Shift: previous)"},
    GROUP("Editing"),
    {SDLK_a, CTRL, SHIFT, false, commands_select_all, "select all"},
    {SDLK_c, CTRL, SHIFT, false, commands_copy, "copy"},
    {SDLK_x, CTRL, SHIFT, false, commands_cut, "cut"},
    {SDLK_v, CTRL, SHIFT, false, commands_paste, "paste"},
    {SDLK_z, CTRL, 0, false, commands_undo, "undo"},
    {SDLK_z, CTRL | SHIFT, 0, false, commands_redo, "redo"},
    {SDLK_y, CTRL, SHIFT, false, commands_redo, "redo"},
    {SDLK_RETURN, 0, ANY, false, commands_newline, "new paragraph"},
    {SDLK_KP_ENTER, 0, ANY, false, commands_newline, "new paragraph"},
    {SDLK_TAB, SHIFT, CTRL, false, commands_unindent, "unindent the selected lines, or this one"},
    {SDLK_TAB, 0, ANY, false, commands_tab, "insert a tab; indent the selected lines"},
    {SDLK_BACKSPACE, CTRL, SHIFT, false, commands_delete_word_back, "delete the word before"},
    {SDLK_DELETE, CTRL, SHIFT, false, commands_delete_word, "delete the word after"},
    {SDLK_BACKSPACE, 0, ANY, false, commands_backspace, "delete backwards"},
    {SDLK_DELETE, 0, ANY, false, commands_delete, "delete forwards"},
    GROUP("Styles"),
    {SDLK_t, CTRL | SHIFT, 0, false, commands_pick_typeface, "choose a typeface by name"},
    {SDLK_t, CTRL, 0, false, commands_cycle_typeface, "next typeface"},
    {SDLK_0, CTRL, SHIFT, false, commands_default_size, "text size back to the default"},
    {SDLK_KP_0, CTRL, SHIFT, false, commands_default_size, "text size back to the default"},
    {SDLK_EQUALS, CTRL, SHIFT, false, commands_bigger, "larger text"},
    {SDLK_PLUS, CTRL, SHIFT, false, commands_bigger, "larger text"},
    {SDLK_KP_PLUS, CTRL, SHIFT, false, commands_bigger, "larger text"},
    {SDLK_MINUS, CTRL, SHIFT, false, commands_smaller, "smaller text"},
    {SDLK_KP_MINUS, CTRL, SHIFT, false, commands_smaller, "smaller text"},
    GROUP("Movement (Shift extends the selection)"),
    {SDLK_LEFT, 0, SHIFT, false, commands_left, "previous character"},
    {SDLK_RIGHT, 0, SHIFT, false, commands_right, "next character"},
    {SDLK_LEFT, CTRL, SHIFT, false, commands_word_left, "previous word"},
    {SDLK_RIGHT, CTRL, SHIFT, false, commands_word_right, "next word"},
    {SDLK_UP, 0, CTRL | SHIFT, false, commands_up, "line up"},
    {SDLK_DOWN, 0, CTRL | SHIFT, false, commands_down, "line down"},
    {SDLK_PAGEUP, 0, CTRL | SHIFT, false, commands_page_up, "page up"},
    {SDLK_PAGEDOWN, 0, CTRL | SHIFT, false, commands_page_down, "page down"},
    {SDLK_HOME, 0, SHIFT, false, commands_line_start, "start of the line"},
    {SDLK_END, 0, SHIFT, false, commands_line_end, "end of the line"},
    {SDLK_HOME, CTRL, SHIFT, false, commands_doc_start, "start of the document"},
    {SDLK_END, CTRL, SHIFT, false, commands_doc_end, "end of the document"},
};

KeymapMods keymap_mods(SDL_Keymod mod)
{
  return ((mod & KMOD_CTRL) ? KEYMAP_CTRL : 0) | ((mod & KMOD_SHIFT) ? KEYMAP_SHIFT : 0) |
         ((mod & KMOD_ALT) ? KEYMAP_ALT : 0);
}

const KeyBinding *keymap_lookup(SDL_Keycode key, KeymapMods mods)
{
  for (gsize i = 0; i < G_N_ELEMENTS(KEYMAP); i++) {
    const KeyBinding *b = &KEYMAP[i];
    if (b->run != NULL && b->key == key && (mods & ~b->free) == b->mods)
      return b;
  }
  return NULL;
}

/* ------------------------------------------------------------------ the shortcut panel */

/* "Ctrl+Shift+S": the modifiers a row needs, then the key's name. */
static char *key_label(const KeyBinding *b)
{
  return g_strdup_printf("%s%s%s%s", (b->mods & KEYMAP_CTRL) ? "Ctrl+" : "",
                         (b->mods & KEYMAP_ALT) ? "Alt+" : "",
                         (b->mods & KEYMAP_SHIFT) ? "Shift+" : "", SDL_GetKeyName(b->key));
}

/* Whether @b does what the row before it does (Ctrl+= and Ctrl++): one line. */
static bool same_as_previous(gsize i)
{
  const KeyBinding *b = &KEYMAP[i], *prev = i > 0 ? &KEYMAP[i - 1] : NULL;
  return prev != NULL && prev->run == b->run && g_strcmp0(prev->what, b->what) == 0;
}

KeySheet *keymap_sheet_new(void)
{
  KeySheet *sheet = keysheet_new();
  for (gsize i = 0; i < G_N_ELEMENTS(KEYMAP); i++) {
    const KeyBinding *b = &KEYMAP[i];
    if (b->run == NULL) {
      keysheet_add(sheet, NULL, b->what);
      continue;
    }
    const char *label = keysheet_own(sheet, key_label(b));
    if (same_as_previous(i) && sheet->rows->len > 0) {
      KeySheetRow *last = &g_array_index(sheet->rows, KeySheetRow, sheet->rows->len - 1);
      last->key = keysheet_own(sheet, g_strdup_printf("%s, %s", last->key, label));
      continue;
    }
    keysheet_add(sheet, label, b->what);
    if (b->run == commands_toggle_keys && sheet->toggle_key == NULL)
      sheet->toggle_key = g_strdup(label);
  }
  return sheet;
}
