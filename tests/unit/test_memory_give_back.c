/* test_memory_give_back.c — after a large free the resident set comes back.
 *
 * Each test makes a lot of small blocks — 50 MB of text in 60-byte paragraphs,
 * or the private glyphs of the flyweight off — frees them, and checks that the
 * resident set has grown since the start by no more than the heap in use has
 * (plus RSS_MARGIN): what was freed is no longer resident.
 *
 * glibc's free() gives memory back by itself only from the very top of the
 * heap, and only past a threshold it raises as the program runs, so whether it
 * does depends on where some small block still in use happened to land (in
 * the program: the view's caches, the undo history, the next file's first
 * paragraphs). main() makes that certain instead (M_TRIM_THRESHOLD): free()
 * keeps everything, and only malloc_trim gives it back. Without the
 * memory_give_back() call (or the editor's, or the view's) the tests fail, RSS
 * staying 40 to 70 MiB above the heap in use.
 *
 * The allocators of AddressSanitizer and valgrind keep freed memory on
 * purpose (quarantine) and glibc's trim does not reach them: the tests skip
 * there. */
#include "editor.h"
#include "memory_give_back.h"
#include "procstat.h"
#include "testutil.h"
#include "view.h"

#include <malloc.h>
#include <string.h>

#define TEXT_BYTES ((gsize)50 << 20)
#define RSS_MARGIN ((gint64)8 << 20) /* allocator slack and pages touched meanwhile */

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif

/* Whether malloc is glibc's own (not a sanitizer's or valgrind's); skips the test if not. */
static bool glibc_malloc_or_skip(void)
{
#if defined(TEST_ASAN) || !defined(__GLIBC__)
  g_test_skip("not glibc's allocator (AddressSanitizer keeps freed memory in quarantine)");
  return false;
#else
  const char *preload = g_getenv("LD_PRELOAD");
  if (preload != NULL && strstr(preload, "vgpreload") != NULL) {
    g_test_skip("valgrind replaces malloc");
    return false;
  }
  return true;
#endif
}

/* The resident set and the heap in use at one moment. */
typedef struct {
  gint64 rss;
  gint64 heap;
} Mark;

static Mark mark_now(void)
{
  return (Mark){(gint64)procstat_rss_bytes(), (gint64)procstat_heap_bytes()};
}

/* Logs RSS and heap in use against @start; returns the RSS growth. */
static gint64 log_mark(const char *when, const Mark *start)
{
  Mark now = mark_now();
  g_test_message("%-18s RSS %+7.1f MiB, heap in use %+7.1f MiB", when,
                 (double)(now.rss - start->rss) / 1048576.0,
                 (double)(now.heap - start->heap) / 1048576.0);
  return now.rss - start->rss;
}

/* Checks that RSS grew since @start by at most what the heap in use grew, plus
 * RSS_MARGIN: the freed memory went back to the system. Returns the RSS growth. */
static gint64 assert_rss_follows_heap(const char *when, const Mark *start)
{
  gint64 rss_growth = log_mark(when, start);
  gint64 heap_growth = (gint64)procstat_heap_bytes() - start->heap;
  g_assert_cmpint(rss_growth, <=, heap_growth + RSS_MARGIN);
  return rss_growth;
}

/* About TEXT_BYTES of text: lines of 59 characters and a line break. Free with g_free. */
static char *make_text(gsize *len)
{
  static const char line[] = "the of and glyph shared object window memory paper quiet r\n";
  gsize line_len = sizeof line - 1, n = TEXT_BYTES / line_len;
  char *text = g_malloc(n * line_len + 1);
  for (gsize i = 0; i < n; i++)
    memcpy(text + i * line_len, line, line_len);
  text[n * line_len] = '\0';
  *len = n * line_len;
  return text;
}

