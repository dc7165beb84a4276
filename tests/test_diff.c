/* Unit tests of `perfeval diff` (src/diff.c): what two scored tables
 * differ in, as records, as lines for people and as JSON.  Run from the
 * repository root (or from tests/). */
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

/* A file of the repository as a NUL-terminated string; caller frees. */
static char *slurp(const char *rel)
{
    static const char *const prefixes[] = {"", "../"};
    pe_buf b = {NULL, 0, 0};
    pe_error err;
    char path[256];
    size_t i;

    for (i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s%s", prefixes[i], rel);
        if (pe_io_read(path, &b, &err) == PE_OK)
            break;
    }
    if (i == 2)
        fail_msg("cannot read %s: %s", rel, err.msg);
    return b.data;
}

static char *seed_text(void)
{
    return slurp("data/shangjie-2021.json");
}

/* Load and score; frees text. */
static pe_project *scored(char *text, const char *name)
{
    pe_project *p = NULL;
    pe_error err;

    memset(&err, 0, sizeof err);
    if (pe_project_load_json(text, strlen(text), name, &p, &err) != PE_OK)
        fail_msg("load %s: %s", name, err.msg);
    free(text);
    if (pe_project_score(p, &err) != PE_OK)
        fail_msg("score %s: %s", name, err.msg);
    return p;
}

typedef struct result {
    size_t count;
    char *table;
    char *json;
} result;

/* Diff the seed (old) against `changed` (new, freed), keep the count and
 * both renderings, and check the JSON parses.  Frees everything else. */
static result diff_seed_with(char *changed)
{
    pe_project *a = scored(seed_text(), "old.json");
    pe_project *b = scored(changed, "new.json");
    pe_buf t = {NULL, 0, 0}, j = {NULL, 0, 0};
    pe_diff *d = NULL;
    result r;
    cJSON *root;

    assert_int_equal(pe_project_diff(a, b, &d), PE_OK);
    assert_non_null(d);
    pe_project_free(a);
    pe_project_free(b); /* the diff holds its own copies */
    assert_int_equal(pe_render_diff(d, 0, &t), PE_OK);
    assert_int_equal(pe_render_diff(d, 1, &j), PE_OK);
    r.count = pe_diff_count(d);
    r.table = t.data;
    r.json = j.data;
    pe_diff_free(d);
    root = cJSON_Parse(r.json);
    if (!root)
        fail_msg("the JSON output does not parse:\n%s", r.json);
    cJSON_Delete(root);
    return r;
}

static void result_free(result *r)
{
    free(r->table);
    free(r->json);
}

#define UNCHANGED_TOTAL "总分 95.58 → 95.58 (0.00), 优 → 优\n"

/* ------------------------------------------------------------ tests */

static void test_identical(void **state)
{
    result r;

    (void)state;
    r = diff_seed_with(seed_text());
    assert_int_equal(r.count, 0);
    assert_string_equal(r.table, UNCHANGED_TOTAL);
    assert_string_equal(r.json,
                        "{\n"
                        "  \"format\": \"perfeval/diff/1\",\n"
                        "  \"changes\": [],\n"
                        "  \"total\": {\"old\":\"95.58\",\"new\":\"95.58\","
                        "\"delta\":\"0.00\"},\n"
                        "  \"grade\": {\"old\":\"优\",\"new\":\"优\"},\n"
                        "  \"count\": 0\n"
                        "}\n");
    result_free(&r);
}

/* The seed file against the fixture the shell test uses: 参加培训人数
 * 280人 → 50人 scores 50/60 × 10 = 8.33 (truncated), total 93.91. */
