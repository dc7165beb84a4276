/* libFuzzer: the 指标值/实际完成值 cell parser on any bytes. */
#include "perfeval.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pe_cell c;

    if (pe_cell_parse((const char *)data, size, &c) == PE_OK &&
        c.kind == PE_CELL_NUMBER) {
        char buf[PE_DEC_BUFSIZE];
        pe_dec back;

        /* what the parser returns must format and parse back unchanged */
        pe_dec_format(c.value, buf);
        if (pe_dec_parse_cstr(buf, &back) != PE_OK ||
            pe_dec_cmp(back, c.value) != 0)
            __builtin_trap();
    }
    return 0;
}
