/* libFuzzer: the XML parts of a workbook or a document behind a valid zip.
 * fuzz_book's bytes almost never pass libzip's CRC check, so the XML
 * readers were never reached: here the fuzz bytes are cut at NUL bytes
 * into the parts of an .xlsx (workbook.xml, its relationships, a sheet,
 * sharedStrings, styles) or, when the first byte is odd, a .docx's
 * document.xml, and libzip writes them into a zip in memory that the
 * library then opens, loads and scores as fuzz_book does. */
#include "perfeval.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char CT[] =
    "<?xml version=\"1.0\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://"
    "schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

/* Add len bytes as member name; 0 on failure. */
static int add(zip_t *za, const char *name, const void *p, size_t len)
{
    zip_source_t *s = zip_source_buffer(za, p, len, 0);

    if (!s)
        return 0;
    if (zip_file_add(za, name, s, ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(s);
        return 0;
    }
    return 1;
}

/* The zip of the parts, in a buffer of the caller's (malloc'd); 0 when
 * libzip could not make it. */
static int make_zip(const uint8_t *data, size_t size, char **out,
                    size_t *outlen)
{
    static const char *const xlsx[] = {
        "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
        "xl/styles.xml", "xl/_rels/workbook.xml.rels"};
    static const char *const docx[] = {"word/document.xml"};
    int is_docx = size > 0 && (data[0] & 1);
    const char *const *names = is_docx ? docx : xlsx;
    size_t nnames = is_docx ? 1 : 5, part = 0;
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;
    zip_stat_t st;
    const uint8_t *p = size ? data + 1 : data, *end = data + size;
    int ok = 1;

    zip_error_init(&ze);
    if (!(src = zip_source_buffer_create(NULL, 0, 0, &ze))) {
        zip_error_fini(&ze);
        return 0;
    }
    zip_source_keep(src);
    if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze))) {
        zip_source_free(src);
        zip_error_fini(&ze);
        return 0;
    }
    ok = add(za, "[Content_Types].xml", CT, sizeof CT - 1);
    if (!is_docx)
        ok = ok && add(za, "xl/_rels/workbook.xml.rels", RELS, sizeof RELS - 1);
    while (ok && part < nnames) {
        const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
        const uint8_t *stop = nul ? nul : end;

        ok = add(za, names[part++], p, (size_t)(stop - p));
        p = nul ? nul + 1 : end;
        if (!nul)
            break;
    }
    if (!ok || zip_close(za) != 0) {
        if (!ok)
            zip_discard(za);
        zip_source_free(src);
        zip_error_fini(&ze);
        return 0;
    }
    ok = 0;
    zip_stat_init(&st);
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        if ((*out = malloc(st.size ? st.size : 1)) != NULL) {
            zip_int64_t n = zip_source_read(src, *out, st.size);

            *outlen = n < 0 ? 0 : (size_t)n;
            ok = n >= 0;
            if (!ok)
                free(*out);
        }
        zip_source_close(src);
    }
    zip_source_free(src);
    zip_error_fini(&ze);
    return ok;
}

static pe_status ignore(void *ctx, const pe_long_item *it)
{
    pe_long_result res;

    (void)ctx;
    return pe_long_score(it, NULL, &res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pe_book_opts o = {NULL, (size_t)4 << 20};
    pe_book *b = NULL;
    pe_error err;
    char *zip = NULL;
    size_t len = 0;

    if (!make_zip(data, size, &zip, &len))
        return 0;
    if (pe_book_open(zip, len, "fuzz", &o, &b, &err) == PE_OK) {
        for (size_t i = 0; i < pe_book_count(b); i++) {
            if (pe_book_table_is_long(b, i)) {
                pe_long_opts lo;
                pe_long *r = NULL;

                pe_long_opts_default(&lo);
                pe_rules_default(&lo.rules);
                if (pe_long_new("fuzz", &lo, &r) == PE_OK)
                    (void)pe_book_table_stream(b, i, r, ignore, NULL, &err);
                pe_long_free(r);
            } else {
                pe_project *p = NULL;

                if (pe_book_table_load(b, i, &p, &err) == PE_OK &&
                    pe_project_infer_rules(p, &err) == PE_OK)
                    (void)pe_project_score(p, &err);
                pe_project_free(p);
            }
        }
        pe_book_free(b);
    }
    free(zip);
    return 0;
}
