/* Unit tests of checking a 绩效自评报告 against its table
 * (src/report_check.c) and of reading a report's text (pe_report_text,
 * pe_docx_text in src/docx_read.c), against the fixtures in
 * tests/data/report; tests run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perfeval.h"
#include "project.h"
#include "sheet.h"
#include "test_util.h"

#define DIR "tests/data/report/"
#define SMALL DIR "small.json"

static pe_project *load_scored(const char *path)
{
    pe_buf in = {0, 0, 0};
    pe_error err;
    pe_project *p = NULL;

    memset(&err, 0, sizeof err);
    assert_int_equal(pe_io_read(path, &in, &err), PE_OK);
    assert_int_equal(pe_project_load_json(in.data, in.len, path, &p, &err),
                     PE_OK);
    pe_buf_free(&in);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    return p;
}

/* The report's text as pe_report_text() gives it; the caller frees it. */
static pe_buf text_of(const char *path)
{
    pe_buf in = {0, 0, 0}, out = {0, 0, 0};
    pe_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(pe_io_read(path, &in, &err), PE_OK);
    if (pe_report_text(in.data, in.len, path, &out, &err) != PE_OK)
        fail_msg("%s: %s", path, err.msg);
    pe_buf_free(&in);
    return out;
}

/* Check the report at path against p: the number of findings added, the
 * first of them at *from. */
static size_t check(pe_project *p, const char *path, size_t *from)
{
    pe_buf t = text_of(path);
    pe_error err;
    size_t n = 99;

    memset(&err, 0, sizeof err);
    *from = pe_project_nfindings(p);
    assert_int_equal(pe_report_check(p, t.data, t.len, path, &n, &err), PE_OK);
    assert_int_equal(pe_project_nfindings(p), *from + n);
    pe_buf_free(&t);
    return n;
}

static void expect(const pe_project *p, size_t i, const char *code, long row,
                   const char *msg, const char *msg_zh)
{
    const pe_finding *f = pe_project_finding(p, i);

    assert_non_null(f);
    assert_int_equal(f->severity, PE_SEV_ERROR);
    assert_string_equal(f->code, code);
    assert_int_equal(f->row, row);
    assert_string_equal(f->msg, msg);
    if (msg_zh)
        assert_string_equal(f->msg_zh, msg_zh);
}

/* ------------------------------------------------- the seed's report */

/* The 2021 report in other words: the 2020年 of its money sentence and
 * its 59.93% against the table's printed 59.90% are the only findings;
 * 郑发[2019]18号, 3万元, 1.798万元, 培训4场次, 280人, 95.58 and 优 agree. */
static void test_seed_report(void **state)
{
    pe_project *p = tu_seed(0, 1);
    size_t from, n;

    (void)state;
    n = check(p, DIR "shangjie-2021-report.txt", &from);
    assert_int_equal(n, 2);
    expect(p, from, "report-year", -1,
           "tests/data/report/shangjie-2021-report.txt:7: the report says "
           "2020年, the table is for 2021: \"2020年，本项目全年预算3万元，全年"
           "执行1.798万元，预算执行率为59.93%\"",
           "tests/data/report/shangjie-2021-report.txt:7：报告写 2020年，表为 "
           "2021年度：“2020年，本项目全年预算3万元，全年执行1.798万元，预算执行"
           "率为59.93%”");
    expect(p, from + 1, "report-rate", 0,
           "tests/data/report/shangjie-2021-report.txt:7: the report says "
           "执行率 59.93%, the table prints 59.90% and its 执行数/预算数 is "
           "59.93%: \"2020年，本项目全年预算3万元，全年执行1.798万元，预算执行"
           "率为59.93%\"",
           "tests/data/report/shangjie-2021-report.txt:7：报告写执行率 "
           "59.93%，表中填报 59.90%，执行数/预算数为 59.93%：“2020年，本项目全"
           "年预算3万元，全年执行1.798万元，预算执行率为59.93%”");
    /* scoring again starts the findings afresh */
    {
        pe_error err;

        assert_int_equal(pe_project_score(p, &err), PE_OK);
        assert_int_equal(pe_project_nfindings(p), from);
    }
    pe_project_free(p);
}

