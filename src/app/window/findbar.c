/* findbar.c — the find, replace and go-to-line bar (findbar.h).
 *
 * The current match is the selection the bar made: it stays current while
 * the editor's generation (its text) and its selection are what the bar left;
 * a click or an edit elsewhere makes the next search start from the cursor.
 * The count ("3 of 120") is a SearchCount whose mark is the current match,
 * so one pass gives both numbers; it restarts when the pattern, the options
 * or the text change, and otherwise next/previous only step the index. */
#include "findbar.h"

#include <stdio.h>
#include <string.h>

#include "search.h"

#define FINDBAR_COUNT_NOW (G_GUINT64_CONSTANT(4) << 20)    /* counted at once, on the key */
#define FINDBAR_COUNT_SLICE (G_GUINT64_CONSTANT(16) << 20) /* then per loop turn */
#define FINDBAR_MAX_HIGHLIGHTS 2000                        /* on screen */
#define FINDBAR_MAX_PREFILL 200                            /* bytes of a selection taken */

typedef enum {
  FIND_MODE_FIND,
  FIND_MODE_REPLACE,
  FIND_MODE_GOTO,
} FindMode;

struct FindBar {
  bool active;       /* keys and text go to the bar */
  FindMode mode;     /* which fields it shows */
  bool in_replace;   /* typing goes to the replacement (Tab switches) */
  bool fresh;        /* the pattern was there when the bar opened: typing replaces it */
  GString *find;     /* the pattern */
  GString *replace;  /* the replacement */
  GString *line;     /* go to line: LINE or LINE:COL */
  SearchFlags flags; /* the toggles */
  Search *search;    /* @find compiled with @flags; NULL when empty or refused */
  char *problem;     /* why there is no search (a bad expression), or NULL */
  char *note;        /* what the last command did ("wrapped"), until the next */
  bool note_error;   /* @note is a failure */
  DocPos origin;     /* where typing a pattern searches from */
  bool have_match;   /* @match is the selection the bar made */
  SearchMatch match; /* the current match */
  guint64 match_gen; /* the editor's generation when it was made */
  SearchCount count; /* the count of @search, marked at @match */
  bool counting;     /* @count is under way */
  guint64 count_gen; /* the generation it counts */
  guint64 index;     /* the current match's number (1-based), 0 unknown */
  GArray *lights;    /* RendererHighlight: matches on screen */
  guint64 lights_gen;
  guint32 lights_first, lights_last;
  guint64 lights_serial;
  guint64 serial; /* bumped with every new @search: what @lights were found with */
};

FindBar *findbar_new(void)
{
  FindBar *bar = g_new0(FindBar, 1);
  bar->find = g_string_new(NULL);
  bar->replace = g_string_new(NULL);
  bar->line = g_string_new(NULL);
  bar->flags = 0;
  bar->lights = g_array_new(FALSE, FALSE, sizeof(RendererHighlight));
  return bar;
}

void findbar_free(FindBar *bar)
{
  if (bar == NULL)
    return;
  g_string_free(bar->find, TRUE);
  g_string_free(bar->replace, TRUE);
  g_string_free(bar->line, TRUE);
  search_free(bar->search);
  g_free(bar->problem);
  g_free(bar->note);
  g_array_unref(bar->lights);
  g_free(bar);
}

static Editor *ed(App *app)
{
  return app->session->editor;
}

static Document *doc(App *app)
{
  return editor_document(app->session->editor);
}

static void set_note(FindBar *bar, bool error, const char *text)
{
  g_free(bar->note);
  bar->note = g_strdup(text);
  bar->note_error = error;
}

/* ------------------------------------------------------------------ the match and the count */

/* Whether @bar->match is still what is selected in the same text. */
static bool match_current(App *app)
{
  FindBar *bar = app->findbar;
  if (!bar->have_match || bar->match_gen != editor_generation(ed(app)))
    return false;
  DocPos start, end;
  editor_selection(ed(app), &start, &end);
  return start.para == bar->match.para && end.para == bar->match.para &&
         start.offset == bar->match.start && end.offset == bar->match.end;
}

