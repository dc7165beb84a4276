/* Project lifetime and findings. */
#include "project.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *pe_project_alloc(pe_project *p, size_t n)
{
    pe_arena_block *b = p->arena;

    if (!b || b->cap - b->used < n) {
        size_t cap = n > 16384 ? n : 16384;

        if (!(b = malloc(sizeof *b + cap)))
            return NULL;
        b->used = 0;
        b->cap = cap;
        b->next = p->arena;
        p->arena = b;
    }
    b->used += n;
    return b->data + b->used - n;
}

pe_project *pe_project_new(const char *source)
{
    pe_project *p = calloc(1, sizeof *p);

    if (!p)
        return NULL;
    p->source = pe_strdup_or_empty(source);
    if (!p->source) {
        free(p);
        return NULL;
    }
    pe_rules_default(&p->rules);
    return p;
}

static void fund_row_free(pe_fund_row *r)
{
    free(r->name);
}

/* Drop the findings from index `keep` on. */
void pe_project_findings_truncate(pe_project *p, size_t keep)
{
    if (keep == 0)
        memset(p->counted, 0, sizeof p->counted);
    for (size_t i = keep; i < p->nfindings; i++) {
        free(p->findings[i].code);
        free(p->findings[i].msg);
        free(p->findings[i].msg_zh);
    }
    if (keep == 0) {
        free(p->findings);
        p->findings = NULL;
    }
    p->nfindings = keep;
}

void pe_project_free(pe_project *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nind; i++) {
        pe_indicator *r = &p->ind[i];
        if (r->packed)
            continue;
        free(r->level1);
        free(r->level2);
        free(r->name);
        free(r->target);
        free(r->actual);
        free(r->reason);
    }
    free(p->ind);
    while (p->arena) {
        pe_arena_block *next = p->arena->next;
        free(p->arena);
        p->arena = next;
    }
    fund_row_free(&p->funds.total);
    for (size_t i = 0; i < p->funds.nparts; i++)
        fund_row_free(&p->funds.parts[i]);
    free(p->funds.parts);
    free(p->funds.reported_rate);
    pe_project_findings_truncate(p, 0);
    free(p->source);
    free(p->name);
    free(p->dept_code);
    free(p->dept);
    free(p->unit);
    free(p->money_unit);
    free(p->goal);
    free(p->goal_actual);
    free(p->note);
    free(p->remarks);
    free(p->reported_grade);
    free(p);
}

void pe_project_recycle(pe_project *p)
{
    pe_project keep = *p;
    pe_arena_block *b = p->arena;

    /* what is rebuilt for every project goes */
    for (size_t i = 0; i < p->nind; i++)
        if (!p->ind[i].packed) {
            free(p->ind[i].level1);
            free(p->ind[i].level2);
            free(p->ind[i].name);
            free(p->ind[i].target);
            free(p->ind[i].actual);
            free(p->ind[i].reason);
        }
    for (size_t i = 0; i < p->funds.nparts; i++)
        fund_row_free(&p->funds.parts[i]);
    free(p->funds.parts);
    free(p->funds.reported_rate);
    pe_project_findings_truncate(p, 0);
    free(p->remarks);
    free(p->reported_grade);
    /* one block of the arena stays, empty */
    if (b) {
        while (b->next) {
            pe_arena_block *next = b->next->next;
            free(b->next);
            b->next = next;
        }
        b->used = 0;
    }
    memset(p, 0, sizeof *p);
    p->source = keep.source;
    p->arena = b;
    p->ind = keep.ind;
    p->rules = keep.rules;
    /* the texts stay allocated, emptied where they were set */
    p->name = keep.name;
    p->dept_code = keep.dept_code;
    p->dept = keep.dept;
    p->unit = keep.unit;
    p->money_unit = keep.money_unit;
    p->goal = keep.goal;
    p->goal_actual = keep.goal_actual;
    p->note = keep.note;
    p->funds.total.name = keep.funds.total.name;
    if (p->name)
        p->name[0] = '\0';
    if (p->dept)
        p->dept[0] = '\0';
    if (p->unit)
        p->unit[0] = '\0';
    if (p->dept_code)
        p->dept_code[0] = '\0';
}

