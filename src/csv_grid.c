/*
 * CSV text to a grid of cells (see csv_grid.h).  libcsv splits the
 * records; this file adds what it does not know: the physical line of
 * each record, which is fed to libcsv one line at a time for that reason.
 */
#include "csv_grid.h"
#include "project.h"

#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
    const char *end = s + n, *p = s;

    /* memchr to the first byte: a line of a hundred million commas is
     * looked at once, not once a byte */
    while (w && (size_t)(end - p) >= w &&
           (p = memchr(p, word[0], (size_t)(end - p) - w + 1)) != NULL) {
        if (memcmp(p, word, w) == 0)
            return 1;
        p++;
    }
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

/*
 * Memory.  The grid is one block: the rows, then every row's cell
 * pointers, then the cells' text, sized exactly by a first pass of libcsv
 * that only counts, so that nothing is grown and copied and no cell costs
 * a malloc of its own (40 bytes for a cell of "1").  A row stores its
 * cells up to its last filled one, so a line of commas is an empty row,
 * and every empty cell points at one shared "".  The block is 24 bytes a
 * row, 8 a stored cell and the filled cells' text.
 *
 * Peak memory, with the file's bytes and their decoded copy beside the
 * grid (csv_load.c), is therefore at most about 10 times the file plus
 * 24 MiB for the most rows allowed: 10 times for lines of commas that end
 * in a value (8 bytes a comma), 7 times for cells of one character, 2
 * times for a file of commas and newlines only (before: 52 times).
 *
 * A row may have at most 16,384 cells and a file 1,048,576 rows, what
 * Excel and WPS hold: a CSV past them did not come from a spreadsheet, and
 * is refused at the line that goes past, before the grid is allocated.
 */
#define MAX_CELLS 16384
#define MAX_ROWS 1048576L
/* libcsv is fed at most this much at a time, so that a line of a hundred
 * million commas is refused after its first 16,385 cells */
#define PIECE 65536

typedef struct builder {
    int fill; /* the second pass: store what the first counted */
    /* counted by the first pass; the second counts again up to them */
    size_t nrows, ncells, nbytes;
    size_t cap_rows, cap_cells, cap_bytes;
    pe_grid_row *row; /* second pass: the block's rows, cells and text */
    char **cell;
    char *text, *empty;
    char **row_cells;  /* where the record being read stores its cells */
    size_t fields;     /* of the record being read */
    size_t stored;     /* of those, stored: up to the last filled one */
    size_t pending;    /* empty ones since, stored only if a filled follows */
    long cur_line;     /* the line being fed to libcsv */
    long row_line;     /* where the record being read starts */
    long field_line;   /* where the value being read starts */
    const char *limit; /* a limit passed, at row_line */
} builder;

/* The UTF-8 spaces spreadsheets and input methods leave around a value:
 * U+3000 from full-width mode, NBSP from web pages, a stray BOM. */
static const struct {
    const char *s;
    size_t n;
} wide_spaces[] = {{"\xE3\x80\x80", 3}, {"\xC2\xA0", 2}, {"\xEF\xBB\xBF", 3}};

static int ascii_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static size_t space_at(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (ascii_space(s[0]))
        return 1;
    for (size_t i = 0; i < NELEMS(wide_spaces); i++) {
        size_t k = wide_spaces[i].n;
        if (n >= k && memcmp(s, wide_spaces[i].s, k) == 0)
            return k;
    }
    return 0;
}

static size_t space_before(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (ascii_space(s[n - 1]))
        return 1;
    for (size_t i = 0; i < NELEMS(wide_spaces); i++) {
        size_t k = wide_spaces[i].n;
        if (n >= k && memcmp(s + n - k, wide_spaces[i].s, k) == 0)
            return k;
    }
    return 0;
}

/* The value of a field: s[0..n) trimmed of spaces; returns its start and
 * sets *len. */
static const char *trimmed(const char *s, size_t n, size_t *len)
{
    size_t k;

    while ((k = space_at(s, n)) != 0)
        s += k, n -= k;
    while ((k = space_before(s, n)) != 0)
        n -= k;
    /* perfeval's own CSV output writes '=100% so that a spreadsheet does
     * not take the cell for a formula; the quote is not part of the value */
    if (n >= 2 && s[0] == '\'' && strchr("=+-@\t\r", s[1]))
        s++, n--;
    *len = n;
    return s;
}

static void on_field(void *s, size_t n, void *data)
{
    builder *b = data;
    const char *v;
    size_t len;

    b->field_line = b->cur_line;
    if (b->limit)
        return;
    if (++b->fields > MAX_CELLS) {
        b->limit = "more than 16384 cells in this row; a spreadsheet has "
                   "at most 16384 columns";
        return;
    }
    v = trimmed(s ? s : "", s ? n : 0, &len);
    if (len == 0) {
        b->pending++;
        return;
    }
    b->ncells += b->pending + 1;
    b->nbytes += len + 1;
    b->stored += b->pending + 1;
    if (b->fill) {
        /* the second pass sees what the first did; never write past it */
        if (b->ncells > b->cap_cells || b->nbytes > b->cap_bytes) {
            b->limit = "internal error: the table read differently twice";
            return;
        }
        for (; b->pending > 0; b->pending--)
            *b->cell++ = b->empty;
        *b->cell++ = b->text;
        memcpy(b->text, v, len);
        b->text[len] = '\0';
        b->text += len + 1;
    }
    b->pending = 0;
}