/* Starts counting @bar->search, marked at the current match; a small
 * document is counted at once. */
static void start_count(App *app)
{
  FindBar *bar = app->findbar;
  bar->index = 0;
  bar->counting = bar->search != NULL;
  if (!bar->counting)
    return;
  DocPos mark = {bar->match.para, bar->match.start};
  search_count_begin(&bar->count, bar->have_match ? mark : document_start(doc(app)));
  bar->count_gen = editor_generation(ed(app));
  findbar_step(app);
}

bool findbar_working(const App *app)
{
  return app->findbar->counting;
}

void findbar_step(App *app)
{
  FindBar *bar = app->findbar;
  if (!bar->counting)
    return;
  if (bar->count_gen != editor_generation(ed(app))) {
    start_count(app); /* the text changed under the count */
    return;
  }
  guint64 budget = bar->count.bytes == 0 ? FINDBAR_COUNT_NOW : FINDBAR_COUNT_SLICE;
  if (!search_count_step(bar->search, doc(app), &bar->count, budget))
    return;
  bar->counting = false;
  bar->index = bar->have_match && bar->count.total > 0 ? bar->count.before + 1 : 0;
  app->dirty = true;
}

/* Selects @m as the current match and scrolls to it. */
static void select_match(App *app, const SearchMatch *m)
{
  FindBar *bar = app->findbar;
  editor_set_cursor(ed(app), (DocPos){m->para, m->start}, false);
  editor_set_cursor(ed(app), (DocPos){m->para, m->end}, true);
  bar->have_match = true;
  bar->match = *m;
  bar->match_gen = editor_generation(ed(app));
  app->goal_x = -1;
  app_after_edit(app);
}

/* Steps the known index after next/previous, or counts again. */
static void step_index(App *app, bool backwards, bool wrapped)
{
  FindBar *bar = app->findbar;
  bool known = !bar->counting && bar->index > 0 && bar->count_gen == editor_generation(ed(app));
  if (!known) {
    start_count(app);
    return;
  }
  guint64 total = bar->count.total;
  if (backwards)
    bar->index = wrapped ? total : bar->index - 1;
  else
    bar->index = wrapped ? 1 : bar->index + 1;
  bar->index = CLAMP(bar->index, 1, total);
}

/* Compiles the pattern with the toggles; says why when it cannot. */
static void compile(App *app)
{
  FindBar *bar = app->findbar;
  g_clear_pointer(&bar->search, search_free);
  g_clear_pointer(&bar->problem, g_free);
  bar->have_match = false;
  bar->counting = false;
  bar->index = 0;
  if (bar->find->len == 0)
    return;
  g_autoptr(GError) error = NULL;
  bar->search = search_new(bar->find->str, bar->flags, shaper_segmenter(app->session->shaper),
                           &error);
  bar->serial++;
  if (bar->search == NULL)
    bar->problem = g_strdup(error->message);
}

/* The pattern or a toggle changed: search again from the origin. */
static void search_anew(App *app)
{
  FindBar *bar = app->findbar;
  compile(app);
  set_note(bar, false, NULL);
  if (bar->search == NULL) {
    editor_set_cursor(ed(app), bar->origin, false);
    app_touch(app);
    return;
  }
  SearchMatch m;
  bool wrapped;
  if (search_next(bar->search, doc(app), bar->origin, &m, &wrapped))
    select_match(app, &m);
  else
    editor_set_cursor(ed(app), bar->origin, false);
  start_count(app);
  app_touch(app);
}

