#!/bin/sh
# Time caseflow commands on the 1M-event benchmark log: median wall time and peak memory.
# SPDX-License-Identifier: MIT
#
# Usage: bench/run.sh [BUILD_DIR]    (default: the current directory, i.e. ./caseflow)
# Builds nothing: run make first. Environment:
#   RUNS          runs per command (default 5)
#   BENCH_LOG     the log (default /tmp/caseflow-bench-1m.csv; made when missing or stale)
#   BENCH_EVENTS  its size in events (default 1000000)
#   BENCH_ONLY    run only the benchmarks whose name matches this shell pattern
# Exit status: 0 all ran and met their goals, 1 a command failed or missed a goal,
# 2 usage or setup problem.

# The benchmarks, one per line: name, goal in seconds and in MB of peak memory
# ("-" for none), then the caseflow arguments, split on blanks (no quoting),
# with LOG standing for the benchmark log and BENCHDIR for this script's folder.
# Add an analysis by adding a line.
BENCHES='
report-json    1.0  250  report --json LOG
rework         1.0  250  rework --json LOG
deadends       1.0  250  deadends --json LOG
stages         1.0  250  stages --json LOG
transitions    1.0  250  transitions --json LOG
funnel         1.0  250  funnel --json --stages Prospecting,Qualification,Negotiation/Review LOG
grep-report    1.0  250  report --json --grep Proposal.*Negotiation LOG
grep-rework    1.0  250  rework --json --grep (Proposal.*){2,} LOG
compare        1.0  250  compare --json --outcome outcome=won --versus outcome=lost LOG
check          1.0  250  check --json --playbook BENCHDIR/crm.playbook LOG
map            1.0  250  map --format json LOG
clusters       5.0  400  clusters --json LOG
predict        2.0  400  predict --json --outcome outcome=won --versus outcome=lost LOG
backtest       2.0  400  predict --json --backtest --outcome outcome=won --versus outcome=lost LOG
'

set -u
build=${1:-.}
CASEFLOW=$build/caseflow
GEN=$build/samples/gensamples
RUNS=${RUNS:-5}
LOG=${BENCH_LOG:-/tmp/caseflow-bench-1m.csv}
benchdir=$(cd "$(dirname "$0")" && pwd) # BENCHDIR in the table: files beside this script
EVENTS=${BENCH_EVENTS:-1000000}
TIME=/usr/bin/time

die() {
    echo "bench: $*" >&2
    exit 2
}
[ -x "$TIME" ] || die "$TIME not found: apt-get install time"
[ -x "$CASEFLOW" ] || die "$CASEFLOW not found: pass the build directory, after make"
[ -x "$GEN" ] || die "$GEN not found: pass the build directory, after make"
case "$RUNS" in '' | *[!0-9]* | 0) die "RUNS must be a positive number" ;; esac

tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT INT TERM

# The log is remade when missing, of another size, or not what this generator writes.
stale=yes
if [ -s "$LOG" ] && [ "$(wc -l <"$LOG")" -eq $((EVENTS + 1)) ]; then
    "$GEN" bench "$EVENTS" 2>/dev/null | head -c 65536 >"$tmp/head"
    head -c 65536 "$LOG" | cmp -s - "$tmp/head" && stale=no
fi
if [ $stale = yes ]; then
    echo "generating $LOG ($EVENTS events) ..."
    "$TIME" -f '%e %M' -o "$tmp/gen" "$GEN" bench "$EVENTS" >"$LOG.tmp" ||
        die "generating $LOG failed"
    mv "$LOG.tmp" "$LOG"
    read -r s kb <"$tmp/gen"
    echo "  generated in $s s, peak $((kb / 1024)) MB"
fi

cases=$(cut -d, -f1 "$LOG" | uniq | wc -l)
echo "log: $LOG: $EVENTS events, $((cases - 1)) cases, $(($(wc -c <"$LOG") / 1048576)) MB"
echo "caseflow: $("$CASEFLOW" --version 2>/dev/null | head -n 1) ($CASEFLOW)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
echo "runs: $RUNS each; time = median wall seconds, peak = largest maximum RSS"
echo
printf '%-16s %8s %8s %8s %8s  %-16s %s\n' bench time min max peak_MB goal result
status=0
set -f
while read -r name tgoal mgoal args; do
    case "$name" in '' | \#*) continue ;; esac
    case "$name" in ${BENCH_ONLY:-*}) ;; *) continue ;; esac
    cmd=
    for a in $args; do
        [ "$a" = LOG ] && a=$LOG
        case "$a" in BENCHDIR/*) a=$benchdir/${a#BENCHDIR/} ;; esac
        cmd="$cmd $a"
    done
    : >"$tmp/runs"
    failed=
    i=0
    while [ $i -lt "$RUNS" ]; do
        if ! "$TIME" -f '%e %M' -o "$tmp/t" "$CASEFLOW" $cmd >/dev/null 2>"$tmp/err"; then
            failed=$(tail -n 3 "$tmp/err" | tr '\n' ' ')
            break
        fi
        tail -n 1 "$tmp/t" >>"$tmp/runs"
        i=$((i + 1))
    done
    if [ -n "$failed" ]; then
        printf '%-16s FAILED: caseflow%s: %s\n' "$name" "$cmd" "$failed"
        status=1
        continue
    fi
    sort -n "$tmp/runs" | awk -v name="$name" -v tg="$tgoal" -v mg="$mgoal" '
        { t[NR] = $1; if ($2 > peak) peak = $2 }
        END {
            med = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
            mb = peak / 1024
            goal = (tg == "-" ? "" : "<" tg " s ") (mg == "-" ? "" : "<" mg " MB")
            ok = (tg == "-" || med < tg + 0) && (mg == "-" || mb < mg + 0)
            printf "%-16s %8.2f %8.2f %8.2f %8.0f  %-16s %s\n", name, med, t[1], t[NR], mb,
                goal, ok ? "ok" : "MISSED"
            exit ok ? 0 : 1
        }' || status=1
done <<EOF
$BENCHES
EOF
exit $status
