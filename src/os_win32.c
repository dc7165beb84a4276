/*
 * The platform (os.h): Windows, through Win32 and the C runtime.  Built
 * only by `make windows` (mingw-w64); the Linux build has os_posix.c.
 *
 * Paths arrive as UTF-8 and go to the system as UTF-16 (the W calls), so
 * that a 项目 folder under a user named 张三 works whatever the code page;
 * the application manifest (win/perfeval.manifest) sets the UTF-8 code
 * page for the libraries that open files by their narrow names.
 */
#include "os.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include <shellapi.h>

/* ------------------------------------------------------------ names */

/* UTF-8 to UTF-16, malloc'd; NULL with errno. */
static wchar_t *wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    wchar_t *w;

    if (n <= 0) {
        errno = EINVAL;
        return NULL;
    }
    if (!(w = malloc((size_t)n * sizeof *w))) {
        errno = ENOMEM;
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
    return w;
}

/* UTF-16 to UTF-8, malloc'd; NULL with errno. */
static char *narrow(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *s;

    if (n <= 0) {
        errno = EINVAL;
        return NULL;
    }
    if (!(s = malloc((size_t)n))) {
        errno = ENOMEM;
        return NULL;
    }
    WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

/* errno for the last Win32 error. */
static int win_errno(DWORD e)
{
    switch (e) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_NETPATH:
        return ENOENT;
    case ERROR_ACCESS_DENIED:
        return EACCES;
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        return EBUSY;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
        return EEXIST;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return ENOMEM;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return ENOSPC;
    case ERROR_DIRECTORY:
        return ENOTDIR;
    default:
        return EIO;
    }
}

static int fail_win(void)
{
    errno = win_errno(GetLastError());
    return -1;
}

/* ------------------------------------------------------------ files */

