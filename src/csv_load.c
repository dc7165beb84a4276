/*
 * The 附件1 table from CSV or TSV (perfeval_csv.h).
 *
 * Bytes become UTF-8 text with LF lines (encoding.c), text becomes a grid
 * of cells (csv_grid.c), and this file finds the form in the grid by its
 * labels.  Positions are never assumed: provinces and years print the
 * same form with columns in other orders, other words for the same label,
 * merged cells, and extra columns.
 */
#include "csv_grid.h"
#include "encoding.h"
#include "project.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define NOCOL ((size_t)-1)
#define KEYMAX 96 /* bytes of a label key; longer cells are not labels */

/* ------------------------------------------------------------ labels */

struct label {
    const char *key;
    int id;
};

/* Labels that start a part of the form. */
enum role {
    R_NONE,
    R_NAME,  /* 项目名称 */
    R_DEPT,  /* 主管部门 */
    R_UNIT,  /* 实施单位 */
    R_FUNDS, /* 项目资金 block header */
    R_GOAL,  /* 年度总体目标 */
    R_MAX,   /* 总分值 */
    R_TOTAL, /* 总得分 */
    R_SUM, /* 总分: 总分值 and 总得分 side by side, or just the total */
    R_GRADE, /* 等级 */
    R_NOTE   /* 说明 */
};

static const struct label role_labels[] = {
    {"项目名称", R_NAME},       {"主管部门", R_DEPT},
    {"主管部门及代码", R_DEPT}, {"主管部门代码", R_DEPT},
    {"实施单位", R_UNIT},       {"项目实施单位", R_UNIT},
    {"项目资金", R_FUNDS},      {"年度总体目标", R_GOAL},
    {"年度绩效目标", R_GOAL},   {"总体目标", R_GOAL},
    {"总分值", R_MAX},          {"总得分", R_TOTAL},
    {"自评总得分", R_TOTAL},    {"总分", R_SUM},
    {"等级", R_GRADE},          {"自评等级", R_GRADE},
    {"评价等级", R_GRADE},      {"自评结果", R_GRADE},
    {"说明", R_NOTE},
};

/* Signatures and footnotes under the table: they end the indicators. */
static const char *const footers[] = {
    "填表人",     "填报人", "联系人",   "联系电话", "单位负责人", "财务负责人",
    "项目负责人", "审核人", "填报日期", "填表日期", "注：",       "注:"};

/* Columns of the 项目资金 block. */
enum fcol { F_INITIAL, F_BUDGET, F_EXEC, F_WEIGHT, F_RATE, F_SCORE, F_N };

static const struct label fund_labels[] = {
    {"年初预算数", F_INITIAL},  {"全年预算数", F_BUDGET},
    {"调整后预算数", F_BUDGET}, {"全年执行数", F_EXEC},
    {"预算执行数", F_EXEC},     {"全年实际执行数", F_EXEC},
    {"执行数", F_EXEC},         {"分值", F_WEIGHT},
    {"资金执行分值", F_WEIGHT}, {"权重", F_WEIGHT},
    {"执行率", F_RATE},         {"预算执行率", F_RATE},
    {"资金执行率", F_RATE},     {"得分", F_SCORE},
    {"资金执行得分", F_SCORE},
};

/* Names of the 年度资金总额 row; any other named row is a 其中 row. */
static const char *const fund_totals[] = {"年度资金总额", "资金总额",
                                          "年度资金合计", "合计", "总计"};

/* Columns of the 绩效指标 table. */
enum icol {
    I_L1,
    I_L2,
    I_NAME,
    I_TARGET,
    I_ACTUAL,
    I_WEIGHT,
    I_SCORE,
    I_REASON,
    I_CMP,  /* 指标性质: the comparator, kept apart from the value */
    I_UNIT, /* 度量单位 */
    I_SKIP, /* 得分计算方法 and the like: read by people, not by us */
    I_N
};

static const struct label ind_labels[] = {
    {"一级指标", I_L1},
    {"二级指标", I_L2},
    {"三级指标", I_NAME},
    {"年度指标值", I_TARGET},
    {"指标值", I_TARGET},
    {"年度目标值", I_TARGET},
    {"目标值", I_TARGET},
    {"实际完成值", I_ACTUAL},
    {"全年实际完成值", I_ACTUAL},
    {"实际值", I_ACTUAL},
    {"分值", I_WEIGHT},
    {"权重", I_WEIGHT},
    {"指标分值", I_WEIGHT},
    {"得分", I_SCORE},
    {"自评得分", I_SCORE},
    {"偏差原因分析及改进措施", I_REASON},
    {"偏差原因分析", I_REASON},
    {"未完成原因分析", I_REASON},
    {"未完成原因分析及改进措施", I_REASON},
    {"原因分析及改进措施", I_REASON},
    {"指标性质", I_CMP},
    {"度量单位", I_UNIT},
    {"计量单位", I_UNIT},
    {"得分计算方法", I_SKIP},
    {"评分标准", I_SKIP},
    {"计分方法", I_SKIP},
    {"绩效指标", I_SKIP},
};

/* What a missing column is called in messages. */
static const char *const ind_need[I_N] = {
    [I_NAME] = "三级指标",
    [I_TARGET] = "指标值 (年度指标值, 指标值)",
    [I_ACTUAL] = "实际完成值",
    [I_WEIGHT] = "分值 (分值, 权重)",
};

