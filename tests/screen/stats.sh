# Screen test: the Statistics view (0) on the sample with an outcome: every table's figures
# agree with caseflow stats / cohorts / between, Enter filters, :between shows its table.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_jq

LOG="$top_srcdir/samples/sales.csv"
OC="--outcome outcome=won --versus outcome=lost"

# wait_match ERE: poll the screen until a line matches the extended regex.
wait_match() {
    tests_run=$((tests_run + 1))
    _end=$(($(date +%s) + WAIT_SECS))
    while ! screen | grep -qE -- "$1"; do
        if [ "$(date +%s)" -ge "$_end" ]; then
            fail "no screen line matches '$1'; it shows:"
            screen | sed 's/^/    | /'
            return 1
        fi
        sleep 0.1
    done
}
pct() { awk -v x="$1" 'BEGIN { printf "%.1f%%", x * 100 }'; }
re_quote() { printf '%s' "$1" | sed 's/[][\.*^$/+?(){}|]/\\&/g'; }

# shellcheck disable=SC2086
"$CASEFLOW" stats --format json $OC "$LOG" >"$WORK/stats.json"
total=$(jq .cases "$WORK/stats.json")
start_caseflow -- $OC "$LOG"
wait_for "$(commas "$total")/$(commas "$total") cases"
keys 0
wait_for "Statistics: Activities"

# Activities: every row's events, cases and share.
jq -r '.activities[] | [.activity, .events, .cases, .share] | @tsv' "$WORK/stats.json" \
    >"$WORK/acts.tsv"
check_eq "activities in the sample" 10 "$(wc -l <"$WORK/acts.tsv")"
while IFS="$(printf '\t')" read -r act ev cs sh; do
    wait_match "^$(re_quote "$act") +$(commas "$ev") +$(commas "$cs") +$(re_quote "$(pct "$sh")")"
done <"$WORK/acts.tsv"

# Resources: the handovers and the busiest resources' rows.
keys t
wait_for "Statistics: Resources - $(jq .handovers "$WORK/stats.json") handovers"
jq -r '.resources[0:5][] | [.resource, .events, .cases, .activities, .handovers_out,
    .handovers_in] | @tsv' "$WORK/stats.json" >"$WORK/res.tsv"
while IFS="$(printf '\t')" read -r r ev cs na ho hi; do
    wait_match "^$r +$(commas "$ev") +$(commas "$cs") +$na +$ho +$hi "
done <"$WORK/res.tsv"

# Attributes with the outcome: win rate, its interval and a bar per value, as stats --by.
keys t
wait_for "Statistics: Attributes by win rate"
wait_for "owner (text, event level, 25 values)"
attrs=owner,amount,industry,region,lead_source
# shellcheck disable=SC2086
"$CASEFLOW" stats --by "$attrs" --min-cases 1 --format json $OC "$LOG" >"$WORK/by.json"
jq -r '.by[] | select(.attribute == "lead_source") | .values[] |
    [.value, .cases, .win_rate, .win_rate_low, .win_rate_high] | @tsv' "$WORK/by.json" \
    >"$WORK/ls.tsv"
check_eq "lead sources" 5 "$(wc -l <"$WORK/ls.tsv")"
keys G
wait_for "lead_source (text, case level, 5 values)"
while IFS="$(printf '\t')" read -r v cs w lo hi; do
    iv=$(awk -v l="$lo" -v h="$hi" 'BEGIN { printf "%.0f-%.0f%%", l * 100, h * 100 }')
    wait_match "^$v +$(commas "$cs") +[0-9.]+% +$(re_quote "$(pct "$w")") +$iv [█▏▎▍▌▋▊▉]+ "
done <"$WORK/ls.tsv"
# The attribute defining the outcome is left out (it would only say 100% and 0%).
tests_run=$((tests_run + 1))
screen | grep -q "^outcome (text" && fail "the outcome's own attribute is listed"
# Amount buckets read as plain numbers, as the command prints them.
first_bucket=$(jq -r '.by[] | select(.attribute == "amount") | .values[0].value' "$WORK/by.json")
keys g
for _ in $(seq 27); do keys j; done
wait_match "^$(re_quote "$first_bucket") "
# Enter on a bucket after the first filters to its cases only: (lo, hi], as the table counts.
n_b2=$(jq '.by[] | select(.attribute == "amount") | .values[1].cases' "$WORK/by.json")
keys j Enter
wait_for "$(commas "$n_b2")/$(commas "$total") cases"
keys u
wait_for "$(commas "$total")/$(commas "$total") cases"

# Enter on a value filters to it: the row of Referral is found from the tables' lengths
# (a heading, then the values, per attribute in the view's order).
row=$(jq '[.by[] | select(.attribute != "lead_source") | .values | length + 1] | add' \
    "$WORK/by.json")
idx=$(jq -r '.by[] | select(.attribute == "lead_source") | [.values[].value] | index("Referral")' \
    "$WORK/by.json")
row=$((row + 1 + idx))
keys g
for _ in $(seq "$row"); do keys j; done
n_ref=$("$CASEFLOW" report --json --where lead_source=Referral "$LOG" | jq .cases)
keys Enter
wait_for "$(commas "$n_ref")/$(commas "$total") cases"
wait_for "lead_source=Referral"
# The tables follow the filter: the attribute shares are now of the referrals.
wait_match "^Referral +$(commas "$n_ref") +100\.0% "
keys u
wait_for "$(commas "$total")/$(commas "$total") cases"

# Cohorts: each month's cases and win rate, as caseflow cohorts.
keys t
wait_for "Statistics: Cohorts"
# shellcheck disable=SC2086
"$CASEFLOW" cohorts --format json $OC "$LOG" |
    jq -r '.cohorts[0:6][] | [.cohort, .cases, .win_rate] | @tsv' >"$WORK/coh.tsv"
while IFS="$(printf '\t')" read -r c cs w; do
    wait_match "^$c +$(commas "$cs") .* $(re_quote "$(pct "$w")") +[0-9.]+%$"
done <"$WORK/coh.tsv"

# :between A,B: the summary and the histogram, as caseflow between; Enter on a bucket
# filters to its cases.
"$CASEFLOW" between Prospecting "Closed Won" --format json "$LOG" >"$WORK/bt.json"
keys :
type_text "between Prospecting,Closed Won"
keys Enter
bc=$(jq .cases "$WORK/bt.json")
bw=$(jq .cases_without_b "$WORK/bt.json")
wait_for "Prospecting → Closed Won: $bc cases, $bw without B after A"
jq -r '.histogram[] | [.bucket, .count] | @tsv' "$WORK/bt.json" >"$WORK/hist.tsv"
while IFS="$(printf '\t')" read -r b n; do
    wait_match "^$(re_quote "$b") +$(commas "$n")( |$)"
done <"$WORK/hist.tsv"
big=$(jq -r '[.histogram | to_entries[] | {i: .key, n: .value.count}] | max_by(.n) | "\(.i) \(.n)"' \
    "$WORK/bt.json")
keys g
for _ in $(seq "${big% *}"); do keys j; done
keys Enter
wait_for "$(commas "${big#* }")/$(commas "$total") cases"
keys u
wait_for "$(commas "$total")/$(commas "$total") cases"

keys Q
wait_exit
done_tests
