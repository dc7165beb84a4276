/*
 * `perfeval init`: a blank 附件1 for a new project, in the structure
 * 财预〔2020〕10号 recommends, as a project file or as the CSV a
 * spreadsheet saves.  Both forms come from the one list below.
 */
#include "jsonval.h"
#include "project.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One row per usual 二级指标.  The split inside each 一级 is ours (the
 * notice fixes only 产出 50, 效益 30, 满意度 10 and the funds' 10): the
 * 数量 row carries most of 产出 and the 社会效益 row most of 效益, as the
 * tables we have seen weigh them. */
static const struct tpl_row {
    const char *level1, *level2;
    int weight;
} rows[] = {
    {"产出指标", "数量指标", 20},
    {"产出指标", "质量指标", 10},
    {"产出指标", "时效指标", 10},
    {"产出指标", "成本指标", 10},
    {"效益指标", "经济效益指标", 5},
    {"效益指标", "社会效益指标", 15},
    {"效益指标", "生态效益指标", 5},
    {"效益指标", "可持续影响指标", 5},
    {"满意度指标", "服务对象满意度指标", 10},
};

#define NROWS (sizeof rows / sizeof rows[0])
#define FUNDS_WEIGHT 10

/* The 其中 rows of the funds block, as the notice's 附件1 prints them. */
static const char *const fund_parts[] = {"其中：当年财政拨款", "上年结转资金",
                                         "其他资金"};

#define NPARTS (sizeof fund_parts / sizeof fund_parts[0])

static int total_weight(void)
{
    int w = FUNDS_WEIGHT;

    for (size_t i = 0; i < NROWS; i++)
        w += rows[i].weight;
    return w;
}

/* ------------------------------------------------------------ json */

static void put_amounts(pe_jout *o, cJSON *obj)
{
    pe_jout_str(o, obj, "initial", "");
    pe_jout_str(o, obj, "budget", "");
    pe_jout_str(o, obj, "executed", "");
}

static cJSON *funds(pe_jout *o)
{
    cJSON *f = pe_jout_new(o, cJSON_CreateObject());
    cJSON *parts = pe_jout_new(o, cJSON_CreateArray());

    pe_jout_int(o, f, "weight", FUNDS_WEIGHT);
    put_amounts(o, f);
    pe_jout_str(o, f, "rate", "");
    pe_jout_str(o, f, "score", "");
    for (size_t i = 0; i < NPARTS; i++) {
        cJSON *p = pe_jout_new(o, cJSON_CreateObject());

        pe_jout_str(o, p, "name", fund_parts[i]);
        put_amounts(o, p);
        pe_jout_item(o, parts, p);
    }
    pe_jout_put(o, f, "parts", parts);
    return f;
}

static cJSON *indicators(pe_jout *o)
{
    cJSON *arr = pe_jout_new(o, cJSON_CreateArray());

    for (size_t i = 0; i < NROWS; i++) {
        cJSON *r = pe_jout_new(o, cJSON_CreateObject());

        /* every row names its 一级/二级: a clerk may copy or move rows */
        pe_jout_str(o, r, "level1", rows[i].level1);
        pe_jout_str(o, r, "level2", rows[i].level2);
        pe_jout_str(o, r, "name", "");
        pe_jout_str(o, r, "target", "");
        pe_jout_str(o, r, "actual", "");
        pe_jout_int(o, r, "weight", rows[i].weight);
        pe_jout_str(o, r, "score", "");
        pe_jout_str(o, r, "reason", "");
        pe_jout_item(o, arr, r);
    }
    return arr;
}

/* The default rules written out, so that a clerk sees what scores the
 * table and may change it in place.  From pe_rules_default(), so that the
 * two cannot drift apart. */
static cJSON *rules(pe_jout *o)
{
    pe_rules R;

    pe_rules_default(&R);
    return pe_jout_rules(o, &R);
}

