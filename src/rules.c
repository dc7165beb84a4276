/* Rule sets: the MoF 2020 default and the JSON form that overrides it. */
#include "jsonval.h"
#include "os.h"
#include "project.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a text the catalogue holds, translated where it is printed */
#define N_(s) s

static pe_status bad(pe_error *err, const char *name, const char *key,
                     const char *what);
static pe_status get_dec(const cJSON *it, const char *name, pe_dec *out,
                         pe_error *err);
static pe_status no_twice(const cJSON *obj, const char *name, const char *where,
                          pe_error *err);

static void set_grade(pe_grade_band *g, const char *name, int64_t min)
{
    snprintf(g->name, sizeof g->name, "%s", name);
    g->min = pe_dec_from_int(min);
}

void pe_rules_default(pe_rules *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", "mof-2020");
    r->rounding = PE_ROUND_HALF_UP;
    r->places = 2;
    r->lower = PE_LOWER_RATIO;
    r->rate_base = PE_BASE_BUDGET;
    r->funds_in_total = 1;
    r->overachieve_ratio = (pe_dec){12, 1};
    r->explain_rate_below = (pe_dec){7, 1};
    r->ngrades = 4;
    set_grade(&r->grades[0], "优", 90);
    set_grade(&r->grades[1], "良", 80);
    set_grade(&r->grades[2], "中", 60);
    set_grade(&r->grades[3], "差", 0);
    r->nsplit = 3;
    snprintf(r->split[0].name, sizeof r->split[0].name, "%s", "产出指标");
    r->split[0].weight = pe_dec_from_int(50);
    snprintf(r->split[1].name, sizeof r->split[1].name, "%s", "效益指标");
    r->split[1].weight = pe_dec_from_int(30);
    snprintf(r->split[2].name, sizeof r->split[2].name, "%s", "满意度指标");
    r->split[2].weight = pe_dec_from_int(10);
}

/* Built-in rule sets: the MoF default and the variants real tables show
 * (docs/rules.md, "Rule sets"). */
static const struct builtin {
    const char *name, *description;
    pe_round rounding;
    int places;
    pe_lower_formula lower;
    int overachieve_pct;
} builtins[] = {
    {"mof-2020",
     /* xgettext:no-c-format */
     N_("财预〔2020〕10号: two places half-up, lower is better by "
        "target/actual, 偏离度 at 120%"),
     PE_ROUND_HALF_UP, 2, PE_LOWER_RATIO, 120},
    {"mof-2020-truncate",
     /* xgettext:no-c-format */
     N_("mof-2020 with scores cut to two places (the 2021 "
        "seed table, a platform's number reader)"),
     PE_ROUND_TRUNCATE, 2, PE_LOWER_RATIO, 120},
    {"mof-2020-whole",
     /* xgettext:no-c-format */
     N_("mof-2020 with whole-point scores, half-up (printed "
        "tables: 86.2% of 10 is 9)"),
     PE_ROUND_HALF_UP, 0, PE_LOWER_RATIO, 120},
    {"mof-2020-linear",
     /* xgettext:no-c-format */
     N_("mof-2020 with lower is better by (1 - (actual - "
        "target)/target) x weight (a provincial platform)"),
     PE_ROUND_HALF_UP, 2, PE_LOWER_LINEAR, 120},
    {"guangxi",
     /* xgettext:no-c-format */
     N_("mof-2020 with the 偏离度 flag at 130% of the target"),
     PE_ROUND_HALF_UP, 2, PE_LOWER_RATIO, 130},
};

pe_status pe_rules_builtin(const char *name, pe_rules *out)
{
    for (size_t i = 0; name && i < sizeof builtins / sizeof builtins[0]; i++) {
        const struct builtin *b = &builtins[i];

        if (strcmp(name, b->name) != 0)
            continue;
        pe_rules_default(out);
        snprintf(out->name, sizeof out->name, "%s", b->name);
        out->rounding = b->rounding;
        out->places = b->places;
        out->lower = b->lower;
        out->overachieve_ratio = (pe_dec){b->overachieve_pct, 2};
        out->overachieve_ratio = pe_dec_normalize(out->overachieve_ratio);
        return PE_OK;
    }
    return PE_EUSAGE;
}

