/* The perfeval command line: argument parsing, reading, printing, exit
 * codes.  Everything else is in the library. */
#include "os.h"
#include "perfeval.h"

#include <getopt.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    EXIT_OK = 0,
    EXIT_DIFFER = 1, /* a check found differences */
    EXIT_USAGE = 2,  /* usage or I/O trouble */
    EXIT_DATA = 3    /* invalid input data */
};

/* The help: an overview for `perfeval --help`, and one text per command
 * for `perfeval COMMAND --help` (or `perfeval help COMMAND`), each the
 * command's synopsis and its options only.  Pieces, because a C11
 * compiler need not take a string past 4095 bytes. */
static const char help_overview[] =
    "Usage: perfeval score [OPTIONS] FILE|-\n"
    "       perfeval check [OPTIONS] FILE...\n"
    "       perfeval diff [OPTIONS] OLD NEW\n"
    "       perfeval init [OPTIONS]\n"
    "       perfeval rules [OPTIONS] FILE | --list\n"
    "       perfeval report [OPTIONS] FILE\n"
    "       perfeval help COMMAND | --help | --version\n"
    "\n"
    "score: score a 项目支出绩效自评表 (附件1 table) and print it with every\n"
    "row's score, the total and the grade.\n"
    "check: review (复核) filled-in tables against the rules and list what\n"
    "breaks them or does not add up.\n"
    "diff: what changed between two tables: rows, targets, actuals, scores,\n"
    "the total and the grade (exit 0 when nothing did, 1 when something did).\n"
    "init: a blank 附件1 with the MoF default structure, ready to fill in.\n"
    "rules: the rules FILE is scored by, as a rules file to keep beside it;\n"
    "--list shows the built-in rule sets.\n"
    "report: draft the 绩效自评报告 from a table (markdown or docx).\n"
    "\n"
    "`perfeval COMMAND --help` shows a command's options.\n"
    "\n";

static const char help_file[] =
    "FILE is the table as Excel or WPS keeps it: a workbook (.xlsx, .xls),\n"
    "a Word report (.docx) with the 附件1 table in it, or CSV/TSV (UTF-8\n"
    "or GB18030); a project file in JSON (see README.md); or a long-format\n"
    "table (CSV or workbook) with one row per indicator and a 项目编号\n"
    "column; \"-\" reads standard input.  A workbook with several 附件1\n"
    "sheets is several tables: check takes them all, as FILE:SHEET.\n"
    "\n"
    "A table is scored by -r RULES, else by FILE's .rules.json beside it,\n"
    "else by its own rules (a project file's \"rules\", the hidden sheet of\n"
    "a workbook perfeval wrote), else by the rules its printed numbers show\n"
    "(rounding, places, whether the funds block counts), which are\n"
    "announced on standard error.\n"
    "\n";

static const char help_score[] =
    "Usage: perfeval score [OPTIONS] FILE|-\n"
    "Score a 附件1 table and print it with every row's score, the total and\n"
    "the grade.\n"
    "\n"
    "  -f, --format FMT     table (default), json, markdown, csv, tsv or xlsx\n"
    "                       (xlsx needs -o FILE; a long-format file gives\n"
    "                       one record per project in table, csv or json)\n"
    "      --bom            csv/tsv: start with a UTF-8 byte-order mark "
    "(Excel)\n"
    "  -o, --output FILE    write to FILE (all or nothing) instead of stdout;\n"
    "                       never onto an input of the run; a device or a\n"
    "                       FIFO is written, a symlink's file is written\n"
    "  -r, --rules RULES    score by the rules file RULES, or a built-in rule\n"
    "                       set by name (mof-2020; see perfeval rules --list)\n"
    "      --ambiguous-wide count East Asian ambiguous characters as 2 "
    "columns\n"
    "  -q, --quiet          do not print warnings to standard error\n"
    "\n"
    "The table is as wide as $COLUMNS, else the terminal, else 100 columns.\n"
    "\n";

static const char help_check[] =
    "Usage: perfeval check [OPTIONS] FILE...\n"
    "Review (复核) filled-in tables against the rules and list what breaks\n"
    "them or does not add up, one finding per line.\n"
    "\n"
    "  -f, --format FMT     table (default), json or csv\n"
    "  -o, --output FILE    write the findings to FILE (all or nothing)\n"
    "  -r, --rules RULES    check by the rules file or built-in rule set "
    "RULES\n"
    "      --expect TOTAL   the published total; compared at its printed "
    "places\n"
    "      --tolerance T    allow the total to differ from TOTAL by T\n"
    "      --strict         warnings count as failures\n"
    "      --lang LANG      en (default) or zh: the language of the findings\n"
    "  -q, --quiet          leave out the summary line\n"
    "      --color WHEN     auto (default: on a terminal, unless NO_COLOR is\n"
    "                       set), always or never\n"
    "      --report REPORT  check the 绩效自评报告 REPORT (.txt, .md, .docx)\n"
    "                       against the one table FILE: its money, 执行率,\n"
    "                       得分, 等级, year and indicators\n"
    "\n"
    "A Word report (.docx) holding its own 附件1 table is checked alone:\n"
    "its text against that table.\n"
    "\n";

static const char help_diff[] =
    "Usage: perfeval diff [OPTIONS] OLD NEW\n"
    "What changed between two tables: rows added, removed, renamed or\n"
    "changed, the funds, the total and the grade.  Exit 0 when nothing\n"
    "differs, 1 when something does.\n"
    "\n"
    "  -f, --format FMT     table (default) or json\n"
    "  -o, --output FILE    write to FILE (all or nothing) instead of stdout\n"
    "  -r, --rules RULES    score both by the rules file or rule set RULES\n"
    "  -q, --quiet          do not say on standard error how they were scored\n"
    "\n";

static const char help_init[] =
    "Usage: perfeval init [OPTIONS]\n"
    "Write a blank 附件1 with the MoF default structure and rules, ready to\n"
    "fill in.\n"
    "\n"
    "  -f, --format FMT     json (default), csv or xlsx (xlsx needs -o FILE)\n"
    "      --year YEAR      the budget year (default: this year)\n"
    "  -o, --output FILE    write to FILE instead of stdout\n"
    "      --force          replace FILE when it exists (it would be lost)\n"
    "\n";

static const char help_rules[] =
    "Usage: perfeval rules [OPTIONS] FILE\n"
    "       perfeval rules --list\n"
    "Print the rules FILE is scored by (given with -r, found beside it, its\n"
    "own, or read off its numbers) as a rules file to keep beside it.\n"
    "\n"
    "  -r, --rules RULES    the rules file or built-in rule set to start from\n"
    "  -o, --output FILE    write to FILE (all or nothing) instead of stdout\n"
    "  -q, --quiet          do not say how the rules were found\n"
    "      --list           list the built-in rule sets\n"
    "\n";

static const char help_report[] =
    "Usage: perfeval report [OPTIONS] FILE\n"
    "Draft the 绩效自评报告 from a table: the standard sections, every\n"
    "number taken from the table, the parts only people know marked\n"
    "待填写, and the 附件1 itself.\n"
    "\n"
    "  -f, --format FMT     markdown (default) or docx (needs -o FILE)\n"
    "  -o, --output FILE    write to FILE (all or nothing) instead of stdout\n"
    "  -r, --rules RULES    score by the rules file or rule set RULES\n"
    "  -q, --quiet          do not print warnings to standard error\n"
    "\n";

