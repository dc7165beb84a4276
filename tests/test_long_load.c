/* The long format: one row per indicator, read as a stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "perfeval.h"

#define HEAD "项目编号,项目名称,全年预算数,全年执行数,资金分值,一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分,偏差原因分析及改进措施\n"
#define ROWS_A "A1,甲,10,10,10,产出指标,数量,人数,≥60人,60人,50,,\n"                 \
               "A1,,,,,效益指标,社会,素质,提高,提高,30,,\n"                          \
               "A1,,,,,满意度指标,满意,满意度,≥95%,96%,10,,\n"
#define ROWS_B "B2,乙,10,5,10,产出指标,数量,人数,≥60人,30人,abc,,\n"
#define ROWS_C "C3,丙,10,10,10,产出指标,数量,人数,≥60人,30人,50,,人手不足\n"       \
               "C3,,,,,效益指标,社会,素质,提高,提高,30,,\n"                          \
               "C3,,,,,满意度指标,满意,满意度,≥95%,96%,10,,\n"

/* What the callback saw, one line per project: "key total grade" or
 * "key !message". */
typedef struct seen {
    char text[4096];
} seen;

static pe_status collect(void *ctx, const pe_long_item *it)
{
    seen *s = ctx;
    size_t n = strlen(s->text);
    pe_error err;

    if (it->project && pe_project_score(it->project, &err) == PE_OK) {
        char t[PE_DEC_BUFSIZE];
        snprintf(s->text + n, sizeof s->text - n, "%s %s %s @%ld\n", it->key,
                 pe_dec_format(pe_project_total(it->project), t),
                 pe_project_grade(it->project), it->line);
    } else {
        snprintf(s->text + n, sizeof s->text - n, "%s !%ld: %s\n", it->key,
                 it->err ? it->err->line : 0L, it->err ? it->err->msg : "");
    }
    return PE_OK;
}

/* Feed text in pieces of `step` bytes with `threads`; returns the status
 * of the end, the callback's record in s, the error in err. */
static pe_status run(const char *text, size_t step, int threads, size_t max_rows,
                     seen *s, pe_error *err)
{
    pe_long_opts o;
    pe_long *r;
    size_t len = strlen(text), off = 0;
    pe_status st = PE_OK;

    memset(s, 0, sizeof *s);
    pe_long_opts_default(&o);
    pe_rules_default(&o.rules);
    o.threads = threads;
    if (max_rows)
        o.max_rows = max_rows;
    o.max_field = 40;
    assert_int_equal(pe_long_new("t.csv", &o, &r), PE_OK);
    while (off < len && st == PE_OK) {
        size_t n = len - off < step ? len - off : step;
        st = pe_long_feed(r, text + off, n, collect, s, err);
        off += n;
    }
    if (st == PE_OK)
        st = pe_long_end(r, collect, s, err);
    pe_long_free(r);
    return st;
}

static const char *const mixed =
    HEAD ROWS_A ROWS_B ROWS_C "A1,,,,,满意度指标,满意,另一行,≥95%,96%,10,,\n";

static const char *const mixed_seen =
    "A1 100.00 优 @2\n"
    "B2 !5: project B2: 分值 \"abc\" is not a number\n"
    "C3 75.00 中 @6\n"
    "A1 !9: project A1: the key appears again; its rows began at line 2 and "
    "were already scored\n";

static void test_projects_in_order(void **state)
{
    seen s;
    pe_error err;

    (void)state;
    assert_int_equal(run(mixed, 1 << 16, 1, 0, &s, &err), PE_OK);
    assert_string_equal(s.text, mixed_seen);
}

/* The split points and the threads change nothing. */
static void test_any_split_any_threads(void **state)
{
    static const size_t steps[] = {1, 2, 3, 7, 64, 1 << 16};
    seen s;
    pe_error err;

    (void)state;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        for (int threads = 1; threads <= 2; threads++) {
            assert_int_equal(run(mixed, steps[i], threads, 0, &s, &err), PE_OK);
            assert_string_equal(s.text, mixed_seen);
        }
}

