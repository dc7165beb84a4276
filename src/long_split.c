/*
 * A long-format file on disk read on several cores: cut into pieces at
 * line starts where the project key changes, a reader per piece on each
 * core (each reads its own bytes), the projects handed to the caller in
 * the file's order through a small window of pieces.
 *
 * Where to cut is guessed from the bytes alone (cut_in): a line start
 * whose key, a plain field, differs from the line above's.  The guess is
 * then proved by the reader of the piece before, which reads up to it
 * exactly: it must end outside any record (not inside a quoted field that
 * holds line ends) and the next key must begin another project
 * (pe_long_piece_cut).  When it does not, that reader reads on past the
 * cut to the next one, and the piece it took over is dropped.  A piece
 * therefore always starts where a reader of the whole file would start a
 * project, and the bytes out are those of one thread.  A cut is made only
 * before a line with no quote in it, so that a line libcsv refuses never
 * starts a piece (the project before must be the one that breaks); a
 * file whose keys are all quoted has no cut and is read by one reader.
 * Keys seen before are checked by the caller's thread, in order.
 *
 * Line numbers: each piece counts its lines (LF, and CR not before an
 * LF) before reading, so that a reader knows the line it starts at.
 */
#include "encoding.h"
#include "long_load.h"
#include "os.h"
#include "project.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest key a cut is made at; a longer one is never taken as
 * plain, and no cut is made there. */
#define CUT_KEY 256
/* Bytes of a line looked at for its key. */
#define KEY_SPAN 4096
/* A project's records are handed to the caller in blocks of about this. */
#define BLOCK (16 * 1024)

/* One project's record as a piece keeps it until its turn: this, then
 * key, name, grade and error, each NUL-ended. */
typedef struct kept {
    long line;
    int kind, scored;
    pe_dec total;
    size_t errors, warnings;
    uint32_t klen, nlen, glen, elen;
} kept;

typedef struct block {
    struct block *next;
    size_t len, cap;
    char data[];
} block;

enum { S_FREE, S_RUN, S_DONE };

typedef struct slot {
    size_t chunk; /* the piece it holds (not S_FREE) */
    int state;
    block *head, *tail; /* records not yet handed over */
    size_t next;        /* S_DONE: the piece that starts where it ended */
    int eof;            /* it read to the file's end */
    pe_status st;       /* and stopped so: err */
    pe_error err;
    long lines; /* lines of its bytes */
    int counted;
    long base; /* lines before it */
    int based;
} slot;

typedef struct par {
    const pe_long *head; /* read the header: the pieces take it */
    const pe_long_opts *o;
    const char *name;
    int fd;
    int64_t size, header_end;
    size_t chunk, nchunks, window;
    int nthreads;
    pthread_mutex_t mu;
    pthread_cond_t work, ready;
    size_t next_take, next_deliver, based_upto;
    long based_line;
    slot *slots;
    int stop;
    pe_status fail_st; /* a piece could not be read: the run stops */
    pe_error fail_err;
    pe_long_fn fn;
    void *ctx;
    pe_long_seen seen;
} par;

/* A worker's view of the bytes around a cut. */
typedef struct scan {
    char *buf;
    int64_t off; /* buf holds [off, off + len) */
    size_t len, cap;
} scan;

/* ------------------------------------------------------------ bytes */

/* Make s hold [at, at + need) (less at the file's end); the bytes at
 * `at`, or NULL on a read error.  *have: how many there are, need or
 * more (all that s holds from `at` on). */
static const char *scan_at(const par *P, scan *s, int64_t at, size_t need,
                           size_t *have)
{
    if (at < s->off || at + (int64_t)need > s->off + (int64_t)s->len) {
        size_t want = need < 16384 ? 16384 : need;
        ptrdiff_t got;

        if (want > s->cap) {
            char *g = realloc(s->buf, want);

            if (!g)
                return NULL;
            s->buf = g;
            s->cap = want;
        }
        if ((got = pe_os_pread(P->fd, s->buf, want, at)) < 0)
            return NULL;
        s->off = at;
        s->len = (size_t)got;
    }
    *have = (size_t)(s->off + (int64_t)s->len - at);
    return s->buf + (at - s->off);
}

/* The first line start at or after `at`: `at` itself when a line ends
 * just before it; the file's size when none; -1 on a read error. */