static const char help_reading[] =
    "Reading a table:\n"
    "      --sheet NAME|N   the workbook sheet (or the document's Nth table)\n"
    "                       to read; hidden sheets only when named\n"
    "  -e, --encoding ENC   auto (default: UTF-8, else GB18030), utf-8 or\n"
    "                       gb18030\n"
    "  -d, --delimiter D    comma, semicolon or tab (default: detected)\n"
    "      --max-file-size N  refuse a table or a --report, or a part of a\n"
    "                         workbook once unpacked, over N bytes (1 GiB; a\n"
    "                         long-format file is streamed, never held)\n"
    "      --max-field N      long format: refuse a field over N bytes (64 "
    "KiB)\n"
    "      --max-rows N       long format: refuse a project over N rows\n"
    "                         (default 1,000,000)\n"
    "\n";

static const char help_exit[] =
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "Exit status:\n"
    "  0  success; check: no finding at error level; diff: no difference\n"
    "  1  check: errors found, or the total is not --expect; diff: the\n"
    "     tables differ\n"
    "  2  usage or input/output trouble\n"
    "  3  invalid input data\n";

/* The commands, as bits: which options each takes. */
enum {
    C_SCORE = 1,
    C_CHECK = 2,
    C_DIFF = 4,
    C_INIT = 8,
    C_RULES = 16,
    C_REPORT = 32
};
#define C_READ (C_SCORE | C_CHECK | C_DIFF | C_RULES | C_REPORT)

/* Print the help of one command (0: the overview); exit status. */
static int help(int cmd)
{
    const char *text = cmd == C_SCORE    ? help_score
                       : cmd == C_CHECK  ? help_check
                       : cmd == C_DIFF   ? help_diff
                       : cmd == C_INIT   ? help_init
                       : cmd == C_RULES  ? help_rules
                       : cmd == C_REPORT ? help_report
                                         : help_overview;

    fputs(text, stdout);
    if (cmd == 0 || (cmd & C_READ))
        fputs(help_file, stdout);
    if (cmd & C_READ)
        fputs(help_reading, stdout);
    fputs(help_exit, stdout);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
}

/*
 * A message on standard error.  Messages quote the input (file names,
 * cells, labels), so control characters in it are shown escaped, never
 * sent to the terminal: a cell must not clear or recolour the reviewer's
 * screen.  The message's own line ends stay.
 */
#if defined(__GNUC__)
__attribute__((format(PE_PRINTF_FORMAT, 1, 2)))
#endif
static void
say(const char *fmt, ...)
{
    pe_buf raw = {.data = NULL}, safe = {.data = NULL};
    va_list ap;

    va_start(ap, fmt);
    if (pe_buf_vprintf(&raw, fmt, ap) == PE_OK && raw.data) {
        if (pe_term_text(&safe, raw.data, raw.len, 1) == PE_OK && safe.data)
            fputs(safe.data, stderr);
        else
            fputs(raw.data, stderr);
    }
    va_end(ap);
    pe_buf_free(&raw);
    pe_buf_free(&safe);
}

#if defined(__GNUC__)
__attribute__((format(PE_PRINTF_FORMAT, 1, 2)))
#endif
static int
usage_error(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    say("perfeval: %s\nTry 'perfeval --help' for more information.\n", msg);
    return EXIT_USAGE;
}

static int report(const pe_error *err, pe_status st)
{
    char line[1024];

    /* every error has words: a library failure that gave none says what
     * kind it was */
    if (!err->msg[0])
        say("perfeval: %s%s%s\n", err->file, err->file[0] ? ": " : "",
            pe_strerror(st));
    else
        say("perfeval: %s\n", pe_error_format(err, line, sizeof line));
    return st == PE_EDATA || st == PE_ERANGE ? EXIT_DATA : EXIT_USAGE;
}

typedef struct opts {
    const char *format;
    const char *output;
    const char *rules;
    const char *expect;
    const char *tolerance;
    const char *sheet;         /* --sheet: the table of a workbook */
    const char *report;        /* check --report: the 绩效自评报告 file */
    const pe_buf *report_text; /* its text, read once for the run */
    int ambiguous_wide;
    int quiet;
    int strict;
    int force;     /* init: replace an existing -o file */
    int is_report; /* the command is report */
    int zh;
    int bom;              /* CSV output starts with a UTF-8 byte-order mark */
    int color;            /* resolved: 1 when ANSI colour goes to stdout */
    size_t max_file;      /* bytes of one input file */
    size_t max_field;     /* bytes of one long-format field */
    size_t max_rows;      /* indicator rows of one long-format project */
    pe_encoding encoding; /* of CSV input */
    char delimiter;       /* of CSV input; 0 detects it */
    int color_mode;       /* 0 auto, 1 always, -1 never */
} opts;

/* COLUMNS when set, else the terminal's width, else 100. */
static int terminal_width(void)
{
    const char *c = getenv("COLUMNS");
    int ws = pe_os_terminal_width(PE_OS_STDOUT);
    char *end;
    long v;

    if (c && *c) {
        v = strtol(c, &end, 10);
        if (!*end && v >= 20 && v <= 1000)
            return (int)v;
    }
    if (ws >= 20)
        return ws;
    return 100;
}

/* Colour only on a terminal, and never when NO_COLOR is set
 * (no-color.org), unless --color=always says otherwise. */
static int want_color(int mode, int fd)
{
    const char *nc = getenv("NO_COLOR");

    if (mode != 0)
        return mode > 0;
    if (nc && *nc)
        return 0;
    return pe_os_isatty(fd);
}

static const char *severity_word(pe_severity s)
{
    return s == PE_SEV_ERROR     ? "error"
           : s == PE_SEV_WARNING ? "warning"
                                 : "note";
}

/* A rules file, or the name of a built-in rule set ("mof-2020") when no
 * file of that name exists. */
/* The table's warnings and errors on stderr, GNU style with the line
 * where it is known; notes stay for check. */
static void print_findings(const opts *o, const char *path, const pe_project *p)
{
    if (o->quiet)
        return;
    for (size_t i = 0; i < pe_project_nfindings(p); i++) {
        const pe_finding *f = pe_project_finding(p, i);

        if (f->severity == PE_SEV_INFO)
            continue;
        if (f->line > 0)
            say("perfeval: %s:%ld: %s: %s\n", path, f->line,
                severity_word(f->severity), f->msg);
        else
            say("perfeval: %s: %s: %s\n", path, severity_word(f->severity),
                f->msg);
    }
}

static size_t rules_max = (size_t)1 << 30;

/* -r RULES, a rules file beside a table: a file, or a built-in set. */
static pe_status load_rules(const char *path, pe_rules *r, pe_error *err)
{
    return pe_rules_load(path, rules_max, r, err);
}

/* ------------------------------------------------------------ reading */

