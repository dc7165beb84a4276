/* libFuzzer: a 绩效自评报告's text (pe_report_text: .txt, .md or .docx
 * bytes) checked against the scored 2021 seed table (pe_report_check),
 * and the bytes checked as they are.  Run from the repository root. */
#include "perfeval.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pe_project *seed(void)
{
    static pe_project *p;
    pe_buf in = {0, 0, 0};
    pe_error err;

    if (p)
        return p;
    if (pe_io_read("data/shangjie-2021.json", &in, &err) != PE_OK ||
        pe_project_load_json(in.data, in.len, "seed.json", &p, &err) != PE_OK ||
        pe_project_score(p, &err) != PE_OK)
        abort();
    pe_buf_free(&in);
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pe_project *p = seed();
    pe_buf text = {0, 0, 0};
    pe_error err;
    size_t n, before = pe_project_nfindings(p);

    if (pe_report_check(p, (const char *)data, size, "fuzz.txt", &n, &err) ==
            PE_OK &&
        pe_project_nfindings(p) != before + n)
        __builtin_trap();
    if (pe_report_text((const char *)data, size, "fuzz.docx", &text, &err) ==
            PE_OK &&
        pe_report_check(p, text.data ? text.data : "", text.len, "fuzz.docx",
                        &n, &err) != PE_OK)
        __builtin_trap(); /* the text it gives is UTF-8 and checks */
    pe_buf_free(&text);
    /* scoring again drops the report's findings */
    if (pe_project_score(p, &err) != PE_OK || pe_project_nfindings(p) != before)
        __builtin_trap();
    return 0;
}
