/* styled_html.h — keeping typefaces and sizes in a file: a small subset of
 * HTML that browsers, office suites and other editors open, and that glyphpad
 * reads back exactly.
 *
 * The file is UTF-8:
 *   <!DOCTYPE html>
 *   <html><head><meta charset="utf-8"><meta name="generator" content="glyphpad styled text 1">
 *   <title>NAME</title></head>
 *   <body><pre style="font-family: 'FAMILY'; font-size: 16px">PARAGRAPH 1
 *   PARAGRAPH 2</pre></body></html>
 * Each paragraph is one line inside <pre>, ended by its own line ending (LF,
 * CRLF or CR, as in the document), the last one by </pre></body></html> and
 * the document's line ending, which also ends the three head lines. Text in the
 * <pre>'s style (the document's most used one, by bytes) is written as it is;
 * other runs as <span style="font-family: 'FAMILY'; font-size: 20px">...</span>,
 * never across a line. An empty paragraph is an empty <span> in its style when
 * that is not the <pre>'s, when it is the first line (an HTML parser drops a
 * newline right after <pre>) and after a CR (CR + LF would read back as CRLF).
 * & < > are written as entities; U+0000, the other C0 control characters but
 * tab, DEL and the raw-byte code points (bytes that were not UTF-8, text_file.h)
 * as numeric references (&#x10FF80;), so text, raw bytes, line endings and
 * styles all round-trip. (C1 controls stay as they are: browsers read &#x80;..
 * &#x9F; as Windows-1252 characters.) FAMILY is a CSS string (' and \ escaped
 * with a backslash) inside an attribute (& < > " as entities). Sizes are CSS
 * pixels: document pixels divided by @px_per_css_px (the window's pixel
 * density; 1 headless), with at most three decimals and none needless ("20px",
 * "13.5px", "13.333px").
 *
 * Reading: a file is ours when its first two lines are the ones above (the
 * generator names glyphpad); any other HTML opens as plain text, as in every
 * text editor. Loading reads the file as text first (text_loader.h), so the
 * document then holds the source lines; styled_html_apply() turns them into
 * the styled text. It reads what we write and nothing else: the entities
 * &amp; &lt; &gt; &quot; &#39;, references &#N; and &#xH; (not to a line
 * break), <span style> with our two properties (not nested, closed on its
 * line), the final newline optional. */
#ifndef GLYPHPAD_STYLED_HTML_H
#define GLYPHPAD_STYLED_HTML_H

#include <glib.h>
#include <stdbool.h>
#include "document.h"

/* Whether @doc's characters use more than one style: plain text would lose
 * something a reader sees. Empty paragraphs do not count: Ctrl+A and a new
 * size leave the empty line after a file's last newline in the old style, and
 * that alone must not make saving ask (the styled format does keep it). */
bool styled_html_needed(const Document *doc);

/* The styled file's bytes for @doc; @title (may be NULL; not UTF-8: repaired)
 * goes in <title>; @px_per_css_px <= 0 means 1. One pass over the text, the
 * buffer sized up front. Free with g_free; *@len receives the length. */
G_GNUC_WARN_UNUSED_RESULT char *styled_html_encode(const Document *doc, double px_per_css_px,
                                                   const char *title, gsize *len);

/* Whether @doc holds the source lines of a file glyphpad wrote (see above). */
bool styled_html_detect(const Document *doc);

/* The style for @family at @css_px CSS pixels, or STYLE_NONE when there is no
 * such font (the text then gets the document's default style). Called once per
 * distinct style attribute of the file. */
typedef StyleId (*StyledHtmlResolve)(const char *family, double css_px, void *user_data);

/* Replaces @doc's source lines (styled_html_detect() was true) by the text and
 * styles they describe, resolving each style through @resolve; each paragraph
 * keeps its source line's ending (the line ending for new paragraphs stays as
 * loading set it). The lines are parsed in full before @doc is touched: false
 * with @error (TEXT_FILE_ERROR_FORMAT, "Line N is not in glyphpad's styled
 * format: ...") when they are not what glyphpad writes, and @doc unchanged. */
bool styled_html_apply(Document *doc, StyledHtmlResolve resolve, void *user_data, GError **error);

#endif
