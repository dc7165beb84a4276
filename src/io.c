/* Files in and out.  Everything that touches the file system lives here, so
 * that loaders and renderers only ever see buffers. */
/* realpath(3) is X/Open */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "project.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/statvfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pe_status io_fail(pe_error *err, const char *path, const char *what,
                         int e)
{
    const char *sys = strerror(e);

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

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* ------------------------------------------------------------ targets */

/*
 * Temporary files in flight, for the signal handler to remove: a run
 * stopped by Ctrl-C, kill or a closed terminal leaves none behind.  Fixed
 * slots, so that the handler needs no allocation and no lock.
 */
#define MAX_TEMPS 4
static char temps[MAX_TEMPS][4096];
static volatile sig_atomic_t temp_used[MAX_TEMPS];

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

static void on_signal(int sig)
{
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temp_used[i])
            (void)unlink(temps[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

void pe_io_cleanup_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};

    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;

        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* a signal ignored by the caller (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        (void)sigaction(sigs[i], &sa, NULL);
    }
    /* a file size limit (ulimit -f) must not kill the run with its
     * staging file left: ignored, the write past it fails with EFBIG,
     * and the run fails as on a full disk, with its message */
    (void)signal(SIGXFSZ, SIG_IGN);
}

/* The directory of path, with a trailing slash ("" for the current one). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
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
    size_t n = strlen(dir);
    int fd;

    if (!(*name = malloc(n + sizeof ".perfeval-XXXXXX")))
        return -1;
    memcpy(*name, dir, n);
    memcpy(*name + n, ".perfeval-XXXXXX", sizeof ".perfeval-XXXXXX");
    if ((fd = mkstemp(*name)) < 0) {
        int e = errno;

        free(*name);
        *name = NULL;
        errno = e;
    }
    return fd;
}

void pe_target_abort(pe_target *t)
{
    if (t->fd >= 0 && t->fd != STDOUT_FILENO)
        close(t->fd);
    t->fd = -1;
    if (t->tmp) {
        unlink(t->tmp);
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
    struct stat sb, out;
    char *dir = NULL;
    int e;

    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->slot = -1;
    t->path = path;
    if (strcmp(path, "-") == 0 && !need_file) {
        t->how = PE_TARGET_STDOUT;
        t->fd = STDOUT_FILENO;
        return PE_OK;
    }
    if (stat(path, &sb) == 0) {
        t->existed = 1;
        t->old = sb;
        if (S_ISDIR(sb.st_mode))
            return io_fail(err, path, "cannot write", EISDIR);
        /* -o /dev/stdout: the standard output itself, whatever it is */
        if (!need_file && fstat(STDOUT_FILENO, &out) == 0 &&
            out.st_dev == sb.st_dev && out.st_ino == sb.st_ino) {
            t->how = PE_TARGET_STDOUT;
            t->fd = STDOUT_FILENO;
            return PE_OK;
        }
        if (!S_ISREG(sb.st_mode)) {
            /* a device or a FIFO is written, never replaced by a file */
            if (!need_file) {
                t->how = PE_TARGET_DIRECT;
                if ((t->fd = open(path, O_WRONLY | O_NOCTTY)) < 0)
                    return io_fail(err, path, "cannot open", errno);
                return PE_OK;
            }
            t->how = PE_TARGET_COPY;
            dir = pe_strdup_or_empty(getenv("TMPDIR") && *getenv("TMPDIR")
                                         ? getenv("TMPDIR")
                                         : "/tmp");
            if (dir && dir[strlen(dir) - 1] != '/') {
                char *d = malloc(strlen(dir) + 2);

                if (d)
                    sprintf(d, "%s/", dir);
                free(dir);
                dir = d;
            }
        } else {
            /* a symlink is followed: the link stays, its file is written */
            if (!(t->final = realpath(path, NULL)))
                return io_fail(err, path, "cannot write", errno);
            /* a file with other names (hard links) is rewritten in place,
             * so that all its names see the new text */
            t->how = sb.st_nlink > 1 ? PE_TARGET_COPY : PE_TARGET_RENAME;
            dir = dir_of(t->final);
        }
    } else if (errno == ENOENT) {
        if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
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
    if (t->existed && t->how == PE_TARGET_RENAME) {
        /* the file keeps its mode, and (run as root) its owner: a 0600
         * report must not become world-readable */
        if (fchmod(t->fd, t->old.st_mode & 07777) != 0) {
            /* the staging file stays 0600 (mkstemp's): never wider */
        }
        if (geteuid() == 0 &&
            fchown(t->fd, t->old.st_uid, t->old.st_gid) != 0) {
            /* a file system without owners: root's, as a new file is */
        }
    } else {
        /* mkstemp makes 0600; a new report gets the usual 0666 & ~umask */
        mode_t um = umask(0);

        umask(um);
        (void)fchmod(t->fd, (mode_t)(0666 & ~um));
    }
    return PE_OK;
}

