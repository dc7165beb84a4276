/*
 * Zip archives through libzip and XML through expat, for the workbook and
 * document readers (ooxml.h).  Nothing here parses zip or XML itself; it
 * only keeps a hostile file within bounds: a member that expands past the
 * caller's limit, an encrypted member, a DTD or an entity are refused.
 */
#include "ooxml.h"
#include "project.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct pe_zip {
    zip_t *za;
    const char *name;
    pe_limits lim;
    size_t spent; /* bytes inflated so far, all parts, every read */
};

#define CHUNK 65536

pe_status pe_zip_open(const char *buf, size_t len, const char *name,
                      const pe_limits *lim, pe_zip **out, pe_error *err)
{
    zip_error_t ze;
    zip_source_t *src;
    pe_zip *z;

    *out = NULL;
    zip_error_init(&ze);
    if (!(z = calloc(1, sizeof *z)))
        return PE_ENOMEM;
    src = zip_source_buffer_create(buf, len, 0, &ze);
    if (src &&
        !(z->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze)))
        zip_source_free(src);
    if (!z->za) {
        int e = zip_error_code_zip(&ze);

        pe_error_set(err, name, 0, 0, "%s (%s)",
                     e == ZIP_ER_MEMORY
                         ? "out of memory"
                         : "not a readable zip archive: it is truncated or "
                           "damaged",
                     zip_error_strerror(&ze));
        zip_error_fini(&ze);
        free(z);
        return e == ZIP_ER_MEMORY ? PE_ENOMEM : PE_EDATA;
    }
    zip_error_fini(&ze);
    z->name = name;
    if (lim)
        z->lim = *lim;
    if (!z->lim.part)
        z->lim.part = PE_DEFAULT_PART;
    if (!z->lim.unpacked)
        z->lim.unpacked = PE_DEFAULT_UNPACKED;
    if (!z->lim.cells)
        z->lim.cells = PE_DEFAULT_CELLS;
    *out = z;
    return PE_OK;
}

const pe_limits *pe_zip_limits(const pe_zip *z)
{
    return &z->lim;
}

void pe_zip_close(pe_zip *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    free(z);
}

int pe_zip_has(pe_zip *z, const char *member)
{
    return zip_name_locate(z->za, member, 0) >= 0;
}

/* The member opened for reading, after the checks that need no reading. */
static zip_file_t *open_member(pe_zip *z, const char *member, pe_error *err)
{
    zip_int64_t i = zip_name_locate(z->za, member, 0);
    zip_stat_t st;
    zip_file_t *f;

    if (i < 0) {
        pe_error_set(err, z->name, 0, 0, "the part %s is missing", member);
        return NULL;
    }
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0) {
        pe_error_set(err, z->name, 0, 0, "the part %s cannot be read: %s",
                     member, zip_strerror(z->za));
        return NULL;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
        st.encryption_method != ZIP_EM_NONE) {
        pe_error_set(err, z->name, 0, 0,
                     "the file is protected by a password: open it in Excel "
                     "or WPS, remove the password and save it again");
        return NULL;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > z->lim.part) {
        pe_error_set(err, z->name, 0, 0,
                     "the part %s expands to %llu bytes, more than %zu "
                     "(--max-file-size)",
                     member, (unsigned long long)st.size, z->lim.part);
        return NULL;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > z->lim.unpacked - z->spent) {
        pe_error_set(err, z->name, 0, 0,
                     "its parts expand to more than %zu bytes in all "
                     "(--max-unpacked)",
                     z->lim.unpacked);
        return NULL;
    }
    if (!(f = zip_fopen_index(z->za, (zip_uint64_t)i, 0)))
        pe_error_set(err, z->name, 0, 0, "the part %s cannot be read: %s",
                     member, zip_strerror(z->za));
    return f;
}

/* Read the next chunk, counting against the limit: the sizes a zip
 * declares are not to be trusted. */
