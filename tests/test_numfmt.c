/* Unit tests of spreadsheet numbers shown as Excel shows them
 * (src/numfmt.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

static const char *shortest(const char *v)
{
    static char out[64];

    assert_true(pe_num_shortest(v, out, sizeof out));
    return out;
}

static const char *show(const char *v, const char *code)
{
    static char out[128];

    pe_numfmt_apply(v, code, 0, out, sizeof out);
    return out;
}

/* The shortest decimal that reads back as the same double: what a clerk
 * typed, not the seventeen digits a worksheet stores. */
static void test_shortest(void **state)
{
    char out[64];

    (void)state;
    assert_string_equal(shortest("0.59899999999999998"), "0.599");
    assert_string_equal(shortest("1.7980000000000000"), "1.798");
    assert_string_equal(shortest("1.798"), "1.798");
    assert_string_equal(shortest("3"), "3");
    assert_string_equal(shortest("100"), "100");
    assert_string_equal(shortest("1E-3"), "0.001");
    assert_string_equal(shortest("1.5E+3"), "1500");
    assert_string_equal(shortest("-0.5"), "-0.5");
    assert_string_equal(shortest("0"), "0");
    assert_string_equal(shortest("0.30000000000000004"), "0.30000000000000004");
    assert_string_equal(shortest("123456789012"), "123456789012");
    assert_false(pe_num_shortest("abc", out, sizeof out));
    assert_false(pe_num_shortest("", out, sizeof out));
    assert_false(pe_num_shortest("1e999", out, sizeof out));
    assert_false(pe_num_shortest("nan", out, sizeof out));
}

/* General shows at most 11 significant digits and 9 places. */
static void test_general(void **state)
{
    (void)state;
    assert_string_equal(show("0.59899999999999998", NULL), "0.599");
    assert_string_equal(show("5.9933333333333332", NULL), "5.993333333");
    assert_string_equal(show("5.9933333333333332", "General"), "5.993333333");
    assert_string_equal(show("0.30000000000000004", NULL), "0.3");
    assert_string_equal(show("2.0000000000000004", NULL), "2");
    assert_string_equal(show("0.000123456789123", NULL), "0.000123457");
    assert_string_equal(show("95.58", NULL), "95.58");
}

/* Formats: percent, fixed places (half away from zero), literal units,
 * text, and the ones that say nothing more than the plain decimal. */
static void test_formats(void **state)
{
    (void)state;
    assert_string_equal(show("0.59899999999999998", "0.00%"), "59.90%");
    assert_string_equal(show("0.5993333", "0.00%"), "59.93%");
    assert_string_equal(show("1", "0%"), "100%");
    assert_string_equal(show("0.955", "0%"), "96%");
    assert_string_equal(show("10", "0.00"), "10.00");
    assert_string_equal(show("0.599", "0.00"), "0.60");
    assert_string_equal(show("2.675", "0.00"), "2.68");
    assert_string_equal(show("-2.675", "0.00"), "-2.68");
    assert_string_equal(show("9.995", "0.00"), "10.00");
    assert_string_equal(show("1234.5", "#,##0.00"), "1234.50");
    assert_string_equal(show("1.798", "0"), "2");
    assert_string_equal(show("280", "0\"人\""), "280人");
    assert_string_equal(show("202.6", "0.0\"万元\""), "202.6万元");
    assert_string_equal(show("95", "\"≥\"0%"), "≥9500%");
    assert_string_equal(show("8", "@"), "8");
    assert_string_equal(show("12345", "0.00E+00"), "12345");
    assert_string_equal(show("0.5", "# ?/?"), "0.5");
    assert_string_equal(show("3", "[Red]0.00;[Blue]-0.00"), "3.00");
    assert_string_equal(show("abc", "0.00"), "abc");
}

/* Dates: serials of the 1900 and the 1904 system, shown as dates the cell
 * parser reads. */
