/* The number formats and formula results of an .xls workbook, which
 * libfreexl does not give (biff.c).  Internal to the library. */
#ifndef PE_BIFF_H
#define PE_BIFF_H

#include "perfeval.h"

typedef struct pe_biff pe_biff;

/*
 * Read the Workbook stream of the OLE file in buf (through libgsf), no
 * more than max bytes of it.  PE_EDATA when there is no stream to read
 * (the caller goes on with libfreexl's values alone); PE_EIO when libgsf
 * cannot be loaded (pe_biff_library says why); PE_ENOMEM.
 */
PE_MUST_CHECK pe_status pe_biff_open(const char *buf, size_t len, size_t max,
                                     pe_biff **out);
void pe_biff_free(pe_biff *b); /* NULL is a no-op */

/* Does the OLE file in buf hold a stream of that name ("WordDocument")? */
int pe_biff_ole_has(const char *buf, size_t len, const char *stream);

/* Load libgsf (once per process): NULL when it is there, else why not. */
const char *pe_biff_library(void);

/* The format code of the cell at row, col (0-based) of sheet (in the
 * workbook's order), when it is not General; NULL otherwise. */
const char *pe_biff_format(const pe_biff *b, size_t sheet, unsigned row,
                           unsigned col);

/* The cached result of the formula at that cell as text (a number as its
 * shortest decimal, *number set), or NULL when the cell holds none. */
const char *pe_biff_formula(const pe_biff *b, size_t sheet, unsigned row,
                            unsigned col, int *number);

/* Is sheet i hidden (or very hidden)?  0 when not known. */
int pe_biff_sheet_hidden(const pe_biff *b, size_t sheet);

#endif
