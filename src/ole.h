/* The streams of an OLE compound file, the container of an .xls (and of a
 * .doc).  ole_gsf.c reads it through libgsf, loaded when first needed;
 * ole_cfb.c, for Windows, where there is no libgsf, by itself.  Internal
 * to the library. */
#ifndef PE_OLE_H
#define PE_OLE_H

#include "perfeval.h"

/* Load the reader (once per process): NULL when it is there, else why
 * not. */
const char *pe_ole_library(void);

/*
 * Find the first of names (a NULL-terminated list) among the top-level
 * streams of the OLE file in buf and call fn with its bytes (borrowed for
 * the call), when it holds 1 to max bytes.  fn's status; PE_EDATA when no
 * such stream can be read; PE_EIO when the reader cannot be loaded;
 * PE_ENOMEM.
 */
PE_MUST_CHECK pe_status pe_ole_stream(
    const char *buf, size_t len, const char *const *names, size_t max,
    pe_status (*fn)(void *ctx, const unsigned char *s, size_t size), void *ctx);

/* Does the OLE file in buf hold a top-level stream of that name? */
int pe_ole_has(const char *buf, size_t len, const char *name);

#endif
