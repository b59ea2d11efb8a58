/* Unit tests of string interning. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "strpool.h"
#include "tap.h"
#include "util.h"

int
main(void)
{
    struct strpool *sp = strpool_new();
    CHECK_EQ_U(strpool_count(sp), 0);
    uint32_t a = strpool_intern(sp, "Lead", 4);
    uint32_t b = strpool_intern(sp, "Qualified", 9);
    uint32_t a2 = strpool_intern(sp, "Leadership", 4); /* only the first 4 bytes */
    CHECK_EQ_U(a, 0);
    CHECK_EQ_U(b, 1);
    CHECK_EQ_U(a2, a);
    CHECK_STR(strpool_get(sp, b), "Qualified");
    CHECK_EQ_U(strpool_len(sp, b), 9);
    CHECK_EQ_U(strpool_find(sp, "Qualified", 9), b);
    CHECK_EQ_U(strpool_find(sp, "Nope", 4), CF_NONE);
    uint32_t e = strpool_intern(sp, "", 0);
    CHECK_EQ_U(e, 2);
    CHECK_STR(strpool_get(sp, e), "");
    /* UTF-8 is just bytes. */
    uint32_t u = strpool_intern(sp, "Angebot ü", 10);
    CHECK_STR(strpool_get(sp, u), "Angebot ü");

    /* Many strings: ids stay dense and stable across table growth. */
    char buf[32];
    for (int i = 0; i < 200000; i++) {
        int n = snprintf(buf, sizeof buf, "case-%d", i);
        uint32_t id = strpool_intern(sp, buf, (size_t)n);
        if (id != (uint32_t)(4 + i)) {
            CHECK(id == (uint32_t)(4 + i));
            break;
        }
    }
    CHECK_EQ_U(strpool_count(sp), 200004);
    CHECK_EQ_U(strpool_find(sp, "case-123456", 11), 4 + 123456);
    CHECK_STR(strpool_get(sp, 4 + 199999), "case-199999");
    CHECK_STR(strpool_get(sp, a), "Lead");
    /* A string larger than a chunk. */
    char *big = malloc(300000);
    for (int i = 0; i < 300000; i++)
        big[i] = (char)('a' + i % 26);
    uint32_t bid = strpool_intern(sp, big, 300000);
    CHECK_EQ_U(strpool_len(sp, bid), 300000);
    CHECK_EQ_U(strpool_intern(sp, big, 300000), bid);
    uint32_t after = strpool_intern(sp, "after-big", 9);
    CHECK_STR(strpool_get(sp, after), "after-big");
    free(big);
    strpool_free(sp);
    strpool_free(NULL);

    /* A view over strings kept elsewhere (a snapshot's): nothing copied, the index
     * made on first use; "b" twice: find names the first; later strings interned. */
    static const char bytes[] = "Lead\0b\0\0b\0Won";
    const uint64_t off[] = {0, 5, 7, 8, 10, 14};
    struct strpool *v = strpool_new_view(bytes, off, 5);
    CHECK_EQ_U(strpool_count(v), 5);
    CHECK(strpool_get(v, 0) == bytes); /* not a copy */
    CHECK_STR(strpool_get(v, 4), "Won");
    CHECK_EQ_U(strpool_len(v, 2), 0);
    CHECK_EQ_U(strpool_find(v, "Won", 3), 4);
    CHECK_EQ_U(strpool_find(v, "b", 1), 1);
    CHECK_EQ_U(strpool_find(v, "", 0), 2);
    CHECK_EQ_U(strpool_find(v, "Lost", 4), CF_NONE);
    CHECK_EQ_U(strpool_intern(v, "Lead", 4), 0);
    uint32_t lost = strpool_intern(v, "Lost", 4);
    CHECK_EQ_U(lost, 5);
    CHECK_STR(strpool_get(v, lost), "Lost");
    CHECK_EQ_U(strpool_find(v, "Lost", 4), 5);
    for (int i = 0; i < 1000; i++) { /* growth past the view's arrays and table */
        char name[32];
        int n = snprintf(name, sizeof name, "v-%d", i);
        CHECK_EQ_U(strpool_intern(v, name, (size_t)n), 6 + (unsigned)i);
    }
    CHECK_EQ_U(strpool_find(v, "Won", 3), 4);
    CHECK_EQ_U(strpool_find(v, "v-999", 5), 1005);
    strpool_free(v);
    TAP_DONE();
}
