/*
 * A 绩效自评报告 against its 附件1 table (issue 14).  The report's numbers
 * are typed by hand and drift from the table's; a reviewer compares them
 * by eye.  This reads every number of the report that plainly names
 * something the table holds and says where the two documents disagree.
 * It never guesses: a number it cannot attribute is left alone.
 *
 * Attribution rules (docs/rules.md, "A report against its table"):
 *
 * Text.  Sentences end at 。！？；; ! ? and line ends.  Clauses end at
 * ，, 、 | ｜ a tab or two spaces (a table pasted as text is one clause per
 * cell).  A number is read with its unit (% 万元 元 人 场次 …), a
 * comparator before it (≥ 不低于 低于 …) or after it (以上 以下 以内), and
 * marks that make it no value of the table: approximate (约 近 逾 余 多
 * 左右), a range (3-5人, 3至5场), negative, an ordinal (第3, 18号), a date
 * part (12月31日), inside 《》, or inside brackets (〔2020〕).  A
 * "sentence" longer than 2000 characters, or a clause longer than 300, is
 * not prose and is left alone.  Chinese numerals are not read.
 *
 * report-rate.  A percentage in a clause with 执行率 or 预算执行, where
 * that word is nearer to it than any other rate word (满意度, 合格率, 完成率,
 * 占比, any other …率 or …度), and the clause says no change or threshold
 * (提高 增长 下降 较上年 同比 百分点 目标 计划 预计 要求 标准 分别, or a
 * comparator on the number).  The report restates the table, so it must
 * agree with the 执行率 the table prints (equal, or equal once cut or
 * rounded to the report's places: 59.9% agrees with 59.90%), and with
 * 执行数/预算数 from the money when the table prints none (cut or rounded
 * to the report's places: 59.93% agrees with 1.798/3).  A table whose
 * printed rate is not its money's is rate-mismatch's finding, not this.
 *
 * report-money.  An amount in 万元 or 元 (元↔万元 converted exactly) in a
 * clause with a money word: 年初预算 (年初预算数), 全年预算 / 预算
 * (全年预算数), 执行 / 支出 / 使用 / 支付 (全年执行数), 资金 / 到位 (any);
 * the nearest specific word names the field, 资金 only when there is none.
 * An amount in 万元 written to two places or more may be a table amount
 * cut or rounded to its places (89.97万元 for 89.974万元), not a coarser
 * one (1.8万元 is not 1.798).
 * It is a finding only when it equals none of the table's amounts (年初预算数,
 * 全年预算数, 全年执行数 of 年度资金总额 and of every 其中 row): a budget
 * figure in an 执行 clause is left alone.  Clauses about other money are
 * skipped: 结余 剩余 结转 未执行 尚未 差额 节约 缺口 收回 上年 去年 以前年度
 * 累计 每 人均 平均 单价 标准 全市 全省 全国 中央 上级 争取 申请 配套 同比
 * 较上年 增长 增加 减少 下降 超支 占 其中 用于 投资 目标, and others' money:
 * 集体 自筹 群众 社会 企业 贷款.
 *
 * report-score.  A number (bare or 分) right after 自评得分, 总得分, 综合得分,
 * 最终得分, 评价得分, 项目得分, 得分合计, 合计得分, 总分, 自评分, 自评分数 or
 * 绩效评分, with only 为 是 达 到 共 计 合 了 : or spaces between.  Not
 * 总分值 or 自评分值, not a 总分 equal
 * to the 总分值 (the maximum, not the total).  It must agree, at its own
 * places (cut or rounded), with the 总分 the table prints, else with the
 * computed total.
 *
 * report-grade.  优 良 中 差 (优秀 良好 中等 较差) right after 等级, 等次,
 * 评级, 评价结果, 自评结果, 结果, 评定为 or 评为 (with 为 是 : 定 or an
 * opening quote between), not followed by another Han character but 等 级
 * 次, in a sentence with 自评, 评价, 得分 or 绩效, and a grade the rules
 * know.  It must agree with the grade the table prints, else with the
 * computed one.
 *
 * report-year.  A year 1900-2100 written with 年 or 年度, other than the
 * table's, in a sentence with 资金 预算 执行 绩效 评价 自评 or 项目.  Not a
 * year inside 《》 or any brackets (郑发〔2019〕18号, "（含2020年转列…）"),
 * not one followed by 第 (纪要2020年第13期), not a full date
 * (2020年12月), not one followed by 以来 以前 之前 前 (after 底 末 初 too),
 * not a range that includes the table's year (2020年至2022年); not a later
 * year in a sentence about plans (将 计划 拟 建议 下一 下年 明年 今后 继续
 * 预计 争取), nor an earlier one in a comparison (较 比上年 同比 相比 上年
 * 去年 上一 增长 下降 增加 减少).
 *
 * report-indicator.  A number in a clause that names exactly one 三级指标:
 * its full name, or its core without a measure suffix (数量 人数 次数 场次
 * 人次 个数 册数 件数 户数 率 度) when the core has 3 characters or more,
 * or a shorter core right before the number whose unit is the suffix's
 * ("培训4场次" for 培训场次).  The number must have the unit of the row's
 * 实际完成值 (% with %, 场 with 场次, 人 with 名) and be the only number of
 * that unit in the clause; the clause must not be about targets, changes,
 * parts or dates (目标 指标值 计划 预计 预期 要求 分别 其中 每 较 同比 增长
 * 增加 减少 提高 下降, 月 or 日 after a digit), and a comparator must be the
 * same as the 实际完成值's.  It must agree with the 实际完成值 at the
 * report's places.  Rows about 执行率 are report-rate's.
 *
 * A clause with 附件, 附表, 填列, 表中, 表内 or 复算 quotes the table or
 * perfeval's recomputation, and says nothing of its own.
 *
 * A number serves one rule, tried in the order year, rate, money, score,
 * indicator.
 */
#include "encoding.h"
#include "project.h"
#include "sheet.h"
#include "width.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUOTE_CHARS 80
#define MAX_SENTENCE 2000
#define MAX_CLAUSE 300
#define MAX_NUMBERS 40
#define NONE ((size_t)-1)
#define REPORT_MAX_PART ((size_t)1 << 30)

/* The text as code points, each with its byte offset (off[len] is the
 * byte length), so that "near" counts characters, not bytes. */
typedef struct doc {
    const char *s;
    uint32_t *cp;
    size_t *off;
    size_t len;
} doc;

/* A number of the report. */
typedef struct num {
    size_t a, b; /* its digits */
    size_t ue;   /* the end of its unit and of what follows it (以上) */
    pe_dec v;
    int percent;
    char unit[16]; /* "万元", "人"; "" when none */
    pe_cmp cmp;
    int skip;       /* approximate, negative, ordinal, cited, in 《》, or a
                       cell of a table row ("100% 59.90% 1.00") */
    int range_prev; /* "3-5人": the 5 */
    int range_next; /* the 3 */
    int used;       /* a rule took it */
} num;

typedef struct ctx {
    pe_project *p;
    const doc *D;
    const char *name;
    size_t sa, sb; /* the sentence */
    long line;
    num *nums;
    size_t nnums, cap;
    size_t added;
    /* the rows by the first two characters of their names and name
     * cores (row_index), so that a clause is matched against the rows
     * it can name, not against every row: a 10,000-row table's own
     * report took 21 s */
    struct rowkey *keys;
    size_t nkeys;
    size_t *always; /* rows a key cannot find: names of one character */
    size_t nalways;
    size_t *stamp; /* per row: the number it was last a candidate for */
    size_t *cand;  /* the candidates of one number */
    size_t stamped;
} ctx;

typedef struct rowkey {
    uint64_t key; /* two code points */
    size_t row;
} rowkey;

/* ------------------------------------------------------ characters */

static int digit_of(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 0xFF10 && c <= 0xFF19)
        return (int)(c - 0xFF10);
    return -1;
}

static int is_point(uint32_t c)
{
    return c == '.' || c == 0xFF0E;
}

/* A letter of an ASCII word ("G20", "ISO9001"). */
static int ascii_word(uint32_t c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF);
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == 0xA0 || c == 0x3000 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0xFEFF;
}

static int ends_sentence(uint32_t c)
{
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B ||
           c == ';' || c == '!' || c == '?' || (c < 0x20 && c != '\t');
}

static int opening(uint32_t c)
{
    return c == 0x3014 || c == '[' || c == 0x3010 || c == '(' || c == 0xFF08 ||
           c == 0xFF3B;
}

static int closing(uint32_t c)
{
    return c == 0x3015 || c == ']' || c == 0x3011 || c == ')' || c == 0xFF09 ||
           c == 0xFF3D;
}

static int connector(uint32_t c)
{
    return c == '-' || c == 0xFF0D || c == 0x2014 || c == 0x2013 || c == '~' ||
           c == 0xFF5E || c == 0x301C || c == 0x81F3 /* 至 */ ||
           c == 0x5230 /* 到 */;
}

