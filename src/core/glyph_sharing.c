/* glyph_sharing.c — the inspector's card and the sharing map's buckets
 * (glyph_sharing.h).
 *
 * Hit testing walks the pieces on screen (a screen holds a few thousand
 * glyphs: a linear walk per frame costs microseconds). A glyph's line is the
 * baseline nearest its own (a mark's offset moves its y a little), as the
 * renderer's selection finds it; its cell spans its pen to its advance. */
#include "glyph_sharing.h"

guint glyph_sharing_bucket(guint32 refcount)
{
  guint bucket = 0;
  while (refcount > 1 && bucket < GLYPH_SHARING_BUCKETS - 1) {
    refcount >>= 1;
    bucket++;
  }
  return bucket;
}

void glyph_sharing_bucket_range(guint bucket, guint32 *lo, guint32 *hi)
{
  g_return_if_fail(lo != NULL && hi != NULL);
  bucket = MIN(bucket, GLYPH_SHARING_BUCKETS - 1);
  *lo = 1u << bucket;
  *hi = bucket == GLYPH_SHARING_BUCKETS - 1 ? G_MAXUINT32 : (1u << (bucket + 1)) - 1;
}

guint32 glyph_sharing_users(const Glyph *glyph)
{
  g_return_val_if_fail(glyph != NULL, 0);
  bool owned = (glyph->flags & GLYPH_PRIVATE) && glyph->refcount > 0;
  return owned ? glyph->refcount - 1 : glyph->refcount;
}

guint glyph_sharing_on_screen(View *view, const Glyph *glyph)
{
  g_return_val_if_fail(view != NULL, 0);
  guint n = 0, count = 0;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < pieces[i].n_glyphs; k++)
      count += pieces[i].glyphs[k].glyph == glyph;
  return count;
}

/* The cell of glyph @k of @piece: pen to pen + advance on its line. */
static void glyph_cell(const ViewPiece *piece, guint k, GlyphCard *card)
{
  const DrawnGlyph *dg = &piece->glyphs[k];
  const GlyphPlace *place = &piece->places[k];
  int height = MAX(piece->metrics.height, 1);
  int line = MAX(dg->y - piece->metrics.ascent + height / 2, 0) / height;
  int x0 = place->x >> 6, x1 = (place->x + place->advance + 63) >> 6;
  card->cell_x = x0;
  card->cell_w = MAX(x1 - x0, 1);
  card->cell_y = (int)(piece->top + (gint64)line * height);
  card->cell_h = height;
}

/* Whether (@x, @y) is on @dg's bitmap, @top its piece's top. */
static bool on_bitmap(const DrawnGlyph *dg, gint64 top, int x, int y)
{
  const Glyph *g = dg->glyph;
  int left = dg->x + g->bearing_x;
  gint64 upper = top + dg->y - g->bearing_y;
  return x >= left && x < left + g->width && y >= upper && y < upper + g->rows;
}

/* The glyph of @piece under (@x, @y), or -1: its cell holds the point,
 * preferring one whose bitmap holds it too. */
static int glyph_at(const ViewPiece *piece, int x, int y)
{
  int found = -1;
  for (guint k = 0; k < piece->n_glyphs; k++) {
    GlyphCard cell;
    glyph_cell(piece, k, &cell);
    if (x < cell.cell_x || x >= cell.cell_x + cell.cell_w || y < cell.cell_y ||
        y >= cell.cell_y + cell.cell_h)
      continue;
    if (on_bitmap(&piece->glyphs[k], piece->top, x, y))
      return (int)k;
    if (found < 0)
      found = (int)k;
  }
  return found;
}

/* Fills @card from glyph @k of @piece. */
static void fill_card(View *view, const GlyphFactory *factory, const ViewPiece *piece, guint k,
                      GlyphCard *card)
{
  const DrawnGlyph *dg = &piece->glyphs[k];
  const Glyph *g = dg->glyph;
  glyph_cell(piece, k, card);
  const GlyphStyle *style = glyph_factory_style_info(factory, g->style);
  card->glyph = g;
  card->family = style != NULL ? typeface_family(style->typeface) : "?";
  card->px = style != NULL ? style->px : 0;
  card->bytes = glyph_bytes(g);
  card->refcount = g->refcount;
  card->users = glyph_sharing_users(g);
  card->is_private = (g->flags & GLYPH_PRIVATE) != 0;
  card->para = piece->para;
  card->cluster = piece->places[k].cluster;
  card->x = dg->x;
  card->y = dg->y;
  card->on_screen = glyph_sharing_on_screen(view, g);
}

bool glyph_sharing_card_at(View *view, const GlyphFactory *factory, int x, int y, GlyphCard *out)
{
  g_return_val_if_fail(view != NULL && factory != NULL && out != NULL, false);
  guint n = 0;
  const ViewPiece *pieces = view_visible(view, &n);
  for (guint i = 0; i < n; i++) {
    if (pieces[i].places == NULL)
      continue;
    int k = glyph_at(&pieces[i], x, y);
    if (k >= 0) {
      fill_card(view, factory, &pieces[i], (guint)k, out);
      return true;
    }
  }
  return false;
}
