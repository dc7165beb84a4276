/* The perfeval command line: argument parsing, reading, printing, exit
 * codes.  Everything else is in the library. */
#include "perfeval.h"

#include <getopt.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    EXIT_OK = 0,
    EXIT_DIFFER = 1, /* a check found differences */
    EXIT_USAGE = 2,  /* usage or I/O trouble */
    EXIT_DATA = 3    /* invalid input data */
};

static const char usage_text[] =
    "Usage: perfeval score [OPTIONS] FILE|-\n"
    "       perfeval check [OPTIONS] FILE...\n"
    "       perfeval --help | --version\n"
    "\n"
    "score: score a 项目支出绩效自评表 (附件1 table) and print it with every\n"
    "row's score, the total and the grade.\n"
    "check: review (复核) filled-in tables against the rules and list what\n"
    "breaks them or does not add up.\n"
    "FILE is a project file in JSON (see README.md); \"-\" reads standard\n"
    "input.\n"
    "\n"
    "Options for score:\n"
    "  -f, --format FMT     table (default) or json\n"
    "  -o, --output FILE    write to FILE (all or nothing) instead of stdout\n"
    "  -r, --rules FILE     score by the rules in FILE instead of the table's\n"
    "      --ambiguous-wide count East Asian ambiguous characters as 2 columns\n"
    "  -q, --quiet          do not print warnings to standard error\n"
    "\n"
    "Options for check:\n"
    "  -f, --format FMT     table (default), json or csv\n"
    "  -r, --rules FILE     check by the rules in FILE\n"
    "      --expect TOTAL   the published total; compared at its printed places\n"
    "      --tolerance T    allow the total to differ from TOTAL by T\n"
    "      --strict         warnings count as failures\n"
    "      --lang LANG      en (default) or zh: the language of the findings\n"
    "  -q, --quiet          leave out the summary line\n"
    "      --color WHEN     auto (default: on a terminal, unless NO_COLOR is\n"
    "                       set), always or never\n"
    "\n"
    "Common options:\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "The table is as wide as $COLUMNS, else the terminal, else 100 columns.\n"
    "\n"
    "Exit status:\n"
    "  0  success; check: no finding at error level\n"
    "  1  check: errors found, or the total is not --expect\n"
    "  2  usage or input/output trouble\n"
    "  3  invalid input data\n";

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "perfeval: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'perfeval --help' for more information.\n");
    return EXIT_USAGE;
}

static int report(const pe_error *err, pe_status st)
{
    char line[1024];

    fprintf(stderr, "perfeval: %s\n", pe_error_format(err, line, sizeof line));
    return st == PE_EDATA || st == PE_ERANGE ? EXIT_DATA : EXIT_USAGE;
}

typedef struct opts {
    const char *format;
    const char *output;
    const char *rules;
    const char *expect;
    const char *tolerance;
    int ambiguous_wide;
    int quiet;
    int strict;
    int zh;
    int color; /* resolved: 1 when ANSI colour goes to stdout */
    int color_mode; /* 0 auto, 1 always, -1 never */
} opts;

/* COLUMNS when set, else the terminal's width, else 100. */
static int terminal_width(void)
{
    const char *c = getenv("COLUMNS");
    struct winsize ws;
    char *end;
    long v;

    if (c && *c) {
        v = strtol(c, &end, 10);
        if (!*end && v >= 20 && v <= 1000)
            return (int)v;
    }
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col >= 20)
        return ws.ws_col;
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
    return isatty(fd);
}

static const char *severity_word(pe_severity s)
{
    return s == PE_SEV_ERROR ? "error" : s == PE_SEV_WARNING ? "warning"
                                                              : "note";
}

static pe_status load_rules(const char *path, pe_rules *r, pe_error *err)
{
    pe_buf in = {0};
    pe_status st;

    pe_rules_default(r);
    if ((st = pe_io_read(path, &in, err)) == PE_OK)
        st = pe_rules_load_json(in.data, in.len, path, r, err);
    pe_buf_free(&in);
    return st;
}

