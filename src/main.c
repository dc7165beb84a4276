/* The perfeval command line: argument parsing, reading, printing, exit
 * codes.  Everything else is in the library. */
#include "perfeval.h"

#include <getopt.h>
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
    "       perfeval --help | --version\n"
    "\n"
    "Score a 项目支出绩效自评表 (附件1 table) and print it with every row's\n"
    "score, the total and the grade.  FILE is a project file in JSON (see\n"
    "README.md); \"-\" reads standard input.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT     table (default) or json\n"
    "  -o, --output FILE    write to FILE (all or nothing) instead of stdout\n"
    "  -r, --rules FILE     score by the rules in FILE instead of the table's\n"
    "      --ambiguous-wide count East Asian ambiguous characters as 2 columns\n"
    "  -q, --quiet          do not print warnings to standard error\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "The table is as wide as $COLUMNS, else 100 columns.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  a check found differences\n"
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
    int ambiguous_wide;
    int quiet;
} opts;

static int terminal_width(void)
{
    const char *c = getenv("COLUMNS");
    char *end;
    long v;

    if (!c || !*c)
        return 100;
    v = strtol(c, &end, 10);
    return *end || v < 20 || v > 1000 ? 100 : (int)v;
}

static const char *severity_word(pe_severity s)
{
    return s == PE_SEV_ERROR ? "error" : s == PE_SEV_WARNING ? "warning"
                                                              : "note";
}

static int cmd_score(const opts *o, const char *path)
{
    pe_buf in = {0}, out = {0};
    pe_project *p = NULL;
    pe_error err = {{0}, 0, 0, {0}};
    pe_status st;
    int rc = EXIT_OK;

    if ((st = pe_io_read(path, &in, &err)) != PE_OK)
        return report(&err, st);
    st = pe_project_load_json(in.data, in.len, path, &p, &err);
    pe_buf_free(&in);
    if (st != PE_OK)
        return report(&err, st);
    if (o->rules) {
        pe_rules r;

        pe_rules_default(&r);
        if ((st = pe_io_read(o->rules, &in, &err)) != PE_OK ||
            (st = pe_rules_load_json(in.data, in.len, o->rules, &r, &err)) !=
                PE_OK) {
            pe_buf_free(&in);
            pe_project_free(p);
            return report(&err, st);
        }
        pe_buf_free(&in);
        pe_project_set_rules(p, &r);
    }
    if ((st = pe_project_score(p, &err)) != PE_OK) {
        pe_project_free(p);
        return report(&err, st);
    }
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

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"rules", required_argument, NULL, 'r'},
        {"ambiguous-wide", no_argument, NULL, 'A'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    opts o = {"table", NULL, NULL, 0, 0};
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
    if (strcmp(cmd, "score") != 0)
        return usage_error("unknown command '%s'", cmd);

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
            if (strcmp(optarg, "table") != 0 && strcmp(optarg, "json") != 0)
                return usage_error("unknown format '%s' (table, json)",
                                   optarg);
            o.format = optarg;
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
    if (argc - 1 - optind != 1)
        return usage_error("%s", argc - 1 - optind < 1
                                     ? "score needs one FILE (or - for stdin)"
                                     : "score takes one FILE");
    return cmd_score(&o, argv[1 + optind]);
}
