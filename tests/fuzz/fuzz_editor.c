/* fuzz_editor.c — libFuzzer target: the editor's commands against a model.
 *
 * The input is a sequence of commands, one byte for the command and one or
 * more for its argument (missing bytes read as 0): insert a text from a table
 * (newlines, CRLF, every script, combining marks, ZWJ and ZWNJ, variation
 * selectors, bidi controls, regional indicators, raw-byte code points, invalid
 * UTF-8), random code points or raw input bytes; backspace, delete, move, set
 * the cursor, select all/word, restyle among three styles, flyweight on/off,
 * scroll or resize the view, undo, redo, cut/copy, save, reset; and bulk
 * inserts of thousands of lines or of one line longer than a block, so the
 * document's blocks split, merge and stand alone.
 *
 * The model is written independently of editor.c: a GString holding the text,
 * edited by flat byte offsets; for undo/redo, stacks of snapshots (the model
 * text, the document's style runs, the cursor and anchor before each step, and
 * a state id). Where a deletion ends and where the cursor goes come from the
 * editor's contract with the segmenter as the oracle of cluster boundaries:
 * Backspace deletes back to segmenter_backspace(), Delete to the next cluster
 * boundary, a paragraph break is one character; after an insertion the
 * cursor is at the first cluster boundary at or after the inserted text's end,
 * after a deletion at the last one at or before where it was. The model also
 * predicts the grouping rule (single typed characters group as [word][white
 * space]; backspaces and forward deletes likewise, while the cursor stays
 * where the group's edits are; anything else is a step of its own, and a move,
 * selection, style change, undo/redo or save ends a group), so a wrong grouping
 * shows as an undo-stack depth that differs from the model's.
 *
 * Checked after every command, abort() on any mismatch:
 *  - document_get_all_text equals the model text, and is valid UTF-8;
 *  - document_check: the blocks' invariants hold;
 *  - cursor and anchor are valid positions (document_clamp leaves them alone)
 *    on grapheme cluster boundaries (segmenter_is_grapheme);
 *  - a View over the document, laid out for its screen (view_visible), passes
 *    view_check_refcounts: every live Glyph's count is the references to it;
 *  - undo depth, can_redo, and the modified flag agree with the model;
 *  - after undo/redo, the document's style runs equal the snapshot's exactly,
 *    and after undo the cursor and anchor are where they were before the step.
 *
 * The typeface set, factory and shaping pipeline are built once per process,
 * in LLVMFuzzerInitialize (FreeType and fontconfig setup is far slower than a
 * run); each input gets a new Editor and View, freed at its end, so per-input
 * leak checking stays meaningful. */
#include <string.h>

#include "editor.h"
#include "fuzz_common.h"
#include "layout.h"
#include "shaper.h"
#include "view.h"
#include "word_cache.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
const char *__lsan_default_suppressions(void);

/* fontconfig keeps a process-wide cache that it never frees: not ours to check. */
const char *__lsan_default_suppressions(void)
{
  return "leak:libfontconfig.so\n";
}

#define FUZZ_MAX_COMMANDS 400

/* Process-wide fonts and pipeline: created on the first input, never freed
 * (libFuzzer exits). */
static struct {
  TypefaceSet *set;
  GlyphFactory *factory;
  StyleId styles[3];
  Shaper *shaper;
  Segmenter *seg; /* the shaper's */
  WordCache *words;
  Layout *layout;
} fonts;

static void fonts_init(void)
{
  if (fonts.factory != NULL)
    return;
  const char *families[3] = {"DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono"};
  unsigned sizes[3] = {16, 24, 13};
  fonts.set = typeface_set_new(NULL);
  FUZZ_CHECK(fonts.set != NULL);
  fonts.factory = glyph_factory_new(fonts.set);
  for (int i = 0; i < 3; i++) {
    Typeface *face = typeface_set_lookup(fonts.set, families[i], NULL);
    FUZZ_CHECK(face != NULL);
    fonts.styles[i] = glyph_factory_style(fonts.factory, face, sizes[i]);
    FUZZ_CHECK(fonts.styles[i] != STYLE_NONE);
  }
  fonts.shaper = shaper_new(fonts.factory, NULL);
  FUZZ_CHECK(fonts.shaper != NULL);
  fonts.seg = shaper_segmenter(fonts.shaper);
  fonts.words = word_cache_new(fonts.shaper);
  fonts.layout = layout_new(fonts.factory, fonts.words, fonts.seg);
}