const char *pe_rules_builtin_list(size_t i, const char **description)
{
    if (i >= sizeof builtins / sizeof builtins[0])
        return NULL;
    if (description)
        *description = builtins[i].description;
    return builtins[i].name;
}

static pe_status load_split(const cJSON *g, const char *name, pe_rules *r,
                            pe_error *err)
{
    const cJSON *it;
    int n = 0;

    if (!cJSON_IsObject(g))
        return bad(err, name, "split",
                   "must be an object such as {\"产出指标\": 50}");
    if (no_twice(g, name, "split:", err) != PE_OK)
        return PE_EDATA;
    cJSON_ArrayForEach(it, g)
    {
        pe_status st;

        if (n == PE_MAX_SPLIT)
            return bad(err, name, "split", "has more than 8 entries");
        if (strlen(it->string) >= sizeof r->split[n].name)
            return bad(err, name, "split", "has a name too long");
        snprintf(r->split[n].name, sizeof r->split[n].name, "%s", it->string);
        if ((st = get_dec(it, name, &r->split[n].weight, err)) != PE_OK)
            return st;
        n++;
    }
    r->nsplit = n;
    return PE_OK;
}

static int cmp_band(const void *a, const void *b)
{
    return -pe_dec_cmp(((const pe_grade_band *)a)->min,
                       ((const pe_grade_band *)b)->min);
}

static pe_status bad(pe_error *err, const char *name, const char *key,
                     const char *what)
{
    pe_error_set(err, name, 0, 0, "rules: %s %s", key, what);
    /* what is a whole predicate, in the catalogue on its own */
    pe_error_zh(err, "规则：%s %s", key, pe_message(PE_LANG_ZH, what));
    return PE_EDATA;
}

/* cJSON keeps both of two equal keys and the loop below would let the
 * last win: a "places" given twice is refused, as in the project file. */
static pe_status no_twice(const cJSON *obj, const char *name, const char *where,
                          pe_error *err)
{
    for (const cJSON *it = obj->child; it; it = it->next)
        for (const cJSON *later = it->next; later; later = later->next)
            if (strcmp(later->string, it->string) == 0) {
                pe_error_set(err, name, 0, 0, "rules: %s%s\"%s\" appears twice",
                             where, where[0] ? " " : "", it->string);
                return PE_EDATA;
            }
    return PE_OK;
}

static pe_status get_dec(const cJSON *it, const char *name, pe_dec *out,
                         pe_error *err)
{
    char why[200];
    int present;

    if (pe_json_dec(it, out, &present, why, sizeof why) != PE_OK)
        return bad(err, name, it->string, why);
    if (!present)
        return bad(err, name, it->string, "is empty");
    return PE_OK;
}

static pe_status load_grades(const cJSON *g, const char *name, pe_rules *r,
                             pe_error *err)
{
    const cJSON *it;
    int n = 0;

    if (!cJSON_IsObject(g))
        return bad(err, name, "grades",
                   "must be an object such as {\"优\": 90, \"良\": 80}");
    if (no_twice(g, name, "grades:", err) != PE_OK)
        return PE_EDATA;
    cJSON_ArrayForEach(it, g)
    {
        pe_status st;

        if (n == PE_MAX_GRADES)
            return bad(err, name, "grades", "has more than 8 bands");
        if (strlen(it->string) >= sizeof r->grades[n].name)
            return bad(err, name, "grades", "has a band name too long");
        snprintf(r->grades[n].name, sizeof r->grades[n].name, "%s", it->string);
        st = get_dec(it, name, &r->grades[n].min, err);
        if (st != PE_OK)
            return st;
        n++;
    }
    if (n == 0)
        return bad(err, name, "grades", "is empty");
    r->ngrades = n;
    qsort(r->grades, (size_t)n, sizeof r->grades[0], cmp_band);
    /* every total needs a grade, down to 0 (docs/rules.md) */
    if (pe_dec_sign(r->grades[n - 1].min) > 0) {
        char buf[PE_DEC_BUFSIZE];

        pe_error_set(err, name, 0, 0,
                     "rules: grades must reach down to 0; the lowest band, "
                     "%s, starts at %s",
                     r->grades[n - 1].name,
                     pe_dec_format(r->grades[n - 1].min, buf));
        return PE_EDATA;
    }
    return PE_OK;
}

