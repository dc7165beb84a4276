/* --format json: the project file format plus the scores, so that a script
 * reads totals and a later run loads the same file back. */
#include "project.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

typedef struct out {
    int oom;
} out;

static cJSON *chk(out *o, cJSON *item)
{
    if (!item)
        o->oom = 1;
    return item;
}

static void add(out *o, cJSON *obj, const char *key, cJSON *item)
{
    if (!item) {
        o->oom = 1;
        return;
    }
    if (!cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        o->oom = 1;
    }
}

/* Numbers go out as raw JSON text so that no double ever rounds them, and
 * normalised ("1", not "1.00") so that what a reload reads back through
 * cJSON prints the same. */
static void add_dec(out *o, cJSON *obj, const char *key, pe_dec d)
{
    char buf[PE_DEC_BUFSIZE];

    add(o, obj, key, cJSON_CreateRaw(pe_dec_format(pe_dec_normalize(d), buf)));
}

/* Scores are padded to the rules' places (95.58, 10.00) and never cut: a
 * reported 7.555 stays 7.555. */
static void add_score(out *o, cJSON *obj, const char *key, pe_dec d, int places)
{
    char buf[PE_DEC_BUFSIZE];

    add(o, obj, key,
        cJSON_CreateRaw(pe_dec_format_places(
            d, d.scale > places ? d.scale : places, PE_ROUND_TRUNCATE, buf)));
}

static void add_opt(out *o, cJSON *obj, const char *key, pe_opt_dec d)
{
    if (d.present)
        add_dec(o, obj, key, d.v);
}

static void add_str(out *o, cJSON *obj, const char *key, const char *s)
{
    add(o, obj, key, cJSON_CreateString(s ? s : ""));
}

static cJSON *fund_row(out *o, const pe_fund_row *r)
{
    cJSON *j = chk(o, cJSON_CreateObject());

    if (!j)
        return NULL;
    add_str(o, j, "name", r->name);
    add_opt(o, j, "initial", r->initial);
    add_opt(o, j, "budget", r->budget);
    add_opt(o, j, "executed", r->executed);
    return j;
}

static cJSON *funds(out *o, const pe_project *p)
{
    const pe_funds *f = &p->funds;
    cJSON *j = chk(o, cJSON_CreateObject()), *parts;
    char buf[PE_DEC_BUFSIZE + 1];

    if (!j)
        return NULL;
    add_opt(o, j, "weight", f->weight);
    add_opt(o, j, "initial", f->total.initial);
    add_opt(o, j, "budget", f->total.budget);
    add_opt(o, j, "executed", f->total.executed);
    if (f->reported_rate && f->reported_rate[0])
        add_str(o, j, "rate", f->reported_rate);
    if (f->computable) {
        pe_dec pct;

        if (pe_dec_muldiv(f->rate, pe_dec_from_int(100), pe_dec_from_int(1),
                          2, PE_ROUND_TRUNCATE, &pct) == PE_OK) {
            pe_dec_format(pct, buf);
            strcat(buf, "%");
            add_str(o, j, "computed_rate", buf);
        }
        add_score(o, j, "score", f->score, p->rules.places);
        if (pe_dec_cmp(f->computed, f->score) != 0)
            add_score(o, j, "computed", f->computed, p->rules.places);
        if (f->reported.present && pe_dec_cmp(f->reported.v, f->score) != 0)
            add_dec(o, j, "reported", f->reported.v);
    }
    parts = chk(o, cJSON_CreateArray());
    for (size_t i = 0; parts && i < f->nparts; i++) {
        cJSON *r = fund_row(o, &f->parts[i]);
        if (r)
            cJSON_AddItemToArray(parts, r);
    }
    add(o, j, "parts", parts);
    return j;
}

static cJSON *indicator(out *o, const pe_indicator *r, int places)
{
    cJSON *j = chk(o, cJSON_CreateObject());

    if (!j)
        return NULL;
    add_str(o, j, "level1", r->level1);
    add_str(o, j, "level2", r->level2);
    add_str(o, j, "name", r->name);
    add_str(o, j, "target", r->target);
    add_str(o, j, "actual", r->actual);
    add_dec(o, j, "weight", r->weight);
    add_score(o, j, "score", r->score, places);
    if (r->computable && pe_dec_cmp(r->computed, r->score) != 0)
        add_score(o, j, "computed", r->computed, places);
    if (r->reported.present && pe_dec_cmp(r->reported.v, r->score) != 0)
        add_dec(o, j, "reported", r->reported.v);
    add_str(o, j, "reason", r->reason);
    return j;
}

