/*
 * The 附件1 table for a terminal, box-drawn.
 *
 * The table is a stack of sections (header, funds, goals, indicators), each
 * with a grid of its own but all exactly as wide as the table, the way the
 * Excel form merges cells.  A rule line between two rows takes its ┬ ┴ ┼
 * from the cell borders above and below it, so grids of different columns
 * join cleanly, and a rule left open under a repeated 一级/二级 reads as a
 * merged cell.
 *
 * All width arithmetic goes through the shipped width table
 * (pe_display_width(), and pe_codepoint_width() once per character of a
 * cell, see classify()), the box-drawing characters included: they are
 * East Asian ambiguous, so with ambiguous_wide every ─ and │ takes two
 * columns and every column width is kept even to stay on that grid.
 *
 * Time is linear in the text: a cell is decoded once, a paragraph's end
 * found once, and the layout wraps a cell once per width it tries (at
 * most the table's width), so a 2.5 MB reason draws in half a second.
 */
#include "render_common.h"
#include "width.h"

#include <stdlib.h>
#include <string.h>

#define MAXCOL 8
#define DEFAULT_WIDTH 100
/* Text columns wrap down to this many columns before any number column
 * gives up width: a wrapped reason reads better than a wrapped score. */
#define SOFT_FLOOR 8
/* The narrowest column: one CJK character. */
#define HARD_MIN 2

enum align { AL_LEFT, AL_RIGHT, AL_CENTER };

struct cell {
    const char *text; /* borrowed from the project or from the pool */
    size_t len;       /* of text */
    unsigned char *g; /* text classified (see classify()); owned */
    int span;
    enum align al;
    int nat;   /* widest line */
    int paras; /* lines when nothing wraps */
    int lines; /* lines at the section's current widths, while fitting */
    /* the last width tried while fitting, and its lines: the greedy asks
     * again until the column moves */
    int tw, tl;
};

struct row {
    struct cell c[MAXCOL];
    int n;
    unsigned open; /* bit k: no rule above column k (merged with the row
                      above) */
    int head;      /* a column header: it may wrap below the data's width */
};

struct section {
    int ncols;
    int num[MAXCOL];  /* numbers: wrap only after the text columns have */
    int grow[MAXCOL]; /* takes a share of width the section does not need */
    int nat[MAXCOL];  /* widest line */
    int min[MAXCOL];  /* widest word or number below the header */
    int w[MAXCOL];    /* laid out */
    struct row *rows;
    size_t nrows, cap;
};

typedef struct render {
    const pe_project *p;
    int amb;   /* ambiguous characters are wide */
    int unit;  /* columns of one box-drawing character: 1 or 2 */
    int width; /* columns of every line of the box */
    struct section sec[4];
    int nsec;
    char **pool; /* strings the cells point at, freed at the end */
    size_t npool, cappool;
    unsigned char *up, *down, *ruled; /* one rule line, per slot */
} render;

/* ---------------------------------------------------------------- pool */

/* Take ownership of b's data; the returned string lives until the end of
 * the render.  On failure b is freed and NULL returned. */
static const char *pool_take(render *R, pe_buf *b)
{
    if (!b->data)
        return "";
    if (R->npool == R->cappool) {
        size_t cap = R->cappool ? R->cappool * 2 : 32;
        char **grown = realloc(R->pool, cap * sizeof *grown);

        if (!grown) {
            pe_buf_free(b);
            return NULL;
        }
        R->pool = grown;
        R->cappool = cap;
    }
    R->pool[R->npool++] = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return R->pool[R->npool - 1];
}

/* A copy of s that lives until the end of the render; NULL on failure. */
static const char *pool_dup(render *R, const char *s)
{
    pe_buf b = {0};

    if (!s[0])
        return "";
    if (pe_buf_puts(&b, s) != PE_OK) {
        pe_buf_free(&b);
        return NULL;
    }
    return pool_take(R, &b);
}

static void pool_free(render *R)
{
    for (size_t i = 0; i < R->npool; i++)
        free(R->pool[i]);
    free(R->pool);
}

/* ---------------------------------------------------------------- numbers */

/* A final score, and the reported one below it in "(填 x)" where the two
 * differ: a reviewer needs both side by side (docs/rules.md). */
static const char *score_text(render *R, int have, pe_dec final,
                              pe_opt_dec reported)
{
    char b1[PE_DEC_BUFSIZE], b2[PE_DEC_BUFSIZE];
    pe_buf b = {0};
    pe_status st;

    if (have) {
        st = pe_buf_puts(&b, pe_fmt_score(R->p, final, b1));
        if (st == PE_OK && reported.present &&
            pe_dec_cmp(final, reported.v) != 0)
            st = pe_buf_printf(&b, "\n(填 %s)",
                               pe_fmt_score(R->p, reported.v, b2));
    } else if (reported.present) {
        st = pe_buf_puts(&b, pe_fmt_score(R->p, reported.v, b1));
    } else {
        return "";
    }
    if (st != PE_OK) {
        pe_buf_free(&b);
        return NULL;
    }
    return pool_take(R, &b);
}