/* perfeval's own draft restates its table: no findings, for the seed
 * under its own rules, under the MoF rules (where perfeval's 95.59 is not
 * the 95.58 the table prints: the draft gives the table's, and its own in
 * brackets), and for the small fixture; as markdown and as a .docx. */
static void test_own_draft(void **state)
{
    pe_project *ps[3];
    char path[] = "/tmp/pe-draft-XXXXXX";
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    close(fd);
    ps[0] = tu_seed(0, 1);
    ps[1] = tu_seed(1, 1);
    ps[2] = load_scored(SMALL);
    for (size_t i = 0; i < NELEMS(ps); i++) {
        pe_buf md = {0, 0, 0}, docx = {0, 0, 0}, text = {0, 0, 0};
        pe_error err;
        size_t n = 99, from = pe_project_nfindings(ps[i]);

        memset(&err, 0, sizeof err);
        assert_int_equal(pe_render_report(ps[i], &md), PE_OK);
        assert_int_equal(
            pe_report_check(ps[i], md.data, md.len, "draft.md", &n, &err),
            PE_OK);
        assert_int_equal(n, 0);
        assert_int_equal(pe_render_report_docx(ps[i], path, &err), PE_OK);
        assert_int_equal(pe_io_read(path, &docx, &err), PE_OK);
        assert_int_equal(pe_report_text(docx.data, docx.len, path, &text, &err),
                         PE_OK);
        assert_int_equal(
            pe_report_check(ps[i], text.data, text.len, "draft.docx", &n, &err),
            PE_OK);
        assert_int_equal(n, 0);
        assert_int_equal(pe_project_nfindings(ps[i]), from);
        pe_buf_free(&md);
        pe_buf_free(&docx);
        pe_buf_free(&text);
        pe_project_free(ps[i]);
    }
    unlink(path);
}

/* Every number of the fixture changed: each is read and attributed. */
static void test_seed_report_drifted(void **state)
{
    static const struct {
        const char *from, *to;
    } edits[] = {
        {"全年预算3万元", "全年预算3.5万元"},
        {"全年执行1.798万元", "全年执行1.8万元"},
        {"培训4场次", "培训5场次"},
        {"参加培训人数280人", "参加培训人数300人"},
        {"参与度≥95%", "参与度≥90%"},
        {"自评得分95.58分", "自评得分95.85分"},
        {"评价等级为优", "评价等级为良"},
    };
    static const char *const codes[] = {
        "report-year",      "report-rate",      "report-money",
        "report-money",     "report-indicator", "report-indicator",
        "report-indicator", "report-score",     "report-grade"};
    pe_project *p = tu_seed(0, 1);
    pe_buf t = text_of(DIR "shangjie-2021-report.txt");
    char *s = malloc(t.len + 1);
    pe_error err;
    size_t n, from = pe_project_nfindings(p);

    (void)state;
    assert_non_null(s);
    memcpy(s, t.data, t.len + 1);
    for (size_t i = 0; i < NELEMS(edits); i++)
        s = tu_subst(s, edits[i].from, edits[i].to);
    assert_int_equal(pe_report_check(p, s, strlen(s), "r.txt", &n, &err),
                     PE_OK);
    assert_int_equal(n, NELEMS(codes));
    for (size_t i = 0; i < n; i++)
        assert_string_equal(pe_project_finding(p, from + i)->code, codes[i]);
    expect(
        p, from + 2, "report-money", 0,
        "r.txt:7: the report says 全年预算数 3.5万元, the table has 3万元: "
        "\"2020年，本项目全年预算3.5万元，全年执行1.8万元，预算执行率为"
        "59.93%\"",
        "r.txt:7：报告写全年预算数 3.5万元，表中为 3万元：“2020年，本项目全年"
        "预算3.5万元，全年执行1.8万元，预算执行率为59.93%”");
    expect(p, from + 3, "report-money", 0,
           "r.txt:7: the report says 全年执行数 1.8万元, the table has "
           "1.798万元: \"2020年，本项目全年预算3.5万元，全年执行1.8万元，预算执"
           "行率为59.93%\"",
           NULL);
    expect(p, from + 4, "report-indicator", 10,
           "r.txt:11: 培训场次: the report says 5场次, the table's 实际完成值 "
           "is 4场: \"全年组织社治干部观摩、培训5场次，参加培训人数300人\"",
           "r.txt:11：培训场次：报告写 5场次，表中实际完成值为 4场：“全年组织社"
           "治干部观摩、培训5场次，参加培训人数300人”");
    expect(
        p, from + 5, "report-indicator", 9,
        "r.txt:11: 参加培训人数: the report says 300人, the table's "
        "实际完成值 is 280人: \"全年组织社治干部观摩、培训5场次，参加培训人数"
        "300人\"",
        NULL);
    expect(p, from + 6, "report-indicator", 12,
           "r.txt:13: 培训参与度: the report says ≥90%, the table's 实际完成值 "
           "is ≥95%: \"社治干部培训参与度≥90%，参训人员对培训的满意度达到95%以"
           "上\"",
           NULL);
    expect(
        p, from + 7, "report-score", -1,
        "r.txt:16: the report says 总分 95.85, the table's 总分 is 95.58: "
        "\"经对照附件1逐项评分，本项目自评得分95.85分，评价等级为良\"",
        "r.txt:16：报告写总分 95.85，表中总分为 95.58：“经对照附件1逐项评分，"
        "本项目自评得分95.85分，评价等级为良”");
    expect(
        p, from + 8, "report-grade", -1,
        "r.txt:16: the report says 等级 良, the table's grade is 优: \"经对照"
        "附件1逐项评分，本项目自评得分95.85分，评价等级为良\"",
        "r.txt:16：报告写等级 良，表中等级为 优：“经对照附件1逐项评分，本项目"
        "自评得分95.85分，评价等级为良”");
    free(s);
    pe_buf_free(&t);
    pe_project_free(p);
}