/* Next (or previous) match from the current one, or from the cursor. */
static void find_step(App *app, bool backwards)
{
  FindBar *bar = app->findbar;
  if (bar->search == NULL)
    return;
  bool current = match_current(app);
  DocPos start, end;
  editor_selection(ed(app), &start, &end);
  SearchMatch m;
  bool wrapped = false, found;
  if (backwards)
    found = search_prev(bar->search, doc(app), start, &m, &wrapped);
  else
    found = search_next(bar->search, doc(app), current ? end : start, &m, &wrapped);
  if (!found) {
    set_note(bar, true, "No match");
    app_touch(app);
    return;
  }
  if (!current)
    bar->index = 0;
  select_match(app, &m);
  set_note(bar, false,
           wrapped ? (backwards ? "Wrapped around to the end" : "Wrapped around to the top")
                   : NULL);
  if (current)
    step_index(app, backwards, wrapped);
  else
    start_count(app);
}

/* ------------------------------------------------------------------ replacing */

static void replace_one(App *app)
{
  FindBar *bar = app->findbar;
  if (bar->search == NULL)
    return;
  if (!match_current(app)) {
    find_step(app, false); /* first show what Enter would replace */
    return;
  }
  g_autoptr(GError) error = NULL;
  g_autofree char *with = search_expand(bar->search, doc(app), &bar->match, bar->replace->str,
                                        &error);
  if (with == NULL || !editor_insert(ed(app), with, &error)) {
    set_note(bar, true, error ? error->message : "Could not replace");
    app_touch(app);
    return;
  }
  bar->have_match = false;
  find_step(app, false);
}

static void replace_all(App *app)
{
  FindBar *bar = app->findbar;
  if (bar->search == NULL)
    return;
  g_autoptr(GError) error = NULL;
  SearchReplacement r;
  if (!search_replace_all(bar->search, doc(app), bar->replace->str, &r, &error)) {
    set_note(bar, true, error->message);
    app_touch(app);
    return;
  }
  guint64 n = r.count;
  bool ok = n == 0 ||
            editor_replace_paragraphs(ed(app), r.first, r.last, r.text->str, r.text->len,
                                      (const StyleRun *)(void *)r.runs->data, r.runs->len, &error);
  search_replacement_clear(&r);
  if (!ok) {
    set_note(bar, true, error->message);
  } else {
    g_autofree char *note = n == 0 ? g_strdup("No match to replace")
                                   : g_strdup_printf("Replaced %" G_GUINT64_FORMAT
                                                     " match%s (Ctrl+Z undoes %s)",
                                                     n, n == 1 ? "" : "es",
                                                     n == 1 ? "it" : "all of them");
    set_note(bar, n == 0, note);
  }
  bar->have_match = false;
  start_count(app);
  app_after_edit(app);
}

/* ------------------------------------------------------------------ go to line */

/* Parses "LINE" or "LINE:COL" (1-based); false when it is neither. */
static bool parse_line(const char *text, guint64 *line, guint64 *col)
{
  g_auto(GStrv) parts = g_strsplit(text, ":", 3);
  guint n = g_strv_length(parts);
  *col = 1;
  if (n < 1 || n > 2)
    return false;
  for (guint i = 0; i < n; i++)
    g_strstrip(parts[i]);
  if (!g_ascii_string_to_unsigned(parts[0], 10, 1, G_MAXUINT32, line, NULL))
    return false;
  return n == 1 || g_ascii_string_to_unsigned(parts[1], 10, 1, G_MAXUINT32, col, NULL);
}

static void go_to_line(App *app)
{
  FindBar *bar = app->findbar;
  guint64 line, col;
  guint32 lines = document_paragraph_count(doc(app));
  g_autofree char *text = g_strdup(bar->line->str);
  if (!parse_line(text, &line, &col)) {
    g_autofree char *why = g_strdup_printf(
        "“%s” is not a line: type LINE or LINE:COL, e.g. 12 or 12:5 (1 to %u)", text, lines);
    set_note(bar, true, why);
  } else if (line > lines) {
    g_autofree char *why = g_strdup_printf("There is no line %" G_GUINT64_FORMAT
                                           ": the document has %u line%s",
                                           line, lines, lines == 1 ? "" : "s");
    set_note(bar, true, why);
  } else {
    guint32 para = (guint32)line - 1;
    editor_set_cursor(ed(app), document_pos_of_char(doc(app), para, col - 1), false);
    bar->active = false;
    app->goal_x = -1;
    app_after_edit(app);
    return;
  }
  app_touch(app);
}