/* ---------------------------------------------------------------- input */

typedef struct {
  const uint8_t *data;
  size_t size, at;
} Input;

static uint8_t next_byte(Input *in)
{
  return in->at < in->size ? in->data[in->at++] : 0;
}

/* ---------------------------------------------------------------- model */

typedef enum { GROUP_NONE, GROUP_TYPING, GROUP_BACK, GROUP_DELETE } Group;

typedef struct {
  char *text;            /* the model text at that state */
  GArray *runs;          /* the document's runs at that state */
  DocPos cursor, anchor; /* the editor's before the step (carried across undo and redo) */
  guint64 id;            /* the id of the step this entry undoes or redoes */
} Snapshot;

typedef struct {
  Editor *ed;
  View *view;       /* over the editor's document */
  GString *text;    /* the reference text */
  GPtrArray *undo;  /* Snapshot*: the state before each step, and the step's id */
  GPtrArray *redo;  /* Snapshot*: the state after each undone step, and its id */
  guint64 base_id;  /* the state with an empty undo stack */
  guint64 saved_id; /* the state at the last save */
  guint64 next_id;
  Group group;   /* the open group, as the contract predicts it */
  gunichar edge; /* typing: last typed; backspace: first deleted; delete: last deleted */
} Model;

static void snapshot_free(void *data)
{
  Snapshot *snap = data;
  g_free(snap->text);
  g_array_unref(snap->runs);
  g_free(snap);
}

static GArray *doc_runs(const Model *m)
{
  Document *doc = editor_document(m->ed);
  return document_get_runs(doc, document_start(doc), document_end(doc));
}

static Snapshot *snapshot_take(const Model *m, guint64 id)
{
  Snapshot *snap = g_new0(Snapshot, 1);
  snap->text = g_strndup(m->text->str, m->text->len);
  snap->runs = doc_runs(m);
  snap->cursor = editor_cursor(m->ed);
  snap->anchor = editor_anchor(m->ed);
  snap->id = id;
  return snap;
}

static guint64 model_state(const Model *m)
{
  return m->undo->len > 0 ? ((Snapshot *)m->undo->pdata[m->undo->len - 1])->id : m->base_id;
}

/* Flat byte offset of @pos in the model text. */
static gsize flat(const Model *m, DocPos pos)
{
  gsize at = 0;
  for (guint32 p = 0; p < pos.para; p++) {
    const char *nl = memchr(m->text->str + at, '\n', m->text->len - at);
    FUZZ_CHECK(nl != NULL);
    at = (gsize)(nl - m->text->str) + 1;
  }
  FUZZ_CHECK(at + pos.offset <= m->text->len);
  return at + pos.offset;
}

/* The model paragraph around flat offset @at: [*start, *end), without its "\n". */
static void para_bounds(const Model *m, gsize at, gsize *start, gsize *end)
{
  const char *s = m->text->str;
  gsize a = at, b = at;
  while (a > 0 && s[a - 1] != '\n')
    a--;
  while (b < m->text->len && s[b] != '\n')
    b++;
  *start = a;
  *end = b;
}

/* The cluster boundary at flat offset @at, or the one after (@forward) or
 * before it, as the segmenter sees the model's paragraph. */
static gsize model_snap(const Model *m, gsize at, bool forward)
{
  gsize a, b;
  para_bounds(m, at, &a, &b);
  const char *p = m->text->str + a;
  if (segmenter_is_grapheme(fonts.seg, p, b - a, at - a))
    return at;
  return a + (forward ? segmenter_next_grapheme(fonts.seg, p, b - a, at - a)
                      : segmenter_prev_grapheme(fonts.seg, p, b - a, at - a));
}

