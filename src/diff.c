/*
 * `perfeval diff`: what changed between two scored tables, year over year
 * or before and after an edit.  Everything is compared as written or as
 * exact decimals; the diff copies its texts so the projects may go first.
 */
#include "project.h"

#include <cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    pe_diff_change c;
    /* owned copies behind c's pointers */
    char *name, *level1, *level2, *old_value, *new_value, *delta;
    int ambiguous; /* the name belongs to more than one row */
} entry;

struct pe_diff {
    entry *e;
    size_t n, cap;
    pe_diff_totals totals;
    char old_text[PE_DEC_BUFSIZE], new_text[PE_DEC_BUFSIZE],
        delta_text[PE_DEC_BUFSIZE];
    char old_grade[16], new_grade[16];
};

typedef struct chains chains;

typedef struct differ {
    pe_diff *d;
    const pe_project *a, *b; /* old, new */
    /* the rows by 三级指标, while the rows are diffed */
    const chains *names_a, *names_b;
} differ;

static int max_int(int x, int y)
{
    return x > y ? x : y;
}

static char *dup_or_null(const char *s)
{
    return s ? pe_strdup_or_empty(s) : NULL;
}

/* ------------------------------------------------------------ entries */

static void entry_free(entry *e)
{
    free(e->name);
    free(e->level1);
    free(e->level2);
    free(e->old_value);
    free(e->new_value);
    free(e->delta);
}

/* Add one change; every text is copied (old, new and delta may be NULL). */
static pe_status add(pe_diff *d, pe_diff_kind kind, long row, const char *name,
                     const char *l1, const char *l2, const char *field,
                     const char *label, const char *ov, const char *nv,
                     const char *delta)
{
    entry *e;

    {
        entry *grown = pe_grow(d->e, &d->cap, d->n + 1, sizeof *grown, 16);

        if (!grown)
            return PE_ENOMEM;
        d->e = grown;
    }
    e = &d->e[d->n];
    memset(e, 0, sizeof *e);
    e->name = pe_strdup_or_empty(name);
    e->level1 = pe_strdup_or_empty(l1);
    e->level2 = pe_strdup_or_empty(l2);
    e->old_value = dup_or_null(ov);
    e->new_value = dup_or_null(nv);
    e->delta = dup_or_null(delta);
    if (!e->name || !e->level1 || !e->level2 || (ov && !e->old_value) ||
        (nv && !e->new_value) || (delta && !e->delta)) {
        entry_free(e);
        return PE_ENOMEM;
    }
    e->c.kind = kind;
    e->c.row = row;
    e->c.name = e->name;
    e->c.level1 = e->level1;
    e->c.level2 = e->level2;
    e->c.field = field;
    e->c.label = label;
    e->c.old_value = e->old_value;
    e->c.new_value = e->new_value;
    e->c.delta = e->delta;
    d->n++;
    return PE_OK;
}

/* A changed text, when it changed. */
static pe_status text(pe_diff *d, long row, const char *name, const char *l1,
                      const char *l2, const char *field, const char *label,
                      const char *ov, const char *nv)
{
    if (strcmp(ov ? ov : "", nv ? nv : "") == 0)
        return PE_OK;
    return add(d, PE_DIFF_CHANGED, row, name, l1, l2, field, label, ov, nv,
               NULL);
}

/* A decimal as written ("10.00" stays so), compared by value. */
static pe_status dec(pe_diff *d, long row, const char *name, const char *l1,
                     const char *l2, const char *field, const char *label,
                     pe_opt_dec ov, pe_opt_dec nv)
{
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];

    if (ov.present == nv.present &&
        (!ov.present || pe_dec_cmp(ov.v, nv.v) == 0))
        return PE_OK;
    return add(d, PE_DIFF_CHANGED, row, name, l1, l2, field, label,
               ov.present ? pe_dec_format(ov.v, b1) : NULL,
               nv.present ? pe_dec_format(nv.v, b2) : NULL, NULL);
}

/* A score at its table's places (never fewer than it has), with new − old
 * at the larger of the two. */
static void fmt_score(pe_dec s, int places, char *buf)
{
    pe_dec_format_places(s, max_int(places, s.scale), PE_ROUND_HALF_UP, buf);
}

static pe_status fmt_delta(pe_dec ov, int op, pe_dec nv, int np, pe_dec *dd,
                           char *buf)
{
    pe_status st = pe_dec_sub(nv, ov, dd);

    if (st != PE_OK)
        return st;
    pe_dec_format_places(*dd, max_int(max_int(op, np), dd->scale),
                         PE_ROUND_HALF_UP, buf);
    return PE_OK;
}