/* Does a clause end at i (a separator, or the first of two spaces)? */
static int ends_clause(const doc *D, size_t i, size_t end)
{
    uint32_t c = D->cp[i];

    if (c == 0xFF0C || c == 0x3001 || c == '|' || c == 0xFF5C || c == '\t')
        return 1;
    if (c == ',') /* not a thousands separator: 30,000 */
        return !(i > 0 && digit_of(D->cp[i - 1]) >= 0 && i + 3 < end &&
                 digit_of(D->cp[i + 1]) >= 0 && digit_of(D->cp[i + 2]) >= 0 &&
                 digit_of(D->cp[i + 3]) >= 0);
    return is_space(c) && i + 1 < end && is_space(D->cp[i + 1]);
}

/* The number of code points of the UTF-8 word w. */
static size_t word_len(const char *w)
{
    size_t k = 0;

    for (; *w; w++)
        k += ((unsigned char)*w & 0xC0) != 0x80;
    return k;
}

/* The length in code points of w when it stands at i, within [.., end). */
static size_t match(const doc *D, size_t i, size_t end, const char *w)
{
    size_t n = strlen(w);

    if (i >= end || D->off[end] - D->off[i] < n ||
        memcmp(D->s + D->off[i], w, n) != 0)
        return 0;
    return word_len(w);
}

/* w ending exactly at e, not before a. */
static int match_before(const doc *D, size_t a, size_t e, const char *w)
{
    size_t k = word_len(w);

    return e >= a + k && match(D, e - k, e, w) == k;
}

/* The first place of w in [a, b), or NONE. */
static size_t find(const doc *D, size_t a, size_t b, const char *w)
{
    for (size_t i = a; i < b; i++)
        if (match(D, i, b, w))
            return i;
    return NONE;
}

static int has_any(const doc *D, size_t a, size_t b, const char *const *w,
                   size_t nw)
{
    for (size_t k = 0; k < nw; k++)
        if (find(D, a, b, w[k]) != NONE)
            return 1;
    return 0;
}

#define HAS(D, a, b, list) has_any(D, a, b, list, NELEMS(list))

/* The longest word of list standing at i, its length in *k, or -1. */
static int longest_at(const doc *D, size_t i, size_t end,
                      const char *const *list, size_t n, size_t *k)
{
    int best = -1;

    *k = 0;
    for (size_t j = 0; j < n; j++) {
        size_t m = match(D, i, end, list[j]);

        if (m > *k) {
            *k = m;
            best = (int)j;
        }
    }
    return best;
}

/* The bracket pair (in the sentence) that [a, b) stands inside: its
 * opening in *open, its closing in *close; 0 when it stands outside. */
static int bracketed(const ctx *C, size_t a, size_t b, size_t *open,
                     size_t *close)
{
    const doc *D = C->D;
    size_t depth = 0, i;

    for (i = a; i > C->sa; i--) {
        uint32_t c = D->cp[i - 1];

        if (closing(c))
            depth++;
        else if (opening(c) && depth-- == 0)
            break;
    }
    if (i == C->sa)
        return 0;
    *open = i - 1;
    depth = 0;
    for (i = b; i < C->sb; i++) {
        uint32_t c = D->cp[i];

        if (opening(c))
            depth++;
        else if (closing(c) && depth-- == 0)
            break;
    }
    *close = i;
    return 1;
}

/*
 * The clause around [a, b): NONE in *ca when it is too long to be prose.
 * Inside brackets the clause ends at them: "执行率59.93%（附件1填列59.90%）"
 * says 执行率 of the first number only.
 */
static void clause_of(const ctx *C, size_t a, size_t b, size_t *ca, size_t *cb)
{
    const doc *D = C->D;
    size_t i = a, lo = C->sa, hi = C->sb, open, close;

    if (bracketed(C, a, b, &open, &close))
        lo = open + 1, hi = close;
    while (i > lo && !ends_clause(D, i - 1, hi) && a - i < MAX_CLAUSE)
        i--;
    *ca = i;
    i = b;
    while (i < hi && !ends_clause(D, i, hi) && i - b < MAX_CLAUSE)
        i++;
    *cb = i;
    if ((*ca > lo && !ends_clause(D, *ca - 1, hi)) ||
        (*cb < hi && !ends_clause(D, *cb, hi)))
        *ca = NONE;
}

/* ---------------------------------------------------------- numbers */

static const char *const units[] = {
    "万元", "亿元", "千元", "元",   "万人次", "万人", "人次", "场次",   "人",
    "名",   "位",   "场",   "次",   "册",     "万册", "本",   "份",     "个",
    "件",   "项",   "家",   "户",   "期",     "篇",   "条",   "台",     "套",
    "所",   "处",   "座",   "批",   "天",     "日",   "个月", "月",     "年度",
    "年",   "周",   "小时", "分钟", "分",     "吨",   "亩",   "平方米", "公里",
    "米",   "辆",   "张",   "幅",   "块",     "棵",   "株",   "种",     "类",
    "部",   "间",   "组",   "支",   "课时",   "学时", "节",   "届",     "轮",
    "遍",   "页",   "号",   "岁",   "户次",
};

struct cmp_word {
    const char *w;
    pe_cmp cmp;
};

/* Written before a number. */
static const struct cmp_word cmp_before[] = {
    {"≥", PE_CMP_GE},      {"≧", PE_CMP_GE},        {"⩾", PE_CMP_GE},
    {">=", PE_CMP_GE},     {"不低于", PE_CMP_GE},   {"不少于", PE_CMP_GE},
    {"不小于", PE_CMP_GE}, {"至少", PE_CMP_GE},     {"大于等于", PE_CMP_GE},
    {">", PE_CMP_GT},      {"＞", PE_CMP_GT},       {"大于", PE_CMP_GT},
    {"高于", PE_CMP_GT},   {"超过", PE_CMP_GT},     {"多于", PE_CMP_GT},
    {"≤", PE_CMP_LE},      {"≦", PE_CMP_LE},        {"⩽", PE_CMP_LE},
    {"<=", PE_CMP_LE},     {"不超过", PE_CMP_LE},   {"不高于", PE_CMP_LE},
    {"不多于", PE_CMP_LE}, {"不大于", PE_CMP_LE},   {"至多", PE_CMP_LE},
    {"控制在", PE_CMP_LE}, {"小于等于", PE_CMP_LE}, {"<", PE_CMP_LT},
    {"＜", PE_CMP_LT},     {"小于", PE_CMP_LT},     {"低于", PE_CMP_LT},
    {"少于", PE_CMP_LT},   {"不足", PE_CMP_LT},     {"不到", PE_CMP_LT},
    {"未达到", PE_CMP_LT}, {"未达", PE_CMP_LT},
};

/* Written after a number and its unit. */
static const struct cmp_word cmp_after[] = {
    {"以上", PE_CMP_GE}, {"及以上", PE_CMP_GE}, {"或以上", PE_CMP_GE},
    {"以下", PE_CMP_LE}, {"及以下", PE_CMP_LE}, {"或以下", PE_CMP_LE},
    {"以内", PE_CMP_LE}, {"之内", PE_CMP_LE},
};

static const char *const approx_before[] = {"约", "近", "逾", "超", "第"};

/* The comparator of list ending at e (after a space), else NONE. */
static pe_cmp cmp_ending(const ctx *C, size_t e)
{
    const doc *D = C->D;
    pe_cmp best = PE_CMP_NONE;
    size_t bk = 0;

    if (e > C->sa && is_space(D->cp[e - 1]))
        e--;
    for (size_t j = 0; j < NELEMS(cmp_before); j++) {
        size_t k = word_len(cmp_before[j].w);

        if (k > bk && match_before(D, C->sa, e, cmp_before[j].w)) {
            best = cmp_before[j].cmp;
            bk = k;
        }
    }
    return best;
}

