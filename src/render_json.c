/* --format json: the project file format plus the scores, so that a script
 * reads totals and a later run loads the same file back. */
#include "jsonval.h"
#include "project.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

/* Scores are padded to the rules' places (95.58, 10.00) and never cut: a
 * reported 7.555 stays 7.555. */
static void add_score(pe_jout *o, cJSON *obj, const char *key, pe_dec d,
                      int places)
{
    char buf[PE_DEC_BUFSIZE];

    pe_jout_number(o, obj, key,
                   pe_dec_format_places(d, d.scale > places ? d.scale : places,
                                        PE_ROUND_TRUNCATE, buf));
}

static void add_opt(pe_jout *o, cJSON *obj, const char *key, pe_opt_dec d)
{
    if (d.present)
        pe_jout_dec(o, obj, key, d.v);
}

static cJSON *fund_row(pe_jout *o, const pe_fund_row *r)
{
    cJSON *j = pe_jout_new(o, cJSON_CreateObject());

    if (!j)
        return NULL;
    pe_jout_str(o, j, "name", r->name);
    add_opt(o, j, "initial", r->initial);
    add_opt(o, j, "budget", r->budget);
    add_opt(o, j, "executed", r->executed);
    return j;
}

static cJSON *funds(pe_jout *o, const pe_project *p)
{
    const pe_funds *f = &p->funds;
    cJSON *j = pe_jout_new(o, cJSON_CreateObject()), *parts;
    char buf[PE_DEC_BUFSIZE + 1];

    if (!j)
        return NULL;
    add_opt(o, j, "weight", f->weight);
    add_opt(o, j, "initial", f->total.initial);
    add_opt(o, j, "budget", f->total.budget);
    add_opt(o, j, "executed", f->total.executed);
    if (f->reported_rate && f->reported_rate[0])
        pe_jout_str(o, j, "rate", f->reported_rate);
    if (f->rate_known) {
        pe_dec pct;

        if (pe_dec_muldiv(f->rate, pe_dec_from_int(100), pe_dec_from_int(1), 2,
                          PE_ROUND_TRUNCATE, &pct) == PE_OK) {
            pe_dec_format(pct, buf);
            strcat(buf, "%");
            pe_jout_str(o, j, "computed_rate", buf);
        }
    }
    if (f->has_score) {
        add_score(o, j, "score", f->score, p->rules.places);
        if (f->computable && pe_dec_cmp(f->computed, f->score) != 0)
            add_score(o, j, "computed", f->computed, p->rules.places);
        if (f->reported.present && pe_dec_cmp(f->reported.v, f->score) != 0)
            pe_jout_dec(o, j, "reported", f->reported.v);
    } else if (f->reported.present) {
        pe_jout_dec(o, j, "score", f->reported.v);
    }
    parts = pe_jout_new(o, cJSON_CreateArray());
    for (size_t i = 0; parts && i < f->nparts; i++) {
        cJSON *r = fund_row(o, &f->parts[i]);
        if (r)
            cJSON_AddItemToArray(parts, r);
    }
    pe_jout_put(o, j, "parts", parts);
    return j;
}

static cJSON *indicator(pe_jout *o, const pe_indicator *r, int places)
{
    cJSON *j = pe_jout_new(o, cJSON_CreateObject());

    if (!j)
        return NULL;
    pe_jout_str(o, j, "level1", r->level1);
    pe_jout_str(o, j, "level2", r->level2);
    pe_jout_str(o, j, "name", r->name);
    pe_jout_str(o, j, "target", r->target);
    pe_jout_str(o, j, "actual", r->actual);
    if (r->weight_set)
        pe_jout_dec(o, j, "weight", r->weight);
    if (r->has_score)
        add_score(o, j, "score", r->score, places);
    else if (r->reported.present)
        pe_jout_dec(o, j, "score", r->reported.v);
    if (r->shares) /* the row whose merged 得分 covers this one, from 1 */
        pe_jout_put(o, j, "score_shared_with",
                    cJSON_CreateNumber((double)r->shares));
    if (r->computable && pe_dec_cmp(r->computed, r->score) != 0)
        add_score(o, j, "computed", r->computed, places);
    if (r->reported.present && pe_dec_cmp(r->reported.v, r->score) != 0)
        pe_jout_dec(o, j, "reported", r->reported.v);
    pe_jout_str(o, j, "reason", r->reason);
    return j;
}

