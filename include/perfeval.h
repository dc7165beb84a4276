/*
 * perfeval: score Chinese budget-project performance self-evaluations
 * (项目支出绩效自评表, the "附件1" table).
 *
 * The library never prints and never exits.  Every fallible function returns
 * a pe_status and, on a data error, fills a pe_error the caller owns.  Money,
 * rates and scores are exact decimals (pe_dec); no floating point is used in
 * scoring.  Rounding happens in one place, pe_dec_muldiv(), by the rule named
 * in pe_rules.
 */
#ifndef PERFEVAL_H
#define PERFEVAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PE_VERSION "0.1.0"

/* ------------------------------------------------------------- basics */

/* The "format" of each JSON output, its first member:
 * "perfeval/<kind>/<version>".  Members may be added within a version; it
 * goes up when one is renamed, removed, or changes type or meaning, or a
 * closed set of words (severities, statuses) gains one (docs/json.md,
 * where each kind has its section, and docs/schema its schema).  A
 * project (score -f json, init) reads back as a table, rules as rules, a
 * unit profile as one; the others are read by scripts. */
#define PE_JSON_PROJECT "perfeval/project/1" /* score -f json, init */
#define PE_JSON_RULES "perfeval/rules/1"     /* rules */
#define PE_JSON_UNIT "perfeval/unit/1"       /* init --unit */
#define PE_JSON_CHECK "perfeval/check/1"     /* check -f json */
#define PE_JSON_LONG "perfeval/long/1"       /* a long-format file */
#define PE_JSON_SUMMARY "perfeval/summary/1" /* check --summary */
#define PE_JSON_ROLLUP "perfeval/rollup/1"   /* check --rollup */
#define PE_JSON_DIFF "perfeval/diff/1"       /* diff OLD NEW */
/* diff OLD_DIR NEW_DIR */
#define PE_JSON_SUMMARY_DIFF "perfeval/summary-diff/1"

/* A pe_status is never dropped: the compiler says so where one is. */
#if defined(__GNUC__)
#define PE_MUST_CHECK __attribute__((warn_unused_result))
#else
#define PE_MUST_CHECK
#endif

/* The format checking of printf-like functions: mingw's gcc takes
 * "printf" for msvcrt's, which knows no %zu; perfeval.exe is built with
 * mingw's own C99 printf, which gcc calls gnu_printf. */
#if defined(__MINGW32__)
#define PE_PRINTF_FORMAT gnu_printf
#else
#define PE_PRINTF_FORMAT printf
#endif

typedef enum pe_status {
    PE_OK = 0,
    PE_ENOMEM, /* allocation failed */
    PE_EIO,    /* reading or writing failed */
    PE_EDATA,  /* the input is not a valid table (exit code 3) */
    PE_EUSAGE, /* a caller error: bad argument (exit code 2) */
    PE_ERANGE  /* a number is outside what pe_dec can hold exactly */
} pe_status;

/* A short English name for a status ("out of memory").  Static storage. */
const char *pe_strerror(pe_status st);

/*
 * Where and what went wrong.  Caller-owned, usually on the stack; the
 * library writes it only when it returns a status other than PE_OK.
 * line/column are 1-based, 0 when unknown.  msg never names the file: the
 * caller prefixes "file:line:" itself (see pe_error_format).
 */
typedef struct pe_error {
    char file[256];
    long line;
    long column;
    char msg[512];
    /* msg in Chinese, from the catalogue, when it has the message; valid
     * while msg is the text it was made with (msg_of_zh keeps a hash of
     * it), so that code that writes msg alone never shows a stale one */
    char msg_zh[768];
    unsigned long msg_of_zh;
} pe_error;

/* Write "file:line:column: msg" (parts that are unknown are left out) into
 * buf (always NUL-terminated when n > 0).  Returns buf. */
char *pe_error_format(const pe_error *err, char *buf, size_t n);

/*
 * The language of the words a person reads: messages, help, severity and
 * grade words.  Codes (total-mismatch), JSON keys and CSV column names are
 * the same in both.
 */
typedef enum pe_lang { PE_LANG_EN = 0, PE_LANG_ZH } pe_lang;

/* The language the environment asks for, as gettext reads it: LANGUAGE,
 * then LC_ALL, LC_MESSAGES, LANG; any zh* value means Chinese, a locale of
 * C or POSIX English.  Reads the variables, so it needs no zh_CN locale
 * to be installed. */
pe_lang pe_lang_from_env(void);
/* "zh", "zh_CN..." or "en", "C": sets *out and returns 1; else 0. */
int pe_lang_parse(const char *s, pe_lang *out);

/* A message (a printf format; its English text is its key) in lang: the
 * catalogue's Chinese, or the English where it has none.  Static
 * storage. */
const char *pe_message(pe_lang lang, const char *en)
#if defined(__GNUC__)
    __attribute__((format_arg(2)))
#endif
    ;
/* The same for a message with a plural: en for n == 1, else en_plural, in
 * English; Chinese has one form. */
const char *pe_message_n(pe_lang lang, const char *en, const char *en_plural,
                         unsigned long n)
#if defined(__GNUC__)
    __attribute__((format_arg(2), format_arg(3)))
#endif
    ;

/* pe_error_format() in lang: the Chinese message where there is one. */
char *pe_error_format_lang(const pe_error *err, pe_lang lang, char *buf,
                           size_t n);

/* A growable byte buffer.  Zero-initialise it; free data with
 * pe_buf_free().  Renderers append to it. */
typedef struct pe_buf {
    char *data;
    size_t len;
    size_t cap;
} pe_buf;

PE_MUST_CHECK pe_status pe_buf_append(pe_buf *b, const char *s, size_t n);
PE_MUST_CHECK pe_status pe_buf_puts(pe_buf *b, const char *s);
PE_MUST_CHECK pe_status pe_buf_printf(pe_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 2, 3)))
#endif
    ;
PE_MUST_CHECK pe_status pe_buf_vprintf(pe_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 2, 0)))
#endif
    ;
void pe_buf_free(pe_buf *b);

/*
 * An exact decimal: coef / 10^scale.  A value type, no ownership.
 * Invariants kept by every function here: 0 <= scale <= PE_DEC_MAX_SCALE and
 * |coef| < 10^18.
 */
typedef struct pe_dec {
    int64_t coef;
    int scale;
} pe_dec;

#define PE_DEC_MAX_SCALE 9
#define PE_DEC_MAX_DIGITS 18

typedef enum pe_round {
    PE_ROUND_HALF_UP, /* ties away from zero: 2.675 -> 2.68 (platform SQL) */
    PE_ROUND_TRUNCATE /* toward zero: 0.599 -> 0.59 (the 2021 seed table) */
} pe_round;

/* Parse an ASCII decimal "[+-]digits[.digits]" of exactly len bytes (no
 * spaces, no exponent).  PE_EDATA on bad syntax, PE_ERANGE when it has more
 * than PE_DEC_MAX_DIGITS digits or more than PE_DEC_MAX_SCALE places. */
PE_MUST_CHECK pe_status pe_dec_parse(const char *s, size_t len, pe_dec *out);

/* pe_dec_parse on a NUL-terminated string. */
PE_MUST_CHECK pe_status pe_dec_parse_cstr(const char *s, pe_dec *out);

/* Write the value with exactly d.scale places ("95.58", "-0.50", "3").
 * buf needs PE_DEC_BUFSIZE bytes.  Returns buf. */
#define PE_DEC_BUFSIZE 32
char *pe_dec_format(pe_dec d, char *buf);

/* Write the value with exactly `places` places, padding with zeros or
 * dropping digits by `mode`. */
char *pe_dec_format_places(pe_dec d, int places, pe_round mode, char *buf);

pe_dec pe_dec_from_int(int64_t v);
int pe_dec_cmp(pe_dec a, pe_dec b); /* -1, 0, 1; exact */
int pe_dec_sign(pe_dec a);          /* -1, 0, 1 */
int pe_dec_is_zero(pe_dec a);
/* Sum and difference; the result has the larger of the two scales.
 * PE_ERANGE on overflow. */
PE_MUST_CHECK pe_status pe_dec_add(pe_dec a, pe_dec b, pe_dec *out);
PE_MUST_CHECK pe_status pe_dec_sub(pe_dec a, pe_dec b, pe_dec *out);
/* Exact a*b/c, rounded once to `places` places by `mode`.  This is the one
 * rounding step of the scoring path.  PE_EUSAGE when c is zero, PE_ERANGE
 * when the result does not fit. */
PE_MUST_CHECK pe_status pe_dec_muldiv(pe_dec a, pe_dec b, pe_dec c, int places,
                                      pe_round mode, pe_dec *out);
/* Compare the exact a*b/c with d without rounding: *cmp is -1, 0 or 1.
 * PE_EUSAGE when c is zero. */
PE_MUST_CHECK pe_status pe_dec_muldiv_cmp(pe_dec a, pe_dec b, pe_dec c,
                                          pe_dec d, int *cmp);
/* Round a itself to `places` places (a*1/1). */
PE_MUST_CHECK pe_status pe_dec_round(pe_dec a, int places, pe_round mode,
                                     pe_dec *out);
/* Drop trailing fractional zeros: 1.500 -> 1.5, 2.00 -> 2. */
pe_dec pe_dec_normalize(pe_dec a);

/* The comparator of an 指标值 or 实际完成值 cell. */
typedef enum pe_cmp {
    PE_CMP_NONE = 0, /* none written: "100册" */
    PE_CMP_GE,       /* ≥ ≧ >= 不低于 不少于 以上 至少 */
    PE_CMP_GT,       /* > 大于 高于 超过 */
    PE_CMP_LE,       /* ≤ ≦ <= 不超过 不高于 以下 以内 前 */
    PE_CMP_LT,       /* < 小于 低于 少于 */
    PE_CMP_EQ        /* = ═ ＝ 等于 */
} pe_cmp;

typedef enum pe_cell_kind {
    PE_CELL_EMPTY = 0, /* blank, or only spaces */
    PE_CELL_NUMBER,    /* a number, maybe with comparator, % and unit */
    PE_CELL_DATE,      /* a calendar date or month, maybe with 前/后 */
    PE_CELL_TEXT       /* anything else: a qualitative value (合理, 提高) */
} pe_cell_kind;