static void model_selection(const Model *m, gsize *a, gsize *b)
{
  DocPos start, end;
  editor_selection(m->ed, &start, &end);
  *a = flat(m, start);
  *b = flat(m, end);
}

/* "\r\n" and "\r" become "\n", as the editor documents. */
static char *normalize(const char *s)
{
  GString *out = g_string_new(NULL);
  for (; *s != '\0'; s++) {
    if (*s == '\r') {
      g_string_append_c(out, '\n');
      if (s[1] == '\n')
        s++;
    } else {
      g_string_append_c(out, *s);
    }
  }
  return g_string_free(out, FALSE);
}

/* The step a command made: @before is the state before it; @merged says it
 * joined the open group (no new undo entry). */
static void model_step(Model *m, Snapshot *before, bool merged)
{
  if (merged) {
    snapshot_free(before);
    return;
  }
  before->id = m->next_id++;
  g_ptr_array_add(m->undo, before);
  g_ptr_array_set_size(m->redo, 0);
}

/* The editor's cursor and anchor are both at flat offset @at. */
static void expect_collapsed_at(const Model *m, gsize at)
{
  FUZZ_CHECK(!editor_has_selection(m->ed));
  FUZZ_CHECK(flat(m, editor_cursor(m->ed)) == at);
}

/* ---------------------------------------------------------------- commands */

static const char *const texts[] = {
    /* the basics: letters, white space, breaks, invalid UTF-8 */
    "a",
    "b",
    " ",
    "\n",
    "é",
    "中",
    "😀",
    "ab c",
    "x\ny",
    "\r\n",
    "\r",
    "",
    "\xff",
    "a\xc3",
    "\t",
    "_",
    "q\n\nr ",
    "\xed\xa0\x80",
    "Zz9",
    "hello, world",
    ":",
    "!!",
    /* every script */
    "Ελληνικά",
    "привет",
    "Հայերեն",
    "ქართული",
    "مرحبا بالعالم",
    "שלום עולם",
    "हिन्दी",
    "क्षि",
    "ক্ষ",
    "தமிழ்",
    "ภาษาไทยง่ายนิดเดียว",
    "กี่",
    "ລາວ",
    "ខ្មែរ",
    "မြန်မာ",
    "བོད་",
    "한국어",
    "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab",
    "日本語のテキスト",
    "汉字",
    "ꦗꦮ",
    /* combining marks, alone and stacked */
    "\xcc\x81",
    "e\xcc\x82\xcc\x81",
    "\xe0\xa5\x8d",
    "\xe0\xb8\xb5",
    "\xe0\xb9\x88",
    "a\xcd\x8f\xcc\x81",
    /* ZWJ, ZWNJ, variation selectors, emoji sequences */
    "\xe2\x80\x8d",
    "\xe2\x80\x8c",
    "\xef\xb8\x8e",
    "\xef\xb8\x8f",
    "👨‍👩‍👧‍👦",
    "👍🏽",
    "🏽",
    "1\xef\xb8\x8f\xe2\x83\xa3",
    "\xe2\x83\xa3",
    "❤️",
    "🏳️‍🌈",
    /* regional indicators: a flag, lone ones */
    "🇯🇵",
    "🇯",
    "🇵",
    "🇫🇷🇩",
    /* bidi controls and marks */
    "\xe2\x80\xaa",
    "\xe2\x80\xab",
    "\xe2\x80\xac",
    "\xe2\x80\xad",
    "\xe2\x80\xae",
    "\xe2\x81\xa6",
    "\xe2\x81\xa7",
    "\xe2\x81\xa8",
    "\xe2\x81\xa9",
    "\xe2\x80\x8e",
    "\xe2\x80\x8f",
    "\xd8\x9c",
    "abc \xe2\x80\x8f(مرحبا)\xe2\x80\x8e def",
    /* prepend marks, separators, controls */
    "\xd8\x80",
    "\xd8\x80 ",
    "\xe2\x80\xa8",
    "\xef\xbb\xbf",
    "\xc2\xa0",
    "\x1b",
    "\x7f",
    /* raw-byte code points (bytes of a file that were not UTF-8), before a mark */
    "\xf4\x8f\xbc\x80",
    "\xf4\x8f\xbf\xbf",
    "\xf4\x8f\xbe\x80\xcc\x81",
    "\xe0\xa4\x95\xf4\x8f\xbe\x80",
};

