/*
 * Messages in two languages (docs/messages.md): the English text of a
 * message is its key in the catalogue po/zh_CN.po, compiled into the
 * library, so that a message is written once, whole, where it is said,
 * and a translator sees the sentence.  The language follows --lang, then
 * LANGUAGE, LC_ALL, LC_MESSAGES and LANG as gettext reads them; the
 * variables are read, not setlocale(), so that Chinese works where no
 * zh_CN locale is generated.
 */
#include "msg.h"
#include "os.h"

#include <stdlib.h>
#include <string.h>

static int by_en(const void *key, const void *entry)
{
    return strcmp(key, ((const pe_catalog_entry *)entry)->en);
}

const char *pe_msg_zh(const char *en)
{
    const pe_catalog_entry *e;

    if (!en || !pe_catalog_n)
        return NULL;
    e = bsearch(en, pe_catalog, pe_catalog_n, sizeof *pe_catalog, by_en);
    return e ? e->zh : NULL;
}

const char *pe_message(pe_lang lang, const char *en)
{
    const char *zh = lang == PE_LANG_ZH ? pe_msg_zh(en) : NULL;

    return zh ? zh : en;
}

const char *pe_message_n(pe_lang lang, const char *en, const char *en_plural,
                         unsigned long n)
{
    const char *zh = lang == PE_LANG_ZH ? pe_msg_zh(en) : NULL;

    if (zh)
        return zh;
    return n == 1 ? en : en_plural;
}

/* "zh_CN.UTF-8", "zh_TW", "zh" are Chinese; LANGUAGE may list several,
 * "zh_CN:en", the first of which counts. */
static int chinese(const char *v)
{
    return v[0] == 'z' && v[1] == 'h' &&
           (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == ':' ||
            v[2] == '@' || v[2] == '-');
}

pe_lang pe_lang_from_env(void)
{
    /* gettext's order: LANGUAGE, then the locale of messages, which is
     * LC_ALL, else LC_MESSAGES, else LANG.  As in gettext, a locale set
     * to C or POSIX means English whatever LANGUAGE says. */
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *locale = NULL, *language = getenv("LANGUAGE");

    for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !locale; i++) {
        const char *v = getenv(vars[i]);

        if (v && v[0])
            locale = v;
    }
    if (locale && (strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0 ||
                   strncmp(locale, "C.", 2) == 0))
        return PE_LANG_EN;
    if (language && language[0])
        return chinese(language) ? PE_LANG_ZH : PE_LANG_EN;
    /* none set: on Windows, the language of the desktop */
    if (!locale && pe_os_ui_lang())
        return strcmp(pe_os_ui_lang(), "zh") == 0 ? PE_LANG_ZH : PE_LANG_EN;
    return locale && chinese(locale) ? PE_LANG_ZH : PE_LANG_EN;
}

int pe_lang_parse(const char *s, pe_lang *out)
{
    if (strcmp(s, "zh") == 0 || chinese(s))
        *out = PE_LANG_ZH;
    else if (strcmp(s, "en") == 0 || strncmp(s, "en_", 3) == 0 ||
             strcmp(s, "C") == 0)
        *out = PE_LANG_EN;
    else
        return 0;
    return 1;
}

/* The C library's words (strerror, in the C locale) for the errors a
 * clerk meets, marked for the catalogue: io.c looks their Chinese up by
 * the English strerror gives. */
#define N_(s) s
const char *const pe_sys_words[] = {N_("No such file or directory"),
                                    N_("Permission denied"),
                                    N_("Is a directory"),
                                    N_("Not a directory"),
                                    N_("No space left on device"),
                                    N_("File exists"),
                                    N_("File too large"),
                                    N_("Read-only file system"),
                                    N_("Too many open files"),
                                    N_("Disk quota exceeded"),
                                    N_("Input/output error"),
                                    N_("Device or resource busy"),
                                    N_("Text file busy"),
                                    N_("Invalid argument")};
