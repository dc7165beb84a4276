/* pe_cell_parse and pe_cmp_symbol. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "perfeval.h"

static const char *kind_name(pe_cell_kind k)
{
    switch (k) {
    case PE_CELL_EMPTY:
        return "EMPTY";
    case PE_CELL_NUMBER:
        return "NUMBER";
    case PE_CELL_DATE:
        return "DATE";
    case PE_CELL_TEXT:
        return "TEXT";
    }
    return "?";
}

/* The helpers fail with the input in the message: a line number inside a
 * helper says nothing about which of thirty cells broke. */
static pe_cell parse(const char *s, pe_status want)
{
    pe_cell c;
    pe_status st = pe_cell_parse(s, strlen(s), &c);

    if (st != want)
        fail_msg("\"%s\": status %d, want %d", s, (int)st, (int)want);
    return c;
}

static void number(const char *s, pe_cmp cmp, int64_t coef, int scale,
                   int percent, const char *unit)
{
    pe_cell c = parse(s, PE_OK);

    if (c.kind != PE_CELL_NUMBER)
        fail_msg("\"%s\": kind %s, want NUMBER", s, kind_name(c.kind));
    if (c.cmp != cmp || c.value.coef != coef || c.value.scale != scale ||
        c.percent != percent || strcmp(c.unit, unit) != 0)
        fail_msg("\"%s\": got cmp %d coef %lld scale %d percent %d unit "
                 "\"%s\"; want cmp %d coef %lld scale %d percent %d unit "
                 "\"%s\"",
                 s, (int)c.cmp, (long long)c.value.coef, c.value.scale,
                 c.percent, c.unit, (int)cmp, (long long)coef, scale, percent,
                 unit);
    assert_int_equal(c.year, 0);
    assert_int_equal(c.month, 0);
    assert_int_equal(c.day, 0);
}

static void date(const char *s, pe_cmp cmp, int y, int m, int d)
{
    pe_cell c = parse(s, PE_OK);

    if (c.kind != PE_CELL_DATE)
        fail_msg("\"%s\": kind %s, want DATE", s, kind_name(c.kind));
    if (c.cmp != cmp || c.year != y || c.month != m || c.day != d)
        fail_msg("\"%s\": got cmp %d %d/%d/%d; want cmp %d %d/%d/%d", s,
                 (int)c.cmp, c.year, c.month, c.day, (int)cmp, y, m, d);
    assert_int_equal(c.value.coef, 0);
    assert_int_equal(c.percent, 0);
    assert_string_equal(c.unit, "");
}

/* TEXT carries nothing but its kind. */
static void text(const char *s)
{
    pe_cell c = parse(s, PE_OK);

    if (c.kind != PE_CELL_TEXT)
        fail_msg("\"%s\": kind %s, want TEXT", s, kind_name(c.kind));
    assert_int_equal(c.cmp, PE_CMP_NONE);
    assert_int_equal(c.value.coef, 0);
    assert_int_equal(c.value.scale, 0);
    assert_int_equal(c.percent, 0);
    assert_string_equal(c.unit, "");
    assert_int_equal(c.year, 0);
}

static void empty(const char *s)
{
    pe_cell c = parse(s, PE_OK);

    if (c.kind != PE_CELL_EMPTY)
        fail_msg("\"%s\": kind %s, want EMPTY", s, kind_name(c.kind));
}

static void test_empty(void **state)
{
    pe_cell c;

    (void)state;
    empty("");
    empty(" ");
    empty("\t  \t");
    empty("\u3000\u3000");
    empty("\u00a0 \u3000\r\n");
    assert_int_equal(pe_cell_parse(NULL, 0, &c), PE_OK);
    assert_int_equal(c.kind, PE_CELL_EMPTY);
}

static void test_trim(void **state)
{
    (void)state;
    number("  280人 ", PE_CMP_NONE, 280, 0, 0, "人");
    number("\t≥60人\t", PE_CMP_GE, 60, 0, 0, "人");
    /* \u takes exactly four hex digits: "\u3000100%" is U+3000 "100%". */
    number("\u3000100%\u3000", PE_CMP_NONE, 100, 0, 1, "");
    number("\u00a04场\u00a0", PE_CMP_NONE, 4, 0, 0, "场");
    /* Spaces inside are dropped between the parts, kept inside a unit. */
    number("≥ 60 人", PE_CMP_GE, 60, 0, 0, "人");
    number("95 %", PE_CMP_NONE, 95, 0, 1, "");
    number("10 万 元", PE_CMP_NONE, 10, 0, 0, "万 元");
    text("  合理  ");
}