/* ------------------------------------------------------------------ opening */

/* The selection, when it lies inside one line and is short: the pattern to prefill. */
static char *selection_for_pattern(App *app)
{
  DocPos start, end;
  editor_selection(ed(app), &start, &end);
  if (start.para != end.para || start.offset == end.offset ||
      end.offset - start.offset > FINDBAR_MAX_PREFILL)
    return NULL;
  return document_get_text(doc(app), start, end);
}

static void open_bar(App *app, FindMode mode)
{
  FindBar *bar = app->findbar;
  bool was_open = bar->active && bar->mode != FIND_MODE_GOTO;
  bar->active = true;
  bar->mode = mode;
  bar->in_replace = false;
  set_note(bar, false, NULL);
  if (mode == FIND_MODE_GOTO) {
    g_string_truncate(bar->line, 0);
    app->dirty = true;
    return;
  }
  g_autofree char *selected = selection_for_pattern(app);
  DocPos start, end;
  editor_selection(ed(app), &start, &end);
  bar->origin = start;
  if (selected != NULL && !match_current(app))
    g_string_assign(bar->find, selected);
  bar->fresh = bar->find->len > 0;
  if (!was_open || selected != NULL)
    search_anew(app);
  app->dirty = true;
}

void findbar_open_find(App *app, bool shift)
{
  open_bar(app, FIND_MODE_FIND);
}

void findbar_open_replace(App *app, bool shift)
{
  open_bar(app, FIND_MODE_REPLACE);
}

void findbar_open_goto(App *app, bool shift)
{
  open_bar(app, FIND_MODE_GOTO);
}

void findbar_find_again(App *app, bool shift)
{
  FindBar *bar = app->findbar;
  if (bar->find->len == 0) {
    findbar_open_find(app, false);
    return;
  }
  if (bar->search == NULL && bar->problem == NULL)
    compile(app);
  find_step(app, shift);
}

bool findbar_active(const App *app)
{
  return app->findbar->active;
}

/* ------------------------------------------------------------------ keys */

/* The field typing goes to. */
static GString *field(FindBar *bar)
{
  if (bar->mode == FIND_MODE_GOTO)
    return bar->line;
  return bar->in_replace ? bar->replace : bar->find;
}

/* The field changed: the pattern is searched for anew; the others wait for Enter. */
static void field_changed(App *app)
{
  FindBar *bar = app->findbar;
  if (bar->mode != FIND_MODE_GOTO && !bar->in_replace)
    search_anew(app);
  app->dirty = true;
}

static void toggle(App *app, SearchFlags flag)
{
  DocPos start, end;
  editor_selection(ed(app), &start, &end);
  app->findbar->flags ^= flag;
  app->findbar->origin = start; /* the current match may stay current */
  search_anew(app);
}

static void on_enter(App *app, SDL_Keymod mod)
{
  FindBar *bar = app->findbar;
  bool ctrl = (mod & KMOD_CTRL) != 0, alt = (mod & KMOD_ALT) != 0;
  if (bar->mode == FIND_MODE_GOTO)
    go_to_line(app);
  else if (bar->mode == FIND_MODE_REPLACE && ctrl && alt)
    replace_all(app);
  else if (bar->mode == FIND_MODE_REPLACE && bar->in_replace && !(mod & KMOD_SHIFT))
    replace_one(app);
  else
    find_step(app, (mod & KMOD_SHIFT) != 0);
}

/* The first key after opening replaces a pattern that was there (as a
 * selected field would); the other fields are kept. */
static GString *field_to_edit(FindBar *bar)
{
  GString *s = field(bar);
  if (bar->fresh && s == bar->find)
    g_string_truncate(s, 0);
  bar->fresh = false;
  return s;
}

static void erase_last_char(App *app)
{
  GString *s = field_to_edit(app->findbar);
  if (s->len == 0)
    return;
  const char *prev = g_utf8_find_prev_char(s->str, s->str + s->len);
  g_string_truncate(s, prev ? (gsize)(prev - s->str) : 0);
  field_changed(app);
}

