/*
 * The 绩效自评报告 drafted from a scored 附件1 (perfeval.h,
 * pe_render_report): the report as a list of blocks (headings,
 * paragraphs, list items, the annex), built once from the project and
 * written out as markdown here or as a Word document (report_docx.c).
 *
 * Every word of the report is in the template table below, so that the
 * wording is reviewed in one place and the same table always drafts the
 * same report.  Templates take their values as "{1}".."{9}": no printf
 * format ever sees a table's text.  What only people know (the unit's
 * functions, how the evaluation was run, how results are used) is left
 * as a "（待填写…）" marker, never made up.  The rules of the draft are
 * in docs/rules.md, "The 自评报告 drafted from a table".
 */
#include "report_draft.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- wording */

static const char *const tpl[PE_RT_COUNT] = {
    [PE_RT_TITLE_YEAR] = "{1}年度{2}绩效自评报告",
    [PE_RT_TITLE] = "{1}绩效自评报告",
    [PE_RT_NO_NAME] = "项目支出",

    [PE_RT_S1] = "一、基本情况",
    [PE_RT_S1_1] = "（一）项目概况",
    [PE_RT_FACT_NAME] = "项目名称：{1}",
    [PE_RT_FACT_DEPT] = "主管部门及代码：{1}",
    [PE_RT_FACT_UNIT] = "实施单位：{1}",
    [PE_RT_TODO_UNIT] = "（待填写：单位职能、项目立项依据和主要内容。）",
    [PE_RT_S1_2] = "（二）项目资金情况",
    [PE_RT_NO_FUNDS] = "（附件1未列资金情况，待填写。）",
    [PE_RT_NO_AMOUNTS] = "（附件1未列资金金额，待填写。）",
    [PE_RT_FUND_ROW] = "{1}：",
    [PE_RT_INITIAL] = "年初预算数",
    [PE_RT_BUDGET] = "全年预算数",
    [PE_RT_EXECUTED] = "全年执行数",
    [PE_RT_MONEY] = "{1}{2}",
    [PE_RT_MONEY_YUAN] = "{1}{2}（{3}元）",
    [PE_RT_RATE] = "执行率{1}",
    [PE_RT_RATE_RECOMPUTED] = "（按执行数/预算数复算为{1}）",
    [PE_RT_FUND_SCORE] = "资金执行分值{1}，得分{2}。",
    [PE_RT_FUND_WEIGHT] = "资金执行分值{1}。",
    [PE_RT_FUND_SCORE_ONLY] = "资金执行得分{1}。",
    [PE_RT_FUNDS_OUTSIDE] = "资金执行得分不计入总分。",
    [PE_RT_RATE_REASON] = "执行率低于{1}，原因：{2}",
    [PE_RT_RATE_NO_REASON] = "执行率低于{1}，附件1未说明原因（待填写。）",

    [PE_RT_S2] = "二、绩效目标及完成情况",
    [PE_RT_GOAL] = "年度总体目标：{1}",
    [PE_RT_GOAL_ACTUAL] = "实际完成情况：{1}",
    [PE_RT_NOT_GIVEN] = "（附件1未填写，待填写。）",

    [PE_RT_S3] = "三、评价工作简述",
    [PE_RT_TODO_EVAL] = "（待填写：评价组织、方法和过程。）",

    [PE_RT_S4] = "四、绩效指标分析",
    [PE_RT_SUB] = "（{1}）{2}",
    [PE_RT_NO_LEVEL1] = "未列一级指标",
    [PE_RT_GROUP] = "{1}共{2}项指标，分值{3}分，得分{4}分{5}。",
    [PE_RT_GROUP_NO_WEIGHT] = "{1}共{2}项指标，得分{3}分{4}。",
    [PE_RT_GROUP_UNSCORED] = "其中{1}项无得分。",
    [PE_RT_ROW] = "{1}：目标{2}，实际{3}，分值{4}，得分{5}。",
    [PE_RT_BLANK] = "（空）",
    [PE_RT_NO_ROWS] = "（附件1未列绩效指标。）",
    [PE_RT_DEVIATION] = "偏差情况",
    [PE_RT_DEV_ROW] = "{1}：分值{2}，得分{3}。偏差原因分析及改进措施：{4}",
    [PE_RT_DEV_NO_REASON] = "{1}：分值{2}，得分{3}。未说明原因。",
    [PE_RT_DEV_NONE] = "各项指标均达到目标值。",

    [PE_RT_S5] = "五、评价结论",
    [PE_RT_TOTAL] = "自评得分{1}分",
    [PE_RT_TOTAL_RECOMPUTED] = "（按评分规则复算为{1}分）",
    [PE_RT_GRADE] = "，等级为{1}",
    [PE_RT_GRADE_RECOMPUTED] = "（按评分规则复算为{1}）",
    [PE_RT_GRADE_OF_RECOMPUTED] = "（按复算得分评定）",
    [PE_RT_TOTAL_UNSCORED] = "其中{1}项无得分，未计入总分。",
    /* the rules, said once and only where they are not the MoF default */
    [PE_RT_RULES] = "本次自评{1}。",
    [PE_RT_HALF_UP] = "得分按四舍五入保留{1}位小数",
    [PE_RT_TRUNCATE] = "得分按截尾法保留{1}位小数",
    [PE_RT_HALF_UP_WHOLE] = "得分按四舍五入取整数",
    [PE_RT_TRUNCATE_WHOLE] = "得分按截尾法取整数",
    [PE_RT_RULES_FUNDS_OUT] = "资金执行得分不计入总分",
    [PE_RT_RULES_ON_INITIAL] = "执行率按执行数/年初预算数计算",
    [PE_RT_RULES_LINEAR] = "反向指标按超出目标值的比例扣分",

    [PE_RT_S6] = "六、存在的问题和改进措施",
    [PE_RT_REMARK] = "{1}：{2}",
    [PE_RT_REMARK_LABEL] = "备注",
    [PE_RT_NOTE_LABEL] = "说明",
    [PE_RT_TODO] = "（待填写。）",

    [PE_RT_S7] = "七、结果应用",

    [PE_RT_ANNEX] = "附件1：项目支出绩效自评表",
    [PE_RT_ANNEX_LABEL] = "附件1",
    [PE_RT_SIGN_UNIT_TODO] = "（待填写：单位名称）",
    [PE_RT_SIGN_DATE_TODO] = "（待填写：落款日期）",

    [PE_RT_SEP] = "；",
    [PE_RT_COMMA] = "，",
    [PE_RT_END] = "。",

    /* the 附件1 as a Word table (report_docx.c) */
    [PE_RT_FORM_TITLE] = "项目支出绩效自评表",
    [PE_RT_FORM_YEAR] = "（{1}年度）",
    [PE_RT_FORM_NO_YEAR] = "（    年度）",
    [PE_RT_FORM_NAME] = "项目名称",
    [PE_RT_FORM_DEPT] = "主管部门及代码",
    [PE_RT_FORM_UNIT] = "实施单位",
    [PE_RT_FORM_GOAL] = "年度总体目标",
    [PE_RT_FORM_GOAL_TARGET] = "预期目标",
    [PE_RT_FORM_GOAL_ACTUAL] = "实际完成情况",
    [PE_RT_FORM_WEIGHT] = "分值",
    [PE_RT_FORM_RATE] = "执行率",
    [PE_RT_FORM_SCORE] = "得分",
    [PE_RT_FORM_IND] = "绩效指标",
    [PE_RT_FORM_TOTAL] = "总分",
    [PE_RT_FORM_GRADE] = "等级：{1}",
    [PE_RT_FORM_FUNDS_NAME] = "资金执行",
    [PE_RT_FORM_SCORE_DIFF] = "注：{1}得分附件1填列{2}，按评分规则复算为{3}。",
    [PE_RT_FORM_GRADE_DIFF] = "注：等级附件1填列{1}，按评分规则复算为{2}。",
    [PE_RT_SCORE_RECOMPUTED] = "{1}（按评分规则复算为{2}）",
};

