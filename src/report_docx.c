/*
 * The 绩效自评报告 as a Word document (perfeval.h, pe_render_report_docx):
 * the blocks of report.c as WordprocessingML paragraphs, and the 附件1 as
 * a Word table laid out as the xlsx renderer lays out the form (nine
 * columns: A the block labels, B..I 一级指标 .. 偏差原因分析及改进措施),
 * so that docx_read.c and form_load.c read it back as they read a form.
 *
 * The package is the least Word and LibreOffice need: [Content_Types].xml,
 * the relationships, document.xml and styles.xml, with settings.xml (odd
 * and even pages), fontTable.xml (小标宋's fallback) and the two footers
 * (the page numbers).  It is zipped in memory
 * with libzip, every entry stamped 1980-01-01 00:00 in DOS time (not a
 * time_t, which libzip would turn into local time), so that one table
 * gives one file whatever the clock or the time zone; the bytes then go
 * through pe_target, all or nothing.
 *
 * Text from the table may hold anything: it is escaped for XML, control
 * characters are dropped (XML 1.0 has no way to write them), a byte that
 * is not UTF-8 becomes U+FFFD, line breaks become w:br and tabs w:tab.
 */
#include "report_draft.h"
#include "width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/*
 * The page as GB/T 9704-2012 sets an official document (5.2): A4, margins
 * top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, so a text block of
 * 156 x 225 mm; 22 lines of 28 characters of 3号 (16 pt) text.  Twips are
 * mm * 1440 / 25.4.  The line pitch is 225 mm / 22 (579 twips), a line
 * grid (w:docGrid "lines").  28 characters of 16 pt are 448 pt, 156 mm is
 * 442 pt: the text is set 0.25 pt tighter (w:spacing -5 twentieths), 28
 * to the line.  Word's character grid (docGrid "linesAndChars", charSpace
 * -849) would do the same in Word, but LibreOffice sets every character
 * a little wider than that pitch in two cells of it, 14 to the line.
 */
#define PAGE_W 11906
#define PAGE_H 16838
#define MAR_TOP 2098
#define MAR_BOTTOM 1984
#define MAR_LEFT 1587
#define MAR_RIGHT 1474
#define TEXT_W (PAGE_W - MAR_LEFT - MAR_RIGHT)
#define LAND_W (PAGE_H - MAR_TOP - MAR_BOTTOM)
#define LINE_PITCH 579
/* The footer: the page number's 一字线 7 mm under the text block. */
#define FOOTER 1247
/* The title, 2号 (22 pt): the columns (two a character) of a line; 40 fit
 * 156 mm, and two are kept for fonts whose digits run wide. */
#define TITLE_COLS 38
#define NCOL 9
/* A cell's left and right margins (twips). */
#define CELL_MAR 57

/* Tenths of an em as twips at font size hp (half-points), with the
 * cell's margins and a little room. */
static int twips(int tenths, int hp)
{
    return tenths * hp + 2 * CELL_MAR + 40;
}

/* DOS date 1980-01-01 (year 0 from 1980, month 1, day 1), time 00:00:00. */
#define DOS_DATE ((0u << 9) | (1u << 5) | 1u)
#define DOS_TIME 0u

typedef struct dx {
    const pe_project *p;
    pe_buf *out;
    pe_status st;
    int col;        /* the next grid column of the row being written */
    int grid[NCOL]; /* the 附件1's column widths (twips), from its text */
    int font;       /* its text size, in half-points */
    int landscape;  /* its section is landscape */
} dx;

static void put(dx *D, const char *s, size_t n)
{
    if (D->st == PE_OK)
        D->st = pe_buf_append(D->out, s, n);
}

static void puts_(dx *D, const char *s)
{
    put(D, s, strlen(s));
}

/* ---------------------------------------------------------------- text */

/* s[0..n) as XML character data: & < > " escaped, what XML 1.0 cannot
 * hold dropped, bytes that are not UTF-8 replaced. */
static void xml_chars(dx *D, const char *s, size_t n)
{
    size_t i = 0, run = 0;

    while (i < n && D->st == PE_OK) {
        uint32_t cp;
        size_t k = pe_utf8_decode(s + i, n - i, &cp);
        const char *sub = NULL;

        if (cp == '&')
            sub = "&amp;";
        else if (cp == '<')
            sub = "&lt;";
        else if (cp == '>')
            sub = "&gt;";
        else if (cp == '"')
            sub = "&quot;";
        else if (cp == PE_UTF8_INVALID || cp == 0xFFFE || cp == 0xFFFF)
            sub = "\xEF\xBF\xBD"; /* U+FFFD, as the workbook shows it */
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            sub = ""; /* a control: nothing to see */
        if (sub) {
            put(D, s + run, i - run);
            puts_(D, sub);
            run = i + k;
        }
        i += k;
    }
    put(D, s + run, n - run);
}

/* A run of text: line ends (CRLF, CR, LF) become w:br, tabs w:tab. */
static void run(dx *D, const char *s, int bold)
{
    puts_(D, bold ? "<w:r><w:rPr><w:b/><w:bCs/></w:rPr>" : "<w:r>");
    while (*s) {
        size_t n = strcspn(s, "\r\n\t");

        if (n) {
            puts_(D, "<w:t xml:space=\"preserve\">");
            xml_chars(D, s, n);
            puts_(D, "</w:t>");
        }
        s += n;
        if (*s == '\t') {
            puts_(D, "<w:tab/>");
            s++;
        } else if (*s) {
            puts_(D, "<w:br/>");
            s += s[0] == '\r' && s[1] == '\n' ? 2 : 1;
        }
    }
    puts_(D, "</w:r>");
}

static void para(dx *D, const char *style, const char *text)
{
    puts_(D, "<w:p><w:pPr><w:pStyle w:val=\"");
    puts_(D, style);
    puts_(D, "\"/></w:pPr>");
    if (text[0])
        run(D, text, 0);
    puts_(D, "</w:p>");
}

/* ---------------------------------------------------------------- table */

enum { V_NONE, V_START, V_CONT };
enum { A_LEFT, A_CENTER, A_RIGHT };
#define F_BOLD 1
#define F_TITLE 2 /* the title rows: no borders but the year row's bottom */
#define F_YEAR 4