static const char *score_dec(render *R, pe_dec d)
{
    char buf[PE_DEC_BUFSIZE];

    return pool_dup(R, pe_fmt_score(R->p, d, buf));
}

static const char *money_text(render *R, pe_opt_dec v)
{
    char buf[PE_DEC_BUFSIZE];

    return pool_dup(R, pe_money_text(v, buf));
}

static const char *rate_text(render *R)
{
    char buf[PE_RATE_BUFSIZE];
    const char *t = pe_rate_text(R->p, buf);

    /* a printed rate lives as long as the project */
    return t == buf ? pool_dup(R, t) : t;
}

/* ---------------------------------------------------------------- building */

static struct row *add_row(struct section *s)
{
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        struct row *grown = realloc(s->rows, cap * sizeof *grown);

        if (!grown)
            return NULL;
        s->rows = grown;
        s->cap = cap;
    }
    memset(&s->rows[s->nrows], 0, sizeof s->rows[0]);
    return &s->rows[s->nrows++];
}

/* Append a cell; a NULL text is a failed allocation, reported by the
 * caller through row_done(). */
static void put_span(struct row *r, const char *text, int span, enum align al)
{
    if (r->n < MAXCOL) {
        r->c[r->n].text = text;
        r->c[r->n].span = span;
        r->c[r->n].al = al;
        r->n++;
    }
}

static void put(struct row *r, const char *text, enum align al)
{
    put_span(r, text, 1, al);
}

/* Fill the row out to the section's columns; PE_ENOMEM when a cell's text
 * could not be made. */
static pe_status row_done(const struct section *s, struct row *r)
{
    int cols = 0;

    for (int i = 0; i < r->n; i++) {
        if (!r->c[i].text)
            return PE_ENOMEM;
        cols += r->c[i].span;
    }
    while (cols < s->ncols && r->n < MAXCOL) {
        put(r, "", AL_LEFT);
        cols++;
    }
    return PE_OK;
}

static struct section *new_section(render *R, int ncols)
{
    struct section *s = &R->sec[R->nsec++];

    memset(s, 0, sizeof *s);
    s->ncols = ncols;
    return s;
}

static pe_status build_header(render *R)
{
    const pe_project *p = R->p;
    struct section *s = new_section(R, 2);
    const char *dept;
    struct row *r;
    pe_buf b = {0};
    pe_status st;

    s->grow[1] = 1;
    if (pe_dept_text(p, &b, &dept) != PE_OK) {
        pe_buf_free(&b);
        return PE_ENOMEM;
    }
    if (b.data && !(dept = pool_take(R, &b)))
        return PE_ENOMEM;
    if (!(r = add_row(s)))
        return PE_ENOMEM;
    put(r, "项目名称", AL_LEFT);
    put(r, pe_str(p->name), AL_LEFT);
    if ((st = row_done(s, r)) != PE_OK)
        return st;
    if (!(r = add_row(s)))
        return PE_ENOMEM;
    put(r, "主管部门及代码", AL_LEFT);
    put(r, dept, AL_LEFT);
    if ((st = row_done(s, r)) != PE_OK)
        return st;
    if (!(r = add_row(s)))
        return PE_ENOMEM;
    put(r, "实施单位", AL_LEFT);
    put(r, pe_str(p->unit), AL_LEFT);
    return row_done(s, r);
}

static pe_status fund_row(render *R, struct section *s, const pe_fund_row *fr,
                          const char *label, int total)
{
    const pe_funds *f = &R->p->funds;
    struct row *r = add_row(s);

    if (!r)
        return PE_ENOMEM;
    put(r, label, AL_LEFT);
    put(r, money_text(R, fr->initial), AL_RIGHT);
    put(r, money_text(R, fr->budget), AL_RIGHT);
    put(r, money_text(R, fr->executed), AL_RIGHT);
    if (total) {
        put(r, f->weight.present ? score_dec(R, f->weight.v) : "", AL_RIGHT);
        put(r, rate_text(R), AL_RIGHT);
        put(r,
            score_text(R, R->p->scored && f->has_score, f->score, f->reported),
            AL_RIGHT);
    }
    return row_done(s, r);
}

