/*
 * The 绩效自评报告 as a Word document (perfeval.h, pe_render_report_docx):
 * the blocks of report.c as WordprocessingML paragraphs, and the 附件1 as
 * a Word table laid out as the xlsx renderer lays out the form (nine
 * columns: A the block labels, B..I 一级指标 .. 偏差原因分析及改进措施),
 * so that docx_read.c and form_load.c read it back as they read a form.
 *
 * The package is the least Word and LibreOffice need: [Content_Types].xml,
 * the relationships, document.xml and styles.xml.  It is zipped in memory
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

/* The page: A4 portrait, 2.54 cm margins; the table fills the text
 * width, 9026 twips. */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN 1440
#define NCOL 9
static const int grid[NCOL] = {1000, 900, 900,  1150, 1000,
                               1000, 820, 1000, 1256};

/* DOS date 1980-01-01 (year 0 from 1980, month 1, day 1), time 00:00:00. */
#define DOS_DATE ((0u << 9) | (1u << 5) | 1u)
#define DOS_TIME 0u

typedef struct dx {
    const pe_project *p;
    pe_buf *out;
    pe_status st;
    int col; /* the next grid column of the row being written */
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
        else if (cp == PE_UTF8_INVALID)
            sub = "\xEF\xBF\xBD"; /* U+FFFD */
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFE ||
                 cp == 0xFFFF)
            sub = "";
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
        w += grid[k];
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

