/* choices.c — the completion choices' line (choices.h). */
#include "choices.h"

#define CHOICES_SEPARATOR "   "

static const SDL_Color CHOICES_BG = {236, 240, 248, 255};
static const SDL_Color CHOICES_TEXT = {40, 48, 72, 255};

/* " and N more" after the shown names, or "" when all are shown. */
static char *more_text(guint shown, guint total)
{
  if (shown == total)
    return g_strdup("");
  return g_strdup_printf("%sand %u more", shown > 0 ? CHOICES_SEPARATOR : "", total - shown);
}

char *choices_line(UiFont *font, const GPtrArray *names, int width)
{
  g_return_val_if_fail(font != NULL && names != NULL, NULL);
  g_autoptr(GString) line = g_string_new(NULL);
  guint shown = 0;
  for (; shown < names->len; shown++) {
    g_autoptr(GString) next = g_string_new(line->str);
    if (shown > 0)
      g_string_append(next, CHOICES_SEPARATOR);
    g_string_append(next, names->pdata[shown]);
    /* the names after it need room for "and N more" */
    g_autofree char *more = more_text(shown + 1, names->len);
    g_autofree char *with_more = g_strconcat(next->str, more, NULL);
    if (uifont_text_width(font, with_more) > width)
      break;
    g_string_assign(line, next->str);
  }
  g_autofree char *more = more_text(shown, names->len);
  g_string_append(line, more);
  return g_string_free(g_steal_pointer(&line), FALSE);
}

void choices_draw(UiFont *font, SDL_Renderer *sdl, float density, const char *line,
                  const SDL_Rect *area)
{
  g_return_if_fail(font != NULL && sdl != NULL && line != NULL && area != NULL);
  SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_NONE);
  SDL_SetRenderDrawColor(sdl, CHOICES_BG.r, CHOICES_BG.g, CHOICES_BG.b, 255);
  SDL_RenderFillRect(sdl, area);
  int pad = (int)(8 * density + 0.5f), top = (int)(3 * density + 0.5f);
  SDL_RenderSetClipRect(sdl, area);
  uifont_draw(font, area->x + pad, area->y + top, line, CHOICES_TEXT);
  SDL_RenderSetClipRect(sdl, NULL);
}
