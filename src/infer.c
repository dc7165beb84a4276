/*
 * The rules a table was scored by, read off its own printed numbers
 * (docs/rules.md, "A table without a rules file").  A clerk's table carries
 * no rules file, but its scores show how they were rounded and its weights
 * whether the funds block counts toward the 总分: scoring it by other rules
 * would change its total without a word.
 */
#include "project.h"

#include <stdio.h>
#include <string.h>

static const pe_dec ZERO = {0, 0};
static const pe_dec ONE = {1, 0};

/* One printed score that differs from the exact a*b/c by less than one
 * point: how it was cut shows the rounding. */
typedef struct evidence {
    const char *name;
    pe_dec a, b, c, reported;
} evidence;

typedef struct candidate {
    pe_round mode;
    int places;
} candidate;

/* In order of preference when two explain the same scores: the MoF
 * default first (docs/rules.md). */
static const candidate candidates[] = {
    {PE_ROUND_HALF_UP, 2},  {PE_ROUND_TRUNCATE, 2}, {PE_ROUND_HALF_UP, 1},
    {PE_ROUND_TRUNCATE, 1}, {PE_ROUND_HALF_UP, 0},  {PE_ROUND_TRUNCATE, 0}};

#define NCAND (sizeof candidates / sizeof candidates[0])

/* Is the exact a*b/c within one point of rep, and not equal to it? */
static int near(const evidence *e)
{
    pe_dec lo, hi;
    int c_lo, c_hi, c_eq;

    if (pe_dec_sub(e->reported, ONE, &lo) != PE_OK ||
        pe_dec_add(e->reported, ONE, &hi) != PE_OK ||
        pe_dec_muldiv_cmp(e->a, e->b, e->c, lo, &c_lo) != PE_OK ||
        pe_dec_muldiv_cmp(e->a, e->b, e->c, hi, &c_hi) != PE_OK ||
        pe_dec_muldiv_cmp(e->a, e->b, e->c, e->reported, &c_eq) != PE_OK)
        return 0;
    return c_lo > 0 && c_hi < 0 && c_eq != 0;
}

static int matches(const evidence *e, const candidate *c)
{
    pe_dec r;

    return pe_dec_muldiv(e->a, e->b, e->c, c->places, c->mode, &r) == PE_OK &&
           pe_dec_cmp(r, e->reported) == 0;
}

/* "0.599" when exact, "5.9933…" when not. */
static void exact_text(const evidence *e, int places, char *buf, size_t n)
{
    char tmp[PE_DEC_BUFSIZE];
    pe_dec v;
    int cmp = 0;

    if (pe_dec_muldiv(e->a, e->b, e->c, places + 2, PE_ROUND_TRUNCATE, &v) !=
            PE_OK ||
        pe_dec_muldiv_cmp(e->a, e->b, e->c, v, &cmp) != PE_OK) {
        snprintf(buf, n, "?");
        return;
    }
    snprintf(buf, n, "%s%s", pe_dec_format(pe_dec_normalize(v), tmp),
             cmp ? "…" : "");
}

/* The rounding the evidence points to; *shown is the item quoted. */
static int best_rounding(const evidence *ev, size_t n, size_t *count,
                         const evidence **shown)
{
    size_t hits[NCAND] = {0};
    int best = 0;

    for (size_t k = 0; k < NCAND; k++)
        for (size_t i = 0; i < n; i++)
            hits[k] += matches(&ev[i], &candidates[k]) ? 1u : 0u;
    for (size_t k = 1; k < NCAND; k++)
        if (hits[k] > hits[best])
            best = (int)k;
    *count = hits[best];
    *shown = NULL;
    /* quote an item the default would not explain, else the first */
    for (size_t i = 0; i < n && *count; i++) {
        if (!matches(&ev[i], &candidates[best]))
            continue;
        if (!*shown || !matches(&ev[i], &candidates[0]))
            *shown = &ev[i];
        if (!matches(&ev[i], &candidates[0]))
            break;
    }
    return best;
}

static size_t gather(pe_project *p, evidence *ev, size_t max)
{
    size_t n = 0;
    const pe_funds *f = &p->funds;

    if (f->present && f->computable && f->reported.present && n < max) {
        ev[n] = (evidence){"资金执行", f->qa, f->qb, f->qc, f->reported.v};
        n += near(&ev[n]) ? 1u : 0u;
    }
    for (size_t i = 0; i < p->nind && n < max; i++) {
        const pe_indicator *r = &p->ind[i];

        if (!r->computable || !r->reported.present)
            continue;
        ev[n] = (evidence){r->name, r->qa, r->qb, r->qc, r->reported.v};
        n += near(&ev[n]) ? 1u : 0u;
    }
    return n;
}

