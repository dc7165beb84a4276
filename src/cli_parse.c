/* The perfeval program's options read into its opts, each checked as its
 * option table (cli_opts.c) says: which command takes it, the words it
 * takes. */
#include "cli.h"
#include "os.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_opts_default(opts *o, int cmd)
{
    *o = (opts){.cmd = cmd,
                .format = cmd == C_REPORT ? "markdown"
                          : cmd == C_INIT ? "json"
                                          : "table",
                .max_file = (size_t)1 << 30,
                .max_cells = 2000000,
                .max_unpacked = (size_t)128 << 20,
                .max_field = 64 * 1024,
                .max_rows = 1000000,
                .encoding = PE_ENC_AUTO};
}

/* An option's value that is a positive number into *v; else a usage
 * error's exit code. */
static int positive(int c, const char *arg, size_t *v)
{
    char *end;
    unsigned long long n = strtoull(arg, &end, 10);

    if (*end || !*arg || arg[0] == '-' || n == 0)
        return usage_error("--%s '%s' is not a positive number",
                           cli_option_of(c)->name, arg);
    *v = (size_t)n;
    return -1;
}

/* One of the words an option takes, as its row lists them: 1 when arg
 * is. */
static int one_of(const char *words, const char *arg)
{
    const char *hit = strstr(words, arg);
    size_t n = strlen(arg);

    return n && hit && (hit == words || hit[-1] == ' ') &&
           (hit[n] == ' ' || hit[n] == '\0');
}

/* An option with a value of words: -f, --severity, --color, --lang, -e,
 * -d.  -1, or a usage error's exit code. */
static int set_word(opts *o, int c, const char *arg)
{
    const cli_row *row = cli_row_of(o->cmd, c);
    pe_lang lang;

    switch (c) {
    case 'f':
        if (!one_of(row->values, arg))
            return usage_error("unknown format '%s' (%s)", arg, row->values);
        o->format = arg;
        return -1;
    case 'K':
        if (!one_of(row->values, arg) || strchr(arg, ' '))
            return usage_error("unknown --severity '%s' (error, warning, "
                               "info)",
                               arg);
        o->min_severity = arg[0] == 'e'   ? PE_SEV_ERROR
                          : arg[0] == 'w' ? PE_SEV_WARNING
                                          : PE_SEV_INFO;
        return -1;
    case 'C':
        if (!one_of(row->values, arg) || strchr(arg, ' '))
            return usage_error("unknown --color '%s' (auto, always, never)",
                               arg);
        o->color_mode = arg[1] == 'u' ? 0 : arg[1] == 'l' ? 1 : -1;
        return -1;
    case 'L':
        if (!pe_lang_parse(arg, &lang))
            return usage_error("unknown language '%s' (en, zh)", arg);
        cli_set_lang(lang);
        return -1;
    case 'e':
        if (pe_encoding_from_name(arg, &o->encoding) != PE_OK ||
            o->encoding == PE_ENC_UTF16)
            return usage_error("unknown encoding '%s' (auto, utf-8, "
                               "gb18030)",
                               arg);
        return -1;
    default: /* 'd' */
        if (pe_csv_delimiter_from_name(arg, &o->delimiter) != PE_OK)
            return usage_error("unknown delimiter '%s' (comma, semicolon, "
                               "tab)",
                               arg);
        return -1;
    }
}

/* An option that takes a value of its own (a name, a number).  -1, or a
 * usage error's exit code. */
static int set_value(opts *o, int c, const char *arg)
{
    char *end;
    long v;

    switch (c) {
    case 'M':
        return positive(c, arg, &o->max_file);
    case 'X':
        return positive(c, arg, &o->max_cells);
    case 'U':
        return positive(c, arg, &o->max_unpacked);
    case 'F':
        return positive(c, arg, &o->max_field);
    case 'R':
        return positive(c, arg, &o->max_rows);
    case 'Y':
        v = strtol(arg, &end, 10);
        if (*end || v < 1900 || v > 2200)
            return usage_error("--year '%s' is not a year", arg);
        o->year = (int)v;
        return -1;
    case 'j':
        v = strtol(arg, &end, 10);
        if (*end || !*arg || v < 1 || v > 256)
            return usage_error("-j '%s' is not a number from 1 to 256", arg);
        o->jobs = (int)v;
        return -1;
    default:
        break;
    }
    *(c == 'H'   ? &o->sheet
      : c == 'E' ? &o->expect
      : c == 'P' ? &o->report
      : c == 'W' ? &o->outdir
      : c == 'I' ? &o->files_from
      : c == 'T' ? &o->tolerance
      : c == 'o' ? &o->output
                 : &o->rules) = arg;
    return -1;
}