static int64_t line_start(const par *P, scan *s, int64_t at)
{
    if (at == 0)
        return 0;
    at--; /* the byte before: a line end there starts one at `at` */
    while (at < P->size) {
        size_t have;
        const char *b = scan_at(P, s, at, 1, &have);
        const char *nl;

        if (!b)
            return -1;
        if (!have)
            break;
        if ((nl = memchr(b, '\n', have)))
            return at + (nl - b) + 1;
        at += (int64_t)have;
    }
    return P->size;
}

/* The key of the line at `at` when it is plain: a line with no quote in
 * it (no record that libcsv could refuse starts a piece: the reader of the
 * whole file would have had the project before open when it broke),
 * ending within KEY_SPAN bytes, its key not empty, no space or control
 * byte in it, whole UTF-8, not longer than max_field or CUT_KEY; then its
 * length, copied into key.  0 when not; -1 on a read error. */
static int plain_key(const par *P, scan *s, int64_t at, char *key, size_t *klen)
{
    size_t have, i = 0, a;
    const char *b = scan_at(P, s, at, KEY_SPAN, &have);
    char d = P->o->delimiter ? P->o->delimiter : ',';
    int want = pe_long_key_column(P->head);

    if (!b)
        return -1;
    /* the same bytes whatever s held before: every reader must agree */
    if (have > KEY_SPAN)
        have = KEY_SPAN;
    for (int f = 0;; f++) {
        a = i;
        while (i < have && b[i] != d && b[i] != '\n' && b[i] != '\r') {
            if (b[i] == '"')
                return 0;
            i++;
        }
        if (i == have && at + (int64_t)i < P->size)
            return 0; /* past the span: not looked at */
        if (f == want)
            break;
        if (i == have || b[i] != d)
            return 0; /* the line has no such column */
        i++;
    }
    if (i == a || i - a > CUT_KEY || i - a > P->o->max_field)
        return 0;
    {
        const char *nl = memchr(b + i, '\n', have - i);

        if (!nl || memchr(b + i, '"', (size_t)(nl - (b + i))))
            return 0;
    }
    for (size_t k = a; k < i; k++)
        if ((unsigned char)b[k] <= ' ' || b[k] == 0x7F)
            return 0;
    if (pe_utf8_valid_prefix(b + a, i - a) != i - a)
        return 0;
    memcpy(key, b + a, i - a);
    *klen = i - a;
    return 1;
}

/* Lines in b[0..n), as pe_long_feed counts them: each LF, and each CR
 * that no LF follows.  A word at a time; bytewise where a CR is. */
static long count_lines(const char *b, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    const uint64_t lf = ones * '\n', cr = ones * '\r';
    long lines = 0;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t w, x, y;

        memcpy(&w, b + i, 8);
        x = w ^ lf;
        y = w ^ cr;
        /* a byte of x is zero where w has an LF: exact, no carries */
        x = ~(((x & ~high) + ~high) | x) & high;
        y = ~(((y & ~high) + ~high) | y) & high;
        if (!y) {
            /* the high bits summed in the top byte */
            lines += (long)(((x >> 7) * ones) >> 56);
            continue;
        }
        for (size_t k = i; k < i + 8; k++)
            lines += b[k] == '\n' ||
                     (b[k] == '\r' && (k + 1 == n || b[k + 1] != '\n'));
    }
    for (; i < n; i++)
        lines +=
            b[i] == '\n' || (b[i] == '\r' && (i + 1 == n || b[i + 1] != '\n'));
    return lines;
}

/* ------------------------------------------------------------ results */

typedef struct piece {
    par *P;
    slot *s;
    size_t k;
    block *cur;
    int aborted; /* dropped, or the run stopped: read no further */
} piece;

/* Hand the full block to the slot, where the caller's thread takes it. */
static int publish(piece *w)
{
    par *P = w->P;
    int go;

    pthread_mutex_lock(&P->mu);
    go = !P->stop && w->k >= P->next_deliver;
    if (go && w->cur && w->cur->len) {
        w->cur->next = NULL;
        if (w->s->tail)
            w->s->tail->next = w->cur;
        else
            w->s->head = w->cur;
        w->s->tail = w->cur;
        w->cur = NULL;
        pthread_cond_broadcast(&P->ready);
    }
    pthread_mutex_unlock(&P->mu);
    if (!go)
        w->aborted = 1;
    return go;
}

