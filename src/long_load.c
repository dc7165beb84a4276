/*
 * The long format a provincial platform exports: one CSV row per
 * indicator, a project key column, the project's own columns repeated on
 * every row or given on its first.  Read as a stream, project by project,
 * so that memory follows the largest project and not the file.  A file
 * on disk is also read on several cores at once (long_split.c), a reader
 * of this kind per piece of it.
 */
#include "encoding.h"
#include "long_load.h"
#include "os.h"
#include "project.h"

#include <csv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum col {
    C_ID,
    C_NAME,
    C_DEPT,
    C_UNIT,
    C_YEAR,
    C_INITIAL,
    C_BUDGET,
    C_EXEC,
    C_FWEIGHT,
    C_FSCORE,
    C_RATE,
    C_L1,
    C_L2,
    C_L3,
    C_TARGET,
    C_ACTUAL,
    C_WEIGHT,
    C_SCORE,
    C_REASON,
    C_MAX,
    C_TOTAL,
    C_GRADE,
    C_N
};

/* Header labels, first the platform's own words, then the 附件1's. */
static const struct {
    enum col col;
    const char *label;
} labels[] = {
    {C_ID, "项目编号"},
    {C_ID, "项目代码"},
    {C_ID, "项目编码"},
    {C_NAME, "项目名称"},
    {C_DEPT, "主管部门"},
    {C_DEPT, "部门"},
    {C_DEPT, "主管部门及代码"},
    {C_UNIT, "实施单位"},
    {C_YEAR, "年度"},
    {C_INITIAL, "年初预算数"},
    {C_BUDGET, "全年预算数"},
    {C_EXEC, "全年执行数"},
    {C_EXEC, "预算执行数"},
    {C_FWEIGHT, "资金分值"},
    {C_FWEIGHT, "资金执行分值"},
    {C_FSCORE, "资金得分"},
    {C_FSCORE, "资金执行得分"},
    {C_RATE, "执行率"},
    {C_L1, "一级指标"},
    {C_L2, "二级指标"},
    {C_L3, "三级指标"},
    {C_TARGET, "指标值"},
    {C_TARGET, "年度指标值"},
    {C_ACTUAL, "实际完成值"},
    {C_WEIGHT, "分值"},
    {C_WEIGHT, "权重"},
    {C_SCORE, "得分"},
    {C_REASON, "偏差原因分析及改进措施"},
    {C_REASON, "偏差原因"},
    {C_REASON, "未完成原因分析"},
    {C_MAX, "总分值"},
    {C_TOTAL, "总分"},
    {C_GRADE, "等级"},
    {C_GRADE, "评价等级"},
};

/* Parsed cells by their text: the same 指标值 ("≥95%", "合理") and many of
 * the same 实际完成值 come back in every project of a province's file.
 * Direct-mapped; a miss just parses. */
#define CELL_CACHE 4096
#define CELL_ROWS 64
#define CELL_TEXT 48
typedef struct cell_slot {
    char text[CELL_TEXT]; /* "" when empty */
    pe_cell cell;
} cell_slot;

/* What was wrong with the record being read. */
typedef struct rec {
    size_t wide;    /* its fields, when more than the header's; else 0 */
    int long_field; /* a field was longer than max_field */
    int key_cut;    /* so was its key, kept cut (see OVER_KEEP) */
    long bad_line, bad_col; /* its first byte that is not text; 0 if none */
    unsigned char bad_byte;
} rec;

/* A field longer than its limit is kept as its first bytes (at most
 * OVER_KEEP, whole characters) and "…": enough to show a key, and a key cut
 * so is never taken for one within the limit. */
#define OVER_KEEP 64
/* The header row is not held to --max-field (a 33-byte 偏差原因分析及改进措施
 * must pass --max-field 32), only to this when max_field is smaller: no
 * label is longer. */
#define HEADER_FIELD 1024
/* Columns of the header, as many as a worksheet can have: a row of a
 * hundred million commas before the header is not held either. */
#define MAX_COLUMNS 16384
/* libcsv is fed at most this much at a time, so that what it holds of a
 * field is trimmed (trim_field) before it grows past max_field by more. */
#define PIECE (64 * 1024)

struct pe_long {
    char *name;
    pe_long_opts o;

    /* Tokenizing: a line without quotes split here, any other through
     * libcsv, one physical line at a time. */
    struct csv_parser csv;
    int csv_ready;
    long line;       /* physical lines fed so far */
    int in_record;   /* a record has begun and not ended */
    int after_cr;    /* the last byte fed was a CR: an LF next is no line */
    long start_line; /* line on which the current record began */
    size_t nfield;   /* its fields so far, kept or not */
    int any_text;    /* one of them is not blank */
    rec flags;       /* what is wrong with it so far */
    int is_rows;     /* fed worksheet rows, not CSV text */
    int over;        /* libcsv is in a field past the limit: over_text */
    char over_text[OVER_KEEP + 4];
    size_t over_len;
    pe_buf fix; /* a field mended to UTF-8 */
    /* the record's fields: the columns read (all of them before the
     * header), NUL-ended in text, by column */
    char *text;
    size_t tlen, tcap;
    uint32_t *off, *len;
    size_t offcap;
    unsigned char *kept; /* per column of the header: read (1) or not */
    /* what is known of the header, once it has passed */
    int tk_header;
    size_t tk_width;
    int tk_key; /* the key's column, -1 when there is none */
    /* the UTF-8 check of the text fed, across pieces */
    unsigned u_need; /* continuation bytes still to come */
    uint32_t u_cp, u_min;
    unsigned char u_lead;
    const char *u_at;    /* the sequence's first byte, in the bytes being fed */
    long u_line, u_col;  /* where it is, once those bytes are gone */
    const char *fed;     /* the bytes of this pe_long_feed() call */
    const char *line_at; /* where the current line begins in them, or NULL */
    long line_chars;     /* when NULL: its characters in earlier calls */
    pe_status pst;       /* the splitting's own failure (no memory) */
    int ended;

    /* Reading: projects built from records, scored by the callback. */
    size_t nf; /* fields of the record being read */
    long record_line;
    const rec *rc; /* and what was found wrong with it as it was split */
    int header_done;
    long header_line;
    size_t header_nf;
    int col[C_N]; /* column of each field, -1 when absent */
    pe_project *p;
    pe_project *spare; /* the last one, recycled, and its rows' room */
    size_t spare_cap;
    char *key;
    int key_cut; /* the key was longer than max_field */
    long key_line;
    size_t indcap;
    int broken; /* an error was met: skip to the next key */
    pe_error perr;
    char *last1, *last2; /* the row above's, in the project */
    pe_long_seen done;
    cell_slot *cache; /* CELL_CACHE slots, allocated on first use */
    pe_long_fn fn;
    void *ctx;
    pe_long_sink sink; /* a piece's reader: results go here instead */
    void *sink_ctx;
    pe_status st;  /* the reader's first fatal status */
    int cb_failed; /* st came from the callback, which set err itself */
    pe_error cerr; /* and its message, handed to the caller at the end */
    size_t rows, projects, skipped;
};

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;

    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h ? h : 1;
}

