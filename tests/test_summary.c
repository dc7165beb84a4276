/* Unit tests of the reviewer's summary (src/summary.c,
 * src/render_summary.c): records, and their CSV, JSON and table forms. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perfeval.h"
#include "test_util.h"

/* A small table with a printed 总分 of 98 (computed 100.00), its money in
 * 元, and rules of its own. */
static const char table_json[] =
    "{\"name\": \"t,\\\"q\\\"\", \"year\": 2021, \"unit\": \"=单位\","
    " \"department\": {\"name\": \"区教育局\"}, \"money_unit\": \"元\","
    " \"reported\": {\"max\": 100, \"total\": 98},"
    " \"rules\": {\"split\": {}},"
    " \"funds\": {\"weight\": 10, \"budget\": 123456.78, \"executed\": "
    "123456.78},"
    " \"indicators\": ["
    "  {\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"人数\","
    "   \"target\": \"≥60人\", \"actual\": \"60人\", \"weight\": 50},"
    "  {\"level1\": \"效益指标\", \"level2\": \"社会效益\", \"name\": \"素质\","
    "   \"target\": \"提高\", \"actual\": \"提高\", \"weight\": 30},"
    "  {\"level1\": \"满意度指标\", \"level2\": \"满意度\", \"name\": "
    "\"满意度\","
    "   \"target\": \"≥95%\", \"actual\": \"96%\", \"weight\": 10}]}";

static pe_project *table(void)
{
    pe_project *p = NULL;
    pe_error err;

    assert_int_equal(pe_project_load_json(table_json, strlen(table_json),
                                          "t.json", &p, &err),
                     PE_OK);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    return p;
}

static pe_summary_record *record(void)
{
    pe_project *p = table();
    pe_summary_record *r = NULL;

    assert_int_equal(pe_summary_record_new(p, "d/t.json", NULL, NULL, 0, &r),
                     PE_OK);
    pe_project_free(p);
    return r;
}

static void test_record(void **state)
{
    pe_summary_record *r = record();
    char buf[PE_DEC_BUFSIZE];

    (void)state;
    assert_string_equal(r->file, "d/t.json");
    assert_string_equal(r->sheet, "");
    assert_string_equal(r->name, "t,\"q\"");
    assert_string_equal(r->department, "区教育局");
    assert_string_equal(r->unit, "=单位");
    assert_int_equal(r->year, 2021);
    assert_true(r->scored);
    assert_string_equal(pe_dec_format(r->total, buf), "100.00");
    assert_true(r->has_printed_total);
    assert_string_equal(pe_dec_format(r->printed_total, buf), "98");
    assert_true(r->has_delta);
    assert_string_equal(pe_dec_format(r->delta, buf), "2.00");
    assert_string_equal(r->grade, "优");
    assert_string_equal(r->rules, "mof-2020");
    assert_int_equal(r->errors, 1);
    assert_int_equal(r->status, PE_SUMMARY_FINDINGS);
    assert_string_equal(r->reason, "reported 总分 98, computed 100.00");
    /* 元 into 万元, exactly */
    assert_true(r->has_budget);
    assert_string_equal(pe_dec_format(r->budget, buf), "12.345678");
    assert_string_equal(pe_dec_format(r->executed, buf), "12.345678");
    assert_int_equal(r->nfindings, r->errors + r->warnings + r->infos);
    assert_string_equal(r->findings[0].code, "total-mismatch");
    pe_summary_record_free(r);
}

static void test_unloadable(void **state)
{
    pe_error err = {.line = 4, .column = 18};
    pe_summary_record *r = NULL;

    (void)state;
    snprintf(err.file, sizeof err.file, "%s", "x.json");
    snprintf(err.msg, sizeof err.msg, "%s", "malformed JSON");
    /* a name that is not UTF-8 (GBK from an old disk) comes out escaped */
    assert_int_equal(
        pe_summary_record_unloadable("d/\xB2\xE2.json", "", &err, &r), PE_OK);
    assert_string_equal(r->file, "d/\\xB2\\xE2.json");
    assert_int_equal(r->status, PE_SUMMARY_UNLOADABLE);
    assert_string_equal(r->reason, "line 4: malformed JSON");
    assert_false(r->scored);
    pe_summary_record_free(r);
    pe_summary_record_free(NULL);
}

