/* libFuzzer: the JSON project loader, then scoring and every renderer. */
#include "perfeval.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pe_project *p = NULL, *q = NULL;
    pe_error err;
    pe_buf out = {0, 0, 0}, again = {0, 0, 0};

    if (pe_project_load_json((const char *)data, size, "fuzz.json", &p, &err) !=
        PE_OK)
        return 0;
    if (pe_project_score(p, &err) == PE_OK) {
        pe_table_opts t = {60, 0};

        (void)pe_render_table(p, &t, &out);
        pe_buf_free(&out);
        /* the JSON output loads back and scores to the same total */
        if (pe_render_json(p, &out) == PE_OK) {
            if (pe_project_load_json(out.data, out.len, "out.json", &q, &err) !=
                    PE_OK ||
                pe_project_score(q, &err) != PE_OK ||
                pe_dec_cmp(pe_project_total(p), pe_project_total(q)) != 0)
                __builtin_trap();
            (void)pe_render_json(q, &again);
        }
    }
    pe_buf_free(&out);
    pe_buf_free(&again);
    pe_project_free(q);
    pe_project_free(p);
    return 0;
}