static pe_status score(differ *D, long row, const char *name, const char *l1,
                       const char *l2, pe_dec ov, pe_dec nv)
{
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE], b3[PE_DEC_BUFSIZE];
    pe_dec dd;
    pe_status st;

    if (pe_dec_cmp(ov, nv) == 0)
        return PE_OK;
    fmt_score(ov, D->a->rules.places, b1);
    fmt_score(nv, D->b->rules.places, b2);
    if ((st = fmt_delta(ov, D->a->rules.places, nv, D->b->rules.places, &dd,
                        b3)) != PE_OK)
        return st;
    return add(D->d, PE_DIFF_CHANGED, row, name, l1, l2, "score", "得分", b1,
               b2, b3);
}

/* ------------------------------------------------------------ header */

/* 主管部门及代码 as the table prints it, "[361]某某委员会"; caller frees. */
static char *department(const pe_project *p)
{
    const char *code = p->dept_code ? p->dept_code : "";
    const char *name = p->dept ? p->dept : "";
    size_t a = strlen(code), b = strlen(name);
    char *s = malloc(a + b + 3);

    if (!s)
        return NULL;
    if (a)
        snprintf(s, a + b + 3, "[%s]%s", code, name);
    else
        memcpy(s, name, b + 1);
    return s;
}

static pe_status diff_header(differ *D)
{
    const pe_project *a = D->a, *b = D->b;
    char y1[16] = "", y2[16] = "", *d1 = department(a), *d2 = department(b);
    pe_diff *d = D->d;
    pe_status st = PE_ENOMEM;

    if (a->year)
        snprintf(y1, sizeof y1, "%d", a->year);
    if (b->year)
        snprintf(y2, sizeof y2, "%d", b->year);
    if (!d1 || !d2)
        goto out;
#define HEAD(field, label, ov, nv)                                             \
    text(d, -1, label, "", "", field, label, ov, nv)
    if ((st = HEAD("name", "项目名称", a->name, b->name)) != PE_OK ||
        (st = HEAD("year", "年度", y1, y2)) != PE_OK ||
        (st = HEAD("department", "主管部门及代码", d1, d2)) != PE_OK ||
        (st = HEAD("unit", "实施单位", a->unit, b->unit)) != PE_OK ||
        (st = HEAD("money_unit", "金额单位", a->money_unit, b->money_unit)) !=
            PE_OK ||
        (st = HEAD("goal", "年度总体目标", a->goal, b->goal)) != PE_OK ||
        (st = HEAD("goal_actual", "实际完成情况", a->goal_actual,
                   b->goal_actual)) != PE_OK)
        goto out;
#undef HEAD
out:
    free(d1);
    free(d2);
    return st;
}

/* ------------------------------------------------------------ rules */

static void grades_text(const pe_rules *r, char *buf, size_t n)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < r->ngrades && used < n; i++) {
        char b[PE_DEC_BUFSIZE];
        int k = snprintf(buf + used, n - used, "%s%s %s", i ? ", " : "",
                         r->grades[i].name,
                         pe_dec_format(pe_dec_normalize(r->grades[i].min), b));
        used += k > 0 ? (size_t)k : 0;
    }
}

/* Only what changes a score or a grade: a rules name or a finding
 * threshold does not make two tables differ. */
static pe_status diff_rules(differ *D)
{
    const pe_rules *a = &D->a->rules, *b = &D->b->rules;
    char p1[16], p2[16], g1[400], g2[400];
    pe_diff *d = D->d;
    pe_status st;

    snprintf(p1, sizeof p1, "%d", a->places);
    snprintf(p2, sizeof p2, "%d", b->places);
    grades_text(a, g1, sizeof g1);
    grades_text(b, g2, sizeof g2);
#define RULE(field, label, ov, nv)                                             \
    text(d, -1, "评分规则", "", "", field, label, ov, nv)
#define ROUNDING(r) ((r)->rounding == PE_ROUND_HALF_UP ? "half-up" : "truncate")
#define LOWER(r) ((r)->lower == PE_LOWER_RATIO ? "ratio" : "linear")
#define BASE(r) ((r)->rate_base == PE_BASE_BUDGET ? "budget" : "initial")
#define INTOTAL(r) ((r)->funds_in_total ? "true" : "false")
    if ((st = RULE("rounding", "舍入方式", ROUNDING(a), ROUNDING(b))) !=
            PE_OK ||
        (st = RULE("places", "保留小数位", p1, p2)) != PE_OK ||
        (st = RULE("lower_is_better", "反向指标公式", LOWER(a), LOWER(b))) !=
            PE_OK ||
        (st = RULE("rate_base", "执行率基数", BASE(a), BASE(b))) != PE_OK ||
        (st = RULE("funds_in_total", "资金计入总分", INTOTAL(a), INTOTAL(b))) !=
            PE_OK ||
        (st = RULE("grades", "等级", g1, g2)) != PE_OK)
        return st;
#undef RULE
#undef ROUNDING
#undef LOWER
#undef BASE
#undef INTOTAL
    return PE_OK;
}

