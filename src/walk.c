/* The files a run reads: names given, folders walked, lists read.  Which
 * names are tables is decided here, once, for every caller. */
#include "os.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct pe_paths {
    char **path;
    size_t n, cap;
    size_t skipped;
    int leave_out; /* out names the run's output */
    pe_os_info out;
};

void pe_paths_leave_out(pe_paths *l, const char *path)
{
    pe_os_info sb;

    if (l && path && strcmp(path, "-") != 0 && pe_os_stat(path, &sb) == 0 &&
        sb.kind == PE_OS_FILE) {
        l->leave_out = 1;
        l->out = sb;
    }
}

/* The folders being walked, to stop at a symlink back to one of them. */
typedef struct ancestor {
    pe_os_info id;
    const struct ancestor *up;
} ancestor;

static const char *const table_ext[] = {".csv",  ".tsv", ".txt", ".json",
                                        ".xlsx", ".xls", ".docx"};

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[n - k + i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return 0;
    }
    return 1;
}

int pe_path_is_table_name(const char *name)
{
    const char *base = name;

    for (const char *c = name; *c; c++)
        if (pe_os_is_sep((unsigned char)*c))
            base = c + 1;
    /* hidden files, Office's lock files (~$表.xlsx), and the rules file
     * that stands beside a table (t.rules.json) are no tables */
    if (base[0] == '.' || (base[0] == '~' && base[1] == '$') ||
        ends_with_ci(base, ".rules.json"))
        return 0;
    for (size_t i = 0; i < NELEMS(table_ext); i++)
        if (ends_with_ci(base, table_ext[i]) && strlen(base) > 0)
            return 1;
    return 0;
}

pe_paths *pe_paths_new(void)
{
    return calloc(1, sizeof(pe_paths));
}

void pe_paths_free(pe_paths *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->path[i]);
    free(l->path);
    free(l);
}

size_t pe_paths_count(const pe_paths *l)
{
    return l ? l->n : 0;
}

const char *pe_paths_get(const pe_paths *l, size_t i)
{
    return l && i < l->n ? l->path[i] : NULL;
}

size_t pe_paths_skipped(const pe_paths *l)
{
    return l ? l->skipped : 0;
}

/* Append a copy of the n bytes at s. */
static pe_status push(pe_paths *l, const char *s, size_t n)
{
    char **grown, *copy = malloc(n + 1);

    if (!copy)
        return PE_ENOMEM;
    memcpy(copy, s, n);
    copy[n] = '\0';
    if (!(grown = pe_grow(l->path, &l->cap, l->n + 1, sizeof *l->path, 64))) {
        free(copy);
        return PE_ENOMEM;
    }
    l->path = grown;
    l->path[l->n++] = copy;
    return PE_OK;
}

static int bytewise(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The entries of dir, "." and ".." left out, sorted bytewise. */
static pe_status read_names(const char *dir, char ***out, size_t *n,
                            pe_error *err)
{
    pe_os_dir *d = pe_os_opendir(dir);
    const char *name;
    char **names = NULL, **grown;
    size_t cap = 0;

    *out = NULL;
    *n = 0;
    if (!d) {
        pe_error_set(err, dir, 0, 0, "cannot read the folder: %s",
                     strerror(errno));
        return PE_EIO;
    }
    while ((name = pe_os_readdir(d)) != NULL) {
        char *copy;

        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        grown = pe_grow(names, &cap, *n + 1, sizeof *names, 32);
        copy = grown ? pe_strdup_or_empty(name) : NULL;
        if (grown)
            names = grown;
        if (!copy) {
            pe_os_closedir(d);
            free_names(names, *n);
            *n = 0;
            return PE_ENOMEM;
        }
        names[(*n)++] = copy;
    }
    if (errno) {
        int e2 = errno;

        pe_os_closedir(d);
        free_names(names, *n);
        *n = 0;
        pe_error_set(err, dir, 0, 0, "cannot read the folder: %s",
                     strerror(e2));
        return PE_EIO;
    }
    pe_os_closedir(d);
    if (*n)
        qsort(names, *n, sizeof *names, bytewise);
    *out = names;
    return PE_OK;
}

static pe_status walk(pe_paths *l, const char *dir, const ancestor *up,
                      pe_error *err)
{
    char **names;
    size_t n;
    pe_status st = read_names(dir, &names, &n, err);
    size_t dlen = strlen(dir);
    int slash = dlen && pe_os_is_sep((unsigned char)dir[dlen - 1]);

    for (size_t i = 0; i < n && st == PE_OK; i++) {
        size_t len = dlen + !slash + strlen(names[i]);
        char *path = malloc(len + 1);
        pe_os_info sb;

        if (!path) {
            st = PE_ENOMEM;
            break;
        }
        memcpy(path, dir, dlen);
        if (!slash)
            path[dlen] = '/';
        strcpy(path + dlen + !slash, names[i]);
        if (pe_os_stat(path, &sb) == 0 && l->leave_out &&
            pe_os_same_file(&sb, &l->out)) {
            /* the run's own output, from the run before */
        } else if (pe_os_stat(path, &sb) == 0 && sb.kind == PE_OS_DIR) {
            const ancestor *a = up;
            ancestor me = {sb, up};

            while (a && !pe_os_same_file(&a->id, &sb))
                a = a->up;
            /* a link back up the tree is walked once, not forever */
            if (!a)
                st = walk(l, path, &me, err);
        } else if (pe_path_is_table_name(names[i])) {
            /* a broken link or an unreadable file is still a table the
             * reviewer expects: its record says why it did not load */
            st = push(l, path, len);
        } else {
            l->skipped++;
        }
        free(path);
    }
    free_names(names, n);
    return st;
}

pe_status pe_paths_add(pe_paths *l, const char *path, pe_error *err)
{
    pe_os_info sb;

    if (!l || !path)
        return PE_EUSAGE;
    if (strcmp(path, "-") != 0 && pe_os_stat(path, &sb) == 0 &&
        sb.kind == PE_OS_DIR) {
        ancestor top = {sb, NULL};

        return walk(l, path, &top, err);
    }
    /* a file named is read whatever its name */
    return push(l, path, strlen(path));
}

pe_status pe_paths_add_list(pe_paths *l, const char *buf, size_t len, int nul,
                            pe_error *err)
{
    char sep = nul ? '\0' : '\n';
    size_t at = 0;

    while (at < len) {
        const char *s = buf + at, *e = memchr(s, sep, len - at);
        size_t n = e ? (size_t)(e - s) : len - at;
        pe_status st;
        char *name;

        at += n + 1;
        /* a list saved on Windows ends its lines in CRLF */
        if (!nul && n && s[n - 1] == '\r')
            n--;
        if (!n)
            continue;
        if (memchr(s, '\0', n)) {
            pe_error_set(err, "", 0, 0,
                         "a NUL byte in a list of names: read it with -0");
            return PE_EDATA;
        }
        if (!(name = malloc(n + 1)))
            return PE_ENOMEM;
        memcpy(name, s, n);
        name[n] = '\0';
        st = pe_paths_add(l, name, err);
        free(name);
        if (st != PE_OK)
            return st;
    }
    return PE_OK;
}
