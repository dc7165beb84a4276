/*
 * The platform, in one module, as curl keeps its differences in a few named
 * files: files and their identity, replacing a file, temporary files, the
 * console, interrupts, processors, isolated runs and loading a library.
 * os_posix.c is the POSIX side, os_win32.c the Windows one; nothing else
 * includes unistd.h, fcntl.h, sys/ *, dlfcn.h or signal.h.
 *
 * Paths are UTF-8 on both sides (Windows: converted to UTF-16 for the
 * system).  Descriptors are the C runtime's, always in binary mode.
 * Failures return -1 (or NULL) with errno set, as POSIX calls do.
 * Internal to the library.
 */
#ifndef PE_OS_H
#define PE_OS_H

#include "perfeval.h"

#include <signal.h> /* C's sig_atomic_t only: no POSIX signals here */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A flag an interrupt handler may read. */
typedef sig_atomic_t pe_os_flag;

/* pe_buf_append's growth, here so that the platform module links with
 * nothing of perfeval's (util.c reaches msg.c, whose language falls back
 * on pe_os_ui_lang: a cycle otherwise).  PE_OK or PE_ENOMEM. */
static inline pe_status pe_os_buf_add(pe_buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *grown;

        while (cap < b->len + n + 1)
            cap *= 2;
        if (!(grown = realloc(b->data, cap)))
            return PE_ENOMEM;
        b->data = grown;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PE_OK;
}

#define PE_OS_STDIN 0
#define PE_OS_STDOUT 1
#define PE_OS_STDERR 2

/* ------------------------------------------------------------ files */

/* Open an existing file to read, or (truncating it when `truncate`) to
 * write; a descriptor, or -1. */
int pe_os_open_read(const char *path);
int pe_os_open_write(const char *path, int truncate);

/* Create a new file named dir, stem and six random characters (dir is ""
 * or ends in a separator), readable by its owner only; a descriptor, or
 * -1.  *name (malloc'd, the caller frees) is its path; NULL on failure. */
int pe_os_create_temp(const char *dir, const char *stem, char **name);

/* read(2), repeated when interrupted: bytes read, 0 at the end, -1. */
ptrdiff_t pe_os_read(int fd, void *buf, size_t n);

/* Up to n bytes at offset off of a regular file, without moving its
 * position, so that threads may read one descriptor at once: bytes read
 * (fewer only at the end), 0 at the end, -1. */
ptrdiff_t pe_os_pread(int fd, void *buf, size_t n, int64_t off);

/* Write all n bytes: 0, or -1. */
int pe_os_write_all(int fd, const void *buf, size_t n);

int pe_os_close(int fd);
int pe_os_fsync(int fd);

/* Sync the file by that name to the disk (one a library wrote and
 * closed): 0, or -1. */
int pe_os_sync_path(const char *path);
int pe_os_remove(const char *path);

/*
 * Give `from` the name `to`, replacing the file there in one step.  -1
 * with errno EBUSY when Windows refuses because another program holds
 * `to` open (Excel or WPS showing it): pe_os_in_use_hint() words that.
 */
int pe_os_replace(const char *from, const char *to);

/* The absolute path of an existing file, links resolved; malloc'd, the
 * caller frees; NULL with errno. */
char *pe_os_realpath(const char *path);

/* Does anything exist by that name? */
int pe_os_exists(const char *path);

enum { PE_OS_FILE = 1, PE_OS_DIR, PE_OS_OTHER };

/* What pe_os_stat() found.  dev and ino identify the file: st_dev and
 * st_ino on POSIX, the volume serial number and the file index on
 * Windows (whose st_ino is always 0). */
typedef struct pe_os_info {
    int kind; /* PE_OS_FILE, PE_OS_DIR or PE_OS_OTHER */
    uint64_t dev, ino;
    int64_t size;        /* bytes */
    unsigned long nlink; /* names of the file (hard links) */
    unsigned mode;       /* permission bits (POSIX) */
    unsigned uid, gid;   /* owner (POSIX; 0 on Windows) */
} pe_os_info;

/* 0, or -1 with errno (ENOENT: nothing by that name).  pe_os_lstat does
 * not follow a final symbolic link, and says so in *is_link. */
int pe_os_stat(const char *path, pe_os_info *st);
int pe_os_fstat(int fd, pe_os_info *st);
int pe_os_lstat_is_link(const char *path, int *is_link);

/* Are a and b the same file? */
int pe_os_same_file(const pe_os_info *a, const pe_os_info *b);

/* A staged file takes the mode (and, run as root, the owner) of the file
 * it replaces (`old`), or when old is NULL, the mode a new file gets
 * (0666 less the umask).  Nothing on Windows. */
void pe_os_temp_mode(int fd, const pe_os_info *old);

/* Make room for size bytes in the regular file fd, now old_size bytes
 * long, before a byte of it changes (it may grow to size): 0, or the errno
 * to refuse with (ENOSPC: the disk is full; EFBIG: a file size limit). */
int pe_os_reserve(int fd, int64_t old_size, int64_t size);

