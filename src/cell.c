/* Reading one 指标值 or 实际完成值 cell.
 *
 * A cell is, after trimming, one of
 *
 *   date    [comparator] [于|在]
 *           (Y年[M月[D日]] | M月[D日] | Y-M[-D] | Y/M[/D] | Y.M.D)
 *           [底|末] [前|以前|之前|后|以后|之后|内|以内|之内] [完成]
 *   number  [comparator] [sign] digits[,ddd...][.digits] [%] [unit]
 *           [以上|及以上|或以上|以下|及以下|或以下|以内|之内|内]
 *   text    anything else (合理, 提高, 达成预期指标)
 *
 * tried in that order, so "2021.12.31" is a date and "2021.12" a number.
 * Digits, the point, signs, separators, % and comparators may be ASCII or
 * full-width, because tables typed in Chinese input methods mix both.
 */
#include "project.h"

#include <string.h>

struct cmp_word {
    const char *text;
    size_t len; /* kept, so that matching never calls strlen */
    pe_cmp cmp;
};

#define W(text, cmp)                                                           \
    {                                                                          \
        text, sizeof text - 1, cmp                                             \
    }

/* Comparators written before the number.  The longest match wins, so
 * "大于等于" beats "大于" and ">=" beats ">" whatever the order here.
 * 控制在 ("keep within") is an upper bound with or without its usual
 * closing 以内. */
static const struct cmp_word prefix_words[] = {
    W("≥", PE_CMP_GE),          W("≧", PE_CMP_GE),
    W("⩾", PE_CMP_GE),          W("≮", PE_CMP_GE),
    W(">=", PE_CMP_GE),         W(">＝", PE_CMP_GE),
    W("＞=", PE_CMP_GE),        W("＞＝", PE_CMP_GE),
    W("不低于", PE_CMP_GE),     W("不少于", PE_CMP_GE),
    W("不小于", PE_CMP_GE),     W("至少", PE_CMP_GE),
    W("达到", PE_CMP_GE),       W("大于等于", PE_CMP_GE),
    W("大于或等于", PE_CMP_GE),

    W(">", PE_CMP_GT),          W("＞", PE_CMP_GT),
    W("大于", PE_CMP_GT),       W("高于", PE_CMP_GT),
    W("超过", PE_CMP_GT),       W("多于", PE_CMP_GT),

    W("≤", PE_CMP_LE),          W("≦", PE_CMP_LE),
    W("⩽", PE_CMP_LE),          W("≯", PE_CMP_LE),
    W("<=", PE_CMP_LE),         W("<＝", PE_CMP_LE),
    W("＜=", PE_CMP_LE),        W("＜＝", PE_CMP_LE),
    W("不超过", PE_CMP_LE),     W("不高于", PE_CMP_LE),
    W("不多于", PE_CMP_LE),     W("不大于", PE_CMP_LE),
    W("小于等于", PE_CMP_LE),   W("小于或等于", PE_CMP_LE),
    W("至多", PE_CMP_LE),       W("控制在", PE_CMP_LE),

    W("<", PE_CMP_LT),          W("＜", PE_CMP_LT),
    W("小于", PE_CMP_LT),       W("低于", PE_CMP_LT),
    W("少于", PE_CMP_LT),

    W("=", PE_CMP_EQ),          W("==", PE_CMP_EQ),
    W("﹦", PE_CMP_EQ),         W("＝", PE_CMP_EQ),
    W("═", PE_CMP_EQ),          W("等于", PE_CMP_EQ),
};

/* Comparators written after the number and its unit ("98%以上",
 * "30个工作日内"). */
static const struct cmp_word number_suffixes[] = {
    W("以上", PE_CMP_GE), W("及以上", PE_CMP_GE), W("或以上", PE_CMP_GE),
    W("以下", PE_CMP_LE), W("及以下", PE_CMP_LE), W("或以下", PE_CMP_LE),
    W("以内", PE_CMP_LE), W("之内", PE_CMP_LE),   W("内", PE_CMP_LE),
};

/* After a date: "2021年12月31日前" is a deadline.  "2021年内" means by the
 * end of 2021, the same bound as "2021年底前". */
