/* Display width of UTF-8 text, for the renderers' column arithmetic.  Not
 * part of the public API (pe_display_width() is). */
#ifndef PE_WIDTH_H
#define PE_WIDTH_H

#include <stddef.h>
#include <stdint.h>

/* The code point pe_utf8_decode() reports for a byte that does not start a
 * valid sequence.  Not a Unicode scalar value, so it cannot be confused
 * with U+FFFD written in the input. */
#define PE_UTF8_INVALID UINT32_MAX

/* Decode the UTF-8 sequence at s (len > 0 bytes available).  Returns its
 * length, 1..4, and sets *cp.  An overlong form, a surrogate, a value above
 * U+10FFFF or a truncated sequence is invalid: returns 1 and sets *cp to
 * PE_UTF8_INVALID, so the caller moves on one byte at a time. */
size_t pe_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Columns of one code point: 0 (combining and format characters), 1 or 2.
 * PE_UTF8_INVALID and control characters count 1, the width of the
 * replacement a renderer prints for them. */
int pe_codepoint_width(uint32_t cp, int ambiguous_wide);

/* How many bytes of s[0..len) fit in `cols` columns, never splitting a
 * sequence.  Zero-width characters after the last one that fits are
 * included, so a combining mark stays with its base.  *used (may be NULL)
 * gets the width of those bytes.  Returns 0 when the first character alone
 * is wider than cols. */
size_t pe_width_fit(const char *s, size_t len, int cols, int ambiguous_wide,
                    int *used);

#endif
