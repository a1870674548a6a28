/* typeface.c — FreeType faces found through fontconfig, with fallbacks.
 *
 * The set owns one FT_Library and a private fontconfig configuration (no global
 * state: two sets can live in one process). Faces are opened once per file and
 * cached by path. Family lookup is strict: if fontconfig's best match for
 * "Foo" has another family, "Foo" is not installed and we say so, rather than
 * silently drawing in a substitute.
 *
 * Fallbacks: when a face lacks a code point, fontconfig is asked for a font
 * whose charset has it; the answer (or "none") is cached per code point, so the
 * query runs once per distinct missing character. Kerning pairs of small glyph
 * indices (all of Latin in the DejaVu faces) are cached in a dense table filled
 * on first use, because layout asks for a pair per character. */
#include "typeface.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <string.h>

#define KERN_DENSE 256 /* glyph indices below this use the dense kerning table */

struct TypefaceSet {
  FT_Library ft;       /* the FreeType library every face belongs to */
  FcConfig *fc;        /* our own fontconfig configuration */
  GHashTable *by_path; /* font file path -> Typeface* (owned) */
};

struct Typeface {
  TypefaceSet *set;         /* the set that owns it */
  FT_Face face;             /* the FreeType face */
  const char *family;       /* interned family name */
  char *path;               /* font file */
  GPtrArray *fallbacks;     /* Typeface* found for missing code points, in order found */
  GHashTable *fallback_for; /* code point -> Typeface* (or the set itself for "none") */
  int16_t *kern_dense;      /* KERN_DENSE^2 pairs in font units, NULL until first used */
};

/* clang-format off */
G_DEFINE_QUARK(typeface-error-quark, typeface_error)
/* clang-format on */

static const char *ft_error_words(FT_Error err)
{
  switch (err) {
  case FT_Err_Cannot_Open_Resource:
    return "the file cannot be opened";
  case FT_Err_Unknown_File_Format:
    return "it is not a font file FreeType knows";
  case FT_Err_Invalid_File_Format:
    return "the font file is corrupt";
  case FT_Err_Out_Of_Memory:
    return "out of memory";
  default:
    return "FreeType could not read it";
  }
}

static void typeface_free(Typeface *face)
{
  g_ptr_array_unref(face->fallbacks);
  g_hash_table_unref(face->fallback_for);
  FT_Done_Face(face->face);
  g_free(face->kern_dense);
  g_free(face->path);
  g_free(face);
}

TypefaceSet *typeface_set_new(GError **error)
{
  TypefaceSet *set = g_new0(TypefaceSet, 1);
  if (FT_Init_FreeType(&set->ft) != 0) {
    g_set_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_FREETYPE, "FreeType could not start");
    g_free(set);
    return NULL;
  }
  set->fc = FcInitLoadConfigAndFonts();
  if (set->fc == NULL) {
    g_set_error(
        error, TYPEFACE_ERROR, TYPEFACE_ERROR_NOT_FOUND,
        "fontconfig could not load its configuration (is the fontconfig package installed?)");
    FT_Done_FreeType(set->ft);
    g_free(set);
    return NULL;
  }
  set->by_path = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify)typeface_free);
  return set;
}

void typeface_set_free(TypefaceSet *set)
{
  if (set == NULL)
    return;
  g_hash_table_unref(set->by_path);
  FcConfigDestroy(set->fc);
  FT_Done_FreeType(set->ft);
  g_free(set);
}

Typeface *typeface_set_open_file(TypefaceSet *set, const char *path, GError **error)
{
  g_return_val_if_fail(set != NULL && path != NULL, NULL);
  Typeface *face = g_hash_table_lookup(set->by_path, path);
  if (face != NULL)
    return face;
  FT_Face ft_face = NULL;
  FT_Error err = FT_New_Face(set->ft, path, 0, &ft_face);
  if (err != 0) {
    g_set_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_FREETYPE, "Cannot use font %s: %s", path,
                ft_error_words(err));
    return NULL;
  }
  face = g_new0(Typeface, 1);
  face->set = set;
  face->face = ft_face;
  face->family = g_intern_string(ft_face->family_name ? ft_face->family_name : "(unnamed)");
  face->path = g_strdup(path);
  face->fallbacks = g_ptr_array_new();
  face->fallback_for = g_hash_table_new(NULL, NULL);
  g_hash_table_insert(set->by_path, face->path, face);
  return face;
}

/* fontconfig's best match for @pattern: its file and family, or false. */
static bool fc_best_match(FcConfig *fc, FcPattern *pattern, char **file, char **family)
{
  FcConfigSubstitute(fc, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern *match = FcFontMatch(fc, pattern, &result);
  if (match == NULL)
    return false;
  FcChar8 *f = NULL, *fam = NULL;
  bool ok = FcPatternGetString(match, FC_FILE, 0, &f) == FcResultMatch;
  if (ok) {
    *file = g_strdup((const char *)f);
    if (family != NULL)
      *family = FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch
                    ? g_strdup((const char *)fam)
                    : g_strdup("");
  }
  FcPatternDestroy(match);
  return ok;
}

/* Whether @fc knows no font files at all: a broken or empty installation,
 * which deserves a different message than a misspelt family. */
static bool no_fonts_at_all(FcConfig *fc)
{
  FcFontSet *fonts = FcConfigGetFonts(fc, FcSetSystem);
  return fonts == NULL || fonts->nfont == 0;
}

Typeface *typeface_set_lookup(TypefaceSet *set, const char *family, GError **error)
{
  g_return_val_if_fail(set != NULL && family != NULL, NULL);
  FcPattern *pattern = FcPatternCreate();
  FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)family);
  FcPatternAddInteger(pattern, FC_WEIGHT, FC_WEIGHT_REGULAR);
  FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
  g_autofree char *file = NULL, *found_family = NULL;
  bool ok = fc_best_match(set->fc, pattern, &file, &found_family);
  FcPatternDestroy(pattern);
  if (!ok && no_fonts_at_all(set->fc)) {
    g_set_error_literal(error, TYPEFACE_ERROR, TYPEFACE_ERROR_NO_FONTS,
                        "No fonts are installed at all (fontconfig finds none); install some, "
                        "e.g. `apt install fonts-dejavu-core`, or check $FONTCONFIG_FILE");
    return NULL;
  }
  if (!ok || g_ascii_strcasecmp(found_family, family) != 0) {
    g_set_error(
        error, TYPEFACE_ERROR, TYPEFACE_ERROR_NOT_FOUND,
        "No installed font has the family \"%s\" (`fc-list : family` lists those installed)",
        family);
    return NULL;
  }
  return typeface_set_open_file(set, file, error);
}