/*
 * A parsed cell.  A value type: it holds no pointers into the input.
 * NUMBER: value is the number as written ("59.90%" -> 59.90, percent = 1;
 * "1,234.5万元" -> 1234.5, unit "万元"); unit is the UTF-8 text that
 * followed the number, without "%".
 * DATE: year (0 when not written: "12月底前"), month (0 when only a year),
 * day (0 when only a month); cmp is LE for 前/以前/之前/底前, GE for 后/以后,
 * NONE otherwise.
 */
typedef struct pe_cell {
    pe_cell_kind kind;
    pe_cmp cmp;
    pe_dec value;
    int percent;
    char unit[32];
    int year, month, day;
} pe_cell;

/* Parse one cell of len bytes of UTF-8.  Never fails on well-formed UTF-8:
 * what is not a number or a date is TEXT.  PE_EDATA for invalid UTF-8;
 * PE_ERANGE for a number pe_dec cannot hold. */
PE_MUST_CHECK pe_status pe_cell_parse(const char *s, size_t len, pe_cell *out);

/* The comparator as the table prints it: "≥", "≤", ... ("" for NONE). */
const char *pe_cmp_symbol(pe_cmp c);

/* -------------------------------------------------------------- rules */

typedef enum pe_lower_formula {
    PE_LOWER_RATIO, /* target / actual * weight (older forms) */
    PE_LOWER_LINEAR /* (1 - (actual - target) / target) * weight, >= 0 */
} pe_lower_formula;

typedef enum pe_rate_base {
    PE_BASE_BUDGET, /* 全年预算数 (财预〔2020〕10号) */
    PE_BASE_INITIAL /* 年初预算数 (some older forms) */
} pe_rate_base;

#define PE_MAX_GRADES 8

typedef struct pe_grade_band {
    char name[16]; /* "优" */
    pe_dec min;    /* lowest total in the band, inclusive */
} pe_grade_band;

#define PE_MAX_SPLIT 8

/* A recommended weight of one 一级指标 (产出指标 50). */
typedef struct pe_split {
    char name[48];
    pe_dec weight;
} pe_split;

/* The name of the rules read off a table's own numbers (infer.c). */
#define PE_RULES_INFERRED "inferred"

/* A rule set.  A value type; copy it freely. */
typedef struct pe_rules {
    char name[64];
    pe_round rounding;
    int places; /* 0..6 */
    pe_lower_formula lower;
    pe_rate_base rate_base;
    int funds_in_total;       /* the funds block counts toward 总分 */
    pe_dec overachieve_ratio; /* 1.2: actual/target at which 偏离度 asks why */
    pe_dec explain_rate_below; /* 0.7: execution rates below need a reason */
    int ngrades;
    pe_grade_band grades[PE_MAX_GRADES]; /* highest min first */
    int nsplit;
    pe_split split[PE_MAX_SPLIT]; /* recommended 一级指标 weights */
} pe_rules;

/* The MoF 2020 rule set (财预〔2020〕10号): two places half-up, lower is
 * better by target/actual, execution rate on 全年预算数, funds in the total,
 * 偏离度 at 120%, explanation below 70%, 优 90 良 80 中 60 差, and the
 * recommended split 产出指标 50, 效益指标 30, 满意度指标 10 (the funds
 * block's 预算执行率 takes the other 10). */
void pe_rules_default(pe_rules *r);

/*
 * A rule set built into perfeval, by name: "mof-2020" (the default above),
 * and its variants that real tables use (see pe_rules_builtin_list()).
 * PE_EUSAGE for an unknown name.
 */
PE_MUST_CHECK pe_status pe_rules_builtin(const char *name, pe_rules *out);

/* The rules `name` names: a rules file (read within max bytes, binary
 * data refused at once), else a built-in set; PE_EUSAGE for a name that
 * is neither.  *r starts from pe_rules_default(). */
PE_MUST_CHECK pe_status pe_rules_load(const char *name, size_t max, pe_rules *r,
                                      pe_error *err);

/* The i-th built-in rule set's name and a one-line description (static
 * storage); NULL past the last one. */
const char *pe_rules_builtin_list(size_t i, const char **description);

/* Load a rules object from JSON text (the "rules" member of a project file,
 * or a file of its own).  Members left out keep the values *r had on entry,
 * so start from pe_rules_default().  err->file is set to `name`. */
PE_MUST_CHECK pe_status pe_rules_load_json(const char *buf, size_t len,
                                           const char *name, pe_rules *r,
                                           pe_error *err);

/* ---------------------------------------------------- loading a table */

/* A loaded 附件1 table: opaque; see the accessors below. */
typedef struct pe_project pe_project;

/*
 * Load a project file (the JSON format of README.md).  `name` is the file
 * name used in error messages (copied).  On PE_OK *out is a new project the
 * caller frees with pe_project_free(); on failure *out is NULL and err says
 * where and why.  The project's rules are its own "rules" member laid over
 * pe_rules_default().
 */
PE_MUST_CHECK pe_status pe_project_load_json(const char *buf, size_t len,
                                             const char *name, pe_project **out,
                                             pe_error *err);

void pe_project_free(pe_project *p); /* NULL is a no-op */

/* Replace the project's rules (copied).  Scores are stale until the next
 * pe_project_score(). */
void pe_project_set_rules(pe_project *p, const pe_rules *r);
const pe_rules *pe_project_rules(const pe_project *p);

/* The encoding of a table file's bytes. */
typedef enum pe_encoding {
    PE_ENC_AUTO = 0, /* UTF-8 when the bytes are valid UTF-8, else GB18030;
                        UTF-16 when they start with its byte-order mark */
    PE_ENC_UTF8,     /* with or without a byte-order mark */
    PE_ENC_GB18030,  /* and its subsets GBK and GB2312: Chinese Excel's
                        "CSV (逗号分隔)" */
    PE_ENC_UTF16     /* never forced; detected from the byte-order mark that
                        Excel's "Unicode 文本" writes */
} pe_encoding;

/* The encoding a name stands for, case-insensitive: "auto", "utf-8" or
 * "utf8", "gb18030", "gbk", "gb2312" (the last two read as GB18030, which
 * contains them).  PE_EUSAGE for any other name. */
PE_MUST_CHECK pe_status pe_encoding_from_name(const char *name,
                                              pe_encoding *out);

/* The canonical name: "auto", "UTF-8", "GB18030", "UTF-16".  Static. */
const char *pe_encoding_name(pe_encoding e);

/*
 * Options of pe_project_load_csv(), and what it found.  Zero-initialise
 * for the defaults (detect the encoding and the delimiter).
 */
typedef struct pe_csv_opts {
    /* in */
    pe_encoding encoding; /* PE_ENC_AUTO, PE_ENC_UTF8 or PE_ENC_GB18030 */
    char delimiter;       /* 0 detects it; else ',', ';' or '\t' */
    /* out, set on PE_OK */
    int transcoded;            /* the bytes were not UTF-8: a CLI says so */
    pe_encoding encoding_used; /* what the bytes were read as */
    char delimiter_used;       /* ',', ';' or '\t' */
} pe_csv_opts;

/* The delimiter a name stands for: "," "comma", ";" "semicolon", "\t"
 * (a real tab) "tab" "\\t" (backslash t, as typed in a shell), or "auto"
 * (*out = 0).  PE_EUSAGE for any other name. */
PE_MUST_CHECK pe_status pe_csv_delimiter_from_name(const char *name, char *out);

/*
 * Load a 附件1 table from len bytes of CSV or TSV as a spreadsheet saves
 * it.  The bytes may carry
 * a UTF-8 byte-order mark, be GB18030 (detected when they are not valid
 * UTF-8), and end their lines with CRLF, LF or a bare CR.  The form is
 * found by its labels (项目名称, 项目资金, 年度总体目标, the 绩效指标
 * header, 总分, 说明), not by positions; blank 一级/二级 cells (merged
 * cells) continue the row above, blank template rows ("指标1：", "……",
 * empty rows) are dropped and counted in the project's skipped count.
 *
 * `name` is the file name used in error messages (copied).  opts may be
 * NULL for the defaults; when not, its "out" members are set on PE_OK.
 * On PE_OK *out is a new project the caller frees with pe_project_free();
 * its rules are pe_rules_default() (a CSV file carries none: apply others
 * with pe_project_set_rules()), and every indicator and funds row knows
 * its physical line in the file.  On failure *out is NULL and err holds
 * the physical line (0 when the whole file is at fault) and a message a
 * clerk can act on: PE_EDATA for a table that cannot be read (empty,
 * binary, not text in the encoding, an unterminated quote, no 绩效指标
 * header, a weight that is not a number ...), PE_EUSAGE for bad opts,
 * PE_ENOMEM, or PE_EIO when the system cannot convert the encoding.
 */
PE_MUST_CHECK pe_status pe_project_load_csv(const char *buf, size_t len,
                                            const char *name, pe_csv_opts *opts,
                                            pe_project **out, pe_error *err);

/* A table of either kind: JSON when its first character (after a
 * byte-order mark and spaces) is "{", else the CSV form.  Arguments and
 * results as for the two loaders; opts is used only for CSV. */
PE_MUST_CHECK pe_status pe_project_load(const char *buf, size_t len,
                                        const char *name, pe_csv_opts *opts,
                                        pe_project **out, pe_error *err);

/* ------------------------------------------------------------ scoring */

/*
 * Score every row by the project's rules: computed scores, the final score
 * of each row (see README "How a row is scored"), the total and the grade,
 * and the findings.  PE_EDATA when a row cannot be scored (a judgement row
 * with no reported score, an unparsable target); err names the row.
 */
PE_MUST_CHECK pe_status pe_project_score(pe_project *p, pe_error *err);

