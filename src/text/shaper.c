/* shaper.c — itemize a piece by font and script, shape each run (shaper.h).
 *
 * Itemizing walks the piece's grapheme clusters once: each gets the face of
 * the style's chain that covers all of it (typeface_for_cluster) and a script
 * (its first character's that is neither Common nor Inherited; Common and
 * Inherited clusters then take their neighbour's, so "Hello, world" is one
 * Latin run and a digit between two Arabic words stays Arabic). Runs are
 * maximal stretches of one face and one script. Each run is shaped by HarfBuzz
 * with the paragraph as context, cluster level MONOTONE_GRAPHEMES, and with
 * unsafe-to-concat flags produced, for the word cache. A run of clusters no
 * face covers becomes one box glyph per cluster, so every cluster stays
 * reachable by the cursor. */
#include "shaper.h"

#include <hb.h>
#include <string.h>

#define REPLACEMENT_CP 0xFFFDu /* what a raw byte is shaped as */

/* One grapheme cluster of the piece being shaped. */
typedef struct {
  guint32 start, end; /* byte offsets in the paragraph */
  Typeface *face;     /* the face that covers it, NULL for the box */
  hb_script_t script; /* resolved script */
} Cluster;

struct Shaper {
  GlyphFactory *factory; /* not owned */
  Segmenter *segmenter;  /* grapheme clusters */
  hb_buffer_t *buffer;   /* reused for every run */
  GArray *clusters;      /* Cluster: the piece being shaped */
  GArray *cps;           /* gunichar: one cluster's code points */
};

Shaper *shaper_new(GlyphFactory *factory, GError **error)
{
  g_return_val_if_fail(factory != NULL, NULL);
  Segmenter *segmenter = segmenter_new(NULL, error);
  if (segmenter == NULL)
    return NULL;
  Shaper *s = g_new0(Shaper, 1);
  s->factory = factory;
  s->segmenter = segmenter;
  s->buffer = hb_buffer_create();
  s->clusters = g_array_new(FALSE, FALSE, sizeof(Cluster));
  s->cps = g_array_new(FALSE, FALSE, sizeof(gunichar));
  return s;
}

GlyphFactory *shaper_factory(const Shaper *s)
{
  return s->factory;
}

void shaper_free(Shaper *s)
{
  if (s == NULL)
    return;
  segmenter_free(s->segmenter);
  hb_buffer_destroy(s->buffer);
  g_array_unref(s->clusters);
  g_array_unref(s->cps);
  g_free(s);
}

Segmenter *shaper_segmenter(Shaper *s)
{
  return s->segmenter;
}

/* ---------------------------------------------------------------- code points */

/* Whether @cp is shaped as something else (shaped_cp): a raw byte. */
static bool is_substituted(gunichar cp)
{
  return GLYPH_IS_RAW_BYTE(cp);
}

static gunichar shaped_cp(gunichar cp)
{
  return is_substituted(cp) ? REPLACEMENT_CP : cp;
}

/* A C0 or C1 control other than tab: drawn as a box, so that what a file
 * holds is seen (as gedit's hex box or vim's ^A), never as nothing. Each is a
 * grapheme cluster of its own (GB4, GB5). */
static bool is_control(gunichar cp)
{
  return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp < 0xA0);
}

/* The code points of [@start, @end) as they are shaped, into s->cps. */
static void read_cps(Shaper *s, const char *para, guint32 start, guint32 end)
{
  g_array_set_size(s->cps, 0);
  for (const char *p = para + start; p < para + end; p = g_utf8_next_char(p)) {
    gunichar cp = shaped_cp(g_utf8_get_char(p));
    g_array_append_val(s->cps, cp);
  }
}

/* The script of a cluster: its first character's that is a real script. */
static hb_script_t cluster_script(const GArray *cps)
{
  hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
  for (guint i = 0; i < cps->len; i++) {
    hb_script_t sc = hb_unicode_script(uf, g_array_index(cps, gunichar, i));
    if (sc != HB_SCRIPT_COMMON && sc != HB_SCRIPT_INHERITED && sc != HB_SCRIPT_UNKNOWN)
      return sc;
  }
  return HB_SCRIPT_COMMON;
}

/* ---------------------------------------------------------------- itemizing */

/* Whether @face has every code point of the cluster in s->cps. */
static bool face_has_all(Typeface *face, const GArray *cps)
{
  for (guint i = 0; i < cps->len; i++)
    if (!typeface_has(face, g_array_index(cps, gunichar, i)))
      return false;
  return true;
}

