/*
 * --format xlsx: the 附件1 form as the official template (财预〔2020〕10号,
 * 附件1) lays it out, written with libxlsxwriter.
 *
 * Nine columns, A the block labels (项目资金, 年度总体目标, 绩效指标) merged
 * down their blocks, B..I the indicator columns 一级指标 .. 偏差原因分析及
 * 改进措施; the funds block and the header rows merge B..I to their needs.
 *
 * libxlsxwriter opens and writes the file itself, in workbook_close(); so
 * unlike the other renderers this one touches the file system, with the
 * same discipline as pe_io_write_atomic(): a temporary file beside the
 * target, renamed into place only when the workbook is complete.
 *
 * Row heights are set here, not left to the spreadsheet: Excel never fits
 * a row to a cell merged across columns, and LibreOffice, converting the
 * file, left wrapped rows at one line.  So every row whose text wraps gets
 * a height estimated from the text's display width (two units per CJK
 * character, pe_display_width()) and the widths of the columns it spans.
 */
#include "os.h"
#include "render_common.h"
#include "width.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define NCOL 9
#define COL_L1 1 /* B: 一级指标 */
#define COL_L2 2
#define COL_WEIGHT (COL_L1 + PE_IND_WEIGHT)
#define COL_SCORE (COL_L1 + PE_IND_SCORE)
#define COL_LAST 8
/* Points per line of 11 pt text, and Excel's tallest row. */
#define LINE_PT 15.0
#define MAX_ROW_PT 409.0
/* Excel's longest cell text, in characters. */
#define MAX_CELL_CHARS 32767

typedef struct xl {
    const pe_project *p;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    double width[NCOL];
    int *lines; /* per row: lines of its tallest cell */
    lxw_row_t nrows;
    lxw_format *annex, *title, *year, *label, *head, *text, *bold, *money, *pct;
    /* where the sums' cells are (formulas, sum_cells()): the indicator
     * rows, the funds' total row, the indicator header row */
    lxw_row_t ind_first, ind_end, funds_row, ind_head;
    int has_funds_row;
    lxw_format *num[PE_DEC_MAX_SCALE + 1], *bnum[PE_DEC_MAX_SCALE + 1];
    pe_status st;
    lxw_error lerr; /* the first libxlsxwriter error */
    char bad[16];   /* the cell a PE_EDATA is about */
} xl;

static int ok(const xl *x)
{
    return x->st == PE_OK;
}

static void check(xl *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && ok(x)) {
        x->st = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? PE_ENOMEM : PE_EIO;
        x->lerr = e;
    }
}

/* "B13" */
static void cell_name(lxw_row_t r, lxw_col_t c, char *buf, size_t n)
{
    snprintf(buf, n, "%c%lu", 'A' + c, (unsigned long)r + 1);
}

/* ---------------------------------------------------------------- measuring */

/* Display columns stand for column units (a '0' of the default font): a
 * CJK character counts two, about the room it takes. */
static void widen(xl *x, int col, const char *s)
{
    double w = pe_text_width(s, 0) + 2;

    if (w > x->width[col])
        x->width[col] = w;
}

/* ---------------------------------------------------------------- numbers */

/* ---------------------------------------------------------------- formats */

static lxw_format *new_format(xl *x, int border)
{
    lxw_format *f = workbook_add_format(x->wb);

    if (!f) {
        if (ok(x))
            x->st = PE_ENOMEM;
        return NULL;
    }
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 11);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    return f;
}

static void make_formats(xl *x)
{
    /* "附件1" at the top left, 3号黑体 as GB/T 9704 sets it */
    if ((x->annex = new_format(x, 0))) {
        format_set_font_name(x->annex, "黑体");
        format_set_font_size(x->annex, 16);
        format_set_align(x->annex, LXW_ALIGN_LEFT);
    }
    if ((x->title = new_format(x, 0))) {
        format_set_font_size(x->title, 18);
        format_set_bold(x->title);
        format_set_align(x->title, LXW_ALIGN_CENTER);
    }
    if ((x->year = new_format(x, 0)))
        format_set_align(x->year, LXW_ALIGN_CENTER);
    if ((x->label = new_format(x, 1))) {
        format_set_align(x->label, LXW_ALIGN_CENTER);
        format_set_text_wrap(x->label);
    }
    if ((x->head = new_format(x, 1))) {
        format_set_align(x->head, LXW_ALIGN_CENTER);
        format_set_text_wrap(x->head);
        format_set_bold(x->head);
    }
    if ((x->text = new_format(x, 1))) {
        format_set_align(x->text, LXW_ALIGN_LEFT);
        format_set_text_wrap(x->text);
    }
    if ((x->bold = new_format(x, 1))) {
        format_set_align(x->bold, LXW_ALIGN_CENTER);
        format_set_text_wrap(x->bold);
        format_set_bold(x->bold);
    }
    /* Amounts keep the places they were written with: General shows 1.798
     * as 1.798 and 3 as 3, as the other renderers do. */
    if ((x->money = new_format(x, 1)))
        format_set_align(x->money, LXW_ALIGN_RIGHT);
    if ((x->pct = new_format(x, 1)))
        format_set_num_format(x->pct, "0.00%");
}

