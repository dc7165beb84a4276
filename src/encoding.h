/* Bytes to text: the encoding of a table file, decoding it to UTF-8, and
 * its line ends.  Internal to the library. */
#ifndef PE_ENCODING_H
#define PE_ENCODING_H

#include "perfeval.h"

/* What pe_text_decode() found. */
typedef struct pe_decoded {
    pe_encoding used;   /* what the bytes were read as */
    int transcoded;     /* 1 when they were not UTF-8 */
    long not_utf8_line; /* PE_ENC_AUTO fell back to GB18030 because this
                           line is not UTF-8; 0 otherwise */
} pe_decoded;

/*
 * Decode len bytes as `enc` (PE_ENC_AUTO detects) and append them to out
 * as UTF-8 text with every line end (CRLF, LF or a bare CR) turned into
 * one LF.  A leading UTF-8 byte-order mark is dropped.
 *
 * Each line end of the input becomes exactly one LF, so line n of out is
 * line n of the file as an editor numbers it: loaders report out's line
 * numbers as physical ones, with no map to keep.
 *
 * PE_EDATA, with err->line (and err->column, in characters) where it can
 * tell, for a spreadsheet or other binary file, control bytes, or bytes
 * that are not text in the encoding; PE_EIO when the system cannot
 * convert; PE_ENOMEM.  err->file is set to `name`.
 */
PE_MUST_CHECK pe_status pe_text_decode(const char *buf, size_t len,
                                       pe_encoding enc, const char *name,
                                       pe_buf *out, pe_decoded *info,
                                       pe_error *err);

/* Does the text look like UTF-16 that lost its byte-order mark (ASCII
 * with a NUL beside every character)? */
int pe_utf16_without_bom(const char *buf, size_t len);

/* Does the text start with a UTF-16 byte-order mark? */
int pe_utf16_bom(const char *buf, size_t len);

/* The first control byte of 8-bit text (tab and line ends are text; form
 * feed and vertical tab too when `page`), -1 when there is none; *line is
 * its line (1-based). */
int pe_text_control(const char *buf, size_t len, int page, long *line);

/*
 * Is s (UTF-8) Chinese that was read as Windows-1252 and saved again as
 * UTF-8 ("é™„ä»¶1" for "附件1"), as an office suite does to a UTF-8 file it
 * took for a Western one?  Then 1, and fixed gets the text as it was
 * (cut to n bytes at a character); 0 otherwise.
 */
int pe_text_mojibake(const char *s, size_t len, char *fixed, size_t n);

/* The length of the longest prefix of s that is well-formed UTF-8. */
size_t pe_utf8_valid_prefix(const char *s, size_t len);

#endif
