/* test_document.c — text round trips, edits, reference counts, sharing on/off. */
#include "document.h"
#include "testutil.h"

#include <string.h>

static void assert_refcounts(const Document *doc)
{
  g_autoptr(GError) error = NULL;
  document_check_refcounts(doc, &error);
  g_assert_no_error(error);
}

/* Every character's glyph (shared or private) is of its code point and style. */
static void assert_glyphs_match(const Document *doc)
{
  for (guint32 para = 0; para < document_paragraph_count(doc); para++) {
    DocCharIter it;
    document_iter_init(doc, &it, para, 0);
    while (document_iter_next(&it)) {
      g_assert_cmpuint(it.glyph->codepoint, ==, it.cp);
      g_assert_cmpuint(it.glyph->style, ==, it.style);
    }
  }
}

static void assert_text(const Document *doc, const char *expected)
{
  g_autofree char *text = document_get_all_text(doc);
  g_assert_cmpstr(text, ==, expected);
}

static void test_round_trip_scripts(void)
{
  TestFonts f;
  test_fonts_init(&f);
  const char *samples[] = {
      "plain ASCII",
      "café naïve façade",
      "Ελληνικά: λόγος",
      "漢字と日本語",
      "emoji 😀🚀 and ❤️",
      "tab\there\tand there",
      "line one\n\nline three after an empty one",
      "",
      "\n",
      "\n\n\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS(samples); i++) {
    Document *doc = document_new(f.factory, f.style);
    g_autoptr(GError) error = NULL;
    g_assert_true(document_insert(doc, document_start(doc), samples[i], -1, f.style, NULL, &error));
    g_assert_no_error(error);
    assert_text(doc, samples[i]);
    g_assert_cmpuint(document_char_count(doc), ==,
                     g_utf8_strlen(samples[i], -1) - (document_paragraph_count(doc) - 1));
    assert_refcounts(doc);
    document_free(doc);
  }
  GlyphFactoryStats st;
  glyph_factory_get_stats(f.factory, &st);
  g_assert_cmpuint(st.shared_alive, <=, 1); /* only the space template may remain */
  test_fonts_clear(&f);
}