/* Read the number whose digits start at i; returns where to go on. */
static size_t read_number(ctx *C, size_t i, int in_title, num *n, int *ok)
{
    const doc *D = C->D;
    size_t j = i, sb = C->sb, k;
    char lit[48];
    size_t nl = 0;
    int bad = 0, d;

    *ok = 0;
    memset(n, 0, sizeof *n);
    n->a = i;
    for (;;) {
        while (j < sb && (d = digit_of(D->cp[j])) >= 0) {
            if (nl < sizeof lit - 2)
                lit[nl++] = (char)('0' + d);
            else
                bad = 1;
            j++;
        }
        /* 30,000 */
        if (j + 3 < sb && D->cp[j] == ',' && digit_of(D->cp[j + 1]) >= 0 &&
            digit_of(D->cp[j + 2]) >= 0 && digit_of(D->cp[j + 3]) >= 0 &&
            (j + 4 >= sb || digit_of(D->cp[j + 4]) < 0)) {
            j++;
            continue;
        }
        break;
    }
    if (j + 1 < sb && is_point(D->cp[j]) && digit_of(D->cp[j + 1]) >= 0) {
        lit[nl++] = '.';
        j++;
        while (j < sb && (d = digit_of(D->cp[j])) >= 0) {
            if (nl < sizeof lit - 1)
                lit[nl++] = (char)('0' + d);
            else
                bad = 1;
            j++;
        }
        /* 1.2.3, 2021.12.31: a version or a date, no quantity */
        if (j + 1 < sb && is_point(D->cp[j]) && digit_of(D->cp[j + 1]) >= 0)
            bad = 1;
    }
    n->b = j;
    if (bad || pe_dec_parse(lit, nl, &n->v) != PE_OK) {
        while (j < sb && (digit_of(D->cp[j]) >= 0 || is_point(D->cp[j])))
            j++;
        return j;
    }

    /* what follows: a space, 余 or 多, % or a unit, 以上 or 左右 */
    k = j;
    if (k < sb && is_space(D->cp[k]))
        k++;
    if (k < sb && (D->cp[k] == 0x4F59 /* 余 */ || D->cp[k] == 0x591A /* 多 */))
        n->skip = 1, k++;
    if (k < sb && (D->cp[k] == '%' || D->cp[k] == 0xFF05)) {
        n->percent = 1;
        k++;
    } else {
        size_t m;
        int u = longest_at(D, k, sb, units, NELEMS(units), &m);

        if (u >= 0) {
            snprintf(n->unit, sizeof n->unit, "%s", units[u]);
            k += m;
        }
    }
    n->ue = k;
    {
        size_t q = k < sb && is_space(D->cp[k]) ? k + 1 : k, m = 0, bm = 0;

        for (size_t w = 0; w < NELEMS(cmp_after); w++)
            if ((m = match(D, q, sb, cmp_after[w].w)) > bm) {
                bm = m;
                n->cmp = cmp_after[w].cmp;
            }
        if (match(D, q, sb, "左右") || match(D, q, sb, "上下"))
            n->skip = 1, bm = 2;
        n->ue = bm ? q + bm : k;
        q = n->ue < sb && is_space(D->cp[n->ue]) ? n->ue + 1 : n->ue;
        /* "3-5人", "2020年至2022年" */
        if (q + 1 < sb && connector(D->cp[q])) {
            size_t r = q + 1;

            if (r < sb && is_space(D->cp[r]))
                r++;
            if (r < sb && digit_of(D->cp[r]) >= 0)
                n->range_next = 1;
        }
    }

    /* what comes before: a comparator, 约, a sign, a bracket, a range */
    if (n->cmp == PE_CMP_NONE)
        n->cmp = cmp_ending(C, i);
    for (size_t w = 0; w < NELEMS(approx_before); w++)
        if (match_before(D, C->sa, i, approx_before[w]))
            n->skip = 1;
    if (i > C->sa) {
        size_t q = i - 1;
        uint32_t c = D->cp[q];

        if (c == '=' || c == 0xFF1D)
            n->cmp = PE_CMP_NONE;
        if (connector(c) || c == 0x2212) {
            /* a digit, % or a unit right after one before the connector */
            size_t r = q;

            if (r > C->sa && is_space(D->cp[r - 1]))
                r--;
            if (r > C->sa &&
                (digit_of(D->cp[r - 1]) >= 0 || D->cp[r - 1] == '%' ||
                 D->cp[r - 1] == 0xFF05 ||
                 (r > C->sa + 1 && is_han(D->cp[r - 1]) &&
                  digit_of(D->cp[r - 2]) >= 0) ||
                 (r > C->sa + 2 && is_han(D->cp[r - 1]) &&
                  is_han(D->cp[r - 2]) && digit_of(D->cp[r - 3]) >= 0)))
                n->range_prev = 1;
            else if (c == '-' || c == 0xFF0D || c == 0x2212)
                n->skip = 1; /* a negative number */
        }
        if (opening(c)) {
            size_t r = j;

            if (n->unit[0] && strncmp(n->unit, "年", strlen("年")) == 0)
                r = n->ue;
            if (r < sb && closing(D->cp[r]))
                n->skip = 1; /* 〔2020〕, [2019] */
        }
    }
    if (in_title || strcmp(n->unit, "号") == 0)
        n->skip = 1;
    *ok = 1;
    return n->ue > j ? n->ue : j;
}

static pe_status scan_numbers(ctx *C)
{
    const doc *D = C->D;
    int title = 0;

    C->nnums = 0;
    for (size_t i = C->sa; i < C->sb;) {
        uint32_t c = D->cp[i];
        num n;
        int ok;

        if (c == 0x300A)
            title++;
        else if (c == 0x300B && title)
            title--;
        if (digit_of(c) < 0) {
            i++;
            continue;
        }
        if (i > C->sa && (ascii_word(D->cp[i - 1]) || is_point(D->cp[i - 1]))) {
            /* "G20", ".5": not a number of ours */
            while (i < C->sb && (digit_of(D->cp[i]) >= 0 || is_point(D->cp[i])))
                i++;
            continue;
        }
        i = read_number(C, i, title > 0, &n, &ok);
        if (!ok)
            continue;
        {
            num *g = pe_grow(C->nums, &C->cap, C->nnums + 1, sizeof *g, 16);

            if (!g)
                return PE_ENOMEM;
            C->nums = g;
            /* two numbers with only spaces between: a table's row */
            if (C->nnums) {
                num *prev = &g[C->nnums - 1];
                size_t q = prev->ue;

                while (q < n.a && is_space(D->cp[q]))
                    q++;
                if (q == n.a && q > prev->ue)
                    prev->skip = n.skip = 1;
            }
            g[C->nnums++] = n;
        }
    }
    return PE_OK;
}

/* The number whose digits start at i, or NULL. */
static num *num_at(ctx *C, size_t i)
{
    for (size_t k = 0; k < C->nnums; k++)
        if (C->nums[k].a == i)
            return &C->nums[k];
    return NULL;
}

/* A clause that quotes the table ("附件1填列59.90%") says nothing of its
 * own. */
static const char *const quotes_table[] = {"附件", "附表", "填列",
                                           "表中", "表内", "复算"};

/* A number a rule may read: unused, exact, alone. */
static int plain(const num *n)
{
    return !n->used && !n->skip && !n->range_prev && !n->range_next;
}

/* ---------------------------------------------------------- messages */

/* The sentence, cut to about QUOTE_CHARS characters around [fa, fb),
 * each run of spaces one space.  buf holds QUOTE_CHARS * 4 + 8 bytes. */
static void quote(const ctx *C, size_t fa, size_t fb, char *buf, size_t n)
{
    static const char ellipsis[] = "…";
    const doc *D = C->D;
    size_t a = C->sa, b = C->sb, qa, qb, used = 0;
    int space = 0;

    while (a < b && (is_space(D->cp[a]) || D->cp[a] == '\t'))
        a++;
    while (b > a && (is_space(D->cp[b - 1]) || D->cp[b - 1] == '\t'))
        b--;
    qa = a, qb = b;
    if (b - a > QUOTE_CHARS) {
        size_t w = fb - fa < QUOTE_CHARS ? fb - fa : QUOTE_CHARS;
        size_t half = (QUOTE_CHARS - w) / 2;

        qa = fa > a + half ? fa - half : a;
        qb = qa + QUOTE_CHARS < b ? qa + QUOTE_CHARS : b;
        qa = qb - QUOTE_CHARS;
    }
    if (qa > a) {
        memcpy(buf, ellipsis, sizeof ellipsis - 1);
        used = sizeof ellipsis - 1;
    }
    for (size_t i = qa; i < qb; i++) {
        size_t k = D->off[i + 1] - D->off[i];

        if (is_space(D->cp[i]) || D->cp[i] == '\t') {
            if (!space && used + 1 < n)
                buf[used++] = ' ';
            space = 1;
            continue;
        }
        space = 0;
        if (used + k + sizeof ellipsis > n)
            break;
        memcpy(buf + used, D->s + D->off[i], k);
        used += k;
    }
    if (qb < b && used + sizeof ellipsis <= n) {
        memcpy(buf + used, ellipsis, sizeof ellipsis - 1);
        used += sizeof ellipsis - 1;
    }
    buf[used] = '\0';
}

/* Add a finding: "name:line: en: "quote"" and its Chinese twin. */
static pe_status report(ctx *C, const char *code, long row, long line,
                        size_t fa, size_t fb, const char *en, const char *zh)
{
    char q[QUOTE_CHARS * 4 + 8];
    pe_status st;

    quote(C, fa, fb, q, sizeof q);
    st = pe_project_add_finding(
        C->p, PE_SEV_ERROR, code, row, line, "%s:%ld: %s%.0s: \"%s\"",
        "%s:%ld：%.0s%s：“%s”", C->name, C->line, en, zh, q);
    if (st == PE_OK)
        C->added++;
    return st;
}

/* Is `fine` cut or rounded to `coarse`'s places equal to it? */
static int rounds_to(pe_dec fine, pe_dec coarse)
{
    pe_dec x;

    return fine.scale > coarse.scale &&
           ((pe_dec_round(fine, coarse.scale, PE_ROUND_TRUNCATE, &x) == PE_OK &&
             pe_dec_cmp(x, coarse) == 0) ||
            (pe_dec_round(fine, coarse.scale, PE_ROUND_HALF_UP, &x) == PE_OK &&
             pe_dec_cmp(x, coarse) == 0));
}

/* Two printed values agree at the coarser one's places: 95.6 and 95.58,
 * 86.20% and 86%. */
