#!/bin/sh
# The fuzzers' crashers (tests/data/bad/fuzz/TARGET-NAME) and the seed inputs, fed once
# each to the fuzz targets built with a plain main (tests/fuzz/replay.c): none may crash,
# and under the sanitizer build none may touch memory it should not.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
D="$top_srcdir/tests/data"
n=0
for t in csv time playbook theme filter xes snapshot; do
    set --
    for f in "$D"/bad/fuzz/"$t"-*; do
        [ -f "$f" ] && set -- "$@" "$f"
    done
    case $t in
    csv) set -- "$@" "$D"/*.csv "$D"/bad/*.csv ;;
    playbook) set -- "$@" "$top_srcdir/samples/sales.playbook" ;;
    theme) set -- "$@" "$top_srcdir"/themes/*.theme "$D/bad.theme" ;;
    xes) set -- "$@" "$D"/bad/xes-*.xes "$top_srcdir"/tests/fuzz/corpus/xes/*.xes ;;
    snapshot) set -- "$@" "$top_srcdir"/tests/fuzz/corpus/snapshot/*.bin ;;
    esac
    [ $# -gt 0 ] || continue
    n=$((n + $#))
    out=$("$top_builddir/tests/fuzz/replay_$t" "$@" 2>&1)
    check_eq "replay_$t: $# inputs, exit status" 0 "$?"
    check_eq "replay_$t: inputs done" "$#" "$(printf '%s\n' "$out" | grep -c '^ok ')"
done
check_eq "crashers kept" yes "$([ "$(ls "$D"/bad/fuzz | wc -l)" -ge 1 ] && echo yes)"
done_tests
