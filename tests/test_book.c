/* Unit tests of workbooks and documents (src/book.c, xlsx_read.c,
 * xls_read.c, biff.c, docx_read.c, ooxml.c) against the fixtures in
 * tests/data/office; tests run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perfeval.h"
#include "project.h"
#include "sheet.h"
#include "test_util.h"

#define HAND "tests/data/office/hand/"

typedef struct opened {
    pe_buf bytes;
    pe_book *book;
} opened;

static opened open_with(const char *path, const char *sheet, size_t max)
{
    opened o = {{0, 0, 0}, NULL};
    pe_book_opts bo = {.sheet = sheet, .max_size = max};
    pe_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(pe_io_read(path, &o.bytes, &err), PE_OK);
    if (pe_book_open(o.bytes.data, o.bytes.len, path, &bo, &o.book, &err) !=
        PE_OK)
        fail_msg("%s: %s", path, err.msg);
    return o;
}

static opened open_book(const char *path)
{
    return open_with(path, NULL, 0);
}

static void close_book(opened *o)
{
    pe_book_free(o->book);
    pe_buf_free(&o->bytes);
}

/* Opening fails with st and exactly msg (or, with prefix set, a message
 * that begins so). */
static void open_fails(const char *path, const char *sheet, size_t max,
                       pe_status st, const char *msg, int prefix)
{
    pe_buf b = {0, 0, 0};
    pe_book_opts bo = {.sheet = sheet, .max_size = max};
    pe_book *book = (pe_book *)&b;
    pe_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(pe_io_read(path, &b, &err), PE_OK);
    assert_int_equal(pe_book_open(b.data, b.len, path, &bo, &book, &err), st);
    assert_null(book);
    assert_string_equal(err.file, path);
    if (prefix)
        assert_memory_equal(err.msg, msg, strlen(msg));
    else
        assert_string_equal(err.msg, msg);
    pe_buf_free(&b);
}

/* Table i loaded, rules read off it, scored. */
static pe_project *scored(pe_book *b, size_t i)
{
    pe_project *p = NULL;
    pe_error err;

    memset(&err, 0, sizeof err);
    if (pe_book_table_load(b, i, &p, &err) != PE_OK)
        fail_msg("load: %s:%ld: %s", err.file, err.line, err.msg);
    if (!pe_project_has_rules(p))
        assert_int_equal(pe_project_infer_rules(p, &err), PE_OK);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    return p;
}

static const char *total(const pe_project *p)
{
    static char buf[PE_DEC_BUFSIZE];

    return pe_dec_format(pe_project_total(p), buf);
}

/* ------------------------------------------------------------ .xlsx */

/* A cell reads as the clerk saw it: rich text joined, its phonetic run
 * left out, 0.599 under 0.00% as 59.90%, 280 under 0"人" as 280人, a
 * date serial as a date, a formula by its cached value.  The .xls that
 * LibreOffice saved from the same workbook reads the same: libfreexl's
 * values, biff.c's formats and formula results. */
static void test_xlsx_cells(void **state)
{
    static const char *const files[] = {HAND "formats.xlsx",
                                        HAND "formats.xls"};
    opened o;
    pe_project *p;
    char name[128];

    (void)state;
    for (size_t f = 0; f < 2; f++) {
        o = open_book(files[f]);
        snprintf(name, sizeof name, "%s:附件1", files[f]);
        assert_int_equal(pe_book_count(o.book), 1);
        assert_string_equal(pe_book_table_name(o.book, 0), name);
        assert_false(pe_book_table_is_long(o.book, 0));
        p = scored(o.book, 0);
        assert_string_equal(pe_project_source(p), name);
        assert_string_equal(p->name, "社区发展治理工作经费");
        assert_int_equal(p->year, 2021);
        assert_string_equal(p->ind[0].target, "100%");
        assert_string_equal(p->ind[0].actual, "59.90%");
        assert_int_equal(p->ind[0].reported.v.coef, 59);
        assert_int_equal(p->ind[0].reported.v.scale, 2);
        assert_int_equal(p->ind[0].line, 7);
        assert_string_equal(p->ind[2].actual, "280人");
        assert_string_equal(p->ind[3].actual, "2021年12月15日");
        assert_int_equal(p->funds.total.executed.v.coef, 1798);
        assert_int_equal(p->funds.reported.v.coef, 599);
        assert_string_equal(p->funds.reported_rate, "59.90%");
        assert_string_equal(total(p), "95.58");
        assert_string_equal(pe_project_grade(p), "优");
        pe_project_free(p);
        close_book(&o);
    }

    /* the 1904 date system gives the same date */
    o = open_book(HAND "date1904.xlsx");
    p = scored(o.book, 0);
    assert_string_equal(p->ind[3].actual, "2021年12月15日");
    pe_project_free(p);
    close_book(&o);
}

