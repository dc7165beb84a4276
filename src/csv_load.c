/*
 * The 附件1 table from CSV or TSV (perfeval.h).
 *
 * Bytes become UTF-8 text with LF lines (encoding.c), text becomes a grid
 * of cells (csv_grid.c), and form_load.c finds the form in the grid by
 * its labels.
 */
#include "csv_grid.h"
#include "encoding.h"
#include "form_load.h"
#include "project.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ entry */

pe_status pe_csv_delimiter_from_name(const char *name, char *out)
{
    static const struct {
        const char *name;
        char d;
    } names[] = {{",", ','},         {"comma", ','}, {";", ';'},
                 {"semicolon", ';'}, {"\t", '\t'},   {"tab", '\t'},
                 {"\\t", '\t'},      {"auto", 0}};

    for (size_t i = 0; name && i < NELEMS(names); i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].d;
            return PE_OK;
        }
    }
    return PE_EUSAGE;
}

static pe_status check_opts(const pe_csv_opts *o, const char *name,
                            pe_error *err)
{
    if (o->encoding != PE_ENC_AUTO && o->encoding != PE_ENC_UTF8 &&
        o->encoding != PE_ENC_GB18030) {
        pe_error_set(err, name, 0, 0, "unknown encoding %d", (int)o->encoding);
        return PE_EUSAGE;
    }
    if (o->delimiter && o->delimiter != ',' && o->delimiter != ';' &&
        o->delimiter != '\t') {
        pe_error_set(err, name, 0, 0,
                     "the delimiter must be a comma, a semicolon or a tab");
        return PE_EUSAGE;
    }
    return PE_OK;
}

pe_status pe_project_load_csv(const char *buf, size_t len, const char *name,
                              pe_csv_opts *opts, pe_project **out,
                              pe_error *err)
{
    pe_csv_opts defaults = {PE_ENC_AUTO, 0, 0, PE_ENC_AUTO, 0};
    pe_csv_opts *o = opts ? opts : &defaults;
    pe_buf text = {0};
    pe_decoded info;
    pe_grid g = {0};
    pe_status st;
    char delim;

    *out = NULL;
    if ((st = check_opts(o, name, err)) != PE_OK)
        return st;
    if ((st = pe_text_decode(buf, len, o->encoding, name, &text, &info, err)) !=
        PE_OK) {
        pe_buf_free(&text);
        return st;
    }
    if (text.len == 0) {
        pe_buf_free(&text);
        pe_error_set(err, name, 0, 0, "the file is empty");
        return PE_EDATA;
    }
    delim = o->delimiter ? o->delimiter
                         : pe_grid_sniff_delimiter(text.data, text.len);
    st = pe_grid_parse(text.data, text.len, delim, name, &g, err);
    pe_buf_free(&text);
    if (st == PE_OK)
        st = pe_form_load(&g, name, info.not_utf8_line, out, err);
    pe_grid_free(&g);
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    if (st != PE_OK)
        return st;
    o->transcoded = info.transcoded;
    o->encoding_used = info.used;
    o->delimiter_used = delim;
    return PE_OK;
}