static const struct cmp_word date_suffixes[] = {
    W("前", PE_CMP_LE), W("以前", PE_CMP_LE), W("之前", PE_CMP_LE),
    W("后", PE_CMP_GE), W("以后", PE_CMP_GE), W("之后", PE_CMP_GE),
    W("内", PE_CMP_LE), W("以内", PE_CMP_LE), W("之内", PE_CMP_LE),
};

/* Decode one code point from [p, end).  Returns its length, or 0 when the
 * bytes are not well-formed UTF-8.  Overlong forms, surrogates and values
 * past U+10FFFF are rejected too: a cell carrying them was damaged on the
 * way in (often GBK read as UTF-8), and reading it as text would hide that. */
static size_t decode(const char *p, const char *end, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t avail = (size_t)(end - p), k, i;
    uint32_t c = u[0], min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        k = 2;
        c &= 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 3;
        c &= 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (avail < k)
        return 0;
    for (i = 1; i < k; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return k;
}

static int valid_utf8(const char *p, const char *end)
{
    uint32_t cp;
    size_t k;

    for (; p < end; p += k)
        if ((k = decode(p, end, &cp)) == 0)
            return 0;
    return 1;
}

/* Spaces that spreadsheets and Chinese input methods leave around a value:
 * NBSP from web pages, U+3000 from full-width mode, zero-width space and a
 * stray BOM from copy and paste. */
static int is_space(uint32_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
           c == 0x3000 || c == 0xFEFF;
}

/* The rest of this file runs on input already checked by valid_utf8(). */
static const char *skip_space(const char *p, const char *end)
{
    uint32_t cp;
    size_t k;

    while (p < end && (k = decode(p, end, &cp)) != 0 && is_space(cp))
        p += k;
    return p;
}

/* The end of [p, end) without its trailing spaces. */
static const char *trim_end(const char *p, const char *end)
{
    while (end > p) {
        const char *q = end - 1;
        uint32_t cp;

        while (q > p && ((unsigned char)*q & 0xC0) == 0x80)
            q--;
        decode(q, end, &cp);
        if (!is_space(cp))
            break;
        end = q;
    }
    return end;
}

static size_t starts_with(const char *p, const char *end, const char *w)
{
    size_t n;

    if (p >= end || *p != *w) /* most tries fail on the first byte */
        return 0;
    n = strlen(w);
    return (size_t)(end - p) >= n && memcmp(p, w, n) == 0 ? n : 0;
}

static size_t starts_with_n(const char *p, const char *end, const char *w,
                            size_t n)
{
    return (size_t)(end - p) >= n && *p == *w && memcmp(p, w, n) == 0 ? n : 0;
}

static size_t ends_with_n(const char *p, const char *end, const char *w,
                          size_t n)
{
    return (size_t)(end - p) >= n && end[-1] == w[n - 1] &&
                   memcmp(end - n, w, n) == 0
               ? n
               : 0;
}

/* Both return the longest entry of the table found at the start (the end)
 * of [p, end) and its length in *n, or NULL. */
static const struct cmp_word *match_prefix(const char *p, const char *end,
                                           const struct cmp_word *t, size_t nt,
                                           size_t *n)
{
    const struct cmp_word *best = NULL;
    size_t i, k;

    *n = 0;
    for (i = 0; i < nt; i++)
        if ((k = starts_with_n(p, end, t[i].text, t[i].len)) > *n) {
            best = &t[i];
            *n = k;
        }
    return best;
}

static const struct cmp_word *match_suffix(const char *p, const char *end,
                                           const struct cmp_word *t, size_t nt,
                                           size_t *n)
{
    const struct cmp_word *best = NULL;
    size_t i, k;

    *n = 0;
    for (i = 0; i < nt; i++)
        if ((k = ends_with_n(p, end, t[i].text, t[i].len)) > *n) {
            best = &t[i];
            *n = k;
        }
    return best;
}

/* An ASCII or full-width (U+FF10..U+FF19) digit: its length, value in *d. */
static size_t digit_at(const char *p, const char *end, int *d)
{
    const unsigned char *u = (const unsigned char *)p;

    if (p < end && u[0] >= '0' && u[0] <= '9') {
        *d = u[0] - '0';
        return 1;
    }
    if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 &&
        u[2] <= 0x99) {
        *d = u[2] - 0x90;
        return 3;
    }
    return 0;
}

