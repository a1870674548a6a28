/* testutil.h — fixtures shared by the unit tests. */
#ifndef GLYPHPAD_TESTUTIL_H
#define GLYPHPAD_TESTUTIL_H

#include "document.h"
#include "text_file.h"
#include "glyph_factory.h"
#include "layout.h"
#include "shaper.h"
#include "typeface.h"
#include "word_cache.h"

/* A typeface set with DejaVu Sans looked up, a factory, and the shaping
 * pipeline over it (shaper with its segmenter, word cache, layout); fails the
 * test when something is missing. */
typedef struct {
  TypefaceSet *set;
  Typeface *sans;
  GlyphFactory *factory;
  StyleId style; /* DejaVu Sans 16 px */
  Shaper *shaper;
  Segmenter *segmenter; /* the shaper's */
  WordCache *words;
  Layout *layout;
} TestFonts;

void test_fonts_init(TestFonts *fonts);
void test_fonts_clear(TestFonts *fonts);

/* The glyph id @face gives code point @cp (0 when it has none). */
guint32 test_glyph_id(Typeface *face, gunichar cp);

/* A new temporary directory path; removed (with its files) by test_tmpdir_remove(). */
char *test_tmpdir_new(void);
void test_tmpdir_remove(const char *dir);

/* Writes @len bytes to @name in @dir (failing the test if it cannot); returns
 * the path, to g_free. */
char *test_write_file(const char *dir, const char *name, const char *bytes, gsize len);

/* The file tests' fixture: the fonts, an empty document in their style, and a
 * temporary directory for the files. */
typedef struct {
  TestFonts fonts;
  Document *doc;
  char *dir;
} TestDocFiles;

void test_doc_files_init(TestDocFiles *fx);
void test_doc_files_clear(TestDocFiles *fx); /* removes the directory and its files */

/* Writes @bytes to a file in @fx's folder and loads it into @fx->doc (the
 * test fails if it cannot); @info receives what the file was like. */
void test_load_ok(TestDocFiles *fx, const char *bytes, gsize len, TextFileInfo *info);
/* Saves @fx->doc to a new file as @info says and checks that the file, and
 * text_saver_encode(), are exactly @bytes. */
void test_assert_saves_as(TestDocFiles *fx, const TextFileInfo *info, const char *bytes, gsize len);

/* Whether @json is exactly one JSON object (RFC 8259: strings with their
 * escapes, numbers, true/false/null, arrays and objects nested, whitespace
 * between); if so, its top-level member names in order, duplicates kept (free
 * with g_ptr_array_unref), otherwise NULL. A checker for the statistics'
 * JSON, not a parser of values. */
GPtrArray *test_json_object_keys(const char *json);

/* The translations in the GNU .mo catalogue @path (each plural form a string
 * of its own; the header entry left out): real text in the machine's
 * languages. NULL when it cannot be read or is not a .mo file. Free with
 * g_ptr_array_unref. */
GPtrArray *test_mo_translations(const char *path);

#endif