/* ------------------------------------------------------------ funds */

/* The execution rate as the table prints it: 59.93%. */
static void rate_text(const pe_funds *f, char *buf)
{
    pe_dec pct;

    buf[0] = '\0';
    if (!f->computable ||
        pe_dec_muldiv(f->rate, pe_dec_from_int(100), pe_dec_from_int(1), 2,
                      PE_ROUND_TRUNCATE, &pct) != PE_OK)
        return;
    pe_dec_format(pct, buf);
    strcat(buf, "%");
}

static pe_status diff_funds(differ *D)
{
    const pe_funds *a = &D->a->funds, *b = &D->b->funds;
    char r1[PE_DEC_BUFSIZE + 1], r2[PE_DEC_BUFSIZE + 1];
    static const char *const NAME = "项目资金";
    pe_diff *d = D->d;
    pe_status st;

    if (!a->present && !b->present)
        return PE_OK;
    if (!a->present || !b->present)
        return add(d, a->present ? PE_DIFF_REMOVED : PE_DIFF_ADDED, 0, NAME, "",
                   "", NULL, NULL, NULL, NULL, NULL);
    rate_text(a, r1);
    rate_text(b, r2);
#define FUND(field, label, x) dec(d, 0, NAME, "", "", field, label, a->x, b->x)
    if ((st = FUND("initial", "年初预算数", total.initial)) != PE_OK ||
        (st = FUND("budget", "全年预算数", total.budget)) != PE_OK ||
        (st = FUND("executed", "全年执行数", total.executed)) != PE_OK ||
        (st = FUND("weight", "分值", weight)) != PE_OK ||
        (st = text(d, 0, NAME, "", "", "rate", "执行率", r1, r2)) != PE_OK)
        return st;
#undef FUND
    if (a->computable && b->computable)
        return score(D, 0, NAME, "", "", a->score, b->score);
    return PE_OK;
}

/* ------------------------------------------------------------ rows */

/* The length of a 一级/二级 label without a weight written into it:
 * "产出指标(50分)" and "产出指标（50分）" are the group 产出指标. */
static size_t stem_len(const char *label)
{
    static const char *const opens[] = {"(", "（"};
    size_t len = strlen(label);
    const char *close = NULL;

    if (len >= 1 && label[len - 1] == ')')
        close = label + len - 1;
    else if (len >= 3 && strcmp(label + len - 3, "）") == 0)
        close = label + len - 3;
    if (!close)
        return len;
    for (size_t k = 0; k < 2; k++) {
        const char *open = NULL, *q;
        pe_cell c;

        for (q = label; (q = strstr(q, opens[k])) && q < close; q++)
            open = q;
        if (!open)
            continue;
        q = open + strlen(opens[k]);
        if (pe_cell_parse(q, (size_t)(close - q), &c) == PE_OK &&
            c.kind == PE_CELL_NUMBER && c.cmp == PE_CMP_NONE && !c.percent &&
            strcmp(c.unit, "分") == 0)
            return (size_t)(open - label);
        return len;
    }
    return len;
}

/*
 * Rows are matched through hash tables of keys, never by comparing each
 * row of OLD with each row of NEW: that took 19 s for 20,000 renamed rows.
 * A key is up to three texts and a number.  The rows of one key hang in a
 * chain in row order, so that "the first row of OLD not yet matched that
 * has this key" is the head of its chain, and taking it is O(1).
 */
#define NONE ((size_t)-1)

typedef struct rkey {
    const char *t[3];
    size_t n[3];
    size_t pos;
    uint64_t h; /* FNV-1a of all of it */
} rkey;

static void key_set(rkey *k, const char *a, size_t na, const char *b, size_t nb,
                    const char *c, size_t pos)
{
    uint64_t h = UINT64_C(14695981039346656037);

    k->t[0] = a;
    k->n[0] = na;
    k->t[1] = b;
    k->n[1] = nb;
    k->t[2] = c ? c : "";
    k->n[2] = strlen(k->t[2]);
    k->pos = pos;
    for (int f = 0; f < 3; f++) {
        for (size_t i = 0; i < k->n[f]; i++) {
            h ^= (unsigned char)k->t[f][i];
            h *= UINT64_C(1099511628211);
        }
        /* a field's end: "ab"+"c" is not "a"+"bc" */
        h ^= 0x100;
        h *= UINT64_C(1099511628211);
    }
    h ^= (uint64_t)pos;
    k->h = h * UINT64_C(1099511628211);
}

