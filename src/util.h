/* The leaf helpers (util.c): errors, strings, growing arrays.  Internal
 * to the library; pe_buf and pe_strerror are public in perfeval.h. */
#ifndef PE_UTIL_H
#define PE_UTIL_H

#include "perfeval.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Set every field of err (NULL is a no-op); the message is printf-like. */
void pe_error_set(pe_error *err, const char *file, long line, long column,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 5, 6)))
#endif
    ;

/* A copy of s ("" for NULL), or NULL when out of memory. */
char *pe_strdup_or_empty(const char *s);

/* Room for `need` elements of `size` bytes in the array p of *cap
 * elements: doubles from `first`.  Returns the (maybe moved) array with
 * *cap updated, or NULL (p untouched and still owned by the caller). */
void *pe_grow(void *p, size_t *cap, size_t need, size_t size, size_t first);

#endif
