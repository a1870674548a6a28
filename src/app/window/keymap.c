/* keymap.c — the key table (keymap.h). The first row that matches wins. */
#include "keymap.h"

#include "findbar.h"

#define CTRL KEYMAP_CTRL
#define SHIFT KEYMAP_SHIFT
#define ANY KEYMAP_ANY

static const KeyBinding KEYMAP[] = {
    /* the flyweight */
    {SDLK_F1, 0, ANY, false, commands_toggle_overlay, "show or hide the overlay"},
    {SDLK_F2, 0, ANY, false, commands_toggle_flyweight, "turn the flyweight off or on"},
    {SDLK_F12, 0, ANY, true, commands_write_stats, "write the statistics (--stats-dump)"},
    /* files */
    {SDLK_o, CTRL, SHIFT, false, commands_open, "open a file"},
    {SDLK_s, CTRL, 0, false, commands_save, "save"},
    {SDLK_s, CTRL | SHIFT, 0, false, commands_save_as, "save as"},
    {SDLK_r, CTRL, 0, false, commands_reload, "reload the file from disk (undoable)"},
    /* finding */
    {SDLK_f, CTRL, 0, false, findbar_open_find, "find"},
    {SDLK_h, CTRL, 0, false, findbar_open_replace, "replace"},
    {SDLK_g, CTRL, 0, false, findbar_open_goto, "go to line (LINE or LINE:COL)"},
    {SDLK_F3, 0, SHIFT, false, findbar_find_again, "find the next match (Shift: previous)"},
    /* editing */
    {SDLK_a, CTRL, SHIFT, false, commands_select_all, "select all"},
    {SDLK_c, CTRL, SHIFT, false, commands_copy, "copy"},
    {SDLK_x, CTRL, SHIFT, false, commands_cut, "cut"},
    {SDLK_v, CTRL, SHIFT, false, commands_paste, "paste"},
    {SDLK_z, CTRL, 0, false, commands_undo, "undo"},
    {SDLK_z, CTRL | SHIFT, 0, false, commands_redo, "redo"},
    {SDLK_y, CTRL, SHIFT, false, commands_redo, "redo"},
    {SDLK_RETURN, 0, ANY, false, commands_newline, "new paragraph"},
    {SDLK_KP_ENTER, 0, ANY, false, commands_newline, "new paragraph"},
    {SDLK_TAB, 0, ANY, false, commands_tab, "insert a tab"},
    {SDLK_BACKSPACE, 0, ANY, false, commands_backspace, "delete backwards"},
    {SDLK_DELETE, 0, ANY, false, commands_delete, "delete forwards"},
    /* styles */
    {SDLK_t, CTRL, SHIFT, false, commands_cycle_typeface, "next typeface"},
    {SDLK_EQUALS, CTRL, SHIFT, false, commands_bigger, "larger text"},
    {SDLK_PLUS, CTRL, SHIFT, false, commands_bigger, "larger text"},
    {SDLK_KP_PLUS, CTRL, SHIFT, false, commands_bigger, "larger text"},
    {SDLK_MINUS, CTRL, SHIFT, false, commands_smaller, "smaller text"},
    {SDLK_KP_MINUS, CTRL, SHIFT, false, commands_smaller, "smaller text"},
    /* movement: Shift extends the selection */
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
    if (b->key == key && (mods & ~b->free) == b->mods)
      return b;
  }
  return NULL;
}