static pe_status json_template(int year, pe_buf *b)
{
    pe_jout o = {0};
    cJSON *root = cJSON_CreateObject(), *x;

    if (!root)
        return PE_ENOMEM;
    pe_jout_str(&o, root, "format", PE_JSON_PROJECT);
    pe_jout_str(&o, root, "name", "");
    if (year)
        pe_jout_int(&o, root, "year", year);
    x = pe_jout_new(&o, cJSON_CreateObject());
    pe_jout_str(&o, x, "code", "");
    pe_jout_str(&o, x, "name", "");
    pe_jout_put(&o, root, "department", x);
    pe_jout_str(&o, root, "unit", "");
    pe_jout_str(&o, root, "money_unit", "万元");
    pe_jout_put(&o, root, "funds", funds(&o));
    x = pe_jout_new(&o, cJSON_CreateObject());
    pe_jout_str(&o, x, "target", "");
    pe_jout_str(&o, x, "actual", "");
    pe_jout_put(&o, root, "goal", x);
    /* 说明: where a rate below explain_rate_below is explained */
    pe_jout_str(&o, root, "note", "");
    pe_jout_put(&o, root, "indicators", indicators(&o));
    x = pe_jout_new(&o, cJSON_CreateObject());
    pe_jout_int(&o, x, "max", total_weight());
    pe_jout_put(&o, root, "reported", x);
    pe_jout_put(&o, root, "rules", rules(&o));
    return pe_jout_finish(&o, root, b);
}

/* ------------------------------------------------------------ csv */

/* Nine columns, the widest part (the 绩效指标 block with its leading
 * label column); every record has them all, as a spreadsheet saves it. */
#define NCOLS 9

/* One record: the cells given, blank up to NCOLS, CRLF (Excel's and
 * WPS's line end, which every reader of these files accepts). */
static pe_status record(pe_buf *b, const char *const *cells, size_t n)
{
    pe_status st = PE_OK;

    for (size_t k = 0; k < NCOLS && st == PE_OK; k++) {
        if (k)
            st = pe_buf_append(b, ",", 1);
        if (st == PE_OK && k < n && cells[k])
            st = pe_csv_field(b, cells[k]);
    }
    return st == PE_OK ? pe_buf_append(b, "\r\n", 2) : st;
}

#define REC(b, ...)                                                            \
    record(b, (const char *const[]){__VA_ARGS__},                              \
           sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))

static pe_status csv_template(int year, pe_buf *b)
{
    char title[32] = "（    年度）", w[16];
    const char *prev1 = "";
    pe_status st;

    if (year)
        snprintf(title, sizeof title, "（%d年度）", year);
    snprintf(w, sizeof w, "%d", FUNDS_WEIGHT);
    if ((st = REC(b, "附件1")) != PE_OK ||
        (st = REC(b, "项目支出绩效自评表")) != PE_OK ||
        (st = REC(b, title)) != PE_OK || (st = REC(b, "项目名称")) != PE_OK ||
        (st = REC(b, "主管部门及代码", "", "", "", "", "实施单位")) != PE_OK ||
        (st = REC(b, "项目资金（万元）", "", "年初预算数", "全年预算数",
                  "全年执行数", "分值", "执行率", "得分")) != PE_OK ||
        (st = REC(b, "", "年度资金总额", "", "", "", w)) != PE_OK)
        return st;
    for (size_t i = 0; i < NPARTS; i++)
        if ((st = REC(b, "", fund_parts[i])) != PE_OK)
            return st;
    /* the goal texts go on the blank record under their headings */
    if ((st = REC(b, "年度总体目标", "预期目标", "", "", "", "实际完成情况")) !=
            PE_OK ||
        (st = REC(b, "")) != PE_OK ||
        (st = REC(b, "绩效指标", "一级指标", "二级指标", "三级指标", "指标值",
                  "实际完成值", "分值", "得分", "偏差原因分析及改进措施")) !=
            PE_OK)
        return st;
    for (size_t i = 0; i < NROWS; i++) {
        /* merged 一级 cells: the value in the first, blanks below */
        const char *l1 = strcmp(rows[i].level1, prev1) ? rows[i].level1 : "";

        snprintf(w, sizeof w, "%d", rows[i].weight);
        if ((st = REC(b, "", l1, rows[i].level2, "", "", "", w)) != PE_OK)
            return st;
        prev1 = rows[i].level1;
    }
    /* 总分 stays blank: a lone number on this record reads as the total
     * a clerk reports, and an unfilled one is not 100.  说明 is where an
     * execution rate below 70% is explained. */
    if ((st = REC(b, "总分")) != PE_OK)
        return st;
    return REC(b, "说明");
}