static int agrees(pe_dec r, pe_dec t)
{
    return pe_dec_cmp(r, t) == 0 || rounds_to(r, t) || rounds_to(t, r);
}

static const char *fmt(pe_dec d, char *buf)
{
    return pe_dec_format(d, buf);
}

/* -------------------------------------------------------------- year */

static const char *const year_context[] = {"资金", "预算", "执行", "绩效",
                                           "评价", "自评", "项目"};
static const char *const year_plans[] = {
    "将",   "计划", "拟",   "建议", "下一", "下年", "明年", "今后",
    "继续", "预计", "争取", "报送", "编制", "撰写", "截至", "截止"};
/* a document of that year: 2020年印发的《…》 */
static const char *const year_issued[] = {"印发", "发布", "出台", "颁布",
                                          "制定", "修订", "下发", "《"};
static const char *const year_compare[] = {"较",   "比上年", "同比", "相比",
                                           "上年", "去年",   "上一", "增长",
                                           "下降", "增加",   "减少"};
/* 2019年以来; 2025年第13期, an issue of a document */
static const char *const year_after[] = {"以来", "以前", "之前", "前", "第"};

static int year_of(const num *n, int *y)
{
    if (n->percent || n->v.scale != 0 || n->b - n->a != 4 || n->v.coef < 1900 ||
        n->v.coef > 2100)
        return 0;
    *y = (int)n->v.coef;
    return 1;
}

static int is_year_unit(const num *n)
{
    return strcmp(n->unit, "年") == 0 || strcmp(n->unit, "年度") == 0;
}

static pe_status check_years(ctx *C)
{
    const doc *D = C->D;
    int ty = C->p->year;
    pe_status st;

    for (size_t k = 0; k < C->nnums; k++) {
        num *n = &C->nums[k], *n2 = NULL;
        int y, y2 = 0;
        size_t q, fb;
        char en[200], zh[200];

        if (!year_of(n, &y) || n->used || n->range_prev)
            continue;
        if (n->range_next && k + 1 < C->nnums && year_of(&C->nums[k + 1], &y2))
            n2 = &C->nums[k + 1];
        if (!is_year_unit(n) && !(n2 && is_year_unit(n2)))
            continue;
        n->used = 1;
        if (n2)
            n2->used = 1;
        if (n->skip || ty == 0)
            continue;
        if (n2) {
            /* a range: fine when it includes the table's year */
            if (y <= ty && ty <= y2)
                continue;
        } else if (y == ty) {
            continue;
        }
        fb = n2 ? n2->ue : n->ue;
        /* a full date, or 以来/以前/前 after it */
        q = fb < C->sb && is_space(D->cp[fb]) ? fb + 1 : fb;
        if (!n2) {
            size_t r = q;

            while (r < C->sb && digit_of(D->cp[r]) >= 0)
                r++;
            if (r > q && r < C->sb && D->cp[r] == 0x6708 /* 月 */)
                continue;
        }
        if (q < C->sb &&
            (D->cp[q] == 0x5E95 /* 底 */ || D->cp[q] == 0x672B /* 末 */ ||
             D->cp[q] == 0x521D /* 初 */))
            q++;
        {
            size_t m;

            if (longest_at(D, q, C->sb, year_after, NELEMS(year_after), &m) >=
                0)
                continue;
        }
        if (!HAS(D, C->sa, C->sb, year_context))
            continue;
        {
            size_t ca, cb, open, close;

            /* a remark in brackets: "（含2023年转列项目5个）" */
            if (bracketed(C, n->a, fb, &open, &close))
                continue;
            clause_of(C, n->a, fb, &ca, &cb);
            if (ca == NONE || HAS(D, ca, cb, year_issued))
                continue;
        }
        if (y > ty && HAS(D, C->sa, C->sb, year_plans))
            continue;
        if (y < ty && HAS(D, C->sa, C->sb, year_compare))
            continue;
        if (n2) {
            snprintf(en, sizeof en,
                     "the report says %d-%d年, the table is for %d", y, y2, ty);
            snprintf(zh, sizeof zh, "报告写 %d-%d年，表为 %d年度", y, y2, ty);
        } else {
            snprintf(en, sizeof en, "the report says %d年, the table is for %d",
                     y, ty);
            snprintf(zh, sizeof zh, "报告写 %d年，表为 %d年度", y, ty);
        }
        if ((st = report(C, "report-year", -1, 0, n->a, fb, en, zh)) != PE_OK)
            return st;
    }
    return PE_OK;
}

/* -------------------------------------------------------------- rate */

/* 1: the execution rate; 0: another rate; -1: a word that only looks like
 * one (年度 is no 度). */
struct field_word {
    const char *w;
    int field;
};

static const struct field_word rate_words[] = {
    {"预算执行率", 1}, {"预算执行", 1}, {"执行率", 1}, {"满意度", 0},
    {"合格率", 0},     {"参与度", 0},   {"完成率", 0}, {"覆盖率", 0},
    {"达标率", 0},     {"到位率", 0},   {"知晓率", 0}, {"使用率", 0},
    {"利用率", 0},     {"出勤率", 0},   {"占比", 0},   {"比例", 0},
    {"比重", 0},       {"增幅", 0},     {"率", 0},     {"度", 0},
    {"年度", -1},      {"季度", -1},    {"制度", -1},  {"进度", -1},
    {"力度", -1},      {"额度", -1},    {"程度", -1},  {"态度", -1},
};

static const char *const rate_skip[] = {
    "提高",   "增长",   "下降",     "降低",   "上升",   "增加",   "减少",
    "较上年", "较去年", "比上年",   "同比",   "环比",   "百分点", "目标",
    "计划",   "预计",   "预期",     "要求",   "标准",   "分别",   "应达",
    "不得",   "相比",   "说明原因", "需说明", "请说明", "应说明"};

/* The field of the word in [ca, cb) nearest to n (-2 when there is none);
 * the specific fields (> 0 in money_words) win over the generic (`generic`)
 * when `prefer` is set. */
static int nearest_field(const ctx *C, size_t ca, size_t cb, const num *n,
                         const struct field_word *t, size_t nt, int generic,
                         int *field)
{
    const doc *D = C->D;
    size_t best = NONE, bestg = NONE;
    int f = -2, fg = -2;

    for (size_t i = ca; i < cb;) {
        size_t bk = 0;
        int bw = -1;

        for (size_t j = 0; j < nt; j++) {
            size_t m = match(D, i, cb, t[j].w);

            if (m > bk) {
                bk = m;
                bw = (int)j;
            }
        }
        if (bw < 0) {
            i++;
            continue;
        }
        if (t[bw].field >= 0 && (i + bk <= n->a || i >= n->ue)) {
            size_t d = i + bk <= n->a ? n->a - (i + bk) : i - n->ue;

            if (generic && t[bw].field == generic) {
                if (d < bestg)
                    bestg = d, fg = t[bw].field;
            } else if (d < best) {
                best = d, f = t[bw].field;
            }
        }
        i += bk;
    }
    if (f == -2 && generic) {
        f = fg;
        best = bestg;
    }
    *field = f;
    return best != NONE;
}

