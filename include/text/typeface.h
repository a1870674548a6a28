/* typeface.h — FreeType faces found by family name through fontconfig.
 *
 * A TypefaceSet owns the FreeType library handle and every face it has opened;
 * a Typeface is owned by its set and lives as long as the set. Family names are
 * interned (g_intern_string), so two typefaces of one family compare by pointer.
 * A typeface that lacks a code point falls back to other installed fonts, found
 * through fontconfig by character set and cached per typeface. */
#ifndef GLYPHPAD_TYPEFACE_H
#define GLYPHPAD_TYPEFACE_H

#include <glib.h>
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

/* A typeface from a font file path (for tests and --font-file). Owned by @set. */
Typeface *typeface_set_open_file(TypefaceSet *set, const char *path, GError **error);

/* The family names of fonts installed and usable as typefaces, for cycling. */
const char *typeface_family(const Typeface *face); /* interned, never NULL */
const char *typeface_path(const Typeface *face);   /* the font file */

/* Whether the face itself has a glyph for @cp. */
bool typeface_has(const Typeface *face, gunichar cp);

/* The face that draws @cp: @face itself, or the first fallback font that has it,
 * or NULL when no installed font has it (the caller draws a box). */
Typeface *typeface_for_codepoint(Typeface *face, gunichar cp);

/* Kerning between two glyph indices of @face at @px pixels, in 1/64 px. */
int32_t typeface_kerning(Typeface *face, unsigned px, uint32_t left_index, uint32_t right_index);
bool typeface_has_kerning(const Typeface *face);

/* Line metrics of @face at @px pixels, in whole pixels (ascent > 0, descent >= 0). */
void typeface_line_metrics(Typeface *face, unsigned px, int *ascent, int *descent,
                           int *line_height);

/* The FreeType face (an FT_Face), for the glyph module's rasterizer. */
void *typeface_ft_face(Typeface *face);

#endif
