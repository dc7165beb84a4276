/*
 * --format markdown: the 附件1 table for reports and wikis, as GitHub-
 * flavoured pipe tables (the sections of the terminal table, one table
 * each, since a pipe table has one grid).
 *
 * Writes go through one sticky status, so the layout reads top to bottom
 * and the first failed allocation is the one reported.
 */
#include "render_common.h"

#include <stdio.h>
#include <string.h>

typedef struct md {
    const pe_project *p;
    pe_out out;
} md;

static void put(md *m, const char *s, size_t n)
{
    pe_out_put(&m->out, s, n);
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
    pe_out_md(&m->out, s, heading ? "\\|*_`~[]<>#" : "\\|*_`~[]<>", heading);
}

/* A row of cells; bold wraps the non-empty ones in "**". */
static void row(md *m, const char *const *cells, int n, int bold)
{
    for (int k = 0; k < n; k++) {
        const char *c = pe_str(cells[k]);

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

/* A final score, then the reported one as "（填 x）" where they differ: a
 * reviewer needs both (docs/rules.md).  Unscored, the reported one alone. */
static char *score_text(const md *m, int have, pe_dec final,
                        pe_opt_dec reported, char *buf, size_t n)
{
    char a[PE_DEC_BUFSIZE], b[PE_DEC_BUFSIZE];

    buf[0] = '\0';
    if (have && reported.present && pe_dec_cmp(final, reported.v) != 0)
        snprintf(buf, n, "%s（填 %s）", pe_fmt_score(m->p, final, a),
                 pe_fmt_score(m->p, reported.v, b));
    else if (have)
        snprintf(buf, n, "%s", pe_fmt_score(m->p, final, a));
    else if (reported.present)
        snprintf(buf, n, "%s", pe_fmt_score(m->p, reported.v, a));
    return buf;
}

/* ---------------------------------------------------------------- sections */

static void heading(md *m)
{
    const pe_project *p = m->p;
    char year[32];

    put_s(m, "# 项目支出绩效自评表");
    if (pe_str(p->name)[0]) {
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
    pe_buf b = {0};

    cells[0] = "项目名称";
    cells[1] = p->name;
    row(m, cells, 2, 0);
    rule(m, 2, 0);
    cells[0] = "主管部门及代码";
    pe_out_keep(&m->out, pe_dept_text(p, &b, &cells[1]));
    row(m, cells, 2, 0);
    pe_buf_free(&b);
    cells[0] = "实施单位";
    cells[1] = p->unit;
    row(m, cells, 2, 0);
    put_s(m, "\n");
}

static void fund_row(md *m, const pe_fund_row *r, const char *label, int total)
{
    const pe_funds *f = &m->p->funds;
    char a[PE_DEC_BUFSIZE], b[PE_DEC_BUFSIZE], c[PE_DEC_BUFSIZE],
        w[PE_DEC_BUFSIZE], rate[PE_RATE_BUFSIZE], s[3 * PE_DEC_BUFSIZE];
    const char *cells[7];

    cells[0] = label;
    cells[1] = pe_money_text(r->initial, a);
    cells[2] = pe_money_text(r->budget, b);
    cells[3] = pe_money_text(r->executed, c);
    cells[4] = cells[5] = cells[6] = "";
    if (total) {
        cells[4] = f->weight.present ? pe_fmt_score(m->p, f->weight.v, w) : "";
        cells[5] = pe_rate_text(m->p, rate);
        cells[6] = score_text(m, m->p->scored && f->has_score, f->score,
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

    pe_out_keep(&m->out, pe_funds_head(p, &head));
    cells[0] = head.data;
    row(m, cells, 7, 0);
    rule(m, 7, 0x7Eu);
    for (size_t i = 0; i <= f->nparts; i++) {
        const char *label;

        pe_out_keep(&m->out, pe_fund_label(f, i, &head, &label));
        fund_row(m, i ? &f->parts[i - 1] : &f->total, label, i == 0);
    }
    pe_buf_free(&head);
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

static const char *max_text(const md *m, char *buf)
{
    pe_dec max;

    return pe_max_total(m->p, &max) ? pe_fmt_score(m->p, max, buf) : "";
}

static void grade_text(md *m, pe_buf *b)
{
    const char *have = pe_grade_text(m->p), *rep = pe_grade_reported(m->p);

    if (have[0] && m->out.st == PE_OK)
        m->out.st = pe_buf_printf(b, "等级：%s", have);
    if (rep && m->out.st == PE_OK)
        m->out.st = pe_buf_printf(b, "（填 %s）", rep);
}

static void indicators(md *m)
{
    const pe_project *p = m->p;
    const char *cells[PE_IND_COLS];
    char w[PE_DEC_BUFSIZE], s[3 * PE_DEC_BUFSIZE];
    pe_buf grade = {0};
    pe_group g = {0};

    row(m, pe_ind_heads, PE_IND_COLS, 0);
    rule(m, PE_IND_COLS, 0x60u);
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];

        pe_group_next(&g, r);
        pe_ind_texts(&g, r, cells);
        if (r->weight_set)
            cells[PE_IND_WEIGHT] = pe_fmt_score(p, r->weight, w);
        cells[PE_IND_SCORE] = score_text(m, p->scored && r->has_score, r->score,
                                         r->reported, s, sizeof s);
        row(m, cells, PE_IND_COLS, 0);
    }

    cells[0] = "总分";
    cells[1] = cells[2] = cells[3] = cells[4] = "";
    cells[5] = max_text(m, w);
    cells[6] =
        score_text(m, p->scored, p->total, p->reported_total, s, sizeof s);
    grade_text(m, &grade);
    cells[7] = grade.data;
    row(m, cells, PE_IND_COLS, 1);
    pe_buf_free(&grade);
}

pe_status pe_render_markdown(const pe_project *p, pe_buf *out)
{
    md m;

    if (!p || !out)
        return PE_EUSAGE;
    m.p = p;
    m.out.buf = out;
    m.out.st = PE_OK;
    heading(&m);
    header(&m);
    if (p->funds.present)
        funds(&m);
    if (pe_has_goals(p))
        goals(&m);
    indicators(&m);
    return m.out.st;
}
