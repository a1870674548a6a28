/* preedit.c — the input method's composition, drawn with SDL_ttf at the cursor.
 *
 * The label keeps the last font it opened (a CJK collection takes milliseconds
 * to open, and composition changes on every key) and the texture of the last
 * text, so an unchanged composition costs one SDL_RenderCopy per frame. */
#include "preedit.h"

#include <SDL_ttf.h>
#include <string.h>

static const SDL_Color BOX = {255, 244, 200, 255};
static const SDL_Color INK = {20, 20, 20, 255};

struct PreeditLabel {
  SDL_Renderer *renderer; /* not owned */
  TTF_Font *font;         /* the font last opened */
  char *font_path;        /* its file */
  unsigned font_px;       /* and size */
  SDL_Texture *texture;   /* @text rendered, or NULL */
  char *text;             /* what @texture shows */
  int w, h;               /* @texture's size */
};

PreeditLabel *preedit_label_new(SDL_Renderer *renderer)
{
  g_return_val_if_fail(renderer != NULL, NULL);
  PreeditLabel *label = g_new0(PreeditLabel, 1);
  label->renderer = renderer;
  return label;
}

static void forget_texture(PreeditLabel *label)
{
  if (label->texture != NULL)
    SDL_DestroyTexture(label->texture);
  label->texture = NULL;
  g_clear_pointer(&label->text, g_free);
}

void preedit_label_free(PreeditLabel *label)
{
  if (label == NULL)
    return;
  forget_texture(label);
  if (label->font != NULL)
    TTF_CloseFont(label->font);
  g_free(label->font_path);
  g_free(label);
}

/* The face for @text: @face unless it lacks a character a fallback has. */
static Typeface *face_for_text(Typeface *face, const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar cp = g_utf8_get_char(p);
    if (!typeface_has(face, cp)) {
      Typeface *other = typeface_for_codepoint(face, cp);
      return other != NULL ? other : face;
    }
  }
  return face;
}

static bool open_font(PreeditLabel *label, const char *path, unsigned px)
{
  if (label->font != NULL && label->font_px == px && g_strcmp0(label->font_path, path) == 0)
    return true;
  if (label->font != NULL)
    TTF_CloseFont(label->font);
  g_free(label->font_path);
  label->font_path = g_strdup(path);
  label->font_px = px;
  label->font = (TTF_WasInit() || TTF_Init() == 0) ? TTF_OpenFont(path, (int)px) : NULL;
  forget_texture(label);
  return label->font != NULL;
}

static bool make_texture(PreeditLabel *label, const char *text)
{
  if (label->texture != NULL && g_strcmp0(label->text, text) == 0)
    return true;
  forget_texture(label);
  SDL_Surface *surface = TTF_RenderUTF8_Blended(label->font, text, INK);
  if (surface == NULL)
    return false;
  label->texture = SDL_CreateTextureFromSurface(label->renderer, surface);
  label->w = surface->w;
  label->h = surface->h;
  SDL_FreeSurface(surface);
  label->text = g_strdup(text);
  return label->texture != NULL;
}

int preedit_label_draw(PreeditLabel *label, Typeface *face, unsigned px, const char *text, int x,
                       int top, int height)
{
  g_return_val_if_fail(label != NULL && face != NULL, 0);
  if (text == NULL || text[0] == '\0')
    return 0;
  Typeface *drawn = face_for_text(face, text);
  if (!open_font(label, typeface_path(drawn), px) || !make_texture(label, text))
    return 0;
  SDL_Rect box = {x, top, label->w + 2, MAX(height, label->h)};
  SDL_SetRenderDrawColor(label->renderer, BOX.r, BOX.g, BOX.b, BOX.a);
  SDL_RenderFillRect(label->renderer, &box);
  SDL_Rect dst = {x + 1, top + (box.h - label->h) / 2, label->w, label->h};
  SDL_RenderCopy(label->renderer, label->texture, NULL, &dst);
  SDL_Rect underline = {x, top + box.h - MAX(px / 12, 1u), box.w, (int)MAX(px / 12, 1u)};
  SDL_SetRenderDrawColor(label->renderer, INK.r, INK.g, INK.b, INK.a);
  SDL_RenderFillRect(label->renderer, &underline);
  return box.w;
}