const char *pe_draft_tpl(int t)
{
    return t >= 0 && t < PE_RT_COUNT && tpl[t] ? tpl[t] : "";
}

void pe_draft_vfill(pe_buf *b, pe_status *st, int t, va_list ap)
{
    const char *arg[9] = {NULL}, *a, *s = pe_draft_tpl(t);
    int n = 0;

    while (n < 9 && (a = va_arg(ap, const char *)) != NULL)
        arg[n++] = a;
    while (*st == PE_OK && *s) {
        const char *open = strchr(s, '{');

        if (!open) {
            *st = pe_buf_puts(b, s);
            break;
        }
        if (open[1] >= '1' && open[1] <= '9' && open[2] == '}') {
            *st = pe_buf_append(b, s, (size_t)(open - s));
            if (*st == PE_OK)
                *st = pe_buf_puts(b, pe_str(arg[open[1] - '1']));
            s = open + 3;
        } else {
            *st = pe_buf_append(b, s, (size_t)(open - s) + 1);
            s = open + 1;
        }
    }
}

void pe_draft_fill(pe_buf *b, pe_status *st, int t, ...)
{
    va_list ap;

    va_start(ap, t);
    pe_draft_vfill(b, st, t, ap);
    va_end(ap);
}

/* ---------------------------------------------------------------- numbers */

char *pe_draft_score(const pe_project *p, int have, pe_dec final,
                     pe_opt_dec reported, char *buf, size_t n)
{
    char a[PE_DEC_BUFSIZE], b[PE_DEC_BUFSIZE];

    buf[0] = '\0';
    if (have && reported.present && pe_dec_cmp(final, reported.v) != 0) {
        pe_buf t = {0};
        pe_status st = PE_OK;

        pe_draft_fill(&t, &st, PE_RT_SCORE_RECOMPUTED,
                      pe_fmt_score(p, reported.v, b), pe_fmt_score(p, final, a),
                      NULL);
        snprintf(buf, n, "%s", st == PE_OK && t.data ? t.data : b);
        pe_buf_free(&t);
    } else if (have)
        snprintf(buf, n, "%s", pe_fmt_score(p, final, a));
    else if (reported.present)
        snprintf(buf, n, "%s", pe_fmt_score(p, reported.v, a));
    return buf;
}

