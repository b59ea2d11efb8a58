#!/bin/sh
# Screen test with a throwaway PostgreSQL server: the explorer on a push-down
# (URL --pushdown) at 80x24 shows the aggregate of the cases the pushed filters keep
# (the same cases as caseflow's own filters on the file), the needs-the-events panel
# names what was pushed and what waits, and L loads the events with the filters in
# the query's WHERE; the views then agree with the explorer on the file. Esc cancels a
# wait on the database (a typed filter, L, the launch), on the server too.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
. "$top_srcdir/tests/pg_lib.sh"
need_jq
pg_start
trap 'screen_cleanup; pg_stop' EXIT
F="$FIXTURES/running-example.csv.gz"
pg_load_csv running_example "$F" >"$WORK/load.log" 2>&1 || fail "load: $(cat "$WORK/load.log")"
URL="postgresql:///postgres?host=$PGHOST&table=running_example"

# cases_of FILTER...: the cases and events caseflow's own filters keep in the file.
cases_of() { "$CASEFLOW" report --json "$@" "$F" | jq -r '"\(.cases) \(.events)"'; }

# ---- the filters that translate: the aggregate holds the same cases as the file's filters
for spec in "--where Resource=Pete" "--where Resource=Pete --invert" "--where Resource!=Sara" \
    "--from 2011-01-08" "--to 2011-01-05" "--from 2011-01-06 --to 2011-01-16 --range contained"; do
    set -- $spec
    read -r n ev <<EOT
$(cases_of "$@")
EOT
    start_caseflow -- "$URL" --pushdown --order-column cf_seq "$@"
    wait_for "Map"
    keys 2 # the Map's first message gives way to the counts
    wait_for "aggregate: $n cases │ $ev events │ pushed" || continue
    keys q
    wait_exit
done

# ---- report --pushdown pushes them too: the same figures as the file's filtered report
for spec in "--where Resource=Pete" "--from 2011-01-06 --to 2011-01-16 --range contained"; do
    set -- $spec
    "$CASEFLOW" report --json --pushdown --order-column cf_seq "$@" "$URL" >"$WORK/push.json" ||
        fail "report --pushdown $spec failed"
    "$CASEFLOW" report --json "$@" "$F" >"$WORK/full.json"
    diffs=$(jq -rn --slurpfile p "$WORK/push.json" --slurpfile f "$WORK/full.json" \
        -f "$top_srcdir/tests/agg_compare.jq" 2>&1)
    check_eq "report --pushdown $spec agrees with the file's" "" "$(echo "$diffs" | head -5)"
done
err=$("$CASEFLOW" report --pushdown --where Resource=Pete --grep reject "$URL" 2>&1 >/dev/null)
check_eq "report --pushdown with a regex filter: exit status" 2 "$?"
check_contains "report --pushdown with a regex filter: message" "grep=reject: no SQL for them" "$err"

# ---- a filter that does not translate waits for the full load
read -r n ev <<EOT
$(cases_of --where Resource=Pete)
EOT
read -r m mev <<EOT
$(cases_of --where Resource=Pete --grep reject)
EOT
start_caseflow -- "$URL" --pushdown --order-column cf_seq --where Resource=Pete --grep reject
wait_for "Map"
keys 3
wait_for "aggregate: $n cases │ $ev events │ pushed 1 filter"
wait_for "Cases needs every event."
wait_for "L loads every event from the database"
wait_for "Pushed into its WHERE clause: where=Resource=Pete"
wait_for "Applied after loading (no SQL for them): grep=reject"
keys a
wait_for "this filter needs every event: L loads them"
keys L
wait_for "loaded $ev events of $n cases (in the query: where=Resource=Pete)"
keys 2
wait_for "$m/$n cases │ $mev events"
keys F
wait_for "grep=reject"
keys q
keys 2
wait_for "variants, sorted by cases"
screen | sed '$d' | sed '$d' >"$WORK/db.variants"
keys 3
wait_for "cases, sorted by start"
screen | sed '$d' | sed '$d' >"$WORK/db.cases"
keys q
wait_exit

# The same views on the file with the same filters (below).

