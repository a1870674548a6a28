/* test_atlas.c — the glyph atlas on SDL's software renderer (no window needed):
 * slots are given and reused, freed by the factory's release callback, and the
 * least recently drawn are evicted when the pages are full, never those of the
 * current frame. */
#include <SDL.h>

#include "atlas.h"
#include "atlas_view.h"
#include "testutil.h"

typedef struct {
  TestFonts fonts;
  SDL_Surface *surface;
  SDL_Renderer *renderer;
  GlyphAtlas *atlas;
} Fixture;

static void fixture_init(Fixture *f)
{
  test_fonts_init(&f->fonts);
  f->surface = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_ARGB8888);
  g_assert_nonnull(f->surface);
  f->renderer = SDL_CreateSoftwareRenderer(f->surface);
  g_assert_nonnull(f->renderer);
  f->atlas = atlas_new(f->renderer, f->fonts.factory);
}

static void fixture_clear(Fixture *f)
{
  atlas_free(f->atlas);
  SDL_DestroyRenderer(f->renderer);
  SDL_FreeSurface(f->surface);
  test_fonts_clear(&f->fonts);
}

/* The glyph of @cp in the fixture's DejaVu Sans, at @style and @phase. */
static Glyph *acquire(Fixture *f, StyleId style, gunichar cp, unsigned phase)
{
  guint32 id = test_glyph_id(f->fonts.sans, cp);
  g_assert_cmpuint(id, !=, 0);
  return glyph_factory_acquire(f->fonts.factory, style, id, phase);
}

static void test_hit_and_miss(void)
{
  Fixture f;
  fixture_init(&f);
  Glyph *g = acquire(&f, f.fonts.style, 0x03BB, 0); /* λ */
  AtlasEntry e1, e2;
  atlas_begin_frame(f.atlas);
  g_assert_true(atlas_lookup(f.atlas, g, &e1));
  g_assert_cmpint(g->atlas_slot, >=, 0);
  g_assert_false(e1.color);
  g_assert_cmpint(e1.rect.w, ==, g->width);
  g_assert_cmpint(e1.rect.h, ==, g->rows);
  g_assert_true(atlas_lookup(f.atlas, g, &e2));
  g_assert_cmpint(e2.rect.x, ==, e1.rect.x);
  g_assert_cmpint(e2.rect.y, ==, e1.rect.y);
  AtlasStats st;
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.misses, ==, 1);
  g_assert_cmpuint(st.hits, ==, 1);
  g_assert_cmpuint(st.slots, ==, 1);
  g_assert_cmpuint(st.pages, ==, 1);
  /* another phase of the same glyph id is another glyph: its own slot */
  Glyph *shifted = acquire(&f, f.fonts.style, 0x03BB, 2);
  g_assert_true(atlas_lookup(f.atlas, shifted, &e2));
  g_assert_cmpint(shifted->atlas_slot, !=, g->atlas_slot);
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.slots, ==, 2);
  glyph_factory_release(f.fonts.factory, shifted);
  Glyph *space = acquire(&f, f.fonts.style, ' ', 0);
  g_assert_false(atlas_lookup(f.atlas, space, &e1)); /* nothing to draw */
  glyph_factory_release(f.fonts.factory, space);
  glyph_factory_release(f.fonts.factory, g);
  fixture_clear(&f);
}

static void test_release_frees_slot(void)
{
  Fixture f;
  fixture_init(&f);
  Glyph *a = acquire(&f, f.fonts.style, 0x03B1, 0);
  Glyph *b = acquire(&f, f.fonts.style, 0x03B2, 0);
  AtlasEntry ea, eb;
  atlas_begin_frame(f.atlas);
  g_assert_true(atlas_lookup(f.atlas, a, &ea));
  g_assert_true(atlas_lookup(f.atlas, b, &eb));
  glyph_factory_release(f.fonts.factory, a); /* last reference: freed, callback runs */
  AtlasStats st;
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.slots, ==, 1);
  g_assert_cmpuint(st.evictions, ==, 0);
  g_assert_cmpint(b->atlas_slot, >=, 0);
  glyph_factory_release(f.fonts.factory, b);
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.slots, ==, 0);
  fixture_clear(&f);
}

/* Private glyphs (flyweight off) at 96 px: each needs its own slot, so a few
 * thousand fill every page and force evictions. */
