/* Internal layout of a project; shared by the loaders, the scorer and the
 * renderers.  Not part of the public API. */
#ifndef PE_PROJECT_H
#define PE_PROJECT_H

#include "cell.h"
#include "os.h"
#include "perfeval.h"
#include "util.h"

/* An optional decimal: a cell that may be blank. */
typedef struct pe_opt_dec {
    int present;
    pe_dec v;
} pe_opt_dec;

/* How a row's final score came about. */
typedef enum pe_basis {
    PE_BASIS_COMPUTED, /* the rules' value; no reported score, or equal */
    PE_BASIS_REPORTED, /* the evaluator's judgement, allowed by the rules */
    PE_BASIS_OVERRIDE  /* reported score not allowed; computed one used */
} pe_basis;

/* Qualitative achievement bands (docs/rules.md: 达成 [80,100], 部分达成
 * [60,80), 未达成 [0,60) of the weight). */
typedef enum pe_band {
    PE_BAND_NONE = 0, /* not a qualitative judgement */
    PE_BAND_MET,
    PE_BAND_PARTLY,
    PE_BAND_NOT_MET,
    PE_BAND_UNKNOWN /* actual text says nothing we recognise */
} pe_band;

/* Why the rules give a row no score of their own, so that the
 * evaluator's 得分 is all there is (docs/rules.md, "Rows the rules cannot
 * score"). */
typedef enum pe_why {
    PE_WHY_NONE = 0,
    PE_WHY_NO_WEIGHT, /* no 分值: the municipal form, or a cell left blank */
    PE_WHY_CRITERION, /* neither 指标值 nor 实际完成值: a stated criterion */
    PE_WHY_NO_TARGET,    /* 指标值 blank */
    PE_WHY_NO_ACTUAL,    /* 实际完成值 blank */
    PE_WHY_UNITS,        /* numbers in units that do not convert */
    PE_WHY_INCOMPARABLE, /* a number against words: "100%" / "按时限完成" */
    PE_WHY_JUDGEMENT, /* a missed deadline, a qualitative band below 达成 */
    PE_WHY_NO_BUDGET  /* funds: 全年预算数 zero or missing */
} pe_why;

typedef struct pe_indicator {
    char *level1;   /* 一级指标, owned, never NULL ("" when blank); when
                       `packed`, one block holding all six texts */
    char *level2;   /* 二级指标 */
    char *name;     /* 三级指标 */
    char *target;   /* 指标值 as written */
    char *actual;   /* 实际完成值 as written */
    char *reason;   /* 偏差原因分析及改进措施 */
    pe_dec weight;  /* 分值; 0 when not written */
    int weight_set; /* 分值 was written: the municipal 20/80 form has no
                       per-row 分值, and its rows stand on their 得分 */
    pe_opt_dec reported; /* 得分 as written on the table */
    long line;           /* line in the source (CSV), 0 when unknown */
    int packed;          /* the texts live in the project's arena, not apart */

    /* Filled by pe_project_score(), or by a loader that sets cells_parsed. */
    pe_cell tcell, acell;
    int cells_parsed;
    int computable;    /* the rules give a score for this row */
    pe_dec computed;   /* rounded; valid when computable */
    pe_dec qa, qb, qc; /* computed = qa*qb/qc before rounding */
    pe_dec score;      /* final score of the row; valid when has_score */
    int has_score;     /* 0: neither the rules nor the table give one */
    pe_basis basis;
    pe_band band;
    int overachieved; /* met at overachieve_ratio × target or more */
    int why;          /* pe_why: why the rules give no score */
    /* A bare 0 < x <= 1 against a percent target (docs/rules.md, "A bare
     * fraction against a percent target"): which reading was taken, the
     * actual in percent as read and as the other reading gives it, and
     * the other reading's rounded score where the two differ. */
    int frac; /* PE_FRAC_* */
    pe_dec frac_pct, frac_alt_pct, frac_alt_score;
    int frac_differs; /* the other reading scores the row otherwise */
    /* The row has no 分值 and no 得分 of its own, in a form without
     * per-row 分值: it lies under the 得分 of an earlier row of its 一级
     * group, merged down over it (docs/rules.md, "A 得分 merged over
     * several rows").  The 1-based index of that row, else 0. */
    size_t shares;
} pe_indicator;