static void test_one_actual(void **state)
{
    pe_project *a = scored(seed_text(), "old.json");
    pe_project *b =
        scored(slurp("tests/data/diff/seed-one-actual.json"), "new.json");
    const pe_diff_change *c;
    const pe_diff_totals *t;
    pe_buf out = {NULL, 0, 0};
    pe_diff *d = NULL;

    (void)state;
    assert_int_equal(pe_project_diff(a, b, &d), PE_OK);
    assert_int_equal(pe_diff_nchanges(d), 2);
    assert_int_equal(pe_diff_count(d), 3); /* two cells and the total */

    c = pe_diff_get(d, 0);
    assert_int_equal(c->kind, PE_DIFF_CHANGED);
    assert_int_equal(c->row, 9);
    assert_string_equal(c->name, "参加培训人数");
    assert_string_equal(c->level1, "产出指标");
    assert_string_equal(c->level2, "数量指标");
    assert_string_equal(c->field, "actual");
    assert_string_equal(c->label, "实际完成值");
    assert_string_equal(c->old_value, "280人");
    assert_string_equal(c->new_value, "50人");
    assert_null(c->delta);

    c = pe_diff_get(d, 1);
    assert_string_equal(c->field, "score");
    assert_string_equal(c->old_value, "10.00");
    assert_string_equal(c->new_value, "8.33");
    assert_string_equal(c->delta, "-1.67");
    assert_null(pe_diff_get(d, 2));

    t = pe_diff_totals_get(d);
    assert_string_equal(t->old_text, "95.58");
    assert_string_equal(t->new_text, "93.91");
    assert_string_equal(t->delta_text, "-1.67");
    assert_int_equal(t->delta.coef, -167);
    assert_int_equal(t->delta.scale, 2);
    assert_string_equal(t->old_grade, "优");
    assert_string_equal(t->new_grade, "优");

    assert_int_equal(pe_render_diff(d, 0, &out), PE_OK);
    assert_string_equal(out.data, "~ 参加培训人数: 实际完成值 280人 → 50人; "
                                  "得分 10.00 → 8.33 (−1.67)\n"
                                  "总分 95.58 → 93.91 (−1.67), 优 → 优\n");
    pe_buf_free(&out);
    assert_int_equal(pe_render_diff(d, 1, &out), PE_OK);
    assert_string_equal(
        out.data,
        "{\n"
        "  \"format\": \"perfeval/diff/1\",\n"
        "  \"changes\": [\n"
        "    {\"kind\":\"changed\",\"row\":9,\"name\":\"参加培训人数\","
        "\"level1\":\"产出指标\",\"level2\":\"数量指标\",\"field\":\"actual\","
        "\"label\":\"实际完成值\",\"old\":\"280人\",\"new\":\"50人\"},\n"
        "    {\"kind\":\"changed\",\"row\":9,\"name\":\"参加培训人数\","
        "\"level1\":\"产出指标\",\"level2\":\"数量指标\",\"field\":\"score\","
        "\"label\":\"得分\",\"old\":\"10.00\",\"new\":\"8.33\","
        "\"delta\":\"-1.67\"}\n"
        "  ],\n"
        "  \"total\": {\"old\":\"95.58\",\"new\":\"93.91\","
        "\"delta\":\"-1.67\"},\n"
        "  \"grade\": {\"old\":\"优\",\"new\":\"优\"},\n"
        "  \"count\": 3\n"
        "}\n");
    pe_buf_free(&out);

    /* the other way round: the same rows, the signs turned */
    pe_diff_free(d);
    assert_int_equal(pe_project_diff(b, a, &d), PE_OK);
    assert_int_equal(pe_render_diff(d, 0, &out), PE_OK);
    assert_string_equal(out.data, "~ 参加培训人数: 实际完成值 50人 → 280人; "
                                  "得分 8.33 → 10.00 (+1.67)\n"
                                  "总分 93.91 → 95.58 (+1.67), 优 → 优\n");
    pe_buf_free(&out);
    pe_diff_free(d);
    pe_project_free(a);
    pe_project_free(b);
}

/* Same group, same place in it, same 指标值: a rename, nothing else. */
static void test_renamed(void **state)
{
    result r;

    (void)state;
    r = diff_seed_with(tu_subst(seed_text(), "\"name\": \"培训场次\"",
                                "\"name\": \"观摩培训场次\""));
    assert_int_equal(r.count, 1);
    assert_string_equal(r.table, "R 培训场次 → 观摩培训场次\n" UNCHANGED_TOTAL);
    assert_non_null(strstr(r.json,
                           "{\"kind\":\"renamed\",\"row\":10,"
                           "\"name\":\"观摩培训场次\",\"level1\":\"产出指标\","
                           "\"level2\":\"数量指标\",\"field\":\"name\","
                           "\"label\":\"三级指标\",\"old\":\"培训场次\","
                           "\"new\":\"观摩培训场次\"}\n"));
    result_free(&r);
}

