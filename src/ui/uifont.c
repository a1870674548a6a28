/* uifont.c — labels through the text stack (uifont.h).
 *
 * One Document of one paragraph holds the label being drawn; layout places
 * it on one line (a width no label reaches); its glyphs come from the labels'
 * own factory at their subpixel phases and are drawn from the labels' own
 * atlas with one SDL_RenderGeometry call per atlas page, tinted with the
 * label's colour (colour glyphs drawn white, i.e. as they are). Each glyph a
 * label uses is pinned, so the next frame finds it rasterized and uploaded. */
#include "uifont.h"

#include <stdbool.h>
#include <string.h>

#include "atlas.h"
#include "layout.h"
#include "shaper.h"
#include "word_cache.h"

#define LABEL_WIDTH 1000000 /* pixels: no label wraps */

struct UiFont {
  SDL_Renderer *renderer; /* not owned */
  TypefaceSet *set;
  GlyphFactory *factory;
  StyleId style;
  Shaper *shaper;
  WordCache *words;
  Layout *layout;
  Document *doc; /* the label being drawn */
  GlyphAtlas *atlas;
  LaidOut out; /* its glyphs */
  int line_height, ascent;
  GArray *vertices; /* SDL_Vertex scratch, one page at a time */
  GArray *indices;  /* int scratch */
};

#define UIFONT_ERROR (g_quark_from_static_string("uifont-error"))

/* The text stack for @family at @px: typefaces, factory, style, shaping. */
static bool open_stack(UiFont *f, const char *family, int px, GError **error)
{
  f->set = typeface_set_new(error);
  Typeface *face = f->set ? typeface_set_lookup(f->set, family, error) : NULL;
  if (face == NULL)
    return false;
  f->factory = glyph_factory_new(f->set);
  f->style = glyph_factory_style(f->factory, face, (unsigned)px);
  f->shaper = f->style != STYLE_NONE ? shaper_new(f->factory, error) : NULL;
  if (f->shaper == NULL)
    return false;
  f->words = word_cache_new(f->shaper);
  f->layout = layout_new(f->factory, f->words, shaper_segmenter(f->shaper));
  f->doc = document_new(f->factory, f->style);
  const GlyphStyle *info = glyph_factory_style_info(f->factory, f->style);
  f->line_height = info->line_height;
  f->ascent = info->ascent;
  return true;
}

UiFont *uifont_new(SDL_Renderer *renderer, const char *family, int px, GError **error)
{
  g_return_val_if_fail(renderer != NULL && family != NULL && px > 0, NULL);
  UiFont *f = g_new0(UiFont, 1);
  f->renderer = renderer;
  laid_out_init(&f->out);
  f->vertices = g_array_new(FALSE, FALSE, sizeof(SDL_Vertex));
  f->indices = g_array_new(FALSE, FALSE, sizeof(int));
  if (!open_stack(f, family, px, error)) {
    uifont_free(f);
    return NULL;
  }
  f->atlas = atlas_new(renderer, f->factory);
  return f;
}

void uifont_free(UiFont *f)
{
  if (f == NULL)
    return;
  if (f->factory != NULL)
    laid_out_free(&f->out, f->factory);
  atlas_free(f->atlas); /* before the factory: it removes its release callback */
  document_free(f->doc);
  layout_free(f->layout);
  word_cache_free(f->words);
  shaper_free(f->shaper);
  glyph_factory_free(f->factory);
  typeface_set_free(f->set);
  g_array_unref(f->vertices);
  g_array_unref(f->indices);
  g_free(f);
}

int uifont_line_height(const UiFont *f)
{
  g_return_val_if_fail(f != NULL, 0);
  return f->line_height;
}

/* Lays @text out into f->out (one line). Non-breaking spaces, which
 * g_format_size puts before units, stay what they are: the font has them. */
