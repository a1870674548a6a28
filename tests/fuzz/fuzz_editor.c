/* fuzz_editor.c — libFuzzer target: the editor's commands against a model.
 *
 * The input is a sequence of commands, one byte for the command and one or
 * more for its argument (missing bytes read as 0): insert a short text from a
 * table (newlines, CRLF, multibyte characters, invalid UTF-8) or raw input
 * bytes, backspace, delete, move, set the cursor, select all/word, restyle among
 * three styles, flyweight on/off, undo, redo, cut/copy, save, reset.
 *
 * The model is written independently of editor.c: a GString holding the text,
 * edited by flat byte offsets; for undo/redo, stacks of snapshots (the model
 * text and the document's style runs before each step, and a state id). It
 * also predicts the grouping rule from the editor's contract (single typed
 * characters group as [word][white space]; backspaces and forward deletes
 * likewise; anything else is a step of its own, and a move, selection, style
 * change, undo/redo or save ends a group), so a wrong grouping shows as an
 * undo-stack depth that differs from the model's.
 *
 * Checked after every command, abort() on any mismatch:
 *  - document_get_all_text equals the model text;
 *  - document_check_refcounts passes;
 *  - cursor and anchor are valid positions (document_clamp leaves them alone);
 *  - undo depth, can_redo, and the modified flag agree with the model;
 *  - after undo/redo, the document's style runs equal the snapshot's exactly.
 *
 * The typeface set and factory are built once per process, in
 * LLVMFuzzerInitialize (FreeType and fontconfig setup is far slower than a
 * run); each input gets a new Editor, freed at its end, so per-input leak
 * checking stays meaningful. */
#include <string.h>

#include "editor.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
const char *__lsan_default_suppressions(void);

/* fontconfig keeps a process-wide cache that it never frees: not ours to check. */
const char *__lsan_default_suppressions(void)
{
  return "leak:libfontconfig.so\n";
}

#define FUZZ_MAX_COMMANDS 400

/* Process-wide fonts: created on the first input, never freed (libFuzzer exits). */
static struct {
  TypefaceSet *set;
  GlyphFactory *factory;
  StyleId styles[3];
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
  char *text;   /* the model text at that state */
  GArray *runs; /* the document's runs at that state */
  guint64 id;   /* the id of the step this entry undoes or redoes */
} Snapshot;

typedef struct {
  Editor *ed;
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

/* ---------------------------------------------------------------- commands */

static const char *const texts[] = {
    "a",  "b", " ",    "\n",    "é",  "中", "😀",       "ab c",         "x\ny", "\r\n",
    "\r", "",  "\xff", "a\xc3", "\t", "_",  "q\n\nr ", "\xed\xa0\x80", "Zz9",
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
  bool keystroke = !selection && *g_utf8_next_char(text) == '\0';
  gunichar c = g_utf8_get_char(text);
  model_step(m, before, keystroke && typing_joins(m, c));
  m->group = keystroke ? GROUP_TYPING : GROUP_NONE;
  m->edge = c;
}

/* The character before/after flat offset @at in the model. */
static gsize char_len_before(const Model *m, gsize at)
{
  const char *p = m->text->str + at;
  return (gsize)(p - g_utf8_prev_char(p));
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
    if (backwards)
      a -= char_len_before(m, a);
    else
      b = (gsize)(g_utf8_next_char(m->text->str + b) - m->text->str);
  }
  gunichar c = g_utf8_get_char(m->text->str + a);
  Snapshot *before = snapshot_take(m, 0);
  backwards ? editor_backspace(m->ed) : editor_delete_forward(m->ed);
  g_string_erase(m->text, (gssize)a, (gssize)(b - a));
  bool joins = !selection && m->group == kind &&
               (backwards ? !(g_unichar_isspace(c) && !g_unichar_isspace(m->edge))
                          : !(!g_unichar_isspace(c) && g_unichar_isspace(m->edge)));
  model_step(m, before, joins);
  m->group = selection ? GROUP_NONE : kind;
  m->edge = c;
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
  g_ptr_array_add(to, current);
  g_string_assign(m->text, target->text);
  g_autoptr(GArray) runs = doc_runs(m);
  FUZZ_CHECK(runs->len == target->runs->len);
  for (guint i = 0; i < runs->len; i++) { /* field by field: StyleRun has padding */
    FUZZ_CHECK(g_array_index(runs, StyleRun, i).offset ==
               g_array_index(target->runs, StyleRun, i).offset);
    FUZZ_CHECK(g_array_index(runs, StyleRun, i).style ==
               g_array_index(target->runs, StyleRun, i).style);
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
  case 1: {
    DocPos pos = {(guint32)(arg % 5), (guint32)next_byte(in) % 24};
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

static void cmd_sharing(Model *m, uint8_t arg)
{
  g_autoptr(GError) error = NULL;
  /* Positions and history are untouched; the group stays open. */
  FUZZ_CHECK(editor_set_sharing(m->ed, arg & 1, G_MAXUINT64, &error));
  FUZZ_CHECK(document_get_sharing(editor_document(m->ed)) == (bool)(arg & 1));
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

static void cmd_raw_insert(Model *m, Input *in)
{
  char raw[8] = {0};
  guint n = next_byte(in) % 8;
  for (guint i = 0; i < n; i++)
    raw[i] = (char)next_byte(in);
  cmd_insert(m, raw);
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
    cmd_raw_insert(m, in);
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
    cmd_sharing(m, next_byte(in));
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

static void check(const Model *m)
{
  Document *doc = editor_document(m->ed);
  g_autofree char *text = document_get_all_text(doc);
  FUZZ_CHECK(strlen(text) == m->text->len && memcmp(text, m->text->str, m->text->len) == 0);
  g_autoptr(GError) error = NULL;
  if (!document_check_refcounts(doc, &error)) {
    fprintf(stderr, "refcounts: %s\n", error->message);
    abort();
  }
  DocPos cursor = editor_cursor(m->ed), anchor = editor_anchor(m->ed);
  FUZZ_CHECK(docpos_compare(document_clamp(doc, cursor), cursor) == 0);
  FUZZ_CHECK(docpos_compare(document_clamp(doc, anchor), anchor) == 0);
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
  /* The factory's mode outlives an input (a new document inherits it): put it
   * back on so that every input runs the same from the same start. */
  glyph_factory_set_sharing(fonts.factory, true);
  Model m = {0};
  m.ed = editor_new(fonts.factory, fonts.styles[0]);
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
  editor_free(m.ed);
  g_string_free(m.text, TRUE);
  g_ptr_array_unref(m.undo);
  g_ptr_array_unref(m.redo);
  return 0;
}