static void test_invalid_utf8(void **state)
{
    static const char *const bad[] = {
        "\xff",             /* never valid */
        "95\x80",           /* stray continuation */
        "\xe4\xbd",         /* truncated 人 */
        "\xc0\xaf",         /* overlong '/' */
        "\xed\xa0\x80",     /* surrogate U+D800 */
        "\xf4\x90\x80\x80", /* past U+10FFFF */
        "\xba\xcf\xc0\xed", /* 合理 in GBK */
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pe_cell c = parse(bad[i], PE_EDATA);

        assert_int_equal(c.kind, PE_CELL_TEXT);
    }
}

/* Numbers with no comparator: the seed's actual values and bare ones. */
static void test_plain(void **state)
{
    (void)state;
    number("100%", PE_CMP_NONE, 100, 0, 1, "");
    number("59.90%", PE_CMP_NONE, 5990, 2, 1, "");
    number("280人", PE_CMP_NONE, 280, 0, 0, "人");
    number("4场", PE_CMP_NONE, 4, 0, 0, "场");
    number("100册", PE_CMP_NONE, 100, 0, 0, "册");
    number("50件", PE_CMP_NONE, 50, 0, 0, "件");
    number("132.9", PE_CMP_NONE, 1329, 1, 0, "");
    number("1.798", PE_CMP_NONE, 1798, 3, 0, "");
    number("1年", PE_CMP_NONE, 1, 0, 0, "年");
    number("0", PE_CMP_NONE, 0, 0, 0, "");
    number("007", PE_CMP_NONE, 7, 0, 0, "");
    number("1.00", PE_CMP_NONE, 100, 2, 0, "");
    number("-5%", PE_CMP_NONE, -5, 0, 1, "");
    number("+3", PE_CMP_NONE, 3, 0, 0, "");
    number("−2.5", PE_CMP_NONE, -25, 1, 0, ""); /* U+2212 */
}

static void test_symbol_cmp(void **state)
{
    (void)state;
    /* The seed. */
    number("≥60人", PE_CMP_GE, 60, 0, 0, "人");
    number("≥1场", PE_CMP_GE, 1, 0, 0, "场");
    number("≥95%", PE_CMP_GE, 95, 0, 1, "");
    number("=100%", PE_CMP_EQ, 100, 0, 1, "");
    /* Other tables. */
    number("=8个", PE_CMP_EQ, 8, 0, 0, "个");
    number("≤202.6万元", PE_CMP_LE, 2026, 1, 0, "万元");
    number("≧90%", PE_CMP_GE, 90, 0, 1, "");
    number("≦5%", PE_CMP_LE, 5, 0, 1, "");
    number("═0", PE_CMP_EQ, 0, 0, 0, "");
    number("＝100%", PE_CMP_EQ, 100, 0, 1, "");
    number(">=3", PE_CMP_GE, 3, 0, 0, "");
    number("＞=3", PE_CMP_GE, 3, 0, 0, "");
    number("＞＝3", PE_CMP_GE, 3, 0, 0, "");
    number(">3", PE_CMP_GT, 3, 0, 0, "");
    number("＞3", PE_CMP_GT, 3, 0, 0, "");
    number("<=3", PE_CMP_LE, 3, 0, 0, "");
    number("＜=3", PE_CMP_LE, 3, 0, 0, "");
    number("<3", PE_CMP_LT, 3, 0, 0, "");
    number("＜3", PE_CMP_LT, 3, 0, 0, "");
    number("==0", PE_CMP_EQ, 0, 0, 0, "");
    number("⩾90%", PE_CMP_GE, 90, 0, 1, "");
    number("⩽90%", PE_CMP_LE, 90, 0, 1, "");
    number("≤-0.5", PE_CMP_LE, -5, 1, 0, "");
    /* A comparator alone is not a value. */
    text("≥");
    text("≥%");
    text("=");
}