static void tr(dx *D, int header)
{
    D->col = 0;
    puts_(D, header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                    : "<w:tr>");
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

static void form_head(dx *D)
{
    const pe_project *p = D->p;
    const char *dept;
    pe_buf b = {0};
    char year[16];

    tr(D, 1);
    cell(D, NCOL, V_NONE, A_CENTER, F_TITLE | F_BOLD,
         pe_draft_tpl(PE_RT_FORM_TITLE));
    tr_end(D);
    tr(D, 1);
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
    cell(D, 1, V_NONE, A_CENTER, 0, pe_draft_tpl(PE_RT_FORM_DEPT));
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

    tr(D, 0);
    cell(D, 1, V_START, A_CENTER, 0, pe_draft_tpl(PE_RT_FORM_IND));
    for (int k = 0; k < PE_IND_COLS; k++)
        cell(D, 1, V_NONE, A_CENTER, F_BOLD, pe_ind_heads[k]);
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

static void form(dx *D)
{
    const pe_project *p = D->p;
    char col[64];

    puts_(D, "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc "
             "w:val=\"center\"/><w:tblBorders>"
             "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
             "w:color=\"000000\"/>"
             "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>"
             "<w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" "
             "w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
    for (int k = 0; k < NCOL; k++) {
        snprintf(col, sizeof col, "<w:gridCol w:w=\"%d\"/>", grid[k]);
        puts_(D, col);
    }
    puts_(D, "</w:tblGrid>");
    form_head(D);
    if (p->funds.present)
        form_funds(D);
    if (pe_has_goals(p))
        form_goals(D);
    /* 说明 is part of the form as filed */
    if (pe_str(p->note)[0])
        form_text_row(D, pe_draft_tpl(PE_RT_NOTE_LABEL), p->note);
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
    "</Relationships>";

/* As Chinese official documents set them (GB/T 9704): 仿宋 for the text
 * (小四, 12 pt), 黑体 for the title (二号, 22 pt) and the first headings
 * (三号, 16 pt), 楷体 for the second (四号, 14 pt); the 附件1 in 宋体 五号
 * (10.5 pt), as the form is printed.  The Latin names stand beside the
 * Chinese ones (w:eastAsia) for systems that know the fonts by those. */
static const char STYLES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles "
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"SimSun\" w:hAnsi=\"SimSun\" w:eastAsia=\"宋体\" "
    "w:cs=\"SimSun\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>"
    "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>"
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    "<w:spacing w:after=\"0\" w:line=\"360\" w:lineRule=\"auto\"/>"
    "</w:pPr></w:pPrDefault></w:docDefaults>"

    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"both\"/>"
    "</w:pPr><w:rPr><w:rFonts w:ascii=\"SimSun\" w:hAnsi=\"SimSun\" "
    "w:eastAsia=\"宋体\" w:cs=\"SimSun\"/><w:sz w:val=\"24\"/>"
    "<w:szCs w:val=\"24\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"Title\">"
    "<w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>"
    "<w:spacing w:before=\"240\" w:after=\"360\"/><w:jc w:val=\"center\"/>"
    "</w:pPr><w:rPr><w:rFonts w:ascii=\"SimHei\" w:hAnsi=\"SimHei\" "
    "w:eastAsia=\"黑体\" w:cs=\"SimHei\"/><w:sz w:val=\"44\"/>"
    "<w:szCs w:val=\"44\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\">"
    "<w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr><w:keepNext/>"
    "<w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>"
    "</w:pPr><w:rPr><w:rFonts w:ascii=\"SimHei\" w:hAnsi=\"SimHei\" "
    "w:eastAsia=\"黑体\" w:cs=\"SimHei\"/><w:sz w:val=\"32\"/>"
    "<w:szCs w:val=\"32\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\">"
    "<w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr><w:keepNext/>"
    "<w:spacing w:before=\"120\" w:after=\"60\"/><w:outlineLvl w:val=\"1\"/>"
    "</w:pPr><w:rPr><w:rFonts w:ascii=\"KaiTi\" w:hAnsi=\"KaiTi\" "
    "w:eastAsia=\"楷体\" w:cs=\"KaiTi\"/><w:sz w:val=\"28\"/>"
    "<w:szCs w:val=\"28\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"BodyText\">"
    "<w:name w:val=\"Body Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>"
    "<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"480\"/></w:pPr>"
    "<w:rPr><w:rFonts w:ascii=\"FangSong\" w:hAnsi=\"FangSong\" "
    "w:eastAsia=\"仿宋\" w:cs=\"FangSong\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"TableText\">"
    "<w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:pPr>"
    "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr>"
    "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"FormTitle\">"
    "<w:name w:val=\"Form Title\"/><w:basedOn w:val=\"Normal\"/><w:pPr>"
    "<w:jc w:val=\"center\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"SimHei\" "
    "w:hAnsi=\"SimHei\" w:eastAsia=\"黑体\" w:cs=\"SimHei\"/>"
    "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"TableNote\">"
    "<w:name w:val=\"Table Note\"/><w:basedOn w:val=\"Normal\"/><w:rPr>"
    "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>"

    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
    "<w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" "
    "w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
    "<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" "
    "w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>"
    "</w:tblPr></w:style>"
    "</w:styles>";

/* ---------------------------------------------------------------- document */

static void document(dx *D, const pe_draft *r)
{
    char sect[256];

    puts_(D, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
             "wordprocessingml/2006/main\" "
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
             "2006/relationships\"><w:body>");
    for (size_t i = 0; i < r->n && D->st == PE_OK; i++) {
        const char *s = pe_draft_text(r, i);

        switch (r->b[i].kind) {
        case PE_RB_TITLE:
            para(D, "Title", s);
            break;
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
        case PE_RB_ANNEX:
            /* the 附件1 starts a page */
            puts_(D, "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
            para(D, "Heading1", s);
            form(D);
            break;
        }
    }
    snprintf(sect, sizeof sect,
             "<w:sectPr><w:pgSz w:w=\"%d\" w:h=\"%d\"/><w:pgMar w:top=\"%d\" "
             "w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"851\" "
             "w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>",
             PAGE_W, PAGE_H, MARGIN, MARGIN, MARGIN, MARGIN);
    puts_(D, sect);
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
    pe_draft r;
    pe_buf doc = {0}, zip = {0};
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
    if ((st = pe_draft_build(p, &r)) == PE_OK) {
        D.p = p;
        D.out = &doc;
        D.st = PE_OK;
        D.col = 0;
        document(&D, &r);
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
            {"word/styles.xml", STYLES, sizeof STYLES - 1}};

        st = zip_parts(parts, NELEMS(parts), &zip, err, path);
    }
    pe_buf_free(&doc);
    /* the whole file is in memory: the target sees it in one piece, or
     * not at all */
    if (st == PE_OK)
        st = pe_io_write_atomic(path, zip.data, zip.len, err);
    pe_buf_free(&zip);
    return st;
}
