#!/bin/sh
# The DuckDB dialect of the push-down query, run in DuckDB itself (@duckdb/node-api from
# npm, installed into a cache folder): the aggregates it returns, read with
# `report --aggregate`, agree with caseflow's full computation on the same CSV.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_jq
[ -d "$DATA" ] || { echo "SKIP: no shared data in $DATA"; exit 77; }
unavailable() { # in CI a missing DuckDB is a failure, elsewhere a skip
    echo "$1"
    [ "${CI:-}" = true ] && exit 1
    exit 77
}
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
    unavailable "SKIP: no node/npm (apt-get install nodejs npm)"
cache=${CF_DUCKDB_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/caseflow-tests/duckdb}
if [ ! -d "$cache/node_modules/@duckdb/node-api" ]; then
    mkdir -p "$cache" &&
        (cd "$cache" && npm install --silent --no-audit --no-fund --no-save @duckdb/node-api \
            >npm.log 2>&1) ||
        unavailable "SKIP: cannot install @duckdb/node-api: $(tail -n 3 "$cache/npm.log" 2>/dev/null)"
fi
cp "$top_srcdir/tests/duckdb_run.mjs" "$cache/run.mjs"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cf-duck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$CASEFLOW" sql --dialect duckdb --table events >"$tmp/q.sql" || fail "caseflow sql"
for name in running-example roadtraffic100 helpdesk sepsis bpic2012; do
    f="$DATA/$name.csv.gz"
    [ -f "$f" ] || continue
    if ! node "$cache/run.mjs" "$f" "$tmp/q.sql" "$tmp/agg.csv" >"$tmp/node.log" 2>&1; then
        fail "$name: DuckDB: $(head -c 400 "$tmp/node.log")"
        continue
    fi
    "$CASEFLOW" report --json --aggregate "$tmp/agg.csv" >"$tmp/push.json" ||
        fail "$name: report --aggregate"
    "$CASEFLOW" report --json "$f" >"$tmp/full.json"
    diffs=$(jq -rn --slurpfile p "$tmp/push.json" --slurpfile f "$tmp/full.json" \
        -f "$top_srcdir/tests/agg_compare.jq" 2>&1)
    check_eq "$name: DuckDB aggregates agree with the full computation" "" \
        "$(echo "$diffs" | head -5)"
done

# The same aggregates as JSON (one object per line, as DuckDB and BigQuery export).
if node "$cache/run.mjs" "$DATA/sepsis.csv.gz" "$tmp/q.sql" "$tmp/agg.json" >"$tmp/node.log" 2>&1 &&
    node "$cache/run.mjs" "$DATA/sepsis.csv.gz" "$tmp/q.sql" "$tmp/agg.csv" >"$tmp/node.log" 2>&1; then
    a=$("$CASEFLOW" report --json --aggregate "$tmp/agg.json" | jq -S 'del(.log)')
    b=$("$CASEFLOW" report --json --aggregate "$tmp/agg.csv" | jq -S 'del(.log)')
    check_eq "JSON lines aggregate reads as the CSV one" "$b" "$a"
    jq -s . "$tmp/agg.json" >"$tmp/agg-array.json"
    a=$("$CASEFLOW" report --json --aggregate "$tmp/agg-array.json" | jq -S 'del(.log)')
    check_eq "JSON array aggregate reads as the CSV one" "$b" "$a"
else
    fail "DuckDB JSON export: $(head -c 400 "$tmp/node.log")"
fi
check_contains "text output" "not known (they need a full load)" \
    "$("$CASEFLOW" report --aggregate "$tmp/agg.csv")"

# Bad aggregate files: clear messages.
printf 'kind,a\nlog,\n' >"$tmp/bad.csv"
err=$("$CASEFLOW" report --aggregate "$tmp/bad.csv" 2>&1)
check_eq "bad aggregate: exit status" 1 "$?"
check_contains "bad aggregate: message" "no column 'b'" "$err"
done_tests
