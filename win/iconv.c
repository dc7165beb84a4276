/*
 * A minimal iconv over MultiByteToWideChar/WideCharToMultiByte, for
 * perfeval's Windows build only (tools/build-win-deps.sh builds libfreexl
 * against it).  Why: Debian 12 ships no iconv for mingw-w64, freexl's
 * configure refuses to build without one, and every code page an .xls
 * names (BIFF's CODEPAGE record: CP1252, CP936, UTF-16LE, MacRoman ...) is
 * one Windows converts itself.  freexl converts whole strings to UTF-8, so
 * this converts whole buffers and never keeps state between calls.
 * perfeval's own transcoding does not use it (src/os_win32.c).
 */
#include "iconv.h"
#include "localcharset.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define CP_UTF16LE 1200u

static unsigned code_page(const char *name)
{
    if (_stricmp(name, "UTF-8") == 0)
        return CP_UTF8;
    if (_stricmp(name, "UTF-16LE") == 0)
        return CP_UTF16LE;
    if (_stricmp(name, "ASCII") == 0)
        return 20127;
    if (_stricmp(name, "MacRoman") == 0)
        return 10000;
    if (_stricmp(name, "GB18030") == 0)
        return 54936;
    if (_strnicmp(name, "CP", 2) == 0 && name[2] >= '1' && name[2] <= '9')
        return (unsigned)strtoul(name + 2, NULL, 10);
    return 0;
}

iconv_t iconv_open(const char *tocode, const char *fromcode)
{
    unsigned cp = code_page(fromcode);

    if (_stricmp(tocode, "UTF-8") != 0 || cp == 0 ||
        (cp != CP_UTF16LE && !IsValidCodePage(cp))) {
        errno = EINVAL;
        return (iconv_t)-1;
    }
    return (iconv_t)(uintptr_t)cp;
}

int iconv_close(iconv_t cd)
{
    (void)cd;
    return 0;
}

size_t iconv(iconv_t cd, char **inbuf, size_t *inbytesleft, char **outbuf,
             size_t *outbytesleft)
{
    unsigned cp = (unsigned)(uintptr_t)cd;
    size_t inlen;
    wchar_t *w;
    int nw, n;

    if (!inbuf || !*inbuf || *inbytesleft == 0)
        return 0;
    inlen = *inbytesleft;
    if (inlen > INT_MAX / 2) {
        errno = E2BIG;
        return (size_t)-1;
    }
    if (cp == CP_UTF16LE) {
        nw = (int)(inlen / 2);
        w = malloc(((size_t)nw + 1) * sizeof *w);
        if (!w) {
            errno = ENOMEM;
            return (size_t)-1;
        }
        for (int i = 0; i < nw; i++)
            w[i] = (wchar_t)((unsigned char)(*inbuf)[2 * i] |
                             (unsigned char)(*inbuf)[2 * i + 1] << 8);
    } else {
        nw = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, *inbuf, (int)inlen,
                                 NULL, 0);
        if (nw <= 0) {
            errno = EILSEQ;
            return (size_t)-1;
        }
        w = malloc((size_t)nw * sizeof *w);
        if (!w) {
            errno = ENOMEM;
            return (size_t)-1;
        }
        MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, *inbuf, (int)inlen, w,
                            nw);
    }
    n = nw ? WideCharToMultiByte(CP_UTF8, 0, w, nw, NULL, 0, NULL, NULL) : 0;
    if ((size_t)n > *outbytesleft) {
        free(w);
        errno = E2BIG;
        return (size_t)-1;
    }
    if (n)
        WideCharToMultiByte(CP_UTF8, 0, w, nw, *outbuf, n, NULL, NULL);
    free(w);
    *inbuf += inlen;
    *inbytesleft = 0;
    *outbuf += n;
    *outbytesleft -= (size_t)n;
    return 0;
}

const char *locale_charset(void)
{
    static char name[16];

    snprintf(name, sizeof name, "CP%u", GetACP());
    return name;
}
