/* Snapshot files: a loaded log's columns, string pools, cases and variants, memory-mapped on open.
 */
/* SPDX-License-Identifier: MIT */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char magic[8] = {'C', 'F', 'S', 'N', 'A', 'P', '\0', '\1'};
#define BOM 0x01020304u
#define ALIGN 64
#define MAX_SECTIONS (1u << 22) /* also bounded by the file: the table must fit in it */

/* What a section holds; the reader checks each kind's values against its range. */
enum sec_kind {
    SEC_META = 1, /* struct snap_meta */
    SEC_NAME,     /* the log's original name */
    SEC_REPORT,   /* struct import_report, as bytes */
    SEC_EV_CASE,
    SEC_EV_ACT,
    SEC_EV_TIME,
    SEC_EV_RES,
    SEC_EV_LINE,
    SEC_CASE_OFF,
    SEC_CASE_VARIANT,
    SEC_VARIANT_CASE,
    SEC_VARIANT_RANK,
    SEC_POOL_OFF,   /* aux = pool number; count+1 uint64 offsets into SEC_POOL_BYTES */
    SEC_POOL_BYTES, /* aux = pool number; the strings, each NUL-terminated */
    SEC_ATTR_NAME,  /* aux = attribute index */
    SEC_ATTR_COL,   /* aux = attribute index: a dense column, an id per event */
    SEC_ATTR_EV,    /* aux = attribute index: a sparse column's events, ascending */
    SEC_ATTR_VAL,   /* aux = attribute index: a sparse column's value ids */
    SEC_ATTR_COUNT, /* n_attrs uint64: the events holding a value, per attribute */
    SEC_ATTR_CASE,  /* aux = attribute index: a per-case column, an id per case */
};

struct snap_header {
    char magic[8];
    uint32_t version, bom;
    uint32_t size_t_bytes, report_bytes;
    uint64_t n_sections;
    uint64_t table_sum;    /* checksum of the section table, xor its offset */
    uint64_t table_offset; /* where the section table starts */
    uint8_t pad[16];
};
_Static_assert(sizeof(struct snap_header) == 64, "the header is 64 bytes");

struct snap_section {
    uint32_t kind, aux;
    uint64_t offset, size, sum;
};

struct snap_meta {
    uint64_t n_events, n_cases, n_variants, n_attrs;
    uint64_t pool_count[4]; /* case ids, activities, resources, values */
    int64_t t_min, t_max;
};

/* ---- checksum: four lanes of multiply-rotate over 8-byte words -------------- */

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL

static uint64_t
rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

struct sum {
    uint64_t lane[4];
    uint64_t len;
};

static void
sum_init(struct sum *s)
{
    s->lane[0] = P1 + P2;
    s->lane[1] = P2;
    s->lane[2] = 0;
    s->lane[3] = (uint64_t)0 - P1;
    s->len = 0;
}

/* n must be a multiple of 32 except for the last call. */
static void
sum_update(struct sum *s, const unsigned char *p, size_t n)
{
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 4; k++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * k, 8);
            s->lane[k] = rotl(s->lane[k] + w * P2, 31) * P1;
        }
    if (i < n) {
        unsigned char tail[32] = {0};
        memcpy(tail, p + i, n - i);
        for (int k = 0; k < 4; k++) {
            uint64_t w;
            memcpy(&w, tail + 8 * k, 8);
            s->lane[k] = rotl(s->lane[k] + w * P2, 31) * P1;
        }
    }
    s->len += n;
}

static uint64_t
sum_final(const struct sum *s)
{
    uint64_t h =
        rotl(s->lane[0], 1) + rotl(s->lane[1], 7) + rotl(s->lane[2], 12) + rotl(s->lane[3], 18);
    h ^= s->len * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    return h;
}

static uint64_t
sum_bytes(const void *p, size_t n)
{
    struct sum s;
    sum_init(&s);
    sum_update(&s, p, n);
    return sum_final(&s);
}

/* ---- writing ----------------------------------------------------------------- */

struct writer {
    FILE *f;
    uint64_t pos;
    struct snap_section *sec;
    size_t n, cap;
    bool failed;
};