static void test_dates(void **state)
{
    char out[64];
    int y, m, d;

    (void)state;
    assert_true(pe_numfmt_is_date("yyyy-mm-dd"));
    assert_true(pe_numfmt_is_date("yyyy\"年\"m\"月\"d\"日\""));
    assert_true(pe_numfmt_is_date("[h]:mm:ss"));
    assert_false(pe_numfmt_is_date("0.00%"));
    assert_false(pe_numfmt_is_date("0\"天\""));
    assert_false(pe_numfmt_is_date("General"));
    assert_string_equal(show("44561", "yyyy-mm-dd"), "2021-12-31");
    assert_string_equal(show("44561", "yyyy\"年\"m\"月\"d\"日\""),
                        "2021年12月31日");
    assert_string_equal(show("44545", "yyyy\"年\"m\"月\""), "2021年12月");
    assert_string_equal(show("44561.75", "yyyy-mm-dd h:mm"), "2021-12-31");
    pe_numfmt_apply("43099", "yyyy-mm-dd", 1, out, sizeof out);
    assert_string_equal(out, "2021-12-31");
    assert_true(pe_serial_date(1, 0, &y, &m, &d));
    assert_int_equal(y * 10000 + m * 100 + d, 19000101);
    assert_true(pe_serial_date(60, 0, &y, &m, &d));
    assert_int_equal(y * 10000 + m * 100 + d, 19000229);
    assert_true(pe_serial_date(61, 0, &y, &m, &d));
    assert_int_equal(y * 10000 + m * 100 + d, 19000301);
    assert_false(pe_serial_date(0, 0, &y, &m, &d));
    assert_false(pe_serial_date(-1, 0, &y, &m, &d));
    assert_string_equal(pe_numfmt_builtin(10), "0.00%");
    assert_string_equal(pe_numfmt_builtin(14), "yyyy-mm-dd");
    assert_null(pe_numfmt_builtin(200));
}

/* Numbers and formats far past what a table holds: never a read past a
 * buffer, never a number cut short.  What does not fit is written as
 * Excel writes it in scientific form, exact, and no cell reads that as a
 * plain number. */
static void test_hostile(void **state)
{
    char code[4096], out[PE_NUM_MAX], small[16], want[PE_NUM_MAX];

    (void)state;
    /* 1e308 and 1e-320: every digit, in a buffer of PE_NUM_MAX */
    assert_true(pe_num_shortest("1e308", out, sizeof out));
    assert_int_equal(strlen(out), 309);
    assert_true(pe_num_shortest("-4.9406564584124654e-324", out, sizeof out));
    assert_int_equal(strlen(out), 3 + 323 + 1); /* -0.000…05 */
    assert_string_equal(out + strlen(out) - 3, "005");
    /* too small a buffer: refused, not cut */
    assert_false(pe_num_shortest("123456789012345678", small, sizeof small));
    assert_string_equal(small, "");
    /* 200 zeros after the point: Excel's 30 at most */
    memset(code, 0, sizeof code);
    code[0] = '0';
    code[1] = '.';
    memset(code + 2, '0', 200);
    assert_string_equal(show("1.5", code), "1.500000000000000000000000000000");
    /* 4000 # signs, and 4000 % signs */
    memset(code, '#', 4000);
    code[4000] = '\0';
    assert_string_equal(show("12.5", code), "13");
    code[0] = '.';
    assert_string_equal(show("0.25", code), "0.250000000000000000000000000000");
    memset(code, '%', 4000);
    code[0] = '0';
    pe_numfmt_apply("1", code, 0, out, sizeof out);
    assert_string_equal(out, "100000000000000000000%%%%%%%%%%");
    /* a literal longer than the layout: the number alone */
    memset(code, 0, sizeof code);
    code[0] = '0';
    code[1] = '"';
    memset(code + 2, 'x', 300);
    code[302] = '"';
    assert_string_equal(show("7", code), "7");
    /* 1e308 and a 100-digit number in a 128-byte cell: scientific, exact */
    assert_string_equal(show("1e308", "0.00"), "1E+308");
    assert_string_equal(show("1e308", NULL), "1E+308");
    assert_string_equal(show("-1.5e200", "0%"), "-1.5E+200");
    memset(want, '9', 100);
    want[100] = '\0';
    /* a 100-digit number is the double nearest it, 10^100, as Excel
     * holds it: 101 characters fit in 128, in full */
    assert_int_equal(strlen(show(want, NULL)), 101);
    assert_int_equal(strspn(show(want, NULL) + 1, "0"), 100);
    assert_string_equal(show(want, "0.00000000000000000000000000"), "1E+100");
    /* in a buffer that holds them, every digit */
    pe_numfmt_apply("1e308", "0", 0, out, sizeof out);
    assert_int_equal(strlen(out), 309);
    assert_int_equal(strspn(out + 1, "0"), 308);
    /* 1E-70 is not 0, under General or a format's places */
    assert_string_equal(show("1e-70", NULL), "1E-70");
    assert_string_equal(show("-1.25e-70", "General"), "-1.25E-70");
    assert_string_equal(show("1e-70", "0.00"), "0.00");
    /* the text of a number that is not one, too long for the cell */
    memset(want, 'x', 200);
    want[200] = '\0';
    assert_string_equal(show(want, "0.00"), "#NUM!");
    pe_numfmt_apply("1e308", "0.00", 0, small, sizeof small);
    assert_string_equal(small, "1E+308");
    pe_numfmt_apply("1.2345678901234567e308", "0.00", 0, small, sizeof small);
    assert_string_equal(small, "");
}

