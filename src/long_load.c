/*
 * The long format a provincial platform exports: one CSV row per
 * indicator, a project key column, the project's own columns repeated on
 * every row or given on its first.  Read as a stream, project by project,
 * so that memory follows the largest project and not the file.
 */
#include "project.h"

#include <csv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum col {
    C_ID, C_NAME, C_DEPT, C_UNIT, C_YEAR, C_INITIAL, C_BUDGET, C_EXEC,
    C_FWEIGHT, C_FSCORE, C_RATE, C_L1, C_L2, C_L3, C_TARGET, C_ACTUAL,
    C_WEIGHT, C_SCORE, C_REASON, C_MAX, C_TOTAL, C_GRADE, C_N
};

/* Header labels, first the platform's own words, then the 附件1's. */
static const struct {
    enum col col;
    const char *label;
} labels[] = {
    {C_ID, "项目编号"},       {C_ID, "项目代码"},        {C_ID, "项目编码"},
    {C_NAME, "项目名称"},     {C_DEPT, "主管部门"},      {C_DEPT, "部门"},
    {C_DEPT, "主管部门及代码"}, {C_UNIT, "实施单位"},    {C_YEAR, "年度"},
    {C_INITIAL, "年初预算数"}, {C_BUDGET, "全年预算数"}, {C_EXEC, "全年执行数"},
    {C_EXEC, "预算执行数"},   {C_FWEIGHT, "资金分值"},   {C_FWEIGHT, "资金执行分值"},
    {C_FSCORE, "资金得分"},   {C_FSCORE, "资金执行得分"}, {C_RATE, "执行率"},
    {C_L1, "一级指标"},       {C_L2, "二级指标"},        {C_L3, "三级指标"},
    {C_TARGET, "指标值"},     {C_TARGET, "年度指标值"},  {C_ACTUAL, "实际完成值"},
    {C_WEIGHT, "分值"},       {C_WEIGHT, "权重"},        {C_SCORE, "得分"},
    {C_REASON, "偏差原因分析及改进措施"},                {C_REASON, "偏差原因"},
    {C_REASON, "未完成原因分析"}, {C_MAX, "总分值"},     {C_TOTAL, "总分"},
    {C_GRADE, "等级"},        {C_GRADE, "评价等级"},
};

/* Keys already closed, so that a project cut in two is caught: 64-bit
 * hashes in an open-addressed table, with the line each first began.  A
 * false alarm needs two keys with the same 64-bit FNV-1a hash. */
typedef struct seen {
    uint64_t *hash;
    long *line;
    size_t cap, n;
} seen;

/* Parsed cells by their text: the same 指标值 ("≥95%", "合理") and many of
 * the same 实际完成值 come back in every project of a province's file.
 * Direct-mapped; a miss just parses. */
#define CELL_CACHE 4096
#define CELL_TEXT 48
typedef struct cell_slot {
    char text[CELL_TEXT]; /* "" when empty */
    pe_cell cell;
} cell_slot;

struct pe_long {
    char *name;
    pe_long_opts o;
    struct csv_parser csv;
    int csv_ready;
    long line;         /* physical lines fed so far */
    int in_quote_line; /* the current record began on an earlier line */
    int after_cr;      /* the last byte fed was a CR: an LF next is no line */
    long record_line;  /* line on which the current record began */
    int header_done;
    long header_line;
    int col[C_N];      /* column of each field, -1 when absent */
    /* the record being read */
    char *fields;      /* NUL-separated */
    size_t flen, fcap;
    size_t *foff;
    size_t nf, fcapn;
    int too_long;
    /* the project being read */
    pe_project *p;
    char *key;
    long key_line;
    size_t indcap;
    int broken;        /* an error was met: skip to the next key */
    pe_error perr;
    char *last1, *last2;
    seen done;
    cell_slot *cache;  /* CELL_CACHE slots, allocated on first use */
    /* delivery */
    pe_long_fn fn;
    void *ctx;
    pe_status st;      /* first fatal status */
    pe_error *err;
    size_t rows, projects, skipped;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h ? h : 1;
}

