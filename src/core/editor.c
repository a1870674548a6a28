/* editor.c — cursor, selection, editing commands and typing style over a
 * Document. Each command that changes the text records its edits as one step
 * of the editor's UndoHistory (undo_history.c: the Edit and Step records, undo
 * and redo, the modified flag, the size limit); this file decides which
 * keystrokes join a step.
 *
 * Positions. The cursor and the anchor are DocPos values (paragraph, byte
 * offset) kept on grapheme cluster boundaries of the current text; the
 * selection is the range between them. Every command that changes the text
 * leaves both on valid positions (an edit can merge the text around them into
 * one cluster: snap_to_cluster), so no other code has to re-validate them.
 * The cursor also keeps its affinity (layout.h), the side it was moved to on
 * screen: only editor_set_caret sets it, typing leaves the caret upstream
 * (with what was typed, also at the end of a wrapped line) and everything
 * else downstream, so a side never outlives the move that chose it.
 *
 * Grouping. A single typed character (or "\n") joins the step on top of the undo
 * stack when that step is still "open" and of the same kind; any cursor move,
 * selection, restyle, style change, undo/redo, save, reset or other kind of
 * edit closes it. Within a run of typing, a step is a word followed by the
 * white space after it: a non-space character typed after a space or newline
 * starts a new step. So typing "hello world" and undoing once leaves "hello "
 * (the trailing space belongs to the first word's step), and a second undo
 * leaves "". Backspace and forward delete group the same way, mirrored: the
 * deleted text of one step is again [word][white space].
 *
 * Memory. After a command, when the document or the undo history has shrunk
 * by EDITOR_GIVE_BACK_BYTES or more from its largest since the last time (an
 * undone paste, a redo stack cleared, old steps dropped, a smaller file loaded
 * before editor_reset), the freed heap goes back to the system
 * (memory_give_back.h). Each is watched on its own: deleting a large selection
 * moves its text from the document into the history, and the document's
 * storage is freed all the same. */
#include "editor.h"
#include "memory_give_back.h"
#include "undo_history.h"

#include <string.h>

/* How much the document or the history must shrink before a command gives the
 * heap back. A trim walks the free chunks (memory_give_back.c has the figures:
 * 10 to 30 ms for a million of them, 0.02 ms for none): 1 MiB freed is at most
 * about 20,000 small blocks, so a trim after it costs about what freeing them
 * did, a fraction of a millisecond, plus the walk over chunks already free;
 * typing and Backspace, which free a few bytes at a time, never trim. */
#define EDITOR_GIVE_BACK_BYTES (G_GUINT64_CONSTANT(1) << 20)

struct Editor {
  Document *doc;        /* owned */
  Segmenter *seg;       /* clusters and words; not owned */
  DocPos cursor;        /* where typing goes; the moving end of the selection */
  DocPos anchor;        /* the selection's fixed end; equal to cursor when none */
  StyleId typing_style; /* set without a selection since the last move, or STYLE_NONE */
  UndoHistory history;  /* undo and redo steps, the open group, the saved state */
  guint64 generation;   /* bumped on every change of the text or its styles */
  /* the cursor's side (layout.h), where its offset has two places */
  CaretAffinity affinity;
  guint64 text_high;  /* text_size() at its largest since memory was last given back */
  gsize history_high; /* the history's bytes at their largest since then */
  bool told_dropped;  /* editor_take_undo_dropped() said so since the last reset */
};

/* ---------------------------------------------------------------- helpers */

static guint32 para_len(const Document *doc, guint32 para)
{
  guint32 len = 0;
  document_paragraph_text(doc, para, &len);
  return len;
}

static bool docpos_equal(DocPos a, DocPos b)
{
  return a.para == b.para && a.offset == b.offset;
}

/* Bytes of [@start, @end) as document_get_text would return them. */
static guint64 span_bytes(const Document *doc, DocPos start, DocPos end)
{
  if (start.para == end.para)
    return end.offset - start.offset;
  guint64 bytes = para_len(doc, start.para) - start.offset + 1;
  for (guint32 p = start.para + 1; p < end.para; p++)
    bytes += (guint64)para_len(doc, p) + 1;
  return bytes + end.offset;
}

/* The document's size as give_back_if_freed() watches it: its UTF-8 and a
 * byte per paragraph (a file of empty lines is not nothing). */
static guint64 text_size(const Document *doc)
{
  return document_byte_count(doc) + document_paragraph_count(doc);
}

/* After a command: gives the freed heap back to the system when the document
 * or the history has shrunk by EDITOR_GIVE_BACK_BYTES or more from its largest
 * since the last time ("Memory" above). */
static void give_back_if_freed(Editor *editor)
{
  guint64 text = text_size(editor->doc);
  gsize history = editor->history.bytes;
  editor->text_high = MAX(editor->text_high, text);
  editor->history_high = MAX(editor->history_high, history);
  if (editor->text_high - text < EDITOR_GIVE_BACK_BYTES &&
      editor->history_high - history < EDITOR_GIVE_BACK_BYTES)
    return;
  memory_give_back();
  editor->text_high = text;
  editor->history_high = history;
}