static void
w_pad(struct writer *w)
{
    static const char zeros[ALIGN];
    size_t pad = (size_t)((ALIGN - w->pos % ALIGN) % ALIGN);
    if (pad && fwrite(zeros, 1, pad, w->f) != pad)
        w->failed = true;
    w->pos += pad;
}

static void
w_section(struct writer *w, enum sec_kind kind, uint32_t aux, const void *data, size_t size)
{
    w_pad(w);
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 64;
        w->sec = xreallocarray(w->sec, w->cap, sizeof *w->sec);
    }
    struct snap_section *s = &w->sec[w->n++];
    s->kind = kind;
    s->aux = aux;
    s->offset = w->pos;
    s->size = size;
    s->sum = sum_bytes(data, size);
    if (size && fwrite(data, 1, size, w->f) != size)
        w->failed = true;
    w->pos += size;
}

static void
w_pool(struct writer *w, uint32_t which, const struct strpool *sp)
{
    size_t n = strpool_count(sp);
    uint64_t *off = xmalloc((n + 1) * sizeof *off);
    struct cf_buf bytes = {0};
    for (size_t i = 0; i < n; i++) {
        off[i] = bytes.len;
        cf_buf_append(&bytes, strpool_get(sp, (uint32_t)i), strpool_len(sp, (uint32_t)i) + 1);
    }
    off[n] = bytes.len;
    w_section(w, SEC_POOL_OFF, which, off, (n + 1) * sizeof *off);
    w_section(w, SEC_POOL_BYTES, which, bytes.data ? bytes.data : "", bytes.len);
    free(off);
    cf_buf_clear(&bytes);
}

int
snapshot_write(const struct event_log *log, const char *path, struct cf_error *err)
{
    struct cf_buf tmp = {0};
    cf_buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
    struct writer w = {0};
    w.f = fopen(tmp.data, "wb");
    if (w.f == NULL) {
        cf_error_set(err, path, 0, "cannot write the snapshot: %s", strerror(errno));
        cf_buf_clear(&tmp);
        return -1;
    }
    struct snap_header h = {0};
    if (fwrite(&h, sizeof h, 1, w.f) != 1)
        w.failed = true;
    w.pos = sizeof h;

    const struct strpool *pools[4] = {log->case_ids, log->activities, log->resources, log->values};
    struct snap_meta m = {0};
    m.n_events = log->n_events;
    m.n_cases = log->n_cases;
    m.n_variants = log->n_variants;
    m.n_attrs = log->n_attrs;
    for (int i = 0; i < 4; i++)
        m.pool_count[i] = strpool_count(pools[i]);
    m.t_min = log->t_min;
    m.t_max = log->t_max;
    size_t ne = log->n_events, nc = log->n_cases, nv = log->n_variants;
    w_section(&w, SEC_META, 0, &m, sizeof m);
    w_section(&w, SEC_NAME, 0, log->name, strlen(log->name) + 1);
    w_section(&w, SEC_REPORT, 0, &log->report, sizeof log->report);
    w_section(&w, SEC_EV_CASE, 0, log->ev_case, ne * sizeof *log->ev_case);
    w_section(&w, SEC_EV_ACT, 0, log->ev_act, ne * sizeof *log->ev_act);
    w_section(&w, SEC_EV_TIME, 0, log->ev_time, ne * sizeof *log->ev_time);
    w_section(&w, SEC_EV_RES, 0, log->ev_res, ne * sizeof *log->ev_res);
    w_section(&w, SEC_EV_LINE, 0, log->ev_line, ne * sizeof *log->ev_line);
    w_section(&w, SEC_CASE_OFF, 0, log->case_off, (nc + 1) * sizeof *log->case_off);
    w_section(&w, SEC_CASE_VARIANT, 0, log->case_variant, nc * sizeof *log->case_variant);
    w_section(&w, SEC_VARIANT_CASE, 0, log->variant_case, nv * sizeof *log->variant_case);
    w_section(&w, SEC_VARIANT_RANK, 0, log->variant_rank, nv * sizeof *log->variant_rank);
    for (uint32_t i = 0; i < 4; i++)
        w_pool(&w, i, pools[i]);
    uint64_t *counts = xmalloc((log->n_attrs ? log->n_attrs : 1) * sizeof *counts);
    for (size_t a = 0; a < log->n_attrs; a++) {
        const struct eventlog_attr *col = &log->attrs[a];
        counts[a] = col->n;
        w_section(&w, SEC_ATTR_NAME, (uint32_t)a, log->attr_names[a],
                  strlen(log->attr_names[a]) + 1);
        if (col->dense != NULL) {
            w_section(&w, SEC_ATTR_COL, (uint32_t)a, col->dense, ne * sizeof *col->dense);
        } else if (col->per_case != NULL) {
            w_section(&w, SEC_ATTR_CASE, (uint32_t)a, col->per_case, nc * sizeof *col->per_case);
        } else {
            w_section(&w, SEC_ATTR_EV, (uint32_t)a, col->ev, col->n * sizeof *col->ev);
            w_section(&w, SEC_ATTR_VAL, (uint32_t)a, col->val, col->n * sizeof *col->val);
        }
    }
    w_section(&w, SEC_ATTR_COUNT, 0, counts, log->n_attrs * sizeof *counts);
    free(counts);
    w_pad(&w);
    /* The section table goes last; the header points at it. */
    uint64_t table_off = w.pos;
    size_t table_bytes = w.n * sizeof *w.sec;
    if (table_bytes && fwrite(w.sec, 1, table_bytes, w.f) != table_bytes)
        w.failed = true;
    memcpy(h.magic, magic, sizeof magic);
    h.version = SNAPSHOT_VERSION;
    h.bom = BOM;
    h.size_t_bytes = (uint32_t)sizeof(size_t);
    h.report_bytes = (uint32_t)sizeof(struct import_report);
    h.n_sections = w.n;
    h.table_sum = sum_bytes(w.sec, table_bytes) ^ table_off;
    h.table_offset = table_off;
    if (fseek(w.f, 0, SEEK_SET) != 0 || fwrite(&h, sizeof h, 1, w.f) != 1)
        w.failed = true;
    if (fflush(w.f) != 0 || fsync(fileno(w.f)) != 0)
        w.failed = true;
    if (fclose(w.f) != 0)
        w.failed = true;
    free(w.sec);
    int rc = 0;
    if (w.failed || rename(tmp.data, path) != 0) {
        cf_error_set(err, path, 0, "cannot write the snapshot: %s",
                     errno ? strerror(errno) : "write error");
        unlink(tmp.data);
        rc = -1;
    }
    cf_buf_clear(&tmp);
    return rc;
}

