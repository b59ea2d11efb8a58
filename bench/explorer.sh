#!/bin/sh
# The explorer at scale (issue 16): launch to first screen, and each key's answer and result
# on a generated log (generation included), printed beside the goals.
# SPDX-License-Identifier: MIT
#
# Usage: bench/explorer.sh [BUILD_DIR]   (after make; needs tmux)
# Environment: EVENTS (default 10000000), BENCH_DIR (where the log is kept, default /tmp),
# REGEX (default Proposal.*Negotiation).
# A key is "answered" when the screen has redrawn for it (CASEFLOW_TIMING); its "result" is
# when the background work it started is on the screen (the "done" line), "-" when the
# answer was the result. Goals: launch from CSV under 3 s, every answer under 200 ms.
set -u
build=$(cd "${1:-.}" && pwd)
CASEFLOW=$build/caseflow
GEN=$build/samples/gensamples
EVENTS=${EVENTS:-10000000}
DIR=${BENCH_DIR:-/tmp}
REGEX=${REGEX:-Proposal.*Negotiation}
PLAYBOOK=$(cd "$(dirname "$0")" && pwd)/crm.playbook
for x in "$CASEFLOW" "$GEN"; do
    [ -x "$x" ] || { echo "explorer: $x not found (make first)" >&2; exit 2; }
done
command -v tmux >/dev/null || { echo "explorer: tmux is needed" >&2; exit 2; }
log=$DIR/caseflow-bench-$EVENTS.csv
snap=$DIR/caseflow-bench-$EVENTS.cfsnap
work=$(mktemp -d) || exit 2
sock="caseflow-explorer-$$"
socks=
trap 'for s in $socks; do tmux -L "$s" kill-server >/dev/null 2>&1; done; rm -rf "$work"' EXIT INT TERM
now_ms() { date +%s%3N; }

if [ ! -s "$log" ]; then
    t0=$(now_ms)
    "$GEN" bench "$EVENTS" >"$log" || exit 1
    echo "generated $log ($EVENTS events) in $(($(now_ms) - t0)) ms"
fi
if [ ! -s "$snap" ]; then
    t0=$(now_ms)
    "$CASEFLOW" snapshot "$log" -o "$snap" >/dev/null || exit 1
    echo "wrote the snapshot $snap in $(($(now_ms) - t0)) ms"
fi

screen() { tmux -L "$sock" capture-pane -p; }
busy() { screen | grep -q 'computing\.\.\.\|filtering\.\.\.\|counting\.\.\.\|drawing the map'; }
wait_idle() { # at most 60 s
    i=0
    while busy && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
}

# start FILE: the explorer on FILE (won vs lost set up for Compare); sets first and shown
# to the ms until the first screen and until the first view's result.
starts=0
start() {
    # A server of its own each time: one being killed may still hold its socket.
    tmux -L "$sock" kill-server >/dev/null 2>&1
    starts=$((starts + 1))
    sock="caseflow-explorer-$$-$starts"
    socks="$socks $sock"
    : >"$work/times"
    t0=$(now_ms)
    tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
        "LANG=C.UTF-8 CASEFLOW_TIMING='$work/times' '$CASEFLOW' --outcome outcome=won \
         --versus outcome=lost --playbook '$PLAYBOOK' '$1'; sleep 600"
    i=0
    until screen 2>/dev/null | grep -q 'cases │'; do
        i=$((i + 1))
        if [ $i -ge 6000 ] || ! tmux -L "$sock" has-session 2>/dev/null; then
            echo "explorer: $1 did not load" >&2
            return 1
        fi
        sleep 0.01
    done
    first=$(($(now_ms) - t0))
    wait_idle
    shown=$(($(now_ms) - t0))
}

printf '%-40s %10s %10s   %s\n' "step" "answer" "result" "goal"
row() { # step answer result goal
    printf '%-40s %10s %10s   %s\n' "$1" "$2" "$3" "$4"
}
start "$log" || exit 1
row "launch from CSV: first screen, map" "$first ms" "$shown ms" \
    "< 3000 ms: $([ "$first" -lt 3000 ] && echo met || echo MISSED)"
start "$snap" || exit 1
row "launch from a snapshot" "$first ms" "$shown ms" "-"

# key NAME KEYS...: send keys (T:text is typed), wait for the answer and, when the answer
# left work to the worker ("busy"), for its result ("done").
key() {
    name=$1
    shift
    n=$(grep -vc ' done ' "$work/times")
    d=$(grep -c ' done ' "$work/times")
    for k in "$@"; do
        case $k in
        T:*) tmux -L "$sock" send-keys -l "${k#T:}" ;;
        *) tmux -L "$sock" send-keys "$k" ;;
        esac
    done
    i=0
    while [ "$(grep -vc ' done ' "$work/times")" -le "$n" ] && [ $i -lt 1200 ]; do
        sleep 0.02
        i=$((i + 1))
    done
    # Typed text and Enter: the answer to the last key, once no answer has come for 0.5 s.
    m=-1
    while [ "$(grep -vc ' done ' "$work/times")" -ne "$m" ]; do
        m=$(grep -vc ' done ' "$work/times")
        sleep 0.5
    done
    last=$(grep -v ' done ' "$work/times" | tail -n 1)
    res=-
    if echo "$last" | grep -q ' busy '; then
        i=0
        while [ "$(grep -c ' done ' "$work/times")" -le "$d" ] && [ $i -lt 3000 ]; do
            sleep 0.02
            i=$((i + 1))
        done
        res="$(grep ' done ' "$work/times" | tail -n 1 | awk '{print $(NF-1)}') ms"
    fi
    ans=$(echo "$last" | awk '{print $(NF-1)}')
    ok=$(awk -v a="$ans" 'BEGIN { print (a < 200) ? "met" : "MISSED" }')
    row "$name" "$ans ms" "$res" "< 200 ms: $ok"
}
key "2 first visit of Variants" 2
key "/ regex typed (live count)" / "T:$REGEX"
key "Enter: the filter (Variants)" Enter
key "u undo (Variants)" u
key "8 first visit of Compare" 8
key "/ regex, Enter (Compare)" / "T:$REGEX" Enter
key "u undo (Compare)" u
key "3 first visit of Cases" 3
key "4 first visit of Stages" 4
key "5 first visit of Rework" 5
key "6 first visit of Dead ends" 6
key "1 back to the Map" 1
key "] activities slider" ]
key "[ activities slider back" [
key "} paths slider" "}"
key "/ regex, Enter (Map)" / "T:$REGEX" Enter
key "u undo (Map)" u
key "o the won/lost overlay (Map)" o
key "o the overlay off" o
key "0 first visit of Stats" 0
key "9 first visit of Conformance" 9
key "O first visit of Outlook" O
key "/ regex, Enter (Stats)" 0 / "T:$REGEX" Enter
key "u undo (Stats)" u
tmux -L "$sock" send-keys Q
