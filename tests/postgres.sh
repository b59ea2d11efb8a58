#!/bin/sh
# Reading from PostgreSQL and pushing the aggregation down, against a throwaway server:
# every shared log read from a table gives the same report as the file; push-down gives
# the same counts, variants, DFG and durations; errors carry the server's words.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/pg_lib.sh"
need_jq
# The explorer part drives caseflow in tmux (tests/screen/lib.sh) when tmux is there.
have_screen=no
if command -v "${TMUX_BIN:-tmux}" >/dev/null 2>&1; then
    . "$top_srcdir/tests/screen/lib.sh"
    have_screen=yes
fi
[ -d "$DATA" ] || { echo "SKIP: no shared data in $DATA"; exit 77; }
pg_start
[ $have_screen = yes ] && trap 'screen_cleanup; pg_stop' EXIT

tmp=$PG_DIR/work
mkdir -p "$tmp"
url() { echo "postgresql:///postgres?host=$PGHOST&table=$1"; }
seq="--order-column cf_seq"

# ---- every shared log: the database read is the file read
for f in "$DATA"/*.csv.gz; do
    name=$(basename "$f" .csv.gz)
    t=$(echo "$name" | tr -c 'a-z0-9\n' '_')
    if ! pg_load_csv "$t" "$f" >"$tmp/load.log" 2>&1; then
        fail "$name: could not load: $(head -c 300 "$tmp/load.log")"
        continue
    fi
    "$CASEFLOW" report --json "$f" | jq -S 'del(.log)' >"$tmp/file.json"
    "$CASEFLOW" report --json $seq "$(url "$t")" | jq -S 'del(.log)' >"$tmp/db.json"
    tests_run=$((tests_run + 1))
    if ! cmp -s "$tmp/file.json" "$tmp/db.json"; then
        fail "$name: database report differs: $(diff "$tmp/file.json" "$tmp/db.json" | head -8)"
    fi
    # Push-down on the same table: the same counts, variants, DFG and durations.
    case "$name" in
    running-example | roadtraffic50 | helpdesk | receipt | sepsis | bpic2012 | bpic2013-closed | bpic2019-1t)
        "$CASEFLOW" report --json --pushdown $seq "$(url "$t")" >"$tmp/push.json" ||
            fail "$name: push-down failed"
        "$CASEFLOW" report --json "$f" >"$tmp/full.json"
        diffs=$(jq -rn --slurpfile p "$tmp/push.json" --slurpfile f "$tmp/full.json" \
            -f "$top_srcdir/tests/agg_compare.jq" 2>&1)
        check_eq "$name: push-down agrees with the full computation" "" "$(echo "$diffs" | head -5)"
        ;;
    esac
done

# The count of events is the real one (bpic2012: 262,200 events in 13,087 cases).
push=$("$CASEFLOW" report --json --pushdown $seq "$(url bpic2012)")
check_eq "bpic2012 push-down events" "262200" "$(echo "$push" | jq .events)"
check_eq "bpic2012 push-down cases" "13087" "$(echo "$push" | jq .cases)"
check_eq "push-down names what needs every event" '["rejected"]' \
    "$(echo "$push" | jq -c .needs_full_load)"
# Outcomes by activity come from the variants: the same happy path as the file's.
for o in "--outcome-activity A_APPROVED --versus A_DECLINED" "--outcome-last A_DECLINED" \
    "--outcome-activity A_APPROVED --end A_DECLINED,A_CANCELLED"; do
    a=$("$CASEFLOW" report --json --pushdown $seq $o "$(url bpic2012)" | jq -cS .happy_path)
    b=$("$CASEFLOW" report --json $o "$DATA/bpic2012.csv.gz" | jq -cS .happy_path)
    check_eq "bpic2012 push-down $o: happy path" "$b" "$a"
done
err=$("$CASEFLOW" report --pushdown $seq --outcome resource=112 "$(url bpic2012)" 2>&1)
check_eq "push-down --outcome ATTR=V: exit" 2 "$?"
check_contains "push-down --outcome ATTR=V: why" "needs the events' attributes" "$err"

# ---- --query, key=value connection strings, service files, text output
q=$("$CASEFLOW" report --json "host=$PGHOST dbname=postgres" \
    --query "SELECT * FROM helpdesk WHERE activity <> 'Closed';" | jq .events)
check_eq "--query with a key=value string" \
    "$(psql -XAtc "SELECT count(*) FROM helpdesk WHERE activity <> 'Closed'")" "$q"
printf '[cftest]\nhost=%s\ndbname=postgres\n' "$PGHOST" >"$tmp/pg_service.conf"
out=$(PGSERVICEFILE="$tmp/pg_service.conf" "$CASEFLOW" report service=cftest --table running_example)
check_contains "service= connection" "Cases:          6" "$out"
out=$("$CASEFLOW" report --pushdown "$(url running_example)")
check_contains "push-down text" "not known (they need a full load)" "$out"
check_contains "push-down text counts" "Events:         42" "$out"

# ---- --order-column: a table in shuffled physical order, ties broken by seq
psql -qX -v ON_ERROR_STOP=1 -c "CREATE TABLE shuffled AS
    SELECT cf_seq AS seq, * FROM bpic2012 ORDER BY random()" ||
    fail "shuffled table"
"$CASEFLOW" report --json --pushdown --order-column seq "$(url shuffled)" >"$tmp/push.json"
"$CASEFLOW" report --json "$DATA/bpic2012.csv.gz" >"$tmp/full.json"
diffs=$(jq -rn --slurpfile p "$tmp/push.json" --slurpfile f "$tmp/full.json" \
    -f "$top_srcdir/tests/agg_compare.jq" 2>&1)
check_eq "push-down --order-column on a shuffled table" "" "$(echo "$diffs" | head -5)"
"$CASEFLOW" report --json --order-column seq "$(url shuffled)" | jq -S '.variants' >"$tmp/a"
jq -S '.variants' "$tmp/full.json" >"$tmp/b"
tests_run=$((tests_run + 1))
cmp -s "$tmp/a" "$tmp/b" || fail "read with --order-column: variants differ from the file's"

# ---- typed columns: timestamptz arrives in UTC with +00 and reads the same
psql -qX -v ON_ERROR_STOP=1 -c "CREATE TABLE typed AS SELECT case_id, activity,
    CAST(timestamp AS timestamptz) AS timestamp, resource FROM receipt" || fail "typed table"
a=$("$CASEFLOW" report --json "$(url typed)" | jq -c '[.time_range, .case_duration_s, .variants_count]')
b=$("$CASEFLOW" report --json "$DATA/receipt.csv.gz" | jq -c '[.time_range, .case_duration_s, .variants_count]')
check_eq "timestamptz column" "$b" "$a"

# ---- errors: exit 1 and the server's words
expect_error() { # WHAT NEEDLE ARGS...
    what=$1
    needle=$2
    shift 2
    err=$("$CASEFLOW" report "$@" 2>&1 >/dev/null)
    rc=$?
    check_eq "$what: exit status" 1 "$rc"
    check_contains "$what: message" "$needle" "$err"
}
expect_error "missing table" 'relation "no_such_table" does not exist' "$(url no_such_table)"
expect_error "missing table, push-down" 'relation "no_such_table" does not exist' --pushdown \
    "$(url no_such_table)"
expect_error "bad URL" "bad connection string" "postgresql://[::1/x?table=t"
expect_error "no such database" 'database "nodb" does not exist' \
    "postgresql:///nodb?host=$PGHOST&table=x"
err=$(PGPASSWORD=wrong "$CASEFLOW" report "host=$PGHOST dbname=postgres user=cfpass" \
    --table running_example 2>&1 >/dev/null)
check_eq "wrong password: exit status" 1 "$?"
check_contains "wrong password: message" 'password authentication failed for user "cfpass"' "$err"
out=$(PGPASSWORD=right-one "$CASEFLOW" report "host=$PGHOST dbname=postgres user=cfpass" \
    --table running_example 2>&1)
check_contains "right password from PGPASSWORD" "permission denied for table running_example" "$out"
expect_error "password in the URL" "password in the connection string is refused" \
    "postgresql://cfpass:right-one@/postgres?host=$PGHOST&table=running_example"
expect_error "no table named" "--table T" "host=$PGHOST dbname=postgres"
# A query that fails after rows have streamed: division by zero at the last case.
expect_error "query failing half-way" "division by zero" "host=$PGHOST dbname=postgres" \
    --query "SELECT *, 1 / (CASE WHEN case_id = 'Case 999' AND activity = 'Closed' THEN 0 ELSE 1 END) AS x FROM helpdesk"
expect_error "bad SQL" 'syntax error at or near "FROMM"' "host=$PGHOST dbname=postgres" \
    --query "SELECT * FROMM helpdesk"
# Control characters in the server's words are escaped.
psql -qX -c "CREATE TABLE \"evil$(printf '\033')[31m\" (x int)" >/dev/null
expect_error "escaped server text" 'column "\x1b[31m' "host=$PGHOST dbname=postgres" \
    --query "SELECT \"$(printf '\033')[31m\" FROM running_example"
expect_error "import options apply" 'no column "nope" (--case)' --case nope "$(url running_example)"

# ---- a caseflow stopped while the server works leaves no query behind (the session
# checks for its client every second): its COPY waits on a lock held here, then goes.
pg_lock helpdesk || fail "could not lock the table"
copies() { psql -XAtc "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY (%'"; }
"$CASEFLOW" report --pushdown --case case_id --activity activity --timestamp timestamp \
    "$(url helpdesk)" >/dev/null 2>&1 &
victim=$!
for i in $(seq 50); do [ "$(copies)" = 1 ] && break; sleep 0.1; done
check_eq "a push-down waiting on the server" 1 "$(copies)"
kill -TERM "$victim"
wait "$victim"
for i in $(seq 50); do [ "$(copies)" = 0 ] && break; sleep 0.1; done
check_eq "its query once caseflow is stopped" 0 "$(copies)"
pg_unlock

# ---- the explorer loads through the same path (80x24, in tmux)
if [ $have_screen = yes ]; then
    start_caseflow -- "$(url helpdesk)" --order-column cf_seq
    wait_for "$(commas 4580)/$(commas 4580) cases"
    wait_for "$(commas 21348) events"
    keys 2
    wait_for "variants, sorted by cases"
    keys q
    wait_exit
fi

done_tests
