/* What the perfeval program says on standard error: its messages,
 * escaped, in the run's language; the errors the library gives; the
 * findings of a scored table; check --summary's progress line. */
#include "cli.h"
#include "os.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The one piece of state the tool keeps beside its options, since every
 * message, from the first usage error on, is said in it. */
static pe_lang ui_lang = PE_LANG_EN;

pe_lang cli_lang(void)
{
    return ui_lang;
}

void cli_set_lang(pe_lang lang)
{
    ui_lang = lang;
}

/* The progress line of check --summary on standard error ("checked 120 of
 * 2000 files"), taken away before any message. */
static struct progress {
    int on;     /* --progress, or standard error is a terminal */
    int tty;    /* erase the line rather than end it */
    int forced; /* --progress: shown from the first file */
    int shown;
    double start, last;
} pg;

/* Before a message or at the end: the progress line out of the way. */
void progress_clear(void)
{
    if (!pg.shown)
        return;
    fputs(pg.tty ? "\r\033[K" : "\n", stderr);
    pg.shown = 0;
}

/* Seconds since some fixed point, for the progress line only. */
static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* After each file (n 0: the files are done). */
void progress_show(void *ctx, size_t i, size_t n)
{
    double t = now();

    (void)ctx;
    if (n == 0) {
        progress_clear();
        return;
    }
    if (!pg.on || (!pg.forced && t - pg.start < 1.0) ||
        (i < n && t - pg.last < 0.2))
        return;
    pg.last = t;
    pg.shown = 1;
    fprintf(stderr, "\rperfeval: checked %zu of %zu files", i, n);
    fflush(stderr);
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
void
say(const char *fmt, ...)
{
    pe_buf raw = {.data = NULL}, safe = {.data = NULL};
    va_list ap;

    va_start(ap, fmt);
    if (pe_buf_vprintf(&raw, _(fmt), ap) == PE_OK && raw.data) {
        progress_clear();
        fputs(pe_term_text(&safe, raw.data, raw.len, 1) == PE_OK && safe.data
                  ? safe.data
                  : raw.data,
              stderr);
    }
    va_end(ap);
    pe_buf_free(&raw);
    pe_buf_free(&safe);
}

/* What the library tells (pe_score_opts.say): a message of its own. */
void said(void *ctx, const char *text)
{
    (void)ctx;
    say("perfeval: %s\n", text);
}

#if defined(__GNUC__)
__attribute__((format(PE_PRINTF_FORMAT, 1, 2)))
#endif
int
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

int say_error(const pe_error *err, pe_status st)
{
    char line[1024];

    /* every error has words: a library failure that gave none says what
     * kind it was */
    if (!err->msg[0])
        say("perfeval: %s%s%s\n", err->file, err->file[0] ? ": " : "",
            _(pe_strerror(st)));
    else
        say("perfeval: %s\n",
            pe_error_format_lang(err, cli_lang(), line, sizeof line));
    return st == PE_EDATA || st == PE_ERANGE ? EXIT_DATA : EXIT_USAGE;
}

void progress_start(int progress)
{
    pg = (struct progress){.on = progress > 0 ||
                                 (progress == 0 && pe_os_isatty(PE_OS_STDERR)),
                           .tty = pe_os_isatty(PE_OS_STDERR),
                           .forced = progress > 0,
                           .start = now()};
}

static const char *severity_word(pe_severity s)
{
    if (cli_lang() == PE_LANG_ZH)
        return s == PE_SEV_ERROR     ? "错误"
               : s == PE_SEV_WARNING ? "警告"
                                     : "提示";
    return s == PE_SEV_ERROR     ? "error"
           : s == PE_SEV_WARNING ? "warning"
                                 : "note";
}

/* Finding f of p on stderr, GNU style with the line where it is known,
 * under severity word sev. */
static void say_finding(const pe_project *p, const pe_finding *f,
                        const char *sev)
{
    const char *msg = cli_lang() == PE_LANG_ZH && f->msg_zh && f->msg_zh[0]
                          ? f->msg_zh
                          : f->msg;

    if (f->line > 0)
        say("perfeval: %s:%ld: %s: %s\n", pe_project_source(p), f->line, sev,
            msg);
    else
        say("perfeval: %s: %s: %s\n", pe_project_source(p), sev, msg);
}

/* The table's warnings and errors on stderr; notes stay for check. */
void print_findings(int quiet, const pe_project *p)
{
    for (size_t i = 0; !quiet && i < pe_project_nfindings(p); i++) {
        const pe_finding *f = pe_project_finding(p, i);

        if (f->severity != PE_SEV_INFO)
            say_finding(p, f, severity_word(f->severity));
    }
}

/* A total that leaves rows out is no total: say which cells to fill (1),
 * and why a cell may read blank (a formula saved without its value), and
 * the caller writes nothing. */
int unscored(const pe_project *p)
{
    if (!pe_project_unscored(p))
        return 0;
    for (size_t i = 0; i < pe_project_nfindings(p); i++) {
        const pe_finding *f = pe_project_finding(p, i);

        if (strcmp(f->code, "no-score") == 0)
            say_finding(p, f, severity_word(PE_SEV_ERROR));
        else if (strcmp(f->code, "formula-no-value") == 0)
            say_finding(p, f, severity_word(PE_SEV_WARNING));
    }
    return 1;
}
