/*
 * A review of many files (`perfeval check`, perfeval.h "runs of files"):
 * each file read and scored as pe_score_file() does (score_file.c), the
 * tables of a workbook one by one, a report against its table, and what
 * the run writes: the findings with their closing counts, or one record
 * per table (--summary), streamed or written whole, checked by a pool of
 * threads that hands the records over in input order.  The verdicts are
 * the command's exit codes (pe_verdict).
 */
#include "run.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A message marked for the catalogue, looked up when it is said. */
#define N_(s) s

/* Keep the first failure of a series of appends. */
static void keep(pe_status *st, pe_status s)
{
    if (*st == PE_OK)
        *st = s;
}

static pe_check_format check_format(const char *name)
{
    return strcmp(name, "json") == 0  ? PE_CHECK_JSON
           : strcmp(name, "csv") == 0 ? PE_CHECK_CSV
                                      : PE_CHECK_TABLE;
}

/* What check counts: files named, tables in them (a workbook may hold
 * several), the ones that could not be loaded, and the findings. */
typedef struct tally {
    size_t files, tables, failed, errors, warnings, infos;
    pe_status st;      /* the first failure to build the output (memory) */
    pe_summary *sum;   /* --summary: the records, NULL otherwise */
    size_t listed;     /* findings written (--severity leaves some out) */
    size_t written;    /* --summary records written and let go */
    const char *path;  /* the file being checked */
    const char *rules; /* --rules as given, for the records */
    int strict;
} tally;

/* The sheet part of a table's name "path:sheet", "" for a file's one
 * table. */
static const char *sheet_of(const char *path, const char *name)
{
    size_t n = strlen(path);

    return strncmp(name, path, n) == 0 && name[n] == ':' ? name + n + 1 : "";
}

/* --summary: the record of a table or a file that could not be loaded. */
static void summary_fail(tally *t, const char *name, const pe_error *err)
{
    pe_summary_record *r;
    pe_status st;

    if (!t->sum)
        return;
    st =
        pe_summary_record_unloadable(t->path, sheet_of(t->path, name), err, &r);
    keep(&t->st, st == PE_OK ? pe_summary_add(t->sum, r) : st);
}

/* --summary: a scored table's record; its verdict. */
static int summary_project(pe_project *p, const char *name, tally *t)
{
    pe_summary_record *r;
    pe_status st =
        pe_summary_record_new(p, t->path, sheet_of(t->path, name), t->rules,
                              t->strict ? PE_SUMMARY_STRICT : 0, &r);

    if (st == PE_OK)
        st = pe_summary_add(t->sum, r);
    keep(&t->st, st);
    if (st != PE_OK)
        return PE_VERDICT_OK;
    t->errors += r->errors;
    t->warnings += r->warnings;
    t->infos += r->infos;
    return r->status == PE_SUMMARY_FINDINGS ? PE_VERDICT_FINDINGS
                                            : PE_VERDICT_OK;
}

/* The table's name and total (or what it lacks) above its findings. */
static void table_heading(const pe_check_opts *o, pe_project *p,
                          const char *name, pe_buf *out, tally *t)
{
    pe_lang lang = o->read.lang;

    keep(&t->st, pe_term_text(out, name, strlen(name), 0));
    if (pe_project_unscored(p)) {
        keep(&t->st,
             pe_buf_printf(out,
                           pe_message_n(lang,
                                        ": total incomplete: %zu row "
                                        "without a score\n",
                                        ": total incomplete: %zu rows "
                                        "without a score\n",
                                        (unsigned long)pe_project_unscored(p)),
                           pe_project_unscored(p)));
    } else {
        char total[PE_DEC_BUFSIZE];

        keep(&t->st, pe_buf_printf(out, pe_message(lang, ": total %s %s\n"),
                                   pe_dec_format(pe_project_total(p), total),
                                   pe_project_grade(p)));
    }
}

