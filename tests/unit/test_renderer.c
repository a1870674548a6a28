/* test_renderer.c — the frame renderer on SDL's software renderer (no window):
 * an input method's composition is drawn at the cursor without touching the
 * document or creating Glyphs, the progress bar follows the frame's value, and
 * text in several scripts and fonts is drawn in one draw call per atlas page.
 * GLYPHPAD_TEST_SHOTS=DIR saves the composing frame as DIR/composition.png. */
#include <SDL.h>

#include "atlas.h"
#include "editor.h"
#include "preedit.h"
#include "renderer.h"
#include "screenshot.h"
#include "sharing_map.h"
#include "testutil.h"
#include "uifont.h"
#include "view.h"

#define W 480
#define H 160

typedef struct {
  TestFonts fonts;
  SDL_Surface *surface;
  SDL_Renderer *sdl;
  GlyphAtlas *atlas;
  UiFont *font;
  Renderer *renderer;
  RendererLayout layout;
  Editor *editor;
  View *view;
} Fixture;

static void fixture_init(Fixture *f)
{
  test_fonts_init(&f->fonts);
  f->surface = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
  f->sdl = SDL_CreateSoftwareRenderer(f->surface);
  g_assert_nonnull(f->sdl);
  f->atlas = atlas_new(f->sdl, f->fonts.factory);
  g_autoptr(GError) error = NULL;
  f->font = uifont_new(f->sdl, "DejaVu Sans Mono", 13, &error);
  g_assert_no_error(error);
  f->renderer = renderer_new(f->sdl, f->atlas, f->font, 1.0f);
  renderer_layout(f->font, 1.0f, W, H, &f->layout);
  f->editor = editor_new(f->fonts.factory, f->fonts.segmenter, f->fonts.style);
  f->view = view_new(editor_document(f->editor), f->fonts.layout, f->layout.text.w,
                     f->layout.text.h);
  g_assert_true(editor_insert(f->editor, "Typing ", &error));
  g_assert_no_error(error);
}

static void fixture_clear(Fixture *f)
{
  view_free(f->view);
  editor_free(f->editor);
  renderer_free(f->renderer);
  atlas_free(f->atlas);
  uifont_free(f->font);
  SDL_DestroyRenderer(f->sdl);
  SDL_FreeSurface(f->surface);
  test_fonts_clear(&f->fonts);
}

/* Draws a frame and returns a copy of its pixels. */
static guint32 *draw(Fixture *f, const char *composition, double progress)
{
  RendererFrame frame = {
      .editor = f->editor,
      .view = f->view,
      .cursor_visible = true,
      .composition = composition,
      .progress = progress,
  };
  renderer_draw(f->renderer, &f->layout, &frame);
  SDL_RenderPresent(f->sdl);
  return g_memdup2(f->surface->pixels, (gsize)f->surface->pitch * H);
}

/* Pixels that differ between @a and @b inside @rect. */
static guint differing(const guint32 *a, const guint32 *b, const SDL_Rect *rect)
{
  guint n = 0;
  for (int y = rect->y; y < rect->y + rect->h; y++)
    for (int x = rect->x; x < rect->x + rect->w; x++)
      n += a[y * W + x] != b[y * W + x];
  return n;
}

static void test_composition_at_cursor(void)
{
  Fixture f;
  fixture_init(&f);
  g_autofree guint32 *plain = draw(&f, NULL, 1.0);
  GlyphFactoryStats before, after;
  glyph_factory_get_stats(f.fonts.factory, &before);
  g_autofree guint32 *composing = draw(&f, "日本語", 1.0);
  glyph_factory_get_stats(f.fonts.factory, &after);
  const char *shots = g_getenv("GLYPHPAD_TEST_SHOTS"); /* to look at it: a folder for a PNG */
  if (shots != NULL) {
    g_autofree char *png = g_build_filename(shots, "composition.png", NULL);
    g_assert_true(screenshot_save(f.sdl, png, NULL));
  }
  int x, height;
  gint64 top;
  g_assert_true(view_point_of_pos(f.view, editor_cursor(f.editor), &x, &top, &height));
  SDL_Rect at_cursor = {f.layout.text.x + x + 2, f.layout.text.y + (int)top, 40, height};
  SDL_Rect before_cursor = {f.layout.text.x, f.layout.text.y + (int)top, x - 1, height};
  g_assert_cmpuint(differing(plain, composing, &at_cursor), >, 100);    /* drawn there */
  g_assert_cmpuint(differing(plain, composing, &before_cursor), ==, 0); /* and only there */
  g_assert_cmpuint(after.created, ==, before.created);                  /* no Glyphs for it */
  g_assert_cmpuint(document_paragraph_chars(editor_document(f.editor), 0), ==, 7);
  g_autofree guint32 *cleared = draw(&f, "", 1.0);
  g_assert_cmpmem(cleared, sizeof(guint32) * W * H, plain, sizeof(guint32) * W * H);
  fixture_clear(&f);
}