static pe_status check_rates(ctx *C)
{
    const doc *D = C->D;
    pe_project *p = C->p;
    pe_funds *f = &p->funds;
    pe_cell pc;
    int printed = 0, printed_ok = 0;
    pe_status st;

    if (!f->present)
        return PE_OK;
    if (f->reported_rate && f->reported_rate[0] &&
        pe_cell_parse(f->reported_rate, strlen(f->reported_rate), &pc) ==
            PE_OK &&
        pc.kind == PE_CELL_NUMBER && pc.percent)
        printed = 1;
    if (!printed && !f->rate_known)
        return PE_OK;
    /* does the table's printed rate agree with its money?  (Then the
     * message needs only the one.) */
    if (printed && f->rate_known) {
        pe_dec t, h;

        printed_ok =
            pe_dec_muldiv(f->rate_exec, pe_dec_from_int(100), f->rate_base,
                          pc.value.scale, PE_ROUND_TRUNCATE, &t) == PE_OK &&
            pe_dec_muldiv(f->rate_exec, pe_dec_from_int(100), f->rate_base,
                          pc.value.scale, PE_ROUND_HALF_UP, &h) == PE_OK &&
            (pe_dec_cmp(pc.value, t) == 0 || pe_dec_cmp(pc.value, h) == 0);
    }
    for (size_t k = 0; k < C->nnums; k++) {
        num *n = &C->nums[k];
        size_t ca, cb;
        int field, agree_c = 1, agree_p = 1, places;
        pe_dec ct = {0, 0}, ch;
        char en[300], zh[300], r[PE_DEC_BUFSIZE], c[PE_DEC_BUFSIZE];

        if (!n->percent || !plain(n) || n->cmp != PE_CMP_NONE)
            continue;
        clause_of(C, n->a, n->ue, &ca, &cb);
        if (ca == NONE ||
            !nearest_field(C, ca, cb, n, rate_words, NELEMS(rate_words), 0,
                           &field) ||
            field != 1 || HAS(D, ca, cb, rate_skip) ||
            HAS(D, ca, cb, quotes_table))
            continue;
        n->used = 1;
        places = n->v.scale > 2 ? n->v.scale : 2;
        if (f->rate_known) {
            if (pe_dec_muldiv(f->rate_exec, pe_dec_from_int(100), f->rate_base,
                              n->v.scale, PE_ROUND_TRUNCATE, &ct) != PE_OK ||
                pe_dec_muldiv(f->rate_exec, pe_dec_from_int(100), f->rate_base,
                              n->v.scale, PE_ROUND_HALF_UP, &ch) != PE_OK)
                continue; /* a rate past what pe_dec holds: no guess */
            agree_c = pe_dec_cmp(n->v, ct) == 0 || pe_dec_cmp(n->v, ch) == 0;
            if (pe_dec_muldiv(f->rate_exec, pe_dec_from_int(100), f->rate_base,
                              places, PE_ROUND_TRUNCATE, &ct) != PE_OK)
                continue;
        }
        if (printed)
            agree_p = agrees(n->v, pc.value);
        /* the report restates the table: the rate it prints, else its
         * money's (a table at odds with itself is rate-mismatch's) */
        if (printed ? agree_p : agree_c)
            continue;
        fmt(n->v, r);
        if (!printed) {
            snprintf(
                en, sizeof en,
                "the report says 执行率 %s%%, the table's 执行数/预算数 is "
                "%s%%",
                r, fmt(ct, c));
            snprintf(zh, sizeof zh,
                     "报告写执行率 %s%%，表中执行数/预算数为 %s%%", r, c);
        } else if (!f->rate_known) {
            snprintf(en, sizeof en,
                     "the report says 执行率 %s%%, the table prints %s", r,
                     f->reported_rate);
            snprintf(zh, sizeof zh, "报告写执行率 %s%%，表中填报 %s", r,
                     f->reported_rate);
        } else if (printed_ok) {
            snprintf(en, sizeof en,
                     "the report says 执行率 %s%%, the table prints %s", r,
                     f->reported_rate);
            snprintf(zh, sizeof zh, "报告写执行率 %s%%，表中填报 %s", r,
                     f->reported_rate);
        } else {
            snprintf(en, sizeof en,
                     "the report says 执行率 %s%%, the table prints %s and its "
                     "执行数/预算数 is %s%%",
                     r, f->reported_rate, fmt(ct, c));
            snprintf(zh, sizeof zh,
                     "报告写执行率 %s%%，表中填报 %s，执行数/预算数为 %s%%", r,
                     f->reported_rate, c);
        }
        if ((st = report(C, "report-rate", 0, f->total.line, n->a, n->ue, en,
                         zh)) != PE_OK)
            return st;
    }
    return PE_OK;
}

/* ------------------------------------------------------------- money */

enum { F_INITIAL = 1, F_BUDGET, F_EXECUTED, F_ANY };

static const struct field_word money_words[] = {
    {"年初预算数", F_INITIAL},
    {"年初预算", F_INITIAL},
    {"年初", F_INITIAL},
    {"全年预算数", F_BUDGET},
    {"全年预算", F_BUDGET},
    {"调整后预算", F_BUDGET},
    {"预算数", F_BUDGET},
    {"预算", F_BUDGET},
    {"预算执行数", F_EXECUTED},
    {"预算执行", F_EXECUTED},
    {"执行数", F_EXECUTED},
    {"执行", F_EXECUTED},
    {"支出", F_EXECUTED},
    {"使用", F_EXECUTED},
    {"支付", F_EXECUTED},
    {"到位", F_ANY},
    {"资金", F_ANY},
    {"执行率", -1},
};

static const char *const money_skip[] = {
    "结余", "剩余", "结转", "未执行", "尚未", "差额", "节约", "缺口", "收回",
    "上年", "去年", "以前年度", "累计", "每", "人均", "平均", "单价", "标准",
    "全市", "全省", "全国", "中央", "上级", "争取", "申请", "配套", "同比",
    "较上年", "增长", "增加", "减少", "下降", "超支", "占", "其中", "用于",
    "投资", "目标",
    /* money from others: 村集体资金, 自筹, 群众投工投劳, 社会资本 */
    "集体", "自筹", "群众", "社会", "企业", "贷款"};

static const char *const field_name[] = {"", "年初预算数", "全年预算数",
                                         "全年执行数"};

/* v (in the report's unit, wan: 万元) in the table's unit. */
static int to_table_unit(pe_dec v, int wan, int table_wan, pe_dec *out)
{
    pe_dec x = pe_dec_normalize(v);

    if (wan == table_wan) {
        *out = x;
        return 1;
    }
    if (!wan) { /* 元 → 万元 */
        if (x.scale + 4 > PE_DEC_MAX_SCALE)
            return 0;
        out->coef = x.coef;
        out->scale = x.scale + 4;
        return 1;
    }
    return pe_dec_muldiv(x, pe_dec_from_int(10000), pe_dec_from_int(1), x.scale,
                         PE_ROUND_TRUNCATE, out) == PE_OK;
}

static const pe_opt_dec *row_field(const pe_fund_row *r, int field)
{
    return field == F_INITIAL  ? &r->initial
           : field == F_BUDGET ? &r->budget
                               : &r->executed;
}

/* An amount of the table: the 年度资金总额's, or, where that is zero or
 * blank, the sum of the 其中 rows' (as scoring takes it). */
static pe_opt_dec amount(const pe_funds *f, int field)
{
    pe_opt_dec o = *row_field(&f->total, field), sum = {0, {0, 0}};

    if (o.present && !pe_dec_is_zero(o.v))
        return o;
    for (size_t i = 0; i < f->nparts; i++) {
        const pe_opt_dec *x = row_field(&f->parts[i], field);

        if (x->present && pe_dec_add(sum.v, x->v, &sum.v) == PE_OK)
            sum.present = 1;
    }
    return sum.present ? sum : o;
}

/*
 * The report's amount v (in the table's unit) is the table's t.  Exactly,
 * but for one case: 元 in the report against a 万元 amount the table
 * prints to two places or more, a figure rounded to 百元 or finer, which
 * the 元 amount may be cut or rounded to (1329120.67元 is 132.912万元).
 * The other way, a 万元 figure rounded from the table's, is rounded_amount()'s.
 */
static int same_amount(const pe_opt_dec *t, pe_dec v, int finer)
{
    return t->present && (pe_dec_cmp(t->v, v) == 0 ||
                          (finer && t->v.scale >= 2 && rounds_to(v, t->v)));
}

/*
 * The report's amount r in 万元, written to two places or more (百元 or
 * finer), is the table's t cut or rounded to r's places: 89.97万元 for
 * 89.974万元 (or 899740元).  Not coarser: 1.8万元 is not 1.798.
 */
static int rounded_amount(const pe_opt_dec *t, int table_yuan, pe_dec r)
{
    pe_dec tw;

    if (!t->present || r.scale < 2)
        return 0;
    tw = pe_dec_normalize(t->v);
    if (table_yuan) {
        if (tw.scale + 4 > PE_DEC_MAX_SCALE)
            return 0;
        tw.scale += 4;
    }
    return rounds_to(tw, r);
}

/* An amount of the report: v in the table's unit; as written (r) when the
 * report wrote 万元 (wan). */
typedef struct claim {
    pe_dec v, r;
    int finer, wan, table_yuan;
} claim;

static int claim_is(const pe_opt_dec *t, const claim *c)
{
    return same_amount(t, c->v, c->finer) ||
           (c->wan && rounded_amount(t, c->table_yuan, c->r));
}

/* Is the claim one of the table's amounts: 年初预算数, 全年预算数 or
 * 全年执行数 of the total or of a 其中 row? */
static int matches_funds(const pe_funds *f, const claim *c)
{
    for (int w = F_INITIAL; w <= F_EXECUTED; w++) {
        pe_opt_dec o = amount(f, w);

        if (claim_is(row_field(&f->total, w), c) || claim_is(&o, c))
            return 1;
        for (size_t i = 0; i < f->nparts; i++)
            if (claim_is(row_field(&f->parts[i], w), c))
                return 1;
    }
    return 0;
}

