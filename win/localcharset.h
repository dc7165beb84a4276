/* freexl includes this under mingw; see iconv.h.  Windows only. */
#ifndef PE_WIN_LOCALCHARSET_H
#define PE_WIN_LOCALCHARSET_H

/* The ANSI code page's name, as "CP936". */
const char *locale_charset(void);

#endif