/* Many projects through the worker thread, more than a batch holds. */
static void test_many_projects_threaded(void **state)
{
    static char text[600000];
    seen s1, s2;
    pe_error err;
    size_t n = 0;

    (void)state;
    n += (size_t)snprintf(text + n, sizeof text - n, "%s", HEAD);
    for (int k = 0; k < 3000; k++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "K%d,p,10,10,10,产出指标,数量,人数,≥60人,%d人,90,,x\n",
                              k, 30 + k % 40);
    assert_int_equal(run(text, 4096, 1, 0, &s1, &err), PE_OK);
    assert_int_equal(run(text, 4096, 2, 0, &s2, &err), PE_OK);
    /* the record is cut at 4096 bytes; the first thousand-odd projects
     * must agree, in order */
    assert_string_equal(s1.text, s2.text);
    assert_non_null(strstr(s1.text, "K0 55.00 差 @2\n"));
}

static void test_limits(void **state)
{
    seen s;
    pe_error err;

    (void)state;
    assert_int_equal(run(HEAD ROWS_A ROWS_C, 1 << 16, 2, 2, &s, &err), PE_OK);
    assert_string_equal(s.text,
                        "A1 !4: project A1: more than 2 indicator rows\n"
                        "C3 !7: project C3: more than 2 indicator rows\n");
    assert_int_equal(
        run(HEAD "A1,甲,10,10,10,产出指标,数量,人数,≥60人,60人,90,,"
                 "这一格写得太长了太长了太长了太长了\n",
            1 << 16, 1, 0, &s, &err),
        PE_OK);
    assert_string_equal(s.text,
                        "A1 !2: project A1: a field is longer than 40 bytes\n");
}

/* Lines are physical lines, whatever ends them, and a quoted cell that
 * spans lines does not shift them. */
static void test_line_numbers(void **state)
{
    seen s;
    pe_error err;

    (void)state;
    assert_int_equal(
        run("项目编号,三级指标,指标值,实际完成值,分值\r"
            "A1,\"两\n行\",≥1,1,100\r"
            "B2,x,≥1,1,abc\r",
            5, 2, 0, &s, &err),
        PE_OK);
    assert_string_equal(s.text, "A1 100.00 优 @2\n"
                                "B2 !4: project B2: 分值 \"abc\" is not a "
                                "number\n");
}

static void test_broken_file(void **state)
{
    seen s;
    pe_error err;

    (void)state;
    /* everything before the broken line is handed over */
    assert_int_equal(run(HEAD ROWS_A "B2,\"never closed,x\n", 8, 2, 0, &s, &err),
                     PE_EDATA);
    /* A1's rows might go on past the broken line: it is not scored */
    assert_string_equal(s.text, "A1 !5: project A1: its rows stop at line 5, "
                                "which cannot be read\n");
    assert_int_equal(err.line, 5);
    assert_string_equal(err.msg, "malformed CSV: a quote is not closed or "
                                 "stray text follows one");
    assert_int_equal(run("", 8, 1, 0, &s, &err), PE_EDATA);
    assert_string_equal(err.msg, "the file is empty");
    assert_int_equal(run("a,b\n1,2\n", 8, 1, 0, &s, &err), PE_EDATA);
    assert_string_equal(err.msg, "not a long-format table: the header needs "
                                 "项目编号 or 项目名称, 三级指标, 指标值, "
                                 "实际完成值 and 分值");
    assert_int_equal(err.line, 1);
}

static void test_detect(void **state)
{
    (void)state;
    assert_true(pe_long_detect(HEAD, strlen(HEAD)));
    assert_true(pe_long_detect("\xEF\xBB\xBF" HEAD, strlen(HEAD) + 3));
    {
        const char *cr = "项目名称,x\r三级指标,y\r";
        const char *form = "一级指标,二级指标,三级指标\n";
        assert_false(pe_long_detect(cr, strlen(cr)));
        assert_false(pe_long_detect(form, strlen(form)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_projects_in_order),
        cmocka_unit_test(test_any_split_any_threads),
        cmocka_unit_test(test_many_projects_threaded),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_line_numbers),
        cmocka_unit_test(test_broken_file),
        cmocka_unit_test(test_detect),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