static size_t point_at(const char *p, const char *end)
{
    size_t k = starts_with(p, end, ".");

    return k ? k : starts_with(p, end, "．");
}

static size_t comma_at(const char *p, const char *end)
{
    size_t k = starts_with(p, end, ",");

    return k ? k : starts_with(p, end, "，");
}

static size_t percent_at(const char *p, const char *end)
{
    size_t k = starts_with(p, end, "%");

    return k ? k : starts_with(p, end, "％");
}

/* A sign: '-', '+', their full-width forms, or U+2212 MINUS SIGN. */
static size_t sign_at(const char *p, const char *end, int *neg)
{
    static const struct {
        const char *text;
        int neg;
    } signs[] = {{"-", 1}, {"－", 1}, {"−", 1}, {"+", 0}, {"＋", 0}};
    size_t i, k;

    for (i = 0; i < NELEMS(signs); i++)
        if ((k = starts_with(p, end, signs[i].text)) != 0) {
            *neg = signs[i].neg;
            return k;
        }
    return 0;
}

/* Read up to max digits at *pp into *val.  Returns how many were read, 0
 * when there are none or more than max; advances *pp only on success. */
static int read_digits(const char **pp, const char *end, int max, int *val)
{
    const char *p = *pp;
    int n = 0, v = 0, d;
    size_t k;

    while ((k = digit_at(p, end, &d)) != 0) {
        if (n == max)
            return 0;
        v = v * 10 + d;
        n++;
        p += k;
    }
    if (n)
        *pp = p;
    *val = v;
    return n;
}

/* A date separator between year, month and day; the same one must be used
 * twice ("2021-12-31", not "2021-12/31"). */
static size_t date_sep_at(const char *p, const char *end)
{
    static const char *const seps[] = {"-", "/", ".", "－", "／", "．"};
    size_t i, k;

    for (i = 0; i < NELEMS(seps); i++)
        if ((k = starts_with(p, end, seps[i])) != 0)
            return k;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};

    /* Without a year, 2月29日 may be right. */
    if (m == 2 && y != 0 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 28;
    return days[m - 1];
}

enum date_result { NOT_DATE, DATE_OK, DATE_BAD };

/*
 * Year 0 means none was written ("12月底前"); day 0 means the whole month
 * ("2021年12月", "12月底前"): a cell cannot say "before the month begins", and
 * tables write "12月前" and "12月底前" for the same deadline.  DATE_BAD is a
 * cell shaped like a date with an impossible month or day: it must not fall
 * through to the number reader ("13月底前" is not 13 of something).
 */
static enum date_result parse_date(const char *p, const char *end, pe_cell *out)
{
    const struct cmp_word *w;
    int y = 0, m = 0, d = 0, has_m = 0, has_d = 0, whole = 0, n, v;
    pe_cmp cmp = PE_CMP_NONE;
    const char *q;
    size_t k;

    pe_cmp before = PE_CMP_NONE;