static void cell(dx *D, int span, int vmerge, int align, int flags,
                 const char *text)
{
    static const char *const jc[] = {"left", "center", "right"};
    char num[64];
    int w = 0;

    for (int k = D->col; k < D->col + span && k < NCOL; k++)
        w += D->grid[k];
    D->col += span;
    snprintf(num, sizeof num,
             "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", w);
    puts_(D, num);
    if (span > 1) {
        snprintf(num, sizeof num, "<w:gridSpan w:val=\"%d\"/>", span);
        puts_(D, num);
    }
    if (vmerge == V_START)
        puts_(D, "<w:vMerge w:val=\"restart\"/>");
    else if (vmerge == V_CONT)
        puts_(D, "<w:vMerge/>");
    if (flags & (F_TITLE | F_YEAR))
        puts_(D, flags & F_TITLE
                     ? "<w:tcBorders><w:top w:val=\"nil\"/><w:left "
                       "w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right "
                       "w:val=\"nil\"/></w:tcBorders>"
                     : "<w:tcBorders><w:top w:val=\"nil\"/><w:left "
                       "w:val=\"nil\"/><w:right w:val=\"nil\"/></w:tcBorders>");
    puts_(D, "<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle "
             "w:val=\"");
    puts_(D, flags & F_TITLE ? "FormTitle" : "TableText");
    puts_(D, "\"/><w:jc w:val=\"");
    puts_(D, jc[align]);
    puts_(D, "\"/></w:pPr>");
    if (text && text[0] && vmerge != V_CONT)
        run(D, text, flags & F_BOLD);
    puts_(D, "</w:p></w:tc>");
}

