#!/bin/sh
# The database figures of issue 15, paired with farm-bench in one run each: a direct
# read from PostgreSQL against `psql COPY | caseflow -` (goal: at most equal), and
# --pushdown against a full read (goal: under a third of the time, caseflow under
# 20 MB). A throwaway cluster (tests/pg_lib.sh) holds bpic2012 and the 1M-event log.
# SPDX-License-Identifier: MIT
#
# Usage: bench/pg.sh [BUILD_DIR]   (after make; needs postgresql and farm-bench)
# Environment: LOGS (default: ../shared/data/bpic2012.csv.gz and the 1M benchmark log,
# made by samples/gensamples bench 1000000 into BENCH_DIR, default /tmp), RUNS (5),
# LINK: a rate such as 100mbit to connect over TCP on 127.0.0.1 shaped to that rate
# (as root, with tc's tbf on lo: it shapes all of this machine's loopback traffic
# until the script ends), to see a database across a network rather than a socket.
set -u
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-.}
CASEFLOW=$(cd "$build" && pwd)/caseflow
RUNS=${RUNS:-5}
DIR=${BENCH_DIR:-/tmp}
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/pg_lib.sh"
command -v farm-bench >/dev/null 2>&1 || { echo "pg: farm-bench not found" >&2; exit 2; }
big="$DIR/caseflow-bench-1000000.csv"
[ -f "$big" ] || "$build/samples/gensamples" bench 1000000 >"$big"
LOGS=${LOGS:-"$top_srcdir/../shared/data/bpic2012.csv.gz $big"}
if [ -n "${LINK:-}" ]; then
    PG_TCP_PORT=${PG_TCP_PORT:-54329}
    command -v tc >/dev/null 2>&1 || { echo "pg: LINK needs tc (iproute2)" >&2; exit 2; }
fi
pg_start
chmod 755 "$DIR" 2>/dev/null
server="host=$PGHOST" via=
if [ -n "${LINK:-}" ]; then
    trap 'tc qdisc del dev lo root 2>/dev/null; pg_stop' EXIT
    tc qdisc add dev lo root tbf rate "$LINK" burst 256kb latency 100ms ||
        { echo "pg: cannot shape lo to $LINK (tc qdisc add: root needed)" >&2; exit 2; }
    server="host=127.0.0.1&port=$PG_TCP_PORT" via="-h 127.0.0.1 -p $PG_TCP_PORT"
    echo "== over TCP on 127.0.0.1, lo shaped to $LINK"
fi
n=0
for log in $LOGS; do
    n=$((n + 1))
    t="log$n"
    pg_load_csv "$t" "$log" || { echo "pg: cannot load $log" >&2; exit 1; }
    url="postgresql:///$PGDATABASE?$server&table=$t"
    echo "== $(basename "$log") (table $t, $(psql -XAtc "SELECT count(*) FROM $t") rows)"
    echo "-- direct read (A) against psql COPY | caseflow - (B): goal A/B <= 1"
    farm-bench -n "$RUNS" --timeout 900 \
        --vs "sh -c 'psql -XAt $via -c \"COPY (SELECT * FROM $t ORDER BY cf_seq) TO STDOUT CSV HEADER\" | $CASEFLOW report --json --order-column cf_seq - >/dev/null'" \
        -- "$CASEFLOW" report --json --order-column cf_seq "$url" | grep -E 'A/B|peak|wall'
    echo "-- --pushdown (A) against the full read (B): goal A/B < 0.33 wall, A peak < 20 MB"
    farm-bench -n "$RUNS" --timeout 900 --vs "$CASEFLOW report --json --order-column cf_seq $url" \
        -- "$CASEFLOW" report --json --pushdown --order-column cf_seq "$url" | grep -E 'A/B|peak|wall'
done
