#!/bin/sh
# report --aggregate on a file worked out by hand: rework, self-loops, the happy path and
# the outcome options come from the variants (the same figures as a full report; the
# database tests check that on real logs).
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_jq
# 6 cases: a>c (3), a>b>b>c (2), a>c>a (1).
AGG="$FIXTURES/aggregate-rework.csv"
j() { "$CASEFLOW" report --json --aggregate "$AGG" "$@"; }

out=$(j | jq -c '[.events, .rework_cases, .self_loop_cases, .needs_full_load, .parallel]')
check_eq "rework (b twice in 2 cases, a in 1), self-loops, what still needs events" \
    '[17,{"b":2,"a":1},2,["rejected"],[]]' "$out"
# start>a 6, a>c 4, c>end 5: the route's narrowest step is a>c.
check_eq "happy path" \
    '{"rule":"most_frequent_variant","variant":{"activities":["a","c"],"cases":3,"share":0.5},"dfg_path":{"activities":["a","c"],"bottleneck":4}}' \
    "$(j | jq -c .happy_path)"
# Ending with c: a>c (3) and a>b>b>c (2); the route's steps over those 5 cases.
check_eq "--outcome-last: happy path over the winning variants" \
    '{"rule":"most_frequent_successful_variant","variant":{"activities":["a","c"],"cases":3,"share":0.6},"dfg_path":{"activities":["a","c"],"bottleneck":3}}' \
    "$(j --outcome-last c | jq -c .happy_path)"
check_eq "--outcome-activity: the only winning variant" \
    '{"rule":"most_frequent_successful_variant","variant":{"activities":["a","b","b","c"],"cases":2,"share":1},"dfg_path":{"activities":["a","b","c"],"bottleneck":2}}' \
    "$(j --outcome-activity b --versus c | jq -c .happy_path)"
check_contains "text names the winning segment" "most frequent successful variant (2 cases, 100.0% of b)" \
    "$("$CASEFLOW" report --aggregate "$AGG" --outcome-activity b)"
check_contains "text: what needs a full load" "Rejected rows:  not known (they need a full load)" \
    "$("$CASEFLOW" report --aggregate "$AGG")"

err=$("$CASEFLOW" report --aggregate "$AGG" --outcome outcome=won 2>&1)
check_eq "--outcome ATTR=V refused: exit" 2 "$?"
check_contains "--outcome ATTR=V refused: why" "needs the events' attributes" "$err"
err=$("$CASEFLOW" report --aggregate "$AGG" --outcome-activity nope 2>&1)
check_eq "unknown activity: exit" 2 "$?"
check_contains "unknown activity: message" 'no activity named "nope"' "$err"
err=$("$CASEFLOW" report --aggregate "$AGG" --outcome-activity a --outcome-last c 2>&1)
check_eq "two outcome kinds: exit" 2 "$?"
done_tests