/* A document of 50 MB freed: memory_give_back() brings RSS back. */
static void test_document_freed(void)
{
  if (!glibc_malloc_or_skip())
    return;
  TestFonts fonts;
  test_fonts_init(&fonts);
  gsize len = 0;
  char *text = make_text(&len);
  memory_give_back();
  Mark start = mark_now();

  g_autoptr(GError) error = NULL;
  Document *doc = document_new(fonts.factory, fonts.style);
  g_assert_true(
      document_insert(doc, document_start(doc), text, (gssize)len, fonts.style, NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpint(log_mark("50 MB document", &start), >, (gint64)TEXT_BYTES / 2); /* resident */

  document_free(doc);
  log_mark("freed", &start);
  gint64 t0 = g_get_monotonic_time();
  memory_give_back();
  gint64 t1 = g_get_monotonic_time();
  memory_give_back(); /* nothing left to give: what a needless call costs */
  g_test_message("memory_give_back took %.3f ms, then %.3f ms with nothing to give",
                 (double)(t1 - t0) / 1000.0, (double)(g_get_monotonic_time() - t1) / 1000.0);
  (void)assert_rss_follows_heap("given back", &start);

  g_free(text);
  test_fonts_clear(&fonts);
}

/* The editor gives back by itself: undoing a 50 MB paste frees the document's
 * copy of it, and the next keystroke, which clears the redo stack, frees the
 * history's. */
static void test_editor_undo(void)
{
  if (!glibc_malloc_or_skip())
    return;
  TestFonts fonts;
  test_fonts_init(&fonts);
  Editor *editor = editor_new(fonts.factory, fonts.segmenter, fonts.style);
  gsize len = 0;
  char *text = make_text(&len);
  memory_give_back();
  Mark start = mark_now();

  g_autoptr(GError) error = NULL;
  g_assert_true(editor_insert(editor, text, &error)); /* one step, which keeps a copy */
  g_assert_no_error(error);
  gint64 pasted = log_mark("pasted", &start);
  g_assert_cmpint(pasted, >, (gint64)TEXT_BYTES);

  g_assert_true(editor_undo(editor)); /* the document's copy goes; the record stays for redo */
  (void)assert_rss_follows_heap("undone", &start);

  g_assert_true(editor_insert(editor, "x", &error)); /* the redo stack and its 50 MB go */
  g_assert_false(editor_can_redo(editor));
  gint64 typed = assert_rss_follows_heap("typed after undo", &start);
  g_assert_cmpint(typed, <, pasted - (gint64)TEXT_BYTES);

  editor_free(editor);
  g_free(text);
  test_fonts_clear(&fonts);
}

/* The flyweight off and on again: the view frees the private glyphs (about
 * 128 bytes a character) and gives the heap back. */
static void test_flyweight_back_on(void)
{
  if (!glibc_malloc_or_skip())
    return;
  TestFonts fonts;
  test_fonts_init(&fonts);
  Document *doc = document_new(fonts.factory, fonts.style);
  static const char line[] = "The quick brown fox jumps over the lazy dog, and again.";
  for (guint i = 0; i < 5000; i++) /* 280 KB: about 40 MB of private glyphs */
    g_assert_true(document_append_paragraph(doc, line, sizeof line - 1, LINE_END_LF, NULL));
  View *view = view_new(doc, fonts.layout, 800, 600);
  memory_give_back();
  Mark start = mark_now();

  g_autoptr(GError) error = NULL;
  g_assert_true(view_set_sharing(view, false, G_MAXUINT64, &error));
  g_assert_no_error(error);
  g_assert_cmpint(log_mark("flyweight off", &start), >, (gint64)20 << 20);
  g_assert_true(view_set_sharing(view, true, 0, &error));
  (void)assert_rss_follows_heap("back on", &start);

  view_free(view);
  document_free(doc);
  test_fonts_clear(&fonts);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#ifdef __GLIBC__
  mallopt(M_TRIM_THRESHOLD, G_MAXINT); /* free() never trims by itself (see the top) */
#endif
  g_test_add_func("/memory_give_back/document-freed", test_document_freed);
  g_test_add_func("/memory_give_back/editor-undo", test_editor_undo);
  g_test_add_func("/memory_give_back/flyweight-back-on", test_flyweight_back_on);
  return g_test_run();
}