/*
 * Read the rules off the table's own printed numbers, for a table that
 * comes without them (docs/rules.md, "A table without a rules file"): the
 * rounding and places (half-up or truncated, 0 to 2 places) under which
 * the printed row and funds scores agree with the computed ones, whether
 * the funds block counts toward the 总分 (not when the indicators' weights
 * alone make the 总分值), and whether 执行率 is taken on 年初预算数.
 * Where the evidence is absent or ties, the project's current rules (the
 * MoF default) stand.  Sets the project's rules and a note saying what
 * was inferred and from what (pe_project_rules_note()), also kept as an
 * info finding "rules".  PE_EDATA (with err) for a row that cannot be
 * read.
 */
PE_MUST_CHECK pe_status pe_project_infer_rules(pe_project *p, pe_error *err);

/* How the rules were chosen, for people ("rules inferred from the table:
 * truncate to 2 places (预算执行率 0.599 → 0.59)"); "" when nothing was
 * inferred.  Borrowed from p. */
const char *pe_project_rules_note(const pe_project *p);

/* 1 when the file carried its own rules (a project file's "rules"). */
int pe_project_has_rules(const pe_project *p);

/* Rows (and the funds block) that neither the rules nor the table score,
 * after pe_project_score(): each has an error finding "no-score" naming
 * the cell to fill, and the total leaves them out. */
size_t pe_project_unscored(const pe_project *p);

/* The name the project was loaded under: the file name, or "file:sheet"
 * for a table of a workbook (borrowed). */
const char *pe_project_source(const pe_project *p);

/* The 项目名称 (borrowed; "" when the table has none). */
const char *pe_project_name(const pe_project *p);

/* After pe_project_score(): the total and its grade (borrowed, lives as long
 * as p). */
pe_dec pe_project_total(const pe_project *p);
const char *pe_project_grade(const pe_project *p);

typedef enum pe_severity {
    PE_SEV_INFO,
    PE_SEV_WARNING,
    PE_SEV_ERROR
} pe_severity;

/* One remark scoring made about the table.  Borrowed from the project. */
typedef struct pe_finding {
    pe_severity severity;
    const char *code;   /* stable: "rounding-disagreement", ... */
    long row;           /* 1-based indicator number; 0 for the funds block,
                           -1 for the table as a whole */
    long line;          /* line in the source file, 0 when not known */
    const char *msg;    /* English, lower case, no final period */
    const char *msg_zh; /* the same in Chinese */
} pe_finding;

/*
 * Compare the computed total with a published one, `literal` as printed
 * ("95.58"): the total, rounded half-up or cut to the literal's places
 * (either matches), may differ from it by at most `tolerance` (NULL: 0).
 * A mismatch adds an "expect-mismatch" error finding and sets *mismatch.
 * PE_EUSAGE (with err) when literal or tolerance is not a number.
 */
PE_MUST_CHECK pe_status pe_project_expect_total(pe_project *p,
                                                const char *literal,
                                                const char *tolerance,
                                                int *mismatch, pe_error *err);

/* Number of indicator rows, and the 三级指标 of row `row` (1-based;
 * borrowed; "" when out of range). */
size_t pe_project_nindicators(const pe_project *p);
const char *pe_project_indicator_name(const pe_project *p, long row);

size_t pe_project_nfindings(const pe_project *p);
const pe_finding *pe_project_finding(const pe_project *p, size_t i);

/* ---------------------------------------------------------- rendering */

typedef struct pe_table_opts {
    int width;          /* total width in columns; <= 0 means 100 */
    int ambiguous_wide; /* East Asian ambiguous characters take 2 columns */
} pe_table_opts;

/* The 附件1 table, box-drawn, for a terminal.  Call after scoring. */
PE_MUST_CHECK pe_status pe_render_table(const pe_project *p,
                                        const pe_table_opts *o, pe_buf *out);

/* The rules as a JSON object, one member a line, with a final newline:
 * what a rules file holds (data/rules/mof-2020.json).  Appends to out. */
PE_MUST_CHECK pe_status pe_rules_render_json(const pe_rules *r, pe_buf *out);

/* The scored project as JSON: the project file format plus "total",
 * "grade", each row's "score" and its "computed" score where they differ.
 * It loads back with pe_project_load_json() and scores the same. */
PE_MUST_CHECK pe_status pe_render_json(const pe_project *p, pe_buf *out);

/*
 * Text from a table, made safe for a terminal: a control character (ESC
 * and the rest of C0 and C1, DEL) or a byte that is not UTF-8 becomes a
 * visible "\x1B", so that a cell cannot clear or recolour the screen and a
 * reviewer still sees that something was there.  Newlines and tabs are
 * kept when keep_lines is set.  Appends s[0..n) to out.
 */
PE_MUST_CHECK pe_status pe_term_text(pe_buf *out, const char *s, size_t n,
                                     int keep_lines);

/* Append s as one CSV field, quoted when it holds a comma, a quote, a line
 * end or leading/trailing spaces. */

PE_MUST_CHECK pe_status pe_csv_field(pe_buf *out, const char *s);

/* Append s as a JSON string literal, quotes and escapes included. */
PE_MUST_CHECK pe_status pe_json_quote(pe_buf *out, const char *s);

/* Display width in terminal columns of len bytes of UTF-8, from the width
 * table this library ships (never the locale).  Invalid bytes count 1. */
int pe_display_width(const char *s, size_t len, int ambiguous_wide);

/*
 * The table as GitHub-flavoured markdown, for reports and wikis: a
 * heading with the project name and year, then pipe tables for the
 * header, the funds, the goals and the indicators.  In cells, "|" and the
 * characters markdown would read as markup are backslash-escaped and line
 * breaks become "<br>", so a cell can neither split the table nor inject
 * HTML.  A final score that differs from the reported one reads
 * "0.60（填 0.59）".  Deterministic; every line ends in "\n".  Appends to
 * out; on failure (PE_ENOMEM) out may hold part of the text.
 */
PE_MUST_CHECK pe_status pe_render_markdown(const pe_project *p, pe_buf *out);

/*
 * A draft of the 绩效自评报告 (the narrative report filed with the 附件1)
 * from a SCORED project, in Chinese, as markdown: the title "2021年度
 * {项目名称}绩效自评报告", then 一、基本情况 (项目概况; 项目资金情况 with the
 * amounts in the table's unit and in 元, the computed 执行率 and, below
 * the rules' explain_rate_below, the reason the table gives),
 * 二、绩效目标及完成情况 (the goal texts as written), 三、评价工作简述,
 * 四、绩效指标分析 (per 一级指标: its weight and score, then each row;
 * then 偏差情况, the rows scored below their 分值 and their reasons),
 * 五、评价结论 (total, grade, rules), 六、存在的问题和改进措施 (the
 * table's remarks), 七、结果应用, and 附件1, pe_render_markdown() under
 * its own heading.  Every number is the table's, printed as the table
 * renderers print it; what only people know is left as a marker
 * "（待填写…）", never made up.  The wording is fixed: the same table
 * always gives the same bytes.  Appends to out; on failure out holds what
 * it held before.  PE_EUSAGE for a NULL argument or an unscored project;
 * PE_ENOMEM.
 */
PE_MUST_CHECK pe_status pe_render_report(const pe_project *p, pe_buf *out);

/*
 * The same report as a Word document (.docx) at `path`, set as GB/T
 * 9704-2012 sets an official document: A4, margins 37/35/28/26 mm, the
 * text 3号仿宋 on a grid of 22 lines of 28 characters, the title 2号小标宋
 * in balanced lines, headings 3号黑体 and 3号楷体, page numbers "— 1 —" in
 * the footer (odd pages right, even left), the 落款 after the text.  The
 * 附件1 follows in a section of its own (landscape when its columns need
 * it), "附件1" at its top left, as a Word table laid out as the form
 * (merged cells as the xlsx renderer merges them; column widths from its
 * content; the indicators' header row repeated on every page, no row
 * split across pages), which pe_book_open() reads back and scores to the
 * same total.  A final score that differs from the one written on the
 * table is noted under it.  The zip is deterministic: the same table
 * gives the same bytes.  Written all or nothing, as pe_render_xlsx()
 * writes.  PE_EUSAGE (with err) for a NULL argument, an unscored
 * project, or a NULL, empty or "-" path; PE_EIO with err naming path and
 * the reason; PE_ENOMEM.
 */
PE_MUST_CHECK pe_status pe_render_report_docx(const pe_project *p,
                                              const char *path, pe_error *err);

/*
 * A unit profile: what only the unit knows, for the sections of the
 * report the table cannot fill (perfeval report --unit FILE).  A JSON
 * object of texts, each optional (an empty one is not given):
 *
 *   单位名称      the 落款's unit (else the table's 实施单位)
 *   单位职能      一、（一）: the unit's functions, the project's basis
 *   评价工作组织  三、评价工作简述: how the evaluation was organised
 *   存在的问题    六、存在的问题和改进措施 (after the table's remarks)
 *   结果应用      七、结果应用
 *   落款日期      the 落款's date, as written ("2022年3月15日")
 *
 * A text's line breaks start new paragraphs.  A section the profile does
 * not fill stays marked 待填写.
 */
typedef struct pe_unit pe_unit;

typedef enum pe_unit_field {
    PE_UNIT_NAME,
    PE_UNIT_DUTIES,
    PE_UNIT_EVAL,
    PE_UNIT_PROBLEMS,
    PE_UNIT_USE,
    PE_UNIT_DATE,
    PE_UNIT_NFIELDS
} pe_unit_field;

/* Load a profile from buf[0..len) (name for messages) into *out, which
 * the caller frees with pe_unit_free().  PE_EDATA with err for text that
 * is not a JSON object, a key the profile does not take (named, with the
 * ones it takes), a value that is not a text, or a "format" other than
 * PE_JSON_UNIT (another of perfeval's outputs); PE_ENOMEM. */
PE_MUST_CHECK pe_status pe_unit_load(const char *buf, size_t len,
                                     const char *name, pe_unit **out,
                                     pe_error *err);

/* Text f of u (borrowed from u); "" when not given or u is NULL. */
const char *pe_unit_text(const pe_unit *u, pe_unit_field f);

void pe_unit_free(pe_unit *u);

/* A blank profile, "format": PE_JSON_UNIT and every key with "" (perfeval
 * init --unit), appended to out.  PE_ENOMEM, out then as it was. */
