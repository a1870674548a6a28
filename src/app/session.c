/* session.c — the Session both front ends (window and headless mode) share.
 *
 * A Session is set up in the order the memory figures need: fonts, factory
 * (printable ASCII pinned), an editor with an empty document — then the heap
 * is measured (heap_empty) — then the file is loaded (load_ms), the flyweight
 * turned off if asked (the document refuses beyond the budget), and the view
 * made with the first screen laid out (first_screen_ms). Headless mode also
 * measures every paragraph (layout_ms) and prints the statistics: the same
 * code the window runs, without SDL, so tests and the benchmark measure it. */
#include "session.h"

#include <string.h>

#include "layout.h"
#include "memstats.h"
#include "text_loader.h"

/* ------------------------------------------------------------------ session */

static double ms_since(gint64 start_us)
{
  return (double)(g_get_monotonic_time() - start_us) / 1000.0;
}

/* Fonts, factory and default style; a missing family names itself and says
 * how to list the installed ones. */
static bool session_open_font(Session *s, const CliOptions *opts, GError **error)
{
  s->typefaces = typeface_set_new(error);
  if (s->typefaces == NULL)
    return false;
  g_autoptr(GError) inner = NULL;
  Typeface *face = typeface_set_lookup(s->typefaces, opts->font, &inner);
  if (face == NULL) {
    const char *why = inner != NULL ? inner->message : "not found";
    g_set_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_NOT_FOUND, "cannot use font family “%s”: %s%s",
                opts->font, why,
                strstr(why, "fc-list") != NULL ? ""
                                               : " (list the installed families with `fc-list : family`)");
    return false;
  }
  s->factory = glyph_factory_new(s->typefaces);
  s->style = glyph_factory_style(s->factory, face, (unsigned)opts->size);
  if (s->style == STYLE_NONE) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "cannot make a style of “%s” at %d px", opts->font, opts->size);
    return false;
  }
  glyph_factory_pin_ascii(s->factory, s->style);
  return true;
}

bool session_load(Session *session, const char *path, GError **error)
{
  g_return_val_if_fail(session != NULL && session->editor != NULL, false);
  g_return_val_if_fail(path != NULL, false);
  TextFileInfo info = {0};
  gint64 start = g_get_monotonic_time();
  if (!text_loader_load(editor_document(session->editor), path, CLI_MAX_FILE_BYTES, &info, error))
    return false;
  editor_reset(session->editor);
  session->load_ms = ms_since(start);
  session->info = info;
  g_free(session->path);
  session->path = g_strdup(path);
  return true;
}

/* --no-flyweight: rebinds every character to a private glyph, or refuses. */
static bool session_go_off(Session *s, guint64 budget, GError **error)
{
  g_autoptr(GError) inner = NULL;
  gint64 start = g_get_monotonic_time();
  if (!editor_set_sharing(s->editor, false, budget, &inner)) {
    g_set_error(error, inner->domain, inner->code,
                "cannot start with the flyweight off: %s (a larger --budget allows more)",
                inner->message);
    return false;
  }
  s->sharing_ms = ms_since(start);
  s->load_ms += s->sharing_ms;
  return true;
}

/* The view, and the first screen laid out (what the window shows at once). */
static void session_make_view(Session *s, const CliOptions *opts)
{
  gint64 start = g_get_monotonic_time();
  s->view = view_new(editor_document(s->editor), opts->width, opts->height);
  guint n_pieces = 0;
  (void)view_visible(s->view, &n_pieces);
  s->first_screen_ms = ms_since(start);
}

Session *session_new(const CliOptions *opts, GError **error)
{
  g_return_val_if_fail(opts != NULL && opts->font != NULL, NULL);
  Session *s = g_new0(Session, 1);
  if (!session_open_font(s, opts, error))
    goto fail;
  s->editor = editor_new(s->factory, s->style);
  s->heap_empty = memstats_heap_bytes();
  s->rss_empty = memstats_rss_bytes();
  if (opts->file != NULL && !session_load(s, opts->file, error))
    goto fail;
  if (opts->no_flyweight && !session_go_off(s, opts->budget, error))
    goto fail;
  session_make_view(s, opts);
  return s;
fail:
  session_free(s);
  return NULL;
}

void session_free(Session *session)
{
  if (session == NULL)
    return;
  /* The view observes the document, the document holds glyphs of the
   * factory, the factory draws from the typefaces: free in that order. */
  view_free(session->view);
  editor_free(session->editor);
  glyph_factory_free(session->factory);
  typeface_set_free(session->typefaces);
  g_free(session->path);
  g_free(session);
}

void session_measure_all(Session *session)
{
  g_return_if_fail(session != NULL && session->view != NULL);
  gint64 start = g_get_monotonic_time();
  view_measure_all(session->view);
  guint n_pieces = 0;
  (void)view_visible(session->view, &n_pieces);
  session->layout_ms = session->first_screen_ms + ms_since(start);
}

/* ------------------------------------------------------------------ statistics */

static void append_ms(GString *out, const char *key, double ms)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf(out, ", \"%s\": %s", key, g_ascii_formatd(number, sizeof number, "%.3f", ms));
}

