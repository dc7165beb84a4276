/* The long format's result records, and the JSON/CSV dispatch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "perfeval.h"

static pe_long_result scored(void)
{
    pe_long_result r;

    memset(&r, 0, sizeof r);
    r.key = "P1";
    r.name = "项目, \"一\"";
    r.line = 2;
    r.scored = 1;
    r.total = (pe_dec){9558, 2};
    r.grade = "优";
    r.errors = 1;
    r.warnings = 2;
    return r;
}

static pe_long_result broken(void)
{
    pe_long_result r;

    memset(&r, 0, sizeof r);
    r.key = "P2";
    r.name = "";
    r.line = 9;
    r.grade = "";
    strcpy(r.error, "t.csv:9: project P2: 分值 \"abc\" is not a number");
    return r;
}

static void test_csv(void **state)
{
    pe_buf b = {0, 0, 0};
    pe_long_result a = scored(), c = broken();
    pe_long_tally t = {2, 1, 1, 2};

    (void)state;
    assert_int_equal(pe_render_long_begin(&b, PE_CHECK_CSV), PE_OK);
    assert_int_equal(pe_render_long_record(&b, PE_CHECK_CSV, &a, 1), PE_OK);
    assert_int_equal(pe_render_long_record(&b, PE_CHECK_CSV, &c, 0), PE_OK);
    assert_int_equal(pe_render_long_end(&b, PE_CHECK_CSV, &t, 1), PE_OK);
    assert_string_equal(
        b.data, "project,name,total,grade,errors,warnings,line,error\n"
                "P1,\"项目, \"\"一\"\"\",95.58,优,1,2,2,\n"
                "P2,,,,0,0,9,\"t.csv:9: project P2: 分值 \"\"abc\"\" is "
                "not a number\"\n");
    pe_buf_free(&b);
}

static void test_json(void **state)
{
    pe_buf b = {0, 0, 0};
    pe_long_result a = scored(), c = broken();
    pe_long_tally t = {2, 1, 1, 2};

    (void)state;
    assert_int_equal(pe_render_long_begin(&b, PE_CHECK_JSON), PE_OK);
    assert_int_equal(pe_render_long_record(&b, PE_CHECK_JSON, &a, 1), PE_OK);
    assert_int_equal(pe_render_long_record(&b, PE_CHECK_JSON, &c, 0), PE_OK);
    assert_int_equal(pe_render_long_end(&b, PE_CHECK_JSON, &t, 1), PE_OK);
    assert_string_equal(
        b.data,
        "{\"format\": \"perfeval/long/1\", \"projects\": [\n"
        "  {\"project\": \"P1\", \"name\": \"项目, \\\"一\\\"\", \"total\": "
        "95.58, "
        "\"grade\": \"优\", \"errors\": 1, \"warnings\": 2, \"line\": 2},\n"
        "  {\"project\": \"P2\", \"name\": \"\", \"total\": null, \"grade\": "
        "\"\", \"errors\": 0, \"warnings\": 0, \"line\": 9, \"error\": "
        "\"t.csv:9: project P2: 分值 \\\"abc\\\" is not a number\"}\n"
        "],\n"
        " \"summary\": {\"projects\": 2, \"broken\": 1, \"errors\": 1, "
        "\"warnings\": 2}}\n");
    pe_buf_free(&b);
}

static void test_table(void **state)
{
    pe_buf b = {0, 0, 0};
    pe_long_result a = scored(), c = broken();
    pe_long_tally t = {2, 1, 1, 2};

    (void)state;
    assert_int_equal(pe_render_long_begin(&b, PE_CHECK_TABLE), PE_OK);
    assert_int_equal(pe_render_long_record(&b, PE_CHECK_TABLE, &a, 1), PE_OK);
    assert_int_equal(pe_render_long_record(&b, PE_CHECK_TABLE, &c, 0), PE_OK);
    assert_int_equal(pe_render_long_end(&b, PE_CHECK_TABLE, &t, 1), PE_OK);
    assert_string_equal(b.data,
                        "P1                  95.58 优   1 error, 2 warnings  "
                        "项目, \"一\"\n"
                        "P2               error: t.csv:9: project P2: 分值 "
                        "\"abc\" is not a number\n"
                        "2 projects: 1 could not be scored, 1 error, 2 "
                        "warnings\n");
    pe_buf_free(&b);
}

/* Text from the file cannot drive the terminal: ESC and the other
 * controls are shown as \x1B, and a wide key is padded by its columns. */
