/* Helpers the cmocka tests share.  Include after <cmocka.h>.  static
 * inline, so that a test that does not use one gets no warning. */
#ifndef PE_TEST_UTIL_H
#define PE_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "perfeval.h"

#ifdef _WIN32
/* POSIX calls some tests use that Windows' C runtime lacks, for the unit
 * tests run under wine (make check-windows). */
#include <direct.h>
#include <io.h>

static inline char *tu_strndup(const char *s, size_t n)
{
    size_t k = strnlen(s, n);
    char *d = malloc(k + 1);

    if (d) {
        memcpy(d, s, k);
        d[k] = '\0';
    }
    return d;
}
#define strndup tu_strndup

static inline char *tu_mkdtemp(char *t)
{
    return _mktemp(t) && _mkdir(t) == 0 ? t : NULL;
}
#define mkdtemp tu_mkdtemp
#define mkdir(path, mode) _mkdir(path)
#endif

#define TU_SEED "data/shangjie-2021.json"

/* The seed table (tests run from the repository root), by its own rules
 * or, with mof, by pe_rules_default(); scored when score is set.  The
 * caller frees it. */
static inline pe_project *tu_seed(int mof, int score)
{
    pe_buf in = {0, 0, 0};
    pe_error err;
    pe_project *p = NULL;

    assert_int_equal(pe_io_read(TU_SEED, &in, &err), PE_OK);
    assert_int_equal(pe_project_load_json(in.data, in.len, TU_SEED, &p, &err),
                     PE_OK);
    pe_buf_free(&in);
    if (mof) {
        pe_rules r;

        pe_rules_default(&r);
        pe_project_set_rules(p, &r);
    }
    if (score)
        assert_int_equal(pe_project_score(p, &err), PE_OK);
    return p;
}

/* text with `from` replaced by `to`; `from` must occur exactly once.
 * Frees text; the caller frees the result. */
static inline char *tu_subst(char *text, const char *from, const char *to)
{
    char *at = strstr(text, from), *out;
    size_t a, b, c;

    if (!at || strstr(at + 1, from))
        fail_msg("\"%s\" is not in the text exactly once", from);
    a = (size_t)(at - text), b = strlen(to), c = strlen(at + strlen(from));
    out = malloc(a + b + c + 1);
    assert_non_null(out);
    memcpy(out, text, a);
    memcpy(out + a, to, b);
    memcpy(out + a + b, at + strlen(from), c + 1);
    free(text);
    return out;
}

#endif