/* Three project sheets: each is a table; the sheet of notes is not, nor
 * is the hidden one unless asked for by name. */
static void test_sheets(void **state)
{
    static const char *const files[] = {HAND "three-sheets.xlsx",
                                        HAND "three-sheets.xls"};
    static const char *const totals[] = {"95.58", "100.00", "94.50"};

    (void)state;
    for (size_t f = 0; f < 2; f++) {
        opened o = open_book(files[f]);
        char name[128];

        assert_int_equal(pe_book_count(o.book), 3);
        for (size_t i = 0; i < 3; i++) {
            pe_project *p = scored(o.book, i);

            snprintf(name, sizeof name, "%s:附件1-%zu", files[f], i + 1);
            assert_string_equal(pe_book_table_name(o.book, i), name);
            assert_string_equal(total(p), totals[i]);
            pe_project_free(p);
        }
        close_book(&o);
        o = open_with(files[f], "旧表", 0);
        assert_int_equal(pe_book_count(o.book), 1);
        close_book(&o);
        /* the third table of the listing, the fourth sheet: the notes
         * sheet 说明 between is no table and is not counted */
        o = open_with(files[f], "3", 0);
        assert_int_equal(pe_book_count(o.book), 1);
        snprintf(name, sizeof name, "%s:附件1-3", files[f]);
        assert_string_equal(pe_book_table_name(o.book, 0), name);
        close_book(&o);
    }
    open_fails(HAND "three-sheets.xlsx", "4", 0, PE_EUSAGE,
               "no table numbered 4: the workbook holds 3 tables (--sheet 1 "
               "to 3, or a sheet's name)",
               0);
    open_fails(HAND "three-sheets.xlsx", "附件9", 0, PE_EUSAGE,
               "no sheet named or numbered 附件9 (the sheets: 附件1-1, 说明, "
               "附件1-2, 附件1-3, 旧表)",
               0);
}

/* A long-format sheet is streamed row by row to the long reader. */
typedef struct seen {
    char keys[8][16];
    char totals[8][16];
    size_t n;
} seen;

static pe_status on_project(void *ctx, const pe_long_item *it)
{
    seen *S = ctx;
    pe_long_result res;
    pe_status st = pe_long_score(it, NULL, &res);

    if (st == PE_OK && S->n < 8) {
        snprintf(S->keys[S->n], sizeof S->keys[0], "%s", res.key);
        pe_dec_format(res.total, S->totals[S->n]);
        S->n++;
    }
    return st;
}

static void test_long_sheet(void **state)
{
    opened o = open_book(HAND "long.xlsx");
    pe_long_opts lo;
    pe_long *r = NULL;
    pe_error err;
    seen S;

    (void)state;
    memset(&S, 0, sizeof S);
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_book_count(o.book), 1);
    assert_true(pe_book_table_is_long(o.book, 0));
    pe_long_opts_default(&lo);
    pe_rules_default(&lo.rules);
    assert_int_equal(pe_long_new("long", &lo, &r), PE_OK);
    assert_int_equal(pe_book_table_stream(o.book, 0, r, on_project, &S, &err),
                     PE_OK);
    assert_int_equal(S.n, 3);
    assert_string_equal(S.keys[0], "P001");
    assert_string_equal(S.totals[0], "97.00");
    assert_string_equal(S.keys[2], "P003");
    assert_string_equal(S.totals[2], "99.00");
    pe_long_free(r);
    close_book(&o);
}