static pe_status build_funds(render *R)
{
    static const char *const heads[] = {
        "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"};
    const pe_project *p = R->p;
    const pe_funds *f = &p->funds;
    struct section *s = new_section(R, 7);
    struct row *r;
    pe_buf b = {0};
    pe_status st;

    for (int c = 0; c < 7; c++) {
        s->num[c] = c > 0;
        s->grow[c] = 1;
    }
    if (pe_funds_head(p, &b) != PE_OK) {
        pe_buf_free(&b);
        return PE_ENOMEM;
    }
    if (!(r = add_row(s)))
        return PE_ENOMEM;
    r->head = 1;
    put(r, pool_take(R, &b), AL_CENTER);
    for (int c = 0; c < 6; c++)
        put(r, heads[c], AL_CENTER);
    if ((st = row_done(s, r)) != PE_OK)
        return st;

    for (size_t i = 0; i <= f->nparts; i++) {
        const char *label;

        if (pe_fund_label(f, i, &b, &label) != PE_OK) {
            pe_buf_free(&b);
            return PE_ENOMEM;
        }
        if (b.data && !(label = pool_take(R, &b)))
            return PE_ENOMEM;
        st = fund_row(R, s, i ? &f->parts[i - 1] : &f->total, label, i == 0);
        if (st != PE_OK)
            return st;
    }
    return PE_OK;
}

static pe_status build_goals(render *R)
{
    const pe_project *p = R->p;
    struct section *s = new_section(R, 2);
    struct row *r;
    pe_status st;

    s->grow[0] = s->grow[1] = 1;
    if (!(r = add_row(s)))
        return PE_ENOMEM;
    r->head = 1;
    put(r, "年度总体目标", AL_CENTER);
    put(r, "实际完成情况", AL_CENTER);
    if ((st = row_done(s, r)) != PE_OK)
        return st;
    if (!(r = add_row(s)))
        return PE_ENOMEM;
    put(r, pe_str(p->goal), AL_LEFT);
    put(r, pe_str(p->goal_actual), AL_LEFT);
    return row_done(s, r);
}

static const char *max_text(render *R)
{
    pe_dec max;

    return pe_max_total(R->p, &max) ? score_dec(R, max) : "";
}

static const char *grade_text(render *R)
{
    const char *have = pe_grade_text(R->p), *rep = pe_grade_reported(R->p);
    pe_buf b = {0};
    pe_status st;

    if (!have[0])
        return "";
    st = pe_buf_printf(&b, "等级：%s", have);
    if (st == PE_OK && rep)
        st = pe_buf_printf(&b, "\n(填 %s)", rep);
    if (st != PE_OK) {
        pe_buf_free(&b);
        return NULL;
    }
    return pool_take(R, &b);
}

static pe_status build_indicators(render *R)
{
    const pe_project *p = R->p;
    struct section *s = new_section(R, PE_IND_COLS);
    const char *cells[PE_IND_COLS];
    struct row *r;
    pe_group g = {0};
    pe_status st;

    for (int c = 0; c < PE_IND_COLS; c++) {
        s->num[c] = c == PE_IND_WEIGHT || c == PE_IND_SCORE;
        s->grow[c] = !s->num[c];
    }
    if (!(r = add_row(s)))
        return PE_ENOMEM;
    r->head = 1;
    for (int c = 0; c < PE_IND_COLS; c++)
        put(r, pe_ind_heads[c], AL_CENTER);
    if ((st = row_done(s, r)) != PE_OK)
        return st;

    for (size_t i = 0; i < p->nind; i++) {
        const pe_indicator *ind = &p->ind[i];

        pe_group_next(&g, ind);
        if (!(r = add_row(s)))
            return PE_ENOMEM;
        /* no rule above a continued group: it reads as the merged cell */
        r->open = (g.cont1 ? 1u : 0u) | (g.cont2 ? 2u : 0u);
        pe_ind_texts(&g, ind, cells);
        if (ind->weight_set)
            cells[PE_IND_WEIGHT] = score_dec(R, ind->weight);
        cells[PE_IND_SCORE] = score_text(R, p->scored && ind->has_score,
                                         ind->score, ind->reported);
        for (int c = 0; c < PE_IND_COLS; c++)
            put(r, cells[c], s->num[c] ? AL_RIGHT : AL_LEFT);
        if ((st = row_done(s, r)) != PE_OK)
            return st;
    }

    if (!(r = add_row(s)))
        return PE_ENOMEM;
    put_span(r, "总分", 5, AL_LEFT);
    put(r, max_text(R), AL_RIGHT);
    put(r, score_text(R, p->scored, p->total, p->reported_total), AL_RIGHT);
    put(r, grade_text(R), AL_LEFT);
    return row_done(s, r);
}

/* ---------------------------------------------------------------- wrapping */

/*
 * Each cell's text is decoded and classified once, into one byte per byte
 * of text (set at the first byte of each character): the layout wraps a
 * cell at every width it tries, and a long reason or goal text would
 * otherwise pay a UTF-8 decode, a width-table search and the kinsoku sets
 * per character per try.
 */
enum {
    G_LEN = 0x03,   /* bytes of the character, less one */
    G_WIDTH = 0x0C, /* its columns, shifted by 2: 0, 1 or 2 */
    G_BREAK = 0x10, /* a line may break before it: can_break() */
    G_SPACE = 0x20, /* ' ' */
    G_NL = 0x40,    /* '\r' or '\n' */
    G_DIGIT = 0x80, /* '0'..'9' */
};