static void test_eviction_spares_current_frame(void)
{
  Fixture f;
  fixture_init(&f);
  Typeface *face = f.fonts.sans;
  StyleId big = glyph_factory_style(f.fonts.factory, face, 96);
  glyph_factory_set_sharing(f.fonts.factory, false);
  enum { N = 3000, PER_FRAME = 100 };
  Glyph **glyphs = g_new0(Glyph *, N);
  for (guint i = 0; i < N; i++)
    glyphs[i] = acquire(&f, big, 'W', 0);
  for (guint frame = 0; frame < N / PER_FRAME; frame++) {
    atlas_begin_frame(f.atlas);
    for (guint i = frame * PER_FRAME; i < (frame + 1) * PER_FRAME; i++) {
      AtlasEntry e;
      g_assert_true(atlas_lookup(f.atlas, glyphs[i], &e));
    }
    for (guint i = frame * PER_FRAME; i < (frame + 1) * PER_FRAME; i++)
      g_assert_cmpint(glyphs[i]->atlas_slot, >=, 0); /* this frame's glyphs all kept */
  }
  AtlasStats st;
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.pages, ==, ATLAS_MAX_PAGES);
  g_assert_cmpuint(st.evictions, >, 0);
  g_assert_cmpuint(st.slots + st.evictions, ==, N);
  g_assert_cmpint(glyphs[0]->atlas_slot, ==, -1); /* the oldest went first */
  for (guint i = 0; i < N; i++)
    glyph_factory_release(f.fonts.factory, glyphs[i]);
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.slots, ==, 0);
  g_free(glyphs);
  fixture_clear(&f);
}

/* Fills every page with private 96 px glyphs, a frame of PER_FRAME at a
 * time, until the LRU has evicted some; returns the glyphs (N of them). */
enum { FILL_N = 3000, FILL_PER_FRAME = 100 };
static Glyph **fill_pages(Fixture *f)
{
  StyleId big = glyph_factory_style(f->fonts.factory, f->fonts.sans, 96);
  glyph_factory_set_sharing(f->fonts.factory, false);
  Glyph **glyphs = g_new0(Glyph *, FILL_N);
  for (guint i = 0; i < FILL_N; i++)
    glyphs[i] = acquire(f, big, 'W', 0);
  for (guint frame = 0; frame < FILL_N / FILL_PER_FRAME; frame++) {
    atlas_begin_frame(f->atlas);
    for (guint i = frame * FILL_PER_FRAME; i < (frame + 1) * FILL_PER_FRAME; i++) {
      AtlasEntry e;
      g_assert_true(atlas_lookup(f->atlas, glyphs[i], &e));
    }
  }
  return glyphs;
}

static void release_all(Fixture *f, Glyph **glyphs)
{
  for (guint i = 0; i < FILL_N; i++)
    glyph_factory_release(f->fonts.factory, glyphs[i]);
  g_free(glyphs);
}

static guint count_kind(const GArray *cells, AtlasCellKind kind)
{
  guint n = 0;
  for (guint i = 0; i < cells->len; i++)
    n += g_array_index(cells, AtlasCell, i).kind == kind;
  return n;
}

/* What the atlas view is drawn from: a cell per slot in use where its glyph
 * is, the last frame's glyphs not idle, and the last evictions. */
static void test_cells(void)
{
  Fixture f;
  fixture_init(&f);
  Glyph **glyphs = fill_pages(&f);
  AtlasStats st;
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.evictions, >, 0);
  g_autoptr(GArray) cells = g_array_new(FALSE, FALSE, sizeof(AtlasCell));
  atlas_cells(f.atlas, cells);
  g_assert_cmpuint(count_kind(cells, ATLAS_CELL_USED), ==, st.slots);
  g_assert_cmpuint(count_kind(cells, ATLAS_CELL_EVICTED), ==,
                   MIN(st.evictions, (guint64)ATLAS_EVICTIONS_KEPT));
  for (guint i = FILL_N - FILL_PER_FRAME; i < FILL_N; i++) { /* the last frame's glyphs */
    AtlasEntry e;
    g_assert_true(atlas_lookup(f.atlas, glyphs[i], &e));
    bool found = false;
    for (guint k = 0; k < cells->len && !found; k++) {
      const AtlasCell *c = &g_array_index(cells, AtlasCell, k);
      found = c->kind == ATLAS_CELL_USED && c->page == (guint)e.page && c->rect.x == e.rect.x &&
              c->rect.y == e.rect.y && c->rect.w >= e.rect.w && c->idle_frames == 0;
    }
    g_assert_true(found);
  }
  release_all(&f, glyphs);
  g_array_set_size(cells, 0);
  atlas_cells(f.atlas, cells);
  g_assert_cmpuint(count_kind(cells, ATLAS_CELL_USED), ==, 0);
  fixture_clear(&f);
}