/* Ctrl+Backspace: the field's last word (and the spaces after it). */
static void erase_last_word(App *app)
{
  GString *s = field_to_edit(app->findbar);
  gsize len = s->len;
  while (len > 0 && s->str[len - 1] == ' ')
    len--;
  while (len > 0 && s->str[len - 1] != ' ')
    len--;
  g_string_truncate(s, len);
  field_changed(app);
}

/* The keys that would edit the document, taken by the field while the bar
 * is open: the document's selection is the current match, and Tab, Delete
 * or a paste let through would replace it unasked. Ctrl+V pastes into the
 * field (its first line), Ctrl+X cuts the field; Tab (outside Replace),
 * Shift+Tab and Delete do nothing. */
static bool field_editing_key(App *app, SDL_Keycode sym, SDL_Keymod mod)
{
  bool ctrl = (mod & KMOD_CTRL) != 0;
  if (sym == SDLK_TAB || sym == SDLK_DELETE || sym == SDLK_KP_TAB)
    return true;
  if (ctrl && sym == SDLK_v) {
    char *clip = SDL_HasClipboardText() ? SDL_GetClipboardText() : NULL;
    if (clip != NULL) {
      clip[strcspn(clip, "\r\n")] = '\0'; /* the bar holds one line */
      findbar_text(app, clip);
    }
    SDL_free(clip);
    return true;
  }
  if (ctrl && sym == SDLK_x) {
    GString *s = field(app->findbar);
    SDL_SetClipboardText(s->str);
    g_string_truncate(s, 0);
    field_changed(app);
    return true;
  }
  return false;
}

/* Alt+C, Alt+W, Alt+R: the toggles (not with Ctrl: AltGr may report both). */
static bool on_toggle_key(App *app, SDL_Keycode sym, SDL_Keymod mod)
{
  if (!(mod & KMOD_ALT) || (mod & KMOD_CTRL) || app->findbar->mode == FIND_MODE_GOTO)
    return false;
  SearchFlags flag = sym == SDLK_c   ? SEARCH_MATCH_CASE
                     : sym == SDLK_w ? SEARCH_WHOLE_WORD
                     : sym == SDLK_r ? SEARCH_REGEX
                                     : 0;
  if (flag == 0)
    return false;
  toggle(app, flag);
  return true;
}

bool findbar_key(App *app, const SDL_KeyboardEvent *key)
{
  FindBar *bar = app->findbar;
  SDL_Keycode sym = key->keysym.sym;
  SDL_Keymod mod = key->keysym.mod;
  if (bar->mode != FIND_MODE_GOTO) /* go to line keeps its complaint while it is corrected */
    set_note(bar, false, NULL);
  app->dirty = true;
  if (sym == SDLK_ESCAPE) {
    bar->active = false; /* the current match stays selected */
    app_touch(app);
  } else if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER) {
    bar->fresh = false;
    on_enter(app, mod);
  } else if (sym == SDLK_TAB && bar->mode == FIND_MODE_REPLACE) {
    bar->in_replace = !bar->in_replace;
    bar->fresh = false;
  } else if (sym == SDLK_BACKSPACE && !(mod & KMOD_CTRL)) {
    erase_last_char(app);
  } else if (sym == SDLK_BACKSPACE) {
    erase_last_word(app);
  } else if (!on_toggle_key(app, sym, mod) && !field_editing_key(app, sym, mod)) {
    return false; /* the window's keys: moving, saving, undo, F-keys */
  }
  return true;
}

void findbar_text(App *app, const char *text)
{
  g_string_append(field_to_edit(app->findbar), text);
  field_changed(app);
}

/* ------------------------------------------------------------------ what it shows */

