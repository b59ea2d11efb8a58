#!/bin/sh
# The map never hangs on a dense graph: a random log of 300 activities and
# about 20,000 directly-follows pairs (tests/genrandom.awk) lays out at every
# slider setting, says "map simplified" where it had to, and stays well formed.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
MAPCHECK="$top_builddir/tests/mapcheck"
LC_ALL=C.UTF-8
export LC_ALL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk -f "$top_srcdir/tests/genrandom.awk" > "$tmp/random.csv"
pairs=$("$CASEFLOW" report --json "$tmp/random.csv" | jq '.dfg | length')
tests_run=$((tests_run + 1))
[ "$pairs" -gt 15000 ] || fail "the random log is not dense: $pairs pairs"

for s in 100/100 100/30 50/100 10/100; do
    a=${s%/*}
    p=${s#*/}
    tests_run=$((tests_run + 1))
    if ! "$CASEFLOW" map --activities "$a" --paths "$p" "$tmp/random.csv" > "$tmp/map.txt"; then
        fail "$s: map failed"
        continue
    fi
    "$CASEFLOW" map --format json --activities "$a" --paths "$p" "$tmp/random.csv" > "$tmp/map.json"
    if ! "$MAPCHECK" < "$tmp/map.json" > "$tmp/check.txt"; then
        fail "$s: $(head -5 "$tmp/check.txt")"
    fi
    check_eq "$s: edges drawn are the paths kept less those left out" \
        "$(jq '.paths.shown - .hidden_paths' "$tmp/map.json")" "$(jq '.edges | length' "$tmp/map.json")"
    case $s in
    100/100 | 50/100)
        check_contains "$s: says it simplified" "map simplified" "$(tail -1 "$tmp/map.txt")"
        check_eq "$s: JSON says so" true "$(jq .simplified "$tmp/map.json")"
        ;;
    esac
done
done_tests