/* 0 when added, else the line where the key began before. */
static long seen_add(seen *S, const char *key, long line, int *oom)
{
    uint64_t h = fnv1a(key);
    size_t i;

    *oom = 0;
    if (2 * (S->n + 1) > S->cap) {
        size_t cap = S->cap ? S->cap * 2 : 1024;
        uint64_t *nh = calloc(cap, sizeof *nh);
        long *nl = calloc(cap, sizeof *nl);

        if (!nh || !nl) {
            free(nh);
            free(nl);
            *oom = 1;
            return 0;
        }
        for (size_t k = 0; k < S->cap; k++) {
            if (!S->hash[k])
                continue;
            for (i = S->hash[k] & (cap - 1); nh[i]; i = (i + 1) & (cap - 1))
                ;
            nh[i] = S->hash[k];
            nl[i] = S->line[k];
        }
        free(S->hash);
        free(S->line);
        S->hash = nh;
        S->line = nl;
        S->cap = cap;
    }
    for (i = h & (S->cap - 1); S->hash[i]; i = (i + 1) & (S->cap - 1))
        if (S->hash[i] == h)
            return S->line[i];
    S->hash[i] = h;
    S->line[i] = line;
    S->n++;
    return 0;
}

void pe_long_opts_default(pe_long_opts *o)
{
    o->delimiter = ',';
    o->max_field = 64 * 1024;
    o->max_rows = 1000000;
}

pe_status pe_long_new(const char *name, const pe_long_opts *o, pe_long **out)
{
    pe_long *r = calloc(1, sizeof *r);

    *out = NULL;
    if (!r || !(r->name = pe_strdup_or_empty(name))) {
        free(r);
        return PE_ENOMEM;
    }
    if (o)
        r->o = *o;
    else
        pe_long_opts_default(&r->o);
    if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) !=
        0) {
        pe_long_free(r);
        return PE_ENOMEM;
    }
    r->csv_ready = 1;
    csv_set_delim(&r->csv, (unsigned char)(r->o.delimiter ? r->o.delimiter
                                                          : ','));
    for (int c = 0; c < C_N; c++)
        r->col[c] = -1;
    *out = r;
    return PE_OK;
}

static void drop_project(pe_long *r)
{
    pe_project_free(r->p);
    r->p = NULL;
    free(r->key);
    r->key = NULL;
    free(r->last1);
    free(r->last2);
    r->last1 = r->last2 = NULL;
    r->broken = 0;
    r->indcap = 0;
}

void pe_long_free(pe_long *r)
{
    if (!r)
        return;
    drop_project(r);
    if (r->csv_ready)
        csv_free(&r->csv);
    free(r->fields);
    free(r->foff);
    free(r->done.hash);
    free(r->done.line);
    free(r->cache);
    free(r->name);
    free(r);
}

/* ------------------------------------------------------------ fields */

static void on_field(void *s, size_t len, void *data)
{
    pe_long *r = data;
    const char *src = s;

    if (r->st != PE_OK)
        return;
    if (len > r->o.max_field) {
        r->too_long = 1;
        len = 0;
    }
    if (r->nf == r->fcapn) {
        size_t cap = r->fcapn ? r->fcapn * 2 : 32;
        size_t *g = realloc(r->foff, cap * sizeof *g);
        if (!g) {
            r->st = PE_ENOMEM;
            return;
        }
        r->foff = g;
        r->fcapn = cap;
    }
    if (r->flen + len + 1 > r->fcap) {
        size_t cap = r->fcap ? r->fcap : 1024;
        char *g;

        while (cap < r->flen + len + 1)
            cap *= 2;
        if (!(g = realloc(r->fields, cap))) {
            r->st = PE_ENOMEM;
            return;
        }
        r->fields = g;
        r->fcap = cap;
    }
    /* trimmed once here, so that reading a field costs nothing */
    while (len && (*src == ' ' || *src == '\t'))
        src++, len--;
    while (len && (src[len - 1] == ' ' || src[len - 1] == '\t' ||
                   src[len - 1] == '\r'))
        len--;
    r->foff[r->nf++] = r->flen;
    if (len)
        memcpy(r->fields + r->flen, src, len);
    r->fields[r->flen + len] = '\0';
    r->flen += len + 1;
}