/* "0.00" for two places, made the first time a score needs it. */
static lxw_format *num_format(xl *x, int places, int bold)
{
    lxw_format **slot = bold ? &x->bnum[places] : &x->num[places];

    if (!*slot && (*slot = new_format(x, 1))) {
        char pattern[PE_DEC_MAX_SCALE + 3] = "0";

        if (places > 0) {
            pattern[1] = '.';
            memset(pattern + 2, '0', (size_t)places);
            pattern[places + 2] = '\0';
        }
        format_set_num_format(*slot, pattern);
        if (bold)
            format_set_bold(*slot);
    }
    return *slot;
}

/* ---------------------------------------------------------------- cells */

static int too_long(xl *x, lxw_row_t r, lxw_col_t c, const char *s)
{
    if (lxw_utf8_strlen(s) <= MAX_CELL_CHARS)
        return 0;
    if (ok(x)) {
        x->st = PE_EDATA;
        cell_name(r, c, x->bad, sizeof x->bad);
    }
    return 1;
}

static void note_lines(xl *x, lxw_row_t r, const char *s, double width)
{
    int n = pe_wrap_lines(s, width);

    if (r < x->nrows && n > x->lines[r])
        x->lines[r] = n;
}

/* Can XML 1.0 hold code point cp?  Not C0 controls other than tab, LF
 * and CR, nor U+FFFE and U+FFFF: a workbook holding one opens in no
 * reader (perfeval's own included). */
static int xml_legal(uint32_t cp)
{
    return cp != PE_UTF8_INVALID && (cp >= 0x20 || cp == '\t' || cp == '\n') &&
           cp != 0xFFFE && cp != 0xFFFF;
}

/*
 * Text as a workbook can hold it: line breaks as Excel writes them, LF
 * alone (a CR would be kept as "_x000D_" and show as nothing), and what
 * XML cannot hold, or a byte that is not UTF-8, as U+FFFD.  Returns s
 * itself, or the copy in b.
 */
static const char *xml_text(xl *x, const char *s, pe_buf *b)
{
    size_t n = strlen(s), i = 0, run = 0;
    int clean = 1;

    while (i < n && clean) {
        uint32_t cp;
        size_t k = pe_utf8_decode(s + i, n - i, &cp);

        clean = xml_legal(cp);
        i += k;
    }
    if (clean)
        return s;
    for (i = 0; i < n && ok(x);) {
        uint32_t cp;
        size_t k = pe_utf8_decode(s + i, n - i, &cp);
        const char *sub = NULL;

        if (cp == '\r')
            sub = s[i + 1] == '\n' ? "" : "\n";
        else if (!xml_legal(cp))
            sub = "\xEF\xBF\xBD"; /* U+FFFD */
        if (sub && (pe_buf_append(b, s + run, i - run) != PE_OK ||
                    pe_buf_append(b, sub, strlen(sub)) != PE_OK))
            x->st = PE_ENOMEM;
        i += k;
        if (sub)
            run = i;
    }
    if (ok(x) && pe_buf_append(b, s + run, n - run) != PE_OK)
        x->st = PE_ENOMEM;
    return b->data ? b->data : "";
}

static void text_cell(xl *x, lxw_row_t r, lxw_col_t c, const char *s,
                      lxw_format *f)
{
    pe_buf b = {0};

    s = xml_text(x, pe_str(s), &b);
    if (ok(x) && !too_long(x, r, c, s)) {
        note_lines(x, r, s, x->width[c]);
        check(x, s[0] ? worksheet_write_string(x->ws, r, c, s, f)
                      : worksheet_write_blank(x->ws, r, c, f));
    }
    pe_buf_free(&b);
}

