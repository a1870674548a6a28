/* ascii_lines.c — the ASCII line-break fast path (ascii_lines.h). */
#include "ascii_lines.h"

/* ---------------------------------------------------------------- the tables */

/* UAX #14 class of a byte, as ICU 72 has it (Unicode 15.0's LineBreak.txt;
 * test_segment holds every ASCII byte against ICU). LC_ICU beyond ASCII. */
static LineClass line_class_of(guchar c)
{
  if (g_ascii_isalpha(c))
    return LC_AL;
  if (g_ascii_isdigit(c))
    return LC_NU;
  switch (c) {
  case ' ':
    return LC_SP;
  case '\t':
  case '|':
    return LC_BA;
  case '-':
    return LC_HY;
  case ',':
  case '.':
  case ':':
  case ';':
    return LC_IS;
  case '/':
    return LC_SY;
  case '!':
  case '?':
    return LC_EX;
  case '"':
  case '\'':
    return LC_QU;
  case '$':
  case '+':
  case '\\':
    return LC_PR;
  case '%':
    return LC_PO;
  case '(':
  case '[':
  case '{':
    return LC_OP;
  case ')':
  case ']':
    return LC_CP;
  case '}':
    return LC_CL;
  case '\n':
    return LC_LF;
  case '\r':
    return LC_CR;
  case '\v':
  case '\f':
    return LC_BK;
  default:
    return c < 0x20 || c >= 0x7F ? LC_ICU : LC_AL;
  }
}

/* The rest of line_rule_of(): letters, digits and the signs around numbers.
 * ICU's LB25 is a pattern, not pairs: PR? (OP|HY)? IS? NU (NU|SY|IS)* (CL|CP)?
 * (PR|PO)? holds together, so "1/2", "$(1" and "1)%" do but "a/|1", "$|(a" and
 * "a)|%" do not. */
static LineRule line_rule_numbers(LineClass b, LineClass c)
{
  bool b_alnum = b == LC_AL || b == LC_NU, c_alnum = c == LC_AL || c == LC_NU;
  bool b_affix = b == LC_PR || b == LC_PO, c_affix = c == LC_PR || c == LC_PO;
  if (b == LC_HY)
    return c == LC_AL ? LINE_HYPHEN_LETTER : c == LC_NU ? LINE_KEEP : LINE_MAY; /* 20.9, LB25 */
  if ((b_alnum || b_affix || b == LC_IS) && c_alnum)
    return LINE_KEEP; /* LB23, LB24, LB25, LB28, LB29 */
  if ((b_alnum && (c_affix || c == LC_OP)) || (b == LC_CP && c_alnum))
    return LINE_KEEP; /* LB24, LB25, LB30 */
  if (b_affix && c == LC_OP)
    return LINE_PREFIX_OPEN;
  if ((b == LC_SY && c == LC_NU) || ((b == LC_SY || b == LC_IS) && c_affix))
    return LINE_NUMBER_TAIL;
  if ((b == LC_CL || b == LC_CP) && c_affix)
    return LINE_CLOSE_TAIL;
  return LINE_MAY; /* LB31 */
}

/* The rule between a byte of class @b and the next one, of class @c: UAX #14's
 * rules in their order, as far as ASCII meets them, with ICU's tailorings
 * (ICU 72's root rules, line.txt). */
static LineRule line_rule_of(LineClass b, LineClass c)
{
  if (b == LC_ICU || c == LC_ICU)
    return LINE_ASK_ICU;
  if (b == LC_CR && c == LC_LF)
    return LINE_KEEP; /* LB5 */
  if (b == LC_LF || b == LC_CR || b == LC_BK)
    return LINE_MUST; /* LB4, LB5 */
  if (c == LC_LF || c == LC_CR || c == LC_BK || c == LC_SP || b == LC_OP)
    return LINE_KEEP; /* LB6, LB7, LB14 */
  if (c == LC_CL || c == LC_CP || c == LC_EX || c == LC_SY)
    return LINE_KEEP; /* LB13, after spaces too */
  if (b == LC_SP)
    return c == LC_IS ? LINE_SPACE_IS : c == LC_OP ? LINE_SPACES_OPEN : LINE_AFTER_SPACES;
  if (c == LC_IS || b == LC_QU || c == LC_QU || c == LC_BA || c == LC_HY)
    return LINE_KEEP; /* LB13 for IS (not after spaces), LB19, LB21 */
  return line_rule_numbers(b, c);
}

