/* keysheet.c — the shortcut panel (keysheet.h).
 *
 * Rows fill a column top to bottom, then the next column starts to the right
 * of the widest row of the one before. A group's heading never ends a column
 * (it moves to the next one with its first binding), and a blank line
 * separates groups. Each column is as wide as its own keys and descriptions,
 * so short groups do not take the width of the longest. */
#include "keysheet.h"

#include <stdbool.h>

static const SDL_Color SHEET_BG = {24, 26, 34, 255};
static const SDL_Color SHEET_TITLE = {255, 255, 255, 255};
static const SDL_Color SHEET_HEADING = {255, 214, 102, 255};
static const SDL_Color SHEET_KEY = {150, 200, 255, 255};
static const SDL_Color SHEET_WHAT = {225, 225, 230, 255};

KeySheet *keysheet_new(void)
{
  KeySheet *sheet = g_new0(KeySheet, 1);
  sheet->rows = g_array_new(FALSE, FALSE, sizeof(KeySheetRow));
  sheet->strings = g_ptr_array_new_with_free_func(g_free);
  return sheet;
}

void keysheet_free(KeySheet *sheet)
{
  if (sheet == NULL)
    return;
  g_array_unref(sheet->rows);
  g_ptr_array_unref(sheet->strings);
  g_free(sheet->toggle_key);
  g_free(sheet);
}

void keysheet_add(KeySheet *sheet, const char *key, const char *what)
{
  g_return_if_fail(sheet != NULL && what != NULL);
  KeySheetRow row = {key, what};
  g_array_append_val(sheet->rows, row);
}

const char *keysheet_own(KeySheet *sheet, char *string)
{
  g_return_val_if_fail(sheet != NULL, string);
  g_ptr_array_add(sheet->strings, string);
  return string;
}

char *keysheet_text(const KeySheet *sheet)
{
  g_return_val_if_fail(sheet != NULL, NULL);
  GString *text = g_string_new(NULL);
  for (guint i = 0; i < sheet->rows->len; i++) {
    const KeySheetRow *row = &g_array_index(sheet->rows, KeySheetRow, i);
    if (row->key == NULL)
      g_string_append_printf(text, "%s\n", row->what);
    else
      g_string_append_printf(text, "  %s\t%s\n", row->key, row->what);
  }
  return g_string_free(text, FALSE);
}

static int scaled(float density, int points)
{
  return (int)((float)points * density + 0.5f);
}

/* The widths of the key and description columns of rows [@from, @to). */
static void column_widths(UiFont *font, const KeySheetRow *rows, guint from, guint to, int *keys,
                          int *whats)
{
  *keys = *whats = 0;
  for (guint i = from; i < to; i++) {
    int w = uifont_text_width(font, rows[i].what);
    if (rows[i].key == NULL) { /* a heading spans both */
      *whats = MAX(*whats, w - *keys);
      continue;
    }
    int k = uifont_text_width(font, rows[i].key);
    *keys = MAX(*keys, k);
    *whats = MAX(*whats, w);
  }
}

/* The rows of the group whose heading is row @i: up to the next heading. */
static guint group_rows(const KeySheetRow *rows, guint i, guint n)
{
  guint end = i + 1;
  while (end < n && rows[end].key != NULL)
    end++;
  return end - i;
}

/* Where the column that starts at row @from ends: before the first row that
 * would pass @bottom from @top, or before a group's heading when the group
 * would fit a column of its own but not what is left of this one (a heading
 * never ends a column). */
static guint column_end(const KeySheetRow *rows, guint from, guint n, int top, int bottom, int lh)
{
  int y = top;
  guint i = from;
  for (; i < n; i++) {
    bool heading = rows[i].key == NULL;
    int blank = heading && i > from ? lh : 0;
    int group = heading ? (int)group_rows(rows, i, n) * lh : lh;
    bool fits_alone = top + group <= bottom;
    int need = blank + (heading ? (fits_alone ? group : 2 * lh) : lh);
    if (y + need > bottom && i > from)
      break;
    y += blank + lh;
  }
  return i;
}

/* Draws rows [@from, @to) as a column at (@x, @top); returns its width. */
static int draw_column(UiFont *font, const KeySheetRow *rows, guint from, guint to, int x, int top,
                       int lh, int gap)
{
  int keys, whats;
  column_widths(font, rows, from, to, &keys, &whats);
  int y = top;
  for (guint i = from; i < to; i++) {
    if (rows[i].key == NULL) {
      y += i > from ? lh : 0;
      uifont_draw(font, x, y, rows[i].what, SHEET_HEADING);
    } else {
      uifont_draw(font, x, y, rows[i].key, SHEET_KEY);
      uifont_draw(font, x + keys + gap, y, rows[i].what, SHEET_WHAT);
    }
    y += lh;
  }
  return keys + gap + whats;
}

void keysheet_draw(UiFont *font, SDL_Renderer *sdl, float density, const char *title,
                   const KeySheetRow *rows, guint n, int width, int height)
{
  g_return_if_fail(font != NULL && sdl != NULL && title != NULL && (rows != NULL || n == 0));
  int margin = scaled(density, 12), pad = scaled(density, 14), gap = scaled(density, 12);
  int lh = uifont_line_height(font);
  SDL_Rect panel = {margin, margin, width - 2 * margin, height - 2 * margin};
  if (panel.w <= 0 || panel.h <= 0)
    return;
  SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_NONE);
  SDL_SetRenderDrawColor(sdl, SHEET_BG.r, SHEET_BG.g, SHEET_BG.b, 255);
  SDL_RenderFillRect(sdl, &panel);
  SDL_RenderSetClipRect(sdl, &panel);
  uifont_draw(font, panel.x + pad, panel.y + pad, title, SHEET_TITLE);
  int top = panel.y + pad + 2 * lh, bottom = panel.y + panel.h - pad;
  int x = panel.x + pad;
  for (guint from = 0; from < n && x < panel.x + panel.w;) {
    guint to = column_end(rows, from, n, top, bottom, lh);
    x += draw_column(font, rows, from, to, x, top, lh, gap) + 2 * pad;
    from = to;
  }
  SDL_RenderSetClipRect(sdl, NULL);
}