pe_status pe_init_template(const char *format, int year, pe_buf *out)
{
    pe_buf tmp = {NULL, 0, 0};
    pe_status st;
    int csv;

    if (!out)
        return PE_EUSAGE;
    if (!format || strcmp(format, "json") == 0)
        csv = 0;
    else if (strcmp(format, "csv") == 0)
        csv = 1;
    else
        return PE_EUSAGE;
    if (year != 0 && (year < 1900 || year > 2200))
        return PE_EUSAGE;
    st = csv ? csv_template(year, &tmp) : json_template(year, &tmp);
    if (st == PE_OK)
        st = pe_buf_append(out, tmp.data, tmp.len);
    pe_buf_free(&tmp);
    return st;
}

static pe_status fill(char **dst, const char *s)
{
    return (*dst = pe_strdup_or_empty(s)) ? PE_OK : PE_ENOMEM;
}

/* The same blank form as a project in memory, for the renderers that need
 * one (the workbook).  Unscored: every score cell stays empty. */
pe_status pe_init_project(int year, pe_project **out)
{
    pe_project *p;
    pe_status st = PE_OK;

    *out = NULL;
    if (year != 0 && (year < 1900 || year > 2200))
        return PE_EUSAGE;
    if (!(p = pe_project_new("init")))
        return PE_ENOMEM;
    p->year = year;
    p->funds.present = 1;
    p->funds.weight = (pe_opt_dec){1, pe_dec_from_int(FUNDS_WEIGHT)};
    p->reported_max = (pe_opt_dec){1, pe_dec_from_int(total_weight())};
    p->ind = calloc(NROWS, sizeof *p->ind);
    p->funds.parts = calloc(NPARTS, sizeof *p->funds.parts);
    if (!p->ind || !p->funds.parts)
        st = PE_ENOMEM;
    for (size_t i = 0; st == PE_OK && i < NPARTS; i++) {
        p->funds.nparts = i + 1;
        st = fill(&p->funds.parts[i].name, fund_parts[i]);
    }
    for (size_t i = 0; st == PE_OK && i < NROWS; i++) {
        pe_indicator *r = &p->ind[i];

        p->nind = i + 1;
        r->weight = pe_dec_from_int(rows[i].weight);
        r->weight_set = 1;
        if ((st = fill(&r->level1, rows[i].level1)) == PE_OK &&
            (st = fill(&r->level2, rows[i].level2)) == PE_OK &&
            (st = fill(&r->name, "")) == PE_OK &&
            (st = fill(&r->target, "")) == PE_OK &&
            (st = fill(&r->actual, "")) == PE_OK)
            st = fill(&r->reason, "");
    }
    {
        char **text[] = {&p->name, &p->dept_code,   &p->dept, &p->unit,
                         &p->goal, &p->goal_actual, &p->note};

        for (size_t i = 0; st == PE_OK && i < sizeof text / sizeof *text; i++)
            st = fill(text[i], "");
    }
    if (st == PE_OK && (st = fill(&p->money_unit, "万元")) == PE_OK)
        st = fill(&p->funds.total.name, "年度资金总额");
    if (st != PE_OK) {
        pe_project_free(p);
        return st;
    }
    *out = p;
    return PE_OK;
}
