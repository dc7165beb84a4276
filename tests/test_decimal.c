/* Unit tests of the exact decimals (src/decimal.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "perfeval.h"

#define MAXC 999999999999999999LL /* the largest coefficient */

static pe_dec D(int64_t coef, int scale)
{
    pe_dec d;

    d.coef = coef;
    d.scale = scale;
    return d;
}

static pe_dec P(const char *s)
{
    pe_dec d = D(0, 0);

    assert_int_equal(pe_dec_parse_cstr(s, &d), PE_OK);
    return d;
}

static void assert_dec(pe_dec d, int64_t coef, int scale, const char *text)
{
    char buf[PE_DEC_BUFSIZE];

    assert_int_equal(d.coef, coef);
    assert_int_equal(d.scale, scale);
    assert_string_equal(pe_dec_format(d, buf), text);
}

static void check_muldiv(const char *a, const char *b, const char *c,
                         int places, pe_round mode, const char *want)
{
    char buf[PE_DEC_BUFSIZE];
    pe_dec r = D(0, 0);

    assert_int_equal(pe_dec_muldiv(P(a), P(b), P(c), places, mode, &r), PE_OK);
    assert_int_equal(r.scale, places);
    assert_string_equal(pe_dec_format(r, buf), want);
}

static void check_muldiv_fails(const char *a, const char *b, const char *c,
                               int places, pe_round mode, pe_status want)
{
    pe_dec r = D(42, 1);

    assert_int_equal(pe_dec_muldiv(P(a), P(b), P(c), places, mode, &r), want);
    /* A failed call leaves *out alone. */
    assert_int_equal(r.coef, 42);
    assert_int_equal(r.scale, 1);
}

static void test_parse_valid(void **state)
{
    static const struct {
        const char *in;
        int64_t coef;
        int scale;
        const char *out;
    } t[] = {
        {"0", 0, 0, "0"},
        {"-0", 0, 0, "0"},
        {"+0", 0, 0, "0"},
        {"-0.00", 0, 2, "0.00"},
        {"3", 3, 0, "3"},
        {"+5", 5, 0, "5"},
        {"95.58", 9558, 2, "95.58"},
        {"-0.50", -50, 2, "-0.50"},
        {"-0.05", -5, 2, "-0.05"},
        {"00012.340", 12340, 3, "12.340"},
        {"0.000000001", 1, 9, "0.000000001"},
        {"1.000000000", 1000000000, 9, "1.000000000"},
        {"999999999999999999", MAXC, 0, "999999999999999999"},
        {"-999999999999999999", -MAXC, 0, "-999999999999999999"},
        {"0000000999999999999999999", MAXC, 0, "999999999999999999"},
        {"999999999.999999999", MAXC, 9, "999999999.999999999"},
        {"-999999999.999999999", -MAXC, 9, "-999999999.999999999"},
        {"12345678901234567.8", 123456789012345678LL, 1, "12345678901234567.8"},
        {"00000.000000000", 0, 9, "0.000000000"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        pe_dec d = D(7, 7);

        assert_int_equal(pe_dec_parse(t[i].in, strlen(t[i].in), &d), PE_OK);
        assert_dec(d, t[i].coef, t[i].scale, t[i].out);
    }
}

static void test_parse_len(void **state)
{
    static const char nul[] = {'1', '\0', '2'};
    pe_dec d;

    (void)state;
    /* Only len bytes count; the rest may be anything. */
    assert_int_equal(pe_dec_parse("12.5abc", 4, &d), PE_OK);
    assert_dec(d, 125, 1, "12.5");
    assert_int_equal(pe_dec_parse("12.5abc", 3, &d), PE_EDATA);
    assert_int_equal(pe_dec_parse(nul, sizeof nul, &d), PE_EDATA);
    assert_int_equal(pe_dec_parse(NULL, 0, &d), PE_EDATA);
    assert_int_equal(pe_dec_parse(NULL, 1, &d), PE_EUSAGE);
    assert_int_equal(pe_dec_parse("1", 1, NULL), PE_EUSAGE);
    assert_int_equal(pe_dec_parse_cstr(NULL, &d), PE_EUSAGE);
}

static void test_parse_syntax(void **state)
{
    static const char *const bad[] = {
        "",     "+",    "-",    ".",     "5.",       ".5",
        "-.5",  "+5.",  "1..2", "1.2.3", " 1",       "1 ",
        "1e3",  "0x10", "--1",  "+-1",   "1,000",    "\xef\xbc\x91",
        "1.-2", "\t1",  "1\r",  "1.5%",  "\xd9\xa3",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pe_dec d = D(42, 1);

        assert_int_equal(pe_dec_parse_cstr(bad[i], &d), PE_EDATA);
        assert_int_equal(d.coef, 42);
        assert_int_equal(d.scale, 1);
    }
}

static void test_parse_range(void **state)
{
    static const char *const big[] = {
        "1000000000000000000", /* 19 digits */
        "-1000000000000000000",
        "9999999999.999999999", /* 19 digits */
        "123456789012345678.9",
        "0.1234567890", /* 10 places */
        "0.0000000000",
        "1.0000000000",
        "99999999999999999999999999999999999999999",
    };
    (void)state;
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        pe_dec d = D(42, 1);

        assert_int_equal(pe_dec_parse_cstr(big[i], &d), PE_ERANGE);
        assert_int_equal(d.coef, 42);
    }
    /* Bad syntax wins over length. */
    assert_int_equal(pe_dec_parse_cstr("1234567890123456789x", &(pe_dec){0, 0}),
                     PE_EDATA);
}

