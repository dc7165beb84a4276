/*
 * Scoring by the rules of 财预〔2020〕10号 as ../DOMAIN.md states them.
 * Every score is an exact rational rounded once, in pe_dec_muldiv(), by the
 * project's rule; the total is the exact sum of the rounded row scores.
 */
#include "project.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct scorer {
    pe_project *p;
    pe_error *err;
    pe_status st; /* first allocation failure while adding findings */
} scorer;

static const pe_dec ZERO = {0, 0};
static const pe_dec ONE = {1, 0};

#define FIND(S, sev, code, row, line, ...)                                    \
    do {                                                                       \
        pe_status fst_ = pe_project_add_finding((S)->p, sev, code, row, line, \
                                                __VA_ARGS__);                  \
        if (fst_ != PE_OK)                                                     \
            (S)->st = fst_;                                                    \
    } while (0)

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static pe_status row_error(scorer *S, size_t i, const char *fmt, ...)
{
    const pe_indicator *r = &S->p->ind[i];
    char msg[300];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pe_error_set(S->err, S->p->source, r->line, 0, "indicator %zu (%s): %s",
                 i + 1, r->name, msg);
    return PE_EDATA;
}

static const char *fmt_dec(pe_dec d, char *buf)
{
    return pe_dec_format(d, buf);
}

/* One unit in the last place the rules keep: 0.01 for two places. */
static pe_dec unit_of(const pe_rules *r)
{
    return (pe_dec){1, r->places};
}

static pe_status round_rule(const pe_rules *r, pe_dec a, pe_dec b, pe_dec c,
                            pe_dec *out)
{
    return pe_dec_muldiv(a, b, c, r->places, r->rounding, out);
}

/* ------------------------------------------------------------ qualitative */

/* Words an evaluator writes in 实际完成值 for a met qualitative target. */
static const char *const met_words[] = {
    "达成", "已达成", "达到", "已达到", "达标", "完成", "已完成", "按时完成",
    "全部完成", "是", "合格", "良好", "好", "优", "优秀", "满意", "有效",
    "显著", "明显", "提高", "提升", "改善", "增强", "合理", "健全", "合规",
    "规范", "可控", "到位", "及时", "符合", "符合要求", "达成预期指标",
    "达到预期", "达到预期目标", "实现", "已实现", NULL};

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "未完成", "不合格", "否": a negation.  Only at the start or in a few
 * fixed phrases, since 不 also begins words that are not negations
 * ("不断提升"). */
static int negated(const char *s)
{
    static const char *const inside[] = {"未达", "未完成", "未实现", "未按",
                                         "不达", "不合格", "不满意", "不到位",
                                         "没有", NULL};

    if (strcmp(s, "否") == 0 || strcmp(s, "无") == 0 || starts_with(s, "未") ||
        starts_with(s, "没") ||
        (starts_with(s, "不") && !starts_with(s, "不断")))
        return 1;
    for (const char *const *k = inside; *k; k++)
        if (strstr(s, *k))
            return 1;
    return 0;
}

/* The band an actual text states: equal to the target or a word of
 * achievement is 达成; a negation is 未达成; 基本/部分 is 部分达成. */
static pe_band text_band(const char *target, const char *actual)
{
    if (strcmp(target, actual) == 0)
        return PE_BAND_MET;
    if (negated(actual))
        return PE_BAND_NOT_MET;
    if (strncmp(actual, "基本", strlen("基本")) == 0 ||
        strncmp(actual, "部分", strlen("部分")) == 0 ||
        strcmp(actual, "较好") == 0 || strcmp(actual, "一般") == 0)
        return PE_BAND_PARTLY;
    if (in_list(actual, met_words))
        return PE_BAND_MET;
    return PE_BAND_UNKNOWN;
}

static const char *band_name(pe_band b)
{
    switch (b) {
    case PE_BAND_MET:
        return "达成";
    case PE_BAND_PARTLY:
        return "部分达成";
    case PE_BAND_NOT_MET:
        return "未达成";
    default:
        return "未识别";
    }
}

/* The scores a judgement in band b may take: [lo, hi], in the rules'
 * places (the open upper ends 80% and 60% become one unit below). */
