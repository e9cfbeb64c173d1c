/* comp_text.c — the component text format, "(component ...)" to component
 * binary bytes. Placeholder until the encoder lands: refuses every
 * component with a clear error. */
#include "txt.h"

bool txt_component_to_wasm(const char *text, size_t len, size_t start, size_t *end,
                           uint8_t **out, size_t *out_len, wf_error *err)
{
    (void)text; (void)len; (void)out; (void)out_len;
    *end = start;
    return wf_fail(err, WF_ERR_MALFORMED, start,
                   "component text format is not supported yet");
}