/* Text over r1..r2 × c1..c2, merged when that is more than one cell (Excel
 * refuses to merge a single one). */
static void merged(xl *x, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                   lxw_col_t c2, const char *s, lxw_format *f)
{
    pe_buf b = {0};
    double w = 0;

    if (r1 == r2 && c1 == c2) {
        text_cell(x, r1, c1, s, f);
        return;
    }
    s = xml_text(x, pe_str(s), &b);
    if (ok(x) && !too_long(x, r1, c1, s)) {
        /* A merge down several rows has their heights to wrap in. */
        if (r1 == r2) {
            for (lxw_col_t c = c1; c <= c2; c++)
                w += x->width[c];
            note_lines(x, r1, s, w);
        }
        check(x, worksheet_merge_range(x->ws, r1, c1, r2, c2, s, f));
    }
    pe_buf_free(&b);
}

static void num_cell(xl *x, lxw_row_t r, lxw_col_t c, pe_dec d, lxw_format *f)
{
    if (ok(x))
        check(x, worksheet_write_number(x->ws, r, c, pe_dec_to_display(d), f));
}

static void money_cell(xl *x, lxw_row_t r, lxw_col_t c, pe_opt_dec v)
{
    if (v.present)
        num_cell(x, r, c, v.v, x->money);
    else
        text_cell(x, r, c, "", x->money);
}

static void score_cell(xl *x, lxw_row_t r, lxw_col_t c, pe_dec d, int bold)
{
    num_cell(x, r, c, d, num_format(x, pe_score_places(x->p, d), bold));
}

/*
 * A final score, or the reported one on an unscored project.  Where the
 * two differ the cell keeps the number (a spreadsheet sums it) and a
 * comment carries "填 0.59": the reviewer sees both (docs/rules.md).
 */
static void final_cell(xl *x, lxw_row_t r, lxw_col_t c, int have, pe_dec final,
                       pe_opt_dec reported, int bold)
{
    char a[PE_DEC_BUFSIZE], note[PE_DEC_BUFSIZE + 8];

    if (have) {
        score_cell(x, r, c, final, bold);
        if (reported.present && pe_dec_cmp(final, reported.v) != 0 && ok(x)) {
            snprintf(note, sizeof note, "填 %s",
                     pe_fmt_score(x->p, reported.v, a));
            check(x, worksheet_write_comment(x->ws, r, c, note));
        }
    } else if (reported.present) {
        score_cell(x, r, c, reported.v, bold);
    } else {
        text_cell(x, r, c, "", num_format(x, pe_rules_places(x->p), bold));
    }
}

/*
 * 执行率 as a fraction shown "0.00%": the printed one ("59.90%" is 0.599)
 * where the table has it, else the computed rate cut to what the format
 * shows by the rules' rounding, so that Excel's own display rounding never
 * turns a truncated 59.93% into 59.94%.  A printed rate that is not a
 * percentage stays text.
 */
static void rate_cell(xl *x, lxw_row_t r, lxw_col_t c)
{
    const pe_funds *f = &x->p->funds;
    const char *rep = pe_str(f->reported_rate);
    pe_cell cell;
    pe_dec v;

    if (rep[0]) {
        if (pe_cell_parse(rep, strlen(rep), &cell) == PE_OK &&
            cell.kind == PE_CELL_NUMBER && cell.percent &&
            cell.cmp == PE_CMP_NONE && !cell.unit[0] &&
            cell.value.scale + 2 <= PE_DEC_MAX_SCALE) {
            v = cell.value;
            v.scale += 2;
            num_cell(x, r, c, v, x->pct);
        } else {
            text_cell(x, r, c, rep, x->text);
        }
    } else if (x->p->scored && f->rate_known &&
               pe_dec_round(f->rate, 4, x->p->rules.rounding, &v) == PE_OK) {
        num_cell(x, r, c, v, x->pct);
    } else {
        text_cell(x, r, c, "", x->pct);
    }
}

/* ---------------------------------------------------------------- sums */

/*
 * A sum as a formula, "=SUM(H14:H32,I6)", with the value it comes to
 * cached beside it (worksheet_write_formula_num): Excel, WPS and
 * LibreOffice compute it again when a score is edited, so the 总分 never
 * goes stale, and perfeval, which reads a formula cell's cached value
 * (xlsx_read.c), reads what they show.  Only where the cells do add up to
 * the value the form shows: a total filed otherwise than its rows' sum
 * stays that number, as filed.
 */
