/* The 附件1 form read out of a grid of cells, whatever the grid came
 * from: a CSV file, a worksheet, a table in a Word document.  Internal to
 * the library. */
#ifndef PE_FORM_LOAD_H
#define PE_FORM_LOAD_H

#include "csv_grid.h"
#include "perfeval.h"

/*
 * Find the form in g by its labels and load it (docs/rules.md, "Reading a
 * table").  `name` names the source in messages and in the project;
 * `not_utf8_line`, when not 0, is the line that made the CSV reader fall
 * back to GB18030, for the message when no form is found.  What the loader
 * had to assume or could not read is kept as notes (pe_project_add_note):
 * unknown header labels, columns with values but no label, rows marked not
 * applicable, blocks that could not be read.  The table is refused
 * (PE_EDATA) only when it has no indicator rows, or none with a 分值 or a
 * 得分; a number cell that is not a number is refused too, with its line.
 * On PE_OK *out is a new project (rules: pe_rules_default()).
 */
PE_MUST_CHECK pe_status pe_form_load(const pe_grid *g, const char *name,
                                     long not_utf8_line, pe_project **out,
                                     pe_error *err);

/* Does the grid hold a 附件1: a 绩效指标 header row (三级指标 beside
 * 一级指标 or 二级指标)? */
int pe_form_detect(const pe_grid *g);

#endif
