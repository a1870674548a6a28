/* test_glyph_sharing.c — the glyph inspector's card for a known character
 * (its Glyph, its reference count against the DrawnGlyphs on screen, with the
 * flyweight on and off) and the sharing map's buckets. */
#include "glyph_sharing.h"
#include "testutil.h"

#include <string.h>

static const char *const TEXT[] = {
    "Here the letter e recurs: eerie, eleven, sleeve, tee.",
    "Every sentence needs the e; see the tree.",
};

typedef struct {
  TestFonts fonts;
  Document *doc;
  View *view;
} Fixture;

static void fixture_init(Fixture *f)
{
  test_fonts_init(&f->fonts);
  f->doc = document_new(f->fonts.factory, f->fonts.style);
  for (guint i = 0; i < G_N_ELEMENTS(TEXT); i++)
    g_assert_true(document_append_paragraph(f->doc, TEXT[i], strlen(TEXT[i]), LINE_END_LF, NULL));
  f->view = view_new(f->doc, f->fonts.layout, 800, 400);
  g_assert_true(view_measure_all(f->view));
}

static void fixture_clear(Fixture *f)
{
  view_free(f->view);
  document_free(f->doc);
  test_fonts_clear(&f->fonts);
}

/* The DrawnGlyph of the @nth glyph with @glyph_id on screen; its piece in *@piece. */
static guint find_glyph(View *view, guint32 glyph_id, guint nth, const ViewPiece **piece)
{
  guint n = 0;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++)
      if (pieces[i].glyphs[k].glyph->glyph_id == glyph_id && nth-- == 0) {
        *piece = &pieces[i];
        return k;
      }
  g_assert_not_reached();
}

/* DrawnGlyphs on screen: those drawing @glyph, or (@glyph NULL) those with @glyph_id. */
static guint count_drawn(View *view, const Glyph *glyph, guint32 glyph_id)
{
  guint n = 0, count = 0;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++) {
      const Glyph *g = pieces[i].glyphs[k].glyph;
      count += glyph != NULL ? g == glyph : g->glyph_id == glyph_id;
    }
  return count;
}

/* The card at the middle of the 4th "e"'s bitmap. */
static GlyphCard card_of_an_e(Fixture *f, const Glyph **expected)
{
  guint32 e = test_glyph_id(f->fonts.sans, 'e');
  const ViewPiece *piece;
  guint k = find_glyph(f->view, e, 3, &piece);
  const DrawnGlyph *dg = &piece->glyphs[k];
  int x = dg->x + dg->glyph->bearing_x + dg->glyph->width / 2;
  int y = (int)piece->top + dg->y - dg->glyph->bearing_y + dg->glyph->rows / 2;
  GlyphCard card;
  g_assert_true(glyph_sharing_card_at(f->view, f->fonts.factory, x, y, &card));
  *expected = dg->glyph;
  g_assert_cmpint(card.x, ==, dg->x);
  g_assert_cmpint(card.y, ==, dg->y);
  g_assert_cmpuint(card.para, ==, piece->para);
  g_assert_true(x >= card.cell_x && x < card.cell_x + card.cell_w);
  g_assert_true(y >= card.cell_y && y < card.cell_y + card.cell_h);
  return card;
}

static void test_card_shared(void)
{
  Fixture f;
  fixture_init(&f);
  const Glyph *expected;
  GlyphCard card = card_of_an_e(&f, &expected);
  g_assert_true(card.glyph == expected);
  g_assert_cmpuint(card.glyph->glyph_id, ==, test_glyph_id(f.fonts.sans, 'e'));
  g_assert_cmpstr(card.family, ==, "DejaVu Sans");
  g_assert_cmpuint(card.px, ==, 16);
  g_assert_false(card.is_private);
  g_assert_cmpuint(card.bytes, ==, glyph_bytes(expected));
  /* every reference to it is a DrawnGlyph on screen (the word cache holds none) */
  guint drawn = count_drawn(f.view, expected, 0);
  g_assert_cmpuint(drawn, >, 1);
  g_assert_cmpuint(card.refcount, ==, drawn);
  g_assert_cmpuint(card.on_screen, ==, drawn);
  g_assert_cmpuint(card.users, ==, drawn);
  /* past the end of a line: nothing */
  g_assert_false(glyph_sharing_card_at(f.view, f.fonts.factory, 790, 2, &card));
  fixture_clear(&f);
}

static void test_card_private(void)
{
  Fixture f;
  fixture_init(&f);
  g_assert_true(view_set_sharing(f.view, false, G_MAXUINT64, NULL));
  const Glyph *expected;
  GlyphCard card = card_of_an_e(&f, &expected);
  g_assert_true(card.glyph == expected);
  g_assert_true(card.is_private);
  /* one occurrence draws it; its references are that DrawnGlyph's and its
   * owner's (the private store, view.h), and nothing else's */
  g_assert_cmpuint(card.on_screen, ==, 1);
  g_assert_cmpuint(card.refcount, ==, 2);
  g_assert_cmpuint(card.users, ==, 1); /* what the sharing map shows */
  /* though the same letter is on screen many times */
  g_assert_cmpuint(count_drawn(f.view, NULL, card.glyph->glyph_id), >, 10);
  fixture_clear(&f);
}

static void test_buckets(void)
{
  static const struct {
    guint32 refcount;
    guint bucket;
  } cases[] = {{0, 0},  {1, 0},  {2, 1},    {3, 1},     {4, 2},     {7, 2},           {8, 3},
               {15, 3}, {16, 4}, {1023, 9}, {1024, 10}, {5000, 10}, {G_MAXUINT32, 10}};
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
    g_assert_cmpuint(glyph_sharing_bucket(cases[i].refcount), ==, cases[i].bucket);
  for (guint b = 0; b < GLYPH_SHARING_BUCKETS; b++) {
    guint32 lo, hi;
    glyph_sharing_bucket_range(b, &lo, &hi);
    g_assert_cmpuint(glyph_sharing_bucket(lo), ==, b);
    g_assert_cmpuint(glyph_sharing_bucket(hi), ==, b);
    if (b > 0)
      g_assert_cmpuint(glyph_sharing_bucket(lo - 1), ==, b - 1);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/glyph_sharing/card/shared", test_card_shared);
  g_test_add_func("/glyph_sharing/card/private", test_card_private);
  g_test_add_func("/glyph_sharing/buckets", test_buckets);
  return g_test_run();
}