/* Every file perfeval opens is shared for deleting too: the interrupt
 * handler can then remove a temporary file that is still open. */
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static int open_w(const char *path, DWORD access, DWORD how, int flags)
{
    wchar_t *w = wide(path);
    HANDLE h;
    int fd;

    if (!w)
        return -1;
    /* a folder opens to read too (BACKUP_SEMANTICS), as on POSIX, so that
     * the caller says "Is a directory" when it looks at it */
    h = CreateFileW(w, access, SHARE_ALL, NULL, how,
                    access == GENERIC_READ ? FILE_FLAG_BACKUP_SEMANTICS
                                           : FILE_ATTRIBUTE_NORMAL,
                    NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return fail_win();
    if ((fd = _open_osfhandle((intptr_t)h, flags | _O_BINARY)) < 0) {
        CloseHandle(h);
        errno = EMFILE;
        return -1;
    }
    return fd;
}

int pe_os_open_read(const char *path)
{
    return open_w(path, GENERIC_READ, OPEN_EXISTING, _O_RDONLY);
}

int pe_os_open_write(const char *path, int truncate)
{
    return open_w(path, GENERIC_WRITE,
                  truncate ? TRUNCATE_EXISTING : OPEN_EXISTING, 0);
}

int pe_os_create_temp(const char *dir, const char *stem, char **name)
{
    static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    size_t n = strlen(dir) + strlen(stem);
    unsigned long long seed =
        GetTickCount64() ^ ((unsigned long long)GetCurrentProcessId() << 20);

    if (!(*name = malloc(n + sizeof "XXXXXX"))) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(*name, n + sizeof "XXXXXX", "%s%sXXXXXX", dir, stem);
    for (int tries = 0; tries < 100; tries++) {
        int fd;

        for (size_t i = 0; i < 6; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            (*name)[n + i] = set[(seed >> 33) % (sizeof set - 1)];
        }
        fd = open_w(*name, GENERIC_READ | GENERIC_WRITE, CREATE_NEW, _O_RDWR);
        if (fd >= 0)
            return fd;
        if (errno != EEXIST)
            break;
    }
    {
        int e = errno;

        free(*name);
        *name = NULL;
        errno = e;
    }
    return -1;
}

ptrdiff_t pe_os_read(int fd, void *buf, size_t n)
{
    return _read(fd, buf, n > INT_MAX ? INT_MAX : (unsigned)n);
}

ptrdiff_t pe_os_pread(int fd, void *buf, size_t n, int64_t off)
{
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    size_t got = 0;

    if (h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    /* an offset of its own in each call: no shared file position */
    while (got < n) {
        OVERLAPPED ov;
        DWORD k = 0;
        uint64_t at = (uint64_t)off + got;
        DWORD want = n - got > 0x40000000 ? 0x40000000 : (DWORD)(n - got);

        memset(&ov, 0, sizeof ov);
        ov.Offset = (DWORD)(at & 0xFFFFFFFFu);
        ov.OffsetHigh = (DWORD)(at >> 32);
        if (!ReadFile(h, (char *)buf + got, want, &k, &ov)) {
            if (GetLastError() == ERROR_HANDLE_EOF)
                break;
            errno = EIO;
            return -1;
        }
        if (k == 0)
            break;
        got += k;
    }
    return (ptrdiff_t)got;
}

int pe_os_write_all(int fd, const void *buf, size_t len)
{
    const char *data = buf;

    while (len) {
        int n = _write(fd, data, len > INT_MAX ? INT_MAX : (unsigned)len);

        if (n < 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int pe_os_close(int fd)
{
    return _close(fd);
}

int pe_os_fsync(int fd)
{
    return _commit(fd);
}

int pe_os_sync_path(const char *path)
{
    /* FlushFileBuffers needs a handle that may write */
    int fd = open_w(path, GENERIC_WRITE, OPEN_EXISTING, 0);
    int rc;

    if (fd < 0)
        return -1;
    rc = _commit(fd);
    _close(fd);
    return rc;
}

int pe_os_remove(const char *path)
{
    wchar_t *w = wide(path);
    BOOL ok;

    if (!w)
        return -1;
    ok = DeleteFileW(w);
    free(w);
    return ok ? 0 : fail_win();
}

/* Does another program hold the file open without sharing it (Excel
 * does, for a workbook it shows)? */
static int held_open(const wchar_t *w)
{
    HANDLE h = CreateFileW(w, GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);

    if (h != INVALID_HANDLE_VALUE) {
        CloseHandle(h);
        return 0;
    }
    return GetLastError() == ERROR_SHARING_VIOLATION ||
           GetLastError() == ERROR_LOCK_VIOLATION;
}

int pe_os_replace(const char *from, const char *to)
{
    wchar_t *wf = wide(from), *wt = wide(to);
    DWORD e = 0;
    int rc = 0;

    if (!wf || !wt) {
        free(wf);
        free(wt);
        return -1;
    }
    /* a virus scanner or an indexer may hold the new file for a moment:
     * a few tries, as curl makes */
    for (int tries = 0; tries < 5; tries++) {
        if (MoveFileExW(wf, wt,
                        MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
            e = 0;
            break;
        }
        e = GetLastError();
        if (e != ERROR_SHARING_VIOLATION && e != ERROR_ACCESS_DENIED &&
            e != ERROR_LOCK_VIOLATION)
            break;
        Sleep(100);
    }
    if (e) {
        errno = (e == ERROR_ACCESS_DENIED && !held_open(wt)) ? EACCES
                : e == ERROR_ACCESS_DENIED                   ? EBUSY
                                                             : win_errno(e);
        rc = -1;
    }
    free(wf);
    free(wt);
    return rc;
}

char *pe_os_realpath(const char *path)
{
    wchar_t *w = wide(path), *full;
    DWORD n;
    char *s;

    if (!w)
        return NULL;
    if (GetFileAttributesW(w) == INVALID_FILE_ATTRIBUTES) {
        fail_win();
        free(w);
        return NULL;
    }
    n = GetFullPathNameW(w, 0, NULL, NULL);
    if (!n || !(full = malloc(n * sizeof *full))) {
        free(w);
        errno = n ? ENOMEM : EINVAL;
        return NULL;
    }
    GetFullPathNameW(w, n, full, NULL);
    s = narrow(full);
    free(full);
    free(w);
    return s;
}

int pe_os_exists(const char *path)
{
    wchar_t *w = wide(path);
    int yes = w && GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES;

    free(w);
    return yes;
}

/* What the handle is: a disk file or folder (identified by volume serial
 * number and file index), or another thing (a console, a pipe, NUL). */
static int from_handle(HANDLE h, pe_os_info *st)
{
    BY_HANDLE_FILE_INFORMATION fi;

    memset(st, 0, sizeof *st);
    st->nlink = 1;
    if (GetFileType(h) != FILE_TYPE_DISK) {
        st->kind = PE_OS_OTHER;
        return 0;
    }
    if (!GetFileInformationByHandle(h, &fi))
        return fail_win();
    st->kind =
        fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY ? PE_OS_DIR : PE_OS_FILE;
    st->size = (int64_t)((uint64_t)fi.nFileSizeHigh << 32 | fi.nFileSizeLow);
    st->dev = fi.dwVolumeSerialNumber;
    st->ino = (uint64_t)fi.nFileIndexHigh << 32 | fi.nFileIndexLow;
    st->nlink = fi.nNumberOfLinks;
    st->mode = fi.dwFileAttributes & FILE_ATTRIBUTE_READONLY ? 0444 : 0666;
    return 0;
}

int pe_os_stat(const char *path, pe_os_info *st)
{
    wchar_t *w = wide(path);
    HANDLE h;
    int rc;

    if (!w)
        return -1;
    /* no access asked for: attributes only, even of a file Excel holds;
     * BACKUP_SEMANTICS opens a folder too */
    h = CreateFileW(w, 0, SHARE_ALL, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return fail_win();
    rc = from_handle(h, st);
    CloseHandle(h);
    return rc;
}

int pe_os_fstat(int fd, pe_os_info *st)
{
    HANDLE h = (HANDLE)_get_osfhandle(fd);

    if (h == INVALID_HANDLE_VALUE || h == (HANDLE)-2) {
        errno = EBADF;
        return -1;
    }
    return from_handle(h, st);
}

int pe_os_lstat_is_link(const char *path, int *is_link)
{
    wchar_t *w = wide(path);
    DWORD a;

    if (!w)
        return -1;
    a = GetFileAttributesW(w);
    free(w);
    if (a == INVALID_FILE_ATTRIBUTES)
        return fail_win();
    *is_link = (a & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
    return 0;
}

int pe_os_same_file(const pe_os_info *a, const pe_os_info *b)
{
    /* devices (CON, NUL) have no identity: never the same file */
    return a->kind != PE_OS_OTHER && b->kind != PE_OS_OTHER &&
           a->dev == b->dev && a->ino == b->ino;
}

void pe_os_temp_mode(int fd, const pe_os_info *old)
{
    (void)fd, (void)old; /* Windows files inherit their folder's ACL */
}

int pe_os_reserve(int fd, int64_t old_size, int64_t size)
{
    /* growing the file takes the clusters, or says there are none */
    if (size <= old_size)
        return 0;
    return _chsize_s(fd, size) == 0 ? 0 : errno;
}

int pe_os_truncate(int fd, int64_t size)
{
    return _chsize_s(fd, size) == 0 ? 0 : -1;
}

struct pe_os_dir {
    HANDLE h;
    WIN32_FIND_DATAW fd;
    int first; /* fd holds a name not yet given */
    char *name;
};

pe_os_dir *pe_os_opendir(const char *path)
{
    size_t n = strlen(path);
    char *pat = malloc(n + 3);
    wchar_t *w;
    pe_os_dir *d;

    if (!pat) {
        errno = ENOMEM;
        return NULL;
    }
    snprintf(pat, n + 3, "%s%s*", path,
             n && pe_os_is_sep((unsigned char)path[n - 1]) ? "" : "\\");
    w = wide(pat);
    free(pat);
    if (!w)
        return NULL;
    if (!(d = calloc(1, sizeof *d))) {
        free(w);
        errno = ENOMEM;
        return NULL;
    }
    d->h = FindFirstFileW(w, &d->fd);
    free(w);
    if (d->h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();

        free(d);
        errno = e == ERROR_DIRECTORY ? ENOTDIR : win_errno(e);
        return NULL;
    }
    d->first = 1;
    return d;
}

const char *pe_os_readdir(pe_os_dir *d)
{
    free(d->name);
    d->name = NULL;
    if (!d->first && !FindNextFileW(d->h, &d->fd)) {
        DWORD e = GetLastError();

        errno = e == ERROR_NO_MORE_FILES ? 0 : win_errno(e);
        return NULL;
    }
    d->first = 0;
    errno = 0;
    return d->name = narrow(d->fd.cFileName);
}

void pe_os_closedir(pe_os_dir *d)
{
    if (!d)
        return;
    FindClose(d->h);
    free(d->name);
    free(d);
}

const char *pe_os_tmpdir(void)
{
    static char dir[MAX_PATH * 4];
    wchar_t w[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, w);
    char *s;

    if (n == 0 || n > MAX_PATH || !(s = narrow(w)) ||
        strlen(s) + 2 > sizeof dir) {
        snprintf(dir, sizeof dir, "%s", ".\\");
        return dir;
    }
    snprintf(dir, sizeof dir, "%s%s", s,
             pe_os_is_sep(s[strlen(s) - 1]) ? "" : "\\");
    free(s);
    return dir;
}

int pe_os_is_sep(int c)
{
    /* "C:x.csv" is x.csv in drive C's current folder: its folder is "C:" */
    return c == '/' || c == '\\' || c == ':';
}

/* The catalogue's mark (po/README.md): io.c says it in both languages. */
#define N_(s) s

const char *pe_os_in_use_hint(void)
{
    return N_("the file is open in another program: close it in Excel or "
              "WPS and run again");
}

/* ------------------------------------------------------------ console */

static UINT old_cp;

static void restore_cp(void)
{
    if (old_cp)
        SetConsoleOutputCP(old_cp);
}

static int is_console(int fd)
{
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    DWORD mode;

    return h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode);
}

/* The arguments as UTF-8, from the wide command line: the narrow argv
 * has lost every character outside the code page on a Windows without
 * the UTF-8 code page (or under wine). */
static int utf8_args(int *argc, char ***argv)
{
    int n;
    wchar_t **w = CommandLineToArgvW(GetCommandLineW(), &n);
    char **v;

    if (!w)
        return -1;
    if (!(v = calloc((size_t)n + 1, sizeof *v))) {
        LocalFree(w);
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (!(v[i] = narrow(w[i]))) {
            LocalFree(w);
            return -1; /* v lives as long as the process: not freed */
        }
    LocalFree(w);
    *argc = n;
    *argv = v;
    return 0;
}

int pe_os_init(int *argc, char ***argv)
{
    /* a standard stream closed at start is held by NUL, read-only */
    for (int fd = 0; fd <= 2; fd++) {
        intptr_t h = _get_osfhandle(fd);

        if (h == -1 || h == -2) {
            int nul = _open("NUL", _O_RDONLY | _O_BINARY);

            if (nul != fd && nul >= 0 && _dup2(nul, fd) != 0)
                return -1;
            if (nul != fd && nul >= 0)
                _close(nul);
        }
    }
    if (utf8_args(argc, argv) != 0)
        return -1;
    /* bytes unchanged: no CRLF for LF, no end at ^Z */
    _setmode(0, _O_BINARY);
    _setmode(1, _O_BINARY);
    _setmode(2, _O_BINARY);
    if (is_console(1) || is_console(2)) {
        old_cp = GetConsoleOutputCP();
        if (old_cp != CP_UTF8 && SetConsoleOutputCP(CP_UTF8))
            atexit(restore_cp);
        else
            old_cp = 0;
    }
    /* --color: Windows 10's console reads the escape sequences when asked */
    for (int fd = 1; fd <= 2; fd++) {
        HANDLE h = (HANDLE)_get_osfhandle(fd);
        DWORD mode;

        if (is_console(fd) && GetConsoleMode(h, &mode))
            SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
    }
    return 0;
}

int pe_os_isatty(int fd)
{
    return is_console(fd);
}

int pe_os_terminal_width(int fd)
{
    CONSOLE_SCREEN_BUFFER_INFO ci;
    HANDLE h = (HANDLE)_get_osfhandle(fd);

    if (h == INVALID_HANDLE_VALUE || !GetConsoleScreenBufferInfo(h, &ci))
        return 0;
    return ci.srWindow.Right - ci.srWindow.Left + 1;
}

const char *pe_os_ui_lang(void)
{
    return PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_CHINESE ? "zh"
                                                                     : "en";
}

/* ------------------------------------------------------------ process */

static void (*on_interrupt)(void);

static BOOL WINAPI on_ctrl(DWORD type)
{
    (void)type;
    if (on_interrupt)
        on_interrupt();
    return FALSE; /* then the default: the process ends */
}

void pe_os_on_interrupt(void (*fn)(void))
{
    on_interrupt = fn;
    SetConsoleCtrlHandler(on_ctrl, TRUE);
}

static SRWLOCK lock = SRWLOCK_INIT;

void pe_os_lock(void)
{
    AcquireSRWLockExclusive(&lock);
}

void pe_os_unlock(void)
{
    ReleaseSRWLockExclusive(&lock);
}

unsigned pe_os_cpu_count(void)
{
    SYSTEM_INFO si;

    GetSystemInfo(&si);
    return si.dwNumberOfProcessors > 1 ? (unsigned)si.dwNumberOfProcessors : 1;
}

struct pe_os_out {
    pe_buf *b;
    size_t cap;
    int too_much, nomem;
};

int pe_os_put(pe_os_out *o, const void *p, size_t n)
{
    if (o->b->len + n > o->cap) {
        o->too_much = 1;
        return 0;
    }
    if (pe_os_buf_add(o->b, p, n) != PE_OK) {
        o->nomem = 1;
        return 0;
    }
    return 1;
}

int pe_os_run_isolated(int (*job)(void *ctx, pe_os_out *o), void *ctx,
                       unsigned seconds, size_t cap, pe_buf *out)
{
    pe_os_out o = {out, cap, 0, 0};
    int ok;

    (void)seconds; /* no fork: in this process, without a time limit */
    pe_os_lock();  /* one at a time (check -j): libfreexl is not made for
                    * threads */
    ok = job(ctx, &o);
    pe_os_unlock();
    if (o.nomem)
        return PE_OS_RUN_NOMEM;
    if (o.too_much)
        return PE_OS_RUN_TOO_MUCH;
    return ok ? PE_OS_RUN_OK : PE_OS_RUN_FAILED;
}

/* ------------------------------------------------------------ libraries */

void *pe_os_dlopen(const char *name, char *why, size_t n)
{
    snprintf(why, n, "%s is not in the Windows build", name);
    return NULL;
}

void *pe_os_dlsym(void *h, const char *name)
{
    (void)h, (void)name;
    return NULL;
}

void pe_os_dlclose(void *h)
{
    (void)h;
}

/* ------------------------------------------------------------ text */

/* The length of the GB18030 sequence at p (1, 2 or 4), 0 when the bytes
 * there are no GB18030 sequence. */
static size_t gb_seq(const unsigned char *p, size_t left)
{
    if (p[0] < 0x80)
        return 1;
    if (p[0] == 0x80 || p[0] == 0xFF || left < 2)
        return 0;
    if ((p[1] >= 0x40 && p[1] <= 0x7E) || (p[1] >= 0x80 && p[1] <= 0xFE))
        return 2;
    if (p[1] >= 0x30 && p[1] <= 0x39 && left >= 4 && p[2] >= 0x81 &&
        p[2] <= 0xFE && p[3] >= 0x30 && p[3] <= 0x39)
        return 4;
    return 0;
}

/* Append n UTF-16 units as UTF-8. */
static pe_status put_wide(pe_buf *out, const wchar_t *w, int n)
{
    int k;
    pe_status st;
    char *s;

    if (n == 0)
        return PE_OK;
    k = WideCharToMultiByte(CP_UTF8, 0, w, n, NULL, 0, NULL, NULL);
    if (k <= 0 || !(s = malloc((size_t)k)))
        return PE_ENOMEM;
    WideCharToMultiByte(CP_UTF8, 0, w, n, s, k, NULL, NULL);
    st = pe_os_buf_add(out, s, (size_t)k);
    free(s);
    return st;
}

/* Convert a run of complete code-page characters; 0 when Windows calls
 * some of them invalid. */
static pe_status put_cp(pe_buf *out, UINT cp, const char *buf, size_t len,
                        int *invalid)
{
    int n;
    wchar_t *w;
    pe_status st;

    *invalid = 0;
    if (len == 0)
        return PE_OK;
    if (len > INT_MAX / 2)
        return PE_ENOMEM;
    n = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, buf, (int)len, NULL, 0);
    if (n <= 0) {
        *invalid = 1;
        return PE_OK;
    }
    if (!(w = malloc((size_t)n * sizeof *w)))
        return PE_ENOMEM;
    MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, buf, (int)len, w, n);
    st = put_wide(out, w, n);
    free(w);
    return st;
}

/* Windows refused some of buf[from, len): character by character from
 * there, to find which. */
static pe_status gb18030_slow(const char *buf, size_t len, pe_buf *out,
                              size_t *bad, UINT cp, size_t from)
{
    const unsigned char *p = (const unsigned char *)buf;
    size_t i = from;
    int invalid;
    pe_status st;

    while (i < len) {
        size_t k = gb_seq(p + i, len - i);

        if ((st = put_cp(out, cp, buf + i, k, &invalid)) != PE_OK)
            return st;
        if (invalid) {
            *bad = i;
            return PE_EDATA;
        }
        i += k;
    }
    return PE_OK;
}

/*
 * GB18030 where Windows has no code page 54936 (wine has none): GBK's
 * 936 for the one- and two-byte characters, which are GBK's, and the
 * four-byte ones of the planes past the first computed (they follow
 * U+10000 in order); a four-byte one of the first plane (rare: Tibetan,
 * Mongolian ...) needs 54936's table, and is "no converter".
 */
static pe_status gb18030_by_936(const char *buf, size_t len, pe_buf *out,
                                size_t *bad)
{
    const unsigned char *p = (const unsigned char *)buf;
    size_t i = 0, run = 0;
    int invalid;
    pe_status st;

    while (i < len) {
        size_t k = gb_seq(p + i, len - i);
        unsigned long idx;
        wchar_t w[2];

        if (k != 4) {
            i += k;
            continue;
        }
        if ((st = put_cp(out, 936, buf + run, i - run, &invalid)) != PE_OK)
            return st;
        if (invalid)
            return gb18030_slow(buf, i, out, bad, 936, run);
        idx = (((unsigned long)(p[i] - 0x81) * 10 + (p[i + 1] - 0x30)) * 126 +
               (p[i + 2] - 0x81)) *
                  10 +
              (p[i + 3] - 0x30);
        if (idx < 189000 || idx - 189000 > 0xFFFFF) {
            if (idx < 189000)
                return PE_EIO;
            *bad = i;
            return PE_EDATA;
        }
        idx -= 189000;
        w[0] = (wchar_t)(0xD800 + (idx >> 10));
        w[1] = (wchar_t)(0xDC00 + (idx & 0x3FF));
        if ((st = put_wide(out, w, 2)) != PE_OK)
            return st;
        i += 4;
        run = i;
    }
    if ((st = put_cp(out, 936, buf + run, len - run, &invalid)) != PE_OK)
        return st;
    return invalid ? gb18030_slow(buf, len, out, bad, 936, run) : PE_OK;
}

static pe_status gb18030(const char *buf, size_t len, pe_buf *out, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)buf;
    size_t ok = 0, k;
    int invalid;
    pe_status st;

    while (ok < len && (k = gb_seq(p + ok, len - ok)) != 0)
        ok += k;
    if (!IsValidCodePage(54936)) {
        if ((st = gb18030_by_936(buf, ok, out, bad)) != PE_OK)
            return st;
        if (ok < len) {
            *bad = ok;
            return PE_EDATA;
        }
        return PE_OK;
    }
    /* what is well formed, at once; when Windows still refuses some of
     * it, character by character to find which */
    if ((st = put_cp(out, 54936, buf, ok, &invalid)) != PE_OK)
        return st;
    if (invalid && (st = gb18030_slow(buf, ok, out, bad, 54936, 0)) != PE_OK)
        return st;
    if (ok < len) {
        *bad = ok;
        return PE_EDATA;
    }
    return PE_OK;
}

static pe_status utf16(const char *buf, size_t len, pe_buf *out, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)buf;
    size_t i = 0, n = 0;
    int be = 1;
    wchar_t *w;
    pe_status st;

    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        be = 0, i = 2;
    else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        i = 2;
    if (!(w = malloc((len / 2 + 1) * sizeof *w)))
        return PE_ENOMEM;
    *bad = len;
    for (; i + 1 < len; i += 2) {
        unsigned u = be ? (unsigned)p[i] << 8 | p[i + 1]
                        : (unsigned)p[i + 1] << 8 | p[i];

        if (u >= 0xD800 && u <= 0xDBFF) {
            unsigned v = i + 3 < len ? (be ? (unsigned)p[i + 2] << 8 | p[i + 3]
                                           : (unsigned)p[i + 3] << 8 | p[i + 2])
                                     : 0;

            if (v < 0xDC00 || v > 0xDFFF) {
                *bad = i;
                break;
            }
            w[n++] = (wchar_t)u;
            w[n++] = (wchar_t)v;
            i += 2;
            continue;
        }
        if (u >= 0xDC00 && u <= 0xDFFF) {
            *bad = i;
            break;
        }
        w[n++] = (wchar_t)u;
    }
    if (*bad == len && i < len)
        *bad = i; /* an odd byte at the end */
    st = put_wide(out, w, (int)n);
    free(w);
    if (st == PE_OK && *bad < len)
        st = PE_EDATA;
    return st;
}

pe_status pe_os_to_utf8(const char *from, const char *buf, size_t len,
                        pe_buf *out, size_t *bad)
{
    if (len > INT_MAX / 2)
        return PE_ENOMEM;
    if (strcmp(from, "GB18030") == 0)
        return gb18030(buf, len, out, bad);
    if (strcmp(from, "UTF-16") == 0)
        return utf16(buf, len, out, bad);
    return PE_EIO;
}
