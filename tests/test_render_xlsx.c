/*
 * Unit tests of --format xlsx (src/render_xlsx.c).  The workbook is a zip
 * of XML: the tests read it back with unzip(1) and look at the cells, the
 * merges and the print setup as a spreadsheet would find them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "project.h"
#include "test_util.h"

/* The seed's layout: "附件1", title, year, 项目名称, 主管部门, the funds
 * header and three funds rows (6-9), the goals (10-11), 说明 (12), the
 * indicator header (13), 19 indicators (14-32), 总分 (33). */
#define FIRST_IND 14
#define TOTAL_ROW 33

/* ---------------------------------------------------------------- files */

typedef struct fixture {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/perfeval-xlsx-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.xlsx", f->dir);
    *state = f;
    return 0;
}

/* Remove what the test left, and check it left nothing else. */
static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *e;
    char name[512];
    int stray = 0;

    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strcmp(e->d_name, "t.xlsx") != 0)
            stray++;
        snprintf(name, sizeof name, "%s/%s", f->dir, e->d_name);
        unlink(name);
    }
    if (d)
        closedir(d);
    rmdir(f->dir);
    free(f);
    return stray ? -1 : 0;
}

/* The number of entries in dir besides . and .. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* One member of the zip, as text (NULL when the member is missing). */
static char *member(const char *zip, const char *name)
{
    char cmd[512];
    pe_buf b = {0};
    char chunk[4096];
    size_t n;
    FILE *fp;
    int rc;

    if (system("command -v unzip >/dev/null 2>&1") != 0)
        fail_msg("unzip(1) is needed to read the workbook back "
                 "(tools/install-deps.sh installs it)");
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", zip, name);
    fp = popen(cmd, "r");
    assert_non_null(fp);
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        assert_int_equal(pe_buf_append(&b, chunk, n), PE_OK);
    rc = pclose(fp);
    if (rc != 0 || !b.data) {
        pe_buf_free(&b);
        return NULL;
    }
    return b.data;
}

typedef struct book {
    char *sheet, *strings, *styles;
} book;

static void book_read(const char *path, book *bk)
{
    bk->sheet = member(path, "xl/worksheets/sheet1.xml");
    bk->strings = member(path, "xl/sharedStrings.xml");
    bk->styles = member(path, "xl/styles.xml");
    assert_non_null(bk->sheet);
    assert_non_null(bk->strings);
    assert_non_null(bk->styles);
}

static void book_free(book *bk)
{
    free(bk->sheet);
    free(bk->strings);
    free(bk->styles);
}

/* Shared string i: the text of the i-th <si> (plain text, no XML escapes
 * in the seed). */
static char *shared(const char *sst, long i)
{
    const char *s = sst, *t, *end;

    for (long k = 0; k <= i; k++) {
        s = strstr(s, "<si>");
        assert_non_null(s);
        s += 4;
    }
    t = strstr(s, "<t");
    assert_non_null(t);
    t = strchr(t, '>') + 1;
    end = strstr(t, "</t>");
    assert_non_null(end);
    return strndup(t, (size_t)(end - t));
}

/* The value of a cell as a spreadsheet reads it ("" when blank), or NULL
 * when the sheet has no such cell. */
static char *cell(const book *bk, const char *ref)
{
    char key[32];
    const char *c, *end, *v;

    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    c = strstr(bk->sheet, key);
    if (!c)
        return NULL;
    end = strchr(c, '>');
    assert_non_null(end);
    if (end[-1] == '/')
        return strdup("");
    v = strstr(c, "<v>");
    assert_non_null(v);
    v += 3;
    if (strstr(c, " t=\"s\"") && strstr(c, " t=\"s\"") < end)
        return shared(bk->strings, strtol(v, NULL, 10));
    return strndup(v, (size_t)(strchr(v, '<') - v));
}

#define assert_cell(bk, ref, want)                                             \
    do {                                                                       \
        char *got_ = cell(bk, ref);                                            \
        if (!got_ || strcmp(got_, want) != 0)                                  \
            fail_msg("cell %s: \"%s\", want \"%s\"", ref,                      \
                     got_ ? got_ : "(none)", want);                            \
        free(got_);                                                            \
    } while (0)

#define assert_has(hay, needle)                                                \
    do {                                                                       \
        if (!strstr(hay, needle))                                              \
            fail_msg("no %s", needle);                                         \
    } while (0)

/* ---------------------------------------------------------------- tests */

