/* layout.c — one paragraph at a time: greedy word wrap, tab stops, kerning.
 *
 * next_line() is the whole algorithm: from a line's first byte it walks the
 * characters, advancing a pen, and returns where the next line starts — after
 * the last space that still began within the width, or, for a word longer than
 * the line, before the character that overflows (every line gets at least one
 * character, so layout always progresses). Spaces never cause a wrap: they hang
 * past the right edge. Measuring calls it once per line; laying out places the
 * characters of each line in a second walk, with the same pen arithmetic
 * (pen_advance), so the two always agree. Cost: linear in the bytes laid out. */
#include "layout.h"

typedef struct {
  const GlyphFactory *factory;
  const Glyph *prev;   /* previous glyph on the line, for kerning */
  int pen;             /* pixels from the left edge */
} Pen;

static bool is_break_space(gunichar cp)
{
  return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* The pen's advance for @glyph, kerning against the previous glyph of the same style. */
static int pen_advance(Pen *pen, const DocCharIter *it)
{
  const Glyph *g = it->glyph;
  int adv = g->advance;
  if (it->cp == '\t') {
    const GlyphStyle *style = glyph_factory_style_info(pen->factory, it->style);
    int stop = MAX(style->space_advance * LAYOUT_TAB_COLUMNS, 1);
    adv = stop - pen->pen % stop;
  } else if (pen->prev != NULL && pen->prev->style == g->style && pen->prev->glyph_index &&
             g->glyph_index && typeface_has_kerning(g->typeface)) {
    int32_t k = typeface_kerning(g->typeface, g->px, pen->prev->glyph_index, g->glyph_index);
    pen->pen += (k >= 0 ? k + 32 : k - 32) / 64;
  }
  pen->prev = g;
  return adv;
}

/* Where the line starting at @start ends (the next line's first byte), or the
 * paragraph's length when it is the last line. */
static guint32 next_line(const Document *doc, guint32 para, int width, guint32 start, guint32 len)
{
  Pen pen = {document_factory(doc), NULL, 0};
  guint32 break_at = 0;
  DocCharIter it;
  document_iter_init(doc, &it, para, start);
  while (document_iter_next(&it)) {
    int x = pen.pen;
    int adv = pen_advance(&pen, &it);
    x = pen.pen; /* after kerning */
    if (is_break_space(it.cp)) {
      pen.pen = x + adv;
      break_at = it.next;
      continue;
    }
    if (x + adv > width && it.offset > start)
      return break_at ? break_at : it.offset;
    pen.pen = x + adv;
  }
  return len;
}

guint32 layout_measure(const Document *doc, guint32 para, int width, GArray *line_starts)
{
  guint32 len;
  document_paragraph_text(doc, para, &len);
  guint32 lines = 1;
  for (guint32 start = 0;;) {
    guint32 brk = next_line(doc, para, width, start, len);
    if (brk >= len)
      break;
    lines++;
    if (line_starts != NULL)
      g_array_append_val(line_starts, brk);
    start = brk;
  }
  return lines;
}

/* The tallest ascent among the paragraph's styles: the first baseline. */
static int paragraph_ascent(const Document *doc, guint32 para)
{
  guint n;
  const StyleRun *runs = document_paragraph_runs(doc, para, &n);
  int ascent = 0;
  for (guint i = 0; i < n; i++)
    ascent = MAX(ascent, glyph_factory_style_info(document_factory(doc), runs[i].style)->ascent);
  return ascent;
}

/* Places the characters [start, end) on one line with baseline @y. */
static void place_line(const Document *doc, guint32 para, guint32 start, guint32 end, int32_t y,
                       GArray *drawn)
{
  Pen pen = {document_factory(doc), NULL, 0};
  DocCharIter it;
  document_iter_init(doc, &it, para, start);
  while (it.next < end && document_iter_next(&it)) {
    int adv = pen_advance(&pen, &it);
    DrawnGlyph d = {it.glyph, pen.pen, y};
    g_array_append_val(drawn, d);
    pen.pen += adv;
  }
}

guint32 layout_paragraph(const Document *doc, guint32 para, int width, guint32 from,
                         guint32 max_lines, GArray *drawn)
{
  guint32 len;
  document_paragraph_text(doc, para, &len);
  int line_height = document_paragraph_line_height(doc, para);
  int32_t baseline = paragraph_ascent(doc, para);
  guint32 start = MIN(from, len);
  for (guint32 line = 0; max_lines == 0 || line < max_lines; line++) {
    guint32 brk = next_line(doc, para, width, start, len);
    place_line(doc, para, start, brk, baseline + (int32_t)line * line_height, drawn);
    start = brk;
    if (brk >= len)
      break;
  }
  return start;
}