/* Puts the cursor and the anchor at @pos (after an edit). */
static void put_cursor(Editor *editor, DocPos pos, CaretAffinity affinity)
{
  editor->cursor = editor->anchor = pos;
  editor->affinity = affinity;
}

/* ---------------------------------------------------------------- clusters and words */

/* The grapheme cluster boundary after @pos, crossing into the next paragraph
 * at a paragraph's end (document_next_char's rule, by clusters). */
static DocPos next_cluster(const Editor *editor, DocPos pos)
{
  guint32 len;
  const char *text = document_paragraph_text(editor->doc, pos.para, &len);
  if (pos.offset < len)
    return (DocPos){pos.para, (guint32)segmenter_next_grapheme(editor->seg, text, len, pos.offset)};
  return document_next_char(editor->doc, pos);
}

/* The grapheme cluster boundary before @pos, crossing paragraphs the same way. */
static DocPos prev_cluster(const Editor *editor, DocPos pos)
{
  guint32 len;
  const char *text = document_paragraph_text(editor->doc, pos.para, &len);
  if (pos.offset > 0)
    return (DocPos){pos.para, (guint32)segmenter_prev_grapheme(editor->seg, text, len, pos.offset)};
  return document_prev_char(editor->doc, pos);
}

/* @pos if it is a cluster boundary, else the boundary after it (@forward) or
 * before it. An edit can make the text around a position one cluster with its
 * neighbours (a regional indicator typed before a flag, a ZWJ typed between two
 * emoji, the letter between a ZWJ and an emoji deleted), and a position from
 * outside may fall inside one: the cursor and anchor go through this. */
static DocPos snap_to_cluster(const Editor *editor, DocPos pos, bool forward)
{
  guint32 len;
  const char *text = document_paragraph_text(editor->doc, pos.para, &len);
  if (segmenter_is_grapheme(editor->seg, text, len, pos.offset))
    return pos;
  gsize at = forward ? segmenter_next_grapheme(editor->seg, text, len, pos.offset)
                     : segmenter_prev_grapheme(editor->seg, text, len, pos.offset);
  return (DocPos){pos.para, (guint32)at};
}

/* Appends @src's runs to @dst, shifted by @shift; merges a run that continues @dst's last. */
static void runs_append(GArray *dst, const StyleRun *src, guint n, guint64 shift)
{
  for (guint i = 0; i < n; i++) {
    StyleRun run = {(guint32)(src[i].offset + shift), src[i].style};
    if (dst->len > 0 && g_array_index(dst, StyleRun, dst->len - 1).style == run.style)
      continue;
    g_array_append_val(dst, run);
  }
}

/* The text with "\r\n" and "\r" turned into "\n", so that what the document
 * holds ("\n" between paragraphs) is byte for byte what the undo record holds. */
static char *normalize_breaks(const char *utf8)
{
  char *out = g_malloc(strlen(utf8) + 1);
  char *o = out;
  for (const char *s = utf8; *s != '\0'; s++) {
    if (*s == '\r') {
      *o++ = '\n';
      if (s[1] == '\n')
        s++;
    } else {
      *o++ = *s;
    }
  }
  *o = '\0';
  return out;
}

/* ---------------------------------------------------------------- steps */

static Edit *step_last_edit(Step *step)
{
  return &g_array_index(step->edits, Edit, step->edits->len - 1);
}

/* A new, empty step on top of the undo stack, from the cursor and anchor as
 * they are; clears the redo stack. */
static Step *step_begin(Editor *editor, StepKind kind)
{
  return undo_history_begin(&editor->history, kind, editor->cursor, editor->anchor);
}

/* Records the cursor after @step and its new size; trims the history. The
 * text or its styles changed. */
static void step_end(Editor *editor, Step *step)
{
  undo_history_end(&editor->history, step, editor->cursor, editor->anchor);
  editor->generation++;
  give_back_if_freed(editor);
}

/* The open step of @kind on top of the undo stack, or NULL. */
static Step *open_step(Editor *editor, StepKind kind)
{
  return undo_history_open_step(&editor->history, kind);
}

static void close_group(Editor *editor)
{
  undo_history_close_group(&editor->history);
}

/* ---------------------------------------------------------------- lifecycle */

Editor *editor_new(GlyphFactory *factory, Segmenter *segmenter, StyleId style)
{
  g_return_val_if_fail(factory != NULL && segmenter != NULL, NULL);
  Editor *editor = g_new0(Editor, 1);
  editor->seg = segmenter;
  editor->doc = document_new(factory, style);
  editor->typing_style = STYLE_NONE;
  undo_history_init(&editor->history);
  return editor;
}

