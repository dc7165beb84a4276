/* Two desks of tables, last year's and this year's, matched project by
 * project on 项目名称 + 实施单位. */
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int matchable(const pe_summary_record *r)
{
    return r->status != PE_SUMMARY_UNLOADABLE && r->name[0];
}

static int same_key(const pe_summary_record *a, const pe_summary_record *b)
{
    return strcmp(a->name, b->name) == 0 && strcmp(a->unit, b->unit) == 0;
}

static pe_status judge(pe_summary_change *c)
{
    const pe_summary_record *a = c->old_rec, *b = c->new_rec;
    pe_status st = PE_OK;

    c->kind = !a   ? PE_CHANGE_APPEARED
              : !b ? PE_CHANGE_DISAPPEARED
                   : PE_CHANGE_SAME;
    if (!a || !b)
        return PE_OK;
    if (a->scored && b->scored) {
        st = pe_dec_sub(b->total, a->total, &c->change);
        c->has_change = st == PE_OK;
    }
    if (a->scored != b->scored || strcmp(a->grade, b->grade) != 0 ||
        (a->scored && b->scored && pe_dec_cmp(a->total, b->total) != 0))
        c->kind = PE_CHANGE_CHANGED;
    return st;
}

pe_status pe_summary_diff(const pe_summary *old_s, const pe_summary *new_s,
                          pe_summary_change **out, size_t *n)
{
    size_t no = pe_summary_count(old_s), nn = pe_summary_count(new_s), k = 0;
    pe_summary_change *c = calloc(no + nn + 1, sizeof *c);
    char *used = calloc(no + 1, 1);
    pe_status st = PE_OK;

    *out = NULL;
    *n = 0;
    if (!c || !used) {
        free(c);
        free(used);
        return PE_ENOMEM;
    }
    /* a quadratic match: a desk is some hundred tables, not millions */
    for (size_t i = 0; i < nn && st == PE_OK; i++) {
        const pe_summary_record *b = pe_summary_get(new_s, i);

        if (!matchable(b))
            continue;
        c[k].new_rec = b;
        for (size_t j = 0; j < no; j++) {
            const pe_summary_record *a = pe_summary_get(old_s, j);

            if (!used[j] && matchable(a) && same_key(a, b)) {
                used[j] = 1;
                c[k].old_rec = a;
                break;
            }
        }
        st = judge(&c[k++]);
    }
    for (size_t j = 0; j < no && st == PE_OK; j++) {
        const pe_summary_record *a = pe_summary_get(old_s, j);

        if (used[j] || !matchable(a))
            continue;
        c[k].old_rec = a;
        st = judge(&c[k++]);
    }
    free(used);
    if (st != PE_OK) {
        free(c);
        return st;
    }
    *out = c;
    *n = k;
    return PE_OK;
}
