/*
 * The encoding of a table file, and decoding it to UTF-8 with LF lines.
 *
 * Detection follows what spreadsheets write: Excel's "CSV UTF-8" starts
 * with a byte-order mark; Chinese Excel's and WPS's plain "CSV" is GB18030
 * (GBK) with none; "Unicode 文本" is UTF-16 with a mark.  Validity decides
 * between UTF-8 and GB18030: Chinese text in GBK is invalid UTF-8 within a
 * character or two, while valid UTF-8 that is really GBK needs every
 * character to fall into UTF-8's narrow byte patterns.
 *
 * The system converts (pe_os_to_utf8: iconv(3) on POSIX, Windows' own
 * code page 54936 there).
 */
#include "encoding.h"
#include "os.h"
#include "project.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct enc_name {
    const char *name;
    pe_encoding enc;
};

static const struct enc_name enc_names[] = {
    {"auto", PE_ENC_AUTO},     {"utf-8", PE_ENC_UTF8},
    {"utf8", PE_ENC_UTF8},     {"gb18030", PE_ENC_GB18030},
    {"gbk", PE_ENC_GB18030},   {"gb2312", PE_ENC_GB18030},
    {"cp936", PE_ENC_GB18030},
};

pe_status pe_encoding_from_name(const char *name, pe_encoding *out)
{
    for (size_t i = 0; name && i < NELEMS(enc_names); i++) {
        if (strcasecmp(name, enc_names[i].name) == 0) {
            *out = enc_names[i].enc;
            return PE_OK;
        }
    }
    return PE_EUSAGE;
}

const char *pe_encoding_name(pe_encoding e)
{
    switch (e) {
    case PE_ENC_AUTO:
        return "auto";
    case PE_ENC_UTF8:
        return "UTF-8";
    case PE_ENC_GB18030:
        return "GB18030";
    case PE_ENC_UTF16:
        return "UTF-16";
    }
    return "?";
}

/* Files a clerk may pick instead of the CSV, known by their first bytes:
 * saying what they are beats "binary data". */
struct magic {
    const char *bytes;
    size_t len;
    const char *what;
};

static const struct magic magics[] = {
    {"PK\x03\x04", 4, "a zip archive such as an Excel .xlsx workbook"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8,
     "an Excel 97-2003 .xls or WPS .et workbook"},
    {"%PDF-", 5, "a PDF file"},
};

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* The line (CRLF, CR and LF each end one) and the column in characters of
 * offset off in the UTF-8 text s. */
