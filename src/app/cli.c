/* cli.c — the command line.
 *
 * Parsing: GOptionContext fills plain locals (GOption does not free a
 * default it overwrites, so defaults are applied after parsing), then every
 * number is checked against its range and refused with a message that names
 * the range. --stats, --budget and --undo-limit go through callbacks: --stats
 * takes an optional value ("--stats" means text, "--stats=json" JSON), --budget
 * accepts binary suffixes (512M, 4G), and --undo-limit says its unit and range
 * whatever is wrong with its value. */
#include "cli.h"

#include <errno.h>
#include <string.h>

/* ------------------------------------------------------------------ parsing */

/* What an int option holds before parsing: no value on the command line. */
#define NOT_GIVEN G_MININT

/* What GOption writes into while parsing, before it is checked and copied. */
typedef struct {
  CliOptions *opts;
  char *font;
  char *stats;
  char *glyphs;
  char **files;
  char *screenshot;
  char *renderer;
  char *stats_dump;
  gboolean no_flyweight;
  gboolean headless;
  gboolean version;
} ParseState;

bool cli_parse_bytes(const char *text, guint64 *out)
{
  g_return_val_if_fail(out != NULL, false);
  if (text == NULL || !g_ascii_isdigit(text[0]))
    return false;
  char *end = NULL;
  errno = 0;
  guint64 value = g_ascii_strtoull(text, &end, 10);
  if (errno != 0)
    return false;
  static const char units[] = "KMGT";
  unsigned shift = 0;
  const char *unit = *end != '\0' ? strchr(units, g_ascii_toupper(*end)) : NULL;
  if (unit != NULL) {
    shift = 10u * (unsigned)(unit - units + 1);
    end++;
    if (*end == 'i' || *end == 'I')
      end++;
  }
  if (*end == 'b' || *end == 'B')
    end++;
  if (*end != '\0' || (shift > 0 && value > (G_MAXUINT64 >> shift)))
    return false;
  *out = value << shift;
  return true;
}

static gboolean on_stats(const char *name, const char *value, gpointer data, GError **error)
{
  ParseState *state = data;
  if (value == NULL)
    value = "text";
  if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--stats takes “text” or “json” (as --stats=json), not “%s”", value);
    return FALSE;
  }
  g_free(state->stats);
  state->stats = g_strdup(value);
  return TRUE;
}

static gboolean on_glyphs(const char *name, const char *value, gpointer data, GError **error)
{
  ParseState *state = data;
  if (g_strcmp0(value, "json") != 0) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--glyphs takes “json” (as --glyphs=json), not “%s”", value ? value : "");
    return FALSE;
  }
  g_free(state->glyphs);
  state->glyphs = g_strdup(value);
  return TRUE;
}

static gboolean on_budget(const char *name, const char *value, gpointer data, GError **error)
{
  ParseState *state = data;
  if (!cli_parse_bytes(value, &state->opts->budget)) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--budget takes a byte count such as 1073741824, 512M or 4G, not “%s”", value);
    return FALSE;
  }
  return TRUE;
}

static gboolean on_undo_limit(const char *name, const char *value, gpointer data, GError **error)
{
  ParseState *state = data;
  guint64 mib = 0;
  if (!g_ascii_string_to_unsigned(value, 10, CLI_MIN_UNDO_LIMIT_MIB, CLI_MAX_UNDO_LIMIT_MIB, &mib,
                                  NULL)) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--undo-limit takes a whole number of MiB from %d to %d (default %d), not “%s”",
                CLI_MIN_UNDO_LIMIT_MIB, CLI_MAX_UNDO_LIMIT_MIB, CLI_DEFAULT_UNDO_LIMIT_MIB, value);
    return FALSE;
  }
  state->opts->undo_limit = (int)mib;
  return TRUE;
}

/* GOptionEntry keeps a callback in its data pointer; ISO C has no cast from a
 * function pointer to void *, but a union carries it on every platform GLib runs on. */
static gpointer callback_data(GOptionArgFunc func)
{
  union {
    GOptionArgFunc func;
    gpointer data;
  } u = {.func = func};
  return u.data;
}

