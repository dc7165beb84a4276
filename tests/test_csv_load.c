/* Unit tests of the CSV loader (src/csv_load.c, src/csv_grid.c,
 * src/encoding.c) against the fixtures in tests/data/csv (see the README
 * there).  Tests run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perfeval.h"
#include "project.h"

#define DIR "tests/data/csv/"

/* ------------------------------------------------------------ helpers */

static pe_buf read_file(const char *path)
{
    pe_buf b = {0};
    pe_error err;

    memset(&err, 0, sizeof err);
    if (pe_io_read(path, &b, &err) != PE_OK)
        fail_msg("cannot read %s: %s (run the tests from the repository "
                 "root)",
                 path, err.msg);
    return b;
}

static pe_project *load_buf(const char *buf, size_t len, const char *name,
                            pe_csv_opts *o)
{
    pe_project *p = NULL;
    pe_error err;

    memset(&err, 0, sizeof err);
    if (pe_project_load_csv(buf, len, name, o, &p, &err) != PE_OK)
        fail_msg("%s: load failed: %s (line %ld, column %ld)", name, err.msg,
                 err.line, err.column);
    assert_non_null(p);
    return p;
}

static pe_project *load_file(const char *path, pe_csv_opts *o)
{
    pe_buf b = read_file(path);
    pe_project *p = load_buf(b.data, b.len, path, o);

    pe_buf_free(&b);
    return p;
}

static pe_project *load_text(const char *text)
{
    return load_buf(text, strlen(text), "t.csv", NULL);
}

/* Loading must fail with `want`, the error read exactly msg at
 * line:column and name the file, and *out stay NULL. */
static void fails_buf(const char *buf, size_t len, const char *name,
                      pe_csv_opts *o, pe_status want, long line, long column,
                      const char *msg)
{
    pe_project *p = (pe_project *)&p; /* anything but NULL */
    pe_error err;
    pe_status st;

    memset(&err, 0, sizeof err);
    st = pe_project_load_csv(buf, len, name, o, &p, &err);
    if (st != want || strcmp(err.msg, msg) != 0 || err.line != line ||
        err.column != column)
        fail_msg("%s: got status %d at %ld:%ld \"%s\"; want %d at %ld:%ld "
                 "\"%s\"",
                 name, (int)st, err.line, err.column, err.msg, (int)want, line,
                 column, msg);
    assert_null(p);
    assert_string_equal(err.file, name);
}

static void fails_text(const char *text, long line, long column,
                       const char *msg)
{
    fails_buf(text, strlen(text), "t.csv", NULL, PE_EDATA, line, column, msg);
}

static void fails_file(const char *path, pe_csv_opts *o, long line, long column,
                       const char *msg)
{
    pe_buf b = read_file(path);

    fails_buf(b.data, b.len, path, o, PE_EDATA, line, column, msg);
    pe_buf_free(&b);
}

/* The message of the finding with `code` (the n-th such, from 0), or
 * NULL. */
static const char *finding(const pe_project *p, const char *code, int n)
{
    for (size_t i = 0; i < pe_project_nfindings(p); i++) {
        const pe_finding *f = pe_project_finding(p, i);

        if (strcmp(f->code, code) == 0 && n-- == 0)
            return f->msg;
    }
    return NULL;
}

static void assert_dec(pe_dec d, const char *text)
{
    char buf[PE_DEC_BUFSIZE];

    assert_string_equal(pe_dec_format(d, buf), text);
}

/* "-" for a blank cell. */
static void assert_opt(pe_opt_dec o, const char *text)
{
    if (!o.present) {
        assert_string_equal("-", text);
        return;
    }
    assert_dec(o.v, text);
}

static void assert_row(const pe_indicator *r, long line, const char *l1,
                       const char *l2, const char *name, const char *target,
                       const char *actual, const char *weight,
                       const char *score, const char *reason)
{
    assert_int_equal(r->line, line);
    assert_string_equal(r->level1, l1);
    assert_string_equal(r->level2, l2);
    assert_string_equal(r->name, name);
    assert_string_equal(r->target, target);
    assert_string_equal(r->actual, actual);
    assert_true(r->weight_set);
    assert_dec(r->weight, weight);
    assert_opt(r->reported, score);
    assert_string_equal(r->reason, reason);
}

static void assert_fund(const pe_fund_row *f, long line, const char *name,
                        const char *initial, const char *budget,
                        const char *executed)
{
    assert_int_equal(f->line, line);
    assert_string_equal(f->name, name);
    assert_opt(f->initial, initial);
    assert_opt(f->budget, budget);
    assert_opt(f->executed, executed);
}

/* Texts the rest of the library reads without a NULL check. */
static void assert_no_null(const pe_project *p)
{
    assert_non_null(p->name);
    assert_non_null(p->dept_code);
    assert_non_null(p->dept);
    assert_non_null(p->unit);
    assert_non_null(p->money_unit);
    assert_non_null(p->goal);
    assert_non_null(p->goal_actual);
    assert_non_null(p->note);
    assert_non_null(p->reported_grade);
    assert_non_null(p->funds.reported_rate);
}

/* ------------------------------------------------------------ the seed */

static pe_project *load_json_seed(void)
{
    pe_buf b = read_file("data/shangjie-2021.json");
    pe_project *p = NULL;
    pe_error err;

    memset(&err, 0, sizeof err);
    if (pe_project_load_json(b.data, b.len, "data/shangjie-2021.json", &p,
                             &err) != PE_OK)
        fail_msg("json: %s", err.msg);
    pe_buf_free(&b);
    return p;
}

static void same_opt(pe_opt_dec a, pe_opt_dec b)
{
    char x[PE_DEC_BUFSIZE], y[PE_DEC_BUFSIZE];

    assert_int_equal(a.present, b.present);
    if (a.present)
        assert_string_equal(pe_dec_format(a.v, x), pe_dec_format(b.v, y));
}

static void same_fund_row(const pe_fund_row *a, const pe_fund_row *b)
{
    assert_string_equal(a->name, b->name);
    same_opt(a->initial, b->initial);
    same_opt(a->budget, b->budget);
    same_opt(a->executed, b->executed);
}

/* The CSV holds the same table as the JSON file, cell for cell. */
static void same_table(const pe_project *c, const pe_project *j)
{
    assert_string_equal(c->name, j->name);
    assert_int_equal(c->year, j->year);
    assert_string_equal(c->dept_code, j->dept_code);
    assert_string_equal(c->dept, j->dept);
    assert_string_equal(c->unit, j->unit);
    assert_string_equal(c->money_unit, j->money_unit);
    assert_string_equal(c->goal, j->goal);
    assert_string_equal(c->goal_actual, j->goal_actual);
    assert_string_equal(c->note, j->note);
    assert_string_equal(c->reported_grade, j->reported_grade);
    same_opt(c->reported_max, j->reported_max);
    same_opt(c->reported_total, j->reported_total);
    assert_int_equal(c->skipped, j->skipped);
    assert_int_equal(c->funds.present, j->funds.present);
    same_opt(c->funds.weight, j->funds.weight);
    same_opt(c->funds.reported, j->funds.reported);
    assert_string_equal(c->funds.reported_rate, j->funds.reported_rate);
    same_fund_row(&c->funds.total, &j->funds.total);
    assert_int_equal(c->funds.nparts, j->funds.nparts);
    for (size_t i = 0; i < c->funds.nparts; i++)
        same_fund_row(&c->funds.parts[i], &j->funds.parts[i]);
    assert_int_equal(c->nind, j->nind);
    for (size_t i = 0; i < c->nind; i++) {
        const pe_indicator *a = &c->ind[i], *b = &j->ind[i];
        char x[PE_DEC_BUFSIZE], y[PE_DEC_BUFSIZE];

        assert_string_equal(a->level1, b->level1);
        assert_string_equal(a->level2, b->level2);
        assert_string_equal(a->name, b->name);
        assert_string_equal(a->target, b->target);
        assert_string_equal(a->actual, b->actual);
        assert_string_equal(a->reason, b->reason);
        assert_string_equal(pe_dec_format(a->weight, x),
                            pe_dec_format(b->weight, y));
        same_opt(a->reported, b->reported);
    }
}

