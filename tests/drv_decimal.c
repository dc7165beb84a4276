/*
 * A line-oriented driver for the differential test of the decimals
 * (tests/oracle_decimal.py).  One command per line on stdin, one result
 * line on stdout:
 *
 *   parse S               S is the rest of the line, verbatim
 *   muldiv A B C PLACES MODE
 *   round A PLACES MODE
 *   fmt A PLACES MODE     pe_dec_format_places
 *   add A B
 *   sub A B
 *   cmp A B               -1, 0 or 1
 *   mdcmp A B C D         sign of A*B/C - D, exactly
 *   norm A
 *
 * MODE is "halfup" or "truncate".  A result is a decimal as pe_dec_format
 * writes it, or the status name (ERANGE, EDATA, EUSAGE).  BADARG and BADCMD
 * mean the driver itself could not read the line.
 */
#include "perfeval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXARGS 6

static const char *status_word(pe_status st)
{
    switch (st) {
    case PE_OK:
        return "OK";
    case PE_ENOMEM:
        return "ENOMEM";
    case PE_EIO:
        return "EIO";
    case PE_EDATA:
        return "EDATA";
    case PE_EUSAGE:
        return "EUSAGE";
    case PE_ERANGE:
        return "ERANGE";
    }
    return "E?";
}

static int split(char *line, char **argv)
{
    int argc = 0;
    char *tok = strtok(line, " ");

    while (tok && argc < MAXARGS) {
        argv[argc++] = tok;
        tok = strtok(NULL, " ");
    }
    return tok ? -1 : argc;
}

static int arg_dec(const char *s, pe_dec *d)
{
    return pe_dec_parse_cstr(s, d) == PE_OK;
}

static int arg_int(const char *s, int *v)
{
    char *end;
    long l = strtol(s, &end, 10);

    if (end == s || *end || l < -1000 || l > 1000)
        return 0;
    *v = (int)l;
    return 1;
}

static int arg_mode(const char *s, pe_round *m)
{
    if (strcmp(s, "halfup") == 0)
        *m = PE_ROUND_HALF_UP;
    else if (strcmp(s, "truncate") == 0)
        *m = PE_ROUND_TRUNCATE;
    else
        return 0;
    return 1;
}

static void put_result(pe_status st, pe_dec d)
{
    char buf[PE_DEC_BUFSIZE];

    puts(st == PE_OK ? pe_dec_format(d, buf) : status_word(st));
}

static void run(char *line, size_t len)
{
    char *argv[MAXARGS];
    pe_dec a, b, c, r = {0, 0};
    pe_round mode;
    int argc, places;

    if (len >= 6 && memcmp(line, "parse ", 6) == 0) {
        put_result(pe_dec_parse(line + 6, len - 6, &r), r);
        return;
    }
    argc = split(line, argv);
    if (argc < 1) {
        puts("BADCMD");
        return;
    }
    if (strcmp(argv[0], "muldiv") == 0 && argc == 6) {
        if (!arg_dec(argv[1], &a) || !arg_dec(argv[2], &b) ||
            !arg_dec(argv[3], &c) || !arg_int(argv[4], &places) ||
            !arg_mode(argv[5], &mode))
            puts("BADARG");
        else
            put_result(pe_dec_muldiv(a, b, c, places, mode, &r), r);
    } else if ((strcmp(argv[0], "round") == 0 || strcmp(argv[0], "fmt") == 0) &&
               argc == 4) {
        char buf[PE_DEC_BUFSIZE];

        if (!arg_dec(argv[1], &a) || !arg_int(argv[2], &places) ||
            !arg_mode(argv[3], &mode))
            puts("BADARG");
        else if (argv[0][0] == 'f')
            puts(pe_dec_format_places(a, places, mode, buf));
        else
            put_result(pe_dec_round(a, places, mode, &r), r);
    } else if ((strcmp(argv[0], "add") == 0 || strcmp(argv[0], "sub") == 0 ||
                strcmp(argv[0], "cmp") == 0) &&
               argc == 3) {
        if (!arg_dec(argv[1], &a) || !arg_dec(argv[2], &b))
            puts("BADARG");
        else if (argv[0][0] == 'a')
            put_result(pe_dec_add(a, b, &r), r);
        else if (argv[0][0] == 's')
            put_result(pe_dec_sub(a, b, &r), r);
        else
            printf("%d\n", pe_dec_cmp(a, b));
    } else if (strcmp(argv[0], "mdcmp") == 0 && argc == 5) {
        pe_dec d;
        int cmp;
        pe_status st;

        if (!arg_dec(argv[1], &a) || !arg_dec(argv[2], &b) ||
            !arg_dec(argv[3], &c) || !arg_dec(argv[4], &d))
            puts("BADARG");
        else if ((st = pe_dec_muldiv_cmp(a, b, c, d, &cmp)) != PE_OK)
            put_result(st, r);
        else
            printf("%d\n", cmp);
    } else if (strcmp(argv[0], "norm") == 0 && argc == 2) {
        if (!arg_dec(argv[1], &a))
            puts("BADARG");
        else
            put_result(PE_OK, pe_dec_normalize(a));
    } else {
        puts("BADCMD");
    }
}

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    while ((n = getline(&line, &cap, stdin)) != -1) {
        size_t len = (size_t)n;

        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        run(line, len);
    }
    free(line);
    if (ferror(stdin) || fflush(stdout) != 0) {
        fprintf(stderr, "drv_decimal: i/o error\n");
        return 1;
    }
    return 0;
}
