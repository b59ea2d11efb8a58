/* libFuzzer target: the theme file parser. */
/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "themefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct theme_spec spec;
    struct cf_error err = {0};
    memset(&spec, 0, sizeof spec);
    (void)themefile_parse("fuzz.theme", (const char *)data, size, &spec, &err);
    for (int r = 0; r < ROLE__COUNT; r++)
        (void)themefile_degrade(spec.style[r].fg, 8 << (r % 3));
    return 0;
}