/* Scored by the JSON file's rules, the two give the same row scores,
 * total, grade, findings and printed table. */
static void same_scores(pe_project *c, pe_project *j)
{
    pe_error err;
    pe_buf tc = {0}, tj = {0};
    pe_table_opts t = {100, 0};
    char x[PE_DEC_BUFSIZE], y[PE_DEC_BUFSIZE];

    memset(&err, 0, sizeof err);
    pe_project_set_rules(c, pe_project_rules(j));
    assert_int_equal(pe_project_score(c, &err), PE_OK);
    assert_int_equal(pe_project_score(j, &err), PE_OK);
    assert_string_equal(pe_dec_format(pe_project_total(c), x), "95.58");
    assert_string_equal(pe_dec_format(pe_project_total(j), y), "95.58");
    assert_string_equal(pe_project_grade(c), "优");
    assert_string_equal(pe_project_grade(j), "优");
    assert_string_equal(pe_dec_format(c->funds.score, x),
                        pe_dec_format(j->funds.score, y));
    for (size_t i = 0; i < c->nind; i++) {
        assert_string_equal(pe_dec_format(c->ind[i].score, x),
                            pe_dec_format(j->ind[i].score, y));
        assert_int_equal(c->ind[i].basis, j->ind[i].basis);
    }
    assert_int_equal(pe_project_nfindings(c), pe_project_nfindings(j));
    for (size_t i = 0; i < pe_project_nfindings(c); i++) {
        const pe_finding *a = pe_project_finding(c, i);
        const pe_finding *b = pe_project_finding(j, i);

        assert_string_equal(a->code, b->code);
        assert_string_equal(a->msg, b->msg);
        assert_int_equal(a->row, b->row);
        /* the CSV knows where each row is; the JSON file does not */
        assert_int_equal(b->line, 0);
    }
    assert_int_equal(pe_render_table(c, &t, &tc), PE_OK);
    assert_int_equal(pe_render_table(j, &t, &tj), PE_OK);
    assert_string_equal(tc.data, tj.data);
    pe_buf_free(&tc);
    pe_buf_free(&tj);
}

/* A copy of the seed table: loads as the JSON file does, scores the same,
 * and every row knows its physical line. */
static void check_seed_copy(const char *path, pe_encoding enc_in,
                            pe_encoding enc_used, int transcoded, char delim)
{
    pe_csv_opts o = {enc_in, 0, -1, PE_ENC_AUTO, 'x'};
    pe_project *c = load_file(path, &o), *j = load_json_seed();

    assert_int_equal(o.transcoded, transcoded);
    assert_int_equal(o.encoding_used, enc_used);
    assert_int_equal(o.delimiter_used, delim);
    assert_no_null(c);
    assert_string_equal(c->source, path);
    same_table(c, j);
    assert_int_equal(c->funds.total.line, 7);
    assert_int_equal(c->funds.parts[0].line, 8);
    assert_int_equal(c->funds.parts[1].line, 9);
    assert_int_equal(c->ind[0].line, 15);
    assert_int_equal(c->ind[8].line, 23);
    assert_int_equal(c->ind[18].line, 33);
    same_scores(c, j);
    pe_project_free(c);
    pe_project_free(j);
}

static void test_seed_csv(void **state)
{
    (void)state;
    /* UTF-8 with a BOM, CRLF, commas: Excel's "CSV UTF-8" */
    check_seed_copy("data/shangjie-2021.csv", PE_ENC_AUTO, PE_ENC_UTF8, 0, ',');
}

static void test_seed_csv_with_bom_in_buffer(void **state)
{
    pe_buf b = read_file("data/shangjie-2021.csv");
    pe_buf with = {0};
    pe_project *p;

    (void)state;
    /* pe_io_read dropped the BOM; a caller that did not still works */
    assert_int_equal(pe_buf_append(&with, "\xEF\xBB\xBF", 3), PE_OK);
    assert_int_equal(pe_buf_append(&with, b.data, b.len), PE_OK);
    p = load_buf(with.data, with.len, "bom.csv", NULL);
    assert_string_equal(p->name, "社区发展治理工作经费");
    assert_int_equal(p->ind[0].line, 15);
    pe_project_free(p);
    pe_buf_free(&b);
    pe_buf_free(&with);
}

static void test_seed_gb18030(void **state)
{
    (void)state;
    check_seed_copy(DIR "shangjie-gb18030.csv", PE_ENC_AUTO, PE_ENC_GB18030, 1,
                    ',');
    check_seed_copy(DIR "shangjie-gb18030.csv", PE_ENC_GB18030, PE_ENC_GB18030,
                    1, ',');
}

static void test_seed_semicolon(void **state)
{
    (void)state;
    /* the 偏差原因 cell holds a ';' and is quoted */
    check_seed_copy(DIR "shangjie-semicolon.csv", PE_ENC_AUTO, PE_ENC_UTF8, 0,
                    ';');
}

static void test_seed_tsv(void **state)
{
    (void)state;
    check_seed_copy(DIR "shangjie.tsv", PE_ENC_AUTO, PE_ENC_UTF8, 0, '\t');
}

static void test_seed_bare_cr(void **state)
{
    (void)state;
    check_seed_copy(DIR "shangjie-cr.csv", PE_ENC_UTF8, PE_ENC_UTF8, 0, ',');
}

static void test_seed_utf16(void **state)
{
    (void)state;
    /* Excel's "Unicode 文本": UTF-16LE with a BOM, tabs, CRLF */
    check_seed_copy(DIR "shangjie-utf16.txt", PE_ENC_AUTO, PE_ENC_UTF16, 1,
                    '\t');
}

static void test_forced_utf8_on_gb18030(void **state)
{
    pe_csv_opts o = {PE_ENC_UTF8, 0, 0, PE_ENC_AUTO, 0};

    (void)state;
    /* 附 is B8 BD in GB18030 */
    fails_file(DIR "shangjie-gb18030.csv", &o, 1, 1,
               "not valid UTF-8 (byte 0xB8); the file may be GB18030 (GBK)");
}

static void test_forced_delimiter(void **state)
{
    pe_csv_opts o = {PE_ENC_AUTO, '\t', 0, PE_ENC_AUTO, 0};
    pe_project *p = load_file(DIR "shangjie.tsv", &o);

    (void)state;
    assert_int_equal(o.delimiter_used, '\t');
    assert_int_equal(p->nind, 19);
    pe_project_free(p);
    /* the wrong one leaves every row one cell wide */
    o.delimiter = ';';
    fails_file("data/shangjie-2021.csv", &o, 0, 0,
               "no 绩效指标 header row (一级指标, 二级指标, 三级指标 ...)");
}

/* Commas inside the texts of a TSV do not make it a CSV: the label rows
 * decide. */