/* The findings of one scored table into out; its verdict. */
static int check_project(const pe_check_opts *o, pe_project *p,
                         const char *name, pe_buf *out, tally *t, int *first)
{
    pe_check_format fmt = check_format(o->format);
    int rc = PE_VERDICT_OK;
    int flags = (o->read.lang == PE_LANG_ZH ? PE_FINDING_ZH : 0) |
                (o->color ? PE_FINDING_COLOR : 0);
    pe_buf safe = {.data = NULL};
    size_t n;

    if (t->sum)
        return summary_project(p, name, t);
    if (fmt == PE_CHECK_JSON && *first)
        keep(&t->st, pe_buf_puts(out, PE_CHECK_JSON_HEADER));
    else if (fmt == PE_CHECK_CSV && *first)
        keep(&t->st, pe_buf_puts(out, PE_CHECK_CSV_HEADER));
    if (fmt == PE_CHECK_TABLE)
        table_heading(o, p, name, out, t);
    *first = 0;
    n = pe_project_nfindings(p);
    /* a file name that is not UTF-8 (or holds a control character) is
     * shown escaped: JSON and CSV stay valid */
    if (n && fmt != PE_CHECK_TABLE)
        keep(&t->st, pe_term_text(&safe, name, strlen(name), 0));
    for (size_t i = 0; i < n; i++) {
        const pe_finding *f = pe_project_finding(p, i);
        int first_finding = t->listed == 0;

        if (f->severity == PE_SEV_ERROR)
            t->errors++, rc = PE_VERDICT_FINDINGS;
        else if (f->severity == PE_SEV_WARNING) {
            t->warnings++;
            if (o->strict)
                rc = PE_VERDICT_FINDINGS;
        } else
            t->infos++;
        /* --severity: listed from there up; counted all the same */
        if (f->severity < o->min_severity)
            continue;
        t->listed++;
        if (fmt == PE_CHECK_JSON)
            keep(&t->st, pe_buf_puts(out, first_finding ? "\n  " : ",\n  "));
        keep(&t->st, pe_render_finding(p, i, safe.data ? safe.data : name, fmt,
                                       flags, out));
    }
    pe_buf_free(&safe);
    return rc;
}

/* --expect on one scored table: 1 when it adds an error finding; -1 for a
 * bad --expect, said (the same for every file: the run stops). */
static int expect_total(const pe_check_opts *o, pe_project *p)
{
    pe_error err = {.line = 0};
    int mismatch = 0;

    if (!o->expect)
        return 0;
    if (pe_project_expect_total(p, o->expect, o->tolerance, &mismatch, &err) ==
        PE_EUSAGE) {
        /* said as it is, in English: the message is the library's */
        if (o->read.say)
            o->read.say(o->read.say_ctx, err.msg);
        return -1;
    }
    return mismatch;
}

/* A report's text (none: nothing to do) against the scored table p: its
 * findings join p's. */
static pe_status check_text(pe_project *p, const pe_buf *text, const char *name,
                            pe_error *err)
{
    size_t n;

    if (!text)
        return PE_OK;
    return pe_report_check(p, text->data ? text->data : "", text->len, name, &n,
                           err);
}

/* One file's review: the run's options, where its output goes. */
typedef struct one {
    const pe_check_opts *o;
    const pe_buf *report_text; /* --report: its text, read once */
    int alone;                 /* the run's only file */
    pe_sink *sink;             /* a long-format file's records */
    pe_buf *out;               /* the findings */
    tally *t;
    int *first;
    int was_long;
} one;

/* Before a workbook's tables: --report needs one table; a Word report
 * holding its own 附件1 has its text checked against it (into own).
 * Returns -PE_VERDICT_USAGE to stop, a verdict, or -1 to go on. */
static int book_text(const one *c, const char *path, pe_book *b,
                     const pe_buf *bytes, pe_buf *own, const pe_buf **text)
{
    const pe_score_opts *r = &c->o->read;

    *text = c->report_text;
    if (c->o->report && pe_book_count(b) > 1) {
        pe_run_say(r,
                   "%s holds %zu tables; --report checks one: name it with "
                   "--sheet",
                   path, pe_book_count(b));
        return -PE_VERDICT_USAGE;
    }
    /* a document of several tables has text about several projects */
    if (!*text && pe_book_is_document(b) && pe_book_count(b) > 1 && !r->quiet)
        pe_run_say(r,
                   "%s: %zu tables: its text is checked against none of them "
                   "(perfeval check --sheet N %s: against table N)",
                   path, pe_book_count(b), path);
    if (!*text && pe_book_is_document(b) && pe_book_count(b) == 1) {
        pe_error err = {.line = 0};
        pe_status st = pe_report_text(bytes->data, bytes->len, path, own, &err);

        if (st != PE_OK)
            return pe_run_fail(r, &err, st);
        *text = own;
    }
    return -1;
}

/* A workbook's long-format table i: streamed when it is the run's one
 * table, else refused (with --summary, a record and the run goes on). */
