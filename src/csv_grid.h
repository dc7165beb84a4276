/* CSV text to a grid of cells, each record tagged with its physical line;
 * and guessing the delimiter.  Internal to the library. */
#ifndef PE_CSV_GRID_H
#define PE_CSV_GRID_H

#include "perfeval.h"

typedef struct pe_grid_row {
    long line;   /* physical line on which the record starts */
    size_t n;    /* number of cells; 0 for an empty line */
    char **cell; /* owned; each NUL-terminated UTF-8, trimmed of spaces */
} pe_grid_row;

/* What a reader saw in a cell beyond its text: a formula saved without
 * its value (openpyxl writes them so), which reads as a blank cell. */
typedef struct pe_grid_note {
    long line;     /* the cell's row, as pe_grid_row.line */
    size_t col;    /* its column, from 0 (A) */
    char *formula; /* the formula as written, owned; may be "" */
} pe_grid_note;

/* A grid from the workbook and document readers owns each cell and each
 * row's cell array apart.  One from pe_grid_parse() is a single block
 * (see csv_grid.c for why), whose last row is the mark pe_grid_free()
 * knows it by: an empty row whose cell points at the block itself. */
typedef struct pe_grid {
    pe_grid_row *row; /* owned */
    size_t nrows;
    pe_grid_note *notes; /* owned, each note's formula too */
    size_t nnotes;
    int sheet; /* a worksheet's: messages name a cell as F12 */
} pe_grid;

/*
 * The delimiter of text (UTF-8, LF line ends): ',', ';' or '\t', whichever
 * occurs most often outside quotes on the lines that carry the form's own
 * labels (三级指标, 项目名称, 年初预算数 ...), which never hold a
 * delimiter themselves; failing those, on the first lines.  ',' when
 * nothing tells.
 */
char pe_grid_sniff_delimiter(const char *text, size_t len);

/*
 * Split text (UTF-8, LF line ends, as pe_text_decode() makes it) into
 * records with libcsv, strictly: a quoted value must be closed, and a
 * quote may only appear inside a quoted value, doubled.  Empty lines are
 * kept as records of no cells, so that every line is accounted for; a
 * record keeps its cells up to its last filled one (a line of delimiters
 * is an empty record), and one empty record more ends the grid (the mark
 * above, after the last line).  Fills *g (the caller frees it with
 * pe_grid_free(), also on failure).  PE_EDATA with err's line (and column,
 * in characters) for a quoting error, and with the line of the record
 * that goes past them for more than 16,384 cells in a record or more than
 * 1,048,576 records, what a spreadsheet holds; PE_ENOMEM.
 */
PE_MUST_CHECK pe_status pe_grid_parse(const char *text, size_t len, char delim,
                                      const char *name, pe_grid *g,
                                      pe_error *err);

/* Free a grid of pe_grid_parse() or of the readers; leaves it empty. */
void pe_grid_free(pe_grid *g);

#endif
