/* The platform (os.h): POSIX.  The Windows build has os_win32.c instead. */
/* realpath(3) is X/Open */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "fork_guard.h"
#include "os.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------ files */

int pe_os_open_read(const char *path)
{
    return open(path, O_RDONLY);
}

int pe_os_open_write(const char *path, int truncate)
{
    return open(path, O_WRONLY | O_NOCTTY | (truncate ? O_TRUNC : 0));
}

int pe_os_create_temp(const char *dir, const char *stem, char **name)
{
    size_t n = strlen(dir), m = strlen(stem);
    int fd;

    if (!(*name = malloc(n + m + sizeof "XXXXXX")))
        return -1;
    memcpy(*name, dir, n);
    memcpy(*name + n, stem, m);
    memcpy(*name + n + m, "XXXXXX", sizeof "XXXXXX");
    if ((fd = mkstemp(*name)) < 0) {
        int e = errno;

        free(*name);
        *name = NULL;
        errno = e;
    }
    return fd;
}

ptrdiff_t pe_os_read(int fd, void *buf, size_t n)
{
    for (;;) {
        ssize_t k = read(fd, buf, n);

        if (k < 0 && errno == EINTR)
            continue;
        return k;
    }
}

ptrdiff_t pe_os_pread(int fd, void *buf, size_t n, int64_t off)
{
    size_t got = 0;

    while (got < n) {
        ssize_t k =
            pread(fd, (char *)buf + got, n - got, (off_t)off + (off_t)got);

        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ptrdiff_t)got;
}

int pe_os_write_all(int fd, const void *buf, size_t len)
{
    const char *data = buf;

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

int pe_os_close(int fd)
{
    return close(fd);
}

int pe_os_fsync(int fd)
{
    return fsync(fd);
}

int pe_os_sync_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    int rc;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

int pe_os_remove(const char *path)
{
    return unlink(path);
}

int pe_os_replace(const char *from, const char *to)
{
    return rename(from, to);
}

char *pe_os_realpath(const char *path)
{
    return realpath(path, NULL);
}

int pe_os_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void from_stat(const struct stat *sb, pe_os_info *st)
{
    st->kind = S_ISREG(sb->st_mode)   ? PE_OS_FILE
               : S_ISDIR(sb->st_mode) ? PE_OS_DIR
                                      : PE_OS_OTHER;
    st->size = (int64_t)sb->st_size;
    st->dev = (uint64_t)sb->st_dev;
    st->ino = (uint64_t)sb->st_ino;
    st->nlink = (unsigned long)sb->st_nlink;
    st->mode = (unsigned)(sb->st_mode & 07777);
    st->uid = (unsigned)sb->st_uid;
    st->gid = (unsigned)sb->st_gid;
}

int pe_os_stat(const char *path, pe_os_info *st)
{
    struct stat sb;

    if (stat(path, &sb) != 0)
        return -1;
    from_stat(&sb, st);
    return 0;
}

int pe_os_fstat(int fd, pe_os_info *st)
{
    struct stat sb;

    if (fstat(fd, &sb) != 0)
        return -1;
    from_stat(&sb, st);
    return 0;
}

int pe_os_lstat_is_link(const char *path, int *is_link)
{
    struct stat sb;

    if (lstat(path, &sb) != 0)
        return -1;
    *is_link = S_ISLNK(sb.st_mode);
    return 0;
}

int pe_os_same_file(const pe_os_info *a, const pe_os_info *b)
{
    return a->dev == b->dev && a->ino == b->ino;
}

void pe_os_temp_mode(int fd, const pe_os_info *old)
{
    if (old) {
        /* the file keeps its mode, and (run as root) its owner: a 0600
         * report must not become world-readable */
        if (fchmod(fd, (mode_t)old->mode) != 0) {
            /* the staging file stays 0600 (mkstemp's): never wider */
        }
        if (geteuid() == 0 &&
            fchown(fd, (uid_t)old->uid, (gid_t)old->gid) != 0) {
            /* a file system without owners: root's, as a new file is */
        }
    } else {
        /* mkstemp makes 0600; a new report gets the usual 0666 & ~umask */
        mode_t um = umask(0);

        umask(um);
        (void)fchmod(fd, (mode_t)(0666 & ~um));
    }
}

/* Truncating first and running out of space halfway lost the old text (a
 * file with hard links on a full disk).  posix_fallocate reserves the
 * blocks, or says there are none (ENOSPC), or, on a file size limit,
 * EFBIG; a file system that cannot reserve (EINVAL, EOPNOTSUPP) is asked
 * for its free space instead. */
int pe_os_reserve(int fd, int64_t old_size, int64_t size)
{
    struct statvfs vfs;
    int e;

    if (size <= 0 || size <= old_size)
        return 0;
    e = posix_fallocate(fd, 0, (off_t)size);
    if (e == 0 || (e != EINVAL && e != EOPNOTSUPP))
        return e;
    if (fstatvfs(fd, &vfs) == 0 &&
        (unsigned long long)vfs.f_bavail * vfs.f_frsize <
            (unsigned long long)(size - old_size))
        return ENOSPC;
    return 0;
}

int pe_os_truncate(int fd, int64_t size)
{
    return ftruncate(fd, (off_t)size);
}

struct pe_os_dir {
    DIR *d;
};

pe_os_dir *pe_os_opendir(const char *path)
{
    pe_os_dir *d = malloc(sizeof *d);

    if (!d)
        return NULL;
    if (!(d->d = opendir(path))) {
        int e = errno;

        free(d);
        errno = e;
        return NULL;
    }
    return d;
}

const char *pe_os_readdir(pe_os_dir *d)
{
    struct dirent *e;

    errno = 0;
    e = readdir(d->d);
    return e ? e->d_name : NULL;
}

void pe_os_closedir(pe_os_dir *d)
{
    if (!d)
        return;
    closedir(d->d);
    free(d);
}

const char *pe_os_tmpdir(void)
{
    static char dir[4096];
    const char *t = getenv("TMPDIR");

    if (!t || !*t || strlen(t) + 2 > sizeof dir)
        t = "/tmp";
    snprintf(dir, sizeof dir, "%s%s", t, t[strlen(t) - 1] == '/' ? "" : "/");
    return dir;
}

int pe_os_is_sep(int c)
{
    return c == '/';
}

const char *pe_os_in_use_hint(void)
{
    return NULL;
}

/* ------------------------------------------------------------ console */

int pe_os_init(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    /* a standard stream closed at start (2>&-) would be taken by the
     * first file opened, and messages would go into the -o file: each is
     * held by /dev/null opened for reading, so that writing to a closed
     * standard output still fails as it did */
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
            open("/dev/null", O_RDONLY) != fd)
            return -1;
    return 0;
}

