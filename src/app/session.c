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

#include <stddef.h>
#include <string.h>

#include "layout.h"
#include "memstats.h"
#include "procstat.h"
#include "styled_html.h"
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
    g_set_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_NOT_FOUND,
                "cannot use font family “%s”: %s%s", opts->font, why,
                strstr(why, "fc-list") != NULL
                    ? ""
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
  return true;
}

/* The shaping pipeline: shaper (with its segmenter), word cache, layout; and
 * the printable ASCII of the default style pinned at every phase. */
static bool session_open_shaping(Session *s, GError **error)
{
  s->shaper = shaper_new(s->factory, error);
  if (s->shaper == NULL)
    return false;
  s->words = word_cache_new(s->shaper);
  s->layout = layout_new(s->factory, s->words, shaper_segmenter(s->shaper));
  shaper_pin_ascii(s->shaper, s->style);
  return true;
}

bool session_load(Session *session, const char *path, GError **error)
{
  g_return_val_if_fail(session != NULL && session->editor != NULL, false);
  g_return_val_if_fail(path != NULL, false);
  TextFileInfo info = {0};
  gint64 start = g_get_monotonic_time();
  Document *doc = editor_document(session->editor);
  if (!text_loader_load(doc, path, CLI_MAX_FILE_BYTES, &info, error))
    return false;
  g_autoptr(GError) format_error = NULL;
  if (!session_read_format(session, doc, &info, &format_error))
    g_printerr("glyphpad: %s (opened as plain text)\n", format_error->message);
  editor_reset(session->editor);
  session->load_ms = ms_since(start);
  session->info = info;
  g_free(session->path);
  session->path = g_strdup(path);
  return true;
}

StyleId session_resolve_style(const char *family, double css_px, void *data)
{
  Session *s = data;
  Typeface *face = typeface_set_lookup(s->typefaces, family, NULL);
  if (face == NULL)
    return STYLE_NONE;
  double points = CLAMP(css_px, (double)CLI_MIN_SIZE, (double)CLI_MAX_SIZE);
  return glyph_factory_style(s->factory, face, (unsigned)(points * s->density + 0.5));
}

bool session_read_format(Session *session, Document *doc, TextFileInfo *info, GError **error)
{
  g_return_val_if_fail(session != NULL && doc != NULL && info != NULL, false);
  if (!styled_html_detect(doc))
    return true;
  if (!styled_html_apply(doc, session_resolve_style, session, error))
    return false;
  info->format = TEXT_FORMAT_STYLED_HTML;
  return true;
}

