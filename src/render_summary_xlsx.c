/* The reviewer's summary as a workbook: 汇总 (one row per table) and
 * 问题清单 (every finding), written all or nothing through io.c. */
#include "os.h"
#include "project.h"
#include "render_common.h"
#include "summary_cols.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* The 汇总 headers, for a clerk: the CSV's columns in Chinese. */
static const char *const heads_zh[PE_SUMMARY_NCOLS] = {
    "文件", "工作表",   "项目名称", "主管部门", "实施单位", "年度",
    "总分", "表上总分", "差额",     "等级",     "表上等级", "评分规则",
    "错误", "警告",     "提示",     "状态",     "原因"};

static const char *const finding_heads[] = {
    "文件", "工作表", "严重程度", "代码", "行", "文件行", "三级指标", "说明"};

typedef struct sx {
    lxw_workbook *wb;
    lxw_format *head, *num;
    lxw_format *wrap; /* long text: wrapped, the row growing to hold it */
    int lines;        /* the lines the current row's texts take */
    pe_status st;
    lxw_error le;
} sx;

/* Column widths (units of a '0'; a CJK character takes two), narrow
 * enough that a sheet prints one A4 page wide at about 70%: long texts
 * wrap and their row grows. */
static const double sum_widths[PE_SUMMARY_NCOLS] = {
    28, 8, 22, 16, 16, 6, 8, 8, 8, 6, 8, 12, 6, 6, 6, 10, 40};
static const double finding_widths[] = {28, 8, 8, 14, 6, 8, 20, 70};
static const double rollup_widths[PE_ROLLUP_NCOLS] = {
    30, 6, 6, 6, 6, 6, 8, 8, 8, 14, 14, 12, 10, 10};

static void keep(sx *x, lxw_error le)
{
    if (le != LXW_NO_ERROR && x->st == PE_OK) {
        x->le = le;
        x->st = le == LXW_ERROR_MEMORY_MALLOC_FAILED ? PE_ENOMEM : PE_EIO;
    }
}

/* A text cell of a column `width` wide, its lines counted for the row. */
static void put_text(sx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                     const char *v, double width, lxw_format *f)
{
    int n = pe_wrap_lines(v, width);

    if (n > x->lines)
        x->lines = n;
    keep(x, worksheet_write_string(ws, row, col, v, f));
}

/* The end of a row: as tall as its longest text (LibreOffice does not
 * grow a row to wrapped text by itself; Excel would). */
static void end_row(sx *x, lxw_worksheet *ws, lxw_row_t row)
{
    double h = x->lines * 15.0;

    if (x->lines > 1)
        keep(x, worksheet_set_row(ws, row, h < 409 ? h : 409, NULL));
    x->lines = 0;
}

static void set_widths(sx *x, lxw_worksheet *ws, const double *w, int n)
{
    for (int c = 0; c < n; c++)
        keep(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w[c],
                                     x->wrap));
}

