#!/bin/sh
# The database figures of issue 15, paired with farm-bench in one run each: a direct
# read from PostgreSQL against `psql COPY | caseflow -` (goal: at most equal), and
# --pushdown against a full read (goal: under a third of the time, caseflow under
# 20 MB). A throwaway cluster (tests/pg_lib.sh) holds bpic2012 and the 1M-event log.
# SPDX-License-Identifier: MIT
#
# Usage: bench/pg.sh [BUILD_DIR]   (after make; needs postgresql and farm-bench)
# Environment: LOGS (default: ../shared/data/bpic2012.csv.gz and the 1M benchmark log,
# made by samples/gensamples bench 1000000 into BENCH_DIR, default /tmp), RUNS (5).
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
pg_start
chmod 755 "$DIR" 2>/dev/null
n=0
for log in $LOGS; do
    n=$((n + 1))
    t="log$n"
    pg_load_csv "$t" "$log" || { echo "pg: cannot load $log" >&2; exit 1; }
    url="postgresql:///$PGDATABASE?host=$PGHOST&table=$t"
    echo "== $(basename "$log") (table $t, $(psql -XAtc "SELECT count(*) FROM $t") rows)"
    echo "-- direct read (A) against psql COPY | caseflow - (B): goal A/B <= 1"
    farm-bench -n "$RUNS" --timeout 900 \
        --vs "sh -c 'psql -XAtc \"COPY (SELECT * FROM $t ORDER BY cf_seq) TO STDOUT CSV HEADER\" | $CASEFLOW report --json --order-column cf_seq - >/dev/null'" \
        -- "$CASEFLOW" report --json --order-column cf_seq "$url" | grep -E 'A/B|peak|wall'
    echo "-- --pushdown (A) against the full read (B): goal A/B < 0.33 wall, A peak < 20 MB"
    farm-bench -n "$RUNS" --timeout 900 --vs "$CASEFLOW report --json --order-column cf_seq $url" \
        -- "$CASEFLOW" report --json --pushdown --order-column cf_seq "$url" | grep -E 'A/B|peak|wall'
done
