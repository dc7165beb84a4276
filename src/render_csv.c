/*
 * --format csv / tsv: the 附件1 table as Excel saves the form (DOMAIN.md,
 * "What a real table looks like on the way in"), so that pe_project_load_csv
 * reads it back and a spreadsheet opens it as the form.  Machine-clean:
 * RFC 4180 quoting, CRLF, one width for every record, and numbers exactly as
 * the scorer rounded them.
 *
 * Writes go through one sticky status, as in render_markdown.c.
 */
#include "project.h"

#include <string.h>

/* The form's width: 一级指标 .. 偏差原因分析及改进措施. */
#define NCOL 8

typedef struct csv {
    const pe_project *p;
    pe_buf *out;
    char delim;
    int places;
    pe_status st;
} csv;

static const char *str(const char *s)
{
    return s ? s : "";
}

static void put(csv *c, const char *s, size_t n)
{
    if (c->st == PE_OK)
        c->st = pe_buf_append(c->out, s, n);
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* "[+-]digits[.digits][%]" or "[+-].digits[%]": what a spreadsheet reads
 * as a number, not a formula, even with a sign in front. */
static int is_number(const char *s)
{
    int digits = 0;

    if (*s == '+' || *s == '-')
        s++;
    while (is_digit(*s))
        s++, digits++;
    if (*s == '.')
        for (s++; is_digit(*s); s++)
            digits++;
    if (*s == '%')
        s++;
    return digits > 0 && !*s;
}

/*
 * One field.  A leading = + - @ makes Excel, LibreOffice and WPS read the
 * cell as a formula, and a leading tab or CR is how the OWASP "CSV
 * injection" payloads hide one; the usual defence is a leading apostrophe,
 * which the spreadsheet shows as text and does not display.  A number with
 * a sign is left alone: it is data, and "-5" must stay -5.  Quoting after
 * the prefix, so that the apostrophe sits inside the quotes.
 */
static void field(csv *c, const char *s)
{
    int inject = s[0] && strchr("=+-@\t\r", s[0]) && !is_number(s);
    size_t n = strlen(s);
    int quote = n && (s[0] == ' ' || s[n - 1] == ' ');

    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == c->delim || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote && !inject) {
        put(c, s, n);
        return;
    }
    if (quote)
        put(c, "\"", 1);
    if (inject)
        put(c, "'", 1);
    if (!quote) {
        put(c, s, n);
        return;
    }
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        put(c, s, (size_t)(q - s) + 1);
        put(c, "\"", 1);
    }
    put(c, s, strlen(s));
    put(c, "\"", 1);
}

/* A record of NCOL fields; cells beyond n are blank, as merged cells save. */
static void record(csv *c, const char *const *cells, int n)
{
    for (int k = 0; k < NCOL; k++) {
        if (k > 0)
            put(c, &c->delim, 1);
        field(c, k < n ? str(cells[k]) : "");
    }
    put(c, "\r\n", 2);
}

/* A record with one cell of text, the rest blank. */
static void line(csv *c, const char *a, const char *b)
{
    const char *cells[2] = {a, b};

    record(c, cells, b ? 2 : 1);
}

/* ---------------------------------------------------------------- numbers */

/* Scores and weights with the rules' places, never fewer than the value
 * has (the terminal table's rule). */
static char *fmt_score(const csv *c, pe_dec d, char *buf)
{
    pe_dec n = pe_dec_normalize(d);

    return pe_dec_format_places(d, n.scale > c->places ? n.scale : c->places,
                                PE_ROUND_HALF_UP, buf);
}

/* The final score; unscored, the one written on the table. */
static const char *score(const csv *c, int have, pe_dec final,
                         pe_opt_dec reported, char *buf)
{
    if (have)
        return fmt_score(c, final, buf);
    return reported.present ? fmt_score(c, reported.v, buf) : "";
}

static const char *rate_text(const csv *c, char *buf)
{
    const pe_funds *f = &c->p->funds;
    pe_dec pct;
    size_t n;

    if (f->reported_rate && f->reported_rate[0])
        return f->reported_rate;
    if (!c->p->scored || !f->computable ||
        pe_dec_muldiv(f->rate, pe_dec_from_int(100), pe_dec_from_int(1), 2,
                      c->p->rules.rounding, &pct) != PE_OK)
        return "";
    pe_dec_format(pct, buf);
    n = strlen(buf);
    buf[n] = '%';
    buf[n + 1] = '\0';
    return buf;
}

static const char *money(pe_opt_dec v, char *buf)
{
    return v.present ? pe_dec_format(v.v, buf) : "";
}

/* 总分值: the table's own when it has one, else the weights it adds up. */
static const char *max_text(const csv *c, char *buf)
{
    const pe_project *p = c->p;
    pe_dec sum = pe_dec_from_int(0);

    if (p->reported_max.present)
        return fmt_score(c, p->reported_max.v, buf);
    for (size_t i = 0; i < p->nind; i++)
        if (pe_dec_add(sum, p->ind[i].weight, &sum) != PE_OK)
            return "";
    if (p->funds.present && p->rules.funds_in_total &&
        p->funds.weight.present &&
        pe_dec_add(sum, p->funds.weight.v, &sum) != PE_OK)
        return "";
    return fmt_score(c, sum, buf);
}

/* ---------------------------------------------------------------- sections */