/* The face of a cluster: the chain's first that covers it; but a cluster of
 * no script of its own (punctuation, digits, a danda) that the style's own
 * face lacks stays in the face of the cluster before it when that face has
 * it: "स्त्री।" is all Noto Sans Devanagari, not a danda from whichever font
 * fontconfig lists next (Pango took Noto Sans Takri's). What the style's face
 * has comes from it, as in Pango and browsers: the ':' of "विफल:" is the
 * style's colon. */
static Typeface *cluster_face(Shaper *s, Typeface *face, const Cluster *c, const Cluster *before)
{
  const gunichar *cps = (const gunichar *)(void *)s->cps->data;
  if (is_control(cps[0]))
    return NULL;
  Typeface *chosen = typeface_for_cluster(face, cps, s->cps->len);
  if (c->script == HB_SCRIPT_COMMON && before != NULL && before->face != NULL &&
      before->face != chosen && chosen != NULL && chosen != face &&
      !typeface_is_color(before->face) && face_has_all(before->face, s->cps))
    return before->face;
  return chosen;
}

/* Fills s->clusters with the clusters of [@start, @end) and their faces. */
static void find_clusters(Shaper *s, const char *para, gsize para_len, guint32 start, guint32 end,
                          Typeface *face)
{
  g_array_set_size(s->clusters, 0);
  SegmentWalk walk; /* keeps ICU on this text: a boundary costs the step, not a re-bind */
  segmenter_clusters_begin(s->segmenter, &walk, para, para_len, start);
  for (guint32 b = start; b < end;) {
    gsize boundary;
    guint32 next = segmenter_clusters_next(&walk, &boundary) ? (guint32)MIN(boundary, end) : end;
    if (next <= b)
      next = (guint32)(g_utf8_next_char(para + b) - para);
    read_cps(s, para, b, next);
    Cluster c = {b, next, NULL, cluster_script(s->cps)};
    const Cluster *before = s->clusters->len > 0
                                ? &g_array_index(s->clusters, Cluster, s->clusters->len - 1)
                                : NULL;
    c.face = cluster_face(s, face, &c, before);
    g_array_append_val(s->clusters, c);
    b = next;
  }
}

/* Gives Common clusters the script of the nearest real one: the previous,
 * or for leading ones the first that follows. */
static void resolve_scripts(GArray *clusters)
{
  hb_script_t last = HB_SCRIPT_COMMON;
  for (guint i = 0; i < clusters->len; i++) {
    Cluster *c = &g_array_index(clusters, Cluster, i);
    if (c->script == HB_SCRIPT_COMMON)
      c->script = last;
    else
      last = c->script;
  }
  last = HB_SCRIPT_COMMON;
  for (guint i = clusters->len; i-- > 0;) {
    Cluster *c = &g_array_index(clusters, Cluster, i);
    if (c->script == HB_SCRIPT_COMMON)
      c->script = last;
    else
      last = c->script;
  }
}

/* How many clusters from @first share its face and script. */
static guint run_length(const GArray *clusters, guint first)
{
  const Cluster *a = &g_array_index(clusters, Cluster, first);
  guint n = 1;
  while (first + n < clusters->len) {
    const Cluster *b = &g_array_index(clusters, Cluster, first + n);
    if (b->face != a->face || b->script != a->script)
      break;
    n++;
  }
  return n;
}

/* ---------------------------------------------------------------- shaping */

/* Puts the run [@start, @end) of @para into the buffer: straight from the
 * UTF-8 with the paragraph as context, or code point by code point when some
 * are shaped as others (raw bytes). Clusters are paragraph offsets. */
static void fill_buffer(Shaper *s, const char *para, gsize para_len, guint32 start, guint32 end)
{
  bool plain = true;
  for (const char *p = para + start; p < para + end && plain; p = g_utf8_next_char(p))
    plain = !is_substituted(g_utf8_get_char(p));
  if (plain) {
    hb_buffer_add_utf8(s->buffer, para, (int)para_len, (unsigned)start, (int)(end - start));
    return;
  }
  for (const char *p = para + start; p < para + end; p = g_utf8_next_char(p))
    hb_buffer_add(s->buffer, shaped_cp(g_utf8_get_char(p)), (unsigned)(p - para));
  hb_buffer_set_content_type(s->buffer, HB_BUFFER_CONTENT_TYPE_UNICODE);
}