/* A selection over wrapped lines of a paragraph whose fallback face is
 * taller than the style (Myanmar beside Latin) is one band from the first
 * line's top to the last line's bottom: each glyph's highlight is its line's
 * height, not its own face's (which left stripes between the lines). */
static void test_selection_fills_tall_lines(void)
{
  Fixture f;
  fixture_init(&f);
  g_autoptr(GError) error = NULL;
  for (guint i = 0; i < 6; i++)
    g_assert_true(editor_insert(f.editor,
                                "ab \xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\xE1\x80\xBA"
                                "\xE1\x80\x99\xE1\x80\xAC ab ",
                                &error)); /* ab မြန်မာ ab */
  g_assert_no_error(error);
  view_measure_all(f.view);
  int x, height;
  gint64 top;
  g_assert_true(view_point_of_pos(f.view, (DocPos){0, 0}, &x, &top, &height));
  if (height == glyph_factory_style_info(f.fonts.factory, f.fonts.style)->line_height) {
    g_test_skip("no fallback face taller than DejaVu Sans for Myanmar (fonts-noto-core)");
    fixture_clear(&f);
    return;
  }
  g_assert_cmpuint(view_total_height(f.view) / (guint)height, >=, 2); /* wrapped */
  g_autofree guint32 *plain = draw(&f, NULL, 1.0);
  editor_select_all(f.editor);
  g_autofree guint32 *selected = draw(&f, NULL, 1.0);
  /* every row of the two first lines has highlighted pixels */
  for (int row = 0; row < 2 * height; row++) {
    SDL_Rect line = {f.layout.text.x, f.layout.text.y + (int)top + row, 60, 1};
    if (differing(plain, selected, &line) == 0)
      g_error("row %d of the selection (lines %d px apart) is not highlighted", row, height);
  }
  fixture_clear(&f);
}

static void test_progress_bar(void)
{
  Fixture f;
  fixture_init(&f);
  g_autofree guint32 *done = draw(&f, NULL, 1.0);
  g_autofree guint32 *half = draw(&f, NULL, 0.5);
  SDL_Rect left = {0, f.layout.status.y, W / 2 - 2, 2};
  SDL_Rect right = {W / 2 + 2, f.layout.status.y, W / 2 - 2, 2};
  g_assert_cmpuint(differing(done, half, &left), >, 0);
  g_assert_cmpuint(differing(done, half, &right), ==, 0);
  fixture_clear(&f);
}

/* Text in several scripts and fonts (Hebrew, Arabic, Devanagari, CJK, an
 * emoji): every visible glyph with pixels is one quad, all from one atlas page
 * in one draw call, and the colour glyph keeps its colours. */
