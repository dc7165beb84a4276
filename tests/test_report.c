/*
 * Unit tests of the drafted 绩效自评报告 (src/report.c, report_docx.c):
 * the markdown report of the seed line by line, its markers for what only
 * people know, the parts a table does not have, hostile text, and the
 * .docx: well-formed parts, a form perfeval reads back to the same total,
 * the same bytes from the same table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "project.h"
#include "test_util.h"

/* ---------------------------------------------------------------- helpers */

static char *render(const pe_project *p)
{
    pe_buf b = {0, 0, 0};

    assert_int_equal(pe_render_report(p, &b), PE_OK);
    assert_non_null(b.data);
    assert_int_equal(strlen(b.data), b.len);
    return b.data;
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

#define assert_no_text(out, t)                                                 \
    do {                                                                       \
        if (strstr(out, t))                                                    \
            fail_msg("\"%s\" should not be in:\n%s", t, out);                  \
    } while (0)

/* The line after the one that is exactly `line`, skipping one blank line
 * (a heading and the paragraph under it). */
static void assert_follows(const char *out, const char *line, const char *next)
{
    char want[1024];

    snprintf(want, sizeof want, "%s\n\n%s\n", line, next);
    if (!strstr(out, want))
        fail_msg("\"%s\" does not follow \"%s\" in:\n%s", next, line, out);
}

/* The seed's project file with `from` replaced by `to`, loaded and scored
 * by its own rules. */
static pe_project *seed_with(const char *from, const char *to)
{
    pe_buf in = {0, 0, 0};
    pe_error err;
    pe_project *p = NULL;
    char *text;

    assert_int_equal(pe_io_read(TU_SEED, &in, &err), PE_OK);
    text = tu_subst(in.data, from, to);
    assert_int_equal(
        pe_project_load_json(text, strlen(text), TU_SEED, &p, &err), PE_OK);
    free(text);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    return p;
}

static pe_project *load_json(const char *json)
{
    pe_error err;
    pe_project *p = NULL;

    memset(&err, 0, sizeof err);
    if (pe_project_load_json(json, strlen(json), "t.json", &p, &err) != PE_OK)
        fail_msg("load: %s", err.msg);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    return p;
}

/* A table without funds and without goals, and without a year. */
static const char BARE[] =
    "{\"format\":\"perfeval/1\",\"name\":\"某项目\","
    "\"indicators\":["
    "{\"level1\":\"产出指标\",\"level2\":\"数量指标\",\"name\":\"a\","
    "\"target\":\"≥1场\",\"actual\":\"2场\",\"weight\":\"60\"},"
    "{\"level1\":\"效益指标\",\"level2\":\"社会效益\",\"name\":\"b\","
    "\"target\":\"提高\",\"actual\":\"提高\",\"weight\":\"40\"}]}";

/* ---------------------------------------------------------------- files */

typedef struct fixture {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/perfeval-report-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/r.docx", f->dir);
    *state = f;
    return 0;
}

/* Remove what the test left, and check it left nothing but r.docx and
 * the files it named *.keep. */
static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *e;
    char name[512];
    int stray = 0;

    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strcmp(e->d_name, "r.docx") != 0 && !strstr(e->d_name, ".keep"))
            stray = 1;
        snprintf(name, sizeof name, "%s/%s", f->dir, e->d_name);
        unlink(name);
    }
    if (d)
        closedir(d);
    rmdir(f->dir);
    free(f);
    return stray ? -1 : 0;
}

static void write_docx(const pe_project *p, const char *path)
{
    pe_error err;

    memset(&err, 0, sizeof err);
    if (pe_render_report_docx(p, path, &err) != PE_OK)
        fail_msg("docx: %s: %s", err.file, err.msg);
}

