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

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PE_VERSION "0.1.0"

/* ---------------------------------------------------------------- status */

typedef enum pe_status {
    PE_OK = 0,
    PE_ENOMEM,  /* allocation failed */
    PE_EIO,     /* reading or writing failed */
    PE_EDATA,   /* the input is not a valid table (exit code 3) */
    PE_EUSAGE,  /* a caller error: bad argument (exit code 2) */
    PE_ERANGE   /* a number is outside what pe_dec can hold exactly */
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
} pe_error;

/* Write "file:line:column: msg" (parts that are unknown are left out) into
 * buf (always NUL-terminated when n > 0).  Returns buf. */
char *pe_error_format(const pe_error *err, char *buf, size_t n);

/* ---------------------------------------------------------------- decimals */

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
    PE_ROUND_HALF_UP,  /* ties away from zero: 2.675 -> 2.68 (platform SQL) */
    PE_ROUND_TRUNCATE  /* toward zero: 0.599 -> 0.59 (the 2021 seed table) */
} pe_round;

/* Parse an ASCII decimal "[+-]digits[.digits]" of exactly len bytes (no
 * spaces, no exponent).  PE_EDATA on bad syntax, PE_ERANGE when it has more
 * than PE_DEC_MAX_DIGITS digits or more than PE_DEC_MAX_SCALE places. */
pe_status pe_dec_parse(const char *s, size_t len, pe_dec *out);

/* pe_dec_parse on a NUL-terminated string. */
pe_status pe_dec_parse_cstr(const char *s, pe_dec *out);

/* Write the value with exactly d.scale places ("95.58", "-0.50", "3").
 * buf needs PE_DEC_BUFSIZE bytes.  Returns buf. */
#define PE_DEC_BUFSIZE 32
char *pe_dec_format(pe_dec d, char *buf);

/* Write the value with exactly `places` places, padding with zeros or
 * dropping digits by `mode`. */
char *pe_dec_format_places(pe_dec d, int places, pe_round mode, char *buf);

pe_dec pe_dec_from_int(int64_t v);
int pe_dec_cmp(pe_dec a, pe_dec b);   /* -1, 0, 1; exact */
int pe_dec_sign(pe_dec a);            /* -1, 0, 1 */
int pe_dec_is_zero(pe_dec a);
/* Sum and difference; the result has the larger of the two scales.
 * PE_ERANGE on overflow. */
pe_status pe_dec_add(pe_dec a, pe_dec b, pe_dec *out);
pe_status pe_dec_sub(pe_dec a, pe_dec b, pe_dec *out);
/* Exact a*b/c, rounded once to `places` places by `mode`.  This is the one
 * rounding step of the scoring path.  PE_EUSAGE when c is zero, PE_ERANGE
 * when the result does not fit. */
pe_status pe_dec_muldiv(pe_dec a, pe_dec b, pe_dec c, int places,
                        pe_round mode, pe_dec *out);
/* Compare the exact a*b/c with d without rounding: *cmp is -1, 0 or 1.
 * PE_EUSAGE when c is zero. */
pe_status pe_dec_muldiv_cmp(pe_dec a, pe_dec b, pe_dec c, pe_dec d, int *cmp);
/* Round a itself to `places` places (a*1/1). */
pe_status pe_dec_round(pe_dec a, int places, pe_round mode, pe_dec *out);
/* Drop trailing fractional zeros: 1.500 -> 1.5, 2.00 -> 2. */
pe_dec pe_dec_normalize(pe_dec a);

/* ---------------------------------------------------------------- cells */

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
pe_status pe_cell_parse(const char *s, size_t len, pe_cell *out);

/* The comparator as the table prints it: "≥", "≤", ... ("" for NONE). */
const char *pe_cmp_symbol(pe_cmp c);

/* ---------------------------------------------------------------- rules */

typedef enum pe_lower_formula {
    PE_LOWER_RATIO,  /* target / actual * weight (older forms) */
    PE_LOWER_LINEAR  /* (1 - (actual - target) / target) * weight, >= 0 */
} pe_lower_formula;

