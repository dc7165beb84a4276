/*
 * The unit profile (perfeval.h, pe_unit_load): what only the unit knows
 * and the 附件1 cannot hold (its name, its functions, how the evaluation
 * was organised, its problems, how results are used, the date of the
 * 落款), kept in a small JSON file beside the tables and given to
 * `perfeval report --unit FILE`.  The keys are the words an office uses;
 * a key the profile does not know is refused by name, so that a typing
 * slip does not leave a section silently 待填写.
 */
#include "jsonval.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pe_unit {
    char *text[PE_UNIT_NFIELDS];
};

/* The keys, in the order of the report (and of the blank profile). */
static const char *const keys[PE_UNIT_NFIELDS] = {
    [PE_UNIT_NAME] = "单位名称",     [PE_UNIT_DUTIES] = "单位职能",
    [PE_UNIT_EVAL] = "评价工作组织", [PE_UNIT_PROBLEMS] = "存在的问题",
    [PE_UNIT_USE] = "结果应用",      [PE_UNIT_DATE] = "落款日期"};

static void list_keys(char *buf, size_t n)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int k = 0; k < PE_UNIT_NFIELDS && used < n; k++) {
        int w = snprintf(buf + used, n - used, "%s%s", k ? ", " : "", keys[k]);

        if (w < 0)
            break;
        used += (size_t)w;
    }
}

pe_status pe_unit_load(const char *buf, size_t len, const char *name,
                       pe_unit **out, pe_error *err)
{
    cJSON *root = NULL, *item;
    pe_unit *u;
    pe_status st;
    char known[256];

    *out = NULL;
    if ((st = pe_json_parse(buf, len, name, &root, err)) != PE_OK)
        return st;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        pe_error_set(err, name, 0, 0,
                     "a unit profile is a JSON object: {\"单位名称\": "
                     "\"…\", …} (perfeval init --unit writes a blank one)");
        return PE_EDATA;
    }
    if (!(u = calloc(1, sizeof *u))) {
        cJSON_Delete(root);
        pe_error_set(err, name, 0, 0, "out of memory");
        return PE_ENOMEM;
    }
    cJSON_ArrayForEach(item, root)
    {
        int k = 0;

        /* what init --unit writes; another of perfeval's outputs (a table,
         * a rules file) is named for what it is */
        if (strcmp(item->string, "format") == 0) {
            if (cJSON_IsString(item) &&
                strcmp(item->valuestring, PE_JSON_UNIT) == 0)
                continue;
            if (cJSON_IsString(item) &&
                strncmp(item->valuestring, "perfeval/", 9) == 0)
                pe_error_set(err, name, 0, 0,
                             "this is perfeval's \"%s\" output, not a unit "
                             "profile (perfeval init --unit writes a blank "
                             "one)",
                             item->valuestring);
            else
                pe_error_set(err, name, 0, 0,
                             "\"format\" must be \"%s\" in a unit profile",
                             PE_JSON_UNIT);
            st = PE_EDATA;
            break;
        }
        while (k < PE_UNIT_NFIELDS && strcmp(item->string, keys[k]) != 0)
            k++;
        if (k == PE_UNIT_NFIELDS) {
            list_keys(known, sizeof known);
            pe_error_set(err, name, 0, 0,
                         "unknown key \"%s\" in the unit profile (it takes "
                         "%s)",
                         item->string, known);
            st = PE_EDATA;
            break;
        }
        if (cJSON_IsNull(item))
            continue;
        if (!cJSON_IsString(item)) {
            pe_error_set(err, name, 0, 0, "\"%s\" is not a text", keys[k]);
            st = PE_EDATA;
            break;
        }
        free(u->text[k]);
        if (!(u->text[k] = pe_strdup_or_empty(item->valuestring))) {
            pe_error_set(err, name, 0, 0, "out of memory");
            st = PE_ENOMEM;
            break;
        }
    }
    cJSON_Delete(root);
    if (st != PE_OK) {
        pe_unit_free(u);
        return st;
    }
    *out = u;
    return PE_OK;
}

const char *pe_unit_text(const pe_unit *u, pe_unit_field f)
{
    if (!u || (int)f < 0 || f >= PE_UNIT_NFIELDS || !u->text[f])
        return "";
    return u->text[f];
}

void pe_unit_free(pe_unit *u)
{
    if (!u)
        return;
    for (int k = 0; k < PE_UNIT_NFIELDS; k++)
        free(u->text[k]);
    free(u);
}

pe_status pe_unit_template(pe_buf *out)
{
    size_t before = out->len;
    pe_status st = pe_buf_puts(out, "{\n  \"format\": \"" PE_JSON_UNIT "\",\n");

    for (int k = 0; k < PE_UNIT_NFIELDS && st == PE_OK; k++)
        st = pe_buf_printf(out, "  \"%s\": \"\"%s\n", keys[k],
                           k + 1 < PE_UNIT_NFIELDS ? "," : "");
    if (st == PE_OK)
        st = pe_buf_puts(out, "}\n");
    if (st != PE_OK) {
        out->len = before;
        if (out->data)
            out->data[before] = '\0';
    }
    return st;
}