static int key_eq(const rkey *x, const rkey *y)
{
    if (x->h != y->h || x->pos != y->pos)
        return 0;
    for (int f = 0; f < 3; f++)
        if (x->n[f] != y->n[f] || memcmp(x->t[f], y->t[f], x->n[f]) != 0)
            return 0;
    return 1;
}

/* One project's rows by key: an open-addressed table of chains. */
struct chains {
    const rkey *key;           /* the rows' keys, borrowed */
    size_t *rep, *head, *tail; /* per slot: the chain's first row ever
                                  (NONE: a free slot), its first row not
                                  taken (NONE: all taken), its last row */
    size_t *next;              /* per row: the next row of its key */
    size_t mask;
};

static void chains_free(chains *c)
{
    free(c->rep);
    free(c->head);
    free(c->tail);
    free(c->next);
    memset(c, 0, sizeof *c);
}

/* The slot of k's chain, or the free slot where it would go. */
static size_t slot_of(const chains *c, const rkey *k)
{
    size_t s = (size_t)k->h & c->mask;

    while (c->rep[s] != NONE && !key_eq(&c->key[c->rep[s]], k))
        s = (s + 1) & c->mask;
    return s;
}

/* Chain rows 0..n-1 by key[], leaving out those whose taken[i] is not
 * negative (taken may be NULL).  On failure c is left empty. */
static pe_status chains_build(chains *c, const rkey *key, size_t n,
                              const long *taken)
{
    size_t slots = 16;

    memset(c, 0, sizeof *c);
    /* at most half full, so that probing stays short */
    while (slots < 2 * n)
        slots *= 2;
    c->key = key;
    c->mask = slots - 1;
    c->rep = malloc(slots * sizeof *c->rep);
    c->head = malloc(slots * sizeof *c->head);
    c->tail = malloc(slots * sizeof *c->tail);
    c->next = malloc((n ? n : 1) * sizeof *c->next);
    if (!c->rep || !c->head || !c->tail || !c->next) {
        chains_free(c);
        return PE_ENOMEM;
    }
    for (size_t s = 0; s < slots; s++)
        c->rep[s] = c->head[s] = NONE;
    for (size_t i = 0; i < n; i++) {
        size_t s;

        c->next[i] = NONE;
        if (taken && taken[i] >= 0)
            continue;
        s = slot_of(c, &key[i]);
        if (c->rep[s] == NONE)
            c->rep[s] = c->head[s] = i;
        else
            c->next[c->tail[s]] = i;
        c->tail[s] = i;
    }
    return PE_OK;
}

/* Take the first row left with key k: its index, or NONE. */
static size_t chains_take(chains *c, const rkey *k)
{
    size_t s = slot_of(c, k), i = c->head[s];

    if (i != NONE)
        c->head[s] = c->next[i];
    return i;
}

/* More than one row has key k. */
static int chains_many(const chains *c, const rkey *k)
{
    size_t s = slot_of(c, k);

    return c->rep[s] != NONE && c->next[c->rep[s]] != NONE;
}

/* Keys of the rows of p: by group (which == 0), by group and 三级指标
 * (1), by group, 指标值 and place in the group (2, pos[] given), or by
 * 三级指标 alone (3).  A group is 一级 and 二级 without a weight written
 * into them: stem[2i], stem[2i+1] are their lengths. */
static void row_keys(const pe_project *p, const size_t *stem, const size_t *pos,
                     int which, rkey *k)
{
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];

        if (which == 3)
            key_set(&k[i], "", 0, "", 0, r->name, 0);
        else
            key_set(&k[i], r->level1, stem[2 * i], r->level2, stem[2 * i + 1],
                    which == 1   ? r->name
                    : which == 2 ? r->target
                                 : "",
                    which == 2 ? pos[i] : 0);
    }
}

/* pos[i]: the row's place among the rows of its group, 0 for the first.
 * k holds the group keys. */
static pe_status group_pos(const pe_project *p, const rkey *k, size_t *pos)
{
    chains c;

    if (chains_build(&c, k, p->nind, NULL) != PE_OK)
        return PE_ENOMEM;
    for (size_t s = 0; s <= c.mask; s++) {
        size_t n = 0;

        for (size_t i = c.rep[s]; i != NONE; i = c.next[i])
            pos[i] = n++;
    }
    chains_free(&c);
    return PE_OK;
}

static void mark_ambiguous(differ *D, size_t from)
{
    for (size_t k = from; k < D->d->n; k++) {
        rkey key;

        key_set(&key, "", 0, "", 0, D->d->e[k].c.name, 0);
        D->d->e[k].ambiguous =
            chains_many(D->names_a, &key) || chains_many(D->names_b, &key);
    }
}

/* Two 指标值 or 实际完成值 cells that say the same: "100%" and
 * "100.00%", "1.798" and "1.7980" (a workbook shows a number its own way). */