static pe_status band_range(const pe_rules *R, pe_band b, pe_dec w,
                            pe_dec *lo, pe_dec *hi)
{
    pe_dec u = unit_of(R), top;
    pe_status st;
    int64_t lo_pct, hi_pct;

    switch (b) {
    case PE_BAND_MET:
        lo_pct = 80, hi_pct = 100;
        break;
    case PE_BAND_PARTLY:
        lo_pct = 60, hi_pct = 80;
        break;
    case PE_BAND_NOT_MET:
        lo_pct = 0, hi_pct = 60;
        break;
    default:
        *lo = ZERO;
        *hi = w;
        return PE_OK;
    }
    /* The lower end rounds up into the band, never below it. */
    {
        int cmp;

        st = pe_dec_muldiv(w, pe_dec_from_int(lo_pct), pe_dec_from_int(100),
                           R->places, PE_ROUND_TRUNCATE, lo);
        if (st == PE_OK)
            st = pe_dec_muldiv_cmp(w, pe_dec_from_int(lo_pct),
                                   pe_dec_from_int(100), *lo, &cmp);
        if (st == PE_OK && cmp > 0)
            st = pe_dec_add(*lo, u, lo);
    }
    if (st == PE_OK)
        st = pe_dec_muldiv(w, pe_dec_from_int(hi_pct), pe_dec_from_int(100),
                           R->places + 3, PE_ROUND_TRUNCATE, &top);
    if (st != PE_OK)
        return st;
    if (hi_pct == 100) {
        *hi = w;
    } else {
        pe_dec t;
        /* largest multiple of the unit strictly below top */
        if ((st = pe_dec_round(top, R->places, PE_ROUND_TRUNCATE, &t)) !=
            PE_OK)
            return st;
        if (pe_dec_cmp(t, top) == 0 && (st = pe_dec_sub(t, u, &t)) != PE_OK)
            return st;
        *hi = t;
    }
    return PE_OK;
}

/* ------------------------------------------------------------ quantities */

static int higher_is_better(pe_cmp c)
{
    return c == PE_CMP_GE || c == PE_CMP_GT || c == PE_CMP_EQ ||
           c == PE_CMP_NONE;
}

/* Bring actual into the target's unit.  Returns 0 when they cannot be
 * compared (人 against 场). */
static int same_unit(const pe_cell *t, pe_cell *a)
{
    if (!a->unit[0] && !a->percent)
        return 1; /* units dropped on the actual side: "132.9" */
    if (t->percent != a->percent)
        return !t->percent && !t->unit[0];
    if (strcmp(t->unit, a->unit) == 0 || !t->unit[0])
        return 1;
    if (strcmp(t->unit, "万元") == 0 && strcmp(a->unit, "元") == 0)
        return pe_dec_muldiv(a->value, ONE, pe_dec_from_int(10000),
                             PE_DEC_MAX_SCALE, PE_ROUND_TRUNCATE,
                             &a->value) == PE_OK;
    if (strcmp(t->unit, "元") == 0 && strcmp(a->unit, "万元") == 0)
        return pe_dec_muldiv(a->value, pe_dec_from_int(10000), ONE,
                             a->value.scale, PE_ROUND_TRUNCATE,
                             &a->value) == PE_OK;
    return 0;
}

/* The exact score of a numeric row as q[0]*q[1]/q[2], before rounding.
 * *met tells whether the target was reached. */
static pe_status score_number(const pe_rules *R, const pe_cell *t,
                              const pe_cell *a, pe_dec w, pe_dec q[3],
                              int *met)
{
    pe_dec tv = t->value, av = a->value;
    int c = pe_dec_cmp(av, tv);

    q[0] = w, q[1] = ONE, q[2] = ONE;
    if (higher_is_better(t->cmp)) {
        *met = t->cmp == PE_CMP_GT ? c > 0 : c >= 0;
        if ((t->cmp == PE_CMP_EQ || t->cmp == PE_CMP_NONE) &&
            pe_dec_is_zero(tv)) {
            /* "事故数 =0": all or nothing */
            *met = pe_dec_is_zero(av);
            q[0] = *met ? w : ZERO;
        } else if (!*met) {
            if (pe_dec_sign(tv) <= 0 || pe_dec_sign(av) <= 0)
                q[0] = ZERO;
            else
                q[0] = av, q[1] = w, q[2] = tv;
        }
        return PE_OK;
    }
    *met = t->cmp == PE_CMP_LT ? c < 0 : c <= 0;
    if (*met)
        return PE_OK;
    if (pe_dec_sign(tv) <= 0) {
        q[0] = ZERO;
    } else if (R->lower == PE_LOWER_RATIO) {
        q[0] = tv, q[1] = w, q[2] = av;
    } else {
        /* (1 - (a - t)/t) * w = (2t - a) * w / t, nothing below zero */
        pe_dec twice, num;
        pe_status st;

        if ((st = pe_dec_add(tv, tv, &twice)) != PE_OK ||
            (st = pe_dec_sub(twice, av, &num)) != PE_OK)
            return st;
        q[0] = pe_dec_sign(num) <= 0 ? ZERO : num, q[1] = w, q[2] = tv;
    }
    return PE_OK;
}

/* A date as a sortable number; open month and day take the period's last
 * day for a deadline and its first for a start. */
