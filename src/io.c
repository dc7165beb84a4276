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

pe_status pe_io_read(const char *path, pe_buf *out, pe_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    size_t start = out->len;
    char chunk[65536];
    struct stat sb;

    if (fd < 0)
        return io_fail(err, path, "cannot open", errno);
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (!is_stdin)
            close(fd);
        return io_fail(err, path, "cannot read", EISDIR);
    }
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            if (!is_stdin)
                close(fd);
            return io_fail(err, path, "cannot read", e);
        }
        if (n == 0)
            break;
        if (pe_buf_append(out, chunk, (size_t)n) != PE_OK) {
            if (!is_stdin)
                close(fd);
            pe_error_set(err, path, 0, 0, "out of memory");
            return PE_ENOMEM;
        }
    }
    if (!is_stdin)
        close(fd);
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

pe_status pe_io_write_atomic(const char *path, const char *data, size_t len,
                             pe_error *err)
{
    char *tmp;
    size_t plen;
    int fd, e;

    if (strcmp(path, "-") == 0) {
        if (write_all(STDOUT_FILENO, data, len) != 0)
            return io_fail(err, "standard output", "cannot write", errno);
        return PE_OK;
    }
    plen = strlen(path);
    tmp = malloc(plen + sizeof ".XXXXXX");
    if (!tmp)
        return io_fail(err, path, "cannot write", ENOMEM);
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".XXXXXX", sizeof ".XXXXXX");
    fd = mkstemp(tmp);
    if (fd < 0) {
        e = errno;
        free(tmp);
        return io_fail(err, path, "cannot create", e);
    }
    /* mkstemp makes 0600; a report should get the usual 0666 & ~umask */
    {
        mode_t um = umask(0);
        umask(um);
        (void)fchmod(fd, (mode_t)(0666 & ~um));
    }
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return io_fail(err, path, "cannot write", e);
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        free(tmp);
        return io_fail(err, path, "cannot write", e);
    }
    free(tmp);
    return PE_OK;
}