/* ------------------------------------------------- one code at a time */

/* Each fixture: its true contradictions first, then sentences that look
 * like one and are not (see the comments in each test). */
static void test_rate(void **state)
{
    pe_project *p = load_scored(SMALL);
    size_t from;

    (void)state;
    /* not flagged: 提高5% (a change), 低于70% (a threshold), 满意度 nearer
     * to 96% than 预算执行, 60% and 59.9% (59.93% at their places) */
    assert_int_equal(check(p, DIR "rate.txt", &from), 1);
    expect(p, from, "report-rate", 0,
           "tests/data/report/rate.txt:1: the report says 执行率 61.5%, the "
           "table prints 59.93%: \"全年预算执行率为61.5%\"",
           "tests/data/report/rate.txt:1：报告写执行率 61.5%，表中填报 59.93%："
           "“全年预算执行率为61.5%”");
    pe_project_free(p);
}

/* The seed table prints 59.90% and its money gives 59.93%: a report
 * restates the table, so 59.90% and 59.9% agree with it (the table at
 * odds with itself is rate-mismatch's finding), and 59.93% does not. */
static void test_rate_printed_only(void **state)
{
    static const char text[] = "预算执行率为59.90%。执行率59.9%。"
                               "预算执行率为59.93%。";
    pe_project *p = tu_seed(0, 1);
    pe_error err;
    size_t n, from = pe_project_nfindings(p);

    (void)state;
    assert_int_equal(pe_report_check(p, text, strlen(text), "r.md", &n, &err),
                     PE_OK);
    assert_int_equal(n, 1);
    expect(p, from, "report-rate", 0,
           "r.md:1: the report says 执行率 59.93%, the table prints 59.90% and "
           "its 执行数/预算数 is 59.93%: \"预算执行率为59.93%\"",
           NULL);
    pe_project_free(p);
}

static void test_money(void **state)
{
    pe_project *p = load_scored(SMALL);
    size_t from;

    (void)state;
    /* not flagged: 30000元 (3万元), 全年支出3万元 (a budget figure in an
     * 支出 clause), 1.2万元 and 5980元 (其中 rows), 结余, 每年, money of
     * others (村集体, 自筹, 社会, 群众) */
    assert_int_equal(check(p, DIR "money.txt", &from), 2);
    expect(p, from, "report-money", 0,
           "tests/data/report/money.txt:1: the report says 全年执行数 1.8万元, "
           "the table has 1.798万元: \"全年执行1.8万元\"",
           "tests/data/report/money.txt:1：报告写全年执行数 1.8万元，表中为 "
           "1.798万元：“全年执行1.8万元”");
    expect(
        p, from + 1, "report-money", 0,
        "tests/data/report/money.txt:2: the report says 3.5万元, none of "
        "the table's amounts (年初预算数 3万元, 全年预算数 3万元, 全年执行数 "
        "1.798万元): \"项目资金3.5万元\"",
        "tests/data/report/money.txt:2：报告写资金 3.5万元，与表中金额均不符"
        "（年初预算数 3万元、全年预算数 3万元、全年执行数 1.798万元）：“项目"
        "资金3.5万元”");
    pe_project_free(p);
}

