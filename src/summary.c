/* The reviewer's summary: one record per table, built from a scored
 * project or from the error that kept a file from loading. */
#include "project.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pe_summary {
    pe_summary_record **rec;
    size_t n, cap;
};

/* A copy of s made safe for every output (pe_term_text()): NULL when out
 * of memory. */
static char *safe_dup(const char *s)
{
    pe_buf b = {.data = NULL};

    if (!s)
        s = "";
    if (pe_term_text(&b, s, strlen(s), 0) != PE_OK) {
        pe_buf_free(&b);
        return NULL;
    }
    return b.data ? b.data : pe_strdup_or_empty("");
}

/* The record's strings set from the arguments; 0 when out of memory. */
static int set_str(char **dst, const char *s, int *ok)
{
    *dst = safe_dup(s);
    if (!*dst)
        *ok = 0;
    return *ok;
}

void pe_summary_record_free(pe_summary_record *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nfindings; i++) {
        free(r->findings[i].code);
        free(r->findings[i].indicator);
        free(r->findings[i].msg);
        free(r->findings[i].msg_zh);
    }
    free(r->findings);
    free(r->file);
    free(r->sheet);
    free(r->name);
    free(r->department);
    free(r->unit);
    free(r->grade);
    free(r->printed_grade);
    free(r->rules);
    free(r->reason);
    free(r->reason_zh);
    free(r);
}

/* An amount of the table in 万元: a table kept in 元 is divided by 10,000,
 * exactly where the places allow (they nearly always do: 元 has 2), else
 * to the 9 places a pe_dec holds. */
static pe_status in_wan(const pe_project *p, pe_dec v, pe_dec *out)
{
    if (!p->money_unit || strcmp(p->money_unit, "元") != 0) {
        *out = v;
        return PE_OK;
    }
    if (v.scale + 4 <= PE_DEC_MAX_SCALE) {
        out->coef = v.coef;
        out->scale = v.scale + 4;
        *out = pe_dec_normalize(*out);
        return PE_OK;
    }
    return pe_dec_muldiv(v, pe_dec_from_int(1), pe_dec_from_int(10000),
                         PE_DEC_MAX_SCALE, PE_ROUND_HALF_UP, out);
}

static pe_summary_record *record_alloc(void)
{
    return calloc(1, sizeof(pe_summary_record));
}

/* The findings of p copied into r; 0 when out of memory. */
static int copy_findings(const pe_project *p, pe_summary_record *r)
{
    size_t n = pe_project_nfindings(p);

    if (!n)
        return 1;
    r->findings = calloc(n, sizeof *r->findings);
    if (!r->findings)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const pe_finding *f = pe_project_finding(p, i);
        pe_summary_finding *d = &r->findings[i];
        int ok = 1;

        r->nfindings = i + 1;
        d->severity = f->severity;
        d->row = f->row;
        d->line = f->line;
        set_str(&d->code, f->code, &ok);
        set_str(&d->indicator, pe_project_indicator_name(p, f->row), &ok);
        set_str(&d->msg, f->msg, &ok);
        set_str(&d->msg_zh, f->msg_zh, &ok);
        if (!ok)
            return 0;
        if (f->severity == PE_SEV_ERROR)
            r->errors++;
        else if (f->severity == PE_SEV_WARNING)
            r->warnings++;
        else
            r->infos++;
    }
    return 1;
}

/* The first finding at error level (or, strict, at warning level): the
 * record's reason. */
static const pe_summary_finding *first_failing(const pe_summary_record *r,
                                               int strict)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (r->findings[i].severity == PE_SEV_ERROR)
            return &r->findings[i];
    for (size_t i = 0; strict && i < r->nfindings; i++)
        if (r->findings[i].severity == PE_SEV_WARNING)
            return &r->findings[i];
    return NULL;
}