static void test_scripts_in_one_draw_call(void)
{
  Fixture f;
  fixture_init(&f);
  g_autoptr(GError) error = NULL;
  g_assert_true(editor_insert(f.editor,
                              "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D "         /* שלום */
                              "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 " /* مرحبا */
                              "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D"
                              "\xE0\xA4\xA4\xE0\xA5\x87 "                  /* नमस्ते */
                              "\xE6\xBC\xA2\xE5\xAD\x97 \xF0\x9F\x98\x80", /* 漢字 😀 */
                              &error));
  g_assert_no_error(error);
  renderer_set_compositing(f.renderer, false); /* the atlas path (compositing: below) */
  g_autofree guint32 *pixels = draw(&f, NULL, 1.0);
  guint n_pieces = 0;
  const ViewPiece *pieces = view_visible(f.view, &n_pieces);
  guint inked = 0, color_pixels = 0;
  GHashTable *faces = g_hash_table_new(NULL, NULL);
  for (guint p = 0; p < n_pieces; p++)
    for (guint i = 0; i < pieces[p].n_glyphs; i++) {
      const DrawnGlyph *dg = &pieces[p].glyphs[i];
      const Glyph *g = dg->glyph;
      g_assert_false(g->flags & GLYPH_MISSING);
      g_hash_table_add(faces, glyph_factory_style_info(f.fonts.factory, g->style)->typeface);
      inked += g->width > 0 && g->rows > 0;
      if (!(g->flags & GLYPH_COLOR))
        continue;
      int x0 = f.layout.text.x + dg->x + g->bearing_x;
      int y0 = f.layout.text.y + (int)pieces[p].top + dg->y - g->bearing_y;
      for (int y = MAX(y0, 0); y < MIN(y0 + g->rows, H); y++)
        for (int x = MAX(x0, 0); x < MIN(x0 + g->width, W); x++) {
          guint32 px = pixels[y * W + x];
          int r = (px >> 16) & 0xFF, b = px & 0xFF;
          color_pixels += ABS(r - b) > 60;
        }
    }
  g_assert_cmpuint(g_hash_table_size(faces), >=, 4); /* DejaVu, Devanagari, CJK, emoji */
  g_assert_cmpuint(renderer_glyph_quads(f.renderer), ==, inked);
  g_assert_cmpuint(renderer_glyph_draw_calls(f.renderer), ==, 1);
  g_assert_cmpuint(color_pixels, >, 20); /* a yellow face, not a grey one */
  g_hash_table_unref(faces);
  fixture_clear(&f);
}

/* The compositor (chosen for a software renderer) and the atlas path draw
 * the same frame: text in several scripts and an emoji, a selection and the
 * caret; no pixel differs by more than 3 in any channel (the two round
 * differently), and the compositor's frame has the same ink. */
static void test_compositor_matches_atlas(void)
{
  Fixture f;
  fixture_init(&f);
  g_assert_true(renderer_compositing(f.renderer)); /* a software renderer: composed */
  g_assert_true(editor_insert(f.editor,
                              "ab \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE6\xBC\xA2 "
                              "\xF0\x9F\x98\x80\nsecond line, selected",
                              NULL));
  editor_set_cursor(f.editor, (DocPos){1, 3}, true);
  g_autofree guint32 *composed = draw(&f, NULL, 1.0);
  renderer_set_compositing(f.renderer, false);
  g_autofree guint32 *atlas = draw(&f, NULL, 1.0);
  guint worst = 0, dark = 0;
  for (guint i = 0; i < W * H; i++)
    for (int shift = 0; shift < 24; shift += 8) {
      int a = (int)(composed[i] >> shift) & 0xFF, b = (int)(atlas[i] >> shift) & 0xFF;
      worst = MAX(worst, (guint)ABS(a - b));
      dark += shift == 8 && a < 128;
    }
  g_test_message("largest difference %u, dark pixels %u", worst, dark);
  g_assert_cmpuint(worst, <=, 3);
  g_assert_cmpuint(dark, >, 100); /* there is text */
  fixture_clear(&f);
}

/* One step of a scripted session, applied to a fixture; @k is the step. */
typedef void (*SessionStep)(Fixture *f, int k);

static void step_type(Fixture *f, int k)
{
  g_assert_true(editor_insert(f->editor, k % 7 == 0 ? "\n" : k % 3 ? "x" : "\xE6\xBC\xA2", NULL));
}

static void step_scroll(Fixture *f, int k)
{
  static const int moves[] = {1, 17, -5, 160, -160, 64, 3, -64, 500, -1000};
  view_scroll_to(f->view, MAX(view_scroll_y(f->view) + moves[k % G_N_ELEMENTS(moves)], 0));
}

static void step_select(Fixture *f, int k)
{
  editor_set_cursor(f->editor, (DocPos){(guint32)(k % 9), 2}, k % 2);
}

/* Draws @f's frame (caret shown on even @k, the bar on every third taking
 * one or two rows of its own, match highlights on every fourth, a
 * composition now and then) and returns its pixels. */