static zip_int64_t read_chunk(pe_zip *z, zip_file_t *f, const char *member,
                              char *buf, size_t *total, pe_error *err)
{
    zip_int64_t n = zip_fread(f, buf, CHUNK);

    if (n < 0) {
        pe_error_set(err, z->name, 0, 0, "the part %s is damaged: %s", member,
                     zip_file_strerror(f));
        return -1;
    }
    *total += (size_t)n;
    z->spent += (size_t)n;
    if (*total > z->lim.part) {
        pe_error_set(err, z->name, 0, 0,
                     "the part %s expands past %zu bytes (--max-file-size)",
                     member, z->lim.part);
        return -1;
    }
    /* a bomb spread over many parts, or a part read again and again */
    if (z->spent > z->lim.unpacked) {
        pe_error_set(err, z->name, 0, 0,
                     "its parts expand to more than %zu bytes in all "
                     "(--max-unpacked)",
                     z->lim.unpacked);
        return -1;
    }
    return n;
}

pe_status pe_zip_read(pe_zip *z, const char *member, pe_buf *out, pe_error *err)
{
    zip_file_t *f = open_member(z, member, err);
    char *chunk;
    size_t total = 0;
    pe_status st = PE_OK;

    if (!f)
        return PE_EDATA;
    if (!(chunk = malloc(CHUNK))) {
        zip_fclose(f);
        return PE_ENOMEM;
    }
    for (;;) {
        zip_int64_t n = read_chunk(z, f, member, chunk, &total, err);

        if (n < 0) {
            st = PE_EDATA;
            break;
        }
        if (n == 0)
            break;
        if ((st = pe_buf_append(out, chunk, (size_t)n)) != PE_OK)
            break;
    }
    if (st == PE_OK && !out->data)
        st = pe_buf_append(out, "", 0);
    free(chunk);
    zip_fclose(f);
    return st;
}

/* ------------------------------------------------------------ XML */

static void XMLCALL on_doctype(void *data, const XML_Char *name,
                               const XML_Char *sysid, const XML_Char *pubid,
                               int internal)
{
    pe_xml *x = data;

    (void)name, (void)sysid, (void)pubid, (void)internal;
    x->doctype = 1;
    pe_xml_stop(x, PE_EDATA,
                "a document type declaration (DTD) is not allowed in a "
                "workbook or document part");
}

static void XMLCALL on_entity(void *data, const XML_Char *name, int param,
                              const XML_Char *value, int len,
                              const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    pe_xml *x = data;

    (void)name, (void)param, (void)value, (void)len, (void)base;
    (void)sysid, (void)pubid, (void)notation;
    pe_xml_stop(x, PE_EDATA, "an entity declaration is not allowed");
}

static void XMLCALL on_start(void *data, const XML_Char *el,
                             const XML_Char **atts)
{
    pe_xml *x = data;

    if (++x->depth > PE_XML_MAX_DEPTH) {
        pe_xml_stop(x, PE_EDATA,
                    "elements nested more than 256 deep (a workbook or "
                    "document never has that many)");
        return;
    }
    if (x->start)
        x->start(data, el, atts);
}

static void XMLCALL on_end(void *data, const XML_Char *el)
{
    pe_xml *x = data;

    if (x->depth)
        x->depth--;
    if (x->end)
        x->end(data, el);
}

void pe_xml_handlers(pe_xml *x, XML_StartElementHandler start,
                     XML_EndElementHandler end)
{
    x->start = start;
    x->end = end;
}

pe_xml *pe_xml_new(void *ud)
{
    pe_xml *x = calloc(1, sizeof *x);

    if (!x)
        return NULL;
    if (!(x->p = XML_ParserCreate("UTF-8"))) {
        free(x);
        return NULL;
    }
    x->ud = ud;
    XML_SetUserData(x->p, x);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    XML_SetEntityDeclHandler(x->p, on_entity);
    XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetElementHandler(x->p, on_start, on_end);
    return x;
}

