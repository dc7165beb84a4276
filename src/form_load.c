/*
 * The 附件1 form out of a grid of cells (form_load.h).
 *
 * The form is found by its labels, never by positions: provinces and years
 * print it with other words, other column orders, merged cells, extra
 * columns, two-row headers and blocks of their own (docs/rules.md,
 * "Reading a table").  What cannot be read is said, as a note, never
 * dropped without a word.
 */
#include "form_load.h"
#include "encoding.h"
#include "project.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOCOL ((size_t)-1)
#define KEYMAX 96   /* bytes of a label key; longer cells are not labels */
#define LABELMAX 16 /* characters of a label read by its words */

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
    R_NOTE, /* 说明, 偏差大或目标未完成原因分析: why the table falls short */
    R_REMARK /* 改进措施, 评价结论, 备注 ...: kept as the table says them */
};

static const struct label role_labels[] = {
    {"项目名称", R_NAME},
    {"主管部门", R_DEPT},
    {"主管部门及代码", R_DEPT},
    {"主管部门代码", R_DEPT},
    {"主管单位", R_DEPT},
    {"实施单位", R_UNIT},
    {"项目实施单位", R_UNIT},
    {"单位名称", R_UNIT},
    {"项目资金", R_FUNDS},
    {"资金情况", R_FUNDS},
    {"项目资金情况", R_FUNDS},
    {"预算执行情况", R_FUNDS},
    {"项目预算执行情况", R_FUNDS},
    {"资金执行情况", R_FUNDS},
    {"年度总体目标", R_GOAL},
    {"年度绩效目标", R_GOAL},
    {"总体目标", R_GOAL},
    {"项目年度目标", R_GOAL},
    {"项目年度目标完成情况", R_GOAL},
    {"年度总体目标完成情况", R_GOAL},
    {"目标完成情况", R_GOAL},
    {"总分值", R_MAX},
    {"总得分", R_TOTAL},
    {"自评总得分", R_TOTAL},
    {"自评总分", R_TOTAL},
    {"自评得分", R_TOTAL},
    {"总分", R_SUM},
    {"合计", R_SUM},
    {"总计", R_SUM},
    {"等级", R_GRADE},
    {"自评等级", R_GRADE},
    {"评价等级", R_GRADE},
    {"绩效等级", R_GRADE},
    {"自评结果", R_GRADE},
    {"说明", R_NOTE},
    {"偏差大或目标未完成原因分析", R_NOTE},
    {"未完成原因分析", R_NOTE},
    {"偏差原因分析", R_NOTE},
    {"改进措施及结果应用方案", R_REMARK},
    {"改进措施", R_REMARK},
    {"存在问题", R_REMARK},
    {"评价结论", R_REMARK},
    {"项目实施内容及过程概述", R_REMARK},
    {"单位主要负责人签批意见", R_REMARK},
    {"备注", R_REMARK},
    {"注", R_REMARK},
};

/* Signatures and footnotes under the table: they end the indicators. */
static const char *const footers[] = {
    "填表人",     "填报人",     "联系人", "联系电话", "单位负责人",
    "财务负责人", "项目负责人", "审核人", "填报日期", "填表日期",
    "注：",       "注:",        "备注"};

/* Columns of the 项目资金 block. */
enum fcol {
    F_INITIAL,
    F_BUDGET,
    F_EXEC,
    F_WEIGHT,
    F_RATE,
    F_SCORE,
    F_REASON,
    F_NAME, /* the heading over the row names: 年度预算数(万元) */
    F_N
};

static const struct label fund_labels[] = {
    {"年初预算数", F_INITIAL},  {"年初预算", F_INITIAL},
    {"年初数", F_INITIAL},      {"全年预算数", F_BUDGET},
    {"全年预算", F_BUDGET},     {"调整后预算数", F_BUDGET},
    {"调整后预算", F_BUDGET},   {"预算数", F_BUDGET},
    {"年度预算数", F_BUDGET},   {"全年执行数", F_EXEC},
    {"预算执行数", F_EXEC},     {"全年实际执行数", F_EXEC},
    {"执行数", F_EXEC},         {"实际执行数", F_EXEC},
    {"实际支出数", F_EXEC},     {"分值", F_WEIGHT},
    {"资金执行分值", F_WEIGHT}, {"权重", F_WEIGHT},
    {"执行率", F_RATE},         {"预算执行率", F_RATE},
    {"资金执行率", F_RATE},     {"预算执行进度", F_RATE},
    {"得分", F_SCORE},          {"资金执行得分", F_SCORE},
    {"全年执行", F_EXEC},       {"得分计算方法", F_NAME},
    {"原因", F_REASON},         {"偏差原因", F_REASON},
};

static const char *const fund_need[F_N] = {
    [F_EXEC] = "全年执行数 (全年执行数, 预算执行数, 执行数)",
    [F_BUDGET] = "全年预算数 (全年预算数, 调整后预算数, 预算数)"};

/* Names of the 年度资金总额 row; any other named row is a 其中 row. */
static const char *const fund_totals[] = {
    "年度资金总额", "资金总额", "年度资金合计",    "合计",
    "总计",         "总额",     "年度财政资金总额"};

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
    {"年初目标值", I_TARGET},
    {"全年目标值", I_TARGET},
    {"年初指标值", I_TARGET},
    {"预期指标值", I_TARGET},
    {"实际完成值", I_ACTUAL},
    {"全年实际完成值", I_ACTUAL},
    {"全年实际值", I_ACTUAL},
    {"实际值", I_ACTUAL},
    {"完成值", I_ACTUAL},
    {"年终完成值", I_ACTUAL},
    {"全年完成值", I_ACTUAL},
    {"分值", I_WEIGHT},
    {"权重", I_WEIGHT},
    {"指标分值", I_WEIGHT},
    {"得分", I_SCORE},
    {"自评得分", I_SCORE},
    {"自评分", I_SCORE},
    {"偏差原因分析及改进措施", I_REASON},
    {"偏差原因分析", I_REASON},
    {"未完成原因分析", I_REASON},
    {"未完成原因分析及改进措施", I_REASON},
    {"原因分析及改进措施", I_REASON},
    {"未完成原因及拟采取的改进措施", I_REASON},
    {"指标性质", I_CMP},
    {"符号", I_CMP},
    {"度量单位", I_UNIT},
    {"计量单位", I_UNIT},
    {"单位", I_UNIT},
    {"得分计算方法", I_SKIP},
    {"评分标准", I_SKIP},
    {"计分方法", I_SKIP},
    {"评价标准及依据", I_SKIP},
    {"指标解释", I_SKIP},
    {"指标说明", I_SKIP},
    {"绩效指标", I_SKIP},
    {"序号", I_SKIP},
    {"备注", I_SKIP},
};

/* What a missing column is called in messages. */
static const char *const ind_name[I_N] = {
    [I_L1] = "一级指标",       [I_L2] = "二级指标",
    [I_NAME] = "三级指标",     [I_TARGET] = "指标值",
    [I_ACTUAL] = "实际完成值", [I_WEIGHT] = "分值",
    [I_SCORE] = "得分",        [I_REASON] = "偏差原因分析及改进措施",
    [I_CMP] = "指标性质",      [I_UNIT] = "度量单位"};

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

static int ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Characters in s. */
static size_t u8chars(const char *s)
{
    size_t n = 0;

    for (; *s; s += u8len(s))
        n++;
    return n;
}