PE_MUST_CHECK pe_status pe_unit_template(pe_buf *out);

/*
 * The file name of p's report (report --outdir): its title as the report
 * gives it ("2021年度社区发展治理工作经费绩效自评报告"), what a file name
 * cannot hold on Windows or POSIX (/ \ : * ? " < > |, control characters,
 * a leading dot) as "_", cut to 180 bytes between characters, then "."
 * and ext.  Appended to out.  PE_EUSAGE for a NULL argument; PE_ENOMEM,
 * out then as it was.
 */
PE_MUST_CHECK pe_status pe_report_file_name(const pe_project *p,
                                            const char *ext, pe_buf *out);

/* pe_render_report() and pe_render_report_docx() with what the profile u
 * holds in the sections it fills; u NULL is none. */
PE_MUST_CHECK pe_status pe_render_report_unit(const pe_project *p,
                                              const pe_unit *u, pe_buf *out);
PE_MUST_CHECK pe_status pe_render_report_docx_unit(const pe_project *p,
                                                   const pe_unit *u,
                                                   const char *path,
                                                   pe_error *err);

/* Options of pe_render_csv().  Zero-initialised: comma, no byte-order
 * mark. */
typedef struct pe_csv_out_opts {
    char delimiter; /* ',' (0 means ','), ';' or '\t' */
    int bom;        /* start with a UTF-8 byte-order mark, as Excel wants */
} pe_csv_out_opts;

/*
 * The table as a spreadsheet saves the 附件1 form to CSV: one record per
 * form row, eight fields each (merged cells leave blanks), the indicator
 * header 一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分,
 * 偏差原因分析及改进措施, one record per indicator with its final score,
 * and the 总分 record (总分值, total, grade).  RFC 4180: fields holding the
 * delimiter, a quote, CR or LF (or leading/trailing spaces) are quoted,
 * records end in CRLF.  Against formula injection, a field that begins
 * with = + - @, a tab or CR is prefixed with "'" unless the whole field is
 * a number ("-5", "+1.5", "-5%" stay; "=1+1" becomes "'=1+1", and so does
 * a target written "=100%").  o may be NULL for the defaults.  PE_EUSAGE
 * for another delimiter.  Appends to out.
 */
PE_MUST_CHECK pe_status pe_render_csv(const pe_project *p,
                                      const pe_csv_out_opts *o, pe_buf *out);

/*
 * The table as an Excel workbook (.xlsx) at `path`, laid out as the
 * official 附件1 template: title and year merged across, merged label and
 * value cells, the funds block with amounts, 分值 and 得分 as numbers
 * ("0.00" with the rules' places) and 执行率 as a fraction shown "0.00%",
 * the goal texts merged and wrapped, the indicator rows with 一级/二级
 * merged down their groups, thin borders, column widths fitted to the
 * Chinese text, and the 总分 row with total and grade.  Prints on A4
 * landscape, one page wide.  A final score that differs from the reported
 * one carries a cell comment "填 0.59".
 *
 * The workbook is written to a temporary file beside path and renamed into
 * place, so a failure never leaves a partial file or clobbers an old one.
 * PE_EUSAGE (with err) for a NULL, empty or "-" path (a workbook needs a
 * file); PE_EIO with err naming path and the reason when the file cannot
 * be created or written; PE_ENOMEM; PE_EDATA when a cell is too long for
 * Excel (32,767 characters).
 */
PE_MUST_CHECK pe_status pe_render_xlsx(const pe_project *p, const char *path,
                                       pe_error *err);

/* ------------------------------------------------------------- review */

/* How `perfeval check` lists findings. */
typedef enum pe_check_format {
    PE_CHECK_TABLE, /* for people: aligned lines under the file name */
    PE_CHECK_JSON,  /* one JSON object per finding */
    PE_CHECK_CSV    /* one CSV record per finding */
} pe_check_format;

/* Flags for pe_render_finding(). */
#define PE_FINDING_ZH 1    /* the Chinese message */
#define PE_FINDING_COLOR 2 /* ANSI colour on the severity (table only) */

/*
 * Append finding i of a scored project as one record: a line for
 * PE_CHECK_TABLE, a JSON object (no separator) for PE_CHECK_JSON, a CSV
 * record with its line end for PE_CHECK_CSV.  `file` is the name written
 * into the record; flags are PE_FINDING_* or'ed together.
 */
PE_MUST_CHECK pe_status pe_render_finding(const pe_project *p, size_t i,
                                          const char *file, pe_check_format fmt,
                                          int flags, pe_buf *out);

/* The CSV header line matching pe_render_finding(PE_CHECK_CSV). */
#define PE_CHECK_CSV_HEADER "file,severity,code,row,line,indicator,message\n"

/* The opening of check's JSON (PE_JSON_CHECK) before the first
 * pe_render_finding(PE_CHECK_JSON); the caller closes the "findings" array
 * and adds the "summary" object (docs/json.md). */
#define PE_CHECK_JSON_HEADER                                                   \
    "{\"format\": \"" PE_JSON_CHECK "\", \"findings\": ["

/*
 * The text of a 绩效自评报告, for pe_report_check(): a .txt or .md file as
 * it is (UTF-8, or GB18030 when the bytes are not UTF-8; a byte-order mark
 * dropped, line ends made "\n"), a .docx's paragraphs in order with its
 * tables left out, one paragraph per line.  What the bytes are decides,
 * not `name` (used in messages, copied into err).  Appended to out, which
 * the caller frees with pe_buf_free().  PE_EDATA with err for a Word
 * 97-2003 .doc or another binary file, a damaged .docx, text that is not
 * UTF-8 or GB18030; PE_ENOMEM.
 */
PE_MUST_CHECK pe_status pe_report_text(const char *buf, size_t len,
                                       const char *name, pe_buf *out,
                                       pe_error *err);

/*
 * pe_report_text() of the file at path ("-": standard input), read in
 * bounded time and memory: PE_EDATA with err for a file over max bytes,
 * and for text that shows control bytes in its first chunk (/dev/zero is
 * refused at once, not read to its end); PE_EIO for a file that cannot be
 * read.
 */
PE_MUST_CHECK pe_status pe_report_read(const char *path, size_t max,
                                       pe_buf *out, pe_error *err);

/*
 * Check a report's text (len bytes of UTF-8, as pe_report_text() gives
 * it) against the SCORED table p: every number the text attributes to
 * something the table holds (执行率, 年初预算数/全年预算数/全年执行数,
 * 总分, the grade, the year, an indicator's 实际完成值) is compared with
 * it, by the rules in docs/rules.md ("A report against its table");
 * numbers it cannot attribute are left alone.  Each contradiction is an
 * error finding on p with code report-rate, report-money, report-score,
 * report-grade, report-year or report-indicator, whose message begins
 * "report_name:line: " (the report's line: its paragraph for a .docx),
 * says both values and quotes the sentence ("…" where it was cut to about
 * 80 characters around the number).  The findings last until the next
 * pe_project_score().  *n is the number added.  PE_EUSAGE (with err) when
 * p is not scored, PE_EDATA (with err->line) for text that is not UTF-8,
 * PE_ENOMEM; *n is 0 then and p has no new findings.
 */
PE_MUST_CHECK pe_status pe_report_check(pe_project *p, const char *text,
                                        size_t len, const char *report_name,
                                        size_t *n, pe_error *err);

/* ---------------------------------------------------- the long format */

/*
 * The long format: one CSV row per indicator with a project key column
 * (项目编号, else 项目名称) and the project's columns (主管部门,
 * 全年预算数, 全年执行数, 资金分值 ...) repeated on every row or given on
 * its first.  Read as a stream: feed it bytes as they come and it hands
 * over each project when the key changes, so memory follows the largest
 * project, not the file.
 */
typedef struct pe_long pe_long;

typedef struct pe_long_opts {
    char delimiter;   /* ',' (default), ';' or '\t' */
    size_t max_field; /* longest field in bytes (64 KiB) */
    size_t max_rows;  /* most indicator rows in one project (1,000,000) */
    pe_rules rules;   /* given to every project */
    int threads;      /* cores a file on disk is read on, each taking a
                         piece of it cut where a project ends (0, the
                         default: PERFEVAL_THREADS, else the machine's
                         processors).  A stream (pe_long_feed) is read on
                         the caller's thread.  The items come in the
                         file's order, the same whatever the number. */
    int scored;       /* 1: each project is scored (by `rules`) as it is
                         read, its findings only counted, and handed over
                         as item->result with no project: what reading a
                         file on several cores needs (0, the default:
                         handed over loaded, not scored) */
} pe_long_opts;

/* Defaults; rules are left for the caller to set (pe_rules_default). */
void pe_long_opts_default(pe_long_opts *o);

/* One project as it is handed over.  Everything is borrowed and lives
 * until the callback returns; the callback may score `project`. */
typedef struct pe_long_item {
    const char *key;     /* the project key */
    const char *name;    /* its 项目名称, "" when none was read */
    long line;           /* its first line in the file */
    pe_project *project; /* loaded, not scored; NULL when broken */
    const pe_error *err; /* why it is broken, else NULL */
    /* with opts.scored: the project scored, its record (broken or not;
     * project and err are then NULL); pe_long_score() takes it as it is */
    const struct pe_long_result *result;
} pe_long_item;

/* Called once per project in input order, one call at a time; a status
 * other than PE_OK stops the stream and is returned by
 * pe_long_feed()/pe_long_end().  A file read on several cores calls it
 * from any of them.  The callback and ctx are those of the first feed or
 * end call. */
typedef pe_status (*pe_long_fn)(void *ctx, const pe_long_item *item);

/* A new reader; `name` names the file in messages.  Free with
 * pe_long_free(). */
PE_MUST_CHECK pe_status pe_long_new(const char *name, const pe_long_opts *o,
                                    pe_long **out);

/*
 * Feed the next len bytes (any split, UTF-8, line ends CRLF, LF or CR).
 * A broken project (a weight that is not a number, a key that appears
 * again after other projects) is handed over with its error and the
 * stream goes on; a broken file (a quote never closed, no header) stops
 * it with PE_EDATA and err set.
 */
