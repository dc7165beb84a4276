/*
 * The tables of a Word document (.docx), through libzip and expat
 * (sheet.h).  A 自评报告 carries its 附件1 as a Word table: merged cells
 * are w:gridSpan (across) and w:vMerge (down); they become blank cells
 * past the first, as in a CSV a spreadsheet saves.  A cell's paragraphs
 * are joined by line breaks; deleted text (w:delText) is left out.
 */
#include "ooxml.h"
#include "project.h"
#include "sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXDEPTH 8   /* tables inside tables */
#define MAXCOLS 4096 /* a table wider than this is not a 附件1 */

typedef struct table_state {
    pe_grid grid;
    size_t rowcap;
    char **cells; /* the row being read */
    size_t ncells, cellcap;
    size_t col;  /* the next grid column */
    size_t span; /* the cell's w:gridSpan */
    int vcont;   /* the cell continues a vertical merge */
    int vstart;  /* the cell starts one (w:vMerge w:val="restart") */
    int filler;  /* a blank column of w:gridBefore */
    /* per grid column: a vertical merge was started above, so that a
     * continuation with none (a damaged or hand-made table) keeps its
     * text instead of losing it */
    unsigned char merging[MAXCOLS];
    pe_buf text;    /* the cell's text */
    int paragraphs; /* paragraphs begun in the cell */
    long rows;
    int join;     /* may continue the table before it (keep_table) */
    long *bounds; /* where its grid's columns start, and its width */
    size_t nbounds, boundcap;
} table_state;

struct pe_docx {
    pe_grid *tables;
    size_t ntables, cap;
};

typedef struct doc_ctx {
    pe_docx *D;
    size_t cells, max_cells; /* held by the tables, and the most allowed */
    table_state t[MAXDEPTH];
    int depth;   /* tables open */
    int skipped; /* tables open beyond MAXDEPTH */
    int in_t;    /* inside w:t */
    int in_cell;
    int joinable; /* a table ended, and no text has come since */
    long *prev;   /* the bounds of the last table kept at the top */
    size_t nprev;
} doc_ctx;

/* The cell just read, and the blank cells its gridSpan covers, counted
 * against the document's budget of cells (PE_EDATA past it). */
static pe_status add_cell(doc_ctx *C, table_state *T)
{
    size_t span = T->span ? T->span : 1;

    if (span > C->max_cells - C->cells) {
        C->cells = C->max_cells + 1;
        return PE_EDATA;
    }
    C->cells += span;
    for (size_t k = 0; k < span; k++) {
        size_t col = T->ncells;
        int blank = T->filler || (T->vcont && col < MAXCOLS && T->merging[col]);
        const char *s = k == 0 && !blank && T->text.data ? T->text.data : "";
        char **g;
        size_t n = strlen(s);

        /* trailing line breaks of the last paragraph go */
        while (k == 0 && n && (s[n - 1] == '\n' || s[n - 1] == ' '))
            n--;
        if (T->ncells >= MAXCOLS)
            return PE_OK;
        if (!T->filler)
            T->merging[col] = (unsigned char)(T->vstart || T->vcont);
        if (!(g = pe_grow(T->cells, &T->cellcap, T->ncells + 1, sizeof *g, 16)))
            return PE_ENOMEM;
        T->cells = g;
        if (!(g[T->ncells] = malloc(n + 1)))
            return PE_ENOMEM;
        memcpy(g[T->ncells], s, n);
        g[T->ncells][n] = '\0';
        T->ncells++;
    }
    return PE_OK;
}

/* Stop the parse on st: past the budget of cells, or out of memory. */
static void stop_cells(pe_xml *x, const doc_ctx *C, pe_status st)
{
    char msg[160];

    if (st == PE_EDATA && C->cells > C->max_cells) {
        snprintf(msg, sizeof msg,
                 "the document's tables hold more than %zu cells (--max-cells)",
                 C->max_cells);
        pe_xml_stop(x, PE_EDATA, msg);
    } else {
        pe_xml_stop(x, st, "out of memory");
    }
}

static pe_status end_row(table_state *T)
{
    pe_grid_row *r;

    {
        pe_grid_row *g =
            pe_grow(T->grid.row, &T->rowcap, T->grid.nrows + 1, sizeof *g, 16);
        if (!g)
            return PE_ENOMEM;
        T->grid.row = g;
    }
    r = &T->grid.row[T->grid.nrows++];
    r->line = ++T->rows;
    r->n = T->ncells;
    r->cell = T->cells;
    T->cells = NULL;
    T->ncells = T->cellcap = 0;
    return PE_OK;
}