static void header(csv *c)
{
    const pe_project *p = c->p;
    const char *cells[6] = {"主管部门及代码", "", "", "", "实施单位", ""};
    pe_buf b = {0};

    line(c, "项目支出绩效自评表", NULL);
    if (p->year > 0 && c->st == PE_OK) {
        c->st = pe_buf_printf(&b, "（%d年度）", p->year);
        line(c, b.data, NULL);
        pe_buf_free(&b);
    }
    line(c, "项目名称", p->name);
    if (str(p->dept_code)[0]) {
        if (c->st == PE_OK)
            c->st = pe_buf_printf(&b, "[%s]%s", p->dept_code, str(p->dept));
        cells[1] = b.data;
    } else {
        cells[1] = p->dept;
    }
    cells[5] = p->unit;
    record(c, cells, 6);
    pe_buf_free(&b);
}

static void fund_row(csv *c, const pe_fund_row *r, const char *label, int total)
{
    const pe_funds *f = &c->p->funds;
    char a[PE_DEC_BUFSIZE], b[PE_DEC_BUFSIZE], e[PE_DEC_BUFSIZE],
        w[PE_DEC_BUFSIZE], rate[PE_DEC_BUFSIZE + 1], s[PE_DEC_BUFSIZE];
    const char *cells[NCOL] = {""};

    cells[1] = label;
    cells[2] = money(r->initial, a);
    cells[3] = money(r->budget, b);
    cells[4] = money(r->executed, e);
    if (total) {
        cells[5] = f->weight.present ? fmt_score(c, f->weight.v, w) : "";
        cells[6] = rate_text(c, rate);
        cells[7] =
            score(c, c->p->scored && f->computable, f->score, f->reported, s);
    }
    record(c, cells, total ? NCOL : 5);
}

static void funds(csv *c)
{
    const pe_project *p = c->p;
    const pe_funds *f = &p->funds;
    pe_buf head = {0};
    const char *cells[NCOL] = {"",           "",     "年初预算数", "全年预算数",
                               "全年执行数", "分值", "执行率",     "得分"};

    if (c->st == PE_OK)
        c->st = pe_buf_printf(&head, "项目资金（%s）",
                              str(p->money_unit)[0] ? p->money_unit : "万元");
    cells[0] = head.data;
    record(c, cells, NCOL);
    pe_buf_free(&head);
    fund_row(c, &f->total,
             str(f->total.name)[0] ? f->total.name : "年度资金总额", 1);
    for (size_t i = 0; i < f->nparts; i++) {
        const char *name = str(f->parts[i].name);

        /* The form labels the first part "其中：当年财政拨款". */
        if (i == 0 && strncmp(name, "其中", strlen("其中")) != 0) {
            pe_buf b = {0};

            if (c->st == PE_OK)
                c->st = pe_buf_printf(&b, "其中：%s", name);
            fund_row(c, &f->parts[i], b.data, 0);
            pe_buf_free(&b);
        } else {
            fund_row(c, &f->parts[i], name, 0);
        }
    }
}

/* The goal texts under their labels, 预期目标 over the left half and
 * 实际完成情况 over the right, as the form merges them. */
static void goals(csv *c)
{
    const char *cells[5] = {"年度总体目标", "", "", "", "实际完成情况"};

    record(c, cells, 5);
    cells[0] = c->p->goal;
    cells[4] = c->p->goal_actual;
    record(c, cells, 5);
}

static void indicators(csv *c)
{
    static const char *const heads[NCOL] = {
        "一级指标",   "二级指标", "三级指标", "指标值",
        "实际完成值", "分值",     "得分",     "偏差原因分析及改进措施"};
    const pe_project *p = c->p;
    const char *g1 = "", *g2 = "", *cells[NCOL];
    char w[PE_DEC_BUFSIZE], s[PE_DEC_BUFSIZE];

    record(c, heads, NCOL);
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];
        const char *l1 = str(r->level1), *l2 = str(r->level2);
        /* Merged 一级/二级 cells save their text in the group's first row
         * only; the loader carries it down again. */
        int c1 = i > 0 && (!l1[0] || strcmp(l1, g1) == 0);
        int c2 = c1 && (!l2[0] || strcmp(l2, g2) == 0);

        if (!c1)
            g1 = l1;
        if (!c2)
            g2 = l2;
        cells[0] = c1 ? "" : l1;
        cells[1] = c2 ? "" : l2;
        cells[2] = r->name;
        cells[3] = r->target;
        cells[4] = r->actual;
        cells[5] = r->weight_set ? fmt_score(c, r->weight, w) : "";
        cells[6] = score(c, p->scored, r->score, r->reported, s);
        cells[7] = r->reason;
        record(c, cells, NCOL);
    }
    cells[0] = "总分";
    cells[1] = cells[2] = cells[3] = cells[4] = "";
    cells[5] = max_text(c, w);
    cells[6] = score(c, p->scored, p->total, p->reported_total, s);
    cells[7] = p->scored ? p->grade : p->reported_grade;
    record(c, cells, NCOL);
}

pe_status pe_render_csv(const pe_project *p, const pe_csv_out_opts *o,
                        pe_buf *out)
{
    csv c;

    if (!p || !out)
        return PE_EUSAGE;
    c.p = p;
    c.out = out;
    c.delim = o && o->delimiter ? o->delimiter : ',';
    if (c.delim != ',' && c.delim != ';' && c.delim != '\t')
        return PE_EUSAGE;
    c.places = p->rules.places < 0                  ? 0
               : p->rules.places > PE_DEC_MAX_SCALE ? PE_DEC_MAX_SCALE
                                                    : p->rules.places;
    c.st = PE_OK;
    if (o && o->bom)
        put(&c, "\xEF\xBB\xBF", 3);
    header(&c);
    if (p->funds.present)
        funds(&c);
    if (str(p->goal)[0] || str(p->goal_actual)[0])
        goals(&c);
    /* 说明 is part of the form as filed: keep it, so nothing is lost on the
     * way through a spreadsheet. */
    if (str(p->note)[0])
        line(&c, "说明", p->note);
    indicators(&c);
    return c.st;
}