static pe_status sink(void *ctx, const pe_long_item *it, int kind)
{
    piece *w = ctx;
    const pe_long_result *res = it->result;
    const char *grade = res->grade ? res->grade : "";
    kept k = {it->line,
              kind,
              res->scored,
              res->total,
              res->errors,
              res->warnings,
              (uint32_t)strlen(it->key),
              (uint32_t)strlen(it->name),
              (uint32_t)strlen(grade),
              res->scored ? 0 : (uint32_t)strlen(res->error)};
    size_t need = sizeof k + k.klen + k.nlen + k.glen + k.elen + 4;
    char *q;

    if (w->aborted)
        return PE_EUSAGE;
    if (!w->cur || w->cur->cap - w->cur->len < need) {
        if (w->cur && !publish(w))
            return PE_EUSAGE;
        {
            size_t cap = need > BLOCK ? need : BLOCK;

            if (!(w->cur = malloc(sizeof *w->cur + cap)))
                return PE_ENOMEM;
            w->cur->next = NULL;
            w->cur->len = 0;
            w->cur->cap = cap;
        }
    }
    q = w->cur->data + w->cur->len;
    memcpy(q, &k, sizeof k);
    q += sizeof k;
    memcpy(q, it->key, k.klen + 1);
    q += k.klen + 1;
    memcpy(q, it->name, k.nlen + 1);
    q += k.nlen + 1;
    memcpy(q, grade, k.glen + 1);
    q += k.glen + 1;
    memcpy(q, res->scored ? "" : res->error, k.elen + 1);
    w->cur->len += need;
    return PE_OK;
}

/* Hand one block's records to the caller, the keys checked against those
 * seen before, in the file's order. */
static pe_status hand_block(par *P, const block *b)
{
    const char *q = b->data, *end = b->data + b->len;

    while (q < end) {
        kept k;
        const char *key, *name, *grade, *error;
        pe_long_result res;
        pe_long_item it;
        pe_status st;

        memcpy(&k, q, sizeof k);
        key = q + sizeof k;
        name = key + k.klen + 1;
        grade = name + k.nlen + 1;
        error = grade + k.glen + 1;
        q = error + k.elen + 1;
        if (k.kind == PE_LONG_PROJECT) {
            int oom;
            long before = pe_long_seen_add(&P->seen, key, k.klen, k.line, &oom);

            if (oom)
                return PE_ENOMEM;
            if (before) {
                pe_long_dup_result(P->head, key, k.line, before, &res);
                it = (pe_long_item){key, "", k.line, NULL, NULL, &res};
                if ((st = P->fn(P->ctx, &it)) != PE_OK)
                    return st;
                continue;
            }
        }
        memset(&res, 0, sizeof res);
        res.key = key;
        res.name = name;
        res.line = k.line;
        res.scored = k.scored;
        res.total = k.total;
        res.grade = grade;
        res.errors = k.errors;
        res.warnings = k.warnings;
        memcpy(res.error, error, k.elen + 1);
        it = (pe_long_item){key, name, k.line, NULL, NULL, &res};
        if ((st = P->fn(P->ctx, &it)) != PE_OK)
            return st;
    }
    return PE_OK;
}

static void free_blocks(block *b)
{
    while (b) {
        block *n = b->next;
        free(b);
        b = n;
    }
}

/* ------------------------------------------------------------ workers */

/* The lines before each counted piece, in order (P->mu held). */
static void advance_bases(par *P)
{
    while (P->based_upto < P->next_take) {
        slot *s = &P->slots[P->based_upto % P->window];

        if (s->chunk != P->based_upto || s->state == S_FREE || !s->counted)
            break;
        s->base = P->based_line;
        s->based = 1;
        P->based_line += s->lines;
        P->based_upto++;
    }
    pthread_cond_broadcast(&P->work);
}

/* A piece that cannot be read (a read error, no memory) stops the run:
 * the caller's thread says so. */
static void give_up(par *P, piece *w, pe_status st, pe_error *err)
{
    if (st == PE_EIO)
        pe_error_set(err, P->name, 0, 0, "%s: %s", "cannot read",
                     strerror(errno));
    else if (!err->msg[0])
        pe_error_set(err, P->name, 0, 0, "out of memory");
    pthread_mutex_lock(&P->mu);
    if (P->fail_st == PE_OK) {
        P->fail_st = st;
        P->fail_err = *err;
    }
    P->stop = 1;
    free_blocks(w->s->head);
    free(w->cur);
    w->cur = NULL;
    w->s->head = w->s->tail = NULL;
    w->s->state = S_FREE;
    pthread_cond_broadcast(&P->work);
    pthread_cond_broadcast(&P->ready);
    pthread_mutex_unlock(&P->mu);
}