static long date_key(const pe_cell *c, int year, int latest)
{
    long y = c->year ? c->year : year;
    long m = c->month ? c->month : (latest ? 12 : 1);
    long d = c->day ? c->day : (latest ? 31 : 1);

    return y * 10000 + m * 100 + d;
}

/* ------------------------------------------------------------ one row */

/* The row's computed score: the exact qa*qb/qc, rounded once by the rule. */
static pe_status set_computed(const pe_rules *R, pe_indicator *r, pe_dec qa,
                              pe_dec qb, pe_dec qc)
{
    pe_status st = round_rule(R, qa, qb, qc, &r->computed);

    if (st != PE_OK)
        return st;
    r->qa = qa, r->qb = qb, r->qc = qc;
    r->computable = 1;
    return PE_OK;
}

/* Does reported lie within one unit of the last place of the exact value
 * a*b/c?  Then the two differ only in rounding (DOMAIN.md: 0.59 against
 * 0.599), and the rules' own rounding decides. */
static int rounding_only(const pe_rules *R, pe_dec reported, pe_dec a,
                         pe_dec b, pe_dec c)
{
    pe_dec lo, hi, u = unit_of(R);
    int above_lo, below_hi;

    if (pe_dec_sub(reported, u, &lo) != PE_OK ||
        pe_dec_add(reported, u, &hi) != PE_OK ||
        pe_dec_muldiv_cmp(a, b, c, lo, &above_lo) != PE_OK ||
        pe_dec_muldiv_cmp(a, b, c, hi, &below_hi) != PE_OK)
        return 0;
    return above_lo > 0 && below_hi < 0;
}

static pe_status compute_row(scorer *S, size_t i)
{
    pe_project *p = S->p;
    pe_indicator *r = &p->ind[i];
    const pe_rules *R = &p->rules;
    pe_status st;
    int met = 0;

    r->computable = 0;
    r->overachieved = 0;
    r->band = PE_BAND_NONE;
    /* a loader may have parsed the cells already (the long format keeps a
     * cache of them); only a successful parse is ever handed over */
    if (!r->cells_parsed) {
        st = pe_cell_parse(r->target, strlen(r->target), &r->tcell);
        if (st != PE_OK)
            return row_error(S, i, "指标值 \"%s\" cannot be read", r->target);
        st = pe_cell_parse(r->actual, strlen(r->actual), &r->acell);
        if (st != PE_OK)
            return row_error(S, i, "实际完成值 \"%s\" cannot be read",
                             r->actual);
    }
    if (r->tcell.kind == PE_CELL_EMPTY)
        return row_error(S, i, "指标值 is empty");
    if (r->acell.kind == PE_CELL_EMPTY)
        return row_error(S, i, "实际完成值 is empty");

    if (r->tcell.kind == PE_CELL_NUMBER && r->acell.kind == PE_CELL_NUMBER) {
        pe_cell a = r->acell;

        if (same_unit(&r->tcell, &a)) {
            pe_dec q[3];

            st = score_number(R, &r->tcell, &a, r->weight, q, &met);
            if (st == PE_OK)
                st = set_computed(R, r, q[0], q[1], q[2]);
            if (st != PE_OK)
                return row_error(S, i, "cannot compute the score: %s",
                                 pe_strerror(st));
            r->computable = 1;
            if (met && higher_is_better(r->tcell.cmp) &&
                pe_dec_sign(r->tcell.value) > 0) {
                /* 偏离度: far beyond the target asks for a reason */
                pe_dec lim;
                r->overachieved =
                    pe_dec_muldiv(r->tcell.value, R->overachieve_ratio, ONE,
                                  PE_DEC_MAX_SCALE, PE_ROUND_TRUNCATE,
                                  &lim) == PE_OK &&
                    pe_dec_cmp(a.value, lim) >= 0;
            }
            return PE_OK;
        }
        FIND(S, PE_SEV_WARNING, "unit-mismatch", (long)i + 1, r->line,
             "%s: target \"%s\" and actual \"%s\" are in different units",
             "%s：指标值“%s”与实际完成值“%s”的计量单位不同",
             r->name, r->target, r->actual);
        r->band = PE_BAND_UNKNOWN;
        return PE_OK;
    }
    if (r->tcell.kind == PE_CELL_DATE && r->acell.kind == PE_CELL_DATE) {
        int start = r->tcell.cmp == PE_CMP_GE || r->tcell.cmp == PE_CMP_GT;
        /* "12月底前" has the table's year; a table without one takes the
         * year the other cell writes */
        int year = p->year         ? p->year
                   : r->tcell.year ? r->tcell.year
                                   : r->acell.year;
        long tk = date_key(&r->tcell, year, !start);
        long ak = date_key(&r->acell, year, !start);

        if (start ? ak >= tk : ak <= tk)
            return set_computed(R, r, r->weight, ONE, ONE);
        /* a missed deadline: how much it costs is the evaluator's call */
        r->band = PE_BAND_UNKNOWN;
        return PE_OK;
    }
    r->band = text_band(r->target, r->acell.kind == PE_CELL_TEXT ? r->actual
                                                                 : "");
    if (r->band == PE_BAND_MET)
        return set_computed(R, r, r->weight, ONE, ONE);
    return PE_OK;
}

