/* Unit tests of `perfeval init` (src/init.c): the blank 附件1 in JSON and
 * CSV, and that it loads and scores once a clerk has filled it in.  Run
 * from the repository root (or from tests/). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perfeval.h"
#include "test_util.h"

/* ------------------------------------------------------------ helpers */

static pe_buf template(const char *format, int year)
{
    pe_buf b = {NULL, 0, 0};

    assert_int_equal(pe_init_template(format, year, &b), PE_OK);
    assert_non_null(b.data);
    assert_int_equal(strlen(b.data), b.len);
    return b;
}

static cJSON *get(const cJSON *o, const char *key)
{
    cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

    if (!it)
        fail_msg("no member \"%s\"", key);
    return it;
}

/* A JSON number as the text says it, as an exact decimal: cJSON_Print
 * writes back the literal it read for these small whole numbers, and the
 * test never does arithmetic on the double. */
static pe_dec number(const cJSON *it)
{
    char *s;
    pe_dec d;

    assert_true(cJSON_IsNumber(it));
    s = cJSON_PrintUnformatted(it);
    assert_non_null(s);
    assert_int_equal(pe_dec_parse_cstr(s, &d), PE_OK);
    free(s);
    return d;
}

static void set_str(cJSON *o, const char *key, const char *value)
{
    cJSON *v = cJSON_CreateString(value);

    assert_non_null(v);
    assert_true(cJSON_ReplaceItemInObjectCaseSensitive(o, key, v));
}

static pe_project *load_scored(const char *buf, size_t len, pe_error *err)
{
    pe_project *p = NULL;

    memset(err, 0, sizeof *err);
    if (pe_project_load_json(buf, len, "filled.json", &p, err) != PE_OK)
        fail_msg("load: %s", err->msg);
    if (pe_project_score(p, err) != PE_OK)
        fail_msg("score: %s", err->msg);
    return p;
}

/* What a clerk writes into the nine rows, in template order. */
static const struct fill {
    const char *name, *target, *actual;
} fills[] = {
    {"参加培训人数", "≥60人", "280人"},
    {"印刷品质量合格率", "=100%", "=100%"},
    {"培训完成时间", "2021年12月31日前", "2021年12月31日前"},
    {"培训成本", "≤3万元", "1.798万元"},
    {"机关办公运转率", "提升", "提升"},
    {"参训人员业务素质", "提高", "提高"},
    {"无纸化办公比例", "≥80%", "85%"},
    {"培训长效机制", "健全", "健全"},
    {"参训人员满意度", "≥95%", "≥95%"},
};

#define NFILLS (sizeof fills / sizeof fills[0])

static void fill_header(cJSON *root)
{
    cJSON *funds = get(root, "funds");

    set_str(root, "name", "社区发展治理工作经费");
    set_str(funds, "initial", "3");
    set_str(funds, "budget", "3");
    set_str(funds, "executed", "1.798");
    set_str(root, "note", "财政资金紧张;外出学习培训计划受疫情影响未进行。");
}

/* ------------------------------------------------------------ json */