static GOptionContext *make_context(ParseState *s)
{
  CliOptions *o = s->opts;
  const GOptionEntry entries[] = {
      {"font", 'f', 0, G_OPTION_ARG_STRING, &s->font, "Font family (default " CLI_DEFAULT_FONT ")",
       "FAMILY"},
      {"size", 's', 0, G_OPTION_ARG_INT, &o->size, "Text size in pixels, 8 to 96 (default 16)",
       "PX"},
      {"no-flyweight", 0, 0, G_OPTION_ARG_NONE, &s->no_flyweight,
       "Start with glyph sharing off: a private Glyph per character", NULL},
      {"headless", 0, 0, G_OPTION_ARG_NONE, &s->headless,
       "Load, lay out, print statistics and exit (no window)", NULL},
      {"stats", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, callback_data(on_stats),
       "Print statistics: --stats (text) or --stats=json", "[json]"},
      {"glyphs", 0, 0, G_OPTION_ARG_CALLBACK, callback_data(on_glyphs),
       "Headless: print the first screen's glyphs (font, id, x, y, cluster) as JSON", "json"},
      {"width", 0, 0, G_OPTION_ARG_INT, &o->width,
       "Layout width in pixels, 100 to 20000 (default 1280)", "PX"},
      {"height", 0, 0, G_OPTION_ARG_INT, &o->height,
       "Layout height in pixels, 100 to 20000 (default 800)", "PX"},
      {"budget", 0, 0, G_OPTION_ARG_CALLBACK, callback_data(on_budget),
       "Memory allowed for turning the flyweight off, e.g. 512M, 4G (default 4G)", "BYTES"},
      {"undo-limit", 0, 0, G_OPTION_ARG_CALLBACK, callback_data(on_undo_limit),
       "Undo history kept, in MiB (default 64); past it the oldest steps are dropped", "MIB"},
      {"screenshot", 0, 0, G_OPTION_ARG_FILENAME, &s->screenshot,
       "Window: save a PNG after the first frame and exit", "OUT.png"},
      {"renderer", 0, 0, G_OPTION_ARG_STRING, &s->renderer,
       "Window: SDL renderer (software, opengl, ...)", "NAME"},
      {"stats-dump", 0, 0, G_OPTION_ARG_FILENAME, &s->stats_dump,
       "Window: write JSON statistics to FILE on exit and on F12", "FILE"},
      {"quit-after-ms", 0, 0, G_OPTION_ARG_INT, &o->quit_after_ms,
       "Window: quit by itself after MS milliseconds (tests)", "MS"},
      {"scale", 0, 0, G_OPTION_ARG_DOUBLE, &o->scale,
       "Window: pixels per point, 1 to 4, for HiDPI screens where the system does not say "
       "(X11); default: what SDL reports",
       "F"},
      {"version", 'V', 0, G_OPTION_ARG_NONE, &s->version, "Print the version and exit", NULL},
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &s->files, NULL, NULL},
      G_OPTION_ENTRY_NULL,
  };
  GOptionContext *context = g_option_context_new("[FILE]");
  g_option_context_set_summary(context, "A text editor that draws every character through shared "
                                        "Glyph flyweights.");
  GOptionGroup *group = g_option_group_new("glyphpad", "glyphpad options", "Show glyphpad options",
                                           s, NULL);
  g_option_group_add_entries(group, entries);
  g_option_context_set_main_group(context, group);
  return context;
}

static bool check_range(const char *option, int value, int min, int max, GError **error)
{
  if (value >= min && value <= max)
    return true;
  g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
              "%s must be between %d and %d, not %d", option, min, max, value);
  return false;
}

static bool check_scale(double scale, GError **error)
{
  if (scale == 0 || (scale >= CLI_MIN_SCALE && scale <= CLI_MAX_SCALE))
    return true;
  g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
              "--scale must be between %g and %g, not %g", CLI_MIN_SCALE, CLI_MAX_SCALE, scale);
  return false;
}