/* Reconcile the computed and the reported score of a row (DOMAIN.md
 * "Computed and reported scores"). */
static pe_status settle_row(scorer *S, size_t i)
{
    pe_indicator *r = &S->p->ind[i];
    const pe_rules *R = &S->p->rules;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE], b3[PE_DEC_BUFSIZE];
    long row = (long)i + 1;
    pe_dec rep = r->reported.v;
    pe_status st;

    r->basis = PE_BASIS_COMPUTED;
    if (!r->reported.present) {
        if (!r->computable)
            return row_error(S, i,
                             "实际完成值 \"%s\" leaves the score to the "
                             "evaluator: fill in 得分",
                             r->actual);
        r->score = r->computed;
        return PE_OK;
    }
    if (pe_dec_sign(rep) < 0 || pe_dec_cmp(rep, r->weight) > 0) {
        FIND(S, PE_SEV_ERROR, "score-out-of-range", row, r->line,
             "%s: reported 得分 %s is outside 0 to the weight %s",
             "%s：填报得分 %s 不在 0 至分值 %s 之间", r->name,
             fmt_dec(rep, b1), fmt_dec(r->weight, b2));
        if (!r->computable)
            return row_error(S, i,
                             "reported 得分 is impossible and the rules "
                             "cannot compute one for \"%s\"",
                             r->actual);
        r->score = r->computed;
        r->basis = PE_BASIS_OVERRIDE;
        return PE_OK;
    }
    if (r->band != PE_BAND_NONE) {
        pe_dec lo, hi;

        if ((st = band_range(R, r->band == PE_BAND_MET || r->computable
                                    ? PE_BAND_MET
                                    : r->band,
                             r->weight, &lo, &hi)) != PE_OK)
            return st;
        r->score = rep;
        r->basis = PE_BASIS_REPORTED;
        if (pe_dec_cmp(rep, hi) > 0) {
            FIND(S, PE_SEV_ERROR, "band", row, r->line,
                 "%s: %s is %s; its score lies in [%s, %s], not %s",
                 "%s：%s 属于%s，得分应在 [%s, %s] 之间，而非 %s", r->name,
                 r->actual, band_name(r->band), fmt_dec(lo, b1),
                 fmt_dec(hi, b2), fmt_dec(rep, b3));
            r->score = hi;
            r->basis = PE_BASIS_OVERRIDE;
        } else if (pe_dec_cmp(rep, lo) < 0) {
            FIND(S, PE_SEV_ERROR, "band", row, r->line,
                 "%s: %s is %s; its score lies in [%s, %s], not %s",
                 "%s：%s 属于%s，得分应在 [%s, %s] 之间，而非 %s", r->name,
                 r->actual, band_name(r->band), fmt_dec(lo, b1),
                 fmt_dec(hi, b2), fmt_dec(rep, b3));
        }
        if (r->computable && pe_dec_cmp(r->score, r->computed) == 0)
            r->basis = PE_BASIS_COMPUTED;
        return PE_OK;
    }
    if (!r->computable) {
        /* a missed deadline or units that do not compare */
        r->score = rep;
        r->basis = PE_BASIS_REPORTED;
        return PE_OK;
    }
    {
        int c = pe_dec_cmp(rep, r->computed);

        if (c == 0) {
            r->score = rep;
            return PE_OK;
        }
        if (rounding_only(R, rep, r->qa, r->qb, r->qc)) {
            FIND(S, PE_SEV_WARNING, "rounding-disagreement", row, r->line,
                 "%s: reported %s, the rules give %s (%s, %d places)",
                 "%s：填报 %s，按规则应为 %s（%s，保留 %d 位小数）",
                 r->name, fmt_dec(rep, b1), fmt_dec(r->computed, b2),
                 R->rounding == PE_ROUND_HALF_UP ? "half-up" : "truncate",
                 R->places);
            r->score = r->computed;
            r->basis = PE_BASIS_OVERRIDE;
        } else if (c < 0) {
            FIND(S, PE_SEV_WARNING, "deduction", row, r->line,
                 "%s: reported %s is below the computed %s (a judgement "
                 "deduction)",
                 "%s：填报 %s 低于计算得分 %s（评价人酌情扣分）",
                 r->name, fmt_dec(rep, b1), fmt_dec(r->computed, b2));
            r->score = rep;
            r->basis = PE_BASIS_REPORTED;
        } else {
            FIND(S, PE_SEV_ERROR, "above-rules", row, r->line,
                 "%s: reported %s is above the %s the rules allow",
                 "%s：填报 %s 高于规则允许的 %s", r->name,
                 fmt_dec(rep, b1), fmt_dec(r->computed, b2));
            r->score = r->computed;
            r->basis = PE_BASIS_OVERRIDE;
        }
    }
    return PE_OK;
}