/* Fills @t: the rules above, looked up once per character by the walk. A
 * two-byte character is a letter to the walk when its class is AL (the
 * letters of Latin-1 and the Latin extensions, Greek, Cyrillic, Armenian,
 * Arabic, Syriac, Thaana, N'Ko: GLib's UAX #14 data, the Unicode 15.0 of
 * ICU 72): UAX #14 treats every AL alike, so the rules between ASCII letters
 * and ASCII hold for them. Anything else there (combining marks, Hebrew's HL,
 * no-break space, soft hyphen, quotation marks, ambiguous signs) is ICU's. */
void ascii_lines_init(AsciiLines *t)
{
  for (gunichar u = 0x80; u < 0x800; u++)
    t->two_byte_class[u - 0x80] = g_unichar_break_type(u) == G_UNICODE_BREAK_ALPHABETIC ? LC_AL
                                                                                        : LC_ICU;
  for (int c = 0; c < 256; c++)
    t->line_class[c] = (guint8)line_class_of((guchar)c);
  for (int b = 0; b < LC_COUNT; b++)
    for (int c = 0; c < LC_COUNT; c++)
      t->line_rule[b][c] = (guint8)line_rule_of((LineClass)b, (LineClass)c);
}

/* ---------------------------------------------------------------- the walk */

/* The ASCII fast path gives exactly ICU's opportunities, and which are
 * mandatory, wherever the bytes it looks at are ASCII other than the controls
 * UAX #14 calls combining marks (CM); elsewhere ICU decides. Its rules are
 * ICU 72's root rules (line.txt) as they meet ASCII: UAX #14 of Unicode 15.0
 * with ICU's tailorings. Most pairs of classes decide alone (line_rule_of(),
 * looked up in a table); the others look further, each over a run that ends
 * next to the position:
 *  - after spaces, the byte before them: "( a" and "\" (" hold (LB14, LB15),
 *    "a (b" breaks before '(' (LB18);
 *  - a space then IS, the byte after: " ,a" holds, "a .5" breaks before '.'
 *    (ICU's tailoring, Unicode 15.1's LB15c and LB15d);
 *  - a hyphen then a letter, whether a break comes before the hyphen: "x -a"
 *    holds after it (ICU's rule 20.9), "e-mail" breaks;
 *  - around numbers, a digit before or after (ICU's LB25 pattern, see
 *    line_rule_numbers()).
 * A run of spaces, or of separators (SY, IS) with no digit, is crossed by at
 * most two positions' looks, so a walk stays linear in the text. */

static LineClass line_class(const AsciiLines *t, const char *text, gsize at)
{
  return (LineClass)t->line_class[(guchar)text[at]];
}

/* The class of the byte before the run of spaces that ends before @at: LC_LF
 * at the start of the text (which, like a mandatory break, starts a line). */
static LineClass class_before_spaces(const AsciiLines *t, const char *text, gsize at)
{
  gsize start = at - 1;
  while (start > 0 && text[start - 1] == ' ')
    start--;
  return start == 0 ? LC_LF : line_class(t, text, start - 1);
}

/* After a run of spaces: an opportunity (LB18) unless an opening bracket came
 * before them (LB14), or a quotation mark when an opening bracket (@open)
 * follows (LB15). */
static LineRule after_spaces(const AsciiLines *t, const char *text, gsize at, bool open)
{
  LineClass before = class_before_spaces(t, text, at);
  if (before == LC_ICU)
    return LINE_ASK_ICU;
  return before == LC_OP || (open && before == LC_QU) ? LINE_KEEP : LINE_MAY;
}

/* A space then IS: held, unless a digit follows ("a .5" starts a number). */
static LineRule space_then_is(const AsciiLines *t, const char *text, gsize len, gsize at)
{
  LineRule spaces = after_spaces(t, text, at, false);
  if (spaces != LINE_MAY || at + 1 == len)
    return spaces == LINE_ASK_ICU ? LINE_ASK_ICU : LINE_KEEP;
  LineClass next = line_class(t, text, at + 1);
  return next == LC_ICU ? LINE_ASK_ICU : next == LC_NU ? LINE_MAY : LINE_KEEP;
}

/* A hyphen then a letter: held when the hyphen starts a line (after the start
 * of the text, a mandatory break or spaces, but not after "( "). */
static LineRule hyphen_then_letter(const AsciiLines *t, const char *text, gsize at)
{
  if (at == 1)
    return LINE_KEEP;
  LineRule before = t->line_rule[line_class(t, text, at - 2)][LC_HY];
  if (before == LINE_AFTER_SPACES)
    before = after_spaces(t, text, at - 1, false);
  if (before == LINE_ASK_ICU)
    return LINE_ASK_ICU;
  return before == LINE_KEEP ? LINE_MAY : LINE_KEEP;
}

/* Whether the run of digits and separators (NU, SY, IS) that ends at @end is
 * a number, i.e. holds a digit: held together then (LB25). */
