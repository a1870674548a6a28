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
 * on first use, because layout asks for a pair per character.
 *
 * Shaping (typeface_hb_font): each typeface has one hb_face_t over its font
 * file, made on first use with hb_blob_create_from_file + hb_face_create, not
 * from the FT_Face (hb_ft_face_create_referenced): the blob maps the file, so
 * HarfBuzz reads GSUB/GPOS/glyf in place where hb-ft would copy each table out
 * through FT_Load_Sfnt_Table (all of glyf for advances and extents: megabytes
 * for Noto Sans CJK), and HarfBuzz's own OpenType functions never touch the
 * FT_Face, whose size glyph.c sets for rasterizing: no shared state between
 * shaping and drawing, and advances are the unhinted ones hb-shape prints.
 *
 * Fallback per grapheme cluster (typeface_for_cluster): the chain is the face,
 * then fontconfig's trimmed FcFontSort for the face's family, weight and slant
 * (fc-match -s; Pango's fontsets), built on first need. A chain link keeps the
 * sorted pattern's charset and colour flag, so walking the chain reads
 * fontconfig's charsets and opens only the font it picks. Answers are cached
 * per typeface: a dense table for code points below 256, hash tables (emptied
 * when full) for other code points and for whole clusters. */
#include "typeface.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <string.h>

#define LATIN_PICKS 256        /* code points below this have their pick in a dense table */
#define MAX_CP_PICKS 16384     /* single code points cached per typeface before emptying */
#define MAX_CLUSTER_PICKS 4096 /* clusters of 2+ code points cached per typeface */
#define MAX_HB_PX 65535u       /* px * 64 must fit an hb scale (int) with room to spare */
/* GLYPH_RAW_BYTE_BASE of glyph.h, which includes this module's header and so
 * cannot be included here: keep the two equal. */
#define RAW_BYTE_FIRST 0x10FF00u

struct TypefaceSet {
  FT_Library ft;       /* the FreeType library every face belongs to */
  FcConfig *fc;        /* our own fontconfig configuration */
  GHashTable *by_file; /* FaceKey* (inside its Typeface) -> Typeface* (owned) */
};

/* What identifies a face: its file and its index within the file. */
typedef struct {
  char *path;     /* font file */
  unsigned index; /* FC_INDEX / FT face index (named instance << 16 | face) */
} FaceKey;

/* One font of a typeface's fallback chain, as fontconfig sorted it. */
typedef struct {
  const char *file;         /* FC_FILE, owned by the chain's FcFontSet */
  unsigned index;           /* FC_INDEX */
  const FcCharSet *charset; /* its coverage, owned by the chain's FcFontSet */
  bool color;               /* FC_COLOR: a colour (emoji) font */
  bool unusable;            /* FreeType refused it: never picked */
  Typeface *face;           /* opened on first pick, owned by the set; NULL before */
} ChainLink;

struct Typeface {
  TypefaceSet *set;          /* the set that owns it */
  FT_Face face;              /* the FreeType face */
  const char *family;        /* interned family name */
  FaceKey key;               /* file and face index; key.path is the font file */
  GPtrArray *fallbacks;      /* Typeface* found for missing code points, in order found */
  GHashTable *fallback_for;  /* code point -> Typeface* (or the set itself for "none") */
  hb_face_t *hb_face;        /* HarfBuzz face over the mapped file, NULL until first used */
  GHashTable *hb_fonts;      /* px -> hb_font_t* (owned), one per pixel size asked */
  int8_t color;              /* -1 not yet known, else whether CBDT, sbix or COLR is present */
  bool chain_built;          /* chain/chain_fonts are set (possibly empty) */
  FcFontSet *chain_fonts;    /* fontconfig's sorted fonts for the family, or NULL */
  ChainLink *chain;          /* the fonts of chain_fonts other than this face, in order */
  guint chain_len;           /* entries of chain */
  Typeface **latin_picks;    /* LATIN_PICKS picks (NULL entry: not asked yet), NULL until used */
  GHashTable *cp_picks;      /* code point >= LATIN_PICKS -> pick, at most MAX_CP_PICKS */
  GHashTable *cluster_picks; /* ClusterKey* (owned) -> pick, at most MAX_CLUSTER_PICKS */
};

/* A cluster as a hash key: stored keys own a copy of the code points (in the
 * same allocation); a lookup key points at the caller's array. */
typedef struct {
  guint n;             /* code points */
  const gunichar *cps; /* the code points */
} ClusterKey;

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
  if (face->hb_fonts != NULL)
    g_hash_table_unref(face->hb_fonts);
  hb_face_destroy(face->hb_face); /* NULL is HarfBuzz's no-op too */
  if (face->cp_picks != NULL)
    g_hash_table_unref(face->cp_picks);
  if (face->cluster_picks != NULL)
    g_hash_table_unref(face->cluster_picks);
  g_free(face->latin_picks);
  g_free(face->chain);
  if (face->chain_fonts != NULL)
    FcFontSetDestroy(face->chain_fonts);
  FT_Done_Face(face->face);
  g_free(face->key.path);
  g_free(face);
}