/* ------------------------------------------------------------ funds */

static pe_opt_dec sum_parts(const pe_funds *f, size_t off)
{
    pe_opt_dec s = {0, {0, 0}};

    for (size_t k = 0; k < f->nparts; k++) {
        const pe_opt_dec *v =
            (const pe_opt_dec *)((const char *)&f->parts[k] + off);
        if (v->present && pe_dec_add(s.v, v->v, &s.v) == PE_OK)
            s.present = 1;
    }
    return s;
}

static int zero_or_absent(pe_opt_dec v)
{
    return !v.present || pe_dec_is_zero(v.v);
}

static pe_status score_funds(scorer *S)
{
    pe_project *p = S->p;
    pe_funds *f = &p->funds;
    const pe_rules *R = &p->rules;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    pe_opt_dec base, exec;
    pe_status st;

    if (!f->present)
        return PE_OK;
    base = R->rate_base == PE_BASE_BUDGET ? f->total.budget : f->total.initial;
    exec = f->total.executed;
    /* 年度资金总额 left at zero with the money in the 其中 rows */
    if (zero_or_absent(base) && zero_or_absent(exec) && f->nparts) {
        base = sum_parts(f, R->rate_base == PE_BASE_BUDGET
                                ? offsetof(pe_fund_row, budget)
                                : offsetof(pe_fund_row, initial));
        exec = sum_parts(f, offsetof(pe_fund_row, executed));
    }
    f->computable = 0;
    if (zero_or_absent(base)) {
        pe_error_set(S->err, p->source, f->total.line, 0,
                     "funds: %s is %s, so the execution rate cannot be "
                     "computed",
                     R->rate_base == PE_BASE_BUDGET ? "全年预算数" : "年初预算数",
                     base.present ? "zero" : "missing");
        return PE_EDATA;
    }
    if (!exec.present)
        exec.v = ZERO;
    f->rate_exec = exec.v;
    f->rate_base = base.v;
    if ((st = pe_dec_muldiv(exec.v, ONE, base.v, 6, PE_ROUND_TRUNCATE,
                            &f->rate)) != PE_OK)
        return st;
    /* 得分 = 执行率 × 分值, capped at 分值 */
    if (pe_dec_cmp(exec.v, base.v) >= 0)
        f->qa = f->weight.v, f->qb = ONE, f->qc = ONE;
    else
        f->qa = exec.v, f->qb = f->weight.v, f->qc = base.v;
    if ((st = round_rule(R, f->qa, f->qb, f->qc, &f->computed)) != PE_OK)
        return st;
    f->computable = 1;
    f->score = f->computed;
    f->basis = PE_BASIS_COMPUTED;

    if (f->reported.present && pe_dec_cmp(f->reported.v, f->computed) != 0) {
        if (rounding_only(R, f->reported.v, f->qa, f->qb, f->qc)) {
            FIND(S, PE_SEV_WARNING, "rounding-disagreement", 0, f->total.line,
                 "funds: reported %s, the rules give %s",
                 "资金执行：填报 %s，按规则应为 %s",
                 fmt_dec(f->reported.v, b1), fmt_dec(f->computed, b2));
            f->basis = PE_BASIS_OVERRIDE;
        } else if (pe_dec_cmp(f->reported.v, f->computed) > 0 ||
                   pe_dec_sign(f->reported.v) < 0) {
            FIND(S, PE_SEV_ERROR, "above-rules", 0, f->total.line,
                 "funds: reported 得分 %s is above the %s the rules allow",
                 "资金执行：填报得分 %s 高于规则允许的 %s",
                 fmt_dec(f->reported.v, b1), fmt_dec(f->computed, b2));
            f->basis = PE_BASIS_OVERRIDE;
        } else {
            /* 资金执行得分 is a formula; a lower figure is an error, but the
             * evaluator's number stands, as it takes nothing extra */
            FIND(S, PE_SEV_WARNING, "deduction", 0, f->total.line,
                 "funds: reported %s is below the computed %s",
                 "资金执行：填报 %s 低于计算得分 %s",
                 fmt_dec(f->reported.v, b1), fmt_dec(f->computed, b2));
            f->score = f->reported.v;
            f->basis = PE_BASIS_REPORTED;
        }
    }
    return PE_OK;
}

