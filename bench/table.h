/* table.h — glyphpad-bench's markdown table: metrics of run sets side by side.
 *
 * A column is the RunSet of one binary in one mode (current with the
 * flyweight on, baseline on, ...), a ratio column divides two columns. Each
 * text gets one row per metric. Not part of the editor. */
#ifndef GLYPHPAD_BENCH_TABLE_H
#define GLYPHPAD_BENCH_TABLE_H

#include <stdbool.h>

#include "run_set.h"

/* A column: its heading and its runs (borrowed; NULL prints empty cells). */
typedef struct {
  const char *label;
  const RunSet *set;
} TableColumn;

/* A ratio column: the value of column @num divided by that of column @den
 * (indexes into the TableColumn array). */
typedef struct {
  const char *label;
  int num, den;
} TableRatio;

/* Prints "| text | metric |", the columns' headings, then the ratios'; and
 * the alignment row. */
void table_print_header(const TableColumn *cols, int n_cols, const TableRatio *ratios,
                        int n_ratios);

/* Prints one row per metric for the text named @text (a file's basename, or
 * "prose 10 MB"): each column's value (median of its runs for times and
 * growth, the first run for counts; "—" where the binary does not report
 * it) and each ratio ("—" unless both sides have a value and the divisor is
 * not 0). With @memory_only, only the rows of sizes (characters, lines, mean
 * line length) and memory (heap, RSS and peak RSS growth per character and
 * per line). */
void table_print_rows(const char *text, const TableColumn *cols, int n_cols,
                      const TableRatio *ratios, int n_ratios, bool memory_only);

#endif
