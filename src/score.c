/*
 * Scoring by the rules of 财预〔2020〕10号 as docs/rules.md states them.
 * Every score is an exact rational rounded once, in pe_dec_muldiv(), by the
 * project's rule; the total is the exact sum of the rounded row scores.
 */
#include "project.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct group;

typedef struct scorer {
    pe_project *p;
    pe_error *err;
    pe_status st;   /* first allocation failure while adding findings */
    int any_weight; /* some row has its 分值 */
    /* the 一级 groups, found once for the two passes of check_levels */
    struct group *g1;
    size_t ng1;
    int g1_done;
} scorer;

static const pe_dec ZERO = {0, 0};
static const pe_dec ONE = {1, 0};

/* A project whose findings are only counted formats none of them. */
#define FIND(S, sev, code, row, line, ...)                                     \
    do {                                                                       \
        if ((S)->p->count_only) {                                              \
            (S)->p->counted[sev]++;                                            \
        } else {                                                               \
            pe_status fst_ = pe_project_add_finding((S)->p, sev, code, row,    \
                                                    line, __VA_ARGS__);        \
            if (fst_ != PE_OK)                                                 \
                (S)->st = fst_;                                                \
        }                                                                      \
    } while (0)

/* A row's name in messages; a row left without one says so. */
static const char *rname(const pe_indicator *r)
{
    return r->name[0] ? r->name : "(no 三级指标)";
}

#if defined(__GNUC__)
__attribute__((format(PE_PRINTF_FORMAT, 3, 4)))
#endif
static pe_status
row_error(scorer *S, size_t i, const char *fmt, ...)
{
    const pe_indicator *r = &S->p->ind[i];
    char ctx[160], ctx_zh[160];
    va_list ap;

    snprintf(ctx, sizeof ctx, "indicator %zu (%s)", i + 1, rname(r));
    snprintf(ctx_zh, sizeof ctx_zh,
             pe_message(PE_LANG_ZH, "indicator %zu (%s)"), i + 1, rname(r));
    va_start(ap, fmt);
    pe_error_setv(S->err, S->p->source, r->line, 0, ctx, ctx_zh, fmt, ap);
    va_end(ap);
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
    "达成",   "已达成",   "达到",         "已达到",   "达标",         "完成",
    "已完成", "按时完成", "全部完成",     "是",       "合格",         "良好",
    "好",     "优",       "优秀",         "满意",     "有效",         "显著",
    "明显",   "提高",     "提升",         "改善",     "增强",         "合理",
    "健全",   "合规",     "规范",         "可控",     "到位",         "及时",
    "符合",   "符合要求", "达成预期指标", "达到预期", "达到预期目标", "实现",
    "已实现", NULL};

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

static void band_pct(pe_band b, int64_t *lo, int64_t *hi)
{
    switch (b) {
    case PE_BAND_MET:
        *lo = 80, *hi = 100;
        break;
    case PE_BAND_PARTLY:
        *lo = 60, *hi = 80;
        break;
    case PE_BAND_NOT_MET:
        *lo = 0, *hi = 60;
        break;
    default:
        *lo = 0, *hi = 100;
        break;
    }
}

/* w * pct / 100, exact: two places more than w. */
static pe_dec pct_of(pe_dec w, int64_t pct)
{
    pe_dec out = ZERO;

    /* for a message only; a weight past what the product holds is shown
     * as it is */
    if (pe_dec_muldiv(w, pe_dec_from_int(pct), pe_dec_from_int(100),
                      w.scale + 2 > PE_DEC_MAX_SCALE ? PE_DEC_MAX_SCALE
                                                     : w.scale + 2,
                      PE_ROUND_TRUNCATE, &out) != PE_OK)
        return w;
    return pe_dec_normalize(out);
}

/*
 * Where rep lies against band b of weight w, compared exactly: the band is
 * [lo%, hi%) of the weight, and 达成 is closed at 100% (docs/rules.md,
 * "Qualitative rows").  -1 below, 1 above, 0 inside.
 */
static int band_place(pe_band b, pe_dec w, pe_dec rep)
{
    int64_t lo, hi;
    int c;

    band_pct(b, &lo, &hi);
    if (pe_dec_muldiv_cmp(w, pe_dec_from_int(lo), pe_dec_from_int(100), rep,
                          &c) == PE_OK &&
        c > 0)
        return -1;
    if (pe_dec_muldiv_cmp(w, pe_dec_from_int(hi), pe_dec_from_int(100), rep,
                          &c) == PE_OK &&
        (hi == 100 ? c < 0 : c <= 0))
        return 1;
    return 0;
}

/* The highest score band b allows in the rules' places: the weight for
 * 达成, else the last unit below the open upper end.  A reported score
 * above the band is replaced by it. */
