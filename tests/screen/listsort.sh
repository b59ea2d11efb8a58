# Screen test: the list widget's own sort (< > pick the column, s reverses), :find and n/N,
# and Enter acting on the row shown after a sort, at 80x24 on the sample; every expected
# row is computed here from the command line's JSON.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_jq

LOG="$top_srcdir/samples/sales.csv"
"$CASEFLOW" deadends --format json "$LOG" >"$WORK/de.json"
"$CASEFLOW" stats --format json "$LOG" >"$WORK/stats.json"
total=$(jq .cases "$WORK/de.json")
all="$(commas "$total")/$(commas "$total") cases"

# wait_line N ERE: poll until screen line N matches the extended regex.
wait_line() {
    tests_run=$((tests_run + 1))
    _end=$(($(date +%s) + WAIT_SECS))
    while ! screen | sed -n "$1p" | grep -qE -- "$2"; do
        if [ "$(date +%s)" -ge "$_end" ]; then
            fail "screen line $1 never matched '$2'; it shows:"
            screen | sed 's/^/    | /'
            return 1
        fi
        sleep 0.1
    done
}
re_quote() { printf '%s' "$1" | sed 's/[][\.*^$/+?(){}|]/\\&/g'; }

start_caseflow -- "$LOG"
wait_for "$all"

# ---- Dead ends: sort by Reached (a count column) both ways.
keys 6
wait_for "where cases stop"
wait_line 4 '^Activity +Is +Reached +Ended'
# The analysis's order first: by exit rate, as the command prints it.
first=$(jq -r '.activities[0].activity' "$WORK/de.json")
wait_line 5 "^$(re_quote "$first") "
# > Activity (text, A..Z), > Is, > Reached (numbers: largest first).
keys '>'
wait_line 4 "^Activity▲ "
first=$(jq -r '[.activities[].activity] | sort_by(ascii_downcase) | .[0]' "$WORK/de.json")
wait_line 5 "^$(re_quote "$first") "
keys '>' '>'
wait_for "where cases stop, by Reached"
wait_line 4 "Reached▼"
# Ties keep the analysis's order (jq's sort_by is stable too).
jq -r '.activities | sort_by(-.cases_reached) | .[] | [.activity, .cases_reached, .cases_ended] | @tsv' \
    "$WORK/de.json" >"$WORK/desc.tsv"
IFS="$(printf '\t')" read -r act reached ended <"$WORK/desc.tsv"
wait_line 5 "^$(re_quote "$act") .* $(commas "$reached") +$(commas "$ended") "
# The whole order, row by row, as the JSON sorts it.
n=$(wc -l <"$WORK/desc.tsv")
i=0
while IFS="$(printf '\t')" read -r act reached ended; do
    wait_line $((5 + i)) "^$(re_quote "$act") .* $(commas "$reached") +$(commas "$ended") "
    i=$((i + 1))
done <"$WORK/desc.tsv"
check_eq "dead-end rows checked" "$n" "$i"
# s: smallest first.
keys s
wait_line 4 "Reached▲"
jq -r '.activities | sort_by(.cases_reached) | .[0] | [.activity, .cases_reached, .cases_ended] | @tsv' \
    "$WORK/de.json" >"$WORK/asc.tsv"
IFS="$(printf '\t')" read -r act reached ended <"$WORK/asc.tsv"
wait_line 5 "^$(re_quote "$act") .* $(commas "$reached") +$(commas "$ended") "
# Enter acts on the row shown first: the cases ending at that activity.
keys Enter
wait_for "$(commas "$ended")/$(commas "$total") cases"
keys u
wait_for "$all"
wait_line 4 "Reached▲"

