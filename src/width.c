/* Display width from the shipped Unicode tables, never from the locale: a
 * table drawn on one machine must line up on every other (sqlite's QRF does
 * the same).  What a width table cannot know: emoji sequences joined by
 * ZWJ, variation selectors that turn text into emoji, and terminals that
 * disagree with Unicode; those may still misalign. */
#include "width.h"

#include "perfeval.h"
#include "width_table.h"

size_t pe_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* The second byte's range rules out overlong forms, surrogates and
     * values past U+10FFFF (RFC 3629, section 4). */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        c &= 0x07;
    } else {
        *cp = PE_UTF8_INVALID;
        return 1;
    }
    if (len < n || u[1] < lo || u[1] > hi) {
        *cp = PE_UTF8_INVALID;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if (u[i] < 0x80 || u[i] > 0xBF) {
            *cp = PE_UTF8_INVALID;
            return 1;
        }
        c = (c << 6) | (uint32_t)(u[i] & 0x3F);
    }
    *cp = c;
    return n;
}

static int in_table(uint32_t cp, const struct pe_width_range *t, size_t n)
{
    size_t lo = 0, hi = n;

    if (n == 0 || cp < t[0].lo || cp > t[n - 1].hi)
        return 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (cp > t[mid].hi)
            lo = mid + 1;
        else if (cp < t[mid].lo)
            hi = mid;
        else
            return 1;
    }
    return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int pe_codepoint_width(uint32_t cp, int ambiguous_wide)
{
    /* Below U+00A1 nothing is zero-width, wide or ambiguous. */
    if (cp < 0xA1 || cp == PE_UTF8_INVALID)
        return 1;
    if (in_table(cp, pe_width_zero, COUNT(pe_width_zero)))
        return 0;
    if (in_table(cp, pe_width_wide, COUNT(pe_width_wide)))
        return 2;
    if (in_table(cp, pe_width_ambiguous, COUNT(pe_width_ambiguous)))
        return ambiguous_wide ? 2 : 1;
    return 1;
}

int pe_display_width(const char *s, size_t len, int ambiguous_wide)
{
    int w = 0;
    size_t i = 0;

    while (i < len) {
        uint32_t cp;

        i += pe_utf8_decode(s + i, len - i, &cp);
        w += pe_codepoint_width(cp, ambiguous_wide);
    }
    return w;
}

size_t pe_width_fit(const char *s, size_t len, int cols, int ambiguous_wide,
                    int *used)
{
    size_t i = 0;
    int w = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = pe_utf8_decode(s + i, len - i, &cp);
        int cw = pe_codepoint_width(cp, ambiguous_wide);

        if (w + cw > cols)
            break;
        w += cw;
        i += n;
    }
    if (used)
        *used = w;
    return i;
}