static void test_json_structure(void **state)
{
    static const char *const l2[] = {
        "数量指标",     "质量指标",       "时效指标",
        "成本指标",     "经济效益指标",   "社会效益指标",
        "生态效益指标", "可持续影响指标", "服务对象满意度指标"};
    pe_buf b = template("json", 2021);
    cJSON *root = cJSON_ParseWithLength(b.data, b.len), *inds, *it, *rules;
    pe_dec sum = {0, 0}, part[3] = {{0, 0}, {0, 0}, {0, 0}};
    size_t i = 0;

    (void)state;
    assert_non_null(root);
    assert_string_equal(get(root, "format")->valuestring, "perfeval/project/1");
    assert_string_equal(get(root, "name")->valuestring, "");
    assert_int_equal(
        pe_dec_cmp(number(get(root, "year")), pe_dec_from_int(2021)), 0);
    assert_string_equal(get(root, "money_unit")->valuestring, "万元");
    assert_int_equal(cJSON_GetArraySize(get(get(root, "funds"), "parts")), 3);
    sum = number(get(get(root, "funds"), "weight"));
    assert_int_equal(pe_dec_cmp(sum, pe_dec_from_int(10)), 0);

    inds = get(root, "indicators");
    assert_int_equal(cJSON_GetArraySize(inds), 9);
    cJSON_ArrayForEach(it, inds)
    {
        const char *l1 = get(it, "level1")->valuestring;
        pe_dec w = number(get(it, "weight"));
        int k = strcmp(l1, "产出指标") == 0     ? 0
                : strcmp(l1, "效益指标") == 0   ? 1
                : strcmp(l1, "满意度指标") == 0 ? 2
                                                : -1;

        assert_true(k >= 0);
        assert_string_equal(get(it, "level2")->valuestring, l2[i]);
        assert_string_equal(get(it, "name")->valuestring, "");
        assert_string_equal(get(it, "target")->valuestring, "");
        assert_string_equal(get(it, "actual")->valuestring, "");
        assert_true(pe_dec_sign(w) > 0);
        assert_int_equal(pe_dec_add(sum, w, &sum), PE_OK);
        assert_int_equal(pe_dec_add(part[k], w, &part[k]), PE_OK);
        i++;
    }
    /* funds 10 + 产出 50 + 效益 30 + 满意度 10 */
    assert_int_equal(pe_dec_cmp(sum, pe_dec_from_int(100)), 0);
    assert_int_equal(pe_dec_cmp(part[0], pe_dec_from_int(50)), 0);
    assert_int_equal(pe_dec_cmp(part[1], pe_dec_from_int(30)), 0);
    assert_int_equal(pe_dec_cmp(part[2], pe_dec_from_int(10)), 0);
    assert_int_equal(pe_dec_cmp(number(get(get(root, "reported"), "max")), sum),
                     0);

    /* the rules written out in full, the MoF defaults */
    rules = get(root, "rules");
    assert_string_equal(get(rules, "name")->valuestring, "mof-2020");
    assert_string_equal(get(rules, "rounding")->valuestring, "half-up");
    assert_int_equal(
        pe_dec_cmp(number(get(rules, "places")), pe_dec_from_int(2)), 0);
    assert_string_equal(get(rules, "lower_is_better")->valuestring, "ratio");
    assert_string_equal(get(rules, "rate_base")->valuestring, "budget");
    assert_true(cJSON_IsTrue(get(rules, "funds_in_total")));
    assert_int_equal(
        pe_dec_cmp(number(get(rules, "overachieve_ratio")), (pe_dec){12, 1}),
        0);
    assert_int_equal(
        pe_dec_cmp(number(get(rules, "explain_rate_below")), (pe_dec){7, 1}),
        0);
    assert_int_equal(pe_dec_cmp(number(get(get(rules, "grades"), "良")),
                                pe_dec_from_int(80)),
                     0);
    assert_int_equal(pe_dec_cmp(number(get(get(rules, "split"), "效益指标")),
                                pe_dec_from_int(30)),
                     0);
    /* and they load as rules */
    {
        pe_rules r, def;
        pe_error err;

        pe_rules_default(&r);
        pe_rules_default(&def);
        r.rounding = PE_ROUND_TRUNCATE;
        r.places = 4;
        assert_int_equal(pe_rules_load_json(b.data, b.len, "t.json", &r, &err),
                         PE_OK);
        assert_int_equal(r.rounding, def.rounding);
        assert_int_equal(r.places, def.places);
        assert_int_equal(r.ngrades, def.ngrades);
        assert_int_equal(r.nsplit, def.nsplit);
    }
    cJSON_Delete(root);
    pe_buf_free(&b);
}

/* Left unfilled, the first row is refused by number, not dropped. */
/* The blank form loads, as its CSV twin does, and every row to fill is
 * listed, not the first alone; the weights (funds 10 + rows 90) add up
 * although nothing is scored. */