static void test_refcount_is_character_count(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  document_insert(doc, document_start(doc), "banana", -1, f.style, NULL, NULL);
  Glyph *a = glyph_factory_lookup(f.factory, 'a', f.style);
  Glyph *n = glyph_factory_lookup(f.factory, 'n', f.style);
  g_assert_cmpuint(a->refcount, ==, 3);
  g_assert_cmpuint(n->refcount, ==, 2);
  document_delete(doc, (DocPos){0, 0}, (DocPos){0, 2}); /* "nana" */
  g_assert_cmpuint(a->refcount, ==, 2);
  g_assert_cmpuint(glyph_factory_lookup(f.factory, 'b', f.style)->refcount, ==, 0);
  assert_refcounts(doc);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_glyph_freed_when_last_character_goes(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  document_insert(doc, document_start(doc), "xΩx", -1, f.style, NULL, NULL);
  GlyphFactoryStats before, after;
  glyph_factory_get_stats(f.factory, &before);
  document_delete(doc, (DocPos){0, 1}, (DocPos){0, 3}); /* the omega */
  glyph_factory_get_stats(f.factory, &after);
  g_assert_cmpuint(after.freed, ==, before.freed + 1);
  g_assert_cmpuint(after.alive, ==, before.alive - 1);
  assert_text(doc, "xx");
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_split_and_join_paragraphs(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  DocPos end;
  document_insert(doc, document_start(doc), "hello world", -1, f.style, &end, NULL);
  g_assert_cmpuint(end.offset, ==, 11);
  document_insert(doc, (DocPos){0, 5}, "\r\n", -1, f.style, &end, NULL);
  g_assert_cmpuint(document_paragraph_count(doc), ==, 2);
  g_assert_cmpuint(end.para, ==, 1);
  g_assert_cmpuint(end.offset, ==, 0);
  assert_text(doc, "hello\n world");
  document_insert(doc, (DocPos){1, 0}, "big\rnew\nlines", -1, f.style, &end, NULL);
  assert_text(doc, "hello\nbig\nnew\nlines world");
  g_assert_cmpuint(end.para, ==, 3);
  g_assert_cmpuint(end.offset, ==, 5);
  document_delete(doc, (DocPos){0, 2}, (DocPos){3, 2});
  assert_text(doc, "henes world");
  g_assert_cmpuint(document_paragraph_count(doc), ==, 1);
  g_assert_cmpuint(document_char_count(doc), ==, 11);
  assert_refcounts(doc);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_invalid_utf8_refused(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  document_insert(doc, document_start(doc), "keep", -1, f.style, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_false(document_insert(doc, (DocPos){0, 2}, "bad\xC3(", -1, f.style, NULL, &error));
  g_assert_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_INVALID_UTF8);
  assert_text(doc, "keep");
  assert_refcounts(doc);
  document_free(doc);
  test_fonts_clear(&f);
}

static void test_restyle_runs(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 30);
  Document *doc = document_new(f.factory, f.style);
  document_insert(doc, document_start(doc), "one two\nthree", -1, f.style, NULL, NULL);
  document_restyle(doc, (DocPos){0, 4}, (DocPos){1, 2}, big);
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 3}), ==, f.style);
  g_assert_cmpuint(document_style_at(doc, (DocPos){0, 4}), ==, big);
  g_assert_cmpuint(document_style_at(doc, (DocPos){1, 1}), ==, big);
  g_assert_cmpuint(document_style_at(doc, (DocPos){1, 2}), ==, f.style);
  g_assert_cmpuint(glyph_factory_lookup(f.factory, 'w', big)->refcount, ==, 1);
  g_assert_cmpuint(glyph_factory_lookup(f.factory, 'o', f.style)->refcount, ==, 1);
  /* the runs of a range describe get_text's output and re-insert identically */
  g_autoptr(GArray) runs = document_get_runs(doc, (DocPos){0, 2}, (DocPos){1, 4});
  g_autofree char *text = document_get_text(doc, (DocPos){0, 2}, (DocPos){1, 4});
  g_assert_cmpstr(text, ==, "e two\nthre");
  g_assert_cmpuint(runs->len, ==, 3);
  g_assert_cmpuint(g_array_index(runs, StyleRun, 1).offset, ==, 2);
  g_assert_cmpuint(g_array_index(runs, StyleRun, 2).offset, ==, 8);
  assert_refcounts(doc);
  /* refcounts are per factory: check each document while it is the only one */
  document_free(doc);
  Document *copy = document_new(f.factory, f.style);
  document_insert_styled(copy, document_start(copy), text, -1, (StyleRun *)runs->data, runs->len,
                         NULL, NULL);
  g_autoptr(GArray) runs2 = document_get_runs(copy, document_start(copy), document_end(copy));
  g_assert_cmpuint(runs2->len, ==, runs->len);
  for (guint i = 0; i < runs->len; i++) { /* field by field: StyleRun has padding */
    g_assert_cmpuint(g_array_index(runs2, StyleRun, i).offset, ==,
                     g_array_index(runs, StyleRun, i).offset);
    g_assert_cmpuint(g_array_index(runs2, StyleRun, i).style, ==,
                     g_array_index(runs, StyleRun, i).style);
  }
  assert_refcounts(copy);
  document_free(copy);
  test_fonts_clear(&f);
}

static void test_sharing_off_and_on(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  const char *text = "aaaa bbbb αα\nsecond line 漢";
  document_insert(doc, document_start(doc), text, -1, f.style, NULL, NULL);
  GlyphFactoryStats on;
  glyph_factory_get_stats(f.factory, &on);
  guint64 estimate = document_estimate_private_bytes(doc);
  g_autoptr(GError) error = NULL;
  g_assert_false(document_set_sharing(doc, false, 100, &error)); /* over a tiny budget */
  g_assert_error(error, DOCUMENT_ERROR, DOCUMENT_ERROR_OVER_BUDGET);
  g_clear_error(&error);
  g_assert_true(document_get_sharing(doc));
  g_assert_true(document_set_sharing(doc, false, G_MAXUINT64, &error));
  g_assert_no_error(error);
  GlyphFactoryStats off;
  glyph_factory_get_stats(f.factory, &off);
  g_assert_cmpuint(off.private_alive, ==, document_char_count(doc));
  g_assert_true(document_glyph_at(doc, (DocPos){0, 0}) != document_glyph_at(doc, (DocPos){0, 1}));
  g_assert_cmpuint(off.intrinsic_bytes - on.intrinsic_bytes, <=, estimate);
  assert_text(doc, text);
  assert_refcounts(doc);
  /* editing while off keeps every character owning its glyph */
  document_insert(doc, (DocPos){0, 2}, "xy\nz", -1, f.style, NULL, NULL);
  document_delete(doc, (DocPos){0, 0}, (DocPos){0, 1});
  assert_refcounts(doc);
  glyph_factory_get_stats(f.factory, &off);
  g_assert_cmpuint(off.private_alive, ==, document_char_count(doc));
  g_assert_true(document_set_sharing(doc, true, 0, &error));
  GlyphFactoryStats back;
  glyph_factory_get_stats(f.factory, &back);
  g_assert_cmpuint(back.private_alive, ==, 0);
  g_assert_true(document_glyph_at(doc, (DocPos){1, 1}) ==
                glyph_factory_lookup(f.factory, 'a', f.style));
  assert_refcounts(doc);
  document_free(doc);
  glyph_factory_get_stats(f.factory, &back);
  g_assert_cmpuint(back.shared_alive, <=, 1); /* the space template */
  test_fonts_clear(&f);
}

