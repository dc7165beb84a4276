/* Unit tests of --format csv/tsv (src/render_csv.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "project.h"
#include "test_util.h"

#define NCOL 8
#define MAXREC 64

static char *render(const pe_project *p, char delim, int bom)
{
    pe_csv_out_opts o;
    pe_buf b = {0};

    o.delimiter = delim;
    o.bom = bom;
    assert_int_equal(pe_render_csv(p, &o, &b), PE_OK);
    assert_non_null(b.data);
    assert_int_equal(strlen(b.data), b.len);
    return b.data;
}

/* ---------------------------------------------------------------- a reader */

/* The records of s, read by RFC 4180 and nothing more: every record must
 * end in CRLF, every field is quoted whole or not at all, a quote inside a
 * quoted field is doubled, and a bare CR or LF outside quotes is an error. */
typedef struct table {
    char *f[MAXREC][NCOL];
    int nf[MAXREC];
    int n;
} table;

static void parse(const char *s, char delim, table *t)
{
    memset(t, 0, sizeof *t);
    while (*s) {
        int k = 0;

        assert_true(t->n < MAXREC);
        for (;;) {
            pe_buf b = {0};

            assert_int_equal(pe_buf_append(&b, "", 0), PE_OK);
            if (*s == '"') {
                for (s++;; s++) {
                    assert_true(*s != '\0');
                    if (*s == '"' && s[1] == '"')
                        s++;
                    else if (*s == '"')
                        break;
                    assert_int_equal(pe_buf_append(&b, s, 1), PE_OK);
                }
                s++;
            } else {
                while (*s && *s != delim && *s != '\r' && *s != '\n') {
                    assert_true(*s != '"');
                    assert_int_equal(pe_buf_append(&b, s, 1), PE_OK);
                    s++;
                }
            }
            assert_true(k < NCOL);
            t->f[t->n][k++] = b.data;
            if (*s == delim) {
                s++;
                continue;
            }
            if (s[0] != '\r' || s[1] != '\n')
                fail_msg("record %d does not end in CRLF", t->n + 1);
            s += 2;
            break;
        }
        t->nf[t->n++] = k;
    }
}

static void table_free(table *t)
{
    for (int r = 0; r < t->n; r++)
        for (int k = 0; k < t->nf[r]; k++)
            free(t->f[r][k]);
}

static int find(const table *t, const char *first)
{
    for (int r = 0; r < t->n; r++)
        if (strcmp(t->f[r][0], first) == 0)
            return r;
    return -1;
}

static void assert_record(const table *t, int r, const char *const *want)
{
    assert_true(r >= 0 && r < t->n);
    assert_int_equal(t->nf[r], NCOL);
    for (int k = 0; k < NCOL; k++)
        if (strcmp(t->f[r][k], want[k]) != 0)
            fail_msg("record %d field %d: \"%s\", want \"%s\"", r + 1, k + 1,
                     t->f[r][k], want[k]);
}

/* ---------------------------------------------------------------- seed */

/* The form as Excel saves it: eight fields to every record, the funds,
 * the goals, one record per indicator with its exact score, the 总分. */