typedef struct sum {
    pe_dec v;
    int fits;
    char f[96];
} sum;

static void sum_start(sum *m)
{
    m->v = pe_dec_from_int(0);
    m->fits = 1;
    snprintf(m->f, sizeof m->f, "%s", "=SUM(");
}

static void sum_add(sum *m, pe_dec d)
{
    if (m->fits && pe_dec_add(m->v, d, &m->v) != PE_OK)
        m->fits = 0;
}

/* Cells r1..r2 of column c into the formula. */
static void sum_range(sum *m, lxw_row_t r1, lxw_row_t r2, lxw_col_t c)
{
    char a[16], b[16];
    size_t n = strlen(m->f);

    cell_name(r1, c, a, sizeof a);
    cell_name(r2, c, b, sizeof b);
    snprintf(m->f + n, sizeof m->f - n, "%s%s%s%s",
             m->f[n - 1] == '(' ? "" : ",", a, r1 == r2 ? "" : ":",
             r1 == r2 ? "" : b);
}

/* The formula, if it comes to `want`; 0 for the caller to write the
 * number. */
static int sum_write(xl *x, sum *m, lxw_row_t r, lxw_col_t c, pe_dec want,
                     lxw_format *f)
{
    size_t n = strlen(m->f);

    if (!m->fits || m->f[n - 1] == '(' || pe_dec_cmp(m->v, want) != 0 ||
        n + 2 > sizeof m->f)
        return 0;
    m->f[n] = ')';
    m->f[n + 1] = '\0';
    if (ok(x))
        check(x, worksheet_write_formula_num(x->ws, r, c, m->f, f,
                                             pe_dec_to_display(want)));
    return 1;
}

/* The value a score cell shows (final_cell): 0 for none. */
static int shown(int have, pe_dec final, pe_opt_dec reported, pe_dec *v)
{
    if (have)
        *v = final;
    else if (reported.present)
        *v = reported.v;
    return have || reported.present;
}

/* The 总分 row's 分值: its rows' 分值 (and the funds', where they count). */
static int max_formula(xl *x, lxw_row_t r, pe_dec max)
{
    const pe_project *p = x->p;
    sum m;

    sum_start(&m);
    if (p->nind)
        sum_range(&m, x->ind_first, x->ind_end - 1, COL_WEIGHT);
    for (size_t i = 0; i < p->nind; i++)
        if (p->ind[i].weight_set)
            sum_add(&m, p->ind[i].weight);
    if (x->has_funds_row && p->rules.funds_in_total &&
        p->funds.weight.present) {
        sum_range(&m, x->funds_row, x->funds_row, 6);
        sum_add(&m, p->funds.weight.v);
    }
    return sum_write(x, &m, r, COL_WEIGHT, max,
                     num_format(x, pe_score_places(p, max), 1));
}

/* The 总分 row's 得分: its rows' scores as the cells show them (and the
 * funds', where they count). */
static int total_formula(xl *x, lxw_row_t r)
{
    const pe_project *p = x->p;
    const pe_funds *f = &p->funds;
    pe_dec want, v;
    sum m;

    /* a blank form (init) sums its blank cells: 0 until they are filled */
    if (!shown(p->scored, p->total, p->reported_total, &want)) {
        if (p->scored)
            return 0;
        want = pe_dec_from_int(0);
    }
    sum_start(&m);
    if (p->nind)
        sum_range(&m, x->ind_first, x->ind_end - 1, COL_SCORE);
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *d = &p->ind[i];

        if (shown(p->scored && d->has_score, d->score, d->reported, &v))
            sum_add(&m, v);
    }
    if (x->has_funds_row && p->rules.funds_in_total) {
        sum_range(&m, x->funds_row, x->funds_row, 8);
        if (shown(p->scored && f->has_score, f->score, f->reported, &v))
            sum_add(&m, v);
    }
    return sum_write(x, &m, r, COL_SCORE, want,
                     num_format(x, pe_score_places(p, want), 1));
}

/* The funds' total row, a money column: the sum of the rows under it,
 * where every one is filled and they add up to it. */