/* Whether typed @c joins the open typing group: a word then its white space. */
static bool typing_joins(const Model *m, gunichar c)
{
  return m->group == GROUP_TYPING && !(g_unichar_isspace(m->edge) && !g_unichar_isspace(c));
}

static void cmd_insert(Model *m, const char *raw)
{
  g_autofree char *text = normalize(raw);
  bool valid = g_utf8_validate(text, -1, NULL);
  bool selection = editor_has_selection(m->ed);
  gsize a, b;
  model_selection(m, &a, &b);
  Snapshot *before = snapshot_take(m, 0);
  g_autoptr(GError) error = NULL;
  bool ok = editor_insert(m->ed, raw, &error);
  FUZZ_CHECK(ok == valid);
  FUZZ_CHECK(ok == (error == NULL));
  if (!valid || (*text == '\0' && !selection)) {
    snapshot_free(before); /* refused or empty: nothing happened, the group stays */
    return;
  }
  g_string_erase(m->text, (gssize)a, (gssize)(b - a));
  g_string_insert(m->text, (gssize)a, text);
  gsize end = a + strlen(text), cursor = model_snap(m, end, true);
  expect_collapsed_at(m, cursor);
  bool keystroke = !selection && *g_utf8_next_char(text) == '\0';
  gunichar c = g_utf8_get_char(text);
  model_step(m, before, keystroke && typing_joins(m, c));
  /* typing goes on in the group only where the group's text ends */
  m->group = keystroke && cursor == end ? GROUP_TYPING : GROUP_NONE;
  m->edge = c;
}

/* Where a deletion at flat [@a, @b) without a selection reaches: back to
 * segmenter_backspace() or on to the next cluster boundary, a paragraph break
 * being one character. */
static void deletion_range(const Model *m, bool backwards, gsize *a, gsize *b)
{
  gsize ps, pe;
  para_bounds(m, *a, &ps, &pe);
  const char *p = m->text->str + ps;
  if (backwards)
    *a = *a == ps ? *a - 1 : ps + segmenter_backspace(fonts.seg, p, pe - ps, *a - ps);
  else
    *b = *b == pe ? *b + 1 : ps + segmenter_next_grapheme(fonts.seg, p, pe - ps, *b - ps);
}

static void cmd_delete(Model *m, bool backwards)
{
  gsize a, b;
  model_selection(m, &a, &b);
  bool selection = a != b;
  Group kind = backwards ? GROUP_BACK : GROUP_DELETE;
  if (!selection) {
    if (backwards ? a == 0 : b == m->text->len) {
      backwards ? editor_backspace(m->ed) : editor_delete_forward(m->ed);
      return; /* nothing to delete: nothing happens, the group stays */
    }
    deletion_range(m, backwards, &a, &b);
  }
  /* a deletion may be several code points (a cluster): the group joins on its
   * first one, and its text then starts (Backspace) or ends (Delete) like it */
  gunichar c = g_utf8_get_char(m->text->str + a);
  gunichar last = g_utf8_get_char(g_utf8_prev_char(m->text->str + b));
  Snapshot *before = snapshot_take(m, 0);
  backwards ? editor_backspace(m->ed) : editor_delete_forward(m->ed);
  g_string_erase(m->text, (gssize)a, (gssize)(b - a));
  gsize cursor = model_snap(m, a, false);
  expect_collapsed_at(m, cursor);
  bool joins = !selection && m->group == kind &&
               (backwards ? !(g_unichar_isspace(c) && !g_unichar_isspace(m->edge))
                          : !(!g_unichar_isspace(c) && g_unichar_isspace(m->edge)));
  model_step(m, before, joins);
  /* deleting goes on in the group only from where the group's edits are */
  m->group = selection || cursor != a ? GROUP_NONE : kind;
  m->edge = backwards ? c : last;
}

