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
#define NUMBER_SHOWN 160 /* room for a number cell's text (numfmt.h) */

/* The elements of a worksheet the reader acts on, by local name. */
enum { E_OTHER, E_ROW, E_C, E_V, E_F, E_IS, E_T, E_RPH };

/* A cell's t="": n (or none, or one Excel does not write), s, str, e,
 * d, b, inlineStr. */
enum { T_N, T_S, T_STR, T_E, T_D, T_B, T_INLINE };

/* Where a column's text is, in the row being read: a string that
 * outlives the row (a shared string, TRUE), or at `at` - 1 in the row's
 * text; neither for a blank. */
typedef struct slot {
    const char *direct;
    size_t at;
} slot;

typedef struct row_ctx {
    pe_xlsx *X;
    pe_row_fn fn;
    void *ctx;
    long row; /* the row being read */
    long last_row;
    /* The row's cells by column, and its texts one after another in
     * `text`: a row costs no allocation once the buffers have grown to
     * the widest.  cells[] is filled from slots[] when the row ends. */
    slot *slots;
    const char **cells;
    size_t ncells, cellcap;
    pe_buf text;
    size_t col; /* the cell being read */
    int type;   /* its t="" */
    long style; /* its s="" */
    int in_row, in_v, in_t, in_is, in_ph, in_f;
    pe_buf value; /* <v> of the cell */
    pe_buf inline_text;
    pe_buf formula; /* <f> of the cell, its first bytes */
    int has_v, has_f;
    pe_grid *notes; /* where formulas without a value are said, or NULL */
    int stop;
} row_ctx;

/* A tag or attribute name without its prefix, as pe_xml_local(), without
 * a second pass over it. */
static const char *local_name(const char *name)
{
    const char *local = name;

    for (; *name; name++)
        if (*name == ':')
            local = name + 1;
    return local;
}

static int element_of(const char *name)
{
    /* most are "c" and "v": no prefix to look for in one byte */
    const char *l = name[0] && !name[1] ? name : local_name(name);

    switch (l[0]) {
    case 'c':
        return l[1] ? E_OTHER : E_C;
    case 'v':
        return l[1] ? E_OTHER : E_V;
    case 'f':
        return l[1] ? E_OTHER : E_F;
    case 't':
        return l[1] ? E_OTHER : E_T;
    case 'i':
        return l[1] == 's' && !l[2] ? E_IS : E_OTHER;
    case 'r':
        if (l[1] == 'o' && l[2] == 'w' && !l[3])
            return E_ROW;
        return l[1] == 'P' && l[2] == 'h' && !l[3] ? E_RPH : E_OTHER;
    default:
        return E_OTHER;
    }
}

static int type_of(const char *t)
{
    if (!t)
        return T_N;
    switch (t[0]) {
    case 's':
        return !t[1] ? T_S : strcmp(t + 1, "tr") == 0 ? T_STR : T_N;
    case 'e':
        return t[1] ? T_N : T_E;
    case 'd':
        return t[1] ? T_N : T_D;
    case 'b':
        return t[1] ? T_N : T_B;
    case 'i':
        return strcmp(t, "inlineStr") == 0 ? T_INLINE : T_N;
    default:
        return T_N;
    }
}

/* The digits of s, up to 9 of them and nothing else, as a number; -1
 * for anything else (then strtol or strtoul reads it as before). */
static long small_number(const char *s, size_t len)
{
    long n = 0;

    if (len == 0 || len > 9)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        n = n * 10 + (s[i] - '0');
    }
    return n;
}

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

static void start_row(pe_xml *x, row_ctx *R, const char **atts)
{
    const char *r = NULL;

    /* the first attribute of that local name, as pe_xml_attr() finds */
    for (; atts[0]; atts += 2) {
        const char *a = local_name(atts[0]);

        if (a[0] == 'r' && !a[1]) {
            r = atts[1];
            break;
        }
    }
    R->in_row = 1;
    R->row = row_number(r, R->last_row);
    if (R->row > MAXROWS) {
        pe_xml_stop(x, PE_EDATA,
                    "more than 1048576 rows; a spreadsheet has at most "
                    "1048576");
        return;
    }
    R->ncells = 0;
    R->text.len = 0;
    R->col = 0;
}