/* Lines past this are kept apart, with their 64-bit number. */
#define BIG_LINE UINT32_MAX

static long seen_line(const pe_long_seen *S, size_t at)
{
    if (S->line[at] != BIG_LINE)
        return (long)S->line[at];
    for (size_t k = 0; k < S->nbig; k++)
        if (S->big[k].at == at)
            return S->big[k].line;
    return 0;
}

/* A bigger index, three quarters full at most: 300,000 projects take
 * 12 bytes each in order and 2 MiB of index. */
static int seen_grow(pe_long_seen *S)
{
    size_t cap = S->cap ? S->cap * 2 : 1024;
    uint32_t *ix;

    if (cap > UINT32_MAX || !(ix = calloc(cap, sizeof *ix)))
        return 0;
    for (size_t at = 0; at < S->n; at++) {
        size_t i = (size_t)(S->hash[at] >> 32) & (cap - 1);

        while (ix[i])
            i = (i + 1) & (cap - 1);
        ix[i] = (uint32_t)(at + 1);
    }
    free(S->index);
    S->index = ix;
    S->cap = cap;
    return 1;
}

long pe_long_seen_add(pe_long_seen *S, const char *key, size_t klen, long line,
                      int *oom)
{
    uint64_t h = fnv1a(key, klen);
    size_t i;

    *oom = 0;
    if (4 * (S->n + 1) > 3 * S->cap && !seen_grow(S)) {
        *oom = 1;
        return 0;
    }
    for (i = (size_t)(h >> 32) & (S->cap - 1); S->index[i];
         i = (i + 1) & (S->cap - 1))
        if (S->hash[S->index[i] - 1] == h)
            return seen_line(S, S->index[i] - 1);
    if (S->n == S->room) {
        /* realloc: a large block grows where it is, no copy held twice */
        size_t room = S->room ? S->room + S->room / 2 : 1024;
        uint64_t *nh = realloc(S->hash, room * sizeof *nh);
        uint32_t *nl;

        if (nh)
            S->hash = nh;
        if (!nh || !(nl = realloc(S->line, room * sizeof *nl))) {
            *oom = 1;
            return 0;
        }
        S->line = nl;
        S->room = room;
    }
    if (line >= (long)BIG_LINE) {
        void *g = pe_grow(S->big, &S->bigcap, S->nbig + 1, sizeof *S->big, 4);

        if (!g) {
            *oom = 1;
            return 0;
        }
        S->big = g;
        S->big[S->nbig].at = S->n;
        S->big[S->nbig++].line = line;
        S->line[S->n] = BIG_LINE;
    } else {
        S->line[S->n] = (uint32_t)line;
    }
    S->hash[S->n] = h;
    S->index[i] = (uint32_t)(++S->n);
    return 0;
}

void pe_long_seen_free(pe_long_seen *S)
{
    free(S->hash);
    free(S->line);
    free(S->index);
    free(S->big);
    memset(S, 0, sizeof *S);
}

void pe_long_opts_default(pe_long_opts *o)
{
    o->delimiter = ',';
    o->max_field = 64 * 1024;
    o->max_rows = 1000000;
    o->threads = 0; /* PERFEVAL_THREADS, else the processors */
    o->scored = 0;
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
    /* every line end reported, a blank line too: a record's line is the
     * line it began on, whatever blank lines came before it */
    if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
                              CSV_REPALL_NL) != 0) {
        pe_long_free(r);
        return PE_ENOMEM;
    }
    r->csv_ready = 1;
    csv_set_delim(&r->csv,
                  (unsigned char)(r->o.delimiter ? r->o.delimiter : ','));
    for (int c = 0; c < C_N; c++)
        r->col[c] = -1;
    r->tk_key = -1;
    *out = r;
    return PE_OK;
}

/* The project read is done with: its memory goes back, the reader's
 * texts for it are cleared. */
static void drop_project(pe_long *r)
{
    /* the project object is the next one's; its rows' array too */
    if (r->p && !r->spare && r->p->money_unit) {
        pe_project_recycle(r->p);
        r->spare = r->p;
        r->spare_cap = r->indcap;
    } else {
        pe_project_free(r->p);
    }
    r->p = NULL;
    free(r->key);
    r->key = NULL;
    r->key_cut = 0;
    r->last1 = r->last2 = NULL; /* the project's: gone with it */
    r->broken = 0;
    r->indcap = 0;
}

void pe_long_free(pe_long *r)
{
    if (!r)
        return;
    drop_project(r);
    pe_project_free(r->spare);
    if (r->csv_ready)
        csv_free(&r->csv);
    free(r->text);
    free(r->off);
    free(r->len);
    free(r->kept);
    pe_long_seen_free(&r->done);
    free(r->cache);
    pe_buf_free(&r->fix);
    free(r->name);
    free(r);
}

/* ------------------------------------------------------------ fields */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The limit of a field: max_field, but the header is not held to it. */
static size_t field_cap(const pe_long *r)
{
    if (r->tk_header || r->o.max_field >= HEADER_FIELD)
        return r->o.max_field;
    return HEADER_FIELD;
}

/* Keep the first bytes of a field past the limit (within the limit, and
 * OVER_KEEP), whole characters, trimmed, and "…" after them, in
 * over_text. */
static void keep_over(pe_long *r, const char *s, size_t len)
{
    size_t cap = field_cap(r) < OVER_KEEP ? field_cap(r) : OVER_KEEP;
    size_t n = len < cap ? len : cap, i = n;

    if (n < len) {
        /* a character cut in two is left out */
        while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
            i--;
        if (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0xC0) {
            unsigned char c = (unsigned char)s[i - 1];
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

            if (n - (i - 1) < need)
                n = i - 1;
        }
    }
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && is_blank(s[n - 1]))
        n--;
    memcpy(r->over_text, s, n);
    memcpy(r->over_text + n, "…", sizeof "…");
    r->over_len = n + strlen("…");
}

/*
 * libcsv holds a field whole until it ends.  Past the limit, keep its
 * first bytes aside and empty libcsv's buffer, so that a field of a
 * gigabyte costs no more memory than one at the limit.  This reaches into
 * struct csv_parser (csv.h) as libcsv 3.0.3 uses it: in state 2 (inside a
 * field) nothing in the buffer is needed again; in state 3 (a quote met in
 * a quoted field) the buffer ends in that quote and `spaces` spaces, which
 * the field's end takes back off, so the quote and one space are kept (one:
 * a quote after spaces is still an error).
 */