/* A rename whose row changed too: the R line, then the row's changes. */
static void test_renamed_and_changed(void **state)
{
    char *t = tu_subst(seed_text(), "\"name\": \"培训场次\"",
                       "\"name\": \"观摩培训场次\"");
    result r;

    (void)state;
    t = tu_subst(t, "\"actual\": \"4场\"", "\"actual\": \"2场\"");
    r = diff_seed_with(t);
    assert_int_equal(r.count, 2);
    assert_string_equal(
        r.table, "R 培训场次 → 观摩培训场次\n"
                 "~ 观摩培训场次: 实际完成值 4场 → 2场\n" UNCHANGED_TOTAL);
    result_free(&r);
}

/* A new name with a new 指标值 is another indicator: removed and added. */
static void test_new_name_and_target(void **state)
{
    char *t = tu_subst(seed_text(), "\"name\": \"培训场次\"",
                       "\"name\": \"观摩次数\"");
    result r;

    (void)state;
    t = tu_subst(t, "\"target\": \"≥1场\"", "\"target\": \"≥2次\"");
    t = tu_subst(t, "\"actual\": \"4场\"", "\"actual\": \"4次\"");
    r = diff_seed_with(t);
    assert_int_equal(r.count, 2);
    assert_string_equal(r.table,
                        "- 培训场次 (产出指标/数量指标)\n"
                        "+ 观摩次数 (产出指标/数量指标)\n" UNCHANGED_TOTAL);
    result_free(&r);
}

/* One indicator object as data/shangjie-2021.json writes it. */
#define ROW(l1, l2, name, target, actual, weight, score, reason)               \
    "    {\n"                                                                  \
    "      \"level1\": \"" l1 "\",\n"                                          \
    "      \"level2\": \"" l2 "\",\n"                                          \
    "      \"name\": \"" name "\",\n"                                          \
    "      \"target\": \"" target "\",\n"                                      \
    "      \"actual\": \"" actual "\",\n"                                      \
    "      \"weight\": \"" weight "\",\n"                                      \
    "      \"score\": \"" score "\",\n"                                        \
    "      \"reason\": \"" reason "\"\n"                                       \
    "    },\n"

/* Drop 印刷宣传书籍数量 (old row 11); add 社区走访次数 after
 * 参训人员业务素质 (new row 16).  Weights move, the total stays. */
static void test_added_removed(void **state)
{
    char *t;
    result r;

    (void)state;
    t = tu_subst(seed_text(),
                 ROW("产出指标", "数量指标", "印刷宣传书籍数量", "100册",
                     "100册", "5.00", "5.00", ""),
                 "");
    t = tu_subst(t,
                 ROW("效益指标", "社会效益", "参训人员业务素质", "提高", "提高",
                     "15.00", "15.00", ""),
                 ROW("效益指标", "社会效益", "参训人员业务素质", "提高", "提高",
                     "15.00", "15.00", "")
                     ROW("效益指标", "社会效益", "社区走访次数", "≥10次",
                         "12次", "5.00", "5.00", ""));
    r = diff_seed_with(t);
    assert_int_equal(r.count, 2);
    assert_string_equal(r.table,
                        "- 印刷宣传书籍数量 (产出指标/数量指标)\n"
                        "+ 社区走访次数 (效益指标/社会效益)\n" UNCHANGED_TOTAL);
    assert_non_null(
        strstr(r.json, "{\"kind\":\"removed\",\"row\":11,"
                       "\"name\":\"印刷宣传书籍数量\",\"level1\":\"产出指标\","
                       "\"level2\":\"数量指标\",\"field\":null,\"label\":null,"
                       "\"old\":null,\"new\":null},\n"));
    assert_non_null(
        strstr(r.json, "{\"kind\":\"added\",\"row\":16,"
                       "\"name\":\"社区走访次数\",\"level1\":\"效益指标\","
                       "\"level2\":\"社会效益\",\"field\":null,\"label\":null,"
                       "\"old\":null,\"new\":null}\n"));
    result_free(&r);
}

