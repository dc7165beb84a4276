/* The long format: one row per indicator, read as a stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "long_load.h"
#include "project.h"

#define HEAD                                                                                            \
    "项目编号,项目名称,全年预算数,全年执行数,资金分值,一级指标,二级指标," \
    "三级指标,指标值,实际完成值,分值,得分,偏差原因分析及改进措施\n"
#define ROWS_A                                                                 \
    "A1,甲,10,10,10,产出指标,数量,人数,≥60人,60人,50,,\n"         \
    "A1,,,,,效益指标,社会,素质,提高,提高,30,,\n"                   \
    "A1,,,,,满意度指标,满意,满意度,≥95%,96%,10,,\n"
#define ROWS_B "B2,乙,10,5,10,产出指标,数量,人数,≥60人,30人,abc,,\n"
#define ROWS_C                                                                     \
    "C3,丙,10,10,10,产出指标,数量,人数,≥60人,30人,50,,人手不足\n" \
    "C3,,,,,效益指标,社会,素质,提高,提高,30,,\n"                       \
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
        char col[32] = "";

        if (it->err && it->err->column)
            snprintf(col, sizeof col, ":%ld", it->err->column);
        snprintf(s->text + n, sizeof s->text - n, "%s !%ld%s: %s\n", it->key,
                 it->err ? it->err->line : 0L, col,
                 it->err ? it->err->msg : "");
    }
    return PE_OK;
}

/* A reader with `threads`, max_rows (0: the default) and max_field. */
static pe_long *reader(int threads, size_t max_rows, size_t max_field)
{
    pe_long_opts o;
    pe_long *r;

    pe_long_opts_default(&o);
    pe_rules_default(&o.rules);
    o.threads = threads;
    if (max_rows)
        o.max_rows = max_rows;
    o.max_field = max_field;
    assert_int_equal(pe_long_new("t.csv", &o, &r), PE_OK);
    return r;
}

/* Feed len bytes of text in pieces of `step` bytes to r, then end it;
 * returns the status of the end, the callback's record in s, the error in
 * err.  Frees r. */
static pe_status feed(pe_long *r, const char *text, size_t len, size_t step,
                      pe_long_fn fn, seen *s, pe_error *err)
{
    size_t off = 0;
    pe_status st = PE_OK;

    memset(s, 0, sizeof *s);
    while (off < len && st == PE_OK) {
        size_t n = len - off < step ? len - off : step;
        st = pe_long_feed(r, text + off, n, fn, s, err);
        off += n;
    }
    if (st == PE_OK)
        st = pe_long_end(r, fn, s, err);
    pe_long_free(r);
    return st;
}

/* Feed text in pieces of `step` bytes with `threads` and --max-field 40. */
static pe_status run(const char *text, size_t step, int threads,
                     size_t max_rows, seen *s, pe_error *err)
{
    return feed(reader(threads, max_rows, 40), text, strlen(text), step,
                collect, s, err);
}