/* Field c of the record (trimmed when it was stored); "" when absent. */
static const char *field(const pe_long *r, int c)
{
    if (r->col[c] < 0 || (size_t)r->col[c] >= r->nf)
        return "";
    return r->fields + r->foff[r->col[c]];
}

/* ------------------------------------------------------------ projects */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void project_error(pe_long *r, long line, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!r->broken)
        pe_error_set(&r->perr, r->name, line, 0, "project %s: %s",
                     r->key ? r->key : "", msg);
    r->broken = 1;
}

static void deliver(pe_long *r)
{
    pe_long_item it;
    pe_status st;

    if (!r->key)
        return;
    it.key = r->key;
    it.name = r->p && r->p->name ? r->p->name : "";
    it.line = r->key_line;
    it.project = r->broken ? NULL : r->p;
    it.err = r->broken ? &r->perr : NULL;
    if (!r->broken && r->p->nind == 0) {
        pe_error_set(&r->perr, r->name, r->key_line, 0,
                     "project %s: no indicator rows", r->key);
        it.project = NULL;
        it.err = &r->perr;
    }
    r->projects++;
    st = r->fn(r->ctx, &it);
    if (st != PE_OK && r->st == PE_OK)
        r->st = st;
    drop_project(r);
}

static pe_status set_text(char **dst, const char *s)
{
    char *d = pe_strdup_or_empty(s);

    if (!d)
        return PE_ENOMEM;
    free(*dst);
    *dst = d;
    return PE_OK;
}

/* A project column: the first row that fills it sets it; a later row may
 * repeat it but not change it. */
static void project_text(pe_long *r, int c, const char *label, char **dst)
{
    const char *s = field(r, c);

    if (!s[0])
        return;
    if (!(*dst)[0]) {
        if (set_text(dst, s) != PE_OK)
            r->st = PE_ENOMEM;
    } else if (strcmp(*dst, s) != 0) {
        project_error(r, r->record_line, "%s \"%s\" differs from \"%s\" above",
                      label, s, *dst);
    }
}

static void project_dec(pe_long *r, int c, const char *label, int money,
                        pe_opt_dec *dst, long *line)
{
    const char *s = field(r, c);
    pe_dec v;
    int present;
    pe_status st = pe_number_cell(s, money, &v, &present);

    if (st != PE_OK) {
        project_error(r, r->record_line, "%s \"%s\" is not a number", label, s);
        return;
    }
    if (!present)
        return;
    if (!dst->present) {
        *dst = (pe_opt_dec){1, v};
        if (line)
            *line = r->record_line;
    } else if (pe_dec_cmp(dst->v, v) != 0) {
        project_error(r, r->record_line, "%s \"%s\" differs from the value above",
                      label, s);
    }
}

static pe_status start_project(pe_long *r, const char *key)
{
    pe_project *p = pe_project_new(r->name);
    long before;
    int oom;

    if (!p || !(r->key = pe_strdup_or_empty(key))) {
        pe_project_free(p);
        return PE_ENOMEM;
    }
    r->p = p;
    r->key_line = r->record_line;
    p->rules = r->o.rules;
    if (!(p->name = pe_strdup_or_empty("")) ||
        !(p->dept_code = pe_strdup_or_empty("")) ||
        !(p->dept = pe_strdup_or_empty("")) ||
        !(p->unit = pe_strdup_or_empty("")) ||
        !(p->money_unit = pe_strdup_or_empty("万元")) ||
        !(p->goal = pe_strdup_or_empty("")) ||
        !(p->goal_actual = pe_strdup_or_empty("")) ||
        !(p->note = pe_strdup_or_empty("")) ||
        !(p->funds.total.name = pe_strdup_or_empty("年度资金总额")))
        return PE_ENOMEM;
    before = seen_add(&r->done, key, r->record_line, &oom);
    if (oom)
        return PE_ENOMEM;
    if (before)
        project_error(r, r->record_line,
                      "the key appears again; its rows began at line %ld and "
                      "were already scored",
                      before);
    return PE_OK;
}

