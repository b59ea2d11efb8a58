/* A main() for the fuzz targets without libFuzzer: feeds each file named on the command line once
 * (make check). */
/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            perror(argv[i]);
            return 1;
        }
        size_t cap = 4096, n = 0, k;
        uint8_t *buf = malloc(cap);
        while (buf != NULL && (k = fread(buf + n, 1, cap - n, f)) > 0) {
            n += k;
            if (n == cap) {
                uint8_t *nb = realloc(buf, cap *= 2);
                if (nb == NULL)
                    free(buf);
                buf = nb;
            }
        }
        fclose(f);
        if (buf == NULL)
            return 1;
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
        printf("ok %d - %s\n", i, argv[i]);
    }
    return 0;
}