/* Read, load and score one table; rules (may be NULL) replace its own. */
static pe_status load_scored(const char *path, const pe_rules *rules,
                             pe_project **out, pe_error *err)
{
    pe_buf in = {0};
    pe_status st;

    *out = NULL;
    if ((st = pe_io_read(path, &in, err)) == PE_OK)
        st = pe_project_load_json(in.data, in.len, path, out, err);
    pe_buf_free(&in);
    if (st != PE_OK)
        return st;
    if (rules)
        pe_project_set_rules(*out, rules);
    if ((st = pe_project_score(*out, err)) != PE_OK) {
        pe_project_free(*out);
        *out = NULL;
    }
    return st;
}

static int cmd_score(const opts *o, const char *path)
{
    pe_buf out = {0};
    pe_project *p = NULL;
    pe_error err = {{0}, 0, 0, {0}};
    pe_rules rules;
    pe_status st;
    int rc = EXIT_OK;

    if (o->rules && (st = load_rules(o->rules, &rules, &err)) != PE_OK)
        return report(&err, st);
    if ((st = load_scored(path, o->rules ? &rules : NULL, &p, &err)) != PE_OK)
        return report(&err, st);
    if (strcmp(o->format, "json") == 0) {
        st = pe_render_json(p, &out);
    } else {
        pe_table_opts t = {terminal_width(), o->ambiguous_wide};
        st = pe_render_table(p, &t, &out);
    }
    if (st == PE_OK)
        st = pe_io_write_atomic(o->output ? o->output : "-", out.data,
                                out.len, &err);
    else
        snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
    if (st != PE_OK)
        rc = report(&err, st);
    else if (!o->quiet && strcmp(o->format, "json") != 0) {
        for (size_t i = 0; i < pe_project_nfindings(p); i++) {
            const pe_finding *f = pe_project_finding(p, i);
            if (f->severity == PE_SEV_INFO)
                continue;
            fprintf(stderr, "perfeval: %s: %s: %s\n", path,
                    severity_word(f->severity), f->msg);
        }
    }
    pe_buf_free(&out);
    pe_project_free(p);
    return rc;
}

typedef struct tally {
    size_t files, failed, errors, warnings, infos;
} tally;

static int worse(int a, int b)
{
    return a > b ? a : b;
}

/* Check one file: its findings go into out; returns its exit code. */
static int check_one(const opts *o, pe_check_format fmt, const pe_rules *rules,
                     const char *path, pe_buf *out, tally *t, int *first)
{
    pe_project *p = NULL;
    pe_error err = {{0}, 0, 0, {0}};
    pe_status st;
    int rc = EXIT_OK, mismatch = 0;
    size_t n;

    t->files++;
    st = load_scored(path, rules, &p, &err);
    if (st == PE_OK && o->expect)
        st = pe_project_expect_total(p, o->expect, o->tolerance, &mismatch,
                                     &err);
    if (st == PE_EUSAGE) {
        /* a bad --expect: the same for every file, so stop here */
        pe_project_free(p);
        fprintf(stderr, "perfeval: %s\n", err.msg);
        return -EXIT_USAGE;
    }
    if (st != PE_OK) {
        t->failed++;
        pe_project_free(p);
        return report(&err, st);
    }
    if (fmt == PE_CHECK_TABLE) {
        char total[PE_DEC_BUFSIZE];
        pe_buf_printf(out, "%s: total %s %s\n", path,
                      pe_dec_format(pe_project_total(p), total),
                      pe_project_grade(p));
    }
    n = pe_project_nfindings(p);
    for (size_t i = 0; i < n; i++) {
        const pe_finding *f = pe_project_finding(p, i);

        if (f->severity == PE_SEV_ERROR)
            t->errors++, rc = EXIT_DIFFER;
        else if (f->severity == PE_SEV_WARNING) {
            t->warnings++;
            if (o->strict)
                rc = EXIT_DIFFER;
        } else
            t->infos++;
        if (fmt == PE_CHECK_JSON)
            pe_buf_puts(out, *first ? "\n  " : ",\n  ");
        *first = 0;
        pe_render_finding(p, i, path, fmt,
                          (o->zh ? PE_FINDING_ZH : 0) |
                              (o->color ? PE_FINDING_COLOR : 0),
                          out);
    }
    pe_project_free(p);
    return rc;
}

