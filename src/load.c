/* A table file of either kind: the project file (JSON) or the 附件1 as a
 * spreadsheet saves it (CSV/TSV).  A JSON object cannot begin a 附件1 CSV,
 * whose first cell is a title or a label, so the first byte decides. */
#include "project.h"

#include <string.h>

pe_status pe_project_load(const char *buf, size_t len, const char *name,
                          pe_csv_opts *opts, pe_project **out, pe_error *err)
{
    const char *b = buf;
    size_t n = len;

    if (n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
        b += 3, n -= 3;
    while (n && strchr(" \t\r\n", *b))
        b++, n--;
    if (n && *b == '{')
        return pe_project_load_json(b, n, name, out, err);
    return pe_project_load_csv(buf, len, name, opts, out, err);
}