# ---- :find: rows containing the text in any cell, any case; n goes on to the next one.
# Back to largest first; the selection is on the first row.
keys s
wait_line 4 "Reached▼"
grep -i 'closed' "$WORK/desc.tsv" >"$WORK/closed.tsv"
check_eq "rows with 'closed'" 2 "$(wc -l <"$WORK/closed.tsv")"
ended1=$(sed -n 1p "$WORK/closed.tsv" | cut -f3)
ended2=$(sed -n 2p "$WORK/closed.tsv" | cut -f3)
keys :
type_text "find CLOSED"
keys Enter
keys Enter
wait_for "$(commas "$ended1")/$(commas "$total") cases"
keys u
wait_for "$all"
keys n Enter
wait_for "$(commas "$ended2")/$(commas "$total") cases"
keys u
wait_for "$all"
# N goes back to the first one.
keys N Enter
wait_for "$(commas "$ended1")/$(commas "$total") cases"
keys u
wait_for "$all"
keys :
type_text "find no such row"
keys Enter
wait_for 'no match for "no such row"'

# ---- Stats: a duration column sorts by time, not by text ("2d 22h" < "10d 9h").
keys 0
wait_for "Statistics: Activities"
keys '>' '>' '>' '>' '>'
wait_line 3 "median▼"
act=$(jq -r '.activities | map(select(.median_visit_s != null)) | max_by(.median_visit_s) | .activity' \
    "$WORK/stats.json")
wait_line 4 "^$(re_quote "$act") "
keys s
wait_line 3 "median▲"
act=$(jq -r '.activities | map(select(.median_visit_s != null)) | min_by(.median_visit_s) | .activity' \
    "$WORK/stats.json")
wait_line 4 "^$(re_quote "$act") "
# Activities without a median (the end activities) come last either way.
last=$(jq '[.activities[] | select(.median_visit_s == null)] | length' "$WORK/stats.json")
nacts=$(jq '.activities | length' "$WORK/stats.json")
check_eq "activities without a median" 2 "$last"
wait_line $((3 + nacts)) "^Closed "
wait_line $((2 + nacts)) "^Closed "
# :export writes the rows in the order shown.
keys :
type_text "export $WORK/acts.csv"
keys Enter
wait_for "wrote $nacts rows"
check_eq "export's first row is the one shown first" "$act" \
    "$(sed -n 2p "$WORK/acts.csv" | cut -d, -f1)"

# ---- Variants keep their own sort keys; Enter filters to the variant shown.
keys 2
wait_for "sorted by cases"
keys '>'
wait_for "sorted by median duration"
row=$(screen | sed -n 4p)
rank=$(printf '%s\n' "$row" | awk '{ print $1 }')
cases=$(printf '%s\n' "$row" | awk '{ print $2 }' | tr -d ,)
tests_run=$((tests_run + 1))
[ "$rank" != 1 ] || fail "sorted by duration, the first variant should not be the most frequent"
keys Enter
wait_for "variant #$rank"
check_eq "variant #$rank cases: report --variant" "$(commas "$("$CASEFLOW" report --json --variant "$rank" "$LOG" | jq .cases)")" "$(commas "$cases")"
wait_for "$(commas "$cases")/$(commas "$total") cases"

keys Q
wait_exit

# ---- Compare (won against lost): the transitions by B's share; Enter filters to the
# cases through the transition shown first.
OC="--outcome outcome=won --versus outcome=lost"
# shellcheck disable=SC2086
"$CASEFLOW" compare --format json $OC "$LOG" >"$WORK/cmp.json"
# shellcheck disable=SC2086
start_caseflow -- $OC "$LOG"
wait_for "$all"
keys 8
wait_for "[1/3] transitions, biggest share difference first"
keys '>' '>' '>'
wait_for "[1/3] transitions, by B;"
wait_line 9 "^Transition +A +B▼ +Diff"
jq -r '.edges | sort_by(-.share_b) | .[0] | [.from, .to, .share_a, .share_b] | @tsv' \
    "$WORK/cmp.json" >"$WORK/cmp.tsv"
IFS="$(printf '\t')" read -r from to sa sb <"$WORK/cmp.tsv"
pct() { awk -v x="$1" 'BEGIN { printf "%.1f%%", x * 100 }'; }
wait_line 10 "^$(re_quote "$from") → .* $(re_quote "$(pct "$sa")") +$(re_quote "$(pct "$sb")") "
through=$("$CASEFLOW" report --json --grep "(^| > )$(re_quote "$from") > $(re_quote "$to")( > |\$)" "$LOG" |
    jq .cases)
keys Enter
wait_for "$(commas "$through")/$(commas "$total") cases"
keys Q
wait_exit
done_tests