/*
 * The shortest decimal worked out the plain way, as pe_num_shortest()
 * did before it learnt its shortcuts (a plain decimal of at most 15
 * digits taken as it is, 15 to 17 digits tried for other doubles): every
 * precision from 1 digit up until one reads back, then written without
 * an exponent.
 */
static int reference_shortest(const char *v, char *out, size_t n)
{
    char buf[64], digits[32], *end;
    double d;
    int exp10, neg, nd = 0, prec;
    size_t k = 0;

    if (n == 0)
        return 0;
    out[0] = '\0';
    while (*v == ' ')
        v++;
    if (!*v)
        return 0;
    d = strtod(v, &end);
    while (*end == ' ')
        end++;
    if (*end || d != d || d - d != 0)
        return 0;
    if (d == 0) {
        snprintf(out, n, "0");
        return 1;
    }
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    neg = buf[0] == '-';
    for (const char *q = buf + neg; *q && *q != 'e'; q++)
        if (*q >= '0' && *q <= '9')
            digits[nd++] = *q;
    exp10 = atoi(strchr(buf, 'e') + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    {
        char plain[PE_NUM_MAX + 8];

        if (neg)
            plain[k++] = '-';
        if (exp10 < 0) {
            plain[k++] = '0';
            plain[k++] = '.';
            for (int i = -1; i > exp10; i--)
                plain[k++] = '0';
            for (int i = 0; i < nd; i++)
                plain[k++] = digits[i];
        } else {
            for (int i = 0; i <= exp10; i++)
                plain[k++] = i < nd ? digits[i] : '0';
            if (nd > exp10 + 1) {
                plain[k++] = '.';
                for (int i = exp10 + 1; i < nd; i++)
                    plain[k++] = digits[i];
            }
        }
        if (k >= n)
            return 0;
        memcpy(out, plain, k);
        out[k] = '\0';
    }
    return 1;
}

static unsigned long long rng = 88172645463325252ULL;

static unsigned long long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void same_shortest(const char *v)
{
    static const size_t sizes[] = {1, 2, 8, 20, 64, PE_NUM_MAX};

    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        char want[PE_NUM_MAX], got[PE_NUM_MAX];
        int w = reference_shortest(v, want, sizes[i]);
        int g = pe_num_shortest(v, got, sizes[i]);

        if (w != g || strcmp(want, got) != 0)
            fail_msg("\"%s\" in %zu bytes: \"%s\" (%d), want \"%s\" (%d)", v,
                     sizes[i], got, g, want, w);
    }
}