char *pe_draft_filed(const pe_project *p, int have, pe_dec final,
                     pe_opt_dec reported, char *buf)
{
    buf[0] = '\0';
    if (reported.present)
        return pe_fmt_score(p, reported.v, buf);
    if (have)
        return pe_fmt_score(p, final, buf);
    return buf;
}

/* Two printed numbers of one value: "100%" and "100.00%". */
static int same_value(const char *a, const char *b)
{
    pe_cell x, y;

    if (strcmp(a, b) == 0)
        return 1;
    return pe_cell_parse(a, strlen(a), &x) == PE_OK &&
           pe_cell_parse(b, strlen(b), &y) == PE_OK &&
           x.kind == PE_CELL_NUMBER && y.kind == PE_CELL_NUMBER &&
           x.percent == y.percent && pe_dec_cmp(x.value, y.value) == 0;
}

/* A fraction as a percent with the places it needs: 0.7 is "70%". */
static const char *percent_text(pe_dec d, char *buf)
{
    pe_dec pct;
    size_t n;

    if (pe_dec_muldiv(d, pe_dec_from_int(100), pe_dec_from_int(1),
                      d.scale > 2 ? d.scale - 2 : 0, PE_ROUND_HALF_UP,
                      &pct) != PE_OK)
        pct = d; /* cannot happen for a fraction of at most 1 */
    pe_dec_format(pe_dec_normalize(pct), buf);
    n = strlen(buf);
    buf[n] = '%';
    buf[n + 1] = '\0';
    return buf;
}

/* An amount of 万元 in 元: exact, ×10000 with the places it still needs
 * (1.798 is 17980, 0.12345 is 1234.5).  0 when it does not fit a
 * decimal, and the amount is then given in its own unit alone. */
static int yuan_text(pe_dec v, char *buf)
{
    pe_dec y;

    if (pe_dec_muldiv(v, pe_dec_from_int(10000), pe_dec_from_int(1),
                      v.scale > 4 ? v.scale - 4 : 0, PE_ROUND_HALF_UP,
                      &y) != PE_OK)
        return 0;
    pe_dec_format(y, buf);
    return 1;
}

/* Chinese numerals for the sub-parts: 一 .. 九十九, then digits. */
static void numeral(int n, char *buf, size_t size)
{
    static const char *const d[] = {"",   "一", "二", "三", "四",
                                    "五", "六", "七", "八", "九"};

    if (n <= 0 || n >= 100)
        snprintf(buf, size, "%d", n);
    else if (n < 10)
        snprintf(buf, size, "%s", d[n]);
    else
        snprintf(buf, size, "%s十%s", n >= 20 ? d[n / 10] : "", d[n % 10]);
}

/* ---------------------------------------------------------------- blocks */

typedef struct builder {
    const pe_project *p;
    const pe_unit *u; /* the unit profile, or NULL */
    pe_draft *r;
} builder;

static pe_status *st_of(builder *B)
{
    return &B->r->st;
}

static void begin(builder *B, pe_draft_kind k)
{
    pe_draft *r = B->r;
    pe_draft_block *g;

    if (r->st != PE_OK)
        return;
    if (!(g = pe_grow(r->b, &r->cap, r->n + 1, sizeof *g, 64))) {
        r->st = PE_ENOMEM;
        return;
    }
    r->b = g;
    g[r->n].kind = k;
    g[r->n].off = r->text.len;
    r->n++;
}

/* A block's text is NUL-terminated inside r->text. */
static void end(builder *B)
{
    if (B->r->st == PE_OK)
        B->r->st = pe_buf_append(&B->r->text, "", 1);
}

static void fill(builder *B, int t, ...)
{
    va_list ap;

    va_start(ap, t);
    pe_draft_vfill(&B->r->text, st_of(B), t, ap);
    va_end(ap);
}

/* A whole block from one template. */
static void block(builder *B, pe_draft_kind k, int t, ...)
{
    va_list ap;

    begin(B, k);
    va_start(ap, t);
    pe_draft_vfill(&B->r->text, st_of(B), t, ap);
    va_end(ap);
    end(B);
}

static void keep(builder *B, pe_status st)
{
    if (B->r->st == PE_OK)
        B->r->st = st;
}

/* The profile's text f, a paragraph per line, in blocks of kind k; 0 when
 * the profile does not give it. */
static int unit_text(builder *B, pe_unit_field f, pe_draft_kind k)
{
    const char *s = pe_unit_text(B->u, f);
    int any = 0;

    while (*s) {
        size_t n = strcspn(s, "\r\n"), lead = 0;

        while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
            lead++;
        if (n > lead) {
            begin(B, k);
            keep(B, pe_buf_append(&B->r->text, s + lead, n - lead));
            end(B);
            any = 1;
        }
        s += n;
        while (*s == '\r' || *s == '\n')
            s++;
    }
    return any;
}