enum { PE_FRAC_NONE = 0, PE_FRAC_HUNDREDFOLD, PE_FRAC_AS_WRITTEN };

typedef struct pe_fund_row {
    char *name;          /* "年度资金总额", "本年财政拨款", owned */
    pe_opt_dec initial;  /* 年初预算数 */
    pe_opt_dec budget;   /* 全年预算数 */
    pe_opt_dec executed; /* 全年执行数 */
    long line;
} pe_fund_row;

typedef struct pe_funds {
    int present;
    pe_opt_dec weight;  /* 分值 */
    pe_fund_row total;  /* 年度资金总额 */
    pe_fund_row *parts; /* 其中 rows, owned */
    size_t nparts;
    char *reported_rate; /* 执行率 as printed ("59.90%"), owned, may be NULL */
    pe_opt_dec reported; /* 得分 as printed */

    /* Filled by pe_project_score(). */
    int computable;
    int rate_known; /* rate, rate_exec and rate_base are set */
    pe_dec
        rate; /* 执行数/预算数 as a fraction, exact to 6 places (truncated) */
    pe_dec rate_exec, rate_base; /* the two sums the rate divides */
    pe_dec computed;             /* rounded score */
    pe_dec qa, qb, qc;           /* computed = qa*qb/qc before rounding */
    pe_dec score;                /* final; valid when has_score */
    int has_score;
    int why; /* pe_why */
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
    char *source; /* file name for messages, owned */
    pe_arena_block *arena;
    char *name;        /* 项目名称 */
    int year;          /* 0 when not given */
    char *dept_code;   /* 主管部门代码 */
    char *dept;        /* 主管部门 */
    char *unit;        /* 实施单位 */
    char *money_unit;  /* "万元" or "元" */
    char *goal;        /* 年度总体目标 / 预期目标 */
    char *goal_actual; /* 实际完成情况 */
    char *note;        /* 说明, and why the table falls short */
    char *remarks;     /* the form's other texts, "label：text" a line each
                          (改进措施, 评价结论, 备注) */
    pe_funds funds;
    pe_indicator *ind;
    size_t nind;
    size_t skipped;    /* blank template rows dropped while loading */
    size_t skipped_na; /* of those, rows marked not applicable ("/", 无) */
    pe_opt_dec ind_weight; /* the indicators' share, "年度绩效目标（80分）" */
    size_t nnotes;         /* the first nnotes findings are the loader's and
                              outlive scoring (docs/rules.md, "Reading") */
    int own_rules;         /* the file carried its rules (JSON "rules") */
    int rules_from_book; /* they are a workbook's hidden sheet's, and no
                            caller's rules replaced them since */
    int no_reason_col; /* the form has no 偏差原因 column: its note says why */
    char rules_note[400];      /* how the rules were chosen, for people: "rules
                                  inferred from the table: ..."; "" when the
                                  caller gave them or nothing was inferred */
    pe_opt_dec reported_max;   /* 总分值 */
    pe_opt_dec reported_total; /* 总分 */
    char *reported_grade;
    pe_rules rules;

    /* Filled by pe_project_score(). */
    int scored;
    size_t unscored; /* rows (and funds) with no score at all */
    pe_dec total;
    char grade[16];
    struct pe_finding_store *findings;
    size_t nfindings;
    /* Findings counted by severity and not kept (a long-format file's
     * records show their numbers only): when count_only is set. */
    int count_only;
    size_t counted[3];
};

/* n bytes that live as long as p (a loader's row texts: one project of a
 * province's file may have many thousand rows).  NULL when out of memory. */
void *pe_project_alloc(pe_project *p, size_t n);

