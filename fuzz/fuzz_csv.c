/* libFuzzer: the 附件1 CSV loader (any encoding, any delimiter), then
 * scoring and the table. */
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
    if (pe_project_score(p, &err) == PE_OK) {
        pe_table_opts t = {80, 0};
        (void)pe_render_table(p, &t, &out);
        pe_buf_free(&out);
        (void)pe_render_json(p, &out);
    }
    pe_buf_free(&out);
    pe_project_free(p);
    return 0;
}