static void test_format(void **state)
{
    char buf[PE_DEC_BUFSIZE];

    (void)state;
    assert_string_equal(pe_dec_format(D(9558, 2), buf), "95.58");
    assert_string_equal(pe_dec_format(D(-50, 2), buf), "-0.50");
    assert_string_equal(pe_dec_format(D(3, 0), buf), "3");
    assert_string_equal(pe_dec_format(D(-5, 2), buf), "-0.05");
    assert_string_equal(pe_dec_format(D(0, 3), buf), "0.000");
    assert_string_equal(pe_dec_format(D(-1, 9), buf), "-0.000000001");
    assert_string_equal(pe_dec_format(D(-MAXC, 9), buf),
                        "-999999999.999999999");
    assert_string_equal(pe_dec_format(D(100, 0), buf), "100");
    /* Out of the invariant, but it must still not overrun buf. */
    assert_string_equal(pe_dec_format(D(INT64_MIN, 9), buf),
                        "-9223372036.854775808");
}

static void test_format_places(void **state)
{
    char buf[PE_DEC_BUFSIZE];
    const char *full = "-999999999999999999.000000000";
    size_t n;

    (void)state;
    assert_string_equal(
        pe_dec_format_places(P("2.675"), 2, PE_ROUND_HALF_UP, buf), "2.68");
    assert_string_equal(
        pe_dec_format_places(P("-2.675"), 2, PE_ROUND_HALF_UP, buf), "-2.68");
    assert_string_equal(
        pe_dec_format_places(P("2.675"), 2, PE_ROUND_TRUNCATE, buf), "2.67");
    assert_string_equal(
        pe_dec_format_places(P("0.599"), 2, PE_ROUND_TRUNCATE, buf), "0.59");
    assert_string_equal(pe_dec_format_places(P("3"), 2, PE_ROUND_HALF_UP, buf),
                        "3.00");
    assert_string_equal(
        pe_dec_format_places(P("1.5"), 4, PE_ROUND_TRUNCATE, buf), "1.5000");
    assert_string_equal(
        pe_dec_format_places(P("-0.004"), 2, PE_ROUND_HALF_UP, buf), "0.00");
    assert_string_equal(
        pe_dec_format_places(P("-0.005"), 2, PE_ROUND_HALF_UP, buf), "-0.01");
    assert_string_equal(
        pe_dec_format_places(P("99.995"), 2, PE_ROUND_HALF_UP, buf), "100.00");
    assert_string_equal(
        pe_dec_format_places(P("1.5"), 0, PE_ROUND_HALF_UP, buf), "2");
    /* Places outside 0..9 are clamped. */
    assert_string_equal(
        pe_dec_format_places(P("1.5"), -1, PE_ROUND_TRUNCATE, buf), "1");
    assert_string_equal(
        pe_dec_format_places(P("1.5"), 12, PE_ROUND_TRUNCATE, buf),
        "1.500000000");
    /* Too wide for PE_DEC_BUFSIZE: the padding stops at the end of buf. */
    pe_dec_format_places(D(-MAXC, 0), 9, PE_ROUND_HALF_UP, buf);
    n = strlen(full) < PE_DEC_BUFSIZE - 1 ? strlen(full) : PE_DEC_BUFSIZE - 1;
    assert_int_equal(strlen(buf), n);
    assert_memory_equal(buf, full, n);
}

