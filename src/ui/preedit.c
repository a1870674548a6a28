/* preedit.c — the input method's composition, drawn at the cursor through the
 * label text stack (uifont: shaped, bidi-ordered, fallback per cluster).
 *
 * The label keeps the UiFont of the last (family, size) it drew in: making one
 * opens fonts, and composition changes on every key in the same style. */
#include "preedit.h"

#include "uifont.h"

static const SDL_Color BOX = {255, 244, 200, 255};
static const SDL_Color INK = {20, 20, 20, 255};

struct PreeditLabel {
  SDL_Renderer *renderer; /* not owned */
  UiFont *font;           /* the labels of the last style drawn, or NULL */
  const char *family;     /* its family (interned by the typeface set) */
  unsigned px;            /* and size */
};

PreeditLabel *preedit_label_new(SDL_Renderer *renderer)
{
  g_return_val_if_fail(renderer != NULL, NULL);
  PreeditLabel *label = g_new0(PreeditLabel, 1);
  label->renderer = renderer;
  return label;
}

void preedit_label_free(PreeditLabel *label)
{
  if (label == NULL)
    return;
  uifont_free(label->font);
  g_free(label);
}

/* The labels of @family at @px, made when the style changed; NULL when the
 * family cannot be opened. */
static UiFont *font_for(PreeditLabel *label, const char *family, unsigned px)
{
  if (label->font != NULL && label->px == px && label->family == family)
    return label->font;
  g_clear_pointer(&label->font, uifont_free);
  g_autoptr(GError) error = NULL;
  label->font = uifont_new(label->renderer, family, (int)px, &error);
  label->family = family;
  label->px = px;
  if (label->font == NULL)
    g_warning("cannot draw the composition in %s: %s", family, error->message);
  return label->font;
}

int preedit_label_draw(PreeditLabel *label, Typeface *face, unsigned px, const char *text, int x,
                       int top, int height)
{
  g_return_val_if_fail(label != NULL && face != NULL, 0);
  if (text == NULL || text[0] == '\0')
    return 0;
  UiFont *font = font_for(label, typeface_family(face), px);
  if (font == NULL)
    return 0;
  int line = uifont_line_height(font);
  SDL_Rect box = {x, top, uifont_text_width(font, text) + 2, MAX(height, line)};
  SDL_SetRenderDrawBlendMode(label->renderer, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(label->renderer, BOX.r, BOX.g, BOX.b, BOX.a);
  SDL_RenderFillRect(label->renderer, &box);
  uifont_draw(font, x + 1, top + (box.h - line) / 2, text, INK);
  int thickness = (int)MAX(px / 12, 1u);
  SDL_Rect underline = {x, top + box.h - thickness, box.w, thickness};
  SDL_SetRenderDrawColor(label->renderer, INK.r, INK.g, INK.b, INK.a);
  SDL_RenderFillRect(label->renderer, &underline);
  return box.w;
}
