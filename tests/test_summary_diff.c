/* Unit tests of two desks compared (src/summary_diff.c,
 * src/render_summary_diff.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perfeval.h"

/* A loaded record by hand: 项目名称, 实施单位, total, grade. */
static pe_summary_record *rec(const char *file, const char *name,
                              const char *unit, const char *total,
                              const char *grade)
{
    pe_summary_record *r = NULL;
    pe_error err = {.line = 0};

    assert_int_equal(pe_summary_record_unloadable(file, "", &err, &r), PE_OK);
    if (!name)
        return r;
    free(r->name);
    free(r->unit);
    free(r->grade);
    r->name = strdup(name);
    r->unit = strdup(unit);
    r->grade = strdup(grade);
    r->status = PE_SUMMARY_OK;
    r->scored = 1;
    assert_int_equal(pe_dec_parse_cstr(total, &r->total), PE_OK);
    return r;
}

static void test_diff(void **state)
{
    pe_summary *a = pe_summary_new(), *b = pe_summary_new();
    pe_summary_change *c = NULL;
    pe_summary_opts o = {.zh = 0};
    pe_buf out = {0};
    size_t n = 0;
    char buf[PE_DEC_BUFSIZE];

    (void)state;
    assert_int_equal(pe_summary_add(a, rec("o/1", "培训", "甲", "95.58", "优")),
                     PE_OK);
    assert_int_equal(pe_summary_add(a, rec("o/2", "宣传", "甲", "80", "良")),
                     PE_OK);
    assert_int_equal(pe_summary_add(a, rec("o/3", "培训", "乙", "70", "中")),
                     PE_OK);
    assert_int_equal(pe_summary_add(a, rec("o/x", NULL, "", "", "")), PE_OK);
    /* the same name at another unit is another project */
    assert_int_equal(pe_summary_add(b, rec("n/3", "培训", "乙", "70.00", "中")),
                     PE_OK);
    assert_int_equal(pe_summary_add(b, rec("n/1", "培训", "甲", "90.10", "优")),
                     PE_OK);
    assert_int_equal(pe_summary_add(b, rec("n/4", "新", "甲", "60", "中")),
                     PE_OK);
    assert_int_equal(pe_summary_diff(a, b, &c, &n), PE_OK);
    assert_int_equal(n, 4);
    /* 70 and 70.00 are the same total */
    assert_int_equal(c[0].kind, PE_CHANGE_SAME);
    assert_string_equal(c[0].old_rec->file, "o/3");
    assert_int_equal(c[1].kind, PE_CHANGE_CHANGED);
    assert_string_equal(pe_dec_format(c[1].change, buf), "-5.48");
    assert_int_equal(c[2].kind, PE_CHANGE_APPEARED);
    assert_null(c[2].old_rec);
    assert_int_equal(c[3].kind, PE_CHANGE_DISAPPEARED);
    assert_string_equal(c[3].old_rec->file, "o/2");
    assert_int_equal(pe_render_summary_diff(c, n, PE_CHECK_JSON, &o, &out),
                     PE_OK);
    assert_non_null(
        strstr(out.data, "{\"name\": \"新\", \"unit\": \"甲\", \"old_total\": "
                         "null, \"old_grade\": null, \"new_total\": 60, "
                         "\"new_grade\": \"中\", \"change\": null, "
                         "\"status\": \"appeared\", \"old_file\": null, "
                         "\"new_file\": \"n/4\"}"));
    pe_buf_free(&out);
    free(c);
    pe_summary_free(a);
    pe_summary_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