static int book_long(one *c, pe_book *b, size_t i, int *rc)
{
    const pe_score_opts *r = &c->o->read;
    const char *name = pe_book_table_name(b, i);
    pe_error err = {.line = 0};
    pe_score_opts ro = *r;
    pe_status st;
    int lrc;

    if (!c->alone || pe_book_count(b) > 1) {
        pe_run_say(r,
                   "%s: a long-format table is checked on its own, not with "
                   "other tables",
                   name);
        if (!c->t->sum)
            return -PE_VERDICT_USAGE;
        /* --summary: one record, and the other tables go on */
        pe_error_set(&err, "", 0, 0,
                     "a long-format table is checked on its own, not with "
                     "other tables");
        c->t->failed++;
        summary_fail(c->t, name, &err);
        *rc = pe_verdict_worse(*rc, PE_VERDICT_DATA);
        return -1;
    }
    c->was_long = 1;
    ro.records = c->sink;
    st = pe_run_stream_book(&ro, b, i, &lrc, &err);
    return st == PE_OK ? lrc : pe_verdict_worse(lrc, pe_run_fail(r, &err, st));
}

/* Every table of a workbook or document, each under its own name. */
static int check_book(one *c, const char *path, pe_book *b, const pe_buf *bytes)
{
    const pe_check_opts *o = c->o;
    pe_buf own = {.data = NULL};
    const pe_buf *text;
    int rc = book_text(c, path, b, bytes, &own, &text);

    if (rc != -1) {
        pe_buf_free(&own);
        return rc;
    }
    rc = PE_VERDICT_OK;
    for (size_t i = 0; i < pe_book_count(b); i++) {
        const char *name = pe_book_table_name(b, i);
        pe_error err = {.line = 0};
        pe_project *p = NULL;
        pe_status st;

        if (i)
            c->t->tables++;
        if (pe_book_table_is_long(b, i)) {
            int lr = book_long(c, b, i, &rc);

            if (lr == -1)
                continue;
            pe_buf_free(&own);
            return lr;
        }
        if ((st = pe_book_table_load(b, i, &p, &err)) == PE_OK)
            st = pe_run_rule_and_score(&o->read, path, name, 1, p, &err);
        if (st == PE_OK)
            st = check_text(p, text, o->report ? o->report : path, &err);
        if (st != PE_OK) {
            c->t->failed++;
            summary_fail(c->t, name, &err);
            rc = pe_verdict_worse(rc, pe_run_fail(&o->read, &err, st));
            pe_project_free(p);
            continue;
        }
        if (expect_total(o, p) < 0) {
            pe_project_free(p);
            pe_buf_free(&own);
            return -PE_VERDICT_USAGE;
        }
        rc = pe_verdict_worse(
            rc, check_project(o, p, name, c->out, c->t, c->first));
        pe_project_free(p);
    }
    pe_buf_free(&own);
    return rc;
}

/* Check one file: its findings go into c->out (or, for a long-format
 * file, its records straight into c->sink, and c->was_long is set);
 * returns its verdict, or -PE_VERDICT_USAGE for a usage error that stops
 * the run. */
static int check_one(one *c, const char *path)
{
    const pe_check_opts *o = c->o;
    pe_score_opts ro = o->read;
    pe_project *p = NULL;
    pe_book *book = NULL;
    pe_buf bytes = {.data = NULL};
    pe_error err = {.line = 0};
    pe_status st;
    int rc, long_rc;

    c->t->files++;
    c->t->tables++;
    c->t->path = path;
    ro.records = c->sink;
    ro.long_refusal =
        o->report ? N_("a long-format file holds many projects; --report "
                       "checks a report against one table")
                  : N_("a long-format file is checked on its own, not with "
                       "other files");
    ro.long_refusal_names_file = 1;
    /* a report is checked against one table, not a province's long file */
    st = pe_run_read(&ro, path, c->alone && !o->report, &p, &book, &bytes,
                     &long_rc, &err);
    c->was_long = long_rc >= 0;
    if (c->was_long && o->expect)
        pe_run_say(&ro,
                   "%s: --expect is for one table; a long-format file has "
                   "many, so it was not used",
                   path);
    /* a long file broken by a line that cannot be read keeps the records
     * before it (its error is in them); one whose records could not be
     * written stops the run, and nothing is committed */
    if (c->was_long && st != PE_OK && st != PE_EDATA) {
        pe_run_fail(&ro, &err, st);
        return -PE_VERDICT_USAGE;
    }
    if (c->was_long)
        return st == PE_OK
                   ? long_rc
                   : pe_verdict_worse(long_rc, pe_run_fail(&ro, &err, st));
    if (st != PE_OK) {
        c->t->failed++;
        summary_fail(c->t, path, &err);
        rc = pe_run_fail(&ro, &err, st);
        /* --summary: a file refused is one record; the others go on */
        if (st == PE_EUSAGE)
            return c->t->sum ? PE_VERDICT_DATA : -PE_VERDICT_USAGE;
        return rc;
    }
    if (book) {
        rc = check_book(c, path, book, &bytes);
        pe_book_free(book);
        pe_buf_free(&bytes);
        return rc;
    }
    if (expect_total(o, p) < 0) {
        pe_project_free(p);
        return -PE_VERDICT_USAGE;
    }
    if ((st = check_text(p, c->report_text, o->report, &err)) != PE_OK) {
        c->t->failed++;
        summary_fail(c->t, path, &err);
        pe_project_free(p);
        return pe_run_fail(&ro, &err, st);
    }
    rc = check_project(o, p, path, c->out, c->t, c->first);
    pe_project_free(p);
    return rc;
}

