/* memory_give_back.h — hands the heap that was freed back to the system.
 *
 * glibc keeps what free() returns for later mallocs: only free space at the very
 * top of the heap goes back by itself, so after a large free below something
 * still alive (a document freed while the view's caches sit above it, the
 * private glyphs of the flyweight off) the resident set stays where it was.
 * malloc_trim(0) releases every free page of every arena, so RSS falls back to
 * what is in use: the peak does not become the steady state.
 *
 * It costs time in proportion to the free chunks it walks, not to the heap in
 * use: 0.02 ms on a 50 MB heap with nothing free, 10 to 30 ms after a million
 * small blocks were freed (memory_give_back.c says how that was measured). So
 * it is called after large frees only — the editor when a command freed at
 * least EDITOR_GIVE_BACK_BYTES (1 MiB, editor.c: a document replaced, an undone paste,
 * undo steps dropped), the view after each step of giving the private glyphs
 * back when the flyweight goes back on (view_sharing_step) — never on every
 * keystroke. */
#ifndef GLYPHPAD_MEMORY_GIVE_BACK_H
#define GLYPHPAD_MEMORY_GIVE_BACK_H

#include <stdbool.h>

/* Returns the free pages of the C library's heap to the system (glibc's
 * malloc_trim(0)). True when the allocator says it released something; false
 * when there was nothing to release, or when the C library is not glibc (a
 * no-op then). */
bool memory_give_back(void);

#endif
