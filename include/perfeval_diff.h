/*
 * perfeval: comparing two scored tables (`perfeval diff`) and writing a
 * blank one (`perfeval init`).  To be merged into perfeval.h; kept apart
 * while other modules change that header.
 */
#ifndef PERFEVAL_DIFF_H
#define PERFEVAL_DIFF_H

#include "perfeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- diff */

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
pe_status pe_project_diff(const pe_project *before, const pe_project *after,
                          pe_diff **out);

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
 * 总分 line, "总分 95.58 → 95.58 (0.00), 优 → 优").  json != 0: {"changes":
 * [...], "total": {"old", "new", "delta"}, "grade": {"old", "new"}, "count":
 * n}, one change object per line with the members of pe_diff_change ("old",
 * "new"), decimals as exact text.
 */
pe_status pe_render_diff(const pe_diff *d, int json, pe_buf *out);

/* ---------------------------------------------------------------- init */

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
pe_status pe_init_template(const char *format, int year, pe_buf *out);

#ifdef __cplusplus
}
#endif
#endif
