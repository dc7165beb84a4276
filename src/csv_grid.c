/*
 * CSV text to a grid of cells (see csv_grid.h).  libcsv splits the
 * records; this file adds what it does not know: the physical line of
 * each record, which is fed to libcsv one line at a time for that reason.
 */
#include "csv_grid.h"
#include "project.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ delimiter */

static const char candidates[] = {',', '\t', ';'};

/* Cells only the form's label rows carry. */
static const char *const anchors[] = {"三级指标", "一级指标",   "二级指标",
                                      "项目名称", "年初预算数", "实施单位"};

/* Lines looked at; the labels sit in the first few dozen of a table. */
#define SNIFF_LINES 200
#define SNIFF_HEAD 30

static int contains(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);

    for (size_t i = 0; i + w <= n; i++)
        if (memcmp(s + i, word, w) == 0)
            return 1;
    return 0;
}

static int has_anchor(const char *s, size_t n)
{
    for (size_t i = 0; i < NELEMS(anchors); i++)
        if (contains(s, n, anchors[i]))
            return 1;
    return 0;
}

static char best(const size_t *score)
{
    size_t top = 0;

    for (size_t k = 1; k < NELEMS(candidates); k++)
        if (score[k] > score[top])
            top = k;
    return score[top] ? candidates[top] : 0;
}

char pe_grid_sniff_delimiter(const char *text, size_t len)
{
    size_t anchored[NELEMS(candidates)] = {0}, head[NELEMS(candidates)] = {0};
    size_t count[NELEMS(candidates)] = {0}, lines = 0, start = 0;
    int quoted = 0;
    char d;

    for (size_t i = 0; i <= len && lines < SNIFF_LINES; i++) {
        char c = i < len ? text[i] : '\n';

        if (c == '"') {
            quoted = !quoted;
        } else if (c == '\n' && (!quoted || i == len)) {
            int anchor = has_anchor(text + start, i - start);

            for (size_t k = 0; k < NELEMS(candidates); k++) {
                if (anchor)
                    anchored[k] += count[k];
                if (lines < SNIFF_HEAD)
                    head[k] += count[k];
                count[k] = 0;
            }
            lines++;
            start = i + 1;
        } else if (!quoted) {
            for (size_t k = 0; k < NELEMS(candidates); k++)
                count[k] += c == candidates[k];
        }
    }
    if ((d = best(anchored)) != 0 || (d = best(head)) != 0)
        return d;
    return ',';
}

/* ------------------------------------------------------------ records */

typedef struct builder {
    pe_grid *g;
    size_t rowcap;
    char **cells; /* the record being read */
    size_t ncells, cellcap;
    long cur_line;   /* the line being fed to libcsv */
    long row_line;   /* where the record being read starts */
    long field_line; /* where the value being read starts */
    int oom;
} builder;

/* The UTF-8 spaces spreadsheets and input methods leave around a value:
 * U+3000 from full-width mode, NBSP from web pages, a stray BOM. */
static const char *const wide_spaces[] = {"\xE3\x80\x80", "\xC2\xA0",
                                          "\xEF\xBB\xBF"};

static int ascii_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static size_t space_at(const char *s, size_t n)
{
    if (n && ascii_space(s[0]))
        return 1;
    for (size_t i = 0; i < NELEMS(wide_spaces); i++) {
        size_t k = strlen(wide_spaces[i]);
        if (n >= k && memcmp(s, wide_spaces[i], k) == 0)
            return k;
    }
    return 0;
}

static size_t space_before(const char *s, size_t n)
{
    if (n && ascii_space(s[n - 1]))
        return 1;
    for (size_t i = 0; i < NELEMS(wide_spaces); i++) {
        size_t k = strlen(wide_spaces[i]);
        if (n >= k && memcmp(s + n - k, wide_spaces[i], k) == 0)
            return k;
    }
    return 0;
}