static void on_row(int term, void *data)
{
    builder *b = data;

    (void)term;
    if (!b->limit && b->nrows == (size_t)MAX_ROWS)
        b->limit = "more than 1048576 rows; a spreadsheet has at most "
                   "1048576";
    if (!b->limit && b->fill && b->nrows == b->cap_rows)
        b->limit = "internal error: the table read differently twice";
    if (!b->limit) {
        if (b->fill) {
            pe_grid_row *r = &b->row[b->nrows];

            r->line = b->row_line;
            r->n = b->stored;
            r->cell = b->stored ? b->row_cells : NULL;
            b->row_cells = b->cell;
        }
        b->nrows++;
        b->fields = b->stored = b->pending = 0;
        b->row_line = b->field_line = b->cur_line + 1;
    }
}

static long chars(const char *s, size_t n)
{
    long c = 0;

    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* libcsv stopped at s[used] of line `line` in strict mode: say what is
 * wrong there. */
static pe_status quote_error(const builder *b, const char *line, size_t used,
                             const char *name, pe_error *err)
{
    long col = chars(line, used) + 1;

    if (line[used] == '"')
        pe_error_set(err, name, b->cur_line, col,
                     "a quote inside a value that is not quoted: quote the "
                     "whole value and double the quote (\"\")");
    else
        pe_error_set(err, name, b->cur_line, col,
                     "text after the closing quote of a quoted value: a "
                     "quote inside a value must be doubled (\"\")");
    return PE_EDATA;
}

/* One pass of libcsv over text: the physical line of each record is why
 * it is fed a line at a time. */
static pe_status feed(builder *b, const char *text, size_t len, char delim,
                      const char *name, pe_error *err)
{
    const char *p = text, *end = text + len;
    struct csv_parser cp;
    pe_status st = PE_OK;

    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
        return PE_ENOMEM;
    csv_set_delim(&cp, (unsigned char)delim);
    b->cur_line = b->row_line = b->field_line = 1;
    while (p < end && st == PE_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

        for (size_t off = 0; off < n && st == PE_OK;) {
            size_t k = n - off < PIECE ? n - off : PIECE;
            size_t used = csv_parse(&cp, p + off, k, on_field, on_row, b);

            /* a limit passed comes before what libcsv found after it */
            if (csv_error(&cp) == CSV_ENOMEM)
                st = PE_ENOMEM;
            else if (b->limit)
                st = PE_EDATA;
            else if (used != k)
                st = quote_error(b, p, off + used, name, err);
            off += k;
        }
        p += n;
        if (st == PE_OK)
            b->cur_line++;
    }
    if (st == PE_OK && csv_fini(&cp, on_field, on_row, b) != 0) {
        pe_error_set(err, name, b->field_line, 0,
                     "the quote that opens a value on this line is never "
                     "closed");
        st = PE_EDATA;
    }
    if (b->limit) {
        st = PE_EDATA;
        pe_error_set(err, name, b->row_line, 0, "%s", b->limit);
    }
    csv_free(&cp);
    return st;
}

pe_status pe_grid_parse(const char *text, size_t len, char delim,
                        const char *name, pe_grid *g, pe_error *err)
{
    builder b;
    size_t rows, size;
    char *block;
    pe_status st;

    g->row = NULL;
    g->nrows = 0;
    memset(&b, 0, sizeof b);
    if ((st = feed(&b, text, len, delim, name, err)) != PE_OK)
        goto out;
    /* one row more, the last: the mark pe_grid_free() knows the block by */
    rows = b.nrows + 1;
    size = rows * sizeof(pe_grid_row);
    if (b.ncells > (SIZE_MAX - size - b.nbytes - 1) / sizeof(char *)) {
        st = PE_ENOMEM;
        goto out;
    }
    size += b.ncells * sizeof(char *) + b.nbytes + 1;
    if (!(block = malloc(size))) {
        st = PE_ENOMEM;
        goto out;
    }
    b.cap_rows = b.nrows;
    b.cap_cells = b.ncells;
    b.cap_bytes = b.nbytes;
    b.fill = 1;
    b.nrows = b.ncells = b.nbytes = 0;
    b.fields = b.stored = b.pending = 0;
    b.row = (pe_grid_row *)(void *)block;
    b.cell = b.row_cells = (char **)(void *)(b.row + rows);
    b.empty = (char *)(void *)(b.cell + b.cap_cells);
    b.empty[0] = '\0';
    b.text = b.empty + 1;
    if ((st = feed(&b, text, len, delim, name, err)) != PE_OK) {
        free(block);
        goto out;
    }
    b.row[b.nrows].line = b.cur_line;
    b.row[b.nrows].n = 0;
    b.row[b.nrows].cell = (char **)(void *)b.row;
    g->row = b.row;
    g->nrows = rows;
out:
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    return st;
}

void pe_grid_free(pe_grid *g)
{
    if (g->nrows && g->row[g->nrows - 1].cell == (char **)(void *)g->row) {
        free(g->row);
    } else {
        /* a workbook's or a document's grid: every cell its own */
        for (size_t i = 0; i < g->nrows; i++) {
            for (size_t k = 0; k < g->row[i].n; k++)
                free(g->row[i].cell[k]);
            free(g->row[i].cell);
        }
        free(g->row);
    }
    g->row = NULL;
    g->nrows = 0;
    for (size_t i = 0; i < g->nnotes; i++)
        free(g->notes[i].formula);
    free(g->notes);
    g->notes = NULL;
    g->nnotes = 0;
}