static guint32 pixel(SDL_Surface *s, int x, int y)
{
  return ((const guint32 *)s->pixels)[y * (s->pitch / 4) + x];
}

static guint32 argb(SDL_Color c)
{
  return 0xFF000000u | (guint32)c.r << 16 | (guint32)c.g << 8 | c.b;
}

/* Whether (@x, @y) lies on a cell of @kind as the view places it (and, for
 * cells in use, one drawn in the last frame). */
static bool on_cell(const GArray *cells, const SDL_Rect *area, int header, guint n,
                    AtlasCellKind kind, int x, int y)
{
  for (guint k = 0; k < cells->len; k++) {
    const AtlasCell *c = &g_array_index(cells, AtlasCell, k);
    if (c->kind != kind || (kind == ATLAS_CELL_USED && c->idle_frames != 0))
      continue;
    SDL_Rect page = atlas_view_page_rect(area, header, c->page, n);
    SDL_Rect r = atlas_view_cell_rect(&page, &c->rect);
    if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h)
      return true;
  }
  return false;
}

/* The view draws the "in use" colour only on cells drawn in the last frame
 * and red only on evicted cells, where atlas_view_page_rect puts their page;
 * both are seen. */
static void test_view_pixels(void)
{
  Fixture f;
  fixture_init(&f);
  Glyph **glyphs = fill_pages(&f);
  g_autoptr(GError) error = NULL;
  g_autoptr(UiFont) font = uifont_new(f.renderer, "DejaVu Sans Mono", 13, &error);
  g_assert_no_error(error);
  SDL_Rect area = {0, 0, 800, 600};
  atlas_view_draw(font, f.renderer, 1.0f, f.atlas, &area);
  SDL_RenderPresent(f.renderer);
  g_autoptr(GArray) cells = g_array_new(FALSE, FALSE, sizeof(AtlasCell));
  atlas_cells(f.atlas, cells);
  int header = atlas_view_header(font, 1.0f);
  guint n = atlas_page_count(f.atlas), used = 0, evicted = 0;
  for (int y = header; y < area.h; y++) /* below the legend, which shows both colours */
    for (int x = 0; x < area.w; x++) {
      guint32 at = pixel(f.surface, x, y);
      if (at == argb(ATLAS_VIEW_USED)) {
        g_assert_true(on_cell(cells, &area, header, n, ATLAS_CELL_USED, x, y));
        used++;
      } else if (at == argb(ATLAS_VIEW_EVICTED)) {
        g_assert_true(on_cell(cells, &area, header, n, ATLAS_CELL_EVICTED, x, y));
        evicted++;
      }
    }
  g_test_message("%u pixels of fresh slots, %u of evicted cells", used, evicted);
  g_assert_cmpuint(used, >, 100);
  g_assert_cmpuint(evicted, >, 100);
  release_all(&f, glyphs);
  fixture_clear(&f);
}

/* A colour glyph (Noto Color Emoji, as the shaper picks it for U+1F600) is
 * uploaded in colour, to be drawn with a white vertex colour. */
