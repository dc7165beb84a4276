/*
 * Excel 97-2003 workbooks (.xls, BIFF8) through libfreexl (sheet.h).
 *
 * libfreexl gives each cell's value and tells dates apart, but neither
 * the other number formats (a cell shown as 59.90% arrives as 0.599) nor
 * the results of formulas (a formula cell arrives blank); biff.c reads
 * those two from the workbook stream, so that a cell reads as the clerk
 * saw it, as in an .xlsx.
 */
#include "biff.h"
#include "numfmt.h"
#include "project.h"
#include "sheet.h"

#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pe_xls {
    const void *h;
    pe_biff *biff; /* formats and formula results; NULL when unreadable */
    const char *name;
    unsigned nsheets;
    char **names;
};

/* Write the bytes to a temporary file: libfreexl opens files by name. */
static pe_status temp_copy(const char *buf, size_t len, char *path, size_t n)
{
    const char *dir = getenv("TMPDIR");
    int fd;
    size_t done = 0;

    snprintf(path, n, "%s/perfeval-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    if ((fd = mkstemp(path)) < 0)
        return PE_EIO;
    while (done < len) {
        ssize_t k = write(fd, buf + done, len - done);

        if (k <= 0) {
            close(fd);
            unlink(path);
            return PE_EIO;
        }
        done += (size_t)k;
    }
    if (close(fd) != 0) {
        unlink(path);
        return PE_EIO;
    }
    return PE_OK;
}

static const char *freexl_why(int rc)
{
    switch (rc) {
    case FREEXL_INSUFFICIENT_MEMORY:
        return "out of memory";
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
        return "not an Excel 97-2003 workbook";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
        return "an OLE file, but it holds no Excel workbook";
    case FREEXL_CRAFTED_FILE:
        return "the workbook is damaged (or crafted to look so)";
    default:
        return "the workbook is damaged or cut short";
    }
}

pe_status pe_xls_open(const char *buf, size_t len, const char *name,
                      pe_xls **out, pe_error *err)
{
    char path[4096];
    pe_xls *X;
    unsigned info = 0;
    int rc;
    pe_status st;

    *out = NULL;
    if ((st = temp_copy(buf, len, path, sizeof path)) != PE_OK) {
        pe_error_set(err, name, 0, 0,
                     "cannot write a temporary copy for libfreexl (TMPDIR)");
        return st;
    }
    if (!(X = calloc(1, sizeof *X))) {
        unlink(path);
        return PE_ENOMEM;
    }
    X->name = name;
    /* what libfreexl leaves out; without it the values alone */
    if (pe_biff_open(buf, len, len * 64 + 4096, &X->biff) == PE_ENOMEM) {
        unlink(path);
        pe_xls_free(X);
        return PE_ENOMEM;
    }
    rc = freexl_open(path, &X->h);
    unlink(path);
    if (rc != FREEXL_OK) {
        pe_error_set(err, name, 0, 0, "%s (libfreexl %d)", freexl_why(rc),
                     rc);
        pe_xls_free(X);
        return rc == FREEXL_INSUFFICIENT_MEMORY ? PE_ENOMEM : PE_EDATA;
    }
    if (freexl_get_info(X->h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
        info == FREEXL_BIFF_OBFUSCATED) {
        pe_error_set(err, name, 0, 0,
                     "the workbook is protected by a password: open it in "
                     "Excel or WPS, remove the password and save it again");
        pe_xls_free(X);
        return PE_EDATA;
    }
    if (freexl_get_info(X->h, FREEXL_BIFF_SHEET_COUNT, &X->nsheets) !=
        FREEXL_OK)
        X->nsheets = 0;
    if (X->nsheets && !(X->names = calloc(X->nsheets, sizeof *X->names))) {
        pe_xls_free(X);
        return PE_ENOMEM;
    }
    for (unsigned i = 0; i < X->nsheets; i++) {
        const char *s = NULL;
        char fallback[32];

        if (freexl_get_worksheet_name(X->h, (unsigned short)i, &s) !=
                FREEXL_OK ||
            !s) {
            snprintf(fallback, sizeof fallback, "Sheet%u", i + 1);
            s = fallback;
        }
        if (!(X->names[i] = pe_strdup_or_empty(s))) {
            pe_xls_free(X);
            return PE_ENOMEM;
        }
    }
    *out = X;
    return PE_OK;
}

void pe_xls_free(pe_xls *X)
{
    if (!X)
        return;
    for (unsigned i = 0; X->names && i < X->nsheets; i++)
        free(X->names[i]);
    free(X->names);
    if (X->h)
        freexl_close(X->h);
    pe_biff_free(X->biff);
    free(X);
}

size_t pe_xls_nsheets(const pe_xls *X)
{
    return X->nsheets;
}

int pe_xls_sheet_hidden(const pe_xls *X, size_t i)
{
    return pe_biff_sheet_hidden(X->biff, i);
}

const char *pe_xls_sheet_name(const pe_xls *X, size_t i)
{
    return i < X->nsheets ? X->names[i] : "";
}

/* One cell as the clerk saw it: a number by its format, a formula by its
 * cached result. */
static char *cell_text(const pe_xls *X, size_t sheet, unsigned r, unsigned c,
                       const FreeXL_CellValue *v)
{
    const char *fmt = pe_biff_format(X->biff, sheet, r, c);
    char num[64], out[160];
    int number = 0;

    switch (v->type) {
    case FREEXL_CELL_INT:
        snprintf(num, sizeof num, "%d", v->value.int_value);
        break;
    case FREEXL_CELL_DOUBLE:
        snprintf(num, sizeof num, "%.17g", v->value.double_value);
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        return pe_strdup_or_empty(v->value.text_value);
    default: {
        const char *f = pe_biff_formula(X->biff, sheet, r, c, &number);

        if (!f)
            return pe_strdup_or_empty("");
        if (!number)
            return pe_strdup_or_empty(f);
        snprintf(num, sizeof num, "%s", f);
        break;
    }
    }
    pe_numfmt_apply(num, fmt, 0, out, sizeof out);
    return pe_strdup_or_empty(out);
}

pe_status pe_xls_rows(pe_xls *X, size_t i, pe_row_fn fn, void *ctx,
                      pe_error *err)
{
    unsigned rows = 0;
    unsigned short cols = 0;
    char **cells;
    pe_status st = PE_OK;
    int stop = 0;

    if (i >= X->nsheets ||
        freexl_select_active_worksheet(X->h, (unsigned short)i) != FREEXL_OK ||
        freexl_worksheet_dimensions(X->h, &rows, &cols) != FREEXL_OK) {
        pe_error_set(err, X->name, 0, 0, "sheet %zu cannot be read", i + 1);
        return PE_EDATA;
    }
    if (!(cells = calloc(cols ? cols : 1, sizeof *cells)))
        return PE_ENOMEM;
    for (unsigned r = 0; r < rows && st == PE_OK && !stop; r++) {
        size_t n = 0;

        for (unsigned short c = 0; c < cols && st == PE_OK; c++) {
            FreeXL_CellValue v;

            if (freexl_get_cell_value(X->h, r, c, &v) != FREEXL_OK)
                v.type = FREEXL_CELL_NULL;
            if (!(cells[c] = cell_text(X, i, r, c, &v)))
                st = PE_ENOMEM;
            else if (cells[c][0])
                n = (size_t)c + 1;
        }
        if (st == PE_OK && n)
            st = fn(ctx, (long)r + 1, (const char *const *)cells, n, &stop);
        for (unsigned short c = 0; c < cols; c++) {
            free(cells[c]);
            cells[c] = NULL;
        }
    }
    free(cells);
    return st;
}
