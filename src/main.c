/* The perfeval command line: each command's options given to the
 * library, what it gives back printed, the exit code.  What a table is,
 * which rules and which sheet, what a run of files writes: the library
 * decides (score_file.c, check_run.c).  The options are read by
 * cli_parse.c from the tables of cli_opts.c; messages are said by
 * cli_say.c. */
#include "cli.h"
#include "os.h"
#include "perfeval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static int worse(int a, int b)
{
    return a > b ? a : b;
}

static pe_check_format check_format(const char *name)
{
    return strcmp(name, "json") == 0  ? PE_CHECK_JSON
           : strcmp(name, "csv") == 0 ? PE_CHECK_CSV
                                      : PE_CHECK_TABLE;
}

/* How the library reads a table for this run; with rules loaded into
 * *rules when -r names them (a failure said: its exit code, else -1). */
static int read_opts(const opts *o, pe_rules *rules, pe_score_opts *so)
{
    pe_error err = {.line = 0};
    pe_status st;

    *so = (pe_score_opts){.rules = o->rules,
                          .sheet = o->sheet,
                          .encoding = o->encoding,
                          .delimiter = o->delimiter,
                          .max_file = o->max_file,
                          .max_cells = o->max_cells,
                          .max_unpacked = o->max_unpacked,
                          .max_field = o->max_field,
                          .max_rows = o->max_rows,
                          .lang = cli_lang(),
                          .quiet = o->quiet,
                          .say = said,
                          .records_format = check_format(o->format),
                          .threads = o->jobs,
                          .long_refusal = N_("a long-format file gives one "
                                             "record per project: use -f "
                                             "table, csv or json")};
    if (!rules || !o->rules)
        return -1;
    if ((st = pe_rules_load(o->rules, o->max_file, rules, &err)) != PE_OK)
        return say_error(&err, st);
    so->rules_set = rules;
    return -1;
}

/* The scored table in the form --format names, into out; for report, the
 * 绩效自评报告 drafted from it. */