pe_status pe_summary_record_new(const pe_project *p, const char *file,
                                const char *sheet, const char *rules_label,
                                int flags, pe_summary_record **out)
{
    pe_summary_record *r;
    const pe_summary_finding *why;
    pe_status st = PE_OK;
    int ok = 1;

    *out = NULL;
    if (!p || !p->scored)
        return PE_EUSAGE;
    if (!(r = record_alloc()))
        return PE_ENOMEM;
    set_str(&r->file, file, &ok);
    set_str(&r->sheet, sheet, &ok);
    set_str(&r->name, p->name, &ok);
    set_str(&r->department, p->dept, &ok);
    set_str(&r->unit, p->unit, &ok);
    set_str(&r->rules, rules_label ? rules_label : p->rules.name, &ok);
    set_str(&r->printed_grade, p->reported_grade, &ok);
    /* a total that leaves rows out is no total (README, "check") */
    r->scored = !p->unscored;
    set_str(&r->grade, r->scored ? p->grade : "", &ok);
    if (!ok || !copy_findings(p, r)) {
        pe_summary_record_free(r);
        return PE_ENOMEM;
    }
    r->year = p->year;
    r->total = p->total;
    r->has_printed_total = p->reported_total.present;
    r->printed_total = p->reported_total.v;
    if (r->scored && r->has_printed_total) {
        st = pe_dec_sub(r->total, r->printed_total, &r->delta);
        r->has_delta = st == PE_OK;
    }
    if (st == PE_OK && p->funds.present && p->funds.total.budget.present) {
        st = in_wan(p, p->funds.total.budget.v, &r->budget);
        r->has_budget = st == PE_OK;
    }
    if (st == PE_OK && p->funds.present && p->funds.total.executed.present) {
        st = in_wan(p, p->funds.total.executed.v, &r->executed);
        r->has_executed = st == PE_OK;
    }
    why = first_failing(r, flags & PE_SUMMARY_STRICT);
    r->status = why ? PE_SUMMARY_FINDINGS : PE_SUMMARY_OK;
    set_str(&r->reason, why ? why->msg : "", &ok);
    set_str(&r->reason_zh, why ? why->msg_zh : "", &ok);
    if (st != PE_OK || !ok) {
        pe_summary_record_free(r);
        return st != PE_OK ? st : PE_ENOMEM;
    }
    *out = r;
    return PE_OK;
}

pe_status pe_summary_record_unloadable(const char *file, const char *sheet,
                                       const pe_error *err,
                                       pe_summary_record **out)
{
    pe_summary_record *r;
    char text[sizeof err->msg + 32];
    int ok = 1;

    *out = NULL;
    if (!(r = record_alloc()))
        return PE_ENOMEM;
    /* the file has a column of its own; the line stays with the words */
    if (err->line > 0)
        snprintf(text, sizeof text, "line %ld: %s", err->line, err->msg);
    else
        snprintf(text, sizeof text, "%s", err->msg);
    r->status = PE_SUMMARY_UNLOADABLE;
    set_str(&r->file, file, &ok);
    set_str(&r->sheet, sheet, &ok);
    set_str(&r->name, "", &ok);
    set_str(&r->department, "", &ok);
    set_str(&r->unit, "", &ok);
    set_str(&r->grade, "", &ok);
    set_str(&r->printed_grade, "", &ok);
    set_str(&r->rules, "", &ok);
    set_str(&r->reason, text, &ok);
    set_str(&r->reason_zh, text, &ok);
    if (!ok) {
        pe_summary_record_free(r);
        return PE_ENOMEM;
    }
    *out = r;
    return PE_OK;
}

pe_summary *pe_summary_new(void)
{
    return calloc(1, sizeof(pe_summary));
}

void pe_summary_clear(pe_summary *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        pe_summary_record_free(s->rec[i]);
    s->n = 0;
}

void pe_summary_free(pe_summary *s)
{
    if (!s)
        return;
    pe_summary_clear(s);
    free(s->rec);
    free(s);
}

pe_status pe_summary_add(pe_summary *s, pe_summary_record *r)
{
    pe_summary_record **grown;

    if (!s || !r) {
        pe_summary_record_free(r);
        return PE_EUSAGE;
    }
    if (!(grown = pe_grow(s->rec, &s->cap, s->n + 1, sizeof *s->rec, 16))) {
        pe_summary_record_free(r);
        return PE_ENOMEM;
    }
    s->rec = grown;
    s->rec[s->n++] = r;
    return PE_OK;
}

pe_status pe_summary_move(pe_summary *dst, pe_summary *src)
{
    pe_summary_record **grown;

    if (!dst || !src)
        return PE_EUSAGE;
    if (!src->n)
        return PE_OK;
    grown = pe_grow(dst->rec, &dst->cap, dst->n + src->n, sizeof *dst->rec, 16);
    if (!grown)
        return PE_ENOMEM;
    dst->rec = grown;
    memcpy(dst->rec + dst->n, src->rec, src->n * sizeof *src->rec);
    dst->n += src->n;
    src->n = 0;
    return PE_OK;
}

size_t pe_summary_count(const pe_summary *s)
{
    return s ? s->n : 0;
}

const pe_summary_record *pe_summary_get(const pe_summary *s, size_t i)
{
    return s && i < s->n ? s->rec[i] : NULL;
}