void pe_xml_free(pe_xml *x)
{
    if (!x)
        return;
    XML_ParserFree(x->p);
    free(x);
}

void pe_xml_stop(pe_xml *x, pe_status st, const char *msg)
{
    if (x->stopped)
        return;
    x->stopped = 1;
    x->st = st;
    snprintf(x->msg, sizeof x->msg, "%s", msg ? msg : "");
    XML_StopParser(x->p, XML_FALSE);
}

/* Markup tokens, as far as their length goes: a tag (whose quoted
 * attribute values may hold '>'), "<!" not yet told apart, a comment, a
 * CDATA section, a processing instruction. */
enum { T_NONE, T_TAG, T_BANG, T_COMMENT, T_CDATA, T_PI };

/* Where the markup tokens are, as far as their length goes (pe_xml's
 * tok, toklen and quote, held in locals while a chunk is read). */
typedef struct token {
    int tok;
    size_t len;
    char quote;
} token;

/* One byte of a token: the markup's state after it. */
static void token_step(token *t, char c)
{
    t->len++;
    switch (t->tok) {
    case T_TAG:
        if (t->len == 2 && c == '!')
            t->tok = T_BANG;
        else if (t->len == 2 && c == '?')
            t->tok = T_PI;
        else if (t->quote)
            t->quote = c == t->quote ? 0 : t->quote;
        else if (c == '"' || c == '\'')
            t->quote = c;
        else if (c == '>')
            t->tok = T_NONE;
        break;
    case T_BANG:
        /* quote counts the closing characters met in a row: '-' of a
         * comment, ']' of a CDATA section, '?' of an instruction */
        t->tok = c == '-' ? T_COMMENT : c == '[' ? T_CDATA : T_TAG;
        t->quote = c == '-' ? 1 : 0;
        if (c == '>')
            t->tok = T_NONE;
        break;
    default: {
        char close = t->tok == T_COMMENT ? '-' : t->tok == T_CDATA ? ']' : '?';
        int need = t->tok == T_PI ? 1 : 2;

        if (c == '>' && t->quote >= need)
            t->tok = T_NONE;
        else if (c == close)
            t->quote = (char)(t->quote < 2 ? t->quote + 1 : 2);
        else
            t->quote = 0;
        break;
    }
    }
}

/*
 * Follow the markup tokens through buf, and say whether one has grown
 * past PE_XML_MAX_TOKEN bytes.  Expat 2.5 scans an unfinished token again
 * from its start on every chunk it is given, so a token of n bytes costs
 * n²/CHUNK: it is refused before expat sees the chunk that makes it too
 * long.  Character data between tokens is reported as it comes and costs
 * nothing again.
 *
 * Every byte of every part passes here, so the common stretches go by in
 * tight loops: text up to the next '<', a tag up to its '>' with its
 * quoted values skipped whole.  The rest (comments, CDATA sections,
 * instructions, "<!") goes a byte at a time through token_step().  A
 * token is too long when it is still open after its byte
 * PE_XML_MAX_TOKEN + 1, as when each byte was counted on its own.
 */
static int token_too_long(pe_xml *x, const char *buf, size_t len)
{
    /* the bytes that stop a run inside a tag, outside quotes */
    static const unsigned char stops_tag[256] = {
        ['>'] = 1, ['"'] = 1, ['\''] = 1};
    const unsigned char *p = (const unsigned char *)buf, *end = p + len;
    token t = {x->tok, x->toklen, x->quote};
    int too_long = 0;

    while (p < end && !too_long) {
        if (t.tok == T_NONE) {
            while (p < end && *p != '<')
                p++;
            if (p == end)
                break;
            p++;
            t = (token){T_TAG, 1, 0};
            continue;
        }
        if (t.tok == T_TAG && !(t.len == 1 && (*p == '!' || *p == '?'))) {
            const unsigned char *from = p;
            char q = t.quote;

            for (;;) {
                if (q) {
                    while (p < end && *p != (unsigned char)q)
                        p++;
                    if (p == end)
                        break;
                    p++;
                    q = 0;
                }
                while (p < end && !stops_tag[*p])
                    p++;
                if (p == end || *p == '>')
                    break;
                q = (char)*p++;
            }
            t.quote = q;
            t.len += (size_t)(p - from);
            if (p == end) {
                too_long = t.len > PE_XML_MAX_TOKEN;
            } else {
                /* closed by its byte len + 1: open until the one before */
                too_long = t.len > PE_XML_MAX_TOKEN;
                t.len++;
                t.tok = T_NONE;
                p++;
            }
            continue;
        }
        token_step(&t, (char)*p++);
        too_long = t.tok != T_NONE && t.len > PE_XML_MAX_TOKEN;
    }
    x->tok = t.tok;
    x->toklen = t.len;
    x->quote = t.quote;
    return too_long;
}