static pe_status band_cap(const pe_rules *R, pe_band b, pe_dec w, pe_dec *out)
{
    pe_dec top, t;
    int64_t lo, hi;
    pe_status st;

    band_pct(b, &lo, &hi);
    if (hi == 100) {
        *out = w;
        return PE_OK;
    }
    if ((st = pe_dec_muldiv(w, pe_dec_from_int(hi), pe_dec_from_int(100),
                            R->places + 3, PE_ROUND_TRUNCATE, &top)) != PE_OK ||
        (st = pe_dec_round(top, R->places, PE_ROUND_TRUNCATE, &t)) != PE_OK)
        return st;
    if (pe_dec_cmp(t, top) == 0 &&
        (st = pe_dec_sub(t, unit_of(R), &t)) != PE_OK)
        return st;
    *out = pe_dec_sign(t) < 0 ? ZERO : t;
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

/* A bare number 0 < x <= 1 (no %, no unit) against a percent target T%
 * with T > 1: a workbook stores 96% as 0.96, and a clerk types "0.5"
 * meaning 0.5% against "≤2%".  Two readings, x% and (100x)%
 * (docs/rules.md, "A bare fraction against a percent target"). */
static int bare_fraction(const pe_cell *t, const pe_cell *a)
{
    return t->percent && !a->percent && !a->unit[0] &&
           pe_dec_cmp(t->value, ONE) > 0 && pe_dec_sign(a->value) > 0 &&
           pe_dec_cmp(a->value, ONE) <= 0;
}

static pe_status score_number(const pe_rules *R, const pe_cell *t,
                              const pe_cell *a, pe_dec w, pe_dec q[3],
                              int *met);

/* Take the reading nearer the target by ratio: their geometric mean is
 * 10x, so (100x)% exactly when 10x < T.  *a becomes the reading taken;
 * the row keeps both, and the other's score, for the finding. */
static pe_status read_fraction(const pe_rules *R, pe_indicator *r, pe_cell *a)
{
    pe_cell hundred = *a, written = *a, other;
    pe_dec ten, q[3];
    int met;
    pe_status st;

    hundred.percent = written.percent = 1;
    if ((st = pe_dec_muldiv(a->value, pe_dec_from_int(100), ONE, a->value.scale,
                            PE_ROUND_TRUNCATE, &hundred.value)) != PE_OK ||
        (st = pe_dec_muldiv(a->value, pe_dec_from_int(10), ONE, a->value.scale,
                            PE_ROUND_TRUNCATE, &ten)) != PE_OK)
        return st;
    if (pe_dec_cmp(ten, r->tcell.value) < 0) {
        r->frac = PE_FRAC_HUNDREDFOLD;
        *a = hundred, other = written;
    } else {
        r->frac = PE_FRAC_AS_WRITTEN;
        *a = written, other = hundred;
    }
    r->frac_pct = a->value;
    r->frac_alt_pct = other.value;
    if ((st = score_number(R, &r->tcell, &other, r->weight, q, &met)) != PE_OK)
        return st;
    return round_rule(R, q[0], q[1], q[2], &r->frac_alt_score);
}

/* The exact score of a numeric row as q[0]*q[1]/q[2], before rounding.
 * *met tells whether the target was reached. */
static pe_status score_number(const pe_rules *R, const pe_cell *t,
                              const pe_cell *a, pe_dec w, pe_dec q[3], int *met)
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

static long month_days(long y, long m)
{
    static const long days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return m >= 1 && m <= 12 ? days[m - 1] : 31;
}

/* A date as a sortable number.  A date given only to the month or the
 * year means the whole period: its last day for a deadline, its first for
 * a start ("2021年6月" meets "2021年6月30日前"). */
static long date_key(const pe_cell *c, int year, int latest)
{
    long y = c->year ? c->year : year;
    long m = c->month ? c->month : (latest ? 12 : 1);
    long d = c->day ? c->day : (latest ? month_days(y, m) : 1);

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
 * a*b/c?  Then the two differ only in rounding (docs/rules.md: 0.59 against
 * 0.599), and the rules' own rounding decides. */
static int rounding_only(const pe_rules *R, pe_dec reported, pe_dec a, pe_dec b,
                         pe_dec c)
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

/* "—", "/", "-": a cell left as the form's dash is a blank cell. */
static int dash(const char *s)
{
    static const char *const dashes[] = {"-", "--", "—",  "——", "－",
                                         "–", "/",  "／", "\\"};

    /* every row's target and actual come here: the first bytes settle
     * most ("-", "/", "\\"; — and – are E2 80 .., － and ／ EF BC ..,
     * while ≥ and ≤ are E2 89 ..) */
    if (!s[0] || !strchr("-/\\\xE2\xEF", s[0]) ||
        (s[0] == '\xE2' && s[1] != '\x80') ||
        (s[0] == '\xEF' && s[1] != '\xBC'))
        return 0;
    for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
        if (strcmp(s, dashes[i]) == 0)
            return 1;
    return 0;
}

/* The exact score of row i, when the rules give one; else r->why says
 * why not and the evaluator's 得分 will have to stand. */
static pe_status compute_row(scorer *S, size_t i)
{
    pe_project *p = S->p;
    pe_indicator *r = &p->ind[i];
    const pe_rules *R = &p->rules;
    pe_cell_kind tk, ak;
    pe_status st;
    int met = 0;

    r->computable = 0;
    r->overachieved = 0;
    r->band = PE_BAND_NONE;
    r->why = PE_WHY_NONE;
    r->frac = PE_FRAC_NONE;
    r->frac_differs = 0;
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
    tk = dash(r->target) ? PE_CELL_EMPTY : r->tcell.kind;
    ak = dash(r->actual) ? PE_CELL_EMPTY : r->acell.kind;
    if (!r->weight_set)
        r->why = PE_WHY_NO_WEIGHT;
    else if (tk == PE_CELL_EMPTY && ak == PE_CELL_EMPTY)
        r->why = PE_WHY_CRITERION;
    else if (tk == PE_CELL_EMPTY)
        r->why = PE_WHY_NO_TARGET;
    else if (ak == PE_CELL_EMPTY)
        r->why = PE_WHY_NO_ACTUAL;
    if (r->why != PE_WHY_NONE)
        return PE_OK;

    if (tk == PE_CELL_NUMBER && ak == PE_CELL_NUMBER) {
        pe_cell a = r->acell;
        pe_dec q[3];

        if (bare_fraction(&r->tcell, &a)) {
            if ((st = read_fraction(R, r, &a)) != PE_OK)
                return row_error(S, i, "cannot compute the score: %s",
                                 pe_strerror(st));
        } else if (!same_unit(&r->tcell, &a)) {
            r->why = PE_WHY_UNITS;
            return PE_OK;
        }
        st = score_number(R, &r->tcell, &a, r->weight, q, &met);
        if (st == PE_OK)
            st = set_computed(R, r, q[0], q[1], q[2]);
        if (st != PE_OK)
            return row_error(S, i, "cannot compute the score: %s",
                             pe_strerror(st));
        r->frac_differs =
            r->frac && pe_dec_cmp(r->frac_alt_score, r->computed) != 0;
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
    if (tk == PE_CELL_DATE && ak == PE_CELL_DATE) {
        int start = r->tcell.cmp == PE_CMP_GE || r->tcell.cmp == PE_CMP_GT;
        /* "12月底前" has the table's year; a table without one takes the
         * year the other cell writes */
        int year = p->year         ? p->year
                   : r->tcell.year ? r->tcell.year
                                   : r->acell.year;
        long tkey = date_key(&r->tcell, year, !start);
        long akey = date_key(&r->acell, year, !start);

        pe_cmp c = r->tcell.cmp;

        if (c == PE_CMP_LT   ? akey < tkey
            : c == PE_CMP_GT ? akey > tkey
            : start          ? akey >= tkey
                             : akey <= tkey)
            return set_computed(R, r, r->weight, ONE, ONE);
        /* a missed deadline: how much it costs is the evaluator's call */
        r->why = PE_WHY_JUDGEMENT;
        return PE_OK;
    }
    /* words against words, or against a deadline ("按时完成") */
    if (ak == PE_CELL_TEXT && (tk == PE_CELL_TEXT || tk == PE_CELL_DATE)) {
        r->band = text_band(r->target, r->actual);
        if (r->band == PE_BAND_MET)
            return set_computed(R, r, r->weight, ONE, ONE);
        r->why = PE_WHY_JUDGEMENT;
        return PE_OK;
    }
    /* a number or a date against words, or words against a number: "100%"
     * and "按时限完成", "小于5次" and "无上访" */
    r->why = PE_WHY_INCOMPARABLE;
    return PE_OK;
}

/* What a row the rules cannot score was missing, for the finding that
 * says the evaluator's 得分 stands. */
static void why_finding(scorer *S, size_t i)
{
    pe_indicator *r = &S->p->ind[i];
    long row = (long)i + 1;
    char b1[PE_DEC_BUFSIZE];
    const char *rep = fmt_dec(r->reported.v, b1);

    switch (r->why) {
    case PE_WHY_NO_WEIGHT:
        /* a table without any 分值 says so once, in check_table */
        if (S->any_weight)
            FIND(S, PE_SEV_WARNING, "no-weight", row, r->line,
                 "%s: 分值 is empty; the evaluator's 得分 %s stands",
                 "%s：分值为空，采用评价人填报的得分 %s", rname(r), rep);
        break;
    case PE_WHY_CRITERION:
        FIND(
            S, PE_SEV_INFO, "criterion-only", row, r->line,
            "%s: a criterion with no 指标值 or 实际完成值; the evaluator's "
            "得分 %s stands",
            "%s：仅列评价标准，未填指标值和实际完成值，采用评价人填报的得分 %s",
            rname(r), rep);
        break;
    case PE_WHY_NO_TARGET:
    case PE_WHY_NO_ACTUAL:
        FIND(S, PE_SEV_WARNING, "value-missing", row, r->line,
             "%s: %s is empty; the evaluator's 得分 %s stands",
             "%s：%s为空，采用评价人填报的得分 %s", rname(r),
             r->why == PE_WHY_NO_TARGET ? "指标值" : "实际完成值", rep);
        break;
    case PE_WHY_UNITS:
        FIND(S, PE_SEV_WARNING, "unit-mismatch", row, r->line,
             "%s: target \"%s\" and actual \"%s\" are in different units; "
             "the evaluator's 得分 %s stands",
             "%s：指标值“%s”与实际完成值“%"
             "s”的计量单位不同，采用评价人填报的得分 %s",
             rname(r), r->target, r->actual, rep);
        break;
    case PE_WHY_INCOMPARABLE:
        FIND(S, PE_SEV_WARNING, "incomparable", row, r->line,
             "%s: target \"%s\" and actual \"%s\" do not compare; the "
             "evaluator's 得分 %s stands",
             "%s：指标值“%s”与实际完成值“%s”无法比较，采用评价人填报的得分 %s",
             rname(r), r->target, r->actual, rep);
        break;
    default:
        break;
    }
}

/* Why no score at all: the cell a clerk has to fill. */
static void no_score(scorer *S, size_t i)
{
    pe_indicator *r = &S->p->ind[i];
    long row = (long)i + 1;

    r->has_score = 0;
    S->p->unscored++;
    if (!r->name[0] && r->tcell.kind == PE_CELL_EMPTY &&
        r->acell.kind == PE_CELL_EMPTY) {
        FIND(S, PE_SEV_ERROR, "no-score", row, r->line,
             "row %ld is not filled in: fill in 三级指标, 指标值, 实际完成值 "
             "(or 得分)",
             "第 %ld 行未填写：请填写三级指标、指标值、实际完成值（或得分）",
             row);
        return;
    }
    switch (r->why) {
    case PE_WHY_NO_WEIGHT:
        FIND(S, PE_SEV_ERROR, "no-score", row, r->line,
             "%s: neither 分值 nor 得分 is filled: fill in 分值 (or 得分)",
             "%s：分值和得分均未填写，请填写分值（或得分）", rname(r));
        break;
    case PE_WHY_CRITERION:
    case PE_WHY_NO_TARGET:
    case PE_WHY_NO_ACTUAL:
        FIND(S, PE_SEV_ERROR, "no-score", row, r->line,
             "%s: %s is empty and 得分 is not filled: fill in %s (or 得分)",
             "%s：%s为空且未填写得分，请填写%s（或得分）", rname(r),
             r->why == PE_WHY_NO_TARGET ? "指标值" : "实际完成值",
             r->why == PE_WHY_NO_TARGET ? "指标值" : "实际完成值");
        break;
    default:
        FIND(S, PE_SEV_ERROR, "no-score", row, r->line,
             "%s: 实际完成值 \"%s\" leaves the score to the evaluator: fill in "
             "得分",
             "%s：实际完成值“%s”需由评价人评分，请填写得分", rname(r),
             r->actual);
        break;
    }
}

/* A bare fraction is always said, and how it was read; where the other
 * reading scores the row otherwise, both are given (docs/rules.md). */
static void fraction_finding(scorer *S, size_t i)
{
    const pe_indicator *r = &S->p->ind[i];
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE], b3[PE_DEC_BUFSIZE],
        b4[PE_DEC_BUFSIZE];

    if (!r->computable || !r->frac)
        return;
    if (!r->frac_differs)
        FIND(S, PE_SEV_INFO, "fraction-read", (long)i + 1, r->line,
             "%s: 实际完成值 %s read as %s%%", "%s：实际完成值 %s 按 %s%% 计",
             rname(r), r->actual, fmt_dec(pe_dec_normalize(r->frac_pct), b1));
    else
        FIND(S, PE_SEV_WARNING, "fraction-read", (long)i + 1, r->line,
             "%s: 实际完成值 %s read as %s%% (nearer the target %s), which "
             "scores %s; read as %s%% it would score %s",
             "%s：实际完成值 %s 按 %s%% 计（更接近指标值 %s），得分 %s；"
             "若按 %s%% 计，得分为 %s",
             rname(r), r->actual, fmt_dec(pe_dec_normalize(r->frac_pct), b1),
             r->target, fmt_dec(r->computed, b2),
             fmt_dec(pe_dec_normalize(r->frac_alt_pct), b3),
             fmt_dec(r->frac_alt_score, b4));
}

/* The most a row can score: its 分值, or the 分值 as the rules round it
 * when that is more (at whole points a 分值 of 1.81 met in full is 2). */
static pe_dec weight_cap(const pe_rules *R, pe_dec w)
{
    pe_dec rw;

    if (pe_dec_round(w, R->places, R->rounding, &rw) == PE_OK &&
        pe_dec_cmp(rw, w) > 0)
        return rw;
    return w;
}

/* Reconcile the computed and the reported score of a row (docs/rules.md,
 * "Computed and reported scores").  The rounding test comes first, for
 * every kind of row. */
static pe_status settle_row(scorer *S, size_t i)
{
    pe_indicator *r = &S->p->ind[i];
    const pe_rules *R = &S->p->rules;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE], b3[PE_DEC_BUFSIZE];
    long row = (long)i + 1;
    pe_dec rep = r->reported.v;
    pe_status st;

    r->basis = PE_BASIS_COMPUTED;
    r->has_score = 1;
    if (r->shares) {
        /* its score is the earlier row's, counted there once */
        r->has_score = 0;
        return PE_OK;
    }
    if (!r->reported.present) {
        if (!r->computable)
            no_score(S, i);
        else
            r->score = r->computed;
        return PE_OK;
    }
    if (pe_dec_sign(rep) < 0 ||
        (r->weight_set && pe_dec_cmp(rep, weight_cap(R, r->weight)) > 0)) {
        FIND(S, PE_SEV_ERROR, "score-out-of-range", row, r->line,
             "%s: reported 得分 %s is outside 0 to the weight %s",
             "%s：填报得分 %s 不在 0 至分值 %s 之间", rname(r),
             fmt_dec(rep, b1),
             fmt_dec(pe_dec_normalize(weight_cap(R, r->weight)), b2));
        /* never used: the rules' own score, else the nearest the rules
         * allow */
        r->basis = PE_BASIS_OVERRIDE;
        if (r->computable)
            r->score = r->computed;
        else if (pe_dec_sign(rep) < 0)
            r->score = ZERO;
        else if (r->band != PE_BAND_NONE)
            return band_cap(R, r->band, r->weight, &r->score);
        else
            r->score = r->weight;
        return PE_OK;
    }
    if (r->computable && pe_dec_cmp(rep, r->computed) != 0 &&
        rounding_only(R, rep, r->qa, r->qb, r->qc)) {
        FIND(S, PE_SEV_WARNING, "rounding-disagreement", row, r->line,
             "%s: reported %s, the rules give %s (%s, %d place%s)",
             "%s：填报 %s，按规则应为 %s（%s，保留 %d 位小数%.0s）", rname(r),
             fmt_dec(rep, b1), fmt_dec(r->computed, b2),
             R->rounding == PE_ROUND_HALF_UP ? "half-up" : "truncate",
             R->places, R->places == 1 ? "" : "s");
        r->score = r->computed;
        r->basis = PE_BASIS_OVERRIDE;
        return PE_OK;
    }
    /* the rules' own score, as the rules round it (at whole points a 达成
     * row of 分值 13.6 is 14, which no band check may then refuse) */
    if (r->computable && pe_dec_cmp(rep, r->computed) == 0) {
        r->score = r->computed;
        return PE_OK;
    }
    if (r->band != PE_BAND_NONE) {
        pe_band b = r->computable ? PE_BAND_MET : r->band;
        int where = band_place(b, r->weight, rep);
        int64_t lo, hi;

        r->score = rep;
        r->basis = PE_BASIS_REPORTED;
        band_pct(b, &lo, &hi);
        if (where != 0)
            FIND(S, PE_SEV_ERROR, "band", row, r->line,
                 "%s: %s is %s; its score lies in [%s, %s%s, not %s",
                 "%s：%s 属于%s，得分应在 [%s, %s%s 之间，而非 %s", rname(r),
                 r->actual, band_name(b), fmt_dec(pct_of(r->weight, lo), b1),
                 fmt_dec(pct_of(r->weight, hi), b2), hi == 100 ? "]" : ")",
                 fmt_dec(rep, b3));
        if (where > 0) {
            if ((st = band_cap(R, b, r->weight, &r->score)) != PE_OK)
                return st;
            r->basis = PE_BASIS_OVERRIDE;
        }
        if (r->computable && pe_dec_cmp(r->score, r->computed) == 0)
            r->basis = PE_BASIS_COMPUTED;
        return PE_OK;
    }
    if (!r->computable) {
        /* the evaluator's 得分 is all there is */
        why_finding(S, i);
        r->score = rep;
        r->basis = PE_BASIS_REPORTED;
        return PE_OK;
    }
    {
        int c = pe_dec_cmp(rep, r->computed);

        if (c == 0) {
            r->score = rep;
        } else if (c < 0) {
            FIND(S, PE_SEV_WARNING, "deduction", row, r->line,
                 "%s: reported %s is below the computed %s (a judgement "
                 "deduction)",
                 "%s：填报 %s 低于计算得分 %s（评价人酌情扣分）", rname(r),
                 fmt_dec(rep, b1), fmt_dec(r->computed, b2));
            r->score = rep;
            r->basis = PE_BASIS_REPORTED;
        } else {
            FIND(S, PE_SEV_ERROR, "above-rules", row, r->line,
                 "%s: reported %s is above the %s the rules allow",
                 "%s：填报 %s 高于规则允许的 %s", rname(r), fmt_dec(rep, b1),
                 fmt_dec(r->computed, b2));
            r->score = r->computed;
            r->basis = PE_BASIS_OVERRIDE;
        }
    }
    return PE_OK;
}

/* In a form without per-row 分值, a row with neither 分值 nor 得分 under a
 * scored row of its 一级 group lies under that row's 得分, one cell merged
 * down over them (docs/rules.md, "A 得分 merged over several rows"). */
static void share_merged(pe_project *p, int any_weight)
{
    size_t owner = 0; /* 1-based */

    for (size_t i = 0; i < p->nind; i++) {
        pe_indicator *r = &p->ind[i];

        r->shares = 0;
        if (any_weight)
            continue;
        if (i && strcmp(r->level1, p->ind[i - 1].level1) != 0)
            owner = 0;
        if (r->reported.present)
            owner = i + 1;
        else if (!r->weight_set && owner)
            r->shares = owner;
    }
}

/* Which rows share a merged 得分, said once at the row that holds it. */
static void shared_findings(scorer *S)
{
    pe_project *p = S->p;
    char b1[PE_DEC_BUFSIZE];

    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];
        pe_buf names = {0};

        if (i + 1 >= p->nind || p->ind[i + 1].shares != i + 1)
            continue;
        for (size_t j = i + 1; j < p->nind && p->ind[j].shares == i + 1; j++)
            if (pe_buf_printf(&names, "%s%s", j > i + 1 ? "、" : "",
                              rname(&p->ind[j])) != PE_OK) {
                S->st = PE_ENOMEM;
                break;
            }
        if (names.data)
            FIND(S, PE_SEV_INFO, "shared-score", (long)i + 1, r->line,
                 "%s: its 得分 %s is one cell merged over the rows below it "
                 "too: %s",
                 "%s：得分 %s 为向下合并的单元格，同时涵盖：%s", rname(r),
                 fmt_dec(r->reported.v, b1), names.data);
        pe_buf_free(&names);
    }
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