static void cmd_clipboard(Model *m, uint8_t arg)
{
  gsize a, b;
  model_selection(m, &a, &b);
  g_autofree char *expect = a == b ? NULL : g_strndup(m->text->str + a, b - a);
  if (arg & 1) {
    g_autofree char *copied = editor_copy(m->ed);
    FUZZ_CHECK(g_strcmp0(copied, expect) == 0);
    return;
  }
  Snapshot *before = snapshot_take(m, 0);
  g_autofree char *cut = editor_cut(m->ed);
  FUZZ_CHECK(g_strcmp0(cut, expect) == 0);
  if (cut == NULL) {
    snapshot_free(before);
    return;
  }
  g_string_erase(m->text, (gssize)a, (gssize)(b - a));
  expect_collapsed_at(m, model_snap(m, a, false));
  model_step(m, before, false);
  m->group = GROUP_NONE;
}

static void cmd_style(Model *m, uint8_t arg)
{
  bool selection = editor_has_selection(m->ed);
  Snapshot *before = snapshot_take(m, 0);
  editor_set_style(m->ed, fonts.styles[arg % 3]);
  if (selection)
    model_step(m, before, false);
  else
    snapshot_free(before);
  m->group = GROUP_NONE;
}

static void check_runs(GArray *runs, GArray *want)
{
  FUZZ_CHECK(runs->len == want->len);
  for (guint i = 0; i < runs->len; i++) { /* field by field: StyleRun has padding */
    FUZZ_CHECK(g_array_index(runs, StyleRun, i).offset == g_array_index(want, StyleRun, i).offset);
    FUZZ_CHECK(g_array_index(runs, StyleRun, i).style == g_array_index(want, StyleRun, i).style);
  }
}

/* Undo (@undo) or redo: the model moves one snapshot across the stacks. */
static void cmd_history(Model *m, bool undo)
{
  GPtrArray *from = undo ? m->undo : m->redo, *to = undo ? m->redo : m->undo;
  Snapshot *current = snapshot_take(m, 0);
  bool ok = undo ? editor_undo(m->ed) : editor_redo(m->ed);
  FUZZ_CHECK(ok == (from->len > 0));
  if (!ok) {
    snapshot_free(current); /* nothing happened, the group stays */
    return;
  }
  Snapshot *target = g_ptr_array_steal_index(from, from->len - 1);
  current->id = target->id;
  current->cursor = target->cursor; /* the step's, not where the cursor is now */
  current->anchor = target->anchor;
  g_ptr_array_add(to, current);
  g_string_assign(m->text, target->text);
  g_autoptr(GArray) runs = doc_runs(m);
  check_runs(runs, target->runs);
  if (undo) { /* the cursor and anchor of before the step */
    FUZZ_CHECK(docpos_compare(editor_cursor(m->ed), target->cursor) == 0);
    FUZZ_CHECK(docpos_compare(editor_anchor(m->ed), target->anchor) == 0);
  }
  snapshot_free(target);
  m->group = GROUP_NONE;
}

static void cmd_move(Model *m, Input *in, uint8_t op)
{
  uint8_t arg = next_byte(in);
  Document *doc = editor_document(m->ed);
  switch (op) {
  case 0:
    editor_move(m->ed, (EditorMove)(arg % 8), arg & 8);
    break;
  case 1: { /* anywhere in the first 5 paragraphs, or (arg >= 128) in the whole document */
    guint32 para = arg < 128 ? arg % 5 : (arg - 128) * document_paragraph_count(doc) / 128;
    DocPos pos = {para, (guint32)next_byte(in) % 24};
    editor_set_cursor(m->ed, pos, arg & 8);
    break;
  }
  case 2:
    editor_select_all(m->ed);
    break;
  default: {
    DocPos pos = document_clamp(doc, (DocPos){(guint32)(arg % 5), (guint32)next_byte(in) % 24});
    editor_select_word(m->ed, pos);
    break;
  }
  }
  m->group = GROUP_NONE;
}

