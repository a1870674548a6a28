/* undo_history.h — the editor's undo history: Steps of Edits on an undo and a
 * redo stack, the open typing group, the limit on their size, and the states
 * that say whether the document is modified. Private to src/core: editor.c is
 * its only user (the Editor embeds one); undo_history.c says how it works. */
#ifndef GLYPHPAD_UNDO_HISTORY_H
#define GLYPHPAD_UNDO_HISTORY_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"

typedef enum {
  EDIT_INSERT,  /* @text was inserted at @start */
  EDIT_DELETE,  /* @text was deleted from @start */
  EDIT_RESTYLE, /* [@start, @end) got @style; @runs are its old runs */
} EditKind;

typedef struct {
  EditKind kind; /* what was done */
  DocPos start;  /* where it starts, in the document as it was before the edit */
  DocPos end;    /* restyle only: the end of the range */
  GString *text; /* insert/delete: the text, "\n" between paragraphs; NULL for restyle */
  GArray *runs;  /* StyleRun: of @text (insert/delete) or the old runs of the range (restyle) */
  GByteArray *endings; /* insert/delete: the LineEnding of each paragraph that one of @text's
                        * line breaks ends, set again whenever @text is inserted (a deleted
                        * CRLF line comes back CRLF); NULL: the document's default */
  guint64 span;        /* restyle only: bytes of the range counting one per paragraph break */
  StyleId style;       /* restyle only: the new style */
} Edit;

typedef enum {
  STEP_OTHER,     /* never grows once recorded */
  STEP_TYPING,    /* single typed characters */
  STEP_BACKSPACE, /* single characters deleted backwards */
  STEP_DELETE,    /* single characters deleted forwards */
} StepKind;

typedef struct {
  GArray *edits;        /* Edit, in the order they were done */
  StepKind kind;        /* which keystrokes may still join it */
  guint64 id;           /* unique, for the modified flag */
  gsize bytes;          /* what it holds, counted against the history limit */
  DocPos cursor_before; /* restored by undo */
  DocPos anchor_before;
  DocPos cursor_after; /* restored by redo */
  DocPos anchor_after;
} Step;

/* The two stacks, what they hold and the ids of the modified flag. Embedded:
 * undo_history_init() and undo_history_clear(). */
typedef struct {
  GQueue undo;      /* Step*, oldest at the head */
  GQueue redo;      /* Step*, the next to redo at the tail */
  gsize bytes;      /* bytes of every step in both stacks */
  gsize limit;      /* past it the oldest undo steps are dropped */
  bool group_open;  /* the top undo step may still take keystrokes */
  guint64 next_id;  /* the next step id */
  guint64 base_id;  /* the state when the undo stack is empty */
  guint64 saved_id; /* the state at the last save or reset */
  guint64 dropped;  /* steps the limit dropped since init or the last reset */
} UndoHistory;

/* An empty history with the default limit (64 MiB). */
void undo_history_init(UndoHistory *history);
/* Frees every step; init again before any other use. */
void undo_history_clear(UndoHistory *history);
/* Empties both stacks and starts from a fresh state, which counts as saved;
 * the count of dropped steps starts again from 0. */
void undo_history_reset(UndoHistory *history);
/* At most @bytes in both stacks: drops the oldest undo steps over it, never the newest. */
void undo_history_set_limit(UndoHistory *history, gsize bytes);

/* A new, empty step of @kind (owned by the history) on top of the undo stack,
 * with the cursor and anchor before it; clears the redo stack. Its group is
 * open unless @kind is STEP_OTHER. Fill its edits, then undo_history_end(). */
Step *undo_history_begin(UndoHistory *history, StepKind kind, DocPos cursor, DocPos anchor);
/* Records the cursor and anchor after @step and its new size; trims the history. */
void undo_history_end(UndoHistory *history, Step *step, DocPos cursor, DocPos anchor);
/* The open step of @kind on top of the undo stack (one that may still grow), or NULL. */
Step *undo_history_open_step(UndoHistory *history, StepKind kind);
/* Closes the group: the next keystroke starts a step of its own. */
void undo_history_close_group(UndoHistory *history);

/* Runs the inverse of the newest step on @doc and moves it to the redo stack.
 * Returns it (its cursor_before and anchor_before are where the cursor goes),
 * or NULL when there is nothing to undo. */
Step *undo_history_undo(UndoHistory *history, Document *doc);
/* Runs the next step to redo on @doc and moves it back to the undo stack.
 * Returns it (see cursor_after, anchor_after), or NULL when there is none. */
Step *undo_history_redo(UndoHistory *history, Document *doc);

/* Whether the state differs from the one recorded at the last save or reset. */
bool undo_history_modified(const UndoHistory *history);
/* Records the current state as saved and closes the group. */
void undo_history_mark_saved(UndoHistory *history);
/* Makes the history modified until the next save or reset, whatever is undone. */
void undo_history_mark_modified(UndoHistory *history);

/* Frees what @data, an Edit, holds (not the Edit itself): the clear function of
 * a step's edits, and for a record merged into another. */
void undo_history_edit_clear(void *data);
/* Where an insert or delete record's text ends, in the document before it was
 * deleted or after it was inserted. */
DocPos undo_history_edit_end(const Edit *edit);
/* The position after @len bytes of @text ("\n" between paragraphs) inserted at
 * @start: how a record's range end is found. */
DocPos undo_history_text_end(DocPos start, const char *text, gsize len);

#endif