/* The end of piece k's slot: done, or dropped. */
static void slot_done(par *P, piece *w, pe_status st, const pe_error *err,
                      size_t next, int eof)
{
    pthread_mutex_lock(&P->mu);
    if (w->k < P->next_deliver || P->stop) {
        /* taken over by the piece before, or the run has stopped */
        free_blocks(w->s->head);
        free(w->cur);
        w->s->head = w->s->tail = NULL;
        w->s->state = S_FREE;
        pthread_cond_broadcast(&P->work);
    } else {
        if (w->cur && w->cur->len) {
            w->cur->next = NULL;
            if (w->s->tail)
                w->s->tail->next = w->cur;
            else
                w->s->head = w->cur;
            w->s->tail = w->cur;
        } else {
            free(w->cur);
        }
        w->s->st = st;
        if (err)
            w->s->err = *err;
        w->s->next = next;
        w->s->eof = eof;
        w->s->state = S_DONE;
        pthread_cond_broadcast(&P->ready);
    }
    w->cur = NULL;
    pthread_mutex_unlock(&P->mu);
}

static int64_t nominal(const par *P, size_t k)
{
    int64_t at = (int64_t)k * (int64_t)P->chunk;

    return k >= P->nchunks || at > P->size ? P->size : at;
}

#define NO_CUT (-2)

/*
 * The cut of nominal piece k: the first line start s whose line above
 * starts within [k * chunk, (k + 1) * chunk) (and after the header), both
 * lines with plain keys, and the two keys differ.  The same answer for
 * whoever asks, so that a piece's reader and the one before it agree;
 * each piece's bytes are looked at for it once, whatever the file holds.
 * NO_CUT when there is none (the piece before then reads on through
 * these bytes); its key into key.  -1 on a read error.
 */
static int64_t cut_in(const par *P, scan *s, size_t k, char *key, size_t *klen)
{
    char prev[CUT_KEY];
    size_t plen = 0;
    int64_t at = nominal(P, k), lim = nominal(P, k + 1), p;
    int pk;

    if (at < P->header_end)
        at = P->header_end;
    if (at >= lim)
        return NO_CUT;
    if ((p = line_start(P, s, at)) < 0)
        return -1;
    if (p >= lim)
        return NO_CUT;
    if ((pk = plain_key(P, s, p, prev, &plen)) < 0)
        return -1;
    for (;;) {
        int64_t n = line_start(P, s, p + 1);
        int nk;

        if (n < 0)
            return -1;
        if (n >= P->size)
            return NO_CUT;
        if ((nk = plain_key(P, s, n, key, klen)) < 0)
            return -1;
        if (pk && nk && (plen != *klen || memcmp(prev, key, plen) != 0))
            return n;
        if (n >= lim)
            return NO_CUT;
        if (nk)
            memcpy(prev, key, *klen);
        plen = nk ? *klen : 0;
        pk = nk;
        p = n;
    }
}

/* Where the piece before nominal piece *m ends: the first cut from *m on
 * (*m then its piece), else the file's end (*m then nchunks).  -1 on a
 * read error. */
static int64_t next_cut(const par *P, scan *s, size_t *m, char *key,
                        size_t *klen)
{
    for (; *m < P->nchunks; (*m)++) {
        int64_t c = cut_in(P, s, *m, key, klen);

        if (c != NO_CUT)
            return c;
    }
    return P->size;
}

/* Bytes read at a time from a piece: memory stays flat even when no cut
 * is found for a long way (a file that quotes every key). */
static size_t span(const par *P)
{
    return P->chunk > 65536 ? P->chunk : 65536;
}

/* Read [from, from + n) into *buf. */
static pe_status read_at(const par *P, int64_t from, size_t n, char **buf,
                         size_t *cap)
{
    if (n > *cap) {
        char *g = realloc(*buf, n);

        if (!g)
            return PE_ENOMEM;
        *buf = g;
        *cap = n;
    }
    if (n && pe_os_pread(P->fd, *buf, n, from) != (ptrdiff_t)n)
        return PE_EIO;
    return PE_OK;
}

/* The lines of [from, to), a span at a time (a CR that ends one span and
 * an LF that starts the next are one line end). */