/* ---------------------------------------------------------------- parts */

static void title(builder *B)
{
    const pe_project *p = B->p;
    const char *name = pe_str(p->name)[0] ? p->name : tpl[PE_RT_NO_NAME];
    char year[16];

    if (p->year > 0) {
        snprintf(year, sizeof year, "%d", p->year);
        block(B, PE_RB_TITLE, PE_RT_TITLE_YEAR, year, name, NULL);
    } else {
        block(B, PE_RB_TITLE, PE_RT_TITLE, name, NULL);
    }
}

static void overview(builder *B)
{
    const pe_project *p = B->p;
    const char *dept;
    pe_buf b = {0};
    int n = 0;

    block(B, PE_RB_H2, PE_RT_S1_1, NULL);
    keep(B, pe_dept_text(p, &b, &dept));
    {
        const struct {
            int t;
            const char *v;
        } facts[] = {{PE_RT_FACT_NAME, pe_str(p->name)},
                     {PE_RT_FACT_DEPT, dept},
                     {PE_RT_FACT_UNIT, pe_str(p->unit)}};

        for (size_t i = 0; i < NELEMS(facts); i++) {
            if (!facts[i].v[0])
                continue;
            if (n++ == 0)
                begin(B, PE_RB_PARA);
            else
                fill(B, PE_RT_SEP, NULL);
            fill(B, facts[i].t, facts[i].v, NULL);
        }
        if (n) {
            fill(B, PE_RT_END, NULL);
            end(B);
        }
    }
    pe_buf_free(&b);
    if (!unit_text(B, PE_UNIT_DUTIES, PE_RB_PARA))
        block(B, PE_RB_PARA, PE_RT_TODO_UNIT, NULL);
}

/* "年初预算数3万元（30000元）", after a comma unless it is the first. */
static void amount(builder *B, int label, pe_opt_dec v, int *first)
{
    const char *unit = pe_str(B->p->money_unit)[0] ? B->p->money_unit : "万元";
    char a[PE_DEC_BUFSIZE], y[PE_DEC_BUFSIZE];

    if (!v.present)
        return;
    if (!*first)
        fill(B, PE_RT_COMMA, NULL);
    *first = 0;
    fill(B, label, NULL);
    pe_money_text(v, a);
    if (strcmp(unit, "万元") == 0 && yuan_text(v.v, y))
        fill(B, PE_RT_MONEY_YUAN, a, unit, y, NULL);
    else
        fill(B, PE_RT_MONEY, a, unit, NULL);
}

/* Why the rate is low, as the table says it: the 预算执行率 row's reason,
 * else the 说明, unless that is the form's own prompt ("…请说明原因"),
 * as the scorer judges it (score.c, explained_rate). */
static const char *rate_reason(const pe_project *p)
{
    for (size_t i = 0; i < p->nind; i++)
        if (strstr(pe_str(p->ind[i].name), "执行率") &&
            pe_str(p->ind[i].reason)[0])
            return p->ind[i].reason;
    if (pe_str(p->note)[0] && !strstr(p->note, "请说明"))
        return p->note;
    return NULL;
}

static void funds(builder *B)
{
    const pe_project *p = B->p;
    const pe_funds *f = &p->funds;
    char rate[PE_RATE_BUFSIZE], w[PE_DEC_BUFSIZE], s[3 * PE_DEC_BUFSIZE];
    pe_buf lb = {0};

    block(B, PE_RB_H2, PE_RT_S1_2, NULL);
    if (!f->present) {
        block(B, PE_RB_PARA, PE_RT_NO_FUNDS, NULL);
        return;
    }
    for (size_t i = 0; i <= f->nparts && B->r->st == PE_OK; i++) {
        const pe_fund_row *fr = i ? &f->parts[i - 1] : &f->total;
        const char *label;
        int first = 1;

        if (i > 0 && !fr->initial.present && !fr->budget.present &&
            !fr->executed.present)
            continue;
        keep(B, pe_fund_label(f, i, &lb, &label));
        begin(B, PE_RB_PARA);
        fill(B, PE_RT_FUND_ROW, label, NULL);
        amount(B, PE_RT_INITIAL, fr->initial, &first);
        amount(B, PE_RT_BUDGET, fr->budget, &first);
        amount(B, PE_RT_EXECUTED, fr->executed, &first);
        if (i == 0) {
            const char *rep = pe_str(f->reported_rate);

            pe_rate_computed(p, rate);
            if (rate[0] || rep[0]) {
                if (!first)
                    fill(B, PE_RT_COMMA, NULL);
                first = 0;
                /* the rate the table prints, as the report restates
                 * the table; perfeval's own beside it where it differs */
                fill(B, PE_RT_RATE, rep[0] ? rep : rate, NULL);
                if (rate[0] && rep[0] && !same_value(rate, rep))
                    fill(B, PE_RT_RATE_RECOMPUTED, rate, NULL);
            }
        }
        fill(B, first ? PE_RT_NO_AMOUNTS : PE_RT_END, NULL);
        if (i == 0) {
            int have = p->scored && f->has_score;

            pe_draft_score(p, have, f->score, f->reported, s, sizeof s);
            if (f->weight.present)
                pe_fmt_score(p, f->weight.v, w);
            if (f->weight.present && s[0])
                fill(B, PE_RT_FUND_SCORE, w, s, NULL);
            else if (f->weight.present)
                fill(B, PE_RT_FUND_WEIGHT, w, NULL);
            else if (s[0])
                fill(B, PE_RT_FUND_SCORE_ONLY, s, NULL);
            if ((f->weight.present || s[0]) && !p->rules.funds_in_total)
                fill(B, PE_RT_FUNDS_OUTSIDE, NULL);
        }
        end(B);
    }
    pe_buf_free(&lb);
    if (p->scored && f->rate_known &&
        pe_dec_cmp(f->rate, p->rules.explain_rate_below) < 0) {
        const char *why = rate_reason(p);
        char below[PE_RATE_BUFSIZE + 8];

        percent_text(p->rules.explain_rate_below, below);
        if (why)
            block(B, PE_RB_PARA, PE_RT_RATE_REASON, below, why, NULL);
        else
            block(B, PE_RB_PARA, PE_RT_RATE_NO_REASON, below, NULL);
    }
}