/*
 * The funds block lies outside the 总分 when the indicators' weights alone
 * make the 总分值; where the weights cannot be known, when the printed
 * total is the indicators' scores alone.  -1: no evidence.
 */
static int funds_inside(const pe_project *p, char *why, size_t n)
{
    const pe_funds *f = &p->funds;
    pe_dec max =
        p->reported_max.present ? p->reported_max.v : pe_dec_from_int(100);
    pe_dec w, with, sum = ZERO, sum_with;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];

    if (!f->present)
        return -1;
    if (f->weight.present && pe_project_indicator_weight(p, &w) &&
        pe_dec_add(w, f->weight.v, &with) == PE_OK) {
        if (pe_dec_cmp(with, max) == 0)
            return 1;
        if (pe_dec_cmp(w, max) == 0) {
            snprintf(why, n,
                     "the indicators' weights make the 总分值 %s "
                     "without the funds block's %s",
                     pe_dec_format(pe_dec_normalize(max), b1),
                     pe_dec_format(pe_dec_normalize(f->weight.v), b2));
            return 0;
        }
        return -1;
    }
    if (!p->reported_total.present || !f->reported.present)
        return -1;
    for (size_t i = 0; i < p->nind; i++) {
        if (!p->ind[i].reported.present ||
            pe_dec_add(sum, p->ind[i].reported.v, &sum) != PE_OK)
            return -1;
    }
    if (pe_dec_add(sum, f->reported.v, &sum_with) != PE_OK ||
        pe_dec_cmp(sum_with, p->reported_total.v) == 0)
        return -1;
    if (pe_dec_cmp(sum, p->reported_total.v) == 0) {
        snprintf(why, n,
                 "the printed 总分 %s is the indicators' scores "
                 "without the funds block's",
                 pe_dec_format(p->reported_total.v, b1));
        return 0;
    }
    return -1;
}

/* The printed 执行率 is 执行数 over 年初预算数, not over 全年预算数; or
 * the block has no 全年预算数 at all.  *why says which. */
static int rate_on_initial(const pe_project *p, const char **why)
{
    const pe_funds *f = &p->funds;
    pe_cell c;
    pe_dec on_init, on_budget;

    *why = "printed";
    if (f->present && f->total.initial.present &&
        !pe_dec_is_zero(f->total.initial.v) && !f->total.budget.present) {
        for (size_t i = 0; i < f->nparts; i++)
            if (f->parts[i].budget.present)
                return 0;
        *why = "no 全年预算数";
        return 1;
    }

    if (!f->present || !f->reported_rate || !f->total.initial.present ||
        !f->total.budget.present || !f->total.executed.present ||
        pe_dec_is_zero(f->total.initial.v) ||
        pe_dec_cmp(f->total.initial.v, f->total.budget.v) == 0 ||
        pe_cell_parse(f->reported_rate, strlen(f->reported_rate), &c) !=
            PE_OK ||
        c.kind != PE_CELL_NUMBER || !c.percent)
        return 0;
    for (int m = 0; m < 2; m++) {
        pe_round mode = m ? PE_ROUND_TRUNCATE : PE_ROUND_HALF_UP;

        if (pe_dec_muldiv(f->total.executed.v, pe_dec_from_int(100),
                          f->total.initial.v, c.value.scale, mode,
                          &on_init) != PE_OK)
            return 0;
        if (pe_dec_is_zero(f->total.budget.v) ||
            pe_dec_muldiv(f->total.executed.v, pe_dec_from_int(100),
                          f->total.budget.v, c.value.scale, mode,
                          &on_budget) != PE_OK)
            on_budget = (pe_dec){-1, 0};
        if (pe_dec_cmp(on_init, c.value) == 0 &&
            pe_dec_cmp(on_budget, c.value) != 0)
            return 1;
    }
    return 0;
}

/* Append a part to a note, "; " apart ("；" in Chinese). */
static void add_part(char *note, size_t n, const char *part, const char *sep)
{
    size_t used = strlen(note);

    if (used + strlen(sep) < n)
        snprintf(note + used, n - used, "%s%s", used ? sep : "", part);
}

/* Does the table print any score: a row's 得分, the funds block's, the
 * 总分? */
static int prints_scores(const pe_project *p)
{
    if (p->funds.reported.present || p->reported_total.present)
        return 1;
    for (size_t i = 0; i < p->nind; i++)
        if (p->ind[i].reported.present)
            return 1;
    return 0;
}

