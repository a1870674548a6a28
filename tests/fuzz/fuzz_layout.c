/* fuzz_layout.c — libFuzzer target: random Unicode through layout, the caret
 * and hit testing.
 *
 * The input builds one paragraph from a palette (every script, combining
 * marks, ZWJ and ZWNJ, variation selectors, emoji sequences, regional
 * indicators, keycaps, bidi controls and strong characters of both
 * directions, tabs, raw-byte code points) and random code points, then a
 * width. The paragraph is measured and laid out, and checked, abort() on any
 * failure:
 *  - layout_measure's lines and layout_paragraph's lines agree (count and
 *    starts), lines cover the paragraph without gap or overlap, and every
 *    line start is a grapheme cluster boundary;
 *  - every cluster is reachable: every grapheme boundary of a line has a caret
 *    x (layout_caret_x), and a click at that x (layout_offset_at_x) lands on a
 *    grapheme boundary of the same line; on lines without right-to-left runs
 *    (no glyph shaped right to left, left-to-right paragraph) the boundary it lands on has that same caret x (hit testing is the
 *    inverse of position; zero-width clusters share an x, so "the same place",
 *    not always the same offset), and caret x never decreases with the offset;
 *  - after the drawn glyphs are let go, every Glyph reference is given back:
 *    no shared glyph but the pinned ones keeps a count (the reference counts
 *    are exact).
 * The fonts and the shaping pipeline are made once per process; each input's
 * glyphs are released before the next. */
#include <string.h>

#include "bidi.h"
#include "fuzz_common.h"
#include "layout.h"
#include "shaper.h"
#include "word_cache.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
const char *__lsan_default_suppressions(void);

const char *__lsan_default_suppressions(void)
{
  return "leak:libfontconfig.so\n";
}

static const char *const PALETTE[] = {"hello ",
                                      "world",
                                      "office ",
                                      "ffi",
                                      " ",
                                      "\t",
                                      "  ",
                                      "-",
                                      ",",
                                      ".",
                                      "。",
                                      "」",
                                      "(",
                                      ")",
                                      "«",
                                      "»",
                                      "123",
                                      "١٢٣",
                                      "مرحبا ",
                                      "بالعالم",
                                      "لا",
                                      "שלום ",
                                      "עולם",
                                      "क्षि",
                                      "हिन्दी ",
                                      "ভাষা",
                                      "தமிழ்",
                                      "ภาษาไทย",
                                      "เกี่ยว",
                                      "ខ្មែរ",
                                      "မြန်မာ",
                                      "日本語の",
                                      "文章",
                                      "한국어",
                                      "e\xcc\x82\xcc\x81",
                                      "\xcc\x81",
                                      "\xe2\x80\x8d",
                                      "\xe2\x80\x8c",
                                      "\xef\xb8\x8f",
                                      "\xef\xb8\x8e",
                                      "👨‍👩‍👧‍👦",
                                      "👍🏽",
                                      "🇯🇵",
                                      "🇯",
                                      "1️⃣",
                                      "❤️",
                                      "❤",
                                      "\xe2\x80\xab",
                                      "\xe2\x80\xac",
                                      "\xe2\x81\xa7",
                                      "\xe2\x81\xa9",
                                      "\xe2\x80\x8f",
                                      "\xf4\x8f\xbf\xbf",
                                      "\xf4\x8f\xbc\x80",
                                      "\xc2\xa0",
                                      "\xe3\x80\x80"};

typedef struct {
  TypefaceSet *set;
  GlyphFactory *factory;
  StyleId style;
  Shaper *shaper;
  WordCache *words;
  Layout *layout;
} Pipeline;

static Pipeline pipe_;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  GError *error = NULL;
  pipe_.set = typeface_set_new(&error);
  FUZZ_CHECK(pipe_.set != NULL);
  Typeface *sans = typeface_set_lookup(pipe_.set, "DejaVu Sans", &error);
  FUZZ_CHECK(sans != NULL);
  pipe_.factory = glyph_factory_new(pipe_.set);
  pipe_.style = glyph_factory_style(pipe_.factory, sans, 16);
  pipe_.shaper = shaper_new(pipe_.factory, &error);
  FUZZ_CHECK(pipe_.shaper != NULL);
  pipe_.words = word_cache_new(pipe_.shaper);
  pipe_.layout = layout_new(pipe_.factory, pipe_.words, shaper_segmenter(pipe_.shaper));
  return 0;
}