/* A flag.  -1. */
static int set_flag(opts *o, int c)
{
    if (c == 'G') {
        o->rollup = o->summary = 1;
        return -1;
    }
    *(c == 'B'   ? &o->bom
      : c == 'O' ? &o->force
      : c == 'l' ? &o->list
      : c == 'Z' ? &o->summary
      : c == 'g' ? &o->progress
      : c == '0' ? &o->null
      : c == 'S' ? &o->strict
      : c == 'A' ? &o->ambiguous_wide
                 : &o->quiet) = 1;
    return -1;
}

static int version(void)
{
    printf("perfeval %s\n", PE_VERSION);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
}

static int help(int cmd)
{
    cli_help(stdout, cli_lang(), cmd);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
}

/* The options of command cmd, as getopt_long reads them from argv[1]
 * (the program's name to it) on: -1 and *next the index of its
 * first FILE, or an exit code. */
int cli_parse(opts *o, const char *cmd, int argc, char **argv, int *next)
{
    static struct option longopts[64];
    static char shortopts[64];
    int c, longindex = -1, rc = -1;

    cli_getopt_tables(longopts, shortopts);
    optind = 1;
    while (rc < 0 && (c = getopt_long(argc - 1, argv + 1, shortopts, longopts,
                                      &longindex)) != -1) {
        const cli_option *opt = cli_option_of(c);

        if (c != '?' && !(cli_takes(c) & o->cmd)) {
            char typed[32];

            if (longindex >= 0)
                snprintf(typed, sizeof typed, "--%s", longopts[longindex].name);
            else
                snprintf(typed, sizeof typed, "-%c", c);
            return usage_error("%s does not take %s (see perfeval %s --help)",
                               cmd, typed, cmd);
        }
        longindex = -1;
        if (c == 'h')
            return help(o->cmd);
        if (c == 'V')
            return version();
        if (c == 'N') {
            /* report --unit FILE (or --unit=FILE); init --unit: blank */
            if (!optarg && o->cmd != C_INIT && optind < argc - 1)
                optarg = argv[1 + optind++];
            if (o->cmd != C_INIT && !optarg)
                return usage_error("%s", _("--unit needs a FILE"));
            if (o->cmd == C_INIT && optarg)
                return usage_error("%s", _("init --unit takes no FILE: it "
                                           "writes a blank profile (-o FILE)"));
            o->unit = optarg ? optarg : "";
        } else if (!opt) {
            say("Try 'perfeval --help' for more information.\n");
            return EXIT_USAGE;
        } else if (strchr("fKCLed", c)) {
            rc = set_word(o, c, optarg);
        } else if (opt->has_arg == required_argument) {
            rc = set_value(o, c, optarg);
        } else {
            rc = set_flag(o, c);
        }
    }
    *next = 1 + optind;
    return rc;
}

/* perfeval --lang LANG ... (before the command), --help, --version, help
 * COMMAND: an exit code, or -1 for a command to run. */
int cli_before_command(int *argc, char ***argv)
{
    /* --lang before the command: `perfeval --lang zh --help` */
    while (*argc > 1 && strncmp((*argv)[1], "--lang", 6) == 0 &&
           ((*argv)[1][6] == '=' || ((*argv)[1][6] == '\0' && *argc > 2))) {
        const char *v = (*argv)[1][6] == '=' ? (*argv)[1] + 7 : (*argv)[2];
        int used = (*argv)[1][6] == '=' ? 1 : 2;

        pe_lang lang;

        if (!pe_lang_parse(v, &lang))
            return usage_error("unknown language '%s' (en, zh)", v);
        cli_set_lang(lang);
        (*argv)[used] = (*argv)[0];
        *argv += used;
        *argc -= used;
    }
    if (*argc < 2)
        return usage_error("%s", _("no command given"));
    if (strcmp((*argv)[1], "--help") == 0 || strcmp((*argv)[1], "-h") == 0)
        return help(0);
    if (strcmp((*argv)[1], "--version") == 0 || strcmp((*argv)[1], "-V") == 0)
        return version();
    if (strcmp((*argv)[1], "help") == 0) {
        int which = *argc > 2 ? cli_command_bit((*argv)[2]) : 0;

        if (*argc > 3 || (*argc > 2 && !which))
            return usage_error("%s", _("help takes one command: score, check, "
                                       "diff, init, rules or report"));
        return help(which);
    }
    if (!cli_command_bit((*argv)[1])) {
        if (pe_os_exists((*argv)[1]))
            return usage_error("unknown command '%s'; to score that file: "
                               "perfeval score %s",
                               (*argv)[1], (*argv)[1]);
        return usage_error("unknown command '%s'", (*argv)[1]);
    }
    return -1;
}
