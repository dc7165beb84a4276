/* What rules.c gives the loaders beyond the public rules API. */
#ifndef PE_RULES_H
#define PE_RULES_H

#include "perfeval.h"

#include <cJSON.h>

/* Lay the members of a rules object over r (a rules file, or a project
 * file's "rules"). */
PE_MUST_CHECK pe_status pe_rules_apply_json(const cJSON *obj, const char *name,
                                            pe_rules *r, pe_error *err);

#endif