/* One member of the zip at path, whole (NUL-terminated). */
static char *member(const char *path, const char *name, size_t *len)
{
    int ze = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
    zip_stat_t st;
    zip_file_t *f;
    char *buf;

    assert_non_null(z);
    if (zip_stat(z, name, 0, &st) != 0)
        fail_msg("%s has no %s", path, name);
    buf = malloc(st.size + 1);
    assert_non_null(buf);
    f = zip_fopen(z, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_close(z);
    buf[st.size] = '\0';
    if (len)
        *len = st.size;
    return buf;
}

/* XML that expat parses whole; a message naming the error otherwise. */
static void assert_well_formed(const char *xml, size_t len, const char *what)
{
    XML_Parser x = XML_ParserCreate("UTF-8");

    assert_non_null(x);
    if (XML_Parse(x, xml, (int)len, 1) != XML_STATUS_OK)
        fail_msg("%s: %s at line %lu", what,
                 XML_ErrorString(XML_GetErrorCode(x)),
                 (unsigned long)XML_GetCurrentLineNumber(x));
    XML_ParserFree(x);
}

static int count(const char *s, const char *what)
{
    int n = 0;

    for (; (s = strstr(s, what)) != NULL; s += strlen(what))
        n++;
    return n;
}

/* ---------------------------------------------------------------- markdown */

/* The title, the sections in order, the project facts. */
static void test_seed_outline(void **state)
{
    static const char *const heads[] = {
        "# 2021年度社区发展治理工作经费绩效自评报告\n",
        "## 一、基本情况\n",
        "### （一）项目概况\n",
        "### （二）项目资金情况\n",
        "## 二、绩效目标及完成情况\n",
        "## 三、评价工作简述\n",
        "## 四、绩效指标分析\n",
        "### （一）投入和管理目标\n",
        "### （二）产出指标\n",
        "### （三）效益指标\n",
        "### （四）满意度指标\n",
        "### （五）偏差情况\n",
        "## 五、评价结论\n",
        "## 六、存在的问题和改进措施\n",
        "## 七、结果应用\n",
        "## 附件1：项目支出绩效自评表\n"};
    pe_project *p = tu_seed(0, 1);
    char *out = render(p);
    const char *at = out;

    (void)state;
    assert_memory_equal(out, heads[0], strlen(heads[0]));
    for (size_t i = 0; i < NELEMS(heads); i++) {
        const char *h = strstr(at, heads[i]);

        if (!h || (h != out && h[-1] != '\n'))
            fail_msg("no heading \"%s\" after the ones before it", heads[i]);
        at = h + strlen(heads[i]);
    }
    assert_line(out, "项目名称：社区发展治理工作经费；主管部门及代码：\\[361\\]"
                     "中国共产党郑州市上街区委员会城乡社区发展治理委员会；实施"
                     "单位：中国共产党郑州市上街区委员会城乡社区发展治理委员会"
                     "。");
    assert_int_equal(out[strlen(out) - 1], '\n');
    assert_null(strchr(out, '\r'));
    free(out);
    pe_project_free(p);
}

/* The money in 万元 and in 元, exact; the rate the table prints with the
 * computed one beside it; the reason the table gives, since 59.93% < 70%. */
static void test_seed_funds(void **state)
{
    pe_project *p = tu_seed(0, 1);
    char *out = render(p);

    (void)state;
    assert_line(out, "年度资金总额：年初预算数3万元（30000元），全年预算数3万元"
                     "（30000元），全年执行数1.798万元（17980元），执行率59.90%"
                     "（按执行数/预算数复算为59.93%）。资金执行分值10.00，"
                     "得分5.99。");
    assert_line(out,
                "其中：本年财政拨款：年初预算数3万元（30000元），全年预算数"
                "3万元（30000元），全年执行数1.798万元（17980元）。");
    /* a part with no amounts says nothing */
    assert_no_text(out, "其他资金：");
    assert_line(out,
                "执行率低于70%，原因：财政资金紧张;外出学习培训计划受洪灾、"
                "疫情影响未进行。");
    free(out);
    pe_project_free(p);
}

/* The goal texts as written; the 一级 groups with their weights and
 * scores; every row in the fixed wording; the rows below their 分值. */
static void test_seed_indicators(void **state)
{
    pe_project *p = tu_seed(0, 1);
    char *out = render(p);

    (void)state;
    assert_line(out,
                "年度总体目标：保障全区城乡社区发展治理各项工作落实到位，"
                "治理体系逐步完善，治理能力显著提高，不断提升人民群众的获得"
                "感、幸福感和满意度。");
    assert_true(
        has_line(out, "实际完成情况：2021年我单位制作上街区城乡社区发展治理"
                      "亮点工作宣传册100册，组织社治干部观摩、培训4场次；1月"
                      "15日组织上街区城乡社区发展治理亮点工作观摩交流会，参加"
                      "人员100余人；3月30日组织召开城乡社区服务群众重点项目"
                      "发布会，120余人参加；7月14日，组织镇办社治干部、部分"
                      "社区书记30人到管城区、金水区实地观摩城乡社区发展治理"
                      "工作；7月15日组织镇办社治干部、社区书记40余人参加市委"
                      "社治委社区工作培训大讲堂。社治干部培训参与度≥95%，宣传"
                      "册质量合格率100%。"));
    assert_follows(out, "### （一）投入和管理目标",
                   "投入和管理目标共8项指标，分值10.00分，得分9.59分。");
    assert_follows(out, "### （二）产出指标",
                   "产出指标共7项指标，分值40.00分，得分40.00分。");
    assert_follows(out, "### （三）效益指标",
                   "效益指标共2项指标，分值30.00分，得分30.00分。");
    assert_follows(out, "### （四）满意度指标",
                   "满意度指标共2项指标，分值10.00分，得分10.00分。");
    assert_line(out,
                "- 预算执行率：目标100%，实际59.90%，分值1.00，得分0.59。");
    assert_line(out, "- 参加培训人数：目标≥60人，实际280人，分值10.00，得分"
                     "10.00。");
    assert_line(out,
                "- 培训完成时间：目标2021年12月31日前，实际2021年12月31日前"
                "，分值5.00，得分5.00。");
    assert_int_equal(count(out, "\n- "), 19 + 1);
    assert_follows(out, "### （五）偏差情况",
                   "- 预算执行率：分值1.00，得分0.59。偏差原因分析及改进措施："
                   "财政资金紧张;外出学习培训计划受洪灾、疫情影响未进行。");
    free(out);
    pe_project_free(p);
}

/* Total, grade and rules; the markers for what only people know; the
 * annex is pe_render_markdown()'s table under its own heading. */
static void test_seed_conclusion(void **state)
{
    pe_project *p = tu_seed(0, 1);
    char *out = render(p), *annex;
    pe_buf table = {0, 0, 0};

    (void)state;
    assert_follows(out, "## 五、评价结论", "自评得分95.58分，等级为优。");
    /* the rules, once, in 评价工作简述, where they are not the MoF default */
    assert_follows(out, "（待填写：评价组织、方法和过程。）",
                   "本次自评得分按截尾法保留两位小数。");
    assert_int_equal(count(out, "截尾"), 1);
    assert_null(strstr(out, "评分规则"));
    assert_null(strstr(out, "shangjie"));
    /* the 落款: the unit, then the date to fill in */
    assert_follows(out, "中国共产党郑州市上街区委员会城乡社区发展治理委员会",
                   "（待填写：落款日期）");
    assert_follows(out, "### （一）项目概况",
                   "项目名称：社区发展治理工作经费；主管部门及代码：\\[361\\]"
                   "中国共产党郑州市上街区委员会城乡社区发展治理委员会；实施"
                   "单位：中国共产党郑州市上街区委员会城乡社区发展治理委员会"
                   "。");
    assert_line(out, "（待填写：单位职能、项目立项依据和主要内容。）");
    assert_follows(out, "## 三、评价工作简述",
                   "（待填写：评价组织、方法和过程。）");
    /* the seed's 说明 is the form's prompt, not a text of its own */
    assert_follows(out, "## 六、存在的问题和改进措施", "（待填写。）");
    assert_follows(out, "## 七、结果应用", "（待填写。）");

    assert_int_equal(pe_render_markdown(p, &table), PE_OK);
    annex = strstr(out, "## 附件1：项目支出绩效自评表\n\n#");
    assert_non_null(annex);
    annex += strlen("## 附件1：项目支出绩效自评表\n\n##");
    assert_string_equal(annex, table.data);
    pe_buf_free(&table);
    free(out);
    pe_project_free(p);
}

/* Under the MoF rules the row computes 0.60 against the 0.59 written and
 * the total 95.59 against 95.58: the report restates the table's, and
 * gives perfeval's beside them. */
static void test_reported_differs(void **state)
{
    pe_project *p = tu_seed(1, 1);
    char *out = render(p);

    (void)state;
    assert_line(out, "- 预算执行率：目标100%，实际59.90%，分值1.00，得分0.59"
                     "（按评分规则复算为0.60）。");
    assert_line(out, "自评得分95.58分（按评分规则复算为95.59分），等级为优。");
    /* the MoF default goes without saying */
    assert_null(strstr(out, "本次自评"));
    assert_null(strstr(out, "mof-2020"));
    assert_line(out, "投入和管理目标共8项指标，分值10.00分，得分9.59分"
                     "（按评分规则复算为9.60分）。");
    free(out);
    pe_project_free(p);
}

/* Rules read off the table are said, in Chinese. */
static void test_rules_inferred(void **state)
{
    pe_project *p = tu_seed(1, 0);
    pe_error err;
    char *out;

    (void)state;
    assert_int_equal(pe_project_infer_rules(p, &err), PE_OK);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    out = render(p);
    /* said once, as an office says it: no arrow, no code, no English */
    assert_line(out, "本次自评得分按截尾法保留两位小数。");
    assert_int_equal(count(out, "截尾"), 1);
    assert_null(strstr(out, "→"));
    assert_null(strstr(out, "推定"));
    assert_null(strstr(out, "inferred"));
    assert_line(out, "自评得分95.58分，等级为优。");
    free(out);
    pe_project_free(p);
}

/* The same table, the same report. */
static void test_deterministic(void **state)
{
    pe_project *p = tu_seed(0, 1);
    char *a = render(p), *b = render(p);

    (void)state;
    assert_string_equal(a, b);
    free(a);
    free(b);
    pe_project_free(p);
}

/* No funds block, no goals, no year: said, never made up. */
static void test_bare_table(void **state)
{
    pe_project *p = load_json(BARE);
    char *out = render(p);

    (void)state;
    assert_memory_equal(out, "# 某项目绩效自评报告\n",
                        strlen("# 某项目绩效自评报告\n"));
    assert_follows(out, "### （二）项目资金情况",
                   "（附件1未列资金情况，待填写。）");
    assert_follows(out, "## 二、绩效目标及完成情况",
                   "年度总体目标：（附件1未填写，待填写。）");
    assert_line(out, "实际完成情况：（附件1未填写，待填写。）");
    assert_follows(out, "### （三）偏差情况", "各项指标均达到目标值。");
    assert_line(out, "项目名称：某项目。");
    assert_line(out, "自评得分100.00分，等级为优。");
    assert_no_text(out, "执行率");
    assert_no_text(out, "万元");
    free(out);
    pe_project_free(p);
}

/* A rate of 70% or more says nothing of a reason; below it with none
 * given, a marker; a row below its 分值 without a reason says so. */
static void test_rate_reasons(void **state)
{
    pe_project *p = seed_with("\"executed\": \"1.798\",\n    \"rate\": "
                              "\"59.90%\",",
                              "\"executed\": \"2.1\",\n    \"rate\": "
                              "\"70.00%\",");
    pe_error err;
    char *out = render(p);

    (void)state;
    assert_no_text(out, "执行率低于");
    assert_line(out, "年度资金总额：年初预算数3万元（30000元），全年预算数3万元"
                     "（30000元），全年执行数2.1万元（21000元），执行率70.00%。"
                     "资金执行分值10.00，得分5.99。");
    free(out);
    pe_project_free(p);

    p = tu_seed(0, 0);
    p->ind[0].reason[0] = '\0';
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    out = render(p);
    assert_line(out, "执行率低于70%，附件1未说明原因（待填写。）");
    assert_line(out, "- 预算执行率：分值1.00，得分0.59。未说明原因。");
    free(out);
    pe_project_free(p);
}

/* Amounts in 元 stay in 元; 万元 with more than four places convert
 * exactly. */
static void test_money_units(void **state)
{
    pe_project *p =
        seed_with("\"money_unit\": \"万元\"", "\"money_unit\": \"元\"");
    char *out = render(p);

    (void)state;
    assert_line(
        out,
        "年度资金总额：年初预算数3元，全年预算数3元，全年执行数"
        "1.798元，执行率59.90%（按执行数/预算数复算为59.93%）。资金执行分值"
        "10.00，得分5.99。");
    free(out);
    pe_project_free(p);

    p = seed_with("\"executed\": \"1.798\",\n    \"rate\"",
                  "\"executed\": \"1.79812\",\n    \"rate\"");
    out = render(p);
    assert_true(strstr(out, "全年执行数1.79812万元（17981.2元），执行率59.90%"
                            "（按执行数/预算数复算为59.93%）"));
    free(out);
    pe_project_free(p);
}

/* Remarks and a 说明 of the table's own are its 存在的问题和改进措施. */
static void test_remarks(void **state)
{
    pe_project *p = seed_with("\"note\": \"预算执行率低于70%或项目实施存在较大"
                              "问题时，请说明原因和改进措施（默认显示，或提示信"
                              "息）\"",
                              "\"note\": \"资金下达较晚。\", \"remarks\": "
                              "\"改进措施：提前谋划。\\n评价结论：良好\"");
    char *out = render(p);

    (void)state;
    assert_follows(out, "## 六、存在的问题和改进措施", "改进措施：提前谋划。");
    assert_line(out, "评价结论：良好");
    assert_line(out, "说明：资金下达较晚。");
    assert_follows(out, "## 七、结果应用", "（待填写。）");
    free(out);
    pe_project_free(p);
}

/* The unit profile fills what the table cannot, a paragraph per line;
 * what it leaves out stays 待填写; a blank profile changes nothing. */
static void test_unit_profile(void **state)
{
    static const char profile[] =
        "{\"单位名称\": \"上街区社治委\", \"单位职能\": \"负责社区治理。\\n"
        "本项目依据郑发[2019]18号设立。\", \"评价工作组织\": \"成立自评小组。"
        "\", \"存在的问题\": \"\", \"结果应用\": null, \"落款日期\": "
        "\"2022年3月15日\"}";
    pe_project *p = tu_seed(0, 1);
    pe_unit *u = NULL, *blank = NULL;
    pe_buf b = {0, 0, 0}, t = {0, 0, 0};
    pe_error err;
    char *plain = render(p);

    (void)state;
    assert_int_equal(pe_unit_load(profile, strlen(profile), "u.json", &u, &err),
                     PE_OK);
    assert_string_equal(pe_unit_text(u, PE_UNIT_DATE), "2022年3月15日");
    assert_string_equal(pe_unit_text(u, PE_UNIT_USE), "");
    assert_string_equal(pe_unit_text(NULL, PE_UNIT_NAME), "");
    assert_int_equal(pe_render_report_unit(p, u, &b), PE_OK);
    assert_true(strstr(b.data, "治理委员会。\n\n负责社区治理。\n"));
    assert_follows(b.data, "负责社区治理。",
                   "本项目依据郑发\\[2019\\]18号设立。");
    assert_follows(b.data, "## 三、评价工作简述", "成立自评小组。");
    assert_follows(b.data, "成立自评小组。",
                   "本次自评得分按截尾法保留两位小数。");
    assert_null(strstr(b.data, "（待填写：单位职能"));
    assert_null(strstr(b.data, "（待填写：评价组织"));
    /* not given: still to fill */
    assert_follows(b.data, "## 六、存在的问题和改进措施", "（待填写。）");
    assert_follows(b.data, "## 七、结果应用", "（待填写。）");
    /* the 落款: the profile's unit and date */
    assert_follows(b.data, "上街区社治委", "2022年3月15日");
    assert_null(strstr(b.data, "落款日期"));

    /* the blank profile init --unit writes, which names its kind: the
     * report as without one */
    assert_int_equal(pe_unit_template(&t), PE_OK);
    assert_non_null(strstr(t.data, "\"format\": \"" PE_JSON_UNIT "\""));
    assert_int_equal(pe_unit_load(t.data, t.len, "blank.json", &blank, &err),
                     PE_OK);
    b.len = 0;
    assert_int_equal(pe_render_report_unit(p, blank, &b), PE_OK);
    assert_string_equal(b.data, plain);

    pe_unit_free(u);
    pe_unit_free(blank);
    pe_unit_free(NULL);
    pe_buf_free(&b);
    pe_buf_free(&t);
    free(plain);
    pe_project_free(p);
}

/* A report's file name: its title, what a name cannot hold as "_". */
static void test_file_name(void **state)
{
    pe_project *p = seed_with("\"社区发展治理工作经费\"",
                              "\"../社区/发展:治理*工作?经费\"");
    pe_buf b = {0, 0, 0};

    (void)state;
    assert_int_equal(pe_report_file_name(p, "docx", &b), PE_OK);
    assert_string_equal(b.data,
                        "2021年度.._社区_发展_治理_工作_经费绩效自评报告.docx");
    assert_int_equal(pe_report_file_name(NULL, "md", &b), PE_EUSAGE);
    pe_buf_free(&b);
    pe_project_free(p);
}

/* A profile that is not one: refused, named. */
static void test_unit_refused(void **state)
{
    static const struct {
        const char *json, *msg;
    } bad[] = {
        {"[]", "a unit profile is a JSON object: {\"单位名称\": \"…\", …} "
               "(perfeval init --unit writes a blank one)"},
        {"{\"单位明称\": \"x\"}",
         "unknown key \"单位明称\" in the unit profile (it takes 单位名称, "
         "单位职能, 评价工作组织, 存在的问题, 结果应用, 落款日期)"},
        {"{\"落款日期\": 2022}", "\"落款日期\" is not a text"},
        /* another of perfeval's outputs, named for what it is */
        {"{\"format\": \"perfeval/project/1\", \"indicators\": []}",
         "this is perfeval's \"perfeval/project/1\" output, not a unit "
         "profile (perfeval init --unit writes a blank one)"},
        {"{\"format\": \"perfeval/unit/2\"}",
         "this is perfeval's \"perfeval/unit/2\" output, not a unit "
         "profile (perfeval init --unit writes a blank one)"},
        {"{\"format\": 1}",
         "\"format\" must be \"perfeval/unit/1\" in a unit profile"},
    };
    pe_unit *u = NULL;
    pe_error err;

    (void)state;
    for (size_t i = 0; i < NELEMS(bad); i++) {
        memset(&err, 0, sizeof err);
        assert_int_equal(
            pe_unit_load(bad[i].json, strlen(bad[i].json), "u.json", &u, &err),
            PE_EDATA);
        assert_null(u);
        assert_string_equal(err.msg, bad[i].msg);
    }
}

/* Markup in a table's text stays text. */
static void test_markdown_hostile(void **state)
{
    pe_project *p = load_json(
        "{\"format\":\"perfeval/1\",\"name\":\"A<&>\\u0001B # [x](y)\","
        "\"goal\":{\"target\":\"1. 第一\\n- 第二\",\"actual\":\"<b>\"},"
        "\"indicators\":[{\"level1\":\"产出指标\",\"level2\":\"数量指标\","
        "\"name\":\"- 伪列表\",\"target\":\"≥1场\",\"actual\":\"2场\","
        "\"weight\":\"100\"}]}");
    char *out = render(p);

    (void)state;
    assert_line(out, "# A\\<\\&\\> B \\# \\[x\\](y)绩效自评报告");
    assert_line(out, "年度总体目标：1. 第一<br>- 第二");
    assert_line(out, "实际完成情况：\\<b\\>");
    assert_line(out,
                "- \\- 伪列表：目标≥1场，实际2场，分值100.00，得分100.00。");
    assert_null(strchr(out, '\x01'));
    free(out);
    pe_project_free(p);
}

static void test_usage(void **state)
{
    pe_project *p = tu_seed(0, 0);
    pe_buf b = {0, 0, 0};
    pe_error err;

    (void)state;
    assert_int_equal(pe_render_report(NULL, &b), PE_EUSAGE);
    assert_int_equal(pe_render_report(p, NULL), PE_EUSAGE);
    /* unscored: nothing is written, out keeps what it held */
    assert_int_equal(pe_buf_puts(&b, "kept"), PE_OK);
    assert_int_equal(pe_render_report(p, &b), PE_EUSAGE);
    assert_string_equal(b.data, "kept");
    pe_buf_free(&b);
    assert_int_equal(pe_render_report_docx(p, "/tmp/never.docx", &err),
                     PE_EUSAGE);
    assert_int_equal(access("/tmp/never.docx", F_OK), -1);
    pe_project_free(p);
}

/* ---------------------------------------------------------------- docx */

/* Does grid column k (from 0) of the document's first table hold s on
 * one line at the table's size, 21 half-points: half-width characters
 * half an em, the cell's margins 57 twips a side? */
static int grid_fits(const char *doc, int k, const char *s)
{
    const char *g = strstr(doc, "<w:tblGrid>");
    int w = 0;

    for (int i = 0; g && i <= k; i++)
        g = strstr(g + 1, "<w:gridCol w:w=\"");
    if (!g || sscanf(g, "<w:gridCol w:w=\"%d\"", &w) != 1)
        return 0;
    return w >= (int)strlen(s) * 105 + 2 * 57;
}

/* The package's parts are there and well-formed; A4; heading styles;
 * Chinese fonts; the form's header rows repeat, its groups merge. */
static void test_docx_parts(void **state)
{
    static const char *const parts[] = {
        "[Content_Types].xml", "_rels/.rels", "word/document.xml",
        "word/_rels/document.xml.rels", "word/styles.xml"};
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    char *doc, *styles;
    size_t len;

    write_docx(p, f->path);
    for (size_t i = 0; i < NELEMS(parts); i++) {
        char *x = member(f->path, parts[i], &len);

        assert_well_formed(x, len, parts[i]);
        free(x);
    }
    doc = member(f->path, "word/document.xml", NULL);
    /* GB/T 9704-2012: A4, margins 37/35/28/26 mm, 22 lines of 28
     * characters; numbered pages, odd and even apart */
    assert_true(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
                            "<w:pgMar w:top=\"2098\" w:right=\"1474\" "
                            "w:bottom=\"1984\" w:left=\"1587\""));
    assert_true(strstr(doc, "<w:docGrid w:type=\"lines\" "
                            "w:linePitch=\"579\"/>"));
    assert_int_equal(count(doc, "<w:footerReference w:type=\"default\" "
                                "r:id=\"rId2\"/><w:footerReference "
                                "w:type=\"even\" r:id=\"rId3\"/>"),
                     2);
    /* the 附件1 in a landscape section of its own, "附件1" at its top */
    assert_true(strstr(doc, "<w:type w:val=\"nextPage\"/><w:pgSz "
                            "w:w=\"16838\" w:h=\"11906\" "
                            "w:orient=\"landscape\"/>"));
    assert_true(strstr(doc, "<w:pStyle w:val=\"AnnexLabel\"/></w:pPr><w:r>"
                            "<w:t xml:space=\"preserve\">附件1</w:t>"));
    /* the title in two lines, no character left alone */
    assert_true(strstr(doc, "<w:t xml:space=\"preserve\">2021年度社区发展治"
                            "理工作经费</w:t><w:br/><w:t xml:space=\"preserve"
                            "\">绩效自评报告</w:t>"));
    /* the 落款 after the text */
    assert_true(strstr(doc,
                       "<w:pStyle w:val=\"Signature\"/></w:pPr><w:r>"
                       "<w:t xml:space=\"preserve\">（待填写：落款日期）"));
    assert_true(strstr(doc, "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r>"
                            "<w:t xml:space=\"preserve\">一、基本情况</w:t>"));
    /* two tables, one form: the indicators' header row repeats on each
     * page; no row splits across pages */
    assert_int_equal(count(doc, "<w:tbl>"), 2);
    assert_int_equal(count(doc, "<w:tblHeader/>"), 1);
    assert_true(strstr(doc, "<w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW "));
    /* 32 rows: title, year, 项目名称, 主管部门, funds 4, goals 2, 说明,
     * indicator header, 19 rows, 总分 */
    assert_int_equal(count(doc, "<w:tr>"), 32);
    assert_int_equal(count(doc, "<w:cantSplit/>"), 32);
    /* merged down: the funds, goal and indicator labels, 4 一级 and 9
     * 二级 groups */
    assert_int_equal(count(doc, "<w:vMerge w:val=\"restart\"/>"), 3 + 4 + 9);
    assert_true(strstr(doc, "<w:gridSpan w:val=\"9\"/>"));
    assert_true(strstr(doc, "<w:t xml:space=\"preserve\">95.58</w:t>"));
    assert_true(strstr(doc, "<w:t xml:space=\"preserve\">1.798</w:t>"));
    /* the table's own scores: no note under it */
    assert_null(strstr(doc, "注："));
    /* no number wraps: its column holds "100.00" at the table's size */
    assert_true(grid_fits(doc, 6, "100.00") && grid_fits(doc, 7, "59.90%"));
    /* the page number: "— PAGE —", odd pages right, even pages left */
    {
        char *odd = member(f->path, "word/footer1.xml", &len),
             *even = member(f->path, "word/footer2.xml", NULL),
             *set = member(f->path, "word/settings.xml", NULL);

        assert_well_formed(odd, len, "footer1.xml");
        assert_true(strstr(odd, "<w:jc w:val=\"right\"/>"));
        assert_true(strstr(even, "<w:jc w:val=\"left\"/>"));
        assert_true(strstr(odd, "— </w:t></w:r><w:fldSimple w:instr=\" PAGE "
                                "\">"));
        assert_true(strstr(even, "<w:fldSimple w:instr=\" PAGE \">"));
        assert_true(strstr(set, "<w:evenAndOddHeaders/>"));
        free(odd);
        free(even);
        free(set);
    }
    styles = member(f->path, "word/styles.xml", NULL);
    /* 3号 (16 pt) text on the page's grid; 2号 title, 3号 headings */
    assert_true(strstr(styles, "w:eastAsia=\"仿宋\" w:cs=\"FangSong\"/>"
                               "<w:spacing w:val=\"-5\"/><w:sz "
                               "w:val=\"32\"/>"));
    assert_true(strstr(styles, "<w:spacing w:after=\"0\" w:line=\"579\" "
                               "w:lineRule=\"exact\"/>"));
    assert_true(strstr(styles, "w:eastAsia=\"方正小标宋简体\" "
                               "w:cs=\"FZXiaoBiaoSong-B05S\"/><w:sz "
                               "w:val=\"44\"/>"));
    assert_true(strstr(styles, "w:eastAsia=\"宋体\""));
    assert_true(strstr(styles, "w:eastAsia=\"仿宋\""));
    assert_true(strstr(styles, "w:eastAsia=\"楷体\""));
    assert_true(strstr(styles, "w:eastAsia=\"黑体\""));
    assert_true(strstr(styles, "<w:name w:val=\"heading 1\"/>"));
    free(styles);
    free(doc);
    pe_project_free(p);
}

