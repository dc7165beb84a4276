/*
 * Excel 97-2003 workbooks (.xls, BIFF8) through libfreexl (sheet.h).
 *
 * libfreexl gives each cell's value and tells dates apart, but neither
 * the other number formats (a cell shown as 59.90% arrives as 0.599) nor
 * the results of formulas (a formula cell arrives blank); biff.c reads
 * those two from the workbook stream, so that a cell reads as the clerk
 * saw it, as in an .xlsx.
 *
 * libfreexl 1.0.6 reads outside its buffers on some crafted files (fuzzing
 * found it), so the whole read runs isolated (pe_os_run_isolated: a child
 * process on POSIX): libfreexl, libgsf and biff.c there, every cell
 * written down a pipe as the text the clerk saw.  A crash in the child is a
 * damaged file here, never a crash of perfeval.  libfreexl also opens files
 * only, so the bytes go through a temporary file, removed before this returns.
 */
#include "biff.h"
#include "numfmt.h"
#include "os.h"
#include "project.h"
#include "sheet.h"

#include <errno.h>
#include <freexl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHILD_SECONDS 60 /* a file libfreexl takes longer on is refused */

typedef struct xcell {
    uint32_t row;
    uint16_t col;
    char *text; /* as the clerk saw it */
} xcell;

typedef struct xsheet {
    char *name;
    int hidden;
    xcell *cells; /* in row-major order */
    size_t n, cap;
} xsheet;

struct pe_xls {
    const char *name;
    xsheet *sheets;
    size_t nsheets, cap;
};

/* Write the bytes to a temporary file (*path, malloc'd): libfreexl opens
 * files by name. */
