/* atlas.c — shelf-packed glyph textures with LRU eviction.
 *
 * Algorithm. Each page is a square ARGB texture cut into horizontal shelves; a
 * glyph goes on the first shelf tall enough (and not much taller) with room left,
 * or on a new shelf under the last one. A freed slot's cell goes on its page's
 * free list and is reused best-fit; a page with no live slot is reset whole.
 * When no page has room and no new page may be made, the least recently drawn
 * quarter of the slots is evicted (their glyphs lose the slot and are uploaded
 * again when next drawn); if that frees no cell large enough, the page drawn
 * least recently is emptied. Slots drawn in the current frame are never evicted,
 * so every glyph of a frame stays valid until its batch is drawn. A page left
 * with no live slot (the private glyphs of the flyweight off, given back) is
 * destroyed when the next frame begins, the first page apart: the last page
 * takes its index, so pages stay 0..n-1 and the atlas shrinks as it grew.
 *
 * Invariants: slot i is in use iff slots[i].glyph != NULL, and then
 * slots[i].glyph->atlas_slot == i; a page's live count is its slots in use. */
#include "atlas.h"

#include <string.h>

#define SHELF_SLACK 4 /* a shelf takes glyphs up to this many pixels shorter + 25 % */

typedef struct {
  Glyph *glyph;      /* the owner, NULL when the slot is free */
  guint page;        /* page index */
  SDL_Rect cell;     /* the cell allocated (returned to the page when freed) */
  guint64 last_used; /* frame number of the last draw */
} Slot;

typedef struct {
  int y, height, x; /* shelf top, height, and first free column */
} Shelf;

typedef struct {
  SDL_Texture *texture;
  GArray *shelves;    /* Shelf */
  GArray *free_cells; /* SDL_Rect cells of freed slots */
  int top;            /* first row below the last shelf */
  guint live;         /* slots in use on this page */
} Page;

struct GlyphAtlas {
  SDL_Renderer *renderer; /* not owned */
  GlyphFactory *factory;  /* not owned */
  guint callback_id;      /* our release callback on the factory */
  Page pages[ATLAS_MAX_PAGES];
  guint n_pages;
  GArray *slots;      /* Slot, indexed by Glyph.atlas_slot */
  GArray *free_slots; /* gint32 indices of free Slot entries */
  guint64 frame;      /* current frame number */
  AtlasStats stats;
  GArray *scratch; /* guint32 pixels for uploads */
  /* the cells of the last evictions, a ring: evicted[(next - k) % KEPT] is the
   * k-th newest; an entry whose page is gone has page ATLAS_MAX_PAGES */
  struct {
    guint page;
    SDL_Rect rect;
  } evicted[ATLAS_EVICTIONS_KEPT];
  guint next_evicted, n_evicted;
};

static void free_slot(GlyphAtlas *atlas, gint32 index);

static void on_glyph_released(Glyph *glyph, void *user_data)
{
  GlyphAtlas *atlas = user_data;
  if (glyph->atlas_slot >= 0 && (guint)glyph->atlas_slot < atlas->slots->len &&
      g_array_index(atlas->slots, Slot, glyph->atlas_slot).glyph == glyph)
    free_slot(atlas, glyph->atlas_slot);
}

GlyphAtlas *atlas_new(SDL_Renderer *renderer, GlyphFactory *factory)
{
  g_return_val_if_fail(renderer != NULL && factory != NULL, NULL);
  GlyphAtlas *atlas = g_new0(GlyphAtlas, 1);
  atlas->renderer = renderer;
  atlas->factory = factory;
  atlas->slots = g_array_new(FALSE, TRUE, sizeof(Slot));
  atlas->free_slots = g_array_new(FALSE, FALSE, sizeof(gint32));
  atlas->scratch = g_array_new(FALSE, FALSE, sizeof(guint32));
  atlas->frame = 1;
  atlas->callback_id = glyph_factory_add_release_callback(factory, on_glyph_released, atlas);
  return atlas;
}

void atlas_free(GlyphAtlas *atlas)
{
  if (atlas == NULL)
    return;
  glyph_factory_remove_release_callback(atlas->factory, atlas->callback_id);
  for (guint i = 0; i < atlas->slots->len; i++) {
    Slot *slot = &g_array_index(atlas->slots, Slot, i);
    if (slot->glyph != NULL)
      slot->glyph->atlas_slot = -1;
  }
  for (guint p = 0; p < atlas->n_pages; p++) {
    SDL_DestroyTexture(atlas->pages[p].texture);
    g_array_unref(atlas->pages[p].shelves);
    g_array_unref(atlas->pages[p].free_cells);
  }
  g_array_unref(atlas->slots);
  g_array_unref(atlas->free_slots);
  g_array_unref(atlas->scratch);
  g_free(atlas);
}