static guint32 *draw_step(Fixture *f, int k)
{
  int rows = k % 3 == 0 ? 1 + (k % 15 == 0) : 0;
  if (renderer_layout_set_bar_rows(&f->layout, f->font, 1.0f, rows))
    view_set_size(f->view, f->layout.text.w, f->layout.text.h);
  RendererHighlight highlights[] = {{{(guint32)(k % 7), 0}, {(guint32)(k % 7), 9}},
                                    {{(guint32)(k % 5 + 2), 3}, {(guint32)(k % 5 + 3), 4}}};
  RendererFrame frame = {
      .editor = f->editor,
      .view = f->view,
      .cursor_visible = k % 2 == 0,
      .bar_text = rows == 0   ? NULL
                  : rows == 1 ? "Saved"
                              : "Find: line_\nReplace: row",
      .composition = k % 11 == 5 ? "\xE6\x97\xA5" : NULL,
      .progress = 1.0,
      .highlights = k % 4 == 0 ? highlights : NULL,
      .n_highlights = k % 4 == 0 ? G_N_ELEMENTS(highlights) : 0,
  };
  renderer_draw(f->renderer, &f->layout, &frame);
  renderer_present(f->renderer);
  return g_memdup2(f->surface->pixels, (gsize)f->surface->pitch * H);
}

/* Damage tracking never misses a change: a session of typing, scrolling by
 * a pixel to more than a screen, selecting, blinking, the bar (shrinking
 * the text area by one or two rows), match highlights and a
 * composition coming and going, drawn with tracking and without it; every
 * frame's pixels are the same. And a frame where only the caret blinks
 * draws less than a tenth of the area. */
static void test_damage_misses_nothing(void)
{
  Fixture tracked, whole;
  fixture_init(&tracked);
  fixture_init(&whole);
  renderer_set_damage_tracking(whole.renderer, false);
  for (int i = 0; i < 40; i++) {
    g_autofree char *line = g_strdup_printf("line %d of the session, long enough to wrap "
                                            "once or twice in a narrow window\n",
                                            i);
    g_assert_true(editor_insert(tracked.editor, line, NULL));
    g_assert_true(editor_insert(whole.editor, line, NULL));
  }
  const SessionStep steps[] = {step_type, step_scroll, step_select};
  guint64 drawn = 0, frames = 0;
  for (int k = 0; k < 90; k++) {
    steps[k % 3](&tracked, k);
    steps[k % 3](&whole, k);
    g_autofree guint32 *a = draw_step(&tracked, k), *b = draw_step(&whole, k);
    SDL_Rect all = {0, 0, W, H};
    if (differing(a, b, &all) != 0)
      g_error("frame %d: %u pixels differ", k, differing(a, b, &all));
    guint n;
    const SDL_Rect *dirty = renderer_damage(tracked.renderer, &n);
    for (guint i = 0; i < n; i++)
      drawn += (guint64)dirty[i].w * (guint64)dirty[i].h;
    frames++;
  }
  guint64 area = (guint64)whole.layout.scrollbar.x * (guint64)whole.layout.status.y;
  g_test_message("tracked frames drew %.0f %% of the text area on average",
                 100.0 * (double)drawn / (double)(area * frames));
  /* a frame where only the caret blinks draws the caret's cells, not the area */
  g_free(draw_step(&tracked, 96)); /* k = 96: caret shown, the bar */
  g_autofree guint32 *blink = draw_step(&tracked, 99), *reference = draw_step(&whole, 99);
  SDL_Rect all = {0, 0, W, H};
  g_assert_cmpuint(differing(blink, reference, &all), ==, 0);
  guint n;
  const SDL_Rect *dirty = renderer_damage(tracked.renderer, &n);
  guint64 blink_area = 0;
  for (guint i = 0; i < n; i++)
    blink_area += (guint64)dirty[i].w * (guint64)dirty[i].h;
  g_assert_cmpuint(n, >=, 1);
  g_assert_cmpuint(blink_area * 10, <, area);
  fixture_clear(&tracked);
  fixture_clear(&whole);
}

/* A window narrower than the scrollbar has no text area: frames are drawn
 * (scrolled too) without touching a pixel outside the output. */
static void test_narrower_than_scrollbar(void)
{
  Fixture f;
  fixture_init(&f);
  renderer_layout(f.font, 1.0f, 8, H, &f.layout);
  g_assert_cmpint(f.layout.scrollbar.x, <, 0);
  for (int i = 0; i < 30; i++)
    g_assert_true(editor_insert(f.editor, "a few words\n", NULL));
  for (int k = 0; k < 4; k++) {
    view_scroll_to(f.view, k * 16);
    g_free(draw(&f, NULL, 1.0));
  }
  fixture_clear(&f);
}