static int money_formula(xl *x, lxw_row_t r, lxw_col_t c, pe_opt_dec total,
                         size_t which)
{
    const pe_funds *f = &x->p->funds;
    sum m;

    if (!total.present || f->nparts == 0)
        return 0;
    sum_start(&m);
    sum_range(&m, r + 1, r + (lxw_row_t)f->nparts, c);
    for (size_t i = 0; i < f->nparts; i++) {
        const pe_fund_row *fr = &f->parts[i];
        pe_opt_dec v = which == 0   ? fr->initial
                       : which == 1 ? fr->budget
                                    : fr->executed;

        if (!v.present)
            return 0;
        sum_add(&m, v.v);
    }
    return sum_write(x, &m, r, c, total.v, x->money);
}

/* ---------------------------------------------------------------- layout */

static lxw_row_t count_rows(const pe_project *p)
{
    size_t n = 5 + 1 + p->nind + 1;

    if (p->funds.present)
        n += 2 + p->funds.nparts;
    if (pe_has_goals(p))
        n += 2;
    if (pe_str(p->note)[0])
        n++;
    for (const char *q = pe_str(p->remarks); *q; q++)
        n += *q == '\n' || q == p->remarks; /* a row per remark line */
    return n < LXW_ROW_MAX ? (lxw_row_t)n : LXW_ROW_MAX;
}

/* Column widths from the texts they hold, within bounds that keep the form
 * about one landscape page wide; long texts wrap. */
static void measure(xl *x)
{
    /* 分值 and 得分 hold "100.00" and "59.93%" on one line */
    static const double lo[NCOL] = {10, 10, 10, 10, 10, 10, 10, 10, 12};
    static const double hi[NCOL] = {16, 16, 16, 24, 20, 20, 12, 12, 30};
    static const char *const labels[] = {"项目名称", "主管部门及代码",
                                         "项目资金（万元）", "年度总体目标",
                                         "绩效指标"};
    const pe_project *p = x->p;
    char buf[PE_DEC_BUFSIZE];

    for (int c = 0; c < NCOL; c++)
        x->width[c] = 0;
    for (int k = 0; k < PE_IND_COLS; k++)
        widen(x, COL_L1 + k, pe_ind_heads[k]);
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        widen(x, 0, labels[i]);
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];

        widen(x, 1, pe_str(r->level1));
        widen(x, 2, pe_str(r->level2));
        widen(x, 3, pe_str(r->name));
        widen(x, 4, pe_str(r->target));
        widen(x, 5, pe_str(r->actual));
        widen(x, 6, pe_fmt_score(x->p, r->weight, buf));
        widen(x, 7, pe_fmt_score(x->p, r->score, buf));
        widen(x, 8, pe_str(r->reason));
    }
    if (p->funds.present) {
        widen(x, 3, "年初预算数");
        widen(x, 4, "全年预算数");
        widen(x, 5, "全年执行数");
        widen(x, 7, "59.90%");
    }
    widen(x, 7, pe_fmt_score(x->p, p->total, buf));
    for (int c = 0; c < NCOL; c++) {
        if (x->width[c] < lo[c])
            x->width[c] = lo[c];
        if (x->width[c] > hi[c])
            x->width[c] = hi[c];
    }
}

static lxw_row_t title(xl *x)
{
    const pe_project *p = x->p;
    char year[32];

    text_cell(x, 0, 0, "附件1", x->annex);
    merged(x, 1, 0, 1, COL_LAST, "项目支出绩效自评表", x->title);
    if (p->year > 0)
        snprintf(year, sizeof year, "（%d年度）", p->year);
    else
        snprintf(year, sizeof year, "（    年度）");
    merged(x, 2, 0, 2, COL_LAST, year, x->year);
    if (ok(x))
        check(x, worksheet_set_row(x->ws, 0, 24, NULL));
    if (ok(x))
        check(x, worksheet_set_row(x->ws, 1, 30, NULL));
    return 3;
}

static lxw_row_t header(xl *x, lxw_row_t r)
{
    const pe_project *p = x->p;
    const char *dept;
    pe_buf b = {0};

    text_cell(x, r, 0, "项目名称", x->label);
    merged(x, r, 1, r, COL_LAST, p->name, x->text);
    r++;
    text_cell(x, r, 0, "主管部门及代码", x->label);
    if (pe_dept_text(p, &b, &dept) != PE_OK && ok(x))
        x->st = PE_ENOMEM;
    merged(x, r, 1, r, 4, dept, x->text);
    pe_buf_free(&b);
    text_cell(x, r, 5, "实施单位", x->label);
    merged(x, r, 6, r, COL_LAST, p->unit, x->text);
    return r + 1;
}