static size_t glen(unsigned char g)
{
    return (size_t)(g & G_LEN) + 1;
}

static int gwidth(unsigned char g)
{
    return (g & G_WIDTH) >> 2;
}

/* Columns of the characters in g[0..n). */
static int span_width(const unsigned char *g, size_t n)
{
    int w = 0;

    for (size_t i = 0; i < n; i += glen(g[i]))
        w += gwidth(g[i]);
    return w;
}

/* Lines of one cell at a given width, one at a time, without copying. */
struct wrap {
    const char *s;
    const unsigned char *g; /* s classified */
    size_t len, pos;
    size_t eol; /* end of the paragraph at pos, while pos < eol: found
                   once per paragraph, not once per line, so that a long
                   paragraph wraps in linear time */
    int w;
    int soft; /* the last line broke inside a paragraph */
};

static void wrap_init(struct wrap *it, const struct cell *cl, int w)
{
    it->s = cl->text;
    it->g = cl->g;
    it->len = cl->len;
    it->pos = 0;
    it->eol = 0;
    it->w = w;
    it->soft = 0;
}

static size_t newline_len(const char *s, size_t n)
{
    if (n && s[0] == '\r')
        return n > 1 && s[1] == '\n' ? 2 : 1;
    return n && s[0] == '\n' ? 1 : 0;
}

/* A line may not start with closing punctuation nor end with opening
 * punctuation (a simplified kinsoku rule, UAX #14's CL and OP). */
static const uint32_t closers[] = {
    ',',    '.',    ';',    ':',    '!',    '?',    ')',    ']',    '}',
    '%',    0x2019, 0x201D, 0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F,
    0x3011, 0xFF01, 0xFF05, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F,
};

/* Comparators and currency signs open too: they belong to the number
 * after them ("≥60", "￥300"). */
static const uint32_t openers[] = {
    '(',    '[',    '{',    0x00A5, 0x2018, 0x201C, 0x2264,
    0x2265, 0x2266, 0x2267, 0x2550, 0x3008, 0x300A, 0x300C,
    0x300E, 0x3010, 0xFF08, 0xFF1C, 0xFF1D, 0xFF1E, 0xFFE5,
};

static int in_set(uint32_t cp, const uint32_t *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == cp)
            return 1;
    return 0;
}

/* May a line break between prev and cp?  At spaces, and between any two
 * CJK characters, which is how Chinese text wraps; never inside a run of
 * ASCII ("59.90%", "2021"), nor before a combining mark. */
static int can_break(uint32_t prev, uint32_t cp, int amb)
{
    if (cp == ' ' || prev == ' ')
        return 1;
    if (in_set(cp, closers, sizeof closers / sizeof *closers) ||
        in_set(prev, openers, sizeof openers / sizeof *openers))
        return 0;
    if (prev > 0x20 && prev < 0x7F && cp > 0x20 && cp < 0x7F)
        return 0;
    return pe_codepoint_width(cp, amb) > 0;
}

/* s[0..n) classified, as the enum above says; NULL when n is 0 or memory
 * ran out.  The caller frees it. */
static unsigned char *classify(const char *s, size_t n, int amb)
{
    unsigned char *g = n ? malloc(n) : NULL;
    uint32_t prev = ' ', cp;
    size_t i = 0;

    if (!g)
        return NULL;
    while (i < n) {
        size_t k = pe_utf8_decode(s + i, n - i, &cp);
        unsigned f = (unsigned)(k - 1);

        f |= (unsigned)pe_codepoint_width(cp, amb) << 2;

        if (can_break(prev, cp, amb))
            f |= G_BREAK;
        if (cp == ' ')
            f |= G_SPACE;
        if (cp == '\r' || cp == '\n')
            f |= G_NL;
        if (cp >= '0' && cp <= '9')
            f |= G_DIGIT;
        g[i] = (unsigned char)f;
        prev = cp;
        i += k;
    }
    return g;
}

/* Where to end a line that must break within s[0..fit]: the last break
 * opportunity, if the line keeps at least half the column; else at fit,
 * inside a word, because a word wider than half the column has to be cut
 * somewhere.  g is s classified. */
static size_t break_point(const char *s, const unsigned char *g, size_t fit,
                          size_t e, int w)
{
    size_t i = 0, best = 0;

    while (i <= fit && i < e) {
        if (i > 0 && (g[i] & G_BREAK))
            best = i;
        i += glen(g[i]);
    }
    if (best > 0) {
        size_t t = best;

        while (t > 0 && s[t - 1] == ' ')
            t--;
        if (t > 0 && span_width(g, t) * 2 >= w)
            return best;
    }
    return fit;
}

