/*
 * Excel and WPS workbooks (.xlsx), read with libzip and expat (sheet.h).
 *
 * The parts read: _rels/.rels to find the workbook, the workbook's sheets
 * and its relationships, the shared strings, the number formats of the
 * styles, and each worksheet as a stream of rows.  A cell is the text the
 * clerk saw: a shared or inline string (rich-text runs joined, phonetic
 * runs left out), a formula's cached value, a number shown by its format
 * (numfmt.c).
 */
#include "numfmt.h"
#include "ooxml.h"
#include "project.h"
#include "sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCOLS 16384    /* XFD, the last column Excel has */
#define MAXROWS 1048576L /* and its last row, as csv_grid.c holds */

typedef struct sheet_ref {
    char *name, *part;
    int hidden;
} sheet_ref;

struct pe_xlsx {
    pe_zip *zip;
    const char *name;
    sheet_ref *sheets;
    size_t nsheets, sheetcap;
    char **strings; /* shared strings */
    size_t nstrings, strcap;
    char **fmts; /* by cellXfs index: the format code, NULL for General */
    size_t nfmts, fmtcap;
    int date1904;
};

/* ------------------------------------------------------------ helpers */

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static char *dup(const char *s)
{
    return dupn(s, strlen(s));
}

/* A part named by a relationship: Target relative to the directory of
 * the part that holds the relationship, or absolute from the root. */
static char *resolve(const char *from_part, const char *target)
{
    char path[1024];
    const char *slash = strrchr(from_part, '/');
    size_t dir = slash ? (size_t)(slash - from_part) + 1 : 0;

    if (target[0] == '/')
        snprintf(path, sizeof path, "%s", target + 1);
    else
        snprintf(path, sizeof path, "%.*s%s", (int)dir, from_part, target);
    /* fold "dir/../" */
    for (char *up; (up = strstr(path, "/../"));) {
        char *start = up;

        while (start > path && start[-1] != '/')
            start--;
        memmove(start, up + 4, strlen(up + 4) + 1);
    }
    return dup(path);
}

/* ------------------------------------------------------------ rels */

typedef struct rels_ctx {
    const char *want_id;   /* the Id wanted, or NULL */
    const char *want_type; /* or the Type's last part ("officeDocument") */
    char *target;
} rels_ctx;

static void XMLCALL rels_start(void *data, const char *el, const char **atts)
{
    pe_xml *x = data;
    rels_ctx *R = x->ud;
    const char *id, *type, *target;

    if (strcmp(pe_xml_local(el), "Relationship") != 0 || R->target)
        return;
    id = pe_xml_attr(atts, "Id");
    type = pe_xml_attr(atts, "Type");
    target = pe_xml_attr(atts, "Target");
    if (!target)
        return;
    if ((R->want_id && id && strcmp(id, R->want_id) == 0) ||
        (R->want_type && type && strlen(type) >= strlen(R->want_type) &&
         strcmp(type + strlen(type) - strlen(R->want_type), R->want_type) ==
             0)) {
        if (!(R->target = dup(target)))
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
    }
}

/* The Target of the relationship of `part` with that Id or Type; NULL
 * when there is none (*st PE_OK) or on failure. */
static char *rel_target(pe_xlsx *X, const char *part, const char *id,
                        const char *type, pe_status *st, pe_error *err)
{
    char rels[1024];
    const char *slash = strrchr(part, '/');
    rels_ctx R = {id, type, NULL};
    pe_xml *x;
    char *path = NULL;

    if (slash)
        snprintf(rels, sizeof rels, "%.*s_rels/%s.rels",
                 (int)(slash - part) + 1, part, slash + 1);
    else
        snprintf(rels, sizeof rels, "_rels/%s.rels", part);
    *st = PE_OK;
    if (!pe_zip_has(X->zip, rels))
        return NULL;
    if (!(x = pe_xml_new(&R))) {
        *st = PE_ENOMEM;
        return NULL;
    }
    pe_xml_handlers(x, rels_start, NULL);
    *st = pe_zip_parse(X->zip, rels, x, err);
    pe_xml_free(x);
    if (*st == PE_OK && R.target && !(path = resolve(part, R.target)))
        *st = PE_ENOMEM;
    free(R.target);
    return path;
}