/* ---- the sharing map and the inspector ---- */

/* Draws a frame with the sharing map @map and the inspected Glyph @inspected. */
static guint32 *draw_shared(Fixture *f, bool map, const Glyph *inspected)
{
  RendererFrame frame = {
      .editor = f->editor,
      .view = f->view,
      .progress = 1.0,
      .sharing_map = map,
      .inspected = inspected,
  };
  renderer_draw(f->renderer, &f->layout, &frame);
  SDL_RenderPresent(f->sdl);
  return g_memdup2(f->surface->pixels, (gsize)f->surface->pitch * H);
}

/* Whether pixel @px is @c, each channel within @tolerance. */
static bool is_color(guint32 px, SDL_Color c, int tolerance)
{
  return ABS((int)((px >> 16) & 0xFF) - c.r) <= tolerance &&
         ABS((int)((px >> 8) & 0xFF) - c.g) <= tolerance &&
         ABS((int)(px & 0xFF) - c.b) <= tolerance;
}

/* Where @dg of @piece lands in the output. */
static SDL_Rect output_box(const Fixture *f, const ViewPiece *piece, const DrawnGlyph *dg)
{
  const Glyph *g = dg->glyph;
  return (SDL_Rect){f->layout.text.x + dg->x + g->bearing_x,
                    f->layout.text.y + (int)piece->top + dg->y - g->bearing_y, g->width, g->rows};
}

/* Fully covered pixels of the DrawnGlyphs drawing @glyph (@glyph NULL: of
 * those used once) that are @c in @pixels, and how many there are. */
static void count_inked(const Fixture *f, const guint32 *pixels, const Glyph *glyph, SDL_Color c,
                        guint *matching, guint *total)
{
  guint n = 0;
  const ViewPiece *pieces = view_visible(f->view, &n);
  *matching = *total = 0;
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++) {
      const Glyph *g = pieces[i].glyphs[k].glyph;
      if (glyph != NULL ? g != glyph : glyph_sharing_users(g) != 1)
        continue;
      SDL_Rect box = output_box(f, &pieces[i], &pieces[i].glyphs[k]);
      for (int y = 0; y < g->rows; y++)
        for (int x = 0; x < g->width; x++)
          if (g->bitmap[y * g->width + x] == 255 && box.y + y < H && box.x + x < W) {
            (*total)++;
            *matching += is_color(pixels[(box.y + y) * W + box.x + x], c, 6);
          }
    }
}

/* The visible Glyph with ink that has the most references. */
static const Glyph *most_shared(Fixture *f)
{
  guint n = 0;
  const ViewPiece *pieces = view_visible(f->view, &n);
  const Glyph *best = NULL;
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++) {
      const Glyph *g = pieces[i].glyphs[k].glyph;
      if (g->width > 0 && (best == NULL || g->refcount > best->refcount))
        best = g;
    }
  return best;
}

static void insert_repeats(Fixture *f)
{
  g_assert_true(editor_insert(f->editor,
                              "nnnn nnnn nnnn nnnn nnnn nnnn nnnn nnnn nnnn nnnn nnnn nnnn "
                              "nnnn nnnn nnnn nnnn nnnn nnnn nnnn nnnn zq",
                              NULL));
}

/* With the sharing map on, a Glyph with many references is drawn in its
 * bucket's colour and one with a single reference in the first bucket's, in
 * both paths; the frame before was drawn without the map, so damage tracking
 * must see the tint as a change. */