/* One chunk into the parser; 1 to go on, 0 when it stopped (quietly or
 * not: x->st and err say). */
static int feed(pe_xml *x, const char *buf, size_t len, int last,
                const char *name, const char *member, pe_error *err)
{
    if (!x->stopped && token_too_long(x, buf, len)) {
        x->stopped = 1;
        x->st = PE_EDATA;
        pe_error_set(err, name, (long)XML_GetCurrentLineNumber(x->p), 0,
                     "%s%sa tag, comment or CDATA section longer than "
                     "1048576 bytes (a workbook or document never has one)",
                     member, member[0] ? ": " : "");
        return 0;
    }
    if (XML_Parse(x->p, buf, (int)len, last) != XML_STATUS_ERROR)
        return !x->stopped;
    if (x->stopped) {
        /* a handler that stops with its own status and no message has
         * filled err itself */
        if (x->st != PE_OK && x->msg[0])
            pe_error_set(err, name, (long)XML_GetCurrentLineNumber(x->p), 0,
                         "%s%s%s", member, member[0] ? ": " : "", x->msg);
        return 0;
    }
    x->st = PE_EDATA;
    pe_error_set(err, name, (long)XML_GetCurrentLineNumber(x->p),
                 (long)XML_GetCurrentColumnNumber(x->p) + 1, "%s%s%s", member,
                 member[0] ? ": malformed XML: " : "malformed XML: ",
                 XML_ErrorString(XML_GetErrorCode(x->p)));
    return 0;
}

pe_status pe_xml_parse_buf(pe_xml *x, const char *buf, size_t len,
                           const char *name, pe_error *err)
{
    const char *end = buf + len;

    /* in pieces below INT_MAX, as XML_Parse counts in int */
    while ((size_t)(end - buf) > CHUNK) {
        if (!feed(x, buf, CHUNK, 0, name, "", err))
            return x->st;
        buf += CHUNK;
    }
    feed(x, buf, (size_t)(end - buf), 1, name, "", err);
    return x->st;
}

pe_status pe_zip_parse(pe_zip *z, const char *member, pe_xml *x, pe_error *err)
{
    zip_file_t *f = open_member(z, member, err);
    char *chunk;
    size_t total = 0;
    int go = 1;

    if (!f)
        return PE_EDATA;
    if (!(chunk = malloc(CHUNK))) {
        zip_fclose(f);
        return PE_ENOMEM;
    }
    while (go) {
        zip_int64_t n = read_chunk(z, f, member, chunk, &total, err);

        if (n < 0) {
            x->st = PE_EDATA;
            break;
        }
        go = feed(x, chunk, (size_t)n, n == 0, z->name, member, err) && n;
    }
    free(chunk);
    zip_fclose(f);
    return x->st;
}

const char *pe_xml_local(const char *name)
{
    const char *colon = strrchr(name, ':');

    return colon ? colon + 1 : name;
}

const char *pe_xml_attr(const char **atts, const char *name)
{
    for (; atts && atts[0]; atts += 2)
        if (strcmp(pe_xml_local(atts[0]), name) == 0)
            return atts[1];
    return NULL;
}
