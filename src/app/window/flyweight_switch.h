/* flyweight_switch.h — F2: the flyweight turned off or on a step per loop turn.
 *
 * Going off makes a private Glyph for every glyph occurrence of the document
 * (about 5 million for 5 MB, half a second to over two seconds of work), going
 * on gives them back; done in one go the window froze that long. So F2 only
 * begins the switch (view_sharing_begin: the text is drawn in the new mode at
 * once) and the loop does FLYWEIGHT_SWITCH_STEP_US of it per turn, as it reads
 * a file, with a progress bar and a message in the bar. Input waits meanwhile
 * and is applied in order when the switch is done (input.h), except F2
 * itself: pressed again it turns back at once, giving back what was built (the
 * text is never touched either way). When the switch ends, the bar says what
 * it did and the overlay marks the moment. */
#ifndef GLYPHPAD_WINDOW_FLYWEIGHT_SWITCH_H
#define GLYPHPAD_WINDOW_FLYWEIGHT_SWITCH_H

#include "app.h"

#define FLYWEIGHT_SWITCH_STEP_US 12000 /* building or giving back per loop turn */

/* The state of no switch. Free with flyweight_switch_free(). */
G_GNUC_WARN_UNUSED_RESULT FlyweightSwitch *flyweight_switch_new(void);
void flyweight_switch_free(FlyweightSwitch *sw); /* NULL is a no-op */

/* Starts turning the flyweight on (@sharing) or off, or turns back a switch
 * under way; does its first step (a small document is done at once). False
 * with a message in the bar when going off is over --budget. */
bool flyweight_switch_start(App *app, bool sharing);
/* F2: the other way from where the flyweight is, or is heading. */
void flyweight_switch_toggle(App *app);
/* Whether a switch has steps left. */
bool flyweight_switch_busy(const App *app);
/* Does about @budget_us of the switch; at the end says in the bar what it did.
 * True while steps are left. */
bool flyweight_switch_step(App *app, gint64 budget_us);
/* How far it is, 0..1. */
double flyweight_switch_progress(const App *app);
/* The bar's line while it works (free it). */
char *flyweight_switch_bar_text(const App *app);

#endif