static pe_status count_range(const par *P, int64_t from, int64_t to, char **buf,
                             size_t *cap, long *lines)
{
    int cr = 0;

    *lines = 0;
    while (from < to) {
        size_t n = to - from < (int64_t)span(P) ? (size_t)(to - from) : span(P);
        pe_status st = read_at(P, from, n, buf, cap);

        if (st != PE_OK)
            return st;
        *lines += count_lines(*buf, n) - (cr && (*buf)[0] == '\n');
        cr = (*buf)[n - 1] == '\r';
        from += (int64_t)n;
    }
    return PE_OK;
}

/* Feed [from, to) to r, a span at a time. */
static pe_status feed_range(const par *P, pe_long *r, int64_t from, int64_t to,
                            char **buf, size_t *cap, pe_error *err)
{
    while (from < to) {
        size_t n = to - from < (int64_t)span(P) ? (size_t)(to - from) : span(P);
        pe_status st = read_at(P, from, n, buf, cap);

        if (st == PE_OK)
            st = pe_long_feed(r, *buf, n, NULL, NULL, err);
        if (st != PE_OK)
            return st;
        from += (int64_t)n;
    }
    return PE_OK;
}

/* Read piece k: its bytes counted, then read by a reader of its own;
 * past its end while the cut there is not proved. */
static void run_piece(par *P, size_t k, slot *s, scan *sc, char **buf,
                      size_t *cap, pe_long **cache)
{
    piece w = {P, s, k, NULL, 0};
    char key[CUT_KEY];
    size_t klen = 0, m = k + 1;
    int64_t start, end;
    pe_long *r = NULL;
    pe_error err;
    pe_status st = PE_OK;
    long base, lines = 0;
    int dead;

    memset(&err, 0, sizeof err);
    start = k == 0 ? 0 : cut_in(P, sc, k, key, &klen);
    end = start == NO_CUT ? NO_CUT : next_cut(P, sc, &m, key, &klen);
    if (start == -1 || end == -1) {
        st = PE_EIO;
        goto stopped;
    }
    /* no cut here: the piece before reads these bytes, and this one is
     * nothing (never handed over) */
    if (start != NO_CUT &&
        (st = count_range(P, start, end, buf, cap, &lines)) != PE_OK)
        goto stopped;
    pthread_mutex_lock(&P->mu);
    s->lines = lines;
    s->counted = 1;
    advance_bases(P);
    while (!s->based && !P->stop)
        pthread_cond_wait(&P->work, &P->mu);
    base = s->base;
    dead = k < P->next_deliver || P->stop || start == NO_CUT;
    pthread_mutex_unlock(&P->mu);
    if (dead) {
        slot_done(P, &w, PE_OK, NULL, k + 1, 0);
        return;
    }
    if ((st = pe_long_new(P->name, P->o, &r)) != PE_OK ||
        (st = pe_long_piece_begin(r, k ? P->head : NULL, base, sink, &w)) !=
            PE_OK)
        goto stopped;
    if (*cache)
        pe_long_pass_cache(*cache, r);
    st = feed_range(P, r, start, end, buf, cap, &err);
    while (st == PE_OK && !w.aborted) {
        if (end >= P->size) {
            st = pe_long_end(r, NULL, NULL, &err);
            slot_done(P, &w, st, &err, m, 1); /* dropped when aborted */
            goto out;
        }
        if (pe_long_piece_cut(r, key, klen)) {
            st = pe_long_piece_close(r, &err);
            break;
        }
        /* not a cut after all: read on to the next one */
        start = end;
        m++;
        if ((end = next_cut(P, sc, &m, key, &klen)) < 0) {
            st = PE_EIO;
            break;
        }
        st = feed_range(P, r, start, end, buf, cap, &err);
    }
    if (w.aborted) {
        slot_done(P, &w, PE_OK, NULL, m, 0);
        goto out;
    }
    if (st == PE_EIO || (st == PE_ENOMEM && !err.msg[0]))
        goto stopped;
    slot_done(P, &w, st, &err, m, 0);
    goto out;
stopped:
    give_up(P, &w, st, &err);
out:
    if (r) {
        pe_long_free(*cache);
        *cache = r; /* its cell cache serves the next piece */
    }
}

