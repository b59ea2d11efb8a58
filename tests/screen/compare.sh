# Screen test: segments and playbook in the explorer (Compare and Conformance views, map overlay).
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_data
need_jq

SAMPLE="$top_srcdir/samples/sales.csv"
PLAYBOOK="$top_srcdir/samples/sales.playbook"
OUTCOME="--outcome outcome=won --versus outcome=lost"
# shellcheck disable=SC2086
CMP=$("$CASEFLOW" compare --json $OUTCOME "$SAMPLE")
# shellcheck disable=SC2086
CHK=$("$CASEFLOW" check --json $OUTCOME --playbook "$PLAYBOOK" "$SAMPLE")
TOTAL=$("$CASEFLOW" report --json "$SAMPLE" | jq .cases)

# re_quote TEXT: TEXT as a regex matching itself.
re_quote() {
    printf '%s' "$1" | sed 's/[][\\.^$*+?(){}|]/\\&/g'
}
# grep_count REGEX [LOG]: cases whose path matches, by the report command.
grep_count() {
    "$CASEFLOW" report --json --grep "$1" "${2:-$SAMPLE}" | jq .cases
}
# pct X: a share 0..1 as the views print it ("37.6%").
pct() {
    awk -v x="$1" 'BEGIN { printf "%.1f%%", 100 * x }'
}
# screen_has ERE WHAT: a check that some line of the screen matches.
screen_has() {
    tests_run=$((tests_run + 1))
    _end=$(($(date +%s) + WAIT_SECS))
    until screen | grep -qE -- "$1"; do
        if [ "$(date +%s)" -ge "$_end" ]; then
            fail "$2: no line matches /$1/:"
            screen | sed 's/^/    | /'
            return 1
        fi
        sleep 0.1
    done
}
cases_row() {
    echo "^Cases +$(commas "$1") +$(commas "$2") "
}

# ---- the bundled sample: won vs lost and the playbook are preset.
A=$(echo "$CMP" | jq .segments.a.cases)
B=$(echo "$CMP" | jq .segments.b.cases)
U=$(echo "$CMP" | jq .segments.unknown.cases)
start_caseflow --
wait_for "sales.csv: won vs lost and playbook preset"
keys 8
wait_for "A: outcome outcome=won, B: versus outcome=lost (preset for the sample)"
screen_has "$(cases_row "$A" "$B")" "Compare: cases of A and B as caseflow compare"
screen_has "Unknown outcome +$(commas "$U") " "Compare: the cases of unknown outcome"
wait_for "[1/3] transitions"
wait_for "A won"

# The first transition row is the JSON's first edge; Enter filters to the cases having it.
from=$(echo "$CMP" | jq -r '.edges[0].from')
to=$(echo "$CMP" | jq -r '.edges[0].to')
share_a=$(pct "$(echo "$CMP" | jq '.edges[0].share_a')")
screen_has "^$(re_quote "$from → $to") +$(re_quote "$share_a") " "Compare: first edge row"
n_edge=$(grep_count "(^| > )$(re_quote "$from") > $(re_quote "$to")( > |\$)")
keys Enter
wait_for "$(commas "$n_edge")/$(commas "$TOTAL") cases"
wait_for "$from > $to"
keys u
wait_for "$(commas "$TOTAL")/$(commas "$TOTAL") cases"

# The activities, then the divergence: the strongest split's two ways with cases and A share.
keys t
wait_for "[2/3] activities"
act=$(echo "$CMP" | jq -r '.activities[0].activity')
screen_has "^$(re_quote "$act") +$(re_quote "$(pct "$(echo "$CMP" | jq '.activities[0].share_a')")") " \
    "Compare: first activity row"