static pe_status temp_copy(const char *buf, size_t len, char **path)
{
    int fd = pe_os_create_temp(pe_os_tmpdir(), "perfeval-xls-", path);

    if (fd < 0)
        return PE_EIO;
    if (pe_os_write_all(fd, buf, len) != 0) {
        pe_os_close(fd);
        pe_os_remove(*path);
        return PE_EIO;
    }
    if (pe_os_close(fd) != 0) {
        pe_os_remove(*path);
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

/* ------------------------------------------------------------ the child */

/* The child's messages: a tag byte, then fixed fields and lengths. */
enum {
    M_ERROR = 'E',
    M_PASSWORD = 'P',
    M_LIBRARY = 'L',
    M_WORD = 'W',
    M_SHEET = 'S',
    M_CELL = 'C',
    M_ROWS = 'R', /* a sheet past MAXROWS */
    M_END = 'Z'
};

/* Excel's last row, as csv_grid.c and xlsx_read.c hold: an .xls whose
 * sheet says it has more did not come from a spreadsheet. */
#define MAXROWS 1048576U

static int put(pe_os_out *f, const void *p, size_t n)
{
    return pe_os_put(f, p, n);
}

static int put_text(pe_os_out *f, const char *s)
{
    uint32_t n = (uint32_t)strlen(s);

    return put(f, &n, sizeof n) && put(f, s, n);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
    long era, yoe, doy;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/*
 * libfreexl gives a date cell as "2021-12-15", whatever its format; back
 * to the serial Excel keeps (days since 1899-12-30, in the 1900 system
 * that libfreexl has already applied), so that its format shows it as the
 * clerk saw it ("2021年12月15日").  Dates only, from 1900-03-01 (before
 * that Excel counts a 29 February 1900 that never was); 0 otherwise.
 */
static int date_serial(const char *text, char *num, size_t n)
{
    int y, m, d, used = 0;

    if (sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 ||
        text[used] != '\0' || m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 ||
        (y == 1900 && m < 3) || y > 9999)
        return 0;
    snprintf(num, n, "%ld",
             days_from_civil(y, m, d) - days_from_civil(1899, 12, 30));
    return 1;
}

/* One cell as the clerk saw it: a number by its format, a formula by its
 * cached result (biff.c, NULL when it could not read the stream), a date
 * by its format. */
static void cell_text(const pe_biff *biff, size_t sheet, unsigned r, unsigned c,
                      const FreeXL_CellValue *v, char *out, size_t n)
{
    const char *fmt = pe_biff_format(biff, sheet, r, c);
    char num[PE_NUM_MAX];
    int number = 0;

    switch (v->type) {
    case FREEXL_CELL_INT:
        snprintf(num, sizeof num, "%d", v->value.int_value);
        break;
    case FREEXL_CELL_DOUBLE:
        snprintf(num, sizeof num, "%.17g", v->value.double_value);
        break;
    case FREEXL_CELL_NULL: {
        const char *f = pe_biff_formula(biff, sheet, r, c, &number);

        snprintf(out, n, "%s", f ? f : "");
        if (!f || !number)
            return;
        snprintf(num, sizeof num, "%s", f);
        break;
    }
    case FREEXL_CELL_DATE:
        if (fmt && v->value.text_value &&
            date_serial(v->value.text_value, num, sizeof num))
            break;
        /* fall through */
    default:
        snprintf(out, n, "%s", v->value.text_value ? v->value.text_value : "");
        return;
    }
    pe_numfmt_apply(num, fmt, 0, out, n);
}

/* Leave the child: what it holds is freed first, so that a run under
 * valgrind sees no leak in it (its exit status is the verdict). */
static int child_exit(pe_os_out *f, int ok, char *text, pe_biff *biff,
                      const void *h)
{
    (void)f;
    if (h)
        freexl_close(h);
    pe_biff_free(biff);
    free(text);
    return ok;
}

/* What the child reads. */
typedef struct job {
    const char *buf;
    size_t len;
    const char *path;
} job;

/* Read the workbook with libfreexl and write it to f: 1 when all went
 * well. */
static int child(void *ctx, pe_os_out *f)
{
    const job *J = ctx;
    const char *buf = J->buf, *path = J->path;
    size_t len = J->len;
    const void *h = NULL;
    pe_biff *biff = NULL;
    unsigned info = 0, nsheets = 0;
    int rc, ok = 1;
    char *text = malloc(65536);

    if (!text)
        return child_exit(f, 0, text, biff, h);
    /* what libfreexl leaves out; without it the values alone, but not
     * for want of libgsf: 0.599 would stand for 59.90% */
    if (pe_biff_open(buf, len, len * 64 + 4096, &biff) == PE_EIO)
        return child_exit(f, put(f, "L", 1) && put_text(f, pe_biff_library()),
                          text, biff, NULL);
    rc = freexl_open(path, &h);
    if (rc == FREEXL_BIFF_WORKBOOK_NOT_FOUND &&
        pe_biff_ole_has(buf, len, "WordDocument"))
        return child_exit(f, put(f, "W", 1), text, biff, NULL);
    if (rc != FREEXL_OK) {
        int32_t r = rc;

        ok = put(f, "E", 1) && put(f, &r, sizeof r);
        return child_exit(f, ok, text, biff, NULL);
    }
    if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
        info == FREEXL_BIFF_OBFUSCATED)
        return child_exit(f, put(f, "P", 1), text, biff, h);
    if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK)
        nsheets = 0;
    for (unsigned i = 0; ok && i < nsheets; i++) {
        const char *name = NULL;
        char fallback[32];
        unsigned rows = 0;
        unsigned short cols = 0;
        unsigned char hidden = (unsigned char)pe_biff_sheet_hidden(biff, i);

        if (freexl_get_worksheet_name(h, (unsigned short)i, &name) !=
                FREEXL_OK ||
            !name) {
            snprintf(fallback, sizeof fallback, "Sheet%u", i + 1);
            name = fallback;
        }
        ok = put(f, "S", 1) && put(f, &hidden, 1) && put_text(f, name);
        if (freexl_select_active_worksheet(h, (unsigned short)i) != FREEXL_OK ||
            freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
            continue;
        if (rows > MAXROWS)
            return child_exit(f, put(f, "R", 1), text, biff, h);
        for (unsigned r = 0; ok && r < rows; r++) {
            for (unsigned short c = 0; ok && c < cols; c++) {
                FreeXL_CellValue v;
                uint32_t row = r;
                uint16_t col = c;

                if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
                    continue;
                cell_text(biff, i, r, c, &v, text, 65536);
                if (!text[0])
                    continue;
                ok = put(f, "C", 1) && put(f, &row, sizeof row) &&
                     put(f, &col, sizeof col) && put_text(f, text);
            }
        }
    }
    ok = ok && put(f, "Z", 1);
    return child_exit(f, ok, text, biff, h);
}

/* ------------------------------------------------------------ the parent */

typedef struct reader {
    const char *p, *end;
} reader;

static int get(reader *R, void *out, size_t n)
{
    if ((size_t)(R->end - R->p) < n)
        return 0;
    memcpy(out, R->p, n);
    R->p += n;
    return 1;
}

static char *get_text(reader *R)
{
    uint32_t n;
    char *s;

    if (!get(R, &n, sizeof n) || (size_t)(R->end - R->p) < n ||
        !(s = malloc((size_t)n + 1)))
        return NULL;
    memcpy(s, R->p, n);
    s[n] = '\0';
    R->p += n;
    return s;
}

/* What the child wrote: the sheets and their cells, or why it failed. */
static pe_status take(pe_xls *X, const char *buf, size_t len, pe_error *err)
{
    reader R = {buf, buf + len};
    char tag;

    while (get(&R, &tag, 1)) {
        switch (tag) {
        case M_ERROR: {
            int32_t rc = 0;

            (void)get(&R, &rc, sizeof rc);
            pe_error_set(err, X->name, 0, 0, "%s (libfreexl %d)",
                         freexl_why(rc), (int)rc);
            return rc == FREEXL_INSUFFICIENT_MEMORY ? PE_ENOMEM : PE_EDATA;
        }
        case M_LIBRARY: {
            char *why = get_text(&R);

            pe_error_set(err, X->name, 0, 0,
                         "reading an .xls needs libgsf, which cannot be "
                         "loaded (%s): apt-get install libgsf-1-114",
                         why ? why : "?");
            free(why);
            return PE_EIO;
        }
        case M_WORD:
            pe_error_set(err, X->name, 0, 0,
                         "a Word 97-2003 document (.doc): perfeval reads "
                         "the 附件1 in a .docx; save it as .docx (文件 → "
                         "另存为 → Word 文档) and score that");
            return PE_EDATA;
        case M_PASSWORD:
            pe_error_set(err, X->name, 0, 0,
                         "the workbook is protected by a password: open it "
                         "in Excel or WPS, remove the password and save it "
                         "again");
            return PE_EDATA;
        case M_SHEET: {
            xsheet *g =
                pe_grow(X->sheets, &X->cap, X->nsheets + 1, sizeof *g, 4);

            if (!g)
                return PE_ENOMEM;
            X->sheets = g;
            memset(&g[X->nsheets], 0, sizeof *g);
            {
                unsigned char hidden = 0;

                (void)get(&R, &hidden, 1);
                g[X->nsheets].hidden = hidden != 0;
            }
            if (!(g[X->nsheets].name = get_text(&R)))
                return PE_ENOMEM;
            X->nsheets++;
            break;
        }
        case M_CELL: {
            xsheet *s = X->nsheets ? &X->sheets[X->nsheets - 1] : NULL;
            xcell c;

            if (!s || !get(&R, &c.row, sizeof c.row) ||
                !get(&R, &c.col, sizeof c.col) || !(c.text = get_text(&R)))
                return PE_ENOMEM;
            {
                xcell *g = pe_grow(s->cells, &s->cap, s->n + 1, sizeof *g, 256);

                if (!g) {
                    free(c.text);
                    return PE_ENOMEM;
                }
                s->cells = g;
                g[s->n++] = c;
            }
            break;
        }
        case M_ROWS:
            pe_error_set(err, X->name, 0, 0,
                         "more than 1048576 rows; a spreadsheet has at most "
                         "1048576");
            return PE_EDATA;
        case M_END:
            return PE_OK;
        default:
            break;
        }
    }
    pe_error_set(err, X->name, 0, 0,
                 "the workbook cannot be read: libfreexl stopped on it "
                 "(a damaged or crafted file)");
    return PE_EDATA;
}

/* Run the child and collect what it writes, at most cap bytes.  Readers
 * on several threads (check -j) each run their own: pe_os_run_isolated
 * forks under the process's one lock (os.h), which io.c's temporary-file
 * slots share. */
static pe_status run_child(pe_xls *X, const char *buf, size_t len,
                           const char *path, size_t cap, pe_buf *out,
                           pe_error *err)
{
    job J = {buf, len, path};
    int rc;

    /* libgsf is loaded here, in the parent, once: a child must not
     * dlopen while another thread may hold the loader's lock */
    (void)pe_biff_library();
    rc = pe_os_run_isolated(child, &J, CHILD_SECONDS, cap, out);
    if (rc == PE_OS_RUN_START) {
        pe_error_set(err, X->name, 0, 0, "cannot start reading: %s",
                     strerror(errno));
        return PE_EIO;
    }
    if (rc == PE_OS_RUN_NOMEM)
        return PE_ENOMEM;
    if (rc != PE_OS_RUN_OK) {
        pe_error_set(err, X->name, 0, 0,
                     "the workbook cannot be read: libfreexl %s on it (a "
                     "damaged or crafted file)",
                     rc == PE_OS_RUN_TOO_MUCH  ? "ran away"
                     : rc == PE_OS_RUN_TIMEOUT ? "took too long"
                                               : "failed");
        return PE_EDATA;
    }
    return PE_OK;
}

pe_status pe_xls_open(const char *buf, size_t len, const char *name,
                      pe_xls **out, pe_error *err)
{
    char *path = NULL;
    pe_xls *X;
    pe_buf got = {0};
    pe_status st;
    int slot;

    *out = NULL;
    if (!(X = calloc(1, sizeof *X)))
        return PE_ENOMEM;
    X->name = name;
    if ((st = temp_copy(buf, len, &path)) != PE_OK) {
        pe_error_set(err, name, 0, 0,
                     "cannot write a temporary copy for libfreexl (TMPDIR)");
        pe_xls_free(X);
        return st;
    }
    /* a cell costs the pipe little more than its text; the copy goes
     * with the run, even one stopped by a signal */
    pe_os_lock();
    slot = pe_io_temp_register(path);
    pe_os_unlock();
    st = run_child(X, buf, len, path, len * 64 + (1u << 20), &got, err);
    pe_os_remove(path);
    pe_os_lock();
    pe_io_temp_forget(slot);
    pe_os_unlock();
    free(path);
    if (st == PE_OK)
        st = take(X, got.data ? got.data : "", got.len, err);
    pe_buf_free(&got);
    if (st != PE_OK) {
        pe_xls_free(X);
        return st;
    }
    *out = X;
    return PE_OK;
}

void pe_xls_free(pe_xls *X)
{
    if (!X)
        return;
    for (size_t i = 0; i < X->nsheets; i++) {
        for (size_t k = 0; k < X->sheets[i].n; k++)
            free(X->sheets[i].cells[k].text);
        free(X->sheets[i].cells);
        free(X->sheets[i].name);
    }
    free(X->sheets);
    free(X);
}

size_t pe_xls_nsheets(const pe_xls *X)
{
    return X->nsheets;
}

const char *pe_xls_sheet_name(const pe_xls *X, size_t i)
{
    return i < X->nsheets ? X->sheets[i].name : "";
}

int pe_xls_sheet_hidden(const pe_xls *X, size_t i)
{
    return i < X->nsheets && X->sheets[i].hidden;
}

pe_status pe_xls_rows(pe_xls *X, size_t i, pe_row_fn fn, void *ctx,
                      pe_error *err)
{
    const xsheet *s;
    char empty[1] = "";
    char **cells = NULL;
    size_t cap = 0, k = 0;
    pe_status st = PE_OK;
    int stop = 0;

    if (i >= X->nsheets) {
        pe_error_set(err, X->name, 0, 0, "sheet %zu cannot be read", i + 1);
        return PE_EDATA;
    }
    s = &X->sheets[i];
    while (st == PE_OK && !stop && k < s->n) {
        uint32_t row = s->cells[k].row;
        size_t n = 0;

        for (; st == PE_OK && k < s->n && s->cells[k].row == row; k++) {
            size_t col = s->cells[k].col;

            if (col >= cap) {
                size_t old = cap;
                char **g = pe_grow(cells, &cap, col + 1, sizeof *g, 16);

                if (!g) {
                    st = PE_ENOMEM;
                    break;
                }
                cells = g;
                memset(cells + old, 0, (cap - old) * sizeof *g);
            }
            cells[col] = s->cells[k].text; /* borrowed */
            if (col + 1 > n)
                n = col + 1;
        }
        for (size_t c = 0; c < n; c++)
            if (!cells[c])
                cells[c] = empty;
        if (st == PE_OK && n)
            st = fn(ctx, (long)row + 1, (const char *const *)cells, n, &stop);
        for (size_t c = 0; c < cap; c++)
            cells[c] = NULL;
    }
    free(cells);
    return st;
}