/* The next line: *start, *n bytes, *lw columns.  0 when there is none. */
static int wrap_next(struct wrap *it, const char **start, size_t *n, int *lw)
{
    for (;;) {
        const char *s = it->s + it->pos;
        const unsigned char *g;
        size_t rest = it->len - it->pos, e = 0, fit = 0, cut;
        int used = 0;

        if (rest == 0)
            return 0;
        g = it->g + it->pos; /* it->g is NULL for an empty cell */
        if (it->soft) {
            /* the spaces a line broke at belong to neither line */
            size_t k = 0;

            while (k < rest && s[k] == ' ')
                k++;
            it->pos += k;
            s += k;
            g += k;
            rest -= k;
            it->soft = 0;
            if (rest == 0)
                return 0;
            if (newline_len(s, rest)) {
                it->pos += newline_len(s, rest);
                continue;
            }
        }
        if (it->pos >= it->eol) {
            while (e < rest && s[e] != '\n' && s[e] != '\r')
                e++;
            it->eol = it->pos + e;
        }
        e = it->eol - it->pos;
        /* as many characters as fit, with the zero-width ones after the
         * last of them: a combining mark stays with its base */
        while (fit < e && used + gwidth(g[fit]) <= it->w) {
            used += gwidth(g[fit]);
            fit += glen(g[fit]);
        }
        if (fit == e) {
            *start = s;
            *n = e;
            *lw = used;
            it->pos += e + newline_len(s + e, rest - e);
            return 1;
        }
        if (fit == 0) {
            /* wider than the column: cannot happen with HARD_MIN, but
             * never loop */
            cut = glen(g[0]);
        } else {
            cut = break_point(s, g, fit, e, it->w);
        }
        it->pos += cut;
        it->soft = 1;
        while (cut > 0 && s[cut - 1] == ' ')
            cut--;
        *start = s;
        *n = cut;
        *lw = span_width(g, cut);
        return 1;
    }
}

/* ---------------------------------------------------------------- layout */

static int round_up(int x, int unit)
{
    return (x + unit - 1) / unit * unit;
}

/* Columns of the widest line of g[0..n). */
static int widest_line(const unsigned char *g, size_t n)
{
    int best = 0, cur = 0;

    for (size_t i = 0; i < n; i += glen(g[i])) {
        if (g[i] & G_NL)
            cur = 0;
        else if ((cur += gwidth(g[i])) > best)
            best = cur;
    }
    return best;
}

/* The widest run between two break opportunities ("59.90%", "training",
 * one CJK character): what wrapping cannot make narrower without cutting a
 * word.  With numbers_only, only runs with a digit count: a cut number
 * misleads, a cut word merely reads badly, and keeping long words whole
 * would squeeze the CJK columns to a character a line. */
static int token_width(const unsigned char *g, size_t n, int numbers_only)
{
    int best = 0, cur = 0, digit = 0;

    for (size_t i = 0; i < n; i += glen(g[i])) {
        if (g[i] & (G_SPACE | G_NL | G_BREAK))
            cur = digit = 0;
        if (!(g[i] & (G_SPACE | G_NL))) {
            cur += gwidth(g[i]);
            digit |= (g[i] & G_DIGIT) != 0;
            if (cur > best && (digit || !numbers_only))
                best = cur;
        }
    }
    return best;
}

static int count_lines(const struct cell *cl, int w)
{
    struct wrap it;
    const char *ls;
    size_t ln;
    int lw, n = 0;

    wrap_init(&it, cl, w);
    while (wrap_next(&it, &ls, &ln, &lw))
        n++;
    return n;
}

/* Classify every cell and measure the columns; PE_ENOMEM when a cell
 * could not be classified. */
static pe_status measure(const render *R, struct section *s)
{
    for (int c = 0; c < s->ncols; c++)
        s->nat[c] = s->min[c] = 0;
    for (size_t i = 0; i < s->nrows; i++) {
        struct row *r = &s->rows[i];
        int col = 0;

        for (int k = 0; k < r->n; k++) {
            struct cell *cl = &r->c[k];

            cl->len = strlen(cl->text);
            if (cl->len && !(cl->g = classify(cl->text, cl->len, R->amb)))
                return PE_ENOMEM;
            cl->nat = widest_line(cl->g, cl->len);
            cl->paras = count_lines(cl, cl->nat > 0 ? cl->nat : 1);
            cl->tw = -1;
            /* A spanning cell takes what its columns give it. */
            if (cl->span == 1) {
                int w = cl->nat;

                if (w > s->nat[col])
                    s->nat[col] = w;
                if (!r->head) {
                    w = token_width(cl->g, cl->len, !s->num[col]);
                    if (w > s->min[col])
                        s->min[col] = w;
                }
            }
            col += cl->span;
        }
    }
    for (int c = 0; c < s->ncols; c++) {
        if (s->min[c] < HARD_MIN)
            s->min[c] = HARD_MIN;
        s->min[c] = round_up(s->min[c], R->unit);
        if (s->nat[c] < s->min[c])
            s->nat[c] = s->min[c];
        s->nat[c] = round_up(s->nat[c], R->unit);
    }
    return PE_OK;
}

