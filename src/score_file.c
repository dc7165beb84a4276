/*
 * One call for one table file (perfeval.h, "One call"): what `perfeval
 * score FILE` decides before it prints, in the library, so that a program
 * or a Python script gets the same total the tool prints.  The rules come
 * from, in this order (docs/rules.md, "A table without a rules file"):
 * the caller, FILE's own NAME.rules.json beside it, the table's own (a
 * project file's "rules", a workbook's hidden sheet), else the table's
 * printed numbers.
 */
#include "os.h"
#include "project.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pe_rules_beside(const char *path, char *side, size_t n)
{
    const char *slash = NULL, *dot = strrchr(path, '.');
    size_t stem;

    for (const char *c = path; *c; c++)
        if (pe_os_is_sep((unsigned char)*c))
            slash = c;
    stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);

    if (strcmp(path, "-") == 0 || stem + sizeof ".rules.json" > n)
        return 0;
    memcpy(side, path, stem);
    memcpy(side + stem, ".rules.json", sizeof ".rules.json");
    return 1;
}

/* The rules of p, by the order above. */
static pe_status choose_rules(const char *path, const pe_score_opts *o,
                              pe_project *p, pe_error *err)
{
    size_t max = o->max_file ? o->max_file : (size_t)1 << 30;
    char side[4096];
    pe_rules r;
    pe_status st;

    if (o->rules) {
        if ((st = pe_rules_load(o->rules, max, &r, err)) != PE_OK)
            return st;
        pe_project_set_rules(p, &r);
        return PE_OK;
    }
    if (!pe_project_has_rules(p) && pe_rules_beside(path, side, sizeof side) &&
        pe_os_exists(side)) {
        if ((st = pe_rules_load(side, max, &r, err)) != PE_OK)
            return st;
        pe_project_set_rules(p, &r);
        return PE_OK;
    }
    if (pe_project_has_rules(p))
        return PE_OK;
    return pe_project_infer_rules(p, err);
}

/* The one table of a book, or the one opts->sheet chose. */
static pe_status book_table(const char *path, pe_book *b, pe_project **out,
                            pe_error *err)
{
    size_t n = pe_book_count(b);

    if (n > 1) {
        pe_error_set(err, path, 0, 0,
                     "%zu tables in this file: choose one (opts.sheet, "
                     "--sheet NAME or N)",
                     n);
        return PE_EUSAGE;
    }
    if (n == 0) {
        pe_error_set(err, path, 0, 0, "no 附件1 table in this file");
        return PE_EDATA;
    }
    if (pe_book_table_is_long(b, 0)) {
        pe_error_set(err, path, 0, 0,
                     "a long-format table holds many projects: check it with "
                     "perfeval check (pe_long_* in the library)");
        return PE_EUSAGE;
    }
    return pe_book_table_load(b, 0, out, err);
}

pe_status pe_score_file(const char *path, const pe_score_opts *opts,
                        pe_project **out, pe_error *err)
{
    pe_score_opts none = {0};
    const pe_score_opts *o = opts ? opts : &none;
    pe_file_opts fo;
    pe_file f;
    pe_status st;

    *out = NULL;
    pe_file_opts_default(&fo);
    fo.encoding = o->encoding;
    fo.delimiter = o->delimiter;
    fo.sheet = o->sheet;
    if (o->max_file)
        fo.max_file = o->max_file;
    fo.long_refusal = "a long-format table holds many projects: check it "
                      "with perfeval check (pe_long_* in the library)";
    fo.long_refusal_names_file = 1;
    st = pe_file_read(path, &fo, &f, err);
    if (st == PE_OK) {
        pe_project *p = NULL;

        if (f.kind == PE_FILE_BOOK)
            st = book_table(path, f.book, &p, err);
        else {
            p = f.project;
            f.project = NULL;
        }
        if (st == PE_OK && (st = choose_rules(path, o, p, err)) == PE_OK)
            st = pe_project_score(p, err);
        if (st == PE_OK)
            *out = p;
        else
            pe_project_free(p);
    }
    pe_file_free(&f);
    return st;
}
