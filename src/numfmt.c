/*
 * Spreadsheet numbers as the clerk saw them (numfmt.h).  A worksheet
 * stores 59.90% as the double nearest 0.599 and a format "0.00%"; the
 * table means 59.90%, and that is what the rules check.  The double is
 * read only to find its shortest decimal; everything after is done on
 * decimal digits, so nothing is rounded twice.
 */
#include "numfmt.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ shortest */

/*
 * digits[0..nd) × 10^(exp10 - nd + 1), the first digit not 0 and the last
 * not 0, written without an exponent; out "" and 0 when it does not fit.
 */
static int put_plain(int neg, const char *digits, int nd, int exp10, char *out,
                     size_t n)
{
    size_t k = 0;
    int full = 0;

#define PUT(c)                                                                 \
    do {                                                                       \
        if (k + 1 < n)                                                         \
            out[k++] = (c);                                                    \
        else                                                                   \
            full = 1;                                                          \
    } while (0)
    if (neg)
        PUT('-');
    if (exp10 < 0) {
        PUT('0');
        PUT('.');
        for (int i = -1; i > exp10; i--)
            PUT('0');
        for (int i = 0; i < nd; i++)
            PUT(digits[i]);
    } else {
        for (int i = 0; i <= exp10; i++)
            PUT(i < nd ? digits[i] : '0');
        if (nd > exp10 + 1) {
            PUT('.');
            for (int i = exp10 + 1; i < nd; i++)
                PUT(digits[i]);
        }
    }
#undef PUT
    out[full ? 0 : k] = '\0';
    return !full;
}

/*
 * v as a plain decimal ("-12.50", "0.001", "195") of at most 15
 * significant digits, well inside the range of normal doubles: its
 * digits without the zeros around them, and the power of ten of the
 * first.  Such a decimal is its double's shortest text already: any
 * decimal of at most 15 digits reads back from its nearest double
 * unchanged (10^15 < 2^52), so no shorter one reads as the same double.
 * 1 for such a number, 0 for zero written plainly, -1 for anything else.
 */
static int plain_decimal(const char *v, char *digits, int *nd, int *exp10,
                         int *neg)
{
    const char *p = v;
    int k = 0;    /* digits from the first that is not 0 */
    int last = 0; /* k after the last that is not 0 */
    int intpart = 0, lead = 0, any = 0;

    *neg = *p == '-';
    p += *neg;
    for (; *p >= '0' && *p <= '9'; p++) {
        any = 1;
        if (k == 0 && *p == '0')
            continue;
        if (*p != '0') {
            if (k >= 15)
                return -1;
            last = k + 1;
        }
        if (k < 15)
            digits[k] = *p;
        if (++k > 301)
            return -1;
    }
    intpart = k;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            any = 1;
            if (k == 0 && *p == '0') {
                if (++lead > 300)
                    return -1;
                continue;
            }
            if (*p != '0') {
                if (k >= 15)
                    return -1;
                last = k + 1;
            }
            /* past 15, only zeros come, and they change nothing */
            if (k < 15)
                digits[k++] = *p;
        }
    }
    while (*p == ' ')
        p++;
    if (*p || !any)
        return -1;
    if (!last)
        return 0;
    *nd = last;
    *exp10 = intpart ? intpart - 1 : -lead - 1;
    return 1;
}