static void test_append_and_bytes(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  for (int i = 0; i < 1000; i++) {
    g_autofree char *line = g_strdup_printf("paragraph number %d of the test", i);
    g_assert_true(document_append_paragraph(doc, line, strlen(line), LINE_END_LF, NULL));
  }
  document_compact(doc);
  g_assert_cmpuint(document_paragraph_count(doc), ==, 1000);
  guint32 len;
  const char *p = document_paragraph_text(doc, 999, &len);
  g_assert_cmpmem(p, len, "paragraph number 999 of the test", 32);
  /* about a byte per character plus a 32-byte record per paragraph */
  guint64 bytes = document_bytes(doc);
  g_assert_cmpuint(bytes, <, document_byte_count(doc) + 1000 * 32 + (2u << 20));
  assert_refcounts(doc);
  /* an edit in an arena paragraph moves it to its own storage */
  document_insert(doc, (DocPos){500, 0}, "edited ", -1, f.style, NULL, NULL);
  p = document_paragraph_text(doc, 500, &len);
  g_assert_cmpmem(p, len, "edited paragraph number 500 of the test", 39);
  assert_refcounts(doc);
  document_free(doc);
  test_fonts_clear(&f);
}

/* Appending with style runs (loading a styled file): neighbours of one style
 * merge, an empty paragraph keeps its run's style, references are taken in
 * each run's style, also with the flyweight off and U+0000 in the text. */
static void test_append_styled(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 24);
  for (int sharing = 1; sharing >= 0; sharing--) {
    Document *doc = document_new(f.factory, f.style);
    g_assert_true(document_set_sharing(doc, sharing, G_MAXUINT64, NULL));
    const StyleRun runs[] = {{0, big}, {2, big}, {3, f.style}, {6, big}};
    g_assert_true(document_append_styled_paragraph(doc,
                                                   "ab\0d\xc3\xa9"
                                                   "f",
                                                   7, LINE_END_CRLF, runs, G_N_ELEMENTS(runs),
                                                   NULL));
    const StyleRun one = {0, big};
    g_assert_true(document_append_styled_paragraph(doc, "", 0, LINE_END_LF, &one, 1, NULL));
    g_assert_true(
        document_append_styled_paragraph(doc, "plain\0", 6, LINE_END_NONE, NULL, 0, NULL));
    g_assert_cmpuint(document_paragraph_count(doc), ==, 3);
    g_assert_cmpuint(document_char_count(doc), ==, 6 + 6);
    guint n;
    const StyleRun *got = document_paragraph_runs(doc, 0, &n);
    g_assert_cmpuint(n, ==, 3); /* {0, big} and {2, big} merged */
    g_assert_cmpuint(got[0].offset, ==, 0);
    g_assert_cmpuint(got[0].style, ==, big);
    g_assert_cmpuint(got[1].offset, ==, 3);
    g_assert_cmpuint(got[1].style, ==, f.style);
    g_assert_cmpuint(got[2].offset, ==, 6);
    g_assert_cmpuint(got[2].style, ==, big);
    g_assert_cmpint(document_paragraph_ending(doc, 0), ==, LINE_END_CRLF);
    g_assert_cmpuint(document_style_at(doc, (DocPos){1, 0}), ==, big);
    g_assert_cmpuint(document_style_at(doc, (DocPos){2, 3}), ==, f.style);
    g_assert_cmpint(document_paragraph_line_height(doc, 1), >,
                    document_paragraph_line_height(doc, 2));
    assert_refcounts(doc);
    assert_glyphs_match(doc);
    document_delete(doc, document_start(doc), document_end(doc));
    assert_refcounts(doc);
    g_assert_cmpuint(document_bytes(doc), <, 1u << 20); /* the counts did not wrap */
    document_free(doc);
  }
  test_fonts_clear(&f);
}