keys t
wait_for "[3/3] where the paths diverge"
next_a=$(echo "$CMP" | jq -r '.divergence[0].next_a // "(stops here)"')
n_next=$(echo "$CMP" | jq '.divergence[0].cases_next_a')
rate=$(pct "$(echo "$CMP" | jq '.divergence[0].win_rate_next_a')")
prefix=$(echo "$CMP" | jq -r '.divergence[0].prefix | join(" > ")')
screen_has "^$(re_quote "$prefix") +→ $(re_quote "$next_a") +$(commas "$n_next") +$(re_quote "$rate")\$" \
    "Compare: first divergence row"
# Enter: the cases starting that way (the outcome's end markers are left out of the paths,
# and they come last in this log).
n_split=$(grep_count "^$(re_quote "$prefix") > $(re_quote "$next_a")( > |\$)")
keys Enter
wait_for "$(commas "$n_split")/$(commas "$TOTAL") cases"
wait_for "split $prefix"
keys U
wait_for "$(commas "$TOTAL")/$(commas "$TOTAL") cases"

# The Conformance view: the conforming cases as caseflow check counts them.
conf=$(echo "$CHK" | jq .conforming)
keys 9
wait_for "sales.playbook: $(commas "$conf") of $(commas "$TOTAL") cases conform"
wait_for "[1/2] deviations by kind"
wait_for "Effect: win rate 5+ points above/below"
# Enter on the first row: the conforming cases.
keys Enter
wait_for "$(commas "$conf")/$(commas "$TOTAL") cases"
wait_for "conforming"
keys u
# The deviations: the second most frequent one, by Enter.
keys t
wait_for "[2/2] deviations, most frequent first"
dev=$(echo "$CHK" | jq -r '.deviations[1].deviation')
n_dev=$(echo "$CHK" | jq '.deviations[1].cases')
effect=$(echo "$CHK" | jq -r '.deviations[1].effect')
screen_has "^$(re_quote "$dev") +$(commas "$n_dev") .* $effect *\$" "Conformance: deviation row"
keys j Enter
wait_for "$(commas "$n_dev")/$(commas "$TOTAL") cases"
wait_for "$dev"
keys U

# The map overlay: markers and a legend naming the segments; o again turns it off.
keys 1
wait_for "activities, "
keys z # the normal style (three-row boxes) rather than the fit
wait_for "map: normal style"
keys o
wait_for "▲A more in A won, ▼B more in B lost (share of cases, ≥5 points, p<.05)"
wait_for "▲A ┃"
keys e e
wait_for "Prospecting: in $(pct "$(echo "$CMP" | jq '.activities[] | select(.activity == "Prospecting") | .share_a')") of A's cases"
keys o
wait_for "overlay off"
wait_for "Boxes: activity"
wait_gone "▲A"
keys q
wait_exit

# ---- bpic2012: no outcome at first; then A_APPROVED versus A_DECLINED by ':' commands.
LOG="$DATA/bpic2012.csv.gz"
start_caseflow -- --view compare "$LOG"
wait_for "13,087/13,087 cases"
wait_for "No segments to compare. Define an outcome"
keys 9
wait_for "No playbook. Load one with :playbook FILE"
keys 8 1 o
wait_for "no segments: define an outcome"
keys 8 :
type_text "outcome-activity A_APPROVED"
keys Enter
wait_for "A: outcome-activity A_APPROVED, B: every other case"
screen_has "$(cases_row 2246 10841)" "bpic2012: approved vs all others"
keys :
type_text "versus A_DECLINED"
keys Enter
wait_for "A: outcome-activity A_APPROVED, B: versus A_DECLINED"
screen_has "$(cases_row 2246 7635)" "bpic2012: approved vs declined (the data README's counts)"
screen_has "Unknown outcome +3,206 " "bpic2012: neither approved nor declined"
# An unknown activity: an error, and the outcome stays.
keys :
type_text "outcome-activity A_NOPE"
keys Enter
wait_for "no activity named \"A_NOPE\""
wait_for "A: outcome-activity A_APPROVED, B: versus A_DECLINED"
screen_has "$(cases_row 2246 7635)" "bpic2012: unchanged after the error"
keys :
type_text "versus"
keys Enter
screen_has "$(cases_row 2246 10841)" "bpic2012: :versus alone gives B back to the rest"
keys :
type_text "outcome off"
keys Enter
wait_for "No segments to compare"
keys q
wait_exit