/* The shortcuts against the plain way: a double's texts as Excel, WPS,
 * openpyxl and others write them (shortest, 15 to 17 digits, with an
 * exponent), random decimals of up to 22 digits, and odd forms. */
static void test_shortest_differential(void **state)
{
    static const char *odd[] = {"1.0000000000000001E-2",
                                "5E-3",
                                "0.59899999999999998",
                                "-0",
                                "0.0",
                                "-0.0",
                                "00012",
                                "+5",
                                " 5 ",
                                ".5",
                                "5.",
                                "-.5",
                                "-",
                                ".",
                                "1e309",
                                "1,5",
                                "\t5",
                                "5\n",
                                "1..2",
                                "4.9406564584124654e-324",
                                "2.2250738585072014e-308",
                                "2.2250738585072009e-308",
                                "1.7976931348623157e308",
                                "1e-300",
                                "1e300",
                                "1e301",
                                "1e-301",
                                "123456789012345",
                                "1234567890123456",
                                "12345678901234567",
                                "999999999999999",
                                "9999999999999999",
                                "0.30000000000000004",
                                "99.995",
                                "1e22",
                                "0."
                                "000000000000000000000000000001"};
    char v[512];

    (void)state;
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
        same_shortest(odd[i]);
    for (int len = 1; len < 400; len += 7) {
        memset(v, '9', (size_t)len);
        v[len] = '\0';
        same_shortest(v);
        v[0] = '1';
        memset(v + 1, '0', (size_t)len);
        v[len + 1] = '\0';
        same_shortest(v);
        v[0] = '0';
        v[1] = '.';
        memset(v + 2, '0', (size_t)len);
        v[len + 2] = '7';
        v[len + 3] = '\0';
        same_shortest(v);
    }
    for (int it = 0; it < 5000; it++) {
        unsigned long long bits = next();
        double d;

        switch (it % 4) {
        case 0: /* any double, subnormals and huge ones too */
            memcpy(&d, &bits, sizeof d);
            break;
        case 1: /* money: cents */
            d = (double)(long long)(bits % 2000000001ULL) / 100 - 1e7;
            break;
        case 2: /* a rate typed as a percent */
            d = (double)(bits % 10001) / 10000;
            break;
        default: /* anything from 1e-40 to 1e40 */
            snprintf(v, sizeof v, "%.9fe%d", (double)(bits % 1000000007) / 1e9,
                     (int)(next() % 80) - 40);
            d = strtod(v, NULL);
            break;
        }
        if (d != d || d - d != 0)
            continue;
        snprintf(v, sizeof v, "%.15g", d);
        same_shortest(v);
        snprintf(v, sizeof v, "%.16g", d);
        same_shortest(v);
        snprintf(v, sizeof v, "%.16E", d);
        same_shortest(v);
        snprintf(v, sizeof v, "%.17g", d);
        same_shortest(v);
        if (reference_shortest(v, v + 256, 256))
            same_shortest(v + 256);
        /* a decimal of 1 to 22 digits, zeros about, a sign, a point */
        {
            size_t k = 0;
            int nd = (int)(next() % 22) + 1, pt = (int)(next() % 24) - 1;

            if (next() % 4 == 0)
                v[k++] = '-';
            for (int i = 0; i < nd; i++) {
                if (i == pt)
                    v[k++] = '.';
                v[k++] = (char)('0' + (next() % 3 == 0 ? 0 : next() % 10));
            }
            v[k] = '\0';
            same_shortest(v);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shortest),
        cmocka_unit_test(test_general),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_shortest_differential),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