/* perfeval reads its own report's 附件1 back and scores it the same. */
static void test_docx_read_back(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1), *q = NULL;
    pe_buf bytes = {0, 0, 0};
    pe_book *book = NULL;
    pe_error err;
    char t[PE_DEC_BUFSIZE];

    write_docx(p, f->path);
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_io_read(f->path, &bytes, &err), PE_OK);
    assert_true(pe_book_detect(bytes.data, bytes.len));
    if (pe_book_open(bytes.data, bytes.len, f->path, NULL, &book, &err) !=
        PE_OK)
        fail_msg("open: %s", err.msg);
    assert_int_equal(pe_book_count(book), 1);
    if (pe_book_table_load(book, 0, &q, &err) != PE_OK)
        fail_msg("load: %s:%ld: %s", err.file, err.line, err.msg);
    if (!pe_project_has_rules(q))
        assert_int_equal(pe_project_infer_rules(q, &err), PE_OK);
    assert_int_equal(pe_project_score(q, &err), PE_OK);
    assert_string_equal(pe_dec_format(pe_project_total(q), t), "95.58");
    assert_string_equal(pe_project_grade(q), "优");
    assert_string_equal(q->name, "社区发展治理工作经费");
    assert_int_equal(q->year, 2021);
    assert_int_equal(q->nind, 19);
    assert_string_equal(q->ind[1].level1, "投入和管理目标");
    assert_string_equal(q->ind[4].level2, "财务管理");
    assert_string_equal(
        q->ind[0].reason,
        "财政资金紧张;外出学习培训计划受洪灾、疫情影响未进行。");
    assert_string_equal(q->funds.reported_rate, "59.90%");
    pe_project_free(q);
    pe_book_free(book);
    pe_buf_free(&bytes);
    pe_project_free(p);
}