static void XMLCALL doc_start(void *data, const char *el, const char **atts)
{
    pe_xml *x = data;
    doc_ctx *C = x->ud;
    const char *local = pe_xml_local(el);
    table_state *T = C->depth ? &C->t[C->depth - 1] : NULL;

    if (strcmp(local, "tbl") == 0) {
        if (C->depth == MAXDEPTH) {
            C->skipped++;
            return;
        }
        memset(&C->t[C->depth], 0, sizeof C->t[0]);
        C->t[C->depth].join = C->depth == 0 && C->joinable;
        C->depth++;
        return;
    }
    if (!T && strcmp(local, "t") == 0)
        C->joinable = 0; /* text between two tables: they are two */
    if (!T || C->skipped)
        return;
    if (strcmp(local, "tr") == 0) {
        T->col = 0;
    } else if (strcmp(local, "gridBefore") == 0) {
        const char *v = pe_xml_attr(atts, "val");
        long n = v ? strtol(v, NULL, 10) : 0;

        /* columns left empty before the row's first cell */
        for (long k = 0; k < n && k < MAXCOLS; k++) {
            T->span = 1;
            T->filler = 1;
            pe_status st = add_cell(C, T);

            if (st != PE_OK) {
                stop_cells(x, C, st);
                break;
            }
        }
    } else if (strcmp(local, "tc") == 0) {
        T->span = 1;
        T->vcont = 0;
        T->vstart = 0;
        T->filler = 0;
        T->text.len = 0;
        if (T->text.data)
            T->text.data[0] = '\0';
        T->paragraphs = 0;
        C->in_cell = 1;
    } else if (strcmp(local, "gridCol") == 0) {
        const char *v = pe_xml_attr(atts, "w");
        long w = v ? strtol(v, NULL, 10) : 0;
        long *g;

        if (T->nbounds > MAXCOLS)
            return;
        if (!(g = pe_grow(T->bounds, &T->boundcap, T->nbounds + 2, sizeof *g,
                          16))) {
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
            return;
        }
        T->bounds = g;
        if (!T->nbounds)
            g[T->nbounds++] = 0;
        g[T->nbounds] = g[T->nbounds - 1] + (w > 0 && w < 1000000 ? w : 0);
        T->nbounds++;
    } else if (strcmp(local, "gridSpan") == 0) {
        const char *v = pe_xml_attr(atts, "val");
        long n = v ? strtol(v, NULL, 10) : 1;

        T->span = n > 0 && n < MAXCOLS ? (size_t)n : 1;
    } else if (strcmp(local, "vMerge") == 0) {
        const char *v = pe_xml_attr(atts, "val");

        T->vcont = !v || strcmp(v, "restart") != 0;
        T->vstart = !T->vcont;
    } else if (strcmp(local, "p") == 0) {
        if (T->paragraphs++ && pe_buf_append(&T->text, "\n", 1) != PE_OK)
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
    } else if (strcmp(local, "t") == 0) {
        C->in_t = 1;
    } else if (strcmp(local, "br") == 0 || strcmp(local, "cr") == 0) {
        if (pe_buf_append(&T->text, "\n", 1) != PE_OK)
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
    } else if (strcmp(local, "tab") == 0 && C->in_cell) {
        if (pe_buf_append(&T->text, " ", 1) != PE_OK)
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
    }
}

static void XMLCALL doc_chars(void *data, const char *s, int len)
{
    pe_xml *x = data;
    doc_ctx *C = x->ud;

    if (!C->in_t || !C->depth || C->skipped)
        return;
    if (pe_buf_append(&C->t[C->depth - 1].text, s, (size_t)len) != PE_OK)
        pe_xml_stop(x, PE_ENOMEM, "out of memory");
}

static size_t grid_width(const pe_grid *g)
{
    size_t w = 0;

    for (size_t i = 0; i < g->nrows; i++)
        if (g->row[i].n > w)
            w = g->row[i].n;
    return w;
}

/* Does every bound of the coarse grid fall on one of the fine grid's
 * (within 30 twips, a re-save's rounding), the two as wide? */