int pe_os_isatty(int fd)
{
    return isatty(fd);
}

int pe_os_terminal_width(int fd)
{
    struct winsize ws;

    if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0)
        return ws.ws_col;
    return 0;
}

const char *pe_os_ui_lang(void)
{
    return NULL;
}

/* ------------------------------------------------------------ process */

static void (*on_interrupt)(void);

static void on_signal(int sig)
{
    if (on_interrupt)
        on_interrupt();
    signal(sig, SIG_DFL);
    raise(sig);
}

void pe_os_on_interrupt(void (*fn)(void))
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};

    on_interrupt = fn;
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

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void pe_os_lock(void)
{
    pthread_mutex_lock(&lock);
}

void pe_os_unlock(void)
{
    pthread_mutex_unlock(&lock);
}

unsigned pe_os_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n > 1 ? (unsigned)n : 1;
}

struct pe_os_out {
    FILE *f;     /* the child's end of the pipe; NULL: into buf */
    pe_buf *buf; /* in this process (a sanitizer's build, below) */
    size_t cap;
    int too_much, nomem;
};

int pe_os_put(pe_os_out *o, const void *p, size_t n)
{
    if (o->f)
        return fwrite(p, 1, n, o->f) == n;
    if (o->buf->len + n > o->cap) {
        o->too_much = 1;
        return 0;
    }
    if (pe_os_buf_add(o->buf, p, n) != PE_OK) {
        o->nomem = 1;
        return 0;
    }
    return 1;
}

/*
 * AddressSanitizer's allocator (GCC 12's libasan) is not made safe for
 * fork: a child forked while another thread (check -j) is inside it
 * waits for ever on its lock, and the run ends with "took too long"
 * after a minute.  glibc's malloc is safe, so the real build forks; a
 * build under AddressSanitizer runs the job in this process, as Windows
 * does, one job at a time (the libraries it calls are not made for
 * threads), where its memory errors are seen the better.
 */
#if defined(__SANITIZE_ADDRESS__)
#define PE_RUN_IN_PROCESS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PE_RUN_IN_PROCESS 1
#endif
#endif