/* "0.00" for a value with two places: Excel shows 80.00, not 80. */
static lxw_format *places_format(sx *x, lxw_format **cache, int scale)
{
    static const char *const fmts[] = {
        "0",       "0.0",      "0.00",      "0.000",      "0.0000",
        "0.00000", "0.000000", "0.0000000", "0.00000000", "0.000000000"};

    if (scale < 0 || scale > PE_DEC_MAX_SCALE)
        scale = 0;
    if (!cache[scale]) {
        cache[scale] = workbook_add_format(x->wb);
        if (!cache[scale]) {
            keep(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return NULL;
        }
        format_set_num_format(cache[scale], fmts[scale]);
        format_set_align(cache[scale], LXW_ALIGN_VERTICAL_TOP);
    }
    return cache[scale];
}

/*
 * How a sheet prints: A4 landscape, every column on one page's width (the
 * pages run down, never across), the header row again on every page, the
 * grid printed, and the page's number and count in the footer.  A bureau
 * prints the summary for the file; 17 columns split over three pages
 * would not be read.
 */
static void print_setup(sx *x, lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_gridlines(ws, LXW_SHOW_PRINT_GRIDLINES);
    keep(x, worksheet_repeat_rows(ws, 0, 0));
    keep(x, worksheet_set_footer(ws, "&C&A  第 &P 页，共 &N 页"));
}

static void summary_sheet(sx *x, const pe_summary *s, const pe_summary_opts *o)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "汇总");
    lxw_format *places[PE_DEC_MAX_SCALE + 1] = {NULL};
    size_t n = pe_summary_count(s);
    char buf[PE_DEC_BUFSIZE];

    if (!ws) {
        keep(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (lxw_col_t c = 0; c < PE_SUMMARY_NCOLS; c++)
        put_text(x, ws, 0, c, heads_zh[c], sum_widths[c], x->head);
    end_row(x, ws, 0);
    for (size_t i = 0; i < n && x->st == PE_OK; i++) {
        const pe_summary_record *r = pe_summary_get(s, i);
        lxw_row_t row = (lxw_row_t)(i + 1);

        for (int c = 0; c < PE_SUMMARY_NCOLS; c++) {
            const char *v = pe_summary_cell(r, c, o && o->zh, buf);
            lxw_col_t col = (lxw_col_t)c;
            pe_dec d;

            if (!v[0])
                continue;
            if (!pe_summary_col_is_number(c)) {
                put_text(x, ws, row, col, v, sum_widths[c], NULL);
                continue;
            }
            d = c == PE_SCOL_TOTAL     ? r->total
                : c == PE_SCOL_PRINTED ? r->printed_total
                : c == PE_SCOL_DELTA   ? r->delta
                                       : pe_dec_from_int(0);
            if (c == PE_SCOL_TOTAL || c == PE_SCOL_PRINTED ||
                c == PE_SCOL_DELTA)
                keep(x,
                     worksheet_write_number(ws, row, col, pe_dec_to_display(d),
                                            places_format(x, places, d.scale)));
            else
                keep(x, worksheet_write_number(ws, row, col, strtod(v, NULL),
                                               NULL));
        }
        end_row(x, ws, row);
    }
    set_widths(x, ws, sum_widths, PE_SUMMARY_NCOLS);
    worksheet_freeze_panes(ws, 1, 0);
    keep(x, worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, PE_SUMMARY_NCOLS - 1));
    print_setup(x, ws);
}

static const char *severity_zh(pe_severity s)
{
    return s == PE_SEV_ERROR ? "错误" : s == PE_SEV_WARNING ? "警告" : "提示";
}