static int coarser(const long *c, size_t nc, const long *f, size_t nf)
{
    size_t j = 0;

    if (nc < 2 || nf <= nc || labs(c[nc - 1] - f[nf - 1]) > 30)
        return 0;
    for (size_t i = 0; i < nc; i++) {
        while (j < nf && f[j] < c[i] - 30)
            j++;
        if (j == nf || labs(f[j] - c[i]) > 30)
            return 0;
    }
    return 1;
}

static size_t nearest(const long *f, size_t nf, long at)
{
    size_t best = 0;

    for (size_t j = 1; j < nf; j++)
        if (labs(f[j] - at) < labs(f[best] - at))
            best = j;
    return best;
}

/* The rows of g, on the coarse grid c, laid on the fine grid f: a cell
 * over several of f's columns keeps its text in the first, the others
 * blank, as a merge across is read. */
static pe_status regrid(pe_grid *g, const long *c, size_t nc, const long *f,
                        size_t nf)
{
    for (size_t i = 0; i < g->nrows; i++) {
        pe_grid_row *r = &g->row[i];
        char **cells = calloc(nf - 1, sizeof *cells);

        if (!cells)
            return PE_ENOMEM;
        for (size_t k = 0; k < r->n; k++) {
            size_t a = k + 1 < nc ? nearest(f, nf, c[k]) : nf - 1;

            if (a < nf - 1 && !cells[a]) {
                cells[a] = r->cell[k];
                r->cell[k] = NULL;
            }
        }
        for (size_t k = 0; k < r->n; k++)
            free(r->cell[k]);
        free(r->cell);
        r->cell = cells;
        r->n = nf - 1;
        for (size_t k = 0; k < r->n; k++)
            if (!r->cell[k] && !(r->cell[k] = calloc(1, 1)))
                return PE_ENOMEM;
    }
    return PE_OK;
}

/*
 * A table kept, or joined to the one before it: a form drawn as two
 * tables, one under the other with nothing but empty paragraphs between
 * them, as wide, is one form (perfeval's own 附件1 is drawn so, for Word
 * to repeat the indicators' header row on each page).  Their grids may
 * differ: LibreOffice, saving, drops a grid column that no row of a table
 * divides, and the head of the form then has 8 columns to the
 * indicators' 9; the coarser is laid on the finer.
 */
static pe_status keep_table(doc_ctx *C, table_state *T)
{
    pe_docx *D = C->D;
    pe_grid *g;
    int top = C->depth == 1;

    if (T->join && D->ntables) {
        pe_grid *prev = &D->tables[D->ntables - 1];
        size_t wp = grid_width(prev), wt = grid_width(&T->grid);
        int same = wp == wt;
        pe_status st = PE_OK;

        if (!same && wp < wt &&
            coarser(C->prev, C->nprev, T->bounds, T->nbounds)) {
            st = regrid(prev, C->prev, C->nprev, T->bounds, T->nbounds);
            same = 1;
        } else if (!same && wt < wp &&
                   coarser(T->bounds, T->nbounds, C->prev, C->nprev)) {
            st = regrid(&T->grid, T->bounds, T->nbounds, C->prev, C->nprev);
            same = 1;
        }
        if (st != PE_OK)
            return st;
        if (same) {
            /* its rows number on from the first table's */
            long line = prev->nrows ? prev->row[prev->nrows - 1].line : 0;
            pe_grid_row *r =
                realloc(prev->row, (prev->nrows + T->grid.nrows) * sizeof *r);

            if (!r)
                return PE_ENOMEM;
            for (size_t i = 0; i < T->grid.nrows; i++) {
                r[prev->nrows + i] = T->grid.row[i];
                r[prev->nrows + i].line = ++line;
            }
            prev->row = r;
            prev->nrows += T->grid.nrows;
            free(T->grid.row);
            T->grid.row = NULL;
            T->grid.nrows = 0;
            if (wt > wp) {
                /* the joined table's grid is the finer */
                free(C->prev);
                C->prev = T->bounds;
                C->nprev = T->nbounds;
                T->bounds = NULL;
            }
            return PE_OK;
        }
    }
    if (!(g = pe_grow(D->tables, &D->cap, D->ntables + 1, sizeof *g, 4)))
        return PE_ENOMEM;
    D->tables = g;
    g[D->ntables++] = T->grid;
    T->grid.row = NULL;
    T->grid.nrows = 0;
    if (top) {
        free(C->prev);
        C->prev = T->bounds;
        C->nprev = T->nbounds;
        T->bounds = NULL;
    }
    return PE_OK;
}

