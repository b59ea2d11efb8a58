# Screen test: analyses and typed filters in the background (a test knob slows the worker):
# the last result stays shown with a mark, keys work meanwhile, undo is instant, stale work
# is cancelled.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_jq

LOG="$top_srcdir/samples/sales.csv"
report() {
    "$CASEFLOW" report --json "$@" "$LOG"
}
all_v=$(report | jq .variants_count)
won_v=$(report --grep 'Closed Won' | jq .variants_count)
won_c=$(commas "$(report --grep 'Closed Won' | jq .cases)")
[ "$all_v" != "$won_v" ] || fail "the filter should change the variants"

# Each job waits 1.5 s before it runs: long enough to look at the screen meanwhile.
start_caseflow CASEFLOW_TEST_WORKER_DELAY_MS=1500 -- --outcome outcome=won \
    --playbook "$top_srcdir/samples/sales.playbook" "$LOG"
# The first screen is up before the map is: it says so, then draws it.
wait_for "drawing the map..."
wait_for "computing..."
wait_for "fit"
wait_gone "computing..."

# The map's list of transitions (m) too.
keys m
wait_for "computing the transitions..."
wait_for "transitions; share of the activity's events"
wait_gone "computing..."
keys m
wait_for "fit"

# The first visit of Variants: the same.
keys 2
wait_for "computing the variants..."
wait_for "$all_v variants, sorted by cases"
wait_gone "computing..."

# Cases, Stages, Rework and Dead ends too; then, kept, they come back at once.
for v in 3 4 5 6; do
    keys "$v"
    wait_for "computing..."
    wait_gone "computing..."
done
keys 3
wait_for "3,000 cases, sorted by start"
tests_run=$((tests_run + 1))
screen | grep -qF "computing..." && fail "Cases computed again: $(screen)"
keys 2
wait_for "$all_v variants, sorted by cases"

# A regex: counted while typing, then applied in the background; the previous result stays
# and keys keep working (here: a view switch) until the new one is ready.
keys /
type_text "Closed Won"
wait_for "$won_c of 3,000 cases"
keys Enter
wait_for "filtering..."
tests_run=$((tests_run + 1))
screen | grep -qF "$all_v variants, sorted by cases" ||
    fail "the previous variants are not shown while filtering: $(screen)"
keys 7
wait_for " 7 Help "
tests_run=$((tests_run + 1))
screen | grep -qF "filtering..." || fail "the view switch waited for the filter: $(screen)"
keys 2
wait_for "$won_v variants, sorted by cases"
wait_for "$won_c/3,000 cases"
wait_for "path~Closed Won"
wait_gone "computing..."

# Undo returns the previous result at once: the same frame as the message, no computing.
keys u
wait_for "undid path~Closed Won"
tests_run=$((tests_run + 1))
screen | grep -qF "$all_v variants, sorted by cases" || fail "undo recomputed: $(screen)"
tests_run=$((tests_run + 1))
screen | grep -qF "computing..." && fail "undo is computing: $(screen)"

# A filter replaced before it is done: only the last one is applied.
keys /
type_text "Closed Lost"
keys Enter
wait_for "filtering..."
keys /
type_text "Closed Won"
keys Enter
wait_for "path~Closed Won"
wait_for "$won_c/3,000 cases"
wait_for "$won_v variants, sorted by cases"
wait_gone "filtering..."
tests_run=$((tests_run + 1))
screen | grep -qF "Closed Lost" && fail "the stale filter was applied: $(screen)"

# u while a filter is still computed cancels it.
keys u
wait_for "undid path~Closed Won"
keys /
type_text "Closed Lost"
keys Enter
wait_for "filtering..."
keys u
wait_for "filter cancelled before it was applied"
wait_gone "filtering..."
tests_run=$((tests_run + 1))
screen | grep -qF "3,000/3,000 cases" || fail "the cancelled filter was applied: $(screen)"
keys /
type_text "Closed Won"
keys Enter
wait_for "path~Closed Won"
wait_gone "filtering..."

# Compare: the comparison is made in the background too, and kept per selection.
keys u
wait_for "undid path~Closed Won"
keys 8
wait_for "Comparing the segments..."
wait_for "transitions, biggest share difference first"
wait_gone "computing..."
keys /
type_text "Proposal"
keys Enter
wait_for "path~Proposal"
wait_gone "computing..."
keys u
wait_for "undid path~Proposal"
tests_run=$((tests_run + 1))
screen | grep -qF "computing..." && fail "undo compared again: $(screen)"

# Statistics: each table is made in the background; the one shown stays until the next is in.
keys 0
wait_for "computing the statistics..."
wait_for "Statistics: Activities"
wait_gone "computing..."
keys t
wait_for "computing..."
tests_run=$((tests_run + 1))
screen | grep -qF "Statistics: Activities" ||
    fail "the previous table is not shown while the next is made: $(screen)"
wait_for "Statistics: Resources"
wait_gone "computing..."
keys /
type_text "Proposal"
keys Enter
wait_for "path~Proposal"
wait_gone "computing..."
keys u
wait_for "undid path~Proposal"
tests_run=$((tests_run + 1))
screen | grep -qF "computing..." && fail "undo made the statistics again: $(screen)"

# The Outlook (learning and its backtest) too, kept for the selection.
keys O
wait_for "computing the outlook and its backtest..."
wait_for "open cases, most at risk first"
wait_gone "computing..."
keys 2
wait_for "variants, sorted by cases"
keys O
wait_for "open cases, most at risk first"
tests_run=$((tests_run + 1))
screen | grep -qF "computing..." && fail "the outlook was made again: $(screen)"

# Conformance: checked in the background, kept for the selection.
keys 9
wait_for "checking the cases against the playbook..."
wait_for "cases conform"
wait_gone "computing..."
keys 2
wait_for "variants, sorted by cases"
keys 9
wait_for "cases conform"
tests_run=$((tests_run + 1))
screen | grep -qF "computing..." && fail "the check was made again: $(screen)"

# The Map's A/B overlay: laid out in the background, the map without it shown meanwhile;
# turned off, the map without it is back at once.
keys 1
wait_for "fit"
keys o
wait_for "computing..."
wait_for "more in A"
wait_gone "computing..."
keys o
wait_for "overlay off"
tests_run=$((tests_run + 1))
screen | grep -qF "computing..." && fail "the map was laid out again: $(screen)"
tests_run=$((tests_run + 1))
screen | grep -qF "more in A" && fail "the overlay is still drawn: $(screen)"
keys q
wait_exit

# With the worker thread idle, ^C and resizes still reach the loop at once (the thread
# blocks signals), and ^C while a job is pending ends the explorer without waiting for it.
start_caseflow CASEFLOW_TEST_WORKER_DELAY_MS=1500 -- "$LOG"
wait_for "fit"
wait_gone "computing..."
tm resize-window -t t -x 100 -y 30
wait_for "computing..." # the map is fitted again to the new size
wait_gone "computing..."
keys 2
wait_for "computing..."
keys C-c
wait_for "caseflow exited"
check_eq "Ctrl-C while computing: exit status" 130 "$(cat "$WORK/status")"
check_no_sanitizer_reports
done_tests