/* ------------------------------------------------------------ workbook */

typedef struct book_ctx {
    pe_xlsx *X;
    const char *part;
    pe_error *err;
    pe_status st;
} book_ctx;

static void XMLCALL book_start(void *data, const char *el, const char **atts)
{
    pe_xml *x = data;
    book_ctx *B = x->ud;
    pe_xlsx *X = B->X;
    const char *local = pe_xml_local(el);

    if (strcmp(local, "workbookPr") == 0) {
        const char *d = pe_xml_attr(atts, "date1904");

        X->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(local, "sheet") == 0) {
        const char *name = pe_xml_attr(atts, "name");
        const char *state = pe_xml_attr(atts, "state");
        const char *rid = pe_xml_attr(atts, "id");
        sheet_ref *s;

        if (!name || !rid)
            return;
        {
            sheet_ref *g =
                pe_grow(X->sheets, &X->sheetcap, X->nsheets + 1, sizeof *g, 8);

            if (!g) {
                pe_xml_stop(x, PE_ENOMEM, "out of memory");
                return;
            }
            X->sheets = g;
        }
        s = &X->sheets[X->nsheets++];
        s->hidden = state && strcmp(state, "visible") != 0;
        s->name = dup(name);
        /* the r:id is resolved after the parse; keep it in part */
        s->part = dup(rid);
        if (!s->name || !s->part)
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
    }
}

/* ------------------------------------------------------------ strings */

typedef struct text_ctx {
    pe_xlsx *X;
    pe_buf text;
    int in_t;  /* inside <t> */
    int in_ph; /* inside <rPh>: phonetic guide, not the text */
    int in_si;
} text_ctx;

static void XMLCALL sst_start(void *data, const char *el, const char **atts)
{
    pe_xml *x = data;
    text_ctx *T = x->ud;
    const char *local = pe_xml_local(el);

    (void)atts;
    if (strcmp(local, "si") == 0) {
        T->in_si = 1;
        T->text.len = 0;
        if (T->text.data)
            T->text.data[0] = '\0';
    } else if (strcmp(local, "rPh") == 0) {
        T->in_ph = 1;
    } else if (strcmp(local, "t") == 0) {
        T->in_t = 1;
    }
}

static void XMLCALL sst_end(void *data, const char *el)
{
    pe_xml *x = data;
    text_ctx *T = x->ud;
    pe_xlsx *X = T->X;
    const char *local = pe_xml_local(el);

    if (strcmp(local, "t") == 0) {
        T->in_t = 0;
    } else if (strcmp(local, "rPh") == 0) {
        T->in_ph = 0;
    } else if (strcmp(local, "si") == 0) {
        char **g;
        char *s;

        if (X->nstrings >= pe_zip_limits(X->zip)->cells) {
            char msg[160];

            snprintf(msg, sizeof msg,
                     "more than %zu shared strings (--max-cells)",
                     pe_zip_limits(X->zip)->cells);
            pe_xml_stop(x, PE_EDATA, msg);
            return;
        }
        g = pe_grow(X->strings, &X->strcap, X->nstrings + 1, sizeof *g, 256);
        s = g ? dupn(T->text.data ? T->text.data : "", T->text.len) : NULL;

        if (g)
            X->strings = g;
        if (!s) {
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
            return;
        }
        X->strings[X->nstrings++] = s;
        T->in_si = 0;
    }
}