static void *worker(void *arg)
{
    par *P = arg;
    scan sc = {NULL, 0, 0, 0};
    char *buf = NULL;
    size_t cap = 0;
    pe_long *cache = NULL;

    for (;;) {
        size_t k;
        slot *s;

        pthread_mutex_lock(&P->mu);
        while (!P->stop && P->next_take < P->nchunks &&
               !(P->next_take < P->next_deliver + P->window &&
                 P->slots[P->next_take % P->window].state == S_FREE))
            pthread_cond_wait(&P->work, &P->mu);
        if (P->stop || P->next_take >= P->nchunks) {
            pthread_mutex_unlock(&P->mu);
            break;
        }
        k = P->next_take++;
        s = &P->slots[k % P->window];
        memset(s, 0, sizeof *s);
        s->chunk = k;
        s->state = S_RUN;
        pthread_mutex_unlock(&P->mu);
        run_piece(P, k, s, &sc, &buf, &cap, &cache);
    }
    pe_long_free(cache);
    free(sc.buf);
    free(buf);
    return NULL;
}

/* ------------------------------------------------------------ driver */

/* The caller's thread: each piece's records in turn, as they come. */
static pe_status deliver_all(par *P, pe_error *err)
{
    size_t k = 0;

    for (;;) {
        slot *s = &P->slots[k % P->window];
        block *got;
        int done;
        pe_status st = PE_OK;

        pthread_mutex_lock(&P->mu);
        while (!P->stop && !(s->chunk == k && s->state != S_FREE &&
                             (s->head || s->state == S_DONE)))
            pthread_cond_wait(&P->ready, &P->mu);
        if (P->stop) {
            if (err)
                *err = P->fail_err;
            pthread_mutex_unlock(&P->mu);
            return P->fail_st;
        }
        got = s->head;
        s->head = s->tail = NULL;
        done = s->state == S_DONE;
        pthread_mutex_unlock(&P->mu);
        for (block *b = got; b && st == PE_OK; b = b->next)
            st = hand_block(P, b);
        free_blocks(got);
        if (st != PE_OK)
            return st; /* the callback's own failure: it said why */
        if (!done)
            continue;
        if (s->st != PE_OK) {
            if (err)
                *err = s->err;
            return s->st;
        }
        if (s->eof)
            return PE_OK;
        pthread_mutex_lock(&P->mu);
        s->state = S_FREE;
        /* the pieces it took over are dropped: those done already here,
         * those still being read by their own readers (slot_done) */
        for (size_t m = k + 1; m < s->next && m < P->next_take; m++) {
            slot *d = &P->slots[m % P->window];

            if (d->chunk == m && d->state == S_DONE) {
                free_blocks(d->head);
                d->head = d->tail = NULL;
                d->state = S_FREE;
            }
        }
        P->next_deliver = k = s->next;
        pthread_cond_broadcast(&P->work);
        pthread_mutex_unlock(&P->mu);
    }
}

int pe_long_threads(int n)
{
    const char *v;

    if (n > 0)
        return n;
    if ((v = getenv("PERFEVAL_THREADS")) && *v) {
        char *end;
        long k = strtol(v, &end, 10);

        if (!*end && k >= 1 && k <= 256)
            return (int)k;
    }
    return (int)pe_os_cpu_count();
}

/* Bytes a piece takes: 512 KiB, less with many threads, so that the
 * pieces read at once stay within 4 MiB; PERFEVAL_CHUNK (bytes, 256 at least)
 * sets it, for tests that want many pieces of a small file. */
static size_t chunk_bytes(int threads)
{
    const char *v = getenv("PERFEVAL_CHUNK");
    size_t c = ((size_t)4 << 20) / (size_t)threads;

    if (v && *v) {
        char *end;
        long long k = strtoll(v, &end, 10);

        if (!*end && k >= 256)
            return (size_t)k;
    }
    if (c > ((size_t)512 << 10))
        c = (size_t)512 << 10;
    return c < 65536 ? 65536 : c;
}

static pe_status probe_fn(void *ctx, const pe_long_item *it)
{
    (void)ctx;
    (void)it;
    return PE_EUSAGE; /* nothing before the header is handed over */
}

/* Read the header off the file's first bytes with a reader of its own:
 * the end of the line it ends on into *end; 0 when it is not there (or
 * is broken: the whole file is then read on one thread, which says so). */