/* Removed rows at the end of the table, after every row of NEW. */
static void test_removed_last(void **state)
{
    result r;

    (void)state;
    r = diff_seed_with(tu_subst(seed_text(),
                                "    },\n    {\n"
                                "      \"level1\": \"满意度指标\",\n"
                                "      \"level2\": \"服务对象满意度\",\n"
                                "      \"name\": \"工作人员满意度\",\n"
                                "      \"target\": \"≥95%\",\n"
                                "      \"actual\": \"≥95%\",\n"
                                "      \"weight\": \"5.00\",\n"
                                "      \"score\": \"5.00\",\n"
                                "      \"reason\": \"\"\n",
                                ""));
    assert_int_equal(r.count, 2);
    assert_string_equal(r.table,
                        "- 工作人员满意度 (满意度指标/服务对象满意度)\n"
                        "总分 95.58 → 90.58 (−5.00), 优 → 优\n");
    result_free(&r);
}

static void test_weight(void **state)
{
    result r;

    (void)state;
    r = diff_seed_with(tu_subst(seed_text(),
                                ROW("产出指标", "数量指标", "培训场次", "≥1场",
                                    "4场", "5.00", "5.00", ""),
                                ROW("产出指标", "数量指标", "培训场次", "≥1场",
                                    "4场", "3.00", "3.00", "")));
    assert_int_equal(r.count, 3);
    assert_string_equal(
        r.table, "~ 培训场次: 分值 5.00 → 3.00; 得分 5.00 → 3.00 (−2.00)\n"
                 "总分 95.58 → 93.58 (−2.00), 优 → 优\n");
    assert_non_null(strstr(r.json, "\"field\":\"weight\",\"label\":\"分值\","
                                   "\"old\":\"5.00\",\"new\":\"3.00\"}"));
    result_free(&r);
}

/* Decimals compare by value: 10.00 written as 10 is the same weight. */
static void test_same_value(void **state)
{
    result r;

    (void)state;
    r = diff_seed_with(tu_subst(
        seed_text(), "\"weight\": \"10.00\",\n      \"score\": \"10.00\"",
        "\"weight\": 10,\n      \"score\": 10"));
    assert_int_equal(r.count, 0);
    assert_string_equal(r.table, UNCHANGED_TOTAL);
    result_free(&r);
}

static void test_funds_and_header(void **state)
{
    char *t = tu_subst(seed_text(),
                       "\"executed\": \"1.798\",\n"
                       "    \"rate\": \"59.90%\",\n    \"score\": \"5.99\"",
                       "\"executed\": \"2.4\",\n"
                       "    \"rate\": \"59.90%\",\n    \"score\": \"8.00\"");
    result r;

    (void)state;
    t = tu_subst(t, "\"name\": \"社区发展治理工作经费\"",
                 "\"name\": \"社区发展治理经费\"");
    t = tu_subst(t, "\"year\": 2021", "\"year\": 2022");
    t = tu_subst(t, "\"code\": \"361\"", "\"code\": \"362\"");
    r = diff_seed_with(t);
    assert_string_equal(
        r.table, "~ 项目名称: 社区发展治理工作经费 → 社区发展治理经费\n"
                 "~ 年度: 2021 → 2022\n"
                 "~ 主管部门及代码: "
                 "[361]中国共产党郑州市上街区委员会城乡社区发展治理委员会 → "
                 "[362]中国共产党郑州市上街区委员会城乡社区发展治理委员会\n"
                 "~ 项目资金: 全年执行数 1.798 → 2.4; "
                 "执行率 59.93% → 80.00%; 得分 5.99 → 8.00 (+2.01)\n"
                 "总分 95.58 → 97.59 (+2.01), 优 → 优\n");
    assert_int_equal(r.count, 7);
    assert_non_null(
        strstr(r.json, "{\"kind\":\"changed\",\"row\":0,\"name\":\"项目资金\","
                       "\"field\":\"rate\",\"label\":\"执行率\","
                       "\"old\":\"59.93%\",\"new\":\"80.00%\"}"));
    assert_non_null(
        strstr(r.json, "{\"kind\":\"changed\",\"row\":-1,\"name\":\"项目名称\","
                       "\"field\":\"name\",\"label\":\"项目名称\","));
    result_free(&r);
}

/* The rules decide scores: a change of rounding shows, with the row it
 * moves (0.599 → 0.60 half-up); a blank cell filled in shows as such. */
