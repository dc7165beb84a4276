/* Unit tests of display width (src/width.c and the generated
 * src/width_table.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "perfeval.h"
#include "width.h"
#include "width_table.h"

static int W(const char *s)
{
    return pe_display_width(s, strlen(s), 0);
}

static int WA(const char *s)
{
    return pe_display_width(s, strlen(s), 1);
}

static void test_ascii(void **state)
{
    (void)state;
    assert_int_equal(W(""), 0);
    assert_int_equal(W("abc"), 3);
    assert_int_equal(W("59.90%"), 6);
    assert_int_equal(WA("59.90%"), 6);
    /* controls count one: the renderer prints a space for them */
    assert_int_equal(W("a\tb"), 3);
    assert_int_equal(pe_display_width("abc", 2, 0), 2);
}

static void test_cjk(void **state)
{
    (void)state;
    assert_int_equal(W("中文"), 4);
    assert_int_equal(W("项目支出绩效自评表"), 18);
    assert_int_equal(W("2021年12月31日前"), 16);
    assert_int_equal(W("，。"), 4);
    /* 中 is three bytes; a length that cuts 文 leaves one invalid byte */
    assert_int_equal(pe_display_width("中文", 4, 0), 3);
    assert_int_equal(W("\xF0\xA0\x80\x80"), 2); /* U+20000, CJK ext. B */
    assert_int_equal(W("\xF0\x9F\x98\x80"), 2); /* U+1F600 emoji */
    assert_int_equal(W("\xEA\xB0\x80"), 2);     /* U+AC00 가 */
}

static void test_fullwidth(void **state)
{
    (void)state;
    assert_int_equal(W("％"), 2); /* U+FF05 */
    assert_int_equal(W("（2021年度）"), 12);
    assert_int_equal(W("＝100％"), 7);
    assert_int_equal(WA("％"), 2); /* F, not A: wide either way */
}

static void test_zero_width(void **state)
{
    (void)state;
    assert_int_equal(W("e\xCC\x81"), 1);    /* e + U+0301 */
    assert_int_equal(W("\xE2\x80\x8B"), 0); /* U+200B ZWSP (Cf) */
    assert_int_equal(W("\xEF\xBB\xBF"), 0); /* U+FEFF BOM (Cf) */
    assert_int_equal(W("\xE2\x83\x9D"), 0); /* U+20DD (Me) */
    assert_int_equal(W("\xE1\x85\xA1"), 0); /* U+1161 jungseong */
    assert_int_equal(W("\xE3\x80\xAA"), 0); /* U+302A: Mn wins over W */
    /* U+0301 is also ambiguous; zero wins there too */
    assert_int_equal(WA("e\xCC\x81"), 1);
    /* SOFT HYPHEN is Cf but printed */
    assert_int_equal(W("\xC2\xAD"), 1);
}

static void test_ambiguous(void **state)
{
    (void)state;
    assert_int_equal(W("≥"), 1); /* U+2265 */
    assert_int_equal(WA("≥"), 2);
    assert_int_equal(W("①"), 1); /* U+2460 */
    assert_int_equal(WA("①"), 2);
    assert_int_equal(W("°"), 1); /* U+00B0, the first ambiguous block */
    assert_int_equal(WA("°"), 2);
    assert_int_equal(W("≥95%"), 4);
    assert_int_equal(WA("≥95%"), 5);
    /* the box-drawing characters are ambiguous too */
    assert_int_equal(W("┌─┬┐│├┼┤└┴┘"), 11);
    assert_int_equal(WA("┌─┬┐│├┼┤└┴┘"), 22);
    /* U+FFFD written in the input is ambiguous, unlike an invalid byte */
    assert_int_equal(WA("\xEF\xBF\xBD"), 2);
}

