#!/bin/sh
# Screen test: the Map view fits the window (the sample's ten activities at 80x24), z cycles
# the layouts, . re-centres, g / :goto finds an activity, i opens the detail pane with the
# figures the commands print, :export writes the pane or the drawn map's edges.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"

SAMPLE="$top_srcdir/samples/sales.csv"
# The figures the panes must show, from the command line (not written down here).
"$CASEFLOW" stats --format csv "$SAMPLE" >"$WORK/stats.csv" || fail "caseflow stats"
"$CASEFLOW" stages "$SAMPLE" >"$WORK/stages.txt" || fail "caseflow stages"
"$CASEFLOW" map --format csv --activities 100 --paths 100 "$SAMPLE" >"$WORK/edges.csv" ||
    fail "caseflow map"
n_acts=$(($(wc -l <"$WORK/stats.csv") - 1))
check_eq "the sample has ten activities" 10 "$n_acts"

start_caseflow -- "$SAMPLE"
wait_for "3,000/3,000 cases"
# Every activity of the sample on the first screen, by its full name, and the fit says so.
wait_for "fit: 10 of 10 activities"
tail -n +2 "$WORK/stats.csv" | cut -d, -f1 | while IFS= read -r act; do
    printf '%s\n' "$act"
done >"$WORK/acts"
while IFS= read -r act; do
    check_contains "80x24: $act on the map" "$act" "$(screen)"
done <"$WORK/acts"
check_eq "80x24: rows" 24 "$(screen | wc -l)"

# z cycles fit, normal, compact, overview and back, saying which.
keys z
wait_for "map: normal style"
wait_for "normal: 10/10 activities"
keys z
wait_for "map: compact style"
wait_for "compact: 10/10 activities"
keys z
wait_for "map: overview style"
wait_for "overview: 10/10 activities"
keys z
wait_for "map: fit to the window"
keys Escape # a key clears the message: the status line tells the fit again
wait_for "fit: 10 of 10 activities"

# . re-centres: in the normal style pan down, the start marker leaves; . brings it back.
keys z
wait_for "normal: 10/10 activities"
wait_for "● start"
keys j j j j j j j j
wait_gone "● start"
keys .
wait_for "● start"
keys z z z
wait_for "map: fit to the window"

# g + a unique prefix + Enter selects the activity; an ambiguous one says who matches.
keys g
wait_for ":goto"
type_text "Closed"
wait_for "2 activities match"
keys BSpace BSpace BSpace BSpace BSpace BSpace
type_text "Negot"
wait_for "Negotiation/Review"
keys Enter
ev=$(awk -F, '$1 == "Negotiation/Review" { print $2 }' "$WORK/stats.csv")
cs=$(awk -F, '$1 == "Negotiation/Review" { print $3 }' "$WORK/stats.csv")
wait_for "Negotiation/Review: $(commas "$ev") events in $(commas "$cs") cases"

# i: the detail pane with the command line's figures.
keys i
wait_for "time in stage"
pane=$(screen)
share=$(awk -v c="$cs" 'BEGIN { printf "%.1f%%", 100 * c / 3000 }')
check_contains "pane: events" "events" "$pane"
check_contains "pane: event count" "$(commas "$ev")" "$pane"
check_contains "pane: cases and share" "$(commas "$cs") $share" "$pane"
# caseflow stages: n mean median p10 p90 max (durations of two words: 7d 1h).
med=$(grep -F "  Negotiation/Review " "$WORK/stages.txt" | awk '{ print $(NF-7), $(NF-6) }')
p90=$(grep -F "  Negotiation/Review " "$WORK/stages.txt" | awk '{ print $(NF-3), $(NF-2) }')
check_contains "pane: median time in stage" "med $med p90 $p90" "$pane"
rework=$(awk -F, '$1 == "Negotiation/Review" { print $9 }' "$WORK/stats.csv")
check_contains "pane: rework cases" "rework cases" "$pane"
check_contains "pane: rework count" " $rework " "$pane"
won=$(awk -F, '$1 == "Negotiation/Review" && $2 == "Closed Won" { print $5 }' "$WORK/edges.csv")
tests_run=$((tests_run + 1))
printf '%s\n' "$pane" | grep -qE "to Closed Won +$won " || fail "pane: to Closed Won $won: $pane"

# :export with the pane open writes the pane's table; closed, the drawn map's edges.
keys :
type_text "export $WORK/pane.csv"
keys Enter
wait_for "wrote"
check_eq "pane export header" "what,name,count,share,median_s,median_text,p90_s,p90_text" \
    "$(head -1 "$WORK/pane.csv")"
check_contains "pane export: to Closed Won" "to,Closed Won,$won," "$(cat "$WORK/pane.csv")"
check_contains "pane export: events" "events,Negotiation/Review,$ev," "$(cat "$WORK/pane.csv")"
keys i
wait_gone "time in stage"
keys :
type_text "export $WORK/map.csv"
keys Enter
wait_for "wrote"
check_contains "map export: the edge list" "from,to,source,target,count" "$(head -1 "$WORK/map.csv")"
# Every activity of the fitted map is in its edge list.
while IFS= read -r act; do
    check_contains "map export: $act" "$act" "$(cat "$WORK/map.csv")"
done <"$WORK/acts"

# A resize fits again: 60x20 leaves activities out and says so; back at 80x24 all ten.
keys . # no selection: the status line tells the fit
wait_for "fit: 10 of 10 activities" # the key is handled before the resize comes
tm resize-window -t t -x 60 -y 20
wait_for "fitted:"
wait_for "of 10 activities"
tm resize-window -t t -x 80 -y 24
keys Escape
wait_for "fit: 10 of 10 activities"
# A slider change fits again: one activity fewer.
keys '['
wait_for "activities: 9 of 10"
keys Escape
wait_for "fit: 9 of 10 activities"

keys q
wait_exit
done_tests