static pe_status render(const opts *o, const pe_project *p, pe_buf *out)
{
    if (o->cmd == C_REPORT)
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

/* The scored table p written as -f says: a file by its name, else into
 * the sink. */
static int write_scored(const opts *o, const pe_project *p, pe_sink *sink)
{
    pe_buf out = {.data = NULL};
    pe_error err = {.line = 0};
    pe_status st;

    if (!sink) {
        st = o->cmd == C_REPORT
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
    pe_buf_free(&out);
    if (st != PE_OK)
        return say_error(&err, st);
    print_findings(o->quiet, p);
    return EXIT_OK;
}

/* perfeval score, and perfeval report: one table, scored, in the form
 * --format names; a long-format file as one record per project. */
static int cmd_score(const opts *o, const char *path)
{
    pe_project *p = NULL;
    pe_error err = {.line = 0};
    pe_rules rules;
    pe_score_opts so;
    pe_score_info info;
    pe_sink *sink = NULL;
    pe_status st;
    int rc;
    /* a workbook or a Word document is written by its name */
    int to_file =
        strcmp(o->format, "xlsx") == 0 || strcmp(o->format, "docx") == 0;

    if (to_file && (!o->output || strcmp(o->output, "-") == 0))
        return usage_error("--format %s needs -o FILE", o->format);
    if ((rc = read_opts(o, &rules, &so)) >= 0)
        return rc;
    if (!to_file &&
        (st = pe_sink_open(o->output ? o->output : "-", &sink, &err)) != PE_OK)
        return say_error(&err, st);
    /* the long format has records, not a table: csv, json or lines; a
     * report is drafted for one table */
    if (o->cmd != C_REPORT && strcmp(o->format, "markdown") != 0 &&
        strcmp(o->format, "tsv") != 0)
        so.records = sink;
    so.long_refusal = o->cmd == C_REPORT
                          ? N_("a long-format file holds many projects; a "
                               "report is drafted for one table")
                          : N_("a long-format file gives one record per "
                               "project: use -f table, csv or json");
    so.long_refusal_names_file = o->cmd == C_REPORT;
    st = pe_score_file_ex(path, &so, &p, &info, &err);
    if (st != PE_OK) {
        /* a long file broken by a line that cannot be read: the -o file
         * gets what standard output would, the records before it */
        pe_status cst = PE_OK;

        if (info.streamed && st == PE_EDATA)
            cst = pe_sink_close(sink, 1, &err);
        else
            pe_sink_abort(sink);
        return cst == PE_OK ? say_error(&err, st) : say_error(&err, cst);
    }
    if (!p) {
        /* a long-format file: its records are written already */
        if ((st = pe_sink_close(sink, 1, &err)) != PE_OK)
            return say_error(&err, st);
        return info.verdict;
    }
    if (unscored(p)) {
        pe_sink_abort(sink);
        pe_project_free(p);
        return EXIT_DATA;
    }
    rc = write_scored(o, p, sink);
    pe_project_free(p);
    return rc;
}

/* One report of report --outdir: p drafted into dir under a name no file
 * has; that name said on standard output. */
static int report_into(const opts *o, const char *file, const pe_project *p)
{
    const char *ext = strcmp(o->format, "docx") == 0 ? "docx" : "md";
    pe_buf path = {.data = NULL}, out = {.data = NULL};
    pe_error err = {.line = 0};
    pe_status st = pe_report_free_name(o->outdir, p, ext, &path);
    int rc = EXIT_OK;

    if (st == PE_OK && strcmp(ext, "docx") == 0)
        st = pe_render_report_docx_unit(p, o->profile, path.data, &err);
    else if (st == PE_OK &&
             (st = pe_render_report_unit(p, o->profile, &out)) == PE_OK)
        st = pe_io_write_atomic(path.data, out.data, out.len, &err);
    if (st != PE_OK && !err.msg[0])
        snprintf(err.file, sizeof err.file, "%s", file);
    if (st != PE_OK) {
        rc = say_error(&err, st);
    } else {
        print_findings(o->quiet, p);
        printf("%s\n", path.data);
    }
    pe_buf_free(&path);
    pe_buf_free(&out);
    return rc;
}

/* perfeval report --outdir DIR FILE...: a report per table, named by its
 * title, in DIR, never over a file there.  The worst exit code. */
static int cmd_report_dir(const opts *o, int n, char **files)
{
    pe_rules rules;
    pe_score_opts so;
    pe_os_info sb;
    int rc = EXIT_OK;

    if (pe_os_stat(o->outdir, &sb) != 0 || sb.kind != PE_OS_DIR) {
        say("perfeval: %s: not a directory (--outdir)\n", o->outdir);
        return EXIT_USAGE;
    }
    if ((rc = read_opts(o, &rules, &so)) >= 0)
        return rc;
    rc = EXIT_OK;
    so.long_refusal = N_("a long-format file holds many projects; a report "
                         "is drafted for one table");
    so.long_refusal_names_file = 1;
    for (int i = 0; i < n; i++) {
        pe_project *p = NULL;
        pe_error err = {.line = 0};
        pe_status st = pe_score_file_ex(files[i], &so, &p, NULL, &err);

        if (st != PE_OK)
            rc = worse(rc, say_error(&err, st));
        else if (unscored(p))
            rc = worse(rc, EXIT_DATA);
        else
            rc = worse(rc, report_into(o, files[i], p));
        pe_project_free(p);
    }
    return fflush(stdout) == 0 ? rc : worse(rc, EXIT_USAGE);
}

/* perfeval diff OLD NEW: 0 when nothing differs, 1 when something does. */
static int cmd_diff(const opts *o, const char *old_path, const char *new_path)
{
    pe_project *a = NULL, *b = NULL;
    pe_error err = {.line = 0};
    pe_rules rules;
    pe_score_opts so;
    pe_sink *sink = NULL;
    pe_diff *d = NULL;
    pe_buf out = {.data = NULL};
    pe_status st;
    int rc;

    if ((rc = read_opts(o, &rules, &so)) >= 0)
        return rc;
    st = pe_score_file_ex(old_path, &so, &a, NULL, &err);
    if (st == PE_OK)
        st = pe_score_file_ex(new_path, &so, &b, NULL, &err);
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
    rc = st != PE_OK        ? say_error(&err, st)
         : pe_diff_count(d) ? EXIT_DIFFER
                            : EXIT_OK;
    pe_diff_free(d);
    pe_buf_free(&out);
    pe_project_free(a);
    pe_project_free(b);
    return rc;
}

/* The check and diff of folders: how the library runs them. */
static pe_check_opts check_opts(const opts *o)
{
    pe_check_opts co = {.format = o->format,
                        .output = o->output,
                        .expect = o->expect,
                        .tolerance = o->tolerance,
                        .report = o->report,
                        .strict = o->strict,
                        .color = o->color,
                        .bom = o->bom,
                        .ambiguous_wide = o->ambiguous_wide,
                        .min_severity = o->min_severity,
                        .summary = o->summary,
                        .rollup = o->rollup,
                        .jobs = o->jobs,
                        .progress = progress_show};

    read_opts(o, NULL, &co.read);
    progress_start(o->progress);
    return co;
}

/* perfeval init: a blank 附件1 with the MoF default structure. */
static int cmd_init(const opts *o)
{
    pe_error err = {.line = 0};
    pe_buf out = {.data = NULL};
    pe_status st;
    int year = o->year;

    if (!year) {
        /* as --help says: this year, unless --year says otherwise */
        time_t t = time(NULL);
        const struct tm *tm = localtime(&t);

        year = tm ? tm->tm_year + 1900 : 0;
    }

    if (o->unit) {
        /* a blank unit profile, for report --unit */
        st = pe_unit_template(&out);
    } else if (strcmp(o->format, "xlsx") == 0) {
        pe_project *p;

        if (!o->output || strcmp(o->output, "-") == 0)
            return usage_error("%s", _("--format xlsx needs -o FILE"));
        if ((st = pe_init_project(year, &p)) == PE_OK)
            st = pe_render_xlsx(p, o->output, &err);
        else
            snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
        pe_project_free(p);
        return st == PE_OK ? EXIT_OK : say_error(&err, st);
    } else if ((st = pe_init_template(o->format, year, &out)) != PE_OK) {
        snprintf(err.msg, sizeof err.msg, "%s", pe_strerror(st));
    }
    if (st == PE_OK)
        st = pe_io_write_atomic(o->output ? o->output : "-", out.data, out.len,
                                &err);
    pe_buf_free(&out);
    return st == PE_OK ? EXIT_OK : say_error(&err, st);
}

/* perfeval rules: the built-in rule sets, or the rules a table is scored
 * by (given, beside it, its own, or read off its numbers) as a rules
 * file. */
static int cmd_rules(const opts *o, const char *path)
{
    pe_error err = {.line = 0};
    pe_rules rules;
    pe_score_opts so;
    pe_project *p = NULL;
    pe_buf out = {.data = NULL};
    pe_status st = PE_OK;
    int rc;

    if (o->list) {
        const char *name, *desc;

        for (size_t i = 0; (name = pe_rules_builtin_list(i, &desc)); i++)
            if ((st = pe_buf_printf(&out, "%-18s %s\n", name, _(desc))) !=
                PE_OK)
                break;
    } else {
        if ((rc = read_opts(o, &rules, &so)) >= 0)
            return rc;
        st = pe_score_file_ex(path, &so, &p, NULL, &err);
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
    return st == PE_OK ? EXIT_OK : say_error(&err, st);
}

/* -o naming one of the run's inputs would replace it with the output:
 * refused (said), 1. */
static int output_is_input(const opts *o, int n, char *const *paths,
                           const pe_paths *more)
{
    char side[4096];
    const char *clash = pe_output_clash(o->output, o->rules, o->report, paths,
                                        (size_t)n, more, side, sizeof side);

    if (!clash)
        return 0;
    say("perfeval: -o %s is the input %s: the output would replace it; "
        "write it to another file\n",
        o->output, clash);
    return 1;
}

/* check's options that go together, or not: a usage error's exit code,
 * else -1. */
static int check_usage(const opts *o, int n)
{
    int xlsx = strcmp(o->format, "xlsx") == 0;

    if (n < 1 && !o->files_from)
        return usage_error("%s", _("check needs at least one FILE"));
    if (o->tolerance && !o->expect)
        return usage_error("%s", _("--tolerance needs --expect"));
    if (!o->summary && xlsx)
        return usage_error("%s", _("check -f xlsx is the --summary "
                                   "workbook: add --summary"));
    if (xlsx && (!o->output || strcmp(o->output, "-") == 0))
        return usage_error("%s", _("--format xlsx needs -o FILE"));
    if (o->bom && (!o->summary || strcmp(o->format, "csv") != 0))
        return usage_error("%s", _("check --bom goes with --summary -f csv or "
                                   "--rollup -f csv"));
    if (o->summary && o->report)
        return usage_error("%s", o->rollup
                                     ? _("--rollup counts tables; --report "
                                         "checks one report: use one of them")
                                     : _("--summary lists tables; --report "
                                         "checks one report: use one of them"));
    if (o->null && !o->files_from)
        return usage_error("%s", _("-0 reads the list of --files-from"));
    if (o->progress && !o->summary)
        return usage_error("%s",
                           _("--progress goes with --summary or --rollup"));
    return -1;
}

/* check's files: those named, folders walked, --files-from read; a
 * failure's exit code, else -1. */
static int check_files(const opts *o, int n, char **argv, pe_paths *files)
{
    pe_error err = {.line = 0};
    pe_status st = PE_OK;
    pe_buf list = {.data = NULL};

    for (int i = 0; st == PE_OK && i < n; i++)
        st = pe_paths_add(files, argv[i], &err);
    if (st == PE_OK && o->files_from) {
        for (int i = 0; i < n; i++)
            if (strcmp(o->files_from, "-") == 0 && strcmp(argv[i], "-") == 0)
                return usage_error("%s", _("--files-from - and FILE - cannot "
                                           "both be standard input"));
        if ((st = pe_io_read(o->files_from, &list, &err)) == PE_OK)
            st = pe_paths_add_list(files, list.data ? list.data : "", list.len,
                                   o->null, &err);
        if (st == PE_EDATA && !err.file[0])
            snprintf(err.file, sizeof err.file, "%s", o->files_from);
        pe_buf_free(&list);
    }
    return st == PE_OK ? -1 : say_error(&err, st);
}

/* The check command: its options checked, its files gathered, the run.
 * Its exit status. */
static int check_main(const opts *o, int n, char **argv)
{
    pe_paths *files = pe_paths_new();
    pe_check_opts co;
    int rc = check_usage(o, n);

    if (rc < 0 && !files)
        rc = say_error(&(pe_error){.line = 0}, PE_ENOMEM);
    if (files)
        pe_paths_leave_out(files, o->output);
    if (rc < 0)
        rc = check_files(o, n, argv, files);
    if (rc < 0 && pe_paths_skipped(files) && !o->quiet)
        say(pe_paths_skipped(files) == 1
                ? N_("perfeval: skipped %zu file that is not a table\n")
                : N_("perfeval: skipped %zu files that are not tables\n"),
            pe_paths_skipped(files));
    if (rc < 0 && !pe_paths_count(files))
        rc = usage_error("%s", _("no tables to check: the folders hold no "
                                 ".csv .tsv .txt .json .xlsx .xls or .docx"));
    if (rc < 0 && o->report && pe_paths_count(files) != 1)
        rc = usage_error("%s", _("--report checks a report against one "
                                 "table: give one FILE"));
    if (rc < 0 && o->report && strcmp(o->report, "-") == 0 &&
        strcmp(pe_paths_get(files, 0), "-") == 0)
        rc = usage_error("%s", _("--report - and FILE - cannot both be "
                                 "standard input"));
    if (rc < 0 && output_is_input(o, 0, NULL, files))
        rc = EXIT_USAGE;
    if (rc < 0) {
        co = check_opts(o);
        rc = pe_check_files(files, &co);
        progress_clear();
    }
    pe_paths_free(files);
    return rc;
}

/* report: the unit profile loaded, then a report, or one per table. */
static int report_main(opts *o, int n, char **argv)
{
    pe_buf text = {.data = NULL};
    pe_error err = {.line = 0};
    pe_unit *u = NULL;
    pe_status st = PE_OK;
    int rc;

    if (o->unit) {
        if ((st = pe_io_read(o->unit, &text, &err)) == PE_OK)
            st = pe_unit_load(text.data ? text.data : "", text.len, o->unit, &u,
                              &err);
        pe_buf_free(&text);
        if (st != PE_OK)
            return say_error(&err, st);
        o->profile = u;
    }
    rc = o->outdir ? cmd_report_dir(o, n, argv) : cmd_score(o, argv[0]);
    pe_unit_free(u);
    return rc;
}

/* After the options: the command's FILEs counted, then the command. */
static int run(opts *o, int n, char **argv)
{
    pe_os_info so, sn;

    o->color = want_color(o->color_mode, PE_OS_STDOUT);
    if (o->cmd == C_CHECK)
        return check_main(o, n, argv);
    if (output_is_input(o, n, argv, NULL))
        return EXIT_USAGE;
    switch (o->cmd) {
    case C_INIT:
        if (n != 0)
            return usage_error("%s", _("init takes no FILE; use -o FILE"));
        /* a blank form over a file that exists would lose its filling */
        if (o->output && strcmp(o->output, "-") != 0 && !o->force &&
            pe_os_stat(o->output, &so) == 0 && so.kind == PE_OS_FILE) {
            say("perfeval: %s exists: init writes a blank form; use "
                "--force to replace it\n",
                o->output);
            return EXIT_USAGE;
        }
        return cmd_init(o);
    case C_RULES:
        if (o->list ? n != 0 : n != 1)
            return usage_error("%s",
                               o->list ? _("rules --list takes no FILE")
                                       : _("rules needs one FILE (or --list)"));
        return cmd_rules(o, o->list ? NULL : argv[0]);
    case C_DIFF:
        if (n != 2)
            return usage_error("%s", _("diff needs two files: OLD NEW"));
        /* two folders: last year's desk against this year's */
        if (pe_os_stat(argv[0], &so) == 0 && so.kind == PE_OS_DIR &&
            pe_os_stat(argv[1], &sn) == 0 && sn.kind == PE_OS_DIR) {
            pe_check_opts co = check_opts(o);

            return pe_diff_desks(argv[0], argv[1], &co);
        }
        return cmd_diff(o, argv[0], argv[1]);
    default:
        break;
    }
    if (o->outdir && o->output)
        return usage_error("%s", _("--outdir names the reports itself: no -o"));
    if (o->outdir && n < 1)
        return usage_error("%s", _("report --outdir needs at least one FILE"));
    if (!o->outdir && n != 1)
        return usage_error(
            "%s", o->cmd == C_REPORT
                      ? (n < 1 ? _("report needs one FILE (or - for stdin)")
                               : _("report takes one FILE"))
                      : (n < 1 ? _("score needs one FILE (or - for stdin)")
                               : _("score takes one FILE")));
    return report_main(o, n, argv);
}

int main(int argc, char **argv)
{
    static char progname[] = "perfeval";
    opts o;
    int rc, next = 0;
    char *cmd;

    /* standard streams closed at start held by the null device; on
     * Windows UTF-8 arguments, binary standard streams, a UTF-8 console */
    if (pe_os_init(&argc, &argv) != 0)
        return EXIT_USAGE;
    pe_io_cleanup_on_signals();
    cli_set_lang(pe_lang_from_env());
    if ((rc = cli_before_command(&argc, &argv)) >= 0)
        return rc;
    cmd = argv[1];
    cli_opts_default(&o, cli_command_bit(cmd));
    /* getopt sees "perfeval" as its program name, so its own messages
     * ("perfeval: unrecognized option '--x'") read right */
    argv[1] = progname;
    if ((rc = cli_parse(&o, cmd, argc, argv, &next)) >= 0)
        return rc;
    return run(&o, argc - next, argv + next);
}
