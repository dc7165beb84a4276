/*
 * perfeval: reading the 附件1 table as Excel and WPS save it (CSV or TSV,
 * UTF-8 or GB18030).  To be merged into perfeval.h; kept apart while the
 * loader is reviewed.
 */
#ifndef PERFEVAL_CSV_H
#define PERFEVAL_CSV_H

#include "perfeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- text */

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
pe_status pe_encoding_from_name(const char *name, pe_encoding *out);

/* The canonical name: "auto", "UTF-8", "GB18030", "UTF-16".  Static. */
const char *pe_encoding_name(pe_encoding e);

/* ---------------------------------------------------------------- CSV */

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
pe_status pe_csv_delimiter_from_name(const char *name, char *out);

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
pe_status pe_project_load_csv(const char *buf, size_t len, const char *name,
                              pe_csv_opts *opts, pe_project **out,
                              pe_error *err);

#ifdef __cplusplus
}
#endif
#endif