pe_project *pe_project_new(const char *source);
/* Make p as a loader leaves it before it reads a row, for the next of a
 * stream's projects: its rows' array, one block of its arena and its
 * texts kept (emptied), its rules as they are; all else cleared or freed.
 * money_unit, goal, goal_actual, note and the funds' name stay as they
 * were.  (A long-format reader reuses one project across a file.) */
void pe_project_recycle(pe_project *p);
/* Add a finding with its message in English and in Chinese: two formats
 * that take the same arguments in the same order. */
PE_MUST_CHECK pe_status pe_project_add_finding(pe_project *p, pe_severity sev,
                                               const char *code, long row,
                                               long line, const char *fmt_en,
                                               const char *fmt_zh, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 6, 8),
                   format(PE_PRINTF_FORMAT, 7, 8)))
#endif
    ;
void pe_project_clear_findings(pe_project *p);
/* Drop the findings from `keep` on (project.c). */
void pe_project_findings_truncate(pe_project *p, size_t keep);
/* A loader's remark (an unknown column, a row not applicable): a finding
 * that every later pe_project_score() keeps.  Loaders only, before any
 * scoring. */
PE_MUST_CHECK pe_status pe_project_add_note(pe_project *p, pe_severity sev,
                                            const char *code, long row,
                                            long line, const char *fmt_en,
                                            const char *fmt_zh, ...)
#if defined(__GNUC__)
    __attribute__((format(PE_PRINTF_FORMAT, 6, 8),
                   format(PE_PRINTF_FORMAT, 7, 8)))
#endif
    ;
/* The exact score of every row and of the funds block by p's rules,
 * without settling them against the reported ones: what pe_project_score()
 * starts from and what rules inference compares (score.c). */
PE_MUST_CHECK pe_status pe_project_compute(pe_project *p, pe_error *err);
/* What the indicators weigh in all: their rows' 分值, else the weights in
 * their 一级 labels, else the block's "（80分）".  0 when that cannot be
 * known (score.c). */
int pe_project_indicator_weight(const pe_project *p, pe_dec *w);
/* A weight written into a label, "产出指标(50分)", "产出指标（50分）" or
 * "社会效益(40)": *stem is the length of the name before it, spaces
 * dropped.  Returns 0 when none ("满意度指标(含调查)" is a remark)
 * (score.c). */
int pe_label_weight(const char *label, size_t *stem, pe_dec *w);
/*
 * Where an output goes (io.c).  pe_target_open() looks at path first: "-"
 * and /dev/stdout are standard output; a device or a FIFO is written
 * directly (or, when need_file, through a staging file copied into it);
 * a regular file, or a new one, is staged in a temporary file in its own
 * directory (symlinks followed: the link stays, its file is written) and
 * renamed into place at commit, keeping the old file's mode and (as root)
 * owner; a file with hard links is staged and copied into place, so that
 * all its names see the new text, once room for all of it is reserved on
 * the target (posix_fallocate): on a full disk the old text stays whole.
 * t->tmp is the staging file's name (for
 * writers that need a name); t->fd is open on it or on the target.  Abort
 * removes the staging file; so does SIGINT, SIGTERM or SIGHUP once
 * pe_io_cleanup_on_signals() has been called.
 */
enum { PE_TARGET_STDOUT, PE_TARGET_DIRECT, PE_TARGET_RENAME, PE_TARGET_COPY };
typedef struct pe_target {
    const char *path; /* as given (borrowed) */
    char *final;      /* the regular file written, symlinks resolved */
    char *tmp;        /* the staging file, or NULL */
    int fd;
    int how;
    int existed;
    pe_os_info old;
    int slot;
} pe_target;
PE_MUST_CHECK pe_status pe_target_open(const char *path, int need_file,
                                       pe_target *t, pe_error *err);
PE_MUST_CHECK pe_status pe_target_commit(pe_target *t, pe_error *err);
void pe_target_abort(pe_target *t);
/* A temporary file for the signal handler to remove (a slot, or -1 when
 * all are taken), and forgetting it once it is gone. */
int pe_io_temp_register(const char *name);
void pe_io_temp_forget(int slot);

#endif