static void test_word_cmp(void **state)
{
    (void)state;
    number("不低于95%", PE_CMP_GE, 95, 0, 1, "");
    number("不少于10人", PE_CMP_GE, 10, 0, 0, "人");
    number("至少3次", PE_CMP_GE, 3, 0, 0, "次");
    number("达到100%", PE_CMP_GE, 100, 0, 1, "");
    number("大于等于80%", PE_CMP_GE, 80, 0, 1, "");
    number("大于80%", PE_CMP_GT, 80, 0, 1, "");
    number("高于80%", PE_CMP_GT, 80, 0, 1, "");
    number("超过5家", PE_CMP_GT, 5, 0, 0, "家");
    number("多于5户", PE_CMP_GT, 5, 0, 0, "户");
    number("不超过10天", PE_CMP_LE, 10, 0, 0, "天");
    number("不高于5%", PE_CMP_LE, 5, 0, 1, "");
    number("不多于3篇", PE_CMP_LE, 3, 0, 0, "篇");
    number("小于等于2期", PE_CMP_LE, 2, 0, 0, "期");
    number("至多2项", PE_CMP_LE, 2, 0, 0, "项");
    number("控制在202.6万元以内", PE_CMP_LE, 2026, 1, 0, "万元");
    number("控制在5%", PE_CMP_LE, 5, 0, 1, "");
    number("小于1%", PE_CMP_LT, 1, 0, 1, "");
    number("低于1%", PE_CMP_LT, 1, 0, 1, "");
    number("少于3座", PE_CMP_LT, 3, 0, 0, "座");
    number("等于0", PE_CMP_EQ, 0, 0, 0, "");
    number("不低于 95 %", PE_CMP_GE, 95, 0, 1, "");
    /* A comparator word with no number is a qualitative value. */
    text("达到预期");
    text("高于");
}

static void test_suffix_cmp(void **state)
{
    (void)state;
    number("98%以上", PE_CMP_GE, 98, 0, 1, "");
    number("100人以上", PE_CMP_GE, 100, 0, 0, "人");
    number("100人及以上", PE_CMP_GE, 100, 0, 0, "人");
    number("5%以下", PE_CMP_LE, 5, 0, 1, "");
    number("5%及以下", PE_CMP_LE, 5, 0, 1, "");
    number("10天以内", PE_CMP_LE, 10, 0, 0, "天");
    number("10天之内", PE_CMP_LE, 10, 0, 0, "天");
    number("30个工作日内", PE_CMP_LE, 30, 0, 0, "个工作日");
    number("95 % 以上", PE_CMP_GE, 95, 0, 1, "");
    /* Both sides: agreeing directions keep the prefix. */
    number("≥95%以上", PE_CMP_GE, 95, 0, 1, "");
    number("大于90%以上", PE_CMP_GT, 90, 0, 1, "");
    number("不超过10天以内", PE_CMP_LE, 10, 0, 0, "天");
    /* Disagreeing ones say nothing a scorer could use. */
    text("≤10%以上");
    text("不低于5天以内");
    text("=100%以上");
}

static void test_fullwidth(void **state)
{
    (void)state;
    number("９８．５％", PE_CMP_NONE, 985, 1, 1, "");
    number("≥９５％", PE_CMP_GE, 95, 0, 1, "");
    number("１００人", PE_CMP_NONE, 100, 0, 0, "人");
    number("－３", PE_CMP_NONE, -3, 0, 0, "");
    number("＋３", PE_CMP_NONE, 3, 0, 0, "");
    number("1０.5", PE_CMP_NONE, 105, 1, 0, ""); /* mixed widths */
}

static void test_thousands(void **state)
{
    (void)state;
    number("1,234.5万元", PE_CMP_NONE, 12345, 1, 0, "万元");
    number("1，234人", PE_CMP_NONE, 1234, 0, 0, "人");
    number("12,345,678元", PE_CMP_NONE, 12345678, 0, 0, "元");
    number("≤1,000", PE_CMP_LE, 1000, 0, 0, "");
    /* Not a separator unless exactly three digits follow. */
    text("1,23");
    text("1，2345");
    text("1,234,56");
    text("1234,567"); /* first group too long */
    text("100，20人");
    text(",123");
    /* A lone point or comma after the number is no unit. */
    text("5.");
    text("5,");
}