/* A row never splits across pages; a header row repeats on each. */
static void tr(dx *D, int header)
{
    D->col = 0;
    puts_(D, header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                    : "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
}

static void tr_end(dx *D)
{
    puts_(D, "</w:tr>");
}

/* A template's text, for a cell (b holds it; reset each time). */
static const char *tfill(dx *D, pe_buf *b, int t, ...)
{
    va_list ap;

    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    va_start(ap, t);
    pe_draft_vfill(b, &D->st, t, ap);
    va_end(ap);
    return pe_str(b->data);
}

/*
 * A heading or label in column k, broken before its "及" when the column
 * is narrower than the whole ("偏差原因分析\n及改进措施", "主管部门\n及
 * 代码"): a heading breaks between its words or not at all.  b holds the
 * broken text.
 */
static const char *head_text(dx *D, pe_buf *b, int k, const char *s)
{
    const char *and = strstr(s, "及");
    int tenths = 0;

    if (!and || and == s || D->st != PE_OK)
        return s;
    for (const char *q = s; *q; q++)
        tenths += (*q & 0xC0) != 0x80 ? 10 : 0;
    if (D->grid[k] >= twips(tenths, D->font))
        return s;
    b->len = 0;
    if ((D->st = pe_buf_append(b, s, (size_t)(and-s))) == PE_OK &&
        (D->st = pe_buf_puts(b, "\n")) == PE_OK)
        D->st = pe_buf_puts(b, and);
    return D->st == PE_OK ? b->data : s;
}

static void form_head(dx *D)
{
    const pe_project *p = D->p;
    const char *dept;
    pe_buf b = {0};
    char year[16];

    tr(D, 0);
    cell(D, NCOL, V_NONE, A_CENTER, F_TITLE | F_BOLD,
         pe_draft_tpl(PE_RT_FORM_TITLE));
    tr_end(D);
    tr(D, 0);
    snprintf(year, sizeof year, "%d", p->year);
    cell(D, NCOL, V_NONE, A_CENTER, F_YEAR,
         p->year > 0 ? tfill(D, &b, PE_RT_FORM_YEAR, year, NULL)
                     : pe_draft_tpl(PE_RT_FORM_NO_YEAR));
    tr_end(D);

    tr(D, 0);
    cell(D, 1, V_NONE, A_CENTER, 0, pe_draft_tpl(PE_RT_FORM_NAME));
    cell(D, 8, V_NONE, A_LEFT, 0, pe_str(p->name));
    tr_end(D);
    tr(D, 0);
    cell(D, 1, V_NONE, A_CENTER, 0,
         head_text(D, &b, 0, pe_draft_tpl(PE_RT_FORM_DEPT)));
    b.len = 0;
    if (D->st == PE_OK)
        D->st = pe_dept_text(p, &b, &dept);
    else
        dept = "";
    cell(D, 4, V_NONE, A_LEFT, 0, dept);
    cell(D, 1, V_NONE, A_CENTER, 0, pe_draft_tpl(PE_RT_FORM_UNIT));
    cell(D, 3, V_NONE, A_LEFT, 0, pe_str(p->unit));
    tr_end(D);
    pe_buf_free(&b);
}

static void form_funds(dx *D)
{
    const pe_project *p = D->p;
    const pe_funds *f = &p->funds;
    const int heads[3] = {PE_RT_INITIAL, PE_RT_BUDGET, PE_RT_EXECUTED};
    char a[PE_DEC_BUFSIZE], rate[PE_RATE_BUFSIZE], s[3 * PE_DEC_BUFSIZE];
    pe_buf b = {0};

    if (D->st == PE_OK)
        D->st = pe_funds_head(p, &b);
    tr(D, 0);
    cell(D, 1, V_START, A_CENTER, 0, pe_str(b.data));
    cell(D, 2, V_NONE, A_CENTER, 0, "");
    for (int k = 0; k < 3; k++)
        cell(D, 1, V_NONE, A_CENTER, F_BOLD, pe_draft_tpl(heads[k]));
    cell(D, 1, V_NONE, A_CENTER, F_BOLD, pe_draft_tpl(PE_RT_FORM_WEIGHT));
    cell(D, 1, V_NONE, A_CENTER, F_BOLD, pe_draft_tpl(PE_RT_FORM_RATE));
    cell(D, 1, V_NONE, A_CENTER, F_BOLD, pe_draft_tpl(PE_RT_FORM_SCORE));
    tr_end(D);
    for (size_t i = 0; i <= f->nparts; i++) {
        const pe_fund_row *fr = i ? &f->parts[i - 1] : &f->total;
        const char *label = "";

        if (D->st == PE_OK)
            D->st = pe_fund_label(f, i, &b, &label);
        tr(D, 0);
        cell(D, 1, V_CONT, A_CENTER, 0, "");
        cell(D, 2, V_NONE, A_LEFT, 0, label);
        cell(D, 1, V_NONE, A_RIGHT, 0, pe_money_text(fr->initial, a));
        cell(D, 1, V_NONE, A_RIGHT, 0, pe_money_text(fr->budget, a));
        cell(D, 1, V_NONE, A_RIGHT, 0, pe_money_text(fr->executed, a));
        if (i == 0) {
            cell(D, 1, V_NONE, A_RIGHT, 0,
                 f->weight.present ? pe_fmt_score(p, f->weight.v, a) : "");
            cell(D, 1, V_NONE, A_RIGHT, 0, pe_rate_text(p, rate));
            /* the score as filed: the note under the table gives
             * perfeval's where it differs */
            cell(D, 1, V_NONE, A_RIGHT, 0,
                 pe_draft_filed(p, p->scored && f->has_score, f->score,
                                f->reported, s));
        } else {
            for (int k = 0; k < 3; k++)
                cell(D, 1, V_NONE, A_LEFT, 0, "");
        }
        tr_end(D);
    }
    pe_buf_free(&b);
}

static void form_goals(dx *D)
{
    tr(D, 0);
    cell(D, 1, V_START, A_CENTER, 0, pe_draft_tpl(PE_RT_FORM_GOAL));
    cell(D, 4, V_NONE, A_CENTER, F_BOLD, pe_draft_tpl(PE_RT_FORM_GOAL_TARGET));
    cell(D, 4, V_NONE, A_CENTER, F_BOLD, pe_draft_tpl(PE_RT_FORM_GOAL_ACTUAL));
    tr_end(D);
    tr(D, 0);
    cell(D, 1, V_CONT, A_CENTER, 0, "");
    cell(D, 4, V_NONE, A_LEFT, 0, pe_str(D->p->goal));
    cell(D, 4, V_NONE, A_LEFT, 0, pe_str(D->p->goal_actual));
    tr_end(D);
}

/* A label and its text across the rest of the row. */
static void form_text_row(dx *D, const char *label, const char *text)
{
    tr(D, 0);
    cell(D, 1, V_NONE, A_CENTER, 0, label);
    cell(D, 8, V_NONE, A_LEFT, 0, text);
    tr_end(D);
}

static void form_indicators(dx *D)
{
    const pe_project *p = D->p;
    char w[PE_DEC_BUFSIZE], s[3 * PE_DEC_BUFSIZE];
    pe_group g = {0};
    pe_buf b = {0};

    tr(D, 1);
    cell(D, 1, V_START, A_CENTER, 0, pe_draft_tpl(PE_RT_FORM_IND));
    for (int k = 0; k < PE_IND_COLS; k++)
        cell(D, 1, V_NONE, A_CENTER, F_BOLD,
             head_text(D, &b, 1 + k, pe_ind_heads[k]));
    tr_end(D);
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];
        int have = p->scored && r->has_score;

        /* 一级/二级 merged down their groups, as pe_group_next() groups
         * them for every renderer */
        pe_group_next(&g, r);
        tr(D, 0);
        cell(D, 1, V_CONT, A_CENTER, 0, "");
        cell(D, 1, g.cont1 ? V_CONT : V_START, A_CENTER, 0, pe_str(g.l1));
        cell(D, 1, g.cont2 ? V_CONT : V_START, A_CENTER, 0, pe_str(g.l2));
        cell(D, 1, V_NONE, A_LEFT, 0, pe_str(r->name));
        cell(D, 1, V_NONE, A_LEFT, 0, pe_str(r->target));
        cell(D, 1, V_NONE, A_LEFT, 0, pe_str(r->actual));
        cell(D, 1, V_NONE, A_RIGHT, 0,
             r->weight_set ? pe_fmt_score(p, r->weight, w) : "");
        cell(D, 1, V_NONE, A_RIGHT, 0,
             pe_draft_filed(p, have, r->score, r->reported, s));
        cell(D, 1, V_NONE, A_LEFT, 0, pe_str(r->reason));
        tr_end(D);
    }
    pe_buf_free(&b);
}

static void form_total(dx *D)
{
    const pe_project *p = D->p;
    const char *rep = pe_grade_reported(p);
    char m[PE_DEC_BUFSIZE], t[PE_DEC_BUFSIZE];
    pe_buf b = {0};
    pe_dec max;

    tr(D, 0);
    cell(D, 6, V_NONE, A_CENTER, F_BOLD, pe_draft_tpl(PE_RT_FORM_TOTAL));
    cell(D, 1, V_NONE, A_RIGHT, F_BOLD,
         pe_max_total(p, &max) ? pe_fmt_score(p, max, m) : "");
    cell(D, 1, V_NONE, A_RIGHT, F_BOLD,
         pe_draft_filed(p, p->scored, p->total, p->reported_total, t));
    if (rep || p->grade[0])
        pe_draft_fill(&b, &D->st, PE_RT_FORM_GRADE, rep ? rep : p->grade, NULL);
    cell(D, 1, V_NONE, A_CENTER, F_BOLD, pe_str(b.data));
    tr_end(D);
    pe_buf_free(&b);
}

static void form_remarks(dx *D)
{
    const char *cur = pe_str(D->p->remarks), *text;
    char label[128];
    size_t len;

    while (D->st == PE_OK &&
           pe_remark_next(&cur, label, sizeof label, &text, &len)) {
        pe_buf t = {0};

        D->st = pe_buf_append(&t, text, len);
        form_text_row(D, label[0] ? label : pe_draft_tpl(PE_RT_REMARK_LABEL),
                      pe_str(t.data));
        pe_buf_free(&t);
    }
}

/* Under the table: where the score the table wrote (which the cell
 * holds, so that the 附件1 reads back as filed) is not perfeval's, both. */