/* 元 against a 万元 amount printed to three places may be finer; a 万元
 * amount written to two places may be the table's cut or rounded to them
 * (1.80 or 1.79 for 1.798, 百元); to one place (千元) it never is. */
static void test_money_places(void **state)
{
    static const char fine[] = "全年执行17983元。";
    static const char exact[] = "全年执行17980.00元，全年预算30,000元。";
    static const char hundreds[] = "全年执行1.80万元。全年执行1.79万元。";
    static const char coarse[] = "全年执行1.8万元。全年执行1.81万元。";
    pe_project *p = load_scored(SMALL);
    pe_error err;
    size_t n, from = pe_project_nfindings(p);

    (void)state;
    assert_int_equal(pe_report_check(p, fine, strlen(fine), "r", &n, &err),
                     PE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(pe_report_check(p, exact, strlen(exact), "r", &n, &err),
                     PE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(
        pe_report_check(p, hundreds, strlen(hundreds), "r", &n, &err), PE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(pe_report_check(p, coarse, strlen(coarse), "r", &n, &err),
                     PE_OK);
    assert_int_equal(n, 2);
    expect(p, from, "report-money", 0,
           "r:1: the report says 全年执行数 1.8万元, the table has 1.798万元: "
           "\"全年执行1.8万元\"",
           NULL);
    expect(p, from + 1, "report-money", 0,
           "r:1: the report says 全年执行数 1.81万元, the table has 1.798万元: "
           "\"全年执行1.81万元\"",
           NULL);
    pe_project_free(p);
}

static void test_score(void **state)
{
    pe_project *p = load_scored(SMALL);
    size_t from;

    (void)state;
    /* not flagged: 总分值100分, 总分100分 (the maximum), a row's 得分, 96
     * and 95.99 (95.99 at their places), 自评分值100分 (the maximum) */
    assert_int_equal(check(p, DIR "score.txt", &from), 2);
    expect(
        p, from, "report-score", -1,
        "tests/data/report/score.txt:1: the report says 总分 96.5, the "
        "table's 总分 is 95.99: \"本项目自评得分为96.5分\"",
        "tests/data/report/score.txt:1：报告写总分 96.5，表中总分为 95.99：“本"
        "项目自评得分为96.5分”");
    /* the 保山 form's "绩效自评分为…分" */
    expect(p, from + 1, "report-score", -1,
           "tests/data/report/score.txt:5: the report says 总分 96.5, the "
           "table's 总分 is 95.99: \"自评分值100分，绩效自评分为96.5分\"",
           NULL);
    pe_project_free(p);
}

static void test_grade(void **state)
{
    pe_project *p = load_scored(SMALL);
    size_t from;

    (void)state;
    /* not flagged: 效果良好 (no grade word after a key), 风险等级为中 (no
     * evaluation in the sentence), 结果为优秀 (优), 结果为中期 (a word),
     * the scale 良（80分至90分）、优（90分及以上） */
    assert_int_equal(check(p, DIR "grade.txt", &from), 1);
    expect(
        p, from, "report-grade", -1,
        "tests/data/report/grade.txt:1: the report says 等级 良, the "
        "table's grade is 优: \"经评价，评价等级为良\"",
        "tests/data/report/grade.txt:1：报告写等级 良，表中等级为 优：“经评价，"
        "评价等级为良”");
    pe_project_free(p);
}

static void test_year(void **state)
{
    pe_project *p = load_scored(SMALL);
    size_t from;

    (void)state;
    /* not flagged: 郑发[2019]18号, 财预〔2020〕10号, 财预〔2020年〕10号,
     * 《2019年度…办法》, 2019年以来, 2020年至2022年, 2020年12月, 2022年将
     * (a plan), 较2020年 (a comparison), 2021年度, 2019年 in a sentence
     * about neither money nor the evaluation, a year in a bracketed remark
     * (（含2020年转列…）) and an issue number (纪要2020年第13期) */
    assert_int_equal(check(p, DIR "year.txt", &from), 1);
    expect(
        p, from, "report-year", -1,
        "tests/data/report/year.txt:1: the report says 2019年, the table is "
        "for 2021: \"2019年项目预算资金3万元\"",
        "tests/data/report/year.txt:1：报告写 2019年，表为 2021年度：“2019年项"
        "目预算资金3万元”");
    pe_project_free(p);
}

/* A range that leaves the table's year out is a finding. */
static void test_year_range(void **state)
{
    static const char text[] = "2018-2020年项目资金执行良好。";
    pe_project *p = load_scored(SMALL);
    pe_error err;
    size_t n, from = pe_project_nfindings(p);

    (void)state;
    assert_int_equal(pe_report_check(p, text, strlen(text), "r", &n, &err),
                     PE_OK);
    assert_int_equal(n, 1);
    expect(p, from, "report-year", -1,
           "r:1: the report says 2018-2020年, the table is for 2021: "
           "\"2018-2020年项目资金执行良好\"",
           "r:1：报告写 2018-2020年，表为 "
           "2021年度：“2018-2020年项目资金执行良好”");
    pe_project_free(p);
}

static void test_indicator(void **state)
{
    pe_project *p = load_scored(SMALL);
    size_t from;

    (void)state;
    /* not flagged: 100余人 (approximate), two 满意度 rows named at once,
     * 较上年增加 (a change), a sentence with a date (one event), 人次
     * against 人, and the agreeing 96%, 92%, 100册 */
    assert_int_equal(check(p, DIR "indicator.txt", &from), 3);
    expect(
        p, from, "report-indicator", 1,
        "tests/data/report/indicator.txt:1: 参加培训人数: the report says "
        "300人, the table's 实际完成值 is 280人: \"参加培训人数300人\"",
        "tests/data/report/indicator.txt:1：参加培训人数：报告写 300人，表中实"
        "际完成值为 280人：“参加培训人数300人”");
    /* the core 培训 right before the number, in the suffix's unit */
    expect(p, from + 1, "report-indicator", 2,
           "tests/data/report/indicator.txt:2: 培训场次: the report says "
           "5场次, the table's 实际完成值 is 4场: \"全年开展培训5场次\"",
           NULL);
    /* the core 宣传册印刷 without 数量 */
    expect(p, from + 2, "report-indicator", 3,
           "tests/data/report/indicator.txt:3: 宣传册印刷数量: the report says "
           "120册, the table's 实际完成值 is 100册: \"宣传册印刷120册\"",
           NULL);
    pe_project_free(p);
}

/* A table pasted into the text, cell by cell, is no prose: tabs, pipes and
 * runs of spaces end clauses, and numbers side by side are a row. */
static void test_pasted_table(void **state)
{
    static const char text[] =
        "投入管理\t预算执行率\t100%\t59.90%\t1.00\t0.59\n"
        "| 预算执行率 | 100% | 59.90% | 1.00 | 0.59 |\n"
        "预算执行率  100%  59.90%\n"
        "预算执行率 100% 59.90% 1.00 0.59\n"
        "年度资金总额:\t3\t3\t1.798\t59.90%\t10\t5.99\n";
    pe_project *p = tu_seed(0, 1);
    pe_error err;
    size_t n;

    (void)state;
    assert_int_equal(pe_report_check(p, text, strlen(text), "r", &n, &err),
                     PE_OK);
    assert_int_equal(n, 0);
    pe_project_free(p);
}

/* A long sentence is quoted around its number, 80 characters (38 before
 * it, 39 after), cut with "…". */
static void test_quote(void **state)
{
    static const char text[] =
        "为贯彻落实上级关于城乡社区发展治理的部署，进一步提升社区工作者的业"
        "务能力和服务水平，本单位在年度内统筹安排社区发展治理工作经费并严格"
        "按照财务制度管理使用，预算执行率为61%，其余资金因客观原因未能按计划"
        "使用完毕，相关情况已在附件中作出说明并提出了后续改进的具体措施和时间"
        "安排。";
    pe_project *p = tu_seed(0, 1);
    pe_error err;
    size_t n, from = pe_project_nfindings(p);

    (void)state;
    assert_int_equal(pe_report_check(p, text, strlen(text), "r", &n, &err),
                     PE_OK);
    assert_int_equal(n, 1);
    expect(
        p, from, "report-rate", 0,
        "r:1: the report says 执行率 61%, the table prints 59.90% and its "
        "执行数/预算数 is 59.93%: \"…在年度内统筹安排社区发展治理工作经费并"
        "严格按照财务制度管理使用，预算执行率为61%，其余资金因客观原因未能按计"
        "划使用完毕，相关情况已在附件中作出说明并提出了后续…\"",
        NULL);
    pe_project_free(p);
}

/* ---------------------------------------------------- errors and API */

static void test_errors(void **state)
{
    static const char bad[] = "一。\n二。\n执行率为\xff"
                              "59%。";
    pe_project *p = tu_seed(0, 0);
    pe_error err;
    size_t n = 7;

    (void)state;
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_report_check(p, "x", 1, "r.txt", &n, &err), PE_EUSAGE);
    assert_int_equal(n, 0);
    assert_string_equal(err.file, "r.txt");
    assert_string_equal(err.msg, "the table must be scored before a report is "
                                 "checked against it");
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    n = 7;
    assert_int_equal(pe_report_check(p, bad, sizeof bad - 1, "r.txt", &n, &err),
                     PE_EDATA);
    assert_int_equal(n, 0);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "the report is not UTF-8 text");
    /* empty text: nothing to say */
    assert_int_equal(pe_report_check(p, "", 0, "r.txt", &n, &err), PE_OK);
    assert_int_equal(n, 0);
    pe_project_free(p);
}

/* ------------------------------------------------------ reading text */

static void text_fails(const char *path, const char *msg, long line)
{
    pe_buf in = {0, 0, 0}, out = {0, 0, 0};
    pe_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(pe_io_read(path, &in, &err), PE_OK);
    assert_int_equal(pe_report_text(in.data, in.len, path, &out, &err),
                     PE_EDATA);
    assert_string_equal(err.file, path);
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(out.len, 0);
    pe_buf_free(&in);
    pe_buf_free(&out);
}

/* The LibreOffice report: its paragraphs, the 附件1 table left out. */
static void test_docx_text(void **state)
{
    pe_buf t = text_of("data/shangjie-2021-report.docx");
    pe_project *p = tu_seed(0, 1);
    pe_error err;
    size_t n;

    (void)state;
    assert_string_equal(t.data, "2021年社区发展治理工作经费绩效自评报告\n"
                                "一、项目资金情况：年初预算3万元，全年执行"
                                "1.798万元。\n"
                                "二、绩效目标完成情况见附件1。\n"
                                "附件1\n"
                                "三、评价结论：自评得分95.58分，等级为优。\n");
    assert_null(strstr(t.data, "年初预算数"));
    assert_int_equal(pe_report_check(p, t.data, t.len, "r.docx", &n, &err),
                     PE_OK);
    assert_int_equal(n, 0);
    pe_buf_free(&t);
    pe_project_free(p);
}

/* Text boxes once (not their fallback copy), tab stops no tabs, deleted
 * text gone, nested tables left out, an empty paragraph an empty line. */
static void test_docx_parts(void **state)
{
    pe_buf t = text_of(DIR "textbox.docx");
    pe_project *p = tu_seed(0, 1);
    pe_error err;
    size_t n;

    (void)state;
    assert_string_equal(t.data, "一、资金：全年预算3万元\t执行1.798万元。\n"
                                "\n"
                                "二、自评得分95.58分， 等级为优。（完）\n"
                                "文本框：培训4场次。\n"
                                "三、结束。\n");
    assert_int_equal(pe_report_check(p, t.data, t.len, "t.docx", &n, &err),
                     PE_OK);
    assert_int_equal(n, 0);
    pe_buf_free(&t);
    pe_project_free(p);
}

/* A table in a document with a paragraph before it: line 1 is the
 * paragraph, whatever the table holds. */
static void test_docx_merged(void **state)
{
    pe_project *p = tu_seed(0, 1);
    size_t from;

    (void)state;
    assert_int_equal(check(p, "tests/data/office/hand/merged.docx", &from), 1);
    expect(p, from, "report-rate", 0,
           "tests/data/office/hand/merged.docx:1: the report says 执行率 "
           "59.93%, the table prints 59.90% and its 执行数/预算数 is 59.93%: "
           "\"一、概述：本项目预算 3 万元，执行率 59.93%\"",
           NULL);
    pe_project_free(p);
}

/* GB18030 with CRLF reads as the UTF-8 text with LF. */
static void test_encodings(void **state)
{
    static const char want[] = "本项目全年预算3万元，预算执行率为59.93%。\n"
                               "自评得分95.58分。\n";
    static const char utf8[] = "\xEF\xBB\xBF本项目全年预算3万元，预算执行率为"
                               "59.93%。\r\n自评得分95.58分。\r\n";
    pe_buf t = text_of(DIR "gb18030.txt"), u = {0, 0, 0};
    pe_error err;

    (void)state;
    assert_string_equal(t.data, want);
    assert_int_equal(pe_report_text(utf8, sizeof utf8 - 1, "u.txt", &u, &err),
                     PE_OK);
    assert_string_equal(u.data, want);
    pe_buf_free(&t);
    pe_buf_free(&u);
}

static void test_text_refused(void **state)
{
    static const char nul[] = "第一行\n第二\0行\n";
    pe_buf out = {0, 0, 0};
    pe_error err;

    (void)state;
    text_fails("tests/data/office/other/shangjie-2021-report.doc",
               "a Word 97-2003 document (.doc) or another OLE file: save the "
               "report as .docx or .txt",
               0);
    text_fails("tests/data/office/other/shangjie-2021-report.odt",
               "an OpenDocument file (.odt): save the report as .docx or .txt",
               0);
    text_fails("tests/data/office/hand/not-office.zip",
               "a zip archive, but not a Word document: it has no "
               "word/document.xml",
               0);
    text_fails("tests/data/office/hand/truncated.xlsx",
               "not a readable zip archive: it is truncated or damaged (Not a "
               "zip archive)",
               0);
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_report_text(nul, sizeof nul - 1, "n.txt", &out, &err),
                     PE_EDATA);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "binary data (byte 0x00), not the text of a "
                                 "report: give it as .txt, .md or .docx");
    assert_int_equal(pe_report_text("%PDF-1.4\n", 9, "r.pdf", &out, &err),
                     PE_EDATA);
    assert_string_equal(err.msg, "a PDF file: save the report as .docx or "
                                 ".txt (a PDF's text is not read)");
    assert_int_equal(out.len, 0);
    pe_buf_free(&out);
}