void editor_free(Editor *editor)
{
  if (editor == NULL)
    return;
  undo_history_clear(&editor->history);
  document_free(editor->doc);
  g_free(editor);
}

Document *editor_document(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, NULL);
  return editor->doc;
}

void editor_reset(Editor *editor)
{
  g_return_if_fail(editor != NULL);
  undo_history_reset(&editor->history);
  editor->typing_style = STYLE_NONE;
  put_cursor(editor, document_start(editor->doc), CARET_DOWNSTREAM);
  editor->generation++;
  editor->told_dropped = false;
  give_back_if_freed(editor);
}

void editor_set_undo_limit(Editor *editor, gsize bytes)
{
  g_return_if_fail(editor != NULL);
  undo_history_set_limit(&editor->history, bytes);
  give_back_if_freed(editor);
}

gsize editor_undo_limit(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, 0);
  return editor->history.limit;
}

guint64 editor_undo_dropped(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, 0);
  return editor->history.dropped;
}

bool editor_take_undo_dropped(Editor *editor)
{
  g_return_val_if_fail(editor != NULL, false);
  if (editor->told_dropped || editor->history.dropped == 0)
    return false;
  editor->told_dropped = true;
  return true;
}

guint editor_undo_steps(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, 0);
  return editor->history.undo.length;
}

gsize editor_undo_bytes(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, 0);
  return editor->history.bytes;
}

/* ---------------------------------------------------------------- cursor */

DocPos editor_cursor(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, ((DocPos){0, 0}));
  return editor->cursor;
}

DocPos editor_anchor(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, ((DocPos){0, 0}));
  return editor->anchor;
}

bool editor_has_selection(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, false);
  return !docpos_equal(editor->cursor, editor->anchor);
}

void editor_selection(const Editor *editor, DocPos *start, DocPos *end)
{
  g_return_if_fail(editor != NULL && start != NULL && end != NULL);
  bool forward = docpos_compare(editor->anchor, editor->cursor) <= 0;
  *start = forward ? editor->anchor : editor->cursor;
  *end = forward ? editor->cursor : editor->anchor;
}

/* Every cursor move ends a typing group and forgets the typing style; the
 * caret stands downstream unless the move says otherwise. */
static void place_cursor(Editor *editor, DocPos pos, bool extend)
{
  editor->cursor = pos;
  editor->affinity = CARET_DOWNSTREAM;
  if (!extend)
    editor->anchor = pos;
  editor->typing_style = STYLE_NONE;
  close_group(editor);
}

/* Whether a word (not spaces or punctuation) ends at the end of @text, after @from. */
static bool word_ends_text(const Editor *editor, const char *text, guint32 len, guint32 from)
{
  if (len <= from)
    return false;
  gsize last = (gsize)(g_utf8_prev_char(text + len) - text), start, end;
  return segmenter_word_at(editor->seg, text, len, last, &start, &end) && end > from;
}

/* Ctrl+Right: the end of the next word (UAX #29, with dictionaries for Thai
 * and CJK), crossing paragraphs until one is found. */
static DocPos word_right(const Editor *editor, DocPos pos)
{
  guint32 n = document_paragraph_count(editor->doc), len;
  for (;;) {
    const char *text = document_paragraph_text(editor->doc, pos.para, &len);
    gsize end = segmenter_next_word_end(editor->seg, text, len, pos.offset);
    if (end < len || pos.para + 1 >= n || word_ends_text(editor, text, len, pos.offset))
      return snap_to_cluster(editor, (DocPos){pos.para, (guint32)end}, true);
    pos = (DocPos){pos.para + 1, 0};
  }
}

/* Whether a word (not spaces or punctuation) starts the text, before @before. */
static bool word_starts_text(const Editor *editor, const char *text, guint32 len, guint32 before)
{
  gsize start, end;
  return before > 0 && len > 0 && segmenter_word_at(editor->seg, text, len, 0, &start, &end);
}

/* Ctrl+Left: the start of the previous word, crossing paragraphs likewise
 * (segmenter_prev_word_start's 0 is a word's start only when a word is there). */
static DocPos word_left(const Editor *editor, DocPos pos)
{
  guint32 len;
  for (;;) {
    const char *text = document_paragraph_text(editor->doc, pos.para, &len);
    gsize start = segmenter_prev_word_start(editor->seg, text, len, pos.offset);
    if (start > 0 || pos.para == 0 || word_starts_text(editor, text, len, pos.offset))
      return snap_to_cluster(editor, (DocPos){pos.para, (guint32)start}, false);
    pos = (DocPos){pos.para - 1, para_len(editor->doc, pos.para - 1)};
  }
}

