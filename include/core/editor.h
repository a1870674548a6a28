/* editor.h — the editing commands: cursor, selection, undo/redo, typing style.
 *
 * Every user action is one command on an Editor, so the window and the tests
 * drive the same code. Movement that depends on wrapped lines (up/down, Home/End
 * of a visual line) lives in the View; the editor takes the resulting position
 * through editor_set_cursor(). Undo records are inverse edits with their text
 * and style runs, and restore the cursor and selection too.
 *
 * Grouping: single typed characters join one undo step until a cursor move, a
 * selection, a style change, undo/redo, a save or another kind of edit; within
 * a run of typing a step is one word plus the white space after it, so typing
 * "hello world" and undoing once leaves "hello ". Backspace and forward delete
 * group the same way (each step deletes [word][white space]). Pasted text (more
 * than one character) and replacing a selection are steps of their own.
 *
 * Capacity: the undo and redo history together keep at most 64 MiB (see
 * editor_set_undo_limit) of recorded text and runs; past it the oldest steps are
 * dropped, never the newest, and editor_take_undo_dropped() says so once.
 *
 * Memory: a command after which the document or the history holds 1 MiB or
 * more less than at its largest gives the freed heap back to the system
 * (memory_give_back.h), so an undone paste or a smaller file loaded does not
 * leave the resident set at its peak. The editor owns its Document. */
#ifndef GLYPHPAD_EDITOR_H
#define GLYPHPAD_EDITOR_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"
#include "layout.h"
#include "segment.h"

typedef struct Editor Editor;

typedef enum {
  EDITOR_MOVE_LEFT,       /* one grapheme cluster back (in logical order; the
                           * arrow keys move on screen: view_caret_move) */
  EDITOR_MOVE_RIGHT,      /* one grapheme cluster on */
  EDITOR_MOVE_WORD_LEFT,  /* to the start of this or the previous word */
  EDITOR_MOVE_WORD_RIGHT, /* to the end of this or the next word */
  EDITOR_MOVE_PARA_START, /* start of the paragraph */
  EDITOR_MOVE_PARA_END,   /* end of the paragraph */
  EDITOR_MOVE_DOC_START,
  EDITOR_MOVE_DOC_END,
} EditorMove;

/* A new editor with an empty document in @style. @factory and @segmenter
 * (grapheme clusters and words for moving and deleting) are not owned. */
G_GNUC_WARN_UNUSED_RESULT Editor *editor_new(GlyphFactory *factory, Segmenter *segmenter,
                                             StyleId style);
void editor_free(Editor *editor); /* NULL is a no-op */

/* The edited document, owned by the editor. Edit it only through the editor
 * (loading into it is fine when followed by editor_reset()). */
Document *editor_document(const Editor *editor);

/* The cursor: where typing goes, the moving end of the selection. */
DocPos editor_cursor(const Editor *editor);
DocPos editor_anchor(const Editor *editor);      /* the selection's other end */
bool editor_has_selection(const Editor *editor); /* cursor != anchor */
/* The selection ordered as [start, end). */
void editor_selection(const Editor *editor, DocPos *start, DocPos *end);

/* Moves the cursor; with @extend the anchor stays (Shift). Without @extend,
 * left/right with a selection collapse it to its start/end. The cursor stops
 * only at grapheme cluster boundaries (segment.h: an emoji family, a flag or
 * क्षि is one stop); words are UAX #29's with ICU's dictionaries (Thai and CJK
 * words too), found across paragraphs. Every move forgets the typing style and
 * ends the current undo group. */
void editor_move(Editor *editor, EditorMove move, bool extend);
/* Puts the cursor at @pos, clamped into the document and back to the start of
 * the grapheme cluster it falls in (a click, or up/down from the view). */
void editor_set_cursor(Editor *editor, DocPos pos, bool extend);
/* The same, with the side of @pos the caret is drawn on (a move on screen:
 * view_caret_move, Home/End); kept until the cursor moves again. A position
 * that had to be clamped or snapped gets CARET_DOWNSTREAM. */
void editor_set_caret(Editor *editor, DocPos pos, CaretAffinity affinity, bool extend);
/* The cursor's side: as editor_set_caret left it, CARET_UPSTREAM after typing
 * (the caret stays with the typed text, at a wrapped line's end too), else
 * CARET_DOWNSTREAM. */
CaretAffinity editor_cursor_affinity(const Editor *editor);
void editor_select_all(Editor *editor);
/* Selects the word (or the run of spaces or punctuation) around @pos, as UAX
 * #29 segments it (a double click); at a paragraph's end, the one before it. */
void editor_select_word(Editor *editor, DocPos pos);

/* What a double or triple click selects, and a drag after it extends by. */
typedef enum {
  EDITOR_UNIT_WORD,      /* editor_select_word's word (or run of spaces or punctuation) */
  EDITOR_UNIT_PARAGRAPH, /* a whole paragraph, without its line break */
} EditorUnit;

/* Selects from the @unit around @origin to the @unit around @to, both whole (a
 * double or triple click at @origin dragged to @to): the anchor is at the far
 * end of @origin's unit, the cursor at the far end of @to's. */
void editor_select_units(Editor *editor, EditorUnit unit, DocPos origin, DocPos to);

