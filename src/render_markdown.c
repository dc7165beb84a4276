/*
 * --format markdown: the 附件1 table for reports and wikis, as GitHub-
 * flavoured pipe tables (the sections of the terminal table, one table
 * each, since a pipe table has one grid).
 *
 * Writes go through one sticky status, so the layout reads top to bottom
 * and the first failed allocation is the one reported.
 */
#include "project.h"

#include <stdio.h>
#include <string.h>

typedef struct md {
    const pe_project *p;
    pe_buf *out;
    int places;
    pe_status st;
} md;

static const char *str(const char *s)
{
    return s ? s : "";
}

static void put(md *m, const char *s, size_t n)
{
    if (m->st == PE_OK)
        m->st = pe_buf_append(m->out, s, n);
}

static void put_s(md *m, const char *s)
{
    put(m, s, strlen(s));
}

/*
 * Text inside a cell (or the heading, where a line break is a space).
 * CommonMark lets any ASCII punctuation be backslash-escaped; these are the
 * characters that would split the row (|), start markup (* _ ` ~ [ ]) or
 * raw HTML (< >), or escape our own escapes (\).  '#' matters only at the
 * end of a heading, where it would close it.  Other control characters
 * become spaces: a renderer shows them as nothing useful.
 */
static void text(md *m, const char *s, int heading)
{
    size_t run = 0, i;

    for (i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *sub = NULL;
        char esc[3] = {'\\', 0, 0};

        if (strchr("\\|*_`~[]<>", c) || (heading && c == '#')) {
            esc[1] = (char)c;
            sub = esc;
        } else if (c == '\r' || c == '\n') {
            sub = heading ? " " : "<br>";
        } else if (c < 0x20 || c == 0x7F) {
            sub = " ";
        }
        if (sub) {
            put(m, s + run, i - run);
            put_s(m, sub);
            if (c == '\r' && s[i + 1] == '\n')
                i++;
            run = i + 1;
        }
    }
    put(m, s + run, i - run);
}

/* A row of cells; bold wraps the non-empty ones in "**". */
static void row(md *m, const char *const *cells, int n, int bold)
{
    for (int k = 0; k < n; k++) {
        const char *c = str(cells[k]);

        if (!c[0]) {
            put_s(m, "| ");
            continue;
        }
        put_s(m, bold ? "| **" : "| ");
        text(m, c, 0);
        put_s(m, bold ? "** " : " ");
    }
    put_s(m, "|\n");
}

/* The delimiter row: right-aligned columns (numbers) get "---:". */
static void rule(md *m, int n, unsigned right)
{
    for (int k = 0; k < n; k++)
        put_s(m, right & (1u << k) ? "| ---: " : "| --- ");
    put_s(m, "|\n");
}

/* ---------------------------------------------------------------- numbers */

/* Scores and weights with the rules' places, never fewer than the value
 * has: padding is display, dropping digits would be rounding, and rounding
 * belongs to the scorer. */
static char *fmt_score(const md *m, pe_dec d, char *buf)
{
    pe_dec n = pe_dec_normalize(d);

    return pe_dec_format_places(d, n.scale > m->places ? n.scale : m->places,
                                PE_ROUND_HALF_UP, buf);
}

/* A final score, then the reported one as "（填 x）" where they differ: a
 * reviewer needs both (DOMAIN.md).  Unscored, the reported one alone. */
static char *score_text(const md *m, int have, pe_dec final,
                        pe_opt_dec reported, char *buf, size_t n)
{
    char a[PE_DEC_BUFSIZE], b[PE_DEC_BUFSIZE];

    buf[0] = '\0';
    if (have && reported.present && pe_dec_cmp(final, reported.v) != 0)
        snprintf(buf, n, "%s（填 %s）", fmt_score(m, final, a),
                 fmt_score(m, reported.v, b));
    else if (have)
        snprintf(buf, n, "%s", fmt_score(m, final, a));
    else if (reported.present)
        snprintf(buf, n, "%s", fmt_score(m, reported.v, a));
    return buf;
}

