/* renderer.c — one frame of the editor from the View's DrawnGlyphs.
 *
 * Glyphs: each visible DrawnGlyph is looked up in the atlas (uploaded on a
 * miss) and becomes four vertices and six indices in the batch of its atlas
 * page; after the pass, each non-empty batch is one SDL_RenderGeometry call.
 * Nothing outside the text area is touched: pieces and glyphs above or below it
 * are skipped before the atlas is asked. Grey glyphs are tinted with the text
 * colour through the vertex colour; colour glyphs get white.
 *
 * Selection: the view says which parts of a piece's glyphs show selected text
 * (view_selection_spans: whole glyphs, and the selected graphemes' share of a
 * ligature), in visual order; each becomes a rectangle as tall as its glyph's
 * style's line, so a selection across a change of direction shows as the
 * separate ranges it covers.
 *
 * The caret is drawn on the side the editor keeps (editor_cursor_affinity):
 * where the user moved it, at a change of direction or a wrapped line's end.
 *
 * Compositing (the software path, chosen when SDL renders in software): the
 * text area is composed in one streaming texture, the canvas, by the
 * compositor (compositor.h) — background, selection, every glyph blended
 * from its Glyph's own bitmap, the caret — and copied to the window with one
 * SDL_RenderCopy. SDL's software renderer would draw each atlas quad as two
 * triangles through its general geometry path, which was most of a frame;
 * the compositor writes the pixels once with no call per glyph. A region
 * (the caret's blink) locks and copies only its rectangle. The atlas path
 * stays for GPU renderers, where one geometry batch per page is the fast
 * way, and where locking a texture would mean uploading it. */
#include "renderer.h"

#include "compositor.h"
#include "damage.h"
#include "preedit.h"
#include "sharing_map.h"

#include <stddef.h>
#include <string.h>

static const SDL_Color COLOR_BG = {252, 252, 250, 255};
static const SDL_Color COLOR_TEXT = {30, 30, 34, 255};
static const SDL_Color COLOR_SELECTION = {179, 212, 252, 255};
static const SDL_Color COLOR_MATCH = {255, 214, 120, 255}; /* RendererFrame.highlights */
static const SDL_Color COLOR_CURSOR = {20, 20, 20, 255};
static const SDL_Color COLOR_STATUS_BG = {228, 228, 232, 255};
static const SDL_Color COLOR_STATUS_TEXT = {40, 40, 48, 255};
static const SDL_Color COLOR_TRACK = {238, 238, 240, 255};
static const SDL_Color COLOR_THUMB = {170, 170, 178, 255};
static const SDL_Color COLOR_PROGRESS = {70, 130, 220, 255};
static const SDL_Color COLOR_BAR_BG = {255, 244, 200, 255};
static const SDL_Color COLOR_BAR_ERROR = {250, 208, 200, 255};
static const SDL_Color COLOR_GUTTER_BG = {240, 240, 238, 255};
static const SDL_Color COLOR_GUTTER_TEXT = {140, 140, 150, 255};
static const SDL_Color COLOR_INSPECTED = {255, 200, 110,
                                          255}; /* the inspected Glyph's occurrences */

typedef struct {
  GArray *vertices; /* SDL_Vertex */
  GArray *indices;  /* int */
} Batch;

/* A glyph to blend: where its bitmap lands, and the Glyph. */
typedef struct {
  SDL_Rect box;
  const Glyph *glyph;
} Placed;

struct Renderer {
  SDL_Renderer *sdl; /* not owned */
  GlyphAtlas *atlas; /* not owned */
  UiFont *font;      /* not owned: status line and bar */
  float density;     /* output pixels per point */
  Batch batches[ATLAS_MAX_PAGES];
  GArray *rects;           /* SDL_Rect scratch for the selection */
  GArray *spans;           /* SelectedSpan scratch for the selection */
  GArray *matches;         /* SDL_Rect: the highlights' rectangles this frame */
  GArray *marks;           /* SDL_Rect: this frame's highlights of the inspected Glyph */
  GArray *frame_glyphs;    /* Placed: this frame's glyphs in the text area (frame_glyphs()) */
  bool have_frame_glyphs;  /* whether @frame_glyphs is this frame's */
  bool have_frame_rects;   /* whether @rects, @matches and @marks are this frame's */
  GArray *placed;          /* Placed scratch: compose_into's glyphs, band by band */
  GArray *band_start;      /* guint scratch: where each band's glyphs start in @placed */
  GArray *band_fill;       /* guint scratch: where the next of each band's goes */
  PreeditLabel *preedit;   /* the input method's composition */
  guint draw_calls, quads; /* glyph draw calls and quads of the last frame */
  bool compositing;        /* text composed in @canvas (software), not drawn as atlas quads */
  SDL_Texture *canvas;     /* compositing: streaming ARGB8888, the text area and margins */
  int canvas_w, canvas_h;  /* its size */
  DamageGrid *damage;      /* compositing: what the last frame drew, to draw only changes */
  bool tracking;           /* compositing draws only what changed (renderer_set_damage_tracking) */
  GArray *dirty;           /* SDL_Rect: the text area's rectangles drawn in the last frame */
  GArray *shown;           /* SDL_Rect: what renderer_present sends; empty: everything */
  /* line:column cache for the status line (a column costs a scan of the paragraph) */
  guint64 col_generation;
  DocPos col_pos;
  guint64 col_value;
};