static pe_status check_money(ctx *C)
{
    const doc *D = C->D;
    pe_project *p = C->p;
    const pe_funds *f = &p->funds;
    const char *mu = p->money_unit ? p->money_unit : "";
    int table_wan = strcmp(mu, "万元") == 0 ? 1
                    : strcmp(mu, "元") == 0 ? 0
                                            : -1;
    pe_status st;

    if (!f->present)
        return PE_OK;
    for (size_t k = 0; k < C->nnums; k++) {
        num *n = &C->nums[k];
        size_t ca, cb;
        int field, wan, hit = 0;
        char en[400], zh[400], r[PE_DEC_BUFSIZE], t[3][PE_DEC_BUFSIZE];

        if (!plain(n) || n->cmp != PE_CMP_NONE)
            continue;
        if (strcmp(n->unit, "万元") == 0)
            wan = 1;
        else if (strcmp(n->unit, "元") == 0)
            wan = 0;
        else
            continue;
        clause_of(C, n->a, n->ue, &ca, &cb);
        if (ca == NONE || HAS(D, ca, cb, money_skip) ||
            HAS(D, ca, cb, quotes_table) ||
            !nearest_field(C, ca, cb, n, money_words, NELEMS(money_words),
                           F_ANY, &field) ||
            field <= 0)
            continue;
        n->used = 1;
        for (int tw = 0; tw <= 1 && !hit; tw++) {
            if (table_wan >= 0 && tw != table_wan)
                continue;
            claim c = {
                .r = n->v, .wan = wan, .finer = !wan && tw, .table_yuan = !tw};

            hit = to_table_unit(n->v, wan, tw, &c.v) && matches_funds(f, &c);
        }
        if (hit)
            continue;
        fmt(n->v, r);
        if (field != F_ANY && amount(f, field).present) {
            snprintf(en, sizeof en,
                     "the report says %s %s%s, the table has %s%s",
                     field_name[field], r, n->unit,
                     fmt(amount(f, field).v, t[0]), mu);
            snprintf(zh, sizeof zh, "报告写%s %s%s，表中为 %s%s",
                     field_name[field], r, n->unit, t[0], mu);
        } else {
            char list_en[200] = "", list_zh[200] = "";

            for (int w = F_INITIAL; w <= F_EXECUTED; w++) {
                pe_opt_dec o = amount(f, w);
                size_t le = strlen(list_en), lz = strlen(list_zh);

                if (!o.present)
                    continue;
                fmt(o.v, t[w - 1]);
                snprintf(list_en + le, sizeof list_en - le, "%s%s %s%s",
                         le ? ", " : "", field_name[w], t[w - 1], mu);
                snprintf(list_zh + lz, sizeof list_zh - lz, "%s%s %s%s",
                         lz ? "、" : "", field_name[w], t[w - 1], mu);
            }
            snprintf(en, sizeof en,
                     "the report says %s%s, none of the table's amounts (%s)",
                     r, n->unit, list_en);
            snprintf(zh, sizeof zh, "报告写资金 %s%s，与表中金额均不符（%s）",
                     r, n->unit, list_zh);
        }
        if ((st = report(C, "report-money", 0, f->total.line, n->a, n->ue, en,
                         zh)) != PE_OK)
            return st;
    }
    return PE_OK;
}

/* ------------------------------------------------------------- score */

static const char *const score_words[] = {
    "自评得分", "总得分",   "综合得分", "最终得分", "评价得分", "项目得分",
    "得分合计", "合计得分", "总分",     "自评分",   "自评分数", "绩效评分"};

static const char *const fillers[] = {"为", "是", "达", "到", "共", "计",
                                      "合", "了", "：", ":",  " ",  "　"};

/* Past the filler words after i, at most 4 of them. */
static size_t skip_fillers(const ctx *C, size_t i, const char *const *w,
                           size_t nw)
{
    for (int k = 0; k < 4; k++) {
        size_t m;

        if (longest_at(C->D, i, C->sb, w, nw, &m) < 0)
            break;
        i += m;
    }
    return i;
}

static pe_status check_score(ctx *C)
{
    const doc *D = C->D;
    pe_project *p = C->p;
    pe_dec max =
        p->reported_max.present ? p->reported_max.v : pe_dec_from_int(100);
    pe_status st;

    for (size_t i = C->sa; i < C->sb;) {
        size_t m, q, ca, cb;
        int w = longest_at(D, i, C->sb, score_words, NELEMS(score_words), &m);
        num *n;
        int agree_c, agree_p = 1;
        char en[300], zh[300], r[PE_DEC_BUFSIZE], t[PE_DEC_BUFSIZE],
            c[PE_DEC_BUFSIZE];

        if (w < 0) {
            i++;
            continue;
        }
        q = i + m;
        i = q;
        /* 总分值, 自评分值: the maximum, not a score */
        if (match(D, q, C->sb, "值"))
            continue;
        clause_of(C, i - m, i, &ca, &cb);
        if (ca == NONE || HAS(D, ca, cb, quotes_table))
            continue;
        q = skip_fillers(C, q, fillers, NELEMS(fillers));
        if (!(n = num_at(C, q)) || !plain(n) || n->percent ||
            n->cmp != PE_CMP_NONE || (n->unit[0] && strcmp(n->unit, "分") != 0))
            continue;
        n->used = 1;
        if (strcmp(score_words[w], "总分") == 0 && pe_dec_cmp(n->v, max) == 0)
            continue;
        agree_c = agrees(n->v, p->total);
        if (p->reported_total.present)
            agree_p = agrees(n->v, p->reported_total.v);
        if (p->reported_total.present ? agree_p : agree_c)
            continue;
        fmt(n->v, r);
        fmt(p->total, c);
        if (!p->reported_total.present ||
            pe_dec_cmp(p->reported_total.v, p->total) == 0) {
            snprintf(en, sizeof en,
                     "the report says 总分 %s, the table's 总分 is %s", r, c);
            snprintf(zh, sizeof zh, "报告写总分 %s，表中总分为 %s", r, c);
        } else {
            fmt(p->reported_total.v, t);
            snprintf(
                en, sizeof en,
                "the report says 总分 %s, the table prints %s and the rules "
                "give %s",
                r, t, c);
            snprintf(zh, sizeof zh, "报告写总分 %s，表中填报 %s，按规则为 %s",
                     r, t, c);
        }
        if ((st = report(C, "report-score", -1, 0, n->a, n->ue, en, zh)) !=
            PE_OK)
            return st;
    }
    return PE_OK;
}

/* ------------------------------------------------------------- grade */

static const char *const grade_keys[] = {
    "评价等级", "自评等级", "等级", "等次",   "评级",
    "评价结果", "自评结果", "结果", "评定为", "评为"};
static const char *const grade_fillers[] = {"为", "是", "：", ":",  " ",
                                            "　", "定", "“",  "\"", "「"};
static const char *const grade_context[] = {"自评", "评价", "得分", "绩效"};

/* The short name of a grade: 优秀 → 优. */
static const char *grade_short(const char *g)
{
    static const char *const pairs[][2] = {
        {"优秀", "优"}, {"良好", "良"}, {"中等", "中"}, {"较差", "差"}};

    for (size_t i = 0; i < NELEMS(pairs); i++)
        if (strcmp(g, pairs[i][0]) == 0)
            return pairs[i][1];
    return g;
}

/* 优 良 中 差 */
static int strchr_grade(uint32_t c)
{
    return c == 0x4F18 || c == 0x826F || c == 0x4E2D || c == 0x5DEE;
}

static pe_status check_grade(ctx *C)
{
    static const char *const words[] = {"优秀", "良好", "中等", "较差",
                                        "优",   "良",   "中",   "差"};
    const doc *D = C->D;
    pe_project *p = C->p;
    const char *printed = p->reported_grade && p->reported_grade[0]
                              ? grade_short(p->reported_grade)
                              : NULL;
    const char *computed = grade_short(p->grade);
    pe_status st;

    if (!HAS(D, C->sa, C->sb, grade_context))
        return PE_OK;
    /* "优（90分以上）、良（80-90分）…": the scale, not a grade */
    for (size_t i = C->sa; i < C->sb; i++) {
        uint32_t c = D->cp[i];

        if ((c == 0x3001 || c == '/' || c == 0xFF0F) && i > C->sa &&
            i + 1 < C->sb &&
            (strchr_grade(D->cp[i - 1]) || strchr_grade(D->cp[i + 1])))
            return PE_OK;
        if (c == 0xFF08 || c == '(') {
            /* 优（90分以上） */
            if (i > C->sa && strchr_grade(D->cp[i - 1]) && i + 1 < C->sb &&
                digit_of(D->cp[i + 1]) >= 0)
                return PE_OK;
        }
    }
    for (size_t i = C->sa; i < C->sb;) {
        size_t m, q, e;
        int w = longest_at(D, i, C->sb, grade_keys, NELEMS(grade_keys), &m);
        const char *g;
        int known = 0;
        char en[300], zh[300];

        if (w < 0) {
            i++;
            continue;
        }
        i += m;
        {
            size_t ca, cb;

            clause_of(C, i - m, i, &ca, &cb);
            if (ca == NONE || HAS(D, ca, cb, quotes_table))
                continue;
        }
        q = skip_fillers(C, i, grade_fillers, NELEMS(grade_fillers));
        if ((w = longest_at(D, q, C->sb, words, NELEMS(words), &m)) < 0)
            continue;
        e = q + m;
        if (e < C->sb && is_han(D->cp[e]) && D->cp[e] != 0x7B49 /* 等 */ &&
            D->cp[e] != 0x7EA7 /* 级 */ && D->cp[e] != 0x6B21 /* 次 */)
            continue;
        g = grade_short(words[w]);
        for (int k = 0; k < p->rules.ngrades; k++)
            if (strcmp(grade_short(p->rules.grades[k].name), g) == 0)
                known = 1;
        i = e;
        if (!known || strcmp(g, printed ? printed : computed) == 0)
            continue;
        if (!printed || strcmp(printed, computed) == 0) {
            snprintf(en, sizeof en,
                     "the report says 等级 %s, the table's grade is %s",
                     words[w], computed);
            snprintf(zh, sizeof zh, "报告写等级 %s，表中等级为 %s", words[w],
                     computed);
        } else {
            snprintf(
                en, sizeof en,
                "the report says 等级 %s, the table prints %s and the rules "
                "give %s",
                words[w], p->reported_grade, computed);
            snprintf(zh, sizeof zh, "报告写等级 %s，表中填报 %s，按规则为 %s",
                     words[w], p->reported_grade, computed);
        }
        if ((st = report(C, "report-grade", -1, 0, q, e, en, zh)) != PE_OK)
            return st;
    }
    return PE_OK;
}

