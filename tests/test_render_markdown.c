/* Unit tests of --format markdown (src/render_markdown.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "project.h"
#include "test_util.h"

static char *render(const pe_project *p)
{
    pe_buf b = {0};

    assert_int_equal(pe_render_markdown(p, &b), PE_OK);
    assert_non_null(b.data);
    assert_int_equal(strlen(b.data), b.len);
    return b.data;
}

/* Line k (0-based) of out, copied. */
static char *line_at(const char *out, size_t k)
{
    const char *s = out, *nl;
    char *d;

    for (; k > 0; k--) {
        nl = strchr(s, '\n');
        assert_non_null(nl);
        s = nl + 1;
    }
    nl = strchr(s, '\n');
    assert_non_null(nl);
    d = strndup(s, (size_t)(nl - s));
    assert_non_null(d);
    return d;
}

static int has_line(const char *out, const char *line)
{
    size_t n = strlen(line);

    for (const char *s = out; *s;) {
        const char *nl = strchr(s, '\n');

        if (!nl)
            return 0;
        if ((size_t)(nl - s) == n && memcmp(s, line, n) == 0)
            return 1;
        s = nl + 1;
    }
    return 0;
}

#define assert_line(out, l)                                                    \
    do {                                                                       \
        if (!has_line(out, l))                                                 \
            fail_msg("no line \"%s\" in:\n%s", l, out);                        \
    } while (0)

/* Cell separators of a table line: "|" not escaped by a backslash. */
static int pipes(const char *s, size_t n)
{
    int k = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n)
            i++;
        else if (s[i] == '|')
            k++;
    }
    return k;
}

/* Every line ends in "\n", none in "\r"; the lines of one table all have
 * the same number of cells; blank lines separate the blocks. */
static void check_shape(const char *out)
{
    int want = -1;

    assert_true(out[0] != '\0');
    assert_int_equal(out[strlen(out) - 1], '\n');
    assert_null(strchr(out, '\r'));
    for (const char *s = out; *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = (size_t)(nl - s);

        if (n == 0) {
            want = -1;
        } else if (s[0] == '|') {
            int k = pipes(s, n);

            if (want < 0)
                want = k;
            if (k != want)
                fail_msg("%d cells where the table has %d: %.*s", k - 1,
                         want - 1, (int)n, s);
            assert_int_equal(s[n - 1], '|');
        }
        s = nl + 1;
    }
}

