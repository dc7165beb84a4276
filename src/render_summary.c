/* The reviewer's summary as CSV, JSON and an aligned table: one record
 * per table, the columns in one list so that the three agree. */
#include "render_common.h"
#include "summary_cols.h"

#include <stdio.h>
#include <string.h>

const char *const pe_summary_heads[PE_SUMMARY_NCOLS] = {
    "file",   "sheet",         "name",  "department", "unit",          "year",
    "total",  "printed_total", "delta", "grade",      "printed_grade", "rules",
    "errors", "warnings",      "infos", "status",     "reason"};

/* The aligned table is for people: in Chinese, its headings and status
 * words are; CSV and JSON keep the column names scripts read. */
static const char *const heads_zh[PE_SUMMARY_NCOLS] = {
    "文件", "工作表",   "项目名称", "主管部门", "实施单位", "年度",
    "总分", "填报总分", "差额",     "等级",     "填报等级", "规则",
    "错误", "警告",     "提示",     "状态",     "原因"};

static const char *status_zh(pe_summary_status s)
{
    return s == PE_SUMMARY_OK         ? "正常"
           : s == PE_SUMMARY_FINDINGS ? "有问题"
                                      : "无法读取";
}

const char *pe_summary_status_name(pe_summary_status s)
{
    return s == PE_SUMMARY_OK         ? "ok"
           : s == PE_SUMMARY_FINDINGS ? "findings"
                                      : "unloadable";
}

int pe_summary_col_is_number(int col)
{
    return col == PE_SCOL_YEAR || col == PE_SCOL_TOTAL ||
           col == PE_SCOL_PRINTED || col == PE_SCOL_DELTA ||
           col == PE_SCOL_ERRORS || col == PE_SCOL_WARNINGS ||
           col == PE_SCOL_INFOS;
}

const char *pe_summary_cell(const pe_summary_record *r, int col, int zh,
                            char buf[PE_DEC_BUFSIZE])
{
    buf[0] = '\0';
    switch (col) {
    case PE_SCOL_FILE:
        return r->file;
    case PE_SCOL_SHEET:
        return r->sheet;
    case PE_SCOL_NAME:
        return r->name;
    case PE_SCOL_DEPT:
        return r->department;
    case PE_SCOL_UNIT:
        return r->unit;
    case PE_SCOL_YEAR:
        if (r->year)
            snprintf(buf, PE_DEC_BUFSIZE, "%d", r->year);
        return buf;
    case PE_SCOL_TOTAL:
        return r->scored ? pe_dec_format(r->total, buf) : buf;
    case PE_SCOL_PRINTED:
        return r->has_printed_total ? pe_dec_format(r->printed_total, buf)
                                    : buf;
    case PE_SCOL_DELTA:
        return r->has_delta ? pe_dec_format(r->delta, buf) : buf;
    case PE_SCOL_GRADE:
        return r->grade;
    case PE_SCOL_PGRADE:
        return r->printed_grade;
    case PE_SCOL_RULES:
        return r->rules;
    case PE_SCOL_ERRORS:
    case PE_SCOL_WARNINGS:
    case PE_SCOL_INFOS:
        if (r->status != PE_SUMMARY_UNLOADABLE)
            snprintf(buf, PE_DEC_BUFSIZE, "%zu",
                     col == PE_SCOL_ERRORS     ? r->errors
                     : col == PE_SCOL_WARNINGS ? r->warnings
                                               : r->infos);
        return buf;
    case PE_SCOL_STATUS:
        return pe_summary_status_name(r->status);
    default:
        return zh ? r->reason_zh : r->reason;
    }
}

pe_status pe_render_summary_begin(pe_check_format fmt, const pe_summary_opts *o,
                                  pe_buf *out)
{
    pe_out w = {out, PE_OK};

    if (fmt == PE_CHECK_JSON)
        return pe_buf_puts(out, "{\"format\": \"" PE_JSON_SUMMARY "\", "
                                "\"tables\": [");
    if (fmt != PE_CHECK_CSV)
        return PE_OK;
    if (o && o->bom)
        pe_out_put(&w, "\xEF\xBB\xBF", 3);
    for (int c = 0; c < PE_SUMMARY_NCOLS; c++) {
        pe_out_put(&w, c ? "," : "", c ? 1 : 0);
        pe_out_put(&w, pe_summary_heads[c], strlen(pe_summary_heads[c]));
    }
    pe_out_put(&w, "\n", 1);
    return w.st;
}