/* Parse s through the cache.  Returns 0 when the cell is not plain
 * well-formed text (the scorer then parses it and reports the error). */
static int cached_cell(pe_long *r, const char *s, pe_cell *out)
{
    size_t n = strlen(s);
    cell_slot *slot;

    if (n >= CELL_TEXT)
        return pe_cell_parse(s, n, out) == PE_OK;
    if (!r->cache && !(r->cache = calloc(CELL_CACHE, sizeof *r->cache)))
        return 0;
    slot = &r->cache[fnv1a(s) & (CELL_CACHE - 1)];
    if (slot->text[0] && strcmp(slot->text, s) == 0) {
        *out = slot->cell;
        return 1;
    }
    if (pe_cell_parse(s, n, out) != PE_OK)
        return 0;
    memcpy(slot->text, s, n + 1);
    slot->cell = *out;
    return 1;
}

static pe_status add_row(pe_long *r)
{
    pe_project *p = r->p;
    pe_indicator *ind;
    const char *w = field(r, C_WEIGHT);
    pe_opt_dec weight = {0, {0, 0}};
    pe_status st;

    if (p->nind == r->o.max_rows) {
        project_error(r, r->record_line, "more than %zu indicator rows",
                      r->o.max_rows);
        return PE_OK;
    }
    if (p->nind == r->indcap) {
        size_t cap = r->indcap ? r->indcap * 2 : 32;
        pe_indicator *g = realloc(p->ind, cap * sizeof *g);

        if (!g)
            return PE_ENOMEM;
        p->ind = g;
        r->indcap = cap;
    }
    ind = &p->ind[p->nind];
    memset(ind, 0, sizeof *ind);
    p->nind++;
    ind->line = r->record_line;
    {
        /* merged cells: a blank 一级/二级 continues the row above */
        const char *t[6] = {field(r, C_L1),     field(r, C_L2),
                            field(r, C_L3),     field(r, C_TARGET),
                            field(r, C_ACTUAL), field(r, C_REASON)};
        size_t n[6], total = 0;
        char *block, *q, *txt[6];

        if (!t[0][0] && r->last1) {
            t[0] = r->last1;
            if (!t[1][0] && r->last2)
                t[1] = r->last2;
        }
        for (int k = 0; k < 6; k++)
            total += (n[k] = strlen(t[k])) + 1;
        /* one allocation for the row's six texts: a province's file has
         * millions of rows */
        if (!(block = malloc(total)))
            return PE_ENOMEM;
        q = block;
        for (int k = 0; k < 6; k++) {
            memcpy(q, t[k], n[k] + 1);
            txt[k] = q;
            q += n[k] + 1;
        }
        ind->packed = 1;
        ind->level1 = txt[0];
        ind->level2 = txt[1];
        ind->name = txt[2];
        ind->target = txt[3];
        ind->actual = txt[4];
        ind->reason = txt[5];
    }
    if ((!r->last1 || strcmp(r->last1, ind->level1) != 0) &&
        (st = set_text(&r->last1, ind->level1)) != PE_OK)
        return st;
    if ((!r->last2 || strcmp(r->last2, ind->level2) != 0) &&
        (st = set_text(&r->last2, ind->level2)) != PE_OK)
        return st;
    ind->cells_parsed = cached_cell(r, ind->target, &ind->tcell) &&
                        cached_cell(r, ind->actual, &ind->acell);
    if (!ind->name[0]) {
        project_error(r, r->record_line, "三级指标 is empty");
        return PE_OK;
    }
    st = pe_number_cell(w, 0, &weight.v, &weight.present);
    if (st != PE_OK || !weight.present) {
        project_error(r, r->record_line, weight.present || st != PE_OK
                                             ? "分值 \"%s\" is not a number"
                                             : "分值 is empty%s",
                      st != PE_OK ? w : "");
        return PE_OK;
    }
    ind->weight = weight.v;
    ind->weight_set = 1;
    st = pe_number_cell(field(r, C_SCORE), 0, &ind->reported.v,
                        &ind->reported.present);
    if (st != PE_OK)
        project_error(r, r->record_line, "得分 \"%s\" is not a number",
                      field(r, C_SCORE));
    return PE_OK;
}