static int probe(par *P, pe_long **out, int64_t *end)
{
    size_t n = (int64_t)P->chunk < P->size ? P->chunk : (size_t)P->size;
    size_t at = 0;
    char *b = malloc(n ? n : 1);
    pe_long *h = NULL;
    pe_error err;

    *out = NULL;
    if (!b || pe_os_pread(P->fd, b, n, 0) != (ptrdiff_t)n ||
        pe_long_new(P->name, P->o, &h) != PE_OK) {
        free(b);
        pe_long_free(h);
        return 0;
    }
    while (at < n) {
        const char *nl = memchr(b + at, '\n', n - at);
        size_t len;

        if (!nl)
            break;
        len = (size_t)(nl - (b + at)) + 1;
        if (pe_long_feed(h, b + at, len, probe_fn, NULL, &err) != PE_OK)
            break;
        at += len;
        if (pe_long_header_read(h) && pe_long_key_column(h) >= 0) {
            free(b);
            *out = h;
            *end = (int64_t)at;
            return 1;
        }
    }
    free(b);
    pe_long_free(h);
    return 0;
}

/* The whole file through r on this thread, as a stream is read. */
static pe_status read_one(pe_long *r, int fd, pe_long_fn fn, void *ctx,
                          pe_error *err)
{
    size_t n = 1 << 16;
    char *b = malloc(n);
    int64_t off = 0;
    pe_status st = PE_OK;

    if (!b) {
        pe_error_set(err, pe_long_name(r), 0, 0, "out of memory");
        return PE_ENOMEM;
    }
    for (;;) {
        ptrdiff_t got = pe_os_pread(fd, b, n, off);

        if (got < 0) {
            pe_error_set(err, pe_long_name(r), 0, 0, "%s: %s", "cannot read",
                         strerror(errno));
            st = PE_EIO;
            break;
        }
        if (got == 0) {
            st = pe_long_end(r, fn, ctx, err);
            break;
        }
        if ((st = pe_long_feed(r, b, (size_t)got, fn, ctx, err)) != PE_OK)
            break;
        off += got;
    }
    free(b);
    return st;
}

pe_status pe_long_read_fd(pe_long *r, int fd, int64_t size, pe_long_fn fn,
                          void *ctx, pe_error *err)
{
    const pe_long_opts *o = pe_long_options(r);
    par P;
    pe_long *head = NULL;
    pthread_t *th = NULL;
    int started = 0;
    pe_status st;

    memset(&P, 0, sizeof P);
    P.o = o;
    P.name = pe_long_name(r);
    P.fd = fd;
    P.size = size;
    P.nthreads = pe_long_threads(o->threads);
    P.chunk = chunk_bytes(P.nthreads);
    P.fn = fn;
    P.ctx = ctx;
    /* one thread, projects not scored as read, or a file of a piece or
     * two: read as a stream */
    if (P.nthreads < 2 || !o->scored || size < 2 * (int64_t)P.chunk ||
        !probe(&P, &head, &P.header_end))
        return read_one(r, fd, fn, ctx, err);
    P.head = head;
    P.nchunks = (size_t)((size + (int64_t)P.chunk - 1) / (int64_t)P.chunk);
    P.window = 4 * (size_t)P.nthreads;
    if (!(P.slots = calloc(P.window, sizeof *P.slots)) ||
        !(th = calloc((size_t)P.nthreads, sizeof *th)) ||
        pthread_mutex_init(&P.mu, NULL) != 0) {
        free(P.slots);
        free(th);
        pe_long_free(head);
        return read_one(r, fd, fn, ctx, err);
    }
    pthread_cond_init(&P.work, NULL);
    pthread_cond_init(&P.ready, NULL);
    for (size_t i = 0; i < P.window; i++)
        P.slots[i].chunk = SIZE_MAX;
    for (int i = 0; i < P.nthreads; i++)
        if (pthread_create(&th[i], NULL, worker, &P) == 0)
            started++;
    if (!started) {
        st = read_one(r, fd, fn, ctx, err);
    } else {
        st = deliver_all(&P, err);
    }
    pthread_mutex_lock(&P.mu);
    P.stop = 1;
    pthread_cond_broadcast(&P.work);
    pthread_mutex_unlock(&P.mu);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    for (size_t i = 0; i < P.window; i++)
        free_blocks(P.slots[i].head);
    pthread_cond_destroy(&P.work);
    pthread_cond_destroy(&P.ready);
    pthread_mutex_destroy(&P.mu);
    pe_long_seen_free(&P.seen);
    free(P.slots);
    free(th);
    pe_long_free(head);
    return st;
}