/* Cells that mean "nothing here" in a number column. */
static const char *const placeholders[] = {"-", "--", "—",  "——", "－",
                                           "–", "/",  "／", "\\"};

/* 指标性质 written as a direction rather than a comparator: a 反向 (lower
 * is better) indicator is met at or below its target. */
static const struct label directions[] = {
    {"正向", PE_CMP_GE},
    {"正向指标", PE_CMP_GE},
    {"反向", PE_CMP_LE},
    {"反向指标", PE_CMP_LE},
};

/* The byte length of the UTF-8 character at s, never past the NUL.  The
 * text was validated on the way in; this only keeps a bug from reading
 * beyond a cell. */
static size_t u8len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

    for (size_t i = 1; i < k; i++)
        if (!s[i])
            return i;
    return k;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * A cell's label key: its text without spaces, bracketed remarks
 * ("（万元）", "(A)", "(预算执行数/全年预算数)") and a trailing colon, so
 * that the many printings of one label compare equal.  Empty when the cell
 * is too long to be a label.
 */
static void label_key(const char *s, char *out)
{
    size_t n = 0;
    int depth = 0;

    for (; *s; s += u8len(s)) {
        size_t k = u8len(s);

        if (*s == '(' || starts(s, "（"))
            depth++;
        else if (*s == ')' || starts(s, "）"))
            depth -= depth > 0;
        else if (depth == 0 && *s != ' ' && *s != '\t' && *s != '\n' &&
                 !starts(s, "\xE3\x80\x80")) {
            if (n + k >= KEYMAX) {
                out[0] = '\0';
                return;
            }
            memcpy(out + n, s, k);
            n += k;
        }
    }
    while (n && out[n - 1] == ':')
        n--;
    while (n >= 3 && memcmp(out + n - 3, "：", 3) == 0)
        n -= 3;
    out[n] = '\0';
}

static int lookup(const struct label *t, size_t n, const char *cell)
{
    char key[KEYMAX];

    label_key(cell, key);
    for (size_t i = 0; key[0] && i < n; i++)
        if (strcmp(key, t[i].key) == 0)
            return t[i].id;
    return -1;
}

static int role_of(const char *cell)
{
    int r = lookup(role_labels, NELEMS(role_labels), cell);

    return r < 0 ? R_NONE : r;
}

static int is_footer(const char *cell)
{
    for (size_t i = 0; i < NELEMS(footers); i++)
        if (starts(cell, footers[i]))
            return 1;
    return 0;
}

