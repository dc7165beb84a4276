/* The roll-up (复核汇总): the summary's records counted and summed per
 * 主管部门 and overall, in exact decimals. */
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct pe_rollup {
    pe_rollup_group *g;
    size_t n;
};

/* Sums kept apart from the group until the end: the mean divides once. */
typedef struct acc {
    pe_rollup_group g;
    pe_dec sum;
} acc;

static const char *const grade_names[4] = {"优", "良", "中", "差"};

static pe_status add_record(acc *a, const pe_summary_record *r)
{
    pe_status st = PE_OK;
    size_t k;

    a->g.tables++;
    if (r->status == PE_SUMMARY_UNLOADABLE) {
        a->g.unloadable++;
        return PE_OK;
    }
    if (r->status == PE_SUMMARY_FINDINGS)
        a->g.with_errors++;
    if (r->scored) {
        for (k = 0; k < 4 && strcmp(r->grade, grade_names[k]) != 0; k++)
            ;
        if (k < 4)
            a->g.grades[k]++;
        else
            a->g.other_grade++;
        if (!a->g.scored || pe_dec_cmp(r->total, a->g.lowest) < 0)
            a->g.lowest = r->total;
        if (!a->g.scored || pe_dec_cmp(r->total, a->g.highest) > 0)
            a->g.highest = r->total;
        a->g.scored++;
        st = pe_dec_add(a->sum, r->total, &a->sum);
    }
    /* the rate is of the tables that give both amounts, so that a table
     * without its 执行数 does not lower it, nor one whose 全年预算数 is 0
     * (funds-not-computable) raise it */
    if (st == PE_OK && r->has_budget && r->has_executed &&
        !pe_dec_is_zero(r->budget)) {
        a->g.funded++;
        st = pe_dec_add(a->g.budget, r->budget, &a->g.budget);
        if (st == PE_OK)
            st = pe_dec_add(a->g.executed, r->executed, &a->g.executed);
    }
    return st;
}

static pe_status finish(acc *a)
{
    pe_status st = PE_OK;

    if (a->g.scored)
        st = pe_dec_muldiv(a->sum, pe_dec_from_int(1),
                           pe_dec_from_int((int64_t)a->g.scored), 2,
                           PE_ROUND_HALF_UP, &a->g.mean);
    if (st == PE_OK && a->g.funded && !pe_dec_is_zero(a->g.budget)) {
        st = pe_dec_muldiv(a->g.executed, pe_dec_from_int(100), a->g.budget, 2,
                           PE_ROUND_HALF_UP, &a->g.rate);
        a->g.has_rate = st == PE_OK;
    }
    return st;
}

static int by_name(const void *x, const void *y)
{
    const char *a = (*(const pe_summary_record *const *)x)->department;
    const char *b = (*(const pe_summary_record *const *)y)->department;

    return strcmp(a, b);
}

static void zero(acc *a, const char *department)
{
    memset(a, 0, sizeof *a);
    a->g.department = department;
    a->sum = a->g.budget = a->g.executed = pe_dec_from_int(0);
}

pe_status pe_rollup_new(const pe_summary *s, pe_rollup **out)
{
    size_t n = pe_summary_count(s), ngroups = 0;
    const pe_summary_record **sorted;
    pe_rollup *r;
    pe_status st = PE_OK;
    acc all, one;

    *out = NULL;
    r = calloc(1, sizeof *r);
    sorted = calloc(n ? n : 1, sizeof *sorted);
    /* at most one group per record, and the overall one */
    if (r)
        r->g = calloc(n + 1, sizeof *r->g);
    if (!r || !sorted || !r->g) {
        free(sorted);
        pe_rollup_free(r);
        return PE_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = pe_summary_get(s, i);
    /* a stable order whatever the input order: by name, bytewise */
    qsort(sorted, n, sizeof *sorted, by_name);
    zero(&all, NULL);
    for (size_t i = 0; i < n && st == PE_OK; i++) {
        if (i == 0 ||
            strcmp(sorted[i]->department, sorted[i - 1]->department) != 0)
            zero(&one, sorted[i]->department);
        st = add_record(&one, sorted[i]);
        if (st == PE_OK)
            st = add_record(&all, sorted[i]);
        if (st == PE_OK && (i + 1 == n || strcmp(sorted[i]->department,
                                                 sorted[i + 1]->department)))
            if ((st = finish(&one)) == PE_OK)
                r->g[ngroups++] = one.g;
    }
    if (st == PE_OK && (st = finish(&all)) == PE_OK)
        r->g[ngroups++] = all.g;
    free(sorted);
    if (st != PE_OK) {
        pe_rollup_free(r);
        return st;
    }
    r->n = ngroups;
    *out = r;
    return PE_OK;
}

void pe_rollup_free(pe_rollup *r)
{
    if (!r)
        return;
    free(r->g);
    free(r);
}

size_t pe_rollup_count(const pe_rollup *r)
{
    return r ? r->n : 0;
}

const pe_rollup_group *pe_rollup_get(const pe_rollup *r, size_t i)
{
    return r && i < r->n ? &r->g[i] : NULL;
}