/* Where @move takes the cursor. Left/right without Shift collapse a selection to its side. */
static DocPos move_target(const Editor *editor, EditorMove move, bool extend)
{
  const Document *doc = editor->doc;
  DocPos pos = editor->cursor, start, end;
  editor_selection(editor, &start, &end);
  bool collapse = !extend && editor_has_selection(editor);
  switch (move) {
  case EDITOR_MOVE_LEFT:
    return collapse ? start : prev_cluster(editor, pos);
  case EDITOR_MOVE_RIGHT:
    return collapse ? end : next_cluster(editor, pos);
  case EDITOR_MOVE_WORD_LEFT:
    return word_left(editor, pos);
  case EDITOR_MOVE_WORD_RIGHT:
    return word_right(editor, pos);
  case EDITOR_MOVE_PARA_START:
    return (DocPos){pos.para, 0};
  case EDITOR_MOVE_PARA_END:
    return (DocPos){pos.para, para_len(doc, pos.para)};
  case EDITOR_MOVE_DOC_START:
    return document_start(doc);
  case EDITOR_MOVE_DOC_END:
    return document_end(doc);
  }
  return pos;
}

void editor_move(Editor *editor, EditorMove move, bool extend)
{
  g_return_if_fail(editor != NULL);
  place_cursor(editor, move_target(editor, move, extend), extend);
}

void editor_set_cursor(Editor *editor, DocPos pos, bool extend)
{
  g_return_if_fail(editor != NULL);
  place_cursor(editor, snap_to_cluster(editor, document_clamp(editor->doc, pos), false), extend);
}

CaretAffinity editor_cursor_affinity(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, CARET_DOWNSTREAM);
  return editor->affinity;
}

void editor_set_caret(Editor *editor, DocPos pos, CaretAffinity affinity, bool extend)
{
  g_return_if_fail(editor != NULL);
  DocPos at = snap_to_cluster(editor, document_clamp(editor->doc, pos), false);
  place_cursor(editor, at, extend);
  if (docpos_compare(at, pos) == 0) /* a side of another position would mean nothing */
    editor->affinity = affinity;
}

void editor_select_all(Editor *editor)
{
  g_return_if_fail(editor != NULL);
  place_cursor(editor, document_start(editor->doc), false);
  place_cursor(editor, document_end(editor->doc), true);
}

/* The @unit around @pos: [*@start, *@end). */
static void unit_at(const Editor *editor, EditorUnit unit, DocPos pos, DocPos *start, DocPos *end)
{
  const Document *doc = editor->doc;
  pos = document_clamp(doc, pos);
  guint32 len;
  const char *text = document_paragraph_text(doc, pos.para, &len);
  if (unit == EDITOR_UNIT_PARAGRAPH) {
    *start = (DocPos){pos.para, 0};
    *end = (DocPos){pos.para, len};
    return;
  }
  gsize from = pos.offset, to = pos.offset;
  segmenter_word_at(editor->seg, text, len, pos.offset, &from, &to);
  /* UAX #29 words may end inside a cluster (after a prepend mark such as
   * U+0600, which joins the space after it): select whole clusters */
  *start = snap_to_cluster(editor, (DocPos){pos.para, (guint32)from}, false);
  *end = snap_to_cluster(editor, (DocPos){pos.para, (guint32)to}, true);
}

void editor_select_word(Editor *editor, DocPos pos)
{
  g_return_if_fail(editor != NULL);
  editor_select_units(editor, EDITOR_UNIT_WORD, pos, pos);
}

void editor_select_units(Editor *editor, EditorUnit unit, DocPos origin, DocPos to)
{
  g_return_if_fail(editor != NULL);
  DocPos origin_start, origin_end, to_start, to_end;
  unit_at(editor, unit, origin, &origin_start, &origin_end);
  unit_at(editor, unit, to, &to_start, &to_end);
  bool backwards = docpos_compare(to_start, origin_start) < 0;
  place_cursor(editor, backwards ? origin_end : origin_start, false);
  place_cursor(editor, backwards ? to_start : to_end, true);
}

/* ---------------------------------------------------------------- styles */

/* The style of existing text that typing here continues: the selection's
 * first character, else the character before the cursor in its paragraph,
 * else the one after (or the empty paragraph's own style). */
static StyleId style_at_caret(const Editor *editor)
{
  DocPos start, end;
  editor_selection(editor, &start, &end);
  if (docpos_equal(start, end) && start.offset > 0)
    return document_style_at(editor->doc, document_prev_char(editor->doc, start));
  return document_style_at(editor->doc, start);
}

StyleId editor_style(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, STYLE_NONE);
  return editor->typing_style != STYLE_NONE ? editor->typing_style : style_at_caret(editor);
}

void editor_set_style(Editor *editor, StyleId style)
{
  g_return_if_fail(editor != NULL && style != STYLE_NONE);
  close_group(editor);
  if (!editor_has_selection(editor)) {
    editor->typing_style = style;
    return;
  }
  DocPos start, end;
  editor_selection(editor, &start, &end);
  Step *step = step_begin(editor, STEP_OTHER);
  Edit edit = {.kind = EDIT_RESTYLE, .start = start, .end = end, .style = style};
  edit.runs = document_get_runs(editor->doc, start, end);
  edit.span = span_bytes(editor->doc, start, end);
  g_array_append_val(step->edits, edit);
  document_restyle(editor->doc, start, end, style);
  step_end(editor, step);
}