static lxw_row_t funds(xl *x, lxw_row_t r)
{
    static const char *const heads[6] = {
        "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"};
    const pe_project *p = x->p;
    const pe_funds *f = &p->funds;
    lxw_row_t first = r;
    pe_buf b = {0};

    if (ok(x) && pe_funds_head(p, &b) != PE_OK)
        x->st = PE_ENOMEM;
    merged(x, first, 0, first + 1 + (lxw_row_t)f->nparts, 0, b.data, x->label);
    merged(x, r, 1, r, 2, "", x->head);
    for (int k = 0; k < 6; k++)
        text_cell(x, r, (lxw_col_t)(3 + k), heads[k], x->head);
    r++;
    for (size_t i = 0; i <= f->nparts; i++, r++) {
        const pe_fund_row *fr = i == 0 ? &f->total : &f->parts[i - 1];
        const char *label;

        if (pe_fund_label(f, i, &b, &label) != PE_OK && ok(x))
            x->st = PE_ENOMEM;
        merged(x, r, 1, r, 2, label, x->text);
        if (i > 0 || !money_formula(x, r, 3, fr->initial, 0))
            money_cell(x, r, 3, fr->initial);
        if (i > 0 || !money_formula(x, r, 4, fr->budget, 1))
            money_cell(x, r, 4, fr->budget);
        if (i > 0 || !money_formula(x, r, 5, fr->executed, 2))
            money_cell(x, r, 5, fr->executed);
        if (i > 0) {
            for (lxw_col_t c = 6; c <= COL_LAST; c++)
                text_cell(x, r, c, "", x->text);
            continue;
        }
        x->funds_row = r;
        x->has_funds_row = 1;
        if (f->weight.present)
            score_cell(x, r, 6, f->weight.v, 0);
        else
            text_cell(x, r, 6, "", x->text);
        rate_cell(x, r, 7);
        final_cell(x, r, 8, p->scored && f->has_score, f->score, f->reported,
                   0);
    }
    pe_buf_free(&b);
    return r;
}

static lxw_row_t goals(xl *x, lxw_row_t r)
{
    merged(x, r, 0, r + 1, 0, "年度总体目标", x->label);
    merged(x, r, 1, r, 4, "预期目标", x->head);
    merged(x, r, 5, r, COL_LAST, "实际完成情况", x->head);
    r++;
    merged(x, r, 1, r, 4, x->p->goal, x->text);
    merged(x, r, 5, r, COL_LAST, x->p->goal_actual, x->text);
    return r + 1;
}

/* The last row of the 一级 (level 1) or 二级 (level 2) group that row i
 * starts, g being the groups as row i left them: the merge needs its
 * extent when it writes the group's first row. */
static size_t group_end(const pe_project *p, size_t i, pe_group g, int level)
{
    size_t j = i + 1;

    for (; j < p->nind; j++) {
        pe_group_next(&g, &p->ind[j]);
        if (!(level == 1 ? g.cont1 : g.cont2))
            break;
    }
    return j - 1;
}

static lxw_row_t indicators(xl *x, lxw_row_t r)
{
    const pe_project *p = x->p;
    lxw_row_t top = r;
    pe_group g = {0};

    merged(x, r, 0, r + (lxw_row_t)p->nind, 0, "绩效指标", x->label);
    for (int k = 0; k < PE_IND_COLS; k++)
        text_cell(x, r, (lxw_col_t)(COL_L1 + k), pe_ind_heads[k], x->head);
    x->ind_head = r;
    r++;
    x->ind_first = r;
    x->ind_end = r + (lxw_row_t)p->nind;
    for (size_t i = 0; i < p->nind; i++, r++) {
        const pe_indicator *d = &p->ind[i];

        pe_group_next(&g, d);
        if (!g.cont1)
            merged(x, r, COL_L1, top + 1 + (lxw_row_t)group_end(p, i, g, 1),
                   COL_L1, d->level1, x->text);
        if (!g.cont2)
            merged(x, r, COL_L2, top + 1 + (lxw_row_t)group_end(p, i, g, 2),
                   COL_L2, d->level2, x->text);
        text_cell(x, r, 3, d->name, x->text);
        text_cell(x, r, 4, d->target, x->text);
        text_cell(x, r, 5, d->actual, x->text);
        if (d->weight_set)
            score_cell(x, r, COL_WEIGHT, d->weight, 0);
        else
            text_cell(x, r, COL_WEIGHT, "", x->text);
        final_cell(x, r, COL_SCORE, p->scored && d->has_score, d->score,
                   d->reported, 0);
        text_cell(x, r, COL_LAST, d->reason, x->text);
    }
    return r;
}