static void test_sniff_tsv_with_commas(void **state)
{
    static const char text[] =
        "项目名称\t逗号,很多,的,项目\n"
        "说明\ta,b,c,d,e,f,g,h,i,j,k\n"
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\n"
        "产出指标\t数量指标\t人数,含外单位\t≥1,000人\t1,200人\t10\n";
    pe_csv_opts o = {PE_ENC_AUTO, 0, 0, PE_ENC_AUTO, 0};
    pe_project *p;

    (void)state;
    p = load_buf(text, strlen(text), "t.tsv", &o);
    assert_int_equal(o.delimiter_used, '\t');
    assert_string_equal(p->name, "逗号,很多,的,项目");
    assert_row(&p->ind[0], 4, "产出指标", "数量指标", "人数,含外单位",
               "≥1,000人", "1,200人", "10", "-", "");
    pe_project_free(p);
}

static void test_line_ends_mixed(void **state)
{
    /* CRLF, bare CR and LF in one file, and a CRLF inside a quoted cell */
    static const char text[] =
        "项目名称,混合换行\r\n"
        "一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分,"
        "偏差原因分析及改进措施\r"
        "产出指标,数量指标,a,1,1,5,5,\n"
        ",,b,2,1,5,2.5,\"第一行\r\n第二行\"\r\n"
        ",,c,1,1,5,5,\r";
    pe_project *p;

    (void)state;
    p = load_text(text);
    assert_int_equal(p->nind, 3);
    assert_int_equal(p->ind[0].line, 3);
    assert_int_equal(p->ind[1].line, 4);
    assert_string_equal(p->ind[1].reason, "第一行\n第二行");
    assert_int_equal(p->ind[2].line, 6);
    pe_project_free(p);
}

/* ------------------------------------------------------------ variants */

static void test_column_order(void **state)
{
    pe_project *p = load_file(DIR "column-order.csv", NULL);
    const pe_funds *f = &p->funds;

    (void)state;
    assert_string_equal(p->name, "列序测试项目");
    assert_string_equal(p->dept_code, "101");
    assert_string_equal(p->dept, "某某局");
    assert_string_equal(p->unit, "某某中心");
    assert_string_equal(p->money_unit, "万元");
    assert_int_equal(p->year, 0);
    /* 全年预算数 before 年初预算数, 得分 before 分值 before 执行率 */
    assert_true(f->present);
    assert_fund(&f->total, 4, "年度资金总额", "80", "100", "90");
    assert_opt(f->weight, "10");
    assert_opt(f->reported, "9");
    assert_string_equal(f->reported_rate, "90.00%");
    assert_int_equal(f->nparts, 1);
    assert_fund(&f->parts[0], 5, "其中：财政拨款", "80", "100", "90");
    /* 年度总体目标 | 预期目标 | 实际完成情况, texts on the row below */
    assert_string_equal(p->goal, "完成培训");
    assert_string_equal(p->goal_actual, "已完成培训");
    /* 三级 before 一级, 分值 before 指标值 */
    assert_int_equal(p->nind, 3);
    assert_row(&p->ind[0], 9, "产出指标", "数量指标", "培训人数", "≥100人",
               "120人", "20", "20", "");
    assert_row(&p->ind[1], 10, "产出指标", "数量指标", "培训场次", "≥5场",
               "4场", "10", "8", "场地受限");
    assert_row(&p->ind[2], 11, "满意度指标", "服务对象满意度", "满意度", "≥95%",
               "96%", "10", "10", "");
    /* "总分 | | | 50 | | 47": under 分值 and 得分 */
    assert_opt(p->reported_max, "50");
    assert_opt(p->reported_total, "47");
    assert_string_equal(p->reported_grade, "");
    assert_int_equal(p->skipped, 0);
    pe_project_free(p);
}

static void test_nature_and_unit_columns(void **state)
{
    pe_project *p = load_file(DIR "nature-unit.csv", NULL);

    (void)state;
    assert_int_equal(p->nind, 8);
    assert_row(&p->ind[0], 3, "产出指标", "数量指标", "培训人数", "≥60人",
               "280人", "10", "10", "");
    assert_row(&p->ind[1], 4, "产出指标", "数量指标", "成本控制", "≤202.6万元",
               "198.5万元", "10", "10", "");
    assert_row(&p->ind[2], 5, "产出指标", "质量指标", "合格率", "=100%", "100%",
               "10", "10", "");
    assert_row(&p->ind[3], 6, "产出指标", "质量指标", "验收通过率", "=100%",
               "=100%", "10", "10", "");
    /* 定性 states no comparator; a text takes no unit */
    assert_row(&p->ind[4], 7, "效益指标", "社会效益", "服务质量", "提高",
               "提高", "10", "10", "");
    /* 反向: lower is better */
    assert_row(&p->ind[5], 8, "效益指标", "社会效益", "办公成本", "≤50万元",
               "48万元", "10", "10", "");
    /* a value that has its comparator and unit already keeps them */
    assert_row(&p->ind[6], 9, "效益指标", "社会效益", "已含符号", "≥95%",
               "≥95%", "10", "10", "");
    assert_row(&p->ind[7], 10, "效益指标", "社会效益", "安全事故数", "<1起",
               "0起", "10", "10", "");
    pe_project_free(p);
}

static void test_weight_column_named_quanzhong(void **state)
{
    pe_project *p = load_file(DIR "weight-synonym.csv", NULL);

    (void)state;
    assert_int_equal(p->nind, 2);
    assert_row(&p->ind[0], 2, "产出指标", "数量指标", "培训人数", "≥60人",
               "280人", "60", "60", "");
    /* 未完成原因分析 is the reason column */
    assert_row(&p->ind[1], 3, "效益指标", "社会效益指标", "群众满意度", "≥90%",
               "85%", "40", "37.78", "宣传不足");
    pe_project_free(p);
    /* messages name the column as the header does */
    fails_text("一级指标,二级指标,三级指标,指标值,实际完成值,权重\n"
               "产出指标,数量指标,培训场次,≥1场,4场,\n",
               1, 0,
               "no indicator row has a 分值 or a 得分: there is nothing to "
               "score");
    fails_text("一级指标,二级指标,三级指标,指标值,实际完成值,权重\n"
               "产出指标,数量指标,培训场次,≥1场,4场,abc\n",
               2, 0, "权重 \"abc\" is not a number");
}

static void test_ab_markers_and_method_column(void **state)
{
    pe_project *p = load_file(DIR "ab-markers.csv", NULL);

    (void)state;
    assert_string_equal(p->name, "AB测试");
    assert_int_equal(p->year, 2022);
    assert_false(p->funds.present);
    assert_int_equal(p->nind, 2);
    /* 年度指标值（A）, 实际完成值（B); 得分计算方法 is not the reason */
    assert_row(&p->ind[0], 5, "产出指标", "数量指标", "培训人数", "≥60人",
               "48人", "20", "16", "参训人员不足");
    assert_row(&p->ind[1], 6, "产出指标", "时效指标", "完成时间",
               "2022年12月31日前", "2022年11月30日", "10", "10", "");
    pe_project_free(p);
}