static void position(const char *s, size_t off, long *line, long *col)
{
    long l = 1, c = 1;

    for (size_t i = 0; i < off; i++) {
        unsigned char b = (unsigned char)s[i];

        if (b == '\r' || (b == '\n' && (i == 0 || s[i - 1] != '\r'))) {
            l++;
            c = 1;
        } else if (b != '\n' && (b & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

size_t pe_utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned c = u[i], k, min, cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            k = 2, cp = c & 0x1F, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 3, cp = c & 0x0F, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 4, cp = c & 0x07, min = 0x10000;
        else
            return i;
        if (len - i < k)
            return i;
        for (unsigned j = 1; j < k; j++) {
            if ((u[i + j] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (u[i + j] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += k;
    }
    return len;
}

/* Control bytes have no place in a table; NUL is the mark of a binary
 * file.  Form feeds and vertical tabs survive copying from documents
 * (`page`). */
static size_t find_control(const char *s, size_t len, int page)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)s[i];

        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' &&
             !(page && (b == '\f' || b == '\v'))) ||
            b == 0x7F)
            return i;
    }
    return len;
}

int pe_text_control(const char *buf, size_t len, int page, long *line)
{
    size_t at = find_control(buf, len, page);

    *line = 1;
    for (size_t i = 0; i < at; i++)
        *line += buf[i] == '\n';
    return at < len ? (unsigned char)buf[at] : -1;
}

static pe_status check_magic(const char *buf, size_t len, const char *name,
                             pe_error *err)
{
    for (size_t i = 0; i < NELEMS(magics); i++) {
        if (len >= magics[i].len &&
            memcmp(buf, magics[i].bytes, magics[i].len) == 0) {
            pe_error_set(err, name, 0, 0,
                         "this is %s, not a CSV file: open it in Excel or "
                         "WPS and save it as CSV (另存为 CSV)",
                         magics[i].what);
            return PE_EDATA;
        }
    }
    return PE_OK;
}

/* Control bytes in text: the byte's line only, since the bytes before it
 * may not be UTF-8 yet. */
static pe_status check_controls(const char *s, size_t len, const char *name,
                                pe_error *err)
{
    size_t at = find_control(s, len, 1);
    long line, col;

    if (at == len)
        return PE_OK;
    position(s, at, &line, &col);
    pe_error_set(err, name, line, 0,
                 "binary data (byte 0x%02X), not a CSV or TSV table",
                 (unsigned)(unsigned char)s[at]);
    return PE_EDATA;
}

/* Decode with the system's converter; on a bad sequence, place it by the text
 * decoded so far, which is UTF-8 and so has lines and characters. */
static pe_status decode_with(const char *from, const char *buf, size_t len,
                             const char *name, const char *what, pe_buf *out,
                             pe_error *err)
{
    size_t start = out->len, bad = 0;
    pe_status st = pe_os_to_utf8(from, buf, len, out, &bad);
    long line, col;

    if (st == PE_EIO)
        pe_error_set(err, name, 0, 0,
                     "cannot convert from %s: the system has no converter",
                     from);
    if (st != PE_EDATA)
        return st;
    position(out->data + start, out->len - start, &line, &col);
    pe_error_set(err, name, line, col, "%s (byte 0x%02X)", what,
                 (unsigned)(unsigned char)buf[bad]);
    return PE_EDATA;
}

/*
 * Is text that is not valid UTF-8 still UTF-8 with a few damaged bytes?
 * GBK text passes for UTF-8 by chance in about one character of ten;
 * UTF-8 with a damaged byte passes everywhere else.  Telling the two apart
 * matters: decoding damaged UTF-8 as GB18030 fails (or worse, succeeds)
 * far from the damage.
 */
static int mostly_utf8(const char *buf, size_t len)
{
    size_t good = 0, bad = 0, i = 0;

    while (i < len) {
        size_t k = pe_utf8_valid_prefix(buf + i, len - i);

        for (size_t j = i; j < i + k; j++)
            good += ((unsigned char)buf[j] & 0xC0) == 0xC0;
        i += k;
        if (i < len) {
            bad++;
            i++;
        }
    }
    return good >= 4 * bad;
}

static pe_status decode_utf8(const char *buf, size_t len, pe_encoding enc,
                             const char *name, pe_buf *out, pe_decoded *info,
                             pe_error *err)
{
    size_t valid = pe_utf8_valid_prefix(buf, len);
    long line, col;
    pe_status st;

    if (valid == len) {
        info->used = PE_ENC_UTF8;
        return pe_buf_append(out, buf, len);
    }
    position(buf, valid, &line, &col);
    if (enc == PE_ENC_AUTO && mostly_utf8(buf, len)) {
        pe_error_set(err, name, line, col,
                     "not valid UTF-8 (byte 0x%02X), though the rest of the "
                     "file is: the file is damaged here",
                     (unsigned)(unsigned char)buf[valid]);
        return PE_EDATA;
    }
    if (enc == PE_ENC_UTF8) {
        pe_error_set(err, name, line, col,
                     "not valid UTF-8 (byte 0x%02X); the file may be "
                     "GB18030 (GBK)",
                     (unsigned)(unsigned char)buf[valid]);
        return PE_EDATA;
    }
    info->not_utf8_line = line;
    info->used = PE_ENC_GB18030;
    info->transcoded = 1;
    st = decode_with("GB18030", buf, len, name,
                     "not text: neither UTF-8 nor GB18030", out, err);
    /* a column counted in characters of a guessed encoding misleads */
    if (st == PE_EDATA && err)
        err->column = 0;
    return st;
}

/* Every line end to one LF, in place from start on. */
static void normalize_eol(pe_buf *b, size_t start)
{
    char *w = b->data + start, *end = b->data + b->len;

    for (const char *r = w; r < end; r++) {
        if (*r == '\r') {
            *w++ = '\n';
            if (r + 1 < end && r[1] == '\n')
                r++;
        } else {
            *w++ = *r;
        }
    }
    b->len = (size_t)(w - b->data);
    b->data[b->len] = '\0';
}

int pe_utf16_bom(const char *buf, size_t len)
{
    return len >= 2 && ((memcmp(buf, "\xFF\xFE", 2) == 0) ||
                        (memcmp(buf, "\xFE\xFF", 2) == 0));
}

/* UTF-16 without its byte-order mark: ASCII characters with a NUL byte
 * beside every one, in the first characters of the file. */
int pe_utf16_without_bom(const char *buf, size_t len)
{
    size_t n = len < 64 ? len & ~(size_t)1 : 64, even = 0, odd = 0;

    if (n < 4)
        return 0;
    for (size_t i = 0; i < n; i += 2) {
        even += buf[i] == '\0' && buf[i + 1] != '\0';
        odd += buf[i + 1] == '\0' && buf[i] != '\0';
    }
    return even == n / 2 || odd == n / 2;
}

pe_status pe_text_decode(const char *buf, size_t len, pe_encoding enc,
                         const char *name, pe_buf *out, pe_decoded *info,
                         pe_error *err)
{
    size_t start = out->len;
    pe_status st;

    info->used = enc;
    info->transcoded = 0;
    info->not_utf8_line = 0;
    if ((st = check_magic(buf, len, name, err)) != PE_OK)
        return st;
    if (enc == PE_ENC_AUTO && !pe_utf16_bom(buf, len) &&
        pe_utf16_without_bom(buf, len)) {
        pe_error_set(err, name, 0, 0,
                     "UTF-16 text without a byte-order mark: save it again "
                     "as UTF-8 (or as UTF-16 with its mark)");
        return PE_EDATA;
    }
    if (pe_buf_append(out, "", 0) != PE_OK) {
        pe_error_set(err, name, 0, 0, "out of memory");
        return PE_ENOMEM;
    }
    if (enc == PE_ENC_UTF16 || (enc == PE_ENC_AUTO && pe_utf16_bom(buf, len))) {
        info->used = PE_ENC_UTF16;
        info->transcoded = 1;
        st =
            decode_with("UTF-16", buf, len, name, "not valid UTF-16", out, err);
        if (st == PE_OK)
            st = check_controls(out->data + start, out->len - start, name, err);
    } else {
        if (enc != PE_ENC_GB18030 && len >= 3 && memcmp(buf, utf8_bom, 3) == 0)
            buf += 3, len -= 3;
        if ((st = check_controls(buf, len, name, err)) != PE_OK)
            return st;
        if (enc == PE_ENC_GB18030) {
            info->transcoded = 1;
            st = decode_with("GB18030", buf, len, name,
                             "not valid GB18030 text", out, err);
        } else {
            st = decode_utf8(buf, len, enc, name, out, info, err);
        }
    }
    if (st == PE_ENOMEM)
        pe_error_set(err, name, 0, 0, "out of memory");
    if (st != PE_OK)
        return st;
    normalize_eol(out, start);
    return PE_OK;
}

pe_status pe_text_sniff(const char *buf, size_t len, const char *name,
                        pe_error *err)
{
    const char *nul;
    pe_status st;

    if ((st = check_magic(buf, len, name, err)) != PE_OK)
        return st;
    if (pe_utf16_bom(buf, len))
        return PE_OK;
    if (pe_utf16_without_bom(buf, len)) {
        pe_error_set(err, name, 0, 0,
                     "UTF-16 text without a byte-order mark: save it again "
                     "as UTF-8 (or as UTF-16 with its mark)");
        return PE_EDATA;
    }
    /* a NUL byte is never in 8-bit text: /dev/zero or an image is refused
     * here, not after a gigabyte */
    if ((nul = memchr(buf, '\0', len)) != NULL)
        return check_controls(buf, (size_t)(nul - buf) + 1, name, err);
    return PE_OK;
}

/* ------------------------------------------------------------ mojibake */

/* Windows-1252's bytes 0x80..0x9F by the characters they stand for; the
 * five it leaves undefined read back as themselves (U+0081 ...). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/* One UTF-8 character of s at *i: its code point, -1 when malformed. */
static long next_cp(const unsigned char *s, size_t len, size_t *i)
{
    size_t k = pe_utf8_valid_prefix((const char *)s + *i, len - *i);
    unsigned c = s[*i];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    long cp;

    if (k < n)
        return -1;
    cp = (long)(n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07);
    for (size_t j = 1; j < n; j++)
        cp = (cp << 6) | (s[*i + j] & 0x3F);
    *i += n;
    return cp;
}

/* The byte Windows-1252 writes for code point cp, -1 when none. */
static int cp1252_byte(long cp)
{
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    for (int b = 0; b < 32; b++)
        if (cp1252_high[b] == cp)
            return 0x80 + b;
    return -1;
}

int pe_text_mojibake(const char *s, size_t len, char *fixed, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char back[256];
    size_t i = 0, k = 0, cjk = 0, high = 0;

    /* a Chinese character read that way is three characters of
     * Latin-1/1252, the first of them one of åæçèé (E5..E9) */
    while (i < len && k < sizeof back) {
        long cp = next_cp(u, len, &i);
        int b = cp < 0 ? -1 : cp1252_byte(cp);

        if (b < 0)
            return 0;
        back[k++] = (unsigned char)b;
        high += b >= 0x80;
    }
    if (!high || pe_utf8_valid_prefix((const char *)back, k) != k)
        return 0;
    for (size_t j = 0; j < k;) {
        long cp = next_cp(back, k, &j);

        if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x303F) ||
            (cp >= 0xFF00 && cp <= 0xFFEF))
            cjk++;
    }
    if (!cjk)
        return 0;
    if (n) {
        size_t m = k < n - 1 ? k : n - 1;

        while (m < k && m && (back[m] & 0xC0) == 0x80)
            m--;
        memcpy(fixed, back, m);
        fixed[m] = '\0';
    }
    return 1;
}