/* Columns of a line of the section with column widths w. */
static int line_width(const render *R, const struct section *s, const int *w)
{
    int t = (s->ncols + 1) * R->unit;

    for (int c = 0; c < s->ncols; c++)
        t += w[c] + 2;
    return t;
}

static int cell_width(const render *R, const struct section *s, int col,
                      int span)
{
    int w = 0;

    for (int c = col; c < col + span && c < s->ncols; c++)
        w += s->w[c];
    return w + (span - 1) * (2 + R->unit);
}

static int cell_lines(struct cell *cl, int cw)
{
    if (cl->nat <= cw)
        return cl->paras;
    if (cl->tw != cw) {
        cl->tl = count_lines(cl, cw);
        cl->tw = cw;
    }
    return cl->tl;
}

/* What the section would cost with column `col` at its current width
 * (the other cells' lines are cached): the lines it takes, then the lines
 * of all its cells (a cell wrapped inside a row that is tall anyway is
 * still harder to read than one that is not). */
struct cost {
    long height, cells;
};

static struct cost section_cost(const render *R, struct section *s, int col)
{
    struct cost cost = {0, 0};

    for (size_t i = 0; i < s->nrows; i++) {
        struct row *r = &s->rows[i];
        int lines = 1, c = 0;

        for (int k = 0; k < r->n; k++) {
            struct cell *cl = &r->c[k];
            int n = cl->lines;

            if (col >= c && col < c + cl->span)
                n = cell_lines(cl, cell_width(R, s, c, cl->span));
            if (n > lines)
                lines = n;
            cost.cells += n;
            c += cl->span;
        }
        cost.height += lines;
    }
    return cost;
}

/* Refresh the cached lines of the cells over column col (-1: all). */
static void cache_lines(const render *R, struct section *s, int col)
{
    for (size_t i = 0; i < s->nrows; i++) {
        struct row *r = &s->rows[i];
        int c = 0;

        for (int k = 0; k < r->n; k++) {
            struct cell *cl = &r->c[k];

            if (col < 0 || (col >= c && col < c + cl->span))
                cl->lines = cell_lines(cl, cell_width(R, s, c, cl->span));
            c += cl->span;
        }
    }
}

/*
 * The column to narrow next, or -1 when none may: the one whose narrowing
 * adds the fewest lines to the section (then to its cells), and of those
 * the widest, and of those the rightmost (the reason column is last).  So a
 * long text in one row wraps before names that fill every row, and columns that
 * cost the same shrink alike.  Pass 0 narrows only text columns, down to
 * SOFT_FLOOR; pass 1 any column down to its widest word or number; pass 2,
 * the last resort, any column down to HARD_MIN, cutting words.
 */
static int narrowest_cost(const render *R, struct section *s, int pass)
{
    struct cost best_c = {0, 0};
    int best = -1;

    for (int c = 0; c < s->ncols; c++) {
        int floor = pass == 2 ? round_up(HARD_MIN, R->unit) : s->min[c];
        struct cost k;

        if (pass == 0) {
            int f;

            if (s->num[c])
                continue;
            f = round_up(s->nat[c] < SOFT_FLOOR ? s->nat[c] : SOFT_FLOOR,
                         R->unit);
            if (f > floor)
                floor = f;
        }
        if (s->w[c] <= floor)
            continue;
        s->w[c] -= R->unit;
        k = section_cost(R, s, c);
        s->w[c] += R->unit;
        if (best < 0 || k.height < best_c.height ||
            (k.height == best_c.height &&
             (k.cells < best_c.cells ||
              (k.cells == best_c.cells && s->w[c] >= s->w[best])))) {
            best = c;
            best_c = k;
        }
    }
    return best;
}

/* Set the column widths so that the section is exactly R->width wide:
 * narrow columns a step at a time as narrowest_cost() picks them, or share
 * out what is left over among the growing columns. */
static void fit_section(const render *R, struct section *s)
{
    int have, want = R->width, growing = 0, hard[MAXCOL];

    for (int c = 0; c < s->ncols; c++)
        hard[c] = round_up(HARD_MIN, R->unit);
    /* No column ends wider than the room the others leave at their
     * minimum: start long texts there and save the greedy the steps.  Nor
     * wider than the room they leave at HARD_MIN, even when its minimum is
     * wider (a 100,000-digit number): the greedy takes one step a column. */
    for (int c = 0; c < s->ncols; c++) {
        int cap = want - line_width(R, s, s->min) + s->min[c];
        int most = want - line_width(R, s, hard) + hard[c];

        s->w[c] = s->nat[c] < cap ? s->nat[c] : cap;
        if (s->w[c] < s->min[c])
            s->w[c] = s->min[c];
        if (s->w[c] > most)
            s->w[c] = most;
    }
    cache_lines(R, s, -1);
    have = line_width(R, s, s->w);
    while (have > want) {
        int c = -1;

        for (int pass = 0; pass < 3 && c < 0; pass++)
            c = narrowest_cost(R, s, pass);
        if (c < 0)
            break;
        s->w[c] -= R->unit;
        have -= R->unit;
        cache_lines(R, s, c);
    }
    for (int c = 0; c < s->ncols; c++)
        growing += s->grow[c];
    while (have < want) {
        for (int c = 0; c < s->ncols && have < want; c++) {
            if (s->grow[c] || !growing) {
                s->w[c] += R->unit;
                have += R->unit;
            }
        }
    }
}