static void test_label_synonyms(void **state)
{
    pe_project *p = load_file(DIR "synonyms.csv", NULL);
    const pe_funds *f = &p->funds;

    (void)state;
    assert_int_equal(p->year, 2021);
    assert_string_equal(p->name, "同义词测试");
    /* 主管部门 without 及代码 */
    assert_string_equal(p->dept_code, "205");
    assert_string_equal(p->dept, "某某区教育局");
    assert_string_equal(p->unit, "某某小学");
    /* 全年执行数; 本年一般公共预算拨款 and 上年结转资金 */
    assert_fund(&f->total, 6, "年度资金总额", "50", "50", "45");
    assert_opt(f->weight, "10");
    assert_opt(f->reported, "9");
    assert_string_equal(f->reported_rate, "90%");
    assert_int_equal(f->nparts, 3);
    assert_fund(&f->parts[0], 7, "其中：本年一般公共预算拨款", "40", "40",
                "36");
    assert_fund(&f->parts[1], 8, "上年结转资金", "10", "10", "9");
    assert_fund(&f->parts[2], 9, "其他资金", "-", "-", "-");
    assert_string_equal(p->goal, "改善办学条件");
    assert_string_equal(p->goal_actual, "办学条件得到改善");
    /* 绩效指标 in column 1, 年度指标值, 未完成原因分析 */
    assert_int_equal(p->nind, 3);
    assert_row(&p->ind[0], 13, "产出指标", "数量指标", "采购设备数量", "≥20台",
               "20台", "40", "40", "");
    assert_row(&p->ind[2], 15, "满意度指标", "服务对象满意度指标", "师生满意度",
               "≥90%", "95%", "10", "10", "");
    /* the 总分 row at the bottom, with the grade; the signature row after
     * it is not an indicator */
    assert_opt(p->reported_max, "100");
    assert_opt(p->reported_total, "99");
    assert_string_equal(p->reported_grade, "优");
    pe_project_free(p);
}

static void test_weights_in_labels(void **state)
{
    pe_project *p = load_file(DIR "label-weights.csv", NULL);

    (void)state;
    assert_int_equal(p->nind, 4);
    /* labels are kept as written: the scorer checks the weights in them */
    assert_row(&p->ind[0], 2, "产出指标(50分)", "数量指标（30分）", "培训人数",
               "≥60人", "280人", "30", "30", "");
    assert_row(&p->ind[1], 3, "产出指标(50分)", "质量指标（20分）", "合格率",
               "100%", "100%", "20", "20", "");
    assert_row(&p->ind[2], 4, "效益指标（40分）", "社会效益(40)", "服务质量",
               "提高", "提高", "40", "40", "");
    assert_row(&p->ind[3], 5, "满意度指标(含调查)", "服务对象满意度 （10分）",
               "满意度", "≥90%", "95%", "10", "10", "");
    /* every label's weight adds up: no weights-level finding */
    {
        pe_error err;
        assert_int_equal(pe_project_score(p, &err), PE_OK);
        for (size_t i = 0; i < pe_project_nfindings(p); i++)
            assert_string_not_equal(pe_project_finding(p, i)->code,
                                    "weights-level");
    }
    pe_project_free(p);
}

static void test_blank_template_rows(void **state)
{
    pe_project *p = load_file(DIR "template-rows.csv", NULL);

    (void)state;
    /* 指标1：, 指标2：, ……, and an empty row inside the table: 4; the
     * empty rows between the last indicator and 总分 are not counted */
    assert_int_equal(p->skipped, 4);
    assert_int_equal(p->nind, 2);
    assert_row(&p->ind[0], 2, "产出指标", "数量指标", "培训人数", "≥60人",
               "280人", "30", "30", "");
    assert_row(&p->ind[1], 7, "产出指标", "时效指标", "完成时间",
               "2021年12月31日前", "2021年12月20日", "20", "20", "");
    assert_opt(p->reported_max, "50");
    assert_opt(p->reported_total, "50");
    pe_project_free(p);
}

static void test_empty_level2_rows(void **state)
{
    pe_project *p = load_file(DIR "empty-level2.csv", NULL);

    (void)state;
    assert_int_equal(p->skipped, 2);
    assert_int_equal(p->nind, 3);
    /* the dropped row's 一级 still carries down */
    assert_row(&p->ind[1], 4, "效益指标", "社会效益指标", "服务质量", "提高",
               "提高", "30", "30", "");
    assert_row(&p->ind[2], 6, "效益指标", "可持续影响指标", "长效机制", "健全",
               "健全", "20", "20", "");
    pe_project_free(p);
}

static void test_zero_total_money_in_parts(void **state)
{
    pe_project *p = load_file(DIR "zero-total.csv", NULL);
    const pe_funds *f = &p->funds;
    pe_error err;

    (void)state;
    assert_fund(&f->total, 2, "年度资金总额", "0", "0", "0");
    assert_int_equal(f->nparts, 3);
    assert_fund(&f->parts[0], 3, "其中：当年财政拨款", "20", "20", "15");
    assert_fund(&f->parts[1], 4, "上年结转资金", "5", "5", "5");
    assert_fund(&f->parts[2], 5, "其他资金", "0", "0", "0");
    assert_opt(f->reported, "-");
    assert_string_equal(f->reported_rate, "");
    /* the scorer takes the rate from the 其中 rows: 20/25 of 10 */
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    assert_dec(p->funds.score, "8.00");
    assert_dec(pe_project_total(p), "98.00");
    pe_project_free(p);
}

static void test_money_in_yuan(void **state)
{
    pe_project *p = load_file(DIR "yuan.csv", NULL);

    (void)state;
    assert_string_equal(p->money_unit, "元");
    /* "30,000.00", quoted as Excel writes a number with separators */
    assert_fund(&p->funds.total, 3, "年度资金总额", "30000.00", "30000.00",
                "27000.00");
    pe_project_free(p);
}

static void test_inline_values_and_goal_on_one_row(void **state)
{
    pe_project *p =
        load_text("项目名称,一行,,主管部门及代码,,实施单位,某单位\n"
                  "年度总体目标,目标甲,实际乙\n"
                  "总分,88.5,良\n"
                  "说明,执行率低的原因\n"
                  "一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
                  "产出指标,数量指标,a,1,1,10\n");

    (void)state;
    assert_string_equal(p->name, "一行");
    /* a blank 主管部门 does not take the 实施单位 label as its value */
    assert_string_equal(p->dept, "");
    assert_string_equal(p->dept_code, "");
    assert_string_equal(p->unit, "某单位");
    assert_string_equal(p->goal, "目标甲");
    assert_string_equal(p->goal_actual, "实际乙");
    assert_opt(p->reported_max, "-");
    assert_opt(p->reported_total, "88.5");
    assert_string_equal(p->reported_grade, "良");
    assert_string_equal(p->note, "执行率低的原因");
    assert_row(&p->ind[0], 6, "产出指标", "数量指标", "a", "1", "1", "10", "-",
               "");
    pe_project_free(p);
}

static void test_unmerged_labels_repeat(void **state)
{
    /* a table whose merged cells were split: the labels repeat down */
    pe_project *p =
        load_text("项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值\n"
                  "项目资金（万元）,年度资金总额,3,3,3,10\n"
                  "项目资金（万元）,其中：财政拨款,3,3,3,\n"
                  "年度总体目标,预期目标,实际完成情况\n"
                  "年度总体目标,目标甲,实际乙\n"
                  "一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分\n"
                  "产出指标,数量指标,a,1,1,90,\n"
                  "产出指标,数量指标,b,1,1,0,\n"
                  "总分,,,,,100,\n");

    (void)state;
    assert_fund(&p->funds.total, 2, "年度资金总额", "3", "3", "3");
    assert_int_equal(p->funds.nparts, 1);
    assert_fund(&p->funds.parts[0], 3, "其中：财政拨款", "3", "3", "3");
    assert_string_equal(p->goal, "目标甲");
    assert_string_equal(p->goal_actual, "实际乙");
    assert_row(&p->ind[1], 8, "产出指标", "数量指标", "b", "1", "1", "0", "-",
               "");
    /* a lone number under the 分值 column is the 总分值, not the total */
    assert_opt(p->reported_max, "100");
    assert_opt(p->reported_total, "-");
    pe_project_free(p);
}

