/*
 * What libfreexl leaves out of an .xls workbook: each cell's number format
 * (it shows 59.90% as 0.599) and the cached results of formulas (it gives
 * a formula cell as blank).  An 得分 is often a formula, and 执行率 a
 * percent, so both matter here.
 *
 * ole.h opens the OLE container and hands over the Workbook stream; this
 * file walks only the BIFF8 records libfreexl does not expose: BOUNDSHEET
 * (where each sheet begins), FORMAT and XF (the format of each style),
 * the cell records' style, FORMULA and its STRING.  Every read is checked
 * against the record's length; a record that does not fit ends the walk.
 */
#include "biff.h"
#include "numfmt.h"
#include "ole.h"
#include "project.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    BOF = 0x0809,
    BOUNDSHEET = 0x0085,
    FORMAT = 0x041E,
    XF = 0x00E0,
    NUMBER = 0x0203,
    RK = 0x027E,
    MULRK = 0x00BD,
    FORMULA = 0x0006,
    STRING = 0x0207
};

typedef struct entry {
    uint64_t key; /* sheet << 40 | row << 16 | col; 0 is empty */
    unsigned xf;
    char *value; /* a formula's cached result as text, or NULL */
    int number;  /* value is a number (to be shown by the format) */
} entry;

struct pe_biff {
    entry *tab;
    size_t cap, n;
    char **fmt; /* by format index: the code */
    size_t nfmt;
    unsigned *xf_fmt; /* by XF index: its format index */
    size_t nxf, xfcap;
    uint32_t *sheet_at;    /* each sheet's BOF offset */
    unsigned char *hidden; /* each sheet hidden (1) or very hidden (2) */
    size_t nsheets, sheetcap;
};

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t key_of(size_t sheet, unsigned row, unsigned col)
{
    return ((uint64_t)(sheet + 1) << 40) | ((uint64_t)row << 16) | col;
}

static entry *slot(pe_biff *b, uint64_t key)
{
    size_t i;

    if (2 * (b->n + 1) > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        entry *t = calloc(cap, sizeof *t);

        if (!t)
            return NULL;
        for (size_t k = 0; k < b->cap; k++) {
            if (!b->tab[k].key)
                continue;
            for (i = (size_t)(b->tab[k].key * 0x9E3779B97F4A7C15u) & (cap - 1);
                 t[i].key; i = (i + 1) & (cap - 1))
                ;
            t[i] = b->tab[k];
        }
        free(b->tab);
        b->tab = t;
        b->cap = cap;
    }
    for (i = (size_t)(key * 0x9E3779B97F4A7C15u) & (b->cap - 1); b->tab[i].key;
         i = (i + 1) & (b->cap - 1))
        if (b->tab[i].key == key)
            return &b->tab[i];
    b->tab[i].key = key;
    b->n++;
    return &b->tab[i];
}