PE_MUST_CHECK pe_status pe_long_feed(pe_long *r, const char *buf, size_t len,
                                     pe_long_fn fn, void *ctx, pe_error *err);

/* One row of a worksheet (its cells from column A, "" where blank) at its
 * row number `line`, as pe_long_feed() takes a CSV record. */
PE_MUST_CHECK pe_status pe_long_feed_row(pe_long *r, long line,
                                         const char *const *cells, size_t n,
                                         pe_long_fn fn, void *ctx,
                                         pe_error *err);

/* The end of the input: hands over the last project. */
PE_MUST_CHECK pe_status pe_long_end(pe_long *r, pe_long_fn fn, void *ctx,
                                    pe_error *err);

/* One project of a long-format file, scored: what its result record says.
 * Strings are borrowed from the item and live as long as it does. */
typedef struct pe_long_result {
    const char *key, *name;
    long line;
    int scored; /* 0: the project is broken, see error */
    pe_dec total;
    const char *grade;
    size_t errors, warnings; /* findings at those severities */
    char error[600];         /* "file:line: message" when broken */
} pe_long_result;

/* Counts over a whole run, for the closing summary. */
typedef struct pe_long_tally {
    size_t projects, broken, errors, warnings;
} pe_long_tally;

/* Score the item's project by rules (NULL: its own) and fill res; an
 * item scored already (item->result) is copied, whatever rules says. */
PE_MUST_CHECK pe_status pe_long_score(const pe_long_item *it,
                                      const pe_rules *rules,
                                      pe_long_result *res);

/* The records, in the forms of pe_check_format: a header (CSV) or an
 * opening (JSON, PE_JSON_LONG), one record per project (first: the first one),
 * and the closing: the JSON summary, or with `summary` a line for people. */
PE_MUST_CHECK pe_status pe_render_long_begin(pe_buf *out, pe_check_format fmt);
PE_MUST_CHECK pe_status pe_render_long_record(pe_buf *out, pe_check_format fmt,
                                              const pe_long_result *r,
                                              int first);
PE_MUST_CHECK pe_status pe_render_long_end(pe_buf *out, pe_check_format fmt,
                                           const pe_long_tally *t, int summary);

void pe_long_free(pe_long *r); /* NULL is a no-op */

/* Does this start of a CSV file (its first few KiB) look like the long
 * format: a header row naming a project key and 三级指标 together? */
int pe_long_detect(const char *buf, size_t len);

/* -------------------------------------------- workbooks and documents */

/*
 * Workbooks and documents: an Excel or WPS workbook (.xlsx; .xls, Excel
 * 97-2003), or a Word document (.docx) with the 附件1 pasted in as a
 * table.  A workbook may hold several tables, one per sheet; each is a
 * 附件1 form, loaded as a CSV file is, or a long-format table, streamed.
 */
typedef struct pe_book pe_book;

typedef struct pe_book_opts {
    const char *sheet;   /* NULL: every visible sheet that holds a table; else
                            the sheet of that name or 1-based number, hidden
                            or not, whatever it holds */
    size_t max_size;     /* no part of the file may expand past this many
                            bytes (0: 1 GiB) */
    size_t max_unpacked; /* the parts together, every read counted, past
                            this many (0: 128 MiB) */
    size_t max_cells;    /* cells held of one sheet or document table, and
                            shared strings of a workbook (0: 2,000,000) */
} pe_book_opts;

/* Do these first bytes start a zip archive or an OLE file (what .xlsx,
 * .docx and .xls files are)? */
int pe_book_detect(const char *buf, size_t len);

/*
 * Open len bytes of a workbook or document; `name` names it in messages
 * (copied), and each table is named "name:sheet" ("t.xlsx:附件1",
 * "r.docx:table 3").  buf must outlive the book.  PE_EDATA with err for a
 * file that is damaged, cut short, protected by a password, neither a
 * workbook nor a document, holds no table, or has a part that expands
 * past max_size or carries a DTD; PE_EUSAGE for an opts.sheet it does not
 * have (err lists the sheets); PE_ENOMEM.  Free with pe_book_free().
 */
PE_MUST_CHECK pe_status pe_book_open(const char *buf, size_t len,
                                     const char *name, const pe_book_opts *o,
                                     pe_book **out, pe_error *err);
void pe_book_free(pe_book *b); /* NULL is a no-op */

/* The tables found, their names (borrowed), and whether one is in the
 * long format. */
size_t pe_book_count(const pe_book *b);
const char *pe_book_table_name(const pe_book *b, size_t i);
int pe_book_table_is_long(const pe_book *b, size_t i);
/* A Word document (its tables and its text), not a workbook. */
int pe_book_is_document(const pe_book *b);

/* Load table i, a 附件1 form, as pe_project_load_csv() loads one: messages
 * carry the table's name and the sheet's row numbers as lines.  A workbook
 * perfeval wrote carries its rules, and the project then has them
 * (pe_project_has_rules()). */
PE_MUST_CHECK pe_status pe_book_table_load(pe_book *b, size_t i,
                                           pe_project **out, pe_error *err);

/* Stream table i, a long-format table, through r (new for it) to fn, and
 * end it: pe_long_feed() and pe_long_end() in one. */
PE_MUST_CHECK pe_status pe_book_table_stream(pe_book *b, size_t i, pe_long *r,
                                             pe_long_fn fn, void *ctx,
                                             pe_error *err);

/* ----------------------------------------------------- any table file */

/*
 * Read a table file of any kind (reader.c): the first chunk decides.  A
 * workbook or document (.xlsx, .xls, .docx) is opened as a book; a
 * long-format file is streamed, never held, each project handed to
 * long_project as it is read (after long_start, once); anything else (a
 * project file, a CSV form) is loaded whole, not scored.  Binary data is
 * refused at the first chunk; a file held whole past max_file is refused.
 */
typedef enum pe_file_kind {
    PE_FILE_TABLE, /* a project file or a CSV/TSV form: .project */
    PE_FILE_BOOK,  /* a workbook or document: .book, reading .bytes */
    PE_FILE_LONG   /* a long-format file: streamed to the callbacks */
} pe_file_kind;

typedef struct pe_file_opts {
    pe_encoding encoding; /* of a CSV form (PE_ENC_AUTO) */
    char delimiter;       /* of a CSV form (0: detected) */
    const char *sheet;    /* of a book: pe_book_opts */
    size_t max_file;      /* bytes of a file held whole (1 GiB) */
    size_t max_cells;     /* of a book: pe_book_opts (0: 2,000,000) */
    size_t max_unpacked;  /* of a book: pe_book_opts (0: 128 MiB) */
    int allow_long;       /* 0: a long-format file is refused, PE_EUSAGE
                             with long_refusal as its message */
    const char *long_refusal;
    int long_refusal_names_file; /* the message names the file */
    pe_long_opts long_opts;      /* limits, rules and threads */
    pe_status (*long_start)(void *ctx);
    pe_long_fn long_project;
    void *ctx;
} pe_file_opts;

/* Defaults: detect everything, 1 GiB, long format refused, the long
 * reader's defaults with the MoF rules, its projects scored as read
 * (long_opts.scored: long_project gets item->result), a file on disk read
 * on every core (long_opts.threads 0). */
void pe_file_opts_default(pe_file_opts *o);

typedef struct pe_file {
    pe_file_kind kind;
    pe_project *project;       /* PE_FILE_TABLE: loaded, not scored */
    int transcoded;            /* PE_FILE_TABLE: not UTF-8, decoded */
    pe_encoding encoding_used; /* ... from this */
    char delimiter_used;       /* a CSV form's delimiter; 0 for JSON */
    pe_book *book;             /* PE_FILE_BOOK */
    pe_buf bytes;              /* PE_FILE_BOOK: what the book reads */
} pe_file;

/* Read path into f (freed with pe_file_free() whatever the status).  For
 * a long-format file, the status is the one that ended the stream:
 * PE_EDATA for a line that cannot be read, after the projects before it
 * (the broken one among them) were handed over. */
PE_MUST_CHECK pe_status pe_file_read(const char *path, const pe_file_opts *o,
                                     pe_file *f, pe_error *err);
/* A book's long-format table i, streamed to o's callbacks. */
PE_MUST_CHECK pe_status pe_file_stream_book(pe_book *b, size_t i,
                                            const pe_file_opts *o,
                                            pe_error *err);
void pe_file_free(pe_file *f);

/* ----------------------------------------------------------- one call */

/* The verdict of a run, as the perfeval command exits with it. */
typedef enum pe_verdict {
    PE_VERDICT_OK = 0,       /* success; a review found no error */
    PE_VERDICT_FINDINGS = 1, /* a review found errors; tables differ */
    PE_VERDICT_USAGE = 2,    /* a usage or input/output error */
    PE_VERDICT_DATA = 3      /* invalid input data */
} pe_verdict;

typedef struct pe_sink pe_sink; /* below, "files" */

/* What a person is told beside the result (how the rules were found, an
 * encoding guessed, a file that could not be read): one message in the
 * run's language, without its line end, not yet made safe for a terminal
 * (pe_term_text()).  ctx is the options' say_ctx.  Called on the caller's
 * thread, except by pe_check_files() when it is out of memory. */
typedef void (*pe_say_fn)(void *ctx, const char *text);

/*
 * How pe_score_file() reads and scores.  Zero everywhere (or opts NULL) is
 * the perfeval command's defaults, nothing said and a long-format file
 * refused.  The members after max_file came with pe_score_file_ex(): a
 * program built against the five-member struct is built again (a ctypes
 * caller declares them all).
 */