/* ---- reading ----------------------------------------------------------------- */

bool
snapshot_is(const char *path)
{
    struct stat pst;
    /* Only a regular file: opening a FIFO would wait for a writer or eat its data. */
    if (path == NULL || strcmp(path, "-") == 0 || stat(path, &pst) != 0 || !S_ISREG(pst.st_mode))
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct stat st;
    char buf[sizeof magic];
    bool yes = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
               pread(fd, buf, sizeof buf, 0) == (ssize_t)sizeof buf &&
               memcmp(buf, magic, sizeof magic) == 0;
    close(fd);
    return yes;
}

/* Off only under the fuzz target: see snapshot_check_sums. */
static bool check_sums = true;

void
snapshot_check_sums(bool on)
{
    check_sums = on;
}

/* Limits that the values of a section must respect. */
struct limits {
    uint64_t n_events, n_cases, n_variants, n_act, n_res, n_values;
};

/*
 * Read section s through a buffer: its checksum, and for id columns that every
 * value is in range (so a crafted file cannot make an analysis index out of
 * bounds). Returns NULL when fine, else the reason.
 */
static const char *
verify_section(int fd, const struct snap_section *s, const struct limits *lim, uint64_t pool_n)
{
    enum { BUFSZ = 1 << 20 };
    static unsigned char buf[BUFSZ];
    uint64_t bound = 0; /* exclusive bound for uint32 ids; CF_NONE allowed when none_ok */
    bool none_ok = false, ids = false, offsets = false, ascending = false;
    uint64_t off_limit = 0;
    switch (s->kind) {
    case SEC_EV_CASE: ids = true, bound = lim->n_cases; break;
    case SEC_EV_ACT: ids = true, bound = lim->n_act; break;
    case SEC_EV_RES: ids = true, bound = lim->n_res, none_ok = true; break;
    case SEC_ATTR_COL: ids = true, bound = lim->n_values, none_ok = true; break;
    case SEC_ATTR_CASE: ids = true, bound = lim->n_values, none_ok = true; break;
    case SEC_ATTR_EV: ids = true, bound = lim->n_events, ascending = true; break;
    case SEC_ATTR_VAL: ids = true, bound = lim->n_values; break;
    case SEC_CASE_VARIANT: ids = true, bound = lim->n_variants; break;
    case SEC_VARIANT_CASE: ids = true, bound = lim->n_cases; break;
    case SEC_VARIANT_RANK: ids = true, bound = lim->n_variants; break;
    case SEC_CASE_OFF: offsets = true, off_limit = lim->n_events; break;
    case SEC_POOL_OFF: offsets = true, off_limit = pool_n; break;
    default: break;
    }
    struct sum sm;
    sum_init(&sm);
    uint64_t done = 0, prev = 0;
    while (done < s->size) {
        size_t want = s->size - done < BUFSZ ? (size_t)(s->size - done) : BUFSZ;
        ssize_t got = pread(fd, buf, want, (off_t)(s->offset + done));
        if (got != (ssize_t)want)
            return "truncated";
        sum_update(&sm, buf, want);
        if (ids) {
            for (size_t i = 0; i + 4 <= want; i += 4) {
                uint32_t v;
                memcpy(&v, buf + i, 4);
                if (v >= bound && !(none_ok && v == CF_NONE))
                    return "an id out of range";
                if (ascending && done + i > 0 && v <= prev)
                    return "events out of order";
                prev = v;
            }
        } else if (offsets) {
            for (size_t i = 0; i + 8 <= want; i += 8) {
                uint64_t v;
                memcpy(&v, buf + i, 8);
                if (v < prev || v > off_limit || (done + i == 0 && v != 0))
                    return "offsets out of order";
                prev = v;
            }
        }
        done += want;
    }
    if (offsets && prev != off_limit)
        return "offsets do not reach the end";
    if (check_sums && sum_final(&sm) != s->sum)
        return "checksum mismatch (the file is damaged)";
    return NULL;
}

