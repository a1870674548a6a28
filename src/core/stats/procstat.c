/* procstat.c — the allocator's and the kernel's figures for a process.
 *
 * The heap in use is mallinfo2's uordblks (bytes in use in the arenas) plus
 * hblkhd (bytes in large mmap'ed blocks, which a 50 MB paragraph array lands
 * in); under AddressSanitizer or valgrind, which replace malloc, it comes from
 * what they do report (see below). The resident set is the second field of
 * /proc/self/statm in pages; the peak is VmHWM from /proc/self/status; a
 * process's start is field 22 of /proc/PID/stat, found after the last ')'
 * because the command name before it may hold spaces and parentheses.
 * Nothing here keeps state between calls. */
#include "procstat.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* AddressSanitizer replaces malloc, so glibc's arena counters stay at zero;
 * ask the sanitizer's allocator instead (the tests run under it). */
#if defined(__SANITIZE_ADDRESS__)
#define PROCSTAT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROCSTAT_ASAN 1
#endif
#endif
#ifdef PROCSTAT_ASAN
/* From <sanitizer/allocator_interface.h>, which not every compiler installs. */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

#ifndef PROCSTAT_ASAN
/* Valgrind replaces malloc and answers the old mallinfo() but not mallinfo2()
 * (3.19); its int fields are enough for the tests it runs. */
static guint64 heap_bytes_legacy(void)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  struct mallinfo info = mallinfo();
#pragma GCC diagnostic pop
  return (guint64)(unsigned)info.uordblks + (guint64)(unsigned)info.hblkhd;
}
#endif

guint64 procstat_heap_bytes(void)
{
#ifdef PROCSTAT_ASAN
  return (guint64)__sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 info = mallinfo2();
  guint64 bytes = (guint64)info.uordblks + (guint64)info.hblkhd;
  if (bytes == 0) /* a live process has something allocated: malloc is replaced */
    bytes = heap_bytes_legacy();
  return bytes;
#endif
}

guint64 procstat_rss_bytes(void)
{
  FILE *f = fopen("/proc/self/statm", "r");
  if (f == NULL)
    return 0;
  unsigned long long size = 0, resident = 0;
  int fields = fscanf(f, "%llu %llu", &size, &resident);
  fclose(f);
  long page = sysconf(_SC_PAGESIZE);
  if (fields != 2 || page <= 0)
    return 0;
  return (guint64)resident * (guint64)page;
}

guint64 procstat_peak_rss_bytes(void)
{
  FILE *f = fopen("/proc/self/status", "r");
  if (f == NULL)
    return 0;
  char line[256];
  guint64 peak = 0;
  while (fgets(line, sizeof line, f) != NULL) {
    unsigned long long kib = 0;
    if (sscanf(line, "VmHWM: %llu kB", &kib) == 1) {
      peak = (guint64)kib * 1024;
      break;
    }
  }
  fclose(f);
  return peak;
}

guint64 procstat_process_start(gint64 pid, bool *zombie)
{
  char file[64];
  g_snprintf(file, sizeof file, "/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *stat = NULL;
  *zombie = false;
  if (!g_file_get_contents(file, &stat, NULL, NULL))
    return 0;
  const char *p = strrchr(stat, ')'); /* the command name may hold spaces and ')' */
  if (p == NULL || p[1] != ' ')
    return 0;
  *zombie = p[2] == 'Z' || p[2] == 'X';
  for (int field = 2; p != NULL && field < 22; field++)
    p = strchr(p + 1, ' ');
  guint64 ticks = 0;
  if (p == NULL || sscanf(p + 1, "%" G_GUINT64_FORMAT, &ticks) != 1)
    return 0;
  return ticks;
}