static pe_summary *two(void)
{
    pe_summary *s = pe_summary_new();
    pe_error err = {.line = 0};
    pe_summary_record *r = NULL;

    assert_non_null(s);
    assert_int_equal(pe_summary_add(s, record()), PE_OK);
    snprintf(err.msg, sizeof err.msg, "%s", "cannot open: No such file");
    assert_int_equal(pe_summary_record_unloadable("gone.csv", NULL, &err, &r),
                     PE_OK);
    assert_int_equal(pe_summary_add(s, r), PE_OK);
    assert_int_equal(pe_summary_count(s), 2);
    assert_null(pe_summary_get(s, 2));
    return s;
}

static char *render(const pe_summary *s, pe_check_format fmt, int bom)
{
    pe_summary_opts o = {.bom = bom};
    pe_buf b = {0};

    assert_int_equal(pe_render_summary_begin(fmt, &o, &b), PE_OK);
    for (size_t i = 0; i < pe_summary_count(s); i++)
        assert_int_equal(
            pe_render_summary_record(pe_summary_get(s, i), fmt, &o, i == 0, &b),
            PE_OK);
    assert_int_equal(pe_render_summary_end(fmt, &o, &b), PE_OK);
    return b.data;
}

static void test_csv(void **state)
{
    pe_summary *s = two();
    char *text = render(s, PE_CHECK_CSV, 1);

    (void)state;
    assert_string_equal(
        text,
        "\xEF\xBB\xBF"
        "file,sheet,name,department,unit,year,total,printed_total,delta,"
        "grade,printed_grade,rules,errors,warnings,infos,status,reason\n"
        "d/t.json,,\"t,\"\"q\"\"\",区教育局,'=单位,2021,100.00,98,2.00,优,,"
        "mof-2020,1,0,0,findings,\"reported 总分 98, computed 100.00\"\n"
        "gone.csv,,,,,,,,,,,,,,,unloadable,cannot open: No such file\n");
    free(text);
    pe_summary_free(s);
}

static void test_json(void **state)
{
    pe_summary *s = two();
    char *text = render(s, PE_CHECK_JSON, 0);

    (void)state;
    assert_string_equal(
        text,
        "{\"format\": \"perfeval/summary/1\", \"tables\": [\n"
        "  {\"file\": \"d/t.json\", \"sheet\": null, \"name\": "
        "\"t,\\\"q\\\"\", \"department\": \"区教育局\", \"unit\": \"=单位\", "
        "\"year\": 2021, \"total\": 100.00, \"printed_total\": 98, "
        "\"delta\": 2.00, \"grade\": \"优\", \"printed_grade\": null, "
        "\"rules\": \"mof-2020\", \"errors\": 1, \"warnings\": 0, "
        "\"infos\": 0, \"status\": \"findings\", \"reason\": \"reported 总分 "
        "98, computed 100.00\"},\n"
        "  {\"file\": \"gone.csv\", \"sheet\": null, \"name\": null, "
        "\"department\": null, \"unit\": null, \"year\": null, \"total\": "
        "null, \"printed_total\": null, \"delta\": null, \"grade\": null, "
        "\"printed_grade\": null, \"rules\": null, \"errors\": null, "
        "\"warnings\": null, \"infos\": null, \"status\": \"unloadable\", "
        "\"reason\": \"cannot open: No such file\"}\n"
        "]}\n");
    free(text);
    pe_summary_free(s);
}

static void test_table(void **state)
{
    pe_summary *s = two();
    pe_summary_opts o = {.zh = 0};
    pe_buf b = {0};
    const char *nl;

    (void)state;
    assert_int_equal(pe_render_summary_table(s, &o, &b), PE_OK);
    /* the header, then the rows, every column starting where the
     * header's does: 区教育局 is 8 columns wide, "department" 10 */
    nl = strchr(b.data, '\n');
    assert_non_null(nl);
    assert_memory_equal(b.data,
                        "file      sheet  name   department  unit   year",
                        strlen("file      sheet  name   department  unit   "
                               "year"));
    assert_memory_equal(nl + 1,
                        "d/t.json         t,\"q\"  区教育局    =单位  2021",
                        strlen("d/t.json         t,\"q\"  区教育局    "
                               "=单位  2021"));
    /* no trailing spaces; the unloadable row ends in its reason */
    assert_non_null(strstr(b.data, "unloadable  cannot open: No such file\n"));
    assert_null(strstr(b.data, " \n"));
    pe_buf_free(&b);
    pe_summary_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record), cmocka_unit_test(test_unloadable),
        cmocka_unit_test(test_csv),    cmocka_unit_test(test_json),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
