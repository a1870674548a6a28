/* memstats.c — counted and measured memory, and the seed formula.
 *
 * Counted figures come from the modules' own accounting (the factory's stats,
 * document_bytes, the view's record counts): they say what our structures
 * hold. Measured figures come from the C library and the kernel: the heap in
 * use is mallinfo2's uordblks (bytes in use in the arenas) plus hblkhd (bytes
 * in large mmap'ed blocks, which a 50 MB paragraph array lands in); the
 * resident set is the second field of /proc/self/statm in pages; the peak is
 * VmHWM from /proc/self/status. Under AddressSanitizer or valgrind, which
 * replace malloc, the heap figure comes from what they do report (see below).
 * Nothing here keeps state between calls.
 *
 * The prediction (see memstats.h for the definitions) is computed from the
 * factory's stats and the document, so it costs O(1) beyond what those cost,
 * not a pass over the characters. */
#include "memstats.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"

/* AddressSanitizer replaces malloc, so glibc's arena counters stay at zero;
 * ask the sanitizer's allocator instead (the tests run under it). */
#if defined(__SANITIZE_ADDRESS__)
#define MEMSTATS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMSTATS_ASAN 1
#endif
#endif
#ifdef MEMSTATS_ASAN
/* From <sanitizer/allocator_interface.h>, which not every compiler installs. */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

#ifndef MEMSTATS_ASAN
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

guint64 memstats_heap_bytes(void)
{
#ifdef MEMSTATS_ASAN
  return (guint64)__sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 info = mallinfo2();
  guint64 bytes = (guint64)info.uordblks + (guint64)info.hblkhd;
  if (bytes == 0)  /* a live process has something allocated: malloc is replaced */
    bytes = heap_bytes_legacy();
  return bytes;
#endif
}

guint64 memstats_rss_bytes(void)
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

guint64 memstats_peak_rss_bytes(void)
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

/* Bytes of the glyphs in the factory's shared table (S in memstats.h). With
 * sharing on every live glyph is shared; with it off the shared ones are the
 * templates, taken at the average glyph size. */
static guint64 shared_table_bytes(const GlyphFactoryStats *fs, bool sharing)
{
  if (sharing || fs->alive == 0)
    return fs->intrinsic_bytes;
  return (guint64)((double)fs->intrinsic_bytes * (double)fs->shared_alive / (double)fs->alive);
}

void memstats_predict(const Document *doc, guint64 *on, guint64 *off)
{
  g_return_if_fail(doc != NULL);
  GlyphFactoryStats fs = {0};
  glyph_factory_get_stats(document_factory(doc), &fs);
  bool sharing = document_get_sharing(doc);
  guint64 n = document_char_count(doc);
  guint64 pointers = n * sizeof(Glyph *);

  guint64 shared = shared_table_bytes(&fs, sharing);
  guint64 text = document_bytes(doc);
  if (!sharing)  /* D is the document as it is with the flyweight on */
    text = text > pointers ? text - pointers : 0;
  guint64 private_bytes = document_estimate_private_bytes(doc);
  if (!sharing && private_bytes == 0 && n > 0) {
    /* Already off: the private glyphs exist, so count them instead. */
    guint64 glyphs = fs.intrinsic_bytes > shared ? fs.intrinsic_bytes - shared : 0;
    private_bytes = glyphs + pointers;
  }
  if (on != NULL)
    *on = shared + text;
  if (off != NULL)
    *off = private_bytes + text;
}

void memstats_collect(MemStats *out, const GlyphFactory *factory, const Document *doc,
                      const View *view)
{
  g_return_if_fail(out != NULL);
  g_return_if_fail(factory != NULL);
  *out = (MemStats){0};
  GlyphFactoryStats fs = {0};
  glyph_factory_get_stats(factory, &fs);
  out->flyweight = glyph_factory_get_sharing(factory);
  out->glyphs_alive = fs.alive;
  out->glyphs_created = fs.created;
  out->glyphs_freed = fs.freed;
  out->glyphs_pinned = fs.pinned;
  out->factory_hits = fs.hits;
  out->factory_misses = fs.misses;
  out->intrinsic_bytes = fs.intrinsic_bytes;
  if (doc != NULL) {
    out->flyweight = document_get_sharing(doc);
    out->characters = document_char_count(doc);
    out->paragraphs = document_paragraph_count(doc);
    out->document_bytes = document_bytes(doc);
    memstats_predict(doc, &out->predicted_on, &out->predicted_off);
  }
  if (view != NULL) {
    out->drawn_glyphs = view_drawn_glyph_count(view);
    out->extrinsic_bytes = out->drawn_glyphs * sizeof(DrawnGlyph);
    out->view_bytes = view_bytes(view);
  }
  out->heap_bytes = memstats_heap_bytes();
  out->rss_bytes = memstats_rss_bytes();
  out->peak_rss_bytes = memstats_peak_rss_bytes();
}

