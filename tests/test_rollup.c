/* Unit tests of the roll-up (src/rollup.c, src/render_rollup.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perfeval.h"

/* A record made by hand: department, total (NULL: unloadable), grade,
 * budget and executed in 万元 (NULL: not given), errors. */
static pe_summary_record *rec(const char *dept, const char *total,
                              const char *grade, const char *budget,
                              const char *executed, size_t errors)
{
    pe_summary_record *r = NULL;
    pe_error err = {.line = 0};

    snprintf(err.msg, sizeof err.msg, "%s", "broken");
    assert_int_equal(pe_summary_record_unloadable("f.csv", "", &err, &r),
                     PE_OK);
    free(r->department);
    r->department = strdup(dept);
    if (total) {
        r->status = errors ? PE_SUMMARY_FINDINGS : PE_SUMMARY_OK;
        r->scored = 1;
        r->errors = errors;
        assert_int_equal(pe_dec_parse_cstr(total, &r->total), PE_OK);
        free(r->grade);
        r->grade = strdup(grade);
    }
    if (budget) {
        r->has_budget = 1;
        assert_int_equal(pe_dec_parse_cstr(budget, &r->budget), PE_OK);
    }
    if (executed) {
        r->has_executed = 1;
        assert_int_equal(pe_dec_parse_cstr(executed, &r->executed), PE_OK);
    }
    return r;
}

static pe_summary *desk(void)
{
    pe_summary *s = pe_summary_new();

    assert_int_equal(
        pe_summary_add(s, rec("乙局", "95.58", "优", "3", "1.798", 0)), PE_OK);
    assert_int_equal(
        pe_summary_add(s, rec("甲局", "70", "中", "2.5", "2.5", 1)), PE_OK);
    assert_int_equal(
        pe_summary_add(s, rec("乙局", "33.00", "差", "0", "207.4538", 2)),
        PE_OK);
    assert_int_equal(pe_summary_add(s, rec("乙局", NULL, "", NULL, NULL, 0)),
                     PE_OK);
    return s;
}

static void test_groups(void **state)
{
    pe_summary *s = desk();
    pe_rollup *r = NULL;
    const pe_rollup_group *g;
    char buf[PE_DEC_BUFSIZE];

    (void)state;
    assert_int_equal(pe_rollup_new(s, &r), PE_OK);
    assert_int_equal(pe_rollup_count(r), 3);
    /* 乙 (U+4E59) sorts before 甲 (U+7532) bytewise */
    g = pe_rollup_get(r, 0);
    assert_string_equal(g->department, "乙局");
    assert_int_equal(g->tables, 3);
    assert_int_equal(g->unloadable, 1);
    assert_int_equal(g->with_errors, 1);
    assert_int_equal(g->grades[0], 1);
    assert_int_equal(g->grades[3], 1);
    /* (95.58 + 33.00) / 2 = 64.29 */
    assert_string_equal(pe_dec_format(g->mean, buf), "64.29");
    assert_string_equal(pe_dec_format(g->lowest, buf), "33.00");
    assert_string_equal(pe_dec_format(g->highest, buf), "95.58");
    /* a 全年预算数 of 0 is left out of the money */
    assert_int_equal(g->funded, 1);
    assert_string_equal(pe_dec_format(g->rate, buf), "59.93");
    g = pe_rollup_get(r, 2);
    assert_null(g->department);
    assert_int_equal(g->tables, 4);
    assert_int_equal(g->scored, 3);
    /* (95.58 + 70 + 33.00) / 3 = 66.193… */
    assert_string_equal(pe_dec_format(g->mean, buf), "66.19");
    assert_string_equal(pe_dec_format(g->budget, buf), "5.5");
    assert_string_equal(pe_dec_format(g->executed, buf), "4.298");
    /* 4.298 / 5.5 = 78.145…% */
    assert_string_equal(pe_dec_format(g->rate, buf), "78.15");
    assert_null(pe_rollup_get(r, 3));
    pe_rollup_free(r);
    pe_summary_free(s);
}

static void test_render(void **state)
{
    pe_summary *s = desk();
    pe_rollup *r = NULL;
    pe_summary_opts o = {.zh = 0};
    pe_buf b = {0};

    (void)state;
    assert_int_equal(pe_rollup_new(s, &r), PE_OK);
    assert_int_equal(pe_render_rollup(r, PE_CHECK_CSV, &o, &b), PE_OK);
    assert_string_equal(b.data,
                        "department,tables,优,良,中,差,mean,lowest,highest,"
                        "budget_wan,executed_wan,rate,with_errors,unloadable\n"
                        "乙局,3,1,0,0,1,64.29,33.00,95.58,3,1.798,59.93,1,1\n"
                        "甲局,1,0,0,1,0,70.00,70,70,2.5,2.5,100.00,1,0\n"
                        "合计,4,1,0,1,1,66.19,33.00,95.58,5.5,4.298,78.15,2,"
                        "1\n");
    pe_buf_free(&b);
    assert_int_equal(pe_render_rollup(r, PE_CHECK_JSON, &o, &b), PE_OK);
    assert_non_null(strstr(b.data, "\"format\": \"perfeval/rollup/1\""));
    assert_non_null(strstr(b.data, "], \"overall\": {\"tables\": 4, "));
    pe_buf_free(&b);
    pe_rollup_free(r);
    pe_summary_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
