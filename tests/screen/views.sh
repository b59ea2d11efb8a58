# Screen test: every view of the explorer at 80x24, on a hand-made log and on real logs.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_data
need_jq

# ---- a hand-made log whose numbers are worked out by hand (tests/data/screen.csv):
# c1 Lead>Qualified 30s, c2 Lead>Qualified 5m, c3 Lead>Qualified>Won 2h,
# c4 Lead>見積もり提出 (quote sent) 3d.
start_caseflow -- "$FIXTURES/screen.csv"
wait_for "screen.csv"
wait_for "4/4 cases"
wait_for "9 events"
# The map: every activity and path of this small log, boxes with their event counts.
# The fit to 80x24 draws it compact; z: the normal style's three-row boxes.
wait_for "fit: 4 of 4 activities, 7 of 7 paths (compact"
wait_for "[ Won 1 ]"
keys z
wait_for "normal: 4/4 activities, 7/7 paths, numbers: events"
wait_for "┃ Lead  4 ┃"
wait_for "│ 見積もり提出 (quote sen…  1 │"
wait_for "start"
# e walks through the elements; Enter on Won filters to the cases through it.
i=0
while [ $i -lt 30 ] && ! screen | grep -qF "Won: 1 events in 1 cases"; do
    keys e
    sleep 0.1
    i=$((i + 1))
done
wait_for "Won: 1 events in 1 cases"
keys Enter
wait_for "1/4 cases"
wait_for "through Won"
keys u
wait_for "4/4 cases"
# The list form: Lead is followed by Qualified 3 times of its 4 events.
keys m
wait_for "4 activities, 3 transitions"
check_contains "map list: Lead > Qualified 75%" "75.0%" "$(screen | grep -F 'Qualified' | head -1)"
keys m
wait_for "4/4 activities"

keys 2
wait_for "3 variants, sorted by cases"
tests_run=$((tests_run + 1))
screen | grep -qE '^ +1 +2 +50\.0% .* 50\.0% +2m 45s Lead > Qualified *$' ||
    fail "variants: first row should be 2 cases, 50.0%, median 2m 45s: $(screen)"
wait_for "Variant #1: 2 cases (50.0%), 2 events, median 2m 45s"
keys '>'
wait_for "sorted by median duration"
wait_for "Variant #3: 1 cases (25.0%), 2 events, median 3d 0h"

keys 3
wait_for "4 cases, sorted by start"
# A wide (CJK) name cut by display width in the 16-column "Last activity" column.
wait_for "見積もり提出 (q…"
keys G Enter
wait_for "c4: 2 events, 2024-01-04 00:00 .. 2024-01-07 00:00 UTC, 3d 0h"
wait_for "2024-01-07 00:00:00     +3d 0h 見積もり提出"
wait_for "channel=phone"
keys q
wait_for "4 cases, sorted by start"

keys 4
wait_for "Time in stage, sorted by median"
# Lead's stage times: 30s, 5m, 1h, 3d -> median 32m 30s.
tests_run=$((tests_run + 1))
screen | grep -qE '^Lead +4 +32m 30s ' || fail "stages: Lead row: $(screen)"
keys d
wait_for "(case duration): n 4, median 1h 2m"
# The case-duration histogram: one case each in <=1m, <=10m, <=4h and <=3d.
for b in '<=1m' '<=10m' '<=4h' '<=3d'; do
    tests_run=$((tests_run + 1))
    screen | grep -qE "^ *$b .* 1  25\.0%" || fail "histogram row $b: $(screen)"
done
tests_run=$((tests_run + 1))
screen | grep -qE '^ *<=1h .* 0   0\.0%' || fail "histogram row <=1h: $(screen)"

keys 5
wait_for "[1/4] activities repeated"
wait_for "none in the selected cases"
keys 6
wait_for "Ends (inferred"
keys 7
wait_for "caseflow keys and commands"
wait_for "next row matching the last regex"
keys NPage
wait_for "undo the last filter"
wait_for "clear all filters"
keys G
wait_for "scroll (--no-mouse turns the mouse off)"
keys g
wait_for "move up"
keys q
wait_for "[1/2] where cases stop"
keys q
wait_exit

# ---- a real log: helpdesk (4,580 cases, 21,348 events in the data README).
LOG="$DATA/helpdesk.csv.gz"
REPORT=$("$CASEFLOW" report --json "$LOG")
start_caseflow -- "$LOG"
wait_for "4,580/4,580 cases"
wait_for "21,348 events"
wait_for "14 activities"

keys 2
nv=$(echo "$REPORT" | jq .variants_count)
wait_for "$(commas "$nv") variants, sorted by cases"
top_cases=$(echo "$REPORT" | jq '.variants[0].cases')
top_share=$(echo "$REPORT" | jq -r '"\(.variants[0].cases * 1000 / .cases | round / 10)"')
case "$top_share" in *.*) ;; *) top_share="$top_share.0" ;; esac
tests_run=$((tests_run + 1))
screen | grep -qE "^ +1 +$(commas "$top_cases") +$top_share% " ||
    fail "variant 1 should show $top_cases cases, $top_share%: $(screen)"
top_path=$(echo "$REPORT" | jq -r '.variants[0].activities | join(" > ")')
wait_for "$top_path"

keys 3
wait_for "4,580 cases, sorted by start"
keys Enter
wait_for "Since prev"
keys Escape
wait_for "4,580 cases, sorted by start"

keys 4
# n of a stage = its events that have a next event: events minus cases ending there.
n=$(echo "$REPORT" | jq '.activity_counts["Resolve ticket"] - .end_activities["Resolve ticket"]')
tests_run=$((tests_run + 1))
screen | grep -qE "^Resolve ticket +$(commas "$n") " || fail "stages: Resolve ticket n=$n: $(screen)"

keys 5
wait_for "Take in charge ticket"
rep=$("$CASEFLOW" report --json "$LOG" | jq '.rework_cases["Take in charge ticket"]')
tests_run=$((tests_run + 1))
screen | grep -qE "^Take in charge ticket +$(commas "$rep") " ||
    fail "rework: Take in charge ticket repeated in $rep cases: $(screen)"
keys t
wait_for "[2/4] loops"

keys 6
wait_for "Ends (inferred"
keys Tab
wait_for "caseflow keys and commands"
keys BTab
wait_for "Ends (inferred"
keys 1
wait_for "14 activities"
keys q
wait_exit

# ---- sepsis: 1,050 cases, 15,214 events; --view starts in a given view.
start_caseflow -- --view variants "$DATA/sepsis.csv.gz"
wait_for "1,050/1,050 cases"
wait_for "15,214 events"
wait_for "variants, sorted by cases"
keys q
wait_exit

# ---- no LOG: the bundled sales sample.
n=$("$CASEFLOW" report --json "$top_srcdir/samples/sales.csv" | jq .cases)
start_caseflow --
wait_for "sales.csv"
wait_for "$(commas "$n")/$(commas "$n") cases"
keys q
wait_exit

done_tests