static const char *severity_name(pe_severity s)
{
    return s == PE_SEV_ERROR     ? "error"
           : s == PE_SEV_WARNING ? "warning"
                                 : "info";
}

pe_status pe_render_json(const pe_project *p, pe_buf *b)
{
    pe_jout o = {0};
    cJSON *root = cJSON_CreateObject(), *arr, *dept, *goal, *rep;

    if (!root)
        return PE_ENOMEM;
    pe_jout_str(&o, root, "format", PE_JSON_PROJECT);
    pe_jout_str(&o, root, "name", p->name);
    if (p->year)
        pe_jout_put(&o, root, "year", cJSON_CreateNumber(p->year));
    dept = pe_jout_new(&o, cJSON_CreateObject());
    if (dept) {
        pe_jout_str(&o, dept, "code", p->dept_code);
        pe_jout_str(&o, dept, "name", p->dept);
    }
    pe_jout_put(&o, root, "department", dept);
    pe_jout_str(&o, root, "unit", p->unit);
    pe_jout_str(&o, root, "money_unit", p->money_unit);
    if (p->funds.present)
        pe_jout_put(&o, root, "funds", funds(&o, p));
    goal = pe_jout_new(&o, cJSON_CreateObject());
    if (goal) {
        pe_jout_str(&o, goal, "target", p->goal);
        pe_jout_str(&o, goal, "actual", p->goal_actual);
    }
    pe_jout_put(&o, root, "goal", goal);
    pe_jout_str(&o, root, "note", p->note);
    if (p->remarks && p->remarks[0])
        pe_jout_str(&o, root, "remarks", p->remarks);
    arr = pe_jout_new(&o, cJSON_CreateArray());
    for (size_t i = 0; arr && i < p->nind; i++) {
        cJSON *r = indicator(&o, &p->ind[i], p->rules.places);
        if (r)
            cJSON_AddItemToArray(arr, r);
    }
    pe_jout_put(&o, root, "indicators", arr);
    rep = pe_jout_new(&o, cJSON_CreateObject());
    if (rep) {
        add_opt(&o, rep, "max", p->reported_max);
        add_opt(&o, rep, "total", p->reported_total);
        if (p->reported_grade && p->reported_grade[0])
            pe_jout_str(&o, rep, "grade", p->reported_grade);
    }
    pe_jout_put(&o, root, "reported", rep);
    pe_jout_put(&o, root, "rules", pe_jout_rules(&o, &p->rules));
    if (p->rules_note[0])
        pe_jout_str(&o, root, "rules_note", p->rules_note);
    add_score(&o, root, "total", p->total, p->rules.places);
    pe_jout_str(&o, root, "grade", p->grade);
    arr = pe_jout_new(&o, cJSON_CreateArray());
    for (size_t i = 0; arr && i < p->nfindings; i++) {
        const pe_finding *f = &p->findings[i].f;
        cJSON *j = pe_jout_new(&o, cJSON_CreateObject());

        if (!j)
            break;
        pe_jout_str(&o, j, "severity", severity_name(f->severity));
        pe_jout_str(&o, j, "code", f->code);
        pe_jout_put(&o, j, "row", cJSON_CreateNumber((double)f->row));
        if (f->line)
            pe_jout_put(&o, j, "line", cJSON_CreateNumber((double)f->line));
        pe_jout_str(&o, j, "message", f->msg);
        cJSON_AddItemToArray(arr, j);
    }
    pe_jout_put(&o, root, "findings", arr);
    if (p->skipped)
        pe_jout_put(&o, root, "skipped",
                    cJSON_CreateNumber((double)p->skipped));
    return pe_jout_finish(&o, root, b);
}

pe_status pe_json_quote(pe_buf *b, const char *s)
{
    pe_status st = pe_buf_append(b, "\"", 1);

    for (; st == PE_OK && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            st = pe_buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            st = pe_buf_printf(b, "\\u%04x", c);
        else
            st = pe_buf_append(b, s, 1);
    }
    return st == PE_OK ? pe_buf_append(b, "\"", 1) : st;
}
