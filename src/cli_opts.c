/*
 * The command line's options, each command's in one table (the CLI's, not
 * the library's): getopt_long's tables, which command takes which option,
 * and the help are made from them, and tests/cli_options.py holds the
 * completion scripts and the man pages to them.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* A text translated when it is printed. */
#define N_(s) s

/* Every option, in the order getopt_long lists them when one is
 * ambiguous. */
static const cli_option options[] = {
    {'f', "format", required_argument, 1},
    {'o', "output", required_argument, 1},
    {'r', "rules", required_argument, 1},
    {'A', "ambiguous-wide", no_argument, 0},
    {'q', "quiet", no_argument, 1},
    {'E', "expect", required_argument, 0},
    {'T', "tolerance", required_argument, 0},
    {'S', "strict", no_argument, 0},
    {'L', "lang", required_argument, 0},
    {'C', "color", required_argument, 0},
    {'e', "encoding", required_argument, 1},
    {'d', "delimiter", required_argument, 1},
    {'Y', "year", required_argument, 0},
    {'B', "bom", no_argument, 0},
    {'M', "max-file-size", required_argument, 0},
    {'X', "max-cells", required_argument, 0},
    {'U', "max-unpacked", required_argument, 0},
    {'F', "max-field", required_argument, 0},
    {'R', "max-rows", required_argument, 0},
    {'l', "list", no_argument, 0},
    {'O', "force", no_argument, 0},
    {'H', "sheet", required_argument, 0},
    {'P', "report", required_argument, 0},
    {'N', "unit", optional_argument, 0},
    {'W', "outdir", required_argument, 0},
    {'Z', "summary", no_argument, 0},
    {'I', "files-from", required_argument, 0},
    {'0', "null", no_argument, 1},
    {'K', "severity", required_argument, 0},
    {'G', "rollup", no_argument, 0},
    {'j', "jobs", required_argument, 1},
    {'g', "progress", no_argument, 0},
    {'h', "help", no_argument, 1},
    {'V', "version", no_argument, 1},
};

#define ROWS(a) a, sizeof a / sizeof a[0]

static const cli_row score_rows[] = {
    {'f', "FMT",
     N_("table (default), json, markdown, csv, tsv or xlsx\n"
        "(xlsx needs -o FILE; a long-format file gives\n"
        "one record per project in table, csv or json)"),
     0, "table json markdown csv tsv xlsx"},
    {'B', NULL, N_("csv/tsv: start with a UTF-8 byte-order mark (Excel)"), 0,
     NULL},
    {'o', "FILE",
     N_("write to FILE (all or nothing) instead of stdout;\n"
        "never onto an input of the run; a device or a\n"
        "FIFO is written, a symlink's file is written"),
     0, NULL},
    {'r', "RULES",
     N_("score by the rules file RULES, or a built-in rule\n"
        "set by name (mof-2020; see perfeval rules --list)"),
     0, NULL},
    {'A', NULL, N_("count East Asian ambiguous characters as 2 columns"), 0,
     NULL},
    {'q', NULL, N_("do not print warnings to standard error"), 0, NULL},
};