static void test_units(void **state)
{
    static const char *const units[] = {
        "人",   "场",     "册", "个", "件", "人次",     "万元",  "元", "天",
        "月",   "年",     "次", "家", "户", "篇",       "期",    "项", "座",
        "公里", "平方米", "亩", "台", "套", "个工作日", "次/年", "km", "m²",
    };
    char buf[64];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof units / sizeof units[0]; i++) {
        strcpy(buf, "12");
        strcat(buf, units[i]);
        number(buf, PE_CMP_NONE, 12, 0, 0, units[i]);
    }
    number("6月", PE_CMP_NONE, 6, 0, 0, "月"); /* six months */
    number("12月", PE_CMP_NONE, 12, 0, 0, "月");
    number("3000年", PE_CMP_NONE, 3000, 0, 0, "年");
    number("95%人", PE_CMP_NONE, 95, 0, 1, "人");
    /* 31 bytes fit the unit buffer, 32 do not. */
    number("1一二三四五六七八九十x", PE_CMP_NONE, 1, 0, 0,
           "一二三四五六七八九十x");
    text("1一二三四五六七八九十xy");
    text("3个社区，覆盖全区所有街道办事处和乡镇");
    /* A digit after the number makes it a sentence, not a unit. */
    text("3人/5场");
    text("2021年度10项");
    text("95%%");
}

static void test_range(void **state)
{
    pe_cell c;

    (void)state;
    number("999999999999999999", PE_CMP_NONE, 999999999999999999, 0, 0, "");
    number("0.123456789", PE_CMP_NONE, 123456789, 9, 0, "");
    c = parse("1999999999999999999", PE_ERANGE);
    assert_int_equal(c.kind, PE_CELL_TEXT);
    parse("0.1234567891", PE_ERANGE);
    parse("≥0.1234567891%", PE_ERANGE);
    parse("123456789012345678901234567890123456789012345678901234567890人",
          PE_ERANGE);
    parse("1.123456789012345678901234567890123456789012345678901234567890",
          PE_ERANGE);
    /* Too many digits inside a sentence: the sentence wins. */
    text("1999999999999999999人/5场");
    text("123456789012345678901234567890123456789012345678901234567890人/5场");
    /* Leading zeros are not digits of the value. */
    number("000000000000000000000000000000000000000000000000000000001",
           PE_CMP_NONE, 1, 0, 0, "");
}

static void test_dates(void **state)
{
    (void)state;
    date("2021年12月31日前", PE_CMP_LE, 2021, 12, 31);
    date("2021年12月", PE_CMP_NONE, 2021, 12, 0);
    date("2021年", PE_CMP_NONE, 2021, 0, 0);
    date("2021年前", PE_CMP_LE, 2021, 0, 0);
    date("2021年底", PE_CMP_NONE, 2021, 0, 0);
    date("2021年底前", PE_CMP_LE, 2021, 0, 0);
    date("2021年内", PE_CMP_LE, 2021, 0, 0);
    date("12月底前", PE_CMP_LE, 0, 12, 0);
    date("12月底", PE_CMP_NONE, 0, 12, 0);
    date("6月前", PE_CMP_LE, 0, 6, 0);
    date("12月31日", PE_CMP_NONE, 0, 12, 31);
    date("2021-12-31", PE_CMP_NONE, 2021, 12, 31);
    date("2021/12/31", PE_CMP_NONE, 2021, 12, 31);
    date("2021.12.31", PE_CMP_NONE, 2021, 12, 31);
    date("2021－12－31", PE_CMP_NONE, 2021, 12, 31);
    date("2021-12", PE_CMP_NONE, 2021, 12, 0);
    date("2021/6/1前", PE_CMP_LE, 2021, 6, 1);
    date("2021年6月1日以前", PE_CMP_LE, 2021, 6, 1);
    date("2021年6月1日之前", PE_CMP_LE, 2021, 6, 1);
    date("2021年6月1日后", PE_CMP_GE, 2021, 6, 1);
    date("2021年6月1日以后", PE_CMP_GE, 2021, 6, 1);
    date("2021年6月1日之后", PE_CMP_GE, 2021, 6, 1);
    date("2021年6月1号", PE_CMP_NONE, 2021, 6, 1);
    date("2021年12月底前", PE_CMP_LE, 2021, 12, 0);
    date("2021年12月末", PE_CMP_NONE, 2021, 12, 0);
    date("于2021年12月31日前", PE_CMP_LE, 2021, 12, 31);
    date("在12月底前", PE_CMP_LE, 0, 12, 0);
    date("2021年12月31日前完成", PE_CMP_LE, 2021, 12, 31);
    /* a comparator before a date, alone or said twice */
    date("≤2021年6月30日", PE_CMP_LE, 2021, 6, 30);
    date("<=2021-06-30", PE_CMP_LE, 2021, 6, 30);
    date("＜2021年7月1日", PE_CMP_LT, 2021, 7, 1);
    date("≥2021年3月1日", PE_CMP_GE, 2021, 3, 1);
    date("不超过2021年6月", PE_CMP_LE, 2021, 6, 0);
    date("≤2021年6月30日前", PE_CMP_LE, 2021, 6, 30);
    date("<2021年7月1日前", PE_CMP_LT, 2021, 7, 1);
    date("2021 年 12 月 31 日 前", PE_CMP_LE, 2021, 12, 31);
    date("２０２１年１２月３１日前", PE_CMP_LE, 2021, 12, 31);
    date("2020年2月29日", PE_CMP_NONE, 2020, 2, 29);
    date("2月29日", PE_CMP_NONE, 0, 2, 29);
    date("1900年", PE_CMP_NONE, 1900, 0, 0);
    date("2100年", PE_CMP_NONE, 2100, 0, 0);
    /* 2021.12 is a number, not December. */
    number("2021.12", PE_CMP_NONE, 202112, 2, 0, "");
    number("1899年", PE_CMP_NONE, 1899, 0, 0, "年");
}