static void test_small_helpers(void **state)
{
    (void)state;
    assert_dec(pe_dec_from_int(-42), -42, 0, "-42");
    assert_int_equal(pe_dec_sign(P("-0.001")), -1);
    assert_int_equal(pe_dec_sign(P("0.000")), 0);
    assert_int_equal(pe_dec_sign(P("7")), 1);
    assert_true(pe_dec_is_zero(P("-0.00")));
    assert_false(pe_dec_is_zero(P("0.000000001")));
    assert_dec(pe_dec_normalize(P("1.500")), 15, 1, "1.5");
    assert_dec(pe_dec_normalize(P("2.00")), 2, 0, "2");
    assert_dec(pe_dec_normalize(P("0.000")), 0, 0, "0");
    assert_dec(pe_dec_normalize(P("-10")), -10, 0, "-10");
    assert_dec(pe_dec_normalize(P("100.0")), 100, 0, "100");
    assert_dec(pe_dec_normalize(P("-0.000000010")), -1, 8, "-0.00000001");
}

static void test_add_sub(void **state)
{
    pe_dec r = D(0, 0);

    (void)state;
    assert_int_equal(pe_dec_add(P("1.5"), P("0.25"), &r), PE_OK);
    assert_dec(r, 175, 2, "1.75");
    assert_int_equal(pe_dec_sub(P("1"), P("0.001"), &r), PE_OK);
    assert_dec(r, 999, 3, "0.999");
    assert_int_equal(pe_dec_add(P("-2.50"), P("2.5"), &r), PE_OK);
    assert_dec(r, 0, 2, "0.00");
    assert_int_equal(pe_dec_sub(P("-0.5"), P("0.25"), &r), PE_OK);
    assert_dec(r, -75, 2, "-0.75");
    assert_int_equal(pe_dec_sub(D(MAXC, 0), D(1, 0), &r), PE_OK);
    assert_dec(r, MAXC - 1, 0, "999999999999999998");
    assert_int_equal(pe_dec_add(D(MAXC, 0), D(-MAXC, 0), &r), PE_OK);
    assert_dec(r, 0, 0, "0");

    r = D(42, 1);
    assert_int_equal(pe_dec_add(D(MAXC, 0), D(1, 0), &r), PE_ERANGE);
    assert_int_equal(pe_dec_sub(D(-MAXC, 0), D(1, 0), &r), PE_ERANGE);
    assert_int_equal(pe_dec_sub(D(MAXC, 9), D(-1, 9), &r), PE_ERANGE);
    /* Widening to the larger scale is what overflows here. */
    assert_int_equal(pe_dec_add(P("100000000000000000"), P("0.1"), &r),
                     PE_ERANGE);
    assert_dec(r, 42, 1, "4.2");
    assert_int_equal(pe_dec_add(P("99999999999999999"), P("0.9"), &r), PE_OK);
    assert_dec(r, MAXC, 1, "99999999999999999.9");

    assert_int_equal(pe_dec_add(D(1, 10), D(1, 0), &r), PE_EUSAGE);
    assert_int_equal(pe_dec_add(D(1, 0), D(INT64_MAX, 0), &r), PE_ERANGE);
    assert_int_equal(pe_dec_add(D(1, 0), D(1, 0), NULL), PE_EUSAGE);
}

static void test_cmp(void **state)
{
    (void)state;
    assert_int_equal(pe_dec_cmp(P("1.5"), P("1.50")), 0);
    assert_int_equal(pe_dec_cmp(P("0"), P("-0.000")), 0);
    assert_int_equal(pe_dec_cmp(P("0.1"), P("0.09")), 1);
    assert_int_equal(pe_dec_cmp(P("0.09"), P("0.1")), -1);
    assert_int_equal(pe_dec_cmp(P("-1"), P("-0.999999999")), -1);
    assert_int_equal(pe_dec_cmp(P("-0.5"), P("0.1")), -1);
    assert_int_equal(pe_dec_cmp(D(MAXC, 0), D(MAXC, 9)), 1);
    assert_int_equal(pe_dec_cmp(D(-MAXC, 0), D(-MAXC, 9)), -1);
    assert_int_equal(pe_dec_cmp(D(MAXC, 0), D(MAXC - 1, 0)), 1);
    /* 10^17 at scale 9 is 10^26 at the common scale; nothing may wrap. */
    assert_int_equal(
        pe_dec_cmp(P("100000000000000000"), P("99999999.999999999")), 1);
}

