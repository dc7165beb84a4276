/*
 * ole.h without libgsf, for the Windows build, where there is none: the
 * compound file binary format ([MS-CFB]) read here, as much as an .xls
 * needs: the header, the FAT (with its DIFAT), the directory and the mini
 * stream, to take out one top-level stream.  Every sector number, chain
 * and size is checked against the file: a chain that loops or leaves the
 * file is a damaged file (PE_EDATA), never a read outside buf.
 */
#include "ole.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ENDOFCHAIN 0xFFFFFFFEu
#define NOSTREAM 0xFFFFFFFFu
#define MAXREGSECT 0xFFFFFFFAu

typedef struct cfb {
    const unsigned char *p;
    size_t len;
    unsigned shift, mini_shift;
    size_t ssize;   /* sector size */
    size_t nsect;   /* sectors in the file */
    uint32_t *fat;  /* nsect entries */
    uint32_t *mfat; /* nmfat entries */
    size_t nmfat;
    unsigned char *dir;  /* the directory stream */
    size_t ndir;         /* its entries (128 bytes each) */
    unsigned char *mini; /* the mini stream (the root entry's) */
    size_t mini_len;
    uint32_t cutoff;
} cfb;

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static const unsigned char *sector(const cfb *c, uint32_t s)
{
    return s < c->nsect ? c->p + ((size_t)s + 1) * c->ssize : NULL;
}

/* The chain from start through fat (n entries) of sectors of `size`
 * bytes, read from get(); size bytes of it into a new buffer.  NULL when
 * the chain is broken, loops or is short. */
static unsigned char *chain(const cfb *c, const uint32_t *fat, size_t n,
                            uint32_t start, size_t size, int mini)
{
    size_t ss = mini ? (size_t)1 << c->mini_shift : c->ssize, done = 0;
    unsigned char *out = malloc(size ? size : 1);
    uint32_t s = start;
    size_t steps = 0;

    if (!out)
        return NULL;
    while (done < size) {
        const unsigned char *from;
        size_t k = size - done < ss ? size - done : ss;

        if (s >= n || s > MAXREGSECT || ++steps > n)
            break;
        if (mini)
            from = (size_t)s * ss + ss <= c->mini_len ? c->mini + (size_t)s * ss
                                                      : NULL;
        else
            from = sector(c, s);
        if (!from)
            break;
        memcpy(out + done, from, k);
        done += k;
        s = fat[s];
    }
    if (done < size) {
        free(out);
        return NULL;
    }
    return out;
}

/* The number of sectors in the chain from start (0 when it is broken). */
static size_t chain_length(const uint32_t *fat, size_t n, uint32_t start)
{
    size_t k = 0;

    for (uint32_t s = start; s != ENDOFCHAIN; s = fat[s])
        if (s >= n || ++k > n)
            return 0;
    return k;
}

static void cfb_free(cfb *c)
{
    free(c->fat);
    free(c->mfat);
    free(c->dir);
    free(c->mini);
}

