/* script_comp.h — component values in .wast scripts (script_comp_val.c),
 * shared with script_comp.c. */
#ifndef WEFT_SCRIPT_COMP_H
#define WEFT_SCRIPT_COMP_H

#include "script.h"
#include "../component/component.h"

/* Values up to the next ')' (not consumed), in the arena: arguments, or
 * with pattern, expected results (NaN patterns allowed). *n gets their
 * number; the result may be NULL when *n is 0. */
comp_sval *scr_comp_values(script *s, uint32_t *n, bool pattern);

#endif