static void start_cell(pe_xml *x, row_ctx *R, const char **atts)
{
    const char *ref = NULL, *t = NULL, *s = NULL;
    long c;

    for (; atts[0]; atts += 2) {
        const char *a =
            atts[0][0] && !atts[0][1] ? atts[0] : local_name(atts[0]);

        if (a[0] && !a[1]) {
            if (a[0] == 'r' && !ref)
                ref = atts[1];
            else if (a[0] == 't' && !t)
                t = atts[1];
            else if (a[0] == 's' && !s)
                s = atts[1];
        }
    }
    c = ref ? column_of(ref) : (long)R->ncells;
    if (c < 0) {
        pe_xml_stop(x, PE_EDATA, "a cell reference is malformed");
        return;
    }
    R->col = (size_t)c;
    R->type = type_of(t);
    if (!s)
        R->style = 0;
    else if ((R->style = small_number(s, strlen(s))) < 0)
        R->style = strtol(s, NULL, 10);
    R->value.len = 0;
    R->inline_text.len = 0;
    R->formula.len = 0;
    R->has_v = R->has_f = 0;
}

static void XMLCALL row_start(void *data, const char *el, const char **atts)
{
    pe_xml *x = data;
    row_ctx *R = x->ud;

    switch (element_of(el)) {
    case E_ROW:
        start_row(x, R, atts);
        break;
    case E_C:
        if (R->in_row)
            start_cell(x, R, atts);
        break;
    case E_F:
        R->in_f = 1;
        R->has_f = 1;
        break;
    case E_V:
        R->in_v = 1;
        R->has_v = 1;
        break;
    case E_IS:
        R->in_is = 1;
        break;
    case E_RPH:
        if (R->in_is)
            R->in_ph = 1;
        break;
    case E_T:
        if (R->in_is)
            R->in_t = 1;
        break;
    default:
        break;
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

/* Room for n more bytes at the end of b; NULL when out of memory. */
static char *room(pe_buf *b, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        char *grown;

        while (cap < b->len + n)
            cap *= 2;
        if (!(grown = realloc(b->data, cap)))
            return NULL;
        b->data = grown;
        b->cap = cap;
    }
    return b->data + b->len;
}

/* What the cell just closed holds: no text (or an empty one), a text, a
 * formula saved without its value (a blank cell, noted). */
enum { CELL_NONE, CELL_TEXT, CELL_FORMULA, CELL_NOMEM };

/* The row's copy of s[0..len), for *out. */
static int keep(row_ctx *R, const char *s, size_t len, slot *out)
{
    char *d;

    if (!len)
        return CELL_NONE;
    if (!(d = room(&R->text, len + 1)))
        return CELL_NOMEM;
    memcpy(d, s, len);
    d[len] = '\0';
    out->direct = NULL;
    out->at = R->text.len + 1;
    R->text.len += len + 1;
    return CELL_TEXT;
}

/* The cell just closed, as the clerk saw it, into *out. */
static int cell_text(row_ctx *R, slot *out)
{
    pe_xlsx *X = R->X;
    /* len, not the bytes: <v></v> leaves the last cell's text in them */
    const char *v = R->value.len ? R->value.data : "";
    size_t vlen = R->value.len;

    if (R->type == T_INLINE)
        return keep(R, R->inline_text.data, R->inline_text.len, out);
    /* Excel saves a formula's empty text as t="str" and <v></v>: that is
     * a value; a number formula with an empty <v>, or none, has none */
    if (R->has_f && !vlen && (!R->has_v || R->type != T_STR))
        return CELL_FORMULA;
    if (!R->has_v)
        return CELL_NONE;
    switch (R->type) {
    case T_S: {
        long k = small_number(v, vlen);
        unsigned long i = (unsigned long)k;
        char *end = NULL;

        if (k < 0)
            i = strtoul(v, &end, 10);
        /* an empty index is no index: not string 0 */
        out->direct = (k >= 0 || (v[0] && *end == '\0')) && i < X->nstrings
                          ? X->strings[i]
                          : "";
        out->at = 0;
        return out->direct[0] ? CELL_TEXT : CELL_NONE;
    }
    case T_STR:
    case T_E:
    case T_D:
        return keep(R, v, vlen, out);
    case T_B:
        out->direct = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        out->at = 0;
        return CELL_TEXT;
    default: {
        /* a number, shown by its format */
        char *d = room(&R->text, NUMBER_SHOWN);
        size_t len;

        if (!d)
            return CELL_NOMEM;
        pe_numfmt_apply(v,
                        R->style >= 0 && (size_t)R->style < X->nfmts
                            ? X->fmts[R->style]
                            : NULL,
                        X->date1904, d, NUMBER_SHOWN);
        if (!(len = strlen(d)))
            return CELL_NONE;
        out->direct = NULL;
        out->at = R->text.len + 1;
        R->text.len += len + 1;
        return CELL_TEXT;
    }
    }
}

/* The text of the cell just closed into its column. */
static void end_cell(pe_xml *x, row_ctx *R)
{
    slot s;

    switch (cell_text(R, &s)) {
    case CELL_FORMULA:
        if (blank_formula(R) != PE_OK)
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
        return;
    case CELL_NOMEM:
        pe_xml_stop(x, PE_ENOMEM, "out of memory");
        return;
    case CELL_NONE:
        return;
    default:
        break;
    }
    if (R->col >= R->cellcap) {
        size_t cap = R->cellcap;
        slot *g = pe_grow(R->slots, &cap, R->col + 1, sizeof *g, 16);
        const char **c;

        if (g)
            R->slots = g;
        if (!g || !(c = realloc(R->cells, cap * sizeof *c))) {
            pe_xml_stop(x, PE_ENOMEM, "out of memory");
            return;
        }
        R->cells = c;
        R->cellcap = cap;
    }
    /* the columns between the last cell and this one are blank */
    for (size_t i = R->ncells; i < R->col; i++)
        R->slots[i] = (slot){NULL, 0};
    R->slots[R->col] = s;
    if (R->col + 1 > R->ncells)
        R->ncells = R->col + 1;
}

static void end_row(pe_xml *x, row_ctx *R)
{
    pe_status st;

    R->in_row = 0;
    R->last_row = R->row;
    if (!R->ncells)
        return;
    for (size_t i = 0; i < R->ncells; i++) {
        const slot *s = &R->slots[i];

        R->cells[i] = s->direct ? s->direct
                      : s->at   ? R->text.data + s->at - 1
                                : "";
    }
    st = R->fn(R->ctx, R->row, R->cells, R->ncells, &R->stop);
    if (st != PE_OK)
        pe_xml_stop(x, st, NULL);
    else if (R->stop)
        pe_xml_stop(x, PE_OK, NULL);
}

static void XMLCALL row_end(void *data, const char *el)
{
    pe_xml *x = data;
    row_ctx *R = x->ud;

    switch (element_of(el)) {
    case E_V:
        R->in_v = 0;
        break;
    case E_F:
        R->in_f = 0;
        break;
    case E_T:
        R->in_t = 0;
        break;
    case E_RPH:
        R->in_ph = 0;
        break;
    case E_IS:
        R->in_is = 0;
        break;
    case E_C:
        if (R->in_row)
            end_cell(x, R);
        break;
    case E_ROW:
        end_row(x, R);
        break;
    default:
        break;
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
    free(R.slots);
    free(R.cells);
    pe_buf_free(&R.text);
    pe_buf_free(&R.value);
    pe_buf_free(&R.inline_text);
    pe_buf_free(&R.formula);
    return st;
}