static void test_random_edits_keep_counts(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 24);
  Document *doc = document_new(f.factory, f.style);
  GString *model = g_string_new(NULL);
  GRand *rand = g_rand_new_with_seed(20261122);
  const char *pieces[] = {"a", "é", "\n", "漢", "xy z", "😀", "\t"};
  for (int step = 0; step < 2000; step++) {
    g_autofree char *text = document_get_all_text(doc);
    g_assert_cmpstr(text, ==, model->str);
    glong n = g_utf8_strlen(model->str, -1);
    glong at = g_rand_int_range(rand, 0, (gint32)n + 1);
    /* a model offset -> document position: count paragraphs before it */
    const char *at_ptr = g_utf8_offset_to_pointer(model->str, at);
    DocPos pos = {0, 0};
    for (const char *s = model->str; s < at_ptr; s++)
      pos = *s == '\n' ? (DocPos){pos.para + 1, 0} : (DocPos){pos.para, pos.offset + 1};
    int op = g_rand_int_range(rand, 0, 10);
    if (op < 5) {
      const char *piece = pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))];
      document_insert(doc, pos, piece, -1, op == 0 ? big : f.style, NULL, NULL);
      g_string_insert(model, at_ptr - model->str, piece);
    } else if (op < 8 && at < n) {
      DocPos end = document_next_char(doc, pos);
      const char *next = g_utf8_next_char(at_ptr);
      document_delete(doc, pos, end);
      g_string_erase(model, at_ptr - model->str, next - at_ptr);
    } else if (op == 8) {
      document_restyle(doc, document_start(doc), pos, big);
    } else {
      document_set_sharing(doc, !document_get_sharing(doc), G_MAXUINT64, NULL);
    }
    if (step % 50 == 0) {
      assert_refcounts(doc);
      assert_glyphs_match(doc);
    }
    g_assert_cmpuint(document_char_count(doc) + document_paragraph_count(doc) - 1, ==,
                     g_utf8_strlen(model->str, -1));
  }
  assert_refcounts(doc);
  g_rand_free(rand);
  g_string_free(model, TRUE);
  document_set_sharing(doc, true, 0, NULL);
  document_free(doc);
  test_fonts_clear(&f);
}

/* One step of the iterator as the public API describes it, for comparing. */
typedef struct {
  gunichar cp;
  guint32 offset, next;
  StyleId style;
  const Glyph *glyph;
} IterStep;

static GArray *walk(const Document *doc, guint32 para, guint32 from)
{
  GArray *steps = g_array_new(FALSE, FALSE, sizeof(IterStep));
  DocCharIter it;
  document_iter_init(doc, &it, para, from);
  while (document_iter_next(&it)) {
    IterStep s = {it.cp, it.offset, it.next, it.style, it.glyph};
    g_array_append_val(steps, s);
  }
  return steps;
}

static void assert_same_steps(const IterStep *a, const IterStep *b, guint n)
{
  for (guint i = 0; i < n; i++) {
    g_assert_cmpuint(a[i].cp, ==, b[i].cp);
    g_assert_cmpuint(a[i].offset, ==, b[i].offset);
    g_assert_cmpuint(a[i].next, ==, b[i].next);
    g_assert_cmpuint(a[i].style, ==, b[i].style);
    g_assert_true(a[i].glyph == b[i].glyph);
  }
}

/* The iterator (inline ASCII path and general path) against decoding the
 * text, the style runs and the factory by hand; starting anywhere, copied,
 * stepped back; with the flyweight on and off. */
