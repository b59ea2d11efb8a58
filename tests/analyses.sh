#!/bin/sh
# The analyses and filters on real logs: rework agrees with report, probabilities and
# funnels add up, stage counts match event counts, filters select what the data says.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_data
need_jq

for f in sepsis bpic2012 helpdesk; do
    [ -f "$DATA/$f.csv.gz" ] || { echo "missing $DATA/$f.csv.gz"; exit 99; }
done
S="$DATA/sepsis.csv.gz"
B="$DATA/bpic2012.csv.gz"
H="$DATA/helpdesk.csv.gz"
cf() { "$CASEFLOW" "$@"; }
# Big JSON documents go through files: command-line arguments have a size limit.
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT

# ---------------------------------------------------------------- rework
for log in "$S" "$B" "$H"; do
    name=$(basename "$log" .csv.gz)
    rep=$(cf report --json "$log")
    rw=$(cf rework --json "$log")
    check_eq "$name: rework cases_repeated = report rework_cases" \
        "$(printf '%s' "$rep" | jq -c '.rework_cases | to_entries | sort_by(.key) | from_entries')" \
        "$(printf '%s' "$rw" | jq -c '[.activities[] | {key: .activity, value: .cases_repeated}] |
                                       sort_by(.key) | from_entries')"
    # Every recurrence closes one loop: loop occurrences add up to the extra occurrences.
    check_eq "$name: loop occurrences = extra occurrences" \
        "$(printf '%s' "$rw" | jq '[.activities[].extra_occurrences] | add // 0')" \
        "$(printf '%s' "$rw" | jq '[.loops[].occurrences] | add // 0')"
    # A case with a repeat has a self-loop or a redo of it, and at most both.
    check_eq "$name: repeated <= self-loop + redo, each <= repeated" "true" \
        "$(printf '%s' "$rw" | jq '[.activities[] | .cases_repeated <= .self_loop_cases + .redo_cases
                                   and .self_loop_cases <= .cases_repeated
                                   and .redo_cases <= .cases_repeated] | all')"
    # Self-loops per activity never exceed report's count of cases with any self-loop.
    printf '%s' "$rep" > "$T/rep.json"
    check_eq "$name: self-loop cases bounded" "true" \
        "$(printf '%s' "$rw" | jq --slurpfile r "$T/rep.json" \
            '[.activities[].self_loop_cases] | all(. <= $r[0].self_loop_cases)')"
done
# With the order given, regressions go back in it and skips list what lies between.
rw=$(cf rework --json --stages 'ER Registration,ER Triage,ER Sepsis Triage,Release A' "$S")
check_eq "sepsis: given stage order" "false" "$(printf '%s' "$rw" | jq '.stages_inferred')"
check_eq "sepsis: skips over ER Triage/ER Sepsis Triage" "true" \
    "$(printf '%s' "$rw" | jq '[.skips[] | select(.from == "ER Registration" and .to == "Release A")
                               | .skipped == ["ER Triage", "ER Sepsis Triage"]] | all')"
check_eq "sepsis: regressions go back" "true" \
    "$(printf '%s' "$rw" | jq '(.stage_order | map({(.activity): .rank}) | add) as $r |
                              [.regressions[] | $r[.to] < $r[.from]] | all')"

# ---------------------------------------------------------------- transitions
for log in "$S" "$B" "$H"; do
    name=$(basename "$log" .csv.gz)
    tr=$(cf transitions --json "$log")
    check_eq "$name: probabilities sum to 1 per source" "true" \
        "$(printf '%s' "$tr" | jq '[.transitions | group_by(.from)[] |
                                   ([.[].probability] | add) - 1 | fabs < 1e-9] | all')"
    check_eq "$name: (start) transitions = cases" "$(printf '%s' "$tr" | jq .cases)" \
        "$(printf '%s' "$tr" | jq '[.transitions[] | select(.from == "(start)") | .count] | add')"
    check_eq "$name: (end) transitions = cases" "$(printf '%s' "$tr" | jq .cases)" \
        "$(printf '%s' "$tr" | jq '[.transitions[] | select(.to == "(end)") | .count] | add')"