static void XMLCALL text_chars(void *data, const char *s, int len)
{
    pe_xml *x = data;
    text_ctx *T = x->ud;

    if (T->in_t && !T->in_ph && pe_buf_append(&T->text, s, (size_t)len))
        pe_xml_stop(x, PE_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------ styles */

typedef struct numfmt {
    unsigned id;
    char *code;
} numfmt;

typedef struct style_ctx {
    pe_xlsx *X;
    numfmt *custom;
    size_t ncustom, cap;
    unsigned *xf; /* numFmtId of each cellXfs entry */
    size_t nxf, xfcap;
    int in_xfs;
} style_ctx;

static void XMLCALL style_start(void *data, const char *el, const char **atts)
{
    pe_xml *x = data;
    style_ctx *S = x->ud;
    const char *local = pe_xml_local(el);

    if (strcmp(local, "numFmt") == 0) {
        const char *id = pe_xml_attr(atts, "numFmtId");
        const char *code = pe_xml_attr(atts, "formatCode");
        numfmt *g;

        if (!id || !code)
            return;
        if (!(g = pe_grow(S->custom, &S->cap, S->ncustom + 1, sizeof *g, 16))) {
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
            return;
        }
        S->custom = g;
        g[S->ncustom].id = (unsigned)strtoul(id, NULL, 10);
        if (!(g[S->ncustom].code = dup(code))) {
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
            return;
        }
        S->ncustom++;
    } else if (strcmp(local, "cellXfs") == 0) {
        S->in_xfs = 1;
    } else if (S->in_xfs && strcmp(local, "xf") == 0) {
        const char *id = pe_xml_attr(atts, "numFmtId");
        unsigned *g = pe_grow(S->xf, &S->xfcap, S->nxf + 1, sizeof *g, 16);

        if (!g) {
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
            return;
        }
        S->xf = g;
        g[S->nxf++] = id ? (unsigned)strtoul(id, NULL, 10) : 0;
    }
}

static void XMLCALL style_end(void *data, const char *el)
{
    pe_xml *x = data;
    style_ctx *S = x->ud;

    if (strcmp(pe_xml_local(el), "cellXfs") == 0)
        S->in_xfs = 0;
}

/* The format code of every cellXfs entry, custom codes before built-in
 * ones (a workbook may redefine an id). */
static pe_status read_styles(pe_xlsx *X, const char *part, pe_error *err)
{
    style_ctx S;
    pe_xml *x;
    pe_status st;

    memset(&S, 0, sizeof S);
    S.X = X;
    if (!(x = pe_xml_new(&S)))
        return PE_ENOMEM;
    pe_xml_handlers(x, style_start, style_end);
    st = pe_zip_parse(X->zip, part, x, err);
    pe_xml_free(x);
    if (st == PE_OK && S.nxf && !(X->fmts = calloc(S.nxf, sizeof *X->fmts)))
        st = PE_ENOMEM;
    for (size_t i = 0; st == PE_OK && i < S.nxf; i++) {
        const char *code = NULL;

        for (size_t k = 0; k < S.ncustom && !code; k++)
            if (S.custom[k].id == S.xf[i])
                code = S.custom[k].code;
        if (!code)
            code = pe_numfmt_builtin(S.xf[i]);
        if (code && strcmp(code, "General") != 0 && !(X->fmts[i] = dup(code)))
            st = PE_ENOMEM;
        X->nfmts = i + 1;
    }
    for (size_t k = 0; k < S.ncustom; k++)
        free(S.custom[k].code);
    free(S.custom);
    free(S.xf);
    return st;
}

/* ------------------------------------------------------------ open */

pe_status pe_xlsx_open(const char *buf, size_t len, const char *name,
                       const pe_limits *lim, pe_xlsx **out, pe_error *err)
{
    pe_xlsx *X;
    pe_status st;
    char *book = NULL, *part;
    book_ctx B;
    pe_xml *x;

    *out = NULL;
    if (!(X = calloc(1, sizeof *X)))
        return PE_ENOMEM;
    X->name = name;
    if ((st = pe_zip_open(buf, len, name, lim, &X->zip, err)) != PE_OK) {
        free(X);
        return st;
    }
    book = rel_target(X, "", NULL, "/officeDocument", &st, err);
    if (st == PE_OK && !book && pe_zip_has(X->zip, "xl/workbook.xml") &&
        !(book = dup("xl/workbook.xml")))
        st = PE_ENOMEM;
    if (st == PE_OK && (!book || !pe_zip_has(X->zip, book))) {
        pe_error_set(err, name, 0, 0,
                     "a zip archive, but not an Excel workbook: it has no "
                     "xl/workbook.xml");
        st = PE_EDATA;
    }
    if (st == PE_OK) {
        B = (book_ctx){X, book, err, PE_OK};
        if (!(x = pe_xml_new(&B)))
            st = PE_ENOMEM;
        else {
            pe_xml_handlers(x, book_start, NULL);
            st = pe_zip_parse(X->zip, book, x, err);
            pe_xml_free(x);
        }
    }
    /* each sheet's r:id to its part */
    for (size_t i = 0; st == PE_OK && i < X->nsheets; i++) {
        char *rid = X->sheets[i].part;

        X->sheets[i].part = rel_target(X, book, rid, NULL, &st, err);
        free(rid);
    }
    if (st == PE_OK && (part = rel_target(X, book, NULL, "/sharedStrings", &st,
                                          err)) != NULL) {
        text_ctx T;

        memset(&T, 0, sizeof T);
        T.X = X;
        if (!(x = pe_xml_new(&T)))
            st = PE_ENOMEM;
        else {
            pe_xml_handlers(x, sst_start, sst_end);
            XML_SetCharacterDataHandler(x->p, text_chars);
            st = pe_zip_parse(X->zip, part, x, err);
            pe_xml_free(x);
        }
        pe_buf_free(&T.text);
        free(part);
    }
    if (st == PE_OK &&
        (part = rel_target(X, book, NULL, "/styles", &st, err)) != NULL) {
        st = read_styles(X, part, err);
        free(part);
    }
    free(book);
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    if (st != PE_OK) {
        pe_xlsx_free(X);
        return st;
    }
    *out = X;
    return PE_OK;
}

void pe_xlsx_free(pe_xlsx *X)
{
    if (!X)
        return;
    for (size_t i = 0; i < X->nsheets; i++) {
        free(X->sheets[i].name);
        free(X->sheets[i].part);
    }
    free(X->sheets);
    for (size_t i = 0; i < X->nstrings; i++)
        free(X->strings[i]);
    free(X->strings);
    for (size_t i = 0; i < X->nfmts; i++)
        free(X->fmts[i]);
    free(X->fmts);
    pe_zip_close(X->zip);
    free(X);
}

size_t pe_xlsx_nsheets(const pe_xlsx *X)
{
    return X->nsheets;
}

const char *pe_xlsx_sheet_name(const pe_xlsx *X, size_t i)
{
    return i < X->nsheets ? X->sheets[i].name : "";
}

int pe_xlsx_sheet_hidden(const pe_xlsx *X, size_t i)
{
    return i < X->nsheets && X->sheets[i].hidden;
}

/* ------------------------------------------------------------ rows */

#define FORMULA_SHOWN 60 /* bytes of a formula a message quotes */

typedef struct row_ctx {
    pe_xlsx *X;
    pe_row_fn fn;
    void *ctx;
    long row; /* the row being read */
    long last_row;
    char **cells; /* by column, NULL where blank (then `blank` once the row
                     ends: the columns left out cost no allocation) */
    char blank[1];
    size_t ncells, cellcap;
    size_t col;    /* the cell being read */
    char type[16]; /* its t="" */
    long style;    /* its s="" */
    int in_row, in_v, in_t, in_is, in_ph, in_f;
    pe_buf value; /* <v> of the cell */
    pe_buf inline_text;
    pe_buf formula; /* <f> of the cell, its first bytes */
    int has_v, has_f;
    pe_grid *notes; /* where formulas without a value are said, or NULL */
    int stop;
} row_ctx;

/* "AB12" → column 27 (0-based); -1 when the reference is malformed. */
static long column_of(const char *ref)
{
    long c = 0;
    int n = 0;

    for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
        c = c * 26 + (*ref - 'A' + 1);
        if (c > MAXCOLS)
            return -1;
    }
    return n ? c - 1 : -1;
}

/* The number in a row's r="", or the row after the last one when it has
 * none or a smaller one; MAXROWS + 1 for anything past MAXROWS, however
 * long (r="9223372036854775807" and longer), so that no sum overflows. */
static long row_number(const char *r, long last_row)
{
    long n = 0;

    if (r) {
        while (*r == ' ')
            r++;
        for (; *r >= '0' && *r <= '9'; r++)
            if ((n = n * 10 + (*r - '0')) > MAXROWS) {
                n = MAXROWS + 1;
                break;
            }
    }
    return n > last_row ? n : last_row + 1;
}

static void XMLCALL row_start(void *data, const char *el, const char **atts)
{
    pe_xml *x = data;
    row_ctx *R = x->ud;
    const char *local = pe_xml_local(el);

    if (strcmp(local, "row") == 0) {
        const char *r = pe_xml_attr(atts, "r");

        R->in_row = 1;
        R->row = row_number(r, R->last_row);
        if (R->row > MAXROWS) {
            pe_xml_stop(x, PE_EDATA,
                        "more than 1048576 rows; a spreadsheet has at most "
                        "1048576");
            return;
        }
        for (size_t i = 0; i < R->ncells; i++) {
            if (R->cells[i] != R->blank)
                free(R->cells[i]);
            R->cells[i] = NULL;
        }
        R->ncells = 0;
        R->col = 0;
    } else if (R->in_row && strcmp(local, "c") == 0) {
        const char *ref = pe_xml_attr(atts, "r");
        const char *t = pe_xml_attr(atts, "t");
        const char *s = pe_xml_attr(atts, "s");
        long c = ref ? column_of(ref) : (long)R->ncells;

        if (c < 0) {
            pe_xml_stop(x, PE_EDATA, "a cell reference is malformed");
            return;
        }
        R->col = (size_t)c;
        snprintf(R->type, sizeof R->type, "%s", t ? t : "n");
        R->style = s ? strtol(s, NULL, 10) : 0;
        R->value.len = 0;
        R->inline_text.len = 0;
        R->formula.len = 0;
        R->has_v = R->has_f = 0;
    } else if (strcmp(local, "f") == 0) {
        R->in_f = 1;
        R->has_f = 1;
    } else if (strcmp(local, "v") == 0) {
        R->in_v = 1;
        R->has_v = 1;
    } else if (strcmp(local, "is") == 0) {
        R->in_is = 1;
    } else if (R->in_is && strcmp(local, "rPh") == 0) {
        R->in_ph = 1;
    } else if (R->in_is && strcmp(local, "t") == 0) {
        R->in_t = 1;
    }
}

static void XMLCALL row_chars(void *data, const char *s, int len)
{
    pe_xml *x = data;
    row_ctx *R = x->ud;
    pe_buf *b = R->in_v                                     ? &R->value
                : R->in_t && !R->in_ph                      ? &R->inline_text
                : R->in_f && R->formula.len < FORMULA_SHOWN ? &R->formula
                                                            : NULL;

    if (b && pe_buf_append(b, s, (size_t)len) != PE_OK)
        pe_xml_stop(x, PE_ENOMEM, "out of memory");
}

/* A formula saved without its value: a blank cell, noted with the first
 * bytes of the formula (cut at a character's start). */
static pe_status blank_formula(row_ctx *R)
{
    pe_grid *g = R->notes;
    pe_grid_note *n;
    size_t len = R->formula.len;

    if (!g)
        return PE_OK;
    if (!(n = realloc(g->notes, (g->nnotes + 1) * sizeof *n)))
        return PE_ENOMEM;
    g->notes = n;
    n = &g->notes[g->nnotes];
    if (len > FORMULA_SHOWN) {
        len = FORMULA_SHOWN;
        while (len && (R->formula.data[len] & 0xC0) == 0x80)
            len--;
    }
    if (!(n->formula = dupn(len ? R->formula.data : "", len)))
        return PE_ENOMEM;
    n->line = R->row;
    n->col = R->col;
    g->nnotes++;
    return PE_OK;
}

/* The cell just closed, as the clerk saw it.  *blank is set for a formula
 * with no value saved. */
static char *cell_text(row_ctx *R, int *blank)
{
    pe_xlsx *X = R->X;
    /* len, not the bytes: <v></v> leaves the last cell's text in them */
    const char *v = R->value.len ? R->value.data : "";
    char out[160];

    *blank = 0;
    if (strcmp(R->type, "inlineStr") == 0)
        return dupn(R->inline_text.data ? R->inline_text.data : "",
                    R->inline_text.len);
    /* Excel saves a formula's empty text as t="str" and <v></v>: that is
     * a value; a number formula with an empty <v>, or none, has none */
    if (R->has_f && !R->value.len &&
        (!R->has_v || strcmp(R->type, "str") != 0)) {
        *blank = 1;
        return NULL;
    }
    if (!R->has_v)
        return NULL;
    if (strcmp(R->type, "s") == 0) {
        char *end;
        unsigned long i = strtoul(v, &end, 10);

        /* an empty index is no index: not string 0 */
        return dup(v[0] && *end == '\0' && i < X->nstrings ? X->strings[i]
                                                           : "");
    }
    if (strcmp(R->type, "str") == 0 || strcmp(R->type, "e") == 0 ||
        strcmp(R->type, "d") == 0)
        return dup(v);
    if (strcmp(R->type, "b") == 0)
        return dup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
    /* a number, shown by its format */
    pe_numfmt_apply(
        v,
        R->style >= 0 && (size_t)R->style < X->nfmts ? X->fmts[R->style] : NULL,
        X->date1904, out, sizeof out);
    return dup(out);
}

static void XMLCALL row_end(void *data, const char *el)
{
    pe_xml *x = data;
    row_ctx *R = x->ud;
    const char *local = pe_xml_local(el);

    if (strcmp(local, "v") == 0) {
        R->in_v = 0;
    } else if (strcmp(local, "f") == 0) {
        R->in_f = 0;
    } else if (strcmp(local, "t") == 0) {
        R->in_t = 0;
    } else if (strcmp(local, "rPh") == 0) {
        R->in_ph = 0;
    } else if (strcmp(local, "is") == 0) {
        R->in_is = 0;
    } else if (R->in_row && strcmp(local, "c") == 0) {
        int blank;
        char *text = cell_text(R, &blank);

        if (blank) {
            if (blank_formula(R) != PE_OK)
                pe_xml_stop(x, PE_ENOMEM, "out of memory");
            return;
        }
        if (!text && (R->has_v || strcmp(R->type, "inlineStr") == 0)) {
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
            return;
        }
        if (!text)
            return;
        if (!text[0]) {
            free(text);
            return;
        }
        if (R->col >= R->cellcap) {
            size_t old = R->cellcap;
            char **g =
                pe_grow(R->cells, &R->cellcap, R->col + 1, sizeof *g, 16);

            if (!g) {
                free(text);
                pe_xml_stop(x, PE_ENOMEM, "out of memory");
                return;
            }
            R->cells = g;
            memset(R->cells + old, 0, (R->cellcap - old) * sizeof *g);
        }
        free(R->cells[R->col]);
        R->cells[R->col] = text;
        if (R->col + 1 > R->ncells)
            R->ncells = R->col + 1;
    } else if (strcmp(local, "row") == 0) {
        pe_status st;

        R->in_row = 0;
        R->last_row = R->row;
        if (!R->ncells)
            return;
        for (size_t i = 0; i < R->ncells; i++)
            if (!R->cells[i])
                R->cells[i] = R->blank;
        st = R->fn(R->ctx, R->row, (const char *const *)R->cells, R->ncells,
                   &R->stop);
        if (st != PE_OK)
            pe_xml_stop(x, st, NULL);
        else if (R->stop)
            pe_xml_stop(x, PE_OK, NULL);
    }
}

pe_status pe_xlsx_rows(pe_xlsx *X, size_t i, pe_row_fn fn, void *ctx,
                       pe_grid *notes, pe_error *err)
{
    row_ctx R;
    pe_xml *x;
    pe_status st;

    if (i >= X->nsheets || !X->sheets[i].part) {
        pe_error_set(err, X->name, 0, 0, "sheet %zu has no worksheet part",
                     i + 1);
        return PE_EDATA;
    }
    memset(&R, 0, sizeof R);
    R.X = X;
    R.fn = fn;
    R.ctx = ctx;
    R.notes = notes;
    if (!(x = pe_xml_new(&R)))
        return PE_ENOMEM;
    pe_xml_handlers(x, row_start, row_end);
    XML_SetCharacterDataHandler(x->p, row_chars);
    st = pe_zip_parse(X->zip, X->sheets[i].part, x, err);
    /* a handler's own status (the long format's) left err as it was */
    pe_xml_free(x);
    for (size_t k = 0; k < R.cellcap; k++)
        if (R.cells[k] != R.blank)
            free(R.cells[k]);
    free(R.cells);
    pe_buf_free(&R.value);
    pe_buf_free(&R.inline_text);
    pe_buf_free(&R.formula);
    return st;
}
