/* The perfeval command line: argument parsing, reading, printing, exit
 * codes.  Everything else is in the library. */
#include "os.h"
#include "os.h"
#include "perfeval.h"

#include <getopt.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The language of this run's words (po/README.md): --lang, else the
 * environment.  The one piece of state the tool keeps beside opts, since
 * every message, from the first usage error on, is said in it. */
static pe_lang ui_lang = PE_LANG_EN;

/* A message in this run's language; N_() marks a text translated when it
 * is printed, Q_() a message with an English plural. */
#define _(s) pe_message(ui_lang, s)
#define N_(s) s
#define Q_(s, pl, n) pe_message_n(ui_lang, s, pl, (unsigned long)(n))

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
static const char help_overview[] = N_(
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
    "\n");

static const char help_file[] = N_(
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
    "\n");

static const char help_score[] = N_(
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
    "\n");

static const char help_check[] = N_(
    "Usage: perfeval check [OPTIONS] FILE|FOLDER...\n"
    "Review (复核) filled-in tables against the rules and list what breaks\n"
    "them or does not add up, one finding per line.\n"
    "\n"
    "  -f, --format FMT     table (default), json or csv; with --summary\n"
    "                       also xlsx (needs -o FILE)\n"
    "  -o, --output FILE    write the findings to FILE (all or nothing)\n"
    "      --summary        one record per table instead of the findings:\n"
    "                       file, sheet, 项目名称, 主管部门, 实施单位, year,\n"
    "                       total, printed total, difference, grades, rules,\n"
    "                       counts, status (ok, findings, unloadable), reason\n"
    "      --rollup         the 复核汇总 instead: per 主管部门 and overall, "
    "the\n"
    "                       tables, grades, mean/lowest/highest total, money\n"
    "                       in 万元 with its 执行率, errors, unloadable\n"
    "      --bom            --summary or --rollup -f csv: start with a UTF-8\n"
    "                       byte-order mark (Excel)\n"
    "      --ambiguous-wide --summary table: East Asian ambiguous characters\n"
    "                       take 2 columns\n"
    "      --files-from LIST  check the files named in LIST (- for standard\n"
    "                       input), one a line\n"
    "  -0, --null           the names in LIST end with a NUL byte (find\n"
    "                       -print0)\n"
    "  -j, --jobs N         --summary, --rollup: check N files at a time; a\n"
    "                       long-format file: read on N cores\n"
    "                       (default: the processors); the output is the same\n"
    "      --progress       --summary, --rollup: say how far the run is on\n"
    "                       standard error (by default only on a terminal,\n"
    "                       and after a second)\n"
    "  -r, --rules RULES    check by the rules file or built-in rule set "
    "RULES\n"
    "      --expect TOTAL   the published total; compared at its printed "
    "places\n"
    "      --tolerance T    allow the total to differ from TOTAL by T\n"
    "      --strict         warnings count as failures\n"
    "      --severity LEVEL list only findings at LEVEL or above: error,\n"
    "                       warning or info (default); counts stay whole\n"
    "  -q, --quiet          leave out the summary line\n"
    "      --color WHEN     auto (default: on a terminal, unless NO_COLOR is\n"
    "                       set), always or never\n"
    "      --report REPORT  check the 绩效自评报告 REPORT (.txt, .md, .docx)\n"
    "                       against the one table FILE: its money, 执行率,\n"
    "                       得分, 等级, year and indicators\n"
    "\n"
    "A Word report (.docx) holding its own 附件1 table is checked alone:\n"
    "its text against that table.  A FOLDER is read with its subfolders,\n"
    "in name order; its .csv .tsv .txt .json .xlsx .xls and .docx files\n"
    "are the tables, the others are skipped and counted.\n"
    "\n");

static const char help_diff[] = N_(
    "Usage: perfeval diff [OPTIONS] OLD NEW\n"
    "What changed between two tables: rows added, removed, renamed or\n"
    "changed, the funds, the total and the grade.  Exit 0 when nothing\n"
    "differs, 1 when something does.  OLD and NEW may be two folders\n"
    "(last year's desk, this year's): one line per project (项目名称 and\n"
    "实施单位) with both totals and grades, the change, and whether it is\n"
    "the same, changed, appeared or disappeared.\n"
    "\n"
    "  -f, --format FMT     table (default) or json\n"
    "  -o, --output FILE    write to FILE (all or nothing) instead of stdout\n"
    "  -r, --rules RULES    score both by the rules file or rule set RULES\n"
    "  -q, --quiet          do not say on standard error how they were scored\n"
    "\n");

static const char help_init[] = N_(
    "Usage: perfeval init [OPTIONS]\n"
    "Write a blank 附件1 with the MoF default structure and rules, ready to\n"
    "fill in.\n"
    "\n"
    "  -f, --format FMT     json (default), csv or xlsx (xlsx needs -o FILE)\n"
    "      --year YEAR      the budget year (default: this year)\n"
    "      --unit           write a blank unit profile instead, for\n"
    "                       perfeval report --unit FILE\n"
    "  -o, --output FILE    write to FILE instead of stdout\n"
    "      --force          replace FILE when it exists (it would be lost)\n"
    "\n");

static const char help_rules[] = N_(
    "Usage: perfeval rules [OPTIONS] FILE\n"
    "       perfeval rules --list\n"
    "Print the rules FILE is scored by (given with -r, found beside it, its\n"
    "own, or read off its numbers) as a rules file to keep beside it.\n"
    "\n"
    "  -r, --rules RULES    the rules file or built-in rule set to start from\n"
    "  -o, --output FILE    write to FILE (all or nothing) instead of stdout\n"
    "  -q, --quiet          do not say how the rules were found\n"
    "      --list           list the built-in rule sets\n"
    "\n");