static LineRule inside_number(const AsciiLines *t, const char *text, gsize end)
{
  for (gsize at = end + 1; at-- > 0;) {
    LineClass c = line_class(t, text, at);
    if (c == LC_NU)
      return LINE_KEEP;
    if (c == LC_ICU)
      return LINE_ASK_ICU;
    if (c != LC_SY && c != LC_IS)
      break;
  }
  return LINE_MAY;
}

/* PR or PO then OP: held when a number follows the bracket ("$(1", "$(.5"). */
static LineRule prefix_then_open(const AsciiLines *t, const char *text, gsize len, gsize at)
{
  gsize next = at + 1;
  if (next < len && line_class(t, text, next) == LC_IS)
    next++;
  if (next >= len)
    return LINE_MAY;
  LineClass c = line_class(t, text, next);
  return c == LC_ICU ? LINE_ASK_ICU : c == LC_NU ? LINE_KEEP : LINE_MAY;
}

/* The verdict at @at (0 < @at < len) of a @rule that looks beyond the pair. */
static LineRule line_in_context(const AsciiLines *t, const char *text, gsize len, gsize at,
                                LineRule rule)
{
  switch (rule) {
  case LINE_AFTER_SPACES:
  case LINE_SPACES_OPEN:
    return after_spaces(t, text, at, rule == LINE_SPACES_OPEN);
  case LINE_SPACE_IS:
    return space_then_is(t, text, len, at);
  case LINE_HYPHEN_LETTER:
    return hyphen_then_letter(t, text, at);
  case LINE_NUMBER_TAIL:
    return inside_number(t, text, at - 1);
  case LINE_CLOSE_TAIL:
    return at >= 2 ? inside_number(t, text, at - 2) : LINE_MAY;
  case LINE_PREFIX_OPEN:
    return prefix_then_open(t, text, len, at);
  default:
    return rule;
  }
}

/* The fast path's verdict at the end of the text, after a byte of class
 * @last: always an opportunity (LB3), mandatory after LB4's classes. */
static LineRule line_at_end(LineClass last)
{
  if (last == LC_ICU)
    return LINE_ASK_ICU;
  return last == LC_LF || last == LC_CR || last == LC_BK ? LINE_MUST : LINE_MAY;
}

/* Ends ascii_lines_next() at @at, where the verdict is not LINE_KEEP. */
static gsize line_found(gsize at, LineRule verdict, bool *mandatory, gsize *ask_icu_at)
{
  if (verdict == LINE_ASK_ICU) {
    *ask_icu_at = at;
    return 0;
  }
  *mandatory = verdict == LINE_MUST;
  return at;
}

/* The class of the character at @at and its length in bytes: an ASCII byte,
 * or a two-byte character whose class is AL; LC_ICU otherwise (longer
 * characters, bytes that are not UTF-8). */
static LineClass char_class(const AsciiLines *t, const char *text, gsize len, gsize at,
                            gsize *width)
{
  guchar c = (guchar)text[at], next = at + 1 < len ? (guchar)text[at + 1] : 0;
  *width = 1;
  if (c < 0x80)
    return (LineClass)t->line_class[c];
  if (c < 0xC2 || c > 0xDF || (next & 0xC0) != 0x80)
    return LC_ICU;
  *width = 2;
  return (LineClass)t->two_byte_class[((c & 0x1Fu) << 6 | (next & 0x3Fu)) - 0x80];
}

/* One table lookup per character: a character's class is carried over to
 * the next pair. The looks beyond a pair (line_in_context()) read single
 * bytes, where a two-byte character is LC_ICU: they ask ICU rather than
 * guess. */
gsize ascii_lines_next(const AsciiLines *t, const char *text, gsize len, gsize pos, bool *mandatory,
                       gsize *ask_icu_at)
{
  gsize width;
  LineClass before = char_class(t, text, len, pos, &width);
  if ((before == LC_HY || before == LC_BA) && pos > 0 && (guchar)text[pos - 1] >= 0x80)
    return line_found(pos + width, LINE_ASK_ICU, mandatory, ask_icu_at); /* LB21a: HL (HY|BA) × */
  for (gsize at = pos + width; at < len; at += width) {
    LineClass after = char_class(t, text, len, at, &width);
    LineRule verdict = (LineRule)t->line_rule[before][after];
    before = after;
    if (verdict == LINE_KEEP)
      continue;
    if (verdict > LINE_ASK_ICU)
      verdict = line_in_context(t, text, len, at, verdict);
    if (verdict != LINE_KEEP)
      return line_found(at, verdict, mandatory, ask_icu_at);
  }
  return line_found(len, line_at_end(before), mandatory, ask_icu_at);
}
