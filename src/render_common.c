/*
 * The renderers' shared reading of a project (render_common.h): one place
 * for the rules of the form, so that the table, markdown, CSV and xlsx
 * outputs cannot drift apart.
 */
#include "render_common.h"
#include "width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pe_out_keep(pe_out *o, pe_status st)
{
    if (o->st == PE_OK)
        o->st = st;
}

void pe_out_put(pe_out *o, const char *s, size_t n)
{
    if (o->st == PE_OK)
        o->st = pe_buf_append(o->buf, s, n);
}

void pe_out_md(pe_out *o, const char *s, const char *escape, int heading)
{
    size_t run = 0, i;

    for (i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *sub = NULL;
        char esc[3] = {'\\', 0, 0};

        if (c && strchr(escape, c)) {
            esc[1] = (char)c;
            sub = esc;
        } else if (c == '\r' || c == '\n') {
            sub = heading ? " " : "<br>";
        } else if (c < 0x20 || c == 0x7F) {
            sub = " ";
        }
        if (sub) {
            pe_out_put(o, s + run, i - run);
            pe_out_put(o, sub, strlen(sub));
            if (c == '\r' && s[i + 1] == '\n')
                i++;
            run = i + 1;
        }
    }
    pe_out_put(o, s + run, i - run);
}

const char *pe_str(const char *s)
{
    return s ? s : "";
}

int pe_rules_places(const pe_project *p)
{
    return p->rules.places < 0                  ? 0
           : p->rules.places > PE_DEC_MAX_SCALE ? PE_DEC_MAX_SCALE
                                                : p->rules.places;
}

int pe_score_places(const pe_project *p, pe_dec d)
{
    pe_dec n = pe_dec_normalize(d);
    int places = pe_rules_places(p);

    return n.scale > places ? n.scale : places;
}

char *pe_fmt_score(const pe_project *p, pe_dec d, char *buf)
{
    return pe_dec_format_places(d, pe_score_places(p, d), PE_ROUND_HALF_UP,
                                buf);
}

const char *pe_money_text(pe_opt_dec v, char *buf)
{
    return v.present ? pe_dec_format(v.v, buf) : "";
}

const char *pe_rate_text(const pe_project *p, char *buf)
{
    const pe_funds *f = &p->funds;

    if (f->reported_rate && f->reported_rate[0])
        return f->reported_rate;
    return pe_rate_computed(p, buf);
}

const char *pe_rate_computed(const pe_project *p, char *buf)
{
    const pe_funds *f = &p->funds;
    pe_dec pct;
    size_t n;

    buf[0] = '\0';
    /* One rounding of the exact rate × 100: the scorer keeps the rate to
     * six places, so the two places shown lose nothing else. */
    if (!p->scored || !f->rate_known ||
        pe_dec_muldiv(f->rate, pe_dec_from_int(100), pe_dec_from_int(1), 2,
                      p->rules.rounding, &pct) != PE_OK)
        return buf;
    pe_dec_format(pct, buf);
    n = strlen(buf);
    buf[n] = '%';
    buf[n + 1] = '\0';
    return buf;
}

int pe_max_total(const pe_project *p, pe_dec *out)
{
    pe_dec sum = pe_dec_from_int(0);

    if (p->reported_max.present) {
        *out = p->reported_max.v;
        return 1;
    }
    /* the rows' 分值, else the weights their labels give */
    if (!pe_project_indicator_weight(p, &sum))
        for (size_t i = 0; i < p->nind; i++)
            if (pe_dec_add(sum, p->ind[i].weight, &sum) != PE_OK)
                return 0;
    if (p->funds.present && p->rules.funds_in_total &&
        p->funds.weight.present &&
        pe_dec_add(sum, p->funds.weight.v, &sum) != PE_OK)
        return 0;
    *out = sum;
    return 1;
}

const char *pe_grade_text(const pe_project *p)
{
    return p->scored ? p->grade : pe_str(p->reported_grade);
}

const char *pe_grade_reported(const pe_project *p)
{
    const char *rep = pe_str(p->reported_grade);

    if (!p->scored || !p->grade[0] || !rep[0] || strcmp(rep, p->grade) == 0)
        return NULL;
    return rep;
}

int pe_has_goals(const pe_project *p)
{
    return pe_str(p->goal)[0] || pe_str(p->goal_actual)[0];
}

pe_status pe_dept_text(const pe_project *p, pe_buf *b, const char **text)
{
    pe_status st;

    *text = pe_str(p->dept);
    if (!pe_str(p->dept_code)[0])
        return PE_OK;
    st = pe_buf_printf(b, "[%s]%s", p->dept_code, pe_str(p->dept));
    *text = pe_str(b->data);
    return st;
}

pe_status pe_funds_head(const pe_project *p, pe_buf *b)
{
    return pe_buf_printf(b, "项目资金（%s）",
                         pe_str(p->money_unit)[0] ? p->money_unit : "万元");
}

pe_status pe_fund_label(const pe_funds *f, size_t i, pe_buf *b,
                        const char **label)
{
    const char *name;
    pe_status st;

    if (i == 0) {
        *label = pe_str(f->total.name)[0] ? f->total.name : "年度资金总额";
        return PE_OK;
    }
    name = pe_str(f->parts[i - 1].name);
    *label = name;
    /* The form labels the first part "其中：当年财政拨款". */
    if (i > 1 || strncmp(name, "其中", strlen("其中")) == 0)
        return PE_OK;
    b->len = 0;
    st = pe_buf_printf(b, "其中：%s", name);
    *label = pe_str(b->data);
    return st;
}