static const char help_report[] = N_(
    "Usage: perfeval report [OPTIONS] FILE\n"
    "       perfeval report [OPTIONS] --outdir DIR FILE...\n"
    "Draft the 绩效自评报告 from a table: the standard sections, every\n"
    "number taken from the table, the parts only people know marked\n"
    "待填写, and the 附件1 itself.\n"
    "\n"
    "  -f, --format FMT     markdown (default) or docx (needs -o FILE)\n"
    "  -o, --output FILE    write to FILE (all or nothing) instead of stdout\n"
    "  -r, --rules RULES    score by the rules file or rule set RULES\n"
    "      --outdir DIR     draft a report per table of the FILEs into DIR,\n"
    "                       each named by its title, never over a file\n"
    "      --unit FILE      fill what only the unit knows (单位职能,\n"
    "                       评价工作组织, 存在的问题, 结果应用, the 落款)\n"
    "                       from the unit profile FILE (perfeval init --unit)\n"
    "  -q, --quiet          do not print warnings to standard error\n"
    "\n");

static const char help_reading[] = N_(
    "Reading a table:\n"
    "      --sheet NAME|N   the workbook sheet (or the document's Nth table)\n"
    "                       to read; hidden sheets only when named\n"
    "  -e, --encoding ENC   auto (default: UTF-8, else GB18030), utf-8 or\n"
    "                       gb18030\n"
    "  -d, --delimiter D    comma, semicolon or tab (default: detected)\n"
    "      --max-file-size N  refuse a table or a --report, or a part of a\n"
    "                         workbook once unpacked, over N bytes (1 GiB; a\n"
    "                         long-format file is streamed, never held)\n"
    "      --max-unpacked N   refuse a workbook or document whose parts\n"
    "                         unpack to more than N bytes in all (128 MiB)\n"
    "      --max-cells N      refuse a workbook sheet or document table of\n"
    "                         more than N cells, or a workbook of more than\n"
    "                         N shared strings (2,000,000)\n"
    "      --max-field N      long format: refuse a field over N bytes (64 "
    "KiB)\n"
    "      --max-rows N       long format: refuse a project over N rows\n"
    "                         (default 1,000,000)\n"
    "\n");

static const char help_exit[] = N_(
    "      --lang LANG      zh or en: the language of messages, findings and\n"
    "                       help (default: LANGUAGE, LC_ALL, LC_MESSAGES,\n"
    "                       LANG; zh* is Chinese); also before the command\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "Exit status:\n"
    "  0  success; check: no finding at error level; diff: no difference\n"
    "  1  check: errors found, or the total is not --expect; diff: the\n"
    "     tables differ\n"
    "  2  usage or input/output trouble\n"
    "  3  invalid input data\n"
    "check of many files: the highest that applies (3 over 2 over 1).\n");

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

    fputs(_(text), stdout);
    if (cmd == 0 || (cmd & C_READ))
        fputs(_(help_file), stdout);
    if (cmd & C_READ)
        fputs(_(help_reading), stdout);
    fputs(_(help_exit), stdout);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
}

/* check -j: a worker's messages, kept to be printed in input order, so
 * that standard error reads as it does with -j 1.  NULL: straight out. */
static _Thread_local pe_buf *say_into;

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
    if (pe_buf_vprintf(&raw, _(fmt), ap) == PE_OK && raw.data) {
        const char *text =
            pe_term_text(&safe, raw.data, raw.len, 1) == PE_OK && safe.data
                ? safe.data
                : raw.data;

        /* out of memory for the worker's list: said now, out of order */
        if (!say_into || pe_buf_puts(say_into, text) != PE_OK)
            fputs(text, stderr);
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
    vsnprintf(msg, sizeof msg, _(fmt), ap);
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
            _(pe_strerror(st)));
    else
        say("perfeval: %s\n",
            pe_error_format_lang(err, ui_lang, line, sizeof line));
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
    const char *unit;          /* --unit: report's profile; init: "" */
    const pe_unit *profile;    /* report: the profile, loaded */
    const char *outdir;        /* report --outdir: a report per table */
    int ambiguous_wide;
    int quiet;
    int strict;
    int force;     /* init: replace an existing -o file */
    int is_report; /* the command is report */
    int zh;
    int bom;                /* CSV output starts with a UTF-8 byte-order mark */
    int color;              /* resolved: 1 when ANSI colour goes to stdout */
    size_t max_file;        /* bytes of one input file */
    size_t max_cells;       /* cells of one workbook sheet or document table */
    size_t max_unpacked;    /* bytes a workbook's parts unpack to, together */
    size_t max_field;       /* bytes of one long-format field */
    size_t max_rows;        /* indicator rows of one long-format project */
    pe_encoding encoding;   /* of CSV input */
    char delimiter;         /* of CSV input; 0 detects it */
    int color_mode;         /* 0 auto, 1 always, -1 never */
    int summary;            /* check --summary: one record per table */
    const char *files_from; /* check --files-from: a list of names */
    int null;               /* -0: that list is NUL-separated */
    pe_severity min_severity; /* check --severity: the findings listed */
    int rollup;   /* check --rollup: the 复核汇总 instead of the records */
    int jobs;     /* check -j: files checked at a time; 0 the processors */
    int progress; /* check --progress: 1 shown, 0 on a terminal */
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
    if (ui_lang == PE_LANG_ZH)
        return s == PE_SEV_ERROR     ? "错误"
               : s == PE_SEV_WARNING ? "警告"
                                     : "提示";
    return s == PE_SEV_ERROR     ? "error"
           : s == PE_SEV_WARNING ? "warning"
                                 : "note";
}