/* The printed 执行率 against 执行数/预算数 at the printed precision. */
static void check_printed_rate(scorer *S)
{
    pe_funds *f = &S->p->funds;
    pe_cell c;
    pe_dec pct_t, pct_h;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];

    if (!f->computable || !f->reported_rate || !f->reported_rate[0] ||
        pe_cell_parse(f->reported_rate, strlen(f->reported_rate), &c) !=
            PE_OK ||
        c.kind != PE_CELL_NUMBER)
        return;
    if (!c.percent)
        return; /* a bare fraction (0.5993) is too rare to guess at */
    /* from the money itself, not from the six places kept in f->rate */
    if (pe_dec_muldiv(f->rate_exec, pe_dec_from_int(100), f->rate_base,
                      c.value.scale, PE_ROUND_TRUNCATE, &pct_t) != PE_OK ||
        pe_dec_muldiv(f->rate_exec, pe_dec_from_int(100), f->rate_base,
                      c.value.scale, PE_ROUND_HALF_UP, &pct_h) != PE_OK)
        return;
    if (pe_dec_cmp(c.value, pct_t) != 0 && pe_dec_cmp(c.value, pct_h) != 0)
        FIND(S, PE_SEV_WARNING, "rate-mismatch", 0, f->total.line,
             "funds: printed 执行率 %s differs from 执行数/预算数 = %s%%",
             "资金执行：填报执行率 %s 与 执行数/预算数 = %s%% 不符",
             f->reported_rate, fmt_dec(pct_t, b1));
    (void)b2;
}

static int explained_rate(const pe_project *p)
{
    if (p->note && p->note[0] && !strstr(p->note, "请说明"))
        return 1;
    for (size_t i = 0; i < p->nind; i++)
        if (strstr(p->ind[i].name, "执行率") && p->ind[i].reason[0])
            return 1;
    return 0;
}

/* ------------------------------------------------------------ table */

/* A weight written into a label, "产出指标(50分)", "产出指标（50分）" or
 * "社会效益(40)": *stem is the length of the name before it, spaces
 * dropped.  Returns 0 when none ("满意度指标(含调查)" is a remark). */
static int label_weight(const char *label, size_t *stem, pe_dec *w)
{
    static const char *const opens[] = {"(", "（"};
    size_t len = strlen(label);
    const char *close = NULL;
    pe_cell c;

    *stem = len;
    if (len >= 1 && label[len - 1] == ')')
        close = label + len - 1;
    else if (len >= 3 && strcmp(label + len - 3, "）") == 0)
        close = label + len - 3;
    if (!close)
        return 0;
    for (size_t k = 0; k < 2; k++) {
        const char *open = NULL;

        for (const char *q = label; (q = strstr(q, opens[k])) && q < close;
             q++)
            open = q;
        if (!open)
            continue;
        open += strlen(opens[k]);
        if (pe_cell_parse(open, (size_t)(close - open), &c) != PE_OK ||
            c.kind != PE_CELL_NUMBER || c.cmp != PE_CMP_NONE || c.percent ||
            (c.unit[0] && strcmp(c.unit, "分") != 0))
            return 0;
        *stem = (size_t)(open - strlen(opens[k]) - label);
        while (*stem && label[*stem - 1] == ' ')
            (*stem)--;
        *w = c.value;
        return 1;
    }
    return 0;
}

/* Weights written into 一级/二级 labels must equal the sum of their rows;
 * the 一级 sums are compared with the rules' recommended split.  One pass
 * over the groups: a province's file has millions of rows. */
