/* The command line's option tables and help (cli_opts.c), shared by
 * main.c and the test that holds the completion scripts and the man pages
 * to them.  Part of the perfeval program, not of the library. */
#ifndef PE_CLI_H
#define PE_CLI_H

#include "perfeval.h"

#include <stddef.h>
#include <stdio.h>

struct option;

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

/* An option as getopt_long knows it. */
typedef struct cli_option {
    int code;         /* getopt_long's; the short option's letter too */
    const char *name; /* the long option, without "--" */
    int has_arg;      /* no_argument, required_argument, optional_argument */
    int is_short;     /* -code works as well as --name */
} cli_option;

/* An option as one command documents it (its help, completion and man
 * page say the same). */
typedef struct cli_row {
    int code;           /* the cli_option's */
    const char *arg;    /* its argument in the help ("FMT"), NULL for none */
    const char *help;   /* a catalogue message: its lines, the later ones
                           without their indent */
    int col;            /* the column its help starts at; 0: 23 */
    const char *values; /* the words its argument takes, space-separated
                           (the formats, the encodings), or NULL */
} cli_row;

/* A part of a help: text before the options, the options, and text after
 * them and a blank line (catalogue messages; NULL: none). */
typedef struct cli_section {
    const char *head;
    const cli_row *rows;
    size_t n;
    const char *after;
} cli_section;

typedef struct cli_command {
    const char *name;
    int bit;
    cli_section help; /* its own options */
} cli_command;

extern const cli_command cli_commands[];
extern const size_t cli_ncommands;
extern const cli_section cli_reading; /* of every command in C_READ */
extern const cli_section cli_common;  /* of every command */

/* The option with getopt code `code`, or NULL; the i-th, NULL past the
 * end. */
const cli_option *cli_option_of(int code);
const cli_option *cli_option_at(size_t i);
/* The bit of a command's name; 0 for none. */
int cli_command_bit(const char *name);
/* How command cmd documents option code: NULL when it does not take it. */
const cli_row *cli_row_of(int cmd, int code);
/* The commands (bits) that take option code. */
int cli_takes(int code);
/* getopt_long's tables: longopts of room for every option and the
 * terminator, shortopts of 64 bytes. */
void cli_getopt_tables(struct option *longopts, char *shortopts);
/* The help of command cmd (0: the overview) in lang. */
void cli_help(FILE *out, pe_lang lang, int cmd);

/* ------------------------------------------- the program's own parts */

enum {
    EXIT_OK = PE_VERDICT_OK,
    EXIT_DIFFER = PE_VERDICT_FINDINGS, /* a check found differences */
    EXIT_USAGE = PE_VERDICT_USAGE,     /* usage or I/O trouble */
    EXIT_DATA = PE_VERDICT_DATA        /* invalid input data */
};

/* The run's options, as parsed (cli_parse.c). */
typedef struct opts {
    int cmd; /* C_SCORE ... */
    const char *format;
    const char *output;
    const char *rules;
    const char *expect;
    const char *tolerance;
    const char *sheet;      /* --sheet: the table of a workbook */
    const char *report;     /* check --report: the 绩效自评报告 file */
    const char *unit;       /* --unit: report's profile; init: "" */
    const pe_unit *profile; /* report: the profile, loaded */
    const char *outdir;     /* report --outdir: a report per table */
    int ambiguous_wide;
    int quiet;
    int strict;
    int force;              /* init: replace an existing -o file */
    int list;               /* rules --list */
    int year;               /* init --year */
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

/* Defaults for command cmd (0 before the command is known). */
void cli_opts_default(opts *o, int cmd);

/* The options of command cmd (its name) from argv[1] (the program's name
 * to getopt_long) on: -1 and *next the index of its first FILE, or an
 * exit code (a usage error said, --help or --version printed). */
int cli_parse(opts *o, const char *cmd, int argc, char **argv, int *next);

/* perfeval --lang LANG (before the command), --help, --version, help
 * COMMAND, an unknown command: an exit code, or -1 for a command to
 * run (argv[1]). */
int cli_before_command(int *argc, char ***argv);

/* The language of this run's words (po/README.md): --lang, else the
 * environment, set once parsed (cli_say.c). */
pe_lang cli_lang(void);
void cli_set_lang(pe_lang lang);

/* A message in this run's language; N_() marks a text translated when it
 * is printed. */
#define _(s) pe_message(cli_lang(), s)
#define N_(s) s

/* A message on standard error, escaped (cli_say.c). */
void say(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 1, 2)))
#endif
    ;
/* What the library tells (pe_score_opts.say). */
void said(void *ctx, const char *text);
/* A usage error said, with the pointer to --help: EXIT_USAGE. */
int usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 1, 2)))
#endif
    ;
/* A library error said: its exit code. */
int say_error(const pe_error *err, pe_status st);

/* check --summary's progress line: started (--progress: 1), shown after
 * each file (pe_check_opts.progress), taken away. */
void progress_start(int progress);
void progress_show(void *ctx, size_t i, size_t n);
void progress_clear(void);

/* A scored table's warnings and errors on standard error (not with
 * quiet); notes stay for check. */
void print_findings(int quiet, const pe_project *p);
/* A table with rows left unscored: which cells to fill said, 1; else 0. */
int unscored(const pe_project *p);

#endif