static void score_note(dx *D, const char *name, int have, pe_dec final,
                       pe_opt_dec reported)
{
    char a[PE_DEC_BUFSIZE], b[PE_DEC_BUFSIZE];
    pe_buf t = {0};

    if (!have || !reported.present || pe_dec_cmp(final, reported.v) == 0)
        return;
    para(D, "TableNote",
         tfill(D, &t, PE_RT_FORM_SCORE_DIFF, name,
               pe_fmt_score(D->p, reported.v, b), pe_fmt_score(D->p, final, a),
               NULL));
    pe_buf_free(&t);
}

/* ---------------------------------------------------------------- widths */

/*
 * The 附件1's column widths, from its text, so that a number never wraps
 * ("100.00", "59.93%") and a heading or label breaks, if at all, only
 * where a person would break it: each column is at least as wide as its
 * headings, labels and numbers, whole; what the text width leaves goes
 * first to the columns that lack least (short names on one line), the
 * rest shared among the long texts.  Widths are counted in tenths of an
 * em: a CJK character is 10; a Latin letter or digit 6, for the fonts a
 * machine without 宋体 takes, whose digits run wider than half an em.
 */
typedef struct colw {
    int min[NCOL], nat[NCOL]; /* tenths of an em */
} colw;

/* The widest line of s[0..n), and its longest run of Latin letters and
 * digits (a number, a word), in tenths of an em. */
static int ems(const char *s, size_t n, int *run_out)
{
    int w = 0, best = 0, run = 0, longest = 0;

    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = pe_utf8_decode(s + i, n - i, &cp);
        int cw = pe_codepoint_width(cp, 0);

        if (cp == '\n' || cp == '\r') {
            w = 0;
            run = 0;
        } else if (cp > ' ' && cp < 0x7F) {
            w += 6;
            run += 6;
        } else {
            w += cw > 0 ? 5 * cw : 0;
            run = 0;
        }
        if (w > best)
            best = w;
        if (run > longest)
            longest = run;
        i += k;
    }
    if (run_out)
        *run_out = longest;
    return best;
}

static void need(colw *c, int k, const char *s, int whole)
{
    const char *and = whole == 2 ? strstr(s, "及") : NULL;
    int run, w = ems(s, strlen(s), &run);

    /* a heading: whole, or in two at its "及" (head_text()) */
    if (and&&and != s) {
        int a = ems(s, (size_t)(and-s), NULL), b = ems(and, strlen(and), NULL);

        if (w > c->nat[k])
            c->nat[k] = w;
        w = a > b ? a : b;
        if (w > c->min[k])
            c->min[k] = w;
        return;
    }
    if (w > c->nat[k])
        c->nat[k] = w;
    /* text wraps, but not inside a number or a Latin word (up to 20) */
    if (!whole)
        w = run < 120 ? run : 120;
    if (w > c->min[k])
        c->min[k] = w;
}

static void measure_form(const pe_project *p, colw *c)
{
    static const int heads[] = {PE_RT_FORM_NAME, PE_RT_FORM_DEPT,
                                PE_RT_FORM_GOAL, PE_RT_FORM_IND,
                                PE_RT_NOTE_LABEL};
    char a[PE_DEC_BUFSIZE], rate[PE_RATE_BUFSIZE];
    pe_buf b = {0};
    pe_dec max;

    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < NELEMS(heads); i++)
        need(c, 0, pe_draft_tpl(heads[i]), 2);
    if (pe_funds_head(p, &b) == PE_OK)
        need(c, 0, pe_str(b.data), 1);
    pe_buf_free(&b);
    need(c, 5, pe_draft_tpl(PE_RT_FORM_UNIT), 1);
    for (int k = 0; k < PE_IND_COLS; k++)
        need(c, 1 + k, pe_ind_heads[k], 2);
    if (p->funds.present) {
        const pe_funds *f = &p->funds;
        const int fh[6] = {PE_RT_INITIAL,   PE_RT_BUDGET,
                           PE_RT_EXECUTED,  PE_RT_FORM_WEIGHT,
                           PE_RT_FORM_RATE, PE_RT_FORM_SCORE};

        for (int k = 0; k < 6; k++)
            need(c, 3 + k, pe_draft_tpl(fh[k]), 1);
        for (size_t i = 0; i <= f->nparts; i++) {
            const pe_fund_row *fr = i ? &f->parts[i - 1] : &f->total;

            need(c, 3, pe_money_text(fr->initial, a), 1);
            need(c, 4, pe_money_text(fr->budget, a), 1);
            need(c, 5, pe_money_text(fr->executed, a), 1);
        }
        if (f->weight.present)
            need(c, 6, pe_fmt_score(p, f->weight.v, a), 1);
        need(c, 7, pe_rate_text(p, rate), 1);
        need(c, 8,
             pe_draft_filed(p, p->scored && f->has_score, f->score, f->reported,
                            a),
             1);
    }
    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *r = &p->ind[i];

        need(c, 1, pe_str(r->level1),
             pe_text_width(pe_str(r->level1), 0) <= 12);
        need(c, 2, pe_str(r->level2),
             pe_text_width(pe_str(r->level2), 0) <= 12);
        need(c, 3, pe_str(r->name), 0);
        need(c, 4, pe_str(r->target), 0);
        need(c, 5, pe_str(r->actual), 0);
        if (r->weight_set)
            need(c, 6, pe_fmt_score(p, r->weight, a), 1);
        need(c, 7,
             pe_draft_filed(p, p->scored && r->has_score, r->score, r->reported,
                            a),
             1);
        need(c, 8, pe_str(r->reason), 0);
    }
    if (pe_max_total(p, &max))
        need(c, 6, pe_fmt_score(p, max, a), 1);
    need(c, 7, pe_draft_filed(p, p->scored, p->total, p->reported_total, a), 1);
}

/* The grid for text width W at font size hp: 0 when the columns' least
 * widths do not fit; 2 when every short text (up to 10 characters: a
 * name, a target) is on one line; else 1. */