/* ----------------------------------------------------- the summary */

/* The records of t's summary from *done on into out, and out to sink:
 * each table's record goes out as soon as it is done. */
static pe_status summary_flush(const pe_summary_opts *so, pe_check_format fmt,
                               tally *t, size_t *done, pe_buf *out,
                               pe_sink *sink, pe_error *err)
{
    pe_status st = PE_OK;

    for (; *done < pe_summary_count(t->sum) && st == PE_OK; (*done)++)
        st = pe_render_summary_record(pe_summary_get(t->sum, *done), fmt, so,
                                      *done == 0 && !t->written, out);
    /* written: a long run holds no record it no longer needs */
    t->written += *done;
    *done = 0;
    pe_summary_clear(t->sum);
    if (st == PE_OK && out->len)
        st = pe_sink_write(sink, out->data, out->len, err);
    out->len = 0;
    return st;
}

/* check --rollup: the 复核汇总 of the run's records into out. */
static pe_status rollup(const pe_summary *s, pe_check_format fmt,
                        const pe_summary_opts *so, pe_buf *out)
{
    pe_rollup *r;
    pe_status st = pe_rollup_new(s, &r);

    if (st == PE_OK)
        st = pe_render_rollup(r, fmt, so, out);
    pe_rollup_free(r);
    return st;
}

/* An output error that is a reader gone away (perfeval ... | head -1,
 * with SIGPIPE ignored by whoever started us): no message for it. */
static int closed_pipe(const pe_error *err)
{
    const char *why = strerror(EPIPE);
    size_t n = strlen(err->msg), k = strlen(why);

    return n >= k && strcmp(err->msg + n - k, why) == 0;
}

/* Under the summary table: how many tables came out how. */
static pe_status summary_line(const pe_summary *s, pe_buf *out)
{
    size_t n[3] = {0, 0, 0}, all = pe_summary_count(s);

    for (size_t i = 0; i < all; i++)
        n[pe_summary_get(s, i)->status]++;
    return pe_buf_printf(out,
                         "%zu table%s: %zu ok, %zu with findings, %zu could "
                         "not be loaded\n",
                         all, all == 1 ? "" : "s", n[PE_SUMMARY_OK],
                         n[PE_SUMMARY_FINDINGS], n[PE_SUMMARY_UNLOADABLE]);
}

/* --summary -j N: one file's check, on a worker thread or not.  It has
 * its tally and its records to itself; the run takes them over in input
 * order, its messages too. */
typedef struct job {
    const char *path;
    tally t;
    pe_buf said; /* its messages, each ending in a NUL */
    int rc;      /* check_one's */
    int done;
} job;

