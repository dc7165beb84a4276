/* Unit tests of the terminal table (src/render_table.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "project.h"

static pe_dec D(int64_t coef, int scale)
{
    pe_dec d;

    d.coef = coef;
    d.scale = scale;
    return d;
}

static pe_opt_dec O(int64_t coef, int scale)
{
    pe_opt_dec o;

    o.present = 1;
    o.v = D(coef, scale);
    return o;
}

static char *S(const char *s)
{
    char *d = strdup(s);

    assert_non_null(d);
    return d;
}

#define LONG_REASON                                                            \
    "budget cut in July, training moved online after the flood and the "       \
    "rest postponed to the next year"

/* One row as the loader and the scorer would leave it. */
static void row(pe_indicator *r, const char *l1, const char *l2,
                const char *name, const char *target, const char *actual,
                pe_dec weight, pe_opt_dec reported, pe_dec score,
                const char *reason)
{
    r->level1 = S(l1);
    r->level2 = S(l2);
    r->name = S(name);
    r->target = S(target);
    r->actual = S(actual);
    r->reason = S(reason);
    r->weight = weight;
    r->weight_set = 1;
    r->reported = reported;
    r->score = score;
    r->computed = score;
    r->computable = 1;
    r->has_score = 1;
}

static pe_project *sample(void)
{
    pe_project *p = pe_project_new("sample.json");
    pe_opt_dec none = {0, {0, 0}};

    assert_non_null(p);
    p->rules.places = 2;
    p->rules.funds_in_total = 1;
    p->name = S("社区发展治理工作经费");
    p->year = 2021;
    p->dept_code = S("361");
    p->dept = S("上街区委社治委");
    p->unit = S("上街区委社治委");
    p->money_unit = S("万元");
    p->goal = S("保障全区城乡社区发展治理各项工作落实到位，治理体系逐步完善，"
                "治理能力显著提高，不断提升人民群众的获得感、幸福感和满意度。");
    p->goal_actual = S("制作宣传册100册，组织社治干部观摩、培训4场次。");

    p->funds.present = 1;
    p->funds.weight = O(10, 0);
    p->funds.total.name = S("年度资金总额");
    p->funds.total.initial = O(3, 0);
    p->funds.total.budget = O(3, 0);
    p->funds.total.executed = O(1798, 3);
    p->funds.parts = calloc(1, sizeof *p->funds.parts);
    assert_non_null(p->funds.parts);
    p->funds.nparts = 1;
    p->funds.parts[0].name = S("本年财政拨款");
    p->funds.parts[0].initial = O(3, 0);
    p->funds.parts[0].budget = O(3, 0);
    p->funds.parts[0].executed = O(1798, 3);
    p->funds.reported = O(599, 2);
    p->funds.computable = 1;
    p->funds.rate_known = 1;
    p->funds.has_score = 1;
    p->funds.rate = D(599333, 6);
    p->funds.computed = D(599, 2);
    p->funds.score = D(599, 2);

    p->nind = 5;
    p->ind = calloc(p->nind, sizeof *p->ind);
    assert_non_null(p->ind);
    row(&p->ind[0], "投入和管理目标", "投入管理", "预算执行率", "100%",
        "59.90%", D(100, 2), O(59, 2), D(60, 2), LONG_REASON);
    row(&p->ind[1], "投入和管理目标", "投入管理", "预算编制合理性", "合理",
        "合理", D(200, 2), O(200, 2), D(200, 2), "");
    row(&p->ind[2], "产出指标", "数量指标", "参加培训人数", "≥60人", "280人",
        D(10, 0), O(10, 0), D(10, 0), "");
    row(&p->ind[3], "产出指标", "数量指标", "培训场次", "≥1场", "4场", D(5, 0),
        none, D(5, 0), "");
    row(&p->ind[4], "产出指标", "质量指标", "培训参与度", "≥95%", "≥95%",
        D(5, 0), O(5, 0), D(5, 0), "");
    p->scored = 1;
    p->total = D(2859, 2);
    strcpy(p->grade, "差");
    return p;
}

