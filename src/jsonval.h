/* Reading values out of cJSON trees exactly: shared by the project and
 * rules loaders. */
#ifndef PE_JSONVAL_H
#define PE_JSONVAL_H

#include <cJSON.h>

#include "perfeval.h"

/*
 * Check the raw JSON text before cJSON turns its numbers into doubles:
 * every number literal must have at most 15 significant digits, which a
 * double holds exactly when printed back with %.15g.  On a longer one fill
 * err (with line and column) and return PE_EDATA.
 */
PE_MUST_CHECK pe_status pe_json_check_numbers(const char *buf, size_t len,
                                              const char *name, pe_error *err);

/* Parse buf with cJSON; on a syntax error fill err with the line and column
 * of the failure.  The caller frees the tree with cJSON_Delete(). */
PE_MUST_CHECK pe_status pe_json_parse(const char *buf, size_t len,
                                      const char *name, cJSON **out,
                                      pe_error *err);

/*
 * A JSON number or string as an exact decimal.  Strings may carry spaces,
 * full-width digits and a trailing 分.  Returns PE_OK, or PE_EDATA with a
 * message in `why` ("is not a number").  A JSON null or "" sets *present
 * to 0 and returns PE_OK.
 */
PE_MUST_CHECK pe_status pe_json_dec(const cJSON *item, pe_dec *out,
                                    int *present, char *why, size_t whylen);

/* The string value of item, or "" for null; NULL when item is neither a
 * string, a number nor null. Numbers are written back as decimal text into
 * tmp (PE_DEC_BUFSIZE bytes). */
const char *pe_json_text(const cJSON *item, char *tmp);

/* Building JSON output: every helper takes the item it is given (and
 * deletes it when it cannot be added), and a failed allocation only sets
 * oom, so that a whole tree is built and checked once at the end. */
typedef struct pe_jout {
    int oom;
} pe_jout;

cJSON *pe_jout_new(pe_jout *o, cJSON *item); /* item, or oom when NULL */
void pe_jout_put(pe_jout *o, cJSON *obj, const char *key, cJSON *item);
void pe_jout_item(pe_jout *o, cJSON *arr, cJSON *item);
void pe_jout_str(pe_jout *o, cJSON *obj, const char *key, const char *s);
/* Numbers as raw JSON text, never through a double; decimals normalised
 * ("1", not "1.00"), so that what cJSON reads back prints the same. */
void pe_jout_int(pe_jout *o, cJSON *obj, const char *key, long v);
void pe_jout_dec(pe_jout *o, cJSON *obj, const char *key, pe_dec d);
/* A number's text: a JSON number, or a string past 15 significant digits
 * (a double would not keep it). */
void pe_jout_number(pe_jout *o, cJSON *obj, const char *key, const char *s);
/* Print root (indented, with a final newline) onto b and delete it;
 * PE_ENOMEM when the tree was not built whole (o->oom) or printing fails. */
PE_MUST_CHECK pe_status pe_jout_finish(pe_jout *o, cJSON *root, pe_buf *b);

/* A rules object as a project file's "rules" holds it. */
cJSON *pe_jout_rules(pe_jout *o, const pe_rules *R);

#endif
