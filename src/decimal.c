/*
 * Exact decimals: coef / 10^scale.  Products, quotients and comparisons go
 * through 128-bit integers so that no intermediate step loses a digit, and
 * pe_dec_muldiv() rounds exactly once, at the end.
 */
#include "perfeval.h"

#include <string.h>

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

/* Every |coef| stays below this. */
#define COEF_LIMIT 1000000000000000000ULL

static const uint64_t ten[PE_DEC_MAX_DIGITS + 1] = {
    1ULL,
    10ULL,
    100ULL,
    1000ULL,
    10000ULL,
    100000ULL,
    1000000ULL,
    10000000ULL,
    100000000ULL,
    1000000000ULL,
    10000000000ULL,
    100000000000ULL,
    1000000000000ULL,
    10000000000000ULL,
    100000000000000ULL,
    1000000000000000ULL,
    10000000000000000ULL,
    100000000000000000ULL,
    1000000000000000000ULL,
};

static uint64_t mag(int64_t v)
{
    /* Negate in unsigned arithmetic: INT64_MIN has no positive twin. */
    return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

static int is_digit(char c)
{
    /* Not isdigit(): that one follows the locale. */
    return c >= '0' && c <= '9';
}

/* The invariants, for functions that can say no. */
static pe_status check(pe_dec d)
{
    if (d.scale < 0 || d.scale > PE_DEC_MAX_SCALE)
        return PE_EUSAGE;
    if (mag(d.coef) >= COEF_LIMIT)
        return PE_ERANGE;
    return PE_OK;
}

/* a's coefficient at a scale >= a.scale; < 10^27, so it cannot overflow. */
static i128 widen(pe_dec a, int scale)
{
    return (i128)a.coef * (i128)ten[scale - a.scale];
}

pe_status pe_dec_parse(const char *s, size_t len, pe_dec *out)
{
    size_t i = 0, lead, int_end, frac_len = 0, ndigits;
    uint64_t coef = 0;
    int neg = 0;

    if (!out || (!s && len))
        return PE_EUSAGE;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    lead = i;
    while (i < len && is_digit(s[i]))
        i++;
    int_end = i;
    if (int_end == lead)
        return PE_EDATA;
    if (i < len && s[i] == '.') {
        size_t frac = ++i;

        while (i < len && is_digit(s[i]))
            i++;
        frac_len = i - frac;
        if (frac_len == 0)
            return PE_EDATA;
    }
    if (i != len)
        return PE_EDATA;

    /* Leading zeros are free; every other digit lands in coef. */
    while (lead < int_end && s[lead] == '0')
        lead++;
    ndigits = int_end - lead + frac_len;
    if (frac_len > PE_DEC_MAX_SCALE || ndigits > PE_DEC_MAX_DIGITS)
        return PE_ERANGE;
    for (i = lead; i < len; i++)
        if (s[i] != '.')
            coef = coef * 10 + (uint64_t)(s[i] - '0');
    out->coef = neg ? -(int64_t)coef : (int64_t)coef;
    out->scale = (int)frac_len;
    return PE_OK;
}

pe_status pe_dec_parse_cstr(const char *s, pe_dec *out)
{
    if (!s)
        return PE_EUSAGE;
    return pe_dec_parse(s, strlen(s), out);
}

char *pe_dec_format(pe_dec d, char *buf)
{
    char tmp[PE_DEC_BUFSIZE];
    uint64_t m = mag(d.coef);
    size_t n = 0, i;
    int k = 0;

    /* Digits come out backwards; keep one before the point. */
    do {
        if (k == d.scale && k > 0)
            tmp[n++] = '.';
        tmp[n++] = (char)('0' + m % 10);
        m /= 10;
        k++;
    } while (m || k <= d.scale);
    if (d.coef < 0)
        tmp[n++] = '-';
    for (i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

char *pe_dec_format_places(pe_dec d, int places, pe_round mode, char *buf)
{
    size_t n, room;
    int pad;

    if (places < 0)
        places = 0;
    if (places > PE_DEC_MAX_SCALE)
        places = PE_DEC_MAX_SCALE;
    if (places < d.scale) {
        pe_dec r;

        /* Dropping places cannot overflow: a round-up adds at most the
         * one digit that was dropped. */
        if (pe_dec_round(d, places, mode, &r) == PE_OK)
            d = r;
        return pe_dec_format(d, buf);
    }

    /*
     * Padding by string, not by rescaling: 10^17 with 9 places is a fine
     * thing to print but not a pe_dec.  PE_DEC_BUFSIZE cannot hold 18
     * digits and 9 places, so the zeros stop where the buffer does; the
     * value printed is still exact.
     */
    pe_dec_format(d, buf);
    n = strlen(buf);
    room = PE_DEC_BUFSIZE - 1 - n;
    pad = places - d.scale;
    if (pad > 0 && d.scale == 0) {
        if (room < 2)
            return buf;
        buf[n++] = '.';
        room--;
    }
    for (; pad > 0 && room > 0; pad--, room--)
        buf[n++] = '0';
    buf[n] = '\0';
    return buf;
}

pe_dec pe_dec_from_int(int64_t v)
{
    pe_dec d;

    d.coef = v;
    d.scale = 0;
    return d;
}

int pe_dec_cmp(pe_dec a, pe_dec b)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    i128 x, y;

    /* the same scale, or one that 64 bits can bring the other to */
    if (a.scale == b.scale)
        return (a.coef > b.coef) - (a.coef < b.coef);
    if (a.scale >= 0 && b.scale >= 0 && s <= PE_DEC_MAX_SCALE &&
        mag(a.coef) < COEF_LIMIT && mag(b.coef) < COEF_LIMIT &&
        mag(a.coef) <= INT64_MAX / ten[s - a.scale] &&
        mag(b.coef) <= INT64_MAX / ten[s - b.scale]) {
        int64_t u = a.coef * (int64_t)ten[s - a.scale];
        int64_t v = b.coef * (int64_t)ten[s - b.scale];

        return (u > v) - (u < v);
    }
    x = widen(a, s);
    y = widen(b, s);
    return (x > y) - (x < y);
}

int pe_dec_sign(pe_dec a)
{
    return (a.coef > 0) - (a.coef < 0);
}

int pe_dec_is_zero(pe_dec a)
{
    return a.coef == 0;
}

static pe_status add_signed(pe_dec a, pe_dec b, int negate_b, pe_dec *out)
{
    pe_status st;
    i128 y, sum;
    int s;

    if (!out)
        return PE_EUSAGE;
    /* the same scale, as the rows of one table mostly are: both below
     * 10^18, so the int64 sum cannot overflow before the range check */
    if (a.scale == b.scale && check(a) == PE_OK && check(b) == PE_OK) {
        int64_t r = negate_b ? a.coef - b.coef : a.coef + b.coef;

        if (mag(r) >= COEF_LIMIT)
            return PE_ERANGE;
        out->coef = r;
        out->scale = a.scale;
        return PE_OK;
    }
    if ((st = check(a)) != PE_OK || (st = check(b)) != PE_OK)
        return st;
    s = a.scale > b.scale ? a.scale : b.scale;
    /* scales apart: in 64 bits when both fit at the larger (each below
     * 10^18 after, so their sum cannot overflow before the range check) */
    if (mag(a.coef) < COEF_LIMIT / ten[s - a.scale] &&
        mag(b.coef) < COEF_LIMIT / ten[s - b.scale]) {
        int64_t x = a.coef * (int64_t)ten[s - a.scale];
        int64_t z = b.coef * (int64_t)ten[s - b.scale];
        int64_t r = negate_b ? x - z : x + z;

        if (mag(r) >= COEF_LIMIT)
            return PE_ERANGE;
        out->coef = r;
        out->scale = s;
        return PE_OK;
    }
    y = widen(b, s);
    sum = widen(a, s) + (negate_b ? -y : y);
    if (sum <= -(i128)COEF_LIMIT || sum >= (i128)COEF_LIMIT)
        return PE_ERANGE;
    out->coef = (int64_t)sum;
    out->scale = s;
    return PE_OK;
}

pe_status pe_dec_add(pe_dec a, pe_dec b, pe_dec *out)
{
    return add_signed(a, b, 0, out);
}

pe_status pe_dec_sub(pe_dec a, pe_dec b, pe_dec *out)
{
    return add_signed(a, b, 1, out);
}

/* The one division of the scoring path; *inexact tells whether anything
 * was left over before rounding. */
static pe_status muldiv(pe_dec a, pe_dec b, pe_dec c, int places, pe_round mode,
                        pe_dec *out, int *inexact)
{
    u128 num, den, q, r;
    pe_status st;
    int e, neg;

    if (!out || places < 0 || places > PE_DEC_MAX_SCALE ||
        (mode != PE_ROUND_HALF_UP && mode != PE_ROUND_TRUNCATE))
        return PE_EUSAGE;
    if ((st = check(a)) != PE_OK || (st = check(b)) != PE_OK ||
        (st = check(c)) != PE_OK)
        return st;
    if (c.coef == 0)
        return PE_EUSAGE;

    /*
     * The result's coefficient is A*B*10^e / C.  A*B < 10^36 fits in 128
     * bits; -18 <= e <= 18, and 10^e on the wrong side could pass 2^128.
     */
    neg = (a.coef < 0) ^ (b.coef < 0) ^ (c.coef < 0);
    num = (u128)mag(a.coef) * mag(b.coef);
    den = mag(c.coef);
    e = c.scale + places - a.scale - b.scale;
    /* 64 bits when A*B*10^e and C*10^-e fit: one division, the common
     * case (a weight times an actual over a target) */
    if (num <= UINT64_MAX && e >= -18 && e <= 18 &&
        (e >= 0 ? (uint64_t)num <= UINT64_MAX / ten[e]
                : den <= UINT64_MAX / ten[-e])) {
        uint64_t n64 = (uint64_t)num * (e > 0 ? ten[e] : 1);
        uint64_t d64 = (uint64_t)den * (e < 0 ? ten[-e] : 1);
        uint64_t q64 = n64 / d64, r64 = n64 % d64;

        *inexact = r64 != 0;
        if (mode == PE_ROUND_HALF_UP && r64 >= d64 - r64)
            q64++;
        if (q64 >= COEF_LIMIT)
            return PE_ERANGE;
        out->coef = neg ? -(int64_t)q64 : (int64_t)q64;
        out->scale = places;
        return PE_OK;
    }
    if (e < 0)
        den *= ten[-e]; /* < 10^36 */
    q = num / den;
    r = num % den;
    /* Bring down e zeros one at a time, as on paper; r < den keeps r*10
     * small, and q is checked before it can grow out of range. */
    for (; e > 0; e--) {
        if (q >= COEF_LIMIT)
            return PE_ERANGE;
        r *= 10;
        q = q * 10 + r / den;
        r %= den;
    }
    *inexact = r != 0;
    if (mode == PE_ROUND_HALF_UP && r >= den - r)
        q++;
    if (q >= COEF_LIMIT)
        return PE_ERANGE;
    out->coef = neg ? -(int64_t)q : (int64_t)q;
    out->scale = places;
    return PE_OK;
}

pe_status pe_dec_muldiv(pe_dec a, pe_dec b, pe_dec c, int places, pe_round mode,
                        pe_dec *out)
{
    int inexact;

    /* a*1/1, the score of every met row: no division needed */
    if (b.coef == 1 && b.scale == 0 && c.coef == 1 && c.scale == 0)
        return pe_dec_round(a, places, mode, out);
    return muldiv(a, b, c, places, mode, out, &inexact);
}

pe_status pe_dec_muldiv_cmp(pe_dec a, pe_dec b, pe_dec c, pe_dec d, int *cmp)
{
    pe_dec q;
    pe_status st;
    int inexact;

    if (!cmp || (st = check(d)) != PE_OK)
        return cmp ? st : PE_EUSAGE;
    /* Truncated at d's places, the quotient equals d's coefficient only if
     * the exact value lies within one unit of d on the side away from
     * zero; the remainder then decides. */
    if ((st = muldiv(a, b, c, d.scale, PE_ROUND_TRUNCATE, &q, &inexact)) !=
        PE_OK)
        return st;
    if (q.coef != d.coef)
        *cmp = q.coef < d.coef ? -1 : 1;
    else if (!inexact)
        *cmp = 0;
    else
        *cmp = ((a.coef < 0) ^ (b.coef < 0) ^ (c.coef < 0)) ? -1 : 1;
    return PE_OK;
}

pe_status pe_dec_round(pe_dec a, int places, pe_round mode, pe_dec *out)
{
    /* Nothing to cut: only zeros to add, and no division (the scorer
     * rounds every row's score, and most already have few places). */
    if (out && places >= a.scale && places <= PE_DEC_MAX_SCALE &&
        (mode == PE_ROUND_HALF_UP || mode == PE_ROUND_TRUNCATE) &&
        check(a) == PE_OK) {
        i128 c = widen(a, places);

        if (c <= -(i128)COEF_LIMIT || c >= (i128)COEF_LIMIT)
            return PE_ERANGE;
        out->coef = (int64_t)c;
        out->scale = places;
        return PE_OK;
    }
    {
        int inexact;
        return muldiv(a, pe_dec_from_int(1), pe_dec_from_int(1), places, mode,
                      out, &inexact);
    }
}

pe_dec pe_dec_normalize(pe_dec a)
{
    while (a.scale > 0 && a.coef % 10 == 0) {
        a.coef /= 10;
        a.scale--;
    }
    return a;
}