static int is_key(const cJSON *it, const char *k)
{
    return strcmp(it->string, k) == 0;
}

pe_status pe_rules_apply_json(const cJSON *obj, const char *name, pe_rules *r,
                              pe_error *err)
{
    const cJSON *it;
    int whole = 0, places_given = 0;

    if (!cJSON_IsObject(obj)) {
        pe_error_set(err, name, 0, 0, "rules: a JSON object is expected");
        return PE_EDATA;
    }
    if (no_twice(obj, name, "", err) != PE_OK)
        return PE_EDATA;
    cJSON_ArrayForEach(it, obj)
    {
        const char *s = cJSON_IsString(it) ? it->valuestring : NULL;
        pe_status st = PE_OK;

        if (is_key(it, "format")) {
            if (!cJSON_IsString(it) ||
                strcmp(it->valuestring, PE_JSON_RULES) != 0)
                return bad(err, name, "format", "must be \"perfeval/rules/1\"");
        } else if (is_key(it, "name")) {
            if (!s || strlen(s) >= sizeof r->name)
                return bad(err, name, "name", "must be a short string");
            snprintf(r->name, sizeof r->name, "%s", s);
        } else if (is_key(it, "rounding")) {
            if (s && strcmp(s, "half-up") == 0)
                r->rounding = PE_ROUND_HALF_UP;
            else if (s && strcmp(s, "truncate") == 0)
                r->rounding = PE_ROUND_TRUNCATE;
            else if (s && strcmp(s, "whole") == 0) {
                r->rounding = PE_ROUND_HALF_UP;
                whole = 1;
            } else
                return bad(err, name, "rounding",
                           "must be \"half-up\", \"truncate\" or \"whole\"");
        } else if (is_key(it, "places")) {
            if (!cJSON_IsNumber(it) || it->valueint < 0 || it->valueint > 6 ||
                (double)it->valueint != it->valuedouble)
                return bad(err, name, "places",
                           "must be a whole number 0 to 6");
            r->places = it->valueint;
            places_given = 1;
        } else if (is_key(it, "lower_is_better")) {
            if (s && strcmp(s, "ratio") == 0)
                r->lower = PE_LOWER_RATIO;
            else if (s && strcmp(s, "linear") == 0)
                r->lower = PE_LOWER_LINEAR;
            else
                return bad(err, name, "lower_is_better",
                           "must be \"ratio\" or \"linear\"");
        } else if (is_key(it, "rate_base")) {
            if (s && (strcmp(s, "budget") == 0 || strcmp(s, "全年预算数") == 0))
                r->rate_base = PE_BASE_BUDGET;
            else if (s && (strcmp(s, "initial") == 0 ||
                           strcmp(s, "年初预算数") == 0))
                r->rate_base = PE_BASE_INITIAL;
            else
                return bad(err, name, "rate_base",
                           "must be \"budget\" or \"initial\"");
        } else if (is_key(it, "funds_in_total")) {
            if (!cJSON_IsBool(it))
                return bad(err, name, "funds_in_total",
                           "must be true or false");
            r->funds_in_total = cJSON_IsTrue(it);
        } else if (is_key(it, "overachieve_ratio")) {
            st = get_dec(it, name, &r->overachieve_ratio, err);
            if (st == PE_OK &&
                pe_dec_cmp(r->overachieve_ratio, pe_dec_from_int(1)) < 0)
                return bad(err, name, "overachieve_ratio",
                           "must be 1 or more (1.2 means 120% of the target)");
        } else if (is_key(it, "explain_rate_below")) {
            st = get_dec(it, name, &r->explain_rate_below, err);
            if (st == PE_OK &&
                (pe_dec_sign(r->explain_rate_below) < 0 ||
                 pe_dec_cmp(r->explain_rate_below, pe_dec_from_int(1)) > 0))
                return bad(err, name, "explain_rate_below",
                           "must be a fraction from 0 to 1 (0.7 means 70%)");
        } else if (is_key(it, "grades")) {
            st = load_grades(it, name, r, err);
        } else if (is_key(it, "split")) {
            st = load_split(it, name, r, err);
        } else {
            pe_error_set(err, name, 0, 0, "rules: unknown member \"%s\"",
                         it->string);
            return PE_EDATA;
        }
        if (st != PE_OK)
            return st;
    }
    /* "whole" is half-up to whole points, whatever order the keys are in */
    if (whole && places_given && r->places != 0)
        return bad(err, name, "rounding",
                   "\"whole\" rounds to 0 places; leave \"places\" out");
    if (whole)
        r->places = 0;
    return PE_OK;
}