typedef struct pe_score_opts {
    const char *rules;    /* a rules file or a built-in set's name
                             ("mof-2020"); NULL: for a CSV table or a
                             workbook's, its NAME.rules.json beside it,
                             else the table's own rules, else the rules
                             its printed numbers show */
    const char *sheet;    /* a workbook's sheet (name, or N: the Nth table)
                             or a document's Nth table; NULL: the one */
    pe_encoding encoding; /* of a CSV file; 0 (PE_ENC_AUTO) detects */
    char delimiter;       /* of a CSV file; 0 detects */
    size_t max_file;      /* bytes of the file (and of a rules file); 0:
                             1 GiB */
    size_t max_cells;     /* of a workbook sheet: pe_book_opts (0: 2,000,000) */
    size_t max_unpacked;  /* of a workbook: pe_book_opts (0: 128 MiB) */
    size_t max_field;     /* of a long-format field (0: 64 KiB) */
    size_t max_rows;      /* of a long-format project (0: 1,000,000) */
    const pe_rules *rules_set; /* rules loaded already, over `rules`;
                                  borrowed for the call */
    pe_lang lang;              /* of what say is told */
    int quiet;                 /* tell say of failures only */
    pe_say_fn say;             /* NULL: nothing said */
    void *say_ctx;
    int review;       /* as `perfeval check` reads: a long-format
                         project with errors makes the verdict
                         PE_VERDICT_FINDINGS, and rules read off the
                         numbers are not said (they are a finding) */
    int strict;       /* review: a warning counts as an error */
    pe_sink *records; /* a long-format file (or workbook table): each
                         project scored and written here as a record
                         (pe_render_long_*) in records_format, the
                         closing line said unless quiet; NULL: such a
                         file is refused with long_refusal */
    pe_check_format records_format;
    const char *long_refusal;    /* NULL: the library's own words */
    int long_refusal_names_file; /* long_refusal is said of the file */
    int threads; /* a long-format file on disk read on this many cores;
                    0: PERFEVAL_THREADS, else the processors */
} pe_score_opts;

/* What pe_score_file_ex() did besides the project. */
typedef struct pe_score_info {
    int streamed; /* a long-format file: records went to opts->records */
    int verdict;  /* their pe_verdict (PE_VERDICT_OK when not streamed) */
} pe_score_info;

/* The rules file that stands beside a table: "t.rules.json" for "t.csv",
 * written into side (n bytes).  0 for "-" (standard input) or when n is too
 * small. */
int pe_rules_beside(const char *path, char *side, size_t n);

/*
 * Read any one table the perfeval command reads (CSV or TSV in UTF-8 or
 * GB18030, a project file, .xlsx, .xls, the 附件1 of a .docx), choose its
 * rules as `perfeval score FILE` does, and score it: *out is the scored
 * project, the caller's to pe_project_free().  opts NULL means the
 * command's defaults.  How the rules were chosen: pe_project_rules(),
 * pe_project_rules_note().  PE_EUSAGE with err for a file of several
 * tables without opts->sheet, or a long-format file (many projects: see
 * pe_long_*); the loaders' statuses otherwise.  *out is NULL on failure.
 */
PE_MUST_CHECK pe_status pe_score_file(const char *path,
                                      const pe_score_opts *opts,
                                      pe_project **out, pe_error *err);

/*
 * pe_score_file() and the long format: with opts->records set, a
 * long-format file (or a workbook's one long-format table) is scored
 * project by project as it is read, each project's record written to
 * opts->records (the caller opens and closes it), *out is NULL and *info
 * says so, with the records' verdict; a status other than PE_OK after
 * records were written (PE_EDATA: a line that cannot be read) leaves the
 * records before it in the sink, the JSON closed.  info may be NULL.
 */
PE_MUST_CHECK pe_status pe_score_file_ex(const char *path,
                                         const pe_score_opts *opts,
                                         pe_project **out, pe_score_info *info,
                                         pe_error *err);

/* --------------------------------------------------------------- diff */

/* What two tables differ in: opaque; see the accessors below. */
typedef struct pe_diff pe_diff;

typedef enum pe_diff_kind {
    PE_DIFF_CHANGED, /* a value of a row, the funds, the header or the rules */
    PE_DIFF_ADDED,   /* an indicator row (or the funds block) only in NEW */
    PE_DIFF_REMOVED, /* an indicator row (or the funds block) only in OLD */
    PE_DIFF_RENAMED  /* an indicator row whose 三级指标 was renamed */
} pe_diff_kind;

/*
 * One difference.  Every pointer is borrowed from the pe_diff and lives as
 * long as it; none points into the projects compared.
 *
 * row: the 1-based indicator row (in NEW; in OLD for a removed row), 0 for
 * the funds block, -1 for the table as a whole (header, rules), as in
 * pe_finding.
 * name: the 三级指标 (the new one for a renamed row), "项目资金" for the
 * funds, the header label ("项目名称", "年度", ...) or "评分规则".
 * level1, level2: the row's 一级/二级指标 as its table writes them; "" for
 * anything that is not an indicator row.
 * field: the project file's key of what changed: "target", "actual",
 * "weight", "score", "reported", "reason" and "name" (a rename) for rows;
 * "initial", "budget", "executed", "weight", "rate", "score" for the funds;
 * "name", "year", "department", "unit", "money_unit", "goal",
 * "goal_actual" for the header; "rounding", "places", "lower_is_better",
 * "rate_base", "funds_in_total", "grades" for the rules.  NULL for an added
 * or removed row.
 * label: the field as the 附件1 table names it ("实际完成值"); NULL when
 * field is.
 * old_value, new_value: the values as text, decimals exact ("10.00",
 * "59.93%"); NULL for a blank decimal cell and for added/removed rows.
 * delta: new − old of a score ("-1.67"), NULL for every other field.
 */
typedef struct pe_diff_change {
    pe_diff_kind kind;
    long row;
    const char *name;
    const char *level1;
    const char *level2;
    const char *field;
    const char *label;
    const char *old_value;
    const char *new_value;
    const char *delta;
} pe_diff_change;

/* The totals and grades of the two tables.  Borrowed from the pe_diff.
 * The texts keep each table's rounding places ("95.58"); delta_text has
 * the larger of the two ("-1.67"). */
typedef struct pe_diff_totals {
    pe_dec old_total, new_total, delta;
    const char *old_text, *new_text, *delta_text;
    const char *old_grade, *new_grade;
} pe_diff_totals;

/*
 * Compare two SCORED projects (pe_project_score() returned PE_OK on both,
 * and neither was changed since).  Indicator rows are matched by
 * (一级指标, 二级指标, 三级指标), with a weight written into a label
 * ("产出指标(50分)") ignored; rows left over are a rename when they hold
 * the same position in the same 一级/二级 group and have the same 指标值,
 * else added or removed.  Matched rows are compared by 指标值, 实际完成值,
 * 分值, final 得分, 偏差原因分析及改进措施 (and the evaluator's 得分 where
 * it is not the final one); the funds block by its amounts, 分值, 执行率
 * and 得分; the header by 项目名称, 年度, 主管部门, 实施单位, 金额单位 and
 * the goal texts; the rules by what changes scores.  Decimals compare by
 * value: "5.00" and "5" are the same weight.
 *
 * On PE_OK *out is a new diff the caller frees with pe_diff_free(); it
 * copies what it needs, so the projects may be freed first.  PE_EUSAGE
 * when an argument is NULL or a project is not scored, PE_ENOMEM, or
 * PE_ERANGE when a difference does not fit a pe_dec; *out is NULL then.
 */
PE_MUST_CHECK pe_status pe_project_diff(const pe_project *before,
                                        const pe_project *after, pe_diff **out);

void pe_diff_free(pe_diff *d); /* NULL is a no-op */

/* How many differences d holds: its changes, plus one when the total
 * differs and one when the grade does.  0 exactly when the two tables
 * agree in everything compared: `perfeval diff` exits 0 then, 1 else. */
size_t pe_diff_count(const pe_diff *d);

/* The changes, in table order: header, rules, funds, then the indicator
 * rows in NEW's order with removed rows where they stood in OLD.
 * pe_diff_get() returns NULL when i >= pe_diff_nchanges(d). */
size_t pe_diff_nchanges(const pe_diff *d);
const pe_diff_change *pe_diff_get(const pe_diff *d, size_t i);

/* The totals and grades; never NULL. */
const pe_diff_totals *pe_diff_totals_get(const pe_diff *d);

/*
 * Append the diff to out.  json == 0: for people, one line per changed
 * row and then the total, e.g.
 *
 *   R 旧名 → 新名
 *   ~ 参加培训人数: 实际完成值 280人 → 50人; 得分 10.00 → 8.33 (−1.67)
 *   - 旧指标 (产出指标/数量指标)
 *   + 新指标 (产出指标/数量指标)
 *   总分 95.58 → 93.91 (−1.67), 优 → 优
 *
 * (a removed row comes before the rows added in its place, as in diff(1);
 * a blank value prints as （空）; a delta carries − or +; a name that two
 * rows share is followed by its group; an identical pair prints only the
 * 总分 line, "总分 95.58 → 95.58 (0.00), 优 → 优").  json != 0: {"format":
 * PE_JSON_DIFF, "changes": [...], "total": {"old", "new", "delta"}, "grade":
 * {"old", "new"}, "count": n}, one change object per line with the members of
 * pe_diff_change ("old", "new"), decimals as exact text.  The text form shows
 * control characters in the tables' text escaped ("\x1B"), as pe_term_text()
 * does.
 */
PE_MUST_CHECK pe_status pe_render_diff(const pe_diff *d, int json, pe_buf *out);

/* -------------------------------------------------------- blank forms */

/*
 * Append a blank 附件1 table for a new project to out, for a clerk to fill
 * in: the MoF default structure of 财预〔2020〕10号, funds 分值 10 and one
 * row per usual 二级指标 with a weight, the weights adding up to 100:
 *
 *   产出指标 50: 数量指标 20, 质量指标 10, 时效指标 10, 成本指标 10
 *   效益指标 30: 经济效益指标 5, 社会效益指标 15, 生态效益指标 5,
 *                可持续影响指标 5
 *   满意度指标 10: 服务对象满意度指标 10
 *
 * format "json": a project file (README "The project file") with empty
 * name, target, actual, score and reason texts, blank amounts, reported
 * {"max": 100} and the default rules written out in full.  format "csv":
 * the same form in the 附件1 layout a spreadsheet saves (UTF-8, no
 * byte-order mark, CRLF line ends); a CSV carries no rules, so the
 * default ones apply.
 *
 * The weights stay in the template so that the structure shows.  A row
 * that keeps its weight but is left without a 三级指标 is therefore not a
 * blank template row: loading refuses it, naming the row ("indicator 7:
 * 三级指标 ("name") is empty"; in CSV "三级指标 is empty in a row with
 * values" with its line).  A 二级 the project does not need is deleted and
 * its weight given to the others; a second row of a 二级 is a copy of the
 * first with the weights split.  Until 全年预算数 is filled, scoring stops
 * at the funds block.
 *
 * year: the 年度 (1900 to 2200), or 0 to leave it blank.  PE_EUSAGE for
 * another year or a format other than "json" and "csv" (NULL is "json");
 * PE_ENOMEM.  On failure out holds what it held before.
 */