static int
cmp_section(const void *pa, const void *pb)
{
    const struct snap_section *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return (a->aux > b->aux) - (a->aux < b->aux);
}

/* The section of a kind and aux in the table (sorted by cmp_section), or NULL. */
static const struct snap_section *
find(const struct snap_section *sec, size_t n, uint32_t kind, uint32_t aux)
{
    struct snap_section key = {.kind = kind, .aux = aux};
    return bsearch(&key, sec, n, sizeof *sec, cmp_section);
}

/* A pool over the mapped strings (no copy, hashed on first use), or NULL when a
 * string lacks its NUL. */
static struct strpool *
load_pool(const unsigned char *base, const struct snap_section *off_s,
          const struct snap_section *bytes_s, uint64_t count)
{
    const uint64_t *off = (const uint64_t *)(base + off_s->offset);
    const char *bytes = (const char *)(base + bytes_s->offset);
    for (uint64_t i = 0; i < count; i++) {
        uint64_t lo = off[i], hi = off[i + 1];
        if (hi == lo || hi - lo - 1 > UINT32_MAX || bytes[hi - 1] != '\0')
            return NULL;
    }
    return strpool_new_view(bytes, off, (size_t)count);
}

/* Times a log can hold: years 1 to 9999 (timeparse's range) and a day's offset either
 * side, so that no difference of two times overflows. */
#define SNAP_TIME_MIN (-62135596800000LL - 86400000LL)
#define SNAP_TIME_MAX (253402300799999LL + 86400000LL)

/*
 * What the analyses take for granted of the columns, checked once (linear): each
 * case's events name that case and are in time order, every time is in range, and
 * t_min and t_max are the extremes. The checksums do not prove this (they are not
 * a signature); a crafted file could otherwise make durations overflow.
 */