static void test_json_unfilled(void **state)
{
    pe_buf b = template("json", 2021);
    pe_project *p = NULL;
    pe_error err;
    size_t rows = 0;

    (void)state;
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_project_load_json(b.data, b.len, "new.json", &p, &err),
                     PE_OK);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    assert_int_equal(pe_project_unscored(p), 10);
    for (size_t i = 0; i < pe_project_nfindings(p); i++) {
        const pe_finding *f = pe_project_finding(p, i);

        assert_string_equal(f->code, "no-score");
        if (f->row > 0) {
            char want[128];

            snprintf(want, sizeof want,
                     "row %ld is not filled in: fill in 三级指标, 指标值, "
                     "实际完成值 (or 得分)",
                     f->row);
            assert_string_equal(f->msg, want);
            rows++;
        }
    }
    assert_int_equal(rows, 9);
    pe_project_free(p);
    pe_buf_free(&b);
}

/* Every row filled with seed-like values: it loads and scores by the MoF
 * rules.  Funds 1.798/3 × 10 = 5.993 → 5.99, every row met: 95.99. */
static void test_json_filled(void **state)
{
    pe_buf b = template("json", 2021);
    cJSON *root = cJSON_ParseWithLength(b.data, b.len), *it;
    pe_project *p;
    pe_error err;
    char *text, tot[PE_DEC_BUFSIZE];
    size_t i = 0;

    (void)state;
    assert_non_null(root);
    fill_header(root);
    cJSON_ArrayForEach(it, get(root, "indicators"))
    {
        assert_true(i < NFILLS);
        set_str(it, "name", fills[i].name);
        set_str(it, "target", fills[i].target);
        set_str(it, "actual", fills[i].actual);
        i++;
    }
    assert_int_equal(i, NFILLS);
    text = cJSON_Print(root);
    assert_non_null(text);
    p = load_scored(text, strlen(text), &err);
    assert_int_equal(pe_project_nindicators(p), 9);
    assert_string_equal(pe_project_indicator_name(p, 4), "培训成本");
    assert_string_equal(pe_dec_format(pe_project_total(p), tot), "95.99");
    assert_string_equal(pe_project_grade(p), "优");
    for (size_t k = 0; k < pe_project_nfindings(p); k++) {
        const pe_finding *f = pe_project_finding(p, k);

        /* the structure is the recommended one, and nothing was dropped */
        assert_string_not_equal(f->code, "split");
        assert_string_not_equal(f->code, "blank-rows");
        assert_true(f->severity != PE_SEV_ERROR);
    }
    pe_project_free(p);
    free(text);
    cJSON_Delete(root);
    pe_buf_free(&b);
}

/* The template filled with the seed's own table (its rows replace the
 * template's, its rules are the truncating ones): 95.58, as the Done-when
 * of issue 5 asks. */
static void test_json_filled_with_seed(void **state)
{
    static const char *const paths[] = {"data/shangjie-2021.json",
                                        "../data/shangjie-2021.json"};
    pe_buf b = template("json", 2021), s = {NULL, 0, 0};
    cJSON *root = cJSON_ParseWithLength(b.data, b.len), *seed, *funds;
    pe_project *p;
    pe_error err;
    char *text, tot[PE_DEC_BUFSIZE];
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++)
        if (pe_io_read(paths[i], &s, &err) == PE_OK)
            break;
    assert_true(i < 2);
    seed = cJSON_ParseWithLength(s.data, s.len);
    assert_non_null(root);
    assert_non_null(seed);
    fill_header(root);
    funds = get(root, "funds");
    set_str(funds, "rate", "59.90%");
    set_str(funds, "score", "5.99");
    assert_true(cJSON_ReplaceItemInObjectCaseSensitive(
        root, "indicators", cJSON_Duplicate(get(seed, "indicators"), 1)));
    set_str(get(root, "rules"), "rounding", "truncate");
    text = cJSON_Print(root);
    assert_non_null(text);
    p = load_scored(text, strlen(text), &err);
    assert_string_equal(pe_dec_format(pe_project_total(p), tot), "95.58");
    assert_string_equal(pe_project_grade(p), "优");
    pe_project_free(p);
    free(text);
    cJSON_Delete(seed);
    cJSON_Delete(root);
    pe_buf_free(&s);
    pe_buf_free(&b);
}

