/* Redaction: case ids, resources and attribute values replaced by keyed pseudonyms (HMAC-SHA256).
 */
/* SPDX-License-Identifier: MIT */
#ifndef CF_REDACT_H
#define CF_REDACT_H

#include <stddef.h>

#include "eventlog.h"

#define REDACT_KEY_MAX 256

/* A key: from a file (its bytes as they are, 16 to REDACT_KEY_MAX of them) or random. */
struct redact_key {
    unsigned char k[REDACT_KEY_MAX];
    size_t len;
};

/* Read the key file: 0, or -1 with msg set (missing, shorter than 16 bytes, too long). */
int redact_key_load(struct redact_key *key, const char *path, char *msg, size_t msz);

/* A random 32-byte key from OpenSSL's RAND_bytes: 0, or -1 with msg set. */
int redact_key_random(struct redact_key *key, char *msg, size_t msz);

/* The key's fingerprint: the first 8 bytes of SHA-256(key) in hex (16 characters). */
void redact_fingerprint(const struct redact_key *key, char *out, size_t size);

/*
 * The pseudonym of value s[0..n): "p-" and the first 12 hex digits of
 * HMAC-SHA256(key, s). The same value gives the same pseudonym under one key,
 * whatever the column it is found in.
 */
void redact_pseudonym(const struct redact_key *key, const char *s, size_t n, char out[16]);

/*
 * Replace in log the values of the columns named in spec (comma-separated:
 * "case", "resource", attribute names) by their pseudonyms. The string pools
 * are rebuilt, so the original values are gone from the log (every output, every
 * export); ids, cases, variants and the event order do not change. Two values
 * that collide on a pseudonym keep apart with a "~N" suffix. Returns 0, or -1
 * with msg set for a name that is neither case, resource nor an attribute.
 */
int redact_log(struct event_log *log, const char *spec, const struct redact_key *key, char *msg,
               size_t msz);

#endif
