#!/bin/sh
# Time the explorer from keypress to redrawn screen on the 1M-event log (regex filter,
# undo, scrolling, view switches), through CASEFLOW_TIMING in a private tmux server.
# SPDX-License-Identifier: MIT
#
# Usage: bench/tui_keys.sh [BUILD_DIR]     (BUILD_DIR defaults to the current directory)
# Needs tmux. Writes the log with bench/gen1m when BENCH_LOG (default
# /tmp/caseflow-bench-1m.csv) is missing. Prints one line per key: view, key, ms.
# Goal: a regex filter's Enter under 150 ms; scrolling a few ms at most.
set -eu
build=$(cd "${1:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
log=${BENCH_LOG:-/tmp/caseflow-bench-1m.csv}
regex=${BENCH_REGEX:-Proposal.*Negotiation}
command -v tmux >/dev/null || { echo "tui_keys: tmux is needed" >&2; exit 2; }
[ -s "$log" ] || "$here/gen1m" "$build" >"$log"

work=$(mktemp -d)
sock="caseflow-bench-$$"
trap 'tmux -L "$sock" kill-server >/dev/null 2>&1; rm -rf "$work"' EXIT
times="$work/times"
: >"$times"
tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
    "LANG=C.UTF-8 CASEFLOW_TIMING='$times' '$build/caseflow' '$log'; sleep 600"

# Wait until the screen shows the loaded log.
i=0
until tmux -L "$sock" capture-pane -p | grep -q 'cases │'; do
    i=$((i + 1))
    [ $i -lt 600 ] || { echo "tui_keys: the log did not load" >&2; exit 1; }
    sleep 0.1
done

# key K...: send keys, then wait until the timing file has one more line per key
# that redraws (typed text redraws once it stops coming).
# Answers only: "done" lines say when background work ended (bench/explorer.sh reads them).
lines() { grep -vc ' done ' "$times"; }
settle() {
    want=$1
    i=0
    while [ "$(lines)" -lt "$want" ] && [ $i -lt 100 ]; do
        sleep 0.05
        i=$((i + 1))
    done
}
key() {
    n=$(lines)
    tmux -L "$sock" send-keys "$@"
    settle $((n + $#))
}
text() {
    n=$(lines)
    tmux -L "$sock" send-keys -l "$1"
    settle $((n + 1))
}

for v in 1 2 3 4 5 6; do
    for run in 1 2 3; do
        key "$v"
        key /
        text "$regex"
        key Enter
        key j
        key NPage
        key u
    done
done
tmux -L "$sock" send-keys Q

echo "view key ms (keypress to redrawn screen; log: $log, regex: $regex)"
grep -v ' done ' "$times" | sed 's/ busy / /; s/ ms$//'
echo
echo "Enter after the regex (apply the filter, recompute the view, redraw), median per view:"
grep -v ' done ' "$times" | sed 's/ busy / /' | grep ' Enter ' | awk '{v=$1; for (i = 2; i < NF - 2; i++) v = v " " $i; print v "\t" $(NF-1)}' |
    sort -t "$(printf '\t')" -k1,1 -k2,2n |
    awk -F '\t' '{a[$1] = a[$1] " " $2; n[$1]++} END {for (k in a) {split(a[k], x, " "); print "  " k ": " x[int((n[k] + 1) / 2)] " ms"}}'
