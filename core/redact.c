/* Redaction: case ids, resources and attribute values replaced by keyed pseudonyms (HMAC-SHA256).
 */
/* SPDX-License-Identifier: MIT */
#include "redact.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
redact_key_load(struct redact_key *key, const char *path, char *msg, size_t msz)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(msg, msz, "--redact-key-file %s: cannot open", path);
        return -1;
    }
    key->len = fread(key->k, 1, sizeof key->k, f);
    int more = fgetc(f);
    fclose(f);
    if (more != EOF || key->len < 16) {
        snprintf(msg, msz, "--redact-key-file %s: a key has 16 to %d bytes, this file %s", path,
                 REDACT_KEY_MAX, more != EOF ? "is longer" : "is shorter");
        return -1;
    }
    return 0;
}

int
redact_key_random(struct redact_key *key, char *msg, size_t msz)
{
    key->len = 32;
    if (RAND_bytes(key->k, 32) != 1) {
        snprintf(msg, msz, "--redact: no random key (OpenSSL RAND_bytes failed)");
        return -1;
    }
    return 0;
}

static void
hex(const unsigned char *d, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * n] = '\0';
}

void
redact_fingerprint(const struct redact_key *key, char *out, size_t size)
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    char h[17];
    SHA256(key->k, key->len, md);
    hex(md, 8, h);
    snprintf(out, size, "%s", h);
}

void
redact_pseudonym(const struct redact_key *key, const char *s, size_t n, char out[16])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    HMAC(EVP_sha256(), key->k, (int)key->len, (const unsigned char *)s, n, md, &mdlen);
    out[0] = 'p';
    out[1] = '-';
    hex(md, 6, out + 2);
}

/* Intern the pseudonym of s in pool; a collision with another value's
 * pseudonym (want != the id it gets) takes a "~N" suffix. */
static uint32_t
intern_pseudonym(struct strpool *pool, const struct redact_key *key, const char *s, size_t n,
                 uint32_t want)
{
    char p[16];
    redact_pseudonym(key, s, n, p);
    size_t before = strpool_count(pool);
    uint32_t id = strpool_intern(pool, p, strlen(p));
    if (want == CF_NONE || id == want || strpool_count(pool) > before)
        return id;
    for (unsigned k = 2;; k++) {
        char q[32];
        snprintf(q, sizeof q, "%s~%u", p, k);
        before = strpool_count(pool);
        id = strpool_intern(pool, q, strlen(q));
        if (strpool_count(pool) > before)
            return id;
    }
}

/* A pool with every string of old replaced by its pseudonym, same ids. */
static struct strpool *
redact_pool(const struct strpool *old, const struct redact_key *key)
{
    struct strpool *np = strpool_new();
    size_t n = strpool_count(old);
    for (size_t i = 0; i < n; i++)
        intern_pseudonym(np, key, strpool_get(old, (uint32_t)i), strpool_len(old, (uint32_t)i),
                         (uint32_t)i);
    return np;
}

/* Rebuild the shared values pool: redacted attribute columns get pseudonyms,
 * the others their own values again (so no original stays in the pool). */
static void
redact_values(struct event_log *log, const bool *red, const struct redact_key *key)
{
    size_t nv = strpool_count(log->values);
    struct strpool *np = strpool_new();
    uint32_t *map_plain = xmalloc((nv ? nv : 1) * sizeof *map_plain);
    uint32_t *map_red = xmalloc((nv ? nv : 1) * sizeof *map_red);
    for (size_t i = 0; i < nv; i++)
        map_plain[i] = map_red[i] = CF_NONE;
    for (size_t a = 0; a < log->n_attrs; a++) {
        /* A dense column holds an id per event, a per-case one an id per case,
         * a sparse one only its values. */
        struct eventlog_attr *ac = &log->attrs[a];
        uint32_t *col = ac->dense != NULL      ? ac->dense
                        : ac->per_case != NULL ? ac->per_case
                                               : ac->val,
                 *map = red[a] ? map_red : map_plain;
        size_t n_ids = ac->dense != NULL      ? log->n_events
                       : ac->per_case != NULL ? log->n_cases
                                              : ac->n;
        for (size_t e = 0; e < n_ids; e++) {
            uint32_t v = col[e];
            if (v == CF_NONE)
                continue;
            if (map[v] == CF_NONE) {
                const char *s = strpool_get(log->values, v);
                size_t n = strpool_len(log->values, v);
                map[v] =
                    red[a] ? intern_pseudonym(np, key, s, n, CF_NONE) : strpool_intern(np, s, n);
            }
            col[e] = map[v];
        }
    }
    free(map_plain);
    free(map_red);
    strpool_free(log->values);
    log->values = np;
}

int
redact_log(struct event_log *log, const char *spec, const struct redact_key *key, char *msg,
           size_t msz)
{
    bool cases = false, res = false, any_attr = false;
    bool *red = xcalloc(log->n_attrs ? log->n_attrs : 1, sizeof *red);
    for (const char *p = spec;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char *name = xstrndup(p, len);
        int a = eventlog_attr_index(log, name);
        if (strcmp(name, "case") == 0) {
            cases = true;
        } else if (strcmp(name, "resource") == 0) {
            res = true;
        } else if (a >= 0) {
            red[a] = any_attr = true;
        } else {
            snprintf(msg, msz, "--redact: \"%s\" is not case, resource or an attribute of the log",
                     name);
            free(name);
            free(red);
            return -1;
        }
        free(name);
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    if (any_attr && log->map != NULL) {
        /* A snapshot's columns are mapped read-only: redact when making it. */
        snprintf(msg, msz,
                 "--redact of an attribute does not apply to a snapshot; make the "
                 "snapshot with --redact instead");
        free(red);
        return -1;
    }
    if (cases) {
        struct strpool *np = redact_pool(log->case_ids, key);
        strpool_free(log->case_ids);
        log->case_ids = np;
    }
    if (res) {
        struct strpool *np = redact_pool(log->resources, key);
        strpool_free(log->resources);
        log->resources = np;
    }
    if (any_attr)
        redact_values(log, red, key);
    free(red);
    return 0;
}