/*
 * A CSV file carries no rules, so they may stand beside it: t.csv is
 * scored by t.rules.json when there is one (and no --rules).  Said on
 * stderr, so that nobody wonders where a truncation rule came from.
 */
/* t.csv's rules file, t.rules.json; 0 when there is no room or no file
 * name ("-"). */
static int sidecar_path(const char *path, char *side, size_t n)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    size_t stem =
        dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);

    if (strcmp(path, "-") == 0 || stem + sizeof ".rules.json" > n)
        return 0;
    memcpy(side, path, stem);
    memcpy(side + stem, ".rules.json", sizeof ".rules.json");
    return 1;
}

static pe_status sidecar_rules(const opts *o, const char *path, pe_project *p,
                               pe_error *err, int *found)
{
    char side[4096];
    pe_rules r;
    pe_status st;

    if (!sidecar_path(path, side, sizeof side) || !pe_os_exists(side))
        return PE_OK;
    if ((st = load_rules(side, &r, err)) != PE_OK)
        return st;
    pe_project_set_rules(p, &r);
    *found = 1;
    if (!o->quiet)
        say("perfeval: %s: scored by the rules in %s\n", path, side);
    return PE_OK;
}

static int worse(int a, int b)
{
    return a > b ? a : b;
}

/* Is path the same file as the one sb describes? */
static int same_file(const char *path, const pe_os_info *sb)
{
    pe_os_info in;

    return strcmp(path, "-") != 0 && pe_os_stat(path, &in) == 0 &&
           pe_os_same_file(&in, sb);
}

/*
 * -o naming one of the run's inputs (a table, the rules file beside it,
 * the -r rules file) would replace the input with the output: refused,
 * whatever name (a symlink, a hard link, ./x) it goes by.  1 when it does.
 */
static int output_is_input(const opts *o, int n, char *const *paths)
{
    pe_os_info out;
    char side[4096];
    const char *clash = NULL;

    if (!o->output || strcmp(o->output, "-") == 0 ||
        pe_os_stat(o->output, &out) != 0 || out.kind != PE_OS_FILE)
        return 0;
    if (o->rules && same_file(o->rules, &out))
        clash = o->rules;
    if (o->report && same_file(o->report, &out))
        clash = o->report;
    for (int i = 0; i < n && !clash; i++) {
        if (same_file(paths[i], &out))
            clash = paths[i];
        else if (!o->rules && sidecar_path(paths[i], side, sizeof side) &&
                 same_file(side, &out))
            clash = side;
    }
    if (!clash)
        return 0;
    say("perfeval: -o %s is the input %s: the output would replace it; "
        "write it to another file\n",
        o->output, clash);
    return 1;
}

/* The long format's results, one record per project, as they come. */
typedef struct long_out {
    const opts *o;
    const pe_rules *rules;
    pe_sink *sink;
    pe_buf buf;
    pe_error *err;
    int is_check;
    pe_long_tally t;
    int rc;
} long_out;

static pe_status flush_long(long_out *L, int force)
{
    pe_status st = PE_OK;

    if (L->buf.len && (force || L->buf.len >= 65536)) {
        st = pe_sink_write(L->sink, L->buf.data, L->buf.len, L->err);
        L->buf.len = 0;
    }
    return st;
}

static pe_check_format check_format(const char *name)
{
    return strcmp(name, "json") == 0  ? PE_CHECK_JSON
           : strcmp(name, "csv") == 0 ? PE_CHECK_CSV
                                      : PE_CHECK_TABLE;
}

static pe_status long_project(void *ctx, const pe_long_item *it)
{
    long_out *L = ctx;
    pe_long_result res;
    pe_status st = pe_long_score(it, L->rules, &res);

    if (st != PE_OK)
        return st;
    L->t.projects++;
    if (!res.scored) {
        L->t.broken++;
        L->rc = worse(L->rc, EXIT_DATA);
    } else {
        L->t.errors += res.errors;
        L->t.warnings += res.warnings;
        if (L->is_check && (res.errors || (L->o->strict && res.warnings)))
            L->rc = worse(L->rc, EXIT_DIFFER);
    }
    if ((st = pe_render_long_record(&L->buf, check_format(L->o->format), &res,
                                    L->t.projects == 1)) != PE_OK)
        return st;
    return flush_long(L, 0);
}

/* Start a long-format run's output (header, opening bracket). */
static pe_status long_begin(void *ctx)
{
    long_out *L = ctx;

    return pe_render_long_begin(&L->buf, check_format(L->o->format));
}

/* The run's options for reading one file; the long format's records go
 * to L. */
static void file_opts(const opts *o, const pe_rules *rules, int allow_long,
                      long_out *L, pe_file_opts *fo)
{
    pe_file_opts_default(fo);
    fo->encoding = o->encoding;
    fo->delimiter = o->delimiter;
    fo->sheet = o->sheet;
    fo->max_file = o->max_file;
    fo->allow_long = allow_long;
    fo->long_refusal_names_file = L->is_check || o->is_report;
    fo->long_refusal =
        o->report      ? "a long-format file holds many projects; --report "
                         "checks a report against one table"
        : L->is_check  ? "a long-format file is checked on its own, not "
                         "with other files"
        : o->is_report ? "a long-format file holds many projects; a report "
                         "is drafted for one table"
                       : "a long-format file gives one record per "
                         "project: use -f table, csv or json";
    fo->long_opts.max_field = o->max_field;
    fo->long_opts.max_rows = o->max_rows;
    if (rules)
        fo->long_opts.rules = *rules;
    fo->long_start = long_begin;
    fo->long_project = long_project;
    fo->ctx = L;
}

static pe_status long_finish(long_out *L)
{
    pe_status st = pe_render_long_end(&L->buf, check_format(L->o->format),
                                      &L->t, !L->o->quiet);

    return st != PE_OK ? st : flush_long(L, 1);
}

/*
 * The rules a loaded table is scored by (docs/rules.md, "A table without
 * a rules file"): the run's --rules, else the rules file beside the table
 * (for one that cannot carry its own), else its own, else the ones its
 * numbers show, announced where they depart from the default.  Then score
 * it.
 */
static pe_status rule_and_score(const opts *o, const char *path,
                                const char *name, const pe_rules *rules,
                                int can_sidecar, int is_check, pe_project *p,
                                pe_error *err)
{
    pe_status st = PE_OK;
    int sidecar = 0;

    if (rules)
        pe_project_set_rules(p, rules);
    else if (can_sidecar && !pe_project_has_rules(p))
        st = sidecar_rules(o, path, p, err, &sidecar);
    if (st == PE_OK && !rules && !sidecar && !pe_project_has_rules(p)) {
        st = pe_project_infer_rules(p, err);
        /* check lists it among the findings */
        if (st == PE_OK && !o->quiet && !is_check &&
            strcmp(pe_project_rules(p)->name, PE_RULES_INFERRED) == 0)
            say("perfeval: %s: %s\n", name, pe_project_rules_note(p));
    }
    return st == PE_OK ? pe_project_score(p, err) : st;
}

/* After a long-format stream: the output closed (also after a broken
 * line: JSON stays JSON), the exit code into *rc. */