/*
 * Make room for size bytes in the regular file fd before a byte of it is
 * changed: truncating first and running out of space halfway lost the old
 * text (a file with hard links on a full disk).  posix_fallocate reserves
 * the blocks, or says there are none (ENOSPC), or, on a file size limit,
 * EFBIG; a file system that cannot reserve (EINVAL, EOPNOTSUPP) is asked
 * for its free space instead.  0, or the errno to refuse with.
 */
static int reserve(int fd, const struct stat *old, off_t size)
{
    struct statvfs vfs;
    int e;

    if (size <= 0 || size <= old->st_size)
        return 0;
    e = posix_fallocate(fd, 0, size);
    if (e == 0 || (e != EINVAL && e != EOPNOTSUPP))
        return e;
    if (fstatvfs(fd, &vfs) == 0 &&
        (unsigned long long)vfs.f_bavail * vfs.f_frsize <
            (unsigned long long)(size - old->st_size))
        return ENOSPC;
    return 0;
}

/* Copy the staged file into the target, in place.  The whole new text is
 * in the staging file, and room for it is reserved on the target, before
 * the target is touched: a run that fails leaves it as it was. */
static pe_status copy_into(pe_target *t, pe_error *err)
{
    int in = open(t->tmp, O_RDONLY), out, e;
    char buf[65536];
    ssize_t n;
    struct stat staged, target;
    pe_status st = PE_OK;

    if (in < 0)
        return io_fail(err, t->path, "cannot write", errno);
    out = open(t->final ? t->final : t->path, O_WRONLY | O_NOCTTY);
    if (out < 0 || fstat(in, &staged) != 0 || fstat(out, &target) != 0) {
        e = errno;
        if (out >= 0)
            close(out);
        close(in);
        return io_fail(err, t->path, "cannot write", e);
    }
    if (t->final && (e = reserve(out, &target, staged.st_size)) != 0) {
        /* a reservation that grew the file is taken back */
        if (ftruncate(out, target.st_size) != 0) {
            /* the old text is whole before st_size either way */
        }
        close(out);
        close(in);
        return io_fail(err, t->path, "cannot write", e);
    }
    while ((n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || write_all(out, buf, (size_t)n) != 0) {
            st = io_fail(err, t->path, "cannot write", errno);
            break;
        }
    }
    close(in);
    /* the old text past the new end goes only once the new one is in */
    if (st == PE_OK && t->final && ftruncate(out, staged.st_size) != 0)
        st = io_fail(err, t->path, "cannot write", errno);
    if (st == PE_OK && t->final && fsync(out) != 0)
        st = io_fail(err, t->path, "cannot write", errno);
    if (close(out) != 0 && st == PE_OK)
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
        if (close(t->fd) != 0)
            st = io_fail(err, t->path, "cannot write", errno);
        t->fd = -1;
        break;
    case PE_TARGET_RENAME:
        if ((t->fd >= 0 && (fsync(t->fd) != 0 || close(t->fd) != 0)) ||
            rename(t->tmp, t->final ? t->final : t->path) != 0)
            st = io_fail(err, t->path, "cannot write", errno);
        t->fd = -1;
        if (st == PE_OK) {
            pe_io_temp_forget(t->slot);
            free(t->tmp);
            t->tmp = NULL;
        }
        break;
    case PE_TARGET_COPY:
        if (t->fd >= 0 && close(t->fd) != 0)
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
    if (write_all(s->t.fd, data, len) != 0)
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
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    static const size_t chunk = 1 << 16;
    char *buf;
    pe_status st = PE_OK;
    struct stat sb;

    if (fd < 0)
        return io_fail(err, path, "cannot open", errno);
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (!is_stdin)
            close(fd);
        return io_fail(err, path, "cannot read", EISDIR);
    }
    if (!(buf = malloc(chunk))) {
        if (!is_stdin)
            close(fd);
        return io_fail(err, path, "cannot read", ENOMEM);
    }
    for (;;) {
        ssize_t n = read(fd, buf, chunk);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = io_fail(err, path, "cannot read", errno);
            break;
        }
        if (n == 0 || (st = fn(ctx, buf, (size_t)n)) != PE_OK)
            break;
    }
    free(buf);
    if (!is_stdin)
        close(fd);
    return st;
}
