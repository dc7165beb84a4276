/* The leaf helpers (util.c): errors, strings, growing arrays.  Internal
 * to the library; pe_buf and pe_strerror are public in perfeval.h. */
#ifndef PE_UTIL_H
#define PE_UTIL_H

#include "perfeval.h"

#include <stdarg.h>

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Set every field of err (NULL is a no-op); the message is printf-like. */
void pe_error_set(pe_error *err, const char *file, long line, long column,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 5, 6)))
#endif
    ;

/*
 * pe_error_set() with a context before the message, "indicator 3 (培训人数)"
 * or "project P001": ctx_en and ctx_zh are that context already written
 * in each language ("" or NULL for none), and the message is fmt in
 * English and, from the catalogue, in Chinese.  The two are joined as
 * "ctx: message" and "ctx：message".
 */
void pe_error_setv(pe_error *err, const char *file, long line, long column,
                   const char *ctx_en, const char *ctx_zh, const char *fmt,
                   va_list ap)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 7, 0)))
#endif
    ;

/* Give the message err holds now its Chinese text, printf-like: for a
 * message made of parts that the catalogue holds apart (a system error
 * after "cannot open").  A later change of err->msg voids it. */
void pe_error_zh(pe_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 2, 3)))
#endif
    ;

/* A copy of s ("" for NULL), or NULL when out of memory. */
char *pe_strdup_or_empty(const char *s);

/* Room for `need` elements of `size` bytes in the array p of *cap
 * elements: doubles from `first`.  Returns the (maybe moved) array with
 * *cap updated, or NULL (p untouched and still owned by the caller). */
void *pe_grow(void *p, size_t *cap, size_t need, size_t size, size_t first);

#endif