static int same_value(const char *a, const char *b)
{
    pe_cell x, y;

    if (strcmp(a, b) == 0)
        return 1;
    if (pe_cell_parse(a, strlen(a), &x) != PE_OK ||
        pe_cell_parse(b, strlen(b), &y) != PE_OK || x.kind != y.kind)
        return 0;
    if (x.kind == PE_CELL_NUMBER)
        return x.cmp == y.cmp && x.percent == y.percent &&
               strcmp(x.unit, y.unit) == 0 && pe_dec_cmp(x.value, y.value) == 0;
    if (x.kind == PE_CELL_DATE)
        return x.cmp == y.cmp && x.year == y.year && x.month == y.month &&
               x.day == y.day;
    return 0;
}

static pe_status one_row(differ *D, size_t i, size_t j, int renamed)
{
    const pe_indicator *x = &D->a->ind[i], *y = &D->b->ind[j];
    long row = (long)j + 1;
    pe_diff *d = D->d;
    size_t from = d->n;
    pe_opt_dec w1 = {x->weight_set, x->weight}, w2 = {y->weight_set, y->weight};
    pe_status st;

#define ROW(field, label, ov, nv)                                              \
    text(d, row, y->name, y->level1, y->level2, field, label, ov, nv)
    if ((renamed &&
         (st = add(d, PE_DIFF_RENAMED, row, y->name, y->level1, y->level2,
                   "name", "三级指标", x->name, y->name, NULL)) != PE_OK) ||
        (!same_value(x->target, y->target) &&
         (st = ROW("target", "指标值", x->target, y->target)) != PE_OK) ||
        (!same_value(x->actual, y->actual) &&
         (st = ROW("actual", "实际完成值", x->actual, y->actual)) != PE_OK) ||
        (st = dec(d, row, y->name, y->level1, y->level2, "weight", "分值", w1,
                  w2)) != PE_OK ||
        (st = score(D, row, y->name, y->level1, y->level2, x->score,
                    y->score)) != PE_OK)
        return st;
    /* The evaluator's own 得分 matters apart from the final one only where
     * the two part: a judgement the rules did not take. */
    if ((x->reported.present && pe_dec_cmp(x->reported.v, x->score) != 0) ||
        (y->reported.present && pe_dec_cmp(y->reported.v, y->score) != 0))
        if ((st = dec(d, row, y->name, y->level1, y->level2, "reported",
                      "填报得分", x->reported, y->reported)) != PE_OK)
            return st;
    if ((st = ROW("reason", "偏差原因分析及改进措施", x->reason, y->reason)) !=
        PE_OK)
        return st;
#undef ROW
    mark_ambiguous(D, from);
    return PE_OK;
}

static pe_status gone_row(differ *D, size_t i)
{
    const pe_indicator *x = &D->a->ind[i];
    pe_status st = add(D->d, PE_DIFF_REMOVED, (long)i + 1, x->name, x->level1,
                       x->level2, NULL, NULL, NULL, NULL, NULL);

    if (st == PE_OK)
        mark_ambiguous(D, D->d->n - 1);
    return st;
}

/* The rows of a and b keyed for matching: stems, then places in the
 * groups, then keys of the given kind (see row_keys()). */
typedef struct side {
    const pe_project *p;
    size_t *stem, *pos;
    rkey *key;
} side;

static void side_free(side *s)
{
    free(s->stem);
    free(s->pos);
    free(s->key);
}

static pe_status side_init(side *s, const pe_project *p)
{
    size_t n = p->nind ? p->nind : 1;

    s->p = p;
    s->stem = malloc(2 * n * sizeof *s->stem);
    s->pos = malloc(n * sizeof *s->pos);
    s->key = malloc(n * sizeof *s->key);
    if (!s->stem || !s->pos || !s->key)
        return PE_ENOMEM;
    for (size_t i = 0; i < p->nind; i++) {
        s->stem[2 * i] = stem_len(p->ind[i].level1);
        s->stem[2 * i + 1] = stem_len(p->ind[i].level2);
    }
    row_keys(p, s->stem, NULL, 0, s->key);
    return group_pos(p, s->key, s->pos);
}

/* Pair the rows of b that are left (mn[j] < 0) with the first row of a
 * left with the same key; ren marks the pairs when it is given. */
static pe_status match(side *a, side *b, int which, long *mo, long *mn,
                       char *ren)
{
    chains c;

    row_keys(a->p, a->stem, a->pos, which, a->key);
    row_keys(b->p, b->stem, b->pos, which, b->key);
    if (chains_build(&c, a->key, a->p->nind, mo) != PE_OK)
        return PE_ENOMEM;
    for (size_t j = 0; j < b->p->nind; j++) {
        size_t i;

        if (mn[j] >= 0 || (i = chains_take(&c, &b->key[j])) == NONE)
            continue;
        mo[i] = (long)j;
        mn[j] = (long)i;
        if (ren)
            ren[j] = 1;
    }
    chains_free(&c);
    return PE_OK;
}