static const cli_row check_rows[] = {
    {'f', "FMT",
     N_("table (default), json or csv; with --summary\n"
        "also xlsx (needs -o FILE)"),
     0, "table json csv xlsx"},
    {'o', "FILE", N_("write the findings to FILE (all or nothing)"), 0, NULL},
    {'Z', NULL,
     N_("one record per table instead of the findings:\n"
        "file, sheet, 项目名称, 主管部门, 实施单位, year,\n"
        "total, printed total, difference, grades, rules,\n"
        "counts, status (ok, findings, unloadable), reason"),
     0, NULL},
    {'G', NULL,
     N_("the 复核汇总 instead: per 主管部门 and overall, the\n"
        "tables, grades, mean/lowest/highest total, money\n"
        "in 万元 with its 执行率, errors, unloadable"),
     0, NULL},
    {'B', NULL,
     N_("--summary or --rollup -f csv: start with a UTF-8\n"
        "byte-order mark (Excel)"),
     0, NULL},
    {'A', NULL,
     N_("--summary table: East Asian ambiguous characters\n"
        "take 2 columns"),
     0, NULL},
    {'I', "LIST",
     N_("check the files named in LIST (- for standard\n"
        "input), one a line"),
     0, NULL},
    {'0', NULL,
     N_("the names in LIST end with a NUL byte (find\n"
        "-print0)"),
     0, NULL},
    {'j', "N",
     N_("--summary, --rollup: check N files at a time; a\n"
        "long-format file: read on N cores\n"
        "(default: the processors); the output is the same"),
     0, NULL},
    {'g', NULL,
     N_("--summary, --rollup: say how far the run is on\n"
        "standard error (by default only on a terminal,\n"
        "and after a second)"),
     0, NULL},
    {'r', "RULES", N_("check by the rules file or built-in rule set RULES"), 0,
     NULL},
    {'E', "TOTAL", N_("the published total; compared at its printed places"), 0,
     NULL},
    {'T', "T", N_("allow the total to differ from TOTAL by T"), 0, NULL},
    {'S', NULL, N_("warnings count as failures"), 0, NULL},
    {'K', "LEVEL",
     N_("list only findings at LEVEL or above: error,\n"
        "warning or info (default); counts stay whole"),
     0, "error warning info"},
    {'q', NULL, N_("leave out the summary line"), 0, NULL},
    {'C', "WHEN",
     N_("auto (default: on a terminal, unless NO_COLOR is\n"
        "set), always or never"),
     0, "auto always never"},
    {'P', "REPORT",
     N_("check the 绩效自评报告 REPORT (.txt, .md, .docx)\n"
        "against the one table FILE: its money, 执行率,\n"
        "得分, 等级, year and indicators"),
     0, NULL},
};

static const cli_row diff_rows[] = {
    {'f', "FMT", N_("table (default) or json"), 0, "table json"},
    {'o', "FILE", N_("write to FILE (all or nothing) instead of stdout"), 0,
     NULL},
    {'r', "RULES", N_("score both by the rules file or rule set RULES"), 0,
     NULL},
    {'q', NULL, N_("do not say on standard error how they were scored"), 0,
     NULL},
};

static const cli_row init_rows[] = {
    {'f', "FMT", N_("json (default), csv or xlsx (xlsx needs -o FILE)"), 0,
     "json csv xlsx"},
    {'Y', "YEAR", N_("the budget year (default: this year)"), 0, NULL},
    {'N', NULL,
     N_("write a blank unit profile instead, for\n"
        "perfeval report --unit FILE"),
     0, NULL},
    {'o', "FILE", N_("write to FILE instead of stdout"), 0, NULL},
    {'O', NULL, N_("replace FILE when it exists (it would be lost)"), 0, NULL},
};

static const cli_row rules_rows[] = {
    {'r', "RULES", N_("the rules file or built-in rule set to start from"), 0,
     NULL},
    {'o', "FILE", N_("write to FILE (all or nothing) instead of stdout"), 0,
     NULL},
    {'q', NULL, N_("do not say how the rules were found"), 0, NULL},
    {'l', NULL, N_("list the built-in rule sets"), 0, NULL},
};

static const cli_row report_rows[] = {
    {'f', "FMT", N_("markdown (default) or docx (needs -o FILE)"), 0,
     "markdown docx"},
    {'o', "FILE", N_("write to FILE (all or nothing) instead of stdout"), 0,
     NULL},
    {'r', "RULES", N_("score by the rules file or rule set RULES"), 0, NULL},
    {'W', "DIR",
     N_("draft a report per table of the FILEs into DIR,\n"
        "each named by its title, never over a file"),
     0, NULL},
    {'N', "FILE",
     N_("fill what only the unit knows (单位职能,\n"
        "评价工作组织, 存在的问题, 结果应用, the 落款)\n"
        "from the unit profile FILE (perfeval init --unit)"),
     0, NULL},
    {'q', NULL, N_("do not print warnings to standard error"), 0, NULL},
};