/* The view: the flyweight on/off (@op 0..7), scrolling (8..11) or a new width
 * (12..15). Positions and history are untouched; the group stays open. */
static void cmd_view(Model *m, uint8_t op, uint8_t arg)
{
  if (op < 8) {
    g_autoptr(GError) error = NULL;
    FUZZ_CHECK(view_set_sharing(m->view, arg & 1, G_MAXUINT64, &error));
    FUZZ_CHECK(view_get_sharing(m->view) == (bool)(arg & 1));
  } else if (op < 12) {
    view_scroll_to(m->view, (gint64)arg * 16);
  } else {
    view_set_size(m->view, 8 + arg * 4, 300);
  }
}

static void cmd_save(Model *m, uint8_t arg)
{
  if (arg % 4 == 0) {
    editor_reset(m->ed);
    g_ptr_array_set_size(m->undo, 0);
    g_ptr_array_set_size(m->redo, 0);
    m->base_id = m->saved_id = m->next_id++;
  } else {
    editor_mark_saved(m->ed);
    m->saved_id = model_state(m);
  }
  m->group = GROUP_NONE;
}

/* Raw input bytes (mostly not UTF-8: refused), or (@op odd) one to three
 * code points from the input, anywhere in U+0001..U+10FFFF but surrogates:
 * unassigned ones, private use and the raw-byte code points included. */
static void cmd_raw_insert(Model *m, Input *in, uint8_t op)
{
  char raw[16] = {0};
  guint n = next_byte(in) % 8;
  if (op & 1) {
    gsize at = 0;
    for (guint i = 0; i <= n % 3; i++) {
      guint32 hi = next_byte(in), mid = next_byte(in), lo = next_byte(in);
      gunichar cp = ((hi << 16) | (mid << 8) | lo) % 0x110000;
      if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
      at += (gsize)g_unichar_to_utf8(cp, raw + at);
    }
  } else {
    for (guint i = 0; i < n; i++)
      raw[i] = (char)next_byte(in);
  }
  cmd_insert(m, raw);
}

/* Many lines at once (a paste of 300 to 3,300 lines, or one line of 17 to
 * 68 KB), so that the document's blocks split, merge and stand alone; none
 * once the document holds FUZZ_BULK_MAX_BYTES (each command's checks read
 * the whole text). A long line with a bidi control once took seconds per
 * edit under the sanitizers (every line it wraps into resolved the whole
 * paragraph) and timed out: the layout keeps the paragraph's levels now. */
#define FUZZ_BULK_MAX_BYTES (160u << 10)
static void cmd_bulk_insert(Model *m, Input *in)
{
  guint lines = 300 + next_byte(in) * 12, width = next_byte(in) % 64;
  /* large enough to hold several blocks: more only slows every check down */
  if (document_byte_count(editor_document(m->ed)) > FUZZ_BULK_MAX_BYTES)
    return;
  if (width == 63) { /* one paragraph longer than a block of several */
    lines = 1;
    width = 17000 + next_byte(in) * 200;
  }
  GString *s = g_string_sized_new(lines * (width + 1));
  for (guint i = 0; i < lines; i++) {
    for (guint k = 0; k < width; k++)
      g_string_append_c(s, k % 6 == 5 ? ' ' : (char)('a' + (i + k) % 26));
    g_string_append_c(s, '\n');
  }
  cmd_insert(m, s->str);
  g_string_free(s, TRUE);
}