static char *render(const pe_project *p, int width, int amb)
{
    pe_table_opts o;
    pe_buf b = {0};

    o.width = width;
    o.ambiguous_wide = amb;
    assert_int_equal(pe_render_table(p, &o, &b), PE_OK);
    assert_non_null(b.data);
    assert_int_equal(strlen(b.data), b.len);
    return b.data;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    while ((hay = strstr(hay, needle)) != NULL) {
        n++;
        hay += strlen(needle);
    }
    return n;
}

/* Every line ends in "\n", has no trailing space and fits the limit; the
 * box lines (all but the title) are all equally wide. */
static void check_lines(const char *out, int limit, int amb)
{
    const char *s = out;
    int box = -1;

    assert_true(*s != '\0');
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n;
        int w;

        assert_non_null(nl);
        n = (size_t)(nl - s);
        assert_true(n > 0);
        assert_true(s[n - 1] != ' ');
        w = pe_display_width(s, n, amb);
        if (w > limit)
            fail_msg("line wider than %d (%d): %.*s", limit, w, (int)n, s);
        if (strncmp(s, "┌", strlen("┌")) == 0 ||
            strncmp(s, "│", strlen("│")) == 0 ||
            strncmp(s, "├", strlen("├")) == 0 ||
            strncmp(s, "└", strlen("└")) == 0) {
            if (box < 0)
                box = w;
            assert_int_equal(w, box);
        }
        s = nl + 1;
    }
    assert_true(box > 0);
}

static void test_widths(void **state)
{
    static const int widths[] = {100, 80, 60, 50};
    pe_project *p = sample();

    (void)state;
    for (size_t i = 0; i < sizeof widths / sizeof *widths; i++) {
        for (int amb = 0; amb < 2; amb++) {
            char *out = render(p, widths[i], amb);

            check_lines(out, widths[i], amb);
            free(out);
        }
    }
    pe_project_free(p);
}

static void test_content(void **state)
{
    pe_project *p = sample();
    char *out = render(p, 100, 0);

    (void)state;
    check_lines(out, 100, 0);
    assert_non_null(strstr(out, "项目支出绩效自评表\n"));
    assert_non_null(strstr(out, "（2021年度）\n"));
    assert_non_null(strstr(out, "│ 主管部门及代码 │ [361]上街区委社治委 "));
    assert_non_null(strstr(out, "项目资金（万元）"));
    assert_non_null(strstr(out, "其中：本年财政拨款"));
    /* the computed rate, as a percent */
    assert_non_null(strstr(out, " 59.93% │"));
    /* numbers right-aligned in their columns */
    assert_non_null(strstr(out, "│  1.00 │      0.60 │"));
    assert_non_null(strstr(out, "│ 10.00 │     10.00 │"));
    /* the reported score under the final one where they differ */
    assert_non_null(strstr(out, "│ (填 0.59) │"));
    assert_int_equal(count(out, "(填"), 1);
    /* 一级 and 二级 once per group (投入和管理目标 may wrap) */
    assert_int_equal(count(out, "投入和管"), 1);
    assert_int_equal(count(out, "产出指标"), 1);
    assert_int_equal(count(out, "数量指标"), 1);
    assert_int_equal(count(out, "投入管理"), 1);
    assert_int_equal(count(out, "质量指标"), 1);
    /* 总分: 总分值 from the weights and the funds, the total, the grade */
    assert_non_null(strstr(out, "│ 总分 "));
    assert_non_null(strstr(out, "│ 33.00 │     28.59 │ 等级：差"));
    free(out);
    pe_project_free(p);
}