/* --------------------------------------------------------- indicators */

struct suffix {
    const char *w;
    const char *unit[3]; /* the units it counts in; "*" any, "%" percent */
};

static const struct suffix suffixes[] = {
    {"数量", {"*", NULL, NULL}},    {"人数", {"人", "名", NULL}},
    {"次数", {"次", NULL, NULL}},   {"场次", {"场次", "场", NULL}},
    {"人次", {"人次", NULL, NULL}}, {"个数", {"个", NULL, NULL}},
    {"册数", {"册", NULL, NULL}},   {"件数", {"件", NULL, NULL}},
    {"户数", {"户", NULL, NULL}},   {"率", {"%", NULL, NULL}},
    {"度", {"%", NULL, NULL}},
};

static const char *const ind_skip[] = {
    "目标", "指标值", "计划", "预计", "预期", "要求", "分别", "其中",
    "每",   "较",     "同比", "增长", "增加", "减少", "提高", "下降"};

static const char *const core_fillers[] = {"了", "共", "计", "达", "为",
                                           "：", ":",  " ",  "　"};

/* Units that count the same thing. */
static int unit_family(const char *u)
{
    if (strcmp(u, "场") == 0 || strcmp(u, "场次") == 0)
        return 1;
    if (strcmp(u, "人") == 0 || strcmp(u, "名") == 0 || strcmp(u, "位") == 0)
        return 2;
    return 0;
}

static int same_unit(const num *n, const pe_cell *c)
{
    if (n->percent || c->percent)
        return n->percent && c->percent;
    if (!n->unit[0] || !c->unit[0])
        return 0;
    return strcmp(n->unit, c->unit) == 0 ||
           (unit_family(n->unit) &&
            unit_family(n->unit) == unit_family(c->unit));
}

static pe_cmp plain_cmp(pe_cmp c)
{
    return c == PE_CMP_EQ ? PE_CMP_NONE : c;
}

/* Does the name of row r stand for number n in its clause [ca, cb)? */
static int names_row(const ctx *C, const pe_indicator *r, const num *n,
                     size_t ca, size_t cb)
{
    const doc *D = C->D;
    size_t nl = strlen(r->name);
    char core[256];

    if (!nl || find(D, ca, cb, r->name) != NONE)
        return nl > 0;
    for (size_t s = 0; s < NELEMS(suffixes); s++) {
        size_t sl = strlen(suffixes[s].w), cl;
        int unit_ok = 0;

        if (nl <= sl || nl - sl >= sizeof core ||
            memcmp(r->name + nl - sl, suffixes[s].w, sl) != 0)
            continue;
        cl = nl - sl;
        memcpy(core, r->name, cl);
        core[cl] = '\0';
        if (word_len(core) >= 3)
            return find(D, ca, cb, core) != NONE;
        if (word_len(core) < 2)
            return 0;
        for (int u = 0; u < 3 && suffixes[s].unit[u]; u++) {
            const char *su = suffixes[s].unit[u];

            if ((strcmp(su, "*") == 0 && n->unit[0]) ||
                (strcmp(su, "%") == 0 && n->percent) ||
                strcmp(su, n->unit) == 0)
                unit_ok = 1;
        }
        if (!unit_ok)
            return 0;
        /* "培训4场次": the core right before the number, maybe after 共 */
        for (size_t e = n->a, k = 0; k <= 3; k++, e--) {
            size_t m;

            if (match_before(D, ca, e, core))
                return 1;
            if (e == ca || longest_at(D, e - 1, e, core_fillers,
                                      NELEMS(core_fillers), &m) < 0)
                break;
        }
        return 0;
    }
    return 0;
}

/* The key of w's first two code points; 0 when it has fewer. */
static uint64_t key_of(const char *w)
{
    uint32_t a, b;
    size_t n = strlen(w), k = pe_utf8_decode(w, n, &a);

    if (!n || k >= n || a == PE_UTF8_INVALID)
        return 0;
    pe_utf8_decode(w + k, n - k, &b);
    return b == PE_UTF8_INVALID ? 0 : (uint64_t)a << 32 | b;
}

static int key_cmp(const void *x, const void *y)
{
    const rowkey *a = x, *b = y;

    return a->key < b->key ? -1 : a->key > b->key;
}

static int add_key(ctx *C, size_t *cap, uint64_t key, size_t row)
{
    rowkey *g = pe_grow(C->keys, cap, C->nkeys + 1, sizeof *g, 64);

    if (!g)
        return 0;
    C->keys = g;
    g[C->nkeys].key = key;
    g[C->nkeys++].row = row;
    return 1;
}

/*
 * Every row names_row() can find in a clause, by the first two characters
 * of its name or of a core it may be named by (the name less a suffix):
 * either stands in the clause.  A row whose name is one character is
 * tried on every clause.
 */
static pe_status row_index(ctx *C)
{
    const pe_project *p = C->p;
    size_t cap = 0;

    C->stamp = calloc(p->nind + 1, sizeof *C->stamp);
    C->cand = malloc((p->nind + 1) * sizeof *C->cand);
    C->always = malloc((p->nind + 1) * sizeof *C->always);
    if (!C->stamp || !C->cand || !C->always)
        return PE_ENOMEM;
    for (size_t i = 0; i < p->nind; i++) {
        const char *name = p->ind[i].name;
        size_t nl = strlen(name);
        uint64_t k = key_of(name);

        if (!nl || strstr(name, "执行率"))
            continue;
        if (!k) {
            C->always[C->nalways++] = i;
            continue;
        }
        if (!add_key(C, &cap, k, i))
            return PE_ENOMEM;
        for (size_t s = 0; s < NELEMS(suffixes); s++) {
            size_t sl = strlen(suffixes[s].w);
            char core[256];

            if (nl <= sl || nl - sl >= sizeof core ||
                memcmp(name + nl - sl, suffixes[s].w, sl) != 0)
                continue;
            memcpy(core, name, nl - sl);
            core[nl - sl] = '\0';
            if ((k = key_of(core)) != 0 && !add_key(C, &cap, k, i))
                return PE_ENOMEM;
        }
    }
    if (C->nkeys)
        qsort(C->keys, C->nkeys, sizeof *C->keys, key_cmp);
    return PE_OK;
}

/* The rows that may be named in [ca, cb), into C->cand; their count.
 * stamp tells a row already taken for this number. */
static size_t candidates(ctx *C, size_t ca, size_t cb, size_t stamp)
{
    const doc *D = C->D;
    size_t n = 0;

    for (size_t i = 0; i < C->nalways; i++) {
        C->stamp[C->always[i]] = stamp;
        C->cand[n++] = C->always[i];
    }
    for (size_t j = ca; j + 1 < cb; j++) {
        uint64_t k = (uint64_t)D->cp[j] << 32 | D->cp[j + 1];
        size_t lo = 0, hi = C->nkeys;

        while (lo < hi) { /* the first key >= k */
            size_t mid = lo + (hi - lo) / 2;

            if (C->keys[mid].key < k)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < C->nkeys && C->keys[lo].key == k; lo++) {
            size_t r = C->keys[lo].row;

            if (C->stamp[r] != stamp) {
                C->stamp[r] = stamp;
                C->cand[n++] = r;
            }
        }
    }
    return n;
}