static pe_status layout(render *R, int limit)
{
    int nat = 0, min = 0;

    for (int i = 0; i < R->nsec; i++) {
        struct section *s = &R->sec[i];
        int t, hard[MAXCOL];

        if (measure(R, s) != PE_OK)
            return PE_ENOMEM;
        for (int c = 0; c < s->ncols; c++)
            hard[c] = round_up(HARD_MIN, R->unit);
        if ((t = line_width(R, s, s->nat)) > nat)
            nat = t;
        if ((t = line_width(R, s, hard)) > min)
            min = t;
    }
    limit -= limit % R->unit;
    R->width = nat < limit ? nat : limit;
    /* Narrower than one CJK character a column is impossible: the box
     * then overflows the limit rather than split a character. */
    if (R->width < min)
        R->width = min;
    for (int i = 0; i < R->nsec; i++)
        fit_section(R, &R->sec[i]);
    return PE_OK;
}

/* ---------------------------------------------------------------- drawing */

/* Mark the slots (box characters) where the row has a vertical border. */
static void mark(const render *R, const struct section *s, const struct row *r,
                 unsigned char *v)
{
    size_t slots = (size_t)(R->width / R->unit), x = 0;
    int col = 0;

    memset(v, 0, slots);
    v[0] = 1;
    for (int k = 0; k < r->n; k++) {
        x += (size_t)((cell_width(R, s, col, r->c[k].span) + 2) / R->unit) + 1;
        col += r->c[k].span;
        if (x < slots)
            v[x] = 1;
    }
}

/* Indexed by up << 3 | down << 2 | left << 1 | right. */
static const char *const junction[16] = {
    " ", "─", "─", "─", "│", "┌", "┐", "┬",
    "│", "└", "┘", "┴", "│", "├", "┤", "┼",
};

/* A rule line between row a of section sa and row b of section sb (either
 * NULL at the top and bottom), left open over the columns in b's open
 * mask. */
static pe_status rule(render *R, const struct section *sa, const struct row *a,
                      const struct section *sb, const struct row *b,
                      pe_buf *out)
{
    size_t slots = (size_t)(R->width / R->unit);
    pe_status st = PE_OK;

    if (a)
        mark(R, sa, a, R->up);
    else
        memset(R->up, 0, slots);
    if (b)
        mark(R, sb, b, R->down);
    else
        memset(R->down, 0, slots);
    memset(R->ruled, 1, slots);
    if (b && b->open) {
        size_t x = 0;

        for (int c = 0; c < sb->ncols; c++) {
            size_t inner = (size_t)((sb->w[c] + 2) / R->unit);

            if (b->open & (1u << c))
                memset(R->ruled + x + 1, 0, inner);
            x += inner + 1;
        }
    }
    for (size_t x = 0; x < slots && st == PE_OK; x++) {
        if (R->up[x] || R->down[x]) {
            int left = x > 0 && R->ruled[x - 1];
            int right = x + 1 < slots && R->ruled[x + 1];

            st = pe_buf_puts(
                out,
                junction[R->up[x] << 3 | R->down[x] << 2 | left << 1 | right]);
        } else if (R->ruled[x]) {
            st = pe_buf_puts(out, "─");
        } else {
            st = pe_buf_append(out, "    ", (size_t)R->unit);
        }
    }
    return st == PE_OK ? pe_buf_puts(out, "\n") : st;
}

static pe_status spaces(pe_buf *out, int n)
{
    static const char blanks[] = "                ";
    pe_status st = PE_OK;

    while (n > 0 && st == PE_OK) {
        size_t k = n < 16 ? (size_t)n : 16;

        st = pe_buf_append(out, blanks, k);
        n -= (int)k;
    }
    return st;
}

/* Copy text to the terminal: an invalid byte becomes "?" and a control
 * character a space, each one column, as pe_display_width() counted them. */
static pe_status put_text(pe_buf *out, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    pe_status st = PE_OK;

    while (i < n && st == PE_OK) {
        uint32_t cp;
        size_t k = pe_utf8_decode(s + i, n - i, &cp);
        const char *sub = NULL;

        if (cp == PE_UTF8_INVALID)
            sub = "?";
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            sub = " ";
        if (sub) {
            st = pe_buf_append(out, s + run, i - run);
            if (st == PE_OK)
                st = pe_buf_puts(out, sub);
            run = i + k;
        }
        i += k;
    }
    return st == PE_OK ? pe_buf_append(out, s + run, n - run) : st;
}

