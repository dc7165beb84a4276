/* Files in and out.  Everything that touches the file system lives here, so
 * that loaders and renderers only ever see buffers; the system calls
 * themselves are os.h's. */
#include "os.h"
#include "project.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pe_status io_fail(pe_error *err, const char *path, const char *what,
                         int e)
{
    /* Windows: the target is open in Excel */
    const char *sys =
        e == EBUSY && pe_os_in_use_hint() ? pe_os_in_use_hint() : strerror(e);

    pe_error_set(err, path, 0, 0, "%s: %s", what, sys);
    /* both parts have their Chinese: "cannot open" and the C library's
     * English "No such file or directory" are in the catalogue */
    pe_error_zh(err, "%s：%s", pe_message(PE_LANG_ZH, what),
                pe_message(PE_LANG_ZH, sys));
    return PE_EIO;
}

static pe_status append(void *ctx, const char *buf, size_t len)
{
    return pe_buf_append(ctx, buf, len);
}

pe_status pe_io_read(const char *path, pe_buf *out, pe_error *err)
{
    size_t start = out->len;
    pe_status st = pe_io_stream(path, append, out, err);

    if (st == PE_ENOMEM)
        pe_error_set(err, path, 0, 0, "out of memory");
    if (st != PE_OK)
        return st;
    if (out->len - start >= 3 &&
        memcmp(out->data + start, "\xEF\xBB\xBF", 3) == 0) {
        memmove(out->data + start, out->data + start + 3, out->len - start - 3);
        out->len -= 3;
        out->data[out->len] = '\0';
    }
    if (!out->data && pe_buf_append(out, "", 0) != PE_OK)
        return PE_ENOMEM;
    return PE_OK;
}

/* ------------------------------------------------------------ targets */

/*
 * Temporary files in flight, for the signal handler to remove: a run
 * stopped by Ctrl-C, kill or a closed terminal leaves none behind.  Fixed
 * slots, so that the handler needs no allocation and no lock.
 */
#define MAX_TEMPS 4
static char temps[MAX_TEMPS][4096];
static volatile pe_os_flag temp_used[MAX_TEMPS];

int pe_io_temp_register(const char *name)
{
    for (int i = 0; i < MAX_TEMPS; i++)
        if (!temp_used[i] && strlen(name) < sizeof temps[i]) {
            memcpy(temps[i], name, strlen(name) + 1);
            temp_used[i] = 1;
            return i;
        }
    return -1;
}

void pe_io_temp_forget(int slot)
{
    if (slot >= 0)
        temp_used[slot] = 0;
}

static void remove_temps(void)
{
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temp_used[i])
            (void)pe_os_remove(temps[i]);
}

void pe_io_cleanup_on_signals(void)
{
    pe_os_on_interrupt(remove_temps);
}