done

# ---------------------------------------------------------------- funnel
fn=$(cf funnel --json --stages 'A_SUBMITTED,A_PARTLYSUBMITTED,A_PREACCEPTED,A_ACCEPTED,A_FINALIZED,A_APPROVED' "$B")
check_eq "bpic2012 funnel: counts non-increasing" "true" \
    "$(printf '%s' "$fn" | jq '[.funnel | range(1; length) as $i | .[$i].cases_reached <= .[$i-1].cases_reached] | all')"
check_eq "bpic2012 funnel: every case is submitted" "13087" "$(printf '%s' "$fn" | jq '.funnel[0].cases_reached')"
check_eq "bpic2012 funnel: approved at most 2246" "true" "$(printf '%s' "$fn" | jq '.funnel[5].cases_reached <= 2246')"
check_eq "bpic2012 funnel: conversion = reached / previous" "true" \
    "$(printf '%s' "$fn" | jq '[.funnel | range(1; length) as $i |
        (.[$i].conversion - .[$i].cases_reached / .[$i-1].cases_reached) | fabs < 1e-12] | all')"
# Reaching a single stage = the cases containing it (report's variants know).
check_eq "bpic2012 funnel: A_DECLINED alone = 7635 cases" "7635" \
    "$(cf funnel --json --stages A_DECLINED "$B" | jq '.funnel[0].cases_reached')"
fn=$(cf funnel --json --stages 'Assign seriousness,Take in charge ticket,Resolve ticket,Closed' "$H")
check_eq "helpdesk funnel: counts non-increasing" "true" \
    "$(printf '%s' "$fn" | jq '[.funnel | range(1; length) as $i | .[$i].cases_reached <= .[$i-1].cases_reached] | all')"

# ---------------------------------------------------------------- stages
for log in "$S" "$B" "$H"; do
    name=$(basename "$log" .csv.gz)
    rep=$(cf report --json "$log")
    st=$(cf stages --json "$log")
    # n per activity = its events minus the cases it ends (the non-final events).
    check_eq "$name: stage n = non-final events" \
        "$(printf '%s' "$rep" | jq -c '. as $r | [.activity_counts | to_entries[] |
              {key, value: (.value - ($r.end_activities[.key] // 0))} | select(.value > 0)] |
              sort_by(.key) | from_entries')" \
        "$(printf '%s' "$st" | jq -c '[.stages[] | {key: .activity, value: .n}] | sort_by(.key) | from_entries')"
    check_eq "$name: histograms count n" "true" \
        "$(printf '%s' "$st" | jq '[.stages[], .case_duration | ([.histogram[].count] | add) == .n] | all')"
    check_eq "$name: quantiles ordered" "true" \
        "$(printf '%s' "$st" | jq '[.stages[], .case_duration |
              .min_s <= .p10_s and .p10_s <= .p25_s and .p25_s <= .median_s and
              .median_s <= .p75_s and .p75_s <= .p90_s and .p90_s <= .max_s] | all')"
    check_eq "$name: case duration median = report's" \
        "$(printf '%s' "$rep" | jq '.case_duration_s.median')" \
        "$(printf '%s' "$st" | jq '.case_duration.median_s')"
done

# ---------------------------------------------------------------- dead ends
de=$(cf deadends --json --end 'Release A,Release B,Release C,Release D,Release E,Return ER' "$S")
check_eq "sepsis deadends: given ends" "false" "$(printf '%s' "$de" | jq .accepted_ends_inferred)"
check_eq "sepsis deadends: open + ended in accepted = cases" "1050" \
    "$(printf '%s' "$de" | jq '.open_cases.count + ([.activities[] | select(.accepted_end) | .cases_ended] | add)')"
check_eq "sepsis deadends: open by last activity adds up" "true" \
    "$(printf '%s' "$de" | jq '([.open_cases.by_last_activity[].cases] | add) == .open_cases.count')"
check_eq "sepsis deadends: reached = report's activity cases (ER Triage)" "1050" \
    "$(printf '%s' "$de" | jq '.activities[] | select(.activity == "ER Triage") | .cases_reached')"
de=$(cf deadends --json "$H")
check_eq "helpdesk deadends: Closed is inferred as accepted" '["Closed"]' \
    "$(printf '%s' "$de" | jq -c .accepted_ends)"
check_eq "helpdesk deadends: open = cases not ending in Closed" \
    "$((4580 - $(cf report --json "$H" | jq '.end_activities.Closed')))" \
    "$(printf '%s' "$de" | jq .open_cases.count)"
check_contains "deadends --help states the rule" "at least 90% of the cases reaching them" \
    "$(cf deadends --help)"

# ---------------------------------------------------------------- report additions
cf report --json "$B" > "$T/repB.json"
rep=$(cat "$T/repB.json")
check_eq "bpic2012: happy path variant = top variant" \
    "$(printf '%s' "$rep" | jq -c '.variants[0]')" \
    "$(printf '%s' "$rep" | jq -c '.happy_path.variant | {activities, cases}')"
check_eq "bpic2012: heaviest route starts with a start activity" "true" \
    "$(printf '%s' "$rep" | jq '.start_activities[.happy_path.dfg_path.activities[0]] >= .happy_path.dfg_path.bottleneck')"
check_eq "bpic2012: parallel pairs seen both ways, dependency near 0" "true" \
    "$(printf '%s' "$rep" | jq '([.parallel[] | .a_then_b > 0 and .b_then_a > 0 and
                                 .a_then_b >= .b_then_a and .dependency <= 0.2] | all) and
                                (.parallel | length > 0)')"

