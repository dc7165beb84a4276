/* The message catalogue compiled from po/zh_CN.po (tools/po2c.py) and the
 * lookup of a message's Chinese text.  Internal to the library; the public
 * side is pe_lang and pe_message() in perfeval.h. */
#ifndef PE_MSG_H
#define PE_MSG_H

#include "perfeval.h"

#include <stddef.h>

typedef struct pe_catalog_entry {
    const char *en;        /* msgid: the English text, a printf format */
    const char *en_plural; /* msgid_plural, or NULL */
    const char *zh;        /* msgstr[0]: Chinese has one plural form */
} pe_catalog_entry;

/* Sorted bytewise by en; generated into the build tree. */
extern const pe_catalog_entry pe_catalog[];
extern const size_t pe_catalog_n;

/* strerror's English for the errors a clerk meets (msg.c), so that the
 * catalogue holds their Chinese. */
extern const char *const pe_sys_words[];

/* The Chinese text of en, NULL when the catalogue has none. */
const char *pe_msg_zh(const char *en)
#if defined(__GNUC__)
    __attribute__((format_arg(1)))
#endif
    ;

#endif