    /* "≤2021年6月30日", "不晚于…" is rare; the symbols and words of a
     * number's comparator are taken before a date too */
    if ((w = match_prefix(p, end, prefix_words, NELEMS(prefix_words), &k))) {
        before = w->cmp;
        p = skip_space(p + k, end);
    }
    if ((k = starts_with(p, end, "于")) || (k = starts_with(p, end, "在")))
        p = skip_space(p + k, end);
    if ((n = read_digits(&p, end, 4, &v)) == 0)
        return NOT_DATE;
    p = skip_space(p, end);
    if ((k = date_sep_at(p, end)) != 0) {
        const char *sep = p;

        if (n != 4)
            return NOT_DATE;
        y = v;
        p += k;
        if (!read_digits(&p, end, 2, &m))
            return NOT_DATE;
        has_m = 1;
        if ((size_t)(end - p) >= k && memcmp(p, sep, k) == 0) {
            p += k;
            if (!read_digits(&p, end, 2, &d))
                return NOT_DATE;
            has_d = 1;
        } else if (point_at(sep, end)) {
            return NOT_DATE; /* "2021.12" is a number */
        }
    } else {
        if ((k = starts_with(p, end, "年")) != 0) {
            /* "1年" and "3000年" are durations, read as numbers. */
            if (n != 4 || v < 1900 || v > 2100)
                return NOT_DATE;
            y = v;
            p = skip_space(p + k, end);
            if (read_digits(&p, end, 2, &v)) {
                p = skip_space(p, end);
                if ((k = starts_with(p, end, "月")) == 0)
                    return NOT_DATE;
                m = v;
                has_m = 1;
                p += k;
            }
        } else if ((k = starts_with(p, end, "月")) != 0) {
            if (n > 2)
                return NOT_DATE;
            m = v;
            has_m = 1;
            p += k;
        } else {
            return NOT_DATE;
        }
        q = skip_space(p, end);
        if (has_m && read_digits(&q, end, 2, &v)) {
            q = skip_space(q, end);
            if ((k = starts_with(q, end, "日")) == 0 &&
                (k = starts_with(q, end, "号")) == 0)
                return NOT_DATE;
            d = v;
            has_d = 1;
            p = q + k;
        }
    }

    p = skip_space(p, end);
    if (!has_d &&
        ((k = starts_with(p, end, "底")) || (k = starts_with(p, end, "末")))) {
        whole = 1;
        p = skip_space(p + k, end);
    }
    if ((w = match_prefix(p, end, date_suffixes, NELEMS(date_suffixes), &k))) {
        cmp = w->cmp;
        p = skip_space(p + k, end);
    }
    /* "2021年12月31日前完成" is the commonest way to write a deadline. */
    if ((k = starts_with(p, end, "完成")) != 0)
        p = skip_space(p + k, end);
    if (p != end)
        return NOT_DATE;
    /* A bare "6月" is six months, as "6个月" would be; only a day, 底 or a
     * 前/后 makes it a month of the calendar. */
    if (y == 0 && !has_d && !whole && cmp == PE_CMP_NONE)
        return NOT_DATE;
    /* one comparator: "≤2021年6月30日前" says it twice, "≥…前" is no date */
    if (before != PE_CMP_NONE) {
        if (cmp != PE_CMP_NONE && cmp != before &&
            !(cmp == PE_CMP_LE && before == PE_CMP_LT) &&
            !(cmp == PE_CMP_GE && before == PE_CMP_GT))
            return NOT_DATE;
        cmp = before;
    }

    if (y != 0 && (y < 1900 || y > 2100))
        return DATE_BAD;
    if (has_m && (m < 1 || m > 12))
        return DATE_BAD;
    if (has_d && (d < 1 || d > days_in_month(y, m)))
        return DATE_BAD;
    out->kind = PE_CELL_DATE;
    out->cmp = cmp;
    out->year = y;
    out->month = m;
    out->day = d;
    return DATE_OK;
}

/* Both comparators of "≥60人以上" must point the same way; the one before
 * the number is the more precise ("大于90%以上" is GT). */
static int merge_cmp(pe_cmp pre, pe_cmp post, pe_cmp *out)
{
    int up_pre = pre == PE_CMP_GE || pre == PE_CMP_GT;
    int up_post = post == PE_CMP_GE || post == PE_CMP_GT;

    if (post == PE_CMP_NONE || pre == PE_CMP_NONE) {
        *out = pre != PE_CMP_NONE ? pre : post;
        return 1;
    }
    if (pre == PE_CMP_EQ || up_pre != up_post)
        return 0;
    *out = pre;
    return 1;
}

/* The unit is what is left between the number and a trailing comparator:
 * any text with no digit in it, so "3人/5场" and "1,23" stay text.  It may
 * not start with a separator either ("5." or "1，2" are not 5 and 1). */
static int unit_ok(const char *p, const char *end, size_t size)
{
    uint32_t cp;
    size_t k;
    int d;

    if ((size_t)(end - p) >= size)
        return 0;
    if (point_at(p, end) || comma_at(p, end))
        return 0;
    for (; p < end; p += k) {
        if (digit_at(p, end, &d) || percent_at(p, end))
            return 0;
        k = decode(p, end, &cp);
    }
    return 1;
}

