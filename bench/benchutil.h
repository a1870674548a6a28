/* benchutil.h — what glyphpad-bench and glyphpad-framebench share.
 *
 * Deterministic prose: the benchmarks measure on text they generate, so a
 * figure in the README can be reproduced byte for byte on any machine: a
 * splitmix64 generator (small, well mixed, no platform rand()) picks words
 * from fixed lists. Medians and quantiles of samples, and the command line
 * printed above every report. Not part of the editor: only the benchmarks
 * link it. */
#ifndef GLYPHPAD_BENCHUTIL_H
#define GLYPHPAD_BENCHUTIL_H

#include <glib.h>

/* The next 64 random bits of the generator whose state is *@state. */
guint64 bench_rng_next(guint64 *state);
/* A number in [0, @n). */
guint bench_rng_below(guint64 *state, guint n);

/* Replaces @line with one line of English prose, 60 to 100 characters,
 * capitalized, ending with a period. */
void bench_prose_line(GString *line, guint64 *rng);

/* Appends a paragraph of 1 to 8 sentences of 6 to 20 words to @out (no line
 * break); about one word in twenty is accented Latin, Greek or CJK, so font
 * fallback takes part. */
void bench_prose_paragraph(GString *out, guint64 *rng);

/* The median of @n samples (sorts them); 0 when @n is 0. */
double bench_median(double *samples, gsize n);
/* The @q quantile (0..1, nearest rank) of @n samples (sorts them); 0 when @n is 0. */
double bench_quantile(double *samples, gsize n, double q);

/* Prints "$ " and the command line, quoted where a shell would need it, then
 * a blank line, so a report says how it was made. */
void bench_print_command(int argc, char **argv);

#endif