static bool check_options(const ParseState *s, GError **error)
{
  const CliOptions *o = s->opts;
  if (s->files != NULL && g_strv_length(s->files) > 1) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                "one FILE at a time, not %u (“%s”, “%s”, ...)", g_strv_length(s->files),
                s->files[0], s->files[1]);
    return false;
  }
  if (s->font != NULL && s->font[0] == '\0') {
    g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "--font needs a family name, e.g. --font \"DejaVu Serif\"");
    return false;
  }
  return check_range("--size", o->size, CLI_MIN_SIZE, CLI_MAX_SIZE, error) &&
         check_range("--width", o->width, CLI_MIN_DIMENSION, CLI_MAX_DIMENSION, error) &&
         check_range("--height", o->height, CLI_MIN_DIMENSION, CLI_MAX_DIMENSION, error) &&
         check_range("--quit-after-ms", o->quit_after_ms, 0, G_MAXINT, error) &&
         check_scale(o->scale, error);
}

/* The numbers the command line did not give get their defaults; which were
 * given is kept, so remembered settings can fill in the others. */
static void apply_defaults(CliOptions *o)
{
  o->size_given = o->size != NOT_GIVEN;
  o->width_given = o->width != NOT_GIVEN;
  o->height_given = o->height != NOT_GIVEN;
  if (!o->size_given)
    o->size = CLI_DEFAULT_SIZE;
  if (!o->width_given)
    o->width = CLI_DEFAULT_WIDTH;
  if (!o->height_given)
    o->height = CLI_DEFAULT_HEIGHT;
}

/* Moves what was parsed into @opts, applying defaults. */
static void take_parsed(ParseState *s)
{
  CliOptions *o = s->opts;
  o->file = s->files != NULL && s->files[0] != NULL ? g_strdup(s->files[0]) : NULL;
  o->font_given = s->font != NULL;
  o->font = s->font != NULL ? g_steal_pointer(&s->font) : g_strdup(CLI_DEFAULT_FONT);
  o->stats = g_steal_pointer(&s->stats);
  o->glyphs = g_steal_pointer(&s->glyphs);
  o->screenshot = g_steal_pointer(&s->screenshot);
  o->renderer = g_steal_pointer(&s->renderer);
  o->stats_dump = g_steal_pointer(&s->stats_dump);
  o->no_flyweight = s->no_flyweight;
  o->headless = s->headless;
  o->version = s->version;
}

static void parse_state_clear(ParseState *s)
{
  g_free(s->font);
  g_free(s->stats);
  g_free(s->glyphs);
  g_strfreev(s->files);
  g_free(s->screenshot);
  g_free(s->renderer);
  g_free(s->stats_dump);
}

bool cli_parse(int argc, char **argv, CliOptions *opts, GError **error)
{
  g_return_val_if_fail(opts != NULL, false);
  *opts = (CliOptions){
      .size = NOT_GIVEN,
      .width = NOT_GIVEN,
      .height = NOT_GIVEN,
      .budget = CLI_DEFAULT_BUDGET,
      .undo_limit = CLI_DEFAULT_UNDO_LIMIT_MIB,
  };
  ParseState state = {.opts = opts};
  GOptionContext *context = make_context(&state);
  /* parse_strv edits the vector it is given: hand it a copy. */
  char **args = g_new0(char *, (gsize)MAX(argc, 1) + 1);
  args[0] = g_strdup(argc > 0 && argv[0] != NULL ? argv[0] : "glyphpad");
  bool options_end = false;
  for (int i = 1; i < argc; i++) {
    /* GOption would take the next word as --stats's optional value ("--stats
     * FILE"): a bare --stats means text, so say so. */
    options_end = options_end || strcmp(argv[i], "--") == 0;
    bool bare_stats = !options_end && strcmp(argv[i], "--stats") == 0;
    args[i] = g_strdup(bare_stats ? "--stats=text" : argv[i]);
  }
  bool ok = g_option_context_parse_strv(context, &args, error);
  if (ok)
    apply_defaults(opts);
  ok = ok && check_options(&state, error);
  if (ok)
    take_parsed(&state);
  g_strfreev(args);
  g_option_context_free(context);
  parse_state_clear(&state);
  return ok;
}

void cli_options_clear(CliOptions *opts)
{
  if (opts == NULL)
    return;
  g_free(opts->file);
  g_free(opts->font);
  g_free(opts->stats);
  g_free(opts->glyphs);
  g_free(opts->screenshot);
  g_free(opts->renderer);
  g_free(opts->stats_dump);
  *opts = (CliOptions){0};
}