static pe_status check_indicators(ctx *C)
{
    const doc *D = C->D;
    pe_project *p = C->p;
    pe_status st;

    /* a sentence with a date tells of one event (7月14日 … 30人), not of
     * the year */
    for (size_t j = C->sa; j + 1 < C->sb; j++)
        if (digit_of(D->cp[j]) >= 0 && (D->cp[j + 1] == 0x6708 /* 月 */ ||
                                        D->cp[j + 1] == 0x65E5 /* 日 */))
            return PE_OK;
    for (size_t k = 0; k < C->nnums; k++) {
        num *n = &C->nums[k];
        size_t ca, cb, hit = NONE, nhit = 0;
        pe_cell ac;
        int alone = 1;
        char en[400], zh[400], r[PE_DEC_BUFSIZE];

        if (!plain(n) || (!n->percent && !n->unit[0]))
            continue;
        clause_of(C, n->a, n->ue, &ca, &cb);
        if (ca == NONE || HAS(D, ca, cb, ind_skip) ||
            HAS(D, ca, cb, quotes_table))
            continue;
        {
            size_t nc = candidates(C, ca, cb, ++C->stamped);

            for (size_t c = 0; c < nc; c++) {
                const pe_indicator *row = &p->ind[C->cand[c]];

                if (strstr(row->name, "执行率") ||
                    !names_row(C, row, n, ca, cb))
                    continue;
                hit = C->cand[c];
                nhit++;
            }
        }
        if (nhit != 1)
            continue;
        {
            const pe_indicator *row = &p->ind[hit];

            if (pe_cell_parse(row->actual, strlen(row->actual), &ac) != PE_OK ||
                ac.kind != PE_CELL_NUMBER || !same_unit(n, &ac))
                continue;
            /* the only number of that unit in the clause */
            for (size_t j = 0; j < C->nnums; j++) {
                const num *o = &C->nums[j];

                if (j != k && o->a >= ca && o->b <= cb && same_unit(o, &ac))
                    alone = 0;
            }
            if (!alone || plain_cmp(n->cmp) != plain_cmp(ac.cmp))
                continue;
            n->used = 1;
            if (agrees(n->v, ac.value))
                continue;
            fmt(n->v, r);
            snprintf(
                en, sizeof en,
                "%s: the report says %s%s%s%s, the table's 实际完成值 is %s",
                row->name, pe_cmp_symbol(n->cmp), r, n->percent ? "%" : "",
                n->unit, row->actual);
            snprintf(zh, sizeof zh, "%s：报告写 %s%s%s%s，表中实际完成值为 %s",
                     row->name, pe_cmp_symbol(n->cmp), r, n->percent ? "%" : "",
                     n->unit, row->actual);
            if ((st = report(C, "report-indicator", (long)hit + 1, row->line,
                             n->a, n->ue, en, zh)) != PE_OK)
                return st;
        }
    }
    return PE_OK;
}

/* ------------------------------------------------------------ driver */

static pe_status check_sentence(ctx *C)
{
    pe_status st;

    if (C->sb - C->sa > MAX_SENTENCE)
        return PE_OK; /* no prose: a dump of something */
    if ((st = scan_numbers(C)) != PE_OK)
        return st;
    if (C->nnums > MAX_NUMBERS)
        return PE_OK; /* a table or a list of figures, not a sentence */
    if ((st = check_years(C)) != PE_OK || (st = check_rates(C)) != PE_OK ||
        (st = check_money(C)) != PE_OK || (st = check_score(C)) != PE_OK ||
        (st = check_grade(C)) != PE_OK || (st = check_indicators(C)) != PE_OK)
        return st;
    return PE_OK;
}

/* Decode valid UTF-8 into D. */
static pe_status make_doc(const char *s, size_t len, doc *D)
{
    size_t n = 0;

    D->s = s;
    D->cp = malloc((len + 1) * sizeof *D->cp);
    D->off = malloc((len + 1) * sizeof *D->off);
    if (!D->cp || !D->off)
        return PE_ENOMEM;
    /* the text is UTF-8 (checked by the caller) */
    for (size_t i = 0; i < len; n++) {
        D->off[n] = i;
        i += pe_utf8_decode(s + i, len - i, &D->cp[n]);
    }
    D->off[n] = len;
    D->len = n;
    return PE_OK;
}

pe_status pe_report_check(pe_project *p, const char *text, size_t len,
                          const char *report_name, size_t *n, pe_error *err)
{
    const char *name = report_name ? report_name : "report";
    size_t valid, keep = p->nfindings;
    doc D = {NULL, NULL, NULL, 0};
    ctx C;
    pe_status st = PE_OK;

    *n = 0;
    if (!p->scored) {
        pe_error_set(err, name, 0, 0,
                     "the table must be scored before a report is checked "
                     "against it");
        return PE_EUSAGE;
    }
    if ((valid = pe_utf8_valid_prefix(text, len)) != len) {
        long line = 1;

        for (size_t i = 0; i < valid; i++)
            line += text[i] == '\n';
        pe_error_set(err, name, line, 0, "the report is not UTF-8 text");
        return PE_EDATA;
    }
    if ((st = make_doc(text, len, &D)) != PE_OK)
        goto done;
    memset(&C, 0, sizeof C);
    C.p = p;
    C.D = &D;
    C.name = name;
    C.line = 1;
    st = row_index(&C);
    for (size_t i = 0; i <= D.len && st == PE_OK;) {
        size_t j = i;

        while (j < D.len && !ends_sentence(D.cp[j]))
            j++;
        C.sa = i;
        C.sb = j;
        if (j > i)
            st = check_sentence(&C);
        if (j < D.len && D.cp[j] == '\n')
            C.line++;
        i = j + 1;
    }
    free(C.nums);
    free(C.keys);
    free(C.always);
    free(C.stamp);
    free(C.cand);
    *n = C.added;
done:
    free(D.cp);
    free(D.off);
    if (st != PE_OK) {
        pe_project_findings_truncate(p, keep); /* a failed check adds none */
        *n = 0;
        pe_error_set(err, name, 0, 0, "%s", pe_strerror(st));
    }
    return st;
}

/* ------------------------------------------------------------- text */

typedef struct reading {
    pe_buf bytes;
    size_t max;
    int over;   /* past max */
    int binary; /* 8-bit text with control bytes in its first chunk */
} reading;

static pe_status read_chunk(void *arg, const char *buf, size_t len)
{
    reading *R = arg;

    if (R->bytes.len + len > R->max) {
        R->over = 1;
        return PE_EDATA;
    }
    if (pe_buf_append(&R->bytes, buf, len) != PE_OK)
        return PE_ENOMEM;
    /* not a .docx, .doc, PDF or UTF-16 text: a control byte now is binary
     * data, and pe_report_text() says so of what has been read */
    if (R->bytes.len == len) {
        long line;

        R->binary = memcmp(buf, "PK", len < 2 ? len : 2) != 0 &&
                    memcmp(buf, "\xD0\xCF", len < 2 ? len : 2) != 0 &&
                    memcmp(buf, "%PDF", len < 4 ? len : 4) != 0 &&
                    !pe_utf16_bom(buf, len) &&
                    pe_text_control(buf, len, 1, &line) >= 0;
        if (R->binary)
            return PE_EDATA;
    }
    return PE_OK;
}

static pe_status report_text(const char *buf, size_t len, const char *name,
                             size_t max, pe_buf *out, pe_error *err);

pe_status pe_report_read(const char *path, size_t max, pe_buf *out,
                         pe_error *err)
{
    reading R = {.bytes = {0, 0, 0}, .max = max};
    pe_status st = pe_io_stream(path, read_chunk, &R, err);

    if (R.over) {
        pe_error_set(err, path, 0, 0,
                     "the report is over --max-file-size (%zu bytes)", max);
        st = PE_EDATA;
    } else if (st == PE_OK || R.binary) {
        /* a .docx's parts unpack within the same --max-file-size */
        st = report_text(R.bytes.data ? R.bytes.data : "", R.bytes.len, path,
                         max, out, err);
    } else if (st == PE_ENOMEM) {
        pe_error_set(err, path, 0, 0, "out of memory");
    }
    pe_buf_free(&R.bytes);
    return st;
}

pe_status pe_report_text(const char *buf, size_t len, const char *name,
                         pe_buf *out, pe_error *err)
{
    return report_text(buf, len, name, REPORT_MAX_PART, out, err);
}

static pe_status report_text(const char *buf, size_t len, const char *name,
                             size_t max, pe_buf *out, pe_error *err)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *what;
    } refused[] = {
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8,
         "a Word 97-2003 document (.doc) or another OLE file: save the report "
         "as .docx or .txt"},
        {"%PDF-", 5,
         "a PDF file: save the report as .docx or .txt (a PDF's text is not "
         "read)"},
    };
    static const char odf[] = "mimetypeapplication/vnd.oasis.opendocument";
    pe_decoded info;
    size_t keep = out->len;
    pe_status st;

    /* an OpenDocument file stores its mimetype first, uncompressed */
    if (len >= 30 + strlen(odf) && memcmp(buf, "PK\x03\x04", 4) == 0 &&
        memcmp(buf + 30, odf, strlen(odf)) == 0) {
        pe_error_set(err, name, 0, 0,
                     "an OpenDocument file (.odt): save the report as .docx "
                     "or .txt");
        return PE_EDATA;
    }
    if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
        return pe_docx_text(buf, len, name, max, out, err);
    for (size_t i = 0; i < NELEMS(refused); i++)
        if (len >= refused[i].len &&
            memcmp(buf, refused[i].bytes, refused[i].len) == 0) {
            pe_error_set(err, name, 0, 0, "%s", refused[i].what);
            return PE_EDATA;
        }
    /* UTF-16 (with its mark) is all NULs and other controls: the decoder
     * reads it */
    if (!pe_utf16_bom(buf, len)) {
        long line;
        int b = pe_text_control(buf, len, 1, &line);

        if (b >= 0) {
            pe_error_set(err, name, line, 0,
                         "binary data (byte 0x%02X), not the text of a "
                         "report: give it as .txt, .md or .docx",
                         (unsigned)b);
            return PE_EDATA;
        }
    }
    st = pe_text_decode(buf, len, PE_ENC_AUTO, name, out, &info, err);
    if (st != PE_OK) {
        out->len = keep;
        if (out->data)
            out->data[keep] = '\0';
    }
    return st;
}
