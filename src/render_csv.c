/*
 * --format csv / tsv: the 附件1 table as Excel saves the form (docs/rules.md,
 * "What a real table looks like on the way in"), so that pe_project_load_csv
 * reads it back and a spreadsheet opens it as the form.  Machine-clean:
 * RFC 4180 quoting, CRLF, one width for every record, and numbers exactly as
 * the scorer rounded them.
 *
 * Writes go through one sticky status (pe_out), as in render_markdown.c.
 */
#include "render_common.h"

#include <stdio.h>
#include <string.h>

/* The form's width: 一级指标 .. 偏差原因分析及改进措施. */
#define NCOL PE_IND_COLS

typedef struct csv {
    const pe_project *p;
    pe_out out;
    char delim;
} csv;

static void put(csv *c, const char *s, size_t n)
{
    pe_out_put(&c->out, s, n);
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
    int inject = pe_csv_formula_like(s);
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
        field(c, k < n ? pe_str(cells[k]) : "");
    }
    put(c, "\r\n", 2);
}

/* A record with one cell of text, the rest blank. */
static void line(csv *c, const char *a, const char *b)
{
    const char *cells[2] = {a, b};

    record(c, cells, b ? 2 : 1);
}

/* The form's other texts under the table (改进措施, 备注 …), a record
 * each, as the label and its text. */
static void remarks(csv *c)
{
    const char *cur = pe_str(c->p->remarks), *text;
    char label[128], buf[4096];
    size_t len;

    while (pe_remark_next(&cur, label, sizeof label, &text, &len)) {
        snprintf(buf, sizeof buf, "%.*s", (int)len, text);
        line(c, label[0] ? label : "备注", buf);
    }
}

/* ---------------------------------------------------------------- numbers */

/* The final score; unscored, the one written on the table. */
static const char *score(const csv *c, int have, pe_dec final,
                         pe_opt_dec reported, char *buf)
{
    if (have)
        return pe_fmt_score(c->p, final, buf);
    return reported.present ? pe_fmt_score(c->p, reported.v, buf) : "";
}

static const char *max_text(const csv *c, char *buf)
{
    pe_dec max;

    return pe_max_total(c->p, &max) ? pe_fmt_score(c->p, max, buf) : "";
}

/* ---------------------------------------------------------------- sections */

static void header(csv *c)
{
    const pe_project *p = c->p;
    const char *cells[6] = {"主管部门及代码", "", "", "", "实施单位", ""};
    pe_buf b = {0};

    line(c, "项目支出绩效自评表", NULL);
    if (p->year > 0 && c->out.st == PE_OK) {
        c->out.st = pe_buf_printf(&b, "（%d年度）", p->year);
        line(c, b.data, NULL);
        pe_buf_free(&b);
    }
    line(c, "项目名称", p->name);
    pe_out_keep(&c->out, pe_dept_text(p, &b, &cells[1]));
    cells[5] = p->unit;
    record(c, cells, 6);
    pe_buf_free(&b);
}

static void fund_row(csv *c, const pe_fund_row *r, const char *label, int total)
{
    const pe_funds *f = &c->p->funds;
    char a[PE_DEC_BUFSIZE], b[PE_DEC_BUFSIZE], e[PE_DEC_BUFSIZE],
        w[PE_DEC_BUFSIZE], rate[PE_RATE_BUFSIZE], s[PE_DEC_BUFSIZE];
    const char *cells[NCOL] = {""};

    cells[1] = label;
    cells[2] = pe_money_text(r->initial, a);
    cells[3] = pe_money_text(r->budget, b);
    cells[4] = pe_money_text(r->executed, e);
    if (total) {
        cells[5] = f->weight.present ? pe_fmt_score(c->p, f->weight.v, w) : "";
        cells[6] = pe_rate_text(c->p, rate);
        cells[7] =
            score(c, c->p->scored && f->has_score, f->score, f->reported, s);
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

    pe_out_keep(&c->out, pe_funds_head(p, &head));
    cells[0] = head.data;
    record(c, cells, NCOL);
    for (size_t i = 0; i <= f->nparts; i++) {
        const char *label;

        pe_out_keep(&c->out, pe_fund_label(f, i, &head, &label));
        fund_row(c, i ? &f->parts[i - 1] : &f->total, label, i == 0);
    }
    pe_buf_free(&head);
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
    const pe_project *p = c->p;
    const char *cells[NCOL];
    char w[PE_DEC_BUFSIZE], s[PE_DEC_BUFSIZE];
    pe_group g = {0};

    record(c, pe_ind_heads, NCOL);
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];

        /* Merged 一级/二级 cells save their text in the group's first row
         * only; the loader carries it down again. */
        pe_group_next(&g, r);
        pe_ind_texts(&g, r, cells);
        if (r->weight_set)
            cells[PE_IND_WEIGHT] = pe_fmt_score(p, r->weight, w);
        cells[PE_IND_SCORE] =
            score(c, p->scored && r->has_score, r->score, r->reported, s);
        record(c, cells, NCOL);
    }
    cells[0] = "总分";
    cells[1] = cells[2] = cells[3] = cells[4] = "";
    cells[5] = max_text(c, w);
    cells[6] = score(c, p->scored, p->total, p->reported_total, s);
    cells[7] = pe_grade_text(p);
    record(c, cells, NCOL);
}

pe_status pe_render_csv(const pe_project *p, const pe_csv_out_opts *o,
                        pe_buf *out)
{
    csv c;

    if (!p || !out)
        return PE_EUSAGE;
    c.p = p;
    c.out.buf = out;
    c.delim = o && o->delimiter ? o->delimiter : ',';
    if (c.delim != ',' && c.delim != ';' && c.delim != '\t')
        return PE_EUSAGE;
    c.out.st = PE_OK;
    if (o && o->bom)
        put(&c, "\xEF\xBB\xBF", 3);
    header(&c);
    if (p->funds.present)
        funds(&c);
    if (pe_has_goals(p))
        goals(&c);
    /* 说明 is part of the form as filed: keep it, so nothing is lost on the
     * way through a spreadsheet. */
    if (pe_str(p->note)[0])
        line(&c, "说明", p->note);
    indicators(&c);
    remarks(&c);
    return c.out.st;
}
