/* Office Open XML packages (.xlsx, .docx): the zip archive through libzip,
 * its XML parts through expat, with the guards a file from a stranger
 * needs.  Internal to the library. */
#ifndef PE_OOXML_H
#define PE_OOXML_H

#include <expat.h>

#include "perfeval.h"

typedef struct pe_zip pe_zip;

/*
 * What a workbook or document may cost, so that a small hostile file
 * cannot take the machine: bytes one part expands to (--max-file-size),
 * bytes all its parts expand to together, every read counted
 * (--max-unpacked), and cells held of one sheet or table, or shared
 * strings (--max-cells).  0: the default.
 */
typedef struct pe_limits {
    size_t part;
    size_t unpacked;
    size_t cells;
} pe_limits;

#define PE_DEFAULT_PART ((size_t)1 << 30)
#define PE_DEFAULT_UNPACKED ((size_t)128 << 20)
#define PE_DEFAULT_CELLS ((size_t)2000000)

/*
 * Open len bytes as a zip archive.  No member may expand past lim->part
 * bytes, and the members together, counted as they are read, past
 * lim->unpacked.  The archive keeps a
 * pointer to buf, which must outlive it, and a copy of *lim (NULL: the
 * defaults).  PE_EDATA with err (file `name`) for a truncated or damaged
 * archive; PE_ENOMEM.
 */
PE_MUST_CHECK pe_status pe_zip_open(const char *buf, size_t len,
                                    const char *name, const pe_limits *lim,
                                    pe_zip **out, pe_error *err);

/* The limits the archive was opened with, defaults filled in. */
const pe_limits *pe_zip_limits(const pe_zip *z);

void pe_zip_close(pe_zip *z); /* NULL is a no-op */

/* Is there a member of that name (exact, as stored)? */
int pe_zip_has(pe_zip *z, const char *member);

/* The whole member, appended to out (NUL-terminated).  PE_EDATA for a
 * missing, encrypted, damaged or oversized member, with err. */
PE_MUST_CHECK pe_status pe_zip_read(pe_zip *z, const char *member, pe_buf *out,
                                    pe_error *err);

/*
 * An expat parser for untrusted parts.  A document type declaration or an
 * entity declaration is refused (OOXML has none, and they are how
 * billion-laughs and external-entity attacks come in).  The handlers set
 * on p get the pe_xml itself as their user data: they find their own
 * state in ud and stop the parse with pe_xml_stop().
 */
typedef struct pe_xml {
    XML_Parser p;
    void *ud;
    pe_status st; /* what stopped the parse; PE_OK for a quiet stop */
    int stopped;
    int doctype;   /* a DTD was met */
    char msg[256]; /* why, when st is not PE_OK */
    /* the readers' element handlers (pe_xml_handlers), behind the ones
     * that count the depth */
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    unsigned depth;
    /* the markup token being fed (feed()), for its length: 0 outside
     * one, else what kind; and its bytes so far */
    int tok;
    char quote;
    size_t toklen;
} pe_xml;

/*
 * A new parser with the guards above; NULL when out of memory.  Past
 * them: elements nested more than PE_XML_MAX_DEPTH deep, and a tag, a
 * comment, a processing instruction or a CDATA section longer than
 * PE_XML_MAX_TOKEN bytes are refused (expat 2.5 scans an unfinished
 * token again on every chunk: a 40 MB attribute took 17 s).
 */
#define PE_XML_MAX_DEPTH 256
#define PE_XML_MAX_TOKEN ((size_t)1 << 20)
pe_xml *pe_xml_new(void *ud);

/* The element handlers of a reader (either may be NULL), in place of
 * XML_SetElementHandler, so that the depth is still counted. */
void pe_xml_handlers(pe_xml *x, XML_StartElementHandler start,
                     XML_EndElementHandler end);
void pe_xml_free(pe_xml *x); /* NULL is a no-op */

/* Stop the parse from a handler: st PE_OK ends it quietly (enough was
 * read), anything else is what pe_zip_parse() returns, msg its message. */
void pe_xml_stop(pe_xml *x, pe_status st, const char *msg);

/*
 * Feed the member to x in chunks, so that a large worksheet never sits in
 * memory whole.  PE_EDATA with err for malformed XML (with its line), a
 * DTD or entity, or a damaged, encrypted or oversized member; the status
 * a handler gave pe_xml_stop() otherwise (err->msg its message).
 */
PE_MUST_CHECK pe_status pe_zip_parse(pe_zip *z, const char *member, pe_xml *x,
                                     pe_error *err);

/* The same over bytes in memory (a part read whole, a test). */
PE_MUST_CHECK pe_status pe_xml_parse_buf(pe_xml *x, const char *buf, size_t len,
                                         const char *name, pe_error *err);

/* A tag or attribute name without its namespace prefix: "x:row" is
 * "row". */
const char *pe_xml_local(const char *name);

/* The value of attribute `name` (local name), or NULL. */
const char *pe_xml_attr(const char **atts, const char *name);

#endif