static lxw_row_t total(xl *x, lxw_row_t r)
{
    const pe_project *p = x->p;
    const char *have = pe_grade_text(p), *rep = pe_grade_reported(p);
    pe_buf b = {0};
    pe_dec max;

    merged(x, r, 0, r, COL_WEIGHT - 1, "总分", x->bold);
    if (pe_max_total(p, &max)) {
        if (!max_formula(x, r, max))
            score_cell(x, r, COL_WEIGHT, max, 1);
    } else
        text_cell(x, r, COL_WEIGHT, "", x->bold);
    if (!total_formula(x, r))
        final_cell(x, r, COL_SCORE, p->scored, p->total, p->reported_total, 1);
    else if (p->scored && p->reported_total.present &&
             pe_dec_cmp(p->total, p->reported_total.v) != 0 && ok(x)) {
        char a[PE_DEC_BUFSIZE], note[PE_DEC_BUFSIZE + 8];

        /* as final_cell() notes a score that is not the one filed */
        snprintf(note, sizeof note, "填 %s",
                 pe_fmt_score(p, p->reported_total.v, a));
        check(x, worksheet_write_comment(x->ws, r, COL_SCORE, note));
    }
    if (have[0] && ok(x) && pe_buf_printf(&b, "等级：%s", have) != PE_OK)
        x->st = PE_ENOMEM;
    if (rep && ok(x) && pe_buf_printf(&b, "（填 %s）", rep) != PE_OK)
        x->st = PE_ENOMEM;
    text_cell(x, r, COL_LAST, b.data, x->bold);
    pe_buf_free(&b);
    return r + 1;
}

/* The form's other texts under it, a row each: the label, the text. */
static lxw_row_t remarks(xl *x, lxw_row_t r)
{
    const char *cur = pe_str(x->p->remarks), *text;
    char label[128];
    size_t len;

    while (ok(x) && pe_remark_next(&cur, label, sizeof label, &text, &len)) {
        char *t = malloc(len + 1);

        if (!t) {
            x->st = PE_ENOMEM;
            break;
        }
        memcpy(t, text, len);
        t[len] = '\0';
        text_cell(x, r, 0, label[0] ? label : "备注", x->label);
        merged(x, r, 1, r, COL_LAST, t, x->text);
        free(t);
        r++;
    }
    return r;
}

/*
 * The rules the table was scored by, in a hidden sheet "perfeval": the
 * workbook read back (book.c) is scored by them, whatever a clerk edits
 * on the visible form.
 */
static void rules_sheet(xl *x)
{
    lxw_worksheet *ws;
    pe_buf json = {0};

    if (!ok(x))
        return;
    if (pe_rules_render_json(&x->p->rules, &json) != PE_OK) {
        x->st = PE_ENOMEM;
        return;
    }
    if (!(ws = workbook_add_worksheet(x->wb, "perfeval")))
        x->st = PE_ENOMEM;
    else {
        pe_buf b = {0};
        const char *text = xml_text(x, json.data, &b);

        if (ok(x))
            check(x, worksheet_write_string(ws, 0, 0, text, NULL));
        worksheet_hide(ws);
        pe_buf_free(&b);
    }
    pe_buf_free(&json);
}

static void page_setup(xl *x)
{
    if (!ok(x))
        return;
    for (lxw_col_t c = 0; c < NCOL; c++)
        check(x, worksheet_set_column(x->ws, c, c, x->width[c], NULL));
    for (lxw_row_t r = 3; r < x->nrows; r++) {
        double h = x->lines[r] * LINE_PT;

        if (x->lines[r] > 1)
            check(x, worksheet_set_row(x->ws, r,
                                       h < MAX_ROW_PT ? h : MAX_ROW_PT, NULL));
    }
    /* the official form's page: A4 landscape, one page wide, the form
     * alone printed, the indicators' header row on every page */
    worksheet_set_landscape(x->ws);
    worksheet_set_paper(x->ws, 9); /* A4 */
    worksheet_fit_to_pages(x->ws, 1, 0);
    if (x->nrows)
        check(x, worksheet_print_area(x->ws, 0, 0, x->nrows - 1, COL_LAST));
    if (x->ind_head)
        check(x, worksheet_repeat_rows(x->ws, x->ind_head, x->ind_head));
    worksheet_center_horizontally(x->ws);
    worksheet_set_comments_author(x->ws, "perfeval");
}

