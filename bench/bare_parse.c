/* The parse floor: libcsv over a file, counting fields and records and
 * nothing else.  `perfeval check` on the same file is measured against it. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

struct counts {
    unsigned long fields, records;
};

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    ((struct counts *)data)->fields++;
}

static void on_record(int c, void *data)
{
    (void)c;
    ((struct counts *)data)->records++;
}

int main(int argc, char **argv)
{
    static char buf[1 << 16];
    struct csv_parser p;
    struct counts n = {0, 0};
    FILE *f;
    size_t got;

    if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
        fprintf(stderr, "usage: bare_parse FILE\n");
        return 2;
    }
    if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
        return 2;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, got, on_field, on_record, &n) != got) {
            fprintf(stderr, "bare_parse: %s\n", csv_strerror(csv_error(&p)));
            return 1;
        }
    csv_fini(&p, on_field, on_record, &n);
    csv_free(&p);
    fclose(f);
    printf("%lu records, %lu fields\n", n.records, n.fields);
    return 0;
}
