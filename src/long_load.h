/* The long-format reader's parts that long_split.c, which reads a file on
 * several cores, builds on.  Internal to the library. */
#ifndef PE_LONG_LOAD_H
#define PE_LONG_LOAD_H

#include "perfeval.h"

#include <stdint.h>

/* Keys already seen, so that a project cut in two is caught: each key's
 * 64-bit hash and the line it began on, in the order they came, and an
 * open-addressed index of 4-byte places into them.  A false alarm needs
 * two keys with the same 64-bit FNV-1a hash. */
typedef struct pe_long_seen {
    uint64_t *hash; /* the keys' hashes, in order */
    uint32_t *line; /* and lines; UINT32_MAX: in big */
    size_t n, room;
    uint32_t *index; /* 1 + the key's place, 0 for an empty slot */
    size_t cap;
    struct pe_long_seen_big {
        size_t at;
        long line;
    } * big; /* lines past 32 bits, rare */
    size_t nbig, bigcap;
} pe_long_seen;

/* Add key[0..klen) that began at line: 0 when it is new, else the line
 * where it began before.  *oom on a failed allocation. */
long pe_long_seen_add(pe_long_seen *S, const char *key, size_t klen, long line,
                      int *oom);
void pe_long_seen_free(pe_long_seen *S);

/* What a piece's reader hands over: a project (its key whole or cut),
 * or an error that stops the file. */
enum { PE_LONG_PROJECT, PE_LONG_CUT_KEY, PE_LONG_FILE_ERROR };

/* Where a piece's reader hands its items, scored (item->result set):
 * in place of the callback, and without the check of keys seen before,
 * which the caller makes in the file's order. */
typedef pe_status (*pe_long_sink)(void *ctx, const pe_long_item *item,
                                  int kind);

/*
 * Make r (new) the reader of a piece of a file that starts at a line
 * start after `line` lines, outside any record: with head's header (a
 * reader that read it; NULL for the piece the header is in) and sink.
 */
PE_MUST_CHECK pe_status pe_long_piece_begin(pe_long *r, const pe_long *head,
                                            long line, pe_long_sink sink,
                                            void *ctx);
/* Has r read the header, with no error? */
int pe_long_header_read(const pe_long *r);
/* The key's column in the header, and the header's width. */
int pe_long_key_column(const pe_long *r);
size_t pe_long_width(const pe_long *r);
/* The first failure, PE_OK when none. */
pe_status pe_long_piece_status(const pe_long *r);
/* Does the next piece start here, exactly: outside any record, at a
 * record whose key (key[0..klen), plain text as its line gives it)
 * begins another project? */
int pe_long_piece_cut(const pe_long *r, const char *key, size_t klen);
/* End the piece at such a cut: its last project is handed over. */
PE_MUST_CHECK pe_status pe_long_piece_close(pe_long *r, pe_error *err);

/* The threads a reader with opts.threads = n uses: n, else
 * PERFEVAL_THREADS, else the processors. */
int pe_long_threads(int n);

/* Read the long-format file open at fd (size bytes, a regular file)
 * through r (new, named for it) to fn: on threads cores when the file
 * allows, else on this thread.  pe_long_feed()'s and pe_long_end()'s
 * statuses. */
PE_MUST_CHECK pe_status pe_long_read_fd(pe_long *r, int fd, int64_t size,
                                        pe_long_fn fn, void *ctx,
                                        pe_error *err);
/* The record of a project whose key was seen before, at line `before`,
 * as a reader of the whole file makes it. */
void pe_long_dup_result(const pe_long *r, const char *key, long line,
                        long before, pe_long_result *res);
/* Give `to` from's cache of parsed cells, when it has none. */
void pe_long_pass_cache(pe_long *from, pe_long *to);
/* The options r was made with. */
const pe_long_opts *pe_long_options(const pe_long *r);
const char *pe_long_name(const pe_long *r);

#endif