void pe_group_next(pe_group *g, const pe_indicator *r)
{
    const char *l1 = pe_str(r->level1), *l2 = pe_str(r->level2);

    g->cont1 = g->l1 && (!l1[0] || strcmp(l1, g->l1) == 0);
    g->cont2 = g->cont1 && (!l2[0] || strcmp(l2, g->l2) == 0);
    if (!g->cont1)
        g->l1 = l1;
    if (!g->cont2)
        g->l2 = l2;
}

const char *const pe_ind_heads[PE_IND_COLS] = {
    "一级指标",   "二级指标", "三级指标", "指标值",
    "实际完成值", "分值",     "得分",     "偏差原因分析及改进措施"};

void pe_ind_texts(const pe_group *g, const pe_indicator *r,
                  const char *cells[PE_IND_COLS])
{
    cells[0] = g->cont1 ? "" : g->l1;
    cells[1] = g->cont2 ? "" : g->l2;
    cells[2] = pe_str(r->name);
    cells[3] = pe_str(r->target);
    cells[4] = pe_str(r->actual);
    cells[PE_IND_WEIGHT] = cells[PE_IND_SCORE] = "";
    cells[7] = pe_str(r->reason);
}

int pe_text_width(const char *s, int ambiguous_wide)
{
    int best = 0;

    while (*s) {
        size_t e = strcspn(s, "\r\n");
        int w = pe_display_width(s, e, ambiguous_wide);

        if (w > best)
            best = w;
        s += e;
        if (*s)
            s++;
    }
    return best;
}

int pe_remark_next(const char **cursor, char *label, size_t n,
                   const char **text, size_t *len)
{
    const char *s = *cursor, *end, *sep;

    if (!s || !*s || n == 0)
        return 0;
    end = strchr(s, '\n');
    if (!end)
        end = s + strlen(s);
    sep = strstr(s, "：");
    if (!sep || sep > end)
        sep = s; /* no label: the whole line is text */
    snprintf(label, n, "%.*s", (int)(sep - s), s);
    *text = sep == s ? s : sep + strlen("：");
    *len = (size_t)(end - *text);
    *cursor = *end ? end + 1 : end;
    return 1;
}

pe_status pe_term_text(pe_buf *out, const char *s, size_t n, int keep_lines)
{
    size_t i = 0, run = 0;
    pe_status st = PE_OK;

    while (i < n && st == PE_OK) {
        uint32_t cp;
        size_t k = pe_utf8_decode(s + i, n - i, &cp);

        if (cp == PE_UTF8_INVALID ||
            ((cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) &&
             !(keep_lines && (cp == '\n' || cp == '\t')))) {
            char esc[16];

            /* a C1 control is two bytes in UTF-8: shown by its code */
            snprintf(esc, sizeof esc, "\\x%02X",
                     cp == PE_UTF8_INVALID ? (unsigned)(unsigned char)s[i]
                                           : (unsigned)cp);
            st = pe_buf_append(out, s + run, i - run);
            if (st == PE_OK)
                st = pe_buf_puts(out, esc);
            run = i + k;
        }
        i += k;
    }
    return st == PE_OK ? pe_buf_append(out, s + run, n - run) : st;
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* "[+-]digits[.digits][%]" or "[+-].digits[%]": what a spreadsheet reads
 * as a number, not a formula, even with a sign in front. */
static int is_number(const char *s)
{
    int digits = 0;

    if (*s == '+' || *s == '-')
        s++;
    while (is_digit(*s))
        s++, digits++;
    if (*s == '.')
        for (s++; is_digit(*s); s++)
            digits++;
    if (*s == '%')
        s++;
    return digits > 0 && !*s;
}

int pe_csv_formula_like(const char *s)
{
    return s[0] && strchr("=+-@\t\r", s[0]) && !is_number(s);
}

void pe_out_padded(pe_out *o, const char *s, int cols, int right,
                   int ambiguous_wide)
{
    int pad = cols - pe_display_width(s, strlen(s), ambiguous_wide);

    for (int i = 0; right && i < pad; i++)
        pe_out_put(o, " ", 1);
    pe_out_put(o, s, strlen(s));
    for (int i = 0; !right && i < pad; i++)
        pe_out_put(o, " ", 1);
}

/*
 * The double a number cell holds.  Display only, after scoring: the
 * scorer never sees it.  From the decimal's own text through strtod, which
 * gives the double nearest to the decimal, so Excel shows and sums exactly
 * the digits the table has.  Should a host program have set a locale whose
 * decimal point is not '.', strtod stops early; coef / 10^scale is then the
 * same nearest double, for every coefficient below 2^53.
 */
double pe_dec_to_display(pe_dec d)
{
    static const double tens[] = {1e0, 1e1, 1e2, 1e3, 1e4,
                                  1e5, 1e6, 1e7, 1e8, 1e9};
    char buf[PE_DEC_BUFSIZE], *end;
    double v = strtod(pe_dec_format(d, buf), &end);

    if (*end && d.scale >= 0 && d.scale <= PE_DEC_MAX_SCALE)
        v = (double)d.coef / tens[d.scale];
    return v;
}

/* Lines s takes in a cell `width` units wide.  A CJK glyph of 11 pt is
 * some 2.1 units, and a cell keeps a little padding: hence 0.93. */
int pe_wrap_lines(const char *s, double width)
{
    double usable = width * 0.93 - 0.5;
    int n = 0;

    if (usable < 2)
        usable = 2;
    for (;;) {
        size_t e = strcspn(s, "\r\n");
        int w = pe_display_width(s, e, 0);

        n += w == 0 ? 1 : (int)((w + usable - 1) / usable);
        s += e;
        if (!*s)
            break;
        s += s[0] == '\r' && s[1] == '\n' ? 2 : 1;
    }
    return n;
}