/* ---------------------------------------------------------------- deleting */

/* The line endings of paragraphs [@first, @last]. */
static GByteArray *endings_of(const Document *doc, guint32 first, guint32 last)
{
  GByteArray *endings = g_byte_array_sized_new(last - first + 1);
  for (guint32 p = first; p <= last; p++) {
    guint8 e = (guint8)document_paragraph_ending(doc, p);
    g_byte_array_append(endings, &e, 1);
  }
  return endings;
}

/* Reads [@start, @end) into a delete record. */
static Edit delete_record(const Document *doc, DocPos start, DocPos end)
{
  gsize len = 0;
  g_autofree char *text = document_get_text_len(doc, start, end, &len);
  Edit edit = {.kind = EDIT_DELETE, .start = start};
  edit.text = g_string_new_len(text, (gssize)len); /* U+0000 is text too */
  edit.runs = document_get_runs(doc, start, end);
  if (end.para > start.para) /* the endings of the lines it joins, for undo */
    edit.endings = endings_of(doc, start.para, end.para - 1);
  return edit;
}

/* Deletes [@start, @end) as a step of its own. */
static void delete_range(Editor *editor, DocPos start, DocPos end)
{
  close_group(editor);
  Step *step = step_begin(editor, STEP_OTHER);
  Edit edit = delete_record(editor->doc, start, end);
  g_array_append_val(step->edits, edit);
  document_delete(editor->doc, start, end);
  put_cursor(editor, snap_to_cluster(editor, start, false), CARET_DOWNSTREAM);
  step_end(editor, step);
}

/* Deletes the selection as a step of its own. */
static void delete_selection(Editor *editor)
{
  DocPos start, end;
  editor_selection(editor, &start, &end);
  delete_range(editor, start, end);
}

/* Whether one more deleted character @c may join the group: the group's text
 * stays [word][white space]. @before: @c precedes the group's text. */
static bool delete_joins(const GString *group, gunichar c, bool before)
{
  if (before) {
    gunichar first = g_utf8_get_char(group->str);
    return !(g_unichar_isspace(c) && !g_unichar_isspace(first));
  }
  gunichar last = g_utf8_get_char(g_utf8_prev_char(group->str + group->len));
  return !(!g_unichar_isspace(c) && g_unichar_isspace(last));
}

/* The endings of two deleted texts joined, @first's line breaks before
 * @second's (each NULL when its text has none); takes both. */
static GByteArray *join_endings(GByteArray *first, GByteArray *second)
{
  if (first == NULL)
    return second;
  if (second != NULL) {
    g_byte_array_append(first, second->data, second->len);
    g_byte_array_unref(second);
  }
  return first;
}

/* Prepends @add (deleted just before @edit's text) to @edit. */
static void edit_prepend(Edit *edit, Edit *add)
{
  GArray *runs = g_array_new(FALSE, FALSE, sizeof(StyleRun));
  runs_append(runs, (const StyleRun *)(void *)add->runs->data, add->runs->len, 0);
  runs_append(runs, (const StyleRun *)(void *)edit->runs->data, edit->runs->len, add->text->len);
  g_array_unref(edit->runs);
  edit->runs = runs;
  g_string_prepend_len(edit->text, add->text->str, (gssize)add->text->len);
  edit->start = add->start;
  edit->endings = join_endings(add->endings, edit->endings);
  add->endings = NULL;
  undo_history_edit_clear(add);
}

/* Appends @add (deleted just after @edit's text) to @edit. */
static void edit_append(Edit *edit, Edit *add)
{
  runs_append(edit->runs, (const StyleRun *)(void *)add->runs->data, add->runs->len,
              edit->text->len);
  g_string_append_len(edit->text, add->text->str, (gssize)add->text->len);
  edit->endings = join_endings(edit->endings, add->endings);
  add->endings = NULL;
  undo_history_edit_clear(add);
}

/* Deletes the one character [@start, @end) as a backspace (@backwards) or a
 * forward delete, joining the open group of that kind when it may. */
static void delete_char(Editor *editor, DocPos start, DocPos end, bool backwards)
{
  StepKind kind = backwards ? STEP_BACKSPACE : STEP_DELETE;
  Edit add = delete_record(editor->doc, start, end);
  gunichar c = g_utf8_get_char(add.text->str);
  Step *step = open_step(editor, kind);
  Edit *group = step != NULL ? step_last_edit(step) : NULL;
  bool joins = group != NULL && group->kind == EDIT_DELETE &&
               docpos_equal(group->start, backwards ? end : start) &&
               delete_joins(group->text, c, backwards);
  if (!joins) {
    step = step_begin(editor, kind);
    g_array_append_val(step->edits, add);
  } else if (backwards) {
    edit_prepend(group, &add);
  } else {
    edit_append(group, &add);
  }
  document_delete(editor->doc, start, end);
  put_cursor(editor, snap_to_cluster(editor, start, false), CARET_DOWNSTREAM);
  step_end(editor, step);
}

