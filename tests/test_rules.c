/* Unit tests of the rule sets (src/rules.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "perfeval.h"
#include "project.h"

static void assert_dec(pe_dec d, int64_t coef, int scale, const char *text)
{
    char buf[PE_DEC_BUFSIZE];

    assert_int_equal(d.coef, coef);
    assert_int_equal(d.scale, scale);
    assert_string_equal(pe_dec_format(d, buf), text);
}

/* Lay json over the default; it must load. */
static pe_rules rules_ok(const char *json)
{
    pe_rules r;
    pe_error err;

    pe_rules_default(&r);
    memset(&err, 0, sizeof err);
    if (pe_rules_load_json(json, strlen(json), "r.json", &r, &err) != PE_OK)
        fail_msg("rules failed: %s", err.msg);
    return r;
}

static void rules_fail(const char *json, pe_status want, long line, long column,
                       const char *msg)
{
    pe_rules r;
    pe_error err;

    pe_rules_default(&r);
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_rules_load_json(json, strlen(json), "r.json", &r, &err),
                     want);
    assert_string_equal(err.file, "r.json");
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
}

/* The same error's Chinese, as --lang zh prints it. */
static void rules_fail_zh(const char *json, const char *msg_zh)
{
    pe_rules r;
    pe_error err;
    char buf[1024];

    pe_rules_default(&r);
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_rules_load_json(json, strlen(json), "r.json", &r, &err),
                     PE_EDATA);
    assert_string_equal(pe_error_format_lang(&err, PE_LANG_ZH, buf, sizeof buf),
                        msg_zh);
}

/* Field by field: padding bytes are not part of the value. */
static void assert_rules_equal(const pe_rules *a, const pe_rules *b)
{
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->rounding, b->rounding);
    assert_int_equal(a->places, b->places);
    assert_int_equal(a->lower, b->lower);
    assert_int_equal(a->rate_base, b->rate_base);
    assert_int_equal(a->funds_in_total, b->funds_in_total);
    assert_int_equal(pe_dec_cmp(a->overachieve_ratio, b->overachieve_ratio), 0);
    assert_int_equal(a->overachieve_ratio.scale, b->overachieve_ratio.scale);
    assert_int_equal(pe_dec_cmp(a->explain_rate_below, b->explain_rate_below),
                     0);
    assert_int_equal(a->explain_rate_below.scale, b->explain_rate_below.scale);
    assert_int_equal(a->ngrades, b->ngrades);
    for (int i = 0; i < a->ngrades; i++) {
        assert_string_equal(a->grades[i].name, b->grades[i].name);
        assert_int_equal(a->grades[i].min.coef, b->grades[i].min.coef);
        assert_int_equal(a->grades[i].min.scale, b->grades[i].min.scale);
    }
    assert_int_equal(a->nsplit, b->nsplit);
    for (int i = 0; i < a->nsplit; i++) {
        assert_string_equal(a->split[i].name, b->split[i].name);
        assert_int_equal(a->split[i].weight.coef, b->split[i].weight.coef);
        assert_int_equal(a->split[i].weight.scale, b->split[i].weight.scale);
    }
}

static void assert_default_grades(const pe_rules *r)
{
    assert_int_equal(r->ngrades, 4);
    assert_string_equal(r->grades[0].name, "优");
    assert_dec(r->grades[0].min, 90, 0, "90");
    assert_string_equal(r->grades[1].name, "良");
    assert_dec(r->grades[1].min, 80, 0, "80");
    assert_string_equal(r->grades[2].name, "中");
    assert_dec(r->grades[2].min, 60, 0, "60");
    assert_string_equal(r->grades[3].name, "差");
    assert_dec(r->grades[3].min, 0, 0, "0");
}