static guint face_key_hash(gconstpointer p)
{
  const FaceKey *key = p;
  return g_str_hash(key->path) * 31u + key->index;
}

static gboolean face_key_equal(gconstpointer a, gconstpointer b)
{
  const FaceKey *x = a, *y = b;
  return x->index == y->index && strcmp(x->path, y->path) == 0;
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
  set->by_file = g_hash_table_new_full(face_key_hash, face_key_equal, NULL,
                                       (GDestroyNotify)typeface_free);
  return set;
}

void typeface_set_free(TypefaceSet *set)
{
  if (set == NULL)
    return;
  g_hash_table_unref(set->by_file); /* before the config: chains hold its patterns */
  FcConfigDestroy(set->fc);
  FT_Done_FreeType(set->ft);
  g_free(set);
}

/* The typeface of face @index of the file @path, opened once per set. */
static Typeface *open_face(TypefaceSet *set, const char *path, unsigned index, GError **error)
{
  FaceKey key = {(char *)path, index};
  Typeface *face = g_hash_table_lookup(set->by_file, &key);
  if (face != NULL)
    return face;
  FT_Face ft_face = NULL;
  FT_Error err = FT_New_Face(set->ft, path, (FT_Long)index, &ft_face);
  if (err != 0) {
    g_set_error(error, TYPEFACE_ERROR, TYPEFACE_ERROR_FREETYPE, "Cannot use font %s: %s", path,
                ft_error_words(err));
    return NULL;
  }
  face = g_new0(Typeface, 1);
  face->set = set;
  face->face = ft_face;
  face->family = g_intern_string(ft_face->family_name ? ft_face->family_name : "(unnamed)");
  face->key.path = g_strdup(path);
  face->key.index = index;
  face->fallbacks = g_ptr_array_new();
  face->fallback_for = g_hash_table_new(NULL, NULL);
  face->color = -1;
  g_hash_table_insert(set->by_file, &face->key, face);
  return face;
}

Typeface *typeface_set_open_file(TypefaceSet *set, const char *path, GError **error)
{
  g_return_val_if_fail(set != NULL && path != NULL, NULL);
  return open_face(set, path, 0, error);
}

/* fontconfig's best match for @pattern: its file, face index and family, or
 * false. @index and @family may be NULL. */
static bool fc_best_match(FcConfig *fc, FcPattern *pattern, char **file, unsigned *index,
                          char **family)
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
    int i = 0;
    if (index != NULL)
      *index = FcPatternGetInteger(match, FC_INDEX, 0, &i) == FcResultMatch ? (unsigned)i : 0;
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
  unsigned index = 0;
  bool ok = fc_best_match(set->fc, pattern, &file, &index, &found_family);
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
  return open_face(set, file, index, error);
}