#ifdef PE_RUN_IN_PROCESS
int pe_os_run_isolated(int (*job)(void *ctx, pe_os_out *o), void *ctx,
                       unsigned seconds, size_t cap, pe_buf *out)
{
    pe_os_out o = {NULL, out, cap, 0, 0};
    int ok;

    (void)seconds;
    pe_os_lock(); /* one at a time: libfreexl and libgsf share state */
    ok = job(ctx, &o);
    pe_os_unlock();
    if (o.nomem)
        return PE_OS_RUN_NOMEM;
    if (o.too_much)
        return PE_OS_RUN_TOO_MUCH;
    return ok ? PE_OS_RUN_OK : PE_OS_RUN_FAILED;
}
#else
int pe_os_run_isolated(int (*job)(void *ctx, pe_os_out *o), void *ctx,
                       unsigned seconds, size_t cap, pe_buf *out)
{
    int fds[2], status = 0;
    pid_t pid;
    char chunk[65536];
    int too_much = 0;

    /* Readers on several threads (check -j): a child forked by one thread
     * gets a copy of every descriptor open in the process, so it would hold
     * the write end of another thread's pipe, whose reader then waits for
     * the wrong child to end before it sees EOF.  The pipe is made, the
     * child forked and the parent's write end closed under the lock, so no
     * other child is forked while a write end is open.  (glibc makes malloc
     * and stdio usable in a child forked from a threaded process.) */
    pe_os_lock();
    if (pipe(fds) != 0) {
        pe_os_unlock();
        return PE_OS_RUN_START;
    }
    fflush(NULL);
    pe_fork_guard_alone();
    pid = fork();
    if (pid != 0)
        pe_fork_guard_alone_end();
    if (pid < 0) {
        int e = errno;

        close(fds[0]);
        close(fds[1]);
        pe_os_unlock();
        errno = e;
        return PE_OS_RUN_START;
    }
    if (pid == 0) {
        pe_os_out o = {NULL, NULL, 0, 0, 0};
        int ok;

        close(fds[0]);
        signal(SIGPIPE, SIG_DFL);
        alarm(seconds);
        o.f = fdopen(fds[1], "wb");
        ok = o.f && job(ctx, &o);
        _exit(o.f && fclose(o.f) == 0 && ok ? 0 : 2);
    }
    close(fds[1]);
    pe_os_unlock();
    for (;;) {
        ssize_t k = read(fds[0], chunk, sizeof chunk);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        if (out->len + (size_t)k > cap) {
            too_much = 1;
            kill(pid, SIGKILL);
            break;
        }
        if (pe_os_buf_add(out, chunk, (size_t)k) != PE_OK) {
            kill(pid, SIGKILL);
            close(fds[0]);
            waitpid(pid, &status, 0);
            return PE_OS_RUN_NOMEM;
        }
    }
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (too_much)
        return PE_OS_RUN_TOO_MUCH;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        return PE_OS_RUN_TIMEOUT;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return PE_OS_RUN_FAILED;
    return PE_OS_RUN_OK;
}
#endif

/* ------------------------------------------------------------ libraries */

void *pe_os_dlopen(const char *name, char *why, size_t n)
{
    void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);

    if (!h) {
        const char *e = dlerror();

        snprintf(why, n, "%s", e ? e : name);
    }
    return h;
}

void *pe_os_dlsym(void *h, const char *name)
{
    return dlsym(h, name);
}

void pe_os_dlclose(void *h)
{
    dlclose(h);
}

/* ------------------------------------------------------------ text */

/* glibc's gconv modules need no locale, so this works under LANG=C as
 * well as under zh_CN. */
static void close_converter(iconv_t cd)
{
    pe_fork_guard_shared();
    iconv_close(cd);
    pe_fork_guard_shared_end();
}

pe_status pe_os_to_utf8(const char *from, const char *buf, size_t len,
                        pe_buf *out, size_t *bad)
{
    iconv_t cd;
    char *copy, *in;
    size_t left = len;
    pe_status st = PE_OK;

    /* opening and closing a converter take iconv's own lock, which a
     * child forked meanwhile would find held (fork_guard.h) */
    pe_fork_guard_shared();
    cd = iconv_open("UTF-8", from);
    pe_fork_guard_shared_end();
    if (cd == (iconv_t)-1)
        return PE_EIO;
    /* iconv(3) takes a char ** to its input, though it never writes it */
    copy = malloc(len ? len : 1);
    if (!copy) {
        close_converter(cd);
        return PE_ENOMEM;
    }
    if (len)
        memcpy(copy, buf, len);
    in = copy;
    while (left > 0 && st == PE_OK) {
        char chunk[4096], *o = chunk;
        size_t room = sizeof chunk, r;
        int e;

        errno = 0;
        r = iconv(cd, &in, &left, &o, &room);
        e = errno;
        if (pe_os_buf_add(out, chunk, (size_t)(o - chunk)) != PE_OK) {
            st = PE_ENOMEM;
        } else if (r == (size_t)-1 && e != E2BIG) {
            *bad = (size_t)(in - copy);
            st = PE_EDATA;
        }
    }
    free(copy);
    close_converter(cd);
    return st;
}