static void free_table(table_state *T)
{
    for (size_t k = 0; k < T->ncells; k++)
        free(T->cells[k]);
    free(T->cells);
    pe_grid_free(&T->grid);
    pe_buf_free(&T->text);
    free(T->bounds);
    memset(T, 0, sizeof *T);
}

static void XMLCALL doc_end(void *data, const char *el)
{
    pe_xml *x = data;
    doc_ctx *C = x->ud;
    const char *local = pe_xml_local(el);
    table_state *T = C->depth ? &C->t[C->depth - 1] : NULL;
    pe_status st = PE_OK;

    if (strcmp(local, "tbl") == 0) {
        if (C->skipped) {
            C->skipped--;
            return;
        }
        if (!T)
            return;
        if (T->ncells)
            st = end_row(T);
        if (st == PE_OK && T->grid.nrows)
            st = keep_table(C, T);
        free_table(T);
        C->depth--;
        C->joinable = C->depth == 0;
    } else if (!T || C->skipped) {
        return;
    } else if (strcmp(local, "t") == 0) {
        C->in_t = 0;
    } else if (strcmp(local, "tc") == 0) {
        st = add_cell(C, T);
        C->in_cell = 0;
    } else if (strcmp(local, "tr") == 0) {
        st = end_row(T);
    }
    if (st != PE_OK)
        stop_cells(x, C, st);
}

/* The zip of a Word document: one with a word/document.xml. */
static pe_status open_document(const char *buf, size_t len, const char *name,
                               const pe_limits *lim, pe_zip **z, pe_error *err)
{
    pe_status st = pe_zip_open(buf, len, name, lim, z, err);

    if (st != PE_OK)
        return st;
    if (!pe_zip_has(*z, "word/document.xml")) {
        pe_error_set(err, name, 0, 0,
                     "a zip archive, but not a Word document: it has no "
                     "word/document.xml");
        pe_zip_close(*z);
        *z = NULL;
        return PE_EDATA;
    }
    return PE_OK;
}

pe_status pe_docx_open(const char *buf, size_t len, const char *name,
                       const pe_limits *lim, pe_docx **out, pe_error *err)
{
    pe_zip *z = NULL;
    pe_docx *D;
    doc_ctx *C;
    pe_xml *x = NULL;
    pe_status st;

    *out = NULL;
    if ((st = open_document(buf, len, name, lim, &z, err)) != PE_OK)
        return st;
    D = calloc(1, sizeof *D);
    C = calloc(1, sizeof *C);
    if (D && C && (x = pe_xml_new(C))) {
        C->D = D;
        C->max_cells = pe_zip_limits(z)->cells;
        pe_xml_handlers(x, doc_start, doc_end);
        XML_SetCharacterDataHandler(x->p, doc_chars);
        st = pe_zip_parse(z, "word/document.xml", x, err);
    } else {
        st = PE_ENOMEM;
    }
    if (C) {
        for (int i = 0; i < MAXDEPTH; i++)
            free_table(&C->t[i]);
        free(C->prev);
    }
    pe_xml_free(x);
    free(C);
    pe_zip_close(z);
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    if (st != PE_OK) {
        pe_docx_free(D);
        return st;
    }
    *out = D;
    return PE_OK;
}

void pe_docx_free(pe_docx *D)
{
    if (!D)
        return;
    for (size_t i = 0; i < D->ntables; i++)
        pe_grid_free(&D->tables[i]);
    free(D->tables);
    free(D);
}

size_t pe_docx_ntables(const pe_docx *D)
{
    return D->ntables;
}

pe_grid *pe_docx_table(pe_docx *D, size_t i)
{
    return i < D->ntables ? &D->tables[i] : NULL;
}

/* ------------------------------------------------- the running text */

typedef struct text_ctx {
    pe_buf *out;
    pe_buf para;   /* the paragraph being read */
    pe_buf nested; /* a text box's paragraph inside it */
    pe_buf later;  /* the text box's lines, written after the paragraph */
    int tables;    /* w:tbl open: their text is the table's, not ours */
    int fallback;  /* mc:Fallback open: a second copy of a drawing */
    int paras;     /* w:p open outside tables */
    int tabs;      /* w:tabs open: tab stops, not tab characters */
    int in_t;
} text_ctx;

static pe_buf *text_target(text_ctx *T)
{
    return T->paras > 1 ? &T->nested : &T->para;
}