const char *typeface_family(const Typeface *face)
{
  return face->family;
}
const char *typeface_path(const Typeface *face)
{
  return face->path;
}
void *typeface_ft_face(Typeface *face)
{
  return face->face;
}

bool typeface_has(const Typeface *face, gunichar cp)
{
  return FT_Get_Char_Index(face->face, cp) != 0;
}

/* Asks fontconfig for a font that has @cp; NULL when none does. */
static Typeface *find_fallback(Typeface *face, gunichar cp)
{
  for (guint i = 0; i < face->fallbacks->len; i++) {
    Typeface *fb = g_ptr_array_index(face->fallbacks, i);
    if (typeface_has(fb, cp))
      return fb;
  }
  FcPattern *pattern = FcPatternCreate();
  FcCharSet *charset = FcCharSetCreate();
  FcCharSetAddChar(charset, cp);
  FcPatternAddCharSet(pattern, FC_CHARSET, charset);
  FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)face->family);
  g_autofree char *file = NULL;
  bool ok = fc_best_match(face->set->fc, pattern, &file, NULL);
  FcCharSetDestroy(charset);
  FcPatternDestroy(pattern);
  if (!ok)
    return NULL;
  Typeface *fb = typeface_set_open_file(face->set, file, NULL);
  if (fb == NULL || fb == face || !typeface_has(fb, cp))
    return NULL;
  g_ptr_array_add(face->fallbacks, fb);
  return fb;
}

Typeface *typeface_for_codepoint(Typeface *face, gunichar cp)
{
  g_return_val_if_fail(face != NULL, NULL);
  if (typeface_has(face, cp))
    return face;
  gpointer cached = NULL;
  if (g_hash_table_lookup_extended(face->fallback_for, GUINT_TO_POINTER(cp), NULL, &cached))
    return cached == face->set ? NULL : cached;
  Typeface *fb = find_fallback(face, cp);
  g_hash_table_insert(face->fallback_for, GUINT_TO_POINTER(cp), fb ? (gpointer)fb : face->set);
  return fb;
}

bool typeface_has_kerning(const Typeface *face)
{
  return FT_HAS_KERNING(face->face);
}

static int16_t kerning_units(FT_Face ft, uint32_t left, uint32_t right)
{
  FT_Vector delta = {0, 0};
  if (FT_Get_Kerning(ft, left, right, FT_KERNING_UNSCALED, &delta) != 0)
    return 0;
  return (int16_t)CLAMP(delta.x, INT16_MIN, INT16_MAX);
}

static void fill_dense_kerning(Typeface *face)
{
  face->kern_dense = g_new(int16_t, KERN_DENSE * KERN_DENSE);
  for (uint32_t l = 0; l < KERN_DENSE; l++)
    for (uint32_t r = 0; r < KERN_DENSE; r++)
      face->kern_dense[l * KERN_DENSE + r] = kerning_units(face->face, l, r);
}

int32_t typeface_kerning(Typeface *face, unsigned px, uint32_t left_index, uint32_t right_index)
{
  if (!FT_HAS_KERNING(face->face) || !FT_IS_SCALABLE(face->face))
    return 0;
  int32_t units;
  if (left_index < KERN_DENSE && right_index < KERN_DENSE) {
    if (face->kern_dense == NULL)
      fill_dense_kerning(face);
    units = face->kern_dense[left_index * KERN_DENSE + right_index];
  } else {
    units = kerning_units(face->face, left_index, right_index);
  }
  if (units == 0)
    return 0;
  /* font units -> 1/64 px, rounded */
  int64_t v = (int64_t)units * px * 64;
  int64_t em = face->face->units_per_EM ? face->face->units_per_EM : 2048;
  return (int32_t)((v >= 0 ? v + em / 2 : v - em / 2) / em);
}

void typeface_line_metrics(Typeface *face, unsigned px, int *ascent, int *descent, int *line_height)
{
  FT_Face ft = face->face;
  if (FT_IS_SCALABLE(ft)) {
    double scale = (double)px / ft->units_per_EM;
    int a = (int)(ft->ascender * scale + 0.999);
    int d = (int)(-ft->descender * scale + 0.999);
    int h = (int)(ft->height * scale + 0.999);
    *ascent = MAX(a, 1);
    *descent = MAX(d, 0);
    *line_height = MAX(h, *ascent + *descent);
  } else {
    *ascent = (int)(px * 0.8 + 0.5);
    *descent = (int)(px * 0.2 + 0.5);
    *line_height = *ascent + *descent;
  }
}