static int cmd_check(const opts *o, int nfiles, char **files)
{
    pe_check_format fmt = strcmp(o->format, "json") == 0  ? PE_CHECK_JSON
                          : strcmp(o->format, "csv") == 0 ? PE_CHECK_CSV
                                                          : PE_CHECK_TABLE;
    pe_error err = {{0}, 0, 0, {0}};
    pe_rules rules;
    pe_status st;
    tally t = {0, 0, 0, 0, 0};
    int rc = EXIT_OK, first = 1;
    char summary[200];

    if (o->rules && (st = load_rules(o->rules, &rules, &err)) != PE_OK)
        return report(&err, st);
    if (fmt == PE_CHECK_JSON)
        fputs("{\"findings\": [", stdout);
    else if (fmt == PE_CHECK_CSV)
        fputs(PE_CHECK_CSV_HEADER, stdout);
    for (int i = 0; i < nfiles; i++) {
        pe_buf out = {0};
        int one = check_one(o, fmt, o->rules ? &rules : NULL, files[i], &out,
                            &t, &first);

        if (one < 0)
            return EXIT_USAGE;
        rc = worse(rc, one);
        if (out.len)
            fwrite(out.data, 1, out.len, stdout);
        pe_buf_free(&out);
    }
    snprintf(summary, sizeof summary,
             "%zu file%s checked: %zu error%s, %zu warning%s, %zu info; %zu "
             "could not be loaded",
             t.files, t.files == 1 ? "" : "s", t.errors,
             t.errors == 1 ? "" : "s", t.warnings, t.warnings == 1 ? "" : "s",
             t.infos, t.failed);
    if (fmt == PE_CHECK_JSON)
        printf("%s],\n \"summary\": {\"files\": %zu, \"errors\": %zu, "
               "\"warnings\": %zu, \"info\": %zu, \"failed\": %zu, "
               "\"exit\": %d}}\n",
               first ? "" : "\n", t.files, t.errors, t.warnings, t.infos,
               t.failed, rc);
    else if (fmt == PE_CHECK_TABLE && !o->quiet)
        printf("%s\n", summary);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "perfeval: standard output: cannot write\n");
        return EXIT_USAGE;
    }
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
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    opts o = {"table", NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0};
    int is_check;
    const char *cmd;
    int c;

    if (argc < 2)
        return usage_error("%s", "no command given");
    cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage_text, stdout);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("perfeval %s\n", PE_VERSION);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (strcmp(cmd, "score") != 0 && strcmp(cmd, "check") != 0)
        return usage_error("unknown command '%s'", cmd);
    is_check = strcmp(cmd, "check") == 0;

    /* getopt sees "perfeval" as its program name, so its own messages
     * ("perfeval: unrecognized option '--x'") read right */
    {
        static char progname[] = "perfeval";
        argv[1] = progname;
    }
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "f:o:r:qhV", longopts,
                            NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "table") != 0 && strcmp(optarg, "json") != 0 &&
                (!is_check || strcmp(optarg, "csv") != 0))
                return usage_error("unknown format '%s' (%s)", optarg,
                                   is_check ? "table, json, csv"
                                            : "table, json");
            o.format = optarg;
            break;
        case 'E':
            o.expect = optarg;
            break;
        case 'T':
            o.tolerance = optarg;
            break;
        case 'S':
            o.strict = 1;
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
            fputs(usage_text, stdout);
            return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
        case 'V':
            printf("perfeval %s\n", PE_VERSION);
            return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
        default:
            fputs("Try 'perfeval --help' for more information.\n", stderr);
            return EXIT_USAGE;
        }
    }
    o.color = want_color(o.color_mode, STDOUT_FILENO);
    if (is_check) {
        if (argc - 1 - optind < 1)
            return usage_error("%s", "check needs at least one FILE");
        if (o.tolerance && !o.expect)
            return usage_error("%s", "--tolerance needs --expect");
        return cmd_check(&o, argc - 1 - optind, argv + 1 + optind);
    }
    if (o.expect || o.tolerance || o.strict)
        return usage_error("%s", "--expect, --tolerance and --strict are "
                                 "options of check");
    if (argc - 1 - optind != 1)
        return usage_error("%s", argc - 1 - optind < 1
                                     ? "score needs one FILE (or - for stdin)"
                                     : "score takes one FILE");
    return cmd_score(&o, argv[1 + optind]);
}