/* Where the final score is not the table's, the cell holds the table's
 * (the 附件1 reads back as filed) and a note under the table says both. */
static void test_docx_score_note(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(1, 1);
    char *doc;

    write_docx(p, f->path);
    doc = member(f->path, "word/document.xml", NULL);
    assert_true(strstr(doc,
                       "注：预算执行率得分附件1填列0.59，按评分规则复算为0.60"
                       "。"));
    assert_true(
        strstr(doc, "注：总分得分附件1填列95.58，按评分规则复算为95.59。"));
    assert_true(strstr(doc, ">0.59</w:t></w:r></w:p></w:tc>"));
    assert_true(strstr(doc, ">95.58</w:t></w:r></w:p></w:tc>"));
    assert_null(strstr(doc, ">0.60</w:t></w:r></w:p></w:tc>"));
    assert_null(strstr(doc, ">95.59</w:t></w:r></w:p></w:tc>"));
    free(doc);
    pe_project_free(p);
}

/* The same table gives the same bytes, whenever it is written. */
static void test_docx_deterministic(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    pe_buf a = {0, 0, 0}, b = {0, 0, 0};
    char other[160];
    pe_error err;

    snprintf(other, sizeof other, "%s/again.keep.docx", f->dir);
    write_docx(p, f->path);
    sleep(2); /* past the two seconds a zip time stamp can tell apart */
    write_docx(p, other);
    assert_int_equal(pe_io_read(f->path, &a, &err), PE_OK);
    assert_int_equal(pe_io_read(other, &b, &err), PE_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    pe_buf_free(&a);
    pe_buf_free(&b);
    pe_project_free(p);
}

/* A cell with markup, an ampersand and a control character: the XML is
 * well-formed, the text escaped, the control character gone; the report
 * still reads back. */
static void test_docx_hostile(void **state)
{
    fixture *f = *state;
    pe_project *p = load_json(
        "{\"format\":\"perfeval/1\",\"name\":\"A<&>\\u0001\\\"B]]>\","
        "\"unit\":\"U\\ufffeV\\uffffW\","
        "\"goal\":{\"target\":\"一\\r\\n二\\t三\",\"actual\":\"\\u001b[2J\"},"
        "\"indicators\":[{\"level1\":\"产出指标\",\"level2\":\"数量指标\","
        "\"name\":\"<w:t>x</w:t>\",\"target\":\"≥1场\",\"actual\":\"2场\","
        "\"weight\":\"100\",\"reason\":\"&amp;\\u0007\\u007f\\u0085\"}]}");
    pe_project *q = NULL;
    pe_buf bytes = {0, 0, 0};
    pe_book *book = NULL;
    pe_error err;
    char *doc;
    size_t len;

    write_docx(p, f->path);
    doc = member(f->path, "word/document.xml", &len);
    assert_well_formed(doc, len, "word/document.xml");
    assert_true(strstr(doc, "A&lt;&amp;&gt;&quot;B]]&gt;"));
    assert_true(strstr(doc, "&lt;w:t&gt;x&lt;/w:t&gt;"));
    /* what XML cannot hold shows as U+FFFD, as in the workbook */
    assert_true(strstr(doc, "U\xEF\xBF\xBDV\xEF\xBF\xBDW"));
    assert_true(strstr(doc, "一</w:t><w:br/><w:t xml:space=\"preserve\">二"
                            "</w:t><w:tab/>"));
    assert_true(strstr(doc, "&amp;amp;</w:t>"));
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)doc[i] < 0x20 && doc[i] != '\n') ||
            doc[i] == 0x7F || memcmp(doc + i, "\xC2\x85", 2) == 0)
            fail_msg("control character %d at byte %zu", doc[i], i);
    free(doc);
    pe_project_free(p);

    /* and it is still a form perfeval reads */
    assert_int_equal(pe_io_read(f->path, &bytes, &err), PE_OK);
    if (pe_book_open(bytes.data, bytes.len, f->path, NULL, &book, &err) !=
        PE_OK)
        fail_msg("open: %s", err.msg);
    if (pe_book_table_load(book, 0, &q, &err) != PE_OK)
        fail_msg("load: %s:%ld: %s", err.file, err.line, err.msg);
    assert_string_equal(q->name, "A<&>\"B]]>");
    assert_string_equal(q->ind[0].name, "<w:t>x</w:t>");
    assert_string_equal(q->goal, "一\n二 三");
    pe_project_free(q);
    pe_book_free(book);
    pe_buf_free(&bytes);
}