/* The funds block's exact score: 执行率 × 分值, capped at 分值.  Without
 * a 分值 or a budget the rules give none (f->why says which). */
static pe_status compute_funds(scorer *S)
{
    pe_project *p = S->p;
    pe_funds *f = &p->funds;
    const pe_rules *R = &p->rules;
    pe_opt_dec base, exec;
    pe_status st;

    f->computable = 0;
    f->why = PE_WHY_NONE;
    if (!f->present)
        return PE_OK;
    base = R->rate_base == PE_BASE_BUDGET ? f->total.budget : f->total.initial;
    exec = f->total.executed;
    /* 年度资金总额 left at zero, or a cell of it left blank, with the
     * money in the 其中 rows */
    if (f->nparts && ((zero_or_absent(base) && zero_or_absent(exec)) ||
                      !base.present || !exec.present)) {
        pe_opt_dec pb = sum_parts(f, R->rate_base == PE_BASE_BUDGET
                                         ? offsetof(pe_fund_row, budget)
                                         : offsetof(pe_fund_row, initial));
        pe_opt_dec pe = sum_parts(f, offsetof(pe_fund_row, executed));

        if (!base.present || (zero_or_absent(base) && zero_or_absent(exec)))
            base = pb.present ? pb : base;
        if (!exec.present || (zero_or_absent(f->total.budget) &&
                              zero_or_absent(f->total.initial)))
            exec = pe.present ? pe : exec;
    }
    f->rate_known = 0;
    if (zero_or_absent(base)) {
        f->why = PE_WHY_NO_BUDGET;
        return PE_OK;
    }
    if (!exec.present)
        exec.v = ZERO;
    f->rate_exec = exec.v;
    f->rate_base = base.v;
    if ((st = pe_dec_muldiv(exec.v, ONE, base.v, 6, PE_ROUND_TRUNCATE,
                            &f->rate)) != PE_OK)
        return st;
    f->rate_known = 1;
    if (!f->weight.present) {
        f->why = PE_WHY_NO_WEIGHT;
        return PE_OK;
    }
    /* 得分 = 执行率 × 分值, capped at 分值 */
    if (pe_dec_cmp(exec.v, base.v) >= 0)
        f->qa = f->weight.v, f->qb = ONE, f->qc = ONE;
    else
        f->qa = exec.v, f->qb = f->weight.v, f->qc = base.v;
    if ((st = round_rule(R, f->qa, f->qb, f->qc, &f->computed)) != PE_OK)
        return st;
    f->computable = 1;
    return PE_OK;
}

