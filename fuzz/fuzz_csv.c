/* libFuzzer: the 附件1 CSV loader (any encoding, any delimiter), the rules
 * read off the table, then scoring and the table; a JSON rendering must
 * load back and score to the same total. */
#include "perfeval.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pe_project *p = NULL;
    pe_csv_opts o = {PE_ENC_AUTO, 0, 0, PE_ENC_AUTO, 0};
    pe_error err;
    pe_buf out = {0, 0, 0};

    if (pe_project_load_csv((const char *)data, size, "fuzz.csv", &o, &p,
                            &err) != PE_OK)
        return 0;
    if (pe_project_infer_rules(p, &err) == PE_OK &&
        pe_project_score(p, &err) == PE_OK) {
        pe_table_opts t = {80, 0};
        pe_project *q = NULL;

        (void)pe_render_table(p, &t, &out);
        pe_buf_free(&out);
        if (pe_render_json(p, &out) == PE_OK &&
            pe_project_load_json(out.data, out.len, "fuzz.json", &q, &err) ==
                PE_OK &&
            pe_project_score(q, &err) == PE_OK && !pe_project_unscored(p) &&
            pe_dec_cmp(pe_project_total(p), pe_project_total(q)) != 0)
            __builtin_trap();
        pe_project_free(q);
    }
    pe_buf_free(&out);
    pe_project_free(p);
    return 0;
}