static void test_seed_header(void **state)
{
    pe_project *p = tu_seed(0, 1);
    char *out = render(p), *l;

    (void)state;
    check_shape(out);
    l = line_at(out, 0);
    assert_string_equal(l, "# 项目支出绩效自评表：社区发展治理工作经费"
                           "（2021年度）");
    free(l);
    l = line_at(out, 1);
    assert_string_equal(l, "");
    free(l);
    l = line_at(out, 2);
    assert_string_equal(l, "| 项目名称 | 社区发展治理工作经费 |");
    free(l);
    l = line_at(out, 3);
    assert_string_equal(l, "| --- | --- |");
    free(l);
    l = line_at(out, 4);
    assert_string_equal(l, "| 主管部门及代码 | \\[361\\]中国共产党郑州市上街区"
                           "委员会城乡社区发展治理委员会 |");
    free(l);
    l = line_at(out, 5);
    assert_string_equal(l, "| 实施单位 | 中国共产党郑州市上街区委员会城乡社区"
                           "发展治理委员会 |");
    free(l);

    assert_line(out, "| 项目资金（万元） | 年初预算数 | 全年预算数 | "
                     "全年执行数 | 分值 | 执行率 | 得分 |");
    assert_line(out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    assert_line(out,
                "| 年度资金总额 | 3 | 3 | 1.798 | 10.00 | 59.90% | 5.99 |");
    assert_line(out, "| 其中：本年财政拨款 | 3 | 3 | 1.798 | | | |");
    assert_line(out, "| 其他资金 | | | | | | |");
    assert_line(out, "| 年度总体目标 | 实际完成情况 |");
    assert_line(out, "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 "
                     "| 分值 | 得分 | 偏差原因分析及改进措施 |");
    assert_line(out, "| --- | --- | --- | --- | --- | ---: | ---: | --- |");
    free(out);
    pe_project_free(p);
}

/* 一级 and 二级 only on a group's first row; a new 二级 inside an 一级
 * group shows the 二级 alone. */
static void test_seed_groups(void **state)
{
    pe_project *p = tu_seed(0, 1);
    char *out = render(p);

    (void)state;
    assert_line(out, "| 投入和管理目标 | 投入管理 | 预算执行率 | 100% | 59.90% "
                     "| 1.00 | 0.59 | 财政资金紧张;外出学习培训计划受洪灾、"
                     "疫情影响未进行。 |");
    assert_line(out, "| 产出指标 | 数量指标 | 参加培训人数 | ≥60人 | 280人 | "
                     "10.00 | 10.00 | |");
    assert_line(out, "| | | 培训场次 | ≥1场 | 4场 | 5.00 | 5.00 | |");
    assert_line(out, "| | 质量指标 | 培训参与度 | ≥95% | ≥95% | 5.00 | 5.00 "
                     "| |");
    assert_line(out,
                "| | | 印刷品质量合格率 | =100% | =100% | 5.00 | 5.00 | |");
    assert_line(out, "| 满意度指标 | 服务对象满意度 | 参训人员满意度 | ≥95% | "
                     "≥95% | 5.00 | 5.00 | |");
    free(out);
    pe_project_free(p);
}

/* The 总分 row, bold, is the last line; the output does not change from
 * one run to the next. */
static void test_seed_total(void **state)
{
    pe_project *p = tu_seed(0, 1);
    char *out = render(p), *again = render(p);
    const char *last = "| **总分** | | | | | **100.00** | **95.58** | "
                       "**等级：优** |\n";
    size_t n = strlen(out), k = strlen(last);

    (void)state;
    assert_true(n > k);
    assert_string_equal(out + n - k, last);
    assert_string_equal(out, again);
    free(out);
    free(again);
    pe_project_free(p);
}

/* Under the MoF rules the row computes 0.60 against the 0.59 written:
 * both show, and so do both totals. */
static void test_reported_differs(void **state)
{
    pe_project *p = tu_seed(1, 1);
    char *out = render(p);

    (void)state;
    check_shape(out);
    assert_line(out, "| 投入和管理目标 | 投入管理 | 预算执行率 | 100% | 59.90% "
                     "| 1.00 | 0.60（填 0.59） | 财政资金紧张;外出学习培训计划"
                     "受洪灾、疫情影响未进行。 |");
    assert_line(out,
                "| **总分** | | | | | **100.00** | **95.59（填 95.58）** | "
                "**等级：优** |");
    free(out);
    pe_project_free(p);
}

/* Not scored: the scores written on the table. */
static void test_unscored(void **state)
{
    pe_project *p = tu_seed(0, 0);
    char *out = render(p);

    (void)state;
    check_shape(out);
    assert_line(out,
                "| 年度资金总额 | 3 | 3 | 1.798 | 10.00 | 59.90% | 5.99 |");
    assert_line(out, "| | | 培训场次 | ≥1场 | 4场 | 5.00 | 5.00 | |");
    assert_line(out, "| **总分** | | | | | **100.00** | **95.58** | "
                     "**等级：优** |");
    free(out);
    pe_project_free(p);
}

static char *S(const char *s)
{
    char *d = strdup(s);

    assert_non_null(d);
    return d;
}

/* Pipes, markup, HTML and line breaks inside cells cannot break the table
 * or the page. */
static void test_escaping(void **state)
{
    pe_project *p = pe_project_new("t.json");
    char *out;

    (void)state;
    assert_non_null(p);
    p->name = S("a|b # c #");
    p->year = 2022;
    p->unit = S("x\r\ny");
    p->nind = 1;
    p->ind = calloc(1, sizeof *p->ind);
    assert_non_null(p->ind);
    p->ind[0].level1 = S("`产出`");
    p->ind[0].level2 = S("*数量*");
    p->ind[0].name = S("<script>alert(1)</script>");
    p->ind[0].target = S("[x](http://e.com)");
    p->ind[0].actual = S("a_b~c\\d");
    p->ind[0].reason = S("one\ntwo\rthree\tfour");
    p->ind[0].weight.coef = 5;
    p->ind[0].weight_set = 1;
    p->scored = 1;
    p->ind[0].score.coef = 5;
    p->ind[0].has_score = 1;
    p->total.coef = 5;
    strcpy(p->grade, "差");

    out = render(p);
    check_shape(out);
    assert_line(out, "# 项目支出绩效自评表：a\\|b \\# c \\#（2022年度）");
    assert_line(out, "| 实施单位 | x<br>y |");
    assert_line(out,
                "| \\`产出\\` | \\*数量\\* | \\<script\\>alert(1)\\</script\\> "
                "| \\[x\\](http://e.com) | a\\_b\\~c\\\\d | 5.00 | 5.00 | "
                "one<br>two<br>three four |");
    assert_line(out,
                "| **总分** | | | | | **5.00** | **5.00** | **等级：差** |");
    /* no funds, no goals: not even their headers */
    assert_null(strstr(out, "项目资金"));
    assert_null(strstr(out, "年度总体目标"));
    free(out);
    pe_project_free(p);
}

/* An empty project still renders: a heading, the header and the table. */
static void test_minimal(void **state)
{
    pe_project *p = pe_project_new("t.json");
    char *out;

    (void)state;
    assert_non_null(p);
    out = render(p);
    check_shape(out);
    assert_line(out, "# 项目支出绩效自评表");
    assert_line(out, "| 项目名称 | |");
    assert_line(out, "| 主管部门及代码 | |");
    assert_line(out, "| **总分** | | | | | **0.00** | | |");
    free(out);
    pe_project_free(p);
}

/* Appends to what the buffer holds. */
static void test_appends(void **state)
{
    pe_project *p = tu_seed(0, 1);
    pe_buf b = {0};

    (void)state;
    assert_int_equal(pe_buf_puts(&b, "before\n"), PE_OK);
    assert_int_equal(pe_render_markdown(p, &b), PE_OK);
    assert_true(strncmp(b.data, "before\n# 项目支出绩效自评表",
                        strlen("before\n# 项目支出绩效自评表")) == 0);
    assert_int_equal(pe_render_markdown(NULL, &b), PE_EUSAGE);
    pe_buf_free(&b);
    pe_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_header),
        cmocka_unit_test(test_seed_groups),
        cmocka_unit_test(test_seed_total),
        cmocka_unit_test(test_reported_differs),
        cmocka_unit_test(test_unscored),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_appends),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