static pe_status diff_rows(differ *D)
{
    const pe_project *a = D->a, *b = D->b;
    long *mo = malloc((a->nind ? a->nind : 1) * sizeof *mo);
    long *mn = malloc((b->nind ? b->nind : 1) * sizeof *mn);
    size_t *upto = malloc((b->nind + 1) * sizeof *upto);
    char *ren = calloc(b->nind ? b->nind : 1, 1);
    side sa = {0}, sb = {0};
    chains na = {0}, nb = {0};
    size_t next = 0;
    pe_status st = PE_ENOMEM;

    if (!mo || !mn || !upto || !ren || side_init(&sa, a) != PE_OK ||
        side_init(&sb, b) != PE_OK)
        goto out;
    for (size_t i = 0; i < a->nind; i++)
        mo[i] = -1;
    for (size_t j = 0; j < b->nind; j++)
        mn[j] = -1;
    /* The same row: 一级, 二级 and 三级 agree; the k-th of equal keys in
     * OLD pairs with the k-th in NEW.  Then a rename: left over on both
     * sides, in the same place of the same group, with the same 指标值. */
    if (match(&sa, &sb, 1, mo, mn, NULL) != PE_OK ||
        match(&sa, &sb, 2, mo, mn, ren) != PE_OK)
        goto out;
    /* which names more than one row has: a change then names its group */
    row_keys(a, NULL, NULL, 3, sa.key);
    row_keys(b, NULL, NULL, 3, sb.key);
    if (chains_build(&na, sa.key, a->nind, NULL) != PE_OK ||
        chains_build(&nb, sb.key, b->nind, NULL) != PE_OK)
        goto out;
    D->names_a = &na;
    D->names_b = &nb;
    /* upto[j]: the row of OLD that the first matched row of NEW from j on
     * pairs with */
    upto[b->nind] = a->nind;
    for (size_t j = b->nind; j-- > 0;)
        upto[j] = mn[j] >= 0 ? (size_t)mn[j] : upto[j + 1];
    /* NEW's order, each removed row where it stood in OLD: before the
     * row of NEW that follows it, and before rows added in its place, as
     * diff(1) puts - before +. */
    st = PE_OK;
    for (size_t j = 0; j < b->nind && st == PE_OK; j++) {
        for (; next < upto[j] && st == PE_OK; next++)
            if (mo[next] < 0)
                st = gone_row(D, next);
        if (st != PE_OK)
            break;
        if (mn[j] < 0) {
            st = add(D->d, PE_DIFF_ADDED, (long)j + 1, b->ind[j].name,
                     b->ind[j].level1, b->ind[j].level2, NULL, NULL, NULL, NULL,
                     NULL);
            if (st == PE_OK)
                mark_ambiguous(D, D->d->n - 1);
            continue;
        }
        if (next < (size_t)mn[j] + 1)
            next = (size_t)mn[j] + 1;
        st = one_row(D, (size_t)mn[j], j, ren[j]);
    }
    for (; next < a->nind && st == PE_OK; next++)
        if (mo[next] < 0)
            st = gone_row(D, next);
out:
    chains_free(&na);
    chains_free(&nb);
    side_free(&sa);
    side_free(&sb);
    free(mo);
    free(mn);
    free(upto);
    free(ren);
    return st;
}

/* ------------------------------------------------------------ totals */

static pe_status diff_totals(differ *D)
{
    pe_diff *d = D->d;
    pe_diff_totals *t = &d->totals;
    pe_status st;

    t->old_total = D->a->total;
    t->new_total = D->b->total;
    fmt_score(t->old_total, D->a->rules.places, d->old_text);
    fmt_score(t->new_total, D->b->rules.places, d->new_text);
    if ((st = fmt_delta(t->old_total, D->a->rules.places, t->new_total,
                        D->b->rules.places, &t->delta, d->delta_text)) != PE_OK)
        return st;
    snprintf(d->old_grade, sizeof d->old_grade, "%s", D->a->grade);
    snprintf(d->new_grade, sizeof d->new_grade, "%s", D->b->grade);
    t->old_text = d->old_text;
    t->new_text = d->new_text;
    t->delta_text = d->delta_text;
    t->old_grade = d->old_grade;
    t->new_grade = d->new_grade;
    return PE_OK;
}