static void test_json_no_year(void **state)
{
    pe_buf b = template(NULL, 0); /* NULL is json */
    cJSON *root = cJSON_ParseWithLength(b.data, b.len);

    (void)state;
    assert_non_null(root);
    assert_null(cJSON_GetObjectItemCaseSensitive(root, "year"));
    cJSON_Delete(root);
    pe_buf_free(&b);
}

static void test_usage(void **state)
{
    pe_buf b = {NULL, 0, 0};

    (void)state;
    assert_int_equal(pe_buf_puts(&b, "keep"), PE_OK);
    assert_int_equal(pe_init_template("xlsx", 2021, &b), PE_EUSAGE);
    assert_int_equal(pe_init_template("json", 1899, &b), PE_EUSAGE);
    assert_int_equal(pe_init_template("csv", 2201, &b), PE_EUSAGE);
    assert_int_equal(pe_init_template("json", 2021, NULL), PE_EUSAGE);
    assert_string_equal(b.data, "keep");
    /* appends */
    assert_int_equal(pe_init_template("csv", 2021, &b), PE_OK);
    assert_memory_equal(b.data, "keep附件1,", strlen("keep附件1,"));
    pe_buf_free(&b);
}

/* ------------------------------------------------------------ csv */

#define CSV_2021                                                                                             \
    "附件1,,,,,,,,\r\n"                                                                                    \
    "项目支出绩效自评表,,,,,,,,\r\n"                                                                \
    "（2021年度）,,,,,,,,\r\n"                                                                           \
    "项目名称,,,,,,,,\r\n"                                                                               \
    "主管部门及代码,,,,,实施单位,,,\r\n"                                                          \
    "项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分,\r\n" \
    ",年度资金总额,,,,10,,,\r\n"                                                                       \
    ",其中：当年财政拨款,,,,,,,\r\n"                                                                \
    ",上年结转资金,,,,,,,\r\n"                                                                         \
    ",其他资金,,,,,,,\r\n"                                                                               \
    "年度总体目标,预期目标,,,,实际完成情况,,,\r\n"                                           \
    ",,,,,,,,\r\n"                                                                                           \
    "绩效指标,一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分,"           \
    "偏差原因分析及改进措施\r\n"                                                                  \
    ",产出指标,数量指标,,,,20,,\r\n"                                                                 \
    ",,质量指标,,,,10,,\r\n"                                                                             \
    ",,时效指标,,,,10,,\r\n"                                                                             \
    ",,成本指标,,,,10,,\r\n"                                                                             \
    ",效益指标,经济效益指标,,,,5,,\r\n"                                                            \
    ",,社会效益指标,,,,15,,\r\n"                                                                       \
    ",,生态效益指标,,,,5,,\r\n"                                                                        \
    ",,可持续影响指标,,,,5,,\r\n"                                                                     \
    ",满意度指标,服务对象满意度指标,,,,10,,\r\n"                                               \
    "总分,,,,,,,,\r\n"                                                                                     \
    "说明,,,,,,,,\r\n"

static void test_csv_text(void **state)
{
    pe_buf b = template("csv", 2021);

    (void)state;
    assert_string_equal(b.data, CSV_2021);
    /* UTF-8 without a byte-order mark; CRLF and nothing else */
    assert_true((unsigned char)b.data[0] != 0xEF);
    for (size_t i = 0; i < b.len; i++)
        if (b.data[i] == '\n')
            assert_true(i > 0 && b.data[i - 1] == '\r');
    pe_buf_free(&b);

    b = template("csv", 0);
    assert_non_null(strstr(b.data, "\r\n（    年度）,,,,,,,,\r\n"));
    pe_buf_free(&b);
}

static pe_project *load_csv(const char *text, pe_error *err)
{
    pe_project *p = NULL;

    memset(err, 0, sizeof *err);
    if (pe_project_load_csv(text, strlen(text), "new.csv", NULL, &p, err) !=
        PE_OK)
        return NULL;
    return p;
}

