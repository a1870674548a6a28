/* glyph_dump.c — the first screen's glyphs as JSON (glyph_dump.h).
 *
 * Paragraphs are laid out from the top, whole, with the session's layout (the
 * same shaping and bidi the window draws with) until their lines pass the
 * view's height; each line's glyphs are written with their font file and face
 * index, read from the style of the face that draws them. */
#include "glyph_dump.h"

#include <stdio.h>

/* @s as a JSON string: quoted, with \, " and control characters escaped. */
static void append_string(GString *out, const char *s)
{
  g_string_append_c(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_printf(out, "\\%c", *p);
    else if (*p < 0x20)
      g_string_append_printf(out, "\\u%04x", *p);
    else
      g_string_append_c(out, (char)*p);
  }
  g_string_append_c(out, '"');
}

static void append_glyph(GString *out, const GlyphFactory *factory, const DrawnGlyph *d,
                         const GlyphPlace *p, gint64 top)
{
  const GlyphStyle *style = glyph_factory_style_info(factory, d->glyph->style);
  char x[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(x, sizeof x, "%.3f", p->x / 64.0);
  g_string_append(out, "{\"font\": ");
  append_string(out, typeface_path(style->typeface));
  g_string_append_printf(out,
                         ", \"face\": %u, \"id\": %" G_GINT64_FORMAT
                         ", \"x\": %s, \"y\": %" G_GINT64_FORMAT ", \"cluster\": %u}",
                         typeface_face_index(style->typeface),
                         d->glyph->glyph_id == GLYPH_ID_BOX ? (gint64)-1
                                                            : (gint64)d->glyph->glyph_id,
                         x, top + d->y, p->cluster);
}

static void append_line(GString *out, const Session *s, guint32 para, guint line,
                        const LaidOut *laid, gint64 top, bool *first)
{
  const LaidLine *L = &g_array_index(laid->lines, LaidLine, line);
  g_string_append_printf(out, "%s{\"paragraph\": %u, \"line\": %u, \"rtl\": %s, \"glyphs\": [",
                         *first ? "" : ", ", para, line, L->rtl ? "true" : "false");
  for (guint i = 0; i < L->count; i++) {
    if (i > 0)
      g_string_append(out, ", ");
    append_glyph(out, s->factory, &g_array_index(laid->glyphs, DrawnGlyph, L->first + i),
                 &g_array_index(laid->places, GlyphPlace, L->first + i), top);
  }
  g_string_append(out, "]}");
  *first = false;
}

char *glyph_dump_json(Session *s)
{
  g_return_val_if_fail(s != NULL, NULL);
  const Document *doc = editor_document(s->editor);
  int width = view_width(s->view), height = view_height(s->view);
  GString *out = g_string_new(NULL);
  g_string_append_printf(out, "{\"width\": %d, \"lines\": [", width);
  bool first = true;
  gint64 top = 0;
  for (guint32 para = 0; para < document_paragraph_count(doc) && top < height; para++) {
    LaidOut laid;
    laid_out_init(&laid);
    LineMetrics metrics;
    layout_measure(s->layout, doc, para, width, NULL, &metrics);
    layout_paragraph(s->layout, doc, para, width, 0, 0, &metrics, &laid);
    int line_height = metrics.height;
    for (guint line = 0; line < laid.lines->len && top + (gint64)line * line_height < height;
         line++)
      append_line(out, s, para, line, &laid, top, &first);
    top += (gint64)laid.lines->len * line_height;
    laid_out_free(&laid, s->factory);
  }
  g_string_append(out, "]}");
  return g_string_free(out, FALSE);
}