static gint compare_families(gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *typeface_set_families(TypefaceSet *set)
{
  g_return_val_if_fail(set != NULL, NULL);
  GPtrArray *families = g_ptr_array_new_with_free_func(g_free);
  FcPattern *all = FcPatternCreate();
  FcObjectSet *wanted = FcObjectSetBuild(FC_FAMILY, NULL);
  FcFontSet *fonts = FcFontList(set->fc, all, wanted);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (int i = 0; fonts != NULL && i < fonts->nfont; i++) {
    FcChar8 *family = NULL; /* the first name: the one a best match reports */
    if (FcPatternGetString(fonts->fonts[i], FC_FAMILY, 0, &family) != FcResultMatch ||
        g_hash_table_contains(seen, family))
      continue;
    char *name = g_strdup((const char *)family);
    g_hash_table_add(seen, name);
    g_ptr_array_add(families, name);
  }
  g_ptr_array_sort(families, compare_families);
  if (fonts != NULL)
    FcFontSetDestroy(fonts);
  FcObjectSetDestroy(wanted);
  FcPatternDestroy(all);
  return families;
}

const char *typeface_family(const Typeface *face)
{
  return face->family;
}
const char *typeface_path(const Typeface *face)
{
  return face->key.path;
}
unsigned typeface_face_index(const Typeface *face)
{
  return face->key.index;
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
  unsigned index = 0;
  bool ok = fc_best_match(face->set->fc, pattern, &file, &index, NULL);
  FcCharSetDestroy(charset);
  FcPatternDestroy(pattern);
  if (!ok)
    return NULL;
  Typeface *fb = open_face(face->set, file, index, NULL);
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

/* ---- HarfBuzz: one face per typeface, one font per pixel size ---------- */

/* @face's hb_face_t, made on first use over the mapped font file. */
static hb_face_t *hb_face_of(Typeface *face)
{
  if (face->hb_face == NULL) {
    hb_blob_t *blob = hb_blob_create_from_file(face->key.path); /* empty on failure */
    face->hb_face = hb_face_create(blob, face->key.index & 0xFFFFu);
    hb_blob_destroy(blob); /* the face keeps its reference */
    hb_face_make_immutable(face->hb_face);
  }
  return face->hb_face;
}

hb_font_t *typeface_hb_font(Typeface *face, unsigned px)
{
  g_return_val_if_fail(face != NULL && px >= 1 && px <= MAX_HB_PX, NULL);
  if (face->hb_fonts == NULL)
    face->hb_fonts = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)hb_font_destroy);
  hb_font_t *font = g_hash_table_lookup(face->hb_fonts, GUINT_TO_POINTER(px));
  if (font != NULL)
    return font;
  font = hb_font_create(hb_face_of(face)); /* HarfBuzz's OpenType functions: no hinting */
  int scale = (int)px * 64;
  hb_font_set_scale(font, scale, scale);
  /* No ppem: it would apply GPOS device tables, which are hinting for one size. */
  if ((face->key.index >> 16) != 0)
    hb_font_set_var_named_instance(font, (face->key.index >> 16) - 1);
  hb_font_make_immutable(font);
  g_hash_table_insert(face->hb_fonts, GUINT_TO_POINTER(px), font);
  return font;
}

static bool hb_has_table(hb_face_t *face, hb_tag_t tag)
{
  hb_blob_t *blob = hb_face_reference_table(face, tag);
  bool present = hb_blob_get_length(blob) > 0;
  hb_blob_destroy(blob);
  return present;
}

bool typeface_is_color(Typeface *face)
{
  g_return_val_if_fail(face != NULL, false);
  if (face->color < 0) {
    hb_face_t *hb = hb_face_of(face);
    face->color = hb_has_table(hb, HB_TAG('C', 'B', 'D', 'T')) ||
                  hb_has_table(hb, HB_TAG('s', 'b', 'i', 'x')) ||
                  hb_has_table(hb, HB_TAG('C', 'O', 'L', 'R'));
  }
  return face->color != 0;
}

TypefaceMetrics typeface_line_metrics_26_6(Typeface *face, unsigned px)
{
  TypefaceMetrics m = {0, 0, 0};
  g_return_val_if_fail(face != NULL && px >= 1 && px <= MAX_HB_PX, m);
  hb_font_extents_t ext;
  memset(&ext, 0, sizeof ext);
  hb_font_get_h_extents(typeface_hb_font(face, px), &ext);
  m.ascent = MAX(ext.ascender, 0);
  m.descent = MAX(-ext.descender, 0);
  m.line_gap = MAX(ext.line_gap, 0);
  return m;
}