static void goals(builder *B)
{
    const pe_project *p = B->p;
    const char *none = tpl[PE_RT_NOT_GIVEN];

    block(B, PE_RB_H1, PE_RT_S2, NULL);
    block(B, PE_RB_PARA, PE_RT_GOAL, pe_str(p->goal)[0] ? p->goal : none, NULL);
    block(B, PE_RB_PARA, PE_RT_GOAL_ACTUAL,
          pe_str(p->goal_actual)[0] ? p->goal_actual : none, NULL);
}

/* One row: "预算执行率：目标100%，实际59.90%，分值1.00，得分0.59。" */
static void row(builder *B, const pe_indicator *r)
{
    const pe_project *p = B->p;
    const char *blank = tpl[PE_RT_BLANK];
    char w[PE_DEC_BUFSIZE], s[3 * PE_DEC_BUFSIZE];

    pe_draft_score(p, p->scored && r->has_score, r->score, r->reported, s,
                   sizeof s);
    block(B, PE_RB_ITEM, PE_RT_ROW, pe_str(r->name)[0] ? r->name : blank,
          pe_str(r->target)[0] ? r->target : blank,
          pe_str(r->actual)[0] ? r->actual : blank,
          r->weight_set ? pe_fmt_score(p, r->weight, w) : blank,
          s[0] ? s : blank, NULL);
}

/* The 一级 group of rows [i, j): its weight (its rows' 分值, else its
 * label's), its score (the final scores' sum), then its rows. */
static void group(builder *B, const char *label, size_t i, size_t j, int k)
{
    const pe_project *p = B->p;
    const char *name = label[0] ? label : tpl[PE_RT_NO_LEVEL1];
    pe_dec wsum = pe_dec_from_int(0), ssum = pe_dec_from_int(0),
           fsum = pe_dec_from_int(0);
    int rows_weigh = 1, sfits = 1, has_weight;
    size_t unscored = 0, stem;
    char num[16], cnt[24], w[PE_DEC_BUFSIZE], s[PE_DEC_BUFSIZE],
        c[PE_DEC_BUFSIZE], un[24];
    pe_buf rec = {0};

    for (size_t q = i; q < j; q++) {
        const pe_indicator *r = &p->ind[q];
        int have = p->scored && r->has_score;

        if (!r->weight_set || pe_dec_add(wsum, r->weight, &wsum) != PE_OK)
            rows_weigh = 0;
        if (!have)
            unscored++;
        else if (pe_dec_add(ssum, r->score, &ssum) != PE_OK)
            sfits = 0;
        /* the group's score as the table has it: its rows' as filed */
        if ((r->reported.present || have) &&
            pe_dec_add(fsum, r->reported.present ? r->reported.v : r->score,
                       &fsum) != PE_OK)
            sfits = 0;
    }
    /* a sum past what a decimal holds is no sum: left out */
    has_weight = rows_weigh || pe_label_weight(label, &stem, &wsum);
    if (sfits) {
        pe_fmt_score(p, fsum, s);
        if (pe_dec_cmp(fsum, ssum) != 0)
            pe_draft_fill(&rec, &B->r->st, PE_RT_TOTAL_RECOMPUTED,
                          pe_fmt_score(p, ssum, c), NULL);
    } else
        snprintf(s, sizeof s, "%s", tpl[PE_RT_BLANK]);
    numeral(k, num, sizeof num);
    block(B, PE_RB_H2, PE_RT_SUB, num, name, NULL);
    snprintf(cnt, sizeof cnt, "%zu", j - i);
    begin(B, PE_RB_PARA);
    if (has_weight)
        fill(B, PE_RT_GROUP, name, cnt, pe_fmt_score(p, wsum, w), s,
             pe_str(rec.data), NULL);
    else
        fill(B, PE_RT_GROUP_NO_WEIGHT, name, cnt, s, pe_str(rec.data), NULL);
    pe_buf_free(&rec);
    if (unscored) {
        snprintf(un, sizeof un, "%zu", unscored);
        fill(B, PE_RT_GROUP_UNSCORED, un, NULL);
    }
    end(B);
    for (size_t q = i; q < j; q++)
        row(B, &p->ind[q]);
}