static void test_muldiv_rounding(void **state)
{
    const pe_round H = PE_ROUND_HALF_UP, T = PE_ROUND_TRUNCATE;

    (void)state;
    check_muldiv("2.675", "1", "1", 2, H, "2.68");
    check_muldiv("-2.675", "1", "1", 2, H, "-2.68");
    check_muldiv("2.675", "1", "1", 2, T, "2.67");
    check_muldiv("0.599", "1", "1", 2, T, "0.59");
    check_muldiv("-0.599", "1", "1", 2, T, "-0.59");
    check_muldiv("0.599", "1", "1", 2, H, "0.60");
    check_muldiv("1.798", "10", "3", 2, H, "5.99");
    check_muldiv("1.798", "10", "3", 2, T, "5.99");
    check_muldiv("1.798", "1", "3", 4, H, "0.5993");
    check_muldiv("1.798", "1", "3", 4, T, "0.5993");
    check_muldiv("-1.798", "10", "3", 2, H, "-5.99");
    check_muldiv("1.798", "10", "-3", 2, T, "-5.99");
    check_muldiv("-1", "-1", "-3", 2, H, "-0.33");
    check_muldiv("2", "1", "-3", 2, H, "-0.67");
    check_muldiv("2", "1", "-3", 2, T, "-0.66");
    /* Ties go away from zero. */
    check_muldiv("0.5", "1", "1", 0, H, "1");
    check_muldiv("-0.5", "1", "1", 0, H, "-1");
    check_muldiv("1", "1", "8", 2, H, "0.13");
    check_muldiv("-1", "1", "8", 2, H, "-0.13");
    check_muldiv("1", "1", "8", 2, T, "0.12");
    /* Once: rounding 0.4449 to 3 places first would give 0.45. */
    check_muldiv("0.4449", "1", "1", 2, H, "0.44");
    /* The scoring shapes: actual / target * weight. */
    check_muldiv("59.90", "20", "100", 2, H, "11.98");
    check_muldiv("1234.56", "100", "1500", 2, H, "82.30");
    check_muldiv("1234.56", "100", "1500", 2, T, "82.30");
    /* Zero, and results below the last place. */
    check_muldiv("0", "5", "-7", 9, H, "0.000000000");
    check_muldiv("0.000000001", "0.000000001", "999999999999999999", 9, H,
                 "0.000000000");
    check_muldiv("0.000000005", "1", "10", 9, H, "0.000000001");
    check_muldiv("0.000000005", "1", "10", 9, T, "0.000000000");
    check_muldiv("-0.000000004", "1", "10", 9, H, "0.000000000");
}

static void test_muldiv_range(void **state)
{
    const pe_round H = PE_ROUND_HALF_UP, T = PE_ROUND_TRUNCATE;

    (void)state;
    /* A*B needs 120 bits here. */
    check_muldiv("999999999999999999", "999999999999999999",
                 "999999999999999999", 0, H, "999999999999999999");
    check_muldiv("-999999999999999999", "999999999999999999",
                 "999999999999999999", 0, T, "-999999999999999999");
    check_muldiv("999999999999999999", "1", "1", 0, H, "999999999999999999");
    check_muldiv("999999999.999999999", "1", "1", 8, H, "1000000000.00000000");
    check_muldiv("999999999.999999999", "1", "1", 0, T, "999999999");
    /* e = 9 long-division digits, and the result just fits. */
    check_muldiv("0.999999999", "1", "0.000000001", 9, H,
                 "999999999.000000000");

    check_muldiv_fails("999999999999999999", "1", "1", 1, H, PE_ERANGE);
    check_muldiv_fails("999999999999999999", "10", "1", 0, T, PE_ERANGE);
    check_muldiv_fails("1", "1", "0.000000001", 9, H, PE_ERANGE);
    check_muldiv_fails("666666666666666667", "3", "2", 0, T, PE_ERANGE);
    /* 10^18 - 0.125: only the round-up leaves the range. */
    check_muldiv("470588235294117647", "17", "8", 0, T, "999999999999999999");
    check_muldiv_fails("470588235294117647", "17", "8", 0, H, PE_ERANGE);
    /* 349 * 975021108655984136 * 10^18 wraps 2^128 to a value below
     * 10^18; the overflow has to be caught on the way. */
    check_muldiv_fails("975021108655984136", "349", "0.000000001", 9, H,
                       PE_ERANGE);
}

