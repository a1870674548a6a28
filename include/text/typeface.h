/* typeface.h — FreeType faces found by family name through fontconfig.
 *
 * A TypefaceSet owns the FreeType library handle and every face it has opened;
 * a Typeface is owned by its set and lives as long as the set. Family names are
 * interned (g_intern_string), so two typefaces of one family compare by pointer.
 * A typeface that lacks a code point falls back to other installed fonts, found
 * through fontconfig by character set and cached per typeface.
 *
 * For shaping, a typeface also has a HarfBuzz font per pixel size (unhinted,
 * positions in 26.6 fixed point) and a fallback chain in fontconfig's order
 * that picks one font per grapheme cluster (typeface_for_cluster).
 * Kerning is HarfBuzz's (GPOS or kern through typeface_hb_font): there is no
 * kerning table of our own. */
#ifndef GLYPHPAD_TYPEFACE_H
#define GLYPHPAD_TYPEFACE_H

#include <glib.h>
#include <hb.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct TypefaceSet TypefaceSet;
typedef struct Typeface Typeface;

#define TYPEFACE_ERROR (typeface_error_quark())
GQuark typeface_error_quark(void);
typedef enum {
  TYPEFACE_ERROR_NOT_FOUND, /* no installed font has that family */
  TYPEFACE_ERROR_NO_FONTS,  /* fontconfig finds no fonts at all */
  TYPEFACE_ERROR_FREETYPE,  /* FreeType refused the file (corrupt, unsupported) */
} TypefaceError;

/* A new set with its own FreeType library. NULL with @error when FreeType or
 * fontconfig cannot start. Free with typeface_set_free(). */
G_GNUC_WARN_UNUSED_RESULT TypefaceSet *typeface_set_new(GError **error);
void typeface_set_free(TypefaceSet *set); /* NULL is a no-op */

/* The typeface of @family (e.g. "DejaVu Sans"), matched case-insensitively
 * against what fontconfig finds; an unknown family is an error, not a silent
 * substitute. Owned by @set. */
Typeface *typeface_set_lookup(TypefaceSet *set, const char *family, GError **error);

/* The families of the installed fonts, for choosing one (a font picker):
 * each font's first family name as fontconfig lists it (FcFontList, FC_FAMILY;
 * the name typeface_set_lookup() finds it by), each once, sorted
 * case-insensitively. An empty array when no fonts are installed. Free with
 * g_ptr_array_unref (it frees the names). */
G_GNUC_WARN_UNUSED_RESULT GPtrArray *typeface_set_families(TypefaceSet *set);

/* A typeface from a font file path (for tests and --font-file). Owned by @set. */
Typeface *typeface_set_open_file(TypefaceSet *set, const char *path, GError **error);

/* The family names of fonts installed and usable as typefaces, for cycling. */
const char *typeface_family(const Typeface *face); /* interned, never NULL */
const char *typeface_path(const Typeface *face);   /* the font file */

/* The face's index within its file as fontconfig and FreeType number it: the
 * face of a collection (.ttc) in the low 16 bits, a named instance + 1 of a
 * variable font in the high 16 bits; 0 for a plain .ttf. */
unsigned typeface_face_index(const Typeface *face);

/* Whether the face itself has a glyph for @cp. */
bool typeface_has(const Typeface *face, gunichar cp);

/* Whether the face is a colour font: it has a CBDT, sbix or COLR table (Noto
 * Color Emoji). */
bool typeface_is_color(Typeface *face);

/* The face that draws the lone code point @cp: @face itself, or the first
 * fallback font that has it, or NULL when no installed font has it (the
 * caller draws a box). Text is drawn through typeface_for_cluster; this is for
 * what is not shaped (the input method's composition). */
Typeface *typeface_for_codepoint(Typeface *face, gunichar cp);

/* The font that draws the grapheme cluster @cps[0..@n) (@n >= 1): the first
 * font of @face's chain that has every code point of it, where the chain is
 * @face itself, then the fonts fontconfig sorts after it for @face's family,
 * weight and slant (FcFontSort, trimmed, as `fc-match -s` lists them and as
 * Pango builds its fontsets). Owned by @face's set.
 * - Coverage ignores Default_Ignorable code points (ZWJ, ZWNJ, the variation
 *   selectors U+FE00..FE0F and U+E0100..E01EF, tags, ...): HarfBuzz hides
 *   them. A cluster of nothing but those is @face's.
 * - Presentation: VS16 (U+FE0F) in the cluster, or a first code point with
 *   Emoji_Presentation=Yes (😀, 🇯🇵, 👨 of a ZWJ family) tries the chain's colour
 *   fonts first, then the others; VS15 (U+FE0E) tries the non-colour fonts
 *   first. Plain U+2764 has text presentation and stays with @face.
 * - NULL when no installed font has the whole cluster: the caller draws a box.
 *   A cluster holding U+0000, a raw-byte code point (U+10FF00..U+10FFFF, see
 *   GLYPH_RAW_BYTE_BASE in glyph.h) or a value above U+10FFFF is covered by
 *   nobody: NULL, and the shaper draws U+FFFD for a raw byte (shaping
 *   typeface_for_cluster(face, {0xFFFD}, 1)) and a box for U+0000 (and for
 *   every other control, which it does not ask about).
 * Cached per typeface, so a font is asked of fontconfig once: code points below
 * U+0100 in a 256-entry table (a few ns), other single code points and whole
 * clusters in hash tables that are emptied when they reach 16384 and 4096
 * entries. Not thread-safe (nor is the rest of the set). */
Typeface *typeface_for_cluster(Typeface *face, const gunichar *cps, guint n);

/* The HarfBuzz font of @face at @px pixels (1..65535): scale @px*64, so that
 * hb_shape() positions come out in 26.6 fixed point; HarfBuzz's own OpenType
 * functions, no hinting (unhinted advances, as `hb-shape` gives them). Made on
 * first use and cached per pixel size in @face (owned by it; the cache grows
 * with the distinct sizes asked: a few per typeface). Immutable; never NULL. A
 * font file unreadable since the face was opened gives an empty font, which
 * shapes every character to glyph 0 (.notdef). */
hb_font_t *typeface_hb_font(Typeface *face, unsigned px);

/* Line metrics of @face at @px pixels, in whole pixels (ascent > 0, descent >= 0):
 * a line's height and baseline. */
void typeface_line_metrics(Typeface *face, unsigned px, int *ascent, int *descent,
                           int *line_height);

/* Line metrics in 26.6 fixed point (1/64 px), unhinted, as HarfBuzz reads them
 * (OS/2 typo metrics when the font asks for them, else hhea). */
typedef struct {
  int32_t ascent;   /* above the baseline, > 0 for any real font */
  int32_t descent;  /* below the baseline, >= 0 (positive downwards) */
  int32_t line_gap; /* extra space between lines, >= 0 */
} TypefaceMetrics;

/* @face's line metrics at @px pixels (1..65535) in 26.6; the line height is
 * ascent + descent + line_gap. */
TypefaceMetrics typeface_line_metrics_26_6(Typeface *face, unsigned px);

/* The FreeType face (an FT_Face), for the glyph module's rasterizer. */
void *typeface_ft_face(Typeface *face);

#endif