static void test_bad_dates(void **state)
{
    (void)state;
    text("2021年13月");
    text("2021年0月");
    text("2021年12月32日前");
    text("2021年2月29日");
    text("2021年4月31日");
    text("13月底前");
    text("2021-13-01");
    text("2021-12/31");
    text("2021年12月31日前完成培训");
    text("≥2021年6月30日前"); /* two comparators that disagree */
    text("年底前");
    text("2021年12月31");
}

static void test_text(void **state)
{
    (void)state;
    text("合理");
    text("提高");
    text("提升");
    text("达成预期指标");
    text("有效");
    text("按时完成");
    text("健全");
    text("较上年提高");
    text("-");
    text("%");
    text(".5");
}

static void test_cmp_symbol(void **state)
{
    (void)state;
    assert_string_equal(pe_cmp_symbol(PE_CMP_NONE), "");
    assert_string_equal(pe_cmp_symbol(PE_CMP_GE), "≥");
    assert_string_equal(pe_cmp_symbol(PE_CMP_GT), ">");
    assert_string_equal(pe_cmp_symbol(PE_CMP_LE), "≤");
    assert_string_equal(pe_cmp_symbol(PE_CMP_LT), "<");
    assert_string_equal(pe_cmp_symbol(PE_CMP_EQ), "=");
}

/* The parser reads exactly len bytes: cells come out of CSV fields that
 * are not NUL-terminated. */
static void test_length(void **state)
{
    const char *s = "≥60人以上和更多";
    pe_cell c;

    (void)state;
    assert_int_equal(pe_cell_parse(s, strlen("≥60人"), &c), PE_OK);
    assert_int_equal(c.kind, PE_CELL_NUMBER);
    assert_int_equal(c.cmp, PE_CMP_GE);
    assert_int_equal(c.value.coef, 60);
    assert_string_equal(c.unit, "人");
    assert_int_equal(pe_cell_parse("123", 2, &c), PE_OK);
    assert_int_equal(c.value.coef, 12);
    /* Cutting inside a character is invalid UTF-8. */
    assert_int_equal(pe_cell_parse(s, strlen("≥60人") - 1, &c), PE_EDATA);
    assert_int_equal(pe_cell_parse("1", 1, NULL), PE_EUSAGE);
    assert_int_equal(pe_cell_parse(NULL, 3, &c), PE_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_invalid_utf8), cmocka_unit_test(test_plain),
        cmocka_unit_test(test_symbol_cmp),   cmocka_unit_test(test_word_cmp),
        cmocka_unit_test(test_suffix_cmp),   cmocka_unit_test(test_fullwidth),
        cmocka_unit_test(test_thousands),    cmocka_unit_test(test_units),
        cmocka_unit_test(test_range),        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_bad_dates),    cmocka_unit_test(test_text),
        cmocka_unit_test(test_cmp_symbol),   cmocka_unit_test(test_length),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