/* Shapes one run with HarfBuzz and appends its glyphs (visual order). */
static int32_t shape_run(Shaper *s, const char *para, gsize para_len, const Cluster *first,
                         guint32 end, StyleId style, bool rtl, gsize base, GArray *out)
{
  const GlyphStyle *info = glyph_factory_style_info(s->factory, style);
  StyleId face_style = glyph_factory_style(s->factory, first->face, info->px);
  hb_buffer_clear_contents(s->buffer);
  fill_buffer(s, para, para_len, first->start, end);
  hb_buffer_set_direction(s->buffer, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb_buffer_set_script(s->buffer, first->script);
  hb_buffer_set_language(s->buffer, hb_language_get_default());
  hb_buffer_set_cluster_level(s->buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);
  hb_buffer_set_flags(s->buffer, HB_BUFFER_FLAG_PRODUCE_UNSAFE_TO_CONCAT);
  hb_shape(typeface_hb_font(first->face, info->px), s->buffer, NULL, 0);
  unsigned n = 0;
  hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(s->buffer, &n);
  hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(s->buffer, NULL);
  int32_t width = 0;
  for (unsigned i = 0; i < n; i++) {
    ShapedGlyph g = {gi[i].codepoint,
                     face_style,
                     0,
                     gp[i].x_advance,
                     gp[i].x_offset,
                     gp[i].y_offset,
                     (uint32_t)(gi[i].cluster - base)};
    if (hb_glyph_info_get_glyph_flags(&gi[i]) & HB_GLYPH_FLAG_UNSAFE_TO_CONCAT)
      g.flags |= SHAPED_UNSAFE_TO_CONCAT;
    g_array_append_val(out, g);
    width += g.x_advance;
  }
  return width;
}

/* One box glyph per cluster of a run no face covers (visual order). */
static int32_t box_run(Shaper *s, const Cluster *first, guint n, StyleId style, bool rtl,
                       gsize base, GArray *out)
{
  int32_t advance = glyph_box_advance(glyph_factory_style_info(s->factory, style)->px);
  for (guint k = 0; k < n; k++) {
    const Cluster *c = &first[rtl ? n - 1 - k : k];
    ShapedGlyph g = {GLYPH_ID_BOX, style, 0, advance, 0, 0, (uint32_t)(c->start - base)};
    g_array_append_val(out, g);
  }
  return (int32_t)n * advance;
}

/* Moves the runs appended to @out from @mark on into right-to-left order:
 * each run's glyphs are already visual; the runs themselves are reversed. */
static void reverse_runs(GArray *out, guint mark, const guint *run_starts, guint n_runs)
{
  g_autoptr(GArray) copy = g_array_sized_new(FALSE, FALSE, sizeof(ShapedGlyph), out->len - mark);
  for (guint r = n_runs; r-- > 0;) {
    guint from = run_starts[r], to = r + 1 < n_runs ? run_starts[r + 1] : out->len;
    g_array_append_vals(copy, &g_array_index(out, ShapedGlyph, from), to - from);
  }
  memcpy(&g_array_index(out, ShapedGlyph, mark), copy->data, copy->len * sizeof(ShapedGlyph));
}

int32_t shaper_shape(Shaper *s, const char *para, gsize para_len, gsize start, gsize len,
                     StyleId style, bool rtl, GArray *out)
{
  g_return_val_if_fail(s != NULL && para != NULL && start + len <= para_len && out != NULL, 0);
  const GlyphStyle *info = glyph_factory_style_info(s->factory, style);
  find_clusters(s, para, para_len, (guint32)start, (guint32)(start + len), info->typeface);
  resolve_scripts(s->clusters);
  g_autoptr(GArray) run_starts = g_array_new(FALSE, FALSE, sizeof(guint));
  guint mark = out->len;
  int32_t width = 0;
  for (guint i = 0; i < s->clusters->len;) {
    const Cluster *c = &g_array_index(s->clusters, Cluster, i);
    guint n = run_length(s->clusters, i);
    guint32 end = g_array_index(s->clusters, Cluster, i + n - 1).end;
    g_array_append_val(run_starts, out->len);
    width += c->face ? shape_run(s, para, para_len, c, end, style, rtl, start, out)
                     : box_run(s, c, n, style, rtl, start, out);
    i += n;
  }
  if (rtl && run_starts->len > 1)
    reverse_runs(out, mark, (const guint *)(void *)run_starts->data, run_starts->len);
  return width;
}

void shaper_pin_ascii(Shaper *s, StyleId style)
{
  g_autoptr(GArray) glyphs = g_array_new(FALSE, FALSE, sizeof(ShapedGlyph));
  char text[2] = {0, 0};
  for (char c = 0x20; c < 0x7F; c++) {
    text[0] = c;
    g_array_set_size(glyphs, 0);
    shaper_shape(s, text, 1, 0, 1, style, false, glyphs);
    for (guint i = 0; i < glyphs->len; i++) {
      const ShapedGlyph *g = &g_array_index(glyphs, ShapedGlyph, i);
      for (unsigned phase = 0; phase < GLYPH_PHASES; phase++)
        glyph_factory_pin(s->factory, g->style, g->glyph_id, phase);
    }
  }
}