static const char *
check_cases(const struct event_log *log)
{
    if (log->case_off[log->n_cases] != log->n_events)
        return "damaged (case offsets)";
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t c = 0; c < log->n_cases; c++) {
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++) {
            int64_t t = log->ev_time[e];
            if (log->ev_case[e] != c)
                return "damaged (an event outside its case)";
            if (t < SNAP_TIME_MIN || t > SNAP_TIME_MAX)
                return "damaged (a time out of range)";
            if (e > log->case_off[c] && t < log->ev_time[e - 1])
                return "damaged (a case's events out of time order)";
            lo = t < lo ? t : lo;
            hi = t > hi ? t : hi;
        }
    }
    if (log->n_events > 0 && (lo != log->t_min || hi != log->t_max))
        return "damaged (the time range)";
    return NULL;
}

struct event_log *
snapshot_open(const char *path, struct cf_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        cf_error_set(err, path, 0, "%s", strerror(errno));
        return NULL;
    }
    struct stat st;
    struct snap_header h;
    const char *why = NULL;
    struct snap_section *sec = NULL;
    void *map = MAP_FAILED;
    struct event_log *log = NULL;
    uint64_t table_off = 0;
    if (fstat(fd, &st) != 0 || pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h)
        why = "too short to be a snapshot";
    else if (memcmp(h.magic, magic, sizeof magic) != 0)
        why = "not a caseflow snapshot";
    else if (h.bom != BOM)
        why = "written on a machine of another byte order";
    else if (h.version != SNAPSHOT_VERSION)
        why = "written by another version of caseflow (snapshot format differs); make it again "
              "from the log";
    else if (h.size_t_bytes != sizeof(size_t) || h.report_bytes != sizeof(struct import_report))
        why = "written by another build of caseflow; make it again from the log";
    else if (h.n_sections == 0 || h.n_sections > MAX_SECTIONS)
        why = "damaged (section count)";
    if (why == NULL) {
        table_off = h.table_offset;
        size_t tb = (size_t)h.n_sections * sizeof *sec;
        sec = xmalloc(tb);
        if (table_off > (uint64_t)st.st_size || (uint64_t)st.st_size - table_off < tb ||
            pread(fd, sec, tb, (off_t)table_off) != (ssize_t)tb)
            why = "truncated";
        else if (check_sums && (sum_bytes(sec, tb) ^ table_off) != h.table_sum)
            why = "damaged (section table checksum)";
        if (why == NULL) {
            /* Sorted for find(); a kind and aux twice is a crafted file. */
            qsort(sec, (size_t)h.n_sections, sizeof *sec, cmp_section);
            for (size_t i = 1; i < h.n_sections && why == NULL; i++)
                if (cmp_section(&sec[i - 1], &sec[i]) == 0)
                    why = "damaged (a section repeats)";
        }
    }
    const struct snap_section *meta_s = NULL;
    struct snap_meta m = {0};
    if (why == NULL) {
        for (size_t i = 0; i < h.n_sections && why == NULL; i++)
            if (sec[i].offset % ALIGN != 0 || sec[i].offset > table_off ||
                sec[i].size > table_off - sec[i].offset)
                why = "damaged (a section lies outside the file)";
        meta_s = find(sec, h.n_sections, SEC_META, 0);
        if (why == NULL && (meta_s == NULL || meta_s->size != sizeof m ||
                            pread(fd, &m, sizeof m, (off_t)meta_s->offset) != (ssize_t)sizeof m ||
                            (check_sums && sum_bytes(&m, sizeof m) != meta_s->sum)))
            why = "damaged (no valid header section)";
    }
    /* Every section the log needs, of the size the counts imply (ids are 32 bits, so
     * no size below can wrap around). */
    struct {
        uint32_t kind, aux;
        uint64_t size;
    } need[16 + 4 * 2];
    size_t nneed = 0;
    if (why == NULL) {
        if (m.n_events > UINT32_MAX || m.n_cases > m.n_events || m.n_variants > m.n_cases ||
            m.pool_count[0] != m.n_cases || m.n_attrs > 1u << 20 || m.pool_count[1] > UINT32_MAX ||
            m.pool_count[2] > UINT32_MAX || m.pool_count[3] > UINT32_MAX)
            why = "damaged (counts)";
    }
    if (why == NULL) {
        uint64_t ne = m.n_events, nc = m.n_cases, nv = m.n_variants;
#define NEED(k, a, s) (need[nneed].kind = (k), need[nneed].aux = (a), need[nneed++].size = (s))
        NEED(SEC_REPORT, 0, sizeof(struct import_report));
        NEED(SEC_EV_CASE, 0, ne * 4);
        NEED(SEC_EV_ACT, 0, ne * 4);
        NEED(SEC_EV_TIME, 0, ne * 8);
        NEED(SEC_EV_RES, 0, ne * 4);
        NEED(SEC_EV_LINE, 0, ne * 4);
        NEED(SEC_CASE_OFF, 0, (nc + 1) * 8);
        NEED(SEC_CASE_VARIANT, 0, nc * 4);
        NEED(SEC_VARIANT_CASE, 0, nv * 4);
        NEED(SEC_VARIANT_RANK, 0, nv * 4);
        for (uint32_t p = 0; p < 4; p++)
            NEED(SEC_POOL_OFF, p, (m.pool_count[p] + 1) * 8);
#undef NEED
        for (size_t i = 0; i < nneed && why == NULL; i++) {
            const struct snap_section *s = find(sec, h.n_sections, need[i].kind, need[i].aux);
            if (s == NULL || s->size != need[i].size)
                why = "damaged (a section is missing or of the wrong size)";
        }
        const struct snap_section *name_s = find(sec, h.n_sections, SEC_NAME, 0);
        if (why == NULL && name_s == NULL)
            why = "damaged (no name)";
        const struct snap_section *cnt_s = find(sec, h.n_sections, SEC_ATTR_COUNT, 0);
        if (why == NULL && (cnt_s == NULL || cnt_s->size != m.n_attrs * 8))
            why = "damaged (no attribute counts)";
        for (uint32_t a = 0; a < m.n_attrs && why == NULL; a++) {
            const struct snap_section *s = find(sec, h.n_sections, SEC_ATTR_COL, a);
            const struct snap_section *se = find(sec, h.n_sections, SEC_ATTR_EV, a);
            const struct snap_section *sv = find(sec, h.n_sections, SEC_ATTR_VAL, a);
            const struct snap_section *sc = find(sec, h.n_sections, SEC_ATTR_CASE, a);
            bool dense_ok =
                s != NULL && s->size == ne * 4 && se == NULL && sv == NULL && sc == NULL;
            bool sparse_ok = s == NULL && se != NULL && sv != NULL && se->size == sv->size &&
                             se->size % 4 == 0 && se->size <= ne * 4 && sc == NULL;
            bool case_ok =
                s == NULL && se == NULL && sv == NULL && sc != NULL && sc->size == nc * 4;
            if ((!dense_ok && !sparse_ok && !case_ok) ||
                find(sec, h.n_sections, SEC_ATTR_NAME, a) == NULL)
                why = "damaged (an attribute is missing)";
        }
    }
    struct limits lim = {m.n_events,      m.n_cases,       m.n_variants,
                         m.pool_count[1], m.pool_count[2], m.pool_count[3]};
    for (size_t i = 0; why == NULL && i < h.n_sections; i++) {
        uint64_t pool_n = 0;
        if (sec[i].kind == SEC_POOL_OFF) {
            const struct snap_section *b =
                sec[i].aux < 4 ? find(sec, h.n_sections, SEC_POOL_BYTES, sec[i].aux) : NULL;
            if (b == NULL) {
                why = "damaged (a string pool is missing)";
                break;
            }
            pool_n = b->size;
        }
        const char *w = verify_section(fd, &sec[i], &lim, pool_n);
        if (w != NULL) {
            why = w;
            break;
        }
    }
    if (why == NULL) {
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED)
            why = "cannot be mapped";
    }
    if (why == NULL) {
        const unsigned char *base = map;
        uint32_t k = 0;
        log = xcalloc(1, sizeof *log);
        log->map = map;
        log->map_size = (size_t)st.st_size;
        map = MAP_FAILED;
        log->name = xstrdup(path);
        memcpy(&log->report, base + find(sec, h.n_sections, SEC_REPORT, 0)->offset,
               sizeof log->report);
        log->n_events = (size_t)m.n_events;
        log->n_cases = (size_t)m.n_cases;
        log->n_variants = (size_t)m.n_variants;
        log->t_min = m.t_min;
        log->t_max = m.t_max;
#define COL(field, kind) log->field = (void *)(base + find(sec, h.n_sections, (kind), 0)->offset)
        COL(ev_case, SEC_EV_CASE);
        COL(ev_act, SEC_EV_ACT);
        COL(ev_time, SEC_EV_TIME);
        COL(ev_res, SEC_EV_RES);
        COL(ev_line, SEC_EV_LINE);
        COL(case_off, SEC_CASE_OFF);
        COL(case_variant, SEC_CASE_VARIANT);
        COL(variant_case, SEC_VARIANT_CASE);
        COL(variant_rank, SEC_VARIANT_RANK);
#undef COL
        if (why == NULL)
            why = check_cases(log);
        struct strpool **pools[4] = {&log->case_ids, &log->activities, &log->resources,
                                     &log->values};
        for (k = 0; k < 4 && why == NULL; k++) {
            *pools[k] = load_pool(base, find(sec, h.n_sections, SEC_POOL_OFF, k),
                                  find(sec, h.n_sections, SEC_POOL_BYTES, k), m.pool_count[k]);
            if (*pools[k] == NULL)
                why = "damaged (a string pool's string is not terminated)";
        }
        log->n_attrs = (size_t)m.n_attrs;
        log->attr_names = xcalloc(log->n_attrs ? log->n_attrs : 1, sizeof *log->attr_names);
        log->attrs = xcalloc(log->n_attrs ? log->n_attrs : 1, sizeof *log->attrs);
        const uint64_t *counts =
            (const uint64_t *)(base + find(sec, h.n_sections, SEC_ATTR_COUNT, 0)->offset);
        for (uint32_t a = 0; a < m.n_attrs && why == NULL; a++) {
            const struct snap_section *ns = find(sec, h.n_sections, SEC_ATTR_NAME, a);
            const char *nm = (const char *)base + ns->offset;
            if (ns->size == 0 || nm[ns->size - 1] != '\0') {
                why = "damaged (an attribute name)";
                break;
            }
            log->attr_names[a] = xstrdup(nm);
            struct eventlog_attr *col = &log->attrs[a];
            const struct snap_section *ds = find(sec, h.n_sections, SEC_ATTR_COL, a);
            const struct snap_section *cs = find(sec, h.n_sections, SEC_ATTR_CASE, a);
            if (ds != NULL || cs != NULL) {
                if (ds != NULL)
                    col->dense = (uint32_t *)(base + ds->offset);
                else
                    col->per_case = (uint32_t *)(base + cs->offset);
                col->n = counts[a] <= m.n_events ? (size_t)counts[a] : (size_t)m.n_events;
            } else {
                const struct snap_section *se = find(sec, h.n_sections, SEC_ATTR_EV, a);
                col->ev = (uint32_t *)(base + se->offset);
                col->val = (uint32_t *)(base + find(sec, h.n_sections, SEC_ATTR_VAL, a)->offset);
                col->n = (size_t)(se->size / 4);
            }
        }
        /* The report's strings are fixed arrays: make sure they end. */
        struct import_report *r = &log->report;
        r->case_col[sizeof r->case_col - 1] = r->activity_col[sizeof r->activity_col - 1] = '\0';
        r->time_col[sizeof r->time_col - 1] = r->resource_col[sizeof r->resource_col - 1] = '\0';
        r->time_note[sizeof r->time_note - 1] = '\0';
        for (int i = 0; i < CF_REJ__COUNT; i++)
            r->first_detail[i][sizeof r->first_detail[i] - 1] = '\0';
        if (why != NULL) {
            eventlog_free(log);
            log = NULL;
        }
    }
    if (why != NULL)
        cf_error_set(err, path, 0, "snapshot refused: %s", why);
    if (map != MAP_FAILED)
        munmap(map, (size_t)st.st_size);
    free(sec);
    close(fd);
    return log;
}