/* The same at every split and with one and two threads. */
static void run_all(const char *text, size_t len, size_t max_field,
                    const char *want)
{
    static const size_t steps[] = {1, 2, 3, 7, 64, 1 << 16};
    seen s;
    pe_error err;

    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        for (int threads = 1; threads <= 2; threads++) {
            assert_int_equal(feed(reader(threads, 0, max_field), text, len,
                                  steps[i], collect, &s, &err),
                             PE_OK);
            assert_string_equal(s.text, want);
        }
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
        n += (size_t)snprintf(
            text + n, sizeof text - n,
            "K%d,p,10,10,10,产出指标,数量,人数,≥60人,%d人,90,,x\n", k,
            30 + k % 40);
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
    assert_int_equal(run(HEAD
                         "A1,甲,10,10,10,产出指标,数量,人数,≥60人,60人,90,,"
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
    assert_int_equal(run("项目编号,三级指标,指标值,实际完成值,分值\r"
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
    assert_int_equal(
        run(HEAD ROWS_A "B2,\"never closed,x\n", 8, 2, 0, &s, &err), PE_EDATA);
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

/* A blank line is a line: records keep their physical line numbers. */
static void test_blank_lines_counted(void **state)
{
    static const char text[] = HEAD "\n" ROWS_A " \n\r\n" ROWS_B;

    (void)state;
    run_all(text, sizeof text - 1, 40,
            "A1 100.00 优 @3\n"
            "B2 !8: project B2: 分值 \"abc\" is not a number\n");
}

/* A comma in a text not in quotes makes one field too many: refused, with
 * its line, and the neighbours are still read. */
static void test_too_many_fields(void **state)
{
    static const char text[] = HEAD
        "A1,甲,10,10,10,产出指标,数量,人数,≥60人,60人,90,,原因a,原因b\n" ROWS_C;

    (void)state;
    run_all(text, sizeof text - 1, 40,
            "A1 !2: project A1: 14 fields, more than the header's 13 (a text "
            "with a comma must be in quotes)\n"
            "C3 75.00 中 @3\n");
}

/* A key past --max-field starts a project of its own, broken; the project
 * before it is scored, and the rows of the long key stay together. */
static void test_key_too_long(void **state)
{
    char key[64], text[2048], want[512];

    (void)state;
    memset(key, 'B', 41);
    key[41] = '\0';
    snprintf(text, sizeof text,
             "%s%s%s,,,,,效益指标,社会,素质,提高,提高,30,,\n"
             "%s,,,,,满意度指标,满意,满意度,≥95%%,96%%,10,,\n%s",
             HEAD, ROWS_A, key, key, ROWS_C);
    key[40] = '\0';
    snprintf(want, sizeof want,
             "A1 100.00 优 @2\n"
             "%s… !5: project %s…: the key is longer than 40 bytes\n"
             "C3 75.00 中 @7\n",
             key, key);
    run_all(text, strlen(text), 40, want);
}

/* The reasons of every indicator, "key: reason|reason". */
static pe_status reasons(void *ctx, const pe_long_item *it)
{
    seen *s = ctx;
    size_t n = strlen(s->text);

    n += (size_t)snprintf(s->text + n, sizeof s->text - n, "%s:", it->key);
    for (size_t i = 0; it->project && i < it->project->nind; i++)
        n += (size_t)snprintf(s->text + n, sizeof s->text - n, " %s|",
                              it->project->ind[i].reason);
    snprintf(s->text + n, sizeof s->text - n, "\n");
    return PE_OK;
}

/* --max-field limits the cells, not the header: 偏差原因分析及改进措施 is
 * 33 bytes. */
static void test_header_not_limited(void **state)
{
    seen s;
    pe_error err;

    (void)state;
    assert_int_equal(feed(reader(1, 0, 32), HEAD ROWS_C, strlen(HEAD ROWS_C), 7,
                          reasons, &s, &err),
                     PE_OK);
    assert_string_equal(s.text, "C3: 人手不足| | |\n");
}

/* A NUL byte is no text: "28\0" must not pass for 28. */
static void test_nul_byte(void **state)
{
    static const char text[] =
        HEAD "A1,甲,10,10,10,产出指标,数量,人数,≥60人,28\0"
             "0人,90,,\n" ROWS_C;

    (void)state;
    run_all(text, sizeof text - 1, 40,
            "A1 !2:33: project A1: a NUL byte (0x00): binary data, not "
            "text\n"
            "C3 75.00 中 @3\n");
}

/* Bytes that are not UTF-8 (overlong, stray, cut short) are refused with
 * their line and column, and a key holding one is shown with U+FFFD. */
static void test_invalid_utf8(void **state)
{
    static const char text[] =
        HEAD "A1,甲,10,10,10,产出指标,数量,人数,≥60人,60人,90,,原因\xC0\xAF\n"
             "B2\xFF,乙,10,10,10,产出指标,数量,人数,≥60人,60人,90,,\n"
             "C3,丙,10,10,10,产出指标,数量,人数,≥60人,60人,90,,原因\xE4\xB8\n"
             "D4,丁,10,10,10,产出指标,数量,人数,≥60人,60人,\xED\xA0\x80,,\n"
             "E5,戊,10,10,10,产出指标,数量,人数,≥60人,60人,90,,原因\n";

    (void)state;
    run_all(text, sizeof text - 1, 40,
            "A1 !2:41: project A1: not valid UTF-8 (byte 0xC0)\n"
            "B2\xEF\xBF\xBD !3:3: project B2\xEF\xBF\xBD: not valid UTF-8 "
            "(byte 0xFF)\n"
            "C3 !4:41: project C3: not valid UTF-8 (byte 0xE4)\n"
            "D4 !5:35: project D4: not valid UTF-8 (byte 0xED)\n"
            "E5 100.00 优 @6\n");
}

/* A file that ends inside a character, with no line end. */
static void test_invalid_utf8_at_end(void **state)
{
    static const char text[] = HEAD "A1,甲,10,10,10,产出指标,数量,人数,"
                                    "≥60人,60人,90,,原因\xE4\xB8";

    (void)state;
    run_all(text, sizeof text - 1, 40,
            "A1 !2:41: project A1: not valid UTF-8 (byte 0xE4)\n");
}

/* So in a worksheet's cells, placed by row and column. */
static void test_invalid_utf8_row(void **state)
{
    static const char *const head[] = {"项目编号", "三级指标", "指标值",
                                       "实际完成值", "分值"};
    static const char *const bad[] = {"A1", "人数", "≥1", "1\xFE", "100"};
    pe_long *r = reader(2, 0, 40);
    seen s;
    pe_error err;

    (void)state;
    memset(&s, 0, sizeof s);
    assert_int_equal(pe_long_feed_row(r, 1, head, 5, collect, &s, &err), PE_OK);
    assert_int_equal(pe_long_feed_row(r, 2, bad, 5, collect, &s, &err), PE_OK);
    assert_int_equal(pe_long_end(r, collect, &s, &err), PE_OK);
    pe_long_free(r);
    assert_string_equal(s.text,
                        "A1 !2:4: project A1: not valid UTF-8 (byte 0xFE)\n");
}

/* Bytes held by the heap now.  Windows' C runtime has no mallinfo2: 0
 * there, and the bound is checked on Linux only. */
#ifdef _WIN32
static size_t heap_used(void)
{
    return 0;
}
#else
static size_t heap_used(void)
{
    struct mallinfo2 m = mallinfo2();

    return m.uordblks + m.hblkhd;
}
#endif

/* A field of 32 MiB, or a row of 4 Mi commas, fed in 64 KiB pieces:
 * refused, and never held. */
static void huge_row(const char *start, char fill, size_t pieces, int threads,
                     const char *want)
{
    static char piece[1 << 16];
    pe_long *r = reader(threads, 0, 40);
    seen s;
    pe_error err;
    size_t before = heap_used(), peak = 0;

    memset(&s, 0, sizeof s);
    memset(piece, fill, sizeof piece);
    assert_int_equal(pe_long_feed(r, start, strlen(start), collect, &s, &err),
                     PE_OK);
    for (size_t i = 0; i < pieces; i++) {
        size_t now;

        assert_int_equal(
            pe_long_feed(r, piece, sizeof piece, collect, &s, &err), PE_OK);
        now = heap_used();
        if (now > before && now - before > peak)
            peak = now - before;
    }
    assert_int_equal(
        pe_long_feed(r, "\n" ROWS_C, strlen("\n" ROWS_C), collect, &s, &err),
        PE_OK);
    assert_int_equal(pe_long_end(r, collect, &s, &err), PE_OK);
    pe_long_free(r);
    assert_string_equal(s.text, want);
    assert_true(peak < 4 << 20);
}

static void test_huge_field_bounded(void **state)
{
    (void)state;
    for (int threads = 1; threads <= 2; threads++) {
        huge_row(HEAD "A1,甲,10,10,10,产出指标,数量,人数,≥60人,60人,90,,", 'x',
                 512, threads,
                 "A1 !2: project A1: a field is longer than 40 bytes\n"
                 "C3 75.00 中 @3\n");
        huge_row(HEAD "A1,甲,10,10,10,产出指标,数量,人数,≥60人,60人,90,,原因",
                 ',', 64, threads,
                 "A1 !2: project A1: 4194317 fields, more than the header's "
                 "13 (a text with a comma must be in quotes)\n"
                 "C3 75.00 中 @3\n");
    }
}

/* A line that cannot be read is recorded even when no project is open:
 * the output has the error, not only the message. */
static void test_broken_line_recorded(void **state)
{
    seen s;
    pe_error err;

    (void)state;
    assert_int_equal(run(HEAD "\"never closed,x\n", 3, 2, 0, &s, &err),
                     PE_EDATA);
    assert_string_equal(s.text, " !2: malformed CSV: a quote is not closed or "
                                "stray text follows one\n");
    assert_int_equal(run(HEAD "\nB2,x\"y,1\n", 5, 1, 0, &s, &err), PE_EDATA);
    assert_string_equal(s.text, "B2 !3: malformed CSV: a quote is not closed "
                                "or stray text follows one\n");
    assert_int_equal(err.line, 3);
    assert_int_equal(run("项目编号,三级指标\n1,2\n", 4, 2, 0, &s, &err),
                     PE_EDATA);
    assert_string_equal(s.text, " !1: not a long-format table: the header "
                                "needs 项目编号 or 项目名称, 三级指标, 指标值, "
                                "实际完成值 and 分值\n");
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

/* The keys seen: new ones give 0, one seen before its first line, past
 * 32 bits of lines too, after the index has grown many times. */
static void test_seen_keys(void **state)
{
    pe_long_seen S;
    char key[32];
    int oom;

    (void)state;
    memset(&S, 0, sizeof S);
    for (long i = 0; i < 300000; i++) {
        snprintf(key, sizeof key, "P%07ld", i);
        assert_int_equal(
            pe_long_seen_add(&S, key, strlen(key), 2 + 19 * i, &oom), 0);
        assert_false(oom);
    }
    assert_int_equal(pe_long_seen_add(&S, "P0000000", 8, 9999999, &oom), 2);
    assert_int_equal(pe_long_seen_add(&S, "P0123456", 8, 9999999, &oom),
                     2 + 19 * 123456L);
    assert_int_equal(pe_long_seen_add(&S, "P0299999", 8, 9999999, &oom),
                     2 + 19 * 299999L);
#if LONG_MAX > 4294967295
    /* lines past 4,294,967,295 are kept whole (where a long holds them:
     * not on Windows, whose long has 32 bits) */
    assert_int_equal(pe_long_seen_add(&S, "far", 3, 5000000000L, &oom), 0);
    assert_int_equal(pe_long_seen_add(&S, "far", 3, 6000000000L, &oom),
                     5000000000L);
#endif
    /* the key's bytes, not a C string: 8 of "P00000001" are P0000000's */
    assert_int_equal(pe_long_seen_add(&S, "P00000001", 8, 1, &oom), 2);
    assert_int_equal(pe_long_seen_add(&S, "P00000001", 9, 1, &oom), 0);
    pe_long_seen_free(&S);
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
        cmocka_unit_test(test_blank_lines_counted),
        cmocka_unit_test(test_too_many_fields),
        cmocka_unit_test(test_key_too_long),
        cmocka_unit_test(test_header_not_limited),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_invalid_utf8_at_end),
        cmocka_unit_test(test_invalid_utf8_row),
        cmocka_unit_test(test_huge_field_bounded),
        cmocka_unit_test(test_broken_line_recorded),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_seen_keys),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
