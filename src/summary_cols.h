/* The summary's columns, shared by its renderers (render_summary.c,
 * render_summary_xlsx.c).  Not part of the public API. */
#ifndef PE_SUMMARY_COLS_H
#define PE_SUMMARY_COLS_H

#include "perfeval.h"

enum {
    PE_SCOL_FILE,
    PE_SCOL_SHEET,
    PE_SCOL_NAME,
    PE_SCOL_DEPT,
    PE_SCOL_UNIT,
    PE_SCOL_YEAR,
    PE_SCOL_TOTAL,
    PE_SCOL_PRINTED,
    PE_SCOL_DELTA,
    PE_SCOL_GRADE,
    PE_SCOL_PGRADE,
    PE_SCOL_RULES,
    PE_SCOL_ERRORS,
    PE_SCOL_WARNINGS,
    PE_SCOL_INFOS,
    PE_SCOL_STATUS,
    PE_SCOL_REASON,
    PE_SUMMARY_NCOLS
};

/* The column names, as the CSV header and the JSON members give them. */
extern const char *const pe_summary_heads[PE_SUMMARY_NCOLS];

/* "ok", "findings", "unloadable". */
const char *pe_summary_status_name(pe_summary_status s);

/* Whether column col holds a number (blank when unknown). */
int pe_summary_col_is_number(int col);

/* The text of column col of r: r's own string, or buf (PE_DEC_BUFSIZE
 * bytes) for a number; "" for a value not known. */
const char *pe_summary_cell(const pe_summary_record *r, int col, int zh,
                            char buf[PE_DEC_BUFSIZE]);

/* The roll-up's columns (render_rollup.c, render_summary_xlsx.c). */
enum {
    PE_RCOL_DEPT,
    PE_RCOL_TABLES,
    PE_RCOL_G1, /* 优 */
    PE_RCOL_G2,
    PE_RCOL_G3,
    PE_RCOL_G4, /* 差 */
    PE_RCOL_MEAN,
    PE_RCOL_LOWEST,
    PE_RCOL_HIGHEST,
    PE_RCOL_BUDGET,
    PE_RCOL_EXECUTED,
    PE_RCOL_RATE,
    PE_RCOL_ERRORS,
    PE_RCOL_UNLOADABLE,
    PE_ROLLUP_NCOLS
};

extern const char *const pe_rollup_heads[PE_ROLLUP_NCOLS];

/* The text of column col of group g: g's department ("合计" for the
 * overall group), or buf (PE_DEC_BUFSIZE bytes) for a number, "" when not
 * known.  *d is set to the decimal of a decimal column (mean .. rate) and
 * the return is its text; other columns leave *d alone. */
const char *pe_rollup_cell(const pe_rollup_group *g, int col,
                           char buf[PE_DEC_BUFSIZE], pe_dec *d);

#endif
