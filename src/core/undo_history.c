/* undo_history.c — the editor's undo and redo: Steps of Edits on two stacks.
 *
 * Undo. Every command that changes the document becomes one Step: a list of
 * primitive Edits (insert text, delete text, restyle a range) in the order they
 * were done, plus the cursor and anchor before and after. An Edit keeps what is
 * needed to run it both ways: the inserted or deleted text ("\n" between
 * paragraphs) with its style runs, or the old style runs of a restyled range.
 * Redo replays a step's edits in order; undo runs their inverses in reverse
 * order, so every recorded position is valid when it is used: the document is
 * exactly as it was when the edit was recorded. Range ends are recomputed from
 * the start and the text (undo_history_text_end) rather than stored, so merging
 * keystrokes into a step only has to extend its text.
 *
 * Grouping. A step of single keystrokes stays open for more of its kind until
 * the editor closes the group; which keystrokes join it is the editor's rule
 * (editor.c, "Grouping").
 *
 * Modified flag. Every step has a unique id; the "state" of the document is
 * the id of the step on top of the undo stack, or base_id when it is empty
 * (base_id is the state at the bottom of the history: 0 at the start, a fresh
 * id after a reset, or the id of the last step dropped by the capacity limit).
 * Saving records the state; the document is modified when the state differs.
 * Undoing back to the saved state therefore clears the flag, and an edit made
 * after undoing past it (which clears the redo stack) can never match again.
 * Saving closes the open group so that typing after a save makes a new step.
 *
 * Capacity. The undo and redo stacks together hold at most limit bytes
 * of recorded text, runs and records (64 MiB unless editor_set_undo_limit says
 * otherwise); past it the oldest undo steps are dropped. The newest step is
 * never dropped, so the last action can always be undone even when it alone is
 * larger than the limit (deleting a 100 MB selection records 100 MB). The
 * history counts the steps it dropped since the last reset, so that the editor
 * can say once that the oldest changes are no longer undoable. */
#include "undo_history.h"

#include <string.h>

#define EDITOR_DEFAULT_UNDO_LIMIT ((gsize)64 << 20)

/* ---------------------------------------------------------------- helpers */

/* (editor.c has the same four lines: the editor uses this module, not the
 * other way round.) */
static guint32 para_len(const Document *doc, guint32 para)
{
  guint32 len = 0;
  document_paragraph_text(doc, para, &len);
  return len;
}

/* The position after @len bytes of @text inserted at @start. */
DocPos undo_history_text_end(DocPos start, const char *text, gsize len)
{
  DocPos pos = start;
  const char *end = text + len;
  const char *last_break = NULL;
  for (const char *s = text; s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++) {
    pos.para++;
    last_break = s;
  }
  pos.offset = last_break != NULL ? (guint32)(end - last_break - 1) : start.offset + (guint32)len;
  return pos;
}

/* ---------------------------------------------------------------- edits */

void undo_history_edit_clear(void *data)
{
  Edit *edit = data;
  if (edit->text != NULL)
    g_string_free(edit->text, TRUE);
  if (edit->runs != NULL)
    g_array_unref(edit->runs);
  if (edit->endings != NULL)
    g_byte_array_unref(edit->endings);
}

static gsize edit_bytes(const Edit *edit)
{
  gsize bytes = sizeof(Edit);
  if (edit->text != NULL)
    bytes += edit->text->allocated_len;
  if (edit->runs != NULL)
    bytes += edit->runs->len * sizeof(StyleRun);
  if (edit->endings != NULL)
    bytes += edit->endings->len;
  return bytes;
}

DocPos undo_history_edit_end(const Edit *edit)
{
  return undo_history_text_end(edit->start, edit->text->str, edit->text->len);
}

static void edit_insert_text(Document *doc, const Edit *edit)
{
  g_autoptr(GError) error = NULL;
  if (!document_insert_styled(doc, edit->start, edit->text->str, (gssize)edit->text->len,
                              (const StyleRun *)(void *)edit->runs->data, edit->runs->len, NULL,
                              &error)) {
    g_warning("editor: could not restore text: %s", error->message);
    return;
  }
  for (guint i = 0; edit->endings != NULL && i < edit->endings->len; i++)
    document_set_paragraph_ending(doc, edit->start.para + i, (LineEnding)edit->endings->data[i]);
}

/* Gives the restyled range its old runs back, walking the document once. */
static void edit_restore_runs(Document *doc, const Edit *edit)
{
  const StyleRun *runs = (const StyleRun *)(void *)edit->runs->data;
  DocPos pos = edit->start;
  guint64 pos_text = 0; /* text offset of @pos from the range's start */
  for (guint i = 0; i < edit->runs->len; i++) {
    guint64 stop = i + 1 < edit->runs->len ? runs[i + 1].offset : edit->span;
    DocPos from = pos;
    while (pos_text < stop) {
      guint64 room = para_len(doc, pos.para) - pos.offset;
      if (stop - pos_text <= room) {
        pos.offset += (guint32)(stop - pos_text);
        pos_text = stop;
      } else {
        pos_text += room + 1;
        pos.para++;
        pos.offset = 0;
      }
    }
    if (docpos_compare(from, pos) < 0)
      document_restyle(doc, from, pos, runs[i].style);
  }
}