/* "3 of 120", "120 matches", "counting 40 %", "no match", or the problem. */
static char *status_text(const App *app, bool *error)
{
  const FindBar *bar = app->findbar;
  *error = false;
  if (bar->problem != NULL) {
    *error = true;
    return g_strdup(bar->problem);
  }
  if (bar->search == NULL)
    return g_strdup("");
  if (bar->counting) {
    guint64 bytes = MAX(document_byte_count(editor_document(app->session->editor)), 1);
    return g_strdup_printf("counting… %.0f %%", 100.0 * (double)bar->count.bytes / (double)bytes);
  }
  if (bar->count.total == 0) {
    *error = true;
    return g_strdup("no match");
  }
  if (bar->index > 0)
    return g_strdup_printf("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT, bar->index,
                           bar->count.total);
  return g_strdup_printf("%" G_GUINT64_FORMAT " match%s", bar->count.total,
                         bar->count.total == 1 ? "" : "es");
}

static const char *box(const FindBar *bar, SearchFlags flag)
{
  return (bar->flags & flag) ? "[x]" : "[ ]";
}

char *findbar_bar_text(const App *app, bool *error)
{
  const FindBar *bar = app->findbar;
  GString *out = g_string_new(NULL);
  *error = bar->note_error;
  if (bar->mode == FIND_MODE_GOTO) {
    g_string_printf(out, "Go to line: \u2068%s\u2069_   LINE or LINE:COL, 1 to %u", bar->line->str,
                    document_paragraph_count(editor_document(app->session->editor)));
  } else {
    bool status_error;
    g_autofree char *status = status_text(app, &status_error);
    *error = *error || status_error;
    /* each field in a first-strong isolate (U+2068..U+2069): an Arabic
     * pattern must not reorder the count beside it */
    g_string_printf(out,
                    "Find: \u2068%s\u2069%s%s   %s   %s case Alt+C  %s word Alt+W  %s regex Alt+R",
                    bar->find->str, bar->in_replace ? "" : "_",
                    bar->fresh ? " (typing replaces it)" : "", status, box(bar, SEARCH_MATCH_CASE),
                    box(bar, SEARCH_WHOLE_WORD), box(bar, SEARCH_REGEX));
    if (bar->mode == FIND_MODE_REPLACE)
      g_string_append_printf(out,
                             "\nReplace: \u2068%s\u2069%s   Enter: replace, next   "
                             "Ctrl+Alt+Enter: all   "
                             "Tab: other field",
                             bar->replace->str, bar->in_replace ? "_" : "");
  }
  if (bar->note != NULL)
    g_string_append_printf(out, "   — %s", bar->note);
  return g_string_free(out, FALSE);
}

/* Paragraphs on screen: false when none. */
static bool visible_paragraphs(App *app, guint32 *first, guint32 *last)
{
  guint n = 0;
  const ViewPiece *pieces = view_visible(app->session->view, &n);
  if (n == 0)
    return false;
  *first = pieces[0].para;
  *last = pieces[n - 1].para;
  return true;
}

const RendererHighlight *findbar_highlights(App *app, guint *n)
{
  FindBar *bar = app->findbar;
  guint32 first, last;
  *n = 0;
  if (!bar->active || bar->search == NULL || !visible_paragraphs(app, &first, &last))
    return NULL;
  guint64 gen = editor_generation(ed(app));
  if (bar->lights_gen != gen || bar->lights_first != first || bar->lights_last != last ||
      bar->lights_serial != bar->serial) {
    g_array_set_size(bar->lights, 0);
    SearchMatch m;
    DocPos at = {first, 0};
    while (bar->lights->len < FINDBAR_MAX_HIGHLIGHTS &&
           search_next_within(bar->search, doc(app), at, last + 1, &m)) {
      RendererHighlight h = {{m.para, m.start}, {m.para, m.end}};
      g_array_append_val(bar->lights, h);
      at = (DocPos){m.para, m.end};
    }
    bar->lights_gen = gen;
    bar->lights_first = first;
    bar->lights_last = last;
    bar->lights_serial = bar->serial;
  }
  *n = bar->lights->len;
  return (const RendererHighlight *)(void *)bar->lights->data;
}
