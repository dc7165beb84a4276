/*
 * Workbooks and documents (perfeval.h, "Workbooks and documents"): the
 * .xlsx, .xls and .docx readers of sheet.h behind one API, and the choice
 * of which sheets or tables hold a 附件1.
 *
 * A sheet is read row by row into a grid, the same grid a CSV file
 * becomes, and form_load.c finds the form in it by its labels.  A sheet
 * whose first row is a long-format header is not held: it is streamed to
 * the long-format reader when asked for.  perfeval's own workbooks carry
 * their rules in a hidden sheet named "perfeval" (render_xlsx.c).
 */
#include "form_load.h"
#include "jsonval.h"
#include "ooxml.h"
#include "project.h"
#include "sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULES_SHEET "perfeval"
#define MAX_GAP 1000 /* rows left out of a worksheet that become empty rows */

typedef enum kind { K_XLSX, K_XLS, K_DOCX } kind;

typedef struct table {
    char *name;   /* "t.xlsx:附件1" */
    size_t sheet; /* the reader's index */
    int is_long;
    pe_grid grid; /* a form's rows; empty for the long format */
} table;

struct pe_book {
    kind k;
    char *name;
    pe_xlsx *xlsx;
    pe_xls *xls;
    pe_docx *docx;
    table *t;
    size_t n, cap;
    int has_rules;
    pe_rules rules;
    pe_limits lim;
};