/* A table without funds, goals or year: the form has no such rows, and
 * still reads back to its total. */
static void test_docx_bare(void **state)
{
    fixture *f = *state;
    pe_project *p = load_json(BARE), *q = NULL;
    pe_buf bytes = {0, 0, 0};
    pe_book *book = NULL;
    pe_error err;
    char *doc, t[PE_DEC_BUFSIZE];

    write_docx(p, f->path);
    doc = member(f->path, "word/document.xml", NULL);
    assert_true(strstr(doc, "（附件1未列资金情况，待填写。）"));
    assert_true(strstr(doc, "（    年度）"));
    assert_null(strstr(doc, "项目资金（"));
    assert_null(strstr(doc, "预期目标"));
    /* title, year, 项目名称, 主管部门, indicator header, 2 rows, 总分 */
    assert_int_equal(count(doc, "<w:tr>"), 8);
    free(doc);
    assert_int_equal(pe_io_read(f->path, &bytes, &err), PE_OK);
    if (pe_book_open(bytes.data, bytes.len, f->path, NULL, &book, &err) !=
        PE_OK)
        fail_msg("open: %s", err.msg);
    if (pe_book_table_load(book, 0, &q, &err) != PE_OK)
        fail_msg("load: %s:%ld: %s", err.file, err.line, err.msg);
    assert_int_equal(pe_project_score(q, &err), PE_OK);
    assert_string_equal(pe_dec_format(pe_project_total(q), t), "100.00");
    assert_false(q->funds.present);
    pe_project_free(q);
    pe_book_free(book);
    pe_buf_free(&bytes);
    pe_project_free(p);
}