/* A finding's message in this run's language. */
static const char *finding_msg(const pe_finding *f)
{
    return ui_lang == PE_LANG_ZH && f->msg_zh && f->msg_zh[0] ? f->msg_zh
                                                              : f->msg;
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
                severity_word(f->severity), finding_msg(f));
        else
            say("perfeval: %s: %s: %s\n", path, severity_word(f->severity),
                finding_msg(f));
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
static int same_file(const char *path, const pe_os_info *sb);

static pe_status sidecar_rules(const opts *o, const char *path, pe_project *p,
                               pe_error *err, int *found)
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
        same_file(side, &out))
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
static int output_is_input(const opts *o, int n, char *const *paths,
                           const pe_paths *more)
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
    for (size_t i = 0; i < (size_t)n + pe_paths_count(more) && !clash; i++) {
        const char *path =
            i < (size_t)n ? paths[i] : pe_paths_get(more, i - (size_t)n);

        if (same_file(path, &out))
            clash = path;
        else if (!o->rules && pe_rules_beside(path, side, sizeof side) &&
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
    fo->max_cells = o->max_cells;
    fo->max_unpacked = o->max_unpacked;
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
    fo->long_opts.threads = o->jobs; /* 0: PERFEVAL_THREADS, or the cores */
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
/* How the rules were inferred, in this run's language: the note's own
 * words, or the Chinese of the "rules" finding that carries it. */
static const char *rules_note(const pe_project *p)
{
    for (size_t i = 0; ui_lang == PE_LANG_ZH && i < pe_project_nfindings(p);
         i++)
        if (strcmp(pe_project_finding(p, i)->code, "rules") == 0)
            return finding_msg(pe_project_finding(p, i));
    return pe_project_rules_note(p);
}

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
    else if (pe_project_has_rules(p) && strcmp(name, path) != 0 && !o->quiet)
        /* a workbook's table (path:sheet) with rules: its hidden sheet's,
         * which the clerk cannot see on the form */
        say("perfeval: %s: scored by the rules in the workbook's hidden "
            "sheet \"perfeval\" (%s)\n",
            name, pe_project_rules(p)->name);
    if (st == PE_OK && !rules && !sidecar && !pe_project_has_rules(p)) {
        st = pe_project_infer_rules(p, err);
        /* check lists it among the findings */
        if (st == PE_OK && !o->quiet && !is_check &&
            strcmp(pe_project_rules(p)->name, PE_RULES_INFERRED) == 0)
            say("perfeval: %s: %s\n", name, rules_note(p));
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
        return pe_render_report_unit(p, o->profile, out);
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
        const char *sev = strcmp(f->code, "no-score") == 0
                              ? severity_word(PE_SEV_ERROR)
                          : strcmp(f->code, "formula-no-value") == 0
                              ? severity_word(PE_SEV_WARNING)
                              : NULL;

        if (!sev)
            continue;
        if (f->line > 0)
            say("perfeval: %s:%ld: %s: %s\n", pe_project_source(p), f->line,
                sev, finding_msg(f));
        else
            say("perfeval: %s: %s: %s\n", pe_project_source(p), sev,
                finding_msg(f));
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
        st = o->is_report
                 ? pe_render_report_docx_unit(p, o->profile, o->output, &err)
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

/* A name in dir for the report of p that no file has: its title, then
 * "（2）", "（3）" … before the extension; into path.  Never a file that
 * exists (the check and the write are not one step: a file made in
 * between by someone else would still be replaced). */
static pe_status free_name(const char *dir, const pe_project *p,
                           const char *ext, pe_buf *path)
{
    pe_buf name = {.data = NULL};
    pe_status st = pe_report_file_name(p, ext, &name);
    int link;

    for (int k = 1; st == PE_OK && k < 1000; k++) {
        size_t stem = name.len - strlen(ext) - 1;

        path->len = 0;
        st = pe_buf_printf(path, "%s/%.*s", dir, (int)stem, name.data);
        if (st == PE_OK && k > 1)
            st = pe_buf_printf(path, "（%d）", k);
        if (st == PE_OK)
            st = pe_buf_printf(path, ".%s", ext);
        if (st == PE_OK && pe_os_lstat_is_link(path->data, &link) != 0 &&
            errno == ENOENT)
            break;
    }
    pe_buf_free(&name);
    return st;
}

/* perfeval report --outdir DIR FILE...: a report per table, named by its
 * title, in DIR, never over a file there; each written is said on
 * standard output.  The worst exit code. */
static int cmd_report_dir(const opts *o, int n, char **files)
{
    const char *ext = strcmp(o->format, "docx") == 0 ? "docx" : "md";
    pe_rules rules;
    pe_error err = {.line = 0};
    pe_status st;
    pe_os_info sb;
    int rc = EXIT_OK;

    if (pe_os_stat(o->outdir, &sb) != 0 || sb.kind != PE_OS_DIR) {
        say("perfeval: %s: not a directory (--outdir)\n", o->outdir);
        return EXIT_USAGE;
    }
    if (o->rules && (st = load_rules(o->rules, &rules, &err)) != PE_OK)
        return report(&err, st);
    for (int i = 0; i < n; i++) {
        pe_project *p = NULL;
        pe_buf path = {.data = NULL}, out = {.data = NULL};
        int long_rc;

        st = read_table(o, files[i], o->rules ? &rules : NULL, 0, 0, NULL, &p,
                        NULL, NULL, &long_rc, &err);
        if (st != PE_OK) {
            rc = worse(rc, report(&err, st));
            continue;
        }
        if (unscored(p)) {
            rc = worse(rc, EXIT_DATA);
            pe_project_free(p);
            continue;
        }
        memset(&err, 0, sizeof err);
        st = free_name(o->outdir, p, ext, &path);
        if (st == PE_OK && strcmp(ext, "docx") == 0)
            st = pe_render_report_docx_unit(p, o->profile, path.data, &err);
        else if (st == PE_OK &&
                 (st = pe_render_report_unit(p, o->profile, &out)) == PE_OK)
            st = pe_io_write_atomic(path.data, out.data, out.len, &err);
        if (st != PE_OK && !err.msg[0])
            snprintf(err.file, sizeof err.file, "%s", files[i]);
        if (st != PE_OK) {
            rc = worse(rc, report(&err, st));
        } else {
            print_findings(o, pe_project_source(p), p);
            printf("%s\n", path.data);
        }
        pe_buf_free(&path);
        pe_buf_free(&out);
        pe_project_free(p);
    }
    return fflush(stdout) == 0 ? rc : worse(rc, EXIT_USAGE);
}

/* Keep the first failure of a series of appends. */
static void keep(pe_status *st, pe_status s)
{
    if (*st == PE_OK)
        *st = s;
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

/* The findings of one scored table into out; its exit code. */
static int check_project(const opts *o, pe_check_format fmt, pe_project *p,
                         const char *name, pe_buf *out, tally *t, int *first)
{
    int rc = EXIT_OK;
    pe_buf safe = {.data = NULL};
    size_t n;

    if (t->sum) {
        pe_summary_record *r;
        pe_status st =
            pe_summary_record_new(p, t->path, sheet_of(t->path, name), t->rules,
                                  t->strict ? PE_SUMMARY_STRICT : 0, &r);

        if (st == PE_OK)
            st = pe_summary_add(t->sum, r);
        keep(&t->st, st);
        if (st != PE_OK)
            return EXIT_OK;
        t->errors += r->errors;
        t->warnings += r->warnings;
        t->infos += r->infos;
        return r->status == PE_SUMMARY_FINDINGS ? EXIT_DIFFER : EXIT_OK;
    }
    if (fmt == PE_CHECK_JSON && *first)
        keep(&t->st, pe_buf_puts(out, "{\"findings\": ["));
    else if (fmt == PE_CHECK_CSV && *first)
        keep(&t->st, pe_buf_puts(out, PE_CHECK_CSV_HEADER));
    if (fmt == PE_CHECK_TABLE)
        keep(&t->st, pe_term_text(out, name, strlen(name), 0));
    if (fmt == PE_CHECK_TABLE && pe_project_unscored(p)) {
        keep(&t->st, pe_buf_printf(out,
                                   Q_(": total incomplete: %zu row without "
                                      "a score\n",
                                      ": total incomplete: %zu rows without "
                                      "a score\n",
                                      pe_project_unscored(p)),
                                   pe_project_unscored(p)));
    } else if (fmt == PE_CHECK_TABLE) {
        char total[PE_DEC_BUFSIZE];

        keep(&t->st, pe_buf_printf(out, _(": total %s %s\n"),
                                   pe_dec_format(pe_project_total(p), total),
                                   pe_project_grade(p)));
    }
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
            t->errors++, rc = EXIT_DIFFER;
        else if (f->severity == PE_SEV_WARNING) {
            t->warnings++;
            if (o->strict)
                rc = EXIT_DIFFER;
        } else
            t->infos++;
        /* --severity: listed from there up; counted all the same */
        if (f->severity < o->min_severity)
            continue;
        t->listed++;
        if (fmt == PE_CHECK_JSON)
            keep(&t->st, pe_buf_puts(out, first_finding ? "\n  " : ",\n  "));
        keep(&t->st, pe_render_finding(p, i, safe.data ? safe.data : name, fmt,
                                       (o->zh ? PE_FINDING_ZH : 0) |
                                           (o->color ? PE_FINDING_COLOR : 0),
                                       out));
    }
    pe_buf_free(&safe);
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
                if (!t->sum)
                    return -EXIT_USAGE;
                /* --summary: one record, and the other tables go on */
                snprintf(err.msg, sizeof err.msg,
                         "a long-format table is checked on its own, not "
                         "with other tables");
                t->failed++;
                summary_fail(t, name, &err);
                rc = worse(rc, EXIT_DATA);
                continue;
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
            summary_fail(t, name, &err);
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
    t->path = path;
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
        summary_fail(t, path, &err);
        rc = report(&err, st);
        /* --summary: a file refused is one record; the others go on */
        if (st == PE_EUSAGE)
            return t->sum ? EXIT_DATA : -EXIT_USAGE;
        return rc;
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
        summary_fail(t, path, &err);
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

/* check --summary -j N: one file's check, on a worker thread or not.  It
 * has its tally and its records to itself; the run takes them over in
 * input order, its messages too. */
typedef struct job {
    const char *path;
    tally t;
    pe_buf said; /* its messages to standard error */
    int rc;      /* check_one's */
    int done;
} job;

typedef struct pool {
    const opts *o;
    pe_check_format fmt;
    const pe_rules *rules;
    job *jobs;
    size_t n;
    size_t next;   /* the next job to start */
    size_t merged; /* jobs the run has taken over */
    size_t window; /* how far ahead of it workers may go: memory */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pool;

static void run_job(const pool *P, job *j)
{
    pe_buf unused = {.data = NULL};
    int first = 1, was_long = 0;

    j->t.st = PE_OK;
    j->t.rules = P->o->rules;
    j->t.strict = P->o->strict;
    if (!(j->t.sum = pe_summary_new())) {
        j->t.st = PE_ENOMEM;
        return;
    }
    say_into = &j->said;
    /* alone = 0: a long-format file is a record, not a stream */
    j->rc = check_one(P->o, P->fmt, P->rules, j->path, 0, NULL, &unused, &j->t,
                      &first, &was_long);
    say_into = NULL;
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

/* Seconds since some fixed point, for the progress line only. */
static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The progress line on standard error: "checked 120 of 2000 files". */
typedef struct progress {
    int on;  /* --progress, or standard error is a terminal */
    int tty; /* erase the line rather than end it */
    int shown;
    double start, last;
} progress;

static void progress_show(progress *pg, size_t i, size_t n, int forced)
{
    double t = now();

    if (!pg->on || (!forced && t - pg->start < 1.0) ||
        (i < n && t - pg->last < 0.2))
        return;
    pg->last = t;
    pg->shown = 1;
    fprintf(stderr, "\rperfeval: checked %zu of %zu files", i, n);
    fflush(stderr);
}

/* Before a message or at the end: the progress line out of the way. */
static void progress_clear(progress *pg)
{
    if (!pg->shown)
        return;
    fputs(pg->tty ? "\r\033[K" : "\n", stderr);
    pg->shown = 0;
}

/* Job j into the run: its messages said, its records and counts taken
 * over.  -1 for a usage error that stops the run. */
static int take_job(tally *t, job *j, progress *pg)
{
    if (j->said.len) {
        progress_clear(pg);
        fwrite(j->said.data, 1, j->said.len, stderr);
    }
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
static size_t thread_count(const opts *o, size_t n)
{
    long cpus = (long)pe_os_cpu_count();
    size_t k = o->jobs ? (size_t)o->jobs : cpus > 0 ? (size_t)cpus : 1;

    return k > n ? (n ? n : 1) : k;
}

/* check --summary: one record per table, unloadable files included, in
 * input order; csv and json streamed, the table and the workbook when
 * every table is done.  -j N checks N files at a time; what is written
 * is the same as one at a time. */
static int cmd_summary(const opts *o, const pe_paths *files)
{
    pe_check_format fmt = check_format(o->format);
    int xlsx = strcmp(o->format, "xlsx") == 0;
    pe_summary_opts so = {.zh = o->zh,
                          .bom = o->bom,
                          .min_severity = o->min_severity,
                          .ambiguous_wide = o->ambiguous_wide};
    pe_error err = {.line = 0};
    pe_rules rules;
    pe_sink *sink = NULL;
    pe_buf out = {.data = NULL};
    pe_status st = PE_OK;
    tally t = {.st = PE_OK, .rules = o->rules, .strict = o->strict};
    size_t done = 0, n = pe_paths_count(files), nthreads, started = 0;
    int rc = EXIT_OK, stop = 0;
    int stream = !xlsx && fmt != PE_CHECK_TABLE && !o->rollup;
    pthread_t *threads = NULL;
    progress pg = {.on = o->progress > 0 ||
                         (o->progress == 0 && pe_os_isatty(PE_OS_STDERR)),
                   .tty = pe_os_isatty(PE_OS_STDERR),
                   .start = now()};
    pool P = {.o = o,
              .fmt = fmt,
              .rules = o->rules ? &rules : NULL,
              .n = n,
              .mu = PTHREAD_MUTEX_INITIALIZER,
              .cv = PTHREAD_COND_INITIALIZER};

    if (o->rules && (st = load_rules(o->rules, &rules, &err)) != PE_OK)
        return report(&err, st);
    nthreads = thread_count(o, n);
    P.window = 4 * nthreads;
    P.jobs = calloc(n ? n : 1, sizeof *P.jobs);
    if (nthreads > 1)
        threads = calloc(nthreads, sizeof *threads);
    if (!(t.sum = pe_summary_new()) || !P.jobs || (nthreads > 1 && !threads)) {
        pe_summary_free(t.sum);
        free(P.jobs);
        free(threads);
        return report(&err, PE_ENOMEM);
    }
    for (size_t i = 0; i < n; i++)
        P.jobs[i].path = pe_paths_get(files, i);
    if (!xlsx && (st = pe_sink_open(o->output ? o->output : "-", &sink,
                                    &err)) != PE_OK) {
        pe_summary_free(t.sum);
        free(P.jobs);
        free(threads);
        return report(&err, st);
    }
    if (stream && (st = pe_render_summary_begin(fmt, &so, &out)) == PE_OK)
        st = summary_flush(&so, fmt, &t, &done, &out, sink, &err);
    for (; nthreads > 1 && started < nthreads; started++)
        if (pthread_create(&threads[started], NULL, worker, &P) != 0)
            break;
    for (size_t i = 0; i < n && st == PE_OK && t.st == PE_OK; i++) {
        int one;

        if (started == 0) {
            run_job(&P, &P.jobs[i]);
        } else {
            pthread_mutex_lock(&P.mu);
            while (!P.jobs[i].done)
                pthread_cond_wait(&P.cv, &P.mu);
            P.merged = i + 1;
            pthread_cond_broadcast(&P.cv);
            pthread_mutex_unlock(&P.mu);
        }
        if ((one = take_job(&t, &P.jobs[i], &pg)) < 0) {
            stop = 1;
            break;
        }
        rc = worse(rc, one);
        if (stream)
            st = summary_flush(&so, fmt, &t, &done, &out, sink, &err);
        progress_show(&pg, i + 1, n, o->progress > 0);
    }
    /* stopped early: the workers take no more, and end */
    pthread_mutex_lock(&P.mu);
    P.next = P.n;
    pthread_cond_broadcast(&P.cv);
    pthread_mutex_unlock(&P.mu);
    for (size_t k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    for (size_t i = 0; i < n; i++) {
        pe_summary_free(P.jobs[i].t.sum);
        pe_buf_free(&P.jobs[i].said);
    }
    free(P.jobs);
    free(threads);
    progress_clear(&pg);
    if (st == PE_OK && t.st == PE_OK && !stop) {
        if (stream)
            st = pe_render_summary_end(fmt, &so, &out);
        else if (xlsx)
            st = pe_render_summary_xlsx(t.sum, &so, o->output, &err);
        else if (o->rollup)
            st = rollup(t.sum, fmt, &so, &out);
        else if ((st = pe_render_summary_table(t.sum, &so, &out)) == PE_OK &&
                 !o->quiet)
            st = summary_line(t.sum, &out);
        if (st == PE_OK && !xlsx && out.len)
            st = pe_sink_write(sink, out.data, out.len, &err);
    }
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
            return EXIT_USAGE;
        return st != PE_OK ? report(&err, st) : EXIT_USAGE;
    }
    st = pe_sink_close(sink, 1, &err);
    return st == PE_OK ? rc : report(&err, st);
}

static int cmd_check(const opts *given, const pe_paths *files)
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

    if (o->summary)
        return cmd_summary(o, files);
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
    for (size_t i = 0; i < pe_paths_count(files) && !was_long; i++) {
        int one = check_one(o, fmt, o->rules ? &rules : NULL,
                            pe_paths_get(files, i), pe_paths_count(files) == 1,
                            sink, &out, &t, &first, &was_long);

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
                     t.listed ? "\n" : "", t.files, t.tables, t.errors,
                     t.warnings, t.infos, t.failed, rc));
        else if (fmt == PE_CHECK_TABLE && !o->quiet) {
            char tables[48] = "";

            if (t.tables != t.files)
                snprintf(tables, sizeof tables, _(", %zu tables"), t.tables);
            /* TRANSLATORS: the plurals ride in the %s after each count */
            keep(&t.st,
                 pe_buf_printf(&out,
                               _("%zu file%s%s checked: %zu error%s, %zu "
                                 "warning%s, %zu info; %zu could not be "
                                 "loaded\n"),
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

/* One folder's tables into *sum (one at a time: a year's desk), their
 * messages said in order; the worst exit code into *rc.  -1 for a run
 * stopped by a usage error. */
static int desk_of(const opts *o, const pe_rules *rules, const char *dir,
                   pe_summary *sum, int *rc, pe_error *err)
{
    pe_paths *files = pe_paths_new();
    pool P = {.o = o, .fmt = PE_CHECK_CSV, .rules = rules};
    tally t = {.st = PE_OK, .sum = sum};
    progress pg = {.on = 0};
    pe_status st = files ? pe_paths_add(files, dir, err) : PE_ENOMEM;

    for (size_t i = 0; st == PE_OK && i < pe_paths_count(files); i++) {
        job j = {.path = pe_paths_get(files, i)};
        int one;

        run_job(&P, &j);
        one = take_job(&t, &j, &pg);
        if (one < 0) {
            pe_paths_free(files);
            return -1;
        }
        /* a table's own errors are check's business, not diff's */
        if (one != EXIT_DIFFER)
            *rc = worse(*rc, one);
        st = t.st;
    }
    if (st == PE_OK && pe_paths_skipped(files) && !o->quiet)
        say(pe_paths_skipped(files) == 1
                ? N_("perfeval: %s: skipped %zu file that is not a table\n")
                : N_("perfeval: %s: skipped %zu files that are not tables\n"),
            dir, pe_paths_skipped(files));
    pe_paths_free(files);
    if (st != PE_OK) {
        if (!err->msg[0])
            snprintf(err->msg, sizeof err->msg, "%s", pe_strerror(st));
        *rc = worse(*rc, report(err, st));
    }
    return 0;
}

/* perfeval diff OLD_DIR NEW_DIR: last year's desk against this year's,
 * one record per project (项目名称 + 实施单位); 1 when anything changed,
 * 3 when a table could not be read. */
static int cmd_diff_dirs(const opts *o, const char *old_dir,
                         const char *new_dir)
{
    pe_summary *a = pe_summary_new(), *b = pe_summary_new();
    pe_summary_opts so = {.ambiguous_wide = o->ambiguous_wide};
    pe_summary_change *c = NULL;
    pe_error err = {.line = 0};
    pe_buf out = {.data = NULL};
    pe_rules rules;
    pe_status st = a && b ? PE_OK : PE_ENOMEM;
    size_t n = 0, changed = 0;
    int rc = EXIT_OK;

    if (st == PE_OK && o->rules)
        st = load_rules(o->rules, &rules, &err);
    if (st != PE_OK) {
        pe_summary_free(a);
        pe_summary_free(b);
        return report(&err, st);
    }
    if (desk_of(o, o->rules ? &rules : NULL, old_dir, a, &rc, &err) < 0 ||
        desk_of(o, o->rules ? &rules : NULL, new_dir, b, &rc, &err) < 0) {
        pe_summary_free(a);
        pe_summary_free(b);
        return EXIT_USAGE;
    }
    if ((st = pe_summary_diff(a, b, &c, &n)) == PE_OK)
        st = pe_render_summary_diff(c, n, check_format(o->format), &so, &out);
    for (size_t i = 0; i < n; i++)
        changed += c[i].kind != PE_CHANGE_SAME;
    if (st == PE_OK)
        st = pe_io_write_atomic(o->output ? o->output : "-",
                                out.data ? out.data : "", out.len, &err);
    else
        snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
    free(c);
    pe_buf_free(&out);
    pe_summary_free(a);
    pe_summary_free(b);
    if (st != PE_OK)
        return worse(rc, report(&err, st));
    return worse(rc, changed ? EXIT_DIFFER : EXIT_OK);
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

    if (o->unit) {
        /* a blank unit profile, for report --unit */
        st = pe_unit_template(&out);
        if (st == PE_OK)
            st = pe_io_write_atomic(o->output ? o->output : "-", out.data,
                                    out.len, &err);
        pe_buf_free(&out);
        return st == PE_OK ? EXIT_OK : report(&err, st);
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
            if ((st = pe_buf_printf(&out, "%-18s %s\n", name, _(desc))) !=
                PE_OK)
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
    case 'X':
    case 'U':
    case 'F':
    case 'R':
        return C_READ;
    case 'B':
        return C_SCORE | C_CHECK;
    case 'A':
        return C_SCORE | C_CHECK;
    case 'L':
        return C_SCORE | C_CHECK | C_DIFF | C_INIT | C_RULES | C_REPORT;
    case 'E':
    case 'T':
    case 'S':
    case 'C':
    case 'P':
    case 'Z':
    case 'I':
    case '0':
    case 'K':
    case 'G':
    case 'j':
    case 'g':
        return C_CHECK;
    case 'Y':
    case 'O':
        return C_INIT;
    case 'N':
        return C_INIT | C_REPORT;
    case 'W':
        return C_REPORT;
    case 'l':
        return C_RULES;
    default:
        return 0;
    }
}

/* The check command's files: those named, folders walked, --files-from
 * read; then the run.  Its exit status. */
static int check_main(const opts *o, int n, char **argv)
{
    pe_paths *files = pe_paths_new();
    pe_error err = {.line = 0};
    pe_status st = files ? PE_OK : PE_ENOMEM;
    int rc;

    if (n < 1 && !o->files_from)
        rc = usage_error("%s", "check needs at least one FILE");
    else if (o->tolerance && !o->expect)
        rc = usage_error("%s", "--tolerance needs --expect");
    else if (!o->summary && strcmp(o->format, "xlsx") == 0)
        rc = usage_error("%s", "check -f xlsx is the --summary "
                               "workbook: add --summary");
    else if (strcmp(o->format, "xlsx") == 0 &&
             (!o->output || strcmp(o->output, "-") == 0))
        rc = usage_error("%s", "--format xlsx needs -o FILE");
    else if (o->bom && (!o->summary || strcmp(o->format, "csv") != 0))
        rc = usage_error("%s", "check --bom goes with --summary -f csv or "
                               "--rollup -f csv");
    else if (o->summary && o->report)
        rc =
            usage_error("%s", o->rollup ? "--rollup counts tables; --report "
                                          "checks one report: use one of them"
                                        : "--summary lists tables; --report "
                                          "checks one report: use one of them");
    else if (o->null && !o->files_from)
        rc = usage_error("%s", "-0 reads the list of --files-from");
    else if (o->progress && !o->summary)
        rc = usage_error("%s", "--progress goes with --summary or --rollup");
    else
        rc = -1;
    pe_paths_leave_out(files, o->output);
    for (int i = 0; rc < 0 && st == PE_OK && i < n; i++)
        st = pe_paths_add(files, argv[i], &err);
    if (rc < 0 && st == PE_OK && o->files_from) {
        pe_buf list = {.data = NULL};

        for (int i = 0; i < n && rc < 0; i++)
            if (strcmp(o->files_from, "-") == 0 && strcmp(argv[i], "-") == 0)
                rc = usage_error("%s", "--files-from - and FILE - cannot "
                                       "both be standard input");
        if (rc < 0 && (st = pe_io_read(o->files_from, &list, &err)) == PE_OK)
            st = pe_paths_add_list(files, list.data ? list.data : "", list.len,
                                   o->null, &err);
        if (st == PE_EDATA && !err.file[0])
            snprintf(err.file, sizeof err.file, "%s", o->files_from);
        pe_buf_free(&list);
    }
    if (rc < 0 && st != PE_OK)
        rc = report(&err, st);
    if (rc < 0 && pe_paths_skipped(files) && !o->quiet)
        say(pe_paths_skipped(files) == 1
                ? N_("perfeval: skipped %zu file that is not a table\n")
                : N_("perfeval: skipped %zu files that are not tables\n"),
            pe_paths_skipped(files));
    if (rc < 0 && !pe_paths_count(files))
        rc = usage_error("%s", "no tables to check: the folders hold no "
                               ".csv .tsv .txt .json .xlsx .xls or .docx");
    if (rc < 0 && o->report && pe_paths_count(files) != 1)
        rc = usage_error("%s", "--report checks a report against one "
                               "table: give one FILE");
    if (rc < 0 && o->report && strcmp(o->report, "-") == 0 &&
        strcmp(pe_paths_get(files, 0), "-") == 0)
        rc = usage_error("%s", "--report - and FILE - cannot both be "
                               "standard input");
    if (rc < 0 && output_is_input(o, 0, NULL, files))
        rc = EXIT_USAGE;
    if (rc < 0)
        rc = cmd_check(o, files);
    pe_paths_free(files);
    return rc;
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
        {"max-cells", required_argument, NULL, 'X'},
        {"max-unpacked", required_argument, NULL, 'U'},
        {"max-field", required_argument, NULL, 'F'},
        {"max-rows", required_argument, NULL, 'R'},
        {"list", no_argument, NULL, 'l'},
        {"force", no_argument, NULL, 'O'},
        {"sheet", required_argument, NULL, 'H'},
        {"report", required_argument, NULL, 'P'},
        {"unit", optional_argument, NULL, 'N'},
        {"outdir", required_argument, NULL, 'W'},
        {"summary", no_argument, NULL, 'Z'},
        {"files-from", required_argument, NULL, 'I'},
        {"null", no_argument, NULL, '0'},
        {"severity", required_argument, NULL, 'K'},
        {"rollup", no_argument, NULL, 'G'},
        {"jobs", required_argument, NULL, 'j'},
        {"progress", no_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    opts o = {.format = "table",
              .max_file = (size_t)1 << 30,
              .max_cells = 2000000,
              .max_unpacked = (size_t)128 << 20,
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
    ui_lang = pe_lang_from_env();
    /* --lang before the command: `perfeval --lang zh --help` */
    while (argc > 1 && strncmp(argv[1], "--lang", 6) == 0 &&
           (argv[1][6] == '=' || (argv[1][6] == '\0' && argc > 2))) {
        const char *v = argv[1][6] == '=' ? argv[1] + 7 : argv[2];
        int used = argv[1][6] == '=' ? 1 : 2;

        if (!pe_lang_parse(v, &ui_lang))
            return usage_error("unknown language '%s' (en, zh)", v);
        argv[used] = argv[0];
        argv += used;
        argc -= used;
    }
    o.zh = ui_lang == PE_LANG_ZH;
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
    while ((c = getopt_long(argc - 1, argv + 1, "f:o:r:e:d:j:qhV0", longopts,
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
                               : is_check ? "table json csv xlsx"
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
        case 'X':
        case 'U':
        case 'F':
        case 'R': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);

            if (*end || !*optarg || optarg[0] == '-' || v == 0)
                return usage_error("--%s '%s' is not a positive number",
                                   c == 'M'   ? "max-file-size"
                                   : c == 'X' ? "max-cells"
                                   : c == 'U' ? "max-unpacked"
                                   : c == 'F' ? "max-field"
                                              : "max-rows",
                                   optarg);
            *(c == 'M'   ? &o.max_file
              : c == 'X' ? &o.max_cells
              : c == 'U' ? &o.max_unpacked
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
        case 'W':
            o.outdir = optarg;
            break;
        case 'N':
            /* report --unit FILE (or --unit=FILE); init --unit: blank */
            if (!optarg && !is_init && optind < argc - 1)
                optarg = argv[1 + optind++];
            if (!is_init && !optarg)
                return usage_error("%s", "--unit needs a FILE");
            if (is_init && optarg)
                return usage_error("%s", "init --unit takes no FILE: it "
                                         "writes a blank profile (-o FILE)");
            o.unit = optarg ? optarg : "";
            break;
        case 'Z':
            o.summary = 1;
            break;
        case 'G':
            o.rollup = o.summary = 1;
            break;
        case 'g':
            o.progress = 1;
            break;
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);

            if (*end || !*optarg || v < 1 || v > 256)
                return usage_error("-j '%s' is not a number from 1 to 256",
                                   optarg);
            o.jobs = (int)v;
            break;
        }
        case 'I':
            o.files_from = optarg;
            break;
        case '0':
            o.null = 1;
            break;
        case 'K':
            if (strcmp(optarg, "error") == 0)
                o.min_severity = PE_SEV_ERROR;
            else if (strcmp(optarg, "warning") == 0)
                o.min_severity = PE_SEV_WARNING;
            else if (strcmp(optarg, "info") == 0)
                o.min_severity = PE_SEV_INFO;
            else
                return usage_error("unknown --severity '%s' (error, warning, "
                                   "info)",
                                   optarg);
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
            if (!pe_lang_parse(optarg, &ui_lang))
                return usage_error("unknown language '%s' (en, zh)", optarg);
            o.zh = ui_lang == PE_LANG_ZH;
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
    if (is_check)
        return check_main(&o, argc - 1 - optind, argv + 1 + optind);
    if (output_is_input(&o, argc - 1 - optind, argv + 1 + optind, NULL))
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
        pe_os_info so, sn;

        if (argc - 1 - optind != 2)
            return usage_error("%s", "diff needs two files: OLD NEW");
        /* two folders: last year's desk against this year's */
        if (pe_os_stat(argv[1 + optind], &so) == 0 && so.kind == PE_OS_DIR &&
            pe_os_stat(argv[2 + optind], &sn) == 0 && sn.kind == PE_OS_DIR)
            return cmd_diff_dirs(&o, argv[1 + optind], argv[2 + optind]);
        return cmd_diff(&o, argv[1 + optind], argv[2 + optind]);
    }
    if (o.outdir && o.output)
        return usage_error("%s", "--outdir names the reports itself: no -o");
    if (o.outdir && argc - 1 - optind < 1)
        return usage_error("%s", "report --outdir needs at least one FILE");
    if (!o.outdir && argc - 1 - optind != 1)
        return usage_error("%s %s", cmd,
                           argc - 1 - optind < 1
                               ? "needs one FILE (or - for stdin)"
                               : "takes one FILE");
    if (o.unit) {
        pe_buf text = {.data = NULL};
        pe_error err = {.line = 0};
        pe_unit *u = NULL;
        pe_status st = pe_io_read(o.unit, &text, &err);
        int rc;

        if (st == PE_OK)
            st = pe_unit_load(text.data ? text.data : "", text.len, o.unit, &u,
                              &err);
        pe_buf_free(&text);
        if (st != PE_OK)
            return report(&err, st);
        o.profile = u;
        rc = o.outdir ? cmd_report_dir(&o, argc - 1 - optind, argv + 1 + optind)
                      : cmd_score(&o, argv[1 + optind]);
        pe_unit_free(u);
        return rc;
    }
    if (o.outdir)
        return cmd_report_dir(&o, argc - 1 - optind, argv + 1 + optind);
    return cmd_score(&o, argv[1 + optind]);
}