/* ------------------------------------------------------------ errors */

static void test_unterminated_quote(void **state)
{
    (void)state;
    fails_file(DIR "bad-quote.csv", NULL, 6, 0,
               "the quote that opens a value on this line is never closed");
}

static void test_stray_quotes(void **state)
{
    (void)state;
    fails_text("一级指标,二级指标,三级指标\n产出指标,数量,培训\"人数\n", 2, 11,
               "a quote inside a value that is not quoted: quote the whole "
               "value and double the quote (\"\")");
    fails_text("一级指标,二级指标,三级指标\n产出指标,\"数量\"指标,x\n", 2, 10,
               "text after the closing quote of a quoted value: a quote "
               "inside a value must be doubled (\"\")");
}

static void test_missing_header(void **state)
{
    static const char gbk[] = "\xCF\xEE\xC4\xBF\xC3\xFB\xB3\xC6,x\n"
                              "\xD2\xBB\xBC\xB6,y\n"; /* 项目名称 / 一级 */

    (void)state;
    fails_file(DIR "no-header.csv", NULL, 0, 0,
               "no 绩效指标 header row (一级指标, 二级指标, 三级指标 ...)");
    /* read as GB18030: the message says why, in case that was wrong */
    fails_buf(gbk, strlen(gbk), "g.csv", NULL, PE_EDATA, 0, 0,
              "no 绩效指标 header row (一级指标, 二级指标, 三级指标 ...); "
              "the file was read as GB18030 because line 1 is not UTF-8");
}

static void test_missing_columns(void **state)
{
    pe_project *p;

    (void)state;
    fails_text("一级指标,二级指标,三级指标,指标值,实际完成值,说明\n"
               "产出指标,数量指标,a,1,1,1\n",
               1, 0,
               "the 绩效指标 header has neither a 分值 (分值, 权重) nor a "
               "得分 column");
    fails_text("一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
               ",,,,,\n",
               1, 0, "the 绩效指标 table has no indicator rows");
    /* a table without 得分 is scored; one without 指标值 stands on its
     * 得分, and says so */
    p = load_text("一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
                  "产出指标,数量指标,a,1,1,1\n");
    assert_false(p->ind[0].reported.present);
    assert_null(finding(p, "missing-column", 0));
    pe_project_free(p);
    p = load_text("一级指标,二级指标,三级指标,实际完成值,分值,得分\n"
                  "产出指标,数量指标,a,1,5,4\n");
    assert_string_equal(finding(p, "missing-column", 0),
                        "the 绩效指标 header has no 指标值 column: each row "
                        "stands on its 得分");
    assert_string_equal(p->ind[0].target, "");
    pe_project_free(p);
}

static void test_empty_inputs(void **state)
{
    (void)state;
    fails_file(DIR "empty.csv", NULL, 0, 0, "the file is empty");
    fails_buf("", 0, "t.csv", NULL, PE_EDATA, 0, 0, "the file is empty");
    fails_buf("\xEF\xBB\xBF", 3, "t.csv", NULL, PE_EDATA, 0, 0,
              "the file is empty");
    fails_text("\r\n,,,\r\n,,\r\n\r\n", 0, 0,
               "the file has no values, only empty lines and delimiters");
}

static void test_binary(void **state)
{
    (void)state;
    fails_file(DIR "binary.bin", NULL, 1, 0,
               "binary data (byte 0x7F), not a CSV or TSV table");
    fails_buf("项目名称,x\n\0\0\0", 17, "t.csv", NULL, PE_EDATA, 2, 0,
              "binary data (byte 0x00), not a CSV or TSV table");
    fails_buf("PK\x03\x04\x14\0\x06\0", 8, "t.xlsx", NULL, PE_EDATA, 0, 0,
              "this is a zip archive such as an Excel .xlsx workbook, not a "
              "CSV file: open it in Excel or WPS and save it as CSV (另存为 "
              "CSV)");
    fails_buf("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, "t.xls", NULL,
              PE_EDATA, 0, 0,
              "this is an Excel 97-2003 .xls or WPS .et workbook, not a CSV "
              "file: open it in Excel or WPS and save it as CSV (另存为 "
              "CSV)");
}

static void test_not_text(void **state)
{
    pe_csv_opts o = {PE_ENC_GB18030, 0, 0, PE_ENC_AUTO, 0};

    (void)state;
    fails_file(DIR "not-text.csv", NULL, 2, 0,
               "not text: neither UTF-8 nor GB18030 (byte 0x80)");
    /* UTF-8 with one damaged byte: where the damage is, not where a
     * GB18030 reading of it would fail */
    fails_text("项目名称,社区发展治理工作经费\n主管部门,某某委员会\n"
               "实施单位,某\xFF中心\n",
               3, 7,
               "not valid UTF-8 (byte 0xFF), though the rest of the file "
               "is: the file is damaged here");
    /* GB18030 with one damaged byte (项目名称 / 一级 in GB18030) */
    fails_text("\xCF\xEE\xC4\xBF\xC3\xFB\xB3\xC6,x\n\xD2\xBB\xBC\xB6,"
               "\xFF\n",
               2, 0, "not text: neither UTF-8 nor GB18030 (byte 0xFF)");
    /* forced, the column is GB18030's own */
    fails_buf("ab\n\xC4\xE3\xFF", 6, "t.csv", &o, PE_EDATA, 2, 2,
              "not valid GB18030 text (byte 0xFF)");
}

static void test_weight_errors_at_physical_line(void **state)
{
    pe_project *p;

    (void)state;
    /* two quoted cells above span lines 6 to 8: line 14 is the 14th line
     * of the file, not the 12th record */
    fails_file(DIR "weight-abc.csv", NULL, 14, 0,
               "分值 \"abc\" is not a number");
    /* a blank 分值 is no refusal: the row keeps its 得分, at its line */
    p = load_file(DIR "weight-empty.csv", NULL);
    assert_int_equal(p->nind, 3);
    assert_string_equal(p->ind[2].name, "培训场次");
    assert_int_equal(p->ind[2].line, 14);
    assert_false(p->ind[2].weight_set);
    assert_dec(p->ind[2].reported.v, "5");
    pe_project_free(p);
    /* the same file with the weight filled in loads, multi-line cells
     * intact */
    p = load_text("年度总体目标,,目标实际完成情况\n"
                  "\"保障\n落实\",,\"完成\n参训\"\n"
                  "一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
                  "产出指标,数量指标,培训场次,≥1场,4场,5\n");
    assert_string_equal(p->goal, "保障\n落实");
    assert_string_equal(p->goal_actual, "完成\n参训");
    assert_int_equal(p->ind[0].line, 6);
    pe_project_free(p);
}

static void test_value_errors(void **state)
{
    (void)state;
    fails_text("一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分\n"
               "产出指标,数量指标,a,1,1,5,五分\n",
               2, 0, "得分 \"五分\" is not a number");
    fails_text("一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
               "产出指标,数量指标,a,1,1,-5\n",
               2, 0, "分值 -5 is negative");
    fails_text("一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
               "产出指标,数量指标,a,1,1,5%\n",
               2, 0, "分值 \"5%\" is not a number");
    fails_text("一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
               "产出指标,数量指标,a,1,1,1234567890123456789\n",
               2, 0, "分值 \"1234567890123456789\" has too many digits");
    fails_text("总分值,一百,总得分,95\n", 1, 0,
               "总分值 \"一百\" is not a number");
}

