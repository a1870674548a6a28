/* sampletext.h — deterministic prose for the benchmark programs.
 *
 * glyphpad-bench and glyphpad-framebench measure on text they generate, so a
 * figure in the README can be reproduced byte for byte on any machine: a
 * splitmix64 generator (small, well mixed, no platform rand()) picks words
 * from fixed lists. Not part of the editor: only the benchmarks link it. */
#ifndef GLYPHPAD_SAMPLETEXT_H
#define GLYPHPAD_SAMPLETEXT_H

#include <glib.h>

/* The next 64 random bits of the generator whose state is *@state. */
guint64 sample_rng_next(guint64 *state);
/* A number in [0, @n). */
guint sample_rng_below(guint64 *state, guint n);

/* Replaces @line with one line of English prose, 60 to 100 characters,
 * capitalized, ending with a period. */
void sample_prose_line(GString *line, guint64 *rng);

/* Appends a paragraph of 1 to 8 sentences of 6 to 20 words to @out (no line
 * break); about one word in twenty is accented Latin, Greek or CJK, so font
 * fallback takes part. */
void sample_prose_paragraph(GString *out, guint64 *rng);

#endif