/* The cells: title, header, funds, the 总分 row (95.58, 优), and every
 * indicator's name, weight and score as numbers. */
static void test_seed_cells(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    pe_error err;
    book bk;
    char ref[16], want[PE_DEC_BUFSIZE];

    assert_int_equal(pe_render_xlsx(p, f->path, &err), PE_OK);
    assert_int_equal(entries(f->dir), 1);
    book_read(f->path, &bk);

    assert_cell(&bk, "A1", "附件1");
    assert_cell(&bk, "A2", "项目支出绩效自评表");
    assert_cell(&bk, "A3", "（2021年度）");
    assert_cell(&bk, "A4", "项目名称");
    assert_cell(&bk, "B4", "社区发展治理工作经费");
    assert_cell(&bk, "A5", "主管部门及代码");
    assert_cell(&bk, "B5",
                "[361]中国共产党郑州市上街区委员会城乡社区发展治理"
                "委员会");
    assert_cell(&bk, "F5", "实施单位");
    assert_cell(&bk, "A6", "项目资金（万元）");
    assert_cell(&bk, "D6", "年初预算数");
    assert_cell(&bk, "B7", "年度资金总额");
    assert_cell(&bk, "D7", "3");
    assert_cell(&bk, "F7", "1.798");
    assert_cell(&bk, "G7", "10");
    assert_cell(&bk, "H7", "0.599"); /* 59.90%, as a fraction */
    assert_cell(&bk, "I7", "5.99");
    assert_cell(&bk, "B8", "其中：本年财政拨款");
    assert_cell(&bk, "A10", "年度总体目标");
    assert_cell(&bk, "B11", p->goal);
    assert_cell(&bk, "F11", p->goal_actual);
    assert_cell(&bk, "A13", "绩效指标");
    assert_cell(&bk, "I13", "偏差原因分析及改进措施");

    assert_int_equal(p->nind, TOTAL_ROW - FIRST_IND);
    for (size_t i = 0; i < p->nind; i++) {
        int row = FIRST_IND + (int)i;

        snprintf(ref, sizeof ref, "D%d", row);
        assert_cell(&bk, ref, p->ind[i].name);
        snprintf(ref, sizeof ref, "E%d", row);
        assert_cell(&bk, ref, p->ind[i].target);
        snprintf(ref, sizeof ref, "G%d", row);
        assert_cell(&bk, ref,
                    pe_dec_format(pe_dec_normalize(p->ind[i].weight), want));
        snprintf(ref, sizeof ref, "H%d", row);
        assert_cell(&bk, ref,
                    pe_dec_format(pe_dec_normalize(p->ind[i].score), want));
    }
    assert_cell(&bk, "H14", "0.59");
    assert_cell(&bk, "H22", "10");
    assert_cell(&bk, "B14", "投入和管理目标");
    assert_cell(&bk, "B15", ""); /* inside the merge */
    assert_cell(&bk, "I14",
                "财政资金紧张;外出学习培训计划受洪灾、疫情影响未"
                "进行。");

    assert_cell(&bk, "A33", "总分");
    assert_cell(&bk, "G33", "100");
    assert_cell(&bk, "H33", "95.58");
    assert_cell(&bk, "I33", "等级：优");
    /* the 总分 row sums its rows (and the funds' 分值 and 得分, which count
     * in it) by formula, the value cached for whoever reads it unopened */
    assert_has(bk.sheet, "<c r=\"G33\" s=\"");
    assert_has(bk.sheet, "><f>SUM(G14:G32,G7)</f><v>100</v></c>");
    assert_has(bk.sheet, "><f>SUM(H14:H32,I7)</f><v>95.58</v></c>");
    /* the seed's funds rows are not all filled: their total is a number */
    assert_null(strstr(bk.sheet, "<f>SUM(D8"));
    assert_null(strstr(bk.sheet, "<c r=\"A34\""));

    /* numbers show with the rules' two places, the rate as a percent */
    assert_has(bk.styles, "formatCode=\"0.00\"");
    assert_has(bk.styles, "formatCode=\"0.00%\"");
    assert_has(bk.styles, "<left style=\"thin\">");
    /* no difference between computed and reported: no comments */
    assert_null(member(f->path, "xl/comments1.xml"));
    book_free(&bk);
    pe_project_free(p);
}

/* The merges of the template: title and year across, the labels down
 * their blocks, 一级 and 二级 down their groups (a group of one row is a
 * cell, not a merge), 总分 across. */