# ---- filters typed in the explorer go into the query too; u and U take them back at once
variants_of() { "$CASEFLOW" report --json "$@" "$F" | jq -r .variants_count; }
read -r p1 pe1 <<EOT
$(cases_of --where Resource=Pete)
EOT
read -r p2 pe2 <<EOT
$(cases_of --where Resource=Pete --from 2011-01-08)
EOT
v2=$(variants_of --where Resource=Pete --from 2011-01-08)
[ "$p1" != "$p2" ] || fail "the second filter should keep fewer cases ($p1)"
start_caseflow -- "$URL" --pushdown --order-column cf_seq
wait_for "Map"
keys :
type_text "where Resource=Pete"
keys Enter
wait_for "pushed where=Resource=Pete: $p1 cases (u undoes it)"
keys :
type_text "from 2011-01-08"
keys Enter
wait_for "pushed from=2011-01-08: $p2 cases (u undoes it)"
keys 2
wait_for "aggregate: $p2 cases │ $pe2 events │ pushed 2 filters"
wait_for "$v2 variants with their cases and durations"
keys :
type_text "grep reject"
keys Enter
wait_for "grep=reject: no SQL for it"
keys 2
wait_for "aggregate: $p2 cases │ $pe2 events │ pushed 2 filters"
keys u
wait_for "undid from=2011-01-08 (the aggregate before it)"
keys 2
wait_for "aggregate: $p1 cases │ $pe1 events │ pushed 1 filter "
keys :
type_text "from 2011-01-08"
keys Enter
wait_for "pushed from=2011-01-08: $p2 cases"
keys U
wait_for "undid from=2011-01-08, where=Resource=Pete"
keys 2
wait_for "aggregate: 6 cases │"
tests_run=$((tests_run + 1))
screen | grep -qF "pushed" && fail "U left a pushed filter: $(screen)"
keys u
wait_for "no filter to undo"
# L loads the events with the typed filters in the query.
keys :
type_text "where Resource=Pete"
keys Enter
wait_for "pushed where=Resource=Pete: $p1 cases"
keys L
wait_for "loaded $pe1 events of $p1 cases (in the query: where=Resource=Pete)"
keys q
wait_exit

# The same views on the file with the same filters.
start_caseflow -- "$F" --where Resource=Pete --grep reject
wait_for "Map"
keys 2
wait_for "$m/6 cases"
wait_for "variants, sorted by cases"
screen | sed '$d' | sed '$d' >"$WORK/file.variants"
keys 3
wait_for "cases, sorted by start"
screen | sed '$d' | sed '$d' >"$WORK/file.cases"
keys q
wait_exit
# ---- Esc cancels a wait on the database, on the server too. A lock held by another
# session keeps caseflow's query waiting for as long as the test wants.
# waiting_copies N: wait (5 s at most) until N of caseflow's COPY queries are on the server.
waiting_copies() {
    for _i in $(seq 50); do
        _n=$(psql -XAtc "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY (%'
            AND pid <> pg_backend_pid()")
        [ "$_n" = "$1" ] && break
        sleep 0.1
    done
    check_eq "$2: caseflow's queries on the server" "$1" "$_n"
}
start_caseflow -- "$URL" --pushdown --order-column cf_seq
wait_for "Map"
pg_lock running_example || fail "could not lock the table"
keys :
type_text "where Resource=Pete"
keys Enter
wait_for "pushing where=Resource=Pete into the query (Esc cancels)..."
waiting_copies 1 "a pushed filter waiting"
keys Escape
wait_for "cancelled: where=Resource=Pete is not pushed"
waiting_copies 0 "after Esc"
keys 2
wait_for "aggregate: 6 cases │"
tests_run=$((tests_run + 1))
screen | grep -qF "pushed 1" && fail "a cancelled filter shows as pushed: $(screen)"
keys L
wait_for "loading every event from the database (Esc cancels)..."
waiting_copies 1 "L waiting"
keys Escape
wait_for "cancelled: the explorer stays on the aggregate"
waiting_copies 0 "after Esc on L"
pg_unlock
keys :
type_text "where Resource=Pete"
keys Enter
wait_for "pushed where=Resource=Pete: $p1 cases (u undoes it)"
keys q
wait_exit
# At launch: the explorer ends, saying why.
pg_lock running_example || fail "could not lock the table"
start_caseflow -- "$URL" --pushdown --order-column cf_seq
wait_for "the database is working: Esc cancels its query"
waiting_copies 1 "launch waiting"
keys Escape
wait_for "caseflow exited"
check_eq "cancelled launch: exit status" 1 "$(cat "$WORK/status")"
check_contains "cancelled launch: message" "cancelled (the server's query too)" "$(cat "$WORK/stderr")"
waiting_copies 0 "after Esc at launch"
pg_unlock

tests_run=$((tests_run + 1))
cmp -s "$WORK/db.variants" "$WORK/file.variants" ||
    fail "Variants after L differ from the file's: $(diff "$WORK/db.variants" "$WORK/file.variants")"
tests_run=$((tests_run + 1))
cmp -s "$WORK/db.cases" "$WORK/file.cases" ||
    fail "Cases after L differ from the file's: $(diff "$WORK/db.cases" "$WORK/file.cases")"
done_tests