static void test_table_escapes(void **state)
{
    pe_buf b = {0, 0, 0};
    pe_long_result a = scored(), c = broken();

    (void)state;
    a.key = "P\x1b[2J";
    a.name = "名\x1b]0;t\x07";
    c.key = "项目二";
    strcpy(c.error, "t.csv:9: project 项目二: 分值 \"\x1b[31m\x9b\" is not "
                    "a number");
    assert_int_equal(pe_render_long_record(&b, PE_CHECK_TABLE, &a, 1), PE_OK);
    assert_int_equal(pe_render_long_record(&b, PE_CHECK_TABLE, &c, 0), PE_OK);
    assert_string_equal(b.data,
                        "P\\x1B[2J            95.58 优   1 error, 2 warnings  "
                        "名\\x1B]0;t\\x07\n"
                        "项目二           error: t.csv:9: project 项目二: "
                        "分值 \"\\x1B[31m\\x9B\" is not a number\n");
    pe_buf_free(&b);
}

/* Bytes that are not UTF-8 never reach the JSON: U+FFFD stands in. */
static void test_json_stays_utf8(void **state)
{
    pe_buf b = {0, 0, 0};
    pe_long_result c = broken();

    (void)state;
    c.key = "P\xff";
    c.name = "\xe4\xb8";
    strcpy(c.error, "t.csv:9: x\xc0\xaf");
    assert_int_equal(pe_render_long_record(&b, PE_CHECK_JSON, &c, 1), PE_OK);
    assert_string_equal(b.data,
                        "\n  {\"project\": \"P\xEF\xBF\xBD\", \"name\": "
                        "\"\xEF\xBF\xBD\xEF\xBF\xBD\", \"total\": null, "
                        "\"grade\": \"\", \"errors\": 0, \"warnings\": 0, "
                        "\"line\": 9, \"error\": \"t.csv:9: "
                        "x\xEF\xBF\xBD\xEF\xBF\xBD\"}");
    pe_buf_free(&b);
}

/* An error cut to fit the record is cut between characters. */
static void test_error_cut_whole(void **state)
{
    pe_error err;
    pe_long_item it = {"P2", "", 9, NULL, &err, NULL};
    pe_long_result res;
    char want[600];
    size_t n;

    (void)state;
    memset(&err, 0, sizeof err);
    /* 101 + ":9: " + 170 characters of three bytes: 615 bytes, cut to the
     * 599 of a record in the middle of the 165th */
    memset(err.file, 'f', 101);
    err.line = 9;
    for (n = 0; n + 3 < sizeof err.msg; n += 3)
        memcpy(err.msg + n, "一", 3);
    err.msg[n] = '\0';
    assert_int_equal(pe_long_score(&it, NULL, &res), PE_OK);
    memset(want, 'f', 101);
    strcpy(want + 101, ":9: ");
    for (int k = 0; k < 164; k++)
        strcat(want, "一");
    assert_string_equal(res.error, want);
}

/* JSON when the first character is "{", after a BOM and spaces. */
static void test_load_dispatch(void **state)
{
    static const char json[] =
        "\xEF\xBB\xBF \n {\"name\": \"x\", \"indicators\": "
        "[{\"name\": \"a\", \"target\": \"1\", "
        "\"actual\": \"1\", \"weight\": 100}]}";
    static const char csv[] =
        "一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
        "产出指标,数量指标,a,1,1,100\n";
    pe_project *p;
    pe_error err;
    pe_csv_opts o;

    (void)state;
    memset(&o, 0, sizeof o);
    assert_int_equal(pe_project_load(json, sizeof json - 1, "j", &o, &p, &err),
                     PE_OK);
    assert_int_equal(o.delimiter_used, 0); /* not read as CSV */
    assert_string_equal(pe_project_name(p), "x");
    pe_project_free(p);
    assert_int_equal(pe_project_load(csv, sizeof csv - 1, "c", &o, &p, &err),
                     PE_OK);
    assert_int_equal(o.delimiter_used, ',');
    assert_string_equal(pe_project_indicator_name(p, 1), "a");
    pe_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_table_escapes),
        cmocka_unit_test(test_json_stays_utf8),
        cmocka_unit_test(test_error_cut_whole),
        cmocka_unit_test(test_load_dispatch),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
