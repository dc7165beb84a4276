/*
 * What every module uses and that uses nothing of the library: status
 * words, errors, the growing output buffer, string and array helpers.  A
 * leaf: it includes no other module, so that no module depends on itself
 * through it.
 */
#include "util.h"
#include "msg.h"

/* a text the catalogue holds, translated where it is printed */
#define N_(s) s

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pe_strerror(pe_status st)
{
    switch (st) {
    case PE_OK:
        return N_("success");
    case PE_ENOMEM:
        return N_("out of memory");
    case PE_EIO:
        return N_("input/output error");
    case PE_EDATA:
        return N_("invalid input data");
    case PE_EUSAGE:
        return N_("invalid argument");
    case PE_ERANGE:
        return N_("number out of range");
    }
    return "unknown status";
}

/* FNV-1a of a message, to tell whether msg_zh was made with it. */
static unsigned long msg_hash(const char *s)
{
    unsigned long h = 2166136261UL;

    for (; *s; s++)
        h = ((h ^ (unsigned char)*s) * 16777619UL) & 0xFFFFFFFFUL;
    return h | 1; /* never 0: 0 is "none" */
}

void pe_error_set(pe_error *err, const char *file, long line, long column,
                  const char *fmt, ...)
{
    va_list ap;

    /* the two texts take the same arguments (tests/messages.py) */
    va_start(ap, fmt);
    pe_error_setv(err, file, line, column, NULL, NULL, fmt, ap);
    va_end(ap);
}

void pe_error_setv(pe_error *err, const char *file, long line, long column,
                   const char *ctx_en, const char *ctx_zh, const char *fmt,
                   va_list ap)
{
    char body[512];
    va_list again;
    int ctx = ctx_en && ctx_en[0];

    if (!err)
        return;
    va_copy(again, ap);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    vsnprintf(body, sizeof body, fmt, ap);
    /* cut to what the message holds, on purpose */
    snprintf(err->msg, sizeof err->msg, "%.100s%s%.400s", ctx ? ctx_en : "",
             ctx ? ": " : "", body);
    err->msg_zh[0] = '\0';
    err->msg_of_zh = 0;
    if (pe_msg_zh(fmt)) {
        char zh[768];

        vsnprintf(zh, sizeof zh, pe_msg_zh(fmt), again);
        ctx = ctx_zh && ctx_zh[0];
        snprintf(err->msg_zh, sizeof err->msg_zh, "%.150s%s%.600s",
                 ctx ? ctx_zh : "", ctx ? "：" : "", zh);
        err->msg_of_zh = msg_hash(err->msg);
    }
    va_end(again);
}

void pe_error_zh(pe_error *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(err->msg_zh, sizeof err->msg_zh, fmt, ap);
    va_end(ap);
    err->msg_of_zh = msg_hash(err->msg);
}

static char *format_with(const pe_error *err, const char *msg, char *buf,
                         size_t n);

char *pe_error_format_lang(const pe_error *err, pe_lang lang, char *buf,
                           size_t n)
{
    int zh = lang == PE_LANG_ZH && err->msg_zh[0] &&
             err->msg_of_zh == msg_hash(err->msg);

    return format_with(err, zh ? err->msg_zh : err->msg, buf, n);
}

char *pe_error_format(const pe_error *err, char *buf, size_t n)
{
    return format_with(err, err->msg, buf, n);
}

static char *format_with(const pe_error *err, const char *msg, char *buf,
                         size_t n)
{
    size_t used = 0;
    int k;

    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (err->file[0]) {
        k = snprintf(buf, n, "%s:", err->file);
        used = k > 0 ? (size_t)k : 0;
    }
    if (err->line > 0 && used < n) {
        k = err->column > 0 ? snprintf(buf + used, n - used,
                                       "%ld:%ld:", err->line, err->column)
                            : snprintf(buf + used, n - used, "%ld:", err->line);
        used += k > 0 ? (size_t)k : 0;
    }
    if (used < n)
        snprintf(buf + used, n - used, "%s%s", used ? " " : "", msg);
    return buf;
}

char *pe_strdup_or_empty(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *d = malloc(n + 1);

    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void *pe_grow(void *p, size_t *cap, size_t need, size_t size, size_t first)
{
    size_t c = *cap ? *cap : first;
    void *g;

    if (need <= *cap)
        return p;
    while (c < need)
        c *= 2;
    if (!(g = realloc(p, c * size)))
        return NULL;
    *cap = c;
    return g;
}

pe_status pe_buf_append(pe_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *grown;

        while (cap < b->len + n + 1)
            cap *= 2;
        grown = realloc(b->data, cap);
        if (!grown)
            return PE_ENOMEM;
        b->data = grown;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PE_OK;
}

pe_status pe_buf_puts(pe_buf *b, const char *s)
{
    return pe_buf_append(b, s, strlen(s));
}

void pe_buf_free(pe_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

pe_status pe_buf_vprintf(pe_buf *b, const char *fmt, va_list ap)
{
    char small[256];
    va_list again;
    int n;

    va_copy(again, ap);
    n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0 || (size_t)n < sizeof small) {
        va_end(again);
        return n < 0 ? PE_EUSAGE : pe_buf_append(b, small, (size_t)n);
    }
    {
        char *big = malloc((size_t)n + 1);
        pe_status st = PE_ENOMEM;

        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            st = pe_buf_append(b, big, (size_t)n);
            free(big);
        }
        va_end(again);
        return st;
    }
}

pe_status pe_buf_printf(pe_buf *b, const char *fmt, ...)
{
    va_list ap;
    pe_status st;

    va_start(ap, fmt);
    st = pe_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}