/* The options of every command that reads a table. */
static const cli_row reading_rows[] = {
    {'H', "NAME|N",
     N_("the workbook sheet (or the document's Nth table)\n"
        "to read; hidden sheets only when named"),
     0, NULL},
    {'e', "ENC",
     N_("auto (default: UTF-8, else GB18030), utf-8 or\n"
        "gb18030"),
     0, "auto utf-8 gb18030"},
    {'d', "D", N_("comma, semicolon or tab (default: detected)"), 0,
     "comma semicolon tab"},
    {'M', "N",
     N_("refuse a table or a --report, or a part of a\n"
        "workbook once unpacked, over N bytes (1 GiB; a\n"
        "long-format file is streamed, never held)"),
     25, NULL},
    {'U', "N",
     N_("refuse a workbook or document whose parts\n"
        "unpack to more than N bytes in all (128 MiB)"),
     25, NULL},
    {'X', "N",
     N_("refuse a workbook sheet or document table of\n"
        "more than N cells, or a workbook of more than\n"
        "N shared strings (2,000,000)"),
     25, NULL},
    {'F', "N", N_("long format: refuse a field over N bytes (64 KiB)"), 25,
     NULL},
    {'R', "N",
     N_("long format: refuse a project over N rows\n"
        "(default 1,000,000)"),
     25, NULL},
};

/* The options of every command. */
static const cli_row common_rows[] = {
    {'L', "LANG",
     N_("zh or en: the language of messages, findings and\n"
        "help (default: LANGUAGE, LC_ALL, LC_MESSAGES,\n"
        "LANG; zh* is Chinese); also before the command"),
     0, "en zh"},
    {'h', NULL, N_("show this help and exit"), 0, NULL},
    {'V', NULL, N_("show the version and exit"), 0, NULL},
};

const cli_command cli_commands[] = {
    {"score",
     C_SCORE,
     {N_("Usage: perfeval score [OPTIONS] FILE|-\n"
         "Score a 附件1 table and print it with every row's score, the total "
         "and\n"
         "the grade.\n"
         "\n"
         ""),
      ROWS(score_rows),
      N_("The table is as wide as $COLUMNS, else the terminal, else 100 "
         "columns.\n"
         "\n"
         "")}},
    {"check",
     C_CHECK,
     {N_("Usage: perfeval check [OPTIONS] FILE|FOLDER...\n"
         "Review (复核) filled-in tables against the rules and list what "
         "breaks\n"
         "them or does not add up, one finding per line.\n"
         "\n"
         ""),
      ROWS(check_rows),
      N_("A Word report (.docx) holding its own 附件1 table is checked alone:\n"
         "its text against that table.  A FOLDER is read with its subfolders,\n"
         "in name order; its .csv .tsv .txt .json .xlsx .xls and .docx files\n"
         "are the tables, the others are skipped and counted.\n"
         "\n"
         "")}},
    {"diff",
     C_DIFF,
     {N_("Usage: perfeval diff [OPTIONS] OLD NEW\n"
         "What changed between two tables: rows added, removed, renamed or\n"
         "changed, the funds, the total and the grade.  Exit 0 when nothing\n"
         "differs, 1 when something does.  OLD and NEW may be two folders\n"
         "(last year's desk, this year's): one line per project (项目名称 and\n"
         "实施单位) with both totals and grades, the change, and whether it "
         "is\n"
         "the same, changed, appeared or disappeared.\n"
         "\n"
         ""),
      ROWS(diff_rows), NULL}},
    {"init",
     C_INIT,
     {N_("Usage: perfeval init [OPTIONS]\n"
         "Write a blank 附件1 with the MoF default structure and rules, ready "
         "to\n"
         "fill in.\n"
         "\n"
         ""),
      ROWS(init_rows), NULL}},
    {"rules",
     C_RULES,
     {N_("Usage: perfeval rules [OPTIONS] FILE\n"
         "       perfeval rules --list\n"
         "Print the rules FILE is scored by (given with -r, found beside it, "
         "its\n"
         "own, or read off its numbers) as a rules file to keep beside it.\n"
         "\n"
         ""),
      ROWS(rules_rows), NULL}},
    {"report",
     C_REPORT,
     {N_("Usage: perfeval report [OPTIONS] FILE\n"
         "       perfeval report [OPTIONS] --outdir DIR FILE...\n"
         "Draft the 绩效自评报告 from a table: the standard sections, every\n"
         "number taken from the table, the parts only people know marked\n"
         "待填写, and the 附件1 itself.\n"
         "\n"
         ""),
      ROWS(report_rows), NULL}},
};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

