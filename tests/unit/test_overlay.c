/* test_overlay.c — the statistics panel shows the factory's and the view's
 * numbers, docked below the text.
 *
 * The panel's text (overlay_lines) is read back row by row and each value is
 * held against the figure it names, read from the factory, the view and
 * MemStats directly, with the flyweight on and off; the layout leaves the
 * panel's strip out of the text area; and a frame of the panel draws inside
 * its strip and nowhere else. */
#include <string.h>

#include "editor.h"
#include "memstats.h"
#include "overlay.h"
#include "renderer.h"
#include "testutil.h"

#define W 1280
#define H 800

typedef struct {
  TestFonts fonts;
  SDL_Surface *surface;
  SDL_Renderer *sdl;
  UiFont *font;
  Overlay *overlay;
  Editor *editor;
  View *view;
} Fixture;

static void fixture_init(Fixture *f)
{
  test_fonts_init(&f->fonts);
  f->surface = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
  f->sdl = SDL_CreateSoftwareRenderer(f->surface);
  g_assert_nonnull(f->sdl);
  g_autoptr(GError) error = NULL;
  f->font = uifont_new(f->sdl, "DejaVu Sans Mono", 13, &error);
  g_assert_no_error(error);
  f->overlay = overlay_new(f->font, 1.0f);
  f->editor = editor_new(f->fonts.factory, f->fonts.segmenter, f->fonts.style);
  f->view = view_new(editor_document(f->editor), f->fonts.layout, 900, 500);
  for (int i = 0; i < 40; i++)
    g_assert_true(
        editor_insert(f->editor, "the flyweight shares every glyph; éé ЖЖ 中文\n", &error));
  g_assert_no_error(error);
  guint n;
  (void)view_visible(f->view, &n);
}

static void fixture_clear(Fixture *f)
{
  view_free(f->view);
  editor_free(f->editor);
  overlay_free(f->overlay);
  uifont_free(f->font);
  SDL_DestroyRenderer(f->sdl);
  SDL_FreeSurface(f->surface);
  test_fonts_clear(&f->fonts);
}

/* The value of the panel's row @label ("label\tvalue"), or NULL. */
static const char *value_of(GPtrArray *lines, const char *label)
{
  gsize n = strlen(label);
  for (guint i = 0; i < lines->len; i++) {
    const char *line = lines->pdata[i];
    if (strncmp(line, label, n) == 0 && line[n] == '\t')
      return line + n + 1;
  }
  g_error("the panel has no row \"%s\"", label);
  return NULL;
}