static void test_wrap(void **state)
{
    static const char *const words[] = {
        "budget", "cut",   "July,", "training",  "moved", "online",
        "after",  "flood", "rest",  "postponed", "next",  "year"};
    pe_project *p = sample();
    char *out = render(p, 100, 0);

    (void)state;
    /* with room to spare the reason wraps at spaces: no word is cut */
    check_lines(out, 100, 0);
    assert_null(strstr(out, LONG_REASON));
    assert_non_null(strstr(out, "│ budget cut in "));
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strstr(out, words[i]))
            fail_msg("word \"%s\" was cut", words[i]);
    free(out);

    /* at 60 columns eight columns are tight: words may be cut, numbers
     * may not while a text column can still give */
    out = render(p, 60, 0);
    check_lines(out, 60, 0);
    assert_null(strstr(out, LONG_REASON));
    assert_non_null(strstr(out, "│ budget "));
    assert_non_null(strstr(out, "59.93%"));
    assert_non_null(strstr(out, "59.90%"));
    assert_non_null(strstr(out, "0.59)"));
    assert_non_null(strstr(out, "10.00"));
    assert_non_null(strstr(out, "33.00"));
    /* CJK goal text wraps anywhere */
    assert_null(strstr(out, "不断提升人民群众的获得感、幸福感和满意度。"));
    assert_non_null(strstr(out, "满意度。"));
    free(out);
    pe_project_free(p);
}

/* A two-row table with a funds block in 元 and no goals. */
static pe_project *tiny(void)
{
    pe_project *p = pe_project_new("tiny.json");

    assert_non_null(p);
    p->rules.places = 2;
    p->rules.funds_in_total = 1;
    p->name = S("培训经费");
    p->year = 2022;
    p->dept_code = S("101");
    p->dept = S("教育局");
    p->unit = S("教师进修学校");
    p->money_unit = S("元");
    p->funds.present = 1;
    p->funds.weight = O(10, 0);
    p->funds.total.name = S("年度资金总额");
    p->funds.total.initial = O(5000, 0);
    p->funds.total.budget = O(5000, 0);
    p->funds.total.executed = O(4500, 0);
    p->funds.reported_rate = S("90%");
    p->funds.reported = O(9, 0);
    p->funds.computable = 1;
    p->funds.rate_known = 1;
    p->funds.has_score = 1;
    p->funds.rate = D(900000, 6);
    p->funds.score = D(9, 0);
    p->nind = 2;
    p->ind = calloc(p->nind, sizeof *p->ind);
    assert_non_null(p->ind);
    row(&p->ind[0], "产出指标", "数量指标", "培训人数", "≥60人", "58人",
        D(50, 0), O(49, 0), D(4833, 2), "两人病假");
    row(&p->ind[1], "产出指标", "质量指标", "合格率", "≥95%", "100%", D(40, 0),
        O(40, 0), D(40, 0), "");
    p->reported_max = O(100, 0);
    p->scored = 1;
    p->total = D(9733, 2);
    strcpy(p->grade, "优");
    return p;
}

static void test_exact(void **state)
{
    /* The table is easier to check drawn whole. */
    /* clang-format off */
    static const char expect[] =
        "                               项目支出绩效自评表\n"
        "                                  （2022年度）\n"
        "┌────────────────┬─────────────────────────────────────────────────────────────┐\n"
        "│ 项目名称       │ 培训经费                                                    │\n"
        "├────────────────┼─────────────────────────────────────────────────────────────┤\n"
        "│ 主管部门及代码 │ [101]教育局                                                 │\n"
        "├────────────────┼─────────────────────────────────────────────────────────────┤\n"
        "│ 实施单位       │ 教师进修学校                                                │\n"
        "├───────────────┬┴───────────┬────────────┬────────────┬───────┬────────┬──────┤\n"
        "│   项目资金    │ 年初预算数 │ 全年预算数 │ 全年执行数 │ 分值  │ 执行率 │ 得分 │\n"
        "│    （元）     │            │            │            │       │        │      │\n"
        "├───────────────┼────────────┼────────────┼────────────┼───────┼────────┼──────┤\n"
        "│ 年度资金总额  │       5000 │       5000 │       4500 │ 10.00 │    90% │ 9.00 │\n"
        "├──────────┬────┴─────┬──────┴──┬──────┬──┴───┬────────┼───────┴────┬───┴──────┤\n"
        "│ 一级指标 │ 二级指标 │ 三级指  │ 指标 │ 实际 │  分值  │    得分    │ 偏差原因 │\n"
        "│          │          │   标    │  值  │ 完成 │        │            │ 分析及改 │\n"
        "│          │          │         │      │  值  │        │            │  进措施  │\n"
        "├──────────┼──────────┼─────────┼──────┼──────┼────────┼────────────┼──────────┤\n"
        "│ 产出指标 │ 数量指标 │ 培训人  │ ≥60  │ 58人 │  50.00 │      48.33 │ 两人病假 │\n"
        "│          │          │ 数      │ 人   │      │        │ (填 49.00) │          │\n"
        "│          ├──────────┼─────────┼──────┼──────┼────────┼────────────┼──────────┤\n"
        "│          │ 质量指标 │ 合格率  │ ≥95% │ 100% │  40.00 │      40.00 │          │\n"
        "├──────────┴──────────┴─────────┴──────┴──────┼────────┼────────────┼──────────┤\n"
        "│ 总分                                        │ 100.00 │      97.33 │ 等级：优 │\n"
        "└─────────────────────────────────────────────┴────────┴────────────┴──────────┘\n";
    /* clang-format on */
    pe_project *p = tiny();
    char *out = render(p, 80, 0);

    (void)state;
    check_lines(out, 80, 0);
    if (strcmp(out, expect) != 0)
        fail_msg("table differs; got:\n%s", out);
    free(out);
    pe_project_free(p);
}