# ---------------------------------------------------------------- filters
cases() { cf report --json "$@" | jq .cases; }
check_eq "grep ^A_SUBMITTED selects every case" 13087 "$(cases --grep '^A_SUBMITTED' "$B")"
check_eq "grep A_APPROVED" 2246 "$(cases --grep 'A_APPROVED' "$B")"
check_eq "grep A_DECLINED" 7635 "$(cases --grep 'A_DECLINED' "$B")"
check_eq "grep A_CANCELLED" 2807 "$(cases --grep 'A_CANCELLED' "$B")"
check_eq "grep A_APPROVED --invert" 10841 "$(cases --grep 'A_APPROVED' --invert "$B")"
check_eq "grep path with separators" "$(jq < "$T/repB.json" '[.variants[] |
        select(.activities[:3] == ["A_SUBMITTED","A_PARTLYSUBMITTED","A_DECLINED"]) | .cases] | add')" \
    "$(cases --grep '^A_SUBMITTED > A_PARTLYSUBMITTED > A_DECLINED( > |$)' "$B")"
check_eq "two filters AND" 0 "$(cases --grep A_APPROVED --grep A_DECLINED "$B")"
check_eq "follows = contains (every case starts with A_SUBMITTED)" 7635 \
    "$(cases --follows A_SUBMITTED,A_DECLINED "$B")"
check_eq "ends-with = report's end count" \
    "$(jq '.end_activities.A_DECLINED' "$T/repB.json")" "$(cases --ends-with A_DECLINED "$B")"
check_eq "starts-with" 13087 "$(cases --starts-with A_SUBMITTED "$B")"
check_eq "variant 1 = top variant" "$(jq '.variants[0].cases' "$T/repB.json")" \
    "$(cases --variant 1 "$B")"
check_eq "min-duration and its inverse add up" 13087 \
    "$(( $(cases --min-duration 5d "$B") + $(cases --min-duration 5d --invert "$B") ))"
check_eq "case-grep = ids counted in the file" \
    "$(gzip -dc "$B" | awk -F, 'NR > 1 && $1 ~ /^1750/ { c[$1] = 1 } END { print length(c) }')" \
    "$(cases --case-grep '^1750' "$B")"
check_eq "where ATTR=VALUE = cases counted in the file" \
    "$(gzip -dc "$B" | awk -F, 'NR > 1 && $5 == "SCHEDULE" { c[$1] = 1 } END { print length(c) }')" \
    "$(cases --where lifecycle_transition=SCHEDULE "$B")"
