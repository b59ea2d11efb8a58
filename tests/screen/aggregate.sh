#!/bin/sh
# Screen test: the explorer on an aggregate file (--aggregate, no server needed) at 80x24:
# Map, Variants and Stages show the aggregate's figures, the other views say they need
# every event, and filters and L say why they cannot run on a file's aggregate.
# The fixture tests/data/aggregate-small.csv is worked out by hand: 3 cases, 8 events;
# 2 cases register > check > decide (durations 3h and 5h: median 4h), 1 case
# register > decide (1h); register > check took 1h and 2h, check > decide 2h and 3h.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"

AGG="$FIXTURES/aggregate-small.csv"
start_caseflow -- --aggregate "$AGG"
wait_for "aggregate: 3 cases"
wait_for "8 events"
# Map: register is in all 3 cases, check in 2, decide in 3; 2 cases go register -> check.
wait_for "register 3"
wait_for "check 2"
wait_for "decide 3"
check_contains "map: the start arrow carries 3 cases" "start━3━" "$(screen)"

keys 2
wait_for "2 variants with their cases and durations"
row=$(screen | grep 'register > check > decide')
check_contains "variant 1: 2 of 3 cases" "2  66.7%" "$row"
check_contains "variant 1: median of 3h and 5h" "4h 0m" "$row"
row=$(screen | grep 'register > decide')
check_contains "variant 2: 1 case of 1h" "1  33.3%    1h 0m" "$row"
keys Enter
wait_for "filtering to a variant needs every event"

keys 4
wait_for "Activities from the aggregate"
# register stays 1h30m on average before check (2 cases) and 1h before decide (1 case):
# (2 x 1h30m + 1h) / 3 = 1h20m; the longest stay is 2h.
row=$(screen | grep '^register')
check_contains "stages: register's mean stay" "1h 20m" "$row"
check_contains "stages: register's longest stay" "2h 0m" "$row"
check_contains "stages: case durations 1h, 3h, 5h" "median 3h 0m, mean 3h 0m" "$(screen)"
keys t
wait_for "Transitions from the aggregate"
row=$(screen | grep '^check > decide')
check_contains "stages: check > decide median of 2h and 3h" "2h 30m" "$row"

for v in "3 Cases" "5 Rework" "6 Dead ends" "8 Compare" "9 Conformance" "0 Stats" "O Outlook"; do
    keys "${v%% *}"
    wait_for "${v#* } needs every event."
done
wait_for "It was read from a file (--aggregate)"
check_contains "the panel names its context" "Needs events" "$(line 0)"
keys L
wait_for "the aggregate came from a file: open the event log itself"
keys /
wait_for "filters need every event: open the event log itself"
# A filter command is refused too (it used to filter the stand-in log, and u was refused).
keys :
type_text "grep decide"
keys Enter
wait_for "filters need every event: open the event log itself"
keys u
wait_for "filters need every event: open the event log itself"
keys 2
wait_for "3 cases"
keys 7
keys :
type_text "find explorer on a push-down"
keys Enter
wait_for "explorer on a push-down (--pushdown): load every event"
keys q
keys q
wait_exit

# A bad aggregate file: the explorer does not start and says why.
start_caseflow -- --aggregate "$FIXTURES/running-example.playbook"
wait_for "caseflow exited"
check_eq "bad aggregate: exit status" 1 "$(cat "$WORK/status")"
check_contains "bad aggregate: message" "not the output of caseflow's aggregation query" \
    "$(cat "$WORK/stderr")"

# Filters with an aggregate file: nothing to filter (exit 2, the reason said).
start_caseflow -- --aggregate "$AGG" --where region=EU
wait_for "caseflow exited"
check_eq "filters on an aggregate file: exit status" 2 "$(cat "$WORK/status")"
check_contains "filters on an aggregate file: message" "an aggregate file has none" \
    "$(cat "$WORK/stderr")"

# Outcome options need the events too.
start_caseflow -- --aggregate "$AGG" --outcome-last decide
wait_for "caseflow exited"
check_eq "outcome on an aggregate: exit status" 2 "$(cat "$WORK/status")"
check_contains "outcome on an aggregate: message" "outcome options need every event" \
    "$(cat "$WORK/stderr")"
done_tests