pe_status pe_rules_load_json(const char *buf, size_t len, const char *name,
                             pe_rules *r, pe_error *err)
{
    cJSON *root;
    pe_status st = pe_json_check_numbers(buf, len, name, err);

    if (st != PE_OK)
        return st;
    st = pe_json_parse(buf, len, name, &root, err);
    if (st != PE_OK)
        return st;
    /* A whole project file may be given as --rules: take its rules. */
    {
        const cJSON *inner = cJSON_GetObjectItemCaseSensitive(root, "rules");
        st = pe_rules_apply_json(inner && cJSON_IsObject(inner) ? inner : root,
                                 name, r, err);
    }
    cJSON_Delete(root);
    return st;
}

pe_status pe_rules_render_json(const pe_rules *r, pe_buf *out)
{
    pe_jout o = {0};

    return pe_jout_finish(&o, pe_jout_rules(&o, r), out);
}

/* A rules file is read under max bytes and sniffed at its first chunk:
 * -r /dev/zero must neither fill the memory nor be read to its end. */
typedef struct capped {
    pe_buf *buf;
    size_t max;
    const char *path;
    pe_error *err;
} capped;

static pe_status capped_chunk(void *ctx, const char *b, size_t n)
{
    capped *c = ctx;

    if (c->buf->len == 0 && pe_text_sniff(b, n, c->path, c->err) != PE_OK)
        return PE_EDATA;
    if (c->buf->len + n > c->max) {
        pe_error_set(c->err, c->path, 0, 0,
                     "the file is larger than %zu bytes (--max-file-size)",
                     c->max);
        return PE_EDATA;
    }
    return pe_buf_append(c->buf, b, n);
}

pe_status pe_rules_load(const char *name, size_t max, pe_rules *r,
                        pe_error *err)
{
    pe_buf in = {0, 0, 0};
    capped c = {.buf = &in, .max = max, .path = name, .err = err};
    pe_status st;

    pe_rules_default(r);
    if (!pe_os_exists(name)) {
        if (pe_rules_builtin(name, r) == PE_OK)
            return PE_OK;
        int path = strchr(name, '.') != NULL;

        for (const char *q = name; *q; q++)
            path |= pe_os_is_sep((unsigned char)*q);
        if (!path) {
            pe_error_set(err, name, 0, 0, "%s",
                         "no such rules file, and no built-in rule set of "
                         "that name (perfeval rules --list)");
            return PE_EUSAGE;
        }
    }
    if ((st = pe_io_stream(name, capped_chunk, &c, err)) == PE_OK)
        st = pe_rules_load_json(in.data ? in.data : "", in.len, name, r, err);
    pe_buf_free(&in);
    return st;
}
