#!/bin/sh
# caseflow export: reading an export back gives the same report as the filters on the
# original, for CSV and XES exports of every shared log (CSV and XES sources).
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
[ -d "$DATA" ] || { echo "no shared data in $DATA"; exit 77; }

# Everything but what describes the import itself (file, rows read, rejections).
digest='del(.log, .columns, .timestamps, .rows, .rejected, .rejected_first_lines, .skipped, .wide_events,
            .collapsed, .reshape_note, .text_note, .timezone, .utc_offset_min, .classifiers,
            .classifier, .classifier_note)'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
# Big logs (over 100k events) only with CF_FULL_ROUNDTRIP=1: they take a while.
for src in "$DATA"/*.csv.gz "$DATA"/*.xes "$DATA"/*.xes.gz; do
    [ -f "$src" ] || continue
    base=$(basename "$src")
    case "$base" in
    bpic2011-hospital.* | bpic2012.* | bpic2019-1t.*)
        [ "${CF_FULL_ROUNDTRIP:-0}" = 1 ] || continue ;;
    esac
    n=$((n + 1))
    # A filter that keeps about half the cases, then the whole log.
    for filt in "--case-grep [02468ACEGIKMOQSUWYacegikmoqsuwy]\$" ""; do
        # shellcheck disable=SC2086
        want=$("$CASEFLOW" report --json $filt "$src" | jq -S "$digest") ||
            { fail "$base: report failed"; continue; }
        for fmt in csv xes; do
            out="$tmp/out.$fmt"
            # shellcheck disable=SC2086
            "$CASEFLOW" export $filt "$src" --format "$fmt" -o "$out" 2>"$tmp/err" ||
                { fail "$base ($fmt, $filt): export failed: $(cat "$tmp/err")"; continue; }
            got=$("$CASEFLOW" report --json "$out" | jq -S "$digest")
            check_eq "$base: $fmt export ${filt:-(all)} reads back the same" "$want" "$got"
        done
    done
    # --names xes reads back the same too.
    "$CASEFLOW" export "$src" --names xes -o "$tmp/x.csv" 2>/dev/null
    check_eq "$base: --names xes header" "case:concept:name,concept:name,time:timestamp" \
        "$(head -1 "$tmp/x.csv" | cut -d, -f1-3)"
done
check_eq "logs found in $DATA" yes "$([ $n -ge 10 ] && echo yes || echo "only $n")"
done_tests