static cJSON *rules(out *o, const pe_rules *R)
{
    cJSON *j = chk(o, cJSON_CreateObject()), *g;

    if (!j)
        return NULL;
    add_str(o, j, "name", R->name);
    add_str(o, j, "rounding",
            R->rounding == PE_ROUND_HALF_UP ? "half-up" : "truncate");
    add(o, j, "places", cJSON_CreateNumber(R->places));
    add_str(o, j, "lower_is_better",
            R->lower == PE_LOWER_RATIO ? "ratio" : "linear");
    add_str(o, j, "rate_base",
            R->rate_base == PE_BASE_BUDGET ? "budget" : "initial");
    add(o, j, "funds_in_total", cJSON_CreateBool(R->funds_in_total));
    add_dec(o, j, "overachieve_ratio", R->overachieve_ratio);
    add_dec(o, j, "explain_rate_below", R->explain_rate_below);
    g = chk(o, cJSON_CreateObject());
    for (int i = 0; g && i < R->ngrades; i++)
        add_dec(o, g, R->grades[i].name, R->grades[i].min);
    add(o, j, "grades", g);
    g = chk(o, cJSON_CreateObject());
    for (int i = 0; g && i < R->nsplit; i++)
        add_dec(o, g, R->split[i].name, R->split[i].weight);
    add(o, j, "split", g);
    return j;
}

static const char *severity_name(pe_severity s)
{
    return s == PE_SEV_ERROR ? "error" : s == PE_SEV_WARNING ? "warning"
                                                              : "info";
}

pe_status pe_render_json(const pe_project *p, pe_buf *b)
{
    out o = {0};
    cJSON *root = cJSON_CreateObject(), *arr, *dept, *goal, *rep;
    char *text;
    pe_status st;

    if (!root)
        return PE_ENOMEM;
    add_str(&o, root, "format", "perfeval/1");
    add_str(&o, root, "name", p->name);
    if (p->year)
        add(&o, root, "year", cJSON_CreateNumber(p->year));
    dept = chk(&o, cJSON_CreateObject());
    if (dept) {
        add_str(&o, dept, "code", p->dept_code);
        add_str(&o, dept, "name", p->dept);
    }
    add(&o, root, "department", dept);
    add_str(&o, root, "unit", p->unit);
    add_str(&o, root, "money_unit", p->money_unit);
    if (p->funds.present)
        add(&o, root, "funds", funds(&o, p));
    goal = chk(&o, cJSON_CreateObject());
    if (goal) {
        add_str(&o, goal, "target", p->goal);
        add_str(&o, goal, "actual", p->goal_actual);
    }
    add(&o, root, "goal", goal);
    add_str(&o, root, "note", p->note);
    arr = chk(&o, cJSON_CreateArray());
    for (size_t i = 0; arr && i < p->nind; i++) {
        cJSON *r = indicator(&o, &p->ind[i], p->rules.places);
        if (r)
            cJSON_AddItemToArray(arr, r);
    }
    add(&o, root, "indicators", arr);
    rep = chk(&o, cJSON_CreateObject());
    if (rep) {
        add_opt(&o, rep, "max", p->reported_max);
        add_opt(&o, rep, "total", p->reported_total);
        if (p->reported_grade && p->reported_grade[0])
            add_str(&o, rep, "grade", p->reported_grade);
    }
    add(&o, root, "reported", rep);
    add(&o, root, "rules", rules(&o, &p->rules));
    add_score(&o, root, "total", p->total, p->rules.places);
    add_str(&o, root, "grade", p->grade);
    arr = chk(&o, cJSON_CreateArray());
    for (size_t i = 0; arr && i < p->nfindings; i++) {
        const pe_finding *f = &p->findings[i].f;
        cJSON *j = chk(&o, cJSON_CreateObject());

        if (!j)
            break;
        add_str(&o, j, "severity", severity_name(f->severity));
        add_str(&o, j, "code", f->code);
        add(&o, j, "row", cJSON_CreateNumber((double)f->row));
        if (f->line)
            add(&o, j, "line", cJSON_CreateNumber((double)f->line));
        add_str(&o, j, "message", f->msg);
        cJSON_AddItemToArray(arr, j);
    }
    add(&o, root, "findings", arr);
    if (p->skipped)
        add(&o, root, "skipped", cJSON_CreateNumber((double)p->skipped));
    text = o.oom ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return PE_ENOMEM;
    st = pe_buf_puts(b, text);
    if (st == PE_OK)
        st = pe_buf_puts(b, "\n");
    free(text);
    return st;
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
