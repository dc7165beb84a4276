/* libFuzzer: the long-format stream reader, fed in uneven pieces, with
 * every project scored. */
#include "perfeval.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pe_status each(void *ctx, const pe_long_item *it)
{
    pe_error err;

    (void)ctx;
    if (it->project)
        (void)pe_project_score(it->project, &err);
    return PE_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pe_long_opts o;
    pe_long *r;
    pe_error err;
    size_t off = 0, step = size ? (size_t)data[0] % 17 + 1 : 1;

    pe_long_opts_default(&o);
    pe_rules_default(&o.rules);
    o.max_rows = 64;
    o.max_field = 256;
    if (pe_long_new("fuzz.csv", &o, &r) != PE_OK)
        return 0;
    /* split points must not matter: feed in pieces of `step` bytes */
    while (off < size) {
        size_t n = size - off < step ? size - off : step;
        if (pe_long_feed(r, (const char *)data + off, n, each, NULL, &err) !=
            PE_OK)
            break;
        off += n;
    }
    if (off == size)
        (void)pe_long_end(r, each, NULL, &err);
    pe_long_free(r);
    return 0;
}