static void test_default(void **state)
{
    pe_rules r;

    (void)state;
    memset(&r, 0x5a, sizeof r); /* every member must be set */
    pe_rules_default(&r);
    assert_string_equal(r.name, "mof-2020");
    assert_int_equal(r.rounding, PE_ROUND_HALF_UP);
    assert_int_equal(r.places, 2);
    assert_int_equal(r.lower, PE_LOWER_RATIO);
    assert_int_equal(r.rate_base, PE_BASE_BUDGET);
    assert_int_equal(r.funds_in_total, 1);
    assert_dec(r.overachieve_ratio, 12, 1, "1.2");
    assert_dec(r.explain_rate_below, 7, 1, "0.7");
    assert_default_grades(&r);
    /* 产出 50, 效益 30, 满意度 10; the funds block takes the other 10 */
    assert_int_equal(r.nsplit, 3);
    assert_string_equal(r.split[0].name, "产出指标");
    assert_dec(r.split[0].weight, 50, 0, "50");
    assert_string_equal(r.split[1].name, "效益指标");
    assert_dec(r.split[1].weight, 30, 0, "30");
    assert_string_equal(r.split[2].name, "满意度指标");
    assert_dec(r.split[2].weight, 10, 0, "10");
}

/* The empty object changes nothing. */
static void test_empty_object(void **state)
{
    pe_rules r = rules_ok("{}"), d;

    (void)state;
    pe_rules_default(&d);
    assert_rules_equal(&r, &d);
}

/* The shipped data/rules/mof-2020.json is the default written out. */
static void test_mof_file(void **state)
{
    pe_rules r = rules_ok(
        "{\n  \"name\": \"mof-2020\",\n  \"rounding\": \"half-up\",\n"
        "  \"places\": 2,\n  \"lower_is_better\": \"ratio\",\n"
        "  \"rate_base\": \"budget\",\n  \"funds_in_total\": true,\n"
        "  \"overachieve_ratio\": \"1.2\",\n  \"explain_rate_below\": "
        "\"0.7\",\n"
        "  \"grades\": {\"优\": 90, \"良\": 80, \"中\": 60, \"差\": 0}\n}\n");
    pe_rules d;

    (void)state;
    pe_rules_default(&d);
    assert_rules_equal(&r, &d);
}

static void test_name(void **state)
{
    pe_rules r = rules_ok("{\"name\": \"广西-2021\"}");

    (void)state;
    assert_string_equal(r.name, "广西-2021");
    assert_int_equal(r.rounding, PE_ROUND_HALF_UP); /* the rest untouched */
    rules_fail("{\"name\": 5}", PE_EDATA, 0, 0,
               "rules: name must be a short string");
    rules_fail("{\"name\": \"a-name-that-is-much-too-long-for-the-sixty-four-"
               "bytes-of-the-field\"}",
               PE_EDATA, 0, 0, "rules: name must be a short string");
}