check_eq "where ATTR~REGEX = cases counted in the file" \
    "$(gzip -dc "$S" | awk -F, 'NR > 1 && $6 ~ /^[AB]$/ { c[$1] = 1 } END { print length(c) }')" \
    "$(cases --where 'org_group~^[AB]$' "$S")"
check_eq "where resource=VALUE = cases counted in the file" \
    "$(gzip -dc "$B" | awk -F, 'NR > 1 && $4 == "11169" { c[$1] = 1 } END { print length(c) }')" \
    "$(cases --where resource=11169 "$B")"
# The log runs from 2011-09-30T22:38:44.546Z to 2012-03-14T15:04:54.681Z.
all=$(cases --from 2011-09-30T22:38:44.546Z --to 2012-03-14 --range contained "$B")
check_eq "a range covering the log contains every case" 13087 "$all"
check_eq "a millisecond later, the first case is not contained" 13086 \
    "$(cases --from 2011-09-30T22:38:44.547Z --to 2012-03-14 --range contained "$B")"
check_eq "... but still intersects" 13087 "$(cases --from 2011-09-30T22:38:44.547Z "$B")"
con=$(cases --from 2011-11-01 --to 2011-11-30 --range contained "$B")
int=$(cases --from 2011-11-01 --to 2011-11-30 "$B")
check_eq "contained <= intersecting, both > 0" "true" \
    "$([ "$con" -gt 0 ] && [ "$con" -le "$int" ] && echo true)"
check_eq "a range and its inverse add up" 13087 \
    "$(( int + $(cases --from 2011-11-01 --to 2011-11-30 --invert "$B") ))"
# The analyses honour the filters: rework over the approved cases only.
check_eq "rework over a selection" 2246 "$(cf rework --json --grep A_APPROVED "$B" | jq .cases)"

# ---------------------------------------------------------------- errors
out=$(cf report --grep 'A_(APPROVED' "$B" 2>&1); rc=$?
check_eq "invalid regex exits 2" 2 "$rc"
check_contains "invalid regex message" "--grep: missing closing parenthesis at offset 11" "$out"
out=$(cf report --where 'colour=red' "$S" 2>&1); rc=$?
check_eq "unknown attribute exits 2" 2 "$rc"
check_contains "unknown attribute lists the available ones" "available: resource, InfectionSuspected, org_group" "$out"
out=$(cf report --from 2011-13-01 "$B" 2>&1); rc=$?
check_eq "bad date exits 2" 2 "$rc"
check_contains "bad date message" "--from: bad date '2011-13-01'" "$out"
out=$(cf funnel --stages 'A_SUBMITTED,Nope' "$B" 2>&1); rc=$?
check_eq "unknown stage exits 2" 2 "$rc"
check_contains "unknown stage message" "--stages: no activity 'Nope' in the log" "$out"
out=$(cf funnel "$B" 2>&1); rc=$?
check_eq "funnel without --stages exits 2" 2 "$rc"
out=$(cf report --range contained "$B" 2>&1); rc=$?
check_eq "--range alone exits 2" 2 "$rc"

# ---------------------------------------------------------------- text output
for c in rework deadends stages transitions "funnel --stages Lead,Qualified"; do
    set -- $c
    out=$(cf "$@" --help) || fail "$1 --help"
    check_contains "$1 --help" "Usage: caseflow $1" "$out"
done
out=$(cf stages --ascii --only 'Resolve ticket' "$H")
check_contains "stages --ascii draws '#'" "###" "$out"
check_eq "stages --ascii has no block characters" "" "$(printf '%s' "$out" | grep '█')"
out=$(LC_ALL=C.UTF-8 cf stages --only 'Resolve ticket' "$H")
check_contains "stages in a UTF-8 locale draws blocks" "█" "$out"
out=$(cf rework --width 80 "$S"; cf deadends --width 80 "$S"; cf stages --width 80 "$S"
      cf transitions --width 80 "$S"
      cf funnel --width 80 --stages 'ER Registration,ER Triage,Release A' "$S")
check_eq "text output fits 80 columns" "true" \
    "$([ "$(printf '%s\n' "$out" | grep -v "$DATA" | LC_ALL=C.UTF-8 wc -L)" -le 80 ] && echo true)"

done_tests
