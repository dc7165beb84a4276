/*
 * One call for one table file (perfeval.h, "One call"): what `perfeval
 * score FILE` decides before it prints, in the library, so that a program
 * or a Python script gets the same total the tool prints.  The tool's
 * score, report, rules and diff go through it, and check reads each file
 * through the same functions (check_run.c).  The rules come from, in this
 * order (docs/rules.md, "A table without a rules file"): the caller,
 * FILE's own NAME.rules.json beside it, the table's own (a project file's
 * "rules", a workbook's hidden sheet), else the table's printed numbers.
 */
#include "project.h"
#include "run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a sentence of the catalogue, given as data (tools/po-update.sh) */
#define N_(s) s

int pe_rules_beside(const char *path, char *side, size_t n)
{
    const char *slash = NULL, *dot = strrchr(path, '.');
    size_t stem;

    for (const char *c = path; *c; c++)
        if (pe_os_is_sep((unsigned char)*c))
            slash = c;
    stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);

    if (strcmp(path, "-") == 0 || stem + sizeof ".rules.json" > n)
        return 0;
    memcpy(side, path, stem);
    memcpy(side + stem, ".rules.json", sizeof ".rules.json");
    return 1;
}

void pe_run_say(const pe_score_opts *o, const char *fmt, ...)
{
    char text[2048];
    va_list ap;

    if (!o->say)
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, pe_message(o->lang, fmt), ap);
    va_end(ap);
    o->say(o->say_ctx, text);
}

int pe_run_fail(const pe_score_opts *o, const pe_error *err, pe_status st)
{
    char text[1024];

    if (o->say) {
        /* every error has words: a library failure that gave none says
         * what kind it was */
        if (!err->msg[0])
            snprintf(text, sizeof text, "%s%s%s", err->file,
                     err->file[0] ? ": " : "",
                     pe_message(o->lang, pe_strerror(st)));
        else
            pe_error_format_lang(err, o->lang, text, sizeof text);
        o->say(o->say_ctx, text);
    }
    return st == PE_EDATA || st == PE_ERANGE ? PE_VERDICT_DATA
                                             : PE_VERDICT_USAGE;
}

int pe_verdict_worse(int a, int b)
{
    return a > b ? a : b;
}

static size_t max_file(const pe_score_opts *o)
{
    return o->max_file ? o->max_file : (size_t)1 << 30;
}

pe_status pe_run_rules(const pe_score_opts *o, pe_rules *r,
                       const pe_rules **use, pe_error *err)
{
    pe_status st = PE_OK;

    *use = o->rules_set;
    if (!*use && o->rules &&
        (st = pe_rules_load(o->rules, max_file(o), r, err)) == PE_OK)
        *use = r;
    return st;
}

int pe_run_same_file(const char *path, const pe_os_info *sb)
{
    pe_os_info in;

    return strcmp(path, "-") != 0 && pe_os_stat(path, &in) == 0 &&
           pe_os_same_file(&in, sb);
}

/*
 * A CSV file carries no rules, so they may stand beside it: t.csv is
 * scored by t.rules.json when there is one (and no rules given).  Said,
 * so that nobody wonders where a truncation rule came from.
 */
static pe_status sidecar_rules(const pe_score_opts *o, const char *path,
                               pe_project *p, pe_error *err, int *found)
{
    char side[4096];
    pe_os_info out;
    pe_rules r;
    pe_status st;

    if (!pe_rules_beside(path, side, sizeof side) || !pe_os_exists(side))
        return PE_OK;
    /* `perfeval rules t.csv > t.rules.json`: the shell made the file
     * standard output writes, empty, before perfeval ran; it is the
     * output, not the table's rules */
    if (pe_os_fstat(PE_OS_STDOUT, &out) == 0 && out.kind == PE_OS_FILE &&
        pe_run_same_file(side, &out))
        return PE_OK;
    if ((st = pe_rules_load(side, max_file(o), &r, err)) != PE_OK)
        return st;
    pe_project_set_rules(p, &r);
    *found = 1;
    if (!o->quiet)
        pe_run_say(o, "%s: scored by the rules in %s", path, side);
    return PE_OK;
}

/* How the rules were inferred, in the run's language: the note's own
 * words, or the Chinese of the "rules" finding that carries it. */
static const char *rules_note(const pe_score_opts *o, const pe_project *p)
{
    for (size_t i = 0; o->lang == PE_LANG_ZH && i < pe_project_nfindings(p);
         i++) {
        const pe_finding *f = pe_project_finding(p, i);

        if (strcmp(f->code, "rules") == 0)
            return f->msg_zh && f->msg_zh[0] ? f->msg_zh : f->msg;
    }
    return pe_project_rules_note(p);
}