static void test_muldiv_usage(void **state)
{
    pe_dec r = D(42, 1);

    (void)state;
    check_muldiv_fails("1", "1", "0", 2, PE_ROUND_HALF_UP, PE_EUSAGE);
    check_muldiv_fails("1", "1", "-0.000", 2, PE_ROUND_TRUNCATE, PE_EUSAGE);
    check_muldiv_fails("0", "0", "0", 0, PE_ROUND_HALF_UP, PE_EUSAGE);
    check_muldiv_fails("1", "1", "1", -1, PE_ROUND_HALF_UP, PE_EUSAGE);
    check_muldiv_fails("1", "1", "1", 10, PE_ROUND_HALF_UP, PE_EUSAGE);
    assert_int_equal(
        pe_dec_muldiv(D(1, 0), D(1, 0), D(1, 0), 2, (pe_round)7, &r),
        PE_EUSAGE);
    assert_int_equal(
        pe_dec_muldiv(D(1, -1), D(1, 0), D(1, 0), 2, PE_ROUND_HALF_UP, &r),
        PE_EUSAGE);
    assert_int_equal(pe_dec_muldiv(D(INT64_MIN, 0), D(1, 0), D(1, 0), 2,
                                   PE_ROUND_HALF_UP, &r),
                     PE_ERANGE);
    assert_int_equal(
        pe_dec_muldiv(D(1, 0), D(1, 0), D(1, 0), 2, PE_ROUND_HALF_UP, NULL),
        PE_EUSAGE);
    assert_dec(r, 42, 1, "4.2");
}

static void test_round(void **state)
{
    pe_dec r = D(0, 0);

    (void)state;
    assert_int_equal(pe_dec_round(P("2.675"), 2, PE_ROUND_HALF_UP, &r), PE_OK);
    assert_dec(r, 268, 2, "2.68");
    assert_int_equal(pe_dec_round(P("-2.675"), 2, PE_ROUND_TRUNCATE, &r),
                     PE_OK);
    assert_dec(r, -267, 2, "-2.67");
    assert_int_equal(pe_dec_round(P("1.5"), 3, PE_ROUND_HALF_UP, &r), PE_OK);
    assert_dec(r, 1500, 3, "1.500");
    assert_int_equal(pe_dec_round(P("99.5"), 0, PE_ROUND_HALF_UP, &r), PE_OK);
    assert_dec(r, 100, 0, "100");
    assert_int_equal(pe_dec_round(D(MAXC, 0), 1, PE_ROUND_HALF_UP, &r),
                     PE_ERANGE);
    assert_int_equal(pe_dec_round(D(MAXC, 1), 0, PE_ROUND_HALF_UP, &r), PE_OK);
    assert_dec(r, 100000000000000000LL, 0, "100000000000000000");
}

static void test_round_trip(void **state)
{
    static const char *const t[] = {
        "0",
        "1",
        "-1",
        "0.5",
        "-0.50",
        "95.58",
        "100.00",
        "0.000000001",
        "-999999999.999999999",
        "999999999999999999",
        "123456789.123456789",
        "-0.000000000",
        "42.420",
    };
    char buf[PE_DEC_BUFSIZE];

    (void)state;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const char *want = strcmp(t[i], "-0.000000000") ? t[i] : t[i] + 1;

        assert_string_equal(pe_dec_format(P(t[i]), buf), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_len),
        cmocka_unit_test(test_parse_syntax),
        cmocka_unit_test(test_parse_range),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_places),
        cmocka_unit_test(test_small_helpers),
        cmocka_unit_test(test_add_sub),
        cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_muldiv_rounding),
        cmocka_unit_test(test_muldiv_range),
        cmocka_unit_test(test_muldiv_usage),
        cmocka_unit_test(test_round),
        cmocka_unit_test(test_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
