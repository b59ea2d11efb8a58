#!/bin/sh
# Every real log of ../shared/data loads with exactly the cases, events and activities
# its README states and no rejected row; the running example's report matches its
# golden file, whose figures were checked by hand against the CSV.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_data
need_jq

# The README's table (name cases events activities), copied here as an independent source.
readme_table='running-example 6 42 8
roadtraffic50 51 201 8
roadtraffic100 100 390 10
roadtraffic-1t 231 1891 11
bpic2013-open 819 2351 3
bpic2013-closed 1487 6660 4
receipt 1434 8577 27
billing-1t 1020 12506 18
sepsis 1050 15214 16
helpdesk 4580 21348 14
bpic2020-permit-1t 1478 26028 51
bpic2015-m1 1199 52217 398
bpic2013-incidents 7554 65533 4
bpic2011-hospital 1143 150291 624
bpic2012 13087 262200 24
bpic2019-1t 11973 338247 42'

if [ ! -f "$DATA/running-example.csv.gz" ]; then
    echo "real logs not found in $DATA"
    exit 99
fi

# Each table row loads with its figures; each log in the folder is in the table.
while read -r name cases events acts; do
    got=$("$CASEFLOW" report --json "$DATA/$name.csv.gz" |
        jq -c '[.cases, .events, .activities, .rows, ([.rejected[]] | add)]')
    check_eq "$name: cases, events, activities, rows, rejected" \
        "[$cases,$events,$acts,$events,0]" "$got"
done <<EOF
$readme_table
EOF
check_eq "CSV logs in $DATA" 16 "$(ls "$DATA"/*.csv.gz | wc -l)"
for f in "$DATA"/*.csv.gz; do
    name=$(basename "$f" .csv.gz)
    case "
$readme_table" in
    *"
$name "*) ;;
    *) fail "$name is not in the README table" ;;
    esac
done

# Outcome activities the README lists for BPIC 2012.
check_eq "bpic2012: A_APPROVED, A_DECLINED, A_CANCELLED" '[2246,7635,2807]' \
    "$("$CASEFLOW" report --json "$DATA/bpic2012.csv.gz" |
        jq -c '[.activity_counts.A_APPROVED, .activity_counts.A_DECLINED, .activity_counts.A_CANCELLED]')"
# Activity joined with the lifecycle transition, against a count straight from the CSV.
want=$(gzip -dc "$DATA/bpic2012.csv.gz" |
    awk -F, 'NR > 1 { k[$2 "+" $5]++ } END { print length(k) "," k["W_Completeren aanvraag+COMPLETE"] }')
check_eq "bpic2012 --activity activity,lifecycle_transition" "[$want]" \
    "$("$CASEFLOW" report --json --activity activity,lifecycle_transition "$DATA/bpic2012.csv.gz" |
        jq -c '[.activities, .activity_counts["W_Completeren aanvraag+COMPLETE"]]')"
# bpic2019-1t goes back to 1948.
check_eq "bpic2019-1t: first event" '"1948-01-26T22:59:00Z"' \
    "$("$CASEFLOW" report --json "$DATA/bpic2019-1t.csv.gz" | jq -c .time_range.first)"

# The running example: golden report (deterministic; run from the data folder so
# that "log" is the bare file name), also through stdin, gzip and plain.
golden="$top_srcdir/tests/golden/running-example.json"
out=$(cd "$DATA" && "$CASEFLOW" report --json running-example.csv.gz)
check_eq "running-example: report --json differs from tests/golden/running-example.json" "" \
    "$(printf '%s\n' "$out" | diff -u "$golden" - | head -60)"
strip_log='del(.log)'
want=$(printf '%s\n' "$out" | jq -c "$strip_log")
check_eq "running-example from stdin (gzip)" "$want" \
    "$("$CASEFLOW" report --json - < "$DATA/running-example.csv.gz" | jq -c "$strip_log")"
check_eq "running-example from stdin (plain)" "$want" \
    "$(gzip -dc "$DATA/running-example.csv.gz" | "$CASEFLOW" report --json - | jq -c "$strip_log")"
# Figures of the golden file worked out by hand from the CSV.
check_eq "running-example: activities" 8 "$(jq .activities "$golden")"
check_eq "running-example: check ticket, decide events" '[9,9]' \
    "$(jq -c '[.activity_counts["check ticket"], .activity_counts.decide]' "$golden")"
# Case 3 is the only one with nine events: its path, read off the CSV.
check_eq "running-example: case 3's variant" 1 \
    "$(jq '.variants[] | select(.activities == ["register request", "examine casually",
        "check ticket", "decide", "reinitiate request", "examine thoroughly", "check ticket",
        "decide", "pay compensation"]) | .cases' "$golden")"
# register -> examine casually in cases 3 (34 min), 6 (64 min), 5 (25 h 14 min).
check_eq "running-example: register request -> examine casually" \
    '{"count":3,"cases":3,"mean_s":32240,"median_s":3840,"min_s":2040,"max_s":90840}' \
    "$(jq -c '.dfg[] | select(.from == "register request" and .to == "examine casually")
        | del(.from, .to)' "$golden")"
# decide -> reinitiate request: case 3 (3 h), case 5 twice (26 h 50 min, 25 h 30 min).
check_eq "running-example: decide -> reinitiate request" '[3,2,91800]' \
    "$(jq -c '.dfg[] | select(.from == "decide" and .to == "reinitiate request")
        | [.count, .cases, .median_s]' "$golden")"
# Shortest case 4 (6 d 0 h 42 min), longest case 5 (18 d 5 h 54 min), median of
# cases 2 and 6 (9 d 0 h 33 min and 9 d 20 h 45 min).
check_eq "running-example: case durations" \
    '{"min":520920,"median":815940,"mean":966890,"max":1576440}' \
    "$(jq -c .case_duration_s "$golden")"
done_tests
