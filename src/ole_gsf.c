/* ole.h through libgsf (POSIX).  The Windows build has ole_cfb.c. */
#include "ole.h"
#include "os.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/*
 * libgsf is loaded when an .xls is first read, not linked: it brings GLib,
 * GIO, libxml2 and ICU, which would add some 5 MiB and a few milliseconds
 * to every start of perfeval, for the one format that needs them.
 */
#ifndef GSF_SONAME
#define GSF_SONAME "libgsf-1.so.114"
#endif

static struct gsf {
    GsfInput *(*memory_new)(const guint8 *, gsf_off_t, gboolean);
    GsfInfile *(*msole_new)(GsfInput *, GError **);
    GsfInput *(*child_by_name)(GsfInfile *, const char *);
    gsf_off_t (*size)(GsfInput *);
    const guint8 *(*read)(GsfInput *, size_t, guint8 *);
    void (*unref)(gpointer);
    void (*error_free)(GError *);
    guint (*set_handler)(const gchar *, GLogLevelFlags, GLogFunc, gpointer);
    int loaded;
    char why[256];
} G;

static void quiet(const gchar *domain, GLogLevelFlags level,
                  const gchar *message, gpointer data)
{
    (void)domain, (void)level, (void)message, (void)data;
}

/* One symbol into a function pointer (by memcpy: ISO C has no cast
 * between object and function pointers; POSIX guarantees they fit). */
static int sym(void *h, const char *name, void *fp, size_t size)
{
    void *p = pe_os_dlsym(h, name);

    if (!p || size != sizeof p) {
        snprintf(G.why, sizeof G.why, "%s: no %s", GSF_SONAME, name);
        return 0;
    }
    memcpy(fp, &p, sizeof p);
    return 1;
}

/* Load libgsf, and silence it: the library never prints, and libgsf's
 * complaints about a damaged container are a damaged file here, said
 * once by the caller.  The handlers belong to the process: set once. */
static void load_gsf(void)
{
    void *h = pe_os_dlopen(GSF_SONAME, G.why, sizeof G.why);

    if (!h)
        return;
#define SYM(f, name) sym(h, name, &G.f, sizeof G.f)
    if (!SYM(memory_new, "gsf_input_memory_new") ||
        !SYM(msole_new, "gsf_infile_msole_new") ||
        !SYM(child_by_name, "gsf_infile_child_by_name") ||
        !SYM(size, "gsf_input_size") || !SYM(read, "gsf_input_read") ||
        !SYM(unref, "g_object_unref") || !SYM(error_free, "g_error_free") ||
        !SYM(set_handler, "g_log_set_handler")) {
        pe_os_dlclose(h);
        return;
    }
#undef SYM
    G.set_handler("libgsf:msole", G_LOG_LEVEL_MASK, quiet, NULL);
    G.set_handler("libgsf", G_LOG_LEVEL_MASK, quiet, NULL);
    G.set_handler("libgsf:utils", G_LOG_LEVEL_MASK, quiet, NULL);
    G.loaded = 1; /* never closed: GLib's types stay registered */
}

const char *pe_ole_library(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    pthread_once(&once, load_gsf);
    return G.loaded ? NULL : G.why;
}

pe_status
pe_ole_stream(const char *buf, size_t len, const char *const *names, size_t max,
              pe_status (*fn)(void *ctx, const unsigned char *s, size_t size),
              void *ctx)
{
    GsfInput *in;
    GsfInfile *ole;
    GsfInput *child = NULL;
    GError *e = NULL;
    pe_status st = PE_EDATA;

    if (pe_ole_library())
        return PE_EIO;
    in = G.memory_new((const guint8 *)buf, (gsf_off_t)len, FALSE);
    ole = in ? G.msole_new(in, &e) : NULL;
    if (e)
        G.error_free(e);
    for (size_t i = 0; ole && !child && names[i]; i++)
        child = G.child_by_name(ole, names[i]);
    if (child) {
        gsf_off_t size = G.size(child);
        const guint8 *data = size > 0 && (size_t)size <= max
                                 ? G.read(child, (size_t)size, NULL)
                                 : NULL;

        if (data)
            st = fn(ctx, data, (size_t)size);
        G.unref(child);
    }
    if (ole)
        G.unref(ole);
    if (in)
        G.unref(in);
    return st;
}

int pe_ole_has(const char *buf, size_t len, const char *name)
{
    GsfInput *in, *child = NULL;
    GsfInfile *ole;
    GError *e = NULL;

    if (pe_ole_library())
        return 0;
    in = G.memory_new((const guint8 *)buf, (gsf_off_t)len, FALSE);
    ole = in ? G.msole_new(in, &e) : NULL;
    if (e)
        G.error_free(e);
    if (ole && (child = G.child_by_name(ole, name)) != NULL)
        G.unref(child);
    if (ole)
        G.unref(ole);
    if (in)
        G.unref(in);
    return child != NULL;
}
