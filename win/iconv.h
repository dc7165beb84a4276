/*
 * The part of iconv(3) that libfreexl uses, for perfeval's Windows build
 * only.  Debian 12 has no iconv built for mingw-w64, and freexl will not
 * build without one; Windows itself converts every code page freexl names
 * (see iconv.c).  Only conversions to UTF-8, of whole strings.
 */
#ifndef PE_WIN_ICONV_H
#define PE_WIN_ICONV_H

#include <stddef.h>

typedef void *iconv_t;

/* tocode must be "UTF-8"; fromcode a name freexl uses ("CP936",
 * "UTF-16LE", "MacRoman"...).  (iconv_t)-1 with errno EINVAL otherwise. */
iconv_t iconv_open(const char *tocode, const char *fromcode);

/* Converts all of *inbuf or nothing: -1 with errno EILSEQ for bytes that
 * are not text in the code page, E2BIG when *outbytesleft is too small. */
size_t iconv(iconv_t cd, char **inbuf, size_t *inbytesleft, char **outbuf,
             size_t *outbytesleft);

int iconv_close(iconv_t cd);

#endif