const cli_section cli_reading = {N_("Reading a table:\n"
                                    ""),
                                 ROWS(reading_rows), NULL};
const cli_section cli_common = {
    NULL, ROWS(common_rows),
    N_("Exit status:\n"
       "  0  success; check: no finding at error level; diff: no difference\n"
       "  1  check: errors found, or the total is not --expect; diff: the\n"
       "     tables differ\n"
       "  2  usage or input/output trouble\n"
       "  3  invalid input data\n"
       "check of many files: the highest that applies (3 over 2 over 1).\n"
       "")};

/* The help of `perfeval --help`, before the common options; with a
 * command's own, the part on FILE too.  Pieces, because a C11 compiler
 * need not take a string past 4095 bytes. */
static const cli_section overview = {
    N_("Usage: perfeval score [OPTIONS] FILE|-\n"
       "       perfeval check [OPTIONS] FILE...\n"
       "       perfeval diff [OPTIONS] OLD NEW\n"
       "       perfeval init [OPTIONS]\n"
       "       perfeval rules [OPTIONS] FILE | --list\n"
       "       perfeval report [OPTIONS] FILE\n"
       "       perfeval help COMMAND | --help | --version\n"
       "\n"
       "score: score a 项目支出绩效自评表 (附件1 table) and print it with "
       "every\n"
       "row's score, the total and the grade.\n"
       "check: review (复核) filled-in tables against the rules and list what\n"
       "breaks them or does not add up.\n"
       "diff: what changed between two tables: rows, targets, actuals, "
       "scores,\n"
       "the total and the grade (exit 0 when nothing did, 1 when something "
       "did).\n"
       "init: a blank 附件1 with the MoF default structure, ready to fill in.\n"
       "rules: the rules FILE is scored by, as a rules file to keep beside "
       "it;\n"
       "--list shows the built-in rule sets.\n"
       "report: draft the 绩效自评报告 from a table (markdown or docx).\n"
       "\n"
       "`perfeval COMMAND --help` shows a command's options.\n"
       "\n"
       ""),
    NULL, 0, NULL};
static const cli_section file_part = {
    N_("FILE is the table as Excel or WPS keeps it: a workbook (.xlsx, .xls),\n"
       "a Word report (.docx) with the 附件1 table in it, or CSV/TSV (UTF-8\n"
       "or GB18030); a project file in JSON (see README.md); or a long-format\n"
       "table (CSV or workbook) with one row per indicator and a 项目编号\n"
       "column; \"-\" reads standard input.  A workbook with several 附件1\n"
       "sheets is several tables: check takes them all, as FILE:SHEET.\n"
       "\n"
       "A table is scored by -r RULES, else by FILE's .rules.json beside it,\n"
       "else by its own rules (a project file's \"rules\", the hidden sheet "
       "of\n"
       "a workbook perfeval wrote), else by the rules its printed numbers "
       "show\n"
       "(rounding, places, whether the funds block counts), which are\n"
       "announced on standard error.\n"
       "\n"
       ""),
    NULL, 0, NULL};