/* The funds block's final score, as settle_row() does for a row. */
static void settle_funds(scorer *S)
{
    pe_project *p = S->p;
    pe_funds *f = &p->funds;
    const pe_rules *R = &p->rules;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    const char *base_name =
        R->rate_base == PE_BASE_BUDGET ? "全年预算数" : "年初预算数";
    pe_opt_dec base =
        R->rate_base == PE_BASE_BUDGET ? f->total.budget : f->total.initial;

    f->has_score = 1;
    f->basis = PE_BASIS_COMPUTED;
    if (!f->present)
        return;
    if (!f->computable) {
        if (!f->reported.present) {
            /* a funds block with neither 分值 nor 得分 is not scored */
            if (!f->weight.present) {
                f->has_score = 0;
                return;
            }
            f->has_score = 0;
            p->unscored++;
            if (base.present)
                FIND(S, PE_SEV_ERROR, "no-score", 0, f->total.line,
                     "funds: %s is zero, so the execution rate cannot be "
                     "computed: fill in %s (or 得分)",
                     "资金执行：%s为零，无法计算执行率，请填写%s（或得分）",
                     base_name, base_name);
            else
                FIND(S, PE_SEV_ERROR, "no-score", 0, f->total.line,
                     "funds: %s is missing, so the execution rate cannot be "
                     "computed: fill in %s (or 得分)",
                     "资金执行：%s未填，无法计算执行率，请填写%s（或得分）",
                     base_name, base_name);
            return;
        }
        f->score = f->reported.v;
        f->basis = PE_BASIS_REPORTED;
        if (f->why == PE_WHY_NO_BUDGET)
            FIND(S, PE_SEV_WARNING, "funds-not-computable", 0, f->total.line,
                 "funds: %s is zero or missing, so the execution rate cannot "
                 "be computed; the evaluator's 得分 %s stands",
                 "资金执行：%s为零或未填，无法计算执行率，采用评价人填报的得分 "
                 "%s",
                 base_name, fmt_dec(f->reported.v, b1));
        return;
    }
    f->score = f->computed;
    if (f->reported.present && pe_dec_sign(f->reported.v) >= 0 &&
        pe_dec_cmp(f->reported.v, f->computed) != 0) {
        if (rounding_only(R, f->reported.v, f->qa, f->qb, f->qc)) {
            FIND(S, PE_SEV_WARNING, "rounding-disagreement", 0, f->total.line,
                 "funds: reported %s, the rules give %s",
                 "资金执行：填报 %s，按规则应为 %s", fmt_dec(f->reported.v, b1),
                 fmt_dec(f->computed, b2));
            f->basis = PE_BASIS_OVERRIDE;
        } else if (pe_dec_cmp(f->reported.v, f->computed) > 0) {
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
    } else if (f->reported.present && pe_dec_sign(f->reported.v) < 0) {
        FIND(S, PE_SEV_ERROR, "above-rules", 0, f->total.line,
             "funds: reported 得分 %s is below zero",
             "资金执行：填报得分 %s 小于零", fmt_dec(f->reported.v, b1));
        f->basis = PE_BASIS_OVERRIDE;
    }
}

/* The printed 执行率 against 执行数/预算数 at the printed precision. */
static void check_printed_rate(scorer *S)
{
    pe_funds *f = &S->p->funds;
    pe_cell c;
    pe_dec pct_t, pct_h;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];

    if (!f->rate_known || !f->reported_rate || !f->reported_rate[0] ||
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
int pe_label_weight(const char *label, size_t *stem, pe_dec *w)
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

        for (const char *q = label; (q = strstr(q, opens[k])) && q < close; q++)
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

/* a[0..an) and b[0..bn) say the same words, spaces apart: "产 出 指 标"
 * is 产出指标. */
static int same_words(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;

    for (;;) {
        while (i < an && a[i] == ' ')
            i++;
        while (j < bn && b[j] == ' ')
            j++;
        if (i == an || j == bn)
            return i == an && j == bn;
        if (a[i++] != b[j++])
            return 0;
    }
}

static int same_text(const char *a, const char *b)
{
    return a == b || strcmp(a, b) == 0;
}

/* One 一级 or 二级 group of consecutive rows. */
typedef struct group {
    size_t first, end; /* rows [first, end) */
    const char *label;
    size_t stem;      /* the label's name without its "(50分)" */
    int has_declared; /* the label gives a weight */
    pe_dec declared;
    int all_weighted; /* every row has its 分值 */
    pe_dec weights;   /* their sum */
    int all_scored;
    pe_dec scores; /* the final scores' sum */
} group;

/* The group of level `level` that starts at row i. */
static void group_at(const pe_project *p, int level, size_t i, group *g)
{
    const char *top = p->ind[i].level1;
    size_t j = i;

    g->first = i;
    g->label = level == 1 ? p->ind[i].level1 : p->ind[i].level2;
    g->all_weighted = g->all_scored = 1;
    g->weights = g->scores = ZERO;
    /* a long-format reader shares one text among the rows that repeat it */
    while (
        j < p->nind &&
        same_text(level == 1 ? p->ind[j].level1 : p->ind[j].level2, g->label) &&
        same_text(p->ind[j].level1, top)) {
        const pe_indicator *r = &p->ind[j];

        /* a sum past what a decimal holds is no sum: not checked */
        if (!r->weight_set ||
            pe_dec_add(g->weights, r->weight, &g->weights) != PE_OK)
            g->all_weighted = 0;
        if (!r->has_score ||
            pe_dec_add(g->scores, r->score, &g->scores) != PE_OK)
            g->all_scored = 0;
        j++;
    }
    g->end = j;
    g->has_declared = pe_label_weight(g->label, &g->stem, &g->declared);
}

/* What a group weighs: its rows' 分值, else the weight in its label. */
static int group_weight(const group *g, pe_dec *w)
{
    if (g->all_weighted)
        *w = g->weights;
    else if (g->has_declared)
        *w = g->declared;
    else
        return 0;
    return 1;
}

int pe_project_indicator_weight(const pe_project *p, pe_dec *w)
{
    group g;

    *w = ZERO;
    for (size_t i = 0; i < p->nind; i = g.end) {
        pe_dec gw;

        group_at(p, 1, i, &g);
        if (!group_weight(&g, &gw) || pe_dec_add(*w, gw, w) != PE_OK)
            return p->ind_weight.present ? (*w = p->ind_weight.v, 1) : 0;
    }
    return 1;
}

/*
 * Weights written into 一级/二级 labels must equal the sum of their rows'
 * 分值; where the rows have no 分值 (the municipal 20/80 form), their
 * scores must not exceed it.  The 一级 weights are compared with the
 * rules' recommended split.  *ind_w gets what the indicators weigh in all
 * (0 when it cannot be known).  One pass over the groups: a province's
 * file has millions of rows.
 */
static int check_levels(scorer *S, pe_dec *ind_w, int emit)
{
    pe_project *p = S->p;
    const pe_rules *R = &p->rules;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    pe_dec split_sum[PE_MAX_SPLIT];
    size_t split_stem[PE_MAX_SPLIT];
    int known = 1;

    *ind_w = ZERO;
    for (int k = 0; k < R->nsplit; k++) {
        pe_dec kw;

        split_sum[k] = ZERO;
        pe_label_weight(R->split[k].name, &split_stem[k], &kw);
    }
    /* the 一级 groups once, for both passes (the rows' scores are settled
     * before the first); the 二级 ones only when they are reported on */
    if (!S->g1_done) {
        group g;

        S->g1_done = 1;
        S->g1 = malloc((p->nind ? p->nind : 1) * sizeof *S->g1);
        for (size_t i = 0; S->g1 && i < p->nind; i = g.end) {
            group_at(p, 1, i, &g);
            S->g1[S->ng1++] = g;
        }
    }
    for (int level = 1; level <= (emit ? 2 : 1); level++) {
        group g;
        size_t n1 = 0;

        for (size_t i = 0; i < p->nind; i = g.end) {
            pe_dec w;

            if (level == 1 && S->g1)
                g = S->g1[n1++];
            else
                group_at(p, level, i, &g);
            if (!emit)
                ;
            else if (g.has_declared && g.all_weighted &&
                     pe_dec_cmp(g.weights, g.declared) != 0)
                FIND(S, PE_SEV_ERROR, "weights-level", (long)i + 1,
                     p->ind[i].line,
                     "%.*s: its rows weigh %s, its label says %s",
                     "%.*s：下属指标分值合计 %s，与标注的 %s 分不符",
                     (int)(g.stem ? g.stem : strlen(g.label)), g.label,
                     fmt_dec(pe_dec_normalize(g.weights), b1),
                     fmt_dec(pe_dec_normalize(g.declared), b2));
            else if (g.has_declared && !g.all_weighted &&
                     pe_dec_cmp(g.scores, g.declared) > 0)
                FIND(S, PE_SEV_ERROR, "level-over", (long)i + 1, p->ind[i].line,
                     "%.*s: its rows score %s, more than the %s its label "
                     "gives",
                     "%.*s：下属指标得分合计 %s，超过标注的 %s 分",
                     (int)(g.stem ? g.stem : strlen(g.label)), g.label,
                     fmt_dec(pe_dec_normalize(g.scores), b1),
                     fmt_dec(pe_dec_normalize(g.declared), b2));
            if (level != 1)
                continue;
            if (!group_weight(&g, &w) || pe_dec_add(*ind_w, w, ind_w) != PE_OK)
                known = 0;
            for (int k = 0; known && k < R->nsplit; k++) {
                size_t ks = split_stem[k];

                if (same_words(g.label, g.stem, R->split[k].name, ks) &&
                    pe_dec_add(split_sum[k], w, &split_sum[k]) != PE_OK)
                    known = 0;
            }
        }
    }
    if (!known) {
        *ind_w = ZERO;
        return 0;
    }
    for (int k = 0; emit && k < R->nsplit; k++)
        if (pe_dec_cmp(split_sum[k], R->split[k].weight) != 0)
            FIND(S, PE_SEV_INFO, "split", -1, 0,
                 "%s weighs %s; the recommended split gives it %s",
                 "%s 分值为 %s，建议分值为 %s", R->split[k].name,
                 fmt_dec(pe_dec_normalize(split_sum[k]), b1),
                 fmt_dec(pe_dec_normalize(R->split[k].weight), b2));
    return 1;
}

/* A 偏差原因 that says something: "0", "无" and dashes do not. */
static int has_reason(const char *s)
{
    static const char *const none[] = {"0",  "无", "/",  "-",  "—",     "——",
                                       "－", "／", "--", "\\", "不适用"};

    if (!s[0])
        return 0;
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        if (strcmp(s, none[i]) == 0)
            return 0;
    return 1;
}

/* Per-row remarks that need the final score: 偏离度 and missing reasons. */
static void check_rows(scorer *S)
{
    pe_project *p = S->p;
    const pe_rules *R = &p->rules;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    /* a form with no reason column explains itself below the table */
    int table_reason = p->no_reason_col && p->note && p->note[0];

    for (size_t i = 0; i < p->nind; i++) {
        pe_indicator *r = &p->ind[i];

        if (!r->has_score || !r->weight_set)
            continue;
        if (r->overachieved && pe_dec_cmp(r->score, r->weight) == 0 &&
            !has_reason(r->reason) && !table_reason)
            FIND(S, PE_SEV_WARNING, "overachievement", (long)i + 1, r->line,
                 "%s: actual %s is at least %s times the target %s; "
                 "the 偏离度 rule asks for a reason",
                 "%s：实际完成值 %s 达到指标值的 %s 倍以上（指标值 %s），"
                 "按偏离度规则应说明原因",
                 rname(r), r->actual,
                 fmt_dec(pe_dec_normalize(R->overachieve_ratio), b1),
                 fmt_dec(r->tcell.value, b2));
        if (pe_dec_cmp(r->score, r->weight) < 0 && !has_reason(r->reason) &&
            !table_reason)
            FIND(S, PE_SEV_ERROR, "missing-reason", (long)i + 1, r->line,
                 "%s: scored %s of %s with no 偏差原因分析及改进措施",
                 "%s：得分 %s（分值 %s）未满分，但未填写偏差原因分析及改进措施",
                 rname(r), fmt_dec(r->score, b1),
                 fmt_dec(pe_dec_normalize(r->weight), b2));
    }
}

static void check_table(scorer *S)
{
    pe_project *p = S->p;
    const pe_rules *R = &p->rules;
    const pe_funds *f = &p->funds;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    pe_dec wsum, rsum = ZERO;
    int all_reported = 1, weights_known;
    int funds_in = f->present && R->funds_in_total && f->has_score;

    /* rules the clerk cannot see on the form are named (the hidden sheet
     * of a workbook perfeval wrote) */
    if (p->rules_from_book)
        FIND(S, PE_SEV_INFO, "rules", -1, 0,
             "scored by the rules in the workbook's hidden sheet "
             "\"perfeval\" (%s)",
             "按工作簿隐藏工作表“perfeval”中的规则评分（%s）", R->name);
    check_rows(S);
    shared_findings(S);
    weights_known = check_levels(S, &wsum, 0);
    for (size_t i = 0; i < p->nind; i++) {
        if (p->ind[i].shares)
            continue;
        if (!p->ind[i].reported.present ||
            pe_dec_add(rsum, p->ind[i].reported.v, &rsum) != PE_OK)
            all_reported = 0;
    }
    if (!S->any_weight)
        FIND(S, PE_SEV_INFO, "no-weights", -1, 0,
             "the rows have no 分值: each row's 得分 is the evaluator's, and "
             "the sums are checked against the weights in the labels",
             "各指标未列分值：采用评价人填报的得分，并按标注的分值核对合计");
    if (p->ind_weight.present && weights_known &&
        pe_dec_cmp(wsum, p->ind_weight.v) != 0)
        FIND(S, PE_SEV_ERROR, "weights-level", -1, 0,
             "the indicators weigh %s, their block's label says %s",
             "绩效指标分值合计 %s，与标注的 %s 分不符",
             fmt_dec(pe_dec_normalize(wsum), b1),
             fmt_dec(pe_dec_normalize(p->ind_weight.v), b2));
    if (!weights_known && p->ind_weight.present) {
        wsum = p->ind_weight.v;
        weights_known = 1;
    }
    /* the funds block's 分值 weighs in whether or not it could be scored
     * (a blank form's); one scored without a 分值 leaves the sum unknown */
    if (f->present && R->funds_in_total && f->weight.present) {
        if (pe_dec_add(wsum, f->weight.v, &wsum) != PE_OK)
            weights_known = 0;
    } else if (funds_in) {
        weights_known = 0;
    }
    if (funds_in) {
        if (!f->reported.present ||
            pe_dec_add(rsum, f->reported.v, &rsum) != PE_OK)
            all_reported = 0;
    }
    if (weights_known) {
        pe_dec max =
            p->reported_max.present ? p->reported_max.v : pe_dec_from_int(100);
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
        if (!p->unscored && pe_dec_cmp(p->total, p->reported_total.v) != 0)
            FIND(S, PE_SEV_ERROR, "total-mismatch", -1, 0,
                 "reported 总分 %s, computed %s", "填报总分 %s，计算总分 %s",
                 fmt_dec(p->reported_total.v, b1), fmt_dec(p->total, b2));
    }
    if (!p->unscored && p->reported_grade && p->reported_grade[0] &&
        strcmp(p->reported_grade, p->grade) != 0)
        FIND(S, PE_SEV_ERROR, "grade-mismatch", -1, 0,
             "reported grade %s, the total %s gives %s",
             "填报等级 %s，总分 %s 对应等级 %s", p->reported_grade,
             fmt_dec(p->total, b1), p->grade);
    if (f->present && f->rate_known &&
        pe_dec_cmp(f->rate, R->explain_rate_below) < 0 && !explained_rate(p)) {
        pe_dec pct;

        /* a rate below 1 times 100 always fits; the fraction otherwise */
        if (pe_dec_muldiv(f->rate, pe_dec_from_int(100), ONE, 2,
                          PE_ROUND_TRUNCATE, &pct) != PE_OK)
            pct = f->rate;
        FIND(S, PE_SEV_ERROR, "rate-unexplained", 0, f->total.line,
             "execution rate %s%% is below %s%% and no reason is given",
             "预算执行率 %s%% 低于 %s%%，未说明原因", fmt_dec(pct, b1),
             fmt_dec(pe_dec_normalize((pe_dec){R->explain_rate_below.coef * 100,
                                               R->explain_rate_below.scale}),
                     b2));
    }
    (void)check_levels(S, &rsum, 1);
    if (p->skipped)
        FIND(S, PE_SEV_INFO, "blank-rows", -1, 0,
             "%zu blank template row%s skipped", "跳过空白模板行 %zu 行%.0s",
             p->skipped, p->skipped == 1 ? "" : "s");
}

static pe_status score_project(pe_project *p, pe_error *err);

/* A failure the arithmetic gave without words (a rate or a score past
 * what an exact decimal holds) gets them here: every error is said. */
static pe_status said(pe_status st, const pe_project *p, long line,
                      const char *what, pe_error *err)
{
    if (st != PE_OK && err && !err->msg[0])
        pe_error_set(err, p->source, line, 0, "%s: %s", what,
                     st == PE_ERANGE ? "its numbers are too large (or too "
                                       "finely divided) to compute exactly"
                                     : pe_strerror(st));
    return st;
}

pe_status pe_project_compute(pe_project *p, pe_error *err)
{
    scorer S = {.p = p, .err = err, .st = PE_OK};
    pe_status st;

    if ((st = compute_funds(&S)) != PE_OK)
        return said(st, p, p->funds.total.line, "funds", err);
    for (size_t i = 0; i < p->nind; i++)
        if ((st = compute_row(&S, i)) != PE_OK) {
            char what[160];

            snprintf(what, sizeof what, "indicator %zu (%s)", i + 1,
                     p->ind[i].name);
            return said(st, p, p->ind[i].line, what, err);
        }
    return S.st;
}

pe_status pe_project_score(pe_project *p, pe_error *err)
{
    pe_status st = score_project(p, err);

    return said(st, p, 0, "the total", err);
}

static pe_status score_project(pe_project *p, pe_error *err)
{
    scorer S = {.p = p, .err = err, .st = PE_OK};
    const pe_rules *R = &p->rules;
    pe_funds *f = &p->funds;
    pe_status st;

    pe_project_clear_findings(p);
    p->scored = 0;
    p->unscored = 0;
    p->total = ZERO;
    p->grade[0] = '\0';
    for (size_t i = 0; i < p->nind && !S.any_weight; i++)
        S.any_weight = p->ind[i].weight_set;
    if ((st = pe_project_compute(p, err)) != PE_OK)
        return st;
    share_merged(p, S.any_weight);
    settle_funds(&S);
    if (f->present && f->has_score &&
        (st = pe_dec_round(f->score, R->places, R->rounding, &f->score)) !=
            PE_OK)
        return st;
    check_printed_rate(&S);
    for (size_t i = 0; i < p->nind; i++) {
        pe_indicator *r = &p->ind[i];

        if ((st = settle_row(&S, i)) != PE_OK)
            return st;
        fraction_finding(&S, i);
        if (!r->has_score)
            continue;
        /* a reported 7.555 under a two-place rule counts as the rule's
         * rounding of it: the total adds rounded row scores only */
        if ((st = pe_dec_round(r->score, R->places, R->rounding, &r->score)) !=
                PE_OK ||
            (st = pe_dec_add(p->total, r->score, &p->total)) != PE_OK)
            return st;
    }
    if (f->present && f->has_score && R->funds_in_total &&
        (st = pe_dec_add(p->total, f->score, &p->total)) != PE_OK)
        return st;
    for (int g = 0; !p->unscored && g < R->ngrades; g++) {
        if (pe_dec_cmp(p->total, R->grades[g].min) >= 0) {
            snprintf(p->grade, sizeof p->grade, "%s", R->grades[g].name);
            break;
        }
    }
    check_table(&S);
    free(S.g1);
    if (S.st != PE_OK)
        return S.st;
    p->scored = 1;
    return PE_OK;
}

pe_status pe_project_expect_total(pe_project *p, const char *literal,
                                  const char *tolerance, int *mismatch,
                                  pe_error *err)
{
    scorer S = {.p = p, .err = err, .st = PE_OK};
    pe_dec want, tol = ZERO, got, diff;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    pe_status st;

    *mismatch = 0;
    if (pe_dec_parse_cstr(literal, &want) != PE_OK) {
        pe_error_set(err, "", 0, 0, "--expect \"%s\" is not a number", literal);
        return PE_EUSAGE;
    }
    if (tolerance && pe_dec_parse_cstr(tolerance, &tol) != PE_OK) {
        pe_error_set(err, "", 0, 0, "--tolerance \"%s\" is not a number",
                     tolerance);
        return PE_EUSAGE;
    }
    if (pe_dec_sign(tol) < 0) {
        pe_error_set(err, "", 0, 0,
                     "--tolerance \"%s\" must not be negative (it is how far "
                     "the total may be from --expect, either way)",
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
        if (pe_dec_sign(d) < 0 && (st = pe_dec_sub(ZERO, d, &d)) != PE_OK)
            return st;
        if (m == 0 || pe_dec_cmp(d, diff) < 0)
            diff = d;
    }
    if ((st = pe_dec_round(p->total, want.scale, p->rules.rounding, &got)) !=
        PE_OK)
        return st;
    if (pe_dec_cmp(diff, tol) > 0) {
        char b3[PE_DEC_BUFSIZE];

        *mismatch = 1;
        /* the full total too: "95.5" alone would hide that it is 95.58 */
        if (pe_dec_cmp(got, p->total) != 0)
            FIND(&S, PE_SEV_ERROR, "expect-mismatch", -1, 0,
                 "computed total %s (%s at the places of --expect), "
                 "expected %s",
                 "计算总分 %s（按预期值的小数位为 %s），预期 %s",
                 fmt_dec(p->total, b3), fmt_dec(got, b1), fmt_dec(want, b2));
        else
            FIND(&S, PE_SEV_ERROR, "expect-mismatch", -1, 0,
                 "computed total %s, expected %s", "计算总分 %s，预期 %s",
                 fmt_dec(got, b1), fmt_dec(want, b2));
    }
    return S.st;
}