static void test_seed(void **state)
{
    static const char *const scores[19] = {
        "0.59", "2.00",  "1.00",  "1.00", "2.00", "1.00", "1.00",
        "1.00", "10.00", "5.00",  "5.00", "5.00", "5.00", "5.00",
        "5.00", "15.00", "15.00", "5.00", "5.00"};
    static const char *const head[NCOL] = {
        "一级指标",   "二级指标", "三级指标", "指标值",
        "实际完成值", "分值",     "得分",     "偏差原因分析及改进措施"};
    static const char *const funds[NCOL] = {
        "", "年度资金总额", "3", "3", "1.798", "10.00", "59.90%", "5.99"};
    static const char *const total[NCOL] = {"总分", "",       "",      "",
                                            "",     "100.00", "95.58", "优"};
    static const char *const first[NCOL] = {
        "投入和管理目标",
        "投入管理",
        "预算执行率",
        "100%",
        "59.90%",
        "1.00",
        "0.59",
        "财政资金紧张;外出学习培训计划受洪灾、疫情影响未进行。"};
    static const char *const second[NCOL] = {
        "", "", "预算编制合理性", "合理", "合理", "2.00", "2.00", ""};
    pe_project *p = tu_seed(0, 1);
    char *out = render(p, ',', 0);
    table t;
    int h;

    (void)state;
    assert_true(strncmp(out,
                        "项目支出绩效自评表,,,,,,,\r\n（2021年度）,,,,,,,"
                        "\r\n项目名称,社区发展治理工作经费,,,,,,\r\n",
                        strlen("项目支出绩效自评表,,,,,,,\r\n（2021年度）,,,"
                               ",,,,\r\n项目名称,社区发展治理工作经费,,,,,,"
                               "\r\n")) == 0);
    parse(out, ',', &t);
    for (int r = 0; r < t.n; r++)
        assert_int_equal(t.nf[r], NCOL);
    assert_string_equal(t.f[3][0], "主管部门及代码");
    assert_string_equal(t.f[3][1], "[361]中国共产党郑州市上街区委员会城乡社区"
                                   "发展治理委员会");
    assert_string_equal(t.f[3][4], "实施单位");
    assert_record(&t, find(&t, "项目资金（万元）") + 1, funds);
    assert_string_equal(t.f[find(&t, "年度总体目标") + 1][0], p->goal);
    assert_string_equal(t.f[find(&t, "年度总体目标") + 1][4], p->goal_actual);

    h = find(&t, "一级指标");
    assert_record(&t, h, head);
    assert_int_equal(p->nind, 19);
    assert_int_equal(t.n, h + 1 + 19 + 1);
    assert_record(&t, h + 1, first);
    assert_record(&t, h + 2, second);
    for (size_t i = 0; i < p->nind; i++) {
        assert_string_equal(t.f[(size_t)h + 1 + i][2], p->ind[i].name);
        assert_string_equal(t.f[(size_t)h + 1 + i][6], scores[i]);
    }
    /* 一级/二级 once per group, blank below as merged cells save */
    assert_string_equal(t.f[h + 9][0], "产出指标");
    assert_string_equal(t.f[h + 10][0], "");
    assert_string_equal(t.f[h + 12][1], "质量指标");
    assert_string_equal(t.f[h + 12][0], "");
    /* a target "=100%" would be a formula in Excel */
    assert_string_equal(t.f[h + 13][3], "'=100%");
    assert_record(&t, t.n - 1, total);
    table_free(&t);
    free(out);
    pe_project_free(p);
}

/* TSV with a byte-order mark: the bytes Excel wants, CRLF throughout. */
static void test_bom_tsv(void **state)
{
    pe_project *p = tu_seed(0, 1);
    char *out = render(p, '\t', 1), *plain = render(p, '\t', 0);
    table t;

    (void)state;
    assert_memory_equal(out, "\xEF\xBB\xBF", 3);
    assert_true(strncmp(out + 3, "项目支出绩效自评表\t\t\t\t\t\t\t\r\n",
                        strlen("项目支出绩效自评表\t\t\t\t\t\t\t\r\n")) == 0);
    assert_string_equal(out + 3, plain);
    assert_true(strstr(out, "\t年度资金总额\t3\t3\t1.798\t10.00\t59.90%\t5.99"
                            "\r\n") != NULL);
    assert_true(strstr(out, "总分\t\t\t\t\t100.00\t95.58\t优\r\n") != NULL);
    for (const char *s = out; (s = strchr(s, '\n')) != NULL; s++)
        assert_int_equal(s[-1], '\r');
    parse(out + 3, '\t', &t);
    assert_int_equal(t.nf[0], NCOL);
    table_free(&t);
    free(out);
    free(plain);
    pe_project_free(p);
}

static char *S(const char *s)
{
    char *d = strdup(s);

    assert_non_null(d);
    return d;
}

static pe_project *tricky(void)
{
    static const char *const cells[][4] = {
        /* name, target, actual, reason */
        {"a,b", "=1+1", "-5", "say \"hi\""},
        {"two\nlines", "+3.5", "-5%", "@SUM(A1:A9)"},
        {"-cmd|calc", "+", "\tx", "\rx"},
        {" padded ", "-.5", "1-2", "a;b"},
    };
    pe_project *p = pe_project_new("t.json");

    assert_non_null(p);
    p->name = S("=HYPERLINK(\"http://e.com\",\"x\")");
    p->nind = sizeof cells / sizeof *cells;
    p->ind = calloc(p->nind, sizeof *p->ind);
    assert_non_null(p->ind);
    for (size_t i = 0; i < p->nind; i++) {
        p->ind[i].level1 = S("产出指标");
        p->ind[i].level2 = S("数量指标");
        p->ind[i].name = S(cells[i][0]);
        p->ind[i].target = S(cells[i][1]);
        p->ind[i].actual = S(cells[i][2]);
        p->ind[i].reason = S(cells[i][3]);
        p->ind[i].weight.coef = 5;
        p->ind[i].weight_set = 1;
        p->ind[i].score.coef = 5;
        p->ind[i].has_score = 1;
    }
    p->scored = 1;
    p->total.coef = 20;
    strcpy(p->grade, "差");
    return p;
}