# ---- :compare: a '/' filter against the rest, and against a :save'd selection.
won=$(grep_count 'Closed Won')
lost=$(grep_count 'Closed Lost')
start_caseflow -- --view compare "$SAMPLE"
wait_for "$(commas "$TOTAL")/$(commas "$TOTAL") cases"
keys :
type_text "outcome off"
keys Enter
wait_for "No segments to compare"
keys :
type_text "compare"
keys Enter
wait_for "filter first: :compare sets it against the other cases"
keys /
type_text "Closed Won"
keys Enter
wait_for "$(commas "$won")/$(commas "$TOTAL") cases"
keys :
type_text "compare"
keys Enter
wait_for "A: path~Closed Won, B: all other cases"
screen_has "$(cases_row "$won" $((TOTAL - won)))" ":compare: the filter against the rest"
keys :
type_text "save won"
keys Enter
wait_for "saved $(commas "$won") cases as 'won'"
keys u /
type_text "Closed Lost"
keys Enter
wait_for "$(commas "$lost")/$(commas "$TOTAL") cases"
# The comparison stays as it was set until :compare again.
screen_has "$(cases_row "$won" $((TOTAL - won)))" ":compare: fixed when given"
keys :
type_text "compare won"
keys Enter
wait_for "A: path~Closed Lost, B: saved won (path~Closed Won)"
screen_has "$(cases_row "$lost" "$won")" ":compare NAME: lost against the saved won"
keys :
type_text "compare nosuch"
keys Enter
wait_for "no saved selection 'nosuch'"
keys :
type_text "compare off"
keys Enter
wait_for "comparison off"
wait_for "No segments to compare"
keys U
wait_for "$(commas "$TOTAL")/$(commas "$TOTAL") cases"
# A playbook by command; a bad one is reported and changes nothing.
keys :
type_text "playbook $WORK/nosuch.playbook"
keys Enter
wait_for "nosuch.playbook"
keys 9
wait_for "No playbook"
keys :
type_text "playbook $PLAYBOOK"
keys Enter
wait_for "sales.playbook: $(commas "$conf") of $(commas "$TOTAL") cases conform"
keys q
wait_exit

# ---- the options: --outcome-last and --playbook start the views; --versus alone is refused.
CMP2=$("$CASEFLOW" compare --json --outcome-last "Closed Won" --end "Closed Won,Closed Lost" "$SAMPLE")
start_caseflow -- --outcome-last "Closed Won" --end "Closed Won,Closed Lost" \
    --playbook "$PLAYBOOK" --view compare "$SAMPLE"
wait_for "A: outcome-last Closed Won, B: other cases ending in Closed Won,Closed Lost"
screen_has "$(cases_row "$(echo "$CMP2" | jq .segments.a.cases)" "$(echo "$CMP2" | jq .segments.b.cases)")" \
    "--outcome-last with --end: won vs lost, open unknown"
screen_has "Unknown outcome +$(commas "$(echo "$CMP2" | jq .segments.unknown.cases)") " \
    "--outcome-last with --end: the open cases"
keys 9
wait_for "sales.playbook: $(commas "$conf") of $(commas "$TOTAL") cases conform"
keys q
wait_exit

start_caseflow -- --versus outcome=lost "$SAMPLE"
wait_for "caseflow exited"
check_eq "--versus without an outcome: exit status" 2 "$(cat "$WORK/status")"
check_contains "--versus without an outcome: message" "--versus needs an outcome" "$(cat "$WORK/stderr")"
check_no_sanitizer_reports

"$CASEFLOW" --playbook "$WORK/missing.playbook" "$SAMPLE" 2>"$WORK/err" </dev/null
check_eq "--playbook missing: exit status" 1 "$?"
check_contains "--playbook missing: message" "missing.playbook" "$(cat "$WORK/err")"

done_tests
