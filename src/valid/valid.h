/* valid.h — validation fused with compilation.
 *
 * val_module checks every module-level rule of the spec (indices in range,
 * limits, export names unique, start function type, constant expressions,
 * element/data segments, declared function references) and then validates
 * and compiles each function body in one pass, storing the result in
 * bin_func.compiled. Errors are WF_ERR_INVALID with the spec's wording
 * ("type mismatch", "unknown local", ...) and a byte offset. */
#ifndef WEFT_VALID_H
#define WEFT_VALID_H

#include "../binary/binary.h"

bool val_module(wf_module *m, wf_error *err);

/* One function body (index into m->funcs), validate + compile. Called by
 * val_module after the module-level checks. */
bool val_function(wf_module *m, uint32_t defined_index, wf_error *err);

/* Validate a constant expression producing `type` (module-level helper,
 * also used by function validation for nothing; exposed for tests). */
bool val_const_expr(const wf_module *m, const bin_expr *e, uint8_t type,
                    uint32_t nglobals_visible, wf_error *err);

#endif
