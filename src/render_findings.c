/* The findings of `perfeval check`, one record each, in the three forms a
 * reviewer or a script wants. */
#include "project.h"
#include "render_common.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *severity_name(pe_severity s)
{
    return s == PE_SEV_ERROR     ? "error"
           : s == PE_SEV_WARNING ? "warning"
                                 : "info";
}

/* The severity for people, in their language; CSV and JSON keep the
 * English word, which scripts match. */
static const char *severity_word(pe_severity s, int zh)
{
    if (!zh)
        return severity_name(s);
    return s == PE_SEV_ERROR ? "错误" : s == PE_SEV_WARNING ? "警告" : "提示";
}

/* Where a finding sits, for people: "funds", "row 9, line 12", "table";
 * 资金, 第 9 项（第 12 行）, 全表. */
static void where(const pe_finding *f, int zh, char *buf, size_t n)
{
    if (zh && f->row > 0 && f->line > 0)
        snprintf(buf, n, "第 %ld 项，第 %ld 行", f->row, f->line);
    else if (zh && f->row > 0)
        snprintf(buf, n, "第 %ld 项", f->row);
    else if (zh)
        snprintf(buf, n, f->row == 0 ? "资金" : "全表");
    else if (f->row > 0)
        snprintf(buf, n, "row %ld", f->row);
    else
        snprintf(buf, n, f->row == 0 ? "funds" : "table");
    if (f->line > 0 && (f->row <= 0 || !zh))
        snprintf(buf + strlen(buf), n - strlen(buf),
                 zh ? "，第 %ld 行" : ", line %ld", f->line);
}

/* s, then spaces to `cols` columns of a terminal (a Chinese character is
 * two). */
static pe_status padded(pe_buf *out, const char *s, int cols)
{
    int w = pe_text_width(s, 0);
    pe_status st = pe_buf_puts(out, s);

    while (st == PE_OK && w++ < cols)
        st = pe_buf_append(out, " ", 1);
    return st;
}

/* One CSV field, quoted when it must be, and with the formula guard of
 * the -f csv table (render_csv.c): "=1+1" is written "'=1+1". */
pe_status pe_csv_field(pe_buf *out, const char *s)
{
    size_t n = strlen(s);
    int guard = pe_csv_formula_like(s);
    pe_status st;

    if (!strpbrk(s, ",\"\r\n") && !(n && (s[0] == ' ' || s[n - 1] == ' '))) {
        if (guard && (st = pe_buf_append(out, "'", 1)) != PE_OK)
            return st;
        return pe_buf_append(out, s, n);
    }
    if ((st = pe_buf_append(out, guard ? "\"'" : "\"", guard ? 2 : 1)) != PE_OK)
        return st;
    for (const char *q; (q = strchr(s, '"')); s = q + 1)
        if ((st = pe_buf_append(out, s, (size_t)(q - s) + 1)) != PE_OK ||
            (st = pe_buf_append(out, "\"", 1)) != PE_OK)
            return st;
    if ((st = pe_buf_puts(out, s)) != PE_OK)
        return st;
    return pe_buf_append(out, "\"", 1);
}

static pe_status render_json(const pe_project *p, const pe_finding *f,
                             const char *file, int zh, pe_buf *out)
{
    cJSON *o = cJSON_CreateObject();
    char *text;
    pe_status st;
    int ok;

    if (!o)
        return PE_ENOMEM;
    ok = cJSON_AddStringToObject(o, "file", file) &&
         cJSON_AddStringToObject(o, "severity", severity_name(f->severity)) &&
         cJSON_AddStringToObject(o, "code", f->code) &&
         cJSON_AddNumberToObject(o, "row", (double)f->row) &&
         cJSON_AddNumberToObject(o, "line", (double)f->line) &&
         cJSON_AddStringToObject(o, "indicator",
                                 pe_project_indicator_name(p, f->row)) &&
         cJSON_AddStringToObject(o, "message", zh ? f->msg_zh : f->msg);
    text = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return PE_ENOMEM;
    st = pe_buf_puts(out, text);
    free(text);
    return st;
}

pe_status pe_render_finding(const pe_project *p, size_t i, const char *file,
                            pe_check_format fmt, int flags, pe_buf *out)
{
    const pe_finding *f = pe_project_finding(p, i);
    int zh = (flags & PE_FINDING_ZH) != 0;
    char at[64], num[24];
    pe_status st;

    if (!f)
        return PE_EUSAGE;
    if (fmt == PE_CHECK_JSON)
        return render_json(p, f, file, zh, out);
    if (fmt == PE_CHECK_TABLE) {
        const char *msg = zh ? f->msg_zh : f->msg;

        where(f, zh, at, sizeof at);
        if (flags & PE_FINDING_COLOR) {
            /* bold red errors, yellow warnings, dim notes: SGR codes every
             * terminal since the VT100 knows */
            const char *sgr = f->severity == PE_SEV_ERROR     ? "1;31"
                              : f->severity == PE_SEV_WARNING ? "33"
                                                              : "2";
            st = pe_buf_printf(out, "  \033[%sm", sgr);
            if (st == PE_OK)
                st = padded(out, severity_word(f->severity, zh), 7);
            if (st == PE_OK)
                st = pe_buf_puts(out, "\033[0m ");
        } else {
            st = pe_buf_puts(out, "  ");
            if (st == PE_OK)
                st = padded(out, severity_word(f->severity, zh), 7);
            if (st == PE_OK)
                st = pe_buf_puts(out, " ");
        }
        if (st == PE_OK)
            st = pe_buf_printf(out, "%-22s ", f->code);
        if (st == PE_OK)
            st = padded(out, at, 16);
        if (st == PE_OK)
            st = pe_buf_puts(out, " ");
        /* a message quotes cells: for a terminal, their control
         * characters are shown, not obeyed */
        if (st == PE_OK)
            st = pe_term_text(out, msg, strlen(msg), 0);
        return st == PE_OK ? pe_buf_append(out, "\n", 1) : st;
    }
    if ((st = pe_csv_field(out, file)) != PE_OK ||
        (st = pe_buf_printf(out, ",%s,%s,%ld,", severity_name(f->severity),
                            f->code, f->row)) != PE_OK)
        return st;
    if (f->line > 0)
        snprintf(num, sizeof num, "%ld", f->line);
    else
        num[0] = '\0';
    if ((st = pe_buf_printf(out, "%s,", num)) != PE_OK ||
        (st = pe_csv_field(out, pe_project_indicator_name(p, f->row))) !=
            PE_OK ||
        (st = pe_buf_append(out, ",", 1)) != PE_OK ||
        (st = pe_csv_field(out, zh ? f->msg_zh : f->msg)) != PE_OK)
        return st;
    return pe_buf_append(out, "\n", 1);
}
