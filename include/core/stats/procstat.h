/* procstat.h — what the C library and the kernel say about a process's memory
 * and age: the allocator's heap in use, the resident set and its peak (from
 * /proc/self), and when a process started (from /proc/PID/stat).
 *
 * Every function reads afresh and keeps nothing between calls; a figure that
 * cannot be read is 0, never an error, because these only feed statistics and
 * the recovery files' liveness check. */
#ifndef GLYPHPAD_PROCSTAT_H
#define GLYPHPAD_PROCSTAT_H

#include <glib.h>
#include <stdbool.h>

/* Heap in use (mallinfo2: uordblks + hblkhd), in bytes. Under AddressSanitizer,
 * whose allocator glibc's counters do not see, its own allocated-bytes figure;
 * under valgrind, the old mallinfo()'s. */
guint64 procstat_heap_bytes(void);
/* Resident set size from /proc/self/statm, in bytes (0 when unavailable). */
guint64 procstat_rss_bytes(void);
/* Peak resident set (VmHWM in /proc/self/status), in bytes (0 when unavailable). */
guint64 procstat_peak_rss_bytes(void);
/* When process @pid started, in clock ticks since boot (field 22 of
 * /proc/PID/stat), 0 when unknown; *@zombie (not NULL) says whether it has
 * exited and waits to be reaped. Identifies a process across pid reuse
 * (recovery files) and dates this one's start (the window's first-text time). */
guint64 procstat_process_start(gint64 pid, bool *zombie);

#endif
