/* The benchmarks' speed baseline: one bare libcsv pass over a file, counting fields and rows. */
/* SPDX-License-Identifier: MIT */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

struct counts {
    size_t fields, rows, bytes;
};

static void
on_field(void *s, size_t len, void *ud)
{
    struct counts *c = ud;
    (void)s;
    c->fields++;
    c->bytes += len;
}

static void
on_row(int ch, void *ud)
{
    struct counts *c = ud;
    (void)ch;
    c->rows++;
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: csvpass FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return 1;
    static char buf[1 << 16];
    struct counts c = {0, 0, 0};
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, &c) != n) {
            fprintf(stderr, "csvpass: %s\n", csv_strerror(csv_error(&p)));
            return 1;
        }
    csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    fclose(f);
    printf("%zu rows, %zu fields, %zu bytes of fields\n", c.rows, c.fields, c.bytes);
    return 0;
}