/* ------------------------------------------------------------ .docx */

/* gridSpan and vMerge become blank merged cells: the 一级 carries down;
 * a cell's two paragraphs are one text, two lines. */
static void test_docx(void **state)
{
    opened o = open_book(HAND "merged.docx");
    pe_project *p;

    (void)state;
    assert_int_equal(pe_book_count(o.book), 1);
    assert_string_equal(pe_book_table_name(o.book, 0),
                        HAND "merged.docx:table 1");
    p = scored(o.book, 0);
    assert_string_equal(p->name, "社区发展治理工作经费");
    assert_int_equal(p->nind, 4);
    assert_string_equal(p->ind[1].level1, "投入和管理目标");
    assert_string_equal(p->ind[1].level2, "投入管理");
    assert_string_equal(p->ind[3].level1, "产出指标");
    assert_string_equal(p->ind[0].reason, "财政资金紧张;\n培训计划受疫情影响");
    assert_string_equal(p->ind[3].actual, "2021年12月");
    assert_string_equal(total(p), "95.58");
    pe_project_free(p);
    close_book(&o);
}

/* A vertical merge continued where no cell started one (a damaged or
 * hand-made table) keeps its text; one that continues a started merge is
 * blank, as a spreadsheet's CSV gives it. */
static void test_docx_vmerge_orphan(void **state)
{
    pe_buf b = {0, 0, 0};
    pe_docx *d = NULL;
    pe_grid *g;
    pe_error err;

    (void)state;
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_io_read(HAND "vmerge-orphan.docx", &b, &err), PE_OK);
    assert_int_equal(pe_docx_open(b.data, b.len, "v.docx", NULL, &d, &err),
                     PE_OK);
    assert_int_equal(pe_docx_ntables(d), 1);
    g = pe_docx_table(d, 0);
    assert_int_equal(g->nrows, 3);
    assert_string_equal(g->row[0].cell[0], "a1");
    assert_string_equal(g->row[1].cell[0], "a2"); /* no start above */
    assert_string_equal(g->row[1].cell[1], "b2");
    assert_string_equal(g->row[2].cell[0], "a3");
    assert_string_equal(g->row[2].cell[1], ""); /* continues b2 */
    pe_docx_free(d);
    pe_buf_free(&b);
}

/* ------------------------------------------------------------ hostile */

static void test_hostile(void **state)
{
    (void)state;
    open_fails(HAND "truncated.xlsx", NULL, 0, PE_EDATA,
               "not a readable zip archive: it is truncated or damaged", 1);
    open_fails(HAND "not-office.zip", NULL, 0, PE_EDATA,
               "a zip archive, but neither an Excel workbook (.xlsx) nor a "
               "Word document (.docx)",
               0);
    open_fails(HAND "doctype.xlsx", NULL, 0, PE_EDATA,
               "xl/workbook.xml: a document type declaration (DTD) is not "
               "allowed in a workbook or document part",
               0);
    open_fails(HAND "external-entity.xlsx", NULL, 0, PE_EDATA,
               "xl/sharedStrings.xml: a document type declaration (DTD) is "
               "not allowed in a workbook or document part",
               0);
    open_fails(HAND "bomb.xlsx", NULL, 1000000, PE_EDATA,
               "the part xl/worksheets/sheet1.xml expands to 8388836 bytes, "
               "more than 1000000 (--max-file-size)",
               0);
    open_fails(HAND "encrypted.xlsx", NULL, 0, PE_EDATA,
               "the file is protected by a password: open it in Excel or "
               "WPS, remove the password (文件 → 信息 → 保护工作簿) and save "
               "it again",
               0);
}

