/* ascii_lines.h — UAX #14 line-break opportunities in ASCII text, exactly as
 * ICU 72 gives them: segment.c's fast path (a private header of the text
 * layer). A table lookup per byte; where a byte it must look at is a control
 * UAX #14 calls a combining mark, or not ASCII, it says so and ICU decides. */
#ifndef GLYPHPAD_ASCII_LINES_H
#define GLYPHPAD_ASCII_LINES_H

#include <glib.h>
#include <stdbool.h>

/* UAX #14 line-breaking classes of ASCII bytes, as ICU 72 has them (see ascii_lines.c). */
typedef enum {
  LC_AL,  /* letters, # & * < = > @ ^ _ ` ~ */
  LC_NU,  /* digits */
  LC_SP,  /* space */
  LC_BA,  /* tab, | */
  LC_HY,  /* - */
  LC_IS,  /* , . : ; */
  LC_SY,  /* / */
  LC_EX,  /* ! ? */
  LC_QU,  /* " ' */
  LC_PR,  /* $ + backslash */
  LC_PO,  /* % */
  LC_OP,  /* ( [ { */
  LC_CP,  /* ) ] */
  LC_CL,  /* } */
  LC_LF,  /* line feed */
  LC_CR,  /* carriage return */
  LC_BK,  /* vertical tab, form feed */
  LC_ICU, /* the other controls (UAX #14's CM) and bytes beyond ASCII: ICU decides */
  LC_COUNT
} LineClass;

/* The line fast path's verdict at a position (the first four), or, between
 * two classes, what else it must look at to give one (see line_in_context()). */
typedef enum {
  LINE_KEEP,          /* no opportunity */
  LINE_MAY,           /* an opportunity */
  LINE_MUST,          /* a mandatory break */
  LINE_ASK_ICU,       /* the fast path cannot tell */
  LINE_AFTER_SPACES,  /* SP, then not OP: the byte before the spaces */
  LINE_SPACES_OPEN,   /* SP, then OP: the byte before the spaces */
  LINE_SPACE_IS,      /* SP, then IS: the byte before the spaces and the one after */
  LINE_HYPHEN_LETTER, /* HY, then AL: whether a break comes before the hyphen */
  LINE_NUMBER_TAIL,   /* SY then NU, or SY or IS then PR or PO: a digit before */
  LINE_CLOSE_TAIL,    /* CL or CP, then PR or PO: a digit before the bracket */
  LINE_PREFIX_OPEN,   /* PR or PO, then OP: a digit after the bracket */
} LineRule;

#define ASCII_LINES_TWO_BYTE 0x780 /* code points U+0080..U+07FF: two bytes of UTF-8 */

/* The tables: a class per byte, a rule per pair of classes, and a class per
 * two-byte character (LC_AL or LC_ICU, see ascii_lines_next()). */
typedef struct {
  guint8 line_class[256];                      /* LineClass of each byte */
  guint8 line_rule[LC_COUNT][LC_COUNT];        /* LineRule between a class and the next */
  guint8 two_byte_class[ASCII_LINES_TWO_BYTE]; /* LineClass of U+0080 + i */
} AsciiLines;

void ascii_lines_init(AsciiLines *t);

/* The next opportunity after byte @pos of @text (@len bytes), and whether it
 * is mandatory; 0 when the fast path cannot tell at a position, and then
 * *@ask_icu_at says which: no position before it has an opportunity. */
gsize ascii_lines_next(const AsciiLines *t, const char *text, gsize len, gsize pos, bool *mandatory,
                       gsize *ask_icu_at);

#endif
