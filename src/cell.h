/* What the cell reader (cell.c) gives the loaders beyond the public
 * pe_cell_parse(). */
#ifndef PE_CELL_H
#define PE_CELL_H

#include "perfeval.h"

/* A number cell (分值, 得分, 预算数): blank sets *present to 0; "10分"
 * is a number, and with `money` so are "3万元" and "30000元" (the unit is
 * the caller's business).  PE_EDATA when it is not a plain number,
 * PE_ERANGE when it has too many digits. */
PE_MUST_CHECK pe_status pe_number_cell(const char *s, int money, pe_dec *out,
                                       int *present);

/* A 三级指标 left as the blank form had it: empty, "指标1：", "……". */
int pe_template_name(const char *s);
/* "(20分)", "（80分）", "(20分*执行率)": the points a bracket in a label
 * gives, as a label's weight.  Returns 0 when it gives none. */
int pe_label_points(const char *label, pe_dec *out);

#endif