static void test_rules_and_blank(void **state)
{
    char *t = tu_subst(seed_text(), "\"rounding\": \"truncate\"",
                       "\"rounding\": \"half-up\"");
    result r;

    (void)state;
    t = tu_subst(t,
                 ROW("投入和管理目标", "投入管理", "预算编制合理性", "合理",
                     "合理", "2.00", "2.00", ""),
                 ROW("投入和管理目标", "投入管理", "预算编制合理性", "合理",
                     "合理", "2.00", "2.00", "已核实"));
    r = diff_seed_with(t);
    assert_string_equal(
        r.table, "~ 评分规则: 舍入方式 truncate → half-up\n"
                 "~ 预算执行率: 得分 0.59 → 0.60 (+0.01)\n"
                 "~ 预算编制合理性: 偏差原因分析及改进措施 （空） → 已核实\n"
                 "总分 95.58 → 95.59 (+0.01), 优 → 优\n");
    assert_int_equal(r.count, 4);
    assert_non_null(strstr(
        r.json, "\"field\":\"reason\",\"label\":\"偏差原因分析及改进措施\","
                "\"old\":\"\",\"new\":\"已核实\"}"));
    result_free(&r);
}

/* A grade that changes is named; a name two rows share carries its
 * group. */
static void test_grade_and_shared_name(void **state)
{
    char *t = tu_subst(seed_text(), "\"name\": \"工作人员满意度\"",
                       "\"name\": \"参训人员满意度\"");
    result r;

    (void)state;
    t = tu_subst(t,
                 ROW("效益指标", "经济效益", "机关办公运转率", "提升", "提升",
                     "15.00", "15.00", ""),
                 ROW("效益指标", "经济效益", "机关办公运转率", "提升", "未提升",
                     "15.00", "8.00", "疫情影响"));
    r = diff_seed_with(t);
    assert_string_equal(
        r.table,
        "~ 机关办公运转率: 实际完成值 提升 → 未提升; 得分 15.00 → 8.00 "
        "(−7.00); "
        "偏差原因分析及改进措施 （空） → 疫情影响\n"
        "R 工作人员满意度 → 参训人员满意度 (满意度指标/服务对象满意度)\n"
        "总分 95.58 → 88.58 (−7.00), 优 → 良\n");
    assert_int_equal(r.count, 6);
    assert_non_null(
        strstr(r.json, "\"grade\": {\"old\":\"优\",\"new\":\"良\"}"));
    result_free(&r);
}

/* A weight written into a 一级 label ("产出指标（40分）") names the same
 * group. */
static void test_label_weight(void **state)
{
    static const char *const from = "\"level1\": \"产出指标\"";
    static const char *const to = "\"level1\": \"产出指标（40分）\"";
    char *t = seed_text();
    result r;

    (void)state;
    for (char *at; (at = strstr(t, from));) {
        size_t head = (size_t)(at - t), tail = strlen(at + strlen(from));
        char *n = malloc(head + strlen(to) + tail + 1);

        assert_non_null(n);
        memcpy(n, t, head);
        memcpy(n + head, to, strlen(to));
        memcpy(n + head + strlen(to), at + strlen(from), tail + 1);
        free(t);
        t = n;
    }
    assert_non_null(strstr(t, to));
    r = diff_seed_with(t);
    assert_int_equal(r.count, 0);
    result_free(&r);
}

/* A table of n rows in 32 groups, as a project file.  With renamed set,
 * every row gets a new 三级指标 but keeps its place and its 指标值,
 * except: each 1000th row gets a new 指标值 too (so it is another
 * indicator: removed and added), and each other 500th keeps its name and
 * gets a reason (changed).  Caller frees. */
static char *many_rows(size_t n, int renamed)
{
    pe_buf b = {NULL, 0, 0};

    assert_int_equal(pe_buf_puts(&b, "{\"name\": \"多行\", \"year\": 2021, "
                                     "\"indicators\": [\n"),
                     PE_OK);
    for (size_t i = 0; i < n; i++) {
        size_t g = i * 32 / n, k = i % 97 + 1;
        int other = renamed && i % 1000 == 0;
        int reason = renamed && i % 500 == 0 && !other;

        assert_int_equal(
            pe_buf_printf(&b,
                          "{\"level1\": \"一级%zu\", \"level2\": \"二级%zu\", "
                          "\"name\": \"%s指标%zu\", \"target\": \"≥%zu人\", "
                          "\"actual\": \"%zu人\", \"weight\": \"0.01\", "
                          "\"reason\": \"%s\"}%s\n",
                          g / 8, g % 8, renamed && !reason ? "新" : "旧", i + 1,
                          other ? 0 : k, k, reason ? "说明" : "",
                          i + 1 < n ? "," : ""),
            PE_OK);
    }
    assert_int_equal(pe_buf_puts(&b, "]}\n"), PE_OK);
    return b.data;
}

