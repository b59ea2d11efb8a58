# Screen test: the zone times are shown in (status line, case timeline), :export log FILE
# writes the selected cases' event log, --redact covers what the explorer shows.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_jq

LOG="$DATA/running-example.csv.gz"
[ -f "$LOG" ] || { echo "no $LOG"; exit 77; }
# The running example's times carry +01:00: shown in that offset, labelled.
start_caseflow -- "$LOG"
wait_for "6/6 cases"
wait_for "+01:00"
keys 3
wait_for "6 cases, sorted by start"
keys Enter
# Case 1 (the first by start) begins 2010-12-30 10:02 UTC: shown as 11:02 +01:00.
wait_for "2010-12-30 11:02"
wait_for "+01:00"
keys q
# :export log FILE after a filter: the cases 1, 2 and 3.
keys :
type_text "case-grep ^[123]\$"
keys Enter
wait_for "3/6 cases"
keys :
type_text "export log $WORK/sel.csv"
keys Enter
wait_for "wrote 3 cases"
keys :
type_text "export log $WORK/sel.xes"
keys Enter
wait_for "(XES)"
keys q
wait_exit
want=$("$CASEFLOW" report --json --case-grep '^[123]$' "$LOG" | jq -c '[.cases,.events,.variants]')
check_eq ":export log CSV reads back as the filter" "$want" \
    "$("$CASEFLOW" report --json "$WORK/sel.csv" | jq -c '[.cases,.events,.variants]')"
check_eq ":export log XES reads back as the filter" "$want" \
    "$("$CASEFLOW" report --json "$WORK/sel.xes" | jq -c '[.cases,.events,.variants]')"

# --display-tz UTC: 10:02, labelled UTC.
start_caseflow -- --display-tz UTC "$LOG"
wait_for "6/6 cases"
keys 3 Enter
wait_for "2010-12-30 10:02"
wait_for "UTC"
keys q q
wait_exit

# --redact case with a random key: the fingerprint is shown, the cases list pseudonyms.
start_caseflow -- --redact case "$LOG"
wait_for "fingerprint"
keys 3
wait_for "p-"
keys q
wait_exit
check_no_sanitizer_reports
done_tests
