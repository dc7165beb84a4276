/* A table file of either kind: the project file (JSON) or the 附件1 as a
 * spreadsheet saves it (CSV/TSV).  A JSON object cannot begin a 附件1 CSV,
 * whose first cell is a title or a label, so the first character decides.
 * A project file saved by an editor in GBK or UTF-16 is decoded as a CSV
 * file is (encoding.c), and the caller told, through opts, as for CSV. */
#include "encoding.h"
#include "project.h"

#include <string.h>

/* Does the file begin with "{", after a byte-order mark and spaces, in
 * UTF-8 (or GB18030, which agrees with it on ASCII) or in UTF-16? */
/* JSON's white space (strchr would also match the NUL at its end) */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int starts_json(const char *b, size_t n)
{
    int le = n >= 2 && memcmp(b, "\xFF\xFE", 2) == 0;
    int be = n >= 2 && memcmp(b, "\xFE\xFF", 2) == 0;

    if (le || be) {
        for (size_t i = 2; i + 1 < n; i += 2) {
            char c = le ? b[i] : b[i + 1], z = le ? b[i + 1] : b[i];

            if (z != '\0')
                return 0;
            if (!is_space(c))
                return c == '{';
        }
        return 0;
    }
    if (n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
        b += 3, n -= 3;
    while (n && is_space(*b))
        b++, n--;
    return n && *b == '{';
}

pe_status pe_project_load(const char *buf, size_t len, const char *name,
                          pe_csv_opts *opts, pe_project **out, pe_error *err)
{
    pe_buf text = {0, 0, 0};
    pe_decoded info;
    pe_status st;

    if (!starts_json(buf, len))
        return pe_project_load_csv(buf, len, name, opts, out, err);
    *out = NULL;
    /* a control byte (a NUL above all) in 8-bit text: said as about a
     * project file, where the decoder would speak of CSV */
    if (!pe_utf16_bom(buf, len) && !pe_utf16_without_bom(buf, len)) {
        long line;
        int b = pe_text_control(buf, len, 0, &line);

        if (b >= 0) {
            pe_error_set(err, name, line, 0,
                         "a control character (byte 0x%02X): a project file "
                         "is text",
                         (unsigned)b);
            return PE_EDATA;
        }
    }
    st = pe_text_decode(buf, len, opts ? opts->encoding : PE_ENC_AUTO, name,
                        &text, &info, err);
    if (st == PE_OK)
        st = pe_project_load_json(text.data, text.len, name, out, err);
    if (st == PE_OK && opts) {
        opts->transcoded = info.transcoded;
        opts->encoding_used = info.used;
        opts->delimiter_used = 0;
    }
    pe_buf_free(&text);
    return st;
}
