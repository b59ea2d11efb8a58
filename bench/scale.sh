#!/bin/sh
# The scale benchmarks of issue 16 at 1M and 10M events, each as a ratio against a
# baseline in the same run, printed beside its goal.
# SPDX-License-Identifier: MIT
#
# Usage: bench/scale.sh [BUILD_DIR]   (after make; needs /usr/bin/time)
# Environment: SIZES (default "1000000 10000000"), RUNS (default 3), BENCH_DIR
# (where the generated logs are kept, default /tmp).
# Figures: report --json against a bare libcsv pass over the same file (bench/csvpass),
# peak bytes per event, .csv.gz against the plain file, a snapshot's open
# (caseflow snapshot, then report on it) against the CSV, and the two-thread parse of
# a plain file against one thread (CASEFLOW_PARALLEL_MIN above the file's size).
set -u
build=${1:-.}
CASEFLOW=$build/caseflow
GEN=$build/samples/gensamples
PASS=$build/bench/csvpass
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-/tmp}
TIME=/usr/bin/time
for x in "$CASEFLOW" "$GEN" "$PASS" "$TIME"; do
    [ -x "$x" ] || { echo "scale: $x not found (make first; apt-get install time)" >&2; exit 2; }
done
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# median_of CMD...: the median wall seconds and the peak KB of RUNS runs, "S KB".
median_of() {
    : >"$tmp/runs"
    i=0
    while [ $i -lt "$RUNS" ]; do
        "$TIME" -f '%e %M' -o "$tmp/t" "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; return 1; }
        tail -n 1 "$tmp/t" >>"$tmp/runs"
        i=$((i + 1))
    done
    sort -n "$tmp/runs" | awk '{ t[NR] = $1; if ($2 > p) p = $2 }
        END { printf "%s %d\n", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2, p }'
}

row() { # name value goal ok
    printf '%-34s %12s   %-14s %s\n' "$1" "$2" "$3" "$4"
}

printf '%-34s %12s   %-14s %s\n' figure value goal result
for n in ${SIZES:-1000000 10000000}; do
    log=$DIR/caseflow-bench-$n.csv
    if [ ! -f "$log" ] || [ "$(wc -l <"$log")" -ne $((n + 1)) ]; then
        "$GEN" bench "$n" >"$log.tmp" && mv "$log.tmp" "$log" || exit 2
    fi
    [ -s "$log.gz" ] && [ "$log.gz" -nt "$log" ] || gzip -1 -c "$log" >"$log.gz"
    "$CASEFLOW" snapshot "$log" -o "$log.cfsnap" 2>/dev/null || exit 1
    set -- $(median_of "$PASS" "$log"); base=$1
    set -- $(median_of "$CASEFLOW" report --json "$log"); rep=$1 peak=$2
    set -- $(median_of "$CASEFLOW" report --json "$log.gz"); gz=$1
    set -- $(median_of "$CASEFLOW" report --json "$log.cfsnap"); snap=$1 speak=$2
    set -- $(median_of env CASEFLOW_PARALLEL_MIN=999999999999999 "$CASEFLOW" report --json "$log")
    one=$1 onepeak=$2
    echo "== $n events"
    awk -v b="$base" -v r="$rep" -v p="$peak" -v g="$gz" -v s="$snap" -v sp="$speak" -v n="$n" \
        -v o="$one" -v op="$onepeak" '
    function row(name, v, goal, ok) { printf "%-34s %12s   %-14s %s\n", name, v, goal, ok ? "ok" : "MISSED" }
    BEGIN {
        row("report --json / bare libcsv pass", sprintf("%.2fx", r / b), "<= 1.0x", r <= b)
        row("peak bytes per event", sprintf("%.0f", p * 1024 / n), "<= 60", p * 1024 / n <= 60)
        row(".csv.gz / plain", sprintf("%.2fx", g / r), "<= 1.2x", g <= 1.2 * r)
        row("report on snapshot / on CSV", sprintf("%.2fx", s / r), "(lower)", 1)
        row("report on snapshot, peak MB", sprintf("%.0f", sp / 1024), "(lower)", 1)
        row("two threads / one thread", sprintf("%.2fx", r / o), "(lower)", 1)
        row("one thread: peak bytes per event", sprintf("%.0f", op * 1024 / n), "<= 60", op * 1024 / n <= 60)
        printf "   (baseline %.2f s, report %.2f s, gz %.2f s, snapshot %.2f s, one thread %.2f s)\n", b, r, g, s, o
    }'
done
