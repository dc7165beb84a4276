/*
 * What the table, markdown, CSV and xlsx renderers read off a project
 * alike, so that the four print one form: the same places, the same 执行率,
 * the same 总分值, the same merged cells.  Each renderer keeps only its own
 * formatting.  Not part of the public API.
 */
#ifndef PE_RENDER_COMMON_H
#define PE_RENDER_COMMON_H

#include "project.h"

/* Writes through one sticky status, so that a layout reads top to bottom
 * and the first failure is the one reported. */
typedef struct pe_out {
    pe_buf *buf;
    pe_status st;
} pe_out;

/* Record st unless an earlier failure is already recorded. */
void pe_out_keep(pe_out *o, pe_status st);

/* Append s[0..n) unless a write has failed. */
void pe_out_put(pe_out *o, const char *s, size_t n);

/* Markdown text: the ASCII characters in `escape` backslash-escaped
 * (CommonMark lets any ASCII punctuation be), line breaks "<br>" (a space
 * when `heading`), other control characters a space. */
void pe_out_md(pe_out *o, const char *s, const char *escape, int heading);

/* 执行率 text: a decimal and its '%'. */
#define PE_RATE_BUFSIZE (PE_DEC_BUFSIZE + 1)

/* s, or "" for a text the project never set. */
const char *pe_str(const char *s);

/* The rules' places, kept within what a pe_dec can show. */
int pe_rules_places(const pe_project *p);

/* The places a score or weight is shown with: the rules', but never fewer
 * than the value has, because padding 5 to 5.00 is display while dropping
 * the 5 of 1.5 would be rounding, and rounding belongs to the scorer. */
int pe_score_places(const pe_project *p, pe_dec d);

/* d with pe_score_places(); buf has PE_DEC_BUFSIZE bytes.  Returns buf. */
char *pe_fmt_score(const pe_project *p, pe_dec d, char *buf);

/* An amount as written (1.798 stays 1.798, 3 stays 3), "" when blank. */
const char *pe_money_text(pe_opt_dec v, char *buf);

/* 执行率 as printed on the table; else, once scored, the computed rate as
 * a percent to two places by the rules' rounding, so that a table scored
 * by truncation shows its rate truncated too; else "".  buf has
 * PE_RATE_BUFSIZE bytes and may be what is returned. */
const char *pe_rate_text(const pe_project *p, char *buf);
/* The computed part of pe_rate_text(): the rate once scored, "" before or
 * when it is not known, whatever the table prints.  Returns buf. */
const char *pe_rate_computed(const pe_project *p, char *buf);

/* 总分值: the table's own when it has one, else the weights it adds up.
 * 0, and *out untouched, when the sum does not fit. */
int pe_max_total(const pe_project *p, pe_dec *out);

/* The grade on the 总分 row, "" for none: the scorer's, or the table's own
 * on an unscored project. */
const char *pe_grade_text(const pe_project *p);

/* The table's own grade where the scorer gave another, else NULL: a
 * reviewer needs both (docs/rules.md). */
const char *pe_grade_reported(const pe_project *p);

/* Whether the form has its 年度总体目标 block. */
int pe_has_goals(const pe_project *p);

/* The next of the form's other texts (p->remarks, "label：text" a line
 * each): the label into label (n bytes, NUL-terminated), the text into
 * *text and *len.  *cursor starts at p->remarks; returns 0 at the end. */
int pe_remark_next(const char **cursor, char *label, size_t n,
                   const char **text, size_t *len);

/* 主管部门及代码 as the form fills it in: "[361]name", or the name alone.
 * *text is p's own string or b's data. */
PE_MUST_CHECK pe_status pe_dept_text(const pe_project *p, pe_buf *b,
                                     const char **text);

/* "项目资金（万元）", in the table's own money unit; appended to b. */
PE_MUST_CHECK pe_status pe_funds_head(const pe_project *p, pe_buf *b);

/* The label of funds row i: 0 the total, i the (i-1)th 其中 part.  *label
 * is the project's own string or b's data, whose text it replaces. */
PE_MUST_CHECK pe_status pe_fund_label(const pe_funds *f, size_t i, pe_buf *b,
                                      const char **label);

/*
 * The form's merged 一级/二级 cells, row by row.  A row continues the group
 * above when it repeats the group's text or leaves it blank (a merged cell
 * saved to CSV keeps its text in the first row only); an 二级 group never
 * outlives its 一级 one.  Start from {0}, before the first row, and give
 * pe_group_next() the indicators in order.
 */
typedef struct pe_group {
    const char *l1, *l2; /* the open groups' texts; NULL before the first row */
    int cont1, cont2;    /* the last row given continues them */
} pe_group;

void pe_group_next(pe_group *g, const pe_indicator *r);

/* The form's indicator columns, 一级指标 .. 偏差原因分析及改进措施. */
#define PE_IND_COLS 8
#define PE_IND_WEIGHT 5 /* 分值 */
#define PE_IND_SCORE 6  /* 得分 */
extern const char *const pe_ind_heads[PE_IND_COLS];

/* The texts of row r in a grid without merged cells, g as pe_group_next()
 * left it: a continued group is blank, as the form shows it.  The 分值 and
 * 得分 cells are "", for the renderer to format. */
void pe_ind_texts(const pe_group *g, const pe_indicator *r,
                  const char *cells[PE_IND_COLS]);

/* s padded with spaces to `cols` display columns (pe_display_width()),
 * on the left when `right` (numbers), else on the right. */
void pe_out_padded(pe_out *o, const char *s, int cols, int right,
                   int ambiguous_wide);

/* Columns of the widest line of s. */
int pe_text_width(const char *s, int ambiguous_wide);

/* Lines s takes, wrapped, in a workbook cell `width` column units wide
 * (a CJK character is two units): for the row heights a workbook must
 * set itself, as LibreOffice does not grow a row to its wrapped text. */
int pe_wrap_lines(const char *s, double width);

/*
 * Would a spreadsheet run this CSV field as a formula?  A leading = + - @
 * (or the tab or CR that OWASP's "CSV injection" payloads hide one
 * behind), unless the field is a plain number ("-5", "+3.5%"), which is
 * data.  Every CSV perfeval writes puts a "'" before such a field.
 */
int pe_csv_formula_like(const char *s);

/* The double an .xlsx number cell holds, nearest to d: display only,
 * after scoring (render_common.c). */
double pe_dec_to_display(pe_dec d);

#endif