static void test_iterator_matches_text(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 30);
  Document *doc = document_new(f.factory, f.style);
  const char *text = "Ab c\xc3\xa9 d\xe6\xbc\xa2"
                     "ef\tgh \xf0\x9f\x98\x80ij klmno";
  document_insert(doc, document_start(doc), text, -1, f.style, NULL, NULL);
  document_restyle(doc, (DocPos){0, 1}, (DocPos){0, 4}, big); /* "b c" */
  /* "漢e": a run that starts at a 3-byte character */
  document_restyle(doc, (DocPos){0, 8}, (DocPos){0, 12}, big);
  document_restyle(doc, (DocPos){0, 20}, (DocPos){0, 22}, big);
  guint32 len;
  document_paragraph_text(doc, 0, &len);
  for (int sharing = 1; sharing >= 0; sharing--) {
    g_assert_true(document_set_sharing(doc, sharing, G_MAXUINT64, NULL));
    g_autoptr(GArray) all = walk(doc, 0, 0);
    const IterStep *st = (const IterStep *)all->data;
    g_assert_cmpuint(all->len, ==, g_utf8_strlen(text, -1));
    g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
    const char *s = text;
    for (guint i = 0; i < all->len; i++, s = g_utf8_next_char(s)) {
      DocPos pos = {0, (guint32)(s - text)};
      g_assert_cmpuint(st[i].offset, ==, pos.offset);
      g_assert_cmpuint(st[i].cp, ==, g_utf8_get_char(s));
      g_assert_cmpuint(st[i].next, ==, (guint32)(g_utf8_next_char(s) - text));
      g_assert_cmpuint(st[i].style, ==, document_style_at(doc, pos));
      g_assert_cmpuint(st[i].glyph->style, ==, st[i].style);
      g_assert_cmpuint(st[i].glyph->codepoint, ==, st[i].cp);
      if (sharing) {
        g_assert_true(st[i].glyph == glyph_factory_lookup(f.factory, st[i].cp, st[i].style));
      } else {
        g_assert_true(st[i].glyph->flags & GLYPH_PRIVATE);
        g_assert_false(g_hash_table_contains(seen, st[i].glyph)); /* each its own */
        g_hash_table_add(seen, (gpointer)st[i].glyph);
      }
      /* starting at this character gives the rest of the walk */
      g_autoptr(GArray) rest = walk(doc, 0, pos.offset);
      g_assert_cmpuint(rest->len, ==, all->len - i);
      assert_same_steps((const IterStep *)rest->data, &st[i], rest->len);
    }
    /* a copy resumes where it was made; a step back repeats the character */
    for (guint k = 0; k < all->len; k++) {
      DocCharIter it;
      document_iter_init(doc, &it, 0, 0);
      for (guint i = 0; i < k; i++)
        g_assert_true(document_iter_next(&it));
      DocCharIter saved = it;
      while (document_iter_next(&it)) {
      }
      g_assert_true(document_iter_next(&saved));
      g_assert_true(saved.glyph == st[k].glyph);
      document_iter_unread(&saved);
      for (guint i = k; i < all->len; i++) {
        g_assert_true(document_iter_next(&saved));
        IterStep got = {saved.cp, saved.offset, saved.next, saved.style, saved.glyph};
        assert_same_steps(&got, &st[i], 1);
      }
      g_assert_false(document_iter_next(&saved));
    }
    assert_refcounts(doc);
  }
  document_free(doc);
  test_fonts_clear(&f);
}

/* What an observer saw: the paragraph range and document_current_edit's answer. */
typedef struct {
  guint calls;
  guint32 first, removed, inserted;
  bool known; /* document_current_edit answered true */
  DocEdit edit;
} EditSeen;

static void record_edit(Document *doc, guint32 first, guint32 removed, guint32 inserted,
                        void *user_data)
{
  EditSeen *seen = user_data;
  seen->calls++;
  seen->first = first;
  seen->removed = removed;
  seen->inserted = inserted;
  seen->edit = (DocEdit){0};
  seen->known = document_current_edit(doc, &seen->edit);
}

static void assert_edit(const EditSeen *seen, guint32 para, guint32 offset, guint32 old_len,
                        guint32 new_len)
{
  g_assert_true(seen->known);
  g_assert_cmpuint(seen->edit.para, ==, para);
  g_assert_cmpuint(seen->edit.offset, ==, offset);
  g_assert_cmpuint(seen->edit.old_len, ==, old_len);
  g_assert_cmpuint(seen->edit.new_len, ==, new_len);
}