/* The directory of path, with a trailing slash ("" for the current one). */
static char *dir_of(const char *path)
{
    const char *slash = NULL;
    size_t n;

    for (const char *c = path; *c; c++)
        if (pe_os_is_sep((unsigned char)*c))
            slash = c;
    n = slash ? (size_t)(slash - path) + 1 : 0;
    char *d = malloc(n + 1);

    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* A temporary file in dir (".perfeval-XXXXXX": short, so that a target
 * name of 255 bytes still has a temporary name that fits). */
static int make_temp(const char *dir, char **name)
{
    return pe_os_create_temp(dir, ".perfeval-", name);
}

void pe_target_abort(pe_target *t)
{
    if (t->fd >= 0 && t->fd != PE_OS_STDOUT)
        pe_os_close(t->fd);
    t->fd = -1;
    if (t->tmp) {
        pe_os_remove(t->tmp);
        pe_io_temp_forget(t->slot);
    }
    free(t->tmp);
    free(t->final);
    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->slot = -1;
}

pe_status pe_target_open(const char *path, int need_file, pe_target *t,
                         pe_error *err)
{
    pe_os_info sb, out;
    char *dir = NULL;
    int e, link;

    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->slot = -1;
    t->path = path;
    if (strcmp(path, "-") == 0 && !need_file) {
        t->how = PE_TARGET_STDOUT;
        t->fd = PE_OS_STDOUT;
        return PE_OK;
    }
    if (pe_os_stat(path, &sb) == 0) {
        t->existed = 1;
        t->old = sb;
        if (sb.kind == PE_OS_DIR)
            return io_fail(err, path, "cannot write", EISDIR);
        /* -o /dev/stdout: the standard output itself, whatever it is */
        if (!need_file && pe_os_fstat(PE_OS_STDOUT, &out) == 0 &&
            pe_os_same_file(&out, &sb)) {
            t->how = PE_TARGET_STDOUT;
            t->fd = PE_OS_STDOUT;
            return PE_OK;
        }
        if (sb.kind != PE_OS_FILE) {
            /* a device or a FIFO is written, never replaced by a file */
            if (!need_file) {
                t->how = PE_TARGET_DIRECT;
                if ((t->fd = pe_os_open_write(path, 0)) < 0)
                    return io_fail(err, path, "cannot open", errno);
                return PE_OK;
            }
            t->how = PE_TARGET_COPY;
            dir = pe_strdup_or_empty(pe_os_tmpdir());
        } else {
            /* a symlink is followed: the link stays, its file is written */
            if (!(t->final = pe_os_realpath(path)))
                return io_fail(err, path, "cannot write", errno);
            /* a file with other names (hard links) is rewritten in place,
             * so that all its names see the new text */
            t->how = sb.nlink > 1 ? PE_TARGET_COPY : PE_TARGET_RENAME;
            dir = dir_of(t->final);
        }
    } else if (errno == ENOENT) {
        if (pe_os_lstat_is_link(path, &link) == 0 && link) {
            pe_error_set(err, path, 0, 0,
                         "cannot write: a symbolic link to a file that does "
                         "not exist");
            return PE_EIO;
        }
        t->how = PE_TARGET_RENAME;
        dir = dir_of(path);
    } else {
        return io_fail(err, path, "cannot write", errno);
    }
    if (!dir) {
        pe_target_abort(t);
        return io_fail(err, path, "cannot write", ENOMEM);
    }
    t->fd = make_temp(dir, &t->tmp);
    e = errno;
    free(dir);
    if (t->fd < 0) {
        pe_target_abort(t);
        return io_fail(err, path, "cannot create", e);
    }
    t->slot = pe_io_temp_register(t->tmp);
    /* the file keeps its mode (and owner); a new one gets the usual */
    pe_os_temp_mode(t->fd,
                    t->existed && t->how == PE_TARGET_RENAME ? &t->old : NULL);
    return PE_OK;
}

/* Copy the staged file into the target, in place.  The whole new text is
 * in the staging file, and room for it is reserved on the target, before
 * the target is touched: a run that fails leaves it as it was. */
static pe_status copy_into(pe_target *t, pe_error *err)
{
    int in = pe_os_open_read(t->tmp), out, e;
    char buf[65536];
    ptrdiff_t n;
    pe_os_info staged, target;
    pe_status st = PE_OK;

    if (in < 0)
        return io_fail(err, t->path, "cannot write", errno);
    out = pe_os_open_write(t->final ? t->final : t->path, 0);
    if (out < 0 || pe_os_fstat(in, &staged) != 0 ||
        pe_os_fstat(out, &target) != 0) {
        e = errno;
        if (out >= 0)
            pe_os_close(out);
        pe_os_close(in);
        return io_fail(err, t->path, "cannot write", e);
    }
    if (t->final && (e = pe_os_reserve(out, target.size, staged.size)) != 0) {
        /* a reservation that grew the file is taken back */
        if (pe_os_truncate(out, target.size) != 0) {
            /* the old text is whole before st_size either way */
        }
        pe_os_close(out);
        pe_os_close(in);
        return io_fail(err, t->path, "cannot write", e);
    }
    while ((n = pe_os_read(in, buf, sizeof buf)) != 0) {
        if (n < 0 || pe_os_write_all(out, buf, (size_t)n) != 0) {
            st = io_fail(err, t->path, "cannot write", errno);
            break;
        }
    }
    pe_os_close(in);
    /* the old text past the new end goes only once the new one is in */
    if (st == PE_OK && t->final && pe_os_truncate(out, staged.size) != 0)
        st = io_fail(err, t->path, "cannot write", errno);
    if (st == PE_OK && t->final && pe_os_fsync(out) != 0)
        st = io_fail(err, t->path, "cannot write", errno);
    if (pe_os_close(out) != 0 && st == PE_OK)
        st = io_fail(err, t->path, "cannot write", errno);
    return st;
}

pe_status pe_target_commit(pe_target *t, pe_error *err)
{
    pe_status st = PE_OK;

    switch (t->how) {
    case PE_TARGET_STDOUT:
        break;
    case PE_TARGET_DIRECT:
        if (pe_os_close(t->fd) != 0)
            st = io_fail(err, t->path, "cannot write", errno);
        t->fd = -1;
        break;
    case PE_TARGET_RENAME:
        if ((t->fd >= 0 &&
             (pe_os_fsync(t->fd) != 0 || pe_os_close(t->fd) != 0)) ||
            pe_os_replace(t->tmp, t->final ? t->final : t->path) != 0)
            st = io_fail(err, t->path, "cannot write", errno);
        t->fd = -1;
        if (st == PE_OK) {
            pe_io_temp_forget(t->slot);
            free(t->tmp);
            t->tmp = NULL;
        }
        break;
    case PE_TARGET_COPY:
        if (t->fd >= 0 && pe_os_close(t->fd) != 0)
            st = io_fail(err, t->path, "cannot write", errno);
        t->fd = -1;
        if (st == PE_OK)
            st = copy_into(t, err);
        break;
    }
    pe_target_abort(t);
    return st;
}

/* ------------------------------------------------------------ sinks */

struct pe_sink {
    pe_target t;
};

pe_status pe_sink_open(const char *path, pe_sink **out, pe_error *err)
{
    pe_sink *s = calloc(1, sizeof *s);
    pe_status st;

    *out = NULL;
    if (!s)
        return io_fail(err, path, "cannot write", ENOMEM);
    if ((st = pe_target_open(path, 0, &s->t, err)) != PE_OK) {
        free(s);
        return st;
    }
    *out = s;
    return PE_OK;
}

static const char *sink_name(const pe_sink *s)
{
    return s->t.how == PE_TARGET_STDOUT && strcmp(s->t.path, "-") == 0
               ? "standard output"
               : s->t.path;
}

pe_status pe_sink_write(pe_sink *s, const char *data, size_t len, pe_error *err)
{
    if (pe_os_write_all(s->t.fd, data, len) != 0)
        return io_fail(err, sink_name(s), "cannot write", errno);
    return PE_OK;
}

pe_status pe_sink_close(pe_sink *s, int commit, pe_error *err)
{
    pe_status st = PE_OK;

    if (!s)
        return PE_OK;
    if (commit)
        st = pe_target_commit(&s->t, err);
    else
        pe_target_abort(&s->t);
    free(s);
    return st;
}

void pe_sink_abort(pe_sink *s)
{
    if (!s)
        return;
    pe_target_abort(&s->t);
    free(s);
}

pe_status pe_io_write_atomic(const char *path, const char *data, size_t len,
                             pe_error *err)
{
    pe_sink *s;
    pe_status st = pe_sink_open(path, &s, err);

    if (st != PE_OK)
        return st;
    st = pe_sink_write(s, data, len, err);
    if (st != PE_OK) {
        pe_sink_abort(s);
        return st;
    }
    return pe_sink_close(s, 1, err);
}

pe_status pe_io_stream(const char *path,
                       pe_status (*fn)(void *ctx, const char *buf, size_t len),
                       void *ctx, pe_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? PE_OS_STDIN : pe_os_open_read(path);
    static const size_t chunk = 1 << 16;
    char *buf;
    pe_status st = PE_OK;
    pe_os_info sb;

    if (fd < 0)
        return io_fail(err, path, "cannot open", errno);
    if (pe_os_fstat(fd, &sb) == 0 && sb.kind == PE_OS_DIR) {
        if (!is_stdin)
            pe_os_close(fd);
        return io_fail(err, path, "cannot read", EISDIR);
    }
    if (!(buf = malloc(chunk))) {
        if (!is_stdin)
            pe_os_close(fd);
        return io_fail(err, path, "cannot read", ENOMEM);
    }
    for (;;) {
        ptrdiff_t n = pe_os_read(fd, buf, chunk);

        if (n < 0) {
            st = io_fail(err, path, "cannot read", errno);
            break;
        }
        if (n == 0 || (st = fn(ctx, buf, (size_t)n)) != PE_OK)
            break;
    }
    free(buf);
    if (!is_stdin)
        pe_os_close(fd);
    return st;
}