typedef struct pool {
    const pe_check_opts *o;
    job *jobs;
    size_t n;
    size_t next;   /* the next job to start */
    size_t merged; /* jobs the run has taken over */
    size_t window; /* how far ahead of it workers may go: memory */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pool;

/* A job's message, kept for the run to say in input order; out of memory
 * for it, said now, out of order. */
typedef struct job_say {
    job *j;
    const pe_score_opts *r;
} job_say;

static void keep_said(void *ctx, const char *text)
{
    job_say *js = ctx;

    if (pe_buf_append(&js->j->said, text, strlen(text) + 1) != PE_OK &&
        js->r->say)
        js->r->say(js->r->say_ctx, text);
}

static void run_job(const pool *P, job *j)
{
    pe_check_opts jo = *P->o;
    job_say js = {.j = j, .r = &P->o->read};
    pe_buf unused = {.data = NULL};
    int first = 1;
    /* alone = 0: a long-format file is a record, not a stream */
    one c = {.o = &jo, .out = &unused, .t = &j->t, .first = &first};

    j->t.st = PE_OK;
    j->t.rules = P->o->read.rules;
    j->t.strict = P->o->strict;
    if (!(j->t.sum = pe_summary_new())) {
        j->t.st = PE_ENOMEM;
        return;
    }
    jo.read.say = keep_said;
    jo.read.say_ctx = &js;
    j->rc = check_one(&c, j->path);
    pe_buf_free(&unused);
}

static void *worker(void *arg)
{
    pool *P = arg;

    pthread_mutex_lock(&P->mu);
    while (P->next < P->n) {
        size_t i;

        if (P->next >= P->merged + P->window) {
            pthread_cond_wait(&P->cv, &P->mu);
            continue;
        }
        i = P->next++;
        pthread_mutex_unlock(&P->mu);
        run_job(P, &P->jobs[i]);
        pthread_mutex_lock(&P->mu);
        P->jobs[i].done = 1;
        pthread_cond_broadcast(&P->cv);
    }
    pthread_mutex_unlock(&P->mu);
    return NULL;
}

/* Job j into the run: its messages said, its records and counts taken
 * over.  Its verdict, negative for a usage error that stops the run. */
static int take_job(const pe_score_opts *r, tally *t, job *j)
{
    for (size_t k = 0; k < j->said.len; k += strlen(j->said.data + k) + 1)
        if (r->say)
            r->say(r->say_ctx, j->said.data + k);
    pe_buf_free(&j->said);
    t->files += j->t.files;
    t->tables += j->t.tables;
    t->failed += j->t.failed;
    t->errors += j->t.errors;
    t->warnings += j->t.warnings;
    t->infos += j->t.infos;
    keep(&t->st, j->t.st);
    if (j->t.sum)
        keep(&t->st, pe_summary_move(t->sum, j->t.sum));
    pe_summary_free(j->t.sum);
    j->t.sum = NULL;
    return j->rc;
}

/* The threads for -j: jobs (the default, 0: the machine's processors),
 * never more than there are files. */
static size_t thread_count(const pe_check_opts *o, size_t n)
{
    long cpus = (long)pe_os_cpu_count();
    size_t k = o->jobs ? (size_t)o->jobs : cpus > 0 ? (size_t)cpus : 1;

    return k > n ? (n ? n : 1) : k;
}

/* The pool's jobs run and taken over in input order, each one's records
 * streamed when stream; stops at the first failure to write.  *stop: a
 * usage error stopped the run. */
static pe_status run_pool(pool *P, tally *t, pe_check_format fmt, int stream,
                          const pe_summary_opts *so, pe_buf *out, pe_sink *sink,
                          int *rc, int *stop, pe_error *err)
{
    size_t nthreads = thread_count(P->o, P->n), started = 0, done = 0;
    pthread_t *threads =
        nthreads > 1 ? calloc(nthreads, sizeof *threads) : NULL;
    pe_status st = PE_OK;

    if (nthreads > 1 && !threads)
        return PE_ENOMEM;
    P->window = 4 * nthreads;
    for (; nthreads > 1 && started < nthreads; started++)
        if (pthread_create(&threads[started], NULL, worker, P) != 0)
            break;
    for (size_t i = 0; i < P->n && st == PE_OK && t->st == PE_OK; i++) {
        int one_rc;

        if (started == 0) {
            run_job(P, &P->jobs[i]);
        } else {
            pthread_mutex_lock(&P->mu);
            while (!P->jobs[i].done)
                pthread_cond_wait(&P->cv, &P->mu);
            P->merged = i + 1;
            pthread_cond_broadcast(&P->cv);
            pthread_mutex_unlock(&P->mu);
        }
        if ((one_rc = take_job(&P->o->read, t, &P->jobs[i])) < 0) {
            *stop = 1;
            break;
        }
        *rc = pe_verdict_worse(*rc, one_rc);
        if (stream)
            st = summary_flush(so, fmt, t, &done, out, sink, err);
        if (P->o->progress)
            P->o->progress(P->o->read.say_ctx, i + 1, P->n);
    }
    /* stopped early: the workers take no more, and end */
    pthread_mutex_lock(&P->mu);
    P->next = P->n;
    pthread_cond_broadcast(&P->cv);
    pthread_mutex_unlock(&P->mu);
    for (size_t k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    free(threads);
    return st;
}

/* The summary's end: the workbook, the roll-up, the table and its line,
 * or the streamed format's closing. */
static pe_status summary_end(const pe_check_opts *o, const tally *t,
                             pe_check_format fmt, int stream,
                             const pe_summary_opts *so, pe_buf *out,
                             pe_sink *sink, pe_error *err)
{
    int xlsx = strcmp(o->format, "xlsx") == 0;
    pe_status st;

    if (stream)
        st = pe_render_summary_end(fmt, so, out);
    else if (xlsx)
        st = pe_render_summary_xlsx(t->sum, so, o->output, err);
    else if (o->rollup)
        st = rollup(t->sum, fmt, so, out);
    else if ((st = pe_render_summary_table(t->sum, so, out)) == PE_OK &&
             !o->read.quiet)
        st = summary_line(t->sum, out);
    if (st == PE_OK && !xlsx && out->len)
        st = pe_sink_write(sink, out->data, out->len, err);
    return st;
}

/* check --summary: one record per table, unloadable files included, in
 * input order; csv and json streamed, the table and the workbook when
 * every table is done.  -j N checks N files at a time; what is written
 * is the same as one at a time. */
static int check_summary(const pe_check_opts *o, const pe_paths *files)
{
    const pe_score_opts *r = &o->read;
    pe_check_format fmt = check_format(o->format);
    int xlsx = strcmp(o->format, "xlsx") == 0;
    pe_summary_opts so = {.zh = r->lang == PE_LANG_ZH,
                          .bom = o->bom,
                          .min_severity = o->min_severity,
                          .ambiguous_wide = o->ambiguous_wide};
    pe_error err = {.line = 0};
    pe_sink *sink = NULL;
    pe_buf out = {.data = NULL};
    pe_status st = PE_OK;
    tally t = {.st = PE_OK, .rules = r->rules, .strict = o->strict};
    size_t n = pe_paths_count(files), done = 0;
    int rc = PE_VERDICT_OK, stop = 0;
    int stream = !xlsx && fmt != PE_CHECK_TABLE && !o->rollup;
    pool P = {.o = o,
              .n = n,
              .mu = PTHREAD_MUTEX_INITIALIZER,
              .cv = PTHREAD_COND_INITIALIZER};

    P.jobs = calloc(n ? n : 1, sizeof *P.jobs);
    if (!(t.sum = pe_summary_new()) || !P.jobs) {
        pe_summary_free(t.sum);
        free(P.jobs);
        return pe_run_fail(r, &err, PE_ENOMEM);
    }
    for (size_t i = 0; i < n; i++)
        P.jobs[i].path = pe_paths_get(files, i);
    if (!xlsx && (st = pe_sink_open(o->output ? o->output : "-", &sink,
                                    &err)) != PE_OK) {
        pe_summary_free(t.sum);
        free(P.jobs);
        return pe_run_fail(r, &err, st);
    }
    if (stream && (st = pe_render_summary_begin(fmt, &so, &out)) == PE_OK)
        st = summary_flush(&so, fmt, &t, &done, &out, sink, &err);
    if (st == PE_OK)
        st = run_pool(&P, &t, fmt, stream, &so, &out, sink, &rc, &stop, &err);
    for (size_t i = 0; i < n; i++) {
        pe_summary_free(P.jobs[i].t.sum);
        pe_buf_free(&P.jobs[i].said);
    }
    free(P.jobs);
    /* the files are done: the progress line goes, before the output */
    if (o->progress)
        o->progress(r->say_ctx, 0, 0);
    if (st == PE_OK && t.st == PE_OK && !stop)
        st = summary_end(o, &t, fmt, stream, &so, &out, sink, &err);
    pe_buf_free(&out);
    pe_summary_free(t.sum);
    if (st == PE_OK && t.st != PE_OK) {
        st = t.st;
        snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
    }
    if (st != PE_OK || stop) {
        pe_sink_abort(sink);
        /* a reader that stopped reading (| head): nothing to say */
        if (st == PE_EIO && closed_pipe(&err))
            return PE_VERDICT_USAGE;
        return st != PE_OK ? pe_run_fail(r, &err, st) : PE_VERDICT_USAGE;
    }
    st = pe_sink_close(sink, 1, &err);
    return st == PE_OK ? rc : pe_run_fail(r, &err, st);
}

/* ---------------------------------------------------- the findings */

/* After the findings: the JSON's closing summary, or for people the
 * counts (unless quiet). */
static void findings_end(const pe_check_opts *o, const tally *t, int first,
                         int rc, pe_buf *out, pe_status *st)
{
    pe_check_format fmt = check_format(o->format);
    pe_lang lang = o->read.lang;

    if (fmt == PE_CHECK_JSON && first)
        keep(st, pe_buf_puts(out, PE_CHECK_JSON_HEADER));
    else if (fmt == PE_CHECK_CSV && first)
        keep(st, pe_buf_puts(out, PE_CHECK_CSV_HEADER));
    if (fmt == PE_CHECK_JSON)
        keep(st,
             pe_buf_printf(out,
                           "%s],\n \"summary\": {\"files\": %zu, "
                           "\"tables\": %zu, \"errors\": %zu, "
                           "\"warnings\": %zu, \"info\": %zu, "
                           "\"failed\": %zu, \"exit\": %d}}\n",
                           t->listed ? "\n" : "", t->files, t->tables,
                           t->errors, t->warnings, t->infos, t->failed, rc));
    else if (fmt == PE_CHECK_TABLE && !o->read.quiet) {
        char tables[48] = "";

        if (t->tables != t->files)
            snprintf(tables, sizeof tables, pe_message(lang, ", %zu tables"),
                     t->tables);
        /* TRANSLATORS: the plurals ride in the %s after each count */
        keep(st, pe_buf_printf(
                     out,
                     pe_message(lang, "%zu file%s%s checked: %zu error%s, "
                                      "%zu warning%s, %zu info; %zu could "
                                      "not be loaded\n"),
                     t->files, t->files == 1 ? "" : "s", tables, t->errors,
                     t->errors == 1 ? "" : "s", t->warnings,
                     t->warnings == 1 ? "" : "s", t->infos, t->failed));
    }
}

/* The findings of every file into out (a long-format file's records
 * into sink instead); the verdict, negative to stop the run. */
static int check_all(const pe_check_opts *o, const pe_paths *files,
                     const pe_buf *text, pe_sink *sink, pe_buf *out,
                     pe_status *st)
{
    tally t = {.st = PE_OK};
    int rc = PE_VERDICT_OK, first = 1;
    one c = {.o = o,
             .report_text = text,
             .alone = pe_paths_count(files) == 1,
             .sink = sink,
             .out = out,
             .t = &t,
             .first = &first};

    for (size_t i = 0; i < pe_paths_count(files) && !c.was_long; i++) {
        int one_rc = check_one(&c, pe_paths_get(files, i));

        if (one_rc < 0)
            return one_rc;
        rc = pe_verdict_worse(rc, one_rc);
    }
    if (!c.was_long)
        findings_end(o, &t, first, rc, out, &t.st);
    *st = t.st;
    return rc;
}

int pe_check_files(const pe_paths *files, const pe_check_opts *given)
{
    pe_check_opts run = *given;
    const pe_score_opts *r = &run.read;
    pe_error err = {.line = 0};
    pe_rules rules;
    pe_sink *sink;
    pe_buf out = {.data = NULL}, text = {.data = NULL};
    pe_status st, tst = PE_OK;
    int rc;

    run.read.review = 1;
    run.read.strict = run.strict;
    run.read.records_format = check_format(run.format);
    if ((st = pe_run_rules(r, &rules, &run.read.rules_set, &err)) != PE_OK)
        return pe_run_fail(r, &err, st);
    if (run.summary)
        return check_summary(&run, files);
    if (run.report && (st = pe_report_read(run.report,
                                           run.read.max_file ? run.read.max_file
                                                             : (size_t)1 << 30,
                                           &text, &err)) != PE_OK) {
        pe_buf_free(&text);
        return pe_run_fail(r, &err, st);
    }
    if ((st = pe_sink_open(run.output ? run.output : "-", &sink, &err)) !=
        PE_OK) {
        pe_buf_free(&text);
        return pe_run_fail(r, &err, st);
    }
    rc = check_all(&run, files, run.report ? &text : NULL, sink, &out, &tst);
    pe_buf_free(&text);
    if (rc < 0 || tst != PE_OK) {
        /* the findings could not be put together: nothing is written */
        pe_buf_free(&out);
        pe_sink_abort(sink);
        if (rc >= 0 && r->say)
            r->say(r->say_ctx, pe_strerror(tst));
        return PE_VERDICT_USAGE;
    }
    st = pe_sink_write(sink, out.data ? out.data : "", out.len, &err);
    pe_buf_free(&out);
    if (st == PE_OK)
        st = pe_sink_close(sink, 1, &err);
    else
        pe_sink_abort(sink);
    return st == PE_OK ? rc : pe_run_fail(r, &err, st);
}

/* ------------------------------------------------- a year's desk */

/* One folder's tables into *sum (one at a time), their messages said in
 * order; the worst verdict into *rc.  -1 for a run stopped by a usage
 * error. */
static int desk_of(const pe_check_opts *o, const char *dir, pe_summary *sum,
                   int *rc, pe_error *err)
{
    const pe_score_opts *r = &o->read;
    pe_paths *files = pe_paths_new();
    pool P = {.o = o};
    tally t = {.st = PE_OK, .sum = sum};
    pe_status st = files ? pe_paths_add(files, dir, err) : PE_ENOMEM;

    for (size_t i = 0; st == PE_OK && i < pe_paths_count(files); i++) {
        job j = {.path = pe_paths_get(files, i)};
        int one_rc;

        run_job(&P, &j);
        one_rc = take_job(r, &t, &j);
        if (one_rc < 0) {
            pe_paths_free(files);
            return -1;
        }
        /* a table's own errors are check's business, not diff's */
        if (one_rc != PE_VERDICT_FINDINGS)
            *rc = pe_verdict_worse(*rc, one_rc);
        st = t.st;
    }
    if (st == PE_OK && pe_paths_skipped(files) && !r->quiet)
        pe_run_say(r,
                   pe_paths_skipped(files) == 1
                       ? N_("%s: skipped %zu file that is not a table")
                       : N_("%s: skipped %zu files that are not tables"),
                   dir, pe_paths_skipped(files));
    pe_paths_free(files);
    if (st != PE_OK) {
        if (!err->msg[0])
            snprintf(err->msg, sizeof err->msg, "%s", pe_strerror(st));
        *rc = pe_verdict_worse(*rc, pe_run_fail(r, err, st));
    }
    return 0;
}

int pe_diff_desks(const char *old_dir, const char *new_dir,
                  const pe_check_opts *given)
{
    pe_check_opts run = *given;
    const pe_score_opts *r = &run.read;
    pe_summary *a = pe_summary_new(), *b = pe_summary_new();
    pe_summary_opts so = {.ambiguous_wide = run.ambiguous_wide};
    pe_summary_change *c = NULL;
    pe_error err = {.line = 0};
    pe_buf out = {.data = NULL};
    pe_rules rules;
    pe_status st = a && b ? PE_OK : PE_ENOMEM;
    size_t n = 0, changed = 0;
    int rc = PE_VERDICT_OK;

    run.read.review = 1;
    run.read.strict = run.strict;
    if (st == PE_OK)
        st = pe_run_rules(r, &rules, &run.read.rules_set, &err);
    if (st != PE_OK) {
        pe_summary_free(a);
        pe_summary_free(b);
        return pe_run_fail(r, &err, st);
    }
    run.format = "csv"; /* each table is a record, not a stream */
    if (desk_of(&run, old_dir, a, &rc, &err) < 0 ||
        desk_of(&run, new_dir, b, &rc, &err) < 0) {
        pe_summary_free(a);
        pe_summary_free(b);
        return PE_VERDICT_USAGE;
    }
    if ((st = pe_summary_diff(a, b, &c, &n)) == PE_OK)
        st = pe_render_summary_diff(c, n, check_format(given->format), &so,
                                    &out);
    for (size_t i = 0; i < n; i++)
        changed += c[i].kind != PE_CHANGE_SAME;
    if (st == PE_OK)
        st = pe_io_write_atomic(run.output ? run.output : "-",
                                out.data ? out.data : "", out.len, &err);
    else
        snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
    free(c);
    pe_buf_free(&out);
    pe_summary_free(a);
    pe_summary_free(b);
    if (st != PE_OK)
        return pe_verdict_worse(rc, pe_run_fail(r, &err, st));
    return pe_verdict_worse(rc, changed ? PE_VERDICT_FINDINGS : PE_VERDICT_OK);
}