static void test_funds_errors(void **state)
{
    static const char ind[] =
        "一级指标,二级指标,三级指标,指标值,实际完成值,分值\n"
        "产出指标,数量指标,a,1,1,90\n";
    char buf[1024];
    pe_project *p;

    (void)state;
    snprintf(buf, sizeof buf,
             "项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值\n"
             ",年度资金总额,3,三万,1.798,10\n%s",
             ind);
    fails_text(buf, 2, 0, "全年预算数 \"三万\" is not a number");
    /* a blank 分值: the funds are read, and not scored by the rules */
    snprintf(buf, sizeof buf,
             "项目资金（万元）,,年初预算数,全年预算数,全年执行数,"
             "资金执行分值,执行率,得分\n"
             ",年度资金总额,3,3,1.798,,59.90%%,\n%s",
             ind);
    p = load_text(buf);
    assert_true(p->funds.present);
    assert_false(p->funds.weight.present);
    pe_project_free(p);
    /* no 年度资金总额: the first row stands for it, with a warning */
    snprintf(buf, sizeof buf,
             "项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值\n"
             ",其中：财政拨款,3,3,1.798,\n%s",
             ind);
    p = load_text(buf);
    assert_string_equal(p->funds.total.name, "其中：财政拨款");
    assert_int_equal(p->funds.nparts, 0);
    assert_string_equal(finding(p, "funds-no-total", 0),
                        "the 项目资金 block has no 年度资金总额 row: "
                        "其中：财政拨款 is read as the total");
    pe_project_free(p);
    /* the municipal form: no 分值 column, the weight in the label, the
     * one row without a name */
    snprintf(buf, sizeof buf,
             "预算执行情况（万元）（20分）,,预算数（A）,执行数（B）,"
             "执行率（B/A）,得分（20分*执行率）\n"
             ",,50,48,96%%,19.2\n%s",
             ind);
    p = load_text(buf);
    assert_string_equal(p->funds.total.name, "年度资金总额");
    assert_opt(p->funds.total.budget, "50");
    assert_opt(p->funds.total.executed, "48");
    assert_opt(p->funds.weight, "20");
    assert_opt(p->funds.reported, "19.2");
    assert_string_equal(p->funds.reported_rate, "96%");
    pe_project_free(p);
    /* a funds header word perfeval does not know is said */
    snprintf(buf, sizeof buf,
             "项目资金（万元）,,资金来源,全年预算数,全年执行数,分值\n"
             ",年度资金总额,财政,3,3,10\n%s",
             ind);
    p = load_text(buf);
    assert_string_equal(
        finding(p, "unknown-column", 0),
        "资金来源: not a column perfeval knows; it is not read");
    assert_opt(p->funds.total.budget, "3");
    pe_project_free(p);
    /* no 执行数 column: the block is not read, and that is said */
    snprintf(buf, sizeof buf,
             "项目资金（万元）,,年初预算数,全年预算数,分值\n"
             ",年度资金总额,3,3,10\n%s",
             ind);
    p = load_text(buf);
    assert_false(p->funds.present);
    assert_string_equal(finding(p, "funds-unread", 0),
                        "the 项目资金 block has no 全年执行数 (全年执行数, "
                        "预算执行数, 执行数) column: its amounts are not read "
                        "and the funds are not scored");
    pe_project_free(p);
}

static void test_ragged_row(void **state)
{
    (void)state;
    fails_file(DIR "ragged.csv", NULL, 3, 0,
               "\"5\" in column 9 lies right of the 绩效指标 header (line 1, "
               "8 columns): is a delimiter inside a value that is not "
               "quoted?");
}

static void test_bad_opts(void **state)
{
    pe_csv_opts o = {PE_ENC_AUTO, '|', 0, PE_ENC_AUTO, 0};

    (void)state;
    fails_buf("a", 1, "t.csv", &o, PE_EUSAGE, 0, 0,
              "the delimiter must be a comma, a semicolon or a tab");
    o.delimiter = 0;
    o.encoding = (pe_encoding)42;
    fails_buf("a", 1, "t.csv", &o, PE_EUSAGE, 0, 0, "unknown encoding 42");
}

static void test_names(void **state)
{
    pe_encoding e = PE_ENC_UTF16;
    char d = 'x';

    (void)state;
    assert_int_equal(pe_encoding_from_name("GBK", &e), PE_OK);
    assert_int_equal(e, PE_ENC_GB18030);
    assert_int_equal(pe_encoding_from_name("utf-8", &e), PE_OK);
    assert_int_equal(e, PE_ENC_UTF8);
    assert_int_equal(pe_encoding_from_name("Auto", &e), PE_OK);
    assert_int_equal(e, PE_ENC_AUTO);
    assert_int_equal(pe_encoding_from_name("latin1", &e), PE_EUSAGE);
    assert_string_equal(pe_encoding_name(PE_ENC_GB18030), "GB18030");
    assert_string_equal(pe_encoding_name(PE_ENC_UTF8), "UTF-8");
    assert_int_equal(pe_csv_delimiter_from_name("tab", &d), PE_OK);
    assert_int_equal(d, '\t');
    assert_int_equal(pe_csv_delimiter_from_name("\\t", &d), PE_OK);
    assert_int_equal(d, '\t');
    assert_int_equal(pe_csv_delimiter_from_name(";", &d), PE_OK);
    assert_int_equal(d, ';');
    assert_int_equal(pe_csv_delimiter_from_name("auto", &d), PE_OK);
    assert_int_equal(d, 0);
    assert_int_equal(pe_csv_delimiter_from_name("|", &d), PE_EUSAGE);
}

/* Damaged copies of the seed (bytes flipped, dropped, truncated, quotes
 * and delimiters added) either load a table with rows or fail with a
 * message: never a crash, never an empty table.  A fixed generator keeps
 * the run the same every time. */
static void test_damaged_copies(void **state)
{
    static const char noise[] = {'"',  ',',    ';',    '\t',   '\n', '\r',
                                 '\0', '\xE4', '\xFF', '\x80', ' ',  'x'};
    pe_buf seed = read_file("data/shangjie-2021.csv");
    uint32_t rng = 12345;
    char *copy = malloc(seed.len + 1);

    (void)state;
    assert_non_null(copy);
    for (int round = 0; round < 600; round++) {
        size_t len = seed.len;
        pe_project *p = NULL;
        pe_error err;
        pe_status st;

        memcpy(copy, seed.data, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            size_t at;

            rng = rng * 1103515245u + 12345u;
            at = (rng >> 8) % len;
            switch ((rng >> 4) % 3) {
            case 0:
                copy[at] = noise[(rng >> 20) % sizeof noise];
                break;
            case 1:
                memmove(copy + at, copy + at + 1, len - at - 1);
                len--;
                break;
            default:
                len = at + 1;
                break;
            }
        }
        memset(&err, 0, sizeof err);
        st = pe_project_load_csv(copy, len, "d.csv", NULL, &p, &err);
        if (st == PE_OK) {
            assert_true(p->nind > 0);
            pe_project_free(p);
        } else {
            assert_int_equal(st, PE_EDATA);
            assert_null(p);
            assert_true(err.msg[0] != '\0');
        }
    }
    free(copy);
    pe_buf_free(&seed);
}