static void test_color_glyph(void)
{
  Fixture f;
  fixture_init(&f);
  const char *smile = "\xF0\x9F\x98\x80";
  g_autoptr(GArray) shaped = g_array_new(FALSE, FALSE, sizeof(ShapedGlyph));
  shaper_shape(f.fonts.shaper, smile, 4, 0, 4, f.fonts.style, false, shaped);
  g_assert_cmpuint(shaped->len, ==, 1);
  const ShapedGlyph *s = &g_array_index(shaped, ShapedGlyph, 0);
  if (!typeface_is_color(glyph_factory_style_info(f.fonts.factory, s->style)->typeface)) {
    g_test_skip("no colour emoji font installed");
    fixture_clear(&f);
    return;
  }
  Glyph *g = glyph_factory_acquire(f.fonts.factory, s->style, s->glyph_id, 0);
  g_assert_true(g->flags & GLYPH_COLOR);
  AtlasEntry e;
  atlas_begin_frame(f.atlas);
  g_assert_true(atlas_lookup(f.atlas, g, &e));
  g_assert_true(e.color);
  g_assert_cmpint(e.rect.w, ==, g->width);
  glyph_factory_release(f.fonts.factory, g);
  AtlasStats st;
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.slots, ==, 0);
  fixture_clear(&f);
}

/* Private glyphs at 96 px fill several pages (as the flyweight off does on a
 * large window); when they are given back the pages go at the next frame, but
 * the first, and a page still holding a live glyph survives under a new index
 * with its slot intact (a hit, no upload). */
static void test_empty_pages_freed(void)
{
  Fixture f;
  fixture_init(&f);
  StyleId big = glyph_factory_style(f.fonts.factory, f.fonts.sans, 96);
  glyph_factory_set_sharing(f.fonts.factory, false);
  enum { N = 100 };
  Glyph *glyphs[N];
  AtlasEntry e;
  atlas_begin_frame(f.atlas);
  for (guint i = 0; i < N; i++) {
    glyphs[i] = acquire(&f, big, 'W', 0);
    g_assert_true(atlas_lookup(f.atlas, glyphs[i], &e));
  }
  AtlasStats st;
  atlas_get_stats(f.atlas, &st);
  guint grown = (guint)st.pages;
  g_assert_cmpuint(grown, >=, 3);
  g_assert_cmpuint(grown, <, ATLAS_MAX_PAGES); /* nothing was evicted */
  Glyph *kept = glyphs[N - 1];                 /* on the last page */
  g_assert_true(atlas_lookup(f.atlas, kept, &e));
  g_assert_cmpint(e.page, ==, (int)grown - 1);
  SDL_Rect where = e.rect;
  for (guint i = 0; i < N - 1; i++)
    glyph_factory_release(f.fonts.factory, glyphs[i]);
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.pages, ==, grown); /* not during the frame */
  atlas_begin_frame(f.atlas);
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.pages, ==, 2); /* the first and the kept glyph's */
  g_assert_cmpuint(st.bytes, ==, 2u * ATLAS_PAGE_SIZE * ATLAS_PAGE_SIZE * 4);
  g_assert_cmpuint(atlas_page_count(f.atlas), ==, 2);
  guint64 misses = st.misses;
  g_assert_true(atlas_lookup(f.atlas, kept, &e));
  g_assert_cmpint(e.page, ==, 1);
  g_assert_cmpint(e.rect.x, ==, where.x);
  g_assert_cmpint(e.rect.y, ==, where.y);
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.misses, ==, misses);
  /* every slot taken back: the next frame keeps the first page only, and
   * uploads the kept glyph again */
  atlas_evict_all(f.atlas);
  atlas_begin_frame(f.atlas);
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.pages, ==, 1);
  g_assert_cmpint(kept->atlas_slot, ==, -1);
  g_assert_true(atlas_lookup(f.atlas, kept, &e));
  g_assert_cmpint(e.page, ==, 0);
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.misses, ==, misses + 1);
  glyph_factory_release(f.fonts.factory, kept);
  atlas_begin_frame(f.atlas);
  atlas_get_stats(f.atlas, &st);
  g_assert_cmpuint(st.pages, ==, 1);
  g_assert_cmpuint(st.slots, ==, 0);
  glyph_factory_set_sharing(f.fonts.factory, true);
  fixture_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/atlas/hit-and-miss", test_hit_and_miss);
  g_test_add_func("/atlas/release-frees-slot", test_release_frees_slot);
  g_test_add_func("/atlas/eviction-spares-current-frame", test_eviction_spares_current_frame);
  g_test_add_func("/atlas/color", test_color_glyph);
  g_test_add_func("/atlas/pages/empty-freed", test_empty_pages_freed);
  g_test_add_func("/atlas/cells", test_cells);
  g_test_add_func("/atlas/view/pixels", test_view_pixels);
  return g_test_run();
}
