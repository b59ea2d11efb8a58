#!/bin/sh
# Screen test: the prompts' history outlives the run (CASEFLOW_HISTORY), per prompt, in
# a private file; Up brings back what was typed in an earlier session.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
H="$WORK/state/history"
mkdir -p "$WORK/state"
start_caseflow "CASEFLOW_HISTORY=$H" -- "$FIXTURES/screen.csv"
wait_for "4/4 cases"
keys /
type_text "Qualified"
keys Enter
wait_for "cases"
keys c
type_text "c1"
keys Enter
keys q
wait_exit
check_contains "path history saved" "/ Qualified" "$(cat "$H")"
check_contains "case history saved" "c c1" "$(cat "$H")"
check_eq "history file private" 600 "$(stat -c %a "$H")"

# A new run: Up in the / prompt shows the last path regex, not the case one.
start_caseflow "CASEFLOW_HISTORY=$H" -- "$FIXTURES/screen.csv"
wait_for "4/4 cases"
keys /
keys Up
wait_for "/Qualified"
keys Escape
keys q
wait_exit
# CASEFLOW_HISTORY empty: nothing kept.
start_caseflow "CASEFLOW_HISTORY=" -- "$FIXTURES/screen.csv"
wait_for "4/4 cases"
keys q
wait_exit
check_contains "an empty CASEFLOW_HISTORY leaves the file alone" "/ Qualified" "$(cat "$H")"
done_tests