/* ------------------------------------------------------------ real layouts */

static void score_ok(pe_project *p)
{
    pe_error err;

    memset(&err, 0, sizeof err);
    if (pe_project_score(p, &err) != PE_OK)
        fail_msg("score: %s", err.msg);
}

/* "code@row code@row ..." of the findings, in order; rules and split
 * remarks left out. */
static const char *codes(const pe_project *p)
{
    static char buf[2048];
    size_t n = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < pe_project_nfindings(p); i++) {
        const pe_finding *f = pe_project_finding(p, i);

        if (strcmp(f->code, "split") == 0 || strcmp(f->code, "rules") == 0)
            continue;
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s@%ld", n ? " " : "",
                              f->code, f->row);
    }
    return buf;
}

/* The municipal 20/80 form: 预算执行情况（20分） with its one unnamed
 * row, 年度绩效目标（80分）, rows without 分值, 总分（100分） with 自评等级
 * in the same row, the texts after the table. */
static void test_municipal_form(void **state)
{
    pe_project *p = load_file(DIR "municipal-2080.csv", NULL);

    (void)state;
    assert_string_equal(p->name, "农村人居环境整治");
    assert_string_equal(p->unit, "某镇人民政府");
    assert_string_equal(p->dept, "某区农业农村局");
    assert_int_equal(p->year, 2021);
    assert_string_equal(p->funds.total.name, "年度财政资金总额");
    assert_opt(p->funds.total.budget, "120");
    assert_opt(p->funds.total.executed, "114");
    assert_opt(p->funds.weight, "20");
    assert_opt(p->funds.reported, "19");
    assert_opt(p->ind_weight, "80");
    assert_opt(p->reported_max, "100");
    assert_opt(p->reported_total, "97");
    assert_string_equal(p->reported_grade, "优");
    assert_int_equal(p->nind, 5);
    for (size_t i = 0; i < p->nind; i++)
        assert_false(p->ind[i].weight_set);
    assert_string_equal(p->ind[0].level1, "产出指标（50分）");
    assert_string_equal(p->ind[0].target, "≥12个");
    assert_string_equal(p->ind[2].actual, "2021年11月");
    assert_opt(p->ind[3].reported, "18");
    assert_string_equal(p->note, "资金结余6万元，部分工程结算在次年。");
    assert_string_equal(p->remarks, "改进措施及结果应用方案：加快结算进度。\n"
                                    "备注：预算数为调整后财政资金总额。");
    score_ok(p);
    assert_int_equal(pe_project_total(p).coef, 9700);
    assert_string_equal(pe_project_grade(p), "优");
    assert_string_equal(codes(p), "no-weights@-1");
    pe_project_free(p);
}

/* 资金情况（万元）, 分值 before 年度指标值, 全年实际值, the reason column
 * 未完成原因及拟采取的改进措施, a 注 that the numbers contradict. */
static void test_funds_outside_layout(void **state)
{
    pe_project *p = load_file(DIR "funds-outside.csv", NULL);

    (void)state;
    assert_true(p->funds.present);
    assert_opt(p->funds.total.budget, "20");
    assert_opt(p->funds.total.executed, "19");
    assert_opt(p->funds.weight, "10");
    assert_string_equal(p->funds.reported_rate, "95.00%");
    assert_string_equal(p->goal, "安装水标尺，计量农业用水。");
    assert_string_equal(p->goal_actual, "已安装，计量正常。");
    assert_int_equal(p->nind, 4);
    assert_row(&p->ind[0], 11, "产出指标（70分）", "数量指标", "安装坡面水标尺",
               "≥266米", "≥266米", "40", "40", "");
    assert_row(&p->ind[2], 13, "效益指标（20分）", "社会效益指标", "受益人口数",
               "≥1000人", "1200人", "20", "20", "");
    assert_opt(p->reported_max, "100");
    assert_opt(p->reported_total, "100");
    assert_string_equal(p->remarks, "注：一级指标分值为产出50分、效益30分、"
                                    "满意度10分、预算执行率10分。");
    pe_project_free(p);
}

/* "绩效指标 | | | 年度指标值 | | | 实际完成值 | 分值" over "一级 指标 |
 * 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位": one header. */
static void test_two_row_header(void **state)
{
    pe_project *p = load_file(DIR "two-row-header.csv", NULL);

    (void)state;
    assert_int_equal(p->nind, 5);
    /* the 度量单位 goes with both values */
    assert_row(&p->ind[0], 8, "产出指标", "数量指标", "补助经费", "=72890元",
               "72890元", "10.00", "10.00", "");
    assert_row(&p->ind[2], 10, "产出指标", "时效指标", "完成及时率", "≥90%",
               "80%", "20.00", "17.78", "进度滞后");
    assert_opt(p->funds.weight, "10.00");
    assert_opt(p->reported_total, "97.78");
    score_ok(p);
    assert_string_equal(codes(p), "");
    pe_project_free(p);
}

/* "指标1:/", a row of "/" and a row of 无/—: not applicable, skipped and
 * counted; named ones are listed.  Criterion-only rows keep their 得分. */
static void test_not_applicable_rows(void **state)
{
    pe_project *p = load_file(DIR "not-applicable.csv", NULL);

    (void)state;
    assert_int_equal(p->nind, 4);
    assert_int_equal(p->skipped, 7);
    assert_int_equal(p->skipped_na, 3);
    assert_string_equal(finding(p, "not-applicable", 0),
                        "灌溉水利用系数: marked not applicable; not scored");
    assert_string_equal(finding(p, "not-applicable", 1),
                        "保护人口财产: marked not applicable; not scored");
    assert_null(finding(p, "not-applicable", 2));
    assert_string_equal(p->ind[1].name, "指标1:工程质量合格");
    assert_string_equal(p->ind[1].target, "");
    score_ok(p);
    assert_int_equal(pe_project_total(p).coef, 10000);
    assert_string_equal(codes(p), "not-applicable@-1 not-applicable@-1 "
                                  "criterion-only@2 criterion-only@3 "
                                  "blank-rows@-1");
    pe_project_free(p);
}

/* Rows the rules cannot score keep the evaluator's 得分, each with the
 * reason: a criterion only, values that do not compare, a blank actual. */
static void test_rows_the_rules_cannot_score(void **state)
{
    pe_project *p = load_file(DIR "criterion-only.csv", NULL);

    (void)state;
    score_ok(p);
    assert_int_equal(pe_project_total(p).coef, 9700);
    assert_string_equal(codes(p), "criterion-only@1 incomparable@2 "
                                  "incomparable@3 value-missing@4 "
                                  "value-missing@5");
    assert_string_equal(finding(p, "incomparable", 0),
                        "资金拨付及时率: target \"100%\" and actual "
                        "\"按时限完成\" do not compare; the evaluator's 得分 "
                        "18 stands");
    assert_string_equal(finding(p, "value-missing", 1),
                        "群众获得感: 实际完成值 is empty; the evaluator's 得分 "
                        "9 stands");
    pe_project_free(p);
}

/* A misspelt label is read as the column it plainly means, and said; an
 * unknown one is named with the closest label; values under no label are
 * named once. */