/* The nested paragraph as a line of its own, when it holds text. */
static pe_status flush_nested(text_ctx *T)
{
    pe_status st = PE_OK;

    if (T->nested.len && ((st = pe_buf_append(&T->later, T->nested.data,
                                              T->nested.len)) != PE_OK ||
                          (st = pe_buf_append(&T->later, "\n", 1)) != PE_OK))
        return st;
    T->nested.len = 0;
    return PE_OK;
}

static void XMLCALL text_start(void *data, const char *el, const char **atts)
{
    pe_xml *x = data;
    text_ctx *T = x->ud;
    const char *local = pe_xml_local(el);
    pe_status st = PE_OK;

    (void)atts;
    if (strcmp(local, "tbl") == 0) {
        T->tables++;
        return;
    }
    if (strcmp(local, "Fallback") == 0) {
        T->fallback++;
        return;
    }
    if (T->tables || T->fallback)
        return;
    if (strcmp(local, "tabs") == 0) {
        T->tabs++;
    } else if (strcmp(local, "p") == 0) {
        if (T->paras++ >= 1)
            st = flush_nested(T);
    } else if (strcmp(local, "t") == 0) {
        T->in_t = T->paras > 0;
    } else if (T->paras &&
               (strcmp(local, "br") == 0 || strcmp(local, "cr") == 0)) {
        st = pe_buf_append(text_target(T), " ", 1);
    } else if (T->paras && !T->tabs && strcmp(local, "tab") == 0) {
        st = pe_buf_append(text_target(T), "\t", 1);
    }
    if (st != PE_OK)
        pe_xml_stop(x, st, "out of memory");
}

static void XMLCALL text_chars(void *data, const char *s, int len)
{
    pe_xml *x = data;
    text_ctx *T = x->ud;

    if (T->in_t && !T->tables && !T->fallback &&
        pe_buf_append(text_target(T), s, (size_t)len) != PE_OK)
        pe_xml_stop(x, PE_ENOMEM, "out of memory");
}

static void XMLCALL text_end(void *data, const char *el)
{
    pe_xml *x = data;
    text_ctx *T = x->ud;
    const char *local = pe_xml_local(el);
    pe_status st = PE_OK;

    if (strcmp(local, "tbl") == 0) {
        if (T->tables)
            T->tables--;
        return;
    }
    if (strcmp(local, "Fallback") == 0) {
        if (T->fallback)
            T->fallback--;
        return;
    }
    if (T->tables || T->fallback)
        return;
    if (strcmp(local, "t") == 0) {
        T->in_t = 0;
    } else if (strcmp(local, "tabs") == 0) {
        if (T->tabs)
            T->tabs--;
    } else if (strcmp(local, "p") == 0 && T->paras) {
        if (--T->paras >= 1) {
            st = flush_nested(T);
        } else if ((st = pe_buf_append(T->out, T->para.data ? T->para.data : "",
                                       T->para.len)) == PE_OK &&
                   (st = pe_buf_append(T->out, "\n", 1)) == PE_OK &&
                   (st = pe_buf_append(T->out,
                                       T->later.data ? T->later.data : "",
                                       T->later.len)) == PE_OK) {
            T->para.len = 0;
            T->later.len = 0;
        }
    }
    if (st != PE_OK)
        pe_xml_stop(x, st, "out of memory");
}

pe_status pe_docx_text(const char *buf, size_t len, const char *name,
                       size_t max, pe_buf *out, pe_error *err)
{
    pe_zip *z = NULL;
    text_ctx T;
    pe_xml *x;
    pe_status st;
    size_t keep = out->len;
    /* a report's parts: each within max, all within the default total */
    pe_limits lim = {max, max < PE_DEFAULT_UNPACKED ? max : PE_DEFAULT_UNPACKED,
                     0};

    if ((st = open_document(buf, len, name, &lim, &z, err)) != PE_OK)
        return st;
    memset(&T, 0, sizeof T);
    T.out = out;
    if ((x = pe_xml_new(&T))) {
        pe_xml_handlers(x, text_start, text_end);
        XML_SetCharacterDataHandler(x->p, text_chars);
        st = pe_zip_parse(z, "word/document.xml", x, err);
    } else {
        st = PE_ENOMEM;
    }
    pe_xml_free(x);
    pe_buf_free(&T.para);
    pe_buf_free(&T.nested);
    pe_buf_free(&T.later);
    pe_zip_close(z);
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    if (st != PE_OK) {
        out->len = keep;
        if (out->data)
            out->data[keep] = '\0';
    }
    return st;
}