static void deviations(builder *B, int k)
{
    const pe_project *p = B->p;
    char num[16], w[PE_DEC_BUFSIZE], s[3 * PE_DEC_BUFSIZE];
    int any = 0;

    numeral(k, num, sizeof num);
    block(B, PE_RB_H2, PE_RT_SUB, num, tpl[PE_RT_DEVIATION], NULL);
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];
        const char *name = pe_str(r->name)[0] ? r->name : tpl[PE_RT_BLANK];

        if (!p->scored || !r->has_score || !r->weight_set ||
            pe_dec_cmp(r->score, r->weight) >= 0)
            continue;
        any = 1;
        pe_fmt_score(p, r->weight, w);
        pe_draft_score(p, 1, r->score, r->reported, s, sizeof s);
        if (pe_str(r->reason)[0])
            block(B, PE_RB_ITEM, PE_RT_DEV_ROW, name, w, s, r->reason, NULL);
        else
            block(B, PE_RB_ITEM, PE_RT_DEV_NO_REASON, name, w, s, NULL);
    }
    if (!any)
        block(B, PE_RB_PARA, PE_RT_DEV_NONE, NULL);
}

static void indicators(builder *B)
{
    const pe_project *p = B->p;
    pe_group g = {0}, h;
    size_t j;
    int k = 0;

    block(B, PE_RB_H1, PE_RT_S4, NULL);
    if (!p->nind)
        block(B, PE_RB_PARA, PE_RT_NO_ROWS, NULL);
    /* groups as the form merges them (pe_group_next): a blank 一级
     * continues the one above */
    for (size_t i = 0; i < p->nind; i = j) {
        const char *label;

        pe_group_next(&g, &p->ind[i]);
        label = pe_str(g.l1);
        for (j = i + 1; j < p->nind; j++) {
            h = g;
            pe_group_next(&h, &p->ind[j]);
            if (!h.cont1)
                break;
            g = h;
        }
        group(B, label, i, j, ++k);
    }
    deviations(B, ++k);
}

/*
 * 三、评价工作简述: what only the unit knows is left to it; then the rules
 * the table was scored by, in the words an office uses ("得分按截尾法保留
 * 两位小数"), once, and only where they are not the MoF default
 * (pe_rules_default(), 财预〔2020〕10号) that every reader assumes.
 */
static void method(builder *B)
{
    const pe_rules *R = &B->p->rules;
    pe_rules mof;
    pe_buf parts = {0};
    char places[16];
    int n = 0;

    pe_rules_default(&mof);
    block(B, PE_RB_H1, PE_RT_S3, NULL);
    if (!unit_text(B, PE_UNIT_EVAL, PE_RB_PARA))
        block(B, PE_RB_PARA, PE_RT_TODO_EVAL, NULL);
    if (R->rounding != mof.rounding || R->places != mof.places) {
        int trunc = R->rounding == PE_ROUND_TRUNCATE;

        /* "两位", as an office writes two places */
        if (R->places == 2)
            snprintf(places, sizeof places, "%s", "两");
        else
            numeral(R->places, places, sizeof places);
        pe_draft_fill(&parts, st_of(B),
                      R->places == 0
                          ? (trunc ? PE_RT_TRUNCATE_WHOLE : PE_RT_HALF_UP_WHOLE)
                          : (trunc ? PE_RT_TRUNCATE : PE_RT_HALF_UP),
                      places, NULL);
        n++;
    }
    {
        const int flags[3] = {!R->funds_in_total && mof.funds_in_total,
                              R->rate_base == PE_BASE_INITIAL,
                              R->lower == PE_LOWER_LINEAR};
        const int texts[3] = {PE_RT_RULES_FUNDS_OUT, PE_RT_RULES_ON_INITIAL,
                              PE_RT_RULES_LINEAR};

        for (int k = 0; k < 3; k++) {
            if (!flags[k])
                continue;
            if (n++)
                pe_draft_fill(&parts, st_of(B), PE_RT_COMMA, NULL);
            pe_draft_fill(&parts, st_of(B), texts[k], NULL);
        }
    }
    if (n)
        block(B, PE_RB_PARA, PE_RT_RULES, pe_str(parts.data), NULL);
    pe_buf_free(&parts);
}