static pe_status long_done(long_out *L, pe_status st, int *rc)
{
    pe_status fst;

    if (st == PE_OK || st == PE_EDATA) {
        if ((fst = long_finish(L)) != PE_OK)
            st = fst;
    } else if ((fst = flush_long(L, 1)) != PE_OK) {
        st = fst;
    }
    pe_buf_free(&L->buf);
    *rc = st == PE_OK ? L->rc
                      : worse(L->rc, st == PE_EDATA ? EXIT_DATA : EXIT_USAGE);
    return st;
}

/* A long-format table of a workbook, streamed into the run's output. */
static pe_status stream_book(const opts *o, pe_book *b, size_t i, long_out *L,
                             int *rc, pe_error *err)
{
    pe_file_opts fo;

    file_opts(o, L->rules, 1, L, &fo);
    return long_done(L, pe_file_stream_book(b, i, &fo, err), rc);
}

/* The one table of a workbook or document that score, diff and rules
 * take: loaded and scored into *out, or, a long-format one, streamed. */
static pe_status one_of_book(const opts *o, const char *path, pe_book *b,
                             const pe_rules *rules, int allow_long, long_out *L,
                             pe_project **out, int *rc, pe_error *err)
{
    pe_status st;

    if (pe_book_count(b) > 1) {
        char list[600] = "";

        for (size_t i = 0, k = 0; i < pe_book_count(b) && k + 4 < sizeof list;
             i++) {
            const char *n = pe_book_table_name(b, i);
            const char *colon = strrchr(n, ':');

            k += (size_t)snprintf(list + k, sizeof list - k, "%s%s",
                                  i ? ", " : "", colon ? colon + 1 : n);
        }
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = err->column = 0;
        /* a long list of sheets is cut, on purpose */
        snprintf(err->msg, sizeof err->msg,
                 "%zu tables in this file (%.*s): choose one with --sheet NAME "
                 "or N (1 to %zu), or check them all with perfeval check",
                 pe_book_count(b), (int)(sizeof err->msg - 120), list,
                 pe_book_count(b));
        return PE_EUSAGE;
    }
    if (pe_book_table_is_long(b, 0)) {
        pe_file_opts fo;

        if (!allow_long) {
            file_opts(o, rules, 0, L, &fo);
            snprintf(err->file, sizeof err->file, "%s",
                     fo.long_refusal_names_file ? path : "");
            err->line = err->column = 0;
            snprintf(err->msg, sizeof err->msg, "%s", fo.long_refusal);
            return PE_EUSAGE;
        }
        return stream_book(o, b, 0, L, rc, err);
    }
    if ((st = pe_book_table_load(b, 0, out, err)) != PE_OK)
        return st;
    st = rule_and_score(o, path, pe_book_table_name(b, 0), rules, 1,
                        L->is_check, *out, err);
    if (st != PE_OK) {
        pe_project_free(*out);
        *out = NULL;
    }
    return st;
}

/*
 * Read path.  A long-format file is scored project by project into
 * output (the CLI's -o or "-"), and *rc gets its exit code; any other is
 * loaded whole and, on PE_OK, *out is the scored project.  A workbook or
 * document goes to *book, its bytes to *bytes, when book is not NULL
 * (check takes every table of it), else its one table is taken.
 */
static pe_status read_table(const opts *o, const char *path,
                            const pe_rules *rules, int is_check, int allow_long,
                            pe_sink *sink, pe_project **out, pe_book **book,
                            pe_buf *bytes, int *rc, pe_error *err)
{
    long_out L = {.o = o,
                  .rules = rules,
                  .sink = sink,
                  .err = err,
                  .is_check = is_check,
                  .rc = EXIT_OK};
    pe_file_opts fo;
    pe_file f;
    pe_status st;

    *out = NULL;
    *rc = -1;
    if (book)
        *book = NULL;
    file_opts(o, rules, allow_long, &L, &fo);
    st = pe_file_read(path, &fo, &f, err);
    if (f.kind == PE_FILE_LONG)
        return long_done(&L, st, rc);
    if (st == PE_OK && f.kind == PE_FILE_BOOK) {
        if (book) {
            /* the caller frees the bytes after the book */
            *book = f.book;
            *bytes = f.bytes;
            return PE_OK;
        }
        st = one_of_book(o, path, f.book, rules, allow_long, &L, out, rc, err);
        pe_file_free(&f);
        return st;
    }
    if (st == PE_OK) {
        *out = f.project;
        f.project = NULL;
        if (f.transcoded && !o->quiet)
            say("perfeval: %s: not UTF-8, read as %s\n", path,
                pe_encoding_name(f.encoding_used));
        /* a CSV table carries no rules of its own: beside it, or read off
         * its own numbers */
        st = rule_and_score(o, path, path, rules, f.delimiter_used != 0,
                            is_check, *out, err);
    }
    pe_file_free(&f);
    if (st != PE_OK) {
        pe_project_free(*out);
        *out = NULL;
    }
    return st;
}

/* The scored table in the form --format names, into out; for report, the
 * 绩效自评报告 drafted from it. */
static pe_status render(const opts *o, const pe_project *p, pe_buf *out)
{
    if (o->is_report)
        return pe_render_report(p, out);
    if (strcmp(o->format, "json") == 0)
        return pe_render_json(p, out);
    if (strcmp(o->format, "markdown") == 0)
        return pe_render_markdown(p, out);
    if (strcmp(o->format, "csv") == 0 || strcmp(o->format, "tsv") == 0) {
        pe_csv_out_opts c = {.delimiter = o->format[0] == 't' ? '\t' : ',',
                             .bom = o->bom};
        return pe_render_csv(p, &c, out);
    }
    {
        pe_table_opts t = {.width = terminal_width(),
                           .ambiguous_wide = o->ambiguous_wide};
        return pe_render_table(p, &t, out);
    }
}

/* A total that leaves rows out is no total: say which cells to fill (1),
 * and why a cell may read blank (a formula saved without its value), and
 * the caller writes nothing. */
static int unscored(const pe_project *p)
{
    if (!pe_project_unscored(p))
        return 0;
    for (size_t i = 0; i < pe_project_nfindings(p); i++) {
        const pe_finding *f = pe_project_finding(p, i);
        const char *sev = strcmp(f->code, "no-score") == 0           ? "error"
                          : strcmp(f->code, "formula-no-value") == 0 ? "warning"
                                                                     : NULL;

        if (!sev)
            continue;
        if (f->line > 0)
            say("perfeval: %s:%ld: %s: %s\n", pe_project_source(p), f->line,
                sev, f->msg);
        else
            say("perfeval: %s: %s: %s\n", pe_project_source(p), sev, f->msg);
    }
    return 1;
}

/* perfeval score, and perfeval report (o->is_report): one table, scored,
 * in the form --format names. */