static const char ZIP_MAGIC[] = "PK\x03\x04";
static const char OLE_MAGIC[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

int pe_book_detect(const char *buf, size_t len)
{
    return (len >= 4 && (memcmp(buf, ZIP_MAGIC, 4) == 0 ||
                         memcmp(buf, "PK\x05\x06", 4) == 0)) ||
           (len >= 8 && memcmp(buf, OLE_MAGIC, 8) == 0);
}

/* An OLE file holding "EncryptedPackage" is an Office 2007+ file that a
 * password encrypted; its name is stored in UTF-16. */
static int encrypted_ooxml(const char *buf, size_t len)
{
    static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e";
    size_t n = sizeof name - 1;

    for (size_t i = 0; i + n <= len; i++)
        if (buf[i] == 'E' && memcmp(buf + i, name, n) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ grids */

typedef struct collect {
    pe_grid *g;
    size_t cap;
    long last;
    int long_check; /* look at the first row for a long-format header */
    int is_long;
    size_t cells, max_cells; /* held, and the most that may be */
} collect;

static pe_status push_row(collect *C, long line, const char *const *cells,
                          size_t n)
{
    pe_grid_row *r;
    pe_grid_row *g =
        pe_grow(C->g->row, &C->cap, C->g->nrows + 1, sizeof *g, 64);

    if (!g)
        return PE_ENOMEM;
    C->g->row = g;
    r = &g[C->g->nrows];
    r->line = line;
    r->n = 0;
    r->cell = NULL;
    if (n && !(r->cell = calloc(n, sizeof *r->cell)))
        return PE_ENOMEM;
    C->g->nrows++;
    for (size_t i = 0; i < n; i++) {
        if (!(r->cell[i] = pe_strdup_or_empty(cells[i])))
            return PE_ENOMEM;
        r->n = i + 1;
    }
    return PE_OK;
}

static pe_status on_row(void *ctx, long line, const char *const *cells,
                        size_t n, int *stop)
{
    collect *C = ctx;
    pe_status st;

    if (C->long_check) {
        char head[4096];
        size_t k = 0;

        C->long_check = 0;
        for (size_t i = 0; i < n && k + 1 < sizeof head; i++)
            k += (size_t)snprintf(head + k, sizeof head - k, "%s,", cells[i]);
        if (k > sizeof head - 1)
            k = sizeof head - 1;
        if (pe_long_detect(head, k)) {
            C->is_long = 1;
            *stop = 1;
            return PE_OK;
        }
    }
    /* a cell at XFD costs the 16,383 blank ones before it: the cells held
     * are counted with them, and bounded (--max-cells) */
    if (n > C->max_cells - C->cells) {
        C->cells = C->max_cells + 1;
        return PE_EDATA;
    }
    C->cells += n;
    /* rows the file leaves out are empty rows of the sheet */
    while (C->last && line > C->last + 1 && line - C->last <= MAX_GAP) {
        if ((st = push_row(C, ++C->last, NULL, 0)) != PE_OK)
            return st;
    }
    C->last = line;
    return push_row(C, line, cells, n);
}

static const char *sheet_name(const pe_book *b, size_t i)
{
    return b->k == K_XLSX ? pe_xlsx_sheet_name(b->xlsx, i)
                          : pe_xls_sheet_name(b->xls, i);
}

static pe_status sheet_grid(pe_book *b, size_t i, pe_grid *g, int *is_long,
                            pe_error *err)
{
    collect C = {g, 0, 0, 1, 0, 0, b->lim.cells};
    pe_status st = b->k == K_XLSX ? pe_xlsx_rows(b->xlsx, i, on_row, &C, g, err)
                                  : pe_xls_rows(b->xls, i, on_row, &C, err);

    *is_long = C.is_long;
    g->sheet = 1;
    if (C.cells > C.max_cells) {
        pe_error_set(err, b->name, 0, 0,
                     "sheet %s holds more than %zu cells, counting the blank "
                     "ones before each row's last (--max-cells)",
                     sheet_name(b, i), C.max_cells);
        st = PE_EDATA;
    }
    if (st == PE_ENOMEM)
        pe_error_set(err, b->name, 0, 0, "out of memory");
    return st;
}

/* ------------------------------------------------------------ tables */

static pe_status add_table(pe_book *b, const char *label, size_t sheet,
                           int is_long, pe_grid *g)
{
    table *t = pe_grow(b->t, &b->cap, b->n + 1, sizeof *t, 4);
    size_t n;

    if (!t)
        return PE_ENOMEM;
    b->t = t;
    t = &b->t[b->n];
    n = strlen(b->name) + 1 + strlen(label) + 1;
    if (!(t->name = malloc(n)))
        return PE_ENOMEM;
    snprintf(t->name, n, "%s:%s", b->name, label);
    t->sheet = sheet;
    t->is_long = is_long;
    t->grid = *g;
    *g = (pe_grid){0};
    b->n++;
    return PE_OK;
}

/* The hidden sheet perfeval writes its rules into: cell A1. */
static pe_status read_rules(pe_book *b, size_t i, pe_error *err)
{
    pe_grid g = {0};
    int is_long;
    pe_status st = sheet_grid(b, i, &g, &is_long, err);
    const char *json = g.nrows && g.row[0].n ? g.row[0].cell[0] : "";

    if (st == PE_OK && json[0] == '{') {
        char where[300];

        snprintf(where, sizeof where, "%s:%s", b->name, RULES_SHEET);
        pe_rules_default(&b->rules);
        st = pe_rules_load_json(json, strlen(json), where, &b->rules, err);
        b->has_rules = st == PE_OK;
    }
    pe_grid_free(&g);
    return st;
}

static int sheet_matches(const char *want, const char *name, size_t i)
{
    char *end;
    unsigned long k = strtoul(want, &end, 10);

    if (*want && !*end)
        return k == i + 1;
    return strcmp(want, name) == 0;
}

/* --sheet N is the Nth table of the listing (what a book with several
 * tables lists), not the Nth sheet: a notes sheet between two tables must
 * not shift it.  A sheet whose name is N itself is that sheet.  0 when
 * the option is a name. */
static size_t sheet_number(const pe_book *b, const char *want, size_t n)
{
    char *end;
    unsigned long k = strtoul(want, &end, 10);

    if (!*want || *end || !k)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(want, sheet_name(b, i)) == 0)
            return 0;
    return (size_t)k;
}

/* Keep table k (from 1) of those found, or say how many there are. */
static pe_status keep_table(pe_book *b, const char *want, size_t k,
                            pe_error *err)
{
    if (k > b->n) {
        pe_error_set(err, b->name, 0, 0,
                     "no table numbered %s: the workbook holds %zu table%s "
                     "(--sheet 1 to %zu, or a sheet's name)",
                     want, b->n, b->n == 1 ? "" : "s", b->n);
        return PE_EUSAGE;
    }
    for (size_t i = 0; i < b->n; i++) {
        if (i == k - 1)
            continue;
        free(b->t[i].name);
        pe_grid_free(&b->t[i].grid);
    }
    b->t[0] = b->t[k - 1];
    b->n = 1;
    return PE_OK;
}

/* The sheets of a workbook that hold a table. */
static pe_status find_sheets(pe_book *b, const pe_book_opts *o, pe_error *err)
{
    size_t n =
        b->k == K_XLSX ? pe_xlsx_nsheets(b->xlsx) : pe_xls_nsheets(b->xls);
    const char *want = o && o->sheet ? o->sheet : NULL;
    size_t number = want ? sheet_number(b, want, n) : 0;
    int by_name = want && !number;
    int found = 0;
    pe_status st;

    for (size_t i = 0; i < n; i++) {
        const char *name = sheet_name(b, i);
        int hidden = b->k == K_XLSX ? pe_xlsx_sheet_hidden(b->xlsx, i)
                                    : pe_xls_sheet_hidden(b->xls, i);
        pe_grid g = {0};
        int is_long = 0;

        /* the workbook's own rules apply whichever sheet --sheet reads,
         * unless it asks for the rules sheet itself */
        if (strcmp(name, RULES_SHEET) == 0 &&
            !(by_name && strcmp(want, name) == 0)) {
            if ((st = read_rules(b, i, err)) != PE_OK)
                return st;
            continue;
        }
        if (by_name ? strcmp(want, name) != 0 : hidden)
            continue;
        found = 1;
        if ((st = sheet_grid(b, i, &g, &is_long, err)) != PE_OK) {
            pe_grid_free(&g);
            return st;
        }
        /* a sheet asked for by name is read whatever it holds */
        if (is_long || pe_form_detect(&g) || by_name)
            st = add_table(b, name, i, is_long, &g);
        pe_grid_free(&g);
        if (st != PE_OK)
            return st;
    }
    if (number)
        return keep_table(b, want, number, err);
    if (by_name && !found) {
        char list[1024] = "";

        for (size_t i = 0, k = 0; i < n && k + 4 < sizeof list; i++)
            k += (size_t)snprintf(
                list + k, sizeof list - k, "%s%s", i ? ", " : "",
                b->k == K_XLSX ? pe_xlsx_sheet_name(b->xlsx, i)
                               : pe_xls_sheet_name(b->xls, i));
        pe_error_set(err, b->name, 0, 0,
                     "no sheet named or numbered %s (the sheets: %s)", o->sheet,
                     list);
        return PE_EUSAGE;
    }
    return PE_OK;
}

/* The tables of a document that hold a 附件1, or the one --sheet names
 * ("2" or "table 2": the document's second table, whatever it holds). */
static pe_status find_tables(pe_book *b, const pe_book_opts *o, pe_error *err)
{
    size_t n = pe_docx_ntables(b->docx);
    int found = 0;
    pe_status st;

    for (size_t i = 0; i < n; i++) {
        pe_grid *g = pe_docx_table(b->docx, i);
        char label[32];

        snprintf(label, sizeof label, "table %zu", i + 1);
        if (o && o->sheet ? !sheet_matches(o->sheet, label, i)
                          : !pe_form_detect(g))
            continue;
        found = 1;
        /* the book takes the grid over */
        if ((st = add_table(b, label, i, 0, g)) != PE_OK)
            return st;
    }
    if (o && o->sheet && !found) {
        pe_error_set(err, b->name, 0, 0,
                     "no table numbered %s (the document has %zu table%s: "
                     "--sheet 1 to %zu)",
                     o->sheet, n, n == 1 ? "" : "s", n);
        return PE_EUSAGE;
    }
    return PE_OK;
}

/* ------------------------------------------------------------ API */

/* A zip that is no OOXML file: an OpenDocument one says what it is (its
 * "mimetype" member), so that the clerk knows what to save it as. */
static void odf_or_other(pe_zip *z, const char *name, pe_error *err)
{
    static const char odf[] = "application/vnd.oasis.opendocument.";
    pe_buf mt = {0, 0, 0};
    pe_error ignored;
    const char *what = NULL, *as = NULL;

    memset(&ignored, 0, sizeof ignored);
    if (pe_zip_has(z, "mimetype") &&
        pe_zip_read(z, "mimetype", &mt, &ignored) == PE_OK && mt.data &&
        strncmp(mt.data, odf, sizeof odf - 1) == 0) {
        const char *sub = mt.data + sizeof odf - 1;

        if (strncmp(sub, "spreadsheet", 11) == 0)
            what = "an OpenDocument spreadsheet (.ods)", as = ".xlsx";
        else if (strncmp(sub, "text", 4) == 0)
            what = "an OpenDocument text (.odt)", as = ".docx";
    }
    if (what)
        pe_error_set(err, name, 0, 0,
                     "%s: perfeval reads Excel and Word files; save it as "
                     "%s (文件 → 另存为) and score that",
                     what, as);
    else
        pe_error_set(err, name, 0, 0,
                     "a zip archive, but neither an Excel workbook (.xlsx) "
                     "nor a Word document (.docx)");
    pe_buf_free(&mt);
}

static int zip_kind(const char *buf, size_t len, const char *name,
                    const pe_limits *lim, kind *k, pe_error *err, pe_status *st)
{
    pe_zip *z;

    if ((*st = pe_zip_open(buf, len, name, lim, &z, err)) != PE_OK)
        return 0;
    if (pe_zip_has(z, "word/document.xml"))
        *k = K_DOCX;
    else if (pe_zip_has(z, "xl/workbook.xml") || pe_zip_has(z, "_rels/.rels"))
        *k = K_XLSX;
    else {
        odf_or_other(z, name, err);
        *st = PE_EDATA;
    }
    pe_zip_close(z);
    return *st == PE_OK;
}

pe_status pe_book_open(const char *buf, size_t len, const char *name,
                       const pe_book_opts *o, pe_book **out, pe_error *err)
{
    pe_limits lim = {o && o->max_size ? o->max_size : PE_DEFAULT_PART,
                     o && o->max_unpacked ? o->max_unpacked
                                          : PE_DEFAULT_UNPACKED,
                     o && o->max_cells ? o->max_cells : PE_DEFAULT_CELLS};
    pe_book *b;
    pe_status st = PE_OK;
    kind k = K_XLSX;

    *out = NULL;
    if (len >= 8 && memcmp(buf, OLE_MAGIC, 8) == 0) {
        if (encrypted_ooxml(buf, len)) {
            pe_error_set(err, name, 0, 0,
                         "the file is protected by a password: open it in "
                         "Excel or WPS, remove the password (文件 → 信息 → "
                         "保护工作簿) and save it again");
            return PE_EDATA;
        }
        k = K_XLS;
    } else if (!zip_kind(buf, len, name, &lim, &k, err, &st)) {
        return st;
    }
    if (!(b = calloc(1, sizeof *b)) || !(b->name = pe_strdup_or_empty(name))) {
        free(b);
        return PE_ENOMEM;
    }
    b->k = k;
    b->lim = lim;
    if (k == K_XLSX)
        st = pe_xlsx_open(buf, len, name, &lim, &b->xlsx, err);
    else if (k == K_XLS)
        st = pe_xls_open(buf, len, name, &b->xls, err);
    else
        st = pe_docx_open(buf, len, name, &lim, &b->docx, err);
    if (st == PE_OK)
        st = k == K_DOCX ? find_tables(b, o, err) : find_sheets(b, o, err);
    if (st == PE_OK && b->n == 0) {
        pe_error_set(err, name, 0, 0, "%s",
                     k == K_DOCX ? "no table in the document holds a 附件1 "
                                   "(a 绩效指标 header: 一级指标, 三级指标 ...)"
                                 : "no sheet holds a 附件1 (a 绩效指标 header: "
                                   "一级指标, 三级指标 ...) or a long-format "
                                   "table");
        st = PE_EDATA;
    }
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    if (st != PE_OK) {
        pe_book_free(b);
        return st;
    }
    *out = b;
    return PE_OK;
}

void pe_book_free(pe_book *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->t[i].name);
        pe_grid_free(&b->t[i].grid);
    }
    free(b->t);
    pe_xlsx_free(b->xlsx);
    pe_xls_free(b->xls);
    pe_docx_free(b->docx);
    free(b->name);
    free(b);
}