Renderer *renderer_new(SDL_Renderer *sdl, GlyphAtlas *atlas, UiFont *font, float density)
{
  g_return_val_if_fail(sdl != NULL && atlas != NULL && font != NULL, NULL);
  Renderer *r = g_new0(Renderer, 1);
  r->sdl = sdl;
  r->atlas = atlas;
  r->font = font;
  r->density = density > 0 ? density : 1.0f;
  for (guint i = 0; i < ATLAS_MAX_PAGES; i++) {
    r->batches[i].vertices = g_array_new(FALSE, FALSE, sizeof(SDL_Vertex));
    r->batches[i].indices = g_array_new(FALSE, FALSE, sizeof(int));
  }
  r->rects = g_array_new(FALSE, FALSE, sizeof(SDL_Rect));
  r->spans = g_array_new(FALSE, FALSE, sizeof(SelectedSpan));
  r->matches = g_array_new(FALSE, FALSE, sizeof(SDL_Rect));
  r->marks = g_array_new(FALSE, FALSE, sizeof(SDL_Rect));
  r->frame_glyphs = g_array_new(FALSE, FALSE, sizeof(Placed));
  r->placed = g_array_new(FALSE, FALSE, sizeof(Placed));
  r->band_start = g_array_new(FALSE, FALSE, sizeof(guint));
  r->band_fill = g_array_new(FALSE, FALSE, sizeof(guint));
  r->preedit = preedit_label_new(sdl);
  r->col_generation = G_MAXUINT64;
  SDL_RendererInfo info;
  r->compositing = SDL_GetRendererInfo(sdl, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
  r->damage = damage_grid_new();
  r->tracking = true;
  r->dirty = g_array_new(FALSE, FALSE, sizeof(SDL_Rect));
  r->shown = g_array_new(FALSE, FALSE, sizeof(SDL_Rect));
  return r;
}

void renderer_set_damage_tracking(Renderer *r, bool tracking)
{
  g_return_if_fail(r != NULL);
  r->tracking = tracking;
  damage_invalidate(r->damage);
}

void renderer_invalidate(Renderer *r)
{
  g_return_if_fail(r != NULL);
  damage_invalidate(r->damage);
}

const SDL_Rect *renderer_damage(const Renderer *r, guint *n)
{
  g_return_val_if_fail(r != NULL && n != NULL, NULL);
  *n = r->dirty->len;
  return (const SDL_Rect *)(void *)r->dirty->data;
}

void renderer_set_compositing(Renderer *r, bool compositing)
{
  g_return_if_fail(r != NULL);
  r->compositing = compositing;
  damage_invalidate(r->damage);
}

bool renderer_compositing(const Renderer *r)
{
  g_return_val_if_fail(r != NULL, false);
  return r->compositing;
}

void renderer_free(Renderer *r)
{
  if (r == NULL)
    return;
  for (guint i = 0; i < ATLAS_MAX_PAGES; i++) {
    g_array_unref(r->batches[i].vertices);
    g_array_unref(r->batches[i].indices);
  }
  g_array_unref(r->rects);
  g_array_unref(r->spans);
  g_array_unref(r->matches);
  g_array_unref(r->marks);
  g_array_unref(r->frame_glyphs);
  g_array_unref(r->placed);
  g_array_unref(r->band_start);
  g_array_unref(r->band_fill);
  preedit_label_free(r->preedit);
  if (r->canvas != NULL)
    SDL_DestroyTexture(r->canvas);
  damage_grid_free(r->damage);
  g_array_unref(r->dirty);
  g_array_unref(r->shown);
  g_free(r);
}

static int scale(float density, int points)
{
  return (int)(points * density + 0.5f);
}

static int scaled(const Renderer *r, int points)
{
  return scale(r->density, points);
}

void renderer_layout(const UiFont *font, float density, int width, int height, RendererLayout *out)
{
  g_return_if_fail(font != NULL && out != NULL);
  int status_h = uifont_line_height(font) + scale(density, 6);
  int bar_w = scale(density, 12), margin = scale(density, 8);
  out->status = (SDL_Rect){0, height - status_h, width, status_h};
  out->bar = (SDL_Rect){0, out->status.y, width, 0}; /* no rows: renderer_layout_set_bar_rows */
  out->scrollbar = (SDL_Rect){width - bar_w, 0, bar_w, MAX(out->status.y, 0)};
  out->text = (SDL_Rect){margin, margin / 2, MAX(width - bar_w - 2 * margin, 1),
                         MAX(out->status.y - margin / 2, 1)};
  out->gutter = (SDL_Rect){0, 0, 0, MAX(out->status.y, 0)}; /* none (renderer_layout_gutter) */
  out->panel = (SDL_Rect){0, out->bar.y, width, 0};         /* none (renderer_layout_panel) */
}

void renderer_layout_panel(RendererLayout *layout, int height)
{
  g_return_if_fail(layout != NULL);
  int top = layout->panel.y + layout->panel.h; /* the bar's top, where it always ends */
  int h = CLAMP(height, 0, MAX(top - layout->text.y - 1, 0));
  layout->panel = (SDL_Rect){0, top - h, layout->status.w, h};
  layout->scrollbar.h = MAX(layout->panel.y, 0); /* a window shorter than its status line */
  layout->gutter.h = MAX(layout->panel.y, 0);
  layout->text.h = MAX(layout->panel.y - layout->text.y, 1);
}

void renderer_layout_gutter(const UiFont *font, float density, int digits, RendererLayout *layout)
{
  g_return_if_fail(font != NULL && layout != NULL);
  /* back to no gutter first, so that calling it again never carves twice */
  layout->text.x -= layout->gutter.w;
  layout->text.w += layout->gutter.w;
  layout->gutter.w = 0;
  if (digits <= 0)
    return;
  char widest[16];
  g_snprintf(widest, sizeof widest, "%0*d", MIN(digits, 12), 0);
  int w = uifont_text_width((UiFont *)font, widest) + scale(density, 8);
  w = MIN(w, layout->text.w - 1); /* a very narrow window keeps a pixel of text */
  if (w <= 0)
    return;
  layout->gutter = (SDL_Rect){0, 0, w, layout->scrollbar.h};
  layout->text.x += w;
  layout->text.w -= w;
}

bool renderer_layout_set_bar_rows(RendererLayout *layout, const UiFont *font, float density,
                                  int rows)
{
  g_return_val_if_fail(layout != NULL && font != NULL, false);
  int row_h = uifont_line_height(font) + scale(density, 6); /* as tall as the status line */
  /* the rows that fit above the status line, a pixel of text left */
  int h = MIN(MAX(rows, 0) * row_h, MAX(layout->status.y - layout->text.y - 1, 0));
  if (h == layout->bar.h)
    return false;
  int bottom = layout->bar.y + layout->bar.h; /* == status.y */
  layout->bar = (SDL_Rect){0, bottom - h, layout->status.w, h};
  layout->panel = (SDL_Rect){0, layout->bar.y, layout->status.w, 0}; /* carve it again after */
  layout->scrollbar.h = MAX(layout->bar.y, 0);
  layout->text.h = MAX(layout->bar.y - layout->text.y, 1);
  return true;
}

void renderer_thumb_rect(const RendererLayout *layout, const View *view, SDL_Rect *thumb)
{
  g_return_if_fail(layout != NULL && view != NULL && thumb != NULL);
  const SDL_Rect *track = &layout->scrollbar;
  guint64 total = view_total_height(view), visible = (guint64)MAX(view_height(view), 1);
  if (total <= visible) {
    *thumb = (SDL_Rect){track->x, track->y, track->w, 0};
    return;
  }
  int h = MAX((int)((double)track->h * visible / total), MIN(track->h, track->w * 2));
  double frac = (double)view_scroll_y(view) / (double)(total - visible);
  *thumb = (SDL_Rect){track->x + 2, track->y + (int)((track->h - h) * MIN(frac, 1.0)), track->w - 4,
                      h};
}

static void fill(Renderer *r, const SDL_Rect *rect, SDL_Color c)
{
  SDL_SetRenderDrawColor(r->sdl, c.r, c.g, c.b, c.a);
  SDL_RenderFillRect(r->sdl, rect);
}

/* ---- glyphs ---- */

static void batch_add(Renderer *r, const AtlasEntry *e, float x, float y, SDL_Color text)
{
  Batch *b = &r->batches[e->page];
  const float inv = 1.0f / ATLAS_PAGE_SIZE;
  float u0 = e->rect.x * inv, v0 = e->rect.y * inv;
  float u1 = (e->rect.x + e->rect.w) * inv, v1 = (e->rect.y + e->rect.h) * inv;
  float x1 = x + e->rect.w, y1 = y + e->rect.h;
  SDL_Color c = e->color ? (SDL_Color){255, 255, 255, 255} : text;
  int base = (int)b->vertices->len;
  SDL_Vertex v[4] = {
      {{x, y}, c, {u0, v0}},
      {{x1, y}, c, {u1, v0}},
      {{x1, y1}, c, {u1, v1}},
      {{x, y1}, c, {u0, v1}},
  };
  int idx[6] = {base, base + 1, base + 2, base, base + 2, base + 3};
  g_array_append_vals(b->vertices, v, 4);
  g_array_append_vals(b->indices, idx, 6);
  r->quads++;
}

/* Where @dg's bitmap lands in the window: its piece on the screen of @area,
 * its pen, its Glyph's bearings and size (the one rule every path draws by). */
static SDL_Rect glyph_box(const SDL_Rect *area, const ViewPiece *piece, const DrawnGlyph *dg)
{
  const Glyph *g = dg->glyph;
  return (SDL_Rect){area->x + dg->x + g->bearing_x,
                    (int)(area->y + piece->top + dg->y - g->bearing_y), g->width, g->rows};
}

/* The colour @g's coverage is drawn in: the text's, or with the sharing map
 * on, its reference count's. */
static SDL_Color glyph_color(const RendererFrame *f, const Glyph *g)
{
  return f->sharing_map ? sharing_map_refcount_color(glyph_sharing_users(g)) : COLOR_TEXT;
}

/* Adds the quads of one piece's glyphs that fall inside @area. */
static void add_piece(Renderer *r, const SDL_Rect *area, const RendererFrame *f,
                      const ViewPiece *piece)
{
  for (guint i = 0; i < piece->n_glyphs; i++) {
    SDL_Rect box = glyph_box(area, piece, &piece->glyphs[i]);
    if (box.y > area->y + area->h || box.y + box.h < area->y)
      continue;
    AtlasEntry entry;
    if (atlas_lookup(r->atlas, piece->glyphs[i].glyph, &entry))
      batch_add(r, &entry, (float)box.x, (float)box.y, glyph_color(f, piece->glyphs[i].glyph));
  }
}

static void flush_batches(Renderer *r)
{
  for (guint p = 0; p < atlas_page_count(r->atlas); p++) {
    Batch *b = &r->batches[p];
    if (b->indices->len == 0)
      continue;
    SDL_RenderGeometry(r->sdl, atlas_page_texture(r->atlas, p),
                       (const SDL_Vertex *)(void *)b->vertices->data, (int)b->vertices->len,
                       (const int *)(void *)b->indices->data, (int)b->indices->len);
    r->draw_calls++;
    g_array_set_size(b->vertices, 0);
    g_array_set_size(b->indices, 0);
  }
}

static void draw_glyphs(Renderer *r, const SDL_Rect *area, const RendererFrame *f,
                        const ViewPiece *pieces, guint n)
{
  r->draw_calls = r->quads = 0;
  atlas_begin_frame(r->atlas);
  for (guint i = 0; i < n; i++)
    add_piece(r, area, f, &pieces[i]);
  flush_batches(r);
}

/* ---- the inspected Glyph ---- */

static const GArray *frame_glyphs(Renderer *r, const SDL_Rect *area, const RendererFrame *f);

/* The highlights of the inspected Glyph into r->marks: a rectangle a pixel
 * larger than each bitmap that draws it (none without one). */
static void collect_marks(Renderer *r, const SDL_Rect *area, const RendererFrame *f)
{
  g_array_set_size(r->marks, 0);
  if (f->inspected == NULL)
    return;
  const GArray *glyphs = frame_glyphs(r, area, f);
  for (guint i = 0; i < glyphs->len; i++) {
    const Placed *p = &g_array_index(glyphs, Placed, i);
    if (p->glyph != f->inspected)
      continue;
    SDL_Rect mark = {p->box.x - 1, p->box.y - 1, p->box.w + 2, p->box.h + 2};
    g_array_append_val(r->marks, mark);
  }
}

/* The highlights through SDL (the atlas path). */
static void draw_marks(Renderer *r, const SDL_Rect *area, const RendererFrame *f)
{
  collect_marks(r, area, f);
  SDL_SetRenderDrawColor(r->sdl, COLOR_INSPECTED.r, COLOR_INSPECTED.g, COLOR_INSPECTED.b, 255);
  SDL_RenderFillRects(r->sdl, (const SDL_Rect *)(void *)r->marks->data, (int)r->marks->len);
}

/* ---- selection and cursor ---- */

/* Highlights what @piece shows of the selection: by glyph, in visual order,
 * so a selection across a change of direction shows as the visual ranges it
 * covers, and half a ligature as half of it; each the height of its line
 * (the paragraph's line metrics: a glyph's own face may be shorter). */
static void select_piece(Renderer *r, const SDL_Rect *area, const RendererFrame *f,
                         const ViewPiece *piece, DocPos start, DocPos end)
{
  g_array_set_size(r->spans, 0);
  view_selection_spans(f->view, piece, start, end, r->spans);
  int height = MAX(piece->metrics.height, 1);
  for (guint k = 0; k < r->spans->len; k++) {
    const SelectedSpan *span = &g_array_index(r->spans, SelectedSpan, k);
    const DrawnGlyph *dg = &piece->glyphs[span->glyph];
    /* its line: the baseline nearest the glyph's (a mark's offset moves it a little) */
    int line = MAX(dg->y - piece->metrics.ascent + height / 2, 0) / height;
    int x0 = span->x0 >> 6, x1 = (span->x1 + 63) >> 6;
    SDL_Rect rect = {area->x + x0, (int)(area->y + piece->top + (gint64)line * height),
                     MAX(x1 - x0, 2), height};
    g_array_append_val(r->rects, rect);
  }
}

/* The selection's rectangles on screen into r->rects (none without one). */
static void collect_selection(Renderer *r, const SDL_Rect *area, const RendererFrame *f,
                              const ViewPiece *pieces, guint n)
{
  g_array_set_size(r->rects, 0);
  if (!editor_has_selection(f->editor))
    return;
  DocPos start, end;
  editor_selection(f->editor, &start, &end);
  for (guint i = 0; i < n; i++)
    if (pieces[i].para >= start.para && pieces[i].para <= end.para)
      select_piece(r, area, f, &pieces[i], start, end);
}

/* The highlights' rectangles on screen into r->matches (through r->rects,
 * which collect_selection then refills). */
static void collect_highlights(Renderer *r, const SDL_Rect *area, const RendererFrame *f,
                               const ViewPiece *pieces, guint n)
{
  g_array_set_size(r->matches, 0);
  g_array_set_size(r->rects, 0);
  for (guint h = 0; h < f->n_highlights; h++)
    for (guint i = 0; i < n; i++)
      if (pieces[i].para >= f->highlights[h].start.para &&
          pieces[i].para <= f->highlights[h].end.para)
        select_piece(r, area, f, &pieces[i], f->highlights[h].start, f->highlights[h].end);
  g_array_append_vals(r->matches, r->rects->data, r->rects->len);
  g_array_set_size(r->rects, 0);
}

static void draw_highlights(Renderer *r, const SDL_Rect *area, const RendererFrame *f,
                            const ViewPiece *pieces, guint n)
{
  collect_highlights(r, area, f, pieces, n);
  SDL_SetRenderDrawColor(r->sdl, COLOR_MATCH.r, COLOR_MATCH.g, COLOR_MATCH.b, 255);
  SDL_RenderFillRects(r->sdl, (const SDL_Rect *)(void *)r->matches->data, (int)r->matches->len);
}

static void draw_selection(Renderer *r, const SDL_Rect *area, const RendererFrame *f,
                           const ViewPiece *pieces, guint n)
{
  collect_selection(r, area, f, pieces, n);
  SDL_SetRenderDrawColor(r->sdl, COLOR_SELECTION.r, COLOR_SELECTION.g, COLOR_SELECTION.b, 255);
  SDL_RenderFillRects(r->sdl, (const SDL_Rect *)(void *)r->rects->data, (int)r->rects->len);
}

/* The editor's cursor with the side it is drawn on. */
static ViewCaret frame_caret(const RendererFrame *f)
{
  return (ViewCaret){editor_cursor(f->editor), editor_cursor_affinity(f->editor)};
}

/* Where the caret shows; false when it does not (blinked off, off screen). */
static bool cursor_rect(const Renderer *r, const SDL_Rect *area, const RendererFrame *f,
                        SDL_Rect *out)
{
  int x, height;
  gint64 top;
  if (!f->cursor_visible || !view_point_of_caret(f->view, frame_caret(f), &x, &top, &height))
    return false;
  if (top + height < 0 || top > area->h)
    return false;
  *out = (SDL_Rect){area->x + x, (int)(area->y + top), MAX(scaled(r, 2), 1), height};
  return true;
}

static void draw_cursor(Renderer *r, const SDL_Rect *area, const RendererFrame *f)
{
  SDL_Rect rect;
  if (cursor_rect(r, area, f, &rect))
    fill(r, &rect, COLOR_CURSOR);
}

/* Text an input method is composing, at the cursor, over the text after it. */
static void draw_composition(Renderer *r, const SDL_Rect *area, const RendererFrame *f)
{
  int x, height;
  gint64 top;
  if (f->composition == NULL || f->composition[0] == '\0' ||
      !view_point_of_caret(f->view, frame_caret(f), &x, &top, &height))
    return;
  const GlyphStyle *st = glyph_factory_style_info(document_factory(editor_document(f->editor)),
                                                  editor_style(f->editor));
  if (st != NULL)
    preedit_label_draw(r->preedit, st->typeface, st->px, f->composition, area->x + x,
                       (int)(area->y + top), height);
}

/* ---- chrome ---- */

static void draw_scrollbar(Renderer *r, const RendererLayout *layout, const View *view)
{
  fill(r, &layout->scrollbar, COLOR_TRACK);
  SDL_Rect thumb;
  renderer_thumb_rect(layout, view, &thumb);
  if (thumb.h > 0)
    fill(r, &thumb, COLOR_THUMB);
}

/* 1-based column of the cursor, cached: it scans the paragraph up to the cursor. */
static guint64 cursor_column(Renderer *r, const Editor *editor)
{
  DocPos pos = editor_cursor(editor);
  guint64 gen = editor_generation(editor);
  if (gen != r->col_generation || docpos_compare(pos, r->col_pos) != 0) {
    r->col_value = (guint64)document_char_index(editor_document(editor), pos) + 1;
    r->col_generation = gen;
    r->col_pos = pos;
  }
  return r->col_value;
}

static void draw_status(Renderer *r, const RendererLayout *layout, const RendererFrame *f)
{
  fill(r, &layout->status, COLOR_STATUS_BG);
  const Document *doc = editor_document(f->editor);
  const GlyphStyle *st = glyph_factory_style_info(document_factory(doc), editor_style(f->editor));
  g_autofree char *name = f->path ? g_path_get_basename(f->path) : g_strdup("untitled");
  DocPos pos = editor_cursor(f->editor);
  g_autofree char *left = g_strdup_printf("%s%s   Ln %u, Col %" G_GUINT64_FORMAT, name,
                                          editor_modified(f->editor) ? " *" : "", pos.para + 1,
                                          cursor_column(r, f->editor));
  g_autofree char *right = g_strdup_printf("%s%s%s %upx   flyweight %s",
                                           f->keys_hint ? f->keys_hint : "",
                                           f->keys_hint ? "   " : "",
                                           st ? typeface_family(st->typeface) : "?",
                                           st ? st->px : 0,
                                           view_get_sharing(f->view) ? "on" : "off");
  int y = layout->status.y + scaled(r, 3), pad = scaled(r, 8);
  uifont_draw(r->font, pad, y, left, COLOR_STATUS_TEXT);
  /* A narrow window has no room for both halves: the right one (typeface,
   * size, flyweight) goes rather than overprinting where the cursor is. */
  int right_w = uifont_text_width(r->font, right);
  if (pad + uifont_text_width(r->font, left) + 2 * pad + right_w + pad <= layout->status.w)
    uifont_draw(r->font, layout->status.w - pad - right_w, y, right, COLOR_STATUS_TEXT);
}

static void draw_progress(Renderer *r, const RendererLayout *layout, double progress)
{
  if (progress <= 0.0 || progress >= 1.0)
    return;
  SDL_Rect bar = {0, layout->status.y, (int)(layout->status.w * progress), scaled(r, 3)};
  fill(r, &bar, COLOR_PROGRESS);
}

/* The bar's rows ("\n" between them) in the rows the layout reserved. */
static void draw_bar(Renderer *r, const RendererLayout *layout, const RendererFrame *f)
{
  if (f->bar_text == NULL || layout->bar.h <= 0)
    return;
  fill(r, &layout->bar, f->bar_is_error ? COLOR_BAR_ERROR : COLOR_BAR_BG);
  g_auto(GStrv) rows = g_strsplit(f->bar_text, "\n", -1);
  int row_h = layout->status.h;
  for (int i = 0; rows[i] != NULL && (i + 1) * row_h <= layout->bar.h; i++)
    uifont_draw(r->font, scaled(r, 8), layout->bar.y + i * row_h + scaled(r, 3), rows[i],
                COLOR_STATUS_TEXT);
}

/* The line numbers: each paragraph's number (1-based) beside its first line,
 * its top aligned with the line's, in the label font. Part of the chrome,
 * drawn whole every frame (a few dozen short labels), so damage tracking
 * never has to know about it; the text area's clip starts right of it. */
static void draw_gutter(Renderer *r, const RendererLayout *layout, const RendererFrame *f)
{
  const SDL_Rect *g = &layout->gutter;
  if (g->w <= 0 || g->h <= 0)
    return;
  fill(r, g, COLOR_GUTTER_BG);
  guint n = 0;
  const ViewPiece *pieces = view_visible(f->view, &n);
  int label_h = uifont_line_height(r->font), pad = scaled(r, 4);
  SDL_RenderSetClipRect(r->sdl, g);
  for (guint i = 0; i < n; i++) {
    const ViewPiece *p = &pieces[i];
    if (p->first_line != 0)
      continue; /* the paragraph starts above the screen: its number is not here */
    gint64 top = layout->text.y + p->top + MAX(p->metrics.height - label_h, 0) / 2;
    if (top + label_h < g->y || top > g->y + g->h)
      continue;
    char number[16];
    g_snprintf(number, sizeof number, "%u", p->para + 1);
    uifont_draw(r->font, g->x + g->w - pad - uifont_text_width(r->font, number), (int)top, number,
                COLOR_GUTTER_TEXT);
  }
  SDL_RenderSetClipRect(r->sdl, NULL);
}

/* ---- compositing ---- */

/* The canvas, made or remade for a text area of @w x @h; false when SDL cannot. */
static bool ensure_canvas(Renderer *r, int w, int h)
{
  if (r->canvas != NULL && r->canvas_w == w && r->canvas_h == h)
    return true;
  if (r->canvas != NULL)
    SDL_DestroyTexture(r->canvas);
  r->canvas = SDL_CreateTexture(r->sdl, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                MAX(w, 1), MAX(h, 1));
  r->canvas_w = w;
  r->canvas_h = h;
  if (r->canvas != NULL)
    SDL_SetTextureBlendMode(r->canvas, SDL_BLENDMODE_NONE);
  return r->canvas != NULL;
}

#define BAND_ROWS 32 /* rows composed at a time: at 1080p a band is 240 KB, in the L2 cache */

/* The bands of @t that @box touches: [*first, *last]; false when none. */
static bool box_bands(const CompositorTarget *t, const SDL_Rect *box, int *first, int *last)
{
  int top = MAX(box->y, t->origin_y), bottom = MIN(box->y + box->h, t->origin_y + t->height);
  if (box->w <= 0 || top >= bottom)
    return false;
  *first = (top - t->origin_y) / BAND_ROWS;
  *last = (bottom - 1 - t->origin_y) / BAND_ROWS;
  return true;
}

/* This frame's glyphs that have pixels in the rows of the text area @area,
 * where their bitmaps land: worked out from the pieces once a frame, for
 * damage tracking and every rectangle composed (renderer_draw forgets them). */
static const GArray *frame_glyphs(Renderer *r, const SDL_Rect *area, const RendererFrame *f)
{
  if (r->have_frame_glyphs)
    return r->frame_glyphs;
  g_array_set_size(r->frame_glyphs, 0);
  guint n = 0;
  const ViewPiece *pieces = view_visible(f->view, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++) {
      Placed p = {glyph_box(area, &pieces[i], &pieces[i].glyphs[k]), pieces[i].glyphs[k].glyph};
      if (p.box.w > 0 && p.box.h > 0 && p.box.y < area->y + area->h && p.box.y + p.box.h > area->y)
        g_array_append_val(r->frame_glyphs, p);
    }
  r->have_frame_glyphs = true;
  return r->frame_glyphs;
}

/* Sorts @glyphs (Placed) that show in @t into its bands (a counting sort:
 * one pass counts, one places): r->placed holds band b's glyphs at
 * [r->band_start[b], r->band_start[b + 1]), a glyph cut by a band's edge in
 * both bands. Returns how many glyphs show (as the atlas path counts its
 * quads). */
static guint place_glyphs(Renderer *r, const CompositorTarget *t, const GArray *glyphs, int bands)
{
  g_array_set_size(r->band_start, (guint)bands + 1);
  guint *start = &g_array_index(r->band_start, guint, 0);
  memset(start, 0, ((gsize)bands + 1) * sizeof(guint));
  const Placed *all = (const Placed *)(void *)glyphs->data;
  guint shown = 0;
  for (guint i = 0; i < glyphs->len; i++) {
    int first, last;
    if (!box_bands(t, &all[i].box, &first, &last))
      continue;
    shown++;
    for (int b = first; b <= last; b++)
      start[b + 1]++;
  }
  for (int b = 0; b < bands; b++)
    start[b + 1] += start[b];
  g_array_set_size(r->placed, start[bands]);
  g_array_set_size(r->band_fill, (guint)bands);
  guint *fill_at = &g_array_index(r->band_fill, guint, 0);
  memcpy(fill_at, start, (gsize)bands * sizeof(guint));
  for (guint i = 0; i < glyphs->len; i++) {
    int first, last;
    if (box_bands(t, &all[i].box, &first, &last))
      for (int b = first; b <= last; b++)
        g_array_index(r->placed, Placed, fill_at[b]++) = all[i];
  }
  return shown;
}

/* This frame's highlights, selection and inspected Glyph's marks into
 * r->matches, r->rects and r->marks: worked out once a frame (a highlight
 * walks its piece's glyphs), for damage tracking and every rectangle
 * composed. */
static void frame_rects(Renderer *r, const SDL_Rect *area, const RendererFrame *f)
{
  if (r->have_frame_rects)
    return;
  guint n = 0;
  const ViewPiece *pieces = view_visible(f->view, &n);
  collect_highlights(r, area, f, pieces, n);
  collect_selection(r, area, f, pieces, n);
  collect_marks(r, area, f);
  r->have_frame_rects = true;
}

/* Composes the text area into @t: background, selection, glyphs, caret, a
 * band of rows at a time, each band clipping what it draws. A band is filled
 * and drawn on while its pixels are in the cache; filling the whole area
 * first and blending after would take every pixel to memory and back. */
static void compose_into(Renderer *r, const CompositorTarget *t, const RendererLayout *layout,
                         const RendererFrame *f)
{
  const SDL_Rect *area = &layout->text;
  frame_rects(r, area, f);
  SDL_Rect caret;
  bool has_caret = cursor_rect(r, area, f, &caret);
  int bands = (t->height + BAND_ROWS - 1) / BAND_ROWS;
  r->draw_calls++; /* a rectangle composed (renderer_draw counts from 0) */
  r->quads += place_glyphs(r, t, frame_glyphs(r, area, f), bands);
  const guint *start = &g_array_index(r->band_start, guint, 0);
  for (int b = 0; b < bands; b++) {
    int y = t->origin_y + b * BAND_ROWS;
    SDL_Rect band = {t->origin_x, y, t->width, MIN(BAND_ROWS, t->origin_y + t->height - y)};
    compositor_fill(t, NULL, &band, COLOR_BG);
    for (guint i = 0; i < r->matches->len; i++)
      compositor_fill(t, &band, &g_array_index(r->matches, SDL_Rect, i), COLOR_MATCH);
    for (guint i = 0; i < r->rects->len; i++)
      compositor_fill(t, &band, &g_array_index(r->rects, SDL_Rect, i), COLOR_SELECTION);
    for (guint i = 0; i < r->marks->len; i++)
      compositor_fill(t, &band, &g_array_index(r->marks, SDL_Rect, i), COLOR_INSPECTED);
    for (guint k = start[b]; k < start[b + 1]; k++) {
      const Placed *p = &g_array_index(r->placed, Placed, k);
      compositor_blend_glyph(t, &band, p->glyph, p->box.x, p->box.y, glyph_color(f, p->glyph));
    }
    if (has_caret)
      compositor_fill(t, &band, &caret, COLOR_CURSOR);
  }
}

/* The window's own pixels, when SDL's software renderer draws straight into
 * them (a renderer made for a window): composing there saves copying a
 * canvas of the whole text area every frame. NULL otherwise (a renderer for
 * a surface, a format the compositor does not take, a size that is not the
 * output's). */
static SDL_Surface *window_pixels(Renderer *r)
{
  SDL_Window *window = SDL_RenderGetWindow(r->sdl);
  SDL_Surface *surface = window != NULL ? SDL_GetWindowSurface(window) : NULL;
  int w, h;
  CompositorTarget probe;
  SDL_Rect one = {0, 0, 1, 1};
  if (surface == NULL || SDL_GetRendererOutputSize(r->sdl, &w, &h) != 0 || surface->w != w ||
      surface->h != h || surface->pixels == NULL ||
      !compositor_target(&probe, surface->pixels, &one, surface->pitch, surface->format->format))
    return NULL;
  return surface;
}

/* @t over the pixels of @clip where they persist: the window's own (after
 * what SDL has queued, which is drawn first), or else the canvas's; false
 * when neither can be had. *@in_window says which, for end_target(). */
static bool begin_target(Renderer *r, const RendererLayout *layout, const SDL_Rect *clip,
                         CompositorTarget *t, bool *in_window)
{
  SDL_Surface *surface = window_pixels(r);
  *in_window = surface != NULL && SDL_RenderFlush(r->sdl) == 0 &&
               (!SDL_MUSTLOCK(surface) || SDL_LockSurface(surface) == 0);
  if (*in_window) {
    char *origin = (char *)surface->pixels + (gsize)clip->y * (gsize)surface->pitch + clip->x * 4;
    return compositor_target(t, origin, clip, surface->pitch, surface->format->format);
  }
  void *pixels;
  int pitch;
  if (!ensure_canvas(r, layout->scrollbar.x, layout->status.y) ||
      SDL_LockTexture(r->canvas, clip, &pixels, &pitch) != 0)
    return false;
  return compositor_target(t, pixels, clip, pitch, SDL_PIXELFORMAT_ARGB8888);
}

/* Ends drawing into @clip's pixels: the canvas's are copied to the output. */
static void end_target(Renderer *r, const SDL_Rect *clip, bool in_window)
{
  SDL_Surface *surface = in_window ? window_pixels(r) : NULL;
  if (surface != NULL && SDL_MUSTLOCK(surface))
    SDL_UnlockSurface(surface);
  if (in_window)
    return;
  SDL_UnlockTexture(r->canvas);
  SDL_RenderCopy(r->sdl, r->canvas, clip, clip);
}

/* Composes the text area's part @clip into the window's pixels or, where
 * that cannot be, through the canvas; false when neither can. */
static bool compose_text_area(Renderer *r, const RendererLayout *layout, const RendererFrame *f,
                              const SDL_Rect *clip)
{
  CompositorTarget t;
  bool in_window;
  if (!begin_target(r, layout, clip, &t, &in_window))
    return false;
  compose_into(r, &t, layout, f);
  end_target(r, clip, in_window);
  SDL_RenderSetClipRect(r->sdl, clip);
  draw_composition(r, &layout->text, f);
  SDL_RenderSetClipRect(r->sdl, NULL);
  return true;
}

/* ---- damage ---- */

/* The hash of what @g draws: its key (style, glyph id, phase) and kind. */
static guint64 glyph_hash(const Glyph *g)
{
  guint64 key = (guint64)g->glyph_id << 32 | (guint64)g->style << 16 | (guint64)g->phase << 8 |
                (g->flags & GLYPH_COLOR);
  return damage_mix(DAMAGE_HASH_INIT, key);
}

static guint64 tag_hash(const char *tag)
{
  return damage_hash(DAMAGE_HASH_INIT, tag, strlen(tag));
}

/* Adds what this frame draws in the text area to the damage grid: the find
 * bar's highlights, the selection, every glyph (tinted by the sharing map),
 * the inspector's marks and the caret. The bar has rows of its own, drawn
 * with the chrome every frame. */
static void track_frame(Renderer *r, const RendererLayout *layout, const RendererFrame *f)
{
  const SDL_Rect *area = &layout->text;
  frame_rects(r, area, f);
  for (guint i = 0; i < r->matches->len; i++)
    damage_add(r->damage, &g_array_index(r->matches, SDL_Rect, i), tag_hash("match"));
  for (guint i = 0; i < r->rects->len; i++)
    damage_add(r->damage, &g_array_index(r->rects, SDL_Rect, i), tag_hash("selection"));
  const GArray *glyphs = frame_glyphs(r, area, f);
  for (guint i = 0; i < glyphs->len; i++) {
    const Placed *p = &g_array_index(glyphs, Placed, i);
    guint64 hash = glyph_hash(p->glyph);
    if (f->sharing_map) /* its tint changes with its references (text scrolling in and out) */
      hash = damage_mix(hash, 1 + glyph_sharing_bucket(glyph_sharing_users(p->glyph)));
    damage_add(r->damage, &p->box, hash);
  }
  for (guint i = 0; i < r->marks->len; i++)
    damage_add(r->damage, &g_array_index(r->marks, SDL_Rect, i), tag_hash("inspected"));
  SDL_Rect caret;
  if (cursor_rect(r, area, f, &caret))
    damage_add(r->damage, &caret, tag_hash("caret"));
}

/* Moves the pixels of @clip @dy rows down (up when negative) in @t, the
 * rows that stay on screen. */
static void move_rows(const CompositorTarget *t, const SDL_Rect *clip, gint64 dy)
{
  int h = clip->h - (int)ABS(dy);
  gsize row_bytes = (gsize)clip->w * 4;
  for (int i = 0; i < h; i++) {
    /* the source row; down: from the bottom up, so that no row is read after it was written */
    int y = dy > 0 ? clip->y + h - 1 - i : clip->y - (int)dy + i;
    uint32_t *from = t->pixels + (ptrdiff_t)(y - t->origin_y) * t->stride;
    memmove(from + (ptrdiff_t)dy * t->stride, from, row_bytes);
  }
}

/* Moves the last frame's pixels of @clip by @dy rows where they persist (the
 * window's pixels, or the canvas, which is then copied out whole); false
 * when they cannot be moved. */
static bool move_pixels(Renderer *r, const RendererLayout *layout, const SDL_Rect *clip, gint64 dy)
{
  CompositorTarget t;
  bool in_window;
  if (!begin_target(r, layout, clip, &t, &in_window))
    return false;
  move_rows(&t, clip, dy);
  end_target(r, clip, in_window);
  return true;
}

/* Whether @rects (not overlapping) cover at least half of @clip. */
static bool mostly(const GArray *rects, const SDL_Rect *clip)
{
  guint64 area = 0;
  for (guint i = 0; i < rects->len; i++)
    area += (guint64)g_array_index(rects, SDL_Rect, i).w *
            (guint64)g_array_index(rects, SDL_Rect, i).h;
  return area * 2 >= (guint64)clip->w * (guint64)clip->h;
}

/* Draws only what changed in the text area's @clip since the last frame
 * (all of it the first time), moving what a scroll kept; fills r->dirty.
 * False when composing failed (the caller draws the area whole). */
static bool draw_changes(Renderer *r, const RendererLayout *layout, const RendererFrame *f,
                         const SDL_Rect *clip)
{
  /* a composition is drawn by SDL over the text and not tracked: its frame,
   * and the one after it, are drawn whole */
  bool composing = f->composition != NULL && f->composition[0] != '\0';
  if (composing)
    damage_invalidate(r->damage);
  damage_begin(r->damage, clip, view_scroll_y(f->view) - layout->text.y);
  track_frame(r, layout, f);
  gint64 dy = damage_scroll(r->damage);
  bool moved = dy != 0 && ABS(dy) < clip->h && move_pixels(r, layout, clip, dy);
  g_array_set_size(r->dirty, 0);
  damage_end(r->damage, moved, r->dirty);
  if (mostly(r->dirty, clip)) { /* one pass over the glyphs, not one per row of cells */
    g_array_set_size(r->dirty, 0);
    g_array_append_val(r->dirty, *clip);
  }
  for (guint i = 0; i < r->dirty->len; i++)
    if (!compose_text_area(r, layout, f, &g_array_index(r->dirty, SDL_Rect, i))) {
      damage_invalidate(r->damage);
      return false;
    }
  if (moved) /* every pixel of the area changed place */
    g_array_append_val(r->shown, *clip);
  else
    g_array_append_vals(r->shown, r->dirty->data, r->dirty->len);
  if (composing)
    damage_invalidate(r->damage);
  return true;
}

/* The text area's contents, clipped to @clip. */
static void draw_text_area(Renderer *r, const RendererLayout *layout, const RendererFrame *f,
                           const SDL_Rect *clip)
{
  if (r->compositing) {
    if (compose_text_area(r, layout, f, clip))
      return;
    fill(r, clip, COLOR_BG); /* no canvas: and renderer_draw did not clear */
  }
  guint n = 0;
  const ViewPiece *pieces = view_visible(f->view, &n);
  SDL_RenderSetClipRect(r->sdl, clip);
  draw_highlights(r, &layout->text, f, pieces, n);
  draw_selection(r, &layout->text, f, pieces, n);
  draw_marks(r, &layout->text, f);
  draw_glyphs(r, &layout->text, f, pieces, n);
  draw_cursor(r, &layout->text, f);
  draw_composition(r, &layout->text, f);
  SDL_RenderSetClipRect(r->sdl, NULL);
}

void renderer_draw(Renderer *r, const RendererLayout *layout, const RendererFrame *f)
{
  g_return_if_fail(r != NULL && layout != NULL && f != NULL);
  SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(r->sdl, COLOR_BG.r, COLOR_BG.g, COLOR_BG.b, 255);
  if (!r->compositing) /* composing covers every pixel the chrome does not */
    SDL_RenderClear(r->sdl);
  /* the text area's pixels: the window's left edge (or the gutter's right
   * edge) to the scrollbar, down to the bar's rows (they have their own) */
  SDL_Rect clip = {layout->gutter.w, 0, layout->scrollbar.x - layout->gutter.w, layout->panel.y};
  g_array_set_size(r->shown, 0);
  g_array_set_size(r->dirty, 0);
  r->draw_calls = r->quads = 0;
  r->have_frame_glyphs = false;
  r->have_frame_rects = false;
  if (clip.w <= 0 || clip.h <= 0) { /* a window narrower than the scrollbar: no text area */
    damage_invalidate(r->damage);
    draw_scrollbar(r, layout, f->view);
    draw_bar(r, layout, f); /* a prompt open in a tiny window still shows what it takes */
    draw_status(r, layout, f);
    return;
  }
  bool partial = r->compositing && r->tracking && draw_changes(r, layout, f, &clip);
  if (!partial) {
    g_array_set_size(r->shown, 0); /* everything */
    damage_invalidate(r->damage);
    draw_text_area(r, layout, f, &clip);
    g_array_append_val(r->dirty, clip);
  }
  draw_scrollbar(r, layout, f->view);
  draw_gutter(r, layout, f);
  draw_bar(r, layout, f);
  draw_status(r, layout, f);
  draw_progress(r, layout, f->progress);
  if (partial) { /* the chrome is drawn every frame: small */
    if (layout->gutter.w > 0)
      g_array_append_val(r->shown, layout->gutter);
    g_array_append_val(r->shown, layout->scrollbar);
    g_array_append_val(r->shown, layout->status);
    if (f->bar_text != NULL && layout->bar.h > 0)
      g_array_append_val(r->shown, layout->bar);
  }
}

void renderer_present(Renderer *r)
{
  g_return_if_fail(r != NULL);
  SDL_Window *window = SDL_RenderGetWindow(r->sdl);
  if (r->shown->len > 0 && window != NULL && window_pixels(r) != NULL &&
      SDL_RenderFlush(r->sdl) == 0 &&
      SDL_UpdateWindowSurfaceRects(window, (const SDL_Rect *)(void *)r->shown->data,
                                   (int)r->shown->len) == 0)
    return;
  SDL_RenderPresent(r->sdl);
}

void renderer_also_show(Renderer *r, const SDL_Rect *rect)
{
  g_return_if_fail(r != NULL && rect != NULL);
  if (r->shown->len > 0 && rect->w > 0 && rect->h > 0) /* empty: everything is sent */
    g_array_append_val(r->shown, *rect);
}

guint renderer_glyph_draw_calls(const Renderer *r)
{
  g_return_val_if_fail(r != NULL, 0);
  return r->draw_calls;
}

guint renderer_glyph_quads(const Renderer *r)
{
  g_return_val_if_fail(r != NULL, 0);
  return r->quads;
}
