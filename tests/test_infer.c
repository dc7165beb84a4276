/* Unit tests of reading a table's rules off its own numbers (src/infer.c):
 * one case each for half-up, truncation, whole points, the funds block
 * outside the 总分 (by weights and by totals), 执行率 on 年初预算数, and
 * no evidence.  The tables are CSV text as a spreadsheet saves it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "perfeval.h"
#include "project.h"

#define HEAD "一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分\n"

static pe_project *load(const char *text)
{
    pe_project *p = NULL;
    pe_error err;

    memset(&err, 0, sizeof err);
    if (pe_project_load_csv(text, strlen(text), "t.csv", NULL, &p, &err) !=
        PE_OK)
        fail_msg("load: %ld: %s", err.line, err.msg);
    return p;
}

/* Load, infer, score; the caller frees it. */
static pe_project *infer(const char *text)
{
    pe_project *p = load(text);
    pe_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(pe_project_infer_rules(p, &err), PE_OK);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    return p;
}

static const char *total(const pe_project *p)
{
    static char buf[PE_DEC_BUFSIZE];

    return pe_dec_format(pe_project_total(p), buf);
}

/* The finding "rules" says what the note says, as an info. */
static void assert_rules_finding(const pe_project *p)
{
    for (size_t i = 0; i < pe_project_nfindings(p); i++) {
        const pe_finding *f = pe_project_finding(p, i);

        if (strcmp(f->code, "rules") == 0) {
            assert_int_equal(f->severity, PE_SEV_INFO);
            assert_string_equal(f->msg, pe_project_rules_note(p));
            return;
        }
    }
    fail_msg("no finding \"rules\"");
}

/* 预算执行率 59.9% of a weight of 1 is 0.599: printed 0.59, the table
 * cuts; printed 0.60, it rounds half-up, which is the default. */