static void test_seed_merges(void **state)
{
    static const char *const merges[] = {
        "A2:I2",   "A3:I3",   "B4:I4",   "B5:E5",   "G5:I5",   "A6:A9",
        "B7:C7",   "A10:A11", "B11:E11", "F11:I11", "B12:I12", "A13:A32",
        "B14:B21", "B22:B28", "B29:B30", "B31:B32", "C14:C17", "C18:C19",
        "C20:C21", "C22:C24", "C25:C26", "C27:C28", "C31:C32", "A33:F33"};
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    pe_error err;
    book bk;
    char want[64];

    assert_int_equal(pe_render_xlsx(p, f->path, &err), PE_OK);
    book_read(f->path, &bk);
    for (size_t i = 0; i < sizeof merges / sizeof *merges; i++) {
        snprintf(want, sizeof want, "<mergeCell ref=\"%s\"/>", merges[i]);
        assert_has(bk.sheet, want);
    }
    assert_has(bk.sheet, "<mergeCells count=\"29\">");
    assert_null(strstr(bk.sheet, "\"C28:C28\""));
    assert_null(strstr(bk.sheet, "\"C28:C29\""));
    book_free(&bk);
    pe_project_free(p);
}

/* A4 landscape, one page wide; columns sized, long rows made tall. */
static void test_seed_page(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    pe_error err;
    book bk;
    const char *cols, *row10;
    char *tag;

    assert_int_equal(pe_render_xlsx(p, f->path, &err), PE_OK);
    book_read(f->path, &bk);
    assert_has(bk.sheet, "<pageSetUpPr fitToPage=\"1\"/>");
    assert_has(bk.sheet, "paperSize=\"9\"");
    assert_has(bk.sheet, "orientation=\"landscape\"");
    assert_has(bk.sheet, "fitToHeight=\"0\"");
    assert_null(strstr(bk.sheet, "fitToWidth=")); /* 1 is the default */
    {
        char *wbx = member(f->path, "xl/workbook.xml");

        /* the form alone printed; its indicators' header row repeated */
        assert_has(wbx, "<definedName name=\"_xlnm.Print_Area\" "
                        "localSheetId=\"0\">'自评表'!$A$1:$I$33</definedName>");
        assert_has(wbx, "<definedName name=\"_xlnm.Print_Titles\" "
                        "localSheetId=\"0\">'自评表'!$13:$13</definedName>");
        free(wbx);
    }
    cols = strstr(bk.sheet, "<cols>");
    assert_non_null(cols);
    for (int c = 1; c <= 9; c++) {
        char want[64];

        snprintf(want, sizeof want, "<col min=\"%d\" max=\"%d\" width=\"", c,
                 c);
        assert_has(cols, want);
    }
    /* the goals' row wraps over several lines: its height is set */
    row10 = strstr(bk.sheet, "<row r=\"11\"");
    assert_non_null(row10);
    tag = strndup(row10, (size_t)(strchr(row10, '>') - row10));
    assert_non_null(tag);
    assert_has(tag, "customHeight=\"1\"");
    free(tag);
    book_free(&bk);
    pe_project_free(p);
}

/* Under the MoF rules the first row computes 0.60 against the 0.59
 * written: the cell holds 0.6 and a comment says what was written. */
static void test_reported_comment(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(1, 1);
    pe_error err;
    book bk;
    char *comments;

    assert_int_equal(pe_render_xlsx(p, f->path, &err), PE_OK);
    book_read(f->path, &bk);
    assert_cell(&bk, "H14", "0.6");
    assert_cell(&bk, "H33", "95.59");
    comments = member(f->path, "xl/comments1.xml");
    assert_non_null(comments);
    assert_has(comments, "<comment ref=\"H14\"");
    assert_has(comments, "填 0.59");
    assert_has(comments, "<comment ref=\"H33\"");
    assert_has(comments, "填 95.58");
    free(comments);
    book_free(&bk);
    pe_project_free(p);
}

/* A directory that does not exist: PE_EIO naming the path, and no file,
 * temporary or final, anywhere. */
static void test_missing_dir(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    char path[192];
    pe_error err;
    struct stat sb;

    snprintf(path, sizeof path, "%s/no/such/dir/t.xlsx", f->dir);
    memset(&err, 0, sizeof err);
    assert_int_equal(pe_render_xlsx(p, path, &err), PE_EIO);
    assert_string_equal(err.file, path);
    assert_true(strncmp(err.msg, "cannot create: ", 15) == 0);
    assert_non_null(strstr(err.msg, "No such file or directory"));
    assert_int_equal(stat(path, &sb), -1);
    assert_int_equal(entries(f->dir), 0);
    pe_project_free(p);
}