/* Read a number cell into out, or leave out->kind TEXT.  The digits are
 * copied to an ASCII "[-]int[.frac]" for pe_dec_parse(), which alone
 * decides what fits. */
static pe_status parse_number(const char *p, const char *end, pe_cell *out)
{
    /* 18 digits is the most a pe_dec holds: digits that overflow this
     * buffer make the number out of range without asking.  The rest of the
     * cell is still read, so that a long digit string followed by text is
     * text, as a short one would be. */
    char buf[48];
    size_t nb = 0, k, int_start;
    const struct cmp_word *w;
    pe_cmp pre = PE_CMP_NONE, post = PE_CMP_NONE;
    const char *unit, *unit_end;
    int neg = 0, d, group = 0, grouped = 0, overflow = 0;
    pe_status st;

    if ((w = match_prefix(p, end, prefix_words, NELEMS(prefix_words), &k))) {
        pre = w->cmp;
        p = skip_space(p + k, end);
    }
    if ((k = sign_at(p, end, &neg)) != 0) {
        p += k;
        if (neg)
            buf[nb++] = '-';
    }
    int_start = nb;
    for (;;) {
        if ((k = digit_at(p, end, &d)) != 0) {
            /* Leading zeros carry nothing; keep one. */
            if (nb - int_start == 1 && buf[int_start] == '0')
                nb--;
            if (nb < sizeof buf - 2)
                buf[nb++] = (char)('0' + d);
            else
                overflow = 1;
            group++;
            p += k;
            continue;
        }
        /* A comma groups thousands only when exactly three digits follow
         * it: in "100，200" the full-width comma could as well be a list,
         * but "1,234" is never one. */
        if (nb > int_start && (k = comma_at(p, end)) != 0) {
            const char *q = p + k;
            int n, v;

            n = read_digits(&q, end, 3, &v);
            if (n == 3 && !digit_at(q, end, &d)) {
                if (!grouped && group > 3)
                    return PE_OK; /* "1234,567": text */
                grouped = 1;
                group = 0;
                p += k;
                continue;
            }
        }
        break;
    }
    if (nb == int_start)
        return PE_OK;
    if ((k = point_at(p, end)) != 0 && digit_at(p + k, end, &d)) {
        buf[nb++] = '.';
        p += k;
        while ((k = digit_at(p, end, &d)) != 0) {
            if (nb < sizeof buf)
                buf[nb++] = (char)('0' + d);
            else
                overflow = 1;
            p += k;
        }
    }

    p = skip_space(p, end);
    if ((k = percent_at(p, end)) != 0) {
        out->percent = 1;
        p += k;
    }
    unit_end = end;
    if ((w = match_suffix(p, end, number_suffixes, NELEMS(number_suffixes),
                          &k))) {
        post = w->cmp;
        unit_end = trim_end(p, end - k);
    }
    unit = skip_space(p, unit_end);
    if (!unit_ok(unit, unit_end, sizeof out->unit) ||
        !merge_cmp(pre, post, &out->cmp)) {
        out->percent = 0;
        out->cmp = PE_CMP_NONE;
        return PE_OK;
    }

    if (overflow)
        return PE_ERANGE;
    if ((st = pe_dec_parse(buf, nb, &out->value)) != PE_OK)
        return st;
    memcpy(out->unit, unit, (size_t)(unit_end - unit));
    out->unit[unit_end - unit] = '\0';
    out->kind = PE_CELL_NUMBER;
    return PE_OK;
}

/* On any status but PE_OK *out is a TEXT cell with nothing else set, so a
 * caller that ignores the status never mistakes the cell for blank. */