guint64 memstats_counted_bytes(const MemStats *stats)
{
  g_return_val_if_fail(stats != NULL, 0);
  return stats->intrinsic_bytes + stats->document_bytes + stats->extrinsic_bytes +
         stats->view_bytes;
}

void memstats_json_append_string(GString *out, const char *s)
{
  g_return_if_fail(out != NULL);
  if (s == NULL) {
    g_string_append(out, "null");
    return;
  }
  g_string_append_c(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
    switch (*p) {
    case '"': g_string_append(out, "\\\""); break;
    case '\\': g_string_append(out, "\\\\"); break;
    case '\n': g_string_append(out, "\\n"); break;
    case '\r': g_string_append(out, "\\r"); break;
    case '\t': g_string_append(out, "\\t"); break;
    default:
      if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf(out, "\\u%04x", *p);
      else
        g_string_append_c(out, (char)*p);
    }
  }
  g_string_append_c(out, '"');
}

static void append_u64(GString *out, const char *key, guint64 value)
{
  g_string_append_printf(out, ", \"%s\": %" G_GUINT64_FORMAT, key, value);
}

char *memstats_to_json(const MemStats *stats, const char *extra_fields)
{
  g_return_val_if_fail(stats != NULL, NULL);
  GString *out = g_string_new("{");
  g_string_append_printf(out, "\"flyweight\": %s", stats->flyweight ? "true" : "false");
  append_u64(out, "characters", stats->characters);
  append_u64(out, "paragraphs", stats->paragraphs);
  append_u64(out, "drawn_glyphs", stats->drawn_glyphs);
  append_u64(out, "drawn_glyph_bytes", sizeof(DrawnGlyph));
  append_u64(out, "glyphs_alive", stats->glyphs_alive);
  append_u64(out, "glyphs_created", stats->glyphs_created);
  append_u64(out, "glyphs_freed", stats->glyphs_freed);
  append_u64(out, "glyphs_pinned", stats->glyphs_pinned);
  append_u64(out, "factory_hits", stats->factory_hits);
  append_u64(out, "factory_misses", stats->factory_misses);
  append_u64(out, "intrinsic_bytes", stats->intrinsic_bytes);
  append_u64(out, "extrinsic_bytes", stats->extrinsic_bytes);
  append_u64(out, "document_bytes", stats->document_bytes);
  append_u64(out, "view_bytes", stats->view_bytes);
  guint64 counted = memstats_counted_bytes(stats);
  append_u64(out, "counted_bytes", counted);
  double per_char = stats->characters > 0 ? (double)counted / (double)stats->characters : 0.0;
  char number[G_ASCII_DTOSTR_BUF_SIZE];  /* '.' whatever the locale: it is JSON */
  g_string_append_printf(out, ", \"bytes_per_char\": %s",
                         g_ascii_formatd(number, sizeof number, "%.4f", per_char));
  append_u64(out, "predicted_on", stats->predicted_on);
  append_u64(out, "predicted_off", stats->predicted_off);
  append_u64(out, "heap_bytes", stats->heap_bytes);
  append_u64(out, "rss_bytes", stats->rss_bytes);
  append_u64(out, "peak_rss_bytes", stats->peak_rss_bytes);
  if (extra_fields != NULL && extra_fields[0] != '\0')
    g_string_append_printf(out, ", %s", extra_fields);
  g_string_append_c(out, '}');
  return g_string_free(out, FALSE);
}

guint64 memstats_process_start(gint64 pid, bool *zombie)
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