pe_status pe_project_diff(const pe_project *before, const pe_project *after,
                          pe_diff **out)
{
    differ D;
    pe_status st;

    if (!out)
        return PE_EUSAGE;
    *out = NULL;
    if (!before || !after || !before->scored || !after->scored)
        return PE_EUSAGE;
    D.a = before;
    D.b = after;
    D.d = calloc(1, sizeof *D.d);
    if (!D.d)
        return PE_ENOMEM;
    if ((st = diff_header(&D)) != PE_OK || (st = diff_rules(&D)) != PE_OK ||
        (st = diff_funds(&D)) != PE_OK || (st = diff_rows(&D)) != PE_OK ||
        (st = diff_totals(&D)) != PE_OK) {
        pe_diff_free(D.d);
        return st;
    }
    *out = D.d;
    return PE_OK;
}

void pe_diff_free(pe_diff *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        entry_free(&d->e[i]);
    free(d->e);
    free(d);
}

size_t pe_diff_nchanges(const pe_diff *d)
{
    return d->n;
}

size_t pe_diff_count(const pe_diff *d)
{
    return d->n +
           (size_t)(pe_dec_cmp(d->totals.old_total, d->totals.new_total) != 0) +
           (size_t)(strcmp(d->old_grade, d->new_grade) != 0);
}

const pe_diff_change *pe_diff_get(const pe_diff *d, size_t i)
{
    return i < d->n ? &d->e[i].c : NULL;
}

const pe_diff_totals *pe_diff_totals_get(const pe_diff *d)
{
    return &d->totals;
}

/* ------------------------------------------------------------ output */

static const char *kind_name(pe_diff_kind k)
{
    switch (k) {
    case PE_DIFF_ADDED:
        return "added";
    case PE_DIFF_REMOVED:
        return "removed";
    case PE_DIFF_RENAMED:
        return "renamed";
    default:
        return "changed";
    }
}

/* A blank cell is not nothing to a clerk reading the line: say so. */
static const char *shown(const char *s)
{
    return s && s[0] ? s : "（空）";
}

/* A delta for people: the true minus sign, a plus on gains. */
static pe_status put_signed(pe_buf *b, const char *num)
{
    pe_dec v;

    if (num[0] == '-')
        return pe_buf_printf(b, "−%s", num + 1);
    if (pe_dec_parse_cstr(num, &v) == PE_OK && pe_dec_sign(v) > 0)
        return pe_buf_printf(b, "+%s", num);
    return pe_buf_puts(b, num);
}

static pe_status put_group(pe_buf *b, const entry *e)
{
    if (!e->c.level1[0] && !e->c.level2[0])
        return PE_OK;
    if (!e->c.level2[0])
        return pe_buf_printf(b, " (%s)", e->c.level1);
    if (!e->c.level1[0])
        return pe_buf_printf(b, " (%s)", e->c.level2);
    return pe_buf_printf(b, " (%s/%s)", e->c.level1, e->c.level2);
}

static int same_line(const entry *x, const entry *y)
{
    return y->c.kind == PE_DIFF_CHANGED && x->c.row == y->c.row &&
           strcmp(x->c.name, y->c.name) == 0;
}

static pe_status table(const pe_diff *d, pe_buf *b)
{
    const pe_diff_totals *t = &d->totals;
    pe_status st = PE_OK;
    size_t i = 0;

    while (i < d->n && st == PE_OK) {
        const entry *e = &d->e[i];

        switch (e->c.kind) {
        case PE_DIFF_ADDED:
        case PE_DIFF_REMOVED:
            if ((st = pe_buf_printf(b, "%c %s",
                                    e->c.kind == PE_DIFF_ADDED ? '+' : '-',
                                    e->c.name)) == PE_OK &&
                (st = put_group(b, e)) == PE_OK)
                st = pe_buf_puts(b, "\n");
            i++;
            break;
        case PE_DIFF_RENAMED:
            st = pe_buf_printf(b, "R %s → %s", e->c.old_value, e->c.new_value);
            if (st == PE_OK && e->ambiguous)
                st = put_group(b, e);
            if (st == PE_OK)
                st = pe_buf_puts(b, "\n");
            i++;
            break;
        case PE_DIFF_CHANGED: {
            size_t k = i;

            st = pe_buf_printf(b, "~ %s", e->c.name);
            if (st == PE_OK && e->ambiguous)
                st = put_group(b, e);
            if (st == PE_OK)
                st = pe_buf_puts(b, ": ");
            for (; st == PE_OK && k < d->n && same_line(e, &d->e[k]); k++) {
                const pe_diff_change *c = &d->e[k].c;

                if (k > i)
                    st = pe_buf_puts(b, "; ");
                /* a header line names its one field already */
                if (st == PE_OK && strcmp(c->label, c->name) != 0)
                    st = pe_buf_printf(b, "%s ", c->label);
                if (st == PE_OK)
                    st = pe_buf_printf(b, "%s → %s", shown(c->old_value),
                                       shown(c->new_value));
                if (st == PE_OK && c->delta) {
                    if ((st = pe_buf_puts(b, " (")) == PE_OK &&
                        (st = put_signed(b, c->delta)) == PE_OK)
                        st = pe_buf_puts(b, ")");
                }
            }
            if (st == PE_OK)
                st = pe_buf_puts(b, "\n");
            i = k;
            break;
        }
        }
    }
    if (st == PE_OK &&
        (st = pe_buf_printf(b, "总分 %s → %s (", t->old_text, t->new_text)) ==
            PE_OK &&
        (st = put_signed(b, t->delta_text)) == PE_OK)
        st = pe_buf_printf(b, "), %s → %s\n", shown(t->old_grade),
                           shown(t->new_grade));
    return st;
}