static void test_docx_usage(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    char path[160];
    pe_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(pe_render_report_docx(NULL, f->path, &err), PE_EUSAGE);
    assert_int_equal(pe_render_report_docx(p, NULL, &err), PE_EUSAGE);
    assert_int_equal(pe_render_report_docx(p, "", &err), PE_EUSAGE);
    assert_int_equal(pe_render_report_docx(p, "-", &err), PE_EUSAGE);
    assert_string_equal(err.msg,
                        "a Word document needs a file to write to (-o FILE)");
    snprintf(path, sizeof path, "%s/no/such/dir/r.docx", f->dir);
    assert_int_equal(pe_render_report_docx(p, path, &err), PE_EIO);
    assert_string_equal(err.file, path);
    assert_memory_equal(err.msg, "cannot create", strlen("cannot create"));
    assert_int_equal(access(f->path, F_OK), -1);
    pe_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_outline),
        cmocka_unit_test(test_seed_funds),
        cmocka_unit_test(test_seed_indicators),
        cmocka_unit_test(test_seed_conclusion),
        cmocka_unit_test(test_reported_differs),
        cmocka_unit_test(test_rules_inferred),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_bare_table),
        cmocka_unit_test(test_rate_reasons),
        cmocka_unit_test(test_money_units),
        cmocka_unit_test(test_remarks),
        cmocka_unit_test(test_markdown_hostile),
        cmocka_unit_test(test_unit_profile),
        cmocka_unit_test(test_unit_refused),
        cmocka_unit_test(test_file_name),
        cmocka_unit_test(test_usage),
        cmocka_unit_test_setup_teardown(test_docx_parts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docx_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docx_score_note, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docx_deterministic, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_docx_hostile, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docx_bare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docx_usage, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