static void sheet(xl *x)
{
    const pe_project *p = x->p;
    lxw_row_t r;

    measure(x);
    make_formats(x);
    r = title(x);
    r = header(x, r);
    if (p->funds.present)
        r = funds(x, r);
    if (pe_has_goals(p))
        r = goals(x, r);
    /* 说明 is part of the form as filed. */
    if (pe_str(p->note)[0]) {
        text_cell(x, r, 0, "说明", x->label);
        merged(x, r, 1, r, COL_LAST, p->note, x->text);
        r++;
    }
    r = indicators(x, r);
    r = total(x, r);
    remarks(x, r);
    page_setup(x);
    rules_sheet(x);
}

/* ---------------------------------------------------------------- file */

static pe_status fail_errno(pe_error *err, const char *path, const char *what,
                            int e)
{
    pe_error_set(err, path, 0, 0, "%s: %s", what, strerror(e));
    return PE_EIO;
}

pe_status pe_render_xlsx(const pe_project *p, const char *path, pe_error *err)
{
    lxw_workbook_options opts = {LXW_FALSE, NULL, LXW_FALSE};
    pe_status st = PE_OK;
    lxw_error le;
    const char *tmp;
    pe_target t;
    xl x;

    if (!p || !path || !path[0] || strcmp(path, "-") == 0) {
        pe_error_set(err, path && path[0] ? path : "-", 0, 0,
                     "an xlsx workbook needs a file to write to (-o FILE)");
        return PE_EUSAGE;
    }
    memset(&x, 0, sizeof x);
    x.p = p;
    x.nrows = count_rows(p);
    x.lines = calloc(x.nrows, sizeof *x.lines);
    if (!x.lines || x.nrows >= LXW_ROW_MAX) {
        free(x.lines);
        pe_error_set(err, path, 0, 0,
                     x.nrows >= LXW_ROW_MAX ? "too many rows for a worksheet"
                                            : "out of memory");
        return x.nrows >= LXW_ROW_MAX ? PE_EDATA : PE_ENOMEM;
    }
    /* The staging file first (io.c): a missing directory or a read-only
     * one fails here, in our words, before libxlsxwriter (which reports
     * its own failures on stderr) is asked to open anything. */
    if ((st = pe_target_open(path, 1, &t, err)) != PE_OK) {
        free(x.lines);
        return st;
    }
    pe_os_close(t.fd); /* libxlsxwriter opens the file by its name */
    t.fd = -1;
    tmp = t.tmp;
    x.wb = workbook_new_opt(tmp, &opts);
    if (x.wb)
        x.ws = workbook_add_worksheet(x.wb, "自评表");
    if (!x.wb || !x.ws)
        x.st = PE_ENOMEM;
    else
        sheet(&x);

    if (x.st != PE_OK) {
        lxw_workbook_free(x.wb);
        if (x.st == PE_EDATA)
            pe_error_set(err, path, 0, 0,
                         "cell %s holds more than Excel's %d characters", x.bad,
                         MAX_CELL_CHARS);
        else if (x.st == PE_ENOMEM)
            pe_error_set(err, path, 0, 0, "out of memory");
        else
            pe_error_set(err, path, 0, 0, "cannot write: %s",
                         lxw_strerror(x.lerr));
        st = x.st;
    } else if ((le = workbook_close(x.wb)) != LXW_NO_ERROR) {
        pe_error_set(err, path, 0, 0, "cannot write: %s", lxw_strerror(le));
        st = le == LXW_ERROR_MEMORY_MALLOC_FAILED ? PE_ENOMEM : PE_EIO;
    } else if (pe_os_sync_path(tmp) != 0) {
        /* libxlsxwriter closes its FILE without syncing it: synced before
         * the rename, so that a crash cannot leave an empty file under the
         * old name */
        st = fail_errno(err, path, "cannot write", errno);
    }
    if (st == PE_OK)
        st = pe_target_commit(&t, err);
    else
        pe_target_abort(&t);
    free(x.lines);
    return st;
}
