/* libFuzzer: a number shown by a number format (numfmt.c), the code and
 * the value from the fuzz bytes: the format code up to the first NUL, the
 * value after it.  Every output buffer size from 1 to PE_NUM_MAX is
 * tried on the way, so that an assumption about the caller's buffer shows
 * as a read or write past it; the text must end inside the buffer. */
#include "numfmt.h"

#include <stdlib.h>
#include <string.h>

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t clen = nul ? (size_t)(nul - data) : size;
    char *code = malloc(clen + 1), *v;
    size_t vlen = nul ? size - clen - 1 : 0;
    static const size_t sizes[] = {1, 2, 7, 16, 64, 160, PE_NUM_MAX};

    if (!code)
        return 0;
    memcpy(code, data, clen);
    code[clen] = '\0';
    if (!(v = malloc(vlen + 1))) {
        free(code);
        return 0;
    }
    if (vlen)
        memcpy(v, nul + 1, vlen);
    v[vlen] = '\0';
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        char *out = malloc(sizes[i]);

        if (!out)
            break;
        (void)pe_numfmt_apply(v, code, (int)(size & 1), out, sizes[i]);
        if (!memchr(out, 0, sizes[i]))
            __builtin_trap();
        (void)pe_num_shortest(v, out, sizes[i]);
        if (!memchr(out, 0, sizes[i]))
            __builtin_trap();
        free(out);
    }
    (void)pe_numfmt_is_date(code);
    free(v);
    free(code);
    return 0;
}
