/* Unit tests of the JSON project loader (src/json_load.c, src/jsonval.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "perfeval.h"
#include "project.h"

/* ------------------------------------------------------------ helpers */

static pe_project *load_ok(const char *json)
{
    pe_project *p = NULL;
    pe_error err;

    memset(&err, 0, sizeof err);
    if (pe_project_load_json(json, strlen(json), "t.json", &p, &err) != PE_OK)
        fail_msg("load failed: %s (line %ld, column %ld)", err.msg, err.line,
                 err.column);
    assert_non_null(p);
    return p;
}

/* Load must fail with `want`; the error must read exactly msg at
 * line:column, name the file, and leave *out NULL. */
static void load_fails(const char *json, pe_status want, long line, long column,
                       const char *msg)
{
    pe_project *p = (pe_project *)&p; /* anything but NULL */
    pe_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(
        pe_project_load_json(json, strlen(json), "t.json", &p, &err), want);
    assert_null(p);
    assert_string_equal(err.file, "t.json");
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
}

static void assert_dec(pe_dec d, int64_t coef, int scale, const char *text)
{
    char buf[PE_DEC_BUFSIZE];

    assert_int_equal(d.coef, coef);
    assert_int_equal(d.scale, scale);
    assert_string_equal(pe_dec_format(d, buf), text);
}

/* A one-row table around the given weight member value. */
static pe_project *load_weight(const char *weight)
{
    char json[512];

    snprintf(json, sizeof json,
             "{\"name\":\"x\",\"indicators\":[{\"name\":\"a\",\"target\":\"1\","
             "\"actual\":\"1\",\"weight\":%s}]}",
             weight);
    return load_ok(json);
}

/* ------------------------------------------------------------ tests */

static void test_minimal(void **state)
{
    pe_project *p;

    (void)state;
    p = load_ok("{\"name\":\"培训经费\",\"indicators\":[{\"name\":\"培训人数\","
                "\"target\":\"≥60人\",\"actual\":\"280人\",\"weight\":10}]}");
    assert_string_equal(p->source, "t.json");
    assert_string_equal(p->name, "培训经费");
    assert_int_equal(p->year, 0);
    assert_string_equal(p->dept_code, "");
    assert_string_equal(p->dept, "");
    assert_string_equal(p->unit, "");
    assert_string_equal(p->money_unit, "万元"); /* the default */
    assert_string_equal(p->goal, "");
    assert_string_equal(p->goal_actual, "");
    assert_string_equal(p->note, "");
    assert_false(p->funds.present);
    assert_false(p->reported_max.present);
    assert_false(p->reported_total.present);
    assert_null(p->reported_grade);
    assert_int_equal(p->nind, 1);
    assert_int_equal(p->skipped, 0);
    assert_string_equal(p->ind[0].level1, "");
    assert_string_equal(p->ind[0].level2, "");
    assert_string_equal(p->ind[0].name, "培训人数");
    assert_string_equal(p->ind[0].target, "≥60人");
    assert_string_equal(p->ind[0].actual, "280人");
    assert_string_equal(p->ind[0].reason, "");
    assert_true(p->ind[0].weight_set);
    assert_dec(p->ind[0].weight, 10, 0, "10");
    assert_false(p->ind[0].reported.present);
    /* the rules default to the MoF set when the file has none */
    assert_string_equal(pe_project_rules(p)->name, "mof-2020");
    pe_project_free(p);
}

