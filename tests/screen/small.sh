#!/bin/sh
# Screen test: every view (and the case timeline) at 60x20 and at 40x12 draws its own text with
# the tab bar, status line and key bar in place and no line wider than the window; the
# short tabs; below 40x12 the one notice.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 is required"; exit 99; }

SAMPLE="$top_srcdir/samples/sales.csv"
start_caseflow -- --outcome-last "Closed Won" --playbook "$top_srcdir/samples/sales.playbook" \
    "$SAMPLE"
wait_for "3,000/3,000 cases"

# check_frame COLS ROWS WHAT: the screen is ROWS lines of at most COLS cells, with the
# status line and key bar at the bottom and no "too small".
check_frame() {
    tests_run=$((tests_run + 1))
    _s=$(screen)
    if ! printf '%s\n' "$_s" | python3 -c '
import sys
cols, rows = int(sys.argv[1]), int(sys.argv[2])
lines = sys.stdin.read().split("\n")[:-1]
assert len(lines) == rows, "%d lines" % len(lines)
wide = [l for l in lines if len(l) > cols]
assert not wide, "too wide: %r" % wide
assert "3,000/3,000 cases" in lines[rows - 2], "status line: %r" % lines[rows - 2]
assert lines[rows - 1].strip(), "no key bar"
assert "too small" not in "".join(lines)
' "$1" "$2"; then
        fail "$3 at $1x$2:"
        printf '%s\n' "$_s" | sed 's/^/    | /'
    fi
}

# view KEY TAB NEEDLE...: go to the view of KEY; its tab (padded, full name) and the
# needles show.
view() {
    _k=$1 _tab=$2
    shift 2
    keys "$_k"
    wait_for " $_k $_tab"
    for _n in "$@"; do
        wait_for "$_n"
    done
    check_frame "$W" "$H" "view $_k ($_tab)"
}

for size in 60x20 40x12; do
    W=${size%x*} H=${size#*x}
    tm resize-window -t t -x "$W" -y "$H"
    keys 1
    wait_for " 1 Map "
    view 1 Map "activities" "Prospecting"
    view 2 Variants "variants, sorted" "Prospecting >"
    view 3 Cases "cases, sorted" "OPP-000001"
    # The timeline of the first case, and back.
    keys Enter
    wait_for "OPP-000001:"
    check_frame "$W" "$H" "the timeline"
    keys q
    wait_for "cases, sorted"
    view 4 Stages "Time in stage" "Negotiation"
    view 5 Rework "activities repeated"
    view 6 "Dead ends" "where cases stop" "Negotiation"
    view 7 Help "caseflow keys" "move up"
    keys q
    view 8 Compare "A: outcome-last" "Cases"
    view 9 Conformance "sales.playbook:" "deviations"
    view 0 Stats "Statistics:" "Prospecting"
    view O Outlook "open cases" "OPP-"
done

# The short tabs: key and the start of the name ("2Var"), the current one in full.
keys 1
wait_for " 1 Map "
tm resize-window -t t -x 80 -y 24
wait_for "2Var 3Cas"
check_contains "80x24: short tabs" " 1 Map  2Var 3Cas 4Sta 5Rew 6Dea 7Hel 8Com 9Con 0Sta OOut" "$(line 0)"

# Below 40x12: one notice, keys other than q ignored; back to a usable size, the same view.
tm resize-window -t t -x 39 -y 12
wait_for "terminal too small: 39x12"
wait_for "caseflow needs 40x12"
tm resize-window -t t -x 40 -y 11
wait_for "terminal too small: 40x11"
keys 3
tm resize-window -t t -x 40 -y 12
wait_gone "terminal too small"
wait_for " 1 Map "
check_frame 40 12 "the map after the notice"
keys q
wait_exit
done_tests