const cli_option *cli_option_of(int code)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (options[i].code == code)
            return &options[i];
    return NULL;
}

const cli_option *cli_option_at(size_t i)
{
    return i < sizeof options / sizeof options[0] ? &options[i] : NULL;
}

int cli_command_bit(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        if (strcmp(name, cli_commands[i].name) == 0)
            return cli_commands[i].bit;
    return 0;
}

static const cli_row *row_in(const cli_section *s, int code)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->rows[i].code == code)
            return &s->rows[i];
    return NULL;
}

const cli_row *cli_row_of(int cmd, int code)
{
    const cli_row *r = NULL;

    for (size_t i = 0; i < cli_ncommands && !r; i++)
        if (cli_commands[i].bit == cmd)
            r = row_in(&cli_commands[i].help, code);
    if (!r && (cmd & C_READ))
        r = row_in(&cli_reading, code);
    if (!r && cmd)
        r = row_in(&cli_common, code);
    return r;
}

int cli_takes(int code)
{
    int bits = 0;

    for (size_t i = 0; i < cli_ncommands; i++)
        if (cli_row_of(cli_commands[i].bit, code))
            bits |= cli_commands[i].bit;
    return bits;
}

void cli_getopt_tables(struct option *longopts, char *shortopts)
{
    size_t n = sizeof options / sizeof options[0], k = 0;

    for (size_t i = 0; i < n; i++) {
        longopts[i].name = options[i].name;
        longopts[i].has_arg = options[i].has_arg;
        longopts[i].flag = NULL;
        longopts[i].val = options[i].code;
        if (options[i].is_short) {
            shortopts[k++] = (char)options[i].code;
            if (options[i].has_arg == required_argument)
                shortopts[k++] = ':';
        }
    }
    memset(&longopts[n], 0, sizeof longopts[n]);
    shortopts[k] = '\0';
}

/* One option's lines: "  -f, --format FMT" (or "      --bom"), its help
 * from the row's column (two spaces after a name that reaches it), the
 * later lines at the column. */
static void put_row(FILE *out, pe_lang lang, const cli_row *r)
{
    const cli_option *o = cli_option_of(r->code);
    int col = r->col ? r->col : 23, n;
    const char *help = pe_message(lang, r->help), *nl;

    if (o->is_short)
        n = fprintf(out, "  -%c, --%s", o->code, o->name);
    else
        n = fprintf(out, "      --%s", o->name);
    if (r->arg)
        n += fprintf(out, " %s", r->arg);
    fprintf(out, "%*s", n < col ? col - n : 2, "");
    for (; (nl = strchr(help, '\n')); help = nl + 1)
        fprintf(out, "%.*s\n%*s", (int)(nl - help), help, r->col ? r->col : 23,
                "");
    fprintf(out, "%s\n", help);
}

static void put_section(FILE *out, pe_lang lang, const cli_section *s)
{
    if (s->head)
        fputs(pe_message(lang, s->head), out);
    for (size_t i = 0; i < s->n; i++)
        put_row(out, lang, &s->rows[i]);
    if (s->n)
        fputs("\n", out);
    if (s->after)
        fputs(pe_message(lang, s->after), out);
}

void cli_help(FILE *out, pe_lang lang, int cmd)
{
    const cli_section *own = &overview;

    for (size_t i = 0; i < cli_ncommands; i++)
        if (cli_commands[i].bit == cmd)
            own = &cli_commands[i].help;
    put_section(out, lang, own);
    if (cmd == 0 || (cmd & C_READ))
        put_section(out, lang, &file_part);
    if (cmd & C_READ)
        put_section(out, lang, &cli_reading);
    put_section(out, lang, &cli_common);
}