static void findings_sheet(sx *x, const pe_summary *s, const pe_summary_opts *o)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "问题清单");
    pe_severity min = o ? o->min_severity : PE_SEV_INFO;
    lxw_row_t row = 0;
    const lxw_col_t ncol =
        (lxw_col_t)(sizeof finding_heads / sizeof finding_heads[0]);

    if (!ws) {
        keep(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (lxw_col_t c = 0; c < ncol; c++)
        put_text(x, ws, 0, c, finding_heads[c], finding_widths[c], x->head);
    end_row(x, ws, 0);
    for (size_t i = 0; i < pe_summary_count(s) && x->st == PE_OK; i++) {
        const pe_summary_record *r = pe_summary_get(s, i);

        for (size_t k = 0; k < r->nfindings && x->st == PE_OK; k++) {
            const pe_summary_finding *f = &r->findings[k];

            if (f->severity < min)
                continue;
            if (++row >= LXW_ROW_MAX) {
                keep(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
                break;
            }
            put_text(x, ws, row, 0, r->file, finding_widths[0], NULL);
            put_text(x, ws, row, 1, r->sheet, finding_widths[1], NULL);
            keep(x, worksheet_write_string(ws, row, 2, severity_zh(f->severity),
                                           NULL));
            keep(x, worksheet_write_string(ws, row, 3, f->code, NULL));
            if (f->row > 0)
                keep(x,
                     worksheet_write_number(ws, row, 4, (double)f->row, NULL));
            else
                keep(x, worksheet_write_string(
                            ws, row, 4, f->row == 0 ? "资金" : "全表", NULL));
            if (f->line > 0)
                keep(x,
                     worksheet_write_number(ws, row, 5, (double)f->line, NULL));
            put_text(x, ws, row, 6, f->indicator, finding_widths[6], NULL);
            put_text(x, ws, row, 7, o && o->zh ? f->msg_zh : f->msg,
                     finding_widths[7], NULL);
            end_row(x, ws, row);
        }
    }
    set_widths(x, ws, finding_widths, (int)ncol);
    worksheet_freeze_panes(ws, 1, 0);
    keep(x, worksheet_autofilter(ws, 0, 0, row, ncol - 1));
    print_setup(x, ws);
}

static const char *const rollup_heads_zh[PE_ROLLUP_NCOLS] = {"主管部门",
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
                                                             "执行率（%）",
                                                             "有错误的表",
                                                             "未能读取"};

static void rollup_sheet(sx *x, const pe_summary *s)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "复核汇总");
    lxw_format *places[PE_DEC_MAX_SCALE + 1] = {NULL};
    pe_rollup *r = NULL;
    pe_status st;
    char buf[PE_DEC_BUFSIZE];

    if (!ws) {
        keep(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    if ((st = pe_rollup_new(s, &r)) != PE_OK) {
        x->st = st;
        return;
    }
    for (lxw_col_t c = 0; c < PE_ROLLUP_NCOLS; c++)
        put_text(x, ws, 0, c, rollup_heads_zh[c], rollup_widths[c], x->head);
    end_row(x, ws, 0);
    for (size_t i = 0; i < pe_rollup_count(r) && x->st == PE_OK; i++) {
        const pe_rollup_group *g = pe_rollup_get(r, i);
        lxw_row_t row = (lxw_row_t)(i + 1);

        for (int c = 0; c < PE_ROLLUP_NCOLS; c++) {
            pe_dec d = pe_dec_from_int(0);
            const char *v = pe_rollup_cell(g, c, buf, &d);

            if (c == PE_RCOL_DEPT)
                put_text(x, ws, row, 0, v[0] ? v : "（未填主管部门）",
                         rollup_widths[0], g->department ? NULL : x->head);
            else if (v[0] && c >= PE_RCOL_MEAN && c <= PE_RCOL_RATE)
                keep(x, worksheet_write_number(
                            ws, row, (lxw_col_t)c, pe_dec_to_display(d),
                            places_format(x, places,
                                          c == PE_RCOL_BUDGET ||
                                                  c == PE_RCOL_EXECUTED
                                              ? (d.scale < 2 ? 2 : d.scale)
                                              : 2)));
            else if (v[0])
                keep(x, worksheet_write_number(ws, row, (lxw_col_t)c,
                                               strtod(v, NULL), NULL));
        }
        end_row(x, ws, row);
    }
    pe_rollup_free(r);
    set_widths(x, ws, rollup_widths, PE_ROLLUP_NCOLS);
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(x, ws);
}

pe_status pe_render_summary_xlsx(const pe_summary *s, const pe_summary_opts *o,
                                 const char *path, pe_error *err)
{
    lxw_workbook_options wo = {LXW_FALSE, NULL, LXW_FALSE};
    pe_target t;
    pe_status st;
    lxw_error le;
    sx x = {.st = PE_OK};

    if (!s || !path || !path[0] || strcmp(path, "-") == 0) {
        pe_error_set(err, path && path[0] ? path : "-", 0, 0,
                     "an xlsx workbook needs a file to write to (-o FILE)");
        return PE_EUSAGE;
    }
    if ((st = pe_target_open(path, 1, &t, err)) != PE_OK)
        return st;
    pe_os_close(t.fd); /* libxlsxwriter opens the file by its name */
    t.fd = -1;
    if (!(x.wb = workbook_new_opt(t.tmp, &wo)) ||
        !(x.head = workbook_add_format(x.wb)) ||
        !(x.wrap = workbook_add_format(x.wb))) {
        lxw_workbook_free(x.wb);
        pe_target_abort(&t);
        pe_error_set(err, path, 0, 0, "out of memory");
        return PE_ENOMEM;
    }
    format_set_bold(x.head);
    format_set_text_wrap(x.head);
    format_set_align(x.head, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(x.wrap);
    format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);
    summary_sheet(&x, s, o);
    if (x.st == PE_OK)
        findings_sheet(&x, s, o);
    if (x.st == PE_OK)
        rollup_sheet(&x, s);
    if (x.st != PE_OK) {
        lxw_workbook_free(x.wb);
        pe_error_set(err, path, 0, 0, "cannot write: %s",
                     x.le != LXW_NO_ERROR ? lxw_strerror(x.le)
                                          : pe_strerror(x.st));
        st = x.st;
    } else if ((le = workbook_close(x.wb)) != LXW_NO_ERROR) {
        pe_error_set(err, path, 0, 0, "cannot write: %s", lxw_strerror(le));
        st = le == LXW_ERROR_MEMORY_MALLOC_FAILED ? PE_ENOMEM : PE_EIO;
    } else if (pe_os_sync_path(t.tmp) != 0) {
        pe_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
        st = PE_EIO;
    }
    if (st == PE_OK)
        st = pe_target_commit(&t, err);
    else
        pe_target_abort(&t);
    return st;
}