static int fit(const colw *c, int hp, int W, int grid[NCOL])
{
    int all_short = 1;
    long lack[NCOL], extra = W, wide = 0;
    int order[NCOL], left = 0;

    for (int k = 0; k < NCOL; k++) {
        grid[k] = twips(c->min[k] > 20 ? c->min[k] : 20, hp);
        extra -= grid[k];
        lack[k] = c->nat[k] > c->min[k] ? twips(c->nat[k], hp) - grid[k] : 0;
        if (lack[k] > 0)
            order[left++] = k;
    }
    if (extra < 0)
        return 0;
    /* the least lack first: each takes what it lacks, or its share */
    for (int i = 1; i < left; i++)
        for (int j = i; j > 0 && lack[order[j]] < lack[order[j - 1]]; j--) {
            int t = order[j];

            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (int i = 0; i < left; i++) {
        int k = order[i];
        long share = extra / (left - i),
             add = lack[k] < share ? lack[k] : share;

        grid[k] += (int)add;
        extra -= add;
        if (add < lack[k] && c->nat[k] <= 100)
            all_short = 0;
    }
    /* all on one line and room to spare: to the widest texts */
    for (int k = 0; k < NCOL; k++)
        wide += c->nat[k];
    for (int k = 0; k < NCOL && wide > 0; k++)
        grid[k] += (int)(extra * c->nat[k] / wide);
    for (int k = 0; k < NCOL; k++)
        W -= grid[k];
    grid[NCOL - 1] += W > 0 ? W : 0;
    return all_short ? 2 : 1;
}

/* Landscape unless the form's text fits the portrait page unwrapped; 五号
 * if the short texts are on one line at it, else 小五; 六号 only when the
 * numbers and headings are not whole at 小五. */
static void layout(dx *D)
{
    static const int sizes[] = {21, 18, 15};
    int W;
    colw c;
    long nat = 0;

    measure_form(D->p, &c);
    for (int k = 0; k < NCOL; k++)
        nat += twips(c.nat[k] > c.min[k] ? c.nat[k] : c.min[k], sizes[0]);
    D->landscape = nat > TEXT_W;
    W = D->landscape ? LAND_W : TEXT_W;
    for (size_t i = 0; i < NELEMS(sizes); i++) {
        D->font = sizes[i];
        if (fit(&c, sizes[i], W, D->grid) >= (i == 0 ? 2 : 1))
            return;
    }
    /* too wide at any size: columns as wide as the page allows, in
     * proportion to their least widths */
    {
        long sum = 0;

        for (int k = 0; k < NCOL; k++)
            sum += twips(c.min[k], D->font);
        for (int k = 0; k < NCOL; k++)
            D->grid[k] = (int)(twips(c.min[k], D->font) * (long)W / sum);
    }
}

/* ---------------------------------------------------------------- form */

static void tbl_open(dx *D, int bottom)
{
    char col[64];

    puts_(D, "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc "
             "w:val=\"center\"/><w:tblBorders>"
             "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>");
    puts_(D, bottom ? "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
                      "w:color=\"000000\"/>"
                    : "<w:bottom w:val=\"nil\"/>");
    puts_(D, "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>"
             "<w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" "
             "w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
    for (int k = 0; k < NCOL; k++) {
        snprintf(col, sizeof col, "<w:gridCol w:w=\"%d\"/>", D->grid[k]);
        puts_(D, col);
    }
    puts_(D, "</w:tblGrid>");
}

/*
 * The form as two tables one under the other: the head (title, project,
 * funds, goals, 说明), then the indicators from their header row, which
 * Word and LibreOffice repeat on every page the indicators run to (a
 * table repeats only its first rows).  A paragraph of no height between
 * them keeps them apart; docx_read.c reads them back as one table.
 */
static void form(dx *D)
{
    const pe_project *p = D->p;

    tbl_open(D, 0);
    form_head(D);
    if (p->funds.present)
        form_funds(D);
    if (pe_has_goals(p))
        form_goals(D);
    /* 说明 is part of the form as filed */
    if (pe_str(p->note)[0])
        form_text_row(D, pe_draft_tpl(PE_RT_NOTE_LABEL), p->note);
    puts_(D, "</w:tbl><w:p><w:pPr><w:pStyle w:val=\"TableJoin\"/></w:pPr>"
             "</w:p>");
    tbl_open(D, 1);
    form_indicators(D);
    form_total(D);
    form_remarks(D);
    puts_(D, "</w:tbl>");

    if (p->funds.present)
        score_note(D, pe_draft_tpl(PE_RT_FORM_FUNDS_NAME),
                   p->scored && p->funds.has_score, p->funds.score,
                   p->funds.reported);
    for (size_t i = 0; i < p->nind; i++)
        score_note(D, pe_str(p->ind[i].name), p->scored && p->ind[i].has_score,
                   p->ind[i].score, p->ind[i].reported);
    score_note(D, pe_draft_tpl(PE_RT_FORM_TOTAL), p->scored, p->total,
               p->reported_total);
    if (pe_grade_reported(p)) {
        pe_buf t = {0};

        para(D, "TableNote",
             tfill(D, &t, PE_RT_FORM_GRADE_DIFF, pe_grade_reported(p), p->grade,
                   NULL));
        pe_buf_free(&t);
    }
    /* Word wants a paragraph after a table that ends the body */
    puts_(D, "<w:p/>");
}

/* ---------------------------------------------------------------- parts */

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
    "<Override PartName=\"/word/fontTable.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/word/footer2.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "</Types>";

static const char RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

static const char DOC_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/footer\" Target=\"footer1.xml\"/>"
    "<Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/footer\" Target=\"footer2.xml\"/>"
    "<Relationship Id=\"rId4\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/settings\" Target=\"settings.xml\"/>"
    "<Relationship Id=\"rId5\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/fontTable\" Target=\"fontTable.xml\"/>"
    "</Relationships>";

/*
 * As GB/T 9704-2012 sets them: the text 3号仿宋 (16 pt) on the page's grid
 * of 22 lines, its paragraphs indented two characters; the title 2号小标宋
 * (22 pt; 黑体 where the font is missing, fontTable.xml); 一级 headings
 * 3号黑体, 二级 3号楷体; the 落款 right, four characters in; "附件1" 3号黑体
 * at the top left of its page.  The 附件1 in 宋体, at the size layout()
 * chose.  The Latin names stand beside the Chinese ones (w:eastAsia) for
 * systems that know the fonts by those.
 */
typedef struct pstyle {
    const char *id, *name, *based, *next;
    const char *ppr; /* inside w:pPr */
    const char *latin, *zh;
    int size;        /* half-points; 0 for the one it is based on */
    const char *rpr; /* more inside w:rPr, or NULL */
} pstyle;

/* "off the page's grid": a title, a footer, a table */
#define NOGRID "<w:snapToGrid w:val=\"0\"/>"
#define INDENT2 "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>"

static const pstyle pstyles[] = {
    /* 28 characters to the line: 0.25 pt tighter (see PAGE_W) */
    {"Normal", "Normal", NULL, NULL, "<w:jc w:val=\"both\"/>", "FangSong",
     "仿宋", 32, "<w:spacing w:val=\"-5\"/>"},
    {"Title", "Title", "Normal", "Normal",
     NOGRID "<w:spacing w:before=\"0\" w:after=\"579\" w:line=\"700\" "
            "w:lineRule=\"exact\"/><w:jc w:val=\"center\"/>",
     "FZXiaoBiaoSong-B05S", "方正小标宋简体", 44, NULL},
    {"Heading1", "heading 1", "Normal", "BodyText",
     "<w:keepNext/>" INDENT2 "<w:outlineLvl w:val=\"0\"/>", "SimHei", "黑体",
     32, NULL},
    {"Heading2", "heading 2", "Normal", "BodyText",
     "<w:keepNext/>" INDENT2 "<w:outlineLvl w:val=\"1\"/>", "KaiTi", "楷体", 32,
     NULL},
    {"BodyText", "Body Text", "Normal", NULL, INDENT2, NULL, NULL, 0, NULL},
    {"Signature", "Signature", "Normal", NULL,
     "<w:ind w:rightChars=\"400\" w:right=\"1280\"/><w:jc w:val=\"right\"/>",
     NULL, NULL, 0, NULL},
    {"AnnexLabel", "Annex Label", "Normal", NULL, "<w:jc w:val=\"left\"/>",
     "SimHei", "黑体", 32, NULL},
    {"Footer", "footer", "Normal", NULL,
     NOGRID "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/>", "SimSun", "宋体",
     28, NULL},
    {"TableJoin", "Table Join", "Normal", NULL,
     NOGRID "<w:spacing w:line=\"20\" w:lineRule=\"exact\"/>", NULL, NULL, 2,
     NULL},
    /* the 附件1's, at the size layout() chose (size -1) */
    {"TableText", "Table Text", "Normal", NULL,
     NOGRID "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/>", "SimSun", "宋体",
     -1, NULL},
    {"TableNote", "Table Note", "TableText", NULL,
     "<w:spacing w:before=\"120\"/>", NULL, NULL, -1, NULL},
    {"FormTitle", "Form Title", "Normal", NULL,
     NOGRID "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/>"
            "<w:jc w:val=\"center\"/>",
     "SimHei", "黑体", 32, NULL},
};

static void fonts(dx *D, const char *latin, const char *zh)
{
    puts_(D, "<w:rFonts w:ascii=\"");
    puts_(D, latin);
    puts_(D, "\" w:hAnsi=\"");
    puts_(D, latin);
    puts_(D, "\" w:eastAsia=\"");
    puts_(D, zh);
    puts_(D, "\" w:cs=\"");
    puts_(D, latin);
    puts_(D, "\"/>");
}

static void size(dx *D, int hp)
{
    char sz[80];

    snprintf(sz, sizeof sz, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", hp,
             hp);
    puts_(D, sz);
}

/*
 * styles.xml, as GB/T 9704-2012 sets the text: 3号仿宋 (16 pt) on the
 * page's grid of 22 lines, paragraphs indented two characters; the title
 * 2号小标宋 (22 pt; 黑体 where the font is missing, fontTable.xml); 一级
 * headings 3号黑体, 二级 3号楷体; the 落款 right, four characters in;
 * "附件1" 3号黑体 at the top left of its page.  The 附件1 in 宋体 at the
 * size layout() chose.  The Latin names stand beside the Chinese ones
 * (w:eastAsia) for systems that know the fonts by those.
 */
static void styles_xml(dx *D)
{
    puts_(D, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/"
             "wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault>"
             "<w:rPr>");
    fonts(D, "FangSong", "仿宋");
    size(D, 32);
    puts_(D, "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>"
             "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
             "<w:spacing w:after=\"0\" w:line=\"579\" w:lineRule=\"exact\"/>"
             "</w:pPr></w:pPrDefault></w:docDefaults>");
    for (size_t i = 0; i < NELEMS(pstyles); i++) {
        const pstyle *y = &pstyles[i];

        puts_(D, i == 0 ? "<w:style w:type=\"paragraph\" w:default=\"1\" "
                          "w:styleId=\""
                        : "<w:style w:type=\"paragraph\" w:styleId=\"");
        puts_(D, y->id);
        puts_(D, "\"><w:name w:val=\"");
        puts_(D, y->name);
        puts_(D, "\"/>");
        if (y->based) {
            puts_(D, "<w:basedOn w:val=\"");
            puts_(D, y->based);
            puts_(D, "\"/>");
        }
        if (y->next) {
            puts_(D, "<w:next w:val=\"");
            puts_(D, y->next);
            puts_(D, "\"/>");
        }
        puts_(D, "<w:qFormat/><w:pPr>");
        puts_(D, y->ppr);
        puts_(D, "</w:pPr>");
        if (y->latin || y->size || y->rpr) {
            puts_(D, "<w:rPr>");
            if (y->latin)
                fonts(D, y->latin, y->zh);
            if (y->rpr)
                puts_(D, y->rpr);
            if (y->size)
                size(D, y->size < 0 ? D->font : y->size);
            puts_(D, "</w:rPr>");
        }
        puts_(D, "</w:style>");
    }
    puts_(D, "<w:style w:type=\"table\" w:default=\"1\" "
             "w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
             "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
             "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" "
             "w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/>"
             "<w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
             "</w:style></w:styles>");
}

/* 小标宋 is not on every machine: Word and LibreOffice take 黑体 for it. */
static const char FONT_TABLE[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:fonts "
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:font w:name=\"方正小标宋简体\"><w:altName w:val=\"黑体\"/>"
    "<w:charset w:val=\"86\"/><w:family w:val=\"script\"/>"
    "<w:pitch w:val=\"variable\"/></w:font>"
    "<w:font w:name=\"FZXiaoBiaoSong-B05S\"><w:altName w:val=\"SimHei\"/>"
    "<w:charset w:val=\"86\"/><w:family w:val=\"script\"/>"
    "<w:pitch w:val=\"variable\"/></w:font>"
    "</w:fonts>";

/* Odd and even pages number differently (GB/T 9704 7.5). */
static const char SETTINGS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:settings "
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:evenAndOddHeaders/><w:defaultTabStop w:val=\"640\"/>"
    "</w:settings>";

/*
 * The page number, 4号 half-width 宋体 between 一字线 ("— 1 —"): on odd
 * pages right, on even pages left, one character in (GB/T 9704 7.5).
 */
#define FOOTER_XML(jc, ind)                                                    \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"          \
    "<w:ftr "                                                                  \
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"       \
    "main\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:ind " ind               \
    "/><w:jc w:val=\"" jc "\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— "  \
    "</w:t></w:r><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r>"      \
    "</w:fldSimple><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p>"    \
    "</w:ftr>"
static const char FOOTER_ODD[] =
    FOOTER_XML("right", "w:rightChars=\"100\" w:right=\"280\"");
static const char FOOTER_EVEN[] =
    FOOTER_XML("left", "w:leftChars=\"100\" w:left=\"280\"");

/* ---------------------------------------------------------------- document */

/* A section's page: portrait for the text, the 附件1's as layout() chose
 * (landscape turns the page, its margins with it).  Both number their
 * pages in the footer, odd and even apart. */
static void section(dx *D, int landscape, int next_page)
{
    char sect[512];

    snprintf(sect, sizeof sect,
             "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId2\"/>"
             "<w:footerReference w:type=\"even\" r:id=\"rId3\"/>%s"
             "<w:pgSz w:w=\"%d\" w:h=\"%d\"%s/><w:pgMar w:top=\"%d\" "
             "w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"851\" "
             "w:footer=\"%d\" w:gutter=\"0\"/>",
             next_page ? "<w:type w:val=\"nextPage\"/>" : "",
             landscape ? PAGE_H : PAGE_W, landscape ? PAGE_W : PAGE_H,
             landscape ? " w:orient=\"landscape\"" : "",
             landscape ? MAR_LEFT : MAR_TOP, landscape ? MAR_BOTTOM : MAR_RIGHT,
             landscape ? MAR_RIGHT : MAR_BOTTOM, landscape ? MAR_TOP : MAR_LEFT,
             FOOTER);
    puts_(D, sect);
    if (next_page)
        puts_(D, "<w:docGrid w:type=\"lines\" w:linePitch=\"312\"/>");
    else {
        snprintf(sect, sizeof sect,
                 "<w:docGrid w:type=\"lines\" w:linePitch=\"%d\"/>",
                 LINE_PITCH);
        puts_(D, sect);
    }
    puts_(D, "</w:sectPr>");
}

/*
 * The title in lines of at most TITLE_COLS columns, none left with a
 * character or two alone: on one line if it fits; else with its last
 * words ("绩效自评报告") on their own line if the rest fits one; else cut
 * into lines of about equal width, never inside a number or a Latin
 * word.  Lines are joined by '\n' (a w:br).
 */
static void title_lines(const char *s, pe_buf *out, pe_status *st)
{
    static const char tail[] = "绩效自评报告";
    size_t len = strlen(s), tl = sizeof tail - 1;
    int w = pe_display_width(s, len, 0), lines, acc = 0;
    uint32_t prev = 0;

    if (*st != PE_OK)
        return;
    if (w <= TITLE_COLS) {
        *st = pe_buf_puts(out, s);
        return;
    }
    if (len > tl && strcmp(s + len - tl, tail) == 0 &&
        pe_display_width(s, len - tl, 0) <= TITLE_COLS) {
        if ((*st = pe_buf_append(out, s, len - tl)) == PE_OK &&
            (*st = pe_buf_puts(out, "\n")) == PE_OK)
            *st = pe_buf_puts(out, tail);
        return;
    }
    lines = (w + TITLE_COLS - 1) / TITLE_COLS;
    for (size_t i = 0; i < len && *st == PE_OK;) {
        uint32_t cp;
        size_t k = pe_utf8_decode(s + i, len - i, &cp);
        int cw = pe_codepoint_width(cp, 0);
        int latin = cp > ' ' && cp < 0x7F && prev > ' ' && prev < 0x7F;

        /* a line ends where it passes its share of the width */
        if (acc > 0 && !latin && acc + cw > (w + lines - 1) / lines) {
            *st = pe_buf_puts(out, "\n");
            acc = 0;
        }
        if (*st == PE_OK)
            *st = pe_buf_append(out, s + i, k);
        acc += cw;
        prev = cp;
        i += k;
    }
}

static void document(dx *D, const pe_draft *r)
{
    puts_(D, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
             "wordprocessingml/2006/main\" "
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
             "2006/relationships\"><w:body>");
    for (size_t i = 0; i < r->n && D->st == PE_OK; i++) {
        const char *s = pe_draft_text(r, i);

        switch (r->b[i].kind) {
        case PE_RB_TITLE: {
            pe_buf t = {0};

            title_lines(s, &t, &D->st);
            para(D, "Title", pe_str(t.data));
            pe_buf_free(&t);
            break;
        }
        case PE_RB_H1:
            para(D, "Heading1", s);
            break;
        case PE_RB_H2:
            para(D, "Heading2", s);
            break;
        case PE_RB_PARA:
        case PE_RB_ITEM:
            para(D, "BodyText", s);
            break;
        case PE_RB_SIGN:
            /* a blank line between the text and the 落款 */
            if (i > 0 && r->b[i - 1].kind != PE_RB_SIGN)
                para(D, "Normal", "");
            para(D, "Signature", s);
            break;
        case PE_RB_ANNEX:
            /* the text's section ends; the 附件1 starts a page of its own,
             * "附件1" at its top left */
            puts_(D, "<w:p><w:pPr>");
            section(D, 0, 0);
            puts_(D, "</w:pPr></w:p>");
            para(D, "AnnexLabel", pe_draft_tpl(PE_RT_ANNEX_LABEL));
            form(D);
            break;
        }
    }
    section(D, D->landscape, 1);
    puts_(D, "</w:body></w:document>");
}

/* ---------------------------------------------------------------- zip */

typedef struct part {
    const char *name;
    const char *data;
    size_t len;
} part;

static pe_status zip_status(zip_error_t *ze)
{
    return zip_error_code_zip(ze) == ZIP_ER_MEMORY ? PE_ENOMEM : PE_EIO;
}

/* The parts zipped into out, in this order, each stamped with the same
 * DOS time. */
static pe_status zip_parts(const part *parts, size_t n, pe_buf *out,
                           pe_error *err, const char *path)
{
    zip_error_t ze;
    zip_source_t *mem, *src;
    zip_stat_t zs;
    zip_t *za;
    pe_status st = PE_OK;

    zip_error_init(&ze);
    if (!(mem = zip_source_buffer_create(NULL, 0, 0, &ze))) {
        st = zip_status(&ze);
        goto fail;
    }
    if (!(za = zip_open_from_source(mem, ZIP_CREATE | ZIP_TRUNCATE, &ze))) {
        st = zip_status(&ze);
        zip_source_free(mem); /* still ours (libzip's in-memory.c example) */
        goto fail;
    }
    zip_source_keep(mem); /* zip_close() must leave it to us */
    for (size_t i = 0; i < n; i++) {
        zip_int64_t idx;

        if (!(src = zip_source_buffer(za, parts[i].data, parts[i].len, 0)) ||
            (idx = zip_file_add(za, parts[i].name, src, ZIP_FL_ENC_UTF_8)) <
                0 ||
            zip_file_set_dostime(za, (zip_uint64_t)idx, DOS_TIME, DOS_DATE, 0) <
                0) {
            if (src && zip_get_num_entries(za, 0) <= (zip_int64_t)i)
                zip_source_free(src);
            zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
            st = zip_status(&ze);
            zip_discard(za);
            zip_source_free(mem);
            goto fail;
        }
    }
    if (zip_close(za) < 0) {
        zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
        st = zip_status(&ze);
        zip_discard(za);
        zip_source_free(mem);
        goto fail;
    }
    if (zip_source_stat(mem, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE) ||
        zip_source_open(mem) < 0) {
        zip_error_set(&ze, ZIP_ER_INTERNAL, 0);
        st = PE_EIO;
        zip_source_free(mem);
        goto fail;
    }
    for (zip_uint64_t got = 0; st == PE_OK && got < zs.size;) {
        char buf[16384];
        zip_int64_t k = zip_source_read(mem, buf, sizeof buf);

        if (k <= 0) {
            zip_error_set(&ze, ZIP_ER_READ, 0);
            st = PE_EIO;
            break;
        }
        st = pe_buf_append(out, buf, (size_t)k);
        got += (zip_uint64_t)k;
    }
    zip_source_close(mem);
    zip_source_free(mem);
fail:
    if (st == PE_ENOMEM)
        pe_error_set(err, path, 0, 0, "out of memory");
    else if (st != PE_OK)
        pe_error_set(err, path, 0, 0, "cannot write: %s",
                     zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return st;
}

pe_status pe_render_report_docx(const pe_project *p, const char *path,
                                pe_error *err)
{
    return pe_render_report_docx_unit(p, NULL, path, err);
}

pe_status pe_render_report_docx_unit(const pe_project *p, const pe_unit *u,
                                     const char *path, pe_error *err)
{
    pe_draft r;
    pe_buf doc = {0}, zip = {0}, styles = {0};
    dx D;
    pe_status st;

    if (!p || !path || !path[0] || strcmp(path, "-") == 0) {
        pe_error_set(err, path && path[0] ? path : "-", 0, 0,
                     "a Word document needs a file to write to (-o FILE)");
        return PE_EUSAGE;
    }
    if (!p->scored) {
        pe_error_set(err, path, 0, 0, "the table is not scored");
        return PE_EUSAGE;
    }
    if ((st = pe_draft_build(p, u, &r)) == PE_OK) {
        D.p = p;
        D.out = &doc;
        D.st = PE_OK;
        D.col = 0;
        layout(&D);
        document(&D, &r);
        D.out = &styles;
        styles_xml(&D);
        st = D.st;
    }
    pe_draft_free(&r);
    if (st != PE_OK) {
        pe_error_set(err, path, 0, 0, "out of memory");
    } else {
        const part parts[] = {
            {"[Content_Types].xml", CONTENT_TYPES, sizeof CONTENT_TYPES - 1},
            {"_rels/.rels", RELS, sizeof RELS - 1},
            {"word/document.xml", doc.data, doc.len},
            {"word/_rels/document.xml.rels", DOC_RELS, sizeof DOC_RELS - 1},
            {"word/styles.xml", styles.data, styles.len},
            {"word/settings.xml", SETTINGS, sizeof SETTINGS - 1},
            {"word/fontTable.xml", FONT_TABLE, sizeof FONT_TABLE - 1},
            {"word/footer1.xml", FOOTER_ODD, sizeof FOOTER_ODD - 1},
            {"word/footer2.xml", FOOTER_EVEN, sizeof FOOTER_EVEN - 1}};

        st = zip_parts(parts, NELEMS(parts), &zip, err, path);
    }
    pe_buf_free(&doc);
    pe_buf_free(&styles);
    /* the whole file is in memory: the target sees it in one piece, or
     * not at all */
    if (st == PE_OK)
        st = pe_io_write_atomic(path, zip.data, zip.len, err);
    pe_buf_free(&zip);
    return st;
}