static int is_placeholder(const char *s)
{
    for (size_t i = 0; i < NELEMS(placeholders); i++)
        if (strcmp(s, placeholders[i]) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ loader */

typedef struct loader {
    const char *name;
    pe_error *err;
    pe_project *p;
    const pe_grid *g;
    size_t i; /* the row being read */
    size_t indcap, partcap;
    int seen_header; /* a 绩效指标 header was found */
    int seen_label;  /* a 项目名称 or later label: past the title */
    /* the 绩效指标 header */
    size_t icol[I_N];
    char iname[I_N][KEYMAX];
    size_t iwidth;
    long header_line;
    /* merged 一级/二级 cells carry down */
    char *l1, *l2;
    size_t blank_run; /* empty rows not yet known to lie inside the table */
    long not_utf8_line;
} loader;

static pe_status fail(loader *L, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static pe_status fail(loader *L, long line, const char *fmt, ...)
{
    char msg[sizeof L->err->msg];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pe_error_set(L->err, L->name, line, 0, "%s", msg);
    return PE_EDATA;
}

static const char *cell(const pe_grid_row *r, size_t col)
{
    return col < r->n ? r->cell[col] : "";
}

static int row_empty(const pe_grid_row *r)
{
    for (size_t k = 0; k < r->n; k++)
        if (r->cell[k][0])
            return 0;
    return 1;
}

/* The first cell with text, or NOCOL. */
static size_t first_filled(const pe_grid_row *r)
{
    for (size_t k = 0; k < r->n; k++)
        if (r->cell[k][0])
            return k;
    return NOCOL;
}

/* The value a label cell at col points to: the next cell with text, unless
 * that is a label itself ("主管部门 | | 实施单位 | x": 主管部门 is blank). */
static const char *value_after(const pe_grid_row *r, size_t col)
{
    for (size_t k = col + 1; k < r->n; k++) {
        if (r->cell[k][0])
            return role_of(r->cell[k]) == R_NONE ? r->cell[k] : "";
    }
    return "";
}

static pe_status set_text(char **field, const char *s)
{
    char *d = pe_strdup_or_empty(s);

    if (!d)
        return PE_ENOMEM;
    free(*field);
    *field = d;
    return PE_OK;
}

/* A decimal cell: 分值, 得分, 总分值.  Blank or a dash is absent. */
static pe_status read_dec(loader *L, long line, const char *label,
                          const char *s, int money, pe_opt_dec *out)
{
    pe_cell c;
    pe_status st;
    int unit_ok;

    out->present = 0;
    if (!s[0] || is_placeholder(s))
        return PE_OK;
    st = pe_cell_parse(s, strlen(s), &c);
    if (st == PE_ERANGE)
        return fail(L, line, "%s \"%s\" has too many digits", label, s);
    unit_ok = st == PE_OK &&
              (!c.unit[0] || strcmp(c.unit, money ? "万元" : "分") == 0 ||
               (money && strcmp(c.unit, "元") == 0));
    if (!unit_ok || c.kind != PE_CELL_NUMBER || c.cmp != PE_CMP_NONE ||
        c.percent)
        return fail(L, line, "%s \"%s\" is not a number", label, s);
    out->v = c.value;
    out->present = 1;
    return PE_OK;
}

/* Text right of the widest header cell means the row slid sideways: most
 * often a delimiter inside a value that was not quoted. */
static pe_status check_width(loader *L, const pe_grid_row *r, size_t width,
                             const char *what, long header_line)
{
    for (size_t k = width; k < r->n; k++) {
        if (r->cell[k][0])
            return fail(L, r->line,
                        "\"%s\" in column %zu lies right of the %s header "
                        "(line %ld, %zu columns): is a delimiter inside a "
                        "value that is not quoted?",
                        r->cell[k], k + 1, what, header_line, width);
    }
    return PE_OK;
}

/* ------------------------------------------------------------ title */

/* "（2021年度）" or "2021年度项目支出绩效自评表". */
static int year_in(const char *s)
{
    for (; *s; s++) {
        if (s[0] >= '1' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
            s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' &&
            starts(s + 4, "年度")) {
            int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
                    (s[2] - '0') * 10 + (s[3] - '0');
            if (y >= 1900 && y <= 2200)
                return y;
        }
    }
    return 0;
}

static void title_row(loader *L, const pe_grid_row *r)
{
    for (size_t k = 0; k < r->n && !L->p->year; k++)
        L->p->year = year_in(r->cell[k]);
}

/* ------------------------------------------------------------ funds */

typedef struct fund_header {
    size_t col[F_N];
    char label[F_N][KEYMAX];
    size_t first; /* leftmost amount column */
    size_t width;
    long line;
} fund_header;

/* 万元 unless the header says 元: "项目资金（元）", "年初预算数(元)". */
static const char *money_unit(const pe_grid_row *r)
{
    const char *unit = "万元";

    for (size_t k = 0; k < r->n; k++) {
        if (strstr(r->cell[k], "万元"))
            return "万元";
        if (strstr(r->cell[k], "（元）") || strstr(r->cell[k], "(元)"))
            unit = "元";
    }
    return unit;
}

static pe_status fund_header_read(loader *L, const pe_grid_row *r,
                                  fund_header *h)
{
    static const char *const need[F_N] = {
        [F_EXEC] = "全年执行数 (全年执行数, 预算执行数)",
        [F_WEIGHT] = "分值 (分值, 资金执行分值)"};

    h->first = NOCOL;
    h->width = 0;
    h->line = r->line;
    for (int c = 0; c < F_N; c++)
        h->col[c] = NOCOL;
    for (size_t k = 0; k < r->n; k++) {
        int id = lookup(fund_labels, NELEMS(fund_labels), r->cell[k]);

        if (r->cell[k][0])
            h->width = k + 1;
        if (id < 0 || h->col[id] != NOCOL)
            continue;
        h->col[id] = k;
        label_key(r->cell[k], h->label[id]);
        if (k < h->first)
            h->first = k;
    }
    for (int c = 0; c < F_N; c++)
        if (need[c] && h->col[c] == NOCOL)
            return fail(L, r->line, "the 项目资金 header has no %s column",
                        need[c]);
    if (h->col[F_BUDGET] == NOCOL && h->col[F_INITIAL] == NOCOL)
        return fail(L, r->line,
                    "the 项目资金 header has no 全年预算数 or 年初预算数 "
                    "column");
    return PE_OK;
}

/* The row's name: the last text left of the amounts that is not the
 * 项目资金 label again. */
static const char *fund_row_name(const pe_grid_row *r, const fund_header *h)
{
    const char *name = "";

    for (size_t k = 0; k < h->first && k < r->n; k++)
        if (r->cell[k][0] && role_of(r->cell[k]) != R_FUNDS)
            name = r->cell[k];
    return name;
}

static int is_fund_total(const char *name)
{
    char key[KEYMAX];

    label_key(name, key);
    for (size_t i = 0; i < NELEMS(fund_totals); i++)
        if (strcmp(key, fund_totals[i]) == 0)
            return 1;
    return 0;
}

static pe_status fund_amounts(loader *L, const pe_grid_row *r,
                              const fund_header *h, pe_fund_row *f)
{
    pe_status st;

    f->line = r->line;
    if ((st = read_dec(L, r->line, h->label[F_INITIAL],
                       cell(r, h->col[F_INITIAL]), 1, &f->initial)) != PE_OK ||
        (st = read_dec(L, r->line, h->label[F_BUDGET],
                       cell(r, h->col[F_BUDGET]), 1, &f->budget)) != PE_OK ||
        (st = read_dec(L, r->line, h->label[F_EXEC], cell(r, h->col[F_EXEC]), 1,
                       &f->executed)) != PE_OK)
        return st;
    return PE_OK;
}

/* A name without its trailing colon: "年度资金总额：". */
static pe_status set_fund_name(char **field, const char *s)
{
    size_t n = strlen(s);
    char *d;
    pe_status st;

    while (n && s[n - 1] == ':')
        n--;
    while (n >= 3 && memcmp(s + n - 3, "：", 3) == 0)
        n -= 3;
    d = malloc(n + 1);
    if (!d)
        return PE_ENOMEM;
    memcpy(d, s, n);
    d[n] = '\0';
    st = set_text(field, d);
    free(d);
    return st;
}

static pe_status fund_total(loader *L, const pe_grid_row *r,
                            const fund_header *h)
{
    pe_funds *f = &L->p->funds;
    pe_status st;

    if ((st = fund_amounts(L, r, h, &f->total)) != PE_OK ||
        (st = read_dec(L, r->line, h->label[F_WEIGHT],
                       cell(r, h->col[F_WEIGHT]), 0, &f->weight)) != PE_OK ||
        (st = read_dec(L, r->line, h->label[F_SCORE], cell(r, h->col[F_SCORE]),
                       0, &f->reported)) != PE_OK ||
        (st = set_text(&f->reported_rate, cell(r, h->col[F_RATE]))) != PE_OK)
        return st;
    if (!f->weight.present)
        return fail(L, r->line, "%s is empty for 年度资金总额",
                    h->label[F_WEIGHT]);
    f->present = 1;
    return PE_OK;
}

static pe_status fund_part(loader *L, const pe_grid_row *r,
                           const fund_header *h, const char *name)
{
    pe_funds *f = &L->p->funds;
    pe_fund_row *row;
    pe_status st;

    {
        pe_fund_row *grown = pe_grow(f->parts, &L->partcap, f->nparts + 1,
                                     sizeof *grown, 4);

        if (!grown)
            return PE_ENOMEM;
        f->parts = grown;
    }
    row = &f->parts[f->nparts++];
    memset(row, 0, sizeof *row);
    if ((st = set_fund_name(&row->name, name)) != PE_OK)
        return st;
    return fund_amounts(L, r, h, row);
}

static int ind_header_row(const pe_grid_row *r);

/* A row that starts another part of the form and so ends the block of
 * role `own`, whose label may repeat down the block where cells were not
 * merged. */
static int ends_block(const pe_grid_row *r, int own)
{
    for (size_t k = 0; k < r->n; k++) {
        int role = r->cell[k][0] ? role_of(r->cell[k]) : R_NONE;

        if ((role != R_NONE && role != own) || is_footer(r->cell[k]))
            return 1;
    }
    return ind_header_row(r);
}

static pe_status read_funds(loader *L)
{
    const pe_grid *g = L->g;
    fund_header h;
    pe_status st;
    int total = 0;

    if ((st = fund_header_read(L, &g->row[L->i], &h)) != PE_OK)
        return st;
    if ((st = set_text(&L->p->money_unit, money_unit(&g->row[L->i]))) != PE_OK)
        return st;
    for (L->i++; L->i < g->nrows && !ends_block(&g->row[L->i], R_FUNDS);
         L->i++) {
        const pe_grid_row *r = &g->row[L->i];
        const char *name = fund_row_name(r, &h);

        if (row_empty(r))
            continue;
        if ((st = check_width(L, r, h.width, "项目资金", h.line)) != PE_OK)
            return st;
        if (!name[0])
            return fail(L, r->line, "a 项目资金 row with amounts but no name");
        if (!total && is_fund_total(name)) {
            total = 1;
            st = fund_total(L, r, &h);
        } else {
            st = fund_part(L, r, &h, name);
        }
        if (st != PE_OK)
            return st;
    }
    if (!total)
        return fail(L, h.line, "the 项目资金 block has no 年度资金总额 row");
    return PE_OK;
}

/* ------------------------------------------------------------ goal */

/* The cells after a label up to the next label. */
static size_t values_after(const pe_grid_row *r, size_t col, size_t *out,
                           size_t max)
{
    size_t n = 0;

    for (size_t k = col + 1; k < r->n && n < max; k++) {
        if (!r->cell[k][0])
            continue;
        if (role_of(r->cell[k]) != R_NONE)
            break;
        out[n++] = k;
    }
    return n;
}

static const char *const goal_actual_labels[] = {
    "实际完成情况", "目标实际完成情况", "全年实际完成情况", "总体目标完成情况",
    "实际完成"};

static size_t actual_col(const pe_grid_row *r)
{
    char key[KEYMAX];

    for (size_t k = 0; k < r->n; k++) {
        label_key(r->cell[k], key);
        for (size_t i = 0; key[0] && i < NELEMS(goal_actual_labels); i++)
            if (strcmp(key, goal_actual_labels[i]) == 0)
                return k;
    }
    return NOCOL;
}

/* Append s to *field, a line apart: goals printed over several rows. */
static pe_status append_line(char **field, const char *s)
{
    size_t a = *field ? strlen(*field) : 0, b = strlen(s);
    char *d;

    if (!b)
        return PE_OK;
    d = realloc(*field, a + b + 2);
    if (!d)
        return PE_ENOMEM;
    if (a)
        d[a++] = '\n';
    memcpy(d + a, s, b + 1);
    *field = d;
    return PE_OK;
}

/* The first text in columns [from, to) that is not the label again. */
static const char *first_in(const pe_grid_row *r, size_t from, size_t to)
{
    for (size_t k = from; k < to && k < r->n; k++)
        if (r->cell[k][0] && role_of(r->cell[k]) != R_GOAL)
            return r->cell[k];
    return "";
}

/*
 * "年度总体目标 | 预期目标 | 实际完成情况" (or "年度绩效目标 | | 目标实际
 * 完成情况") heads the texts on the rows below, in those columns; with no
 * such heading the texts follow the label on its own row.
 */
static pe_status read_goal(loader *L, size_t label_col)
{
    const pe_grid *g = L->g;
    const pe_grid_row *r = &g->row[L->i];
    size_t a = actual_col(r);
    pe_project *p = L->p;
    pe_status st;

    if (a == NOCOL) {
        size_t v[2];
        size_t n = values_after(r, label_col, v, 2);

        L->i++;
        if (n > 0 && (st = append_line(&p->goal, r->cell[v[0]])) != PE_OK)
            return st;
        return n > 1 ? append_line(&p->goal_actual, r->cell[v[1]]) : PE_OK;
    }
    for (L->i++; L->i < g->nrows && !ends_block(&g->row[L->i], R_GOAL);
         L->i++) {
        r = &g->row[L->i];
        if ((st = append_line(&p->goal, first_in(r, 0, a))) != PE_OK ||
            (st = append_line(&p->goal_actual, first_in(r, a, r->n))) != PE_OK)
            return st;
    }
    return PE_OK;
}

/* ------------------------------------------------------------ 总分 */

static int is_grade(const char *s)
{
    static const char *const words[] = {"优", "良", "中", "差"};

    for (size_t i = 0; i < NELEMS(words); i++)
        if (strcmp(s, words[i]) == 0)
            return 1;
    return 0;
}

/*
 * The numbers after a bare "总分": one under the table's 分值 column is
 * the 总分值 and one under 得分 the total; elsewhere two numbers are both
 * ("总分 | 100 | 95.58") and one is the total.
 */
static pe_status sum_values(loader *L, const pe_grid_row *r, const char *label,
                            const size_t *v, size_t n, size_t *used)
{
    pe_project *p = L->p;
    int both = n == 2 && !is_grade(r->cell[v[1]]);
    pe_status st = PE_OK;

    for (size_t i = 0; i < (both ? 2u : 1u) && st == PE_OK; i++) {
        int under = L->seen_header &&
                    (v[i] == L->icol[I_WEIGHT] || v[i] == L->icol[I_SCORE]);
        int is_max = under ? v[i] == L->icol[I_WEIGHT] : both && i == 0;

        *used = v[i];
        st = read_dec(L, r->line, is_max ? "总分值" : label, r->cell[v[i]], 0,
                      is_max ? &p->reported_max : &p->reported_total);
    }
    return st;
}

static pe_status total_label(loader *L, const pe_grid_row *r, size_t k,
                             int role, size_t *used)
{
    pe_project *p = L->p;
    char label[KEYMAX];
    size_t v[2];
    size_t n = values_after(r, k, v, 2);

    if (n == 0)
        return PE_OK;
    *used = v[0];
    label_key(r->cell[k], label);
    switch (role) {
    case R_GRADE:
        return set_text(&p->reported_grade, r->cell[v[0]]);
    case R_MAX:
        return read_dec(L, r->line, label, r->cell[v[0]], 0, &p->reported_max);
    case R_SUM:
        return sum_values(L, r, label, v, n, used);
    default:
        break;
    }
    return read_dec(L, r->line, label, r->cell[v[0]], 0, &p->reported_total);
}

/* "总分值 | 100 | 总得分 | 95.58", "总分 | | 100 | 95.58 | 优". */
static pe_status read_totals(loader *L, const pe_grid_row *r)
{
    size_t used = 0;
    pe_status st;

    for (size_t k = 0; k < r->n; k++) {
        int role = r->cell[k][0] ? role_of(r->cell[k]) : R_NONE;

        if (role == R_MAX || role == R_TOTAL || role == R_SUM ||
            role == R_GRADE) {
            if ((st = total_label(L, r, k, role, &used)) != PE_OK)
                return st;
            k = used > k ? used : k;
        } else if (role == R_NONE && is_grade(r->cell[k]) &&
                   !(L->p->reported_grade && L->p->reported_grade[0])) {
            if ((st = set_text(&L->p->reported_grade, r->cell[k])) != PE_OK)
                return st;
        }
    }
    L->i++;
    return PE_OK;
}

/* ------------------------------------------------------------ indicators */

static int ind_header_row(const pe_grid_row *r)
{
    int has[I_N] = {0};

    for (size_t k = 0; k < r->n; k++) {
        int id = lookup(ind_labels, NELEMS(ind_labels), r->cell[k]);
        if (id >= 0)
            has[id] = 1;
    }
    return has[I_NAME] && (has[I_L1] || has[I_L2]);
}

static pe_status ind_header_read(loader *L, const pe_grid_row *r)
{
    for (int c = 0; c < I_N; c++)
        L->icol[c] = NOCOL;
    L->iwidth = 0;
    L->header_line = r->line;
    for (size_t k = 0; k < r->n; k++) {
        int id = lookup(ind_labels, NELEMS(ind_labels), r->cell[k]);

        if (r->cell[k][0])
            L->iwidth = k + 1;
        if (id < 0 || L->icol[id] != NOCOL)
            continue;
        L->icol[id] = k;
        label_key(r->cell[k], L->iname[id]);
    }
    for (int c = 0; c < I_N; c++)
        if (ind_need[c] && L->icol[c] == NOCOL)
            return fail(L, r->line, "the 绩效指标 header has no %s column",
                        ind_need[c]);
    return PE_OK;
}

/* A 一级/二级 label as written: "产出指标(50分)" keeps its weight, which the
 * scorer checks against the rows under it. */
static pe_status level_text(const char *s, char **out)
{
    *out = pe_strdup_or_empty(s);
    return *out ? PE_OK : PE_ENOMEM;
}

/* Merged 一级/二级 cells: blank continues the row above; a new 一级 starts
 * its own 二级, blank or not. */
static pe_status carry_levels(loader *L, const char *l1, const char *l2)
{
    char *a = NULL, *b = NULL;

    if (!l1[0] && !l2[0])
        return PE_OK;
    if ((l1[0] && level_text(l1, &a) != PE_OK) || level_text(l2, &b) != PE_OK) {
        free(a);
        return PE_ENOMEM;
    }
    if (l1[0]) {
        free(L->l1);
        L->l1 = a;
    }
    free(L->l2);
    L->l2 = b;
    return PE_OK;
}

/* "指标1：", "……": a row of the blank template, left unfilled. */
static int template_name(const char *s)
{
    static const char *const dots[] = {"…", "……", "...", "......", "。。。"};
    const char *q;

    for (size_t i = 0; i < NELEMS(dots); i++)
        if (strcmp(s, dots[i]) == 0)
            return 1;
    if (!starts(s, "指标"))
        return !s[0];
    q = s + strlen("指标");
    if (*q < '0' || *q > '9')
        return 0;
    while (*q >= '0' && *q <= '9')
        q++;
    return !*q || strcmp(q, "：") == 0 || strcmp(q, ":") == 0;
}

/* The comparator an 指标性质 cell states, as the table prints it ("" when
 * it states none: 定量, 定性).  cell.c knows every way to write one, so
 * ask it about the cell followed by a number. */
static const char *comparator(const char *s)
{
    char probe[KEYMAX + 2];
    size_t n = strlen(s);
    pe_cell c;

    for (size_t i = 0; i < NELEMS(directions); i++)
        if (strcmp(s, directions[i].key) == 0)
            return pe_cmp_symbol((pe_cmp)directions[i].id);
    if (!n || n >= KEYMAX)
        return "";
    memcpy(probe, s, n);
    memcpy(probe + n, "1", 2);
    if (pe_cell_parse(probe, n + 1, &c) != PE_OK || c.kind != PE_CELL_NUMBER ||
        c.value.coef != 1 || c.unit[0])
        return "";
    return pe_cmp_symbol(c.cmp);
}

/* 指标性质 + 指标值 + 度量单位 as one cell: "≥" "60" "人" → "≥60人".
 * Only a bare number takes them: "≥60人" beside "≥" and "人" stays. */
static pe_status combine(const char *cmp, const char *value, const char *unit,
                         char **out)
{
    const char *sym = "", *suffix = "";
    pe_cell c;
    size_t a, b, d;

    if (pe_cell_parse(value, strlen(value), &c) == PE_OK &&
        c.kind == PE_CELL_NUMBER) {
        if (c.cmp == PE_CMP_NONE)
            sym = comparator(cmp);
        if (!c.unit[0] && !c.percent && !is_placeholder(unit))
            suffix = unit;
    }
    a = strlen(sym), b = strlen(value), d = strlen(suffix);
    *out = malloc(a + b + d + 1);
    if (!*out)
        return PE_ENOMEM;
    memcpy(*out, sym, a);
    memcpy(*out + a, value, b);
    memcpy(*out + a + b, suffix, d + 1);
    return PE_OK;
}

static pe_indicator *new_indicator(loader *L)
{
    pe_project *p = L->p;

    {
        pe_indicator *grown = pe_grow(p->ind, &L->indcap, p->nind + 1,
                                      sizeof *grown, 32);

        if (!grown)
            return NULL;
        p->ind = grown;
    }
    memset(&p->ind[p->nind], 0, sizeof p->ind[0]);
    return &p->ind[p->nind++];
}

/* The row's cell in column c of the header. */
static const char *ic(const loader *L, const pe_grid_row *r, int c)
{
    return cell(r, L->icol[c]);
}

static pe_status ind_values(loader *L, const pe_grid_row *r, pe_indicator *d)
{
    const char *name = ic(L, r, I_NAME);
    pe_opt_dec w;
    char buf[PE_DEC_BUFSIZE];
    pe_status st;

    if ((st = read_dec(L, r->line, L->iname[I_WEIGHT], ic(L, r, I_WEIGHT), 0,
                       &w)) != PE_OK ||
        (st = read_dec(L, r->line, L->iname[I_SCORE], ic(L, r, I_SCORE), 0,
                       &d->reported)) != PE_OK)
        return st;
    if (!w.present)
        return fail(L, r->line, "%s is empty for 三级指标 %s",
                    L->iname[I_WEIGHT], name);
    if (pe_dec_sign(w.v) < 0)
        return fail(L, r->line, "%s %s is negative", L->iname[I_WEIGHT],
                    pe_dec_format(w.v, buf));
    d->weight = w.v;
    d->weight_set = 1;
    d->line = r->line;
    return PE_OK;
}

static pe_status ind_texts(loader *L, const pe_grid_row *r, pe_indicator *d)
{
    const char *cmp = ic(L, r, I_CMP), *unit = ic(L, r, I_UNIT);

    if (!(d->level1 = pe_strdup_or_empty(L->l1)) ||
        !(d->level2 = pe_strdup_or_empty(L->l2)) ||
        !(d->name = pe_strdup_or_empty(ic(L, r, I_NAME))) ||
        !(d->reason = pe_strdup_or_empty(ic(L, r, I_REASON))) ||
        combine(cmp, ic(L, r, I_TARGET), unit, &d->target) != PE_OK ||
        combine("", ic(L, r, I_ACTUAL), unit, &d->actual) != PE_OK)
        return PE_ENOMEM;
    return PE_OK;
}

static int ind_blank(const loader *L, const pe_grid_row *r)
{
    return template_name(ic(L, r, I_NAME)) && !ic(L, r, I_TARGET)[0] &&
           !ic(L, r, I_ACTUAL)[0] && !ic(L, r, I_WEIGHT)[0] &&
           !ic(L, r, I_SCORE)[0] && !ic(L, r, I_REASON)[0];
}

static pe_status ind_row(loader *L, const pe_grid_row *r)
{
    pe_indicator *d;
    pe_status st;

    if ((st = carry_levels(L, ic(L, r, I_L1), ic(L, r, I_L2))) != PE_OK)
        return st;
    /* an empty row inside the table counts, one after its end does not */
    L->p->skipped += L->blank_run;
    L->blank_run = 0;
    if (ind_blank(L, r)) {
        L->p->skipped++;
        return PE_OK;
    }
    if ((st = check_width(L, r, L->iwidth, "绩效指标", L->header_line)) !=
        PE_OK)
        return st;
    if (!ic(L, r, I_NAME)[0])
        return fail(L, r->line, "三级指标 is empty in a row with values");
    if (!(d = new_indicator(L)))
        return PE_ENOMEM;
    if ((st = ind_texts(L, r, d)) != PE_OK)
        return st;
    return ind_values(L, r, d);
}

/* A row that ends the indicators: 总分, 说明, a signature. */
static int ends_indicators(const pe_grid_row *r)
{
    size_t k = first_filled(r);

    return k != NOCOL &&
           (role_of(r->cell[k]) != R_NONE || is_footer(r->cell[k]));
}

static pe_status read_indicators(loader *L)
{
    const pe_grid *g = L->g;
    pe_status st;

    if ((st = ind_header_read(L, &g->row[L->i])) != PE_OK)
        return st;
    L->seen_header = 1;
    L->blank_run = 0;
    for (L->i++; L->i < g->nrows; L->i++) {
        const pe_grid_row *r = &g->row[L->i];

        if (row_empty(r))
            L->blank_run++;
        else if (ends_indicators(r))
            break;
        else if (ind_header_row(r))
            continue; /* the header again, after a page break */
        else if ((st = ind_row(L, r)) != PE_OK)
            return st;
    }
    L->blank_run = 0;
    return PE_OK;
}

/* ------------------------------------------------------------ the form */

/* "[361]中国共产党…" as the 主管部门及代码 cell prints it. */
static pe_status set_department(pe_project *p, const char *s)
{
    static const char *const brackets[][2] = {
        {"[", "]"}, {"【", "】"}, {"［", "］"}};

    for (size_t i = 0; i < NELEMS(brackets); i++) {
        const char *close;
        char *code;
        pe_status st;

        if (!starts(s, brackets[i][0]) || !(close = strstr(s, brackets[i][1])))
            continue;
        s += strlen(brackets[i][0]);
        code = malloc((size_t)(close - s) + 1);
        if (!code)
            return PE_ENOMEM;
        memcpy(code, s, (size_t)(close - s));
        code[close - s] = '\0';
        st = set_text(&p->dept_code, code);
        free(code);
        if (st != PE_OK)
            return st;
        return set_text(&p->dept, close + strlen(brackets[i][1]));
    }
    return set_text(&p->dept, s);
}

/* One row of the form above the indicators, or below them. */
static pe_status form_row(loader *L)
{
    const pe_grid_row *r = &L->g->row[L->i];
    pe_status st = PE_OK;

    for (size_t k = 0; k < r->n && st == PE_OK; k++) {
        switch (r->cell[k][0] ? role_of(r->cell[k]) : R_NONE) {
        case R_NAME:
            st = set_text(&L->p->name, value_after(r, k));
            break;
        case R_DEPT:
            st = set_department(L->p, value_after(r, k));
            break;
        case R_UNIT:
            st = set_text(&L->p->unit, value_after(r, k));
            break;
        case R_NOTE:
            st = set_text(&L->p->note, value_after(r, k));
            break;
        case R_FUNDS:
            L->seen_label = 1;
            return read_funds(L);
        case R_GOAL:
            L->seen_label = 1;
            return read_goal(L, k);
        case R_MAX:
        case R_TOTAL:
        case R_SUM:
        case R_GRADE:
            L->seen_label = 1;
            return read_totals(L, r);
        default:
            continue;
        }
        L->seen_label = 1;
    }
    if (!L->seen_label)
        title_row(L, r);
    L->i++;
    return st;
}

static pe_status read_form(loader *L)
{
    while (L->i < L->g->nrows) {
        pe_status st =
            ind_header_row(&L->g->row[L->i]) ? read_indicators(L) : form_row(L);
        if (st != PE_OK)
            return st;
    }
    return PE_OK;
}

/* Every text the rest of the library reads is a string, never NULL. */
static pe_status fill_blanks(pe_project *p)
{
    char **fields[] = {&p->name,           &p->dept_code,
                       &p->dept,           &p->unit,
                       &p->money_unit,     &p->goal,
                       &p->goal_actual,    &p->note,
                       &p->reported_grade, &p->funds.reported_rate};

    for (size_t i = 0; i < NELEMS(fields); i++)
        if (!*fields[i] && !(*fields[i] = pe_strdup_or_empty("")))
            return PE_ENOMEM;
    if (!p->money_unit[0] && set_text(&p->money_unit, "万元") != PE_OK)
        return PE_ENOMEM;
    if (p->funds.present && !p->funds.total.name &&
        !(p->funds.total.name = pe_strdup_or_empty("年度资金总额")))
        return PE_ENOMEM;
    return PE_OK;
}

static pe_status check_form(loader *L)
{
    if (!L->seen_header) {
        if (L->not_utf8_line)
            return fail(L, 0,
                        "no 绩效指标 header row (一级指标, 二级指标, "
                        "三级指标 ...); the file was read as GB18030 "
                        "because line %ld is not UTF-8",
                        L->not_utf8_line);
        return fail(L, 0,
                    "no 绩效指标 header row (一级指标, 二级指标, 三级指标 "
                    "...)");
    }
    if (L->p->nind == 0)
        return fail(L, L->header_line,
                    "the 绩效指标 table has no indicator rows");
    return PE_OK;
}

static int grid_empty(const pe_grid *g)
{
    for (size_t i = 0; i < g->nrows; i++)
        if (!row_empty(&g->row[i]))
            return 0;
    return 1;
}

/* ------------------------------------------------------------ entry */

pe_status pe_csv_delimiter_from_name(const char *name, char *out)
{
    static const struct {
        const char *name;
        char d;
    } names[] = {{",", ','},         {"comma", ','}, {";", ';'},
                 {"semicolon", ';'}, {"\t", '\t'},   {"tab", '\t'},
                 {"\\t", '\t'},      {"auto", 0}};

    for (size_t i = 0; name && i < NELEMS(names); i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].d;
            return PE_OK;
        }
    }
    return PE_EUSAGE;
}

static pe_status load_grid(loader *L, const pe_grid *g)
{
    pe_status st;

    L->g = g;
    if (grid_empty(g))
        return fail(L, 0,
                    "the file has no values, only empty lines and "
                    "delimiters");
    if ((st = read_form(L)) == PE_OK && (st = check_form(L)) == PE_OK)
        st = fill_blanks(L->p);
    return st;
}

static pe_status check_opts(const pe_csv_opts *o, const char *name,
                            pe_error *err)
{
    if (o->encoding != PE_ENC_AUTO && o->encoding != PE_ENC_UTF8 &&
        o->encoding != PE_ENC_GB18030) {
        pe_error_set(err, name, 0, 0, "unknown encoding %d", (int)o->encoding);
        return PE_EUSAGE;
    }
    if (o->delimiter && o->delimiter != ',' && o->delimiter != ';' &&
        o->delimiter != '\t') {
        pe_error_set(err, name, 0, 0,
                     "the delimiter must be a comma, a semicolon or a tab");
        return PE_EUSAGE;
    }
    return PE_OK;
}

static void free_loader(loader *L)
{
    free(L->l1);
    free(L->l2);
}

pe_status pe_project_load_csv(const char *buf, size_t len, const char *name,
                              pe_csv_opts *opts, pe_project **out,
                              pe_error *err)
{
    pe_csv_opts defaults = {PE_ENC_AUTO, 0, 0, PE_ENC_AUTO, 0};
    pe_csv_opts *o = opts ? opts : &defaults;
    loader L;
    pe_buf text = {0};
    pe_decoded info;
    pe_grid g = {NULL, 0};
    pe_status st;
    char delim;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.name = name;
    L.err = err;
    if ((st = check_opts(o, name, err)) != PE_OK)
        return st;
    if ((st = pe_text_decode(buf, len, o->encoding, name, &text, &info, err)) !=
        PE_OK) {
        pe_buf_free(&text);
        return st;
    }
    if (text.len == 0) {
        pe_buf_free(&text);
        return fail(&L, 0, "the file is empty");
    }
    delim = o->delimiter ? o->delimiter
                         : pe_grid_sniff_delimiter(text.data, text.len);
    st = pe_grid_parse(text.data, text.len, delim, name, &g, err);
    pe_buf_free(&text);
    if (st == PE_OK && !(L.p = pe_project_new(name)))
        st = PE_ENOMEM;
    L.not_utf8_line = info.not_utf8_line;
    if (st == PE_OK)
        st = load_grid(&L, &g);
    pe_grid_free(&g);
    free_loader(&L);
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    if (st != PE_OK) {
        pe_project_free(L.p);
        return st;
    }
    o->transcoded = info.transcoded;
    o->encoding_used = info.used;
    o->delimiter_used = delim;
    *out = L.p;
    return PE_OK;
}