/* --no-flyweight: a private glyph for every glyph occurrence, or refuses. */
static bool session_go_off(Session *s, guint64 budget, GError **error)
{
  g_autoptr(GError) inner = NULL;
  gint64 start = g_get_monotonic_time();
  if (!view_set_sharing(s->view, false, budget, &inner)) {
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
  s->view = view_new(editor_document(s->editor), s->layout, opts->width, opts->height);
  guint n_pieces = 0;
  (void)view_visible(s->view, &n_pieces);
  s->first_screen_ms = ms_since(start);
}

Session *session_new(const CliOptions *opts, GError **error)
{
  g_return_val_if_fail(opts != NULL && opts->font != NULL, NULL);
  Session *s = g_new0(Session, 1);
  s->density = 1.0;
  if (!session_open_font(s, opts, error) || !session_open_shaping(s, error))
    goto fail;
  s->editor = editor_new(s->factory, shaper_segmenter(s->shaper), s->style);
  if (opts->undo_limit > 0)
    editor_set_undo_limit(s->editor, (gsize)MIN((guint64)opts->undo_limit << 20, G_MAXSIZE));
  s->heap_empty = procstat_heap_bytes();
  s->rss_empty = procstat_rss_bytes();
  if (opts->file != NULL && !session_load(s, opts->file, error))
    goto fail;
  session_make_view(s, opts);
  if (opts->no_flyweight && !session_go_off(s, opts->budget, error))
    goto fail;
  return s;
fail:
  session_free(s);
  return NULL;
}

void session_free(Session *session)
{
  if (session == NULL)
    return;
  /* The view observes the document and holds glyphs of the factory through
   * the layout, which shapes through the word cache and the shaper; the
   * factory draws from the typefaces: free in that order. */
  view_free(session->view);
  editor_free(session->editor);
  layout_free(session->layout);
  word_cache_free(session->words);
  shaper_free(session->shaper);
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

static StatsValue utf8_bytes(const void *session)
{
  const Session *s = session;
  return (StatsValue){.count = document_byte_count(editor_document(s->editor))};
}

static StatsValue private_estimate(const void *session)
{
  const Session *s = session;
  return (StatsValue){.count = private_glyphs_estimate(editor_document(s->editor))};
}

static StatsValue undo_bytes(const void *session)
{
  return (StatsValue){.count = editor_undo_bytes(((const Session *)session)->editor)};
}

static StatsValue undo_limit(const void *session)
{
  return (StatsValue){.count = editor_undo_limit(((const Session *)session)->editor)};
}

static StatsValue undo_dropped(const void *session)
{
  return (StatsValue){.count = editor_undo_dropped(((const Session *)session)->editor)};
}

static StatsValue font_family(const void *session)
{
  const Session *s = session;
  const GlyphStyle *style = glyph_factory_style_info(s->factory, s->style);
  return (StatsValue){.text = style != NULL ? typeface_family(style->typeface) : NULL};
}

static StatsValue font_px(const void *session)
{
  const Session *s = session;
  const GlyphStyle *style = glyph_factory_style_info(s->factory, s->style);
  return (StatsValue){.count = style != NULL ? style->px : 0};
}

static StatsValue width_px(const void *session)
{
  return (StatsValue){.count = (guint64)MAX(0, view_width(((const Session *)session)->view))};
}

static StatsValue height_px(const void *session)
{
  return (StatsValue){.count = (guint64)MAX(0, view_height(((const Session *)session)->view))};
}

#define SESSION(member) .offset = offsetof(Session, member)

/* The session's members, after MemStats's. */
static const StatsRow session_rows[] = {
    {"heap_bytes_empty", "heap, empty document", "bytes", STATS_BYTES, SESSION(heap_empty)},
    {"rss_bytes_empty", "resident set, empty", "bytes", STATS_BYTES, SESSION(rss_empty)},
    {"load_ms", "load", "ms", STATS_MS, SESSION(load_ms)},
    {"sharing_ms", "of it, going off", "ms", STATS_MS, SESSION(sharing_ms)},
    {"first_screen_ms", "first screen", "ms", STATS_MS, SESSION(first_screen_ms)},
    {"layout_ms", "layout", "ms", STATS_MS, SESSION(layout_ms)},
    {"document_utf8_bytes", "text as UTF-8", "bytes", STATS_BYTES, .get = utf8_bytes},
    {"private_estimate_bytes", "private estimate", "bytes (glyphs + pointers going off)",
     STATS_BYTES, .get = private_estimate},
    {"invalid_bytes", "invalid bytes", "not UTF-8, kept as they were", STATS_COUNT,
     SESSION(info.invalid_bytes)},
    {"undo_bytes", "undo history", "bytes", STATS_BYTES, .get = undo_bytes},
    {"undo_limit_bytes", "undo limit", "bytes (--undo-limit)", STATS_BYTES, .get = undo_limit},
    {"undo_steps_dropped", "undo steps dropped", "oldest, over the limit", STATS_COUNT,
     .get = undo_dropped},
    {"file", "file", NULL, STATS_TEXT, SESSION(path)},
    {"font", "font", NULL, STATS_TEXT, .get = font_family},
    {"size", "size", "px", STATS_COUNT, .get = font_px},
    {"width", "width", "px", STATS_COUNT, .get = width_px},
    {"height", "height", "px", STATS_COUNT, .get = height_px},
};

/* One item of "styles": a style's counts and what it is. */
typedef struct {
  GlyphStyleStats counts; /* glyphs, references and bytes of the style */
  const GlyphStyle *info; /* its typeface and size; NULL if unknown */
} StyleItem;

static StatsValue style_id(const void *item)
{
  return (StatsValue){.count = ((const StyleItem *)item)->counts.style};
}

static StatsValue style_family(const void *item)
{
  const GlyphStyle *info = ((const StyleItem *)item)->info;
  return (StatsValue){.text = info != NULL ? typeface_family(info->typeface) : NULL};
}

static StatsValue style_px(const void *item)
{
  const GlyphStyle *info = ((const StyleItem *)item)->info;
  return (StatsValue){.count = info != NULL ? info->px : 0};
}

#define STYLE(member) .offset = offsetof(StyleItem, counts.member)

/* {"style": 0, "family": "DejaVu Sans", "px": 16, "glyphs": 95, ...} */
static const StatsRow style_rows[] = {
    {"style", "style", NULL, STATS_COUNT, .get = style_id},
    {"family", "family", NULL, STATS_TEXT, .get = style_family},
    {"px", "px", NULL, STATS_COUNT, .get = style_px},
    {"glyphs", "glyphs", NULL, STATS_COUNT, STYLE(glyphs)},
    {"references", "references", NULL, STATS_COUNT, STYLE(references)},
    {"bytes", "bytes", NULL, STATS_BYTES, STYLE(bytes)},
};

static void write_styles(const GlyphFactory *factory, StatsWriter *writer)
{
  g_autoptr(GArray) styles = glyph_factory_style_stats(factory);
  stats_writer_begin_list(writer, "styles", "glyphs per style");
  for (guint i = 0; i < styles->len; i++) {
    StyleItem item = {g_array_index(styles, GlyphStyleStats, i), NULL};
    item.info = glyph_factory_style_info(factory, item.counts.style);
    stats_writer_add_item(writer, style_rows, G_N_ELEMENTS(style_rows), &item);
  }
  stats_writer_end_list(writer);
}

void session_stats_write(Session *session, StatsWriter *writer)
{
  g_return_if_fail(session != NULL && writer != NULL);
  MemStats stats;
  memstats_collect(&stats, session->factory, editor_document(session->editor), session->view,
                   session->words);
  memstats_write(&stats, writer);
  stats_writer_add_rows(writer, session_rows, G_N_ELEMENTS(session_rows), session);
  write_styles(session->factory, writer);
}

char *session_stats_json(Session *session)
{
  g_return_val_if_fail(session != NULL, NULL);
  g_autoptr(StatsWriter) writer = stats_writer_new_json();
  session_stats_write(session, writer);
  return stats_writer_finish(writer);
}

char *session_stats_text(Session *session)
{
  g_return_val_if_fail(session != NULL, NULL);
  g_autofree char *title = g_strdup_printf("glyphpad: %s", session->path != NULL
                                                               ? session->path
                                                               : "(new document)");
  g_autoptr(StatsWriter) writer = stats_writer_new_text(title);
  session_stats_write(session, writer);
  return stats_writer_finish(writer);
}