pe_status pe_cell_parse(const char *s, size_t len, pe_cell *out)
{
    const char *p, *end;
    pe_status st;

    if (!out)
        return PE_EUSAGE;
    memset(out, 0, sizeof *out);
    if (len == 0)
        return PE_OK;
    if (!s) {
        out->kind = PE_CELL_TEXT;
        return PE_EUSAGE;
    }
    p = s;
    end = s + len;
    if (!valid_utf8(p, end)) {
        out->kind = PE_CELL_TEXT;
        return PE_EDATA;
    }
    p = skip_space(p, end);
    end = trim_end(p, end);
    if (p == end)
        return PE_OK;

    switch (parse_date(p, end, out)) {
    case DATE_OK:
        return PE_OK;
    case DATE_BAD:
        out->kind = PE_CELL_TEXT;
        return PE_OK;
    case NOT_DATE:
        break;
    }
    out->kind = PE_CELL_TEXT;
    if ((st = parse_number(p, end, out)) != PE_OK) {
        memset(out, 0, sizeof *out);
        out->kind = PE_CELL_TEXT;
    }
    return st;
}

const char *pe_cmp_symbol(pe_cmp c)
{
    switch (c) {
    case PE_CMP_NONE:
        return "";
    case PE_CMP_GE:
        return "≥";
    case PE_CMP_GT:
        return ">";
    case PE_CMP_LE:
        return "≤";
    case PE_CMP_LT:
        return "<";
    case PE_CMP_EQ:
        return "=";
    }
    return "";
}

/* "10", "1.798": the plain form most number cells take, read without the
 * cell grammar (a long-format file has millions of them). */
static int plain_number(const char *s)
{
    const char *p = s;

    while (*p >= '0' && *p <= '9')
        p++;
    if (p == s)
        return 0;
    if (*p == '.') {
        const char *q = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == q)
            return 0;
    }
    return *p == '\0';
}

pe_status pe_number_cell(const char *s, int money, pe_dec *out, int *present)
{
    pe_cell c;
    pe_status st;

    *present = 0;
    if (!*s)
        return PE_OK;
    if (plain_number(s)) {
        st = pe_dec_parse_cstr(s, out);
        *present = st == PE_OK;
        return st;
    }
    st = pe_cell_parse(s, strlen(s), &c);
    if (st == PE_OK && c.kind == PE_CELL_EMPTY)
        return PE_OK;
    if (st == PE_ERANGE)
        return PE_ERANGE;
    if (st != PE_OK || c.kind != PE_CELL_NUMBER || c.cmp != PE_CMP_NONE ||
        c.percent)
        return PE_EDATA;
    /* "10分" is a weight; money may name its unit */
    if (c.unit[0] && strcmp(c.unit, "分") != 0 &&
        !(money && (strcmp(c.unit, "万元") == 0 || strcmp(c.unit, "元") == 0)))
        return PE_EDATA;
    *out = c.value;
    *present = 1;
    return PE_OK;
}

int pe_label_points(const char *label, pe_dec *out)
{
    static const char *const opens[] = {"(", "（"};

    for (size_t k = 0; k < NELEMS(opens); k++) {
        for (const char *q = strstr(label, opens[k]); q;
             q = strstr(q + 1, opens[k])) {
            const char *num = q + strlen(opens[k]);
            const char *fen = strstr(num, "分");
            pe_cell c;

            /* the number must run straight into 分: "20分", "20分*执行率" */
            if (!fen || fen == num || fen - num > 24 ||
                pe_cell_parse(num, (size_t)(fen - num), &c) != PE_OK ||
                c.kind != PE_CELL_NUMBER || c.cmp != PE_CMP_NONE || c.percent ||
                c.unit[0] || pe_dec_sign(c.value) < 0)
                continue;
            *out = c.value;
            return 1;
        }
    }
    return 0;
}

/* "指标1：", "……": a row of the blank template, left unfilled. */
int pe_template_name(const char *s)
{
    static const char *const dots[] = {"…", "……", "...", "......", "。。。"};
    const char *q;

    for (size_t i = 0; i < NELEMS(dots); i++)
        if (strcmp(s, dots[i]) == 0)
            return 1;
    if (strncmp(s, "指标", strlen("指标")) != 0)
        return !s[0];
    q = s + strlen("指标");
    if (*q < '0' || *q > '9')
        return 0;
    while (*q >= '0' && *q <= '9')
        q++;
    return !*q || strcmp(q, "：") == 0 || strcmp(q, ":") == 0;
}
