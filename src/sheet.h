/* The workbook and document readers: each gives its sheets (or tables)
 * row by row, every cell as the text the clerk saw.  Internal to the
 * library; book.c puts them behind the public pe_book API. */
#ifndef PE_SHEET_H
#define PE_SHEET_H

#include "csv_grid.h"
#include "ooxml.h"
#include "perfeval.h"

/*
 * Called once per row that holds a cell, in order: `line` is the row's
 * number in its sheet (1-based; rows left out of the file are skipped),
 * cells[0..n) its cells from column A, "" where blank, merged cells
 * blank past their first, as a spreadsheet saves CSV.  Set *stop to end
 * the read early; any status but PE_OK ends it with that status.
 */
typedef pe_status (*pe_row_fn)(void *ctx, long line, const char *const *cells,
                               size_t n, int *stop);

/* ------------------------------------------------------------ .xlsx */

typedef struct pe_xlsx pe_xlsx;

/*
 * Open an Excel or WPS workbook (.xlsx) held in buf (which must outlive
 * it): its sheets, shared strings and number formats, within *lim
 * (ooxml.h; NULL: the defaults).  PE_EDATA with err for a zip that is not
 * a workbook, a damaged or encrypted one, malformed XML, more shared
 * strings than lim->cells.
 */
PE_MUST_CHECK pe_status pe_xlsx_open(const char *buf, size_t len,
                                     const char *name, const pe_limits *lim,
                                     pe_xlsx **out, pe_error *err);
size_t pe_xlsx_nsheets(const pe_xlsx *x);
const char *pe_xlsx_sheet_name(const pe_xlsx *x, size_t i);
int pe_xlsx_sheet_hidden(const pe_xlsx *x, size_t i);
/* Stream sheet i's rows to fn: the worksheet is parsed as it is
 * decompressed, one row in memory at a time.  A formula cell saved without
 * its value (as openpyxl writes them) is a blank cell; when notes is not
 * NULL, each such cell is added to notes->notes, for the loader to say. */
PE_MUST_CHECK pe_status pe_xlsx_rows(pe_xlsx *x, size_t i, pe_row_fn fn,
                                     void *ctx, pe_grid *notes, pe_error *err);
void pe_xlsx_free(pe_xlsx *x);

/* ------------------------------------------------------------ .xls */

typedef struct pe_xls pe_xls;

/* Open an Excel 97-2003 workbook (.xls, BIFF8) through libfreexl, held in
 * buf; libfreexl reads files only, so the bytes go through a temporary
 * file that is removed before this returns. */
PE_MUST_CHECK pe_status pe_xls_open(const char *buf, size_t len,
                                    const char *name, pe_xls **out,
                                    pe_error *err);
size_t pe_xls_nsheets(const pe_xls *x);
const char *pe_xls_sheet_name(const pe_xls *x, size_t i);
int pe_xls_sheet_hidden(const pe_xls *x, size_t i);
PE_MUST_CHECK pe_status pe_xls_rows(pe_xls *x, size_t i, pe_row_fn fn,
                                    void *ctx, pe_error *err);
void pe_xls_free(pe_xls *x);

/* ------------------------------------------------------------ .docx */

typedef struct pe_docx pe_docx;

/* Open a Word document (.docx): its tables, each a grid (gridSpan and
 * vMerge as merged cells, a cell's paragraphs joined by line breaks);
 * tables inside cells are read as tables of their own.  Within *lim
 * (NULL: the defaults): the tables together hold at most lim->cells
 * cells. */
PE_MUST_CHECK pe_status pe_docx_open(const char *buf, size_t len,
                                     const char *name, const pe_limits *lim,
                                     pe_docx **out, pe_error *err);
size_t pe_docx_ntables(const pe_docx *d);
/* Table i; the caller may take its rows over (leaving it empty). */
pe_grid *pe_docx_table(pe_docx *d, size_t i);
void pe_docx_free(pe_docx *d);

/*
 * The running text of a Word document (.docx), for reading a 自评报告: the
 * body's paragraphs outside tables, in order, each ended by one "\n"
 * (an empty paragraph is an empty line, so line n is the n-th paragraph
 * outside tables).  A manual line break inside a paragraph is a space, a
 * tab a tab; a text box's paragraphs are lines of their own after the
 * line of the paragraph that anchors it; deleted text and the fallback
 * copy of a drawing are left out.  Appended to out.  Errors as
 * pe_docx_open().
 */
PE_MUST_CHECK pe_status pe_docx_text(const char *buf, size_t len,
                                     const char *name, size_t max, pe_buf *out,
                                     pe_error *err);

#endif
