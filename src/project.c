/* Project lifetime, findings, errors and the output buffer. */
#include "project.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pe_strerror(pe_status st)
{
    switch (st) {
    case PE_OK:
        return "success";
    case PE_ENOMEM:
        return "out of memory";
    case PE_EIO:
        return "input/output error";
    case PE_EDATA:
        return "invalid input data";
    case PE_EUSAGE:
        return "invalid argument";
    case PE_ERANGE:
        return "number out of range";
    }
    return "unknown status";
}

void pe_error_set(pe_error *err, const char *file, long line, long column,
                  const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

char *pe_error_format(const pe_error *err, char *buf, size_t n)
{
    size_t used = 0;
    int k;

    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (err->file[0]) {
        k = snprintf(buf, n, "%s:", err->file);
        used = k > 0 ? (size_t)k : 0;
    }
    if (err->line > 0 && used < n) {
        k = err->column > 0
                ? snprintf(buf + used, n - used, "%ld:%ld:", err->line,
                           err->column)
                : snprintf(buf + used, n - used, "%ld:", err->line);
        used += k > 0 ? (size_t)k : 0;
    }
    if (used < n)
        snprintf(buf + used, n - used, "%s%s", used ? " " : "", err->msg);
    return buf;
}

char *pe_strdup_or_empty(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *d = malloc(n + 1);

    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void *pe_grow(void *p, size_t *cap, size_t need, size_t size, size_t first)
{
    size_t c = *cap ? *cap : first;
    void *g;

    if (need <= *cap)
        return p;
    while (c < need)
        c *= 2;
    if (!(g = realloc(p, c * size)))
        return NULL;
    *cap = c;
    return g;
}

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
static void findings_truncate(pe_project *p, size_t keep)
{
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
    findings_truncate(p, 0);
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

/* The loader's notes stay: they describe the file, not the scoring. */
void pe_project_clear_findings(pe_project *p)
{
    findings_truncate(p, p->nnotes);
}

static pe_status add_finding(pe_project *p, pe_severity sev, const char *code,
                             long row, long line, const char *fmt_en,
                             const char *fmt_zh, va_list ap)
{
    struct pe_finding_store *grown, *s;
    char msg[600], msg_zh[600];
    va_list aq;

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

pe_status pe_buf_append(pe_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *grown;

        while (cap < b->len + n + 1)
            cap *= 2;
        grown = realloc(b->data, cap);
        if (!grown)
            return PE_ENOMEM;
        b->data = grown;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PE_OK;
}

pe_status pe_buf_puts(pe_buf *b, const char *s)
{
    return pe_buf_append(b, s, strlen(s));
}

void pe_buf_free(pe_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

pe_status pe_buf_vprintf(pe_buf *b, const char *fmt, va_list ap)
{
    char small[256];
    va_list again;
    int n;

    va_copy(again, ap);
    n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0 || (size_t)n < sizeof small) {
        va_end(again);
        return n < 0 ? PE_EUSAGE : pe_buf_append(b, small, (size_t)n);
    }
    {
        char *big = malloc((size_t)n + 1);
        pe_status st = PE_ENOMEM;

        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            st = pe_buf_append(b, big, (size_t)n);
            free(big);
        }
        va_end(again);
        return st;
    }
}

pe_status pe_buf_printf(pe_buf *b, const char *fmt, ...)
{
    va_list ap;
    pe_status st;

    va_start(ap, fmt);
    st = pe_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}