void editor_backspace(Editor *editor)
{
  g_return_if_fail(editor != NULL);
  if (editor_has_selection(editor)) {
    delete_selection(editor);
    return;
  }
  DocPos start = document_prev_char(editor->doc, editor->cursor); /* joins paragraphs */
  if (editor->cursor.offset > 0) {
    guint32 len;
    const char *text = document_paragraph_text(editor->doc, editor->cursor.para, &len);
    start.offset = (guint32)segmenter_backspace(editor->seg, text, len, editor->cursor.offset);
  }
  if (docpos_equal(start, editor->cursor))
    return; /* at the start: nothing to do, and the group stays as it was */
  delete_char(editor, start, editor->cursor, true);
}

void editor_delete_forward(Editor *editor)
{
  g_return_if_fail(editor != NULL);
  if (editor_has_selection(editor)) {
    delete_selection(editor);
    return;
  }
  DocPos end = next_cluster(editor, editor->cursor);
  if (docpos_equal(end, editor->cursor))
    return;
  delete_char(editor, editor->cursor, end, false);
}

void editor_delete_word(Editor *editor, bool backwards)
{
  g_return_if_fail(editor != NULL);
  if (editor_has_selection(editor)) {
    delete_selection(editor);
    return;
  }
  DocPos cursor = editor->cursor;
  DocPos to = backwards ? word_left(editor, cursor) : word_right(editor, cursor);
  if (docpos_equal(to, cursor))
    return;
  delete_range(editor, backwards ? to : cursor, backwards ? cursor : to);
}

/* ---------------------------------------------------------------- inserting */

static Edit insert_record(DocPos at, const char *text, StyleId style)
{
  Edit edit = {.kind = EDIT_INSERT, .start = at};
  edit.text = g_string_new(text);
  edit.runs = g_array_new(FALSE, FALSE, sizeof(StyleRun));
  StyleRun run = {0, style};
  g_array_append_val(edit.runs, run);
  return edit;
}

/* Whether @text is one typed keystroke: a single character. */
static bool is_keystroke(const char *text)
{
  return *text != '\0' && *g_utf8_next_char(text) == '\0';
}

/* Whether typed character @c may join @group: a non-space after white space starts a new word. */
static bool typing_joins(const Editor *editor, const Edit *group, gunichar c)
{
  if (group->kind != EDIT_INSERT || !docpos_equal(undo_history_edit_end(group), editor->cursor))
    return false;
  gunichar last = g_utf8_get_char(g_utf8_prev_char(group->text->str + group->text->len));
  return !(g_unichar_isspace(last) && !g_unichar_isspace(c));
}

/* Adds typed @text in @style to the open typing group, or starts a step. */
static void record_typing(Editor *editor, DocPos at, const char *text, StyleId style)
{
  Step *step = open_step(editor, STEP_TYPING);
  Edit *group = step != NULL ? step_last_edit(step) : NULL;
  if (group != NULL && typing_joins(editor, group, g_utf8_get_char(text))) {
    StyleRun run = {0, style};
    runs_append(group->runs, &run, 1, group->text->len);
    g_string_append(group->text, text);
    return;
  }
  step = step_begin(editor, STEP_TYPING);
  Edit edit = insert_record(at, text, style);
  g_array_append_val(step->edits, edit);
}

bool editor_insert(Editor *editor, const char *utf8, GError **error)
{
  g_return_val_if_fail(editor != NULL && utf8 != NULL, false);
  g_return_val_if_fail(error == NULL || *error == NULL, false);
  g_autofree char *text = normalize_breaks(utf8);
  bool selection = editor_has_selection(editor);
  if (*text == '\0') {
    if (selection)
      delete_selection(editor);
    return true;
  }
  StyleId style = editor_style(editor);
  DocPos start, end, inserted_end;
  editor_selection(editor, &start, &end);
  /* Insert first, at the selection's end, so that refused text changes nothing. */
  if (!document_insert(editor->doc, end, text, -1, style, &inserted_end, error))
    return false;
  Step *step;
  if (selection) {
    close_group(editor);
    step = step_begin(editor, STEP_OTHER);
    Edit ins = insert_record(end, text, style);
    Edit del = delete_record(editor->doc, start, end);
    g_array_append_val(step->edits, ins);
    g_array_append_val(step->edits, del);
    document_delete(editor->doc, start, end);
    inserted_end = undo_history_text_end(start, text, strlen(text));
  } else if (is_keystroke(text)) {
    record_typing(editor, start, text, style);
    step = g_queue_peek_tail(&editor->history.undo);
  } else {
    close_group(editor);
    step = step_begin(editor, STEP_OTHER);
    Edit ins = insert_record(start, text, style);
    g_array_append_val(step->edits, ins);
  }
  put_cursor(editor, snap_to_cluster(editor, inserted_end, true), CARET_UPSTREAM);
  step_end(editor, step);
  if (step->kind == STEP_OTHER)
    close_group(editor);
  return true;
}