static void test_sharing_map_colors(gconstpointer compositing)
{
  Fixture f;
  fixture_init(&f);
  insert_repeats(&f);
  renderer_set_compositing(f.renderer, GPOINTER_TO_INT(compositing));
  g_free(draw_shared(&f, false, NULL));
  const Glyph *shared = most_shared(&f);
  g_assert_cmpuint(glyph_sharing_bucket(shared->refcount), >=, 3); /* 8 references or more */
  g_autofree guint32 *pixels = draw_shared(&f, true, NULL);
  guint matching, total;
  count_inked(&f, pixels, shared, sharing_map_refcount_color(shared->refcount), &matching, &total);
  g_assert_cmpuint(total, >, 20);
  g_assert_cmpuint(matching, ==, total);
  count_inked(&f, pixels, NULL, sharing_map_color(0), &matching, &total);
  g_assert_cmpuint(total, >, 5); /* "z", "q", the "T"... drawn once */
  g_assert_cmpuint(matching, ==, total);
  g_autofree guint32 *plain = draw_shared(&f, false, NULL); /* and back to the text colour */
  count_inked(&f, plain, shared, (SDL_Color){30, 30, 34, 255}, &matching, &total);
  g_assert_cmpuint(matching, ==, total);
  /* the flyweight off: every glyph is a private copy used once */
  g_assert_true(view_set_sharing(f.view, false, G_MAXUINT64, NULL));
  g_autofree guint32 *off = draw_shared(&f, true, NULL);
  count_inked(&f, off, NULL, sharing_map_color(0), &matching, &total);
  g_assert_cmpuint(total, >, 100);
  g_assert_cmpuint(matching, ==, total);
  fixture_clear(&f);
}

/* The inspector highlights exactly the DrawnGlyphs of the inspected Glyph:
 * every pixel in the highlight's colour lies in the box of one of them, and
 * each of them has highlighted pixels around it. */
static void test_inspector_highlights(gconstpointer compositing)
{
  static const SDL_Color HIGHLIGHT = {255, 200, 110, 255};
  Fixture f;
  fixture_init(&f);
  insert_repeats(&f);
  renderer_set_compositing(f.renderer, GPOINTER_TO_INT(compositing));
  g_autofree guint32 *before = draw_shared(&f, false, NULL);
  const Glyph *inspected = most_shared(&f);
  g_autofree guint32 *pixels = draw_shared(&f, false, inspected);
  guint n = 0, occurrences = 0;
  const ViewPiece *pieces = view_visible(f.view, &n);
  g_autoptr(GArray) boxes = g_array_new(FALSE, FALSE, sizeof(SDL_Rect));
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++)
      if (pieces[i].glyphs[k].glyph == inspected) {
        SDL_Rect box = output_box(&f, &pieces[i], &pieces[i].glyphs[k]);
        SDL_Rect mark = {box.x - 1, box.y - 1, box.w + 2, box.h + 2};
        g_array_append_val(boxes, mark);
        occurrences++;
        g_assert_true(is_color(pixels[mark.y * W + mark.x], HIGHLIGHT, 0));
      }
  g_assert_cmpuint(occurrences, >=, 8);
  guint highlighted = 0;
  for (int y = 0; y < f.layout.status.y; y++)
    for (int x = 0; x < W; x++) {
      if (!is_color(pixels[y * W + x], HIGHLIGHT, 0))
        continue;
      highlighted++;
      SDL_Point p = {x, y};
      bool inside = false;
      for (guint b = 0; b < boxes->len && !inside; b++)
        inside = SDL_PointInRect(&p, &g_array_index(boxes, SDL_Rect, b));
      g_assert_true(inside);
    }
  g_assert_cmpuint(highlighted, >, occurrences);
  g_autofree guint32 *after = draw_shared(&f, false, NULL); /* gone again */
  g_assert_cmpmem(after, sizeof(guint32) * W * H, before, sizeof(guint32) * W * H);
  fixture_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/renderer/composition", test_composition_at_cursor);
  g_test_add_func("/renderer/progress", test_progress_bar);
  g_test_add_func("/renderer/selection-fills-tall-lines", test_selection_fills_tall_lines);
  g_test_add_func("/renderer/scripts", test_scripts_in_one_draw_call);
  g_test_add_func("/renderer/compositor-matches-atlas", test_compositor_matches_atlas);
  g_test_add_func("/renderer/damage-misses-nothing", test_damage_misses_nothing);
  g_test_add_func("/renderer/narrower-than-scrollbar", test_narrower_than_scrollbar);
  g_test_add_data_func("/renderer/sharing-map/compositor", GINT_TO_POINTER(1),
                       test_sharing_map_colors);
  g_test_add_data_func("/renderer/sharing-map/atlas", GINT_TO_POINTER(0), test_sharing_map_colors);
  g_test_add_data_func("/renderer/inspector/compositor", GINT_TO_POINTER(1),
                       test_inspector_highlights);
  g_test_add_data_func("/renderer/inspector/atlas", GINT_TO_POINTER(0), test_inspector_highlights);
  return g_test_run();
}
