# Screen test: the Compare view's drill-down (v) into the attribute values that differ most
# between A and B in a row's cases, checked against caseflow report with the same filters.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_jq

LOG="$top_srcdir/samples/sales.csv"
OC="--outcome outcome=won --versus outcome=lost"
cases_for() {
    "$CASEFLOW" report --json "$@" "$LOG" | jq .cases
}
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
pct() { awk -v x="$1" -v n="$2" 'BEGIN { printf "%.1f%%", 100 * x / n }'; }
total=$(cases_for)
T=$(commas "$total")

# shellcheck disable=SC2086
"$CASEFLOW" compare $OC --format json "$LOG" >"$WORK/cmp.json"
idx=$(jq '[.edges[] | "\(.from)>\(.to)"] | index("Qualification>Needs Analysis")' "$WORK/cmp.json")
ca=$(jq ".edges[$idx].cases_a" "$WORK/cmp.json")
cb=$(jq ".edges[$idx].cases_b" "$WORK/cmp.json")
RE='(^| > )Qualification > Needs Analysis( > |$)'
check_eq "won cases through the transition" "$ca" "$(cases_for --grep "$RE" --where outcome=won)"

# shellcheck disable=SC2086
start_caseflow -- $OC "$LOG"
wait_for "$T/$T cases"
keys 8
wait_for "[1/3] transitions"
keys g
for _ in $(seq "$idx"); do keys j; done
wait_for "Qualification → Needs Analysis: A"
keys v
wait_for "Values, A won $(commas "$ca") vs B lost $(commas "$cb"): the cases through Qualif"

# Each lead source: its share of A's and of B's cases through the transition, the difference.
for v in Outbound Referral Partner; do
    na=$(cases_for --grep "$RE" --where outcome=won --where lead_source="$v")
    nb=$(cases_for --grep "$RE" --where outcome=lost --where lead_source="$v")
    d=$(awk -v a="$na" -v b="$nb" -v ca="$ca" -v cb="$cb" \
        'BEGIN { printf "%+.1f", 100 * (a / ca - b / cb) }')
    wait_match "^lead_source = $v +$(pct "$na" "$ca") +$(pct "$nb" "$cb") +$(printf '%s' "$d" | sed 's/+/\\+/') "
done

# The rows go by the size of the difference, largest first.
screen | sed -n '5,21p' | awk '{ d = $(NF - 1) ~ /^[-+]/ ? $(NF - 1) : $(NF - 2); print d }' |
    tr -d '+-' >"$WORK/diffs"
tests_run=$((tests_run + 1))
sort -rn "$WORK/diffs" | cmp -s - "$WORK/diffs" || fail "rows not by difference: $(tr '\n' ' ' <"$WORK/diffs")"
check_eq "rows shown" 17 "$(wc -l <"$WORK/diffs")"
# The outcome's own attribute is not among the values.
tests_run=$((tests_run + 1))
screen | grep -q "^outcome = " && fail "the outcome attribute is listed"

# Enter filters to the selected value; the view goes back to the comparison.
first=$(screen | sed -n 5p | sed 's/  .*//')
attr=${first%% = *}
val=${first#* = }
keys g Enter
n=$(cases_for --where "$attr=$val")
wait_for "$(commas "$n")/$T cases"
wait_for "[1/3] transitions"
keys u
wait_for "$T/$T cases"

# q goes back; v on an activity row works too.
keys v
wait_for "Values, A won"
keys q
wait_for "[1/3] transitions"
keys t g v
wait_for "Values, A won"
wait_for ": the cases through "
keys q
wait_for "[2/3] activities"
keys Q
wait_exit
done_tests