/* The CSV template, filled in as a clerk would in a spreadsheet, loads
 * with the CSV loader and scores as the JSON one does. */
static void test_csv_filled(void **state)
{
    static const char *const rows[] = {",产出指标,数量指标,",
                                       ",,质量指标,",
                                       ",,时效指标,",
                                       ",,成本指标,",
                                       ",效益指标,经济效益指标,",
                                       ",,社会效益指标,",
                                       ",,生态效益指标,",
                                       ",,可持续影响指标,",
                                       ",满意度指标,服务对象满意度指标,"};
    pe_buf b = template("csv", 2021);
    char *t = b.data, row[256], filled[512], tot[PE_DEC_BUFSIZE];
    pe_project *p;
    pe_error err;

    (void)state;
    t = tu_subst(t, "项目名称,,", "项目名称,社区发展治理工作经费,");
    t = tu_subst(t, ",年度资金总额,,,,10,", ",年度资金总额,3,3,1.798,10,");
    t = tu_subst(t, "实际完成情况,,,\r\n,,,,,,,,\r\n",
                 "实际完成情况,,,\r\n,保障工作落实到位,,,,已完成,,,\r\n");
    t = tu_subst(t, "说明,,",
                 "说明,财政资金紧张;外出学习培训计划受疫情影响未进行。,");
    for (size_t i = 0; i < NFILLS; i++) {
        /* ",,质量指标,,,,10," → ",,质量指标,name,target,actual,10," */
        snprintf(row, sizeof row, "%s,,,", rows[i]);
        snprintf(filled, sizeof filled, "%s%s,%s,%s,", rows[i], fills[i].name,
                 fills[i].target, fills[i].actual);
        t = tu_subst(t, row, filled);
    }
    p = load_csv(t, &err);
    if (!p)
        fail_msg("load: %ld: %s", err.line, err.msg);
    if (pe_project_score(p, &err) != PE_OK)
        fail_msg("score: %s", err.msg);
    assert_int_equal(pe_project_nindicators(p), 9);
    assert_string_equal(pe_project_indicator_name(p, 9), "参训人员满意度");
    assert_string_equal(pe_dec_format(pe_project_total(p), tot), "95.99");
    assert_string_equal(pe_project_grade(p), "优");
    pe_project_free(p);

    /* the filled 总分 under 分值 and 得分 is the reported total */
    t = tu_subst(t, "总分,,,,,,,,", "总分,,,,,,100,95.99,");
    p = load_csv(t, &err);
    if (!p)
        fail_msg("load: %ld: %s", err.line, err.msg);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    for (size_t k = 0; k < pe_project_nfindings(p); k++)
        assert_true(pe_project_finding(p, k)->severity != PE_SEV_ERROR);
    pe_project_free(p);
    free(t);
}

/* Left unfilled, the CSV template loads and scoring names every cell to
 * fill, from the funds block's line down. */
static void test_csv_unfilled(void **state)
{
    pe_buf b = template("csv", 2021);
    pe_project *p;
    pe_error err;
    const pe_finding *f;

    (void)state;
    p = load_csv(b.data, &err);
    assert_non_null(p);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    assert_int_equal(pe_project_unscored(p), 10);
    f = pe_project_finding(p, 0);
    assert_string_equal(f->code, "no-score");
    assert_int_equal(f->line, 7);
    f = pe_project_finding(p, 1);
    assert_string_equal(f->code, "no-score");
    assert_int_equal(f->line, 14);
    assert_string_equal(f->msg, "row 1 is not filled in: fill in 三级指标, "
                                "指标值, 实际完成值 (or 得分)");
    pe_project_free(p);
    pe_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_structure),
        cmocka_unit_test(test_json_unfilled),
        cmocka_unit_test(test_json_filled),
        cmocka_unit_test(test_json_filled_with_seed),
        cmocka_unit_test(test_json_no_year),
        cmocka_unit_test(test_usage),
        cmocka_unit_test(test_csv_text),
        cmocka_unit_test(test_csv_filled),
        cmocka_unit_test(test_csv_unfilled),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