/* Copies every paragraph's line ending, and the one for new paragraphs, from
 * @source (which has as many paragraphs as @doc). */
static void copy_endings(Document *doc, const Document *source)
{
  for (guint32 i = 0; i < document_paragraph_count(source); i++)
    document_set_paragraph_ending(doc, i, document_paragraph_ending(source, i));
  document_set_line_ending(doc, document_line_ending(source));
}

bool editor_replace_all(Editor *editor, const Document *source, GError **error)
{
  g_return_val_if_fail(editor != NULL && source != NULL, false);
  DocPos start = document_start(editor->doc), end = document_end(editor->doc);
  gsize len = 0;
  g_autofree char *text = document_get_text_len(source, document_start(source),
                                                document_end(source), &len);
  g_autoptr(GArray) runs = document_get_runs(source, document_start(source), document_end(source));
  /* Insert first, at the end, so that refused text changes nothing. */
  if (!document_insert_styled(editor->doc, end, text, (gssize)len,
                              (const StyleRun *)(void *)runs->data, runs->len, NULL, error))
    return false;
  close_group(editor);
  Step *step = step_begin(editor, STEP_OTHER);
  Edit ins = {.kind = EDIT_INSERT,
              .start = end,
              .text = g_string_new_len(text, (gssize)len),
              .runs = g_array_ref(runs)};
  Edit del = delete_record(editor->doc, start, end);
  g_array_append_val(step->edits, ins);
  g_array_append_val(step->edits, del);
  document_delete(editor->doc, start, end);
  copy_endings(editor->doc, source);
  put_cursor(editor, start, CARET_DOWNSTREAM);
  step_end(editor, step);
  close_group(editor);
  return true;
}

/* ---------------------------------------------------------------- indenting */

bool editor_selection_spans_lines(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, false);
  return editor->cursor.para != editor->anchor.para;
}

/* The bytes of indentation Shift+Tab removes from @text: a tab, or up to
 * EDITOR_INDENT_SPACES spaces. */
static guint32 leading_indent(const char *text, guint32 len)
{
  if (len > 0 && text[0] == '\t')
    return 1;
  guint32 n = 0;
  while (n < len && n < EDITOR_INDENT_SPACES && text[n] == ' ')
    n++;
  return n;
}

/* Indents or unindents paragraph @para (see editor_indent_lines), adding the
 * edit to *@step (begun on the first edit). Returns the bytes added at the
 * paragraph's start, negative when removed. */
static int indent_line(Editor *editor, guint32 para, bool outdent, Step **step)
{
  guint32 len;
  const char *text = document_paragraph_text(editor->doc, para, &len);
  DocPos at = {para, 0};
  guint32 n = outdent ? leading_indent(text, len) : 1;
  if (n == 0 || len == 0)
    return 0;
  StyleId style = document_style_at(editor->doc, at);
  Edit edit = outdent ? delete_record(editor->doc, at, (DocPos){para, n})
                      : insert_record(at, "\t", style);
  if (outdent)
    document_delete(editor->doc, at, (DocPos){para, n});
  else if (!document_insert(editor->doc, at, "\t", 1, style, NULL, NULL)) {
    undo_history_edit_clear(&edit);
    return 0;
  }
  if (*step == NULL)
    *step = step_begin(editor, STEP_OTHER);
  g_array_append_val((*step)->edits, edit);
  return outdent ? -(int)n : 1;
}

/* @pos moved with its paragraph's text after @delta bytes were added at the
 * paragraph's start (removed, when negative). */
static DocPos shifted(DocPos pos, int delta)
{
  gint64 offset = (gint64)pos.offset + delta;
  return (DocPos){pos.para, (guint32)MAX(offset, 0)};
}

bool editor_indent_lines(Editor *editor, bool outdent)
{
  g_return_val_if_fail(editor != NULL, false);
  DocPos start, end;
  editor_selection(editor, &start, &end);
  bool forward = docpos_compare(editor->anchor, editor->cursor) <= 0;
  guint32 last = end.para > start.para && end.offset == 0 ? end.para - 1 : end.para;
  close_group(editor);
  Step *step = NULL; /* begun before the first edit, with the cursor as it was */
  int delta = 0;
  for (guint32 p = start.para; p <= last; p++)
    delta = indent_line(editor, p, outdent, &step);
  if (step == NULL)
    return false;
  if (start.para == end.para) { /* one line: the cursor and anchor move with the text */
    editor->cursor = shifted(editor->cursor, delta);
    editor->anchor = shifted(editor->anchor, delta);
  } else { /* the lines whole */
    DocPos first = {start.para, 0};
    DocPos after = last < end.para ? end : (DocPos){last, para_len(editor->doc, last)};
    editor->anchor = forward ? first : after;
    editor->cursor = forward ? after : first;
  }
  editor->affinity = CARET_DOWNSTREAM;
  step_end(editor, step);
  close_group(editor);
  return true;
}