PE_MUST_CHECK pe_status pe_init_template(const char *format, int year,
                                         pe_buf *out);

/* The same blank form as a project (unscored), for pe_render_xlsx(): a
 * workbook to fill in.  The caller frees it with pe_project_free(). */
PE_MUST_CHECK pe_status pe_init_project(int year, pe_project **out);

/* -------------------------------------------------------------- files */

/*
 * Read a whole file ("-" is standard input) into out (appended; the caller
 * frees it with pe_buf_free()).  A UTF-8 byte-order mark is dropped.
 * PE_EIO with err naming the path and the system's reason.
 */
PE_MUST_CHECK pe_status pe_io_read(const char *path, pe_buf *out,
                                   pe_error *err);

/*
 * Look at the first bytes of a table file (a read's first chunk): PE_EDATA
 * with err when they already show it is no text table (a PDF, NUL bytes in
 * 8-bit text, UTF-16 without its mark), so that a reader stops at once
 * instead of reading a gigabyte of /dev/zero first.
 */
PE_MUST_CHECK pe_status pe_text_sniff(const char *buf, size_t len,
                                      const char *name, pe_error *err);

/*
 * Write len bytes to path through a temporary file in the same directory
 * and rename(2) it into place, so that a failure never leaves a partial
 * file.  "-" writes to standard output.  PE_EIO on any failure, including
 * a full disk or a closed output.
 */
PE_MUST_CHECK pe_status pe_io_write_atomic(const char *path, const char *data,
                                           size_t len, pe_error *err);

/*
 * An output file written in pieces, all or nothing: pe_sink_open() makes a
 * temporary file beside path ("-" is standard output, written straight
 * through), pe_sink_write() appends, pe_sink_close() with commit renames
 * it into place, without removes it.  Close frees the sink in both cases.
 */
typedef struct pe_sink pe_sink;
/* Remove the temporary files of outputs in flight on SIGINT, SIGTERM and
 * SIGHUP (then die of the signal as before), so that an interrupted run
 * leaves nothing behind.  Signals the caller ignores stay ignored.  SIGXFSZ
 * (a file size limit) is ignored, so that a write past the limit fails
 * with EFBIG and the run fails with its message, its staging file removed. */
void pe_io_cleanup_on_signals(void);
PE_MUST_CHECK pe_status pe_sink_open(const char *path, pe_sink **out,
                                     pe_error *err);
PE_MUST_CHECK pe_status pe_sink_write(pe_sink *s, const char *data, size_t len,
                                      pe_error *err);
PE_MUST_CHECK pe_status pe_sink_close(pe_sink *s, int commit, pe_error *err);
/* Close without committing: the output is dropped (NULL is a no-op). */
void pe_sink_abort(pe_sink *s);

/*
 * Read path ("-": standard input) in chunks and hand each to fn, for
 * streaming readers.  A status from fn other than PE_OK stops the read
 * and is returned.  PE_EIO with err on a read error.
 */
PE_MUST_CHECK pe_status pe_io_stream(const char *path,
                                     pe_status (*fn)(void *ctx, const char *buf,
                                                     size_t len),
                                     void *ctx, pe_error *err);

/* ------------------------------------------- the reviewer's summary */

/*
 * One record per table for a reviewer's desk (`perfeval check
 * --summary`): what the table is, the computed and the printed total,
 * the grade, how many findings of each severity, and whether it loaded.
 * A record owns every string in it (none is NULL; "" when unknown), and
 * every text is made safe on the way in: control characters and bytes
 * that are not UTF-8 (a file name from an old disk) are shown escaped
 * ("\xB2"), so any renderer can write them into JSON, CSV or a workbook
 * as they are.
 */
typedef enum pe_summary_status {
    PE_SUMMARY_OK,        /* loaded, no finding at error level */
    PE_SUMMARY_FINDINGS,  /* loaded, with errors (or warnings, strict) */
    PE_SUMMARY_UNLOADABLE /* the file or table could not be read */
} pe_summary_status;

/* A finding copied out of its project, for a list of all tables' findings
 * (the workbook's 问题清单).  Owned by its record. */
typedef struct pe_summary_finding {
    pe_severity severity;
    char *code;
    long row;        /* as pe_finding: 0 funds, -1 the table */
    long line;       /* 0 when not known */
    char *indicator; /* 三级指标 of the row, "" for none */
    char *msg, *msg_zh;
} pe_summary_finding;

typedef struct pe_summary_record {
    char *file;  /* the file as named on the command line or found */
    char *sheet; /* the sheet (or the document's table), "" for a file of
                    one table */
    char *name, *department, *unit; /* 项目名称, 主管部门, 实施单位 */
    int year;                       /* 0 when not known */
    int scored;                     /* total and grade are set */
    pe_dec total;                   /* perfeval's */
    int has_printed_total;
    pe_dec printed_total; /* the 总分 printed on the table */
    int has_delta;
    pe_dec delta;        /* total - printed_total, when both are known */
    char *grade;         /* perfeval's */
    char *printed_grade; /* the table's own, "" when it prints none */
    char *rules;         /* a rules file, a built-in name, or "inferred" */
    size_t errors, warnings, infos; /* every finding, whatever is shown */
    pe_summary_status status;
    char *reason, *reason_zh; /* the load error, or the first error */
    /* the money, in 万元 whatever unit the table uses (元 divided exactly
     * by 10,000), for the roll-up */
    int has_budget, has_executed;
    pe_dec budget, executed; /* 全年预算数, 全年执行数 */
    pe_summary_finding *findings;
    size_t nfindings;
} pe_summary_record;

/* How a record is judged: warnings count like errors toward its status. */
#define PE_SUMMARY_STRICT 1

/*
 * The record of a SCORED project p.  file and sheet (may be NULL) are
 * copied; rules_label names the rules when the caller knows better (the
 * -r file), NULL takes the rules' own name.  On PE_OK *out is a new
 * record the caller frees with pe_summary_record_free().  PE_EUSAGE for a
 * NULL or unscored p; PE_ENOMEM; PE_ERANGE when a total or an amount in
 * 元 cannot be held exactly.
 */
PE_MUST_CHECK pe_status pe_summary_record_new(
    const pe_project *p, const char *file, const char *sheet,
    const char *rules_label, int flags, pe_summary_record **out);

/* The record of a file or table that could not be loaded: status
 * unloadable, reason the error as pe_error_format() words it without the
 * file name.  Copies what it needs; the caller frees *out. */
PE_MUST_CHECK pe_status pe_summary_record_unloadable(const char *file,
                                                     const char *sheet,
                                                     const pe_error *err,
                                                     pe_summary_record **out);

void pe_summary_record_free(pe_summary_record *r); /* NULL is a no-op */

/* The records of a run, in input order.  pe_summary_new() gives an empty
 * list (NULL when out of memory) the caller frees with
 * pe_summary_free(), which frees its records too. */
typedef struct pe_summary pe_summary;
pe_summary *pe_summary_new(void);
void pe_summary_free(pe_summary *s); /* NULL is a no-op */
/* Append r; the list owns it from then on, also on failure (PE_ENOMEM:
 * r is freed). */
PE_MUST_CHECK pe_status pe_summary_add(pe_summary *s, pe_summary_record *r);
/* Move every record of src to the end of dst, in order; src is left
 * empty.  PE_ENOMEM leaves both as they were. */
PE_MUST_CHECK pe_status pe_summary_move(pe_summary *dst, pe_summary *src);
/* Free every record of s, leaving it empty (a run that has written its
 * records and needs them no more). */
void pe_summary_clear(pe_summary *s);
size_t pe_summary_count(const pe_summary *s);
/* Record i, borrowed from s; NULL past the end. */
const pe_summary_record *pe_summary_get(const pe_summary *s, size_t i);

/* How the summary is written. */
typedef struct pe_summary_opts {
    int zh;                   /* reasons and findings in Chinese */
    int bom;                  /* CSV: a UTF-8 byte-order mark first */
    pe_severity min_severity; /* the findings listed (workbook) */
    int ambiguous_wide;       /* table: ambiguous characters 2 columns */
} pe_summary_opts;

/* The CSV header and JSON opening (nothing for a table): the first bytes
 * of a summary, before any record.  fmt is PE_CHECK_CSV or
 * PE_CHECK_JSON.  Appends to out. */
PE_MUST_CHECK pe_status pe_render_summary_begin(pe_check_format fmt,
                                                const pe_summary_opts *o,
                                                pe_buf *out);
/* One record as a CSV line or a JSON object (with the separator before it
 * unless first), so that records go out as each table is done.  Appends
 * to out. */
PE_MUST_CHECK pe_status pe_render_summary_record(const pe_summary_record *r,
                                                 pe_check_format fmt,
                                                 const pe_summary_opts *o,
                                                 int first, pe_buf *out);
/* The end of a CSV or JSON summary: JSON closes the "tables" array and the
 * object.  Appends to out. */
PE_MUST_CHECK pe_status pe_render_summary_end(pe_check_format fmt,
                                              const pe_summary_opts *o,
                                              pe_buf *out);
/* All records as an aligned table for people, a header line first;
 * columns measured in display width (CJK two columns), the last
 * column, the reason, left ragged.  Appends to out. */
PE_MUST_CHECK pe_status pe_render_summary_table(const pe_summary *s,
                                                const pe_summary_opts *o,
                                                pe_buf *out);
