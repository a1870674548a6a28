/* headless.h — headless mode (--headless): the same code the window runs, without
 * SDL; tests and benchmarks use it. */
#ifndef GLYPHPAD_HEADLESS_H
#define GLYPHPAD_HEADLESS_H

#include "cli.h"

/* Runs headless mode: returns the process exit status (0 success, 1 failure
 * with a one-line message on stderr). */
int headless_run(const CliOptions *opts);

#endif
