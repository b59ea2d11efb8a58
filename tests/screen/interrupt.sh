#!/bin/sh
# Ctrl-C in the explorer: while loading (a pipe that has not ended) it stops at once,
# restores the terminal and exits 130; in the loop, the same status. TERM=dumb is
# refused with a message, as an unknown terminal is.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
SALES="$top_srcdir/samples/sales.csv"

# ---- Ctrl-C while the log is still arriving on stdin.
tm kill-server >/dev/null 2>&1
SOCKET="caseflow-test-$$-pipe"
SOCKETS="$SOCKETS $SOCKET"
cat >"$WORK/pipe.sh" <<EOS
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export ASAN_OPTIONS="log_path=$WORK/asan:detect_leaks=0"
stty -g >"$WORK/stty.before"
trap 'true' INT
{ head -c 300000 "$SALES"; sleep 60; } | "$CASEFLOW" - 2>"$WORK/stderr"
echo \$? >"$WORK/status"
stty -g >"$WORK/stty.after"
echo "caseflow exited"
exec sleep 600
EOS
tm new-session -d -s t -x 80 -y 24 "sh $WORK/pipe.sh"
wait_for "Loading (stdin)"
keys C-c
wait_for "caseflow exited"
check_eq "Ctrl-C while loading: exit status" 130 "$(cat "$WORK/status")"
check_eq "Ctrl-C while loading: message" "caseflow: interrupted while loading" "$(cat "$WORK/stderr")"
check_eq "Ctrl-C while loading: terminal modes restored" "$(cat "$WORK/stty.before")" \
    "$(cat "$WORK/stty.after")"
check_eq "Ctrl-C while loading: alternate screen left" 0 \
    "$(tm display-message -p -t t '#{alternate_on}')"

# ---- Ctrl-C in the explorer's loop.
start_caseflow -- "$SALES"
wait_for "3,000/3,000 cases"
keys C-c
wait_for "caseflow exited"
check_eq "Ctrl-C in the loop: exit status" 130 "$(cat "$WORK/status")"
check_eq "Ctrl-C in the loop: terminal modes restored" "$(cat "$WORK/stty.before")" \
    "$(cat "$WORK/stty.after")"
check_no_sanitizer_reports

# ---- TERM=dumb: refused, nothing drawn.
start_caseflow TERM=dumb -- "$SALES"
wait_for "caseflow exited"
check_eq "TERM=dumb: exit status" 1 "$(cat "$WORK/status")"
check_contains "TERM=dumb: message" "terminal type 'dumb' cannot move the cursor" \
    "$(cat "$WORK/stderr")"
done_tests
