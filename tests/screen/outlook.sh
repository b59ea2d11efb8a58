# Screen test: the Outlook view (O) at 80x24: the backtest on top, open cases as predict
# ranks them, Enter opens the timeline, q goes back; without an outcome it says so.
# Also the Variants view grouped by cluster (c).
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_jq

SAMPLE="$top_srcdir/samples/sales.csv"
OUTCOME="--outcome outcome=won --versus outcome=lost"
# shellcheck disable=SC2086
P=$("$CASEFLOW" predict --json $OUTCOME "$SAMPLE")
# shellcheck disable=SC2086
B=$("$CASEFLOW" predict --json --backtest --split 0.7 $OUTCOME "$SAMPLE")
open=$(echo "$P" | jq '.open | length')
first=$(echo "$P" | jq -r '.open[0].case')
first_win=$(echo "$P" | jq -r '.open[0].p_win * 100 | round | tostring + "%"')
first_stuck=$(echo "$P" | jq -r 'if .open[0].stuck then "STUCK" else "" end')
events=$("$CASEFLOW" report --json --case-grep "^$first\$" "$SAMPLE" | jq .events)
auc=$(echo "$B" | jq -r '.outcome_metrics[0].model * 100 | round / 100 | tostring')
n=$(echo "$B" | jq .evaluated_decided)

# shellcheck disable=SC2086
start_caseflow -- $OUTCOME "$SAMPLE"
wait_for "Map"
keys O
wait_for "Backtest at "
wait_for "$n cases: AUC $auc"
wait_for "$open open cases, most at risk first"
wait_for "Case       p_win"
row=$(line 5)
check_contains "first row is predict's first case" "$first" "$row"
check_contains "first row's win rate" "$first_win" "$row"
[ -n "$first_stuck" ] && check_contains "first row stuck" "STUCK" "$row"
check_contains "first row's basis" "same path so far" "$(screen)"
wait_for "next: "
keys Enter
wait_for "$first: $events events"
wait_for "Since prev"
keys q
wait_for "Backtest at "
keys q
wait_exit

# Variants grouped by cluster (c): as `caseflow clusters` finds them; Enter on a
# cluster's heading filters to its cases.
# shellcheck disable=SC2086
C=$("$CASEFLOW" clusters --json $OUTCOME "$SAMPLE")
k=$(echo "$C" | jq .k)
c1=$(echo "$C" | jq .clusters[0].cases)
# shellcheck disable=SC2086
start_caseflow -- $OUTCOME "$SAMPLE"
wait_for "Map"
keys 2
wait_for "sorted by cases"
keys c
wait_for "variants in $k clusters"
check_contains "first cluster heading" "C1   $(commas "$c1")" "$(screen)"
keys Enter
wait_for "$(commas "$c1")/$(commas 3000) cases"
wait_for "variant cluster 1"
keys q
wait_exit

# Without an outcome the view says what it needs.
start_caseflow -- "$SAMPLE"
wait_for "Map"
keys O
wait_for "No outlook: predict needs an outcome"
keys q
wait_exit
done_tests
