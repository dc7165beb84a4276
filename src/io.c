/* Files in and out.  Everything that touches the file system lives here, so
 * that loaders and renderers only ever see buffers. */
#include "project.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pe_status io_fail(pe_error *err, const char *path, const char *what,
                         int e)
{
    pe_error_set(err, path, 0, 0, "%s: %s", what, strerror(e));
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
        memmove(out->data + start, out->data + start + 3,
                out->len - start - 3);
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

struct pe_sink {
    char *path; /* NULL for standard output */
    char *tmp;
    int fd;
};

pe_status pe_sink_open(const char *path, pe_sink **out, pe_error *err)
{
    pe_sink *s = calloc(1, sizeof *s);
    size_t plen;

    *out = NULL;
    if (!s)
        return io_fail(err, path, "cannot write", ENOMEM);
    if (strcmp(path, "-") == 0) {
        s->fd = STDOUT_FILENO;
        *out = s;
        return PE_OK;
    }
    plen = strlen(path);
    s->path = pe_strdup_or_empty(path);
    s->tmp = malloc(plen + sizeof ".XXXXXX");
    if (!s->path || !s->tmp) {
        free(s->path);
        free(s->tmp);
        free(s);
        return io_fail(err, path, "cannot write", ENOMEM);
    }
    memcpy(s->tmp, path, plen);
    memcpy(s->tmp + plen, ".XXXXXX", sizeof ".XXXXXX");
    s->fd = mkstemp(s->tmp);
    if (s->fd < 0) {
        int e = errno;
        free(s->path);
        free(s->tmp);
        free(s);
        return io_fail(err, path, "cannot create", e);
    }
    /* mkstemp makes 0600; a report should get the usual 0666 & ~umask */
    {
        mode_t um = umask(0);
        umask(um);
        (void)fchmod(s->fd, (mode_t)(0666 & ~um));
    }
    *out = s;
    return PE_OK;
}

static const char *sink_name(const pe_sink *s)
{
    return s->path ? s->path : "standard output";
}

pe_status pe_sink_write(pe_sink *s, const char *data, size_t len,
                        pe_error *err)
{
    if (write_all(s->fd, data, len) != 0)
        return io_fail(err, sink_name(s), "cannot write", errno);
    return PE_OK;
}

pe_status pe_sink_close(pe_sink *s, int commit, pe_error *err)
{
    pe_status st = PE_OK;
    int e = 0;

    if (!s)
        return PE_OK;
    if (!s->path) {
        free(s);
        return PE_OK;
    }
    if (commit && (fsync(s->fd) != 0 || close(s->fd) != 0 ||
                   rename(s->tmp, s->path) != 0)) {
        e = errno;
        st = io_fail(err, s->path, "cannot write", e);
    } else if (!commit) {
        close(s->fd);
    }
    if (!commit || st != PE_OK)
        unlink(s->tmp);
    free(s->tmp);
    free(s->path);
    free(s);
    return st;
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
        pe_sink_close(s, 0, NULL);
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
