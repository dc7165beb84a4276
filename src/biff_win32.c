/*
 * biff.h on Windows: no number formats and no formula results.  biff.c
 * reads them from the workbook stream, which libgsf takes out of the OLE
 * container, and libgsf (with GLib) is not built for Windows.  The .xls
 * is still read, by libfreexl, with its values alone: a cell shown as
 * 59.90% arrives as 0.599, and a formula cell (an 得分 that is a formula)
 * arrives blank.  README's "On Windows" says so.
 */
#include "biff.h"

pe_status pe_biff_open(const char *buf, size_t len, size_t max, pe_biff **out)
{
    (void)buf, (void)len, (void)max;
    *out = NULL;
    return PE_EDATA; /* the caller goes on with libfreexl's values */
}

void pe_biff_free(pe_biff *b)
{
    (void)b;
}

int pe_biff_ole_has(const char *buf, size_t len, const char *stream)
{
    (void)buf, (void)len, (void)stream;
    return 0;
}

const char *pe_biff_library(void)
{
    return "libgsf is not in the Windows build";
}

const char *pe_biff_format(const pe_biff *b, size_t sheet, unsigned row,
                           unsigned col)
{
    (void)b, (void)sheet, (void)row, (void)col;
    return NULL;
}

const char *pe_biff_formula(const pe_biff *b, size_t sheet, unsigned row,
                            unsigned col, int *number)
{
    (void)b, (void)sheet, (void)row, (void)col, (void)number;
    return NULL;
}

int pe_biff_sheet_hidden(const pe_biff *b, size_t sheet)
{
    (void)b, (void)sheet;
    return 0;
}