pe_status pe_run_rule_and_score(const pe_score_opts *o, const char *path,
                                const char *name, int can_sidecar,
                                pe_project *p, pe_error *err)
{
    const pe_rules *rules = o->rules_set;
    pe_status st = PE_OK;
    int sidecar = 0;

    if (rules)
        pe_project_set_rules(p, rules);
    else if (can_sidecar && !pe_project_has_rules(p))
        st = sidecar_rules(o, path, p, err, &sidecar);
    else if (pe_project_has_rules(p) && strcmp(name, path) != 0 && !o->quiet)
        /* a workbook's table (path:sheet) with rules: its hidden sheet's,
         * which the clerk cannot see on the form */
        pe_run_say(o,
                   "%s: scored by the rules in the workbook's hidden sheet "
                   "\"perfeval\" (%s)",
                   name, pe_project_rules(p)->name);
    if (st == PE_OK && !rules && !sidecar && !pe_project_has_rules(p)) {
        st = pe_project_infer_rules(p, err);
        /* a review lists it among the findings */
        if (st == PE_OK && !o->quiet && !o->review &&
            strcmp(pe_project_rules(p)->name, PE_RULES_INFERRED) == 0) {
            char text[2048];

            /* the note is in the run's language already */
            snprintf(text, sizeof text, "%s: %s", name, rules_note(o, p));
            if (o->say)
                o->say(o->say_ctx, text);
        }
    }
    return st == PE_OK ? pe_project_score(p, err) : st;
}

/* ------------------------------------------------- the long format */

/* The long format's results, one record per project, as they come. */
typedef struct long_out {
    const pe_score_opts *o;
    pe_buf buf;
    pe_error *err;
    pe_long_tally t;
    int verdict;
} long_out;

static pe_status flush_long(long_out *L, int force)
{
    pe_status st = PE_OK;

    if (L->buf.len && (force || L->buf.len >= 65536)) {
        st = pe_sink_write(L->o->records, L->buf.data, L->buf.len, L->err);
        L->buf.len = 0;
    }
    return st;
}

static pe_status long_project(void *ctx, const pe_long_item *it)
{
    long_out *L = ctx;
    const pe_score_opts *o = L->o;
    pe_long_result res;
    pe_status st = pe_long_score(it, o->rules_set, &res);

    if (st != PE_OK)
        return st;
    L->t.projects++;
    if (!res.scored) {
        L->t.broken++;
        L->verdict = pe_verdict_worse(L->verdict, PE_VERDICT_DATA);
    } else {
        L->t.errors += res.errors;
        L->t.warnings += res.warnings;
        if (o->review && (res.errors || (o->strict && res.warnings)))
            L->verdict = pe_verdict_worse(L->verdict, PE_VERDICT_FINDINGS);
    }
    if ((st = pe_render_long_record(&L->buf, o->records_format, &res,
                                    L->t.projects == 1)) != PE_OK)
        return st;
    return flush_long(L, 0);
}

/* Start a long-format run's output (header, opening bracket). */
static pe_status long_begin(void *ctx)
{
    long_out *L = ctx;

    return pe_render_long_begin(&L->buf, L->o->records_format);
}

/* The run's options for reading one file; the long format's records go
 * to L. */
static void file_opts(const pe_score_opts *o, int allow_long, long_out *L,
                      pe_file_opts *fo)
{
    pe_file_opts_default(fo);
    fo->encoding = o->encoding;
    fo->delimiter = o->delimiter;
    fo->sheet = o->sheet;
    fo->max_file = max_file(o);
    fo->max_cells = o->max_cells;
    fo->max_unpacked = o->max_unpacked;
    fo->allow_long = allow_long;
    fo->long_refusal_names_file =
        o->long_refusal ? o->long_refusal_names_file : 1;
    fo->long_refusal = o->long_refusal
                           ? o->long_refusal
                           : N_("a long-format table holds many projects: "
                                "check it with perfeval check (pe_long_* in "
                                "the library)");
    if (o->max_field)
        fo->long_opts.max_field = o->max_field;
    if (o->max_rows)
        fo->long_opts.max_rows = o->max_rows;
    if (o->threads)
        fo->long_opts.threads = o->threads;
    if (o->rules_set)
        fo->long_opts.rules = *o->rules_set;
    fo->long_start = long_begin;
    fo->long_project = long_project;
    fo->ctx = L;
}

/* After a long-format stream: the output closed (also after a broken
 * line: JSON stays JSON), the verdict into *verdict. */
static pe_status long_done(long_out *L, pe_status st, int *verdict)
{
    pe_status fst;

    if (st == PE_OK || st == PE_EDATA) {
        fst = pe_render_long_end(&L->buf, L->o->records_format, &L->t,
                                 !L->o->quiet);
        if (fst == PE_OK)
            fst = flush_long(L, 1);
        if (fst != PE_OK)
            st = fst;
    } else if ((fst = flush_long(L, 1)) != PE_OK) {
        st = fst;
    }
    pe_buf_free(&L->buf);
    *verdict =
        st == PE_OK
            ? L->verdict
            : pe_verdict_worse(L->verdict, st == PE_EDATA ? PE_VERDICT_DATA
                                                          : PE_VERDICT_USAGE);
    return st;
}