/* Types @utf8 at the cursor, replacing the selection. Invalid UTF-8 is refused
 * with the document's @error and nothing changes. "\n", "\r\n" and "\r" start a
 * new paragraph (stored as "\n"). The text gets editor_style(). */
bool editor_insert(Editor *editor, const char *utf8, GError **error);
/* The selection, or what is before the cursor: the whole cluster for emoji,
 * flags, keycaps and Hangul, its last code point for everything else (Indic,
 * Thai, a decomposed accent: segmenter_backspace). */
void editor_backspace(Editor *editor);
/* The selection, or the grapheme cluster after the cursor. */
void editor_delete_forward(Editor *editor);
/* Ctrl+Backspace (@backwards) and Ctrl+Delete: the selection, or the text
 * from the cursor to where EDITOR_MOVE_WORD_LEFT (or _RIGHT) would take it —
 * the same word boundaries, crossing paragraphs. One undo step of its own. */
void editor_delete_word(Editor *editor, bool backwards);

/* Spaces Shift+Tab removes at most from a line that starts with spaces. */
#define EDITOR_INDENT_SPACES 4

/* Whether the selection holds a line break (Tab then indents the lines). */
bool editor_selection_spans_lines(const Editor *editor);
/* Tab and Shift+Tab (@outdent) over the paragraphs the selection touches, or
 * the cursor's: a selection that ends at a paragraph's start leaves that
 * paragraph alone. Indenting puts a tab before every paragraph that is not
 * empty (no white space is added to empty lines); unindenting removes one
 * leading tab, or else up to EDITOR_INDENT_SPACES leading spaces. One undo
 * step. A selection over several paragraphs then covers them whole (the
 * cursor on the side it was); on one line the cursor and the anchor move with
 * their text. False when nothing changed (no step is recorded then). */
bool editor_indent_lines(Editor *editor, bool outdent);

/* Replaces the whole text by @source's — its text, style runs and each
 * paragraph's line ending — as one undo step (reloading a file changed on
 * disk); the cursor goes to the start. @source is not changed. False with
 * @error when the text is too large; nothing changes then. */
bool editor_replace_all(Editor *editor, const Document *source, GError **error);

/* Replaces paragraphs [@first, @last] by @text (@len bytes, "\n" between
 * paragraphs, exactly @last - @first + 1 of them; style @runs, offsets
 * relative to @text) as one undo step: a replace-all of a million matches is
 * one edit of the document and one step, not a million. Each paragraph keeps
 * its line ending; the cursor stays in its paragraph (clamped). False with
 * @error when the text is refused or has another number of paragraphs;
 * nothing changes then. */
bool editor_replace_paragraphs(Editor *editor, guint32 first, guint32 last, const char *text,
                               gsize len, const StyleRun *runs, guint n_runs, GError **error);

/* The selected text; NULL when nothing is selected. Free with g_free. */
G_GNUC_WARN_UNUSED_RESULT char *editor_copy(const Editor *editor);
/* Copies and deletes the selection; NULL when nothing is selected. */
G_GNUC_WARN_UNUSED_RESULT char *editor_cut(Editor *editor);

bool editor_undo(Editor *editor); /* false when there is nothing to undo */
bool editor_redo(Editor *editor);
bool editor_can_undo(const Editor *editor);
bool editor_can_redo(const Editor *editor);

/* With a selection: restyles it (undoable). Without: what is typed next gets it. */
void editor_set_style(Editor *editor, StyleId style);
/* The style set for typing since the last move, else the style the text at the
 * cursor continues: the selection's first character, or the character before
 * the cursor in its paragraph, or the one after it. */
StyleId editor_style(const Editor *editor);

/* After loading new text into the document: clears undo/redo, the modified
 * flag and the count of dropped undo steps, puts the cursor at the start;
 * gives the heap back when the old text or history was large. */
void editor_reset(Editor *editor);

/* Whether the text changed since the last editor_mark_saved() / reset: false
 * again when undo/redo return to the saved state. A restyle counts as a change. */
bool editor_modified(const Editor *editor);
void editor_mark_saved(Editor *editor);
/* Marks the text as not saved, whatever undo/redo do later: after restoring a
 * recovery file the document differs from the file on disk although the
 * history is empty. editor_mark_saved() clears it. */
void editor_mark_modified(Editor *editor);
/* Increments on every change of the text or its styles, undo/redo and reset
 * included (for autosave and redraw). */
guint64 editor_generation(const Editor *editor);

/* The history limit in bytes of recorded text, runs and records (default 64 MiB);
 * the oldest undo steps are dropped past it, the newest never. */
void editor_set_undo_limit(Editor *editor, gsize bytes);
gsize editor_undo_limit(const Editor *editor);
/* Undo steps the limit dropped since the editor was made or last reset. */
guint64 editor_undo_dropped(const Editor *editor);
/* True exactly once after the limit first dropped undo steps since the editor
 * was made or last reset (a file loaded, a new document), false on every other
 * call: the window says so in its bar once, not at every later drop. */
bool editor_take_undo_dropped(Editor *editor);
/* Steps on the undo stack (tests and the fuzzer check grouping with it). */
guint editor_undo_steps(const Editor *editor);
/* Bytes the undo and redo history holds now. */
gsize editor_undo_bytes(const Editor *editor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Editor, editor_free)

#endif