/* Cut (or extend) the file fd to size bytes: 0, or -1. */
int pe_os_truncate(int fd, int64_t size);

/* ------------------------------------------------------------ folders */

typedef struct pe_os_dir pe_os_dir;

/* Open a folder to list its names: NULL with errno. */
pe_os_dir *pe_os_opendir(const char *path);

/* The next name in the folder (UTF-8; "." and ".." too, as the system
 * gives them), borrowed until the next call; NULL at the end (errno 0) or
 * on an error (errno set). */
const char *pe_os_readdir(pe_os_dir *d);

void pe_os_closedir(pe_os_dir *d); /* NULL is a no-op */

/* The directory for temporary files, ending in a separator: TMPDIR or
 * /tmp; on Windows GetTempPathW's.  A static string. */
const char *pe_os_tmpdir(void);

/* Is c a path separator ('/'; on Windows also '\\')? */
int pe_os_is_sep(int c);

/* Words for pe_os_replace's EBUSY on Windows (the file is open in Excel);
 * NULL on POSIX, where EBUSY keeps strerror's words. */
const char *pe_os_in_use_hint(void);

/* ------------------------------------------------------------ console */

/*
 * Set the process up, first thing in main: on Windows the arguments as
 * UTF-8 (from the wide command line: names in any script), standard input
 * and output in binary mode, the console showing UTF-8.  A standard
 * stream closed at start is held by the null device, so that the first
 * file opened does not take its place.  0, or -1.
 */
int pe_os_init(int *argc, char ***argv);

/* Is fd a terminal (a console)? */
int pe_os_isatty(int fd);

/* The width of the terminal fd is, in columns; 0 when unknown. */
int pe_os_terminal_width(int fd);

/* The language of the desktop, "zh" or "en", for a run where no LANGUAGE,
 * LC_ALL, LC_MESSAGES or LANG says (Windows: GetUserDefaultUILanguage);
 * NULL on POSIX, where the variables alone decide. */
const char *pe_os_ui_lang(void);

/* ------------------------------------------------------------ process */

/*
 * On an interrupt (Ctrl-C; on POSIX also SIGTERM and SIGHUP; on Windows
 * also closing the console), call fn and then end as the interrupt would
 * have.  fn may only remove files.  A signal the caller ignored (nohup)
 * stays ignored.
 */
void pe_os_on_interrupt(void (*fn)(void));

/* The process's one lock for starting isolated runs and for what must
 * not race them (registering temporary files): a run forked by one thread
 * must not inherit another's pipe.  Not recursive. */
void pe_os_lock(void);
void pe_os_unlock(void);

/* Processors online (at least 1). */
unsigned pe_os_cpu_count(void);

/* Where an isolated job writes its answer. */
typedef struct pe_os_out pe_os_out;

/* Write n bytes of the answer: 1, or 0 when they cannot be written. */
int pe_os_put(pe_os_out *o, const void *p, size_t n);

enum {
    PE_OS_RUN_OK = 0,
    PE_OS_RUN_FAILED,   /* the job failed, crashed or was killed */
    PE_OS_RUN_TIMEOUT,  /* it ran past `seconds` */
    PE_OS_RUN_TOO_MUCH, /* it wrote more than cap bytes */
    PE_OS_RUN_NOMEM,    /* the answer does not fit in memory */
    PE_OS_RUN_START     /* it could not be started (errno) */
};

/*
 * Run job(ctx, out) apart from this process, so that a crash in it (a
 * library reading a crafted file) is a failure here, never a crash:
 * POSIX forks a child that writes down a pipe and is killed after
 * `seconds`.  Windows has no fork: the job runs in this process, one
 * job at a time, with no time limit, and a crash in it ends perfeval;
 * so does a build under AddressSanitizer, whose allocator a child forked
 * from several threads could find locked (os_posix.c).
 * The job returns 1 when all went well.  Its answer is appended to out,
 * at most cap bytes.
 */
int pe_os_run_isolated(int (*job)(void *ctx, pe_os_out *o), void *ctx,
                       unsigned seconds, size_t cap, pe_buf *out);

/* ------------------------------------------------------------ libraries */

/* Load a shared library by name: a handle or NULL, and why in why[n].
 * The Windows build loads none (NULL, "not in the Windows build"). */
void *pe_os_dlopen(const char *name, char *why, size_t n);

/* A symbol of it, NULL when absent. */
void *pe_os_dlsym(void *h, const char *name);
void pe_os_dlclose(void *h);

/* ------------------------------------------------------------ text */

/*
 * Convert len bytes of text in `from` ("GB18030", or "UTF-16": a
 * byte-order mark says which end first, big-endian without one) to UTF-8,
 * appended to out.  PE_OK; PE_EDATA with *bad at the input offset of the
 * first sequence that is not text in `from` (what came before it is
 * appended); PE_EIO when the system has no converter; PE_ENOMEM.  POSIX
 * uses iconv(3); Windows MultiByteToWideChar (code page 54936 is
 * GB18030).
 */
PE_MUST_CHECK pe_status pe_os_to_utf8(const char *from, const char *buf,
                                      size_t len, pe_buf *out, size_t *bad);

#endif