/* A name taken by a directory is refused before anything is written:
 * no temporary file, and the directory is left alone. */
static void test_rename_fails(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    char path[192];
    pe_error err;
    struct stat sb;

    snprintf(path, sizeof path, "%s/sub", f->dir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(pe_render_xlsx(p, path, &err), PE_EIO);
    assert_string_equal(err.file, path);
    assert_string_equal(err.msg, "cannot write: Is a directory");
    assert_int_equal(stat(path, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(entries(f->dir), 1);
    assert_int_equal(entries(path), 0);
    assert_int_equal(rmdir(path), 0);
    pe_project_free(p);
}

/* A text longer than a cell can hold: PE_EDATA naming the cell, no file. */
static void test_too_long(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    pe_error err;

    free(p->goal);
    p->goal = malloc(40000);
    assert_non_null(p->goal);
    memset(p->goal, 'x', 39999);
    p->goal[39999] = '\0';
    assert_int_equal(pe_render_xlsx(p, f->path, &err), PE_EDATA);
    assert_string_equal(err.file, f->path);
    assert_string_equal(err.msg,
                        "cell B11 holds more than Excel's 32767 characters");
    assert_int_equal(entries(f->dir), 0);
    pe_project_free(p);
}

/* An empty project is still the form: title, labels, the 总分 row; line
 * ends in a cell are written as LF alone. */
static void test_minimal(void **state)
{
    fixture *f = *state;
    pe_project *p = pe_project_new("t.json");
    pe_error err;
    book bk;

    assert_non_null(p);
    p->name = strdup("one\r\ntwo\rthree");
    assert_int_equal(pe_render_xlsx(p, f->path, &err), PE_OK);
    book_read(f->path, &bk);
    assert_cell(&bk, "A2", "项目支出绩效自评表");
    assert_cell(&bk, "B4", "one\ntwo\nthree");
    assert_cell(&bk, "A6", "绩效指标");
    assert_cell(&bk, "A7", "总分");
    assert_cell(&bk, "G7", "0");
    assert_cell(&bk, "H7", "");
    assert_has(bk.sheet, "<mergeCell ref=\"A2:I2\"/>");
    assert_has(bk.sheet, "<mergeCell ref=\"A7:F7\"/>");
    assert_null(strstr(bk.sheet, "\"A6:A6\""));
    book_free(&bk);
    pe_project_free(p);
}

/* A workbook needs a file. */
static void test_usage(void **state)
{
    pe_project *p = tu_seed(0, 1);
    pe_error err;

    (void)state;
    assert_int_equal(pe_render_xlsx(p, "-", &err), PE_EUSAGE);
    assert_non_null(strstr(err.msg, "-o FILE"));
    assert_int_equal(pe_render_xlsx(p, "", &err), PE_EUSAGE);
    assert_int_equal(pe_render_xlsx(p, NULL, &err), PE_EUSAGE);
    assert_int_equal(pe_render_xlsx(NULL, "x.xlsx", &err), PE_EUSAGE);
    pe_project_free(p);
}

/* An old file is replaced whole, and the new one gets the usual mode. */
static void test_replaces(void **state)
{
    fixture *f = *state;
    pe_project *p = tu_seed(0, 1);
    pe_error err;
    struct stat sb;
    char head[4] = {0};
    FILE *fp = fopen(f->path, "w");
    mode_t um = umask(022);

    assert_non_null(fp);
    fputs("old contents", fp);
    fclose(fp);
    assert_int_equal(pe_render_xlsx(p, f->path, &err), PE_OK);
    umask(um);
    fp = fopen(f->path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(head, 1, 4, fp), 4);
    fclose(fp);
    assert_memory_equal(head, "PK\x03\x04", 4);
    assert_int_equal(stat(f->path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0644);
    assert_int_equal(entries(f->dir), 1);
    pe_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seed_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seed_merges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seed_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reported_comment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rename_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_too_long, setup, teardown),
        cmocka_unit_test_setup_teardown(test_minimal, setup, teardown),
        cmocka_unit_test(test_usage),
        cmocka_unit_test_setup_teardown(test_replaces, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