static char *size_text(guint64 bytes)
{
  return g_format_size_full(bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* Every figure the panel shows against its source, in the view's mode now. */
static void check_rows(Fixture *f)
{
  MemStats st;
  Document *doc = editor_document(f->editor);
  memstats_collect(&st, f->fonts.factory, doc, f->view, f->fonts.words);
  GlyphFactoryStats fs;
  glyph_factory_get_stats(f->fonts.factory, &fs);
  OverlayFrame frame = {.stats = &st, .factory = f->fonts.factory, .now_ms = 1000};
  g_autoptr(GPtrArray) lines = overlay_lines(f->overlay, &frame);
  g_autofree char *alive = g_strdup_printf("%" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT ")",
                                           fs.alive, fs.pinned);
  g_assert_cmpstr(value_of(lines, "Glyphs alive (pinned)"), ==, alive);
  g_autofree char *made = g_strdup_printf("%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT, fs.created,
                                          fs.freed);
  g_assert_cmpstr(value_of(lines, "created / freed"), ==, made);
  g_autofree char *asked = g_strdup_printf("%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT, fs.hits,
                                           fs.misses);
  g_assert_cmpstr(value_of(lines, "factory hits / misses"), ==, asked);
  g_autofree char *drawn = g_strdup_printf("%" G_GUINT64_FORMAT " x %u B",
                                           view_drawn_glyph_count(f->view),
                                           (unsigned)sizeof(DrawnGlyph));
  g_assert_cmpstr(value_of(lines, "DrawnGlyphs"), ==, drawn);
  g_autofree char *intrinsic = size_text(fs.intrinsic_bytes);
  g_assert_cmpstr(value_of(lines, "intrinsic (Glyphs)"), ==, intrinsic);
  g_autofree char *document = size_text(document_bytes(doc));
  g_assert_cmpstr(value_of(lines, "document"), ==, document);
  g_autofree char *view = size_text(view_bytes(f->view));
  g_assert_cmpstr(value_of(lines, "view"), ==, view);
  guint64 on = 0, off = 0;
  memstats_predict(doc, f->view, f->fonts.words, &on, &off);
  g_autofree char *on_text = size_text(on), *off_text = size_text(off);
  g_assert_cmpstr(value_of(lines, "on  = S + D + W"), ==, on_text);
  g_assert_cmpstr(value_of(lines, "off = S + N(g+p) + D + W"), ==, off_text);
  g_assert_cmpstr(lines->pdata[0], ==,
                  view_get_sharing(f->view) ? "# The Glyph flyweight: ON (F2)"
                                            : "# The Glyph flyweight: OFF (F2)");
  /* the first typeface's row: its glyphs and references, as the factory counts them */
  g_autoptr(GArray) styles = glyph_factory_style_stats(f->fonts.factory);
  const GlyphStyleStats *first = &g_array_index(styles, GlyphStyleStats, 0);
  const GlyphStyle *info = glyph_factory_style_info(f->fonts.factory, first->style);
  g_autofree char *face = g_strdup_printf("  %s %upx", typeface_family(info->typeface), info->px);
  g_autofree char *face_value = g_strdup_printf("%" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT
                                                " refs)",
                                                first->glyphs, first->references);
  g_assert_cmpstr(value_of(lines, face), ==, face_value);
}

static void test_rows_are_the_counts(void)
{
  Fixture f;
  fixture_init(&f);
  check_rows(&f);
  g_autoptr(GError) error = NULL;
  g_assert_true(view_set_sharing(f.view, false, G_MAXUINT64, &error));
  g_assert_no_error(error);
  guint n;
  (void)view_visible(f.view, &n);
  check_rows(&f);
  g_assert_true(view_set_sharing(f.view, true, 0, &error));
  (void)view_visible(f.view, &n);
  check_rows(&f);
  fixture_clear(&f);
}

/* The heap measured in each mode is the panel's last sample in that mode. */
static void test_measured_by_mode(void)
{
  Fixture f;
  fixture_init(&f);
  g_assert_cmpuint(overlay_measured(f.overlay, true), ==, 0);
  overlay_sample(f.overlay, 1000, 111, true);
  overlay_sample(f.overlay, 2000, 222, false);
  overlay_sample(f.overlay, 2100, 333, false); /* under the sampling step: still the mode's last */
  g_assert_cmpuint(overlay_measured(f.overlay, true), ==, 111);
  g_assert_cmpuint(overlay_measured(f.overlay, false), ==, 333);
  fixture_clear(&f);
}

/* The panel's strip is cut from the text area, scrollbar and gutter, above
 * the bar's rows; a frame of the panel draws inside it and nowhere else. */
static void test_docked_below_text(void)
{
  Fixture f;
  fixture_init(&f);
  RendererLayout layout;
  renderer_layout(f.font, 1.0f, W, H, &layout);
  renderer_layout_set_bar_rows(&layout, f.font, 1.0f, 1);
  int h = overlay_height(f.overlay, H);
  g_assert_cmpint(h, >, 0);
  g_assert_cmpint(h, <=, H * 45 / 100);
  renderer_layout_panel(&layout, h);
  g_assert_cmpint(layout.panel.h, ==, h);
  g_assert_cmpint(layout.panel.y + layout.panel.h, ==, layout.bar.y);
  g_assert_cmpint(layout.text.y + layout.text.h, <=, layout.panel.y);
  g_assert_cmpint(layout.scrollbar.y + layout.scrollbar.h, <=, layout.panel.y);
  g_assert_cmpint(layout.panel.w, ==, W);

  SDL_FillRect(f.surface, NULL, 0xFF123456u);
  MemStats st;
  memstats_collect(&st, f.fonts.factory, editor_document(f.editor), f.view, f.fonts.words);
  OverlayFrame frame = {.stats = &st, .factory = f.fonts.factory, .now_ms = 5000};
  overlay_sample(f.overlay, 1000, 4u << 20, true);
  overlay_sample(f.overlay, 4000, 5u << 20, true);
  overlay_draw(f.overlay, f.sdl, &frame, &layout.panel);
  SDL_RenderPresent(f.sdl);
  const guint32 *px = f.surface->pixels;
  int stride = f.surface->pitch / 4;
  guint changed_inside = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      bool inside = y >= layout.panel.y && y < layout.panel.y + layout.panel.h;
      bool same = px[y * stride + x] == 0xFF123456u;
      if (!inside)
        g_assert_true(same);
      changed_inside += inside && !same;
    }
  g_assert_cmpuint(changed_inside, ==, (guint)(W * layout.panel.h)); /* opaque: text never shows */
  fixture_clear(&f);
}

/* At every window height, short ones too, with 0 to 3 bar rows and the
 * panel: no rectangle of the layout has a negative size, the text area, the
 * panel, the bar and the status line come top to bottom without
 * overlapping, and the gutter and scrollbar end where the text does. */
static void test_layout_any_height(void)
{
  Fixture f;
  fixture_init(&f);
  for (int height = 1; height <= 400; height += 3)
    for (int rows = 0; rows <= 3; rows++)
      for (int panel = 0; panel <= 1; panel++) {
        RendererLayout l;
        renderer_layout(f.font, 1.0f, 300, height, &l);
        renderer_layout_set_bar_rows(&l, f.font, 1.0f, rows);
        renderer_layout_panel(&l, panel ? overlay_height(f.overlay, height) : 0);
        renderer_layout_gutter(f.font, 1.0f, 3, &l);
        const SDL_Rect *all[] = {&l.text, &l.scrollbar, &l.bar, &l.status, &l.gutter, &l.panel};
        for (gsize i = 0; i < G_N_ELEMENTS(all); i++) {
          g_assert_cmpint(all[i]->w, >=, 0);
          g_assert_cmpint(all[i]->h, >=, 0);
        }
        if (l.status.y < l.text.y + 2)
          continue; /* no room for text at all: only the sizes are checked */
        g_assert_cmpint(l.text.y + l.text.h, <=, l.panel.y);
        g_assert_cmpint(l.panel.y + l.panel.h, ==, l.bar.y);
        g_assert_cmpint(l.bar.y + l.bar.h, ==, l.status.y);
        g_assert_cmpint(l.scrollbar.h, ==, l.panel.y);
        g_assert_cmpint(l.gutter.h, ==, l.panel.y);
      }
  fixture_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
  g_assert_true(SDL_Init(SDL_INIT_VIDEO) == 0);
  g_test_add_func("/overlay/rows/the-counts", test_rows_are_the_counts);
  g_test_add_func("/overlay/measured/by-mode", test_measured_by_mode);
  g_test_add_func("/overlay/docked/below-text", test_docked_below_text);
  g_test_add_func("/overlay/layout/any-height", test_layout_any_height);
  int result = g_test_run();
  SDL_Quit();
  return result;
}
