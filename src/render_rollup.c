/* The roll-up (复核汇总) as an aligned table, CSV and JSON. */
#include "render_common.h"
#include "summary_cols.h"

#include <stdio.h>
#include <string.h>

const char *const pe_rollup_heads[PE_ROLLUP_NCOLS] = {
    "department",   "tables", "优",          "良",        "中",
    "差",           "mean",   "lowest",      "highest",   "budget_wan",
    "executed_wan", "rate",   "with_errors", "unloadable"};

const char *pe_rollup_cell(const pe_rollup_group *g, int col,
                           char buf[PE_DEC_BUFSIZE], pe_dec *d)
{
    size_t count = 0;

    buf[0] = '\0';
    switch (col) {
    case PE_RCOL_DEPT:
        return g->department ? g->department : "合计";
    case PE_RCOL_MEAN:
    case PE_RCOL_LOWEST:
    case PE_RCOL_HIGHEST:
        if (!g->scored)
            return buf;
        *d = col == PE_RCOL_MEAN     ? g->mean
             : col == PE_RCOL_LOWEST ? g->lowest
                                     : g->highest;
        return pe_dec_format(*d, buf);
    case PE_RCOL_BUDGET:
    case PE_RCOL_EXECUTED:
        if (!g->funded)
            return buf;
        *d = col == PE_RCOL_BUDGET ? g->budget : g->executed;
        return pe_dec_format(*d, buf);
    case PE_RCOL_RATE:
        if (!g->has_rate)
            return buf;
        *d = g->rate;
        return pe_dec_format(*d, buf);
    case PE_RCOL_TABLES:
        count = g->tables;
        break;
    case PE_RCOL_ERRORS:
        count = g->with_errors;
        break;
    case PE_RCOL_UNLOADABLE:
        count = g->unloadable;
        break;
    default:
        count = g->grades[col - PE_RCOL_G1];
        break;
    }
    snprintf(buf, PE_DEC_BUFSIZE, "%zu", count);
    return buf;
}

#define ROLLUP_OPEN "{\"format\": \"" PE_JSON_ROLLUP "\", \"departments\": ["

/* The line of the tables that name no 主管部门. */
#define NO_DEPT "（未填主管部门）"

/* The table's headings for people who read Chinese; CSV and JSON keep
 * the column names. */
static const char *const heads_zh[PE_ROLLUP_NCOLS] = {"主管部门",
                                                      "表数",
                                                      "优",
                                                      "良",
                                                      "中",
                                                      "差",
                                                      "平均分",
                                                      "最低分",
                                                      "最高分",
                                                      "预算数（万元）",
                                                      "执行数（万元）",
                                                      "执行率",
                                                      "有错误",
                                                      "无法读取"};

static void table(pe_out *w, const pe_rollup *r, int amb, int zh)
{
    const char *const *heads = zh ? heads_zh : pe_rollup_heads;
    int width[PE_ROLLUP_NCOLS];
    size_t n = pe_rollup_count(r);
    char buf[PE_DEC_BUFSIZE];
    pe_dec d;

    for (int c = 0; c < PE_ROLLUP_NCOLS; c++)
        width[c] = pe_display_width(heads[c], strlen(heads[c]), amb);
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < PE_ROLLUP_NCOLS; c++) {
            const char *v = pe_rollup_cell(pe_rollup_get(r, i), c, buf, &d);
            int dw = pe_display_width(v, strlen(v), amb);

            if (c == PE_RCOL_DEPT && !v[0])
                dw = pe_display_width(NO_DEPT, strlen(NO_DEPT), amb);
            if (dw > width[c])
                width[c] = dw;
        }
    for (size_t i = 0; i <= n; i++) {
        const pe_rollup_group *g = i ? pe_rollup_get(r, i - 1) : NULL;

        for (int c = 0; c < PE_ROLLUP_NCOLS; c++) {
            const char *v = g ? pe_rollup_cell(g, c, buf, &d) : heads[c];

            /* tables that name no 主管部门 */
            if (c == PE_RCOL_DEPT && !v[0])
                v = NO_DEPT;
            if (c)
                pe_out_put(w, "  ", 2);
            pe_out_padded(w, v, width[c], c != PE_RCOL_DEPT, amb);
        }
        pe_out_put(w, "\n", 1);
    }
}

pe_status pe_render_rollup(const pe_rollup *r, pe_check_format fmt,
                           const pe_summary_opts *o, pe_buf *out)
{
    pe_out w = {out, PE_OK};
    char buf[PE_DEC_BUFSIZE];
    size_t n = pe_rollup_count(r);
    pe_dec d;

    if (fmt == PE_CHECK_TABLE) {
        table(&w, r, o && o->ambiguous_wide, o && o->zh);
        return w.st;
    }
    if (fmt == PE_CHECK_CSV) {
        if (o && o->bom)
            pe_out_put(&w, "\xEF\xBB\xBF", 3);
        for (size_t i = 0; i <= n; i++)
            for (int c = 0; c < PE_ROLLUP_NCOLS; c++) {
                const char *v =
                    i ? pe_rollup_cell(pe_rollup_get(r, i - 1), c, buf, &d)
                      : pe_rollup_heads[c];

                if (c)
                    pe_out_put(&w, ",", 1);
                if (c == PE_RCOL_DEPT)
                    pe_out_keep(&w, pe_csv_field(out, v));
                else
                    pe_out_put(&w, v, strlen(v));
                if (c == PE_ROLLUP_NCOLS - 1)
                    pe_out_put(&w, "\n", 1);
            }
        return w.st;
    }
    pe_out_put(&w, ROLLUP_OPEN, strlen(ROLLUP_OPEN));
    for (size_t i = 0; i < n; i++) {
        const pe_rollup_group *g = pe_rollup_get(r, i);

        if (i + 1 == n)
            pe_out_put(&w, "\n], \"overall\": ", strlen("\n], \"overall\": "));
        else
            pe_out_put(&w, i ? ",\n  " : "\n  ", i ? 4 : 3);
        for (int c = 0, k = 0; c < PE_ROLLUP_NCOLS; c++) {
            const char *v = pe_rollup_cell(g, c, buf, &d);

            /* the overall group has no department */
            if (c == PE_RCOL_DEPT && !g->department)
                continue;
            pe_out_keep(&w, pe_buf_printf(out, "%s\"%s\": ", k++ ? ", " : "{",
                                          pe_rollup_heads[c]));
            if (c == PE_RCOL_DEPT)
                pe_out_keep(&w, pe_json_quote(out, v));
            else
                pe_out_put(&w, v[0] ? v : "null", v[0] ? strlen(v) : 4);
        }
        pe_out_put(&w, "}", 1);
    }
    pe_out_put(&w, "}\n", 2);
    return w.st;
}
