/* layout.c — one paragraph at a time: greedy word wrap, tab stops, kerning.
 *
 * next_line() is the whole algorithm: from a line's first character it walks
 * the characters, advancing a pen, and stops where the next line starts —
 * after the last space that still began within the width, or, for a word
 * longer than the line, before the character that overflows (every line gets
 * at least one character, so layout always progresses). Spaces never cause a
 * wrap: they hang past the right edge. Measuring calls it once per line;
 * laying out places the characters of each line in a second walk, with the
 * same pen arithmetic (pen_advance), so the two always agree. Cost: linear in
 * the bytes laid out.
 *
 * Locality (what incremental re-wrapping rests on): a line's end depends only
 * on the characters from its start up to the one that overflowed — the pen
 * starts each line at x = 0 with no previous glyph to kern against, and tab
 * stops count from the line's start. So after an edit, lines whose decision
 * read nothing at or after the edit keep their ends, and once a new line start
 * past the edit equals an old one shifted by the edit's length, every later
 * line is the old one shifted (layout_line_end reports what it read).
 *
 * Speed (a 10 MB single line is measured before its first screen): one
 * character iterator walks the whole paragraph — a line ends by copying the
 * iterator saved at the last space, or by stepping back one character, never
 * by starting a new one (which, flyweight off, would count characters from
 * the paragraph's start: quadratic). What depends only on the style (tab stop,
 * whether the face kerns, the factory's pixel kerning table) is looked up when
 * the style changes, not per character, so an ASCII character in a kerning
 * face costs an array index for its glyph and one for its kerning. */
#include "layout.h"

/* What the pen knows about the style of the glyphs it places: looked up when
 * the style changes, not per character. The pen's position and the previous
 * glyph are locals of the loops (kept in registers, which matters here). */
typedef struct {
  GlyphFactory *factory;
  StyleId style;       /* the style cached below; STYLE_NONE before the first */
  int tab_stop;        /* tab stop distance, pixels (at least 1) */
  bool kerns;          /* the style's typeface has kerning at all */
  const int16_t *kern; /* its pixel kerning table for small indices, or NULL */
} Pen;

static void pen_init(Pen *pen, const Document *doc)
{
  *pen = (Pen){.factory = document_factory(doc), .style = STYLE_NONE};
}

static G_NO_INLINE void pen_use_style(Pen *pen, StyleId style)
{
  const GlyphStyle *info = glyph_factory_style_info(pen->factory, style);
  pen->style = style;
  pen->tab_stop = MAX(info->space_advance * LAYOUT_TAB_COLUMNS, 1);
  pen->kerns = typeface_has_kerning(info->typeface);
  pen->kern = pen->kerns ? glyph_factory_kerning_table(pen->factory, style) : NULL;
}

/* Whole-pixel kerning between two glyphs of the pen's style. */
static inline int pen_kerning(const Pen *pen, uint32_t left, uint32_t right)
{
  if (G_LIKELY(pen->kern != NULL && left < GLYPH_FACTORY_KERN_DENSE &&
               right < GLYPH_FACTORY_KERN_DENSE))
    return pen->kern[left * GLYPH_FACTORY_KERN_DENSE + right];
  return glyph_factory_kerning_px(pen->factory, pen->style, left, right);
}

static inline bool is_break_space(gunichar cp)
{
  return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* The advance for the iterator's character with the pen at *@x after glyph
 * *@prev (NULL at a line's start), kerning *@x against *@prev when it has the
 * same style (a glyph of style S belongs to a character of style S: the
 * factory keys glyphs so). Updates *@prev. */
static inline int pen_advance(Pen *pen, const DocCharIter *it, int *x, const Glyph **prev)
{
  const Glyph *g = it->glyph;
  if (G_UNLIKELY(g->style != pen->style))
    pen_use_style(pen, g->style);
  int adv = g->advance;
  if (it->cp == '\t')
    adv = pen->tab_stop - *x % pen->tab_stop;
  else if (*prev != NULL && (*prev)->style == g->style && pen->kerns)
    *x += pen_kerning(pen, (*prev)->glyph_index, g->glyph_index);
  *prev = g;
  return adv;
}

/* Walks the line that starts at @it's position and leaves @it at the next
 * line's first character; returns that character's offset, or @len when this
 * is the last line. *@examined receives the offset just past the last
 * character looked at (the one that overflowed, or @len): the line's end
 * depends on the text in [start, *@examined) and on nothing else. */
static guint32 next_line(Pen *pen, DocCharIter *it, int width, guint32 len, guint32 *examined)
{
  const guint32 start = it->next;
  int x = 0;
  const Glyph *prev = NULL;
  DocCharIter cur = *it; /* a local the compiler can keep in registers */
  DocCharIter at_break;  /* just after the last space: where a wrap starts the next line */
  bool have_break = false;
  while (document_iter_next(&cur)) {
    int adv = pen_advance(pen, &cur, &x, &prev); /* x is after kerning */
    if (is_break_space(cur.cp)) {
      x += adv;
      at_break = cur;
      have_break = true;
      continue;
    }
    if (x + adv > width && cur.offset > start) {
      *examined = cur.next;
      if (have_break) {
        *it = at_break;
      } else {
        *it = cur;
        document_iter_unread(it);
      }
      return it->next;
    }
    x += adv;
  }
  *it = cur;
  *examined = len;
  return len;
}

guint32 layout_line_end(const Document *doc, guint32 para, DocCharIter *it, int width,
                        guint32 *examined_end)
{
  guint32 len, examined;
  document_paragraph_text(doc, para, &len);
  Pen pen;
  pen_init(&pen, doc);
  guint32 end = next_line(&pen, it, width, len, &examined);
  if (examined_end != NULL)
    *examined_end = examined;
  return end;
}

guint32 layout_measure(const Document *doc, guint32 para, int width, GArray *line_starts)
{
  guint32 len;
  document_paragraph_text(doc, para, &len);
  Pen pen;
  pen_init(&pen, doc);
  DocCharIter it;
  document_iter_init(doc, &it, para, 0);
  guint32 lines = 1, examined;
  for (;;) {
    guint32 brk = next_line(&pen, &it, width, len, &examined);
    if (brk >= len)
      break;
    lines++;
    if (line_starts != NULL)
      g_array_append_val(line_starts, brk);
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

/* Places the characters from @it's position up to @end on one line with
 * baseline @y (@it is a copy made at the line's start: it is used up). */
static void place_line(Pen *pen, DocCharIter *it, guint32 end, int32_t y, GArray *drawn)
{
  int x = 0;
  const Glyph *prev = NULL;
  while (it->next < end && document_iter_next(it)) {
    int adv = pen_advance(pen, it, &x, &prev);
    DrawnGlyph d = {it->glyph, x, y};
    g_array_append_val(drawn, d);
    x += adv;
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
  Pen pen;
  pen_init(&pen, doc);
  DocCharIter it;
  document_iter_init(doc, &it, para, start);
  guint32 examined;
  for (guint32 line = 0; max_lines == 0 || line < max_lines; line++) {
    DocCharIter line_it = it;
    guint32 brk = next_line(&pen, &it, width, len, &examined);
    place_line(&pen, &line_it, brk, baseline + (int32_t)line * line_height, drawn);
    start = brk;
    if (brk >= len)
      break;
  }
  return start;
}