size_t pe_book_count(const pe_book *b)
{
    return b->n;
}

const char *pe_book_table_name(const pe_book *b, size_t i)
{
    return i < b->n ? b->t[i].name : "";
}

int pe_book_table_is_long(const pe_book *b, size_t i)
{
    return i < b->n && b->t[i].is_long;
}

pe_status pe_book_table_load(pe_book *b, size_t i, pe_project **out,
                             pe_error *err)
{
    pe_status st;

    *out = NULL;
    if (i >= b->n || b->t[i].is_long) {
        pe_error_set(err, b->name, 0, 0, "no 附件1 table %zu", i + 1);
        return PE_EUSAGE;
    }
    if ((st = pe_form_load(&b->t[i].grid, b->t[i].name, 0, out, err)) != PE_OK)
        return st;
    if (b->has_rules) {
        pe_project_set_rules(*out, &b->rules);
        (*out)->own_rules = 1;
    }
    return PE_OK;
}

typedef struct feed_ctx {
    pe_long *lr;
    pe_long_fn fn;
    void *ctx;
    pe_error *err;
} feed_ctx;

static pe_status feed_row(void *ctx, long line, const char *const *cells,
                          size_t n, int *stop)
{
    feed_ctx *F = ctx;

    (void)stop;
    return pe_long_feed_row(F->lr, line, cells, n, F->fn, F->ctx, F->err);
}

pe_status pe_book_table_stream(pe_book *b, size_t i, pe_long *lr, pe_long_fn fn,
                               void *ctx, pe_error *err)
{
    feed_ctx F = {lr, fn, ctx, err};
    pe_status st;

    if (i >= b->n || !b->t[i].is_long) {
        pe_error_set(err, b->name, 0, 0, "no long-format table %zu", i + 1);
        return PE_EUSAGE;
    }
    st = b->k == K_XLSX
             ? pe_xlsx_rows(b->xlsx, b->t[i].sheet, feed_row, &F, NULL, err)
             : pe_xls_rows(b->xls, b->t[i].sheet, feed_row, &F, err);
    if (st == PE_OK)
        st = pe_long_end(lr, fn, ctx, err);
    return st;
}

int pe_book_is_document(const pe_book *b)
{
    return b && b->k == K_DOCX;
}