/* Before scoring, the table shows what was written on it. */
static void test_unscored(void **state)
{
    pe_project *p = sample();
    char *out;

    (void)state;
    p->scored = 0;
    p->reported_total = O(2858, 2);
    p->reported_grade = S("差");
    out = render(p, 100, 0);
    check_lines(out, 100, 0);
    assert_null(strstr(out, "(填"));
    assert_null(strstr(out, "59.93%"));
    assert_non_null(strstr(out, "│  1.00 │  0.59 │"));
    assert_non_null(strstr(out, "│ 28.58 │ 等级：差"));
    free(out);
    pe_project_free(p);
}

/* Control characters, invalid bytes, line breaks inside a cell, and a
 * disagreeing grade. */
static void test_odd_text(void **state)
{
    pe_project *p = sample();
    char *out;
    const char *a, *b;

    (void)state;
    free(p->name);
    p->name = S("a\tb\xFF"
                "c");
    free(p->ind[1].reason);
    p->ind[1].reason = S("第一行\r\n第二行");
    p->reported_grade = S("良");
    out = render(p, 100, 0);
    check_lines(out, 100, 0);
    assert_non_null(strstr(out, "│ a b?c "));
    assert_null(strchr(out, '\t'));
    assert_null(strchr(out, '\r'));
    a = strstr(out, "第一行");
    b = strstr(out, "第二行");
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a < b);
    assert_non_null(memchr(a, '\n', (size_t)(b - a)));
    assert_non_null(strstr(out, "等级：差"));
    assert_non_null(strstr(out, "(填 良)"));
    free(out);
    pe_project_free(p);
}

static void test_empty(void **state)
{
    pe_project *p = pe_project_new("empty.json");
    pe_buf b = {0};
    char *out;

    (void)state;
    assert_non_null(p);
    /* no options: 100 columns, ambiguous narrow */
    assert_int_equal(pe_render_table(p, NULL, &b), PE_OK);
    check_lines(b.data, 100, 0);
    assert_non_null(strstr(b.data, "│ 总分 "));
    assert_null(strstr(b.data, "年度"));
    pe_buf_free(&b);
    /* narrower than the indicator grid can go: it overflows, but only to
     * its minimum, and stays a box */
    out = render(p, 10, 0);
    check_lines(out, 41, 0);
    free(out);
    assert_int_equal(pe_render_table(NULL, NULL, &b), PE_EUSAGE);
    pe_project_free(p);
}

/* The text of the last cell of box line s[0..n): between its last two
 * "│", less the padding. */
static void last_cell(const char *s, size_t n, const char **text, size_t *len,
                      int *width)
{
    static const char bar[] = "│";
    const size_t k = sizeof bar - 1;
    size_t end, start;

    if (!(n >= 2 * k && memcmp(s + n - k, bar, k) == 0))
        fail_msg("not a box line: %.*s", (int)n, s);
    end = n - k;
    start = end;
    while (start >= k && memcmp(s + start - k, bar, k) != 0)
        start--;
    assert_true(start >= k);
    *width = pe_display_width(s + start, end - start, 0) - 2;
    assert_true(s[start] == ' ');
    start++;
    while (end > start && s[end - 1] == ' ')
        end--;
    *text = s + start;
    *len = end - start;
}