/*
 * The summary as an Excel workbook at path, written all or nothing as
 * pe_render_xlsx() writes: sheet 汇总 one row per table (the columns of
 * the CSV, numbers as numbers, header frozen, autofilter), sheet 问题清单
 * every finding at min_severity or above with its file, sheet, row, line
 * and 三级指标, and 复核汇总 the roll-up of pe_rollup_new().  PE_EUSAGE (with
 * err) for a NULL, empty or "-" path; PE_EIO with err; PE_ENOMEM.
 */
PE_MUST_CHECK pe_status pe_render_summary_xlsx(const pe_summary *s,
                                               const pe_summary_opts *o,
                                               const char *path, pe_error *err);

/* ------------------------------------------------ folders and lists */

/*
 * The files a run reads, in order.  A name given is taken as it is,
 * whatever it is called ("-" is standard input); a folder is walked:
 * its entries sorted bytewise by name, folders entered where they sort
 * (a symlink back up the tree is entered once), and of its files those
 * pe_path_is_table_name() accepts taken, the others counted as skipped.
 * pe_paths_new() gives an empty list (NULL when out of memory) the caller
 * frees with pe_paths_free(); names are borrowed from it.
 */
typedef struct pe_paths pe_paths;
pe_paths *pe_paths_new(void);
void pe_paths_free(pe_paths *l); /* NULL is a no-op */
/* The run's own output (-o), when it is an existing file: a walk leaves
 * it out, so that a summary written into the folder it sums up is not
 * read as a table the next time.  Call before pe_paths_add(). */
void pe_paths_leave_out(pe_paths *l, const char *path);
/* Add path, walking it when it is a folder.  PE_EIO (with err) for a
 * folder that cannot be read; PE_ENOMEM. */
PE_MUST_CHECK pe_status pe_paths_add(pe_paths *l, const char *path,
                                     pe_error *err);
/* Add each name of a list (--files-from): len bytes of names, one a line
 * (CRLF too; blank lines left out), or NUL-separated when nul is set;
 * each as pe_paths_add() takes it.  PE_EDATA (with err) for a NUL byte in
 * a list of lines. */
PE_MUST_CHECK pe_status pe_paths_add_list(pe_paths *l, const char *buf,
                                          size_t len, int nul, pe_error *err);
size_t pe_paths_count(const pe_paths *l);
const char *pe_paths_get(const pe_paths *l, size_t i); /* NULL past the end */
/* Files of walked folders that were not tables. */
size_t pe_paths_skipped(const pe_paths *l);
/* 1 when a file so named is taken as a table in a folder: .csv .tsv .txt
 * .json .xlsx .xls .docx in any case, but not a hidden file, an Office
 * lock file (~$...), or a rules file (.rules.json). */
int pe_path_is_table_name(const char *name);

/* ------------------------------------------- the roll-up (复核汇总) */

/*
 * The summary rolled up per 主管部门 and overall: how many tables, how
 * many of each grade, the mean, lowest and highest total, the money
 * summed in 万元 with its 执行率, how many tables have errors and how
 * many did not load.  Exact decimals throughout.
 */
typedef struct pe_rollup_group {
    const char *department; /* "" for tables that name none; NULL for the
                               overall group */
    size_t tables;          /* records, unloadable ones included */
    size_t unloadable;
    size_t with_errors; /* status findings */
    size_t grades[4];   /* 优, 良, 中, 差 */
    size_t other_grade; /* a grade of other rules' names */
    size_t scored;      /* tables with a total: mean, lowest, highest */
    pe_dec mean;        /* the sum over scored, 2 places half-up */
    pe_dec lowest, highest;
    size_t funded; /* tables giving both 全年预算数 (not 0) and 全年执行数 */
    pe_dec budget, executed; /* their sums in 万元 */
    int has_rate;
    pe_dec rate; /* executed / budget as a percent, 2 places half-up */
} pe_rollup_group;

typedef struct pe_rollup pe_rollup;

/* The roll-up of s: one group per 主管部门 in byte order of the names,
 * then the overall group.  On PE_OK *out is new; the caller frees it with
 * pe_rollup_free().  Department names are borrowed from s: free the
 * roll-up first.  PE_ENOMEM; PE_ERANGE when a sum does not fit. */
PE_MUST_CHECK pe_status pe_rollup_new(const pe_summary *s, pe_rollup **out);
void pe_rollup_free(pe_rollup *r); /* NULL is a no-op */
size_t pe_rollup_count(const pe_rollup *r);
/* Group i (the last is the overall one); NULL past the end. */
const pe_rollup_group *pe_rollup_get(const pe_rollup *r, size_t i);

/* The roll-up as an aligned table, CSV (with o->bom) or JSON (an object
 * "format": "perfeval/rollup/1" with "departments" and "overall").
 * Appends to out. */
PE_MUST_CHECK pe_status pe_render_rollup(const pe_rollup *r,
                                         pe_check_format fmt,
                                         const pe_summary_opts *o, pe_buf *out);

/* ------------------------------------------ two desks, year on year */

/*
 * Two summaries (last year's folder, this year's) matched project by
 * project on 项目名称 and 实施单位 (`perfeval diff OLD_DIR NEW_DIR`).
 * Tables that did not load, or have no 项目名称, take no part.  Several
 * tables of one name and unit pair up in order.
 */
typedef enum pe_summary_change_kind {
    PE_CHANGE_SAME,       /* the same total and grade */
    PE_CHANGE_CHANGED,    /* another total or grade */
    PE_CHANGE_APPEARED,   /* only in the new folder */
    PE_CHANGE_DISAPPEARED /* only in the old one */
} pe_summary_change_kind;

typedef struct pe_summary_change {
    const pe_summary_record *old_rec, *new_rec; /* borrowed; NULL when
                                                   absent */
    pe_summary_change_kind kind;
    int has_change;
    pe_dec change; /* new total - old total, when both are known */
} pe_summary_change;

/*
 * The changes, one per project: the new summary's in its order, then the
 * ones that disappeared in the old one's order.  On PE_OK *out is a new
 * array of *n the caller frees with free(); its records are borrowed from
 * old and new, which must outlive it.  PE_ENOMEM; PE_ERANGE.
 */
PE_MUST_CHECK pe_status pe_summary_diff(const pe_summary *old_s,
                                        const pe_summary *new_s,
                                        pe_summary_change **out, size_t *n);

/* The changes as an aligned table or JSON (an object "format":
 * "perfeval/summary-diff/1" with a "projects" array).  Appends to out. */
PE_MUST_CHECK pe_status pe_render_summary_diff(const pe_summary_change *c,
                                               size_t n, pe_check_format fmt,
                                               const pe_summary_opts *o,
                                               pe_buf *out);

/* --------------------------------------------------- runs of files */

/* How pe_check_files() reviews and what it writes. */
typedef struct pe_check_opts {
    pe_score_opts read;    /* how each table is read and scored (rules,
                              sheet, limits); read.say is told every
                              message of the run, in read.lang; read.quiet
                              leaves out notes and the closing line */
    const char *format;    /* "table", "json" or "csv"; with summary also
                              "xlsx" (needs output) */
    const char *output;    /* written all or nothing; NULL or "-": standard
                              output */
    const char *expect;    /* the published total, or NULL */
    const char *tolerance; /* how far the total may be from it, or NULL */
    const char *report; /* a 绩效自评报告 checked against the one table */
    int strict;         /* warnings count as errors */
    int color;          /* ANSI colour on the findings (table) */
    int bom;            /* summary CSV: a UTF-8 byte-order mark first */
    int ambiguous_wide; /* summary table: ambiguous characters 2 columns */
    pe_severity min_severity; /* the findings listed; all are counted */
    int summary;              /* one record per table (pe_summary_*) */
    int rollup;               /* with summary: the 复核汇总 instead */
    int jobs;                 /* summary: files at a time; 0 the processors */
    /* summary: called after each file with the count done of n, on the
     * caller's thread, and once with n 0 when the files are done, before
     * the output is written; ctx is read.say_ctx.  NULL: nothing. */
    void (*progress)(void *ctx, size_t done, size_t n);
} pe_check_opts;

/*
 * Review the files of a run (`perfeval check`): each table read and scored
 * as pe_score_file() does, every table of a workbook under its own name,
 * a long-format file alone as records, and the findings (or with
 * o->summary the records, or the roll-up) written to o->output all or
 * nothing.  What could not be read is said through o->read.say and the
 * run goes on where the command goes on.  Returns the run's pe_verdict:
 * the worst that applies.
 */
int pe_check_files(const pe_paths *files, const pe_check_opts *o);

/*
 * Last year's desk against this year's (`perfeval diff OLD_DIR NEW_DIR`):
 * each folder's tables reviewed as pe_check_files() with o->summary does,
 * one record per project (项目名称 + 实施单位), the changes
 * (pe_render_summary_diff(), o->format "table" or "json") written to
 * o->output.  Returns the verdict: PE_VERDICT_FINDINGS when anything
 * changed, worse when a table or the output failed (said through
 * o->read.say).
 */
int pe_diff_desks(const char *old_dir, const char *new_dir,
                  const pe_check_opts *o);

/*
 * Would writing `output` replace one of the run's inputs: the table files
 * (paths[0..n-1], then the list `more`, which may be NULL), the rules
 * file beside each (when rules is NULL), the rules file `rules`, the
 * report `report`?  Whatever name it goes by (a symlink, a hard link,
 * ./x).  Returns that input's name (borrowed, or copied into side, n_side
 * bytes, for a rules file beside a table), or NULL when none: output NULL,
 * "-", or not an existing regular file.
 */
const char *pe_output_clash(const char *output, const char *rules,
                            const char *report, char *const *paths, size_t n,
                            const pe_paths *more, char *side, size_t n_side);

/*
 * A name in dir for the report of p (ext "md" or "docx") that no file has:
 * pe_report_file_name(), then "（2）", "（3）" … before the extension;
 * written into path (reset first).  The check and the write are not one
 * step: a file made in between by someone else would still be replaced.
 * PE_ENOMEM.
 */
PE_MUST_CHECK pe_status pe_report_free_name(const char *dir,
                                            const pe_project *p,
                                            const char *ext, pe_buf *path);

#ifdef __cplusplus
}
#endif
#endif