static void check_levels(scorer *S)
{
    pe_project *p = S->p;
    const pe_rules *R = &p->rules;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    pe_dec split_sum[PE_MAX_SPLIT];

    for (int k = 0; k < R->nsplit; k++)
        split_sum[k] = ZERO;
    for (int level = 1; level <= 2; level++) {
        size_t i = 0;

        while (i < p->nind) {
            const char *lab =
                level == 1 ? p->ind[i].level1 : p->ind[i].level2;
            const char *top = p->ind[i].level1;
            pe_dec sum = ZERO, declared;
            size_t stem, j = i;
            int has_weight;

            while (j < p->nind &&
                   strcmp(level == 1 ? p->ind[j].level1 : p->ind[j].level2,
                          lab) == 0 &&
                   strcmp(p->ind[j].level1, top) == 0) {
                (void)pe_dec_add(sum, p->ind[j].weight, &sum);
                j++;
            }
            has_weight = label_weight(lab, &stem, &declared);
            if (has_weight && pe_dec_cmp(sum, declared) != 0)
                FIND(S, PE_SEV_ERROR, "weights-level", (long)i + 1,
                     p->ind[i].line,
                     "%.*s: its rows weigh %s, its label says %s",
                     "%.*s：下属指标分值合计 %s，与标注的 %s 分不符",
                     (int)stem, lab, fmt_dec(pe_dec_normalize(sum), b1),
                     fmt_dec(pe_dec_normalize(declared), b2));
            for (int k = 0; level == 1 && k < R->nsplit; k++) {
                size_t ks;
                pe_dec kw;

                label_weight(R->split[k].name, &ks, &kw);
                if (ks == stem && strncmp(lab, R->split[k].name, stem) == 0)
                    (void)pe_dec_add(split_sum[k], sum, &split_sum[k]);
            }
            i = j;
        }
    }
    for (int k = 0; k < R->nsplit; k++)
        if (pe_dec_cmp(split_sum[k], R->split[k].weight) != 0)
            FIND(S, PE_SEV_INFO, "split", -1, 0,
                 "%s weighs %s; the recommended split gives it %s",
                 "%s 分值为 %s，建议分值为 %s", R->split[k].name,
                 fmt_dec(pe_dec_normalize(split_sum[k]), b1),
                 fmt_dec(pe_dec_normalize(R->split[k].weight), b2));
}

static void check_table(scorer *S)
{
    pe_project *p = S->p;
    const pe_rules *R = &p->rules;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    pe_dec wsum = ZERO, rsum = ZERO;
    int all_reported = 1;

    for (size_t i = 0; i < p->nind; i++) {
        pe_indicator *r = &p->ind[i];

        (void)pe_dec_add(wsum, r->weight, &wsum);
        if (r->reported.present)
            (void)pe_dec_add(rsum, r->reported.v, &rsum);
        else
            all_reported = 0;
        if (r->overachieved && pe_dec_cmp(r->score, r->weight) == 0 &&
            !r->reason[0])
            FIND(S, PE_SEV_WARNING, "overachievement", (long)i + 1, r->line,
                 "%s: actual %s is at least %s times the target %s; "
                 "the 偏离度 rule asks for a reason",
                 "%s：实际完成值 %s 达到指标值的 %s 倍以上（指标值 %s），"
                 "按偏离度规则应说明原因",
                 r->name, r->actual,
                 fmt_dec(pe_dec_normalize(R->overachieve_ratio), b1),
                 fmt_dec(r->tcell.value, b2));
        if (pe_dec_cmp(r->score, r->weight) < 0 && !r->reason[0])
            FIND(S, PE_SEV_ERROR, "missing-reason", (long)i + 1, r->line,
                 "%s: scored %s of %s with no 偏差原因分析及改进措施",
                 "%s：得分 %s（分值 %s）未满分，但未填写偏差原因分析及改进措施",
                 r->name, fmt_dec(r->score, b1), fmt_dec(r->weight, b2));
    }
    if (p->funds.present && R->funds_in_total) {
        (void)pe_dec_add(wsum, p->funds.weight.v, &wsum);
        if (p->funds.reported.present)
            (void)pe_dec_add(rsum, p->funds.reported.v, &rsum);
        else
            all_reported = 0;
    }
    {
        pe_dec max = p->reported_max.present ? p->reported_max.v
                                              : pe_dec_from_int(100);
        if (pe_dec_cmp(wsum, max) != 0)
            FIND(S, PE_SEV_ERROR, "weights-total", -1, 0,
                 "the weights add up to %s, not the 总分值 %s",
                 "各项分值合计 %s，与总分值 %s 不符",
                 fmt_dec(pe_dec_normalize(wsum), b1),
                 fmt_dec(pe_dec_normalize(max), b2));
    }
    if (p->reported_total.present) {
        if (all_reported && pe_dec_cmp(rsum, p->reported_total.v) != 0)
            FIND(S, PE_SEV_ERROR, "total-sum", -1, 0,
                 "reported 总分 %s is not the sum %s of the reported scores",
                 "填报总分 %s 不等于各项填报得分之和 %s",
                 fmt_dec(p->reported_total.v, b1), fmt_dec(rsum, b2));
        if (pe_dec_cmp(p->total, p->reported_total.v) != 0)
            FIND(S, PE_SEV_ERROR, "total-mismatch", -1, 0,
                 "reported 总分 %s, computed %s",
                 "填报总分 %s，计算总分 %s",
                 fmt_dec(p->reported_total.v, b1), fmt_dec(p->total, b2));
    }
    if (p->reported_grade && p->reported_grade[0] &&
        strcmp(p->reported_grade, p->grade) != 0)
        FIND(S, PE_SEV_ERROR, "grade-mismatch", -1, 0,
             "reported grade %s, the total %s gives %s",
             "填报等级 %s，总分 %s 对应等级 %s", p->reported_grade,
             fmt_dec(p->total, b1), p->grade);
    if (p->funds.present && p->funds.computable &&
        pe_dec_cmp(p->funds.rate, R->explain_rate_below) < 0 &&
        !explained_rate(p)) {
        pe_dec pct;
        (void)pe_dec_muldiv(p->funds.rate, pe_dec_from_int(100), ONE, 2,
                            PE_ROUND_TRUNCATE, &pct);
        FIND(S, PE_SEV_ERROR, "rate-unexplained", 0, p->funds.total.line,
             "execution rate %s%% is below %s%% and no reason is given",
             "预算执行率 %s%% 低于 %s%%，未说明原因",
             fmt_dec(pct, b1),
             fmt_dec(pe_dec_normalize((pe_dec){R->explain_rate_below.coef * 100,
                                               R->explain_rate_below.scale}),
                     b2));
    }
    check_levels(S);
    if (p->skipped)
        FIND(S, PE_SEV_INFO, "blank-rows", -1, 0,
             "%zu blank template rows skipped", "跳过空白模板行 %zu 行",
             p->skipped);
}