/* RFC 4180 quoting and the formula-injection prefix, exactly. */
static void test_quoting_injection(void **state)
{
    pe_project *p = tricky();
    char *out = render(p, ',', 0), *tsv = render(p, '\t', 0),
         *semi = render(p, ';', 0);
    table t;

    (void)state;
    assert_non_null(strstr(out,
                           "\r\n项目名称,\"'=HYPERLINK(\"\"http://e.com\"\","
                           "\"\"x\"\")\",,,,,,\r\n"));
    assert_non_null(strstr(out, "\r\n产出指标,数量指标,\"a,b\",'=1+1,-5,5.00,"
                                "5.00,\"say \"\"hi\"\"\"\r\n"));
    assert_non_null(strstr(out, "\r\n,,\"two\nlines\",+3.5,-5%,5.00,5.00,"
                                "'@SUM(A1:A9)\r\n"));
    assert_non_null(strstr(out, "\r\n,,'-cmd|calc,'+,'\tx,5.00,5.00,"
                                "\"'\rx\"\r\n"));
    assert_non_null(strstr(out, "\r\n,,\" padded \",-.5,1-2,5.00,5.00,a;b"
                                "\r\n"));
    /* the delimiter decides what needs quotes */
    assert_non_null(strstr(tsv, "\r\n\t\t'-cmd|calc\t'+\t\"'\tx\"\t5.00\t5.00\t"
                                "\"'\rx\"\r\n"));
    assert_non_null(strstr(tsv, "\r\n产出指标\t数量指标\ta,b\t'=1+1\t-5\t"));
    assert_non_null(strstr(semi, ";\"a;b\"\r\n"));
    assert_non_null(strstr(semi, ";a,b;"));

    /* and a strict reader gets every field back, prefix and all */
    parse(out, ',', &t);
    assert_string_equal(t.f[find(&t, "一级指标") + 2][2], "two\nlines");
    assert_string_equal(t.f[find(&t, "一级指标") + 3][7], "'\rx");
    assert_string_equal(t.f[t.n - 1][6], "20.00");
    table_free(&t);
    free(out);
    free(tsv);
    free(semi);
    pe_project_free(p);
}

static void test_bad_opts(void **state)
{
    pe_project *p = tu_seed(0, 1);
    pe_csv_out_opts o = {'|', 0};
    pe_buf b = {0};

    (void)state;
    assert_int_equal(pe_render_csv(p, &o, &b), PE_EUSAGE);
    assert_int_equal(pe_render_csv(NULL, &o, &b), PE_EUSAGE);
    /* NULL opts: comma, no BOM */
    assert_int_equal(pe_render_csv(p, NULL, &b), PE_OK);
    assert_true(strncmp(b.data, "项目支出绩效自评表,",
                        strlen("项目支出绩效自评表,")) == 0);
    pe_buf_free(&b);
    pe_project_free(p);
}

/* What it writes, the CSV loader reads: the same rows and, under the same
 * rules, the same total. */
static void test_loads_back(void **state)
{
    pe_project *p = tu_seed(0, 1), *q = NULL;
    char *out = render(p, ',', 1);
    pe_csv_opts co;
    pe_error err;
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];

    (void)state;
    memset(&co, 0, sizeof co);
    if (pe_project_load_csv(out, strlen(out), "out.csv", &co, &q, &err) !=
        PE_OK)
        fail_msg("line %ld: %s", err.line, err.msg);
    pe_project_set_rules(q, pe_project_rules(p));
    assert_int_equal(pe_project_score(q, &err), PE_OK);
    assert_int_equal(pe_project_nindicators(q), pe_project_nindicators(p));
    for (size_t i = 0; i < p->nind; i++) {
        assert_string_equal(q->ind[i].level1, p->ind[i].level1);
        assert_string_equal(q->ind[i].level2, p->ind[i].level2);
        assert_string_equal(q->ind[i].name, p->ind[i].name);
    }
    assert_string_equal(pe_dec_format(pe_project_total(q), b1),
                        pe_dec_format(pe_project_total(p), b2));
    assert_string_equal(b1, "95.58");
    assert_string_equal(pe_project_grade(q), "优");
    pe_project_free(q);
    free(out);
    pe_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_bom_tsv),
        cmocka_unit_test(test_quoting_injection),
        cmocka_unit_test(test_bad_opts),
        cmocka_unit_test(test_loads_back),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