/* Whether @text holds exactly @n - 1 line breaks ("\n"; no "\r"). */
static bool holds_paragraphs(const char *text, gsize len, guint32 n)
{
  gsize breaks = 0;
  for (const char *s = text, *end = text + len;
       s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++)
    breaks++;
  return breaks + 1 == n && memchr(text, '\r', len) == NULL;
}

bool editor_replace_paragraphs(Editor *editor, guint32 first, guint32 last, const char *text,
                               gsize len, const StyleRun *runs, guint n_runs, GError **error)
{
  g_return_val_if_fail(editor != NULL && text != NULL, false);
  g_return_val_if_fail(first <= last && last < document_paragraph_count(editor->doc), false);
  if (!holds_paragraphs(text, len, last - first + 1)) {
    g_set_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_INVALID_UTF8,
                "The replacement does not have one line per paragraph it replaces");
    return false;
  }
  DocPos start = {first, 0}, end = {last, para_len(editor->doc, last)};
  g_autoptr(GByteArray) endings = endings_of(editor->doc, first, last);
  /* Insert first, at the end, so that refused text changes nothing. */
  if (!document_insert_styled(editor->doc, end, text, (gssize)len, runs, n_runs, NULL, error))
    return false;
  close_group(editor);
  Step *step = step_begin(editor, STEP_OTHER);
  Edit ins = {.kind = EDIT_INSERT, .start = end, .text = g_string_new_len(text, (gssize)len)};
  ins.runs = g_array_sized_new(FALSE, FALSE, sizeof(StyleRun), n_runs);
  g_array_append_vals(ins.runs, runs, n_runs);
  if (last > first) { /* redo: the new lines end as the old ones did */
    ins.endings = g_byte_array_sized_new(last - first);
    g_byte_array_append(ins.endings, endings->data, last - first);
  }
  Edit del = delete_record(editor->doc, start, end);
  g_array_append_val(step->edits, ins);
  g_array_append_val(step->edits, del);
  document_delete(editor->doc, start, end);
  for (guint32 p = first; p <= last; p++)
    document_set_paragraph_ending(editor->doc, p, (LineEnding)endings->data[p - first]);
  DocPos cursor = editor->cursor;
  cursor.offset = MIN(cursor.offset, para_len(editor->doc, cursor.para));
  put_cursor(editor, snap_to_cluster(editor, document_clamp(editor->doc, cursor), false),
             CARET_DOWNSTREAM);
  step_end(editor, step);
  close_group(editor);
  return true;
}

/* ---------------------------------------------------------------- clipboard */

char *editor_copy(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, NULL);
  if (!editor_has_selection(editor))
    return NULL;
  DocPos start, end;
  editor_selection(editor, &start, &end);
  return document_get_text(editor->doc, start, end);
}

char *editor_cut(Editor *editor)
{
  g_return_val_if_fail(editor != NULL, NULL);
  char *text = editor_copy(editor);
  if (text != NULL)
    delete_selection(editor);
  return text;
}

/* ---------------------------------------------------------------- undo */

bool editor_undo(Editor *editor)
{
  g_return_val_if_fail(editor != NULL, false);
  Step *step = undo_history_undo(&editor->history, editor->doc);
  if (step == NULL)
    return false;
  place_cursor(editor, step->anchor_before, false);
  place_cursor(editor, step->cursor_before, true);
  editor->generation++;
  give_back_if_freed(editor);
  return true;
}

bool editor_redo(Editor *editor)
{
  g_return_val_if_fail(editor != NULL, false);
  Step *step = undo_history_redo(&editor->history, editor->doc);
  if (step == NULL)
    return false;
  place_cursor(editor, step->anchor_after, false);
  place_cursor(editor, step->cursor_after, true);
  editor->generation++;
  give_back_if_freed(editor);
  return true;
}

bool editor_can_undo(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, false);
  return editor->history.undo.length > 0;
}

bool editor_can_redo(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, false);
  return editor->history.redo.length > 0;
}

/* ---------------------------------------------------------------- state */

bool editor_modified(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, false);
  return undo_history_modified(&editor->history);
}

void editor_mark_saved(Editor *editor)
{
  g_return_if_fail(editor != NULL);
  undo_history_mark_saved(&editor->history);
}

void editor_mark_modified(Editor *editor)
{
  g_return_if_fail(editor != NULL);
  undo_history_mark_modified(&editor->history);
  editor->generation++;
}

guint64 editor_generation(const Editor *editor)
{
  g_return_val_if_fail(editor != NULL, 0);
  return editor->generation;
}
