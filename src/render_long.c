/* The long format's results: one record per project, in the three forms
 * of `perfeval check`. */
#include "project.h"

#include <stdio.h>
#include <string.h>

pe_status pe_long_score(const pe_long_item *it, const pe_rules *rules,
                        pe_long_result *res)
{
    pe_error err;
    const pe_error *why = it->err;

    memset(res, 0, sizeof *res);
    res->key = it->key;
    res->name = it->name;
    res->line = it->line;
    res->grade = "";
    if (it->project) {
        pe_project *p = it->project;

        if (rules)
            pe_project_set_rules(p, rules);
        if (pe_project_score(p, &err) != PE_OK) {
            why = &err;
        } else {
            for (size_t i = 0; i < pe_project_nfindings(p); i++) {
                pe_severity sev = pe_project_finding(p, i)->severity;
                res->errors += sev == PE_SEV_ERROR;
                res->warnings += sev == PE_SEV_WARNING;
            }
            res->scored = 1;
            res->total = pe_project_total(p);
            res->grade = pe_project_grade(p);
        }
    }
    if (why)
        pe_error_format(why, res->error, sizeof res->error);
    return PE_OK;
}

pe_status pe_render_long_begin(pe_buf *out, pe_check_format fmt)
{
    if (fmt == PE_CHECK_CSV)
        return pe_buf_puts(out, "project,name,total,grade,errors,warnings,"
                                "line,error\n");
    if (fmt == PE_CHECK_JSON)
        return pe_buf_puts(out, "{\"projects\": [");
    return PE_OK;
}

pe_status pe_render_long_record(pe_buf *out, pe_check_format fmt,
                                const pe_long_result *r, int first)
{
    char total[PE_DEC_BUFSIZE] = "";
    pe_status st = PE_OK;

    if (r->scored)
        pe_dec_format(r->total, total);
    if (fmt == PE_CHECK_CSV) {
        if ((st = pe_csv_field(out, r->key)) != PE_OK ||
            (st = pe_buf_puts(out, ",")) != PE_OK ||
            (st = pe_csv_field(out, r->name)) != PE_OK ||
            (st = pe_buf_printf(out, ",%s,%s,%zu,%zu,%ld,", total, r->grade,
                                r->errors, r->warnings, r->line)) != PE_OK ||
            (st = pe_csv_field(out, r->error)) != PE_OK)
            return st;
        return pe_buf_puts(out, "\n");
    }
    if (fmt == PE_CHECK_JSON) {
        if ((st = pe_buf_puts(out, first ? "\n  {\"project\": "
                                         : ",\n  {\"project\": ")) != PE_OK ||
            (st = pe_json_quote(out, r->key)) != PE_OK ||
            (st = pe_buf_puts(out, ", \"name\": ")) != PE_OK ||
            (st = pe_json_quote(out, r->name)) != PE_OK ||
            (st = pe_buf_printf(out,
                                ", \"total\": %s, \"grade\": \"%s\", "
                                "\"errors\": %zu, \"warnings\": %zu, "
                                "\"line\": %ld",
                                r->scored ? total : "null", r->grade,
                                r->errors, r->warnings, r->line)) != PE_OK)
            return st;
        if (!r->scored && ((st = pe_buf_puts(out, ", \"error\": ")) != PE_OK ||
                           (st = pe_json_quote(out, r->error)) != PE_OK))
            return st;
        return pe_buf_puts(out, "}");
    }
    if (!r->scored)
        return pe_buf_printf(out, "%-16s error: %s\n", r->key, r->error);
    {
        /* 优 is two columns wide: pad by display width, not by bytes */
        int pad = 4 - pe_display_width(r->grade, strlen(r->grade), 0);

        return pe_buf_printf(out, "%-16s %8s %s%*s %zu error%s, %zu warning%s  %s\n",
                             r->key, total, r->grade, pad > 0 ? pad : 0, "",
                             r->errors, r->errors == 1 ? "" : "s",
                             r->warnings, r->warnings == 1 ? "" : "s",
                             r->name);
    }
}

pe_status pe_render_long_end(pe_buf *out, pe_check_format fmt,
                             const pe_long_tally *t, int summary)
{
    if (fmt == PE_CHECK_JSON)
        return pe_buf_printf(out,
                             "%s],\n \"summary\": {\"projects\": %zu, "
                             "\"broken\": %zu, \"errors\": %zu, "
                             "\"warnings\": %zu}}\n",
                             t->projects ? "\n" : "", t->projects, t->broken,
                             t->errors, t->warnings);
    if (fmt == PE_CHECK_TABLE && summary)
        return pe_buf_printf(out,
                             "%zu project%s: %zu could not be scored, %zu "
                             "error%s, %zu warning%s\n",
                             t->projects, t->projects == 1 ? "" : "s",
                             t->broken, t->errors, t->errors == 1 ? "" : "s",
                             t->warnings, t->warnings == 1 ? "" : "s");
    return PE_OK;
}