static pe_status draw_row(render *R, const struct section *s,
                          const struct row *r, pe_buf *out)
{
    struct wrap it[MAXCOL];
    int cw[MAXCOL], lines = 1, col = 0;
    pe_status st = PE_OK;

    for (int k = 0; k < r->n; k++) {
        const char *ls;
        size_t ln;
        int lw, count = 0;

        cw[k] = cell_width(R, s, col, r->c[k].span);
        col += r->c[k].span;
        wrap_init(&it[k], &r->c[k], cw[k]);
        while (wrap_next(&it[k], &ls, &ln, &lw))
            count++;
        if (count > lines)
            lines = count;
        wrap_init(&it[k], &r->c[k], cw[k]);
    }
    for (int line = 0; line < lines && st == PE_OK; line++) {
        st = pe_buf_puts(out, "│");
        for (int k = 0; k < r->n && st == PE_OK; k++) {
            const char *ls = "";
            size_t ln = 0;
            int lw = 0, left = 0;

            if (!wrap_next(&it[k], &ls, &ln, &lw))
                lw = 0;
            if (r->c[k].al == AL_RIGHT)
                left = cw[k] - lw;
            else if (r->c[k].al == AL_CENTER)
                left = (cw[k] - lw) / 2;
            if ((st = spaces(out, 1 + left)) == PE_OK &&
                (st = put_text(out, ls, ln)) == PE_OK &&
                (st = spaces(out, cw[k] - lw - left + 1)) == PE_OK)
                st = pe_buf_puts(out, "│");
        }
        if (st == PE_OK)
            st = pe_buf_puts(out, "\n");
    }
    return st;
}

/* A title line centred over the box; never a trailing space. */
static pe_status title(render *R, const char *t, pe_buf *out)
{
    int w = pe_display_width(t, strlen(t), R->amb);
    pe_status st = spaces(out, w < R->width ? (R->width - w) / 2 : 0);

    if (st == PE_OK)
        st = pe_buf_puts(out, t);
    return st == PE_OK ? pe_buf_puts(out, "\n") : st;
}

static pe_status draw(render *R, pe_buf *out)
{
    const struct section *ps = NULL;
    const struct row *pr = NULL;
    pe_status st = title(R, "项目支出绩效自评表", out);

    if (st == PE_OK && R->p->year > 0) {
        pe_buf b = {0};

        st = pe_buf_printf(&b, "（%d年度）", R->p->year);
        if (st == PE_OK)
            st = title(R, b.data, out);
        pe_buf_free(&b);
    }
    for (int i = 0; i < R->nsec && st == PE_OK; i++) {
        const struct section *s = &R->sec[i];

        for (size_t k = 0; k < s->nrows && st == PE_OK; k++) {
            const struct row *r = &s->rows[k];

            /* Between sections every column is ruled: open only joins
             * rows of one grid. */
            if (ps == s) {
                st = rule(R, ps, pr, s, r, out);
            } else {
                struct row closed = *r;

                closed.open = 0;
                st = rule(R, ps, pr, s, &closed, out);
            }
            if (st == PE_OK)
                st = draw_row(R, s, r, out);
            ps = s;
            pr = r;
        }
    }
    return st == PE_OK ? rule(R, ps, pr, NULL, NULL, out) : st;
}

pe_status pe_render_table(const pe_project *p, const pe_table_opts *o,
                          pe_buf *out)
{
    render R;
    pe_status st;
    size_t slots;

    if (!p || !out)
        return PE_EUSAGE;
    memset(&R, 0, sizeof R);
    R.p = p;
    R.amb = o ? o->ambiguous_wide : 0;
    R.unit = pe_display_width("─", strlen("─"), R.amb);

    st = build_header(&R);
    if (st == PE_OK && p->funds.present)
        st = build_funds(&R);
    if (st == PE_OK && pe_has_goals(p))
        st = build_goals(&R);
    if (st == PE_OK)
        st = build_indicators(&R);
    if (st == PE_OK)
        st = layout(&R, o && o->width > 0 ? o->width : DEFAULT_WIDTH);
    if (st == PE_OK) {
        slots = (size_t)(R.width / R.unit);
        R.up = malloc(slots);
        R.down = malloc(slots);
        R.ruled = malloc(slots);
        if (!R.up || !R.down || !R.ruled)
            st = PE_ENOMEM;
    }
    if (st == PE_OK)
        st = draw(&R, out);

    free(R.up);
    free(R.down);
    free(R.ruled);
    for (int i = 0; i < R.nsec; i++) {
        for (size_t k = 0; k < R.sec[i].nrows; k++)
            for (int c = 0; c < R.sec[i].rows[k].n; c++)
                free(R.sec[i].rows[k].c[c].g);
        free(R.sec[i].rows);
    }
    pool_free(&R);
    return st;
}