/* A JSON string member, or null. */
static int put_str(cJSON *o, const char *key, const char *s)
{
    return (s ? cJSON_AddStringToObject(o, key, s)
              : cJSON_AddNullToObject(o, key)) != NULL;
}

/* One change as a JSON object on one line; the caller frees the text. */
static char *change_json(const entry *e)
{
    const pe_diff_change *c = &e->c;
    cJSON *o = cJSON_CreateObject();
    char row[24], *s = NULL;
    int ok;

    if (!o)
        return NULL;
    /* the row number as raw text: no double on the way out */
    snprintf(row, sizeof row, "%ld", c->row);
    ok = put_str(o, "kind", kind_name(c->kind)) &&
         cJSON_AddRawToObject(o, "row", row) && put_str(o, "name", c->name);
    if (ok && c->row > 0)
        ok = put_str(o, "level1", c->level1) && put_str(o, "level2", c->level2);
    ok = ok && put_str(o, "field", c->field) && put_str(o, "label", c->label) &&
         put_str(o, "old", c->old_value) && put_str(o, "new", c->new_value);
    if (ok && c->delta)
        ok = put_str(o, "delta", c->delta);
    if (ok)
        s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

/* A JSON string literal of s, through cJSON for its escaping. */
static pe_status put_json_string(pe_buf *b, const char *s)
{
    cJSON *j = cJSON_CreateString(s);
    char *t = j ? cJSON_PrintUnformatted(j) : NULL;
    pe_status st = t ? pe_buf_puts(b, t) : PE_ENOMEM;

    free(t);
    cJSON_Delete(j);
    return st;
}

static pe_status json(const pe_diff *d, pe_buf *b)
{
    const pe_diff_totals *t = &d->totals;
    pe_status st = pe_buf_puts(b, "{\n  \"format\": \"" PE_JSON_DIFF "\",\n");

    if (st == PE_OK)
        st = pe_buf_puts(b,
                         d->n ? "  \"changes\": [\n" : "  \"changes\": [],\n");

    for (size_t i = 0; i < d->n && st == PE_OK; i++) {
        char *s = change_json(&d->e[i]);

        if (!s)
            return PE_ENOMEM;
        st = pe_buf_printf(b, "    %s%s\n", s, i + 1 < d->n ? "," : "");
        free(s);
    }
    if (st == PE_OK && d->n)
        st = pe_buf_puts(b, "  ],\n");
    if (st == PE_OK)
        st = pe_buf_printf(b,
                           "  \"total\": {\"old\":\"%s\",\"new\":\"%s\","
                           "\"delta\":\"%s\"},\n  \"grade\": {\"old\":",
                           t->old_text, t->new_text, t->delta_text);
    if (st == PE_OK && (st = put_json_string(b, t->old_grade)) == PE_OK &&
        (st = pe_buf_puts(b, ",\"new\":")) == PE_OK &&
        (st = put_json_string(b, t->new_grade)) == PE_OK)
        st = pe_buf_printf(b, "},\n  \"count\": %zu\n}\n", pe_diff_count(d));
    return st;
}

pe_status pe_render_diff(const pe_diff *d, int as_json, pe_buf *out)
{
    pe_buf tmp = {NULL, 0, 0};
    pe_status st;

    if (!d || !out)
        return PE_EUSAGE;
    /* all or nothing: a failure leaves out as it was */
    st = as_json ? json(d, &tmp) : table(d, &tmp);
    if (st == PE_OK && !as_json) {
        /* the tables' own text, which may hold anything, as the terminal
         * output of score and check shows it: control characters escaped
         * (pe_term_text), never sent to the terminal */
        pe_buf safe = {NULL, 0, 0};

        st = pe_term_text(&safe, tmp.data ? tmp.data : "", tmp.len, 1);
        pe_buf_free(&tmp);
        tmp = safe;
    }
    if (st == PE_OK)
        st = pe_buf_append(out, tmp.data, tmp.len);
    pe_buf_free(&tmp);
    return st;
}
