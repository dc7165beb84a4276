/*
 * A line-oriented driver for the property test of scoring
 * (tests/property.py).  Each line of stdin is a project file (JSON, on
 * one line); for each, one line of stdout:
 *
 *   OK SAME|DIFF JSON   scored; the -f json output (newlines folded to
 *                       spaces), and whether that output, loaded and
 *                       scored again, renders the same
 *   ERR WHY: MESSAGE    the project did not load or score
 *
 * Findings are listed in the JSON, so the test sees codes and rows too.
 */
#include "perfeval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Load, score and render one project file. */
static pe_status scored_json(const char *buf, size_t len, pe_buf *out,
                             pe_error *err)
{
    pe_project *p = NULL;
    pe_status st = pe_project_load_json(buf, len, "t.json", &p, err);

    if (st == PE_OK)
        st = pe_project_score(p, err);
    if (st == PE_OK)
        st = pe_render_json(p, out);
    pe_project_free(p);
    return st;
}

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    while ((n = getline(&line, &cap, stdin)) > 0) {
        pe_buf first = {0, 0, 0}, again = {0, 0, 0};
        pe_error err;
        pe_status st;

        memset(&err, 0, sizeof err);
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        st = scored_json(line, (size_t)n, &first, &err);
        if (st != PE_OK) {
            printf("ERR %s: %s\n", pe_strerror(st), err.msg);
        } else {
            int same;

            st = scored_json(first.data, first.len, &again, &err);
            same = st == PE_OK && again.len == first.len &&
                   memcmp(again.data, first.data, first.len) == 0;
            for (size_t i = 0; i < first.len; i++)
                if (first.data[i] == '\n' || first.data[i] == '\t')
                    first.data[i] = ' ';
            printf("OK %s %.*s\n", same ? "SAME" : "DIFF", (int)first.len,
                   first.data);
        }
        pe_buf_free(&first);
        pe_buf_free(&again);
        fflush(stdout);
    }
    free(line);
    return 0;
}
