/* Internal layout of a project; shared by the loaders, the scorer and the
 * renderers.  Not part of the public API. */
#ifndef PE_PROJECT_H
#define PE_PROJECT_H

#include "perfeval.h"

/* An optional decimal: a cell that may be blank. */
typedef struct pe_opt_dec {
    int present;
    pe_dec v;
} pe_opt_dec;

/* How a row's final score came about. */
typedef enum pe_basis {
    PE_BASIS_COMPUTED,  /* the rules' value; no reported score, or equal */
    PE_BASIS_REPORTED,  /* the evaluator's judgement, allowed by the rules */
    PE_BASIS_OVERRIDE   /* reported score not allowed; computed one used */
} pe_basis;

/* Qualitative achievement bands (DOMAIN.md: 达成 [80,100], 部分达成 [60,80),
 * 未达成 [0,60) of the weight). */
typedef enum pe_band {
    PE_BAND_NONE = 0, /* not a qualitative judgement */
    PE_BAND_MET,
    PE_BAND_PARTLY,
    PE_BAND_NOT_MET,
    PE_BAND_UNKNOWN   /* actual text says nothing we recognise */
} pe_band;

typedef struct pe_indicator {
    char *level1;  /* 一级指标, owned, never NULL ("" when blank); when
                      `packed`, one block holding all six texts */
    char *level2;  /* 二级指标 */
    char *name;    /* 三级指标 */
    char *target;  /* 指标值 as written */
    char *actual;  /* 实际完成值 as written */
    char *reason;  /* 偏差原因分析及改进措施 */
    pe_dec weight; /* 分值 */
    int weight_set; /* 分值 was written */
    pe_opt_dec reported; /* 得分 as written on the table */
    long line;     /* line in the source (CSV), 0 when unknown */
    int packed;    /* the texts live in the project's arena, not apart */

    /* Filled by pe_project_score(), or by a loader that sets cells_parsed. */
    pe_cell tcell, acell;
    int cells_parsed;
    int computable;     /* the rules give a score for this row */
    pe_dec computed;    /* rounded; valid when computable */
    pe_dec qa, qb, qc;  /* computed = qa*qb/qc before rounding */
    pe_dec score;       /* final score of the row */
    pe_basis basis;
    pe_band band;
    int overachieved;   /* met at overachieve_ratio × target or more */
} pe_indicator;

typedef struct pe_fund_row {
    char *name;          /* "年度资金总额", "本年财政拨款", owned */
    pe_opt_dec initial;  /* 年初预算数 */
    pe_opt_dec budget;   /* 全年预算数 */
    pe_opt_dec executed; /* 全年执行数 */
    long line;
} pe_fund_row;

typedef struct pe_funds {
    int present;
    pe_opt_dec weight;        /* 分值 */
    pe_fund_row total;        /* 年度资金总额 */
    pe_fund_row *parts;       /* 其中 rows, owned */
    size_t nparts;
    char *reported_rate;      /* 执行率 as printed ("59.90%"), owned, may be NULL */
    pe_opt_dec reported;      /* 得分 as printed */

    /* Filled by pe_project_score(). */
    int computable;
    pe_dec rate;        /* 执行数/预算数 as a fraction, exact to 6 places (truncated) */
    pe_dec rate_exec, rate_base; /* the two sums the rate divides */
    pe_dec computed;    /* rounded score */
    pe_dec qa, qb, qc;  /* computed = qa*qb/qc before rounding */
    pe_dec score;       /* final */
    pe_basis basis;
} pe_funds;

struct pe_finding_store {
    pe_finding f;
    char *code;
    char *msg;
    char *msg_zh;
};

/* Memory handed out by pe_project_alloc(), freed with the project. */
typedef struct pe_arena_block {
    struct pe_arena_block *next;
    size_t used, cap;
    char data[];
} pe_arena_block;

struct pe_project {
    char *source;      /* file name for messages, owned */
    pe_arena_block *arena;
    char *name;        /* 项目名称 */
    int year;          /* 0 when not given */
    char *dept_code;   /* 主管部门代码 */
    char *dept;        /* 主管部门 */
    char *unit;        /* 实施单位 */
    char *money_unit;  /* "万元" or "元" */
    char *goal;        /* 年度总体目标 / 预期目标 */
    char *goal_actual; /* 实际完成情况 */
    char *note;        /* 说明 */
    pe_funds funds;
    pe_indicator *ind;
    size_t nind;
    size_t skipped;    /* blank template rows dropped while loading */
    pe_opt_dec reported_max;   /* 总分值 */
    pe_opt_dec reported_total; /* 总分 */
    char *reported_grade;
    pe_rules rules;

    /* Filled by pe_project_score(). */
    int scored;
    pe_dec total;
    char grade[16];
    struct pe_finding_store *findings;
    size_t nfindings;
};

/* A number cell (分值, 得分, 预算数): blank sets *present to 0; "10分"
 * is a number, and with `money` so are "3万元" and "30000元" (the unit is
 * the caller's business).  PE_EDATA when it is not a plain number,
 * PE_ERANGE when it has too many digits.  In cell.c. */
pe_status pe_number_cell(const char *s, int money, pe_dec *out, int *present);

/* n bytes that live as long as p (a loader's row texts: one project of a
 * province's file may have many thousand rows).  NULL when out of memory. */
void *pe_project_alloc(pe_project *p, size_t n);

/* Room for `need` elements of `size` bytes in the array p of *cap
 * elements: doubles from `first`.  Returns the (maybe moved) array with
 * *cap updated, or NULL (p untouched and still owned by the caller). */
void *pe_grow(void *p, size_t *cap, size_t need, size_t size, size_t first);

/* Helpers shared by the modules; defined in project.c. */
char *pe_strdup_or_empty(const char *s);
pe_project *pe_project_new(const char *source);
/* Add a finding with its message in English and in Chinese: two formats
 * that take the same arguments in the same order. */
pe_status pe_project_add_finding(pe_project *p, pe_severity sev,
                                 const char *code, long row, long line,
                                 const char *fmt_en, const char *fmt_zh, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 8), format(printf, 7, 8)))
#endif
    ;
void pe_project_clear_findings(pe_project *p);
void pe_error_set(pe_error *err, const char *file, long line, long column,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
