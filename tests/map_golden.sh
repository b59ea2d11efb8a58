#!/bin/sh
# Golden text maps: `caseflow map` on the running example and real logs at
# fixed sliders, diffed against tests/golden/*.map.txt. After a deliberate
# change of the drawing, regenerate with MAP_GOLDEN_UPDATE=1 and review the diff.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_data
LC_ALL=C.UTF-8
export LC_ALL
GOLDEN="$top_srcdir/tests/golden"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# golden NAME ARGS...: the map with ARGS must equal tests/golden/NAME.map.txt.
golden() {
    name=$1
    shift
    tests_run=$((tests_run + 1))
    if ! "$CASEFLOW" map "$@" > "$out"; then
        fail "$name: caseflow map $* failed"
        return
    fi
    if [ "${MAP_GOLDEN_UPDATE:-}" = 1 ]; then
        cat "$out" > "$GOLDEN/$name.map.txt"
        return
    fi
    if ! diff -u "$GOLDEN/$name.map.txt" "$out"; then
        fail "$name: the map differs from tests/golden/$name.map.txt"
    fi
}

golden running-example "$DATA/running-example.csv.gz"
golden running-example-median --paths 100 --metric median --ascii "$DATA/running-example.csv.gz"
golden helpdesk "$DATA/helpdesk.csv.gz"
golden sepsis --activities 50 --paths 20 "$DATA/sepsis.csv.gz"
golden running-example-compact --style compact "$DATA/running-example.csv.gz"
golden running-example-overview --style overview "$DATA/running-example.csv.gz"
golden running-example-compact-ascii --style compact --ascii --paths 100 "$DATA/running-example.csv.gz"
golden sales-compact --style compact "$top_srcdir/samples/sales.csv"
golden sales-overview --style overview "$top_srcdir/samples/sales.csv"
golden sales --activities 100 "$top_srcdir/samples/sales.csv"
done_tests