pe_status pe_project_infer_rules(pe_project *p, pe_error *err)
{
    evidence ev[64];
    const evidence *shown;
    pe_rules R = p->rules;
    char note[sizeof p->rules_note] = "", zh[sizeof p->rules_note] = "";
    char part[300], why[200] = "", confirm[200] = "", confirm_zh[200] = "";
    char exact[PE_DEC_BUFSIZE + 4], rep[PE_DEC_BUFSIZE];
    const char *base_why;
    size_t n, count = 0;
    int best, changed = 0;
    pe_status st;

    p->rules_note[0] = '\0';
    if ((st = pe_project_compute(p, err)) != PE_OK)
        return st;
    n = gather(p, ev, sizeof ev / sizeof ev[0]);
    best = best_rounding(ev, n, &count, &shown);
    if (count) {
        const candidate *c = &candidates[best];
        const char *more = count == 1   ? ""
                           : count == 2 ? ", and 1 more score"
                                        : ", and more scores";

        exact_text(shown, c->places, exact, sizeof exact);
        pe_dec_format(shown->reported, rep);
        if (c->mode != R.rounding || c->places != R.places) {
            R.rounding = c->mode;
            R.places = c->places;
            snprintf(part, sizeof part, "%s to %d place%s (%s %s → %s%s)",
                     c->mode == PE_ROUND_HALF_UP ? "half-up" : "truncate",
                     c->places, c->places == 1 ? "" : "s", shown->name, exact,
                     rep, more);
            add_part(note, sizeof note, part, "; ");
            snprintf(part, sizeof part, "%s保留 %d 位小数（%s %s → %s%s）",
                     c->mode == PE_ROUND_HALF_UP ? "四舍五入" : "截尾",
                     c->places, shown->name, exact, rep,
                     count > 1 ? " 等" : "");
            add_part(zh, sizeof zh, part, "；");
            changed = 1;
        } else {
            snprintf(confirm, sizeof confirm, " (%s %s → %s%s)", shown->name,
                     exact, rep, more);
            snprintf(confirm_zh, sizeof confirm_zh, "（%s %s → %s%s）",
                     shown->name, exact, rep, count > 1 ? " 等" : "");
        }
    }
    if (funds_inside(p, why, sizeof why) == 0) {
        R.funds_in_total = 0;
        snprintf(part, sizeof part, "the funds block outside the 总分 (%s)",
                 why);
        add_part(note, sizeof note, part, "; ");
        add_part(zh, sizeof zh,
                 "资金执行得分不计入总分（各指标分值已合计为总分值）", "；");
        changed = 1;
    }
    if (rate_on_initial(p, &base_why) && R.rate_base != PE_BASE_INITIAL) {
        int printed = strcmp(base_why, "printed") == 0;

        R.rate_base = PE_BASE_INITIAL;
        if (printed)
            snprintf(part, sizeof part, "执行率 on 年初预算数 (printed %s)",
                     p->funds.reported_rate);
        else
            snprintf(part, sizeof part,
                     "执行率 on 年初预算数 (the funds block has no "
                     "全年预算数)");
        add_part(note, sizeof note, part, "; ");
        if (printed)
            snprintf(part, sizeof part, "执行率按年初预算数计算（填报 %s）",
                     p->funds.reported_rate);
        else
            snprintf(part, sizeof part,
                     "执行率按年初预算数计算（资金表无全年预算数）");
        add_part(zh, sizeof zh, part, "；");
        changed = 1;
    }
    if (changed) {
        snprintf(R.name, sizeof R.name, "%s", PE_RULES_INFERRED);
        /* a note past the room is cut, on purpose */
        snprintf(p->rules_note, sizeof p->rules_note,
                 "rules inferred from the table: %.*s",
                 (int)(sizeof p->rules_note - 32), note);
    } else if (!prints_scores(p)) {
        /* nothing to agree or disagree: say that it is an assumption */
        snprintf(p->rules_note, sizeof p->rules_note,
                 "the table prints no scores to read its rules from: %s is "
                 "assumed",
                 R.name);
        snprintf(zh, sizeof zh, "表内未填报得分，无从推定评分规则：按 %s 评分",
                 R.name);
    } else {
        snprintf(p->rules_note, sizeof p->rules_note,
                 "the table's own numbers agree with %s%s", R.name,
                 confirm[0] ? confirm : ": nothing in them departs from it");
        snprintf(zh, sizeof zh, "表内数据与 %s 一致%s", R.name, confirm_zh);
    }
    p->rules = R;
    p->scored = 0;
    /* each message takes both texts and prints its own */
    return pe_project_add_note(p, PE_SEV_INFO, "rules", -1, 0, "%s%.0s",
                               changed ? "按表内数据推定评分规则：%.0s%s"
                                       : "%.0s%s",
                               p->rules_note, zh);
}

const char *pe_project_rules_note(const pe_project *p)
{
    return p->rules_note;
}

int pe_project_has_rules(const pe_project *p)
{
    return p->own_rules;
}