static pe_status read_header(pe_long *r)
{
    for (size_t k = 0; k < r->nf; k++) {
        const char *s = r->fields + r->foff[k];

        if (k == 0 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        while (*s == ' ')
            s++;
        for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
            if (strcmp(s, labels[i].label) == 0 && r->col[labels[i].col] < 0)
                r->col[labels[i].col] = (int)k;
    }
    if (r->col[C_ID] < 0 && r->col[C_NAME] >= 0)
        r->col[C_ID] = r->col[C_NAME];
    if (r->col[C_ID] < 0 || r->col[C_L3] < 0 || r->col[C_TARGET] < 0 ||
        r->col[C_ACTUAL] < 0 || r->col[C_WEIGHT] < 0) {
        pe_error_set(r->err, r->name, r->record_line, 0,
                     "not a long-format table: the header needs 项目编号 or "
                     "项目名称, 三级指标, 指标值, 实际完成值 and 分值");
        return PE_EDATA;
    }
    r->header_done = 1;
    r->header_line = r->record_line;
    return PE_OK;
}

static int record_empty(const pe_long *r)
{
    for (size_t k = 0; k < r->nf; k++) {
        const char *s = r->fields + r->foff[k];
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s)
            return 0;
    }
    return 1;
}

static void on_record(int c, void *data)
{
    pe_long *r = data;
    const char *key;
    pe_status st = PE_OK;

    (void)c;
    if (r->st != PE_OK)
        goto done;
    if (record_empty(r)) {
        r->skipped++;
        goto done;
    }
    if (!r->header_done) {
        r->st = read_header(r);
        goto done;
    }
    r->rows++;
    key = field(r, C_ID);
    if (key[0] && (!r->key || strcmp(key, r->key) != 0)) {
        deliver(r);
        if (r->st != PE_OK || (st = start_project(r, key)) != PE_OK)
            goto fail;
    } else if (!r->key) {
        pe_error_set(r->err, r->name, r->record_line, 0,
                     "the first row has no project key");
        r->st = PE_EDATA;
        goto done;
    }
    if (r->too_long) {
        project_error(r, r->record_line, "a field is longer than %zu bytes",
                      r->o.max_field);
    }
    if (!r->broken)
        project_text(r, C_NAME, "项目名称", &r->p->name);
    if (r->broken)
        goto done;
    project_text(r, C_DEPT, "主管部门", &r->p->dept);
    project_text(r, C_UNIT, "实施单位", &r->p->unit);
    project_dec(r, C_INITIAL, "年初预算数", 1, &r->p->funds.total.initial,
                NULL);
    project_dec(r, C_BUDGET, "全年预算数", 1, &r->p->funds.total.budget,
                NULL);
    project_dec(r, C_EXEC, "全年执行数", 1, &r->p->funds.total.executed,
                NULL);
    project_dec(r, C_FWEIGHT, "资金分值", 0, &r->p->funds.weight,
                &r->p->funds.total.line);
    project_dec(r, C_FSCORE, "资金得分", 0, &r->p->funds.reported, NULL);
    project_dec(r, C_MAX, "总分值", 0, &r->p->reported_max, NULL);
    project_dec(r, C_TOTAL, "总分", 0, &r->p->reported_total, NULL);
    r->p->funds.present = r->p->funds.weight.present;
    if (!r->broken && (st = add_row(r)) != PE_OK)
        goto fail;
    goto done;
fail:
    r->st = st;
    if (st == PE_ENOMEM)
        pe_error_set(r->err, r->name, r->record_line, 0, "out of memory");
done:
    r->nf = 0;
    r->flen = 0;
    r->too_long = 0;
    r->in_quote_line = 0;
}