/* The row that begins on the line with `first` in it: its lines' last
 * cells, joined; *lines its height, *width that column's. */
static char *last_column(const char *out, const char *first, int *lines,
                         int *width)
{
    const char *s = strstr(out, first);
    pe_buf b = {0};

    assert_non_null(s);
    while (s > out && s[-1] != '\n')
        s--;
    *lines = 0;
    for (;;) {
        const char *nl = strchr(s, '\n'), *t;
        size_t n, bar = strlen("│");
        int w;

        assert_non_null(nl);
        /* a rule ends in ┤ or ┘, even one left open under a merged 一级
         * ("│   ├──…┤"): the row ends there */
        if ((size_t)(nl - s) < bar || strncmp(nl - bar, "│", bar) != 0)
            break;
        last_cell(s, (size_t)(nl - s), &t, &n, &w);
        if (*lines == 0)
            *width = w;
        assert_int_equal(w, *width);
        assert_int_equal(pe_buf_append(&b, t, n), PE_OK);
        ++*lines;
        s = nl + 1;
    }
    assert_int_equal(pe_buf_puts(&b, ""), PE_OK);
    return b.data;
}

/* A 1 MB 偏差原因分析 (a text pasted in whole): wrapped in full, each
 * line as full as the column allows.  The wrapping once looked for the end
 * of the paragraph again for each line, and this test took 304 s; it takes
 * a tenth of a second now. */
static void test_long_cell(void **state)
{
    /* 24 characters, no punctuation: every line but the last is full */
    static const char phrase[] =
        "财政资金紧张外出学习培训计划受洪灾疫情影响未进行";
    const size_t reps = 14563, plen = sizeof phrase - 1;
    pe_project *p = sample();
    char *out, *col;
    int lines, width;
    size_t chars = reps * 24;

    (void)state;
    free(p->ind[0].reason);
    p->ind[0].reason = malloc(reps * plen + 1);
    assert_non_null(p->ind[0].reason);
    for (size_t i = 0; i < reps; i++)
        memcpy(p->ind[0].reason + i * plen, phrase, plen);
    p->ind[0].reason[reps * plen] = '\0';
    assert_true(reps * plen > 1000000);

    out = render(p, 100, 0);
    check_lines(out, 100, 0);
    col = last_column(out, "│ 财政资金紧张", &lines, &width);
    assert_string_equal(col, p->ind[0].reason);
    assert_true(width >= 2);
    assert_int_equal(lines,
                     (chars + (size_t)width / 2 - 1) / ((size_t)width / 2));
    free(col);
    free(out);
    pe_project_free(p);
}

/* A 100,000-digit number as a reason: wider than any table, so its
 * column starts at the room the others leave, not at the number's width,
 * from which the layout narrowed it one column a step, rewrapping it at
 * each: this test took 651 s. */
static void test_long_number(void **state)
{
    const size_t n = 100000;
    pe_project *p = sample();
    char *out, *col;
    int lines, width;

    (void)state;
    free(p->ind[0].reason);
    p->ind[0].reason = malloc(n + 1);
    assert_non_null(p->ind[0].reason);
    for (size_t i = 0; i < n; i++)
        p->ind[0].reason[i] = (char)('0' + i % 10);
    p->ind[0].reason[n] = '\0';

    out = render(p, 100, 0);
    check_lines(out, 100, 0);
    col = last_column(out, "│ 0123456789", &lines, &width);
    assert_string_equal(col, p->ind[0].reason);
    assert_true(width >= 2);
    assert_int_equal(lines, (n + (size_t)width - 1) / (size_t)width);
    free(col);
    free(out);
    pe_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths),      cmocka_unit_test(test_content),
        cmocka_unit_test(test_wrap),        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_unscored),    cmocka_unit_test(test_odd_text),
        cmocka_unit_test(test_empty),       cmocka_unit_test(test_long_cell),
        cmocka_unit_test(test_long_number),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