static void test_current_edit(void)
{
  TestFonts f;
  test_fonts_init(&f);
  StyleId big = glyph_factory_style(f.factory, f.sans, 30);
  Document *doc = document_new(f.factory, f.style);
  document_insert(doc, document_start(doc), "first line\nsecond line\nthird", -1, f.style, NULL,
                  NULL);
  EditSeen seen = {0};
  guint id = document_add_observer(doc, record_edit, &seen);
  DocEdit out;
  g_assert_false(document_current_edit(doc, &out)); /* only during a notification */
  /* typing and pasting without a line break: inside one paragraph */
  document_insert(doc, (DocPos){1, 7}, "x", -1, f.style, NULL, NULL);
  assert_edit(&seen, 1, 7, 0, 1);
  document_insert(doc, (DocPos){1, 0}, "caf\xc3\xa9 ", -1, big, NULL, NULL);
  assert_edit(&seen, 1, 0, 0, 6);
  /* a line break splits: not one paragraph's edit */
  document_insert(doc, (DocPos){0, 3}, "a\nb", -1, f.style, NULL, NULL);
  g_assert_false(seen.known);
  g_assert_cmpuint(seen.inserted, ==, 2);
  /* deleting within a paragraph, then across two */
  document_delete(doc, (DocPos){2, 2}, (DocPos){2, 8});
  assert_edit(&seen, 2, 2, 6, 0);
  document_delete(doc, (DocPos){0, 1}, (DocPos){1, 1});
  g_assert_false(seen.known);
  /* restyling part of one paragraph, then of two */
  document_restyle(doc, (DocPos){1, 1}, (DocPos){1, 4}, big);
  assert_edit(&seen, 1, 1, 3, 3);
  document_restyle(doc, (DocPos){0, 0}, (DocPos){1, 2}, big);
  g_assert_false(seen.known);
  /* loading, clearing and a flyweight toggle replace paragraphs wholesale */
  guint calls = seen.calls;
  document_set_sharing(doc, false, G_MAXUINT64, NULL);
  g_assert_cmpuint(seen.calls, ==, calls + 1);
  g_assert_false(seen.known);
  document_clear(doc);
  g_assert_false(seen.known);
  document_append_paragraph(doc, "loaded", 6, LINE_END_LF, NULL);
  g_assert_false(seen.known);
  g_assert_false(document_current_edit(doc, &out));
  document_remove_observer(doc, id);
  assert_refcounts(doc);
  document_free(doc);
  test_fonts_clear(&f);
}

/* document_char_index counts characters like GLib does, at every boundary of
 * a line mixing 1- to 4-byte characters (longer than the 8-byte step). */
static void test_char_index(void)
{
  TestFonts f;
  test_fonts_init(&f);
  Document *doc = document_new(f.factory, f.style);
  const char *text = "ab\xc3\xa9 \xe6\xbc\xa2\xe5\xad\x97 \xf0\x9f\x98\x80x caf\xc3\xa9 "
                     "plain ascii tail \xce\xbb\xcf\x8c\xce\xb3\xce\xbf\xcf\x82!";
  document_insert(doc, document_start(doc), "first\n", -1, f.style, NULL, NULL);
  document_insert(doc, (DocPos){1, 0}, text, -1, f.style, NULL, NULL);
  guint32 len;
  document_paragraph_text(doc, 1, &len);
  g_assert_cmpuint(len, ==, strlen(text));
  for (const char *s = text;; s = g_utf8_next_char(s)) {
    DocPos pos = {1, (guint32)(s - text)};
    g_assert_cmpuint(document_char_index(doc, pos), ==, g_utf8_pointer_to_offset(text, s));
    if (*s == '\0')
      break;
  }
  g_assert_cmpuint(document_char_index(doc, (DocPos){0, 3}), ==, 3);
  g_assert_cmpuint(document_char_index(doc, (DocPos){1, 1000}), ==, g_utf8_strlen(text, -1));
  document_free(doc);
  test_fonts_clear(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/document/text/round-trip", test_round_trip_scripts);
  g_test_add_func("/document/refcount/characters", test_refcount_is_character_count);
  g_test_add_func("/document/refcount/freed-at-zero", test_glyph_freed_when_last_character_goes);
  g_test_add_func("/document/edit/split-join", test_split_and_join_paragraphs);
  g_test_add_func("/document/edit/invalid-utf8", test_invalid_utf8_refused);
  g_test_add_func("/document/style/restyle", test_restyle_runs);
  g_test_add_func("/document/flyweight/off-on", test_sharing_off_and_on);
  g_test_add_func("/document/load/append", test_append_and_bytes);
  g_test_add_func("/document/load/append-styled", test_append_styled);
  g_test_add_func("/document/edit/random", test_random_edits_keep_counts);
  g_test_add_func("/document/iter/matches-text", test_iterator_matches_text);
  g_test_add_func("/document/observe/current-edit", test_current_edit);
  g_test_add_func("/document/positions/char-index", test_char_index);
  return g_test_run();
}