pe_status pe_run_stream_book(const pe_score_opts *o, pe_book *b, size_t i,
                             int *verdict, pe_error *err)
{
    long_out L = {.o = o, .err = err, .verdict = PE_VERDICT_OK};
    pe_file_opts fo;

    file_opts(o, 1, &L, &fo);
    return long_done(&L, pe_file_stream_book(b, i, &fo, err), verdict);
}

/* ----------------------------------------------------- one table */

/* "N tables in this file (a, b, c): choose one ..." into err. */
static pe_status several_tables(const char *path, const pe_book *b,
                                pe_error *err)
{
    char list[600] = "";

    for (size_t i = 0, k = 0; i < pe_book_count(b) && k + 4 < sizeof list;
         i++) {
        const char *n = pe_book_table_name(b, i);
        const char *colon = strrchr(n, ':');

        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "",
                              colon ? colon + 1 : n);
    }
    memset(err, 0, sizeof *err);
    /* a long list of sheets is cut, on purpose */
    pe_error_set(err, path, 0, 0,
                 "%zu tables in this file (%.*s): choose one with --sheet "
                 "NAME or N (1 to %zu), or check them all with perfeval check",
                 pe_book_count(b), 280, list, pe_book_count(b));
    return PE_EUSAGE;
}

/* The one table of a workbook or document that score, diff and rules
 * take: loaded and scored into *out, or, a long-format one, streamed. */
static pe_status one_of_book(const pe_score_opts *o, const char *path,
                             pe_book *b, int allow_long, pe_project **out,
                             int *verdict, pe_error *err)
{
    pe_status st;

    if (pe_book_count(b) > 1)
        return several_tables(path, b, err);
    if (pe_book_count(b) == 0) {
        pe_error_set(err, path, 0, 0, "no 附件1 table in this file");
        return PE_EDATA;
    }
    if (pe_book_table_is_long(b, 0)) {
        long_out L = {.o = o, .err = err};
        pe_file_opts fo;

        if (!allow_long) {
            file_opts(o, 0, &L, &fo);
            memset(err, 0, sizeof *err);
            snprintf(err->file, sizeof err->file, "%s",
                     fo.long_refusal_names_file ? path : "");
            snprintf(err->msg, sizeof err->msg, "%s", fo.long_refusal);
            return PE_EUSAGE;
        }
        return pe_run_stream_book(o, b, 0, verdict, err);
    }
    if ((st = pe_book_table_load(b, 0, out, err)) != PE_OK)
        return st;
    st = pe_run_rule_and_score(o, path, pe_book_table_name(b, 0), 1, *out, err);
    if (st != PE_OK) {
        pe_project_free(*out);
        *out = NULL;
    }
    return st;
}

pe_status pe_run_read(const pe_score_opts *o, const char *path, int allow_long,
                      pe_project **out, pe_book **book, pe_buf *bytes,
                      int *verdict, pe_error *err)
{
    long_out L = {.o = o, .err = err, .verdict = PE_VERDICT_OK};
    pe_file_opts fo;
    pe_file f;
    pe_status st;

    *out = NULL;
    *verdict = -1;
    if (book)
        *book = NULL;
    file_opts(o, allow_long, &L, &fo);
    st = pe_file_read(path, &fo, &f, err);
    if (f.kind == PE_FILE_LONG)
        return long_done(&L, st, verdict);
    if (st == PE_OK && f.kind == PE_FILE_BOOK) {
        if (book) {
            /* the caller frees the bytes after the book */
            *book = f.book;
            *bytes = f.bytes;
            return PE_OK;
        }
        st = one_of_book(o, path, f.book, allow_long, out, verdict, err);
        pe_file_free(&f);
        return st;
    }
    if (st == PE_OK) {
        *out = f.project;
        f.project = NULL;
        if (f.transcoded && !o->quiet)
            pe_run_say(o, "%s: not UTF-8, read as %s", path,
                       pe_encoding_name(f.encoding_used));
        /* a CSV table carries no rules of its own: beside it, or read off
         * its own numbers */
        st = pe_run_rule_and_score(o, path, path, f.delimiter_used != 0, *out,
                                   err);
    }
    pe_file_free(&f);
    if (st != PE_OK) {
        pe_project_free(*out);
        *out = NULL;
    }
    return st;
}

pe_status pe_score_file_ex(const char *path, const pe_score_opts *opts,
                           pe_project **out, pe_score_info *info, pe_error *err)
{
    pe_score_opts run = {0};
    pe_rules rules;
    pe_status st;
    int verdict = -1;

    *out = NULL;
    if (opts)
        run = *opts;
    if ((st = pe_run_rules(&run, &rules, &run.rules_set, err)) == PE_OK)
        st = pe_run_read(&run, path, run.records != NULL, out, NULL, NULL,
                         &verdict, err);
    if (info) {
        info->streamed = verdict >= 0;
        info->verdict = verdict >= 0 ? verdict : PE_VERDICT_OK;
    }
    return st;
}

pe_status pe_score_file(const char *path, const pe_score_opts *opts,
                        pe_project **out, pe_error *err)
{
    return pe_score_file_ex(path, opts, out, NULL, err);
}