static char *trimmed_copy(const char *s, size_t n)
{
    size_t k;
    char *d;

    while ((k = space_at(s, n)) != 0)
        s += k, n -= k;
    while ((k = space_before(s, n)) != 0)
        n -= k;
    /* perfeval's own CSV output writes '=100% so that a spreadsheet does
     * not take the cell for a formula; the quote is not part of the value */
    if (n >= 2 && s[0] == '\'' && strchr("=+-@\t\r", s[1]))
        s++, n--;
    d = malloc(n + 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static void on_field(void *s, size_t n, void *data)
{
    builder *b = data;
    char *c;

    b->field_line = b->cur_line;
    if (b->oom)
        return;
    if (b->ncells == b->cellcap) {
        size_t cap = b->cellcap ? 2 * b->cellcap : 16;
        char **grown = realloc(b->cells, cap * sizeof *grown);

        if (!grown) {
            b->oom = 1;
            return;
        }
        b->cells = grown;
        b->cellcap = cap;
    }
    c = trimmed_copy(s ? s : "", s ? n : 0);
    if (!c) {
        b->oom = 1;
        return;
    }
    b->cells[b->ncells++] = c;
}

static void on_row(int term, void *data)
{
    builder *b = data;
    pe_grid *g = b->g;

    (void)term;
    if (!b->oom && g->nrows == b->rowcap) {
        size_t cap = b->rowcap ? 2 * b->rowcap : 64;
        pe_grid_row *grown = realloc(g->row, cap * sizeof *grown);

        if (grown) {
            g->row = grown;
            b->rowcap = cap;
        } else {
            b->oom = 1;
        }
    }
    if (!b->oom) {
        pe_grid_row *r = &g->row[g->nrows++];

        r->line = b->row_line;
        r->n = b->ncells;
        r->cell = b->ncells ? b->cells : NULL;
        if (!b->ncells)
            free(b->cells);
        b->cells = NULL;
        b->ncells = b->cellcap = 0;
    }
    b->row_line = b->field_line = b->cur_line + 1;
}

static long chars(const char *s, size_t n)
{
    long c = 0;

    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* libcsv stopped at s[used] in strict mode: say what is wrong there. */
static pe_status quote_error(const builder *b, const char *s, size_t used,
                             const char *name, pe_error *err)
{
    long col = chars(s, used) + 1;

    if (s[used] == '"')
        pe_error_set(err, name, b->cur_line, col,
                     "a quote inside a value that is not quoted: quote the "
                     "whole value and double the quote (\"\")");
    else
        pe_error_set(err, name, b->cur_line, col,
                     "text after the closing quote of a quoted value: a "
                     "quote inside a value must be doubled (\"\")");
    return PE_EDATA;
}

static void free_pending(builder *b)
{
    for (size_t i = 0; i < b->ncells; i++)
        free(b->cells[i]);
    free(b->cells);
    b->cells = NULL;
    b->ncells = b->cellcap = 0;
}

static pe_status feed(struct csv_parser *cp, builder *b, const char *text,
                      size_t len, const char *name, pe_error *err)
{
    const char *p = text, *end = text + len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        size_t used = csv_parse(cp, p, n, on_field, on_row, b);

        if (b->oom || csv_error(cp) == CSV_ENOMEM)
            return PE_ENOMEM;
        if (used != n)
            return quote_error(b, p, used, name, err);
        p += n;
        b->cur_line++;
    }
    if (csv_fini(cp, on_field, on_row, b) != 0) {
        pe_error_set(err, name, b->field_line, 0,
                     "the quote that opens a value on this line is never "
                     "closed");
        return PE_EDATA;
    }
    return b->oom ? PE_ENOMEM : PE_OK;
}

pe_status pe_grid_parse(const char *text, size_t len, char delim,
                        const char *name, pe_grid *g, pe_error *err)
{
    struct csv_parser cp;
    builder b = {.g = g, .cur_line = 1, .row_line = 1, .field_line = 1};
    pe_status st;

    g->row = NULL;
    g->nrows = 0;
    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        pe_error_set(err, name, 0, 0, "out of memory");
        return PE_ENOMEM;
    }
    csv_set_delim(&cp, (unsigned char)delim);
    st = feed(&cp, &b, text, len, name, err);
    csv_free(&cp);
    free_pending(&b);
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    return st;
}

void pe_grid_free(pe_grid *g)
{
    for (size_t i = 0; i < g->nrows; i++) {
        for (size_t k = 0; k < g->row[i].n; k++)
            free(g->row[i].cell[k]);
        free(g->row[i].cell);
    }
    free(g->row);
    g->row = NULL;
    g->nrows = 0;
}