/* 执行率 as printed on the table, else the computed fraction as a percent
 * cut to two places by the rules' rounding (as the terminal table). */
static const char *rate_text(const md *m, char *buf)
{
    const pe_funds *f = &m->p->funds;
    pe_dec pct;
    size_t n;

    if (f->reported_rate && f->reported_rate[0])
        return f->reported_rate;
    if (!m->p->scored || !f->computable ||
        pe_dec_muldiv(f->rate, pe_dec_from_int(100), pe_dec_from_int(1), 2,
                      m->p->rules.rounding, &pct) != PE_OK)
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

/* ---------------------------------------------------------------- sections */

static void heading(md *m)
{
    const pe_project *p = m->p;
    char year[32];

    put_s(m, "# 项目支出绩效自评表");
    if (str(p->name)[0]) {
        put_s(m, "：");
        text(m, p->name, 1);
    }
    if (p->year > 0) {
        snprintf(year, sizeof year, "（%d年度）", p->year);
        put_s(m, year);
    }
    put_s(m, "\n\n");
}

static void header(md *m)
{
    const pe_project *p = m->p;
    const char *cells[2];

    cells[0] = "项目名称";
    cells[1] = p->name;
    row(m, cells, 2, 0);
    rule(m, 2, 0);
    cells[0] = "主管部门及代码";
    if (str(p->dept_code)[0]) {
        pe_buf b = {0};

        if (m->st == PE_OK)
            m->st = pe_buf_printf(&b, "[%s]%s", p->dept_code, str(p->dept));
        cells[1] = b.data;
        row(m, cells, 2, 0);
        pe_buf_free(&b);
    } else {
        cells[1] = p->dept;
        row(m, cells, 2, 0);
    }
    cells[0] = "实施单位";
    cells[1] = p->unit;
    row(m, cells, 2, 0);
    put_s(m, "\n");
}

static void fund_row(md *m, const pe_fund_row *r, const char *label, int total)
{
    const pe_funds *f = &m->p->funds;
    char a[PE_DEC_BUFSIZE], b[PE_DEC_BUFSIZE], c[PE_DEC_BUFSIZE],
        w[PE_DEC_BUFSIZE], rate[PE_DEC_BUFSIZE + 1], s[3 * PE_DEC_BUFSIZE];
    const char *cells[7];

    cells[0] = label;
    cells[1] = money(r->initial, a);
    cells[2] = money(r->budget, b);
    cells[3] = money(r->executed, c);
    cells[4] = cells[5] = cells[6] = "";
    if (total) {
        cells[4] = f->weight.present ? fmt_score(m, f->weight.v, w) : "";
        cells[5] = rate_text(m, rate);
        cells[6] = score_text(m, m->p->scored && f->computable, f->score,
                              f->reported, s, sizeof s);
    }
    row(m, cells, 7, 0);
}

static void funds(md *m)
{
    const pe_project *p = m->p;
    const pe_funds *f = &p->funds;
    pe_buf head = {0};
    const char *cells[7] = {"",     "年初预算数", "全年预算数", "全年执行数",
                            "分值", "执行率",     "得分"};

    if (m->st == PE_OK)
        m->st = pe_buf_printf(&head, "项目资金（%s）",
                              str(p->money_unit)[0] ? p->money_unit : "万元");
    cells[0] = head.data;
    row(m, cells, 7, 0);
    pe_buf_free(&head);
    rule(m, 7, 0x7Eu);
    fund_row(m, &f->total,
             str(f->total.name)[0] ? f->total.name : "年度资金总额", 1);
    for (size_t i = 0; i < f->nparts; i++) {
        const char *name = str(f->parts[i].name);

        /* The form labels the first part "其中：当年财政拨款". */
        if (i == 0 && strncmp(name, "其中", strlen("其中")) != 0) {
            pe_buf b = {0};

            if (m->st == PE_OK)
                m->st = pe_buf_printf(&b, "其中：%s", name);
            fund_row(m, &f->parts[i], b.data, 0);
            pe_buf_free(&b);
        } else {
            fund_row(m, &f->parts[i], name, 0);
        }
    }
    put_s(m, "\n");
}

static void goals(md *m)
{
    const char *cells[2] = {"年度总体目标", "实际完成情况"};

    row(m, cells, 2, 0);
    rule(m, 2, 0);
    cells[0] = m->p->goal;
    cells[1] = m->p->goal_actual;
    row(m, cells, 2, 0);
    put_s(m, "\n");
}

/* 总分值: the table's own when it has one, else the weights it adds up. */
static const char *max_text(const md *m, char *buf)
{
    const pe_project *p = m->p;
    pe_dec sum = pe_dec_from_int(0);

    if (p->reported_max.present)
        return fmt_score(m, p->reported_max.v, buf);
    for (size_t i = 0; i < p->nind; i++)
        if (pe_dec_add(sum, p->ind[i].weight, &sum) != PE_OK)
            return "";
    if (p->funds.present && p->rules.funds_in_total &&
        p->funds.weight.present &&
        pe_dec_add(sum, p->funds.weight.v, &sum) != PE_OK)
        return "";
    return fmt_score(m, sum, buf);
}

static void indicators(md *m)
{
    static const char *const heads[8] = {
        "一级指标",   "二级指标", "三级指标", "指标值",
        "实际完成值", "分值",     "得分",     "偏差原因分析及改进措施"};
    const pe_project *p = m->p;
    const char *g1 = "", *g2 = "", *cells[8];
    char w[PE_DEC_BUFSIZE], s[3 * PE_DEC_BUFSIZE];
    pe_buf grade = {0};

    row(m, heads, 8, 0);
    rule(m, 8, 0x60u);
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];
        const char *l1 = str(r->level1), *l2 = str(r->level2);
        /* A blank 一级/二级 is a merged cell left blank by the CSV: it
         * continues the group above, like a repeated one. */
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
        cells[5] = r->weight_set ? fmt_score(m, r->weight, w) : "";
        cells[6] = score_text(m, p->scored, r->score, r->reported, s, sizeof s);
        cells[7] = r->reason;
        row(m, cells, 8, 0);
    }

    cells[0] = "总分";
    cells[1] = cells[2] = cells[3] = cells[4] = "";
    cells[5] = max_text(m, w);
    cells[6] =
        score_text(m, p->scored, p->total, p->reported_total, s, sizeof s);
    {
        const char *have = p->scored ? p->grade : str(p->reported_grade);
        const char *rep = str(p->reported_grade);

        if (have[0] && m->st == PE_OK)
            m->st = pe_buf_printf(&grade, "等级：%s", have);
        if (have[0] && p->scored && rep[0] && strcmp(rep, have) != 0 &&
            m->st == PE_OK)
            m->st = pe_buf_printf(&grade, "（填 %s）", rep);
    }
    cells[7] = grade.data;
    row(m, cells, 8, 1);
    pe_buf_free(&grade);
}

pe_status pe_render_markdown(const pe_project *p, pe_buf *out)
{
    md m;

    if (!p || !out)
        return PE_EUSAGE;
    m.p = p;
    m.out = out;
    m.places = p->rules.places < 0                  ? 0
               : p->rules.places > PE_DEC_MAX_SCALE ? PE_DEC_MAX_SCALE
                                                    : p->rules.places;
    m.st = PE_OK;
    heading(&m);
    header(&m);
    if (p->funds.present)
        funds(&m);
    if (str(p->goal)[0] || str(p->goal_actual)[0])
        goals(&m);
    indicators(&m);
    return m.st;
}