static int cmd_score(const opts *o, const char *path)
{
    pe_buf out = {.data = NULL};
    pe_project *p = NULL;
    pe_error err = {.line = 0};
    pe_rules rules;
    pe_sink *sink = NULL;
    pe_status st;
    int rc = EXIT_OK, long_rc;
    /* a workbook or a Word document is written by its name */
    int to_file =
        strcmp(o->format, "xlsx") == 0 || strcmp(o->format, "docx") == 0;
    /* the long format has records, not a table: csv, json or lines; a
     * report is drafted for one table */
    int allow_long = !o->is_report && strcmp(o->format, "markdown") != 0 &&
                     strcmp(o->format, "tsv") != 0 && !to_file;

    if (to_file && (!o->output || strcmp(o->output, "-") == 0))
        return usage_error("--format %s needs -o FILE", o->format);
    if (o->rules && (st = load_rules(o->rules, &rules, &err)) != PE_OK)
        return report(&err, st);
    if (!to_file &&
        (st = pe_sink_open(o->output ? o->output : "-", &sink, &err)) != PE_OK)
        return report(&err, st);
    st = read_table(o, path, o->rules ? &rules : NULL, 0, allow_long, sink, &p,
                    NULL, NULL, &long_rc, &err);
    if (st != PE_OK) {
        /* a long file broken by a line that cannot be read: the -o file
         * gets what standard output would, the records before it */
        pe_status cst = PE_OK;

        if (long_rc >= 0 && st == PE_EDATA)
            cst = pe_sink_close(sink, 1, &err);
        else
            pe_sink_abort(sink);
        return cst == PE_OK ? report(&err, st) : report(&err, cst);
    }
    if (!p) {
        /* a long-format file: its records are written already */
        if ((st = pe_sink_close(sink, 1, &err)) != PE_OK)
            return report(&err, st);
        return long_rc;
    }
    if (unscored(p)) {
        pe_sink_abort(sink);
        pe_project_free(p);
        return EXIT_DATA;
    }
    if (to_file) {
        st = o->is_report ? pe_render_report_docx(p, o->output, &err)
                          : pe_render_xlsx(p, o->output, &err);
    } else {
        if ((st = render(o, p, &out)) == PE_OK)
            st = pe_sink_write(sink, out.data, out.len, &err);
        else
            snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
        if (st == PE_OK)
            st = pe_sink_close(sink, 1, &err);
        else
            pe_sink_abort(sink);
    }
    if (st != PE_OK)
        rc = report(&err, st);
    else
        print_findings(o, pe_project_source(p), p);
    pe_buf_free(&out);
    pe_project_free(p);
    return rc;
}

/* What check counts: files named, tables in them (a workbook may hold
 * several), the ones that could not be loaded, and the findings. */
typedef struct tally {
    size_t files, tables, failed, errors, warnings, infos;
    pe_status st; /* the first failure to build the output (memory) */
} tally;

/* Keep the first failure of a series of appends. */
static void keep(pe_status *st, pe_status s)
{
    if (*st == PE_OK)
        *st = s;
}

/* The findings of one scored table into out; its exit code. */
static int check_project(const opts *o, pe_check_format fmt, pe_project *p,
                         const char *name, pe_buf *out, tally *t, int *first)
{
    int rc = EXIT_OK;
    size_t n;

    if (fmt == PE_CHECK_JSON && *first)
        keep(&t->st, pe_buf_puts(out, "{\"findings\": ["));
    else if (fmt == PE_CHECK_CSV && *first)
        keep(&t->st, pe_buf_puts(out, PE_CHECK_CSV_HEADER));
    if (fmt == PE_CHECK_TABLE)
        keep(&t->st, pe_term_text(out, name, strlen(name), 0));
    if (fmt == PE_CHECK_TABLE && pe_project_unscored(p)) {
        keep(&t->st, pe_buf_printf(out,
                                   ": total incomplete: %zu row%s without a "
                                   "score\n",
                                   pe_project_unscored(p),
                                   pe_project_unscored(p) == 1 ? "" : "s"));
    } else if (fmt == PE_CHECK_TABLE) {
        char total[PE_DEC_BUFSIZE];

        keep(&t->st, pe_buf_printf(out, ": total %s %s\n",
                                   pe_dec_format(pe_project_total(p), total),
                                   pe_project_grade(p)));
    }
    *first = 0;
    n = pe_project_nfindings(p);
    for (size_t i = 0; i < n; i++) {
        const pe_finding *f = pe_project_finding(p, i);
        int first_finding = t->errors + t->warnings + t->infos == 0;

        if (f->severity == PE_SEV_ERROR)
            t->errors++, rc = EXIT_DIFFER;
        else if (f->severity == PE_SEV_WARNING) {
            t->warnings++;
            if (o->strict)
                rc = EXIT_DIFFER;
        } else
            t->infos++;
        if (fmt == PE_CHECK_JSON)
            keep(&t->st, pe_buf_puts(out, first_finding ? "\n  " : ",\n  "));
        keep(&t->st, pe_render_finding(p, i, name, fmt,
                                       (o->zh ? PE_FINDING_ZH : 0) |
                                           (o->color ? PE_FINDING_COLOR : 0),
                                       out));
    }
    return rc;
}

/* --expect on one scored table: 1 when it adds an error finding; -1 for a
 * bad --expect, said on stderr (the same for every file: the run stops). */
