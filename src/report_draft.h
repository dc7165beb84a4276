/*
 * The 绩效自评报告 as blocks (report.c), shared by its two writers: the
 * markdown one (report.c) and the Word one (report_docx.c).  Not part of
 * the public API.
 */
#ifndef PE_REPORT_DRAFT_H
#define PE_REPORT_DRAFT_H

#include "render_common.h"

#include <stdarg.h>

/* The report's wording, one entry each (report.c holds the texts). */
enum {
    PE_RT_TITLE_YEAR,
    PE_RT_TITLE,
    PE_RT_NO_NAME,
    PE_RT_S1,
    PE_RT_S1_1,
    PE_RT_FACT_NAME,
    PE_RT_FACT_DEPT,
    PE_RT_FACT_UNIT,
    PE_RT_TODO_UNIT,
    PE_RT_S1_2,
    PE_RT_NO_FUNDS,
    PE_RT_NO_AMOUNTS,
    PE_RT_FUND_ROW,
    PE_RT_INITIAL,
    PE_RT_BUDGET,
    PE_RT_EXECUTED,
    PE_RT_MONEY,
    PE_RT_MONEY_YUAN,
    PE_RT_RATE,
    PE_RT_RATE_RECOMPUTED,
    PE_RT_FUND_SCORE,
    PE_RT_FUND_WEIGHT,
    PE_RT_FUND_SCORE_ONLY,
    PE_RT_FUNDS_OUTSIDE,
    PE_RT_RATE_REASON,
    PE_RT_RATE_NO_REASON,
    PE_RT_S2,
    PE_RT_GOAL,
    PE_RT_GOAL_ACTUAL,
    PE_RT_NOT_GIVEN,
    PE_RT_S3,
    PE_RT_TODO_EVAL,
    PE_RT_S4,
    PE_RT_SUB,
    PE_RT_NO_LEVEL1,
    PE_RT_GROUP,
    PE_RT_GROUP_NO_WEIGHT,
    PE_RT_GROUP_UNSCORED,
    PE_RT_ROW,
    PE_RT_BLANK,
    PE_RT_NO_ROWS,
    PE_RT_DEVIATION,
    PE_RT_DEV_ROW,
    PE_RT_DEV_NO_REASON,
    PE_RT_DEV_NONE,
    PE_RT_S5,
    PE_RT_TOTAL,
    PE_RT_TOTAL_RECOMPUTED,
    PE_RT_GRADE,
    PE_RT_GRADE_RECOMPUTED,
    PE_RT_GRADE_OF_RECOMPUTED,
    PE_RT_TOTAL_UNSCORED,
    PE_RT_RULES,
    PE_RT_HALF_UP,
    PE_RT_TRUNCATE,
    PE_RT_HALF_UP_WHOLE,
    PE_RT_TRUNCATE_WHOLE,
    PE_RT_RULES_FUNDS_OUT,
    PE_RT_RULES_ON_INITIAL,
    PE_RT_RULES_LINEAR,
    PE_RT_S6,
    PE_RT_REMARK,
    PE_RT_REMARK_LABEL,
    PE_RT_NOTE_LABEL,
    PE_RT_TODO,
    PE_RT_S7,
    PE_RT_ANNEX,
    PE_RT_ANNEX_LABEL,
    PE_RT_SIGN_UNIT_TODO,
    PE_RT_SIGN_DATE_TODO,
    PE_RT_SEP,
    PE_RT_COMMA,
    PE_RT_END,
    PE_RT_FORM_TITLE,
    PE_RT_FORM_YEAR,
    PE_RT_FORM_NO_YEAR,
    PE_RT_FORM_NAME,
    PE_RT_FORM_DEPT,
    PE_RT_FORM_UNIT,
    PE_RT_FORM_GOAL,
    PE_RT_FORM_GOAL_TARGET,
    PE_RT_FORM_GOAL_ACTUAL,
    PE_RT_FORM_WEIGHT,
    PE_RT_FORM_RATE,
    PE_RT_FORM_SCORE,
    PE_RT_FORM_IND,
    PE_RT_FORM_TOTAL,
    PE_RT_FORM_GRADE,
    PE_RT_FORM_FUNDS_NAME,
    PE_RT_FORM_SCORE_DIFF,
    PE_RT_FORM_GRADE_DIFF,
    PE_RT_SCORE_RECOMPUTED,
    PE_RT_COUNT
};

/* Template t ("" for none). */
const char *pe_draft_tpl(int t);

/* Append template t to b with "{1}".."{9}" replaced by the const char *
 * arguments, which a NULL ends (an empty value is "", never NULL).  Does
 * nothing once *st is not PE_OK, and keeps there the first failure. */
void pe_draft_fill(pe_buf *b, pe_status *st, int t, ...);
void pe_draft_vfill(pe_buf *b, pe_status *st, int t, va_list ap);

/* A score as the report's text gives it: the one the table wrote, with
 * perfeval's "0.59（按评分规则复算为0.60）" where they differ; the reported
 * one on a row the rules do not score; "" when there is none.  Returns
 * buf. */
char *pe_draft_score(const pe_project *p, int have, pe_dec final,
                     pe_opt_dec reported, char *buf, size_t n);

/* A score as the 附件1 holds it: the one the table wrote, else the final
 * one (have), else "".  buf holds PE_DEC_BUFSIZE bytes.  Returns buf. */
char *pe_draft_filed(const pe_project *p, int have, pe_dec final,
                     pe_opt_dec reported, char *buf);

typedef enum pe_draft_kind {
    PE_RB_TITLE, /* the report's title */
    PE_RB_H1,    /* 一、基本情况 */
    PE_RB_H2,    /* （一）项目概况 */
    PE_RB_PARA,
    PE_RB_ITEM, /* one of a run of rows */
    PE_RB_SIGN, /* the 落款: the unit, then the date (two blocks) */
    PE_RB_ANNEX /* the 附件1 heading; the table follows it */
} pe_draft_kind;

typedef struct pe_draft_block {
    pe_draft_kind kind;
    size_t off; /* its text, NUL-terminated, in the report's text */
} pe_draft_block;

typedef struct pe_draft {
    pe_buf text;
    pe_draft_block *b;
    size_t n, cap;
    pe_status st;
} pe_draft;

/* The report of a scored project as blocks, into r (freed with
 * pe_draft_free() whatever the status), with what the unit profile u
 * holds (NULL: none).  PE_EUSAGE for an unscored project, PE_ENOMEM. */
PE_MUST_CHECK pe_status pe_draft_build(const pe_project *p, const pe_unit *u,
                                       pe_draft *r);

/* Block i's text (borrowed from r). */
const char *pe_draft_text(const pe_draft *r, size_t i);

void pe_draft_free(pe_draft *r);

#endif