static pe_status cfb_open(cfb *c, const char *buf, size_t len)
{
    static const unsigned char sig[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                         0xA1, 0xB1, 0x1A, 0xE1};
    const unsigned char *h = (const unsigned char *)buf;
    uint32_t nfat, dirstart, mfatstart, nmfat, difat, ndifat;
    uint32_t *fsect;
    size_t dlen, per;

    memset(c, 0, sizeof *c);
    if (len < 512 || memcmp(h, sig, 8) != 0)
        return PE_EDATA;
    c->p = h;
    c->len = len;
    c->shift = u16(h + 0x1E);
    c->mini_shift = u16(h + 0x20);
    if ((c->shift != 9 && c->shift != 12) || c->mini_shift != 6)
        return PE_EDATA;
    c->ssize = (size_t)1 << c->shift;
    c->nsect = len / c->ssize - 1;
    per = c->ssize / 4;
    nfat = u32(h + 0x2C);
    dirstart = u32(h + 0x30);
    c->cutoff = u32(h + 0x38);
    mfatstart = u32(h + 0x3C);
    nmfat = u32(h + 0x40);
    difat = u32(h + 0x44);
    ndifat = u32(h + 0x48);
    if (nfat == 0 || nfat > c->nsect)
        return PE_EDATA;
    if (!(c->fat = malloc(c->nsect * sizeof *c->fat)))
        return PE_ENOMEM;
    for (size_t i = 0; i < c->nsect; i++)
        c->fat[i] = NOSTREAM;
    /* the FAT's sectors: 109 in the header, the rest in a chain of DIFAT
     * sectors, each ending with the number of the next */
    if (!(fsect = malloc((size_t)nfat * sizeof *fsect)))
        return PE_ENOMEM;
    for (uint32_t i = 0; i < nfat && i < 109; i++)
        fsect[i] = u32(h + 0x4C + 4 * i);
    for (uint32_t i = 109, steps = 0; i < nfat;) {
        const unsigned char *d = sector(c, difat);

        if (!d || ++steps > ndifat || steps > c->nsect) {
            free(fsect);
            return PE_EDATA;
        }
        for (size_t e = 0; e + 1 < per && i < nfat; e++)
            fsect[i++] = u32(d + 4 * e);
        difat = u32(d + c->ssize - 4);
    }
    for (uint32_t i = 0; i < nfat; i++) {
        const unsigned char *fs = sector(c, fsect[i]);

        if (!fs) {
            free(fsect);
            return PE_EDATA;
        }
        for (size_t e = 0; e < per && (size_t)i * per + e < c->nsect; e++)
            c->fat[(size_t)i * per + e] = u32(fs + 4 * e);
    }
    free(fsect);
    /* the directory */
    dlen = chain_length(c->fat, c->nsect, dirstart) * c->ssize;
    if (!dlen || !(c->dir = chain(c, c->fat, c->nsect, dirstart, dlen, 0)))
        return PE_EDATA;
    c->ndir = dlen / 128;
    /* the mini FAT and the mini stream (the root entry's) */
    if (nmfat && mfatstart != ENDOFCHAIN) {
        size_t n = chain_length(c->fat, c->nsect, mfatstart) * c->ssize;

        if (!n || !(c->mfat = (uint32_t *)(void *)chain(c, c->fat, c->nsect,
                                                        mfatstart, n, 0)))
            return PE_EDATA;
        c->nmfat = n / 4;
        for (size_t i = 0; i < c->nmfat; i++)
            c->mfat[i] = u32((unsigned char *)&c->mfat[i]);
    }
    if (c->ndir && u32(c->dir + 0x74) != ENDOFCHAIN && u32(c->dir + 0x78)) {
        c->mini_len = u32(c->dir + 0x78);
        if (c->mini_len > len ||
            !(c->mini = chain(c, c->fat, c->nsect, u32(c->dir + 0x74),
                              c->mini_len, 0)))
            return PE_EDATA;
    }
    return PE_OK;
}

/* Is directory entry e named `name` (ASCII, compared as CFB does, without
 * case)? */
static int named(const unsigned char *e, const char *name)
{
    size_t n = strlen(name), k = u16(e + 0x40);

    if (k != 2 * (n + 1) || k > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = u16(e + 2 * i), a = (unsigned char)name[i];

        if (c >= 'a' && c <= 'z')
            c -= 'a' - 'A';
        if (a >= 'a' && a <= 'z')
            a -= 'a' - 'A';
        if (c != a)
            return 0;
    }
    return 1;
}

/* The top-level stream named `name`: the root's children form a tree by
 * their left and right siblings.  Its entry, or NULL. */
static const unsigned char *find(const cfb *c, const char *name)
{
    uint32_t stack[64];
    size_t top = 0, seen = 0;

    if (!c->ndir || c->dir[0x42] != 5)
        return NULL;
    stack[top++] = u32(c->dir + 0x4C);
    while (top) {
        uint32_t id = stack[--top];
        const unsigned char *e;

        if (id >= c->ndir || ++seen > c->ndir)
            continue;
        e = c->dir + (size_t)id * 128;
        if (e[0x42] == 2 && named(e, name))
            return e;
        if (top + 2 <= sizeof stack / sizeof stack[0]) {
            stack[top++] = u32(e + 0x44);
            stack[top++] = u32(e + 0x48);
        }
    }
    return NULL;
}

const char *pe_ole_library(void)
{
    return NULL;
}

pe_status
pe_ole_stream(const char *buf, size_t len, const char *const *names, size_t max,
              pe_status (*fn)(void *ctx, const unsigned char *s, size_t size),
              void *ctx)
{
    const unsigned char *e = NULL;
    unsigned char *data = NULL;
    pe_status st;
    size_t size;
    cfb c;

    if ((st = cfb_open(&c, buf, len)) != PE_OK) {
        cfb_free(&c);
        return st;
    }
    for (size_t i = 0; !e && names[i]; i++)
        e = find(&c, names[i]);
    st = PE_EDATA;
    if (e && (size = u32(e + 0x78)) > 0 && size <= max && size <= len) {
        uint32_t start = u32(e + 0x74);

        data = size < c.cutoff ? chain(&c, c.mfat, c.nmfat, start, size, 1)
                               : chain(&c, c.fat, c.nsect, start, size, 0);
        if (data)
            st = fn(ctx, data, size);
    }
    free(data);
    cfb_free(&c);
    return st;
}

int pe_ole_has(const char *buf, size_t len, const char *name)
{
    cfb c;
    int yes = cfb_open(&c, buf, len) == PE_OK && find(&c, name) != NULL;

    cfb_free(&c);
    return yes;
}