/* UTF-16LE (or the 8-bit "compressed" form, Latin-1) to UTF-8. */
static char *utf8_of(const unsigned char *s, size_t cch, int wide)
{
    char *out = malloc(cch * 3 + 1);
    size_t k = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < cch; i++) {
        uint32_t c = wide ? u16(s + 2 * i) : s[i];

        if (wide && c >= 0xD800 && c < 0xDC00 && i + 1 < cch) {
            uint32_t lo = u16(s + 2 * (i + 1));

            if (lo >= 0xDC00 && lo < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        if (c >= 0xD800 && c < 0xE000)
            c = 0xFFFD;
        if (c < 0x80) {
            out[k++] = (char)c;
        } else if (c < 0x800) {
            out[k++] = (char)(0xC0 | c >> 6);
            out[k++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[k++] = (char)(0xE0 | c >> 12);
            out[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[k++] = (char)(0x80 | (c & 0x3F));
        } else {
            /* four bytes: the buffer allows for it, two UTF-16 units */
            out[k++] = (char)(0xF0 | c >> 18);
            out[k++] = (char)(0x80 | ((c >> 12) & 0x3F));
            out[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[k++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[k] = '\0';
    return out;
}

/* An XLUnicodeString at p (of n bytes) with a 16-bit count; NULL when it
 * does not fit. */
static char *ustring(const unsigned char *p, size_t n)
{
    size_t cch, off = 3;
    unsigned flags;

    if (n < 3)
        return NULL;
    cch = u16(p);
    flags = p[2];
    if (flags & 0x08)
        off += 2; /* rich text runs */
    if (flags & 0x04)
        off += 4; /* phonetic data */
    if (off + cch * ((flags & 1) ? 2 : 1) > n)
        return NULL;
    return utf8_of(p + off, cch, flags & 1);
}

/* A double's shortest decimal text. */
static char *number_text(const unsigned char *p)
{
    double d;
    char num[40], out[PE_NUM_MAX];

    memcpy(&d, p, 8); /* BIFF is little-endian, as the hosts we build for */
    snprintf(num, sizeof num, "%.17g", d);
    if (!pe_num_shortest(num, out, sizeof out))
        return NULL;
    return pe_strdup_or_empty(out);
}

static pe_status cell_xf(pe_biff *b, size_t sheet, unsigned row, unsigned col,
                         unsigned xf)
{
    entry *e;

    /* only cells whose style has a format other than General */
    if (xf >= b->nxf || b->xf_fmt[xf] == 0)
        return PE_OK;
    if (!(e = slot(b, key_of(sheet, row, col))))
        return PE_ENOMEM;
    e->xf = xf;
    return PE_OK;
}

static pe_status add_format(pe_biff *b, const unsigned char *d, size_t len)
{
    unsigned idx;
    char *code;

    if (len < 2)
        return PE_OK;
    idx = u16(d);
    if (!(code = ustring(d + 2, len - 2)))
        return PE_OK;
    if (idx >= b->nfmt) {
        char **g = realloc(b->fmt, (idx + 1) * sizeof *g);

        if (!g) {
            free(code);
            return PE_ENOMEM;
        }
        memset(g + b->nfmt, 0, (idx + 1 - b->nfmt) * sizeof *g);
        b->fmt = g;
        b->nfmt = idx + 1;
    }
    free(b->fmt[idx]);
    b->fmt[idx] = code;
    return PE_OK;
}

static pe_status walk(pe_biff *b, const unsigned char *s, size_t size)
{
    size_t pos = 0, sheet = (size_t)-1;
    entry *pending = NULL; /* a string formula waiting for its STRING */
    pe_status st = PE_OK;

    while (st == PE_OK && pos + 4 <= size) {
        unsigned type = u16(s + pos), len = u16(s + pos + 2);
        const unsigned char *d = s + pos + 4;

        if (pos + 4 + len > size)
            break;
        switch (type) {
        case BOF:
            sheet = (size_t)-1;
            for (size_t i = 0; i < b->nsheets; i++)
                if (b->sheet_at[i] == pos)
                    sheet = i;
            break;
        case BOUNDSHEET:
            if (len >= 4) {
                size_t cap = b->sheetcap;
                uint32_t *g = pe_grow(b->sheet_at, &b->sheetcap, b->nsheets + 1,
                                      sizeof *g, 8);
                unsigned char *h;

                if (!g)
                    return PE_ENOMEM;
                b->sheet_at = g;
                if (!(h = realloc(b->hidden, b->sheetcap))) {
                    b->sheetcap = cap > b->nsheets ? cap : b->nsheets;
                    return PE_ENOMEM;
                }
                b->hidden = h;
                h[b->nsheets] = len >= 5 ? (d[4] & 3) : 0;
                g[b->nsheets++] = u32(d);
            }
            break;
        case FORMAT:
            st = add_format(b, d, len);
            break;
        case XF:
            if (len >= 4) {
                unsigned *g =
                    pe_grow(b->xf_fmt, &b->xfcap, b->nxf + 1, sizeof *g, 64);

                if (!g)
                    return PE_ENOMEM;
                b->xf_fmt = g;
                g[b->nxf++] = u16(d + 2);
            }
            break;
        case NUMBER:
        case RK:
            if (sheet != (size_t)-1 && len >= 6)
                st = cell_xf(b, sheet, u16(d), u16(d + 2), u16(d + 4));
            break;
        case MULRK:
            if (sheet != (size_t)-1 && len >= 6) {
                unsigned row = u16(d), col = u16(d + 2);

                for (size_t off = 4; st == PE_OK && off + 6 <= (size_t)len - 2;
                     off += 6, col++)
                    st = cell_xf(b, sheet, row, col, u16(d + off));
            }
            break;
        case FORMULA:
            pending = NULL;
            if (sheet != (size_t)-1 && len >= 20) {
                unsigned row = u16(d), col = u16(d + 2), xf = u16(d + 4);
                const unsigned char *v = d + 6;
                entry *e = slot(b, key_of(sheet, row, col));

                if (!e)
                    return PE_ENOMEM;
                e->xf = xf;
                free(e->value);
                e->value = NULL;
                if (u16(v + 6) != 0xFFFF) {
                    e->value = number_text(v);
                    e->number = 1;
                } else if (v[0] == 0) {
                    pending = e; /* the text follows in a STRING record */
                } else if (v[0] == 1) {
                    e->value = pe_strdup_or_empty(v[2] ? "TRUE" : "FALSE");
                } else if (v[0] == 3) {
                    e->value = pe_strdup_or_empty("");
                }
            }
            break;
        case STRING:
            if (pending) {
                free(pending->value);
                pending->value = ustring(d, len);
                pending->number = 0;
                pending = NULL;
            }
            break;
        default:
            break;
        }
        pos += 4 + len;
    }
    return st;
}

static pe_status take_workbook(void *ctx, const unsigned char *s, size_t size)
{
    return walk(ctx, s, size);
}

const char *pe_biff_library(void)
{
    return pe_ole_library();
}

pe_status pe_biff_open(const char *buf, size_t len, size_t max, pe_biff **out)
{
    static const char *const names[] = {"Workbook", "Book", NULL};
    pe_status st;
    pe_biff *b;

    *out = NULL;
    if (pe_ole_library())
        return PE_EIO;
    if (!(b = calloc(1, sizeof *b)))
        return PE_ENOMEM;
    st = pe_ole_stream(buf, len, names, max, take_workbook, b);
    if (st != PE_OK) {
        pe_biff_free(b);
        return st;
    }
    *out = b;
    return PE_OK;
}

int pe_biff_ole_has(const char *buf, size_t len, const char *stream)
{
    return pe_ole_library() == NULL && pe_ole_has(buf, len, stream);
}

void pe_biff_free(pe_biff *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->cap; i++)
        free(b->tab[i].value);
    free(b->tab);
    for (size_t i = 0; i < b->nfmt; i++)
        free(b->fmt[i]);
    free(b->fmt);
    free(b->xf_fmt);
    free(b->sheet_at);
    free(b->hidden);
    free(b);
}

/* The format code of style xf: the workbook's own, else a built-in one. */
static const char *format_of(const pe_biff *b, unsigned xf)
{
    unsigned f;

    if (xf >= b->nxf)
        return NULL;
    f = b->xf_fmt[xf];
    if (f < b->nfmt && b->fmt[f])
        return b->fmt[f];
    return pe_numfmt_builtin(f);
}

static const entry *find(const pe_biff *b, uint64_t key)
{
    if (!b || !b->cap)
        return NULL;
    for (size_t i = (size_t)(key * 0x9E3779B97F4A7C15u) & (b->cap - 1);
         b->tab[i].key; i = (i + 1) & (b->cap - 1))
        if (b->tab[i].key == key)
            return &b->tab[i];
    return NULL;
}

const char *pe_biff_format(const pe_biff *b, size_t sheet, unsigned row,
                           unsigned col)
{
    const entry *e = find(b, key_of(sheet, row, col));

    return e ? format_of(b, e->xf) : NULL;
}

const char *pe_biff_formula(const pe_biff *b, size_t sheet, unsigned row,
                            unsigned col, int *number)
{
    const entry *e = find(b, key_of(sheet, row, col));

    if (!e || !e->value)
        return NULL;
    *number = e->number;
    return e->value;
}

int pe_biff_sheet_hidden(const pe_biff *b, size_t sheet)
{
    return b && sheet < b->nsheets && b->hidden[sheet] != 0;
}