static void conclusion(builder *B)
{
    const pe_project *p = B->p;
    char t[PE_DEC_BUFSIZE], rep[PE_DEC_BUFSIZE], un[24];
    const char *grade_rep = pe_grade_reported(p);
    int recomputed = p->reported_total.present &&
                     pe_dec_cmp(p->reported_total.v, p->total) != 0;

    /* the 总分 and 等级 the table prints, as the report restates the table
     * (docs/rules.md, "The 自评报告 drafted from a table"); perfeval's own in
     * brackets where they differ */
    block(B, PE_RB_H1, PE_RT_S5, NULL);
    begin(B, PE_RB_PARA);
    pe_fmt_score(p, p->total, t);
    if (recomputed) {
        fill(B, PE_RT_TOTAL, pe_fmt_score(p, p->reported_total.v, rep), NULL);
        fill(B, PE_RT_TOTAL_RECOMPUTED, t, NULL);
    } else
        fill(B, PE_RT_TOTAL, t, NULL);
    if (grade_rep) {
        fill(B, PE_RT_GRADE, grade_rep, NULL);
        fill(B, PE_RT_GRADE_RECOMPUTED, p->grade, NULL);
    } else if (p->grade[0]) {
        /* no grade printed: perfeval's, of its own total, and so said */
        fill(B, PE_RT_GRADE, p->grade, NULL);
        if (recomputed && !pe_str(p->reported_grade)[0])
            fill(B, PE_RT_GRADE_OF_RECOMPUTED, NULL);
    }
    fill(B, PE_RT_END, NULL);
    if (p->unscored) {
        snprintf(un, sizeof un, "%zu", p->unscored);
        fill(B, PE_RT_TOTAL_UNSCORED, un, NULL);
    }
    end(B);
}

static void remarks(builder *B)
{
    const pe_project *p = B->p;
    const char *cur = pe_str(p->remarks), *text;
    char label[128];
    size_t len;
    int any = 0;

    block(B, PE_RB_H1, PE_RT_S6, NULL);
    while (B->r->st == PE_OK &&
           pe_remark_next(&cur, label, sizeof label, &text, &len)) {
        pe_buf t = {0};

        keep(B, pe_buf_append(&t, text, len));
        if (t.data)
            block(B, PE_RB_PARA, PE_RT_REMARK,
                  label[0] ? label : tpl[PE_RT_REMARK_LABEL], t.data, NULL);
        pe_buf_free(&t);
        any = 1;
    }
    if (pe_str(p->note)[0] && !strstr(p->note, "请说明")) {
        block(B, PE_RB_PARA, PE_RT_REMARK, tpl[PE_RT_NOTE_LABEL], p->note,
              NULL);
        any = 1;
    }
    if (unit_text(B, PE_UNIT_PROBLEMS, PE_RB_PARA))
        any = 1;
    if (!any)
        block(B, PE_RB_PARA, PE_RT_TODO, NULL);
}

/* The 落款 at the end of the text: the unit (the table's 实施单位), the
 * date; what the table does not hold is left to fill in. */
static void sign(builder *B)
{
    const char *unit = pe_str(B->p->unit);

    if (pe_unit_text(B->u, PE_UNIT_NAME)[0])
        unit_text(B, PE_UNIT_NAME, PE_RB_SIGN);
    else if (unit[0]) {
        begin(B, PE_RB_SIGN);
        keep(B, pe_buf_puts(&B->r->text, unit));
        end(B);
    } else
        block(B, PE_RB_SIGN, PE_RT_SIGN_UNIT_TODO, NULL);
    if (!unit_text(B, PE_UNIT_DATE, PE_RB_SIGN))
        block(B, PE_RB_SIGN, PE_RT_SIGN_DATE_TODO, NULL);
}

pe_status pe_draft_build(const pe_project *p, const pe_unit *u, pe_draft *r)
{
    builder B = {p, u, r};

    memset(r, 0, sizeof *r);
    if (!p || !p->scored)
        return r->st = PE_EUSAGE;
    title(&B);
    block(&B, PE_RB_H1, PE_RT_S1, NULL);
    overview(&B);
    funds(&B);
    goals(&B);
    method(&B);
    indicators(&B);
    conclusion(&B);
    remarks(&B);
    block(&B, PE_RB_H1, PE_RT_S7, NULL);
    if (!unit_text(&B, PE_UNIT_USE, PE_RB_PARA))
        block(&B, PE_RB_PARA, PE_RT_TODO, NULL);
    sign(&B);
    block(&B, PE_RB_ANNEX, PE_RT_ANNEX, NULL);
    return r->st;
}