static void test_rounding(void **state)
{
    pe_rules r;

    (void)state;
    r = rules_ok("{\"rounding\": \"truncate\"}");
    assert_int_equal(r.rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(r.places, 2);
    rules_fail("{\"rounding\": \"truncate\", \"rounding\": \"half-up\"}",
               PE_EDATA, 0, 0, "rules: \"rounding\" appears twice");
    /* whole numbers: half-up to no places */
    r = rules_ok("{\"rounding\": \"whole\"}");
    assert_int_equal(r.rounding, PE_ROUND_HALF_UP);
    assert_int_equal(r.places, 0);
    rules_fail("{\"rounding\": \"banker\"}", PE_EDATA, 0, 0,
               "rules: rounding must be \"half-up\", \"truncate\" or "
               "\"whole\"");
    rules_fail("{\"rounding\": \"HALF-UP\"}", PE_EDATA, 0, 0,
               "rules: rounding must be \"half-up\", \"truncate\" or "
               "\"whole\"");
    rules_fail("{\"rounding\": 1}", PE_EDATA, 0, 0,
               "rules: rounding must be \"half-up\", \"truncate\" or "
               "\"whole\"");
}

static void test_places(void **state)
{
    pe_rules r;

    (void)state;
    r = rules_ok("{\"places\": 0}");
    assert_int_equal(r.places, 0);
    r = rules_ok("{\"places\": 6}");
    assert_int_equal(r.places, 6);
    r = rules_ok("{\"places\": 3.0}");
    assert_int_equal(r.places, 3);
    rules_fail("{\"places\": 7}", PE_EDATA, 0, 0,
               "rules: places must be a whole number 0 to 6");
    rules_fail_zh("{\"places\": 9}", "r.json: 规则：places 须为 0 至 6 的整数");
    rules_fail_zh("[1]", "r.json: 规则：应为一个 JSON 对象");
    rules_fail("{\"places\": -1}", PE_EDATA, 0, 0,
               "rules: places must be a whole number 0 to 6");
    rules_fail("{\"places\": 2.5}", PE_EDATA, 0, 0,
               "rules: places must be a whole number 0 to 6");
    rules_fail("{\"places\": \"2\"}", PE_EDATA, 0, 0,
               "rules: places must be a whole number 0 to 6");
    rules_fail("{\"places\": null}", PE_EDATA, 0, 0,
               "rules: places must be a whole number 0 to 6");
}

static void test_lower_is_better(void **state)
{
    pe_rules r;

    (void)state;
    r = rules_ok("{\"lower_is_better\": \"linear\"}");
    assert_int_equal(r.lower, PE_LOWER_LINEAR);
    rules_fail("{\"lower_is_better\": \"linear\", "
               "\"lower_is_better\": \"ratio\"}",
               PE_EDATA, 0, 0, "rules: \"lower_is_better\" appears twice");
    rules_fail("{\"lower_is_better\": \"inverse\"}", PE_EDATA, 0, 0,
               "rules: lower_is_better must be \"ratio\" or \"linear\"");
    rules_fail("{\"lower_is_better\": true}", PE_EDATA, 0, 0,
               "rules: lower_is_better must be \"ratio\" or \"linear\"");
}

static void test_rate_base(void **state)
{
    pe_rules r;

    (void)state;
    r = rules_ok("{\"rate_base\": \"initial\"}");
    assert_int_equal(r.rate_base, PE_BASE_INITIAL);
    r = rules_ok("{\"rate_base\": \"budget\"}");
    assert_int_equal(r.rate_base, PE_BASE_BUDGET);
    /* the column names of the table work too */
    r = rules_ok("{\"rate_base\": \"年初预算数\"}");
    assert_int_equal(r.rate_base, PE_BASE_INITIAL);
    rules_fail("{\"rate_base\": \"initial\", \"rate_base\": \"全年预算数\"}",
               PE_EDATA, 0, 0, "rules: \"rate_base\" appears twice");
    rules_fail("{\"rate_base\": \"executed\"}", PE_EDATA, 0, 0,
               "rules: rate_base must be \"budget\" or \"initial\"");
}

static void test_funds_in_total(void **state)
{
    pe_rules r;

    (void)state;
    r = rules_ok("{\"funds_in_total\": false}");
    assert_int_equal(r.funds_in_total, 0);
    rules_fail("{\"funds_in_total\": false, \"funds_in_total\": true}",
               PE_EDATA, 0, 0, "rules: \"funds_in_total\" appears twice");
    rules_fail("{\"funds_in_total\": 0}", PE_EDATA, 0, 0,
               "rules: funds_in_total must be true or false");
    rules_fail("{\"funds_in_total\": \"false\"}", PE_EDATA, 0, 0,
               "rules: funds_in_total must be true or false");
}

static void test_ratios(void **state)
{
    pe_rules r;

    (void)state;
    r = rules_ok("{\"overachieve_ratio\": 1.3, \"explain_rate_below\": "
                 "\"0.90\"}");
    assert_dec(r.overachieve_ratio, 13, 1, "1.3");
    assert_dec(r.explain_rate_below, 90, 2, "0.90");
    r = rules_ok("{\"overachieve_ratio\": \"１．５\"}");
    assert_dec(r.overachieve_ratio, 15, 1, "1.5");
    rules_fail("{\"overachieve_ratio\": \"abc\"}", PE_EDATA, 0, 0,
               "rules: overachieve_ratio \"abc\" is not a number");
    rules_fail("{\"overachieve_ratio\": \"120%\"}", PE_EDATA, 0, 0,
               "rules: overachieve_ratio \"120%\" is not a number");
    rules_fail("{\"overachieve_ratio\": null}", PE_EDATA, 0, 0,
               "rules: overachieve_ratio is empty");
    rules_fail("{\"explain_rate_below\": \"\"}", PE_EDATA, 0, 0,
               "rules: explain_rate_below is empty");
    rules_fail("{\"explain_rate_below\": [0.7]}", PE_EDATA, 0, 0,
               "rules: explain_rate_below is not a number or a string");
}

static void test_grades(void **state)
{
    pe_rules r;

    (void)state;
    /* any order in, highest minimum first out */
    r = rules_ok("{\"grades\": {\"差\": 0, \"良\": 80, \"优\": \"90\", "
                 "\"中\": 60}}");
    assert_default_grades(&r);
    r = rules_ok("{\"grades\": {\"不合格\": 0, \"合格\": \"59.5\", "
                 "\"优秀\": 85.5}}");
    assert_int_equal(r.ngrades, 3);
    assert_string_equal(r.grades[0].name, "优秀");
    assert_dec(r.grades[0].min, 855, 1, "85.5");
    assert_string_equal(r.grades[1].name, "合格");
    assert_dec(r.grades[1].min, 595, 1, "59.5");
    assert_string_equal(r.grades[2].name, "不合格");
    assert_dec(r.grades[2].min, 0, 0, "0");
    /* grades replace the default set as a whole */
    r = rules_ok("{\"grades\": {\"通过\": 60, \"不通过\": 0}}");
    assert_int_equal(r.ngrades, 2);
    assert_string_equal(r.grades[0].name, "通过");
    /* a total of 50 would have no grade */
    rules_fail("{\"grades\": {\"通过\": 60}}", PE_EDATA, 0, 0,
               "rules: grades must reach down to 0; the lowest band, 通过, "
               "starts at 60");
    rules_fail("{\"grades\": [90, 80]}", PE_EDATA, 0, 0,
               "rules: grades must be an object such as {\"优\": 90, "
               "\"良\": 80}");
    rules_fail("{\"grades\": {}}", PE_EDATA, 0, 0, "rules: grades is empty");
    rules_fail("{\"grades\": {\"优\": \"九十\"}}", PE_EDATA, 0, 0,
               "rules: 优 \"九十\" is not a number");
    rules_fail("{\"grades\": {\"优\": null}}", PE_EDATA, 0, 0,
               "rules: 优 is empty");
    rules_fail("{\"grades\": {\"a\":9,\"b\":8,\"c\":7,\"d\":6,\"e\":5,\"f\":4,"
               "\"g\":3,\"h\":2,\"i\":1}}",
               PE_EDATA, 0, 0, "rules: grades has more than 8 bands");
    rules_fail("{\"grades\": {\"非常非常优秀\": 90, \"差\": 0}}", PE_EDATA, 0,
               0, "rules: grades has a band name too long");
}

static void test_split(void **state)
{
    pe_rules r;

    (void)state;
    /* in the order written, replacing the default as a whole */
    r = rules_ok("{\"split\": {\"效益指标\": \"20\", \"产出指标\": 60.5}}");
    assert_int_equal(r.nsplit, 2);
    assert_string_equal(r.split[0].name, "效益指标");
    assert_dec(r.split[0].weight, 20, 0, "20");
    assert_string_equal(r.split[1].name, "产出指标");
    assert_dec(r.split[1].weight, 605, 1, "60.5");
    /* no recommendation at all */
    r = rules_ok("{\"split\": {}}");
    assert_int_equal(r.nsplit, 0);
    rules_fail("{\"split\": [50, 30]}", PE_EDATA, 0, 0,
               "rules: split must be an object such as {\"产出指标\": 50}");
    rules_fail("{\"split\": {\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,"
               "\"f\":1,\"g\":1,\"h\":1,\"i\":1}}",
               PE_EDATA, 0, 0, "rules: split has more than 8 entries");
    rules_fail("{\"split\": {\"一二三四五六七八九十一二三四五六\": 1}}",
               PE_EDATA, 0, 0, "rules: split has a name too long");
    rules_fail("{\"split\": {\"产出指标\": \"五十\"}}", PE_EDATA, 0, 0,
               "rules: 产出指标 \"五十\" is not a number");
    rules_fail("{\"split\": {\"产出指标\": null}}", PE_EDATA, 0, 0,
               "rules: 产出指标 is empty");
}

static void test_unknown(void **state)
{
    (void)state;
    rules_fail("{\"roundign\": \"truncate\"}", PE_EDATA, 0, 0,
               "rules: unknown member \"roundign\"");
    rules_fail("[1]", PE_EDATA, 0, 0, "rules: a JSON object is expected");
    /* a key given twice would let the last one change the total */
    rules_fail("{\"places\": 2, \"places\": 0}", PE_EDATA, 0, 0,
               "rules: \"places\" appears twice");
    rules_fail("{\"grades\": {\"优\": 90, \"优\": 80, \"差\": 0}}", PE_EDATA, 0,
               0, "rules: grades: \"优\" appears twice");
    rules_fail("{\"split\": {\"产出指标\": 50, \"产出指标\": 60}}", PE_EDATA, 0,
               0, "rules: split: \"产出指标\" appears twice");
    rules_fail("\"truncate\"", PE_EDATA, 0, 0,
               "rules: a JSON object is expected");
}

static void test_malformed(void **state)
{
    (void)state;
    rules_fail("{\n  \"rounding\": \"truncate\",\n}", PE_EDATA, 2, 25,
               "a comma before the closing \"}\": JSON allows no comma "
               "after the last item; remove it");
    rules_fail("{\"grades\": {\"优\": 90, \"差\": 0,}}", PE_EDATA, 1, 28,
               "a comma before the closing \"}\": JSON allows no comma "
               "after the last item; remove it");
    rules_fail("{\n  \"rounding\": \"truncate\"\n  \"places\": 2}", PE_EDATA, 3,
               3, "malformed JSON");
    rules_fail("{\"places\": 2} 3", PE_EDATA, 1, 15, "malformed JSON");
    rules_fail("{\"overachieve_ratio\": 1.200000000000000}", PE_EDATA, 1, 23,
               "number 1.200000000000000 has more than 15 significant "
               "digits; write it as a string");
}

/* Members left out keep what *r had on entry, not the default. */
static void test_layering(void **state)
{
    pe_rules r;
    pe_error err;
    const char *a = "{\"rounding\": \"truncate\", \"places\": 3}";
    const char *b = "{\"lower_is_better\": \"linear\"}";

    (void)state;
    pe_rules_default(&r);
    assert_int_equal(pe_rules_load_json(a, strlen(a), "a", &r, &err), PE_OK);
    assert_int_equal(pe_rules_load_json(b, strlen(b), "b", &r, &err), PE_OK);
    assert_int_equal(r.rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(r.places, 3);
    assert_int_equal(r.lower, PE_LOWER_LINEAR);
    /* "whole" means 0 places whatever the order of the members; other
     * places next to it are a contradiction */
    r = rules_ok("{\"places\": 0, \"rounding\": \"whole\"}");
    assert_int_equal(r.places, 0);
    pe_rules_default(&r);
    {
        const char *c = "{\"rounding\": \"whole\", \"places\": 2}";
        assert_int_equal(pe_rules_load_json(c, strlen(c), "c", &r, &err),
                         PE_EDATA);
        assert_string_equal(err.msg, "rules: rounding \"whole\" rounds to 0 "
                                     "places; leave \"places\" out");
    }
}

/* A whole project file given as the rules file: its "rules" member. */
static void test_project_as_rules(void **state)
{
    pe_rules r;

    (void)state;
    r = rules_ok(
        "{\"format\": \"perfeval/1\", \"name\": \"社区发展治理工作经费\","
        "\"year\": 2021, \"indicators\": [{\"name\": \"a\", "
        "\"weight\": \"1.00\"}],"
        "\"rules\": {\"name\": \"shangjie-2021\", \"rounding\": "
        "\"truncate\", \"places\": 2, \"grades\": {\"好\": 85, "
        "\"差\": 0}}}");
    assert_string_equal(r.name, "shangjie-2021");
    assert_int_equal(r.rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(r.places, 2);
    assert_int_equal(r.lower, PE_LOWER_RATIO);
    assert_int_equal(r.ngrades, 2);
    assert_string_equal(r.grades[0].name, "好");
    /* errors inside that member still say which rule */
    rules_fail("{\"name\": \"p\", \"indicators\": [], \"rules\": "
               "{\"places\": 9}}",
               PE_EDATA, 0, 0, "rules: places must be a whole number 0 to 6");
}

static void test_seed_file_as_rules(void **state)
{
    static const char *const paths[] = {"data/shangjie-2021.json",
                                        "../data/shangjie-2021.json"};
    pe_buf b = {NULL, 0, 0};
    pe_rules r;
    pe_error err;
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++)
        if (pe_io_read(paths[i], &b, &err) == PE_OK)
            break;
    assert_true(i < 2);
    pe_rules_default(&r);
    assert_int_equal(pe_rules_load_json(b.data, b.len, paths[i], &r, &err),
                     PE_OK);
    assert_string_equal(r.name, "shangjie-2021");
    assert_int_equal(r.rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(r.places, 2);
    assert_default_grades(&r);
    pe_buf_free(&b);
}

/* The project's own rules are its "rules" member over the default, and
 * pe_project_set_rules() replaces them. */
static void test_project_rules(void **state)
{
    const char *json = "{\"indicators\": [{\"name\": \"a\", \"target\": \"1\","
                       " \"actual\": \"1\", \"weight\": 1}], \"rules\": "
                       "{\"lower_is_better\": \"linear\"}}";
    pe_project *p = NULL;
    pe_rules d;
    pe_error err;

    (void)state;
    assert_int_equal(pe_project_load_json(json, strlen(json), "p", &p, &err),
                     PE_OK);
    assert_int_equal(pe_project_rules(p)->lower, PE_LOWER_LINEAR);
    assert_string_equal(pe_project_rules(p)->name, "mof-2020");
    pe_rules_default(&d);
    d.places = 4;
    pe_project_set_rules(p, &d);
    assert_int_equal(pe_project_rules(p)->lower, PE_LOWER_RATIO);
    assert_int_equal(pe_project_rules(p)->places, 4);
    pe_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default),
        cmocka_unit_test(test_empty_object),
        cmocka_unit_test(test_mof_file),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_rounding),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_lower_is_better),
        cmocka_unit_test(test_rate_base),
        cmocka_unit_test(test_funds_in_total),
        cmocka_unit_test(test_ratios),
        cmocka_unit_test(test_grades),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_layering),
        cmocka_unit_test(test_project_as_rules),
        cmocka_unit_test(test_seed_file_as_rules),
        cmocka_unit_test(test_project_rules),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