static void free_empty_pages(GlyphAtlas *atlas);

void atlas_begin_frame(GlyphAtlas *atlas)
{
  g_return_if_fail(atlas != NULL);
  atlas->frame++;
  free_empty_pages(atlas); /* between frames: no entry of this frame names a page yet */
}

/* ---- pages and cells ---- */

static void page_reset(Page *page)
{
  g_array_set_size(page->shelves, 0);
  g_array_set_size(page->free_cells, 0);
  page->top = 0;
}

static void set_page_stats(GlyphAtlas *atlas)
{
  atlas->stats.pages = atlas->n_pages;
  atlas->stats.bytes = (guint64)atlas->n_pages * ATLAS_PAGE_SIZE * ATLAS_PAGE_SIZE * 4;
}

static bool page_add(GlyphAtlas *atlas)
{
  if (atlas->n_pages >= ATLAS_MAX_PAGES)
    return false;
  SDL_Texture *texture = SDL_CreateTexture(atlas->renderer, SDL_PIXELFORMAT_ARGB8888,
                                           SDL_TEXTUREACCESS_STATIC, ATLAS_PAGE_SIZE,
                                           ATLAS_PAGE_SIZE);
  if (texture == NULL) {
    g_warning("atlas: cannot make a %d px texture: %s", ATLAS_PAGE_SIZE, SDL_GetError());
    return false;
  }
  SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
  SDL_SetTextureScaleMode(texture, SDL_ScaleModeNearest);
  Page *page = &atlas->pages[atlas->n_pages++];
  page->texture = texture;
  page->shelves = g_array_new(FALSE, FALSE, sizeof(Shelf));
  page->free_cells = g_array_new(FALSE, FALSE, sizeof(SDL_Rect));
  page->live = 0;
  page_reset(page);
  set_page_stats(atlas);
  return true;
}

/* Destroys page @p, which has no live slot, and moves the last page to its
 * index (its slots follow). */
static void page_remove(GlyphAtlas *atlas, guint p)
{
  Page *page = &atlas->pages[p];
  SDL_DestroyTexture(page->texture);
  g_array_unref(page->shelves);
  g_array_unref(page->free_cells);
  guint last = --atlas->n_pages;
  for (guint k = 0; k < ATLAS_EVICTIONS_KEPT; k++) /* the view's notes follow the pages */
    if (atlas->evicted[k].page == p)
      atlas->evicted[k].page = ATLAS_MAX_PAGES;
    else if (atlas->evicted[k].page == last)
      atlas->evicted[k].page = p;
  if (p != last) {
    *page = atlas->pages[last];
    for (guint i = 0; i < atlas->slots->len; i++) {
      Slot *slot = &g_array_index(atlas->slots, Slot, i);
      if (slot->glyph != NULL && slot->page == last)
        slot->page = p;
    }
  }
  memset(&atlas->pages[last], 0, sizeof(Page));
  set_page_stats(atlas);
}

static void free_empty_pages(GlyphAtlas *atlas)
{
  for (guint p = atlas->n_pages; p-- > 1;)
    if (atlas->pages[p].live == 0)
      page_remove(atlas, p);
}

/* The smallest freed cell that holds w x h; removes it from the list. */
static bool page_take_free_cell(Page *page, int w, int h, SDL_Rect *cell)
{
  gint best = -1;
  long best_area = G_MAXLONG;
  for (guint i = 0; i < page->free_cells->len; i++) {
    const SDL_Rect *r = &g_array_index(page->free_cells, SDL_Rect, i);
    long area = (long)r->w * r->h;
    if (r->w >= w && r->h >= h && area < best_area) {
      best = (gint)i;
      best_area = area;
    }
  }
  if (best < 0)
    return false;
  *cell = g_array_index(page->free_cells, SDL_Rect, best);
  g_array_remove_index_fast(page->free_cells, best);
  return true;
}

static bool page_take_shelf_cell(Page *page, int w, int h, SDL_Rect *cell)
{
  for (guint i = 0; i < page->shelves->len; i++) {
    Shelf *s = &g_array_index(page->shelves, Shelf, i);
    if (s->height >= h && s->height <= h + h / 4 + SHELF_SLACK && s->x + w <= ATLAS_PAGE_SIZE) {
      *cell = (SDL_Rect){s->x, s->y, w, s->height};
      s->x += w;
      return true;
    }
  }
  if (page->top + h > ATLAS_PAGE_SIZE || w > ATLAS_PAGE_SIZE)
    return false;
  Shelf shelf = {page->top, h, w};
  g_array_append_val(page->shelves, shelf);
  page->top += h;
  *cell = (SDL_Rect){0, shelf.y, w, h};
  return true;
}