int pe_num_shortest(const char *v, char *out, size_t n)
{
    char buf[64], digits[32];
    char *end;
    double d;
    int exp10, neg, nd = 0, prec, first = 1;

    if (n == 0)
        return 0;
    out[0] = '\0';
    while (*v == ' ')
        v++;
    if (!*v)
        return 0;
    switch (plain_decimal(v, digits, &nd, &exp10, &neg)) {
    case 1:
        return put_plain(neg, digits, nd, exp10, out, n);
    case 0:
        snprintf(out, n, "0");
        return 1;
    default:
        break;
    }
    d = strtod(v, &end);
    while (*end == ' ')
        end++;
    if (*end || d != d || d - d != 0) /* not a number, NaN or infinite */
        return 0;
    if (d == 0) {
        snprintf(out, n, "0");
        return 1;
    }
    /* The fewest digits that read back as d.  For a normal double, when
     * some text of at most 15 digits does, its 15-digit rounding is that
     * text with zeros after it (see plain_decimal()): so 15, 16 or 17
     * digits are all there is to try.  Subnormal and near-infinite ones
     * are tried from 1 digit up. */
    if ((d > 0 ? d : -d) >= 1e-300 && (d > 0 ? d : -d) <= 1e300)
        first = 15;
    for (prec = first; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    /* buf is "-d.ddde-05": its digits and its exponent */
    neg = buf[0] == '-';
    for (const char *q = buf + neg; *q && *q != 'e'; q++)
        if (isdigit((unsigned char)*q) && nd < (int)sizeof digits - 1)
            digits[nd++] = *q;
    digits[nd] = '\0';
    exp10 = atoi(strchr(buf, 'e') + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        digits[--nd] = '\0';
    return put_plain(neg, digits, nd, exp10, out, n);
}

/* ------------------------------------------------------------ formats */

const char *pe_numfmt_builtin(unsigned id)
{
    switch (id) {
    case 0:
        return "General";
    case 1:
        return "0";
    case 2:
        return "0.00";
    case 3:
        return "#,##0";
    case 4:
        return "#,##0.00";
    case 9:
        return "0%";
    case 10:
        return "0.00%";
    case 11:
        return "0.00E+00";
    case 12:
        return "# ?/?";
    case 13:
        return "# ?"
               "?/?"
               "?";
    case 14:
        return "yyyy-mm-dd";
    case 15:
        return "d-mmm-yy";
    case 16:
        return "d-mmm";
    case 17:
        return "mmm-yy";
    case 18:
        return "h:mm AM/PM";
    case 19:
        return "h:mm:ss AM/PM";
    case 20:
        return "h:mm";
    case 21:
        return "h:mm:ss";
    case 22:
        return "yyyy-mm-dd h:mm";
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:
    case 34:
    case 35:
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 57:
    case 58:
        /* the Chinese locale's date ids */
        return "yyyy\"年\"m\"月\"d\"日\"";
    case 37:
        return "#,##0 ;(#,##0)";
    case 38:
        return "#,##0 ;[Red](#,##0)";
    case 39:
        return "#,##0.00;(#,##0.00)";
    case 40:
        return "#,##0.00;[Red](#,##0.00)";
    case 45:
        return "mm:ss";
    case 46:
        return "[h]:mm:ss";
    case 47:
        return "mmss.0";
    case 48:
        return "##0.0E+0";
    case 49:
        return "@";
    default:
        return NULL;
    }
}

/* The first section of a format code (the one for positive numbers and,
 * when there is no other, for all), with quotes and escapes kept. */
static size_t first_section(const char *code)
{
    size_t i = 0;
    int quoted = 0;

    for (; code[i]; i++) {
        if (code[i] == '"')
            quoted = !quoted;
        else if (!quoted && code[i] == '\\' && code[i + 1])
            i++;
        else if (!quoted && code[i] == ';')
            break;
    }
    return i;
}

int pe_numfmt_is_date(const char *code)
{
    size_t n = first_section(code);
    int quoted = 0, bracket = 0;

    if (strncmp(code, "General", 7) == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = code[i];

        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\\' || c == '_' || c == '*')
            i++;
        else if (c == '[')
            bracket = 1;
        else if (c == ']')
            bracket = 0;
        else if (!bracket && strchr("yYmMdDhHsS", c))
            return 1;
        else if (bracket && strchr("hHmMsS", c) && i > 0 && code[i - 1] == '[')
            return 1; /* [h]:mm elapsed time */
    }
    return 0;
}

/* Days since 1970-01-01 to y/m/d (the proleptic Gregorian calendar). */
static void civil(long z, int *y, int *m, int *d)
{
    long era, yoe, doy, mp;
    unsigned doe;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (long)((doe - doe / 1460 + doe / 36524 - doe / 146096) / 365);
    doy = (long)doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int pe_serial_date(long serial, int date1904, int *y, int *m, int *d)
{
    /* 1899-12-30 and 1904-01-01 as days since 1970-01-01 */
    const long e1900 = -25569, e1904 = -24107;

    if (serial < 0 || serial > 2958465) /* 9999-12-31 */
        return 0;
    if (date1904) {
        civil(e1904 + serial, y, m, d);
        return 1;
    }
    if (serial == 0)
        return 0;
    if (serial == 60) { /* Lotus's 29 February 1900, kept by Excel */
        *y = 1900, *m = 2, *d = 29;
        return 1;
    }
    /* before that day the serials run one ahead of the calendar */
    civil(e1900 + serial + (serial < 60 ? 1 : 0), y, m, d);
    return 1;
}

/* Excel takes at most 30 places in a format; more % signs than a few
 * mean nothing a table holds.  Past them the layout stops counting, so
 * that the digits below stay within their buffer. */
#define MAX_PLACES 30
#define MAX_PERCENT 10
#define MAX_DIGITS (PE_NUM_MAX + 2 * MAX_PERCENT + MAX_PLACES + 8)

/* How a format lays a number out. */
typedef struct layout {
    char prefix[64], suffix[64];
    int places;  /* 0 and # after the point */
    int percent; /* % signs: each multiplies by 100 */
    int text;    /* "@" */
    int digits;  /* it has digit placeholders at all */
    int lost;    /* a literal did not fit in prefix or suffix */
} layout;

static void add(layout *L, char *dst, size_t cap, const char *s, size_t len)
{
    size_t n = strlen(dst);

    if (n + len < cap) {
        memcpy(dst + n, s, len);
        dst[n + len] = '\0';
    } else {
        L->lost = 1;
    }
}

static void read_layout(const char *code, layout *L)
{
    size_t n = first_section(code);
    int after_point = 0;

    memset(L, 0, sizeof *L);
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        char *lit = L->digits ? L->suffix : L->prefix;
        size_t cap = L->digits ? sizeof L->suffix : sizeof L->prefix;

        if (c == '"') {
            size_t j = i + 1;

            while (j < n && code[j] != '"')
                j++;
            add(L, lit, cap, code + i + 1, j - i - 1);
            i = j;
        } else if (c == '\\' && i + 1 < n) {
            size_t k = 1;

            while (i + 1 + k < n &&
                   ((unsigned char)code[i + 1 + k] & 0xC0) == 0x80)
                k++;
            add(L, lit, cap, code + i + 1, k);
            i += k;
        } else if (c == '[') {
            while (i < n && code[i] != ']')
                i++;
        } else if (c == '_' || c == '*') {
            i++; /* a space the width of the next character, a fill */
        } else if (c == '0' || c == '#' || c == '?') {
            L->digits = 1;
            if (L->places < MAX_PLACES)
                L->places += after_point;
        } else if (c == '.') {
            after_point = 1;
        } else if (c == '%') {
            if (L->percent < MAX_PERCENT) { /* past them, none */
                L->percent++;
                add(L, lit, cap, "%", 1);
            }
        } else if (c == '@') {
            L->text = 1;
        } else if (c == ',' || c == ' ' || c == '(' || c == ')' || c == '-' ||
                   c == '+') {
            /* separators and signs: the value needs none of them */
        } else {
            size_t k = 1;

            while (i + k < n && ((unsigned char)code[i + k] & 0xC0) == 0x80)
                k++;
            add(L, lit, cap, code + i, k);
            i += k - 1;
        }
    }
}

/*
 * Round the decimal text s (as pe_num_shortest() writes it) to `places`
 * after shifting its point `shift` places right, half away from zero,
 * into out.  Returns 0, out "", when s is longer than a double's text or
 * the result does not fit in n.
 */
static int round_text(const char *s, int shift, int places, char *out, size_t n)
{
    char digits[MAX_DIGITS];
    int nd = 0, point, neg = *s == '-', carry;
    size_t k = 0;

    out[0] = '\0';
    if (neg)
        s++;
    if (strlen(s) >= PE_NUM_MAX || shift < 0 || shift > 2 * MAX_PERCENT ||
        places < 0 || places > MAX_PLACES)
        return 0;
    point = -1;
    for (; *s; s++) {
        if (*s == '.')
            point = nd;
        else
            digits[nd++] = *s;
    }
    if (point < 0)
        point = nd;
    point += shift;
    /* keep digits up to point + places; pad with zeros.  The checks above
     * bound nd by PE_NUM_MAX + shift + places, two short of MAX_DIGITS. */
    while (nd < point + places)
        digits[nd++] = '0';
    if (point < 1) { /* "0.05" shifted stays with a leading digit */
        memmove(digits + 1, digits, (size_t)nd);
        digits[0] = '0';
        nd++, point++;
    }
    carry = point + places < nd && digits[point + places] >= '5';
    nd = point + places;
    for (int i = nd - 1; carry && i >= 0; i--) {
        if (digits[i] == '9') {
            digits[i] = '0';
        } else {
            digits[i]++;
            carry = 0;
        }
    }
    if (carry) {
        memmove(digits + 1, digits, (size_t)nd);
        digits[0] = '1';
        nd++, point++;
    }
    /* drop leading zeros of the integer part */
    {
        int lead = 0, zero = 1;

        while (lead < point - 1 && digits[lead] == '0')
            lead++;
        for (int i = 0; i < nd; i++)
            zero &= digits[i] == '0';
        if ((size_t)(nd - lead) + 3 > n)
            return 0;
        if (neg && !zero)
            out[k++] = '-';
        for (int i = lead; i < nd; i++) {
            if (i == point)
                out[k++] = '.';
            out[k++] = digits[i];
        }
    }
    out[k] = '\0';
    return 1;
}

/*
 * The plain decimal num in Excel's scientific form, "1E+308", "-1.5E-70":
 * the same digits, so the same number, in a few bytes.  0, out "", when it
 * does not fit in n either.
 */
static int scientific(const char *num, char *out, size_t n)
{
    char digits[PE_NUM_MAX];
    int nd = 0, point = -1, first = -1, exp10;
    const char *p = num + (num[0] == '-');
    size_t len;

    out[0] = '\0';
    for (; *p && nd < (int)sizeof digits - 1; p++) {
        if (*p == '.') {
            point = nd;
            continue;
        }
        if (first < 0 && *p != '0')
            first = nd;
        digits[nd++] = *p;
    }
    if (point < 0)
        point = nd;
    if (first < 0) {
        snprintf(out, n, "%s", n > 1 ? "0" : "");
        return n > 1;
    }
    while (nd > first + 1 && digits[nd - 1] == '0')
        nd--;
    exp10 = point - first - 1;
    len = (size_t)snprintf(out, n, "%s%c%s%.*s", num[0] == '-' ? "-" : "",
                           digits[first], nd > first + 1 ? "." : "",
                           nd - first - 1, digits + first + 1);
    if (len < n)
        len +=
            (size_t)snprintf(out + len, n - len, "E%c%02d",
                             exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    if (len >= n) {
        out[0] = '\0';
        return 0;
    }
    return 1;
}

/* prefix, body and suffix into out, or, when they do not fit, the number
 * num in scientific form: the text is never cut. */
static int emit(const char *num, const char *prefix, const char *body,
                const char *suffix, char *out, size_t n)
{
    size_t a = strlen(prefix), b = strlen(body), c = strlen(suffix);

    if (a + b + c < n) {
        memcpy(out, prefix, a);
        memcpy(out + a, body, b);
        memcpy(out + a + b, suffix, c + 1);
        return 1;
    }
    return scientific(num, out, n);
}

/*
 * General, as Excel shows it: at most 11 significant digits (so that a
 * formula's 5.9933333333333332 is 5.993333333) and never more places
 * than a score can carry, trailing zeros dropped.
 */
static int general(const char *num, char *out, size_t n)
{
    const char *p = num + (num[0] == '-');
    int lead = 0, sig = 0, places = 0, point = 0;

    /* the places that keep 11 significant digits */
    for (const char *q = p; *q; q++) {
        if (*q == '.') {
            point = 1;
            continue;
        }
        if (point)
            places++;
        if (*q != '0' || sig)
            sig++;
        else if (point)
            lead++;
    }
    if (sig <= 11 && places <= 9)
        return emit(num, "", num, "", out, n);
    {
        int intdigits =
            (int)(strchr(p, '.') ? (size_t)(strchr(p, '.') - p) : strlen(p));
        int keep = intdigits > 1 || p[0] != '0' ? 11 - intdigits : 11 + lead;
        size_t k;

        if (keep > 9)
            keep = 9;
        if (keep < 0)
            keep = 0;
        if (!round_text(num, 0, keep, out, n))
            return scientific(num, out, n);
        /* trailing zeros of the fraction go */
        if (strchr(out, '.')) {
            k = strlen(out);
            while (k && out[k - 1] == '0')
                out[--k] = '\0';
            if (k && out[k - 1] == '.')
                out[--k] = '\0';
        }
        /* 1E-70 is not 0: Excel shows it in scientific form, and so do we */
        if (strcmp(out, "0") == 0 || strcmp(out, "-0") == 0)
            return scientific(num, out, n);
    }
    return 1;
}

int pe_numfmt_apply(const char *v, const char *code, int date1904, char *out,
                    size_t n)
{
    char num[PE_NUM_MAX], body[MAX_DIGITS];
    layout L;

    if (n == 0)
        return 0;
    if (!pe_num_shortest(v, num, sizeof num)) {
        if ((size_t)snprintf(out, n, "%s", v) >= n)
            snprintf(out, n, "%s", n > 6 ? "#NUM!" : "");
        return 0;
    }
    if (!code || !code[0] || strncmp(code, "General", 7) == 0) {
        general(num, out, n);
        return 1;
    }
    if (pe_numfmt_is_date(code)) {
        int y, m, d, has_y = 0, has_m = 0, has_d = 0, nian = 0;
        long serial = strtol(num, NULL, 10);
        size_t len = first_section(code);

        for (size_t i = 0; i < len; i++) {
            char c = (char)tolower((unsigned char)code[i]);

            has_y |= c == 'y' || c == 'e';
            has_m |= c == 'm';
            has_d |= c == 'd';
        }
        nian = strstr(code, "年") != NULL;
        if (!has_y && !has_d) { /* a time of day: leave the number */
            emit(num, "", num, "", out, n);
            return 1;
        }
        if (!pe_serial_date(serial, date1904, &y, &m, &d)) {
            emit(num, "", num, "", out, n);
            return 1;
        }
        if (nian && has_d)
            snprintf(out, n, "%d年%d月%d日", y, m, d);
        else if (nian)
            snprintf(out, n, "%d年%d月", y, m);
        else if (has_d)
            snprintf(out, n, "%04d-%02d-%02d", y, m, d);
        else
            snprintf(out, n, "%04d-%02d", y, m);
        return 1;
    }
    read_layout(code, &L);
    {
        /* scientific and fractions: the plain decimal says the same */
        size_t len = first_section(code);
        const char *e = strstr(code, "E+"), *e2 = strstr(code, "E-"),
                   *slash = strchr(code, '/');

        if ((e && (size_t)(e - code) < len) ||
            (e2 && (size_t)(e2 - code) < len) ||
            (slash && (size_t)(slash - code) < len)) {
            emit(num, "", num, "", out, n);
            return 1;
        }
    }
    /* a literal longer than the layout holds: the number alone, not a
     * unit cut in half */
    if (L.lost)
        L.prefix[0] = L.suffix[0] = '\0';
    if (L.text || !L.digits) {
        emit(num, L.prefix, num, L.suffix, out, n);
        return 1;
    }
    if (!round_text(num, 2 * L.percent, L.places, body, sizeof body))
        scientific(num, out, n);
    else
        emit(num, L.prefix, body, L.suffix, out, n);
    return 1;
}