static void trim_field(pe_long *r)
{
    struct csv_parser *p = &r->csv;

    if (p->entry_pos <= field_cap(r))
        return;
    if (!r->over)
        keep_over(r, (const char *)p->entry_buf, p->entry_pos);
    r->over = 1;
    if (p->pstate == 3) {
        p->entry_buf[0] = p->quote_char;
        p->entry_buf[1] = ' ';
        p->entry_pos = p->spaces ? 2 : 1;
        p->spaces = p->spaces ? 1 : 0;
    } else if (p->pstate == 2) {
        p->entry_pos = 0;
        p->spaces = 0;
    }
}

/* s[0..len) with U+FFFD for each NUL and each byte that is not UTF-8, in
 * r->fix: a broken record is still shown, as text. */
static const char *mend(pe_long *r, const char *s, size_t *len)
{
    size_t n = *len, i = 0;

    r->fix.len = 0;
    while (i < n) {
        size_t k = pe_utf8_valid_prefix(s + i, n - i);
        const char *z = memchr(s + i, '\0', k);

        if (z)
            k = (size_t)(z - (s + i));
        if (pe_buf_append(&r->fix, s + i, k) != PE_OK)
            return NULL;
        i += k;
        if (i < n) {
            if (pe_buf_append(&r->fix, "\xEF\xBF\xBD", 3) != PE_OK)
                return NULL;
            i++;
        }
    }
    *len = r->fix.len;
    return r->fix.len ? r->fix.data : "";
}

/* Room for the offsets and lengths of n fields. */
static pe_status field_room(pe_long *r, size_t n)
{
    size_t cap = r->offcap;
    uint32_t *off, *len;

    if (n <= r->offcap)
        return PE_OK;
    if (!(off = pe_grow(r->off, &cap, n, sizeof *off, 32)))
        return PE_ENOMEM;
    r->off = off;
    cap = r->offcap;
    if (!(len = pe_grow(r->len, &cap, n, sizeof *len, 32)))
        return PE_ENOMEM;
    r->len = len;
    r->offcap = cap;
    return PE_OK;
}

/* Called for every field of the file: the common case is a few
 * comparisons and a copy of the columns that are read. */
static void on_field(void *s, size_t len, void *data)
{
    pe_long *r = data;
    const char *src = s;
    size_t k = r->nfield++;
    int over = r->over;

    r->over = 0;
    if (r->pst != PE_OK)
        return;
    /* past the header's width (a comma in a text not in quotes): counted
     * for the message, never held */
    if (r->tk_header ? k >= r->tk_width : k >= MAX_COLUMNS)
        return;
    if (over || len > field_cap(r)) {
        if (!over)
            keep_over(r, src, len);
        src = r->over_text;
        len = r->over_len;
        if (r->tk_header && (int)k == r->tk_key)
            r->flags.key_cut = 1;
        else if (r->tk_header)
            r->flags.long_field = 1;
    } else if (len && (is_blank(src[0]) || is_blank(src[len - 1]))) {
        /* trimmed once here, so that reading a field costs nothing */
        while (len && (*src == ' ' || *src == '\t'))
            src++, len--;
        while (len && is_blank(src[len - 1]))
            len--;
    }
    r->any_text |= len != 0;
    /* a column no label names is never read: whether it is blank is all */
    if (r->kept && !r->kept[k])
        return;
    if (r->flags.bad_line && !(src = mend(r, src, &len))) {
        r->pst = PE_ENOMEM;
        return;
    }
    if (k >= r->offcap && field_room(r, k + 1) != PE_OK) {
        r->pst = PE_ENOMEM;
        return;
    }
    if (r->tlen + len + 1 > r->tcap) {
        char *text =
            r->tlen + len + 1 <= UINT32_MAX
                ? pe_grow(r->text, &r->tcap, r->tlen + len + 1, 1, 4096)
                : NULL;

        if (!text) {
            r->pst = PE_ENOMEM;
            return;
        }
        r->text = text;
    }
    r->off[k] = (uint32_t)r->tlen;
    r->len[k] = (uint32_t)len;
    memcpy(r->text + r->tlen, src, len);
    r->text[r->tlen + len] = '\0';
    r->tlen += len + 1;
}

/* Field c of the record (trimmed when it was stored); "" when absent. */
static const char *field(const pe_long *r, int c)
{
    if (r->col[c] < 0 || (size_t)r->col[c] >= r->nf)
        return "";
    return r->text + r->off[r->col[c]];
}

/* Its length in bytes. */
static size_t field_len(const pe_long *r, int c)
{
    if (r->col[c] < 0 || (size_t)r->col[c] >= r->nf)
        return 0;
    return r->len[r->col[c]];
}

/* ------------------------------------------------------------ projects */

#if defined(__GNUC__)
__attribute__((format(PE_PRINTF_FORMAT, 4, 0)))
#endif
static void
project_verror(pe_long *r, long line, long col, const char *fmt, va_list ap)
{
    char ctx[160], ctx_zh[160];

    snprintf(ctx, sizeof ctx, "project %s", r->key ? r->key : "");
    snprintf(ctx_zh, sizeof ctx_zh, pe_message(PE_LANG_ZH, "project %s"),
             r->key ? r->key : "");
    if (!r->broken)
        pe_error_setv(&r->perr, r->name, line, col, ctx, ctx_zh, fmt, ap);
    r->broken = 1;
}

#if defined(__GNUC__)
__attribute__((format(PE_PRINTF_FORMAT, 3, 4)))
#endif
static void
project_error(pe_long *r, long line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    project_verror(r, line, 0, fmt, ap);
    va_end(ap);
}

#if defined(__GNUC__)
__attribute__((format(PE_PRINTF_FORMAT, 4, 5)))
#endif
static void
project_error_at(pe_long *r, long line, long col, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    project_verror(r, line, col, fmt, ap);
    va_end(ap);
}

/* Hand the item over: to the callback, scored first when the caller
 * asked for that, or to a piece's sink.  kind is the sink's
 * (PE_LONG_PROJECT, PE_LONG_CUT_KEY, PE_LONG_FILE_ERROR). */
static pe_status hand_over(pe_long *r, pe_long_item *it, int kind)
{
    pe_long_result res;

    it->result = NULL;
    if (r->o.scored || r->sink) {
        /* the project's own rules are the reader's */
        if (pe_long_score(it, NULL, &res) != PE_OK)
            return PE_ENOMEM;
        it->project = NULL;
        it->err = NULL;
        it->result = &res;
    }
    if (r->sink)
        return r->sink(r->sink_ctx, it, kind);
    return r->fn(r->ctx, it);
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
    st = hand_over(r, &it, r->key_cut ? PE_LONG_CUT_KEY : PE_LONG_PROJECT);
    if (st != PE_OK && r->st == PE_OK) {
        /* the callback has said why, in the caller's own error */
        r->st = st;
        r->cb_failed = 1;
    }
    drop_project(r);
}

/* An error that stops the file, handed over as a record of its own when
 * no project's record carries it: the output has it, and stays whole. */