static void run_command(Model *m, Input *in)
{
  uint8_t op = next_byte(in);
  switch (op % 16) {
  case 0:
  case 1:
  case 2:
  case 3:
    cmd_insert(m, texts[next_byte(in) % G_N_ELEMENTS(texts)]);
    break;
  case 4:
    if ((op >> 4) >= 13)
      cmd_bulk_insert(m, in);
    else
      cmd_raw_insert(m, in, (uint8_t)(op >> 4));
    break;
  case 5:
    cmd_delete(m, true);
    break;
  case 6:
    cmd_delete(m, false);
    break;
  case 7:
  case 8:
    cmd_move(m, in, (uint8_t)(op >> 4));
    break;
  case 9:
    cmd_style(m, next_byte(in));
    break;
  case 10:
    cmd_view(m, (uint8_t)(op >> 4), next_byte(in));
    break;
  case 11:
  case 12:
    cmd_history(m, true);
    break;
  case 13:
    cmd_history(m, false);
    break;
  case 14:
    cmd_clipboard(m, next_byte(in));
    break;
  default:
    cmd_save(m, next_byte(in));
    break;
  }
}

/* ---------------------------------------------------------------- checks */

static bool on_cluster_boundary(const Document *doc, DocPos pos)
{
  guint32 len;
  const char *text = document_paragraph_text(doc, pos.para, &len);
  return segmenter_is_grapheme(fonts.seg, text, len, pos.offset);
}

static void check(const Model *m)
{
  Document *doc = editor_document(m->ed);
  gsize len = 0;
  g_autofree char *text = document_get_text_len(doc, document_start(doc), document_end(doc), &len);
  FUZZ_CHECK(len == m->text->len && memcmp(text, m->text->str, m->text->len) == 0);
  FUZZ_CHECK(g_utf8_validate_len(text, len, NULL));
  g_autoptr(GError) error = NULL;
  if (!document_check(doc, &error)) {
    fprintf(stderr, "document: %s\n", error->message);
    abort();
  }
  DocPos cursor = editor_cursor(m->ed), anchor = editor_anchor(m->ed);
  FUZZ_CHECK(docpos_compare(document_clamp(doc, cursor), cursor) == 0);
  FUZZ_CHECK(docpos_compare(document_clamp(doc, anchor), anchor) == 0);
  FUZZ_CHECK(on_cluster_boundary(doc, cursor));
  FUZZ_CHECK(on_cluster_boundary(doc, anchor));
  guint n_pieces;
  (void)view_visible(m->view, &n_pieces);
  if (!view_check_refcounts(m->view, NULL, &error)) {
    fprintf(stderr, "refcounts: %s\n", error->message);
    abort();
  }
  FUZZ_CHECK(editor_undo_steps(m->ed) == m->undo->len);
  FUZZ_CHECK(editor_can_undo(m->ed) == (m->undo->len > 0));
  FUZZ_CHECK(editor_can_redo(m->ed) == (m->redo->len > 0));
  FUZZ_CHECK(editor_modified(m->ed) == (model_state(m) != m->saved_id));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  fonts_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fonts_init();
  Model m = {0};
  m.ed = editor_new(fonts.factory, fonts.seg, fonts.styles[0]);
  m.view = view_new(editor_document(m.ed), fonts.layout, 400, 300);
  m.text = g_string_new(NULL);
  m.undo = g_ptr_array_new_with_free_func(snapshot_free);
  m.redo = g_ptr_array_new_with_free_func(snapshot_free);
  m.next_id = 1;
  Input in = {data, size, 0};
  for (int i = 0; i < FUZZ_MAX_COMMANDS && in.at < in.size; i++) {
    run_command(&m, &in);
    check(&m);
  }
  /* Undoing everything comes back to the empty document (or the last reset). */
  while (editor_undo(m.ed))
    ;
  g_autofree char *text = document_get_all_text(editor_document(m.ed));
  FUZZ_CHECK(m.undo->len == 0 || strcmp(text, ((Snapshot *)m.undo->pdata[0])->text) == 0);
  /* The view gives back its references (and the factory goes back on). */
  view_free(m.view);
  FUZZ_CHECK(glyph_factory_get_sharing(fonts.factory));
  GlyphFactoryStats st;
  glyph_factory_get_stats(fonts.factory, &st);
  FUZZ_CHECK(st.private_alive == 0);
  editor_free(m.ed);
  g_string_free(m.text, TRUE);
  g_ptr_array_unref(m.undo);
  g_ptr_array_unref(m.redo);
  return 0;
}