static int expect_total(const opts *o, pe_project *p)
{
    pe_error err = {.line = 0};
    int mismatch = 0;

    if (!o->expect)
        return 0;
    if (pe_project_expect_total(p, o->expect, o->tolerance, &mismatch, &err) ==
        PE_EUSAGE) {
        say("perfeval: %s\n", err.msg);
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

/* Every table of a workbook or document, each under its own name. */
static int check_book(const opts *o, pe_check_format fmt, const pe_rules *rules,
                      const char *path, pe_book *b, const pe_buf *bytes,
                      int alone, pe_sink *sink, pe_buf *out, tally *t,
                      int *first, int *was_long)
{
    pe_buf own = {.data = NULL};
    const pe_buf *text = o->report_text;
    int rc = EXIT_OK;

    if (o->report && pe_book_count(b) > 1) {
        say("perfeval: %s holds %zu tables; --report checks one: name it "
            "with --sheet\n",
            path, pe_book_count(b));
        return -EXIT_USAGE;
    }
    /* a Word report holding its own 附件1: its text against that table;
     * a document of several tables has text about several projects */
    if (!text && pe_book_is_document(b) && pe_book_count(b) > 1 && !o->quiet)
        say("perfeval: %s: %zu tables: its text is checked against none of "
            "them (perfeval check --sheet N %s: against table N)\n",
            path, pe_book_count(b), path);
    if (!text && pe_book_is_document(b) && pe_book_count(b) == 1) {
        pe_error err = {.line = 0};
        pe_status st =
            pe_report_text(bytes->data, bytes->len, path, &own, &err);

        if (st != PE_OK) {
            pe_buf_free(&own);
            return report(&err, st);
        }
        text = &own;
    }

    for (size_t i = 0; i < pe_book_count(b); i++) {
        const char *name = pe_book_table_name(b, i);
        pe_error err = {.line = 0};
        pe_project *p = NULL;
        pe_status st;

        if (i)
            t->tables++;
        if (pe_book_table_is_long(b, i)) {
            long_out L = {.o = o,
                          .rules = rules,
                          .sink = sink,
                          .err = &err,
                          .is_check = 1,
                          .rc = EXIT_OK};
            int lrc;

            if (!alone || pe_book_count(b) > 1) {
                say("perfeval: %s: a long-format table is checked on its "
                    "own, not with other tables\n",
                    name);
                return -EXIT_USAGE;
            }
            *was_long = 1;
            st = stream_book(o, b, i, &L, &lrc, &err);
            return st == PE_OK ? lrc : worse(lrc, report(&err, st));
        }
        if ((st = pe_book_table_load(b, i, &p, &err)) == PE_OK)
            st = rule_and_score(o, path, name, rules, 1, 1, p, &err);
        if (st == PE_OK)
            st = check_text(p, text, o->report ? o->report : path, &err);
        if (st != PE_OK) {
            t->failed++;
            rc = worse(rc, report(&err, st));
            pe_project_free(p);
            continue;
        }
        switch (expect_total(o, p)) {
        case -1:
            pe_project_free(p);
            return -EXIT_USAGE;
        default:
            break;
        }
        rc = worse(rc, check_project(o, fmt, p, name, out, t, first));
        pe_project_free(p);
    }
    pe_buf_free(&own);
    return rc;
}

/* Check one file: its findings go into out (or, for a long-format file,
 * its records straight into sink, and *was_long is set); returns its exit
 * code, or -EXIT_USAGE for a usage error that stops the run. */
static int check_one(const opts *o, pe_check_format fmt, const pe_rules *rules,
                     const char *path, int alone, pe_sink *sink, pe_buf *out,
                     tally *t, int *first, int *was_long)
{
    pe_project *p = NULL;
    pe_book *book = NULL;
    pe_buf bytes = {.data = NULL};
    pe_error err = {.line = 0};
    pe_status st;
    int rc, long_rc;

    t->files++;
    t->tables++;
    /* a report is checked against one table, not a province's long file */
    st = read_table(o, path, rules, 1, alone && !o->report, sink, &p, &book,
                    &bytes, &long_rc, &err);
    *was_long = long_rc >= 0;
    if (*was_long && o->expect)
        say("perfeval: %s: --expect is for one table; a "
            "long-format file has many, so it was not used\n",
            path);
    /* a long file broken by a line that cannot be read keeps the records
     * before it (its error is in them); one whose records could not be
     * written stops the run, and nothing is committed */
    if (*was_long && st != PE_OK && st != PE_EDATA) {
        report(&err, st);
        return -EXIT_USAGE;
    }
    if (*was_long)
        return st == PE_OK ? long_rc : worse(long_rc, report(&err, st));
    if (st != PE_OK) {
        t->failed++;
        rc = report(&err, st);
        return st == PE_EUSAGE ? -EXIT_USAGE : rc;
    }
    if (book) {
        rc = check_book(o, fmt, rules, path, book, &bytes, alone, sink, out, t,
                        first, was_long);
        pe_book_free(book);
        pe_buf_free(&bytes);
        return rc;
    }
    if (expect_total(o, p) < 0) {
        pe_project_free(p);
        return -EXIT_USAGE;
    }
    if ((st = check_text(p, o->report_text, o->report, &err)) != PE_OK) {
        t->failed++;
        pe_project_free(p);
        return report(&err, st);
    }
    rc = check_project(o, fmt, p, path, out, t, first);
    pe_project_free(p);
    return rc;
}

/* check --report: the report's text, read once; its exit code on
 * failure, else EXIT_OK. */
static int read_report(const opts *o, pe_buf *text)
{
    pe_error err = {.line = 0};
    pe_status st = pe_report_read(o->report, o->max_file, text, &err);

    return st == PE_OK ? EXIT_OK : report(&err, st);
}

static int cmd_check(const opts *given, int nfiles, char **files)
{
    opts run = *given;
    const opts *o = &run;
    pe_check_format fmt = check_format(o->format);
    pe_error err = {.line = 0};
    pe_rules rules;
    pe_sink *sink;
    pe_buf out = {.data = NULL}, text = {.data = NULL};
    pe_status st;
    tally t = {.st = PE_OK};
    int rc = EXIT_OK, first = 1, was_long = 0;

    if (o->rules && (st = load_rules(o->rules, &rules, &err)) != PE_OK)
        return report(&err, st);
    if (o->report) {
        if ((rc = read_report(o, &text)) != EXIT_OK) {
            pe_buf_free(&text);
            return rc;
        }
        run.report_text = &text;
    }
    if ((st = pe_sink_open(o->output ? o->output : "-", &sink, &err)) !=
        PE_OK) {
        pe_buf_free(&text);
        return report(&err, st);
    }
    for (int i = 0; i < nfiles && !was_long; i++) {
        int one = check_one(o, fmt, o->rules ? &rules : NULL, files[i],
                            nfiles == 1, sink, &out, &t, &first, &was_long);

        if (one < 0) {
            pe_buf_free(&out);
            pe_buf_free(&text);
            pe_sink_abort(sink);
            return EXIT_USAGE;
        }
        rc = worse(rc, one);
    }
    pe_buf_free(&text);
    if (!was_long) {
        if (fmt == PE_CHECK_JSON && first)
            keep(&t.st, pe_buf_puts(&out, "{\"findings\": ["));
        else if (fmt == PE_CHECK_CSV && first)
            keep(&t.st, pe_buf_puts(&out, PE_CHECK_CSV_HEADER));
        if (fmt == PE_CHECK_JSON)
            keep(&t.st,
                 pe_buf_printf(
                     &out,
                     "%s],\n \"summary\": {\"files\": %zu, \"tables\": "
                     "%zu, \"errors\": %zu, \"warnings\": %zu, \"info\": "
                     "%zu, \"failed\": %zu, \"exit\": %d}}\n",
                     t.errors + t.warnings + t.infos ? "\n" : "", t.files,
                     t.tables, t.errors, t.warnings, t.infos, t.failed, rc));
        else if (fmt == PE_CHECK_TABLE && !o->quiet) {
            char tables[48] = "";

            if (t.tables != t.files)
                snprintf(tables, sizeof tables, ", %zu tables", t.tables);
            keep(&t.st,
                 pe_buf_printf(&out,
                               "%zu file%s%s checked: %zu error%s, %zu "
                               "warning%s, %zu info; %zu could not be loaded\n",
                               t.files, t.files == 1 ? "" : "s", tables,
                               t.errors, t.errors == 1 ? "" : "s", t.warnings,
                               t.warnings == 1 ? "" : "s", t.infos, t.failed));
        }
    }
    if (t.st != PE_OK) {
        /* the findings could not be put together: nothing is written */
        pe_buf_free(&out);
        pe_sink_abort(sink);
        say("perfeval: %s\n", pe_strerror(t.st));
        return EXIT_USAGE;
    }
    st = pe_sink_write(sink, out.data ? out.data : "", out.len, &err);
    pe_buf_free(&out);
    if (st == PE_OK)
        st = pe_sink_close(sink, 1, &err);
    else
        pe_sink_abort(sink);
    return st == PE_OK ? rc : report(&err, st);
}

/* perfeval diff OLD NEW: 0 when nothing differs, 1 when something does. */
static int cmd_diff(const opts *o, const char *old_path, const char *new_path)
{
    pe_project *a = NULL, *b = NULL;
    pe_error err = {.line = 0};
    pe_rules rules;
    pe_sink *sink = NULL;
    pe_diff *d = NULL;
    pe_buf out = {.data = NULL};
    pe_status st;
    int rc, long_rc;

    if (o->rules && (st = load_rules(o->rules, &rules, &err)) != PE_OK)
        return report(&err, st);
    st = read_table(o, old_path, o->rules ? &rules : NULL, 0, 0, NULL, &a, NULL,
                    NULL, &long_rc, &err);
    if (st == PE_OK)
        st = read_table(o, new_path, o->rules ? &rules : NULL, 0, 0, NULL, &b,
                        NULL, NULL, &long_rc, &err);
    if (st == PE_OK)
        st = pe_project_diff(a, b, &d);
    if (st == PE_OK)
        st = pe_render_diff(d, strcmp(o->format, "json") == 0, &out);
    if (st == PE_OK)
        st = pe_sink_open(o->output ? o->output : "-", &sink, &err);
    if (st == PE_OK) {
        st = pe_sink_write(sink, out.data, out.len, &err);
        if (st == PE_OK)
            st = pe_sink_close(sink, 1, &err);
        else
            pe_sink_abort(sink);
    }
    if (st == PE_ENOMEM)
        snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
    rc = st != PE_OK        ? report(&err, st)
         : pe_diff_count(d) ? EXIT_DIFFER
                            : EXIT_OK;
    pe_diff_free(d);
    pe_buf_free(&out);
    pe_project_free(a);
    pe_project_free(b);
    return rc;
}

/* perfeval init: a blank 附件1 with the MoF default structure. */
static int cmd_init(const opts *o, int year)
{
    pe_error err = {.line = 0};
    pe_buf out = {.data = NULL};
    pe_status st;

    if (!year) {
        /* as --help says: this year, unless --year says otherwise */
        time_t now = time(NULL);
        const struct tm *tm = localtime(&now);

        year = tm ? tm->tm_year + 1900 : 0;
    }

    if (strcmp(o->format, "xlsx") == 0) {
        pe_project *p;

        if (!o->output || strcmp(o->output, "-") == 0)
            return usage_error("%s", "--format xlsx needs -o FILE");
        if ((st = pe_init_project(year, &p)) == PE_OK)
            st = pe_render_xlsx(p, o->output, &err);
        else
            snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
        pe_project_free(p);
        return st == PE_OK ? EXIT_OK : report(&err, st);
    }
    st = pe_init_template(o->format, year, &out);

    if (st == PE_OK)
        st = pe_io_write_atomic(o->output ? o->output : "-", out.data, out.len,
                                &err);
    else
        snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
    pe_buf_free(&out);
    return st == PE_OK ? EXIT_OK : report(&err, st);
}

/* perfeval rules: the built-in rule sets, or the rules a table is scored
 * by (given, beside it, its own, or read off its numbers) as a rules
 * file. */
static int cmd_rules(const opts *o, int list, const char *path)
{
    pe_error err = {.line = 0};
    pe_rules rules;
    pe_project *p = NULL;
    pe_buf out = {.data = NULL};
    pe_status st = PE_OK;
    int long_rc;

    if (list) {
        const char *name, *desc;

        for (size_t i = 0; (name = pe_rules_builtin_list(i, &desc)); i++)
            if ((st = pe_buf_printf(&out, "%-18s %s\n", name, desc)) != PE_OK)
                break;
    } else {
        if (o->rules && (st = load_rules(o->rules, &rules, &err)) != PE_OK)
            return report(&err, st);
        st = read_table(o, path, o->rules ? &rules : NULL, 0, 0, NULL, &p, NULL,
                        NULL, &long_rc, &err);
        if (st == PE_OK)
            st = pe_rules_render_json(pe_project_rules(p), &out);
    }
    if (st == PE_OK)
        st = pe_io_write_atomic(o->output ? o->output : "-",
                                out.data ? out.data : "", out.len, &err);
    else if (st == PE_ENOMEM)
        snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
    pe_buf_free(&out);
    pe_project_free(p);
    return st == PE_OK ? EXIT_OK : report(&err, st);
}

static int command_bit(const char *name)
{
    return strcmp(name, "score") == 0    ? C_SCORE
           : strcmp(name, "check") == 0  ? C_CHECK
           : strcmp(name, "diff") == 0   ? C_DIFF
           : strcmp(name, "init") == 0   ? C_INIT
           : strcmp(name, "rules") == 0  ? C_RULES
           : strcmp(name, "report") == 0 ? C_REPORT
                                         : 0;
}

/* Which commands take an option (by its getopt code): one a command does
 * not take is a usage error, never silently ignored. */
static int takes(int c)
{
    switch (c) {
    case 'f':
        return C_SCORE | C_CHECK | C_DIFF | C_INIT | C_REPORT;
    case 'o':
    case 'h':
    case 'V':
        return C_SCORE | C_CHECK | C_DIFF | C_INIT | C_RULES | C_REPORT;
    case 'r':
    case 'q':
    case 'e':
    case 'd':
    case 'H':
    case 'M':
    case 'F':
    case 'R':
        return C_READ;
    case 'B':
    case 'A':
        return C_SCORE;
    case 'E':
    case 'T':
    case 'S':
    case 'L':
    case 'C':
    case 'P':
        return C_CHECK;
    case 'Y':
    case 'O':
        return C_INIT;
    case 'l':
        return C_RULES;
    default:
        return 0;
    }
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"rules", required_argument, NULL, 'r'},
        {"ambiguous-wide", no_argument, NULL, 'A'},
        {"quiet", no_argument, NULL, 'q'},
        {"expect", required_argument, NULL, 'E'},
        {"tolerance", required_argument, NULL, 'T'},
        {"strict", no_argument, NULL, 'S'},
        {"lang", required_argument, NULL, 'L'},
        {"color", required_argument, NULL, 'C'},
        {"encoding", required_argument, NULL, 'e'},
        {"delimiter", required_argument, NULL, 'd'},
        {"year", required_argument, NULL, 'Y'},
        {"bom", no_argument, NULL, 'B'},
        {"max-file-size", required_argument, NULL, 'M'},
        {"max-field", required_argument, NULL, 'F'},
        {"max-rows", required_argument, NULL, 'R'},
        {"list", no_argument, NULL, 'l'},
        {"force", no_argument, NULL, 'O'},
        {"sheet", required_argument, NULL, 'H'},
        {"report", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    opts o = {.format = "table",
              .max_file = (size_t)1 << 30,
              .max_field = 64 * 1024,
              .max_rows = 1000000,
              .encoding = PE_ENC_AUTO};
    int is_check, is_init, is_diff, is_rules, list = 0, year = 0, cmdbit;
    int longindex = -1;
    const char *cmd;
    int c;

    /* standard streams closed at start held by the null device; on
     * Windows UTF-8 arguments, binary standard streams, a UTF-8 console */
    if (pe_os_init(&argc, &argv) != 0)
        return EXIT_USAGE;
    pe_io_cleanup_on_signals();
    if (argc < 2)
        return usage_error("%s", "no command given");
    cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return help(0);
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("perfeval %s\n", PE_VERSION);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (strcmp(cmd, "help") == 0) {
        int which = argc > 2 ? command_bit(argv[2]) : 0;

        if (argc > 3 || (argc > 2 && !which))
            return usage_error("%s", "help takes one command: score, check, "
                                     "diff, init, rules or report");
        return help(which);
    }
    if (!(cmdbit = command_bit(cmd))) {
        if (pe_os_exists(cmd))
            return usage_error("unknown command '%s'; to score that file: "
                               "perfeval score %s",
                               cmd, cmd);
        return usage_error("unknown command '%s'", cmd);
    }
    is_check = strcmp(cmd, "check") == 0;
    is_init = strcmp(cmd, "init") == 0;
    is_diff = strcmp(cmd, "diff") == 0;
    is_rules = strcmp(cmd, "rules") == 0;
    o.is_report = cmdbit == C_REPORT;
    if (o.is_report)
        o.format = "markdown";
    if (is_init)
        o.format = "json";

    /* getopt sees "perfeval" as its program name, so its own messages
     * ("perfeval: unrecognized option '--x'") read right */
    {
        static char progname[] = "perfeval";
        argv[1] = progname;
    }
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "f:o:r:e:d:qhV", longopts,
                            &longindex)) != -1) {
        if (c != '?' && !(takes(c) & cmdbit)) {
            char typed[32];

            if (longindex >= 0)
                snprintf(typed, sizeof typed, "--%s", longopts[longindex].name);
            else
                snprintf(typed, sizeof typed, "-%c", c);
            return usage_error("%s does not take %s (see perfeval %s --help)",
                               cmd, typed, cmd);
        }
        longindex = -1;
        switch (c) {
        case 'f': {
            const char *fmts = is_init    ? "json csv xlsx"
                               : is_diff  ? "table json"
                               : is_check ? "table json csv"
                               : cmdbit == C_REPORT
                                   ? "markdown docx"
                                   : "table json markdown csv tsv xlsx";
            const char *hit = strstr(fmts, optarg);
            size_t n = strlen(optarg);

            if (!n || !hit || (hit != fmts && hit[-1] != ' ') ||
                (hit[n] != ' ' && hit[n] != '\0'))
                return usage_error("unknown format '%s' (%s)", optarg, fmts);
            o.format = optarg;
            break;
        }
        case 'M':
        case 'F':
        case 'R': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);

            if (*end || !*optarg || optarg[0] == '-' || v == 0)
                return usage_error("--%s '%s' is not a positive number",
                                   c == 'M'   ? "max-file-size"
                                   : c == 'F' ? "max-field"
                                              : "max-rows",
                                   optarg);
            *(c == 'M'   ? &o.max_file
              : c == 'F' ? &o.max_field
                         : &o.max_rows) = (size_t)v;
            break;
        }
        case 'B':
            o.bom = 1;
            break;
        case 'H':
            o.sheet = optarg;
            break;
        case 'O':
            o.force = 1;
            break;
        case 'l':
            list = 1;
            break;
        case 'Y': {
            char *end;
            long y = strtol(optarg, &end, 10);

            if (*end || y < 1900 || y > 2200)
                return usage_error("--year '%s' is not a year", optarg);
            year = (int)y;
            break;
        }
        case 'E':
            o.expect = optarg;
            break;
        case 'P':
            o.report = optarg;
            break;
        case 'T':
            o.tolerance = optarg;
            break;
        case 'S':
            o.strict = 1;
            break;
        case 'e':
            if (pe_encoding_from_name(optarg, &o.encoding) != PE_OK ||
                o.encoding == PE_ENC_UTF16)
                return usage_error("unknown encoding '%s' (auto, utf-8, "
                                   "gb18030)",
                                   optarg);
            break;
        case 'd':
            if (pe_csv_delimiter_from_name(optarg, &o.delimiter) != PE_OK)
                return usage_error("unknown delimiter '%s' (comma, semicolon, "
                                   "tab)",
                                   optarg);
            break;
        case 'C':
            if (strcmp(optarg, "auto") == 0)
                o.color_mode = 0;
            else if (strcmp(optarg, "always") == 0)
                o.color_mode = 1;
            else if (strcmp(optarg, "never") == 0)
                o.color_mode = -1;
            else
                return usage_error("unknown --color '%s' (auto, always, never)",
                                   optarg);
            break;
        case 'L':
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "zh") != 0)
                return usage_error("unknown language '%s' (en, zh)", optarg);
            o.zh = strcmp(optarg, "zh") == 0;
            break;
        case 'o':
            o.output = optarg;
            break;
        case 'r':
            o.rules = optarg;
            break;
        case 'A':
            o.ambiguous_wide = 1;
            break;
        case 'q':
            o.quiet = 1;
            break;
        case 'h':
            return help(cmdbit);
        case 'V':
            printf("perfeval %s\n", PE_VERSION);
            return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
        default:
            fputs("Try 'perfeval --help' for more information.\n", stderr);
            return EXIT_USAGE;
        }
    }
    o.color = want_color(o.color_mode, PE_OS_STDOUT);
    rules_max = o.max_file;
    if (output_is_input(&o, argc - 1 - optind, argv + 1 + optind))
        return EXIT_USAGE;
    if (is_init) {
        pe_os_info sb;

        if (argc - 1 - optind != 0)
            return usage_error("%s", "init takes no FILE; use -o FILE");
        /* a blank form over a file that exists would lose its filling */
        if (o.output && strcmp(o.output, "-") != 0 && !o.force &&
            pe_os_stat(o.output, &sb) == 0 && sb.kind == PE_OS_FILE) {
            say("perfeval: %s exists: init writes a blank form; use "
                "--force to replace it\n",
                o.output);
            return EXIT_USAGE;
        }
        return cmd_init(&o, year);
    }
    if (is_rules) {
        if (list ? argc - 1 - optind != 0 : argc - 1 - optind != 1)
            return usage_error("%s", list ? "rules --list takes no FILE"
                                          : "rules needs one FILE (or --list)");
        return cmd_rules(&o, list, list ? NULL : argv[1 + optind]);
    }
    if (is_diff) {
        if (argc - 1 - optind != 2)
            return usage_error("%s", "diff needs two files: OLD NEW");
        return cmd_diff(&o, argv[1 + optind], argv[2 + optind]);
    }
    if (is_check) {
        if (argc - 1 - optind < 1)
            return usage_error("%s", "check needs at least one FILE");
        if (o.tolerance && !o.expect)
            return usage_error("%s", "--tolerance needs --expect");
        if (o.report && argc - 1 - optind != 1)
            return usage_error("%s", "--report checks a report against one "
                                     "table: give one FILE");
        if (o.report && strcmp(o.report, "-") == 0 &&
            strcmp(argv[1 + optind], "-") == 0)
            return usage_error("%s", "--report - and FILE - cannot both be "
                                     "standard input");
        return cmd_check(&o, argc - 1 - optind, argv + 1 + optind);
    }
    if (argc - 1 - optind != 1)
        return usage_error("%s %s", cmd,
                           argc - 1 - optind < 1
                               ? "needs one FILE (or - for stdin)"
                               : "takes one FILE");
    return cmd_score(&o, argv[1 + optind]);
}