/* Runs @edit again (redo). */
static void edit_apply(Document *doc, const Edit *edit)
{
  switch (edit->kind) {
  case EDIT_INSERT:
    edit_insert_text(doc, edit);
    break;
  case EDIT_DELETE:
    document_delete(doc, edit->start, undo_history_edit_end(edit));
    break;
  case EDIT_RESTYLE:
    document_restyle(doc, edit->start, edit->end, edit->style);
    break;
  }
}

/* Runs the inverse of @edit (undo). */
static void edit_revert(Document *doc, const Edit *edit)
{
  switch (edit->kind) {
  case EDIT_INSERT:
    document_delete(doc, edit->start, undo_history_edit_end(edit));
    break;
  case EDIT_DELETE:
    edit_insert_text(doc, edit);
    break;
  case EDIT_RESTYLE:
    edit_restore_runs(doc, edit);
    break;
  }
}

/* ---------------------------------------------------------------- steps */

static void step_free(void *data)
{
  Step *step = data;
  g_array_unref(step->edits);
  g_free(step);
}

static gsize step_measure(const Step *step)
{
  gsize bytes = sizeof(Step);
  for (guint i = 0; i < step->edits->len; i++)
    bytes += edit_bytes(&g_array_index(step->edits, Edit, i));
  return bytes;
}

static guint64 history_state(const UndoHistory *history)
{
  const Step *top = g_queue_peek_tail((GQueue *)&history->undo);
  return top != NULL ? top->id : history->base_id;
}

static void history_clear(UndoHistory *history, GQueue *stack)
{
  Step *step;
  while ((step = g_queue_pop_head(stack)) != NULL) {
    history->bytes -= step->bytes;
    step_free(step);
  }
}

/* Drops the oldest undo steps while over the limit, always keeping the newest. */
static void history_trim(UndoHistory *history)
{
  while (history->bytes > history->limit && history->undo.length > 1) {
    Step *oldest = g_queue_pop_head(&history->undo);
    history->bytes -= oldest->bytes;
    history->base_id = oldest->id; /* the state it led to is now the bottom */
    history->dropped++;
    step_free(oldest);
  }
}

/* A new, empty step on top of the undo stack; clears the redo stack. */
Step *undo_history_begin(UndoHistory *history, StepKind kind, DocPos cursor, DocPos anchor)
{
  history_clear(history, &history->redo);
  Step *step = g_new0(Step, 1);
  step->edits = g_array_new(FALSE, TRUE, sizeof(Edit));
  g_array_set_clear_func(step->edits, undo_history_edit_clear);
  step->kind = kind;
  step->id = history->next_id++;
  step->cursor_before = cursor;
  step->anchor_before = anchor;
  step->bytes = 0;
  g_queue_push_tail(&history->undo, step);
  history->group_open = kind != STEP_OTHER;
  return step;
}

/* Records the cursor after @step and its new size; trims the history. */
void undo_history_end(UndoHistory *history, Step *step, DocPos cursor, DocPos anchor)
{
  step->cursor_after = cursor;
  step->anchor_after = anchor;
  history->bytes -= step->bytes;
  step->bytes = step_measure(step);
  history->bytes += step->bytes;
  history_trim(history);
}

/* The open step of @kind on top of the undo stack, or NULL. */
Step *undo_history_open_step(UndoHistory *history, StepKind kind)
{
  Step *top = g_queue_peek_tail(&history->undo);
  if (!history->group_open || top == NULL || top->kind != kind)
    return NULL;
  return top;
}

void undo_history_close_group(UndoHistory *history)
{
  history->group_open = false;
}

/* ---------------------------------------------------------------- lifecycle */

void undo_history_init(UndoHistory *history)
{
  g_queue_init(&history->undo);
  g_queue_init(&history->redo);
  history->limit = EDITOR_DEFAULT_UNDO_LIMIT;
  history->next_id = 1;
}

void undo_history_clear(UndoHistory *history)
{
  history_clear(history, &history->undo);
  history_clear(history, &history->redo);
}

void undo_history_reset(UndoHistory *history)
{
  history_clear(history, &history->undo);
  history_clear(history, &history->redo);
  history->base_id = history->next_id++;
  history->saved_id = history->base_id;
  history->group_open = false;
  history->dropped = 0;
}

void undo_history_set_limit(UndoHistory *history, gsize bytes)
{
  history->limit = bytes;
  history_trim(history);
}

/* ---------------------------------------------------------------- undo */

Step *undo_history_undo(UndoHistory *history, Document *doc)
{
  Step *step = g_queue_pop_tail(&history->undo);
  if (step == NULL)
    return NULL;
  for (guint i = step->edits->len; i-- > 0;)
    edit_revert(doc, &g_array_index(step->edits, Edit, i));
  g_queue_push_tail(&history->redo, step);
  return step;
}

Step *undo_history_redo(UndoHistory *history, Document *doc)
{
  Step *step = g_queue_pop_tail(&history->redo);
  if (step == NULL)
    return NULL;
  for (guint i = 0; i < step->edits->len; i++)
    edit_apply(doc, &g_array_index(step->edits, Edit, i));
  g_queue_push_tail(&history->undo, step);
  return step;
}

/* ---------------------------------------------------------------- state */

bool undo_history_modified(const UndoHistory *history)
{
  return history_state(history) != history->saved_id;
}

void undo_history_mark_saved(UndoHistory *history)
{
  history->saved_id = history_state(history);
  undo_history_close_group(history);
}

void undo_history_mark_modified(UndoHistory *history)
{
  history->saved_id = history->next_id++; /* an id no state will ever have */
}