typedef enum pe_rate_base {
    PE_BASE_BUDGET,  /* 全年预算数 (财预〔2020〕10号) */
    PE_BASE_INITIAL  /* 年初预算数 (some older forms) */
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

/* A rule set.  A value type; copy it freely. */
typedef struct pe_rules {
    char name[64];
    pe_round rounding;
    int places;                    /* 0..6 */
    pe_lower_formula lower;
    pe_rate_base rate_base;
    int funds_in_total;            /* the funds block counts toward 总分 */
    pe_dec overachieve_ratio;      /* 1.2: actual/target at which 偏离度 asks why */
    pe_dec explain_rate_below;     /* 0.7: execution rates below need a reason */
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

/* Load a rules object from JSON text (the "rules" member of a project file,
 * or a file of its own).  Members left out keep the values *r had on entry,
 * so start from pe_rules_default().  err->file is set to `name`. */
pe_status pe_rules_load_json(const char *buf, size_t len, const char *name,
                             pe_rules *r, pe_error *err);

/* ---------------------------------------------------------------- project */

/* A loaded 附件1 table: opaque; see the accessors below. */
typedef struct pe_project pe_project;

/*
 * Load a project file (the JSON format of README.md).  `name` is the file
 * name used in error messages (copied).  On PE_OK *out is a new project the
 * caller frees with pe_project_free(); on failure *out is NULL and err says
 * where and why.  The project's rules are its own "rules" member laid over
 * pe_rules_default().
 */
pe_status pe_project_load_json(const char *buf, size_t len, const char *name,
                               pe_project **out, pe_error *err);

void pe_project_free(pe_project *p); /* NULL is a no-op */

/* Replace the project's rules (copied).  Scores are stale until the next
 * pe_project_score(). */
void pe_project_set_rules(pe_project *p, const pe_rules *r);
const pe_rules *pe_project_rules(const pe_project *p);

/*
 * Score every row by the project's rules: computed scores, the final score
 * of each row (see README "How a row is scored"), the total and the grade,
 * and the findings.  PE_EDATA when a row cannot be scored (a judgement row
 * with no reported score, an unparsable target); err names the row.
 */
pe_status pe_project_score(pe_project *p, pe_error *err);

/* The 项目名称 (borrowed; "" when the table has none). */
const char *pe_project_name(const pe_project *p);

/* After pe_project_score(): the total and its grade (borrowed, lives as long
 * as p). */
pe_dec pe_project_total(const pe_project *p);
const char *pe_project_grade(const pe_project *p);

typedef enum pe_severity { PE_SEV_INFO, PE_SEV_WARNING, PE_SEV_ERROR } pe_severity;

/* One remark scoring made about the table.  Borrowed from the project. */
typedef struct pe_finding {
    pe_severity severity;
    const char *code; /* stable: "rounding-disagreement", ... */
    long row;         /* 1-based indicator number; 0 for the funds block,
                         -1 for the table as a whole */
    long line;        /* line in the source file, 0 when not known */
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
pe_status pe_project_expect_total(pe_project *p, const char *literal,
                                  const char *tolerance, int *mismatch,
                                  pe_error *err);

/* Number of indicator rows, and the 三级指标 of row `row` (1-based;
 * borrowed; "" when out of range). */
size_t pe_project_nindicators(const pe_project *p);
const char *pe_project_indicator_name(const pe_project *p, long row);

size_t pe_project_nfindings(const pe_project *p);
const pe_finding *pe_project_finding(const pe_project *p, size_t i);

/* ---------------------------------------------------------------- output */

/* A growable byte buffer.  Zero-initialise it; free data with
 * pe_buf_free().  Renderers append to it. */
typedef struct pe_buf {
    char *data;
    size_t len;
    size_t cap;
} pe_buf;

pe_status pe_buf_append(pe_buf *b, const char *s, size_t n);
pe_status pe_buf_puts(pe_buf *b, const char *s);
pe_status pe_buf_printf(pe_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void pe_buf_free(pe_buf *b);

typedef struct pe_table_opts {
    int width;          /* total width in columns; <= 0 means 100 */
    int ambiguous_wide; /* East Asian ambiguous characters take 2 columns */
} pe_table_opts;

/* The 附件1 table, box-drawn, for a terminal.  Call after scoring. */
pe_status pe_render_table(const pe_project *p, const pe_table_opts *o,
                          pe_buf *out);

/* The scored project as JSON: the project file format plus "total",
 * "grade", each row's "score" and its "computed" score where they differ.
 * It loads back with pe_project_load_json() and scores the same. */
pe_status pe_render_json(const pe_project *p, pe_buf *out);

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
pe_status pe_render_finding(const pe_project *p, size_t i, const char *file,
                            pe_check_format fmt, int flags, pe_buf *out);

/* The CSV header line matching pe_render_finding(PE_CHECK_CSV). */
#define PE_CHECK_CSV_HEADER "file,severity,code,row,line,indicator,message\n"

/* Append s as one CSV field, quoted when it holds a comma, a quote, a line
 * end or leading/trailing spaces. */
pe_status pe_csv_field(pe_buf *out, const char *s);

/* Append s as a JSON string literal, quotes and escapes included. */
pe_status pe_json_quote(pe_buf *out, const char *s);

/* Display width in terminal columns of len bytes of UTF-8, from the width
 * table this library ships (never the locale).  Invalid bytes count 1. */
int pe_display_width(const char *s, size_t len, int ambiguous_wide);

/* ---------------------------------------------------------------- long */

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
} pe_long_item;

/* Called once per project in input order; a status other than PE_OK stops
 * the stream and is returned by pe_long_feed()/pe_long_end(). */
typedef pe_status (*pe_long_fn)(void *ctx, const pe_long_item *item);

/* A new reader; `name` names the file in messages.  Free with
 * pe_long_free(). */
pe_status pe_long_new(const char *name, const pe_long_opts *o, pe_long **out);

/*
 * Feed the next len bytes (any split, UTF-8, line ends CRLF, LF or CR).
 * A broken project (a weight that is not a number, a key that appears
 * again after other projects) is handed over with its error and the
 * stream goes on; a broken file (a quote never closed, no header) stops
 * it with PE_EDATA and err set.
 */
pe_status pe_long_feed(pe_long *r, const char *buf, size_t len, pe_long_fn fn,
                       void *ctx, pe_error *err);

/* The end of the input: hands over the last project. */
pe_status pe_long_end(pe_long *r, pe_long_fn fn, void *ctx, pe_error *err);

/* Indicator rows read so far. */
size_t pe_long_rows(const pe_long *r);

void pe_long_free(pe_long *r); /* NULL is a no-op */

/* Does this start of a CSV file (its first few KiB) look like the long
 * format: a header row naming a project key and 三级指标 together? */
int pe_long_detect(const char *buf, size_t len);

/* ---------------------------------------------------------------- I/O */

/*
 * Read a whole file ("-" is standard input) into out (appended; the caller
 * frees it with pe_buf_free()).  A UTF-8 byte-order mark is dropped.
 * PE_EIO with err naming the path and the system's reason.
 */
pe_status pe_io_read(const char *path, pe_buf *out, pe_error *err);

/*
 * Write len bytes to path through a temporary file in the same directory
 * and rename(2) it into place, so that a failure never leaves a partial
 * file.  "-" writes to standard output.  PE_EIO on any failure, including
 * a full disk or a closed output.
 */
pe_status pe_io_write_atomic(const char *path, const char *data, size_t len,
                             pe_error *err);

/*
 * An output file written in pieces, all or nothing: pe_sink_open() makes a
 * temporary file beside path ("-" is standard output, written straight
 * through), pe_sink_write() appends, pe_sink_close() with commit renames
 * it into place, without removes it.  Close frees the sink in both cases.
 */
typedef struct pe_sink pe_sink;
pe_status pe_sink_open(const char *path, pe_sink **out, pe_error *err);
pe_status pe_sink_write(pe_sink *s, const char *data, size_t len,
                        pe_error *err);
pe_status pe_sink_close(pe_sink *s, int commit, pe_error *err);

/*
 * Read path ("-": standard input) in chunks and hand each to fn, for
 * streaming readers.  A status from fn other than PE_OK stops the read
 * and is returned.  PE_EIO with err on a read error.
 */
pe_status pe_io_stream(const char *path,
                       pe_status (*fn)(void *ctx, const char *buf, size_t len),
                       void *ctx, pe_error *err);

#ifdef __cplusplus
}
#endif
#endif