static void test_full_members(void **state)
{
    pe_project *p;

    (void)state;
    p = load_ok(
        "{\"format\":\"perfeval/1\",\"name\":\"n\",\"year\":2021,"
        "\"department\":{\"code\":361,\"name\":\"某委员会\"},"
        "\"unit\":\"某单位\",\"money_unit\":\"元\","
        "\"goal\":{\"target\":\"目标\",\"actual\":\"完成\"},"
        "\"note\":\"说明文字\","
        "\"funds\":{\"weight\":10,\"initial\":\"3\",\"budget\":3.5,"
        "\"executed\":\"1.798\",\"rate\":\"51.37%\",\"score\":\"5.13\","
        "\"parts\":[{\"name\":\"其中：本年财政拨款\",\"initial\":3,"
        "\"budget\":\"3.5\",\"executed\":1.798},{\"name\":\"其他资金\"}]},"
        "\"indicators\":[{\"level1\":\"产出指标\",\"level2\":\"数量指标\","
        "\"name\":\"a\",\"target\":\"≥1场\",\"actual\":\"2场\",\"weight\":"
        "\"90\",\"score\":\"88.5\",\"reason\":\"原因\"}],"
        "\"reported\":{\"max\":100,\"total\":\"93.63\",\"grade\":\"优\"}}");
    assert_int_equal(p->year, 2021);
    assert_string_equal(p->dept_code, "361"); /* a number kept as text */
    assert_string_equal(p->dept, "某委员会");
    assert_string_equal(p->unit, "某单位");
    assert_string_equal(p->money_unit, "元");
    assert_string_equal(p->goal, "目标");
    assert_string_equal(p->goal_actual, "完成");
    assert_string_equal(p->note, "说明文字");
    assert_true(p->funds.present);
    assert_true(p->funds.weight.present);
    assert_dec(p->funds.weight.v, 10, 0, "10");
    assert_dec(p->funds.total.initial.v, 3, 0, "3");
    assert_dec(p->funds.total.budget.v, 35, 1, "3.5");
    assert_dec(p->funds.total.executed.v, 1798, 3, "1.798");
    assert_string_equal(p->funds.total.name, "年度资金总额");
    assert_string_equal(p->funds.reported_rate, "51.37%");
    assert_true(p->funds.reported.present);
    assert_dec(p->funds.reported.v, 513, 2, "5.13");
    assert_int_equal(p->funds.nparts, 2);
    assert_string_equal(p->funds.parts[0].name, "其中：本年财政拨款");
    assert_dec(p->funds.parts[0].initial.v, 3, 0, "3");
    assert_dec(p->funds.parts[0].budget.v, 35, 1, "3.5");
    assert_dec(p->funds.parts[0].executed.v, 1798, 3, "1.798");
    assert_string_equal(p->funds.parts[1].name, "其他资金");
    assert_false(p->funds.parts[1].initial.present);
    assert_false(p->funds.parts[1].budget.present);
    assert_false(p->funds.parts[1].executed.present);
    assert_string_equal(p->ind[0].level1, "产出指标");
    assert_string_equal(p->ind[0].level2, "数量指标");
    assert_string_equal(p->ind[0].reason, "原因");
    assert_dec(p->ind[0].weight, 90, 0, "90");
    assert_true(p->ind[0].reported.present);
    assert_dec(p->ind[0].reported.v, 885, 1, "88.5");
    assert_true(p->reported_max.present);
    assert_dec(p->reported_max.v, 100, 0, "100");
    assert_dec(p->reported_total.v, 9363, 2, "93.63");
    assert_string_equal(p->reported_grade, "优");
    pe_project_free(p);
}

/* Numbers may be JSON numbers or strings; strings keep their places,
 * numbers come back through "%.15g" exactly as written. */