/* [{"style": 0, "family": "DejaVu Sans", "px": 16, "glyphs": 95, ...}, ...] */
static void append_styles(GString *out, const GlyphFactory *factory)
{
  g_autoptr(GArray) styles = glyph_factory_style_stats(factory);
  g_string_append(out, ", \"styles\": [");
  for (guint i = 0; i < styles->len; i++) {
    const GlyphStyleStats *st = &g_array_index(styles, GlyphStyleStats, i);
    const GlyphStyle *info = glyph_factory_style_info(factory, st->style);
    g_string_append_printf(out, "%s{\"style\": %u, \"family\": ", i > 0 ? ", " : "", st->style);
    memstats_json_append_string(out, info != NULL ? typeface_family(info->typeface) : NULL);
    g_string_append_printf(out,
                           ", \"px\": %u, \"glyphs\": %" G_GUINT64_FORMAT
                           ", \"references\": %" G_GUINT64_FORMAT ", \"bytes\": %" G_GUINT64_FORMAT "}",
                           info != NULL ? info->px : 0, st->glyphs, st->references, st->bytes);
  }
  g_string_append_c(out, ']');
}

/* The members cli adds to memstats_to_json's object (without a leading comma). */
static char *session_extra_json(Session *s)
{
  const Document *doc = editor_document(s->editor);
  GString *out = g_string_new(NULL);
  g_string_append_printf(out, "\"heap_bytes_empty\": %" G_GUINT64_FORMAT, s->heap_empty);
  g_string_append_printf(out, ", \"rss_bytes_empty\": %" G_GUINT64_FORMAT, s->rss_empty);
  append_ms(out, "load_ms", s->load_ms);
  append_ms(out, "sharing_ms", s->sharing_ms);
  append_ms(out, "first_screen_ms", s->first_screen_ms);
  append_ms(out, "layout_ms", s->layout_ms);
  g_string_append_printf(out, ", \"document_utf8_bytes\": %" G_GUINT64_FORMAT,
                         document_byte_count(doc));
  g_string_append_printf(out, ", \"private_estimate_bytes\": %" G_GUINT64_FORMAT,
                         document_estimate_private_bytes(doc));
  g_string_append_printf(out, ", \"invalid_bytes\": %" G_GUINT64_FORMAT, s->info.invalid_bytes);
  g_string_append(out, ", \"file\": ");
  memstats_json_append_string(out, s->path);
  const GlyphStyle *style = glyph_factory_style_info(s->factory, s->style);
  g_string_append(out, ", \"font\": ");
  memstats_json_append_string(out, style != NULL ? typeface_family(style->typeface) : NULL);
  g_string_append_printf(out, ", \"size\": %u, \"width\": %d, \"height\": %d",
                         style != NULL ? style->px : 0, view_width(s->view), view_height(s->view));
  append_styles(out, s->factory);
  return g_string_free(out, FALSE);
}

char *session_stats_json(Session *session)
{
  g_return_val_if_fail(session != NULL, NULL);
  MemStats stats;
  memstats_collect(&stats, session->factory, editor_document(session->editor), session->view);
  g_autofree char *extra = session_extra_json(session);
  return memstats_to_json(&stats, extra);
}

static void row_u64(GString *out, const char *label, guint64 value, const char *note)
{
  g_string_append_printf(out, "  %-22s %16" G_GUINT64_FORMAT "%s%s\n", label, value,
                         note[0] != '\0' ? "  " : "", note);
}

static void row_ms(GString *out, const char *label, double ms)
{
  g_string_append_printf(out, "  %-22s %16.1f  ms\n", label, ms);
}

char *session_stats_text(Session *session)
{
  g_return_val_if_fail(session != NULL, NULL);
  MemStats st;
  memstats_collect(&st, session->factory, editor_document(session->editor), session->view);
  double n = st.characters > 0 ? (double)st.characters : 1.0;
  GString *out = g_string_new(NULL);
  g_string_append_printf(out, "glyphpad: %s\n", session->path != NULL ? session->path : "(new document)");
  g_string_append_printf(out, "  %-22s %16s\n", "flyweight", st.flyweight ? "on" : "off");
  row_u64(out, "characters", st.characters, "");
  row_u64(out, "paragraphs", st.paragraphs, "");
  row_u64(out, "glyphs alive", st.glyphs_alive, "Glyph objects");
  row_u64(out, "glyphs created", st.glyphs_created, "");
  row_u64(out, "glyphs freed", st.glyphs_freed, "");
  row_u64(out, "glyphs pinned", st.glyphs_pinned, "printable ASCII");
  row_u64(out, "factory hits", st.factory_hits, "");
  row_u64(out, "factory misses", st.factory_misses, "");
  row_u64(out, "drawn glyphs", st.drawn_glyphs, "DrawnGlyph records");
  row_u64(out, "drawn glyph size", sizeof(DrawnGlyph), "bytes each");
  row_u64(out, "intrinsic", st.intrinsic_bytes, "bytes (Glyph structs + bitmaps)");
  row_u64(out, "document", st.document_bytes, "bytes (references + paragraphs)");
  row_u64(out, "extrinsic", st.extrinsic_bytes, "bytes (DrawnGlyph records)");
  row_u64(out, "view", st.view_bytes, "bytes (heights, wrap points)");
  g_string_append_printf(out, "  %-22s %16.3f  bytes (counted / characters)\n", "per character",
                         (double)memstats_counted_bytes(&st) / n);
  row_u64(out, "predicted on", st.predicted_on, "bytes (shared + unique x N)");
  row_u64(out, "predicted off", st.predicted_off, "bytes ((shared + unique) x N)");
  row_u64(out, "heap", st.heap_bytes, "bytes in use (mallinfo2)");
  row_u64(out, "heap, empty document", session->heap_empty, "bytes");
  row_u64(out, "resident set", st.rss_bytes, "bytes");
  row_u64(out, "peak resident set", st.peak_rss_bytes, "bytes");
  row_ms(out, "load", session->load_ms);
  row_ms(out, "layout", session->layout_ms);
  return g_string_free(out, FALSE);
}