/* Bytes that merely start like an office file are a clear error too. */
static void test_garbage(void **state)
{
    static const char zip[] = "PK\x03\x04garbage that is no zip";
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and no more";
    pe_book *b = NULL;
    pe_error err;

    (void)state;
    memset(&err, 0, sizeof err);
    assert_true(pe_book_detect(zip, sizeof zip - 1));
    assert_true(pe_book_detect(ole, sizeof ole - 1));
    assert_false(pe_book_detect("项目名称,x", 14));
    assert_int_equal(
        pe_book_open(zip, sizeof zip - 1, "z.xlsx", NULL, &b, &err), PE_EDATA);
    assert_null(b);
    assert_int_equal(pe_book_open(ole, sizeof ole - 1, "o.xls", NULL, &b, &err),
                     PE_EDATA);
    assert_null(b);
    assert_non_null(strstr(err.msg, "libfreexl"));
}

/* ------------------------------------------------------------ round trips */

/* Write p as a workbook, read it back, score it by the rules it carries. */
static pe_project *through_xlsx(const pe_project *p)
{
    char path[] = "/tmp/perfeval-book-XXXXXX";
    int fd = mkstemp(path);
    pe_error err;
    opened o;
    pe_project *q;

    assert_true(fd >= 0);
    close(fd);
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_render_xlsx(p, path, &err), PE_OK);
    o = open_book(path);
    assert_int_equal(pe_book_count(o.book), 1);
    q = scored(o.book, 0);
    assert_true(pe_project_has_rules(q));
    close_book(&o);
    unlink(path);
    return q;
}

/* perfeval's own workbook reads back to the same total by the rules it
 * was scored by: truncation gives 95.58, the MoF default 95.59. */
static void test_own_workbook(void **state)
{
    pe_project *p = tu_seed(0, 1), *q;

    (void)state;
    q = through_xlsx(p);
    assert_string_equal(total(q), "95.58");
    assert_string_equal(pe_project_rules(q)->name, "shangjie-2021");
    assert_int_equal(q->nind, p->nind);
    pe_project_free(q);
    pe_project_free(p);
    p = tu_seed(1, 1);
    q = through_xlsx(p);
    assert_string_equal(total(q), "95.59");
    assert_string_equal(pe_project_grade(q), "优");
    pe_project_free(q);
    pe_project_free(p);
}

/* The blank form of init, filled in as a clerk would, reads back and
 * scores as the same form scored in memory. */
static void test_filled_init_form(void **state)
{
    pe_project *p = NULL, *q;
    pe_error err;
    char want[PE_DEC_BUFSIZE];

    (void)state;
    assert_int_equal(pe_init_project(2021, &p), PE_OK);
    free(p->name);
    p->name = pe_strdup_or_empty("社区发展治理工作经费");
    p->funds.total.initial = (pe_opt_dec){1, pe_dec_from_int(3)};
    p->funds.total.budget = (pe_opt_dec){1, pe_dec_from_int(3)};
    p->funds.total.executed = (pe_opt_dec){1, {1798, 3}};
    for (size_t i = 0; i < p->nind; i++) {
        pe_indicator *r = &p->ind[i];
        char name[32];

        snprintf(name, sizeof name, "指标%zu项", i + 1);
        free(r->name);
        free(r->target);
        free(r->actual);
        r->name = pe_strdup_or_empty(name);
        r->target = pe_strdup_or_empty("≥60人");
        r->actual = pe_strdup_or_empty(i == 0 ? "50人" : "60人");
        if (i == 0) {
            free(r->reason);
            r->reason = pe_strdup_or_empty("疫情影响");
        }
    }
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_project_score(p, &err), PE_OK);
    pe_dec_format(pe_project_total(p), want);
    q = through_xlsx(p);
    assert_string_equal(total(q), want);
    assert_string_equal(pe_project_rules(q)->name, "mof-2020");
    assert_int_equal(q->nind, p->nind);
    assert_string_equal(q->ind[0].actual, "50人");
    pe_project_free(q);
    pe_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx_cells),
        cmocka_unit_test(test_sheets),
        cmocka_unit_test(test_long_sheet),
        cmocka_unit_test(test_docx),
        cmocka_unit_test(test_docx_vmerge_orphan),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_own_workbook),
        cmocka_unit_test(test_filled_init_form),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
