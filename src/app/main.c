/* main.c — glyphpad's entry point: parse the command line, then run either
 * headless mode (statistics, no window) or the window.
 *
 * Kept thin on purpose: everything it calls is in cli.c, headless.c or window/, where tests
 * and the benchmark reach the same code. */
#include <locale.h>
#include <stdio.h>

#include "cli.h"
#include "headless.h"
#ifdef GLYPHPAD_WITH_GUI
#include "window.h"
#endif

/* Without SDL there is no window: say so and point at what does work. */
static int run_window(const CliOptions *opts)
{
#ifdef GLYPHPAD_WITH_GUI
  return window_run(opts);
#else
  (void)opts;
  fprintf(stderr, "glyphpad: this build has no window (it was configured without SDL2 and "
                  "SDL2_ttf); use --headless --stats to load a file and print statistics\n");
  return 1;
#endif
}

int main(int argc, char **argv)
{
  /* The user's locale, so that file names and the window title (X11's WM_NAME
   * is in the locale's encoding) come out right; numbers stay in the C locale:
   * the statistics are JSON, whose decimal point is always ".". */
  setlocale(LC_ALL, "");
  setlocale(LC_NUMERIC, "C");
  g_set_prgname("glyphpad");
  CliOptions opts;
  g_autoptr(GError) error = NULL;
  if (!cli_parse(argc, argv, &opts, &error)) {
    fprintf(stderr, "glyphpad: %s (see glyphpad --help)\n", error->message);
    cli_options_clear(&opts);
    return 1;
  }
  if (opts.version) {
    printf("glyphpad %s\n", GLYPHPAD_VERSION);
    cli_options_clear(&opts);
    return 0;
  }
  int status = opts.headless ? headless_run(&opts) : run_window(&opts);
  cli_options_clear(&opts);
  return status;
}