static void lay_out(UiFont *f, const char *text, bool glyphs)
{
  laid_out_clear(&f->out, f->factory);
  if (!glyphs) {
    laid_out_free(&f->out, f->factory);
    laid_out_init_places(&f->out);
  } else if (f->out.glyphs == NULL) {
    laid_out_free(&f->out, f->factory);
    laid_out_init(&f->out);
  }
  document_clear(f->doc);
  gsize len = strcspn(text, "\r\n"); /* one line */
  if (g_utf8_validate_len(text, len, NULL))
    document_append_paragraph(f->doc, text, len, LINE_END_NONE, NULL);
  /* the style's metrics: bars and rows are sized by uifont_line_height, and a
   * label needs no measuring pass of its own */
  LineMetrics metrics = layout_style_metrics(f->layout, f->doc, 0);
  layout_paragraph(f->layout, f->doc, 0, LABEL_WIDTH, 0, 1, &metrics, &f->out);
}

int uifont_text_width(UiFont *f, const char *text)
{
  g_return_val_if_fail(f != NULL && text != NULL, 0);
  lay_out(f, text, false);
  const LaidLine *line = &g_array_index(f->out.lines, LaidLine, 0);
  return (line->right - line->left + 63) / 64;
}

/* Appends the quad of @e at (@x, @y) in @color. */
static void add_quad(UiFont *f, const AtlasEntry *e, float x, float y, SDL_Color color)
{
  const float inv = 1.0f / ATLAS_PAGE_SIZE;
  float u0 = e->rect.x * inv, v0 = e->rect.y * inv;
  float u1 = (e->rect.x + e->rect.w) * inv, v1 = (e->rect.y + e->rect.h) * inv;
  float x1 = x + e->rect.w, y1 = y + e->rect.h;
  SDL_Color c = e->color ? (SDL_Color){255, 255, 255, color.a} : color;
  int base = (int)f->vertices->len;
  SDL_Vertex v[4] = {{{x, y}, c, {u0, v0}},
                     {{x1, y}, c, {u1, v0}},
                     {{x1, y1}, c, {u1, v1}},
                     {{x, y1}, c, {u0, v1}}};
  int idx[6] = {base, base + 1, base + 2, base, base + 2, base + 3};
  g_array_append_vals(f->vertices, v, 4);
  g_array_append_vals(f->indices, idx, 6);
}

/* Draws the laid-out glyphs that are on atlas page @page. */
static void draw_page(UiFont *f, guint page, int x, int y, SDL_Color color)
{
  g_array_set_size(f->vertices, 0);
  g_array_set_size(f->indices, 0);
  for (guint i = 0; i < f->out.glyphs->len; i++) {
    const DrawnGlyph *d = &g_array_index(f->out.glyphs, DrawnGlyph, i);
    AtlasEntry e;
    if (atlas_lookup(f->atlas, d->glyph, &e) && e.page == (int)page)
      add_quad(f, &e, (float)(x + d->x + d->glyph->bearing_x),
               (float)(y + d->y - d->glyph->bearing_y), color);
  }
  if (f->indices->len > 0)
    SDL_RenderGeometry(f->renderer, atlas_page_texture(f->atlas, page),
                       (const SDL_Vertex *)(void *)f->vertices->data, (int)f->vertices->len,
                       (const int *)(void *)f->indices->data, (int)f->indices->len);
}

/* Pins the glyphs of the laid-out label: the next frame draws them again. */
static void pin_glyphs(UiFont *f)
{
  for (guint i = 0; i < f->out.glyphs->len; i++) {
    const Glyph *g = g_array_index(f->out.glyphs, DrawnGlyph, i).glyph;
    if (!(g->flags & GLYPH_PINNED))
      glyph_factory_pin(f->factory, g->style, g->glyph_id, g->phase);
  }
}

int uifont_draw(UiFont *f, int x, int y, const char *text, SDL_Color color)
{
  g_return_val_if_fail(f != NULL && text != NULL, x);
  lay_out(f, text, true);
  pin_glyphs(f);
  atlas_begin_frame(f->atlas);
  for (guint i = 0; i < f->out.glyphs->len; i++) { /* uploads what is new: pages appear */
    AtlasEntry e;
    atlas_lookup(f->atlas, g_array_index(f->out.glyphs, DrawnGlyph, i).glyph, &e);
  }
  for (guint p = 0; p < atlas_page_count(f->atlas); p++)
    draw_page(f, p, x, y, color);
  const LaidLine *line = &g_array_index(f->out.lines, LaidLine, 0);
  return x + (line->right + 63) / 64;
}