static void test_numbers(void **state)
{
    static const struct {
        const char *json;
        int64_t coef;
        int scale;
        const char *text;
    } cases[] = {
        {"10", 10, 0, "10"},
        {"1.5", 15, 1, "1.5"},
        {"0.1", 1, 1, "0.1"},        /* no binary noise */
        {"2.675", 2675, 3, "2.675"}, /* a double holds 2.67499999... */
        {"1e1", 10, 0, "10"},
        {"0.00001", 1, 5, "0.00001"}, /* "%.15g" writes 1e-05 */
        {"123456789012345", 123456789012345LL, 0, "123456789012345"},
        {"\"1.00\"", 100, 2, "1.00"},
        {"\"10分\"", 10, 0, "10"},
        {"\"10.5 分\"", 105, 1, "10.5"},
        {"\"１０\"", 10, 0, "10"},        /* full-width digits */
        {"\"１．５０\"", 150, 2, "1.50"}, /* full-width point */
        {"\"  7 \"", 7, 0, "7"},
        {"\"\\u3000８\\u3000\"", 8, 0, "8"}, /* ideographic spaces */
        {"\"0\"", 0, 0, "0"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pe_project *p = load_weight(cases[i].json);

        assert_true(p->ind[0].weight_set);
        assert_dec(p->ind[0].weight, cases[i].coef, cases[i].scale,
                   cases[i].text);
        pe_project_free(p);
    }
}

/* A number in a text member is kept as its decimal text. */
static void test_text_from_number(void **state)
{
    pe_project *p;

    (void)state;
    p = load_ok("{\"name\":2021,\"indicators\":[{\"name\":\"a\",\"target\":60,"
                "\"actual\":72.5,\"weight\":5,\"reason\":null}]}");
    assert_string_equal(p->name, "2021");
    assert_string_equal(p->ind[0].target, "60");
    assert_string_equal(p->ind[0].actual, "72.5");
    assert_string_equal(p->ind[0].reason, "");
    pe_project_free(p);
}

static void test_department(void **state)
{
    pe_project *p;

    (void)state;
    p = load_ok("{\"department\":{\"code\":\"361\",\"name\":\"社治委\"},"
                "\"indicators\":[{\"name\":\"a\",\"target\":\"1\","
                "\"actual\":\"1\",\"weight\":1}]}");
    assert_string_equal(p->dept_code, "361");
    assert_string_equal(p->dept, "社治委");
    pe_project_free(p);

    /* the 主管部门及代码 cell as printed */
    p = load_ok("{\"department\":\"[361]中国共产党郑州市上街区委员会\","
                "\"indicators\":[{\"name\":\"a\",\"target\":\"1\","
                "\"actual\":\"1\",\"weight\":1}]}");
    assert_string_equal(p->dept_code, "361");
    assert_string_equal(p->dept, "中国共产党郑州市上街区委员会");
    pe_project_free(p);

    /* no code in brackets: the whole text is the name */
    p = load_ok("{\"department\":\"区财政局\",\"indicators\":[{\"name\":\"a\","
                "\"target\":\"1\",\"actual\":\"1\",\"weight\":1}]}");
    assert_string_equal(p->dept_code, "");
    assert_string_equal(p->dept, "区财政局");
    pe_project_free(p);

    /* an unclosed bracket is not a code */
    p = load_ok("{\"department\":\"[361区财政局\",\"indicators\":[{\"name\":"
                "\"a\",\"target\":\"1\",\"actual\":\"1\",\"weight\":1}]}");
    assert_string_equal(p->dept_code, "");
    assert_string_equal(p->dept, "[361区财政局");
    pe_project_free(p);

    load_fails("{\"department\":{\"code\":\"361\",\"nmae\":\"x\"},"
               "\"indicators\":[]}",
               PE_EDATA, 0, 0, "department: unknown member \"nmae\"");
    load_fails("{\"department\":[361],\"indicators\":[]}", PE_EDATA, 0, 0,
               "主管部门 (\"department\") must be text");
}

/* Template rows left unfilled ("指标1：", "……") are dropped and counted;
 * a row with anything in it is kept. */
static void test_blank_rows(void **state)
{
    pe_project *p;

    (void)state;
    p = load_ok(
        "{\"indicators\":["
        "{\"level1\":\"产出指标\",\"level2\":\"数量指标\",\"name\":\"a\","
        "\"target\":\"1\",\"actual\":\"1\",\"weight\":5},"
        "{\"level2\":\"质量指标\",\"name\":\"\",\"target\":\"\","
        "\"actual\":\"\",\"weight\":\"\",\"reason\":\"\"},"
        "{\"level2\":\"生态效益指标\"},"
        "{\"name\":null,\"weight\":null},"
        "{\"name\":\"b\",\"target\":\"2\",\"actual\":\"2\","
        "\"weight\":\"5\"}]}");
    assert_int_equal(p->nind, 2);
    assert_int_equal(p->skipped, 3);
    assert_string_equal(p->ind[0].name, "a");
    assert_string_equal(p->ind[1].name, "b");
    pe_project_free(p);

    /* a row with a weight but no name is not blank: a row to fill in,
     * which scoring lists (as a CSV's is); with values, it is said */
    p = load_ok("{\"indicators\":[{\"name\":\"\",\"weight\":5}]}");
    assert_int_equal(p->nind, 1);
    assert_int_equal(pe_project_nfindings(p), 0);
    pe_project_free(p);
    p = load_ok("{\"indicators\":[{\"name\":\"\",\"weight\":5,"
                "\"target\":\"1\",\"actual\":\"1\"}]}");
    assert_int_equal(pe_project_nfindings(p), 1);
    assert_string_equal(pe_project_finding(p, 0)->code, "no-name");
    assert_string_equal(
        pe_project_finding(p, 0)->msg,
        "row 1 has a 分值 or 得分 but no 三级指标; it is scored "
        "as it stands");
    pe_project_free(p);
    /* all rows blank: nothing to score */
    load_fails("{\"indicators\":[{\"name\":\"\"},{}]}", PE_EDATA, 0, 0,
               "the table has no indicators");
}

/* Merged cells: a blank 一级/二级 continues the row above. */
static void test_level_continuation(void **state)
{
    pe_project *p;

    (void)state;
    p = load_ok(
        "{\"indicators\":["
        "{\"level1\":\"产出指标\",\"level2\":\"数量指标\",\"name\":\"a\","
        "\"target\":\"1\",\"actual\":\"1\",\"weight\":1},"
        "{\"name\":\"b\",\"target\":\"1\",\"actual\":\"1\","
        "\"weight\":1},"
        "{\"level2\":\"质量指标\",\"name\":\"c\",\"target\":\"1\","
        "\"actual\":\"1\",\"weight\":1},"
        "{\"level1\":\"\",\"level2\":\"\",\"name\":\"d\",\"target\":"
        "\"1\",\"actual\":\"1\",\"weight\":1},"
        "{\"level1\":\"效益指标\",\"name\":\"e\",\"target\":\"1\","
        "\"actual\":\"1\",\"weight\":1},"
        "{\"name\":\"f\",\"target\":\"1\",\"actual\":\"1\","
        "\"weight\":1}]}");
    assert_int_equal(p->nind, 6);
    assert_string_equal(p->ind[1].level1, "产出指标");
    assert_string_equal(p->ind[1].level2, "数量指标");
    assert_string_equal(p->ind[2].level1, "产出指标");
    assert_string_equal(p->ind[2].level2, "质量指标");
    assert_string_equal(p->ind[3].level1, "产出指标");
    assert_string_equal(p->ind[3].level2, "质量指标");
    /* a new 一级 with its 二级 blank does not inherit the old 二级 */
    assert_string_equal(p->ind[4].level1, "效益指标");
    assert_string_equal(p->ind[4].level2, "");
    assert_string_equal(p->ind[5].level1, "效益指标");
    assert_string_equal(p->ind[5].level2, "");
    pe_project_free(p);
}

/*
 * Regression (fixed; was in src/json_load.c, load_indicators): the first row of
 * a merged 一级 block is often an empty template row ("效益指标 | 经济效益指标
 * | 指标1："). It is dropped before the merged cells are filled in, so the rows
 * below it inherit the 一级 of the block *above* ("产出指标") instead of its
 * own
 * ("效益指标").  Expected: the dropped row's 一级/二级 still carry down.
 */
static void test_level_continuation_past_blank_row(void **state)
{
    pe_project *p;
    char level1[64];

    (void)state;
    p = load_ok(
        "{\"indicators\":["
        "{\"level1\":\"产出指标\",\"level2\":\"数量指标\",\"name\":\"a\","
        "\"target\":\"1\",\"actual\":\"1\",\"weight\":1},"
        "{\"level1\":\"效益指标\",\"level2\":\"经济效益指标\","
        "\"name\":\"\"},"
        "{\"level2\":\"社会效益指标\",\"name\":\"b\",\"target\":\"1\","
        "\"actual\":\"1\",\"weight\":1}]}");
    assert_int_equal(p->nind, 2);
    assert_int_equal(p->skipped, 1);
    assert_string_equal(p->ind[1].level2, "社会效益指标");
    snprintf(level1, sizeof level1, "%s", p->ind[1].level1);
    pe_project_free(
        p); /* before the assertion, so that a failure leaks nothing */
    assert_string_equal(level1, "效益指标");
}

static void test_unknown_member(void **state)
{
    (void)state;
    load_fails("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\",\"actual\":"
               "\"1\",\"wieght\":5}]}",
               PE_EDATA, 0, 0, "indicator 1 (a): unknown member \"wieght\"");
    load_fails("{\"nmae\":\"x\",\"indicators\":[]}", PE_EDATA, 0, 0,
               "unknown member \"nmae\"");
    load_fails("{\"funds\":{\"weight\":10,\"budgte\":3},\"indicators\":[]}",
               PE_EDATA, 0, 0, "funds: unknown member \"budgte\"");
    load_fails("{\"funds\":{\"weight\":10,\"parts\":[{\"name\":\"x\","
               "\"budget\":1,\"spent\":1}]},\"indicators\":[]}",
               PE_EDATA, 0, 0, "funds part 1: unknown member \"spent\"");
    load_fails("{\"goal\":{\"target\":\"x\",\"achieved\":\"y\"},"
               "\"indicators\":[]}",
               PE_EDATA, 0, 0, "goal: unknown member \"achieved\"");
    load_fails("{\"reported\":{\"sum\":1},\"indicators\":[]}", PE_EDATA, 0, 0,
               "reported: unknown member \"sum\"");
}

/* No 分值 is no refusal: the municipal form's rows stand on their 得分,
 * and a row with neither is left to the scorer to name. */
static void test_no_weight(void **state)
{
    pe_project *p;

    (void)state;
    p = load_ok("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\","
                "\"actual\":\"1\",\"score\":8},{\"name\":\"b\","
                "\"target\":\"1\",\"actual\":\"1\",\"weight\":\"\"}]}");
    assert_int_equal(p->nind, 2);
    assert_false(p->ind[0].weight_set);
    assert_true(p->ind[0].reported.present);
    assert_false(p->ind[1].weight_set);
    pe_project_free(p);
    /* a "指标1：" row left unfilled is dropped and counted */
    p = load_ok("{\"indicators\":[{\"name\":\"指标1：\"},{\"name\":\"a\","
                "\"target\":\"1\",\"actual\":\"1\",\"weight\":5}]}");
    assert_int_equal(p->nind, 1);
    assert_int_equal(p->skipped, 1);
    pe_project_free(p);
}

static void test_bad_weight(void **state)
{
    (void)state;
    load_fails("{\"indicators\":[{\"name\":\"培训人数\",\"target\":\"≥60人\","
               "\"actual\":\"280人\",\"weight\":10},{\"name\":\"培训场次\","
               "\"target\":\"≥1场\",\"actual\":\"4场\",\"weight\":\"abc\"}]}",
               PE_EDATA, 0, 0,
               "indicator 2 (培训场次): 分值 \"abc\" is not a number");
    load_fails("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\",\"actual\":"
               "\"1\",\"weight\":-5}]}",
               PE_EDATA, 0, 0, "indicator 1 (a): 分值 -5 is negative");
    load_fails("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\",\"actual\":"
               "\"1\",\"weight\":\"10%\"}]}",
               PE_EDATA, 0, 0, "indicator 1 (a): 分值 \"10%\" is not a number");
    load_fails("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\",\"actual\":"
               "\"1\",\"weight\":\"≥10\"}]}",
               PE_EDATA, 0, 0, "indicator 1 (a): 分值 \"≥10\" is not a number");
    load_fails("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\",\"actual\":"
               "\"1\",\"weight\":true}]}",
               PE_EDATA, 0, 0,
               "indicator 1 (a): 分值 is not a number or a string");
    load_fails("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\",\"actual\":"
               "\"1\",\"weight\":5,\"score\":\"x\"}]}",
               PE_EDATA, 0, 0, "indicator 1 (a): 得分 \"x\" is not a number");
    load_fails("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\",\"actual\":"
               "\"1\",\"weight\":\"1234567890123456789\"}]}",
               PE_EDATA, 0, 0,
               "indicator 1 (a): 分值 \"1234567890123456789\" has too many "
               "digits");
    load_fails("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\",\"actual\":"
               "\"1\",\"weight\":1e20}]}",
               PE_EDATA, 0, 0,
               "indicator 1 (a): 分值 1e+20 cannot be held exactly");
    load_fails("{\"indicators\":[{\"name\":\"a\",\"target\":[1],\"actual\":"
               "\"1\",\"weight\":1}]}",
               PE_EDATA, 0, 0,
               "indicator 1 (a): 指标值 (\"target\") must be text");
    load_fails("{\"indicators\":[5]}", PE_EDATA, 0, 0,
               "indicator 1: must be an object");
    load_fails("{\"funds\":{\"weight\":\"十\"},\"indicators\":[]}", PE_EDATA, 0,
               0, "funds: 分值 \"十\" is not a number");
    load_fails("{\"funds\":{\"weight\":10,\"parts\":{}},\"indicators\":[]}",
               PE_EDATA, 0, 0, "funds: parts must be an array");
    load_fails("{\"funds\":{\"weight\":10,\"parts\":[{\"name\":\"x\","
               "\"executed\":\"1.2.3\"}]},\"indicators\":[]}",
               PE_EDATA, 0, 0,
               "funds part 1: 全年执行数 \"1.2.3\" is not a number");
    load_fails("{\"reported\":{\"total\":\"九十\"},\"indicators\":[]}",
               PE_EDATA, 0, 0, "reported: 总分 \"九十\" is not a number");
}

static void test_malformed(void **state)
{
    (void)state;
    /* the column points at the string that should have had a comma */
    load_fails("{\n  \"name\": \"x\",\n  \"indicators\": [\n"
               "    {\"name\": \"a\" \"weight\": 1}\n  ]\n}\n",
               PE_EDATA, 4, 18, "malformed JSON");
    /* columns count characters, not bytes */
    load_fails("{\"name\": \"培训\" \"x\"}", PE_EDATA, 1, 15, "malformed JSON");
    load_fails("", PE_EDATA, 1, 1, "malformed JSON");
    /* trailing garbage after the object */
    load_fails("{\"indicators\": []} x", PE_EDATA, 1, 20, "malformed JSON");
    load_fails("{\"name\":\"a\"}\n\n  }", PE_EDATA, 3, 3, "malformed JSON");
    load_fails("{\"name\":\"a\"}{}", PE_EDATA, 1, 13, "malformed JSON");
    /* trailing white space is fine: the error is then about the content */
    load_fails("{\"indicators\": []} \r\n\t\n", PE_EDATA, 0, 0,
               "the table has no indicators");
}

static void test_too_many_digits(void **state)
{
    (void)state;
    load_fails("{\"name\":\"x\",\"indicators\":[{\"name\":\"a\",\"target\":"
               "\"1\",\"actual\":\"1\",\"weight\":0.1234567890123456}]}",
               PE_EDATA, 1, 74,
               "number 0.1234567890123456 has more than 15 significant "
               "digits; write it as a string");
    load_fails("{\n  \"indicators\": [],\n  \"reported\": {\"total\": "
               "95.58000000000001}\n}",
               PE_EDATA, 3, 25,
               "number 95.58000000000001 has more than 15 significant "
               "digits; write it as a string");
    /* 16 digits counting from the first non-zero one */
    load_fails("{\"year\": 1234567890123456}", PE_EDATA, 1, 10,
               "number 1234567890123456 has more than 15 significant "
               "digits; write it as a string");
    load_fails("[-0.00001234567890123456e3]", PE_EDATA, 1, 2,
               "number -0.00001234567890123456e3 has more than 15 "
               "significant digits; write it as a string");
}

static void test_fifteen_digits(void **state)
{
    pe_project *p;

    (void)state;
    /* 15 significant digits load exactly, leading zeros not counted */
    p = load_weight("123456.789012345");
    assert_dec(p->ind[0].weight, 123456789012345LL, 9, "123456.789012345");
    pe_project_free(p);
    p = load_weight("0.00000000100000");
    assert_dec(p->ind[0].weight, 1, 9, "0.000000001");
    pe_project_free(p);
}

static void test_long_digits_in_strings(void **state)
{
    pe_project *p;

    (void)state;
    /* digits inside strings (and escaped quotes) are not number literals */
    p = load_ok("{\"name\":\"项目\\\"12345678901234567890\\\"\","
                "\"indicators\":[{\"name\":\"a\",\"target\":"
                "\"12345678901234567\",\"actual\":\"1\",\"weight\":1}]}");
    assert_string_equal(p->name, "项目\"12345678901234567890\"");
    assert_string_equal(p->ind[0].target, "12345678901234567");
    pe_project_free(p);
}

static void test_money_unit(void **state)
{
    pe_project *p;

    (void)state;
    p = load_ok("{\"money_unit\":\"万元\",\"indicators\":[{\"name\":\"a\","
                "\"target\":\"1\",\"actual\":\"1\",\"weight\":1}]}");
    assert_string_equal(p->money_unit, "万元");
    pe_project_free(p);
    load_fails("{\"money_unit\":\"千元\",\"indicators\":[]}", PE_EDATA, 0, 0,
               "money_unit \"千元\" must be 万元 or 元");
    load_fails("{\"money_unit\":\"yuan\",\"indicators\":[]}", PE_EDATA, 0, 0,
               "money_unit \"yuan\" must be 万元 or 元");
}

static void test_top_level(void **state)
{
    (void)state;
    load_fails("{\"indicators\":[]}", PE_EDATA, 0, 0,
               "the table has no indicators");
    load_fails("{\"name\":\"x\"}", PE_EDATA, 0, 0, "\"indicators\" is missing");
    load_fails("{\"indicators\":{}}", PE_EDATA, 0, 0,
               "indicators must be an array");
    load_fails("[1, 2]", PE_EDATA, 0, 0,
               "the project file must hold a JSON object");
    load_fails("\"x\"", PE_EDATA, 0, 0,
               "the project file must hold a JSON object");
    load_fails("{\"year\":\"2021\",\"indicators\":[]}", PE_EDATA, 0, 0,
               "year must be a year such as 2021");
    load_fails("{\"year\":2021.5,\"indicators\":[]}", PE_EDATA, 0, 0,
               "year must be a year such as 2021");
    load_fails("{\"year\":1800,\"indicators\":[]}", PE_EDATA, 0, 0,
               "year must be a year such as 2021");
    load_fails("{\"goal\":\"x\",\"indicators\":[]}", PE_EDATA, 0, 0,
               "goal: must be an object");
    load_fails("{\"funds\":[],\"indicators\":[]}", PE_EDATA, 0, 0,
               "funds: must be an object");
    load_fails("{\"unit\":true,\"indicators\":[]}", PE_EDATA, 0, 0,
               "实施单位 (\"unit\") must be text");
    load_fails("{\"skipped\":-1,\"indicators\":[]}", PE_EDATA, 0, 0,
               "skipped must be a count");
    /* perfeval's other outputs are no table, each named for what it is;
     * "perfeval/1", what score wrote before kinds were named, is one */
    {
        static const char *const kinds[] = {
            PE_JSON_RULES, PE_JSON_UNIT,        PE_JSON_CHECK,
            PE_JSON_LONG,  PE_JSON_SUMMARY,     PE_JSON_ROLLUP,
            PE_JSON_DIFF,  PE_JSON_SUMMARY_DIFF};
        char doc[128], msg[256];

        for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
            snprintf(doc, sizeof doc, "{\"format\": \"%s\", \"findings\": []}",
                     kinds[i]);
            snprintf(msg, sizeof msg,
                     "this is perfeval's \"%s\" output, not a table (a "
                     "table is \"perfeval/project/1\": perfeval score -f "
                     "json writes one)",
                     kinds[i]);
            load_fails(doc, PE_EDATA, 0, 0, msg);
        }
    }
    load_fails("{\"rules\":{\"rounding\":\"banker\"},\"indicators\":[]}",
               PE_EDATA, 0, 0,
               "rules: rounding must be \"half-up\", \"truncate\" or "
               "\"whole\"");
}