static void test_truncate(void **state)
{
    pe_project *p =
        infer(HEAD "产出指标,数量指标,预算执行率,100%,59.90%,1,0.59\n"
                   ",,培训场次,≥1场,4场,99,99\n");
    const pe_rules *r = pe_project_rules(p);

    (void)state;
    assert_int_equal(r->rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(r->places, 2);
    assert_string_equal(r->name, "inferred");
    assert_string_equal(pe_project_rules_note(p),
                        "rules inferred from the table: truncate to 2 places "
                        "(预算执行率 0.599 → 0.59)");
    assert_string_equal(total(p), "99.59");
    assert_rules_finding(p);
    pe_project_free(p);
}

static void test_half_up_is_the_default(void **state)
{
    pe_project *p =
        infer(HEAD "产出指标,数量指标,预算执行率,100%,59.90%,1,0.60\n"
                   ",,培训场次,≥1场,4场,99,99\n");
    const pe_rules *r = pe_project_rules(p);

    (void)state;
    assert_int_equal(r->rounding, PE_ROUND_HALF_UP);
    assert_int_equal(r->places, 2);
    assert_string_equal(r->name, "mof-2020");
    assert_string_equal(pe_project_rules_note(p),
                        "the table's own numbers agree with mof-2020 "
                        "(预算执行率 0.599 → 0.60)");
    assert_string_equal(total(p), "99.60");
    pe_project_free(p);
}

/* 37.24 of 43.2 × 10 is 8.62: printed 9, whole points half-up; printed 8,
 * whole points cut.  A whole-point table's total has no places. */
static void test_whole_points(void **state)
{
    pe_project *p = infer(HEAD "产出指标,数量指标,工程资金,43.2,37.24,10,9\n"
                               ",,完工率,100%,100%,90,90\n");

    (void)state;
    assert_int_equal(pe_project_rules(p)->rounding, PE_ROUND_HALF_UP);
    assert_int_equal(pe_project_rules(p)->places, 0);
    assert_string_equal(pe_project_rules_note(p),
                        "rules inferred from the table: half-up to 0 places "
                        "(工程资金 8.62… → 9)");
    assert_string_equal(total(p), "99");
    pe_project_free(p);

    p = infer(HEAD "产出指标,数量指标,工程资金,43.2,37.24,10,8\n"
                   ",,完工率,100%,100%,90,90\n");
    assert_int_equal(pe_project_rules(p)->rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(pe_project_rules(p)->places, 0);
    assert_string_equal(total(p), "98");
    pe_project_free(p);
}

/* Several scores: the rounding that explains most of them wins, and a
 * judgement deduction (more than a point off) is no evidence. */
static void test_most_scores_win(void **state)
{
    pe_project *p = infer(HEAD "产出指标,数量指标,a,100%,59.90%,1,0.59\n"
                               ",,b,100%,59.90%,1,0.59\n"
                               ",,c,100%,59.90%,1,0.60\n"
                               ",,d,100,50,10,3\n"
                               ",,e,100%,100%,87,87\n");

    (void)state;
    assert_int_equal(pe_project_rules(p)->rounding, PE_ROUND_TRUNCATE);
    assert_string_equal(pe_project_rules_note(p),
                        "rules inferred from the table: truncate to 2 places "
                        "(a 0.599 → 0.59, and 1 more score)");
    pe_project_free(p);
}

/* The indicators' weights make the 总分值 on their own: the funds
 * block's 10 lies outside, and the total is the indicators'. */
static void test_funds_outside_by_weights(void **state)
{
    pe_project *p = infer(
        "资金情况（万元）,,全年预算数（A）,全年执行数（B）,分值,执行率（B/A）,"
        "得分\n"
        ",年度资金总额：,20,19,10,95.00%,9.5\n"
        "绩效指标,一级指标,二级指标,三级指标,分值,年度指标值,全年实际值,得分\n"
        ",产出指标（70分）,数量指标,安装水标尺,70,≥266米,≥266米,70\n"
        ",效益指标（30分）,社会效益指标,受益人口数,30,≥1000人,1000人,30\n"
        "总分,,,,100,,,100\n");

    (void)state;
    assert_false(pe_project_rules(p)->funds_in_total);
    assert_string_equal(pe_project_rules_note(p),
                        "rules inferred from the table: the funds block "
                        "outside the 总分 (the indicators' weights make the "
                        "总分值 100 without the funds block's 10)");
    assert_string_equal(total(p), "100.00");
    assert_string_equal(pe_project_grade(p), "优");
    pe_project_free(p);
}

/* No 分值 and no label weights: the printed 总分 is the rows' scores
 * without the funds block's, so the funds lie outside. */
static void test_funds_outside_by_totals(void **state)
{
    pe_project *p = infer(
        "预算执行情况（万元）（20分）,,预算数（A）,执行数（B）,执行率（B/A）,"
        "得分（20分*执行率）\n"
        ",年度财政资金总额,10,10,100%,20\n"
        "年度绩效目标,一级指标,二级指标,三级指标,年初目标值（A）,实际完成值"
        "（B）,得分\n"
        ",产出指标,数量指标,补贴渔船数,6,6,60\n"
        ",满意度指标,服务对象满意度,满意度,90%,95%,40\n"
        "总分,,,,,,100\n");

    (void)state;
    assert_false(pe_project_rules(p)->funds_in_total);
    assert_string_equal(pe_project_rules_note(p),
                        "rules inferred from the table: the funds block "
                        "outside the 总分 (the printed 总分 100 is the "
                        "indicators' scores without the funds block's)");
    assert_string_equal(total(p), "100.00");
    pe_project_free(p);
}

/* The same form with the funds inside: 20 + 80 = 100. */
static void test_funds_inside(void **state)
{
    pe_project *p = infer(
        "预算执行情况（万元）（20分）,,预算数（A）,执行数（B）,执行率（B/A）,"
        "得分（20分*执行率）\n"
        ",年度财政资金总额,10,10,100%,20\n"
        "年度绩效目标（80分）,一级指标,二级指标,三级指标,年初目标值（A）,"
        "实际完成值（B）,得分\n"
        ",产出指标,数量指标,补贴渔船数,6,6,40\n"
        ",满意度指标,服务对象满意度,满意度,90%,95%,40\n"
        "总分,,,,,,100\n");

    (void)state;
    assert_true(pe_project_rules(p)->funds_in_total);
    assert_string_equal(total(p), "100.00");
    pe_project_free(p);
}

/* 执行率 printed as 执行数 over 年初预算数 (65.6%), not over the
 * 全年预算数 it was cut to (100%). */
static void test_rate_on_initial(void **state)
{
    pe_project *p = infer(
        "项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分\n"
        ",年度资金总额,202.64,132.912,132.912,10,65.59%,6.56\n"
        "说明,中途调减预算,,,,,,\n" HEAD
        "产出指标,数量指标,a,100%,100%,90,90\n");

    (void)state;
    assert_int_equal(pe_project_rules(p)->rate_base, PE_BASE_INITIAL);
    assert_string_equal(pe_project_rules_note(p),
                        "rules inferred from the table: 执行率 on 年初预算数 "
                        "(printed 65.59%)");
    assert_string_equal(total(p), "96.56");
    pe_project_free(p);
}

/* Full marks everywhere: nothing to read, the default stands. */
static void test_no_evidence(void **state)
{
    pe_project *p = infer(HEAD "产出指标,数量指标,a,≥1场,4场,50,50\n"
                               ",,b,100%,100%,50,50\n");
    pe_rules def;

    (void)state;
    pe_rules_default(&def);
    assert_int_equal(pe_project_rules(p)->rounding, def.rounding);
    assert_int_equal(pe_project_rules(p)->places, def.places);
    assert_int_equal(pe_project_rules(p)->funds_in_total, def.funds_in_total);
    assert_string_equal(pe_project_rules_note(p),
                        "the table's own numbers agree with mof-2020: nothing "
                        "in them departs from it");
    pe_project_free(p);
}

/* A tie between two roundings that explain the same scores leaves the
 * default (5.9933… is 5.99 both ways). */
static void test_tie_keeps_default(void **state)
{
    pe_project *p = infer(
        "项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分\n"
        ",年度资金总额,3,3,1.798,10,59.93%,5.99\n"
        "说明,资金紧张,,,,,,\n" HEAD "产出指标,数量指标,a,100%,100%,90,90\n");

    (void)state;
    assert_int_equal(pe_project_rules(p)->rounding, PE_ROUND_HALF_UP);
    assert_int_equal(pe_project_rules(p)->places, 2);
    assert_string_equal(total(p), "95.99");
    pe_project_free(p);
}

/* The built-in rule sets: mof-2020 is pe_rules_default(); the names the
 * list gives all load; an unknown name is a usage error. */
static void test_builtins(void **state)
{
    pe_rules a, b;
    const char *name, *desc;
    size_t n = 0;

    (void)state;
    pe_rules_default(&a);
    assert_int_equal(pe_rules_builtin("mof-2020", &b), PE_OK);
    assert_int_equal(memcmp(&a, &b, sizeof a), 0);
    while ((name = pe_rules_builtin_list(n, &desc))) {
        assert_int_equal(pe_rules_builtin(name, &b), PE_OK);
        assert_string_equal(b.name, name);
        assert_true(strlen(desc) > 10);
        n++;
    }
    assert_int_equal(n, 5);
    assert_int_equal(pe_rules_builtin("mof-2020-truncate", &b), PE_OK);
    assert_int_equal(b.rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(pe_rules_builtin("mof-2020-whole", &b), PE_OK);
    assert_int_equal(b.places, 0);
    assert_int_equal(pe_rules_builtin("guangxi", &b), PE_OK);
    assert_int_equal(b.overachieve_ratio.coef, 13);
    assert_int_equal(b.overachieve_ratio.scale, 1);
    assert_int_equal(pe_rules_builtin("mof-2021", &b), PE_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncate),
        cmocka_unit_test(test_half_up_is_the_default),
        cmocka_unit_test(test_whole_points),
        cmocka_unit_test(test_most_scores_win),
        cmocka_unit_test(test_funds_outside_by_weights),
        cmocka_unit_test(test_funds_outside_by_totals),
        cmocka_unit_test(test_funds_inside),
        cmocka_unit_test(test_rate_on_initial),
        cmocka_unit_test(test_no_evidence),
        cmocka_unit_test(test_tie_keeps_default),
        cmocka_unit_test(test_builtins),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
