/* Exact numbers out of cJSON.  cJSON keeps a number only as a double; a
 * decimal with at most 15 significant digits survives the trip through a
 * double and back through "%.15g" unchanged (DBL_DIG is 15), so that is the
 * only loss-free way back, and longer literals are refused up front. */
#include "encoding.h"
#include "jsonval.h"
#include "project.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JSON's white space (strchr would also match the NUL at its end) */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void line_col(const char *buf, size_t off, long *line, long *col)
{
    long l = 1, c = 1;

    for (size_t i = 0; i < off; i++) {
        if (buf[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

pe_status pe_json_check_numbers(const char *buf, size_t len, const char *name,
                                pe_error *err)
{
    size_t i = 0, valid = pe_utf8_valid_prefix(buf, len);

    /* a rules file comes here undecoded: text must be UTF-8 (a project
     * file was decoded by load.c already) */
    if (valid < len) {
        long l, c;

        line_col(buf, valid, &l, &c);
        pe_error_set(err, name, l, c, "not valid UTF-8 (byte 0x%02X)",
                     (unsigned)(unsigned char)buf[valid]);
        return PE_EDATA;
    }
    while (i < len) {
        char ch = buf[i];

        if (ch == '"') {
            for (i++; i < len && buf[i] != '"'; i++) {
                /* cJSON would end the text at a NUL: "280\u0000人"
                 * would be read as 280 */
                if ((unsigned char)buf[i] < 0x20 ||
                    (buf[i] == '\\' && i + 5 < len &&
                     strncmp(buf + i + 1, "u0000", 5) == 0)) {
                    long l, c;

                    line_col(buf, i, &l, &c);
                    pe_error_set(err, name, l, c,
                                 buf[i] == '\\'
                                     ? "a NUL character (\\u0000) in a text"
                                     : "a control character (byte 0x%02X) "
                                       "in a text; write it as an escape",
                                 (unsigned)(unsigned char)buf[i]);
                    return PE_EDATA;
                }
                if (buf[i] == '\\')
                    i++;
            }
            i++;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            size_t start = i;
            int sig = 0, seen_nonzero = 0;

            for (; i < len; i++) {
                ch = buf[i];
                if (ch == 'e' || ch == 'E')
                    break;
                if (ch >= '1' && ch <= '9')
                    seen_nonzero = 1;
                if (ch >= '0' && ch <= '9' && seen_nonzero)
                    sig++;
                else if (ch != '.' && ch != '-' && ch != '0')
                    break;
            }
            if (i < len && (buf[i] == 'e' || buf[i] == 'E')) {
                /* 1e-400 would be 0 to cJSON, 1e400 infinity: past what
                 * a score or an amount can be, refused */
                size_t k = i + 1;
                long ex = 0;
                int neg = 0;

                if (k < len && (buf[k] == '+' || buf[k] == '-'))
                    neg = buf[k++] == '-';
                for (; k < len && buf[k] >= '0' && buf[k] <= '9'; k++)
                    if (ex < 100000)
                        ex = ex * 10 + (buf[k] - '0');
                if (neg)
                    ex = -ex;
                if (ex > 30 || ex < -30) {
                    long l, c;
                    size_t end = i + 1;

                    while (end < len && buf[end] &&
                           strchr("+-0123456789", buf[end]))
                        end++;
                    line_col(buf, start, &l, &c);
                    pe_error_set(err, name, l, c, "number %.*s is out of range",
                                 (int)(end - start), buf + start);
                    return PE_EDATA;
                }
            }
            while (i < len && buf[i] && strchr("eE+-0123456789", buf[i]))
                i++;
            if (sig > 15) {
                long l, c;

                line_col(buf, start, &l, &c);
                pe_error_set(err, name, l, c,
                             "number %.*s has more than 15 significant "
                             "digits; write it as a string",
                             (int)(i - start), buf + start);
                return PE_EDATA;
            }
        } else {
            i++;
        }
    }
    return PE_OK;
}

/* The offset of the first comma followed (past spaces) by "}" or "]",
 * outside strings; len when there is none. */
static size_t trailing_comma(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '"') {
            for (i++; i < len && buf[i] != '"'; i++)
                if (buf[i] == '\\')
                    i++;
        } else if (buf[i] == ',') {
            size_t j = i + 1;

            while (j < len && is_space(buf[j]))
                j++;
            if (j < len && (buf[j] == '}' || buf[j] == ']'))
                return i;
        }
    }
    return len;
}

pe_status pe_json_parse(const char *buf, size_t len, const char *name,
                        cJSON **out, pe_error *err)
{
    const char *end = NULL;
    cJSON *root;

    *out = NULL;
    /* cJSON's own "require null terminated" check reads one byte past a
     * length-bounded buffer, so trailing text is checked here instead */
    root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    if (root) {
        while (end < buf + len && is_space(*end))
            end++;
        if (end < buf + len) {
            cJSON_Delete(root);
            root = NULL;
        }
    }
    if (!root) {
        long l, c;
        size_t off =
            end && end >= buf && end <= buf + len ? (size_t)(end - buf) : len;

        size_t comma = trailing_comma(buf, len);

        /* the commonest slip, from editing by hand: a comma left before
         * a closing bracket ("...},\n]"); cJSON does not say where */
        if (comma < len) {
            size_t at = comma + 1;

            while (at < len && is_space(buf[at]))
                at++;
            line_col(buf, comma, &l, &c);
            pe_error_set(err, name, l, c,
                         "a comma before the closing \"%c\": JSON allows no "
                         "comma after the last item; remove it",
                         buf[at]);
            return PE_EDATA;
        }
        line_col(buf, off, &l, &c);
        pe_error_set(err, name, l, c, "malformed JSON");
        return PE_EDATA;
    }
    *out = root;
    return PE_OK;
}

/* "%.15g" text to a decimal: the exponent form ("1e-07") is shifted by
 * hand so that only digits reach pe_dec_parse. */
static pe_status dec_from_g(const char *g, pe_dec *out)
{
    char digits[64], plain[96];
    const char *e = strchr(g, 'e');
    size_t nd = 0, point = 0, k = 0;
    int neg = 0, exp10 = 0, seen_point = 0;
    long pos;

    if (!e)
        return pe_dec_parse_cstr(g, out);
    for (const char *s = g; s < e; s++) {
        if (*s == '-')
            neg = 1;
        else if (*s == '.')
            seen_point = 1;
        else if (nd < sizeof digits - 1) {
            digits[nd++] = *s;
            if (!seen_point)
                point++;
        }
    }
    if (sscanf(e + 1, "%d", &exp10) != 1 || exp10 > 30 || exp10 < -30)
        return PE_ERANGE;
    pos = (long)point + exp10;
    if (neg)
        plain[k++] = '-';
    if (pos <= 0) {
        plain[k++] = '0';
        plain[k++] = '.';
        for (long z = 0; z < -pos; z++)
            plain[k++] = '0';
        memcpy(plain + k, digits, nd);
        k += nd;
    } else {
        for (long d = 0; d < pos || (size_t)d < nd; d++) {
            if (d == pos)
                plain[k++] = '.';
            plain[k++] = (size_t)d < nd ? digits[d] : '0';
        }
    }
    plain[k] = '\0';
    return pe_dec_parse_cstr(plain, out);
}

pe_status pe_json_dec(const cJSON *item, pe_dec *out, int *present, char *why,
                      size_t whylen)
{
    *present = 0;
    if (!item || cJSON_IsNull(item))
        return PE_OK;
    if (cJSON_IsNumber(item)) {
        char g[64];
        pe_status st;

        snprintf(g, sizeof g, "%.15g", item->valuedouble);
        st = dec_from_g(g, out);
        if (st != PE_OK) {
            snprintf(why, whylen, "%s cannot be held exactly", g);
            return PE_EDATA;
        }
        *present = 1;
        return PE_OK;
    }
    if (cJSON_IsString(item)) {
        const char *s = item->valuestring;
        pe_status st = pe_number_cell(s, 0, out, present);

        if (st == PE_ERANGE)
            snprintf(why, whylen, "\"%s\" has too many digits", s);
        else if (st != PE_OK)
            snprintf(why, whylen, "\"%s\" is not a number", s);
        return st == PE_OK ? PE_OK : PE_EDATA;
    }
    snprintf(why, whylen, "is not a number or a string");
    return PE_EDATA;
}

const char *pe_json_text(const cJSON *item, char *tmp)
{
    if (!item || cJSON_IsNull(item))
        return "";
    if (cJSON_IsString(item))
        return item->valuestring;
    if (cJSON_IsNumber(item)) {
        pe_dec d;
        int present;
        char why[8];

        if (pe_json_dec(item, &d, &present, why, sizeof why) == PE_OK &&
            present)
            return pe_dec_format(d, tmp);
    }
    return NULL;
}

/* ------------------------------------------------------------ output */

cJSON *pe_jout_new(pe_jout *o, cJSON *item)
{
    if (!item)
        o->oom = 1;
    return item;
}

void pe_jout_put(pe_jout *o, cJSON *obj, const char *key, cJSON *item)
{
    if (!obj || !item || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        o->oom = 1;
    }
}

void pe_jout_item(pe_jout *o, cJSON *arr, cJSON *item)
{
    if (!arr || !item || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        o->oom = 1;
    }
}

void pe_jout_str(pe_jout *o, cJSON *obj, const char *key, const char *s)
{
    pe_jout_put(o, obj, key, cJSON_CreateString(s ? s : ""));
}

void pe_jout_int(pe_jout *o, cJSON *obj, const char *key, long v)
{
    char buf[24];

    snprintf(buf, sizeof buf, "%ld", v);
    pe_jout_put(o, obj, key, cJSON_CreateRaw(buf));
}

/* A decimal's text as a JSON number; as a string when it has more
 * significant digits than a double keeps (see the top of this file), so
 * that the output always loads back, exactly. */
void pe_jout_number(pe_jout *o, cJSON *obj, const char *key, const char *s)
{
    int sig = 0, seen = 0;

    for (const char *c = s; *c; c++) {
        if (*c >= '1' && *c <= '9')
            seen = 1;
        if (*c >= '0' && *c <= '9' && seen)
            sig++;
    }
    pe_jout_put(o, obj, key,
                sig > 15 ? cJSON_CreateString(s) : cJSON_CreateRaw(s));
}

void pe_jout_dec(pe_jout *o, cJSON *obj, const char *key, pe_dec d)
{
    char buf[PE_DEC_BUFSIZE];

    pe_jout_number(o, obj, key, pe_dec_format(pe_dec_normalize(d), buf));
}

pe_status pe_jout_finish(pe_jout *o, cJSON *root, pe_buf *b)
{
    char *text = o->oom ? NULL : cJSON_Print(root);
    pe_status st;

    cJSON_Delete(root);
    if (!text)
        return PE_ENOMEM;
    st = pe_buf_puts(b, text);
    if (st == PE_OK)
        st = pe_buf_puts(b, "\n");
    free(text);
    return st;
}

cJSON *pe_jout_rules(pe_jout *o, const pe_rules *R)
{
    cJSON *j = pe_jout_new(o, cJSON_CreateObject()), *g;

    if (!j)
        return NULL;
    pe_jout_str(o, j, "format", PE_JSON_RULES);
    pe_jout_str(o, j, "name", R->name);
    pe_jout_str(o, j, "rounding",
                R->rounding == PE_ROUND_HALF_UP ? "half-up" : "truncate");
    pe_jout_int(o, j, "places", R->places);
    pe_jout_str(o, j, "lower_is_better",
                R->lower == PE_LOWER_RATIO ? "ratio" : "linear");
    pe_jout_str(o, j, "rate_base",
                R->rate_base == PE_BASE_BUDGET ? "budget" : "initial");
    pe_jout_put(o, j, "funds_in_total", cJSON_CreateBool(R->funds_in_total));
    pe_jout_dec(o, j, "overachieve_ratio", R->overachieve_ratio);
    pe_jout_dec(o, j, "explain_rate_below", R->explain_rate_below);
    g = pe_jout_new(o, cJSON_CreateObject());
    for (int i = 0; g && i < R->ngrades; i++)
        pe_jout_dec(o, g, R->grades[i].name, R->grades[i].min);
    pe_jout_put(o, j, "grades", g);
    g = pe_jout_new(o, cJSON_CreateObject());
    for (int i = 0; g && i < R->nsplit; i++)
        pe_jout_dec(o, g, R->split[i].name, R->split[i].weight);
    pe_jout_put(o, j, "split", g);
    return j;
}