static void deliver_error(pe_long *r, const char *key, const pe_error *e)
{
    pe_long_item it = {key, "", e->line, NULL, e, NULL};
    pe_status st = hand_over(r, &it, PE_LONG_FILE_ERROR);

    if (st != PE_OK && r->st == PE_OK) {
        r->st = st;
        r->cb_failed = 1;
    }
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
    pe_status st;

    if (!*s)
        return; /* given on the project's first row only, as usual */
    st = pe_number_cell(s, money, &v, &present);

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
        project_error(r, r->record_line,
                      "%s \"%s\" differs from the value above", label, s);
    }
}

static pe_status start_project(pe_long *r, const char *key, int cut)
{
    pe_project *p = r->spare;
    long before = 0;
    int oom = 0;

    if (p) {
        r->spare = NULL;
        r->indcap = r->spare_cap;
    } else {
        p = pe_project_new(r->name);
    }
    if (p)
        p->rules = r->o.rules; /* a callback may have set others */
    if (!p || !(r->key = pe_strdup_or_empty(key))) {
        pe_project_free(p);
        return PE_ENOMEM;
    }
    r->p = p;
    r->key_cut = cut;
    r->key_line = r->record_line;
    /* the findings are counted: the records show no more */
    p->count_only = r->o.scored || r->sink;
    if (p->money_unit)
        ; /* a recycled one: its texts are there */
    else if (!(p->name = pe_strdup_or_empty("")) ||
             !(p->dept_code = pe_strdup_or_empty("")) ||
             !(p->dept = pe_strdup_or_empty("")) ||
             !(p->unit = pe_strdup_or_empty("")) ||
             !(p->money_unit = pe_strdup_or_empty("万元")) ||
             !(p->goal = pe_strdup_or_empty("")) ||
             !(p->goal_actual = pe_strdup_or_empty("")) ||
             !(p->note = pe_strdup_or_empty("")) ||
             !(p->funds.total.name = pe_strdup_or_empty("年度资金总额")))
        return PE_ENOMEM;
    /* a key cut short is broken already, and a whole key of the same
     * text is another */
    if (!cut && !r->sink)
        before =
            pe_long_seen_add(&r->done, key, strlen(key), r->record_line, &oom);
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
static int cached_cell(pe_long *r, const char *s, size_t n, size_t row,
                       int which, pe_cell *out)
{
    cell_slot *slot, *memo;

    if (n >= CELL_TEXT)
        return pe_cell_parse(s, n, out) == PE_OK;
    if (!r->cache &&
        !(r->cache = calloc(CELL_CACHE + 2 * CELL_ROWS, sizeof *r->cache)))
        return 0;
    /* first the same row of the project before: a province's projects
     * follow one template, row by row */
    memo = &r->cache[CELL_CACHE + 2 * (row % CELL_ROWS) + (size_t)which];
    if (memo->text[0] && memcmp(memo->text, s, n + 1) == 0) {
        *out = memo->cell;
        return 1;
    }
    slot = &r->cache[fnv1a(s, n) & (CELL_CACHE - 1)];
    if (slot->text[0] && memcmp(slot->text, s, n + 1) == 0) {
        *out = slot->cell;
    } else {
        if (pe_cell_parse(s, n, out) != PE_OK)
            return 0;
        memcpy(slot->text, s, n + 1);
        slot->cell = *out;
    }
    *memo = *slot;
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
    {
        pe_indicator *g =
            pe_grow(p->ind, &r->indcap, p->nind + 1, sizeof *g, 32);

        if (!g)
            return PE_ENOMEM;
        p->ind = g;
    }
    ind = &p->ind[p->nind];
    memset(ind, 0, sizeof *ind);
    p->nind++;
    ind->line = r->record_line;
    {
        /* merged cells: a blank 一级/二级 continues the row above */
        static const enum col c6[6] = {C_L1,     C_L2,     C_L3,
                                       C_TARGET, C_ACTUAL, C_REASON};
        const char *t[6];
        size_t n[6], total = 0;
        char *block, *q, *txt[6] = {NULL, NULL, NULL, NULL, NULL, NULL};

        for (int k = 0; k < 6; k++) {
            t[k] = field(r, c6[k]);
            n[k] = field_len(r, c6[k]);
        }
        /* the 一级 and 二级 of the row above, shared when they are the
         * same: the scorer's groups then compare pointers */
        if (r->last1 && (!t[0][0] || (n[0] == strlen(r->last1) &&
                                      memcmp(t[0], r->last1, n[0]) == 0))) {
            int blank = !t[0][0];

            txt[0] = r->last1;
            if (r->last2 &&
                ((blank && !t[1][0]) || (n[1] == strlen(r->last2) &&
                                         memcmp(t[1], r->last2, n[1]) == 0)))
                txt[1] = r->last2;
        }
        for (int k = 0; k < 6; k++)
            total += txt[k] ? 0 : n[k] + 1;
        /* the row's texts in the project's arena: a province's file has
         * millions of rows, and they all go when the project does */
        if (!(block = pe_project_alloc(p, total)))
            return PE_ENOMEM;
        q = block;
        for (int k = 0; k < 6; k++) {
            if (txt[k])
                continue;
            memcpy(q, t[k], n[k]);
            q[n[k]] = '\0';
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
    /* the project's own texts, which live as long as it does */
    r->last1 = ind->level1;
    r->last2 = ind->level2;
    ind->cells_parsed = cached_cell(r, ind->target, field_len(r, C_TARGET),
                                    p->nind, 0, &ind->tcell) &&
                        cached_cell(r, ind->actual, field_len(r, C_ACTUAL),
                                    p->nind, 1, &ind->acell);
    if (!ind->name[0]) {
        project_error(r, r->record_line, "三级指标 is empty");
        return PE_OK;
    }
    st = pe_number_cell(w, 0, &weight.v, &weight.present);
    if (st != PE_OK || !weight.present) {
        project_error(r, r->record_line,
                      weight.present || st != PE_OK
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

/* The column of each label in a header's nf fields (text at off[k]), -1
 * when absent; the key is 项目名称 when there is no 项目编号. */
static void map_header(const char *text, const uint32_t *off, size_t nf,
                       int col[C_N])
{
    for (int c = 0; c < C_N; c++)
        col[c] = -1;
    for (size_t k = 0; k < nf; k++) {
        const char *s = text + off[k];

        if (k == 0 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        while (*s == ' ')
            s++;
        for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
            if (strcmp(s, labels[i].label) == 0 && col[labels[i].col] < 0)
                col[labels[i].col] = (int)k;
    }
    if (col[C_ID] < 0 && col[C_NAME] >= 0)
        col[C_ID] = col[C_NAME];
}

/* A file that stops here: its error for the caller, and as a record. */
static void stop_file(pe_long *r, const char *key)
{
    deliver_error(r, key, &r->cerr);
    if (r->st == PE_OK)
        r->st = PE_EDATA;
}

static pe_status read_header(pe_long *r)
{
    map_header(r->text, r->off, r->nf, r->col);
    if (r->col[C_ID] < 0 || r->col[C_L3] < 0 || r->col[C_TARGET] < 0 ||
        r->col[C_ACTUAL] < 0 || r->col[C_WEIGHT] < 0) {
        pe_error_set(&r->cerr, r->name, r->record_line, 0,
                     "not a long-format table: the header needs 项目编号 or "
                     "项目名称, 三级指标, 指标值, 实际完成值 and 分值");
        return PE_EDATA;
    }
    r->header_done = 1;
    r->header_line = r->record_line;
    r->header_nf = r->nf;
    return PE_OK;
}

/* Fields are trimmed as they are stored: a blank one is empty. */
static int record_empty(const pe_long *r, int any_text)
{
    if (r->rc->bad_line || r->rc->wide || r->rc->long_field || r->rc->key_cut)
        return 0;
    return !any_text;
}

/* One record, in file order, on the reader's side. */
static void process_record(pe_long *r, int any_text)
{
    const char *key;
    pe_status st = PE_OK;

    if (r->st != PE_OK)
        return;
    if (record_empty(r, any_text)) {
        r->skipped++;
        return;
    }
    if (!r->header_done) {
        if (r->rc->bad_line)
            pe_error_set(&r->cerr, r->name, r->rc->bad_line, r->rc->bad_col,
                         "not valid UTF-8 (byte 0x%02X)",
                         (unsigned)r->rc->bad_byte);
        if (r->rc->bad_line || read_header(r) != PE_OK)
            stop_file(r, "");
        return;
    }
    r->rows++;
    key = field(r, C_ID);
    if (key[0] &&
        (!r->key || strcmp(key, r->key) != 0 || r->rc->key_cut != r->key_cut)) {
        deliver(r);
        if (r->st != PE_OK ||
            (st = start_project(r, key, r->rc->key_cut)) != PE_OK)
            goto fail;
    } else if (!r->key) {
        pe_error_set(&r->cerr, r->name, r->record_line, 0,
                     "the first row has no project key");
        stop_file(r, "");
        return;
    }
    if (r->rc->bad_line && !r->rc->bad_byte)
        project_error_at(r, r->rc->bad_line, r->rc->bad_col,
                         "a NUL byte (0x00): binary data, not text");
    else if (r->rc->bad_line)
        project_error_at(r, r->rc->bad_line, r->rc->bad_col,
                         "not valid UTF-8 (byte 0x%02X)",
                         (unsigned)r->rc->bad_byte);
    if (r->rc->wide)
        project_error(r, r->record_line,
                      "%zu fields, more than the header's %zu (a text with a "
                      "comma must be in quotes)",
                      r->rc->wide, r->header_nf);
    if (r->rc->key_cut)
        project_error(r, r->record_line, "the key is longer than %zu bytes",
                      r->o.max_field);
    if (r->rc->long_field)
        project_error(r, r->record_line, "a field is longer than %zu bytes",
                      r->o.max_field);
    if (!r->broken)
        project_text(r, C_NAME, "项目名称", &r->p->name);
    if (r->broken)
        return;
    project_text(r, C_DEPT, "主管部门", &r->p->dept);
    project_text(r, C_UNIT, "实施单位", &r->p->unit);
    project_dec(r, C_INITIAL, "年初预算数", 1, &r->p->funds.total.initial,
                NULL);
    project_dec(r, C_BUDGET, "全年预算数", 1, &r->p->funds.total.budget, NULL);
    project_dec(r, C_EXEC, "全年执行数", 1, &r->p->funds.total.executed, NULL);
    project_dec(r, C_FWEIGHT, "资金分值", 0, &r->p->funds.weight,
                &r->p->funds.total.line);
    project_dec(r, C_FSCORE, "资金得分", 0, &r->p->funds.reported, NULL);
    project_dec(r, C_MAX, "总分值", 0, &r->p->reported_max, NULL);
    project_dec(r, C_TOTAL, "总分", 0, &r->p->reported_total, NULL);
    r->p->funds.present = r->p->funds.weight.present;
    if (!r->broken && (st = add_row(r)) != PE_OK)
        goto fail;
    return;
fail:
    r->st = st;
    if (st == PE_ENOMEM)
        pe_error_set(&r->cerr, r->name, r->record_line, 0, "out of memory");
}

/* The first record with text is the header: its width, the key's column
 * and the columns read are taken from it as it ends. */
static pe_status header_seen(pe_long *r, const rec *g, int any_text)
{
    int col[C_N];

    if (!g->bad_line && !any_text)
        return PE_OK; /* a blank record, skipped */
    map_header(r->text, r->off, r->nf, col);
    if (!(r->kept = calloc(r->nf ? r->nf : 1, 1)))
        return PE_ENOMEM;
    for (int c = 0; c < C_N; c++)
        if (col[c] >= 0)
            r->kept[col[c]] = 1;
    r->tk_header = 1;
    r->tk_width = r->nf;
    r->tk_key = col[C_ID];
    return PE_OK;
}

/* The end of a record: it is read at once. */
static void on_record(int c, void *data)
{
    pe_long *r = data;
    rec g = r->flags;
    size_t n = r->nfield;
    int any_text = r->any_text;

    (void)c;
    r->in_record = 0;
    memset(&r->flags, 0, sizeof r->flags);
    r->nfield = 0;
    r->any_text = 0;
    if (r->pst != PE_OK || n == 0) {
        r->tlen = 0; /* a line end with no record: a blank line */
        return;
    }
    if (r->tk_header && n > r->tk_width && !r->is_rows)
        g.wide = n; /* a worksheet's cells past it are not read */
    r->nf = r->tk_header ? (n < r->tk_width ? n : r->tk_width)
                         : (n < MAX_COLUMNS ? n : MAX_COLUMNS);
    if (!r->tk_header && header_seen(r, &g, any_text) != PE_OK) {
        r->pst = PE_ENOMEM;
        return;
    }
    r->record_line = r->start_line;
    r->rc = &g;
    process_record(r, any_text);
    r->rc = NULL;
    r->tlen = 0;
}

/* ------------------------------------------------------------ feeding */

/* Stop the stream: the reader's error (earlier in the file) wins over the
 * tokenizer's.  Returns the status for the caller, with err filled. */
static pe_status finish(pe_long *r, pe_error *err)
{
    r->ended = 1;
    if (r->st != PE_OK) {
        if (err && !r->cb_failed)
            *err = r->cerr;
        return r->st;
    }
    return r->pst;
}

/* The key of the record being read, when its key field has ended: a
 * copy, or NULL. */
static char *broken_key(const pe_long *r)
{
    if (!r->tk_header || r->tk_key < 0 || r->nfield <= (size_t)r->tk_key ||
        !r->off)
        return NULL;
    return pe_strdup_or_empty(r->text + r->off[r->tk_key]);
}

static pe_status parse_failed(pe_long *r, pe_error *err)
{
    int e = csv_error(&r->csv);
    char *key = broken_key(r);
    pe_status st = finish(r, err);
    pe_error why;

    if (st != PE_OK) {
        free(key);
        return st; /* the reader failed first, earlier in the file */
    }
    pe_error_set(&why, r->name, r->start_line, 0, "%s",
                 e == CSV_ENOMEM ? "out of memory"
                 : e == CSV_EPARSE
                     ? "malformed CSV: a quote is not closed or stray text "
                       "follows one"
                     : csv_strerror(e));
    /* Nothing is lost: the project that was being read when the file
     * broke is handed over as broken too, or, with none, the line that
     * broke it, so that the output says why it stops. */
    if (r->key) {
        project_error(r, r->start_line,
                      "its rows stop at line %ld, which cannot be read",
                      r->start_line);
        deliver(r);
    } else if (e != CSV_ENOMEM) {
        deliver_error(r, key ? key : "", &why);
    }
    free(key);
    r->pst = e == CSV_ENOMEM ? PE_ENOMEM : PE_EDATA;
    if (r->st != PE_OK && r->cb_failed)
        return r->st;
    if (err)
        *err = why;
    return r->pst;
}

static pe_status begin(pe_long *r, pe_long_fn fn, void *ctx)
{
    if (r->ended)
        return r->st != PE_OK ? r->st : r->pst != PE_OK ? r->pst : PE_EUSAGE;
    if (!r->fn) {
        r->fn = fn;
        r->ctx = ctx;
    }
    return PE_OK;
}

/* Characters (UTF-8 lead bytes, and bytes that are not UTF-8) in s[0..n). */
static long chars(const char *s, size_t n)
{
    long c = 0;

    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* The column of the byte at p, in the bytes being fed. */
static long column(const pe_long *r, const char *p)
{
    if (r->line_at)
        return chars(r->line_at, (size_t)(p - r->line_at)) + 1;
    return r->line_chars + chars(r->fed, (size_t)(p - r->fed)) + 1;
}

/* The first byte of the record that is not text: at `at`, or (at NULL)
 * where u_line and u_col say. */
static void bad_byte(pe_long *r, const char *at, unsigned char byte)
{
    if (r->flags.bad_line)
        return;
    r->flags.bad_byte = byte;
    if (at) {
        r->flags.bad_line = r->line + 1;
        r->flags.bad_col = column(r, at);
    } else {
        r->flags.bad_line = r->u_line;
        r->flags.bad_col = r->u_col;
    }
}

/* Word-at-a-time tests: the bytes of w that are zero, as high bits (the
 * lowest one exact: a borrow reaches only the bytes above it), which on a
 * little-endian machine is the first in memory.  Elsewhere the byte paths
 * alone run. */
#define ONES 0x0101010101010101u
#define HIGH 0x8080808080808080u
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORDS 1
#else
#define WORDS 0
#endif

static uint64_t zero_bytes(uint64_t w)
{
    return (w - ONES) & ~w & HIGH;
}

/*
 * How many of the n bytes at s are whole UTF-8 characters, none of them
 * NUL: the rules of pe_utf8_valid_prefix() (no overlong form, no
 * surrogate, nothing past U+10FFFF), fast enough to run over every byte
 * of a province's file: a run of ASCII eight bytes at a time, a run of
 * three-byte characters (Chinese) in a loop of its own; it stops at the
 * first byte that is wrong, which check_text() then places.
 */
static size_t text_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned c = u[i];

        if (c < 0x80) {
            if (WORDS && n - i >= 8) {
                uint64_t w, hi, z;
                size_t k;

                memcpy(&w, u + i, 8);
                hi = w & HIGH;
                k = hi ? (size_t)__builtin_ctzll(hi) / 8 : 8;
                z = zero_bytes(w);
                if (z && (size_t)__builtin_ctzll(z) / 8 < k)
                    return i + (size_t)__builtin_ctzll(z) / 8; /* a NUL */
                i += k;
                continue;
            }
            if (!c)
                break;
            i++;
        } else if ((c & 0xF0) == 0xE0) {
            /* the second byte's range by the first: A0-BF after E0 (no
             * overlong form), 80-9F after ED (no surrogate), else 80-BF */
            static const unsigned char lo[16] = {
                0xA0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};
            static const unsigned char span[16] = {
                0x1F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F,
                0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x1F, 0x3F, 0x3F};

            do {
                unsigned b1, b2;

                if (n - i < 3)
                    return i;
                b1 = u[i + 1];
                b2 = u[i + 2];
                if ((unsigned)(b1 - lo[c & 15]) > span[c & 15] ||
                    (b2 & 0xC0) != 0x80)
                    return i;
                i += 3;
            } while (i < n && ((c = u[i]) & 0xF0) == 0xE0);
        } else if (c >= 0xC2 && c <= 0xDF) {
            if (n - i < 2 || (u[i + 1] & 0xC0) != 0x80)
                break;
            i += 2;
        } else if (c >= 0xF0 && c <= 0xF4) {
            if (n - i < 4 || (u[i + 1] & 0xC0) != 0x80 ||
                (u[i + 2] & 0xC0) != 0x80 || (u[i + 3] & 0xC0) != 0x80 ||
                (c == 0xF0 && u[i + 1] < 0x90) ||
                (c == 0xF4 && u[i + 1] >= 0x90))
                break;
            i += 4;
        } else {
            break;
        }
    }
    return i;
}

/*
 * Check a piece of one line for NUL bytes and bytes that are not UTF-8,
 * byte by byte, before libcsv reads it: the record it falls in is then
 * broken, with the line and column of the byte.  A character may go on
 * into the next piece.  Only the pieces that text_prefix() stopped in
 * come here.
 */
static void check_text(pe_long *r, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned c = u[i];

        if (!r->u_need) {
            i++;
            if (c - 1u < 0x7Fu)
                continue; /* ASCII, not NUL */
            r->u_lead = (unsigned char)c;
            r->u_at = s + i - 1;
            if (c >= 0xC2 && c <= 0xDF)
                r->u_need = 1, r->u_cp = c & 0x1F, r->u_min = 0x80;
            else if (c >= 0xE0 && c <= 0xEF)
                r->u_need = 2, r->u_cp = c & 0x0F, r->u_min = 0x800;
            else if (c >= 0xF0 && c <= 0xF4)
                r->u_need = 3, r->u_cp = c & 0x07, r->u_min = 0x10000;
            else
                bad_byte(r, s + i - 1, (unsigned char)c); /* NUL too */
            continue;
        }
        if ((c & 0xC0) != 0x80) {
            /* cut short: c starts afresh */
            bad_byte(r, r->u_at, r->u_lead);
            r->u_need = 0;
            continue;
        }
        r->u_cp = (r->u_cp << 6) | (c & 0x3F);
        i++;
        if (--r->u_need == 0 && (r->u_cp < r->u_min || r->u_cp > 0x10FFFF ||
                                 (r->u_cp >= 0xD800 && r->u_cp <= 0xDFFF)))
            bad_byte(r, r->u_at, r->u_lead);
    }
}

/* The first d in [p, end), or end: eight bytes at a time. */
static const char *find_delim(const char *p, const char *end, char d)
{
    const uint64_t dd = ONES * (unsigned char)d;

    while (WORDS && end - p >= 8) {
        uint64_t w, z;

        memcpy(&w, p, 8);
        if ((z = zero_bytes(w ^ dd)))
            return p + __builtin_ctzll(z) / 8;
        p += 8;
    }
    while (p < end && *p != d)
        p++;
    return p;
}

/* Field k of a line cut in place: [a, b) trimmed and ended with a NUL. */
static void cut_field(pe_long *r, char *t, char *a, char *b, size_t k, int tab)
{
    while (a < b && (*a == ' ' || (*a == '\t' && tab)))
        a++;
    while (b > a && (b[-1] == ' ' || (b[-1] == '\t' && tab)))
        b--;
    if (k < r->tk_width) {
        *b = '\0';
        r->off[k] = (uint32_t)(a - t);
        r->len[k] = (uint32_t)(b - a);
        r->any_text |= b != a;
    }
}

/*
 * A line after the header, all text, no field past the limit: copied
 * once into the record's text and cut there, each field ended by a NUL
 * where its delimiter (or its first trailing space) was.  The delimiters
 * are found eight bytes at a time, as a mask of them.
 */
static void split_in_place(pe_long *r, const char *s, size_t n, char d, int tab)
{
    const uint64_t dd = ONES * (unsigned char)d;
    char *t, *from;
    size_t k = 0, i = 0;

    if (n + 1 > r->tcap) {
        char *g = pe_grow(r->text, &r->tcap, n + 1, 1, 4096);

        if (!g) {
            r->pst = PE_ENOMEM;
            return;
        }
        r->text = g;
    }
    t = r->text;
    memcpy(t, s, n);
    t[n] = '\0';
    from = t;
    for (; WORDS && n - i >= 8; i += 8) {
        uint64_t w, x, m;

        memcpy(&w, s + i, 8);
        x = w ^ dd;
        /* exact: a high bit for each byte that is the delimiter */
        m = ~(((x & ~HIGH) + ~HIGH) | x) & HIGH;
        while (m) {
            char *q = t + i + (size_t)__builtin_ctzll(m) / 8;

            m &= m - 1;
            cut_field(r, t, from, q, k++, tab);
            from = q + 1;
        }
    }
    for (; i < n; i++)
        if (s[i] == d) {
            cut_field(r, t, from, t + i, k++, tab);
            from = t + i + 1;
        }
    cut_field(r, t, from, t + n, k, tab);
    r->tlen = n + 1;
    r->nfield = k + 1;
}

/*
 * A line with no quote in it, as libcsv (CSV_STRICT, CSV_REPALL_NL) would
 * give it when it starts no record of its own: fields between
 * delimiters, spaces and tabs around them dropped, and none at all when
 * the line is blank or spaces.  s[0..n) is the line without its end.
 * Every other line goes through libcsv.
 */
static void split_plain(pe_long *r, const char *s, size_t n)
{
    const char *end = s + n, *p = s;
    char d = r->o.delimiter ? r->o.delimiter : ',';
    int tab = d != '\t'; /* a tab is a space unless it divides */

    while (p < end && (*p == ' ' || (*p == '\t' && tab)))
        p++;
    if (p == end)
        return; /* a blank line: no record */
    if (r->tk_header && !r->flags.bad_line && n <= field_cap(r) &&
        n <= UINT32_MAX - 1 && r->offcap >= r->tk_width) {
        split_in_place(r, s, n, d, tab);
        return;
    }
    p = s;
    for (;;) {
        const char *q = find_delim(p, end, d), *a, *b;

        a = p;
        b = q;
        while (a < b && (*a == ' ' || (*a == '\t' && tab)))
            a++;
        while (b > a && (b[-1] == ' ' || (b[-1] == '\t' && tab)))
            b--;
        r->over = 0;
        on_field((void *)(uintptr_t)a, (size_t)(b - a), r);
        if (q == end)
            break;
        p = q + 1;
    }
}

pe_status pe_long_feed(pe_long *r, const char *buf, size_t len, pe_long_fn fn,
                       void *ctx, pe_error *err)
{
    pe_status st = begin(r, fn, ctx);

    if (st != PE_OK)
        return st;
    /* bytes before ok are whole characters, checked at once */
    const char *ok = buf;

    r->fed = buf;
    r->line_at = r->line_chars ? NULL : buf;
    /* One physical line at a time, so that every record knows the line it
     * began on: libcsv itself reports no positions. */
    while (len) {
        size_t lim = len < PIECE ? len : PIECE;
        const char *nl = memchr(buf, '\n', lim);
        size_t n = nl ? (size_t)(nl - buf) + 1 : lim;
        const char *cr = memchr(buf, '\r', n);

        /* a bare CR (old Mac Excel) ends a line too; CRLF is one end */
        if (cr && (size_t)(cr - buf) + 1 < n && cr[1] != '\n') {
            n = (size_t)(cr - buf) + 1;
            nl = cr;
        } else if (cr && !nl && (size_t)(cr - buf) + 1 == n) {
            nl = cr; /* a chunk that ends in CR: its LF may come next */
        }
        if (!r->in_record) {
            r->start_line = r->line + 1;
            r->in_record = 1;
        }
        if (!r->u_need && buf >= ok)
            ok = buf + text_prefix(buf, len);
        if (buf + n > ok)
            check_text(r, buf, n);
        /* a whole line outside any record, with no quote: split here, as
         * libcsv would (its state is the one a line end leaves) */
        if (nl && r->csv.pstate == 0 && r->csv.entry_pos == 0 &&
            !memchr(buf, '"', n)) {
            size_t body = (size_t)(nl - buf);

            if (*nl == '\n' && body && buf[body - 1] == '\r')
                body--;
            split_plain(r, buf, body);
            on_record(*nl, r);
        } else {
            if (csv_parse(&r->csv, buf, n, on_field, on_record, r) != n)
                return parse_failed(r, err);
            trim_field(r);
        }
        if (r->pst != PE_OK || r->st != PE_OK)
            return finish(r, err);
        if (nl && !(r->after_cr && n == 1 && buf[0] == '\n'))
            r->line++;
        if (nl)
            r->line_at = buf + n;
        r->after_cr = buf[n - 1] == '\r';
        buf += n;
        len -= n;
    }
    /* a line that goes on into the next call: its characters so far, and
     * where a character cut at the end begins */
    if (r->u_need && r->u_at) {
        r->u_line = r->line + 1;
        r->u_col = column(r, r->u_at);
        r->u_at = NULL;
    }
    r->line_chars = column(r, buf) - 1;
    r->line_at = NULL;
    return PE_OK;
}

pe_status pe_long_feed_row(pe_long *r, long line, const char *const *cells,
                           size_t n, pe_long_fn fn, void *ctx, pe_error *err)
{
    pe_status st = begin(r, fn, ctx);

    if (st != PE_OK)
        return st;
    r->start_line = line;
    r->line = line;
    r->in_record = 1;
    r->is_rows = 1;
    /* a cell that is not UTF-8 is placed by its row and column */
    for (size_t i = 0; i < n && !r->flags.bad_line; i++) {
        size_t k = strlen(cells[i]), ok = pe_utf8_valid_prefix(cells[i], k);

        if (ok < k) {
            r->flags.bad_line = line;
            r->flags.bad_col = (long)i + 1;
            r->flags.bad_byte = (unsigned char)cells[i][ok];
        }
    }
    /* the same path a CSV record takes: fields, then its end */
    for (size_t i = 0; i < n && r->pst == PE_OK; i++)
        on_field((void *)(uintptr_t)cells[i], strlen(cells[i]), r);
    on_record(0, r);
    if (r->pst != PE_OK || r->st != PE_OK)
        return finish(r, err);
    return PE_OK;
}

pe_status pe_long_end(pe_long *r, pe_long_fn fn, void *ctx, pe_error *err)
{
    pe_status st = begin(r, fn, ctx);

    if (st != PE_OK)
        return st;
    if (r->u_need) { /* the file ends inside a character */
        bad_byte(r, NULL, r->u_lead);
        r->u_need = 0;
    }
    if (csv_fini(&r->csv, on_field, on_record, r) != 0)
        return parse_failed(r, err);
    if ((st = finish(r, err)) != PE_OK) {
        if (st == PE_ENOMEM && r->st == PE_OK)
            pe_error_set(err, r->name, 0, 0, "out of memory");
        return st;
    }
    if (!r->header_done) {
        pe_error_set(err, r->name, 0, 0, "%s",
                     r->rows || r->skipped ? "no header row"
                                           : "the file is empty");
        return PE_EDATA;
    }
    deliver(r);
    if (r->st != PE_OK && !r->cb_failed)
        *err = r->cerr;
    return r->st;
}

/* ------------------------------------------------------------ pieces */

pe_status pe_long_piece_begin(pe_long *r, const pe_long *head, long line,
                              pe_long_sink sink, void *ctx)
{
    r->sink = sink;
    r->sink_ctx = ctx;
    r->line = line;
    if (!head)
        return PE_OK;
    if (!(r->kept = malloc(head->tk_width ? head->tk_width : 1)) ||
        field_room(r, head->tk_width) != PE_OK)
        return PE_ENOMEM;
    memcpy(r->kept, head->kept, head->tk_width);
    r->tk_header = 1;
    r->tk_width = head->tk_width;
    r->tk_key = head->tk_key;
    r->header_done = 1;
    r->header_line = head->header_line;
    r->header_nf = head->header_nf;
    memcpy(r->col, head->col, sizeof r->col);
    return PE_OK;
}

int pe_long_header_read(const pe_long *r)
{
    return r->header_done && r->st == PE_OK && r->pst == PE_OK;
}

int pe_long_key_column(const pe_long *r)
{
    return r->tk_key;
}

size_t pe_long_width(const pe_long *r)
{
    return r->tk_width;
}

pe_status pe_long_piece_status(const pe_long *r)
{
    return r->st != PE_OK ? r->st : r->pst;
}

int pe_long_piece_cut(const pe_long *r, const char *key, size_t klen)
{
    if (r->in_record || r->csv.pstate != 0 || r->csv.entry_pos != 0 ||
        r->u_need || !r->header_done)
        return 0;
    /* the next record starts a project of its own: its key is another */
    return !r->key || r->key_cut || strlen(r->key) != klen ||
           memcmp(r->key, key, klen) != 0;
}

pe_status pe_long_piece_close(pe_long *r, pe_error *err)
{
    pe_status st = finish(r, err);

    if (st != PE_OK)
        return st;
    deliver(r);
    if (r->st != PE_OK && !r->cb_failed)
        *err = r->cerr;
    return r->st;
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

/* ------------------------------------------------------------ scoring */

/* Drop a character cut in two at the end of s: a message cut to fit its
 * buffer must still be UTF-8. */
static void cut_whole(char *s)
{
    size_t n = strlen(s), i = n, need;
    unsigned char c;

    while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    c = (unsigned char)s[i - 1];
    need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (need > 1 && n - (i - 1) < need)
        s[i - 1] = '\0';
}

pe_status pe_long_score(const pe_long_item *it, const pe_rules *rules,
                        pe_long_result *res)
{
    pe_error err;
    const pe_error *why = it->err;

    if (it->result) {
        /* scored already, by the reader's rules */
        *res = *it->result;
        res->key = it->key;
        res->name = it->name;
        res->line = it->line;
        return PE_OK;
    }
    memset(res, 0, sizeof *res);
    res->key = it->key;
    res->name = it->name;
    res->line = it->line;
    res->grade = "";
    if (it->project) {
        pe_project *p = it->project;

        if (rules)
            pe_project_set_rules(p, rules);
        if (pe_project_score(p, &err) != PE_OK) {
            why = &err;
        } else {
            for (size_t i = 0; i < pe_project_nfindings(p); i++) {
                pe_severity sev = pe_project_finding(p, i)->severity;
                res->errors += sev == PE_SEV_ERROR;
                res->warnings += sev == PE_SEV_WARNING;
            }
            /* and those only counted (a reader's, scored as it reads) */
            res->errors += p->counted[PE_SEV_ERROR];
            res->warnings += p->counted[PE_SEV_WARNING];
            res->scored = 1;
            res->total = pe_project_total(p);
            res->grade = pe_project_grade(p);
        }
    }
    if (why) {
        pe_error_format(why, res->error, sizeof res->error);
        cut_whole(res->error);
    }
    return PE_OK;
}

const pe_long_opts *pe_long_options(const pe_long *r)
{
    return &r->o;
}

const char *pe_long_name(const pe_long *r)
{
    return r->name;
}

void pe_long_dup_result(const pe_long *r, const char *key, long line,
                        long before, pe_long_result *res)
{
    pe_long *t = calloc(1, sizeof *t);
    pe_long_item it = {key, "", line, NULL, NULL, NULL};

    memset(res, 0, sizeof *res);
    res->key = key;
    res->name = "";
    res->line = line;
    res->grade = "";
    if (!t) {
        snprintf(res->error, sizeof res->error, "%s: out of memory", r->name);
        return;
    }
    /* the words a reader reading the whole file says (start_project) */
    t->name = r->name;
    t->key = (char *)(uintptr_t)key;
    project_error(t, line,
                  "the key appears again; its rows began at line %ld and "
                  "were already scored",
                  before);
    it.err = &t->perr;
    if (pe_long_score(&it, NULL, res) != PE_OK)
        res->error[0] = '\0'; /* it has no other failure */
    free(t);
}

void pe_long_pass_cache(pe_long *from, pe_long *to)
{
    if (!to->cache) {
        to->cache = from->cache;
        from->cache = NULL;
    }
}