pe_status pe_render_summary_record(const pe_summary_record *r,
                                   pe_check_format fmt,
                                   const pe_summary_opts *o, int first,
                                   pe_buf *out)
{
    int zh = o && o->zh;
    pe_status st = PE_OK;
    char buf[PE_DEC_BUFSIZE];

    if (fmt == PE_CHECK_CSV) {
        for (int c = 0; c < PE_SUMMARY_NCOLS && st == PE_OK; c++) {
            const char *v = pe_summary_cell(r, c, zh, buf);

            if (c)
                st = pe_buf_append(out, ",", 1);
            /* a number is data, never a formula: "-0.50" stays */
            if (st == PE_OK)
                st = pe_summary_col_is_number(c) ? pe_buf_puts(out, v)
                                                 : pe_csv_field(out, v);
        }
        return st == PE_OK ? pe_buf_append(out, "\n", 1) : st;
    }
    if (fmt != PE_CHECK_JSON)
        return PE_EUSAGE;
    st = pe_buf_puts(out, first ? "\n  {" : ",\n  {");
    for (int c = 0; c < PE_SUMMARY_NCOLS && st == PE_OK; c++) {
        const char *v = pe_summary_cell(r, c, zh, buf);

        st = pe_buf_printf(out, "%s\"%s\": ", c ? ", " : "",
                           pe_summary_heads[c]);
        if (st != PE_OK)
            break;
        /* numbers as score -f json writes them, exact; absent ones null */
        if (pe_summary_col_is_number(c))
            st = pe_buf_puts(out, v[0] ? v : "null");
        else if (!v[0] && c != PE_SCOL_FILE)
            st = pe_buf_puts(out, "null");
        else
            st = pe_json_quote(out, v);
    }
    return st == PE_OK ? pe_buf_append(out, "}", 1) : st;
}

pe_status pe_render_summary_end(pe_check_format fmt, const pe_summary_opts *o,
                                pe_buf *out)
{
    (void)o;
    if (fmt == PE_CHECK_JSON)
        return pe_buf_puts(out, "\n]}\n");
    return PE_OK;
}

pe_status pe_render_summary_table(const pe_summary *s, const pe_summary_opts *o,
                                  pe_buf *out)
{
    int width[PE_SUMMARY_NCOLS], zh = o && o->zh;
    int amb = o && o->ambiguous_wide;
    pe_out w = {out, PE_OK};
    char buf[PE_DEC_BUFSIZE];
    size_t n = pe_summary_count(s);

    const char *const *heads = zh ? heads_zh : pe_summary_heads;

    for (int c = 0; c < PE_SUMMARY_NCOLS; c++)
        width[c] = pe_display_width(heads[c], strlen(heads[c]), amb);
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < PE_SUMMARY_NCOLS; c++) {
            const pe_summary_record *r = pe_summary_get(s, i);
            const char *v = zh && c == PE_SCOL_STATUS
                                ? status_zh(r->status)
                                : pe_summary_cell(r, c, zh, buf);
            int dw = pe_display_width(v, strlen(v), amb);

            if (dw > width[c])
                width[c] = dw;
        }
    for (size_t i = 0; i <= n; i++) {
        const pe_summary_record *r = i ? pe_summary_get(s, i - 1) : NULL;

        for (int c = 0; c < PE_SUMMARY_NCOLS; c++) {
            const char *v = !r ? heads[c]
                            : zh && c == PE_SCOL_STATUS
                                ? status_zh(r->status)
                                : pe_summary_cell(r, c, zh, buf);

            if (c)
                pe_out_put(&w, "  ", 2);
            if (c == PE_SUMMARY_NCOLS - 1)
                pe_out_put(&w, v, strlen(v));
            else
                pe_out_padded(&w, v, width[c], pe_summary_col_is_number(c),
                              amb);
        }
        /* the last column ragged: no trailing spaces */
        while (w.st == PE_OK && out->len && out->data[out->len - 1] == ' ')
            out->len--;
        pe_out_put(&w, "\n", 1);
    }
    return w.st;
}
