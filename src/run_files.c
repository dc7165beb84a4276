/*
 * The files a run writes (perfeval.h, "runs of files"): never over one
 * of its inputs, and a report per table under a name no file has.
 */
#include "run.h"

#include <errno.h>
#include <string.h>

const char *pe_output_clash(const char *output, const char *rules,
                            const char *report, char *const *paths, size_t n,
                            const pe_paths *more, char *side, size_t n_side)
{
    pe_os_info out;

    if (!output || strcmp(output, "-") == 0 || pe_os_stat(output, &out) != 0 ||
        out.kind != PE_OS_FILE)
        return NULL;
    if (report && pe_run_same_file(report, &out))
        return report;
    if (rules && pe_run_same_file(rules, &out))
        return rules;
    for (size_t i = 0; i < n + pe_paths_count(more); i++) {
        const char *path = i < n ? paths[i] : pe_paths_get(more, i - n);

        if (pe_run_same_file(path, &out))
            return path;
        if (!rules && pe_rules_beside(path, side, n_side) &&
            pe_run_same_file(side, &out))
            return side;
    }
    return NULL;
}

pe_status pe_report_free_name(const char *dir, const pe_project *p,
                              const char *ext, pe_buf *path)
{
    pe_buf name = {.data = NULL};
    pe_status st = pe_report_file_name(p, ext, &name);
    int link;

    for (int k = 1; st == PE_OK && k < 1000; k++) {
        size_t stem = name.len - strlen(ext) - 1;

        path->len = 0;
        st = pe_buf_printf(path, "%s/%.*s", dir, (int)stem, name.data);
        if (st == PE_OK && k > 1)
            st = pe_buf_printf(path, "（%d）", k);
        if (st == PE_OK)
            st = pe_buf_printf(path, ".%s", ext);
        if (st == PE_OK && pe_os_lstat_is_link(path->data, &link) != 0 &&
            errno == ENOENT)
            break;
    }
    pe_buf_free(&name);
    return st;
}
