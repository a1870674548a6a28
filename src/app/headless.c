/* headless.c — headless mode: load, measure every paragraph, print the
 * statistics (or the first screen's glyphs) and exit; the window's code
 * without SDL. */
#include "headless.h"

#include <stdio.h>
#include <string.h>

#include "glyph_dump.h"
#include "session.h"

/* ------------------------------------------------------------------ headless */

int headless_run(const CliOptions *opts)
{
  g_return_val_if_fail(opts != NULL, 1);
  g_autoptr(GError) error = NULL;
  if (opts->screenshot != NULL)
    fprintf(stderr, "glyphpad: --screenshot needs the window; ignored with --headless\n");
  Session *session = session_new(opts, &error);
  if (session == NULL) {
    fprintf(stderr, "glyphpad: %s\n", error->message);
    return 1;
  }
  g_autofree char *warning = text_file_describe_warnings(&session->info, session->path);
  if (warning != NULL)
    fprintf(stderr, "glyphpad: %s\n", warning);
  bool json = opts->glyphs != NULL || (opts->stats != NULL && strcmp(opts->stats, "json") == 0);
  g_autofree char *report = NULL;
  if (opts->glyphs != NULL) {
    report = glyph_dump_json(session);
  } else {
    session_measure_all(session);
    report = json ? session_stats_json(session) : session_stats_text(session);
  }
  fputs(report, stdout);
  if (json)
    fputc('\n', stdout);
  session_free(session);
  return fflush(stdout) == 0 ? 0 : 1;
}