/* "一、", "四、", "1.", "2、": the numbering of a section in front of its
 * label. */
static const char *skip_numbering(const char *s)
{
    static const char *const numerals[] = {"一", "二", "三", "四", "五",
                                           "六", "七", "八", "九", "十"};
    const char *q = s;

    if (*q >= '0' && *q <= '9') {
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q == '.' || *q == ' ')
            return q + 1;
        return starts(q, "、") || starts(q, "．") ? q + 3 : s;
    }
    for (;;) {
        size_t i;

        for (i = 0; i < NELEMS(numerals); i++)
            if (starts(q, numerals[i]))
                break;
        if (i == NELEMS(numerals))
            break;
        q += 3;
    }
    return q != s && starts(q, "、") ? q + 3 : s;
}

/*
 * A cell's label key: its text without spaces and line breaks, bracketed
 * remarks ("（万元）", "(A)", "(预算执行数/全年预算数)"), section numbers
 * ("四、") and a trailing colon, so that the many printings of one label
 * compare equal.  Empty when the cell is too long to be a label.
 */
static void label_key(const char *s, char *out)
{
    size_t n = 0;
    int depth = 0;

    for (s = skip_numbering(s); *s; s += u8len(s)) {
        size_t k = u8len(s);

        if (*s == '(' || starts(s, "（"))
            depth++;
        else if (*s == ')' || starts(s, "）"))
            depth -= depth > 0;
        else if (depth == 0 && *s != ' ' && *s != '\t' && *s != '\n' &&
                 *s != '\r' && !starts(s, "\xE3\x80\x80") &&
                 !starts(s, "\xC2\xA0")) {
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

static int lookup_key(const struct label *t, size_t n, const char *key)
{
    for (size_t i = 0; key[0] && i < n; i++)
        if (strcmp(key, t[i].key) == 0)
            return t[i].id;
    return -1;
}

static int lookup(const struct label *t, size_t n, const char *cell)
{
    char key[KEYMAX];

    label_key(cell, key);
    return lookup_key(t, n, key);
}

static int role_of(const char *cell)
{
    int r = lookup(role_labels, NELEMS(role_labels), cell);

    return r < 0 ? R_NONE : r;
}

/* A header word read by what it says rather than by a list: "单项指标实际
 * 完成值", "权重占比", "未完成原因和改进措施".  Short keys only: a long
 * text that happens to hold 原因 is not a column label. */
static int ind_role_by_words(const char *key)
{
    if (!key[0] || u8chars(key) > LABELMAX)
        return -1;
    if (strstr(key, "折算") || strstr(key, "计算") || strstr(key, "方法") ||
        strstr(key, "标准") || strstr(key, "依据") || strstr(key, "规则"))
        return I_SKIP;
    if (strstr(key, "原因"))
        return I_REASON;
    if (strstr(key, "得分") || ends(key, "评分"))
        return I_SCORE;
    if (strstr(key, "分值") || strstr(key, "权重"))
        return I_WEIGHT;
    if (ends(key, "完成值") || ends(key, "实际值") || ends(key, "实际数") ||
        ((strstr(key, "实际") || strstr(key, "完成")) && ends(key, "值")))
        return I_ACTUAL;
    if (ends(key, "目标值") || ends(key, "指标值"))
        return I_TARGET;
    if (strstr(key, "性质"))
        return I_CMP;
    if (ends(key, "完成情况"))
        return I_SKIP;
    return -1;
}

static int ind_role(const char *key)
{
    int id = lookup_key(ind_labels, NELEMS(ind_labels), key);

    return id >= 0 ? id : ind_role_by_words(key);
}

static int fund_role(const char *key)
{
    int id = lookup_key(fund_labels, NELEMS(fund_labels), key);

    if (id >= 0 || !key[0] || u8chars(key) > LABELMAX)
        return id;
    if (strstr(key, "方法") || strstr(key, "标准"))
        return F_NAME; /* read by people */
    if (strstr(key, "原因"))
        return F_REASON;
    if (strstr(key, "执行率") || strstr(key, "执行进度"))
        return F_RATE;
    if (strstr(key, "得分"))
        return F_SCORE;
    if (strstr(key, "分值") || strstr(key, "权重"))
        return F_WEIGHT;
    if (ends(key, "执行数") || ends(key, "支出数") || ends(key, "执行"))
        return F_EXEC;
    if (strstr(key, "年初") && (ends(key, "预算数") || ends(key, "预算")))
        return F_INITIAL;
    if (ends(key, "预算数") || ends(key, "预算"))
        return F_BUDGET;
    return -1;
}

/* A label that heads the indicator block rather than a column:
 * "绩效指标", "年度绩效目标（80分）", "四、年度绩效指标完成情况". */
static int section_label(const char *key)
{
    return key[0] && u8chars(key) <= 2 * LABELMAX &&
           (strstr(key, "绩效") || strstr(key, "指标完成情况") ||
            strstr(key, "目标自评"));
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

/* "/", "—", "无", "不适用": a cell that says the row does not apply. */
static int not_applicable(const char *s)
{
    return is_placeholder(s) || strcmp(s, "无") == 0 ||
           strcmp(s, "不适用") == 0 || strcmp(s, "不涉及") == 0;
}

/* ------------------------------------------------------------ closeness */

/* Code points of s, at most max. */
static size_t codepoints(const char *s, unsigned *cp, size_t max)
{
    size_t n = 0;

    for (; *s && n < max; s += u8len(s)) {
        const unsigned char *u = (const unsigned char *)s;
        size_t k = u8len(s);
        unsigned c = k == 1 ? u[0] : u[0] & (0x3Fu >> (k - 1));

        for (size_t i = 1; i < k; i++)
            c = (c << 6) | (u[i] & 0x3Fu);
        cp[n++] = c;
    }
    return n;
}

/* The edit distance between two short labels, in characters. */
static size_t distance(const char *a, const char *b)
{
    unsigned x[KEYMAX], y[KEYMAX];
    size_t m = codepoints(a, x, KEYMAX), n = codepoints(b, y, KEYMAX);
    size_t row[KEYMAX + 1];

    for (size_t j = 0; j <= n; j++)
        row[j] = j;
    for (size_t i = 1; i <= m; i++) {
        size_t diag = row[0];

        row[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t up = row[j], best = diag + (x[i - 1] != y[j - 1]);

            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[n];
}

/* The known label of t closest to key; *d its distance. */
static const struct label *closest(const struct label *t, size_t n,
                                   const char *key, size_t *d)
{
    const struct label *best = NULL;

    *d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t k = distance(key, t[i].key);

        if (k < *d) {
            *d = k;
            best = &t[i];
        }
    }
    return best;
}

/* A misspelling rather than another word: one character off in a short
 * label, two in a long one (一极指标, 偏差原困分析). */
static int misspelt(const char *key, size_t d)
{
    size_t n = u8chars(key);

    return n >= 3 && (d == 1 || (d == 2 && n >= 6));
}

/* ------------------------------------------------------------ loader */

/* What a header column is, for the note about a column not read. */
enum { COL_UNLABELLED, COL_READ, COL_NOTED, COL_SKIPPED };

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
    int any_value; /* some row has a 分值 or a 得分 */
    /* the header's columns: label, text, and what was said of them */
    char (*hkey)[KEYMAX], (*htext)[KEYMAX];
    char *hstate; /* COL_* */
    size_t hwidth;
    char section[KEYMAX]; /* the last section label whose points counted */
    /* merged 一级/二级 cells carry down */
    char *l1, *l2;
    size_t blank_run; /* empty rows not yet known to lie inside the table */
    long not_utf8_line;
    pe_status st; /* the first failure to add a note */
} loader;

static pe_status fail(loader *L, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 3, 4)))
#endif
    ;

static pe_status fail(loader *L, long line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    pe_error_setv(L->err, L->name, line, 0, NULL, NULL, fmt, ap);
    va_end(ap);
    return PE_EDATA;
}

#define NOTE(L, sev, code, row, line, ...)                                     \
    do {                                                                       \
        pe_status nst_ =                                                       \
            pe_project_add_note((L)->p, sev, code, row, line, __VA_ARGS__);    \
        if (nst_ != PE_OK)                                                     \
            (L)->st = nst_;                                                    \
    } while (0)

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

static size_t count_filled(const pe_grid_row *r)
{
    size_t n = 0;

    for (size_t k = 0; k < r->n; k++)
        n += r->cell[k][0] != '\0';
    return n;
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

static pe_status set_text_n(char **field, const char *s, size_t n)
{
    char *d = malloc(n + 1);
    pe_status st;

    if (!d)
        return PE_ENOMEM;
    memcpy(d, s, n);
    d[n] = '\0';
    st = set_text(field, d);
    free(d);
    return st;
}

/* Append s to *field, a line apart: texts printed over several rows. */
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

/* "F12": a worksheet cell's name, for messages. */
static const char *cell_name(long line, size_t col, char buf[32])
{
    char letters[8];
    size_t n = 0, c = col + 1;

    while (c && n < sizeof letters) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (size_t i = 0; i < n / 2; i++) {
        char t = letters[i];
        letters[i] = letters[n - 1 - i];
        letters[n - 1 - i] = t;
    }
    snprintf(buf, 32, "%.*s%ld", (int)n, letters, line);
    return buf;
}

/* A decimal cell: 分值, 得分, 总分值.  Blank or a dash is absent. */
static pe_status read_dec(loader *L, const pe_grid_row *r, size_t col,
                          const char *label, int money, pe_opt_dec *out)
{
    const char *s = cell(r, col);
    char at[32];
    pe_cell c;
    pe_status st;
    int unit_ok;

    out->present = 0;
    if (!s[0] || is_placeholder(s))
        return PE_OK;
    st = pe_cell_parse(s, strlen(s), &c);
    if (st == PE_ERANGE)
        return L->g->sheet
                   ? fail(L, r->line, "cell %s: %s \"%s\" has too many digits",
                          cell_name(r->line, col, at), label, s)
                   : fail(L, r->line, "%s \"%s\" has too many digits", label,
                          s);
    unit_ok = st == PE_OK &&
              (!c.unit[0] || strcmp(c.unit, money ? "万元" : "分") == 0 ||
               (money && strcmp(c.unit, "元") == 0));
    if (!unit_ok || c.kind != PE_CELL_NUMBER || c.cmp != PE_CMP_NONE ||
        c.percent)
        return L->g->sheet
                   ? fail(L, r->line, "cell %s: %s \"%s\" is not a number",
                          cell_name(r->line, col, at), label, s)
                   : fail(L, r->line, "%s \"%s\" is not a number", label, s);
    out->v = c.value;
    out->present = 1;
    return PE_OK;
}

/* Does s read as a plain number (a weight, a score, an amount)? */
static int numeric(const char *s)
{
    pe_dec v;
    int present;

    return s[0] && pe_number_cell(s, 1, &v, &present) == PE_OK && present;
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

/* "（2021年度）", "（2022 年度）" (a PDF's spacing) or
 * "2021年度项目支出绩效自评表". */
static int year_in(const char *s)
{
    for (; *s; s++) {
        const char *after = s + 4;

        if (!(s[0] >= '1' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
              s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9'))
            continue;
        while (*after == ' ')
            after++;
        if (starts(after, "年")) {
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
        if (strstr(r->cell[k], "年度"))
            L->p->year = year_in(r->cell[k]);
}

/*
 * "单位名称：某局 填报日期：2023年4月15日": a label and its value in one
 * cell.  Returns the label's role (R_NONE when the text before the colon
 * is not one) and the value's extent, cut where another label begins.
 */
static int inline_label(const char *s, const char **val, size_t *len)
{
    const char *colon = strstr(s, "：");
    const char *ascii = strchr(s, ':');
    char text[KEYMAX], key[KEYMAX];
    size_t n;
    int role;

    if (!colon || (ascii && ascii < colon))
        colon = ascii;
    if (!colon || (size_t)(colon - s) >= KEYMAX)
        return R_NONE;
    memcpy(text, s, (size_t)(colon - s));
    text[colon - s] = '\0';
    label_key(text, key);
    role = lookup_key(role_labels, NELEMS(role_labels), key);
    if (role < 0)
        return R_NONE;
    *val = colon + (*colon == ':' ? 1 : 3);
    while (**val == ' ')
        (*val)++;
    n = strlen(*val);
    for (size_t i = 0; i < NELEMS(footers); i++) {
        const char *q = strstr(*val, footers[i]);

        if (q && q > *val && (size_t)(q - *val) < n)
            n = (size_t)(q - *val);
    }
    while (n && ((*val)[n - 1] == ' '))
        n--;
    *len = n;
    return role;
}

/* ------------------------------------------------------------ funds */

typedef struct fund_header {
    size_t col[F_N];
    char label[F_N][KEYMAX];
    size_t first; /* leftmost amount column */
    size_t width;
    long line;
    pe_opt_dec points; /* "(20分)" in the block's label or its 得分 */
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

static int ends_block(const pe_grid_row *r, int own);

/*
 * Where a label claims a column more than once ("年度预算数" over the row
 * names and "调整后预算数" over the money), the column that holds the
 * numbers in the rows below is the one meant.  Counts the number cells of
 * column col from row `from` to the end of the block.
 */
static size_t numbers_below(const loader *L, size_t from, int own, size_t col)
{
    size_t n = 0;

    for (size_t i = from; i < L->g->nrows && !ends_block(&L->g->row[i], own);
         i++)
        n += numeric(cell(&L->g->row[i], col)) ? 1u : 0u;
    return n;
}

/* The funds header's labels perfeval does not know, once the block is
 * known to be readable: a warning each, with the closest known label. */
static pe_status unknown_fund_labels(loader *L, const pe_grid_row *r)
{
    for (size_t k = 1; k < r->n; k++) {
        char key[KEYMAX];
        size_t d;
        const struct label *near;

        label_key(r->cell[k], key);
        if (!key[0] || fund_role(key) >= 0 || role_of(r->cell[k]) != R_NONE)
            continue;
        near = closest(fund_labels, NELEMS(fund_labels), key, &d);
        if (near && d <= u8chars(key) / 2)
            NOTE(L, PE_SEV_WARNING, "unknown-column", 0, r->line,
                 "%s: not a column perfeval knows; did you mean %s?",
                 "%s：无法识别的列名，是否应为%s？", r->cell[k], near->key);
        else
            NOTE(L, PE_SEV_WARNING, "unknown-column", 0, r->line,
                 "%s: not a column perfeval knows; it is not read",
                 "%s：无法识别的列名，未读取该列", r->cell[k]);
    }
    return L->st;
}

static pe_status fund_header_read(loader *L, const pe_grid_row *r,
                                  fund_header *h)
{
    h->first = NOCOL;
    h->width = 0;
    h->line = r->line;
    h->points.present = 0;
    for (int c = 0; c < F_N; c++)
        h->col[c] = NOCOL;
    for (size_t k = 0; k < r->n; k++) {
        char key[KEYMAX];
        int id;

        if (!r->cell[k][0])
            continue;
        h->width = k + 1;
        label_key(r->cell[k], key);
        id = role_of(r->cell[k]) == R_FUNDS ? -1 : fund_role(key);
        if (!h->points.present &&
            (role_of(r->cell[k]) == R_FUNDS || id == F_SCORE || id == F_WEIGHT))
            h->points.present = pe_label_points(r->cell[k], &h->points.v);
        if (id < 0)
            continue;
        if (h->col[id] != NOCOL) {
            /* the one with numbers below it */
            size_t a = numbers_below(L, L->i + 1, R_FUNDS, h->col[id]),
                   b = numbers_below(L, L->i + 1, R_FUNDS, k);

            if (b <= a)
                continue;
        }
        h->col[id] = k;
        snprintf(h->label[id], KEYMAX, "%s", key);
    }
    for (int c = 0; c < F_N; c++)
        if (c != F_NAME && c != F_REASON && h->col[c] != NOCOL &&
            h->col[c] < h->first)
            h->first = h->col[c];
    if (h->col[F_BUDGET] == NOCOL && h->col[F_INITIAL] != NOCOL &&
        h->col[F_EXEC] != NOCOL)
        return unknown_fund_labels(L, r);
    for (int c = 0; c < F_N; c++)
        if (fund_need[c] && h->col[c] == NOCOL) {
            NOTE(L, PE_SEV_WARNING, "funds-unread", 0, r->line,
                 "the 项目资金 block has no %s column: its amounts are not "
                 "read and the funds are not scored",
                 "项目资金表头无%s列：未读取资金数据，资金执行不计分",
                 fund_need[c]);
            return PE_EDATA;
        }
    return unknown_fund_labels(L, r);
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
    return ends(key, "资金总额");
}

static pe_status fund_amounts(loader *L, const pe_grid_row *r,
                              const fund_header *h, pe_fund_row *f)
{
    pe_status st;

    f->line = r->line;
    if ((st = read_dec(L, r, h->col[F_INITIAL], h->label[F_INITIAL], 1,
                       &f->initial)) != PE_OK ||
        (st = read_dec(L, r, h->col[F_BUDGET], h->label[F_BUDGET], 1,
                       &f->budget)) != PE_OK ||
        (st = read_dec(L, r, h->col[F_EXEC], h->label[F_EXEC], 1,
                       &f->executed)) != PE_OK)
        return st;
    return PE_OK;
}

/* A name without its trailing colon: "年度资金总额：". */
static pe_status set_fund_name(char **field, const char *s)
{
    size_t n = strlen(s);

    while (n && s[n - 1] == ':')
        n--;
    while (n >= 3 && memcmp(s + n - 3, "：", 3) == 0)
        n -= 3;
    return set_text_n(field, s, n);
}

static pe_status fund_total(loader *L, const pe_grid_row *r,
                            const fund_header *h, const char *name)
{
    pe_funds *f = &L->p->funds;
    pe_status st;

    if ((name[0] && (st = set_fund_name(&f->total.name, name)) != PE_OK) ||
        (st = fund_amounts(L, r, h, &f->total)) != PE_OK ||
        (st = read_dec(L, r, h->col[F_WEIGHT], h->label[F_WEIGHT], 0,
                       &f->weight)) != PE_OK ||
        (st = read_dec(L, r, h->col[F_SCORE], h->label[F_SCORE], 0,
                       &f->reported)) != PE_OK ||
        (st = set_text(&f->reported_rate, cell(r, h->col[F_RATE]))) != PE_OK)
        return st;
    /* the 20/80 form gives the block's weight in its label only */
    if (!f->weight.present && h->points.present)
        f->weight = h->points;
    if (h->col[F_REASON] != NOCOL &&
        (st = append_line(&L->p->note, cell(r, h->col[F_REASON]))) != PE_OK)
        return st;
    f->present = 1;
    return PE_OK;
}

static pe_status fund_part(loader *L, const pe_grid_row *r,
                           const fund_header *h, const char *name)
{
    pe_funds *f = &L->p->funds;
    pe_fund_row *row;
    pe_opt_dec w, s;
    pe_status st;

    {
        pe_fund_row *grown =
            pe_grow(f->parts, &L->partcap, f->nparts + 1, sizeof *grown, 4);

        if (!grown)
            return PE_ENOMEM;
        f->parts = grown;
    }
    row = &f->parts[f->nparts++];
    memset(row, 0, sizeof *row);
    if ((st = set_fund_name(&row->name, name)) != PE_OK ||
        (st = fund_amounts(L, r, h, row)) != PE_OK ||
        (st = read_dec(L, r, h->col[F_WEIGHT], h->label[F_WEIGHT], 0, &w)) !=
            PE_OK ||
        (st = read_dec(L, r, h->col[F_SCORE], h->label[F_SCORE], 0, &s)) !=
            PE_OK)
        return st;
    if (w.present || s.present)
        NOTE(L, PE_SEV_INFO, "funds-part-score", 0, r->line,
             "%s: a 其中 row repeats 分值 or 得分; only 年度资金总额 is scored",
             "%s：其中行重复填写了分值或得分，仅按年度资金总额计分", row->name);
    return PE_OK;
}

static int ind_header_row(const pe_grid_row *r);
static int label_row(const pe_grid_row *r, size_t *mapped);

/* A row that starts another part of the form and so ends the block of
 * role `own`, whose label may repeat down the block where cells were not
 * merged.  In the funds block, 合计 names a row. */
static int ends_block(const pe_grid_row *r, int own)
{
    size_t first = first_filled(r), mapped;
    char key[KEYMAX];

    /* the upper half of a two-row 绩效指标 header, "绩效指标 | | 年度指标值" */
    if (first != NOCOL) {
        label_key(r->cell[first], key);
        if (section_label(key) && label_row(r, &mapped) && mapped >= 2)
            return 1;
    }
    for (size_t k = 0; k < r->n; k++) {
        int role = r->cell[k][0] ? role_of(r->cell[k]) : R_NONE;

        if (own == R_FUNDS && role == R_SUM && is_fund_total(r->cell[k]))
            continue;
        if ((role != R_NONE && role != own) || is_footer(r->cell[k]))
            return 1;
    }
    return ind_header_row(r);
}

/* Skip the rows of a block that could not be read, up to the next one. */
static void skip_block(loader *L, int own)
{
    for (L->i++; L->i < L->g->nrows && !ends_block(&L->g->row[L->i], own);
         L->i++)
        ;
}

static pe_status read_funds(loader *L)
{
    const pe_grid *g = L->g;
    fund_header h;
    pe_status st;
    int total = 0;

    if (L->p->funds.present || L->p->funds.nparts) {
        NOTE(L, PE_SEV_WARNING, "funds-unread", 0, g->row[L->i].line,
             "a second 项目资金 block: only the first is read",
             "第二个项目资金表：仅读取第一个");
        skip_block(L, R_FUNDS);
        return L->st;
    }
    if (fund_header_read(L, &g->row[L->i], &h) != PE_OK) {
        skip_block(L, R_FUNDS);
        return L->st;
    }
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
        if (!total && (is_fund_total(name) || !name[0])) {
            /* the municipal form's one row carries no name */
            total = 1;
            st = fund_total(L, r, &h, name);
        } else if (!name[0]) {
            NOTE(L, PE_SEV_WARNING, "funds-unread", 0, r->line,
                 "a 项目资金 row with amounts but no name: not read",
                 "项目资金中有金额但无名称的行：未读取");
            st = PE_OK;
        } else {
            st = fund_part(L, r, &h, name);
        }
        if (st != PE_OK)
            return st;
    }
    if (!total && L->p->funds.nparts) {
        /* no 年度资金总额: the first row stands for the block */
        pe_funds *f = &L->p->funds;

        NOTE(L, PE_SEV_WARNING, "funds-no-total", 0, h.line,
             "the 项目资金 block has no 年度资金总额 row: %s is read as the "
             "total",
             "项目资金无年度资金总额行：以%s作为合计", f->parts[0].name);
        f->total = f->parts[0];
        memmove(f->parts, f->parts + 1, --f->nparts * sizeof *f->parts);
        if (!f->weight.present && h.points.present)
            f->weight = h.points;
        f->present = 1;
    }
    return L->st;
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
    "实际完成情况",         "目标实际完成情况", "全年实际完成情况",
    "总体目标完成情况",     "实际完成",         "年度总体目标完成情况综述",
    "年度总体目标完成情况", "年度目标完成情况", "具体完成情况",
    "目标完成情况"};

/* The heading over the actual texts, right of the block's label. */
static size_t actual_col(const pe_grid_row *r, size_t label_col)
{
    char key[KEYMAX];

    for (size_t k = label_col + 1; k < r->n; k++) {
        label_key(r->cell[k], key);
        for (size_t i = 0; key[0] && i < NELEMS(goal_actual_labels); i++)
            if (strcmp(key, goal_actual_labels[i]) == 0)
                return k;
    }
    return NOCOL;
}

/* The first text in columns [from, to) that is not a label. */
static const char *first_in(const pe_grid_row *r, size_t from, size_t to)
{
    for (size_t k = from; k < to && k < r->n; k++)
        if (r->cell[k][0] && role_of(r->cell[k]) == R_NONE)
            return r->cell[k];
    return "";
}

/*
 * "年度总体目标 | 预期目标 | 实际完成情况" (or "年度绩效目标 | | 目标实际
 * 完成情况") heads the texts on the rows below, in those columns; with no
 * such heading the texts follow the label on its own row.  A label with
 * points, "年度绩效目标（80分）", gives the indicators' share.
 */
static pe_status read_goal(loader *L, size_t label_col)
{
    const pe_grid *g = L->g;
    const pe_grid_row *r = &g->row[L->i];
    size_t a = actual_col(r, label_col);
    pe_project *p = L->p;
    pe_status st;
    pe_dec pts;

    if (pe_label_points(r->cell[label_col], &pts)) {
        p->ind_weight.present = 1;
        p->ind_weight.v = pts;
        label_key(r->cell[label_col], L->section);
    }
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

/* ------------------------------------------------------------ indicators */

static int ind_header_row(const pe_grid_row *r)
{
    int has[I_N] = {0};

    for (size_t k = 0; k < r->n; k++) {
        char key[KEYMAX];
        int id;

        label_key(r->cell[k], key);
        if ((id = lookup_key(ind_labels, NELEMS(ind_labels), key)) >= 0)
            has[id] = 1;
    }
    return has[I_NAME] && (has[I_L1] || has[I_L2]);
}

/* A row of column labels only (no numbers, every cell a label perfeval
 * reads): the upper or lower half of a two-row header. */
static int label_row(const pe_grid_row *r, size_t *mapped)
{
    *mapped = 0;
    for (size_t k = 0; k < r->n; k++) {
        char key[KEYMAX];
        int id;

        if (!r->cell[k][0])
            continue;
        label_key(r->cell[k], key);
        if (numeric(r->cell[k]))
            return 0;
        id = ind_role(key);
        if (id < 0 && !section_label(key))
            return 0;
        *mapped += id >= 0 && id != I_SKIP;
    }
    return 1;
}

/*
 * The header's label of each column.  A two-row header ("年度指标值" over
 * 指标性质 | 指标值 | 度量单位, "自评得分" over 单项指标得分 | 权重占比)
 * is merged: a lower label wins, an upper one fills its column and, where
 * it spans sub-labels, the blank columns under it.  Returns the number of
 * header rows below the first (0 or 1).
 */
static size_t header_keys(loader *L, char (*key)[KEYMAX], char (*text)[KEYMAX],
                          size_t width)
{
    const pe_grid *g = L->g;
    const pe_grid_row *main = &g->row[L->i], *top = NULL, *sub = NULL;
    size_t mapped;

    if (L->i > 0 && label_row(&g->row[L->i - 1], &mapped) && mapped >= 2)
        top = &g->row[L->i - 1];
    if (L->i + 1 < g->nrows && label_row(&g->row[L->i + 1], &mapped) &&
        mapped >= 1 && !ind_header_row(&g->row[L->i + 1])) {
        top = main;
        sub = &g->row[L->i + 1];
    } else {
        sub = main;
    }
    for (size_t k = 0; k < width; k++) {
        const char *s = cell(sub, k);

        if (!s[0] && top) {
            s = cell(top, k);
            /* a blank under a spanning upper label: the label's own */
            for (size_t j = k; !s[0] && j-- > 0;) {
                if (cell(top, j)[0]) {
                    int spans = 0;

                    for (size_t m = j; m < width && !spans; m++)
                        spans = m != k && cell(sub, m)[0] &&
                                (m < k || !cell(top, m)[0]);
                    if (spans)
                        s = cell(top, j);
                    break;
                }
            }
        }
        snprintf(text[k], KEYMAX, "%s", s);
        label_key(s, key[k]);
    }
    return sub != main;
}

/* Warn about a header label perfeval does not know; adopt it when it is a
 * plain misspelling of a column the header lacks. */
static int unknown_label(loader *L, const char *text, const char *key,
                         long line, const int *taken)
{
    size_t d;
    const struct label *near = closest(ind_labels, NELEMS(ind_labels), key, &d);

    if (near && misspelt(key, d) && !taken[near->id] && near->id != I_SKIP) {
        NOTE(L, PE_SEV_WARNING, "unknown-column", -1, line,
             "%s: not a column perfeval knows; did you mean %s? (read as %s)",
             "%s：无法识别的列名，是否应为%s？（已按%s读取）", text, near->key,
             near->key);
        return near->id;
    }
    if (near && d <= u8chars(key) / 2)
        NOTE(L, PE_SEV_WARNING, "unknown-column", -1, line,
             "%s: not a column perfeval knows; did you mean %s?",
             "%s：无法识别的列名，是否应为%s？", text, near->key);
    else
        NOTE(L, PE_SEV_WARNING, "unknown-column", -1, line,
             "%s: not a column perfeval knows; it is not read",
             "%s：无法识别的列名，未读取该列", text);
    return -1;
}

/* Rows of the indicator block from row `from`, for numbers_below(). */
static size_t ind_numbers_below(const loader *L, size_t from, size_t col)
{
    size_t n = 0;

    for (size_t i = from; i < L->g->nrows; i++) {
        const pe_grid_row *r = &L->g->row[i];
        size_t k = first_filled(r);

        if (k != NOCOL &&
            (role_of(r->cell[k]) != R_NONE || is_footer(r->cell[k])))
            break;
        n += numeric(cell(r, col)) ? 1u : 0u;
    }
    return n;
}

static void free_header(loader *L)
{
    free(L->hkey);
    free(L->htext);
    free(L->hstate);
    L->hkey = NULL, L->htext = NULL, L->hstate = NULL;
    L->hwidth = 0;
}

static pe_status ind_header_read(loader *L)
{
    const pe_grid_row *r = &L->g->row[L->i];
    size_t width = r->n, extra;
    int taken[I_N] = {0};
    pe_dec pts;

    if (L->i + 1 < L->g->nrows && L->g->row[L->i + 1].n > width)
        width = L->g->row[L->i + 1].n;
    if (L->i > 0 && L->g->row[L->i - 1].n > width)
        width = L->g->row[L->i - 1].n;
    free_header(L);
    L->hkey = calloc(width ? width : 1, sizeof *L->hkey);
    L->htext = calloc(width ? width : 1, sizeof *L->htext);
    L->hstate = calloc(width ? width : 1, 1);
    if (!L->hkey || !L->htext || !L->hstate)
        return PE_ENOMEM;
    L->hwidth = width;
    extra = header_keys(L, L->hkey, L->htext, width);
    for (int c = 0; c < I_N; c++)
        L->icol[c] = NOCOL;
    L->iwidth = 0;
    L->header_line = r->line;
    for (size_t k = 0; k < width; k++) {
        const char *key = L->hkey[k], *text = L->htext[k];
        int id;

        if (!key[0] && !text[0])
            continue;
        L->iwidth = k + 1;
        L->hstate[k] = COL_NOTED;
        id = ind_role(key);
        if (id < 0 && section_label(key)) {
            /* "年度绩效目标1（40分）": the block's share, counted once */
            if (pe_label_points(text, &pts) && strcmp(L->section, key) != 0) {
                pe_opt_dec *w = &L->p->ind_weight;

                if (!w->present)
                    *w = (pe_opt_dec){1, pts};
                else if (pe_dec_add(w->v, pts, &w->v) != PE_OK)
                    w->present = 0; /* past a decimal: no block weight */
                snprintf(L->section, KEYMAX, "%s", key);
            }
            continue;
        }
        if (id < 0)
            id = unknown_label(L, text, key, r->line, taken);
        if (id == I_SKIP)
            L->hstate[k] = COL_SKIPPED;
        if (id < 0 || id == I_SKIP)
            continue;
        if (L->icol[id] != NOCOL) {
            size_t a = ind_numbers_below(L, L->i + 1 + extra, L->icol[id]),
                   b = ind_numbers_below(L, L->i + 1 + extra, k);
            int second_wins = (id == I_WEIGHT || id == I_SCORE) && b > a;

            NOTE(L, PE_SEV_WARNING, "duplicate-column", -1, r->line,
                 "%s: a second %s column (columns %zu and %zu); column %zu is "
                 "read",
                 "%s：%s列出现两次（第 %zu 列和第 %zu 列），读取第 %zu 列",
                 text, ind_name[id], L->icol[id] + 1, k + 1,
                 (second_wins ? k : L->icol[id]) + 1);
            if (!second_wins)
                continue;
            L->hstate[L->icol[id]] = COL_NOTED;
        }
        L->icol[id] = k;
        L->hstate[k] = COL_READ;
        taken[id] = 1;
        snprintf(L->iname[id], KEYMAX, "%s", key[0] ? key : text);
    }
    L->i += extra;
    if (L->icol[I_NAME] == NOCOL)
        return fail(L, r->line, "the 绩效指标 header has no 三级指标 column");
    if (L->icol[I_WEIGHT] == NOCOL && L->icol[I_SCORE] == NOCOL)
        return fail(L, r->line,
                    "the 绩效指标 header has neither a 分值 (分值, 权重) nor a "
                    "得分 column");
    for (int c = I_TARGET; c <= I_ACTUAL; c++)
        if (L->icol[c] == NOCOL)
            NOTE(L, PE_SEV_WARNING, "missing-column", -1, r->line,
                 "the 绩效指标 header has no %s column: each row stands on "
                 "its 得分",
                 "绩效指标表头无%s列：各行采用填报得分", ind_name[c]);
    if (L->icol[I_REASON] == NOCOL)
        L->p->no_reason_col = 1;
    return L->st;
}

/* Merged 一级/二级 cells: blank continues the row above; a new 一级 starts
 * its own 二级, blank or not.  Labels are kept as written: "产出指标(50分)"
 * keeps its weight, which the scorer checks against the rows under it. */
static pe_status carry_levels(loader *L, const char *l1, const char *l2)
{
    char *a = NULL, *b = NULL;

    if (!l1[0] && !l2[0])
        return PE_OK;
    if ((l1[0] && !(a = pe_strdup_or_empty(l1))) ||
        !(b = pe_strdup_or_empty(l2))) {
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
 * Only a bare number takes them: "≥60人" beside "≥" and "人" stays.  A
 * unit's bracketed remark goes: "%(百分比)" is "%". */
static pe_status combine(const char *cmp, const char *value, const char *unit,
                         char **out)
{
    const char *sym = "", *suffix = "";
    char ukey[KEYMAX];
    pe_cell c;
    size_t a, b, d;

    label_key(unit, ukey);
    if (pe_cell_parse(value, strlen(value), &c) == PE_OK &&
        c.kind == PE_CELL_NUMBER) {
        if (c.cmp == PE_CMP_NONE)
            sym = comparator(cmp);
        if (!c.unit[0] && !c.percent && !is_placeholder(ukey))
            suffix = ukey;
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
        pe_indicator *grown =
            pe_grow(p->ind, &L->indcap, p->nind + 1, sizeof *grown, 32);

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
    pe_opt_dec w;
    char buf[PE_DEC_BUFSIZE];
    pe_status st;

    if ((st = read_dec(L, r, L->icol[I_WEIGHT], L->iname[I_WEIGHT], 0, &w)) !=
            PE_OK ||
        (st = read_dec(L, r, L->icol[I_SCORE], L->iname[I_SCORE], 0,
                       &d->reported)) != PE_OK)
        return st;
    if (w.present && pe_dec_sign(w.v) < 0)
        return fail(L, r->line, "%s %s is negative", L->iname[I_WEIGHT],
                    pe_dec_format(w.v, buf));
    d->weight = w.present ? w.v : (pe_dec){0, 0};
    d->weight_set = w.present;
    d->line = r->line;
    L->any_value |= w.present || d->reported.present;
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
    const char *name = ic(L, r, I_NAME);

    return (pe_template_name(name) || is_placeholder(name)) &&
           !ic(L, r, I_TARGET)[0] && !ic(L, r, I_ACTUAL)[0] &&
           !ic(L, r, I_WEIGHT)[0] && !ic(L, r, I_SCORE)[0] &&
           !ic(L, r, I_REASON)[0];
}

/* "指标1:/", or every value cell "/", "—" or 无: the row does not apply.
 * *named is set when the row has a name of its own. */
static int ind_not_applicable(const loader *L, const pe_grid_row *r, int *named)
{
    static const int values[] = {I_TARGET, I_ACTUAL, I_WEIGHT, I_SCORE};
    const char *name = ic(L, r, I_NAME);
    const char *slash = strrchr(name, '/');
    int marked = 0;

    for (size_t k = 0; k < NELEMS(values); k++) {
        const char *s = ic(L, r, values[k]);

        if (s[0] && !not_applicable(s))
            return 0;
        marked |= s[0] != '\0';
    }
    /* "指标1:/": the template's name with the mark in it */
    if (slash && slash[1] == '\0' && slash > name &&
        (slash[-1] == ':' ||
         (slash - name >= 3 && memcmp(slash - 3, "：", 3) == 0)))
        marked = 1, *named = 0;
    else
        *named = name[0] && !pe_template_name(name);
    return marked;
}

/* "其中桃树种植面积": a part of the row above, with no 分值 or 得分. */
static int ind_sub_row(const loader *L, const pe_grid_row *r)
{
    return starts(ic(L, r, I_NAME), "其中") && !ic(L, r, I_WEIGHT)[0] &&
           !ic(L, r, I_SCORE)[0];
}

static pe_status ind_row(loader *L, const pe_grid_row *r)
{
    pe_indicator *d;
    pe_status st;
    int named = 0;

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
    if (ind_not_applicable(L, r, &named)) {
        L->p->skipped++;
        L->p->skipped_na++;
        if (named)
            NOTE(L, PE_SEV_INFO, "not-applicable", -1, r->line,
                 "%s: marked not applicable; not scored",
                 "%s：标注为不适用，不计分", ic(L, r, I_NAME));
        return L->st;
    }
    if (ind_sub_row(L, r)) {
        NOTE(L, PE_SEV_INFO, "sub-row", -1, r->line,
             "%s: a 其中 row of the row above, with no 分值 or 得分; not "
             "scored",
             "%s：上一指标的其中行，无分值和得分，不计分", ic(L, r, I_NAME));
        return L->st;
    }
    if (!ic(L, r, I_NAME)[0] && !ic(L, r, I_WEIGHT)[0] &&
        !ic(L, r, I_SCORE)[0]) {
        NOTE(L, PE_SEV_WARNING, "unread-row", -1, r->line,
             "a row with values but no 三级指标, 分值 or 得分: not read",
             "该行有数据但无三级指标、分值和得分：未读取");
        return L->st;
    }
    if (!(d = new_indicator(L)))
        return PE_ENOMEM;
    if ((st = ind_texts(L, r, d)) != PE_OK ||
        (st = ind_values(L, r, d)) != PE_OK)
        return st;
    if (!d->name[0] && (d->reported.present || d->target[0] || d->actual[0]))
        NOTE(L, PE_SEV_WARNING, "no-name", (long)L->p->nind, r->line,
             "row %zu has a 分值 or 得分 but no 三级指标; it is scored as it "
             "stands",
             "第 %zu 行有分值或得分但无三级指标，按原样计分", L->p->nind);
    return L->st;
}

/* A row that ends the indicators: 总分, 说明, a signature. */
static int ends_indicators(const pe_grid_row *r)
{
    size_t k = first_filled(r);
    const char *val;
    size_t len;

    return k != NOCOL &&
           (role_of(r->cell[k]) != R_NONE || is_footer(r->cell[k]) ||
            inline_label(r->cell[k], &val, &len) != R_NONE);
}

/* A label alone on its row inside the block: "年度绩效目标2（40分）". */
static int section_row(const pe_grid_row *r)
{
    size_t k = first_filled(r);
    char key[KEYMAX];

    if (k == NOCOL || count_filled(r) != 1)
        return 0;
    label_key(r->cell[k], key);
    return section_label(key) && !pe_template_name(r->cell[k]);
}

/* Columns of the indicator block whose values are not read: under a blank
 * label, or under one read by people only ("得分计算方法").  Said once per
 * column; the columns left of the first 指标 column hold the block's own
 * merged label. */
static void unread_columns(loader *L, size_t first, size_t end)
{
    size_t lo = NOCOL;

    for (int c = 0; c < I_N; c++)
        if (L->icol[c] < lo)
            lo = L->icol[c];
    for (size_t i = first; i < end; i++) {
        const pe_grid_row *r = &L->g->row[i];

        for (size_t k = lo; k < L->hwidth && k < r->n; k++) {
            if (!r->cell[k][0] || L->hstate[k] == COL_READ ||
                L->hstate[k] == COL_NOTED)
                continue;
            if (L->hstate[k] == COL_SKIPPED)
                NOTE(L, PE_SEV_INFO, "unread-column", -1, L->header_line,
                     "column %zu (%s) is for people to read; perfeval does "
                     "not score from it",
                     "第 %zu 列（%s）供人工阅读，不参与计分", k + 1,
                     L->htext[k]);
            else
                NOTE(L, PE_SEV_WARNING, "unread-column", -1, r->line,
                     "column %zu holds \"%s\" under no header label: the "
                     "column is not read",
                     "第 %zu 列有数据“%s”，但无表头：未读取该列", k + 1,
                     r->cell[k]);
            L->hstate[k] = COL_NOTED;
        }
    }
}

static pe_status read_indicators(loader *L)
{
    const pe_grid *g = L->g;
    pe_status st;
    size_t first;

    if ((st = ind_header_read(L)) != PE_OK)
        return st;
    L->seen_header = 1;
    L->blank_run = 0;
    first = L->i + 1;
    for (L->i++; L->i < g->nrows; L->i++) {
        const pe_grid_row *r = &g->row[L->i];

        if (row_empty(r))
            L->blank_run++;
        else if (ends_indicators(r))
            break;
        else if (ind_header_row(r)) {
            /* the header again: after a page break, or a second block of
             * goals with its own share ("年度绩效目标2（40分）") */
            if ((st = ind_header_read(L)) != PE_OK)
                return st;
        } else if (section_row(r)) {
            continue;
        } else if ((st = ind_row(L, r)) != PE_OK)
            return st;
    }
    unread_columns(L, first, L->i);
    free_header(L);
    L->blank_run = 0;
    return L->st;
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
        st = read_dec(L, r, v[i], is_max ? "总分值" : label, 0,
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
    pe_dec pts;

    /* "总分（100分）" */
    if ((role == R_SUM || role == R_MAX) && !p->reported_max.present &&
        pe_label_points(r->cell[k], &pts))
        p->reported_max = (pe_opt_dec){1, pts};
    if (n == 0)
        return PE_OK;
    *used = v[0];
    label_key(r->cell[k], label);
    switch (role) {
    case R_GRADE:
        return set_text(&p->reported_grade, r->cell[v[0]]);
    case R_MAX:
        return read_dec(L, r, v[0], label, 0, &p->reported_max);
    case R_SUM:
        return sum_values(L, r, label, v, n, used);
    default:
        break;
    }
    return read_dec(L, r, v[0], label, 0, &p->reported_total);
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
        } else if (role == R_NONE && r->cell[k][0]) {
            /* "等级：优" in one cell */
            const char *val;
            size_t n;

            if (inline_label(r->cell[k], &val, &n) == R_GRADE && n &&
                (st = set_text_n(&L->p->reported_grade, val, n)) != PE_OK)
                return st;
        }
    }
    L->i++;
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
        pe_status st;

        if (!starts(s, brackets[i][0]) || !(close = strstr(s, brackets[i][1])))
            continue;
        s += strlen(brackets[i][0]);
        if ((st = set_text_n(&p->dept_code, s, (size_t)(close - s))) != PE_OK)
            return st;
        return set_text(&p->dept, close + strlen(brackets[i][1]));
    }
    return set_text(&p->dept, s);
}

/* "改进措施及结果应用方案：…", kept as the table says it. */
static pe_status add_remark(pe_project *p, const char *label, const char *s,
                            size_t n)
{
    char key[KEYMAX];
    char *line;
    pe_status st;
    size_t a;

    if (!n)
        return PE_OK;
    label_key(label, key);
    a = strlen(key);
    if (!(line = malloc(a + 3 + n + 1)))
        return PE_ENOMEM;
    memcpy(line, key, a);
    memcpy(line + a, "：", 3);
    memcpy(line + a + 3, s, n);
    line[a + 3 + n] = '\0';
    /* one line each: a line break inside the cell becomes a space */
    for (char *q = line + a + 3; *q; q++)
        if (*q == '\n')
            *q = ' ';
    st = append_line(&p->remarks, line);
    free(line);
    return st;
}

/* A label with its value: beside it, or in the same cell after a colon. */
static pe_status labelled(loader *L, int role, const char *label,
                          const char *val, size_t n)
{
    pe_project *p = L->p;
    pe_status st;

    switch (role) {
    case R_NAME:
        return set_text_n(&p->name, val, n);
    case R_DEPT: {
        char *d = malloc(n + 1);

        if (!d)
            return PE_ENOMEM;
        memcpy(d, val, n);
        d[n] = '\0';
        st = set_department(p, d);
        free(d);
        return st;
    }
    case R_UNIT:
        /* 单位名称 above the form names the unit that fills it in; a
         * 实施单位 later says who carries the project out */
        if (p->unit && p->unit[0] && strstr(label, "单位名称"))
            return PE_OK;
        return set_text_n(&p->unit, val, n);
    case R_NOTE: {
        char *d = malloc(n + 1);

        if (!d)
            return PE_ENOMEM;
        memcpy(d, val, n);
        d[n] = '\0';
        st = not_applicable(d) || !strcmp(d, "0") ? PE_OK
                                                  : append_line(&p->note, d);
        free(d);
        return st;
    }
    case R_REMARK:
        return add_remark(p, label, val, n);
    default:
        return PE_OK;
    }
}

/* One row of the form above the indicators, or below them. */
static pe_status form_row(loader *L)
{
    const pe_grid_row *r = &L->g->row[L->i];
    pe_status st = PE_OK;

    for (size_t k = 0; k < r->n && st == PE_OK; k++) {
        int role = r->cell[k][0] ? role_of(r->cell[k]) : R_NONE;
        const char *val;
        size_t n;

        if (role == R_NONE && r->cell[k][0] &&
            (role = inline_label(r->cell[k], &val, &n)) != R_NONE) {
            if (role == R_NAME || role == R_DEPT || role == R_UNIT ||
                role == R_NOTE || role == R_REMARK) {
                /* the label is what stands before the colon */
                char label[KEYMAX];
                size_t ln = (size_t)(val - r->cell[k]);

                snprintf(label, sizeof label, "%.*s",
                         (int)(ln < KEYMAX ? ln : KEYMAX - 1), r->cell[k]);
                st = labelled(L, role, label, val, n);
                L->seen_label = 1;
            }
            continue;
        }
        switch (role) {
        case R_NAME:
        case R_DEPT:
        case R_UNIT:
        case R_NOTE:
        case R_REMARK:
            val = value_after(r, k);
            st = labelled(L, role, r->cell[k], val, strlen(val));
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
        if (role == R_NOTE || role == R_REMARK)
            break; /* the rest of the row is its text */
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
    return L->st;
}

/* Every text the rest of the library reads is a string, never NULL. */
static pe_status fill_blanks(pe_project *p)
{
    char **fields[] = {&p->name,           &p->dept_code,
                       &p->dept,           &p->unit,
                       &p->money_unit,     &p->goal,
                       &p->goal_actual,    &p->note,
                       &p->reported_grade, &p->funds.reported_rate,
                       &p->remarks};

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

/* A cell of the first rows that reads as Chinese gone through
 * Windows-1252 ("é™„ä»¶1"): then no label can be found, and the clerk
 * needs to know why. */
static int mojibake_cell(const loader *L, const char **cellp, char *fixed,
                         size_t n)
{
    for (size_t i = 0; i < L->g->nrows && i < 40; i++)
        for (size_t k = 0; k < L->g->row[i].n; k++) {
            const char *c = L->g->row[i].cell[k];

            /* a byte-order mark gone the same way, "ï»¿", is no word */
            if (strncmp(c, "\xC3\xAF\xC2\xBB\xC2\xBF", 6) == 0)
                c += 6;
            if (strlen(c) <= 48 && pe_text_mojibake(c, strlen(c), fixed, n)) {
                *cellp = c;
                return 1;
            }
        }
    return 0;
}

static pe_status check_form(loader *L)
{
    const char *bad;
    char fixed[64];

    if (!L->seen_header && mojibake_cell(L, &bad, fixed, sizeof fixed))
        return fail(L, 0,
                    "no 绩效指标 header row: the text is garbled (\"%s\" "
                    "is \"%s\" read as Windows-1252), as when an office suite "
                    "opens a UTF-8 file as a Western one and saves it again; "
                    "use the original file, or open it choosing UTF-8 "
                    "(Unicode) and save it again",
                    bad, fixed);
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
    if (!L->any_value)
        return fail(L, L->header_line,
                    "no indicator row has a 分值 or a 得分: there is nothing "
                    "to score");
    return PE_OK;
}

static int grid_empty(const pe_grid *g)
{
    for (size_t i = 0; i < g->nrows; i++)
        if (!row_empty(&g->row[i]))
            return 0;
    return 1;
}

/* Formulas the workbook saved without their value read as blank cells;
 * each is said, with what to do about it (docs/rules.md, "Reading"). */
static void blank_formulas(loader *L)
{
    for (size_t i = 0; i < L->g->nnotes; i++) {
        const pe_grid_note *n = &L->g->notes[i];
        char b[32];

        NOTE(L, PE_SEV_WARNING, "formula-no-value", -1, n->line,
             "cell %s holds a formula (=%s) but no saved value, so it is read "
             "as blank: open the workbook in Excel or WPS and save it, which "
             "stores the value",
             "单元格 %s 含公式（=%s）但未保存计算结果，按空白读取：请用 Excel "
             "或 WPS 打开并保存该工作簿，以保存计算结果",
             cell_name(n->line, n->col, b), n->formula);
    }
}

pe_status pe_form_load(const pe_grid *g, const char *name, long not_utf8_line,
                       pe_project **out, pe_error *err)
{
    loader L;
    pe_status st;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.name = name;
    L.err = err;
    L.g = g;
    L.not_utf8_line = not_utf8_line;
    if (grid_empty(g))
        return fail(&L, 0,
                    "the file has no values, only empty lines and "
                    "delimiters");
    if (!(L.p = pe_project_new(name)))
        st = PE_ENOMEM;
    else if ((blank_formulas(&L), st = L.st) == PE_OK &&
             (st = read_form(&L)) == PE_OK && (st = check_form(&L)) == PE_OK)
        st = fill_blanks(L.p);
    free(L.l1);
    free(L.l2);
    free_header(&L);
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    if (st != PE_OK) {
        pe_project_free(L.p);
        return st;
    }
    *out = L.p;
    return PE_OK;
}

int pe_form_detect(const pe_grid *g)
{
    for (size_t i = 0; i < g->nrows; i++)
        if (ind_header_row(&g->row[i]))
            return 1;
    return 0;
}