/* A cell of at least w x h on some existing page; its page index in @page_out. */
static bool find_cell(GlyphAtlas *atlas, int w, int h, guint *page_out, SDL_Rect *cell)
{
  for (guint p = 0; p < atlas->n_pages; p++) {
    if (page_take_free_cell(&atlas->pages[p], w, h, cell) ||
        page_take_shelf_cell(&atlas->pages[p], w, h, cell)) {
      *page_out = p;
      return true;
    }
  }
  return false;
}

/* ---- slots and eviction ---- */

static void free_slot(GlyphAtlas *atlas, gint32 index)
{
  Slot *slot = &g_array_index(atlas->slots, Slot, index);
  Page *page = &atlas->pages[slot->page];
  slot->glyph->atlas_slot = -1;
  slot->glyph = NULL;
  g_array_append_val(page->free_cells, slot->cell);
  g_array_append_val(atlas->free_slots, index);
  atlas->stats.slots--;
  if (--page->live == 0)
    page_reset(page);
}

/* Frees slot @index for the LRU, noting its cell for the atlas view. */
static void evict_slot(GlyphAtlas *atlas, gint32 index)
{
  const Slot *slot = &g_array_index(atlas->slots, Slot, index);
  atlas->evicted[atlas->next_evicted].page = slot->page;
  atlas->evicted[atlas->next_evicted].rect = slot->cell;
  atlas->next_evicted = (atlas->next_evicted + 1) % ATLAS_EVICTIONS_KEPT;
  atlas->n_evicted = MIN(atlas->n_evicted + 1, ATLAS_EVICTIONS_KEPT);
  free_slot(atlas, index);
}

static gint compare_last_used(gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Slot *slots = user_data;
  guint64 ua = slots[*(const gint32 *)a].last_used, ub = slots[*(const gint32 *)b].last_used;
  return ua < ub ? -1 : ua > ub;
}

/* Evicts the least recently drawn quarter of the slots not drawn this frame. */
static bool evict_oldest(GlyphAtlas *atlas)
{
  g_autoptr(GArray) old = g_array_new(FALSE, FALSE, sizeof(gint32));
  for (guint i = 0; i < atlas->slots->len; i++) {
    const Slot *slot = &g_array_index(atlas->slots, Slot, i);
    if (slot->glyph != NULL && slot->last_used < atlas->frame)
      g_array_append_val(old, i);
  }
  if (old->len == 0)
    return false;
  g_array_sort_with_data(old, compare_last_used, atlas->slots->data);
  guint n = MAX(1u, old->len / 4);
  for (guint i = 0; i < n; i++)
    evict_slot(atlas, g_array_index(old, gint32, i));
  atlas->stats.evictions += n;
  return true;
}

/* Empties the page drawn least recently, unless it was drawn this frame. */
static bool evict_page(GlyphAtlas *atlas)
{
  guint64 newest[ATLAS_MAX_PAGES] = {0};
  for (guint i = 0; i < atlas->slots->len; i++) {
    const Slot *slot = &g_array_index(atlas->slots, Slot, i);
    if (slot->glyph != NULL)
      newest[slot->page] = MAX(newest[slot->page], slot->last_used);
  }
  guint victim = 0;
  for (guint p = 1; p < atlas->n_pages; p++)
    if (newest[p] < newest[victim])
      victim = p;
  if (atlas->n_pages == 0 || newest[victim] >= atlas->frame)
    return false;
  for (guint i = 0; i < atlas->slots->len; i++) {
    const Slot *slot = &g_array_index(atlas->slots, Slot, i);
    if (slot->glyph != NULL && slot->page == victim) {
      evict_slot(atlas, (gint32)i);
      atlas->stats.evictions++;
    }
  }
  return true;
}

static bool allocate_cell(GlyphAtlas *atlas, int w, int h, guint *page, SDL_Rect *cell)
{
  if (find_cell(atlas, w, h, page, cell))
    return true;
  if (page_add(atlas) && find_cell(atlas, w, h, page, cell))
    return true;
  if (evict_oldest(atlas) && find_cell(atlas, w, h, page, cell))
    return true;
  return evict_page(atlas) && find_cell(atlas, w, h, page, cell);
}

/* ---- uploading ---- */

/* Converts the glyph's bitmap to ARGB: white + coverage, or un-premultiplied colour. */
static const guint32 *convert_bitmap(GlyphAtlas *atlas, const Glyph *glyph)
{
  guint n = (guint)glyph->width * glyph->rows;
  g_array_set_size(atlas->scratch, n);
  guint32 *out = (guint32 *)(void *)atlas->scratch->data;
  for (guint i = 0; i < n; i++) {
    if (!(glyph->flags & GLYPH_COLOR)) {
      out[i] = ((guint32)glyph->bitmap[i] << 24) | 0xFFFFFFu;
      continue;
    }
    const uint8_t *bgra = &glyph->bitmap[i * 4];
    guint32 a = bgra[3];
    guint32 r = a ? MIN(255u, bgra[2] * 255u / a) : 0;
    guint32 g = a ? MIN(255u, bgra[1] * 255u / a) : 0;
    guint32 b = a ? MIN(255u, bgra[0] * 255u / a) : 0;
    out[i] = (a << 24) | (r << 16) | (g << 8) | b;
  }
  return out;
}