static void test_invalid(void **state)
{
    (void)state;
    assert_int_equal(W("\xFF"), 1);
    assert_int_equal(WA("\xFF"), 1);
    assert_int_equal(W("a\xFF"
                       "b"),
                     3);
    assert_int_equal(W("\xC3"), 1);             /* truncated */
    assert_int_equal(W("\xE4\xB8"), 2);         /* truncated 中 */
    assert_int_equal(W("\xC0\xAF"), 2);         /* overlong '/' */
    assert_int_equal(W("\xE0\x80\xAF"), 3);     /* overlong, 3 bytes */
    assert_int_equal(W("\xED\xA0\x80"), 3);     /* surrogate U+D800 */
    assert_int_equal(W("\xF4\x90\x80\x80"), 4); /* above U+10FFFF */
    assert_int_equal(W("\x80\x80"), 2);         /* lone continuations */
    assert_int_equal(W("\xE4\xB8\xAD\xFF"), 3); /* 中 then junk */
}

static void test_decode(void **state)
{
    uint32_t cp = 0;

    (void)state;
    assert_int_equal(pe_utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 0x41);
    assert_int_equal(pe_utf8_decode("\xC2\xB0", 2, &cp), 2);
    assert_int_equal(cp, 0xB0);
    assert_int_equal(pe_utf8_decode("中", 3, &cp), 3);
    assert_int_equal(cp, 0x4E2D);
    assert_int_equal(pe_utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
    assert_int_equal(cp, 0x10FFFF);
    /* a sequence cut by len is invalid, one byte at a time */
    assert_int_equal(pe_utf8_decode("中", 2, &cp), 1);
    assert_true(cp == PE_UTF8_INVALID);
    assert_int_equal(pe_utf8_decode("\xF5\x80\x80\x80", 4, &cp), 1);
    assert_true(cp == PE_UTF8_INVALID);
    assert_int_equal(pe_codepoint_width(PE_UTF8_INVALID, 1), 1);
}

static void test_fit(void **state)
{
    const char *s = "中文abc";
    int used = -1;

    (void)state;
    assert_int_equal(pe_width_fit(s, strlen(s), 3, 0, &used), 3);
    assert_int_equal(used, 2);
    assert_int_equal(pe_width_fit(s, strlen(s), 4, 0, &used), 6);
    assert_int_equal(used, 4);
    assert_int_equal(pe_width_fit(s, strlen(s), 100, 0, &used), strlen(s));
    assert_int_equal(used, 7);
    /* a wide character never splits, even when nothing fits */
    assert_int_equal(pe_width_fit(s, strlen(s), 1, 0, &used), 0);
    assert_int_equal(used, 0);
    /* a combining mark stays with its base */
    assert_int_equal(pe_width_fit("e\xCC\x81x", 4, 1, 0, &used), 3);
    assert_int_equal(used, 1);
    /* ambiguous: one column or two */
    assert_int_equal(pe_width_fit("≥95", 5, 2, 0, NULL), 4);
    assert_int_equal(pe_width_fit("≥95", 5, 2, 1, NULL), 3);
    /* invalid bytes fit one column each */
    assert_int_equal(pe_width_fit("\xFF\xFF\xFF", 3, 2, 0, &used), 2);
    assert_int_equal(used, 2);
}

static void check_table(const struct pe_width_range *t, size_t n)
{
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        assert_true(t[i].lo <= t[i].hi);
        assert_true(t[i].hi <= 0x10FFFF);
        if (i > 0)
            assert_true(t[i - 1].hi < t[i].lo);
    }
}

/* Sorted and in range, or the binary search silently misses. */
static void test_tables(void **state)
{
    (void)state;
    check_table(pe_width_zero, sizeof pe_width_zero / sizeof *pe_width_zero);
    check_table(pe_width_wide, sizeof pe_width_wide / sizeof *pe_width_wide);
    check_table(pe_width_ambiguous,
                sizeof pe_width_ambiguous / sizeof *pe_width_ambiguous);
    assert_string_equal(PE_WIDTH_UNICODE_VERSION, "14.0.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii),     cmocka_unit_test(test_cjk),
        cmocka_unit_test(test_fullwidth), cmocka_unit_test(test_zero_width),
        cmocka_unit_test(test_ambiguous), cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_decode),    cmocka_unit_test(test_fit),
        cmocka_unit_test(test_tables),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
