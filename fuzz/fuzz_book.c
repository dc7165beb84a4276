/* libFuzzer: workbooks and documents (.xlsx, .docx): open, then load,
 * read the rules off and score every table, or stream a long-format one.
 * Parts may expand to 4 MiB, so that a run stays fast.
 *
 * An .xls goes to libfreexl in a child process (xls_read.c), whose crashes
 * on crafted files are contained there by design; here the BIFF records
 * perfeval reads itself (biff.c) are fuzzed instead, in process. */
#include "biff.h"
#include "perfeval.h"

#include <string.h>

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pe_status ignore(void *ctx, const pe_long_item *it)
{
    pe_long_result res;

    (void)ctx;
    return pe_long_score(it, NULL, &res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pe_book_opts o = {NULL, (size_t)4 << 20};
    pe_book *b = NULL;
    pe_error err;

    if (size >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        pe_biff *x = NULL;
        int number;

        if (pe_biff_open((const char *)data, size, size * 64, &x) == PE_OK) {
            for (unsigned r = 0; r < 64; r++)
                for (unsigned c = 0; c < 16; c++) {
                    (void)pe_biff_format(x, 0, r, c);
                    (void)pe_biff_formula(x, 0, r, c, &number);
                }
            (void)pe_biff_sheet_hidden(x, 0);
        }
        pe_biff_free(x);
        return 0;
    }
    if (pe_book_open((const char *)data, size, "fuzz", &o, &b, &err) != PE_OK)
        return 0;
    for (size_t i = 0; i < pe_book_count(b); i++) {
        if (pe_book_table_is_long(b, i)) {
            pe_long_opts lo;
            pe_long *r = NULL;

            pe_long_opts_default(&lo);
            pe_rules_default(&lo.rules);
            if (pe_long_new("fuzz", &lo, &r) == PE_OK)
                (void)pe_book_table_stream(b, i, r, ignore, NULL, &err);
            pe_long_free(r);
        } else {
            pe_project *p = NULL;

            if (pe_book_table_load(b, i, &p, &err) == PE_OK &&
                pe_project_infer_rules(p, &err) == PE_OK)
                (void)pe_project_score(p, &err);
            pe_project_free(p);
        }
    }
    pe_book_free(b);
    return 0;
}