/* The loader's notes stay: they describe the file, not the scoring. */
void pe_project_clear_findings(pe_project *p)
{
    pe_project_findings_truncate(p, p->nnotes);
}

static pe_status add_finding(pe_project *p, pe_severity sev, const char *code,
                             long row, long line, const char *fmt_en,
                             const char *fmt_zh, va_list ap)
{
    struct pe_finding_store *grown, *s;
    char msg[600], msg_zh[600];
    va_list aq;

    if (p->count_only) {
        p->counted[sev]++;
        return PE_OK;
    }
    va_copy(aq, ap);
    vsnprintf(msg, sizeof msg, fmt_en, aq);
    va_end(aq);
    vsnprintf(msg_zh, sizeof msg_zh, fmt_zh, ap);
    grown = realloc(p->findings, (p->nfindings + 1) * sizeof *grown);
    if (!grown)
        return PE_ENOMEM;
    p->findings = grown;
    s = &p->findings[p->nfindings];
    s->code = pe_strdup_or_empty(code);
    s->msg = pe_strdup_or_empty(msg);
    s->msg_zh = pe_strdup_or_empty(msg_zh);
    if (!s->code || !s->msg || !s->msg_zh) {
        free(s->code);
        free(s->msg);
        free(s->msg_zh);
        return PE_ENOMEM;
    }
    s->f.severity = sev;
    s->f.code = s->code;
    s->f.msg = s->msg;
    s->f.msg_zh = s->msg_zh;
    s->f.row = row;
    s->f.line = line;
    p->nfindings++;
    return PE_OK;
}

pe_status pe_project_add_finding(pe_project *p, pe_severity sev,
                                 const char *code, long row, long line,
                                 const char *fmt_en, const char *fmt_zh, ...)
{
    va_list ap;
    pe_status st;

    va_start(ap, fmt_zh);
    st = add_finding(p, sev, code, row, line, fmt_en, fmt_zh, ap);
    va_end(ap);
    return st;
}

pe_status pe_project_add_note(pe_project *p, pe_severity sev, const char *code,
                              long row, long line, const char *fmt_en,
                              const char *fmt_zh, ...)
{
    va_list ap;
    pe_status st;

    va_start(ap, fmt_zh);
    st = add_finding(p, sev, code, row, line, fmt_en, fmt_zh, ap);
    va_end(ap);
    if (st == PE_OK)
        p->nnotes = p->nfindings;
    return st;
}

size_t pe_project_nfindings(const pe_project *p)
{
    return p->nfindings;
}

const pe_finding *pe_project_finding(const pe_project *p, size_t i)
{
    return i < p->nfindings ? &p->findings[i].f : NULL;
}

void pe_project_set_rules(pe_project *p, const pe_rules *r)
{
    p->rules = *r;
    p->rules_from_book = 0;
    p->scored = 0;
}

const pe_rules *pe_project_rules(const pe_project *p)
{
    return &p->rules;
}

const char *pe_project_source(const pe_project *p)
{
    return p->source ? p->source : "";
}

const char *pe_project_name(const pe_project *p)
{
    return p->name ? p->name : "";
}

size_t pe_project_unscored(const pe_project *p)
{
    return p->unscored;
}

pe_dec pe_project_total(const pe_project *p)
{
    return p->total;
}

const char *pe_project_grade(const pe_project *p)
{
    return p->grade;
}

size_t pe_project_nindicators(const pe_project *p)
{
    return p->nind;
}

const char *pe_project_indicator_name(const pe_project *p, long row)
{
    if (row < 1 || (size_t)row > p->nind)
        return "";
    return p->ind[row - 1].name;
}
