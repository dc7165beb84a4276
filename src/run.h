/* What the runs of the library share (score_file.c, check_run.c,
 * run_files.c): reading a table file and choosing its rules, and saying
 * what was decided.  Internal to the library; the public side is
 * pe_score_file() and pe_check_files() in perfeval.h. */
#ifndef PE_RUN_H
#define PE_RUN_H

#include "os.h"
#include "perfeval.h"

/* A message for a person, through o->say (nothing without one): fmt is a
 * message of the catalogue, said in o->lang, one line without its end. */
void pe_run_say(const pe_score_opts *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 2, 3)))
#endif
    ;

/* err (from status st) said as the command says an error; the verdict it
 * makes: PE_VERDICT_DATA for invalid data, else PE_VERDICT_USAGE. */
int pe_run_fail(const pe_score_opts *o, const pe_error *err, pe_status st);

/* The worse of two verdicts (3 over 2 over 1 over 0). */
int pe_verdict_worse(int a, int b);

/* o's rules, loaded once for a run: *use points to them (in *r), or is
 * NULL when the run gives none (each table's own then). */
PE_MUST_CHECK pe_status pe_run_rules(const pe_score_opts *o, pe_rules *r,
                                     const pe_rules **use, pe_error *err);

/* Is path the same file as the one sb describes? ("-" never is.) */
int pe_run_same_file(const char *path, const pe_os_info *sb);

/*
 * Read path as o says, rules by o->rules_set.  A long-format file is
 * scored project by project into o->records when allow_long (else
 * refused with o->long_refusal) and *verdict gets its verdict; any other
 * is loaded whole and, on PE_OK, *out is the scored project.  A workbook
 * or document goes to *book, its bytes to *bytes (freed after the book),
 * when book is not NULL, else its one table is taken.  *verdict is -1
 * when nothing was streamed.
 */
PE_MUST_CHECK pe_status pe_run_read(const pe_score_opts *o, const char *path,
                                    int allow_long, pe_project **out,
                                    pe_book **book, pe_buf *bytes, int *verdict,
                                    pe_error *err);

/* A book's long-format table i streamed into o->records; its verdict. */
PE_MUST_CHECK pe_status pe_run_stream_book(const pe_score_opts *o, pe_book *b,
                                           size_t i, int *verdict,
                                           pe_error *err);

/* The rules of a loaded table (docs/rules.md, "A table without a rules
 * file"), said where they come from, then the score.  name: the table's
 * name (path, or path:sheet); can_sidecar: a table that cannot carry
 * rules of its own, so a rules file beside it counts. */
PE_MUST_CHECK pe_status pe_run_rule_and_score(const pe_score_opts *o,
                                              const char *path,
                                              const char *name, int can_sidecar,
                                              pe_project *p, pe_error *err);

#endif