pe_status pe_report_file_name(const pe_project *p, const char *ext, pe_buf *out)
{
    pe_draft r;
    const char *t;
    size_t before = out->len, n, cut = 0;
    pe_status st;

    if (!p || !ext)
        return PE_EUSAGE;
    memset(&r, 0, sizeof r);
    {
        builder B = {p, NULL, &r};

        title(&B);
    }
    t = r.st == PE_OK ? pe_draft_text(&r, 0) : "";
    n = strlen(t);
    /* a file name of at most 180 bytes, cut between characters */
    for (size_t i = 0; i < n && i <= 180; i++)
        if (((unsigned char)t[i] & 0xC0) != 0x80)
            cut = i;
    if (n <= 180)
        cut = n;
    st = r.st;
    for (size_t i = 0; i < cut && st == PE_OK; i++) {
        unsigned char c = (unsigned char)t[i];

        /* what Windows or POSIX will not take in a name, and a leading
         * dot (a hidden file) */
        if (c < 0x20 || c == 0x7F || strchr("/\\:*?\"<>|", c) ||
            (c == '.' && out->len == before))
            st = pe_buf_append(out, "_", 1);
        else
            st = pe_buf_append(out, t + i, 1);
    }
    if (st == PE_OK)
        st = pe_buf_printf(out, ".%s", ext);
    pe_draft_free(&r);
    if (st != PE_OK) {
        out->len = before;
        if (out->data)
            out->data[before] = '\0';
    }
    return st;
}

const char *pe_draft_text(const pe_draft *r, size_t i)
{
    return i < r->n ? r->text.data + r->b[i].off : "";
}

void pe_draft_free(pe_draft *r)
{
    if (!r)
        return;
    pe_buf_free(&r->text);
    free(r->b);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- markdown */

/*
 * Text of a block.  As in render_markdown.c, the characters markdown reads
 * as markup are backslash-escaped (and '&', which would start an entity),
 * line breaks become "<br>" (a space in a heading), other control
 * characters a space.  A block may begin with a table's text ("- 1. 合格率
 * …" would be a nested list): leading blanks go, as markdown drops them
 * anyway, and a leading list, quote or heading marker is escaped.
 */
static void md_text(pe_out *o, const char *s, int heading)
{
    size_t i = 0;

    while (s[i] == ' ' || s[i] == '\t')
        i++;
    if (s[i] && strchr("-+=>", s[i])) {
        pe_out_put(o, "\\", 1);
    } else if (s[i] >= '0' && s[i] <= '9') {
        size_t d = i;

        while (s[d] >= '0' && s[d] <= '9')
            d++;
        if (s[d] == '.' || s[d] == ')') {
            pe_out_put(o, s + i, d - i);
            pe_out_put(o, "\\", 1);
            i = d;
        }
    }
    pe_out_md(o, s + i, "\\|*_`~[]<>#&", heading);
}

static void md_put(pe_out *o, const char *s)
{
    pe_out_put(o, s, strlen(s));
}

/* The 附件1 as pe_render_markdown() writes it, its "# " heading taken down
 * to a sub-heading of the annex. */
static void md_annex(pe_out *o, const pe_project *p)
{
    pe_buf t = {0};

    pe_out_keep(o, pe_render_markdown(p, &t));
    if (o->st == PE_OK && t.len >= 2 && memcmp(t.data, "# ", 2) == 0)
        md_put(o, "##");
    if (t.data)
        pe_out_put(o, t.data, t.len);
    pe_buf_free(&t);
}

pe_status pe_render_report(const pe_project *p, pe_buf *out)
{
    return pe_render_report_unit(p, NULL, out);
}

pe_status pe_render_report_unit(const pe_project *p, const pe_unit *u,
                                pe_buf *out)
{
    pe_draft r;
    pe_buf md = {0};
    pe_out o = {&md, PE_OK};
    pe_status st;

    if (!p || !out)
        return PE_EUSAGE;
    if ((st = pe_draft_build(p, u, &r)) != PE_OK) {
        pe_draft_free(&r);
        return st;
    }
    for (size_t i = 0; i < r.n && o.st == PE_OK; i++) {
        const char *s = pe_draft_text(&r, i);

        switch (r.b[i].kind) {
        case PE_RB_TITLE:
            md_put(&o, "# ");
            md_text(&o, s, 1);
            md_put(&o, "\n\n");
            break;
        case PE_RB_H1:
        case PE_RB_ANNEX:
            md_put(&o, "## ");
            md_text(&o, s, 1);
            md_put(&o, "\n\n");
            if (r.b[i].kind == PE_RB_ANNEX)
                md_annex(&o, p);
            break;
        case PE_RB_H2:
            md_put(&o, "### ");
            md_text(&o, s, 1);
            md_put(&o, "\n\n");
            break;
        case PE_RB_PARA:
        case PE_RB_SIGN:
            md_text(&o, s, 0);
            md_put(&o, "\n\n");
            break;
        case PE_RB_ITEM:
            md_put(&o, "- ");
            md_text(&o, s, 0);
            md_put(&o, i + 1 < r.n && r.b[i + 1].kind == PE_RB_ITEM ? "\n"
                                                                    : "\n\n");
            break;
        }
    }
    if (o.st == PE_OK)
        o.st = pe_buf_append(out, md.data ? md.data : "", md.len);
    pe_buf_free(&md);
    pe_draft_free(&r);
    return o.st;
}
