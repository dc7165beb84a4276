/* The long format's results: one record per project, in the three forms
 * of `perfeval check`. */
#include "project.h"
#include "render_common.h"
#include "width.h"

#include <stdio.h>
#include <string.h>

pe_status pe_render_long_begin(pe_buf *out, pe_check_format fmt)
{
    if (fmt == PE_CHECK_CSV)
        return pe_buf_puts(out, "project,name,total,grade,errors,warnings,"
                                "line,error\n");
    if (fmt == PE_CHECK_JSON)
        return pe_buf_puts(out, "{\"format\": \"" PE_JSON_LONG "\", "
                                "\"projects\": [");
    return PE_OK;
}

/* A JSON string of s, with U+FFFD for a byte that is not UTF-8: the
 * records quote the file's own text, and JSON must be UTF-8. */
static pe_status json_text(pe_buf *out, const char *s)
{
    pe_buf clean = {0, 0, 0};
    size_t n = strlen(s), i = 0, run = 0;
    pe_status st = PE_OK;

    while (i < n && st == PE_OK) {
        uint32_t cp;
        size_t k = pe_utf8_decode(s + i, n - i, &cp);

        if (cp == PE_UTF8_INVALID) {
            st = pe_buf_append(&clean, s + run, i - run);
            if (st == PE_OK)
                st = pe_buf_puts(&clean, "\xEF\xBF\xBD");
            run = i + k;
        }
        i += k;
    }
    if (run == 0 && st == PE_OK)
        return pe_json_quote(out, s); /* the usual case: nothing to mend */
    if (st == PE_OK)
        st = pe_buf_append(&clean, s + run, n - run);
    if (st == PE_OK)
        st = pe_json_quote(out, clean.data);
    pe_buf_free(&clean);
    return st;
}

/* Text for the terminal (controls shown as \x1B), then blanks to `cols`
 * columns. */
static pe_status term_pad(pe_buf *out, const char *s, int cols)
{
    size_t start = out->len;
    pe_status st = pe_term_text(out, s, strlen(s), 0);
    int w;

    if (st != PE_OK)
        return st;
    w = pe_display_width(out->data + start, out->len - start, 0);
    return w < cols ? pe_buf_printf(out, "%*s", cols - w, "") : PE_OK;
}

pe_status pe_render_long_record(pe_buf *out, pe_check_format fmt,
                                const pe_long_result *r, int first)
{
    char total[PE_DEC_BUFSIZE] = "";
    pe_status st = PE_OK;

    if (r->scored)
        pe_dec_format(r->total, total);
    if (fmt == PE_CHECK_CSV) {
        if ((st = pe_csv_field(out, r->key)) != PE_OK ||
            (st = pe_buf_puts(out, ",")) != PE_OK ||
            (st = pe_csv_field(out, r->name)) != PE_OK ||
            (st = pe_buf_printf(out, ",%s,%s,%zu,%zu,%ld,", total, r->grade,
                                r->errors, r->warnings, r->line)) != PE_OK ||
            (st = pe_csv_field(out, r->error)) != PE_OK)
            return st;
        return pe_buf_puts(out, "\n");
    }
    if (fmt == PE_CHECK_JSON) {
        if ((st = pe_buf_puts(out, first ? "\n  {\"project\": "
                                         : ",\n  {\"project\": ")) != PE_OK ||
            (st = json_text(out, r->key)) != PE_OK ||
            (st = pe_buf_puts(out, ", \"name\": ")) != PE_OK ||
            (st = json_text(out, r->name)) != PE_OK ||
            (st = pe_buf_printf(out,
                                ", \"total\": %s, \"grade\": \"%s\", "
                                "\"errors\": %zu, \"warnings\": %zu, "
                                "\"line\": %ld",
                                r->scored ? total : "null", r->grade, r->errors,
                                r->warnings, r->line)) != PE_OK)
            return st;
        if (!r->scored && ((st = pe_buf_puts(out, ", \"error\": ")) != PE_OK ||
                           (st = json_text(out, r->error)) != PE_OK))
            return st;
        return pe_buf_puts(out, "}");
    }
    /* for a terminal: the file's text cannot move the cursor or recolour
     * the screen */
    if ((st = term_pad(out, r->key, 16)) != PE_OK)
        return st;
    if (!r->scored) {
        if ((st = pe_buf_puts(out, " error: ")) != PE_OK ||
            (st = pe_term_text(out, r->error, strlen(r->error), 0)) != PE_OK)
            return st;
        return pe_buf_puts(out, "\n");
    }
    {
        /* 优 is two columns wide: pad by display width, not by bytes */
        int pad = 4 - pe_display_width(r->grade, strlen(r->grade), 0);

        if ((st = pe_buf_printf(out, " %8s %s%*s %zu error%s, %zu warning%s  ",
                                total, r->grade, pad > 0 ? pad : 0, "",
                                r->errors, r->errors == 1 ? "" : "s",
                                r->warnings, r->warnings == 1 ? "" : "s")) !=
                PE_OK ||
            (st = pe_term_text(out, r->name, strlen(r->name), 0)) != PE_OK)
            return st;
        return pe_buf_puts(out, "\n");
    }
}

pe_status pe_render_long_end(pe_buf *out, pe_check_format fmt,
                             const pe_long_tally *t, int summary)
{
    if (fmt == PE_CHECK_JSON)
        return pe_buf_printf(out,
                             "%s],\n \"summary\": {\"projects\": %zu, "
                             "\"broken\": %zu, \"errors\": %zu, "
                             "\"warnings\": %zu}}\n",
                             t->projects ? "\n" : "", t->projects, t->broken,
                             t->errors, t->warnings);
    if (fmt == PE_CHECK_TABLE && summary)
        return pe_buf_printf(out,
                             "%zu project%s: %zu could not be scored, %zu "
                             "error%s, %zu warning%s\n",
                             t->projects, t->projects == 1 ? "" : "s",
                             t->broken, t->errors, t->errors == 1 ? "" : "s",
                             t->warnings, t->warnings == 1 ? "" : "s");
    return PE_OK;
}