static void test_misspelt_and_unknown_labels(void **state)
{
    pe_project *p = load_file(DIR "misspelt-header.csv", NULL);

    (void)state;
    assert_string_equal(finding(p, "unknown-column", 0),
                        "一极指标: not a column perfeval knows; did you mean "
                        "一级指标? (read as 一级指标)");
    assert_string_equal(finding(p, "unknown-column", 1),
                        "偏差原困分析: not a column perfeval knows; did you "
                        "mean 偏差原因分析? (read as 偏差原因分析)");
    assert_string_equal(
        finding(p, "unknown-column", 2),
        "备考: not a column perfeval knows; did you mean 备注?");
    assert_string_equal(finding(p, "unread-column", 0),
                        "column 8 holds \"已复核\" under no header label: "
                        "the column is not read");
    assert_string_equal(p->ind[0].level1, "产出指标");
    assert_string_equal(p->ind[0].reason, "受疫情影响");
    assert_int_equal(pe_project_finding(p, 0)->line, 1);
    assert_int_equal(pe_project_finding(p, 3)->line, 2);
    pe_project_free(p);
}

/* The seed without its rules file: the table's own numbers give
 * truncation to two places, and 95.58. */
static void test_seed_infers_its_rules(void **state)
{
    pe_project *p = load_file("data/shangjie-2021.csv", NULL);
    pe_error err;

    (void)state;
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_project_infer_rules(p, &err), PE_OK);
    score_ok(p);
    assert_int_equal(pe_project_rules(p)->rounding, PE_ROUND_TRUNCATE);
    assert_int_equal(pe_project_total(p).coef, 9558);
    assert_string_equal(pe_project_grade(p), "优");
    pe_project_free(p);
}

/* ------------------------------------------------------------ limits */

/* text with its line `line` (1-based, no quotes in it) ended by
 * delimiters to `cells` cells, or with `extra` more delimiters on every
 * line when line is 0; CRLF read as LF.  The caller frees. */
static char *pad(const char *s, long line, size_t cells, size_t extra)
{
    pe_buf b = {0};
    long at = 1;

    for (const char *nl; (nl = strchr(s, '\n')) != NULL; s = nl + 1, at++) {
        size_t n = (size_t)(nl - s), more = extra, have = 1;

        if (n && s[n - 1] == '\r')
            n--;
        assert_int_equal(pe_buf_append(&b, s, n), PE_OK);
        if (line) {
            for (size_t i = 0; i < n; i++)
                have += s[i] == ',';
            assert_null(memchr(s, '"', n));
            more = at == line ? cells - have : 0;
        }
        for (size_t i = 0; i < more; i++)
            assert_int_equal(pe_buf_puts(&b, ","), PE_OK);
        assert_int_equal(pe_buf_puts(&b, "\n"), PE_OK);
    }
    assert_int_equal(pe_buf_puts(&b, ""), PE_OK);
    return b.data;
}

/* Delimiters after a row's last value change nothing (and are not
 * stored): the seed with 2,000 more on every line is the seed. */
static void test_trailing_delimiters(void **state)
{
    pe_buf seed = read_file("data/shangjie-2021.csv");
    char *text = pad(seed.data, 0, 0, 2000);
    pe_project *c = load_text(text), *j = load_json_seed();

    (void)state;
    same_table(c, j);
    pe_project_free(c);
    pe_project_free(j);
    free(text);
    pe_buf_free(&seed);
}

#define TOO_WIDE                                                               \
    "more than 16384 cells in this row; a spreadsheet has at most 16384 "      \
    "columns"

/* A row may have as many cells as a spreadsheet has columns, 16,384; one
 * more and the file is refused at the row's line, before any grid is
 * built.  (A line of 100 million commas took 862 MB and was read.) */
static void test_too_many_cells(void **state)
{
    pe_buf seed = read_file("data/shangjie-2021.csv");
    pe_project *c, *j = load_json_seed();
    char *text;
    pe_buf b = {0};

    (void)state;
    /* line 4: 项目名称,社区发展治理工作经费,,,,,, */
    text = pad(seed.data, 4, 16384, 0);
    c = load_text(text);
    same_table(c, j);
    pe_project_free(c);
    free(text);
    text = pad(seed.data, 4, 16385, 0);
    fails_text(text, 4, 0, TOO_WIDE);
    free(text);
    /* a million delimiters after a quoted value of two lines: the row's
     * first line is named */
    assert_int_equal(pe_buf_puts(&b, "项目名称,x\n\"a\nb\""), PE_OK);
    for (size_t i = 0; i < 1000000; i++)
        assert_int_equal(pe_buf_puts(&b, ","), PE_OK);
    assert_int_equal(pe_buf_puts(&b, "\n"), PE_OK);
    fails_text(b.data, 2, 0, TOO_WIDE);
    pe_buf_free(&b);
    pe_project_free(j);
    pe_buf_free(&seed);
}

/* As many rows as a spreadsheet has, 1,048,576, are read; one more and
 * the file is refused at that line.  (96 MB of empty lines and commas
 * took 5 GB.) */
static void test_too_many_rows(void **state)
{
    const size_t n = 1048576;
    char *text = malloc(n + 2);

    (void)state;
    assert_non_null(text);
    memset(text, '\n', n + 1);
    text[n] = '\0';
    fails_text(text, 0, 0,
               "the file has no values, only empty lines and delimiters");
    text[n] = '\n';
    text[n + 1] = '\0';
    fails_text(text, 1048577, 0,
               "more than 1048576 rows; a spreadsheet has at most 1048576");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_csv),
        cmocka_unit_test(test_seed_csv_with_bom_in_buffer),
        cmocka_unit_test(test_seed_gb18030),
        cmocka_unit_test(test_seed_semicolon),
        cmocka_unit_test(test_seed_tsv),
        cmocka_unit_test(test_seed_bare_cr),
        cmocka_unit_test(test_seed_utf16),
        cmocka_unit_test(test_forced_utf8_on_gb18030),
        cmocka_unit_test(test_forced_delimiter),
        cmocka_unit_test(test_sniff_tsv_with_commas),
        cmocka_unit_test(test_line_ends_mixed),
        cmocka_unit_test(test_column_order),
        cmocka_unit_test(test_nature_and_unit_columns),
        cmocka_unit_test(test_weight_column_named_quanzhong),
        cmocka_unit_test(test_ab_markers_and_method_column),
        cmocka_unit_test(test_label_synonyms),
        cmocka_unit_test(test_weights_in_labels),
        cmocka_unit_test(test_blank_template_rows),
        cmocka_unit_test(test_empty_level2_rows),
        cmocka_unit_test(test_zero_total_money_in_parts),
        cmocka_unit_test(test_money_in_yuan),
        cmocka_unit_test(test_inline_values_and_goal_on_one_row),
        cmocka_unit_test(test_unmerged_labels_repeat),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_stray_quotes),
        cmocka_unit_test(test_missing_header),
        cmocka_unit_test(test_missing_columns),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_not_text),
        cmocka_unit_test(test_weight_errors_at_physical_line),
        cmocka_unit_test(test_value_errors),
        cmocka_unit_test(test_funds_errors),
        cmocka_unit_test(test_ragged_row),
        cmocka_unit_test(test_bad_opts),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_damaged_copies),
        cmocka_unit_test(test_municipal_form),
        cmocka_unit_test(test_funds_outside_layout),
        cmocka_unit_test(test_two_row_header),
        cmocka_unit_test(test_not_applicable_rows),
        cmocka_unit_test(test_rows_the_rules_cannot_score),
        cmocka_unit_test(test_misspelt_and_unknown_labels),
        cmocka_unit_test(test_seed_infers_its_rules),
        cmocka_unit_test(test_trailing_delimiters),
        cmocka_unit_test(test_too_many_cells),
        cmocka_unit_test(test_too_many_rows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