/* pe_docx_text() appends, and a failure leaves out as it was. */
static void test_docx_text_appends(void **state)
{
    pe_buf in = {0, 0, 0}, out = {0, 0, 0};
    pe_error err;

    (void)state;
    assert_int_equal(pe_io_read("data/shangjie-2021-report.docx", &in, &err),
                     PE_OK);
    assert_int_equal(pe_buf_puts(&out, "前\n"), PE_OK);
    assert_int_equal(
        pe_docx_text(in.data, in.len, "r.docx", 1 << 20, &out, &err), PE_OK);
    assert_memory_equal(out.data, "前\n2021年", strlen("前\n2021年"));
    out.len = strlen("前\n");
    out.data[out.len] = '\0';
    assert_int_equal(
        pe_docx_text(in.data, in.len / 2, "r.docx", 1 << 20, &out, &err),
        PE_EDATA);
    assert_string_equal(out.data, "前\n");
    pe_buf_free(&in);
    pe_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_report),
        cmocka_unit_test(test_seed_report_drifted),
        cmocka_unit_test(test_own_draft),
        cmocka_unit_test(test_rate),
        cmocka_unit_test(test_rate_printed_only),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_money_places),
        cmocka_unit_test(test_score),
        cmocka_unit_test(test_grade),
        cmocka_unit_test(test_year),
        cmocka_unit_test(test_year_range),
        cmocka_unit_test(test_indicator),
        cmocka_unit_test(test_pasted_table),
        cmocka_unit_test(test_quote),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_docx_text),
        cmocka_unit_test(test_docx_parts),
        cmocka_unit_test(test_docx_merged),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_text_refused),
        cmocka_unit_test(test_docx_text_appends),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