/* The loader reads exactly len bytes: the buffer need not end in NUL. */
static void test_length_bounded(void **state)
{
    const char *json = "{\"indicators\":[{\"name\":\"a\",\"target\":\"1\","
                       "\"actual\":\"1\",\"weight\":1}]}GARBAGE";
    size_t len = strlen(json) - strlen("GARBAGE");
    pe_project *p = NULL;
    pe_error err;

    (void)state;
    assert_int_equal(pe_project_load_json(json, len, "t.json", &p, &err),
                     PE_OK);
    assert_int_equal(p->nind, 1);
    pe_project_free(p);
    pe_project_free(NULL); /* a no-op */
}

/* The "rules" member is laid over the MoF default. */
static void test_rules_member(void **state)
{
    pe_project *p;
    const pe_rules *r;

    (void)state;
    p = load_ok("{\"indicators\":[{\"name\":\"a\",\"target\":\"1\","
                "\"actual\":\"1\",\"weight\":1}],"
                "\"rules\":{\"name\":\"x\",\"rounding\":\"truncate\"}}");
    r = pe_project_rules(p);
    assert_string_equal(r->name, "x");
    assert_int_equal(r->rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(r->places, 2);
    assert_int_equal(r->lower, PE_LOWER_RATIO);
    assert_int_equal(r->ngrades, 4);
    pe_project_free(p);
}

static pe_project *load_seed(void)
{
    static const char *const paths[] = {"data/shangjie-2021.json",
                                        "../data/shangjie-2021.json"};
    pe_buf b = {NULL, 0, 0};
    pe_project *p = NULL;
    pe_error err;
    size_t i;

    for (i = 0; i < 2; i++) {
        memset(&err, 0, sizeof err);
        if (pe_io_read(paths[i], &b, &err) == PE_OK)
            break;
    }
    if (i == 2)
        fail_msg("cannot read the seed: %s", err.msg);
    if (pe_project_load_json(b.data, b.len, paths[i], &p, &err) != PE_OK)
        fail_msg("seed: %s", err.msg);
    pe_buf_free(&b);
    return p;
}

static void test_seed(void **state)
{
    pe_project *p = load_seed();
    const pe_rules *r = pe_project_rules(p);

    (void)state;
    assert_string_equal(p->name, "社区发展治理工作经费");
    assert_int_equal(p->year, 2021);
    assert_string_equal(p->dept_code, "361");
    assert_string_equal(p->dept,
                        "中国共产党郑州市上街区委员会城乡社区发展治理委员会");
    assert_string_equal(p->money_unit, "万元");
    assert_int_equal(p->nind, 19);
    assert_int_equal(p->skipped, 0);
    assert_true(p->funds.present);
    assert_dec(p->funds.weight.v, 10, 0, "10");
    assert_dec(p->funds.total.initial.v, 3, 0, "3");
    assert_dec(p->funds.total.budget.v, 3, 0, "3");
    assert_dec(p->funds.total.executed.v, 1798, 3, "1.798");
    assert_string_equal(p->funds.reported_rate, "59.90%");
    assert_dec(p->funds.reported.v, 599, 2, "5.99");
    assert_int_equal(p->funds.nparts, 2);
    assert_string_equal(p->funds.parts[0].name, "其中：本年财政拨款");
    assert_dec(p->funds.parts[0].executed.v, 1798, 3, "1.798");
    assert_false(p->funds.parts[1].budget.present);
    assert_string_equal(p->ind[0].name, "预算执行率");
    assert_string_equal(p->ind[0].target, "100%");
    assert_string_equal(p->ind[0].actual, "59.90%");
    assert_dec(p->ind[0].weight, 100, 2, "1.00");
    assert_dec(p->ind[0].reported.v, 59, 2, "0.59");
    assert_string_equal(p->ind[8].name, "参加培训人数");
    assert_string_equal(p->ind[8].target, "≥60人");
    assert_dec(p->ind[8].weight, 1000, 2, "10.00");
    assert_string_equal(p->ind[18].name, "工作人员满意度");
    assert_string_equal(p->ind[18].level1, "满意度指标");
    assert_dec(p->reported_max.v, 100, 0, "100");
    assert_dec(p->reported_total.v, 9558, 2, "95.58");
    assert_string_equal(p->reported_grade, "优");
    assert_string_equal(r->name, "shangjie-2021");
    assert_int_equal(r->rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(r->places, 2);
    /* the weights add up to 总分值 100 with the funds block */
    {
        pe_dec sum = p->funds.weight.v;

        for (size_t i = 0; i < p->nind; i++)
            assert_int_equal(pe_dec_add(sum, p->ind[i].weight, &sum), PE_OK);
        assert_dec(sum, 10000, 2, "100.00");
    }
    pe_project_free(p);
}

static void test_io_read_missing(void **state)
{
    pe_buf b = {NULL, 0, 0};
    pe_error err;

    (void)state;
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_io_read("no/such/file.json", &b, &err), PE_EIO);
    assert_string_equal(err.file, "no/such/file.json");
    assert_string_equal(err.msg, "cannot open: No such file or directory");
    pe_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_full_members),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_text_from_number),
        cmocka_unit_test(test_department),
        cmocka_unit_test(test_blank_rows),
        cmocka_unit_test(test_level_continuation),
        cmocka_unit_test(test_level_continuation_past_blank_row),
        cmocka_unit_test(test_unknown_member),
        cmocka_unit_test(test_bad_weight),
        cmocka_unit_test(test_no_weight),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_too_many_digits),
        cmocka_unit_test(test_fifteen_digits),
        cmocka_unit_test(test_long_digits_in_strings),
        cmocka_unit_test(test_money_unit),
        cmocka_unit_test(test_top_level),
        cmocka_unit_test(test_length_bounded),
        cmocka_unit_test(test_rules_member),
        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_io_read_missing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
