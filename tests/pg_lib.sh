# A throwaway PostgreSQL cluster for the database tests: sourced after tests/lib.sh.
# SPDX-License-Identifier: MIT
# pg_start makes a cluster in a temporary folder, listening on a Unix socket there
# only (no TCP), run as an unprivileged user (as root: the user "nobody"), and sets
# PGHOST, PGPORT, PGUSER, PGDATABASE for psql and caseflow. It exits 77 (skip) when
# no PostgreSQL server is installed. pg_stop (run at exit) stops and removes it.
# PG_TCP_PORT=N (bench/pg.sh's LINK) also listens on 127.0.0.1:N, trusted from there.

pg_find_bin() {
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")
    [ -x "$d/initdb" ] && echo "$d"
}

# as_pg CMD...: run CMD as the cluster's owner.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

pg_stop() {
    if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}

pg_start() {
    PG_BIN=$(pg_find_bin)
    if [ -z "$PG_BIN" ] || ! command -v psql >/dev/null 2>&1; then
        echo "SKIP: no PostgreSQL server (apt-get install postgresql)"
        exit 77
    fi
    if ! "$CASEFLOW" --version | grep -q 'PostgreSQL sources: built in'; then
        echo "SKIP: caseflow built without libpq"
        exit 77
    fi
    PG_OS_USER=$(id -un)
    [ "$(id -u)" -eq 0 ] && PG_OS_USER=nobody
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cf-pg.XXXXXX")
    chmod 755 "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown "$PG_OS_USER" "$PG_DIR"
    trap pg_stop EXIT
    # cfadmin: trust over the socket; cfpass: password (scram) only.
    printf 'local all cfpass scram-sha-256\nlocal all all trust\n' >"$PG_DIR/hba.conf"
    _listen="-h ''" _port=5432
    if [ -n "${PG_TCP_PORT:-}" ]; then
        printf 'host all all 127.0.0.1/32 trust\n' >>"$PG_DIR/hba.conf"
        _listen="-h 127.0.0.1 -p $PG_TCP_PORT" _port=$PG_TCP_PORT
    fi
    if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U cfadmin -A trust -E UTF8 --locale=C.UTF-8 \
        >"$PG_DIR/initdb.log" 2>&1 &&
        ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U cfadmin -A trust -E UTF8 --no-locale \
            >"$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log"
        echo "FAIL: initdb"
        exit 1
    fi
    cp "$PG_DIR/hba.conf" "$PG_DIR/data/pg_hba.conf"
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-k $PG_DIR $_listen -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        cat "$PG_DIR/server.log"
        echo "FAIL: pg_ctl start"
        exit 1
    fi
    export PGHOST="$PG_DIR" PGPORT=$_port PGUSER=cfadmin PGDATABASE=postgres
    unset PGPASSWORD PGSERVICE PGSERVICEFILE
    export PGPASSFILE=/nonexistent
    psql -qX -v ON_ERROR_STOP=1 -c "CREATE ROLE cfpass LOGIN PASSWORD 'right-one'" >/dev/null
}

# pg_load_csv TABLE FILE.csv[.gz]: a table of text columns named by the header, loaded
# with \copy, plus cf_seq numbering the rows in file order (PostgreSQL does not promise
# to keep rows in insertion order, so the tests break ties with --order-column cf_seq).
pg_load_csv() {
    _t=$1
    _f=$2
    _cols=$(gzip -dcf "$_f" | head -n 1 | tr -d '\r' |
        awk -F, '{ for (i = 1; i <= NF; i++) { gsub(/"/, "\"\"", $i);
                   printf "%s\"%s\" text", (i > 1 ? ", " : ""), $i } }')
    _names=$(echo "$_cols" | sed 's/ text//g')
    psql -qX -v ON_ERROR_STOP=1 -c "DROP TABLE IF EXISTS \"$_t\"" \
        -c "CREATE TABLE \"$_t\" ($_cols, cf_seq bigserial)" &&
        gzip -dcf "$_f" | psql -qX -v ON_ERROR_STOP=1 -c "\\copy \"$_t\" ($_names) from stdin csv header"
}

# pg_lock TABLE: another session holds an ACCESS EXCLUSIVE lock on TABLE (returns once it
# is granted; 1 if it never is), so that a query on it waits until pg_unlock.
pg_lock() {
    psql -qX -c "BEGIN; LOCK TABLE $1 IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(300)" \
        >/dev/null 2>&1 &
    PG_LOCKER=$!
    for _i in $(seq 100); do
        [ "$(psql -XAtc "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock'
            AND granted AND relation = '$1'::regclass")" = 1 ] && return 0
        sleep 0.1
    done
    return 1
}
pg_unlock() {
    psql -XAtc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE query LIKE '%pg_sleep(300)%' AND pid <> pg_backend_pid()" >/dev/null
    wait "$PG_LOCKER"
}
