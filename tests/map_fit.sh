#!/bin/sh
# `caseflow map --fit COLSxROWS`: the whole output (title, drawing, legend,
# notes) within COLS columns and ROWS rows on every real log at several sizes
# and sliders; the sample's full map fits 80x24 with every activity shown.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
LC_ALL=C.UTF-8
export LC_ALL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# within NAME COLS ROWS: $tmp/out is at most COLS cells wide and ROWS lines long.
within() {
    tests_run=$((tests_run + 1))
    r=$(wc -l < "$tmp/out" | tr -d ' ')
    c=$(wc -L < "$tmp/out" | tr -d ' ')
    if [ "$r" -gt "$3" ] || [ "$c" -gt "$2" ]; then
        fail "$1: ${c}x$r is larger than ${2}x$3"
    fi
}

sample="$top_srcdir/samples/sales.csv"
"$CASEFLOW" map --fit 80x24 "$sample" > "$tmp/out"
within "sample 80x24" 80 24
check_contains "sample 80x24: every activity kept" "fitted: 10 of 10 activities" "$(head -1 "$tmp/out")"
for a in Prospecting Qualification "Needs Analysis" "Value Proposition" "Id. Decision Makers" \
    "Perception Analysis" "Proposal/Price Quote" "Negotiation/Review" "Closed Won" "Closed Lost"; do
    check_contains "sample 80x24: $a drawn" "$a" "$(cat "$tmp/out")"
done
# The drop-offs are drawn (381 and 324 cases from Prospecting and Qualification to Closed Lost).
check_contains "sample 80x24: Prospecting -> Closed Lost" "381" "$(cat "$tmp/out")"
check_contains "sample 80x24: Qualification -> Closed Lost" "324" "$(cat "$tmp/out")"
# Smaller: fewer activities, and it says so.
"$CASEFLOW" map --fit 40x12 "$sample" > "$tmp/out"
within "sample 40x12" 40 12
check_contains "sample 40x12: says what it kept" "fitted:" "$(cat "$tmp/out")"
"$CASEFLOW" map --fit 20x8 --ascii "$sample" > "$tmp/out"
within "sample 20x8 (clipped)" 20 8

logs=0
for f in "$DATA"/*.csv.gz; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .csv.gz)
    logs=$((logs + 1))
    for g in 80x24 60x20 40x12; do
        cols=${g%x*}
        rows=${g#*x}
        if ! "$CASEFLOW" map --fit "$g" "$f" > "$tmp/out"; then
            fail "$name $g: map --fit failed"
            continue
        fi
        within "$name $g" "$cols" "$rows"
        check_contains "$name $g: the note" "fitted:" "$(head -2 "$tmp/out")"
    done
    "$CASEFLOW" map --fit 100x30 --activities 100 --paths 100 "$f" > "$tmp/out"
    within "$name 100/100 100x30" 100 30
done
[ "$logs" -gt 0 ] || echo "no real logs in $DATA: only the sample was checked"

for bad in 80 80x 10x10 x24 80x24x1; do
    "$CASEFLOW" map --fit "$bad" "$sample" > /dev/null 2> "$tmp/err"
    check_eq "--fit $bad exits 2" 2 "$?"
done
done_tests