/* ------------------------------------------------------------ feeding */

static pe_status parse_failed(pe_long *r)
{
    if (r->st == PE_OK) {
        int e = csv_error(&r->csv);
        pe_error_set(r->err, r->name, r->record_line, 0, "%s",
                     e == CSV_EPARSE ? "malformed CSV: a quote is not closed "
                                       "or stray text follows one"
                                     : csv_strerror(e));
        r->st = e == CSV_ENOMEM ? PE_ENOMEM : PE_EDATA;
    }
    return r->st;
}

pe_status pe_long_feed(pe_long *r, const char *buf, size_t len, pe_long_fn fn,
                       void *ctx, pe_error *err)
{
    r->fn = fn;
    r->ctx = ctx;
    r->err = err;
    /* One physical line at a time, so that every record knows the line it
     * began on: libcsv itself reports no positions. */
    while (len && r->st == PE_OK) {
        const char *nl = memchr(buf, '\n', len);
        size_t n = nl ? (size_t)(nl - buf) + 1 : len;
        const char *cr = memchr(buf, '\r', n);

        /* a bare CR (old Mac Excel) ends a line too; CRLF is one end */
        if (cr && (size_t)(cr - buf) + 1 < n && cr[1] != '\n') {
            n = (size_t)(cr - buf) + 1;
            nl = cr;
        } else if (cr && !nl && (size_t)(cr - buf) + 1 == n) {
            nl = cr; /* a chunk that ends in CR: its LF may come next */
        }

        if (!r->in_quote_line && r->nf == 0 && r->flen == 0) {
            r->record_line = r->line + 1;
            r->in_quote_line = 1;
        }
        if (csv_parse(&r->csv, buf, n, on_field, on_record, r) != n)
            return parse_failed(r);
        if (nl && !(r->after_cr && n == 1 && buf[0] == '\n'))
            r->line++;
        r->after_cr = buf[n - 1] == '\r';
        buf += n;
        len -= n;
    }
    return r->st;
}

pe_status pe_long_end(pe_long *r, pe_long_fn fn, void *ctx, pe_error *err)
{
    r->fn = fn;
    r->ctx = ctx;
    r->err = err;
    if (r->st == PE_OK && csv_fini(&r->csv, on_field, on_record, r) != 0)
        return parse_failed(r);
    if (r->st != PE_OK)
        return r->st;
    if (!r->header_done) {
        pe_error_set(err, r->name, 0, 0, "%s",
                     r->rows || r->skipped ? "no header row"
                                           : "the file is empty");
        return PE_EDATA;
    }
    deliver(r);
    return r->st;
}

size_t pe_long_rows(const pe_long *r)
{
    return r->rows;
}

int pe_long_detect(const char *buf, size_t len)
{
    const char *nl;
    size_t n;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        buf += 3, len -= 3;
    /* the first line that is not blank is the header */
    while (len && (*buf == '\n' || *buf == '\r'))
        buf++, len--;
    nl = memchr(buf, '\n', len);
    n = nl ? (size_t)(nl - buf) : len;
    nl = memchr(buf, '\r', n); /* a bare CR ends the line too */
    if (nl)
        n = (size_t)(nl - buf);
    {
        const char *l3 = NULL, *key = NULL;
        for (size_t i = 0; i + 1 < n; i++) {
            if (!l3 && n - i >= strlen("三级指标") &&
                memcmp(buf + i, "三级指标", strlen("三级指标")) == 0)
                l3 = buf + i;
            if (!key && n - i >= strlen("项目名称") &&
                (memcmp(buf + i, "项目名称", strlen("项目名称")) == 0 ||
                 memcmp(buf + i, "项目编号", strlen("项目编号")) == 0))
                key = buf + i;
        }
        return l3 && key;
    }
}
