/* testutil.h — fixtures shared by the unit tests. */
#ifndef GLYPHPAD_TESTUTIL_H
#define GLYPHPAD_TESTUTIL_H

#include "glyph_factory.h"
#include "typeface.h"

/* A typeface set with DejaVu Sans looked up; fails the test when it is missing. */
typedef struct {
  TypefaceSet *set;
  Typeface *sans;
  GlyphFactory *factory;
  StyleId style;  /* DejaVu Sans 16 px */
} TestFonts;

void test_fonts_init(TestFonts *fonts);
void test_fonts_clear(TestFonts *fonts);

/* A new temporary directory path; removed (with its files) by test_tmpdir_remove(). */
char *test_tmpdir_new(void);
void test_tmpdir_remove(const char *dir);

#endif