static gint32 new_slot_index(GlyphAtlas *atlas)
{
  if (atlas->free_slots->len > 0) {
    gint32 index = g_array_index(atlas->free_slots, gint32, atlas->free_slots->len - 1);
    g_array_set_size(atlas->free_slots, atlas->free_slots->len - 1);
    return index;
  }
  g_array_set_size(atlas->slots, atlas->slots->len + 1);
  return (gint32)atlas->slots->len - 1;
}

static bool upload(GlyphAtlas *atlas, Glyph *glyph)
{
  guint page;
  SDL_Rect cell;
  /* one pixel of padding right and below keeps neighbours apart when scaled */
  if (!allocate_cell(atlas, glyph->width + 1, glyph->rows + 1, &page, &cell))
    return false;
  SDL_Rect rect = {cell.x, cell.y, glyph->width, glyph->rows};
  SDL_UpdateTexture(atlas->pages[page].texture, &rect, convert_bitmap(atlas, glyph),
                    glyph->width * 4);
  gint32 index = new_slot_index(atlas);
  Slot *slot = &g_array_index(atlas->slots, Slot, index);
  *slot = (Slot){glyph, page, cell, atlas->frame};
  glyph->atlas_slot = index;
  atlas->pages[page].live++;
  atlas->stats.slots++;
  return true;
}

void atlas_evict_all(GlyphAtlas *atlas)
{
  g_return_if_fail(atlas != NULL);
  for (guint i = 0; i < atlas->slots->len; i++)
    if (g_array_index(atlas->slots, Slot, i).glyph != NULL)
      free_slot(atlas, (gint32)i);
}

bool atlas_lookup(GlyphAtlas *atlas, Glyph *glyph, AtlasEntry *out)
{
  g_return_val_if_fail(atlas != NULL && glyph != NULL && out != NULL, false);
  if (glyph->width == 0 || glyph->rows == 0)
    return false;
  if (glyph->atlas_slot >= 0) {
    atlas->stats.hits++;
  } else {
    atlas->stats.misses++;
    if (!upload(atlas, glyph))
      return false;
  }
  Slot *slot = &g_array_index(atlas->slots, Slot, glyph->atlas_slot);
  slot->last_used = atlas->frame;
  out->page = (int)slot->page;
  out->rect = (SDL_Rect){slot->cell.x, slot->cell.y, glyph->width, glyph->rows};
  out->color = (glyph->flags & GLYPH_COLOR) != 0;
  return true;
}

guint atlas_page_count(const GlyphAtlas *atlas)
{
  g_return_val_if_fail(atlas != NULL, 0);
  return atlas->n_pages;
}

SDL_Texture *atlas_page_texture(const GlyphAtlas *atlas, guint page)
{
  g_return_val_if_fail(atlas != NULL && page < atlas->n_pages, NULL);
  return atlas->pages[page].texture;
}

void atlas_get_stats(const GlyphAtlas *atlas, AtlasStats *out)
{
  g_return_if_fail(atlas != NULL && out != NULL);
  *out = atlas->stats;
}

void atlas_cells(const GlyphAtlas *atlas, GArray *out)
{
  g_return_if_fail(atlas != NULL && out != NULL);
  for (guint i = 0; i < atlas->slots->len; i++) {
    const Slot *slot = &g_array_index(atlas->slots, Slot, i);
    if (slot->glyph != NULL) {
      AtlasCell c = {slot->page, slot->cell, ATLAS_CELL_USED, atlas->frame - slot->last_used};
      g_array_append_val(out, c);
    }
  }
  for (guint p = 0; p < atlas->n_pages; p++)
    for (guint k = 0; k < atlas->pages[p].free_cells->len; k++) {
      AtlasCell c = {p, g_array_index(atlas->pages[p].free_cells, SDL_Rect, k), ATLAS_CELL_FREE, 0};
      g_array_append_val(out, c);
    }
  for (guint k = 0; k < atlas->n_evicted; k++) {
    guint at = (atlas->next_evicted + ATLAS_EVICTIONS_KEPT - 1 - k) % ATLAS_EVICTIONS_KEPT;
    if (atlas->evicted[at].page < atlas->n_pages) {
      AtlasCell c = {atlas->evicted[at].page, atlas->evicted[at].rect, ATLAS_CELL_EVICTED, 0};
      g_array_append_val(out, c);
    }
  }
}
