/* Two desks compared (pe_summary_diff()) as an aligned table or JSON. */
#include "render_common.h"

#include <stdio.h>
#include <string.h>

enum {
    D_NAME,
    D_UNIT,
    D_OLD_TOTAL,
    D_OLD_GRADE,
    D_NEW_TOTAL,
    D_NEW_GRADE,
    D_CHANGE,
    D_STATUS,
    D_OLD_FILE,
    D_NEW_FILE,
    D_NCOLS
};

static const char *const heads[D_NCOLS] = {
    "name",      "unit",   "old_total", "old_grade", "new_total",
    "new_grade", "change", "status",    "old_file",  "new_file"};

#define OPEN "{\"format\": \"" PE_JSON_SUMMARY_DIFF "\", \"projects\": ["

static const char *kind_name(pe_summary_change_kind k)
{
    return k == PE_CHANGE_SAME       ? "same"
           : k == PE_CHANGE_CHANGED  ? "changed"
           : k == PE_CHANGE_APPEARED ? "appeared"
                                     : "disappeared";
}

static int is_number(int col)
{
    return col == D_OLD_TOTAL || col == D_NEW_TOTAL || col == D_CHANGE;
}

/* "file" or "file:sheet" of r into buf (n bytes). */
static const char *where(const pe_summary_record *r, char *buf, size_t n)
{
    if (!r)
        return "";
    snprintf(buf, n, "%s%s%s", r->file, r->sheet[0] ? ":" : "", r->sheet);
    return buf;
}

static const char *cell(const pe_summary_change *c, int col, char *buf,
                        size_t n)
{
    const pe_summary_record *a = c->old_rec, *b = c->new_rec;
    const pe_summary_record *any = b ? b : a;

    buf[0] = '\0';
    switch (col) {
    case D_NAME:
        return any->name;
    case D_UNIT:
        return any->unit;
    case D_OLD_TOTAL:
        return a && a->scored ? pe_dec_format(a->total, buf) : buf;
    case D_OLD_GRADE:
        return a ? a->grade : "";
    case D_NEW_TOTAL:
        return b && b->scored ? pe_dec_format(b->total, buf) : buf;
    case D_NEW_GRADE:
        return b ? b->grade : "";
    case D_CHANGE:
        return c->has_change ? pe_dec_format(c->change, buf) : buf;
    case D_STATUS:
        return kind_name(c->kind);
    case D_OLD_FILE:
        return where(a, buf, n);
    default:
        return where(b, buf, n);
    }
}

pe_status pe_render_summary_diff(const pe_summary_change *c, size_t n,
                                 pe_check_format fmt, const pe_summary_opts *o,
                                 pe_buf *out)
{
    int width[D_NCOLS], amb = o && o->ambiguous_wide;
    char buf[600];
    pe_out w = {out, PE_OK};

    if (fmt == PE_CHECK_JSON) {
        pe_out_put(&w, OPEN, strlen(OPEN));
        for (size_t i = 0; i < n; i++) {
            pe_out_put(&w, i ? ",\n  {" : "\n  {", i ? 5 : 4);
            for (int k = 0; k < D_NCOLS; k++) {
                const char *v = cell(&c[i], k, buf, sizeof buf);

                pe_out_keep(&w, pe_buf_printf(out, "%s\"%s\": ", k ? ", " : "",
                                              heads[k]));
                if (!v[0])
                    pe_out_put(&w, "null", 4);
                else if (is_number(k))
                    pe_out_put(&w, v, strlen(v));
                else
                    pe_out_keep(&w, pe_json_quote(out, v));
            }
            pe_out_put(&w, "}", 1);
        }
        pe_out_put(&w, "\n]}\n", 4);
        return w.st;
    }
    for (int k = 0; k < D_NCOLS; k++)
        width[k] = (int)strlen(heads[k]);
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < D_NCOLS; k++) {
            const char *v = cell(&c[i], k, buf, sizeof buf);
            int dw = pe_display_width(v, strlen(v), amb);

            if (dw > width[k])
                width[k] = dw;
        }
    for (size_t i = 0; i <= n; i++) {
        for (int k = 0; k < D_NCOLS; k++) {
            const char *v = i ? cell(&c[i - 1], k, buf, sizeof buf) : heads[k];

            if (k)
                pe_out_put(&w, "  ", 2);
            pe_out_padded(&w, v, k == D_NCOLS - 1 ? 0 : width[k], is_number(k),
                          amb);
        }
        /* no trailing spaces where the last columns are blank */
        while (w.st == PE_OK && out->len && out->data[out->len - 1] == ' ')
            out->len--;
        pe_out_put(&w, "\n", 1);
    }
    return w.st;
}
