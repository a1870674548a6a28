/* uifont.c — a fixed ASCII atlas from SDL_ttf for the window's labels.
 *
 * At creation, each printable ASCII character is rendered with
 * TTF_RenderGlyph32_Blended (a cell as tall as the font, as wide as its advance)
 * and blitted into a 16-column grid on one surface, which becomes one texture.
 * A string is then a row of quads: one SDL_RenderGeometry call, no texture per
 * string. The font is monospace, so every cell has the same advance. */
#include "uifont.h"

#include <SDL_ttf.h>
#include <stdbool.h>

#define FIRST_CHAR 32
#define LAST_CHAR 126
#define N_CHARS (LAST_CHAR - FIRST_CHAR + 1)
#define GRID_COLUMNS 16

struct UiFont {
  SDL_Renderer *renderer; /* not owned */
  SDL_Texture *texture;   /* the grid of characters */
  int cell_w, cell_h;     /* one cell; the advance is cell_w */
  GArray *vertices;       /* SDL_Vertex scratch */
  GArray *indices;        /* int scratch */
};

#define UIFONT_ERROR (g_quark_from_static_string("uifont-error"))

static bool ensure_ttf(GError **error)
{
  if (TTF_WasInit() || TTF_Init() == 0)
    return true;
  g_set_error(error, UIFONT_ERROR, 0, "SDL_ttf cannot start: %s", TTF_GetError());
  return false;
}

/* Renders every character into a grid surface. */
static SDL_Surface *render_grid(TTF_Font *ttf, int cell_w, int cell_h)
{
  int rows = (N_CHARS + GRID_COLUMNS - 1) / GRID_COLUMNS;
  SDL_Surface *grid = SDL_CreateRGBSurfaceWithFormat(0, cell_w * GRID_COLUMNS, cell_h * rows, 32,
                                                     SDL_PIXELFORMAT_ARGB8888);
  if (grid == NULL)
    return NULL;
  SDL_FillRect(grid, NULL, 0x00FFFFFFu);
  SDL_Color white = {255, 255, 255, 255};
  for (int c = FIRST_CHAR; c <= LAST_CHAR; c++) {
    SDL_Surface *cell = TTF_RenderGlyph32_Blended(ttf, (Uint32)c, white);
    if (cell == NULL)
      continue;
    int i = c - FIRST_CHAR;
    SDL_Rect dst = {(i % GRID_COLUMNS) * cell_w, (i / GRID_COLUMNS) * cell_h, cell_w, cell_h};
    SDL_Rect src = {0, 0, MIN(cell->w, cell_w), MIN(cell->h, cell_h)};
    SDL_SetSurfaceBlendMode(cell, SDL_BLENDMODE_NONE);
    SDL_BlitSurface(cell, &src, grid, &dst);
    SDL_FreeSurface(cell);
  }
  return grid;
}

UiFont *uifont_new(SDL_Renderer *renderer, const char *path, int px, GError **error)
{
  g_return_val_if_fail(renderer != NULL && path != NULL && px > 0, NULL);
  if (!ensure_ttf(error))
    return NULL;
  TTF_Font *ttf = TTF_OpenFont(path, px);
  if (ttf == NULL) {
    g_set_error(error, UIFONT_ERROR, 0, "cannot open the label font %s: %s", path, TTF_GetError());
    return NULL;
  }
  int advance = 0;
  TTF_GlyphMetrics32(ttf, 'M', NULL, NULL, NULL, NULL, &advance);
  UiFont *font = g_new0(UiFont, 1);
  font->renderer = renderer;
  font->cell_w = MAX(advance, 1);
  font->cell_h = TTF_FontHeight(ttf);
  SDL_Surface *grid = render_grid(ttf, font->cell_w, font->cell_h);
  TTF_CloseFont(ttf);
  if (grid != NULL) {
    font->texture = SDL_CreateTextureFromSurface(renderer, grid);
    SDL_FreeSurface(grid);
  }
  if (font->texture == NULL) {
    g_set_error(error, UIFONT_ERROR, 0, "cannot make the label texture: %s", SDL_GetError());
    g_free(font);
    return NULL;
  }
  SDL_SetTextureBlendMode(font->texture, SDL_BLENDMODE_BLEND);
  font->vertices = g_array_new(FALSE, FALSE, sizeof(SDL_Vertex));
  font->indices = g_array_new(FALSE, FALSE, sizeof(int));
  return font;
}

void uifont_free(UiFont *font)
{
  if (font == NULL)
    return;
  SDL_DestroyTexture(font->texture);
  g_array_unref(font->vertices);
  g_array_unref(font->indices);
  g_free(font);
}

int uifont_line_height(const UiFont *font)
{
  g_return_val_if_fail(font != NULL, 0);
  return font->cell_h;
}

int uifont_text_width(const UiFont *font, const char *text)
{
  g_return_val_if_fail(font != NULL && text != NULL, 0);
  return (int)g_utf8_strlen(text, -1) * font->cell_w;
}

/* Appends the quad of character @c at pen (@x, @y). */
static void add_quad(UiFont *font, int c, float x, float y, SDL_Color color)
{
  int tw, th;
  SDL_QueryTexture(font->texture, NULL, NULL, &tw, &th);
  int i = c - FIRST_CHAR;
  float u0 = (float)((i % GRID_COLUMNS) * font->cell_w) / (float)tw;
  float v0 = (float)((i / GRID_COLUMNS) * font->cell_h) / (float)th;
  float u1 = u0 + (float)font->cell_w / (float)tw, v1 = v0 + (float)font->cell_h / (float)th;
  float x1 = x + (float)font->cell_w, y1 = y + (float)font->cell_h;
  int base = (int)font->vertices->len;
  SDL_Vertex v[4] = {
      {{x, y}, color, {u0, v0}},
      {{x1, y}, color, {u1, v0}},
      {{x1, y1}, color, {u1, v1}},
      {{x, y1}, color, {u0, v1}},
  };
  int idx[6] = {base, base + 1, base + 2, base, base + 2, base + 3};
  g_array_append_vals(font->vertices, v, 4);
  g_array_append_vals(font->indices, idx, 6);
}

int uifont_draw(UiFont *font, int x, int y, const char *text, SDL_Color color)
{
  g_return_val_if_fail(font != NULL && text != NULL, x);
  g_array_set_size(font->vertices, 0);
  g_array_set_size(font->indices, 0);
  int pen = x;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == 0x00A0 || c == 0x202F) /* g_format_size puts a no-break space before units */
      c = ' ';
    if (c != ' ')
      add_quad(font, (c > FIRST_CHAR && c <= LAST_CHAR) ? (int)c : '?', (float)pen, (float)y,
               color);
    pen += font->cell_w;
  }
  if (font->indices->len > 0)
    SDL_RenderGeometry(font->renderer, font->texture, (SDL_Vertex *)(void *)font->vertices->data,
                       (int)font->vertices->len, (int *)(void *)font->indices->data,
                       (int)font->indices->len);
  return pen;
}