/* 20,000 renamed rows.  Matching each row of NEW against every row of
 * OLD made this test take 22 s (100,000 rows did not finish in 200 s);
 * through hash tables it takes 0.15 s. */
static void test_many_renamed(void **state)
{
    const size_t n = 20000;
    pe_project *a = scored(many_rows(n, 0), "old.json");
    pe_project *b = scored(many_rows(n, 1), "new.json");
    size_t kinds[4] = {0, 0, 0, 0};
    pe_buf t = {NULL, 0, 0};
    pe_diff *d = NULL;

    (void)state;
    assert_int_equal(pe_project_diff(a, b, &d), PE_OK);
    for (size_t i = 0; i < pe_diff_nchanges(d); i++) {
        const pe_diff_change *c = pe_diff_get(d, i);

        assert_true((size_t)c->kind < 4);
        kinds[c->kind]++;
    }
    assert_int_equal(kinds[PE_DIFF_RENAMED], 19960);
    assert_int_equal(kinds[PE_DIFF_ADDED], 20);
    assert_int_equal(kinds[PE_DIFF_REMOVED], 20);
    assert_int_equal(kinds[PE_DIFF_CHANGED], 20);
    assert_int_equal(pe_diff_count(d), 20020);
    assert_int_equal(pe_render_diff(d, 0, &t), PE_OK);
    /* each removed row just before the row added in its place */
    assert_memory_equal(t.data,
                        "- 旧指标1 (一级0/二级0)\n"
                        "+ 新指标1 (一级0/二级0)\n"
                        "R 旧指标2 → 新指标2\n",
                        strlen("- 旧指标1 (一级0/二级0)\n"
                               "+ 新指标1 (一级0/二级0)\n"
                               "R 旧指标2 → 新指标2\n"));
    assert_non_null(strstr(t.data, "\n~ 旧指标501: 偏差原因分析及改进措施 "
                                   "（空） → 说明\n"));
    assert_non_null(strstr(t.data, "\nR 旧指标19999 → 新指标19999\n"
                                   "R 旧指标20000 → 新指标20000\n"
                                   "总分 200.00 → 200.00 (0.00)"));
    pe_buf_free(&t);
    pe_diff_free(d);
    pe_project_free(a);
    pe_project_free(b);
}

static void test_usage(void **state)
{
    pe_project *a = scored(seed_text(), "old.json");
    pe_project *raw = NULL;
    pe_diff *d = (pe_diff *)&d; /* must be reset */
    char *text = seed_text();
    pe_buf out = {NULL, 0, 0};
    pe_error err;

    (void)state;
    assert_int_equal(
        pe_project_load_json(text, strlen(text), "raw.json", &raw, &err),
        PE_OK);
    free(text);
    /* not scored */
    assert_int_equal(pe_project_diff(a, raw, &d), PE_EUSAGE);
    assert_null(d);
    assert_int_equal(pe_project_diff(NULL, a, &d), PE_EUSAGE);
    assert_int_equal(pe_project_diff(a, a, NULL), PE_EUSAGE);
    assert_int_equal(pe_render_diff(NULL, 0, &out), PE_EUSAGE);
    assert_null(out.data);
    pe_diff_free(NULL);
    pe_project_free(raw);
    pe_project_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical),
        cmocka_unit_test(test_one_actual),
        cmocka_unit_test(test_renamed),
        cmocka_unit_test(test_renamed_and_changed),
        cmocka_unit_test(test_new_name_and_target),
        cmocka_unit_test(test_added_removed),
        cmocka_unit_test(test_removed_last),
        cmocka_unit_test(test_weight),
        cmocka_unit_test(test_same_value),
        cmocka_unit_test(test_funds_and_header),
        cmocka_unit_test(test_rules_and_blank),
        cmocka_unit_test(test_grade_and_shared_name),
        cmocka_unit_test(test_label_weight),
        cmocka_unit_test(test_usage),
        cmocka_unit_test(test_many_renamed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