/* ---- Unicode properties the fallback needs ----------------------------- */

typedef struct {
  gunichar first, last;
} CpRange;

/* Default_Ignorable_Code_Point, Unicode 15.0 (generated with ICU 72's
 * u_hasBinaryProperty(UCHAR_DEFAULT_IGNORABLE_CODE_POINT)). */
static const CpRange default_ignorable[] = {
    {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
    {0x180B, 0x180F},   {0x200B, 0x200F},   {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
    {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

/* Emoji_Presentation=Yes, Unicode 15.0 (generated with ICU 72's
 * u_hasBinaryProperty(UCHAR_EMOJI_PRESENTATION)). */
static const CpRange emoji_presentation[] = {
    {0x231A, 0x231B},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},   {0x23F3, 0x23F3},
    {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},
    {0x26C4, 0x26C5},   {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},
    {0x26F2, 0x26F3},   {0x26F5, 0x26F5},   {0x26FA, 0x26FA},   {0x26FD, 0x26FD},
    {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274C},
    {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},
    {0x2B55, 0x2B55},   {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F1E6, 0x1F1FF}, {0x1F201, 0x1F201}, {0x1F21A, 0x1F21A},
    {0x1F22F, 0x1F22F}, {0x1F232, 0x1F236}, {0x1F238, 0x1F23A}, {0x1F250, 0x1F251},
    {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393},
    {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4},
    {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D},
    {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596},
    {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC},
    {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC},
    {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A},
    {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FA7C}, {0x1FA80, 0x1FA88},
    {0x1FA90, 0x1FABD}, {0x1FABF, 0x1FAC5}, {0x1FACE, 0x1FADB}, {0x1FAE0, 0x1FAE8},
    {0x1FAF0, 0x1FAF8},
};

/* Whether @cp lies in one of the sorted, disjoint @ranges (binary search). */
static bool in_ranges(const CpRange *ranges, guint n, gunichar cp)
{
  guint lo = 0, hi = n;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (cp < ranges[mid].first)
      hi = mid;
    else if (cp > ranges[mid].last)
      lo = mid + 1;
    else
      return true;
  }
  return false;
}

static bool is_ignorable(gunichar cp)
{
  return cp >= 0xAD && in_ranges(default_ignorable, G_N_ELEMENTS(default_ignorable), cp);
}

static bool is_emoji_presentation(gunichar cp)
{
  return cp >= 0x231A && in_ranges(emoji_presentation, G_N_ELEMENTS(emoji_presentation), cp);
}

/* Code points no font may draw: U+0000, raw bytes, and non-characters beyond Unicode. */
static bool is_drawn_by_nobody(gunichar cp)
{
  return cp == 0 || cp >= RAW_BYTE_FIRST;
}

/* ---- The fallback chain ------------------------------------------------ */

/* Which fonts a cluster tries first. */
typedef enum {
  PREFER_NONE,  /* the chain's order */
  PREFER_COLOR, /* VS16, or an Emoji_Presentation base: colour fonts, then the rest */
  PREFER_TEXT,  /* VS15: non-colour fonts, then colour ones */
} Preference;

/* The cluster's preference, and its first code point that is not ignorable
 * in @base (0 when there is none). */
static Preference cluster_preference(const gunichar *cps, guint n, gunichar *base)
{
  bool vs15 = false, vs16 = false;
  *base = 0;
  for (guint i = 0; i < n; i++) {
    vs15 |= cps[i] == 0xFE0E;
    vs16 |= cps[i] == 0xFE0F;
    if (*base == 0 && !is_ignorable(cps[i]))
      *base = cps[i];
  }
  if (vs16)
    return PREFER_COLOR;
  if (vs15)
    return PREFER_TEXT;
  return is_emoji_presentation(*base) ? PREFER_COLOR : PREFER_NONE;
}

/* The fontconfig pattern of @face's family, weight and slant, substituted as
 * FcFontMatch / fc-match would. */
static FcPattern *chain_pattern(Typeface *face)
{
  FcPattern *pattern = FcPatternCreate();
  FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)face->family);
  bool bold = (face->face->style_flags & FT_STYLE_FLAG_BOLD) != 0;
  bool italic = (face->face->style_flags & FT_STYLE_FLAG_ITALIC) != 0;
  FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddInteger(pattern, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  FcConfigSubstitute(face->set->fc, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  return pattern;
}

/* Fills @link from a sorted pattern; false when it names no file or charset. */
static bool chain_link_init(ChainLink *link, FcPattern *font)
{
  FcChar8 *file = NULL;
  FcCharSet *charset = NULL;
  int index = 0;
  FcBool color = FcFalse;
  if (FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch ||
      FcPatternGetCharSet(font, FC_CHARSET, 0, &charset) != FcResultMatch)
    return false;
  FcPatternGetInteger(font, FC_INDEX, 0, &index); /* stays 0 when absent */
  FcPatternGetBool(font, FC_COLOR, 0, &color);    /* stays false when absent */
  *link = (ChainLink){(const char *)file, (unsigned)index, charset, color != FcFalse, false, NULL};
  return true;
}

/* Builds @face's chain once: fontconfig's trimmed sort minus the face itself. */
static void build_chain(Typeface *face)
{
  face->chain_built = true;
  FcPattern *pattern = chain_pattern(face);
  FcResult result = FcResultNoMatch;
  face->chain_fonts = FcFontSort(face->set->fc, pattern, FcTrue, NULL, &result);
  FcPatternDestroy(pattern);
  if (face->chain_fonts == NULL)
    return;
  face->chain = g_new0(ChainLink, face->chain_fonts->nfont);
  for (int i = 0; i < face->chain_fonts->nfont; i++) {
    ChainLink *link = &face->chain[face->chain_len];
    if (!chain_link_init(link, face->chain_fonts->fonts[i]))
      continue;
    if (link->index == face->key.index && strcmp(link->file, face->key.path) == 0)
      continue; /* the face itself comes first anyway */
    face->chain_len++;
  }
}

static bool face_covers(const Typeface *face, const gunichar *cps, guint n)
{
  for (guint i = 0; i < n; i++)
    if (!is_ignorable(cps[i]) && !typeface_has(face, cps[i]))
      return false;
  return true;
}

static bool link_covers(const ChainLink *link, const gunichar *cps, guint n)
{
  for (guint i = 0; i < n; i++)
    if (!is_ignorable(cps[i]) && !FcCharSetHasChar(link->charset, cps[i]))
      return false;
  return true;
}

/* The link's typeface, opened on first use; NULL when FreeType refuses it. */
static Typeface *link_face(Typeface *face, ChainLink *link)
{
  if (link->face == NULL && !link->unusable) {
    link->face = open_face(face->set, link->file, link->index, NULL);
    link->unusable = link->face == NULL;
  }
  return link->face;
}

/* The first font of the chain (face first) that covers the cluster, trying the
 * fonts whose colour is @want_color only, or all of them when @any. */
static Typeface *walk_chain(Typeface *face, const gunichar *cps, guint n, bool any, bool want_color)
{
  if ((any || typeface_is_color(face) == want_color) && face_covers(face, cps, n))
    return face;
  if (!face->chain_built)
    build_chain(face); /* only now: most text never needs a fallback */
  for (guint i = 0; i < face->chain_len; i++) {
    ChainLink *link = &face->chain[i];
    if (!any && link->color != want_color)
      continue;
    if (!link->unusable && link_covers(link, cps, n)) {
      Typeface *picked = link_face(face, link);
      if (picked != NULL && picked != face)
        return picked;
    }
  }
  return NULL;
}

/* The uncached answer of typeface_for_cluster. */
static Typeface *pick_for_cluster(Typeface *face, const gunichar *cps, guint n)
{
  for (guint i = 0; i < n; i++)
    if (is_drawn_by_nobody(cps[i]))
      return NULL;
  gunichar base = 0;
  Preference pref = cluster_preference(cps, n, &base);
  if (base == 0)
    return face; /* nothing but ignorables: HarfBuzz hides them in any font */
  if (pref == PREFER_NONE)
    return walk_chain(face, cps, n, true, false);
  bool color_first = pref == PREFER_COLOR;
  Typeface *picked = walk_chain(face, cps, n, false, color_first);
  return picked != NULL ? picked : walk_chain(face, cps, n, false, !color_first);
}

/* ---- The caches of typeface_for_cluster -------------------------------- */

/* A pick as cached: the typeface, or the set itself for "nobody". */
static gpointer pick_to_cached(Typeface *face, Typeface *picked)
{
  return picked != NULL ? (gpointer)picked : (gpointer)face->set;
}

static Typeface *cached_to_pick(Typeface *face, gpointer cached)
{
  return cached == (gpointer)face->set ? NULL : cached;
}

static guint cluster_key_hash(gconstpointer p)
{
  const ClusterKey *key = p;
  guint h = 2166136261u; /* FNV-1a over the code points */
  for (guint i = 0; i < key->n; i++)
    h = (h ^ key->cps[i]) * 16777619u;
  return h;
}

static gboolean cluster_key_equal(gconstpointer a, gconstpointer b)
{
  const ClusterKey *x = a, *y = b;
  return x->n == y->n && memcmp(x->cps, y->cps, x->n * sizeof(gunichar)) == 0;
}

/* A stored key: the struct and a copy of the code points in one allocation. */
static ClusterKey *cluster_key_new(const gunichar *cps, guint n)
{
  ClusterKey *key = g_malloc(sizeof(ClusterKey) + n * sizeof(gunichar));
  gunichar *copy = (gunichar *)(key + 1);
  memcpy(copy, cps, n * sizeof(gunichar));
  key->n = n;
  key->cps = copy;
  return key;
}

/* One code point: the dense table below LATIN_PICKS, the hash table above. */
static Typeface *for_one_code_point(Typeface *face, gunichar cp)
{
  if (cp < LATIN_PICKS) {
    if (face->latin_picks == NULL)
      face->latin_picks = g_new0(Typeface *, LATIN_PICKS);
    if (face->latin_picks[cp] == NULL)
      face->latin_picks[cp] = pick_to_cached(face, pick_for_cluster(face, &cp, 1));
    return cached_to_pick(face, face->latin_picks[cp]);
  }
  if (face->cp_picks == NULL)
    face->cp_picks = g_hash_table_new(NULL, NULL);
  gpointer cached = g_hash_table_lookup(face->cp_picks, GUINT_TO_POINTER(cp));
  if (cached != NULL)
    return cached_to_pick(face, cached);
  if (g_hash_table_size(face->cp_picks) >= MAX_CP_PICKS)
    g_hash_table_remove_all(face->cp_picks);
  Typeface *picked = pick_for_cluster(face, &cp, 1);
  g_hash_table_insert(face->cp_picks, GUINT_TO_POINTER(cp), pick_to_cached(face, picked));
  return picked;
}

Typeface *typeface_for_cluster(Typeface *face, const gunichar *cps, guint n)
{
  g_return_val_if_fail(face != NULL && cps != NULL && n >= 1, NULL);
  if (G_LIKELY(n == 1 && cps[0] < LATIN_PICKS && face->latin_picks != NULL &&
               face->latin_picks[cps[0]] != NULL))
    return cached_to_pick(face, face->latin_picks[cps[0]]); /* the common case, inlined */
  if (n == 1)
    return for_one_code_point(face, cps[0]);
  if (face->cluster_picks == NULL)
    face->cluster_picks = g_hash_table_new_full(cluster_key_hash, cluster_key_equal, g_free, NULL);
  ClusterKey key = {n, cps};
  gpointer cached = g_hash_table_lookup(face->cluster_picks, &key);
  if (cached != NULL)
    return cached_to_pick(face, cached);
  if (g_hash_table_size(face->cluster_picks) >= MAX_CLUSTER_PICKS)
    g_hash_table_remove_all(face->cluster_picks);
  Typeface *picked = pick_for_cluster(face, cps, n);
  g_hash_table_insert(face->cluster_picks, cluster_key_new(cps, n), pick_to_cached(face, picked));
  return picked;
}
