/* The JSON project file (README "The project file"). */
#include "jsonval.h"
#include "project.h"
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct loader {
    const char *name;
    pe_error *err;
    char where[200]; /* "indicator 5 (培训场次)": prefix of row errors */
    char where_zh[200];
} loader;

#if defined(__GNUC__)
__attribute__((format(PE_PRINTF_FORMAT, 2, 3)))
#endif
static pe_status
jfail(loader *L, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    pe_error_setv(L->err, L->name, 0, 0, L->where, L->where_zh, fmt, ap);
    va_end(ap);
    return PE_EDATA;
}

/* Where in the file the next errors are, in both languages; at(L, NULL)
 * for nowhere in particular. */
#if defined(__GNUC__)
__attribute__((format(PE_PRINTF_FORMAT, 2, 3)))
#endif
static void
at(loader *L, const char *fmt, ...)
{
    va_list ap;

    L->where[0] = L->where_zh[0] = '\0';
    if (!fmt)
        return;
    va_start(ap, fmt);
    vsnprintf(L->where, sizeof L->where, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    vsnprintf(L->where_zh, sizeof L->where_zh, pe_message(PE_LANG_ZH, fmt), ap);
    va_end(ap);
}

/* A text member: string, number (kept as written) or null. */
static pe_status get_text(loader *L, const cJSON *obj, const char *key,
                          const char *label, char **out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    char tmp[PE_DEC_BUFSIZE];
    const char *s = pe_json_text(it, tmp);

    if (!s)
        return jfail(L, "%s (\"%s\") must be text", label, key);
    free(*out);
    *out = pe_strdup_or_empty(s);
    return *out ? PE_OK : PE_ENOMEM;
}

static pe_status get_dec(loader *L, const cJSON *obj, const char *key,
                         const char *label, pe_opt_dec *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    char why[300];

    if (pe_json_dec(it, &out->v, &out->present, why, sizeof why) != PE_OK)
        return jfail(L, "%s %s", label, why);
    return PE_OK;
}

/* --format json writes the final score as "score" and, where the table
 * said something else, the table's own figure as "reported": reading that
 * back as the table's 得分 scores the file as the original was scored. */
static pe_status reported_over_score(loader *L, const cJSON *o,
                                     pe_opt_dec *reported)
{
    pe_opt_dec rep = {0, {0, 0}};
    pe_status st = get_dec(L, o, "reported", "reported 得分", &rep);

    if (st == PE_OK && rep.present)
        *reported = rep;
    return st;
}

/* Refuse members we do not know: a misspelt "wieght" must not silently
 * leave a row without a weight. */
static pe_status check_keys(loader *L, const cJSON *obj,
                            const char *const *keys)
{
    const cJSON *it;

    cJSON_ArrayForEach(it, obj)
    {
        const char *const *k = keys;

        while (*k && strcmp(*k, it->string) != 0)
            k++;
        if (!*k)
            return jfail(L, "unknown member \"%s\"", it->string);
        /* cJSON would quietly read the first of two */
        for (const cJSON *later = it->next; later; later = later->next)
            if (strcmp(later->string, it->string) == 0)
                return jfail(L, "member \"%s\" appears twice", it->string);
    }
    return PE_OK;
}

static const char *const fund_keys[] = {"name", "initial", "budget", "executed",
                                        NULL};

static pe_status load_fund_row(loader *L, const cJSON *o, pe_fund_row *r)
{
    pe_status st;

    if (!cJSON_IsObject(o))
        return jfail(L, "must be an object");
    if ((st = check_keys(L, o, fund_keys)) != PE_OK ||
        (st = get_text(L, o, "name", "name", &r->name)) != PE_OK ||
        (st = get_dec(L, o, "initial", "年初预算数", &r->initial)) != PE_OK ||
        (st = get_dec(L, o, "budget", "全年预算数", &r->budget)) != PE_OK ||
        (st = get_dec(L, o, "executed", "全年执行数", &r->executed)) != PE_OK)
        return st;
    return PE_OK;
}

static const char *const funds_keys[] = {
    "weight", "initial", "budget", "executed", "rate", "score", "parts",
    /* written by --format json; read back and ignored */
    "computed", "computed_rate", "reported", NULL};

static pe_status load_funds(loader *L, const cJSON *o, pe_funds *f)
{
    const cJSON *parts, *it;
    pe_status st;
    size_t n = 0;

    at(L, "funds");
    if (!cJSON_IsObject(o))
        return jfail(L, "must be an object");
    f->present = 1;
    if ((st = check_keys(L, o, funds_keys)) != PE_OK ||
        (st = get_dec(L, o, "weight", "分值", &f->weight)) != PE_OK ||
        (st = get_dec(L, o, "initial", "年初预算数", &f->total.initial)) !=
            PE_OK ||
        (st = get_dec(L, o, "budget", "全年预算数", &f->total.budget)) !=
            PE_OK ||
        (st = get_dec(L, o, "executed", "全年执行数", &f->total.executed)) !=
            PE_OK ||
        (st = get_text(L, o, "rate", "执行率", &f->reported_rate)) != PE_OK ||
        (st = get_dec(L, o, "score", "得分", &f->reported)) != PE_OK ||
        (st = reported_over_score(L, o, &f->reported)) != PE_OK)
        return st;
    f->total.name = pe_strdup_or_empty("年度资金总额");
    if (!f->total.name)
        return PE_ENOMEM;
    parts = cJSON_GetObjectItemCaseSensitive(o, "parts");
    if (parts && !cJSON_IsArray(parts))
        return jfail(L, "parts must be an array");
    if (parts) {
        size_t count = (size_t)cJSON_GetArraySize(parts);

        f->parts = calloc(count ? count : 1, sizeof *f->parts);
        if (!f->parts)
            return PE_ENOMEM;
        cJSON_ArrayForEach(it, parts)
        {
            at(L, "funds part %zu", n + 1);
            f->nparts = n + 1;
            if ((st = load_fund_row(L, it, &f->parts[n])) != PE_OK)
                return st;
            n++;
        }
    }
    at(L, NULL);
    return PE_OK;
}

static const char *const ind_keys[] = {"level1",
                                       "level2",
                                       "name",
                                       "target",
                                       "actual",
                                       "weight",
                                       "score",
                                       "reason",
                                       "computed",
                                       "reported",
                                       "score_shared_with",
                                       NULL};

/* An unfilled template row: no values, and no name or "指标1：". */
static int is_blank_row(const pe_indicator *r)
{
    return pe_template_name(r->name) && !r->target[0] && !r->actual[0] &&
           !r->weight_set && !r->reported.present && !r->reason[0];
}

static pe_status load_indicator(loader *L, const cJSON *o, size_t i,
                                pe_indicator *r, int *blank)
{
    pe_opt_dec w = {0, {0, 0}};
    char tmp[PE_DEC_BUFSIZE];
    const char *nm;
    pe_status st;

    at(L, "indicator %zu", i + 1);
    if (!cJSON_IsObject(o))
        return jfail(L, "must be an object");
    nm = pe_json_text(cJSON_GetObjectItemCaseSensitive(o, "name"), tmp);
    if (nm && nm[0])
        at(L, "indicator %zu (%s)", i + 1, nm);
    if ((st = check_keys(L, o, ind_keys)) != PE_OK ||
        (st = get_text(L, o, "level1", "一级指标", &r->level1)) != PE_OK ||
        (st = get_text(L, o, "level2", "二级指标", &r->level2)) != PE_OK ||
        (st = get_text(L, o, "name", "三级指标", &r->name)) != PE_OK ||
        (st = get_text(L, o, "target", "指标值", &r->target)) != PE_OK ||
        (st = get_text(L, o, "actual", "实际完成值", &r->actual)) != PE_OK ||
        (st = get_text(L, o, "reason", "偏差原因分析及改进措施", &r->reason)) !=
            PE_OK ||
        (st = get_dec(L, o, "weight", "分值", &w)) != PE_OK ||
        (st = get_dec(L, o, "score", "得分", &r->reported)) != PE_OK ||
        (st = reported_over_score(L, o, &r->reported)) != PE_OK)
        return st;
    r->weight = w.v;
    r->weight_set = w.present;
    *blank = is_blank_row(r);
    if (*blank)
        return PE_OK;
    /* no 分值: the evaluator's 得分 stands (the municipal 20/80 form) */
    if (w.present && pe_dec_sign(w.v) < 0)
        return jfail(L, "分值 %s is negative", pe_dec_format(w.v, tmp));
    return PE_OK;
}

static void free_indicator(pe_indicator *r)
{
    free(r->level1);
    free(r->level2);
    free(r->name);
    free(r->target);
    free(r->actual);
    free(r->reason);
    memset(r, 0, sizeof *r);
}

static pe_status replace(char **dst, const char *src)
{
    char *d = pe_strdup_or_empty(src);

    if (!d)
        return PE_ENOMEM;
    free(*dst);
    *dst = d;
    return PE_OK;
}

/* Fill a blank 一级 (and with it a blank 二级) from the last row that named
 * them, then remember this row's. */
static pe_status carry_levels(pe_indicator *r, char **last1, char **last2)
{
    pe_status st = PE_OK;

    if (!r->level1[0] && *last1) {
        if ((st = replace(&r->level1, *last1)) == PE_OK && !r->level2[0] &&
            *last2)
            st = replace(&r->level2, *last2);
    }
    if (st == PE_OK)
        st = replace(last1, r->level1);
    if (st == PE_OK)
        st = replace(last2, r->level2);
    return st;
}

static pe_status load_indicators(loader *L, const cJSON *arr, pe_project *p)
{
    const cJSON *it;
    size_t i = 0, count;
    char *last1 = NULL, *last2 = NULL;

    if (!cJSON_IsArray(arr))
        return jfail(L, "indicators must be an array");
    count = (size_t)cJSON_GetArraySize(arr);
    p->ind = calloc(count ? count : 1, sizeof *p->ind);
    if (!p->ind)
        return PE_ENOMEM;
    cJSON_ArrayForEach(it, arr)
    {
        pe_indicator *r = &p->ind[p->nind];
        int blank = 0;
        pe_status st;

        p->nind++; /* so that pe_project_free() sees partial rows */
        st = load_indicator(L, it, i++, r, &blank);
        /* Merged cells: a blank 一级/二级 continues the row above, and a
         * dropped template row may still be the one that named them. */
        if (st == PE_OK)
            st = carry_levels(r, &last1, &last2);
        if (st != PE_OK) {
            free(last1);
            free(last2);
            return st;
        }
        if (blank) {
            /* A template row ("指标1：" left unfilled): dropped, counted. */
            free_indicator(r);
            p->nind--;
            p->skipped++;
        } else if (!r->name[0] &&
                   (r->reported.present || r->target[0] || r->actual[0]) &&
                   (st = pe_project_add_note(
                        p, PE_SEV_WARNING, "no-name", (long)p->nind, 0,
                        "row %zu has a 分值 or 得分 but no 三级指标; it is "
                        "scored as it stands",
                        "第 %zu 行有分值或得分但无三级指标，按原样计分",
                        p->nind)) != PE_OK) {
            free(last1);
            free(last2);
            return st;
        }
    }
    free(last1);
    free(last2);
    at(L, NULL);
    if (p->nind == 0)
        return jfail(L, "the table has no indicators");
    return PE_OK;
}

static pe_status load_department(loader *L, const cJSON *o, pe_project *p)
{
    static const char *const keys[] = {"code", "name", NULL};
    pe_status st;

    at(L, "department");
    if ((st = check_keys(L, o, keys)) != PE_OK ||
        (st = get_text(L, o, "code", "主管部门代码", &p->dept_code)) != PE_OK ||
        (st = get_text(L, o, "name", "主管部门", &p->dept)) != PE_OK)
        return st;
    at(L, NULL);
    return PE_OK;
}

/* "[361]某某委员会", as the 主管部门及代码 cell prints it. */
static pe_status split_department(pe_project *p)
{
    const char *s = p->dept, *close;
    char *code, *name;

    if (s[0] != '[' || !(close = strchr(s, ']')))
        return PE_OK;
    code = malloc((size_t)(close - s));
    name = pe_strdup_or_empty(close + 1);
    if (!code || !name) {
        free(code);
        free(name);
        return PE_ENOMEM;
    }
    memcpy(code, s + 1, (size_t)(close - s - 1));
    code[close - s - 1] = '\0';
    free(p->dept_code);
    free(p->dept);
    p->dept_code = code;
    p->dept = name;
    return PE_OK;
}

static const char *const top_keys[] = {
    "format",     "name",       "year",    "department", "unit",
    "money_unit", "funds",      "goal",    "note",       "indicators",
    "reported",   "rules",      "total",   "grade",      "findings",
    "skipped",    "rules_note", "remarks", NULL};

static pe_status load_root(loader *L, const cJSON *root, pe_project *p)
{
    const cJSON *it;
    pe_status st;

    if (!cJSON_IsObject(root))
        return jfail(L, "the project file must hold a JSON object");
    it = cJSON_GetObjectItemCaseSensitive(root, "format");
    /* perfeval's other outputs (check, diff, summary ...) are no table;
     * "perfeval/1" is what score wrote before its kind was named */
    if (cJSON_IsString(it) && strncmp(it->valuestring, "perfeval/", 9) == 0 &&
        strcmp(it->valuestring, PE_JSON_PROJECT) != 0 &&
        strcmp(it->valuestring, "perfeval/1") != 0)
        return jfail(L,
                     "this is perfeval's \"%s\" output, not a table (a "
                     "table is \"%s\": perfeval score -f json writes one)",
                     it->valuestring, PE_JSON_PROJECT);
    if (!cJSON_GetObjectItemCaseSensitive(root, "indicators")) {
        static const char *const rule_keys[] = {"rounding",
                                                "places",
                                                "grades",
                                                "split",
                                                "lower_is_better",
                                                "rate_base",
                                                "funds_in_total",
                                                "overachieve_ratio",
                                                "explain_rate_below",
                                                NULL};

        for (const char *const *k = rule_keys; *k; k++)
            if (cJSON_GetObjectItemCaseSensitive(root, *k))
                return jfail(L, "this is a rules file, not a table: give it "
                                "with -r (perfeval score -r RULES TABLE)");
    }
    if ((st = check_keys(L, root, top_keys)) != PE_OK ||
        (st = get_text(L, root, "name", "项目名称", &p->name)) != PE_OK ||
        (st = get_text(L, root, "unit", "实施单位", &p->unit)) != PE_OK ||
        (st = get_text(L, root, "money_unit", "money_unit", &p->money_unit)) !=
            PE_OK ||
        (st = get_text(L, root, "note", "说明", &p->note)) != PE_OK ||
        (st = get_text(L, root, "remarks", "备注", &p->remarks)) != PE_OK)
        return st;
    if (!p->money_unit[0]) {
        free(p->money_unit);
        p->money_unit = pe_strdup_or_empty("万元");
        if (!p->money_unit)
            return PE_ENOMEM;
    } else if (strcmp(p->money_unit, "万元") != 0 &&
               strcmp(p->money_unit, "元") != 0) {
        return jfail(L, "money_unit \"%s\" must be 万元 or 元", p->money_unit);
    }
    it = cJSON_GetObjectItemCaseSensitive(root, "year");
    if (it) {
        if (!cJSON_IsNumber(it) || it->valueint < 1900 || it->valueint > 2200 ||
            (double)it->valueint != it->valuedouble)
            return jfail(L, "year must be a year such as 2021");
        p->year = it->valueint;
    }
    it = cJSON_GetObjectItemCaseSensitive(root, "department");
    if (cJSON_IsObject(it)) {
        if ((st = load_department(L, it, p)) != PE_OK)
            return st;
    } else {
        p->dept_code = pe_strdup_or_empty("");
        if (!p->dept_code)
            return PE_ENOMEM;
        if ((st = get_text(L, root, "department", "主管部门", &p->dept)) !=
                PE_OK ||
            (st = split_department(p)) != PE_OK)
            return st;
    }
    it = cJSON_GetObjectItemCaseSensitive(root, "goal");
    if (it) {
        static const char *const keys[] = {"target", "actual", NULL};
        at(L, "goal");
        if (!cJSON_IsObject(it))
            return jfail(L, "must be an object");
        if ((st = check_keys(L, it, keys)) != PE_OK ||
            (st = get_text(L, it, "target", "年度总体目标", &p->goal)) !=
                PE_OK ||
            (st = get_text(L, it, "actual", "实际完成情况", &p->goal_actual)) !=
                PE_OK)
            return st;
        at(L, NULL);
    } else if (!(p->goal = pe_strdup_or_empty("")) ||
               !(p->goal_actual = pe_strdup_or_empty(""))) {
        return PE_ENOMEM;
    }
    it = cJSON_GetObjectItemCaseSensitive(root, "funds");
    if (it && (st = load_funds(L, it, &p->funds)) != PE_OK)
        return st;
    it = cJSON_GetObjectItemCaseSensitive(root, "reported");
    if (it) {
        static const char *const keys[] = {"max", "total", "grade", NULL};
        at(L, "reported");
        if (!cJSON_IsObject(it))
            return jfail(L, "must be an object");
        if ((st = check_keys(L, it, keys)) != PE_OK ||
            (st = get_dec(L, it, "max", "总分值", &p->reported_max)) != PE_OK ||
            (st = get_dec(L, it, "total", "总分", &p->reported_total)) !=
                PE_OK ||
            (st = get_text(L, it, "grade", "等级", &p->reported_grade)) !=
                PE_OK)
            return st;
        at(L, NULL);
    }
    it = cJSON_GetObjectItemCaseSensitive(root, "rules");
    if (it &&
        (st = pe_rules_apply_json(it, L->name, &p->rules, L->err)) != PE_OK)
        return st;
    p->own_rules = it != NULL;
    it = cJSON_GetObjectItemCaseSensitive(root, "skipped");
    if (it) {
        /* written by --format json: the blank rows dropped the first time */
        if (!cJSON_IsNumber(it) || it->valueint < 0)
            return jfail(L, "skipped must be a count");
        p->skipped = (size_t)it->valueint;
    }
    it = cJSON_GetObjectItemCaseSensitive(root, "rules_note");
    if (it) {
        /* written by --format json: how the rules were inferred the first
         * time; kept, with its finding, so that the file scores the same */
        if (!cJSON_IsString(it))
            return jfail(L, "rules_note must be a string");
        snprintf(p->rules_note, sizeof p->rules_note, "%s", it->valuestring);
        if (p->rules_note[0] &&
            (st = pe_project_add_note(p, PE_SEV_INFO, "rules", -1, 0, "%s%.0s",
                                      "%.0s%s", p->rules_note,
                                      p->rules_note)) != PE_OK)
            return st;
    }
    it = cJSON_GetObjectItemCaseSensitive(root, "indicators");
    if (!it)
        return jfail(L, "\"indicators\" is missing");
    return load_indicators(L, it, p);
}

pe_status pe_project_load_json(const char *buf, size_t len, const char *name,
                               pe_project **out, pe_error *err)
{
    loader L = {name, err, "", ""};
    cJSON *root = NULL;
    pe_project *p;
    pe_status st;

    *out = NULL;
    if ((st = pe_json_check_numbers(buf, len, name, err)) != PE_OK ||
        (st = pe_json_parse(buf, len, name, &root, err)) != PE_OK)
        return st;
    p = pe_project_new(name);
    if (!p) {
        cJSON_Delete(root);
        return PE_ENOMEM;
    }
    st = load_root(&L, root, p);
    cJSON_Delete(root);
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    if (st != PE_OK) {
        pe_project_free(p);
        return st;
    }
    *out = p;
    return PE_OK;
}
