/*
 * Reading a table file whatever it is (the streaming driver that used to
 * live in the CLI): the first chunk decides.  A workbook or a document is
 * held whole for its reader; a long-format file is streamed, project by
 * project, to the caller's callbacks and never held; anything else (a
 * project file, a CSV form) is held whole, within max_file, and loaded.
 * Binary data is refused at the first chunk (pe_text_sniff).
 */
#include "msg.h"
#include "long_load.h"
#include "os.h"
#include "project.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* a sentence of the catalogue, given as data (tools/po-update.sh) */
#define N_(s) s

void pe_file_opts_default(pe_file_opts *o)
{
    memset(o, 0, sizeof *o);
    o->encoding = PE_ENC_AUTO;
    o->max_file = (size_t)1 << 30;
    pe_long_opts_default(&o->long_opts);
    pe_rules_default(&o->long_opts.rules);
    /* the records need only the counts of findings */
    o->long_opts.scored = 1;
    o->long_refusal = N_("a long-format file is not read here");
}

typedef struct reading {
    const pe_file_opts *o;
    const char *path;
    int decided;
    pe_file *f;
    size_t seen; /* bytes held so far */
    pe_long *lr;
    int on_disk; /* the long file is read again, on several cores */
    pe_error *err;
} reading;

static pe_status refuse(reading *R, const char *file, const char *msg)
{
    const char *zh = pe_msg_zh(msg); /* a sentence of the catalogue */

    pe_error_set(R->err, file, 0, 0, "%s", msg);
    if (zh)
        pe_error_zh(R->err, "%s", zh);
    return PE_EUSAGE;
}

/* A long-format reader with the caller's limits and rules, and its start
 * said to the caller (a header, an opening bracket). */
static pe_status long_start(const pe_file_opts *o, const char *name,
                            pe_long **out)
{
    pe_status st;

    if (o->long_start && (st = o->long_start(o->ctx)) != PE_OK)
        return st;
    return pe_long_new(name, &o->long_opts, out);
}

static pe_status on_chunk(void *ctx, const char *buf, size_t len)
{
    reading *R = ctx;
    pe_file *f = R->f;

    if (!R->decided) {
        size_t k = 0;

        R->decided = 1;
        if (pe_book_detect(buf, len))
            f->kind = PE_FILE_BOOK;
        else if (pe_long_detect(buf, len))
            f->kind = PE_FILE_LONG;
        if (f->kind == PE_FILE_LONG) {
            if (!R->o->allow_long) {
                f->kind = PE_FILE_TABLE; /* refused before a record */
                return refuse(R, R->o->long_refusal_names_file ? R->path : "",
                              R->o->long_refusal);
            }
            {
                pe_status st = long_start(R->o, R->path, &R->lr);
                pe_os_info sb;

                if (st != PE_OK)
                    return st;
                /* a file on disk is read in pieces, each on a core: the
                 * stream stops here and the file is opened again */
                if (strcmp(R->path, "-") != 0 &&
                    pe_os_stat(R->path, &sb) == 0 && sb.kind == PE_OS_FILE &&
                    R->o->long_opts.scored &&
                    pe_long_threads(R->o->long_opts.threads) > 1) {
                    R->on_disk = 1;
                    return PE_EUSAGE;
                }
            }
            return pe_long_feed(R->lr, buf, len, R->o->long_project, R->o->ctx,
                                R->err);
        }
        /* a project file (JSON) is checked whole by its loader */
        while (k < len && (buf[k] == ' ' || buf[k] == '\t' || buf[k] == '\r' ||
                           buf[k] == '\n'))
            k++;
        if (f->kind == PE_FILE_TABLE && (k == len || buf[k] != '{') &&
            pe_text_sniff(buf, len, R->path, R->err) != PE_OK)
            return PE_EDATA;
    } else if (f->kind == PE_FILE_LONG) {
        return pe_long_feed(R->lr, buf, len, R->o->long_project, R->o->ctx,
                            R->err);
    }
    /* a table is held whole; a long-format file never is */
    R->seen += len;
    if (R->seen > R->o->max_file) {
        pe_error_set(R->err, R->path, 0, 0,
                     "the file is larger than %zu bytes (--max-file-size)",
                     R->o->max_file);
        return PE_EDATA;
    }
    return pe_buf_append(&f->bytes, buf, len);
}

pe_status pe_file_read(const char *path, const pe_file_opts *o, pe_file *f,
                       pe_error *err)
{
    reading R = {.o = o, .path = path, .f = f, .err = err};
    pe_status st;

    memset(f, 0, sizeof *f);
    f->kind = PE_FILE_TABLE;
    st = pe_io_stream(path, on_chunk, &R, err);
    if (R.on_disk) {
        int fd = pe_os_open_read(path);
        pe_os_info sb;

        if (fd < 0 || pe_os_fstat(fd, &sb) != 0) {
            pe_error_set(err, path, 0, 0, "%s: %s", "cannot open",
                         strerror(errno));
            st = PE_EIO;
        } else {
            st = pe_long_read_fd(R.lr, fd, sb.size, o->long_project, o->ctx,
                                 err);
        }
        if (fd >= 0)
            pe_os_close(fd);
        pe_long_free(R.lr);
        return st;
    }
    if (f->kind == PE_FILE_LONG) {
        /* the projects before a broken line are delivered, the broken one
         * among them */
        if (st == PE_OK && R.lr)
            st = pe_long_end(R.lr, o->long_project, o->ctx, err);
        pe_long_free(R.lr);
        return st;
    }
    if (st == PE_OK && f->kind == PE_FILE_BOOK) {
        pe_book_opts bo = {.sheet = o->sheet,
                           .max_size = o->max_file,
                           .max_cells = o->max_cells,
                           .max_unpacked = o->max_unpacked};

        /* the book reads from f->bytes, which lives as long as it does */
        st =
            pe_book_open(f->bytes.data, f->bytes.len, path, &bo, &f->book, err);
    } else if (st == PE_OK) {
        pe_csv_opts co = {.encoding = o->encoding, .delimiter = o->delimiter};

        st = pe_project_load(f->bytes.data ? f->bytes.data : "", f->bytes.len,
                             path, &co, &f->project, err);
        f->transcoded = co.transcoded;
        f->encoding_used = co.encoding_used;
        f->delimiter_used = co.delimiter_used;
        pe_buf_free(&f->bytes);
    }
    if (st != PE_OK)
        pe_file_free(f);
    return st;
}

pe_status pe_file_stream_book(pe_book *b, size_t i, const pe_file_opts *o,
                              pe_error *err)
{
    pe_long *lr = NULL;
    pe_status st = long_start(o, pe_book_table_name(b, i), &lr);

    if (st == PE_OK)
        st = pe_book_table_stream(b, i, lr, o->long_project, o->ctx, err);
    pe_long_free(lr);
    return st;
}

void pe_file_free(pe_file *f)
{
    pe_project_free(f->project);
    pe_book_free(f->book);
    pe_buf_free(&f->bytes);
    f->project = NULL;
    f->book = NULL;
}