/* A valid code point from two input bytes (no surrogates, no line breaks). */
static gunichar random_cp(uint8_t a, uint8_t b)
{
  gunichar cp = ((gunichar)a << 8 | b) % 0x30000u;
  if ((cp >= 0xD800 && cp < 0xE000) || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 ||
      cp == 0x85 || (cp >= 0x1C && cp <= 0x1E) || cp == 0x0B || cp == 0x0C)
    cp = 'x';
  return cp;
}

/* The paragraph the input describes, and the width from its first byte. */
static GString *build_text(const uint8_t *data, size_t size, int *width)
{
  GString *text = g_string_new(NULL);
  *width = size > 0 ? 40 + data[0] * 4 : 200;
  for (size_t i = 1; i < size && text->len < 2000; i++) {
    uint8_t op = data[i];
    if (op < 200) {
      g_string_append(text, PALETTE[op % G_N_ELEMENTS(PALETTE)]);
    } else if (i + 2 < size) {
      g_string_append_unichar(text, random_cp(data[i + 1], data[i + 2]));
      i += 2;
    }
  }
  return text;
}

/* The lines of @out agree with @starts and cover [0, len). */
static void check_lines(const LaidOut *out, const GArray *starts, guint32 len, Segmenter *seg,
                        const char *text)
{
  FUZZ_CHECK(out->lines->len == starts->len + 1);
  guint32 expect = 0;
  for (guint i = 0; i < out->lines->len; i++) {
    const LaidLine *L = &g_array_index(out->lines, LaidLine, i);
    FUZZ_CHECK(L->start == expect);
    FUZZ_CHECK(i == 0 || L->start == g_array_index(starts, guint32, i - 1));
    FUZZ_CHECK(segmenter_is_grapheme(seg, text, len, L->start));
    FUZZ_CHECK(L->end > L->start || len == 0);
    expect = L->end;
  }
  FUZZ_CHECK(expect == len);
}

/* Every grapheme boundary of line @i has a caret, and a click there lands on a
 * boundary of the line (on the same one where the line has no RTL run). */
static void check_carets(const Document *doc, const LaidOut *out, guint i, Segmenter *seg)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, 0, &len);
  const LaidLine *L = &g_array_index(out->lines, LaidLine, i);
  /* in a right-to-left paragraph even a left-to-right line has its hanging
   * space at the paragraph's level, on the left: not plain; nor a line that
   * an isolate or embedding from an earlier line makes right to left */
  bool plain = !L->rtl;
  for (guint k = 0; k < L->count; k++)
    plain = plain && !g_array_index(out->places, GlyphPlace, L->first + k).rtl;
  int last_x = G_MININT;
  for (gsize b = L->start; b <= L->end;) {
    int x = layout_caret_x(pipe_.layout, doc, 0, out, i, (guint32)b);
    guint32 hit = layout_offset_at_x(pipe_.layout, doc, 0, out, i, x);
    FUZZ_CHECK(hit >= L->start && hit <= L->end);
    FUZZ_CHECK(segmenter_is_grapheme(seg, text, len, hit));
    if (plain) {
      FUZZ_CHECK(layout_caret_x(pipe_.layout, doc, 0, out, i, hit) == x);
      FUZZ_CHECK(x >= last_x);
      last_x = x;
    }
    if (b == L->end)
      break;
    b = segmenter_next_grapheme(seg, text, len, b);
  }
}

/* After the drawn glyphs are let go, no unpinned shared glyph keeps a count. */
static void check_released(Glyph *glyph, void *unused)
{
  FUZZ_CHECK(glyph->refcount == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  int width;
  GString *text = build_text(data, size, &width);
  Document *doc = document_new(pipe_.factory, pipe_.style);
  FUZZ_CHECK(document_append_paragraph(doc, text->str, text->len, LINE_END_NONE, NULL));
  Segmenter *seg = shaper_segmenter(pipe_.shaper);
  GArray *starts = g_array_new(FALSE, FALSE, sizeof(guint32));
  layout_measure(pipe_.layout, doc, 0, width, starts, NULL);
  LaidOut out;
  laid_out_init(&out);
  layout_paragraph(pipe_.layout, doc, 0, width, 0, 0, NULL, &out);
  check_lines(&out, starts, (guint32)text->len, seg, text->str);
  for (guint i = 0; i < out.lines->len; i++)
    check_carets(doc, &out, i, seg);
  laid_out_free(&out, pipe_.factory);
  glyph_factory_foreach_shared(pipe_.factory, check_released, NULL);
  g_array_unref(starts);
  document_free(doc);
  g_string_free(text, TRUE);
  return 0;
}