pe_status pe_project_score(pe_project *p, pe_error *err)
{
    scorer S = {p, err, PE_OK};
    const pe_rules *R = &p->rules;
    pe_status st;

    pe_project_clear_findings(p);
    p->scored = 0;
    p->total = ZERO;
    if ((st = score_funds(&S)) != PE_OK ||
        (p->funds.present &&
         (st = pe_dec_round(p->funds.score, R->places, R->rounding,
                            &p->funds.score)) != PE_OK))
        return st;
    check_printed_rate(&S);
    for (size_t i = 0; i < p->nind; i++) {
        if ((st = compute_row(&S, i)) != PE_OK ||
            (st = settle_row(&S, i)) != PE_OK)
            return st;
        /* a reported 7.555 under a two-place rule counts as the rule's
         * rounding of it: the total adds rounded row scores only */
        if ((st = pe_dec_round(p->ind[i].score, R->places, R->rounding,
                               &p->ind[i].score)) != PE_OK)
            return st;
        if ((st = pe_dec_add(p->total, p->ind[i].score, &p->total)) != PE_OK)
            return st;
    }
    if (p->funds.present && R->funds_in_total &&
        (st = pe_dec_add(p->total, p->funds.score, &p->total)) != PE_OK)
        return st;
    p->grade[0] = '\0';
    for (int g = 0; g < R->ngrades; g++) {
        if (pe_dec_cmp(p->total, R->grades[g].min) >= 0) {
            snprintf(p->grade, sizeof p->grade, "%s", R->grades[g].name);
            break;
        }
    }
    check_table(&S);
    if (S.st != PE_OK)
        return S.st;
    p->scored = 1;
    return PE_OK;
}

pe_status pe_project_expect_total(pe_project *p, const char *literal,
                                  const char *tolerance, int *mismatch,
                                  pe_error *err)
{
    scorer S = {p, err, PE_OK};
    pe_dec want, tol = ZERO, got, diff;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    pe_status st;

    *mismatch = 0;
    if (pe_dec_parse_cstr(literal, &want) != PE_OK) {
        pe_error_set(err, "", 0, 0, "--expect \"%s\" is not a number",
                     literal);
        return PE_EUSAGE;
    }
    if (tolerance && (pe_dec_parse_cstr(tolerance, &tol) != PE_OK ||
                      pe_dec_sign(tol) < 0)) {
        pe_error_set(err, "", 0, 0, "--tolerance \"%s\" is not a number",
                     tolerance);
        return PE_EUSAGE;
    }
    /* "95.58" is compared at two places, "96" at none: a published total
     * is only as precise as it was printed, and whether it was cut or
     * rounded to those places is not written anywhere, so either will do */
    for (int m = 0; m < 2; m++) {
        pe_round mode = m ? PE_ROUND_TRUNCATE : PE_ROUND_HALF_UP;
        pe_dec d;

        if ((st = pe_dec_round(p->total, want.scale, mode, &got)) != PE_OK ||
            (st = pe_dec_sub(got, want, &d)) != PE_OK)
            return st;
        if (pe_dec_sign(d) < 0)
            (void)pe_dec_sub(ZERO, d, &d);
        if (m == 0 || pe_dec_cmp(d, diff) < 0)
            diff = d;
    }
    (void)pe_dec_round(p->total, want.scale, p->rules.rounding, &got);
    if (pe_dec_cmp(diff, tol) > 0) {
        *mismatch = 1;
        FIND(&S, PE_SEV_ERROR, "expect-mismatch", -1, 0,
             "computed total %s, expected %s", "计算总分 %s，预期 %s",
             fmt_dec(got, b1), fmt_dec(want, b2));
    }
    return S.st;
}
